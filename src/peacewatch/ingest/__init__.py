"""The ``read`` stage: turn files, directories, globs, standard input and URLs into raw documents.

    read_inputs(inputs, options) -> Iterator[RawDocument | InputFailure]

The kind of each input is detected from its content (magic bytes, markup), never its name:
gzip and tar(.gz) are unwrapped, binary files rejected, and the text read as HTML (trafilatura),
an RSS/Atom feed (feedparser), JSONL/JSON, CSV/TSV, Reuters-21578 SGML, PETRARCH validation
records or plain text. A bad input becomes one :class:`~peacewatch.model.InputFailure` (its
message is the one-line ``str()`` of a :class:`~peacewatch.errors.PeacewatchError`) and the batch
goes on. See docs/INPUTS.md.
"""

from __future__ import annotations

import contextlib
import io
from typing import BinaryIO, Iterator, Sequence

from ..config import Options
from ..errors import PeacewatchError
from ..model import InputFailure, RawDocument
from ._reader import read_one
from ._sources import Source, database_files, expand, file_opener, stdin_opener

__all__ = ["read_inputs"]


def read_inputs(inputs: Sequence[str], options: Options) -> Iterator[RawDocument | InputFailure]:
    """Read every input in order; yield its documents, and an InputFailure for each input (or
    record inside one) that could not be read. Never raises for a bad input."""
    if isinstance(inputs, str):
        inputs = [inputs]
    exclude = database_files(options.db)  # the database being written may sit in the folder read
    for inp in inputs:
        for src in expand(str(inp), exclude):
            if isinstance(src, InputFailure):
                yield src
                continue
            try:
                yield from _read_source(src, options)
            except Exception as err:  # noqa: BLE001 - the last guard: one input never stops a batch
                yield InputFailure.of(src.origin, err)


def _read_source(src: Source, options: Options) -> Iterator[RawDocument | InputFailure]:
    if src.kind == "file":
        yield from read_one(src.origin, file_opener(src.path or src.origin, regular_only=src.regular_only),
                            options, path=src.path)
    elif src.kind == "stdin":
        yield from read_one("-", stdin_opener(), options)
    else:
        from ._fetch import fetch

        try:
            got = fetch(src.origin, options)
        except PeacewatchError as e:
            yield InputFailure(src.origin, str(e))
            return

        @contextlib.contextmanager
        def opener() -> Iterator[tuple[BinaryIO, int | None]]:
            yield io.BytesIO(got.body), len(got.body)

        yield from read_one(src.origin, opener, options, charset=got.charset, url=got.url)
