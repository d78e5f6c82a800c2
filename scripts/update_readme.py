"""Rewrite the output under every `$ aie-graph ...` line of README.md's ```console
blocks with what the command prints now (tests/test_readme.py checks they match).

    python scripts/update_readme.py
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

import cli  # noqa: E402


#: An example may show only the start of a long output, as a shell would: `| head -n N`.
HEAD = re.compile(r"\s*\|\s*head -n (\d+)$")


def run(command: str) -> str:
    head = HEAD.search(command)
    argv = shlex.split(HEAD.sub("", command))[1:]
    with tempfile.TemporaryDirectory() as tmp:
        env = {"AIE_GRAPH_PROGRESS": str(Path(tmp) / "progress.json"), "AIE_GRAPH_DATA": None}
        result = CliRunner().invoke(cli.cli, argv, env=env, prog_name="aie-graph")
    if result.exit_code != 0:
        raise SystemExit(f"{command!r} exited {result.exit_code}: {result.output}")
    if head:
        return "".join(result.stdout.splitlines(keepends=True)[: int(head.group(1))])
    return result.stdout


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")

    def replace(match: re.Match) -> str:
        command = match.group(1)
        return f"```console\n$ {command}\n{run(command)}```"

    new = re.sub(r"```console\n\$ (aie-graph [^\n]*)\n.*?```", replace, text, flags=re.S)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print("README.md updated")
    else:
        print("README.md already up to date")


if __name__ == "__main__":
    main()
