"""Study plans: what to learn, in which order, to reach some goals; and what can be
learned right now.

The rules of a plan (:func:`plan`):

* It holds every prerequisite of the goals, transitively, and the goals themselves,
  except what is known.
* A known concept's own prerequisites count as known too, unless a concept of the
  plan still needs them by another path that does not pass through something known.
  This is *the* rule of what counts as known (:func:`known_concepts`): ``next``,
  ``progress``, ``goals`` and the view follow it too.
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
>>> [s.id for s in plan(kg, ["C"], known=["b"]).steps]
['c']
>>> [(s.id, s.needed_by) for s in p.steps]
[('a', ('b',)), ('b', ('c',)), ('c', ())]
>>> [(s.id, s.week) for s in by_week(p, 2).steps]
[('a', 1), ('b', 2), ('c', 3)]
>>> [(n.concept.id, n.unblocks) for n in next_steps(kg, ["c"])]
[('a', 2)]

Every function takes concepts as ids, names or aliases (:func:`graph.query.resolve`).
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from .analysis import STATS_DETAIL_LIMIT, dependent_counts
from .model import Concept, KnowledgeGraph
from .query import resolve_all


class PlanStep(NamedTuple):
    """One concept of a plan, numbered from 1, with its stage (a tuple: cheap to make
    for a plan of 100,000 steps)."""

    step: int
    id: str
    name: str
    stage: int
    hours: float | None
    group: int | None  # shared by the concepts of one prerequisite cycle
    #: The later steps (or goals) that need this one directly, in plan order; empty for a goal.
    needed_by: tuple[str, ...] = ()
    #: The week of a plan spread over weeks (:func:`by_week`), else None.
    week: int | None = None

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "id": self.id,
            "name": self.name,
            "stage": self.stage,
            "hours": self.hours,
            "group": self.group,
            "needed_by": list(self.needed_by),
            "week": self.week,
        }


class Plan:
    """A study plan: the goals, the known concepts left out, and the ordered steps."""

    __slots__ = ("goals", "known", "steps", "known_goals", "groups", "hours_per_week")

    def __init__(self, goals, known, steps, known_goals=None, groups=None, hours_per_week=None):
        self.goals: list[str] = goals
        self.known: list[str] = known
        self.steps: list[PlanStep] = steps
        #: Goals left out because they are known already.
        self.known_goals: list[str] = known_goals if known_goals is not None else []
        #: Each prerequisite cycle met in the plan, as the ids studied together.
        self.groups: list[list[str]] = groups if groups is not None else []
        #: The hours of study a week, when the plan is spread over weeks (:func:`by_week`).
        self.hours_per_week: float | None = hours_per_week

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
        return [list(run) for _, run in groupby(self.steps, key=attrgetter("stage"))]

    @property
    def weeks(self) -> list[list[PlanStep]]:
        """The steps grouped by week (one group of all steps unless spread by :func:`by_week`)."""
        return [list(run) for _, run in groupby(self.steps, key=attrgetter("week"))]

    def to_dict(self) -> dict:
        return {
            "goals": self.goals,
            "known": self.known,
            "steps": [s.to_dict() for s in self.steps],
            "total_hours": self.total_hours,
        }


def implied_known(kg: KnowledgeGraph, known) -> set[str]:
    """The known concepts with all their prerequisites (what knowing them implies,
    before any plan claims some of them back: see :func:`known_concepts`)."""
    import networkx as nx

    known = resolve_all(kg, known)
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

    known_set = set(resolve_all(kg, known))
    open_goals = [goal for goal in resolve_all(kg, goals) if goal not in known_set]
    g = kg.prerequisite_graph
    # Walking back from the goals without passing through a known concept is exactly
    # "prerequisites of known concepts are known, unless needed by another path".
    unknown = nx.restricted_view(g, known_set, ()) if known_set else g
    needed: set[str] = set(open_goals)
    for goal in open_goals:
        needed |= nx.ancestors(unknown, goal)
    return needed


def plan(kg: KnowledgeGraph, goals, known=()) -> Plan:
    """An ordered, staged study plan to ``goals``, skipping ``known`` (ids, names or
    aliases).

    See the module docstring for the rules. networkx does the graph work:
    ``ancestors`` for what is needed, ``topological_generations`` for the stages,
    and ``condensation`` when the data has prerequisite cycles. Each step says which
    later steps need it directly (``needed_by``).
    """
    import networkx as nx

    goals = resolve_all(kg, goals)
    known_set = set(resolve_all(kg, known))
    known_goals = [g for g in goals if g in known_set]
    g = kg.prerequisite_graph
    needed = needed_concepts(kg, goals, known_set)
    # (id, stage, group) in plan order; the steps are made once every position is known
    order: list[tuple[str, int, int | None]] = []
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
            order.extend((cid, stage, None) for cid in sorted(generation, key=rank.__getitem__))
    else:
        cond = nx.condensation(g.subgraph(needed))
        members = {n: sorted(cond.nodes[n]["members"], key=rank.__getitem__) for n in cond}
        for stage, generation in enumerate(nx.topological_generations(cond), start=1):
            for n in sorted(generation, key=lambda n: rank[members[n][0]]):
                group = None
                if len(members[n]) > 1:
                    groups.append(members[n])
                    group = len(groups)
                order.extend((cid, stage, group) for cid in members[n])
    position = {cid: i for i, (cid, _, _) in enumerate(order)}
    succ = dict(g.adjacency())  # plain dicts: no view object made per step
    steps: list[PlanStep] = []
    for i, (cid, stage, group) in enumerate(order):
        c = kg[cid]
        after = [n for n in succ[cid] if n in position]
        if len(after) > 1:
            after.sort(key=position.__getitem__)
        steps.append(PlanStep(i + 1, cid, c.name, stage, c.hours, group, tuple(after)))
    return Plan(
        goals=goals,
        known=sorted(known_set, key=rank.__getitem__),
        steps=steps,
        known_goals=known_goals,
        groups=groups,
    )


def study_hours(hours: float | None) -> float:
    """The hours a concept takes when steps are ranked or spread over weeks: a concept
    without hours, or with 0, counts as one hour.

    >>> study_hours(2.5), study_hours(None), study_hours(0)
    (2.5, 1.0, 1.0)
    """
    return float(hours) if hours else 1.0


def by_week(p: Plan, hours_per_week: float) -> Plan:
    """The plan spread over weeks of at most ``hours_per_week`` hours of study, in plan
    order (hours as :func:`study_hours` counts them). A step longer than a week gets
    a week of its own. Raises ValueError unless ``hours_per_week`` is above 0.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept", "hours": h}
    ...                              for x, h in [("a", 1), ("b", 5), ("c", 1), ("d", 1)]]})
    >>> [(s.id, s.week) for s in by_week(plan(kg, ["a", "b", "c", "d"]), 2).steps]
    [('a', 1), ('b', 2), ('c', 3), ('d', 3)]
    """
    if not hours_per_week > 0:
        raise ValueError(f"hours_per_week must be above 0, not {hours_per_week}")
    steps = []
    week, used = 0, None  # None: no week begun
    for s in p.steps:
        h = study_hours(s.hours)
        if used is None or round(used + h, 6) > hours_per_week:
            week, used = week + 1, 0.0
        steps.append(s._replace(week=week))
        used += h
        if h > hours_per_week:
            used = None  # a step longer than a week keeps its week to itself
    return Plan(p.goals, p.known, steps, p.known_goals, p.groups, hours_per_week)


def week_hours(steps) -> float:
    """The hours of a week's steps, as :func:`by_week` counts them."""
    return round(sum(study_hours(s.hours) for s in steps), 6)


def step_reasons(kg: KnowledgeGraph, step: PlanStep) -> list[tuple[str, str]]:
    """Why ``step`` is in its plan: ``(id, reason)`` for each step that needs it
    directly, in plan order; the reason is the prerequisite relation's own ("" when
    it gives none). Empty for a goal nothing else in the plan needs.
    """
    out, _ = kg.relations_of(step.id)
    reason = {r.target: r.reason for r in out if r.type == "prerequisite"}
    return [(cid, reason.get(cid, "")) for cid in step.needed_by]


def known_concepts(kg: KnowledgeGraph, known, goals=()) -> set[str]:
    """Every concept that counts as known: the ``known`` ones and their prerequisites,
    transitively, except those a plan to ``goals`` still needs (by a path that does
    not pass through something known). Without goals nothing claims them back.
    This is the one rule :func:`plan`, :func:`ready_to_learn`, :func:`next_steps`,
    progress and the view follow.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abcd"],
    ...   "relations": [{"source": s, "type": "prerequisite", "target": t} for s, t in ["ab", "bc", "bd"]]})
    >>> sorted(known_concepts(kg, ["c"])), sorted(known_concepts(kg, ["c"], goals=["d"]))
    (['a', 'b', 'c'], ['c'])
    """
    implied = implied_known(kg, known)
    if not goals:
        return implied
    return implied - needed_concepts(kg, goals, known)


def ready_to_learn(kg: KnowledgeGraph, known=()) -> list[str]:
    """Concepts not yet known whose prerequisites are all known: what can be learned
    now, in book order. Knowing a concept implies knowing its prerequisites
    (:func:`known_concepts` without goals). The concepts of a prerequisite cycle
    become ready together, once everything outside the cycle that they need is known.
    """
    import networkx as nx

    g = kg.prerequisite_graph
    known_all = known_concepts(kg, known)
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


class NextStep(NamedTuple):
    """A concept that can be learned now, and how many concepts toward the goals
    (or in the whole graph) need it, directly or through others."""

    concept: Concept
    unblocks: int

    def __repr__(self) -> str:
        return f"NextStep({self.concept.id!r}, unblocks={self.unblocks})"

    @property
    def score(self) -> float:
        """Concepts unblocked per hour of study (:func:`study_hours`)."""
        return self.unblocks / study_hours(self.concept.hours)

    def to_dict(self) -> dict:
        c = self.concept
        return {"id": c.id, "name": c.name, "type": c.type, "hours": c.hours, "unblocks": self.unblocks}


#: Above this many (ready concepts x concepts to reach), :func:`next_steps` counts
#: what each concept unblocks directly instead of transitively, so it stays fast.
UNBLOCK_COUNT_BUDGET = 20_000_000


def next_steps(kg: KnowledgeGraph, goals=(), known=()) -> list[NextStep]:
    """What to learn next, best first.

    With ``goals``: the steps of the plan to them (:func:`plan`) that can be learned
    now (its first stage), each with how many of the plan's later concepts need it,
    directly or through others. Without goals: :func:`ready_to_learn`, each with how
    many concepts of the graph need it. Best first means the most concepts unblocked
    per hour of study (a concept without hours, or with 0, counts as one hour), ties
    in book order.
    """
    import networkx as nx

    g = kg.prerequisite_graph
    rank = kg.book_rank()
    if goals:
        p = plan(kg, goals, known)
        ready = [s.id for s in p.stages[0]] if p.steps else []
        within = {s.id for s in p.steps}
        if len(ready) * len(within) <= UNBLOCK_COUNT_BUDGET:
            sub = g.subgraph(within)
            counts = {c: len(nx.descendants(sub, c)) for c in ready}
        else:
            counts = {c: sum(1 for n in g.succ[c] if n in within) for c in ready}
    else:
        ready = ready_to_learn(kg, known)
        # A concept that is not known has no known dependent (knowing one would imply
        # it), so all its dependents are still to learn.
        if len(kg) <= STATS_DETAIL_LIMIT:
            all_counts = dependent_counts(kg)
            counts = {c: all_counts[c] for c in ready}
        else:
            counts = {c: len(g.succ[c]) for c in ready}
    found = [NextStep(kg[c], counts[c]) for c in ready]
    found.sort(key=lambda n: (-n.score, rank[n.concept.id]))
    return found
