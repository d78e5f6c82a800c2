"""How fast `aie-graph view` pages draw, next to the floor: a bare vis-network page.

For seeded random graphs of 1,000 and 10,000 concepts it writes two pages:

* ours, made by :func:`graph.render.write_view`;
* a bare page holding only vis-network (inlined, the same build) and the same nodes
  and edges at the same preset positions, with physics off.

Each page is opened from file:// in headless Chromium (Debian's /usr/bin/chromium via
playwright), a fresh browser context per run, and timed from navigation start to the
first ``afterDrawing`` event of the ``vis.Network``. The hook is one init script,
the same for both pages: it wraps ``Network.prototype.emit`` as soon as vis-network
defines it. Medians of 3 runs. It also reports the file size per 1,000 concepts and
the time Python takes to write the file, and writes the table to
docs/benchmarks-views.md.

With ``--baseline REV`` it also times writing the same pages with the code of git
revision REV (``git archive`` into a temporary folder), interleaved with ours, each
in a fresh process; with ``--crossings`` it counts the crossings of prerequisite
edges (straight segments between drawn positions) in our layout, in the naive
layered layout of issue 14 and in graphviz's ``dot -Grankdir=LR`` (a yardstick, given
``--dot-timeout`` seconds), on the bundled graph and on the benchmark graphs.

    python benchmarks/view_bench.py [--sizes 1000 10000] [--runs 3] [--no-write]
                                    [--baseline dd82bcf] [--crossings]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import NODE_TYPES, RELATION_TYPES  # noqa: E402
from graph.render import VIS_NETWORK_JS, _inline_script, layout, script_json, write_view  # noqa: E402
from graph.store import from_dict  # noqa: E402

from graph.render import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
VIEWPORT = {"width": 1280, "height": 800}
TARGETS = {1000: 1.5, 10000: 5.0}
MAX_RATIO = 1.3

# Records the time of the first frame any vis.Network draws, for whichever page loads.
FIRST_DRAW_HOOK = """
(() => {
  let vis;
  Object.defineProperty(window, "vis", {configurable: true, get() { return vis; }, set(value) {
    vis = value;
    let Network;
    Object.defineProperty(value, "Network", {configurable: true, enumerable: true,
      get() { return Network; },
      set(cls) {
        Network = cls;
        const emit = cls.prototype.emit;
        cls.prototype.emit = function (name, ...args) {
          if (name === "afterDrawing" && window.__firstDraw === undefined) window.__firstDraw = performance.now();
          return emit.call(this, name, ...args);
        };
      }});
  }});
})();
"""

WORDS = ("attention", "token", "vector", "retrieval", "model", "layer", "prompt", "agent", "loss", "batch",
         "embedding", "decoder", "encoder", "sampling", "gradient", "memory", "cache", "index", "chain", "eval")
OTHER_RELATIONS = [r for r in RELATION_TYPES if r != "prerequisite"]


def make_graph(n: int, seed: int = 7) -> dict:
    """A graph file's data: n concepts, up to 3 prerequisites each among the previous
    ones, and about one other relation per two concepts."""
    rnd = random.Random(seed)
    types = list(NODE_TYPES)
    concepts, relations = [], []
    for i in range(n):
        words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 3)))
        concept = {
            "id": f"c{i}",
            "name": f"{words.capitalize()} {i}",
            "type": rnd.choice(types),
            "definition": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + ".",
            "source": {"chapter": i * 10 // n + 1, "section": f"Section {i * 100 // n}"},
        }
        if rnd.random() < 0.3:
            concept["aliases"] = [f"alias {i}"]
        concepts.append(concept)
        if i:
            for p in rnd.sample(range(max(0, i - 200), i), min(i, rnd.randint(0, 3))):
                relations.append({"source": f"c{p}", "type": "prerequisite", "target": f"c{i}"})
            if rnd.random() < 0.5:
                other = rnd.randrange(i)
                relations.append({"source": f"c{i}", "type": rnd.choice(OTHER_RELATIONS), "target": f"c{other}"})
    return {"title": f"Benchmark graph, {n} concepts", "concepts": concepts, "relations": relations}


def bare_page(kg, straight: bool = False) -> str:
    """Only vis-network and the same nodes and edges at the same positions, physics off
    (and with ``straight``, straight edges as on our page)."""
    positions = layout(kg)
    nodes = [{"id": cid, "label": c.name, "x": positions[cid][0], "y": positions[cid][1]} for cid, c in kg.concepts.items()]
    edges = [{"from": r.source, "to": r.target} for r in kg.relations]
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>bare</title>"
        "<style>html,body,#net{margin:0;width:100%;height:100%}</style></head><body><div id=\"net\"></div>\n"
        f"<script>{_inline_script(VIS_NETWORK_JS.read_text(encoding='utf-8'))}</script>\n"
        f"<script type=\"application/json\" id=\"d\">{script_json({'nodes': nodes, 'edges': edges})}</script>\n"
        "<script>var d=JSON.parse(document.getElementById('d').textContent);"
        "var network=new vis.Network(document.getElementById('net'),"
        "{nodes:new vis.DataSet(d.nodes),edges:new vis.DataSet(d.edges)},"
        + ("{physics:{enabled:false},edges:{smooth:false}}" if straight else "{physics:{enabled:false}}")
        + ");</script>\n"
        "</body></html>\n"
    )


def first_draw(browser, path: Path) -> float:
    """Seconds from navigation start to the first drawn frame, in a fresh context."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(FIRST_DRAW_HOOK)
        page.goto(path.as_uri(), wait_until="commit", timeout=120_000)
        # Polled from Python: wait_for_function evaluates strings in the page, which
        # our page's Content-Security-Policy forbids (no 'unsafe-eval').
        deadline = time.monotonic() + 120
        while (drawn := page.evaluate("window.__firstDraw")) is None:
            if errors or time.monotonic() > deadline:
                raise RuntimeError(f"{path.name}: {errors[0] if errors else 'nothing drawn in 120 s'}")
            page.wait_for_timeout(25)
        if errors:
            raise RuntimeError(f"{path.name}: {errors[0]}")
        return drawn / 1000
    finally:
        context.close()


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "chromium: unknown version"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({cpu}), {chromium}, Python {platform.python_version()}, {platform.system()}; "
            f"load average at the end {load}")


def run(sizes, runs: int) -> tuple[list[dict], str]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in sizes:
                data = make_graph(n)
                kg = from_dict(data, f"bench-{n}.json")
                graph_file = Path(tmp, f"bench-{n}.json")
                graph_file.write_text(json.dumps(data), encoding="utf-8")
                ours, bare = Path(tmp, f"ours-{n}.html"), Path(tmp, f"bare-{n}.html")
                straight = Path(tmp, f"straight-{n}.html")
                write_times, command_times = [], []
                for _ in range(runs):
                    start = time.perf_counter()
                    write_view(ours, kg)
                    write_times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    subprocess.run(
                        [sys.executable, str(ROOT / "cli.py"), "--data", str(graph_file), "view", "-o", str(ours)],
                        check=True, capture_output=True,
                    )
                    command_times.append(time.perf_counter() - start)
                bare.write_text(bare_page(kg), encoding="utf-8")
                straight.write_text(bare_page(kg, straight=True), encoding="utf-8")
                for page in (ours, bare, straight):
                    first_draw(browser, page)  # warm-up, not counted
                ours_times, bare_times, straight_times = [], [], []
                for _ in range(runs):  # interleaved, so all see the same machine load
                    ours_times.append(first_draw(browser, ours))
                    bare_times.append(first_draw(browser, bare))
                    straight_times.append(first_draw(browser, straight))
                row = {
                    "concepts": n,
                    "relations": len(kg.relations),
                    "ours_s": statistics.median(ours_times),
                    "bare_s": statistics.median(bare_times),
                    "straight_s": statistics.median(straight_times),
                    "bytes": ours.stat().st_size,
                    "write_s": statistics.median(write_times),
                    "command_s": statistics.median(command_times),
                }
                row["ratio"] = row["ours_s"] / row["bare_s"]
                row["straight_ratio"] = row["ours_s"] / row["straight_s"]
                row["bytes_per_1000"] = (row["bytes"] - VIS_NETWORK_JS.stat().st_size) * 1000 / n
                rows.append(row)
                print(f"{n}: ours {row['ours_s']:.2f} s, bare {row['bare_s']:.2f} s, "
                      f"straight {row['straight_s']:.2f} s", file=sys.stderr)
        finally:
            browser.close()
    return rows, machine()


WRITE_TIMER = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from graph.render import write_view
from graph.store import from_dict
kg = from_dict(json.load(open(sys.argv[2], encoding="utf-8")), sys.argv[2])
times = []
for _ in range(int(sys.argv[4])):
    start = time.perf_counter()
    write_view(sys.argv[3], kg)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def write_comparison(sizes, runs: int, baseline: str) -> list[dict]:
    """Seconds to write each benchmark page with our code and with revision
    ``baseline``, each in a fresh process (graph loaded first, not timed),
    interleaved; medians of ``runs`` rounds of one write each."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp, "baseline")
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", baseline], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        for n in sizes:
            graph_file = Path(tmp, f"bench-{n}.json")
            graph_file.write_text(json.dumps(make_graph(n)), encoding="utf-8")
            ours, theirs = [], []
            for _ in range(runs):
                for root, out in ((ROOT, ours), (old, theirs)):
                    result = subprocess.run(
                        [sys.executable, "-c", WRITE_TIMER, str(root), str(graph_file), str(Path(tmp, "page.html")), "1"],
                        check=True, capture_output=True, text=True,
                    )
                    out.append(float(result.stdout))
            row = {"concepts": n, "ours_s": statistics.median(ours), "baseline_s": statistics.median(theirs)}
            row["ratio"] = row["ours_s"] / row["baseline_s"]
            rows.append(row)
            print(f"{n}: write {row['ours_s']:.2f} s, at {baseline} {row['baseline_s']:.2f} s", file=sys.stderr)
    return rows


def dot_positions(kg, timeout: float) -> dict | None:
    """Where graphviz's dot (rankdir=LR) puts the concepts that take part in a
    prerequisite, or None when dot is missing or takes longer than ``timeout``."""
    import shutil

    if not shutil.which("dot"):
        return None
    g = kg.prerequisite_graph
    names = {n: f"n{i}" for i, n in enumerate(n for n in g if g.degree(n))}
    lines = ["digraph G {", "rankdir=LR;", "node [shape=box, width=1.4, height=0.4, fixedsize=true];"]
    lines += [f"{names[a]} -> {names[b]};" for a, b in g.edges]
    lines.append("}")
    try:
        out = subprocess.run(["dot", "-Tplain"], input="\n".join(lines), capture_output=True, text=True,
                             timeout=timeout, check=True).stdout
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return None
    back = {v: k for k, v in names.items()}
    positions = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "node":
            positions[back[parts[1]]] = (float(parts[2]), float(parts[3]))
    return positions


def crossing_rows(sizes, dot_timeout: float) -> list[dict]:
    """Crossings of prerequisite edges: ours, the naive layered layout, dot's."""
    from graph.layout import count_crossings, naive_layout
    from graph.store import load

    graphs = [("bundled graph", load())] + [(f"{n:,} concepts", from_dict(make_graph(n))) for n in sizes]
    rows = []
    for name, kg in graphs:
        g = kg.prerequisite_graph
        start = time.perf_counter()
        ours = layout(kg)
        layout_s = time.perf_counter() - start
        dot = dot_positions(kg, dot_timeout)
        row = {
            "graph": name, "edges": g.number_of_edges(), "ours": count_crossings(g.edges, ours),
            "naive": count_crossings(g.edges, naive_layout(g)), "layout_s": layout_s,
            "dot": None if dot is None else count_crossings(g.edges, dot),
        }
        rows.append(row)
        print(f"{name}: ours {row['ours']}, naive {row['naive']}, dot {row['dot']}", file=sys.stderr)
    return rows


def crossing_table(rows, dot_timeout: float) -> list[str]:
    lines = [
        "",
        "## Crossings of prerequisite edges",
        "",
        "Straight segments between drawn positions, counted by `graph.layout.count_crossings`. Naive:",
        "the yardstick of issue 14 (column = longest prerequisite chain above, ids in alphabetical",
        f"order, evenly spaced). dot: graphviz `dot -Grankdir=LR` (given {dot_timeout:g} s), a yardstick only.",
        "",
        "| graph | prerequisite edges | ours | naive | ours / naive | dot | layout time |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        dot = "did not finish" if r["dot"] is None else f"{r['dot']:,}"
        lines.append(f"| {r['graph']} | {r['edges']:,} | {r['ours']:,} | {r['naive']:,} | {r['ours'] / max(1, r['naive']):.2f}x | "
                     f"{dot} | {r['layout_s']:.2f} s |")
    return lines


def write_table(rows, baseline: str) -> list[str]:
    lines = [
        "",
        f"## Write time against revision {baseline}",
        "",
        "`graph.render.write_view` of the same benchmark graphs, ours and the code of that revision, each",
        "in a fresh process, interleaved; medians.",
        "",
        f"| concepts | ours | at {baseline} | ratio |",
        "|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['concepts']:,} | {r['ours_s']:.2f} s | {r['baseline_s']:.2f} s | {r['ratio']:.2f}x |" for r in rows]
    return lines


def table(rows, machine_text: str, runs: int) -> str:
    lines = [
        "# Benchmark: interactive views",
        "",
        "Made by `python benchmarks/view_bench.py`. Time from navigation start to the first drawn",
        "frame (`afterDrawing`) in headless Chromium opening the file from file://, median of",
        f"{runs} runs; the bare page holds only vis-network and the same nodes and edges at the",
        "same positions, physics off (vis defaults otherwise, so dynamic smooth edges); the",
        "straight-edge bare page also has `edges: {smooth: false}`, as ours does, for a",
        "stricter comparison. Write time is `graph.render.write_view` in Python (layout,",
        "data, page); command time is `python cli.py --data FILE view -o OUT` end to end",
        "(start, load, write). Medians of the same runs.",
        "",
        f"Machine: {machine_text}.",
        "",
        "| concepts | relations | our page | bare page | ratio | target | bare page, straight edges | ratio |"
        " file size | per 1,000 concepts beyond vis-network | write time | command time |",
        "|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        target = TARGETS.get(r["concepts"])
        verdict = "" if target is None else f"<= {target:g} s, <= {MAX_RATIO}x: " + (
            "met" if r["ours_s"] <= target and r["ratio"] <= MAX_RATIO else "NOT met"
        )
        lines.append(
            f"| {r['concepts']:,} | {r['relations']:,} | {r['ours_s']:.2f} s | {r['bare_s']:.2f} s | "
            f"{r['ratio']:.2f}x | {verdict} | {r['straight_s']:.2f} s | {r['straight_ratio']:.2f}x | "
            f"{r['bytes'] / 1e6:.2f} MB | {r['bytes_per_1000'] / 1e3:.0f} kB | {r['write_s']:.2f} s | "
            f"{r['command_s']:.2f} s |"
        )
    lines.append("")
    lines.append("The file size includes vis-network itself (about 470 kB, once per file); the column")
    lines.append("after it leaves that out. The machine is shared: the load average says how busy it was.")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="Print the table only.")
    parser.add_argument("--baseline", metavar="REV", help="Also time writing the pages with the code of git revision REV.")
    parser.add_argument("--crossings", action="store_true", help="Also count crossings: ours, naive, dot.")
    parser.add_argument("--dot-timeout", type=float, default=300, help="Seconds dot is given per graph (default 300).")
    parser.add_argument("--no-draw", action="store_true", help="Skip the browser timings.")
    args = parser.parse_args(argv)
    if args.no_draw:
        rows, machine_text = [], machine()
    else:
        rows, machine_text = run(args.sizes, args.runs)
    text = table(rows, machine_text, args.runs)
    extra = []
    if args.baseline:
        extra += write_table(write_comparison(args.sizes, args.runs, args.baseline), args.baseline)
    if args.crossings:
        extra += crossing_table(crossing_rows(args.sizes, args.dot_timeout), args.dot_timeout)
    if extra:
        text += "\n".join(extra) + "\n"
    print(text)
    if not args.no_write:
        (ROOT / "docs" / "benchmarks-views.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
