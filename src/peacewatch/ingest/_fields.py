"""Record fields: the aliases of JSONL/CSV/JSON inputs and the source-from-URL-host table."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import DictionaryError, InputTooLarge, MalformedInput
from ..model import RawDocument, stable_hash
from ._decode import normalise_newlines

# canonical name -> accepted keys, in priority order (matched case-insensitively)
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "story", "body", "content"),
    "id": ("id",),
    "title": ("title", "headline"),
    "published": ("published", "date", "publish_date", "pubdate"),
    "source": ("source",),
    "url": ("url", "link", "index.link"),
}
TEXT_KEYS = frozenset(ALIASES["text"])

HOSTS_FILE = "source_hosts.tsv"


@functools.lru_cache(maxsize=1)
def source_hosts() -> dict[str, str]:
    """HOST -> source name, from ``peacewatch/data/ingest/source_hosts.tsv`` (validated)."""
    path = Path(__file__).resolve().parent.parent / "data" / "ingest" / HOSTS_FILE
    return parse_source_hosts(path.read_text(encoding="utf-8"), str(path))


def parse_source_hosts(text: str, name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise DictionaryError(
                "expected HOST<TAB>SOURCE", hint="fix the line or start it with #", source=f"{name}:{lineno}"
            )
        host = parts[0].strip().lower().lstrip(".")
        if "/" in host or " " in host:
            raise DictionaryError(
                f"{host!r} is not a host name", hint="give a bare host such as kcna.co.jp", source=f"{name}:{lineno}"
            )
        table[host] = parts[1].strip()
    return table


def source_for_url(url: str) -> str | None:
    """The source the host table names for this URL (host or a parent domain), or None."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    table = source_hosts()
    while host:
        if host in table:
            return table[host]
        if "." not in host:
            break
        host = host.split(".", 1)[1]
    return None


def add_source_from_url(meta: dict[str, Any]) -> None:
    if meta.get("source") or not isinstance(meta.get("url"), str):
        return
    src = source_for_url(meta["url"])
    if src:
        meta["source"] = src
        meta["source_basis"] = "url host"


def _lookup(record: dict[str, Any], lowered: dict[str, str], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for n in names:
        key = lowered.get(n)
        if key is not None:
            value = record[key]
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            return key, value
    return None, None


def record_to_document(record: Any, origin: str, kind: str, max_chars: int) -> RawDocument:
    """One JSON object or CSV row (already a dict) as a RawDocument. Raises MalformedInput or
    InputTooLarge (the caller turns them into an InputFailure for this record only)."""
    if not isinstance(record, dict):
        raise MalformedInput(
            f"is a JSON {type(record).__name__}, not an object",
            hint='give one object a line, e.g. {"text": "..."}',
            source=origin,
        )
    lowered: dict[str, str] = {}
    for key in record:
        lowered.setdefault(str(key).lower(), key)
    used: set[str] = set()
    if "index.link" not in lowered and isinstance(record.get("index"), dict) and "link" in record["index"]:
        record = dict(record)
        record["index.link"] = record["index"]["link"]
        lowered["index.link"] = "index.link"
        used.add("index")
    meta: dict[str, Any] = {}

    text: Any = None
    for n in ALIASES["text"]:
        key = lowered.get(n)
        if key is None:
            continue
        value = record[key]
        if value is None:
            used.add(key)
            continue
        if not isinstance(value, str):
            raise MalformedInput(
                f"field {key!r} is a {_json_type(value)}, not a string",
                hint="give the article text as a string",
                source=origin,
            )
        used.add(key)
        if value.strip():
            text = value
            break

    for canon in ("id", "title", "published", "source", "url"):
        key, value = _lookup(record, lowered, ALIASES[canon])
        if key is None:
            continue
        used.add(key)
        if canon == "published":
            check_date_field(key, value, origin)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            meta[canon] = value.strip() if isinstance(value, str) else str(value)
        else:
            meta[canon] = value
    for canon in ("title", "published", "source", "url"):  # null/empty aliases are consumed too
        for n in ALIASES[canon]:
            key = lowered.get(n)
            if key is not None and record[key] in (None, ""):
                used.add(key)

    if text is not None and not _has_words(text):
        text = None  # only punctuation/control characters: no text (fall back to the title)
    if text is None:
        title = meta.get("title")
        if isinstance(title, str) and _has_words(title):
            text = title
            meta["headline_only"] = True
        else:
            raise MalformedInput(
                "has no text",
                hint="give the article in a field named text, story, body or content (or at least a title)",
                source=origin,
            )
    if len(text) > max_chars:
        raise InputTooLarge(
            f"the text has {len(text):,} characters, over the {max_chars:,} cap for one record",
            hint="split it, or raise --max-record-chars",
            source=origin,
        )
    for key, value in record.items():
        if key not in used:
            meta[str(key)] = value
    if "id" not in meta:
        # a content hash over what the record says: two records with the same body but different
        # headlines or dates are different articles (and must not collide on one id)
        meta["id"] = stable_hash(meta.get("title") or "", meta.get("published") or "", text)
    add_source_from_url(meta)
    return RawDocument(origin=origin, kind=kind, raw_text=normalise_newlines(text), meta=meta)


_ISO_SHAPED = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:$|[T ]|\s)")


def check_date_field(key: str, value: Any, origin: str) -> None:
    """Raise MalformedInput naming the field when a record's date cannot be read as a date, or
    names a day that does not exist (``2024-02-30``, ``2024-13-01``): a record is not coded with a
    wrong date, nor silently with none."""
    from ..clean.dates import parse_date_value

    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise MalformedInput(f"the {key} field is a JSON {_json_type(value)}, not a date",
                             hint="give a date such as 2025-09-24, or leave the field out", source=origin)
    if parse_date_value(value) is not None:
        return
    shown = str(value)[:60]
    why = "not a date peacewatch can read"
    m = _ISO_SHAPED.match(str(value))
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        if not 1 <= mo <= 12:
            why = f"there is no month {mo}"
        elif not 1800 <= y <= 2200:
            why = f"the year {y} is out of range (1800-2200)"
        else:
            import calendar

            last = calendar.monthrange(y, mo)[1]
            if not 1 <= d <= last:
                why = f"{calendar.month_name[mo]} {y} has {last} days"
    raise MalformedInput(f"the {key} field {shown!r} is not a date: {why}",
                         hint="give YYYY-MM-DD (or an ISO 8601 or RFC 2822 date), or leave the field out",
                         source=origin)


def _has_words(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


def _json_type(value: Any) -> str:
    return {dict: "object", list: "list", bool: "boolean", int: "number", float: "number"}.get(type(value), type(value).__name__)
