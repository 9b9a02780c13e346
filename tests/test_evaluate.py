"""`peacewatch evaluate`: gold readers, format detection, scorers, and the CLI end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.errors import GoldFormatError
from peacewatch.evaluation import evaluate_paths
from peacewatch.evaluation.gold import (
    PLOVER_OLD_TO_2021,
    ClassSentence,
    GoldEvent,
    GoldSentence,
    NerSentence,
    detect_format,
    petrarch_gold_events,
    read_five_class,
    read_jsonl_gold,
    read_ner,
    read_plover_gsr,
    read_seed,
)
from peacewatch.evaluation.scoring import (
    PRF,
    Classification,
    Produced,
    actor_level,
    actor_matches,
    classify,
    petrarch_found_extra,
    score,
    score_all,
    event_matcher,
)
from peacewatch.events.codes import PLOVER_EVENTS

# --- files written for these tests ------------------------------------------------------------------

JSONL = (
    '{"id": "g1", "text": "Seoul asked the United Nations to back its plan.", "date": "2025-09-24",'
    ' "events": [{"source": "KORGOV", "target": "IGOUNO", "cameo": "022"}], "must_not": false}\n'
    "\n"
    '{"id": "g2", "text": "The two sides fought a war in the 1950s.", "events": [], "must_not": true}\n'
    '{"id": "g3", "text": "Tokyo met Beijing and praised it.", "events": [{"source": "JPN", "target": "CHN",'
    ' "cameo": ["04", "05"]}, {"source": "JPN", "target": "CHN", "cameo": "051", "optional": true}]}\n'
)


def test_read_jsonl_gold_exact(tmp_path):
    p = tmp_path / "gold.jsonl"
    p.write_text(JSONL, encoding="utf-8")
    assert detect_format(p) == "jsonl"
    assert read_jsonl_gold(p) == [
        GoldSentence("g1", "Seoul asked the United Nations to back its plan.",
                     [GoldEvent("KORGOV", "IGOUNO", ("022",))], False, "2025-09-24", {"line": 1}),
        GoldSentence("g2", "The two sides fought a war in the 1950s.", [], True, None, {"line": 3}),
        GoldSentence("g3", "Tokyo met Beijing and praised it.",
                     [GoldEvent("JPN", "CHN", ("04", "05")), GoldEvent("JPN", "CHN", ("051",), optional=True)],
                     False, None, {"line": 4}),
    ]


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "a", "text": "x", "events": [{"source": "A", "target": "B", "cameo": 22}]}', "not a non-empty string"),
        ('{"id": "a", "text": "x", "events": {"cameo": "01"}}', "'events' is not a list"),
        ('{"id": "a", "text": "", "events": []}', "without a 'text' string"),
        ('{"id": "a", "text": "x", "events": [], "must_not": "yes"}', "'must_not' is not true or false"),
        ('{"id": "a", "text": "x", "must_not": true, "events": [{"source": "A", "target": null, "cameo": "01"}]}',
         "must_not line lists events"),
        ('{"id": "a", "text": "x", "events": []}\n{"id": "a", "text": "y", "events": []}', "duplicate id 'a'"),
        ('{"id": "a", "text": "x", "events": []}\n{"id": "b", "text": ', "bad JSON"),
        ('{"id": "a", "text": "an article, not gold"}', "a line without 'events'"),
    ],
)
def test_jsonl_gold_errors_name_the_line(tmp_path, line, message):
    p = tmp_path / "bad.jsonl"
    p.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as exc:
        read_jsonl_gold(p)
    assert message in str(exc.value) and f"{p}:" in str(exc.value)


SEED = {
    "about": "test seed written for the project",
    "article": "story.txt",
    "metadata": {"published": "2024-05-01"},
    "actors": [{"text": "Ruritania", "code": "RUR"}],
    "events": [
        {"id": "ask", "sentence_contains": "asked Freedonia", "source": "RURGOV", "target": "FRE",
         "cameo_any": ["02"], "plover": "REQUEST", "quad_class": 1},
        {"id": "maybe", "sentence_contains": "may talk", "source": "FRE", "target": None,
         "cameo_any": ["10", "12"], "optional": True, "why": "keeps the condition"},
    ],
    "must_not": [{"sentence_contains": "long ago", "why": "history"}],
    "quotes": [],
    "tracks": {"expected": ["dialogue"]},
}


def test_read_seed_exact(tmp_path):
    p = tmp_path / "expected.json"
    p.write_text(json.dumps(SEED), encoding="utf-8")
    assert detect_format(p) == "seed"
    s = read_seed(p)
    assert s.article == tmp_path / "story.txt"
    assert [(e.sentence_contains, e.event) for e in s.events] == [
        ("asked Freedonia", GoldEvent("RURGOV", "FRE", ("02",), id="ask", plover=("REQUEST",), quad_class=1)),
        ("may talk", GoldEvent("FRE", None, ("10", "12"), optional=True, id="maybe")),
    ]
    assert s.events[1].why == "keeps the condition"
    assert s.must_not == ["long ago"] and s.tracks == ["dialogue"] and s.metadata == {"published": "2024-05-01"}


def test_jsonl_gold_with_bom(tmp_path):
    p = tmp_path / "bom.jsonl"
    p.write_bytes("\ufeff".encode() + JSONL.encode())
    assert detect_format(p) == "jsonl"
    assert [u.key for u in read_jsonl_gold(p)] == ["g1", "g2", "g3"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
        ["id", "text", "events", "source", "target", "cameo", "must_not", "optional", "date"]), inner, max_size=5),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_json, min_size=1, max_size=4))
def test_jsonl_gold_reader_only_raises_gold_format_error(tmp_path_factory, objs):
    import json as _j

    p = tmp_path_factory.mktemp("j") / "g.jsonl"
    p.write_text("\n".join(_j.dumps(o) for o in objs), encoding="utf-8")
    try:
        units = read_jsonl_gold(p)
    except GoldFormatError as err:
        assert str(p) in str(err)
        return
    for u in units:
        assert u.text.strip() and all(e.codes for e in u.events)


def test_read_five_class_exact(tmp_path):
    p = tmp_path / "five.tsv"
    p.write_text("Ruritania shelled the border town.\t4\nFreedonia praised the deal.\t1\n\n", encoding="utf-8")
    assert detect_format(p) == "five-class"
    assert read_five_class(p) == [
        ClassSentence(1, "Ruritania shelled the border town.", 4),
        ClassSentence(2, "Freedonia praised the deal.", 1),
    ]
    p.write_text("a sentence\t4\nanother\t7\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"five.tsv:2"):
        read_five_class(p)


def test_read_ner_exact(tmp_path):
    p = tmp_path / "ner.txt"
    p.write_text("Ruritanian B-S\ntroops I-S\nattacked O\nFreedonia B-T\n. O\n\nThey O\nmet O\n", encoding="utf-8")
    assert detect_format(p) == "ner"
    assert read_ner(p) == [
        NerSentence(("Ruritanian", "troops", "attacked", "Freedonia", "."), ("B-S", "I-S", "O", "B-T", "O")),
        NerSentence(("They", "met"), ("O", "O")),
    ]


def test_read_plover_gsr_exact(tmp_path):
    p = tmp_path / "gsr.json"
    recs = [
        {"id": "DOC-1", "event": "DOCUMENT", "eventText": "notes"},
        {"id": "R-1", "event": "DEMAND", "mode": "", "context": "economic; legal", "text": "Ruritania demanded aid.",
         "source": [{"actorText": "Ruritania", "code": "RUR", "sector": "GOV"}], "target": [{"code": "FRE"}]},
        {"id": "R-2", "event": "FIGHT", "mode": "heavy-weapons", "text": "Tanks fired.", "source": [], "target": []},
    ]
    p.write_text(json.dumps(recs), encoding="utf-8")
    assert detect_format(p) == "plover-gsr"
    got = read_plover_gsr(p)
    assert [(r.id, r.event, r.event_v05, r.mode, r.context, r.sources, r.targets) for r in got] == [
        ("R-1", "REQUEST", "DEMAND", None, ("economic", "legal"), ("RURGOV",), ("FRE",)),
        ("R-2", "ASSAULT", "FIGHT", "heavy-weapons", (), (), ()),
    ]


def test_plover_name_map_targets_2021_names():
    assert set(PLOVER_OLD_TO_2021.values()) <= PLOVER_EVENTS
    assert PLOVER_OLD_TO_2021["DISAPPROVE"] == "ACCUSE" and PLOVER_OLD_TO_2021["INVESTIGATE"] == "ACCUSE"


PETRARCH = """<!-- records written for peacewatch's tests -->
<Environment>
  <Verbfile name="verbs.txt">
  <Actorfile name="actors.txt">
</Environment>
<Sentence date="20010203" id="T-01" category="DEMO" valid="true">
<EventCoding sourcecode="RUR" targetcode="FRE" eventcode="042">
<EventCoding sourcecode="FRE" targetcode="RUR" eventcode="043">
<Text>
Ruritania visited Freedonia.
</Text>
</Sentence>
<Sentence date="20010204" id="T-02" category="DEMO">
<EventCoding noevents = "True">
<Text>
Nothing happened.
</Text>
</Sentence>
"""


def test_petrarch_detected_and_read_by_the_shared_reader(tmp_path):
    p = tmp_path / "records.txt"
    p.write_text(PETRARCH, encoding="utf-8")
    assert detect_format(p) == "petrarch"
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs

    docs = list(read_inputs([str(p)], Options()))
    assert [d.meta["id"] for d in docs] == ["T-01", "T-02"]
    assert petrarch_gold_events(docs[0].meta) == [
        GoldEvent("RUR", "FRE", ("042",), code_match="exact"),
        GoldEvent("FRE", "RUR", ("043",), code_match="exact"),
    ]
    assert petrarch_gold_events(docs[1].meta) == [] and docs[1].meta["noevents"] is True


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "is empty"),
        ("just some prose\nwithout labels\n", "no known gold format"),
        ('{"events": []}', "none of the gold formats"),
        ("[1, 2, 3]", "not PLOVER gold records"),
        ("[{broken", "broken JSON"),
    ],
)
def test_detect_format_rejects(tmp_path, content, message):
    p = tmp_path / "g"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError, match=message):
        detect_format(p)


def test_detect_format_binary_and_missing(tmp_path):
    p = tmp_path / "b.bin"
    p.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(GoldFormatError, match="binary"):
        detect_format(p)
    with pytest.raises(GoldFormatError, match="does not exist"):
        detect_format(tmp_path / "none.json")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_detect_format_never_crashes(tmp_path_factory, junk):
    p = tmp_path_factory.mktemp("h") / "g"
    p.write_text(junk, encoding="utf-8")
    try:
        fmt = detect_format(p)
    except GoldFormatError:
        return
    assert fmt in ("seed", "petrarch", "universal-petrarch", "five-class", "ner", "plover-gsr", "jsonl")


# --- scorers ------------------------------------------------------------------------------------


def P(key, s, t, code, conf=0.5, rule="r", members=()):
    return Produced(key, s, t, code, confidence=conf, rule=rule, source_members=members)


def test_prf_two_of_three_found_one_extra():
    gold = {
        "a": [GoldEvent("KOR", "IGOUNO", ("02",)), GoldEvent("IGOUNO", "KOR", ("05",))],
        "b": [GoldEvent("PRK", None, ("10", "12"))],
    }
    produced = [
        P("a", "KORGOV", "IGOUNO", "022"),  # found (country level, code family)
        P("a", "IGOUNO", "KORGOV", "051"),  # found
        P("b", "PRK", "USA", "128"),  # target wrong: miss + extra
    ]
    s = score(gold, produced, event_matcher("prefix"))
    assert (s.prf.tp, s.prf.fp, s.prf.fn) == (2, 1, 1)
    assert s.prf.precision == pytest.approx(2 / 3) and s.prf.recall == pytest.approx(2 / 3)
    assert s.prf.f1 == pytest.approx(2 / 3)
    assert [k for k, _ in s.misses] == ["b"] and s.extras == [produced[2]]
    views = score_all(gold, produced)
    # roots ignore actors: all three roots are right
    assert (views["roots"].prf.tp, views["roots"].prf.fp, views["roots"].prf.fn) == (3, 0, 0)
    assert (views["triples"].prf.tp, views["triples"].prf.fp, views["triples"].prf.fn) == (2, 1, 1)


def test_optional_gold_neither_required_nor_extra():
    gold = {"a": [GoldEvent("KOR", "IGOUNO", ("02",), optional=True), GoldEvent("KOR", "IGOUNO", ("04",))]}
    s = score(gold, [P("a", "KOR", "IGOUNO", "022")], event_matcher("prefix"))
    assert (s.prf.tp, s.prf.fp, s.prf.fn) == (0, 0, 1)
    assert len(s.optional_matched) == 1
    s = score(gold, [], event_matcher("prefix"))
    assert (s.prf.tp, s.prf.fp, s.prf.fn) == (0, 0, 1)


def test_one_produced_event_matches_one_gold_event():
    gold = {"a": [GoldEvent("KOR", "PRK", ("04",)), GoldEvent("KOR", "PRK", ("04",))]}
    s = score(gold, [P("a", "KOR", "PRK", "042")], event_matcher("prefix"))
    assert (s.prf.tp, s.prf.fp, s.prf.fn) == (1, 0, 1)


def test_produced_in_unit_without_gold_is_extra():
    s = score({"a": []}, [P("a", "X", "Y", "010"), P("z", "X", "Y", "010")], event_matcher("exact"))
    assert (s.prf.tp, s.prf.fp, s.prf.fn) == (0, 2, 0)
    assert s.prf.precision == 0.0 and s.prf.recall == 0.0 and s.prf.f1 == 0.0


def test_exact_matching_for_petrarch():
    gold = {"r": [GoldEvent("ARN", "GON", ("042",), code_match="exact")]}
    assert score(gold, [P("r", "ARN", "GON", "0421")], event_matcher("exact")).prf.tp == 0
    assert score(gold, [P("r", "ARNGOV", "GON", "042")], event_matcher("exact")).prf.tp == 0
    s = score(gold, [P("r", "ARN", "GON", "042"), P("r", "GON", "ARN", "042")], event_matcher("exact"))
    assert petrarch_found_extra(s) == {"expected": 1, "found": 1, "extra": 1, "found_pct": 100.0, "extra_pct": 100.0}


def test_actor_levels():
    assert actor_level("KORGOV") == "KOR" and actor_level("IGOUNO") == "IGOUNO" and actor_level("igouno") == "IGOUNO"
    assert actor_matches("KOR", "KORGOV") and actor_matches("KORGOV", "KOR")
    assert not actor_matches("IGOUNO", "IGOEU") and not actor_matches("KOR", "PRK")
    assert actor_matches(None, None) and not actor_matches(None, "KOR") and not actor_matches("KOR", None)
    assert actor_matches("PRK", "KOR", members=("KOR", "PRK"))  # a compound actor fits by a member


def test_classification_figures():
    c = Classification((0, 1, 2, 3, 4), gold=[0, 1, 1, 4, 4], predicted=[0, 1, 3, None, 4])
    assert c.accuracy == pytest.approx(3 / 5) and c.coverage == pytest.approx(4 / 5)
    pc = c.per_class()
    assert (pc[1].tp, pc[1].fp, pc[1].fn) == (1, 0, 1)
    assert (pc[3].tp, pc[3].fp, pc[3].fn) == (0, 1, 0)
    assert (pc[4].tp, pc[4].fp, pc[4].fn) == (1, 0, 1)  # the abstention is a miss for class 4
    # F1: class0 1, class1 2/3, class2 0, class3 0, class4 2/3
    assert c.macro_f1 == pytest.approx((1 + 2 / 3 + 0 + 0 + 2 / 3) / 5)
    assert c.confusion() == [
        [1, 0, 0, 0, 0, 0],
        [0, 1, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 1],
    ]


def test_classify_takes_highest_confidence():
    from peacewatch.events.codes import load_code_table

    t = load_code_table()

    def label(code):
        info = t.resolve(code)
        return info.five_class if info else None

    evs = [P("k", "A", "B", "042", conf=0.4), P("k", "A", "B", "190", conf=0.9), P("k", "A", "B", "903", conf=1.0)]
    assert classify(evs, label) == 4
    assert classify([], label) is None
    assert classify([P("k", "A", "B", "903")], label) is None


def test_prf_dict():
    assert PRF(2, 1, 1).to_dict() == {"tp": 2, "fp": 1, "fn": 1, "precision": 0.6667, "recall": 0.6667, "f1": 0.6667}


# --- runner and CLI through the real Pipeline --------------------------------------------------------


def test_unreadable_gold_file_is_reported_and_others_go_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no gold here\n", encoding="utf-8")
    run = evaluate_paths([bad, tmp_path / "missing.json"])
    assert [p for p, _ in run.failures] == [str(bad), str(tmp_path / "missing.json")]
    assert "no known gold format" in run.failures[0][1] and "does not exist" in run.failures[1][1]
    assert run.results == []


def test_cli_unreadable_exit_status(tmp_path):
    from peacewatch.cli import cli

    bad = tmp_path / "bad.txt"
    bad.write_text("no gold here\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["evaluate", str(bad), "--format", "json"])
    assert r.exit_code == 1
    assert json.loads(r.stdout)["failures"][0]["path"] == str(bad)
    assert r.stderr.count("\n") == 1 and "no known gold format" in r.stderr


def test_cli_end_to_end_on_own_jsonl(tmp_path):
    from peacewatch.cli import cli

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "u1", "text": "South Korea\'s President Lee Jae Myung called on the United Nations to support '
        'the initiative.", "date": "2025-09-24", "events": [{"source": "KOR", "target": "IGOUNO", "cameo": "02"}]}\n'
        '{"id": "u2", "text": "The Korean Peninsula has remained divided since the Korean War in the 1950s.",'
        ' "date": "2025-09-24", "events": [], "must_not": true}\n',
        encoding="utf-8",
    )
    r = CliRunner().invoke(cli, ["evaluate", str(gold), "--format", "json", "--show", "5"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    (f,) = doc["files"]
    assert f["format"] == "jsonl" and f["figures"]["units"] == 2 and f["figures"]["expected_events"] == 1
    ev = f["figures"]["events"]
    assert ev["tp"] + ev["fn"] == 1
    assert f["figures"]["produced_events"] == ev["tp"] + ev["fp"]
    assert len(f["misses"]) == ev["fn"] and len(f["extras"]) == min(ev["fp"], 5)
    text = CliRunner().invoke(cli, ["evaluate", str(gold)])
    assert text.exit_code == 0 and "events   P=" in text.stdout


def test_seed_runner_on_own_story(tmp_path):
    """A seed-format gold file of our own, coded through the real Pipeline: the bookkeeping of
    located, unlocated and must_not sentences does not depend on what the coder finds."""
    from peacewatch.evaluation import Evaluator

    (tmp_path / "story.txt").write_text(
        "Japan and South Korea hold talks\n\n"
        "TOKYO (Reuters) - Japanese Prime Minister Shigeru Ishiba met South Korean President Lee Jae Myung "
        "in Tokyo on Tuesday.\n\n"
        "The two countries fought no war last year, an official said.\n",
        encoding="utf-8",
    )
    seed = {
        "about": "written for the tests",
        "article": "story.txt",
        "events": [
            {"id": "meet", "sentence_contains": "met South Korean President", "source": "JPN", "target": "KOR",
             "cameo_any": ["04"]},
            {"id": "ghost", "sentence_contains": "a sentence the story does not have", "source": "JPN",
             "target": "KOR", "cameo_any": ["19"]},
        ],
        "must_not": [{"sentence_contains": "fought no war"}, {"sentence_contains": "Legal Disclaimer"}],
    }
    p = tmp_path / "expected.json"
    p.write_text(json.dumps(seed), encoding="utf-8")
    f = Evaluator(show=5).evaluate(p).figures
    assert f["expected_events"] == 2 and f["optional_events"] == 0
    assert f["unlocated"] == ["ghost"] and "ghost" in f["required_missed"]
    assert f["events"]["tp"] + f["events"]["fn"] == 2
    assert [m["in_cleaned_text"] for m in f["must_not"]] == [True, False]
    assert f["must_not"][1]["violations"] == []
    assert f["pass"] is False  # the ghost event can never be found
    assert f["events"]["tp"] + f["events"]["fp"] == f["produced_events"]


def test_seed_with_missing_story_is_unreadable(tmp_path):
    p = tmp_path / "expected.json"
    p.write_text(json.dumps({**SEED, "article": "nowhere.txt"}), encoding="utf-8")
    run = evaluate_paths([p])
    assert run.results == [] and "nowhere.txt" in run.failures[0][1]


def test_text_report_of_each_kind():
    from peacewatch.evaluation import EvaluationRun
    from peacewatch.evaluation.report import render_text
    from peacewatch.evaluation.runner import FileResult

    c = Classification((0, 1, 2, 3, 4), gold=[0, 4], predicted=[0, None])
    prf = PRF(1, 1, 1).to_dict()
    run = EvaluationRun(
        results=[
            FileResult("five.tsv", "five-class", {**c.to_dict(), "misses_total": 1},
                       misses=[{"key": "line2", "sentence": "Tanks fired.", "expected": 4, "produced": None}]),
            FileResult("rec.txt", "petrarch", {"records": 3, "skipped_records": 0, "failed_records": 0, "found_pct": 50.0,
                                               "found": 1, "expected": 2, "extra_pct": 50.0, "extra": 1,
                                               "events": prf, "roots": prf, "triples": prf}),
        ],
        failures=[("bad.txt", "bad.txt: is empty")],
    )
    text = render_text(run)
    assert "sentences=2 accuracy=0.500 macro-F1=" in text and "coverage=0.500" in text
    assert "[line2] Tanks fired." in text and "expected 4; produced None" in text
    assert "found=50.0% (1/2)  extra=50.0% (1)" in text
    assert "events   P=0.500 R=0.500 F1=0.500  (tp=1 fp=1 fn=1)" in text
    assert text.rstrip().endswith("bad.txt: UNREADABLE: bad.txt: is empty")
    assert json.loads(json.dumps(run.to_dict()))["failures"] == [{"path": "bad.txt", "error": "bad.txt: is empty"}]


def test_petrarch_records_coded_with_their_own_dictionaries_only(tmp_path):
    """Records name their dictionaries in <Environment>; the Pipeline is built on those alone
    (built-in dictionaries off): the Korean sentence, which the built-in dictionaries would code,
    codes nothing here, and 'criticized' is no verb of these dictionaries."""
    (tmp_path / "records.txt").write_text(
        PETRARCH.replace('name="verbs.txt"', 'name="tiny.verbs.txt"').replace('name="actors.txt"', 'name="tiny.actors.txt"')
        + '<Sentence date="20010205" id="T-03" category="DEMO">\n<EventCoding sourcecode="FRE" targetcode="RUR"'
        ' eventcode="111">\n<Text>\nFreedonia criticized Ruritania.\n</Text>\n</Sentence>\n'
        '<Sentence date="20010206" id="T-04" category="DEMO">\n<EventCoding noevents = "True">\n<Text>\n'
        "South Korea called on the United Nations to support its plan.\n</Text>\n</Sentence>\n",
        encoding="utf-8",
    )
    (tmp_path / "tiny.actors.txt").write_text("RURITANIA [RUR]\nFREEDONIA [FRE]\n", encoding="utf-8")
    (tmp_path / "tiny.verbs.txt").write_text("VISIT [042]\nVISITED [042]\n", encoding="utf-8")
    from peacewatch.evaluation import Evaluator

    res = Evaluator(show=5).evaluate(tmp_path / "records.txt")
    f = res.figures
    assert f["records"] == 4 and f["noevents_records"] == 2
    assert f["dictionaries"] == [sorted([str(tmp_path / "tiny.actors.txt"), str(tmp_path / "tiny.verbs.txt")])]
    # expected: RUR->FRE 042 (found), FRE->RUR 043 (no verb for it), FRE->RUR 111 (no verb)
    assert (f["expected"], f["found"], f["extra"]) == (3, 1, 0)
    assert f["found_pct"] == pytest.approx(33.33) and f["extra_pct"] == 0.0
    assert sorted((m["key"], m["expected"]) for m in res.misses) == [("T-01", "FRE -> RUR 043"), ("T-03", "FRE -> RUR 111")]
    assert f["valid_only"]["records"] == 1 and f["valid_only"]["found"] == 1


# --- UniversalPetrarch validation records (fixtures written for the project, tests/fixtures/universal-petrarch)

UP_DIR = Path(__file__).parent / "fixtures" / "universal-petrarch"
UP_RECORDS = UP_DIR / "UP_Fixture_records_2_02.xml"


def test_universal_petrarch_records_detected_and_read():
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs

    assert detect_format(UP_RECORDS) == "universal-petrarch"
    docs = list(read_inputs([str(UP_RECORDS)], Options()))
    assert [d.meta["id"] for d in docs] == [f"FIX-{k:02d}" for k in range(1, 11)]  # nothing after <Stop>
    first = docs[0]
    assert first.raw_text == "Valdoria condemned Kestra on Monday."
    assert first.meta["published"] == "2023-03-15" and first.meta["dialect"] == "universal-petrarch"
    assert first.meta["parse"].startswith("1\tValdoria\tvaldoria\t")  # the CoNLL-U parse is kept
    env = first.meta["environment"]
    assert set(env) == {"Verbfile", "Actorfile", "Agentfile", "Discardfile", "PICOfile"}  # not the Errorfile
    assert env["PICOfile"] == str(UP_DIR / "UP_Fixture_Internal_Coding_Ontology_1_01.txt")
    by_id = {d.meta["id"]: d for d in docs}
    assert petrarch_gold_events(by_id["FIX-04"].meta) == [
        GoldEvent("ORL", "KST", ("040",), "exact"), GoldEvent("KST", "ORL", ("040",), "exact")]
    assert by_id["FIX-05"].meta["noevents"] is True and not by_id["FIX-05"].meta.get("skip")
    assert by_id["FIX-06"].meta["skip_reason"] == 'evaluate="false"'
    assert by_id["FIX-07"].meta["skip_reason"] == "category MODIFY not included"


def test_universal_petrarch_actor_codes_follow_its_validation(tmp_path):
    """'~' reads as '---' (an agent without an actor) and '---' or nothing is no actor; a record
    with no coding at all is not evaluated; a comma-separated Actorfile names several files."""
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs

    rec = (tmp_path / "recs.xml")
    rec.write_text(
        "<Validation>\n<Environment>\n<Verbfile>v.verbs.txt</Verbfile>\n"
        "<Actorfile>a.actors.txt, b.actors.txt</Actorfile>\n<Include>valid DEMO</Include>\n</Environment>\n"
        '<Sentences>\n<Sentence category="DEMO" date="20200101" id="A" evaluate="true">\n'
        '<EventCoding eventcode="190" sourcecode="~MIL" targetcode="---" />\n<Text>\nSoldiers fought.\n</Text>\n'
        '</Sentence>\n<Sentence category="DEMO" date="20200102" id="B" evaluate="true">\n<Text>\nNothing here.\n'
        "</Text>\n</Sentence>\n</Sentences>\n</Validation>\n", encoding="utf-8")
    docs = list(read_inputs([str(rec)], Options()))
    assert petrarch_gold_events(docs[0].meta) == [GoldEvent("---MIL", None, ("190",), "exact")]
    assert docs[1].meta["skip_reason"] == "no expected coding"
    env = docs[0].meta["environment"]
    assert env["Actorfile"] == str(tmp_path / "a.actors.txt") and env["Actorfile2"] == str(tmp_path / "b.actors.txt")


def test_universal_petrarch_earlier_unit_test_dialect(tmp_path):
    """The earlier UniversalPetrarch unit-test records mark validity with sentence="true|false"."""
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs

    rec = tmp_path / "unit.xml"
    rec.write_text(
        "<Validation>\n<Environment>\n<Verbfile>v.verbs.txt</Verbfile>\n<PICOfile>o.txt</PICOfile>\n"
        "<Include>valid DEMO </Include>\n<Pause>Stop</Pause>\n<Config option=\"stop_on_error\" value=\"True\" />\n"
        "</Environment>\n<Sentences>\n"
        '<Sentence category="DEMO" date="19990101" id="U1" sentence="true">\n'
        '<EventCoding eventcode="010" sourcecode="VLD" targetcode="KST" />\n<Text>\nValdoria spoke to Kestra.\n</Text>\n</Sentence>\n'
        '<Sentence category="DEMO" date="19990101" id="U2" sentence="false">\n'
        '<EventCoding eventcode="010" sourcecode="VLD" targetcode="KST" />\n<Text>\nValdoria spoke again.\n</Text>\n</Sentence>\n'
        "</Sentences>\n</Validation>\n", encoding="utf-8")
    assert detect_format(rec) == "universal-petrarch"
    docs = list(read_inputs([str(rec)], Options()))
    assert not docs[0].meta.get("skip") and docs[1].meta["skip_reason"] == 'sentence="false"'


def test_universal_petrarch_records_coded_with_their_dictionaries():
    from peacewatch.evaluation import Evaluator

    res = Evaluator(show=5).evaluate(UP_RECORDS)
    f = res.figures
    assert res.format == "universal-petrarch"
    assert f["records"] == 8 and f["skipped_records"] == 2 and f["failed_records"] == 0
    assert f["skip_reasons"] == {'evaluate="false"': 1, "category MODIFY not included": 1}
    assert f["noevents_records"] == 2
    assert (f["expected"], f["found"], f["extra"]) == (7, 7, 0), (res.misses, res.extras)
    up = f["universal_petrarch"]
    assert up["total"] == {"records": 8, "correct": 9, "uncoded": 0, "extra": 0, "tp_pct": 100.0, "fp_pct": 0.0}
    assert up["categories"]["VERB"]["correct"] == 2
    (load,) = f["dictionary_loads"]
    assert load["verbs"]["synsets"] == 3 and load["verbs"]["verbs"] == 9 and load["verbs"]["patterns"] == 7
    assert load["verbs"]["discards"] == 2 and load["verbs"]["pico codes"] == 7
    assert load["verbs_ignored"] == {
        "internal coding ontology codes (peacewatch codes CAMEO directly)": 7,
        "line that is neither a verb nor a pattern (no '-' before a pattern)": 1,
        "transformation line '~ ... = ...' (PETRARCH 2 event transformations)": 1,
        "pattern naming a synset the file does not define (PETRARCH skips it)": 1,
        "pattern whose code has only a reverse half [:CODE]": 1,
    }
    assert load["actors_ignored"] == {"actor name with no code (nothing to code it as)": 1,
                                      "agent line without a [code]": 1}


def test_universal_petrarch_tally_counts_noevents_like_its_validation():
    from peacewatch.evaluation.gold import universal_petrarch_counts

    t = universal_petrarch_counts(
        [("a", "DEMO", False), ("b", "DEMO", True), ("c", "VERB", True), ("d", "VERB", False)],
        found={"a": 1, "d": 0}, expected={"a": 2, "b": 0, "c": 0, "d": 1}, produced={"a": 2, "c": 1, "d": 1})
    # a: 1 of 2 found, 1 extra; b: noevents, nothing produced -> correct; c: noevents but 1 produced ->
    # uncoded and 1 extra; d: 0 of 1, 1 extra
    assert t["categories"]["DEMO"] == {"records": 2, "correct": 2, "uncoded": 1, "extra": 1, "tp_pct": 66.67, "fp_pct": 50.0}
    assert t["total"] == {"records": 4, "correct": 2, "uncoded": 3, "extra": 3, "tp_pct": 40.0, "fp_pct": 75.0}


def test_cli_reports_universal_petrarch_figures():
    from peacewatch.cli import cli

    r = CliRunner().invoke(cli, ["evaluate", str(UP_RECORDS)])
    assert r.exit_code == 0, r.output
    assert "(universal-petrarch)" in r.output
    assert "UniversalPetrarch tally: records=8 correct=9 uncoded=0 extra=0" in r.output
    assert 'skipped: 1 evaluate="false", 1 category MODIFY not included' in r.output
    assert "read but ignored: 13" in r.output


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([
    "<Validation>", "<Environment>", "</Environment>", "<Verbfile>x.verbs.txt</Verbfile>", "<Include>valid DEMO</Include>",
    '<Sentence category="DEMO" date="20200101" id="Q" evaluate="true">', '<Sentence id="R" evaluate="false">',
    '<EventCoding eventcode="010" sourcecode="~" targetcode="" />', '<EventCoding noevents="True"/>',
    "<PLEvent {\"event\": \"010\"}>", "<Text>", "Words here.", "</Text>", "<Parse>", "1\tWords\twords\tNOUN\t_\t_\t0\troot\t_\t_",
    "</Parse></Sentence>", "<Stop>", "<!--", "-->", "</Sentences>",
]), max_size=30))
def test_universal_petrarch_reader_never_crashes(tmp_path_factory, lines):
    """Any arrangement of the format's pieces reads as records, failures or a one-line error."""
    from peacewatch.config import Options
    from peacewatch.errors import PeacewatchError
    from peacewatch.ingest import read_inputs

    p = tmp_path_factory.mktemp("up") / "recs.xml"
    p.write_text("\n".join(lines), encoding="utf-8")
    try:
        list(read_inputs([str(p)], Options()))
    except PeacewatchError:
        pass
