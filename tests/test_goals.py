"""Curated goals in a graph file: kept in order, saved back byte for byte, checked
as graph.builder.RULES says (an error for validate; a warning, and dropped, for load)."""

from __future__ import annotations

import json
from pathlib import Path

import graph
from graph.model import Goal

GOALS = Path(__file__).parent / "data" / "goals.json"


def test_goals_load_in_order_and_save_back_byte_for_byte(tmp_path):
    kg = graph.load(GOALS)
    assert kg.goals == (Goal("b", "Where the chain leads."), Goal("a", ""))
    assert kg.warnings == []
    out = tmp_path / "again.json"
    graph.save(kg, out)
    assert out.read_bytes() == GOALS.read_bytes()
    assert graph.validate_file(GOALS) == []


def broken_goals() -> dict:
    data = json.loads(GOALS.read_text(encoding="utf-8"))
    data["goals"] = [{"id": "b"}, {"id": "zz", "description": "not a concept"}, {"id": "b"}]
    return data


def test_a_bad_goal_is_an_error_for_validate():
    assert [str(p) for p in graph.validate(broken_goals(), "g.json") if p.severity == "error"] == [
        'g.json: goals[1].id: unknown concept "zz"',
        "g.json: goals[2].id: duplicate of goals[0]",
    ]


def test_a_bad_goal_is_a_warning_and_dropped_when_loading():
    kg = graph.from_dict(broken_goals(), "g.json")
    assert kg.goals == (Goal("b"),)
    assert [str(w) for w in kg.warnings] == [
        'g.json: goals[1].id: unknown concept "zz"',
        "g.json: goals[2].id: duplicate of goals[0]",
    ]


def test_csv_export_warns_that_it_cannot_carry_goals(run, tmp_path):
    result = run("export", "--to", "csv", "-o", tmp_path / "out", data=GOALS)
    assert result.exit_code == 0
    assert 'warning: the curated goals declared under "goals" have no place in CSV' in result.stderr
    assert "goals" not in run("export", "--to", "json", "-o", "-", data=GOALS).stderr
