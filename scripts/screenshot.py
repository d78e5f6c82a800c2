"""Regenerate the README's screenshot of `aie-graph view` (docs/img/view.png).

Writes the view of the bundled graph (or --data), opens it offline in headless
Chromium (Debian's /usr/bin/chromium, driven by playwright) at 1400x900 and saves
what a learner sees first: no click, no hover. With --concept, that concept is
selected and its prerequisite chain lit up; with --curriculum GOAL, the study plan
to GOAL is shown instead of the whole graph.

    python scripts/screenshot.py [--data FILE] [--concept C] [--curriculum GOAL] [-o docs/img/view.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.render import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def screenshot(html_path: Path, output: Path, width: int, height: int, concept_id: str | None = None) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page = context.new_page()
            page.goto(html_path.as_uri())
            deadline = time.monotonic() + 60
            while not page.evaluate("!!(window.aieGraph && window.aieGraph.ready)"):
                if time.monotonic() > deadline:
                    raise SystemExit("the page did not draw within 60 s")
                page.wait_for_timeout(50)
            if concept_id is not None:
                page.evaluate(f"aieGraph.select({concept_id!r})")
                page.click("#highlight-prereqs")  # also brings the chain into view
            page.wait_for_timeout(300)
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output))
        finally:
            browser.close()


def main(argv=None) -> int:
    from graph.query import resolve
    from graph.render import write_view
    from graph.select import select
    from graph.store import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="Graph file (default: the bundled graph).")
    parser.add_argument("--concept", help="Select this concept and light up its prerequisite chain.")
    parser.add_argument("--curriculum", metavar="GOAL", help="Show the study plan to GOAL.")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "img" / "view.png")
    parser.add_argument("--size", default="1400x900", help="Viewport, WIDTHxHEIGHT (default 1400x900).")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))

    kg = load(args.data)
    concept_id = resolve(kg, args.concept) if args.concept else None
    selection = select(kg, curriculum=[resolve(kg, args.curriculum)]) if args.curriculum else None
    with tempfile.TemporaryDirectory() as tmp:
        page = write_view(Path(tmp) / "view.html", kg, selection)
        screenshot(page, args.output, width, height, concept_id)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
