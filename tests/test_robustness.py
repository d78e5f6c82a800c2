"""Issue 13: nothing of the user's is ever replaced or destroyed, every export stays
valid whatever the text, and no input gives a traceback or a hang.

One test (or more) per finding of the issue, numbered as there; each failed on the
code before the fix. Tests that make device nodes need root (mknod) and skip
without it; CI runs as root.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import graph
from graph.csvfile import csv_tables, import_csv
from graph.files import DEFAULT_MAX_READ_MB, MAX_READ_ENV
from graph.store import from_dict, to_dict

HERE = Path(__file__).parent
ROOT = HERE.parent
SMALL = HERE / "data" / "small.json"
needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")


@pytest.fixture
def invoke(monkeypatch, tmp_path):
    """Run the CLI in-process; no traceback may reach the user."""
    monkeypatch.delenv("AIE_GRAPH_DATA", raising=False)
    monkeypatch.delenv(MAX_READ_ENV, raising=False)
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))

    def run(*args, charset="utf-8"):
        result = CliRunner(charset=charset).invoke(cli.cli, [str(a) for a in args], prog_name="aie-graph")
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.stdout + result.stderr
        return result

    return run


def write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def process(*args, env=None, **kw):
    """The real console script's code path (graph.cli.main), as a child process."""
    full_env = {**os.environ, "AIE_GRAPH_PROGRESS": os.devnull, **(env or {})}
    full_env.pop("AIE_GRAPH_DATA", None)
    code = "import sys; from graph.cli import main; sys.argv[0] = 'aie-graph'; main()"
    if "stdout" not in kw:
        kw["capture_output"] = True
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=full_env, timeout=120, **kw)


def null_device(folder: Path) -> Path:
    path = folder / "null"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


# ----------------------------------------------------------------------------- 1. an output that is its own input


@pytest.mark.parametrize("command", [
    ["--data", "{g}", "export", "--to", "json", "-o", "{g}"],
    ["--data", "{g}", "export", "--to", "graphml", "-o", "{g}"],
    ["--data", "{g}", "view", "-o", "{g}"],
    ["--data", "{g}", "export", "--to", "dot", "-o", "{link}"],  # the same file by another name
], ids=["export-json", "export-graphml", "view", "through-a-link"])
def test_1_an_output_that_is_the_graph_read_is_refused(invoke, tmp_path, command):
    g = tmp_path / "mine.json"
    g.write_bytes(SMALL.read_bytes())
    (tmp_path / "link.json").symlink_to(g)
    args = [a.replace("{g}", str(g)).replace("{link}", str(tmp_path / "link.json")) for a in command]
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "is the --data file this command reads" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert g.read_bytes() == SMALL.read_bytes()


def test_1_import_refuses_to_write_over_its_csv_and_progress_is_an_input(invoke, tmp_path):
    c = write(tmp_path / "c.csv", "id,name\na,A\n")
    result = invoke("import", "--concepts", c, "-o", c)
    assert result.exit_code == 1 and "is the --concepts file" in result.stderr
    assert c.read_text() == "id,name\na,A\n"
    progress = write(tmp_path / "progress.json", {"version": 1, "learned": ["llm"]})
    result = invoke("--data", SMALL, "export", "--to", "json", "-o", progress)
    assert result.exit_code == 1 and "is the progress file" in result.stderr
    assert json.loads(progress.read_text())["learned"] == ["llm"]


def test_1_a_different_file_with_the_same_content_is_fine(invoke, tmp_path):
    copy = tmp_path / "copy.json"
    copy.write_bytes(SMALL.read_bytes())
    assert invoke("--data", SMALL, "export", "--to", "json", "-o", copy).exit_code == 0


# ----------------------------------------------------------------------------- 2. -o writes into what it names


@needs_root
@pytest.mark.parametrize("command", [["export", "--to", "dot", "-o"], ["view", "-o"],
                                     ["import", "--concepts", str(HERE / "bad_inputs" / "good_concepts.csv"), "-o"]])
def test_2_a_device_is_written_into_never_replaced(invoke, tmp_path, command):
    dev = null_device(tmp_path)
    result = invoke("--data", SMALL, *command, dev)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat(dev).st_mode)  # still the device, not a regular file
    assert sorted(os.listdir(tmp_path)) == ["null"]  # no temporary file left beside it


def test_2_a_fifo_is_written_into_and_its_reader_gets_everything(invoke, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(Path(fifo).read_bytes()))
    reader.start()
    result = invoke("--data", SMALL, "export", "--to", "json", "-o", fifo)
    reader.join(10)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0])["nodes"]


def test_2_a_symlink_is_followed_and_stays_a_link(invoke, tmp_path):
    real = write(tmp_path / "real.dot", "old\n")
    link = tmp_path / "link.dot"
    link.symlink_to(real)
    assert invoke("--data", SMALL, "export", "--to", "dot", "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("digraph")


@pytest.mark.slow
@pytest.mark.parametrize("into", ["pipe", "file"])
def test_2_dev_stdout_is_written_into_a_pipe_or_a_redirected_file(tmp_path, into):
    if not os.path.exists("/dev/stdout"):
        pytest.skip("no /dev/stdout")
    out = tmp_path / "out.dot"
    with open(out, "wb") if into == "file" else open(os.devnull, "wb") as sink:
        proc = process("--data", SMALL, "export", "--to", "dot", "-o", "/dev/stdout",
                       **({"stdout": sink, "stderr": subprocess.PIPE} if into == "file" else {}))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text() if into == "file" else proc.stdout.decode()
    assert text.startswith("digraph concepts {") and "}\n" in text


def test_2_a_directory_is_a_one_line_error(invoke, tmp_path):
    result = invoke("--data", SMALL, "export", "--to", "dot", "-o", tmp_path)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1


# ----------------------------------------------------------------------------- 3. /dev/null as the progress file


@needs_root
def test_3_a_null_device_as_progress_file_is_progress_off(invoke, tmp_path, monkeypatch):
    dev = null_device(tmp_path)
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(dev))
    result = invoke("--data", SMALL, "learned", "llm")
    assert result.exit_code == 0, result.stderr
    assert "1 of" in result.stdout
    assert stat.S_ISCHR(os.stat(dev).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["null"]  # nothing renamed aside, no lock, no JSON file
    assert invoke("--data", SMALL, "progress").exit_code == 0


def test_3_dev_null_is_recognised_as_progress_off_without_being_touched():
    # Read-only checks only: this test must never write to the real /dev/null (on
    # code with the bug it would rename the device aside); the writes are checked
    # on a null device made in a scratch folder (test_3_a_null_device_...).
    from graph.files import is_progress_off
    from graph.progress import ProgressFile

    assert is_progress_off(os.devnull)
    assert ProgressFile(os.devnull).is_off and ProgressFile(os.devnull).read().learned == ()
    assert not is_progress_off(SMALL)


def test_3_a_fifo_as_progress_file_is_never_renamed(invoke, tmp_path, monkeypatch):
    fifo = tmp_path / "progress.fifo"
    os.mkfifo(fifo)
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(fifo))
    result = invoke("--data", SMALL, "learned", "llm")
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and sorted(os.listdir(tmp_path)) == ["progress.fifo"]


# ----------------------------------------------------------------------------- 4. the CSV pair


@pytest.fixture
def old_pair(tmp_path):
    """A folder holding an earlier CSV export, which a failed export must leave as it was."""
    out = tmp_path / "out"
    out.mkdir()
    write(out / "concepts.csv", "old concepts\n")
    write(out / "relations.csv", "old relations\n")
    return out


def assert_untouched(out):
    assert (out / "concepts.csv").read_text() == "old concepts\n"
    assert (out / "relations.csv").read_text() == "old relations\n"
    assert sorted(os.listdir(out)) == ["concepts.csv", "relations.csv"]


def test_4_csv_export_writes_both_files_or_neither(invoke, old_pair, monkeypatch):
    out = old_pair
    real_fsync, calls = os.fsync, []

    def full_disk_on_second_file(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk_on_second_file)
    result = invoke("--data", SMALL, "export", "--to", "csv", "-o", out)
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert_untouched(out)


def test_4_a_failed_second_rename_puts_the_first_file_back(invoke, old_pair, monkeypatch):
    out = old_pair
    real_replace, failed = os.replace, []

    def fail_on_relations(src, dst):
        if str(dst).endswith("relations.csv") and not failed:  # the new relations.csv, once
            failed.append(src)
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_relations)
    assert invoke("--data", SMALL, "export", "--to", "csv", "-o", out).exit_code == 1
    assert_untouched(out)


# ----------------------------------------------------------------------------- 5. XML and DOT


XML_BAD = "a\x00b\x08c\x0b\x0c\x0e\x1b[2J\x1f\ufffe\uffffz"


def hostile_xml_graph(tmp_path) -> Path:
    return write(tmp_path / "g.json", {
        "title": "T\x1b",
        "concepts": [
            {"id": "bad", "name": "Name " + XML_BAD, "type": "concept", "definition": XML_BAD, "aliases": [XML_BAD],
             "tags": ["t\x01"], "source": {"chapter": 1, "section": "s\x02"}},
            {"id": "ok", "name": "Fine", "type": "concept"},
        ],
        "relations": [{"source": "bad", "type": "prerequisite", "target": "ok", "reason": "r\x03"}],
    })


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_5_graphml_and_gexf_stay_well_formed_xml(invoke, tmp_path, fmt):
    import networkx as nx

    g = hostile_xml_graph(tmp_path)
    out = tmp_path / f"out.{fmt}"
    result = invoke("--data", g, "export", "--to", fmt, "-o", out)
    assert result.exit_code == 0
    assert 'warning: dropped characters' in result.stderr and '"bad"' in result.stderr
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert "Name abc[2Jz" in [data.get("label") for _, data in back.nodes(data=True)]


def test_5_dot_drops_noncharacters_and_keeps_every_string_under_graphviz_limit(invoke, tmp_path):
    g = write(tmp_path / "g.json", {"concepts": [
        {"id": "a", "name": "A\ufffe\uffff" + "n" * 20_000, "type": "concept", "definition": "d" * 40_000}]})
    result = invoke("--data", g, "export", "--to", "dot", "-o", "-")
    assert result.exit_code == 0
    assert "\ufffe" not in result.stdout and "\uffff" not in result.stdout
    assert max(len(s) for s in result.stdout.split('"')) < 16_384
    assert "shortened the labels of 1 concept" in result.stderr


# ----------------------------------------------------------------------------- 6. spreadsheet formulas


FORMULAS = {
    "concepts": [
        {"id": "a", "name": '=HYPERLINK("http://evil.example","x")', "type": "concept", "aliases": ["@SUM(1)", "+1"],
         "tags": ["-2", "'quoted"], "definition": "'=already escaped", "source": {"chapter": 1, "section": "=S"}},
        {"id": "b", "name": "''two quotes", "type": "concept"},
    ],
    "relations": [{"source": "a", "type": "prerequisite", "target": "b", "reason": "=1+1"}],
}


def test_6_no_csv_cell_starts_a_formula():
    import csv
    import io

    tables = csv_tables(from_dict(FORMULAS))
    for text in tables.values():
        for row in csv.reader(io.StringIO(text)):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


def test_6_an_export_imports_back_to_the_same_graph(invoke, tmp_path):
    g = write(tmp_path / "g.json", FORMULAS)
    assert invoke("--data", g, "export", "--to", "csv", "-o", tmp_path / "out").exit_code == 0
    back = import_csv(tmp_path / "out" / "concepts.csv", tmp_path / "out" / "relations.csv").kg
    assert to_dict(back)["concepts"] == to_dict(from_dict(FORMULAS))["concepts"]
    assert [r.reason for r in back.relations] == ["=1+1"]


# ----------------------------------------------------------------------------- 7. the base URI


@pytest.mark.parametrize("uri", ["http://x/a b/", "http://x/\nz/", "no-scheme/", 'http://x/"q"/', ""])
def test_7_a_bad_base_uri_is_one_line(invoke, uri):
    pytest.importorskip("rdflib")
    result = invoke("--data", SMALL, "export", "--to", "skos", "--base-uri", uri, "-o", "-")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --base-uri") and len(result.stderr.splitlines()) == 1


# ----------------------------------------------------------------------------- 8. no NaN or Infinity in JSON


def test_8_json_output_never_holds_infinity(invoke, tmp_path):
    g = write(tmp_path / "g.json", {"concepts": [
        {"id": "a", "name": "A", "type": "concept", "hours": 1e308},
        {"id": "b", "name": "B", "type": "concept", "hours": 1e308}],
        "relations": [{"source": "a", "type": "prerequisite", "target": "b"}]})
    result = invoke("--data", g, "curriculum", "b", "--format", "json")
    assert result.exit_code == 0

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    assert json.loads(result.stdout, parse_constant=refuse)["total_hours"] is None


# ----------------------------------------------------------------------------- 9. lone surrogates


SURROGATE = '{"concepts": [{"id": "a", "name": "A\\ud800", "type": "concept"}]}'


@pytest.mark.parametrize("command", [["list"], ["show", "a"], ["stats"], ["export", "--to", "json", "-o", "-"]])
def test_9_a_lone_surrogate_in_a_graph_is_a_one_line_error(invoke, tmp_path, command):
    g = write(tmp_path / "g.json", SURROGATE)
    result = invoke("--data", g, *command)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {g}: concepts[0].name: holds a lone surrogate escape (\\ud800 to \\udfff): not Unicode text\n"
    assert invoke("validate", g).exit_code == 1


def test_9_a_lone_surrogate_in_a_progress_file_is_set_aside(invoke, tmp_path):
    progress = write(tmp_path / "progress.json", '{"version": 1, "learned": ["llm", "\\udc00"]}')
    result = invoke("--data", SMALL, "progress")
    assert result.exit_code == 1 and "lone surrogate" in result.stderr
    result = invoke("--data", SMALL, "learned", "llm")
    assert result.exit_code == 0 and "moved it to" in result.stderr
    assert json.loads(progress.read_text())["learned"] == ["llm"]
    assert len(list(tmp_path.glob("progress.json.corrupt-*"))) == 1


# ----------------------------------------------------------------------------- 10. integers of more than 4,300 digits


def test_10_a_huge_integer_in_a_graph_file(invoke, tmp_path):
    g = write(tmp_path / "g.json", '{"concepts": [{"id": "a", "name": "A", "type": "concept", "hours": %s}]}' % ("9" * 5000))
    for args in (["--data", g, "list"], ["validate", g]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert "not valid JSON: a number has more than 4,300 digits" in result.stdout + result.stderr


def test_10_a_huge_integer_in_a_progress_file_is_set_aside(invoke, tmp_path):
    write(tmp_path / "progress.json", '{"version": 1, "learned": [%s]}' % ("1" * 5000))
    assert "more than 4,300 digits" in invoke("--data", SMALL, "progress").stderr
    result = invoke("--data", SMALL, "learned", "llm")
    assert result.exit_code == 0 and "moved it to" in result.stderr


# ----------------------------------------------------------------------------- 11. the read cap


@pytest.mark.parametrize("args", [
    ["--data", "{big}", "list"],
    ["--progress", "{big}", "progress"],
    ["next", "--known-file", "{big}"],
    ["import", "--concepts", "{big}", "-o", "-"],
    ["validate", "{big}"],
])
def test_11_every_input_is_read_through_the_cap(invoke, tmp_path, monkeypatch, args):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2_000_001)
    monkeypatch.setenv(MAX_READ_ENV, "2")
    result = invoke(*[a.replace("{big}", str(big)) for a in args])
    assert result.exit_code == 1
    assert f"larger than the read limit of 2 MB (set {MAX_READ_ENV} to read more)" in result.stdout + result.stderr


def test_11_the_default_cap_is_well_above_the_benchmark_file():
    assert DEFAULT_MAX_READ_MB * 10**6 >= 5 * 34_000_000


def test_11_a_bad_cap_setting_is_a_one_line_error(invoke, monkeypatch):
    monkeypatch.setenv(MAX_READ_ENV, "lots")
    result = invoke("--data", SMALL, "list")
    assert result.exit_code == 1 and f"{MAX_READ_ENV}='lots': must be a positive number" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--data", "/dev/zero", "list"], ["--progress", "/dev/zero", "progress"],
                                  ["next", "--known-file", "/dev/zero"], ["import", "--concepts", "/dev/zero", "-o", "-"]])
def test_11_dev_zero_is_refused_at_the_default_cap(args):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    proc = process(*args, env={"AIE_GRAPH_DATA": ""} if args[0] != "--data" else None)
    assert proc.returncode == 1
    assert f"larger than the read limit of {DEFAULT_MAX_READ_MB} MB".encode() in proc.stderr
    assert b"Traceback" not in proc.stderr


@pytest.mark.slow
def test_11_pipes_and_process_substitution_still_work():
    proc = subprocess.run(["bash", "-c", f'"{sys.executable}" cli.py --data <(cat tests/data/small.json) list'],
                          cwd=ROOT, capture_output=True, env={**os.environ, "AIE_GRAPH_PROGRESS": os.devnull}, timeout=60)
    assert proc.returncode == 0 and b"llm" in proc.stdout
    proc = subprocess.run(["bash", "-c", f'cat tests/data/small.json | "{sys.executable}" cli.py --data /dev/stdin list'],
                          cwd=ROOT, capture_output=True, env={**os.environ, "AIE_GRAPH_PROGRESS": os.devnull}, timeout=60)
    assert proc.returncode == 0 and b"llm" in proc.stdout


# ----------------------------------------------------------------------------- 12. stdout that fails, terminals that cannot encode


@pytest.mark.slow
def test_12_a_full_disk_on_stdout_is_one_line():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "cli.py", "list"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              env={**os.environ, "AIE_GRAPH_PROGRESS": os.devnull}, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == ["Error: standard output: cannot write: No space left on device"]


def test_12_an_oserror_writing_stdout_in_process_is_one_line(invoke, monkeypatch):
    def full(*args, **kw):
        raise OSError(28, "No space left on device")

    import graph.cli

    monkeypatch.setattr(graph.cli, "emit", full)
    result = CliRunner().invoke(cli.cli, ["--data", str(SMALL), "list"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == "Error: standard output: cannot write: No space left on device\n"


def test_12_a_tree_falls_back_to_ascii_where_the_terminal_cannot_show_box_drawing(invoke):
    result = invoke("prereqs", "finetuning", charset="cp1252")
    assert result.exit_code == 0
    assert "|-- " in result.stdout and "├" not in result.stdout


@pytest.mark.slow
def test_12_pythonioencoding_cp1252_in_a_real_process():
    proc = process("prereqs", "finetuning", env={"PYTHONIOENCODING": "cp1252"})
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    assert b"`-- " in proc.stdout


# ----------------------------------------------------------------------------- 13. duplicate keys


@pytest.mark.parametrize("text, where, key", [
    ('{"concepts": [{"id": "a", "id": "b", "name": "A", "type": "concept"}]}', "concepts[0]", "id"),
    ('{"concepts": [{"id": "a", "name": "A", "type": "concept"}], "concepts": []}', "", "concepts"),
])
def test_13_duplicate_keys_are_reported(invoke, tmp_path, text, where, key):
    g = write(tmp_path / "g.json", text)
    message = f'duplicate key "{key}": each key may appear once in an object (JSON keeps only the last)'
    located = f"{where}: {message}" if where else message
    result = invoke("validate", g)
    assert result.exit_code == 1 and f"{g}: {located}" in result.stdout.splitlines()
    assert invoke("--data", g, "list").stderr == f"Error: {g}: {located}\n"


# ----------------------------------------------------------------------------- 14. look-alike names


@pytest.mark.parametrize("names, message", [
    (["caf\u00e9", "cafe\u0301"], 'concepts[1].name: "cafe\u0301" is also concepts[0].name'),
    (["x", "x\u200b"], 'concepts[1].name: "x\\u200b" is also concepts[0].name'),
    (["ok", "\u200b\u200b"], "concepts[1].name: '\\u200b\\u200b' is blank once spaces and dashes go"),
    (["ok", "\ufeff"], "concepts[1].name: '\\ufeff' is blank once spaces and dashes go"),
])
def test_14_look_alike_and_invisible_names_are_flagged(invoke, tmp_path, names, message):
    g = write(tmp_path / "g.json", {"concepts": [{"id": f"c{i}", "name": n, "type": "concept"} for i, n in enumerate(names)]})
    result = invoke("validate", g)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{g}: {message}")
    loaded = invoke("--data", g, "list")
    assert loaded.exit_code == 0 and loaded.stderr.startswith(f"warning: {g}: {message}")


def test_14_zero_width_characters_are_shown_escaped(invoke, tmp_path):
    g = write(tmp_path / "g.json", {"concepts": [{"id": "a", "name": "x", "type": "concept"},
                                                 {"id": "b", "name": "x\u200b\u2060", "type": "concept"}]})
    out = invoke("--data", g, "list").stdout
    assert "x\\u200b\\u2060" in out and "\u200b" not in out


# ----------------------------------------------------------------------------- 15. long names


def test_15_long_names_are_flagged_and_labels_shortened(invoke, tmp_path):
    long = "L" * 200_000
    g = write(tmp_path / "g.json", {"concepts": [{"id": "a", "name": long, "type": "concept", "aliases": ["A" * 300]}]})
    result = invoke("validate", g)
    assert result.exit_code == 1
    assert {f"{g}: concepts[0].name: name is 200,000 characters long; the limit is 200",
            f"{g}: concepts[0].aliases[0]: alias is 300 characters long; the limit is 200"} <= set(result.stdout.splitlines())
    page = invoke("--data", g, "view", "-o", "-").stdout
    start = page.index('id="graph-data">') + len('id="graph-data">')
    data = json.loads(page[start:page.index("</script", start)])
    assert len(data["nodes"][0]["label"]) <= 80
    dot = invoke("--data", g, "export", "--to", "dot", "-o", "-").stdout
    import re

    labels = re.findall(r'label="([^"]*)"', dot)
    assert labels and all(len(label) <= 80 for label in labels)


# ----------------------------------------------------------------------------- 16. an empty path


def test_16_validate_of_an_empty_path_is_an_error(invoke):
    result = invoke("validate", "")
    assert result.exit_code == 2 and "an empty path" in result.stderr
    assert "valid" not in result.stdout


# ----------------------------------------------------------------------------- the smaller things


@pytest.mark.parametrize("command", [["view", "-o", "-"], ["export", "--to", "json", "-o", "-"],
                                     ["import", "--concepts", str(HERE / "bad_inputs" / "good_concepts.csv"), "-o", "-"]])
def test_dash_means_standard_output_everywhere(invoke, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = invoke("--data", SMALL, *command)
    assert result.exit_code == 0 and len(result.stdout) > 100
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", [["export", "--to", "csv", "-o", ""], ["export", "--to", "dot", "-o", ""],
                                     ["view", "-o", ""], ["import", "--concepts", str(HERE / "bad_inputs" / "good_concepts.csv"), "-o", ""]])
def test_an_empty_output_path_is_refused(invoke, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = invoke("--data", SMALL, *command)
    assert result.exit_code == 1
    assert result.stderr == "Error: an empty output path: name a file (or - for standard output)\n"
    assert os.listdir(tmp_path) == []


def test_many_unknown_progress_ids_make_a_short_warning(invoke, tmp_path):
    write(tmp_path / "progress.json", {"version": 1, "learned": [f"gone{i}" for i in range(300_000)]})
    result = invoke("--data", SMALL, "next")
    assert result.exit_code == 0
    assert len(result.stderr) < 400 and "299,994 more" in result.stderr


def test_a_read_only_progress_file_is_not_rewritten(invoke, tmp_path):
    progress = write(tmp_path / "progress.json", '{"version": 1, "learned": ["llm"]}\n')
    progress.chmod(0o444)
    inode = os.stat(progress).st_ino
    result = invoke("--data", SMALL, "learned", "token")
    assert result.exit_code == 1 and "is read-only (mode 0444); left unchanged" in result.stderr
    assert progress.read_text() == '{"version": 1, "learned": ["llm"]}\n' and os.stat(progress).st_ino == inode
    assert invoke("--data", SMALL, "next").exit_code == 0  # still read


def test_ctrl_c_exits_130_in_process(invoke, monkeypatch):
    import graph.store

    def interrupted(*args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(graph.store, "load", interrupted)
    result = CliRunner().invoke(cli.cli, ["--data", str(SMALL), "list"])
    assert result.exit_code == 130


@pytest.mark.slow
def test_ctrl_c_exits_130_in_a_real_process(tmp_path):
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)  # reading it blocks until SIGINT
    env = {**os.environ, "AIE_GRAPH_PROGRESS": os.devnull}
    proc = subprocess.Popen([sys.executable, "cli.py", "--data", str(fifo), "list"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Interrupt it once it waits on the FIFO, not while it still starts (a loaded
    # machine can take seconds to get there): Linux names that wait in wchan.
    wchan = Path(f"/proc/{proc.pid}/wchan")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if wchan.read_text() in ("wait_for_partner", "fifo_open", "pipe_read", "pipe_wait"):
                break
        except OSError:
            break
        time.sleep(0.05)
    else:
        time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_the_corpus_is_listed_in_the_docs():
    expected = json.loads((HERE / "bad_inputs" / "expected.json").read_text(encoding="utf-8"))
    names = [*expected["graphs"], *expected["csv"]]
    assert len(names) >= 120
    doc = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert [n for n in names if f"`{n}`" not in doc] == []
