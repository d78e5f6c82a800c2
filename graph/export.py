"""Exports: GraphML, GEXF, node-link JSON, DOT, Mermaid, SKOS and CSV, behind one
:func:`export`; :func:`export_notes` says what a format cannot carry.

>>> from graph.store import from_dict
>>> kg = from_dict({"concepts": [{"id": "a", "name": "Alpha", "type": "concept"},
...                              {"id": "b", "name": "Beta", "type": "concept"}],
...                 "relations": [{"source": "a", "type": "prerequisite", "target": "b"}]})
>>> print(export(kg, "mermaid"), end="")
flowchart LR
  c_a["Alpha"]
  c_b["Beta"]
  c_a --> c_b
"""

from __future__ import annotations

import json
import os
import re

from .basics import MAX_LABEL_LENGTH, abbreviate, shorten
from .csvfile import LIST_SEPARATOR, csv_losses, csv_tables, export_csv
from .files import check_output, write_output
from .model import EXPORT_FORMATS, RELATION_TYPES, InvalidOption, KnowledgeGraph, MissingDependency  # noqa: F401  (EXPORT_FORMATS re-exported)

DEFAULT_BASE_URI = "https://aie-graph.example/concept/"
#: The project's own RDF vocabulary (prerequisiteOf and the other relation types).
VOCABULARY_URI = "https://aie-graph.example/vocab#"
#: Mermaid's default limits: larger diagrams are refused by the renderer.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000
#: Characters XML 1.0 forbids (and the noncharacters U+FFFE, U+FFFF, and lone
#: surrogates): GraphML and GEXF drop them, DOT too (graphviz would write them
#: into an SVG no browser reads). Tab, line feed and carriage return are allowed.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Longest DOT string written: graphviz refuses a label over 16,384 characters.
DOT_MAX_TEXT = 16_000
#: Longest tooltip of a DOT node.
DOT_MAX_TOOLTIP = 500


# ----------------------------------------------------------------------------- export


def export(kg: KnowledgeGraph, fmt: str, *, base_uri: str | None = None):
    """The graph in ``fmt``, one of :data:`EXPORT_FORMATS`: text, or for ``csv`` the
    two files as ``{"concepts.csv": text, "relations.csv": text}`` (see
    :func:`graph.csvfile.export_csv` to write them)."""
    if fmt == "csv":
        return csv_tables(kg)
    return export_graph(kg, fmt, base_uri=base_uri)


def check_export_output(fmt: str, output: str, inputs=()) -> None:
    """:func:`graph.files.check_output` of what :func:`write_export` would write:
    ``output``, or for ``csv`` the folder ``output`` (not empty; never ``-``, which
    the caller refuses) and the two files in it, none of them one of ``inputs``."""
    if fmt != "csv":
        check_output(output, inputs)
        return
    check_output(output)  # not empty
    for name in ("concepts.csv", "relations.csv"):
        check_output(os.path.join(output, name), inputs)


def write_export(kg: KnowledgeGraph, fmt: str, content, output: str) -> list[str]:
    """Write ``content``, what :func:`export` made of ``kg`` in ``fmt``, to the file
    ``output`` (for ``csv``, its two files into the folder ``output``); the paths
    written."""
    if fmt == "csv":
        return [str(p) for p in export_csv(kg, output, content)]
    write_output(output, content)
    return [output]


def export_graph(kg: KnowledgeGraph, fmt: str, *, base_uri: str | None = None) -> str:
    """The graph in one of the formats of :data:`EXPORT_FORMATS` except ``csv`` (two
    files: see :func:`csv_tables`), as text.

    ``base_uri`` is the namespace of concept URIs in the ``skos`` export.
    """
    writers = {
        "graphml": to_graphml,
        "gexf": to_gexf,
        "json": to_node_link_json,
        "dot": to_dot,
        "mermaid": to_mermaid,
    }
    if fmt == "skos":
        return to_skos(kg, base_uri=base_uri)
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; csv is written by export_csv")
    return writers[fmt](kg)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (:data:`XML_FORBIDDEN`).

    >>> xml_safe("a\\x1b[2Jb\\ufffe,c") == "a[2Jb,c"
    True
    """
    return XML_FORBIDDEN.sub("", text) if XML_FORBIDDEN.search(text) else text


def xml_unsafe_concepts(kg: KnowledgeGraph) -> list[str]:
    """The ids of the concepts whose text (or relations' reasons) holds a character
    XML forbids: GraphML, GEXF and DOT drop those characters."""
    found = []
    for c in kg.concepts.values():
        texts = (c.id, c.name, c.type, c.definition, *c.aliases, *c.tags, (c.source.section if c.source else None) or "")
        if any(XML_FORBIDDEN.search(t) for t in texts):
            found.append(c.id)
    seen = set(found)
    for r in kg.relations:
        if r.reason and XML_FORBIDDEN.search(r.reason) and r.source not in seen:
            found.append(r.source)
            seen.add(r.source)
    return found


def _xml_safe_graph(g):
    """A networkx graph with :func:`xml_safe` applied to every string: ids, attributes, keys."""
    import networkx as nx

    def clean(value):
        return xml_safe(value) if isinstance(value, str) else value

    out = nx.MultiDiGraph()
    out.graph.update({k: clean(v) for k, v in g.graph.items()})
    for node, data in g.nodes(data=True):
        out.add_node(clean(node), **{k: clean(v) for k, v in data.items()})
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(clean(u), clean(v), key=key, **{k: clean(x) for k, x in data.items()})
    return out


def to_networkx(kg: KnowledgeGraph, *, lists: bool = False):
    """A networkx MultiDiGraph of the graph with every attribute, for file formats.

    Nodes carry ``label`` (the name), ``name``, ``type``, ``definition``,
    ``aliases``, ``hours``, ``tags``, ``chapter``, ``section``; edges carry ``id``
    (``e0``, ``e1``...), ``relation`` (the relation type), ``label`` (the same) and
    ``reason``. Empty values are left out. Lists are joined with ``|`` unless
    ``lists`` (GraphML and GEXF cannot hold lists).
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    if kg.title:
        g.graph["name"] = kg.title
    for c in kg.concepts.values():
        attrs: dict = {"label": c.name, "name": c.name, "type": c.type}
        if c.definition:
            attrs["definition"] = c.definition
        if c.aliases:
            attrs["aliases"] = list(c.aliases) if lists else LIST_SEPARATOR.join(c.aliases)
        if c.hours is not None:
            attrs["hours"] = c.hours if lists else float(c.hours)
        if c.tags:
            attrs["tags"] = list(c.tags) if lists else LIST_SEPARATOR.join(c.tags)
        if c.source is not None and c.source.chapter is not None:
            attrs["chapter"] = c.source.chapter
        if c.source is not None and c.source.section is not None:
            attrs["section"] = c.source.section
        g.add_node(c.id, **attrs)
    for i, r in enumerate(kg.relations):
        attrs = {"relation": r.type, "label": r.type}
        if r.reason:
            attrs["reason"] = r.reason
        g.add_edge(r.source, r.target, key=f"e{i}", **attrs)
    return g


def to_graphml(kg: KnowledgeGraph) -> str:
    """GraphML (networkx's writer), for Gephi, Cytoscape, yEd. Characters XML
    forbids are dropped (:func:`xml_safe`; :func:`export_notes` names the concepts)."""
    import networkx as nx

    g = to_networkx(kg)
    if xml_unsafe_concepts(kg) or (kg.title and XML_FORBIDDEN.search(kg.title)):
        g = _xml_safe_graph(g)
    return "\n".join(nx.generate_graphml(g)) + "\n"


def to_gexf(kg: KnowledgeGraph) -> str:
    """GEXF 1.2 (networkx's writer), Gephi's own format. Characters XML forbids are
    dropped, as in :func:`to_graphml`."""
    import networkx as nx

    g = to_networkx(kg)
    if xml_unsafe_concepts(kg) or (kg.title and XML_FORBIDDEN.search(kg.title)):
        g = _xml_safe_graph(g)
    for u, v, key, data in g.edges(keys=True, data=True):
        data["id"] = key  # GEXF edge ids must be unique; networkx uses this attribute
    return "\n".join(nx.generate_gexf(g)) + "\n"


def to_node_link_json(kg: KnowledgeGraph) -> str:
    """networkx's node-link JSON (``nodes`` and ``edges``), lists kept as lists."""
    import networkx as nx

    g = to_networkx(kg, lists=True)
    try:
        data = nx.node_link_data(g, edges="edges")
    except TypeError:  # networkx before 3.4 names the argument `link`
        data = nx.node_link_data(g, link="edges")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- DOT

_DOT_NODE_STYLE = {
    "concept": ("box", "#dbe9f6"),
    "discipline": ("box3d", "#e5e5e5"),
    "technique": ("box", "#d4edda"),
    "process": ("cds", "#fff3cd"),
    "architecture": ("component", "#f8d7da"),
    "component": ("component", "#fde2e4"),
    "model_type": ("ellipse", "#e2d9f3"),
    "model": ("ellipse", "#d6c8f0"),
    "tool": ("tab", "#d1ecf1"),
    "benchmark": ("folder", "#ffe5b4"),
    "metric": ("hexagon", "#fff0c2"),
    "math": ("parallelogram", "#e8f4d9"),
    "paradigm": ("octagon", "#dde8f0"),
    "data": ("cylinder", "#f0e6d2"),
    "property": ("note", "#f2f2f2"),
    "layer": ("box3d", "#cfe2ff"),
    "product": ("house", "#ffd8a8"),
    "challenge": ("diamond", "#f5c6cb"),
}
_DOT_EDGE_STYLE = {
    "prerequisite": "",
    "is_a": 'style=dashed, arrowhead=onormal, label="is_a"',
    "part_of": 'style=dashed, arrowhead=odiamond, label="part_of"',
    "contrasts_with": 'style=dotted, dir=none, color="#c0392b", label="contrasts_with"',
    "related_to": 'style=dotted, dir=none, color="#7f8c8d", label="related_to"',
    "used_for": 'style=dashed, arrowhead=vee, label="used_for"',
    "example_of": 'style=dashed, arrowhead=empty, label="example_of"',
    "equivalent_to": 'style=bold, dir=both, color="#2c3e50", label="equivalent_to"',
}


def dot_quote(text: str, limit: int = DOT_MAX_TEXT) -> str:
    """A DOT double-quoted string holding ``text`` literally: backslashes and quotes
    escaped, line breaks as ``\\n``, other control characters as spaces, the
    noncharacters U+FFFE and U+FFFF dropped, and shortened to ``limit`` characters
    (graphviz refuses a string over 16,384).

    >>> print(dot_quote('say "hi" \\\\ {x}\\nbye'))
    "say \\"hi\\" \\\\ {x}\\nbye"
    """
    text = shorten(XML_FORBIDDEN.sub(lambda m: " " if m.group() < " " else "", text), limit)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = re.sub(r"\r\n|\r|\n", r"\\n", text)
    text = re.sub("[\x00-\x1f\x7f]", " ", text)
    return f'"{text}"'


def to_dot(kg: KnowledgeGraph) -> str:
    """A graphviz DOT digraph: left to right, node shape and colour by type,
    prerequisites as plain arrows, other relations styled and labelled."""
    lines = [
        "digraph concepts {",
        "  rankdir=LR;",
        '  node [style="filled,rounded", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ]
    if kg.title:
        lines.append(f"  label={dot_quote(kg.title)}; labelloc=t;")
    for c in kg.concepts.values():
        shape, colour = _DOT_NODE_STYLE.get(c.type, ("box", "#ffffff"))
        tooltip = c.definition or c.name
        lines.append(
            f"  {dot_quote(c.id)} [label={dot_quote(c.name, MAX_LABEL_LENGTH)}, shape={shape}, fillcolor=\"{colour}\", "
            f"tooltip={dot_quote(tooltip, DOT_MAX_TOOLTIP)}];"
        )
    for r in kg.relations:
        style = _DOT_EDGE_STYLE.get(r.type, f"label={dot_quote(r.type)}")
        lines.append(f"  {dot_quote(r.source)} -> {dot_quote(r.target)}" + (f" [{style}]" if style else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- Mermaid

_MERMAID_SAFE = frozenset(" .,:()/+?!'-")


def mermaid_label(text: str) -> str:
    """Text for a Mermaid ``["..."]`` label: letters, digits, spaces and plain
    punctuation as they are; every other character as a ``#code;`` entity, so that
    no name can end the label or inject markup. Line breaks become spaces.

    >>> mermaid_label('a "quoted" <b>name</b> #1 [x] {y}')
    'a #34;quoted#34; #60;b#62;name#60;/b#62; #35;1 #91;x#93; #123;y#125;'
    """
    text = shorten(re.sub(r"\s+", " ", text).strip())
    out = []
    for ch in text:
        if ch.isalnum() or ch in _MERMAID_SAFE:
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def mermaid_ids(kg: KnowledgeGraph) -> dict[str, str]:
    """A Mermaid node id for each concept: ``c_`` and the id with anything but
    letters and digits as ``_`` (unique; the prefix keeps words like ``end`` out).

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": "a-b", "name": "X", "type": "concept"},
    ...                              {"id": "a_b", "name": "Y", "type": "concept"}]})
    >>> mermaid_ids(kg)
    {'a-b': 'c_a_b', 'a_b': 'c_a_b_2'}
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for cid in kg.concepts:
        base = "c_" + re.sub(r"[^A-Za-z0-9]", "_", cid)
        node, n = base, 2
        while node in taken:
            node, n = f"{base}_{n}", n + 1
        taken.add(node)
        out[cid] = node
    return out


def to_mermaid(kg: KnowledgeGraph) -> str:
    """A Mermaid flowchart (``flowchart LR``): prerequisites as ``-->`` arrows, other
    relations as dotted arrows labelled with their type (symmetric ones without a head)."""
    ids = mermaid_ids(kg)
    lines = ["flowchart LR"]
    for c in kg.concepts.values():
        lines.append(f'  {ids[c.id]}["{mermaid_label(c.name)}"]')
    for r in kg.relations:
        a, b = ids[r.source], ids[r.target]
        if r.type == "prerequisite":
            lines.append(f"  {a} --> {b}")
        elif RELATION_TYPES[r.type].symmetric:
            lines.append(f"  {a} -. {r.type} .- {b}")
        else:
            lines.append(f"  {a} -. {r.type} .-> {b}")
    return "\n".join(lines) + "\n"


# -- SKOS


def to_skos(kg: KnowledgeGraph, *, base_uri: str | None = None) -> str:
    """SKOS in Turtle (rdflib, an optional extra: ``pip install "aie-graph[rdf]"``).

    Each concept is a ``skos:Concept`` in one ``skos:ConceptScheme`` (``skos:inScheme``;
    concepts with nothing broader are its ``skos:hasTopConcept``), with
    ``skos:prefLabel``, ``skos:altLabel`` per alias and ``skos:definition``
    (language ``en``), ``skos:notation`` (the id), and ``aieg:nodeType``,
    ``aieg:hours``, ``aieg:tag``, ``aieg:chapter``, ``aieg:section`` when set.
    ``is_a`` is ``skos:broader`` (with the inverse ``skos:narrower`` stated too, for
    browsers), ``related_to`` is ``skos:related``; ``prerequisite`` is
    ``aieg:prerequisiteOf`` (source is a prerequisite of target), an
    ``owl:ObjectProperty`` of the project's vocabulary and deliberately not a
    sub-property of ``skos:related`` (SKOS makes ``skos:related`` disjoint from
    ``skos:broaderTransitive``). The other relation types are properties of the
    vocabulary too. Reasons are not exported.
    """
    try:
        import rdflib
        from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
    except ImportError:
        raise MissingDependency('the skos export needs rdflib: pip install "aie-graph[rdf]"') from None
    from urllib.parse import quote

    base = check_base_uri(base_uri) if base_uri is not None else DEFAULT_BASE_URI
    if not base.endswith(("/", "#")):
        base += "/"
    concept = rdflib.Namespace(base)
    vocab = rdflib.Namespace(VOCABULARY_URI)
    g = rdflib.Graph()
    g.bind("skos", SKOS)
    g.bind("aieg", vocab)
    g.bind("c", concept)
    g.bind("dct", DCTERMS)
    g.bind("owl", OWL)
    scheme = rdflib.URIRef(base.rstrip("/#"))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, rdflib.Literal(kg.title or "aie-graph concepts", lang="en")))

    properties = {
        rtype: vocab[_camel(rtype) + ("Of" if rtype == "prerequisite" else "")]
        for rtype in RELATION_TYPES
        if rtype not in ("is_a", "related_to")
    }
    used = {r.type for r in kg.relations}
    for rtype, prop in properties.items():
        if rtype not in used:
            continue
        rt = RELATION_TYPES[rtype]
        g.add((prop, RDF.type, OWL.ObjectProperty))
        if rt.symmetric:
            g.add((prop, RDF.type, OWL.SymmetricProperty))
        g.add((prop, RDFS.label, rdflib.Literal(rt.reads, lang="en")))
        g.add((prop, RDFS.comment, rdflib.Literal(rt.description, lang="en")))

    def uri(cid: str):
        return concept[quote(cid, safe="")]

    has_broader = {r.source for r in kg.relations if r.type == "is_a"}
    for c in kg.concepts.values():
        node = uri(c.id)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        if c.id not in has_broader:
            g.add((scheme, SKOS.hasTopConcept, node))
        _skos_labels(g, node, c, vocab)
    for r in kg.relations:
        s, t = uri(r.source), uri(r.target)
        if r.type == "is_a":
            g.add((s, SKOS.broader, t))
            g.add((t, SKOS.narrower, s))
        elif r.type == "related_to":
            g.add((s, SKOS.related, t))
        else:
            g.add((s, properties[r.type], t))
    return g.serialize(format="turtle")


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20\x7f<>\"{}|\\^`]+")


def check_base_uri(uri: str) -> str:
    """``uri`` if it can be the namespace of concept URIs: an absolute IRI (a scheme,
    then no space, control character or ``<>"{}|\\^`````); else :class:`InvalidOption`.

    >>> check_base_uri("http://x/a b/")
    Traceback (most recent call last):
    ...
    graph.model.InvalidOption: --base-uri 'http://x/a b/': not an absolute URI (a scheme such as https:, then no spaces, control characters or <>"{}|\\^`)
    """
    if not _IRI.fullmatch(uri):
        raise InvalidOption(
            f"--base-uri {uri!r}: not an absolute URI (a scheme such as https:, then no spaces, "
            'control characters or <>"{}|\\^`)'
        )
    return uri


def _skos_labels(g, node, c, vocab) -> None:
    """Add a concept's labels, definition and the project's own properties to ``g``
    (rdflib is imported: only :func:`to_skos` calls this)."""
    import rdflib
    from rdflib.namespace import SKOS, XSD

    g.add((node, SKOS.prefLabel, rdflib.Literal(c.name, lang="en")))
    g.add((node, SKOS.notation, rdflib.Literal(c.id)))
    for alias in c.aliases:
        g.add((node, SKOS.altLabel, rdflib.Literal(alias, lang="en")))
    if c.definition:
        g.add((node, SKOS.definition, rdflib.Literal(c.definition, lang="en")))
    g.add((node, vocab.nodeType, rdflib.Literal(c.type)))
    if c.hours is not None:
        g.add((node, vocab.hours, rdflib.Literal(str(c.hours), datatype=XSD.decimal)))
    for tag in c.tags:
        g.add((node, vocab.tag, rdflib.Literal(tag)))
    if c.source is not None and c.source.chapter is not None:
        g.add((node, vocab.chapter, rdflib.Literal(c.source.chapter)))
    if c.source is not None and c.source.section is not None:
        g.add((node, vocab.section, rdflib.Literal(c.source.section, lang="en")))


def _camel(name: str) -> str:
    """``part_of`` -> ``partOf``."""
    first, *rest = name.split("_")
    return first + "".join(w.capitalize() for w in rest)


# -- CSV



def export_notes(kg: KnowledgeGraph, fmt: str, content=None) -> list[str]:
    """Warnings about an export: what a csv export loses, or a Mermaid diagram too
    big for Mermaid's default limits. ``content`` is the export when already made
    (the csv tables, or the Mermaid text), so it is not made twice."""
    if fmt == "csv":
        return csv_losses(kg, content)
    if fmt in ("graphml", "gexf", "dot"):
        unsafe = xml_unsafe_concepts(kg)
        notes = []
        if unsafe:
            notes.append(
                f"dropped characters {fmt} cannot hold (control characters, U+FFFE, U+FFFF) from "
                f"{len(unsafe)} concept{'s' * (len(unsafe) != 1)}: " + ", ".join(f'"{c}"' for c in abbreviate(unsafe))
            )
        if fmt == "dot":
            long = [c.id for c in kg.concepts.values() if len(c.name) > MAX_LABEL_LENGTH]
            if long:
                notes.append(
                    f"shortened the labels of {len(long)} concept{'s' * (len(long) != 1)} to {MAX_LABEL_LENGTH} "
                    "characters: " + ", ".join(f'"{c}"' for c in abbreviate(long))
                )
        return notes
    if fmt == "mermaid":
        notes = []
        if len(kg.relations) > MERMAID_MAX_EDGES:
            notes.append(
                f"Mermaid renders at most {MERMAID_MAX_EDGES} edges by default and this diagram has "
                f"{len(kg.relations)}: export part of the graph (e.g. --curriculum GOAL)"
            )
        else:
            size = len(content if content is not None else to_mermaid(kg))
            if size > MERMAID_MAX_TEXT:
                notes.append(
                    f"Mermaid renders at most {MERMAID_MAX_TEXT:,} characters by default and this diagram has "
                    f"{size:,}: export part of the graph (e.g. --curriculum GOAL)"
                )
        return notes
    return []

