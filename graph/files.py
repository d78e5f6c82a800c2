"""Files: reading a user's bytes and decoding them, and writing atomically.

Every reader of the library (graph files, CSV files, progress files, --known
files) reads through :func:`read_bytes` (capped at :func:`max_read_bytes`) and
:func:`decode_utf8`, each wording its own messages; every writer goes through
:func:`write_atomic` (or :func:`write_all_or_none` for a pair of files), which
replaces only a regular file and writes into anything else (``/dev/null``, a
FIFO, ``/dev/stdout``). :func:`check_output_path` keeps an output from being an
input of the same command; :func:`check_output` also lets ``-`` mean standard output.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
>>> write_atomic(path, "caf\\u00e9\\n")
>>> decode_utf8(read_bytes(path, "a text file", OSError), ValueError)
'café\\n'
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterable

from .model import OutputError

BOM = b"\xef\xbb\xbf"

#: Environment variable that overrides :data:`DEFAULT_MAX_READ_MB`.
MAX_READ_ENV = "AIE_GRAPH_MAX_READ_MB"
#: The largest input read, in megabytes (10**6 bytes): about 7 times the 34 MB
#: file of the 100,000-concept benchmark. ``/dev/zero`` or a runaway pipe is
#: refused once it passes this, instead of filling memory.
DEFAULT_MAX_READ_MB = 256
_CHUNK = 1 << 20


def max_read_bytes() -> int:
    """The read cap in bytes: ``AIE_GRAPH_MAX_READ_MB`` megabytes if set (a positive
    number, fractions allowed), else :data:`DEFAULT_MAX_READ_MB`.

    >>> max_read_bytes() == DEFAULT_MAX_READ_MB * 10**6 or MAX_READ_ENV in os.environ
    True
    """
    raw = os.environ.get(MAX_READ_ENV, "").strip()
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value > 0 and value == value and value != float("inf"):
            return max(1, int(value * 10**6))
        raise OutputError(f"{MAX_READ_ENV}={raw!r}: must be a positive number of megabytes")
    return DEFAULT_MAX_READ_MB * 10**6


def _read_capped(f, cap: int) -> bytes | None:
    """All of ``f``, or None once it passes ``cap`` bytes. A regular file is read in
    one call (its size is known: a 34 MB graph is not copied chunk by chunk); a
    device, pipe or ``<(...)`` in chunks, so ``/dev/zero`` stops at the cap."""
    st = os.fstat(f.fileno())
    if stat.S_ISREG(st.st_mode):
        if st.st_size > cap:
            return None
        data = f.read(cap + 1)
        return None if len(data) > cap else data
    chunks, total = [], 0
    while True:
        chunk = f.read(min(_CHUNK, cap + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            return None


def read_bytes(path: str | os.PathLike, kind: str, fail: Callable[[str], Exception], *, missing_ok: bool = False):
    """The bytes of a user's file; None for a missing file when ``missing_ok``.

    Any other way it cannot be read raises ``fail(reason)``, the reason being
    ``"no such file"``, ``"is a directory, not <kind>"``, ``"cannot read: ..."`` or,
    past the read cap (:func:`max_read_bytes`), ``"larger than the read limit..."``.
    Pipes and process substitution (``<(...)``) are read like files.
    """
    if str(path) == "":
        raise fail("an empty path: name a file")
    try:
        cap = max_read_bytes()
    except OutputError as e:
        raise fail(str(e)) from None
    try:
        with open(path, "rb") as f:
            data = _read_capped(f, cap)
        if data is None:
            raise fail(
                f"larger than the read limit of {cap / 10**6:,.0f} MB "
                f"(set {MAX_READ_ENV} to read more)"
            )
        return data
    except MemoryError:
        raise fail(f"too large to read into memory (set {MAX_READ_ENV} lower to refuse it sooner)") from None
    except FileNotFoundError:
        if missing_ok:
            return None
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail(f"is a directory, not {kind}") from None
    except OSError as e:
        raise fail(f"cannot read: {e.strerror or e}") from None


def decode_utf8(raw: bytes, fail: Callable[..., Exception], *, skip_bom: bool = False) -> str:
    """``raw`` decoded as UTF-8 (a leading byte order mark dropped when ``skip_bom``).

    A byte that is not UTF-8 raises ``fail(line, byte, offset)``: its line (from 1),
    its value and its offset in ``raw``.

    >>> decode_utf8(b"a\\n\\xe9", lambda line, byte, offset: ValueError(line, hex(byte), offset))
    Traceback (most recent call last):
    ...
    ValueError: (2, '0xe9', 2)
    """
    try:
        return raw.decode("utf-8-sig" if skip_bom else "utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + (3 if skip_bom and raw.startswith(BOM) else 0)
        raise fail(raw[:offset].count(b"\n") + 1, raw[offset], offset) from None


def write_atomic(path: str | os.PathLike, content: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never a torn one:
    write a temporary file in the same folder, fsync it, rename it over the target.
    On any error (or KeyboardInterrupt) the temporary file is removed and the error
    raised; the target keeps its permissions (a new file gets the umask's).

    Only a regular file is replaced: a symlink is followed (its target replaced),
    and a device, FIFO or descriptor (``/dev/null``, ``/dev/stdout``) is written
    into, never turned into a regular file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path, st = _target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_into(path, st, data)
        return
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            try:
                os.chmod(tmp, path.stat().st_mode & 0o777)
            except OSError:
                pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def _target(path: str | os.PathLike) -> tuple[Path, os.stat_result | None]:
    """Where a write to ``path`` goes, with its status (None when it does not exist
    yet). What is not a regular file is written into by the name given, so
    ``/dev/stdout`` reaches a pipe through ``/proc/self/fd/1``; so is a descriptor
    (``/dev/stdout``, ``/dev/fd/N``), even when it is a regular file (the shell's
    ``> file``). Another symlink is followed: its target is replaced, not the link."""
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if os.path.islink(path):
        if st is not None and (not stat.S_ISREG(st.st_mode) or os.readlink(path).startswith(("/proc/", "/dev/fd/"))):
            return Path(path), _not_regular(st)
        path = os.path.realpath(path)
    return Path(path), st


def _not_regular(st: os.stat_result) -> os.stat_result:
    """``st`` marked as a file to write into (a descriptor that names a regular file)."""
    if not stat.S_ISREG(st.st_mode):
        return st
    fields = list(st)
    fields[0] = stat.S_IFCHR | (st.st_mode & 0o7777)
    return os.stat_result(fields)


def _write_into(path: Path, st: os.stat_result, data: bytes) -> None:
    """Write into something that exists and is not a regular file (``/dev/null``,
    ``/dev/stdout``, a FIFO, a terminal): it is written into, never replaced.
    A directory raises IsADirectoryError."""
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    fd = _descriptor(path)
    if fd is not None:  # /dev/stdout: write through the descriptor itself, sharing its offset
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return
    with open(path, "wb") as f:
        f.write(data)


def _descriptor(path: Path) -> int | None:
    """N when ``path`` is a link to this process's descriptor N (``/dev/stdout`` is
    ``/proc/self/fd/1``, ``/dev/fd/2``...), else None."""
    try:
        link = os.readlink(path)
    except OSError:
        return None
    for prefix in ("/proc/self/fd/", "/dev/fd/", f"/proc/{os.getpid()}/fd/"):
        if link.startswith(prefix) and link[len(prefix):].isdigit():
            return int(link[len(prefix):])
    return None


def is_progress_off(path: str | os.PathLike) -> bool:
    """True when ``path`` is the null device (``/dev/null``, or a link to it): the
    way to switch saved progress off."""
    try:
        st = os.stat(path)
        null = os.stat(os.devnull)
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(st.st_mode) and st.st_rdev == null.st_rdev


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` are one regular file (same device and inode, links
    followed). A device or a FIFO is never "the same file" as anything, so
    ``-o /dev/null`` stays fine whatever is read."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(sa.st_mode) and stat.S_ISREG(sb.st_mode) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_output_path(output: str | os.PathLike, inputs: Iterable[tuple[str, str | os.PathLike | None]] = ()) -> None:
    """Refuse an output that would destroy an input: raise :class:`OutputError` for an
    empty path, or an ``output`` that is the same file as one of ``inputs`` (pairs of
    ``(what, path)``, e.g. ``("--data", "g.json")``; None paths skipped)."""
    if str(output) == "":
        raise OutputError("an empty output path: name a file (or - for standard output)")
    for what, path in inputs:
        if path is not None and str(path) != "" and same_file(output, path):
            raise OutputError(f"{output}: is the {what} file this command reads; write to another file")


def check_output(output: str | os.PathLike, inputs: Iterable[tuple[str, str | os.PathLike | None]] = ()) -> bool:
    """The one check of every ``-o``: False for ``-`` (standard output); True for a
    file to write, once :func:`check_output_path` has passed it (not empty, not the
    same file as any of ``inputs``)."""
    if str(output) == "-":
        return False
    check_output_path(output, inputs)
    return True


def write_all_or_none(files: dict) -> None:
    """Write several files as one: every one's new content, or (on any error) every
    one's old content. All temporary files are written and fsynced before the first
    rename, so a full disk leaves every target as it was; a rename that fails puts
    back the targets already replaced. ``files`` maps each path to its content."""
    staged: list[tuple[Path, str, str | None]] = []  # (target, temporary, backup of the old file)
    try:
        for path, content in files.items():
            target, st = _target(path)
            if st is not None and not stat.S_ISREG(st.st_mode):
                raise OutputError(f"{path}: is not a regular file (a pair of files is replaced together)")
            fd, tmp = _temporary_beside(target)
            staged.append((target, tmp, None))
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            if st is not None:
                try:
                    os.chmod(tmp, st.st_mode & 0o777)
                except OSError:
                    pass
        for k, (target, tmp, _) in enumerate(staged):
            if target.exists():
                backup = _temporary_beside(target)
                os.close(backup[0])
                os.replace(target, backup[1])  # keep the old file until every rename is done
                staged[k] = (target, tmp, backup[1])
            os.replace(tmp, target)
    except BaseException:
        for target, tmp, backup in reversed(staged):
            for leftover in (tmp,):
                try:
                    os.unlink(leftover)
                except OSError:
                    pass
            if backup is not None:
                try:
                    os.replace(backup, target)
                except OSError:
                    pass
        raise
    for _, _, backup in staged:
        if backup is not None:
            try:
                os.unlink(backup)
            except OSError:
                pass


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new file ``.NAME.<random>.tmp`` in the target's folder, open for writing:
    ``(descriptor, path)``. Created with mode 0o666, which the kernel narrows by the
    umask, as for any new file (so the umask is never read or changed)."""
    folder = path.parent or Path(".")
    for _ in range(100):
        tmp = str(folder / f".{path.name}.{os.urandom(4).hex()}.tmp")  # not secrets: it imports random, hashlib...
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")  # pragma: no cover


def write_output(path: str | os.PathLike, content: str | bytes) -> None:
    """:func:`write_atomic`, turning every way it can fail into an :class:`OutputError`."""
    try:
        write_atomic(path, content)
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None


def write_outputs(files: dict) -> None:
    """:func:`write_all_or_none`, turning every way it can fail into an :class:`OutputError`."""
    try:
        write_all_or_none(files)
    except OSError as e:
        where = e.filename or next(iter(files), "")
        raise OutputError(f"{where}: cannot write: {e.strerror or e}") from None
