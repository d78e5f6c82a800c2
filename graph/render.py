"""Interactive views: one self-contained HTML page drawing a graph with vis-network.

The page works from one file, offline: vis-network (from the pyvis package, see
``graph/vendor/``), the page's own script and style, and the graph data are all
inlined; a Content-Security-Policy forbids fetching anything at all.

What comes from pyvis: the vis-network build itself and the network options,
made with pyvis's :class:`pyvis.options.Options`. What does not: pyvis's
``add_node``/``from_nx`` (they check membership in a list, so building is
quadratic), its page template (it loads from CDNs and puts data into markup
unescaped) and its force layout (slow for big graphs). Positions are computed here,
in layers from the prerequisite order, so the page draws at once.

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

import html
import json
import math
import os
import re
from pathlib import Path

from .basics import shorten
from .files import write_atomic
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

#: Colour and vis-network shape of each node type of the bundled graph. Shapes are
#: all drawn with the label below, so every node reads the same way.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "concept": ("#8fa3b8", "dot"),
    "discipline": ("#4e79a7", "star"),
    "technique": ("#f28e2b", "dot"),
    "process": ("#59a14f", "diamond"),
    "architecture": ("#e15759", "square"),
    "component": ("#ff9da7", "square"),
    "model_type": ("#b07aa1", "triangle"),
    "model": ("#9c755f", "triangleDown"),
    "tool": ("#76b7b2", "hexagon"),
    "benchmark": ("#edc948", "triangle"),
    "metric": ("#bab0ac", "diamond"),
    "math": ("#6b8e23", "dot"),
    "paradigm": ("#d37295", "hexagon"),
    "data": ("#499894", "diamond"),
    "property": ("#a0cbe8", "dot"),
    "layer": ("#1f5f8b", "star"),
    "product": ("#c49c94", "square"),
    "challenge": ("#d62728", "triangleDown"),
}
# Types a graph declares itself take these, in order of first use.
_EXTRA_COLOURS = ("#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c7c7c7")
_EXTRA_SHAPES = ("dot", "square", "diamond", "triangle", "hexagon", "triangleDown", "star")

#: How each relation type is drawn: colour, width, dashes (False or a dash pattern).
#: Symmetric relations have no arrow heads.
RELATION_STYLES: dict[str, dict] = {
    "prerequisite": {"color": "#3d4b5c", "width": 2, "dashes": False},
    "is_a": {"color": "#4e79a7", "width": 1.5, "dashes": False},
    "part_of": {"color": "#59a14f", "width": 1.5, "dashes": False},
    "contrasts_with": {"color": "#e15759", "width": 1.5, "dashes": [8, 5]},
    "related_to": {"color": "#a0a8b0", "width": 1, "dashes": [2, 4]},
    "used_for": {"color": "#f28e2b", "width": 1.5, "dashes": False},
    "example_of": {"color": "#b07aa1", "width": 1.5, "dashes": [6, 3]},
    "equivalent_to": {"color": "#17becf", "width": 2, "dashes": [1, 3]},
}

#: Relations are told apart by dashes too in graphs up to this size. Zoomed far out,
#: a dashed line is thousands of dashes, and drawing those is what slows big graphs.
DASHES_UP_TO = 500

#: Long labels wrap onto several lines in graphs up to this size (wrapping measures
#: every word, which slows the first frame of big graphs).
WRAP_LABELS_UP_TO = 2000

# Layout spacing in canvas pixels.
LAYER_GAP = 200
COLUMN_GAP = 170
ROW_GAP = 72


# ----------------------------------------------------------------------------- layout


def layers(kg: KnowledgeGraph) -> dict[str, int]:
    """The layer (column, from 0) of each concept, in study order.

    Concepts with prerequisite relations are layered by the topological generations
    of the prerequisite graph's condensation, so cycles share a layer; a concept that
    is only a prerequisite moves right to just before the first concept that needs
    it. Concepts with no prerequisite relation join the layer of a concept they are
    related to (breadth first), and the rest share one last layer. Linear in the size
    of the graph.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abcde"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"},
    ...                 {"source": "b", "type": "prerequisite", "target": "c"},
    ...                 {"source": "d", "type": "prerequisite", "target": "c"},
    ...                 {"source": "e", "type": "related_to", "target": "a"}]})
    >>> sorted(layers(kg).items())
    [('a', 0), ('b', 1), ('c', 2), ('d', 1), ('e', 0)]
    """
    import networkx as nx

    g = kg.prerequisite_graph
    layer: dict[str, int] = {}
    if g.number_of_edges():
        cond = nx.condensation(g)
        scc_layer: dict[int, int] = {}
        order: list[int] = []
        for i, generation in enumerate(nx.topological_generations(cond)):
            for scc in generation:
                scc_layer[scc] = i
            order.extend(generation)
        # Sources move right, next to what first needs them (visited last to first so
        # a chain of sources moves together).
        successors = cond.succ
        for scc in reversed(order):
            if scc_layer[scc] == 0 and successors[scc]:
                scc_layer[scc] = min(scc_layer[s] for s in successors[scc]) - 1
        for scc, members in cond.nodes(data="members"):
            if len(members) > 1 or successors[scc] or cond.pred[scc]:
                for member in members:
                    layer[member] = scc_layer[scc]
    # Everything else: beside what it relates to, breadth first.
    neighbours: dict[str, list[str]] = {}
    for r in kg.relations:
        if r.source != r.target:
            neighbours.setdefault(r.source, []).append(r.target)
            neighbours.setdefault(r.target, []).append(r.source)
    frontier = [n for n in kg.concepts if n in layer]
    while frontier:
        following = []
        for n in frontier:
            for m in neighbours.get(n, ()):
                if m not in layer:
                    layer[m] = layer[n]
                    following.append(m)
        frontier = following
    rest = [n for n in kg.concepts if n not in layer]
    last = max(layer.values(), default=-1) + 1
    for n in rest:
        layer[n] = last
    return layer


def layout(
    kg: KnowledgeGraph,
    *,
    rank: dict[str, int] | None = None,
    by_rank_only: bool = False,
    max_rows: int | None = None,
) -> dict[str, tuple[int, int]]:
    """Positions ``{id: (x, y)}`` in canvas pixels: layers of :func:`layers` from left to
    right; within a layer, concepts sorted by the mean height of what they relate to in
    earlier layers (fewer crossings), ties by ``rank`` (default: book order). With
    ``by_rank_only`` the order within a layer is ``rank`` alone (a curriculum reads top
    down in step order). A layer taller than ``max_rows`` (default about 1.2 * sqrt(n))
    wraps into several columns. O(n log n + relations).

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abc"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "c"},
    ...                 {"source": "b", "type": "prerequisite", "target": "c"}]})
    >>> layout(kg)
    {'a': (0, -36), 'b': (0, 36), 'c': (200, 0)}
    """
    layer_of = layers(kg)
    if rank is None:
        rank = kg.book_rank()
    if max_rows is None:
        max_rows = max(12, math.ceil(1.2 * math.sqrt(len(kg.concepts))))
    earlier: dict[str, list[str]] = {}
    for r in kg.relations:
        a, b = r.source, r.target
        if layer_of[a] < layer_of[b]:
            earlier.setdefault(b, []).append(a)
        elif layer_of[b] < layer_of[a]:
            earlier.setdefault(a, []).append(b)
    by_layer: dict[int, list[str]] = {}
    for cid in kg.concepts:
        by_layer.setdefault(layer_of[cid], []).append(cid)
    positions: dict[str, tuple[int, int]] = {}
    x = 0
    for index in sorted(by_layer):
        members = by_layer[index]
        if by_rank_only:
            members.sort(key=lambda c: rank[c])
        else:

            def key(c):
                ys = [positions[p][1] for p in earlier.get(c, ()) if p in positions]
                return (sum(ys) / len(ys) if ys else 0.0, rank[c])

            members.sort(key=key)
        columns = math.ceil(len(members) / max_rows)
        rows = math.ceil(len(members) / columns)
        for i, cid in enumerate(members):
            column, row = divmod(i, rows)
            in_column = min(rows, len(members) - column * rows)
            positions[cid] = (x + column * COLUMN_GAP, round((row - (in_column - 1) / 2) * ROW_GAP))
        x += (columns - 1) * COLUMN_GAP + LAYER_GAP
    return {cid: positions[cid] for cid in kg.concepts}


# ----------------------------------------------------------------------------- page data


def type_styles(type_names) -> dict[str, tuple[str, str]]:
    """Colour and shape for each node type: the fixed table, then a palette for the rest.

    >>> type_styles(["technique", "my_type"])
    {'technique': ('#f28e2b', 'dot'), 'my_type': ('#17becf', 'dot')}
    """
    out = {}
    extra = 0
    for name in type_names:
        if name in NODE_STYLES:
            out[name] = NODE_STYLES[name]
        else:
            out[name] = (
                _EXTRA_COLOURS[extra % len(_EXTRA_COLOURS)],
                _EXTRA_SHAPES[(extra // len(_EXTRA_COLOURS)) % len(_EXTRA_SHAPES)],
            )
            extra += 1
    return out


def vis_options(node_count: int, types=()) -> dict:
    """The vis-network options, made with pyvis's :class:`~pyvis.options.Options`.

    Physics is off: positions come from :func:`layout`, so the page draws at once.
    Each node type (``types``: dicts with ``color`` and ``shape``) becomes a vis group
    named ``t0``, ``t1``... in order (never the type's name: that is data); the edge
    defaults are the prerequisite style (the commonest edge), so most items carry
    nothing but their ends and vis parses each style once.
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
        "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1d2733", "strokeWidth": 3, "strokeColor": "#ffffff"},
    }
    if node_count <= WRAP_LABELS_UP_TO:
        result["nodes"]["widthConstraint"] = {"maximum": 140}
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
            "color": {"color": style["color"], "highlight": style["color"], "hover": style["color"], "opacity": 0.85, "inherit": False},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        }
    )
    return result


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


def page_data(kg: KnowledgeGraph, selection=None, *, title: str | None = None) -> dict:
    """Everything the page shows, as JSON-ready data.

    ``kg`` is the whole graph and ``selection`` a :class:`graph.select.Selection` of it
    (default: all of it). Nodes carry their text, position and, in a curriculum, the
    step number (in the label: ``"3. Tokenization"``) or ``known`` (drawn dimmed).
    Edges are compact ``[source index, target index, relation index]`` (plus the reason
    when there is one).
    """
    selection = selection if selection is not None else Selection(kg)
    sub = selection.kg
    step_of: dict[str, int] = {}
    rank = None
    if selection.plan is not None:
        step_of = {s.id: s.step for s in selection.plan.steps}
        book = sorted(sub.concepts, key=kg.order_key)
        # Known concepts first (they come before the plan), then the steps in order.
        rank = {cid: i for i, cid in enumerate(sorted(book, key=lambda c: (c in step_of, step_of.get(c, 0))))}
    positions = layout(sub, rank=rank, by_rank_only=selection.plan is not None)
    focus = set(selection.focus)
    is_part = selection.mode != "all"
    index = {cid: i for i, cid in enumerate(sub.concepts)}

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

    relation_index = {name: i for i, name in enumerate(RELATION_TYPES)}
    edges = []
    relation_counts = dict.fromkeys(RELATION_TYPES, 0)
    for r in sub.relations:
        edge: list = [index[r.source], index[r.target], relation_index[r.type]]
        if r.reason:
            edge.append(r.reason)
        edges.append(edge)
        relation_counts[r.type] += 1

    type_counts: dict[str, int] = {}
    for c in sub.concepts.values():
        type_counts[c.type] = type_counts.get(c.type, 0) + 1
    names = list(dict.fromkeys([*kg.node_types, *type_counts]))
    styles = type_styles(names)
    types = [
        {"name": t, "description": kg.node_types.get(t, ""), "color": styles[t][0], "shape": styles[t][1], "count": type_counts[t]}
        for t in names
        if t in type_counts
    ]
    relations = [
        {"name": name, "reads": rt.reads, "symmetric": rt.symmetric, "count": relation_counts[name], **RELATION_STYLES[name]}
        for name, rt in RELATION_TYPES.items()
    ]
    if len(nodes) > DASHES_UP_TO:
        for r in relations:
            r["dashes"] = False

    n, m = len(nodes), len(edges)
    summary = f"{n} concept{'s' * (n != 1)}, {m} relation{'s' * (m != 1)}"
    if selection.plan is not None:
        steps = len(selection.plan.steps)
        summary += f"; {steps} step{'s' * (steps != 1)} to study"
        known = n - sum(1 for c in sub.concepts if c in step_of)
        if known:
            summary += f", {known} known (dimmed)"
    return {
        "title": title if title is not None else default_title(kg, selection),
        "summary": summary,
        "mode": selection.mode,
        "focus": [c for c in selection.focus if c in index],
        "nodes": nodes,
        "edges": edges,
        "types": types,
        "relations": relations,
        "options": vis_options(n, types),
    }


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


def view_html(kg: KnowledgeGraph, selection=None, *, title: str | None = None) -> str:
    """The page, as one self-contained HTML string (see :func:`page_data`)."""
    from . import __version__

    data = page_data(kg, selection, title=title)
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


def write_view(path: str | os.PathLike, kg: KnowledgeGraph, selection=None, *, title: str | None = None) -> Path:
    """Write the page to ``path`` (atomically, UTF-8) and return the path."""
    return View(kg, selection, title=title).save(path)


class View:
    """A view for notebooks: Jupyter shows it inline (in a sandboxed iframe).

    >>> from graph.store import from_dict
    >>> v = View(from_dict({"concepts": [{"id": "a", "name": "A", "type": "concept"}]}))
    >>> v._repr_html_().startswith('<iframe sandbox="allow-scripts"')
    True
    """

    def __init__(self, kg: KnowledgeGraph, selection=None, *, title: str | None = None, height: int = 640):
        self.kg, self.selection, self.title, self.height = kg, selection, title, height
        self._html: str | None = None

    @property
    def html(self) -> str:
        """The page (built once)."""
        if self._html is None:
            self._html = view_html(self.kg, self.selection, title=self.title)
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
    those of :func:`graph.select.select` (ids, ``mode=``, ``depth=``, ``curriculum=``...).
    """
    chosen = select(kg, concepts, **select_options) if (concepts or select_options) else None
    return View(kg, chosen, title=title)
