"""The query commands end to end through click's CliRunner: exact output, exact exit codes."""

from __future__ import annotations

import json
import re

import pytest

import cli

# ----------------------------------------------------------------------------- list, search, show


def test_list_text(run, small_path):
    result = run("list", "--type", "technique", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "ID                  TYPE       NAME\n"
        "finetuning          technique  Finetuning\n"
        "prompt-engineering  technique  Prompt engineering\n"
        "rag                 technique  Retrieval-augmented generation\n"
    )
    assert result.stderr == ""


def test_list_json_is_in_book_order(run, small_path):
    result = run("list", "--format", "json", data=small_path)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [
        "gradient-descent",
        "loss-function",
        "probability",
        "language-model",
        "llm",
        "token",
        "tokenization",
        "finetuning",
        "pre-training",
        "training",
        "prompt-engineering",
        "rag",
        "pytorch",
    ]
    assert rows[0] == {"id": "gradient-descent", "name": "Gradient descent", "type": "math"}


def test_list_unknown_type_is_a_usage_error(run, small_path):
    result = run("list", "--type", "gadget", data=small_path)
    assert result.exit_code == 2
    assert "Invalid value for --type: unknown type 'gadget'; the graph's types are: " in result.stderr


def test_search_ranks_names_before_definitions(run, small_path):
    result = run("search", "model", "--format", "json", data=small_path)
    assert result.exit_code == 0
    assert [(r["id"], r["matched"]) for r in json.loads(result.stdout)] == [
        ("language-model", "name"),
        ("llm", "name"),
        ("loss-function", "definition"),
        ("token", "definition"),
        ("finetuning", "definition"),
        ("training", "definition"),
        ("prompt-engineering", "definition"),
    ]


def test_search_alias_and_no_match(run, small_path):
    result = run("search", "lm", data=small_path)
    assert result.stdout == (
        "ID              TYPE        NAME\n"
        "language-model  model_type  Language model        matched alias\n"
        "llm             model_type  Large language model  matched alias\n"
    )
    result = run("search", "zzz", data=small_path)
    assert (result.exit_code, result.stdout) == (0, "(no matches)\n")


def test_show_text(run, small_path):
    result = run("show", "RAG", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "Retrieval-augmented generation\n"
        "  id:       rag\n"
        "  type:     technique\n"
        "  aliases:  RAG\n"
        '  source:   chapter 1, "From Large Language Models to Foundation Models"\n'
        "  hours:    2\n"
        "  tags:     adaptation\n"
        "\n"
        "  Adding retrieved documents to the prompt.\n"
        "\n"
        "Relations:\n"
        "  Prompt engineering (prompt-engineering) is a prerequisite of this\n"
    )


def test_show_json(run, small_path):
    result = run("show", "finetuning", "--format", "json", data=small_path)
    assert json.loads(result.stdout) == {
        "id": "finetuning",
        "name": "Finetuning",
        "type": "technique",
        "aliases": ["fine-tuning"],
        "definition": "Training a pre-trained model further for a task.",
        "source": {"chapter": 1, "section": "Training, pre-training, finetuning, and post-training"},
        "hours": 2,
        "tags": ["training"],
        "relations": {
            "out": [
                {
                    "source": "finetuning",
                    "type": "contrasts_with",
                    "target": "prompt-engineering",
                    "reason": "Changing weights versus changing input.",
                }
            ],
            "in": [{"source": "pre-training", "type": "prerequisite", "target": "finetuning"}],
        },
    }


@pytest.mark.parametrize(
    "name", ["Fine-tuning", "finetuning", "FINE_TUNING", "fine tuning", "  Finetuning  ", "finetuning"]
)
def test_names_resolve_ignoring_case_spaces_hyphens_underscores(run, small_path, name):
    result = run("show", name, "--format", "json", data=small_path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "finetuning"


def test_unknown_concept_suggests(run, small_path):
    result = run("show", "finetunning", data=small_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        'Error: unknown concept "finetunning". Did you mean: finetuning? Search by words: aie-graph search finetunning\n'
    )


def test_unknown_concept_without_suggestion(run, small_path):
    result = run("prereqs", "quantum chromodynamics", data=small_path)
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: unknown concept "quantum chromodynamics". Search by words: aie-graph search \'quantum chromodynamics\'\n'
    )


def test_up_to_three_suggestions(run, write_graph):
    path = write_graph(
        {"concepts": [{"id": f"token-{c}", "name": f"Token {c}", "type": "concept"} for c in "abcd"]}
    )
    result = run("show", "token", data=path)
    assert result.stderr == (
        'Error: unknown concept "token". Did you mean: token-a, token-b, token-c? Search by words: aie-graph search token\n'
    )


# ----------------------------------------------------------------------------- prereqs, dependents


def test_prereqs_tree(run, small_path):
    result = run("prereqs", "fine-tuning", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "Prerequisites of Finetuning: 8 concepts\n"
        "Finetuning (finetuning)\n"
        "└── Pre-training (pre-training)\n"
        "    ├── Language model (language-model)\n"
        "    │   ├── Probability distribution (probability)\n"
        "    │   └── Tokenization (tokenization)\n"
        "    │       └── Token (token)\n"
        "    └── Training (training)\n"
        "        └── Gradient descent (gradient-descent)\n"
        "            └── Loss function (loss-function)\n"
    )


def test_prereqs_json_depths(run, small_path):
    result = run("prereqs", "llm", "--format", "json", data=small_path)
    assert json.loads(result.stdout) == [
        {"id": "language-model", "name": "Language model", "type": "model_type", "depth": 1},
        {"id": "probability", "name": "Probability distribution", "type": "math", "depth": 2},
        {"id": "tokenization", "name": "Tokenization", "type": "process", "depth": 2},
        {"id": "token", "name": "Token", "type": "data", "depth": 3},
    ]


def test_prereqs_depth_limit(run, small_path):
    result = run("prereqs", "llm", "--depth", "2", "--format", "json", data=small_path)
    assert [r["id"] for r in json.loads(result.stdout)] == ["language-model", "probability", "tokenization"]
    result = run("prereqs", "llm", "--depth", "0", data=small_path)
    assert result.exit_code == 2


def test_prereqs_tree_marks_repeats(run, write_graph):
    # a diamond: d needs b and c, both need a
    path = write_graph(
        {
            "concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "abcd"],
            "relations": [
                {"source": s, "type": "prerequisite", "target": t}
                for s, t in [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]
            ],
        }
    )
    result = run("prereqs", "d", data=path)
    assert result.stdout == (
        "Prerequisites of D: 3 concepts\n"
        "D (d)\n"
        "├── B (b)\n"
        "│   └── A (a)\n"
        "└── C (c)\n"
        "    └── A (a) (see above)\n"
    )


def test_dependents(run, small_path):
    result = run("dependents", "pre-training", "--format", "json", data=small_path)
    assert json.loads(result.stdout) == [
        {"id": "finetuning", "name": "Finetuning", "type": "technique", "depth": 1}
    ]
    result = run("dependents", "rag", data=small_path)
    assert result.stdout == "Unlocked by Retrieval-augmented generation: 0 concepts\nRetrieval-augmented generation (rag)\n"


# ----------------------------------------------------------------------------- path


def test_path_follows_real_direction(run, small_path):
    result = run("path", "pytorch", "rag", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "No prerequisite chain between PyTorch and Retrieval-augmented generation; the shortest connection "
        "through any relation, 5 steps:\n"
        "1. PyTorch (pytorch) is used for Training (training)\n"
        "2. Training (training) is a prerequisite of Pre-training (pre-training)\n"
        "3. Pre-training (pre-training) is a prerequisite of Finetuning (finetuning)\n"
        "4. Finetuning (finetuning) contrasts with Prompt engineering (prompt-engineering)\n"
        "5. Prompt engineering (prompt-engineering) is a prerequisite of Retrieval-augmented generation (rag)\n"
    )


def test_path_json_reports_edges_backwards_too(run, small_path):
    result = run("path", "language-model", "training", "--format", "json", data=small_path)
    assert json.loads(result.stdout) == [
        {"source": "language-model", "type": "prerequisite", "target": "pre-training"},
        {"source": "training", "type": "prerequisite", "target": "pre-training"},
    ]


def test_path_unconnected_exits_1(run, write_graph):
    path = write_graph({"concepts": [{"id": "a", "name": "A", "type": "concept"}, {"id": "b", "name": "B", "type": "concept"}]})
    result = run("path", "a", "b", data=path)
    assert result.exit_code == 1
    assert result.stderr == 'Error: no connection between "a" and "b".\n'


# ----------------------------------------------------------------------------- curriculum


def test_curriculum_text(run, small_path):
    result = run("curriculum", "retrieval augmented generation", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == (
        "Study plan for Retrieval-augmented generation: 7 steps in 6 stages, 6.25 h in all\n"
        "\n"
        "Stage 1\n"
        "  1. Probability distribution (probability)  [1 h]\n"
        "  2. Token (token)  [0.25 h]\n"
        "\n"
        "Stage 2\n"
        "  3. Tokenization (tokenization)  [0.5 h]\n"
        "\n"
        "Stage 3\n"
        "  4. Language model (language-model)  [1 h]\n"
        "\n"
        "Stage 4\n"
        "  5. Large language model (llm)  [0.5 h]\n"
        "\n"
        "Stage 5\n"
        "  6. Prompt engineering (prompt-engineering)  [1 h]\n"
        "\n"
        "Stage 6\n"
        "  7. Retrieval-augmented generation (rag)  [2 h]\n"
    )


def test_curriculum_json_shape(run, small_path):
    result = run("curriculum", "finetuning", "--known", "language model", "--format", "json", data=small_path)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "goals": ["finetuning"],
        "known": ["language-model"],
        "steps": [
            {"step": 1, "id": "loss-function", "name": "Loss function", "stage": 1, "hours": 0.5, "group": None,
             "needed_by": ["gradient-descent"], "week": None},
            {"step": 2, "id": "gradient-descent", "name": "Gradient descent", "stage": 2, "hours": 1, "group": None,
             "needed_by": ["training"], "week": None},
            {"step": 3, "id": "training", "name": "Training", "stage": 3, "hours": 1, "group": None,
             "needed_by": ["pre-training"], "week": None},
            {"step": 4, "id": "pre-training", "name": "Pre-training", "stage": 4, "hours": 1, "group": None,
             "needed_by": ["finetuning"], "week": None},
            {"step": 5, "id": "finetuning", "name": "Finetuning", "stage": 5, "hours": 2, "group": None,
             "needed_by": [], "week": None},
        ],
        "total_hours": 5.5,
    }


def test_curriculum_keeps_prereqs_still_needed_by_another_path(run, small_path):
    # Knowing the LLM implies knowing the language model, but finetuning still needs the
    # language model through pre-training, so it stays in the plan.
    result = run("curriculum", "finetuning", "rag", "--known", "LLM", "--format", "json", data=small_path)
    ids = [s["id"] for s in json.loads(result.stdout)["steps"]]
    assert "llm" not in ids
    assert "language-model" in ids and "token" in ids
    result = run("curriculum", "rag", "--known", "LLM", "--format", "json", data=small_path)
    assert [s["id"] for s in json.loads(result.stdout)["steps"]] == ["prompt-engineering", "rag"]


def test_curriculum_known_file(run, small_path, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("# what I know\n\nLLM\n  training   # from a course\n", encoding="utf-8")
    result = run("curriculum", "finetuning", "rag", "--known-file", known, "--format", "json", data=small_path)
    data = json.loads(result.stdout)
    assert data["known"] == ["llm", "training"]
    assert [s["id"] for s in data["steps"]] == [
        "probability",
        "token",
        "prompt-engineering",
        "tokenization",
        "rag",
        "language-model",
        "pre-training",
        "finetuning",
    ]


def test_curriculum_known_file_errors(run, small_path, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("llm\nfinetunning\n", encoding="utf-8")
    result = run("curriculum", "rag", "--known-file", known, data=small_path)
    assert result.exit_code == 1
    assert result.stderr == f'Error: {known}:2: unknown concept "finetunning". Did you mean: finetuning?\n'
    result = run("curriculum", "rag", "--known-file", tmp_path / "missing.txt", data=small_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'missing.txt'}: no such file\n"


def test_curriculum_goal_known(run, small_path):
    result = run("curriculum", "llm", "--known", "llm", "--format", "json", data=small_path)
    assert result.exit_code == 0
    assert result.stderr == "note: Large language model is already known; left out of the plan\n"
    assert json.loads(result.stdout) == {"goals": ["llm"], "known": ["llm"], "steps": [], "total_hours": 0.0}


def test_curriculum_markdown_checklist(run, small_path):
    result = run("curriculum", "llm", "--format", "markdown", data=small_path)
    assert result.stdout == (
        "# Study plan: Large language model\n"
        "\n"
        "5 steps in 4 stages, 3.25 h in all. Concepts within a stage can be studied in any order.\n"
        "\n"
        "## Stage 1\n"
        "\n"
        "- [ ] 1. **Probability distribution** `probability` (1 h)\n"
        "  How likely each possible outcome is.\n"
        "- [ ] 2. **Token** `token` (0.25 h)\n"
        "  A piece of text a model reads.\n"
        "\n"
        "## Stage 2\n"
        "\n"
        "- [ ] 3. **Tokenization** `tokenization` (0.5 h)\n"
        "  Splitting text into tokens.\n"
        "\n"
        "## Stage 3\n"
        "\n"
        "- [ ] 4. **Language model** `language-model` (1 h)\n"
        "  A model of which tokens are likely to follow others.\n"
        "\n"
        "## Stage 4\n"
        "\n"
        "- [ ] 5. **Large language model** `llm` (0.5 h)\n"
        "  A language model trained at very large scale.\n"
    )


def test_curriculum_total_hours_null_unless_every_step_has_hours(run, write_graph):
    path = write_graph(
        {
            "concepts": [
                {"id": "a", "name": "A", "type": "concept", "hours": 1},
                {"id": "b", "name": "B", "type": "concept"},
            ],
            "relations": [{"source": "a", "type": "prerequisite", "target": "b"}],
        }
    )
    data = json.loads(run("curriculum", "b", "--format", "json", data=path).stdout)
    assert data["total_hours"] is None
    assert [s["hours"] for s in data["steps"]] == [1, None]


def test_curriculum_on_cycles_groups_and_notes(run, cyclic_path):
    result = run("curriculum", "e", "--format", "json", data=cyclic_path)
    assert result.exit_code == 0
    assert result.stderr == (
        'warning: tests/data/cyclic.json: relations[4]: self-loop: "d" prerequisite itself\n'.replace(
            "tests/data/cyclic.json", cyclic_path
        )
        + f"warning: {cyclic_path}: relations: prerequisite cycle: B (b) -> C (c) -> B (b)\n"
        + "note: prerequisite cycle: B, C are studied together as group 1\n"
    )
    steps = json.loads(result.stdout)["steps"]
    assert [(s["id"], s["stage"], s["group"]) for s in steps] == [
        ("a", 1, None),
        ("b", 2, 1),
        ("c", 2, 1),
        ("d", 3, None),
        ("e", 4, None),
    ]


def test_curriculum_needs_a_goal(run, small_path):
    result = run("curriculum", data=small_path)
    assert result.exit_code == 2
    assert "Missing argument 'GOALS...'" in result.stderr


# ----------------------------------------------------------------------------- next


def test_next(run, small_path):
    result = run("next", "--known", "llm", "--known", "training", data=small_path)
    assert result.stdout == (
        "Next: 3 concepts you can learn now, best first (most unblocked per hour)\n"
        "ID                  TYPE       NAME                HOURS  UNBLOCKS\n"
        "pre-training        process    Pre-training        1 h    1\n"
        "prompt-engineering  technique  Prompt engineering  1 h    1\n"
        "pytorch             tool       PyTorch             -      0\n"
    )
    # ranked by concepts unblocked per hour: token 7 / 0.25 h, loss function 4 / 0.5 h, probability 6 / 1 h,
    # PyTorch 0 (no hours: one hour)
    result = run("next", "--format", "json", data=small_path)
    assert json.loads(result.stdout) == [
        {"id": "token", "name": "Token", "type": "data", "hours": 0.25, "unblocks": 7},
        {"id": "loss-function", "name": "Loss function", "type": "math", "hours": 0.5, "unblocks": 4},
        {"id": "probability", "name": "Probability distribution", "type": "math", "hours": 1, "unblocks": 6},
        {"id": "pytorch", "name": "PyTorch", "type": "tool", "hours": None, "unblocks": 0},
    ]


def test_next_on_cycles(run, cyclic_path):
    result = run("next", "--known", "a", "--format", "json", data=cyclic_path)
    assert [r["id"] for r in json.loads(result.stdout)] == ["b", "c"]


# ----------------------------------------------------------------------------- validate, stats


def test_validate_ok(run, small_path):
    result = run("validate", small_path)
    assert result.exit_code == 0
    assert result.stdout == f"{small_path}: valid: 13 concepts, 14 relations\n"


def test_validate_uses_data_option(run, small_path):
    result = run("validate", data=small_path)
    assert result.stdout == f"{small_path}: valid: 13 concepts, 14 relations\n"


def test_validate_reports_every_problem(run, write_graph):
    path = write_graph(
        {
            "concepts": [
                {"id": "a", "name": "A", "type": "concept", "aliases": ["shared"], "hours": float("nan")},
                {"id": "b", "name": "B", "type": "gizmo", "aliases": ["Shared"]},
                {"id": "a", "name": "A again", "type": "concept"},
                {"id": "Has Space", "name": "C", "type": "concept"},
            ],
            "relations": [
                {"source": "a", "type": "prerequisite", "target": "b"},
                {"source": "b", "type": "prerequisite", "target": "a"},
                {"source": "b", "type": "prerequisite", "target": "b"},
                {"source": "a", "type": "prerequisite", "target": "zz"},
                {"source": "a", "type": "needs", "target": "b"},
            ],
        }
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: concepts[0].hours: must be a finite number, not nan",
        f'{path}: concepts[1].aliases[0]: "Shared" is also concepts[0].aliases[0] of "a" (names and aliases '
        "must be unique, ignoring case, spaces, - and _)",
        f'{path}: concepts[1].type: unknown node type "gizmo"; declare it under "node_types" or use one of: '
        "architecture, benchmark, challenge, component, concept, data, discipline, layer, math, metric, model, "
        "model_type, paradigm, process, product, property, technique, tool",
        f'{path}: concepts[2].id: duplicate id "a" (first at concepts[0])',
        f'{path}: concepts[3].id: "Has Space" is not a lowercase slug (letters and digits joined by single -, _ or .)',
        f'{path}: relations[2]: self-loop: "b" prerequisite itself',
        f'{path}: relations[3].target: unknown concept "zz"',
        f'{path}: relations[4].type: unknown relation type "needs"; use one of: prerequisite, is_a, part_of, '
        "contrasts_with, related_to, used_for, example_of, equivalent_to",
        f"{path}: relations: prerequisite cycle: A (a) -> B (b) -> A (a)",
    ]


def test_validate_schema_catches_unknown_fields_and_empty_strings(run, write_graph):
    path = write_graph({"concepts": [{"id": "a", "name": "A", "type": "concept", "colour": "red", "aliases": [""]}]})
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: concepts[0]: unknown field(s) ('colour' was unexpected)",
        f"{path}: concepts[0].aliases[0]: '' is blank once spaces and dashes go",
    ]


def test_validate_names_cycles_and_redundant_edges(run, write_graph):
    path = write_graph(
        {
            "concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "abcxyz"],
            "relations": [
                {"source": s, "type": "prerequisite", "target": t}
                for s, t in [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("x", "z")]
            ],
        }
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout == f"{path}: relations: prerequisite cycle: A (a) -> B (b) -> C (c) -> A (a)\n"
    del_cycle = json.loads(open(path).read())
    del_cycle["relations"] = del_cycle["relations"][3:]
    path2 = write_graph(del_cycle, "dag.json")
    result = run("validate", path2)
    assert result.exit_code == 0
    assert result.stdout == (
        f'warning: {path2}: relations[2]: redundant prerequisite "x" -> "z": already implied by a longer chain\n'
        f"{path2}: valid: 6 concepts, 3 relations (1 warning)\n"
    )
    result = run("validate", "--no-redundant", path2)
    assert result.stdout == f"{path2}: valid: 6 concepts, 3 relations\n"


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty file: expected a JSON object with \"concepts\""),
        ('{"concepts": [', "line 1 column 15: not valid JSON: Expecting value (the file ends too early: truncated?)"),
        ("[1, 2]", "top level must be a JSON object with \"concepts\", not a list"),
        ('{"concepts": {}}', "concepts: must be a list, not an object"),
        (b"\xef\xbb\xbf{}", "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM"),
        (b'{"concepts": [{"id": "a", "name": "caf\xe9", "type": "concept"}]}', "line 1: not UTF-8 (byte 0xe9 at offset 38)"),
    ],
)
def test_unreadable_files_one_line_exit_1(run, write_graph, content, message):
    path = write_graph(content)
    result = run("stats", data=path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}: {message}\n"
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout == f"{path}: {message}\n"


def test_missing_data_file(run, tmp_path):
    result = run("list", data=tmp_path / "nope.json")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.json'}: no such file\n"


def test_query_commands_refuse_what_they_cannot_interpret(run, write_graph):
    path = write_graph(
        {
            "concepts": [{"id": "a", "name": "A", "type": "concept"}, {"id": "a", "name": "B", "type": "concept"}],
            "relations": [{"source": "a", "type": "prerequisite", "target": "ghost"}],
        }
    )
    result = run("list", data=path)
    assert result.exit_code == 1
    assert result.stderr == (
        f'Error: {path}: concepts[1].id: duplicate id "a" (first at concepts[0]) (and 1 more problem)\n'
    )


def test_query_commands_tolerate_shared_aliases_with_a_warning(run, write_graph):
    path = write_graph(
        {
            "concepts": [
                {"id": "a", "name": "A", "type": "concept", "aliases": ["x"]},
                {"id": "b", "name": "B", "type": "concept", "aliases": ["X"]},
            ]
        }
    )
    result = run("list", "--format", "json", data=path)
    assert result.exit_code == 0
    assert result.stderr == (
        f'warning: {path}: concepts[1].aliases[0]: "X" is also concepts[0].aliases[0] of "a" (names and aliases '
        "must be unique, ignoring case, spaces, - and _)\n"
    )
    result = run("show", "x", data=path)
    assert result.exit_code == 1
    assert result.stderr.endswith('Error: "x" names several concepts: A (a), B (b); use an id.\n')


def test_stats(run, small_path):
    result = run("stats", "--format", "json", data=small_path)
    data = json.loads(result.stdout)
    assert data["concepts"] == 13 and data["relations"] == 14
    assert data["concepts_by_type"] == {"math": 3, "process": 3, "technique": 3, "model_type": 2, "data": 1, "tool": 1}
    assert data["relations_by_type"] == {"prerequisite": 11, "contrasts_with": 1, "is_a": 1, "used_for": 1}
    assert data["most_foundational"][0] == {"id": "token", "name": "Token", "dependents": 7}
    assert data["longest_chain"] == ["token", "tokenization", "language-model", "llm", "prompt-engineering", "rag"]
    assert data["cycles"] == [] and data["isolated"] == [] and data["redundant_prerequisites"] == []


def test_stats_text_names_cycles(run, cyclic_path):
    result = run("stats", data=cyclic_path)
    assert "Prerequisite cycles (1):\n  B -> C -> B\n" in result.stdout
    assert "Longest prerequisite chain (4 concepts):\n  A -> B -> D -> E\n" in result.stdout


# ----------------------------------------------------------------------------- safety, encoding


def test_json_output_is_utf8_not_escaped(run, write_graph):
    path = write_graph({"concepts": [{"id": "cafe", "name": "Café — naïve 模型", "type": "concept"}]})
    result = run("list", "--format", "json", data=path)
    assert '"name": "Café — naïve 模型"' in result.stdout


def test_terminal_control_characters_are_made_visible(run, write_graph):
    path = write_graph(
        {"concepts": [{"id": "x", "name": "Evil\x1b[2J\u202eName", "type": "concept", "definition": "<b>\x07</b>"}]}
    )
    result = run("show", "x", data=path)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.startswith("Evil\\x1b[2J\\u202eName\n")
    assert "  <b>\\x07</b>\n" in result.stdout
    result = run("list", "--format", "json", data=path)
    assert '"name": "Evil\\u001b[2J\\u202eName"' in result.stdout
    result = run("show", "Evil\x1b[2J", data=path)
    assert result.stderr == (
        'Error: unknown concept "Evil\\x1b[2J". Did you mean: x? Search by words: aie-graph search \'Evil\\x1b[2J\'\n'
    )


# ----------------------------------------------------------------------------- help and docs


def test_every_command_has_help_and_an_example():
    for name, command in cli.cli.commands.items():
        assert command.help and command.help.strip(), name
        assert "Example" in command.help, name


def test_help_is_fast_path(run):
    result = run("--help")
    assert result.exit_code == 0
    for name in cli.cli.commands:
        assert re.search(rf"^  {name}\b", result.stdout, re.M), name


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"aie-graph \d+\.\d+\.\d+\n", result.stdout)


def test_bundled_graph_is_the_default(run):
    result = run("validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(str(__import__("graph").bundled_graph_path()))
