"""The library API: loading, resolving, querying and planning, without the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import graph
from graph.model import AmbiguousConcept, InvalidGraph, NotConnected, UnknownConcept
from graph.store import to_dict

ROOT = Path(__file__).resolve().parent.parent


def chain(n: int) -> dict:
    return {
        "concepts": [{"id": f"c{i}", "name": f"Concept {i}", "type": "concept", "hours": 1} for i in range(n)],
        "relations": [{"source": f"c{i}", "type": "prerequisite", "target": f"c{i + 1}"} for i in range(n - 1)],
    }


def test_load_returns_records_in_file_order(small):
    assert list(small.concepts)[:3] == ["probability", "loss-function", "gradient-descent"]
    rag = small["rag"]
    assert (rag.name, rag.type, rag.aliases, rag.hours) == ("Retrieval-augmented generation", "technique", ("RAG",), 2)
    assert rag.source == graph.Source(1, "From Large Language Models to Foundation Models")
    assert small.warnings == []


def test_load_errors_carry_every_problem(write_graph):
    path = write_graph({"concepts": [{"id": 1, "name": "A"}, "nope"]})
    with pytest.raises(InvalidGraph) as info:
        graph.load(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}: concepts[0].id: must be a string, not a number",
        f'{path}: concepts[0]: missing "type"',
        f"{path}: concepts[1]: a concept must be an object, not a string",
    ]


def test_saving_the_bundled_graph_gives_back_the_same_file(tmp_path):
    """Nothing a graph file holds is lost by loading and saving it: title,
    description, declared sections, concepts and relations, in their order."""
    out = tmp_path / "again.json"
    graph.save(graph.load(), out)
    assert out.read_bytes() == graph.bundled_graph_path().read_bytes()


def test_round_trip_is_byte_stable(small_path, tmp_path):
    kg = graph.load(small_path)
    out = tmp_path / "again.json"
    graph.save(kg, out)
    again = graph.load(out)
    assert graph.dumps(again) == graph.dumps(kg)
    assert out.read_text(encoding="utf-8").endswith("}\n")


def test_resolve_prefers_id_then_name_then_alias():
    kg = graph.from_dict(
        {
            "concepts": [
                {"id": "lm", "name": "Tiny", "type": "concept"},
                {"id": "language-model", "name": "Language model", "type": "concept", "aliases": ["LM"]},
            ]
        }
    )
    assert kg.warnings  # "LM" is both an id and an alias
    assert graph.resolve(kg, "lm") == "lm"
    assert graph.resolve(kg, "LM") == "lm"
    assert graph.resolve(kg, "language_model") == "language-model"


def test_resolve_errors():
    kg = graph.from_dict(
        {
            "concepts": [
                {"id": "a", "name": "Alpha", "type": "concept", "aliases": ["x"]},
                {"id": "b", "name": "Beta", "type": "concept", "aliases": ["x"]},
            ]
        }
    )
    with pytest.raises(AmbiguousConcept) as info:
        graph.resolve(kg, "X")
    assert info.value.candidates == ["a", "b"]
    with pytest.raises(UnknownConcept) as info:
        graph.resolve(kg, "alpah")
    assert info.value.suggestions == ["a"]


def test_path_unconnected(small):
    kg = graph.from_dict({"concepts": [{"id": "a", "name": "A", "type": "concept"}, {"id": "b", "name": "B", "type": "concept"}]})
    with pytest.raises(NotConnected):
        graph.path(kg, "a", "b")
    assert graph.path(small, "rag", "rag") == []


def test_long_chain_has_no_recursion_limit():
    kg = graph.from_dict(chain(5_000))
    p = graph.plan(kg, ["c4999"])
    assert len(p.steps) == 5_000 and p.steps[0].id == "c0" and p.total_hours == 5_000
    assert len(graph.prerequisites(kg, "c4999")) == 4_999
    tree = graph.prerequisite_tree(kg, "c4999")
    from graph.text import tree_text

    assert tree_text(kg["c4999"], tree, "t").count("\n") == 5_000
    assert len(graph.path(kg, "c0", "c4999")) == 4_999
    assert graph.stats(kg)["longest_chain"][-1] == "c4999"


def test_plan_skips_known_and_implied(small):
    assert [s.id for s in graph.plan(small, ["rag"], known=["llm"]).steps] == ["prompt-engineering", "rag"]
    # language-model is implied by llm, but finetuning reaches it through pre-training
    steps = [s.id for s in graph.plan(small, ["rag", "finetuning"], known=["llm"]).steps]
    assert "language-model" in steps and "llm" not in steps


def test_plan_is_deterministic_and_respects_prerequisites(small):
    first = graph.plan(small, ["finetuning", "rag"])
    assert graph.plan(small, ["rag", "finetuning"]).steps == first.steps
    position = {s.id: s.step for s in first.steps}
    stage = {s.id: s.stage for s in first.steps}
    for u, v in small.prerequisite_graph.edges():
        if u in position and v in position:
            assert position[u] < position[v] and stage[u] < stage[v]


def test_ready_to_learn(small):
    assert graph.ready_to_learn(small) == ["loss-function", "probability", "token", "pytorch"]
    assert graph.ready_to_learn(small, ["finetuning"]) == ["llm", "pytorch"]


def test_cycles_are_named(cyclic_path):
    kg = graph.load(cyclic_path)
    assert graph.prerequisite_cycles(kg) == [["b", "c"]]
    assert [str(w) for w in kg.warnings] == [
        f'{cyclic_path}: relations[4]: self-loop: "d" prerequisite itself',
        f"{cyclic_path}: relations: prerequisite cycle: B (b) -> C (c) -> B (b)",
    ]


def test_write_atomic_leaves_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        graph.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_importing_the_library_imports_nothing_heavy():
    code = "import sys, graph, cli; print(sorted(m for m in ('networkx', 'pyvis', 'jsonschema', 'rdflib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_tab_completion_of_concept_names(small_path):
    env = {
        **os.environ,
        "_AIE_GRAPH_COMPLETE": "bash_complete",
        "COMP_WORDS": "aie-graph show fine",
        "COMP_CWORD": "2",
        "AIE_GRAPH_DATA": small_path,
    }
    out = subprocess.run([sys.executable, "cli.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "plain,finetuning\n"
    env["COMP_WORDS"] = "aie-graph show L"
    out = subprocess.run([sys.executable, "cli.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.stdout == "plain,loss-function\nplain,language-model\nplain,llm\n"


@pytest.mark.slow
def test_wheel_ships_the_bundled_graph_schema_and_templates(tmp_path):
    """A non-editable install must find data/concepts.json from any folder: the
    wheel maps it into the package graph.data (see setup.cfg)."""
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)]
    build = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("aie_graph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"graph/cli.py", "graph/__init__.py", "graph/schema.json", "graph/data/concepts.json"} <= names
    assert "cli.py" not in names  # the command line is graph.cli: no bare top-level module
    bundled = json.loads(zipfile.ZipFile(wheel).read("graph/data/concepts.json"))
    assert bundled == json.loads((ROOT / "data" / "concepts.json").read_text(encoding="utf-8"))


def test_plan_stages_are_the_topological_generations_of_the_needed_subgraph():
    """plan() takes the whole graph's generations when nothing is known (faster);
    they must equal networkx's generations of the needed subgraph, as specified."""
    import random

    import networkx as nx

    rng = random.Random(7)
    for _ in range(30):
        n = rng.randint(2, 60)
        edges = {(rng.randrange(i), i) for i in range(1, n) for _ in range(rng.randint(0, 3))}
        kg = graph.from_dict(
            {
                "concepts": [{"id": f"c{i}", "name": f"C{i}", "type": "concept"} for i in range(n)],
                "relations": [{"source": f"c{u}", "type": "prerequisite", "target": f"c{v}"} for u, v in sorted(edges)],
            }
        )
        goals = [f"c{rng.randrange(n)}" for _ in range(rng.randint(1, 3))]
        g = kg.prerequisite_graph
        needed = set(goals).union(*(nx.ancestors(g, x) for x in goals))
        expected = {v: i for i, gen in enumerate(nx.topological_generations(g.subgraph(needed)), 1) for v in gen}
        assert {s.id: s.stage for s in graph.plan(kg, goals).steps} == expected


def test_show_search_and_list_on_the_bundled_graph_never_import_networkx():
    """The bundled file lists every concept after its prerequisites, so loading proves
    it acyclic by reading it once: the commands that need no graph algorithm start
    without networkx (about 200 ms)."""
    code = (
        "import sys; from click.testing import CliRunner; import cli\n"
        "for args in (['show', 'RAG'], ['search', 'attention'], ['list'], ['types']):\n"
        "    result = CliRunner().invoke(cli.cli, args)\n"
        "    assert result.exit_code == 0, result.output\n"
        "print('networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
    kg = graph.load()
    position = {cid: i for i, cid in enumerate(kg.concepts)}
    backwards = [(s, t) for s, rtype, t in kg.relation_triples() if rtype == "prerequisite" and position[s] > position[t]]
    assert backwards == []


def test_declared_sections_set_book_order_whatever_the_file_order(write_graph):
    concepts = [
        {"id": "late", "name": "Late", "type": "concept", "source": {"chapter": 1, "section": "Second"}},
        {"id": "early", "name": "Early", "type": "concept", "source": {"chapter": 1, "section": "First"}},
        {"id": "preface", "name": "Preface idea", "type": "concept", "source": {"chapter": 0, "section": "Intro"}},
    ]
    undeclared = graph.from_dict({"concepts": concepts})
    assert sorted(undeclared.concepts, key=undeclared.order_key) == ["preface", "late", "early"]
    data = {"sections": [{"chapter": 1, "section": "First"}, {"chapter": 1, "section": "Second"}], "concepts": concepts}
    declared = graph.from_dict(data)
    assert sorted(declared.concepts, key=declared.order_key) == ["preface", "early", "late"]
    assert declared.sections == [(1, "First"), (1, "Second")]
    assert to_dict(declared)["sections"] == data["sections"]  # kept when saved
    path = write_graph(data)
    assert graph.validate_file(path) == []


def test_bad_sections_are_located(write_graph):
    path = write_graph(
        {
            "sections": [{"chapter": 1, "section": "A"}, {"chapter": "one", "section": "B"}, {"chapter": 2}, "C",
                         {"chapter": 1, "section": "A"}],
            "concepts": [{"id": "a", "name": "A", "type": "concept"}],
        }
    )
    assert [str(p) for p in graph.validate_file(path)] == [
        f"{path}: sections[1].chapter: must be a whole number from 0 (the preface), not 'one'",
        f'{path}: sections[2]: missing "section"',
        f'{path}: sections[3]: must be an object like {{"chapter": 1, "section": "..."}}, not a string',
        f"{path}: sections[4]: duplicate of sections[0]",
    ]
    kg = graph.load(write_graph({"sections": [{"section": "A"}, {"section": "A"}], "concepts": []}, "dup.json"))
    assert [str(p) for p in kg.warnings] == [f"{kg.file}: sections[1]: duplicate of sections[0]"]
    with pytest.raises(InvalidGraph, match=r"sections: must be a list"):
        graph.load(write_graph({"sections": {"A": 1}, "concepts": []}, "shape.json"))


def test_path_does_not_depend_on_the_order_of_the_file():
    kg = graph.load()
    data = to_dict(kg)
    data["concepts"].reverse()
    data["relations"].reverse()
    backwards = graph.from_dict(data)
    ids = sorted(kg.concepts)[::9]
    for a, b in zip(ids, ids[1:] + ids[:1]):
        assert graph.path(kg, a, b) == graph.path(backwards, a, b), (a, b)
    # the KV cache is a prerequisite of prefill, and prefill contrasts with decode:
    # the one prerequisite step is the shortest chain, whichever way it is asked.
    assert [tuple(s) for s in graph.path(kg, "prefill", "kv-cache")] == [("kv-cache", "prerequisite", "prefill")]


def test_a_depth_limited_tree_expands_each_concept_at_its_shortest_distance():
    # x is met first at depth 2 (under a) and again at depth 1: expanded at depth 2,
    # the limit of 3 would cut z off, though z is 3 steps from r.
    pairs = [("a", "r"), ("x", "a"), ("x", "r"), ("y", "x"), ("z", "y")]
    kg = graph.from_dict(
        {
            "concepts": [{"id": i, "name": i.upper(), "type": "concept"} for i in "arxyz"],
            "relations": [{"source": s, "type": "prerequisite", "target": t} for s, t in pairs],
        }
    )
    from graph.text import tree_lines
    from graph.query import tree_concepts

    tree = graph.prerequisite_tree(kg, "r", 3)
    assert tree_concepts(tree) == {c.id for c, _ in graph.prerequisites(kg, "r", 3)} == {"a", "x", "y", "z"}
    assert list(tree_lines(kg["r"], tree, "t"))[1:] == [
        "R (r)",
        "├── A (a)",
        "│   └── X (x)",
        "└── X (x)",
        "    └── Y (y)",
        "        └── Z (z)",
    ]


def test_markdown_plan_summary_survives_a_colon_in_a_goal_name():
    kg = graph.from_dict({"concepts": [{"id": "rag", "name": "RAG: basics", "type": "concept", "hours": 1}]})
    from graph.text import plan_markdown

    assert plan_markdown(kg, graph.plan(kg, ["rag"])).splitlines()[2] == (
        "1 step in 1 stage, 1 h in all. Concepts within a stage can be studied in any order."
    )


def test_every_rule_states_what_each_source_does():
    """graph.builder.RULES: validate builds what load builds and calls every broken
    rule an error; a CSV import never refuses a row for its content."""
    from graph.builder import DROPPED, ERROR, FIXED, NOT_CHECKED, RULES, WARNING, Reporter

    for name, rule in RULES.items():
        assert rule.load in {ERROR, WARNING, DROPPED, NOT_CHECKED}, name
        assert rule.validate == (NOT_CHECKED if rule.load == NOT_CHECKED else ERROR), name
        assert rule.csv in {WARNING, DROPPED, FIXED, NOT_CHECKED}, name
    load, check = Reporter("load", "g.json"), Reporter("validate", "g.json")
    for reporter in (load, check):
        assert reporter.broke("duplicate relation", "relations[1]", "duplicate of relations[0]") is True
        assert reporter.broke("self-loop", "relations[2]", "self-loop") is False
    assert [p.severity for p in load.problems] == ["warning", "warning"]
    assert [p.severity for p in check.problems] == ["error", "error"]
