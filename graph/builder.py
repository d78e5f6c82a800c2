"""The one graph builder: every rule of a valid graph, once, and what each source
does when a rule is broken.

:data:`RULES` is the rulebook. Each rule states its policy for the three ways a
graph comes in:

* ``load`` (:func:`graph.load`, every command): ``error`` refuses the file,
  ``warning`` keeps the item and says so in ``kg.warnings``, ``dropped`` leaves
  the item out and says so;
* ``validate`` (``aie-graph validate``): builds exactly what ``load`` builds and
  reports every broken rule as an error;
* ``csv`` (``aie-graph import``): never refuses a row for its content; ``dropped``
  leaves the row out, ``warning`` keeps it, ``fixed`` keeps a repaired value (an id
  made a slug, a type declared), each with a warning located by line.

A reader (graph.store for JSON, graph.csvfile for CSV) turns its format into
records and reports through a :class:`Reporter`, which looks the policy up here:
adding a rule is one row of the table and the check that breaks it. The checks
that relations share across formats (:meth:`Relations.faults`) and the value
checks (:func:`hours_problem`, :func:`is_chapter`) are written here once.

>>> RULES["self-loop"]
Rule(load='warning', validate='error', csv='dropped', kind='self-loop')
>>> r = Reporter("load", "g.json")
>>> r.broke("self-loop", "relations[3]", 'self-loop: "a" prerequisite itself'), r.problems[0].severity
(False, 'warning')
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import NamedTuple

from .analysis import prerequisite_cycles
from .basics import INVISIBLE, abbreviate
from .model import NODE_TYPES, RELATION_TYPES, ID_RE, Concept, Goal, KnowledgeGraph, Problem, Relation, normalize_name

ERROR, WARNING, DROPPED, FIXED = "error", "warning", "dropped", "fixed"
#: A rule a source does not meet (its format cannot break it, or it does not check it).
NOT_CHECKED = "-"


class Rule(NamedTuple):
    """What each source does when the rule is broken, and the ``kind`` its problems
    are counted under in summaries."""

    load: str
    validate: str
    csv: str
    kind: str


#: The rulebook: rule -> (load, validate, csv, kind). See the module docstring.
RULES: dict[str, Rule] = {
    # the shape of the data: wrong JSON types, missing fields, bad numbers
    "shape": Rule(ERROR, ERROR, NOT_CHECKED, "format"),
    "missing id": Rule(ERROR, ERROR, DROPPED, "missing id"),
    "missing name": Rule(ERROR, ERROR, FIXED, "missing name"),  # csv: named after its id
    "hours": Rule(ERROR, ERROR, FIXED, "hours"),  # a number, finite, not negative; csv: left out
    "chapter": Rule(ERROR, ERROR, FIXED, "chapter"),  # a whole number from 0; csv: left out
    "node type name": Rule(NOT_CHECKED, NOT_CHECKED, FIXED, "type"),  # csv: made a type name, or "concept"
    "duplicate key": Rule(ERROR, ERROR, NOT_CHECKED, "format"),  # {"id": "a", "id": "b"}: which one was meant?
    "lone surrogate": Rule(ERROR, ERROR, NOT_CHECKED, "format"),  # "\ud800": no file or terminal can encode it
    # concepts
    "duplicate id": Rule(ERROR, ERROR, DROPPED, "duplicate"),
    "id not a slug": Rule(WARNING, ERROR, FIXED, "id"),  # csv: made a slug, the old id kept as an alias
    "unknown node type": Rule(WARNING, ERROR, FIXED, "type"),  # csv: declared as an imported type
    "long definition": Rule(WARNING, ERROR, NOT_CHECKED, "definition"),
    "long name": Rule(WARNING, ERROR, NOT_CHECKED, "label"),  # a name or an alias over MAX_NAME_LENGTH
    "blank label": Rule(WARNING, ERROR, NOT_CHECKED, "label"),
    "shared label": Rule(WARNING, ERROR, WARNING, "shared name"),  # csv checks names only
    # relations
    "missing end": Rule(ERROR, ERROR, DROPPED, "malformed row"),  # a relation without source or target
    "unknown relation type": Rule(ERROR, ERROR, DROPPED, "unknown relation type"),
    "unknown concept": Rule(ERROR, ERROR, DROPPED, "unknown concept"),
    "self-loop": Rule(WARNING, ERROR, DROPPED, "self-loop"),
    "duplicate relation": Rule(DROPPED, ERROR, DROPPED, "duplicate"),
    "prerequisite cycle": Rule(WARNING, ERROR, WARNING, "cycle"),
    # the file's declarations
    "duplicate section": Rule(DROPPED, ERROR, NOT_CHECKED, "duplicate"),
    "unknown goal": Rule(DROPPED, ERROR, NOT_CHECKED, "goal"),
    "duplicate goal": Rule(DROPPED, ERROR, NOT_CHECKED, "goal"),
}

#: The rules about the shape of the data, reported before those about its meaning.
SHAPE_RULES = frozenset({"shape", "missing id", "missing name", "hours", "chapter", "duplicate key", "lone surrogate"})

#: Longest definition accepted without complaint by ``validate``.
MAX_DEFINITION_LENGTH = 10_000
#: Longest name or alias accepted without complaint by ``validate`` (views and DOT
#: shorten longer labels: graph.basics.shorten).
MAX_NAME_LENGTH = 200


class Reporter:
    """Collects the problems of one source (``"load"``, ``"validate"`` or ``"csv"``)
    reading ``file``, applying :data:`RULES`."""

    def __init__(self, source: str, file: str):
        self.source = source
        self.file = file
        self.problems: list[Problem] = []
        self._shape: list[bool] = []  # per problem: does it break a rule of shape?

    def broke(self, rule: str, where: str, message: str, line: int | None = None, file: str | None = None) -> bool:
        """Record that an item broke ``rule``; return True when the item is to be left
        out. ``validate`` leaves out what ``load`` leaves out, and calls it an error."""
        policy = RULES[rule]
        if self.source == "csv":
            action = policy.csv
            severity = WARNING
        else:
            action = policy.load
            severity = ERROR if self.source == "validate" or action == ERROR else WARNING
        self.problems.append(Problem(file or self.file, where, message, severity, line, policy.kind))
        self._shape.append(rule in SHAPE_RULES)
        return action in (ERROR, DROPPED)

    @property
    def errors(self) -> list[Problem]:
        """The problems that refuse the file: those of shape first, then of meaning."""
        pairs = [(shape, p) for shape, p in zip(self._shape, self.problems) if p.severity == ERROR]
        return [p for shape, p in pairs if shape] + [p for shape, p in pairs if not shape]

    @property
    def warnings(self) -> list[Problem]:
        """The problems tolerated."""
        return [p for p in self.problems if p.severity == WARNING]


# ----------------------------------------------------------------------------- value rules


def hours_problem(hours: object) -> str | None:
    """Why ``hours`` is not a study time (a finite number, not negative), or None.

    >>> hours_problem(1.5), hours_problem(-1), hours_problem(True), hours_problem(float("inf"))
    (None, 'must not be negative (-1)', 'must be a number, not a boolean', 'must be a finite number, not inf')
    """
    if isinstance(hours, bool) or not isinstance(hours, (int, float)):
        return f"must be a number, not {kind_of(hours)}"
    if not math.isfinite(hours):
        return f"must be a finite number, not {hours}"
    if hours < 0:
        return f"must not be negative ({hours})"
    return None


def is_chapter(value: object) -> bool:
    """True for a chapter number: a whole number from 0 (the preface).

    >>> is_chapter(0), is_chapter(-1), is_chapter(True), is_chapter(2.0)
    (True, False, False, False)
    """
    return type(value) is int and value >= 0


def kind_of(value: object) -> str:
    """Name a JSON value's kind for messages.

    >>> kind_of([1]), kind_of(None), kind_of(True), kind_of(2.5)
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


# ----------------------------------------------------------------------------- relations


class Relations:
    """The relations kept so far, and the rules a new one may break.

    ``ids`` maps each concept id to itself: the kept relation then holds the
    concept's own string, and the reader's copy can be freed (300,000 relations:
    three strings each). Relations are kept as :class:`graph.model.Relation`
    records, made as a plain tuple is made (``tuple.__new__``): their fields are
    checked already, and the class's own ``__new__`` costs several times more.
    """

    def __init__(self, ids: dict[str, str]):
        self.ids = ids
        self.types = {name: name for name in RELATION_TYPES}
        self.symmetric = {name for name, t in RELATION_TYPES.items() if t.symmetric}
        self.first: dict[tuple, object] = {}
        self.kept: list = []

    def key(self, source: str, rtype: str, target: str) -> tuple:
        """What two relations share when they are the same relation (a symmetric
        one is the same read both ways)."""
        if rtype in self.symmetric:
            return (min(source, target), rtype, max(source, target))
        return (source, rtype, target)

    def add_if_sound(self, source: str, rtype: str, target: str, reason: str, place) -> bool:
        """The fast path: keep a relation that breaks no rule and return True; return
        False, keeping nothing, when it breaks one (then :meth:`faults` says which)."""
        ids = self.ids
        s, t, tg = ids.get(source), self.types.get(rtype), ids.get(target)
        if s is None or t is None or tg is None or s == tg:
            return False
        key = (min(s, tg), t, max(s, tg)) if t in self.symmetric else (s, t, tg)
        first = self.first
        if key in first:
            return False
        first[key] = place
        self.kept.append(tuple.__new__(Relation, (s, t, tg, reason)))
        return True

    def faults(self, source: str, rtype: str, target: str, reason: str, place):
        """Yield each rule the relation breaks, in order, as ``(rule, detail)``:
        ``unknown relation type``; ``unknown concept`` (detail: the unknown ends as
        ``(end, id)`` pairs); ``self-loop``; ``duplicate relation`` (detail: where the
        first one was). The caller stops at the rule that drops it; if it does not,
        the relation is kept once the generator is exhausted."""
        if rtype not in self.types:
            yield "unknown relation type", None
            return
        unknown = [(end, value) for end, value in (("source", source), ("target", target)) if value not in self.ids]
        if unknown:
            yield "unknown concept", unknown
            return
        if source == target:
            yield "self-loop", None
        key = self.key(source, rtype, target)
        if key in self.first:
            yield "duplicate relation", self.first[key]
            return
        self.first[key] = place
        self.kept.append(tuple.__new__(Relation, (self.ids[source], self.types[rtype], self.ids[target], reason)))


# ----------------------------------------------------------------------------- concepts


class Concepts:
    """The concepts kept so far, and the rules a new one may break (in JSON's
    words: graph.csvfile repairs ids and types as it reads, and words its own)."""

    def __init__(self, reporter: Reporter, node_types: dict[str, str]):
        self.reporter = reporter
        self.known_types = {**NODE_TYPES, **node_types}
        self.kept: list[Concept] = []
        self.first: dict[str, int] = {}
        #: normalised label -> (id, concept index, label number) of its first holder;
        #: label 0 is the id, 1 the name, 2 on the aliases.
        self.labels: dict[str, tuple[str, int, int]] = {}

    def add(self, concept: Concept, i: int) -> None:
        """Keep ``concepts[i]`` unless it breaks a rule that drops it."""
        cid = concept.id
        if cid in self.first:
            self.reporter.broke("duplicate id", f"concepts[{i}].id", f'duplicate id "{cid}" (first at concepts[{self.first[cid]}])')
            return
        self.first[cid] = i
        self.kept.append(concept)
        if ID_RE.fullmatch(cid):  # a slug normalises by dropping - and _: no regular expression needed
            key_id = cid.replace("-", "").replace("_", "")
        else:
            key_id = normalize_name(cid)
            self.reporter.broke(
                "id not a slug",
                f"concepts[{i}].id",
                f'"{cid}" is not a lowercase slug (letters and digits joined by single -, _ or .)',
            )
        if concept.type not in self.known_types:
            self.reporter.broke(
                "unknown node type",
                f"concepts[{i}].type",
                f'unknown node type "{concept.type}"; declare it under "node_types" or use one of: '
                + ", ".join(sorted(self.known_types)),
            )
        if len(concept.definition) > MAX_DEFINITION_LENGTH:
            self.reporter.broke(
                "long definition",
                f"concepts[{i}].definition",
                f"definition is {len(concept.definition):,} characters long; the limit is {MAX_DEFINITION_LENGTH:,}",
            )
        for k, text in enumerate((concept.name, *concept.aliases), 1):
            if len(text) > MAX_NAME_LENGTH:
                self.reporter.broke(
                    "long name",
                    f"concepts[{i}].{_label_field(k)}",
                    f"{'name' if k == 1 else 'alias'} is {len(text):,} characters long; the limit is {MAX_NAME_LENGTH:,}",
                )
        self._labels(concept, i, key_id)

    def _labels(self, concept: Concept, i: int, key_id: str) -> None:
        """Names and aliases are unique, ignoring case, spaces, - and _, invisible
        characters and Unicode spelling (NFKC); none is blank."""
        if concept.aliases:
            keys = (key_id, normalize_name(concept.name), *map(normalize_name, concept.aliases))
        else:
            keys = (key_id, normalize_name(concept.name))
        labels = self.labels
        for k, key in enumerate(keys):
            if not key:
                self.reporter.broke(
                    "blank label", f"concepts[{i}].{_label_field(k)}", f"{_label(concept, k)!r} is blank once spaces and dashes go"
                )
                continue
            if k and key in keys[:k]:  # the concept's own labels may coincide
                continue
            other = labels.get(key)
            if other is None:
                labels[key] = (concept.id, i, k)
            else:
                text = _label(concept, k)
                self.reporter.broke(
                    "shared label",
                    f"concepts[{i}].{_label_field(k)}",
                    f'"{text}" is also concepts[{other[1]}].{_label_field(other[2])} of '
                    f'"{other[0]}" (names and aliases must be unique, ignoring case, spaces, - and _){_look_alike(text)}',
                )


_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


def _look_alike(text: str) -> str:
    """Why a label that collides may look like another one: it holds invisible
    characters, or letters spelled in decomposed Unicode ("e" + U+0301).

    >>> _look_alike("x\u200b"), _look_alike("plain")
    ('; it holds invisible characters', '')
    """
    if text.isascii():
        return ""
    if _INVISIBLE_RE.search(text):
        return "; it holds invisible characters"
    if not unicodedata.is_normalized("NFC", text):
        return "; it spells a letter in decomposed Unicode (NFD): the same text to the eye"
    return ""


def _label_field(k: int) -> str:
    """Where label number ``k`` of a concept is: its id, its name, or one of its aliases."""
    return "id" if k == 0 else "name" if k == 1 else f"aliases[{k - 2}]"


def _label(concept: Concept, k: int) -> str:
    return concept.id if k == 0 else concept.name if k == 1 else concept.aliases[k - 2]


# ----------------------------------------------------------------------------- file declarations


def check_goals(reporter: Reporter, goals: list[tuple[int, str, str]], ids) -> list[Goal]:
    """The goals to keep from ``(index, id, description)`` triples: each must name a
    concept of the graph, once."""
    kept: list[Goal] = []
    first: dict[str, int] = {}
    for i, gid, description in goals:
        where = f"goals[{i}].id"
        if gid not in ids:
            if reporter.broke("unknown goal", where, f'unknown concept "{gid}"'):
                continue
        if gid in first:
            if reporter.broke("duplicate goal", where, f"duplicate of goals[{first[gid]}]"):
                continue
        first.setdefault(gid, i)
        kept.append(Goal(gid, description))
    return kept


def cycle_problems(kg: KnowledgeGraph, reporter: Reporter) -> None:
    """Report each prerequisite cycle group of ``kg``, naming a cycle concept by concept."""
    for cycle in prerequisite_cycles(kg):
        names = " -> ".join(abbreviate([f"{kg[c].name} ({c})" for c in [*cycle, cycle[0]]]))
        reporter.broke("prerequisite cycle", "relations", f"prerequisite cycle: {names}")
