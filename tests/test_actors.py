"""Actors: dictionaries, mention detection, dated resolution, in-story references, the seed story."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.actors import ActorDictionaries, find_actors, find_mentions, load_dictionaries, resolve_name
from peacewatch.config import Options
from peacewatch.errors import DictionaryError
from peacewatch.model import Article, RawDocument, Sentence


@pytest.fixture(scope="module")
def dicts() -> ActorDictionaries:
    return ActorDictionaries.from_paths([])


def article(text: str, published: str | None = "2025-09-24") -> tuple[Article, list[Sentence]]:
    art = Article(article_id="t", origin="test", kind="text", raw_text=text, text=text, published=published)
    sents = [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]*", text))]
    return art, sents


def actors_of(text: str, dicts, published: str | None = "2025-09-24"):
    art, sents = article(text, published)
    return find_actors(art, sents, dicts)


def by_text(refs, text):
    got = [r for r in refs if r.text == text]
    assert got, f"no actor {text!r} in {[(r.text, r.code) for r in refs]}"
    return got[0]


# --- the seed story ---------------------------------------------------------------------------------


def _seed_article(seed_path: Path):
    from peacewatch.clean import prepare, split_sentences

    art = prepare(RawDocument(origin=str(seed_path), kind="text", raw_text=seed_path.read_text(encoding="utf-8")), Options())
    return art, split_sentences(art.text, art.body_start)


def test_seed_every_expected_actor_resolves(seed_path, seed_expected, dicts):
    art, sents = _seed_article(seed_path)
    assert art.published == "2025-09-24"
    refs = find_actors(art, sents, dicts)
    for exp in seed_expected["actors"]:
        i = art.text.find(exp["text"])
        assert i >= 0, exp["text"]
        j = i + len(exp["text"])
        hits = [r for r in refs if r.start < j and i < r.end]
        assert hits, f"{exp['text']!r} not found"
        if isinstance(exp["code"], list):
            assert [m.code for m in hits[0].members] == exp["code"], exp
        else:
            assert hits[0].code == exp["code"], (exp, hits[0])
    # every occurrence of the expected names, not only the first
    for r in refs:
        if r.name == "Lee Jae Myung":
            assert r.code == "KORGOV", r
    lead = by_text(refs, "South Korean President Lee Jae Myung")  # one merged span
    assert (lead.country, lead.sector, lead.name) == ("KOR", "GOV", "Lee Jae Myung")
    assert "2025-06-04" in lead.resolution
    assert by_text(refs, "The UN leader").name == "Antonio Guterres"
    assert by_text(refs, "his office").resolution.startswith("coreference")


def test_seed_dated_2024_lee_is_not_government(seed_path, dicts):
    art, sents = _seed_article(seed_path)
    art = dataclasses.replace(art, published="2024-01-02")
    refs = find_actors(art, sents, dicts)
    lees = [r for r in refs if r.name == "Lee Jae Myung"]
    assert len(lees) >= 4
    assert all(r.code == "KOROPP" for r in lees), [(r.text, r.code) for r in lees]
    assert by_text(refs, "his office").code != "KORGOV"
    # the rest does not depend on Lee's role
    assert by_text(refs, "Seoul").code == "KORGOV"
    assert by_text(refs, "Pyongyang").code == "PRKGOV"


def test_offsets_index_the_text(seed_path, dicts):
    art, sents = _seed_article(seed_path)
    refs = find_actors(art, sents, dicts)
    assert refs == sorted(refs, key=lambda r: (r.start, -r.end))
    for r in refs:
        assert art.text[r.start : r.end] == r.text


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date,code",
    [("2025-06-04", "KORGOV"), ("2025-06-03", "KOROPP"), ("2022-05-10", "KOROPP"), ("2020-01-01", "KOR"), (None, "KORGOV")],
)
def test_lee_jae_myung_by_date(dicts, date, code):
    assert actors_of("Lee Jae Myung spoke.", dicts, date)[0].code == code


def test_same_surname_other_person_roles(dicts):
    assert actors_of("Moon Jae-in met reporters.", dicts, "2018-04-27")[0].code == "KORGOV"
    assert actors_of("Moon Jae-in met reporters.", dicts, "2023-01-01")[0].code == "KORELI"
    assert actors_of("Ban Ki-moon spoke.", dicts, "2010-01-01")[0].code == "IGOUNO"
    assert actors_of("Ban Ki-moon spoke.", dicts, "2005-01-01")[0].code == "KORGOV"


# --- mention detection ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un", "KIM JONG UN", "Kim Jongun"])
def test_korean_name_variants(dicts, name):
    refs = actors_of(f"{name} inspected a factory.", dicts, "2020-01-01")
    assert refs[0].text == name and refs[0].code == "PRKGOV" and refs[0].name == "Kim Jong Un"


@pytest.mark.parametrize("name", ["Yoon Suk Yeol", "Yoon Suk-yeol", "Lee Jae-myung", "Moon Jae In", "Choe Son Hui", "Kim Yo-jong", "António Guterres"])
def test_more_variants_are_people(dicts, name):
    refs = actors_of(f"{name} said so.", dicts, "2023-01-01")
    assert refs and refs[0].text == name and refs[0].name is not None


def test_possessives_and_plurals(dicts):
    refs = actors_of("Pyongyang's missile and South Koreans' anger and Pyongyang’s envoy.", dicts)
    assert [(r.text, r.code) for r in refs[:2]] == [("Pyongyang", "PRKGOV"), ("South Koreans", "KOR")]
    assert any(r.text.startswith("Pyongyang") and r.start > 30 and r.code == "PRKGOV" for r in refs)
    ms = find_mentions("Pyongyang's missile", dicts)
    assert ms[0].possessive and ms[0].end == len("Pyongyang")


def test_acronyms_only_in_upper_case(dicts):
    refs = actors_of("Let us talk to the US and the UN, said the un-named man.", dicts)
    assert [(r.text, r.code) for r in refs if r.code in ("USA", "IGOUNO")] == [("US", "USA"), ("UN", "IGOUNO")]
    assert not [m for m in find_mentions("let us go", dicts) if m.entry.name == "United States"]


def test_longest_match_first(dicts):
    ms = find_mentions("North Korean troops and the United Nations Security Council met.", dicts)
    assert [m.text for m in ms][:3] == ["North Korean", "troops", "United Nations Security Council"]
    refs = actors_of("North Korean troops crossed.", dicts)
    assert [(r.text, r.code) for r in refs] == [("North Korean troops", "PRKMIL")]


def test_word_boundaries(dicts):
    # "Oman" inside "woman", "Iran" inside "Tirana", "Chad" lower case: none is an actor
    assert not [m for m in find_mentions("A woman in Tirana had a chad.", dicts) if m.entry.code in ("OMN", "IRN", "TCD")]


def test_country_with_agent_merged(dicts):
    refs = actors_of("North Korea's foreign ministry said on Monday that the Croatian government's request failed.", dicts)
    assert (refs[0].text, refs[0].code) == ("North Korea's foreign ministry", "PRKGOV")
    assert by_text(refs, "Croatian government").code == "HRVGOV"
    refs = actors_of("Iraqi troops launched an assault as Baghdad's forces advanced.", dicts)
    assert [(r.text, r.code) for r in refs] == [("Iraqi troops", "IRQMIL"), ("Baghdad's forces", "IRQMIL")]


def test_agent_of_country(dicts):
    refs = actors_of("The foreign minister of North Korea arrived.", dicts)
    assert (refs[0].text, refs[0].code) == ("The foreign minister of North Korea", "PRKGOV")


def test_capitals_as_places_are_not_actors(dicts):
    refs = actors_of("A car bomb in Kiev killed a man. Seoul protested.", dicts)
    assert [(r.text, r.code) for r in refs] == [("Seoul", "KORGOV")]


def test_adjectival_agent_is_not_an_actor(dicts):
    refs = actors_of("Lee Jae Myung voiced concern about military frictions. The military said nothing.", dicts)
    assert [r.text for r in refs] == ["Lee Jae Myung", "The military"]
    assert refs[1].code == "KORMIL"


# --- references inside a story ---------------------------------------------------------------------


def test_surname_title_pronoun_and_office(dicts):
    text = (
        "Japanese Prime Minister Fumio Kishida met Chinese Premier Li Qiang in Tokyo. "
        "Kishida said the talks were useful. The prime minister added that he would visit Beijing. "
        "His office released a statement."
    )
    refs = actors_of(text, dicts, "2023-05-01")
    assert by_text(refs, "Japanese Prime Minister Fumio Kishida").code == "JPNGOV"
    assert by_text(refs, "Chinese Premier Li Qiang").code == "CHNGOV"
    k = by_text(refs, "Kishida")
    assert k.name == "Fumio Kishida" and k.resolution.startswith("coreference: surname")
    pm = by_text(refs, "The prime minister")
    assert pm.name == "Fumio Kishida" and pm.code == "JPNGOV"
    he = by_text(refs, "he")
    assert he.name == "Fumio Kishida"
    assert by_text(refs, "His office").code == "JPNGOV"
    assert not [r for r in refs if r.text == "Tokyo"]  # "in Tokyo" is a place
    assert by_text(refs, "Beijing").code == "CHNGOV"


def test_secretary_general_and_organisation(dicts):
    refs = actors_of("The Secretary-General spoke. The organization will help.", dicts)
    assert [(r.text, r.code) for r in refs] == [("The Secretary-General", "IGOUNO"), ("The organization", "IGOUNO")]
    refs = actors_of("NATO Secretary-General spoke.", dicts)
    assert refs[0].code == "IGOWSTNAT"


def test_two_koreas_compound(dicts):
    refs = actors_of("Tension between the two Koreas rose; both Koreas blamed each other.", dicts)
    assert [r.code for r in refs] == ["KOR/PRK", "KOR/PRK"]
    assert [m.code for m in refs[0].members] == ["KOR", "PRK"]
    assert refs[0].to_dict()["members"][1]["country"] == "PRK"


def test_the_north_only_in_korea_stories(dicts):
    refs = actors_of("Seoul said the North fired a missile.", dicts)
    assert by_text(refs, "the North").code == "PRK"
    assert not actors_of("Storms hit the North of England.", dicts)


def test_no_date_uses_latest_role(dicts):
    refs = actors_of("Yoon Suk Yeol spoke.", dicts, None)
    assert refs[0].code == "KORELI"
    assert "no date" in refs[0].resolution


# --- resolve_name ----------------------------------------------------------------------------------


def test_resolve_name_explains_roles(dicts):
    r = resolve_name("Lee Jae Myung", "2024-01-02", dicts)
    assert r.code == "KOROPP"
    roles = r.entries[0]["roles"]
    assert [x["code"] for x in roles] == ["KORGOV", "KOROPP", "KOR"]
    assert roles[0]["from"] == "2025-06-04" and roles[0]["in_force"] is False
    assert roles[1]["in_force"] is True
    assert resolve_name("Nobody Atall", None, dicts).code is None


# --- the native format: validation ----------------------------------------------------------------


GOOD = """# peacewatch actors 1
[person] Jane Roe
names: Jane Roe | J. Roe
role: KORGOV 2020-01..2020-12 | minister
[org] Test Org
code: IGOTST
"""


def test_user_dictionary_beside_builtin(tmp_path, dicts):
    (tmp_path / "mine.txt").write_text(GOOD, encoding="utf-8")
    d = ActorDictionaries.from_paths([tmp_path])
    assert d.summary()["people"] == dicts.summary()["people"] + 1
    assert actors_of("Jane Roe spoke to Test Org.", d, "2020-06-01")[0].code == "KORGOV"
    assert actors_of("Jane Roe spoke.", d, "2021-01-01")[0].code == "KOR"  # no role then: her country
    only = ActorDictionaries.from_paths([tmp_path], builtin=False)
    assert only.summary()["entries"] == 2
    assert not actors_of("Seoul said.", only)


@pytest.mark.parametrize(
    "bad,line,what",
    [
        ("[person] X\nrole: KORGOV 2020-13-01..\n", 3, "no such date"),
        ("[person] X\nrole: KORGOV 20-01-01..\n", 3, "bad date"),
        ("[person] X\nrole: KORGOV 2021..2020\n", 3, "ends before"),
        ("[org] X\ncode: not a code\n", 3, "bad actor code"),
        ("[wizard] X\ncode: KOR\n", 2, "unknown kind"),
        ("names: X\n", 2, "before any entry"),
        ("[org] X\ncolour: blue\n", 3, "unknown key"),
        ("[org] X\nthis line is junk\n", 3, "cannot read"),
        ("[org] X\nnames: X\n", 2, "has no code"),
    ],
)
def test_malformed_native_lines(tmp_path, bad, line, what):
    f = tmp_path / "bad_actors.txt"
    f.write_text("# peacewatch actors 1\n" + bad, encoding="utf-8")
    with pytest.raises(DictionaryError) as ei:
        ActorDictionaries.from_paths([f], builtin=False)
    msg = str(ei.value)
    assert msg.startswith(f"{f}:{line}: "), msg
    assert what in msg and ";" in msg  # what is wrong; how to fix


def test_load_dictionaries_is_cached(tmp_path):
    a = load_dictionaries(Options())
    assert load_dictionaries(Options()) is a
    (tmp_path / "x_actors.txt").write_text(GOOD, encoding="utf-8")
    b = load_dictionaries(Options(dictionaries=(tmp_path,)))
    assert b is not a and load_dictionaries(Options(dictionaries=(tmp_path,))) is b


def test_builtin_summary(dicts):
    s = dicts.summary()
    assert s["countries"] >= 250 and s["people_with_roles"] >= 150 and s["organisations"] >= 30
    assert s["date_restricted_codes"] > 200 and s["agents"] >= 20


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab KNORTHUSeolx'’-.,İ\n")), max_size=200) | st.text(max_size=200))
def test_find_actors_never_breaks_on_any_text(text):
    d = _DICTS
    art, sents = article(text)
    for r in find_actors(art, sents, d):
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text


_DICTS = ActorDictionaries.from_paths([])
