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

# Where each public name lives. They are imported on first use (PEP 562), as networkx
# does, so that `import graph` (and `aie-graph --help`) loads none of the modules it
# does not need: the one place in the library where imports are lazy.
_EXPORTS = {
    "analysis": ("prerequisite_cycles", "stats"),
    "curriculum": (
        "NextStep",
        "Plan",
        "PlanStep",
        "by_week",
        "implied_known",
        "known_concepts",
        "needed_concepts",
        "next_steps",
        "plan",
        "ready_to_learn",
        "step_reasons",
        "study_hours",
    ),
    "model": (
        "NODE_TYPES",
        "RELATION_TYPES",
        "AmbiguousConcept",
        "Concept",
        "Goal",
        "GraphError",
        "InputFileError",
        "InvalidGraph",
        "KnowledgeGraph",
        "NotConnected",
        "Problem",
        "Relation",
        "Source",
        "UnknownConcept",
        "normalize_name",
    ),
    "query": (
        "dependents",
        "neighbourhood",
        "path",
        "prerequisite_tree",
        "prerequisites",
        "resolve",
        "resolve_all",
        "search",
        "suggest",
    ),
    "store": ("bundled_graph_path", "dumps", "from_dict", "load", "save", "validate", "validate_file"),
    "files": ("write_atomic",),
    "export": ("export",),
    "csvfile": ("import_csv",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups do not come back here
    return value


def __dir__():
    return sorted({*globals(), *_MODULE_OF})


__version__ = "0.1.0"

__all__ = sorted(_MODULE_OF)
