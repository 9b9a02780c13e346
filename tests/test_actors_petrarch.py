"""PETRARCH/TABARI dictionaries: the real validation files load, hold what they say, and code."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.actors import ActorDictionaries, find_actors, find_mentions
from peacewatch.actors.petrarch import (
    PetrarchStats,
    load_petrarch_actors,
    load_petrarch_agents,
    parse_code_block,
)
from peacewatch.errors import DictionaryError
from peacewatch.model import Article, Sentence

from conftest import needs_shared


def _art(text, published):
    return Article("p", "p", "text", text, text, published=published), [Sentence(0, 0, len(text), text)]


# Counts read off the files by hand (grep -c of entry lines, '+' lines and dated [..] blocks not
# commented out): petrarch-unittest actors: 128 entries, 33 synonyms, 13 dated codes; agents: 88
# entries, 2 substitution sets (!PERSON!, !MINST!). petrarch1-validate actors: 155 entries,
# 15 synonyms, 40 dated codes; agents: 85 entries.
@pytest.mark.parametrize(
    "folder,entries,synonyms,dated,agents,subs",
    [("petrarch-unittest", 128, 33, 13, 88, 2), ("petrarch1-validate", 155, 15, 40, 85, 0)],
)
def test_validation_dictionaries_load_with_their_counts(folder, entries, synonyms, dated, agents, subs):
    d = needs_shared("gold", folder)
    st_a, st_g = PetrarchStats(), PetrarchStats()
    actors = load_petrarch_actors(d / "PETR.Validate.actors.txt", st_a)
    ags = load_petrarch_agents(d / "PETR.Validate.agents.txt", st_g)
    assert (len(actors), st_a.synonyms, st_a.dated_codes) == (entries, synonyms, dated)
    assert (len(ags), st_g.substitution_sets) == (agents, subs)
    both = ActorDictionaries.from_paths([d], builtin=False)
    s = both.summary()
    assert (s["actors"], s["agents"], s["date_restricted_codes"]) == (entries, agents, dated)
    assert both.petrarch_stats["synonyms"] == synonyms
    # the verbs and records files in the same folder are not actor files and are skipped
    assert len(both.files) == 2


def test_unittest_entries_parsed_exactly():
    d = needs_shared("gold", "petrarch-unittest")
    acts = {e.name: e for e in load_petrarch_actors(d / "PETR.Validate.actors.txt")}
    g = acts["GOLLUM"]
    assert g.names == ["GOLLUM", "SMEAGOL", "SLINKER", "STINKER"]
    assert [(r.code, r.start, r.end) for r in g.roles] == [
        ("HOB", None, dt.date(1995, 5, 31)),
        ("HOBGOV", dt.date(1995, 6, 1), dt.date(1999, 8, 15)),
        ("HOBREB", dt.date(1999, 8, 16), None),
    ]
    un = acts["UNITED NATIONS"]
    assert un.code == "UNO" and "SECURITY COUNCIL" in un.names and "U.N." in un.names
    assert acts["INTERNATIONAL CRIMINAL POLICE ORGANIZATION"].code == "IGOCOPITP"
    assert acts["PALESTINIAN"].code == "PSE"  # lower-case [pse] in the file
    assert acts["ARNOR"].stem == set()  # ARNOR_ : whole word only
    assert "ARGENTIN" in acts["ARGENTIN"].stem  # TABARI stem
    ags = {e.name: e for e in load_petrarch_agents(d / "PETR.Validate.agents.txt")}
    assert ags["CONGRESSMAN"].names == ["CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN", "CONGRESSWOMEN", "CONGRESSPERSON"]
    assert ags["CONGRESS"].plurals == ["CONGRESSES"]
    assert ags["ATTORNEY GENERAL"].plurals == ["ATTORNEYS GENERAL"]
    assert ags["POLICE"].plurals == [] and ags["POLICE"].code == "COP"
    assert ags["HUMAN RIGHTS BODY"].position == "prefix" and ags["HUMAN RIGHTS BODY"].code == "NGO"
    assert "MINISTRIES OF SILLY WALKS" in ags["MINISTER OF SILLY WALKS"].names


def test_validate_old_style_file():
    d = needs_shared("gold", "petrarch1-validate")
    acts = {e.name: e for e in load_petrarch_actors(d / "PETR.Validate.actors.txt")}
    al = acts["ALBRIGHT"]  # [USAGOV 991201-010114] [---] on one line
    assert [(r.code, r.dated) for r in al.roles] == [("USAGOV", True), ("---", False)]
    assert al.code_on(dt.date(2000, 6, 1))[0] == "USAGOV"
    assert al.code_on(dt.date(2005, 6, 1))[0] == "---"
    assert acts["ENT"].roles[0].code == "###"  # '#' inside a code block is not a comment
    sam = acts["SAM GAMGEE"]
    assert sam.code_on(dt.date(2010, 1, 10))[0] == "ORC"  # the earlier line wins
    assert sam.code_on(dt.date(2011, 1, 10))[0] == "HOBMIL"
    assert acts["MOHAMMAD ZAHIR SHAH"].roles[0].start == dt.date(1933, 1, 1)  # YYMMDD, 33 -> 1933


def test_petrarch_dictionaries_code_text_on_dates():
    d = ActorDictionaries.from_paths([needs_shared("gold", "petrarch-unittest")], builtin=False)
    refs = find_actors(*_art("Smeagol met Argentine troops and the Foreign Minister of Norway.", "1997-01-01"), d)
    assert [(r.text, r.code) for r in refs] == [
        ("Smeagol", "HOBGOV"),
        ("Argentine troops", "ARGMIL"),
        ("the Foreign Minister of Norway", "NORGOVFRM"),  # FOREIGN_MINISTER [~GOVFRM]
    ]
    refs = find_actors(*_art("Smeagol fled.", "2001-01-01"), d)
    assert refs[0].code == "HOBREB"
    refs = find_actors(*_art("The Shire spoke.", "2001-01-01"), d)
    assert [m.code for m in refs[0].members] == ["FRO", "BIL", "SAM"]
    refs = find_actors(*_art("Norwegian human rights body spoke.", None), d)
    assert refs[0].code == "NGONOR"  # prefix agent


def test_user_petrarch_file_beside_builtin(tmp_path):
    (tmp_path / "my.actors.txt").write_text("KORYO_LAND [KOR]\n+KORYO\nBLUE_MOUNTAIN_GROUP [KORREB 200101-201012] [KORBUS]\n", encoding="utf-8")
    d = ActorDictionaries.from_paths([tmp_path])
    refs = find_actors(*_art("Koryo and Blue Mountain Group met Seoul.", "2020-05-05"), d)
    assert [(r.text, r.code) for r in refs] == [("Koryo", "KOR"), ("Blue Mountain Group", "KORREB"), ("Seoul", "KORGOV")]
    refs = find_actors(*_art("Blue Mountain Group met.", "2005-05-05"), d)  # 200101 is 2020-01-01
    assert refs[0].code == "KORBUS"


@pytest.mark.parametrize(
    "content,line,what",
    [
        ("GOOD [KOR]\nBAD [KORGOV 0705-080731]\n", 2, "bad date"),
        ("GOOD [KOR]\nBAD [KORGOV\n", 2, "unbalanced brackets"),
        ("+ORPHAN\nGOOD [KOR]\n", 1, "before any actor"),
        ("GOOD [KOR]\nBAD [KORGOV 0807-070501]\n", 2, "bad date"),
        ("GOOD [KOR]\nBAD [>070501]\n", 2, "no valid code"),
        ("GOOD [KOR]\nBAD [KOR] stray words\n", 2, "unexpected text"),
    ],
)
def test_malformed_actor_lines(tmp_path, content, line, what):
    f = tmp_path / "broken.actors.txt"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError) as ei:
        ActorDictionaries.from_paths([f], builtin=False)
    msg = str(ei.value)
    assert msg.startswith(f"{f}:{line}: ") and what in msg, msg


@pytest.mark.parametrize(
    "content,line,what",
    [
        ("SOLDIER [~MIL]\nGUARD [MIL]\n", 2, "has no '~'"),
        ("SOLDIER [~MIL]\nWORD!NOPE! [~GOV]\n", 2, "unknown substitution"),
        ("SOLDIER [~MIL]\nNO CODE [~GOV] HERE\n", 2, "cannot read agent line"),
        ("SOLDIER [~MIL]\nGUARD [~MIL}}\n", 2, "cannot read agent line"),
    ],
)
def test_malformed_agent_lines(tmp_path, content, line, what):
    f = tmp_path / "broken.agents.txt"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError) as ei:
        ActorDictionaries.from_paths([f], builtin=False)
    msg = str(ei.value)
    assert msg.startswith(f"{f}:{line}: ") and what in msg, msg


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_code_block_parser_either_parses_or_raises_dictionary_error(s):
    try:
        r = parse_code_block(s, "f:1")
    except DictionaryError as e:
        assert str(e).startswith("f:1: ")
    else:
        assert r.code and r.code == r.code.upper()
        if r.start and r.end:
            assert r.start <= r.end


def test_find_mentions_case_insensitive_for_petrarch():
    d = ActorDictionaries.from_paths([needs_shared("gold", "petrarch-unittest")], builtin=False)
    assert [m.text for m in find_mentions("the united nations and MORDOR", d)] == ["united nations", "MORDOR"]


# --- constructs of the real PETRARCH 2 / Phoenix / UniversalPetrarch files, read and counted ---------
# (dictionary lines written for these tests, in the files' layout)

UP_ACTORS = """\
<!-- an actor file in the PETRARCH 2 layout, written for these tests -->
<! -- a comment opened with a space, as the real files sometimes do -->
GONDOR [GON]
+MINAS_TIRITH   # a synonym
ITHILIEN_RANGERS_\t
+RANGERS_OF_ITHILIEN
\t[GONMIL]\t# the code on a line of its own, after the synonyms
WANDERING_SCOUT
ARNOR_  [arn]          # lower-case code
HALLAS  [GON < 950601]
\t[GONGOV 19950601 - 19990815]
\t[GONELI 20000101-19990101]  # ends before it starts: never applies
OSGILIATH [OSG/GON]
"""

UP_AGENTS = """\
!PERSON! = MAN, MEN
WARDEN [~GOV]
HERB!PERSON![~AGR]
RIVER_GUARD {} [~MIL]
LOREMASTER_OF_THE_WEST [~ENV}
WANDERING_MINSTREL
PEACE_OBSERVER_IN [IGO~]
"""


def test_actor_constructs_load_and_count_what_is_ignored(tmp_path):
    f = tmp_path / "fiction.actors.txt"
    f.write_text(UP_ACTORS, encoding="utf-8")
    st = PetrarchStats()
    entries = load_petrarch_actors(f, st)
    by_name = {e.name: e for e in entries}
    assert set(by_name) == {"GONDOR", "ITHILIEN RANGERS", "ARNOR", "HALLAS", "OSGILIATH"}
    assert by_name["ITHILIEN RANGERS"].code == "GONMIL"
    assert "RANGERS OF ITHILIEN" in by_name["ITHILIEN RANGERS"].names
    assert by_name["ARNOR"].code == "ARN"
    assert [r.code for r in by_name["HALLAS"].roles] == ["GON", "GONGOV"]
    assert st.ignored == {"actor name with no code (nothing to code it as)": 1,
                          "dated code whose range ends before it starts": 1}


def test_agent_constructs_load_and_count_what_is_ignored(tmp_path):
    f = tmp_path / "fiction.agents.txt"
    f.write_text(UP_AGENTS, encoding="utf-8")
    st = PetrarchStats()
    entries = load_petrarch_agents(f, st)
    by_name = {e.name: e for e in entries}
    assert set(by_name) == {"WARDEN", "HERBMAN", "RIVER GUARD", "LOREMASTER OF THE WEST", "PEACE OBSERVER IN"}
    assert by_name["LOREMASTER OF THE WEST"].code == "ENV"
    assert by_name["RIVER GUARD"].plurals == []
    assert by_name["PEACE OBSERVER IN"].position == "prefix"
    assert st.ignored == {"agent line without a [code]": 1, "agent code closed with '}' read as ']'": 1}


_DICT_ALPHABET = st.sampled_from(list("AB _+[]{}<>!#;=~-/:\t\n0123456789") + ["<!--", "-->", "GOV", "950601"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DICT_ALPHABET, max_size=60).map("".join))
def test_actor_and_agent_readers_raise_only_dictionary_errors(tmp_path_factory, text):
    d = tmp_path_factory.mktemp("fuzz")
    for name, loader in (("x.actors.txt", load_petrarch_actors), ("x.agents.txt", load_petrarch_agents)):
        f = d / name
        f.write_text(text, encoding="utf-8")
        try:
            loader(f, PetrarchStats())
        except DictionaryError as e:
            assert str(e).startswith(str(f)), str(e)
