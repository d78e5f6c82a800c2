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
TEST_COMMAND = 'python3 -m venv .venv && . .venv/bin/activate && pip install ".[test]" && python -m pytest\n'


def test_the_readme_starts_with_the_two_commands():
    # Each works as written on a fresh Debian or Ubuntu, whose system Python refuses
    # `pip install` outside a virtual environment (PEP 668): the command makes one.
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert blocks[0] == (
        'python3 -m venv .venv && . .venv/bin/activate && pip install . && '
        'aie-graph curriculum "retrieval-augmented generation"\n'
    )
    assert blocks[1] == TEST_COMMAND
    # the one line before them names the Debian package `python3 -m venv` needs
    before = README.split("```sh")[0].strip().splitlines()[-1]
    assert "python3-venv" in before and "Debian" in before
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines(keepends=True)


#: An example may show only the start of a long output, as a shell would: `| head -n N`.
HEAD = re.compile(r"\s*\|\s*head -n (\d+)$")


@pytest.mark.parametrize("command, expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(run, monkeypatch, command, expected):
    monkeypatch.chdir(ROOT)
    head = HEAD.search(command)
    argv = shlex.split(HEAD.sub("", command))[1:]
    result = run(*argv)
    assert result.exit_code == 0, result.output
    output = result.stdout
    if head:
        output = "".join(output.splitlines(keepends=True)[: int(head.group(1))])
    assert output == expected


def test_every_command_is_in_the_readme():
    import cli

    for name in cli.cli.commands:
        assert f"aie-graph {name}" in README, name
