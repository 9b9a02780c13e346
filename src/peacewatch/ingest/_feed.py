"""RSS/Atom feeds through feedparser: one document per entry."""

from __future__ import annotations

import io
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


def read_feed(origin: str, data: bytes, max_chars: int) -> Iterator[RawDocument | InputFailure]:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    entries = list(parsed.entries)
    read = 0
    for i, entry in enumerate(entries, 1):
        where = f"{origin}#{i}"
        text = normalise_newlines(_entry_text(entry)).strip()
        title = html_to_text(entry.get("title") or "").strip() or None
        meta: dict[str, Any] = {}
        if not text:
            if not title:
                yield InputFailure(where, str(MalformedInput(
                    "feed entry has neither text nor title", hint="check the feed", source=where)))
                continue
            text = title
            meta["headline_only"] = True
        if len(text) > max_chars:
            yield InputFailure(where, f"{where}: the entry has {len(text):,} characters, over the {max_chars:,} cap for one record; raise --max-record-chars")
            continue
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
        add_source_from_url(meta)
        read += 1
        yield RawDocument(origin=where, kind="feed", raw_text=text, meta=meta)
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
