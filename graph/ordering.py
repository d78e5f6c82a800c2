"""Ordering, the second step of a layered drawing (see :mod:`graph.layout`): the
order within each column that crosses few edges, and counting crossings.

:func:`order_layers` orders the proper layered graph (:class:`_Layered`: the nodes
plus a virtual point per column an edge passes) by alternate median and barycentre
sweeps and transpositions of neighbours, keeping the order with the fewest crossings
(counted between adjacent columns as inversions). :func:`count_crossings` counts the
crossings of straight edges between drawn positions, for any layout. Standard library
only; ties are broken by rank, never by hashing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping

#: Ordering sweeps, and how many concepts and virtual points are worth transpositions
#: (quadratic in a column's degree; the 10,000-concept benchmark must stay in budget).
SWEEPS = 12
TRANSPOSE_UP_TO = 60_000


class _Layered:
    """The proper layered graph: real nodes and one virtual point per column an edge
    passes, indexed by integers, with the edges between adjacent columns."""

    def __init__(self, edges: Iterable[tuple], column: Mapping, rank: Mapping):
        name: list = sorted(column, key=lambda n: (column[n], rank[n]))
        index: dict = {n: i for i, n in enumerate(name)}
        at: list[int] = [column[n] for n in name]
        is_real = [True] * len(name)
        up: list[list[int]] = [[] for _ in name]  # neighbours one column left
        down: list[list[int]] = [[] for _ in name]  # neighbours one column right
        for a, b in edges:
            ca, cb = column.get(a), column.get(b)
            if ca is None or cb is None or ca == cb:
                continue
            if ca > cb:  # an edge of a cycle that points left
                a, b, ca, cb = b, a, cb, ca
            previous = index[a]
            if cb - ca > 1:
                first = len(name)
                points = list(range(first, first + cb - ca - 1))
                name.extend([None] * len(points))
                is_real.extend([False] * len(points))
                at.extend(range(ca + 1, cb))
                for v in points:
                    up.append([previous])
                    down.append([])
                    down[previous].append(v)
                    previous = v
            down[previous].append(index[b])
            up[index[b]].append(previous)
        self.name, self.index, self.column, self.is_real, self.up, self.down = name, index, at, is_real, up, down
        self.fixed = [False] * len(name)  # nodes that keep their order (steps of a plan)
        width = max(at, default=-1) + 1
        self.rows: list[list[int]] = [[] for _ in range(width)]
        for v, c in enumerate(at):
            self.rows[c].append(v)

    @classmethod
    def of_rows(cls, rows: list[list]):
        """Real nodes only, in the given columns and order (no edges): ``(lg, rows)``."""
        lg = cls((), {}, {})
        index_rows = []
        for c, members in enumerate(rows):
            row = []
            for n in members:
                lg.index[n] = len(lg.name)
                row.append(len(lg.name))
                lg.name.append(n)
                lg.is_real.append(True)
                lg.column.append(c)
                lg.up.append([])
                lg.down.append([])
                lg.fixed.append(False)
            index_rows.append(row)
        return lg, index_rows


def _crossings_between(upper: list[int], lower_neighbours: Callable, position: list[int]) -> int:
    """Crossings between two adjacent columns: inversions among the edges sorted by
    their upper end (Barth, Jünger and Mutzel's accumulator tree, here a Fenwick tree)."""
    ends = []
    for u in upper:
        ends.extend(sorted(position[w] for w in lower_neighbours(u)))
    if len(ends) < 2:
        return 0
    size = max(ends) + 2
    tree = [0] * (size + 1)
    count = 0
    seen = 0
    for e in ends:
        # how many earlier edges end strictly below this one
        i, below = e + 1, 0
        while i > 0:
            below += tree[i]
            i -= i & -i
        count += seen - below
        i = e + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
        seen += 1
    return count


def _total_crossings(lg: _Layered, rows: list[list[int]], position: list[int]) -> int:
    """Crossings between every pair of adjacent columns of ``rows`` (``position``:
    each point's index in its column)."""
    down = lg.down
    return sum(_crossings_between(rows[c], down.__getitem__, position) for c in range(len(rows) - 1))


def _median(values: list[float]) -> float:
    """Gansner's weighted median of sorted positions."""
    n = len(values)
    m = n // 2
    if n % 2:
        return values[m]
    if n == 2:
        return (values[0] + values[1]) / 2
    left, right = values[m - 1] - values[0], values[-1] - values[m]
    if left + right == 0:
        return (values[m - 1] + values[m]) / 2
    return (values[m - 1] * right + values[m] * left) / (left + right)


def _sweep(lg: _Layered, rows, position, downward: bool, use_median: bool) -> None:
    """One sweep, in place: downward, each column from the second sorted by the
    positions of its neighbours in the column to its left (upward, from the last but
    one, by the column to its right), their median or their mean; a point without such
    neighbours is keyed by its own position, and the ``lg.fixed`` nodes take the fixed
    slots in their order. ``position`` is kept equal to each point's index in its row."""
    columns = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
    neighbours = lg.up if downward else lg.down
    for c in columns:
        row = rows[c]
        keyed = []
        for v in row:
            around = neighbours[v]
            if len(around) == 1:  # most points: a virtual point of a long edge
                key = position[around[0]]
            elif not around:
                key = position[v]  # keeps its place
            else:
                ps = sorted([position[w] for w in around])
                key = _median(ps) if use_median else sum(ps) / len(ps)
            keyed.append((key, position[v], v))
        keyed.sort()
        order = [v for _, _, v in keyed]
        fixed = lg.fixed
        if any(fixed[v] for v in row):  # the fixed ones take their slots in their order
            kept = iter(v for v in row if fixed[v])
            order = [next(kept) if fixed[v] else v for v in order]
        row[:] = order
        for i, v in enumerate(row):
            position[v] = i


def _pair_crossings(a: int, b: int, lg: _Layered, position) -> int:
    """Crossings among the edges of a and b when a is above b (both directions)."""
    count = 0
    for side in (lg.up, lg.down):
        pb = sorted(position[w] for w in side[b])
        if not pb:
            continue
        for w in side[a]:
            count += bisect.bisect_left(pb, position[w])
    return count


def _transpose(lg: _Layered, rows, position) -> None:
    """Swaps neighbours in a column, in place, while that crosses fewer edges (at
    most 8 rounds); two fixed nodes are never swapped. Keeps ``position`` in step."""
    improved = True
    rounds = 0
    while improved and rounds < 8:
        improved = False
        rounds += 1
        for row in rows:
            for i in range(len(row) - 1):
                a, b = row[i], row[i + 1]
                if lg.fixed[a] and lg.fixed[b]:
                    continue
                if _pair_crossings(a, b, lg, position) > _pair_crossings(b, a, lg, position):
                    row[i], row[i + 1] = b, a
                    position[a], position[b] = i + 1, i
                    improved = True


def order_layers(g, column: Mapping, rank: Mapping | None = None, *, sweeps: int = SWEEPS, transpose: bool = True,
                 keep_best: bool = True, fixed=()):
    """The order within each column that crosses few edges: ``(lg, rows)`` where
    ``rows[c]`` lists the indices of ``lg`` (a :class:`_Layered`) top to bottom.

    Starts in ``rank`` order (default: the nodes' order in ``g``), then alternates
    downward and upward sweeps, by median and by barycentre, each followed by
    transpositions of neighbours (``transpose``), and keeps the best order seen
    (``keep_best``: counting crossings after each sweep costs as much as a sweep).
    The nodes in ``fixed`` keep their ``rank`` order within their column; the others
    and the virtual points move around them.
    """
    if rank is None:
        rank = {n: i for i, n in enumerate(g)}
    lg = _Layered(g.edges, column, rank)
    for n in fixed:
        if n in lg.index:
            lg.fixed[lg.index[n]] = True
    rows = [list(r) for r in lg.rows]
    position = [0] * len(lg.name)
    # A first downward pass by barycentre from the rank order gives a sane start.
    for row in rows:
        for i, v in enumerate(row):
            position[v] = i
    _sweep(lg, rows, position, True, False)
    transpose = transpose and len(lg.name) <= TRANSPOSE_UP_TO
    if not keep_best:
        for i in range(sweeps):
            _sweep(lg, rows, position, i % 2 == 1, i % 4 < 2)
            if transpose:
                _transpose(lg, rows, position)
        return lg, rows
    best = _total_crossings(lg, rows, position)
    best_rows = [list(r) for r in rows]
    for i in range(sweeps):
        _sweep(lg, rows, position, i % 2 == 1, i % 4 < 2)
        if transpose:
            _transpose(lg, rows, position)
        crossings = _total_crossings(lg, rows, position)
        if crossings < best:
            best, best_rows = crossings, [list(r) for r in rows]
        elif crossings > best and i % 4 == 3:  # drifted: start again from the best
            rows = [list(r) for r in best_rows]
            for row in rows:
                for k, v in enumerate(row):
                    position[v] = k
    return lg, best_rows



# ----------------------------------------------------------------------------- measuring


def count_crossings(edges: Iterable[tuple], positions: Mapping) -> int:
    """How many pairs of edges cross, each drawn as a straight segment between its
    ends' positions. Edges with an end missing from ``positions``, and vertical edges,
    are left out; segments that meet only at a shared end do not cross.

    Works column gap by column gap: between two neighbouring x values where nodes
    sit, two segments that span the gap cross inside it exactly when their order at
    the gap's two sides differs; counted as inversions (n log n per gap). Two that
    pass through one point of a column line (away from their ends) with different
    slopes cross there, and are counted too.

    >>> count_crossings([("a", "d"), ("b", "c")], {"a": (0, 0), "b": (0, 10), "c": (10, 0), "d": (10, 10)})
    1
    >>> count_crossings([("a", "c"), ("a", "d")], {"a": (0, 0), "c": (10, 0), "d": (10, 10)})
    0
    """
    segments = []
    xs = set()
    for a, b in edges:
        if a not in positions or b not in positions:
            continue
        (x1, y1), (x2, y2) = positions[a], positions[b]
        if x1 == x2:
            continue
        if x1 > x2:
            x1, y1, x2, y2 = x2, y2, x1, y1
        segments.append((x1, y1, x2, y2))
        xs.add(x1)
        xs.add(x2)
    columns = sorted(xs)
    gap_of = {x: i for i, x in enumerate(columns)}
    spans: list[list] = [[] for _ in range(max(0, len(columns) - 1))]
    for x1, y1, x2, y2 in segments:
        slope = (y2 - y1) / (x2 - x1)
        for i in range(gap_of[x1], gap_of[x2]):
            left, right = columns[i], columns[i + 1]
            spans[i].append((y1 + slope * (left - x1), y1 + slope * (right - x1)))
    total = 0
    through: dict = {}  # (column, height) -> slopes of the segments passing through it
    for x1, y1, x2, y2 in segments:
        slope = (y2 - y1) / (x2 - x1)
        for i in range(gap_of[x1] + 1, gap_of[x2]):
            through.setdefault((i, round(y1 + slope * (columns[i] - x1), 6)), []).append(round(slope, 9))
    for slopes in through.values():
        if len(slopes) > 1:
            same: dict = {}
            for s in slopes:
                same[s] = same.get(s, 0) + 1
            n = len(slopes)
            total += (n * (n - 1) - sum(k * (k - 1) for k in same.values())) // 2
    for pairs in spans:
        if len(pairs) < 2:
            continue
        pairs.sort()
        total += _strict_inversions([round(r, 6) for _, r in pairs], [round(le, 6) for le, _ in pairs])
    return total


def _strict_inversions(values: list[float], groups: list[float]) -> int:
    """Pairs i < j with values[i] > values[j], not counting pairs in the same group
    (equal left heights: they meet at the gap's side, which is not a crossing)."""
    ranks = {v: i + 1 for i, v in enumerate(sorted(set(values)))}
    size = len(ranks)
    tree = [0] * (size + 1)
    count = seen = 0
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and groups[j] == groups[i]:
            j += 1
        for k in range(i, j):  # count against the earlier groups only
            r = ranks[values[k]]
            t, not_above = r, 0
            while t > 0:
                not_above += tree[t]
                t -= t & -t
            count += seen - not_above
        for k in range(i, j):
            t = ranks[values[k]]
            while t <= size:
                tree[t] += 1
                t += t & -t
        seen += j - i
        i = j
    return count
