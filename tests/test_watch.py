"""``peacewatch watch`` against a local HTTP feed server whose feed changes between polls (tests/feeds.py):
new items are picked up within one poll and nothing is stored twice, a dyad's jump raises one alert
(stdout, JSONL, webhook), a failing source is named in one line and the watch goes on, a killed watch
resumes; and the alert rule on hand-made events, its file and the --every durations."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feeds import bad_day, calm_days, feed_server
from peacewatch.analysis.synthetic import build_article
from peacewatch.errors import ConfigError
from peacewatch.store import Store
from peacewatch.watch import AlertRule, find_alerts, load_rule, parse_every

PW = [sys.executable, "-m", "peacewatch"]
RULES = "[alert]\nwindow_days = 30\nmin_events = 2\nmin_baseline_days = 4\n"


def watch(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*PW, "watch", *args], capture_output=True, text=True, timeout=timeout)


def articles(db: Path) -> int:
    """Articles stored so far (0 while the database or its tables do not exist yet)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return 0
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


@pytest.fixture
def setup(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    with feed_server() as (base, state):
        yield base, state, tmp_path / "pw.db", tmp_path / "alerts.jsonl", rules


def test_watch_picks_up_new_items_in_one_poll_and_alerts_when_the_dyad_jumps(setup):
    base, state, db, alerts, rules = setup
    args = [base + "/feed.xml", base + "/broken", "--db", str(db), "--once", "--alerts", str(alerts),
            "--rules", str(rules), "--webhook", base + "/hook", "--retry-wait", "0.05"]
    state.items = calm_days()
    r = watch(*args)
    assert r.returncode == 1, r.stderr  # one source failed
    failures = [line for line in r.stderr.splitlines() if "the watch goes on" in line]
    assert len(failures) == 1 and base + "/broken" in failures[0] and "the watch goes on" in failures[0]
    assert "HTTP 500" in failures[0] and "3 tries" in failures[0]
    assert state.requests.count("/broken") == 3
    assert "ALERT" not in r.stdout and not alerts.exists()
    assert articles(db) == 16
    assert "articles: 16 new" in r.stderr

    # the feed changes: a day of conflict, listed first (entries are known by id, not position)
    state.items = bad_day() + calm_days()
    r = watch(*args)
    assert r.returncode == 0, r.stderr  # the broken source waits (backoff); it is not polled
    assert state.requests.count("/broken") == 3
    assert "articles: 3 new, 0 duplicate, 16 already stored" in r.stderr
    lines = [line for line in r.stdout.splitlines() if line.startswith("ALERT")]
    assert len(lines) == 1 and lines[0].startswith("ALERT KOR-PRK 2025-03-10: index -1.000")
    assert "below its band" in lines[0] and "more conflictual" in lines[0]
    (rec,) = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert rec["dyad"] == "KOR-PRK" and rec["day"] == "2025-03-10" and rec["direction"] == "down"
    assert rec["events"] >= 2 and len(rec["event_ids"]) == rec["events"] and rec["baseline_days"] == 8
    assert rec["value"] < rec["low"] and rec["rule"]["window_days"] == 30
    assert state.posts == [rec]
    with Store.open(db, readonly=True) as s:
        assert [a["alert_id"] for a in s.alerts()] == [rec["alert_id"]]
        behind = s.events_by_id(rec["event_ids"])
        assert len(behind) == rec["events"] and all(e["date"] == "2025-03-10" for e in behind)
        src = {w["source"]: w for w in s.watch_sources()}
        assert src[base + "/broken"]["failures"] == 1 and src[base + "/broken"]["next_try"]
        assert src[base + "/feed.xml"]["failures"] == 0 and src[base + "/feed.xml"]["items"] == 16 + 19

    # nothing new: nothing stored, no alert again
    r = watch(*args)
    assert "articles: 0 new, 0 duplicate, 19 already stored" in r.stderr and "ALERT" not in r.stdout
    assert len(alerts.read_text(encoding="utf-8").splitlines()) == 1 and len(state.posts) == 1
    with Store.open(db, readonly=True) as s:
        assert s.summary()["duplicates"] == 0 and s.summary()["articles"] == 19


def test_a_webhook_that_refuses_gets_the_alert_again_at_the_next_poll(setup):
    base, state, db, alerts, rules = setup
    args = [base + "/feed.xml", "--db", str(db), "--once", "--alerts", str(alerts), "--rules", str(rules),
            "--webhook", base + "/hook"]
    state.items = calm_days()
    assert watch(*args).returncode == 0
    state.items = calm_days() + bad_day()
    state.hook_status = 503
    r = watch(*args)
    assert "the webhook" in r.stderr and "HTTP 503" in r.stderr and "sent again at the next poll" in r.stderr
    assert len(state.posts) == 1 and "ALERT KOR-PRK" in r.stdout
    state.hook_status = 204
    r = watch(*args)
    assert "ALERT" not in r.stdout and len(state.posts) == 2 and state.posts[0] == state.posts[1]
    assert len(alerts.read_text(encoding="utf-8").splitlines()) == 1


def test_a_flaky_source_is_retried_within_the_poll(setup):
    base, state, db, _alerts, _rules = setup
    state.items = calm_days(1, 2)
    state.flaky_failures = 2
    r = watch(base + "/flaky", "--db", str(db), "--once", "--retry-wait", "0.05")
    assert r.returncode == 0 and "goes on" not in r.stderr and "articles: 4 new" in r.stderr
    assert state.requests.count("/flaky") == 3


def test_a_killed_watch_resumes_without_losing_or_doubling(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    n = 48
    for i in range(n):
        it = calm_days(1, 8)[i % 16]
        (folder / f"story-{i:03d}.txt").write_text(
            f"{it['title']} number {i}\n\n{it['text']} The meeting was the {i}th this season, in room {i * 7}.\n",
            encoding="utf-8")
    db = tmp_path / "pw.db"
    proc = subprocess.Popen([*PW, "watch", str(folder), "--db", str(db), "--every", "1h"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while articles(db) < 4:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the watch stored nothing"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    part = articles(db)
    assert 4 <= part < n, "the kill came after the whole folder was read: give the test more files"
    r = watch(str(folder), "--db", str(db), "--once")
    assert r.returncode == 0, r.stderr
    with Store.open(db, readonly=True) as s:
        summ = s.summary()
        assert summ["articles"] == n and summ["duplicates"] == 0 and summ["same_origin"] == 0
        assert s.conn.execute("SELECT count(*) FROM watch_files").fetchone()[0] == n
        assert s.conn.execute("SELECT max(copies) FROM articles").fetchone()[0] == 1
    # and again: every file is known, nothing is read
    r = watch(str(folder), "--db", str(db), "--once")
    assert "articles: 0 new, 0 duplicate, 0 already stored" in r.stderr


def test_a_missing_source_is_named_and_the_others_are_read(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("Seoul praised Pyongyang for the talks on rail links.\n", encoding="utf-8")
    r = watch(str(tmp_path / "nowhere"), str(folder), "--db", str(tmp_path / "pw.db"), "--once")
    assert r.returncode == 1
    (line,) = [x for x in r.stderr.splitlines() if "the watch goes on" in x]
    assert "nowhere failed: no such file, folder or URL" in line
    assert "1 of 2 sources read; articles: 1 new" in r.stderr


# --- the rule, on hand-made events ---------------------------------------------------------------


def _day(aid: str, day: str, cameo: str, src=("KORGOV", "Seoul"), tgt=("PRKGOV", "Pyongyang")):
    return build_article(aid, f"Story {aid}", [f"{src[1]} did something to {tgt[1]}."], day,
                         events=[{"s": 1, "source": src, "trigger": "did something", "target": tgt, "cameo": cameo}])


def test_find_alerts_follows_the_rule(tmp_path):
    db = tmp_path / "pw.db"
    with Store.open(db) as s:
        for d in range(1, 9):  # eight calm days: KOR-PRK index +1 (036, q1)
            s.add(_day(f"c{d}", f"2025-04-{d:02d}", "036"))
        s.add(_day("x1", "2025-04-10", "190"))  # one material conflict event (q4): index -1
        s.add(_day("x2", "2025-04-11", "190"))
        s.add(_day("x3", "2025-04-11", "138"))
        days = ["2025-04-10", "2025-04-11"]
        one = find_alerts(s, days, AlertRule(min_events=1, min_baseline_days=5))
        assert [(a["dyad"], a["day"], a["direction"], a["events"]) for a in one] == [
            ("KOR-PRK", "2025-04-10", "down", 1), ("KOR-PRK", "2025-04-11", "down", 2)]
        a = one[0]
        assert (a["mean"], a["sd"], a["low"], a["high"], a["baseline_days"]) == (1.0, 0.0, 0.8, 1.2, 8)
        assert a["band_since"] == "2025-04-01" and a["band_until"] == "2025-04-08"
        # at least two events on the day: only the 11th
        assert [a["day"] for a in find_alerts(s, days, AlertRule(min_events=2, min_baseline_days=5))] == ["2025-04-11"]
        # no band without enough history
        assert find_alerts(s, days, AlertRule(min_events=1, min_baseline_days=10)) == []
        # a short window: the calm days fall out of it
        assert find_alerts(s, ["2025-04-11"], AlertRule(window_days=2, min_events=1, min_baseline_days=1)) == []
        # only the dyads asked for
        assert find_alerts(s, days, AlertRule(min_events=1, dyads=("USA-PRK",))) == []
        assert len(find_alerts(s, days, AlertRule(min_events=1, dyads=("PRK-KOR",)))) == 2
        # the same alert has the same id (a re-evaluation after a kill stores nothing twice)
        assert [x["alert_id"] for x in one] == [x["alert_id"] for x in find_alerts(s, days, AlertRule(
            min_events=1, min_baseline_days=5))]
        assert s.add_alert(one[0]) and not s.add_alert(one[0])


def test_unknown_sides_raise_no_alert(tmp_path):
    db = tmp_path / "pw.db"
    with Store.open(db) as s:
        for d in range(1, 9):
            s.add(_day(f"c{d}", f"2025-04-{d:02d}", "036", tgt=("---GOV", "officials")))
        s.add(_day("x1", "2025-04-10", "190", tgt=("---GOV", "officials")))
        assert s.dyad_counts() == [] and find_alerts(s, ["2025-04-10"], AlertRule(min_events=1)) == []


def test_rule_file_and_durations(tmp_path):
    f = tmp_path / "r.toml"
    f.write_text('[alert]\nwindow_days = 60\nk = 3\ndyads = ["kor-prk", "USA>PRK"]\n', encoding="utf-8")
    rule = load_rule(f)
    assert (rule.window_days, rule.k, rule.dyads, rule.min_events) == (60, 3.0, ("KOR-PRK", "USA>PRK"), 3)
    for text, message in (("[alert]\nwindw_days = 3\n", "unknown key 'windw_days'"),
                          ("[alert]\nk = 'two'\n", "is not a number"),
                          ("[rule]\nk = 2\n", "has no [alert] table"),
                          ("[alert\n", "is not valid TOML"),
                          ('[alert]\ndyads = ["KOR"]\n', "is not a dyad"),
                          ("[alert]\nmin_events = 0\n", "at least 1")):
        f.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
            load_rule(f)
    with pytest.raises(ConfigError, match="no rule file"):
        load_rule(tmp_path / "none.toml")
    assert (parse_every("15m"), parse_every("30s"), parse_every("1h"), parse_every("90")) == (900, 30, 3600, 90)
    for bad in ("soon", "0s", "-5m", "15 minutes"):
        with pytest.raises(ConfigError):
            parse_every(bad)
    r = watch("x", "--db", str(tmp_path / "pw.db"), "--every", "soon", "--once")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "is not a duration" in r.stderr


@pytest.mark.browser
def test_the_dashboard_shows_the_alert_with_the_events_behind_it(setup):
    """The watch's alert on the dashboard, in headless Chromium: the Alerts page, the overview."""
    from test_browser import ARGS, ARTIFACTS, CHROMIUM
    from test_web_server import running_server

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    base, state, db, alerts, rules = setup
    args = [base + "/feed.xml", "--db", str(db), "--once", "--rules", str(rules)]
    state.items = calm_days()
    watch(*args)
    state.items = calm_days() + bad_day()
    assert "ALERT KOR-PRK" in watch(*args).stdout
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server(db) as url, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = b.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(url + "/alerts")
        alert = page.locator("section.alert").first
        text = alert.inner_text()
        assert "KOR-PRK on 2025-03-10: more conflictual than its recent band" in text
        assert "Index -1.000 from 3 events" in text and "8 days with events between 2025-03-01 and 2025-03-08" in text
        assert alert.locator("tr.event-row").count() == 3
        assert page.locator("#watch-sources tr", has_text="/feed.xml").count() == 1
        page.screenshot(path=str(ARTIFACTS / "watch_alerts.png"), full_page=True)
        page.goto(url + "/")
        assert "KOR-PRK 2025-03-10" in page.inner_text("#alerts")
        page.click("#alerts a >> nth=0")
        page.wait_for_load_state("load")
        assert page.url.endswith("/alerts#" + page.locator("section.alert").first.get_attribute("id"))
        b.close()
