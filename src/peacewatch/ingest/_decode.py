"""Charset handling: BOMs, strict UTF-8, mostly-UTF-8 with replacement, a legacy charset guess."""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..errors import BinaryInput

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")


def _latin1_fallback(err: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("peacewatch-latin1", _latin1_fallback)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def looks_binary_text(text: str) -> bool:
    """Decoded text that is still full of control characters is not text."""
    n = len(_CONTROL.findall(text))
    return n >= 2 and n > len(text) * 0.01


def _utf8_profile(data: bytes) -> tuple[str, int, int]:
    """Decode with replacement; return the text, the number of invalid bytes replaced and the
    number of valid non-ASCII characters."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    return text, max(bad, 0), max(good, 0)


def decode_document(data: bytes, origin: str, charset_hint: str | None = None) -> tuple[str, dict[str, Any]]:
    """Decode a whole single document. Returns the text (line endings normalised) and meta
    additions (``encoding``, ``decode_warning``). Raises :class:`BinaryInput` when the bytes
    are not text in any charset we can tell."""
    meta: dict[str, Any] = {}
    found = bom_encoding(data)
    if found:
        enc, skip = found
        text = data[skip:].decode(enc, errors="replace")
        if "\ufffd" in text:
            meta["decode_warning"] = f"invalid {enc} bytes replaced by U+FFFD"
        meta["encoding"] = enc
        return normalise_newlines(text), meta
    if b"\x00" in data:
        raise BinaryInput(
            "holds NUL bytes (binary data), not text",
            hint="give a text, HTML, feed, JSONL or CSV file",
            source=origin,
        )
    if charset_hint and charset_hint.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            text = data.decode(charset_hint)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if not looks_binary_text(text):
                meta["encoding"] = charset_hint.lower()
                return normalise_newlines(text), meta
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if looks_binary_text(text):
            raise _binary(origin)
        return normalise_newlines(text), meta

    replaced, bad, good = _utf8_profile(data)
    # Mostly UTF-8: real multi-byte characters decode, and only a few bytes do not.
    if good >= bad and bad <= max(8, len(data) // 500):
        if looks_binary_text(replaced):
            raise _binary(origin)
        meta["decode_warning"] = f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"
        return normalise_newlines(replaced), meta

    guess = _guess(data)
    if guess is not None:
        enc, text = guess
        meta["encoding"] = enc
        return normalise_newlines(text), meta
    raise _binary(origin)


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if not text.strip() or looks_binary_text(text) or "\ufffd" in text:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < len(text.strip()) * 0.3:
        return None
    return best.encoding, text


def _binary(origin: str) -> BinaryInput:
    return BinaryInput(
        "looks like binary data, not text in any charset",
        hint="give a text, HTML, feed, JSONL or CSV file",
        source=origin,
    )


def decode_fragment(data: bytes) -> tuple[str, str | None]:
    """Decode one line or record of a streamed file: strict UTF-8; mostly UTF-8 with
    replacement; else cp1252 (latin-1 for the bytes cp1252 leaves undefined). Returns the text
    and a warning (or None)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    replaced, bad, good = _utf8_profile(data)
    if good >= bad and good > 0:
        return replaced, f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"
    return data.decode("cp1252", errors="peacewatch-latin1"), "decoded as cp1252 (not UTF-8)"
