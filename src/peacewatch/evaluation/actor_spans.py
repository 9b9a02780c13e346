"""Actor-span accuracy: how well actor detection finds the source/target spans of a BIO-tagged file.

The file (ConfliBERT's ``cameo_ner`` format) has one ``token TAG`` pair a line, tags ``B-S``/``I-S``
(source), ``B-T``/``I-T`` (target), ``B-R``/``I-R`` (reciprocal) or ``O``, and a blank line between
sentences. Each sentence is rebuilt as its tokens joined by single spaces and run through
``find_actors``. A gold span counts as found when it overlaps a detected actor mention; a detected
mention counts as correct when it overlaps a gold span.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GoldFormatError

if TYPE_CHECKING:  # pragma: no cover
    from ..actors import ActorDictionaries


@dataclass
class BioSentence:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, role)


def read_bio(path: Path) -> list[BioSentence]:
    """Sentences of a BIO token file, with their gold spans as character offsets."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise GoldFormatError(f"cannot read the BIO file ({e})", hint="give a UTF-8 token-per-line file",
                              source=str(path)) from None
    out: list[BioSentence] = []
    toks: list[tuple[str, str]] = []

    def flush() -> None:
        if not toks:
            return
        parts: list[str] = []
        pos = 0
        spans: list[tuple[int, int, str]] = []
        cur: tuple[int, int, str] | None = None  # the open span (start, end, role)
        for tok, tag in toks:
            start = pos
            parts.append(tok)
            pos += len(tok) + 1
            end = start + len(tok)
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                if cur:
                    spans.append(cur)
                cur = (start, end, tag[2:])
            elif tag.startswith("I-") and cur is not None:
                cur = (cur[0], end, cur[2])
            else:
                if cur:
                    spans.append(cur)
                cur = None
        if cur:
            spans.append(cur)
        out.append(BioSentence(" ".join(parts), spans))
        toks.clear()

    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            flush()
            continue
        bits = line.rsplit(None, 1)
        if len(bits) != 2 or not (bits[1] == "O" or bits[1][:2] in ("B-", "I-")):
            raise GoldFormatError(
                f"line {lineno} is not 'token TAG': {line[:60]!r}",
                hint="expected a BIO file such as ConfliBERT's cameo_ner train.txt",
                source=f"{path}:{lineno}",
            )
        toks.append((bits[0], bits[1]))
    flush()
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_actor_spans(path: Path, dicts: ActorDictionaries, *, top_misses: int = 25) -> dict[str, Any]:
    """Precision and recall of actor detection against the S/T/R spans of a BIO file."""
    from ..actors import find_actors
    from ..model import Article, Sentence

    sents = read_bio(path)
    gold_total: Counter[str] = Counter()  # by role
    gold_found: Counter[str] = Counter()
    detected = 0
    correct = 0
    misses: Counter[str] = Counter()  # by lower-cased text
    false_hits: Counter[str] = Counter()
    for i, s in enumerate(sents):
        art = Article(article_id=f"bio-{i}", origin=str(path), kind="text", raw_text=s.text, text=s.text)
        refs = find_actors(art, [Sentence(0, 0, len(s.text), s.text)], dicts)
        det = [(r.start, r.end) for r in refs]
        for st, en, role in s.spans:
            gold_total[role] += 1
            if any(_overlaps((st, en), d) for d in det):
                gold_found[role] += 1
            else:
                misses[s.text[st:en].lower()] += 1
        for r, d in zip(refs, det, strict=True):
            detected += 1
            if any(_overlaps(d, (st, en)) for st, en, _ in s.spans):
                correct += 1
            else:
                false_hits[r.text.lower()] += 1
    total = sum(gold_total.values())
    found = sum(gold_found.values())

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "file": str(path),
        "sentences": len(sents),
        "gold_spans": total,
        "gold_found": found,
        "detected": detected,
        "detected_correct": correct,
        "precision": ratio(correct, detected),
        "recall": ratio(found, total),
        "f1": (round(2 * correct / detected * found / total / (correct / detected + found / total), 4)
               if detected and total and correct and found else None),
        "per_role": {
            role: {"gold": gold_total[role], "found": gold_found[role], "recall": ratio(gold_found[role], gold_total[role])}
            for role in sorted(gold_total)
        },
        "top_misses": misses.most_common(top_misses),
        "top_false_detections": false_hits.most_common(top_misses),
    }
