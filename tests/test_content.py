"""Guards on the content of the bundled concept graph, data/concepts.json.

These tests need only the standard library and networkx. The few that exercise
the project's own ``graph`` package skip themselves when it cannot be imported.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "concepts.json"

SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")

NODE_TYPES = {
    "discipline", "concept", "technique", "process", "architecture", "component",
    "model_type", "model", "tool", "benchmark", "metric", "math", "paradigm",
    "data", "property", "layer", "product", "challenge",
}
RELATION_TYPES = {
    "prerequisite", "is_a", "part_of", "contrasts_with",
    "related_to", "used_for", "example_of", "equivalent_to",
}

#: The background the preface asks for: the roots of every curriculum.  Their
#: prerequisites, if any, come only from this same set.
BACKGROUND = {
    "probability-distribution", "sampling", "determinism",
    "supervision", "self-supervision", "unsupervised-learning",
    "log-likelihood", "loss-function", "gradient-descent", "backpropagation",
    "hyperparameter", "hyperparameter-tuning",
    "neural-network", "feedforward-network", "recurrent-neural-network",
    "accuracy", "precision", "recall", "f1", "cosine-similarity", "cross-entropy",
}

GOALS = ["rag", "finetuning", "agent", "inference-optimization", "ai-engineering"]

#: (earlier, later): earlier must be a transitive prerequisite of later.
ORDERING = [
    ("probability-distribution", "sampling"),
    ("sampling", "sampling-strategy"),
    ("probability-distribution", "language-model"),
    ("log-likelihood", "cross-entropy"),
    ("loss-function", "gradient-descent"),
    ("gradient-descent", "backpropagation"),
    ("backpropagation", "training"),
    ("precision", "f1"),
    ("recall", "f1"),
    ("supervision", "self-supervision"),
    ("self-supervision", "llm"),
    ("token", "tokenization"),
    ("tokenization", "language-model"),
    ("language-model", "autoregressive-language-model"),
    ("language-model", "llm"),
    ("llm", "foundation-model"),
    ("parameter", "model-size"),
    ("foundation-model", "prompt-engineering"),
    ("prompt-engineering", "context-construction"),
    ("prompt-engineering", "rag"),
    ("context-construction", "rag"),
    ("cosine-similarity", "retrieval"),
    ("retrieval", "rag"),
    ("prompt-engineering", "agent"),
    ("tool-use", "agent"),
    ("training", "pre-training"),
    ("pre-training", "finetuning"),
    ("pre-training", "post-training"),
    ("finetuning", "parameter-efficient-finetuning"),
    ("recurrent-neural-network", "seq2seq"),
    ("seq2seq", "attention-mechanism"),
    ("attention-mechanism", "transformer"),
    ("transformer", "prefill"),
    ("transformer", "decode"),
    ("autoregressive-language-model", "decode"),
    ("decode", "inference-optimization"),
    ("inference", "latency"),
    ("context-length", "memory-footprint"),
    ("dataset-size", "training-tokens"),
    ("epoch", "training-tokens"),
    ("evaluation", "ai-as-a-judge"),
    ("ml-engineering", "ai-engineering"),
    ("foundation-model", "ai-engineering"),
    ("use-case-evaluation", "milestone-planning"),
    ("demo", "last-mile-challenge"),
]

#: (source, type, target) relations that must be present as written
#: (symmetric types may be stored either way round).
STRUCTURE = [
    ("prefill", "part_of", "inference"),
    ("decode", "part_of", "inference"),
    ("attention-module", "part_of", "transformer-block"),
    ("mlp-module", "part_of", "transformer-block"),
    ("query-vector", "part_of", "attention-mechanism"),
    ("key-vector", "part_of", "attention-mechanism"),
    ("value-vector", "part_of", "attention-mechanism"),
    ("llm", "is_a", "language-model"),
    ("post-training", "equivalent_to", "finetuning"),
    ("masked-language-model", "contrasts_with", "autoregressive-language-model"),
    ("self-supervision", "contrasts_with", "supervision"),
    ("self-supervision", "contrasts_with", "unsupervised-learning"),
    ("reactive-feature", "contrasts_with", "proactive-feature"),
    ("dynamic-feature", "contrasts_with", "static-feature"),
    ("prompt-engineering", "contrasts_with", "finetuning"),
    ("ai-engineering", "contrasts_with", "ml-engineering"),
    ("pre-training", "contrasts_with", "finetuning"),
    ("close-ended-output", "contrasts_with", "open-ended-output"),
    ("prefill", "contrasts_with", "decode"),
    ("pytorch", "example_of", "ml-framework"),
    ("mmlu", "example_of", "benchmark"),
    ("gemini-ultra", "example_of", "foundation-model"),
    ("evaluation", "used_for", "model-selection"),
    ("application-development", "part_of", "ai-engineering-stack"),
    ("model-development", "part_of", "ai-engineering-stack"),
    ("infrastructure", "part_of", "ai-engineering-stack"),
]

SYMMETRIC = {"contrasts_with", "related_to", "equivalent_to"}


def normalize(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", text).casefold()


@pytest.fixture(scope="module")
def data() -> dict:
    with DATA.open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def concepts(data) -> dict:
    return {c["id"]: c for c in data["concepts"]}


@pytest.fixture(scope="module")
def prereq(data) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(c["id"] for c in data["concepts"])
    for r in data["relations"]:
        if r["type"] == "prerequisite":
            g.add_edge(r["source"], r["target"])
    return g


def test_file_parses_with_title(data):
    assert isinstance(data, dict)
    assert data.get("title") == "AI Engineering concepts"
    assert isinstance(data["concepts"], list) and isinstance(data["relations"], list)


def test_enough_concepts(data):
    assert len(data["concepts"]) >= 120


def test_ids_are_slugs_and_unique(data):
    ids = [c["id"] for c in data["concepts"]]
    assert len(ids) == len(set(ids))
    bad = [i for i in ids if not SLUG.match(i)]
    assert not bad


def test_every_concept_is_complete(data):
    for c in data["concepts"]:
        cid = c["id"]
        assert isinstance(c.get("name"), str) and c["name"].strip(), cid
        assert c.get("type") in NODE_TYPES, cid
        assert isinstance(c.get("definition"), str) and c["definition"].strip(), cid
        src = c.get("source")
        assert isinstance(src, dict), cid
        assert isinstance(src.get("chapter"), int) and not isinstance(src["chapter"], bool), cid
        assert 0 <= src["chapter"] <= 2, cid
        assert isinstance(src.get("section"), str) and src["section"].strip(), cid
        assert isinstance(c.get("hours"), (int, float)) and c["hours"] > 0, cid
        assert isinstance(c.get("tags"), list) and c["tags"], cid
        assert all(isinstance(t, str) and t == t.lower() and t.strip() for t in c["tags"]), cid
        assert isinstance(c.get("aliases", []), list), cid


def test_names_and_aliases_are_unique(data):
    owners = defaultdict(set)
    for c in data["concepts"]:
        for label in [c["id"], c["name"], *c.get("aliases", [])]:
            assert normalize(label), (c["id"], label)
            owners[normalize(label)].add(c["id"])
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes


def test_every_alias_resolves_to_its_concept(data):
    index = {}
    for c in data["concepts"]:
        for label in [c["id"], c["name"], *c.get("aliases", [])]:
            index.setdefault(normalize(label), set()).add(c["id"])
    for c in data["concepts"]:
        for alias in c.get("aliases", []):
            assert index[normalize(alias)] == {c["id"]}, alias


def test_relations_are_well_formed(data, concepts):
    for r in data["relations"]:
        assert r["source"] in concepts, r
        assert r["target"] in concepts, r
        assert r["source"] != r["target"], r
        assert r["type"] in RELATION_TYPES, r


def test_symmetric_pairs_listed_once(data):
    seen = set()
    for r in data["relations"]:
        if r["type"] in SYMMETRIC:
            key = (r["type"], frozenset((r["source"], r["target"])))
            assert key not in seen, r
            seen.add(key)


def test_every_relation_has_a_reason(data):
    for r in data["relations"]:
        assert isinstance(r.get("reason"), str) and r["reason"].strip(), r


def test_no_prerequisite_cycles(prereq):
    assert nx.is_directed_acyclic_graph(prereq), list(nx.simple_cycles(prereq))[:3]


def test_no_redundant_prerequisite_shortcuts(prereq):
    reduced = nx.transitive_reduction(prereq)
    redundant = [e for e in prereq.edges() if not reduced.has_edge(*e)]
    assert not redundant


def test_every_concept_is_connected(data):
    g = nx.Graph()
    g.add_nodes_from(c["id"] for c in data["concepts"])
    g.add_edges_from((r["source"], r["target"]) for r in data["relations"])
    assert nx.is_connected(g), [sorted(c) for c in nx.connected_components(g)][1:]


def test_definitions_are_one_to_three_sentences(data):
    for c in data["concepts"]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", c["definition"].strip()) if s]
        assert 1 <= len(sentences) <= 3, c["id"]
        assert c["definition"].strip()[-1] in ".!?", c["id"]


def test_background_roots_exist_and_need_only_background(concepts, prereq):
    for root in BACKGROUND:
        assert root in concepts, root
        outside = set(prereq.predecessors(root)) - BACKGROUND
        assert not outside, (root, outside)
        assert concepts[root]["source"]["chapter"] == 0, root


@pytest.mark.parametrize("earlier,later", ORDERING)
def test_ordering(prereq, earlier, later):
    assert earlier in prereq and later in prereq
    assert earlier in nx.ancestors(prereq, later), f"{earlier} should come before {later}"


def test_enough_ordering_facts():
    assert len(ORDERING) >= 20


@pytest.mark.parametrize("source,rtype,target", STRUCTURE)
def test_structure(data, source, rtype, target):
    for r in data["relations"]:
        if r["type"] != rtype:
            continue
        if (r["source"], r["target"]) == (source, target):
            return
        if rtype in SYMMETRIC and (r["source"], r["target"]) == (target, source):
            return
    pytest.fail(f"missing relation {source} {rtype} {target}")


def test_named_things_have_example_of(data):
    named = {c["id"] for c in data["concepts"] if c["type"] in {"tool", "model", "benchmark"}}
    assert named
    with_example = {r["source"] for r in data["relations"] if r["type"] == "example_of"}
    assert not named - with_example, sorted(named - with_example)


def test_named_things_stay_out_of_curricula(data, prereq):
    named = {c["id"] for c in data["concepts"] if c["type"] in {"tool", "model", "benchmark"}}
    for goal in GOALS:
        assert not (nx.ancestors(prereq, goal) & named), goal


@pytest.mark.parametrize("goal", GOALS)
def test_curriculum_to_goal(prereq, goal):
    assert goal in prereq
    nodes = nx.ancestors(prereq, goal) | {goal}
    order = list(nx.topological_sort(prereq.subgraph(nodes)))
    assert order[-1] == goal
    assert prereq.in_degree(order[0]) == 0
    starts = {n for n in nodes if prereq.in_degree(n) == 0}
    assert starts & BACKGROUND, (goal, starts)
    # reasonably focused: far smaller than the whole graph
    assert len(nodes) <= 60, (goal, len(nodes))


# ---- with the project's own library, when it is importable ----

def test_library_validates_bundled_file():
    graph = pytest.importorskip("graph")
    problems = graph.validate_file(DATA)
    errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
    assert not errors, [str(p) for p in errors]


@pytest.mark.parametrize(
    "label,cid",
    [("fine-tuning", "finetuning"), ("LLM", "llm"), ("RAG", "rag"), ("seq2seq", "seq2seq"),
     ("PEFT", "parameter-efficient-finetuning"), ("MLP", "mlp-module"), ("RNN", "recurrent-neural-network"),
     ("KV cache", "kv-cache"), ("gen AI", "generative-ai"), ("pretraining", "pre-training")],
)
def test_library_resolves_aliases(label, cid):
    graph = pytest.importorskip("graph")
    kg = graph.load(DATA)
    assert graph.resolve(kg, label) == cid
