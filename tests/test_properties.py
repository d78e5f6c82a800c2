"""Properties, with hypothesis: random graph files (valid and broken) never make
load, validate, curriculum or view raise anything but a GraphError; every
curriculum respects every prerequisite and skips exactly what the rules say;
learned-then-unlearn gives back the same progress; next steps, needed_by and weeks
follow the plan."""

from __future__ import annotations

import json
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.curriculum import by_week, known_concepts, needed_concepts, next_steps, plan, ready_to_learn
from graph.model import RELATION_TYPES, GraphError
from graph.text import visible
from graph.query import dependents, prerequisite_tree, prerequisites, tree_concepts
from graph.progress import CorruptProgress, Progress, ProgressFile, UnsupportedProgress, learn, parse, unlearn
from graph.render import view_html
from graph.analysis import redundant_prerequisites
from graph.store import from_dict, validate

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ----------------------------------------------------------------------------- strategies


@st.composite
def graphs(draw, acyclic=True, max_size=12):
    """A loadable graph dict: concepts in a random file order, prerequisite edges
    (from earlier to later in a hidden order when ``acyclic``), some other relations."""
    n = draw(st.integers(1, max_size))
    order = draw(st.permutations(range(n)))  # hidden topological order -> ids
    ids = [f"c{i}" for i in order]
    concepts = [
        {
            "id": f"c{i}",
            "name": f"Concept {i}",
            "type": "concept",
            **({"hours": draw(st.sampled_from([0.5, 1, 2]))} if draw(st.booleans()) else {}),
            **({"source": {"chapter": draw(st.integers(0, 3)), "section": draw(st.sampled_from("ab"))}}
               if draw(st.booleans()) else {}),
        }
        for i in range(n)
    ]
    concepts = draw(st.permutations(concepts))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pairs, max_size=3 * n, unique=True))
    relations = []
    for a, b in edges:
        if a == b:
            continue
        if acyclic and a > b:
            a, b = b, a
        relations.append({"source": ids[a], "type": "prerequisite", "target": ids[b]})
    others = draw(st.lists(st.tuples(pairs, st.sampled_from(sorted(RELATION_TYPES))), max_size=n))
    for (a, b), rtype in others:
        if a != b and rtype != "prerequisite":
            relations.append({"source": ids[a], "type": rtype, "target": ids[b]})
    return {"concepts": concepts, "relations": relations}


json_leaves = st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=8)
json_values = st.recursive(
    json_leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "name", "type", "concepts", "relations", "source", "target", "aliases", "hours",
                         "definition", "tags", "chapter", "section", "node_types", "title", "x"]) | st.text(max_size=4),
        children, max_size=5),
    max_leaves=25,
)


@st.composite
def mutated_graphs(draw):
    """A valid graph with one to three things broken the way files really break."""
    data = json.loads(json.dumps(draw(graphs(acyclic=False, max_size=6))))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["field", "delete", "dup", "dangling", "reltype", "junk", "top"]))
        concepts, relations = data.get("concepts"), data.get("relations")
        if kind == "field" and isinstance(concepts, list) and concepts and isinstance(concepts[0], dict):
            c = draw(st.sampled_from(concepts))
            if isinstance(c, dict):
                c[draw(st.sampled_from(["id", "name", "type", "aliases", "hours", "source", "tags", "definition"]))] = draw(json_values)
        elif kind == "delete" and isinstance(concepts, list) and concepts and isinstance(concepts[0], dict):
            concepts[0].pop(draw(st.sampled_from(["id", "name", "type"])), None)
        elif kind == "dup" and isinstance(concepts, list) and concepts:
            concepts.append(concepts[0])
        elif kind == "dangling" and isinstance(relations, list):
            relations.append({"source": "c0", "type": "prerequisite", "target": draw(st.text(max_size=5))})
        elif kind == "reltype" and isinstance(relations, list) and relations and isinstance(relations[0], dict):
            relations[0]["type"] = draw(st.text(max_size=8))
        elif kind == "junk":
            data[draw(st.sampled_from(["concepts", "relations", "node_types", "title"]))] = draw(json_values)
        elif kind == "top":
            data = draw(json_values)
            break
    return data


# ----------------------------------------------------------------------------- helpers


def needed_by_rule(kg, goals, known) -> set[str]:
    """The plan's concepts by the spec, computed without networkx: the goals not
    known, and every concept with a prerequisite path to one of them that passes
    through no known concept."""
    preds: dict[str, set[str]] = {c: set() for c in kg.concepts}
    for r in kg.relations:
        if r.type == "prerequisite" and r.source != r.target:
            preds[r.target].add(r.source)
    known = set(known)
    found = {g for g in goals if g not in known}
    stack = list(found)
    while stack:
        for p in preds[stack.pop()]:
            if p not in known and p not in found:
                found.add(p)
                stack.append(p)
    return found


def exercise(kg) -> None:
    """Everything a loaded graph must survive."""
    ids = list(kg.concepts)
    p = plan(kg, ids[:2], ids[2:3])
    assert {s.id for s in p.steps} <= set(ids)
    ready_to_learn(kg, ids[:1])
    assert view_html(kg).startswith("<!DOCTYPE html>")


# ----------------------------------------------------------------------------- properties


@FAST
@given(graphs(), st.data())
def test_every_curriculum_respects_every_prerequisite(data, draw):
    kg = from_dict(data)
    ids = list(kg.concepts)
    goals = draw.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3))
    known = draw.draw(st.lists(st.sampled_from(ids), max_size=4))
    p = plan(kg, goals, known)
    position = {s.id: s for s in p.steps}
    # exactly what the rules say: known concepts and what only they need are skipped
    assert set(position) == needed_by_rule(kg, goals, known)
    assert len(position) == len(p.steps)
    for r in kg.relations:
        if r.type == "prerequisite" and r.source in position and r.target in position:
            before, after = position[r.source], position[r.target]
            assert before.step < after.step and before.stage < after.stage
    # stages are topological generations: 1, 2, ... with no gap, each concept as early as it can be
    stages = [s.stage for s in p.steps]
    assert stages == sorted(stages) and (not stages or (stages[0] == 1 and set(stages) == set(range(1, stages[-1] + 1))))
    for s in p.steps:
        need = [position[r.source].stage for r in kg.relations
                if r.type == "prerequisite" and r.target == s.id and r.source in position]
        assert s.stage == 1 + max(need, default=0)
    assert [s.step for s in p.steps] == list(range(1, len(p.steps) + 1))
    assert p.groups == []


@FAST
@given(graphs(acyclic=False), st.data())
def test_cyclic_graphs_plan_without_error_and_order_across_groups(data, draw):
    kg = from_dict(data)
    ids = list(kg.concepts)
    goals = draw.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3))
    p = plan(kg, goals)
    position = {s.id: s for s in p.steps}
    assert set(position) == needed_by_rule(kg, goals, ())
    for r in kg.relations:
        if r.type == "prerequisite" and r.source in position and r.target in position:
            a, b = position[r.source], position[r.target]
            if a.group is None or a.group != b.group:
                assert a.stage < b.stage
            else:
                assert a.stage == b.stage  # a cycle is studied together
    for number, members in enumerate(p.groups, 1):
        assert {position[m].group for m in members} == {number}


@FAST
@given(graphs(acyclic=False), st.data())
def test_a_tree_shows_exactly_the_concepts_its_closure_finds(data, draw):
    """At any depth: the text of `prereqs`/`dependents` (a tree) and their JSON (the
    closure) name the same concepts, and each is expanded once at most."""
    kg = from_dict(data)
    root = draw.draw(st.sampled_from(list(kg.concepts)))
    depth = draw.draw(st.none() | st.integers(1, 4))
    for reverse, closure in ((False, prerequisites), (True, dependents)):
        tree = prerequisite_tree(kg, root, depth, reverse=reverse)
        # (in a cycle the root comes back, shown once more as "see above")
        assert tree_concepts(tree) - {root} == {c.id for c, _ in closure(kg, root, depth)}
        expanded, stack = [], list(tree)
        while stack:
            node = stack.pop()
            if node.children:
                expanded.append(node.concept.id)
            stack.extend(node.children)
        assert len(expanded) == len(set(expanded))


@FAST
@given(graphs())
def test_redundant_prerequisites_match_the_transitive_reduction(data):
    import networkx as nx

    kg = from_dict(data)
    reduced = nx.transitive_reduction(kg.prerequisite_graph)
    expected = {(u, v) for u, v in kg.prerequisite_graph.edges() if not reduced.has_edge(u, v)}
    found = {tuple(p.message.split('"')[1::2][:2]) for p in redundant_prerequisites(kg)}
    assert found == expected


@pytest.mark.slow
@SLOW
@given(json_values)
def test_random_json_never_raises_but_a_graph_error(value):
    check_survives(value)


@SLOW
@given(mutated_graphs())
def test_mutated_graphs_never_raise_but_a_graph_error(value):
    check_survives(value)


def check_survives(value) -> None:
    problems = validate(value, "g.json")  # never raises at all
    for p in problems:
        assert str(p).startswith("g.json: ")
        assert "\n" not in visible(p)
    try:
        kg = from_dict(value, "g.json")
    except GraphError as e:
        assert str(e).startswith("g.json: ")
        assert any(p.severity == "error" for p in problems)  # what load refuses, validate fails
        return
    exercise(kg)


@SLOW
@given(
    st.lists(st.text(min_size=1, max_size=6), max_size=6, unique=True),
    st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=6, unique=True),
)
def test_learned_then_unlearn_gives_back_the_same_progress(before, new):
    new = [x for x in new if x not in before]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "progress.json")
        if before:
            learn(path, before)
        start = ProgressFile(path).read()
        raw = open(path, "rb").read() if before else None
        learn(path, new)
        assert ProgressFile(path).read().learned == start.learned + tuple(new)
        unlearn(path, new)
        assert ProgressFile(path).read() == start
        if raw is not None:
            assert open(path, "rb").read() == raw  # byte for byte


@FAST
@given(st.binary(max_size=60) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_progress_file_content_parses_or_is_reported(raw):
    try:
        p = parse(raw, "p.json")
    except (CorruptProgress, UnsupportedProgress) as e:
        assert str(e).startswith("progress file p.json: ")
    else:
        assert isinstance(p, Progress) and all(isinstance(x, str) and x for x in p.learned)


@FAST
@given(st.text())
def test_visible_leaves_nothing_a_terminal_acts_on(text):
    shown = visible(text)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert not any(ch in shown for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


# ----------------------------------------------------------------------------- the learner's workflow (issue 15)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(acyclic=False), st.data())
def test_next_steps_needed_by_and_weeks_follow_the_plan(data, draw):
    kg = from_dict(data)
    ids = list(kg.concepts)
    goals = draw.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    known = draw.draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    p = plan(kg, goals, known)
    in_plan = {s.id for s in p.steps}
    # what the plan leaves out of what the goals need is exactly what counts as known
    assert needed_concepts(kg, goals) - in_plan == needed_concepts(kg, goals) & known_concepts(kg, known, goals)
    # next steps toward the goals: the plan's first stage, ranked by unblocked per hour
    found = next_steps(kg, goals, known)
    assert {n.concept.id for n in found} == ({s.id for s in p.stages[0]} if p.steps else set())
    assert all(a.score >= b.score for a, b in zip(found, found[1:]))
    # needed_by: the plan's steps that need each step directly, all of them, later or in its cycle group
    step = {s.id: s for s in p.steps}
    g = kg.prerequisite_graph
    for s in p.steps:
        assert set(s.needed_by) == {n for n in g.succ[s.id] if n in in_plan}
        assert all(step[n].step > s.step or (s.group is not None and step[n].group == s.group) for n in s.needed_by)
        assert s.needed_by or s.id in goals
    # weeks: in plan order, never over the hours unless one step is longer on its own
    hours = draw.draw(st.sampled_from([0.5, 1, 1.5, 3]))
    weeks = by_week(p, hours).weeks
    assert [s.id for w in weeks for s in w] == [s.id for s in p.steps]
    for w in weeks:
        total = sum((s.hours or 1) for s in w)
        assert total <= hours + 1e-9 or len(w) == 1
