"""The brief's default period (the last 30 days of data against the 30 days before), its "what
changed" section and its positions on the initiatives, on a real store of hand-made events written
for these tests. Goldstein values from the project's CAMEO table: 036 +4.0 (q1), 057 +8.0 (q1),
071 +7.4 (q2), 111 -2.0 (q3), 138 -7.0 (q3), 190 -10.0 (q4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from peacewatch.analysis.synthetic import build_article
from peacewatch.cli import cli
from peacewatch.model import ActorRef, Span
from peacewatch.stances import Stance
from peacewatch.store import Store

SEOUL, PYONG, WASH = ("KORGOV", "Seoul"), ("PRKGOV", "Pyongyang"), ("USAGOV", "Washington")


def _one(aid: str, day: str, sentence: str, src, trig: str, tgt, cameo: str):
    return build_article(aid, f"Story {aid}", [sentence], day,
                         events=[{"s": 1, "source": src, "trigger": trig, "target": tgt, "cameo": cameo}])


def _two_periods():
    # the previous period (2025-05-02 .. 2025-05-31): KOR-PRK all cooperation, index +1
    yield _one("m1", "2025-05-10", "Seoul proposed talks with Pyongyang.", SEOUL, "proposed talks", PYONG, "036")
    yield _one("m2", "2025-05-20", "Seoul signed an accord with Pyongyang.", SEOUL, "signed an accord", PYONG, "057")
    yield _one("m3", "2025-05-15", "Washington sent food aid to Pyongyang.", WASH, "sent food aid", PYONG, "071")
    # one day before the previous period: must be in neither
    yield _one("m0", "2025-05-01", "Seoul shelled Pyongyang positions.", SEOUL, "shelled", PYONG, "190")
    # this period (2025-06-01 .. 2025-06-30): C = 4, K = 2 + 7 = 9, index -5/13
    yield _one("j1", "2025-06-05", "Pyongyang condemned Seoul.", PYONG, "condemned", SEOUL, "111")
    yield _one("j2", "2025-06-12", "Pyongyang threatened Seoul.", PYONG, "threatened", SEOUL, "138")
    yield _one("j3", "2025-06-15", "Washington sent food aid to Pyongyang.", WASH, "sent food aid", PYONG, "071")
    j4 = _one("j4", "2025-06-30", "Seoul proposed talks with Pyongyang but Pyongyang <b>set</b> terms.",
              SEOUL, "proposed talks", PYONG, "036")
    t = j4.article.text
    s1 = j4.sentences[1]
    at = t.index("Pyongyang <b>")
    actor = ActorRef("PRKGOV", "PRK", "GOV", "Pyongyang", "Pyongyang", at, at + 9, "test")
    talks = t.index("talks with Pyongyang")
    j4.stances = [Stance(article_id="j4", proposal=Span("talks with Pyongyang", talks, talks + 20),
                         mention=Span("talks with Pyongyang", talks, talks + 20), proposal_id="j4-talks",
                         actor=actor, stance="conditions", condition="Seoul ends the <i>drills</i>",
                         sentence_index=1, evidence=Span(s1.text, s1.start, s1.end), rule="test",
                         date="2025-06-30")]
    yield j4


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("periods") / "pw.db"
    with Store.open(path) as s:
        for c in _two_periods():
            assert s.add(c).status == "new"
    return path


def _report(db: Path, out: Path, *args: str) -> str:
    r = CliRunner().invoke(cli, ["report", "--db", str(db), "--out", str(out), *args])
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8")


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start:html.index("<h2", start)]


def test_default_period_is_the_last_30_days_against_the_30_before(db, tmp_path):
    html = _report(db, tmp_path / "b.html")
    assert "Period 2025-06-01 to 2025-06-30 (the last 30 days of data)" in html
    assert "compared with 2025-05-02 to 2025-05-31" in html
    changed = _section(html, "changed")
    assert "4 events this period against 3 in the previous 30 days" in changed
    items = re.findall(r'<li class="dyad-change (\w+)">(.*?)</li>', changed, flags=re.S)
    assert items[0] == ("down", "<strong>KOR-PRK</strong>: the index moved -1.385 (+1.000 → -0.385), "
                                "more conflictual; 2 → 3 events.")
    assert ("same", "<strong>PRK-USA</strong>: the index held at +1.000 (was +1.000); 1 → 1 events.") in items
    assert len(items) == 2  # the 2025-05-01 shelling is in neither period


def test_since_and_until_override_the_default(db, tmp_path):
    html = _report(db, tmp_path / "c.html", "--since", "2025-05-01", "--until", "2025-05-31")
    assert "Period 2025-05-01 to 2025-05-31 (" in html and "the last 31 days of data" not in html
    assert "compared with 2025-03-31 to 2025-04-30" in html
    only_until = _report(db, tmp_path / "d.html", "--until", "2025-05-31")
    assert "Period 2025-05-02 to 2025-05-31 (" in only_until
    only_since = _report(db, tmp_path / "e.html", "--since", "2025-06-10")
    assert "Period 2025-06-10 to 2025-06-30 (" in only_since and "compared with 2025-05-20 to 2025-06-09" in only_since


def test_positions_on_the_initiatives(db, tmp_path):
    html = _report(db, tmp_path / "f.html")
    pos = _section(html, "positions")
    assert "<h3 class=\"proposal\">talks with Pyongyang <span class=\"muted\">(2025-06-30)</span></h3>" in pos
    row = re.search(r'<tr class="position conditions">(.*?)</tr>', pos, flags=re.S).group(1)
    assert "Pyongyang (PRKGOV)" in row and "<strong>conditions</strong>" in row
    assert "<em>Seoul ends the &lt;i&gt;drills&lt;/i&gt;</em>" in row
    assert "“Seoul proposed talks with Pyongyang but Pyongyang &lt;b&gt;set&lt;/b&gt; terms.”" in row
    assert "<a " not in pos  # the evidence is quoted, not linked
    may = _report(db, tmp_path / "g.html", "--since", "2025-05-01", "--until", "2025-05-31")
    assert "No stance on a proposal or initiative in this period." in _section(may, "positions")
