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
                raise AmbiguousConcept(text, unique, [kg[cid].name for cid in unique])
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


def _matches(word: str, label_words) -> bool:
    """True if a query word starts some word of a label; a plural query word also
    matches its singular (``tools`` finds "tool")."""
    stem = word[:-1] if len(word) > 3 and word.endswith("s") else None
    return any(lw.startswith(word) or (stem is not None and lw.startswith(stem)) for lw in label_words)


def concepts_of_types(kg: KnowledgeGraph, types=()) -> list[Concept]:
    """The concepts of the node ``types`` (every concept when none), in book order."""
    rank = kg.book_rank()
    return sorted((c for c in kg.concepts.values() if not types or c.type in types), key=lambda c: rank[c.id])


def search(kg: KnowledgeGraph, query: str, limit: int | None = 20) -> list[SearchHit]:
    """Concepts matching ``query`` in their name, aliases, id or definition, best first.

    Ranking: an exact name or alias beats a prefix, which beats all query words
    appearing in the name or an alias, in any order. Below those come concepts
    that have every query word somewhere (name, aliases, id, definition, tags), the
    more of them in the name or aliases the better. A word matches the start of a
    word (``token`` finds "tokenization"; ``tools`` finds "tool"). Ties break by
    book order.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [
    ...   {"id": "rag", "name": "Retrieval-augmented generation", "type": "technique", "aliases": ["RAG"]},
    ...   {"id": "ctx", "name": "Context construction", "type": "technique",
    ...    "definition": "Gathering what a model needs, for example by retrieval."}]})
    >>> [(h.concept.id, h.matched) for h in search(kg, "retrieval")]
    [('rag', 'name'), ('ctx', 'definition')]
    >>> [(h.concept.id, h.matched) for h in search(kg, "retrieval context")]
    [('ctx', 'definition')]
    """
    q = normalize_name(query)
    words = [w.casefold() for w in _WORD.findall(query)]
    if not q or not words:
        return []
    hits = []
    for c in kg.concepts.values():
        best = (0.0, "")
        in_labels: set[str] = set()
        for label, kind in [(c.name, "name"), *((a, "alias") for a in c.aliases), (c.id, "id")]:
            norm = normalize_name(label)
            label_words = [w.casefold() for w in _WORD.findall(label)]
            found = {w for w in words if _matches(w, label_words)}
            in_labels |= found
            if norm == q:
                score = 100.0
            elif norm.startswith(q):
                score = 80.0 - min(len(norm) - len(q), 20) / 2
            elif len(found) == len(set(words)):
                score = 60.0
            elif q in norm:
                score = 40.0
            else:
                continue
            if kind != "name":
                score -= 1
            if score > best[0]:
                best = (score, kind)
        if best[0] == 0:
            rest = [w for w in words if w not in in_labels]
            other_words = {w.casefold() for text in (c.definition, *c.tags) for w in _WORD.findall(text)}
            if all(_matches(w, other_words) for w in rest):
                # every word is somewhere; the more of them in the name or aliases, the better
                share = sum(w in in_labels for w in words) / len(words)
                best = (20.0 + 15 * share, "definition" if rest else "name")
        if best[0] > 0:
            hits.append(SearchHit(c, best[0], best[1]))
    hits.sort(key=lambda h: (-h.score, kg.order_key(h.concept.id)))
    return hits if limit is None else hits[:limit]


# ----------------------------------------------------------------------------- prerequisites


def prerequisites(kg: KnowledgeGraph, concept_id: str, depth: int | None = None) -> list[tuple[Concept, int]]:
    """Everything to understand before ``concept_id``, with its distance (1 = direct),
    transitively or up to ``depth`` steps. Sorted by distance, then book order.
    ``concept_id`` may also be a name or an alias (:func:`resolve`).
    """
    return _closure(kg, resolve(kg, concept_id), depth, reverse=True)


def dependents(kg: KnowledgeGraph, concept_id: str, depth: int | None = None) -> list[tuple[Concept, int]]:
    """Everything ``concept_id`` is a prerequisite of (what it unlocks), like :func:`prerequisites`."""
    return _closure(kg, resolve(kg, concept_id), depth, reverse=False)


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
    concept_id = resolve(kg, concept_id)
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


#: How telling each relation type is, when equally short chains compete (lower is
#: better): precise types before the loose ``related_to``.
_PREFERENCE = {"prerequisite": 0, "part_of": 1, "is_a": 2, "example_of": 3, "used_for": 4, "related_to": 10}
#: How many equally short chains :func:`path` compares at most.
MAX_PATHS_COMPARED = 1000


class Chain(list):
    """The hops of a :func:`path` (a list of :class:`Step`) from ``source`` to ``target``,
    with ``kind``: ``"prerequisite"`` when they follow the prerequisite chain,
    ``"any"`` when they go through relations of any type, ``"same"`` for a concept
    and itself."""

    __slots__ = ("kind", "source", "target")

    def __init__(self, steps, kind: str, source: str, target: str):
        super().__init__(steps)
        self.kind, self.source, self.target = kind, source, target


def path(kg: KnowledgeGraph, source: str, target: str) -> Chain:
    """How two concepts (ids, names or aliases) connect, each hop in its real direction.

    When one is a prerequisite of the other, transitively, the answer follows that
    prerequisite chain (the shortest one), whichever way round they are given
    (``kind == "prerequisite"``). Otherwise it is the shortest chain of relations
    of any type, followed in either direction (``kind == "any"``); among chains of
    the same length, the one with the fewest ``related_to`` hops, then the one made
    of the most telling relations (prerequisite, then part_of, is_a, example_of,
    used_for), wins. Remaining ties go to the chain whose concepts come first in
    book order, so the answer never depends on the order of the file. Raises
    :class:`NotConnected` when no chain exists.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "abcd"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"},
    ...                 {"source": "b", "type": "prerequisite", "target": "c"},
    ...                 {"source": "a", "type": "related_to", "target": "c"},
    ...                 {"source": "d", "type": "related_to", "target": "b"}]})
    >>> p = path(kg, "C", "a")
    >>> p.kind, [tuple(s) for s in p]
    ('prerequisite', [('b', 'prerequisite', 'c'), ('a', 'prerequisite', 'b')])
    >>> p = path(kg, "d", "c")
    >>> p.kind, [tuple(s) for s in p]
    ('any', [('d', 'related_to', 'b'), ('b', 'prerequisite', 'c')])
    """
    import networkx as nx

    source, target = resolve(kg, source), resolve(kg, target)
    if source == target:
        return Chain([], "same", source, target)
    rank = kg.book_rank()
    g = kg.prerequisite_graph
    for a, b in ((source, target), (target, source)):
        if nx.has_path(g, a, b):
            nodes = _best(nx.all_shortest_paths(g, a, b), lambda nodes: [rank[n] for n in nodes])
            hops = [Step(u, "prerequisite", v) for u, v in zip(nodes, nodes[1:])]
            return Chain(hops if a == source else hops[::-1], "prerequisite", source, target)
    return Chain(_any_relation_path(kg, source, target), "any", source, target)


def _best(paths, key) -> list[str]:
    """The best of the first :data:`MAX_PATHS_COMPARED` paths (a dense graph can have
    exponentially many equally short ones)."""
    import itertools

    return min(itertools.islice(paths, MAX_PATHS_COMPARED), key=key)


def _any_relation_path(kg: KnowledgeGraph, source: str, target: str) -> list[Step]:
    import functools

    import networkx as nx

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
        types = [hop(u, v)[0] for u, v in zip(nodes, nodes[1:])]
        return (types.count("related_to"), sum(_PREFERENCE.get(t, 9) for t in types), [rank[n] for n in nodes])

    try:
        nodes = _best(nx.all_shortest_paths(undirected, source, target), score)
    except nx.NetworkXNoPath:
        raise NotConnected(source, target) from None
    return [Step(a, rtype, b) for rtype, a, b in (hop(u, v) for u, v in zip(nodes, nodes[1:]))]


def neighbourhood(kg: KnowledgeGraph, concept_ids, depth: int = 1) -> set[str]:
    """Ids within ``depth`` relations (any type, either direction) of any of ``concept_ids``
    (ids, names or aliases)."""
    import networkx as nx

    concept_ids = resolve_all(kg, concept_ids)
    undirected = kg.relation_graph.to_undirected(as_view=True)
    found: set[str] = set()
    for cid in concept_ids:
        found.update(nx.single_source_shortest_path_length(undirected, cid, cutoff=depth))
    return found


