"""What the dashboard pages and the JSON API read: thin functions over a read-only Store.

All reading goes through the Store's public read methods (``events``, ``get_event``,
``actor_mentions``, ``actor_counts``, ``quad_class_counts``, ``track_names``, ``stances`` ...), which
bind every parameter; this module holds no SQL.
"""

from __future__ import annotations

import os
from datetime import date
from collections import OrderedDict
from threading import Lock
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

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
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [(cls, title) for s, e, cls, title in clipped if s <= a and b <= e]
        out.append({"text": text[a:b], "classes": sorted({c for c, _ in cover}),
                    "title": "; ".join(dict.fromkeys(t for _, t in cover if t))})
    return out


# --- events --------------------------------------------------------------------------------------


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    return store.get_event(event_id)


def event_evidence(store: Store, ev: dict[str, Any]) -> dict[str, Any]:
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
        loc = ev.get("location") or {}
        if loc.get("start") is not None and loc.get("end") is not None:
            spans.append((loc["start"], loc["end"], "place", f"where: {loc.get('name')} ({loc.get('basis')})"))
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


# --- places --------------------------------------------------------------------------------------


def places(store: Any, **filters: Any) -> list[dict[str, Any]]:
    """Located events per place for the map: ``key``, ``name``, ``country``, ``lat``, ``lon``,
    ``events`` and ``by_quad`` (``{"1": n, ...}``), busiest first."""
    out: dict[str, dict[str, Any]] = {}
    for r in store.place_counts(**filters):
        p = out.setdefault(r["key"], {"key": r["key"], "name": r["name"], "country": r["country"], "lat": r["lat"],
                                      "lon": r["lon"], "events": 0, "by_quad": {}})
        p["events"] += r["events"]
        q = str(r["quad_class"])
        p["by_quad"][q] = p["by_quad"].get(q, 0) + r["events"]
    return sorted(out.values(), key=lambda p: (-p["events"], p["key"] or ""))


# --- articles ------------------------------------------------------------------------------------


def actor_mentions(store: Store, article_id: str) -> list[dict[str, Any]]:
    return store.actor_mentions(article_id)


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article's cleaned text with actors, event triggers and quotes marked."""
    art = store.get_article(article_id)
    if art is None:
        return None
    events = list(store.events(article_id=article_id))
    quotes = list(store.quotes(article_id=article_id))
    stances = [stance_view(st) for st in store.stances(article_id=article_id)]
    actors = actor_mentions(store, article_id)
    spans = [(a["start"], a["end"], "actor", f"actor {a['code']}") for a in actors if a.get("start") is not None]
    for e in events:
        t = e.get("trigger") or {}
        if t.get("start") is not None:
            spans.append((t["start"], t["end"], "trigger", f"event {e['cameo']} ({e['event_id']})"))
    for q in quotes:
        spans.append((q["start"], q["end"], "quote", f"quote{(' by ' + q['speaker']['code']) if q.get('speaker') else ''}"))
    for st in stances:
        m = st.get("mention") or {}
        if m.get("start") is not None:
            actor = (st.get("actor") or {}).get("code") or "?"
            spans.append((m["start"], m["end"], "proposal", f"{actor} {st['stance']} this proposal"))
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
        "stances": stances,
    }


# --- actors and overview -------------------------------------------------------------------------


def actors_list(store: Store, limit: int = 200, prefix: str | None = None) -> list[dict[str, Any]]:
    return store.actor_counts(limit=limit, prefix=prefix)


def quad_counts(store: Store, freq: str = "month", since: str | None = None,
                until: str | None = None) -> list[dict[str, Any]]:
    """Events per period and QuadClass (historical, negated and hypothetical left out), every
    period from the first to the last with events (empty ones as zeros)."""
    if freq not in FREQS:
        raise QueryError(f"freq={freq!r} is not known", hint="use day, week or month")
    periods: dict[str, dict[str, Any]] = {}
    starts: list[date] = []
    for r in store.quad_class_counts(freq, since=since, until=until):
        p = r["period_start"]
        start = date.fromisoformat((p + "-01")[:10])
        if freq == "week":
            iso = start.isocalendar()
            label = f"{iso[0]}-W{iso[1]:02d}"
        else:
            label = p
        if label not in periods:
            periods[label] = {"period": label, "1": 0, "2": 0, "3": 0, "4": 0}
            starts.append(start)
        if r["quad_class"] in (1, 2, 3, 4):
            periods[label][str(r["quad_class"])] += r["events"]
    if not periods:
        return []
    return [periods.get(label) or {"period": label, "1": 0, "2": 0, "3": 0, "4": 0}
            for label, _s, _e in periods_between(min(starts), max(starts), freq)]  # no gaps


def track_names(store: Store) -> list[str]:
    return store.track_names()


# --- stances ------------------------------------------------------------------------------------

STANCE_NAMES = {"supports": "supports", "welcomes": "welcomes", "rejects": "rejects", "conditions": "sets conditions on",
                "opposes": "opposes", "proposes": "proposes"}


def stance_view(st: dict[str, Any]) -> dict[str, Any]:
    """A stance record plus its evidence sentence cut into segments, with the actor, the
    proposal mention and the trigger marked (classes ``actor``, ``proposal``, ``trigger``)."""
    ev = st.get("evidence") or {}
    text = ev.get("text") or ""
    start = ev.get("start")
    spans = []
    if start is not None:
        for key, cls in (("actor", "actor"), ("mention", "proposal"), ("trigger", "trigger")):
            ref = st.get(key) or {}
            if ref.get("start") is not None and ref.get("end") is not None:
                title = {"actor": f"actor {ref.get('code') or ''}", "proposal": "the proposal",
                         "trigger": f"{st.get('stance')}"}[cls]
                spans.append((ref["start"], ref["end"], cls, title))
    return st | {"segments": mark_segments(text, spans, start or 0),
                 "stance_label": STANCE_NAMES.get(st.get("stance") or "", st.get("stance") or "")}


def latest_stances(store: Store, n: int = 10, **filters: Any) -> list[dict[str, Any]]:
    """The ``n`` latest stances (newest first) with their evidence segments."""
    total = store.count_stances(**filters)
    rows = list(store.stances(**filters, limit=n, offset=max(0, total - n)))
    return [stance_view(s) for s in reversed(rows)]


def latest_quotes(store: Store, n: int = 10, **filters: Any) -> list[dict[str, Any]]:
    total = store.count_quotes(**filters)
    return list(reversed(list(store.quotes(**filters, limit=n, offset=max(0, total - n)))))


# --- a small cache for series (read-only database: key on the files' state) -----------------------


class SeriesCache:
    def __init__(self, db_path: str, size: int = 128):
        self.db_path = db_path
        self.size = size
        self._d: OrderedDict[tuple[Any, ...], Series] = OrderedDict()
        self._lock = Lock()

    def _stamp(self) -> tuple[tuple[int, int] | None, ...]:
        out: list[tuple[int, int] | None] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db_path + suffix)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def memo(self, name: Hashable, fn: Callable[..., Any], *args: Any) -> Any:
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

    def get(self, store: Store, **params: Any) -> Series:
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
