"""clean_document on hand-written wire stories (written for these tests, in the shapes of
MENAFN, KCNA, Reuters, Yonhap and AP copy), with exact expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacewatch.clean import clean_document, load_tables
from peacewatch.clean.wire import read_table
from peacewatch.config import Options
from peacewatch.errors import DictionaryError, PeacewatchError
from peacewatch.model import RawDocument, stable_hash

OPT = Options()


def clean(raw: str, **meta):
    return clean_document(RawDocument(origin="test", kind="text", raw_text=raw, meta=meta), OPT)


def assert_offsets(art):
    prev_end = -1
    for cs, rs, ln in art.offsets.segments:
        assert ln > 0 and cs > prev_end - 1
        assert art.raw_text[rs : rs + ln] == art.text[cs : cs + ln]
        prev_end = cs + ln
    for r in art.removed:
        assert art.raw_text[r.raw_start : r.raw_end] == r.text


MENAFN_STORY = (
    "Monday, 03 March 2025 09:40 GMT\n"
    "\n"
    "Seoul proposes new liaison office with Pyongyang\n"
    "\n"
    "(MENAFN- Example Herald) Seoul has offered to reopen a joint liaison office with North Korea, "
    "officials said Friday.\n"
    "\n"
    "The  offer,   made by the unification ministry, follows months of silence.\n"
    "\n"
    "MENAFN28022025000012345678ID1109876543\n"
    "\n"
    "Legal Disclaimer:\n"
    "MENAFN provides the information as it is, with no warranty of any sort.\n"
    "\n"
    "Search\n"
)


def test_menafn_shape():
    art = clean(MENAFN_STORY)
    assert art.title == "Seoul proposes new liaison office with Pyongyang"
    assert art.source == "MENAFN"
    assert art.source_id == "MENAFN28022025000012345678ID1109876543"
    assert art.text == (
        "Seoul proposes new liaison office with Pyongyang\n\n"
        "Seoul has offered to reopen a joint liaison office with North Korea, officials said Friday.\n\n"
        "The offer, made by the unification ministry, follows months of silence."
    )
    assert art.body_start == len(art.title) + 2
    assert [r.label for r in art.removed] == [
        "header-date",
        "source-tag",
        "identifier",
        "disclaimer",
        "navigation",
    ]
    assert art.removed[1].text == "(MENAFN- Example Herald) "
    assert art.article_id == stable_hash(" ".join(art.body.split()))
    assert_offsets(art)


def test_kcna_dateline_shape():
    raw = (
        "Delegation leaves for Laos\n"
        "\n"
        "Pyongyang, December 24 (KCNA) -- A delegation of the Ministry of Culture left here on Tuesday "
        "for a visit to Laos.\n"
        "\n"
        "It was seen off at the airport by officials.\n"
    )
    art = clean(raw)
    assert art.source == "KCNA"
    assert art.dateline == "Pyongyang, December 24"
    assert art.body == (
        "A delegation of the Ministry of Culture left here on Tuesday for a visit to Laos.\n\n"
        "It was seen off at the airport by officials."
    )
    assert [r.label for r in art.removed] == ["dateline"]
    assert art.removed[0].text == "Pyongyang, December 24 (KCNA) -- "
    assert_offsets(art)


def test_yonhap_shape_with_end_mark():
    raw = (
        "N. Korea slams allied drills\n"
        "\n"
        "UNITED NATIONS, Sept. 23 (Yonhap) -- North Korea on Tuesday denounced the drills planned by "
        "the U.S.-led forces, its envoy said.\n"
        "\n"
        "(END)\n"
    )
    art = clean(raw)
    assert art.title == "N. Korea slams allied drills"
    assert art.source == "Yonhap"
    assert art.dateline == "UNITED NATIONS, Sept. 23"
    assert art.body == (
        "North Korea on Tuesday denounced the drills planned by the U.S.-led forces, its envoy said."
    )
    assert [r.label for r in art.removed] == ["dateline", "boilerplate"]
    assert_offsets(art)


def test_reuters_modern_shape():
    raw = (
        "SEOUL, Sept 24 (Reuters) - South Korea's president urged the United Nations on Wednesday to "
        "back his plan for talks.\n"
        "\n"
        "Reporting by A. Writer; Editing by B. Editor\n"
    )
    art = clean(raw, title="S.Korea's president seeks UN backing")
    assert art.source == "Reuters"
    assert art.dateline == "SEOUL, Sept 24"
    # the headline comes from metadata: inserted text, not mapped to the raw text
    assert art.text == (
        "S.Korea's president seeks UN backing\n\n"
        "South Korea's president urged the United Nations on Wednesday to back his plan for talks."
    )
    assert art.offsets.segments[0][0] == art.body_start
    assert [r.label for r in art.removed] == ["dateline", "boilerplate"]
    assert_offsets(art)


def test_ap_shape_with_copyright():
    raw = (
        "WASHINGTON (AP) — The State Department said Thursday that envoys would meet next week.\n"
        "\n"
        "Share\n"
        "\n"
        "The meeting would be the first in a year.\n"
        "\n"
        "Copyright 2025 The Associated Press. All rights reserved.\n"
        "Tweet\n"
    )
    art = clean(raw)
    assert art.source == "AP"
    assert art.dateline == "WASHINGTON"
    # a nav word between paragraphs of prose is left alone: only the edges are trimmed
    assert art.text == (
        "The State Department said Thursday that envoys would meet next week.\n\n"
        "Share\n\n"
        "The meeting would be the first in a year."
    )
    assert art.body_start == 0 and art.title is None
    labels = [r.label for r in art.removed]
    assert labels == ["dateline", "boilerplate", "navigation"]
    assert_offsets(art)


def test_reuters_1987_trailer_and_wrapped_lines():
    raw = (
        "Cocoa arrivals in the southern zone rose to\n"
        "a record for the week, the trade body said in\n"
        "its weekly report.\n"
        "    Shippers said prices were steady and that more\n"
        "sales were expected next month.\n"
        " Reuter\n"
        "\x03"
    )
    art = clean(raw, title="COCOA ARRIVALS RISE", dateline="    LONDON, March 2 - ")
    assert art.text == (
        "COCOA ARRIVALS RISE\n\n"
        "Cocoa arrivals in the southern zone rose to a record for the week, the trade body said in "
        "its weekly report.\n\n"
        "Shippers said prices were steady and that more sales were expected next month."
    )
    assert art.dateline == "LONDON, March 2"
    assert "\x03" not in art.text and "Reuter" not in art.text
    labels = sorted(r.label for r in art.removed)
    assert labels == ["control", "trailer"]
    assert_offsets(art)


def test_inline_reuter_trailer_and_controls():
    art = clean("Output fell 3.5 pct in May, the ministry said. REUTER\x03\x1f")
    assert art.text == "Output fell 3.5 pct in May, the ministry said."


def test_kcna_comma_joins():
    raw = (
        "Kim sent a message of greeting to the president of Examplestan on its national day., ,  "
        "The message said:, ,  Dear Comrade,, , I wish you success., ,  "
        "He hoped ties would grow. , , ,  , , , , , , , , ,"
    )
    art = clean(raw, title="Kim Greets, , Examplestan President", published="2011-12-01")
    assert art.title == "Kim Greets Examplestan President"
    assert art.body == (
        "Kim sent a message of greeting to the president of Examplestan on its national day.\n\n"
        "The message said:\n\n"
        "Dear Comrade,\n\n"
        "I wish you success.\n\n"
        "He hoped ties would grow."
    )
    assert ", ," not in art.text
    assert {r.label for r in art.removed} == {"paragraph-join"}
    assert_offsets(art)


def test_lone_comma_join_only_in_kcna_shaped_text():
    kcna = clean("They met on Friday.,  The talks went well., ,  Both sides agreed. , , ,  , , ,")
    assert kcna.text == "They met on Friday.\n\nThe talks went well.\n\nBoth sides agreed."
    prose = clean("They met on Friday.,  The talks went well.")
    assert prose.text == "They met on Friday., The talks went well."
    # one stray ", ," in the middle of other copy is a typo, not the KCNA join
    typo = clean("He saw 42 marks per share, , and said so.")
    assert typo.text == "He saw 42 marks per share, , and said so."


def test_wrapped_line_that_looks_like_nav_is_prose():
    raw = (
        "The company said it earned 76 mln dlrs in the year, or 77 cts a\n"
        "share, against a loss the year before, and it paid one ct a\n"
        "share.\n"
        " Reuter\n"
        "\x03"
    )
    art = clean(raw)
    assert art.text.endswith("and it paid one ct a share.")
    assert [r.label for r in art.removed] == ["trailer", "control"]


def test_whitespace_and_characters_kept():
    raw = "Talks   resume\n\n\u201cWe  are ready\u2026\u201d  he said\u00a0on\tMonday.\r\n\r\nNext  step."
    art = clean(raw)
    assert art.title == "Talks resume"
    assert art.body == "\u201cWe are ready\u2026\u201d he said on Monday.\n\nNext step."
    assert_offsets(art)


def test_headline_needs_blank_line_and_no_period():
    art = clean("This is a full sentence.\n\nAnd another one.")
    assert art.title is None and art.body_start == 0
    art = clean("Short line without period\nstill the same paragraph of text here\n\nMore.")
    assert art.title is None


def test_meta_title_matching_first_line_is_used_once():
    art = clean("Leaders meet in Panmunjom\n\nThe two leaders met on Friday.", title="Leaders Meet in Panmunjom")
    assert art.text == "Leaders meet in Panmunjom\n\nThe two leaders met on Friday."
    assert art.title == "Leaders Meet in Panmunjom"
    assert art.offsets.segments[0][:2] == (0, 0)


def test_meta_fields():
    art = clean("Body text here.", id="a1", source="Example Wire", url="https://example.org/2025/09/24/x")
    assert art.article_id == "a1"
    assert art.source == "Example Wire"
    assert art.url == "https://example.org/2025/09/24/x"


def test_empty_and_blank_inputs():
    for raw in ("", "   \n\n\t", "\x03\x00", "Search"):
        art = clean(raw)
        assert art.body.strip() == ""
        assert_offsets(art)


def test_disclaimer_at_start_is_not_removed():
    art = clean("Disclaimer: this is a story about disclaimers.\n\nIt has a second paragraph.")
    assert art.body.startswith("Disclaimer: this is a story")


def test_table_errors_name_file_and_line(tmp_path: Path):
    bad = tmp_path / "wire.tsv"
    bad.write_text("# comment\nnav\tSearch\nsource_tag\tXYZ\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as ei:
        read_table(bad)
    assert f"{bad}:3" in str(ei.value)
    bad.write_text("disclaimer\t(unclosed\n", encoding="utf-8")
    with pytest.raises(PeacewatchError, match=r"wire.tsv:1.*bad regular expression"):
        read_table(bad)
    bad.write_text("banner\tfoo\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="unknown rule kind 'banner'"):
        read_table(bad)
    bad.write_text("identifier\tX\tX(?P<dd>\\d\\d)\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="dd, mm, yyyy"):
        read_table(bad)


def test_user_table_extends_builtin(tmp_path: Path):
    d = tmp_path / "dicts"
    (d / "clean").mkdir(parents=True)
    (d / "clean" / "wire.tsv").write_text(
        "source_tag\tPeace Wire\tPeaceWire\n"
        "nav\tJump to comments\n"
        "identifier\tPW\tPW-(?P<yyyy>\\d{4})(?P<mm>\\d{2})(?P<dd>\\d{2})-\\d+\n",
        encoding="utf-8",
    )
    opts = Options(dictionaries=(d,))
    tables = load_tables(opts)
    assert tables.source_tags["peace wire"] == "PeaceWire" and tables.source_tags["kcna"] == "KCNA"
    doc = RawDocument("t", "text", "(Peace Wire) Envoys met.\n\nPW-20250924-77\n\nJump to comments\n")
    art = clean_document(doc, opts)
    assert art.source == "PeaceWire" and art.source_id == "PW-20250924-77"
    assert art.text == "Envoys met."
    # without the user table nothing of that is known
    art2 = clean_document(doc, OPT)
    assert art2.source is None and "Jump to comments" in art2.text


def test_malformed_user_table_is_a_dictionary_error(tmp_path: Path):
    d = tmp_path / "dicts"
    (d / "clean").mkdir(parents=True)
    (d / "clean" / "wire.tsv").write_text("nav\tShare\nnav Share without a tab\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as ei:
        clean_document(RawDocument("t", "text", "Envoys met."), Options(dictionaries=(d,)))
    msg = ei.value.one_line()
    assert "wire.tsv:2" in msg and "unknown rule kind" in msg and "\n" not in msg


def test_byline_free_header_then_headline_then_date_line():
    raw = "Share | Tweet\n\nEnvoys meet in Geneva\n\n24 September 2025\n\n(AFP) Envoys met on Wednesday.\n"
    art = clean(raw)
    assert art.text == "Envoys meet in Geneva\n\nEnvoys met on Wednesday."
    assert [r.label for r in art.removed] == ["navigation", "header-date", "source-tag"]
    assert art.source == "AFP"
