"""Import of PETRARCH / TABARI verb dictionaries: both dialects of ../shared/gold, counts verified by
reading the files, synsets, alternatives, codes, and DictionaryError naming file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from peacewatch.errors import DictionaryError
from peacewatch.events.petrarch_verbs import load_petrarch_verbs, parse_petrarch_verbs


def _entry(ps, vid_suffix):
    found = [e for e in ps.entries if e.id.endswith(vid_suffix)]
    assert found, vid_suffix
    return found[0]


def _words(seq):
    return " ".join(w.text + ("~" if w.stem else "") for w in seq)


def test_petrarch1_validate_file():
    from tests.conftest import needs_shared

    ps = load_petrarch_verbs(needs_shared("gold", "petrarch1-validate", "PETR.Validate.verbs.txt"))
    # 284 verb lines (counted: lines at column 0 with a [code], not '-', '{', '<!--') and 405 '- ' pattern lines
    assert len(ps.entries) == 284
    assert sum(len(e.patterns) for e in ps.entries) == 405
    called_on = _entry(ps, ":called_on")
    assert called_on.code == "094"
    assert [_words(f) for f in called_on.forms] == ["called~ on~"]
    act = _entry(ps, ":act_")
    # ACT_ is not a stem (no "action") but takes its regular endings; the { } line adds other forms
    # (plus TABARI's literal -ES/-EN endings)
    assert {_words(f) for f in act.forms} == {"act", "acted", "acting", "acts", "actes", "acten", "actxd", "actuality~"}
    depart = _entry(ps, ":depart_")
    assert {"departs", "departed", "departing"} <= {_words(f) for f in depart.forms}
    accord = _entry(ps, ":accord")
    assert accord.code == "---"
    codes = [p.code for p in accord.patterns]
    assert codes == ["111", "222", "083", "075", "075A", "072", "073"]
    p111 = accord.patterns[0]
    assert [e.kind for e in p111.before] == ["words", "target"]
    assert p111.before[0].adjacent and not p111.before[1].adjacent  # SUGGESTED_+ *: joined to the target, a gap before the verb
    alts = p111.after[1].alts
    assert [_words(a) for a in alts] == ["geneva", "international~"]
    davis = _entry(ps, ":davis_cup")
    assert davis.code == "###"
    meet = _entry(ps, ":meet")
    assert meet.code == "031:031"
    # a pattern with no code takes the verb's: STABBED [222] / - + HAS_BEEN_* BY $
    stabbed = _entry(ps, ":stabbed")
    assert stabbed.patterns[0].code == "222"


def test_petrarch2_unittest_file_with_synsets():
    from tests.conftest import needs_shared

    ps = load_petrarch_verbs(needs_shared("gold", "petrarch-unittest", "PETR.Validate.verbs.txt"))
    assert sum(len(e.patterns) for e in ps.entries) > 400
    abandon = _entry(ps, ":abandon")
    assert abandon.code == "345"
    assert {"abandon", "abandoned", "abandoning", "abandons"} <= {_words(f) for f in abandon.forms}
    syn = [p for p in abandon.patterns if p.code == "902"][0]  # - * &TIETYPES TIES [902]
    assert [_words(a) for a in syn.after[0].alts] == ["military~", "economic~", "cultural~"]
    klm = _entry(ps, ":klm_nop_+rst")  # a multi-word verb with its own code
    assert klm.code == "002"
    assert "klm nop rst" in {_words(f) for f in klm.forms}
    ban = _entry(ps, ":ban")
    assert {"bans", "banned"} <= {_words(f) for f in ban.forms}
    accord = _entry(ps, ":accord")
    inching = [p for p in accord.patterns if p.code == "083"][0]  # INCHING &ACCORDSYN * : nested synsets
    texts = {_words(a) for a in inching.before[1].alts}
    assert {"military~", "closer~", "dollars~", "yum~ yennyen~"} <= texts
    clash = _entry(ps, ":clash")
    neg = [p for p in clash.patterns if p.code == "904"][0]  # &NEGATVAUXVRB * OVER EFFORTS
    assert "did~ n't~" in {_words(a) for a in neg.before[0].alts}


def test_tabari_code_forms_kept():
    ps = parse_petrarch_verbs("ARRIVE  [032:033]\nREPORT  [025?]\nATTEND [031!]\nBREAK_ [1717]\n- * DEAL  [174K]\n", "t.txt")
    assert [e.code for e in ps.entries] == ["032:033", "025?", "031!", "1717"]
    assert ps.entries[3].patterns[0].code == "174K"


@pytest.mark.parametrize("text,line,what", [
    ("ATTACK [223]\n- EFFORT  [987]\n", 2, "'*'"),
    ("- * EFFORT  [987]\n", 1, "before any verb"),
    ("ATTACK [223]\n- * { A | B  [987]\n", 2, "'{'"),
    ("ATTACK [22 3]\n", 1, "bad code"),
    ("ATTACK [223\n", 1, "unbalanced"),
    ("ATTACK [223]\n- * TALKS * MORE  [987]\n", 2, "more than one"),
    ("--- ATTACK [223] ---\nATTACK {ATTACKED\n", 2, "'{ }'"),
    ("&SYN\n+A\n+&OTHER\n--- ATTACK [223] ---\nATTACK\n", 3, "unknown synset"),
    ("--- ATTACK [223] ---\nATTACK\n- * (ON TOWN  [1]\n", 3, "'(' without ')'"),
    ("--- ATTACK [223] ---\nATTACK\n- * ON) TOWN  [1]\n", 3, "')' without '('"),
    ("--- ATTACK [223] ---\nATTACK\n~ a (a b ATTACK) SAY a b 015\n", 3, "transformation"),
    ("--- ATTACK [2:2:3] ---\nATTACK\n", 1, "bad code"),
])
def test_malformed_lines_name_file_and_line(text, line, what):
    with pytest.raises(DictionaryError) as err:
        parse_petrarch_verbs(text, "bad.verbs.txt")
    msg = str(err.value)
    assert msg.startswith(f"bad.verbs.txt:{line}:"), msg
    assert what in msg


def test_unreadable_file(tmp_path: Path):
    with pytest.raises(DictionaryError):
        load_petrarch_verbs(tmp_path / "missing.verbs.txt")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABC *_-[]{}|&$+%^~#;\n0123():/=<!>'")), max_size=120))
def test_parser_never_crashes_on_noise(text):
    try:
        parse_petrarch_verbs(text, "fuzz.txt")
    except DictionaryError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "--- ARRIVE  [042:043] ---", "--- OFFEND [:110] ---", "ARRIVE", "+COME_BY {+CAME_BY}", "PLEAD {PLEADS PLEADED}",
    "&TOWN", "&FOOD_", "+HAMLET", "+WALLED_TOWN_", "+(TO THE END)", "+&TOWN", "# a remark", "<!-- a note -->",
    "- * (IN &TOWN) [043]", "- * {NEW &TOWN} [044]", "- $ * (BY/WITH +) [045]", "- * &NOWHERE [046]",
    "- * CAPITAL [:047]", "* (TO ASK) [048]", "~ a (a b ARRIVE) SAY = a b 015", "", "- * &FOOD_ WAGONS [049]",
]), max_size=25))
def test_parser_on_shuffled_real_constructs(lines):
    """Any order of the constructs the real PETRARCH 2 files use loads or names a file:line."""
    try:
        ps = parse_petrarch_verbs("\n".join(lines), "shuffled.txt")
    except DictionaryError as err:
        assert str(err).startswith("shuffled.txt"), str(err)
    else:
        assert all(isinstance(v, int) and v >= 0 for v in ps.stats.values())


# --- PETRARCH 2 / UniversalPetrarch constructs (dictionaries written for these tests) --------------

PETR2_TEXT = """\
# a verb file in the PETRARCH 2 / UniversalPetrarch layout, written for these tests
####### SYNONYM SETS #######
&HAMLET
+HAMLET
# a comment inside a synset: the set goes on
+WALLED_TOWN_

+HILL FORT
+(BY THE RIVER)

&WAGON_TRAIN  # a name with underscores, a comment after it
+WAGON
+OXCART

&AUX_
+WAS
+WERE

&BOTH
+&HAMLET
+CASTLE

####### VERB PATTERNS #######

--- VISIT  [042:043] ---
VISIT
+COME_BY {+CAME_BY +COMES_BY +COMING_BY}
- * (IN &HAMLET)                [043]   # a preposition and a synset
- * {NEW &WAGON_TRAIN DEPOT}    [044]
- $ * (BY/WITH +)               [045]
- * &NOWHERE                    [046]   # undefined: PETRARCH skips the pattern
- * CAPITAL                     [:047]  # reverse half only
* (TO ASK)                      [048]
- &AUX_ * BACK                  [049]

--- VISIT  [042:043] ---
CALL_ON {}
VISIT

--- OFFEND  [:110] ---
OFFEND

######## TRANSFORMATIONS ##########
~ a (a b VISIT) SAY = a b 015
"""


def test_petrarch2_comment_inside_a_synset_and_underscored_names():
    ps = parse_petrarch_verbs(PETR2_TEXT, "up.verbs.txt")
    visit = _entry(ps, ":visit")
    p043 = [p for p in visit.patterns if p.code == "043"][0]
    assert [_words(a) for a in p043.after[0].alts] == ["in"]  # (IN ...) -> its words
    assert {_words(a) for a in p043.after[1].alts} == {"hamlet~", "walled town", "hill~ fort~", "by~ the~ river~"}
    p044 = [p for p in visit.patterns if p.code == "044"][0]
    assert {_words(a) for a in p044.after[0].alts} == {"new~ wagon~ depot~", "new~ oxcart~ depot~"}
    p045 = [p for p in visit.patterns if p.code == "045"][0]
    assert [e.kind for e in p045.after] == ["words", "target"]
    assert {_words(a) for a in p045.after[0].alts} == {"by", "with"}
    p049 = [p for p in visit.patterns if p.code == "049"][0]
    assert {_words(a) for a in p049.before[0].alts} == {"was", "were"}  # a '_' label: members exact


def test_petrarch2_constructs_read_and_ignored_with_counts():
    ps = parse_petrarch_verbs(PETR2_TEXT, "up.verbs.txt")
    ign = ps.ignored
    assert ign["pattern naming a synset the file does not define (PETRARCH skips it)"] == 1
    assert ign["pattern whose code has only a reverse half [:CODE]"] == 1
    assert ign["line that is neither a verb nor a pattern (no '-' before a pattern)"] == 1
    assert ign["transformation line '~ ... = ...' (PETRARCH 2 event transformations)"] == 1
    assert ign["reverse-only code [:CODE] of a verb (the bare verb codes nothing)"] == 1
    assert ign["verb listed again in a block of the same name"] == 1
    assert ps.stats["synsets"] == 4 and ps.stats["verbs"] == len(ps.entries) == 4
    # the second VISIT block's verbs share the first block's patterns (PETRARCH 2 files patterns by block name)
    call_on = _entry(ps, ":call_on")
    assert call_on.code == "042:043" and len(call_on.patterns) == 4
    assert [_words(f) for f in call_on.forms] == ["call on"]  # '{}': a fixed phrase, no other forms
    come_by = _entry(ps, ":+come_by")
    assert {"came by", "comes by", "coming by", "come by"} <= {_words(f) for f in come_by.forms}
    offend = _entry(ps, ":offend")
    assert offend.code == "---"


def test_nested_synset_members_resolve():
    ps = parse_petrarch_verbs(PETR2_TEXT.replace("- * &NOWHERE", "- * &BOTH"), "up.verbs.txt")
    visit = _entry(ps, ":visit")
    p046 = [p for p in visit.patterns if p.code == "046"][0]
    assert {_words(a) for a in p046.after[0].alts} == {"hamlet~", "walled town", "hill~ fort~", "by~ the~ river~", "castle~"}


def test_tabari_dialect_still_raises_on_patterns_without_verb():
    with pytest.raises(DictionaryError):
        parse_petrarch_verbs("- * TALKS [031]\n", "t.txt")


# --- side files: discards, the internal coding ontology (PICO), issues (all written for these tests) --

from peacewatch.events.petrarch_verbs import (  # noqa: E402
    load_petrarch_discards,
    load_petrarch_issues,
    load_petrarch_pico,
    parse_petrarch_pico,
)

ISSUES_TEXT = """\
# an issues list in PETRARCH's layout, written for these tests
<ISSUE CATEGORY="WATER" TYPE="ALL">
n:well [WATER_ACCESS]
river+bank n:erosion [WATER_ACCESS]
v:irrigate fields[WATER_ACCESS]
water tower
~wishing well
~~well done
</ISSUE>
</ISSUE>
"""


def test_pico_values_and_counts(tmp_path):
    f = tmp_path / "Fixture_Internal_Coding_Ontology.txt"
    f.write_text("# header\n010:0x1000#statement\n121:-0xFFFF+0x0070\n   # a continued comment\n---:0\n", encoding="utf-8")
    assert parse_petrarch_pico(f.read_text(), "p") == {"010": 0x1000, "121": -0xFFFF + 0x70, "---": 0}
    ps = load_petrarch_pico(f)
    assert ps.stats["pico codes"] == 3 and ps.ignored == {"internal coding ontology codes (peacewatch codes CAMEO directly)": 3}
    f.write_text("010:0x1000\n011 0x1001\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r":2: "):
        load_petrarch_pico(f)


def test_issues_read_and_counted(tmp_path):
    f = tmp_path / "Fixture.IssueCoding.txt"
    f.write_text(ISSUES_TEXT, encoding="utf-8")
    ps = load_petrarch_issues(f)
    assert ps.stats["issue categories"] == 1 and ps.stats["issue phrases"] == 3 and ps.stats["issue exclusions"] == 2
    assert ps.ignored == {"issue phrase without a [code] (PETRARCH skips it)": 1,
                          "issue phrases and exclusions (peacewatch codes no issues)": 5}
    f.write_text("n:well [WATER\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r":1: "):
        load_petrarch_issues(f)


def test_discards_counted(tmp_path):
    f = tmp_path / "Fixture.discards.txt"
    f.write_text("# sports\nFOOTBALL_MATCH  # a comment\n+HARVEST_FESTIVAL\n<!-- a note -->\n", encoding="utf-8")
    ps = load_petrarch_discards(f)
    assert ps.stats == {"discards": 2} and [d.story for d in ps.discards] == [False, True]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("AB0x1F_+-:#[]~<>!/= \n") + ["<ISSUE>", "</ISSUE>", "n:", "v:", "0x", "-->"]),
                max_size=80).map("".join))
def test_side_file_readers_raise_only_dictionary_errors(tmp_path_factory, text):
    d = tmp_path_factory.mktemp("side")
    for name, loader in (("a.discards.txt", load_petrarch_discards), ("a.issues.txt", load_petrarch_issues),
                         ("a_Internal_Coding_Ontology.txt", load_petrarch_pico)):
        f = d / name
        f.write_text(text, encoding="utf-8")
        try:
            loader(f)
        except DictionaryError as err:
            assert str(err).startswith(str(f)), str(err)
