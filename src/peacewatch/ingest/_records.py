"""JSONL, JSON and CSV/TSV dumps: one article a record, streamed, bad records fail alone."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, BinaryIO, Iterator

from ..config import Options
from ..errors import InputTooLarge, MalformedInput, PeacewatchError, TruncatedInput
from ..model import InputFailure, RawDocument
from ._decode import decode_fragment
from ._fields import record_to_document
from ._stream import iter_lines, read_upto


def _line_limit(options: Options) -> int:
    # a record's text may hold max_record_chars characters of up to 4 UTF-8 bytes, plus fields
    return options.max_record_chars * 4 + 65536


def read_jsonl(origin: str, stream: BinaryIO, options: Options) -> Iterator[RawDocument | InputFailure]:
    """One JSON object a line. Memory is bounded by one line."""
    for lineno, line, complete in iter_lines(stream, _line_limit(options)):
        where = f"{origin}:{lineno}"
        if not complete:
            yield _failure(InputTooLarge(
                f"the line is over {_line_limit(options):,} bytes",
                hint="split the record, or raise --max-record-chars",
                source=where,
            ))
            continue
        if not line.strip():
            continue
        yield from _one_json_line(line, where, options)


def _one_json_line(line: bytes, where: str, options: Options) -> Iterator[RawDocument | InputFailure]:
    warning = None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text, warning = decode_fragment(line)
    try:
        record = json.loads(text)
    except ValueError as e:
        msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        yield _failure(MalformedInput(
            f"not valid JSON ({msg} at column {getattr(e, 'colno', '?')})",
            hint="fix or remove the line; each line must be one JSON object",
            source=where,
        ))
        return
    except RecursionError:
        yield _failure(_too_deep(where))
        return
    yield _document(record, where, "jsonl", options, warning)


def read_json(origin: str, stream: BinaryIO, size: int | None, head: bytes, options: Options) -> Iterator[RawDocument | InputFailure]:
    """A whole JSON document: an array of article objects, or one object. Read into memory,
    so capped at ``max_bytes``; a document that does not parse as a whole is read as JSONL."""
    from ._stream import prefixed

    data: bytes | None = None
    if size is not None and size > options.max_bytes:
        pass
    else:
        data = read_upto(stream, options.max_bytes + 1)
        if len(data) > options.max_bytes:
            stream, data = prefixed(data, stream), None  # keep what was read for line mode
    if data is None:
        if head.lstrip()[:1] == b"[":
            raise InputTooLarge(
                f"a JSON array over the {_size(options.max_bytes)} cap is not read whole",
                hint="convert it to JSONL (one object a line), or raise --max-bytes",
                source=origin,
            )
        # a big file starting with "{" whose first line is not an object: read it line by line
        yield from read_jsonl(origin, stream, options)
        return
    text, warning = decode_fragment(data)
    try:
        value = json.loads(text)
    except RecursionError:
        if len([ln for ln in text.splitlines() if ln.strip()]) > 1:  # JSONL whose first line is hostile
            yield from read_jsonl(origin, io.BytesIO(data), options)
            return
        raise _too_deep(origin) from None
    except json.JSONDecodeError as e:
        if text.lstrip().startswith("[") or text.strip().count("\n") == 0:
            if e.pos >= len(text.rstrip()):
                raise TruncatedInput(
                    "the JSON document ends before it is closed",
                    hint="the file was cut; copy it again",
                    source=origin,
                ) from None
            raise MalformedInput(
                f"not valid JSON ({e.msg} at line {e.lineno} column {e.colno})",
                hint="fix the JSON, or give one object a line (JSONL)",
                source=origin,
            ) from None
        yield from read_jsonl(origin, io.BytesIO(data), options)
        return
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value:
        from ..errors import EmptyInput

        raise EmptyInput("is an empty JSON array", hint="give at least one article object", source=origin)
    for i, item in enumerate(items, 1):
        where = f"{origin}#{i}" if isinstance(value, list) else origin
        yield _document(item, where, "jsonl", options, warning)


def _quote_state(chunk: bytes, in_quotes: bool, prev: int, delim: int) -> bool:
    """Whether a CSV record is inside a quoted field after ``chunk``, as the csv module reads it:
    a quote opens a field only at the field's start (after a delimiter or a line break, ``prev``
    being the byte before the chunk), ``""`` inside a quoted field is a quote, and a quote closes
    the field. Works on the bytes of any ASCII-compatible charset."""
    i, n = 0, len(chunk)
    while i < n:
        j = chunk.find(b'"', i)
        if j < 0:
            return in_quotes
        if in_quotes:
            if j + 1 < n and chunk[j + 1] == 0x22:
                i = j + 2
                continue
            in_quotes = False
        else:
            before = chunk[j - 1] if j else prev
            in_quotes = before in (delim, 0x0A, 0x0D)
        i = j + 1
    return in_quotes


def _csv_records(stream: BinaryIO, delimiter: str, limit: int) -> Iterator[tuple[int, int, bytes | None, bool]]:
    """The raw records of a CSV file, a record being one line or several joined by a quoted field:
    ``(first line, last line, bytes, closed)``. ``bytes`` is None for a record over ``limit``
    bytes (the rest of it is skipped unread into memory, so memory stays bounded by ``limit``);
    ``closed`` is False for a last record whose quoted field never closes."""
    delim = ord(delimiter)
    lineno, start = 0, 1
    buf = bytearray()
    over = in_q = False
    prev = 0x0A
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk:
            if buf or over:
                last = lineno if prev == 0x0A else lineno + 1  # the last line may lack its line break
                yield start, last, None if over else bytes(buf), not in_q
            return
        in_q = _quote_state(chunk, in_q, prev, delim)
        prev = chunk[-1]
        if not over:
            buf += chunk
            if len(buf) > limit:
                over, buf = True, bytearray()
        if chunk.endswith(b"\n"):
            lineno += 1
            if not in_q:
                yield start, lineno, None if over else bytes(buf), True
                buf, over, start = bytearray(), False, lineno + 1


def read_csv(origin: str, stream: BinaryIO, delimiter: str, options: Options) -> Iterator[RawDocument | InputFailure]:
    """CSV/TSV with a header row, one record at a time: ``origin:LINE`` names the line a record
    starts on. A record over the size limit, with a quoted field that never closes, that the csv
    module rejects or with the wrong number of fields is one failure, reported once however many
    lines it spans; the file goes on."""
    limit = _line_limit(options)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        names: list[str] | None = None
        for first, last, raw, closed in _csv_records(stream, delimiter, limit):
            where = f"{origin}:{first}"
            span = f"lines {first}-{last}" if last > first else f"line {first}"
            if raw is None:
                yield _failure(InputTooLarge(
                    f"the record ({span}) is over {limit:,} bytes",
                    hint="split the record, or raise --max-record-chars", source=where))
                continue
            if not closed:
                yield _failure(MalformedInput(
                    f"a quoted field opened in this record ({span}) is never closed",
                    hint="close the quote (a quote inside a quoted field is written twice)", source=where))
                continue
            try:
                text = raw.decode("utf-8")
                warning = None
            except UnicodeDecodeError:
                text, warning = decode_fragment(raw)
            try:
                rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            except csv.Error as e:
                if names is None:
                    raise MalformedInput(f"the header row is not valid CSV ({e})", hint="fix the first line",
                                         source=origin) from None
                yield _failure(MalformedInput(f"the record ({span}) is not valid CSV ({e})",
                                              hint="fix the quoting of the row, or remove it", source=where))
                continue
            for row in rows:
                if names is None:
                    names = [h.strip().lstrip("\ufeff") for h in row]
                    continue
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != len(names):
                    yield _failure(MalformedInput(
                        f"row has {len(row)} fields, the header has {len(names)}",
                        hint="check the quoting and the delimiter of this row", source=where))
                    continue
                record = {n: (v if v != "" else None) for n, v in zip(names, row, strict=True)}
                yield _document(record, where, "csv", options, warning)
    finally:
        csv.field_size_limit(old_limit)


def _document(record: Any, where: str, kind: str, options: Options, warning: str | None) -> RawDocument | InputFailure:
    """One parsed record as a document, in its own guard: whatever goes wrong fails this record alone."""
    try:
        doc = record_to_document(record, where, kind, options.max_record_chars)
    except Exception as e:  # noqa: BLE001 - one record fails alone
        return InputFailure.of(where, e)
    if warning:
        doc.meta["decode_warning"] = warning
    return doc


def _too_deep(where: str) -> MalformedInput:
    return MalformedInput("the JSON is nested too deep to read (brackets inside brackets past Python's limit)",
                          hint="fix or remove the record", source=where)


def _failure(err: PeacewatchError) -> InputFailure:
    return InputFailure(origin=err.source or "", error=str(err))


def _size(n: int) -> str:
    from ._reader import human_size

    return human_size(n)
