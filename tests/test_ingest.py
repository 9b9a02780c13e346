"""The read stage over real files written here: every kind, hostile inputs, the batch going on."""

from __future__ import annotations

import gzip
import io
import json
import sys
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacewatch.config import Options
from peacewatch.ingest import read_inputs
from peacewatch.ingest._fields import parse_source_hosts
from peacewatch.errors import DictionaryError
from peacewatch.model import InputFailure, RawDocument, stable_hash

OPTS = Options()

STORY = (
    "Seoul, March 3 -- The two Koreas agreed on Tuesday to reopen a liaison office at the border,\n"
    "officials said, after weeks of quiet talks brokered by a neutral delegation.\n"
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

HTML = """<!DOCTYPE html>
<html><head>
<title>Liaison office to reopen | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Liaison office to reopen">
<meta property="article:published_time" content="2024-05-06T08:30:00+09:00">
<link rel="canonical" href="https://gazette.example.org/2024/05/liaison">
<script>var secret = "tracking-pixel-code"; alert(1)</script>
<style>body { color: red } .x { content: "stylesheet-words" }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Liaison office to reopen</h1>
<p>The two Koreas agreed on Tuesday to reopen a joint liaison office at the border village, officials
in both capitals said after weeks of quiet talks brokered by a neutral delegation.</p>
<p>The office, closed for four years, will handle routine contacts between the militaries and help
arrange reunions of separated families, the unification ministry said in a statement.</p>
<img src="missing.png" onerror="alert('onerror-payload')">
<p>Diplomats called the step modest but welcome, and said further meetings were planned for June.</p>
</article>
<script>document.write("injected-script-text")</script>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Border Watch</title><link>https://borderwatch.example.net/</link>
<description>News from the line</description>
<item><title>Talks resume</title><link>https://borderwatch.example.net/a1</link>
<guid>bw-a1</guid><pubDate>Tue, 07 May 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators met again &amp;amp; agreed on an agenda.&lt;/p&gt;</description></item>
<item><title>Families reunite</title><link>https://borderwatch.example.net/a2</link>
<pubDate>Wed, 08 May 2024 10:00:00 GMT</pubDate>
<description>Forty families met at the resort for three days.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Peninsula Notes</title>
<entry><id>tag:notes.example,2024:1</id><title>Ministers meet</title>
<link href="https://notes.example/1"/><updated>2024-06-01T12:00:00Z</updated>
<content type="html">&lt;p&gt;The foreign ministers met in Geneva.&lt;/p&gt;&lt;script&gt;bad()&lt;/script&gt;</content></entry>
</feed>
"""

BROKEN_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken Wire</title>
<item><title>First item</title><description>The first story is whole.</description></item>
<item><title>Second item</title><description>The second story is cut & never closed
"""


def read(*paths, options: Options = OPTS) -> list[RawDocument | InputFailure]:
    return list(read_inputs([str(p) for p in paths], options))


def docs_of(items):
    return [d for d in items if isinstance(d, RawDocument)]


def failures_of(items):
    return [d for d in items if isinstance(d, InputFailure)]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8", newline="")
    else:
        p.write_bytes(data)
    return p


# --- plain text and charsets ------------------------------------------------------------------


def test_plain_text_is_one_document_as_written(tmp_path):
    p = write(tmp_path, "story.txt", STORY)
    [doc] = read(p)
    assert doc.kind == "text"
    assert doc.raw_text == STORY
    assert doc.origin == str(p)
    assert doc.html is None


def test_line_endings_become_newlines_and_nothing_else_changes(tmp_path):
    p = write(tmp_path, "crlf.txt", "First  line,\r\nsecond line\rthird\t line\r\n")
    [doc] = read(p)
    assert doc.raw_text == "First  line,\nsecond line\nthird\t line\n"


def test_utf8_bom_is_dropped(tmp_path):
    p = write(tmp_path, "bom.txt", b"\xef\xbb\xbfPyongyang said no.\n")
    [doc] = read(p)
    assert doc.raw_text == "Pyongyang said no.\n"


def test_utf16_with_bom(tmp_path):
    p = write(tmp_path, "u16.txt", "Ministers met in Genève.\n".encode("utf-16"))
    [doc] = read(p)
    assert doc.kind == "text" and doc.raw_text == "Ministers met in Genève.\n"


def test_latin1_text_is_decoded_by_guess(tmp_path):
    text = (
        "Le ministre a déclaré à Genève que les négociations reprendraient. "
        "Les délégués étaient d'accord; la réunion sera présidée par un médiateur français.\n"
    )
    p = write(tmp_path, "latin1.txt", text.encode("latin-1"))
    [doc] = read(p)
    assert isinstance(doc, RawDocument), doc
    assert doc.raw_text == text
    assert doc.meta.get("encoding")
    assert "decode_warning" not in doc.meta


def test_mostly_utf8_with_a_bad_byte_is_read_with_a_warning(tmp_path):
    good = "Talks in Panmunjom — both sides attended. " * 20
    p = write(tmp_path, "bad.txt", good.encode() + b"\xff" + "End of story — done.\n".encode())
    [doc] = read(p)
    assert isinstance(doc, RawDocument), doc
    assert "\ufffd" in doc.raw_text
    assert doc.raw_text.startswith(good)
    assert "invalid UTF-8" in doc.meta["decode_warning"]


def test_invalid_utf8_noise_is_binary(tmp_path):
    noise = bytes((i * 73 + 41) % 256 for i in range(4000))
    noise = noise.replace(b"\x00", b"\x01")
    p = write(tmp_path, "noise.txt", noise)
    [f] = read(p)
    assert isinstance(f, InputFailure)
    assert f.origin == str(p)
    assert str(p) in f.error and "not text" in f.error


# --- hostile inputs -----------------------------------------------------------------------------


def test_png_renamed_txt_is_binary(tmp_path):
    p = write(tmp_path, "photo.txt", PNG + b"\x00" * 200)
    [f] = read(p)
    assert isinstance(f, InputFailure)
    assert f.error == f"{p}: looks like a PNG image, not text; give a text, HTML, feed, JSONL or CSV file"


def test_empty_and_whitespace_files(tmp_path):
    e = write(tmp_path, "empty.txt", b"")
    w = write(tmp_path, "blank.txt", " \n\t\r\n  \n")
    fe, fw = read(e, w)
    assert fe.error == f"{e}: is empty; give a file with some text"
    assert fw.error == f"{w}: holds only whitespace; give a file with some text"


def test_sparse_200mb_text_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.write(STORY.encode() * 1000)  # ~170 KB of text, then a sparse hole
        f.truncate(200 * 1024 * 1024)
    [f] = read(p)
    assert isinstance(f, InputFailure)
    assert f.error == f"{p}: 200 MB is over the 20 MB cap for one article; split it, or raise --max-bytes"


def test_sparse_200mb_of_zeros_is_binary(tmp_path):
    p = tmp_path / "zeros.txt"
    with open(p, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    [f] = read(p)
    assert isinstance(f, InputFailure) and "NUL bytes" in f.error


def test_nul_lines_after_a_good_first_record_do_not_make_the_file_binary(tmp_path):
    # found by the JSONL fuzz test: one good record, then a line of NUL bytes (a torn write)
    good = json.dumps({"id": "n1", "text": STORY})
    p = write(tmp_path, "torn.jsonl", (good + "\n" + "\x00" * 40 + "\n").encode())
    got = read(p)
    assert [d.meta["id"] for d in got if isinstance(d, RawDocument)] == ["n1"]


@pytest.mark.parametrize("data", [
    "Talks resumed in Geneva on Monday.\n".encode("utf-16-le") * 20,  # UTF-16 without its BOM
    bytes(range(256)) * 8,  # bytes that open with NUL
    b"\x80\x81abc\n" + b"\x00\x01" * 100,  # a first line that is not UTF-8
])
def test_binary_without_magic_is_refused_by_its_nul_bytes(tmp_path, data):
    [f] = read(write(tmp_path, "blob.txt", data))
    assert isinstance(f, InputFailure) and "NUL bytes" in f.error


def test_cap_applies_to_streamed_single_article(tmp_path):
    p = write(tmp_path, "story.txt.gz", gzip.compress(STORY.encode() * 200))
    [f] = read(p, options=OPTS.with_(max_bytes=4096))
    assert f.error == f"{p}: it is over the 4 KB cap for one article; split it, or raise --max-bytes"


def test_missing_path_and_glob(tmp_path):
    missing = tmp_path / "nope.txt"
    pattern = str(tmp_path / "*.none")
    f1, f2 = read(missing, pattern)
    assert f1 == InputFailure(str(missing), f"{missing}: no such file or directory; check the path")
    assert f2.origin == pattern and "matches no file" in f2.error


def test_glob_and_directory_are_sorted_and_skip_hidden(tmp_path):
    write(tmp_path, "d/b.txt", "Bravo story text.\n")
    write(tmp_path, "d/a.txt", "Alpha story text.\n")
    write(tmp_path, "d/.hidden.txt", "Hidden story.\n")
    write(tmp_path, "d/.git/x.txt", "Hidden dir story.\n")
    write(tmp_path, "d/sub/c.txt", "Charlie story text.\n")
    got = read(tmp_path / "d")
    assert [Path(d.origin).relative_to(tmp_path).as_posix() for d in got] == ["d/a.txt", "d/b.txt", "d/sub/c.txt"]
    got = read(str(tmp_path / "d" / "*.txt"))
    assert [Path(d.origin).name for d in got] == ["a.txt", "b.txt"]


def test_stdin_is_read(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b'{"text": "From a pipe.", "id": "p1"}\n'))
    monkeypatch.setattr(sys, "stdin", fake)
    [doc] = read("-")
    assert doc.origin == "-:1" and doc.raw_text == "From a pipe." and doc.meta["id"] == "p1"


# --- gzip and tar --------------------------------------------------------------------------------


def test_gzip_is_unwrapped_and_inner_content_detected(tmp_path):
    p = write(tmp_path, "feed.bin", gzip.compress(RSS.encode()))
    docs = read(p)
    assert [d.kind for d in docs] == ["feed", "feed"]


def test_truncated_gzip_is_truncated_input(tmp_path):
    blob = gzip.compress((STORY * 300).encode())
    p = write(tmp_path, "cut.txt.gz", blob[: len(blob) // 2])
    [f] = read(p)
    assert isinstance(f, InputFailure)
    assert f.error == f"{p}: ends in the middle of its compressed (gzip) stream; the file was cut; copy or download it again"


def test_truncated_gzip_jsonl_keeps_the_records_before_the_cut(tmp_path):
    lines = "".join(json.dumps({"id": f"r{i}", "text": f"Story number {i} about the talks."}) + "\n" for i in range(3000))
    blob = gzip.compress(lines.encode())
    p = write(tmp_path, "cut.jsonl.gz", blob[: len(blob) // 2])
    got = read(p)
    docs, fails = docs_of(got), failures_of(got)
    assert 0 < len(docs) < 3000
    assert [d.meta["id"] for d in docs] == [f"r{i}" for i in range(len(docs))]
    assert len(fails) == 1 and fails[-1] is got[-1] and "gzip" in fails[0].error


def test_tar_gz_members_are_read_as_files(tmp_path):
    p = tmp_path / "bundle.tar.gz"
    with tarfile.open(p, "w:gz") as tar:
        for name, data in [("news/one.txt", STORY.encode()), ("news/two.html", HTML.encode()),
                           ("news/pic.txt", PNG), ("news/.DS_Store", b"junk")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    got = read(p)
    assert [(type(d).__name__, d.origin) for d in got] == [
        ("RawDocument", f"{p}!news/one.txt"),
        ("RawDocument", f"{p}!news/two.html"),
        ("InputFailure", f"{p}!news/pic.txt"),
    ]
    assert got[1].kind == "html"
    assert "PNG image" in got[2].error


def test_zip_is_rejected_with_a_hint(tmp_path):
    import zipfile

    p = tmp_path / "a.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.txt", STORY)
    [f] = read(p)
    assert "ZIP archive" in f.error and "unpack it" in f.error


# --- HTML ----------------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path):
    p = write(tmp_path, "page.dat", HTML)
    [doc] = read(p)
    assert doc.kind == "html"
    assert doc.html == HTML
    assert "reopen a joint liaison office" in doc.raw_text
    assert "further meetings were planned for June" in doc.raw_text
    for bad in ("alert", "tracking-pixel-code", "stylesheet-words", "injected-script-text", "onerror"):
        assert bad not in doc.raw_text
    assert doc.meta["title"] == "Liaison office to reopen"
    assert doc.meta["published"] == "2024-05-06"
    assert doc.meta["published_raw"] == "2024-05-06T08:30:00+09:00"
    assert doc.meta["url"] == "https://gazette.example.org/2024/05/liaison"
    assert doc.meta["source"] == "Harbour Gazette"


def test_html_dates_from_json_ld_and_time(tmp_path):
    body = "<p>" + "The envoy arrived in Seoul for two days of talks with officials. " * 4 + "</p>"
    ld = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
          '"datePublished": "2023-11-02T10:00:00Z"}]}</script></head><body>' + body + "</body></html>")
    tm = '<html><body><time datetime="2022-01-15">Jan 15</time>' + body + "</body></html>"
    d1, d2 = read(write(tmp_path, "ld.html", ld), write(tmp_path, "tm.html", tm))
    assert d1.meta["published"] == "2023-11-02" and d1.meta["published_basis"] == "json-ld datePublished"
    assert d2.meta["published"] == "2022-01-15" and d2.meta["published_basis"] == "time datetime"


def test_html_with_only_a_short_paragraph_falls_back(tmp_path):
    p = write(tmp_path, "short.html", "<html><body><script>alert(1)</script><p>Seoul protests.</p></body></html>")
    [doc] = read(p)
    assert doc.raw_text == "Seoul protests."
    assert "alert" not in doc.raw_text


def test_html_with_no_text_is_empty_input(tmp_path):
    p = write(tmp_path, "script.html", "<html><head><script>alert(1)</script></head><body><img src=x onerror=alert(2)></body></html>")
    [f] = read(p)
    assert isinstance(f, InputFailure) and "no readable text" in f.error and str(p) in f.error


# --- feeds ---------------------------------------------------------------------------------------


def test_rss_one_document_per_entry(tmp_path):
    p = write(tmp_path, "wire.xml", RSS)
    d1, d2 = read(p)
    assert (d1.kind, d1.origin) == ("feed", f"{p}#1")
    assert d1.raw_text == "Negotiators met again & agreed on an agenda."
    assert d1.meta == {"id": "bw-a1", "title": "Talks resume", "published": "2024-05-07",
                       "url": "https://borderwatch.example.net/a1", "source": "Border Watch"}
    assert d2.meta["id"] == "https://borderwatch.example.net/a2"
    assert d2.raw_text == "Forty families met at the resort for three days."


def test_atom_content_is_stripped_of_markup_and_script(tmp_path):
    [d] = read(write(tmp_path, "notes.atom", ATOM))
    assert d.raw_text == "The foreign ministers met in Geneva."
    assert d.meta["published"] == "2024-06-01" and d.meta["source"] == "Peninsula Notes"


def test_broken_feed_yields_recovered_entries_and_one_failure(tmp_path):
    p = write(tmp_path, "broken.rss", BROKEN_RSS)
    got = read(p)
    docs, fails = docs_of(got), failures_of(got)
    assert [d.meta["title"] for d in docs][:1] == ["First item"]
    assert len(fails) == 1 and fails[0].origin == str(p)
    assert "malformed" in fails[0].error and f"only {len(docs)} entr" in fails[0].error


def test_feed_with_nothing_recoverable(tmp_path):
    p = write(tmp_path, "junk.rss", '<?xml version="1.0"?><rss><channel><title>x</title><<<&&&')
    got = read(p)
    assert len(got) == 1 and isinstance(got[0], InputFailure) and "malformed" in got[0].error


# --- JSONL / JSON / CSV --------------------------------------------------------------------------


def test_jsonl_aliases_defaults_and_bad_line_in_the_middle(tmp_path):
    lines = [
        json.dumps({"story": "The ministry said talks would resume.", "headline": "Talks", "pubDate": "2024-01-02",
                    "index.link": "http://www.kcna.co.jp/item/x.html", "language": "en"}),
        '{"text": "broken json',
        json.dumps({"text": 42}),
        json.dumps({"title": None, "body": "   "}),
        "",
        json.dumps({"id": 7, "content": "One sentence only.", "source": "Wire", "link": "https://x.example/1"}),
        json.dumps({"story": None, "title": "Headline-only story"}),
        json.dumps(["not", "an", "object"]),
    ]
    p = write(tmp_path, "dump.jsonl", "\n".join(lines) + "\n")
    got = read(p)
    kinds = [(type(d).__name__, d.origin) for d in got]
    assert kinds == [
        ("RawDocument", f"{p}:1"), ("InputFailure", f"{p}:2"), ("InputFailure", f"{p}:3"),
        ("InputFailure", f"{p}:4"), ("RawDocument", f"{p}:6"), ("RawDocument", f"{p}:7"),
        ("InputFailure", f"{p}:8"),
    ]
    a, b, c = docs_of(got)
    assert a.raw_text == "The ministry said talks would resume."
    assert a.meta == {"title": "Talks", "published": "2024-01-02", "url": "http://www.kcna.co.jp/item/x.html",
                      "language": "en",
                      "id": stable_hash("Talks", "2024-01-02", "The ministry said talks would resume."),
                      "source": "KCNA", "source_basis": "url host"}
    assert b.meta == {"id": "7", "source": "Wire", "url": "https://x.example/1"} and b.raw_text == "One sentence only."
    assert c.raw_text == "Headline-only story" and c.meta["headline_only"] is True
    f2, f3, f4, f8 = failures_of(got)
    assert f2.error.startswith(f"{p}:2: not valid JSON")
    assert f3.error == f"{p}:3: field 'text' is a number, not a string; give the article text as a string"
    assert "has no text" in f4.error
    assert "not an object" in f8.error


def test_jsonl_record_over_the_cap_fails_alone(tmp_path):
    p = write(tmp_path, "big.jsonl", json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "small"}) + "\n")
    got = read(p, options=OPTS.with_(max_record_chars=100))
    assert isinstance(got[0], InputFailure) and "over the 100 cap" in got[0].error and got[0].origin == f"{p}:1"
    assert got[1].raw_text == "small"


def test_jsonl_is_streamed_a_huge_line_is_skipped_not_loaded(tmp_path):
    p = tmp_path / "long.jsonl"
    with open(p, "wb") as f:
        f.write(b'{"text": "' + b"y" * 3_000_000 + b'"}\n')
        f.write(b'{"text": "after the long line"}\n')
    got = read(p, options=OPTS.with_(max_record_chars=1000))
    assert isinstance(got[0], InputFailure) and got[0].origin == f"{p}:1"
    assert got[1].raw_text == "after the long line" and got[1].origin == f"{p}:2"


def test_json_array_and_pretty_object(tmp_path):
    arr = write(tmp_path, "a.json", json.dumps([{"text": "First."}, {"nope": 1}, {"text": "Third."}], indent=2))
    obj = write(tmp_path, "o.json", json.dumps({"text": "Pretty single.", "title": "T"}, indent=2))
    got = read(arr, obj)
    assert [(type(d).__name__, d.origin) for d in got] == [
        ("RawDocument", f"{arr}#1"), ("InputFailure", f"{arr}#2"), ("RawDocument", f"{arr}#3"), ("RawDocument", str(obj))]
    assert got[3].meta["title"] == "T"


def test_unclosed_json_array_is_truncated(tmp_path):
    p = write(tmp_path, "cut.json", '[{"text": "a"}, {"text": "b"')
    [f] = read(p)
    assert "ends before it is closed" in f.error


def test_csv_and_tsv_with_bad_rows(tmp_path):
    csv_text = (
        "id,headline,body,date,extra\r\n"
        'c1,Talks,"The envoys met, and agreed.",2024-02-03,x\r\n'
        "c2,Too,many,fields,here,now\r\n"
        'c3,Multi,"Line one\r\nline two",2024-02-04,\r\n'
        "c4,No body,,2024-02-05,y\r\n"
    )
    p = write(tmp_path, "rows.csv", csv_text)
    got = read(p)
    assert [(type(d).__name__, d.origin) for d in got] == [
        ("RawDocument", f"{p}:2"), ("InputFailure", f"{p}:3"), ("RawDocument", f"{p}:4"), ("RawDocument", f"{p}:6")]
    assert got[0].kind == "csv" and got[0].raw_text == "The envoys met, and agreed."
    assert got[0].meta == {"id": "c1", "title": "Talks", "published": "2024-02-03", "extra": "x"}
    assert got[2].raw_text == "Line one\nline two" and got[2].meta["extra"] is None
    assert got[3].raw_text == "No body" and got[3].meta["headline_only"]
    assert "row has 6 fields, the header has 5" in got[1].error
    t = write(tmp_path, "rows.tsv", "text\tsource\nA tab separated story.\tWire\n")
    [d] = read(t)
    assert d.kind == "csv" and d.meta["source"] == "Wire"


# --- SGML and PETRARCH ---------------------------------------------------------------------------

SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="10" NEWID="7">
<DATE> 3-MAR-1987 09:15:02.11</DATE>
<TOPICS><D>grain</D><D>wheat</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<UNKNOWN>&#5;&#5;&#5;G</UNKNOWN>
<TEXT>&#2;
<TITLE>FARM GROUP &lt;ACME&gt; SEES BIGGER HARVEST</TITLE>
<DATELINE>    KANSAS CITY, March 3 - </DATELINE><BODY>A farm group &lt;ACME Co&gt; said the
harvest will be bigger &amp; earlier.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="11" NEWID="8">
<DATE> 3-MAR-1987 09:16:00.00</DATE>
<TOPICS></TOPICS><PLACES></PLACES><PEOPLE></PEOPLE><ORGS></ORGS><EXCHANGES></EXCHANGES><COMPANIES></COMPANIES>
<TEXT TYPE="BRIEF">&#2;
<TITLE>ONLY A TITLE</TITLE>
</TEXT>
</REUTERS>
"""


def test_reuters_sgml(tmp_path):
    p = write(tmp_path, "reut.sgm", SGML.encode("latin-1"))
    [d] = read(p)
    assert d.kind == "sgml" and d.origin == f"{p}#NEWID=7"
    assert d.raw_text == "A farm group <ACME Co> said the\nharvest will be bigger & earlier.\n Reuter\n\x03"
    assert d.meta["id"] == "reuters-7" and d.meta["source"] == "Reuters"
    assert d.meta["title"] == "FARM GROUP <ACME> SEES BIGGER HARVEST"
    assert d.meta["published"] == "1987-03-03" and d.meta["dateline"] == "KANSAS CITY, March 3"
    assert d.meta["topics"] == ["grain", "wheat"] and d.meta["places"] == ["usa"]


def test_reuters_sgml_latin1_byte(tmp_path):
    p = write(tmp_path, "r.sgm", SGML.replace("bigger &amp;", "bigger \u00fc").encode("latin-1"))
    [d] = read(p)
    assert "bigger \u00fc earlier" in d.raw_text and "decode_warning" in d.meta


PETR = """<!-- header with -- dashes -- and a <Sentence> mention -->
<Environment>
    <Verbfile name="verbs.txt">
    <Actorfile>dict/actors.txt</Actorfile>
    <Include categories="valid"-->
</Environment>
<Sentence date="20010203" id="T-1" category="DEMO" valid="true">
<!-- comment inside -- with dashes -->
<EventCoding sourcecode="AAA" targetcode="BBB" eventcode="042">
<EventCoding sourcecode='"SOME TEXT"' targetcode="CCC" eventcode="043"></EventCoding>
<Text>
Alphaland  visited
Betaland today.
</Text>
<Parse>
(ROOT (S (NP (NNP Alphaland)) (VP (VBD visited))))
</Parse>
</Sentence>
<Sentence date = "20010204" id ="T-2" category="DEMO">
<EventCoding noevents = "True"></EventCoding>
<Skip>
Nothing happened in Gammaland
on Sunday.
(ROOT (S (NP (NNP Nothing))))
<Sentence date="20010205" id="T-3" category="ERR">
<EventCoding error="dateline"></EventCoding>
<Text>CITY: -- a dateline.</Text>
</Sentence>
<Sentence date="20010206" id="T-4" category="DEMO">
</Sentence>
"""


def test_petrarch_records(tmp_path):
    p = write(tmp_path, "recs/test.records.txt", PETR)
    got = read(p)
    assert [type(d).__name__ for d in got] == ["RawDocument", "RawDocument", "RawDocument", "InputFailure"]
    a, b, c, f = got
    assert a.kind == "petrarch" and a.raw_text == "Alphaland visited Betaland today."
    assert a.meta["id"] == "T-1" and a.meta["published"] == "2001-02-03" and a.meta["valid"] is True
    assert a.meta["gold"] == [{"source": "AAA", "target": "BBB", "cameo": "042"},
                              {"source": '"SOME TEXT"', "target": "CCC", "cameo": "043"}]
    assert a.meta["parse"] == "(ROOT (S (NP (NNP Alphaland)) (VP (VBD visited))))"
    assert a.meta["environment"] == {"Verbfile": str(tmp_path / "recs" / "verbs.txt"),
                                     "Actorfile": str(tmp_path / "recs" / "dict" / "actors.txt")}
    assert b.raw_text == "Nothing happened in Gammaland on Sunday." and b.meta["noevents"] is True
    assert b.meta["gold"] == [] and b.meta["skip"] is True and b.meta["valid"] is False
    assert b.meta["parse"] == "(ROOT (S (NP (NNP Nothing))))"
    assert c.meta["expected_error"] == "dateline" and c.raw_text == "CITY: -- a dateline."
    assert "T-4 has no sentence text" in f.error


# --- the batch goes on ---------------------------------------------------------------------------


def test_directory_mixing_everything_goes_on(tmp_path):
    d = tmp_path / "mixed"
    write(d, "01-story.txt", STORY)
    write(d, "02-photo.txt", PNG)
    write(d, "03-empty.txt", b"")
    write(d, "04-page.html", HTML)
    write(d, "05-broken.rss", BROKEN_RSS)
    blob = gzip.compress((STORY * 300).encode())
    write(d, "06-cut.txt.gz", blob[:200])
    write(d, "07-dump.jsonl", '{"text": "one"}\n{oops}\n{"text": "three"}\n')
    write(d, "08-latin1.txt", "Réunion à Genève: les délégués sont arrivés.\n".encode("latin-1"))
    write(d, "09-bad-utf8.txt", "Talks — resumed. ".encode() * 30 + b"\xfe" + b" end\n")
    got = read(d)
    fails = failures_of(got)
    assert sorted(Path(f.origin.split(":")[0]).name for f in fails) == [
        "02-photo.txt", "03-empty.txt", "05-broken.rss", "06-cut.txt.gz", "07-dump.jsonl"]
    for f in fails:
        assert f.error.startswith(f.origin + ": ")
    names = [Path(x.origin.split("#")[0].split(":")[0]).name for x in docs_of(got)]
    assert names[0] == "01-story.txt" and "04-page.html" in names and "08-latin1.txt" in names
    assert names.count("07-dump.jsonl") == 2 and "09-bad-utf8.txt" in names


def test_source_host_table_is_validated():
    assert parse_source_hosts("# c\nexample.org\tEx\n", "t.tsv") == {"example.org": "Ex"}
    with pytest.raises(DictionaryError) as e:
        parse_source_hosts("# c\nexample.org Ex\n", "t.tsv")
    assert str(e.value).startswith("t.tsv:2: expected HOST<TAB>SOURCE")


# --- fuzz ----------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from([RSS, ATOM, HTML, SGML, PETR, BROKEN_RSS]).flatmap(
        lambda s: st.integers(0, len(s)).map(lambda n: s[:n].encode("utf-8"))),
    st.sampled_from([b"\x1f\x8b", b"{", b"[", b"text,title\n", b"<rss>", b"<html>"]).flatmap(
        lambda p: st.binary(max_size=500).map(lambda b: p + b)),
))
def test_arbitrary_bytes_never_raise(tmp_path, data):
    p = tmp_path / "fuzz.bin"
    p.write_bytes(data)
    for item in read_inputs([str(p)], OPTS):
        assert isinstance(item, (RawDocument, InputFailure))
        if isinstance(item, InputFailure):
            assert item.error and "\n" not in item.error
        else:
            assert isinstance(item.raw_text, str) and item.raw_text.strip()


def test_big_json_like_stream_over_the_cap_is_read_line_by_line(tmp_path):
    # first line is not an object on its own, the whole is over max_bytes: read as JSONL, nothing lost
    body = '{"text":\n"broken first record"}\n' + "".join(json.dumps({"id": f"k{i}", "text": f"Story {i}."}) + "\n" for i in range(200))
    p = write(tmp_path, "big.json.gz", gzip.compress(body.encode()))
    got = read(p, options=OPTS.with_(max_bytes=2000))
    docs = docs_of(got)
    assert [d.meta["id"] for d in docs] == [f"k{i}" for i in range(200)]
    assert [f.origin for f in failures_of(got)] == [f"{p}:1", f"{p}:2"]


def test_directory_walk_passes_over_folder_documentation(tmp_path):
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs
    from peacewatch.model import RawDocument

    (tmp_path / "README.md").write_text("# About this corpus\n\nWritten for the tests.\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT licence text\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Seoul and Tokyo held talks on Monday about the railway.\n", encoding="utf-8")
    docs = list(read_inputs([str(tmp_path)], Options()))
    assert [d.origin.rsplit("/", 1)[-1] for d in docs] == ["story.txt"]
    # named explicitly, a README is read like any file
    named = list(read_inputs([str(tmp_path / "README.md")], Options()))
    assert len(named) == 1 and isinstance(named[0], RawDocument)


def test_directory_walk_passes_over_the_database_being_written(tmp_path):
    from peacewatch.config import Options
    from peacewatch.ingest import read_inputs

    (tmp_path / "story.txt").write_text("Seoul and Tokyo held talks on Monday about the railway.\n", encoding="utf-8")
    db = tmp_path / "pw.db"
    for name in ("pw.db", "pw.db-wal", "pw.db-shm"):
        (tmp_path / name).write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    docs = list(read_inputs([str(tmp_path)], Options(db=db)))
    assert [d.origin.rsplit("/", 1)[-1] for d in docs] == ["story.txt"]
    # another SQLite file in the folder is still an input (and fails as binary)
    docs = list(read_inputs([str(tmp_path)], Options(db=tmp_path / "other.db")))
    assert len(docs) == 4


def test_jsonl_record_with_only_punctuation_has_no_text_and_default_ids_do_not_collide(tmp_path):
    lines = [
        json.dumps({"story": None, "title": "\r, \r", "date": "2011-01-27"}),
        json.dumps({"story": "Same body.", "title": "First", "date": "2011-01-27"}),
        json.dumps({"story": "Same body.", "title": "Second", "date": "2011-01-27"}),
        json.dumps({"story": ", , ,", "title": "Headline kept", "date": "2011-01-28"}),
    ]
    p = write(tmp_path, "dump.jsonl", "\n".join(lines) + "\n")
    got = read(p)
    assert [type(d).__name__ for d in got] == ["InputFailure", "RawDocument", "RawDocument", "RawDocument"]
    assert got[0].origin == f"{p}:1" and "has no text" in got[0].error
    assert got[1].meta["id"] != got[2].meta["id"]
    assert got[3].raw_text == "Headline kept" and got[3].meta["headline_only"] is True
