"""Duplicate detection: exact content hashes and MinHash LSH over word shingles.

Pure functions, no database. :mod:`peacewatch.store` persists the LSH bands and decides.

    normalize_for_hash(text)        -> str            the words of a body, lower-cased, one space apart
    content_hash(text)              -> str            sha1 of that: equal for exact copies
    shingles(text, k=5)             -> set[str]       word k-shingles ("w1 w2 w3 w4 w5")
    jaccard(a, b)                   -> float          |a & b| / |a | b| of two shingle sets
    minhash(text, num_perm=64)      -> numpy uint32 array of num_perm values
    lsh_bands(signature, bands, rows) -> list[int]    one signed 64-bit bucket id per band

Normalisation (see docs/STORE.md) folds case and Unicode compatibility forms, drops punctuation and
control characters, and removes wire furniture that republished copies of one story differ in: a
leading dateline such as ``SEOUL, Sept 24 (Reuters) -`` or ``Pyongyang, December 24 (KCNA) --``, a
leading source tag such as ``(MENAFN)`` and a trailing wire sign-off such as ``Reuter``. Digits are
kept, so two earnings reports that differ only in their figures are different stories.

MinHash signatures come from datasketch (``MinHash``, seed MINHASH_SEED); this module bands them and
the store keeps the bands in SQLite (datasketch's own LSH index lives in memory or Redis, not in the
database file). Everything here is deterministic across processes and machines (no Python
``hash()``), because the LSH buckets are stored in the database and compared across runs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

SHINGLE_K = 5
"""Words per shingle."""
NUM_PERM = 64
"""Default number of MinHash permutations (``Options.minhash_permutations``)."""
LSH_ROWS = 4
"""Rows per LSH band: 64 permutations -> 16 bands of 4. A pair of Jaccard similarity s becomes a
candidate with probability 1 - (1 - s**4)**16: 0.9996 at s=0.7, 0.98 at 0.6, 0.64 at 0.5."""
MIN_NEAR_WORDS = 30
"""Bodies with fewer words than this are matched exactly only (never by MinHash)."""
DEDUP_VERSION = "2"
"""Bumped whenever normalisation, shingling or hashing changes (stored LSH bands become stale)."""

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "SEOUL, Sept 24 (Reuters) -", "Pyongyang, December 24 (KCNA) --", "NEW YORK, March 3 -"
_LEADING_DATELINE = re.compile(
    r"^\s*[^\W\d_][^\n,()]{0,40},\s*" + _MONTH + r"\s+\d{1,2}(?:,?\s+\d{4})?\s*(?:\([^()\n]{1,30}\))?\s*[-\u2013\u2014]+\s*",
    re.IGNORECASE,
)
# "(MENAFN) ", "(KCNA) --", "(Reuters) -"
_LEADING_TAG = re.compile(r"^\s*\([A-Za-z][A-Za-z .&-]{1,30}\)\s*[-\u2013\u2014]*\s*")
_TRAILER = re.compile(r"\s*(?:\breuters?\b|\bMENAFN\d{8,}ID\d+\b)[\s\W]*$", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_for_hash(text: str) -> str:
    """The words of ``text``, case-folded, one space apart, without wire header and trailer.

    Two copies of a story that differ only in spacing, punctuation, case, a leading dateline or
    source tag, or the final ``Reuter`` sign-off normalise to the same string.
    """
    t = unicodedata.normalize("NFKC", text or "")
    t = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in t)
    for _ in range(2):  # "(KCNA) -- Pyongyang, May 2 --" or a dateline then a tag
        t2 = _LEADING_DATELINE.sub("", t, count=1)
        t2 = _LEADING_TAG.sub("", t2, count=1)
        if t2 == t:
            break
        t = t2
    t = _TRAILER.sub("", t)
    return " ".join(_NON_WORD.sub(" ", t.casefold()).split())


def content_hash(text: str) -> str:
    """sha1 (hex) of :func:`normalize_for_hash`: equal for exact (normalised) copies."""
    return hashlib.sha1(normalize_for_hash(text).encode("utf-8", "surrogatepass")).hexdigest()


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return normalize_for_hash(text).split()


def shingles(text: str, k: int = SHINGLE_K) -> set[str]:
    """Word ``k``-shingles of the normalised text. A text shorter than ``k`` words is one shingle."""
    w = words(text)
    return _shingles_of_words(w, k)


def _shingles_of_words(w: list[str], k: int) -> set[str]:
    if not w:
        return set()
    if len(w) < k:
        return {" ".join(w)}
    return {" ".join(w[i : i + k]) for i in range(len(w) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# --- MinHash -----------------------------------------------------------------------------------

MINHASH_SEED = 1
"""The seed of datasketch's permutations. With it and datasketch's default hash (sha1, 32 bits)
a signature is the same in every process and on every machine, as stored LSH buckets need."""


def minhash_of_words(w: list[str], num_perm: int = NUM_PERM, k: int = SHINGLE_K) -> np.ndarray:
    """MinHash signature (``num_perm`` uint32 values) of already normalised words: datasketch's
    ``MinHash`` over the word ``k``-shingles (all words as one shingle when there are fewer)."""
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=MINHASH_SEED)
    sh = _shingles_of_words(w, k)
    if sh:
        m.update_batch([x.encode("utf-8", "surrogatepass") for x in sorted(sh)])
    return np.asarray(m.hashvalues, dtype=np.uint64).astype(np.uint32)


def minhash(text: str, num_perm: int = NUM_PERM, k: int = SHINGLE_K) -> np.ndarray:
    """MinHash signature of the word ``k``-shingles of ``text``: ``num_perm`` uint32 values.

    The fraction of equal positions in two signatures estimates the Jaccard similarity of the two
    shingle sets.
    """
    return minhash_of_words(words(text), num_perm, k)


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Fraction of equal positions of two signatures of the same length."""
    if len(sig_a) != len(sig_b):
        raise ValueError("signatures of different lengths")
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def lsh_bands(signature: np.ndarray, bands: int, rows: int) -> list[int]:
    """One bucket id per band: a signed 64-bit hash of the band's ``rows`` values and its index.

    Two signatures share a bucket in some band exactly when all ``rows`` values of that band agree
    (up to 64-bit hash collisions). ``bands * rows`` must not exceed the signature length.
    """
    sig = np.ascontiguousarray(signature, dtype=np.uint32)
    if bands * rows > sig.size:
        raise ValueError(f"{bands} bands x {rows} rows exceed a signature of {sig.size} values")
    out = []
    for i in range(bands):
        d = hashlib.blake2b(
            i.to_bytes(4, "little") + sig[i * rows : (i + 1) * rows].tobytes(), digest_size=8, person=b"pw-lsh"
        ).digest()
        out.append(int.from_bytes(d, "little", signed=True))
    return out


__all__ = [
    "SHINGLE_K",
    "NUM_PERM",
    "LSH_ROWS",
    "MIN_NEAR_WORDS",
    "DEDUP_VERSION",
    "normalize_for_hash",
    "content_hash",
    "words",
    "shingles",
    "jaccard",
    "minhash",
    "minhash_of_words",
    "estimate_jaccard",
    "lsh_bands",
]


# --- deciding a near duplicate -------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {w: str(10 * i) for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_WEEKDAYS = {w: f"wd{i}" for i, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "mar": 3, "april": 4, "apr": 4, "june": 6,
    "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # "may" and "march" are left out: they are verbs too
SHORT_WORDS = 60
"""Bodies shorter than this (but at least MIN_NEAR_WORDS) need a similarity of at least
SHORT_THRESHOLD: in a 48-word story one replaced word already leaves a 5-shingle Jaccard of 0.8."""
SHORT_THRESHOLD = 0.9


def anchors(text: str) -> set[str]:
    """Numbers, weekdays and months of ``text`` in a canonical form (``"2,000"`` -> ``"2000"``,
    ``"nine"`` -> ``"9"``, ``"Jan"``/``"January"`` -> ``"m1"``, ``"Monday"`` -> ``"wd0"``)."""
    t = unicodedata.normalize("NFKC", text or "").casefold()
    out = set()
    for m in _NUMBER.finditer(t):
        out.add(re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group()))
    for w in _NON_WORD.sub(" ", t).split():
        if w in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[w])
        elif w in _WEEKDAYS:
            out.add(_WEEKDAYS[w])
        elif w in _MONTHS:
            out.add(f"m{_MONTHS[w]}")
    return out


def anchors_conflict(a: set[str], b: set[str]) -> bool:
    """True when each side has a number/weekday/month the other lacks: a figure or a day was
    *replaced* (two issues of a recurring report), not merely added (a longer copy)."""
    return bool(a - b) and bool(b - a)


def near_duplicate_similarity(text_a: str, text_b: str, k: int = SHINGLE_K) -> float:
    """Jaccard similarity of the word ``k``-shingles of two texts."""
    return jaccard(shingles(text_a, k), shingles(text_b, k))


def is_near_duplicate(text_a: str, text_b: str, threshold: float, k: int = SHINGLE_K) -> tuple[bool, float]:
    """Whether two bodies are one story, and their shingle Jaccard similarity.

    One story when both have at least MIN_NEAR_WORDS words, the similarity reaches ``threshold``
    (SHORT_THRESHOLD when either is shorter than SHORT_WORDS), and no number, weekday or month was
    replaced (:func:`anchors_conflict`).
    """
    wa, wb = words(text_a), words(text_b)
    if min(len(wa), len(wb)) < MIN_NEAR_WORDS:
        return False, 0.0
    sim = jaccard(_shingles_of_words(wa, k), _shingles_of_words(wb, k))
    need = max(threshold, SHORT_THRESHOLD) if min(len(wa), len(wb)) < SHORT_WORDS else threshold
    if sim < need:
        return False, sim
    if anchors_conflict(anchors(text_a), anchors(text_b)):
        return False, sim
    return True, sim


__all__ += [
    "SHORT_WORDS",
    "SHORT_THRESHOLD",
    "anchors",
    "anchors_conflict",
    "near_duplicate_similarity",
    "is_near_duplicate",
]


def dedup_text(text: str, body_start: int = 0) -> str:
    """The part of an article's cleaned text that dedupe compares: the body when it has at least
    MIN_NEAR_WORDS words (so a republished copy under another headline still matches), else the
    whole text, headline included (a brief whose body is a placeholder such as Reuters' "Blah blah
    blah." or a one-line summary is told apart by its headline)."""
    body = text[body_start:]
    if body_start <= 0 or len(normalize_for_hash(body).split()) >= MIN_NEAR_WORDS:
        return body
    return text


__all__ += ["dedup_text"]
