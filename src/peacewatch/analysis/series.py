"""Cooperation/conflict series per dyad, actor or track, by day, ISO week or month.

Input: event records (the contract dicts of DESIGN.md, as ``store.events()`` or
``peacewatch events --format jsonl`` give them). Output: a :class:`Series` with one
:class:`SeriesPoint` per period from the first to the last period of the range. A period with no
event is there with its counts at 0 and its index and Goldstein mean **None**: a week of silence is
a gap in the index, never a week of neutral relations.

The formulas (docs/SERIES.md has a worked example):

* an event is **in scope** unless it is incomplete (no identified source: not an event of the
  dataset), historical background (always excluded), negated or hypothetical (excluded unless
  asked for); future events are kept (an announced intent is news);
* cooperation ``C`` = sum of ``|goldstein|`` over QuadClass 1 and 2 events of the period,
  conflict ``K`` = sum of ``|goldstein|`` over QuadClass 3 and 4 events;
* the **cooperation-conflict index** = ``(C - K) / (C + K)``, in [-1, +1]: +1 all cooperation,
  -1 all conflict, 0 balanced or nothing weighted (only 0-Goldstein statements); None for a
  period without events;
* **change detection**: a period with events is flagged when its index lies outside
  ``mean ± k·max(sd, 0.1)`` of the indices of the periods with events among the previous
  ``window`` periods, provided there are at least ``min_baseline`` of them (defaults: window 8,
  k 2, min_baseline 3; sd is the sample standard deviation).

Dyads: ``"KOR-PRK"`` is undirected (either side acting on the other), ``"KOR>PRK"`` directed (KOR
the source, PRK the target); what a side matches, and which events are incomplete or have an
unknown side, is :mod:`peacewatch.analysis.dyads` (the same rule as the store's ``dyad`` filter).
"""

from __future__ import annotations

import calendar
import math
import re
import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Iterator, Sequence

from ..errors import QueryError
from .dyads import (  # noqa: F401 - Dyad, actor_key, actor_keys, parse_dyad are re-exported from here
    Dyad,
    actor_key,
    actor_keys,
    event_dyads,
    incomplete_record,
    involves,
    is_key,
    parse_dyad,
)

FREQS = ("day", "week", "month")
DEFAULT_WINDOW = 8
DEFAULT_K = 2.0
DEFAULT_MIN_BASELINE = 3
SD_FLOOR = 0.1
"""The smallest standard deviation change detection uses, so that a flat history (sd 0) does not
flag every small move."""

COOPERATION = (1, 2)
CONFLICT = (3, 4)

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- dyads and actors (peacewatch.analysis.dyads) ------------------------------------------------


def event_in_scope(ev: dict[str, Any], *, include_negated: bool = False, include_hypothetical: bool = False) -> bool:
    """Whether an event counts in a series: never incomplete (no identified source) or historical;
    negated/hypothetical only on request."""
    if incomplete_record(ev):
        return False
    mod = ev.get("modality") or {}
    if mod.get("historical"):
        return False
    if mod.get("negated") and not include_negated:
        return False
    if mod.get("hypothetical") and not include_hypothetical:
        return False
    return True


# --- periods -------------------------------------------------------------------------------------


def _check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise QueryError(f"freq={freq!r} is not known", hint="use day, week or month")
    return freq


def _parse_bound(value: str | date | None, name: str, *, end: bool) -> date | None:
    """A since/until bound: YYYY, YYYY-MM or YYYY-MM-DD (an until of YYYY-MM is that month's last day)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    from ..store.core import date_bound  # here: the store imports analysis.dyads, and this package with it

    return date_bound(value, name, end=end)


def _event_date(value: Any) -> tuple[date | None, bool]:
    """(date, is_month_only) of an event's date string; (None, False) when it has none usable."""
    if not value:
        return None, False
    m = _DATE_RE.match(str(value)[:10])
    if not m or not m.group(2):
        return None, False
    try:
        if m.group(3):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False
        return date(int(m.group(1)), int(m.group(2)), 1), True
    except ValueError:
        return None, False


def period_start(d: date, freq: str) -> date:
    if freq == "day":
        return d
    if freq == "week":
        return d - timedelta(days=d.weekday())  # ISO weeks start on Monday
    return d.replace(day=1)


def _next_start(start: date, freq: str) -> date:
    if freq == "day":
        return start + timedelta(days=1)
    if freq == "week":
        return start + timedelta(days=7)
    return date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def period_label(start: date, freq: str) -> str:
    if freq == "day":
        return start.isoformat()
    if freq == "week":
        iso = start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return f"{start.year}-{start.month:02d}"


def period_of(value: str | date, freq: str) -> str | None:
    """The period label (``2025-09-24``, ``2025-W39``, ``2025-09``) of a date, or None when the date
    is too coarse for ``freq`` (a ``YYYY-MM`` date has a month but no day or week)."""
    _check_freq(freq)
    if isinstance(value, date):
        return period_label(period_start(value, freq), freq)
    d, month_only = _event_date(value)
    if d is None or (month_only and freq != "month"):
        return None
    return period_label(period_start(d, freq), freq)


def periods_between(first: date, last: date, freq: str) -> list[tuple[str, date, date]]:
    """Every period (label, first day, last day) from the one holding ``first`` to the one holding
    ``last``."""
    _check_freq(freq)
    out = []
    s = period_start(first, freq)
    while s <= last:
        n = _next_start(s, freq)
        out.append((period_label(s, freq), s, n - timedelta(days=1)))
        s = n
    return out


# --- the series ----------------------------------------------------------------------------------


@dataclass
class SeriesPoint:
    period: str
    start: str
    end: str
    events: int = 0
    verbal_cooperation: int = 0  # QuadClass 1
    material_cooperation: int = 0  # QuadClass 2
    verbal_conflict: int = 0  # QuadClass 3
    material_conflict: int = 0  # QuadClass 4
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None  # None for a period without events
    cooperation: float = 0.0  # C: sum of |goldstein| over QuadClass 1-2
    conflict: float = 0.0  # K: sum of |goldstein| over QuadClass 3-4
    index: float | None = None  # (C - K) / (C + K), 0 when C + K = 0; None for a period without events
    mentions: int = 0  # sum of the events' mention counts (publications of their stories)
    change: bool = False
    direction: str | None = None  # "up" (more cooperative) | "down" (more conflictual) when change
    baseline_mean: float | None = None
    baseline_sd: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("goldstein_sum", "goldstein_mean", "cooperation", "conflict", "index", "baseline_mean", "baseline_sd"):
            if d[k] is not None:
                d[k] = round(d[k], 6) + 0.0  # no -0.0
        return d


COLUMNS = tuple(SeriesPoint.__dataclass_fields__)


@dataclass
class Series:
    freq: str
    dyad: str | None = None
    actor: str | None = None
    track: str | None = None
    since: str | None = None
    until: str | None = None
    include_negated: bool = False
    include_hypothetical: bool = False
    window: int = DEFAULT_WINDOW
    k: float = DEFAULT_K
    min_baseline: int = DEFAULT_MIN_BASELINE
    points: list[SeriesPoint] = field(default_factory=list)
    matched: int = 0
    """Events of the dyad/actor/track in the date range, before the modality rules."""
    excluded: dict[str, int] = field(default_factory=dict)
    """Why matched events were left out: historical, negated, hypothetical, undated."""

    @property
    def label(self) -> str:
        parts = [p for p in (self.dyad, self.actor, self.track and f"track {self.track}") if p]
        return " · ".join(parts) or "all events"

    @property
    def total_events(self) -> int:
        return sum(p.events for p in self.points)

    def changes(self) -> list[SeriesPoint]:
        return [p for p in self.points if p.change]

    def to_dict(self) -> dict[str, Any]:
        return {
            "freq": self.freq,
            "dyad": self.dyad,
            "actor": self.actor,
            "track": self.track,
            "since": self.since,
            "until": self.until,
            "include_negated": self.include_negated,
            "include_hypothetical": self.include_hypothetical,
            "change_rule": {"window": self.window, "k": self.k, "min_baseline": self.min_baseline, "sd_floor": SD_FLOOR},
            "matched": self.matched,
            "excluded": dict(self.excluded),
            "events": self.total_events,
            "points": [p.to_dict() for p in self.points],
        }


def _index(c: float, k: float) -> float:
    return (c - k) / (c + k) if (c + k) > 0 else 0.0


def _detect_changes(points: list[SeriesPoint], window: int, k: float, min_baseline: int) -> None:
    for i, p in enumerate(points):
        base = [q.index for q in points[max(0, i - window):i] if q.events > 0 and q.index is not None]
        if len(base) < min_baseline:
            continue
        mean = statistics.fmean(base)
        sd = statistics.stdev(base) if len(base) > 1 else 0.0
        p.baseline_mean, p.baseline_sd = mean, sd
        if p.events == 0 or p.index is None:
            continue
        if abs(p.index - mean) > k * max(sd, SD_FLOOR) + 1e-12:
            p.change = True
            p.direction = "up" if p.index > mean else "down"


def compute_series(
    events: Iterable[dict[str, Any]],
    *,
    dyad: str | Dyad | None = None,
    actor: str | None = None,
    track: str | None = None,
    freq: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    include_negated: bool = False,
    include_hypothetical: bool = False,
    window: int = DEFAULT_WINDOW,
    k: float = DEFAULT_K,
    min_baseline: int = DEFAULT_MIN_BASELINE,
    _rows: Iterable[DayRow] | None = None,
) -> Series:
    """The series of ``events`` for a dyad and/or actor and/or track (all events when none is given).
    (``_rows``: the store's daily sums of the dyad instead of ``events``; ``series_from_store``.)

    The range runs from ``since`` (else the first in-scope event's date) to ``until`` (else the
    last's); every period in it appears, empty ones with zeros.
    """
    _check_freq(freq)
    if window < 1 or min_baseline < 1 or not (k > 0) or math.isinf(k):
        raise QueryError("change detection needs window >= 1, min_baseline >= 1 and k > 0",
                         hint="e.g. window=8, k=2, min_baseline=3")
    dy = parse_dyad(dyad) if isinstance(dyad, str) else dyad
    lo = _parse_bound(since, "since", end=False)
    hi = _parse_bound(until, "until", end=True)
    if lo and hi and lo > hi:
        raise QueryError(f"since {lo} is after until {hi}", hint="give since <= until")
    series = Series(freq=freq, dyad=dy.label if dy else None, actor=actor.upper() if actor else None, track=track,
                    since=lo.isoformat() if lo else None, until=hi.isoformat() if hi else None,
                    include_negated=include_negated, include_hypothetical=include_hypothetical,
                    window=window, k=k, min_baseline=min_baseline)

    def rows() -> Iterator[DayRow]:
        for ev in events:
            if dy is not None and not dy.matches_event(ev):
                continue
            if actor and not involves(ev, actor):
                continue
            if track and track not in (ev.get("tracks") or []):
                continue
            mod = ev.get("modality") or {}
            flags = (INCOMPLETE * incomplete_record(ev) + HISTORICAL * bool(mod.get("historical"))
                     + NEGATED * bool(mod.get("negated")) + HYPOTHETICAL * bool(mod.get("hypothetical")))
            g = float(ev.get("goldstein") or 0.0)
            yield (ev.get("date"), int(ev.get("quad_class") or 0), flags, 1, g, abs(g), int(ev.get("mentions") or 1))

    return _fill(series, rows() if _rows is None else _rows, lo, hi)


HISTORICAL, NEGATED, HYPOTHETICAL, INCOMPLETE = 1, 2, 4, 8
"""Flags of a :data:`DayRow`: the modality (as ``series_days.flags`` in the store) and, for one
event record, whether it is incomplete (the store's daily sums hold no incomplete event)."""

DayRow = tuple[Any, int, int, int, float, float, int]
"""Events of one date, QuadClass and flags: (date, quad_class, flags, events, Goldstein sum,
sum of |Goldstein|, mentions). One event is a row with events = 1."""


def _fill(series: Series, rows: Iterable[DayRow], lo: date | None, hi: date | None) -> Series:
    """The series' points from rows of events (one event each, or a store's daily sums): the date
    range, the dataset and modality rules, the sums per period and change detection."""
    freq, include_negated, include_hypothetical = series.freq, series.include_negated, series.include_hypothetical
    excluded = {"incomplete": 0, "historical": 0, "negated": 0, "hypothetical": 0, "undated": 0}
    kept: list[tuple[date, DayRow]] = []
    for row in rows:
        value, flags, n = row[0], row[2], row[3]
        d, month_only = _event_date(value)
        if d is not None:
            d_last = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]) if month_only else d
            if (lo and d_last < lo) or (hi and d > hi):
                continue
        if flags & INCOMPLETE:  # only reachable without a dyad or actor: all events, a track
            excluded["incomplete"] += n
            continue
        series.matched += n
        if d is None or (month_only and freq != "month"):
            excluded["undated"] += n
            continue
        if flags & HISTORICAL:
            excluded["historical"] += n
            continue
        if flags & NEGATED and not include_negated:
            excluded["negated"] += n
            continue
        if flags & HYPOTHETICAL and not include_hypothetical:
            excluded["hypothetical"] += n
            continue
        kept.append((d, row))
    series.excluded = excluded
    first = lo or (min(d for d, _ in kept) if kept else None)
    last = hi or (max(d for d, _ in kept) if kept else None)
    if first is None or last is None:
        return series
    if first > last:  # only one bound given, and the events lie on the other side
        return series
    periods = periods_between(first, last, freq)
    points = [SeriesPoint(label, s.isoformat(), e.isoformat()) for label, s, e in periods]
    by_label = {p.period: p for p in points}
    for d, (_v, q, _f, n, g, g_abs, mentions) in kept:
        p = by_label.get(period_label(period_start(d, freq), freq))
        if p is None:
            continue
        p.events += n
        p.goldstein_sum += g
        p.mentions += mentions
        if q == 1:
            p.verbal_cooperation += n
        elif q == 2:
            p.material_cooperation += n
        elif q == 3:
            p.verbal_conflict += n
        elif q == 4:
            p.material_conflict += n
        if q in COOPERATION:
            p.cooperation += g_abs
        elif q in CONFLICT:
            p.conflict += g_abs
    for p in points:
        if p.events:
            p.goldstein_mean = p.goldstein_sum / p.events
            p.index = _index(p.cooperation, p.conflict)
    _detect_changes(points, series.window, series.k, series.min_baseline)
    series.points = points
    return series


def series_from_store(
    store: Any,
    *,
    dyad: str | Dyad | None = None,
    actor: str | None = None,
    track: str | None = None,
    freq: str = "month",
    since: str | None = None,
    until: str | None = None,
    **options: Any,
) -> Series:
    """:func:`compute_series` over a :class:`peacewatch.store.Store`: the store narrows the events
    (dyad, actor, track, dates) and the series applies its own rules to what comes back."""
    dy = parse_dyad(dyad) if isinstance(dyad, str) else dyad
    lo = _parse_bound(since, "since", end=False)
    hi = _parse_bound(until, "until", end=True)
    dates: dict[str, str] = {}
    if lo:
        dates["since"] = lo.strftime("%Y-%m")  # month precision keeps YYYY-MM event dates in
    if hi:
        dates["until"] = hi.isoformat()
    if (dy is not None and not actor and not track and is_key(dy.a) and is_key(dy.b) and dy.a != dy.b
            and hasattr(store, "series_days")):
        # a dyad of two keys: the daily sums the store keeps at write time (series_days, filled
        # from the same dyad labels as event_dyads: complete events only), not every record
        label = dy.label if dy.directed else "-".join(sorted((dy.a, dy.b)))
        rows = store.series_days(label, **dates)
        return compute_series((), dyad=dy, freq=freq, since=lo, until=hi, _rows=rows, **options)
    filters: dict[str, Any] = dict(dates)
    if dy is not None:
        filters["dyad"] = dy.label
    if actor:
        filters["actor"] = actor
    if track:
        filters["track"] = track
    return compute_series(store.events(**filters), dyad=dy, actor=actor, track=track, freq=freq,
                          since=lo, until=hi, **options)


def top_dyads(
    events: Iterable[dict[str, Any]], n: int = 3, *, include_negated: bool = False,
    include_hypothetical: bool = False,
) -> list[tuple[str, int]]:
    """The ``n`` undirected dyads (``"KOR-PRK"``, keys in alphabetical order) with most in-scope
    events between two different known actors, most first (ties by name). Events with an unknown
    side are in no dyad."""
    counts: dict[str, int] = {}
    for ev in events:
        if not event_in_scope(ev, include_negated=include_negated, include_hypothetical=include_hypothetical):
            continue
        for d in event_dyads(ev):
            counts[d] = counts.get(d, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def auto_freq(first: date | str | None, last: date | str | None) -> str:
    """A readable frequency for a date range: day up to 45 days, week up to 18 months, else month."""
    a = _parse_bound(first, "since", end=False) if first else None
    b = _parse_bound(last, "until", end=True) if last else None
    if not a or not b:
        return "month"
    days = (b - a).days
    if days <= 45:
        return "day"
    if days <= 550:
        return "week"
    return "month"


def points_table(series: Series, columns: Sequence[str] | None = None) -> list[list[Any]]:
    cols = list(columns or COLUMNS)
    return [[p.to_dict()[c] for c in cols] for p in series.points]
