"""The views on a database built by the real pipeline from real news (a sample of KCNA 2011 spread
over the whole year, tests/conftest.py ``kcna_db``): every page answers, the brief is written for
everything and for a dyad, one meaning of a dyad everywhere, unknown actors never break a view,
keyset pages, the dataset rule in every export. Real HTTP (uvicorn on 127.0.0.1), real CLI
processes."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from peacewatch.analysis.dyads import dyad_labels, incomplete_record, sides_rows
from peacewatch.analysis.series import series_from_store
from peacewatch.export import read_gdelt
from peacewatch.store import SCHEMA_VERSION, Store
from test_web_server import running_server

PW = [sys.executable, "-m", "peacewatch"]


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*PW, *args], capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def store(kcna_db):
    with Store.open(kcna_db, readonly=True) as s:
        yield s


@pytest.fixture(scope="module")
def base(kcna_db):
    with running_server(kcna_db) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def top_dyad(store) -> str:
    return store.dyad_counts(limit=1)[0][0]


# --- the dataset rule -----------------------------------------------------------------------------


def test_the_stored_flags_follow_the_dataset_rule(store):
    """The store's columns (filled through SQL functions that call analysis.dyads) agree with the
    Python rule on every stored event, and the corpus does have incomplete events and unknown sides."""
    rows = store.conn.execute("SELECT rid, record, incomplete FROM events").fetchall()
    sides = {}
    for rid, role, key, code in store.conn.execute("SELECT rid, role, key, code FROM event_sides"):
        sides.setdefault(rid, set()).add((role, key, code))
    dyads = {}
    for rid, d in store.conn.execute("SELECT rid, dyad FROM event_dyads"):
        dyads.setdefault(rid, set()).add(d)
    n_incomplete = 0
    for rid, rec, inc in rows:
        ev = json.loads(rec)
        assert inc == incomplete_record(ev), ev["event_id"]
        assert sides.get(rid, set()) == set(sides_rows(ev))
        assert dyads.get(rid, set()) == set(dyad_labels(ev))
        assert all(not k.startswith("---") for _, k, _ in sides.get(rid, set()))
        n_incomplete += inc
    assert 0 < n_incomplete < len(rows)
    counts = store.dataset_counts()
    assert counts["incomplete"] == n_incomplete and counts["unknown_side"] > 0


def test_the_rule_is_the_coders_rule_on_freshly_coded_stories(kcna_db):
    """incomplete_record on the record dict says what events.record.incomplete says on the Event."""
    from peacewatch.config import Options
    from peacewatch.events.record import incomplete
    from peacewatch.runner import code

    with Store.open(kcna_db, readonly=True) as s:
        texts = [a["text"] for a in s.articles(limit=40)]
    sample = kcna_db.parent / "recode.jsonl"
    sample.write_text("".join(json.dumps({"id": f"r{i}", "text": t, "published": "2011-06-01"}) + "\n"
                              for i, t in enumerate(texts)), encoding="utf-8")
    seen = 0
    for coded in code([str(sample)], Options(progress=False)):
        for ev in coded.events:
            assert incomplete(ev) == incomplete_record(ev.to_dict())
            seen += 1
    assert seen > 50


def test_a_version_2_database_is_migrated_with_the_same_flags(kcna_db, tmp_path):
    """Migrations 0003 (locations) and 0004 (the dataset) on a database made before them
    (schema 2): the same locations, flags and sides as a store built with them."""
    from importlib import resources

    old = tmp_path / "v2.db"
    con = sqlite3.connect(old)
    for name in ("0001_initial.sql", "0002_stances.sql"):
        sql = resources.files("peacewatch.store").joinpath("migrations", name).read_text(encoding="utf-8")
        con.executescript(f"BEGIN;\n{sql}\n;COMMIT;")
    con.execute("PRAGMA user_version = 2")
    con.execute("ATTACH DATABASE ? AS src", (f"file:{kcna_db}?mode=ro",))
    cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
    con.execute("INSERT INTO articles SELECT * FROM src.articles")
    con.execute(f"INSERT INTO events({', '.join(cols)}) SELECT {', '.join(cols)} FROM src.events")
    con.commit()
    con.close()
    with Store.open(old) as s, Store.open(kcna_db, readonly=True) as ref:
        assert s.schema_version == ref.schema_version == SCHEMA_VERSION >= 4
        by_event = "(SELECT event_id FROM events e WHERE e.rid = x.rid)"
        for q in ("SELECT event_id, incomplete FROM events ORDER BY 1",
                  "SELECT event_id, location_key, location_country, location_lat, location_lon FROM events ORDER BY 1",
                  f"SELECT {by_event}, role, key, code FROM event_sides x ORDER BY 1, 2, 3, 4",
                  f"SELECT {by_event}, dyad FROM event_dyads x ORDER BY 1, 2",
                  f"SELECT {by_event}, track FROM event_tracks x ORDER BY 1, 2"):
            assert s.conn.execute(q).fetchall() == ref.conn.execute(q).fetchall(), q
        assert s.dataset_counts() == ref.dataset_counts()


# --- dyads: one meaning everywhere, unknown actors never break a view ---------------------------


def test_one_meaning_of_dyad_in_events_series_api_and_cli(store, client, kcna_db, top_dyad):
    a, b = top_dyad.split("-")
    both = store.count_events(dyad=f"{a}-{b}")
    assert both == store.count_events(dyad=f"{b}-{a}") > 0
    assert store.count_events(dyad=f"{a}>{b}") + store.count_events(dyad=f"{b}>{a}") >= both
    assert client.get("/api/events", params={"dyad": f"{b}-{a}", "limit": 1}).json()["total"] == both
    out = run("events", "--db", str(kcna_db), "--dyad", f"{b}-{a}")
    assert out.returncode == 0 and len(out.stdout.splitlines()) == both
    # the series counts the same events, less the ones its rules leave out
    s = series_from_store(store, dyad=f"{a}-{b}", freq="month")
    plain = store.count_events(dyad=f"{a}-{b}", historical=False, negated=False, hypothetical=False)
    assert s.total_events + s.excluded["undated"] == plain
    api = client.get("/api/series", params={"dyad": f"{b}-{a}", "freq": "month"}).json()["series"][0]
    assert api["events"] == s.total_events
    # a code prefix as a side narrows the country: KORGOV-PRK within KOR-PRK
    sub = store.count_events(dyad=f"{a}GOV-{b}")
    assert 0 <= sub <= both


def test_unknown_actors_are_shown_as_unknown_never_linked(client):
    page = client.get("/events", params={"dataset": "unknown-side", "size": 500}).text
    assert '<span class="actor unknown"' in page and 'href="/actors/---' not in page
    assert 'href="/actors/---' not in client.get("/quotes").text


def test_busiest_dyads_are_known_actors_and_never_break_the_overview(store, client):
    for d, n in store.dyad_counts(limit=50):
        assert "---" not in d and re.fullmatch(r"[A-Z0-9]{3,6}-[A-Z0-9]{3,6}", d) and n > 0
    r = client.get("/")
    assert r.status_code == 200
    m = re.search(r'id="left-out">(.*?)</span></p>', r.text, flags=re.S)
    assert m and "incomplete event" in m.group(1) and "with an unknown side" in m.group(1)


# --- every page answers --------------------------------------------------------------------------


def test_every_dashboard_page_answers_200(client, store, top_dyad):
    ev = next(iter(store.events(order="-goldstein", limit=1)))
    art = next(iter(store.articles(limit=1)))
    actor = store.actor_counts(limit=1)[0]["code"]
    urls = ["/", "/?freq=week", "/?freq=day&since=2011-12-01", f"/?dyads={top_dyad}&track=", "/events",
            "/events?dataset=incomplete", "/events?dataset=unknown-side", f"/events?dyad={top_dyad}&order=date",
            "/events?order=goldstein", f"/events/{ev['event_id']}", "/articles", f"/articles/{art['article_id']}",
            "/actors", f"/actors/{actor}", f"/actors/{actor[:3]}", "/actors/IGOUNO", "/quotes", "/quotes?speaker=PRK",
            "/stances", "/alerts", "/search?q=nuclear", "/search?q=Kim+Jong+Il&kind=quotes", "/docs",
            "/api/summary", "/api/series", f"/api/series?dyad={top_dyad}&freq=day", "/api/overview?freq=week",
            "/api/events", "/api/quotes", "/api/stances", "/api/articles", f"/api/actors/{actor}", "/api/actors",
            "/api/alerts", "/api/search?q=army"]
    for u in urls:
        r = client.get(u)
        assert r.status_code == 200, (u, r.text[:300])


def test_actors_page_shows_canonical_names_mentions_and_roles(client):
    r = client.get("/actors")
    rows = dict(re.findall(r'<a href="/actors/(\w+)">\1</a></td><td>([^<]*)', r.text))
    assert rows["PRKGOV"] == "North Korea: government" and rows["PRK"] == "North Korea"
    assert rows.get("KORGOV", "South Korea: government") == "South Korea: government"
    page = client.get("/actors/PRKGOV").text
    assert '<span class="canonical">North Korea: government</span>' in page
    mentions = re.search(r'id="mention-texts">(.*?)</section>', page, flags=re.S).group(1)
    assert "Kim Jong Il" in mentions
    roles = re.search(r'id="dictionary-roles">(.*?)</table>', page, flags=re.S).group(1)
    assert "Kim Jong Il" in roles and "2011-12-17" in roles
    api = client.get("/api/actors/PRKGOV", params={"limit": 1}).json()
    assert api["name"] == "North Korea: government" and api["mention_texts"][0]["mentions"] > 1
    assert any(r["name"] == "Kim Jong Il" and r["end"] == "2011-12-17" for r in api["roles"])


# --- keyset pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["-date", "date", "goldstein", "-goldstein"])
def test_keyset_pages_walk_the_whole_list_both_ways(store, order):
    everything = [e["event_id"] for e in store.events(order=order)]
    pages, cursor = [], None
    while True:
        got = store.events_page(order=order, limit=97, after=cursor)
        pages.append(got)
        cursor = got["next"]
        if not cursor:
            break
    assert [e["event_id"] for p in pages for e in p["events"]] == everything
    back = store.events_page(order=order, limit=97, before=pages[-1]["prev"]) if len(pages) > 1 else pages[0]
    assert [e["event_id"] for e in back["events"]] == [e["event_id"] for e in pages[-2 if len(pages) > 1 else 0]["events"]]


def test_the_events_page_follows_its_links_to_the_end_and_back(client, store):
    total = store.count_events()
    seen: list[str] = []
    url = "/events?size=60"
    pages = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        seen += re.findall(r'href="/events/([0-9a-f]+)"', r.text)
        nxt = re.search(r'<a rel="next" href="([^"]+)"', r.text)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
        pages += 1
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 60) > 2
    prev = re.search(r'<a rel="prev" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
    assert client.get(prev).status_code == 200
    api = client.get("/api/events", params={"limit": 3}).json()
    nxt = client.get("/api/events", params={"limit": 3, "after": api["next"]}).json()
    assert [e["event_id"] for e in nxt["events"]] == seen[3:6]
    assert client.get("/api/events", params={"after": "not-a-cursor"}).status_code == 400


def test_quotes_and_search_pages_by_keyset(store, client):
    first = store.quotes_page(limit=20)
    second = store.quotes_page(limit=20, after=first["next"])
    ids = [q["quote_id"] for q in first["quotes"] + second["quotes"]]
    assert len(set(ids)) == 40
    assert [q["quote_id"] for q in store.quotes_page(limit=20, before=second["prev"])["quotes"]] == ids[:20]
    api = client.get("/api/search", params={"q": "Korea", "limit": 10}).json()
    more = client.get("/api/search", params={"q": "Korea", "limit": 10, "after": api["next"]}).json()
    both = [h["id"] for h in api["hits"] + more["hits"]]
    assert len(set(both)) == 20
    assert both == [h["id"] for h in client.get("/api/search", params={"q": "Korea", "limit": 20}).json()["hits"]]


# --- exports and the brief -----------------------------------------------------------------------


def test_exports_hold_only_the_dataset(kcna_db, store):
    out = run("events", "--db", str(kcna_db), "--format", "gdelt")
    assert out.returncode == 0
    rows = read_gdelt(out.stdout)
    assert len(rows) == store.count_events() and all(r[5] for r in rows)  # Actor1Code never empty
    assert not any(r[5].startswith("---") for r in rows)
    inc = run("events", "--db", str(kcna_db), "--incomplete")
    recs = [json.loads(line) for line in inc.stdout.splitlines()]
    assert len(recs) == store.count_events(incomplete=True) and all(incomplete_record(r) for r in recs)


@pytest.mark.parametrize("scope", [[], ["--dyad", "PRK-USA"], ["--dyad", "KOR>PRK"], ["--actor", "IGOUNO"],
                                   ["--track", "denuclearization"]])
def test_report_for_everything_and_for_a_scope(kcna_db, tmp_path, scope):
    out = tmp_path / "brief.html"
    r = run("report", "--db", str(kcna_db), "--out", str(out), *scope)
    assert r.returncode == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    page = html[:html.index('<script type="application/json"')]
    assert "Headline trend" in page and "Per-track activity" in page
    if scope:
        assert f'<strong id="scope">{scope[0][2:]} {scope[1]}' in page.replace("&gt;", ">")
    trend = json.loads(re.search(r'<script type="application/json" id="chart-trend">(.*?)</script>', html,
                                 flags=re.S).group(1))
    for s in trend["series"]:
        assert "---" not in s["label"]
        assert all((p["index"] is None) == (p["events"] == 0) for p in s["points"])


def test_report_covers_the_year_with_since_and_until(kcna_db, tmp_path):
    out = tmp_path / "year.html"
    r = run("report", "--db", str(kcna_db), "--since", "2011-01-01", "--until", "2011-12-31", "--out", str(out),
            "--dyad", "KOR-PRK")
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "(weekly series)" in page and "compared with 2010-01-01 to 2010-12-31" in page


def test_a_writable_copy_keeps_its_flags_when_more_news_comes(kcna_db, tmp_path):
    """The flags are kept by Store.add as by the migration: a copy given one more coded story."""
    from peacewatch.config import Options
    from peacewatch.runner import ingest

    db = tmp_path / "copy.db"
    shutil.copy(kcna_db, db)
    story = tmp_path / "new.jsonl"
    story.write_text(json.dumps({"id": "new1", "published": "2011-12-30", "text":
                                 "North Korea accused South Korea of provocations near the border. "
                                 "Officials said the talks were cancelled."}) + "\n", encoding="utf-8")
    ingest([str(story)], Options(db=db, progress=False))
    with Store.open(db, readonly=True) as s:
        for rid, rec, inc in s.conn.execute("SELECT rid, record, incomplete FROM events WHERE article_id = 'new1'"):
            ev = json.loads(rec)
            assert inc == incomplete_record(ev)
            assert {(r, k, c) for r, k, c in s.conn.execute(
                "SELECT role, key, code FROM event_sides WHERE rid = ?", (rid,))} == set(sides_rows(ev))
