"""Analysis of a whole graph: prerequisite cycles, redundant prerequisite edges,
how many concepts depend on each, and the statistics ``aie-graph stats`` shows.

Every function takes the graph first and returns data. They work on graphs with
prerequisite cycles unless their docstring says otherwise; networkx does the graph
work, imported where first needed (docs/architecture.md says why).

>>> from graph.store import from_dict
>>> kg = from_dict({"concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "abc"],
...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"},
...                 {"source": "b", "type": "prerequisite", "target": "c"},
...                 {"source": "a", "type": "prerequisite", "target": "c"}]})
>>> prerequisite_cycles(kg), redundant_edges(kg)
([], [('a', 'c')])
"""

from __future__ import annotations

import heapq

from .model import RELATION_TYPES, KnowledgeGraph, Problem


def prerequisite_cycles(kg: KnowledgeGraph) -> list[list[str]]:
    """One cycle (a list of ids, in order) for each group of concepts that are
    prerequisites of one another, in book order. Empty for a DAG. Found once per
    graph: loading names them in its warnings, and ``stats`` asks again."""
    if kg.is_prerequisite_dag():
        return []
    if "cycles" not in kg._cache:
        kg._cache["cycles"] = _find_cycles(kg)
    return [list(cycle) for cycle in kg._cache["cycles"]]


def _find_cycles(kg: KnowledgeGraph) -> list[list[str]]:
    """One shortest cycle per strongly connected group, starting at its first concept in book order."""
    import networkx as nx

    g = kg.prerequisite_graph
    cycles = []
    for component in nx.strongly_connected_components(g):
        if len(component) < 2:
            continue
        start = min(component, key=kg.order_key)
        sub = g.subgraph(component)
        # shortest cycle through `start`: a shortest path back from one of its successors
        best = None
        for succ in sorted(sub.successors(start), key=kg.order_key):
            path = nx.shortest_path(sub, succ, start)
            if best is None or len(path) < len(best):
                best = path
        cycles.append([start, *best[:-1]])
    cycles.sort(key=lambda cycle: kg.order_key(cycle[0]))
    return cycles


#: Steps the redundant-prerequisite search may take, per concept and relation (and
#: at least a million): a graph that needs more is too wide to check in linear time.
REDUNDANT_STEPS_PER_ITEM = 2


def redundant_prerequisites(kg: KnowledgeGraph, edges: list[tuple[str, str]] | None = None) -> list[Problem]:
    """Warnings for prerequisite edges implied by a longer chain (transitive reduction),
    in file order; ``edges`` is :func:`redundant_edges` when already found.

    The search is bounded (see :data:`REDUNDANT_STEPS_PER_ITEM`): on a graph too wide
    for it, such as 100,000 concepts each needing three of the 2,000 before it, one
    warning says the check was skipped instead of running for hours.
    """
    if edges is None:
        edges = redundant_edges(kg)
    if edges is None:
        return [
            Problem(
                kg.file or "<data>",
                "relations",
                "redundant prerequisites not checked: the graph is too large and interlinked for that check "
                "(the other checks ran)",
                "warning",
            )
        ]
    if not edges:
        return []
    wanted = set(edges)
    positions: dict[tuple[str, str], int] = {}
    for i, (source, rtype, target) in enumerate(kg.relation_triples()):
        if rtype == "prerequisite" and (source, target) in wanted:
            positions.setdefault((source, target), i)
    return [
        Problem(
            kg.file or "<data>",
            f"relations[{i}]",
            f'redundant prerequisite "{u}" -> "{v}": already implied by a longer chain',
            "warning",
        )
        for (u, v), i in sorted(positions.items(), key=lambda item: item[1])
    ]


def redundant_edges(kg: KnowledgeGraph, budget: int | None = None) -> list[tuple[str, str]] | None:
    """The prerequisite edges implied by a longer chain, or None when finding them
    would take more than ``budget`` steps (default: two per concept and relation,
    at least a million). Empty for a graph with cycles."""
    if not kg.is_prerequisite_dag():
        return []
    succ = kg.prerequisite_graph.succ
    if budget is None:
        budget = max(1_000_000, REDUNDANT_STEPS_PER_ITEM * (len(succ) + sum(map(len, succ.values()))))
    found = []
    # An edge u -> v is redundant when v is also reachable from u in two or more
    # steps. Only concepts with two or more successors can have one, so a long chain
    # costs linear time (networkx's transitive_reduction caches every node's
    # descendants: quadratic time and memory on a 100,000-deep chain).
    for u, direct in succ.items():
        if len(direct) < 2:
            continue
        stack = [x for w in direct for x in succ[w]]
        farther: set = set()
        while stack:
            x = stack.pop()
            if x not in farther:
                farther.add(x)
                stack.extend(succ[x])
                budget -= 1 + len(succ[x])
        if budget < 0:
            return None
        found.extend((u, v) for v in direct if v in farther)
    return found


def dependent_counts(kg: KnowledgeGraph, cond=None, budget_bytes: int = 256 << 20) -> dict[str, int]:
    """How many concepts depend on each concept, transitively (its dependents).

    ``cond`` is networkx's condensation of the prerequisite graph when it has cycles
    (the concepts of a cycle depend on one another); an acyclic graph is used as it
    is. One pass in reverse topological order, each node carrying the set of
    concepts it reaches as a bitset (a Python int, bits numbered in processing
    order so the sets stay small); a set is dropped once all its predecessors have
    used it. If the live sets ever outgrow ``budget_bytes`` (very wide graphs), the
    remaining counts fall back to direct dependents.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abcd"],
    ...   "relations": [{"source": s, "type": "prerequisite", "target": t}
    ...                 for s, t in ["ab", "bc", "cb", "cd"]]})
    >>> dependent_counts(kg)
    {'a': 3, 'b': 2, 'c': 2, 'd': 0}
    """
    import networkx as nx

    g = kg.prerequisite_graph
    if cond is None and not kg.is_prerequisite_dag():
        cond = nx.condensation(g)
    dag = g if cond is None else cond
    size = (lambda n: 1) if cond is None else (lambda n: len(cond.nodes[n]["members"]))
    reach: dict = {}
    waiting = dict(dag.in_degree())
    live_bytes = 0
    next_bit = 0
    count: dict = {}
    exact = True
    for n in reversed(list(nx.topological_sort(dag))):
        width = size(n)
        successors = dag.succ[n]
        if exact:
            bits = ((1 << width) - 1) << next_bit
            for succ in successors:
                bits |= reach[succ]
            count[n] = bits.bit_count() - 1
            for succ in successors:
                waiting[succ] -= 1
                if waiting[succ] == 0:
                    live_bytes -= reach.pop(succ).bit_length() >> 3
            if waiting[n]:
                reach[n] = bits
                live_bytes += bits.bit_length() >> 3
            if live_bytes > budget_bytes:
                exact = False
                reach.clear()
        else:
            count[n] = width - 1 + sum(size(s) for s in successors)
        next_bit += width
    if cond is None:
        return {cid: count[cid] for cid in kg.concepts}
    mapping = cond.graph["mapping"]
    return {cid: count[mapping[cid]] for cid in kg.concepts}


#: Above this many concepts, ``stats`` gives an overview that stays linear: direct
#: dependents instead of transitive ones, and no redundant-edge search (``validate``
#: still runs it).
STATS_DETAIL_LIMIT = 20_000


def stats(kg: KnowledgeGraph, top: int = 10) -> dict:
    """Counts by node type and relation type, the most foundational concepts (most
    dependents: transitive ones, or direct ones above :data:`STATS_DETAIL_LIMIT`
    concepts, as ``dependents_counted`` says), the longest prerequisite chain, the
    prerequisite cycles, isolated concepts and redundant prerequisite edges (None
    when not searched)."""
    import networkx as nx

    by_type: dict[str, int] = {}
    for c in kg.concepts.values():
        by_type[c.type] = by_type.get(c.type, 0) + 1
    by_relation: dict[str, int] = {}
    related: set[str] = set()
    for source, rtype, target in kg.relation_triples():
        by_relation[rtype] = by_relation.get(rtype, 0) + 1
        related.add(source)
        related.add(target)
    cycles = prerequisite_cycles(kg)
    g = kg.prerequisite_graph
    # An acyclic graph is its own condensation; cyclic data is condensed so that it
    # still has a longest chain, each cycle counting as one step.
    dag = g if not cycles else nx.condensation(g)
    detailed = len(kg) <= STATS_DETAIL_LIMIT
    if detailed:
        counts = dependent_counts(kg, dag if cycles else None)
    else:
        counts = {cid: len(g.succ[cid]) for cid in kg.concepts}
    longest = nx.dag_longest_path(dag) if len(dag) else []
    chain = longest if not cycles else [min(dag.nodes[n]["members"], key=kg.order_key) for n in longest]
    foundational = heapq.nsmallest(top, kg.concepts, key=lambda c: (-counts[c], kg.order_key(c)))
    # None when not searched, or when the graph is too wide for the bounded search
    edges = redundant_edges(kg) if detailed else None
    redundant = redundant_prerequisites(kg, edges) if edges is not None else None
    return {
        "concepts": len(kg.concepts),
        "relations": kg.count_relations(),
        "concepts_by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        "relations_by_type": dict(sorted(by_relation.items(), key=lambda kv: (-kv[1], kv[0]))),
        "most_foundational": [{"id": c, "name": kg[c].name, "dependents": counts[c]} for c in foundational],
        "dependents_counted": "transitive" if detailed else "direct",
        "longest_chain": chain,
        "isolated": sorted((c for c in kg.concepts if c not in related), key=kg.order_key),
        "cycles": cycles,
        "redundant_prerequisites": None if redundant is None else [p.message for p in redundant],
    }


def types_summary(kg: KnowledgeGraph) -> dict:
    """Every node type (with how many concepts have it) and relation type, as
    ``aie-graph types`` prints them in JSON."""
    used: dict[str, int] = {}
    for c in kg.concepts.values():
        used[c.type] = used.get(c.type, 0) + 1
    return {
        "node_types": [{"type": t, "description": d, "concepts": used.get(t, 0)} for t, d in kg.node_types.items()],
        "relation_types": [
            {"type": r.name, "reads": f"source {r.reads} target", "symmetric": r.symmetric, "description": r.description}
            for r in RELATION_TYPES.values()
        ],
    }
