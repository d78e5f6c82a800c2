"""The records of a concept graph, the tables of types, every exception the library
raises, and :class:`KnowledgeGraph`, which holds them.

Everything here is plain Python: importing this module imports no third-party
package (networkx is imported by the properties that build its graphs, the first
time they are read), so the command line can start instantly.

>>> Concept(id="rag", name="Retrieval-augmented generation", type="technique").id
'rag'
>>> normalize_name("Fine-tuning") == normalize_name("finetuning") == normalize_name("FINE_TUNING")
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .basics import EXPORT_FORMATS, NODE_TYPE_NAMES, NODE_TYPES, RELATION_TYPE_NAMES, RELATION_TYPE_ROWS, normalize_name  # noqa: F401  (re-exported)


class RelationType(NamedTuple):
    """How one relation type reads, and whether it runs both ways."""

    name: str
    reads: str
    symmetric: bool = False
    description: str = ""


#: Relation types: a relation reads "source <reads> target".
RELATION_TYPES: dict[str, RelationType] = {row[0]: RelationType(*row) for row in RELATION_TYPE_ROWS}


#: Ids are lowercase slugs: letters and digits, joined by single ``-``, ``_`` or ``.``.
ID_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)


def is_valid_id(value: str) -> bool:
    """Return True if ``value`` is a lowercase slug usable as a concept id.

    >>> is_valid_id("pre-training"), is_valid_id("Pre training"), is_valid_id("a--b"), is_valid_id("rag\\n")
    (True, False, False, False)
    """
    return bool(ID_RE.fullmatch(value))


def slugify(text: str) -> str:
    """Turn any text into an id: lowercase ASCII words joined by hyphens.

    >>> slugify("Retrieval-Augmented Generation (RAG)")
    'retrieval-augmented-generation-rag'
    >>> slugify("  ")
    ''
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


class Source(NamedTuple):
    """Where the notes discuss a concept: chapter (0 is the preface) and section heading."""

    chapter: int | None = None
    section: str | None = None


class Concept(NamedTuple):
    """One node of the graph."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    definition: str = ""
    source: Source | None = None
    hours: float | None = None
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The concept as it is written in a graph file (empty fields left out)."""
        out: dict = {"id": self.id, "name": self.name, "type": self.type}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.definition:
            out["definition"] = self.definition
        if self.source is not None:
            src: dict = {}
            if self.source.chapter is not None:
                src["chapter"] = self.source.chapter
            if self.source.section is not None:
                src["section"] = self.source.section
            out["source"] = src
        if self.hours is not None:
            out["hours"] = self.hours
        if self.tags:
            out["tags"] = list(self.tags)
        return out


class Relation(NamedTuple):
    """One typed edge: "source TYPE target"."""

    source: str
    type: str
    target: str
    reason: str = ""

    def to_dict(self) -> dict:
        """The relation as it is written in a graph file (an empty reason left out)."""
        out = {"source": self.source, "type": self.type, "target": self.target}
        if self.reason:
            out["reason"] = self.reason
        return out


class Problem(NamedTuple):
    """One thing wrong with an input file: located by file and JSON path (graph files)
    or by file and line (CSV files); ``kind`` groups problems for summaries
    (``"self-loop"``, ``"duplicate"``, ``"cycle"``...).

    >>> str(Problem("g.json", "concepts[3].id", "duplicate id \\"rag\\""))
    'g.json: concepts[3].id: duplicate id "rag"'
    >>> str(Problem("relations.csv", "", "dropped: duplicate of line 9", "warning", 22, "duplicate"))
    'relations.csv:22: dropped: duplicate of line 9'
    """

    file: str
    where: str
    message: str
    severity: str = "error"  # "error" or "warning"
    line: int | None = None
    kind: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}: {self.message}"
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}: {where}{self.message}"

    @property
    def is_dropped_row(self) -> bool:
        """True when the problem made an importer drop a whole row."""
        return self.message.startswith("dropped:")


class Goal(NamedTuple):
    """A curated goal of a graph file: a concept worth aiming at, with one line on why."""

    id: str
    description: str = ""

    def to_dict(self) -> dict:
        """The goal as it is written in a graph file (an empty description left out)."""
        return {"id": self.id, "description": self.description} if self.description else {"id": self.id}


# ----------------------------------------------------------------------------- errors


class GraphError(Exception):
    """Base class of every error the library raises for bad input."""


class InvalidGraph(GraphError):
    """A graph file that cannot be read or interpreted. ``problems`` lists why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid graph"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""))


class UnknownConcept(GraphError):
    """A name that matches no concept id, name or alias."""

    def __init__(self, query: str, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        message = f'unknown concept "{query}".'
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class AmbiguousConcept(GraphError):
    """A name shared by several concepts (only possible in files that tolerate it).

    ``candidates`` are their ids; ``names``, when given, their names, and the
    message then shows both.

    >>> str(AmbiguousConcept("x", ["a", "b"], ["Alpha", "Beta"]))
    '"x" names several concepts: Alpha (a), Beta (b); use an id.'
    """

    def __init__(self, query: str, candidates: list[str], names: list[str] | None = None):
        self.query = query
        self.candidates = list(candidates)
        self.names = list(names) if names is not None else None
        if self.names is not None:
            shown = [cid if name == cid else f"{name} ({cid})" for cid, name in zip(self.candidates, self.names)]
        else:
            shown = self.candidates
        super().__init__(f'"{query}" names several concepts: {", ".join(shown)}; use an id.')


class NotConnected(GraphError):
    """Two concepts with no chain of relations between them."""

    def __init__(self, source: str, target: str):
        self.source, self.target = source, target
        super().__init__(f'no connection between "{source}" and "{target}".')


class InputFileError(GraphError):
    """A user file (not a graph file) that cannot be read, such as a --known-file."""


class OutputError(GraphError):
    """A file or folder that cannot be written."""


class InvalidOption(GraphError):
    """An option's value the library cannot use (a base URI with a space...)."""


class MissingDependency(GraphError):
    """An optional library that a format needs is not installed."""


class ProgressError(GraphError):
    """A progress file that cannot be read, locked or written. ``path`` names it."""

    def __init__(self, path, message: str):
        self.path = str(path)
        self.reason = message
        super().__init__(f"progress file {self.path}: {message}")


class CorruptProgress(ProgressError):
    """A progress file whose content is not a progress file (torn, edited, foreign)."""


class UnsupportedProgress(ProgressError):
    """A progress file written by a newer version of the tool; left alone."""


class KnowledgeGraph:
    """A loaded concept graph: concepts by id (in file order), typed relations, and lazily
    built networkx views of them.

    Build one with :func:`graph.load` (from a file) or :func:`graph.from_dict`; the
    networkx graphs are only made, and networkx only imported (docs/architecture.md
    says why), when a query needs them.

    >>> kg = KnowledgeGraph(
    ...     [Concept("a", "A", "concept"), Concept("b", "B", "concept")],
    ...     [Relation("a", "prerequisite", "b")],
    ... )
    >>> sorted(kg.prerequisite_graph.edges())
    [('a', 'b')]
    """

    def __init__(
        self,
        concepts,
        relations,
        node_types: dict[str, str] | None = None,
        *,
        file: str | None = None,
        title: str | None = None,
        warnings: list[Problem] | None = None,
        sections: list[tuple[int | None, str]] | None = None,
        description: str | None = None,
        goals=(),
    ):
        self.concepts: dict[str, Concept] = {c.id: c for c in concepts}
        #: Every relation, in file order.
        self.relations: list[Relation] = relations if isinstance(relations, list) else list(relations)
        self.node_types: dict[str, str] = {**NODE_TYPES, **(node_types or {})}
        self.declared_node_types: dict[str, str] = dict(node_types or {})
        self.file = file
        self.title = title
        #: The file's free-text description, kept so that saving loses nothing.
        self.description = description
        #: The file's declared book order of sections, as (chapter, section) pairs.
        self.sections: list[tuple[int | None, str]] = list(sections or [])
        #: The file's curated goals, in order.
        self.goals: tuple[Goal, ...] = tuple(goals)
        #: Problems tolerated when loading (self-loops, cycles, shared aliases...).
        self.warnings: list[Problem] = list(warnings or [])
        self._cache: dict = {}

    def _prerequisite_pairs(self):
        """(source, target) of each prerequisite relation, self-loops left out (a generator)."""
        return ((r[0], r[2]) for r in self.relations if r[1] == "prerequisite" and r[0] != r[2])

    def relation_triples(self):
        """(source, type, target) of every relation, in file order (a generator)."""
        return ((r[0], r[1], r[2]) for r in self.relations)

    def count_relations(self) -> int:
        """How many relations."""
        return len(self.relations)

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self.concepts)} concepts, {self.count_relations()} relations>"

    def __getitem__(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    @property
    def prerequisite_graph(self):
        """A networkx DiGraph of every concept, with an edge u -> v for each
        "u prerequisite v" (self-loops left out: they cannot order anything)."""
        if "prereq" not in self._cache:
            import networkx as nx

            g = nx.DiGraph()
            g.add_nodes_from(self.concepts)
            g.add_edges_from(self._prerequisite_pairs())
            self._cache["prereq"] = g
        return self._cache["prereq"]

    def is_prerequisite_dag(self) -> bool:
        """True when the prerequisite relations have no cycle (self-loops aside).

        Most files list a concept before what needs it; then file order is a
        topological order, which proves there is no cycle without building a graph
        (so loading need not import networkx). Otherwise networkx decides.

        >>> KnowledgeGraph([Concept("a", "A", "concept")], [Relation("a", "prerequisite", "a")]).is_prerequisite_dag()
        True
        """
        if "acyclic" not in self._cache:
            position = {cid: i for i, cid in enumerate(self.concepts)}
            if all(position[s] < position[t] for s, t in self._prerequisite_pairs()):
                self._cache["acyclic"] = True
            else:
                import networkx as nx

                self._cache["acyclic"] = nx.is_directed_acyclic_graph(self.prerequisite_graph)
        return self._cache["acyclic"]

    @property
    def relation_graph(self):
        """A networkx MultiDiGraph of every relation, keyed by relation type, with
        each relation's ``reason`` as an edge attribute."""
        if "all" not in self._cache:
            import networkx as nx

            g = nx.MultiDiGraph()
            g.add_nodes_from(self.concepts)
            g.add_edges_from((r.source, r.target, r.type, {"reason": r.reason}) for r in self.relations)
            self._cache["all"] = g
        return self._cache["all"]

    def relations_of(self, concept_id: str) -> tuple[list[Relation], list[Relation]]:
        """The relations leaving and entering a concept, in file order."""
        index = self._cache.get("by_node")
        if index is None:
            index = {}
            for r in self.relations:
                index.setdefault(r.source, ([], []))[0].append(r)
                index.setdefault(r.target, ([], []))[1].append(r)
            self._cache["by_node"] = index
        return index.get(concept_id, ([], []))

    def section_rank(self) -> dict[tuple, int]:
        """Rank of each (chapter, section): the file's declared ``sections`` first, in
        their order (the bundled graph declares the book's), then any other section by
        its first appearance in the file.

        >>> kg = KnowledgeGraph([Concept("a", "A", "concept", source=Source(1, "Later")),
        ...                      Concept("b", "B", "concept", source=Source(1, "Sooner"))], [],
        ...                     sections=[(1, "Sooner")])
        >>> kg.section_rank()
        {(1, 'Sooner'): 0, (1, 'Later'): 1}
        """
        if "sections" not in self._cache:
            ranks: dict[tuple, int] = {}
            for key in self.sections:
                ranks.setdefault(key, len(ranks))
            for c in self.concepts.values():
                if c.source is not None:
                    ranks.setdefault((c.source.chapter, c.source.section), len(ranks))
            self._cache["sections"] = ranks
        return self._cache["sections"]

    def book_rank(self) -> dict[str, int]:
        """Each concept's position in book order (:meth:`order_key`), computed once:
        sorting many concepts by it is one dict look-up each instead of a new key.

        >>> kg = KnowledgeGraph([Concept("b", "B", "concept"), Concept("a", "A", "concept")], [])
        >>> kg.book_rank()
        {'a': 0, 'b': 1}
        """
        rank = self._cache.get("rank")
        if rank is None:
            rank = self._cache["rank"] = {cid: i for i, cid in enumerate(sorted(self.concepts, key=self.order_key))}
        return rank

    def order_key(self, concept_id: str) -> tuple:
        """Tie-break key: chapter, then section in book order, then name, then id."""
        c = self.concepts[concept_id]
        src = c.source
        if src is None:
            return (1 << 30, 1 << 30, c.name.casefold(), c.id)
        chapter = src.chapter if src.chapter is not None else 1 << 30
        return (chapter, self.section_rank().get((src.chapter, src.section), 1 << 30), c.name.casefold(), c.id)
