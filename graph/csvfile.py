"""CSV files: import a graph from two CSV files, and write a graph as them.

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
left out, and each is reported as a warning in :attr:`ImportResult.problems`, as graph.builder.RULES says (the
``csv`` policy); prerequisite cycles are kept and reported by name.

Reading files is apart from parsing: :func:`import_csv` reads, :func:`parse_csv`
works on text.

>>> result = parse_csv("id,name,hours\\na,Alpha,1\\nb,Beta,2.5\\n",
...                    "source,target\\na,b\\nb,b\\na,zz\\n")
>>> result.kg
<KnowledgeGraph 2 concepts, 1 relations>
>>> for p in result.problems: print(p)
relations.csv:3: dropped: self-loop "Beta" (b)
relations.csv:4: dropped: unknown concept "zz" (referenced but never named in concepts.csv)
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from pathlib import Path

from .analysis import prerequisite_cycles
from .builder import Relations, Reporter, hours_problem, is_chapter
from .files import decode_utf8, read_bytes, write_outputs
from .model import (
    NODE_TYPES,
    RELATION_TYPES,
    Concept,
    InvalidGraph,
    KnowledgeGraph,
    OutputError,
    Problem,
    Source,
    is_valid_id,
    normalize_name,
    slugify,
)

CONCEPT_COLUMNS = ("id", "name", "type", "definition", "aliases", "hours", "tags", "chapter", "section")
#: The columns of ``relations.csv``, in the order the csv export writes them.
RELATION_COLUMNS = ("source", "target", "type", "reason")
#: Every format :func:`export_graph` and the ``export`` command know.
#: Separator of the list fields (aliases, tags) inside one CSV cell.
LIST_SEPARATOR = "|"
#: Description given to node types found in imported data and not built in.
IMPORTED_TYPE_DESCRIPTION = "A type found in imported CSV data."
#: Concept URIs of the skos export, unless a base URI is given.

_NODE_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_INTEGER = re.compile(r"^[+-]?\d+$")


class ImportResult:
    """The imported graph and every problem tolerated on the way (all warnings)."""

    __slots__ = ("kg", "problems")

    def __init__(self, kg: KnowledgeGraph, problems=()):
        self.kg = kg
        self.problems: list[Problem] = list(problems)

    def __repr__(self) -> str:
        return f"<ImportResult {self.kg!r}, {len(self.problems)} problems>"

    @property
    def dropped_rows(self) -> int:
        """How many rows were dropped."""
        return sum(p.is_dropped_row for p in self.problems)

    @property
    def cycles(self) -> int:
        """How many prerequisite cycles were found (and kept)."""
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
    name = str(path)
    return decode(read_bytes(path, "a CSV file", lambda reason: InvalidGraph([Problem(name, "", reason)])), name)


def decode(raw: bytes, name: str) -> str:
    """Decode the bytes of a CSV file as UTF-8 (BOM allowed), or raise :class:`InvalidGraph`.

    >>> decode("id,name\\n1,Caf\\u00e9\\n".encode("latin-1"), "c.csv")
    Traceback (most recent call last):
    ...
    graph.model.InvalidGraph: c.csv:2: not UTF-8 (byte 0xe9 at offset 13): save the file as UTF-8
    """

    def fail(line, byte, offset):
        message = f"not UTF-8 (byte 0x{byte:02x} at offset {offset}): save the file as UTF-8"
        return InvalidGraph([Problem(name, "", message, "error", line, "encoding")])

    return decode_utf8(raw, fail, skip_bom=True)


class _Table:
    """A CSV file split into rows: ``rows`` are (line, {column: value}) pairs."""

    __slots__ = ("name", "rows", "errors", "warnings")

    def __init__(self, name: str):
        self.name = name
        self.rows: list[tuple[int, dict[str, str]]] = []
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []


def _quote_list(names) -> str:
    names = [f'"{n}"' for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _missing_columns(missing: list[str], header: list[str], first_line: str) -> str:
    """Why a header lacks required columns, with a hint when it is not comma-separated."""
    message = f"missing column{'s' if len(missing) > 1 else ''} {_quote_list(missing)}"
    for sep, label in ((";", ";"), ("\t", "tab")):
        if sep in first_line and first_line.count(sep) >= first_line.count(","):
            return message + f"; the header looks {label}-separated: save the file with commas"
    return message + " (the header has: " + ", ".join(h or '""' for h in header) + ")"


def _table(text: str, name: str, required: tuple[str, ...], known: tuple[str, ...]) -> _Table:
    """``text`` split into rows under its header, with the problems of the file as CSV:
    ``errors`` refuse it (no header, missing columns, broken quoting), ``warnings``
    drop a row or a column."""
    table = _Table(name)

    def error(line, message, kind="format"):
        table.errors.append(Problem(name, "", message, "error", line, kind))

    def warn(line, message, kind):
        table.warnings.append(Problem(name, "", message, "warning", line, kind))

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
                    first_line = text.lstrip("\ufeff").splitlines()[start - 1] if text else ""
                    error(start, _missing_columns(missing, header, first_line), "column")
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
                    # one leading ' is the export's formula escape (spreadsheet_safe)
                    values[column] = spreadsheet_unsafe(cell.replace("\r\n", "\n").replace("\r", "\n"))
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
    """The required and the known columns of the concepts or the relations file."""
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
    builder = _CsvReader(concepts_name, relations_name)
    builder.problems.extend(concepts_table.warnings)
    builder.concepts(concepts_table.rows)
    builder.problems.extend(relations_table.warnings)
    kept = builder.relations(relations_table.rows)
    kg = KnowledgeGraph(builder.kept_concepts, kept, builder.node_types)
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


class _CsvReader:
    """Turns CSV rows into concepts and relations, reporting each broken rule through
    the builder's :class:`~graph.builder.Reporter` (the ``csv`` policy of RULES)."""

    def __init__(self, concepts_name: str, relations_name: str):
        self.concepts_name = concepts_name
        self.relations_name = relations_name
        self.reporter = Reporter("csv", concepts_name)
        #: Every problem, in the order met (the tables' own warnings are added in between).
        self.problems: list[Problem] = self.reporter.problems
        self.kept_concepts: list[Concept] = []
        self.node_types: dict[str, str] = {}
        self.id_of: dict[str, str] = {}  # the CSV's id -> the graph's id
        self.names: dict[str, str] = {}  # graph id -> name
        self.prerequisite_lines: dict[tuple[str, str], int] = {}

    def _warn(self, file: str, line: int | None, message: str, rule: str) -> bool:
        """Report a broken rule (graph.builder.RULES); True when the row is dropped."""
        return self.reporter.broke(rule, "", message, line, file)

    # -- concepts
    def concepts(self, rows) -> None:
        """Keep each concept row that the rules do not drop, repairing ids and types as the csv policy says."""
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
                    warn(line, f"dropped: duplicate of line {first_line}", "duplicate id")
                else:
                    warn(line, f'dropped: duplicate id "{raw_id}" (line {first_line} is kept)', "duplicate id")
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
                warn(line, f'id "{raw_id}" is not a lowercase slug; imported as "{cid}"', "id not a slug")
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
                    "shared label",
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
        """The node type a type cell names: built-in, declared on first use, or "concept"."""
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
                "node type name",
            )
            return "concept"
        if name != raw:
            self._warn(self.concepts_name, line, f'type "{raw}" imported as "{name}"', "node type name")
        if name not in NODE_TYPES:
            self.node_types.setdefault(name, IMPORTED_TYPE_DESCRIPTION)
        return name

    def _hours(self, cell: str, line: int) -> float | int | None:
        """The study time of an hours cell, or None (left out, with a warning) when it is not one."""
        raw = cell.strip()
        if not raw:
            return None
        try:
            value: float | int = int(raw) if _INTEGER.match(raw) else float(raw)
        except ValueError:
            value = math.nan
        if hours_problem(value):
            if _INTEGER.match(raw) and len(raw) > 4300:
                what = "has more than 4,300 digits"
            else:
                what = "is negative" if math.isfinite(value) else "is not a number"
            shown = raw if len(raw) <= 40 else raw[:37] + "..."
            self._warn(self.concepts_name, line, f'hours "{shown}" {what}; left out', "hours")
            return None
        return value

    def _source(self, values: dict, line: int) -> Source | None:
        """The chapter and section cells as a :class:`Source`, or None when both are empty."""
        raw = values.get("chapter", "").strip()
        chapter = None
        if raw:
            if _INTEGER.match(raw) and is_chapter(int(raw)):
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

    def relations(self, rows) -> list:
        """Keep each row that breaks no rule of graph.builder (their csv policy drops
        rows), in the words of a CSV file."""
        rules = Relations({cid: cid for cid in self.names})
        for line, values in rows:
            ends = [values.get("source", "").strip(), values.get("target", "").strip()]
            if not ends[0] or not ends[1]:
                self._warn(self.relations_name, line, f"dropped: no {'source' if not ends[0] else 'target'}", "missing end")
                continue
            raw_type = values.get("type", "").strip()
            rtype = re.sub(r"[\s\-]+", "_", raw_type.lower()) or "prerequisite"
            source, target = self.id_of.get(ends[0], ends[0]), self.id_of.get(ends[1], ends[1])
            reason = values.get("reason", "").strip()
            if rtype in RELATION_TYPES and not (ends[0] in self.id_of and ends[1] in self.id_of):
                source = target = None  # an id that is not the CSV's own: unknown, whatever the graph calls it
            for rule, detail in rules.faults(source, rtype, target, reason, line):
                if self._warn(self.relations_name, line, self._relation_message(rule, detail, ends, raw_type, rtype, source, target), rule):
                    break
            else:
                if rtype == "prerequisite":
                    self.prerequisite_lines[(source, target)] = line
        return rules.kept

    def _relation_message(self, rule, detail, ends, raw_type, rtype, source, target) -> str:
        """A broken rule of a relation row, in the words of a CSV file."""
        if rule == "unknown relation type":
            return f'dropped: unknown relation type "{raw_type}" (known: {", ".join(RELATION_TYPES)})'
        if rule == "unknown concept":
            unknown = [e for e in dict.fromkeys(ends) if e not in self.id_of]
            what = "concept" if len(unknown) == 1 else "concepts"
            return f"dropped: unknown {what} {_quote_list(unknown)} (referenced but never named in {self.concepts_name})"
        if rule == "self-loop":
            return f"dropped: self-loop {self._label(source)} ({source})"
        return f"dropped: duplicate of line {detail} ({self._label(source)} {rtype} {self._label(target)})"

    def cycles(self, kg: KnowledgeGraph) -> None:
        """Report each prerequisite cycle (kept: the csv policy), with its lines."""
        for cycle in prerequisite_cycles(kg):
            loop = [*cycle, cycle[0]]
            names = " -> ".join(f"{kg[c].name} ({c})" for c in loop)
            lines = ", ".join(str(self.prerequisite_lines[(u, v)]) for u, v in zip(loop, loop[1:]))
            self._warn(self.relations_name, None, f"prerequisite cycle: {names} (lines {lines})", "prerequisite cycle")



# ----------------------------------------------------------------------------- writing CSV

#: What makes a spreadsheet read a cell as a formula; a leading quote is the
#: escape itself, so a cell starting with one is escaped too (the import strips one).
FORMULA_START = ("=", "+", "-", "@", "'")


def spreadsheet_safe(cell: str) -> str:
    """A cell that a spreadsheet shows as text: one ``'`` put before a cell starting
    with ``=``, ``+``, ``-``, ``@`` or ``'``. The import strips exactly one leading
    ``'`` (:func:`spreadsheet_unsafe`), so an export imports back unchanged.

    >>> print(spreadsheet_safe('=HYPERLINK("http://x","y")'), spreadsheet_safe("'quoted"), spreadsheet_safe("plain"))
    '=HYPERLINK("http://x","y") ''quoted plain
    """
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def spreadsheet_unsafe(cell: str) -> str:
    """The cell :func:`spreadsheet_safe` was given: one leading ``'`` removed.

    >>> spreadsheet_unsafe("''quoted"), spreadsheet_unsafe("'=1+1"), spreadsheet_unsafe("x'")
    ("'quoted", '=1+1', "x'")
    """
    return cell[1:] if cell.startswith("'") else cell


class _SafeWriter:
    """A csv writer whose every cell goes through :func:`spreadsheet_safe`."""

    def __init__(self, stream):
        self._writer = csv.writer(stream, lineterminator="\n")

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])



def csv_tables(kg: KnowledgeGraph) -> dict[str, str]:
    """``{"concepts.csv": ..., "relations.csv": ...}`` in the import format, so that
    importing them gives back the same concepts and relations. Every cell is passed
    through :func:`spreadsheet_safe`, so no cell runs as a formula."""
    concepts = io.StringIO(newline="")
    writer = _SafeWriter(concepts)
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
    writer = _SafeWriter(relations)
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
    if kg.goals:
        losses.append('the curated goals declared under "goals" have no place in CSV: read back, the graph has none')
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
    # The two files are a pair: both are replaced, or neither (a full disk after
    # concepts.csv must not leave a new concepts file beside the old relations).
    files = {folder / name: text for name, text in (tables if tables is not None else csv_tables(kg)).items()}
    write_outputs(files)
    return list(files)


