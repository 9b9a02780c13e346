"""The analyst's brief: one self-contained HTML file (``peacewatch report --out brief.html``).

Sections: headline trend (the cooperation-conflict index of the main dyads), event counts by
QuadClass, what changed since the previous period of the same length (which dyad's index moved and
by how much), where (a map of the located events, each circle a link to its place's sentences),
top events by |Goldstein|, positions on the initiatives (stances with their condition and
evidence), notable quotes, per-track activity.

The period: ``since``/``until`` when given. With neither, the last :data:`DEFAULT_DAYS` days of
data (ending on the date of the latest dated event), so the brief always covers the newest news and
the previous period (the same number of days just before) is a like-for-like comparison. With only
``since``, it runs to the latest event; with only ``until``, it is the :data:`DEFAULT_DAYS` days
ending then. Charts are PNG images drawn with matplotlib (Agg) and
embedded as ``data:`` URIs, the map is inline SVG drawn from the package's outlines; the page loads nothing from anywhere (no script, no external URL) and
opens from a file with no server and no network. All article text goes through Jinja2 autoescape.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Sequence

from . import __version__
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
LINE_COLORS = ["#1f618d", "#c0392b", "#229954", "#7d3c98", "#b9770e"]
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
            max_dyads: int = 3) -> ReportData:
    """Everything the brief shows, read from the store."""
    lo, hi = default_period(store, since, until)
    length = (hi - lo).days + 1
    prev_hi = lo - timedelta(days=1)
    prev_lo = prev_hi - timedelta(days=length - 1)
    events = list(store.events(since=lo.isoformat(), until=hi.isoformat()))
    prev = list(store.events(since=prev_lo.isoformat(), until=prev_hi.isoformat()))
    quotes = list(store.quotes(since=lo.isoformat(), until=hi.isoformat()))
    prev_quotes = list(store.quotes(since=prev_lo.isoformat(), until=prev_hi.isoformat()))
    freq = auto_freq(lo, hi)
    data = ReportData(lo, hi, prev_lo, prev_hi, freq, store.summary(), events, prev, quotes, prev_quotes,
                      top_dyads(events, max_dyads))
    data.default_period = not since and not until
    data.stances = list(store.stances(since=lo.isoformat(), until=hi.isoformat()))
    for label, _n in data.dyads:
        data.series[label] = compute_series(events, dyad=label, freq=freq, since=lo, until=hi)
    data.series["all"] = compute_series(events, freq=freq, since=lo, until=hi)
    return data


# --- charts --------------------------------------------------------------------------------------


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _ticks(ax: Any, labels: Sequence[str]) -> None:
    n = len(labels)
    step = max(1, n // 12)
    ax.set_xticks(range(0, n, step))
    ax.set_xticklabels([labels[i] for i in range(0, n, step)], rotation=45, ha="right", fontsize=8)


def trend_chart(series: dict[str, Series]) -> str | None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    named = [(k, s) for k, s in series.items() if k != "all" and s.points]
    if not named:
        return None
    fig, ax = plt.subplots(figsize=(9, 3.6))
    labels = [p.period for p in named[0][1].points]
    for i, (name, s) in enumerate(named):
        xs = [j for j, p in enumerate(s.points) if p.events]
        ys = [p.index for p in s.points if p.events]
        color = LINE_COLORS[i % len(LINE_COLORS)]
        ax.plot(xs, ys, marker="o", ms=4, lw=1.6, color=color, label=f"{name} ({s.total_events} events)")
        ch = [(j, p.index) for j, p in enumerate(s.points) if p.change]
        if ch:
            ax.scatter([c[0] for c in ch], [c[1] for c in ch], s=90, facecolors="none", edgecolors=color, lw=1.5)
    ax.axhline(0, color="#888", lw=0.8)
    ax.set_ylim(-1.1, 1.1)
    ax.set_ylabel("cooperation - conflict index")
    _ticks(ax, labels)
    ax.legend(fontsize=8, loc="upper left", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title("Cooperation-conflict index (periods with events; circles = flagged change)", fontsize=10)
    return _png(fig)


def quad_chart(s: Series) -> str | None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    if not s.points:
        return None
    fig, ax = plt.subplots(figsize=(9, 3.0))
    bottom = [0] * len(s.points)
    for q, attr in ((1, "verbal_cooperation"), (2, "material_cooperation"), (3, "verbal_conflict"),
                    (4, "material_conflict")):
        vals = [getattr(p, attr) for p in s.points]
        ax.bar(range(len(vals)), vals, bottom=bottom, color=QUAD_COLORS[q], label=QUAD_NAMES[q], width=0.85)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    _ticks(ax, [p.period for p in s.points])
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # event counts: whole numbers on the axis
    ax.set_ylabel("events")
    ax.legend(fontsize=8, ncol=4, loc="upper left", frameon=False)
    ax.set_title("Events by QuadClass (all dyads)", fontsize=10)
    return _png(fig)


def track_chart(rows: list[dict[str, Any]]) -> str | None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    rows = [r for r in rows if r["events"]]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.0))
    names = [r["track"] for r in rows]
    ax.barh(names, [r["cooperation_events"] for r in rows], color="#1f618d", label="cooperation")
    ax.barh(names, [-r["conflict_events"] for r in rows], color="#c0392b", label="conflict")
    ax.axvline(0, color="#444", lw=0.8)
    ax.set_xlabel("events (conflict to the left, cooperation to the right)")
    ax.legend(fontsize=8, frameon=False)
    ax.invert_yaxis()
    ax.set_title("Activity per track", fontsize=10)
    return _png(fig)


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
    for d, _ in top_dyads(data.prev_events, max_dyads) + top_dyads(data.events, max_dyads):
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
                 title: str | None = None, now: datetime | None = None) -> str:
    """The brief as one HTML string."""
    from .web.templating import report_environment

    data = collect(store, since, until)
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
        trend_png=trend_chart(data.series),
        quad_png=quad_chart(data.series["all"]),
        track_png=track_chart(tracks),
        top_events=top,
        quotes=_notable_quotes(data.quotes),
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
