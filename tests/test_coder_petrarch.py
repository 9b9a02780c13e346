"""PETRARCH/TABARI semantics of the coder with a user's dictionaries (written here, invented names).

Each test writes a small actor/agent/verb (and discard) set into tmp_path, codes a sentence through
the real Pipeline with those dictionaries only, and checks the exact (source, target, code) triples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peacewatch.config import Options
from peacewatch.errors import DictionaryError
from peacewatch.events.petrarch_verbs import load_petrarch_discards
from peacewatch.model import RawDocument
from peacewatch.pipeline import Pipeline

ACTORS = """\
VALDORIA [VAL]
+VALDORIAN
KESTRAN_ [KES]
MARROWICK [MRW]
OSRIC_TALLEN [VAL]
BRENNA_COLE [KES]
THE_QU [QQQ]
QUILLAND [QUI]
ZEN [ZZZ]
"""

AGENTS = """\
PRIME_MINISTER [~GOV]
PRESIDENT [~GOVPRS]
SOLDIER [~MIL]
LAWMAKER [~LEG]
GOVERNMENT [~GOV]
"""

VERBS_TABARI = """\
SAID  [023?]
ACT_ [100]
- SAID WOULD * NOW  [101]
- INDICATED SHOULD *  [1011]
URGE  [102]
SHOULD  [101]
- SUGGESTED * DEMAND CONVENTIONS  [162]
DEMAND  [150]
ASSIST  [092]
REQUEST  [092]
CONDEMN  [122]
MEET  [031]
"""

DISCARDS = """\
# a discard list of my own
CHESS MATCH
+HAILSTORM   # the whole story
"""


def _pipeline(tmp_path: Path, *, discards: bool = False) -> Pipeline:
    (tmp_path / "Test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "Test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "Test.verbs.txt").write_text(VERBS_TABARI, encoding="utf-8")
    if discards:
        (tmp_path / "Test.discards.txt").write_text(DISCARDS, encoding="utf-8")
    return Pipeline(Options(dictionaries=(tmp_path,), builtin_dictionaries=False))


def _triples(pipe: Pipeline, text: str) -> set[tuple[str | None, str | None, str]]:
    doc = RawDocument("test", "text", text, {"published": "2020-05-05"})
    coded = pipe.code_document(doc, with_quotes=False)
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo) for e in coded.events}


def test_event_needs_source_and_target(tmp_path):
    pipe = _pipeline(tmp_path)
    # no target: TABARI/PETRARCH produce nothing (not an event towards nobody)
    assert _triples(pipe, "Valdoria condemned the decision on Monday.") == set()
    assert _triples(pipe, "Valdoria condemned Kestran on Monday.") == {("VAL", "KES", "122")}


def test_verb_inside_another_verbs_pattern_is_not_its_own_event(tmp_path):
    pipe = _pipeline(tmp_path)
    # SAID [023?] is a word of ACT's pattern "SAID WOULD * NOW": the event is ACT's 101
    assert _triples(pipe, "Valdoria said it would act now with Kestran.") == {("VAL", "KES", "101")}


def test_named_actor_after_a_title_takes_the_agent(tmp_path):
    pipe = _pipeline(tmp_path)
    assert _triples(pipe, "Valdorian Prime Minister Osric Tallen will meet Kestran on Sunday.") == {("VALGOV", "KES", "031")}
    assert _triples(pipe, "President Brenna Cole condemned Marrowick.") == {("KESGOVPRS", "MRW", "122")}


def test_agent_from_or_in_a_country(tmp_path):
    pipe = _pipeline(tmp_path)
    assert _triples(pipe, "Soldiers from Kestran condemned Marrowick.") == {("KESMIL", "MRW", "122")}
    assert _triples(pipe, "Lawmakers in Valdoria condemned Marrowick.") == {("VALLEG", "MRW", "122")}


def test_short_names_are_not_stems(tmp_path):
    pipe = _pipeline(tmp_path)
    # THE_QU has no final underscore but is too short to be a stem: "the Quilland government" is QUI
    assert _triples(pipe, "The Quilland government condemned Kestran.") == {("QUIGOV", "KES", "122")}
    # a short name still takes a plural: "the Zens"
    assert _triples(pipe, "The Zens condemned Kestran.") == {("ZZZ", "KES", "122")}


def test_discard_list(tmp_path):
    pipe = _pipeline(tmp_path, discards=True)
    assert _triples(pipe, "Valdoria condemned Kestran after the chess match.") == set()
    assert _triples(pipe, "Valdoria condemned Kestran after the chess matches.") == set()
    # a story-level phrase anywhere in the story discards every sentence of it
    text = "Valdoria condemned Kestran.\n\nMarrowick was hit by hailstorms on Friday."
    assert _triples(pipe, text) == set()
    assert _triples(pipe, "Valdoria condemned Kestran. Marrowick condemned Valdoria.") == {("VAL", "KES", "122"), ("MRW", "VAL", "122")}


@pytest.mark.parametrize(
    "content,line,what",
    [
        ("GOOD PHRASE\n[123]\n", 2, "phrase, not a code"),
        ("ok\n+\n", 2, "empty discard phrase"),
    ],
)
def test_malformed_discard_lines_name_file_and_line(tmp_path, content, line, what):
    f = tmp_path / "bad.discards.txt"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_petrarch_discards(f)
    assert f"{f}:{line}" in str(err.value) and what in str(err.value)


def test_discard_file_parsed(tmp_path):
    f = tmp_path / "x.discards.txt"
    f.write_text("<!-- a\ncomment -->\nWORLD_CUP\n+ANNUAL REGATTA ; note\n", encoding="utf-8")
    ps = load_petrarch_discards(f)
    assert [(d.words, d.story) for d in ps.discards] == [(("world", "cup"), False), (("annual", "regatta"), True)]


def test_pronoun_subject_and_object_of_a_later_clause(tmp_path):
    pipe = _pipeline(tmp_path)
    # him = the subject of the first clause, not the nearest actor; "and Kestran requested" is a new clause
    got = _triples(pipe, "Valdoria urged Marrowick to wait and Kestran requested him to stay.")
    assert got == {("VAL", "MRW", "102"), ("KES", "VAL", "092")}
    # they = the coordinated subjects
    got = _triples(pipe, "Valdoria and Kestran urged Marrowick to wait and then they condemned Quilland.")
    assert got == {("VAL", "MRW", "102"), ("KES", "MRW", "102"), ("VAL", "QUI", "122"), ("KES", "QUI", "122")}
    # a sentence that opens with a phrase before its first actor resolves no pronoun
    assert _triples(pipe, "On the matter of Valdoria, it condemned Kestran.") == set()


def test_tabari_whole_word_names_and_verbs_take_regular_endings(tmp_path):
    (tmp_path / "Ends.actors.txt").write_text("NORVALE_ [NRV]\nPELLAND= [PEL]\nKESTRAN_ [KES]\n", encoding="utf-8")
    (tmp_path / "Ends.verbs.txt").write_text("LEAVE_ [032]\nCONDEMN  [122]\n", encoding="utf-8")
    pipe = Pipeline(Options(dictionaries=(tmp_path,), builtin_dictionaries=False))
    # NORVALE_ also matches "Norvales"; PELLAND= matches only as written
    assert _triples(pipe, "Norvales condemned Kestran.") == {("NRV", "KES", "122")}
    assert _triples(pipe, "Pellands condemned Kestran.") == set()
    # LEAVE_ takes TABARI's endings, not any letters
    for form in ("leaves", "leaving", "leavees", "leaveen"):
        assert _triples(pipe, f"Norvale {form} from Kestran.") == {("NRV", "KES", "032")}, form
    assert _triples(pipe, "Norvale leavex from Kestran.") == set()


def test_modal_is_never_a_verb_and_should_is_advice(tmp_path):
    pipe = _pipeline(tmp_path)
    # SHOULD's own patterns never fire (a modal is not a verb), and the verb it governs states advice
    assert _triples(pipe, "Valdoria suggested Kestran should demand conventions in its dealings with Marrowick.") == set()
    assert _triples(pipe, "Valdoria suggested it should not demand conventions with Marrowick.") == set()
    assert _triples(pipe, "Valdoria suggested Kestran should never ever demand conventions with Marrowick.") == set()
    # without the modal the same verb codes, and a pattern that names SHOULD itself still codes
    assert _triples(pipe, "Kestran demanded conventions in its dealings with Marrowick.") == {("KES", "MRW", "150")}
    assert _triples(pipe, "Valdoria indicated it should have acted against Kestran.") == {("VAL", "KES", "1011")}


def test_a_list_of_targets_ends_at_its_and(tmp_path):
    pipe = _pipeline(tmp_path)
    # "Kestran and Marrowick" is the list; ", the Quilland newspaper said" is not one of its members
    assert _triples(pipe, "Valdoria condemned Kestran and Marrowick, the Quilland newspaper said.") == {
        ("VAL", "KES", "122"), ("VAL", "MRW", "122")}
    # a list with commas before its "and" keeps every member
    assert _triples(pipe, "Valdoria condemned Kestran, Marrowick and Quilland.") == {
        ("VAL", "KES", "122"), ("VAL", "MRW", "122"), ("VAL", "QUI", "122")}


def test_embedded_that_clause_after_an_uncoded_verb(tmp_path):
    pipe = _pipeline(tmp_path)
    # "it asked that Marrowick assist": ASK codes nothing here; the asker acts towards the embedded subject
    assert _triples(pipe, "Valdoria condemned Kestran on Monday and then it asked that Marrowick assist with the talks.") == {
        ("VAL", "KES", "122"), ("VAL", "MRW", "092")}
    assert _triples(pipe, "Valdoria and Kestran condemned Quilland and then they asked that Marrowick assist them.") == {
        ("VAL", "QUI", "122"), ("KES", "QUI", "122"), ("VAL", "MRW", "092"), ("KES", "MRW", "092")}
    # an embedded clause with its own target keeps its own source
    assert _triples(pipe, "Quilland noted that Marrowick condemned Kestran.") == {("MRW", "KES", "122")}


VERBS_PETRARCH2 = """\
--- AGREE  [081] ---
AGREE
- * WITH % [031]

--- EXCHANGE  [060] ---
EXCHANGE
- % * PRISONERS [067]

--- WELCOME  [041] ---
WELCOME
"""


def test_petrarch2_percent_after_the_verb_is_each_member_reached(tmp_path):
    (tmp_path / "T.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "T.agents.txt").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "T.verbs.txt").write_text(VERBS_PETRARCH2, encoding="utf-8")
    pipe = Pipeline(Options(dictionaries=(tmp_path,), builtin_dictionaries=False))
    # PETRARCH 2 (its unit tests): "AGREE WITH %" -> the subject toward each member
    assert _triples(pipe, "Valdoria agrees with Kestran and Marrowick that the dispute should go to arbitration.") == {
        ("VAL", "KES", "031"), ("VAL", "MRW", "031")}
    # a "%" before the verb stays reciprocal
    assert _triples(pipe, "Valdoria and Kestran exchanged prisoners on Monday.") == {("VAL", "KES", "067"), ("KES", "VAL", "067")}


def test_a_group_is_not_the_target_of_its_own_welcome(tmp_path):
    (tmp_path / "T.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "T.agents.txt").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "T.verbs.txt").write_text(VERBS_PETRARCH2, encoding="utf-8")
    pipe = Pipeline(Options(dictionaries=(tmp_path,), builtin_dictionaries=False))
    got = _triples(pipe, "Valdoria, Kestran and Quilland welcomed their resumption of ties with Marrowick.")
    assert got == {("VAL", "MRW", "041"), ("KES", "MRW", "041"), ("QUI", "MRW", "041")}


def test_years_after_is_historical(tmp_path):
    pipe = _pipeline(tmp_path)
    # "five years after crowds condemned ...": that condemnation is background, not the story's event
    doc = RawDocument("test", "text", "Valdoria will meet Kestran almost five years after Marrowick condemned Valdoria.",
                      {"published": "2020-05-05"})
    flags = {e.cameo: e.modality.historical for e in pipe.code_document(doc, with_quotes=False).events}
    assert flags == {"031": False, "122": True}
