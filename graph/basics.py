"""What every layer shares, down to the command line before any command runs: how
names compare, the node and relation types and export formats, where the bundled
graph is, and two helpers for words (plurals, long lists).

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

#: The node types the bundled graph uses, with what each means.  A graph file may
#: declare more under its top-level ``"node_types"`` object.
NODE_TYPES: dict[str, str] = {
    "concept": "A general idea; also the type given to imported concepts.",
    "discipline": "A field of practice, such as AI engineering.",
    "technique": "A method one applies, such as prompt engineering or RAG.",
    "process": "An activity or stage, such as pre-training, inference or decoding.",
    "architecture": "A neural network design, such as the transformer.",
    "component": "A part of an architecture or a system, such as the attention module.",
    "model_type": "A class of models, such as language models or foundation models.",
    "model": "A specific, named model, such as Gemini Ultra.",
    "tool": "A named framework, library or product, such as PyTorch.",
    "benchmark": "A named test set used to compare models, such as MMLU.",
    "metric": "A number that scores outputs or systems, such as F1.",
    "math": "A mathematical or probabilistic idea, such as a probability distribution.",
    "paradigm": "A way of learning from data, such as self-supervision.",
    "data": "An idea about data, such as tokens or data quality.",
    "property": "A measurable property of a model or dataset, such as context length.",
    "layer": "One of the layers of the AI engineering stack.",
    "product": "An idea for planning an AI product, such as a moat.",
    "challenge": "A problem to overcome, such as hallucination.",
}

#: The built-in node type names alone (for --help and tab completion).
NODE_TYPE_NAMES = tuple(NODE_TYPES)

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


#: The environment variable that names the learner's progress file.
PROGRESS_ENV_VAR = "AIE_GRAPH_PROGRESS"


def default_progress_file() -> str:
    """``progress.json`` in the user's config folder (click's ``get_app_dir``), or the
    file named by the environment variable ``AIE_GRAPH_PROGRESS`` (a plain string:
    completion needs it too)."""
    if os.environ.get(PROGRESS_ENV_VAR):
        return os.environ[PROGRESS_ENV_VAR]
    import click

    return os.path.join(click.get_app_dir("aie-graph"), "progress.json")


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
