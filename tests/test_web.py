"""The dashboard over HTTP: a real uvicorn server on 127.0.0.1, a real read-only SQLite store, httpx."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import httpx
import pytest

from peacewatch.web.data import mark_segments
from test_series_corpus import build_store
from test_web_server import running_server


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "pw.db", hostile=True)


@pytest.fixture(scope="module")
def base(db):
    with running_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=20) as c:
        yield c


def test_api_summary_series_events(client):
    s = client.get("/api/summary").json()
    assert (s["articles"], s["events"], s["quotes"]) == (4, 11, 3)
    r = client.get("/api/series", params={"dyad": "KOR-PRK", "freq": "month"}).json()
    (ser,) = r["series"]
    assert [p["events"] for p in ser["points"]] == [3, 0, 1]
    assert ser["points"][0]["index"] == round(-5 / 13, 6)
    two = client.get("/api/series", params={"dyad": "KOR-PRK,PRK-IGOUNO"}).json()["series"]
    assert [x["dyad"] for x in two] == ["KOR-PRK", "PRK-IGOUNO"]
    assert client.get("/api/series", params={"track": "normalization"}).json()["series"][0]["events"] == 2
    ev = client.get("/api/events", params={"dyad": "KOR>PRK", "order": "date", "limit": 2}).json()
    assert ev["total"] == 4 and [e["cameo"] for e in ev["events"]] == ["036", "071"]
    page2 = client.get("/api/events", params={"dyad": "KOR>PRK", "order": "date", "limit": 2, "offset": 2}).json()
    assert [e["cameo"] for e in page2["events"]] == ["057", "190"]
    plain = client.get("/api/events", params={"modality": "plain"}).json()
    assert plain["total"] == 8  # 11 events minus historical, negated, hypothetical
    assert client.get("/api/events", params={"quad": 4}).json()["total"] == 2
    ov = client.get("/api/overview", params={"freq": "month"}).json()
    assert ov["periods"][0] == {"period": "2025-01", "start": "2025-01-01", "1": 2, "2": 1, "3": 2, "4": 0}
    wk = client.get("/api/overview", params={"freq": "week"}).json()
    assert wk["periods"][0]["period"] == "2025-W02"


def test_api_evidence_article_actor_search(client):
    ev = client.get("/api/events", params={"cameo": "138"}).json()["events"][0]
    d = client.get(f"/api/events/{ev['event_id']}").json()
    marked = {tuple(s["classes"]): s["text"] for s in d["segments"] if s["classes"]}
    assert marked == {("source",): "Pyongyang", ("trigger",): "threatened", ("target",): "Seoul"}
    assert "".join(s["text"] for s in d["segments"]) == "Pyongyang threatened Seoul with force."
    assert d["article"]["url"] == "https://news.example/a-jan2"
    a = client.get("/api/articles/a-mar").json()
    assert a["date_basis"] == "given in the test record" and len(a["events"]) == 3 and len(a["quotes"]) == 1
    assert "".join(s["text"] for s in a["body_segments"]) == a["text"][a["text"].index("\n\n") + 2:]
    assert any("quote" in s["classes"] for s in a["body_segments"])
    act = client.get("/api/actors/IGOUNO").json()
    assert act["events_total"] == 1 and act["quotes_total"] == 1
    assert [x["code"] for x in client.get("/api/actors", params={"prefix": "PRK"}).json()["actors"]] == ["PRKGOV", "PRKMIL"]
    hits = client.get("/api/search", params={"q": "wise approach"}).json()["hits"]
    assert any(h["kind"] == "quote" and "[wise]" in h["snippet"] for h in hits)
    assert client.get("/api/search", params={"q": "\"unterminated", "syntax": "true"}).status_code == 400
    assert client.get("/api/search", params={"q": "\"unterminated"}).status_code == 200  # plain words by default


def test_caps_and_bad_input(client):
    assert client.get("/api/events", params={"limit": 501}).status_code == 400
    assert client.get("/api/events", params={"limit": 500}).status_code == 200
    assert client.get("/events", params={"size": 501}).status_code == 400
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 400
    assert client.get("/api/series", params={"dyad": ",".join(["KOR-PRK"] * 7)}).status_code == 400
    r = client.get("/api/events", params={"since": "2025-01-01' OR 1=1 --"})
    assert r.status_code == 400 and "not a date" in r.json()["error"]
    r = client.get("/api/events", params={"actor": "' OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/events", params={"dyad": "KOR-PRK'); DROP TABLE events; --"})
    assert r.status_code == 400
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/events/nope").status_code == 404
    assert client.get("/api/actors/bad code!").status_code == 400
    page = client.get("/events", params={"since": "yesterday"})
    assert page.status_code == 400 and "not a date" in page.text
    assert client.get("/api/summary").json()["events"] == 11  # nothing was dropped


def test_pages_escape_hostile_text_and_send_csp(client):
    r = client.get("/articles/a-hostile")
    assert r.status_code == 200
    html = r.text
    assert "<script>window.__pwned" not in html and "onerror=\"window" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in html
    assert "&lt;b&gt;read&lt;/b&gt;" in html and "Hostile &lt;i&gt;Wire&lt;/i&gt;" in html
    assert "javascript:alert" not in html  # the article's javascript: URL is not made a link
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/", "/events", "/articles", "/actors", "/actors/PRK", "/search?q=statement", "/docs",
                 "/events?modality=negated"):
        page = client.get(path)
        assert page.status_code == 200, path
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page.text, flags=re.S)
        assert all(s.strip() == "" for s in scripts), f"inline script on {path}"
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), f"external resource on {path}"
    s = client.get("/search", params={"q": "script"}).text
    assert "<mark>script</mark>" in s and "<script>window" not in s


def test_static_plotly_and_openapi(client):
    js = client.get("/static-vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and b"plotly" in js.content[:2000].lower()
    assert client.get("/static/app.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/series", "/api/events", "/api/events/{event_id}", "/api/quotes", "/api/articles",
            "/api/articles/{article_id}", "/api/actors", "/api/actors/{code}", "/api/search",
            "/api/overview", "/api/summary"} <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "/api/series" in docs and "cdn" not in docs.lower() and "swagger" not in docs.lower()


def test_readonly_connection(db, base):
    # the server's store is opened with mode=ro: prove the same open refuses a write
    from peacewatch.store import Store

    with Store.open(db, readonly=True) as s:
        with pytest.raises(sqlite3.OperationalError):
            s.conn.execute("DELETE FROM events")
    assert httpx.get(base + "/api/summary").json()["events"] == 11


def test_mark_segments():
    segs = mark_segments("abcdef", [(1, 4, "x", "X"), (3, 5, "y", "Y"), (-5, 1, "z", ""), (9, 12, "w", "")])
    assert [(s["text"], s["classes"]) for s in segs] == [("a", ["z"]), ("bc", ["x"]), ("d", ["x", "y"]), ("e", ["y"]),
                                                         ("f", [])]
    assert mark_segments("", [(0, 3, "x", "")]) == []


def test_every_api_error_is_one_error_line_with_its_status_and_never_a_500_for_input(client):
    cases = [
        ({"limit": "501"}, "/api/events", 400, "limit='501': Input should be less than or equal to 500"),
        ({"limit": "many"}, "/api/events", 400, "limit='many': Input should be a valid integer"),
        ({"since": "2024-02-30"}, "/api/events", 400, "since='2024-02-30' is not a date: February 2024 has 29 days"),
        ({"until": "2024-13"}, "/api/quotes", 400, "until='2024-13' is not a date: there is no month 13"),
        ({"since": "2023-02-29"}, "/api/series", 400, "since='2023-02-29' is not a date"),
        ({"q": "*a", "syntax": "true"}, "/api/search", 400, "cannot read the search query '*a'"),
        ({"q": "NEAR(", "syntax": "true"}, "/api/search", 400, "cannot read the search query"),
        ({}, "/api/search", 400, "q: Field required"),
        ({"freq": "hourly"}, "/api/series", 400, "freq='hourly': Input should be 'day', 'week' or 'month'"),
        ({}, "/api/nowhere", 404, "Not Found"),
    ]
    for params, path, status, start in cases:
        r = client.get(path, params=params)
        assert r.status_code == status, (path, params, r.text)
        body = r.json()
        assert list(body) == ["error"] and start in body["error"] and "\n" not in body["error"], body
        assert r.headers["cache-control"] == "no-store"
    r = client.post("/api/events")
    assert r.status_code == 405 and list(r.json()) == ["error"]
    for q in ("*a", "*", "U.S. imperialists", "six-party talks", '"unbalanced', "a AND", "NEAR(", "title:x"):
        r = client.get("/api/search", params={"q": q})  # plain words by default: any text is a query
        assert r.status_code == 200, (q, r.text)
        assert client.get("/search", params={"q": q}).status_code == 200


def test_api_answers_say_how_to_cache_them(client):
    for path in ("/api/summary", "/api/events", "/api/series", "/api/search?q=talks", "/"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-cache", path


def test_web_and_cli_read_a_search_query_the_same_way(client):
    from peacewatch.store import plain_query

    assert plain_query('six-party talks "three pillars" U.S. *a (x') == \
        '"six party" "talks" "three pillars" "U S" "a" "x"'
    web = [h["id"] for h in client.get("/api/search", params={"q": "wise approach"}).json()["hits"]]
    assert web
