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
    ("ATTACK [223]\n- * &NOSUCH  [987]\n", 2, "unknown synset"),
    ("ATTACK [223]\n- * TALKS * MORE  [987]\n", 2, "more than one"),
    ("--- ATTACK [223] ---\nATTACK {ATTACKED\n", 2, "'{ }'"),
    ("&SYN\n+A\n\n--- ATTACK [223] ---\nATTACK\n- * &SYN &OTHER [1]\n", 6, "unknown synset"),
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


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABC *_-[]{}|&$+%^~#;\n0123")), max_size=80))
def test_parser_never_crashes_on_noise(text):
    try:
        parse_petrarch_verbs(text, "fuzz.txt")
    except DictionaryError:
        pass
