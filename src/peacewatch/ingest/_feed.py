"""RSS/Atom feeds through feedparser: one document per entry."""

from __future__ import annotations

import io
import re
import time
from typing import Any, Iterator

from ..errors import EmptyInput, MalformedInput
from ..model import InputFailure, RawDocument, stable_hash
from ._decode import normalise_newlines
from ._fields import add_source_from_url
from ._html import html_to_text


def _iso(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        return time.strftime("%Y-%m-%d", struct)
    except (TypeError, ValueError):
        return None


def _entry_text(entry: Any) -> str:
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        if value.strip():
            return value if "html" not in (item.get("type") or "") else html_to_text(value)
    summary = entry.get("summary") or ""
    if summary.strip():
        detail = entry.get("summary_detail") or {}
        return summary if detail.get("type") == "text/plain" else html_to_text(summary)
    return ""


# A numeric character reference to no character: a UTF-16 surrogate (&#55296; &#xD800;), zero,
# or past U+10FFFF. feedparser raises UnicodeEncodeError on the first kind; browsers read all of
# them as U+FFFD, and so do we (the SGML reader does the same).
_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]{1,16}|[0-9]{1,20});")


def _bad_charref(m: re.Match[bytes]) -> bytes:
    ref = m.group(1)
    n = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
    return m.group(0) if 0 < n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else b"&#65533;"


def repair_charrefs(data: bytes) -> tuple[bytes, int]:
    """``data`` with every reference to no character replaced by ``&#65533;`` (U+FFFD), and how
    many were replaced."""
    count = 0

    def sub(m: re.Match[bytes]) -> bytes:
        nonlocal count
        out = _bad_charref(m)
        count += out != m.group(0)
        return out

    return (_CHARREF.sub(sub, data) if b"&#" in data else data), count


_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE\s+[\w:.-]+[^\[>]*\[(.*?)\]\s*>", re.I | re.S)
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+([\w.-]+)\s+(?:\"([^\"]*)\"|'([^']*)')\s*>")


def inline_doctype(data: bytes) -> bytes:
    """``data`` without a DOCTYPE that has an internal subset (``<!DOCTYPE rss [ ... ]>``), which
    feedparser cuts at its first ``>`` and then cannot parse; the subset's simple general
    entities (``<!ENTITY nbsp "&#160;">``) are put in place of their references, in one pass (an
    entity inside an entity stays a reference, so nothing can expand without end)."""
    m = _DOCTYPE_SUBSET.search(data, 0, 65536)
    if m is None:
        return data
    entities = {e.group(1): e.group(2) if e.group(2) is not None else e.group(3)
                for e in _ENTITY_DECL.finditer(m.group(1))}
    rest = data[m.end():]
    if entities:
        names = b"|".join(re.escape(n) for n in entities)
        rest = re.sub(rb"&(" + names + rb");", lambda r: entities[r.group(1)], rest)
    return data[: m.start()] + rest


def read_feed(origin: str, data: bytes, max_chars: int) -> Iterator[RawDocument | InputFailure]:
    import feedparser

    data, repaired = repair_charrefs(inline_doctype(data))
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    except Exception as e:  # noqa: BLE001 - a third-party parser failing on hostile markup
        raise MalformedInput(f"the feed cannot be parsed ({type(e).__name__}: {e})",
                             hint="fix the feed's XML or fetch it again", source=origin) from None
    feed_title = (parsed.feed.get("title") or "").strip() or None
    entries = list(parsed.entries)
    read = 0
    for i, entry in enumerate(entries, 1):
        where = f"{origin}#{i}"
        try:
            doc = _entry_document(entry, where, feed_title, max_chars, repaired)
        except Exception as e:  # noqa: BLE001 - one hostile entry never stops the feed
            yield InputFailure.of(where, e)
            continue
        if isinstance(doc, RawDocument):
            read += 1
        yield doc
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        benign = type(exc).__name__ in ("CharacterEncodingOverride",)
        if not benign:
            reason = " ".join(str(exc).split())[:160] if exc else "not well-formed XML"
            if entries:
                msg = f"the feed is malformed ({reason}); only {read} entr{'y was' if read == 1 else 'ies were'} read"
            else:
                msg = f"the feed is malformed ({reason}) and no entry could be read"
            yield InputFailure(origin, str(MalformedInput(msg, hint="fix the feed's XML or fetch it again", source=origin)))
            return
    if not entries:
        raise EmptyInput("the feed has no entries", hint="give a feed with at least one item or entry", source=origin)


def _entry_document(entry: Any, where: str, feed_title: str | None, max_chars: int,
                    repaired: int) -> RawDocument | InputFailure:
    text = normalise_newlines(_entry_text(entry)).strip()
    title = html_to_text(entry.get("title") or "").strip() or None
    meta: dict[str, Any] = {}
    if not text:
        if not title:
            return InputFailure(where, str(MalformedInput(
                "feed entry has neither text nor title", hint="check the feed", source=where)))
        text = title
        meta["headline_only"] = True
    if len(text) > max_chars:
        return InputFailure(where, f"{where}: the entry has {len(text):,} characters, over the {max_chars:,} cap for one record; raise --max-record-chars")
    link = entry.get("link")
    meta["id"] = entry.get("id") or entry.get("guid") or link or stable_hash(text)
    if title:
        meta["title"] = title
    published = _iso(entry.get("published_parsed")) or _iso(entry.get("updated_parsed"))
    if published:
        meta["published"] = published
    elif entry.get("published") or entry.get("updated"):
        meta["date_raw"] = entry.get("published") or entry.get("updated")
    if link:
        meta["url"] = link
    if feed_title:
        meta["source"] = feed_title
    if repaired and ("\ufffd" in text or "\ufffd" in (title or "")):
        meta["decode_warning"] = "a character reference to no character (such as &#55296;) read as U+FFFD"
    add_source_from_url(meta)
    return RawDocument(origin=where, kind="feed", raw_text=text, meta=meta)
