"""Choosing part of a graph: a neighbourhood, a prerequisite or dependent closure, a
curriculum, filtered by node and relation type. The views and the exports share it.

>>> from graph.store import from_dict
>>> kg = from_dict({"concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "abcd"],
...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"},
...                 {"source": "b", "type": "prerequisite", "target": "c"},
...                 {"source": "d", "type": "related_to", "target": "c"}]})
>>> sorted(select(kg, ["c"], mode="prereqs").subgraph.concepts)
['a', 'b', 'c']
>>> sorted(select(kg, ["c"]).subgraph.concepts)
['b', 'c', 'd']
>>> [s.id for s in select(kg, curriculum=["c"], known=["a"]).plan.steps]
['b', 'c']
"""

from __future__ import annotations

from .curriculum import Plan, needed_concepts, plan
from .model import KnowledgeGraph
from .query import dependents, neighbourhood, prerequisites

MODES = ("neighbourhood", "prereqs", "dependents")


class Selection:
    """The chosen subgraph, the concepts it was chosen around, the plan when the
    selection is a curriculum, the known concepts, and how it was chosen (``mode``:
    ``"all"``, ``"neighbourhood"``, ``"prereqs"``, ``"dependents"`` or ``"curriculum"``)."""

    __slots__ = ("subgraph", "focus", "plan", "known", "mode")

    def __init__(self, subgraph: KnowledgeGraph, focus=(), plan: Plan | None = None, known=(), mode: str = "all"):
        self.subgraph = subgraph
        self.focus: list[str] = list(focus)
        self.plan = plan
        self.known: list[str] = list(known)
        self.mode = mode

    @property
    def kg(self) -> KnowledgeGraph:
        """The chosen subgraph (the former name of :attr:`subgraph`)."""
        return self.subgraph

    def __repr__(self) -> str:
        return f"<Selection {self.mode}: {len(self.subgraph)} concepts>"


def subgraph(kg: KnowledgeGraph, ids, relation_types=None) -> KnowledgeGraph:
    """A new graph holding the concepts ``ids`` (kept in file order), the relations
    between them (optionally only those of ``relation_types``), and the goals among them."""
    keep = set(ids)
    wanted = set(relation_types) if relation_types else None
    sub = KnowledgeGraph(
        (c for cid, c in kg.concepts.items() if cid in keep),
        (
            r
            for r in kg.relations
            if r.source in keep and r.target in keep and (wanted is None or r.type in wanted)
        ),
        kg.declared_node_types,
        file=kg.file,
        title=kg.title,
        sections=kg.sections,
        description=kg.description,
        goals=[g for g in kg.goals if g.id in keep],
    )
    return sub


def select(
    kg: KnowledgeGraph,
    concepts=(),
    *,
    depth: int | None = None,
    mode: str = "neighbourhood",
    curriculum=(),
    known=(),
    node_types=(),
    relation_types=(),
    keep_known: bool = False,
) -> Selection:
    """Pick part of ``kg`` (all ids already resolved).

    * no ``concepts`` and no ``curriculum``: the whole graph;
    * ``concepts`` with ``mode="neighbourhood"``: everything within ``depth``
      relations (default 1) of them; ``"prereqs"`` / ``"dependents"``: them and their
      prerequisite / dependent closure (to ``depth`` if given);
    * ``curriculum`` goals: the study plan's concepts, minus ``known`` (or, with
      ``keep_known``, the known prerequisites kept so a view can dim them);
    * ``node_types`` keeps only concepts of those node types; ``relation_types`` only
      relations of those types.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    focus = list(dict.fromkeys([*concepts, *curriculum]))
    the_plan = None
    if curriculum:
        the_plan = plan(kg, curriculum, known)
        # With keep_known, everything the goals need, known or not (the plan's steps
        # are among them).
        ids = needed_concepts(kg, curriculum) if keep_known else {s.id for s in the_plan.steps}
        ids |= set(concepts)
        chosen_mode = "curriculum"
    elif concepts:
        if mode == "neighbourhood":
            ids = neighbourhood(kg, concepts, depth if depth is not None else 1)
        else:
            closure = prerequisites if mode == "prereqs" else dependents
            ids = set(concepts)
            for cid in concepts:
                ids.update(c.id for c, _ in closure(kg, cid, depth))
        chosen_mode = mode
    else:
        ids = set(kg.concepts)
        chosen_mode = "all"
    if node_types:
        wanted = set(node_types)
        ids = {i for i in ids if kg[i].type in wanted}
    return Selection(subgraph(kg, ids, relation_types), focus, the_plan, known, chosen_mode)
