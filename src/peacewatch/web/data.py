"""What the dashboard pages and the JSON API read: thin functions over a read-only Store.

All reading goes through the Store's public read methods (``events``, ``get_event``,
``actor_mentions``, ``actor_counts``, ``quad_class_counts``, ``track_names``, ``stances`` ...), which
bind every parameter; this module holds no SQL.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
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


def actors_list(store: Any, names: "ActorNames", limit: int = 200, prefix: str | None = None) -> list[dict[str, Any]]:
    """Known actor codes by events, each with the dictionary's canonical name (``name``)."""
    return [r | {"name": names.name(r["code"])} for r in store.actor_counts(limit=limit, prefix=prefix)]


def actor_profile(store: Any, names: "ActorNames", code: str) -> dict[str, Any]:
    """What the actors page shows about a code besides its events: ``name`` (canonical),
    ``entries`` (dictionary entries with this code), ``roles`` (people holding it, by date),
    ``mention_texts`` (how stories wrote it, with counts) and ``names_seen`` (who it stood for in
    the stories, by first date)."""
    return {"name": names.name(code), "entries": names.entries(code), "roles": names.roles(code),
            "mention_texts": store.actor_mention_texts(code, limit=40),
            "names_seen": store.actor_names_by_date(code, limit=40)}


def _short_origin(origin: str) -> str:
    """``/long/path/people.txt:317`` -> ``people.txt:317``."""
    path, _, line = origin.rpartition(":")
    return f"{Path(path).name}:{line}" if path else origin


class ActorNames:
    """What the actor dictionaries say about a code: its canonical name and who held it by date.

    The canonical name of a country or organisation code is its entry's name ("PRK" -> North
    Korea, "IGOUNO" -> United Nations, "IGOUNOIAE" -> International Atomic Energy Agency); of a
    country + sector code, the country's name and the sector's agent ("PRKGOV" -> "North Korea:
    government", "KORMIL" -> "South Korea: military"), never one of the many entries that happen to
    carry the code (the Workers' Party of Korea, the Ministry of Unification). Those entries, and
    the people who held the code for a time, are listed apart (:meth:`entries`, :meth:`roles`)."""

    def __init__(self, dicts: Any) -> None:
        self.dicts = dicts
        self._names: dict[str, str | None] = {}

    def _own(self, code: str, kinds: tuple[str, ...]) -> str | None:
        for e in self.dicts.by_code().get(code, []):
            if e.kind in kinds and e.code == code:
                return str(e.name)
        return None

    def name(self, code: str) -> str | None:
        if code not in self._names:
            from ..actors import split_code

            country, sector = split_code(code)
            if "/" in code:  # a compound: "KOR/PRK" -> "South Korea and North Korea"
                parts = [self.name(c) or c for c in code.split("/") if c]
                got = " and ".join(parts) if parts else None
            elif not sector:
                got = self._own(code, ("country", "org", "actor", "compound"))
            else:
                base = self._own(country, ("country", "org", "actor")) if country else None
                agent = self._own(sector, ("agent",)) or sector
                got = f"{base}: {agent}" if base else None
            self._names[code] = got
        return self._names[code]

    def entries(self, code: str) -> list[dict[str, Any]]:
        """The dictionary entries (not people) whose own code this is: ``name``, ``kind``, ``origin``."""
        return [{"name": e.name, "kind": e.kind, "origin": _short_origin(e.origin)}
                for e in self.dicts.by_code().get(code, []) if e.code == code and e.kind != "person"]

    def roles(self, code: str) -> list[dict[str, Any]]:
        """Dictionary roles with this exact code, by start date: ``name`` (the person or entry),
        ``start``, ``end`` (ISO or None: open), ``label``, ``origin`` (file:line)."""
        out = []
        for e in self.dicts.by_code().get(code, []):
            for r in e.roles:
                if r.code == code and (r.dated or e.kind == "person"):
                    out.append({"name": e.name, "kind": e.kind, "start": r.start.isoformat() if r.start else None,
                                "end": r.end.isoformat() if r.end else None, "label": r.label,
                                "origin": _short_origin(r.origin)})
        out.sort(key=lambda r: (r["start"] or "", r["name"]))
        return out


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
            periods[label] = {"period": label, "start": start.isoformat(), "1": 0, "2": 0, "3": 0, "4": 0}
            starts.append(start)
        if r["quad_class"] in (1, 2, 3, 4):
            periods[label][str(r["quad_class"])] += r["events"]
    if not periods:
        return []
    # every period of the range: a period without events has 0 events (a count, not an index)
    return [periods.get(label) or {"period": label, "start": s.isoformat(), "1": 0, "2": 0, "3": 0, "4": 0}
            for label, s, _e in periods_between(min(starts), max(starts), freq)]


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


def quote_views(store: Any, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quote records with their evidence, so a reader can judge the speaker: the sentence the quote
    starts in cut into segments (``quote`` marked, and the speaker's words as ``source`` when they
    are in it), and ``speaker_where``: whether the speaker's words are ``in the sentence``, in
    another sentence (resolved by reference) or missing."""
    sents = store.sentence_texts([(q["article_id"], q.get("sentence_index")) for q in quotes])
    out = []
    for q in quotes:
        sent = sents.get((q["article_id"], q.get("sentence_index")))
        sp = q.get("speaker") or {}
        spans = [(q["start"], q["end"], "quote", "the quote")]
        where = "no speaker"
        if sp.get("start") is not None:
            spans.append((sp["start"], sp["end"], "source", f"speaker: {sp.get('code')}"))
            inside = sent is not None and sent["start"] <= sp["start"] and sp["end"] <= sent["end"]
            where = "in the sentence" if inside else "elsewhere in the story"
        segs = mark_segments(sent["text"], spans, sent["start"]) if sent else []
        out.append(q | {"segments": segs, "speaker_where": where})
    return out


# --- a small cache for series (read-only database: key on the files' state) -----------------------


Stamp = tuple[tuple[int, int] | None, ...]
"""The state of the database files (mtime and size of the file and its -wal)."""


class SeriesCache:
    """Results that change only with the database (series, counts, the track list, the busiest
    dyads), keyed on the state of the database files (a new ingest changes their size or time).
    One computation per key at a time: threads asking for a key being computed wait for it instead
    of computing it again (the first requests after a start would otherwise all count at once)."""

    def __init__(self, db_path: str, size: int = 128) -> None:
        self.db_path = db_path
        self.size = size
        self._d: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = Lock()
        self._computing: dict[tuple[Any, ...], Lock] = {}
        self._last_stamp: tuple[float, Stamp] | None = None

    STAMP_SECONDS = 0.25
    """How long a look at the database files' state is trusted (a new ingest shows within it)."""

    def stamp(self) -> Stamp:
        now = time.monotonic()
        last = self._last_stamp
        if last is not None and now - last[0] < self.STAMP_SECONDS:
            return last[1]
        out: list[tuple[int, int] | None] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db_path + suffix)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        self._last_stamp = (now, tuple(out))
        return self._last_stamp[1]

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                return self._d[key]
            flight = self._computing.setdefault(key, Lock())
        with flight:
            with self._lock:
                if key in self._d:
                    return self._d[key]
            value = compute()
            with self._lock:
                self._d[key] = value
                if len(self._d) > self.size:
                    self._d.popitem(last=False)
                self._computing.pop(key, None)
        return value

    def memo(self, name: Hashable, fn: Callable[..., Any], *args: Any) -> Any:
        """Any other result that only changes with the database (track list, busiest dyads, ...)."""
        return self._cached((self.stamp(), name, args), lambda: fn(*args))

    def get(self, store: Store, **params: Any) -> Series:
        series: Series = self._cached((self.stamp(), tuple(sorted(params.items()))),
                            lambda: series_from_store(store, **params))
        return series


class RowCache:
    """The HTML of event-table rows (the ``event_row`` macro), kept per event id for the current
    state of the database files: a row is the same on every page that shows its event, and a
    year of news is some ten thousand of them. Cleared when the files change."""

    def __init__(self, env: Any, stamp: Callable[[], Stamp], size: int = 50_000) -> None:
        self._row = env.get_template("macros.html").make_module().event_row
        self._stamp = stamp
        self.size = size
        self._d: dict[str, Any] = {}
        self._at: Stamp | None = None
        self._lock = Lock()

    def html(self, events: Iterable[dict[str, Any]]) -> Any:
        from markupsafe import Markup

        stamp = self._stamp()
        with self._lock:
            if stamp != self._at or len(self._d) > self.size:
                self._d, self._at = {}, stamp
            d = self._d
        out: list[str] = []
        for e in events:
            h = d.get(e["event_id"])
            if h is None:
                h = d[e["event_id"]] = self._row(e, QUAD_NAMES)
            out.append(h)
        return Markup("".join(out))
