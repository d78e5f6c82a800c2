"""Shared fixtures: the small test graphs in tests/data and a CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import graph

DATA = Path(__file__).parent / "data"


@pytest.fixture
def small_path() -> str:
    return str(DATA / "small.json")


@pytest.fixture
def cyclic_path() -> str:
    return str(DATA / "cyclic.json")


@pytest.fixture
def small(small_path):
    return graph.load(small_path)


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the CLI in-process: run(*args, data=PATH) -> click Result (stdout/stderr apart).

    The learner's progress file is pointed into tmp_path so no test reads or writes
    the real one.
    """
    monkeypatch.delenv("AIE_GRAPH_DATA", raising=False)
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))

    def invoke(*args, data=None, input=None):
        argv = (["--data", str(data)] if data else []) + [str(a) for a in args]
        return CliRunner().invoke(cli.cli, argv, input=input, prog_name="aie-graph")

    return invoke


@pytest.fixture
def write_graph(tmp_path):
    """write_graph(dict_or_text, name) -> path of a graph file in tmp_path."""

    def write(content, name="graph.json") -> str:
        path = tmp_path / name
        if isinstance(content, (dict, list)):
            content = json.dumps(content, ensure_ascii=False, indent=2)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return write


def require(available: bool, reason: str) -> None:
    """Skip a test whose tool is missing on a developer's machine, but fail it in CI
    (CI=true), where .ci/run installs every tool: a skipped test there proves nothing."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, but CI must run this test (.ci/run installs it)")
    pytest.skip(reason)
