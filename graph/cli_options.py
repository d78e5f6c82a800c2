"""The command line's shared options, as decorator factories (so every command
offers the same formats, concept arguments and selection options), and its helpers
that need nothing of the library (the standard streams, a browser): part of the
command line, kept apart so that graph/cli.py holds the commands.

Click and the standard library only, like everything ``--help`` imports.
"""

from __future__ import annotations

import json
import os
import sys

import click

from .basics import NODE_TYPE_NAMES, PROGRESS_ENV_VAR, RELATION_TYPE_NAMES, bundled_graph_file, default_progress_file
from .basics import normalize_name

FORMATS = ("text", "json")
DATA_ENV_VAR = "AIE_GRAPH_DATA"


def graph_options(f):
    """The group's ``--data`` and ``--progress``: the graph file and the learner's
    progress file (completion reads them as ``data`` and ``progress_path``)."""
    f = click.option(
        "--progress",
        "progress_path",
        type=click.Path(dir_okay=False),
        envvar=PROGRESS_ENV_VAR,
        help="Your learner progress file (default: progress.json in the aie-graph config folder; "
        f"env: {PROGRESS_ENV_VAR}).",
    )(f)
    return click.option(
        "--data",
        type=click.Path(dir_okay=False),
        envvar=DATA_ENV_VAR,
        help=f"Graph file to use instead of the bundled AI-engineering graph (env: {DATA_ENV_VAR}).",
    )(f)


def format_option(*formats):
    """``--format``: text and json, or the ``formats`` given."""
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
    from click.shell_completion import CompletionItem  # only when completing

    concepts = [c for c in _graph_json(ctx).get("concepts", []) if isinstance(c, dict)]
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
    root = ctx.find_root()
    path = root.params.get("data") or os.environ.get(DATA_ENV_VAR) or bundled_graph_file()
    try:  # plain json: completion must be instant, and a bad file simply completes nothing
        with open(path, "rb") as f:
            data = json.load(f)
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def complete_learned(ctx, param, incomplete):
    """Tab completion for `unlearn`: the concepts marked learned in the progress file."""
    from click.shell_completion import CompletionItem  # only when completing

    path = ctx.find_root().params.get("progress_path") or default_progress_file()
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


def learned_argument(name: str = "concepts"):
    """Concept arguments completed from the learned concepts (for `unlearn`)."""
    return click.argument(name, nargs=-1, required=True, shell_complete=complete_learned)


def concept_argument(name: str = "concept", nargs: int = 1, required: bool = True):
    """A concept argument (an id, name or alias), completed from the graph file."""
    return click.argument(name, nargs=nargs, required=required, shell_complete=complete_concept)


def known_options(f):
    """``--known`` and ``--known-file``: what the learner already knows."""
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


def complete_type(ctx, param, incomplete):
    """Tab completion of --type: the built-in node types and those the graph declares."""
    declared = _graph_json(ctx).get("node_types")
    names = [*NODE_TYPE_NAMES, *(declared if isinstance(declared, dict) else ())]
    return [t for t in dict.fromkeys(names) if isinstance(t, str) and t.casefold().startswith(incomplete.casefold())]


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


depth_option = click.option(
    "--depth", "-d", type=click.IntRange(min=1), default=None, help="Only this many steps away (default: all)."
)


def _mode_flag(ctx, param, value):
    """--prereqs and --dependents set one `mode`; giving both is a usage error."""
    if value:
        if ctx.params.get("mode"):
            raise click.UsageError(f"--{ctx.params['mode']} and --{param.name} exclude each other")
        ctx.params["mode"] = param.name
    else:
        ctx.params.setdefault("mode", None)


def check_selection(concepts, depth, mode, goals, known, known_files, known_marks_any_view=False) -> None:
    """Usage errors (exit 2) for selection options that exclude each other or need
    another. ``known_marks_any_view``: what the learner knows matters without
    --curriculum too (a view marks it in any page)."""
    if goals and concepts:
        raise click.UsageError(
            "CONCEPT arguments and --curriculum exclude each other (for several goals, repeat the option: "
            "--curriculum rag --curriculum finetuning)"
        )
    if goals and (mode or depth is not None):
        raise click.UsageError(f"--curriculum and {'--' + mode if mode else '--depth'} exclude each other")
    if (known or known_files) and not goals and not known_marks_any_view:
        raise click.UsageError(f"{'--known' if known else '--known-file'} only applies with --curriculum")
    if mode and not concepts:
        raise click.UsageError(f"--{mode} needs at least one CONCEPT")
    if depth is not None and not concepts:
        raise click.UsageError("--depth needs at least one CONCEPT")


def open_in_browser(url: str) -> bool:
    """What ``view --open`` does: open ``url`` in the user's browser; False when none
    can be started (no display, no browser installed), instead of whatever noise the
    system prints."""
    import webbrowser  # only for --open

    graphical = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not graphical and not os.environ.get("BROWSER"):
        return False  # only a text browser could start, and the page needs JavaScript
    try:
        return bool(webbrowser.get().open(url))
    except webbrowser.Error:
        return False


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


# ----------------------------------------------------------------------------- the standard streams


def forgiving_streams() -> None:
    """Make standard output and error write text a terminal's encoding cannot show
    (cp1252...) as an escape, never a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # pragma: no cover - replaced streams
            pass


def flush_stdout(code):
    """Flush standard output before exit, so that a full disk (``> /dev/full``) is
    one line and exit status 1 rather than Python's "Exception ignored" at exit;
    the exit status to use."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as e:
        sys.stderr.write(f"Error: standard output: cannot write: {e.strerror or e}\n")
        code = code or 1
    else:
        return code
    try:  # nothing more can reach it: let the exit-time flush find nothing to write
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass
    return code
