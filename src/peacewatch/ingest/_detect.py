"""Detect what an input is from its first bytes (magic numbers, markup), never its name."""

from __future__ import annotations

import csv
import re

from . import _fields

# (offset, magic, what it looks like). Checked in order on the head of the input.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"PK\x03\x04", "a ZIP archive (or an Office/EPUB document)"),
    (0, b"PK\x05\x06", "an empty ZIP archive"),
    (0, b"\x7fELF", "an ELF executable"),
    (0, b"MZ", "a Windows executable"),
    (0, b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (0, b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (0, b"BZh", "a bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"OggS", "an Ogg audio/video file"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"\x00\x00\x01\x00", "an icon image"),
    (0, b"\x00asm", "a WebAssembly module"),
    (0, b"PAR1", "a Parquet file"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (0, b"{\\rtf", "an RTF document"),
    (4, b"ftyp", "an MP4/QuickTime video"),
    (8, b"WEBP", "a WebP image"),
    (8, b"AVI ", "an AVI video"),
    (8, b"WAVE", "a WAV audio file"),
)


def is_gzip(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b"


def is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def binary_kind(head: bytes) -> str | None:
    """What a binary input looks like ("a PNG image"), or None if it may be text."""
    for offset, magic, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if magic == b"MZ" and not _mz_executable(head):
                continue
            if magic == b"BZh" and not (len(head) > 3 and head[3:4].isdigit()):
                continue
            return name
    return None


def _mz_executable(head: bytes) -> bool:
    return b"This program cannot be run in DOS mode" in head[:512] or b"PE\x00\x00" in head[:1024]


# What may stand before a document's root element: white space, the XML declaration and processing
# instructions (<?xml-stylesheet ...?>), comments, and a DOCTYPE, with an internal subset too
# (<!DOCTYPE rss [ <!ENTITY ...> ]>).
_SKIP_PROLOGUE = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype(?:[^>\[]|\[.*?\])*>)*", re.I | re.S)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<p[\s>]|<div[\s>]"
    r"|<article[\s>]|<br\s*/?>|<h[1-6][\s>]|<span[\s>]|<a\s+href",
    re.I,
)


def sniff(text: str) -> tuple[str, dict[str, str]]:
    """The kind of a decoded head: ``html``, ``feed``, ``sgml``, ``petrarch``, ``dtd``,
    ``jsonl``, ``json``, ``csv`` or ``text``; plus details (``delimiter`` for CSV)."""
    s = text.lstrip("\ufeff \t\r\n")
    if not s:
        return "text", {}
    if s.startswith("<"):
        prologue = _SKIP_PROLOGUE.match(s)
        rest = s[prologue.end() if prologue else 0 :]
        m = _FIRST_TAG.match(rest)
        first = m.group(1).lower() if m else ""
        if first in ("rss", "feed", "rdf:rdf", "rdf"):  # the root element decides, whatever precedes it
            return "feed", {}
        low = s[:8192].lower()
        if re.search(r"<!doctype\s+lewis|<reuters[\s>]", low):
            return "sgml", {}
        if re.search(r"<sentence\s+date\s*=", s, re.I) or re.search(r"<environment>", low):
            return "petrarch", {}
        if rest.startswith("<!") and re.match(r"<!(element|entity|attlist)\b", rest, re.I):
            return "dtd", {}
        if first in ("validation", "sentences"):
            return "petrarch", {}
        return "html", {}
    if s[0] in "{[":
        first_line = s.split("\n", 1)[0].strip()
        if s[0] == "{":
            if _parses_as_object(first_line):
                return "jsonl", {}
            if re.match(r'\{\s*"', s):
                return "json", {}
        elif re.match(r"\[\s*[\{\]\[]", s):
            return "json", {}
    delim = _csv_header(s)
    if delim:
        return "csv", {"delimiter": delim}
    if _HTML_HINT.search(s[:2048]) and re.search(r"<html[\s>]|<body[\s>]", s[:4096], re.I):
        return "html", {}
    return "text", {}


def _parses_as_object(line: str) -> bool:
    import json

    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _csv_header(s: str) -> str | None:
    line = s.split("\n", 1)[0].rstrip("\r")
    if len(line) > 4096:
        return None
    for delim in ("\t", ",", ";", "|"):
        if delim not in line:
            continue
        try:
            fields = next(csv.reader([line], delimiter=delim))
        except csv.Error:
            continue
        names = [f.strip().strip("\ufeff").lower() for f in fields]
        if len(names) >= 2 and any(n in _fields.TEXT_KEYS for n in names):
            return delim
    return None
