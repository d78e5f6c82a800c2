"""Learner progress: the library (graph/progress.py) and the learned / unlearn /
progress commands, the global --progress option, and curriculum/next honouring it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph import progress as gp
from graph.progress import CorruptProgress, Progress, ProgressError, ProgressFile, UnsupportedProgress

# ----------------------------------------------------------------------------- library


def test_learn_then_unlearn_writes_the_documented_format(tmp_path):
    path = tmp_path / "sub" / "progress.json"  # the folder is created on first write
    change = gp.learn(path, ["b", "a", "b"])
    assert (change.changed, change.unchanged, change.set_aside) == (["b", "a"], [], None)
    assert path.read_text(encoding="utf-8") == '{\n  "version": 1,\n  "learned": [\n    "b",\n    "a"\n  ]\n}\n'
    assert gp.learn(path, ["a", "c"]).unchanged == ["a"]
    change = gp.unlearn(path, ["a", "zz"])
    assert (change.changed, change.unchanged) == (["a"], ["zz"])
    assert ProgressFile(path).read().learned == ("b", "c")


def test_read_of_a_missing_file_is_empty_progress(tmp_path):
    assert ProgressFile(tmp_path / "none.json").read() == Progress()
    assert not (tmp_path / "none.json").exists()


def test_unicode_ids_are_stored_as_utf8(tmp_path):
    path = tmp_path / "p.json"
    gp.learn(path, ["café", "变换器"])
    assert '"café"' in path.read_text(encoding="utf-8")
    assert ProgressFile(path).read().learned == ("café", "变换器")


def test_unknown_top_level_fields_are_kept(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"version": 1, "learned": ["a"], "note": "mine"}', encoding="utf-8")
    gp.learn(path, ["b"])
    assert json.loads(path.read_text()) == {"version": 1, "learned": ["a", "b"], "note": "mine"}


CORRUPT = [
    (b"", "empty file"),
    (b"   \n", "empty file"),
    (b'{"version": 1, "learned": ["a"', "line 1 column 31: not valid JSON: Expecting ',' delimiter (the file ends too early: torn?)"),
    (b"\xff\xfe{}", "not UTF-8 (byte 0xff at offset 0)"),
    (b'["a", "b"]', 'must be a JSON object like {"version": 1, "learned": []}, not list'),
    (b'{"learned": ["a"]}', "version: must be 1, not null"),
    (b'{"version": "1", "learned": ["a"]}', 'version: must be 1, not "1"'),
    (b'{"version": true, "learned": ["a"]}', "version: must be 1, not true"),
    (b'{"version": 0, "learned": []}', "version: must be 1, not 0"),
    (b'{"version": 1}', "learned: must be a list of concept ids, not null"),
    (b'{"version": 1, "learned": "a"}', 'learned: must be a list of concept ids, not "a"'),
    (b'{"version": 1, "learned": ["a", null]}', "learned[1]: must be a concept id (a string), not null"),
    (b'{"version": 1, "learned": [""]}', 'learned[0]: must be a concept id (a string), not ""'),
    (b"[" * 100_000, "not valid JSON: nested too deeply"),
]


@pytest.mark.parametrize("raw, reason", CORRUPT, ids=range(len(CORRUPT)))
def test_corrupt_file_is_reported_with_its_path_and_what(tmp_path, raw, reason):
    path = tmp_path / "progress.json"
    path.write_bytes(raw)
    with pytest.raises(CorruptProgress) as info:
        ProgressFile(path).read()
    assert str(info.value) == f"progress file {path}: {reason}"
    assert path.read_bytes() == raw  # reading never touches it


def test_corrupt_file_is_moved_aside_on_write_never_overwritten(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(b'{"version": 1, "learned": ["a", "b"')
    change = gp.learn(path, ["c"])
    aside = Path(change.set_aside)
    assert aside.parent == tmp_path and aside.name.startswith("progress.json.corrupt-")
    assert aside.read_bytes() == b'{"version": 1, "learned": ["a", "b"'
    assert change.corrupt_reason.startswith("line 1 column 36: not valid JSON")
    assert ProgressFile(path).read().learned == ("c",)
    # a second corrupt file in the same second gets its own name
    path.write_bytes(b"junk")
    second = gp.learn(path, ["d"]).set_aside
    assert second != change.set_aside and Path(second).read_bytes() == b"junk"


def test_newer_version_is_neither_read_nor_touched(tmp_path):
    path = tmp_path / "progress.json"
    raw = b'{"version": 2, "learned": [{"id": "a"}]}'
    path.write_bytes(raw)
    with pytest.raises(UnsupportedProgress, match="version 2 was written by a newer aie-graph"):
        gp.learn(path, ["b"])
    assert path.read_bytes() == raw
    assert sorted(os.listdir(tmp_path)) == ["progress.json", "progress.json.lock"]


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, error):
    path = tmp_path / "progress.json"
    gp.learn(path, ["a"])
    before = path.read_bytes()

    def failing_replace(src, dst):
        raise error

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ProgressError if isinstance(error, OSError) else KeyboardInterrupt) as info:
        gp.learn(path, ["b"])
    if isinstance(error, OSError):
        assert str(info.value) == f"progress file {path}: cannot write: No space left on device"
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["progress.json", "progress.json.lock"]


def test_next_writer_removes_temporary_files_of_killed_writers(tmp_path):
    path = tmp_path / "progress.json"
    gp.learn(path, ["a"])
    (tmp_path / ".progress.json.abc123.tmp").write_text('{"version": 1, "lea')  # a killed writer's
    (tmp_path / ".other.json.abc.tmp").write_text("not ours")
    assert ProgressFile(path).leftovers() == [".progress.json.abc123.tmp"]
    gp.learn(path, ["b"])
    assert ProgressFile(path).leftovers() == []
    assert (tmp_path / ".other.json.abc.tmp").exists()


def test_a_held_lock_times_out_with_a_clear_error(tmp_path, monkeypatch):
    fcntl = pytest.importorskip("fcntl")
    path = tmp_path / "progress.json"
    gp.learn(path, ["a"])
    fd = os.open(tmp_path / "progress.json.lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another open file description: flock conflicts in-process too
    monkeypatch.setattr(gp, "LOCK_TIMEOUT", 0.2)
    try:
        with pytest.raises(ProgressError, match=r"another aie-graph has held the lock .*progress.json.lock for 0.2 s"):
            gp.ProgressFile(path).update(lambda p: p)
    finally:
        os.close(fd)
    assert gp.learn(path, ["b"]).changed == ["b"]


def test_a_symlinked_progress_file_stays_a_symlink(tmp_path):
    real = tmp_path / "dotfiles" / "progress.json"
    real.parent.mkdir()
    gp.learn(real, ["a"])
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    gp.learn(link, ["b"])
    assert link.is_symlink()
    assert ProgressFile(real).read().learned == ("a", "b")


def test_unwritable_folder_is_a_progress_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ProgressError, match=r"^progress file .*file/p.json: cannot create its folder"):
        gp.learn(blocker / "p.json", ["a"])


def test_default_path_is_in_the_config_folder_unless_the_env_names_one(monkeypatch, tmp_path):
    monkeypatch.delenv("AIE_GRAPH_PROGRESS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    import click

    assert gp.default_path() == Path(click.get_app_dir("aie-graph")) / "progress.json"
    assert str(gp.default_path()).startswith(str(tmp_path))
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "x.json"))
    assert gp.default_path() == tmp_path / "x.json"


def test_goal_progress_counts_steps_and_hours(small):
    assert gp.goal_progress(small, "rag", ["language-model"]) == {
        "id": "rag",
        "done": 4,
        "total": 7,
        "learned": 1,
        "implied": 3,
        "hours_done": 2.75,
        "hours_total": 6.25,
    }
    assert gp.goal_progress(small, "rag", ["rag"])["done"] == 7


# ----------------------------------------------------------------------------- commands


@pytest.fixture
def saved(tmp_path):
    """The progress file the `run` fixture points AIE_GRAPH_PROGRESS at."""
    return tmp_path / "progress.json"


def test_learned_accepts_ids_names_and_aliases(run, small_path, saved):
    result = run("learned", "token", "Language model", "tokenizing", data=small_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Learned: Token (token), Language model (language-model), Tokenization (tokenization). "
        "3 of 13 concepts learned.\n"
        "Now ready to learn: Large language model (llm).\n"
    )
    assert result.stderr == ""
    assert json.loads(saved.read_text()) == {"version": 1, "learned": ["token", "language-model", "tokenization"]}


def test_learned_again_is_a_note(run, small_path):
    run("learned", "token", data=small_path)
    result = run("learned", "token", "rag", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == "Learned: Retrieval-augmented generation (rag). 2 of 13 concepts learned.\n"
    assert result.stderr == "note: Token (token) was already learned\n"


def test_learned_unknown_concept_fails_and_writes_nothing(run, small_path, saved):
    result = run("learned", "token", "tokenisation", data=small_path)
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: unknown concept "tokenisation". Did you mean: tokenization? Search by words: aie-graph search tokenisation\n'
    )
    assert not saved.exists()


def test_learned_json(run, small_path, saved):
    result = run("learned", "rag", "--format", "json", data=small_path)
    assert json.loads(result.stdout) == {
        "file": str(saved),
        "changed": ["rag"],
        "unchanged": [],
        "known": 1,
        "total": 13,
        "set_aside": None,
        "ready": [],
    }
    result = run("learned", "loss function", "--format", "json", data=small_path)
    assert json.loads(result.stdout)["ready"] == ["gradient-descent"]


def test_unlearn(run, small_path, saved):
    run("learned", "token", "rag", data=small_path)
    result = run("unlearn", "RAG", "llm", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == "Unlearned: Retrieval-augmented generation (rag). 1 of 13 concepts learned.\n"
    assert result.stderr == "note: Large language model (llm) was not marked learned\n"
    assert json.loads(saved.read_text())["learned"] == ["token"]


def test_ids_the_graph_lost_are_kept_reported_and_can_be_unlearned(run, small_path, saved):
    saved.write_text('{"version": 1, "learned": ["token", "old-idea", "gone"]}')
    result = run("learned", "rag", data=small_path)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {saved} names 2 concepts this graph does not have: old-idea, gone (kept)\n"
    assert json.loads(saved.read_text())["learned"] == ["token", "old-idea", "gone", "rag"]
    result = run("curriculum", "llm", data=small_path)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {saved} names 2 concepts this graph does not have: old-idea, gone (kept)\n"
    result = run("unlearn", "gone", data=small_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Unlearned: gone. 2 of 13 concepts learned.\n"
    assert json.loads(saved.read_text())["learned"] == ["token", "old-idea", "rag"]
    result = run("unlearn", "never-was", data=small_path)
    assert result.exit_code == 1
    assert result.stderr == 'Error: unknown concept "never-was". Search by words: aie-graph search never-was\n'


def test_progress_text(run, small_path, saved):
    run("learned", "language-model", "pytorch", data=small_path)
    result = run("progress", "rag", "finetuning", data=small_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Progress file: {saved}\n"
        "Learned 2 of 13 concepts:\n"
        "  Language model (language-model)\n"
        "  PyTorch (pytorch)\n"
        "Known by implication (prerequisites of what you learned): 3 concepts\n"
        "Next you can learn toward Retrieval-augmented generation, Finetuning (2), best first:\n"
        "  Loss function (loss-function)\n"
        "  Large language model (llm)\n"
        "Goal Retrieval-augmented generation (rag): 4 of 7 steps done (57%: 1 learned, 3 implied), 2.75 of 6.25 h\n"
        "Goal Finetuning (finetuning): 4 of 9 steps done (44%: 1 learned, 3 implied), 2.75 of 8.25 h\n"
    )


def test_progress_json_and_empty(run, small_path, saved):
    result = run("progress", "--format", "json", "llm", data=small_path)
    assert json.loads(result.stdout) == {
        "file": str(saved),
        "learned": [],
        "implied": [],
        "unknown": [],
        "next": ["token", "probability"],
        "goals": [{"id": "llm", "done": 0, "total": 5, "learned": 0, "implied": 0, "hours_done": 0, "hours_total": 3.25}],
    }
    text = run("progress", data=small_path).stdout
    assert text.splitlines()[1] == "Learned 0 of 13 concepts. Mark some with `aie-graph learned CONCEPT`."
    assert not saved.exists()  # reading never creates the file


def test_progress_with_a_corrupt_file_fails_naming_it_and_leaves_it(run, small_path, saved):
    saved.write_text("{oops")
    result = run("progress", data=small_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: progress file {saved}: line 1 column 2: not valid JSON: Expecting property name enclosed in "
        "double quotes. It is left untouched; the next `aie-graph learned` or `unlearn` moves it aside.\n"
    )
    assert saved.read_text() == "{oops"


def test_curriculum_warns_about_a_corrupt_file_and_goes_on_without_it(run, small_path, saved):
    saved.write_text('{"version": 1, "learned": "rag"}')
    result = run("curriculum", "llm", data=small_path)
    assert result.exit_code == 0
    assert result.stderr == (
        f'warning: progress file {saved}: learned: must be a list of concept ids, not "rag"; '
        "ignored (the file is left untouched)\n"
    )
    assert result.stdout.startswith("Study plan for Large language model: 5 steps")
    assert saved.read_text() == '{"version": 1, "learned": "rag"}'


def test_learned_moves_a_corrupt_file_aside_and_says_so(run, small_path, saved, tmp_path):
    saved.write_text("[1, 2")
    result = run("learned", "token", data=small_path)
    assert result.exit_code == 0
    asides = sorted(p.name for p in tmp_path.glob("progress.json.corrupt-*"))
    assert len(asides) == 1
    assert result.stderr == (
        f"warning: progress file {saved} was corrupt (line 1 column 6: not valid JSON: Expecting ',' delimiter "
        "(the file ends too early: torn?)); "
        f"moved it to {tmp_path / asides[0]} and started a new one\n"
    )
    assert (tmp_path / asides[0]).read_text() == "[1, 2"
    assert json.loads(saved.read_text())["learned"] == ["token"]


def test_curriculum_and_next_honour_saved_progress_besides_known(run, small_path):
    before = run("curriculum", "llm", "--format", "json", data=small_path)
    assert [s["id"] for s in json.loads(before.stdout)["steps"]] == [
        "probability", "token", "tokenization", "language-model", "llm"
    ]
    run("learned", "tokenization", data=small_path)
    after = json.loads(run("curriculum", "llm", "--format", "json", "--known", "probability", data=small_path).stdout)
    assert after["known"] == ["probability", "tokenization"]
    assert [s["id"] for s in after["steps"]] == ["language-model", "llm"]
    ready = json.loads(run("next", "--format", "json", data=small_path).stdout)
    assert [r["id"] for r in ready] == ["loss-function", "probability", "pytorch"]


def test_global_option_beats_the_env_var(run, small_path, tmp_path, saved):
    other = tmp_path / "other.json"
    result = run("--progress", str(other), "learned", "rag", data=small_path)
    assert result.exit_code == 0
    assert json.loads(other.read_text())["learned"] == ["rag"]
    assert not saved.exists()
    # and the env var (set by the `run` fixture) is used without the option
    run("learned", "llm", data=small_path)
    assert json.loads(saved.read_text())["learned"] == ["llm"]


def test_progress_path_that_is_a_directory(run, small_path, tmp_path):
    result = run("--progress", str(tmp_path), "learned", "rag", data=small_path)
    assert result.exit_code == 2  # click's own check: --progress must name a file
    assert "is a directory" in result.stderr


def test_default_progress_file_lives_in_the_config_folder(run, small_path, monkeypatch, tmp_path):
    monkeypatch.delenv("AIE_GRAPH_PROGRESS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    import click

    expected = Path(click.get_app_dir("aie-graph")) / "progress.json"
    assert str(expected).startswith(str(tmp_path))
    result = run("learned", "token", data=small_path)
    assert result.exit_code == 0, result.output
    assert json.loads(expected.read_text())["learned"] == ["token"]


def test_a_newer_progress_file_is_left_alone_by_every_command(run, small_path, saved):
    raw = '{"version": 2, "learned": [{"id": "token", "at": "2027-01-01"}]}'
    saved.write_text(raw)
    reason = f"progress file {saved}: version 2 was written by a newer aie-graph (this one reads version 1); left untouched"
    result = run("next", data=small_path)
    assert result.exit_code == 0
    assert result.stderr == f"warning: {reason}; ignored\n"
    for args in (["learned", "rag"], ["unlearn", "rag"], ["progress"]):
        result = run(*args, data=small_path)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {reason}\n"
    assert saved.read_text() == raw
