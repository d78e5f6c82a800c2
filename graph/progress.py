"""Learner progress: the concepts a learner has marked as learned, kept in one small
JSON file, ``{"version": 1, "learned": [ids]}``.

This is the only user state the tool keeps, so it is written carefully:

* Every change is read-modify-write under an exclusive lock on a sidecar file
  (``progress.json.lock``, left in place: removing it would race with the next
  writer), so commands run at the same time lose no update.
* The new content goes to a temporary file in the same folder, is fsynced and
  renamed over the old file (:func:`graph.files.write_atomic`), so a crash or a
  ``kill -9`` leaves the old file or the new one, never a torn one. A writer killed
  between creating its temporary file and renaming it leaves that file behind; the
  next writer, holding the lock, removes such leftovers.
* A file that cannot be understood (not JSON, wrong shape, bad version) raises
  :class:`CorruptProgress` naming the path. It is never overwritten: the next write
  first renames it aside, to ``progress.json.corrupt-YYYYmmddTHHMMSS``.
* A file written by a newer version of the tool (``"version": 2``) is neither read
  nor touched: :class:`UnsupportedProgress`.
* ``/dev/null`` (or a link to it) as the progress file switches saved progress
  off: it reads as empty, a change is made and reported but discarded, and
  nothing is created, renamed or replaced (:func:`graph.files.is_progress_off`).
  Any other path that exists and is not a regular file (a FIFO, another device)
  is read (through the capped reader) but never renamed or replaced. A
  read-only file (no write permission bits, e.g. 0444) is read but never
  rewritten: a change raises :class:`ProgressError` (root included).
* Ids are kept even when the current graph does not have them (the data changed):
  the file belongs to the learner, not to one graph.

What a learner knows, for ``curriculum``, ``next`` and the views, is the saved
progress, then every ``--known`` concept, then those of every ``--known-file``
(:func:`known_ids`).

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "progress.json")
>>> learn(path, ["token", "tokenization"]).added
['token', 'tokenization']
>>> ProgressFile(path).read().learned
('token', 'tokenization')
>>> unlearn(path, ["token", "rag"]).missing
['rag']
>>> open(path).read()
'{\\n  "version": 1,\\n  "learned": [\\n    "tokenization"\\n  ]\\n}\\n'
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Callable

from .basics import PROGRESS_ENV_VAR, abbreviate, default_progress_file, plural
from .curriculum import known_concepts, needed_concepts, next_steps, ready_to_learn
from .files import decode_utf8, is_progress_off, read_bytes, write_atomic
from .model import CorruptProgress, InputFileError, ProgressError, UnknownConcept, UnsupportedProgress  # noqa: F401
from .query import resolve, resolve_all

#: The format version this module reads and writes.
VERSION = 1
#: Environment variable naming the progress file (the CLI's ``--progress``).
ENV_VAR = PROGRESS_ENV_VAR
#: How long a writer waits for another one to finish before giving up.
LOCK_TIMEOUT = 30.0


class Progress:
    """What a progress file holds: learned ids, in the order they were learned,
    and any other top-level fields (kept as they are, for newer tools). Two are
    equal when they hold the same learned ids.

    >>> Progress(("a",), {"note": 1}) == Progress(("a",)), Progress(("a",))
    (True, Progress(learned=('a',)))
    """

    __slots__ = ("learned", "extra")

    def __init__(self, learned: tuple[str, ...] = (), extra: dict | None = None):
        self.learned = tuple(learned)
        self.extra: dict = extra if extra is not None else {}

    def __eq__(self, other) -> bool:
        return self.learned == other.learned if isinstance(other, Progress) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.learned)

    def __repr__(self) -> str:
        return f"Progress(learned={self.learned!r})"

    def to_json(self) -> str:
        """The file's text: UTF-8 as is, two-space indent, trailing newline."""
        return json.dumps({"version": VERSION, "learned": list(self.learned), **self.extra}, ensure_ascii=False, indent=2) + "\n"


class Change:
    """The result of :func:`learn` or :func:`unlearn`."""

    __slots__ = ("progress", "changed", "unchanged", "set_aside", "corrupt_reason")

    def __init__(self, progress: Progress, changed=None, unchanged=None, set_aside=None, corrupt_reason=None):
        self.progress = progress
        #: Ids newly added (learn) or removed (unlearn).
        self.changed: list[str] = changed if changed is not None else []
        #: Ids asked for that needed no change: already learned, or not learned.
        self.unchanged: list[str] = unchanged if unchanged is not None else []
        #: Where a corrupt file was moved before writing, if it was.
        self.set_aside: str | None = set_aside
        #: Why it was moved aside.
        self.corrupt_reason: str | None = corrupt_reason

    def __repr__(self) -> str:
        return f"Change(changed={self.changed!r}, unchanged={self.unchanged!r}, set_aside={self.set_aside!r})"

    @property
    def added(self) -> list[str]:
        return self.changed

    @property
    def missing(self) -> list[str]:
        return self.unchanged


def default_path() -> Path:
    """``progress.json`` in the user's config folder (click's ``get_app_dir``), or the
    file named by the environment variable ``AIE_GRAPH_PROGRESS``."""
    return Path(default_progress_file())


def parse(raw: bytes, path: str = "progress.json") -> Progress:
    """Parse the bytes of a progress file; raise :class:`CorruptProgress` (or
    :class:`UnsupportedProgress`) saying where and what is wrong.

    >>> parse(b'{"version": 1, "learned": ["a", "b", "a"]}').learned
    ('a', 'b')
    >>> parse(b'{"version": 1, "learned": ["a", 3]}')
    Traceback (most recent call last):
    ...
    graph.model.CorruptProgress: progress file progress.json: learned[1]: must be a concept id (a string), not 3
    """
    if not raw.strip():
        raise CorruptProgress(path, "empty file")
    text = decode_utf8(raw, lambda line, byte, offset: CorruptProgress(path, f"not UTF-8 (byte 0x{byte:02x} at offset {offset})"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        torn = " (the file ends too early: torn?)" if e.pos >= len(text.rstrip()) else ""
        raise CorruptProgress(path, f"line {e.lineno} column {e.colno}: not valid JSON: {e.msg}{torn}") from None
    except RecursionError:
        raise CorruptProgress(path, "not valid JSON: nested too deeply") from None
    except ValueError as e:  # an integer of more than 4,300 digits
        raise CorruptProgress(path, f"not valid JSON: {_number_too_long(e)}") from None
    if "\\u" in text and not _is_unicode(data):
        raise CorruptProgress(path, "holds a lone surrogate escape (\\ud800 to \\udfff): not Unicode text")
    if not isinstance(data, dict):
        raise CorruptProgress(path, f'must be a JSON object like {{"version": 1, "learned": []}}, not {type(data).__name__}')
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise UnsupportedProgress(
            path, f"version {version} was written by a newer aie-graph (this one reads version {VERSION}); left untouched"
        )
    if version != VERSION or isinstance(version, bool):
        raise CorruptProgress(path, f"version: must be {VERSION}, not {json.dumps(version)}")
    learned = data.get("learned")
    if not isinstance(learned, list):
        raise CorruptProgress(path, f"learned: must be a list of concept ids, not {json.dumps(learned)[:40]}")
    for i, item in enumerate(learned):
        if not isinstance(item, str) or not item:
            raise CorruptProgress(path, f"learned[{i}]: must be a concept id (a string), not {json.dumps(item)[:40]}")
    extra = {k: v for k, v in data.items() if k not in ("version", "learned")}
    return Progress(tuple(dict.fromkeys(learned)), extra)


def _number_too_long(error: ValueError) -> str:
    """What json's ValueError for an over-long integer means, in our words."""
    return "a number has more than 4,300 digits" if "digits" in str(error) else str(error)


def _is_unicode(data) -> bool:
    """False when some string of parsed JSON holds a lone surrogate (from a ``\\ud800``
    escape), which no file or terminal can encode."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ProgressFile:
    """One progress file: read it, or change it under a lock with an atomic write.

    ``path`` may not exist yet; it (and its folder) is created on the first write.
    """

    def __init__(self, path: str | os.PathLike):
        # Follow a symlink (a dotfiles manager's), so the write replaces its target
        # and not the link, and every writer locks the same file.
        self.path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        self.shown = str(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        #: /dev/null: progress is off (reads as empty, changes are discarded).
        self.is_off = is_progress_off(self.path)

    def read(self) -> Progress:
        """The saved progress; empty if the file does not exist yet.

        Raises :class:`CorruptProgress`, :class:`UnsupportedProgress`, or
        :class:`ProgressError` if the file cannot be read at all.
        """
        if self.is_off:
            return Progress()
        raw = read_bytes(self.path, "a file", lambda reason: ProgressError(self.shown, reason), missing_ok=True)
        return Progress() if raw is None else parse(raw, self.shown)

    def _check_writable(self) -> None:
        """Refuse, before anything is read or renamed, a path that is not to be
        replaced: something that is not a regular file, or a read-only file."""
        try:
            st = os.stat(self.path)
        except OSError:
            return
        if not stat.S_ISREG(st.st_mode):
            raise ProgressError(self.shown, "is not a regular file; it is never replaced (use /dev/null to switch progress off)")
        if not st.st_mode & 0o222:
            raise ProgressError(self.shown, f"is read-only (mode {st.st_mode & 0o777:04o}); left unchanged")

    def update(self, apply: Callable[[Progress], Progress]) -> tuple[Progress, Progress, str | None, str | None]:
        """Lock, read, ``apply``, write atomically (only if something changed), unlock.

        Returns ``(old, new, set_aside, reason)``: ``set_aside`` is where a corrupt
        file was moved (else None) and ``reason`` what was wrong with it. With
        progress off (``/dev/null``) the change is made and returned, not saved.
        """
        if self.is_off:
            old = Progress()
            return old, apply(old), None, None
        self._check_writable()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ProgressError(self.shown, f"cannot create its folder: {e.strerror or e}") from None
        with _Lock(self.lock_path, self.shown):
            self._remove_leftovers()
            set_aside = reason = None
            try:
                old = self.read()
            except CorruptProgress as e:
                reason = e.reason
                set_aside = self._set_aside()
                old = Progress()
            new = apply(old)
            if new != old or set_aside or new.extra != old.extra:
                try:
                    write_atomic(self.path, new.to_json())
                except OSError as e:
                    raise ProgressError(self.shown, f"cannot write: {e.strerror or e}") from None
            return old, new, set_aside, reason

    def _set_aside(self) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():  # safe: we hold the lock
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.rename(self.path, target)
        except OSError as e:
            raise ProgressError(self.shown, f"is corrupt and could not be moved aside: {e.strerror or e}") from None
        return str(target)

    def _remove_leftovers(self) -> None:
        """Delete temporary files of writers that were killed mid-write. Only called
        under the lock, so no live writer owns one."""
        for name in self.leftovers():
            try:
                os.unlink(self.path.parent / name)
            except OSError:
                pass

    def leftovers(self) -> list[str]:
        """Names of temporary files left by killed writers (``files.write_atomic``'s
        ``.NAME.*.tmp``); none when the folder cannot be listed."""
        prefix = f".{self.path.name}."
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return []
        return sorted(n for n in names if n.startswith(prefix) and n.endswith(".tmp"))


class _Lock:
    """An exclusive lock on a sidecar file: ``fcntl.flock`` (Linux, macOS) or
    ``msvcrt.locking`` (Windows). The kernel drops it when the holder dies, so a
    killed writer never leaves a stale lock."""

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        self.timeout = LOCK_TIMEOUT
        self.fd: int | None = None

    def __enter__(self):
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise ProgressError(self.shown, f"cannot create lock file {self.path}: {e.strerror or e}") from None
        deadline = time.monotonic() + self.timeout
        delay = 0.005
        while True:
            try:
                _try_lock(self.fd)
                return self
            except BlockingIOError:
                pass
            except OSError as e:
                if getattr(e, "errno", None) not in (11, 13, 35, 36):  # EAGAIN, EACCES, EWOULDBLOCK, EDEADLK
                    os.close(self.fd)
                    raise ProgressError(self.shown, f"cannot lock {self.path}: {e.strerror or e}") from None
            if time.monotonic() > deadline:
                os.close(self.fd)
                raise ProgressError(
                    self.shown, f"another aie-graph has held the lock {self.path} for {self.timeout:g} s; try again"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def __exit__(self, *exc):
        try:
            _unlock(self.fd)
        finally:
            os.close(self.fd)
        return False


try:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


# ----------------------------------------------------------------------------- changes


def learn(path: str | os.PathLike, ids) -> Change:
    """Mark ``ids`` as learned (appended in order; ones already learned are reported
    in ``unchanged``)."""
    ids = list(dict.fromkeys(ids))

    def apply(p: Progress) -> Progress:
        have = set(p.learned)
        return Progress(p.learned + tuple(i for i in ids if i not in have), p.extra)

    old, new, aside, reason = ProgressFile(path).update(apply)
    before = set(old.learned)
    return Change(new, [i for i in ids if i not in before], [i for i in ids if i in before], aside, reason)


def unlearn(path: str | os.PathLike, ids) -> Change:
    """Remove ``ids`` from the learned list (ones not learned are reported in
    ``unchanged``: a note, not an error)."""
    ids = list(dict.fromkeys(ids))
    drop = set(ids)

    def apply(p: Progress) -> Progress:
        return Progress(tuple(i for i in p.learned if i not in drop), p.extra)

    old, new, aside, reason = ProgressFile(path).update(apply)
    before = set(old.learned)
    return Change(new, [i for i in ids if i in before], [i for i in ids if i not in before], aside, reason)


# ----------------------------------------------------------------------------- reports


def split_known(progress: Progress, kg) -> tuple[list[str], list[str]]:
    """The learned ids this graph has, and the ones it does not (kept, reported)."""
    present = [i for i in progress.learned if i in kg.concepts]
    absent = [i for i in progress.learned if i not in kg.concepts]
    return present, absent


def goal_progress(kg, goal: str, learned) -> dict:
    """How far through the curriculum to ``goal`` (an id, name or alias) the learner is: steps and hours
    done of the full plan, with how many of the steps done were ``learned`` and how
    many count as known by implication (:func:`graph.curriculum.known_concepts`).

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept", "hours": 1} for x in "abc"],
    ...   "relations": [{"source": s, "type": "prerequisite", "target": t} for s, t in ["ab", "bc"]]})
    >>> goal_progress(kg, "c", ["b"])
    {'id': 'c', 'done': 2, 'total': 3, 'learned': 1, 'implied': 1, 'hours_done': 2, 'hours_total': 3}
    """
    goal, learned = resolve(kg, goal), resolve_all(kg, learned)
    full = needed_concepts(kg, [goal])
    done = full - needed_concepts(kg, [goal], learned)
    learned_done = len(done & set(learned))
    return {
        "id": goal,
        "done": len(done),
        "total": len(full),
        "learned": learned_done,
        "implied": len(done) - learned_done,
        "hours_done": round(sum(kg[c].hours or 0 for c in done), 6),
        "hours_total": round(sum(kg[c].hours or 0 for c in full), 6),
    }


def goals_overview(kg, learned) -> list[dict]:
    """The graph's curated goals (``kg.goals``) with how far along the learner is:
    ``{"id", "name", "description", "steps", "done"}`` each, ``steps`` counting the
    whole plan to the goal and ``done`` the steps that count as known.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"goals": [{"id": "b", "description": "Learn B."}],
    ...   "concepts": [{"id": x, "name": x.upper(), "type": "concept"} for x in "ab"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"}]})
    >>> goals_overview(kg, ["a"])
    [{'id': 'b', 'name': 'B', 'description': 'Learn B.', 'steps': 2, 'done': 1}]
    """
    rows = []
    for g in kg.goals:
        p = goal_progress(kg, g.id, learned)
        rows.append({"id": g.id, "name": kg[g.id].name, "description": g.description, "steps": p["total"], "done": p["done"]})
    return rows


def became_ready(kg, before, after) -> list[str]:
    """The concepts that can be learned with ``after`` known but could not with
    ``before`` (:func:`graph.curriculum.ready_to_learn`), in book order: what
    learning something just unlocked.

    >>> from graph.store import from_dict
    >>> kg = from_dict({"concepts": [{"id": x, "name": x, "type": "concept"} for x in "abc"],
    ...   "relations": [{"source": "a", "type": "prerequisite", "target": "b"}]})
    >>> became_ready(kg, [], ["a"])
    ['b']
    """
    was = set(ready_to_learn(kg, before))
    return [c for c in ready_to_learn(kg, after) if c not in was]


# ----------------------------------------------------------------------------- what a learner knows


def read_known_file(path: str) -> list[tuple[int, str]]:
    """(line number, text) of each concept named in a --known-file: one per line,
    ``#`` comments and blank lines ignored. Raises :class:`InputFileError`."""
    raw = read_bytes(path, "a file", lambda reason: InputFileError(f"{path}: {reason}"))
    text = decode_utf8(raw, lambda *where: InputFileError(f"{path}: not UTF-8 text"))
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if name:
            out.append((number, name))
    return out


def saved_known(kg, progress_path, warn: Callable[[str], None]) -> list[str]:
    """The learned ids of the progress file that this graph has ([] when there is no
    file). An unreadable file is reported through ``warn`` and ignored (left
    untouched); ids the graph lacks are reported and kept in the file."""
    try:
        saved = ProgressFile(progress_path).read()
    except ProgressError as e:
        # an UnsupportedProgress says itself that the file is left untouched
        untouched = "" if isinstance(e, UnsupportedProgress) else " (the file is left untouched)"
        warn(f"{e}; ignored{untouched}")
        return []
    return split_reported(kg, progress_path, saved, warn)[0]


def unknown_ids_warning(progress_path, absent: list[str]) -> str:
    """The warning for learned ids this graph does not have."""
    return (
        f"{progress_path} names {plural(len(absent), 'concept')} this graph does not have: "
        f"{', '.join(abbreviate(absent, limit=10, keep=3))} (kept)"
    )


def split_reported(kg, progress_path, progress: Progress, warn: Callable[[str], None]) -> tuple[list[str], list[str]]:
    """:func:`split_known`, reporting through ``warn`` the learned ids this graph
    does not have (:func:`unknown_ids_warning`)."""
    present, absent = split_known(progress, kg)
    if absent:
        warn(unknown_ids_warning(progress_path, absent))
    return present, absent


def known_ids(kg, progress_path, known=(), known_files=(), warn: Callable[[str], None] = lambda message: None,
              empty_file: Callable[[str], None] = lambda path: None) -> list[str]:
    """What the learner knows, as ids: the saved progress (when ``progress_path`` is
    given), then each ``known`` name, then each concept of each ``known_files``,
    repeats dropped. Names resolve like any concept name; an unknown one in a file
    raises :class:`InputFileError` naming the file and line; a file that names no
    concept is passed to ``empty_file``."""
    ids = saved_known(kg, progress_path, warn) if progress_path is not None else []
    ids += [resolve(kg, k) for k in known]
    for path in known_files:
        named = read_known_file(path)
        if not named:
            empty_file(path)
        for number, text in named:
            try:
                ids.append(resolve(kg, text))
            except UnknownConcept as e:
                raise InputFileError(f"{path}:{number}: {e}") from None
    return list(dict.fromkeys(ids))


def ids_to_unlearn(kg, progress_path, names) -> list[str]:
    """Resolve ``names`` for :func:`unlearn`: a name the graph does not know may still
    be a learned id (the data changed), and is then taken as it is."""
    ids = []
    for text in names:
        try:
            ids.append(resolve(kg, text))
        except UnknownConcept:
            try:
                saved = ProgressFile(progress_path).read().learned
            except ProgressError:
                saved = ()
            if text not in saved:
                raise
            ids.append(text)
    return ids


def change_summary(
    kg, progress_path, change: Change, ready: list[str] | None = None, warn: Callable[[str], None] = lambda message: None
) -> dict:
    """What a :func:`learn` or :func:`unlearn` did, as the JSON ``learned`` and
    ``unlearn`` print; ``ready`` (for ``learned``, see :func:`became_ready`) adds the
    concepts it made ready to learn. A corrupt file the change set aside, and learned
    ids this graph does not have, are reported through ``warn``."""
    if change.set_aside:
        warn(
            f"progress file {progress_path} was corrupt ({change.corrupt_reason}); "
            f"moved it to {change.set_aside} and started a new one"
        )
    present, _ = split_reported(kg, progress_path, change.progress, warn)
    out = {
        "file": str(progress_path),
        "changed": change.changed,
        "unchanged": change.unchanged,
        "known": len(present),
        "total": len(kg),
        "set_aside": change.set_aside,
    }
    if ready is not None:
        out["ready"] = ready
    return out


def newly_ready(kg, change: Change) -> list[str]:
    """What a :func:`learn` made ready to learn (:func:`became_ready` of the learned
    concepts before and after it), in book order."""
    after, _ = split_known(change.progress, kg)
    added = set(change.changed)
    return became_ready(kg, [c for c in after if c not in added], after)


def progress_summary(kg, progress_path, saved: Progress, goals, warn: Callable[[str], None] = lambda message: None) -> dict:
    """The learner's progress as ``progress`` prints it in JSON: learned ids, the ids
    they imply (:func:`graph.curriculum.known_concepts`, in book order), ids the graph
    lacks (reported through ``warn`` too), the next steps toward ``goals`` (or
    anywhere) best first (:func:`graph.curriculum.next_steps`), and how far each goal is."""
    present, absent = split_reported(kg, progress_path, saved, warn)
    rank = kg.book_rank()
    implied = sorted(known_concepts(kg, present, goals) - set(present), key=rank.__getitem__)
    return {
        "file": str(progress_path),
        "learned": present,
        "implied": implied,
        "unknown": absent,
        "next": [n.concept.id for n in next_steps(kg, goals, present)],
        "goals": [goal_progress(kg, g, present) for g in goals],
    }
