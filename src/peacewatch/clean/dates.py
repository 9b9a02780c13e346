"""The ``date`` stage: the publication date of an article from all the evidence.

Evidence (``model.DateEvidence``) is gathered from

* the header date line that cleaning removed (``Removal`` labelled ``header-date``);
* identifiers that embed a date (``MENAFN24092025...``: DDMMYYYY after ``MENAFN``; the table of
  identifier patterns lives in ``data/clean/wire.tsv``);
* dates in the URL (``/2011/201112/2011-12-01ee.html``, ``/2025/09/24/``);
* ``meta["published"]`` given by the input (JSONL, feeds, CSV) and HTML ``<meta>`` tags / JSON-LD
  left in ``doc.html``;
* the dateline (``Pyongyang, December 24``: month and day, the year comes from other evidence);
* weekday names in the text (``according to reports Wednesday``) resolved here, not by a library:
  a news weekday names the publication day or a day of the week before it.

Each full date is a candidate; a candidate scores the weights of the evidence that names it plus
support from weekdays, the dateline and partial (year-month) evidence. The best candidate wins;
every piece of evidence that names another date is reported as a conflict. Only the standard
library is used; malformed dates never raise.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from ..model import DateEvidence, DateResolution

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Options
    from ..model import Article, RawDocument

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WD = r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"
_WD_PREFIX = rf"(?:(?P<wd>{WD})\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_TIME = (
    r"(?:\s*(?:,|at|-|–|\||/)?\s*T?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?:Z|\(?[A-Z]{2,5}\)?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?)?"
)

# Date formats, tried in order. Groups: d, mon (a month name) or m (a month number), y, wd.
_FORMATS = [
    ("dmy-words", rf"{_WD_PREFIX}(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{MON})\.?,?\s+(?P<y>\d{{4}})"),
    ("mdy-words", rf"{_WD_PREFIX}(?P<mon>{MON})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})"),
    ("dmy-dash-words", rf"{_WD_PREFIX}(?P<d>\d{{1,2}})-(?P<mon>{MON})-(?P<y>\d{{4}})"),
    ("iso", rf"{_WD_PREFIX}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})"),
    ("ymd", rf"{_WD_PREFIX}(?P<y>\d{{4}})[/.](?P<m>\d{{1,2}})[/.](?P<d>\d{{1,2}})"),
    ("dmy-dots", rf"{_WD_PREFIX}(?P<d>\d{{1,2}})[.-](?P<m>\d{{1,2}})[.-](?P<y>\d{{4}})"),
    ("mdy-slash", rf"{_WD_PREFIX}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{4}})"),
]
_HEADER_PREFIX = r"^\s*(?:(?:Published|Updated|Posted|Date|Dated|Last updated|First published)\s*(?:on|at)?\s*:?\s*)?"
_FULL = [
    (name, re.compile(_HEADER_PREFIX + pat + _TIME + r"\s*$", re.IGNORECASE)) for name, pat in _FORMATS
]
_SEARCH = [(name, re.compile(r"(?<![\w/.-])" + pat + r"(?![\w/-])", re.IGNORECASE)) for name, pat in _FORMATS]

_MONTH_DAY = re.compile(
    rf"(?<![\w])(?:(?P<mon>{MON})\.?\s+(?P<d>\d{{1,2}}){_ORD}|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon2>{MON})\.?)(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedDate:
    date: _dt.date
    weekday_named: int | None  # 0=Monday ... when the text named a weekday
    text: str

    @property
    def weekday_consistent(self) -> bool:
        return self.weekday_named is None or self.weekday_named == self.date.weekday()


def _mk_date(y: int, m: int, d: int) -> _dt.date | None:
    if not (1800 <= y <= 2200):
        return None
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _from_match(name: str, m: re.Match[str]) -> ParsedDate | None:
    try:
        gd = m.groupdict()
        y = int(gd["y"])
        if name == "mdy-slash":
            a, b = int(gd["a"]), int(gd["b"])
            month, day = (b, a) if a > 12 else (a, b)  # US order unless the first part cannot be a month
        else:
            day = int(gd["d"])
            month = _MONTHS[gd["mon"].lower().rstrip(".")] if gd.get("mon") else int(gd["m"])
        date = _mk_date(y, month, day)
        if date is None:
            return None
        wd = gd.get("wd")
        named = _WEEKDAY_INDEX.get(wd[:3].lower()) if wd else None
        return ParsedDate(date, named, m.group(0).strip())
    except (KeyError, ValueError, TypeError):
        return None


def parse_date_line(line: str) -> ParsedDate | None:
    """The date of a line that is nothing but a date (with weekday, time, zone): a header line."""
    if not line or len(line) > 120 or not any(c.isdigit() for c in line):
        return None
    for name, rx in _FULL:
        m = rx.match(line)
        if m:
            return _from_match(name, m)
    return None


def find_date(text: str) -> ParsedDate | None:
    """The first full date (day, month and year) written inside ``text``, or None."""
    if not text:
        return None
    best: tuple[int, ParsedDate] | None = None
    for name, rx in _SEARCH:
        for m in rx.finditer(text):
            p = _from_match(name, m)
            if p is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), p)
                break
    return best[1] if best else None


def parse_date_value(value: Any) -> _dt.date | None:
    """A date from a metadata value: ISO 8601 (with time and zone), RFC 2822, or a written date.

    ``datetime``/``date`` objects are accepted as they are. Malformed values give None.
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # seconds (or milliseconds) since the epoch
            v = float(value)
            if v > 1e11:
                v /= 1000.0
            return _dt.datetime.fromtimestamp(v, tz=_dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s or len(s) > 200:
        return None
    try:
        iso = s.replace("Z", "+00:00") if s.endswith("Z") else s
        d = _dt.datetime.fromisoformat(iso)
        return _mk_date(d.year, d.month, d.day)
    except ValueError:
        pass
    try:
        d2 = parsedate_to_datetime(s)
        if d2 is not None:
            return _mk_date(d2.year, d2.month, d2.day)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    p = parse_date_line(s) or find_date(s)
    return p.date if p else None


# --- URLs and HTML -------------------------------------------------------------------------------

_URL_FULL = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[/_.-])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_COMPACT = re.compile(r"(?<=[/_-])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_URL_PARTIAL = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/")


def dates_from_url(url: str) -> tuple[list[tuple[_dt.date, str]], list[tuple[str, str]]]:
    """Full dates (date, matched text) and year-months ("YYYY-MM", text) written in a URL."""
    full: list[tuple[_dt.date, str]] = []
    partial: list[tuple[str, str]] = []
    if not url or len(url) > 4000:
        return full, partial
    for rx in (_URL_FULL, _URL_COMPACT):
        for m in rx.finditer(url):
            d = _mk_date(int(m["y"]), int(m["m"]), int(m["d"]))
            if d and all(d != f for f, _ in full):
                full.append((d, m.group(0)))
    if not full:
        for m in _URL_PARTIAL.finditer(url):
            partial.append((f"{int(m['y']):04d}-{int(m['m']):02d}", m.group(0)))
    return full, partial


_META_TAG = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_META_DATE_NAMES = (
    "article:published_time", "og:published_time", "article.published", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "originalpublicationdate",
    "article:published", "citation_publication_date", "timestamp",
)  # fmt: skip
_JSONLD_DATE = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]{4,60})\"")


def dates_from_html(html: str) -> list[tuple[_dt.date, str, str]]:
    """(date, name, value) from HTML ``<meta>`` tags and JSON-LD ``datePublished``, in order of trust."""
    out: list[tuple[_dt.date, str, str]] = []
    if not html:
        return out
    head = html[:300_000]
    found: dict[str, str] = {}
    for tag in _META_TAG.finditer(head):
        attrs = {}
        for a in _ATTR.finditer(tag.group(0)):
            attrs[a.group(1).lower()] = a.group(2) if a.group(2) is not None else (a.group(3) if a.group(3) is not None else a.group(4))
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _META_DATE_NAMES and attrs.get("content") and key not in found:
            found[key] = attrs["content"]
    m = _JSONLD_DATE.search(head)
    if m and "datepublished" not in found:
        found["datePublished"] = m.group(1)
    for name in _META_DATE_NAMES:
        for key, value in found.items():
            if key.lower() == name:
                d = parse_date_value(value)
                if d:
                    out.append((d, key, value))
    return out


# --- weekdays in the text ------------------------------------------------------------------------

_WEEKDAY_WORD = re.compile(
    r"(?<![\w-])(?P<prev>\w+\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w-])(?P<after>,?\s+(?:"
    + MON
    + r"\.?\s+\d|\d{1,2}\s+"
    + MON
    + r"))?"
)
_WEEKDAY_SKIP_PREV = {
    "last", "next", "this", "coming", "every", "following", "previous", "past", "black", "good",
    "super", "ash", "holy", "easter", "cyber", "bloody", "maundy", "palm", "shrove", "each",
    "until", "till", "by", "before", "since",
}  # fmt: skip


def weekdays_in_text(text: str, limit: int = 6000) -> list[tuple[int, str, str]]:
    """Bare weekday mentions (weekday index, word, context) in reading order.

    Skipped: weekdays qualified by "last"/"next"/"every"/..., holiday names ("Good Friday") and
    weekdays that are part of a written date ("Tuesday, Sept. 23").
    """
    out: list[tuple[int, str, str]] = []
    for m in _WEEKDAY_WORD.finditer(text, 0, min(len(text), limit)):
        prev = (m.group("prev") or "").strip().lower()
        if prev in _WEEKDAY_SKIP_PREV or m.group("after"):
            continue
        a = max(0, m.start("wd") - 30)
        ctx = " ".join(text[a : m.end("wd")].split())
        out.append((WEEKDAYS.index(m.group("wd")), m.group("wd"), ctx))
    return out


# --- relative expressions -------------------------------------------------------------------------

_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_REL_PREFIX = re.compile(r"^(?:(?:earlier|later)\s+)?(?:on|in|at|since|from|by|during|of)\s+", re.IGNORECASE)
_REL_WEEKDAY = re.compile(
    rf"^(?P<q>last|next|this|coming|this\s+coming|this\s+past|past|previous|following)?\s*(?P<wd>{WD})\.?"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
_REL_AGO = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<u>day|week|month|year)s?\s+(?P<dir>ago|earlier|before|later|after|from\s+now)$", re.IGNORECASE)
_REL_UNIT = re.compile(r"^(?P<q>last|next|this|past|previous|coming)\s+(?P<u>week|month|year|weekend)$", re.IGNORECASE)


def _add_months(d: _dt.date, n: int) -> _dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        v = _mk_date(y, m, day)
        if v:
            return v
    return d


def _nearest_year(month: int, day: int, anchor: _dt.date) -> _dt.date | None:
    """The date with this month and day nearest to ``anchor`` (a past date wins a tie)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _mk_date(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def _dateline_date(month: int, day: int, anchor: _dt.date) -> _dt.date | None:
    """A dateline names the day the story was filed: the date within ten days of the anchor, else
    the latest such date not after the anchor."""
    options = [d for y in (anchor.year + 1, anchor.year, anchor.year - 1) if (d := _mk_date(y, month, day))]
    near = [d for d in options if abs((d - anchor).days) <= 10]
    if near:
        return min(near, key=lambda d: abs((d - anchor).days))
    past = [d for d in options if d <= anchor]
    return max(past) if past else None


def resolve_relative(expression: str, anchor: _dt.date) -> _dt.date | None:
    """The date a relative expression names, seen from ``anchor`` (the publication date).

    "Wednesday"/"on Tuesday" -> the latest such day on or before the anchor (news weekdays name the
    publication day or the week before); "last Tuesday" -> strictly before; "next Tuesday" ->
    strictly after; "yesterday", "today", "tomorrow"; "last week" -> 7 days before; "N days ago";
    "Sept. 23", "December 24" -> that day in the year that puts it nearest the anchor; a full
    date ("24 September 2025", "2025-09-24") as written. Anything else -> None.
    """
    try:
        if not isinstance(anchor, _dt.date) or not isinstance(expression, str):
            return None
        if isinstance(anchor, _dt.datetime):
            anchor = anchor.date()
        e = " ".join(expression.replace("\u00a0", " ").split()).strip(" ,.;:()").strip()
        if not e or len(e) > 80:
            return None
        e = _REL_PREFIX.sub("", e)
        e = re.sub(r"^the\s+", "", e, flags=re.IGNORECASE)
        low = e.lower()
        simple = {
            "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
            "yesterday": -1, "last night": -1, "the day before": -1, "tomorrow": 1,
            "the day after": 1, "day before yesterday": -2, "the day before yesterday": -2,
            "day after tomorrow": 2, "day before": -1, "day after": 1, "previous day": -1,
            "following day": 1, "next day": 1, "this week": 0, "earlier this week": 0, "now": 0,
        }  # fmt: skip
        if low in simple:
            return anchor + _dt.timedelta(days=simple[low])
        if low.startswith("yesterday ") or low.startswith("tomorrow "):
            return anchor + _dt.timedelta(days=-1 if low.startswith("y") else 1)
        m = _REL_WEEKDAY.match(e)
        if m:
            target = _WEEKDAY_INDEX[m.group("wd")[:3].lower()]
            q = (m.group("q") or "").lower().split()
            back = (anchor.weekday() - target) % 7
            if q and q[0] in ("next", "coming", "following") or q == ["this", "coming"]:
                fwd = (target - anchor.weekday()) % 7 or 7
                return anchor + _dt.timedelta(days=fwd)
            if q and q[0] in ("last", "past", "previous") or q == ["this", "past"]:
                return anchor - _dt.timedelta(days=back or 7)
            return anchor - _dt.timedelta(days=back)
        m = _REL_AGO.match(e)
        if m:
            n = int(m["n"]) if m["n"].isdigit() else _NUM_WORDS[m["n"].lower()]
            sign = -1 if m["dir"].lower() in ("ago", "earlier", "before") else 1
            unit = m["u"].lower()
            if unit == "day":
                return anchor + _dt.timedelta(days=sign * n)
            if unit == "week":
                return anchor + _dt.timedelta(days=sign * 7 * n)
            if unit == "month":
                return _add_months(anchor, sign * n)
            return _add_months(anchor, sign * 12 * n)
        m = _REL_UNIT.match(e)
        if m:
            q, unit = m["q"].lower(), m["u"].lower()
            sign = 0 if q == "this" else (1 if q in ("next", "coming") else -1)
            if unit in ("week", "weekend"):
                return anchor + _dt.timedelta(days=7 * sign)
            if unit == "month":
                return _add_months(anchor, sign)
            return _add_months(anchor, 12 * sign)
        p = parse_date_line(e)
        if p:
            return p.date
        m = re.fullmatch(
            rf"(?:{WD}\.?,?\s+)?(?:(?P<mon>{MON})\.?\s+(?P<d>\d{{1,2}}){_ORD}|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon2>{MON})\.?)",
            e,
            re.IGNORECASE,
        )
        if m:
            mon = (m["mon"] or m["mon2"]).lower()
            day = int(m["d"] or m["d2"])
            return _nearest_year(_MONTHS[mon], day, anchor)
        return None
    except Exception:  # noqa: BLE001 - a relative expression never breaks a pipeline
        return None


# --- evidence ------------------------------------------------------------------------------------

WEIGHTS = {
    "identifier": 2.0,  # stamped by the syndication system when the story was filed
    "input-field": 1.5,  # the input said so explicitly (JSONL/CSV/feed field)
    "html-meta": 1.5,
    "url": 1.2,
    "header": 1.0,  # a header line can be a feed artifact: other evidence can overrule it
    "dateline": 1.0,  # only when the dateline carries a year
}
_PRIORITY = ["identifier", "input-field", "html-meta", "url", "dateline", "header"]


def _iso(d: _dt.date) -> str:
    return d.isoformat()


def _dow(d: _dt.date) -> str:
    return WEEKDAYS[d.weekday()]


@dataclass
class _Ev:
    ev: DateEvidence
    date: _dt.date | None
    label: str  # human-readable: "MENAFN identifier 24092025"
    name: str = ""  # what it is, without the value: "MENAFN identifier", "header"

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.ev.kind


def _dateline_month_day(dateline: str) -> tuple[int, int, str] | None:
    m = _MONTH_DAY.search(dateline or "")
    if not m:
        return None
    mon = (m["mon"] or m["mon2"]).lower().rstrip(".")
    try:
        day = int(m["d"] or m["d2"])
    except (TypeError, ValueError):
        return None
    month = _MONTHS.get(mon)
    if not month or not (1 <= day <= 31):
        return None
    return month, day, m.group(0)


def gather_evidence(article: "Article", doc: "RawDocument | None" = None, options: "Options | None" = None) -> tuple[list[_Ev], list[tuple[int, str, str]], tuple[int, int, str] | None, list[_Ev]]:
    """Full-date evidence, weekday mentions, the dateline's (month, day) and partial evidence."""
    from .wire import load_tables

    full: list[_Ev] = []
    partial: list[_Ev] = []
    tables = load_tables(options)

    # header lines removed by cleaning
    for r in article.removed:
        if r.label in ("header-date", "footer-date"):
            p = parse_date_line(" ".join(r.text.split()))
            if p is None:
                continue
            w = WEIGHTS["header"]
            label = f"header {p.text!r}"
            if not p.weekday_consistent:
                w *= 0.5
                label += f" (names a {WEEKDAYS[p.weekday_named or 0]} but {_iso(p.date)} is a {_dow(p.date)})"
            full.append(_Ev(DateEvidence("header", _iso(p.date), r.text.strip(), w), p.date, label, "header" if r.label == "header-date" else "footer date line"))

    # identifiers
    ids = [r.text.strip() for r in article.removed if r.label == "identifier"]
    if article.source_id and article.source_id not in ids:
        ids.insert(0, article.source_id)
    seen_ids: set[str] = set()
    for ident in ids:
        if ident in seen_ids:
            continue
        seen_ids.add(ident)
        for rule in tables.identifiers:
            m = rule.regex.fullmatch(ident) or rule.regex.search(ident)
            if not m or not rule.has_date:
                continue
            try:
                d = _mk_date(int(m["yyyy"]), int(m["mm"]), int(m["dd"]))
            except (IndexError, TypeError, ValueError):
                d = None
            if d is None:
                continue
            lo = min(m.start(g) for g in ("dd", "mm", "yyyy"))
            hi = max(m.end(g) for g in ("dd", "mm", "yyyy"))
            digits = ident[lo:hi]
            name = rule.name if rule.name != "*" else (re.match(r"[A-Za-z]+", m.group(0)) or m).group(0)[:12]
            full.append(_Ev(DateEvidence("identifier", _iso(d), ident, WEIGHTS["identifier"]), d, f"{name} identifier {digits}", f"{name} identifier"))
            break

    # input metadata
    meta = article.meta or {}
    # (the HTML reader puts the page's own date here too, naming where it found it in
    # meta["published_basis"]: then it is HTML metadata, and a date trafilatura guessed is weaker)
    html_basis = meta.get("published_basis") if isinstance(meta.get("published_basis"), str) else None
    for key in ("published", "date", "pubdate", "published_at", "datetime", "date_raw", "published_raw"):
        if key in meta and meta[key] not in (None, ""):
            d = parse_date_value(meta[key])
            if d:
                value = str(meta[key])
                if html_basis and key == "published":
                    w = 1.0 if html_basis == "trafilatura" else WEIGHTS["html-meta"]
                    ev = DateEvidence("html-meta", _iso(d), value, w)
                    full.append(_Ev(ev, d, f"HTML {html_basis} {value!r}", f"HTML {html_basis}"))
                else:
                    ev = DateEvidence("input-field", _iso(d), value, WEIGHTS["input-field"])
                    full.append(_Ev(ev, d, f"input field {key} {value!r}", f"input field {key}"))
                break

    # HTML metadata left by the reader
    html = doc.html if doc is not None and doc.html else None
    for d, key, value in dates_from_html(html or "")[:1]:
        full.append(_Ev(DateEvidence("html-meta", _iso(d), f"{key}={value}", WEIGHTS["html-meta"]), d, f"HTML meta {key} {value!r}", f"HTML meta {key}"))

    # URL
    url = article.url or (meta.get("url") if isinstance(meta.get("url"), str) else None) or (meta.get("link") if isinstance(meta.get("link"), str) else None)
    if url:
        fdates, pdates = dates_from_url(url)
        for d, text in fdates[:1]:
            full.append(_Ev(DateEvidence("url", _iso(d), text, WEIGHTS["url"]), d, f"URL date {text}", "URL"))
        for ym, text in pdates[:1]:
            partial.append(_Ev(DateEvidence("url", ym, text, 0.3), None, f"URL {text}"))

    # a dateline that carries its year ("SEOUL, Sept. 24, 2025") is a full date
    dl_full = find_date(article.dateline or "")
    if dl_full is not None:
        d = dl_full.date
        full.append(_Ev(DateEvidence("dateline", _iso(d), article.dateline or "", 1.0), d, f"dateline {article.dateline!r}", "dateline"))

    weekdays = weekdays_in_text(article.text)
    dl = None if dl_full is not None else _dateline_month_day(article.dateline or "")
    return full, weekdays, dl, partial


def resolve_date(article: "Article", options: "Options | None" = None, doc: "RawDocument | None" = None) -> DateResolution:
    """Weigh all the date evidence of an article; set nothing, return the resolution."""
    try:
        return _resolve(article, options, doc)
    except Exception as err:  # noqa: BLE001 - a malformed date must never break a batch
        return DateResolution(None, f"no date: evidence could not be read ({type(err).__name__})", [], [])


def _resolve(article: "Article", options: "Options | None", doc: "RawDocument | None") -> DateResolution:
    full, weekdays, dl, partial = gather_evidence(article, doc, options)
    evidence = [e.ev for e in full] + [e.ev for e in partial]
    distinct_wd: list[tuple[int, str, str]] = []
    for idx, word, ctx in weekdays:
        if idx not in [w[0] for w in distinct_wd]:
            distinct_wd.append((idx, word, ctx))

    if not full:
        notes = []
        if dl:
            evidence.append(DateEvidence("dateline", f"--{dl[0]:02d}-{dl[1]:02d}", article.dateline or dl[2], 0.8))
            notes.append(f"dateline {article.dateline!r} has no year")
        for p in partial:
            notes.append(f"{p.label} gives only {p.ev.value}")
        basis = "no date evidence" if not notes else "no full date: " + "; ".join(notes)
        return DateResolution(None, basis, [], evidence)

    # score candidates
    cands: dict[_dt.date, dict[str, Any]] = {}
    for e in full:
        c = cands.setdefault(e.date, {"score": 0.0, "support": [], "kinds": set(), "extra": []})  # type: ignore[arg-type]
        if e.ev.kind in c["kinds"]:
            continue
        c["score"] += e.ev.weight
        c["support"].append(e)
        c["kinds"].add(e.ev.kind)
    for d, c in cands.items():
        for rank, (idx, _word, _ctx) in enumerate(distinct_wd):
            if idx == d.weekday():
                c["score"] += 1.0 if rank == 0 else 0.5
                c["kinds"].add("relative-weekday")
                c["extra"].append((f"{word!r} in text is {_iso(d)}", f"{word!r} in the text fits it"))
                break
        else:
            if any(idx == (d - _dt.timedelta(days=1)).weekday() for idx, _, _ in distinct_wd[:1]):
                c["score"] += 0.3
        if dl:
            dd = _dateline_date(dl[0], dl[1], d)
            if dd is not None:
                gap = abs((dd - d).days)
                if gap == 0:
                    c["score"] += 1.0
                    c["kinds"].add("dateline")
                    c["extra"].append((f"dateline {article.dateline!r}", f"the dateline {article.dateline!r} fits it"))
                elif gap == 1:
                    c["score"] += 0.4
        for p in partial:
            if p.ev.value == _iso(d)[:7]:
                c["score"] += 0.3

    def rank_key(item: tuple[_dt.date, dict[str, Any]]) -> tuple[float, int, int]:
        d, c = item
        best_kind = min((_PRIORITY.index(k) for k in c["kinds"] if k in _PRIORITY), default=len(_PRIORITY))
        return (c["score"], len(c["kinds"]), -best_kind)

    chosen, info = max(cands.items(), key=rank_key)
    iso = _iso(chosen)
    support_labels = [e.label for e in info["support"]] + [x[0] for x in info["extra"]]
    basis = "; ".join(support_labels)

    # evidence records for weekday and dateline support
    for _idx, word, ctx in distinct_wd:
        resolved = resolve_relative(word, chosen)
        if resolved is not None:
            evidence.append(DateEvidence("relative-weekday", _iso(resolved), ctx, 1.0 if resolved == chosen else 0.2))
    if dl:
        dd = _dateline_date(dl[0], dl[1], chosen)
        if dd is not None:
            evidence.append(DateEvidence("dateline", _iso(dd), article.dateline or dl[2], 0.8))

    # conflicts
    winners = " and ".join(e.label for e in info["support"]) + f" says {iso}"
    if info["extra"]:
        winners += " and " + " and ".join(x[1] for x in info["extra"])
    conflicts: list[str] = []
    for e in full:
        if e.date == chosen:
            continue
        verdict = "rejected"
        if e.ev.kind == "header":
            n_indep = len(info["kinds"] - {"header"})
            if n_indep >= 2:
                verdict = "rejected as a feed artifact"
        conflicts.append(
            f"{e.name} says {_iso(e.date)} ({_dow(e.date)}) but {winners}; {e.ev.kind} {verdict}"  # type: ignore[arg-type]
        )
    if dl:
        dd = _dateline_date(dl[0], dl[1], chosen)
        if dd is not None and abs((dd - chosen).days) > 2:
            conflicts.append(f"dateline {article.dateline!r} names {_iso(dd)} but the story is dated {iso}")
    for p in partial:
        if p.ev.value != iso[:7]:
            conflicts.append(f"{p.label} names {p.ev.value} but the story is dated {iso}")
    return DateResolution(iso, basis, conflicts, evidence)
