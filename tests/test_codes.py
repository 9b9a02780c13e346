"""The CAMEO code table: contents, lookups, PETRARCH codes, validation, and the published lookups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, needs_shared
from peacewatch.errors import DictionaryError, PeacewatchError
from peacewatch.events.codes import (
    COLUMNS,
    UnknownCode,
    compare_with_references,
    is_null_code,
    load_code_table,
    parse_code_table,
    parse_petrarch_code,
)


@pytest.fixture(scope="module")
def table():
    return load_code_table()


def test_counts_and_version(table):
    assert len(table) == 311
    assert len(table.codes()) == 311
    assert table.roots() == [f"{i:02d}" for i in range(1, 21)]
    assert re.fullmatch(r"\d{4}\.\d{2}-\d+", table.version)
    # sub-codes per root, as CAMEO 1.1b3 has them
    per_root = {r: sum(1 for c in table.codes() if c.startswith(r)) for r in table.roots()}
    assert per_root["01"] == 11 and per_root["02"] == 28 and per_root["19"] == 8 and per_root["20"] == 8


def test_leading_zeros_kept(table):
    codes = table.codes()
    assert codes[0] == "01"
    assert "010" in codes and "0211" in codes and "10" in codes
    assert all(isinstance(c, str) and c.isdigit() and 2 <= len(c) <= 4 for c in codes)
    assert "1" not in table and "211" not in table  # no code lost its zero


def test_lookup_022(table):
    info = table.lookup("022")
    assert (info.code, info.root, info.goldstein, info.quad_class, info.five_class) == ("022", "02", 3.2, 1, 0)
    assert (info.plover_event, info.plover_mode, info.plover_context) == ("REQUEST", "assist", ["diplomatic"])
    assert info.label == "asks for diplomatic support"


def test_lookup_0211_and_root(table):
    info = table.lookup("0211")
    assert (info.root, info.goldstein, info.plover_event, info.plover_mode, info.plover_context) == (
        "02",
        3.4,
        "REQUEST",
        "assist",
        ["economic"],
    )
    root = table.lookup("19")
    assert (root.code, root.root, root.goldstein, root.quad_class, root.plover_event) == ("19", "19", -10.0, 4, "ASSAULT")
    st = table.lookup("01")
    assert st.plover_event is None and st.plover_mode is None and st.plover_context == []


def test_lookup_two_way_code(table):
    assert table.lookup("013:012").code == "013"
    assert table.lookup(" 042 ").code == "042"


@pytest.mark.parametrize(
    "code, hint",
    [
        ("1", "did you mean '01'"),
        ("075A", "nearest code is '075'"),
        ("1717", "nearest code is '171'"),
        ("903", "2-4 digits with leading zeros"),
        ("---", "is_null_code"),
        ("hello", "2-4 digits"),
        ("", "2-4 digits"),
    ],
)
def test_unknown_codes_raise_keyerror_with_hint(table, code, hint):
    with pytest.raises(UnknownCode) as exc:
        table.lookup(code)
    assert isinstance(exc.value, KeyError) and isinstance(exc.value, PeacewatchError)
    assert hint in str(exc.value)
    assert "\n" not in str(exc.value)


def test_lookup_rejects_int(table):
    with pytest.raises(KeyError, match="string"):
        table.lookup(22)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "code, resolved",
    [("075A", "075"), ("174K", "174"), ("023?", "023"), ("102b", "102"), ("1717", "171"), ("013:012", "013"),
     ("903", None), ("345", None), ("---", None), ("###", None), ("+++", None), ("abc", None)],
)
def test_resolve_petrarch_codes(table, code, resolved):
    info = table.resolve(code)
    assert (info.code if info else None) == resolved


def test_parse_petrarch_code():
    p = parse_petrarch_code("013:012")
    assert (p.primary, p.reciprocal, p.suffix, p.is_null) == ("013", "012", "", False)
    p = parse_petrarch_code("075A")
    assert (p.primary, p.reciprocal, p.suffix) == ("075", None, "A")
    assert parse_petrarch_code("---").is_null
    assert is_null_code("---") and is_null_code(" ### ") and not is_null_code("010")
    with pytest.raises(UnknownCode):
        parse_petrarch_code("01:x")


GDELT_QUAD = {**{r: 1 for r in range(1, 6)}, **{r: 2 for r in range(6, 10)}, **{r: 3 for r in range(10, 15)},
              **{r: 4 for r in range(15, 21)}}
FIVE = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 3, 13: 3, 14: 4, 15: 4, 16: 3,
        17: 4, 18: 4, 19: 4, 20: 4}


@pytest.mark.parametrize("root", range(1, 21))
def test_quad_class_of_each_root_under_both_schemes(table, root):
    r = f"{root:02d}"
    assert table.quad_class(r) == GDELT_QUAD[root]
    assert table.quad_class(r, scheme="gdelt-root") == GDELT_QUAD[root]
    assert table.quad_class(r, scheme="conflibert-5") == FIVE[root]
    # every sub-code follows its root
    for code in table.codes():
        if code.startswith(r):
            assert table.quad_class(code) == GDELT_QUAD[root]
            assert table.quad_class(code, "conflibert-5") == FIVE[root]


def test_unknown_scheme(table):
    with pytest.raises(PeacewatchError, match="gdelt-root"):
        table.quad_class("01", scheme="phoenix")


def test_plover_choices(table):
    # 01 has no PLOVER event; each 02x takes the row of its 10x counterpart
    assert all(table.lookup(c).plover_event is None for c in table.codes() if c.startswith("01"))
    for code in table.codes():
        if code.startswith("02"):
            twin = table.lookup("10" + code[2:])
            info = table.lookup(code)
            assert (info.plover_event, info.plover_mode, info.plover_context) == (
                twin.plover_event,
                twin.plover_mode,
                twin.plover_context,
            )
    assert table.lookup("08").plover_event == "CONCEDE"
    assert table.lookup("0841").plover_event == "RETREAT"
    assert all(table.lookup(c).plover_event for c in table.codes() if not c.startswith("01"))


# --- the published lookups ------------------------------------------------------------------------


def _documented_differences() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "CODES.md").read_text(encoding="utf-8")
    block = text.split("<!-- differences: code | field | reason -->", 1)[1].split("<!-- end differences -->", 1)[0]
    rows = []
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("code", "---") and not set(cells[0]) <= {"-"}:
            rows.append((cells[0], cells[1]))
    return rows


def _explained(diff, documented) -> bool:
    for pattern, fld in documented:
        if fld != diff.field:
            continue
        if pattern.endswith("*") and diff.code.startswith(pattern[:-1]) or pattern == diff.code:
            return True
    return False


def test_documented_differences_parse():
    rows = _documented_differences()
    assert ("02*", "plover_event") in rows and ("1213", "plover_missing_code") in rows


def test_table_equals_published_cameo_and_goldstein(table):
    gold = needs_shared("gold", "cameo-lookups")
    diffs = compare_with_references(
        table, eventcodes=gold / "CAMEO.eventcodes.txt", goldstein=gold / "CAMEO.goldsteinscale.txt"
    )
    assert diffs == [], "differences from the published CAMEO lookups:\n" + "\n".join(map(str, diffs))


def test_table_against_published_plover_has_only_documented_differences(table):
    plover = needs_shared("gold", "plover-gsr", "CAMEO2PLOVER-2021.txt")
    diffs = compare_with_references(table, plover=plover)
    documented = _documented_differences()
    unexplained = [d for d in diffs if not _explained(d, documented)]
    assert unexplained == [], "undocumented differences (document in docs/CODES.md or fix):\n" + "\n".join(
        map(str, unexplained)
    )
    # the documented ones are really there (a stale doc row would hide a later change)
    assert {d.code for d in diffs if d.field == "plover_missing_code"} == {"1213", "1214"}
    assert sum(1 for d in diffs if d.field == "plover_event") == 28  # 02 and its 27 sub-codes


def test_comparison_reports_a_changed_value(tmp_path, table):
    """The comparison is not vacuous: a wrong Goldstein value and a missing code show up."""
    ref = tmp_path / "gs.txt"
    ref.write_text("CAMEOEVENTCODE\tGOLDSTEINSCALE\n022\t3.2\n190\t-9.0\n0999\t1.0\n", encoding="utf-8")
    diffs = compare_with_references(table, goldstein=ref)
    assert [(d.code, d.field, d.ours, d.theirs) for d in diffs] == [
        ("190", "goldstein", "-10.0", "-9.0"),
        ("0999", "missing", "", "1.0"),
    ]


# --- validation on load ---------------------------------------------------------------------------

HEADER = "\t".join(COLUMNS)


def _table(*rows: str, version: str = "# version: t-1") -> str:
    return "\n".join([version, HEADER, *rows]) + "\n"


GOOD_ROOT = "02\t02\t3.0\t1\t0\tREQUEST\t-\t-\tappeal"


def test_small_table_loads(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text(_table(GOOD_ROOT, "022\t02\t3.2\t1\t0\tREQUEST\tassist\tdiplomatic,economic\tasks"), encoding="utf-8")
    t = load_code_table(p)
    assert t.version == "t-1" and t.codes() == ["02", "022"]
    assert t.lookup("022").plover_context == ["diplomatic", "economic"]


@pytest.mark.parametrize(
    "row, message",
    [
        ("21\t21\t0.0\t4\t4\t-\t-\t-\tx", "unknown root '21'"),
        ("023\t02\tbig\t1\t0\tREQUEST\t-\t-\tx", "bad Goldstein value 'big'"),
        ("023\t02\t11.5\t1\t0\tREQUEST\t-\t-\tx", "outside -10..10"),
        ("02\t02\t3.0\t1\t0\tREQUEST\t-\t-\tagain", "duplicate code '02' (first on line 3)"),
        ("023\t02\t3.0\t2\t0\tREQUEST\t-\t-\tx", "quad_class 2 disagrees"),
        ("023\t02\t3.0\t1\t1\tREQUEST\t-\t-\tx", "five_class 1 disagrees"),
        ("023\t02\t3.0\t1\t0\tDEMAND\t-\t-\tx", "unknown PLOVER event 'DEMAND'"),
        ("23\t02\t3.0\t1\t0\tREQUEST\t-\t-\tx", "does not start with its root"),
        ("2x3\t02\t3.0\t1\t0\tREQUEST\t-\t-\tx", "bad code '2x3'"),
        ("023\t02\t3.0\t1\t0\tREQUEST\t-", "7 tab-separated cells"),
        ("0231\t02\t3.4\t1\t0\tREQUEST\t-\t-\tx", "no parent row '023'"),
        ("023\t02\t3.0\t1\t0\tREQUEST\t-\t-\t", "has no label"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, row, message):
    p = tmp_path / "bad.tsv"
    p.write_text(_table(GOOD_ROOT, row), encoding="utf-8")
    with pytest.raises(DictionaryError) as exc:
        load_code_table(p)
    text = str(exc.value)
    assert message in text
    if "parent row" not in message:
        assert f"{p}:4" in text


def test_missing_version_and_header(tmp_path):
    with pytest.raises(DictionaryError, match="no '# version"):
        parse_code_table(HEADER + "\n" + GOOD_ROOT + "\n", "x.tsv")
    with pytest.raises(DictionaryError, match=r"x.tsv:2: the header row"):
        parse_code_table("# version: 1\ncode\troot\n", "x.tsv")
    with pytest.raises(DictionaryError, match="does not exist"):
        load_code_table(Path("/nonexistent/table.tsv"))


@given(st.text(max_size=300))
def test_parser_never_crashes_on_junk(junk):
    try:
        parse_code_table(junk, "junk.tsv")
    except DictionaryError as err:
        assert err.source and err.source.startswith("junk.tsv:")


@given(st.text(max_size=12))
def test_lookup_only_raises_unknown_code(junk):
    table = load_code_table()
    try:
        info = table.lookup(junk)
    except UnknownCode:
        return
    assert info.code in table
    table.resolve(junk)  # never raises
