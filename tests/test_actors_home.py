"""Actors: a bare domestic institution ("the military", "the defence ministry", "police") belongs to
the story's home country (the dateline's, else the subject of the preceding text), never to a
country that is only an object; capitals that own something after "over"/"in" are actors."""

from __future__ import annotations

import re

import pytest

from peacewatch.actors import ActorDictionaries, find_actors
from peacewatch.clean import prepare, split_sentences
from peacewatch.config import Options
from peacewatch.model import Article, RawDocument, Sentence


@pytest.fixture(scope="module")
def dicts() -> ActorDictionaries:
    return ActorDictionaries.from_paths([])


def plain(text: str, published: str = "2024-03-05", dateline: str | None = None):
    art = Article(article_id="t", origin="test", kind="text", raw_text=text, text=text, published=published,
                  dateline=dateline)
    sents = [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]*", text))]
    return art, sents


def codes(refs) -> list[tuple[str, str]]:
    return [(r.text, r.code) for r in refs]


def wire(body: str) -> tuple[Article, list[Sentence]]:
    raw = "Tuesday, 05 March 2024 03:10 GMT\n\nBorder tension rises again\n\n\n" + body + "\n"
    art = prepare(RawDocument(origin="home-test.txt", kind="text", raw_text=raw), Options())
    return art, split_sentences(art.text, art.body_start)


# --- the dateline's country ---------------------------------------------------------------------------


def test_dateline_country_beats_the_nearest_mention(dicts):
    art, sents = wire(
        "TOKYO, March 5 (PWS) -- Japan protested on Tuesday after a Chinese coast guard ship entered waters "
        "near islands held by Japan, the latest such incursion by China.\n\n"
        "The defence ministry said the ship left after two hours. Police said nobody was hurt."
    )
    assert art.dateline == "TOKYO, March 5"
    got = codes(find_actors(art, sents, dicts))
    assert ("The defence ministry", "JPNGOV") in got
    assert ("Police", "JPNCOP") in got


def test_dateline_with_a_country_part(dicts):
    art, sents = plain("Russia fired on a village. The military said it had shot down drones.", dateline="ODESA, Ukraine, March 4")
    got = codes(find_actors(art, sents, dicts))
    assert got == [("Russia", "RUS"), ("The military", "UKRMIL")]


def test_an_organisation_dateline_is_no_home(dicts):
    art, sents = plain("Iran rejected the report. The cabinet met on Monday.", dateline="UNITED NATIONS, March 4")
    got = codes(find_actors(art, sents, dicts))
    # no country in the dateline: the subject of the previous sentence
    assert got == [("Iran", "IRN"), ("The cabinet", "IRNGOV")]


# --- no dateline: the subject of the preceding text -----------------------------------------------------


def test_subject_not_the_object_of_a_preposition(dicts):
    text = ("India resumed flights to the border region on Monday in response to shelling from Pakistan. "
            "The Joint Chiefs of Staff said the flights would go on.")
    assert codes(find_actors(*plain(text), dicts)) == [
        ("India", "IND"), ("Pakistan", "PAK"), ("The Joint Chiefs of Staff", "INDMIL")]


def test_subject_not_the_object_of_a_verb(dicts):
    text = "Kenya accused Somalia of harbouring militants on Friday. Prosecutors opened a case."
    assert codes(find_actors(*plain(text), dicts)) == [
        ("Kenya", "KEN"), ("Somalia", "SOM"), ("militants", "SOMREB"), ("Prosecutors", "KENJUD")]


def test_an_opening_phrase_before_the_subject(dicts):
    text = "Last week Chile expelled two diplomats from Peru. On Monday, the interior ministry named them."
    got = codes(find_actors(*plain(text), dicts))
    assert ("the interior ministry", "CHLGOV") in got


def test_the_speaker_of_an_attribution_is_a_subject(dicts):
    text = ("Syria shelled three villages near the border on Friday, Turkey's foreign ministry said. "
            "The military said it had returned fire.")
    got = codes(find_actors(*plain(text), dicts))
    assert got[-1] == ("The military", "TURMIL")


def test_the_same_institution_mentioned_just_before(dicts):
    text = "Nigeria's army said rebels attacked a convoy. The military said six soldiers died."
    got = codes(find_actors(*plain(text), dicts))
    assert got[0] == ("Nigeria's army", "NGAMIL")
    assert ("The military", "NGAMIL") in got


def test_its_military_still_belongs_to_what_its_stands_for(dicts):
    text = "Iran tested a missile on Sunday. Israel said Iran was building up its military."
    got = codes(find_actors(*plain(text), dicts))
    assert got[-1] == ("military", "IRNMIL")


def test_plural_institutions_are_not_the_home_country(dicts):
    # "navies" is plural: it keeps the nearest-country reading, not the dateline's
    art, sents = plain("Peru hosted the talks. Navies from ten countries took part.", dateline="SANTIAGO, March 4")
    assert codes(find_actors(art, sents, dicts)) == [("Peru", "PER"), ("Navies", "PERMIL")]


def test_another_sector_just_before_is_not_the_same_institution(dicts):
    text = "Last week Chile expelled two diplomats from Peru. The interior ministry named them."
    got = codes(find_actors(*plain(text), dicts))
    assert got[-1] == ("The interior ministry", "CHLGOV")


def test_no_country_at_all_leaves_the_sector_alone(dicts):
    assert codes(find_actors(*plain("The defence ministry said the drill was over."), dicts)) == [
        ("The defence ministry", "---GOV")]


# --- the unification ministry, the Pentagon ------------------------------------------------------------


def test_unification_ministry_is_south_korean_wherever_it_stands(dicts):
    text = "North Korea sent more balloons. The unification ministry urged Pyongyang to stop."
    got = codes(find_actors(*plain(text), dicts))
    assert got == [("North Korea", "PRK"), ("unification ministry", "KORGOV"), ("Pyongyang", "PRKGOV")]


def test_a_country_with_its_own_institution_is_one_actor(dicts):
    got = codes(find_actors(*plain("South Korea's unification ministry said talks were needed."), dicts))
    assert got == [("South Korea's unification ministry", "KORGOV")]
    got = codes(find_actors(*plain("Japan's KCNA bureau closed."), dicts))
    assert got == [("Japan", "JPN"), ("KCNA", "PRKMED")]  # a different country's institution stays apart


def test_pentagon_alone_is_american(dicts):
    text = "A soldier crossed into North Korea. The Pentagon said it was in contact with Pyongyang."
    got = codes(find_actors(*plain(text, published="2023-07-19"), dicts))
    assert ("Pentagon", "USAGOV") in got


# --- a capital that owns something after "over" / "in" is an actor -----------------------------------


def test_possessor_after_over_is_an_actor(dicts):
    got = codes(find_actors(*plain("Tokyo voiced concern over Beijing's new coast guard law."), dicts))
    assert got == [("Tokyo", "JPNGOV"), ("Beijing", "CHNGOV")]


def test_a_place_after_in_stays_a_place(dicts):
    assert codes(find_actors(*plain("Protesters gathered in Bangkok on Sunday."), dicts)) == [("Protesters", "---OPP")]
    # what the capital owns is itself a place: still a place
    assert codes(find_actors(*plain("A bomb went off in Kabul's diplomatic district."), dicts)) == []


# --- the full coder on a datelined story ------------------------------------------------------------------


def test_coded_event_keeps_its_target_with_a_dateline():
    from peacewatch.pipeline import Pipeline

    raw = ("Monday, 10 June 2024 02:20 GMT\n\nSeoul answers balloons\n\n\n"
           "SEOUL, June 10 (PWS) -- South Korea switched on loudspeakers on Sunday after more balloons "
           "came from North Korea.\n\n"
           "The Joint Chiefs of Staff said the broadcasts ran for two hours. The North had called the "
           "broadcasts a provocation.\n\n"
           "The unification ministry urged Pyongyang to stop sending balloons.\n")
    p = Pipeline(Options())
    coded = p.code_document(RawDocument(origin="t.txt", kind="text", raw_text=raw), with_quotes=False)
    by_sentence = {e.sentence: e for e in coded.events}
    # (a bare "said" is no event: the JCS is checked as the actor it resolves to)
    jcs = next(a for a in coded.actors if a.text.startswith("The Joint Chiefs"))
    assert jcs.code == "KORMIL"
    urge = next(e for s, e in by_sentence.items() if s.startswith("The unification ministry"))
    assert (urge.source.code, urge.target.code if urge.target else None) == ("KORGOV", "PRKGOV")
