"""Layered drawings of a prerequisite graph, computed in Python so that the same graph
gives the same page on every machine.

The pipeline is the classic one (Sugiyama et al.; Gansner et al., "A technique for
drawing directed graphs", the paper behind graphviz's ``dot``), kept small:

1. :func:`layers`: a column for each concept, every prerequisite left of what needs
   it (longest path, then each concept moved to the median column of its neighbours
   where its neighbours allow, which shortens long edges); :func:`shorten_edges`
   shortens them further by promoting nodes, pushing what they bump into;
2. :func:`order_layers`: the order within each column, with a virtual point per
   column an edge passes, by alternate median/barycentre sweeps and transpositions of
   neighbours, keeping the order with the fewest crossings;
3. :func:`coordinates`: heights that keep that order, straighten edges and keep
   concepts ``row_gap`` apart.

:func:`layered_layout` runs the three on a networkx ``DiGraph`` (cycles allowed: the
concepts of a cycle share a column), with less effort as graphs grow (see
:data:`POINTS_UP_TO`), and places the concepts that take no part in a prerequisite
beside a concept they relate to. :func:`naive_layout` is the yardstick
the issue that asked for this defined, and :func:`count_crossings` counts crossings of
straight edges between drawn positions. Everything is deterministic: ties are broken
by a rank (book order), never by hashing or the clock.

>>> import networkx as nx
>>> g = nx.DiGraph([("a", "c"), ("b", "d"), ("a", "d"), ("b", "c")])
>>> positions = layered_layout(g)
>>> positions["a"][0] < positions["c"][0]
True
>>> count_crossings(g.edges, positions) <= count_crossings(g.edges, naive_layout(g))
True
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Mapping

#: Spacing in canvas pixels: between columns, between concepts in a column, and
#: between sub-columns of a column too tall to read (wrapped).
LAYER_GAP = 220
ROW_GAP = 72
COLUMN_GAP = 170
#: Room an edge passing through a column takes (a virtual point of the ordering).
PASS_GAP = 26

#: Ordering sweeps, and how many concepts and virtual points are worth transpositions
#: (quadratic in a column's degree; the 10,000-concept benchmark must stay in budget).
SWEEPS = 12
TRANSPOSE_UP_TO = 60_000
#: Up to this many points (concepts plus the columns their edges pass), the layout
#: gets the full treatment (shorter edges, SWEEPS sweeps with transpositions, straight
#: heights); up to LIGHT_POINTS_UP_TO, LIGHT_SWEEPS sweeps and evenly spaced heights
#: (the 10,000-concept benchmark graph has 176,000 points); beyond, the order is found
#: without virtual points (:func:`order_direct`).
POINTS_UP_TO = 40_000
#: Up to this many points, each way of choosing columns is ordered, and the one whose
#: straight edges cross least is kept.
TRY_EACH_UP_TO = 2_000
#: Up to this many concepts in prerequisites, columns of least total edge length
#: (:func:`least_length_layers`: 0.1 s for the 1,000-concept benchmark graph, 2 s for
#: the 10,000-concept one, too slow for its budget).
LEAST_LENGTH_UP_TO = 3_000
LIGHT_POINTS_UP_TO = 400_000
LIGHT_SWEEPS = 1

Node = Hashable


# ----------------------------------------------------------------------------- layers


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


# ----------------------------------------------------------------------------- ordering


class _Layered:
    """The proper layered graph: real nodes and one virtual point per column an edge
    passes, indexed by integers, with the edges between adjacent columns."""

    def __init__(self, edges: Iterable[tuple], column: Mapping, rank: Mapping):
        name: list = sorted(column, key=lambda n: (column[n], rank[n]))
        index: dict = {n: i for i, n in enumerate(name)}
        at: list[int] = [column[n] for n in name]
        is_real = [True] * len(name)
        up: list[list[int]] = [[] for _ in name]  # neighbours one column left
        down: list[list[int]] = [[] for _ in name]  # neighbours one column right
        for a, b in edges:
            ca, cb = column.get(a), column.get(b)
            if ca is None or cb is None or ca == cb:
                continue
            if ca > cb:  # an edge of a cycle that points left
                a, b, ca, cb = b, a, cb, ca
            previous = index[a]
            if cb - ca > 1:
                first = len(name)
                points = list(range(first, first + cb - ca - 1))
                name.extend([None] * len(points))
                is_real.extend([False] * len(points))
                at.extend(range(ca + 1, cb))
                for v in points:
                    up.append([previous])
                    down.append([])
                    down[previous].append(v)
                    previous = v
            down[previous].append(index[b])
            up[index[b]].append(previous)
        self.name, self.index, self.column, self.is_real, self.up, self.down = name, index, at, is_real, up, down
        self.fixed = [False] * len(name)  # nodes that keep their order (steps of a plan)
        width = max(at, default=-1) + 1
        self.rows: list[list[int]] = [[] for _ in range(width)]
        for v, c in enumerate(at):
            self.rows[c].append(v)

    @classmethod
    def of_rows(cls, rows: list[list]):
        """Real nodes only, in the given columns and order (no edges): ``(lg, rows)``."""
        lg = cls((), {}, {})
        index_rows = []
        for c, members in enumerate(rows):
            row = []
            for n in members:
                lg.index[n] = len(lg.name)
                row.append(len(lg.name))
                lg.name.append(n)
                lg.is_real.append(True)
                lg.column.append(c)
                lg.up.append([])
                lg.down.append([])
                lg.fixed.append(False)
            index_rows.append(row)
        return lg, index_rows


def _crossings_between(upper: list[int], lower_neighbours: Callable, position: list[int]) -> int:
    """Crossings between two adjacent columns: inversions among the edges sorted by
    their upper end (Barth, Jünger and Mutzel's accumulator tree, here a Fenwick tree)."""
    ends = []
    for u in upper:
        ends.extend(sorted(position[w] for w in lower_neighbours(u)))
    if len(ends) < 2:
        return 0
    size = max(ends) + 2
    tree = [0] * (size + 1)
    count = 0
    seen = 0
    for e in ends:
        # how many earlier edges end strictly below this one
        i, below = e + 1, 0
        while i > 0:
            below += tree[i]
            i -= i & -i
        count += seen - below
        i = e + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
        seen += 1
    return count


def _total_crossings(lg: _Layered, rows: list[list[int]], position: list[int]) -> int:
    down = lg.down
    return sum(_crossings_between(rows[c], down.__getitem__, position) for c in range(len(rows) - 1))


def _median(values: list[float]) -> float:
    """Gansner's weighted median of sorted positions."""
    n = len(values)
    m = n // 2
    if n % 2:
        return values[m]
    if n == 2:
        return (values[0] + values[1]) / 2
    left, right = values[m - 1] - values[0], values[-1] - values[m]
    if left + right == 0:
        return (values[m - 1] + values[m]) / 2
    return (values[m - 1] * right + values[m] * left) / (left + right)


def _sweep(lg: _Layered, rows, position, downward: bool, use_median: bool) -> None:
    columns = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
    neighbours = lg.up if downward else lg.down
    for c in columns:
        row = rows[c]
        keyed = []
        for v in row:
            around = neighbours[v]
            if len(around) == 1:  # most points: a virtual point of a long edge
                key = position[around[0]]
            elif not around:
                key = position[v]  # keeps its place
            else:
                ps = sorted([position[w] for w in around])
                key = _median(ps) if use_median else sum(ps) / len(ps)
            keyed.append((key, position[v], v))
        keyed.sort()
        order = [v for _, _, v in keyed]
        fixed = lg.fixed
        if any(fixed[v] for v in row):  # the fixed ones take their slots in their order
            kept = iter(v for v in row if fixed[v])
            order = [next(kept) if fixed[v] else v for v in order]
        row[:] = order
        for i, v in enumerate(row):
            position[v] = i


def _pair_crossings(a: int, b: int, lg: _Layered, position) -> int:
    """Crossings among the edges of a and b when a is above b (both directions)."""
    count = 0
    for side in (lg.up, lg.down):
        pb = sorted(position[w] for w in side[b])
        if not pb:
            continue
        for w in side[a]:
            count += bisect.bisect_left(pb, position[w])
    return count


def _transpose(lg: _Layered, rows, position) -> None:
    improved = True
    rounds = 0
    while improved and rounds < 8:
        improved = False
        rounds += 1
        for row in rows:
            for i in range(len(row) - 1):
                a, b = row[i], row[i + 1]
                if lg.fixed[a] and lg.fixed[b]:
                    continue
                if _pair_crossings(a, b, lg, position) > _pair_crossings(b, a, lg, position):
                    row[i], row[i + 1] = b, a
                    position[a], position[b] = i + 1, i
                    improved = True


def order_layers(g, column: Mapping, rank: Mapping | None = None, *, sweeps: int = SWEEPS, transpose: bool = True,
                 keep_best: bool = True, fixed=()):
    """The order within each column that crosses few edges: ``(lg, rows)`` where
    ``rows[c]`` lists the indices of ``lg`` (a :class:`_Layered`) top to bottom.

    Starts in ``rank`` order (default: the nodes' order in ``g``), then alternates
    downward and upward sweeps, by median and by barycentre, each followed by
    transpositions of neighbours (``transpose``), and keeps the best order seen
    (``keep_best``: counting crossings after each sweep costs as much as a sweep).
    The nodes in ``fixed`` keep their ``rank`` order within their column; the others
    and the virtual points move around them.
    """
    if rank is None:
        rank = {n: i for i, n in enumerate(g)}
    lg = _Layered(g.edges, column, rank)
    for n in fixed:
        if n in lg.index:
            lg.fixed[lg.index[n]] = True
    rows = [list(r) for r in lg.rows]
    position = [0] * len(lg.name)
    # A first downward pass by barycentre from the rank order gives a sane start.
    for row in rows:
        for i, v in enumerate(row):
            position[v] = i
    _sweep(lg, rows, position, True, False)
    transpose = transpose and len(lg.name) <= TRANSPOSE_UP_TO
    if not keep_best:
        for i in range(sweeps):
            _sweep(lg, rows, position, i % 2 == 1, i % 4 < 2)
            if transpose:
                _transpose(lg, rows, position)
        return lg, rows
    best = _total_crossings(lg, rows, position)
    best_rows = [list(r) for r in rows]
    for i in range(sweeps):
        _sweep(lg, rows, position, i % 2 == 1, i % 4 < 2)
        if transpose:
            _transpose(lg, rows, position)
        crossings = _total_crossings(lg, rows, position)
        if crossings < best:
            best, best_rows = crossings, [list(r) for r in rows]
        elif crossings > best and i % 4 == 3:  # drifted: start again from the best
            rows = [list(r) for r in best_rows]
            for row in rows:
                for k, v in enumerate(row):
                    position[v] = k
    return lg, best_rows


# ----------------------------------------------------------------------------- coordinates


def _isotonic(targets: list[float], gaps: list[float], weights: list[float]) -> list[float]:
    """Heights closest (least squares) to ``targets`` keeping the order and at least
    ``gaps[i]`` between items i and i+1: pool adjacent violators on the targets less
    the cumulative gaps.

    >>> _isotonic([0, 0, 100], [10, 10], [1, 1, 1])
    [-5.0, 5.0, 100.0]
    """
    offset = [0.0]
    for gap in gaps:
        offset.append(offset[-1] + gap)
    blocks: list[list[float]] = []  # [mean, weight, count]
    for t, o, w in zip(targets, offset, weights):
        blocks.append([t - o, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks[-1]
            blocks[-1] = [(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2]
    out = []
    for mean, _, n in blocks:
        out.extend([mean] * n)
    return [z + o for z, o in zip(out, offset)]


def order_direct(g, column: Mapping, rank: Mapping, *, sweeps: int = 8, row_gap: float = ROW_GAP) -> list[list]:
    """A cheaper order for big graphs: no virtual points; each node sorted by the mean
    height of its neighbours in any column left of it (downward sweeps) or right of it
    (upward), every column evenly spaced and centred. Linear per sweep, up to sorting.
    """
    width = max(column.values(), default=-1) + 1
    rows: list[list] = [[] for _ in range(width)]
    for n in sorted(column, key=lambda n: rank[n]):
        rows[column[n]].append(n)
    y: dict = {}

    def place(row):
        middle = (len(row) - 1) / 2
        for i, n in enumerate(row):
            y[n] = (i - middle) * row_gap

    for row in rows:
        place(row)
    pred, succ = g.pred, g.succ
    for i in range(sweeps):
        downward = i % 2 == 0
        for c in (range(1, width) if downward else range(width - 2, -1, -1)):
            row = rows[c]
            keys = {}
            for n in row:
                around = [y[m] for m in (pred[n] if downward else succ[n]) if m in column and column[m] != c]
                keys[n] = sum(around) / len(around) if around else y[n]
            row.sort(key=lambda n: (keys[n], y[n]))
            place(row)
    return rows


def coordinates(lg: _Layered, rows, *, row_gap: float = ROW_GAP, pass_gap: float = PASS_GAP, rounds: int = 6):
    """Heights for every point of ``lg`` that keep the order of ``rows``: each column
    in turn pulled towards its neighbours' heights (left, then right, then both), with
    real nodes ``row_gap`` apart and virtual points ``pass_gap``."""
    y = [0.0] * len(lg.name)
    real = lg.is_real

    def gap(a, b):
        return row_gap if real[a] and real[b] else (pass_gap if not real[a] and not real[b] else (row_gap + pass_gap) / 2)

    gaps = []
    for row in rows:
        g = [gap(a, b) for a, b in zip(row, row[1:])]
        gaps.append(g)
        total = sum(g)
        h = -total / 2
        for i, v in enumerate(row):
            y[v] = h
            if i < len(g):
                h += g[i]
    up, down = lg.up, lg.down
    for r in range(rounds):
        direction = r % 3  # 0: from the left, 1: from the right, 2: both
        columns = range(len(rows)) if direction != 1 else range(len(rows) - 1, -1, -1)
        for c in columns:
            row = rows[c]
            if not row:
                continue
            targets, weights = [], []
            for v in row:
                around = up[v] if direction == 0 else down[v] if direction == 1 else up[v] + down[v]
                if around:
                    targets.append(sum(y[w] for w in around) / len(around))
                    # virtual points follow their edge more strictly: straight long edges
                    weights.append(len(around) * (1 if real[v] else 4))
                else:
                    targets.append(y[v])
                    weights.append(0.5)
            placed = _isotonic(targets, gaps[c], weights)
            for v, h in zip(row, placed):
                y[v] = h
    return y


# ----------------------------------------------------------------------------- the whole layout


def _wrap(members: list, x: float, max_rows: int, row_gap: float, column_gap: float):
    """Positions of a column wrapped into sub-columns of at most ``max_rows``, filled
    top to bottom then left to right, each centred; and the x after it."""
    import math

    columns = max(1, math.ceil(len(members) / max_rows))
    rows = math.ceil(len(members) / columns) if members else 0
    out = {}
    for i, n in enumerate(members):
        column, row = divmod(i, rows)
        in_column = min(rows, len(members) - column * rows)
        out[n] = (x + column * column_gap, (row - (in_column - 1) / 2) * row_gap)
    return out, x + (columns - 1) * column_gap


def grid_columns(columns: list[list], *, layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP,
                 column_gap: float = COLUMN_GAP, max_rows: int = 12) -> dict:
    """Positions for columns given in order, each read top down; a column taller than
    ``max_rows`` wraps into sub-columns, so an item never sits left of one listed
    before it.

    >>> grid_columns([["a", "b"], ["c"]])
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 0)}
    """
    out = {}
    x = 0.0
    for members in columns:
        placed, last = _wrap(members, x, max_rows, row_gap, column_gap)
        out.update(placed)
        x = last + layer_gap
    return {n: (round(px), round(py)) for n, (px, py) in out.items()}


def layered_layout(g, related: Iterable[tuple] = (), rank: Mapping | None = None, *,
                   layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP, column_gap: float = COLUMN_GAP,
                   max_rows: int | None = None) -> dict:
    """Positions ``{node: (x, y)}`` (integers, canvas pixels) of every node of ``g``.

    The nodes that take part in an edge of ``g`` are drawn in layers (:func:`layers`,
    :func:`order_layers`, :func:`coordinates`). A node with no edge in ``g`` but a
    pair in ``related`` (undirected pairs, e.g. other relations) goes next to the
    first node it relates to, breadth first, just below it; the rest fill a last
    column, wrapped every ``max_rows`` (default about 1.2 sqrt(n)). Ties follow
    ``rank`` (default: the order of ``g``).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b")]); g.add_nodes_from(["c", "d"])
    >>> layered_layout(g, related=[("c", "a")])
    {'a': (0, -36), 'b': (220, -36), 'c': (0, 36), 'd': (440, 0)}
    """
    import math

    if rank is None:
        rank = {n: i for i, n in enumerate(g)}
    if max_rows is None:
        max_rows = max(12, math.ceil(1.2 * math.sqrt(max(1, len(g)))))
    column, lg, rows, rounds = _ordered_layers(g, rank, row_gap)
    # Concepts without prerequisites go beside what they relate to, just below it.
    rows = _hang_below(lg, rows, _attachments(related, rank, set(column)))
    y = coordinates(lg, rows, row_gap=row_gap, rounds=rounds)
    out = {}
    for c, row in enumerate(rows):
        for v in row:
            if lg.is_real[v]:
                out[lg.name[v]] = (c * layer_gap, y[v])
    rest = sorted((n for n in g if n not in out), key=rank.__getitem__)
    if rest:
        x = len(rows) * layer_gap if rows else 0
        wrapped, _ = _wrap(rest, x, max_rows, row_gap, column_gap)
        out.update(wrapped)
    return {n: (round(out[n][0]), round(out[n][1])) for n in g}


def _ordered_layers(g, rank: Mapping, row_gap: float) -> tuple[dict, _Layered, list[list[int]], int]:
    """The columns of the nodes of ``g`` that take part in an edge, ordered down each
    column: ``(column, lg, rows, rounds)``, ``rounds`` being the straightening rounds
    :func:`coordinates` is worth for them. Assumes ``rank`` ranks every node of ``g``.

    The effort each part gets, by size, so the 10,000-concept benchmark graph is
    written in a few seconds (counted in points: concepts plus the columns edges pass;
    never in seconds, so every machine gives the same layout).
    """
    column = layers(g)

    def points():
        return len(column) + sum(abs(column[b] - column[a]) - 1 for a, b in g.edges if a in column and b in column)

    least = least_length_layers(g) if len(column) <= LEAST_LENGTH_UP_TO else None
    if points() <= TRY_EACH_UP_TO:
        # Small: order each columning, keep the one whose straight edges cross least.
        tried = []
        for columns in (column, shorten_edges(g, column), least):
            if columns is None:
                continue
            lg, rows = order_layers(g, columns, rank)
            y = coordinates(lg, rows, row_gap=row_gap)
            drawn = {lg.name[v]: (c, y[v]) for c, row in enumerate(rows) for v in row if lg.is_real[v]}
            tried.append((count_crossings(g.edges, drawn), lg, rows))
        _, lg, rows = min(tried, key=lambda t: t[0])
        return column, lg, rows, 6
    column = least if least is not None else column
    if points() <= POINTS_UP_TO:
        if least is None:
            column = shorten_edges(g, column)
        lg, rows = order_layers(g, column, rank)
        return column, lg, rows, 6
    if points() <= LIGHT_POINTS_UP_TO:
        lg, rows = order_layers(g, column, rank, sweeps=LIGHT_SWEEPS, transpose=False, keep_best=False)
        return column, lg, rows, 0
    lg, rows = _Layered.of_rows(order_direct(g, column, rank))
    return column, lg, rows, 0


def _attachments(related: Iterable[tuple], rank: Mapping, placed: set) -> dict:
    """``{anchor: [nodes hung below it, in order]}``: each node of ``rank`` not in
    ``placed`` but related (``related``: undirected pairs) to one that is, or to one
    attached in turn, goes below the first it relates to, breadth first from the
    ``placed`` nodes in ``rank`` order. ``placed`` is extended with those attached."""
    neighbours: dict = {}
    for a, b in related:
        if a != b:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    for n in neighbours:
        neighbours[n].sort(key=rank.__getitem__)
    attached: dict = {}
    frontier = sorted(placed, key=rank.__getitem__)
    while frontier:
        following = []
        for n in frontier:
            for m in neighbours.get(n, ()):
                if m not in placed and m in rank:
                    placed.add(m)
                    attached.setdefault(n, []).append(m)
                    following.append(m)
        frontier = following
    return attached


def _hang_below(lg: _Layered, rows: list[list[int]], attached: dict) -> list[list[int]]:
    """``rows`` with the ``attached`` nodes (see :func:`_attachments`) added to ``lg``
    as real nodes without edges, each right below its anchor (depth first, in order)."""
    index = lg.index
    extended_rows = []
    for row in rows:
        new_row = []
        for v in row:
            new_row.append(v)
            name = lg.name[v]
            if lg.is_real[v] and name in attached:
                stack = list(attached[name])
                while stack:
                    m = stack.pop(0)
                    k = len(lg.name)
                    lg.name.append(m)
                    lg.is_real.append(True)
                    lg.column.append(lg.column[v])
                    lg.up.append([])
                    lg.down.append([])
                    lg.fixed.append(False)
                    index[m] = k
                    new_row.append(k)
                    stack[0:0] = attached.get(m, [])
        extended_rows.append(new_row)
    return extended_rows


def columns_layout(g, columns: list[list], *, fixed=(), layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP) -> dict:
    """Positions for nodes whose columns are given (``columns``, left to right, each
    top down): the nodes in ``fixed`` keep that order in their column, the others
    (and the edges' virtual points) are ordered to cross little, and heights are
    straightened as in :func:`layered_layout`. Edges of ``g`` may point either way.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "d"), ("b", "c")])
    >>> columns_layout(g, [["a", "b"], ["c", "d"]], fixed={"a", "b", "c", "d"})
    {'a': (0, -36), 'b': (0, 36), 'c': (220, -36), 'd': (220, 36)}
    >>> columns_layout(g, [["a", "b"], ["c", "d"]], fixed={"a", "b"})
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 36), 'd': (220, -36)}
    """
    column = {n: c for c, members in enumerate(columns) for n in members}
    rank = {n: i for members in columns for i, n in enumerate(members)}
    sub = g.subgraph(column)
    lg, rows = order_layers(sub, column, rank, fixed=fixed)
    y = coordinates(lg, rows, row_gap=row_gap)
    out = {lg.name[v]: (round(c * layer_gap), round(y[v])) for c, row in enumerate(rows) for v in row if lg.is_real[v]}
    return {n: out[n] for members in columns for n in members}


def naive_layout(g, *, layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP) -> dict:
    """The yardstick of issue 14: only the nodes that take part in an edge; column =
    the longest chain above the node (:func:`longest_path_layers`); within a column,
    names in alphabetical order, evenly spaced and centred.

    >>> import networkx as nx
    >>> naive_layout(nx.DiGraph([("b", "c"), ("a", "c")]))
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 0)}
    """
    column = longest_path_layers(g)
    by_column: dict[int, list] = {}
    for n in sorted(column, key=str):
        by_column.setdefault(column[n], []).append(n)
    out = {}
    for c, members in by_column.items():
        for i, n in enumerate(members):
            out[n] = (round(c * layer_gap), round((i - (len(members) - 1) / 2) * row_gap))
    return out


# ----------------------------------------------------------------------------- measuring


def count_crossings(edges: Iterable[tuple], positions: Mapping) -> int:
    """How many pairs of edges cross, each drawn as a straight segment between its
    ends' positions. Edges with an end missing from ``positions``, and vertical edges,
    are left out; segments that meet only at a shared end do not cross.

    Works column gap by column gap: between two neighbouring x values where nodes
    sit, two segments that span the gap cross inside it exactly when their order at
    the gap's two sides differs; counted as inversions (n log n per gap). Two that
    pass through one point of a column line (away from their ends) with different
    slopes cross there, and are counted too.

    >>> count_crossings([("a", "d"), ("b", "c")], {"a": (0, 0), "b": (0, 10), "c": (10, 0), "d": (10, 10)})
    1
    >>> count_crossings([("a", "c"), ("a", "d")], {"a": (0, 0), "c": (10, 0), "d": (10, 10)})
    0
    """
    segments = []
    xs = set()
    for a, b in edges:
        if a not in positions or b not in positions:
            continue
        (x1, y1), (x2, y2) = positions[a], positions[b]
        if x1 == x2:
            continue
        if x1 > x2:
            x1, y1, x2, y2 = x2, y2, x1, y1
        segments.append((x1, y1, x2, y2))
        xs.add(x1)
        xs.add(x2)
    columns = sorted(xs)
    gap_of = {x: i for i, x in enumerate(columns)}
    spans: list[list] = [[] for _ in range(max(0, len(columns) - 1))]
    for x1, y1, x2, y2 in segments:
        slope = (y2 - y1) / (x2 - x1)
        for i in range(gap_of[x1], gap_of[x2]):
            left, right = columns[i], columns[i + 1]
            spans[i].append((y1 + slope * (left - x1), y1 + slope * (right - x1)))
    total = 0
    through: dict = {}  # (column, height) -> slopes of the segments passing through it
    for x1, y1, x2, y2 in segments:
        slope = (y2 - y1) / (x2 - x1)
        for i in range(gap_of[x1] + 1, gap_of[x2]):
            through.setdefault((i, round(y1 + slope * (columns[i] - x1), 6)), []).append(round(slope, 9))
    for slopes in through.values():
        if len(slopes) > 1:
            same: dict = {}
            for s in slopes:
                same[s] = same.get(s, 0) + 1
            n = len(slopes)
            total += (n * (n - 1) - sum(k * (k - 1) for k in same.values())) // 2
    for pairs in spans:
        if len(pairs) < 2:
            continue
        pairs.sort()
        total += _strict_inversions([round(r, 6) for _, r in pairs], [round(le, 6) for le, _ in pairs])
    return total


def _strict_inversions(values: list[float], groups: list[float]) -> int:
    """Pairs i < j with values[i] > values[j], not counting pairs in the same group
    (equal left heights: they meet at the gap's side, which is not a crossing)."""
    ranks = {v: i + 1 for i, v in enumerate(sorted(set(values)))}
    size = len(ranks)
    tree = [0] * (size + 1)
    count = seen = 0
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and groups[j] == groups[i]:
            j += 1
        for k in range(i, j):  # count against the earlier groups only
            r = ranks[values[k]]
            t, not_above = r, 0
            while t > 0:
                not_above += tree[t]
                t -= t & -t
            count += seen - not_above
        for k in range(i, j):
            t = ranks[values[k]]
            while t <= size:
                tree[t] += 1
                t += t & -t
        seen += j - i
        i = j
    return count
