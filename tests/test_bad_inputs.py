"""The bad-input corpus (tests/bad_inputs/) and hostile content.

Every broken graph file is run through `validate` (the strict linter: exit 1, the
first line exactly `FILE: where: what`) and through the query commands (refused
with exit 1 and one `Error: FILE: where: what` line, or loaded with warnings and
nothing that can be loaded lost). Every broken CSV is run through `import`
(exit 1 and `Error: FILE:LINE: what`, writing nothing; or the rest imported with
a warning). tests/bad_inputs/expected.json holds the exact answers.

Hostile content (HTML, `</script>`, terminal escapes, right-to-left overrides in
names and definitions) must reach a terminal as visible text, never as the raw
control characters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

HERE = Path(__file__).parent
CORPUS = HERE / "bad_inputs"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
GRAPHS = EXPECTED["graphs"]
CSVS = EXPECTED["csv"]
GENERATED = sorted(n for n, e in GRAPHS.items() if e.get("generated"))
ROOT = HERE.parent

sys.path.insert(0, str(CORPUS))
import make_big  # noqa: E402

sys.path.remove(str(CORPUS))


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    """The huge members of the corpus, made once per run (10 MB to 13 MB each)."""
    return make_big.make(tmp_path_factory.mktemp("big"))


def corpus_params() -> list:
    """Every graph of the corpus; the generated 100,000-concept ones are marked slow."""
    return [pytest.param(n, marks=pytest.mark.slow) if n in GENERATED else n for n in sorted(GRAPHS)]


def one_of(expected) -> list[str]:
    """An exact expected message, or the list of exact messages accepted (where the
    answer depends on an optional parser, orjson)."""
    return expected if isinstance(expected, list) else [expected]


def corpus_path(name: str, request) -> str:
    """The file of a corpus member; the generated ones are made on first need."""
    return str(request.getfixturevalue("big_files")[name]) if name in GENERATED else str(CORPUS / name)


@pytest.fixture
def invoke(monkeypatch, tmp_path):
    monkeypatch.delenv("AIE_GRAPH_DATA", raising=False)
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))

    def run(*args):
        result = CliRunner().invoke(cli.cli, [str(a) for a in args], prog_name="aie-graph")
        # no exception escaped click: a traceback would have reached the user
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.stdout + result.stderr
        return result

    return run


def test_the_corpus_is_big_enough_and_every_file_has_an_answer():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in (".json", ".csv")} - {"expected.json"}
    on_disk -= {"good_concepts.csv", "good_relations.csv"}  # the partners of the broken CSVs
    assert on_disk == (set(GRAPHS) - set(GENERATED)) | set(CSVS)
    assert set(GENERATED) == set(make_big.GENERATED)
    assert len(GRAPHS) + len(CSVS) >= 120


@pytest.mark.parametrize("name", corpus_params())
def test_validate_names_file_where_and_what(invoke, request, name):
    path = corpus_path(name, request)
    result = invoke("validate", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] in [f"{path}: {m}" for m in one_of(GRAPHS[name]["validate"])]
    assert 1 <= len(lines) <= 3
    assert all(line.startswith((f"{path}: ", f"warning: {path}: ")) for line in lines)
    assert all(len(line) < 400 for line in lines)
    assert result.stderr == ""


@pytest.mark.parametrize("name", corpus_params())
def test_query_commands_refuse_or_tolerate(invoke, request, name):
    expected = GRAPHS[name]
    path = corpus_path(name, request)
    if expected["load"] == "fatal":
        result = invoke("--data", path, "stats")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr in [f"Error: {path}: {m}\n" for m in one_of(expected.get("load_error", expected["validate"]))]
        return
    # Tolerated: a study plan still comes out, with the warning on stderr.
    result = invoke("--data", path, "curriculum", expected["goal"], "--format", "json")
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    if expected.get("warning", "") is None:
        assert warnings == []
    else:
        assert warnings[0] == f"warning: {path}: {expected['validate']}"
        unreadable = [f"{w[:100]}... ({len(w):,} characters)" for w in warnings
                      if len(w) >= 400 or not w.startswith(("warning: ", "note: "))]
        assert not unreadable, "stderr lines must be short warnings or notes"
    assert len(json.loads(result.stdout)["steps"]) == expected["steps"]
    if not expected.get("generated"):  # what can be loaded is not lost
        stats = json.loads(invoke("--data", path, "stats", "--format", "json").stdout)
        assert (stats["concepts"], stats["relations"]) == (expected["concepts"], expected["relations"])


@pytest.mark.parametrize("name", sorted(CSVS))
def test_import_of_bad_csv(invoke, monkeypatch, tmp_path, name):
    expected = CSVS[name]
    monkeypatch.chdir(CORPUS)  # so that messages name the files as given: csv_x.concepts.csv:2: ...
    out = tmp_path / "out.json"
    out.write_text("an existing file\n")
    concepts = name if ".concepts." in name else "good_concepts.csv"
    relations = name if ".relations." in name else "good_relations.csv"
    result = invoke("import", "--concepts", concepts, "--relations", relations, "-o", out)
    assert result.exit_code == expected["exit"]
    if expected["exit"] == 1:
        assert result.stderr == f"Error: {expected['message']}\n"
        assert result.stdout == ""
        assert out.read_text() == "an existing file\n"  # an error never touches the output
        assert os.listdir(tmp_path) == ["out.json"]  # and no temporary file is left
        return
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    if expected["message"]:
        assert warnings[0] == f"warning: {expected['message']}"
    else:
        assert warnings == []
    graph = json.loads(out.read_text(encoding="utf-8"))
    assert (len(graph["concepts"]), len(graph["relations"])) == (expected["concepts"], expected["relations"])


def test_quoted_newline_survives_import(invoke, monkeypatch, tmp_path):
    monkeypatch.chdir(CORPUS)
    invoke("import", "--concepts", "csv_quoted_newline.concepts.csv", "-o", tmp_path / "g.json")
    graph = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert graph["concepts"][0]["definition"] == "A piece\nof text."


@pytest.mark.parametrize(
    "args, code, first_line",
    [
        (["validate", "tests/bad_inputs/not_json.json"], 1,
         "tests/bad_inputs/not_json.json: line 1 column 1: not valid JSON: Expecting value"),
        (["--data", "tests/bad_inputs/latin1_bytes.json", "list"], 1,
         "Error: tests/bad_inputs/latin1_bytes.json: line 5: not UTF-8 (byte 0xe9 at offset 62)"),
        (["--data", "tests/bad_inputs/cycle_2.json", "next"], 0,
         "warning: tests/bad_inputs/cycle_2.json: relations: prerequisite cycle: A (a) -> B (b) -> A (a)"),
        (["import", "--concepts", "tests/bad_inputs/csv_semicolon.concepts.csv", "-o", "-"], 1,
         'Error: tests/bad_inputs/csv_semicolon.concepts.csv:1: missing columns "id" and "name"; '
         "the header looks ;-separated: save the file with commas"),
        (["--data", "tests/bad_inputs", "list"], 2, None),  # a folder for --data: click's usage error
    ],
)
def test_real_processes_exit_cleanly(args, code, first_line):
    env = {**os.environ, "AIE_GRAPH_PROGRESS": os.devnull + "-none"}
    proc = subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == code
    assert "Traceback" not in proc.stdout + proc.stderr
    if first_line is not None:
        out = proc.stdout if args[0] == "validate" else proc.stderr
        assert out.splitlines()[0] == first_line


# ----------------------------------------------------------------------------- hostile content

EVIL_NAME = "<script>alert(1)</script>\x1b[2J\u202eevil"
EVIL_DEF = 'Looks harmless</script><img src=x onerror="alert(2)">\x1b]0;pwned\x07 and \x1b[31mred\x1b[0m \u2066x\u2069'
HOSTILE = {
    "concepts": [
        {"id": "safe", "name": "Safe start", "type": "concept"},
        {"id": "evil", "name": EVIL_NAME, "type": "concept", "aliases": ["\x1b[1mbold"], "definition": EVIL_DEF,
         "source": {"chapter": 1, "section": "\x1b[2Jsection"}, "tags": ["\u202etag"]},
        {"id": "goal", "name": "Goal \x1b[5mblink", "type": "concept"},
    ],
    "relations": [
        {"source": "safe", "type": "prerequisite", "target": "evil"},
        {"source": "evil", "type": "prerequisite", "target": "goal"},
    ],
}
RAW = ("\x1b", "\u202e", "\u2066", "\x07")


@pytest.fixture
def hostile_path(tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(HOSTILE, ensure_ascii=False), encoding="utf-8")
    return str(path)


def assert_inert(result):
    text = result.stdout + result.stderr
    for ch in RAW:
        assert ch not in text, f"raw {ch!r} reached the terminal"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "evil"],
        ["show", "evil", "--format", "json"],
        ["list"],
        ["search", "script"],
        ["search", "harmless"],
        ["curriculum", "goal"],
        ["curriculum", "goal", "--format", "markdown"],
        ["curriculum", "goal", "--format", "json"],
        ["prereqs", "goal"],
        ["dependents", "safe"],
        ["path", "safe", "goal"],
        ["next", "--known", "safe"],
        ["stats"],
        ["learned", "evil"],
        ["progress", "goal"],
    ],
)
def test_hostile_content_is_shown_as_text_in_the_terminal(invoke, hostile_path, args):
    result = invoke("--data", hostile_path, *args)
    assert result.exit_code == 0, result.output
    assert_inert(result)


def test_hostile_names_are_visible_escapes(invoke, hostile_path):
    shown = invoke("--data", hostile_path, "show", "evil").stdout
    assert shown.splitlines()[0] == "<script>alert(1)</script>\\x1b[2J\\u202eevil"
    assert "\\x1b]0;pwned\\x07" in shown and "\\u2066x\\u2069" in shown
    md = invoke("--data", hostile_path, "curriculum", "goal", "--format", "markdown").stdout
    assert "**\\<script\\>alert(1)\\</script\\>\\\\x1b\\[2J\\\\u202eevil**" in md  # Markdown-escaped, then visible
    data = json.loads(invoke("--data", hostile_path, "show", "evil", "--format", "json").stdout)
    assert data["name"] == EVIL_NAME  # JSON escapes, and parsing gives the exact data back


def test_hostile_text_in_errors_and_validate_is_visible(invoke, hostile_path, tmp_path):
    result = invoke("--data", hostile_path, "show", "\x1b[2Jnothing\u202e")
    assert result.exit_code == 1
    assert result.stderr == 'Error: unknown concept "\\x1b[2Jnothing\\u202e". Search by words: aie-graph search \'\\x1b[2Jnothing\\u202e\'\n'
    bad = tmp_path / "bad\x1b[2J.json"
    bad.write_text(json.dumps({"concepts": [{"id": "x\x1b[2J", "name": "\u202eX", "type": "concept"}]}))
    result = invoke("validate", bad)
    assert result.exit_code == 1
    assert_inert(result)
    assert result.stdout.startswith(f"{tmp_path}/bad\\x1b[2J.json: concepts[0].id: ")
    result = invoke("--data", bad, "list")
    assert_inert(result)
    assert result.stderr.startswith(f"warning: {tmp_path}/bad\\x1b[2J.json: concepts[0].id: ")
    missing = invoke("--data", tmp_path / "no\x1b[2Jfile.json", "list")
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: {tmp_path}/no\\x1b[2Jfile.json: no such file\n"


def test_hostile_content_is_text_in_the_page(hostile_path):
    render = pytest.importorskip("graph.render", reason="graph/render.py (the views issue) is not there")
    import graph

    page = render.view_html(graph.load(hostile_path))
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "\x1b" not in page and "\u202e" not in page  # escaped inside the page's JSON data
    # The data block ends at the first "</script": it must be whole, parseable JSON
    # holding the hostile text exactly, i.e. nothing in the data closed it early.
    start = page.index('<script type="application/json" id="graph-data">') + len(
        '<script type="application/json" id="graph-data">'
    )
    block = page[start : page.lower().index("</script", start)]
    assert EVIL_NAME in [node["name"] for node in json.loads(block)["nodes"]]


# ----------------------------------------------------------------------------- every file the tool writes


@pytest.mark.parametrize(
    "command",
    [
        ["view", "-o", "{out}"],
        ["export", "--to", "graphml", "-o", "{out}"],
        ["import", "--concepts", str(CORPUS / "good_concepts.csv"), "-o", "{out}"],
        ["learned", "token"],
    ],
    ids=["view", "export", "import", "learned"],
)
@pytest.mark.parametrize("failure", ["disk full", "interrupt"])
def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(invoke, monkeypatch, tmp_path, small_path, command, failure):
    out = tmp_path / "out.file"
    target = tmp_path / "progress.json" if command[0] == "learned" else out
    old = '{"version": 1, "learned": ["llm"]}\n' if command[0] == "learned" else "the old content\n"
    target.write_text(old)

    def broken_replace(src, dst):
        if failure == "interrupt":
            raise KeyboardInterrupt
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    args = [a.replace("{out}", str(out)) for a in command]
    result = CliRunner().invoke(cli.cli, ["--data", small_path, *args], prog_name="aie-graph")
    assert result.exit_code != 0
    if failure == "disk full":
        assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
        assert result.stderr.startswith("Error: ")
    else:
        assert isinstance(result.exception, (KeyboardInterrupt, SystemExit))
    assert target.read_text() == old
    assert set(os.listdir(tmp_path)) == {target.name} | ({"progress.json.lock"} if command[0] == "learned" else set())
