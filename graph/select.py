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

import os
from pathlib import Path

from .curriculum import Plan, needed_concepts, plan
from .model import KnowledgeGraph, slugify
from .query import dependents, neighbourhood, prerequisites, resolve_all

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
    """Pick part of ``kg``; concepts, goals and known concepts may be named by id,
    name or alias (:func:`graph.query.resolve`).

    * no ``concepts`` and no ``curriculum``: the whole graph;
    * ``concepts`` with ``mode="neighbourhood"``: everything within ``depth``
      relations (default 1) of them; ``"prereqs"`` / ``"dependents"``: them and their
      prerequisite / dependent closure (to ``depth`` if given);
    * ``curriculum`` goals: the study plan's concepts, minus what counts as known
      (:func:`graph.curriculum.known_concepts`), or, with ``keep_known``, with the
      known prerequisites of the goals kept so a view can dim them;
    * ``node_types`` keeps only concepts of those node types (ignoring case);
      ``relation_types`` only relations of those types.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    concepts, curriculum, known = resolve_all(kg, concepts), resolve_all(kg, curriculum), resolve_all(kg, known)
    focus = list(dict.fromkeys([*concepts, *curriculum]))
    the_plan = None
    if curriculum:
        the_plan = plan(kg, curriculum, known)
        # With keep_known, everything the goals need, known or not: the plan's steps
        # and the concepts that count as known (the view dims them).
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
        wanted = {t.casefold() for t in node_types}
        ids = {i for i in ids if kg[i].type.casefold() in wanted}
    return Selection(subgraph(kg, ids, relation_types), focus, the_plan, known, chosen_mode)


#: How many ids a view's file name spells out before "-and-more".
NAMED_IN_FILE = 3


def view_file_name(selection: Selection | None) -> str:
    """The file name a view of ``selection`` gets when none is given: ``graph.html``
    for the whole graph, ``rag.html`` around a concept, ``rag-prereqs.html`` or
    ``rag-dependents.html`` for a closure, ``plan-rag.html`` for a study plan.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": "a", "name": "A", "type": "concept"}, {"id": "b.c", "name": "B", "type": "concept"}]})
    >>> [view_file_name(s) for s in (None, select(kg, ["a", "b.c"], mode="prereqs"), select(kg, curriculum=["a"]))]
    ['graph.html', 'a-b-c-prereqs.html', 'plan-a.html']
    """
    if selection is None or selection.mode == "all":
        return "graph.html"
    ids = [slugify(i) or "concept" for i in selection.focus]
    named = "-".join(ids[:NAMED_IN_FILE]) + ("-and-more" if len(ids) > NAMED_IN_FILE else "")
    if selection.mode == "curriculum":
        return f"plan-{named}.html"
    if selection.mode == "neighbourhood":
        return f"{named}.html"
    return f"{named}-{selection.mode}.html"


def is_view_file(path: str | os.PathLike) -> bool:
    """True if ``path`` is a page aie-graph wrote (its generator tag says so)."""
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError:
        return False
    return b'<meta name="generator" content="aie-graph' in head


def view_path(selection: Selection | None, folder: str | os.PathLike = ".") -> Path:
    """Where a view of ``selection`` is written when no file is given: its
    :func:`view_file_name` in ``folder``, unless a file of that name exists that
    aie-graph did not write; then the first free ``NAME-2.html``, ``NAME-3.html``...
    A file aie-graph wrote is replaced: it is the same view, made again."""
    name = view_file_name(selection)
    stem = name[: -len(".html")]
    candidate = Path(folder) / name
    n = 1
    while candidate.exists() and not is_view_file(candidate):
        n += 1
        candidate = Path(folder) / f"{stem}-{n}.html"
    return candidate
