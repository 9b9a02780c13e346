"""``peacewatch watch``: poll feeds, pages and folders, ingest what is new, and raise an alert when a
dyad's daily cooperation-conflict index leaves its recent band.

    watcher = Watcher(["https://example.org/feed.xml", "inbox/"], Options(db=Path("pw.db")),
                      rule=AlertRule(), alerts_file=Path("alerts.jsonl"))
    watcher.poll()                      # one pass: read, ingest, evaluate, deliver -> PollResult
    watcher.run(every=900)              # forever, every 15 minutes

A poll reads every source that is due: a URL (an RSS/Atom feed, one entry a story, or a page) is
fetched, with up to ``len(retry_delays)`` quick retries; a folder (or a file) gives its files that are
new or changed since the last poll. What it reads is ingested as by ``peacewatch ingest``: cleaned,
coded, deduplicated (the same story twice, or a republished copy, is stored once), committed in
batches. A feed entry is known by its id across polls, wherever it sits in the feed.

A source that fails is named in one line on stderr and the watch goes on; after ``n`` failed polls
in a row it is next tried ``min(2**(n-1), 16)`` intervals later (the backoff), which the dashboard's
Alerts page shows.

Then the days that the poll's new events fall on are evaluated (:func:`find_alerts`): for each dyad
with events on such a day, the day's index is compared with the band of the trailing
``window_days``: the series' change rule (docs/SERIES.md) on the daily series — mean ± k·max(sd,
0.1) of the index over the days with events among the previous ``window_days`` days, with at least
``min_baseline_days`` such days — and an alert needs at least ``min_events`` events on the day.
The rule is a TOML file (``--rules FILE``, table ``[alert]``; :func:`load_rule`).

An alert is stored in the database (table ``alerts``, with the ids of the events behind it), then
written as one line to stdout, as one JSON object a line to the alerts file, and POSTed as JSON to
the webhook when one is given. Everything the watch remembers is in the database, so a watch that
is killed and started again goes on where it was: stories stored are not stored twice, days not
yet evaluated are evaluated (a watermark on the events table), alerts not yet delivered are
delivered (at least once).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from .config import Options
from .errors import ConfigError, PeacewatchError
from .model import InputFailure, RawDocument, stable_hash

WATERMARK_KEY = "watch_evaluated_rid"
MAX_BACKOFF_INTERVALS = 16


# --- the rule ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertRule:
    """When a dyad's daily index is news (see the module docstring)."""

    window_days: int = 90
    """The trailing band: the days with events among the previous ``window_days`` days."""
    k: float = 2.0
    """The band's half-width in standard deviations (at least 0.1 each)."""
    min_events: int = 3
    """Events of the dyad on the day, at least."""
    min_baseline_days: int = 5
    """Days with events in the trailing window, at least (no band without a history)."""
    dyads: tuple[str, ...] = ()
    """Only these dyads (``KOR-PRK`` either direction, ``USA>PRK`` directed); empty: every dyad
    with events on the day."""
    max_dyads: int = 20
    """With no ``dyads``: at most this many dyads a day, the busiest."""

    def __post_init__(self) -> None:
        from .analysis.dyads import parse_dyad

        if self.window_days < 1 or self.min_events < 1 or self.min_baseline_days < 1 or self.max_dyads < 1:
            raise ConfigError("window_days, min_events, min_baseline_days and max_dyads must be at least 1",
                              hint="e.g. window_days = 90, min_events = 3, min_baseline_days = 5")
        if not (0 < self.k < 100):
            raise ConfigError(f"k = {self.k} is not a band width", hint="give k between 0 and 100, e.g. 2.0")
        object.__setattr__(self, "dyads", tuple(parse_dyad(d).label for d in self.dyads))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["dyads"] = list(self.dyads)
        return d

    @property
    def key(self) -> str:
        """What makes two rules the same (part of an alert's id)."""
        return f"w{self.window_days}:k{self.k:g}:n{self.min_events}:b{self.min_baseline_days}"


def load_rule(path: Path | str) -> AlertRule:
    """The alert rule of a TOML file's ``[alert]`` table (every key optional)::

        [alert]
        window_days = 90          # the trailing band
        k = 2.0                   # half-width in standard deviations
        min_events = 3            # events on the day, at least
        min_baseline_days = 5     # days with events in the window, at least
        dyads = ["KOR-PRK", "USA>PRK"]   # only these (default: every dyad with events on the day)
        max_dyads = 20
    """
    import tomllib

    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no rule file at {p}", hint="give --rules a TOML file with an [alert] table") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read the rule file {p} ({e})", hint="check the path") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p} is not valid TOML ({e})", hint="see 'peacewatch watch --help' for an example") from None
    table = data.get("alert")
    if not isinstance(table, dict):
        raise ConfigError(f"{p} has no [alert] table", hint="put the rule's keys under [alert]")
    known = {f for f in AlertRule.__dataclass_fields__}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{p}: unknown key {unknown[0]!r} in [alert]", hint="use " + ", ".join(sorted(known)))
    kinds: dict[str, type | tuple[type, ...]] = {"window_days": int, "min_events": int, "min_baseline_days": int,
                                                 "max_dyads": int, "k": (int, float)}
    for k, t in kinds.items():
        if k in table and (not isinstance(table[k], t) or isinstance(table[k], bool)):
            raise ConfigError(f"{p}: {k} = {table[k]!r} is not a number", hint=f"give {k} as a number")
    if "dyads" in table and not (isinstance(table["dyads"], list) and all(isinstance(d, str) for d in table["dyads"])):
        raise ConfigError(f"{p}: dyads must be a list of strings", hint='e.g. dyads = ["KOR-PRK", "USA>PRK"]')
    try:
        return AlertRule(**{**table, "dyads": tuple(table.get("dyads", ())), "k": float(table.get("k", 2.0))})
    except PeacewatchError as e:
        raise ConfigError(f"{p}: {e.message}", hint=e.hint) from None


_EVERY_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.I)


def parse_every(text: str) -> float:
    """``"15m"`` -> 900.0 seconds; ``s``, ``m``, ``h`` units, a bare number is seconds."""
    m = _EVERY_RE.match(str(text))
    if not m:
        raise ConfigError(f"--every {text!r} is not a duration", hint="give e.g. 30s, 15m or 1h")
    n = float(m.group(1)) * {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}[(m.group(2) or "s").lower()]
    if n < 1:
        raise ConfigError(f"--every {text!r} is under a second", hint="give e.g. 30s, 15m or 1h")
    return n


# --- alerts --------------------------------------------------------------------------------------


def find_alerts(store: Any, days: Sequence[str], rule: AlertRule, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The alerts of ``days`` (``YYYY-MM-DD``): for each dyad with events on such a day (or each
    of ``rule.dyads``), the day's point of the daily series whose index left its trailing band,
    with at least ``rule.min_events`` events. One daily series is computed per dyad."""
    from .analysis.series import SD_FLOOR, series_from_store

    if not days:
        return []
    days = sorted(set(days))
    on_day = store.dyads_on_days(days)
    wanted: dict[str, set[str]] = {}
    for day in days:
        dyads = list(rule.dyads) if rule.dyads else on_day.get(day, [])[: rule.max_dyads]
        for d in dyads:
            wanted.setdefault(d, set()).add(day)
    raised = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    out: list[dict[str, Any]] = []
    for dyad, its_days in sorted(wanted.items()):
        first, last = date.fromisoformat(min(its_days)), date.fromisoformat(max(its_days))
        since = first - timedelta(days=rule.window_days)
        s = series_from_store(store, dyad=dyad, freq="day", since=since.isoformat(), until=last.isoformat(),
                              window=rule.window_days, k=rule.k, min_baseline=rule.min_baseline_days)
        for i, p in enumerate(s.points):
            if p.start not in its_days or not p.change or p.events < rule.min_events:
                continue
            if p.index is None or p.baseline_mean is None:  # a change has both (analysis.series)
                continue
            base = [q for q in s.points[max(0, i - rule.window_days):i] if q.events > 0]
            half = rule.k * max(p.baseline_sd or 0.0, SD_FLOOR)
            events = list(store.events(dyad=dyad, since=p.start, until=p.start, historical=False, negated=False,
                                       hypothetical=False))
            out.append({
                "alert_id": stable_hash("alert", dyad, p.start, rule.key),
                "raised_at": raised,
                "dyad": dyad,
                "day": p.start,
                "direction": p.direction,
                "value": round(p.index, 6),
                "events": p.events,
                "cooperation_events": p.verbal_cooperation + p.material_cooperation,
                "conflict_events": p.verbal_conflict + p.material_conflict,
                "goldstein_sum": round(p.goldstein_sum, 3),
                "mean": round(p.baseline_mean, 6),
                "sd": round(p.baseline_sd or 0.0, 6),
                "low": round(p.baseline_mean - half, 6),
                "high": round(p.baseline_mean + half, 6),
                "baseline_days": len(base),
                "band_since": base[0].start if base else None,
                "band_until": base[-1].start if base else None,
                "rule": rule.to_dict(),
                "event_ids": [e["event_id"] for e in events],
            })
    return out


def alert_line(a: dict[str, Any]) -> str:
    """One line for stdout."""
    where = "below" if a["direction"] == "down" else "above"
    return (f"ALERT {a['dyad']} {a['day']}: index {a['value']:+.3f} from {a['events']} events is {where} its band "
            f"{a['low']:+.3f} .. {a['high']:+.3f} (mean {a['mean']:+.3f}, sd {a['sd']:.3f}, {a['baseline_days']} days "
            f"with events {a['band_since']}..{a['band_until']}); "
            f"{'more conflictual' if a['direction'] == 'down' else 'more cooperative'}; alert {a['alert_id']}")


# --- polling -------------------------------------------------------------------------------------


@dataclass
class PollResult:
    """What one poll did."""

    sources: int = 0
    polled: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    new: int = 0
    duplicate: int = 0
    unchanged: int = 0
    events: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        parts = [f"{self.polled} of {self.sources} source{'s' if self.sources != 1 else ''} read",
                 f"articles: {self.new} new, {self.duplicate} duplicate, {self.unchanged} already stored",
                 f"events: {self.events}", f"alerts: {len(self.alerts)}"]
        if self.failed:
            parts.append(f"failed: {len(self.failed)}")
        if self.skipped:
            parts.append(f"waiting after failures: {len(self.skipped)}")
        return "; ".join(parts) + f" ({self.seconds:.1f} s)"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(d: datetime) -> str:
    return d.isoformat(timespec="seconds")


def source_kind(source: str) -> str:
    from .ingest._fetch import is_url

    if is_url(source):
        return "url"
    p = Path(os.path.expanduser(source))
    if p.is_dir():
        return "folder"
    if p.is_file():
        return "file"
    return "missing"


class Watcher:
    """Polls its sources into ``options.db``; see the module docstring."""

    def __init__(
        self,
        sources: Sequence[str],
        options: Options,
        *,
        rule: AlertRule | None = None,
        alerts_file: Path | str | None = None,
        webhook: str | None = None,
        every: float = 900.0,
        retry_delays: Sequence[float] = (2.0, 5.0),
        out: Callable[[str], None] | None = None,
        err: Callable[[str], None] | None = None,
        now: Callable[[], datetime] = _now,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.sources = list(dict.fromkeys(sources))
        self.options = options
        self.rule = rule or AlertRule()
        self.alerts_file = Path(alerts_file) if alerts_file else None
        self.webhook = webhook
        self.every = every
        self.retry_delays = tuple(retry_delays)
        self.out = out or (lambda line: print(line, flush=True))
        self.err = err or (lambda line: print(line, file=sys.stderr, flush=True))
        self.now = now
        self.sleep = sleep

    # --- one poll ---

    def poll(self) -> PollResult:
        from .store import Store

        started = time.perf_counter()
        result = PollResult(sources=len(self.sources))
        with Store.open(self.options.db, options=self.options) as store:
            if store.setting(WATERMARK_KEY) is None:  # a new watch alerts on what it reads, not on history
                store.set_setting(WATERMARK_KEY, str(store.event_days_since(0)[1]))
            for source in self.sources:
                self._poll_source(store, source, result)
            self._evaluate(store, result)
            self._deliver(store)
        result.seconds = time.perf_counter() - started
        return result

    def _due(self, state: dict[str, Any] | None) -> bool:
        if not state or not state.get("failures") or not state.get("next_try"):
            return True
        return datetime.fromisoformat(state["next_try"]) <= self.now()

    def _poll_source(self, store: Any, source: str, result: PollResult) -> None:
        kind = source_kind(source)
        state = store.watch_source(source)
        if not self._due(state):
            result.skipped.append(source)
            return
        polled_at = self.now()
        store.set_setting("watch_last_poll", _iso(polled_at))
        try:
            if kind == "url":
                docs: list[RawDocument | InputFailure] = list(self._read_url(source))
            elif kind in ("folder", "file"):
                docs = []  # files are read and ingested one by one (_ingest_files)
            else:
                raise PeacewatchError("no such file, folder or URL", hint="check the path or URL")
        except PeacewatchError as e:
            failures = (state or {}).get("failures", 0) + 1
            wait = self.every * min(2 ** (failures - 1), MAX_BACKOFF_INTERVALS)
            next_try = polled_at + timedelta(seconds=wait)
            store.set_watch_source(source, kind=kind, last_poll=_iso(polled_at), failures=failures,
                                   next_try=_iso(next_try), last_error=e.one_line())
            result.failed.append(source)
            why = e.message + (f" ({e.hint})" if e.hint else "")
            self.err(f"peacewatch: watch: {source} failed: {why}; {failures} poll{'s' if failures != 1 else ''} "
                     f"in a row, next try {_iso(next_try)}; the watch goes on")
            return
        before = (result.new, result.duplicate, result.unchanged)
        if kind == "url":
            self._ingest(store, docs, result)
        else:
            self._ingest_files(store, source, result)
        items = sum((result.new, result.duplicate, result.unchanged)) - sum(before)
        store.set_watch_source(source, kind=kind, last_poll=_iso(polled_at), last_ok=_iso(polled_at), failures=0,
                               next_try=None, last_error=None, items=((state or {}).get("items") or 0) + items)
        result.polled += 1

    def _read_url(self, url: str) -> Iterator[RawDocument | InputFailure]:
        """The documents of a URL (a feed's entries get an origin from their id, stable across
        polls), after up to ``retry_delays`` retries; raises the last FetchError."""
        import contextlib
        import io

        from .ingest._fetch import fetch
        from .ingest._reader import read_one

        last: PeacewatchError | None = None
        for delay in (0.0, *self.retry_delays):
            if delay:
                self.sleep(delay)
            try:
                got = fetch(url, self.options)
                break
            except PeacewatchError as e:
                last = e
        else:
            assert last is not None
            tries = len(self.retry_delays) + 1
            raise PeacewatchError(f"{last.message}, {tries} tries", hint=last.hint, source=url)

        @contextlib.contextmanager
        def opener() -> Iterator[tuple[io.BytesIO, int]]:
            yield io.BytesIO(got.body), len(got.body)

        for doc in read_one(url, opener, self.options, charset=got.charset, url=got.url):
            if isinstance(doc, RawDocument) and doc.kind == "feed" and doc.meta.get("id"):
                doc.origin = f"{url}#id={doc.meta['id']}"
            yield doc

    def _ingest(self, store: Any, docs: Sequence[RawDocument | InputFailure] | Iterator[RawDocument | InputFailure], result: PollResult) -> None:
        from .runner import ingest_documents

        summary = ingest_documents(store, docs, self.options,
                                   on_failure=lambda f: self.err(f"peacewatch: watch: {f.error}"))
        result.new += summary.new
        result.duplicate += summary.duplicate
        result.unchanged += summary.unchanged
        result.events += summary.events

    def _ingest_files(self, store: Any, source: str, result: PollResult) -> None:
        from .ingest._reader import read_one
        from .ingest._sources import database_files, expand, file_opener

        for src in expand(source, database_files(self.options.db)):
            if isinstance(src, InputFailure):
                raise PeacewatchError(src.error.split(": ", 1)[-1], hint="check the folder")
            path = src.path or src.origin
            try:
                st = os.stat(path)
            except OSError:
                continue  # gone since it was listed
            if store.file_unchanged(path, st.st_size, st.st_mtime_ns):
                continue
            self._ingest(store, read_one(src.origin, file_opener(path), self.options, path=path), result)
            store.mark_file(path, st.st_size, st.st_mtime_ns)

    # --- alerts ---

    def _evaluate(self, store: Any, result: PollResult) -> None:
        mark = int(store.setting(WATERMARK_KEY) or 0)
        days, last = store.event_days_since(mark)
        if days:
            post = bool(self.webhook)
            for a in find_alerts(store, days, self.rule, now=self.now()):
                if store.add_alert(a, post=post):
                    result.alerts.append(a)
        if last != mark:
            store.set_setting(WATERMARK_KEY, str(last))

    def _deliver(self, store: Any) -> None:
        for a in store.undelivered_alerts("delivered"):
            self.out(alert_line(a))
            if self.alerts_file is not None:
                with open(self.alerts_file, "a", encoding="utf-8") as f:
                    f.write(json.dumps(a, ensure_ascii=False) + "\n")
                    f.flush()
                    os.fsync(f.fileno())
            store.mark_alert(a["alert_id"], "delivered")
        if self.webhook:
            for a in store.undelivered_alerts("posted"):
                if self._post(a):
                    store.mark_alert(a["alert_id"], "posted")

    def _post(self, alert: dict[str, Any]) -> bool:
        import httpx

        try:
            r = httpx.post(self.webhook, json=alert, timeout=self.options.url_timeout,  # type: ignore[arg-type]
                           headers={"User-Agent": "peacewatch-watch"})
            if 200 <= r.status_code < 300:
                return True
            why = f"HTTP {r.status_code}"
        except httpx.HTTPError as e:
            why = f"{type(e).__name__}: {e}"
        self.err(f"peacewatch: watch: the webhook {self.webhook} refused alert {alert['alert_id']} ({why}); "
                 "it is kept and sent again at the next poll")
        return False

    # --- forever ---

    def run(self, *, once: bool = False) -> PollResult:
        """Poll now, then every ``every`` seconds (``once``: a single poll). Returns the last poll."""
        while True:
            started = time.monotonic()
            result = self.poll()
            self.err(f"peacewatch: watch: {_iso(self.now())}: {result.line()}")
            if once:
                return result
            wait = max(0.0, self.every - (time.monotonic() - started))
            self.sleep(wait)
