"""Turn the inputs a user gives (paths, directories, globs, ``-``, URLs) into openable sources."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import sys
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

from ..errors import InputError, InputNotFound
from ..model import InputFailure
from ._fetch import is_url


@dataclass
class Source:
    origin: str
    kind: str  # file | stdin | url
    path: str | None = None
    regular_only: bool = False
    """Found in a folder or by a glob: read only if it is (still) a regular file when opened."""


def _hidden(name: str) -> bool:
    return name.startswith(".")


# A corpus folder often carries its own documentation; when walking a directory these files are
# not news and are passed over (named explicitly, they are read like any other file).
_FOLDER_DOCS = ("readme", "license", "licence", "changelog", "manifest", "contributing")


def _folder_doc(name: str) -> bool:
    stem = name.lower().split(".", 1)[0]
    return stem in _FOLDER_DOCS


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def not_regular(path: str) -> str | None:
    """What ``path`` is when it is not a regular file (following symbolic links): ``"a named pipe
    (FIFO)"``, ``"a broken symbolic link"``, ...; None for a regular file. Never opens it (opening a
    named pipe waits for a writer)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a broken symbolic link" if os.path.islink(path) else "gone (deleted while the folder was read)"
    except OSError as e:
        return f"not readable ({e.strerror or e})"
    if stat.S_ISREG(mode):
        return None
    for test, what in _NOT_REGULAR:
        if test(mode):
            return what
    return "not a regular file"


def _skipped(path: str, what: str) -> InputFailure:
    err = InputError(f"is {what}, not a regular file; skipped",
                     hint="only regular files are read from a folder or a glob (name it alone to read it)",
                     source=path)
    return InputFailure(path, str(err))


def _walk(root: str, exclude: frozenset[str] = frozenset()) -> Iterator[Source | InputFailure]:
    """The regular files under ``root`` (sorted, hidden ones and folder documentation passed
    over) as Sources; anything else found there (a named pipe, a socket, a device, a broken link)
    as an InputFailure that names it, so that a folder can never hang a run."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in sorted(filenames):
            if _hidden(name) or _folder_doc(name):
                continue
            full = os.path.join(dirpath, name)
            if exclude and os.path.realpath(full) in exclude:
                continue
            what = not_regular(full)
            yield _skipped(full, what) if what else Source(full, "file", full, regular_only=True)


def database_files(db: str | os.PathLike[str] | None) -> frozenset[str]:
    """The real paths of a SQLite database and its companions (-wal, -shm, -journal): a folder
    being ingested may hold the database it is ingested into, and those files are not news."""
    if db is None:
        return frozenset()
    base = os.path.realpath(os.fspath(db))
    return frozenset({base, base + "-wal", base + "-shm", base + "-journal"})


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


def expand(inp: str, exclude: frozenset[str] = frozenset()) -> Iterator[Source | InputFailure]:
    """The sources one input names, in a stable (sorted) order; InputFailure if none.

    Files whose real path is in ``exclude`` are passed over when walking a directory or a glob."""
    if inp == "-":
        yield Source("-", "stdin")
        return
    if is_url(inp):
        yield Source(inp, "url")
        return
    path = os.path.expanduser(inp)
    if os.path.isdir(path):
        found = False
        for item in _walk(path, exclude):
            found = True
            yield item
        if not found:
            yield _not_found(inp, "is a directory with no (visible) files", "give a directory that holds news files")
        return
    if os.path.exists(path) or os.path.islink(path):
        yield Source(inp, "file", path)
        return
    if _has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))
        files = 0
        for m in matches:
            if os.path.isdir(m):
                for item in _walk(m, exclude):
                    files += 1
                    yield item
            elif not (exclude and os.path.realpath(m) in exclude):
                files += 1
                what = not_regular(m)
                yield _skipped(m, what) if what else Source(m, "file", m, regular_only=True)
        if not files:
            yield _not_found(inp, "matches no file", "check the pattern (quote it so the shell does not expand it)")
        return
    yield _not_found(inp, "no such file or directory", "check the path")


def _not_found(inp: str, message: str, hint: str) -> InputFailure:
    return InputFailure(inp, str(InputNotFound(message, hint=hint, source=inp)))


Opener = Callable[[], contextlib.AbstractContextManager[tuple[BinaryIO, int | None]]]


def file_opener(path: str, *, regular_only: bool = False) -> Opener:
    """Open ``path`` for reading: the stream and its size (None for a pipe or device). With
    ``regular_only`` the file is opened without waiting (``O_NONBLOCK``) and refused unless it is a
    regular file, so a named pipe put in a folder between listing and opening cannot hang a run."""

    @contextlib.contextmanager
    def opener() -> Iterator[tuple[BinaryIO, int | None]]:
        if regular_only:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                os.close(fd)
                what = next((w for t, w in _NOT_REGULAR if t(st.st_mode)), "not a regular file")
                raise InputError(f"is {what}, not a regular file; skipped",
                                 hint="only regular files are read from a folder or a glob", source=path)
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            f: BinaryIO = os.fdopen(fd, "rb")
        else:
            f = open(path, "rb")  # noqa: SIM115 - closed below
        with f:
            st = os.fstat(f.fileno())
            size = st.st_size if stat.S_ISREG(st.st_mode) else None
            yield f, size

    return opener


def stdin_opener() -> Opener:
    @contextlib.contextmanager
    def opener() -> Iterator[tuple[BinaryIO, int | None]]:
        yield sys.stdin.buffer, None

    return opener
