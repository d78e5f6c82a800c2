"""The README's examples are real: every `$ aie-graph ...` in a ```console block is
run and its output compared, so the tour cannot drift from the code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples():
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        lines = block.splitlines()
        assert lines[0].startswith("$ aie-graph "), lines[0]
        yield lines[0][2:], "\n".join(lines[1:]) + "\n"


EXAMPLES = list(console_examples())


def test_the_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert blocks[0] == 'pip install . && aie-graph curriculum "retrieval-augmented generation"\n'
    assert blocks[1] == 'pip install ".[test]" && python -m pytest\n'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && python -m pytest\n' in ci


@pytest.mark.parametrize("command, expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(run, monkeypatch, command, expected):
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)[1:]
    result = run(*argv)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_every_command_is_in_the_readme():
    import cli

    for name in cli.cli.commands:
        assert f"aie-graph {name}" in README, name
