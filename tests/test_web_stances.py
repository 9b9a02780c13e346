"""Stances on the dashboard, in the JSON API and in the notebook API, over a real store holding
hand-made stance records (written for these tests) and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

import peacewatch
from peacewatch.analysis.synthetic import build_article
from peacewatch.model import ActorRef, CodedArticle, Span
from peacewatch.stances import Stance
from peacewatch.store import Store
from test_series_corpus import build_store
from test_web_server import running_server

# Two stories of our own about an invented "corridor plan", one month apart.
APRIL = [
    "Seoul unveiled a corridor plan for family reunions on Tuesday.",
    "The UN envoy welcomed the plan as a sensible step.",
    "Pyongyang said it would only join the talks once the drills <script>window.__pwned=3</script> end.",
]
MAY = [
    "Beijing backed the corridor plan on Friday.",
    "Tokyo rejected the plan outright.",
]


def _ref(text: str, words: str, code: str, name: str) -> ActorRef:
    at = text.index(words)
    if code.startswith("IGO"):
        country, sector = code[:6], None
    else:
        country, sector = code[:3], code[3:] or None
    return ActorRef(code, country, sector, name, words, at, at + len(words), "test")


def _stance(c: CodedArticle, si: int, actor: ActorRef, stance: str, mention: str, trigger: str | None,
            proposal: tuple[str, int], condition: str | None = None) -> Stance:
    t = c.article.text
    s = c.sentences[si]
    m = t.index(mention, s.start)
    trig = None
    if trigger:
        ti = t.index(trigger, s.start)
        trig = Span(trigger, ti, ti + len(trigger))
    ptext, pstart = proposal
    return Stance(article_id=c.article.article_id, proposal=Span(ptext, pstart, pstart + len(ptext)),
                  mention=Span(mention, m, m + len(mention)), proposal_id=f"{c.article.article_id}-plan",
                  actor=actor, stance=stance, condition=condition, sentence_index=si,
                  evidence=Span(s.text, s.start, s.end), trigger=trig, rule="test stance", date=c.article.published)


def stance_articles() -> list[CodedArticle]:
    a = build_article("s-apr", "Corridor plan unveiled", APRIL, "2025-04-08", url="https://news.example/s-apr")
    t = a.article.text
    plan = ("a corridor plan for family reunions", t.index("a corridor plan"))
    seoul = _ref(t, "Seoul", "KORGOV", "Seoul")
    un = _ref(t, "The UN envoy", "IGOUNO", "United Nations")
    prk = _ref(t, "Pyongyang", "PRKGOV", "Pyongyang")
    a.actors = [seoul, un, prk]
    a.stances = [
        _stance(a, 1, seoul, "proposes", "a corridor plan", "unveiled", plan),
        _stance(a, 2, un, "welcomes", "the plan", "welcomed", plan),
        _stance(a, 3, prk, "conditions", "the talks", "only join the talks once", plan,
                condition="the drills <script>window.__pwned=3</script> end"),
    ]
    b = build_article("s-may", "Mixed response to corridor plan", MAY, "2025-05-09")
    t = b.article.text
    plan_b = ("the corridor plan", t.index("the corridor plan"))
    chn = _ref(t, "Beijing", "CHNGOV", "Beijing")
    jpn = _ref(t, "Tokyo", "JPNGOV", "Tokyo")
    b.actors = [chn, jpn]
    b.stances = [
        _stance(b, 1, chn, "supports", "the corridor plan", "backed", plan_b),
        _stance(b, 2, jpn, "rejects", "the plan", "rejected", plan_b),
    ]
    return [a, b]


def build_stance_store(path: Path) -> Path:
    build_store(path, hostile=True)
    with Store.open(path) as s:
        for c in stance_articles():
            r = s.add(c)
            assert r.status == "new" and r.stances == len(c.stances)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_stance_store(tmp_path_factory.mktemp("webst") / "pw.db")


@pytest.fixture(scope="module")
def client(db):
    with running_server(db) as url, httpx.Client(base_url=url, timeout=20) as c:
        yield c


def test_api_stances_filters(client):
    r = client.get("/api/stances").json()
    assert r["total"] == 5 and [s["stance"] for s in r["stances"]] == [
        "proposes", "welcomes", "conditions", "supports", "rejects"]
    assert client.get("/api/stances", params={"since": "2025-05-01"}).json()["total"] == 2
    assert client.get("/api/stances", params={"until": "2025-04"}).json()["total"] == 3
    (c,) = client.get("/api/stances", params={"actor": "PRK", "stance": "conditions"}).json()["stances"]
    assert c["condition"] == "the drills <script>window.__pwned=3</script> end"  # JSON: exact, not escaped
    assert c["actor"]["code"] == "PRKGOV" and c["proposal"]["text"] == "a corridor plan for family reunions"
    (w,) = client.get("/api/stances", params={"actor": "IGOUNO"}).json()["stances"]
    assert (w["stance"], w["mention"]["text"], w["trigger"]["text"]) == ("welcomes", "the plan", "welcomed")
    assert client.get("/api/stances", params={"article_id": "s-may"}).json()["total"] == 2
    page = client.get("/api/stances", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 5 and [s["stance"] for s in page["stances"]] == ["conditions", "supports"]
    assert client.get("/api/stances", params={"stance": "likes"}).status_code == 400
    assert client.get("/api/stances", params={"limit": 501}).status_code == 400
    bad = client.get("/api/stances", params={"since": "2025-04-01' OR '1'='1"})
    assert bad.status_code == 400 and "not a date" in bad.json()["error"]
    assert client.get("/api/stances", params={"actor": "' OR 1=1 --"}).json()["total"] == 0
    assert "/api/stances" in client.get("/openapi.json").json()["paths"]


def test_article_and_actor_api_carry_stances(client):
    a = client.get("/api/articles/s-apr").json()
    assert [s["stance"] for s in a["stances"]] == ["proposes", "welcomes", "conditions"]
    w = a["stances"][1]
    marked = {tuple(g["classes"]): g["text"] for g in w["segments"] if g["classes"]}
    assert marked == {("actor",): "The UN envoy", ("trigger",): "welcomed", ("proposal",): "the plan"}
    assert "".join(g["text"] for g in w["segments"]) == APRIL[1]
    assert {g["text"] for g in a["body_segments"] if "proposal" in g["classes"]} >= {"the plan", "a corridor plan"}
    act = client.get("/api/actors/PRK").json()
    assert act["stances_total"] == 1 and act["stances"][0]["stance"] == "conditions"
    assert "segments" not in act["stances"][0]


def test_pages_show_stances_escaped(client):
    ov = client.get("/").text
    sec = ov[ov.index('id="stances"'):]
    assert "Positions on the initiatives" in sec and "All 5 stances" in sec
    assert 'class="stance welcomes"' in sec and "only if: the drills &lt;script&gt;" in sec
    st = client.get("/stances", params={"stance": "conditions"}).text
    assert st.count('class="stance-row') == 1 and "<script>window.__pwned" not in st
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt;" in st
    assert client.get("/stances", params={"actor": "JPN"}).text.count('class="stance-row') == 1
    assert client.get("/stances", params={"since": "nope"}).status_code == 400
    art = client.get("/articles/s-apr").text
    assert art.count('class="stance-row') == 3 and '<mark class="proposal"' in art
    actor = client.get("/actors/IGOUNO").text
    assert 'id="actor-stances"' in actor and actor.count('class="stance-row') == 1
    for path in ("/", "/stances", "/articles/s-apr", "/actors/PRK"):
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", client.get(path).text, flags=re.S)
        assert all(s.strip() == "" for s in scripts), path


def test_notebook_api_stances(db):
    with peacewatch.open_db(db) as d:
        rows = d.stances(actor="IGOUNO")
        assert [(r["stance"], r["actor"]["code"]) for r in rows] == [("welcomes", "IGOUNO")]
        assert len(d.stances()) == 5 and len(d.stances(stance="rejects", since="2025-05-01")) == 1
        assert d.stances(limit=1, offset=4)[0]["actor"]["code"] == "JPNGOV"
        pd = pytest.importorskip("pandas", reason="pandas is in the dev extra")
        df = d.stances_df()
        assert isinstance(df, pd.DataFrame) and len(df) == 5
        cond = df[df["stance"] == "conditions"].iloc[0]
        assert cond["actor_code"] == "PRKGOV" and cond["condition"].startswith("the drills")
        assert cond["evidence"] == APRIL[2] and cond["proposal"] == "a corridor plan for family reunions"
        assert df["sentence_index"].tolist() == [1, 2, 3, 1, 2]
