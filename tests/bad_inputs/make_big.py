"""Make the huge members of the bad-input corpus, which are too big to commit.

The tests call :func:`make` into a temporary folder; run it by hand to look at them:

    python tests/bad_inputs/make_big.py /tmp/big
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CHAIN = 100_000


def _concept(i: int) -> dict:
    return {"id": f"c{i}", "name": f"Concept {i}", "type": "concept"}


def _chain(n: int) -> list[dict]:
    return [{"source": f"c{i}", "type": "prerequisite", "target": f"c{i + 1}"} for i in range(n - 1)]


def big_definition() -> str:
    """A concept whose definition is 10 MB of text (a pasted book)."""
    words = "attention " * 1_000_000
    graph = {"concepts": [{"id": "a", "name": "A", "type": "concept", "definition": words}, _concept(1)], "relations": []}
    return json.dumps(graph)


def chain_cycle() -> str:
    """100,000 concepts, each a prerequisite of the next, and the last of the first:
    one prerequisite cycle 100,000 long."""
    rel = _chain(CHAIN) + [{"source": f"c{CHAIN - 1}", "type": "prerequisite", "target": "c0"}]
    return json.dumps({"concepts": [_concept(i) for i in range(CHAIN)], "relations": rel})


def chain_self_loop() -> str:
    """A 100,000-deep prerequisite chain (no cycle) whose last concept is also a
    prerequisite of itself: loads with a warning, and every command must answer
    without deep recursion or output that grows with the square of the depth."""
    rel = _chain(CHAIN) + [{"source": f"c{CHAIN - 1}", "type": "prerequisite", "target": f"c{CHAIN - 1}"}]
    return json.dumps({"concepts": [_concept(i) for i in range(CHAIN)], "relations": rel})


def chain_dangling() -> str:
    """A 100,000-deep prerequisite chain whose last relation names a concept that
    does not exist: the error must still be found, and located."""
    rel = _chain(CHAIN) + [{"source": f"c{CHAIN - 1}", "type": "prerequisite", "target": f"c{CHAIN}"}]
    return json.dumps({"concepts": [_concept(i) for i in range(CHAIN)], "relations": rel})


def nested_deep() -> str:
    """JSON nested 100,000 lists deep (what a buggy exporter or an attacker sends)."""
    return '{"concepts": ' + "[" * CHAIN + "]" * CHAIN + "}"


GENERATED = {
    "big_definition.json": big_definition,
    "chain_100k_cycle.json": chain_cycle,
    "chain_100k_self_loop.json": chain_self_loop,
    "chain_100k_dangling.json": chain_dangling,
    "nested_100k.json": nested_deep,
}


def make(folder: str | Path, names=None) -> dict[str, Path]:
    """Write the generated files (all, or ``names``) into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in names or GENERATED:
        path = folder / name
        path.write_text(GENERATED[name](), encoding="utf-8")
        out[name] = path
    return out


if __name__ == "__main__":
    for name, path in make(sys.argv[1] if len(sys.argv) > 1 else ".").items():
        print(f"{path}  {path.stat().st_size:,} bytes")
