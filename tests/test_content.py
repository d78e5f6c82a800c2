"""Guards on the content of the bundled concept graph, data/concepts.json.

What a teacher would check: every chapter of the field covered, every concept on
the way to some goal, the orderings a course needs, the chapter goals reaching
what their chapter teaches, definitions in our own words. These tests need only
the standard library and networkx; the few that use the project's own package
say so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "concepts.json"
FINGERPRINT = HERE / "data" / "notes_fingerprint.json"

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
SYMMETRIC = {"contrasts_with", "related_to", "equivalent_to"}
NAMED = {"tool", "model", "benchmark"}

#: The study-time scale of docs/content.md: a term, an idea, a technique, a
#: sub-topic, a chapter-sized topic.
HOURS_SCALE = {0.25, 0.5, 1, 2, 4}
#: Concepts a definition must not lean on: every definition stands on its own.
SELF_CONTAINED = re.compile(r"\b(the book|this book|this chapter|later chapter|chapter \d+|the author|as discussed)\b", re.I)

#: Each chapter's capstone goals: their curricula teach the chapter.
CHAPTER_GOALS = {
    1: ["ai-engineering"],
    2: ["chat-model", "sampling-strategy"],
    3: ["evaluation-methodology"],
    4: ["evaluation-pipeline"],
    5: ["prompt-engineering-practice", "defensive-prompt-engineering"],
    6: ["rag", "agent"],
    7: ["finetuning-workflow"],
    8: ["dataset-construction"],
    9: ["inference-optimization"],
    10: ["ai-engineering-architecture", "feedback-design"],
}
GOALS = [g for goals in CHAPTER_GOALS.values() for g in goals]

#: goal -> concepts its curriculum must reach.
REACHES = {
    "ai-engineering": ["foundation-model", "model-adaptation", "prompt-engineering", "context-construction",
                       "finetuning", "evaluation", "ai-engineering-stack"],
    "chat-model": ["transformer", "scaling-law", "pre-training", "base-model", "supervised-finetuning",
                   "preference-finetuning", "reward-model", "rlhf", "dpo"],
    "sampling-strategy": ["logits", "softmax", "sampling", "temperature", "top-k-sampling", "top-p-sampling",
                          "test-time-compute", "structured-output", "hallucination"],
    "evaluation-methodology": ["entropy", "perplexity", "functional-correctness", "semantic-similarity",
                               "embedding", "ai-as-a-judge", "comparative-evaluation"],
    "evaluation-pipeline": ["perplexity", "ai-as-a-judge", "benchmark", "data-contamination", "model-selection",
                            "evaluation-criteria", "evaluation-guideline"],
    "prompt-engineering-practice": ["in-context-learning", "few-shot-prompting", "system-prompt", "chain-of-thought",
                                    "prompt-decomposition", "prompt-injection", "defensive-prompt-engineering"],
    "rag": ["embedding", "chunking", "vector-search", "approximate-nearest-neighbor", "reranking",
            "term-based-retrieval", "hybrid-search", "retrieval-evaluation"],
    "agent": ["tool", "tool-use", "planning", "reflection", "react-pattern", "agent-memory", "agent-failure-mode"],
    "finetuning": ["language-model", "llm", "foundation-model", "pre-training"],
    "finetuning-workflow": ["memory-footprint", "memory-math", "parameter-efficient-finetuning", "lora", "qlora",
                            "quantization", "learning-rate"],
    "dataset-construction": ["data-curation", "data-annotation", "data-synthesis", "data-verification",
                             "deduplication", "model-distillation"],
    "inference-optimization": ["prefill", "decode", "kv-cache", "sampling", "ttft", "tpot", "batching",
                               "continuous-batching", "speculative-decoding", "quantization"],
    "ai-engineering-architecture": ["rag", "guardrails", "model-router", "model-gateway", "semantic-caching",
                                    "monitoring", "observability"],
    "feedback-design": ["user-feedback", "explicit-feedback", "implicit-feedback", "feedback-bias",
                        "degenerate-feedback-loop"],
}

#: goal -> concepts its curriculum must NOT drag in (ML theory or a whole other chapter it does not need).
AVOIDS = {
    "ai-engineering": ["gradient-descent", "backpropagation", "f1", "ml-engineering", "rag", "inference-optimization"],
    "rag": ["gradient-descent", "backpropagation", "recurrent-neural-network", "agent"],
    "agent": ["gradient-descent", "backpropagation", "rag"],
    "inference-optimization": ["recurrent-neural-network", "seq2seq", "gradient-descent"],
    "evaluation": ["f1", "precision", "recall"],
    "finetuning": ["rag", "recurrent-neural-network"],
    "prompt-engineering": ["gradient-descent", "backpropagation", "transformer"],
}

#: (earlier, later): earlier must be a transitive prerequisite of later.  Orderings
#: a teacher would defend, across all ten chapters.
ORDERING = [
    # background and chapter 1
    ("probability-distribution", "sampling"), ("log-likelihood", "cross-entropy"), ("loss-function", "training"),
    ("supervision", "self-supervision"), ("token", "tokenization"), ("tokenization", "language-model"),
    ("language-model", "autoregressive-language-model"), ("language-model", "llm"), ("llm", "foundation-model"),
    ("self-supervision", "pre-training"), ("parameter", "model-size"), ("foundation-model", "ai-engineering"),
    ("model-adaptation", "ai-engineering"), ("use-case-evaluation", "milestone-planning"),
    ("demo", "last-mile-challenge"), ("foundation-model", "model-adaptation"), ("versioning", "maintenance"),
    # chapter 2: modeling, post-training, sampling
    ("vector", "dot-product"), ("dot-product", "attention-mechanism"), ("query-vector", "attention-mechanism"),
    ("key-vector", "attention-mechanism"), ("value-vector", "attention-mechanism"),
    ("attention-module", "transformer-block"), ("mlp-module", "transformer-block"),
    ("transformer-block", "transformer"), ("attention-mechanism", "kv-cache"), ("kv-cache", "prefill"),
    ("prefill", "decode"), ("sampling", "decode"), ("next-token-prediction", "pre-training"),
    ("pre-training", "base-model"), ("base-model", "supervised-finetuning"), ("demonstration-data", "supervised-finetuning"),
    ("supervised-finetuning", "preference-finetuning"), ("preference-data", "reward-model"), ("reward-model", "rlhf"),
    ("logits", "softmax"), ("softmax", "sampling"), ("sampling", "temperature"), ("sampling", "top-p-sampling"),
    ("top-k-sampling", "top-p-sampling"), ("structured-output", "constrained-sampling"), ("scaling-law", "compute-optimal-training"),
    # chapters 3 and 4: evaluation
    ("entropy", "cross-entropy"), ("cross-entropy", "perplexity"), ("exact-evaluation", "functional-correctness"),
    ("vector", "embedding"), ("embedding", "semantic-similarity"), ("evaluation", "ai-as-a-judge"),
    ("ai-as-a-judge", "judge-bias"), ("pairwise-comparison", "comparative-evaluation"), ("benchmark", "data-contamination"),
    ("evaluation-criteria", "evaluation-guideline"), ("model-selection", "evaluation-pipeline"),
    # chapter 5: prompt engineering
    ("prompt", "in-context-learning"), ("in-context-learning", "few-shot-prompting"), ("prompt-engineering", "chain-of-thought"),
    ("system-prompt", "chat-template"), ("prompt-injection", "indirect-prompt-injection"),
    ("prompt-injection", "defensive-prompt-engineering"),
    # chapter 6: RAG and agents
    ("embedding", "vector-search"), ("vector-search", "approximate-nearest-neighbor"), ("tf-idf", "bm25"),
    ("term-based-retrieval", "hybrid-search"), ("embedding-based-retrieval", "hybrid-search"),
    ("context-construction", "retriever"), ("chunking", "rag"), ("reranking", "rag"), ("tool", "tool-use"),
    ("structured-output", "tool-use"), ("tool-use", "agent"), ("planning", "agent"), ("chain-of-thought", "react-pattern"),
    # chapters 7 and 8: finetuning and data
    ("pre-training", "finetuning"), ("foundation-model", "finetuning"), ("finetuning", "parameter-efficient-finetuning"),
    ("parameter-efficient-finetuning", "lora"), ("low-rank-factorization", "lora"), ("lora", "qlora"),
    ("quantization", "qlora"), ("numerical-precision", "quantization"), ("memory-footprint", "memory-math"),
    ("data-curation", "data-acquisition"), ("ai-data-synthesis", "data-verification"), ("data-inspection", "deduplication"),
    # chapters 9 and 10: inference, architecture, feedback
    ("arithmetic-intensity", "memory-bandwidth-bound"), ("memory-bandwidth-bound", "speculative-decoding"),
    ("prefill", "ttft"), ("decode", "tpot"), ("batching", "continuous-batching"), ("kv-cache-size", "paged-attention"),
    ("embedding", "semantic-caching"), ("user-feedback", "explicit-feedback"), ("feedback-bias", "feedback-design"),
]

#: (a, b): a must NOT be a prerequisite ancestor of b.  Choices the previous graph got wrong.
NOT_ORDERED = [
    ("recurrent-neural-network", "attention-mechanism"), ("seq2seq", "transformer"), ("ml-engineering", "ai-engineering"),
    ("f1", "evaluation"), ("rag", "agent"), ("maintenance", "versioning"), ("gradient-descent", "prompt-engineering"),
]

#: (source, type, target) relations that must be present (symmetric types either way round).
STRUCTURE = [
    ("attention-module", "part_of", "transformer-block"), ("mlp-module", "part_of", "transformer-block"),
    ("transformer-block", "part_of", "transformer"), ("llm", "is_a", "language-model"),
    ("cross-entropy", "is_a", "loss-function"), ("mlops", "equivalent_to", "ml-engineering"),
    ("masked-language-model", "contrasts_with", "autoregressive-language-model"),
    ("self-supervision", "contrasts_with", "supervision"), ("self-supervision", "contrasts_with", "unsupervised-learning"),
    ("reactive-feature", "contrasts_with", "proactive-feature"), ("dynamic-feature", "contrasts_with", "static-feature"),
    ("ai-engineering", "contrasts_with", "ml-engineering"), ("pre-training", "contrasts_with", "finetuning"),
    ("close-ended-output", "contrasts_with", "open-ended-output"), ("prefill", "contrasts_with", "decode"),
    ("seq2seq", "contrasts_with", "transformer"), ("pytorch", "example_of", "ml-framework"),
    ("mmlu", "example_of", "benchmark"), ("lora", "is_a", "parameter-efficient-finetuning"),
    ("qlora", "is_a", "lora"), ("chunking", "part_of", "rag"), ("retriever", "part_of", "rag"),
    ("term-based-retrieval", "contrasts_with", "embedding-based-retrieval"),
    ("compute-bound", "contrasts_with", "memory-bandwidth-bound"), ("quantization", "is_a", "model-compression"),
    ("application-development", "part_of", "ai-engineering-stack"), ("model-development", "part_of", "ai-engineering-stack"),
    ("infrastructure", "part_of", "ai-engineering-stack"), ("inference-optimization", "part_of", "model-development"),
]

#: Concepts folded into another: the old id stays resolvable as an alias.
FOLDED = {
    "model-weights": "parameter", "dataset-size": "data-quantity", "langchain-js": "javascript-ai-tooling",
    "transformers-js": "javascript-ai-tooling", "openai-node": "javascript-ai-tooling",
    "vercel-ai-sdk": "javascript-ai-tooling", "software-engineering": "full-stack-engineering",
    "gemini-ultra": "gemini", "chatgpt-memory": "chatgpt", "general-purpose-model": "foundation-model",
    "modeling-and-training": "training",
}

#: The paraphrase guard's stop words and stems, as in scripts/notes_fingerprint.py.
STOP_WORDS = frozenset(
    "a an the of to and or in on for with is are be by as it its that this from at can their they than more "
    "which what how when not into each one".split()
)


def normalize(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", text).casefold()


def stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP_WORDS and len(w) > 2}


def stem_hash(stem: str) -> str:
    return hashlib.blake2b(stem.encode(), digest_size=5).hexdigest()


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
    g.add_edges_from((r["source"], r["target"]) for r in data["relations"] if r["type"] == "prerequisite")
    return g


def plan_of(prereq: nx.DiGraph, goal: str) -> set[str]:
    return nx.ancestors(prereq, goal) | {goal}


def test_file_parses_with_title(data):
    assert data.get("title") == "AI Engineering concepts"
    assert isinstance(data["concepts"], list) and isinstance(data["relations"], list)


def test_the_whole_field_is_covered(data):
    chapters = Counter(c["source"]["chapter"] for c in data["concepts"])
    assert len(data["concepts"]) >= 300
    thin = {ch: chapters[ch] for ch in range(1, 11) if chapters[ch] < 12}
    assert not thin, thin


def test_ids_are_slugs_and_unique(data):
    ids = [c["id"] for c in data["concepts"]]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if not SLUG.match(i)]


def test_every_concept_is_complete(data):
    for c in data["concepts"]:
        cid = c["id"]
        assert isinstance(c.get("name"), str) and c["name"].strip(), cid
        assert c.get("type") in NODE_TYPES, cid
        assert isinstance(c.get("definition"), str) and c["definition"].strip(), cid
        src = c.get("source")
        assert isinstance(src, dict), cid
        assert isinstance(src.get("chapter"), int) and not isinstance(src["chapter"], bool), cid
        assert 0 <= src["chapter"] <= 10, cid
        if "section" in src:
            assert isinstance(src["section"], str) and src["section"].strip(), cid
        assert c.get("hours") in HOURS_SCALE, (cid, c.get("hours"))
        assert isinstance(c.get("tags"), list) and c["tags"], cid
        assert all(isinstance(t, str) and t == t.lower() and t.strip() for t in c["tags"]), cid


def test_sections_are_declared_in_book_order(data):
    declared = [(s["chapter"], s["section"]) for s in data["sections"]]
    assert len(declared) == len(set(declared))
    assert [ch for ch, _ in declared] == sorted(ch for ch, _ in declared)
    assert declared[:4] == [(0, "What This Book Is About"), (0, "What This Book Is Not"),
                            (0, "Who This Book Is For"), (0, "Navigating This Book")]
    used = {(c["source"]["chapter"], c["source"]["section"]) for c in data["concepts"] if "section" in c["source"]}
    assert not used - set(declared), sorted(used - set(declared))


def test_names_and_aliases_are_unique(data):
    owners = defaultdict(set)
    for c in data["concepts"]:
        for label in [c["id"], c["name"], *c.get("aliases", [])]:
            assert normalize(label), (c["id"], label)
            owners[normalize(label)].add(c["id"])
    assert not {k: v for k, v in owners.items() if len(v) > 1}


def test_relations_are_well_formed(data, concepts):
    for r in data["relations"]:
        assert r["source"] in concepts and r["target"] in concepts, r
        assert r["source"] != r["target"], r
        assert r["type"] in RELATION_TYPES, r


def test_relations_are_listed_once(data):
    seen = set()
    for r in data["relations"]:
        key = (r["type"], frozenset((r["source"], r["target"]))) if r["type"] in SYMMETRIC else (r["type"], r["source"], r["target"])
        assert key not in seen, r
        seen.add(key)


def test_every_prerequisite_has_a_reason(data):
    for r in data["relations"]:
        if r["type"] == "prerequisite":
            assert isinstance(r.get("reason"), str) and r["reason"].strip().endswith("."), r


def test_precise_relation_types_are_preferred(data):
    kinds = Counter(r["type"] for r in data["relations"])
    assert kinds["related_to"] <= 0.02 * len(data["relations"]), kinds


def test_no_prerequisite_cycles(prereq):
    assert nx.is_directed_acyclic_graph(prereq), list(nx.simple_cycles(prereq))[:3]


def test_no_redundant_prerequisite_shortcuts(prereq):
    reduced = nx.transitive_reduction(prereq)
    assert not [e for e in prereq.edges() if not reduced.has_edge(*e)]


def test_every_concept_is_connected(data):
    g = nx.Graph()
    g.add_nodes_from(c["id"] for c in data["concepts"])
    g.add_edges_from((r["source"], r["target"]) for r in data["relations"])
    assert nx.is_connected(g), [sorted(c) for c in nx.connected_components(g)][1:]


def test_nearly_every_concept_is_on_the_way_to_some_goal(data, prereq):
    ordered = {n for n in prereq if prereq.degree(n)}
    assert len(ordered) >= 0.85 * len(data["concepts"]), len(ordered)


def test_definitions_are_one_to_three_self_contained_sentences(data):
    for c in data["concepts"]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", c["definition"].strip()) if s]
        assert 1 <= len(sentences) <= 3, c["id"]
        assert c["definition"].strip()[-1] in ".!?", c["id"]
        assert not SELF_CONTAINED.search(c["definition"]), c["id"]


def test_definitions_are_not_close_paraphrases_of_the_notes(data):
    """No definition sentence with four or more content words shares 60% of them
    with any one line of the notes the first concepts came from.  The notes quote a
    copyrighted book, so only hashes of each line's word stems are shipped."""
    fingerprint = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
    lines = [set(line) for line in fingerprint["lines"]]
    assert len(lines) > 200
    close = []
    for c in data["concepts"]:
        for sentence in re.split(r"(?<=[.;])\s+", c["definition"]):
            words = {stem_hash(s) for s in stems(sentence)}
            if len(words) >= 4 and max(len(words & line) for line in lines) / len(words) >= 0.6:
                close.append((c["id"], sentence))
    assert not close


def test_the_paraphrase_guard_can_fail():
    fingerprint = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
    lines = [set(line) for line in fingerprint["lines"]]
    # Our own words, but the content words of one line of the notes: caught.
    sentence = "Languages and statistics: the information a model encodes."
    words = {stem_hash(s) for s in stems(sentence)}
    assert max(len(words & line) for line in lines) / len(words) >= 0.6


def test_hours_follow_the_scale(concepts):
    for goal in ("rag", "agent", "inference-optimization", "evaluation-pipeline", "finetuning-workflow"):
        assert concepts[goal]["hours"] == 4, goal
    assert concepts["transformer"]["hours"] < concepts["rag"]["hours"]
    assert concepts["token"]["hours"] == 0.25


@pytest.mark.parametrize("chapter", sorted(CHAPTER_GOALS))
def test_every_chapter_has_a_capstone_of_its_own(concepts, prereq, chapter):
    for goal in CHAPTER_GOALS[chapter]:
        assert concepts[goal]["source"]["chapter"] == chapter, goal
        plan = plan_of(prereq, goal)
        own = sum(concepts[c]["source"]["chapter"] == chapter for c in plan)
        assert own >= 3, (goal, own)


@pytest.mark.parametrize("goal", sorted(REACHES))
def test_goal_reaches_what_its_chapter_teaches(prereq, goal):
    missing = set(REACHES[goal]) - plan_of(prereq, goal)
    assert not missing, (goal, sorted(missing))


@pytest.mark.parametrize("goal", sorted(AVOIDS))
def test_goal_does_not_drag_in_what_it_does_not_need(prereq, goal):
    extra = set(AVOIDS[goal]) & plan_of(prereq, goal)
    assert not extra, (goal, sorted(extra))


def test_basic_ideas_stay_basic(prereq):
    # Other concepts build on these, so their own plans are short.
    assert len(plan_of(prereq, "evaluation")) <= 3
    assert len(plan_of(prereq, "finetuning")) <= 30
    assert len(plan_of(prereq, "prompt-engineering")) <= 35
    assert {"parameter-efficient-finetuning", "ai-as-a-judge"} <= nx.descendants(prereq, "finetuning") | nx.descendants(prereq, "evaluation")


@pytest.mark.parametrize("goal", GOALS)
def test_curriculum_to_goal(prereq, goal):
    plan = plan_of(prereq, goal)
    order = list(nx.topological_sort(prereq.subgraph(plan)))
    assert order[-1] == goal
    assert len(plan) <= 140, (goal, len(plan))


@pytest.mark.parametrize("earlier,later", ORDERING)
def test_ordering(prereq, earlier, later):
    assert earlier in nx.ancestors(prereq, later), f"{earlier} should come before {later}"


@pytest.mark.parametrize("a,b", NOT_ORDERED)
def test_not_ordered(prereq, a, b):
    assert a in prereq and b in prereq
    assert a not in nx.ancestors(prereq, b), f"{a} should not be needed for {b}"


def test_enough_ordering_facts():
    assert len(ORDERING) >= 80
    assert {c for pair in ORDERING for c in pair} >= {g for g in ("rag", "agent", "qlora", "tpot")}


@pytest.mark.parametrize("source,rtype,target", STRUCTURE)
def test_structure(data, source, rtype, target):
    for r in data["relations"]:
        if r["type"] == rtype and ((r["source"], r["target"]) == (source, target)
                                   or rtype in SYMMETRIC and (r["source"], r["target"]) == (target, source)):
            return
    pytest.fail(f"missing relation {source} {rtype} {target}")


def test_named_things_have_example_of(data):
    named = {c["id"] for c in data["concepts"] if c["type"] in NAMED}
    assert named
    with_example = {r["source"] for r in data["relations"] if r["type"] == "example_of"}
    assert not named - with_example, sorted(named - with_example)


def test_named_things_stay_out_of_curricula(data, prereq):
    named = {c["id"] for c in data["concepts"] if c["type"] in NAMED}
    for goal in GOALS:
        assert not (nx.ancestors(prereq, goal) & named), goal


# ---- with the project's own library ----

def test_library_validates_bundled_file():
    graph = pytest.importorskip("graph")
    problems = graph.validate_file(DATA)
    assert not [p for p in problems if getattr(p, "severity", "error") == "error"], [str(p) for p in problems]


@pytest.mark.parametrize(
    "label,cid",
    [("fine-tuning", "finetuning"), ("LLM", "llm"), ("RAG", "rag"), ("seq2seq", "seq2seq"),
     ("PEFT", "parameter-efficient-finetuning"), ("MLP", "mlp-module"), ("RNN", "recurrent-neural-network"),
     ("KV cache", "kv-cache"), ("gen AI", "generative-ai"), ("pretraining", "pre-training"),
     ("nucleus sampling", "top-p-sampling"), ("RLHF", "rlhf"), ("TTFT", "ttft"), ("CoT", "chain-of-thought"),
     ("LLM as a judge", "ai-as-a-judge"), ("dense retrieval", "embedding-based-retrieval"), ("QLoRA", "qlora"),
     *FOLDED.items()],
)
def test_library_resolves_aliases_and_folded_ids(label, cid):
    graph = pytest.importorskip("graph")
    kg = graph.load(DATA)
    assert graph.resolve(kg, label) == cid


def test_the_curated_goals_are_the_chapter_capstones(data, concepts):
    goals = data["goals"]
    assert [g["id"] for g in goals] == GOALS
    for g in goals:
        description = g["description"]
        assert description.strip() and "\n" not in description and description.endswith("."), g["id"]
        assert len(description) <= 130, g["id"]  # one line in a terminal, with the goal's name beside it
    assert {concepts[g["id"]]["source"]["chapter"] for g in goals} == set(range(1, 11))
