"""The view page as data and HTML, without a browser: graph/render.py and `aie-graph view`.

The browser tests (tests/test_view_browser.py) check what the page does.
"""

from __future__ import annotations

import html
import os
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from graph import layout, render
from graph.model import RELATION_TYPES
from graph.select import select
from graph.store import from_dict, load

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SMALL = str(DATA / "small.json")
CYCLIC = str(DATA / "cyclic.json")

#: Strings that would run or reorder something if treated as markup or terminal codes.
HOSTILE = (
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=2</script>",
    '"><svg onload=window.__pwned=3>',
    "\x1b[2J",
    "\u202e",
    "<!--",
    "\u2028",
)
EVIL_NAME = HOSTILE[0] + " & " + HOSTILE[1]
EVIL_DEFINITION = "".join(HOSTILE)
EVIL_ALIAS = HOSTILE[2] + " alias"
EVIL_TYPE = "<b>" + HOSTILE[1]
EVIL_SECTION = HOSTILE[2] + HOSTILE[3] + HOSTILE[4]
EVIL_TITLE = "</title>" + HOSTILE[1]
EVIL_ID = 'evil"><img src=x onerror=window.__pwned=4>'


def hostile_graph() -> dict:
    """A graph whose every text field is hostile (shared with the browser tests)."""
    return {
        "title": EVIL_TITLE,
        "concepts": [
            {"id": "base", "name": "Base", "type": "concept", "definition": "Plain."},
            {
                "id": "evil",
                "name": EVIL_NAME,
                "type": EVIL_TYPE,
                "aliases": [EVIL_ALIAS],
                "definition": EVIL_DEFINITION,
                "source": {"chapter": 3, "section": EVIL_SECTION},
            },
            {"id": EVIL_ID, "name": "Odd id", "type": "concept", "definition": HOSTILE[1]},
        ],
        "relations": [
            {"source": "base", "type": "prerequisite", "target": "evil", "reason": HOSTILE[0]},
            {"source": "evil", "type": "related_to", "target": EVIL_ID},
        ],
    }


def page_json(page: str) -> dict:
    """The data block of a page, parsed as the page's script parses it."""
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def small():
    return load(SMALL)


# ----------------------------------------------------------------------------- the page


def test_page_is_one_self_contained_document(small):
    page = render.view_html(small)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page
    assert (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    ) in page
    # Nothing is loaded from anywhere: no element with a src or href, no stylesheet link,
    # no CSS import or url().
    assert not re.search(r"<[a-z]+[^>]*\s(src|href)\s*=", page, re.I)
    assert "<link" not in page
    assert "@import" not in page
    css = (ROOT / "graph" / "templates" / "view.css").read_text(encoding="utf-8")
    assert "url(" not in css
    # vis-network is inlined, without its source map comment (the map is not shipped).
    assert "vis-network" in page and "@version 9.1.2" in page
    assert "sourceMappingURL" not in page
    # Exactly three scripts: the data, vis-network, ours.
    assert len(re.findall(r"^<script[ >]", page, re.M)) == 3
    assert page.count("</script>") == 3
    assert "{{" not in page.replace("{{)", "")  # every placeholder filled (vis has no "{{")


def test_page_data_round_trips_through_the_data_block(small):
    page = render.view_html(small)
    assert page_json(page) == json.loads(json.dumps(render.page_data(small)))


def test_whole_graph_data(small):
    data = render.page_data(small)
    assert data["title"] == "Small test graph"
    assert data["mode"] == "all"
    assert data["summary"] == "13 concepts, 14 relations"
    assert [n["id"] for n in data["nodes"]] == list(small.concepts)
    tokenization = data["nodes"][[n["id"] for n in data["nodes"]].index("tokenization")]
    assert tokenization == {
        "id": "tokenization",
        "name": "Tokenization",
        "type": "process",
        "label": "Tokenization",
        "x": tokenization["x"],
        "y": tokenization["y"],
        "aliases": ["tokenizing"],
        "definition": "Splitting text into tokens.",
        "source": {"chapter": 1, "section": "From Language Models to Large Language Models"},
        "hours": 0.5,
    }
    ids = [n["id"] for n in data["nodes"]]
    names = list(RELATION_TYPES)
    edges = {(ids[s], names[k], ids[t]) for s, t, k, *_ in data["edges"]}
    assert edges == {(r.source, r.type, r.target) for r in small.relations}
    assert len(data["edges"]) == 14
    assert [t["name"] for t in data["types"]] == ["technique", "process", "model_type", "tool", "math", "data"]
    assert sum(t["count"] for t in data["types"]) == 13
    counts = {r["name"]: r["count"] for r in data["relations"]}
    assert counts == {
        "prerequisite": 11, "is_a": 1, "part_of": 0, "contrasts_with": 1,
        "related_to": 0, "used_for": 1, "example_of": 0, "equivalent_to": 0,
    }
    prerequisite = data["relations"][0]
    assert prerequisite["reads"] == "is a prerequisite of" and prerequisite["symmetric"] is False
    assert data["relations"][names.index("contrasts_with")]["symmetric"] is True


def test_options_come_from_pyvis_with_physics_off(small):
    options = render.page_data(small)["options"]
    assert options["physics"]["enabled"] is False
    assert options["physics"]["stabilization"]["enabled"] is False
    assert options["edges"]["smooth"] == {"enabled": False, "type": "dynamic"}
    assert options["configure"] == {"enabled": False}  # pyvis's Options default
    assert options["layout"] == {"improvedLayout": False, "randomSeed": 0}
    # Types become groups t0, t1... (never named after the data).
    assert sorted(options["groups"]) == ["t0", "t1", "t2", "t3", "t4", "t5", "useDefaultGroups"]
    assert options["groups"]["t0"]["shape"] == "dot"  # technique
    assert options["groups"]["t0"]["color"]["background"] == "#f28e2b"


def test_curriculum_numbers_steps_and_marks_known(small):
    selection = select(small, curriculum=["rag"], known=["tokenization"], keep_known=True)
    data = render.page_data(small, selection)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert data["title"] == "Study plan: Retrieval-augmented generation"
    assert data["mode"] == "curriculum"
    assert [(s.step, s.id) for s in selection.plan.steps] == [
        (1, "probability"), (2, "language-model"), (3, "llm"), (4, "prompt-engineering"), (5, "rag"),
    ]
    assert by_id["llm"]["label"] == "3. Large language model"
    assert by_id["llm"]["step"] == 3
    assert by_id["tokenization"]["known"] is True and by_id["token"]["known"] is True
    assert by_id["tokenization"]["label"] == "Tokenization"
    assert "step" not in by_id["tokenization"]
    assert data["summary"] == "7 concepts, 7 relations; 5 steps to study"
    assert data["known"] == ["tokenization"]  # the page marks it, and token through it
    # Study order runs left to right, and within a layer the steps read top down.
    xs = {n["id"]: n["x"] for n in data["nodes"]}
    steps = [s.id for s in selection.plan.steps]
    assert all(xs[a] < xs[b] for a, b in zip(steps, steps[1:]) if selection.plan.steps[steps.index(b)].stage
               > selection.plan.steps[steps.index(a)].stage)


def test_partial_views_say_what_they_leave_out(small):
    data = render.page_data(small, select(small, ["llm"], mode="prereqs"))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert data["title"] == "Prerequisites of Large language model"
    assert sorted(by_id) == ["language-model", "llm", "probability", "token", "tokenization"]
    assert by_id["llm"]["focus"] is True
    assert by_id["llm"]["more_dependents"] == 1  # prompt engineering is not in the view
    assert by_id["language-model"]["more_dependents"] == 1  # pre-training
    assert "more_prereqs" not in by_id["llm"]
    assert render.page_data(small, select(small, ["llm"], mode="dependents"))["title"] == "What Large language model unlocks"
    assert render.page_data(small, select(small, ["llm"]))["title"] == "Around Large language model"
    assert render.page_data(small, title="Mine")["title"] == "Mine"


# ----------------------------------------------------------------------------- layout


def test_layout_puts_every_prerequisite_left_of_what_needs_it(small):
    positions = render.layout(small)
    for r in small.relations:
        if r.type == "prerequisite":
            assert positions[r.source][0] < positions[r.target][0], r
    assert len(set(positions.values())) == len(positions)  # no two concepts on one spot


def test_layout_of_cycles_shares_a_layer():
    kg = load(CYCLIC)
    assert layout.layers(kg.prerequisite_graph) == {"a": 0, "b": 1, "c": 1, "d": 2, "e": 3}
    xs = {cid: x for cid, (x, _) in render.layout(kg).items()}
    assert xs["b"] == xs["c"] < xs["d"]


def test_concepts_without_prerequisites_sit_beside_what_they_relate_to(small):
    positions = render.layout(small)
    # pytorch is_used_for training: same column, the next row down
    assert positions["pytorch"][0] == positions["training"][0]
    assert positions["pytorch"][1] - positions["training"][1] == layout.ROW_GAP


def test_layout_wraps_tall_layers_into_columns():
    kg = from_dict({"concepts": [{"id": f"c{i}", "name": f"C{i}", "type": "concept"} for i in range(30)]})
    positions = layout.layered_layout(kg.prerequisite_graph, max_rows=12)
    assert sorted({x for x, _ in positions.values()}) == [0, layout.COLUMN_GAP, 2 * layout.COLUMN_GAP]
    assert len(set(positions.values())) == 30


def generated(n: int) -> dict:
    return {
        "concepts": [{"id": f"c{i}", "name": f"C {i}", "type": "concept"} for i in range(n)],
        "relations": [
            {"source": f"c{j}", "type": "prerequisite", "target": f"c{i}"}
            for i in range(1, n)
            for j in {i - 1, (i * 7919) % i, (i * 104729) % i}
            if j != i
        ],
    }


def test_layout_is_fast_for_big_graphs():
    kg = from_dict(generated(10_000))
    start = time.perf_counter()
    positions = render.layout(kg)
    elapsed = time.perf_counter() - start
    assert len(positions) == 10_000
    # Linear-ish: a quadratic layout would take minutes here. Generous for a loaded CI box.
    assert elapsed < 10, elapsed


# ----------------------------------------------------------------------------- safety


def test_hostile_strings_never_reach_the_markup():
    kg = from_dict(hostile_graph())
    page = render.view_html(kg)
    vis = render._inline_script(render.VIS_NETWORK_JS.read_text(encoding="utf-8"))
    ours = page.replace(vis, "")
    assert len(ours) < len(page) - 400_000  # vis-network taken out (it has "<b>" in its own code)
    for needle in ("<img", "<svg", "</script><script>", "<b>", "</title></script>", "<!--", "\u2028", "\u202e"):
        assert needle not in ours, needle
    # The heading is HTML-escaped; the data block holds escaped JSON.
    assert "<title>&lt;/title&gt;&lt;/script&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;</title>" in page
    assert page.count("</script>") == 3
    data = page_json(page)
    evil = next(n for n in data["nodes"] if n["id"] == "evil")
    assert evil["name"] == EVIL_NAME
    assert evil["definition"] == EVIL_DEFINITION
    assert evil["aliases"] == [EVIL_ALIAS]
    assert evil["type"] == EVIL_TYPE
    assert evil["source"] == {"chapter": 3, "section": EVIL_SECTION}
    assert any(n["id"] == EVIL_ID for n in data["nodes"])
    assert data["title"] == EVIL_TITLE
    assert data["edges"][0] == [0, 1, 0, HOSTILE[0]]
    # The hostile type is a group "t1", never a key named after the data.
    assert EVIL_TYPE not in data["options"]["groups"]


def test_script_json_escapes_what_could_end_a_script():
    text = render.script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_inline_script_refuses_code_that_would_end_its_element():
    with pytest.raises(ValueError):
        render._inline_script("var a = '</script>';")
    assert render._inline_script("x()\n//# sourceMappingURL=x.map\n") == "x()\n"


def test_notebook_view_is_a_sandboxed_iframe_holding_the_escaped_page(small):
    view = render.View(small)
    out = view._repr_html_()
    match = re.fullmatch(r'<iframe sandbox="allow-scripts" style="[^"]*" srcdoc="([^"]*)"></iframe>', out)
    assert match, out[:200]
    assert "<" not in match.group(1)
    assert html.unescape(match.group(1)) == view.html == render.view_html(small)
    assert repr(view) == "<View of 13 concepts>"
    assert repr(render.view(small, ["llm"], mode="prereqs")) == "<View of 5 concepts>"


def test_save_and_write_view_write_only_the_file_in_utf8(small, tmp_path):
    kg = from_dict(hostile_graph())
    path = render.write_view(tmp_path / "v.html", kg)
    assert path == tmp_path / "v.html"
    assert path.read_bytes().decode("utf-8") == render.view_html(kg)
    render.View(small).save(tmp_path / "w.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.html", "w.html"]  # no lib/ folder, no temp file


def test_vendored_vis_network_and_its_licence():
    vis = (ROOT / "graph" / "vendor" / "vis-network.min.js").read_text(encoding="utf-8")
    assert vis.startswith("/**\n * vis-network\n")
    assert "@version 9.1.2" in vis
    licence = (ROOT / "graph" / "vendor" / "LICENSE-vis-network.txt").read_text(encoding="utf-8")
    assert "The MIT License" in licence and "Almende B.V" in licence


def test_package_data_ships_the_templates_and_vendor_files():
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert re.search(r"^graph = .*templates/\*.*vendor/\*", setup, re.M)


# ----------------------------------------------------------------------------- the command


def run_cli(*args):
    return CliRunner().invoke(cli.cli, ["--data", SMALL, *map(str, args)], prog_name="aie-graph")


def test_view_command_writes_the_file_and_prints_its_path(tmp_path):
    out = tmp_path / "graph.html"
    result = run_cli("view", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out.as_uri()}\n"
    assert out.read_text(encoding="utf-8") == render.view_html(load(SMALL))


def test_view_command_selections(tmp_path):
    out = tmp_path / "plan.html"
    result = run_cli("view", "--curriculum", "RAG", "--known", "tokenizing", "-o", out, "--title", "My plan")
    assert result.exit_code == 0, result.output
    data = page_json(out.read_text(encoding="utf-8"))
    assert data["title"] == "My plan"
    assert [n["label"] for n in data["nodes"] if "step" in n] == [
        "1. Probability distribution", "2. Language model", "3. Large language model", "4. Prompt engineering",
        "5. Retrieval-augmented generation",
    ]
    assert sorted(n["id"] for n in data["nodes"] if n.get("known")) == ["token", "tokenization"]

    result = run_cli("view", "LLM", "--prereqs", "--depth", "1", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(n["id"] for n in page_json(out.read_text(encoding="utf-8"))["nodes"]) == ["language-model", "llm"]

    result = run_cli("view", "--type", "math", "--relation", "prerequisite", "-o", out)
    assert result.exit_code == 0, result.output
    data = page_json(out.read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == ["probability", "loss-function", "gradient-descent"]
    assert len(data["edges"]) == 1


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["view", "nosuch", "-o", "{tmp}/x.html"], 1, 'Error: unknown concept "nosuch".'),
        (["view", "--prereqs", "-o", "{tmp}/x.html"], 2, "Error: --prereqs needs at least one CONCEPT"),
        (["view", "-o", "{tmp}/missing/x.html"], 1, "Error: cannot write {tmp}/missing/x.html: No such file or directory"),
        (["view", "-t", "nosuch", "-o", "{tmp}/x.html"], 2, "Error: Invalid value for --type: unknown type 'nosuch'"),
    ],
)
def test_view_command_errors(tmp_path, args, code, message):
    result = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == code
    assert message.replace("{tmp}", str(tmp_path)) in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_view_help_imports_no_heavy_library():
    code = (
        "import sys; from click.testing import CliRunner; import cli; "
        "r = CliRunner().invoke(cli.cli, ['view', '--help']); "
        "print(r.exit_code, 'networkx' in sys.modules, 'pyvis' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout == "0 False False\n"


# ----------------------------------------------------------------------------- issue 14: a layout that reads


def segment_crossings(edges, positions) -> int:
    """Crossings of straight segments, pair by pair (the slow, obvious way: a check on
    graph.layout.count_crossings and on the page's positions)."""

    def side(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (v > 0) - (v < 0)

    segments = [(a, b, positions[a], positions[b]) for a, b in edges if a in positions and b in positions]
    count = 0
    for i, (a, b, p1, p2) in enumerate(segments):
        for c, d, p3, p4 in segments[i + 1:]:
            if len({a, b, c, d}) == 4 and side(p1, p2, p3) * side(p1, p2, p4) < 0 and side(p3, p4, p1) * side(p3, p4, p2) < 0:
                count += 1
    return count


@pytest.fixture(scope="module")
def bundled():
    return load()


def test_layout_has_at_most_a_fifth_of_the_naive_crossings_on_the_bundled_graph(bundled):
    g = bundled.prerequisite_graph
    ours = layout.count_crossings(g.edges, render.layout(bundled))
    naive = layout.count_crossings(g.edges, layout.naive_layout(g))
    assert ours <= 0.2 * naive, (ours, naive)


def test_layout_holds_up_on_a_graph_twice_the_bundled_size(bundled):
    # Two copies of the bundled graph, the second needing some of the first.
    data = {"title": "Twice", "concepts": [], "relations": []}
    for prefix in ("", "b-"):
        for c in bundled.concepts.values():
            data["concepts"].append({"id": prefix + c.id, "name": c.name + (" (2)" if prefix else ""), "type": c.type})
        for r in bundled.relations:
            data["relations"].append({"source": prefix + r.source, "type": r.type, "target": prefix + r.target})
    ids = list(bundled.concepts)
    roots = [c for c in ids if not bundled.prerequisite_graph.pred[c]]
    for i, c in enumerate(ids[::9]):
        data["relations"].append({"source": c, "type": "prerequisite", "target": "b-" + roots[i % len(roots)]})
    kg = from_dict(data)
    g = kg.prerequisite_graph
    ours = layout.count_crossings(g.edges, render.layout(kg))
    assert ours <= 0.25 * layout.count_crossings(g.edges, layout.naive_layout(g))


@pytest.mark.parametrize("n", [60, 400])
def test_layout_beats_the_naive_one_on_generated_graphs(n):
    kg = from_dict(generated(n))
    g = kg.prerequisite_graph
    ours = layout.count_crossings(g.edges, render.layout(kg))
    assert ours <= 0.6 * layout.count_crossings(g.edges, layout.naive_layout(g))


@pytest.mark.parametrize("seed", range(6))
def test_crossing_count_agrees_with_segment_by_segment(seed):
    import random

    rnd = random.Random(seed)
    names = [f"n{i}" for i in range(24)]
    # nodes on a few columns (as layouts put them), some heights shared, so that
    # segments meet at ends and on column lines too
    positions = {n: (rnd.randrange(5) * 100, rnd.randrange(8) * 10) for n in names}
    # between columns, as prerequisites are drawn (count_crossings leaves vertical edges out)
    edges = {(a, b) for a, b in (rnd.sample(names, 2) for _ in range(40)) if positions[a][0] != positions[b][0]}
    assert layout.count_crossings(edges, positions) == segment_crossings(edges, positions)


@pytest.mark.slow
def test_layout_is_the_same_in_every_process():
    code = "import graph, graph.render as r, hashlib, json; print(hashlib.sha256(json.dumps(r.layout(graph.load())).encode()).hexdigest())"
    outs = {
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1


def test_every_prerequisite_is_left_of_what_needs_it_in_the_bundled_graph(bundled):
    positions = render.layout(bundled)
    assert all(positions[a][0] < positions[b][0] for a, b in bundled.prerequisite_graph.edges)
    assert len(set(positions.values())) == len(positions)


@pytest.mark.parametrize("goals", [["rag"], ["finetuning", "agent"], ["inference-optimization"]])
def test_plan_steps_read_left_to_right_in_stage_columns(bundled, goals):
    goals = [g for g in goals if g in bundled.concepts]
    selection = select(bundled, curriculum=goals, known=["token"], keep_known=True)
    data = render.page_data(bundled, selection)
    x = {n["id"]: n["x"] for n in data["nodes"]}
    steps = selection.plan.steps
    assert all(x[a.id] <= x[b.id] for a, b in zip(steps, steps[1:]))  # no step left of an earlier one
    for a in steps:  # a stage is a column (wrapped only past PLAN_ROWS steps)
        for b in steps:
            if a.stage < b.stage:
                assert x[a.id] < x[b.id]
    known_x = [x[n["id"]] for n in data["nodes"] if "step" not in n]
    assert all(k < x[steps[0].id] for k in known_x)


def test_a_long_stage_wraps_into_columns_in_step_order():
    kg = from_dict({
        "concepts": [{"id": f"c{i:02d}", "name": f"C{i}", "type": "concept"} for i in range(25)] + [{"id": "goal", "name": "Goal", "type": "concept"}],
        "relations": [{"source": f"c{i:02d}", "type": "prerequisite", "target": "goal"} for i in range(25)],
    })
    selection = select(kg, curriculum=["goal"])
    positions = {n["id"]: (n["x"], n["y"]) for n in render.page_data(kg, selection)["nodes"]}
    steps = [s.id for s in selection.plan.steps]
    assert all(positions[a] < positions[b] for a, b in zip(steps, steps[1:]))  # by x, then y: read in order
    assert len({positions[s][0] for s in steps[:-1]}) == 3  # 25 steps, at most PLAN_ROWS a column


# ----------------------------------------------------------------------------- issue 14: colours that carry meaning


def test_node_types_fall_into_at_most_eight_colour_families(bundled):
    styles = render.type_styles(bundled.node_types)
    assert len({colour for colour, _, _ in styles.values()}) <= 8
    by_family: dict = {}
    for name, (colour, shape, family) in styles.items():
        by_family.setdefault(family, []).append(shape)
    for family, shapes in by_family.items():
        assert len(shapes) == len(set(shapes)), family  # told apart by shape within a family
        assert not {"dot", "hexagon"} <= set(shapes), family  # alike at node size
    assert len({colour for colour, _, family in styles.values() if family}) == len(by_family)


def test_types_a_graph_declares_take_free_colours_then_share_one():
    few = render.type_styles(["technique", "mine"])
    assert few["mine"][0] != few["technique"][0] and few["mine"][2] == "mine"
    many = render.type_styles([*render.type_styles([]), *[t for _, (_, shapes) in render.TYPE_FAMILIES.items() for t in shapes], "x", "y"])
    assert many["x"][2] == many["y"][2] == render.OTHER_FAMILY[0]
    assert many["x"][1] != many["y"][1]


def test_relation_styles_differ_at_a_glance():
    styles = list(render.RELATION_STYLES.values())
    assert len({s["color"] for s in styles}) == len(styles)
    # without dashes (big graphs), a head or a width still tells each directed one apart
    directed = [s for name, s in render.RELATION_STYLES.items() if not RELATION_TYPES[name].symmetric]
    assert len({(s["arrow"], s["width"]) for s in directed}) == len(directed)
    assert all(s["arrow"] is None for name, s in render.RELATION_STYLES.items() if RELATION_TYPES[name].symmetric)


def test_labels_under_eight_pixels_are_not_drawn(small):
    options = render.page_data(small)["options"]
    # vis draws a label when font size * scale >= drawThreshold - 1, fading in to drawThreshold
    assert options["nodes"]["scaling"]["label"]["drawThreshold"] - 1 == 8
    assert options["nodes"]["font"]["size"] == render.FONT_SIZE


# ----------------------------------------------------------------------------- issue 14: learn in the page


def test_progress_key_is_the_title_and_a_hash_of_the_ids(small):
    key = render.progress_key(small)
    assert key.startswith("aie-graph known: Small test graph #") and len(key.rsplit("#", 1)[1]) == 16
    # every view of one graph shares it; another set of concepts does not
    assert render.page_data(small, select(small, ["llm"], mode="prereqs"))["progress_key"] == key
    other = from_dict({"title": "Small test graph", "concepts": [{"id": "a", "name": "A", "type": "concept"}]})
    assert render.progress_key(other) != key


def test_a_partial_view_carries_the_rest_of_the_prerequisite_graph(small):
    data = render.page_data(small, select(small, ["llm"], mode="dependents"))
    ids = [n["id"] for n in data["nodes"]] + data["outside"]
    pairs = {(ids[a], ids[b]) for a, b in data["outside_prereqs"]}
    inside = {(ids[s], ids[t]) for s, t, k, *_ in data["edges"] if k == 0}
    assert pairs | inside == set(small.prerequisite_graph.edges)
    assert "outside" not in render.page_data(small)


def test_view_command_starts_the_page_with_saved_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))
    assert run_cli("learned", "tokenization").exit_code == 0
    out = tmp_path / "graph.html"
    result = run_cli("view", "-o", out, "--known", "probability")
    assert result.exit_code == 0, result.output
    assert page_json(out.read_text(encoding="utf-8"))["known"] == ["tokenization", "probability"]


def test_learned_from_file_records_a_downloaded_list(tmp_path, monkeypatch):
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))
    known = tmp_path / "known.txt"
    known.write_text("# Concepts you know, one id per line.\ntoken\n\ntokenization\n", encoding="utf-8")
    result = run_cli("learned", "--from-file", known, "LLM")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Learned: Large language model (llm), Token (token), Tokenization (tokenization). 3 of 13 concepts learned.\n"
        "Now ready to learn: Prompt engineering (prompt-engineering).\n"
    )
    assert json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))["learned"] == ["llm", "token", "tokenization"]


def test_learned_from_an_empty_file_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))
    known = tmp_path / "known.txt"
    known.write_text("# Concepts you know, one id per line.\n", encoding="utf-8")
    result = run_cli("learned", "--from-file", known)
    assert result.exit_code == 0
    assert result.stderr == f"note: {known} names no concept\n"
    assert result.stdout == "0 of 13 concepts learned.\n"


@pytest.mark.parametrize(
    "content, args, code, message",
    [
        ("token\nnosuch\n", ["--from-file", "{f}"], 1, 'Error: {f}:2: unknown concept "nosuch".\n'),
        (None, ["--from-file", "{tmp}/missing.txt"], 1, "Error: {tmp}/missing.txt: no such file\n"),
        (None, [], 2, "Error: name at least one CONCEPT or --from-file FILE\n"),
    ],
)
def test_learned_from_file_errors(tmp_path, monkeypatch, content, args, code, message):
    monkeypatch.setenv("AIE_GRAPH_PROGRESS", str(tmp_path / "progress.json"))
    f = tmp_path / "known.txt"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    result = run_cli("learned", *[a.replace("{f}", str(f)).replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == code
    assert result.stderr.endswith(message.replace("{f}", str(f)).replace("{tmp}", str(tmp_path)))
    if code == 1:
        assert result.stderr.count("\n") == 1  # one line
    assert not (tmp_path / "progress.json").exists()
