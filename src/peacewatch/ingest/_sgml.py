"""Reuters-21578 SGML: one document per <REUTERS> story that has a <BODY>."""

from __future__ import annotations

import re
from html.entities import html5
from typing import Any, BinaryIO, Iterator

from ..config import Options
from ..errors import InputTooLarge, TruncatedInput
from ..model import InputFailure, RawDocument
from ._decode import decode_fragment

_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_LISTS = ("topics", "places", "people", "orgs", "exchanges", "companies")


def decode_entities(text: str) -> str:
    """``&lt;`` ``&amp;`` ``&#3;`` ... decoded; control characters are kept as characters
    (unlike ``html.unescape``, which drops ``&#3;``); unknown names are left as written."""

    def sub(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            try:
                n = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            except ValueError:
                return m.group(0)
            if 0 < n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF:
                return chr(n)
            return "\ufffd"
        return html5.get(ref + ";", m.group(0))

    return _ENTITY.sub(sub, text) if "&" in text else text


def _tag(story: str, name: str) -> str | None:
    m = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", story, re.S | re.I)
    return m.group(1) if m else None


def iso_date(raw: str) -> str | None:
    m = _DATE.search(raw)
    if not m or m.group(2).upper() not in _MONTHS:
        return None
    day, month, year = int(m.group(1)), _MONTHS[m.group(2).upper()], int(m.group(3))
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def story_to_document(story: str, origin: str) -> RawDocument | None:
    """One ``<REUTERS ...>...</REUTERS>`` block; None when it has no <BODY>."""
    m = re.match(r"<REUTERS\b([^>]*)>", story, re.I)
    attrs = {k.lower(): v for k, v in _ATTR.findall(m.group(1))} if m else {}
    body = _tag(story, "BODY")
    if body is None:
        return None
    newid = attrs.get("newid", "")
    meta: dict[str, Any] = {"id": f"reuters-{newid}" if newid else None, "source": "Reuters"}
    title = _tag(story, "TITLE")
    if title is not None:
        meta["title"] = decode_entities(title).strip()
    date_raw = _tag(story, "DATE")
    if date_raw is not None:
        meta["date_raw"] = date_raw.strip()
        iso = iso_date(date_raw)
        if iso:
            meta["published"] = iso
    dateline = _tag(story, "DATELINE")
    if dateline is not None:
        meta["dateline"] = decode_entities(dateline).strip().rstrip("-").strip()
    for name in _LISTS:
        block = _tag(story, name.upper())
        if block is not None:
            meta[name] = [decode_entities(d).strip() for d in re.findall(r"<D>(.*?)</D>", block, re.S)]
    for key in ("newid", "oldid", "lewissplit", "cgisplit", "topics"):
        if key in attrs:
            meta["topics_flag" if key == "topics" else key] = attrs[key]
    if not meta["id"]:
        del meta["id"]
    text = decode_entities(body).replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(origin=f"{origin}#NEWID={newid}" if newid else origin, kind="sgml", raw_text=text, meta=meta)


def read_sgml(origin: str, stream: BinaryIO, options: Options) -> Iterator[RawDocument | InputFailure]:
    """Stream the file story by story; memory is bounded by one story."""
    from ._stream import iter_lines

    cap = options.max_record_chars * 2 + 65536  # markup around the text
    buf: list[str] = []
    size = 0
    inside = False
    overflow = False
    warned = False
    start_line = 0
    for lineno, raw, _complete in iter_lines(stream, cap):
        line, warning = decode_fragment(raw)
        pending = line
        while pending:
            if not inside:
                i = pending.find("<REUTERS")
                if i < 0:
                    break
                inside, overflow, buf, size, start_line = True, False, [], 0, lineno
                warned = False
                pending = pending[i:]
            j = pending.find("</REUTERS>")
            part = pending if j < 0 else pending[: j + len("</REUTERS>")]
            pending = "" if j < 0 else pending[j + len("</REUTERS>") :]
            if warning:
                warned = True
            if not overflow:
                size += len(part)
                if size > cap:
                    overflow, buf = True, []
                else:
                    buf.append(part)
            if j >= 0:
                inside = False
                if overflow:
                    yield InputFailure(
                        f"{origin}:{start_line}",
                        str(InputTooLarge(
                            f"the story is over {cap:,} characters",
                            hint="split it, or raise --max-record-chars",
                            source=f"{origin}:{start_line}",
                        )),
                    )
                    continue
                doc = story_to_document("".join(buf), origin)
                if doc is not None:
                    if len(doc.raw_text) > options.max_record_chars:
                        err = InputTooLarge(
                            f"the story has {len(doc.raw_text):,} characters, over the "
                            f"{options.max_record_chars:,} cap for one record",
                            hint="split it, or raise --max-record-chars",
                            source=doc.origin,
                        )
                        yield InputFailure(doc.origin, str(err))
                        continue
                    if warned:
                        doc.meta["decode_warning"] = "some bytes were not UTF-8; decoded as cp1252"
                    yield doc
    if inside:
        cut = TruncatedInput(
            f"the story that starts on line {start_line} is not closed with </REUTERS>",
            hint="the file was cut; copy it again",
            source=origin,
        )
        yield InputFailure(origin, str(cut))
