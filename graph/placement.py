"""Placement, the last step of a layered drawing (see :mod:`graph.layout`), and the
drawings the views use: the spacing in canvas pixels, heights that keep each
column's order (:func:`coordinates`), and the layouts themselves.

:func:`layered_layout` takes its columns from :mod:`graph.layering` and its order
from :mod:`graph.ordering`, with less effort as graphs grow (see
:data:`POINTS_UP_TO`; :func:`order_direct` orders the biggest by evenly spaced
heights, without virtual points); :func:`columns_layout` draws columns given,
:func:`grid_columns` columns and order given, and :func:`naive_layout` is the
yardstick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .layering import layers, least_length_layers, longest_path_layers, shorten_edges
from .ordering import _Layered, count_crossings, order_layers

#: Spacing in canvas pixels: between columns, between concepts in a column, and
#: between sub-columns of a column too tall to read (wrapped).
LAYER_GAP = 220
ROW_GAP = 72
COLUMN_GAP = 170
#: Room an edge passing through a column takes (a virtual point of the ordering).
PASS_GAP = 26

#: Up to this many points (concepts plus the columns their edges pass), the layout
#: gets the full treatment (shorter edges, graph.ordering.SWEEPS sweeps with
#: transpositions, straight heights); up to LIGHT_POINTS_UP_TO, LIGHT_SWEEPS sweeps
#: and evenly spaced heights (the 10,000-concept benchmark graph has 176,000 points);
#: beyond, the order is found without virtual points (:func:`order_direct`).
POINTS_UP_TO = 40_000
#: Up to this many points, each way of choosing columns is ordered, and the one whose
#: straight edges cross least is kept.
TRY_EACH_UP_TO = 2_000
#: Up to this many concepts in prerequisites, columns of least total edge length
#: (:func:`least_length_layers`: 0.1 s for the 1,000-concept benchmark graph, 2 s for
#: the 10,000-concept one, too slow for its budget).
LEAST_LENGTH_UP_TO = 3_000
LIGHT_POINTS_UP_TO = 400_000
LIGHT_SWEEPS = 1


# ----------------------------------------------------------------------------- heights


def _isotonic(targets: list[float], gaps: list[float], weights: list[float]) -> list[float]:
    """Heights closest (least squares) to ``targets`` keeping the order and at least
    ``gaps[i]`` between items i and i+1: pool adjacent violators on the targets less
    the cumulative gaps.

    >>> _isotonic([0, 0, 100], [10, 10], [1, 1, 1])
    [-5.0, 5.0, 100.0]
    """
    offset = [0.0]
    for gap in gaps:
        offset.append(offset[-1] + gap)
    blocks: list[list[float]] = []  # [mean, weight, count]
    for t, o, w in zip(targets, offset, weights):
        blocks.append([t - o, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks[-1]
            blocks[-1] = [(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2]
    out = []
    for mean, _, n in blocks:
        out.extend([mean] * n)
    return [z + o for z, o in zip(out, offset)]



def order_direct(g, column: Mapping, rank: Mapping, *, sweeps: int = 8, row_gap: float = ROW_GAP) -> list[list]:
    """A cheaper order for big graphs: no virtual points; each node sorted by the mean
    height of its neighbours in any column left of it (downward sweeps) or right of it
    (upward), every column evenly spaced and centred. Linear per sweep, up to sorting.
    """
    width = max(column.values(), default=-1) + 1
    rows: list[list] = [[] for _ in range(width)]
    for n in sorted(column, key=lambda n: rank[n]):
        rows[column[n]].append(n)
    y: dict = {}

    def place(row):
        middle = (len(row) - 1) / 2
        for i, n in enumerate(row):
            y[n] = (i - middle) * row_gap

    for row in rows:
        place(row)
    pred, succ = g.pred, g.succ
    for i in range(sweeps):
        downward = i % 2 == 0
        for c in (range(1, width) if downward else range(width - 2, -1, -1)):
            row = rows[c]
            keys = {}
            for n in row:
                around = [y[m] for m in (pred[n] if downward else succ[n]) if m in column and column[m] != c]
                keys[n] = sum(around) / len(around) if around else y[n]
            row.sort(key=lambda n: (keys[n], y[n]))
            place(row)
    return rows



def coordinates(lg: _Layered, rows, *, row_gap: float = ROW_GAP, pass_gap: float = PASS_GAP, rounds: int = 6):
    """Heights for every point of ``lg`` that keep the order of ``rows``: each column
    in turn pulled towards its neighbours' heights (left, then right, then both), with
    real nodes ``row_gap`` apart and virtual points ``pass_gap``."""
    y = [0.0] * len(lg.name)
    real = lg.is_real

    def gap(a, b):
        return row_gap if real[a] and real[b] else (pass_gap if not real[a] and not real[b] else (row_gap + pass_gap) / 2)

    gaps = []
    for row in rows:
        g = [gap(a, b) for a, b in zip(row, row[1:])]
        gaps.append(g)
        total = sum(g)
        h = -total / 2
        for i, v in enumerate(row):
            y[v] = h
            if i < len(g):
                h += g[i]
    up, down = lg.up, lg.down
    for r in range(rounds):
        direction = r % 3  # 0: from the left, 1: from the right, 2: both
        columns = range(len(rows)) if direction != 1 else range(len(rows) - 1, -1, -1)
        for c in columns:
            row = rows[c]
            if not row:
                continue
            targets, weights = [], []
            for v in row:
                around = up[v] if direction == 0 else down[v] if direction == 1 else up[v] + down[v]
                if around:
                    targets.append(sum(y[w] for w in around) / len(around))
                    # virtual points follow their edge more strictly: straight long edges
                    weights.append(len(around) * (1 if real[v] else 4))
                else:
                    targets.append(y[v])
                    weights.append(0.5)
            placed = _isotonic(targets, gaps[c], weights)
            for v, h in zip(row, placed):
                y[v] = h
    return y



# ----------------------------------------------------------------------------- the whole layout


def _wrap(members: list, x: float, max_rows: int, row_gap: float, column_gap: float):
    """Positions of a column wrapped into sub-columns of at most ``max_rows``, filled
    top to bottom then left to right, each centred; and the x after it."""
    import math

    columns = max(1, math.ceil(len(members) / max_rows))
    rows = math.ceil(len(members) / columns) if members else 0
    out = {}
    for i, n in enumerate(members):
        column, row = divmod(i, rows)
        in_column = min(rows, len(members) - column * rows)
        out[n] = (x + column * column_gap, (row - (in_column - 1) / 2) * row_gap)
    return out, x + (columns - 1) * column_gap


def grid_columns(columns: list[list], *, layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP,
                 column_gap: float = COLUMN_GAP, max_rows: int = 12) -> dict:
    """Positions for columns given in order, each read top down; a column taller than
    ``max_rows`` wraps into sub-columns, so an item never sits left of one listed
    before it.

    >>> grid_columns([["a", "b"], ["c"]])
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 0)}
    """
    out = {}
    x = 0.0
    for members in columns:
        placed, last = _wrap(members, x, max_rows, row_gap, column_gap)
        out.update(placed)
        x = last + layer_gap
    return {n: (round(px), round(py)) for n, (px, py) in out.items()}


def layered_layout(g, related: Iterable[tuple] = (), rank: Mapping | None = None, *,
                   layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP, column_gap: float = COLUMN_GAP,
                   max_rows: int | None = None) -> dict:
    """Positions ``{node: (x, y)}`` (integers, canvas pixels) of every node of ``g``.

    The nodes that take part in an edge of ``g`` are drawn in layers (:func:`layers`,
    :func:`order_layers`, :func:`coordinates`). A node with no edge in ``g`` but a
    pair in ``related`` (undirected pairs, e.g. other relations) goes next to the
    first node it relates to, breadth first, just below it; the rest fill a last
    column, wrapped every ``max_rows`` (default about 1.2 sqrt(n)). Ties follow
    ``rank`` (default: the order of ``g``).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b")]); g.add_nodes_from(["c", "d"])
    >>> layered_layout(g, related=[("c", "a")])
    {'a': (0, -36), 'b': (220, -36), 'c': (0, 36), 'd': (440, 0)}
    """
    import math

    if rank is None:
        rank = {n: i for i, n in enumerate(g)}
    if max_rows is None:
        max_rows = max(12, math.ceil(1.2 * math.sqrt(max(1, len(g)))))
    column, lg, rows, rounds = _ordered_layers(g, rank, row_gap)
    # Concepts without prerequisites go beside what they relate to, just below it.
    rows = _hang_below(lg, rows, _attachments(related, rank, set(column)))
    y = coordinates(lg, rows, row_gap=row_gap, rounds=rounds)
    out = {}
    for c, row in enumerate(rows):
        for v in row:
            if lg.is_real[v]:
                out[lg.name[v]] = (c * layer_gap, y[v])
    rest = sorted((n for n in g if n not in out), key=rank.__getitem__)
    if rest:
        x = len(rows) * layer_gap if rows else 0
        wrapped, _ = _wrap(rest, x, max_rows, row_gap, column_gap)
        out.update(wrapped)
    return {n: (round(out[n][0]), round(out[n][1])) for n in g}


def _ordered_layers(g, rank: Mapping, row_gap: float) -> tuple[dict, _Layered, list[list[int]], int]:
    """The columns of the nodes of ``g`` that take part in an edge, ordered down each
    column: ``(column, lg, rows, rounds)``, ``rounds`` being the straightening rounds
    :func:`coordinates` is worth for them. Assumes ``rank`` ranks every node of ``g``.

    The effort each part gets, by size, so the 10,000-concept benchmark graph is
    written in a few seconds (counted in points: concepts plus the columns edges pass;
    never in seconds, so every machine gives the same layout).
    """
    column = layers(g)

    def points():
        return len(column) + sum(abs(column[b] - column[a]) - 1 for a, b in g.edges if a in column and b in column)

    least = least_length_layers(g) if len(column) <= LEAST_LENGTH_UP_TO else None
    if points() <= TRY_EACH_UP_TO:
        # Small: order each columning, keep the one whose straight edges cross least.
        tried = []
        for columns in (column, shorten_edges(g, column), least):
            if columns is None:
                continue
            lg, rows = order_layers(g, columns, rank)
            y = coordinates(lg, rows, row_gap=row_gap)
            drawn = {lg.name[v]: (c, y[v]) for c, row in enumerate(rows) for v in row if lg.is_real[v]}
            tried.append((count_crossings(g.edges, drawn), lg, rows))
        _, lg, rows = min(tried, key=lambda t: t[0])
        return column, lg, rows, 6
    column = least if least is not None else column
    if points() <= POINTS_UP_TO:
        if least is None:
            column = shorten_edges(g, column)
        lg, rows = order_layers(g, column, rank)
        return column, lg, rows, 6
    if points() <= LIGHT_POINTS_UP_TO:
        lg, rows = order_layers(g, column, rank, sweeps=LIGHT_SWEEPS, transpose=False, keep_best=False)
        return column, lg, rows, 0
    lg, rows = _Layered.of_rows(order_direct(g, column, rank))
    return column, lg, rows, 0


def _attachments(related: Iterable[tuple], rank: Mapping, placed: set) -> dict:
    """``{anchor: [nodes hung below it, in order]}``: each node of ``rank`` not in
    ``placed`` but related (``related``: undirected pairs) to one that is, or to one
    attached in turn, goes below the first it relates to, breadth first from the
    ``placed`` nodes in ``rank`` order. ``placed`` is extended with those attached."""
    neighbours: dict = {}
    for a, b in related:
        if a != b:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    for n in neighbours:
        neighbours[n].sort(key=rank.__getitem__)
    attached: dict = {}
    frontier = sorted(placed, key=rank.__getitem__)
    while frontier:
        following = []
        for n in frontier:
            for m in neighbours.get(n, ()):
                if m not in placed and m in rank:
                    placed.add(m)
                    attached.setdefault(n, []).append(m)
                    following.append(m)
        frontier = following
    return attached


def _hang_below(lg: _Layered, rows: list[list[int]], attached: dict) -> list[list[int]]:
    """``rows`` with the ``attached`` nodes (see :func:`_attachments`) added to ``lg``
    as real nodes without edges, each right below its anchor (depth first, in order)."""
    index = lg.index
    extended_rows = []
    for row in rows:
        new_row = []
        for v in row:
            new_row.append(v)
            name = lg.name[v]
            if lg.is_real[v] and name in attached:
                stack = list(attached[name])
                while stack:
                    m = stack.pop(0)
                    k = len(lg.name)
                    lg.name.append(m)
                    lg.is_real.append(True)
                    lg.column.append(lg.column[v])
                    lg.up.append([])
                    lg.down.append([])
                    lg.fixed.append(False)
                    index[m] = k
                    new_row.append(k)
                    stack[0:0] = attached.get(m, [])
        extended_rows.append(new_row)
    return extended_rows


def columns_layout(g, columns: list[list], *, fixed=(), layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP) -> dict:
    """Positions for nodes whose columns are given (``columns``, left to right, each
    top down): the nodes in ``fixed`` keep that order in their column, the others
    (and the edges' virtual points) are ordered to cross little, and heights are
    straightened as in :func:`layered_layout`. Edges of ``g`` may point either way.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "d"), ("b", "c")])
    >>> columns_layout(g, [["a", "b"], ["c", "d"]], fixed={"a", "b", "c", "d"})
    {'a': (0, -36), 'b': (0, 36), 'c': (220, -36), 'd': (220, 36)}
    >>> columns_layout(g, [["a", "b"], ["c", "d"]], fixed={"a", "b"})
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 36), 'd': (220, -36)}
    """
    column = {n: c for c, members in enumerate(columns) for n in members}
    rank = {n: i for members in columns for i, n in enumerate(members)}
    sub = g.subgraph(column)
    lg, rows = order_layers(sub, column, rank, fixed=fixed)
    y = coordinates(lg, rows, row_gap=row_gap)
    out = {lg.name[v]: (round(c * layer_gap), round(y[v])) for c, row in enumerate(rows) for v in row if lg.is_real[v]}
    return {n: out[n] for members in columns for n in members}


def naive_layout(g, *, layer_gap: float = LAYER_GAP, row_gap: float = ROW_GAP) -> dict:
    """The yardstick of issue 14: only the nodes that take part in an edge; column =
    the longest chain above the node (:func:`longest_path_layers`); within a column,
    names in alphabetical order, evenly spaced and centred.

    >>> import networkx as nx
    >>> naive_layout(nx.DiGraph([("b", "c"), ("a", "c")]))
    {'a': (0, -36), 'b': (0, 36), 'c': (220, 0)}
    """
    column = longest_path_layers(g)
    by_column: dict[int, list] = {}
    for n in sorted(column, key=str):
        by_column.setdefault(column[n], []).append(n)
    out = {}
    for c, members in by_column.items():
        for i, n in enumerate(members):
            out[n] = (round(c * layer_gap), round((i - (len(members) - 1) / 2) * row_gap))
    return out
