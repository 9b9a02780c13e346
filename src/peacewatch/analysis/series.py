"""Cooperation/conflict series per dyad, actor or track, by day, ISO week or month.

Input: event records (the contract dicts of DESIGN.md, as ``store.events()`` or
``peacewatch events --format jsonl`` give them). Output: a :class:`Series` with one
:class:`SeriesPoint` per period from the first to the last period of the range, empty periods
included (all zeros), so a chart or a spreadsheet never has gaps.

The formulas (docs/SERIES.md has a worked example):

* an event is **in scope** unless it is historical background (always excluded), negated or
  hypothetical (excluded unless asked for); future events are kept (an announced intent is news);
* cooperation ``C`` = sum of ``|goldstein|`` over QuadClass 1 and 2 events of the period,
  conflict ``K`` = sum of ``|goldstein|`` over QuadClass 3 and 4 events;
* the **cooperation-conflict index** = ``(C - K) / (C + K)``, in [-1, +1]: +1 all cooperation,
  -1 all conflict, 0 balanced or nothing weighted (an empty period, or only 0-Goldstein
  statements);
* **change detection**: a period with events is flagged when its index lies outside
  ``mean ± k·max(sd, 0.1)`` of the indices of the periods with events among the previous
  ``window`` periods, provided there are at least ``min_baseline`` of them (defaults: window 8,
  k 2, min_baseline 3; sd is the sample standard deviation).

Dyads: ``"KOR-PRK"`` is undirected (either side acting on the other), ``"KOR>PRK"`` directed (KOR
the source, PRK the target). A side matches an actor by its country part: the record's
``country`` (``KORGOV`` -> ``KOR``), except that codes starting with ``IGO`` use their first six
characters (``IGOUNOIAE`` -> ``IGOUNO``: the IAEA counts with the United Nations). A compound
actor ("the two Koreas") matches through each of its members.
"""

from __future__ import annotations

import calendar
import math
import re
import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from ..store.core import date_bound
from ..errors import QueryError

FREQS = ("day", "week", "month")
DEFAULT_WINDOW = 8
DEFAULT_K = 2.0
DEFAULT_MIN_BASELINE = 3
SD_FLOOR = 0.1
"""The smallest standard deviation change detection uses, so that a flat history (sd 0) does not
flag every small move."""

COOPERATION = (1, 2)
CONFLICT = (3, 4)

_DYAD_RE = re.compile(r"^\s*([A-Za-z0-9]{2,})\s*([->])\s*([A-Za-z0-9]{2,})\s*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- dyads and actors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dyad:
    """Two actor keys; ``directed`` means ``a`` acts on ``b`` only."""

    a: str
    b: str
    directed: bool = False

    @property
    def label(self) -> str:
        return f"{self.a}{'>' if self.directed else '-'}{self.b}"

    def matches(self, sources: set[str], targets: set[str]) -> bool:
        if self.a in sources and self.b in targets:
            return True
        return not self.directed and self.b in sources and self.a in targets


def parse_dyad(text: str) -> Dyad:
    """``"KOR-PRK"`` (undirected) or ``"KOR>PRK"`` (directed) -> :class:`Dyad`."""
    m = _DYAD_RE.match(str(text or ""))
    if not m:
        raise QueryError(f"{text!r} is not a dyad",
                         hint="give two actor codes joined by - (either direction) or > (directed), e.g. KOR-PRK")
    a, arrow, b = m.groups()
    return Dyad(a.upper(), b.upper(), arrow == ">")


def actor_key(ref: dict[str, Any] | None) -> str | None:
    """The country part of an actor record: ``IGO`` codes give their first six characters
    (``IGOUNOWFP`` -> ``IGOUNO``); other codes their ``country`` (else the first three characters)."""
    if not ref:
        return None
    code = str(ref.get("code") or "").upper()
    if code.startswith("IGO"):
        return code[:6] if len(code) >= 6 else code
    country = ref.get("country")
    if country:
        return str(country).upper()
    return code[:3] or None


def actor_keys(ref: dict[str, Any] | None) -> set[str]:
    """The keys an actor record stands for: its own, or each member's for a compound actor."""
    if not ref:
        return set()
    members = ref.get("members") or []
    if members:
        keys = {actor_key(m) for m in members}
        keys.discard(None)
        return keys  # type: ignore[return-value]
    k = actor_key(ref)
    return {k} if k else set()


def _involves(ev: dict[str, Any], actor: str) -> bool:
    actor = actor.upper()
    for role in ("source", "target"):
        ref = ev.get(role)
        if not ref:
            continue
        if str(ref.get("code") or "").upper().startswith(actor) or actor in actor_keys(ref):
            return True
    return False


def event_in_scope(ev: dict[str, Any], *, include_negated: bool = False, include_hypothetical: bool = False) -> bool:
    """Whether an event counts in a series: never historical; negated/hypothetical only on request."""
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
    goldstein_mean: float = 0.0  # 0 for an empty period
    cooperation: float = 0.0  # C: sum of |goldstein| over QuadClass 1-2
    conflict: float = 0.0  # K: sum of |goldstein| over QuadClass 3-4
    index: float = 0.0  # (C - K) / (C + K), 0 when C + K = 0
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
        base = [q.index for q in points[max(0, i - window):i] if q.events > 0]
        if len(base) < min_baseline:
            continue
        mean = statistics.fmean(base)
        sd = statistics.stdev(base) if len(base) > 1 else 0.0
        p.baseline_mean, p.baseline_sd = mean, sd
        if p.events == 0:
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
) -> Series:
    """The series of ``events`` for a dyad and/or actor and/or track (all events when none is given).

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
    excluded = {"historical": 0, "negated": 0, "hypothetical": 0, "undated": 0}
    kept: list[tuple[date, dict[str, Any]]] = []
    for ev in events:
        if dy is not None and not dy.matches(actor_keys(ev.get("source")), actor_keys(ev.get("target"))):
            continue
        if actor and not _involves(ev, actor):
            continue
        if track and track not in (ev.get("tracks") or []):
            continue
        d, month_only = _event_date(ev.get("date"))
        if d is not None:
            d_last = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]) if month_only else d
            if (lo and d_last < lo) or (hi and d > hi):
                continue
        series.matched += 1
        if d is None or (month_only and freq != "month"):
            excluded["undated"] += 1
            continue
        mod = ev.get("modality") or {}
        if mod.get("historical"):
            excluded["historical"] += 1
            continue
        if mod.get("negated") and not include_negated:
            excluded["negated"] += 1
            continue
        if mod.get("hypothetical") and not include_hypothetical:
            excluded["hypothetical"] += 1
            continue
        kept.append((d, ev))
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
    for d, ev in kept:
        p = by_label.get(period_label(period_start(d, freq), freq))
        if p is None:
            continue
        g = float(ev.get("goldstein") or 0.0)
        q = int(ev.get("quad_class") or 0)
        p.events += 1
        p.goldstein_sum += g
        p.mentions += int(ev.get("mentions") or 1)
        if q == 1:
            p.verbal_cooperation += 1
        elif q == 2:
            p.material_cooperation += 1
        elif q == 3:
            p.verbal_conflict += 1
        elif q == 4:
            p.material_conflict += 1
        if q in COOPERATION:
            p.cooperation += abs(g)
        elif q in CONFLICT:
            p.conflict += abs(g)
    for p in points:
        if p.events:
            p.goldstein_mean = p.goldstein_sum / p.events
        p.index = _index(p.cooperation, p.conflict)
    _detect_changes(points, window, k, min_baseline)
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
    filters: dict[str, Any] = {}
    if dy is not None:
        filters["dyad"] = dy.label
    if actor:
        filters["actor"] = actor
    if track:
        filters["track"] = track
    if lo:
        filters["since"] = lo.strftime("%Y-%m")  # month precision keeps YYYY-MM event dates in
    if hi:
        filters["until"] = hi.isoformat()
    return compute_series(store.events(**filters), dyad=dy, actor=actor, track=track, freq=freq,
                          since=lo, until=hi, **options)


def top_dyads(
    events: Iterable[dict[str, Any]], n: int = 3, *, include_negated: bool = False,
    include_hypothetical: bool = False,
) -> list[tuple[str, int]]:
    """The ``n`` undirected dyads (``"KOR-PRK"``, keys in alphabetical order) with most in-scope
    events between two different actors, most first (ties by name)."""
    counts: dict[str, int] = {}
    for ev in events:
        if not event_in_scope(ev, include_negated=include_negated, include_hypothetical=include_hypothetical):
            continue
        for s in actor_keys(ev.get("source")):
            for t in actor_keys(ev.get("target")):
                if s == t:
                    continue
                a, b = sorted((s, t))
                counts[f"{a}-{b}"] = counts.get(f"{a}-{b}", 0) + 1
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
