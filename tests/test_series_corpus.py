"""A small hand-made corpus (written for these tests) stored in a real SQLite store.

Used by test_series.py, test_export.py, test_report.py, test_web*.py and test_api.py. Every number the
tests expect is worked out by hand in test_series.py from the Goldstein values of the project's CAMEO
table: 036 +4.0 (q1), 057 +8.0 (q1), 071 +7.4 (q2), 111 -2.0 (q3), 138 -7.0 (q3), 190 -10.0 (q4),
010 0.0 (q1, no PLOVER category).
"""

from __future__ import annotations

from pathlib import Path

from peacewatch.analysis.synthetic import build_article
from peacewatch.model import Article, CodedArticle
from peacewatch.store import Store

HOSTILE_TEXT = (
    "Officials read the statement <script>window.__pwned=1</script> aloud in Seoul. "
    'A photo caption said <img src=x onerror="window.__pwned=2"> and nothing more.'
)


def corpus() -> list[CodedArticle]:
    a_jan = build_article(
        "a-jan", "Seoul offers talks as Pyongyang protests drills",
        [
            "Seoul proposed talks with Pyongyang on Monday.",
            "Pyongyang condemned Seoul for the joint drills.",
            "In 2010 North Korean artillery shelled Yeonpyeong island.",
            "The statement was read on television.",
        ],
        "2025-01-06", source="Test Wire", url="https://news.example/a-jan",
        events=[
            {"s": 1, "source": ("KORGOV", "Seoul"), "trigger": "proposed talks", "target": ("PRKGOV", "Pyongyang"),
             "cameo": "036", "tracks": ["normalization"]},
            {"s": 2, "source": ("PRKGOV", "Pyongyang"), "trigger": "condemned", "target": ("KORGOV", "Seoul"),
             "cameo": "111", "tracks": ["military-tension"]},
            {"s": 3, "source": ("PRKMIL", "North Korean artillery"), "trigger": "shelled",
             "target": ("KOR", "Yeonpyeong island"), "cameo": "190", "historical": True},
            {"s": 4, "source": ("PRKGOV", "The statement"), "trigger": "was read", "target": None, "cameo": "010"},
        ],
        quotes=[{"s": 1, "text": "talks with Pyongyang", "speaker": ("KORGOV", "Seoul"), "verb": "proposed",
                 "direct": False, "tracks": ["normalization"]}],
        tracks=["normalization", "military-tension"],
    )
    a_jan2 = build_article(
        "a-jan2", "Aid and threats on the peninsula",
        [
            "Washington sent food aid to Pyongyang.",
            "Seoul did not send aid to Pyongyang.",
            "Pyongyang threatened Seoul with force.",
            "\u201cWe will answer any provocation,\u201d the North Korean envoy said.",
        ],
        "2025-01-12", source="Test Wire", url="https://news.example/a-jan2",
        events=[
            {"s": 1, "source": ("USAGOV", "Washington"), "trigger": "sent food aid", "target": ("PRKGOV", "Pyongyang"),
             "cameo": "071", "tracks": ["humanitarian"]},
            {"s": 2, "source": ("KORGOV", "Seoul"), "trigger": "did not send aid", "target": ("PRKGOV", "Pyongyang"),
             "cameo": "071", "negated": True, "tracks": ["humanitarian"]},
            {"s": 3, "source": ("PRKGOV", "Pyongyang"), "trigger": "threatened", "target": ("KORGOV", "Seoul"),
             "cameo": "138", "tracks": ["military-tension"]},
        ],
        quotes=[{"s": 4, "text": "We will answer any provocation", "speaker": ("PRKGOV", "the North Korean envoy"),
                 "verb": "said", "direct": True, "tracks": ["military-tension"]}],
        tracks=["humanitarian", "military-tension"],
    )
    a_mar = build_article(
        "a-mar", "Koreas sign accord",
        [
            "Seoul and Pyongyang signed an accord.",
            "If Pyongyang fires missiles, Seoul would strike back.",
            "The atomic agency criticised Pyongyang.",
            "\u201cA wise approach to peace,\u201d said the UN chief.",
        ],
        "2025-03-03", source="Other Paper", url="https://paper.example/a-mar",
        events=[
            {"s": 1, "source": ("KORGOV", "Seoul"), "trigger": "signed an accord", "target": ("PRKGOV", "Pyongyang"),
             "cameo": "057", "tracks": ["normalization"]},
            {"s": 2, "source": ("KORGOV", "Seoul"), "trigger": "would strike back", "target": ("PRKGOV", "Pyongyang"),
             "cameo": "190", "hypothetical": True, "condition": "If Pyongyang fires missiles"},
            {"s": 3, "source": ("IGOUNOIAE", "The atomic agency"), "trigger": "criticised",
             "target": ("PRKGOV", "Pyongyang"), "cameo": "111", "tracks": ["denuclearization"]},
        ],
        quotes=[{"s": 4, "text": "A wise approach to peace", "speaker": ("IGOUNO", "the UN chief"), "verb": "said",
                 "direct": True, "tracks": ["normalization"]}],
        tracks=["normalization", "denuclearization"],
    )
    return [a_jan, a_jan2, a_mar]


def copy_of_jan2() -> CodedArticle:
    """The a-jan2 story republished elsewhere: an exact duplicate, so its events get mentions = 2."""
    src = corpus()[1].article
    art = Article(article_id="a-jan2-copy", origin="test://republished/a-jan2", kind="text", raw_text=src.raw_text,
                  text=src.text, body_start=src.body_start, title=src.title, source="Another Wire",
                  url="https://another.example/copy", published="2025-01-13")
    return CodedArticle(article=art)


def hostile_article() -> CodedArticle:
    """A story whose text carries markup that must be shown as text, never run."""
    return build_article(
        "a-hostile", "Statement <b>read</b> aloud", [HOSTILE_TEXT], "2025-03-04", source="Hostile <i>Wire</i>",
        url="javascript:alert(1)",
        events=[{"s": 1, "source": ("KORGOV", "Officials"), "trigger": "read the statement", "target": None,
                 "cameo": "010"}],
    )


def build_store(path: Path, *, hostile: bool = False) -> Path:
    with Store.open(path) as store:
        for coded in corpus():
            assert store.add(coded).status == "new"
        assert store.add(copy_of_jan2()).status == "duplicate"
        if hostile:
            assert store.add(hostile_article()).status == "new"
    return path
