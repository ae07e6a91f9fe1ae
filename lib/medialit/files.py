"""Reading and writing files safely: nothing a student or teacher made is ever lost, nothing that is
not the kit's own file is touched, and no input can make a reader hang or read without end.

Writes replace only regular files, atomically, keeping the old file's permission bits (new files
follow the umask) and a ``.bak`` copy written atomically too. Reads open only regular files and
refuse a file over a stated size before reading it whole.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: a temporary file left by a killed save is removed at the next save once it is this old (seconds)
STALE_TMP_SECONDS = 60
#: the deepest nesting of JSON arrays and objects a reader accepts (the kit's files need 6)
MAX_JSON_DEPTH = 64


class UnsafeFileError(OSError):
    """A path the kit refuses to write to or read from (not a regular file, the input itself, too big)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unsafe file"


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_target(path: str | os.PathLike[str], protect: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """The real path to write ``path`` to, or :class:`UnsafeFileError` if it is not safe to replace.

    Only a regular file (or a link to one) is replaced; ``protect`` names files that must never be
    written over, such as the input the command is reading.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # write through the link, keep the link
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UnsafeFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UnsafeFileError(f"cannot write {path}: it is {_kind(st.st_mode)}, not a regular file")
    backup = path.with_name(path.name + ".bak")
    for other in protect:
        try:
            ost = os.stat(other)
        except OSError:
            continue
        for target, what in ((path, "the output"), (backup, "the output's backup")):
            try:
                if _same_file(os.stat(target), ost):
                    raise UnsafeFileError(f"cannot write {path}: {what} would replace the input {other} being read")
            except FileNotFoundError:
                pass
    return path


def _clean_stale(path: Path) -> None:
    """Remove temporary files a killed save of ``path`` left behind (older than a minute)."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
            try:
                if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > STALE_TMP_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _write_new(path: Path, write, mode: int | None) -> None:
    """Write a new temporary file next to ``path`` with ``write(handle)``, then move it onto ``path``."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # 0o666 with the umask applied, like any Unix tool; O_EXCL: never follow or reuse anything there
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            if mode is not None:
                os.chmod(handle.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(
    path: str | os.PathLike[str],
    text: str,
    backup: bool = True,
    protect: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Write ``text`` to ``path`` in one step (a crash leaves the old file or the new one, never half).

    With ``backup``, an existing non-empty file is first copied to ``<name>.bak``, also atomically.
    Only regular files are replaced, never a file in ``protect``; the old file's permission bits
    are kept. Raises :class:`UnsafeFileError` (an ``OSError``) for a path it will not write.
    """
    path = check_target(path, protect)
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(path)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    mode = stat.S_IMODE(old.st_mode) if old is not None else None
    if backup and old is not None and old.st_size > 0:
        bak = check_target(path.with_name(path.name + ".bak"), protect)
        with open(path, "rb") as src:
            _write_new(bak, lambda out: shutil.copyfileobj(src, out), mode)
    data = text.encode("utf-8")
    _write_new(path, lambda out: out.write(data), mode)
    return path


# --- reading ---------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def read_bytes(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`UnsafeFileError` otherwise.

    The file is opened without blocking (a FIFO cannot hang the reader), checked to be a regular
    file, and its size checked before it is read; a file still growing is cut off at the limit.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        st = os.stat(path)  # first by name: a socket cannot even be opened, but it can be named
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError(f"cannot read {path}: it is {_kind(st.st_mode)}, not a regular {what}")
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"no such file: {path}") from None
    except UnsafeFileError:
        raise
    except OSError as exc:
        raise UnsafeFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)  # again on what was opened: the name may have changed in between
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError(f"cannot read {path}: it is {_kind(st.st_mode)}, not a regular {what}")
        if st.st_size > limit:
            raise UnsafeFileError(f"{path.name} is {_size(st.st_size)}, more than the {_size(limit)} a {what} may have")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise UnsafeFileError(f"{path.name} grew past the {_size(limit)} a {what} may have while it was read")
        return b"".join(chunks)
    except OSError as exc:
        if isinstance(exc, UnsafeFileError):
            raise
        raise UnsafeFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


def read_for(
    path: str | os.PathLike[str], limit: int, what: str, error: type[Exception], missing: str = "no such file"
) -> bytes:
    """:func:`read_bytes` for a reader: a missing or unsafe file is the reader's own ``error``, in one line."""
    try:
        return read_bytes(path, limit, what)
    except FileNotFoundError:
        raise error(f"{missing}: {path}") from None
    except UnsafeFileError as exc:
        raise error(str(exc)) from None


def json_depth_ok(raw: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when JSON text nests arrays and objects at most ``limit`` deep (one linear pass)."""
    depth = 0
    for m in _BRACKETS.finditer(_JSON_STRING.sub("", raw)):
        depth += 1 if m.group() in "[{" else -1
        if depth > limit:
            return False
    return True


def parse_json(raw: bytes, name: str) -> Any:
    """Parse JSON bytes (UTF-8, a BOM allowed); ``ValueError`` with one line saying what is wrong."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name} is not valid JSON (not UTF-8 text at byte {exc.start})") from None
    if not text.strip():
        raise ValueError(f"{name} is empty")
    if not json_depth_ok(text):
        raise ValueError(f"{name} nests its data more than {MAX_JSON_DEPTH} levels deep: it is not a medialit file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name} is not valid JSON ({exc})") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of thousands of digits
        raise ValueError(f"{name} is not JSON the kit can read ({str(exc).splitlines()[0][:120]})") from None
