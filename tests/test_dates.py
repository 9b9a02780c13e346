"""Date parsing, relative expressions and the weighing of date evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.clean import clean_document, prepare, resolve_date, resolve_relative
from peacewatch.clean.dates import (
    dates_from_html,
    dates_from_url,
    parse_date_line,
    parse_date_value,
    weekdays_in_text,
)
from peacewatch.config import Options
from peacewatch.model import RawDocument

D = dt.date
OPT = Options()


@pytest.mark.parametrize(
    "line, expected, named",
    [
        ("Tuesday, 02 January 2024 12:17 GMT", D(2024, 1, 2), 1),
        ("2011-12-01", D(2011, 12, 1), None),
        ("Dec 24, 2025 08:00 KST", D(2025, 12, 24), None),
        ("Published: 24 September 2025", D(2025, 9, 24), None),
        ("Updated on Wed, Sept. 24, 2025 at 10:05 a.m. EDT", D(2025, 9, 24), 2),
        ("26-FEB-1987 15:01:01.79", D(1987, 2, 26), None),
        ("2025/09/24 10:00 KST", D(2025, 9, 24), None),
        ("24.09.2025", D(2025, 9, 24), None),
        ("2025-09-24T08:15:00+09:00", D(2025, 9, 24), None),
    ],
)
def test_parse_date_line(line, expected, named):
    p = parse_date_line(line)
    assert p is not None and p.date == expected and p.weekday_named == named


@pytest.mark.parametrize(
    "line",
    [
        "S. Korea wants UN support for Korean Peninsula dialogue peace initiative",
        "June 25, 1950: the day the war began",
        "31 February 2024",
        "2024-13-01",
        "Tuesday",
        "",
        "12:17 GMT",
    ],
)
def test_parse_date_line_rejects(line):
    assert parse_date_line(line) is None


def test_header_weekday_consistency():
    assert parse_date_line("Tuesday, 02 January 2024").weekday_consistent
    assert not parse_date_line("Friday, 02 January 2024").weekday_consistent


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-09-24T08:00:00Z", D(2025, 9, 24)),
        ("Wed, 24 Sep 2025 10:00:00 +0000", D(2025, 9, 24)),
        ("September 24, 2025", D(2025, 9, 24)),
        (dt.datetime(2025, 9, 24, 23, 59), D(2025, 9, 24)),
        (D(2011, 12, 1), D(2011, 12, 1)),
        (1758672000, D(2025, 9, 24)),
        ("2025-13-45", None),
        ("yesterday-ish", None),
        (None, None),
        ("", None),
        (float("nan"), None),
        (10**30, None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value) == expected


def test_dates_from_url():
    full, partial = dates_from_url("http://www.kcna.co.jp/item/2011/201112/2011-12-01ee.html")
    assert [d for d, _ in full] == [D(2011, 12, 1)] and partial == []
    full, _ = dates_from_url("https://news.example.org/world/2025/09/24/korea-un-plan/")
    assert [d for d, _ in full] == [D(2025, 9, 24)]
    full, partial = dates_from_url("https://news.example.org/2025/09/korea-un-plan")
    assert full == [] and partial == [("2025-09", "/2025/09/")]
    assert dates_from_url("https://example.org/item/123456789") == ([], [])


def test_dates_from_html():
    html = (
        "<html><head><meta name='viewport' content='x'>"
        '<meta content="2025-09-24T09:00:00+09:00" property="article:published_time">'
        '<script type="application/ld+json">{"datePublished": "2025-09-20"}</script></head></html>'
    )
    got = dates_from_html(html)
    assert got[0][:2] == (D(2025, 9, 24), "article:published_time")
    assert [d for d, _, _ in got] == [D(2025, 9, 24), D(2025, 9, 20)]
    assert dates_from_html('<meta name="date" content="not a date">') == []


def test_weekdays_in_text_skips_qualified_and_dated_weekdays():
    text = (
        "Officials said Wednesday that talks held last Monday failed; on Good Friday and "
        "on Tuesday, Sept. 23 nothing happened, but on Thursday they met."
    )
    assert [w for _, w, _ in weekdays_in_text(text)] == ["Wednesday", "Thursday"]


ANCHOR = D(2025, 9, 24)  # a Wednesday


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("Wednesday", D(2025, 9, 24)),
        ("on Tuesday", D(2025, 9, 23)),
        ("Thursday", D(2025, 9, 18)),
        ("Tuesday night", D(2025, 9, 23)),
        ("last Wednesday", D(2025, 9, 17)),
        ("next Monday", D(2025, 9, 29)),
        ("yesterday", D(2025, 9, 23)),
        ("today", D(2025, 9, 24)),
        ("tomorrow", D(2025, 9, 25)),
        ("last week", D(2025, 9, 17)),
        ("next month", D(2025, 10, 24)),
        ("three days ago", D(2025, 9, 21)),
        ("2 weeks ago", D(2025, 9, 10)),
        ("Sept. 23", D(2025, 9, 23)),
        ("on Sept. 23", D(2025, 9, 23)),
        ("December 24", D(2025, 12, 24)),
        ("24 September 2025", D(2025, 9, 24)),
        ("the day before", D(2025, 9, 23)),
        ("sometime", None),
        ("", None),
        ("February 30", None),
    ],
)
def test_resolve_relative(expr, expected):
    assert resolve_relative(expr, ANCHOR) == expected


def test_resolve_relative_nearest_year():
    assert resolve_relative("December 24", D(2026, 1, 3)) == D(2025, 12, 24)
    assert resolve_relative("Jan. 2", D(2025, 12, 30)) == D(2026, 1, 2)
    assert resolve_relative("Monday", dt.datetime(2025, 9, 24, 12, 0)) == D(2025, 9, 22)
    assert resolve_relative("Monday", "2025-09-24") is None  # type: ignore[arg-type]


def _doc(raw: str, html: str | None = None, **meta) -> RawDocument:
    return RawDocument(origin="t", kind="text", raw_text=raw, meta=meta, html=html)


def test_no_evidence():
    art = prepare(_doc("Talks went on. Nothing else is known."), OPT)
    assert art.published is None and art.date_basis == "no date evidence" and art.date_conflicts == []


def test_header_alone():
    art = prepare(_doc("Dec 24, 2025 08:00 KST\n\nLeaders met on Christmas Eve. Both sides smiled."), OPT)
    assert art.published == "2025-12-24"
    assert art.date_basis == "header 'Dec 24, 2025 08:00 KST'"


def test_header_contradicted_by_url_and_weekday_is_a_feed_artifact():
    raw = "Monday, 05 February 2024\n\nEnvoys met in Geneva\n\nEnvoys met in Geneva on Friday, officials said."
    art = prepare(_doc(raw, url="https://example.org/news/2025/03/14/envoys"), OPT)
    assert art.published == "2025-03-14"  # a Friday
    assert art.date_basis == "URL date 2025/03/14; 'Friday' in text is 2025-03-14"
    assert art.date_conflicts == [
        "header says 2024-02-05 (Monday) but URL date 2025/03/14 says 2025-03-14 and 'Friday' in "
        "the text fits it; header rejected as a feed artifact"
    ]


def test_weekday_decides_between_two_dates():
    # header and input field disagree; the story's weekday names the input field's date
    raw = "2025-09-23\n\nSeoul reacts\n\nSeoul said on Wednesday it would respond."
    art = prepare(_doc(raw, published="2025-09-24"), OPT)
    assert art.published == "2025-09-24"
    assert "'Wednesday' in text is 2025-09-24" in art.date_basis
    assert len(art.date_conflicts) == 1 and art.date_conflicts[0].startswith("header says 2025-09-23 (Tuesday)")


def test_dateline_year_from_other_evidence():
    raw = "SEOUL, Sept 24 (Reuters) - Seoul asked the UN on Wednesday to back its plan."
    art = prepare(_doc(raw, url="https://example.org/2025/09/24/plan"), OPT)
    assert art.published == "2025-09-24"
    assert art.date_basis == "URL date 2025/09/24; 'Wednesday' in text is 2025-09-24; dateline 'SEOUL, Sept 24'"
    res = resolve_date(art, OPT)
    kinds = {e.kind: e.value for e in res.evidence}
    assert kinds == {"url": "2025-09-24", "relative-weekday": "2025-09-24", "dateline": "2025-09-24"}


def test_dateline_without_year_gives_no_date():
    art = prepare(_doc("Pyongyang, December 24 (KCNA) -- A delegation left on Tuesday."), OPT)
    assert art.published is None
    assert art.date_basis == "no full date: dateline 'Pyongyang, December 24' has no year"


def test_dateline_far_from_date_is_a_conflict():
    raw = "SEOUL, March 3 (Yonhap) -- Officials met."
    art = prepare(_doc(raw, published="2025-09-24"), OPT)
    assert art.published == "2025-09-24"
    assert art.date_conflicts == ["dateline 'SEOUL, March 3' names 2025-03-03 but the story is dated 2025-09-24"]


def test_html_meta_from_doc():
    html = '<html><head><meta property="article:published_time" content="2025-09-24T10:00:00Z"></head></html>'
    doc = _doc("Envoys met. More talks are planned.", html=html)
    art = clean_document(doc, OPT)
    res = resolve_date(art, OPT, doc)
    assert res.published == "2025-09-24"
    assert res.basis == "HTML meta article:published_time '2025-09-24T10:00:00Z'"
    assert resolve_date(art, OPT).published is None  # without the document the markup is unknown


def test_kcna_shaped_record():
    doc = _doc(
        "Kim Yong Nam met a delegation Thursday., ,  They talked. , , ,  , , ,",
        title="Kim Yong Nam Meets Delegation",
        published="2011-12-01",
        url="http://www.kcna.co.jp/item/2011/201112/2011-12-01ee.html",
    )
    art = prepare(doc, OPT)
    assert art.published == "2011-12-01"
    assert art.date_basis == (
        "input field published '2011-12-01'; URL date 2011-12-01; 'Thursday' in text is 2011-12-01"
    )
    assert art.date_conflicts == []


def test_malformed_meta_does_not_crash():
    for bad in ("2025-13-45", "0000-00-00", "99999999999999999999", {"x": 1}, ["2025"], b"\xff"):
        art = prepare(_doc("Text on Monday.", published=bad, url=12345), OPT)
        assert art.published is None and art.date_basis == "no date evidence"


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=200),
    st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats()),
    st.one_of(st.none(), st.text(max_size=60)),
    st.one_of(st.none(), st.text(max_size=200)),
)
def test_property_resolve_date_never_raises(raw, published, url, html):
    doc = RawDocument("t", "text", raw, {"published": published, "url": url}, html)
    art = clean_document(doc, OPT)
    res = resolve_date(art, OPT, doc)
    assert res.published is None or dt.date.fromisoformat(res.published)
    assert isinstance(res.basis, str) and res.basis


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.dates())
def test_property_resolve_relative_never_raises(expr, anchor):
    r = resolve_relative(expr, anchor)
    assert r is None or isinstance(r, dt.date)


def test_html_reader_date_counts_as_html_meta():
    doc = _doc("Envoys met on Wednesday.", published="2025-09-24", published_basis="article:published_time")
    art = prepare(doc, OPT)
    assert art.published == "2025-09-24"
    assert art.date_basis == "HTML article:published_time '2025-09-24'; 'Wednesday' in text is 2025-09-24"


def test_sgml_style_meta_dateline_after_the_date():
    doc = _doc("Prices closed higher, dealers said.", published="1987-04-07", dateline="APRIL 11")
    art = prepare(doc, OPT)
    assert art.dateline == "APRIL 11"
    assert art.published == "1987-04-07"
    assert art.date_conflicts == ["dateline 'APRIL 11' names 1987-04-11 but the story is dated 1987-04-07"]


def test_raw_date_field_alone():
    art = prepare(_doc("Prices closed higher.", date_raw="26-FEB-1987 15:01:01.79"), OPT)
    assert art.published == "1987-02-26"
    assert art.date_basis == "input field date_raw '26-FEB-1987 15:01:01.79'"


def test_menafn_shaped_identifier_of_another_service():
    raw = (
        "Friday, 14 March 2025 06:40 GMT\n\nEnvoy returns home\n\n"
        "(XYZ) The envoy came back on Monday after a week of talks.\n\nXYZ22092025000226ID0058\n"
    )
    art = prepare(_doc(raw), OPT)
    assert art.source_id == "XYZ22092025000226ID0058" and art.source == "XYZ"
    assert "XYZ22092025" not in art.text
    assert art.published == "2025-09-22"
    assert art.date_basis == "XYZ identifier 22092025; 'Monday' in text is 2025-09-22"
    assert art.date_conflicts == [
        "header says 2025-03-14 (Friday) but XYZ identifier 22092025 says 2025-09-22 and 'Monday' in "
        "the text fits it; header rejected as a feed artifact"
    ]


def test_identifier_with_impossible_date_is_not_evidence():
    art = prepare(_doc("Talks went on.\n\nMENAFN31022025000045017281ID1110104440"), OPT)
    assert art.source_id == "MENAFN31022025000045017281ID1110104440"
    assert art.published is None and art.date_basis == "no date evidence"


def test_dateline_with_year_is_full_evidence():
    art = prepare(_doc("SEOUL, Sept. 24, 2025 (Yonhap) -- Seoul asked the UN for support."), OPT)
    assert art.dateline == "SEOUL, Sept. 24, 2025"
    assert art.source == "Yonhap"
    assert art.published == "2025-09-24"
    assert art.date_basis == "dateline 'SEOUL, Sept. 24, 2025'"
