"""Quotes: every shape on sentences written for these tests, the seed story, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import split_sentences_simply as split
from peacewatch.model import ActorRef, Article
from peacewatch.quotes import extract_quotes
from peacewatch.text import parse_article


# --- building the input records ------------------------------------------------------------------


def actor(text: str, phrase: str, code: str, name: str | None = None, nth: int = 0, res: str = "") -> ActorRef:
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    return ActorRef(code, code[:3], code[3:] or None, name or phrase, phrase, at, at + len(phrase), res)


def article(text: str, title: str | None = None, published: str = "2025-09-24") -> Article:
    full = f"{title}\n\n{text}" if title else text
    return Article("t1", "test", "text", full, full, len(title) + 2 if title else 0, title=title, published=published)


def run(text: str, specs: list[tuple], title: str | None = None):
    art = article(text, title)
    acts = sorted((actor(art.text, *s) for s in specs), key=lambda a: a.start)
    return art, extract_quotes(parse_article(art, split(art.text), acts))


def only(quotes, direct=True):
    return [q for q in quotes if q.direct is direct]


PERSON = "dictionary: person"


# --- direct quotations ---------------------------------------------------------------------------


def test_curly_full_quote_attributed_after():
    text = "“We will not give up on dialogue,” Kim Yo Jong said on Friday."
    art, qs = run(text, [("Kim Yo Jong", "PRKGOV", "Kim Yo Jong", 0, PERSON)])
    (q,) = qs
    assert q.text == "We will not give up on dialogue,"
    assert (q.start, q.end) == (1, 33)
    assert art.text[q.start : q.end] == q.text
    assert q.direct is True and q.verb == "said"
    assert q.speaker.code == "PRKGOV" and q.speaker.text == "Kim Yo Jong"
    assert q.date == "2025-09-24" and q.sentence_index == 0 and q.article_id == "t1"


def test_straight_quote_with_inverted_verb():
    text = 'Seoul sent a delegation. "Talks must resume before winter," said Chung Dong-young, the unification minister.'
    art, qs = run(text, [("Seoul", "KORGOV"), ("Chung Dong-young", "KORGOV", "Chung Dong-young", 0, PERSON)])
    (q,) = only(qs)
    assert q.text == "Talks must resume before winter,"
    assert q.speaker.text == "Chung Dong-young" and q.verb == "said"


def test_partial_quote_drops_trailing_comma_and_speaker_is_main_subject():
    text = "The foreign minister of Japan welcomed the offer, calling it a “constructive signal,” and left Seoul."
    art, qs = run(text, [("The foreign minister of Japan", "JPNGOV", "Foreign Minister", 0, "title")])
    (q,) = qs
    assert q.text == "constructive signal"
    assert art.text[q.start : q.end] == "constructive signal"
    assert q.verb == "calling" and q.speaker.code == "JPNGOV"


def test_what_he_called_resolves_the_pronoun_to_the_last_person():
    text = "Moon Jae-in vowed to end what he called a “cycle of mistrust” between the Koreas."
    art, qs = run(text, [("Moon Jae-in", "KORGOV", "Moon Jae-in", 0, PERSON)])
    (q,) = only(qs)
    assert q.text == "cycle of mistrust"
    assert q.verb == "called"
    assert q.speaker.code == "KORGOV" and q.speaker.text == "he" and q.speaker.name == "Moon Jae-in"


def test_quote_over_two_sentences():
    text = "“We are ready. The ball is in Washington's court,” Choe Son Hui told reporters."
    art, qs = run(text, [("Choe Son Hui", "PRKGOV", "Choe Son Hui", 0, PERSON), ("Washington", "USAGOV")])
    (q,) = only(qs)
    assert q.text == "We are ready. The ball is in Washington's court,"
    assert q.verb == "told" and q.speaker.text == "Choe Son Hui"


def test_quote_over_paragraphs_and_continuation():
    text = (
        "“We want peace on the peninsula,” Choe Son Hui said. “We have waited long enough.\n\n"
        "“Now it is the turn of the other side to act.”"
    )
    art, qs = run(text, [("Choe Son Hui", "PRKGOV", "Choe Son Hui", 0, PERSON)])
    qs = only(qs)
    assert [q.text for q in qs] == [
        "We want peace on the peninsula,",
        "We have waited long enough.",
        "Now it is the turn of the other side to act.",
    ]
    assert all(q.speaker and q.speaker.code == "PRKGOV" for q in qs)
    for q in qs:
        assert art.text[q.start : q.end] == q.text


def test_quote_inside_quote_stays_in_the_outer_text():
    text = "“They called it ‘a provocation,’ but it was a routine drill,” the spokesman Kim Jun Rak said."
    art, qs = run(text, [("Kim Jun Rak", "KORMIL", "Kim Jun Rak", 0, PERSON)])
    (q,) = only(qs)
    assert q.text == "They called it ‘a provocation,’ but it was a routine drill,"
    assert q.speaker.code == "KORMIL"


def test_colon_block_quote_without_marks():
    text = "Kim Jong Il said:\n\nI extend warm congratulations to you on the anniversary of the Republic."
    art, qs = run(text, [("Kim Jong Il", "PRKGOV", "Kim Jong Il", 0, PERSON)])
    (q,) = qs
    assert q.text == "I extend warm congratulations to you on the anniversary of the Republic."
    assert q.direct and q.speaker.code == "PRKGOV" and q.verb == "said"


def test_apostrophes_are_not_quote_marks():
    text = "Lee’s aides said the U.N.'s role was central. The Koreas' leaders met in 2018."
    art, qs = run(text, [("Lee", "KORGOV", "Lee Jae Myung", 0, PERSON), ("Koreas", "KOR", "two Koreas")])
    assert only(qs) == []


def test_single_straight_quotes_outside_double_quotes():
    text = "Pyongyang called the drills 'a rehearsal for invasion' in a statement."
    art, qs = run(text, [("Pyongyang", "PRKGOV")])
    (q,) = qs
    assert q.text == "a rehearsal for invasion" and q.speaker.code == "PRKGOV" and q.verb == "called"


# --- the scare-quote rule ------------------------------------------------------------------------


def test_scare_quotes_without_speaker_are_dropped():
    text = 'The so-called "reform" began in May. A lecture on "Peace in Northeast Asia and the path ahead" was given.'
    art, qs = run(text, [])
    assert qs == []


def test_long_full_quote_without_speaker_is_kept_with_none():
    text = "“The border will stay open to aid convoys through the winter.” The statement gave no date."
    art, qs = run(text, [])
    (q,) = qs
    assert q.text == "The border will stay open to aid convoys through the winter." and q.speaker is None


# --- reported speech -----------------------------------------------------------------------------


def test_said_in_a_statement_that():
    text = "The Defence Ministry said in a statement on Tuesday that the drills would continue until March."
    art, qs = run(text, [("The Defence Ministry", "KORMIL")])
    (q,) = qs
    assert q.text == "the drills would continue until March"
    assert q.direct is False and q.verb == "said" and q.speaker.code == "KORMIL"
    assert art.text[q.start : q.end] == q.text


def test_said_without_that():
    text = "Japan said the abduction issue must be settled first."
    art, qs = run(text, [("Japan", "JPN")])
    (q,) = qs
    assert q.text == "the abduction issue must be settled first" and not q.direct and q.speaker.code == "JPN"


def test_according_to_his_office():
    text = "Lee Jae Myung met the envoy. He will travel to New York next week, according to his office."
    art, qs = run(text, [("Lee Jae Myung", "KORGOV", "Lee Jae Myung", 0, PERSON), ("his office", "KORGOV", "Office of the President")])
    (q,) = qs
    assert q.text == "He will travel to New York next week"
    assert q.verb == "according to" and q.speaker.text == "his office" and not q.direct


def test_according_to_reports_names_no_speaker():
    text = "The talks were delayed, according to reports on Wednesday."
    assert run(text, [])[1] == []


def test_told_reporters_that_with_clause_end_at_but():
    text = "Kim told reporters that the border would reopen soon, but gave no date."
    art, qs = run(text, [("Kim", "PRKGOV", "Kim Yong Chol", 0, PERSON)])
    (q,) = qs
    assert q.text == "the border would reopen soon" and q.verb == "told"


def test_reported_his_office_pronoun_fallback_when_not_an_actor():
    # the actor stage did not resolve "his office": the pronoun goes to the last person
    text = "Yoon Suk Yeol left Seoul. His office said that the summit would go ahead."
    art, qs = run(text, [("Yoon Suk Yeol", "KORGOV", "Yoon Suk Yeol", 0, PERSON), ("Seoul", "KORGOV")])
    (q,) = qs
    assert q.text == "the summit would go ahead"
    assert q.speaker.code == "KORGOV" and q.speaker.text == "His office" and q.speaker.name == "Yoon Suk Yeol"


def test_reported_speech_without_actor_is_dropped():
    assert run("Officials said that the talks had stalled.", [])[1] == []


# --- the seed story ------------------------------------------------------------------------------


def _seed_pipeline_available() -> bool:
    try:
        from peacewatch.actors import find_actors, load_dictionaries  # noqa: F401
        from peacewatch.clean import prepare, split_sentences  # noqa: F401
    except ImportError:
        return False
    return True


def test_seed_quotes_with_speakers(seed_path, seed_expected):
    from peacewatch.config import Options
    from peacewatch.model import RawDocument
    from peacewatch.pipeline import Pipeline

    pipe = Pipeline(Options())
    coded = pipe.code_document(RawDocument(str(seed_path), "text", seed_path.read_text(encoding="utf-8")))
    art, quotes = coded.article, coded.quotes
    direct = [q for q in quotes if q.direct]
    assert [q.text for q in direct] == [e["text"] for e in seed_expected["quotes"]]
    for q, e in zip(direct, seed_expected["quotes"]):
        assert q.speaker is not None, q.text
        assert q.speaker.code == e["speaker_code"], (q.text, q.speaker)
        assert e["speaker"] in (q.speaker.name, q.speaker.text), (q.text, q.speaker)
        assert art.text[q.start : q.end] == q.text
        assert q.date == seed_expected["metadata"]["published"]


# --- fuzzing -------------------------------------------------------------------------------------

ALPHABET = st.sampled_from(list("ab Kim said that, .:;\n\"'“”‘’„«»—-") + ["said", " told ", " according to ", "\n\n", "Lee", " he "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(ALPHABET, max_size=60), spans=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 12)), max_size=5))
def test_extract_quotes_never_raises_and_offsets_index_the_text(pieces, spans):
    text = "".join(pieces)
    art = article(text)
    acts = []
    for s, ln in spans:
        if s < len(text):
            e = min(len(text), s + ln)
            acts.append(ActorRef("KORGOV", "KOR", "GOV", "X", text[s:e], s, e, "dictionary: person"))
    acts.sort(key=lambda a: a.start)
    for q in extract_quotes(parse_article(art, split(text), acts)):
        assert art.text[q.start : q.end] == q.text
        assert 0 <= q.start <= q.end <= len(text)


# --- documents, pronoun speakers, participles, titles (wire-copy rules) ----------------------------


def test_the_article_speaks_for_the_paper_that_published_it():
    text = (
        "Rodong Sinmun Saturday says this in a bylined article.\n"
        "The article notes that independence is a principle to be kept by all Koreans in the reunification struggle."
    )
    art, qs = run(text, [("Rodong Sinmun", "PRKMED", "Rodong Sinmun"), ("Koreans", "KOR")])
    (q,) = qs
    assert q.text == "independence is a principle to be kept by all Koreans in the reunification struggle"
    assert q.speaker.code == "PRKMED" and q.speaker.text == "The article" and q.verb == "notes"


def test_it_is_the_statement_not_a_country_inside_the_reported_content():
    text = (
        "The Congolese Party of Labour issued a statement on Monday.\n"
        "Russia and China were threatened by Washington, it noted, adding that the nuclear issue was caused by the threat."
    )
    art, qs = run(text, [("The Congolese Party of Labour", "COGPTY", "Congolese Party of Labour"),
                         ("Washington", "USAGOV"), ("Russia", "RUS"), ("China", "CHN"), ("it", "RUS", "Russia", 0)])
    noted, added = qs
    assert (noted.text, noted.verb) == ("Russia and China were threatened by Washington", "noted")
    assert (added.text, added.verb) == ("the nuclear issue was caused by the threat", "adding")
    for q in qs:
        assert q.speaker.code == "COGPTY" and q.speaker.text == "it"


def test_participle_takes_the_subject_of_the_finite_verb():
    text = (
        "Kim Jong Il set an example at the factory in 1961, the reporter said, adding:\n\n"
        "The movement spread to ten thousand workshops over the following years."
    )
    art, qs = run(text, [("Kim Jong Il", "PRKGOV", "Kim Jong Il", 0, PERSON), ("the reporter", "PRKMED", "reporter")])
    block = [q for q in qs if q.direct]
    assert [q.speaker.code for q in block] == ["PRKMED"]


def test_titles_are_not_speech():
    text = (
        'The paper ran an article titled "The Forced March Made With Love For People" on Monday.\n'
        '"Grand National Party" lawmakers walked out of the session in protest.'
    )
    art, qs = run(text, [])
    assert qs == []
