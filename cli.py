"""aie-graph: the command line over the `graph` library.

Each command parses its options, makes one library call and hands the result to
`emit`, the one output path for text, JSON and Markdown. Library exceptions
become one-line messages in one place (`AieGroup.invoke`). Heavy libraries
(networkx, pyvis, jsonschema) are imported by the library functions that need
them, so `--help` and tab completion stay instant.
"""

from __future__ import annotations

import os
import sys

import click

import graph
from graph.basics import EXPORT_FORMATS, NODE_TYPE_NAMES, RELATION_TYPE_NAMES

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
FORMATS = ("text", "json")
MAX_WARNINGS = 5


class State:
    """What the commands share: the graph file, loaded on first use."""

    def __init__(self, data_path: str | None, progress_path: str | None = None):
        self.data_path = data_path
        self._kg = None
        #: The learner's progress file as given (--progress / AIE_GRAPH_PROGRESS), or None.
        self.given_progress_path = progress_path

    @property
    def progress_path(self) -> str:
        """The progress file: the one given, else progress.json in the config folder."""
        from graph.progress import default_path

        return self.given_progress_path or str(default_path())

    @property
    def kg(self):
        if self._kg is None:
            from graph.store import load

            self._kg = load(self.data_path)
            report_warnings(self._kg.warnings)
        return self._kg


def report_warnings(problems) -> None:
    from graph.output import visible

    for p in problems[:MAX_WARNINGS]:
        click.echo(f"warning: {visible(p)}", err=True)
    if len(problems) > MAX_WARNINGS:
        click.echo(f"warning: ... and {len(problems) - MAX_WARNINGS} more (run `aie-graph validate` for all)", err=True)


class AieGroup(click.Group):
    """Turns every library error into `Error: <one line>` and exit status 1."""

    def invoke(self, ctx):
        from graph.model import GraphError

        try:
            return super().invoke(ctx)
        except GraphError as e:
            from graph.model import UnknownConcept
            from graph.output import visible

            message = visible(e)
            if isinstance(e, UnknownConcept):
                import shlex

                message += f" Search by words: aie-graph search {shlex.quote(visible(e.query))}"
            raise click.ClickException(message) from None
        except RecursionError:  # pragma: no cover - a bug, but never a traceback
            raise click.ClickException("input nested too deeply to process") from None
        except BrokenPipeError:  # `aie-graph list | head`
            sys.stderr.close()
            ctx.exit(0)

    def list_commands(self, ctx):
        return list(self.commands)  # in the order they are defined, which is the order of the README


def emit(fmt: str, data, text=None, markdown=None) -> None:
    """The one output path: ``data`` as JSON, or the text/Markdown renderer's result.

    ``data`` may be a function, called only for JSON; a renderer may return one
    string or an iterable of lines, written in chunks as they come (a 100,000-line
    tree is never held whole)."""
    if fmt == "json":
        from graph.output import to_json

        click.echo(to_json(data() if callable(data) else data))
        return
    rendered = markdown() if fmt == "markdown" else text()
    if isinstance(rendered, str):
        click.echo(rendered)
        return
    chunk: list[str] = []
    for line in rendered:
        chunk.append(line)
        if len(chunk) == 2000:
            click.echo("\n".join(chunk))
            chunk.clear()
    if chunk:
        click.echo("\n".join(chunk))


def check_types(kg, types) -> list[str]:
    """The graph's own spelling of each --type, matched ignoring case; a usage error
    (exit 2) naming the graph's types for one it does not have."""
    by_key = {t.casefold(): t for t in kg.node_types}
    unknown = [t for t in types if t.casefold() not in by_key]
    if unknown:
        raise click.BadParameter(
            f"unknown type {unknown[0]!r}; the graph's types are: {', '.join(sorted(kg.node_types))}",
            param_hint="--type",
        )
    return [by_key[t.casefold()] for t in types]


def format_option(*formats):
    formats = formats or FORMATS
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default="text",
        show_default=True,
        help="text for people, json for scripts" + (", markdown for notes" if "markdown" in formats else "") + ".",
    )


# ----------------------------------------------------------------------------- concept arguments


def complete_concept(ctx, param, incomplete):
    """Tab completion of concept ids, names and aliases: reads the graph file as plain
    JSON (no networkx), so it answers at once."""
    from click.shell_completion import CompletionItem

    import json

    from graph.basics import bundled_graph_file, normalize_name

    root = ctx.find_root()
    path = root.params.get("data") or os.environ.get("AIE_GRAPH_DATA") or bundled_graph_file()
    try:  # plain json: completion must be instant, and a bad file simply completes nothing
        with open(path, "rb") as f:
            concepts = [c for c in json.load(f).get("concepts", []) if isinstance(c, dict)]
    except (OSError, ValueError, AttributeError, RecursionError):
        return []
    prefix = normalize_name(incomplete)
    items = []
    for c in concepts:
        cid, name = c.get("id"), c.get("name")
        if not isinstance(cid, str) or not isinstance(name, str):
            continue
        labels = [cid, name, *(a for a in c.get("aliases") or [] if isinstance(a, str))]
        if any(normalize_name(x).startswith(prefix) for x in labels):
            items.append(CompletionItem(cid, help=name))
    return items


def _graph_json(ctx) -> dict:
    """The graph file as plain JSON, for completion ({} when it cannot be read)."""
    import json

    from graph.basics import bundled_graph_file

    root = ctx.find_root()
    path = root.params.get("data") or os.environ.get("AIE_GRAPH_DATA") or bundled_graph_file()
    try:
        with open(path, "rb") as f:
            data = json.load(f)
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def complete_type(ctx, param, incomplete):
    """Tab completion of --type: the built-in node types and those the graph declares."""
    declared = _graph_json(ctx).get("node_types")
    names = [*NODE_TYPE_NAMES, *(declared if isinstance(declared, dict) else ())]
    return [t for t in dict.fromkeys(names) if isinstance(t, str) and t.casefold().startswith(incomplete.casefold())]


def complete_learned(ctx, param, incomplete):
    """Tab completion for `unlearn`: the concepts marked learned in the progress file."""
    from click.shell_completion import CompletionItem

    import json

    from graph.basics import normalize_name

    root = ctx.find_root()
    path = root.params.get("progress_path") or os.environ.get("AIE_GRAPH_PROGRESS")
    if not path:
        from graph.progress import default_path

        path = default_path()
    try:
        with open(path, "rb") as f:
            learned = json.load(f).get("learned") or []
    except (OSError, ValueError, AttributeError, RecursionError):
        return []
    names = {c.get("id"): c.get("name") for c in _graph_json(ctx).get("concepts") or [] if isinstance(c, dict)}
    prefix = normalize_name(incomplete)
    items = []
    for cid in learned:
        if not isinstance(cid, str):
            continue
        name = names.get(cid)
        labels = [cid] + ([name] if isinstance(name, str) else [])
        if any(normalize_name(x).startswith(prefix) for x in labels):
            items.append(CompletionItem(cid, help=name if isinstance(name, str) else None))
    return items


def type_option(help_text: str):
    """--type, matched ignoring case, completed from the graph's types."""
    return click.option(
        "--type",
        "-t",
        "types",
        multiple=True,
        metavar="TYPE",
        shell_complete=complete_type,
        help=f"{help_text} (repeatable, any case): {', '.join(NODE_TYPE_NAMES)}, or one the graph declares.",
    )


def concept_argument(name: str = "concept", nargs: int = 1, required: bool = True):
    return click.argument(name, nargs=nargs, required=required, shell_complete=complete_concept)


def read_known_file(path: str) -> list[tuple[int, str]]:
    """(line number, text) of each concept named in a --known-file."""
    from graph.model import InputFileError

    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise InputFileError(f"{path}: cannot read: {e.strerror or e}") from None
    out = []
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text:
            out.append((number, text))
    return out


def known_ids(state, known: tuple[str, ...], known_files: tuple[str, ...]) -> list[str]:
    """Resolve --known and --known-file to ids, after the learner's saved progress
    (when there is a progress file); errors name the file and line."""
    from graph.model import InputFileError, UnknownConcept
    from graph.query import resolve

    kg = state.kg
    ids = saved_progress_ids(state, kg)
    ids += [resolve(kg, k) for k in known]
    for path in known_files:
        for number, text in read_known_file(path):
            try:
                ids.append(resolve(kg, text))
            except UnknownConcept as e:
                raise InputFileError(f"{path}:{number}: {e}") from None
    return list(dict.fromkeys(ids))


def known_options(f):
    f = click.option(
        "--known-file",
        "known_files",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="A file naming one known concept per line (# comments and blank lines ignored).",
    )(f)
    f = click.option(
        "--known",
        "-k",
        multiple=True,
        metavar="CONCEPT",
        shell_complete=complete_concept,
        help="A concept you already know (repeatable).",
    )(f)
    return f


# ----------------------------------------------------------------------------- the commands


@click.group(cls=AieGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--data",
    type=click.Path(dir_okay=False),
    envvar="AIE_GRAPH_DATA",
    help="Graph file to use instead of the bundled AI-engineering graph (env: AIE_GRAPH_DATA).",
)
@click.option(
    "--progress",
    "progress_path",
    type=click.Path(dir_okay=False),
    envvar="AIE_GRAPH_PROGRESS",
    help="Your learner progress file (default: progress.json in the aie-graph config folder; "
    "env: AIE_GRAPH_PROGRESS).",
)
@click.version_option(graph.__version__, message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx, data, progress_path):
    """The concepts of AI engineering as a typed knowledge graph.

    Ask what to learn before a concept, what it unlocks, how two concepts
    connect, and get an ordered study plan to any goal.

    \b
    Examples:
      aie-graph curriculum "retrieval-augmented generation"
      aie-graph prereqs finetuning
      aie-graph path transformer rag
    """
    ctx.obj = State(data, progress_path)


pass_state = click.make_pass_decorator(State)


@cli.command("list")
@type_option("Only concepts of this type")
@format_option()
@pass_state
def list_cmd(state, types, fmt):
    """List concepts, in book order.

    \b
    Example:
      aie-graph list --type technique
    """
    from graph.output import concept_row, concepts_text

    kg = state.kg
    types = check_types(kg, types)
    rank = kg.book_rank()
    concepts = sorted((c for c in kg.concepts.values() if not types or c.type in types), key=lambda c: rank[c.id])
    emit(fmt, lambda: [concept_row(c) for c in concepts], lambda: concepts_text(concepts))


@cli.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many results.")
@format_option()
@pass_state
def search(state, query, limit, fmt):
    """Find concepts by name, alias or definition, best match first.

    \b
    Example:
      aie-graph search attention
    """
    from graph.output import concept_row, search_text
    from graph.query import search as search_concepts

    hits = search_concepts(state.kg, query, limit)
    emit(fmt, lambda: [{**concept_row(h.concept), "matched": h.matched} for h in hits], lambda: search_text(hits))


@cli.command()
@concept_argument()
@format_option()
@pass_state
def show(state, concept, fmt):
    """Show a concept: type, aliases, definition, source and relations.

    \b
    Example:
      aie-graph show RAG
    """
    from graph.output import show_text
    from graph.query import resolve

    kg = state.kg
    c = kg[resolve(kg, concept)]

    def data():
        out, into = kg.relations_of(c.id)
        return {**c.to_dict(), "relations": {"out": [r.to_dict() for r in out], "in": [r.to_dict() for r in into]}}

    emit(fmt, data, lambda: show_text(kg, c))


def closure_command(reverse: bool):
    def command(state, concept, depth, fmt):
        from graph.output import tree_lines, visible
        from graph.query import dependents, prerequisite_tree, prerequisites, resolve, tree_concepts

        kg = state.kg
        cid = resolve(kg, concept)

        def rows():
            found = (dependents if reverse else prerequisites)(kg, cid, depth)
            return [{"id": c.id, "name": c.name, "type": c.type, "depth": d} for c, d in found]

        def text():
            tree = prerequisite_tree(kg, cid, depth, reverse=reverse)
            n = len(tree_concepts(tree))  # every concept within reach appears in the tree
            what = "Unlocked by" if reverse else "Prerequisites of"
            return tree_lines(kg[cid], tree, f"{what} {visible(kg[cid].name)}: {n} concept{'s' * (n != 1)}")

        emit(fmt, rows, text)

    return command


depth_option = click.option(
    "--depth", "-d", type=click.IntRange(min=1), default=None, help="Only this many steps away (default: all)."
)


@cli.command()
@concept_argument()
@depth_option
@format_option()
@pass_state
def prereqs(state, concept, depth, fmt):
    """What to understand before CONCEPT, transitively, as a tree.

    \b
    Example:
      aie-graph prereqs finetuning --depth 2
    """
    closure_command(reverse=False)(state, concept, depth, fmt)


@cli.command()
@concept_argument()
@depth_option
@format_option()
@pass_state
def dependents(state, concept, depth, fmt):
    """What CONCEPT unlocks: everything it is a prerequisite of.

    \b
    Example:
      aie-graph dependents tokenization
    """
    closure_command(reverse=True)(state, concept, depth, fmt)


@cli.command()
@concept_argument("a")
@concept_argument("b")
@format_option()
@pass_state
def path(state, a, b, fmt):
    """How A and B connect: the prerequisite chain, or any relations.

    When one is a prerequisite of the other, however indirectly, the answer
    follows that prerequisite chain; otherwise the shortest chain through
    relations of any type, preferring precise ones to related_to. Exit 1 when
    they are not connected.

    \b
    Example:
      aie-graph path tokenization rag
    """
    from graph.output import path_text
    from graph.query import path as find_path
    from graph.query import resolve

    kg = state.kg
    steps = find_path(kg, resolve(kg, a), resolve(kg, b))
    emit(fmt, lambda: [s.to_dict() for s in steps], lambda: path_text(kg, steps))


@cli.command()
@format_option()
@pass_state
def goals(state, fmt):
    """The curated study goals, and how far along you are on each.

    Steps count the whole plan to a goal; done, the steps you know (learned, or
    implied by what you learned).

    \b
    Example:
      aie-graph goals
    """
    from graph.output import goals_text
    from graph.progress import goals_overview

    kg = state.kg
    rows = goals_overview(kg, saved_progress_ids(state, kg))
    emit(fmt, rows, lambda: goals_text(kg, rows))


@cli.command()
@concept_argument("goals", nargs=-1, required=True)
@known_options
@click.option("--why", is_flag=True, help="Under each step, what needs it and why.")
@click.option("--per-week", type=click.FloatRange(min=0, min_open=True), metavar="HOURS",
              help="Spread the plan over weeks of at most HOURS of study.")
@format_option("text", "json", "markdown")
@pass_state
def curriculum(state, goals, known, known_files, why, per_week, fmt):
    """A study plan to GOALS, in order, skipping what you know.

    Every prerequisite comes before what needs it; concepts within a stage can
    be studied in any order. --why says under each step what needs it and why;
    --per-week fills weeks of at most HOURS in plan order (a longer step gets a
    week of its own).

    \b
    Examples:
      aie-graph curriculum "retrieval-augmented generation" --why
      aie-graph curriculum finetuning --known "language model" --per-week 5 --format markdown
    """
    from graph.curriculum import by_week, plan
    from graph.output import abbreviate, plan_markdown, plan_text, visible
    from graph.query import resolve_all

    kg = state.kg
    p = plan(kg, resolve_all(kg, goals), known_ids(state, known, known_files))
    for g in p.known_goals:
        click.echo(f"note: {visible(kg[g].name)} is already known; left out of the plan", err=True)
    for number, members in enumerate(p.groups, 1):
        names = ", ".join(abbreviate([visible(kg[m].name) for m in members]))
        click.echo(f"note: prerequisite cycle: {names} are studied together as group {number}", err=True)
    if per_week is not None:
        p = by_week(p, per_week)
    emit(fmt, p.to_dict, lambda: plan_text(kg, p, why), lambda: plan_markdown(kg, p, why))


@cli.command("next")
@concept_argument("goals", nargs=-1, required=False)
@known_options
@format_option()
@pass_state
def next_cmd(state, goals, known, known_files, fmt):
    """What to learn now toward GOALS (or anywhere), best first.

    The concepts on the way to GOALS whose prerequisites you all know (without
    GOALS, in the whole graph), ranked by how many concepts each unblocks toward
    the goals per hour of study (no hours, or 0, counts as one hour).

    \b
    Examples:
      aie-graph next rag
      aie-graph next --known token --known tokenization
    """
    from graph.curriculum import next_steps
    from graph.output import next_text
    from graph.query import resolve_all

    kg = state.kg
    goal_ids = resolve_all(kg, goals)
    found = next_steps(kg, goal_ids, known_ids(state, known, known_files))
    emit(fmt, lambda: [n.to_dict() for n in found], lambda: next_text(kg, found, goal_ids))


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--no-redundant", is_flag=True, help="Do not warn about redundant prerequisite edges.")
@click.pass_context
def validate(ctx, path, no_redundant):
    """Check a graph file strictly (default: the graph in use).

    The graph in use is the --data file, or the bundled graph.

    Prints one line per problem, `file: where: what`, and exits 1 on any error;
    otherwise a one-line summary and exit 0. Warnings alone do not fail.

    \b
    Example:
      aie-graph validate my-graph.json
    """
    from graph.model import GraphError
    from graph.output import visible
    from graph.basics import bundled_graph_file
    from graph.store import read_json, validate as check

    path = path or ctx.obj.data_path or bundled_graph_file()
    try:
        data = read_json(path)
    except GraphError as e:
        problems = e.problems
    else:
        problems = check(data, path, redundant=not no_redundant)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        prefix = "" if p.severity == "error" else "warning: "
        click.echo(prefix + visible(p))
    if errors:
        ctx.exit(1)
    warnings = len(problems)
    concepts = len(data.get("concepts", []))
    relations = len(data.get("relations", []))
    tail = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
    click.echo(f"{visible(path)}: valid: {concepts} concepts, {relations} relations{tail}")


@cli.command()
@format_option()
@pass_state
def stats(state, fmt):
    """Counts by type, foundations, the longest chain, cycles.

    \b
    Example:
      aie-graph stats --format json
    """
    from graph.output import stats_text
    from graph.query import stats as graph_stats

    kg = state.kg
    s = graph_stats(kg)
    emit(fmt, s, lambda: stats_text(kg, s))


@cli.command()
@format_option()
@pass_state
def types(state, fmt):
    """The node and relation types, and how each relation reads.

    \b
    Example:
      aie-graph types
    """
    from graph.model import RELATION_TYPES
    from graph.output import table

    kg = state.kg
    used = {}
    for c in kg.concepts.values():
        used[c.type] = used.get(c.type, 0) + 1
    data = {
        "node_types": [{"type": t, "description": d, "concepts": used.get(t, 0)} for t, d in kg.node_types.items()],
        "relation_types": [
            {"type": r.name, "reads": f"source {r.reads} target", "symmetric": r.symmetric, "description": r.description}
            for r in RELATION_TYPES.values()
        ],
    }

    def text():
        nodes = table([[t["type"], str(t["concepts"]), t["description"]] for t in data["node_types"]], ["NODE TYPE", "N", "MEANING"])
        rels = table([[r["type"], r["reads"]] for r in data["relation_types"]], ["RELATION", "READS"])
        return nodes + "\n\n" + rels

    emit(fmt, data, text)


def _mode_flag(ctx, param, value):
    """--prereqs and --dependents set one `mode`; giving both is a usage error."""
    if value:
        if ctx.params.get("mode"):
            raise click.UsageError(f"--{ctx.params['mode']} and --{param.name} exclude each other")
        ctx.params["mode"] = param.name
    else:
        ctx.params.setdefault("mode", None)


def selection_options(f):
    """The options that choose part of the graph, shared by `view` and `export`."""
    decorators = [
        concept_argument("concepts", nargs=-1, required=False),
        click.option("--depth", "-d", type=click.IntRange(min=1), default=None,
                     help="Neighbourhood radius (default 1), or closure depth with --prereqs/--dependents."),
        click.option("--prereqs", is_flag=True, expose_value=False, callback=_mode_flag,
                     help="The CONCEPTS and everything they need (not with --dependents)."),
        click.option("--dependents", is_flag=True, expose_value=False, callback=_mode_flag,
                     help="The CONCEPTS and everything they unlock."),
        click.option("--curriculum", "goals", multiple=True, metavar="GOAL", shell_complete=complete_concept,
                     help="The study plan to GOAL (repeatable; not with CONCEPTS, --prereqs, --dependents "
                          "or --depth; --known applies to it)."),
        known_options,
        type_option("Only concepts of this node type"),
        click.option("--relation", "-r", "relation_types", multiple=True, type=click.Choice(RELATION_TYPE_NAMES),
                     help="Only relations of this type (repeatable)."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f


def selection_from_options(state, concepts, depth, mode, goals, known, known_files, types, relation_types, keep_known=False):
    """Resolve the selection options and make the library call."""
    from graph.query import resolve_all
    from graph.select import select

    kg = state.kg
    types = check_types(kg, types)
    if goals and concepts:
        raise click.UsageError(
            "CONCEPT arguments and --curriculum exclude each other (for several goals, repeat the option: "
            "--curriculum rag --curriculum finetuning)"
        )
    if goals and (mode or depth is not None):
        raise click.UsageError(f"--curriculum and {'--' + mode if mode else '--depth'} exclude each other")
    if (known or known_files) and not goals:
        raise click.UsageError(f"{'--known' if known else '--known-file'} only applies with --curriculum")
    if mode and not concepts:
        raise click.UsageError(f"--{mode} needs at least one CONCEPT")
    if depth is not None and not concepts:
        raise click.UsageError("--depth needs at least one CONCEPT")
    return select(
        kg,
        resolve_all(kg, concepts),
        depth=depth,
        mode=mode or "neighbourhood",
        curriculum=resolve_all(kg, goals),
        known=known_ids(state, known, known_files),
        types=types,
        relations=relation_types,
        keep_known=keep_known,
    )


# ----------------------------------------------------------------------------- views (issue 4)


@cli.command()
@selection_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="The HTML file to write (default: named after the view, in the current folder).")
@click.option("--title", help="Heading of the page (default: says what the view shows).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser once written.")
@pass_state
def view(state, concepts, depth, mode, goals, known, known_files, types, relation_types, output, title, open_browser):
    """Write an interactive view of the graph as one HTML file.

    With no CONCEPT, the whole graph; with CONCEPTs, their neighbourhood (to
    --depth, default 1) or, with --prereqs/--dependents, their closure. With
    --curriculum, the study plan to the goals, steps numbered in order and what
    counts as known dimmed. Without -o, the file is named after the view
    (graph.html, rag-prereqs.html, plan-rag.html...) in the current folder, and
    a file of that name that aie-graph did not write is never replaced. Prints
    the file's file:// address.

    \b
    Examples:
      aie-graph view --open
      aie-graph view finetuning --prereqs
      aie-graph view --curriculum rag --known "language model" -o plan.html
    """
    from graph.output import visible
    from graph.render import write_view
    from graph.select import view_file_name, view_path

    chosen = selection_from_options(state, concepts, depth, mode, goals, known, known_files, types, relation_types,
                                    keep_known=True)
    target = output if output is not None else view_path(chosen)
    if output is None and target.name != view_file_name(chosen):
        click.echo(f"note: {visible(view_file_name(chosen))} exists and aie-graph did not write it; writing "
                   f"{visible(target.name)} instead (-o chooses the file)", err=True)
    try:
        path = write_view(target, state.kg, chosen, title=title)
    except OSError as e:
        raise click.ClickException(f"cannot write {visible(target)}: {e.strerror or e}") from None
    url = path.resolve().as_uri()
    click.echo(visible(url))
    if open_browser and not open_in_browser(url):
        raise click.ClickException(f"no web browser could be started here; open {visible(url)} in one")


def open_in_browser(url: str) -> bool:
    """Open ``url`` in the user's browser; False when none can be started (no display,
    no browser installed), instead of whatever noise the system prints."""
    import webbrowser

    graphical = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not graphical and not os.environ.get("BROWSER"):
        return False  # only a text browser could start, and the page needs JavaScript
    try:
        return bool(webbrowser.get().open(url))
    except webbrowser.Error:
        return False


# ----------------------------------------------------------------------------- import and export (issue 5)



@cli.command("import")
@click.option("--concepts", "concepts_path", required=True, type=click.Path(dir_okay=False),
              help="CSV with a header of at least id,name (see docs/interop.md).")
@click.option("--relations", "relations_path", type=click.Path(dir_okay=False),
              help="CSV with a header of at least source,target; type defaults to prerequisite.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Graph file to write.")
@click.pass_context
def import_cmd(ctx, concepts_path, relations_path, output):
    """Import concepts and relations from CSV into a graph file.

    Messy rows (duplicates, self-loops, unknown ids) are dropped and reported;
    prerequisite cycles are kept and reported. A file that is not the CSV
    described exits 1 and writes nothing.

    \b
    Example:
      aie-graph import --concepts concepts.csv --relations relations.csv -o graph.json
      aie-graph --data graph.json curriculum "some goal"
    """
    from graph.interop import import_csv, write_output
    from graph.model import InvalidGraph
    from graph.output import visible
    from graph.store import dumps

    try:
        result = import_csv(concepts_path, relations_path)
    except InvalidGraph as e:
        for p in e.problems:
            click.echo(f"Error: {visible(p)}", err=True)
        ctx.exit(1)
    for p in result.problems:
        click.echo(f"warning: {visible(p)}", err=True)
    write_output(output, dumps(result.kg))
    kg = result.kg
    summary = (f"imported {len(kg)} concept{'s' * (len(kg) != 1)} and {kg.count_relations()} "
               f"relation{'s' * (kg.count_relations() != 1)} into {visible(output)}")
    dropped, cycles = result.dropped_rows, result.cycles
    others = len(result.problems) - dropped - cycles
    parts = []
    if dropped:
        parts.append(f"{dropped} row{'s' * (dropped != 1)} dropped")
    if cycles:
        parts.append(f"{cycles} prerequisite cycle{'s' * (cycles != 1)}")
    if others:
        parts.append(f"{others} other warning{'s' * (others != 1)}")
    if parts:
        summary += "; " + ", ".join(parts) + " (see warnings)"
    click.echo(summary, err=True)
    click.echo(visible(output))


@cli.command()
@selection_options
@click.option("--to", "fmt", required=True, type=click.Choice(EXPORT_FORMATS), help="The format to write.")
@click.option("--output", "-o", required=True,
              help="File to write, - for standard output; for csv a directory (created if missing).")
@click.option("--base-uri", metavar="URI", help="Namespace of concept URIs in skos (default https://aie-graph.example/concept/).")
@pass_state
def export(state, concepts, depth, mode, goals, known, known_files, types, relation_types, fmt, output, base_uri):
    """Export the graph, or part of it, to another format.

    The selection options choose the part, as for `view`. GraphML and GEXF for Gephi and Cytoscape, node-link JSON (networkx), DOT for
    graphviz, a Mermaid flowchart, SKOS in Turtle (needs rdflib), or csv (two
    files in the import format).

    \b
    Examples:
      aie-graph export --to graphml -o concepts.graphml
      aie-graph export --to mermaid --curriculum rag -o plan.mmd
      aie-graph export --to csv -o exported/
    """
    from graph.interop import csv_tables, export_csv, export_graph, export_notes, write_output
    from graph.output import visible

    kg = selection_from_options(state, concepts, depth, mode, goals, known, known_files, types, relation_types).kg
    if fmt == "csv" and output == "-":
        raise click.BadParameter("csv writes two files: give a directory", param_hint="--output")
    content = csv_tables(kg) if fmt == "csv" else export_graph(kg, fmt, base_uri=base_uri)
    for note in export_notes(kg, fmt, content):
        click.echo(f"warning: {visible(note)}", err=True)
    if fmt == "csv":
        written = [str(p) for p in export_csv(kg, output, content)]
    else:
        if output == "-":
            click.echo(content, nl=False)
            return
        write_output(output, content)
        written = [output]
    click.echo(f"exported {len(kg)} concept{'s' * (len(kg) != 1)} and {kg.count_relations()} "
               f"relation{'s' * (kg.count_relations() != 1)} as {fmt}", err=True)
    for path in written:
        click.echo(visible(path))

# ----------------------------------------------------------------------------- learner progress (issue 7)


def saved_progress_ids(state, kg) -> list[str]:
    """The learned ids in the learner's progress file that this graph has ([] when
    there is no file). For read-only commands a corrupt file is reported, with its
    path, and ignored (left untouched); ids the graph lacks are reported and kept."""
    from graph.output import visible
    from graph.progress import ProgressError, ProgressFile, UnsupportedProgress, split_known

    try:
        saved = ProgressFile(state.progress_path).read()
    except ProgressError as e:
        # an UnsupportedProgress says itself that the file is left untouched
        untouched = "" if isinstance(e, UnsupportedProgress) else " (the file is left untouched)"
        click.echo(f"warning: {visible(e)}; ignored{untouched}", err=True)
        return []
    present, absent = split_known(saved, kg)
    report_unknown_progress(state, absent)
    return present


def report_unknown_progress(state, absent: list[str]) -> None:
    from graph.output import visible

    if absent:
        n = len(absent)
        click.echo(
            f"warning: {visible(state.progress_path)} names {n} concept{'s' * (n != 1)} this graph does not have: "
            f"{', '.join(visible(a) for a in absent)} (kept)",
            err=True,
        )


def progress_label(kg, cid: str) -> str:
    from graph.output import label, visible

    return label(kg[cid]) if cid in kg.concepts else visible(cid)


def report_change(state, kg, change, done: str, undone_note: str, fmt: str, ready=None) -> None:
    """Print what `learned` / `unlearn` did: notes on stderr, the summary on stdout;
    ``ready`` (for `learned`) names the concepts it made ready to learn."""
    from graph.output import abbreviate, visible
    from graph.progress import split_known

    if change.set_aside:
        click.echo(
            f"warning: progress file {visible(state.progress_path)} was corrupt ({visible(change.corrupt_reason)}); "
            f"moved it to {visible(change.set_aside)} and started a new one",
            err=True,
        )
    present, absent = split_known(change.progress, kg)
    report_unknown_progress(state, absent)
    for cid in change.unchanged:
        click.echo(f"note: {progress_label(kg, cid)} {undone_note}", err=True)
    data = {
        "file": state.progress_path,
        "changed": change.changed,
        "unchanged": change.unchanged,
        "known": len(present),
        "total": len(kg),
        "set_aside": change.set_aside,
    }
    if ready is not None:
        data["ready"] = ready

    def text():
        head = f"{done}: {', '.join(progress_label(kg, c) for c in change.changed)}. " if change.changed else ""
        line = f"{head}{len(present)} of {len(kg)} concepts learned."
        if ready:
            line += f"\nNow ready to learn: {', '.join(abbreviate([progress_label(kg, c) for c in ready]))}."
        return line

    emit(fmt, data, text)


@cli.command()
@concept_argument("concepts", nargs=-1, required=True)
@format_option()
@pass_state
def learned(state, concepts, fmt):
    """Mark CONCEPTS as learned in your progress file.

    `curriculum`, `next`, `progress`, `goals` and `view` then treat them as
    known. Says which concepts became ready to learn.

    \b
    Example:
      aie-graph learned token "language model"
    """
    from graph.progress import became_ready, learn, split_known
    from graph.query import resolve_all

    kg = state.kg
    change = learn(state.progress_path, resolve_all(kg, concepts))
    after, _ = split_known(change.progress, kg)
    added = set(change.changed)
    ready = became_ready(kg, [c for c in after if c not in added], after)
    report_change(state, kg, change, "Learned", "was already learned", fmt, ready)


@cli.command()
@click.argument("concepts", nargs=-1, required=True, shell_complete=complete_learned)
@format_option()
@pass_state
def unlearn(state, concepts, fmt):
    """Remove CONCEPTS from your progress file.

    An id the graph no longer has works too.

    \b
    Example:
      aie-graph unlearn tokenization
    """
    from graph.model import UnknownConcept
    from graph.progress import ProgressError, ProgressFile, unlearn as forget
    from graph.query import resolve

    kg = state.kg
    ids = []
    for text in concepts:
        try:
            ids.append(resolve(kg, text))
        except UnknownConcept:
            try:
                saved = ProgressFile(state.progress_path).read().learned
            except ProgressError:
                saved = ()
            if text not in saved:  # a concept the data lost can still be unlearned by id
                raise
            ids.append(text)
    change = forget(state.progress_path, ids)
    report_change(state, kg, change, "Unlearned", "was not marked learned", fmt)


@cli.command()
@concept_argument("goals", nargs=-1, required=False)
@format_option()
@pass_state
def progress(state, goals, fmt):
    """What you know, what to learn next, how far you are to GOALS.

    Concepts you marked learned and the ones they imply (their prerequisites)
    are counted apart; with GOALS, the next steps are those toward them.

    \b
    Example:
      aie-graph progress rag --format json
    """
    from graph.curriculum import known_concepts, next_steps
    from graph.output import visible
    from graph.progress import CorruptProgress, ProgressFile, goal_progress, split_known
    from graph.query import resolve_all

    kg = state.kg
    goal_ids = resolve_all(kg, goals)
    try:
        saved = ProgressFile(state.progress_path).read()
    except CorruptProgress as e:
        raise click.ClickException(
            f"{visible(e)}. It is left untouched; the next `aie-graph learned` or `unlearn` moves it aside."
        ) from None
    present, absent = split_known(saved, kg)
    report_unknown_progress(state, absent)
    learned_set = set(present)
    rank = kg.book_rank()
    implied = sorted(known_concepts(kg, present, goal_ids) - learned_set, key=rank.__getitem__)
    ready = next_steps(kg, goal_ids, present)
    data = {
        "file": state.progress_path,
        "learned": present,
        "implied": implied,
        "unknown": absent,
        "next": [n.concept.id for n in ready],
        "goals": [goal_progress(kg, g, present) for g in goal_ids],
    }

    def text():
        lines = [f"Progress file: {visible(state.progress_path)}"]
        if present:
            lines.append(f"Learned {len(present)} of {len(kg)} concepts:")
            lines.extend(f"  {progress_label(kg, c)}" for c in present)
        else:
            lines.append(f"Learned 0 of {len(kg)} concepts. Mark some with `aie-graph learned CONCEPT`.")
        if implied:
            n = len(implied)
            lines.append(f"Known by implication (prerequisites of what you learned): {n} concept{'s' * (n != 1)}")
        if absent:
            lines.append(f"Kept, but not in this graph: {', '.join(visible(a) for a in absent)}")
        shown = 10
        toward = f" toward {', '.join(visible(kg[g].name) for g in goal_ids)}" if goal_ids else ""
        if ready:
            lines.append(f"Next you can learn{toward} ({len(ready)}), best first:")
        else:
            lines.append(f"Next you can learn{toward}: nothing (you know it all).")
        lines.extend(f"  {progress_label(kg, n.concept.id)}" for n in ready[:shown])
        if len(ready) > shown:
            more = " ".join(["aie-graph next", *goal_ids])
            lines.append(f"  ... and {len(ready) - shown} more ({visible(more)})")
        for g in data["goals"]:
            pct = 100 * g["done"] // g["total"] if g["total"] else 100
            lines.append(
                f"Goal {progress_label(kg, g['id'])}: {g['done']} of {g['total']} steps done ({pct}%: "
                f"{g['learned']} learned, {g['implied']} implied), {g['hours_done']:g} of {g['hours_total']:g} h"
            )
        return "\n".join(lines)

    emit(fmt, data, text)


def main():
    """The console script ``aie-graph``."""
    import gc

    # One command is one short process that builds big structures (a 100,000-concept
    # graph, its plan, its output) and keeps them to the end: Python's cycle collector
    # would scan them again and again and find nothing to free (the library holds
    # no reference cycles). So it stays off...
    gc.disable()
    try:
        cli(prog_name="aie-graph")
    finally:
        # ...and on exit, when Python clears every module and runs the collector
        # over what remains, again and again (after a query: the tens of thousands
        # of objects networkx and click made at import, a fifth of the command's
        # time), nothing is left in its sight. Objects are still released, files
        # still flushed and closed, atexit handlers still run.
        gc.freeze()


if __name__ == "__main__":
    main()
