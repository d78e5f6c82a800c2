"""What the command line needs before any command runs: how names compare, the names
of the node and relation types and export formats, and where the bundled graph is.

Standard library only and no dataclasses, so that ``aie-graph --help`` and tab
completion import nothing else of the library (graph.model builds the full tables).

>>> normalize_name("Fine-tuning") == normalize_name("finetuning") == normalize_name("FINE_TUNING")
True
"""

from __future__ import annotations

import os
import re

#: The relation types, in the order the documentation lists them (graph.model.RELATION_TYPES
#: describes each).
RELATION_TYPE_NAMES = (
    "prerequisite",
    "is_a",
    "part_of",
    "contrasts_with",
    "related_to",
    "used_for",
    "example_of",
    "equivalent_to",
)

#: The built-in node types, which the bundled graph uses (graph.model.NODE_TYPES
#: describes each).
NODE_TYPE_NAMES = (
    "concept",
    "discipline",
    "technique",
    "process",
    "architecture",
    "component",
    "model_type",
    "model",
    "tool",
    "benchmark",
    "metric",
    "math",
    "paradigm",
    "data",
    "property",
    "layer",
    "product",
    "challenge",
)

#: The formats ``aie-graph export --to`` writes (see graph.interop).
EXPORT_FORMATS = ("graphml", "gexf", "json", "dot", "mermaid", "skos", "csv")

_IGNORED_IN_NAMES = re.compile(r"[\s\-_]+")


def normalize_name(text: str) -> str:
    """The form under which ids, names and aliases are compared.

    Case, whitespace, hyphens and underscores do not matter.

    >>> normalize_name("  Self-Supervised_Learning ")
    'selfsupervisedlearning'
    """
    return _IGNORED_IN_NAMES.sub("", text).casefold()


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
