"""aie-graph: the concepts of AI engineering as a typed knowledge graph.

>>> import graph
>>> kg = graph.load()                      # the bundled graph
>>> graph.resolve(kg, "fine-tuning")
'finetuning'
>>> steps = graph.plan(kg, ["finetuning"]).steps
>>> steps[-1].id
'finetuning'

Importing this package imports no third-party library: networkx is imported by
the functions that need it, pyvis and jsonschema likewise.
"""

from .curriculum import Plan, PlanStep, implied_known, plan, ready_to_learn
from .model import (
    NODE_TYPES,
    RELATION_TYPES,
    AmbiguousConcept,
    Concept,
    GraphError,
    InputFileError,
    InvalidGraph,
    KnowledgeGraph,
    NotConnected,
    Problem,
    Relation,
    Source,
    UnknownConcept,
    normalize_name,
)
from .query import (
    dependents,
    neighbourhood,
    path,
    prerequisite_cycles,
    prerequisite_tree,
    prerequisites,
    resolve,
    resolve_all,
    search,
    stats,
    suggest,
)
from .store import bundled_graph_path, dumps, from_dict, load, save, validate, validate_file, write_atomic

__version__ = "0.1.0"

__all__ = [
    "AmbiguousConcept",
    "Concept",
    "GraphError",
    "InputFileError",
    "InvalidGraph",
    "KnowledgeGraph",
    "NODE_TYPES",
    "NotConnected",
    "Plan",
    "PlanStep",
    "Problem",
    "RELATION_TYPES",
    "Relation",
    "Source",
    "UnknownConcept",
    "bundled_graph_path",
    "dependents",
    "dumps",
    "from_dict",
    "implied_known",
    "load",
    "neighbourhood",
    "normalize_name",
    "path",
    "plan",
    "prerequisite_cycles",
    "prerequisite_tree",
    "prerequisites",
    "ready_to_learn",
    "resolve",
    "resolve_all",
    "save",
    "search",
    "stats",
    "suggest",
    "validate",
    "validate_file",
    "write_atomic",
]
