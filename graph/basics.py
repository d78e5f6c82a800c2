"""What every layer shares, down to the command line before any command runs: how
names compare, the relation types and export formats, where the bundled graph is,
and two helpers for words (plurals, long lists).

Standard library only and no dataclasses, so that ``aie-graph --help`` and tab
completion import nothing else of the library (graph.model builds the full tables).

>>> normalize_name("Fine-tuning") == normalize_name("finetuning") == normalize_name("FINE_TUNING")
True
"""

from __future__ import annotations

import os
import re

#: Every relation type, in the order the documentation lists them: (name, how
#: "source ... target" reads, runs both ways, description). graph.model makes its
#: records from these rows; this is the one list of the names.
RELATION_TYPE_ROWS = (
    ("prerequisite", "is a prerequisite of", False,
     "Understand the source before the target. The only type that orders curricula."),
    ("is_a", "is a kind of", False, "The source is a kind of the target."),
    ("part_of", "is part of", False, "The source is a part of the target."),
    ("contrasts_with", "contrasts with", True, "Two ideas best understood against each other."),
    ("related_to", "is related to", True, "A looser association."),
    ("used_for", "is used for", False, "The source is a means used for the target."),
    ("example_of", "is an example of", False, "The source is a named example of the target."),
    ("equivalent_to", "is the same as", True,
     "The same underlying thing seen from two angles or by two communities."),
)

#: The relation type names alone (for --help and tab completion).
RELATION_TYPE_NAMES = tuple(row[0] for row in RELATION_TYPE_ROWS)

#: The formats ``aie-graph export --to`` writes (see graph.export).
EXPORT_FORMATS = ("graphml", "gexf", "json", "dot", "mermaid", "skos", "csv")

#: Invisible characters that make two names look alike: zero-width space, joiners,
#: word joiner, byte order mark, soft hyphen, and the like.
INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0"
_IGNORED_IN_NAMES = re.compile(f"[\\s\\-_{INVISIBLE}]+")


def normalize_name(text: str) -> str:
    """The form under which ids, names and aliases are compared.

    Case, whitespace, hyphens, underscores and invisible characters do not
    matter, nor how Unicode spells a letter (NFKC: a composed "é" or "e" and a
    combining accent).

    >>> normalize_name("  Self-Supervised_Learning ")
    'selfsupervisedlearning'
    >>> normalize_name("caf\u00e9") == normalize_name("cafe\u0301"), normalize_name("\u200b\u200b")
    (True, '')
    """
    if not text.isascii():
        import unicodedata  # only for non-ASCII names: most never need it

        text = unicodedata.normalize("NFKC", text)
    return _IGNORED_IN_NAMES.sub("", text).casefold()


#: Longest label a view or a DOT node shows; longer names are shortened.
MAX_LABEL_LENGTH = 80


def shorten(text: str, limit: int = MAX_LABEL_LENGTH) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when cut.

    >>> shorten("a" * 10, 5)
    'aaaa…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bundled_graph_file() -> str:
    """Path of the bundled AI-engineering graph: ``graph/data/concepts.json`` in an
    installed package (setup.cfg maps ``data/`` onto the package ``graph.data``), or
    ``data/concepts.json`` beside ``graph/`` in a source checkout.

    Plain ``os.path`` checks: importlib.resources would slow tab completion by a
    third, and pathlib, which nothing else at start-up needs, by a tenth.
    (:func:`graph.bundled_graph_path` is the same as a ``Path``.)
    """
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "data", "concepts.json")
    return installed if os.path.isfile(installed) else os.path.join(os.path.dirname(here), "data", "concepts.json")


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an ``s`` unless there is exactly one.

    >>> plural(1, "concept"), plural(3, "relation"), plural(0, "step")
    ('1 concept', '3 relations', '0 steps')
    """
    return f"{n} {word}{'s' * (n != 1)}"


def abbreviate(items: list[str], limit: int = 15, keep: int = 5) -> list[str]:
    """At most ``limit`` items: long lists keep their ends around a count of the rest,
    so a 100,000-concept cycle still reads as one line.

    >>> abbreviate([str(i) for i in range(30)], limit=6, keep=2)
    ['0', '1', '... 26 more ...', '28', '29']
    """
    if len(items) <= limit:
        return list(items)
    return [*items[:keep], f"... {len(items) - 2 * keep:,} more ...", *items[-keep:]]
