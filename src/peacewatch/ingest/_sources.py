"""Turn the inputs a user gives (paths, directories, globs, ``-``, URLs) into openable sources."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import sys
from dataclasses import dataclass
from typing import Callable, Iterator

from ..errors import InputNotFound
from ..model import InputFailure
from ._fetch import is_url


@dataclass
class Source:
    origin: str
    kind: str  # file | stdin | url
    path: str | None = None


def _hidden(name: str) -> bool:
    return name.startswith(".")


# A corpus folder often carries its own documentation; when walking a directory these files are
# not news and are passed over (named explicitly, they are read like any other file).
_FOLDER_DOCS = ("readme", "license", "licence", "changelog", "manifest", "contributing")


def _folder_doc(name: str) -> bool:
    stem = name.lower().split(".", 1)[0]
    return stem in _FOLDER_DOCS


def _walk(root: str, exclude: frozenset[str] = frozenset()) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in sorted(filenames):
            if _hidden(name) or _folder_doc(name):
                continue
            full = os.path.join(dirpath, name)
            if exclude and os.path.realpath(full) in exclude:
                continue
            yield full


def database_files(db: str | os.PathLike | None) -> frozenset[str]:
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
        for f in _walk(path, exclude):
            found = True
            yield Source(f, "file", f)
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
                for f in _walk(m, exclude):
                    files += 1
                    yield Source(f, "file", f)
            elif not (exclude and os.path.realpath(m) in exclude):
                files += 1
                yield Source(m, "file", m)
        if not files:
            yield _not_found(inp, "matches no file", "check the pattern (quote it so the shell does not expand it)")
        return
    yield _not_found(inp, "no such file or directory", "check the path")


def _not_found(inp: str, message: str, hint: str) -> InputFailure:
    return InputFailure(inp, str(InputNotFound(message, hint=hint, source=inp)))


def file_opener(path: str) -> Callable[[], contextlib.AbstractContextManager]:
    @contextlib.contextmanager
    def opener():
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            size = st.st_size if stat.S_ISREG(st.st_mode) else None
            yield f, size

    return opener


def stdin_opener() -> Callable[[], contextlib.AbstractContextManager]:
    @contextlib.contextmanager
    def opener():
        yield sys.stdin.buffer, None

    return opener
