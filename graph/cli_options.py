"""The command line's shared options, as decorator factories (so every command
offers the same formats, concept arguments and selection options): part of the
command line, kept apart so that graph/cli.py holds the commands.

Click and the standard library only, like everything ``--help`` imports.
"""

from __future__ import annotations

import json
import os

import click

from .basics import RELATION_TYPE_NAMES, bundled_graph_file, normalize_name

FORMATS = ("text", "json")


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


depth_option = click.option(
    "--depth", "-d", type=click.IntRange(min=1), default=None, help="Only this many steps away (default: all)."
)


def selection_options(f):
    """The options that choose part of the graph, shared by `view` and `export`."""
    decorators = [
        concept_argument("concepts", nargs=-1, required=False),
        click.option("--depth", "-d", type=click.IntRange(min=1), default=None,
                     help="Neighbourhood radius (default 1), or closure depth with --prereqs/--dependents."),
        click.option("--prereqs", "mode", flag_value="prereqs", help="The CONCEPTS and everything they need."),
        click.option("--dependents", "mode", flag_value="dependents", help="The CONCEPTS and everything they unlock."),
        click.option("--curriculum", "goals", multiple=True, metavar="GOAL", shell_complete=complete_concept,
                     help="The study plan to GOAL (repeatable)."),
        known_options,
        click.option("--type", "-t", "types", multiple=True, metavar="TYPE", help="Only concepts of this node type (repeatable)."),
        click.option("--relation", "-r", "relation_types", multiple=True, type=click.Choice(RELATION_TYPE_NAMES),
                     help="Only relations of this type (repeatable)."),
    ]
    for decorator in reversed(decorators):
        f = decorator(f)
    return f
