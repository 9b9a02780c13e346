"""Read one opened input: unwrap gzip/tar, reject binary, detect the kind, dispatch."""

from __future__ import annotations

import gzip
import io
import os
import re
import tarfile
import zlib
from typing import Any, BinaryIO, Iterator

from ..config import Options
from ..errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedInput,
    PeacewatchError,
    TruncatedInput,
)
from ..model import InputFailure, RawDocument
from . import _detect
from ._decode import bom_encoding, decode_document
from ._stream import HEAD_BYTES, prefixed, read_upto

MAX_NESTING = 3
SINGLE_KINDS = ("text", "html", "petrarch")
FEED_CAP_FACTOR = 10
"""A feed is parsed whole by feedparser: its cap is FEED_CAP_FACTOR x max_bytes."""


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB"


def too_large(size: int | None, cap: int, origin: str) -> InputTooLarge:
    lead = f"{human_size(size)} is" if size is not None else "it is"
    return InputTooLarge(
        f"{lead} over the {human_size(cap)} cap for one article", hint="split it, or raise --max-bytes", source=origin
    )


class NotNews(InputError):
    """A support file (a DTD) rather than news; skipped quietly inside archives."""


def read_stream(
    origin: str,
    stream: BinaryIO,
    size: int | None,
    options: Options,
    *,
    depth: int = 0,
    charset: str | None = None,
    url: str | None = None,
    path: str | None = None,
) -> Iterator[RawDocument | InputFailure]:
    """Everything one byte stream holds. Raises PeacewatchError (the caller makes it one
    InputFailure) for the input as a whole; yields InputFailure for a bad record inside it."""
    head = read_upto(stream, HEAD_BYTES)
    if not head:
        raise EmptyInput("is empty", hint="give a file with some text", source=origin)

    if _detect.is_gzip(head):
        if depth >= MAX_NESTING:
            raise MalformedInput("holds compressed data nested too deep", hint="unpack it first", source=origin)
        inner = gzip.GzipFile(fileobj=prefixed(head, stream), mode="rb")
        yield from read_stream(origin, inner, None, options, depth=depth + 1, charset=charset, url=url, path=path)  # type: ignore[arg-type]
        return
    if _detect.is_tar(head):
        if depth >= MAX_NESTING:
            raise MalformedInput("holds archives nested too deep", hint="unpack it first", source=origin)
        yield from _read_tar(origin, prefixed(head, stream), options, depth)
        return
    found = _detect.binary_kind(head)
    if found:
        hint = "give a text, HTML, feed, JSONL or CSV file"
        if "ZIP" in found:
            hint = "unpack it and give the files (tar and tar.gz archives are read directly)"
        raise BinaryInput(f"looks like {found}, not text", hint=hint, source=origin)

    bom = bom_encoding(head)
    if bom and bom[0].startswith("utf-") and bom[0] not in ("utf-8",):
        # UTF-16/32: decode the whole input and read it again as UTF-8
        data = _read_capped(head, stream, size, options.max_bytes, origin)
        text, _meta = decode_document(data, origin)
        yield from read_stream(origin, io.BytesIO(text.encode("utf-8")), None, options, depth=depth + 1, url=url, path=path)
        return
    if _nul_heavy(head[:8192]):
        raise BinaryInput("looks like binary data (it holds NUL bytes), not text",
                          hint="give a text, HTML, feed, JSONL or CSV file", source=origin)
    head_text = head.decode("utf-8", errors="replace")
    if not head_text.strip() and (size is not None and size <= len(head) or len(head) < HEAD_BYTES):
        raise EmptyInput("holds only whitespace", hint="give a file with some text", source=origin)
    kind, info = _detect.sniff(head_text)

    if kind in SINGLE_KINDS and size is not None and size > options.max_bytes:
        raise too_large(size, options.max_bytes, origin)

    rest = prefixed(head, stream)
    if kind == "jsonl":
        from ._records import read_jsonl

        yield from _with_url(read_jsonl(origin, rest, options), url)
    elif kind == "json":
        from ._records import read_json

        yield from _with_url(read_json(origin, rest, size, head, options), url)
    elif kind == "csv":
        from ._records import read_csv

        yield from _with_url(read_csv(origin, rest, info["delimiter"], options), url)
    elif kind == "sgml":
        from ._sgml import read_sgml

        yield from _with_url(read_sgml(origin, rest, options), url)
    elif kind == "dtd":
        raise NotNews(
            "is a document type definition (DTD), not news",
            hint="leave it out; give the SGML files it describes",
            source=origin,
        )
    elif kind == "feed":
        from ._feed import read_feed

        data = _read_capped(head, stream, size, options.max_bytes * FEED_CAP_FACTOR, origin, what="feed")
        yield from _with_url(read_feed(origin, data, options.max_record_chars), url)
    else:
        data = _read_capped(head, stream, size, options.max_bytes, origin)
        if kind == "html" and not charset:
            charset = _declared_charset(head)
        text, meta = decode_document(data, origin, charset)
        if not text.strip():
            raise EmptyInput("holds only whitespace", hint="give a file with some text", source=origin)
        if kind == "petrarch":
            from ._petrarch import read_petrarch

            yield from _with_url(read_petrarch(origin, text, path), url)
        elif kind == "html":
            from ._html import read_html

            yield read_html(origin, text, meta, url=url)
        else:
            if url:
                meta["url"] = url
                from ._fields import add_source_from_url

                add_source_from_url(meta)
            yield RawDocument(origin=origin, kind="text", raw_text=text, meta=meta)


def _nul_heavy(head: bytes) -> bool:
    """Binary data by its NUL bytes: more than a few, or more than 1 in 200 bytes, unless the
    input opens with a clean line of text (no NUL, valid UTF-8, ended by a newline). A stray NUL or
    two inside a text dump does not make the whole file binary, nor do bad records after a good
    first one: each record is read, or refused, on its own where it is read and cleaned. Binary
    data seldom opens with such a line (UTF-16 without a BOM has a NUL in every other byte; random
    bytes are not valid UTF-8 for long)."""
    nul = head.count(b"\x00")
    if not (nul > 4 or nul * 200 > len(head)):
        return False
    first, newline, _rest = head.partition(b"\n")
    if not newline or not first.strip() or b"\x00" in first:
        return True
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _with_url(docs: Iterator[RawDocument | InputFailure], url: str | None) -> Iterator[RawDocument | InputFailure]:
    for d in docs:
        if url and isinstance(d, RawDocument):
            d.meta.setdefault("fetched_from", url)
        yield d


def _declared_charset(head: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", head[:8192], re.I)
    return m.group(1).decode("ascii", "replace") if m else None


def _read_capped(head: bytes, stream: BinaryIO, size: int | None, cap: int, origin: str, what: str = "article") -> bytes:
    """The whole input, refusing (without reading on) once it passes ``cap`` bytes."""
    if size is not None and size > cap:
        raise _too_large_for(size, cap, origin, what)
    rest = read_upto(stream, cap + 1 - len(head)) if len(head) <= cap else b""
    data = head + rest
    if len(data) > cap:
        raise _too_large_for(None, cap, origin, what)
    return data


def _too_large_for(size: int | None, cap: int, origin: str, what: str) -> InputTooLarge:
    if what == "article":
        return too_large(size, cap, origin)
    lead = f"{human_size(size)} is" if size is not None else "it is"
    return InputTooLarge(f"{lead} over the {human_size(cap)} cap for one {what}", hint="split it, or raise --max-bytes", source=origin)


def _read_tar(origin: str, stream: BinaryIO, options: Options, depth: int) -> Iterator[RawDocument | InputFailure]:
    """Members in archive order, each read as if it were a file: ``archive!member``."""
    any_member = False
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = member.name
            base = os.path.basename(name.rstrip("/"))
            if not base or base.startswith("."):
                continue
            any_member = True
            where = f"{origin}!{name}"
            fobj = tar.extractfile(member)
            if fobj is None:
                continue
            try:
                for item in read_stream(where, fobj, member.size, options, depth=depth + 1):  # type: ignore[arg-type]
                    yield item
            except NotNews:
                continue  # a DTD shipped beside SGML files: a support file, not news
            except PeacewatchError as e:
                yield InputFailure(e.source or where, str(e))
    if not any_member:
        raise EmptyInput("is an archive with no files", hint="give an archive that holds news files", source=origin)


def read_one(origin: str, opener: Any, options: Options, **kw: Any) -> Iterator[RawDocument | InputFailure]:
    """Run ``read_stream`` over an opened input and turn every error about the input into one
    InputFailure. Records already yielded stay yielded."""
    try:
        with opener() as (stream, size):
            yield from read_stream(origin, stream, size, options, **kw)
    except PeacewatchError as e:
        yield InputFailure(e.source or origin, str(e) if e.source else f"{origin}: {e}")
    except EOFError:
        err: InputError = TruncatedInput(
            "ends in the middle of its compressed (gzip) stream",
            hint="the file was cut; copy or download it again",
            source=origin,
        )
        yield InputFailure(origin, str(err))
    except (gzip.BadGzipFile, zlib.error) as e:
        err = MalformedInput(f"holds corrupt gzip data ({e})", hint="copy or download it again", source=origin)
        yield InputFailure(origin, str(err))
    except tarfile.ReadError as e:
        cls = TruncatedInput if "unexpected end" in str(e) else MalformedInput
        err = cls(f"is a broken tar archive ({e})", hint="copy or download it again", source=origin)
        yield InputFailure(origin, str(err))
    except tarfile.TarError as e:
        err = MalformedInput(f"is a broken tar archive ({e})", hint="copy or download it again", source=origin)
        yield InputFailure(origin, str(err))
    except IsADirectoryError:
        yield InputFailure(origin, str(InputError("is a directory that could not be listed", hint="check the path", source=origin)))
    except PermissionError:
        err = InputError("cannot be read (permission denied)", hint="check the file's permissions", source=origin)
        yield InputFailure(origin, str(err))
    except FileNotFoundError:
        err = InputError("no longer exists", hint="check the path", source=origin)
        yield InputFailure(origin, str(err))
    except OSError as e:
        err = InputError(f"cannot be read ({e.strerror or e})", hint="check the file or device", source=origin)
        yield InputFailure(origin, str(err))
