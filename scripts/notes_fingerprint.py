"""Write tests/data/notes_fingerprint.json from a notes file, for the paraphrase guard.

The notes quote a copyrighted book, so the project never ships their text. The guard
in tests/test_content.py needs only, for each line of the notes, the set of its
content-word stems; this script stores each stem as a short hash, so nothing of
the text can be read back.

Usage: python scripts/notes_fingerprint.py NOTES.txt [OUT.json]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

#: Short words that carry no content; shared with tests/test_content.py.
STOP_WORDS = frozenset(
    "a an the of to and or in on for with is are be by as it its that this from at can their they than more "
    "which what how when not into each one".split()
)


def stems(text: str) -> set[str]:
    """The content-word stems of ``text``: lowercase alphabetic words of three or
    more letters outside STOP_WORDS, cut to their first five letters."""
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP_WORDS and len(w) > 2}


def stem_hash(stem: str) -> str:
    return hashlib.blake2b(stem.encode(), digest_size=5).hexdigest()


def main(notes: str, out: str = "tests/data/notes_fingerprint.json") -> None:
    lines = Path(notes).read_text(encoding="utf-8").split("\n")
    rows = sorted({tuple(sorted(stem_hash(s) for s in stems(line))) for line in lines if stems(line)})
    Path(out).write_text(json.dumps({"hash": "blake2b-5", "lines": [list(r) for r in rows]}) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} lines")


if __name__ == "__main__":
    main(*sys.argv[1:])
