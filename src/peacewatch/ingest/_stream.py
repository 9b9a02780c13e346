"""Byte streams: a peeked head pushed back in front of the rest, bounded line reading."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, BinaryIO, Iterator

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

HEAD_BYTES = 65536
"""How much of an input is read up front to detect its kind."""


class _Prefixed(io.RawIOBase):
    def __init__(self, prefix: bytes, rest: BinaryIO | None) -> None:
        self._prefix = prefix
        self._pos = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer") -> int:
        b = memoryview(buffer).cast("B")
        if self._pos < len(self._prefix):
            n = min(len(b), len(self._prefix) - self._pos)
            b[:n] = self._prefix[self._pos : self._pos + n]
            self._pos += n
            return n
        if self._rest is None:
            return 0
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def prefixed(prefix: bytes, rest: BinaryIO | None) -> io.BufferedReader:
    """A buffered stream that yields ``prefix`` and then what is left of ``rest``."""
    return io.BufferedReader(_Prefixed(prefix, rest), buffer_size=HEAD_BYTES)


def read_upto(stream: BinaryIO, n: int) -> bytes:
    """Read up to ``n`` bytes (fewer only at end of stream)."""
    chunks = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def iter_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """Yield ``(line_number, line, complete)``; a line longer than ``limit`` bytes is yielded
    once, cut at ``limit`` with ``complete=False``, and the rest of it is skipped unread into
    memory (memory stays bounded by ``limit``)."""
    lineno = 0
    readline = stream.readline
    while True:
        line = readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                more = readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, line[:limit], False
            continue
        yield lineno, line, True
