"""What the dashboard pages and the JSON API read: thin functions over a read-only Store.

Most reading goes through the Store's public methods. A few views the Store has no method for
(one event by id, an article's actor mentions, the actor list, QuadClass counts per period) are
read here with parameter-bound SELECTs on its documented schema (docs/STORE.md).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from threading import Lock
from typing import Any, Iterable

from ..analysis.series import FREQS, Series, periods_between, series_from_store
from ..errors import QueryError

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def safe_url(url: Any) -> str | None:
    """A URL shown as a link only when it is plain http(s) (never javascript:, data:, ...)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


# --- marking spans in text -----------------------------------------------------------------------


def mark_segments(text: str, spans: Iterable[tuple[int, int, str, str]], offset: int = 0) -> list[dict[str, Any]]:
    """Cut ``text`` into segments at every span boundary; each segment lists the classes (and
    titles) of the spans covering it. ``spans`` are ``(start, end, css_class, title)`` in the
    coordinates of ``text`` shifted by ``offset``. Out-of-range spans are clipped; the
    concatenation of the segments' text is always ``text``."""
    n = len(text)
    clipped = []
    for s, e, cls, title in spans:
        s, e = max(0, s - offset), min(n, e - offset)
        if s < e:
            clipped.append((s, e, cls, title))
    cuts = sorted({0, n, *[s for s, _, _, _ in clipped], *[e for _, e, _, _ in clipped]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [(cls, title) for s, e, cls, title in clipped if s <= a and b <= e]
        out.append({"text": text[a:b], "classes": sorted({c for c, _ in cover}),
                    "title": "; ".join(dict.fromkeys(t for _, t in cover if t))})
    return out


# --- events --------------------------------------------------------------------------------------


def get_event(store: Any, event_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT article_id FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    for ev in store.events(article_id=row[0]):
        if ev["event_id"] == event_id:
            return ev
    return None


def event_evidence(store: Any, ev: dict[str, Any]) -> dict[str, Any]:
    """The sentence of an event cut into segments with source, trigger and target marked, plus
    the article it comes from."""
    sents = {s["idx"]: s for s in store.sentences(ev["article_id"])}
    sent = sents.get(ev.get("sentence_index"))
    text = sent["text"] if sent else (ev.get("sentence") or "")
    start = sent["start"] if sent else None
    spans = []
    if start is not None:
        for role in ("source", "target"):
            ref = ev.get(role)
            if ref and ref.get("start") is not None:
                spans.append((ref["start"], ref["end"], role, f"{role}: {ref.get('code')}"))
        trig = ev.get("trigger") or {}
        if trig.get("start") is not None:
            spans.append((trig["start"], trig["end"], "trigger", f"trigger: CAMEO {ev.get('cameo')}"))
    art = store.get_article(ev["article_id"]) or {}
    return {
        "event": ev,
        "sentence": text,
        "sentence_start": start,
        "segments": mark_segments(text, spans, start or 0),
        "article": {"article_id": ev["article_id"], "title": art.get("title"), "source": art.get("source"),
                    "published": art.get("published"), "date_basis": art.get("date_basis"),
                    "url": safe_url(art.get("url"))},
    }


# --- articles ------------------------------------------------------------------------------------


def actor_mentions(store: Any, article_id: str) -> list[dict[str, Any]]:
    cols = ("code", "country", "sector", "name", "text", "start", "end", "resolution")
    rows = store.conn.execute(
        'SELECT code, country, sector, name, text, start, "end", resolution FROM actor_mentions '
        "WHERE article_id = ? ORDER BY start", (article_id,)).fetchall()
    return [dict(zip(cols, r)) for r in rows]


def article_view(store: Any, article_id: str) -> dict[str, Any] | None:
    """An article's cleaned text with actors, event triggers and quotes marked."""
    art = store.get_article(article_id)
    if art is None:
        return None
    events = list(store.events(article_id=article_id))
    quotes = list(store.quotes(article_id=article_id))
    actors = actor_mentions(store, article_id)
    spans = [(a["start"], a["end"], "actor", f"actor {a['code']}") for a in actors if a.get("start") is not None]
    for e in events:
        t = e.get("trigger") or {}
        if t.get("start") is not None:
            spans.append((t["start"], t["end"], "trigger", f"event {e['cameo']} ({e['event_id']})"))
    for q in quotes:
        spans.append((q["start"], q["end"], "quote", f"quote{(' by ' + q['speaker']['code']) if q.get('speaker') else ''}"))
    text = art["text"]
    body_start = art.get("body_start") or 0
    return {
        "article_id": art["article_id"],
        "title": art.get("title"),
        "source": art.get("source"),
        "url": safe_url(art.get("url")),
        "published": art.get("published"),
        "date_basis": art.get("date_basis"),
        "date_conflicts": art.get("date_conflicts") or [],
        "dateline": art.get("dateline"),
        "origin": art.get("origin"),
        "copies": art.get("copies"),
        "tracks": art.get("tracks") or [],
        "text": text,
        "headline_segments": mark_segments(text[:body_start], spans, 0) if body_start else [],
        "body_segments": mark_segments(text[body_start:], spans, body_start),
        "actors": actors,
        "events": events,
        "quotes": quotes,
    }


# --- actors and overview -------------------------------------------------------------------------


def actors_list(store: Any, limit: int = 200, prefix: str | None = None) -> list[dict[str, Any]]:
    args: list[Any] = []
    where = ""
    if prefix:
        where = "WHERE code >= ? AND code < ?"
        p = prefix.upper()
        args += [p, p[:-1] + chr(ord(p[-1]) + 1)]
    sql = (
        "SELECT code, max(name), count(*) AS n, sum(role = 's'), sum(role = 't') FROM ("
        "SELECT source_code AS code, json_extract(record, '$.source.name') AS name, 's' AS role FROM events "
        "WHERE source_code IS NOT NULL UNION ALL "
        "SELECT target_code, json_extract(record, '$.target.name'), 't' FROM events WHERE target_code IS NOT NULL) "
        f"{where} GROUP BY code ORDER BY n DESC, code LIMIT ?"
    )
    rows = store.conn.execute(sql, args + [limit]).fetchall()
    return [{"code": r[0], "name": r[1], "events": r[2], "as_source": r[3], "as_target": r[4]} for r in rows]


def quad_counts(store: Any, freq: str = "month", since: str | None = None, until: str | None = None) -> list[dict]:
    """Events per period and QuadClass (historical, negated and hypothetical left out), by SQL."""
    if freq not in FREQS:
        raise QueryError(f"freq={freq!r} is not known", hint="use day, week or month")
    key = {"day": "substr(date, 1, 10)", "month": "substr(date, 1, 7)",
           "week": "strftime('%Y-%m-%d', date, '-' || ((CAST(strftime('%w', date) AS INTEGER) + 6) % 7) || ' days')"}[freq]
    where = ["historical = 0", "negated = 0", "hypothetical = 0", "length(date) >= 10"]
    args: list[Any] = []
    if since:
        where.append("date >= ?")
        args.append(since)
    if until:
        where.append("substr(date, 1, ?) <= ?")
        args += [len(until), until]
    sql = f"SELECT {key} AS p, quad_class, count(*) FROM events WHERE {' AND '.join(where)} GROUP BY p, quad_class ORDER BY p"
    periods: dict[str, dict[str, Any]] = {}
    for p, q, n in store.conn.execute(sql, args):
        if p is None:
            continue
        if freq == "week":
            from datetime import date

            iso = date.fromisoformat(p).isocalendar()
            label = f"{iso[0]}-W{iso[1]:02d}"
        else:
            label = p
        row = periods.setdefault(label, {"period": label, "1": 0, "2": 0, "3": 0, "4": 0, "_start": p})
        if q in (1, 2, 3, 4):
            row[str(q)] += n
    if not periods:
        return []
    from datetime import date

    starts = [date.fromisoformat((r["_start"] + "-01")[:10]) for r in periods.values()]
    out = []
    for label, _s, _e in periods_between(min(starts), max(starts), freq):  # no gaps: empty periods as zeros
        row = periods.get(label) or {"period": label, "1": 0, "2": 0, "3": 0, "4": 0}
        row.pop("_start", None)
        out.append(row)
    return out


def track_names(store: Any) -> list[str]:
    rows = store.conn.execute(
        "SELECT DISTINCT json_each.value FROM articles, json_each(articles.tracks) ORDER BY 1").fetchall()
    return [r[0] for r in rows if isinstance(r[0], str)]


def latest_quotes(store: Any, n: int = 10, **filters: Any) -> list[dict[str, Any]]:
    total = store.count_quotes(**filters)
    return list(reversed(list(store.quotes(**filters, limit=n, offset=max(0, total - n)))))


# --- a small cache for series (read-only database: key on the files' state) -----------------------


class SeriesCache:
    def __init__(self, db_path: str, size: int = 128):
        self.db_path = db_path
        self.size = size
        self._d: OrderedDict[tuple, Series] = OrderedDict()
        self._lock = Lock()

    def _stamp(self) -> tuple:
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db_path + suffix)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def memo(self, name: str, fn, *args: Any) -> Any:
        """Any other result that only changes with the database (track list, busiest dyads, ...)."""
        key = (self._stamp(), name, args)
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                return self._d[key]
        value = fn(*args)
        with self._lock:
            self._d[key] = value
            if len(self._d) > self.size:
                self._d.popitem(last=False)
        return value

    def get(self, store: Any, **params: Any) -> Series:
        key = (self._stamp(), tuple(sorted(params.items())))
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                return self._d[key]
        s = series_from_store(store, **params)
        with self._lock:
            self._d[key] = s
            if len(self._d) > self.size:
                self._d.popitem(last=False)
        return s
