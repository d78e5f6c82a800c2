"""Reading, checking and writing graph files.

Two levels of checking:

* :func:`load` is tolerant where meaning survives. It refuses (raises
  :class:`~graph.model.InvalidGraph`) only what it cannot interpret: bytes that are
  not JSON, a wrong shape or field type, duplicate ids, relations to unknown
  concepts, unknown relation types. Prerequisite cycles, self-loops, shared
  aliases, odd ids and undeclared node types load, each with a warning in
  ``kg.warnings``.
* :func:`validate` is the strict check for authors: the JSON Schema, then every
  rule of meaning, each problem located by JSON path.

>>> kg = from_dict({"concepts": [{"id": "a", "name": "A", "type": "concept"}], "relations": []})
>>> kg
<KnowledgeGraph 1 concepts, 0 relations>
>>> [str(p) for p in validate({"concepts": [{"id": "a", "name": "A"}]}, "g.json")]
['g.json: concepts[0]: missing "type"']
"""

from __future__ import annotations

import json
import math
import os
import re

from .basics import bundled_graph_file
from .model import (
    NODE_TYPES,
    RELATION_TYPES,
    Concept,
    Goal,
    InvalidGraph,
    KnowledgeGraph,
    Problem,
    ID_RE,
    Source,
    gc_paused,
    normalize_name,
    paused_gc,
)

#: Longest definition accepted without complaint by ``validate``.
MAX_DEFINITION_LENGTH = 10_000

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "schema.json")


# ----------------------------------------------------------------------------- reading


def read_bytes(path: str | os.PathLike, kind: str, problem=Problem) -> bytes:
    """The bytes of a user's file, or :class:`InvalidGraph` with one ``problem`` naming
    the file and why it cannot be read (``kind`` says what it should have been)."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise InvalidGraph([problem(name, "", "no such file")]) from None
    except IsADirectoryError:
        raise InvalidGraph([problem(name, "", f"is a directory, not {kind}")]) from None
    except OSError as e:
        raise InvalidGraph([problem(name, "", f"cannot read: {e.strerror or e}")]) from None


def read_json(path: str | os.PathLike) -> object:
    """Read a JSON file, turning every way it can fail into an :class:`InvalidGraph`
    that names the file and, for syntax errors, the line and column."""
    name = str(path)
    raw = read_bytes(path, "a graph file")
    text = _decode(raw, name)
    del raw  # a 30 MB file's bytes need not stay beside its text while it is parsed
    return _parse_text(text, name)


def _decode(raw: bytes, name: str) -> str:
    if not raw or raw.isspace():  # not raw.strip(): that copies a 30 MB file
        raise InvalidGraph([Problem(name, "", "empty file: expected a JSON object with \"concepts\"")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InvalidGraph(
            [Problem(name, "", "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InvalidGraph(
            [Problem(name, f"line {line}", f"not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})")]
        ) from None


def _parse_text(text: str, name: str) -> object:
    # json, not orjson: orjson parses a 30 MB file 0.15 s sooner but needs 55 MB
    # more at its peak (its own document tree beside the Python objects), and peak
    # memory is what limits a laptop (docs/benchmarks.md).
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        what = e.msg
        if e.msg.startswith("Unterminated string"):  # json only says so at the end of the text
            what = "a string is never closed (the file ends too early: truncated?)"
        elif e.pos >= len(text.rstrip()):
            what = f"{e.msg} (the file ends too early: truncated?)"
        raise InvalidGraph([Problem(name, f"line {e.lineno} column {e.colno}", f"not valid JSON: {what}")]) from None
    except RecursionError:
        raise InvalidGraph([Problem(name, "", "not valid JSON: nested too deeply")]) from None


def bundled_graph_path():
    """Path of the bundled AI-engineering graph (``data/concepts.json``), in a source
    checkout or an installed package alike.

    >>> bundled_graph_path().name
    'concepts.json'
    """
    from pathlib import Path  # not at start-up: show, search and list never need it

    return Path(bundled_graph_file())


def load(path: str | os.PathLike | None = None) -> KnowledgeGraph:
    """Load a graph file (the bundled graph when ``path`` is None).

    Raises :class:`InvalidGraph` for what cannot be interpreted; what can be
    tolerated is kept in ``kg.warnings``.
    """
    path = bundled_graph_file() if path is None else path
    # The parsed file is ours alone: let the builder drop each item once read, so a
    # big file's parsed form and its records are never all in memory at once.
    with paused_gc():
        return from_dict(read_json(path), str(path), _consume=True)


def from_dict(data: object, file: str = "<data>", *, _consume: bool = False) -> KnowledgeGraph:
    """Build a :class:`KnowledgeGraph` from parsed JSON, tolerantly (see :func:`load`)."""
    builder = _Builder(data, file, consume=_consume)
    fatal = builder.shape_errors + [p for p in builder.semantic if p.severity == "error"]
    if fatal:
        raise InvalidGraph(fatal)
    kg = KnowledgeGraph.from_rows(
        builder.concepts,
        builder.relations,
        builder.node_types,
        file=file,
        title=builder.title,
        warnings=[p for p in builder.semantic if p.severity == "warning"],
        sections=builder.sections,
        description=builder.description,
        goals=builder.goals,
    )
    kg.warnings.extend(cycle_problems(kg, severity="warning"))
    return kg


# ----------------------------------------------------------------------------- checking


@gc_paused
def validate(data: object, file: str = "<data>", *, redundant: bool = True) -> list[Problem]:
    """Every problem of a parsed graph file, strictly: schema first, then meaning.

    Errors have ``severity == "error"``; ``redundant`` adds a warning for each
    prerequisite edge already implied by a longer chain.
    """
    builder = _Builder(data, file, strict=True)
    problems = builder.shape_errors + builder.semantic
    # The schema catches what the builder does not look at (unknown fields, empty
    # strings...); where both speak of one place, the builder's words are kept.
    covered = {p.where for p in problems}
    for p in schema_problems(data, file):
        if not any(p.where == w or p.where.startswith(w + ".") or p.where.startswith(w + "[") for w in covered):
            problems.append(p)
    problems.sort(key=lambda p: _location_key(p.where))
    if builder.concepts:
        kg = KnowledgeGraph.from_rows(
            builder.concepts, builder.relations, builder.node_types, file=file, sections=builder.sections
        )
        problems.extend(cycle_problems(kg, severity="error"))
        if redundant:
            problems.extend(redundant_prerequisites(kg))
    return problems


_SECTIONS = {"": 0, "title": 1, "description": 2, "node_types": 3, "sections": 4, "goals": 5, "concepts": 6, "relations": 7}


def _location_key(where: str) -> tuple:
    """Sort problems in document order: ``concepts[2].id`` before ``concepts[10]``."""
    parts = re.findall(r"[^.\[\]]+", where)
    head = _SECTIONS.get(parts[0] if parts else "", 7) if not where.startswith("line") else 0
    return (head, *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts[1:]))


def validate_file(path: str | os.PathLike) -> list[Problem]:
    """:func:`validate` a file; unreadable or non-JSON files give one problem."""
    try:
        data = read_json(path)
    except InvalidGraph as e:
        return e.problems
    return validate(data, str(path))


def schema_problems(data: object, file: str) -> list[Problem]:
    """Problems found by the JSON Schema in ``graph/schema.json`` (jsonschema, imported here)."""
    if _passes_compiled_schema(data):
        return []
    validator = _schema_validator()
    problems = []
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    except RecursionError:  # jsonschema recurses; orjson parses 100,000 nested lists
        return [Problem(file, "", "nested too deeply to check: lists or objects more than about 1,000 levels deep")]
    for error in errors:
        problems.append(Problem(file, json_path(error.absolute_path), _schema_message(error)))
    return problems


def _inlined_schema() -> dict:
    """``graph/schema.json`` with its ``$ref``s inlined (read once; callers copy it
    before changing it)."""
    if "inlined" in _CACHE:
        return _CACHE["inlined"]
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    defs = schema.get("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node and node["$ref"].startswith("#/$defs/"):
                return inline(defs[node["$ref"][len("#/$defs/"):]])
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    _CACHE["inlined"] = inline(schema)
    return _CACHE["inlined"]


def _schema_validator():
    """The schema's validator, made once, with its ``$ref``s inlined: jsonschema's
    reference lookups made checking a 100,000-concept file four times slower."""
    validator = _CACHE.get("validator")
    if validator is None:
        import jsonschema

        validator = _CACHE["validator"] = jsonschema.Draft202012Validator(_inlined_schema())
    return validator


def _passes_compiled_schema(data: object) -> bool:
    """True when the schema, compiled to Python by fastjsonschema, accepts ``data``.

    Only a shortcut for the common case, a valid file: fastjsonschema stops at the
    first problem and words it its own way, so any refusal (or a missing
    fastjsonschema) sends the file to jsonschema, which lists every problem. Checking
    100,000 concepts takes a fifth of jsonschema's time (docs/benchmarks.md). The
    schema uses only keywords that draft 7 and 2020-12 define alike, with its
    ``$ref``s inlined, so the draft-7 compiler applies.
    """
    check = _CACHE.get("compiled")
    if check is None:
        try:
            import fastjsonschema
        except ImportError:  # pragma: no cover - a dependency; jsonschema still answers
            return False
        schema = {**_inlined_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
        schema.pop("$id", None)
        check = _CACHE["compiled"] = fastjsonschema.compile(schema)
    try:
        check(data)
    except Exception:  # JsonSchemaException, or RecursionError on absurd nesting
        return False
    return True


_CACHE: dict = {}


def _schema_message(error) -> str:
    if error.validator == "pattern" and isinstance(error.instance, str):
        return f"{error.instance!r} is not a lowercase slug (letters, digits, single - _ or . between)"
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field(s)")
    message = error.message
    if len(message) > 200:
        message = message[:200] + "..."
    return message


def json_path(parts) -> str:
    """Render a sequence of keys and indexes as ``concepts[3].aliases[0]``.

    >>> json_path(["concepts", 3, "source", "chapter"])
    'concepts[3].source.chapter'
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def cycle_problems(kg: KnowledgeGraph, severity: str) -> list[Problem]:
    """One problem per prerequisite cycle group, naming a cycle concept by concept."""
    from .output import abbreviate
    from .query import prerequisite_cycles

    problems = []
    for cycle in prerequisite_cycles(kg):
        names = " -> ".join(abbreviate([f"{kg[c].name} ({c})" for c in [*cycle, cycle[0]]]))
        problems.append(Problem(kg.file or "<data>", "relations", f"prerequisite cycle: {names}", severity))
    return problems


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


class _Builder:
    """Walks parsed JSON once, building records and collecting problems.

    ``shape_errors`` are wrong shapes and field types (what the schema forbids);
    ``semantic`` are problems of meaning, each an error or a warning depending on
    whether tolerant loading can live with it.
    """

    def __init__(self, data: object, file: str, strict: bool = False, consume: bool = False):
        self.file = file
        self.strict = strict
        #: Replace each concept and relation of ``data`` by None once read.
        self.consume = consume
        self.shape_errors: list[Problem] = []
        self.semantic: list[Problem] = []
        self.concepts: list[Concept] = []
        #: (source, type, target, reason) of each relation kept (see KnowledgeGraph.from_rows).
        self.relations: list[tuple] = []
        self.node_types: dict[str, str] = {}
        #: The declared book order of sections: (chapter, section) pairs.
        self.sections: list[tuple[int | None, str]] = []
        self.title = self.description = None
        #: The curated study goals whose concept exists (see :meth:`_goals`).
        self.goals: list[Goal] = []
        if not isinstance(data, dict):
            self._shape("", f"top level must be a JSON object with \"concepts\", not {_kind(data)}")
            return
        self.title = data.get("title") if isinstance(data.get("title"), str) else None
        self.description = data.get("description") if isinstance(data.get("description"), str) else None
        self._node_types(data.get("node_types"))
        self._sections(data.get("sections"))
        concepts = data.get("concepts")
        if not isinstance(concepts, list):
            if "concepts" not in data:  # at the top level, where the schema reports it too
                self._shape("", 'missing "concepts" (the list of concepts)')
            else:
                self._shape("concepts", f"must be a list, not {_kind(concepts)}")
            return
        relations = data.get("relations", [])
        if not isinstance(relations, list):
            self._shape("relations", f"must be a list, not {_kind(relations)}")
            relations = []
        self._concepts(concepts)
        self._relations(relations)
        self._goals(data.get("goals"))

    # -- helpers
    def _shape(self, where: str, message: str) -> None:
        self.shape_errors.append(Problem(self.file, where, message))

    def _meaning(self, where: str, message: str, fatal: bool) -> None:
        severity = "error" if (fatal or self.strict) else "warning"
        self.semantic.append(Problem(self.file, where, message, severity))

    def _node_types(self, declared: object) -> None:
        if declared is None:
            return
        if not isinstance(declared, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in declared.items()
        ):
            self._shape("node_types", "must be an object mapping each type name to its description")
            return
        self.node_types = dict(declared)

    def _sections(self, declared: object) -> None:
        if declared is None:
            return
        if not isinstance(declared, list):
            self._shape("sections", f'must be a list like [{{"chapter": 1, "section": "..."}}], not {_kind(declared)}')
            return
        seen: dict[tuple, int] = {}
        for i, item in enumerate(declared):
            where = f"sections[{i}]"
            if not isinstance(item, dict):
                self._shape(where, f'must be an object like {{"chapter": 1, "section": "..."}}, not {_kind(item)}')
                continue
            source = self._source(item, where)
            if not source:
                continue
            if source.section is None:
                self._shape(where, 'missing "section"')
                continue
            key = (source.chapter, source.section)
            if key in seen:
                self._meaning(where, f"duplicate of sections[{seen[key]}]", False)
                continue
            seen[key] = i
            self.sections.append(key)

    def _goals(self, declared: object) -> None:
        """The top-level ``goals`` list: ``[{"id": concept id, "description": "one line"}]``.
        A goal naming no concept is dropped with a warning."""
        if declared is None:
            return
        if not isinstance(declared, list):
            self._shape("goals", f'must be a list like [{{"id": "rag", "description": "..."}}], not {_kind(declared)}')
            return
        ids = {c.id for c in self.concepts}
        seen: dict[str, int] = {}
        for i, item in enumerate(declared):
            where = f"goals[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                self._shape(where, f'must be an object like {{"id": "rag", "description": "..."}}, not {_kind(item)}')
                continue
            description = item.get("description", "")
            if not isinstance(description, str):
                self._shape(f"{where}.description", f"must be a string, not {_kind(description)}")
                description = ""
            if item["id"] not in ids:
                self._meaning(f"{where}.id", f'unknown concept "{item["id"]}"; goal dropped', False)
                continue
            if item["id"] in seen:
                self._meaning(f"{where}.id", f'duplicate of goals[{seen[item["id"]]}]; dropped', False)
                continue
            seen[item["id"]] = i
            self.goals.append(Goal(item["id"], description))

    def _concepts(self, items: list) -> None:
        seen: dict[str, int] = {}
        #: normalised label -> (id, concept index, label number) of its first holder;
        #: label 0 is the id, 1 the name, 2 on the aliases.
        names: dict[str, tuple[str, int, int]] = {}
        names_get = names.get
        known_types = {**NODE_TYPES, **self.node_types}
        consume = self.consume
        append = self.concepts.append
        is_slug = ID_RE.fullmatch
        for i, item in enumerate(items):
            if consume:
                items[i] = None
            concept = _well_formed_concept(item) or self._concept(item, f"concepts[{i}]")
            if concept is None:
                continue
            cid = concept.id
            if cid in seen:
                self._meaning(f"concepts[{i}].id", f'duplicate id "{cid}" (first at concepts[{seen[cid]}])', True)
                continue
            seen[cid] = i
            append(concept)
            if is_slug(cid):  # a slug normalises by dropping - and _: no regular expression needed
                key_id = cid.replace("-", "").replace("_", "")
            else:
                key_id = normalize_name(cid)
                self._meaning(
                    f"concepts[{i}].id",
                    f'"{cid}" is not a lowercase slug (letters and digits joined by single -, _ or .)',
                    False,
                )
            if concept.type not in known_types:
                self._meaning(
                    f"concepts[{i}].type",
                    f'unknown node type "{concept.type}"; declare it under "node_types" or use one of: '
                    + ", ".join(sorted(known_types)),
                    False,
                )
            if len(concept.definition) > MAX_DEFINITION_LENGTH:
                self._meaning(
                    f"concepts[{i}].definition",
                    f"definition is {len(concept.definition):,} characters long; the limit is "
                    f"{MAX_DEFINITION_LENGTH:,}",
                    False,
                )
            if concept.aliases:
                keys = (key_id, normalize_name(concept.name), *map(normalize_name, concept.aliases))
            else:
                keys = (key_id, normalize_name(concept.name))
            for k, key in enumerate(keys):
                if not key:
                    self._meaning(
                        f"concepts[{i}].{_label_field(k)}",
                        f"{_label(concept, k)!r} is blank once spaces and dashes go",
                        False,
                    )
                    continue
                if k and key in keys[:k]:  # the concept's own labels may coincide
                    continue
                other = names_get(key)
                if other is None:
                    names[key] = (cid, i, k)
                else:
                    self._meaning(
                        f"concepts[{i}].{_label_field(k)}",
                        f'"{_label(concept, k)}" is also concepts[{other[1]}].{_label_field(other[2])} of '
                        f'"{other[0]}" (names and aliases must be unique, ignoring case, spaces, - and _)',
                        False,
                    )

    def _concept(self, item: object, where: str) -> Concept | None:
        if not isinstance(item, dict):
            self._shape(where, f"a concept must be an object, not {_kind(item)}")
            return None
        ok = True
        for key in ("id", "name", "type"):
            value = item.get(key)
            if value is None:
                self._shape(where, f'missing "{key}"')
                ok = False
            elif not isinstance(value, str):
                self._shape(f"{where}.{key}", f"must be a string, not {_kind(value)}")
                ok = False
            elif not value.strip():
                self._shape(f"{where}.{key}", "must not be empty")
                ok = False
        if not ok:
            return None
        # A bad optional field is reported and left out, but the concept is kept so
        # that the strict check still sees its id and names.
        aliases = self._strings(item.get("aliases"), f"{where}.aliases")
        tags = self._strings(item.get("tags"), f"{where}.tags")
        definition = item.get("definition", "")
        if not isinstance(definition, str):
            self._shape(f"{where}.definition", f"must be a string, not {_kind(definition)}")
            definition = ""
        hours = item.get("hours")
        if hours is not None:
            problem = None
            if isinstance(hours, bool) or not isinstance(hours, (int, float)):
                problem = f"must be a number, not {_kind(hours)}"
            elif not math.isfinite(hours):
                problem = f"must be a finite number, not {hours}"
            elif hours < 0:
                problem = f"must not be negative ({hours})"
            if problem:
                self._shape(f"{where}.hours", problem)
                hours = None
        source = self._source(item.get("source"), f"{where}.source")
        return Concept(
            id=item["id"],
            name=item["name"],
            type=item["type"],
            aliases=tuple(aliases or ()),
            definition=definition,
            source=source or None,
            hours=hours,
            tags=tuple(tags or ()),
        )

    def _strings(self, value: object, where: str) -> list[str] | None:
        if value is None:
            return []
        if not isinstance(value, list):
            self._shape(where, f"must be a list of strings, not {_kind(value)}")
            return None
        for k, v in enumerate(value):
            if not isinstance(v, str):
                self._shape(f"{where}[{k}]", f"must be a string, not {_kind(v)}")
                return None
        return value

    def _source(self, value: object, where: str):
        if value is None:
            return None
        if not isinstance(value, dict):
            self._shape(where, f'must be an object like {{"chapter": 1, "section": "..."}}, not {_kind(value)}')
            return False
        chapter, section = value.get("chapter"), value.get("section")
        if chapter is not None and (isinstance(chapter, bool) or not isinstance(chapter, int) or chapter < 0):
            self._shape(f"{where}.chapter", f"must be a whole number from 0 (the preface), not {chapter!r}")
            return False
        if section is not None and not isinstance(section, str):
            self._shape(f"{where}.section", f"must be a string, not {_kind(section)}")
            return False
        return Source(chapter, section)

    def _relations(self, items: list) -> None:
        ids = {c.id: c.id for c in self.concepts}
        types = {name: name for name in RELATION_TYPES}
        symmetric = {name for name, t in RELATION_TYPES.items() if t.symmetric}
        seen: dict[tuple, int] = {}
        append = self.relations.append
        consume = self.consume
        for i, item in enumerate(items):
            if consume:
                items[i] = None
            # Fast path, for the relations with nothing to report: the ids and type
            # are the concepts' and the table's own strings, so the file's copies of
            # them can be freed (300,000 relations: 3 strings each).
            if type(item) is dict:
                source, rtype, target = item.get("source"), item.get("type"), item.get("target")
                reason = item.get("reason", "")
                if type(source) is type(rtype) is type(target) is type(reason) is str and source != target:
                    source, rtype, target = ids.get(source), types.get(rtype), ids.get(target)
                    if source is not None and rtype is not None and target is not None:
                        key = (min(source, target), rtype, max(source, target)) if rtype in symmetric else (source, rtype, target)
                        if key not in seen:
                            seen[key] = i
                            append((source, rtype, target, reason))
                            continue
            where = f"relations[{i}]"
            if not isinstance(item, dict):
                self._shape(where, f"a relation must be an object, not {_kind(item)}")
                continue
            ok = True
            for key in ("source", "type", "target"):
                value = item.get(key)
                if value is None:
                    self._shape(where, f'missing "{key}"')
                    ok = False
                elif not isinstance(value, str):
                    self._shape(f"{where}.{key}", f"must be a string, not {_kind(value)}")
                    ok = False
            reason = item.get("reason", "")
            if not isinstance(reason, str):
                self._shape(f"{where}.reason", f"must be a string, not {_kind(reason)}")
                ok = False
            if not ok:
                continue
            source, rtype, target = item["source"], item["type"], item["target"]
            if rtype not in RELATION_TYPES:
                self._meaning(
                    f"{where}.type",
                    f'unknown relation type "{rtype}"; use one of: ' + ", ".join(RELATION_TYPES),
                    True,
                )
                continue
            dangling = False
            for key, value in (("source", source), ("target", target)):
                if value not in ids:
                    self._meaning(f"{where}.{key}", f'unknown concept "{value}"', True)
                    dangling = True
            if dangling:
                continue
            if source == target:
                self._meaning(where, f'self-loop: "{source}" {rtype} itself', False)
            key = (min(source, target), rtype, max(source, target)) if rtype in symmetric else (source, rtype, target)
            if key in seen:
                self._meaning(where, f"duplicate of relations[{seen[key]}]", False)
                continue
            seen[key] = i
            append((source, rtype, target, reason))


def _label_field(k: int) -> str:
    """Where label number ``k`` of a concept is: its id, its name, or one of its aliases."""
    return "id" if k == 0 else "name" if k == 1 else f"aliases[{k - 2}]"


def _label(concept: Concept, k: int) -> str:
    return concept.id if k == 0 else concept.name if k == 1 else concept.aliases[k - 2]


def _well_formed_concept(item: object) -> Concept | None:
    """The concept an item describes when every field has the right shape, else None
    (then :meth:`_Builder._concept` says what is wrong): the same checks, in a
    third of the time, for the 100,000 items of a big file that are all fine."""
    if type(item) is not dict:
        return None
    cid, name, ctype = item.get("id"), item.get("name"), item.get("type")
    if not (type(cid) is type(name) is type(ctype) is str and cid.strip() and name.strip() and ctype.strip()):
        return None
    aliases, tags = item.get("aliases"), item.get("tags")
    for strings in (aliases, tags):
        if strings is not None and (type(strings) is not list or any(type(x) is not str for x in strings)):
            return None
    definition = item.get("definition", "")
    if type(definition) is not str:
        return None
    hours = item.get("hours")
    if hours is not None and not (type(hours) in (int, float) and math.isfinite(hours) and hours >= 0):
        return None
    source = item.get("source")
    if source is not None:
        if type(source) is not dict:
            return None
        chapter, section = source.get("chapter"), source.get("section")
        if chapter is not None and not (type(chapter) is int and chapter >= 0):
            return None
        if section is not None and type(section) is not str:
            return None
        source = Source(chapter, section)
    return Concept(cid, name, ctype, tuple(aliases or ()), definition, source, hours, tuple(tags or ()))


def _kind(value: object) -> str:
    """Name a JSON value's kind for messages.

    >>> _kind([1]), _kind(None), _kind(True), _kind(2.5)
    ('a list', 'null', 'a boolean', 'a number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# ----------------------------------------------------------------------------- writing


def to_dict(kg: KnowledgeGraph) -> dict:
    """The graph as a graph file's JSON object, in a stable order."""
    out: dict = {}
    if kg.title:
        out["title"] = kg.title
    if kg.description:
        out["description"] = kg.description
    if kg.declared_node_types:
        out["node_types"] = dict(kg.declared_node_types)
    if kg.sections:
        out["sections"] = [
            {"section": section} if chapter is None else {"chapter": chapter, "section": section}
            for chapter, section in kg.sections
        ]
    if kg.goals:
        out["goals"] = [{"id": g.id, "description": g.description} for g in kg.goals]
    out["concepts"] = [c.to_dict() for c in kg.concepts.values()]
    out["relations"] = [r.to_dict() for r in kg.relations]
    return out


def dumps(kg: KnowledgeGraph) -> str:
    """Serialise as a graph file: UTF-8 as is, two-space indent, trailing newline,
    so a diff shows exactly what changed."""
    return json.dumps(to_dict(kg), ensure_ascii=False, indent=2) + "\n"


def save(kg: KnowledgeGraph, path: str | os.PathLike) -> None:
    """Write a graph file atomically (see :func:`write_atomic`)."""
    write_atomic(path, dumps(kg))


def write_atomic(path: str | os.PathLike, content: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never a torn one:
    write a temporary file in the same folder, fsync it, rename it over the target.
    On any error (or KeyboardInterrupt) the temporary file is removed."""
    import tempfile
    from pathlib import Path

    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            try:
                os.chmod(tmp, path.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
