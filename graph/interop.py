"""Import from CSV; export to GraphML, GEXF, node-link JSON, DOT, Mermaid, SKOS and CSV.

Import reads two plain CSV files (the format of docs/interop.md):

* ``concepts.csv``: a header with at least ``id,name``; optional ``type``,
  ``definition``, ``aliases`` (``|``-separated), ``hours``, ``tags``
  (``|``-separated), ``chapter``, ``section``;
* ``relations.csv``: ``source,target[,type][,reason]``; ``type`` defaults to
  ``prerequisite`` (the source is learned before the target).

A file that cannot be read as that CSV (unreadable, not UTF-8, a required column
missing, broken quoting) raises :class:`~graph.model.InvalidGraph`, every problem
located as ``file:line``. Messy rows are not fatal: duplicates, self-loops, ids
referenced but never named, unknown relation types are dropped, unusable values
left out, and each is reported as a :class:`CsvProblem` warning in
:attr:`ImportResult.problems`; prerequisite cycles are kept and reported by name.

Reading files is apart from parsing: :func:`import_csv` reads, :func:`parse_csv`
works on text.

>>> result = parse_csv("id,name,hours\\na,Alpha,1\\nb,Beta,2.5\\n",
...                    "source,target\\na,b\\nb,b\\na,zz\\n")
>>> result.kg
<KnowledgeGraph 2 concepts, 1 relations>
>>> for p in result.problems: print(p)
relations.csv:3: dropped: self-loop "Beta" (b)
relations.csv:4: dropped: unknown concept "zz" (referenced but never named in concepts.csv)
>>> print(export_graph(result.kg, "mermaid"), end="")
flowchart LR
  c_a["Alpha"]
  c_b["Beta"]
  c_a --> c_b
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .model import (
    EXPORT_FORMATS,  # noqa: F401  (re-exported: the formats this module writes)
    NODE_TYPES,
    RELATION_TYPES,
    Concept,
    GraphError,
    InvalidGraph,
    KnowledgeGraph,
    Problem,
    Relation,
    Source,
    is_valid_id,
    normalize_name,
    slugify,
)

#: The columns of ``concepts.csv``, in the order the csv export writes them.
CONCEPT_COLUMNS = ("id", "name", "type", "definition", "aliases", "hours", "tags", "chapter", "section")
#: The columns of ``relations.csv``, in the order the csv export writes them.
RELATION_COLUMNS = ("source", "target", "type", "reason")
#: Every format :func:`export_graph` and the ``export`` command know.
#: Separator of the list fields (aliases, tags) inside one CSV cell.
LIST_SEPARATOR = "|"
#: Description given to node types found in imported data and not built in.
IMPORTED_TYPE_DESCRIPTION = "A type found in imported CSV data."
#: Concept URIs of the skos export, unless a base URI is given.
DEFAULT_BASE_URI = "https://aie-graph.example/concept/"
#: The project's own RDF vocabulary (prerequisiteOf and the other relation types).
VOCABULARY_URI = "https://aie-graph.example/vocab#"
#: Mermaid's default limits: larger diagrams are refused by the renderer.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000

_NODE_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_INTEGER = re.compile(r"^[+-]?\d+$")


class OutputError(GraphError):
    """A file or folder that cannot be written."""


class MissingDependency(GraphError):
    """An optional library that a format needs is not installed."""


class CsvProblem(NamedTuple):
    """A problem of an imported CSV file, located by line (``relations.csv:17: ...``):
    a :class:`~graph.model.Problem` with two more fields.

    ``kind`` groups problems for summaries: ``"self-loop"``, ``"duplicate"``,
    ``"unknown concept"``, ``"cycle"``...

    >>> str(CsvProblem("relations.csv", "", "dropped: duplicate of line 9", "warning", 22, "duplicate"))
    'relations.csv:22: dropped: duplicate of line 9'
    """

    file: str
    where: str
    message: str
    severity: str = "error"
    line: int | None = None
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    @property
    def is_dropped_row(self) -> bool:
        """True when the problem made the importer drop a whole row."""
        return self.message.startswith("dropped:")


@dataclass
class ImportResult:
    """The imported graph and every problem tolerated on the way (all warnings)."""

    kg: KnowledgeGraph
    problems: list[CsvProblem] = field(default_factory=list)

    @property
    def dropped_rows(self) -> int:
        return sum(p.is_dropped_row for p in self.problems)

    @property
    def cycles(self) -> int:
        return sum(p.kind == "cycle" for p in self.problems)

    def counts(self) -> dict[str, int]:
        """Number of problems of each kind, most frequent first."""
        out: dict[str, int] = {}
        for p in self.problems:
            out[p.kind] = out.get(p.kind, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


# ----------------------------------------------------------------------------- reading CSV


def read_text(path: str | os.PathLike) -> str:
    """The text of a CSV file (UTF-8; a byte order mark, as Excel writes, is accepted).

    Raises :class:`InvalidGraph` naming the file, and the line of a byte that is not UTF-8.
    """
    from .store import read_bytes

    return decode(read_bytes(path, "a CSV file", CsvProblem), str(path))


def decode(raw: bytes, name: str) -> str:
    """Decode the bytes of a CSV file as UTF-8 (BOM allowed), or raise :class:`InvalidGraph`.

    >>> decode("id,name\\n1,Caf\\u00e9\\n".encode("latin-1"), "c.csv")
    Traceback (most recent call last):
    ...
    graph.model.InvalidGraph: c.csv:2: not UTF-8 (byte 0xe9 at offset 13): save the file as UTF-8
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        offset = e.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:offset].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{raw[offset]:02x} at offset {offset}): save the file as UTF-8"
        raise InvalidGraph([CsvProblem(name, "", message, "error", line, "encoding")]) from None


@dataclass
class _Table:
    """A CSV file split into rows: ``rows`` are (line, {column: value}) pairs."""

    name: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[CsvProblem] = field(default_factory=list)
    warnings: list[CsvProblem] = field(default_factory=list)


def _quote_list(names) -> str:
    names = [f'"{n}"' for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _table(text: str, name: str, required: tuple[str, ...], known: tuple[str, ...]) -> _Table:
    table = _Table(name)

    def error(line, message, kind="format"):
        table.errors.append(CsvProblem(name, "", message, "error", line, kind))

    def warn(line, message, kind):
        table.warnings.append(CsvProblem(name, "", message, "warning", line, kind))

    if not text.strip():
        error(None, "empty file: expected a header row with at least " + ",".join(required))
        return table
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    start = 1
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                missing = [c for c in required if c not in header]
                if missing:
                    plural = "s" if len(missing) > 1 else ""
                    message = f"missing column{plural} {_quote_list(missing)}"
                    first_line = text.lstrip("\ufeff").splitlines()[start - 1] if text else ""
                    for sep, label in ((";", ";"), ("\t", "tab")):
                        if sep in first_line and first_line.count(sep) >= first_line.count(","):
                            message += f'; the header looks {label}-separated: save the file with commas'
                            break
                    else:
                        message += " (the header has: " + ", ".join(h or '""' for h in header) + ")"
                    error(start, message, "column")
                    return table
                seen = set()
                for column in header:
                    if column in seen and column in known:
                        error(start, f'column "{column}" appears twice', "column")
                    seen.add(column)
                    if column not in known:
                        warn(start, f'column "{column}" ignored (known columns: {", ".join(known)})', "column")
                if table.errors:
                    return table
                continue
            if len(row) > len(header):
                extra = row[len(header):]
                if any(cell.strip() for cell in extra):
                    warn(
                        start,
                        f"dropped: {len(row)} fields where the header has {len(header)} "
                        "(a comma in an unquoted field?)",
                        "malformed row",
                    )
                    continue
            values = {}
            for column, cell in zip(header, row):
                if column in known and column not in values:
                    values[column] = cell.replace("\r\n", "\n").replace("\r", "\n")
            table.rows.append((start, values))
    except csv.Error as e:
        message = str(e)
        if "unexpected end of data" in message:
            message = f"broken quoting: the quoted field that starts on line {start} is never closed"
        elif "expected after" in message:
            message = (
                "broken quoting: a closing quote must be followed by a comma or the end of the line "
                '(write a quote inside a quoted field as "")'
            )
            start = reader.line_num
        elif "NUL" in message:
            message = "contains a NUL byte: not a text file?"
            start = reader.line_num
        else:
            message = f"not readable as CSV: {message}"
        error(start, message, "quoting")
    return table


# ----------------------------------------------------------------------------- import


def import_csv(concepts_path: str | os.PathLike, relations_path: str | os.PathLike | None = None) -> ImportResult:
    """Import a concepts CSV file and (optionally) a relations CSV file.

    Raises :class:`InvalidGraph` listing every fatal problem of both files (each
    as ``file:line: message``); returns the graph of what is sound and the
    problems tolerated (see the module docstring).
    """
    texts: dict[str, str | None] = {}
    errors: list[Problem] = []
    for key, path in (("concepts", concepts_path), ("relations", relations_path)):
        if path is None:
            texts[key] = None
            continue
        try:
            texts[key] = read_text(path)
        except InvalidGraph as e:
            errors.extend(e.problems)
            texts[key] = ""
    if errors:
        # Still look for the other file's fatal problems so that one run reports all.
        for key, path in (("concepts", concepts_path), ("relations", relations_path)):
            if path is not None and texts[key]:
                required, known = _columns(key)
                errors.extend(_table(texts[key], str(path), required, known).errors)
        raise InvalidGraph(sorted(errors, key=lambda p: (p.file != str(concepts_path), p.line or 0)))
    return parse_csv(
        texts["concepts"],
        texts["relations"],
        str(concepts_path),
        str(relations_path) if relations_path is not None else "relations.csv",
    )


def _columns(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if key == "concepts":
        return ("id", "name"), CONCEPT_COLUMNS
    return ("source", "target"), RELATION_COLUMNS


def parse_csv(
    concepts_text: str,
    relations_text: str | None = None,
    concepts_name: str = "concepts.csv",
    relations_name: str = "relations.csv",
) -> ImportResult:
    """:func:`import_csv` on text already read; the names are used in messages."""
    concepts_table = _table(concepts_text, concepts_name, *_columns("concepts"))
    relations_table = _table(relations_text or "source,target\n", relations_name, *_columns("relations"))
    errors = concepts_table.errors + relations_table.errors
    if errors:
        raise InvalidGraph(errors)
    builder = _CsvBuilder(concepts_name, relations_name)
    builder.problems.extend(concepts_table.warnings)
    builder.concepts(concepts_table.rows)
    builder.problems.extend(relations_table.warnings)
    builder.relations(relations_table.rows)
    kg = KnowledgeGraph(builder.kept_concepts, builder.kept_relations, builder.node_types)
    builder.cycles(kg)
    return ImportResult(kg, builder.problems)


def _split_list(cell: str) -> tuple[str, ...]:
    """``a | b||c`` -> ``('a', 'b', 'c')``."""
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip())


def _number_text(value: float) -> str:
    """A number as the csv export writes it: ints without ``.0``, floats exactly.

    >>> _number_text(2), _number_text(1.283), _number_text(2.0)
    ('2', '1.283', '2.0')
    """
    return str(value) if isinstance(value, int) else repr(float(value))


class _CsvBuilder:
    """Turns CSV rows into concepts and relations, collecting the problems."""

    def __init__(self, concepts_name: str, relations_name: str):
        self.concepts_name = concepts_name
        self.relations_name = relations_name
        self.problems: list[CsvProblem] = []
        self.kept_concepts: list[Concept] = []
        self.kept_relations: list[Relation] = []
        self.node_types: dict[str, str] = {}
        self.id_of: dict[str, str] = {}  # the CSV's id -> the graph's id
        self.names: dict[str, str] = {}  # graph id -> name
        self.prerequisite_lines: dict[tuple[str, str], int] = {}

    def _warn(self, file: str, line: int | None, message: str, kind: str) -> None:
        self.problems.append(CsvProblem(file, "", message, "warning", line, kind))

    # -- concepts
    def concepts(self, rows) -> None:
        warn = lambda line, message, kind: self._warn(self.concepts_name, line, message, kind)  # noqa: E731
        reserved = {values.get("id", "").strip() for _, values in rows}
        reserved = {r for r in reserved if is_valid_id(r)}
        used: set[str] = set()
        first_row: dict[str, tuple[int, dict]] = {}
        name_owner: dict[str, tuple[str, int]] = {}
        for line, values in rows:
            raw_id = values.get("id", "").strip()
            name = values.get("name", "").strip()
            if not raw_id:
                what = f' (name "{name}")' if name else ""
                warn(line, f"dropped: no id{what}", "missing id")
                continue
            if raw_id in first_row:
                first_line, first_values = first_row[raw_id]
                if first_values == values:
                    warn(line, f"dropped: duplicate of line {first_line}", "duplicate")
                else:
                    warn(line, f'dropped: duplicate id "{raw_id}" (line {first_line} is kept)', "duplicate")
                continue
            first_row[raw_id] = (line, values)
            if not name:
                warn(line, f'concept "{raw_id}" has no name; named after its id', "missing name")
                name = raw_id
            cid = raw_id
            aliases = _split_list(values.get("aliases", ""))
            if not is_valid_id(raw_id):
                base = slugify(raw_id) or slugify(name) or "concept"
                cid, n = base, 2
                while cid in used or (cid in reserved and cid != raw_id):
                    cid, n = f"{base}-{n}", n + 1
                warn(line, f'id "{raw_id}" is not a lowercase slug; imported as "{cid}"', "id")
                taken = {normalize_name(x) for x in (cid, name, *aliases)}
                if normalize_name(raw_id) not in taken:
                    aliases = (*aliases, raw_id)
            used.add(cid)
            self.id_of[raw_id] = cid
            self.names[cid] = name
            key = normalize_name(name)
            if key in name_owner:
                other, other_line = name_owner[key]
                warn(
                    line,
                    f'name "{name}" is also the name of "{other}" (line {other_line}): refer to them by id',
                    "shared name",
                )
            else:
                name_owner[key] = (cid, line)
            self.kept_concepts.append(
                Concept(
                    id=cid,
                    name=name,
                    type=self._type(values.get("type", ""), line),
                    aliases=aliases,
                    definition=values.get("definition", "").strip(),
                    source=self._source(values, line),
                    hours=self._hours(values.get("hours", ""), line),
                    tags=_split_list(values.get("tags", "")),
                )
            )

    def _type(self, cell: str, line: int) -> str:
        raw = cell.strip()
        if not raw:
            return "concept"
        if raw in NODE_TYPES or raw in self.node_types:
            return raw
        name = re.sub(r"[^a-z0-9]+", "_", raw.lower()).strip("_")
        if not _NODE_TYPE_NAME.match(name):
            self._warn(
                self.concepts_name,
                line,
                f'type "{raw}" is not usable as a type name (a letter, then letters, digits or _); used "concept"',
                "type",
            )
            return "concept"
        if name != raw:
            self._warn(self.concepts_name, line, f'type "{raw}" imported as "{name}"', "type")
        if name not in NODE_TYPES:
            self.node_types.setdefault(name, IMPORTED_TYPE_DESCRIPTION)
        return name

    def _hours(self, cell: str, line: int) -> float | int | None:
        raw = cell.strip()
        if not raw:
            return None
        try:
            value: float | int = int(raw) if _INTEGER.match(raw) else float(raw)
        except ValueError:
            value = math.nan
        if isinstance(value, float) and not math.isfinite(value):
            self._warn(self.concepts_name, line, f'hours "{raw}" is not a number; left out', "hours")
            return None
        if value < 0:
            self._warn(self.concepts_name, line, f'hours "{raw}" is negative; left out', "hours")
            return None
        return value

    def _source(self, values: dict, line: int) -> Source | None:
        raw = values.get("chapter", "").strip()
        chapter = None
        if raw:
            if _INTEGER.match(raw) and int(raw) >= 0:
                chapter = int(raw)
            else:
                self._warn(
                    self.concepts_name,
                    line,
                    f'chapter "{raw}" is not a whole number from 0 (the preface); left out',
                    "chapter",
                )
        section = values.get("section", "").strip() or None
        if chapter is None and section is None:
            return None
        return Source(chapter, section)

    # -- relations
    def _label(self, cid: str) -> str:
        return f'"{self.names[cid]}"'

    def relations(self, rows) -> None:
        warn = lambda line, message, kind: self._warn(self.relations_name, line, message, kind)  # noqa: E731
        seen: dict[tuple[str, str, str], int] = {}
        for line, values in rows:
            ends = [values.get("source", "").strip(), values.get("target", "").strip()]
            if not ends[0] or not ends[1]:
                warn(line, f"dropped: no {'source' if not ends[0] else 'target'}", "malformed row")
                continue
            raw_type = values.get("type", "").strip()
            rtype = re.sub(r"[\s\-]+", "_", raw_type.lower()) or "prerequisite"
            if rtype not in RELATION_TYPES:
                warn(
                    line,
                    f'dropped: unknown relation type "{raw_type}" (known: {", ".join(RELATION_TYPES)})',
                    "unknown relation type",
                )
                continue
            unknown = [e for e in dict.fromkeys(ends) if e not in self.id_of]
            if unknown:
                what = "concept" if len(unknown) == 1 else "concepts"
                warn(
                    line,
                    f"dropped: unknown {what} {_quote_list(unknown)} (referenced but never named in {self.concepts_name})",
                    "unknown concept",
                )
                continue
            source, target = self.id_of[ends[0]], self.id_of[ends[1]]
            if source == target:
                warn(line, f"dropped: self-loop {self._label(source)} ({source})", "self-loop")
                continue
            key = (source, rtype, target)
            if RELATION_TYPES[rtype].symmetric:
                key = (min(source, target), rtype, max(source, target))
            if key in seen:
                warn(
                    line,
                    f"dropped: duplicate of line {seen[key]} ({self._label(source)} {rtype} {self._label(target)})",
                    "duplicate",
                )
                continue
            seen[key] = line
            if rtype == "prerequisite":
                self.prerequisite_lines[(source, target)] = line
            self.kept_relations.append(Relation(source, rtype, target, values.get("reason", "").strip()))

    def cycles(self, kg: KnowledgeGraph) -> None:
        from .query import prerequisite_cycles

        for cycle in prerequisite_cycles(kg):
            loop = [*cycle, cycle[0]]
            names = " -> ".join(f"{kg[c].name} ({c})" for c in loop)
            lines = ", ".join(str(self.prerequisite_lines[(u, v)]) for u, v in zip(loop, loop[1:]))
            self._warn(self.relations_name, None, f"prerequisite cycle: {names} (lines {lines})", "cycle")


# ----------------------------------------------------------------------------- writing files


def write_output(path: str | os.PathLike, content: str | bytes) -> None:
    """Write a file atomically, turning every way it can fail into an :class:`OutputError`."""
    from .store import write_atomic

    try:
        write_atomic(path, content)
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None


# ----------------------------------------------------------------------------- export


def export_graph(kg: KnowledgeGraph, fmt: str, *, base_uri: str | None = None) -> str:
    """The graph in one of the formats of :data:`EXPORT_FORMATS` except ``csv`` (two
    files: see :func:`csv_tables`), as text.

    ``base_uri`` is the namespace of concept URIs in the ``skos`` export.
    """
    writers = {
        "graphml": to_graphml,
        "gexf": to_gexf,
        "json": to_node_link_json,
        "dot": to_dot,
        "mermaid": to_mermaid,
    }
    if fmt == "skos":
        return to_skos(kg, base_uri=base_uri)
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; csv is written by export_csv")
    return writers[fmt](kg)


def to_networkx(kg: KnowledgeGraph, *, lists: bool = False):
    """A networkx MultiDiGraph of the graph with every attribute, for file formats.

    Nodes carry ``label`` (the name), ``name``, ``type``, ``definition``,
    ``aliases``, ``hours``, ``tags``, ``chapter``, ``section``; edges carry ``id``
    (``e0``, ``e1``...), ``relation`` (the relation type), ``label`` (the same) and
    ``reason``. Empty values are left out. Lists are joined with ``|`` unless
    ``lists`` (GraphML and GEXF cannot hold lists).
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    if kg.title:
        g.graph["name"] = kg.title
    for c in kg.concepts.values():
        attrs: dict = {"label": c.name, "name": c.name, "type": c.type}
        if c.definition:
            attrs["definition"] = c.definition
        if c.aliases:
            attrs["aliases"] = list(c.aliases) if lists else LIST_SEPARATOR.join(c.aliases)
        if c.hours is not None:
            attrs["hours"] = c.hours if lists else float(c.hours)
        if c.tags:
            attrs["tags"] = list(c.tags) if lists else LIST_SEPARATOR.join(c.tags)
        if c.source is not None and c.source.chapter is not None:
            attrs["chapter"] = c.source.chapter
        if c.source is not None and c.source.section is not None:
            attrs["section"] = c.source.section
        g.add_node(c.id, **attrs)
    for i, r in enumerate(kg.relations):
        attrs = {"relation": r.type, "label": r.type}
        if r.reason:
            attrs["reason"] = r.reason
        g.add_edge(r.source, r.target, key=f"e{i}", **attrs)
    return g


def to_graphml(kg: KnowledgeGraph) -> str:
    """GraphML (networkx's writer), for Gephi, Cytoscape, yEd."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(to_networkx(kg))) + "\n"


def to_gexf(kg: KnowledgeGraph) -> str:
    """GEXF 1.2 (networkx's writer), Gephi's own format."""
    import networkx as nx

    g = to_networkx(kg)
    for u, v, key, data in g.edges(keys=True, data=True):
        data["id"] = key  # GEXF edge ids must be unique; networkx uses this attribute
    return "\n".join(nx.generate_gexf(g)) + "\n"


def to_node_link_json(kg: KnowledgeGraph) -> str:
    """networkx's node-link JSON (``nodes`` and ``edges``), lists kept as lists."""
    import json

    import networkx as nx

    g = to_networkx(kg, lists=True)
    try:
        data = nx.node_link_data(g, edges="edges")
    except TypeError:  # networkx before 3.4 names the argument `link`
        data = nx.node_link_data(g, link="edges")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- DOT

_DOT_NODE_STYLE = {
    "concept": ("box", "#dbe9f6"),
    "discipline": ("box3d", "#e5e5e5"),
    "technique": ("box", "#d4edda"),
    "process": ("cds", "#fff3cd"),
    "architecture": ("component", "#f8d7da"),
    "component": ("component", "#fde2e4"),
    "model_type": ("ellipse", "#e2d9f3"),
    "model": ("ellipse", "#d6c8f0"),
    "tool": ("tab", "#d1ecf1"),
    "benchmark": ("folder", "#ffe5b4"),
    "metric": ("hexagon", "#fff0c2"),
    "math": ("parallelogram", "#e8f4d9"),
    "paradigm": ("octagon", "#dde8f0"),
    "data": ("cylinder", "#f0e6d2"),
    "property": ("note", "#f2f2f2"),
    "layer": ("box3d", "#cfe2ff"),
    "product": ("house", "#ffd8a8"),
    "challenge": ("diamond", "#f5c6cb"),
}
_DOT_EDGE_STYLE = {
    "prerequisite": "",
    "is_a": 'style=dashed, arrowhead=onormal, label="is_a"',
    "part_of": 'style=dashed, arrowhead=odiamond, label="part_of"',
    "contrasts_with": 'style=dotted, dir=none, color="#c0392b", label="contrasts_with"',
    "related_to": 'style=dotted, dir=none, color="#7f8c8d", label="related_to"',
    "used_for": 'style=dashed, arrowhead=vee, label="used_for"',
    "example_of": 'style=dashed, arrowhead=empty, label="example_of"',
    "equivalent_to": 'style=bold, dir=both, color="#2c3e50", label="equivalent_to"',
}


def dot_quote(text: str) -> str:
    """A DOT double-quoted string holding ``text`` literally: backslashes and quotes
    escaped, line breaks as ``\\n``, other control characters as spaces.

    >>> print(dot_quote('say "hi" \\\\ {x}\\nbye'))
    "say \\"hi\\" \\\\ {x}\\nbye"
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = re.sub(r"\r\n|\r|\n", r"\\n", text)
    text = re.sub("[\x00-\x1f\x7f]", " ", text)
    return f'"{text}"'


def to_dot(kg: KnowledgeGraph) -> str:
    """A graphviz DOT digraph: left to right, node shape and colour by type,
    prerequisites as plain arrows, other relations styled and labelled."""
    lines = [
        "digraph concepts {",
        "  rankdir=LR;",
        '  node [style="filled,rounded", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    if kg.title:
        lines.append(f"  label={dot_quote(kg.title)}; labelloc=t;")
    for c in kg.concepts.values():
        shape, colour = _DOT_NODE_STYLE.get(c.type, ("box", "#ffffff"))
        tooltip = c.definition[:500] if c.definition else c.name
        lines.append(
            f"  {dot_quote(c.id)} [label={dot_quote(c.name)}, shape={shape}, fillcolor=\"{colour}\", "
            f"tooltip={dot_quote(tooltip)}];"
        )
    for r in kg.relations:
        style = _DOT_EDGE_STYLE.get(r.type, f"label={dot_quote(r.type)}")
        lines.append(f"  {dot_quote(r.source)} -> {dot_quote(r.target)}" + (f" [{style}]" if style else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- Mermaid

_MERMAID_SAFE = frozenset(" .,:()/+?!'-")


def mermaid_label(text: str) -> str:
    """Text for a Mermaid ``["..."]`` label: letters, digits, spaces and plain
    punctuation as they are; every other character as a ``#code;`` entity, so that
    no name can end the label or inject markup. Line breaks become spaces.

    >>> mermaid_label('a "quoted" <b>name</b> #1 [x] {y}')
    'a #34;quoted#34; #60;b#62;name#60;/b#62; #35;1 #91;x#93; #123;y#125;'
    """
    text = re.sub(r"\s+", " ", text).strip()
    out = []
    for ch in text:
        if ch.isalnum() or ch in _MERMAID_SAFE:
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def mermaid_ids(kg: KnowledgeGraph) -> dict[str, str]:
    """A Mermaid node id for each concept: ``c_`` and the id with anything but
    letters and digits as ``_`` (unique; the prefix keeps words like ``end`` out).

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": "a-b", "name": "X", "type": "concept"},
    ...                              {"id": "a_b", "name": "Y", "type": "concept"}]})
    >>> mermaid_ids(kg)
    {'a-b': 'c_a_b', 'a_b': 'c_a_b_2'}
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for cid in kg.concepts:
        base = "c_" + re.sub(r"[^A-Za-z0-9]", "_", cid)
        node, n = base, 2
        while node in taken:
            node, n = f"{base}_{n}", n + 1
        taken.add(node)
        out[cid] = node
    return out


def to_mermaid(kg: KnowledgeGraph) -> str:
    """A Mermaid flowchart (``flowchart LR``): prerequisites as ``-->`` arrows, other
    relations as dotted arrows labelled with their type (symmetric ones without a head)."""
    ids = mermaid_ids(kg)
    lines = ["flowchart LR"]
    for c in kg.concepts.values():
        lines.append(f'  {ids[c.id]}["{mermaid_label(c.name)}"]')
    for r in kg.relations:
        a, b = ids[r.source], ids[r.target]
        if r.type == "prerequisite":
            lines.append(f"  {a} --> {b}")
        elif RELATION_TYPES[r.type].symmetric:
            lines.append(f"  {a} -. {r.type} .- {b}")
        else:
            lines.append(f"  {a} -. {r.type} .-> {b}")
    return "\n".join(lines) + "\n"


# -- SKOS


def to_skos(kg: KnowledgeGraph, *, base_uri: str | None = None) -> str:
    """SKOS in Turtle (rdflib, an optional extra: ``pip install "aie-graph[rdf]"``).

    Each concept is a ``skos:Concept`` in one ``skos:ConceptScheme`` (``skos:inScheme``;
    concepts with nothing broader are its ``skos:hasTopConcept``), with
    ``skos:prefLabel``, ``skos:altLabel`` per alias and ``skos:definition``
    (language ``en``), ``skos:notation`` (the id), and ``aieg:nodeType``,
    ``aieg:hours``, ``aieg:tag``, ``aieg:chapter``, ``aieg:section`` when set.
    ``is_a`` is ``skos:broader`` (with the inverse ``skos:narrower`` stated too, for
    browsers), ``related_to`` is ``skos:related``; ``prerequisite`` is
    ``aieg:prerequisiteOf`` (source is a prerequisite of target), an
    ``owl:ObjectProperty`` of the project's vocabulary and deliberately not a
    sub-property of ``skos:related`` (SKOS makes ``skos:related`` disjoint from
    ``skos:broaderTransitive``). The other relation types are properties of the
    vocabulary too. Reasons are not exported.
    """
    try:
        import rdflib
        from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
    except ImportError:
        raise MissingDependency('the skos export needs rdflib: pip install "aie-graph[rdf]"') from None
    from urllib.parse import quote

    base = base_uri or DEFAULT_BASE_URI
    if not base.endswith(("/", "#")):
        base += "/"
    concept = rdflib.Namespace(base)
    vocab = rdflib.Namespace(VOCABULARY_URI)
    g = rdflib.Graph()
    g.bind("skos", SKOS)
    g.bind("aieg", vocab)
    g.bind("c", concept)
    g.bind("dct", DCTERMS)
    g.bind("owl", OWL)
    scheme = rdflib.URIRef(base.rstrip("/#"))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, rdflib.Literal(kg.title or "aie-graph concepts", lang="en")))

    properties = {
        rtype: vocab[_camel(rtype) + ("Of" if rtype == "prerequisite" else "")]
        for rtype in RELATION_TYPES
        if rtype not in ("is_a", "related_to")
    }
    used = {r.type for r in kg.relations}
    for rtype, prop in properties.items():
        if rtype not in used:
            continue
        rt = RELATION_TYPES[rtype]
        g.add((prop, RDF.type, OWL.ObjectProperty))
        if rt.symmetric:
            g.add((prop, RDF.type, OWL.SymmetricProperty))
        g.add((prop, RDFS.label, rdflib.Literal(rt.reads, lang="en")))
        g.add((prop, RDFS.comment, rdflib.Literal(rt.description, lang="en")))

    def uri(cid: str):
        return concept[quote(cid, safe="")]

    has_broader = {r.source for r in kg.relations if r.type == "is_a"}
    for c in kg.concepts.values():
        node = uri(c.id)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        if c.id not in has_broader:
            g.add((scheme, SKOS.hasTopConcept, node))
        g.add((node, SKOS.prefLabel, rdflib.Literal(c.name, lang="en")))
        g.add((node, SKOS.notation, rdflib.Literal(c.id)))
        for alias in c.aliases:
            g.add((node, SKOS.altLabel, rdflib.Literal(alias, lang="en")))
        if c.definition:
            g.add((node, SKOS.definition, rdflib.Literal(c.definition, lang="en")))
        g.add((node, vocab.nodeType, rdflib.Literal(c.type)))
        if c.hours is not None:
            g.add((node, vocab.hours, rdflib.Literal(str(c.hours), datatype=XSD.decimal)))
        for tag in c.tags:
            g.add((node, vocab.tag, rdflib.Literal(tag)))
        if c.source is not None and c.source.chapter is not None:
            g.add((node, vocab.chapter, rdflib.Literal(c.source.chapter)))
        if c.source is not None and c.source.section is not None:
            g.add((node, vocab.section, rdflib.Literal(c.source.section, lang="en")))
    for r in kg.relations:
        s, t = uri(r.source), uri(r.target)
        if r.type == "is_a":
            g.add((s, SKOS.broader, t))
            g.add((t, SKOS.narrower, s))
        elif r.type == "related_to":
            g.add((s, SKOS.related, t))
        else:
            g.add((s, properties[r.type], t))
    return g.serialize(format="turtle")


def _camel(name: str) -> str:
    """``part_of`` -> ``partOf``."""
    first, *rest = name.split("_")
    return first + "".join(w.capitalize() for w in rest)


# -- CSV


def csv_tables(kg: KnowledgeGraph) -> dict[str, str]:
    """``{"concepts.csv": ..., "relations.csv": ...}`` in the import format, so that
    importing them gives back the same concepts and relations."""
    concepts = io.StringIO(newline="")
    writer = csv.writer(concepts, lineterminator="\n")
    writer.writerow(CONCEPT_COLUMNS)
    for c in kg.concepts.values():
        source = c.source or Source()
        writer.writerow(
            [
                c.id,
                c.name,
                c.type,
                c.definition,
                LIST_SEPARATOR.join(c.aliases),
                "" if c.hours is None else _number_text(c.hours),
                LIST_SEPARATOR.join(c.tags),
                "" if source.chapter is None else str(source.chapter),
                source.section or "",
            ]
        )
    relations = io.StringIO(newline="")
    writer = csv.writer(relations, lineterminator="\n")
    writer.writerow(RELATION_COLUMNS)
    for r in kg.relations:
        writer.writerow([r.source, r.target, r.type, r.reason])
    return {"concepts.csv": concepts.getvalue(), "relations.csv": relations.getvalue()}


def csv_losses(kg: KnowledgeGraph, tables: dict[str, str] | None = None) -> list[str]:
    """What would not come back identically from a csv export and import: one line
    per concept or relation that differs (a ``|`` inside an alias, surrounding
    spaces, a self-loop...). Empty for graphs that round-trip. ``tables`` is
    :func:`csv_tables` when already made."""
    tables = tables if tables is not None else csv_tables(kg)
    try:
        back = parse_csv(tables["concepts.csv"], tables["relations.csv"]).kg
    except InvalidGraph as e:  # pragma: no cover - the writer's own output always parses
        return [str(p) for p in e.problems]
    losses = []
    for cid, c in kg.concepts.items():
        if back.concepts.get(cid) != c:
            losses.append(f'concept "{cid}" will not read back identically from CSV')
    kept = {(r.source, r.type, r.target, r.reason) for r in back.relations}
    for r in kg.relations:
        if (r.source, r.type, r.target, r.reason) not in kept:
            losses.append(f'relation "{r.source}" {r.type} "{r.target}" will not read back identically from CSV')
    used = {(c.source.chapter, c.source.section) for c in kg.concepts.values() if c.source is not None}
    if sorted(used, key=kg.section_rank().__getitem__) != sorted(used, key=back.section_rank().__getitem__):
        losses.append(
            'the book order of sections declared under "sections" has no place in CSV: read back, sections '
            "are ordered by their first appearance, which changes how ties are broken"
        )
    return losses


def export_csv(kg: KnowledgeGraph, directory: str | os.PathLike, tables: dict[str, str] | None = None) -> list[Path]:
    """Write ``DIR/concepts.csv`` and ``DIR/relations.csv`` (each atomically),
    creating the folder if needed; return the two paths. ``tables`` is
    :func:`csv_tables` when already made."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: exists and is not a directory (csv writes two files into a directory)") from None
    except OSError as e:
        raise OutputError(f"{folder}: cannot create: {e.strerror or e}") from None
    paths = []
    for name, text in (tables if tables is not None else csv_tables(kg)).items():
        write_output(folder / name, text)
        paths.append(folder / name)
    return paths


def export_notes(kg: KnowledgeGraph, fmt: str, content=None) -> list[str]:
    """Warnings about an export: what a csv export loses, or a Mermaid diagram too
    big for Mermaid's default limits. ``content`` is the export when already made
    (the csv tables, or the Mermaid text), so it is not made twice."""
    if fmt == "csv":
        return csv_losses(kg, content)
    if fmt == "mermaid":
        notes = []
        if len(kg.relations) > MERMAID_MAX_EDGES:
            notes.append(
                f"Mermaid renders at most {MERMAID_MAX_EDGES} edges by default and this diagram has "
                f"{len(kg.relations)}: export part of the graph (e.g. --curriculum GOAL)"
            )
        else:
            size = len(content if content is not None else to_mermaid(kg))
            if size > MERMAID_MAX_TEXT:
                notes.append(
                    f"Mermaid renders at most {MERMAID_MAX_TEXT:,} characters by default and this diagram has "
                    f"{size:,}: export part of the graph (e.g. --curriculum GOAL)"
                )
        return notes
    return []
