"""The learner's workflow (issue 15): where to start (`goals`), what next toward a goal
(`next`, `progress`, `learned`), why each step (`curriculum --why`), a plan by the week
(`--per-week`), and the rules behind them, through the CLI and the library.

Exact outputs are pinned on the fixture graphs in tests/data; the bundled graph is
only checked for properties, since its content changes."""

from __future__ import annotations

import json
import webbrowser
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import graph
from graph.curriculum import by_week, known_concepts, next_steps, step_reasons, study_hours
from graph.model import AmbiguousConcept, UnknownConcept
from graph.progress import goal_progress, goals_overview
from graph.select import select, view_file_name, view_path

DATA = Path(__file__).parent / "data"
GOALS = str(DATA / "learner.json")


@pytest.fixture
def kg():
    return graph.load(GOALS)


# ----------------------------------------------------------------------------- goals


def test_goals_text_and_json(run):
    result = run("goals", data=GOALS)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "3 goals (where to start: `aie-graph next GOAL`; the plan: `aie-graph curriculum GOAL`)\n"
        "\n"
        "Retrieval-augmented generation (rag): 0 of 7 steps done (0%)\n"
        "  Ground a model's answers in your own documents.\n"
        "\n"
        "Finetuning (finetuning): 0 of 9 steps done (0%)\n"
        "  Adapt a pre-trained model to a task by training it further.\n"
        "\n"
        "Large language model (llm): 0 of 5 steps done (0%)\n"
        "  What a large language model is and where it comes from.\n"
    )
    run("learned", "llm", data=GOALS)
    rows = json.loads(run("goals", "--format", "json", data=GOALS).stdout)
    assert rows == [
        {"id": "rag", "name": "Retrieval-augmented generation",
         "description": "Ground a model's answers in your own documents.", "steps": 7, "done": 5},
        {"id": "finetuning", "name": "Finetuning",
         "description": "Adapt a pre-trained model to a task by training it further.", "steps": 9, "done": 0},
        {"id": "llm", "name": "Large language model",
         "description": "What a large language model is and where it comes from.", "steps": 5, "done": 5},
    ]


def test_goals_without_a_goal_list_says_so(run, small_path):
    result = run("goals", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "This graph lists no curated goals.\n"
        "Any concept can be one: `aie-graph curriculum CONCEPT` plans the way to it, "
        "`aie-graph next CONCEPT` says where to start.\n"
    )
    assert json.loads(run("goals", "--format", "json", data=small_path).stdout) == []


def test_goals_are_read_kept_and_checked(kg, write_graph, tmp_path):
    assert kg.goals[0] == graph.Goal("rag", "Ground a model's answers in your own documents.")
    assert [g.id for g in kg.goals] == ["rag", "finetuning", "llm"]
    assert graph.validate_file(GOALS) == []
    graph.save(kg, tmp_path / "again.json")
    assert graph.load(tmp_path / "again.json").goals == kg.goals
    path = write_graph({"goals": [{"id": "ghost"}, {"id": "a", "description": "A."}, {"id": "a"}],
                        "concepts": [{"id": "a", "name": "A", "type": "concept"}]})
    loaded = graph.load(path)
    assert loaded.goals == (graph.Goal("a", "A."),)
    assert [str(p) for p in loaded.warnings] == [
        f'{path}: goals[0].id: unknown concept "ghost"',
        f"{path}: goals[2].id: duplicate of goals[1]",
    ]
    assert [p.severity for p in graph.validate_file(path)] == ["error", "error"]


def test_goals_overview_counts_implied_steps_as_done(kg):
    assert goals_overview(kg, ["language-model"])[0] == {
        "id": "rag", "name": "Retrieval-augmented generation",
        "description": "Ground a model's answers in your own documents.", "steps": 7, "done": 4,
    }


# ----------------------------------------------------------------------------- next


def test_next_toward_a_goal(run):
    result = run("next", "finetuning", data=GOALS)
    assert result.exit_code == 0
    assert result.stdout == (
        "Next toward Finetuning: 3 concepts you can learn now, best first (most unblocked per hour)\n"
        "ID             TYPE  NAME                      HOURS   UNBLOCKS\n"
        "token          data  Token                     0.25 h  4\n"
        "loss-function  math  Loss function             0.5 h   4\n"
        "probability    math  Probability distribution  1 h     3\n"
    )
    result = run("next", "RAG", "--known", "llm", "--format", "json", data=GOALS)
    assert json.loads(result.stdout) == [
        {"id": "prompt-engineering", "name": "Prompt engineering", "type": "technique", "hours": 1, "unblocks": 1}
    ]
    result = run("next", "llm", "--known", "llm", data=GOALS)
    assert (result.exit_code, result.stdout) == (0, "Nothing left to learn toward Large language model: you know it all.\n")


def test_next_steps_rank_by_unblocked_per_hour(kg):
    # toward finetuning: token unblocks 4 in 0.25 h, loss function 4 in 0.5 h, probability 3 in 1 h
    assert [(n.concept.id, n.unblocks) for n in next_steps(kg, ["Finetuning"])] == [
        ("token", 4), ("loss-function", 4), ("probability", 3)]
    # a concept without hours, or with 0, counts as one hour; ties in book order
    flat = graph.from_dict({"concepts": [{"id": "a", "name": "A", "type": "concept", "hours": 0},
                                         {"id": "b", "name": "B", "type": "concept"},
                                         {"id": "c", "name": "C", "type": "concept", "hours": 2},
                                         {"id": "d", "name": "D", "type": "concept"}],
                            "relations": [{"source": s, "type": "prerequisite", "target": "d"} for s in "abc"]})
    assert [(n.concept.id, n.unblocks, n.score) for n in next_steps(flat)] == [
        ("a", 1, 1.0), ("b", 1, 1.0), ("c", 1, 0.5)]
    assert study_hours(0) == study_hours(None) == 1.0
    # without goals, the same concepts as ready_to_learn
    assert sorted(n.concept.id for n in next_steps(kg, known=["llm"])) == sorted(graph.ready_to_learn(kg, ["llm"]))


def test_next_steps_are_the_first_stage_of_the_plan(kg):
    for goals, known in [(["rag"], []), (["rag", "finetuning"], ["llm"]), (["finetuning"], ["training"])]:
        first = {s.id for s in graph.plan(kg, goals, known).stages[0]}
        assert {n.concept.id for n in next_steps(kg, goals, known)} == first


def test_progress_goal_shows_next_steps_toward_it_and_learned_apart_from_implied(run, small_path):
    run("learned", "rag", data=small_path)
    result = run("progress", "rag", data=small_path)
    assert result.stdout.splitlines()[1:] == [
        "Learned 1 of 13 concepts:",
        "  Retrieval-augmented generation (rag)",
        "Known by implication (prerequisites of what you learned): 6 concepts",
        "Next you can learn toward Retrieval-augmented generation: nothing (you know it all).",
        "Goal Retrieval-augmented generation (rag): 7 of 7 steps done (100%: 1 learned, 6 implied), 6.25 of 6.25 h",
    ]
    run("unlearn", "rag", data=small_path)
    result = run("progress", "finetuning", "--format", "json", data=small_path)
    data = json.loads(result.stdout)
    assert data["next"] == ["token", "loss-function", "probability"]
    assert data["implied"] == []


# ----------------------------------------------------------------------------- the known rule


def test_one_rule_for_what_counts_as_known(kg):
    # llm implies language model, tokenization, token, probability...
    assert sorted(known_concepts(kg, ["LLM"])) == ["language-model", "llm", "probability", "token", "tokenization"]
    # ...but finetuning still needs the language model through pre-training
    assert sorted(known_concepts(kg, ["llm"], goals=["finetuning"])) == ["llm"]
    assert sorted(known_concepts(kg, ["llm"], goals=["rag"])) == sorted(known_concepts(kg, ["llm"]))
    # the plan leaves out exactly what counts as known, among what the goals need
    needed = graph.needed_concepts(kg, ["rag", "finetuning"])
    p = graph.plan(kg, ["rag", "finetuning"], ["llm"])
    assert needed - {s.id for s in p.steps} == needed & known_concepts(kg, ["llm"], ["rag", "finetuning"])
    # and the view dims exactly those
    chosen = select(kg, curriculum=["rag"], known=["llm"], keep_known=True)
    dimmed = set(chosen.subgraph.concepts) - {s.id for s in chosen.plan.steps}
    assert dimmed == known_concepts(kg, ["llm"], ["rag"]) & graph.needed_concepts(kg, ["rag"])


def test_goal_progress_reports_learned_and_implied(kg):
    assert goal_progress(kg, "rag", ["rag"]) == {
        "id": "rag", "done": 7, "total": 7, "learned": 1, "implied": 6, "hours_done": 6.25, "hours_total": 6.25}


# ----------------------------------------------------------------------------- why each step


def test_curriculum_why_text(run):
    result = run("curriculum", "rag", "--why", data=GOALS)
    assert result.exit_code == 0
    assert result.stdout == (
        "Study plan for Retrieval-augmented generation: 7 steps in 6 stages, 6.25 h in all\n"
        "\n"
        "Stage 1\n"
        "  1. Probability distribution (probability)  [1 h]\n"
        "       needed for Language model (step 4): A language model is a distribution over tokens.\n"
        "  2. Token (token)  [0.25 h]\n"
        "       needed for Tokenization (step 3): Tokenization splits text into tokens.\n"
        "\n"
        "Stage 2\n"
        "  3. Tokenization (tokenization)  [0.5 h]\n"
        "       needed for Language model (step 4)\n"
        "\n"
        "Stage 3\n"
        "  4. Language model (language-model)  [1 h]\n"
        "       needed for Large language model (step 5)\n"
        "\n"
        "Stage 4\n"
        "  5. Large language model (llm)  [0.5 h]\n"
        "       needed for Prompt engineering (step 6): A prompt steers a large language model.\n"
        "\n"
        "Stage 5\n"
        "  6. Prompt engineering (prompt-engineering)  [1 h]\n"
        "       needed for Retrieval-augmented generation (step 7): RAG builds the prompt from retrieved documents.\n"
        "\n"
        "Stage 6\n"
        "  7. Retrieval-augmented generation (rag)  [2 h]\n"
        "       your goal\n"
    )


def test_curriculum_json_needed_by(run):
    steps = json.loads(run("curriculum", "rag", "llm", "--format", "json", data=GOALS).stdout)["steps"]
    assert [(s["id"], s["needed_by"]) for s in steps] == [
        ("probability", ["language-model"]),
        ("token", ["tokenization"]),
        ("tokenization", ["language-model"]),
        ("language-model", ["llm"]),
        ("llm", ["prompt-engineering"]),  # a goal, and needed by a later step
        ("prompt-engineering", ["rag"]),
        ("rag", []),
    ]


def test_needed_by_is_empty_only_for_goals(kg):
    for goals in (["rag"], ["finetuning", "rag"], ["pre-training", "llm"]):
        p = graph.plan(kg, goals)
        number = {s.id: s.step for s in p.steps}
        for s in p.steps:
            assert s.needed_by or s.id in goals
            assert all(number[n] > s.step for n in s.needed_by)
    p = graph.plan(kg, ["rag"])
    assert step_reasons(kg, p.steps[1]) == [("tokenization", "Tokenization splits text into tokens.")]
    assert step_reasons(kg, p.steps[2]) == [("language-model", "")]


def test_curriculum_why_markdown(run):
    result = run("curriculum", "llm", "--why", "--known", "probability", "--format", "markdown", data=GOALS)
    assert result.stdout == (
        "# Study plan: Large language model\n"
        "\n"
        "4 steps in 4 stages, 2.25 h in all. Concepts within a stage can be studied in any order.\n"
        "\n"
        "Already known: Probability distribution.\n"
        "\n"
        "## Stage 1\n"
        "\n"
        "- [ ] 1. **Token** `token` (0.25 h)\n"
        "  A piece of text a model reads.\n"
        "  Needed for **Tokenization** (step 2): Tokenization splits text into tokens.\n"
        "\n"
        "## Stage 2\n"
        "\n"
        "- [ ] 2. **Tokenization** `tokenization` (0.5 h)\n"
        "  Splitting text into tokens.\n"
        "  Needed for **Language model** (step 3).\n"
        "\n"
        "## Stage 3\n"
        "\n"
        "- [ ] 3. **Language model** `language-model` (1 h)\n"
        "  A model of which tokens are likely to follow others.\n"
        "  Needed for **Large language model** (step 4).\n"
        "\n"
        "## Stage 4\n"
        "\n"
        "- [ ] 4. **Large language model** `llm` (0.5 h)\n"
        "  A language model trained at very large scale.\n"
        "  Your goal.\n"
    )


# ----------------------------------------------------------------------------- a plan by the week


def test_curriculum_per_week_text(run):
    result = run("curriculum", "rag", "--per-week", "2", data=GOALS)
    assert result.exit_code == 0
    assert result.stdout == (
        "Study plan for Retrieval-augmented generation: 7 steps in 6 stages, 6.25 h in all; "
        "4 weeks at up to 2 h a week\n"
        "\n"
        "Week 1 (1.75 h)\n"
        "  1. Probability distribution (probability)  [1 h]\n"
        "  2. Token (token)  [0.25 h]\n"
        "  3. Tokenization (tokenization)  [0.5 h]\n"
        "\n"
        "Week 2 (1.5 h)\n"
        "  4. Language model (language-model)  [1 h]\n"
        "  5. Large language model (llm)  [0.5 h]\n"
        "\n"
        "Week 3 (1 h)\n"
        "  6. Prompt engineering (prompt-engineering)  [1 h]\n"
        "\n"
        "Week 4 (2 h)\n"
        "  7. Retrieval-augmented generation (rag)  [2 h]\n"
    )


def test_curriculum_per_week_json_and_markdown(run):
    data = json.loads(run("curriculum", "rag", "--per-week", "1.5", "--format", "json", data=GOALS).stdout)
    # rag takes 2 h, more than a week: a week of its own
    assert [(s["id"], s["week"]) for s in data["steps"]] == [
        ("probability", 1), ("token", 1), ("tokenization", 2), ("language-model", 2), ("llm", 3),
        ("prompt-engineering", 3), ("rag", 4)]
    markdown = run("curriculum", "llm", "--per-week", "1.5", "--format", "markdown", data=GOALS).stdout
    assert "5 steps in 4 stages, 3.25 h in all; 3 weeks at up to 1.5 h a week. Weeks follow the plan's order.\n" in markdown
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        "## Week 1 (1.25 h)", "## Week 2 (1.5 h)", "## Week 3 (0.5 h)"]
    assert json.loads(run("curriculum", "rag", "--format", "json", data=GOALS).stdout)["steps"][0]["week"] is None


@pytest.mark.parametrize("hours", ["0", "-1", "soon"])
def test_per_week_must_be_above_zero(run, hours):
    result = run("curriculum", "rag", "--per-week", hours, data=GOALS)
    assert result.exit_code == 2
    assert "Invalid value for '--per-week'" in result.stderr


def test_by_week(kg):
    p = graph.plan(kg, ["rag"])
    weeks = by_week(p, 1).weeks
    assert [[s.id for s in w] for w in weeks] == [
        ["probability"], ["token", "tokenization"], ["language-model"], ["llm"], ["prompt-engineering"], ["rag"]]
    assert all(w[0].week == i for i, w in enumerate(weeks, 1))
    assert by_week(p, 100).weeks == [[s._replace(week=1) for s in p.steps]]
    with pytest.raises(ValueError):
        by_week(p, 0)


# ----------------------------------------------------------------------------- path


def test_path_follows_the_prerequisite_chain_either_way(run):
    result = run("path", "llm", "token", data=GOALS)
    assert result.stdout == (
        "Large language model builds on Token through a prerequisite chain of 3 steps:\n"
        "1. Language model (language-model) is a prerequisite of Large language model (llm)\n"
        "2. Tokenization (tokenization) is a prerequisite of Language model (language-model)\n"
        "3. Token (token) is a prerequisite of Tokenization (tokenization)\n"
    )
    assert json.loads(run("path", "token", "llm", "--format", "json", data=GOALS).stdout) == [
        {"source": "token", "type": "prerequisite", "target": "tokenization"},
        {"source": "tokenization", "type": "prerequisite", "target": "language-model"},
        {"source": "language-model", "type": "prerequisite", "target": "llm"},
    ]


def test_path_prefers_precise_relations_to_related_to():
    kg = graph.from_dict({
        "concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "abcd"],
        "relations": [{"source": "a", "type": "related_to", "target": "b"},
                      {"source": "b", "type": "related_to", "target": "d"},
                      {"source": "a", "type": "part_of", "target": "c"},
                      {"source": "c", "type": "contrasts_with", "target": "d"}]})
    p = graph.path(kg, "A", "D")
    assert p.kind == "any"
    assert [tuple(s) for s in p] == [("a", "part_of", "c"), ("c", "contrasts_with", "d")]


def test_path_on_the_bundled_graph_takes_the_prerequisite_chain():
    kg = graph.load()
    for a, b in [("token", "rag"), ("tokenization", "rag"), ("rag", "token")]:
        p = graph.path(kg, a, b)
        assert p.kind == "prerequisite" and all(s.type == "prerequisite" for s in p)
        ends = {p[0].source, p[0].target} & {a, b} | {p[-1].source, p[-1].target} & {a, b}
        assert ends == {graph.resolve(kg, a), graph.resolve(kg, b)}


# ----------------------------------------------------------------------------- the library resolves names


def test_the_library_takes_names_and_aliases(kg):
    assert graph.plan(kg, ["RAG"]).steps[-1].id == "rag"
    assert graph.plan(kg, ["rag"], known=["LM"]) == graph.plan(kg, ["rag"], known=["language-model"])
    assert graph.prerequisites(kg, "Fine-tuning") == graph.prerequisites(kg, "finetuning")
    assert graph.dependents(kg, "tokenizing") == graph.dependents(kg, "tokenization")
    assert graph.ready_to_learn(kg, ["LLM"]) == graph.ready_to_learn(kg, ["llm"])
    assert graph.path(kg, "LLM", "RAG") == graph.path(kg, "llm", "rag")
    assert graph.prerequisite_tree(kg, "LLM")[0].concept.id == "language-model"
    assert set(select(kg, ["Large language model"], mode="prereqs").subgraph.concepts) == {
        "llm", "language-model", "probability", "tokenization", "token"}
    assert goal_progress(kg, "RAG", ["LM"]) == goal_progress(kg, "rag", ["language-model"])
    assert set(select(kg, node_types=["MATH"]).subgraph.concepts) == {"probability", "loss-function", "gradient-descent"}
    with pytest.raises(UnknownConcept) as info:
        graph.plan(kg, ["finetunning"])
    assert info.value.suggestions == ["finetuning"]
    with pytest.raises(UnknownConcept):
        graph.prerequisites(kg, "nothing like it")


def test_an_ambiguous_name_lists_names_and_ids(run, write_graph):
    path = write_graph({"concepts": [{"id": "a", "name": "Alpha", "type": "concept", "aliases": ["x"]},
                                     {"id": "b", "name": "Beta", "type": "concept", "aliases": ["X"]}]})
    with pytest.raises(AmbiguousConcept) as info:
        graph.plan(graph.load(path), ["x"])
    assert (info.value.candidates, info.value.names) == (["a", "b"], ["Alpha", "Beta"])
    result = run("curriculum", "x", data=path)
    assert result.stderr.endswith('Error: "x" names several concepts: Alpha (a), Beta (b); use an id.\n')


# ----------------------------------------------------------------------------- types, search, errors


def test_type_is_case_insensitive_listed_and_completed(run, small_path):
    result = run("list", "--type", "TECHNIQUE", "-t", "Tool", data=small_path)
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == [
        "finetuning", "prompt-engineering", "rag", "pytorch"]
    help_text = " ".join(run("list", "--help").stdout.split())
    assert "architecture, benchmark" not in help_text  # listed in the documentation's order
    assert "concept, discipline, technique, process, architecture, component, model_type, model, tool" in help_text
    env = {"_AIE_GRAPH_COMPLETE": "bash_complete", "COMP_WORDS": "aie-graph list --type m", "COMP_CWORD": "3"}
    out = CliRunner().invoke(cli.cli, [], env=env, prog_name="aie-graph")
    assert out.stdout == "plain,model_type\nplain,model\nplain,metric\nplain,math\n"


def test_search_matches_every_word_in_any_order(run, small_path):
    assert json.loads(run("search", "large model", "--format", "json", data=small_path).stdout)[0]["id"] == "llm"
    result = run("search", "input steering", "--format", "json", data=small_path)
    assert [(r["id"], r["matched"]) for r in json.loads(result.stdout)] == [("prompt-engineering", "definition")]
    # more of the words in the name rank higher than words only in the definition
    kg = graph.from_dict({"concepts": [{"id": "helper", "name": "Helper", "type": "concept", "definition": "An agent with tools."},
                                       {"id": "agent", "name": "Agent", "type": "concept", "definition": "It uses tools."}]})
    assert [(h.concept.id, h.matched) for h in graph.search(kg, "tools agents")] == [
        ("agent", "definition"), ("helper", "definition")]


def test_search_agent_tools_on_the_bundled_graph():
    ids = [h.concept.id for h in graph.search(graph.load(), "agent tools")]
    assert "agent" in ids and "tool-use" in ids


# ----------------------------------------------------------------------------- exclusive options


@pytest.mark.parametrize(
    "args, message",
    [
        (["rag", "--prereqs", "--dependents"], "Error: --prereqs and --dependents exclude each other"),
        (["--curriculum", "rag", "finetuning"], "Error: CONCEPT arguments and --curriculum exclude each other (for "
         "several goals, repeat the option: --curriculum rag --curriculum finetuning)"),
        (["--curriculum", "rag", "--depth", "2"], "Error: --curriculum and --depth exclude each other"),
        (["--depth", "2"], "Error: --depth needs at least one CONCEPT"),
    ],
)
@pytest.mark.parametrize("command", [["view", "-o", "x.html"], ["export", "--to", "json", "-o", "x.json"]])
def test_options_that_exclude_each_other_are_usage_errors(run, small_path, tmp_path, monkeypatch, command, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*command, *args, data=small_path)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"\n{message}\n")
    assert list(tmp_path.iterdir()) == []


def test_known_without_a_curriculum_is_a_usage_error_for_export_only(run, small_path, tmp_path, monkeypatch):
    # An export has nothing to do with what is known unless it exports a plan; a view
    # marks what is known in any page.
    monkeypatch.chdir(tmp_path)
    result = run("export", "--to", "json", "-o", "x.json", "--known", "llm", data=small_path)
    assert result.exit_code == 2
    assert result.stderr.endswith("\nError: --known only applies with --curriculum\n")
    assert list(tmp_path.iterdir()) == []
    result = run("view", "-o", "x.html", "--known", "llm", data=small_path)
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]


# ----------------------------------------------------------------------------- view


def test_view_without_output_is_named_after_the_view(run, small_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("view", "llm", "--prereqs", data=small_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{(tmp_path / 'llm-prereqs.html').as_uri()}\n"
    assert run("view", data=small_path).stdout == f"{(tmp_path / 'graph.html').as_uri()}\n"
    # its own file is made again; a file it did not write is never replaced
    assert run("view", data=small_path).stdout == f"{(tmp_path / 'graph.html').as_uri()}\n"
    (tmp_path / "plan-rag.html").write_text("my notes")
    result = run("view", "--curriculum", "rag", data=small_path)
    assert result.stdout == f"{(tmp_path / 'plan-rag-2.html').as_uri()}\n"
    assert result.stderr == (
        "note: plan-rag.html exists and aie-graph did not write it; writing plan-rag-2.html instead "
        "(-o chooses the file)\n")
    assert (tmp_path / "plan-rag.html").read_text() == "my notes"


def test_view_file_names(small):
    assert view_file_name(select(small, ["rag", "llm"])) == "rag-llm.html"
    assert view_file_name(select(small, ["rag"], mode="dependents")) == "rag-dependents.html"
    assert view_file_name(select(small, ["rag", "llm", "token", "probability"])) == "rag-llm-token-and-more.html"
    assert view_path(select(small, curriculum=["RAG", "llm"]), "/nonexistent") == Path("/nonexistent/plan-rag-llm.html")


def test_view_open_says_plainly_when_no_browser_can_start(run, small_path, tmp_path, monkeypatch):
    def no_browser(using=None):
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    monkeypatch.setenv("DISPLAY", ":0")
    out = tmp_path / "g.html"
    result = run("view", "-o", out, "--open", data=small_path)
    assert result.exit_code == 1
    assert result.stdout == f"{out.as_uri()}\n"
    assert result.stderr == f"Error: no web browser could be started here; open {out.as_uri()} in one\n"
    assert out.exists()

    opened = []

    class Browser:
        def open(self, url):
            opened.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda using=None: Browser())
    result = run("view", "-o", out, "--open", data=small_path)
    assert (result.exit_code, opened) == (0, [out.as_uri()])
    # on Linux without a display only a text browser could start: none is tried
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    result = run("view", "-o", out, "--open", data=small_path)
    assert (result.exit_code, opened) == (1, [out.as_uri()])
    assert result.stderr == f"Error: no web browser could be started here; open {out.as_uri()} in one\n"


# ----------------------------------------------------------------------------- help and completion


def test_top_level_help_shows_whole_summaries_in_80_columns():
    result = CliRunner().invoke(cli.cli, ["--help"], terminal_width=80, prog_name="aie-graph")
    commands = result.output.split("Commands:\n")[1].splitlines()
    assert len(commands) == len(cli.cli.commands)
    assert not [line for line in commands if line.endswith("...")]


def test_unlearn_completes_the_learned_concepts(run, small_path, tmp_path):
    run("learned", "token", "llm", data=small_path)
    env = {"_AIE_GRAPH_COMPLETE": "bash_complete", "COMP_WORDS": "aie-graph unlearn ", "COMP_CWORD": "2",
           "AIE_GRAPH_DATA": small_path}
    out = CliRunner().invoke(cli.cli, [], env=env, prog_name="aie-graph")
    assert out.stdout == "plain,token\nplain,llm\n"
    env["COMP_WORDS"] = "aie-graph unlearn large"
    out = CliRunner().invoke(cli.cli, [], env=env, prog_name="aie-graph")
    assert out.stdout == "plain,llm\n"
