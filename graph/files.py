"""Files: reading a user's bytes and decoding them, and writing atomically.

Every reader of the library (graph files, CSV files, progress files, --known
files) reads through :func:`read_bytes` and :func:`decode_utf8`, each wording its
own messages; every writer goes through :func:`write_atomic`.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
>>> write_atomic(path, "caf\\u00e9\\n")
>>> decode_utf8(read_bytes(path, "a text file", OSError), ValueError)
'café\\n'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .model import OutputError

BOM = b"\xef\xbb\xbf"


def read_bytes(path: str | os.PathLike, kind: str, fail: Callable[[str], Exception], *, missing_ok: bool = False):
    """The bytes of a user's file; None for a missing file when ``missing_ok``.

    Any other way it cannot be read raises ``fail(reason)``, the reason being
    ``"no such file"``, ``"is a directory, not <kind>"`` or ``"cannot read: ..."``.
    """
    try:
        with open(path, "rb") as f:
            return f.read()
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
    raised; the target keeps its permissions (a new file gets the umask's)."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
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
