"""Study plans: what to learn, in which order, to reach some goals; and what can be
learned right now.

The rules of a plan (:func:`plan`):

* It holds every prerequisite of the goals, transitively, and the goals themselves,
  except what is known.
* A known concept's own prerequisites count as known too, unless a concept of the
  plan still needs them by another path that does not pass through something known.
* Every prerequisite comes before what needs it. Steps are grouped into stages (the
  generations of a topological sort): the concepts of one stage do not depend on
  each other. Within a stage, ties break by book order (chapter, then section, then
  name), so the same input always gives the same plan.
* Prerequisite cycles (real imported data has them) are never an error: each cycle
  becomes one group of concepts studied together, numbered from 1.

>>> from graph.store import from_dict
>>> kg = from_dict({"concepts": [
...     {"id": "a", "name": "A", "type": "concept", "hours": 1},
...     {"id": "b", "name": "B", "type": "concept", "hours": 2},
...     {"id": "c", "name": "C", "type": "concept", "hours": 0.5}],
...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"},
...                 {"source": "b", "type": "prerequisite", "target": "c"}]})
>>> p = plan(kg, ["c"])
>>> [(s.id, s.stage) for s in p.steps], p.total_hours
([('a', 1), ('b', 2), ('c', 3)], 3.5)
>>> [s.id for s in plan(kg, ["c"], known=["b"]).steps]
['c']
"""

from __future__ import annotations

from typing import NamedTuple

from .model import KnowledgeGraph


class PlanStep(NamedTuple):
    """One concept of a plan, numbered from 1, with its stage (a tuple: cheap to make
    for a plan of 100,000 steps)."""

    step: int
    id: str
    name: str
    stage: int
    hours: float | None
    group: int | None  # shared by the concepts of one prerequisite cycle

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "id": self.id,
            "name": self.name,
            "stage": self.stage,
            "hours": self.hours,
            "group": self.group,
        }


class Plan:
    """A study plan: the goals, the known concepts left out, and the ordered steps."""

    __slots__ = ("goals", "known", "steps", "known_goals", "groups")

    def __init__(self, goals, known, steps, known_goals=None, groups=None):
        self.goals: list[str] = goals
        self.known: list[str] = known
        self.steps: list[PlanStep] = steps
        #: Goals left out because they are known already.
        self.known_goals: list[str] = known_goals if known_goals is not None else []
        #: Each prerequisite cycle met in the plan, as the ids studied together.
        self.groups: list[list[str]] = groups if groups is not None else []

    def __repr__(self) -> str:
        return f"<Plan to {', '.join(self.goals)}: {len(self.steps)} steps>"

    def __eq__(self, other) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    @property
    def total_hours(self) -> float | None:
        """Total study time, or None unless every step has hours."""
        if not self.steps or any(s.hours is None for s in self.steps):
            return None if self.steps else 0.0
        return round(sum(s.hours for s in self.steps), 6)

    @property
    def stages(self) -> list[list[PlanStep]]:
        """The steps grouped by stage, in order."""
        out: list[list[PlanStep]] = []
        for s in self.steps:
            if not out or out[-1][0].stage != s.stage:
                out.append([])
            out[-1].append(s)
        return out

    def to_dict(self) -> dict:
        return {
            "goals": self.goals,
            "known": self.known,
            "steps": [s.to_dict() for s in self.steps],
            "total_hours": self.total_hours,
        }


def implied_known(kg: KnowledgeGraph, known) -> set[str]:
    """The known concepts with all their prerequisites (what knowing them implies)."""
    import networkx as nx

    g = kg.prerequisite_graph
    implied: set[str] = set()
    for k in known:
        if k not in implied:  # an ancestor met before has had its ancestors added
            implied |= nx.ancestors(g, k)
    return implied | set(known)


def needed_concepts(kg: KnowledgeGraph, goals, known=()) -> set[str]:
    """The ids a plan to ``goals`` holds, skipping ``known`` (see :func:`plan`), without
    ordering them.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abc"],
    ...                 "relations": [{"source": "a", "type": "prerequisite", "target": "b"},
    ...                               {"source": "b", "type": "prerequisite", "target": "c"}]})
    >>> sorted(needed_concepts(kg, ["c"])), sorted(needed_concepts(kg, ["c"], ["b"]))
    (['a', 'b', 'c'], ['c'])
    """
    import networkx as nx

    known_set = set(known)
    open_goals = [goal for goal in goals if goal not in known_set]
    g = kg.prerequisite_graph
    # Walking back from the goals without passing through a known concept is exactly
    # "prerequisites of known concepts are known, unless needed by another path".
    unknown = nx.restricted_view(g, known_set, ()) if known_set else g
    needed: set[str] = set(open_goals)
    for goal in open_goals:
        needed |= nx.ancestors(unknown, goal)
    return needed


def plan(kg: KnowledgeGraph, goals, known=()) -> Plan:
    """An ordered, staged study plan to ``goals`` (ids), skipping ``known`` (ids).

    See the module docstring for the rules. networkx does the graph work:
    ``ancestors`` for what is needed, ``topological_generations`` for the stages,
    and ``condensation`` when the data has prerequisite cycles.
    """
    import networkx as nx

    goals = list(dict.fromkeys(goals))
    known_set = set(known)
    known_goals = [g for g in goals if g in known_set]
    g = kg.prerequisite_graph
    needed = needed_concepts(kg, goals, known_set)
    steps: list[PlanStep] = []
    groups: list[list[str]] = []
    rank = kg.book_rank()
    if kg.is_prerequisite_dag():  # no cycle to group: the subgraph is its own condensation
        if known_set:
            generations = nx.topological_generations(g.subgraph(needed))
        else:
            # `needed` holds every prerequisite of its members, so each concept's
            # generation there is its generation in the whole graph (the length of
            # the longest chain ending at it). The whole graph's generations are
            # faster to get than those of a filtered view (benchmarks/notes.md).
            generations = ([n for n in gen if n in needed] for gen in nx.topological_generations(g))
        stage = 0
        for generation in generations:
            if not generation:
                break  # past the deepest needed concept
            stage += 1
            for cid in sorted(generation, key=rank.__getitem__):
                c = kg[cid]
                steps.append(PlanStep(len(steps) + 1, cid, c.name, stage, c.hours, None))
    else:
        cond = nx.condensation(g.subgraph(needed))
        members = {n: sorted(cond.nodes[n]["members"], key=rank.__getitem__) for n in cond}
        for stage, generation in enumerate(nx.topological_generations(cond), start=1):
            for n in sorted(generation, key=lambda n: rank[members[n][0]]):
                group = None
                if len(members[n]) > 1:
                    groups.append(members[n])
                    group = len(groups)
                for cid in members[n]:
                    c = kg[cid]
                    steps.append(PlanStep(len(steps) + 1, cid, c.name, stage, c.hours, group))
    return Plan(
        goals=goals,
        known=sorted(known_set, key=rank.__getitem__),
        steps=steps,
        known_goals=known_goals,
        groups=groups,
    )


def ready_to_learn(kg: KnowledgeGraph, known=()) -> list[str]:
    """Concepts not yet known whose prerequisites are all known: what can be learned
    now, in book order. Knowing a concept implies knowing its prerequisites. The
    concepts of a prerequisite cycle become ready together, once everything outside
    the cycle that they need is known.
    """
    import networkx as nx

    g = kg.prerequisite_graph
    known_all = implied_known(kg, known)
    rank = kg.book_rank()
    if kg.is_prerequisite_dag():  # each concept is its own group: no condensation
        pred = g.pred
        ready = [n for n in g if n not in known_all and all(p in known_all for p in pred[n])]
        return sorted(ready, key=rank.__getitem__)
    cond = nx.condensation(g)
    mapping = cond.graph["mapping"]
    ready = []
    for n in cond:
        members = cond.nodes[n]["members"]
        if members <= known_all:
            continue
        outside_needs = (p for m in members for p in g.predecessors(m) if mapping[p] != n)
        if all(p in known_all for p in outside_needs):
            ready.extend(m for m in members if m not in known_all)
    return sorted(ready, key=rank.__getitem__)
