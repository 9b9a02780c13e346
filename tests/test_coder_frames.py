"""The parse-based coder on whole stories through the real pipeline (spaCy parse, built-in
dictionaries): whose action an infinitive or gerund under a noun is, purposes and allegations
that are not facts, verbs that are protests only without an object, what an "anti-X" phrase is
against, and sector words placed by the event's location. Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacewatch.api import code_text

SHARED = Path(__file__).resolve().parents[2] / "shared"


def events(text: str, date: str = "2011-06-01") -> list[tuple[str | None, str | None, str, bool]]:
    """(source, target, cameo, in the dataset) of every event of ``text``."""
    out = []
    for e in code_text(text, date):
        m = e["modality"]
        shown = not (m["negated"] or m["hypothetical"] or m["historical"] or e["incomplete"])
        out.append((e["source"]["code"] if e["source"] else None, e["target"]["code"] if e["target"] else None,
                    e["cameo"], shown))
    return sorted(out, key=lambda t: (t[2], str(t[0]), str(t[1])))


def test_gerund_under_an_object_noun_is_the_subjects_action():
    # "ruled out any idea of delaying imposing tariffs": the officials are the ones imposing
    got = events("U.S. officials ruled out any idea of delaying imposing the tariffs on Japan.")
    assert ("USAGOV", "JPN", "163", True) in got


def test_purpose_infinitive_shares_the_subject_and_is_an_aim():
    got = events("The DPRK side remains unchanged in its stand to resume the six-party talks at an early date.")
    assert [(s, c, shown) for s, _t, c, shown in got] == [("PRK", "046", False)]


def test_infinitive_of_a_possessed_noun_is_the_possessors():
    got = events("Japan announced its plan to expel the Chinese ambassador.")
    assert any(s == "JPN" and c.startswith("17") or c.startswith("16") for s, _t, c, _ in got), got
    assert all(not shown for s, _t, c, shown in got if c.startswith(("16", "17"))), got  # a plan: not done


@pytest.mark.parametrize("text", [
    "Afghanistan has denied charges of bombing Pakistani territory.",
    "Pakistan rejected accusations that its troops attacked Afghan posts.",
])
def test_what_an_allegation_says_is_not_a_fact(text):
    got = events(text)
    force = [g for g in got if g[2][:2] in ("18", "19")]
    assert force and not any(shown for *_, shown in force), got


def test_a_fact_of_force_stays_a_fact():
    assert events("Afghan planes bombed Pakistani territory.") == [("AFG", "PAK", "195", True)]  # aerial weapons


@pytest.mark.parametrize("text, protest", [
    ("Thousands of students demonstrated in Seoul on Saturday.", True),
    ("The minister must demonstrate her sincerity on the issue.", False),
    ("He travelled the country to rally the masses.", False),
    ("Farmers rallied in front of parliament.", True),
])
def test_protest_verbs_only_without_an_object(text, protest):
    assert any(c.startswith("14") for _s, _t, c, _ in events(text)) is protest


def test_an_anti_x_rally_is_against_x():
    got = events("Thousands of students staged an anti-American rally in Seoul.")
    assert [(t, c) for _s, t, c, _ in got] == [("USA", "141")]


def test_bare_police_take_the_country_of_the_events_place():
    story = ("Protest continues in Washington\n\n"
             "Hundreds of demonstrators camped in a square near the White House on Monday. "
             "The police arrested several protesters.")
    got = events(story)
    arrest = [g for g in got if g[2] == "173"]
    assert arrest and arrest[0][0] == "USACOP", got


@pytest.mark.parametrize("text, source", [
    ("Insurgents detonated a roadside bomb in Narathiwat province on Saturday.", "THAREB"),
    ("Unidentified assailants attacked a police station in Peshawar on Monday.", "PAKREB"),
])
def test_bare_insurgents_and_assailants_take_the_country_of_the_events_place(text, source):
    got = events(text)
    assert any(s == source and c.startswith(("18", "19")) and shown for s, _t, c, shown in got), got


def test_victims_are_of_the_place_not_of_the_doers_country():
    # "people" would take the nearest country named, the attackers' (AFG); the village is in Pakistan
    got = events("Afghan warplanes bombed a village near Parachinar on Friday, killing 22 people.")
    assert ("AFGMIL", "PAKCVL", "190", True) in got, got
    # where the place is the doers' own country, the guess stands
    got = events("Syrian troops killed 12 civilians in Homs on Monday.")
    assert ("SYRMIL", "SYRCVL", "190", True) in got, got


def test_troops_are_not_placed_by_location():
    # soldiers often act abroad: a bare "troops" gets no country from where the event happened
    story = "Fighting near Kandahar\n\nTroops attacked a village near Kandahar on Monday."
    for s, _t, c, _ in events(story):
        if c.startswith("19"):
            assert s is None or not s.startswith("AFG"), s


@pytest.mark.parametrize("text, expected", [
    ("Russia said Israel must withdraw its troops from Gaza.", ("RUS", "ISR", "1056", True)),
    ("China said North Korea should return to the talks.", ("CHN", "PRK", "026", True)),
])
def test_what_a_speaker_says_another_must_or_should_do_is_a_demand_or_appeal(text, expected):
    assert events(text) == [expected]


def test_what_a_speaker_says_its_own_side_must_do_is_no_demand():
    got = events("Russia said Russian troops must withdraw from the border area.")
    assert not any(c.startswith("10") for _s, _t, c, _ in got), got


def test_an_event_responded_to_is_somebody_elses():
    got = events("Russia said it must respond to the attack.")
    assert not any(s == "RUS" for s, _t, _c, _ in got), got  # neither Russia's attack nor a threat


def test_a_negation_the_pattern_matched_is_the_event():
    assert events("Iran will not yield to pressure from the United States.") == [("IRN", "USA", "124", True)]


def test_a_source_placed_after_the_verb_leaves_the_subject_as_target():
    assert events("Kim Jong Il received a gift from the Russian president.") == [("RUSGOV", "PRKGOV", "051", True)]


def test_the_organizations_and_they_speak_for_the_unions_named_before():
    from peacewatch.api import code_text as ct

    story = ("Unions reject labour law\n\n"
             "The Confederation of Trade Unions and the Federation of Trade Unions of South Korea rejected the "
             "law at a joint press conference on June 20. "
             "The authorities railroaded the amendment last year, the organizations said. "
             "This law should be revised again at an early date, they urged.")
    quotes = [q for q in ct(story, "2011-06-21", with_quotes=True) if q.get("kind") == "quote"]
    speakers = {q["text"][:20]: (q["speaker"] or {}).get("code") for q in quotes}
    assert speakers.get("The authorities rail") == "KORLAB", speakers
    assert speakers.get("This law should be r") == "KORLAB", speakers  # "they" = the last speakers


def test_a_fragment_that_is_only_a_condition_is_hypothetical():
    # a headline or a sentence cut at the condition: nothing was done
    got = events("If Washington imposes tariffs on Japanese electronic goods from April 17.")
    assert [(s, t, c, shown) for s, t, c, shown in got] == [("USAGOV", "JPN", "163", False)], got


@pytest.mark.parametrize("text", [
    "Thanks to the efforts of the DPRK government, the harvest increased.",
    "The soldiers of the Korean People's Army met heroic deaths in the war.",
    "The power plant met the growing demand for electricity in Pyongyang.",
    "North Korea met the deadline set by China.",
])
def test_idioms_of_meet_and_thanks_are_no_events(text):
    assert [c for _s, _t, c, _ in events(text) if c.startswith(("04", "05"))] == []


def test_meeting_and_thanking_still_code():
    assert ("PRKGOV", "CHNGOV", "040", True) in events("Kim Jong Il met the Chinese delegation.")
    assert ("PRKGOV", "CHNGOV", "051", True) in events("Kim Jong Il thanked the Chinese delegation.")


def test_a_headline_participle_is_a_passive():
    # "Damages for US Forces' Crimes Demanded": damages were demanded (of the US forces); the US
    # forces demanded nothing
    got = events("Damages for US Forces' Crimes Demanded in S. Korea\n\nSeoul, May 28 (KCNA) -- "
                 "A civic group demanded that the U.S. forces pay damages.")
    assert not any(s == "USAMIL" for s, _t, _c, _ in got), got


def test_the_organization_is_not_the_medium_that_reported_it():
    story = ("The south Korean Council of Christian Churches denounced the U.S. forces for the burial of "
             "defoliant, south Korean KBS reported on May 26. In an open letter the organization "
             "demanded the U.S. pay damages to the inhabitants.")
    got = events(story)
    assert any((s, t, shown) == ("KOR", "USA", True) and c.startswith("10") for s, t, c, shown in got), got
    assert not any(s == "KORMED" for s, _t, _c, _ in got), got


def test_they_after_a_chain_of_pronoun_speakers_is_the_organizations():
    story = ("Civic groups of south Korea including the Solidarity for Peace held a rally in Seoul on July 12. "
             "The U.S. said it would expand its influence, the organizations said. "
             "This goes against the need of the times, they noted. "
             "They denounced the authorities for hatching plots. "
             "They accused the U.S. of blocking inter-Korean exchange.")
    got = events(story)
    accusations = [(s, c) for s, _t, c, _ in got if c.startswith("11")]
    assert accusations and all(s == "KORNGO" for s, _c in accusations), got


def test_it_after_a_statement_nobody_signed_is_nobody_rather_than_the_nearest_actor():
    story = ("The U.S. military staged drills. Warlike forces are clamoring for war. "
             "This is an imprudent behavior, the statement said. "
             "It demanded the U.S. halt the war exercises at once.")
    got = events(story)
    assert not any(s == "USAMIL" and c.startswith("10") for s, _t, c, _ in got), got


def test_the_chairman_of_an_organisation_abroad_is_not_the_home_governments():
    story = ("Joint Military Exercises Slashed\n\nPyongyang, March 5 (KCNA) -- The joint military exercises "
             "came under fire by Kim Cha Dol, chairman of the Central Standing Committee of the "
             "Korean Youth League in Japan.")
    got = events(story)
    assert not any(s == "PRKGOV" for s, _t, _c, _ in got), got


# --- bare groups: plurals are actors, places after "through" or "the streets of" are not --------


def test_a_plural_group_word_before_a_preposition_is_an_actor_placed_by_the_event():
    # "Guerrillas near X": a plural is seldom a modifier; ICEWS-style, the bare rebels take the
    # country of the event's place
    got = events("Guerrillas near Kirkuk shot down a British transport plane on Tuesday.")
    assert got == [("IRQREB", "GBR", "195", True)]


def test_people_who_demonstrate_in_a_city_protest_there():
    got = events("About 3,000 people demonstrated in Madrid on Sunday against the new labour law.")
    assert got == [("ESPCVL", None, "141", True)]


def test_demonstrating_a_quality_is_no_protest():
    assert [c for _s, _t, c, _shown in events("The ministry demonstrated its resolve to fight corruption.")] == []


def test_a_capital_after_through_is_the_route_not_the_target():
    got = events("Several thousand opposition supporters marched through Harare on Saturday.")
    assert got == [("ZWEOPP", None, "141", True)]


def test_patrolling_the_streets_of_a_capital_is_a_show_of_force_not_an_act_on_its_government():
    got = events("Police patrolled the streets of Conakry on Friday.")
    assert got == [("GINCOP", None, "150", True)]


def test_foreign_banks_are_not_of_the_nearest_country():
    got = events("Peru suspended its debt payments to foreign banks on Monday.")
    assert [(s, t, c) for s, t, c, _shown in got] == [("PER", "---BUS", "1211")]


def test_armed_men_are_a_group_of_attackers():
    got = events("A journalist was kidnapped by armed men in the city of Gao in northern Mali.")
    assert got == [("MLIREB", "MLIMED", "181", True)]


@pytest.mark.parametrize("text,expected", [
    # a place taken is territory occupied (192); a person taken is seized (173)
    ("Rebels captured Goma and Bukavu last week.", ("CODREB", None, "192")),
    ("The army recaptured Kidal on Monday.", ("---MIL", None, "192")),
    ("Police captured him near the border on Monday.", ("---COP", None, "173")),
    ("Abu Zubaydah was captured in Faisalabad on Sunday.", (None, None, "173")),
    ("Bunia was captured by the militia on Tuesday.", ("CODREB", None, "192")),
])
def test_capturing_a_place_is_occupying_it_capturing_a_person_is_seizing_him(text, expected):
    assert [(s, t, c) for s, t, c, _shown in events(text)] == [expected]


@pytest.mark.parametrize("text", [
    "The Japanese firm captured 20 pct of the U.S. market last year.",
    "Labour captured 40 pct of the vote in the by-election.",
    "The photographer captured the moment the talks ended.",
])
def test_capturing_a_share_or_a_moment_is_no_event(text):
    assert [c for _s, _t, c, _shown in events(text) if c.startswith(("17", "19"))] == []


# --- headlinese: who a headline quotes, passives of asking, what is demanded -----------------------

BODY = "\n\nPyongyang, May 3 (KCNA) -- The paper said so in a commentary on Tuesday."


def headline_events(title: str) -> list[tuple[str | None, str | None, str, bool]]:
    return [e for e in events(title + BODY, "2011-05-03") if e[2] != "010"]


def test_the_medium_after_a_headlines_colon_did_what_its_passive_says():
    assert headline_events("U.S. Plan for Missile Defense Censured: Rodong Sinmun") == [("PRKMED", "USA", "111", True)]


def test_a_headlines_participle_of_asking_with_an_infinitive_is_passive():
    # the authorities were urged; they urged nobody
    got = headline_events("S. Korean Authorities Urged to Stop Military Drills")
    assert [(s, t, c) for s, t, c, _shown in got] == [(None, "KORGOV", "020")]


def test_a_withdrawal_that_is_demanded_has_not_happened():
    got = events("The students called for the withdrawal of U.S. troops from the peninsula.")
    assert all(not shown for _s, _t, c, shown in got if c.startswith("087"))
    got = headline_events("Withdrawal of U.S. Troops from S. Korea Demanded in S. Korea")
    assert ("USAMIL", "KOR", "0874", False) in got  # coded, kept out of the dataset as wanted, not done
    assert ("RUS", "GEOMIL", "0874", True) in events("Russia completed the withdrawal of its troops from Georgia.")


@pytest.mark.parametrize("text,expected", [
    # what is under fire is the target; who fires (from, by, the headline's medium) the source
    ("The plan came under fire from Russia on Monday.", [("RUS", None, "111")]),
    ("Japan came under fire from China over the visit.", [("CHN", "JPN", "111")]),
    ("The government came under fire by the opposition on Monday.", [("---OPP", "---GOV", "111")]),
    # forces under fire are shot at, not criticised: no 111
    ("The convoy came under heavy fire from the rebels.", []),
    ("Troops came under fire near the border.", []),
])
def test_under_fire(text, expected):
    assert [(s, t, c) for s, t, c, _shown in events(text) if c.startswith("11")] == expected


def test_a_headline_under_fire_from_its_medium():
    assert headline_events("Japan's Territorial Claim under Fire: Minju Joson") == [("PRKMED", "JPN", "111", True)]


def test_people_reported_killed_are_the_ones_killed_not_the_killers():
    got = events("Officials in Kabul said the toll had risen. Fifty-one people were reported killed yesterday.",
                 "1987-03-25")
    assert [(s, t, c) for s, t, c, _shown in got if c.startswith("19")] == [(None, "AFGCVL", "190")]


def test_attacking_a_law_is_criticism_not_force():
    got = events('Hong Kong attacked the "textile and apparel trade act of 1987" at the meeting.', "1987-03-25")
    assert [(s, c) for s, _t, c, _shown in got] == [("HKG", "111")]
    assert [c for _s, _t, c, _shown in events("Rebels attacked the army base on Monday.")] == ["190"]


def test_what_one_came_somewhere_to_do_was_done_what_one_means_to_deter_was_not():
    got = events("A South Korean delegation came to Pyongyang to pay its respects to the late leader.", "2011-12-26")
    assert [(s, c, shown) for s, _t, c, shown in got if c == "017"] == [("KORGOV", "017", True)]
    got = events("Delegates will gather in Seoul to discuss the plan.")
    assert all(not shown for *_x, shown in got)
    got = events("The army sent troops to the border to deter an attack by the rebels.")
    assert not any(c.startswith("19") and shown for _s, _t, c, shown in got), got


@pytest.mark.parametrize("text,date,historical", [
    # more than three weeks before the story's date: background; a late report of this fortnight's news: news
    ("The army proposed talks at the military talks of early February.", "2011-03-05", True),
    ("The army proposed talks on February 25.", "2011-03-05", False),
    ("The party issued a statement on Dec. 1 condemning the U.S. moves.", "2011-12-12", False),
    ("Kim Jong Il visited the fun fair on 4 December.", "2011-12-30", True),
    ("Kim Jong Il visited the fun fair on 4 December.", "2011-12-10", False),
    ("The group issued a statement on July 12 marking the June 25-July 27 month of struggle.", "2011-07-17", False),
])
def test_a_date_weeks_before_the_story_makes_background(text, date, historical):
    from peacewatch.api import code_text

    flags = {e["modality"]["historical"] for e in code_text(text, date) if e["cameo"][:2] in ("03", "04", "01", "11")}
    assert flags == {historical}


def test_a_month_ahead_is_no_background():
    from peacewatch.api import code_text

    got = code_text("Sweden gave firms an October deadline to cut trading links with South Africa.", "1987-03-11")
    assert got and not any(e["modality"]["historical"] for e in got)


def test_a_sentence_rich_in_names_is_no_headline():
    # "Abu Zubaydah was captured in Faisalabad on Sunday.": most longer words are capitalised, but its
    # verb is written small, so it is read as a sentence (its names keep their entities)
    from peacewatch.text.layer import _shouting

    assert not _shouting("Abu Zubaydah was captured in Faisalabad on Sunday.")
    assert _shouting("Japan's Claim to Tok Islets under Fire: Minju Joson")
    assert _shouting("Inter-Korean Reconciliation and Unity Called for-- Rodong Sinmun")
    assert _shouting("ECUADOR SUSPENDS PAYMENTS TO PRIVATE BANKS")


def test_the_south_side_in_a_korea_story_is_south_korea():
    got = events("Pyongyang, March 5 (KCNA) -- The DPRK proposed military talks, but the south side rejected "
                 "the proposal.", "2011-03-05")
    assert ("KOR", "PRK", "127", True) in got
    # elsewhere it is a direction
    assert not any("KOR" in str(s) for s, *_r in events("Rebels attacked the south side of the town."))


def test_chongryon_is_a_community_body_in_japan():
    got = events("Pyongyang, March 20 (KCNA) -- Kim Yong Nam sent a message of sympathy to Chongryon chairman "
                 "So Man Sul.", "2011-03-20")
    assert got == [("PRKGOV", "JPNCVL", "018", True)]
