"""Frequent named-looking strings that no dictionary resolves (``peacewatch actors unknown``)."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from .matcher import ActorDictionaries, find_mentions

MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
}
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
COMMON = {
    "The", "A", "An", "In", "On", "At", "But", "And", "Or", "It", "Its", "This", "That", "These", "Those",
    "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "As", "After", "Before", "When",
    "While", "If", "For", "With", "By", "From", "To", "Of", "Meanwhile", "However", "Also", "Yet", "So",
    "There", "Here", "What", "Who", "Why", "How", "Where", "Mr", "Mrs", "Ms", "Dr", "Some", "Many", "All",
    "Both", "Such", "Other", "Since", "During", "Under", "Over", "Despite", "Although", "Though", "Now",
    "Then", "Earlier", "Later", "Last", "Next", "One", "Two", "Three", "Not", "No", "Yes",
    "According", "Today", "Yesterday", "Tomorrow", "Reuters", "AP", "AFP",
}
CONNECTORS = {"of", "the", "for", "de", "al", "bin", "el", "on", "la", "du", "von", "van"}
TITLES = {
    "President", "Premier", "Prime", "Minister", "Marshal", "General", "Chairman", "Comrade", "Secretary",
    "Vice", "Deputy", "Foreign", "Defence", "Defense", "Director", "Ambassador", "Envoy", "Leader", "King",
    "Queen", "Prince", "Lieutenant", "Colonel", "Admiral", "Senator", "Governor", "Mayor", "Chief",
}
WORD_RE = re.compile(r"[A-Za-z][\w'\u2019.\-]*")


@dataclass
class UnknownName:
    name: str
    count: int
    articles: int
    example: str
    example_article: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count, "articles": self.articles,
                "example": self.example, "example_article": self.example_article}


def _sentences(db: Path) -> Iterator[tuple[str, str]]:
    if not Path(db).exists():
        raise StoreError(f"no database at {db}", hint="run 'peacewatch ingest PATH --db FILE' first")
    try:
        con = sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open {db} ({e})", hint="check the file is a peacewatch database") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
        if "sentences" in tables and con.execute("SELECT 1 FROM sentences LIMIT 1").fetchone():
            yield from con.execute("SELECT article_id, text FROM sentences ORDER BY article_id, idx")
        elif "articles" in tables:
            for aid, text in con.execute("SELECT article_id, text FROM articles"):
                for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text or ""):
                    if s.strip():
                        yield aid, s
        else:
            raise StoreError(f"{db} has no articles table", hint="run 'peacewatch ingest' to fill it")
    except sqlite3.DatabaseError as e:
        raise StoreError(f"cannot read {db} ({e})", hint="check the file is a peacewatch database") from None
    finally:
        con.close()


def candidates(sentence: str) -> list[str]:
    """Capitalised word sequences of a sentence (connectors such as 'of' inside them), without
    leading common words, months and weekdays."""
    out: list[str] = []
    words = [(m.group(), m.start()) for m in WORD_RE.finditer(sentence)]
    cur: list[tuple[str, int]] = []

    def close() -> None:
        while cur and cur[-1][0].lower() in CONNECTORS:
            cur.pop()
        while cur and (cur[0][0] in COMMON or cur[0][0] in TITLES or cur[0][0].lower() in CONNECTORS):
            cur.pop(0)
        if cur:
            first_at_start = cur[0][1] == words[0][1] if words else False
            if len(cur) == 1 and first_at_start:
                pass  # a single capitalised word opening the sentence says nothing
            else:
                name = " ".join(w for w, _ in cur)
                name = re.sub(r"(['\u2019]s|['\u2019]|[.,;:-])$", "", name)
                if len(name) > 2:
                    out.append(name)
        cur.clear()

    prev_end = 0
    for w, at in words:
        gap = sentence[prev_end:at]
        if cur and re.search(r"[,;:()\"“”!?]|\.\s", gap):
            close()
        bare = w.rstrip(".")
        if bare in MONTHS or bare in WEEKDAYS:
            close()
        elif w[:1].isupper():
            cur.append((w, at))
        elif w in CONNECTORS and cur:
            cur.append((w, at))
        else:
            close()
        prev_end = at + len(w)
    close()
    return out


def unknown_names(db: Path, dicts: ActorDictionaries, *, limit: int = 50, min_count: int = 2) -> list[UnknownName]:
    """The most frequent capitalised names in the stored sentences that no dictionary entry resolves."""
    counts: Counter[str] = Counter()
    arts: dict[str, set[str]] = {}
    example: dict[str, tuple[str, str]] = {}
    known: dict[str, bool] = {}
    for aid, text in _sentences(db):
        for name in candidates(text or ""):
            k = known.get(name)
            if k is None:
                ms = find_mentions(name, dicts)
                covered = sum(m.end - m.start for m in ms if m.kind not in ("reference",))
                k = covered >= 0.5 * len(name)
                known[name] = k
            if k:
                continue
            counts[name] += 1
            arts.setdefault(name, set()).add(str(aid))
            example.setdefault(name, (str(aid), text.strip()))
    out = []
    for name, c in counts.most_common():
        if c < min_count:
            break
        aid, ex = example[name]
        out.append(UnknownName(name, c, len(arts[name]), ex[:300], aid))
        if len(out) >= limit:
            break
    return out
