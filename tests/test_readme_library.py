"""The README's Python example (its ```python block) runs, and gives what its comments say."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def python_block() -> str:
    (block,) = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return block


def test_the_readme_python_example_runs_as_written():
    import networkx as nx

    names: dict = {}
    lines = python_block().splitlines()
    results = []
    for line in lines:
        code = line.split("  #", 1)[0].rstrip()
        if not code:
            continue
        if code.startswith(("import ", "kg = ", "plan = ")):
            exec(code, names)
        else:
            results.append((code, eval(code, names), line.split("#", 1)[1].strip() if "#" in line else None))
    shown = {code: (value, comment) for code, value, comment in results}
    assert shown['graph.resolve(kg, "Fine-tuning")'] == ("finetuning", "'finetuning'")
    value, comment = shown['[c.id for c, depth in graph.prerequisites(kg, "finetuning", depth=1)]']
    assert repr(value) == comment == "['foundation-model', 'transfer-learning']"
    steps, _ = shown["[(s.step, s.id, s.stage, s.needed_by) for s in plan.steps][:3]"]
    assert [s[0] for s in steps] == [1, 2, 3] and all(stage == 1 and needed_by for _, _, stage, needed_by in steps)
    weeks, _ = shown["graph.by_week(plan, 3).weeks"]
    assert [s.id for week in weeks for s in week] == [s.id for s in names["plan"].steps]
    assert all(sum(s.hours or 1 for s in week) <= 3 or len(week) == 1 for week in weeks)
    found, _ = shown['graph.next_steps(kg, ["rag"], known=["token"])']
    assert found and "token" not in {n.concept.id for n in found}
    assert [n.score for n in found] == sorted((n.score for n in found), reverse=True)
    known, _ = shown['graph.known_concepts(kg, ["llm"], goals=["rag"])']
    assert "llm" in known and not known & {s.id for s in names["plan"].steps}
    graph_value, comment = shown["kg.prerequisite_graph"]
    assert isinstance(graph_value, nx.DiGraph) and comment == "a networkx DiGraph"
    assert names["plan"].steps[-1].id == "rag"
    assert "llm" not in {s.id for s in names["plan"].steps}
