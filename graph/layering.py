"""Layering, the first step of a layered drawing (see :mod:`graph.layout`): a column
for each node that takes part in a prerequisite, every prerequisite left of what
needs it (cycles aside: the nodes of a cycle share a column).

:func:`longest_path_layers` is the plain choice (the naive yardstick's);
:func:`layers` then moves each node towards the median column of its neighbours;
:func:`least_length_layers` finds the columns of least total edge length, as
graphviz's ``dot``; :func:`shorten_edges` shortens edges by promoting nodes. Each
takes a networkx ``DiGraph`` and returns ``{node: column}``, columns counted from 0,
nodes without an edge left out. networkx is imported where first needed.
"""

from __future__ import annotations

from collections.abc import Mapping


def longest_path_layers(g) -> dict:
    """Column of each node that takes part in a prerequisite: the length of the
    longest prerequisite chain above it. Nodes of a cycle share a column. Nodes with
    no edge are left out.

    >>> import networkx as nx
    >>> sorted(longest_path_layers(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")])).items())
    [('a', 0), ('b', 1), ('c', 2), ('d', 0)]
    """
    import networkx as nx

    cond = nx.condensation(g)
    column: dict[int, int] = {}
    for scc in nx.topological_sort(cond):
        column[scc] = max((column[p] + 1 for p in cond.pred[scc]), default=0)
    out = {}
    for scc, members in cond.nodes(data="members"):
        if len(members) > 1 or cond.succ[scc] or cond.pred[scc]:
            for m in members:
                out[m] = column[scc]
    return {n: out[n] for n in g if n in out}


def layers(g) -> dict:
    """Column of each node that takes part in a prerequisite, every edge pointing
    right (cycles aside: their nodes share a column).

    Starts from the longest path (:func:`longest_path_layers`), then moves each node,
    within the room its neighbours leave, to the median column of its neighbours: a
    concept that is only a prerequisite sits just before what first needs it, and
    long edges get shorter. Linear per pass.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "d")])
    >>> layers(g)
    {'a': 0, 'b': 1, 'c': 2, 'd': 3, 'x': 2}
    """
    import networkx as nx

    if nx.is_directed_acyclic_graph(g):  # most graphs: no condensation to build
        dag, members = g, None
    else:
        dag = nx.condensation(g)
        members = dag.graph["mapping"]
    pred, succ = dag.pred, dag.succ
    order = [n for n in nx.topological_sort(dag) if pred[n] or succ[n] or (members is not None and len(dag.nodes[n]["members"]) > 1)]
    column: dict = {}
    for n in order:
        column[n] = max((column[p] + 1 for p in pred[n]), default=0)
    for _ in range(4):
        moved = False
        for n in reversed(order):
            if not succ[n]:  # a sink stays where the longest path put it
                continue
            high = min(column[s] for s in succ[n]) - 1
            if not pred[n]:  # only a prerequisite: just before what first needs it
                best = high
            else:
                low = max(column[p] for p in pred[n]) + 1
                around = sorted([column[p] for p in pred[n]] + [column[s] for s in succ[n]])
                k = len(around)
                want = around[(k - 1) // 2] if k % 2 else (around[k // 2 - 1] + around[k // 2] + 1) // 2
                best = min(max(want, low), high)
            if best != column[n]:
                column[n] = best
                moved = True
        if not moved:
            break
    if members is None:
        return {n: column[n] for n in g if n in column}
    return {n: column[members[n]] for n in g if members[n] in column}


def least_length_layers(g) -> dict | None:
    """Columns with the least total edge length (in columns), as graphviz's ``dot``
    layers, for a graph without cycles (None otherwise).

    The layering LP (minimise the sum of column[b] - column[a] over edges, each at
    least 1) is solved through its dual, a min-cost flow that networkx's network
    simplex solves: a flow on the edges, -1 per unit, each node's demand its in-degree
    less its out-degree. Complementary slackness gives the columns: every edge the
    flow uses is exactly one column long; Bellman-Ford finds columns that keep those
    and every other edge pointing right. Nodes with no edge are left out.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "d")])
    >>> sorted(least_length_layers(g).items())
    [('a', 0), ('b', 1), ('c', 2), ('d', 3), ('x', 2)]
    """
    import networkx as nx

    if not nx.is_directed_acyclic_graph(g):
        return None
    flow_graph = nx.DiGraph()
    flow_graph.add_edges_from(((a, b) for a, b in g.edges if a != b), weight=-1)
    if not flow_graph.number_of_edges():
        return {}
    for n in flow_graph:
        flow_graph.nodes[n]["demand"] = flow_graph.in_degree(n) - flow_graph.out_degree(n)
    _, flow = nx.network_simplex(flow_graph)
    # column[b] >= column[a] + 1 for every edge, == where the flow runs: longest paths
    # in these constraints (shortest, with weights negated), from a common start.
    constraints = nx.DiGraph()
    start = object()
    constraints.add_edges_from(((start, n) for n in flow_graph), weight=0)
    for a, b in flow_graph.edges:
        constraints.add_edge(a, b, weight=-1)
        if flow[a][b] > 0:
            constraints.add_edge(b, a, weight=1)
    distance = nx.single_source_bellman_ford_path_length(constraints, start)
    low = max(distance[n] for n in flow_graph)
    return {n: round(low - distance[n]) for n in g if n in flow_graph}


def shorten_edges(g, column: Mapping, *, passes: int = 4, reach: int = 400) -> dict:
    """Columns with shorter edges in all (fewer virtual points to order, fewer long
    edges to read): moves a node one column right, or left, pushing the neighbours it
    would bump into, whenever that shortens the edges in total (promotion, after
    Nikolov and Tarassov, "Graph layering by promotion of nodes", both ways). A move
    that would push more than ``reach`` nodes is not tried. For a graph without cycles
    (``column`` is returned as it is otherwise).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "y"), ("y", "d")])
    >>> column = longest_path_layers(g)
    >>> sorted(column.items()), sorted(shorten_edges(g, column).items())
    ([('a', 0), ('b', 1), ('c', 2), ('d', 3), ('x', 0), ('y', 1)], [('a', 0), ('b', 1), ('c', 2), ('d', 3), ('x', 1), ('y', 2)])
    """
    import networkx as nx

    if not nx.is_directed_acyclic_graph(g):
        return dict(column)
    col = dict(column)
    succ, pred = g.succ, g.pred
    order = sorted(col, key=lambda n: col[n])

    def attempt(v, step: int) -> bool:
        ahead, behind = (succ, pred) if step > 0 else (pred, succ)
        moved: list = []
        stack = [v]
        gain = 0
        seen_at: dict = {}
        # depth first, as the recursive definition: push what is in the way, then move
        while stack:
            x = stack.pop()
            if x is None:
                x = stack.pop()
                moved.append(x)
                col[x] += step
                gain += len(behind[x]) - len(ahead[x])
                continue
            if len(moved) + len(stack) > reach:
                for m in moved:
                    col[m] -= step
                return False
            if seen_at.get(x) == col[x]:
                continue
            seen_at[x] = col[x]
            stack.extend((x, None))
            stack.extend(w for w in ahead[x] if col[w] == col[x] + step)
        if gain < 0 and min(col[m] for m in moved) >= 0:
            return True
        for m in moved:
            col[m] -= step
        return False

    for _ in range(passes):
        improved = False
        for v in order:
            if succ[v] and attempt(v, 1):
                improved = True
        for v in reversed(order):
            if pred[v] and attempt(v, -1):
                improved = True
        if not improved:
            break
    low = min(col.values(), default=0)
    return {n: c - low for n, c in col.items()}
