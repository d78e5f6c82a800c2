"""Every renderer of the command line: query results for people (text, Markdown)
and scripts (JSON), and the summaries and notes the commands print.

Data from a graph file is text, never markup or terminal control: every string
taken from the data passes through :func:`visible` before it reaches a terminal,
and :func:`to_json` escapes what a terminal would act on.

>>> visible("evil\\x1b[2Jname\\u202e")
'evil\\\\x1b[2Jname\\\\u202e'
"""

from __future__ import annotations

import json
import math
import re
import shlex
import sys

from .basics import abbreviate, plural
from .curriculum import step_reasons, week_hours
from .model import RELATION_TYPES, Concept, GraphError, KnowledgeGraph, UnknownConcept
from .query import prerequisite_tree, tree_concepts

# C0 and C1 control characters, DEL, the Unicode bidirectional controls that
# can reorder what a terminal shows (the "Trojan source" characters), and the
# zero-width characters that make two names look alike. Compiled on first use:
# most text has none, and compiling both costs more than a small query.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
UNSAFE_IN_JSON = "[\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"


def _escape(match: re.Match) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """The text with every control character shown as an escape instead of acted on."""
    text = str(text)
    if text.isprintable():  # no control, format or separator character: nothing to escape
        return text
    return re.sub(_UNSAFE, _escape, text)


def to_json(data: object) -> str:
    """JSON for scripts: UTF-8 as is (not \\u-escaped), indented, but with control
    and bidirectional characters escaped so that printing it is harmless. Never
    NaN or Infinity, which are not JSON: a number that overflowed is null.

    >>> to_json({"total_hours": float("inf")})
    '{\\n  "total_hours": null\\n}'
    """
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)  # escapes C0 controls itself
    except ValueError:
        text = json.dumps(_finite(data), ensure_ascii=False, indent=2)
    if text.isascii() and "\x7f" not in text:  # nothing else to escape
        return text
    return re.sub(UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


def _finite(data: object) -> object:
    """``data`` with every NaN or infinite float replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def chunks(rendered, lines: int = 2000):
    """What a renderer returned, as the strings to write: one string as it is, an
    iterable of lines joined ``lines`` at a time (a 100,000-line tree is never held
    whole)."""
    if isinstance(rendered, str):
        yield rendered
        return
    chunk: list[str] = []
    for line in rendered:
        chunk.append(line)
        if len(chunk) == lines:
            yield "\n".join(chunk)
            chunk = []
    if chunk:
        yield "\n".join(chunk)


def label(concept: Concept) -> str:
    """``Name (id)``, safe for a terminal."""
    if concept.name == concept.id:
        return visible(concept.name)
    return f"{visible(concept.name)} ({visible(concept.id)})"


def hours_text(hours: float | None) -> str:
    """Study time for people.

    >>> hours_text(1.5), hours_text(2.0), hours_text(None)
    ('1.5 h', '2 h', '')
    """
    if hours is None:
        return ""
    return f"{hours:g} h" if hours < 100 else f"{hours:,.0f} h"


def concept_row(c: Concept) -> dict:
    """A concept as JSON for lists: the fields scripts need."""
    return {"id": c.id, "name": c.name, "type": c.type}


# ----------------------------------------------------------------------------- text renderers


def table(rows: list[list[str]], header: list[str] | None = None) -> str:
    """Left-aligned columns, two spaces apart (the last column is not padded)."""
    all_rows = ([header] if header else []) + rows
    if not all_rows:
        return ""
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(all_rows[0]))]
    lines = []
    for r in all_rows:
        cells = [cell.ljust(widths[i]) if i < len(r) - 1 else cell for i, cell in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def concepts_text(concepts: list[Concept]) -> str:
    """A table of concepts (ID, TYPE, NAME), or "(no concepts)"."""
    if not concepts:
        return "(no concepts)"
    rows = [[visible(c.id), visible(c.type), visible(c.name)] for c in concepts]
    return table(rows, ["ID", "TYPE", "NAME"])


def show_data(kg: KnowledgeGraph, c: Concept) -> dict:
    """A concept with its relations out and in, as ``show`` prints it in JSON."""
    out, into = kg.relations_of(c.id)
    return {**c.to_dict(), "relations": {"out": [r.to_dict() for r in out], "in": [r.to_dict() for r in into]}}


def show_text(kg: KnowledgeGraph, c: Concept) -> str:
    """Everything about one concept, as ``show`` prints it: fields, definition, relations."""
    lines = [f"{visible(c.name)}", f"  id:       {visible(c.id)}", f"  type:     {visible(c.type)}"]
    if c.aliases:
        lines.append(f"  aliases:  {', '.join(visible(a) for a in c.aliases)}")
    if c.source is not None:
        lines.append(f"  source:   {source_text(c)}")
    if c.hours is not None:
        lines.append(f"  hours:    {c.hours:g}")
    if c.tags:
        lines.append(f"  tags:     {', '.join(visible(t) for t in c.tags)}")
    if c.definition:
        lines.append("")
        import textwrap  # only `show` wraps text

        lines.extend(textwrap.wrap(visible(c.definition), 78, initial_indent="  ", subsequent_indent="  "))
    out, into = kg.relations_of(c.id)
    if out or into:
        lines.append("")
        lines.append("Relations:")
        for r in out:
            lines.append(f"  this {RELATION_TYPES[r.type].reads} {label(kg[r.target])}")
        for r in into:
            if r.source != r.target:
                lines.append(f"  {label(kg[r.source])} {RELATION_TYPES[r.type].reads} this")
    return "\n".join(lines)


def source_text(c: Concept) -> str:
    """Where the notes discuss a concept.

    >>> from graph.model import Source
    >>> source_text(Concept("x", "X", "concept", source=Source(0, "What This Book Is Not")))
    'preface, "What This Book Is Not"'
    """
    if c.source is None:
        return ""
    parts = []
    if c.source.chapter is not None:
        parts.append("preface" if c.source.chapter == 0 else f"chapter {c.source.chapter}")
    if c.source.section:
        parts.append(f'"{visible(c.source.section)}"')
    return ", ".join(parts)


#: Widest indentation of a tree line; deeper levels keep the last ones, after "…".
_MAX_INDENT = 81


_BOX = ("├── ", "└── ", "│   ", "…")
_ASCII_BOX = ("|-- ", "`-- ", "|   ", "...")


def can_show(text: str, stream=None) -> bool:
    """True when ``stream`` (default: standard output) can encode ``text``: a
    terminal set to cp1252 or ASCII cannot show box-drawing characters.

    >>> import io
    >>> can_show("├", io.TextIOWrapper(io.BytesIO(), encoding="cp1252")), can_show("├", io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    (False, True)
    """
    encoding = getattr(stream if stream is not None else sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def tree_lines(root: Concept, tree, title: str, ascii_only: bool | None = None):
    """Yield the lines of :func:`graph.query.prerequisite_tree` output, drawn with
    box-drawing characters, or with ``|--`` and a backquote and ``--`` when ``ascii_only`` (by
    default: when standard output cannot encode them). A generator: a
    100,000-line tree is written as it is made, never held whole in memory."""
    if ascii_only is None:
        ascii_only = not can_show("".join(_BOX))
    branch, last_branch, pipe, ellipsis = _ASCII_BOX if ascii_only else _BOX
    yield title
    yield label(root)
    labels: dict[str, str] = {}  # a concept met again is labelled once
    get = labels.get
    # Iterative depth-first walk, so deep chains print without recursion.
    stack = [(node, "", i == len(tree) - 1) for i, node in reversed(list(enumerate(tree)))]
    push, pop = stack.append, stack.pop
    while stack:
        node, prefix, last = pop()
        concept = node.concept
        text = get(concept.id)
        if text is None:
            text = labels[concept.id] = label(concept)
        if node.repeated:
            yield f"{prefix}{last_branch if last else branch}{text} (see above)"
            continue
        yield f"{prefix}{last_branch if last else branch}{text}"
        kids = node.children
        if kids:
            child_prefix = prefix + ("    " if last else pipe)
            if len(child_prefix) > _MAX_INDENT:  # a 100,000-deep chain would print 20 GB of indentation
                child_prefix = ellipsis + child_prefix[-(_MAX_INDENT - len(ellipsis)):]
            n = len(kids) - 1
            for i in range(n, -1, -1):
                push((kids[i], child_prefix, i == n))


def tree_text(root: Concept, tree, title: str) -> str:
    """:func:`tree_lines` as one string."""
    return "\n".join(tree_lines(root, tree, title))


def path_text(kg: KnowledgeGraph, steps) -> str:
    """The hops of :func:`graph.query.path` (a :class:`graph.query.Chain`), numbered,
    after a line saying whether they follow the prerequisite chain or relations of
    any type."""
    if not steps:
        return "(the same concept)"
    start, end = steps.source, steps.target
    hops = plural(len(steps), "step")
    a, b = visible(kg[start].name), visible(kg[end].name)
    if steps.kind == "prerequisite":
        how = "leads to" if steps[0].source == start else "builds on"
        lines = [f"{a} {how} {b} through a prerequisite chain of {hops}:"]
    else:
        lines = [f"No prerequisite chain between {a} and {b}; the shortest connection through any relation, {hops}:"]
    for i, s in enumerate(steps, 1):
        lines.append(f"{i}. {label(kg[s.source])} {RELATION_TYPES[s.type].reads} {label(kg[s.target])}")
    return "\n".join(lines)


def plan_summary(p) -> str:
    """``7 steps in 6 stages, 6.25 h in all``: a plan's size, for both renderers (and,
    spread over weeks, ``; 3 weeks at up to 3 h a week``)."""
    n = len(p.steps)
    stages = len(p.stages)
    summary = f"{plural(n, 'step')} in {plural(stages, 'stage')}"
    if p.total_hours is not None and n:
        summary += f", {hours_text(p.total_hours)} in all"
    if p.hours_per_week is not None and n:
        summary += f"; {plural(len(p.weeks), 'week')} at up to {hours_text(p.hours_per_week)} a week"
    return summary


def plan_heading(kg: KnowledgeGraph, p) -> str:
    """``Study plan for <goals>: <summary>``."""
    goals = ", ".join(visible(kg[g].name) for g in p.goals)
    return f"Study plan for {goals}: {plan_summary(p)}"


def _plan_sections(p):
    """(heading, steps) of each stage, or of each week when the plan is spread over weeks."""
    if p.hours_per_week is None:
        return [(f"Stage {stage[0].stage}", stage) for stage in p.stages]
    return [(f"Week {week[0].week} ({hours_text(week_hours(week))})", week) for week in p.weeks]


def why_lines(kg: KnowledgeGraph, p, step, markdown: bool = False) -> list[str]:
    """What needs ``step`` and why, one line each, as a teacher would say it: ``needed
    for Language model (step 4): <the prerequisite relation's reason>``."""
    number = {s.id: s.step for s in p.steps}
    esc = markdown_escape if markdown else visible
    lines = ["Your goal." if markdown else "your goal"] if step.id in p.goals else []
    for cid, reason in step_reasons(kg, step):
        name = f"**{esc(kg[cid].name)}**" if markdown else esc(kg[cid].name)
        line = f"{'Needed' if markdown else 'needed'} for {name} (step {number[cid]})"
        lines.append(f"{line}: {esc(reason)}" if reason else line + ("." if markdown else ""))
    return lines


def plan_text(kg: KnowledgeGraph, p, why: bool = False) -> str:
    """A plan for a terminal: heading, what is skipped, then each stage's (or week's)
    steps; with ``why``, under each step what needs it and why (:func:`why_lines`)."""
    lines = [plan_heading(kg, p)]
    if p.known:
        lines.append(f"Skipping what you know: {', '.join(visible(kg[k].name) for k in p.known)}")
    if not p.steps:
        lines.append("Nothing left to study: you know it all.")
    width = len(str(len(p.steps)))
    indent = " " * (width + 6)
    for heading, steps in _plan_sections(p):
        lines.append("")
        lines.append(heading)
        for s in steps:
            extra = step_notes(s, "cycle group")
            tail = f"  [{', '.join(extra)}]" if extra else ""
            lines.append(f"  {str(s.step).rjust(width)}. {label(kg[s.id])}{tail}")
            if why:
                lines.extend(indent + line for line in why_lines(kg, p, s))
    return "\n".join(lines)


def step_notes(step, group_words: str) -> list[str]:
    """What a plan step says after its name: its hours, its cycle group.

    >>> from graph.curriculum import PlanStep
    >>> step_notes(PlanStep(1, "a", "A", 1, 0.5, 2), "cycle group")
    ['0.5 h', 'cycle group 2']
    """
    notes = [hours_text(step.hours)] if step.hours is not None else []
    if step.group is not None:
        notes.append(f"{group_words} {step.group}")
    return notes


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def markdown_escape(text: str) -> str:
    """Escape Markdown (and HTML) syntax so data shows as text in any viewer.

    >>> markdown_escape("<b>*x*</b>")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


def plan_markdown(kg: KnowledgeGraph, p, why: bool = False) -> str:
    """A plan as a Markdown checklist by stage (or by week), every string from the
    data escaped; with ``why``, each step says what needs it and why."""
    goals = ", ".join(markdown_escape(kg[g].name) for g in p.goals)
    lines = [f"# Study plan: {goals}", ""]
    summary = plan_summary(p)
    if p.hours_per_week is None:
        lines.append(f"{summary[0].upper()}{summary[1:]}. Concepts within a stage can be studied in any order.")
    else:
        lines.append(f"{summary[0].upper()}{summary[1:]}. Weeks follow the plan's order.")
    if p.known:
        lines.append("")
        lines.append("Already known: " + ", ".join(markdown_escape(kg[k].name) for k in p.known) + ".")
    for heading, steps in _plan_sections(p):
        lines.append("")
        lines.append(f"## {heading}")
        lines.append("")
        for s in steps:
            c = kg[s.id]
            extra = step_notes(s, "studied together: cycle group")
            tail = f" ({', '.join(extra)})" if extra else ""
            lines.append(f"- [ ] {s.step}. **{markdown_escape(c.name)}** `{visible(c.id).replace('`', '')}`{tail}")
            if c.definition:
                lines.append(f"  {markdown_escape(c.definition)}")
            if why:
                lines.extend(f"  {line}" for line in why_lines(kg, p, s, markdown=True))
    return "\n".join(lines)


def stats_text(kg: KnowledgeGraph, s: dict) -> str:
    """The statistics of :func:`graph.analysis.stats` for people."""
    lines = [f"{s['concepts']} concepts, {s['relations']} relations"]
    lines.append("")
    lines.append("Concepts by type:")
    lines.append(table([[f"  {visible(k)}", str(v)] for k, v in s["concepts_by_type"].items()]))
    lines.append("")
    lines.append("Relations by type:")
    lines.append(table([[f"  {k}", str(v)] for k, v in s["relations_by_type"].items()]))
    lines.append("")
    if s.get("dependents_counted") == "direct":
        lines.append("Most foundational (concepts that need them directly):")
    else:
        lines.append("Most foundational (concepts that depend on them):")
    lines.append(table([[f"  {label(kg[row['id']])}", str(row["dependents"])] for row in s["most_foundational"]]))
    lines.append("")
    chain = s["longest_chain"]
    lines.append(f"Longest prerequisite chain ({len(chain)} concepts):")
    names = abbreviate([visible(kg[c].name) for c in chain])
    lines.append("  " + " -> ".join(names))
    if s["cycles"]:
        lines.append("")
        lines.append(f"Prerequisite cycles ({len(s['cycles'])}):")
        for cycle in s["cycles"]:
            lines.append("  " + " -> ".join(visible(kg[c].name) for c in [*cycle, cycle[0]]))
    if s["isolated"]:
        lines.append("")
        lines.append(f"Isolated concepts ({len(s['isolated'])}): " + ", ".join(visible(c) for c in s["isolated"]))
    if s["redundant_prerequisites"]:
        lines.append("")
        lines.append(f"Redundant prerequisite edges ({len(s['redundant_prerequisites'])}):")
        lines.extend(f"  {visible(m)}" for m in s["redundant_prerequisites"])
    return "\n".join(lines)


def search_text(hits) -> str:
    """Search hits as a table, saying which field matched, or "(no matches)"."""
    if not hits:
        return "(no matches)"
    rows = []
    for h in hits:
        c = h.concept
        how = "" if h.matched == "name" else f"matched {h.matched}"
        rows.append([visible(c.id), visible(c.type), visible(c.name), how])
    return table(rows, ["ID", "TYPE", "NAME", ""])


def closure_title(kg: KnowledgeGraph, concept_id: str, count: int, reverse: bool) -> str:
    """The first line of a ``prereqs`` or ``dependents`` tree."""
    what = "Unlocked by" if reverse else "Prerequisites of"
    return f"{what} {visible(kg[concept_id].name)}: {plural(count, 'concept')}"


def closure_rows(found) -> list[dict]:
    """:func:`graph.query.prerequisites` (or ``dependents``) as JSON rows."""
    return [{"id": c.id, "name": c.name, "type": c.type, "depth": d} for c, d in found]


def closure_lines(kg: KnowledgeGraph, concept_id: str, depth: int | None, reverse: bool):
    """The ``prereqs`` tree of a concept (``dependents`` when ``reverse``) to
    ``depth``, as :func:`tree_lines` yields it, under its title."""
    tree = prerequisite_tree(kg, concept_id, depth, reverse=reverse)
    n = len(tree_concepts(tree))  # every concept within reach appears in the tree
    return tree_lines(kg[concept_id], tree, closure_title(kg, concept_id, n, reverse))


def plan_notes(kg: KnowledgeGraph, p) -> list[str]:
    """The notes a plan prints on stderr: goals already known, cycle groups."""
    notes = [f"note: {visible(kg[g].name)} is already known; left out of the plan" for g in p.known_goals]
    for number, members in enumerate(p.groups, 1):
        names = ", ".join(abbreviate([visible(kg[m].name) for m in members]))
        notes.append(f"note: prerequisite cycle: {names} are studied together as group {number}")
    return notes


def types_text(data: dict) -> str:
    """The node and relation types, as ``types`` prints them."""
    nodes = table(
        [[t["type"], str(t["concepts"]), t["description"]] for t in data["node_types"]], ["NODE TYPE", "N", "MEANING"]
    )
    rels = table([[r["type"], r["reads"]] for r in data["relation_types"]], ["RELATION", "READS"])
    return nodes + "\n\n" + rels


#: How many load warnings a command prints before it counts the rest.
MAX_WARNINGS = 5


def warning_lines(problems, shown: int = MAX_WARNINGS) -> list[str]:
    """The first ``shown`` load warnings, one line each, then how many more there are."""
    lines = [f"warning: {visible(p)}" for p in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"warning: ... and {len(problems) - shown} more (run `aie-graph validate` for all)")
    return lines


def error_message(e: Exception) -> str:
    """The one line after ``Error:`` for what stopped a command: a library error (an
    unknown concept adds the search to try), input nested too deeply, output the
    terminal's encoding cannot show, or a failed write."""
    if isinstance(e, UnknownConcept):
        return f"{visible(e)} Search by words: aie-graph search {shlex.quote(visible(e.query))}"
    if isinstance(e, GraphError):
        return visible(e)
    if isinstance(e, RecursionError):
        return "input nested too deeply to process"
    if isinstance(e, UnicodeEncodeError):
        return (
            f"cannot write {e.object[e.start:e.end]!r} in the output's encoding ({e.encoding}): "
            "set PYTHONIOENCODING=utf-8"
        )
    if isinstance(e, OSError):  # `aie-graph list > /dev/full`: the output, not an input, failed
        where = f"{visible(e.filename)}: " if e.filename else "standard output: "
        return f"{where}cannot write: {e.strerror or e}"
    return visible(e)


def problem_lines(problems):
    """The problems ``validate`` found, one line each: errors bare, warnings marked."""
    return [("" if p.severity == "error" else "warning: ") + visible(p) for p in problems]


def validate_summary(path: str, concepts: int, relations: int, warnings: int) -> str:
    """The last line of a ``validate`` that found no error."""
    tail = f" ({plural(warnings, 'warning')})" if warnings else ""
    return f"{visible(path)}: valid: {concepts} concepts, {relations} relations{tail}"


def view_name_note(wanted: str, written: str) -> str:
    """The note of a ``view`` that found its default file name taken by a file it
    did not write, and wrote ``written`` instead."""
    return (
        f"note: {visible(wanted)} exists and aie-graph did not write it; writing "
        f"{visible(written)} instead (-o chooses the file)"
    )


def graph_size(kg: KnowledgeGraph) -> str:
    """``3 concepts and 2 relations``."""
    return f"{plural(len(kg), 'concept')} and {plural(kg.count_relations(), 'relation')}"


def import_summary(result, output: str) -> str:
    """What ``import`` wrote and what it tolerated on the way."""
    summary = f"imported {graph_size(result.kg)} into {visible(output)}"
    dropped, cycles = result.dropped_rows, result.cycles
    others = len(result.problems) - dropped - cycles
    parts = []
    if dropped:
        parts.append(f"{plural(dropped, 'row')} dropped")
    if cycles:
        parts.append(plural(cycles, "prerequisite cycle"))
    if others:
        parts.append(plural(others, "other warning"))
    if parts:
        summary += "; " + ", ".join(parts) + " (see warnings)"
    return summary


def progress_label(kg: KnowledgeGraph, cid: str) -> str:
    """A learned concept: ``Name (id)``, or the bare id when the graph lacks it."""
    return label(kg[cid]) if cid in kg.concepts else visible(cid)


def change_text(kg: KnowledgeGraph, summary: dict, done: str) -> str:
    """What ``learned`` or ``unlearn`` did (``done`` is "Learned" or "Unlearned"), and
    for ``learned`` which concepts became ready (``summary["ready"]``)."""
    changed = summary["changed"]
    head = f"{done}: {', '.join(progress_label(kg, c) for c in changed)}. " if changed else ""
    line = f"{head}{summary['known']} of {summary['total']} concepts learned."
    if summary.get("ready"):
        line += f"\nNow ready to learn: {', '.join(abbreviate([progress_label(kg, c) for c in summary['ready']]))}."
    return line


def corrupt_progress_message(e: Exception) -> str:
    """Why ``progress`` stops at a corrupt progress file, and what becomes of the file."""
    return f"{visible(e)}. It is left untouched; the next `aie-graph learned` or `unlearn` moves it aside."


#: How many ready concepts ``progress`` lists before pointing to ``next``.
READY_SHOWN = 10


def progress_text(kg: KnowledgeGraph, data: dict, goals=()) -> str:
    """The learner's progress (:func:`graph.progress.progress_summary`) for people:
    learned and implied concepts counted apart, the next steps toward ``goals`` (or
    anywhere), best first, and how far each goal is."""
    present, implied, absent, ready = data["learned"], data["implied"], data["unknown"], data["next"]
    lines = [f"Progress file: {visible(data['file'])}"]
    if present:
        lines.append(f"Learned {len(present)} of {len(kg)} concepts:")
        lines.extend(f"  {progress_label(kg, c)}" for c in present)
    else:
        lines.append(f"Learned 0 of {len(kg)} concepts. Mark some with `aie-graph learned CONCEPT`.")
    if implied:
        lines.append(f"Known by implication (prerequisites of what you learned): {plural(len(implied), 'concept')}")
    if absent:
        lines.append(f"Kept, but not in this graph: {', '.join(visible(a) for a in absent)}")
    toward = f" toward {', '.join(visible(kg[g].name) for g in goals)}" if goals else ""
    if ready:
        lines.append(f"Next you can learn{toward} ({len(ready)}), best first:")
    else:
        lines.append(f"Next you can learn{toward}: nothing (you know it all).")
    lines.extend(f"  {progress_label(kg, c)}" for c in ready[:READY_SHOWN])
    if len(ready) > READY_SHOWN:
        more = " ".join(["aie-graph next", *goals])
        lines.append(f"  ... and {len(ready) - READY_SHOWN} more ({visible(more)})")
    for g in data["goals"]:
        pct = 100 * g["done"] // g["total"] if g["total"] else 100
        lines.append(
            f"Goal {progress_label(kg, g['id'])}: {g['done']} of {g['total']} steps done ({pct}%: "
            f"{g['learned']} learned, {g['implied']} implied), {g['hours_done']:g} of {g['hours_total']:g} h"
        )
    return "\n".join(lines)


def next_text(kg: KnowledgeGraph, found, goals=()) -> str:
    """:func:`graph.curriculum.next_steps` for people: a heading with the count, then
    one row each, best first."""
    toward = f" toward {', '.join(visible(kg[g].name) for g in goals)}" if goals else ""
    if not found:
        return f"Nothing left to learn{toward}: you know it all."
    lines = [f"Next{toward}: {plural(len(found), 'concept')} you can learn now, best first (most unblocked per hour)"]
    rows = [
        [visible(x.concept.id), visible(x.concept.type), visible(x.concept.name), hours_text(x.concept.hours) or "-", str(x.unblocks)]
        for x in found
    ]
    lines.append(table(rows, ["ID", "TYPE", "NAME", "HOURS", "UNBLOCKS"]))
    return "\n".join(lines)


def goals_text(kg: KnowledgeGraph, rows: list[dict]) -> str:
    """The rows of :func:`graph.progress.goals_overview` for people; a plain note
    when the graph lists no goals."""
    if not rows:
        return (
            "This graph lists no curated goals.\n"
            "Any concept can be one: `aie-graph curriculum CONCEPT` plans the way to it, "
            "`aie-graph next CONCEPT` says where to start."
        )
    lines = [f"{plural(len(rows), 'goal')} (where to start: `aie-graph next GOAL`; the plan: `aie-graph curriculum GOAL`)"]
    for r in rows:
        pct = 100 * r["done"] // r["steps"] if r["steps"] else 100
        lines.append("")
        lines.append(f"{label(kg[r['id']])}: {r['done']} of {r['steps']} steps done ({pct}%)")
        if r["description"]:
            lines.append(f"  {visible(r['description'])}")
    return "\n".join(lines)
