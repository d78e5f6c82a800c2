"""CSV import and the exports: exact messages and exit codes for the import,
round trips for every export format, read back by the tools that consume them."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.csvfile import csv_losses, csv_tables, export_csv, import_csv, parse_csv
from graph.export import EXPORT_FORMATS, export_graph, mermaid_ids, to_networkx
from graph.model import InvalidGraph
from graph.store import from_dict, to_dict

from conftest import require

CSV = Path(__file__).parent / "data" / "csv"

MESSY_WARNINGS = """\
warning: messy/concepts.csv:1: column "notes" ignored (known columns: id, name, type, definition, aliases, hours, tags, chapter, section)
warning: messy/concepts.csv:6: dropped: duplicate of line 2
warning: messy/concepts.csv:7: type "Mechanism" imported as "mechanism"
warning: messy/concepts.csv:7: hours "abc" is not a number; left out
warning: messy/concepts.csv:8: dropped: duplicate id "attn" (line 7 is kept)
warning: messy/concepts.csv:9: id "Self Attention" is not a lowercase slug; imported as "self-attention"
warning: messy/concepts.csv:13: chapter "IV" is not a whole number from 0 (the preface); left out
warning: messy/concepts.csv:13: hours "-1" is negative; left out
warning: messy/concepts.csv:14: concept "ghost" has no name; named after its id
warning: messy/concepts.csv:15: dropped: no id (name "Orphan")
warning: messy/relations.csv:4: dropped: duplicate of line 2 ("Tokenization" prerequisite "Embedding")
warning: messy/relations.csv:10: dropped: self-loop "Language model" (lm)
warning: messy/relations.csv:11: dropped: unknown concept "210" (referenced but never named in messy/concepts.csv)
warning: messy/relations.csv:12: dropped: unknown concept "999" (referenced but never named in messy/concepts.csv)
warning: messy/relations.csv:16: dropped: duplicate of line 15 ("Tokenization" related_to "Embedding")
warning: messy/relations.csv:17: dropped: unknown relation type "requires" (known: prerequisite, is_a, part_of, contrasts_with, related_to, used_for, example_of, equivalent_to)
warning: messy/relations.csv:18: dropped: no target
warning: messy/relations.csv: prerequisite cycle: Attention (attn) -> Transformer (xf) -> Attention (attn) (lines 5, 6)
warning: messy/relations.csv: prerequisite cycle: BLEU (bleu) -> ROUGE (rouge) -> Neural machine translation (nmt) -> BLEU (bleu) (lines 7, 8, 9)
"""


@pytest.fixture
def in_csv_dir(monkeypatch):
    """Run from tests/data/csv so that messages show the short paths given."""
    monkeypatch.chdir(CSV)


def imported(name: str) -> graph.KnowledgeGraph:
    return import_csv(CSV / name / "concepts.csv", CSV / name / "relations.csv").kg


# ----------------------------------------------------------------------------- import: messy data


def test_import_messy_reports_every_problem_and_writes_the_sound_part(run, in_csv_dir, tmp_path):
    out = tmp_path / "graph.json"
    result = run("import", "--concepts", "messy/concepts.csv", "--relations", "messy/relations.csv", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    assert result.stderr == MESSY_WARNINGS + (
        f"imported 10 concepts and 10 relations into {out}; "
        "10 rows dropped, 2 prerequisite cycles, 7 other warnings (see warnings)\n"
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["node_types"] == {"mechanism": "A type found in imported CSV data."}
    assert [c["id"] for c in data["concepts"]] == [
        "tok", "emb", "lm", "attn", "self-attention", "xf", "bleu", "rouge", "nmt", "ghost",
    ]
    by_id = {c["id"]: c for c in data["concepts"]}
    assert by_id["tok"] == {
        "id": "tok",
        "name": "Tokenization",
        "type": "technique",
        "aliases": ["tokenisation", "tokenizing"],
        "definition": "Splitting text into tokens, the units a model reads.",
        "source": {"chapter": 2, "section": "Tokens"},
        "hours": 1.5,
        "tags": ["nlp", "basics"],
    }
    assert by_id["emb"]["definition"] == "A vector for a token.\nLearned in training."
    assert by_id["emb"]["type"] == "concept"  # no type given
    assert by_id["attn"] == {  # the first of the two "attn" rows; "abc" hours left out
        "id": "attn",
        "name": "Attention",
        "type": "mechanism",
        "definition": 'Weighs tokens, "softly".',
        "source": {"chapter": 3, "section": "Attention"},
    }
    assert by_id["nmt"] == {"id": "nmt", "name": "Neural machine translation", "type": "concept"}
    assert by_id["ghost"] == {"id": "ghost", "name": "ghost", "type": "concept"}
    assert data["relations"] == [
        {"source": "tok", "type": "prerequisite", "target": "emb"},
        {"source": "emb", "type": "prerequisite", "target": "lm",
         "reason": "Embeddings feed the model, token by token."},
        {"source": "attn", "type": "prerequisite", "target": "xf"},
        {"source": "xf", "type": "prerequisite", "target": "attn"},
        {"source": "bleu", "type": "prerequisite", "target": "rouge"},
        {"source": "rouge", "type": "prerequisite", "target": "nmt"},
        {"source": "nmt", "type": "prerequisite", "target": "bleu"},
        {"source": "self-attention", "type": "part_of", "target": "xf"},
        {"source": "xf", "type": "is_a", "target": "lm"},
        {"source": "emb", "type": "related_to", "target": "tok"},
    ]


def test_imported_messy_file_works_with_query_commands_and_validate_names_its_cycles(run, in_csv_dir, tmp_path):
    out = tmp_path / "graph.json"
    assert run("import", "--concepts", "messy/concepts.csv", "--relations", "messy/relations.csv", "-o", out).exit_code == 0
    plan = run("curriculum", "nmt", "--format", "json", data=out)
    assert plan.exit_code == 0
    assert [s["id"] for s in json.loads(plan.stdout)["steps"]] == ["bleu", "nmt", "rouge"]  # one group, in book order
    assert "note: prerequisite cycle: BLEU, Neural machine translation, ROUGE are studied together as group 1\n" in plan.stderr
    hours = run("curriculum", "Transformer", "--format", "json", data=out)
    assert hours.exit_code == 0
    assert json.loads(hours.stdout)["steps"][-1]["group"] == 1
    assert run("show", "Self Attention", data=out).exit_code == 0
    assert run("stats", data=out).exit_code == 0
    check = run("validate", out)
    assert check.exit_code == 1
    assert check.stdout.splitlines() == [
        f"{out}: relations: prerequisite cycle: Attention (attn) -> Transformer (xf) -> Attention (attn)",
        f"{out}: relations: prerequisite cycle: BLEU (bleu) -> ROUGE (rouge) -> Neural machine translation (nmt) -> BLEU (bleu)",
    ]


def test_import_result_counts_problems_by_kind():
    result = import_csv(CSV / "messy" / "concepts.csv", CSV / "messy" / "relations.csv")
    assert result.dropped_rows == 10
    assert result.cycles == 2
    assert result.counts() == {
        "duplicate": 4,
        "unknown concept": 2,
        "cycle": 2,
        "hours": 2,
        "chapter": 1,
        "column": 1,
        "id": 1,
        "malformed row": 1,
        "missing id": 1,
        "missing name": 1,
        "self-loop": 1,
        "type": 1,
        "unknown relation type": 1,
    }
    assert all(p.severity == "warning" for p in result.problems)


def test_import_keeps_a_non_slug_id_as_an_alias_when_it_says_more():
    result = parse_csv("id,name\nC++ Basics,Basics of the language\nOK,Fine\n", "source,target\nC++ Basics,OK\n")
    assert [(c.id, c.aliases) for c in result.kg.concepts.values()] == [
        ("c-basics", ("C++ Basics",)),
        ("ok", ()),  # "OK" says nothing more than "ok"
    ]
    assert [(r.source, r.target) for r in result.kg.relations] == [("c-basics", "ok")]


def test_import_never_reuses_an_id_that_a_later_row_holds():
    result = parse_csv("id,name\nA B,First\na-b,Second\n")
    assert list(result.kg.concepts) == ["a-b-2", "a-b"]


def test_import_reads_a_byte_order_mark_and_windows_line_ends(run, in_csv_dir, tmp_path):
    out = tmp_path / "g.json"
    result = run("import", "--concepts", "excel/concepts.csv", "--relations", "excel/relations.csv", "-o", out)
    assert result.exit_code == 0
    assert result.stderr == f"imported 2 concepts and 1 relation into {out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c["name"] for c in data["concepts"]] == ["Alpha", "Beta,\nsecond line"]


def test_import_without_relations_file(run, in_csv_dir, tmp_path):
    out = tmp_path / "g.json"
    result = run("import", "--concepts", "book/concepts.csv", "-o", out)
    assert result.exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["concepts"]) == 12


def test_import_drops_rows_with_too_many_fields():
    result = parse_csv("id,name\na,A\nb,B,extra\nc,C,\n")
    assert list(result.kg.concepts) == ["a", "c"]
    assert [str(p) for p in result.problems] == [
        "concepts.csv:3: dropped: 3 fields where the header has 2 (a comma in an unquoted field?)"
    ]


# ----------------------------------------------------------------------------- import: fatal errors


@pytest.mark.parametrize(
    "concepts, relations, messages",
    [
        ("bad/latin1.csv", None,
         ["bad/latin1.csv:2: not UTF-8 (byte 0xe9 at offset 16): save the file as UTF-8"]),
        ("bad/semicolon.csv", None,
         ['bad/semicolon.csv:1: missing columns "id" and "name"; the header looks ;-separated: save the file with commas']),
        ("bad/tabs.csv", None,
         ['bad/tabs.csv:1: missing columns "id" and "name"; the header looks tab-separated: save the file with commas']),
        ("bad/no-name.csv", None, ['bad/no-name.csv:1: missing column "name" (the header has: id, title)']),
        ("bad/empty.csv", None, ["bad/empty.csv: empty file: expected a header row with at least id,name"]),
        ("bad/twice.csv", None, ['bad/twice.csv:1: column "name" appears twice']),
        ("bad/unclosed-quote.csv", None,
         ["bad/unclosed-quote.csv:3: broken quoting: the quoted field that starts on line 3 is never closed"]),
        ("book/concepts.csv", "bad/no-source.csv",
         ['bad/no-source.csv:1: missing columns "source" and "target" (the header has: from, to)']),
        ("book/concepts.csv", "bad/quote-after-field.csv",
         ['bad/quote-after-field.csv:3: broken quoting: a closing quote must be followed by a comma or the end '
          'of the line (write a quote inside a quoted field as "")']),
        ("bad/semicolon.csv", "bad/no-source.csv",
         ['bad/semicolon.csv:1: missing columns "id" and "name"; the header looks ;-separated: save the file with commas',
          'bad/no-source.csv:1: missing columns "source" and "target" (the header has: from, to)']),
        ("missing.csv", "bad/no-source.csv",
         ["missing.csv: no such file",
          'bad/no-source.csv:1: missing columns "source" and "target" (the header has: from, to)']),
        ("book/concepts.csv", "missing.csv", ["missing.csv: no such file"]),
    ],
)
def test_import_fatal_problems_exit_1_and_write_nothing(run, in_csv_dir, tmp_path, concepts, relations, messages):
    out = tmp_path / "graph.json"
    args = ["import", "--concepts", concepts, "-o", out] + (["--relations", relations] if relations else [])
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "".join(f"Error: {m}\n" for m in messages)
    assert list(tmp_path.iterdir()) == []


def test_import_failure_leaves_an_existing_output_untouched(run, in_csv_dir, tmp_path):
    out = tmp_path / "graph.json"
    out.write_text("precious\n", encoding="utf-8")
    result = run("import", "--concepts", "bad/latin1.csv", "-o", out)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]


def test_import_into_a_missing_folder_is_a_one_line_error(run, in_csv_dir, tmp_path):
    out = tmp_path / "no" / "such" / "graph.json"
    result = run("import", "--concepts", "book/concepts.csv", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: cannot write: No such file or directory\n"


def test_import_csv_raises_invalid_graph_with_every_problem():
    with pytest.raises(InvalidGraph) as e:
        import_csv(CSV / "bad" / "tabs.csv", CSV / "bad" / "no-source.csv")
    assert [p.line for p in e.value.problems] == [1, 1]
    assert [Path(p.file).name for p in e.value.problems] == ["tabs.csv", "no-source.csv"]


# ----------------------------------------------------------------------------- csv round trip


@pytest.mark.parametrize("name", ["book", "messy", "hostile", "excel"])
def test_csv_export_then_import_gives_the_same_graph(name, tmp_path):
    kg = imported(name)
    paths = export_csv(kg, tmp_path / "out")
    assert [p.name for p in paths] == ["concepts.csv", "relations.csv"]
    back = import_csv(*paths)
    assert back.problems == [] or all(p.kind == "cycle" for p in back.problems)
    assert to_dict(back.kg) == to_dict(kg)
    assert csv_losses(kg) == []


def test_csv_round_trip_of_the_bundled_graph():
    path = graph.bundled_graph_path()
    kg = graph.load(path)
    tables = csv_tables(kg)
    back = parse_csv(tables["concepts.csv"], tables["relations.csv"]).kg
    original = to_dict(kg)
    again = to_dict(back)
    assert again["concepts"] == original["concepts"]
    assert again["relations"] == original["relations"]
    assert set(again.get("node_types", {})) == set(original.get("node_types", {}))
    # The file is in learning order, so first appearances are not the book's order
    # of sections, which only the JSON format declares: the export says so.
    assert csv_losses(kg) == [
        'the book order of sections declared under "sections" has no place in CSV: read back, sections '
        "are ordered by their first appearance, which changes how ties are broken",
        'the curated goals declared under "goals" have no place in CSV: read back, the graph has none',
    ]


def test_csv_export_writes_the_import_format_exactly(tmp_path):
    kg = parse_csv(
        'id,name,type,definition,aliases,hours,tags,chapter,section\n'
        'a,"A, with ""quotes""",technique,"two\nlines",x|y,2,t1|t2,0,Preface\n'
        "b,B,concept,,,0.25,,,\n",
        "source,target,type,reason\na,b,,\nb,a,related_to,\"why, because\"\n",
    ).kg
    tables = csv_tables(kg)
    assert tables["concepts.csv"] == (
        "id,name,type,definition,aliases,hours,tags,chapter,section\n"
        'a,"A, with ""quotes""",technique,"two\nlines",x|y,2,t1|t2,0,Preface\n'
        "b,B,concept,,,0.25,,,\n"
    )
    assert tables["relations.csv"] == 'source,target,type,reason\na,b,prerequisite,\nb,a,related_to,"why, because"\n'


def test_csv_losses_names_what_cannot_come_back():
    kg = from_dict({
        "concepts": [
            {"id": "a", "name": "A", "type": "concept", "aliases": ["x|y"]},
            {"id": "b", "name": " B", "type": "concept"},
            {"id": "c", "name": "C", "type": "concept"},
        ],
        "relations": [{"source": "c", "type": "prerequisite", "target": "c"}],
    })
    assert csv_losses(kg) == [
        'concept "a" will not read back identically from CSV',
        'concept "b" will not read back identically from CSV',
        'relation "c" prerequisite "c" will not read back identically from CSV',
    ]


# ----------------------------------------------------------------------------- GraphML, GEXF, node-link JSON


def expected_nodes(kg):
    return {n: dict(d) for n, d in to_networkx(kg).nodes(data=True)}


def test_graphml_read_back_by_networkx(tmp_path):
    import networkx as nx

    kg = imported("book")
    path = tmp_path / "g.graphml"
    path.write_text(export_graph(kg, "graphml"), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.is_directed() and back.is_multigraph()
    assert {n: dict(d) for n, d in back.nodes(data=True)} == expected_nodes(kg)
    assert back.nodes["attention"] == {
        "label": "Attention mechanism",
        "name": "Attention mechanism",
        "type": "component",
        "definition": "Lets each token weigh every other token.\nComputed with queries, keys and values.",
        "aliases": "attention",
        "hours": 2.0,
        "chapter": 2,
        "section": "Model architecture",
    }
    edges = sorted((u, v, d["relation"], d.get("reason", "")) for u, v, d in back.edges(data=True))
    assert edges == sorted((r.source, r.target, r.type, r.reason) for r in kg.relations)
    assert back.number_of_edges() == 17


def test_gexf_read_back_by_networkx(tmp_path):
    import networkx as nx

    kg = imported("book")
    path = tmp_path / "g.gexf"
    path.write_text(export_graph(kg, "gexf"), encoding="utf-8")
    back = nx.read_gexf(path)
    assert back.is_directed() and back.is_multigraph()
    nodes = {n: dict(d) for n, d in back.nodes(data=True)}
    assert nodes == expected_nodes(kg)
    edges = sorted((u, v, d["relation"], d.get("reason", ""), d["id"]) for u, v, d in back.edges(data=True))
    assert edges == sorted((r.source, r.target, r.type, r.reason, f"e{i}") for i, r in enumerate(kg.relations))


def test_node_link_json_read_back_by_networkx():
    import networkx as nx

    kg = imported("book")
    data = json.loads(export_graph(kg, "json"))
    assert set(data) >= {"nodes", "edges", "directed", "multigraph"}
    try:
        back = nx.node_link_graph(data, edges="edges")
    except TypeError:  # networkx before 3.4
        back = nx.node_link_graph(data, link="edges")
    assert back.nodes["foundation-model"]["aliases"] == ["FM", "base model"]
    assert back.nodes["foundation-model"]["tags"] == ["models"]
    assert back.number_of_nodes() == 12 and back.number_of_edges() == 17
    assert sorted(d["relation"] for _, _, d in back.edges(data=True)).count("prerequisite") == 9


def test_every_format_on_a_graph_without_relations():
    kg = parse_csv("id,name\nalone,Alone\n").kg
    for fmt in EXPORT_FORMATS:
        if fmt != "csv":
            assert "Alone" in export_graph(kg, fmt) or fmt == "json" and '"alone"' in export_graph(kg, fmt)


# ----------------------------------------------------------------------------- SKOS


def test_skos_turtle_parsed_by_rdflib_with_expected_triples():
    require(importlib.util.find_spec("rdflib") is not None, "rdflib is not installed (pip install rdflib)")
    import rdflib
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    kg = imported("book")
    g = rdflib.Graph().parse(data=export_graph(kg, "skos"), format="turtle")
    aieg = rdflib.Namespace("https://aie-graph.example/vocab#")
    counts: dict = {}
    for _, p, _ in g:
        counts[p] = counts.get(p, 0) + 1
    assert counts == {
        RDF.type: 12 + 1 + 6 + 2,  # concepts, the scheme, 6 object properties (2 of them symmetric)
        SKOS.inScheme: 12,
        SKOS.hasTopConcept: 10,  # all but the two with an is_a
        SKOS.prefLabel: 12,
        SKOS.notation: 12,
        SKOS.altLabel: 9,
        SKOS.definition: 11,  # all but the preface
        SKOS.broader: 2,
        SKOS.narrower: 2,
        SKOS.related: 1,
        aieg.nodeType: 12,
        aieg.hours: 10,
        aieg.tag: 11,
        aieg.chapter: 11,
        aieg.section: 7,
        aieg.prerequisiteOf: 9,
        aieg.partOf: 1,
        aieg.exampleOf: 1,
        aieg.contrastsWith: 1,
        aieg.usedFor: 1,
        aieg.equivalentTo: 1,
        RDFS.label: 6,
        RDFS.comment: 6,
        DCTERMS.title: 1,
    }
    assert len(g) == sum(counts.values()) == 170
    c = rdflib.Namespace("https://aie-graph.example/concept/")
    assert (c["token"], aieg.prerequisiteOf, c["tokenization"]) in g
    assert (c["foundation-model"], SKOS.broader, c["language-model"]) in g
    assert (c["foundation-model"], SKOS.prefLabel, rdflib.Literal("Foundation model", lang="en")) in g
    assert (c["foundation-model"], SKOS.altLabel, rdflib.Literal("base model", lang="en")) in g
    assert (aieg.prerequisiteOf, RDF.type, OWL.ObjectProperty) in g
    assert not list(g.triples((aieg.prerequisiteOf, RDFS.subPropertyOf, None)))


def test_skos_base_uri_and_hostile_text():
    require(importlib.util.find_spec("rdflib") is not None, "rdflib is not installed (pip install rdflib)")
    import rdflib
    from rdflib.namespace import SKOS

    kg = imported("hostile")
    g = rdflib.Graph().parse(data=export_graph(kg, "skos", base_uri="urn:x:"), format="turtle")
    labels = {str(o) for o in g.objects(None, SKOS.prefLabel)}
    assert labels == {c.name for c in kg.concepts.values()}
    assert rdflib.URIRef("urn:x:/end") in set(g.subjects(SKOS.prefLabel, None))


def test_skos_without_rdflib_is_a_one_line_error(run, small_path, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "rdflib", None)
    result = run("export", "--to", "skos", "-o", tmp_path / "x.ttl", data=small_path)
    assert result.exit_code == 1
    assert result.stderr == 'Error: the skos export needs rdflib: pip install "aie-graph[rdf]"\n'
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- DOT


@pytest.mark.parametrize("name", ["book", "messy", "hostile"])
def test_dot_rendered_by_graphviz(name, tmp_path):
    require(shutil.which("dot") is not None, "graphviz's dot is not installed (Debian package graphviz)")
    kg = imported(name)
    path = tmp_path / "g.dot"
    path.write_text(export_graph(kg, "dot"), encoding="utf-8")
    done = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count('class="node"') == len(kg)
    assert done.stdout.count('class="edge"') == len(kg.relations)
    if name == "hostile":
        import html

        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", done.stdout)]
        for expected in ['He said "hi" \\ left', "<script>alert(1)</script>", "C:\\path\\to\\",
                         "Über naïve 学习 — ünïcödé ✓", "first line", "second line"]:
            assert expected in texts


def test_dot_quoting():
    text = export_graph(imported("hostile"), "dot")
    assert '"backslash" [label="C:\\\\path\\\\to\\\\", ' in text
    assert '"q" [label="He said \\"hi\\" \\\\ left", ' in text
    assert '"multi" [label="first line\\nsecond line", ' in text


# ----------------------------------------------------------------------------- Mermaid

_MERMAID_LINE = re.compile(
    r'^  (?:(?P<node>c_[A-Za-z0-9_]+)\["(?P<label>[^"\[\]{}<>#`|]*(?:#\d+;[^"\[\]{}<>#`|]*)*)"\]'
    r"|(?P<a>c_[A-Za-z0-9_]+) (?:-->|-\. [a-z_]+ \.->|-\. [a-z_]+ \.-) (?P<b>c_[A-Za-z0-9_]+))$"
)


def check_mermaid(text: str, kg) -> None:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes, edges = [], []
    for line in lines[1:]:
        m = _MERMAID_LINE.match(line)
        assert m, line
        if m["node"]:
            nodes.append(m["node"])
        else:
            assert m["a"] in nodes and m["b"] in nodes
            edges.append((m["a"], m["b"]))
    assert len(nodes) == len(set(nodes)) == len(kg)
    assert len(edges) == len(kg.relations)


@pytest.mark.parametrize("name", ["book", "messy", "hostile"])
def test_mermaid_is_well_formed(name):
    kg = imported(name)
    check_mermaid(export_graph(kg, "mermaid"), kg)


def test_mermaid_escapes_hostile_names():
    text = export_graph(imported("hostile"), "mermaid")
    assert '  c_q["He said #34;hi#34; #92; left"]\n' in text
    assert '  c_script["#60;script#62;alert(1)#60;/script#62;"]\n' in text
    assert '  c_arrows["a --#62; b#59; c -.- d #35;35#59; #37;#37; e"]\n' in text
    assert '  c_end["end"]\n' in text
    assert '  c_multi["first line second line"]\n' in text
    assert "  c_q -. related_to .- c_script\n" in text
    assert "  c_end -. is_a .-> c_q\n" in text


@pytest.mark.browser
def test_mermaid_rendered_by_mermaid_cli(tmp_path):
    """Optional: where mermaid-cli (`mmdc`) is installed, it renders the hostile
    fixture with every name shown literally."""
    import html

    mmdc = shutil.which("mmdc")
    if mmdc is None or not Path("/usr/bin/chromium").exists():
        pytest.skip("mermaid-cli (npm @mermaid-js/mermaid-cli) or /usr/bin/chromium not installed")
    kg = imported("hostile")
    (tmp_path / "g.mmd").write_text(export_graph(kg, "mermaid"), encoding="utf-8")
    (tmp_path / "p.json").write_text('{"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox"]}')
    done = subprocess.run([mmdc, "-p", tmp_path / "p.json", "-i", tmp_path / "g.mmd", "-o", tmp_path / "g.svg"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    svg = (tmp_path / "g.svg").read_text(encoding="utf-8")
    assert "Syntax error" not in svg and "<script" not in svg
    labels = [html.unescape(t) for t in re.findall(r'class="nodeLabel"[^>]*><p>(.*?)</p>', svg)]
    assert sorted(labels) == sorted(" ".join(c.name.split()) for c in kg.concepts.values())


def test_mermaid_ids_are_unique_and_safe():
    kg = from_dict({"concepts": [{"id": i, "name": i, "type": "concept"} for i in ["a.b", "a-b", "a_b", "end"]]})
    assert mermaid_ids(kg) == {"a.b": "c_a_b", "a-b": "c_a_b_2", "a_b": "c_a_b_3", "end": "c_end"}


# ----------------------------------------------------------------------------- the export command


def test_export_file_and_summary(run, small_path, tmp_path):
    out = tmp_path / "g.graphml"
    result = run("export", "--to", "graphml", "-o", out, data=small_path)
    assert result.exit_code == 0
    assert result.stdout == f"{out}\n"
    kg = graph.load(small_path)
    assert result.stderr == f"exported {len(kg)} concepts and {len(kg.relations)} relations as graphml\n"
    assert out.read_text(encoding="utf-8") == export_graph(kg, "graphml")


def test_export_to_stdout(run, small_path):
    result = run("export", "--to", "mermaid", "-o", "-", data=small_path)
    assert result.exit_code == 0
    assert result.stdout == export_graph(graph.load(small_path), "mermaid")
    assert result.stderr == ""


def test_export_a_curriculum_selection(run, small_path):
    kg = graph.load(small_path)
    goal = "finetuning"
    steps = [s.id for s in graph.plan(kg, [goal]).steps]
    result = run("export", "--to", "json", "--curriculum", goal, "-o", "-", data=small_path)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(steps)
    relations = [r for r in kg.relations if r.source in steps and r.target in steps]
    assert len(data["edges"]) == len(relations)


def test_export_prereqs_selection_as_csv_directory(run, small_path, tmp_path):
    kg = graph.load(small_path)
    out = tmp_path / "new" / "dir"
    result = run("export", "--to", "csv", "--prereqs", "finetuning", "-o", out, data=small_path)
    assert result.exit_code == 0
    assert result.stdout == f"{out / 'concepts.csv'}\n{out / 'relations.csv'}\n"
    back = import_csv(out / "concepts.csv", out / "relations.csv").kg
    expected = {"finetuning", *(c.id for c, _ in graph.prerequisites(kg, "finetuning"))}
    assert set(back.concepts) == expected


def test_export_csv_needs_a_directory(run, small_path, tmp_path):
    result = run("export", "--to", "csv", "-o", "-", data=small_path)
    assert result.exit_code == 2
    assert "csv writes two files: give a directory" in result.stderr
    file = tmp_path / "afile"
    file.write_text("x", encoding="utf-8")
    result = run("export", "--to", "csv", "-o", file, data=small_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {file}: exists and is not a directory (csv writes two files into a directory)\n"
    )
    assert file.read_text(encoding="utf-8") == "x"


def test_export_unwritable_path_is_a_one_line_error(run, small_path, tmp_path):
    out = tmp_path / "missing" / "g.dot"
    result = run("export", "--to", "dot", "-o", out, data=small_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: cannot write: No such file or directory\n"


def test_export_warns_when_mermaid_would_refuse_the_diagram(run, tmp_path, write_graph):
    n = 30
    concepts = [{"id": f"c{i}", "name": f"C{i}", "type": "concept"} for i in range(n)]
    relations = [{"source": f"c{i}", "type": "prerequisite", "target": f"c{j}"}
                 for i in range(n) for j in range(i + 1, n)]  # 435 edges
    relations += [{"source": f"c{i}", "type": "related_to", "target": f"c{j}"}
                  for i in range(n) for j in range(i + 1, min(i + 4, n))]  # and 84 more
    path = write_graph({"concepts": concepts, "relations": relations})
    result = run("export", "--to", "mermaid", "-o", tmp_path / "big.mmd", "--relation", "prerequisite", data=path)
    assert result.exit_code == 0
    assert "warning" not in result.stderr
    result = run("export", "--to", "mermaid", "-o", tmp_path / "big.mmd", data=path)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "warning: Mermaid renders at most 500 edges by default and this diagram has 519: "
        "export part of the graph (e.g. --curriculum GOAL)\n"
    )


def test_export_formats_match_the_command_choices():
    import cli

    option = next(p for p in cli.cli.commands["export"].params if p.name == "fmt")
    assert tuple(option.type.choices) == EXPORT_FORMATS == ("graphml", "gexf", "json", "dot", "mermaid", "skos", "csv")


def test_interop_imports_no_heavy_library():
    code = "import sys, cli, graph.csvfile, graph.export; print(sorted(m for m in ('networkx', 'rdflib', 'jsonschema', 'pyvis') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.stdout == "[]\n", done.stderr
