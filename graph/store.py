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
from pathlib import Path

from .analysis import redundant_prerequisites
from .basics import bundled_graph_file
from .builder import (
    MAX_DEFINITION_LENGTH,  # noqa: F401  (re-exported)
    Concepts,
    Relations,
    Reporter,
    check_goals,
    cycle_problems,
    hours_problem,
    is_chapter,
    kind_of,
)
from .files import decode_utf8, read_bytes, write_atomic  # noqa: F401  (write_atomic re-exported)
from .model import RELATION_TYPES, Concept, Goal, InvalidGraph, KnowledgeGraph, Problem, Source

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "schema.json")


# ----------------------------------------------------------------------------- reading


def read_json(path: str | os.PathLike) -> object:
    """Read a JSON file, turning every way it can fail into an :class:`InvalidGraph`
    that names the file and, for syntax errors, the line and column."""
    name = str(path)
    raw = read_bytes(path, "a graph file", lambda reason: InvalidGraph([Problem(name, "", reason)]))
    text = _decode(raw, name)
    del raw  # a 30 MB file's bytes need not stay beside its text while it is parsed
    duplicates: list = []
    data = _parse_text(text, name, duplicates)
    problems = Reporter("load", name)
    if duplicates:
        _report_duplicate_keys(data, duplicates, problems)
    # A lone surrogate can only come from a \ud800-style escape (UTF-8 bytes cannot
    # hold one), so a file without such an escape is not walked.
    if _SURROGATE_ESCAPE.search(text):
        for where in _lone_surrogates(data):
            problems.broke("lone surrogate", where, "holds a lone surrogate escape (\\ud800 to \\udfff): not Unicode text")
    if problems.errors:
        raise InvalidGraph(problems.errors)
    return data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogates(data, path=()):
    """Yield the JSON path of each string (or key) holding a lone surrogate."""
    stack = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if not _encodes(value):
                yield json_path(where)
        elif isinstance(value, dict):
            for k, v in value.items():
                if not _encodes(k):
                    yield json_path(where)
                stack.append((v, (*where, k)))
        elif isinstance(value, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(value))


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _report_duplicate_keys(data, duplicates: list, reporter: Reporter) -> None:
    """Report each object that named a key twice, located by JSON path (found by
    walking to the very dict object the parser made: only done when there are some)."""
    wanted = {id(d): keys for d, keys in duplicates}

    def report(where: str, key: str) -> None:
        reporter.broke("duplicate key", where,
                       f'duplicate key "{key}": each key may appear once in an object (JSON keeps only the last)')

    stack = [(data, ())]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for key in wanted.pop(id(value), ()):
                report(json_path(where), key)
            stack.extend((v, (*where, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(value))
    for keys in wanted.values():  # inside a value that a later duplicate replaced
        for key in keys:
            report("", key)


def _decode(raw: bytes, name: str) -> str:
    """The text of a graph file, or :class:`InvalidGraph` for an empty file, a BOM or bytes that are not UTF-8."""
    if not raw or raw.isspace():  # not raw.strip(): that copies a 30 MB file
        raise InvalidGraph([Problem(name, "", "empty file: expected a JSON object with \"concepts\"")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InvalidGraph(
            [Problem(name, "", "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")]
        )

    def fail(line, byte, offset):
        return InvalidGraph([Problem(name, f"line {line}", f"not UTF-8 (byte 0x{byte:02x} at offset {offset})")])

    return decode_utf8(raw, fail)


def _parse_text(text: str, name: str, duplicates: list | None = None) -> object:
    """Parsed JSON, or :class:`InvalidGraph` locating the syntax error (and saying when the file looks truncated).

    Each object that names a key twice is appended to ``duplicates`` as
    ``(the dict, [keys])`` (json itself keeps the last value silently)."""

    def pairs(items):
        d = dict(items)
        if len(d) != len(items):
            seen: set = set()
            duplicates.append((d, list(dict.fromkeys(k for k, _ in items if k in seen or seen.add(k)))))
        return d

    try:
        return json.loads(text, object_pairs_hook=pairs if duplicates is not None else None)
    except json.JSONDecodeError as e:
        what = e.msg
        if e.msg.startswith("Unterminated string"):  # json only says so at the end of the text
            what = "a string is never closed (the file ends too early: truncated?)"
        elif e.pos >= len(text.rstrip()):
            what = f"{e.msg} (the file ends too early: truncated?)"
        raise InvalidGraph([Problem(name, f"line {e.lineno} column {e.colno}", f"not valid JSON: {what}")]) from None
    except RecursionError:
        raise InvalidGraph([Problem(name, "", "not valid JSON: nested too deeply")]) from None
    except ValueError as e:  # json's limit on integer digits (sys.set_int_max_str_digits)
        what = "a number has more than 4,300 digits" if "digits" in str(e) else str(e)
        raise InvalidGraph([Problem(name, "", f"not valid JSON: {what}")]) from None


def bundled_graph_path():
    """Path of the bundled AI-engineering graph (``data/concepts.json``), in a source
    checkout or an installed package alike.

    >>> bundled_graph_path().name
    'concepts.json'
    """
    return Path(bundled_graph_file())


def load(path: str | os.PathLike | None = None) -> KnowledgeGraph:
    """Load a graph file (the bundled graph when ``path`` is None).

    Raises :class:`InvalidGraph` for what cannot be interpreted; what can be
    tolerated is kept in ``kg.warnings`` (graph.builder.RULES says which is which).
    """
    path = bundled_graph_file() if path is None else path
    # The parsed file is ours alone: the reader drops each item once read.
    return _build(read_json(path), str(path), consume=True)


def from_dict(data: object, file: str = "<data>") -> KnowledgeGraph:
    """Build a :class:`KnowledgeGraph` from parsed JSON, tolerantly (see :func:`load`)."""
    return _build(data, file)


def _build(data: object, file: str, consume: bool = False) -> KnowledgeGraph:
    """The tolerant build behind :func:`load` and :func:`from_dict`: errors refuse, warnings are kept in the graph."""
    reader = _JsonReader(data, file, "load", consume)
    errors = reader.reporter.errors
    if errors:
        raise InvalidGraph(errors)
    kg = reader.graph(file, reader.reporter.warnings)
    cycles = Reporter("load", file)
    cycle_problems(kg, cycles)
    kg.warnings.extend(cycles.problems)
    return kg


# ----------------------------------------------------------------------------- checking


def validate(data: object, file: str = "<data>", *, redundant: bool = True) -> list[Problem]:
    """Every problem of a parsed graph file, strictly: schema first, then meaning.

    Errors have ``severity == "error"``; ``redundant`` adds a warning for each
    prerequisite edge already implied by a longer chain.
    """
    reader = _JsonReader(data, file, "validate")
    problems = reader.reporter.errors
    # The schema catches what the reader does not look at (unknown fields, empty
    # strings...); where both speak of one place, the reader's words are kept.
    covered = {p.where for p in problems}
    for p in schema_problems(data, file):
        if not any(p.where == w or p.where.startswith(w + ".") or p.where.startswith(w + "[") for w in covered):
            problems.append(p)
    problems.sort(key=lambda p: _location_key(p.where))
    if reader.concepts:
        kg = reader.graph(file, [])
        cycles = Reporter("validate", file)
        cycle_problems(kg, cycles)
        problems.extend(cycles.problems)
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
    return read_and_validate(path)[1]


def read_and_validate(path: str | os.PathLike, *, redundant: bool = True) -> tuple[object, list[Problem]]:
    """The parsed file at ``path`` (None when it cannot be read as JSON) and every
    problem of it: :func:`read_json`'s, else :func:`validate`'s."""
    try:
        data = read_json(path)
    except InvalidGraph as e:
        return None, e.problems
    return data, validate(data, str(path), redundant=redundant)


def schema_problems(data: object, file: str) -> list[Problem]:
    """Problems found by the JSON Schema in ``graph/schema.json`` (jsonschema, imported here)."""
    if _passes_compiled_schema(data):
        return []
    validator = _schema_validator()
    problems = []
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    except RecursionError:  # jsonschema recurses, and json parses deeper lists than it can check
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
    reference lookups slow a big file's check down (benchmarks/notes.md)."""
    validator = _CACHE.get("validator")
    if validator is None:
        import jsonschema

        validator = _CACHE["validator"] = jsonschema.Draft202012Validator(_inlined_schema())
    return validator


def _passes_compiled_schema(data: object) -> bool:
    """True when the schema, compiled to Python by fastjsonschema, accepts ``data``.

    Only a shortcut for the common case, a valid file: fastjsonschema stops at the
    first problem and words it its own way, so any refusal (or a missing
    fastjsonschema) sends the file to jsonschema, which lists every problem; a valid
    big file is checked several times sooner (benchmarks/notes.md). The
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
    """A jsonschema error in our words (slugs, unknown fields), at most about 200 characters."""
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


class _JsonReader:
    """Walks parsed JSON once, checking the shape of each item (what the schema
    forbids) and handing the records to the builder (graph.builder), which applies
    every rule of meaning. ``consume`` replaces each item of ``data`` by None once
    read, so a big file's parsed form and its records are never all in memory."""

    def __init__(self, data: object, file: str, source: str, consume: bool = False):
        self.reporter = Reporter(source, file)
        self.consume = consume
        self.title = self.description = None
        self.node_types: dict[str, str] = {}
        #: The declared book order of sections: (chapter, section) pairs.
        self.sections: list[tuple[int | None, str]] = []
        self.goals: list[Goal] = []
        self.concepts: list[Concept] = []
        self.relations: list = []
        if not isinstance(data, dict):
            self._shape("", f"top level must be a JSON object with \"concepts\", not {kind_of(data)}")
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
                self._shape("concepts", f"must be a list, not {kind_of(concepts)}")
            return
        relations = data.get("relations", [])
        if not isinstance(relations, list):
            self._shape("relations", f"must be a list, not {kind_of(relations)}")
            relations = []
        self._concepts(concepts)
        self._relations(relations)
        self._goals(data.get("goals"))

    def graph(self, file: str, warnings: list[Problem]) -> KnowledgeGraph:
        """The graph of what was kept."""
        return KnowledgeGraph(
            self.concepts,
            self.relations,
            self.node_types,
            file=file,
            title=self.title,
            warnings=warnings,
            sections=self.sections,
            description=self.description,
            goals=self.goals,
        )

    def _shape(self, where: str, message: str) -> None:
        self.reporter.broke("shape", where, message)

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
            self._shape("sections", f'must be a list like [{{"chapter": 1, "section": "..."}}], not {kind_of(declared)}')
            return
        first: dict[tuple, int] = {}
        for i, item in enumerate(declared):
            where = f"sections[{i}]"
            if not isinstance(item, dict):
                self._shape(where, f'must be an object like {{"chapter": 1, "section": "..."}}, not {kind_of(item)}')
                continue
            source = self._source(item, where)
            if not source:
                continue
            if source.section is None:
                self._shape(where, 'missing "section"')
                continue
            key = (source.chapter, source.section)
            if key in first and self.reporter.broke("duplicate section", where, f"duplicate of sections[{first[key]}]"):
                continue
            first.setdefault(key, i)
            self.sections.append(key)

    def _goals(self, declared: object) -> None:
        if declared is None:
            return
        if not isinstance(declared, list):
            self._shape("goals", f'must be a list like [{{"id": "rag", "description": "..."}}], not {kind_of(declared)}')
            return
        goals = []
        for i, item in enumerate(declared):
            where = f"goals[{i}]"
            if not isinstance(item, dict):
                self._shape(where, f'must be an object like {{"id": "rag", "description": "..."}}, not {kind_of(item)}')
                continue
            gid, description = item.get("id"), item.get("description", "")
            if not isinstance(gid, str):
                self._shape(where if gid is None else f"{where}.id",
                            'missing "id"' if gid is None else f"must be a string, not {kind_of(gid)}")
                continue
            if not isinstance(description, str):
                self._shape(f"{where}.description", f"must be a string, not {kind_of(description)}")
                continue
            goals.append((i, gid, description))
        self.goals = check_goals(self.reporter, goals, {c.id for c in self.concepts})

    def _concepts(self, items: list) -> None:
        rules = Concepts(self.reporter, self.node_types)
        consume, add = self.consume, rules.add
        for i, item in enumerate(items):
            if consume:
                items[i] = None
            concept = self._concept(item, i)
            if concept is not None:
                add(concept, i)
        self.concepts = rules.kept

    def _concept(self, item: object, i: int) -> Concept | None:
        """The concept ``concepts[i]`` describes, each shape problem reported; None when
        a required field is missing or wrong. A bad optional field is reported and
        left out, but the concept is kept so that the strict check still sees its
        id and names."""
        concept = _well_formed_concept(item)  # the fast path: nothing to report
        if concept is not None:
            return concept
        where = f"concepts[{i}]"
        if not isinstance(item, dict):
            self._shape(where, f"a concept must be an object, not {kind_of(item)}")
            return None
        ok = True
        for key in ("id", "name", "type"):
            value = item.get(key)
            if value is None:
                self._shape(where, f'missing "{key}"')
                ok = False
            elif not isinstance(value, str):
                self._shape(f"{where}.{key}", f"must be a string, not {kind_of(value)}")
                ok = False
            elif not value.strip():
                self._shape(f"{where}.{key}", "must not be empty")
                ok = False
        if not ok:
            return None
        aliases = self._strings(item.get("aliases"), f"{where}.aliases")
        tags = self._strings(item.get("tags"), f"{where}.tags")
        definition = item.get("definition", "")
        if not isinstance(definition, str):
            self._shape(f"{where}.definition", f"must be a string, not {kind_of(definition)}")
            definition = ""
        hours = item.get("hours")
        if hours is not None and hours_problem(hours):
            self.reporter.broke("hours", f"{where}.hours", hours_problem(hours))
            hours = None
        source = self._source(item.get("source"), f"{where}.source")
        return Concept(item["id"], item["name"], item["type"], tuple(aliases or ()), definition,
                       source or None, hours, tuple(tags or ()))

    def _strings(self, value: object, where: str) -> list[str] | None:
        if value is None:
            return []
        if not isinstance(value, list):
            self._shape(where, f"must be a list of strings, not {kind_of(value)}")
            return None
        for k, v in enumerate(value):
            if not isinstance(v, str):
                self._shape(f"{where}[{k}]", f"must be a string, not {kind_of(v)}")
                return None
        return value

    def _source(self, value: object, where: str):
        if value is None:
            return None
        if not isinstance(value, dict):
            self._shape(where, f'must be an object like {{"chapter": 1, "section": "..."}}, not {kind_of(value)}')
            return False
        chapter, section = value.get("chapter"), value.get("section")
        if chapter is not None and not is_chapter(chapter):
            self.reporter.broke("chapter", f"{where}.chapter", f"must be a whole number from 0 (the preface), not {chapter!r}")
            return False
        if section is not None and not isinstance(section, str):
            self._shape(f"{where}.section", f"must be a string, not {kind_of(section)}")
            return False
        return Source(chapter, section)

    def _relations(self, items: list) -> None:
        rules = Relations({c.id: c.id for c in self.concepts})
        consume, add = self.consume, rules.add_if_sound
        for i, item in enumerate(items):
            if consume:
                items[i] = None
            if type(item) is dict:
                source, rtype, target = item.get("source"), item.get("type"), item.get("target")
                reason = item.get("reason", "")
                if type(source) is type(rtype) is type(target) is type(reason) is str:
                    if not add(source, rtype, target, reason, i):
                        self._relation_faults(rules, f"relations[{i}]", source, rtype, target, reason, i)
                    continue
            self._relation_shape(item, f"relations[{i}]")
        self.relations = rules.kept

    def _relation_faults(self, rules: Relations, where, source, rtype, target, reason, i) -> None:
        broke = self.reporter.broke
        for rule, detail in rules.faults(source, rtype, target, reason, i):
            if rule == "unknown relation type":
                message = f'unknown relation type "{rtype}"; use one of: ' + ", ".join(RELATION_TYPES)
                dropped = broke(rule, f"{where}.type", message)
            elif rule == "unknown concept":
                dropped = [broke(rule, f"{where}.{end}", f'unknown concept "{value}"') for end, value in detail][-1]
            elif rule == "self-loop":
                dropped = broke(rule, where, f'self-loop: "{source}" {rtype} itself')
            else:
                dropped = broke(rule, where, f"duplicate of relations[{detail}]")
            if dropped:
                return

    def _relation_shape(self, item: object, where: str) -> None:
        """Report what is wrong with the shape of a relation that is not four strings."""
        if not isinstance(item, dict):
            self._shape(where, f"a relation must be an object, not {kind_of(item)}")
            return
        for key in ("source", "type", "target"):
            value = item.get(key)
            if value is None:
                self._shape(where, f'missing "{key}"')
            elif not isinstance(value, str):
                self._shape(f"{where}.{key}", f"must be a string, not {kind_of(value)}")
        reason = item.get("reason", "")
        if not isinstance(reason, str):
            self._shape(f"{where}.reason", f"must be a string, not {kind_of(reason)}")


def _well_formed_concept(item: object) -> Concept | None:
    """The concept an item describes when every field has the right shape, else None
    (then :meth:`_JsonReader._concept` says what is wrong): the same checks with
    nothing to report, for the 100,000 items of a big file that are all fine."""
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
        if chapter is not None and not is_chapter(chapter):
            return None
        if section is not None and type(section) is not str:
            return None
        source = Source(chapter, section)
    return Concept(cid, name, ctype, tuple(aliases or ()), definition, source, hours, tuple(tags or ()))


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
        out["goals"] = [g.to_dict() for g in kg.goals]
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
