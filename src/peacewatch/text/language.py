"""The language of each document, detected offline (py3langid: its model ships inside the PyPI
package). English is coded; other languages are stored and counted until a pipeline for them exists.

    language_of(article) -> (code, basis)    ISO 639-1 code ("en", "es") and why

The input's own language field wins when it names one ("language": "English" in a JSONL dump);
otherwise the detector reads the headline and body. A text too short to tell (under 40 letters) or
a detection below 0.5 confidence is taken as English, and the basis says so.
"""

from __future__ import annotations

import threading
from typing import Any

from ..model import Article

MIN_LETTERS = 40
MIN_CONFIDENCE = 0.5
MAX_CHARS = 5000  # the detector reads the first characters of the text only
ENGLISH_LIKE = frozenset({"pcm", "sco"})
"""English-lexified languages the detector confuses short English news with (Nigerian Pidgin,
Scots): with English its runner-up at ENGLISH_RUNNER_UP or more, the text is English."""
ENGLISH_RUNNER_UP = 0.15

_NAMES = {
    "english": "en", "spanish": "es", "español": "es", "french": "fr", "français": "fr", "russian": "ru",
    "chinese": "zh", "japanese": "ja", "korean": "ko", "arabic": "ar", "german": "de", "portuguese": "pt",
    "italian": "it",
}

_LOCK = threading.Lock()
_IDENT: Any = None


def _identifier() -> Any:
    global _IDENT
    if _IDENT is None:
        with _LOCK:
            if _IDENT is None:
                from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

                _IDENT = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    return _IDENT


def _declared(meta: dict[str, Any]) -> str | None:
    value = meta.get("language") or meta.get("lang")
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip().lower()
    if v in _NAMES:
        return _NAMES[v]
    if len(v) == 2 and v.isalpha():
        return v
    if len(v) >= 5 and v[2] in "-_" and v[:2].isalpha():  # en-US, pt_BR
        return v[:2]
    return None


def detect(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` and the detector's confidence."""
    code, prob = _identifier().classify(text[:MAX_CHARS])
    return str(code), float(prob)


def language_of(article: Article) -> tuple[str, str]:
    declared = _declared(article.meta or {})
    if declared is not None:
        return declared, f"the input says {article.meta.get('language') or article.meta.get('lang')!r}"
    text = article.text
    letters = sum(1 for c in text[:MAX_CHARS] if c.isalpha())
    if letters < MIN_LETTERS:
        return "en", f"too short to tell ({letters} letters): taken as English"
    code, prob = detect(text)
    if code in ENGLISH_LIKE:
        en = dict(_identifier().rank(text[:MAX_CHARS])).get("en", 0.0)
        if en >= ENGLISH_RUNNER_UP:
            return "en", f"detected {code} at {prob:.2f} with English at {en:.2f}: taken as English"
    if prob < MIN_CONFIDENCE:
        return "en", f"detector unsure ({code} at {prob:.2f}): taken as English"
    return code, f"detected ({code} at {prob:.2f})"
