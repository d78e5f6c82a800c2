"""Interactive views: one self-contained HTML page drawing a graph with vis-network.

The page works from one file, offline: vis-network (from the pyvis package, see
``graph/vendor/``), the page's own script and style, and the graph data are all
inlined; a Content-Security-Policy forbids fetching anything at all.

What comes from pyvis: the vis-network build itself and the network options,
made with pyvis's :class:`pyvis.options.Options`. What does not: pyvis's
``add_node``/``from_nx`` (they check membership in a list, so building is
quadratic), its page template (it loads from CDNs and puts data into markup
unescaped) and its force layout (slow for big graphs). Positions are computed in
Python (:mod:`graph.layout`: layers in the prerequisite order), so the page draws at
once, the same on every machine.

Data is text, never markup: the graph travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and
the page's script builds every element with ``textContent``.

>>> from graph.store import from_dict
>>> kg = from_dict({"concepts": [{"id": "a", "name": "A <b>", "type": "concept"},
...                              {"id": "b", "name": "B", "type": "concept"}],
...                 "relations": [{"source": "a", "type": "prerequisite", "target": "b"}]})
>>> page = view_html(kg)
>>> page.startswith("<!DOCTYPE html>"), "A <b>" in page, "A \\\\u003cb\\\\u003e" in page
(True, False, True)
>>> positions = layout(kg)
>>> positions["a"][0] < positions["b"][0]
True
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path

from .basics import bundled_graph_file, plural, shorten
from .files import write_atomic
from .layout import columns_layout, grid_columns, layered_layout
from .model import RELATION_TYPES, KnowledgeGraph
from .output import UNSAFE_IN_JSON
from .select import Selection, select

_HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = _HERE / "templates"
VENDOR_DIR = _HERE / "vendor"
VIS_NETWORK_JS = VENDOR_DIR / "vis-network.min.js"

#: Headless Chromium as the browser tests, the view benchmark and the screenshot
#: script start it: Debian's build, and no background traffic (the page must
#: work offline, and this machine's network refuses it anyway).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

#: Node types grouped into families, one colour each (Tableau 10, told apart at a
#: glance); within a family the types differ by shape, all drawn with the label below.
#: Shapes that look alike at node size (dot and hexagon) never share a family. Green
#: is left to the page's "ready to learn" ring.
TYPE_FAMILIES: dict[str, tuple[str, dict[str, str]]] = {
    "Foundations": ("#4e79a7", {"concept": "dot", "math": "square", "property": "diamond"}),
    "Methods": ("#f28e2b", {"technique": "dot", "process": "diamond"}),
    "Architecture": ("#ff9da7", {"architecture": "hexagon", "component": "square"}),
    "Models": ("#76b7b2", {"model_type": "triangle", "model": "dot"}),
    "Data and evaluation": ("#edc948", {"data": "square", "benchmark": "star", "metric": "triangle"}),
    "Tools and products": ("#9c755f", {"tool": "triangleDown", "product": "square"}),
    "Fields and paradigms": ("#b07aa1", {"discipline": "star", "paradigm": "hexagon", "layer": "square"}),
    "Challenges": ("#e15759", {"challenge": "triangleDown"}),
}
#: Types a graph declares itself take a colour no family of the graph uses, as a
#: family of their own; once those run out they share this one, told apart by shape.
OTHER_FAMILY = ("Other types", "#8c96a0")
_SHAPES = ("dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon")

#: How each relation type is drawn: colour, width, dashes (False or a dash pattern)
#: and arrow head (vis-network's arrow types; symmetric relations have none). Colour,
#: head and weight all differ, so relations tell apart where dashes are not drawn.
RELATION_STYLES: dict[str, dict] = {
    "prerequisite": {"color": "#26313d", "width": 2.2, "dashes": False, "arrow": "arrow"},
    "is_a": {"color": "#2f80ed", "width": 1.5, "dashes": [10, 5], "arrow": "vee"},
    "part_of": {"color": "#2e9e52", "width": 1.5, "dashes": [4, 4], "arrow": "diamond"},
    "contrasts_with": {"color": "#e5484d", "width": 1.5, "dashes": [2, 5], "arrow": None},
    "related_to": {"color": "#b4bcc6", "width": 1, "dashes": [2, 4], "arrow": None},
    "used_for": {"color": "#f2994a", "width": 1.5, "dashes": False, "arrow": "circle"},
    "example_of": {"color": "#9b51e0", "width": 1.5, "dashes": [6, 3], "arrow": "bar"},
    "equivalent_to": {"color": "#12a4b5", "width": 2, "dashes": [1, 3], "arrow": None},
}

#: Relations are told apart by dashes too in graphs up to this size. Zoomed far out,
#: a dashed line is thousands of dashes, and drawing those is what slows big graphs.
DASHES_UP_TO = 500

#: Long labels wrap onto several lines in graphs up to this size (wrapping measures
#: every word, which slows the first frame of big graphs).
WRAP_LABELS_UP_TO = 2000

#: Label size in canvas pixels, and the on-screen size below which vis-network does
#: not draw a label (it fades in over the pixel above): a label is read at 10 px or
#: more, and none is drawn at under 8.
FONT_SIZE = 14
LABEL_DRAW_THRESHOLD = 9

#: A plan's stage is a column of at most this many steps (more wrap into sub-columns,
#: left to right in step order), so a column is read whole at a readable scale.
PLAN_ROWS = 10


# ----------------------------------------------------------------------------- layout


def layout(kg: KnowledgeGraph, *, rank: dict[str, int] | None = None) -> dict[str, tuple[int, int]]:
    """Positions ``{id: (x, y)}`` in canvas pixels of the whole of ``kg``: the layered
    layout of its prerequisites (:func:`graph.layout.layered_layout`), the concepts
    without one beside a concept they relate to. Ties follow ``rank`` (default: book
    order).

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abc"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "c"},
    ...                 {"source": "b", "type": "prerequisite", "target": "c"}]})
    >>> layout(kg)
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 0)}
    """
    related = ((r.source, r.target) for r in kg.relations if r.type != "prerequisite")
    return layered_layout(kg.prerequisite_graph, related, rank if rank is not None else kg.book_rank())


def plan_layout(kg: KnowledgeGraph, plan) -> dict[str, tuple[int, int]]:
    """Positions for a study plan's view: the known concepts the plan needs in a first
    column, then one column per stage, steps top down in step order; so no step is
    drawn left of an earlier one. Heights follow the edges (few crossings, straight
    edges) unless a column holds more than :data:`PLAN_ROWS`: then columns wrap, evenly
    spaced.

    >>> from graph.store import from_dict
    >>> from graph.curriculum import plan
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abc"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "c"},
    ...                 {"source": "b", "type": "prerequisite", "target": "c"}]})
    >>> {cid: x for cid, (x, y) in plan_layout(kg, plan(kg, ["c"], known=["a"])).items()}
    {'a': 0, 'b': 220, 'c': 440}
    """
    steps = {s.id for s in plan.steps}
    rank = kg.book_rank()
    columns = [sorted((c for c in kg.concepts if c not in steps), key=rank.__getitem__)]
    for stage in plan.stages:
        columns.append([s.id for s in stage if s.id in kg.concepts])
    columns = [c for c in columns if c]
    if max(map(len, columns), default=0) > PLAN_ROWS:
        positions = grid_columns(columns, max_rows=PLAN_ROWS)
    else:
        # Steps keep their order down a column; heights (and the known concepts'
        # order) are free to make edges straight and crossings few.
        positions = columns_layout(kg.prerequisite_graph, columns, fixed=steps)
    return {cid: positions[cid] for cid in kg.concepts}


# ----------------------------------------------------------------------------- page data


def type_styles(type_names) -> dict[str, tuple[str, str, str]]:
    """Colour, shape and family of each node type: the families of
    :data:`TYPE_FAMILIES`, then a family of its own in a free colour for each type the
    table does not know, then :data:`OTHER_FAMILY`.

    >>> type_styles(["technique", "my_type"])
    {'technique': ('#f28e2b', 'dot', 'Methods'), 'my_type': ('#4e79a7', 'dot', 'my_type')}
    """
    known = {t: (colour, shape, family) for family, (colour, shapes) in TYPE_FAMILIES.items() for t, shape in shapes.items()}
    names = list(type_names)
    used = {known[t][0] for t in names if t in known}
    free = [colour for colour, _ in TYPE_FAMILIES.values() if colour not in used]
    out = {}
    others = 0
    for name in names:
        if name in known:
            out[name] = known[name]
        elif free:
            out[name] = (free.pop(0), "dot", name)
        else:
            out[name] = (OTHER_FAMILY[1], _SHAPES[others % len(_SHAPES)], OTHER_FAMILY[0])
            others += 1
    return out


def vis_options(node_count: int, types=()) -> dict:
    """The vis-network options, made with pyvis's :class:`~pyvis.options.Options`.

    Physics is off: positions come from :func:`layout`, so the page draws at once.
    Each node type (``types``: dicts with ``color`` and ``shape``) becomes a vis group
    named ``t0``, ``t1``... in order (never the type's name: that is data); the edge
    defaults are the prerequisite style (the commonest edge), so most items carry
    nothing but their ends and vis parses each style once. Labels under
    :data:`LABEL_DRAW_THRESHOLD` - 1 pixels on screen are not drawn.
    """
    from pyvis.options import Options

    options = Options()
    options.physics.enabled = False
    options.physics.toggle_stabilization(False)
    options.edges.smooth.enabled = False  # straight edges: cheapest to draw
    options.edges.inherit_colors(False)
    options.interaction.hideEdgesOnDrag = node_count > 3000
    result = json.loads(options.to_json())
    result["interaction"].update(
        {"hover": True, "tooltipDelay": 120, "multiselect": False, "keyboard": {"enabled": True, "bindToWindow": False}}
    )
    result["layout"] = {"improvedLayout": False, "randomSeed": 0}
    result["nodes"] = {
        "size": 11,
        "borderWidth": 1.5,
        "font": {"size": FONT_SIZE, "face": "system-ui, sans-serif", "color": "#1d2733", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_DRAW_THRESHOLD}},
    }
    if node_count <= WRAP_LABELS_UP_TO:
        result["nodes"]["widthConstraint"] = {"maximum": 150}
    result["groups"] = {"useDefaultGroups": False}
    for i, t in enumerate(types):
        result["groups"][f"t{i}"] = {
            "shape": t["shape"],
            "color": {
                "background": t["color"],
                "border": "#3d4b5c",
                "highlight": {"background": t["color"], "border": "#0b1a2a"},
                "hover": {"background": t["color"], "border": "#0b1a2a"},
            },
        }
    style = RELATION_STYLES["prerequisite"]
    result["edges"].update(
        {
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
            "arrowStrikethrough": False,
            "width": style["width"],
            "color": {"color": style["color"], "highlight": style["color"], "hover": style["color"], "opacity": 0.8, "inherit": False},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6, "type": style["arrow"]}},
        }
    )
    return result


def progress_key(kg: KnowledgeGraph) -> str:
    """The browser storage key of a learner's marks on views of ``kg``: its title and a
    hash of its concept ids, so every view of one graph shares the marks and another
    graph (or another version with other concepts) does not.

    >>> from graph.store import from_dict
    >>> progress_key(from_dict({"title": "T", "concepts": [{"id": "a", "name": "A", "type": "concept"}]}))
    'aie-graph known: T #ca978112ca1bbdca'
    """
    digest = hashlib.sha256("\n".join(sorted(kg.concepts)).encode("utf-8")).hexdigest()[:16]
    return f"aie-graph known: {kg.title or 'untitled'} #{digest}"


def default_title(kg: KnowledgeGraph, selection) -> str:
    """A heading for the view that says what it shows."""
    names = ", ".join(kg[c].name for c in selection.focus if c in kg)
    if selection.mode == "curriculum":
        goals = ", ".join(kg[g].name for g in (selection.plan.goals if selection.plan else selection.focus))
        return f"Study plan: {goals}"
    if selection.mode == "prereqs":
        return f"Prerequisites of {names}"
    if selection.mode == "dependents":
        return f"What {names} unlocks"
    if selection.mode == "neighbourhood":
        return f"Around {names}"
    return kg.title or "Concept graph"


def page_data(kg: KnowledgeGraph, selection=None, *, title: str | None = None, known=None) -> dict:
    """Everything the page shows, as JSON-ready data.

    ``kg`` is the whole graph and ``selection`` a :class:`graph.select.Selection` of it
    (default: all of it). Nodes carry their text, position and, in a curriculum, the
    step number (in the label: ``"3. Tokenization"``) or ``known``. Edges are compact
    ``[source index, target index, relation index]`` (plus the reason when there is
    one). ``known`` (default: the selection's) lists the ids the learner knows, from
    the progress file and ``--known``: the page starts with those marked. A partial
    view also carries the prerequisite pairs of the rest of the graph, so the page
    decides what is known and ready by the rule of ``aie-graph next``.
    """
    selection = selection if selection is not None else Selection(kg)
    sub = selection.kg
    index = {cid: i for i, cid in enumerate(sub.concepts)}
    nodes = _nodes(kg, selection, index)
    edges, relation_counts = _edges(sub, index)
    types, families = _type_legend(kg, sub)
    relations = _relation_legend(relation_counts, len(nodes))
    n = len(nodes)
    rank = kg.book_rank()
    data = {
        "title": title if title is not None else default_title(kg, selection),
        "summary": _summary(n, len(edges), selection.plan),
        "mode": selection.mode,
        "focus": [c for c in selection.focus if c in index],
        "nodes": nodes,
        "edges": edges,
        "types": types,
        "families": families,
        "relations": relations,
        "options": vis_options(n, types),
        "book_order": sorted(range(n), key=lambda i: rank[nodes[i]["id"]]),
        "known": [c for c in dict.fromkeys(selection.known if known is None else known) if c in kg.concepts],
        "progress_key": progress_key(kg),
        "data_file": _data_file_option(kg),
    }
    if selection.mode != "all":
        data.update(_outside(kg, index))
    return data


def _nodes(kg: KnowledgeGraph, selection, index: dict[str, int]) -> list[dict]:
    """The page's nodes, in the order of ``index`` (the selection's concepts): text,
    position (:func:`plan_layout` for a plan, else :func:`layout` in book order of
    ``kg``), step number or ``known`` in a plan, ``focus``, and in a partial view the
    counts of prerequisites and dependents in ``kg`` the view leaves out."""
    sub = selection.kg
    step_of: dict[str, int] = {}
    if selection.plan is not None:
        step_of = {s.id: s.step for s in selection.plan.steps}
        positions = plan_layout(sub, selection.plan)
    else:
        positions = layout(sub, rank=kg.book_rank())
    focus = set(selection.focus)
    is_part = selection.mode != "all"
    nodes = []
    for cid, c in sub.concepts.items():
        x, y = positions[cid]
        node: dict = {"id": cid, "name": c.name, "type": c.type, "label": shorten(c.name), "x": x, "y": y}
        if c.aliases:
            node["aliases"] = list(c.aliases)
        if c.definition:
            node["definition"] = c.definition
        if c.source is not None:
            node["source"] = {k: v for k, v in (("chapter", c.source.chapter), ("section", c.source.section)) if v is not None}
        if c.hours is not None:
            node["hours"] = c.hours
        if selection.plan is not None:
            if cid in step_of:
                node["step"] = step_of[cid]
                node["label"] = f"{step_of[cid]}. {shorten(c.name)}"
            else:
                node["known"] = True
        if cid in focus:
            node["focus"] = True
        if is_part:
            # Prerequisites and dependents the view leaves out, so the panel can say so.
            out, into = kg.relations_of(cid)
            more_prereqs = sum(1 for r in into if r.type == "prerequisite" and r.source not in index)
            more_dependents = sum(1 for r in out if r.type == "prerequisite" and r.target not in index)
            if more_prereqs:
                node["more_prereqs"] = more_prereqs
            if more_dependents:
                node["more_dependents"] = more_dependents
        nodes.append(node)
    return nodes


def _edges(sub: KnowledgeGraph, index: dict[str, int]) -> tuple[list[list], dict[str, int]]:
    """The page's edges ``[source index, target index, relation index(, reason)]`` of
    ``sub``'s relations (both ends in ``index``), and the count of each relation type."""
    relation_index = {name: i for i, name in enumerate(RELATION_TYPES)}
    edges = []
    relation_counts = dict.fromkeys(RELATION_TYPES, 0)
    for r in sub.relations:
        edge: list = [index[r.source], index[r.target], relation_index[r.type]]
        if r.reason:
            edge.append(r.reason)
        edges.append(edge)
        relation_counts[r.type] += 1
    return edges, relation_counts


def _type_legend(kg: KnowledgeGraph, sub: KnowledgeGraph) -> tuple[list[dict], list[dict]]:
    """The node types ``sub`` shows (styled by :func:`type_styles` over all of ``kg``'s
    types, so a type looks the same in every view of ``kg``), grouped by family, and the
    families in the order of their first type; each family lists its types' indices."""
    type_counts: dict[str, int] = {}
    for c in sub.concepts.values():
        type_counts[c.type] = type_counts.get(c.type, 0) + 1
    names = list(dict.fromkeys([*kg.node_types, *type_counts]))
    styles = type_styles(names)
    shown = [t for t in names if t in type_counts]
    families: list[dict] = []
    family_index: dict[str, int] = {}
    for t in shown:  # families in the order of their first type
        family = styles[t][2]
        if family not in family_index:
            family_index[family] = len(families)
            families.append({"name": family, "color": styles[t][0], "types": []})
    types = []
    for t in sorted(shown, key=lambda t: family_index[styles[t][2]]):
        families[family_index[styles[t][2]]]["types"].append(len(types))
        types.append({
            "name": t, "description": kg.node_types.get(t, ""), "color": styles[t][0], "shape": styles[t][1],
            "family": family_index[styles[t][2]], "count": type_counts[t],
        })
    return types, families


def _relation_legend(relation_counts: dict[str, int], node_count: int) -> list[dict]:
    """Every relation type with its reading, count and :data:`RELATION_STYLES`; without
    dashes in views of more than :data:`DASHES_UP_TO` nodes."""
    relations = [
        {"name": name, "reads": rt.reads, "symmetric": rt.symmetric, "count": relation_counts[name], **RELATION_STYLES[name]}
        for name, rt in RELATION_TYPES.items()
    ]
    if node_count > DASHES_UP_TO:
        for r in relations:
            r["dashes"] = False
    return relations


def _summary(n: int, m: int, plan) -> str:
    """The view's one-line count of concepts and relations (and a plan's steps).

    >>> _summary(1, 2, None)
    '1 concept, 2 relations'
    """
    summary = f"{plural(n, 'concept')}, {plural(m, 'relation')}"
    if plan is not None:
        summary += f"; {plural(len(plan.steps), 'step')} to study"
    return summary


def _outside(kg: KnowledgeGraph, index: dict[str, int]) -> dict:
    """For a partial view (its nodes numbered by ``index``), the rest of ``kg``'s
    prerequisite graph, for the rule of ``next``: ``outside`` ids, then
    ``outside_prereqs``, pairs of indices into nodes + outside ids (those not both in
    the view)."""
    n = len(index)
    outside = [cid for cid in kg.concepts if cid not in index]
    where = dict(index)
    where.update((cid, n + i) for i, cid in enumerate(outside))
    return {
        "outside": outside,
        "outside_prereqs": [[where[a], where[b]] for a, b in kg.prerequisite_graph.edges if not (a in index and b in index)],
    }


def _data_file_option(kg: KnowledgeGraph) -> str | None:
    """The graph file's name for commands the page suggests (``--data NAME``), or None
    for the bundled graph. Only the name: a page may be shared, a path is private."""
    if not kg.file:
        return None
    try:
        if Path(kg.file).resolve() == Path(bundled_graph_file()).resolve():
            return None
    except OSError:
        pass
    return Path(kg.file).name


# ----------------------------------------------------------------------------- the page

# Besides what could end the element, the characters JSON output escapes for a
# terminal (graph.output): those that could make the file's source read differently
# from what it is (bidirectional controls, C1 controls).
_SCRIPT_UNSAFE = re.compile("[<>&" + UNSAFE_IN_JSON[1:])


def script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survives, so no
    ``</script>`` or ``<!--`` can end or confuse the element; nor does any bidirectional
    control character (JSON already escapes the C0 controls).

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _inline_script(code: str) -> str:
    """Code safe to inline in a ``<script>`` element (checked, not trusted)."""
    code = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", code)  # no map is shipped
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise ValueError("script holds </script or <!-- and cannot be inlined")
    return code


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def view_html(kg: KnowledgeGraph, selection=None, *, title: str | None = None, known=None) -> str:
    """The page, as one self-contained HTML string (see :func:`page_data`)."""
    from . import __version__

    data = page_data(kg, selection, title=title, known=known)
    parts = {
        "title": html.escape(data["title"]),
        "version": html.escape(__version__),
        "css": _read(TEMPLATE_DIR / "view.css"),
        "data": script_json(data),
        "vis": _inline_script(_read(VIS_NETWORK_JS)),
        "script": _inline_script(_read(TEMPLATE_DIR / "view.js")),
    }
    # One pass, so nothing substituted is scanned again for placeholders.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _read(TEMPLATE_DIR / "view.html"))


def write_view(path: str | os.PathLike, kg: KnowledgeGraph, selection=None, *, title: str | None = None, known=None) -> Path:
    """Write the page to ``path`` (atomically, UTF-8) and return the path."""
    return View(kg, selection, title=title, known=known).save(path)


class View:
    """A view for notebooks: Jupyter shows it inline (in a sandboxed iframe).

    >>> from graph.store import from_dict
    >>> v = View(from_dict({"concepts": [{"id": "a", "name": "A", "type": "concept"}]}))
    >>> v._repr_html_().startswith('<iframe sandbox="allow-scripts"')
    True
    """

    def __init__(self, kg: KnowledgeGraph, selection=None, *, title: str | None = None, height: int = 640, known=None):
        self.kg, self.selection, self.title, self.height, self.known = kg, selection, title, height, known
        self._html: str | None = None

    @property
    def html(self) -> str:
        """The page (built once)."""
        if self._html is None:
            self._html = view_html(self.kg, self.selection, title=self.title, known=self.known)
        return self._html

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` atomically."""
        write_atomic(path, self.html)
        return Path(path)

    def _repr_html_(self) -> str:
        # srcdoc is an attribute: escaping it makes the page its value, nothing more.
        return (
            f'<iframe sandbox="allow-scripts" style="width:100%;height:{int(self.height)}px;border:1px solid #ccd"'
            f' srcdoc="{html.escape(self.html, quote=True)}"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<View of {len(self.selection.kg if self.selection else self.kg)} concepts>"


def view(kg: KnowledgeGraph, concepts=(), *, title: str | None = None, **select_options) -> View:
    """A :class:`View` of ``kg`` or part of it: ``concepts`` and ``select_options`` are
    those of :func:`graph.select.select` (ids, ``mode=``, ``depth=``, ``curriculum=``,
    ``known=``...). The page starts with the ``known`` concepts marked known.
    """
    chosen = select(kg, concepts, **select_options) if (concepts or select_options) else None
    return View(kg, chosen, title=title, known=select_options.get("known", ()))
