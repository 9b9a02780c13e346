"""JSONL, JSON and CSV/TSV dumps: one article a record, streamed, bad records fail alone."""

from __future__ import annotations

import csv
import io
import json
from typing import BinaryIO, Iterator

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
    try:
        doc = record_to_document(record, where, "jsonl", options.max_record_chars)
    except PeacewatchError as e:
        yield _failure(e)
        return
    if warning:
        doc.meta["decode_warning"] = warning
    yield doc


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
        try:
            doc = record_to_document(item, where, "jsonl", options.max_record_chars)
        except PeacewatchError as e:
            yield _failure(e)
            continue
        if warning:
            doc.meta["decode_warning"] = warning
        yield doc


def read_csv(origin: str, stream: BinaryIO, delimiter: str, options: Options) -> Iterator[RawDocument | InputFailure]:
    """CSV/TSV with a header row; ``origin:LINE`` names the line a bad row starts on."""
    limit = _line_limit(options)
    warnings: dict[int, str] = {}
    state = {"line": 0, "too_long": set()}

    def lines() -> Iterator[str]:
        for lineno, raw, complete in iter_lines(stream, limit):
            state["line"] = lineno
            if not complete:
                state["too_long"].add(lineno)
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                text, warning = decode_fragment(raw)
                if warning:
                    warnings[lineno] = warning
                yield text

    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(options.max_record_chars + 1, 131072))
    try:
        reader = csv.reader(lines(), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise MalformedInput(f"the header row is not valid CSV ({e})", hint="fix the first line", source=origin) from None
        names = [h.strip().lstrip("\ufeff") for h in header]
        prev_end = reader.line_num
        while True:
            start = prev_end + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                prev_end = reader.line_num
                yield _failure(MalformedInput(
                    f"row is not valid CSV ({e})",
                    hint="fix the quoting of the row, or remove it",
                    source=f"{origin}:{start}",
                ))
                continue
            prev_end = reader.line_num
            where = f"{origin}:{start}"
            if not row or all(not c.strip() for c in row):
                continue
            if any(n in state["too_long"] for n in range(start, prev_end + 1)):
                yield _failure(InputTooLarge(
                    f"the row is over {limit:,} bytes", hint="split the record, or raise --max-record-chars", source=where
                ))
                continue
            if len(row) != len(names):
                yield _failure(MalformedInput(
                    f"row has {len(row)} fields, the header has {len(names)}",
                    hint="check the quoting and the delimiter of this row",
                    source=where,
                ))
                continue
            record = {n: (v if v != "" else None) for n, v in zip(names, row)}
            try:
                doc = record_to_document(record, where, "csv", options.max_record_chars)
            except PeacewatchError as e:
                yield _failure(e)
                continue
            w = [warnings.pop(n) for n in range(start, prev_end + 1) if n in warnings]
            if w:
                doc.meta["decode_warning"] = w[0]
            yield doc
    finally:
        csv.field_size_limit(old_limit)


def _failure(err: PeacewatchError) -> InputFailure:
    return InputFailure(origin=err.source or "", error=str(err))


def _size(n: int) -> str:
    from ._reader import human_size

    return human_size(n)
