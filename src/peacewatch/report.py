"""The analyst's brief: one self-contained HTML file (``peacewatch report --out brief.html``).

Sections: headline trend (the cooperation-conflict index of the main dyads), event counts by
QuadClass, what changed since the previous period of the same length (which dyad's index moved and
by how much), where (a map of the located events, each circle a link to its place's sentences),
top events by |Goldstein|, positions on the initiatives (stances with their condition and
evidence), notable quotes (with how the speaker was found), per-track activity.

The scope: ``dyad`` (``A-B`` either direction, ``A>B`` directed: the rule of
:mod:`peacewatch.analysis.dyads`, as everywhere), ``actor`` (a dyad side on either side of an
event) and ``track`` narrow every section; events with no identified source are never in it, and
the brief says how many were left out (and how many had an unknown side).

The period: ``since``/``until`` when given. With neither, the last :data:`DEFAULT_DAYS` days of
data (ending on the date of the latest dated event), so the brief always covers the newest news and
the previous period (the same number of days just before) is a like-for-like comparison. With only
``since``, it runs to the latest event; with only ``until``, it is the :data:`DEFAULT_DAYS` days
ending then.

Charts are drawn by the same code as the dashboard's (``web/static/app.js`` with plotly.min.js from
the installed plotly package), both inlined in the file with the charts' data as JSON: a real date
axis, gaps where a period has no event, the events behind each point in the hover text and the bars
under the line. The map is inline SVG drawn from the package's outlines (no script). The page loads
nothing from anywhere (its Content-Security-Policy allows no connection) and opens from a file with
no server and no network. All article text goes through Jinja2 autoescape; the JSON is escaped for
a <script> element.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import __version__
from .analysis.dyads import parse_dyad
from .analysis.series import (
    Series,
    _parse_bound,
    auto_freq,
    compute_series,
    event_in_scope,
    top_dyads,
)
from .errors import QueryError

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLORS = {1: "#7fb3d5", 2: "#1f618d", 3: "#f5b041", 4: "#c0392b"}
"""The map's circle colours, as the charts' (web/static/app.js)."""
DEFAULT_DAYS = 30
"""The default period: the last 30 days of data (see the module docstring)."""
MOVE_THRESHOLD = 0.05
"""A dyad's index "moved" when it changed by at least this much between the two periods."""


@dataclass
class ReportData:
    since: date
    until: date
    prev_since: date
    prev_until: date
    freq: str
    summary: dict[str, Any]
    events: list[dict[str, Any]]
    prev_events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    prev_quotes: list[dict[str, Any]]
    dyads: list[tuple[str, int]]
    series: dict[str, Series] = field(default_factory=dict)
    stances: list[dict[str, Any]] = field(default_factory=list)
    default_period: bool = False
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    scope: dict[str, str] = field(default_factory=dict)
    """The dyad, actor and track the brief is narrowed to (only those given)."""
    left_out: dict[str, int] = field(default_factory=dict)
    """Of the period's events (track kept, dyad/actor not): ``incomplete`` (no identified source,
    not in the dataset) and ``unknown_side`` (target's country unknown: in no dyad)."""


def _safe_url(url: Any) -> str | None:
    """Only plain http(s) links are shown (a story's URL is a link to follow, never loaded)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _event_dates(store: Any) -> tuple[date | None, date | None]:
    """The first and last full dates of the stored events."""
    first, last = store.event_date_range()
    return (date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None)


def default_period(store: Any, since: str | date | None = None,
                   until: str | date | None = None) -> tuple[date, date]:
    """The period a brief covers: ``since``/``until`` when both are given; with neither, the last
    :data:`DEFAULT_DAYS` days of data (ending on the latest dated event); with only ``since``, up
    to the latest event; with only ``until``, the :data:`DEFAULT_DAYS` days ending then."""
    lo = _parse_bound(since, "since", end=False)
    hi = _parse_bound(until, "until", end=True)
    _first, last = _event_dates(store)
    if hi is None:
        hi = last or lo or date.today()
        if lo is not None and last is not None and lo > last:
            hi = lo
    if lo is None:
        lo = hi - timedelta(days=DEFAULT_DAYS - 1)
    if lo > hi:
        raise QueryError(f"since {lo} is after until {hi}", hint="give --since before --until")
    return lo, hi


def collect(store: Any, since: str | date | None = None, until: str | date | None = None, *,
            dyad: str | None = None, actor: str | None = None, track: str | None = None,
            max_dyads: int = 3) -> ReportData:
    """Everything the brief shows, read from the store, narrowed to ``dyad``, ``actor`` and
    ``track`` when given."""
    lo, hi = default_period(store, since, until)
    length = (hi - lo).days + 1
    prev_hi = lo - timedelta(days=1)
    prev_lo = prev_hi - timedelta(days=length - 1)
    label = parse_dyad(dyad).label if dyad else None
    scope = {k: v for k, v in (("dyad", label), ("actor", actor.strip().upper() if actor else None),
                               ("track", track)) if v}

    def period(a: date, b: date) -> dict[str, str]:
        return {"since": a.isoformat(), "until": b.isoformat()}

    events = list(store.events(**period(lo, hi), **scope))
    prev = list(store.events(**period(prev_lo, prev_hi), **scope))
    quotes = _scoped(store.quotes, period(lo, hi), scope, who="speaker")
    prev_quotes = _scoped(store.quotes, period(prev_lo, prev_hi), scope, who="speaker")
    freq = auto_freq(lo, hi)
    dyads = [(label, len([e for e in events if event_in_scope(e)]))] if label else top_dyads(events, max_dyads)
    data = ReportData(lo, hi, prev_lo, prev_hi, freq, store.summary(), events, prev, quotes, prev_quotes, dyads)
    data.scope = scope
    data.default_period = not since and not until
    data.stances = _scoped(store.stances, period(lo, hi), scope, who="actor")
    left = store.dataset_counts(**period(lo, hi), **({"track": track} if track else {}))
    data.left_out = {"incomplete": left["incomplete"], "unknown_side": left["unknown_side"]}
    for d, _n in data.dyads:
        data.series[d] = compute_series(events, dyad=d, freq=freq, since=lo, until=hi)
    data.series["all"] = compute_series(events, freq=freq, since=lo, until=hi)
    return data


def _scoped(read: Any, period: dict[str, str], scope: dict[str, str], *, who: str) -> list[dict[str, Any]]:
    """Quotes or stances of the period in the brief's scope: an actor, or a dyad's sides, as the
    speaker (quotes: ``who="speaker"``) or the actor taking the position (stances: ``who="actor"``);
    a track as such for quotes (stances carry no track: none in a track's brief)."""
    extra: dict[str, str] = {}
    if "track" in scope:
        if who != "speaker":
            return []
        extra["track"] = scope["track"]
    sides: list[str | None] = [None]
    if "actor" in scope:
        sides = [scope["actor"]]
    elif "dyad" in scope:
        dy = parse_dyad(scope["dyad"])
        sides = [dy.a] if dy.directed else [dy.a, dy.b]
    out: dict[str, dict[str, Any]] = {}
    for side in sides:
        for r in read(**period, **extra, **({who: side} if side else {})):
            out.setdefault(r.get("quote_id") or r.get("stance_id") or str(len(out)), r)
    return sorted(out.values(), key=lambda r: (r.get("date") or "", r.get("article_id") or ""))


# --- charts (drawn in the page by web/static/app.js, as on the dashboard) -------------------------


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no "</script>", no "<!--")."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


def chart_data(data: ReportData, tracks: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON each chart of the brief draws: ``trend`` (the main dyads' series, as /api/series
    gives them), ``quad`` (events per period and QuadClass, as /api/overview) and ``tracks``."""
    named = [s.to_dict() | {"label": k} for k, s in data.series.items() if k != "all" and s.points]
    allp = data.series["all"].points
    quad = [{"period": p.period, "start": p.start, "1": p.verbal_cooperation, "2": p.material_cooperation,
             "3": p.verbal_conflict, "4": p.material_conflict} for p in allp]
    return {
        "trend": {"series": named},
        "quad": {"freq": data.freq, "quad_names": {str(k): v for k, v in QUAD_NAMES.items()}, "periods": quad},
        "tracks": {"tracks": [{"track": r["track"], "cooperation": r["cooperation_events"],
                               "conflict": r["conflict_events"]} for r in tracks if r["events"]]},
    }


def chart_scripts() -> str:
    """plotly.min.js (from the installed plotly package) and the dashboard's app.js, to inline."""
    from importlib import resources

    from .web.templating import plotly_js_path

    app_js = (resources.files("peacewatch.web") / "static" / "app.js").read_text(encoding="utf-8")
    return plotly_js_path().read_text(encoding="utf-8") + "\n;\n" + app_js


# --- the map -------------------------------------------------------------------------------------

MAP_WIDTH = 900
MAP_SENTENCES = 5
"""Sentences listed under each place of the brief's map (the place's count says how many there are)."""


def map_places(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The located events of the period grouped by place, busiest first: ``key``, ``name``,
    ``country``, ``lat``, ``lon``, ``events`` (count), ``by_quad``, ``items`` (the events), ``anchor``."""
    places: dict[str, dict[str, Any]] = {}
    for e in events:
        loc = e.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        key = loc.get("key") or f"{loc.get('lat')},{loc.get('lon')}"
        p = places.setdefault(key, {"key": key, "name": loc.get("name"), "country": loc.get("country"),
                                    "lat": loc["lat"], "lon": loc["lon"], "events": 0, "by_quad": {}, "items": []})
        p["events"] += 1
        q = e.get("quad_class")
        p["by_quad"][q] = p["by_quad"].get(q, 0) + 1
        p["items"].append(e)
    out = sorted(places.values(), key=lambda p: (-p["events"], p["name"] or ""))
    for i, p in enumerate(out, start=1):
        p["anchor"] = f"place-{i}"
        p["items"].sort(key=lambda e: (-abs(e.get("goldstein") or 0), e.get("date") or ""))
    return out


def map_svg(places: list[dict[str, Any]], width: int = MAP_WIDTH) -> str | None:
    """The places as an inline SVG map (no script, nothing fetched): country outlines from the
    package, a circle per place and QuadClass (area by count, colour by QuadClass), each a link to
    the place's sentences further down the brief."""
    import html
    import math

    from .where.outlines import country_rings

    if not places:
        return None
    lats = [p["lat"] for p in places]
    lons = [p["lon"] for p in places]
    lon0, lon1 = min(lons), max(lons)
    lat0, lat1 = min(lats), max(lats)
    # at least 30 x 16 degrees, with a margin, inside the world
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    half_w = max(15.0, (lon1 - lon0) / 2 + 6)
    half_h = max(8.0, (lat1 - lat0) / 2 + 5)
    lon0, lon1 = max(-180.0, cx - half_w), min(180.0, cx + half_w)
    lat0, lat1 = max(-80.0, cy - half_h), min(84.0, cy + half_h)
    kx = math.cos(math.radians(max(-60.0, min(60.0, (lat0 + lat1) / 2))))
    scale = width / ((lon1 - lon0) * kx)
    height = max(200, int((lat1 - lat0) * scale))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * kx * scale, (lat1 - lat) * scale

    paths = []
    for ring, (x0, y0, x1, y1) in country_rings():
        if x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
            continue
        pts = [xy(lon, lat) for lon, lat in ring]
        paths.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    biggest = max(n for p in places for n in p["by_quad"].values())
    circles = []
    for p in sorted(places, key=lambda p: -p["events"]):
        x, y = xy(p["lon"], p["lat"])
        for q, n in sorted(p["by_quad"].items(), key=lambda kv: -kv[1]):
            r = 3.5 + 16 * math.sqrt(n / biggest)
            title = html.escape(f"{p['name']}{' (' + p['country'] + ')' if p['country'] else ''}: {n} "
                                f"{QUAD_NAMES.get(q, 'other')} event{'s' if n != 1 else ''} of {p['events']}")
            circles.append(f'<a href="#{p["anchor"]}"><circle class="place q{q}" cx="{x:.1f}" cy="{y:.1f}" '
                           f'r="{r:.1f}" fill="{QUAD_COLORS.get(q, "#888")}" fill-opacity="0.75" stroke="#fff" '
                           f'stroke-width="1"><title>{title}</title></circle></a>')
    return (f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="Map of the events by place">'
            f'<rect width="{width}" height="{height}" fill="#e6f0f7"/>'
            f'<path d="{"".join(paths)}" fill="#f2f0eb" stroke="#999" stroke-width="0.6"/>'
            + "".join(circles) + "</svg>")


# --- tables --------------------------------------------------------------------------------------


def _track_rows(events: list[dict[str, Any]], prev: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names: set[str] = set()
    for e in events + prev:
        names.update(e.get("tracks") or [])
    for q in quotes:
        names.update(q.get("tracks") or [])
    rows: list[dict[str, Any]] = []
    for t in sorted(names):
        now = [e for e in events if t in (e.get("tracks") or []) and event_in_scope(e)]
        before = [e for e in prev if t in (e.get("tracks") or []) and event_in_scope(e)]

        def idx(evs: list[dict[str, Any]]) -> float:
            c = sum(abs(e.get("goldstein") or 0) for e in evs if e.get("quad_class") in (1, 2))
            k = sum(abs(e.get("goldstein") or 0) for e in evs if e.get("quad_class") in (3, 4))
            return (c - k) / (c + k) if c + k else 0.0

        rows.append({
            "track": t, "events": len(now), "prev_events": len(before),
            "cooperation_events": sum(1 for e in now if e.get("quad_class") in (1, 2)),
            "conflict_events": sum(1 for e in now if e.get("quad_class") in (3, 4)),
            "index": idx(now), "prev_index": idx(before) if before else None,
            "goldstein_mean": (sum(e.get("goldstein") or 0 for e in now) / len(now)) if now else 0.0,
            "quotes": sum(1 for q in quotes if t in (q.get("tracks") or [])),
        })
    rows.sort(key=lambda r: (-r["events"], r["track"]))
    return rows


def _actor_label(ref: dict[str, Any] | None) -> str:
    if not ref:
        return "—"
    return f"{ref.get('code')} ({ref.get('text') or ref.get('name') or ''})"


def _dyad_index(events: list[dict[str, Any]], label: str) -> tuple[int, float | None]:
    """Counted events of a dyad and its index over the whole list (None without events)."""
    s = compute_series(events, dyad=label, freq="month")
    c = sum(p.cooperation for p in s.points)
    k = sum(p.conflict for p in s.points)
    n = s.total_events
    return n, (((c - k) / (c + k) if c + k else 0.0) if n else None)


def _changes(data: ReportData, max_dyads: int = 6) -> list[dict[str, Any]]:
    """Per dyad (the busiest of this period and of the previous one): counted events and the index
    over each period, the change ``delta`` (this minus previous, None when a period has no event)
    and ``direction`` (``up`` more cooperative, ``down`` more conflictual, ``same`` when it moved
    less than :data:`MOVE_THRESHOLD`, ``new``/``gone`` when one period has no event). Biggest moves
    first, then the dyads with most events."""
    labels = [d for d, _ in data.dyads]
    others = [] if "dyad" in data.scope else top_dyads(data.prev_events, max_dyads) + top_dyads(data.events, max_dyads)
    for d, _ in others:
        if d not in labels:
            labels.append(d)
    out: list[dict[str, Any]] = []
    for label in labels[:max_dyads]:
        n1, i1 = _dyad_index(data.events, label)
        n0, i0 = _dyad_index(data.prev_events, label)
        delta = (i1 - i0) if (i1 is not None and i0 is not None) else None
        if delta is None:
            direction = "new" if i1 is not None else "gone"
        elif abs(delta) < MOVE_THRESHOLD:
            direction = "same"
        else:
            direction = "up" if delta > 0 else "down"
        out.append({"dyad": label, "events": n1, "prev_events": n0, "index": i1, "prev_index": i0,
                    "delta": delta, "direction": direction})
    out.sort(key=lambda c: (-(abs(c["delta"]) if c["delta"] is not None else -1), -(c["events"] + c["prev_events"]),
                            c["dyad"]))
    return out


def _positions(stances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stances grouped by proposal (as the article names it first), proposals in order of first
    appearance; within one, one row per actor and stance (the first evidence kept, the count of
    articles that say so)."""
    groups: dict[str, dict[str, Any]] = {}
    for st in stances:
        key = st.get("proposal_id") or (st.get("proposal") or {}).get("text") or "?"
        g = groups.setdefault(key, {"proposal": (st.get("proposal") or {}).get("text") or "an unnamed proposal",
                                    "date": st.get("date"), "article_id": st.get("article_id"), "rows": {}})
        actor = st.get("actor") or {}
        rk = (actor.get("code"), st.get("stance"), st.get("condition"))
        row = g["rows"].get(rk)
        if row is None:
            g["rows"][rk] = {"actor": actor, "stance": st.get("stance"), "condition": st.get("condition"),
                             "evidence": (st.get("evidence") or {}).get("text") or "", "date": st.get("date"),
                             "articles": {st.get("article_id")}}
        else:
            row["articles"].add(st.get("article_id"))
    out = []
    for g in groups.values():
        rows = list(g["rows"].values())
        for r in rows:
            r["articles"] = len(r["articles"])
        out.append({"proposal": g["proposal"], "date": g["date"], "article_id": g["article_id"], "rows": rows})
    return out


def _notable_quotes(quotes: list[dict[str, Any]], n: int = 8) -> list[dict[str, Any]]:
    ranked = sorted(quotes, key=lambda q: (q.get("speaker") is not None, bool(q.get("direct")),
                                           min(len(q.get("text") or ""), 200), q.get("date") or ""), reverse=True)
    return sorted(ranked[:n], key=lambda q: q.get("date") or "", reverse=True)


def build_report(store: Any, since: str | date | None = None, until: str | date | None = None, *,
                 dyad: str | None = None, actor: str | None = None, track: str | None = None,
                 title: str | None = None, now: datetime | None = None) -> str:
    """The brief as one HTML string (see the module docstring for the scope and the period)."""
    from .web.data import quote_views
    from .web.templating import report_environment

    data = collect(store, since, until, dyad=dyad, actor=actor, track=track)
    in_scope = [e for e in data.events if event_in_scope(e)]
    top = sorted(in_scope, key=lambda e: (-abs(e.get("goldstein") or 0), e.get("date") or ""))[:10]
    articles: dict[str, dict[str, Any]] = {}
    for e in top:
        aid = e.get("article_id")
        if aid and aid not in articles:
            a = store.get_article(aid) or {}
            articles[aid] = {"title": a.get("title"), "url": _safe_url(a.get("url")), "source": a.get("source")}
    for q in _notable_quotes(data.quotes):
        aid = q.get("article_id")
        if aid and aid not in articles:
            a = store.get_article(aid) or {}
            articles[aid] = {"title": a.get("title"), "url": _safe_url(a.get("url")), "source": a.get("source")}
    tracks = _track_rows(data.events, data.prev_events, data.quotes)
    flags: list[dict[str, Any]] = []
    for label, s in data.series.items():
        for p in s.changes():
            flags.append({"series": "all dyads" if label == "all" else label, "period": p.period, "index": p.index,
                          "baseline": p.baseline_mean, "direction": p.direction, "events": p.events})
    flags.sort(key=lambda f: f["period"], reverse=True)
    places = map_places(in_scope)
    env = report_environment()
    return env.get_template("report.html").render(
        places=places,
        map_svg=map_svg(places),
        map_sentences=MAP_SENTENCES,
        title=title or "peacewatch brief",
        data=data,
        generated=(now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        charts={k: _script_json(v) for k, v in chart_data(data, tracks).items()},
        chart_js=chart_scripts(),
        top_events=top,
        quotes=quote_views(store, _notable_quotes(data.quotes)),
        articles=articles,
        tracks=tracks,
        changes=_changes(data),
        positions=_positions(data.stances),
        flags=flags[:12],
        n_in_scope=len(in_scope),
        actor_label=_actor_label,
        quad_names=QUAD_NAMES,
    )


def write_report(store: Any, out: str | Path, since: str | date | None = None, until: str | date | None = None,
                 **kw: Any) -> Path:
    html = build_report(store, since, until, **kw)
    p = Path(out)
    p.write_text(html, encoding="utf-8")
    return p
