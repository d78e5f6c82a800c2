"""The view page in a real browser: headless Chromium (Debian's /usr/bin/chromium)
driven by playwright, every page opened offline from file://.

Each test records every request and every console error; any request that is not
the page's own file is aborted and fails the test. Skipped (with the reason) when
Chromium or playwright is missing, unless the CI variable is set: in CI they must run.

Playwright's ``wait_for_function`` evaluates strings inside the page, which the page's
Content-Security-Policy forbids (no 'unsafe-eval'); so the tests poll with
``page.evaluate`` (which the policy does not govern) instead.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph import render
from graph.basics import shorten
from graph.query import prerequisites
from graph.select import select
from graph.store import from_dict, load

try:  # tests/ as a package, or on sys.path (pytest's default for a folder without __init__.py)
    from .test_view import (
        CYCLIC, EVIL_ALIAS, EVIL_DEFINITION, EVIL_ID, EVIL_NAME, EVIL_SECTION, EVIL_TITLE, EVIL_TYPE, HOSTILE, SMALL, hostile_graph,
    )
except ImportError:
    from test_view import (
        CYCLIC, EVIL_ALIAS, EVIL_DEFINITION, EVIL_ID, EVIL_NAME, EVIL_SECTION, EVIL_TITLE, EVIL_TYPE, HOSTILE, SMALL, hostile_graph,
    )

from graph.render import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

pytestmark = pytest.mark.browser

RAG_DEFINITION = "Adding retrieved documents to the prompt."


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (Debian package chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed (pip install playwright; never `playwright install`)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Opened:
    """A page opened from a file, with what it requested and logged."""

    def __init__(self, page, url):
        self.page, self.url = page, url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.blocked: list[str] = []

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def until(self, expression: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while not (value := self.page.evaluate(expression)):
            assert not self.errors, self.errors
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            self.page.wait_for_timeout(20)
        return value

    def node_point(self, concept_id: str) -> tuple[float, float]:
        """Where a node is on the screen."""
        box = self.page.locator("#mynetwork canvas").bounding_box()
        point = self.js(f"network.canvasToDOM(network.getPositions([{concept_id!r}])[{concept_id!r}])")
        return box["x"] + point["x"], box["y"] + point["y"]

    def text(self, selector: str) -> str:
        return self.page.locator(selector).text_content()

    def check_clean(self):
        assert self.errors == []
        assert self.blocked == []
        assert self.requests == [self.url]


@pytest.fixture
def open_page(browser, tmp_path):
    contexts = []

    def open_(kg, selection=None, **kwargs) -> Opened:
        path = render.write_view(tmp_path / f"view{len(contexts)}.html", kg, selection, **kwargs)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.as_uri())

        def route(r):
            if r.request.url == opened.url:
                r.continue_()
            else:
                opened.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(opened.url)
        opened.until("window.aieGraph && window.aieGraph.ready")
        return opened

    yield open_
    for c in contexts:
        c.close()


@pytest.fixture(scope="module")
def small():
    return load(SMALL)


def test_whole_graph_opens_offline_with_every_node(open_page, small):
    p = open_page(small)
    assert p.js("network.body.data.nodes.length") == len(small.concepts) == 13
    assert p.js("network.body.data.edges.length") == len(small.relations) == 14
    assert p.js("Object.keys(network.body.nodes).length") == 13
    assert p.js("document.title") == "Small test graph"
    assert p.text("#summary") == "13 concepts, 14 relations"
    assert p.page.locator("#legend-types li").all_text_contents() == [
        "technique3", "process3", "model_type2", "tool1", "math3", "data1",
    ]
    assert p.page.locator("#legend-relations li").all_text_contents() == [
        "is a prerequisite of11", "is a kind of1", "contrasts with1", "is used for1",
    ]
    # Every prerequisite is drawn left of what needs it, where Python put it.
    positions = p.js("network.getPositions()")
    layout = render.layout(small)
    assert {k: (round(v["x"]), round(v["y"])) for k, v in positions.items()} == layout
    p.check_clean()


def test_clicking_a_node_fills_the_panel_and_links_move(open_page, small):
    p = open_page(small)
    assert p.page.locator("#panel").is_hidden()
    p.page.mouse.click(*p.node_point("tokenization"))
    p.until("!document.getElementById('panel').hidden")
    assert p.text("#panel-name") == "Tokenization"
    assert p.text("#panel .type-name") == "process"
    assert p.text("#panel-id") == "id: tokenization"
    assert p.text("#panel-aliases") == "Also: tokenizing"
    assert p.text("#panel-definition") == "Splitting text into tokens."
    assert p.text("#panel-source") == "Source: Chapter 1, \u201cFrom Language Models to Large Language Models\u201d"
    assert p.page.locator("#panel-prereqs li").all_text_contents() == ["Token"]
    assert p.page.locator("#panel-dependents li").all_text_contents() == ["Language model"]
    assert p.js("network.getSelectedNodes()") == ["tokenization"]
    # A link moves to that concept: selected, centred, its panel shown.
    p.page.locator("#panel-dependents button", has_text="Language model").click()
    assert p.text("#panel-name") == "Language model"
    assert p.js("network.getSelectedNodes()") == ["language-model"]
    centre = p.js("network.getViewPosition()")
    node = p.js("network.getPositions(['language-model'])['language-model']")
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
    assert p.page.locator("#panel-prereqs li").all_text_contents() == ["Probability distribution", "Tokenization"]
    assert p.page.locator("#panel-relations li").all_text_contents() == ["Large language model is a kind of this"]
    p.check_clean()


def test_hover_shows_a_tooltip_for_nodes_and_edges(open_page, small):
    p = open_page(small)
    p.page.mouse.move(*p.node_point("rag"))
    p.until("!document.getElementById('tooltip').hidden")
    assert p.page.locator("#tooltip > *").all_text_contents() == [
        "Retrieval-augmented generation", "technique", RAG_DEFINITION,
    ]
    assert p.text("#tooltip strong") == "Retrieval-augmented generation"
    assert p.text("#tooltip .meta") == "technique"
    # Half way along the edge token -> tokenization, the relation is named.
    (x1, y1), (x2, y2) = p.node_point("token"), p.node_point("tokenization")
    p.page.mouse.move(0, 0)
    p.page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2)
    p.until("document.getElementById('tooltip').textContent.includes('prerequisite')")
    assert p.text("#tooltip") == "Token is a prerequisite of Tokenization"
    p.check_clean()


def test_search_finds_a_concept_by_alias(open_page, small):
    p = open_page(small)
    options = p.page.locator("#search-names option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert "LLM" in values and "Large language model" in values and "tokenizing" in values
    p.page.fill("#search", "LLM")
    p.page.press("#search", "Enter")
    p.until("network.getSelectedNodes()[0] === 'llm'")
    assert p.text("#panel-name") == "Large language model"
    assert p.text("#search-status") == ""
    centre = p.js("network.getViewPosition()")
    node = p.js("network.getPositions(['llm']).llm")
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
    # Spacing, case, hyphens do not matter; a prefix finds too.
    p.page.fill("#search", "FINE TUNING")
    p.page.press("#search", "Enter")
    p.until("network.getSelectedNodes()[0] === 'finetuning'")
    p.page.fill("#search", "retrieval-aug")
    p.page.press("#search", "Enter")
    p.until("network.getSelectedNodes()[0] === 'rag'")
    p.page.fill("#search", "quantum")
    p.page.press("#search", "Enter")
    assert p.text("#search-status") == "No concept matches \u201cquantum\u201d"
    assert p.js("network.getSelectedNodes()") == ["rag"]
    p.check_clean()


@pytest.mark.parametrize("path, concept", [(SMALL, "rag"), (SMALL, "pre-training"), (CYCLIC, "d"), (CYCLIC, "a")])
def test_prerequisite_highlight_covers_exactly_the_closure(open_page, path, concept):
    kg = load(path)
    p = open_page(kg)
    p.js(f"aieGraph.select({concept!r})")
    p.page.click("#highlight-prereqs")
    expected = {concept} | {c.id for c, _ in prerequisites(kg, concept)}
    assert set(p.js("aieGraph.highlighted()")) == expected
    nodes = p.js("network.body.data.nodes.get()")
    assert {n["id"] for n in nodes if n["opacity"] == 1} == expected
    assert {n["id"] for n in nodes if n["opacity"] < 0.2} == set(kg.concepts) - expected
    p.page.click("#clear-highlight")
    assert p.js("aieGraph.highlighted()") is None
    assert {n["opacity"] for n in p.js("network.body.data.nodes.get()")} == {1}
    p.check_clean()


def test_cyclic_prerequisites_are_highlighted_together(open_page):
    kg = load(CYCLIC)
    p = open_page(kg)
    p.js("aieGraph.select('c')")
    p.page.click("#highlight-prereqs")
    assert sorted(p.js("aieGraph.highlighted()")) == ["a", "b", "c"]


def test_type_and_relation_toggles(open_page, small):
    p = open_page(small)
    p.page.locator("#legend-types label", has_text="math").locator("input").uncheck()
    hidden = p.js("network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert sorted(hidden) == ["gradient-descent", "loss-function", "probability"]
    assert p.js("network.body.nodes['probability'].options.hidden") is True
    p.page.locator("#legend-relations label", has_text="is a kind of").locator("input").uncheck()
    edges = p.js("network.body.data.edges.get({filter: e => e.hidden}).map(e => [e.from, e.to])")
    assert edges == [["llm", "language-model"]]
    # Searching a hidden concept shows its type again.
    p.page.fill("#search", "Loss function")
    p.page.press("#search", "Enter")
    p.until("network.getSelectedNodes()[0] === 'loss-function'")
    assert p.js("network.body.data.nodes.get({filter: n => n.hidden}).length") == 0
    assert p.page.locator("#legend-types label", has_text="math").locator("input").is_checked()
    p.check_clean()


def test_curriculum_view_numbers_steps_and_dims_known(open_page, small):
    selection = select(small, curriculum=["rag"], known=["tokenization"], keep_known=True)
    p = open_page(small, selection)
    labels = p.js("network.body.data.nodes.get().map(n => [n.id, n.label, n.opacity === undefined ? 1 : n.opacity])")
    assert sorted(labels) == sorted([
        ["probability", "1. Probability distribution", 1],
        ["language-model", "2. Language model", 1],
        ["llm", "3. Large language model", 1],
        ["prompt-engineering", "4. Prompt engineering", 1],
        ["rag", "5. Retrieval-augmented generation", 1],
        ["token", "Token", 0.4],
        ["tokenization", "Tokenization", 0.4],
    ])
    xs = p.js("network.getPositions()")
    steps = selection.plan.steps
    for a in steps:
        for b in steps:
            if a.stage < b.stage:
                assert xs[a.id]["x"] < xs[b.id]["x"]
    p.js("aieGraph.select('tokenization')")
    assert p.text("#panel-step") == "Known: left out of the plan"
    p.js("aieGraph.select('llm')")
    assert p.text("#panel-step") == "Step 3 of the study plan"
    p.check_clean()


def test_hostile_strings_show_as_text_and_never_run(open_page):
    kg = from_dict(hostile_graph())
    p = open_page(kg)
    pwned = "typeof window.__pwned"
    assert p.js(pwned) == "undefined"
    assert p.js("document.title") == EVIL_TITLE
    assert p.text("#title") == EVIL_TITLE
    # Legend: the type name as text.
    assert EVIL_TYPE in p.page.locator("#legend-types").text_content()
    # Canvas labels are drawn as text by vis, from the very strings.
    assert p.js("network.body.nodes['evil'].options.label") == shorten(EVIL_NAME)  # canvas labels are shortened
    # Tooltip.
    p.page.mouse.move(*p.node_point("evil"))
    p.until("!document.getElementById('tooltip').hidden")
    assert p.text("#tooltip strong") == EVIL_NAME
    assert p.text("#tooltip .meta") == EVIL_TYPE
    # Panel, reached by clicking the node.
    p.page.mouse.click(*p.node_point("evil"))
    p.until("!document.getElementById('panel').hidden")
    assert p.text("#panel-name") == EVIL_NAME
    assert p.text("#panel-definition") == EVIL_DEFINITION
    assert p.text("#panel-aliases") == "Also: " + EVIL_ALIAS
    assert p.text("#panel .type-name") == EVIL_TYPE
    assert p.text("#panel-source") == f"Source: Chapter 3, \u201c{EVIL_SECTION}\u201d"
    assert p.page.locator("#panel-relations li").all_text_contents() == ["this is related to Odd id"]
    # Search by the hostile alias, and by the odd id.
    p.page.fill("#search", EVIL_ALIAS)
    p.page.press("#search", "Enter")
    p.until("network.getSelectedNodes()[0] === 'evil'")
    p.page.fill("#search", EVIL_ID)
    p.page.press("#search", "Enter")
    assert p.js("network.getSelectedNodes()") == [EVIL_ID]
    assert p.text("#panel-definition") == HOSTILE[1]
    options = p.page.locator("#search-names option")
    assert EVIL_ALIAS in [options.nth(i).get_attribute("value") for i in range(options.count())]
    # The edge's relation and reason in its tooltip, as text.
    p.js("aieGraph.clearHighlight(); network.fit({animation: false})")
    (x1, y1), (x2, y2) = p.node_point("base"), p.node_point("evil")
    p.page.mouse.move(0, 0)
    p.page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2)
    p.until("document.getElementById('tooltip').textContent.includes('prerequisite')")
    assert p.page.locator("#tooltip > *").all_text_contents() == [f"Base is a prerequisite of {EVIL_NAME}", HOSTILE[0]]
    p.js("aieGraph.highlightPrerequisites('evil')")
    assert sorted(p.js("aieGraph.highlighted()")) == ["base", "evil"]
    # Nothing ran; no element was made from the data.
    assert p.js(pwned) == "undefined"
    assert p.js("document.querySelectorAll('img, iframe, object, embed, svg[onload], [onerror], [onload]').length") == 0
    assert p.js("document.querySelectorAll('script').length") == 3
    p.check_clean()


def test_notebook_iframe_draws_the_graph(browser, small):
    context = browser.new_context()
    try:
        requests = []
        errors = []
        context.route("**/*", lambda r: r.abort())
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.set_content("<!DOCTYPE html><body>" + render.View(small)._repr_html_() + "</body>")
        frame = page.frames[1]
        deadline = time.monotonic() + 30
        while not frame.evaluate("!!(window.aieGraph && window.aieGraph.ready)"):
            assert time.monotonic() < deadline
            page.wait_for_timeout(20)
        assert frame.evaluate("network.body.data.nodes.length") == 13
        assert errors == [] and requests == []
    finally:
        context.close()
