"""Seeded synthetic graph files for the benchmarks (and for any test that wants a
big, valid graph without shipping one).

``layered(n)``: ``n`` concepts; each concept after the first few has a few
prerequisites (1 to 5, three on average) picked among the 2,000 concepts before
it, so the graph is a DAG whose prerequisite chains are long and wide, like a
real curriculum grown large. 100,000 concepts give about 300,000 relations and
about 30 MB of JSON.

``chain(n)``: ``n`` concepts, each the only prerequisite of the next: the
deepest graph there is, for recursion limits.

>>> data = layered(50, seed=1)
>>> len(data["concepts"]), all(r["type"] == "prerequisite" for r in data["relations"])
(50, True)
>>> data == layered(50, seed=1)
True
>>> [r["target"] for r in chain(3)["relations"]]
['c000001', 'c000002']
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

#: The node types the synthetic concepts use (all from graph.model.NODE_TYPES).
TYPES = ("concept", "technique", "process", "component", "data", "math", "metric", "tool")
WORDS = (
    "attention token vector model layer loss gradient prompt retrieval agent memory "
    "context sampling decoding metric index cache batch kernel adapter"
).split()
WINDOW = 2000


def _concept(i: int, rng: random.Random) -> dict:
    words = " ".join(rng.choice(WORDS) for _ in range(2))
    return {
        "id": f"c{i:06d}",
        "name": f"Concept {i} {words}",
        "type": TYPES[i % len(TYPES)],
        "source": {"chapter": 1 + i * 10 // 100_000},
        "hours": 0.5,
    }


def layered(n: int, seed: int = 42, window: int = WINDOW) -> dict:
    """A seeded DAG of ``n`` concepts, about three prerequisites each (see the module doc)."""
    rng = random.Random(seed)
    concepts = [_concept(i, rng) for i in range(n)]
    relations = []
    for i in range(1, n):
        low = max(0, i - window)
        k = min(i - low, rng.randint(1, 5))
        for j in sorted(rng.sample(range(low, i), k)):
            relations.append({"source": f"c{j:06d}", "type": "prerequisite", "target": f"c{i:06d}"})
    return {"title": f"Synthetic graph of {n} concepts (seed {seed})", "concepts": concepts, "relations": relations}


def chain(n: int) -> dict:
    """``n`` concepts in one prerequisite chain: c000000 -> c000001 -> ..."""
    rng = random.Random(0)
    concepts = [_concept(i, rng) for i in range(n)]
    relations = [
        {"source": f"c{i - 1:06d}", "type": "prerequisite", "target": f"c{i:06d}"} for i in range(1, n)
    ]
    return {"title": f"Chain of {n} concepts", "concepts": concepts, "relations": relations}


def dumps(data: dict) -> str:
    """A graph file with one concept or relation per line: as readable as the
    indented form, half the bytes (100,000 concepts: about 30 MB).

    >>> json.loads(dumps(chain(2))) == chain(2)
    True
    """
    lines = ["{", f'  "title": {json.dumps(data["title"], ensure_ascii=False)},']
    for key in ("concepts", "relations"):
        items = data[key]
        lines.append(f'  "{key}": [')
        lines.extend(
            f"    {json.dumps(item, ensure_ascii=False)}{',' if k < len(items) - 1 else ''}"
            for k, item in enumerate(items)
        )
        lines.append("  ]," if key == "concepts" else "  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write(data: dict, path: str | Path) -> Path:
    """Write ``data`` with :func:`dumps` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(data), encoding="utf-8")
    return path


def last_id(data: dict) -> str:
    return data["concepts"][-1]["id"]


if __name__ == "__main__":  # python benchmarks/synthetic.py 100000 out.json [chain]
    size, out = int(sys.argv[1]), sys.argv[2]
    kind = sys.argv[3] if len(sys.argv) > 3 else "layered"
    written = write(chain(size) if kind == "chain" else layered(size), out)
    print(f"{written}: {written.stat().st_size / 1e6:.1f} MB")
