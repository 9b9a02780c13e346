"""The event coder on sentences written for these tests, with actors given directly (ActorRef
records are the coder's input): each pattern family, source/target from the clause, modality,
conditions, merging and the completeness of every Event record."""

from __future__ import annotations

import pytest

from peacewatch.config import Options
from peacewatch.events import Coder, load_coder, load_patterns
from peacewatch.events.record import in_dataset, speculative
from peacewatch.model import ActorRef, Article, Sentence

COUNTRY = {"KOR", "PRK", "USA", "JPN", "CHN", "RUS", "ISR", "IRN", "UKR", "GBR", "FRA", "DEU", "SYR", "TUR", "EGY"}


@pytest.fixture(scope="module")
def coder() -> Coder:
    return load_coder(Options(), None)


def actor(text: str, code: str, sentence: str, nth: int = 0, members: list[ActorRef] | None = None) -> ActorRef:
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(text, start + 1)
    country = code[:3] if not code.startswith("IGO") else code[:6]
    sector = code[3:] or None if not code.startswith("IGO") else None
    return ActorRef(code=code, country=country, sector=sector, name=text, text=text, start=start, end=start + len(text), members=members or [])


def code_one(coder: Coder, text: str, actors: list[tuple], published: str = "2025-09-24"):
    art = Article(article_id="t1", origin="test", kind="text", raw_text=text, text=text, body_start=0, published=published)
    refs = [actor(t, c, text, *rest) for (t, c, *rest) in actors]
    sent = Sentence(index=0, start=0, end=len(text), text=text)
    return coder.code_article(art, [sent], refs)


def triples(events):
    return sorted((e.source.code if e.source else None, e.target.code if e.target else None, e.cameo) for e in events)


# --- pattern families: exact code, source, target, trigger span --------------------------------------

FAMILIES = [
    # (sentence, actors, expected (source, target, code), trigger text)
    ("Japan called on China to release the detained fishermen.", [("Japan", "JPN"), ("China", "CHN")], ("JPN", "CHN", "0253"), "called"),
    ("South Korea urged North Korea to return to talks.", [("South Korea", "KOR"), ("North Korea", "PRK")], ("KOR", "PRK", "026"), "urged"),
    ("Ukraine appealed for humanitarian aid from Germany.", [("Ukraine", "UKR"), ("Germany", "DEU")], ("UKR", "DEU", "0233"), "appealed"),
    ("China pledged full support to Russia.", [("China", "CHN"), ("Russia", "RUS")], ("CHN", "RUS", "032"), "pledged"),
    ("Japan held talks with South Korea in Tokyo.", [("Japan", "JPN"), ("South Korea", "KOR")], ("JPN", "KOR", "040"), "held"),
    ("Egypt hosted the Israeli delegation.", [("Egypt", "EGY"), ("Israeli delegation", "ISRGOV")], ("EGY", "ISRGOV", "043"), "hosted"),
    ("France praised Germany for its leadership.", [("France", "FRA"), ("Germany", "DEU")], ("FRA", "DEU", "051"), "praised"),
    ("Japan apologized to South Korea.", [("Japan", "JPN"), ("South Korea", "KOR")], ("JPN", "KOR", "055"), "apologized"),
    ("Russia and China signed an agreement on energy.", [("Russia", "RUS"), ("China", "CHN")], None, "signed"),
    ("Japan sent food aid to North Korea.", [("Japan", "JPN"), ("North Korea", "PRK")], ("JPN", "PRK", "073"), "sent"),
    ("The United States provided weapons to Ukraine.", [("The United States", "USA"), ("Ukraine", "UKR")], ("USA", "UKR", "072"), "provided"),
    ("Iran released three British sailors.", [("Iran", "IRN"), ("British sailors", "GBRMIL")], ("IRN", "GBRMIL", "0841"), "released"),
    ("The UN investigated the attack on the convoy.", [("The UN", "IGOUNO")], ("IGOUNO", None, "093"), "investigated"),
    ("Israel demanded the release of its soldiers by Hamas.", [("Israel", "ISR"), ("Hamas", "PSEREB")], ("ISR", "PSEREB", "1053"), "demanded"),
    ("China criticized Japan over the visit.", [("China", "CHN"), ("Japan", "JPN")], ("CHN", "JPN", "111"), "criticized"),
    ("North Korea accused the United States of aggression.", [("North Korea", "PRK"), ("the United States", "USA")], ("PRK", "USA", "1123"), "accused"),
    ("Russia rejected the peace plan proposed by Ukraine.", [("Russia", "RUS"), ("Ukraine", "UKR")], ("RUS", "UKR", "127"), "rejected"),
    ("North Korea threatened to attack South Korea.", [("North Korea", "PRK"), ("South Korea", "KOR")], ("PRK", "KOR", "1384"), "threatened"),
    ("Protesters staged a rally outside the embassy.", [("Protesters", "CVLOPP")], ("CVLOPP", None, "141"), "staged"),
    ("North Korea launched a ballistic missile into the sea.", [("North Korea", "PRK")], ("PRK", None, "150"), "launched"),
    ("China deployed troops to the border.", [("China", "CHN")], ("CHN", None, "154"), "deployed"),
    ("The United States imposed sanctions on Iran.", [("The United States", "USA"), ("Iran", "IRN")], ("USA", "IRN", "163"), "imposed"),
    ("Police arrested two opposition leaders.", [("Police", "COP"), ("opposition leaders", "OPP")], ("COP", "OPP", "173"), "arrested"),
    ("Turkey expelled the Syrian diplomats.", [("Turkey", "TUR"), ("Syrian diplomats", "SYRGOV")], ("TUR", "SYRGOV", "174"), "expelled"),
    ("Gunmen kidnapped two aid workers.", [("Gunmen", "UAF"), ("aid workers", "NGO")], ("UAF", "NGO", "181"), "kidnapped"),
    ("Israel shelled Syrian positions.", [("Israel", "ISR"), ("Syrian", "SYR")], ("ISR", "SYR", "194"), "shelled"),
    ("North Korea fired missiles at South Korea.", [("North Korea", "PRK"), ("South Korea", "KOR")], ("PRK", "KOR", "195"), "fired"),
    ("Russia attacked Ukraine on Tuesday.", [("Russia", "RUS"), ("Ukraine", "UKR")], ("RUS", "UKR", "190"), "attacked"),
    ("Syria used chemical weapons against rebels.", [("Syria", "SYR"), ("rebels", "SYRREB")], ("SYR", "SYRREB", "2041"), "used"),
    ("The mediator offered to mediate between the parties.", [("The mediator", "IGOUNO")], ("IGOUNO", None, "039"), "offered"),
    ("Seoul expressed regret over the incident.", [("Seoul", "KORGOV")], ("KORGOV", None, "055"), "expressed"),
    ("Tokyo voiced concern about the launch.", [("Tokyo", "JPNGOV")], ("JPNGOV", None, "012"), "voiced"),
]


@pytest.mark.parametrize("text,actors,expected,trigger", FAMILIES, ids=[f[0][:40] for f in FAMILIES])
def test_pattern_family(coder, text, actors, expected, trigger):
    events = code_one(coder, text, actors)
    assert events, f"no event from {text!r}"
    if expected is None:  # compound subject of a reciprocal verb: each towards the other
        assert triples(events) == [("CHN", "RUS", "057"), ("RUS", "CHN", "057")]
        return
    ev = events[0]
    assert (ev.source.code if ev.source else None, ev.target.code if ev.target else None, ev.cameo) == expected
    assert ev.trigger.text == trigger
    assert text[ev.trigger.start : ev.trigger.end] == trigger


def test_builtin_covers_all_roots_and_150_codes():
    ps = load_patterns(Options())
    codes = {c for c in ps.codes if c != "---"}
    assert len(codes) >= 150
    assert {c[:2] for c in codes} == {f"{r:02d}" for r in range(1, 21)}
    ids = [p.id for e in ps.entries for p in e.patterns]
    assert len(ids) == len(set(ids))


# --- source and target from the clause --------------------------------------------------------------


def test_passive_voice_swaps_roles(coder):
    text = "South Korea was condemned by North Korea for the drills."
    events = code_one(coder, text, [("South Korea", "KOR"), ("North Korea", "PRK")])
    assert triples(events) == [("PRK", "KOR", "111")]


def test_passive_without_agent_keeps_target(coder):
    text = "Two journalists were arrested in Tehran."
    events = code_one(coder, text, [("journalists", "MED")])
    assert triples(events) == [(None, "MED", "173")]


def test_called_on_target_is_the_addressee_not_a_later_actor(coder):
    text = "Japan called on the United Nations to support talks with North Korea."
    events = code_one(coder, text, [("Japan", "JPN"), ("United Nations", "IGOUNO"), ("North Korea", "PRK")])
    assert triples(events) == [("JPN", "IGOUNO", "022")]


def test_reported_speech_source_is_the_reported_actor(coder):
    text = "His office said Lee requested the support of the United Nations."
    events = code_one(coder, text, [("His office", "KORGOV"), ("Lee", "KORGOV"), ("United Nations", "IGOUNO")])
    assert len(events) == 1
    ev = events[0]
    assert ev.source.text == "Lee" and ev.target.code == "IGOUNO" and ev.cameo == "022"


def test_coordinated_subjects_give_one_event_each(coder):
    text = "South Korea and Japan condemned the missile launch by North Korea."
    events = code_one(coder, text, [("South Korea", "KOR"), ("Japan", "JPN"), ("North Korea", "PRK")])
    assert triples(events) == [("JPN", "PRK", "111"), ("KOR", "PRK", "111")]


def test_compound_actor_members(coder):
    text = "The two Koreas held talks at the border."
    kor, prk = ActorRef("KOR", "KOR", None, "South Korea", "The two Koreas", 0, 14), ActorRef("PRK", "PRK", None, "North Korea", "The two Koreas", 0, 14)
    art = Article(article_id="t", origin="t", kind="text", raw_text=text, text=text, published="2025-01-02")
    compound = ActorRef("KOR/PRK", None, None, "the two Koreas", "The two Koreas", 0, 14, members=[kor, prk])
    events = load_coder(Options()).code_article(art, [Sentence(0, 0, len(text), text)], [compound])
    assert triples(events) == [("KOR", "PRK", "040"), ("PRK", "KOR", "040")]


def test_relative_clause_does_not_steal_the_subject(coder):
    text = "Seoul, which hosted the Japanese delegation last week, condemned North Korea."
    events = code_one(coder, text, [("Seoul", "KORGOV"), ("Japanese delegation", "JPNGOV"), ("North Korea", "PRK")])
    assert ("KORGOV", "PRK", "111") in triples(events)
    assert all(e.source.code == "KORGOV" for e in events)


def test_sidelines_is_not_a_target_and_fronted_meeting_takes_main_subject(coder):
    text = "During a meeting with Guterres on the sidelines of the General Assembly, Lee presented his plan."
    events = code_one(coder, text, [("Guterres", "IGOUNO"), ("General Assembly", "IGOUNO", 0), ("Lee", "KORGOV")])
    assert triples(events) == [("KORGOV", "IGOUNO", "044")]  # meeting at a third location
    assert events[0].target.text == "Guterres"


def test_dialogue_target_with(coder):
    text = "Washington held talks with Pyongyang in Singapore."
    events = code_one(coder, text, [("Washington", "USAGOV"), ("Pyongyang", "PRKGOV")])
    assert triples(events) == [("USAGOV", "PRKGOV", "040")]


# --- modality -----------------------------------------------------------------------------------------


def test_negated(coder):
    text = "Iran did not agree to the inspections demanded by the IAEA."
    ev = code_one(coder, text, [("Iran", "IRN"), ("IAEA", "IGOUNOIAE")])[0]
    assert ev.modality.negated and not ev.modality.future and not ev.modality.historical


def test_refused_to_is_a_rejection(coder):
    text = "Russia refused to withdraw its troops from the region."
    ev = code_one(coder, text, [("Russia", "RUS")])[0]
    assert ev.cameo == "1246" and ev.cameo_root == "12"


def test_future(coder):
    text = "Japan will send food aid to North Korea next month."
    ev = code_one(coder, text, [("Japan", "JPN"), ("North Korea", "PRK")])[0]
    # cooperation announced for later is an intent: 073 (provide humanitarian aid) -> 0333
    assert ev.modality.future and ev.cameo == "0333"


def test_plans_to_is_future(coder):
    text = "China plans to impose sanctions on the company."
    ev = code_one(coder, text, [("China", "CHN")])[0]
    assert ev.modality.future and ev.cameo == "163"


def test_hypothetical_keeps_condition(coder):
    text = "North Korea has maintained that any talks would only be possible once its status as a nuclear state is formally recognized."
    ev = code_one(coder, text, [("North Korea", "PRK")])[0]
    assert ev.cameo_root == "10" and ev.source.code == "PRK" and ev.target is None
    assert ev.modality.hypothetical
    assert ev.condition == "its status as a nuclear state is formally recognized"


def test_if_condition(coder):
    text = "Japan would lift sanctions on Iran if the talks succeed."
    ev = code_one(coder, text, [("Japan", "JPN"), ("Iran", "IRN")])[0]
    assert ev.cameo == "085" and ev.modality.hypothetical and ev.condition == "the talks succeed"


@pytest.mark.parametrize("text", [
    "The Korean Peninsula has remained divided since the Korean War in the 1950s, which concluded with an armistice rather than a peace treaty.",
    "In 1953, China signed an armistice with the United States.",
    "Decades ago, Japan attacked China.",
])
def test_historical(coder, text):
    actors = [(n, c) for n, c in (("China", "CHN"), ("United States", "USA"), ("Japan", "JPN")) if n in text]
    events = code_one(coder, text, actors)
    assert all(e.modality.historical for e in events)


def test_current_event_with_past_reference_is_not_historical(coder):
    text = "Japan attacked China on Tuesday, the first such attack since 1945."
    ev = code_one(coder, text, [("Japan", "JPN"), ("China", "CHN")])[0]
    assert not ev.modality.historical
    assert ev.date == "2025-09-23"  # the Tuesday before Wednesday 2025-09-24


# --- merging and the record -----------------------------------------------------------------------------


def test_merging_counts_mentions_and_keeps_body_evidence(coder):
    head = "Japan condemns China"
    body = "Japan condemned China on Monday. The Japanese government also criticized China over the drills."
    text = head + "\n\n" + body
    art = Article(article_id="m", origin="t", kind="text", raw_text=text, text=text, body_start=len(head) + 2, published="2025-03-05")
    s0 = Sentence(0, 0, len(head), head)
    b = len(head) + 2
    s1 = Sentence(1, b, b + body.index(".") + 1, body[: body.index(".") + 1])
    s2_start = b + body.index("The")
    s2 = Sentence(2, s2_start, len(text), text[s2_start:])
    acts = []
    for s in (s0, s1, s2):
        for name, code in (("Japanese government", "JPNGOV"), ("Japan", "JPN"), ("China", "CHN")):
            k = s.text.find(name)
            if k >= 0 and not any(a.start <= s.start + k < a.end for a in acts):
                acts.append(ActorRef(code, code[:3], code[3:] or None, name, name, s.start + k, s.start + k + len(name)))
    events = coder.code_article(art, [s0, s1, s2], acts)
    assert len(events) == 1
    ev = events[0]
    assert ev.mentions == 3 and ev.cameo_root == "11"
    assert ev.sentence_index in (1, 2)  # body evidence, not the headline


def test_event_record_complete(coder):
    ev = code_one(coder, "South Korea urged North Korea to return to talks.", [("South Korea", "KOR"), ("North Korea", "PRK")])[0]
    d = ev.to_dict()
    for key in ("event_id", "article_id", "sentence_index", "sentence", "date", "date_basis", "source", "target", "cameo",
                "cameo_root", "quad_class", "goldstein", "plover", "modality", "condition", "trigger", "rule", "confidence", "tracks"):
        assert key in d
    assert d["cameo"] == "026" and d["cameo_root"] == "02" and isinstance(d["cameo"], str)
    assert d["quad_class"] == 1 and d["goldstein"] == pytest.approx(3.0, abs=3.0)
    assert d["plover"]["event"] == "REQUEST"
    assert d["rule"] == "appeal.urge-talks"
    assert d["code_table_version"]
    assert 0 < d["confidence"] <= 1
    assert d["date"] == "2025-09-24" and "article" in d["date_basis"]


def test_statement_verb_only_when_nothing_else(coder):
    text = "Seoul said Pyongyang fired missiles at the sea."
    events = code_one(coder, text, [("Seoul", "KORGOV"), ("Pyongyang", "PRKGOV")])
    assert [e.cameo for e in events] == ["195"]
    # a bare "said" that reports nothing codable is not an event of its own
    assert code_one(coder, "Seoul said the weather was fine.", [("Seoul", "KORGOV")]) == []


def test_no_event_without_a_pattern(coder):
    assert code_one(coder, "The weather in Seoul was mild and sunny.", [("Seoul", "KORGOV")]) == []


# --- the project's pattern format: user files and malformed lines --------------------------------------


def test_user_pattern_file_loads_beside_builtin(tmp_path):
    (tmp_path / "mine.txt").write_text("# peacewatch verbs 1\n0874 user.skedaddle  <skedaddle>_from\n", encoding="utf-8")
    c = load_coder(Options(dictionaries=(tmp_path,)))
    text = "Russia skedaddled from Kherson."
    ev = code_one(c, text, [("Russia", "RUS"), ("Kherson", "UKR")])[0]
    assert ev.cameo == "0874" and ev.rule == "user.skedaddle" and ev.target.code == "UKR"


@pytest.mark.parametrize("line,what", [
    ("2x  x.bad  <call>", "bad code"),
    ("022  Bad-Id  <call>", "bad pattern id"),
    ("022  x.none  call on", "exactly one verb"),
    ("022  x.two  <call> <ask>", "more than one"),
    ("022  x.brace  <call> { on | upon", "'{'"),
    ("022  x.flag  <call> ; loud", "unknown flag"),
    ("192  x.objs  <capture> ; place, person", "more than one of place, person, policy"),
    ("022  x.trig  <ca11>", "bad trigger"),
])
def test_own_format_errors_name_file_and_line(tmp_path, line, what):
    from peacewatch.errors import DictionaryError
    from peacewatch.events.patterns import load_own_verbs

    p = tmp_path / "v.txt"
    p.write_text("# peacewatch verbs 1\n010  x.ok  <say> ; weak\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_own_verbs(p)
    assert str(err.value).startswith(f"{p}:3:") and what in str(err.value)


def test_gerund_after_a_preposition_names_an_activity_not_an_event():
    from peacewatch.api import code_text

    named = code_text("The two sides signed agreements on cooperation in trade and fighting online scams.",
                      date="2025-11-02")
    assert [e["cameo"] for e in named if e["cameo_root"] == "19"] == []
    assert any(e["cameo"] == "057" for e in named)  # the signing is still coded
    fought = code_text("Government troops captured the town after five days of fighting with the rebels.",
                       date="2025-11-02")
    assert fought and all(e["quad_class"] == 4 for e in fought)  # material conflict, as reported


# --- clause structure on real news shapes (sentences written for these tests) ------------------------


def _summary(events):
    return sorted((e.source.code if e.source else None, e.target.code if e.target else None, e.cameo,
                   e.modality.hypothetical, e.modality.future) for e in events)


def test_relative_clause_on_a_thing_under_a_modal_is_not_an_event(coder):
    # "a shield that destroys": the subject of 'destroys' is the shield, and it is advice ("should")
    text = "The minister said the army should become a shield that destroys every invader."
    evs = code_one(coder, text, [("The minister", "PRKGOV"), ("the army", "PRKMIL")])
    assert [e for e in evs if in_dataset(e)] == []  # "destroys" has no actor for its subject


def test_relative_clause_on_a_document_speaks_for_its_author(coder):
    text = "The US Senate issued a report that calls on Egypt to release the journalists."
    evs = code_one(coder, text, [("The US Senate", "USALEG"), ("Egypt", "EGY")])
    assert _summary(evs) == [("USALEG", "EGY", "0253", False, False)]
    assert evs[0].trigger.text == "calls"


def test_relative_clause_on_an_actor_takes_that_actor_and_the_outer_modality(coder):
    text = "Japan wants a Security Council that condemns North Korea."
    evs = code_one(coder, text, [("Japan", "JPN"), ("Security Council", "IGOUNO"), ("North Korea", "PRK")])
    assert _summary(evs) == [("IGOUNO", "PRK", "111", False, False)]
    text = "Turkey will deploy a brigade that would patrol the border with Syria."
    evs = code_one(coder, text, [("Turkey", "TUR"), ("Syria", "SYR")])
    assert _summary([e for e in evs if in_dataset(e)]) == [("TUR", None, "154", False, True)]
    # the brigade's patrol is the brigade's (no actor of the dictionaries), never Turkey's or Syria's
    assert all(e.source is None and e.unresolved for e in evs if e.cameo != "154")


@pytest.mark.parametrize("text,actors,code", [
    # a subordinate clause of time: the missile is not fired at Qatar or Oman
    ("Iran fired a missile into the Gulf on Sunday as Qatar hosted talks with Oman.",
     [("Iran", "IRN"), ("Qatar", "QAT"), ("Oman", "OMN")], "195"),
    ("Iran tested a new rocket, days after Israel met Egypt in Cairo.",
     [("Iran", "IRN"), ("Israel", "ISR"), ("Egypt", "EGY")], "150"),
    # the attribution at the end is the reporter, not the target
    ("Syria fired two rockets into the sea near the coast, Turkey's army said.",
     [("Syria", "SYR"), ("Turkey's army", "TURMIL")], "150"),
])
def test_target_does_not_cross_into_another_clause(coder, text, actors, code):
    evs = code_one(coder, text, actors)
    # the first clause's event has no target; the other clause codes its own event, if any
    assert [t for t in triples(evs) if t[0] == actors[0][1]] == [(actors[0][1], None, code)]
    assert all(t[0] != actors[0][1] for t in triples(evs) if t[2] != code)


def test_target_is_not_the_source_own_state(coder):
    text = "Russia sent two thousand Russian soldiers to Syria."
    evs = code_one(coder, text, [("Russia", "RUS"), ("Russian soldiers", "RUSMIL"), ("Syria", "SYR")])
    assert triples(evs) == [("RUS", "SYR", "154")]


def test_two_sectors_of_one_country_stay_two_parties(coder):
    text = "The Thai government accused the Thai opposition of bribery."
    evs = code_one(coder, text, [("The Thai government", "THAGOV"), ("Thai opposition", "THAOPP")])
    assert [(e.source.code, e.target.code) for e in evs] == [("THAGOV", "THAOPP")]
    assert evs[0].cameo.startswith("112")


def test_statement_verb_target_is_only_the_addressee(coder):
    evs = code_one(coder, "Germany said Iran was enriching uranium.", [("Germany", "DEU"), ("Iran", "IRN")])
    assert triples(evs) == []  # what it said about Iran is no statement *to* Iran
    evs = code_one(coder, "Germany told Iran that the talks were over.", [("Germany", "DEU"), ("Iran", "IRN")])
    assert triples(evs) == [("DEU", "IRN", "010")]


def test_participle_between_determiner_and_noun_is_an_adjective(coder):
    text = "Analysts pointed to the deepening trade ties between Egypt and Turkey."
    assert code_one(coder, text, [("Egypt", "EGY"), ("Turkey", "TUR")]) == []


def test_called_is_a_phone_call_only_with_the_callee_and_nothing_more(coder):
    evs = code_one(coder, "Putin called Xi on Tuesday.", [("Putin", "RUSGOV"), ("Xi", "CHNGOV")])
    assert triples(evs) == [("RUSGOV", "CHNGOV", "041")]
    assert code_one(coder, "Putin called the Ukrainian soldiers heroes.", [("Putin", "RUSGOV"), ("Ukrainian soldiers", "UKRMIL")]) == []
    evs = code_one(coder, "Cairo called for calm.", [("Cairo", "EGYGOV")])
    assert triples(evs) == [("EGYGOV", None, "0252")]


def test_compound_target_holding_the_source_own_country_keeps_only_the_other(coder):
    text = "Cairo proposed that the two neighbours open a joint border commission."
    kor = ActorRef("EGY", "EGY", None, "Egypt", "x", 0, 0)
    sdn = ActorRef("SDN", "SDN", None, "Sudan", "x", 0, 0)
    start = text.index("the two neighbours")
    both = ActorRef("EGY/SDN", None, None, None, "the two neighbours", start, start + len("the two neighbours"), "", [kor, sdn])
    cairo = ActorRef("EGYGOV", "EGY", "GOV", "Cairo", "Cairo", 0, 5)
    art = Article(article_id="t1", origin="test", kind="text", raw_text=text, text=text, body_start=0, published="2025-09-24")
    evs = coder.code_article(art, [Sentence(index=0, start=0, end=len(text), text=text)], [cairo, both])
    assert triples(evs) == [("EGYGOV", "SDN", "030")]


def test_statement_about_a_decision_takes_no_antecedent_target(coder):
    first = "Algeria expelled two Tunisian diplomats."
    second = "Tunisia's foreign ministry said it regretted the decision."
    text = first + " " + second
    art = Article(article_id="t1", origin="test", kind="text", raw_text=text, text=text, body_start=0, published="2025-09-24")
    sents = [Sentence(index=0, start=0, end=len(first), text=first),
             Sentence(index=1, start=len(first) + 1, end=len(text), text=second)]
    refs = [actor("Algeria", "DZA", text), actor("Tunisian diplomats", "TUNGOV", text),
            actor("Tunisia's foreign ministry", "TUNGOV", text)]
    evs = coder.code_article(art, sents, refs)
    assert [(e.sentence_index, e.source.code, e.target.code if e.target else None, e.cameo) for e in evs] == [
        (0, "DZA", "TUNGOV", "174")]  # the regret takes no target from the earlier event


def _compound(text: str, sentence: str, codes: list[str], code: str | None = None) -> ActorRef:
    start = sentence.index(text)
    members = [ActorRef(c, c, None, c, text, start, start + len(text)) for c in codes]
    return ActorRef(code or "/".join(codes), None, None, text, text, start, start + len(text), "", members)


def _code_refs(coder: Coder, text: str, refs: list[ActorRef]):
    art = Article(article_id="t1", origin="test", kind="text", raw_text=text, text=text, body_start=0, published="2025-09-24")
    return coder.code_article(art, [Sentence(index=0, start=0, end=len(text), text=text)], refs)


def test_compound_inside_a_coordinated_list_stands_for_each_member(coder):
    # "the Gulf monarchies" is one actor of two members inside a list of three subjects
    text = "Egypt, the Gulf monarchies and Jordan condemned the attack by Iran."
    refs = [actor("Egypt", "EGY", text), _compound("the Gulf monarchies", text, ["SAU", "ARE"]),
            actor("Jordan", "JOR", text), actor("Iran", "IRN", text)]
    assert triples(_code_refs(coder, text, refs)) == [
        ("ARE", "IRN", "111"), ("EGY", "IRN", "111"), ("JOR", "IRN", "111"), ("SAU", "IRN", "111")]
    # the compound last, right before the verb: the earlier members are still sources
    text = "Egypt and the Gulf monarchies condemned Iran."
    refs = [actor("Egypt", "EGY", text), _compound("the Gulf monarchies", text, ["SAU", "ARE"]), actor("Iran", "IRN", text)]
    assert triples(_code_refs(coder, text, refs)) == [("ARE", "IRN", "111"), ("EGY", "IRN", "111"), ("SAU", "IRN", "111")]
    # and in a coordinated target
    text = "Iran criticized Israel and the Gulf monarchies."
    refs = [actor("Iran", "IRN", text), actor("Israel", "ISR", text), _compound("the Gulf monarchies", text, ["SAU", "ARE"])]
    assert triples(_code_refs(coder, text, refs)) == [("IRN", "ARE", "111"), ("IRN", "ISR", "111"), ("IRN", "SAU", "111")]


def _full(events):
    return sorted((e.source.code if e.source else None, e.target.code if e.target else None, e.cameo,
                   tuple(k for k, v in sorted(vars(e.modality).items()) if v), e.condition) for e in events)


def test_speaker_as_the_embedded_subject(coder):
    # "it" after "X said" is X; "was open" is an adjective, not a passive
    text = "The Egyptian foreign ministry said it was open to talks with Ethiopia without conditions."
    evs = code_one(coder, text, [("Egyptian foreign ministry", "EGYGOV"), ("Ethiopia", "ETH")])
    assert _full(evs) == [("EGYGOV", "ETH", "036", (), None)]


def test_embedded_interaction_noun_takes_the_speaker_and_its_partner(coder):
    # "negotiations with the United States" has no agent of its own: the speaker is the source, the
    # partner after "with" the target; the condition is kept and is not a target
    text = "Iran said negotiations with the United States would only be possible once Washington lifts the sanctions."
    evs = code_one(coder, text, [("Iran", "IRN"), ("United States", "USA"), ("Washington", "USAGOV")])
    # (lifting the sanctions is only the condition: hypothetical, not an event of the dataset)
    assert _full([e for e in evs if not speculative(e)]) == [
        ("IRN", "USA", "100", ("hypothetical",), "Washington lifts the sanctions")]


@pytest.mark.parametrize("text,reporter", [
    ("Syria fired three rockets into the sea on Monday, the Turkish army said.", ("Turkish army", "TURMIL")),
    ("Syria fired three rockets into the sea on Monday, officials in Ankara told reporters.", ("Ankara", "TURGOV")),
    ("Syria fired three rockets into the sea on Monday, according to the Turkish army.", ("Turkish army", "TURMIL")),
])
def test_trailing_reporter_is_not_the_target(coder, text, reporter):
    evs = code_one(coder, text, [("Syria", "SYR"), reporter])
    assert _full(evs) == [("SYR", None, "150", (), None)]


@pytest.mark.parametrize("text,actors,background,current", [
    ("Lula, who visited Beijing in 2019, criticized Washington over the tariffs.",
     [("Lula", "BRAGOV"), ("Beijing", "CHNGOV"), ("Washington", "USAGOV")],
     ("BRAGOV", "CHNGOV", "042"), ("BRAGOV", "USAGOV", "111")),
    ("Erdogan, who met Putin three years ago, condemned Israel.",
     [("Erdogan", "TURGOV"), ("Putin", "RUSGOV"), ("Israel", "ISR")],
     ("TURGOV", "RUSGOV", "040"), ("TURGOV", "ISR", "111")),
    ("Scholz, who hosted Zelensky last year, praised Poland.",
     [("Scholz", "DEUGOV"), ("Zelensky", "UKRGOV"), ("Poland", "POL")],
     ("DEUGOV", "UKRGOV", "043"), ("DEUGOV", "POL", "051")),
])
def test_past_time_inside_a_relative_clause_is_background_only(coder, text, actors, background, current):
    evs = code_one(coder, text, actors)
    assert sorted(((e.source.code, e.target.code, e.cameo), e.modality.historical) for e in evs) == sorted(
        [(background, True), (current, False)])


def test_past_term_or_year_in_the_clause_is_historical(coder):
    evs = code_one(coder, "Macron hosted Zelensky twice during his first term.", [("Macron", "FRAGOV"), ("Zelensky", "UKRGOV")])
    assert [(e.source.code, e.target.code, e.cameo, e.modality.historical) for e in evs] == [("FRAGOV", "UKRGOV", "043", True)]
    evs = code_one(coder, "Macron hosted Zelensky on Monday.", [("Macron", "FRAGOV"), ("Zelensky", "UKRGOV")])
    assert [(e.source.code, e.target.code, e.cameo, e.modality.historical) for e in evs] == [("FRAGOV", "UKRGOV", "043", False)]


@pytest.mark.parametrize("text,actors,expected", [
    ("Ankara voiced concern over Athens's naval exercises.", [("Ankara", "TURGOV"), ("Athens", "GRCGOV")], ("TURGOV", "GRCGOV", "012")),
    ("Ankara raised concerns about Greece's naval exercises.", [("Ankara", "TURGOV"), ("Greece", "GRC")], ("TURGOV", "GRC", "012")),
    ("Ankara criticized Greece's decision to expand its waters.", [("Ankara", "TURGOV"), ("Greece", "GRC")], ("TURGOV", "GRC", "111")),
])
def test_possessor_of_the_object_of_concern_or_criticism_is_the_target(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == [expected + ((), None)]


@pytest.mark.parametrize("text,actors,expected", [
    # sending one's delegation/envoy to X is one's own visit to X (042); "will" makes it an intent (036)
    ("Egypt will send a delegation to Khartoum next month.", [("Egypt", "EGY"), ("Khartoum", "SDNGOV")],
     ("EGY", "SDNGOV", "036", ("future",), None)),
    ("Iraq dispatched an envoy to Tehran.", [("Iraq", "IRQ"), ("Tehran", "IRNGOV")], ("IRQ", "IRNGOV", "042", (), None)),
    # blowing up a building or facility destroys property (1712)
    ("The Syrian army blew up a bridge over the river.", [("Syrian army", "SYRMIL")], ("SYRMIL", None, "1712", (), None)),
    ("Militants blew up the local government offices in the town.", [("Militants", "UAF")], ("UAF", None, "1712", (), None)),
])
def test_send_delegation_is_a_visit_and_blowing_up_a_building_destroys_property(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == [expected]


def test_agent_in_a_country_holds_in_each_coordinated_country(coder):
    text = "Lawmakers in Egypt and Jordan condemned the raid."
    evs = code_one(coder, text, [("Lawmakers in Egypt", "EGYLEG"), ("Jordan", "JOR")])
    assert triples(evs) == [("EGYLEG", None, "111"), ("JORLEG", None, "111")]
    # (per sentence: the article level merges the two sectors of one country into one event)
    text = "Lawmakers and officials in Egypt and Jordan condemned the raid."
    refs = [actor("Lawmakers", "---LEG", text), actor("officials in Egypt", "EGYGOV", text), actor("Jordan", "JOR", text)]
    art = Article(article_id="t1", origin="test", kind="text", raw_text=text, text=text, body_start=0, published="2025-09-24")
    evs = coder.code_sentence(art, Sentence(index=0, start=0, end=len(text), text=text), refs)
    assert triples(evs) == [("EGYGOV", None, "111"), ("EGYLEG", None, "111"), ("JORGOV", None, "111"), ("JORLEG", None, "111")]
    text = "The ambassadors of Chile, Peru and Bolivia condemned the raid."
    evs = code_one(coder, text, [("The ambassadors of Chile", "CHLGOV"), ("Peru", "PER"), ("Bolivia", "BOL")])
    assert triples(evs) == [("BOLGOV", None, "111"), ("CHLGOV", None, "111"), ("PERGOV", None, "111")]
    # a country coordinated with a plain country (no agent phrase) stays the country
    text = "Egypt and Jordan condemned the raid."
    evs = code_one(coder, text, [("Egypt", "EGY"), ("Jordan", "JOR")])
    assert triples(evs) == [("EGY", None, "111"), ("JOR", None, "111")]


@pytest.mark.parametrize("text,actors,expected", [
    # an object quantified by "no" / "none of" / "not a single" means the event did not take place: it
    # is coded as "did not make concessions" is, negated
    ("Pakistan made no concessions to India during the talks.", [("Pakistan", "PAK"), ("India", "IND")],
     ("PAK", "IND", "080", ("negated",), None)),
    ("Belgrade provided no evidence to the tribunal's investigators, the court said.",
     [("Belgrade", "SRBGOV"), ("court", "JUD")], ("SRBGOV", None, "064", ("negated",), None)),
    ("The Japanese government offered no apology to Seoul.", [("Japanese government", "JPNGOV"), ("Seoul", "KORGOV")],
     ("JPNGOV", "KORGOV", "055", ("negated",), None)),
    ("Minsk shared none of the intelligence with Warsaw.", [("Minsk", "BLRGOV"), ("Warsaw", "POLGOV")],
     ("BLRGOV", "POLGOV", "064", ("negated",), None)),
    # "no fewer than" counts, it does not negate
    ("Canada sent no fewer than 200 troops to Latvia.", [("Canada", "CAN"), ("Latvia", "LVA")],
     ("CAN", "LVA", "154", (), None)),
])
def test_object_quantified_by_no_negates_the_event(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == [expected]


@pytest.mark.parametrize("text,actors,expected", [
    # keeping a party from acting is the event (120, towards the party kept back); what it was kept from
    # doing did not happen and is not coded as well
    ("Austria blocked NATO from delivering tanks to Georgia.", [("Austria", "AUT"), ("NATO", "IGONAT"), ("Georgia", "GEO")],
     [("AUT", "IGONAT", "120", (), None)]),
    ("Cairo prevented Hamas from opening an office in Egypt.", [("Cairo", "EGYGOV"), ("Hamas", "PSEREB"), ("Egypt", "EGY")],
     [("EGYGOV", "PSEREB", "120", (), None)]),
    # with no verb of its own that codes, the event after "from" stays, negated
    ("Armenia refrained from attacking Azerbaijan.", [("Armenia", "ARM"), ("Azerbaijan", "AZE")],
     [("ARM", "AZE", "190", ("negated",), None)]),
])
def test_event_kept_from_happening_is_not_a_current_event(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


def test_blocking_pattern_owns_the_words_it_matched(tmp_path):
    # a '---' line matches like any other pattern: with the same trigger, the block that matched one more
    # word wins over the bare verb; a block whose words stand before its trigger takes those words, so a
    # trigger among them codes nothing
    (tmp_path / "mine.txt").write_text(
        "# peacewatch verbs 1\n"
        "0874 user.skedaddle        <skedaddle>\n"
        "---  user.skedaddle-home   <skedaddle> home\n"
        "---  user.skedaddle-zorble skedaddle <n:zorble> ; noun\n",
        encoding="utf-8",
    )
    c = load_coder(Options(dictionaries=(tmp_path,)))
    text = "Russia skedaddled from Kherson."
    assert _full(code_one(c, text, [("Russia", "RUS"), ("Kherson", "UKR")])) == [("RUS", "UKR", "0874", (), None)]
    text = "Russia skedaddled home from Kherson."
    assert code_one(c, text, [("Russia", "RUS"), ("Kherson", "UKR")]) == []
    text = "Russia watched a skedaddle zorble in Kherson."
    assert code_one(c, text, [("Russia", "RUS"), ("Kherson", "UKR")]) == []


@pytest.mark.parametrize("text,actors,expected", [
    # the shooting is what the investigation is into: one event, the investigation
    ("An inquiry into the shooting by Indian troops was opened.", [("Indian troops", "INDMIL")],
     [(None, "INDMIL", "090", (), None)]),
    # "following his visit": the visit is a reference back; the meeting is the event
    ("Following his visit, Macron will meet the Italian president in Rome.",
     [("Macron", "FRAGOV"), ("Italian president", "ITAGOV")], [("FRAGOV", "ITAGOV", "036", ("future",), None)]),
    # "after the clashes" / "over the arrest": topics of the event the sentence reports
    ("Seoul criticized Tokyo over the arrest of its fishermen.", [("Seoul", "KORGOV"), ("Tokyo", "JPNGOV")],
     [("KORGOV", "JPNGOV", "111", (), None)]),
])
def test_event_named_as_the_topic_of_another_is_not_a_second_event(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


def test_topic_noun_alone_in_its_sentence_still_reports_the_event(coder):
    # nothing else codes: "after the bombing of the embassy" is the only report of that bombing
    evs = code_one(coder, "Crowds gathered in the capital after the bombing of the embassy.", [])
    assert [(e.cameo, e.trigger.text) for e in evs] == [("183", "bombing")]


@pytest.mark.parametrize("text,actors,expected", [
    # a capitalised name holding a trigger word is a name; the sentence's own event is coded
    ("The Joint Attack Review Board said Syria violated the embargo.", [("Syria", "SYR")],
     [("SYR", None, "128", (), None)]),
    # "sanctions" as a topic: nobody imposes anything
    ("Sanctions against Belarus remain in force.", [("Belarus", "BLR")], []),
    ("Minsk has long evaded the sanctions.", [("Minsk", "BLRGOV")], []),
    # with its imposer and target, an imposing verb, or as new measures it is 163
    ("Canadian sanctions on Belarus took effect.", [("Canadian", "CAN"), ("Belarus", "BLR")], [("CAN", "BLR", "163", (), None)]),
    ("Sanctions against Belarus were imposed by Canada.", [("Belarus", "BLR"), ("Canada", "CAN")],
     [("CAN", "BLR", "163", (), None)]),
    ("Ottawa sanctioned two Belarusian banks.", [("Ottawa", "CANGOV"), ("Belarusian banks", "BLRBUS")],
     [("CANGOV", "BLRBUS", "163", (), None)]),
])
def test_sanctions_as_a_name_or_a_topic_are_no_event(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


def test_title_cased_headline_keeps_its_triggers(coder):
    text = "Canada Imposes Sanctions On Belarus"
    assert _full(code_one(coder, text, [("Canada", "CAN"), ("Belarus", "BLR")])) == [("CAN", "BLR", "163", (), None)]


@pytest.mark.parametrize("text,actors,expected", [
    # a place beside which something happened is not the one it happened to
    ("Venezuela seized a cargo ship near Guyana.", [("Venezuela", "VEN"), ("Guyana", "GUY")],
     [("VEN", None, "1711", (), None)]),
    ("Venezuela seized a cargo ship off the coast of Guyana.", [("Venezuela", "VEN"), ("Guyana", "GUY")],
     [("VEN", None, "1711", (), None)]),
    # the owner named in the object is still the target
    ("Venezuela seized a Panamanian cargo ship near Guyana.",
     [("Venezuela", "VEN"), ("Panamanian", "PAN"), ("Guyana", "GUY")], [("VEN", "PAN", "1711", (), None)]),
    # an institution at the place is what a protest there is aimed at
    ("Students rallied outside the Turkish embassy.", [("Students", "EDU"), ("Turkish embassy", "TURGOV")],
     [("EDU", "TURGOV", "141", (), None)]),
    # the agent of a participle after a comma is not the object
    ("The Council held a meeting on Sudan, convened by Egypt.",
     [("The Council", "IGOUNO"), ("Sudan", "SDN"), ("Egypt", "EGY")], [("IGOUNO", "SDN", "040", (), None)]),
])
def test_locative_phrase_gives_no_target(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # a state or its government "protesting" complains officially (114)
    ("Athens protested over Turkey's drilling plans.", [("Athens", "GRCGOV"), ("Turkey", "TUR")],
     [("GRCGOV", "TUR", "114", (), None)]),
    ("Egypt protested against the dam.", [("Egypt", "EGY")], [("EGY", None, "114", (), None)]),
    # civilians, the opposition and a people named by a plural demonym demonstrate (140)
    ("Students protested against the dam.", [("Students", "---EDU")], [("---EDU", None, "140", (), None)]),
    ("Egyptians protested against the dam.", [("Egyptians", "EGY")], [("EGY", None, "140", (), None)]),
    ("Opposition supporters protested in Cairo.", [("Opposition supporters", "EGYOPP")], [("EGYOPP", None, "140", (), None)]),
])
def test_protest_by_a_state_is_an_official_complaint(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # the speaker of a trailing ", X said" is a party to the talks its statement sets conditions for;
    # the condition stops before the attribution
    ("Negotiations with Armenia are possible only if Baku changes course, Turkey said.",
     [("Armenia", "ARM"), ("Baku", "AZEGOV"), ("Turkey", "TUR")],
     [("TUR", "ARM", "046", ("hypothetical",), "Baku changes course")]),
    ("Talks with Serbia could resume once Belgrade recognises the border, the Croatian foreign ministry said.",
     [("Serbia", "SRB"), ("Belgrade", "SRBGOV"), ("Croatian foreign ministry", "HRVGOV")],
     [("HRVGOV", "SRB", "040", ("hypothetical",), "Belgrade recognises the border")]),
    # a reporter of shelling is not the one who shelled
    ("The shells landed near the border, the Croatian army said.", [("Croatian army", "HRVMIL")],
     [(None, None, "194", (), None)]),
])
def test_trailing_speaker_is_the_party_to_talks_it_sets_conditions_for(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # a subject quantified by "no" / "nobody" / "none of" says the event did not happen, as an object
    # quantified by "no" does
    ("No Ukrainian towns were shelled overnight.", [("Ukrainian", "UKR")], [(None, "UKR", "194", ("negated",), None)]),
    ("Nobody was arrested after the rally, Kenyan police said.", [("Kenyan police", "KENCOP")],
     [(None, None, "173", ("negated",), None)]),
    ("None of the Georgian monitors were detained.", [("Georgian monitors", "GEO")],
     [(None, "GEO", "173", ("negated",), None)]),
    # "no" as the determiner of the trigger itself: no such event took place
    # a place after "in" is where, not whom
    ("No damage was reported in Odesa.", [("Odesa", "UKR")], [(None, None, "171", ("negated",), None)]),
    # "no doubt" / "no fewer than" do not quantify anything
    ("There is no doubt that Serbia expelled the Croatian envoy.", [("Serbia", "SRB"), ("Croatian envoy", "HRVGOV")],
     [("SRB", "HRVGOV", "174", (), None)]),
])
def test_subject_quantified_by_no_negates_the_event(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # an event inside an if/unless/once/only-if clause is what something else depends on: hypothetical,
    # however far the condition word stands from the trigger
    ("Yerevan said a summit is possible only if the government of Azerbaijan finally withdraws its soldiers.",
     [("Yerevan", "ARMGOV"), ("government of Azerbaijan", "AZEGOV")], [("AZEGOV", None, "0874", ("hypothetical",), None)]),
    ("Unless the Malian junta in Bamako quickly releases the detained Ivorian soldiers, sanctions will follow.",
     [("Malian junta", "MLIGOV"), ("Bamako", "MLI"), ("Ivorian soldiers", "CIVMIL")],
     [("MLIGOV", "CIVMIL", "0841", ("hypothetical",), None)]),
    # "once" before a simple past is a time: the event took place
    ("Once the Ivorian soldiers were released by Mali, they flew home.",
     [("Ivorian soldiers", "CIVMIL"), ("Mali", "MLI")],
     [("MLI", "CIVMIL", "0841", (), None)]),
])
def test_event_inside_a_condition_clause_is_hypothetical(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # an event noun with "by X": X did it, to the noun's own object; the subject of the clause the noun
    # stands in (the ones who fled or died) is neither
    ("Farmers fled after the bombardment of Kharkiv by Russian artillery.",
     [("Farmers", "CVL"), ("Kharkiv", "UKR"), ("Russian artillery", "RUSMIL")], [("RUSMIL", "UKR", "194", (), None)]),
    ("Three detainees died after torture by Egyptian police.",
     [("detainees", "PRI"), ("Egyptian police", "EGYCOP")], [("EGYCOP", None, "1822", (), None)]),
    # the object may follow the agent
    ("Fishermen stayed ashore during a visit by Chinese warships to Cambodia.",
     [("Fishermen", "CVL"), ("Chinese warships", "CHNMIL"), ("Cambodia", "KHM")],
     [("CHNMIL", "KHM", "042", (), None)]),
])
def test_event_noun_takes_its_by_agent_as_source(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # agreeing on (new) sanctions against X imposes them: 163 by the subject against X, not 030
    ("NATO allies agreed tougher sanctions against Belarus.", [("NATO allies", "IGONAT"), ("Belarus", "BLR")],
     [("IGONAT", "BLR", "163", (), None)]),
    ("Canada agreed on sanctions against Iranian officials.", [("Canada", "CAN"), ("Iranian officials", "IRNGOV")],
     [("CAN", "IRNGOV", "163", (), None)]),
    # measures, prices and weather "hit" without force; the sanctions noun keeps its own event
    ("Sanctions by Canada hit Belarusian exporters.", [("Canada", "CAN"), ("Belarusian exporters", "BLRBUS")],
     [("CAN", "BLRBUS", "163", (), None)]),
    ("Soaring fuel prices hit Kenyan farmers.", [("Kenyan farmers", "KENAGR")], []),
    ("A tropical storm hit Manila on Sunday.", [("Manila", "PHL")], []),
    # weapons still strike
    ("Serbian shells hit Sarajevo.", [("Serbian", "SRB"), ("Sarajevo", "BIH")], [("SRB", "BIH", "194", (), None)]),
])
def test_agreed_sanctions_impose_and_measures_hit_without_force(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected


@pytest.mark.parametrize("text,actors,expected", [
    # a passive ban or bar is 172 towards the barred group; its source is only a "by X" agent
    ("Georgian reporters were barred from entering the region.", [("Georgian reporters", "GEOMED")],
     [(None, "GEOMED", "172", (), None)]),
    ("Two Belarusian cyclists were banned from competing by the Olympic committee.",
     [("Belarusian cyclists", "BLR"), ("Olympic committee", "IGOOLY")], [("IGOOLY", "BLR", "172", (), None)]),
])
def test_passive_bar_from_restricts_the_barred(coder, text, actors, expected):
    assert _full(code_one(coder, text, actors)) == expected
