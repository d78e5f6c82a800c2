"""Questions about one concept or a pair: resolve a name, search, prerequisites,
dependents, how two concepts connect, and graph statistics.

Every function takes the graph first and returns data; none prints. The graph
algorithms are networkx's. Functions work on graphs with prerequisite cycles
(imported data has them) unless their docstring says otherwise.

>>> from graph.store import from_dict
>>> kg = from_dict({"concepts": [
...     {"id": "token", "name": "Token", "type": "data"},
...     {"id": "language-model", "name": "Language model", "type": "model_type", "aliases": ["LM"]},
...     {"id": "llm", "name": "Large language model", "type": "model_type", "aliases": ["LLM"]}],
...   "relations": [
...     {"source": "token", "type": "prerequisite", "target": "language-model"},
...     {"source": "language-model", "type": "prerequisite", "target": "llm"},
...     {"source": "llm", "type": "is_a", "target": "language-model"}]})
>>> resolve(kg, "large-language_MODEL"), resolve(kg, "lm")
('llm', 'language-model')
>>> [(c.id, depth) for c, depth in prerequisites(kg, "llm")]
[('language-model', 1), ('token', 2)]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .model import AmbiguousConcept, Concept, KnowledgeGraph, NotConnected, UnknownConcept, normalize_name

# ----------------------------------------------------------------------------- names


def _name_index(kg: KnowledgeGraph) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """normalised label -> (ids matching by id, by name, by alias)."""
    index = kg._cache.get("names")
    if index is None:
        index = {}
        for c in kg.concepts.values():
            index.setdefault(normalize_name(c.id), ([], [], []))[0].append(c.id)
            index.setdefault(normalize_name(c.name), ([], [], []))[1].append(c.id)
            for alias in c.aliases:
                index.setdefault(normalize_name(alias), ([], [], []))[2].append(c.id)
        kg._cache["names"] = index
    return index


def resolve(kg: KnowledgeGraph, text: str) -> str:
    """The id of the concept that ``text`` names: an id, a name or an alias, ignoring
    case, spaces, hyphens and underscores. An exact id wins, then a name, then an alias.

    Raises :class:`UnknownConcept` (with up to three suggestions) or
    :class:`AmbiguousConcept` when two concepts share the matching name or alias.
    """
    if text in kg.concepts:
        return text
    entry = _name_index(kg).get(normalize_name(text))
    if entry:
        for ids in entry:
            unique = list(dict.fromkeys(ids))
            if len(unique) == 1:
                return unique[0]
            if unique:
                raise AmbiguousConcept(text, unique)
    raise UnknownConcept(text, suggest(kg, text))


def suggest(kg: KnowledgeGraph, text: str, limit: int = 3) -> list[str]:
    """Ids of up to ``limit`` concepts whose id, name or alias is close to ``text``,
    closest first (ties in book order)."""
    index = _name_index(kg)
    key = normalize_name(text)
    if not key:
        return []
    import difflib  # only for an unknown name: a query that resolves never needs it

    matcher = difflib.SequenceMatcher(b=key)
    scores: dict[str, float] = {}
    for label, entry in index.items():
        matcher.set_seq1(label)
        if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
            continue
        ratio = matcher.ratio()
        if ratio >= 0.75:
            for ids in entry:
                for cid in ids:
                    scores[cid] = max(scores.get(cid, 0.0), ratio)
    return sorted(scores, key=lambda cid: (-scores[cid], kg.order_key(cid)))[:limit]


def resolve_all(kg: KnowledgeGraph, texts) -> list[str]:
    """:func:`resolve` each text, keeping order and dropping repeats."""
    return list(dict.fromkeys(resolve(kg, t) for t in texts))


# ----------------------------------------------------------------------------- search


class SearchHit(NamedTuple):
    """One search result: the concept, its score, and which of its fields matched."""
    concept: Concept
    score: float
    matched: str  # "name", "alias", "id" or "definition"


_WORD = re.compile(r"\w+")


def search(kg: KnowledgeGraph, query: str, limit: int | None = 20) -> list[SearchHit]:
    """Concepts matching ``query`` in their name, aliases, id or definition, best first.

    Ranking: an exact name or alias beats a prefix, which beats all query words
    appearing in the name or an alias, which beats words found only in the
    definition. Ties break by book order.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [
    ...   {"id": "rag", "name": "Retrieval-augmented generation", "type": "technique", "aliases": ["RAG"]},
    ...   {"id": "ctx", "name": "Context construction", "type": "technique",
    ...    "definition": "Gathering what a model needs, for example by retrieval."}]})
    >>> [(h.concept.id, h.matched) for h in search(kg, "retrieval")]
    [('rag', 'name'), ('ctx', 'definition')]
    """
    q = normalize_name(query)
    words = [w.casefold() for w in _WORD.findall(query)]
    if not q or not words:
        return []
    hits = []
    for c in kg.concepts.values():
        best = (0.0, "")
        for label, kind in [(c.name, "name"), *((a, "alias") for a in c.aliases), (c.id, "id")]:
            norm = normalize_name(label)
            label_words = [w.casefold() for w in _WORD.findall(label)]
            if norm == q:
                score = 100.0
            elif norm.startswith(q):
                score = 80.0 - min(len(norm) - len(q), 20) / 2
            elif all(any(lw.startswith(w) for lw in label_words) for w in words):
                score = 60.0
            elif q in norm:
                score = 40.0
            else:
                continue
            if kind != "name":
                score -= 1
            if score > best[0]:
                best = (score, kind)
        if best[0] == 0 and c.definition:
            definition_words = {w.casefold() for w in _WORD.findall(c.definition)}
            found = sum(any(dw.startswith(w) for dw in definition_words) for w in words)
            if found == len(words):
                best = (20.0 + found, "definition")
        if best[0] > 0:
            hits.append(SearchHit(c, best[0], best[1]))
    hits.sort(key=lambda h: (-h.score, kg.order_key(h.concept.id)))
    return hits if limit is None else hits[:limit]


# ----------------------------------------------------------------------------- prerequisites


def prerequisites(kg: KnowledgeGraph, concept_id: str, depth: int | None = None) -> list[tuple[Concept, int]]:
    """Everything to understand before ``concept_id``, with its distance (1 = direct),
    transitively or up to ``depth`` steps. Sorted by distance, then book order.
    """
    return _closure(kg, concept_id, depth, reverse=True)


def dependents(kg: KnowledgeGraph, concept_id: str, depth: int | None = None) -> list[tuple[Concept, int]]:
    """Everything ``concept_id`` is a prerequisite of (what it unlocks), like :func:`prerequisites`."""
    return _closure(kg, concept_id, depth, reverse=False)


def _distances(kg, concept_id, depth, prerequisites: bool) -> dict[str, int]:
    """Each concept within ``depth`` steps of ``concept_id`` (towards its prerequisites,
    or its dependents) with its shortest distance, breadth first by networkx."""
    import networkx as nx

    g = kg.prerequisite_graph
    if prerequisites:
        g = g.reverse(copy=False)
    return nx.single_source_shortest_path_length(g, concept_id, cutoff=depth)


def _closure(kg, concept_id, depth, reverse):
    """The prerequisite or dependent closure, sorted by distance, then book order."""
    distances = _distances(kg, concept_id, depth, prerequisites=reverse)
    rank = kg.book_rank()
    found = [(kg[n], d) for n, d in distances.items() if n != concept_id]
    found.sort(key=lambda item: (item[1], rank[item[0].id]))
    return found


class TreeNode:
    """One line of a prerequisite tree: a concept, its children, and whether it was
    already shown higher up (then its children are not repeated)."""

    __slots__ = ("concept", "children", "repeated")

    def __init__(self, concept: Concept, children: list[TreeNode], repeated: bool = False):
        self.concept = concept
        self.children = children
        self.repeated = repeated

    def __repr__(self) -> str:
        return f"TreeNode({self.concept.id!r}, {len(self.children)} children{', repeated' if self.repeated else ''})"


def prerequisite_tree(
    kg: KnowledgeGraph, concept_id: str, depth: int | None = None, *, reverse: bool = False
) -> Tree:
    """The prerequisites of ``concept_id`` as a tree (or its dependents, with
    ``reverse=True``), children in book order, to ``depth`` levels.

    A concept reached twice is expanded where it is first printed (pre-order) and
    marked ``repeated`` everywhere after, so the tree stays as small as the graph
    (linear, where unfolding every path could be exponential). Cycles end where
    they come back. Iterative: deep chains do not hit a recursion limit.

    With ``depth``, a concept is expanded only where it stands at its shortest
    distance (elsewhere it is a plain leaf): expanded deeper first, it would lose
    the levels the limit cuts off, and the tree would miss concepts that
    :func:`prerequisites` with the same ``depth`` finds.
    """
    g = kg.prerequisite_graph
    nearest = _distances(kg, concept_id, depth, prerequisites=not reverse) if depth is not None else None
    neighbours = (g.succ if reverse else g.pred).__getitem__
    rank = kg.book_rank().__getitem__
    concepts = kg.concepts
    expanded: set[str] = {concept_id}
    shown: set[str] = set()
    root = TreeNode(kg[concept_id], [])
    stack: list[tuple[TreeNode, int]] = [(root, 0)]
    pop, push = stack.pop, stack.extend
    while stack:
        node, level = pop()
        cid = node.concept.id
        if level and cid in expanded:
            node.repeated = True
            continue
        if nearest is not None and (level >= depth or level > nearest[cid]):
            continue  # a leaf here: the place at its shortest distance expands it
        expanded.add(cid)
        found = neighbours(cid)
        if not found:
            continue
        ordered = sorted(found, key=rank) if len(found) > 1 else list(found)
        shown.update(ordered)
        node.children = children = [TreeNode(concepts[c], []) for c in ordered]
        below = level + 1
        push([(child, below) for child in reversed(children)])
    return Tree(root.children, shown)


class Tree(list):
    """The top level of a :func:`prerequisite_tree` (a list of :class:`TreeNode`), with
    ``concepts``: the ids of every concept it shows, gathered while it was built."""

    __slots__ = ("concepts",)

    def __init__(self, nodes, concepts: set[str]):
        super().__init__(nodes)
        self.concepts = concepts


def tree_concepts(tree: Tree) -> set[str]:
    """The ids of every concept a :func:`prerequisite_tree` shows."""
    return tree.concepts


# ----------------------------------------------------------------------------- connections


class Step(NamedTuple):
    """One hop of a path, in the relation's real direction."""

    source: str
    type: str
    target: str

    def to_dict(self) -> dict:
        return {"source": self.source, "type": self.type, "target": self.target}


_PREFERENCE = {"prerequisite": 0, "part_of": 1, "is_a": 2, "example_of": 3, "used_for": 4}
#: How many equally short chains :func:`path` compares at most.
MAX_PATHS_COMPARED = 1000


def path(kg: KnowledgeGraph, source: str, target: str) -> list[Step]:
    """How two concepts connect: the shortest chain of relations of any type,
    followed in either direction, each step reported in its real direction.

    Among chains of the same length, the one made of the most telling relations
    wins (prerequisite, then part_of, is_a, example_of, used_for, then the rest),
    then the one whose concepts come first in book order, so the answer never
    depends on the order of the file. Raises :class:`NotConnected` when no chain
    exists.
    """
    import functools
    import itertools

    import networkx as nx

    if source == target:
        return []
    g = kg.relation_graph
    undirected = kg._cache.get("undirected")
    if undirected is None:
        undirected = kg._cache["undirected"] = nx.Graph(g.to_undirected(as_view=True))

    @functools.cache  # the chains compared share most of their hops
    def hop(u: str, v: str) -> tuple:
        options = [(t, u, v) for t in g.get_edge_data(u, v, default={})]
        options += [(t, v, u) for t in g.get_edge_data(v, u, default={})]
        return min(options, key=lambda o: (_PREFERENCE.get(o[0], 9), o[1] != u, o[0]))

    rank = kg.book_rank()

    def score(nodes: list[str]) -> tuple:
        return (sum(_PREFERENCE.get(hop(u, v)[0], 9) for u, v in zip(nodes, nodes[1:])), [rank[n] for n in nodes])

    try:
        # Every shortest chain is compared (at most MAX_PATHS_COMPARED of them: a
        # dense graph can have exponentially many).
        nodes = min(itertools.islice(nx.all_shortest_paths(undirected, source, target), MAX_PATHS_COMPARED), key=score)
    except nx.NetworkXNoPath:
        raise NotConnected(source, target) from None
    return [Step(a, rtype, b) for rtype, a, b in (hop(u, v) for u, v in zip(nodes, nodes[1:]))]


def neighbourhood(kg: KnowledgeGraph, concept_ids, depth: int = 1) -> set[str]:
    """Ids within ``depth`` relations (any type, either direction) of any of ``concept_ids``."""
    import networkx as nx

    undirected = kg.relation_graph.to_undirected(as_view=True)
    found: set[str] = set()
    for cid in concept_ids:
        found.update(nx.single_source_shortest_path_length(undirected, cid, cutoff=depth))
    return found


