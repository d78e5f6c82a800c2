"""Layered drawings of a prerequisite graph, computed in Python so that the same graph
gives the same page on every machine.

The pipeline is the classic one (Sugiyama et al.; Gansner et al., "A technique for
drawing directed graphs", the paper behind graphviz's ``dot``), kept small:

1. :func:`layers`: a column for each concept, every prerequisite left of what needs
   it (longest path, then each concept moved to the median column of its neighbours
   where its neighbours allow, which shortens long edges); :func:`shorten_edges`
   shortens them further by promoting nodes, pushing what they bump into;
2. :func:`order_layers`: the order within each column, with a virtual point per
   column an edge passes, by alternate median/barycentre sweeps and transpositions of
   neighbours, keeping the order with the fewest crossings;
3. :func:`coordinates`: heights that keep that order, straighten edges and keep
   concepts ``row_gap`` apart.

:func:`layered_layout` runs the three on a networkx ``DiGraph`` (cycles allowed: the
concepts of a cycle share a column), with less effort as graphs grow (see
:data:`POINTS_UP_TO`), and places the concepts that take no part in a prerequisite
beside a concept they relate to. :func:`naive_layout` is the yardstick
the issue that asked for this defined, and :func:`count_crossings` counts crossings of
straight edges between drawn positions. Everything is deterministic: ties are broken
by a rank (book order), never by hashing or the clock.

The three steps live in their own modules, dependencies one way:
:mod:`graph.layering` (columns), :mod:`graph.ordering` (the order within columns,
and :func:`count_crossings`), :mod:`graph.placement` (heights, the spacing and the
layouts, on top of the other two). This module is the public entry point: it
re-exports their public names, and the render, tests and benchmarks import from it.
The tuning constants are read where they are defined (``graph.placement.POINTS_UP_TO``,
``graph.ordering.SWEEPS``...): the copies here are for reading.

>>> import networkx as nx
>>> g = nx.DiGraph([("a", "c"), ("b", "d"), ("a", "d"), ("b", "c")])
>>> positions = layered_layout(g)
>>> positions["a"][0] < positions["c"][0]
True
>>> count_crossings(g.edges, positions) <= count_crossings(g.edges, naive_layout(g))
True
"""

from __future__ import annotations

from collections.abc import Hashable

from .layering import layers, least_length_layers, longest_path_layers, shorten_edges
from .ordering import SWEEPS, TRANSPOSE_UP_TO, count_crossings, order_layers
from .placement import (
    COLUMN_GAP,
    LAYER_GAP,
    LEAST_LENGTH_UP_TO,
    LIGHT_POINTS_UP_TO,
    LIGHT_SWEEPS,
    PASS_GAP,
    POINTS_UP_TO,
    ROW_GAP,
    TRY_EACH_UP_TO,
    columns_layout,
    coordinates,
    grid_columns,
    layered_layout,
    naive_layout,
    order_direct,
)

__all__ = [
    "COLUMN_GAP", "LAYER_GAP", "LEAST_LENGTH_UP_TO", "LIGHT_POINTS_UP_TO", "LIGHT_SWEEPS", "Node", "PASS_GAP",
    "POINTS_UP_TO", "ROW_GAP", "SWEEPS", "TRANSPOSE_UP_TO", "TRY_EACH_UP_TO",
    "columns_layout", "coordinates", "count_crossings", "grid_columns", "layered_layout", "layers",
    "least_length_layers", "longest_path_layers", "naive_layout", "order_direct", "order_layers", "shorten_edges",
]

Node = Hashable
