"""aie-graph: the command line over the `graph` library.

Each command parses its options, makes one or two library calls and hands the
result to `emit`, the one output path for text, JSON and Markdown (the renderers
are graph.text's). Library exceptions become one-line messages in one place
(`AieGroup.invoke`).

The commands import the library inside their bodies: importing every library
module costs about 1.3x the `import click, json` floor, so `--help` and tab
completion import graph.basics alone. `main` holds the process-wide speed tricks.
"""

from __future__ import annotations

import sys

import click

import graph
from graph.basics import EXPORT_FORMATS
from graph.cli_options import check_selection, check_types, concept_argument, depth_option, flush_stdout, format_option
from graph.cli_options import forgiving_streams, graph_options, known_options, learned_argument, open_in_browser
from graph.cli_options import selection_options, type_option

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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

    def known(self, known, known_files) -> list[str]:
        """The ids the learner knows: saved progress, --known, --known-file."""
        from graph.progress import known_ids

        return known_ids(self.kg, self.progress_path, known, known_files, warn)

    def inputs(self, known_files=()) -> list[tuple[str, str]]:
        """The files a command that loads the graph reads, as ``(what, path)`` pairs,
        for :func:`graph.files.check_output`: the graph, the progress file, the --known-files."""
        from graph.basics import bundled_graph_file

        pairs = [("--data" if self.data_path else "bundled graph", self.data_path or bundled_graph_file())]
        return [*pairs, ("progress", self.progress_path), *(("--known-file", f) for f in known_files)]

    @property
    def kg(self):
        """The graph of --data (or the bundled one), loaded once; its warnings printed."""
        if self._kg is None:
            from graph.store import load
            from graph.text import warning_lines

            self._kg = load(self.data_path)
            for line in warning_lines(self._kg.warnings):
                click.echo(line, err=True)
        return self._kg


def warn(message: str) -> None:
    """One warning on stderr, safe for a terminal."""
    from graph.text import visible

    click.echo(f"warning: {visible(message)}", err=True)


#: The exit status of a command stopped by Ctrl-C (128 + SIGINT), as shells use.
INTERRUPTED = 130


class AieGroup(click.Group):
    """Turns every library error into `Error: <one line>` and exit status 1;
    Ctrl-C into exit status 130; a failed write to standard output into one line."""

    def invoke(self, ctx):
        from graph.model import GraphError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `aie-graph list | head`
            sys.stderr.close()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            ctx.exit(INTERRUPTED)
        # RecursionError is a bug, but never a traceback; UnicodeEncodeError, a terminal
        # whose encoding cannot show the text; OSError, the output (not an input) failed
        except (GraphError, RecursionError, UnicodeEncodeError, OSError) as e:
            from graph.text import error_message

            raise click.ClickException(error_message(e)) from None

    def list_commands(self, ctx):
        return list(self.commands)  # in the order they are defined, which is the order of the README


def emit(fmt: str, data, text=None, markdown=None) -> None:
    """The one output path: ``data`` as JSON, or the text/Markdown renderer's result.

    ``data`` may be a function, called only for JSON; a renderer may return one
    string or an iterable of lines, written in chunks as they come (a 100,000-line
    tree is never held whole)."""
    from graph.text import chunks, to_json

    if fmt == "json":
        click.echo(to_json(data() if callable(data) else data))
        return
    for chunk in chunks(markdown() if fmt == "markdown" else text()):
        click.echo(chunk)


# ----------------------------------------------------------------------------- the commands


@click.group(cls=AieGroup, context_settings=CONTEXT_SETTINGS)
@graph_options
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
    from graph.query import concepts_of_types
    from graph.text import concept_row, concepts_text

    concepts = concepts_of_types(state.kg, check_types(state.kg, types))
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
    from graph.text import concept_row, search_text
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
    from graph.text import show_data, show_text
    from graph.query import resolve

    kg = state.kg
    c = kg[resolve(kg, concept)]
    emit(fmt, lambda: show_data(kg, c), lambda: show_text(kg, c))


def show_closure(state, concept, depth, fmt, reverse: bool) -> None:
    """The body of ``prereqs`` (``reverse=False``) or ``dependents``: JSON rows or a tree."""
    from graph.query import dependents, prerequisites, resolve
    from graph.text import closure_lines, closure_rows

    kg = state.kg
    cid = resolve(kg, concept)
    found = dependents if reverse else prerequisites
    emit(fmt, lambda: closure_rows(found(kg, cid, depth)), lambda: closure_lines(kg, cid, depth, reverse))


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
    show_closure(state, concept, depth, fmt, reverse=False)


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
    show_closure(state, concept, depth, fmt, reverse=True)


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
    from graph.text import path_text
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
    from graph.progress import goals_overview
    from graph.text import goals_text

    kg = state.kg
    rows = goals_overview(kg, state.known((), ()))
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
    from graph.query import resolve_all
    from graph.text import plan_markdown, plan_notes, plan_text

    kg = state.kg
    p = plan(kg, resolve_all(kg, goals), state.known(known, known_files))
    for note in plan_notes(kg, p):
        click.echo(note, err=True)
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
    from graph.query import resolve_all
    from graph.text import next_text

    kg = state.kg
    goal_ids = resolve_all(kg, goals)
    found = next_steps(kg, goal_ids, state.known(known, known_files))
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
    from graph.basics import bundled_graph_file
    from graph.store import read_and_validate
    from graph.text import problem_lines, validate_summary

    if path == "":  # an unset variable in a script: checking the bundled graph instead would test nothing
        raise click.BadParameter("an empty path: name a graph file, or leave it out", param_hint="PATH")
    path = path or ctx.obj.data_path or bundled_graph_file()
    data, problems = read_and_validate(path, redundant=not no_redundant)
    for line in problem_lines(problems):
        click.echo(line)
    if any(p.severity == "error" for p in problems):
        ctx.exit(1)
    click.echo(validate_summary(path, len(data.get("concepts", [])), len(data.get("relations", [])), len(problems)))


@cli.command()
@format_option()
@pass_state
def stats(state, fmt):
    """Counts by type, foundations, the longest chain, cycles.

    \b
    Example:
      aie-graph stats --format json
    """
    from graph.analysis import stats as graph_stats
    from graph.text import stats_text

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
    from graph.analysis import types_summary
    from graph.text import types_text

    data = types_summary(state.kg)
    emit(fmt, data, lambda: types_text(data))


def selection_from_options(state, concepts, depth, mode, goals, known, known_files, types, relation_types, keep_known=False):
    """Resolve the selection options and make the library call. ``keep_known`` (a
    view): what is known stays in the selection, marked, in any view."""
    from graph.query import resolve_all
    from graph.select import select

    kg = state.kg
    types = check_types(kg, types)
    check_selection(concepts, depth, mode, goals, known, known_files, known_marks_any_view=keep_known)
    focus, curriculum = resolve_all(kg, concepts), resolve_all(kg, goals)
    return select(kg, focus, depth=depth, mode=mode or "neighbourhood", curriculum=curriculum,
                  known=state.known(known, known_files), node_types=types, relation_types=relation_types,
                  keep_known=keep_known)


# ----------------------------------------------------------------------------- views


@cli.command()
@selection_options
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="The HTML file to write (one self-contained file that works offline; default: named after "
              "the view, in the current folder), - for standard output.")
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
    from graph.files import check_output
    from graph.render import view_html, write_view
    from graph.select import view_file_name, view_path
    from graph.text import view_name_note, visible

    chosen = selection_from_options(state, concepts, depth, mode, goals, known, known_files, types, relation_types,
                                    keep_known=True)
    target = output if output is not None else view_path(chosen)
    if not check_output(str(target), state.inputs(known_files)):  # -o -
        click.echo(view_html(state.kg, chosen, title=title), nl=False)
        return
    if output is None and target.name != view_file_name(chosen):
        click.echo(view_name_note(view_file_name(chosen), target.name), err=True)
    try:
        path = write_view(target, state.kg, chosen, title=title)
    except OSError as e:
        raise click.ClickException(f"cannot write {visible(target)}: {e.strerror or e}") from None
    url = path.resolve().as_uri()
    click.echo(visible(url))
    if open_browser and not open_in_browser(url):
        raise click.ClickException(f"no web browser could be started here; open {visible(url)} in one")


# ----------------------------------------------------------------------------- import and export


@cli.command("import")
@click.option("--concepts", "concepts_path", required=True, type=click.Path(dir_okay=False),
              help="CSV with a header of at least id,name (see docs/interop.md).")
@click.option("--relations", "relations_path", type=click.Path(dir_okay=False),
              help="CSV with a header of at least source,target; type defaults to prerequisite.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Graph file to write, - for standard output.")
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
    from graph.csvfile import import_csv
    from graph.files import check_output, write_output
    from graph.model import InvalidGraph
    from graph.store import dumps
    from graph.text import import_summary, visible

    to_file = check_output(output, [("--concepts", concepts_path), ("--relations", relations_path)])
    try:
        result = import_csv(concepts_path, relations_path)
    except InvalidGraph as e:
        for p in e.problems:
            click.echo(f"Error: {visible(p)}", err=True)
        ctx.exit(1)
    for p in result.problems:
        click.echo(f"warning: {visible(p)}", err=True)
    if not to_file:
        click.echo(dumps(result.kg), nl=False)
        click.echo(import_summary(result, "standard output"), err=True)
        return
    write_output(output, dumps(result.kg))
    click.echo(import_summary(result, output), err=True)
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

    The selection options choose the part, as for `view`.
    GraphML and GEXF for Gephi and Cytoscape, node-link JSON (networkx), DOT for
    graphviz, a Mermaid flowchart, SKOS in Turtle (needs rdflib), or csv (two
    files in the import format).

    \b
    Examples:
      aie-graph export --to graphml -o concepts.graphml
      aie-graph export --to mermaid --curriculum rag -o plan.mmd
      aie-graph export --to csv -o exported/
    """
    from graph.export import check_export_output, export as export_to, export_notes, write_export
    from graph.text import graph_size, visible

    if fmt == "csv" and output == "-":
        raise click.BadParameter("csv writes two files: give a directory", param_hint="--output")
    check_export_output(fmt, output, state.inputs(known_files))
    kg = selection_from_options(state, concepts, depth, mode, goals, known, known_files, types, relation_types).subgraph
    content = export_to(kg, fmt, base_uri=base_uri)
    for note in export_notes(kg, fmt, content):
        warn(note)
    if output == "-":  # never for csv
        click.echo(content, nl=False)
        return
    written = write_export(kg, fmt, content, output)
    click.echo(f"exported {graph_size(kg)} as {fmt}", err=True)
    for path in written:
        click.echo(visible(path))

# ----------------------------------------------------------------------------- learner progress


def report_change(state, kg, change, done: str, undone_note: str, fmt: str, ready=None) -> None:
    """Print what `learned` / `unlearn` did: notes on stderr, the summary on stdout;
    ``ready`` (for `learned`) names the concepts it made ready to learn."""
    from graph.progress import change_summary
    from graph.text import change_text, progress_label

    data = change_summary(kg, state.progress_path, change, ready, warn)
    for cid in change.unchanged:
        click.echo(f"note: {progress_label(kg, cid)} {undone_note}", err=True)
    emit(fmt, data, lambda: change_text(kg, data, done))


@cli.command()
@concept_argument("concepts", nargs=-1, required=False)
@click.option("--from-file", "from_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Also the concepts named in FILE, one per line (the --known-file format; "
              "a view's \"Download known list\" writes one).")
@format_option()
@pass_state
def learned(state, concepts, from_files, fmt):
    """Mark CONCEPTS as learned in your progress file.

    `curriculum`, `next`, `progress`, `goals` and `view` then treat them as
    known. Says which concepts became ready to learn.

    \b
    Examples:
      aie-graph learned token "language model"
      aie-graph learned --from-file known.txt
    """
    if not concepts and not from_files:
        raise click.UsageError("name at least one CONCEPT or --from-file FILE")
    from graph.progress import known_ids, learn, newly_ready
    from graph.text import visible

    kg = state.kg
    ids = known_ids(kg, None, concepts, from_files,
                    empty_file=lambda path: click.echo(f"note: {visible(path)} names no concept", err=True))
    change = learn(state.progress_path, ids)
    report_change(state, kg, change, "Learned", "was already learned", fmt, newly_ready(kg, change))


@cli.command()
@learned_argument("concepts")
@format_option()
@pass_state
def unlearn(state, concepts, fmt):
    """Remove CONCEPTS from your progress file.

    An id the graph no longer has works too.

    \b
    Example:
      aie-graph unlearn tokenization
    """
    from graph.progress import ids_to_unlearn, unlearn as forget

    kg = state.kg
    ids = ids_to_unlearn(kg, state.progress_path, concepts)
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
    from graph.model import CorruptProgress
    from graph.progress import ProgressFile, progress_summary
    from graph.query import resolve_all
    from graph.text import corrupt_progress_message, progress_text

    kg = state.kg
    goal_ids = resolve_all(kg, goals)
    try:
        saved = ProgressFile(state.progress_path).read()
    except CorruptProgress as e:
        raise click.ClickException(corrupt_progress_message(e)) from None
    data = progress_summary(kg, state.progress_path, saved, goal_ids, warn)
    emit(fmt, data, lambda: progress_text(kg, data, goal_ids))


def main():
    """The console script ``aie-graph``.

    The one place that changes process-wide state for speed (docs/benchmarks.md,
    "What was changed, and why"). One command is one short process that builds big
    structures and keeps them to the end: with the cycle collector on, loading
    100,000 concepts, building their DiGraph and planning took 5.7 to 6.0 s, with it
    off 3.4 to 3.9 s (the library makes no reference cycles, so there is nothing for
    it to find); so it stays off. On exit Python clears every module and runs the
    collector over what remains, 60 to 90 ms after ``import networkx, click, json``
    alone; ``gc.freeze()`` once the command is done takes every object out of its
    sight (objects are still released, files flushed, atexit handlers run). The
    library itself never touches the collector.
    """
    import gc

    gc.disable()
    forgiving_streams()
    code = 0
    try:
        cli(prog_name="aie-graph")
    except SystemExit as e:
        code = e.code
    except KeyboardInterrupt:  # before or after a command ran
        code = INTERRUPTED
    finally:
        gc.freeze()
    sys.exit(flush_stdout(code))


if __name__ == "__main__":
    main()
