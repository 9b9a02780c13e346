"""Property tests for every reader (hypothesis, bounded budget): feeds, JSONL, CSV, HTML, Reuters
SGML, PETRARCH validation records and PETRARCH verb dictionaries. Two properties each: no exception
escapes the reader (a bad record is an InputFailure of one line, a bad dictionary a DictionaryError
naming file:line), and the records that can be read are read, with their text, in order.

Inputs are built from generated records mixed with hostile ones (references to no character,
nested brackets, unclosed quotes, control characters), written to real files and read through
``read_inputs`` as a user's file would be.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacewatch.config import Options
from peacewatch.errors import DictionaryError
from peacewatch.ingest import read_inputs
from peacewatch.model import InputFailure, RawDocument

OPTS = Options()
# PEACEWATCH_FUZZ_EXAMPLES raises the budget for a long hunt (the suite's 60 runs in seconds)
BUDGET = settings(max_examples=int(os.environ.get("PEACEWATCH_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

# words and sentences a story may hold: letters of several scripts, digits, punctuation
WORD = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzKNPSéüçøñ한국語Ж0123456789")),
               min_size=1, max_size=12)
SENTENCE = st.lists(WORD, min_size=2, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
STORY = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
HOSTILE = st.sampled_from([
    "[" * 5000, "{" * 3000 + "}", '{"text": ', "\x00\x01\x02", "&#55296;", "&#xD800; &#0;", '"unclosed',
    "<![CDATA[", "]]>", "<!--", "\ufeff", "\u202e", "\x1b[31m", "%s%n", "\\u0000", "null", "[]", "{}",
])


def read(tmp: Path, name: str, data: bytes, options: Options = OPTS) -> list[RawDocument | InputFailure]:
    p = tmp / name
    p.write_bytes(data)
    out = list(read_inputs([str(p)], options))
    for item in out:
        assert isinstance(item, (RawDocument, InputFailure))
        if isinstance(item, InputFailure):
            assert item.error and "\n" not in item.error and item.error.startswith(str(p))
    return out


def docs(items: list[RawDocument | InputFailure]) -> list[RawDocument]:
    return [d for d in items if isinstance(d, RawDocument)]


def squash(s: str) -> str:
    return " ".join(s.split())


# --- feeds ----------------------------------------------------------------------------------------

@BUDGET
@given(items=st.lists(st.one_of(STORY.map(lambda s: ("good", s)), HOSTILE.map(lambda h: ("hostile", h))),
                      min_size=1, max_size=8),
       prologue=st.sampled_from(["", '<?xml version="1.0"?>\n', "<!-- c -->\n", '<!DOCTYPE rss SYSTEM "r.dtd">\n',
                                 '\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss>\n']))
def test_feed_reader(tmp_path_factory, items, prologue):
    body = []
    for i, (kind, text) in enumerate(items, 1):
        # a good story is escaped as a feed writer would; a hostile one goes in raw, references included
        desc = escape(text) if kind == "good" else text
        body.append(f"<item><title>T{i}</title><guid>f{i}</guid><description>{desc}</description></item>")
    data = f'{prologue}<rss version="2.0"><channel><title>Fuzz</title>{"".join(body)}</channel></rss>'
    got = read(tmp_path_factory.mktemp("feed"), "f.rss", data.encode("utf-8", "surrogatepass"))
    texts = {d.meta.get("id"): d.raw_text for d in docs(got)}
    for i, (kind, text) in enumerate(items, 1):
        if kind == "good" and all(k == "good" for k, _ in items):  # a well-formed feed: every item read
            assert squash(texts[f"f{i}"]) == squash(text)


# --- JSONL ----------------------------------------------------------------------------------------

@BUDGET
@given(lines=st.lists(st.one_of(STORY.map(lambda s: ("good", s)), HOSTILE.map(lambda h: ("hostile", h)),
                                st.text(max_size=80).map(lambda t: ("noise", t))), min_size=1, max_size=12))
def test_jsonl_reader(tmp_path_factory, lines):
    raw = []
    for i, (kind, text) in enumerate(lines):
        raw.append(json.dumps({"id": f"j{i}", "text": text}) if kind == "good" else text.replace("\n", " "))
    data = "\n".join(raw).encode("utf-8", "surrogatepass") + b"\n"
    got = read(tmp_path_factory.mktemp("jsonl"), "d.jsonl", data)
    if lines[0][0] != "good":
        return  # the kind is told by the content: a file whose first line is noise may not be JSONL at all
    read_ids = [d.meta["id"] for d in docs(got)]
    assert read_ids == [f"j{i}" for i, (k, _) in enumerate(lines) if k == "good"] or \
        set(read_ids) >= {f"j{i}" for i, (k, _) in enumerate(lines) if k == "good"}
    by_id = {d.meta["id"]: d.raw_text for d in docs(got)}
    for i, (kind, text) in enumerate(lines):
        if kind == "good":
            assert by_id[f"j{i}"] == text


# --- CSV ------------------------------------------------------------------------------------------

FIELD = st.one_of(STORY, st.lists(SENTENCE, min_size=1, max_size=3).map("\n\n".join),
                  st.text(alphabet=st.sampled_from(list('ab ,;"\n\t')), min_size=1, max_size=30))


@BUDGET
@given(rows=st.lists(st.one_of(st.tuples(st.just("good"), FIELD, STORY),
                               st.tuples(st.just("hostile"), HOSTILE, st.just(""))), min_size=1, max_size=10))
def test_csv_reader(tmp_path_factory, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "title", "text"])
    raw_lines = [buf.getvalue()]
    for i, (kind, text, title) in enumerate(rows):
        if kind == "good":
            b = io.StringIO()
            csv.writer(b, lineterminator="\n").writerow([f"c{i}", title, text])
            raw_lines.append(b.getvalue())
        else:
            raw_lines.append(text.replace("\n", " ") + "\n")
    got = read(tmp_path_factory.mktemp("csv"), "d.csv", "".join(raw_lines).encode("utf-8", "surrogatepass"))
    if any(k == "hostile" for k, _, _ in rows):
        return  # a hostile line may open a quote that swallows what follows: only the first property holds
    by_id = {d.meta["id"]: d for d in docs(got)}
    for i, (_, text, title) in enumerate(rows):
        if re.search(r"\w", text) or re.search(r"\w", title):
            d = by_id[f"c{i}"]
            expected = text if re.search(r"\w", text) else title
            assert d.raw_text == expected.replace("\r\n", "\n")


# --- HTML -----------------------------------------------------------------------------------------

@BUDGET
@given(paras=st.lists(STORY, min_size=1, max_size=5), junk=st.lists(HOSTILE, max_size=3),
       wrap=st.sampled_from(["article", "div", "td", "body"]))
def test_html_reader(tmp_path_factory, paras, junk, wrap):
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    page = (f"<!DOCTYPE html><html><head><title>Fuzz page</title><script>var decoy = 'SCRIPTDECOY';</script>"
            f"</head><body><nav><a href='/'>Home</a></nav><{wrap}>{body}{''.join(junk)}</{wrap}>"
            f"<script>document.write('SCRIPTDECOY')</script></body></html>")
    got = read(tmp_path_factory.mktemp("html"), "p.html", page.encode("utf-8", "surrogatepass"))
    assert len(got) == 1
    if isinstance(got[0], RawDocument):
        text = got[0].raw_text
        assert "SCRIPTDECOY" not in text
        if not junk:  # the story's own words are read
            found = set(re.findall(r"\w+", text.lower()))
            wanted = set(re.findall(r"\w+", " ".join(paras).lower()))
            assert len(found & wanted) >= 0.8 * len(wanted)


# --- Reuters SGML ---------------------------------------------------------------------------------

@BUDGET
@given(stories=st.lists(st.one_of(STORY.map(lambda s: ("good", s)), HOSTILE.map(lambda h: ("hostile", h))),
                        min_size=1, max_size=6), cut=st.booleans())
def test_sgml_reader(tmp_path_factory, stories, cut):
    parts = ['<!DOCTYPE lewis SYSTEM "lewis.dtd">\n']
    for i, (kind, text) in enumerate(stories, 1):
        body = escape(text) if kind == "good" else text
        parts.append(f'<REUTERS TOPICS="NO" NEWID="{i}">\n<DATE> 3-MAR-1987 09:15:02.11</DATE>\n'
                     f"<TEXT>\n<TITLE>STORY {i}</TITLE>\n<BODY>{body}\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n")
    data = "".join(parts)
    if cut:
        data = data[: len(data) * 2 // 3]
    got = read(tmp_path_factory.mktemp("sgml"), "r.sgm", data.encode("latin-1", "replace"))
    if cut:
        return
    bodies = [squash(d.raw_text) for d in docs(got)]
    for kind, text in stories:
        if kind == "good":
            assert any(squash(text.encode("latin-1", "replace").decode("latin-1")) in b for b in bodies)


# --- PETRARCH validation records ------------------------------------------------------------------

@BUDGET
@given(records=st.lists(st.one_of(STORY.map(lambda s: ("good", s)), HOSTILE.map(lambda h: ("hostile", h))),
                        min_size=1, max_size=6))
def test_petrarch_records_reader(tmp_path_factory, records):
    parts = ["<Validation>\n<Environment>\n<Verbfile>v.txt</Verbfile>\n</Environment>\n"]
    for i, (kind, text) in enumerate(records, 1):
        t = escape(text) if kind == "good" else text
        parts.append(f'<Sentence date = "19950104" id = "R-{i}" source = "x" sentence = "True">\n'
                     f'<EventCoding sourcecode="ABC" targetcode="DEF" eventcode="031">\n<Text>{t}</Text>\n</Sentence>\n')
    parts.append("</Validation>\n")
    got = read(tmp_path_factory.mktemp("petr"), "v.xml", "".join(parts).encode("utf-8", "surrogatepass"))
    if all(k == "good" for k, _ in records):
        assert [squash(d.raw_text) for d in docs(got)] == [squash(t) for _, t in records]


# --- PETRARCH verb dictionaries -------------------------------------------------------------------

MEMBER = st.text(alphabet=st.sampled_from(list("ABCDEFGHIJ")), min_size=2, max_size=8)


@settings(max_examples=80, deadline=None)
@given(sets=st.lists(st.tuples(MEMBER, st.lists(MEMBER, min_size=1, max_size=5, unique=True),
                               st.lists(st.sampled_from(["# a remark", "<!-- a note -->", "", "   # indented"]),
                                        max_size=3)), min_size=1, max_size=4, unique_by=lambda t: t[0]))
def test_verb_dictionary_synsets_with_comments_between_members_load(sets):
    """PETRARCH-2 / UniversalPetrarch synsets: ``&NAME`` then ``+MEMBER`` lines with comment and
    blank lines between them. Every set loads whole, and a pattern naming it expands to each member."""
    from peacewatch.events.petrarch_verbs import parse_petrarch_verbs

    lines: list[str] = []
    for name, members, comments in sets:
        lines.append(f"&S{name}")
        for k, m in enumerate(members):
            lines.append(f"+{m}")
            if comments:
                lines.append(comments[k % len(comments)])
        lines.append("")
    first = sets[0]
    lines += ["--- MEET [040] ---", "MEET", f"- * (IN &S{first[0]}) [043]", ""]
    try:
        ps = parse_petrarch_verbs("\n".join(lines), "synsets.txt")
    except DictionaryError as err:  # only a DictionaryError naming file:line may escape
        raise AssertionError(f"a well-formed synset file did not load: {err}") from None
    assert ps.stats.get("synsets") == len(sets)
    [meet] = [e for e in ps.entries if e.code == "040"]
    [pattern] = meet.patterns
    words_after = {w.text for item in pattern.after for alt in (item.alts or []) for w in alt}
    assert {m.lower() for m in first[1]} <= words_after


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([
    "&TOWN", "+HAMLET", "+WALLED_TOWN_", "# comment", "<!-- c -->", "<!--", "-->", "--- ARRIVE [042] ---",
    "- * (IN &TOWN) [043]", "- * &MISSING [044]", "+", "&", "[", "{", "- * {NEW &TOWN} [045]", "\x00", "\ufeff",
    "~ a (a b ARRIVE) SAY = a b 015", "ARRIVE {ARRIVES ARRIVED}", "--- X [", "- [046]",
]), max_size=30))
def test_verb_dictionary_reader_raises_only_dictionary_errors(lines):
    from peacewatch.events.petrarch_verbs import parse_petrarch_verbs

    try:
        parse_petrarch_verbs("\n".join(lines), "noise.txt")
    except DictionaryError as err:
        assert str(err).startswith("noise.txt"), str(err)
