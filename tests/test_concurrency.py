"""The progress file under stress: many writers at once lose no update, and a writer
killed with SIGKILL at any moment leaves a file that parses and holds a complete
state (the old one or the new one), never a torn one.

Real processes, not threads: the lock (flock) and the atomic rename are what is
tested. Run with -s to see the figures.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.progress import ProgressFile, learn

ROOT = Path(__file__).parent.parent

pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL") or os.name != "posix", reason="POSIX processes"),
    pytest.mark.slow,
]


def env():
    return {**os.environ, "PYTHONPATH": str(ROOT), "AIE_GRAPH_DATA": "", "AIE_GRAPH_PROGRESS": ""}


@pytest.fixture
def forty_graph(tmp_path):
    path = tmp_path / "forty.json"
    concepts = [{"id": f"c{i:02d}", "name": f"Concept {i}", "type": "concept"} for i in range(40)]
    relations = [{"source": f"c{i:02d}", "type": "prerequisite", "target": f"c{i + 1:02d}"} for i in range(39)]
    path.write_text(json.dumps({"concepts": concepts, "relations": relations}), encoding="utf-8")
    return path


def test_forty_learned_commands_at_once_are_all_recorded(tmp_path, forty_graph):
    progress = tmp_path / "state" / "progress.json"  # its folder does not exist yet either
    procs = [
        subprocess.Popen(
            [sys.executable, "cli.py", "--data", str(forty_graph), "--progress", str(progress), "learned", f"c{i:02d}"],
            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(40)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 40, [err for _, _, err in results if err]
    assert all(err == "" for _, _, err in results)
    for i, (_, out, _) in enumerate(results):
        assert out.startswith(f"Learned: Concept {i} (c{i:02d}). ")
    # Every "N of 40 concepts known." is a distinct count: each command saw all earlier ones.
    counts = sorted(int(out.split(". ")[1].split(" of ")[0]) for _, out, _ in results)
    assert counts == list(range(1, 41))
    saved = json.loads(progress.read_text())
    assert sorted(saved["learned"]) == [f"c{i:02d}" for i in range(40)]
    assert sorted(os.listdir(progress.parent)) == ["progress.json", "progress.json.lock"]
    print(f"\nconcurrency: 40 `learned` processes at once -> {len(saved['learned'])} of 40 ids recorded")


WORKER = textwrap.dedent(
    """
    import sys
    from graph.progress import learn
    path, me, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for k in range(n):
        learn(path, [f"{me}-{k}"])
    """
)


def test_library_writers_racing_lose_nothing(tmp_path):
    path = tmp_path / "progress.json"
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), f"w{w}", "40"], cwd=ROOT, env=env())
        for w in range(6)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    learned = ProgressFile(path).read().learned
    assert sorted(learned) == sorted(f"w{w}-{k}" for w in range(6) for k in range(40))
    # each writer's own ids stay in the order it learned them
    for w in range(6):
        mine = [x for x in learned if x.startswith(f"w{w}-")]
        assert mine == [f"w{w}-{k}" for k in range(40)]


WRITER = textwrap.dedent(
    """
    import sys
    from graph.progress import Progress, ProgressFile
    path, start = sys.argv[1], int(sys.argv[2])
    f = ProgressFile(path)
    state = start
    while True:
        # Each state is complete on its own: 1,500 ids all tagged with the state number.
        ids = tuple(f"s{state}-{k:04d}-" + "x" * 120 for k in range(1500))
        f.update(lambda p: Progress(ids))
        if state == start:
            print("ready", flush=True)
        state += 1
    """
)


def check_complete(path: Path) -> int:
    """The state number of the file, after checking it is one whole state."""
    learned = ProgressFile(path).read().learned  # raises if torn
    assert len(learned) == 1500
    states = {x.split("-")[0] for x in learned}
    assert len(states) == 1, states
    assert learned == tuple(f"{states.copy().pop()}-{k:04d}-" + "x" * 120 for k in range(1500))
    return int(states.pop()[1:])


def test_writers_killed_mid_write_never_leave_a_torn_file(tmp_path):
    path = tmp_path / "progress.json"
    rng = random.Random(7)
    rounds, leftovers_seen, states_written, last = 50, 0, 0, None
    deadline = time.monotonic() + 60
    start_state = 0
    for r in range(rounds):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(start_state)],
            cwd=ROOT, env=env(), stdout=subprocess.PIPE, text=True,
        )
        assert writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.05))  # the kill lands anywhere in the write loop
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        state = check_complete(path)
        assert state >= start_state and (last is None or state >= last)
        states_written += state - start_state + 1
        last, start_state = state, state + 1
        left = ProgressFile(path).leftovers()
        assert len(left) <= 1  # only the killed writer's own temporary file, if any
        leftovers_seen += len(left)
        assert time.monotonic() < deadline, f"too slow: {r} rounds"
    # The next write removes what a killed writer left, and the lock was never stuck.
    learn(path, ["after"])
    assert ProgressFile(path).leftovers() == []
    assert ProgressFile(path).read().learned[-1] == "after"
    print(
        f"\nfault: {rounds} writers killed with SIGKILL mid-loop; {states_written} complete states written; "
        f"file parsed and whole after every kill; {leftovers_seen} kills left a temporary file "
        "(each removed by the next write)"
    )
