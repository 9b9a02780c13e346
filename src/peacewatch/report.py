"""The analyst's brief: one self-contained HTML file (``peacewatch report --out brief.html``).

Sections: headline trend (the cooperation-conflict index of the main dyads), event counts by
QuadClass, what changed since the previous period of the same length (which dyad's index moved and
by how much), top events by |Goldstein|, positions on the initiatives (stances with their condition
and evidence), notable quotes (with how the speaker was found), per-track activity.

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
under the line. The page loads nothing from anywhere (its Content-Security-Policy allows no
connection) and opens from a file with no server and no network. All article text goes through
Jinja2 autoescape; the JSON is escaped for a <script> element.
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


# --- tables --------------------------------------------------------------------------------------


def _track_rows(events: list[dict], prev: list[dict], quotes: list[dict]) -> list[dict[str, Any]]:
    names: set[str] = set()
    for e in events + prev:
        names.update(e.get("tracks") or [])
    for q in quotes:
        names.update(q.get("tracks") or [])
    rows = []
    for t in sorted(names):
        now = [e for e in events if t in (e.get("tracks") or []) and event_in_scope(e)]
        before = [e for e in prev if t in (e.get("tracks") or []) and event_in_scope(e)]

        def idx(evs):
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


def _actor_label(ref: dict | None) -> str:
    if not ref:
        return "—"
    return f"{ref.get('code')} ({ref.get('text') or ref.get('name') or ''})"


def _dyad_index(events: list[dict], label: str) -> tuple[int, float | None]:
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
    out = []
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


def _notable_quotes(quotes: list[dict], n: int = 8) -> list[dict]:
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
    flags = []
    for label, s in data.series.items():
        for p in s.changes():
            flags.append({"series": "all dyads" if label == "all" else label, "period": p.period, "index": p.index,
                          "baseline": p.baseline_mean, "direction": p.direction, "events": p.events})
    flags.sort(key=lambda f: f["period"], reverse=True)
    env = report_environment()
    return env.get_template("report.html").render(
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
