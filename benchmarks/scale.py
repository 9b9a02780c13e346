"""A store of N events from real coded records, and what it costs to use it.

    .venv/bin/python benchmarks/scale.py --events 1000000 --json benchmarks/out/scale-1m.json
        [--base-stories 300] [--db benchmarks/out/scale-1m.db] [--clients 20] [--requests 2000]
        [--rss-10x] [--keep]

1. Base: the first ``--base-stories`` KCNA 2011 stories (../shared) are ingested by the real
   pipeline (``peacewatch.runner.ingest``, in a child process whose peak resident memory is
   ``ingest_peak_rss_mb``; with ``--rss-10x`` ten times as many stories are ingested too, to
   check that memory stays flat: ``ingest_peak_rss_mb_10x``). Kept in benchmarks/out/.
2. Build: the base's articles that have events, with their sentences, actor mentions, events,
   quotes and stances, are copied round after round (INSERT ... SELECT, every trigger firing: full
   text, the series sums) until N events, each round with new ids and dates shifted back by a
   fifth of the base's span (SHIFT_DIV), and marked SYNTHETIC: title "[synthetic] ...", source "peacewatch-synthetic",
   meta {"synthetic": true, "replica_of": id, "shift_days": d}. Round 0 is the real records.
   Then the full-text indexes are merged (``Store.optimize_search``, as ``load`` and a large
   ``ingest`` do at their end). ``build_s`` is the wall time of it all, ``db_mb`` the file's size.
3. Measures, on the built file:
   - ``search_p95_ms``: plain-word searches over articles, events and quotes (Store.search with
     plain=True, limit 20, as the dashboard's search), each query of QUERIES 5 times;
   - ``events_page_p95_ms``: the dashboard's /events page at any depth (its keyset pages: every
     page of the seven filter sets of benchmarks/events_load.py, shuffled), from ``--clients``
     concurrent clients against a real ``peacewatch serve`` process on 127.0.0.1 (``--requests``
     measured after 200 unmeasured; events_load.measure);
   - ``series_ms``: one dyad's weekly series (KOR-PRK, Store + series_from_store), median of 5;
   - ``report_s``: the 30-day brief ending on the latest event (write_report), one run.
   ``load_avg`` is the 1-minute load average at the start and end (other jobs share the cores).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import KCNA, ROOT, machine, need  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
QUERIES = ["Korea", "Kim Jong Il", "nuclear", "delegation", "United States", "anniversary", "peace",
           "joint statement", "talks", "army", "Japan", "sanctions", "congratulatory message", "reunification",
           "South Korean puppets", "Lee Myung Bak", "China", "friendship", "visit", "war"]
SYNTHETIC_SOURCE = "peacewatch-synthetic"
SHIFT_DIV = 5
"""Each round's dates move back by a fifth of the base's span (300 KCNA stories: 15 days, so 3
days a round): rounds overlap, and a million events cover 17 years, ~160 a day."""


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


# --- 1. base: real coded records -----------------------------------------------------------------


def ingest_child(corpus: Path, db: Path) -> dict[str, float]:
    """Ingest ``corpus`` into ``db`` in a child process; its wall time and peak RSS."""
    code = ("import json, resource, sys, time\n"
            "from pathlib import Path\n"
            "from peacewatch.config import Options\n"
            "from peacewatch.runner import ingest\n"
            "t = time.perf_counter()\n"
            "s = ingest([sys.argv[1]], Options(db=Path(sys.argv[2]), progress=False))\n"
            "print(json.dumps({'seconds': time.perf_counter() - t, 'new': s.new, 'events': s.events,\n"
            "                  'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n")
    r = subprocess.run([sys.executable, "-c", code, str(corpus), str(db)], capture_output=True, text=True, check=True)
    out: dict[str, float] = json.loads(r.stdout.strip().splitlines()[-1])
    return out


def stories(n: int, tmp: Path) -> Path:
    p = tmp / f"kcna-{n}.jsonl"
    with gzip.open(need(KCNA), "rt", encoding="utf-8") as f:
        p.write_text("".join(itertools.islice(f, n)), encoding="utf-8")
    return p


def base_store(n: int, tmp: Path) -> tuple[Path, dict[str, float]]:
    db = OUT / f"scale-base-{n}.db"
    meta = OUT / f"scale-base-{n}.json"
    if db.exists() and meta.exists():
        return db, json.loads(meta.read_text())
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    got = ingest_child(stories(n, tmp), db)
    meta.write_text(json.dumps(got))
    return db, got


# --- 2. build ------------------------------------------------------------------------------------


def build(base: Path, db: Path, n_events: int) -> dict[str, float]:
    from peacewatch.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    Store.open(db).close()  # a new, migrated file
    t0 = time.perf_counter()
    with Store.open(db) as store:
        c = store.conn
        c.execute("ATTACH DATABASE ? AS base", (f"file:{base}?mode=ro",))
        c.execute("CREATE TEMP TABLE src AS SELECT article_id FROM base.articles a "
                  "WHERE EXISTS (SELECT 1 FROM base.events e WHERE e.article_id = a.article_id)")
        per_round = c.execute("SELECT count(*) FROM base.events WHERE article_id IN (SELECT article_id FROM src)"
                              ).fetchone()[0]
        lo, hi = c.execute("SELECT min(date), max(date) FROM base.events WHERE length(date) = 10").fetchone()
        span = max(1, (int(c.execute("SELECT julianday(?) - julianday(?)", (hi, lo)).fetchone()[0]) + 1) // SHIFT_DIV)
        rounds = -(-n_events // per_round)
        last = n_events - per_round * (rounds - 1)  # events of the last round (a prefix of the base's)
        for r in range(rounds):
            limit = last if r == rounds - 1 else per_round
            with store.transaction():
                _round(c, r, r * span, limit)
        c.execute("DETACH DATABASE base")
        store.optimize_search()  # what load and a large ingest do at their end
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        n = c.execute("SELECT count(*) FROM events").fetchone()[0]
        arts = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"build_s": time.perf_counter() - t0, "events": n, "articles": arts, "rounds": rounds,
            "events_per_round": per_round, "shift_days": span}


def _round(c: sqlite3.Connection, r: int, shift: int, limit: int) -> None:
    """Copy the base's event-bearing articles once (round ``r``, dates ``shift`` days earlier)."""
    sfx = "" if r == 0 else f"~s{r}"
    days = f"-{shift} days"
    # the articles of the first ``limit`` events (the last round may be partial)
    c.execute("DROP TABLE IF EXISTS temp.pick")
    c.execute("CREATE TEMP TABLE pick AS SELECT rid, event_id, article_id FROM base.events "
              "WHERE article_id IN (SELECT article_id FROM src) ORDER BY rid LIMIT ?", (limit,))
    c.execute("DROP TABLE IF EXISTS temp.arts")
    c.execute("CREATE TEMP TABLE arts AS SELECT DISTINCT article_id FROM pick")

    def shifted(col: str) -> str:
        return f"CASE WHEN length({col}) = 10 THEN date({col}, :days) ELSE {col} END"

    synthetic = r > 0
    c.execute(
        "INSERT INTO articles(article_id, origin, kind, raw_text, text, body_start, title, source, source_id, url, "
        "dateline, published, date_basis, date_conflicts, offsets, removed, meta, content_hash, body_hash, copies, "
        "tracks, word_count, ingested_at) "
        "SELECT article_id || :sfx, origin || :sfx, kind, raw_text, text, body_start, "
        "CASE WHEN :syn THEN '[synthetic] ' || ifnull(title, '') ELSE title END, "
        "CASE WHEN :syn THEN :src ELSE source END, source_id, url, dateline, "
        f"{shifted('published')}, date_basis, date_conflicts, offsets, removed, "
        "CASE WHEN :syn THEN json_set(ifnull(meta, '{}'), '$.synthetic', json('true'), '$.replica_of', article_id, "
        "'$.shift_days', :shift) ELSE meta END, content_hash || :sfx, body_hash || :sfx, copies, tracks, word_count, "
        "ingested_at FROM base.articles WHERE article_id IN (SELECT article_id FROM arts) ORDER BY rid",
        {"sfx": sfx, "syn": synthetic, "src": SYNTHETIC_SOURCE, "days": days, "shift": shift})
    c.execute('INSERT INTO sentences(article_id, idx, start, "end", text) SELECT article_id || ?, idx, start, "end", '
              "text FROM base.sentences WHERE article_id IN (SELECT article_id FROM arts)", (sfx,))
    c.execute('INSERT INTO actor_mentions(article_id, sentence_idx, code, country, sector, name, text, start, "end", '
              "resolution, members) SELECT article_id || ?, sentence_idx, code, country, sector, name, text, start, "
              '"end", resolution, members FROM base.actor_mentions WHERE article_id IN (SELECT article_id FROM arts) '
              "ORDER BY id", (sfx,))
    cols = ("sentence_index, cameo, cameo_root, quad_class, goldstein, plover_event, plover_mode, source_code, "
            "source_country, source_sector, target_code, target_country, target_sector, negated, hypothetical, "
            "future, historical, condition, rule, confidence, mentions, tracks, sentence, actors, trigger_text, "
            "location_key, location_name, location_country, location_admin1, location_lat, location_lon, incomplete")
    c.execute(
        f"INSERT INTO events(event_id, article_id, date, record, {cols}) "
        f"SELECT event_id || :sfx, article_id || :sfx, {shifted('date')}, "
        f"json_set(record, '$.event_id', event_id || :sfx, '$.article_id', article_id || :sfx, '$.date', "
        f"{shifted('date')}), {cols} FROM base.events WHERE rid IN (SELECT rid FROM pick) ORDER BY rid",
        {"sfx": sfx, "days": days})
    # what Store.add writes beside each event (migration 0004): its sides, dyads and tracks
    for table, tcols in (("event_sides", "key, role, code"), ("event_dyads", "dyad"), ("event_tracks", "track")):
        sel = ", ".join(f"x.{col}" for col in tcols.split(", "))
        c.execute(f"INSERT INTO {table}({tcols}, rid) SELECT {sel}, n.rid FROM base.{table} x "
                  "JOIN base.events b ON b.rid = x.rid JOIN events n ON n.event_id = b.event_id || ? "
                  "WHERE x.rid IN (SELECT rid FROM pick)", (sfx,))
    qcols = ("speaker_code, speaker_country, speaker_name, verb, direct, text, start, \"end\", sentence_index, "
             "tracks, speaker")
    c.execute(
        f"INSERT INTO quotes(quote_id, article_id, date, record, {qcols}) "
        f"SELECT quote_id || :sfx, article_id || :sfx, {shifted('date')}, "
        f"json_set(record, '$.quote_id', quote_id || :sfx, '$.article_id', article_id || :sfx, '$.date', "
        f"{shifted('date')}), {qcols} FROM base.quotes WHERE article_id IN (SELECT article_id FROM arts) ORDER BY rid",
        {"sfx": sfx, "days": days})
    scols = "sentence_index, actor_code, actor_country, actor_name, stance, proposal, proposal_id, condition, rule"
    c.execute(
        f"INSERT INTO stances(stance_id, article_id, date, event_id, record, {scols}) "
        f"SELECT stance_id || :sfx, article_id || :sfx, {shifted('date')}, event_id || :sfx, "
        f"json_set(record, '$.stance_id', stance_id || :sfx, '$.article_id', article_id || :sfx, '$.date', "
        f"{shifted('date')}), {scols} FROM base.stances WHERE article_id IN (SELECT article_id FROM arts) ORDER BY rid",
        {"sfx": sfx, "days": days})


# --- 3. measures ---------------------------------------------------------------------------------


def measure_search(db: Path) -> dict[str, float]:
    from peacewatch.store import Store

    times: list[float] = []
    with Store.open(db, readonly=True) as s:
        for q in QUERIES:
            s.search(q, plain=True)  # first touch of the pages
            for _ in range(5):
                t = time.perf_counter()
                s.search(q, plain=True, limit=20)
                times.append((time.perf_counter() - t) * 1000)
    return {"search_p50_ms": statistics.median(times), "search_p95_ms": pct(times, 0.95),
            "search_max_ms": max(times)}


def measure_events_page(db: Path, clients: int, requests: int) -> dict[str, float]:
    """The dashboard's /events pages by their keyset cursors, with benchmarks/events_load.py: every
    page of seven filter sets (newest, oldest, most conflictual first, the busiest dyad, the busiest
    actor, a track, plain modality over six months) in a shuffled order, so a page's depth is
    uniform over all the pages there are; ``clients`` threads, 200 unmeasured requests first."""
    from events_load import measure

    t = time.perf_counter()
    m = measure(db, clients=clients, requests=requests, warmup=200)
    if m["errors"]:
        raise SystemExit(f"/events: {m['errors']} requests did not answer 200")
    return {"events_page_p50_ms": m["p50_ms"], "events_page_p95_ms": m["p95_ms"], "events_page_p99_ms": m["p99_ms"],
            "events_page_p95_deepest_tenth_ms": m["p95_deep_ms"], "events_page_requests_per_s": m["requests_per_s"],
            "events_page_server_cpu_ms": m["server_cpu_ms"], "events_page_client_cpu_ms": m["client_cpu_ms"],
            "events_page_pages": m["pages"], "events_page_requests": m["requests"],
            "events_page_s": time.perf_counter() - t}


def measure_series(db: Path) -> dict[str, float]:
    from peacewatch.analysis.series import series_from_store
    from peacewatch.store import Store

    times = []
    with Store.open(db, readonly=True) as s:
        for _ in range(6):
            t = time.perf_counter()
            series = series_from_store(s, dyad="KOR-PRK", freq="week")
            times.append((time.perf_counter() - t) * 1000)
    return {"series_ms": statistics.median(times[1:]), "series_first_ms": times[0],
            "series_points": len(series.points), "series_events": series.matched}


def measure_report(db: Path) -> dict[str, float]:
    from peacewatch.report import write_report
    from peacewatch.store import Store

    with Store.open(db, readonly=True) as s, tempfile.TemporaryDirectory() as tmp:
        last = s.event_date_range()[1]
        t = time.perf_counter()
        write_report(s, Path(tmp) / "brief.html")  # the default period: the 30 days ending on `last`
        return {"report_s": time.perf_counter() - t, "report_until": last}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--base-stories", type=int, default=300)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--rss-10x", action="store_true")
    ap.add_argument("--keep", action="store_true", help="reuse --db when it already holds N events")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = args.db or OUT / f"scale-{args.events}.db"
    result: dict[str, object] = {"machine": machine(), "load_avg_start": os.getloadavg()[0],
                                 "base_stories": args.base_stories, "synthetic_source": SYNTHETIC_SOURCE}
    with tempfile.TemporaryDirectory() as tmp:
        base, ingested = base_store(args.base_stories, Path(tmp))
        result["ingest_peak_rss_mb"] = ingested["peak_rss_mb"]
        result["ingest_1x"] = ingested
        if args.rss_10x:
            ten = ingest_child(stories(10 * args.base_stories, Path(tmp)), Path(tmp) / "ten.db")
            result["ingest_10x"] = ten
            result["ingest_peak_rss_mb_10x"] = ten["peak_rss_mb"]
    reuse = False
    if args.keep and db.exists():
        with sqlite3.connect(db) as c:
            reuse = c.execute("SELECT count(*) FROM events").fetchone()[0] == args.events
    if not reuse:
        result.update(build(base, db, args.events))
        print(f"built {db}: {result['events']} events, {result['articles']} articles in {result['build_s']:.0f} s",
              flush=True)
    else:
        with sqlite3.connect(db) as c:
            result["events"] = c.execute("SELECT count(*) FROM events").fetchone()[0]
            result["articles"] = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    result["db_mb"] = db.stat().st_size / 2**20
    for step in (measure_search, measure_series, measure_report):
        result.update(step(db))
        print(json.dumps({k: v for k, v in result.items() if not isinstance(v, dict)}), flush=True)
    result.update(measure_events_page(db, args.clients, args.requests))
    result["load_avg_end"] = os.getloadavg()[0]
    result["peak_rss_mb_this_process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, default=str))
    print(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
