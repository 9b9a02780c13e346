"""Quotes: direct quotations and reported speech, each with its speaker resolved to an actor.

    extract_quotes(article, sentences, actors) -> list[Quote]

What is found
-------------
* Direct quotations in straight and curly double quotes (``"`` ``“ ”`` ``„`` ``« »``) and, outside
  double quotes, in single quotes (``'`` ``‘ ’``; an apostrophe such as ``U.N.'s`` or ``Lee’s`` is
  never taken for a quote mark). A quote inside a quote stays part of the outer quote's text.
* A quotation that runs over several paragraphs (the journalistic convention: no closing mark at the
  end of a paragraph, an opening mark at the start of the next) gives one Quote per paragraph, all
  with the speaker found for any of them.
* Full quotes (the quotation is the whole clause: it opens a sentence or follows ``:``, ``,`` or a
  verb of saying) keep the punctuation inside the closing mark (``cooperation,``); partial quotes
  inside a sentence (``describing it as a “wise approach,”``) drop a trailing ``, . ; :``.
* A block introduced by ``X said:`` at the end of a paragraph, with no quote marks (KCNA prints
  messages and speeches this way), gives a direct quote of the next paragraph.
* Reported speech: ``X said (in a statement) that ...``, ``X said <clause>``, ``X told reporters
  (that) ...``, ``..., according to X``; the quote text is the reported clause (up to the end of the
  sentence or a ``, but`` / ``; `` / ``, while`` that starts another clause); ``direct`` is False.

Speakers
--------
The speaker is the subject of the verb of saying (``data/speech/verbs.txt``): the actor between a
closing mark and the verb (``“...,” his office said``), after an inverted verb (``said Kim``,
``according to his office``), or before the verb in the sentence (``Lee presented his plan centred
on “...”``; ``what he called a “...”``). For a participle (``describing``, ``adding``) the speaker is
the subject of the main clause. Pronouns (``he``, ``she``, ``his office``) that the actor stage did
not resolve are resolved to the nearest earlier person. A full quote with no verb of its own that
follows a quote of a known speaker in the same or the previous paragraph inherits that speaker.

Scare quotes (the rule)
-----------------------
A quotation with no speaker found is dropped when it is partial (it sits inside a sentence: a
title, a name, a scare-quoted word such as ``the "reform"``) or shorter than four words. A full
quotation of four words or more with no speaker is kept with ``speaker=None``. Reported speech
with no speaker actor is dropped (``according to reports`` names nobody).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DictionaryError
from .model import ActorRef, Article, Quote, Sentence

__all__ = [
    "extract_quotes",
    "SpeechVerbs",
    "load_speech_verbs",
    "subject_for_verb",
    "resolve_pronoun",
    "PARAGRAPH_BREAK",
]

VERB_CLASSES = ("report", "tell", "source", "name", "present")

# A paragraph break in the cleaned text: a blank line.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")

PREPOSITIONS = frozenset(
    "in on with before during of for to at by from into about after against among between "
    "under over via toward towards through without within upon across behind beyond".split()
)
PERSON_PRONOUNS = frozenset({"he", "she", "him"})
OFFICE_WORDS = r"office|spokesman|spokeswoman|spokesperson|aide|aides|ministry|government|administration|camp|team"
ORG_WORDS = frozenset(
    "korea korean koreas nations united states republic kingdom union ministry office council assembly "
    "party army navy force forces government agency committee commission organization organisation "
    "association news bank fund people peoples house court parliament congress secretariat command "
    "embassy mission delegation".split()
)
CLAUSE_BOUNDARIES = re.compile(r"(?:;|:|\bthat\b|\bwho\b|\bwhich\b|\bwhile\b|\bwhereas\b|\bbecause\b)", re.I)


# --- the speech verbs dictionary ------------------------------------------------------------------


@dataclass
class SpeechVerbs:
    """Verb forms of saying by class; ``pattern`` matches any of them as whole words."""

    forms: dict[str, str] = field(default_factory=dict)  # lowercased form -> class
    source: str = ""

    def __post_init__(self) -> None:
        alts = sorted(self.forms, key=len, reverse=True)
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in alts) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.I)
        # ``pattern`` tries every form at every character; ``matches`` only where a form's first word
        # starts a word (see VerbIndex). Only for forms of lower-case ASCII words, as the parser makes.
        firsts = {f.split(" ")[0] for f in self.forms}
        self._starts = None
        if all(re.fullmatch(r"[a-z']+(?: [a-z']+)*", f) for f in self.forms):
            trie = _trie(sorted(firsts)) if firsts else r"(?!x)x"
            self._starts = (re.compile(rf"[^\w'’-](?:{trie})"), re.compile(trie))
        self._cls: dict[str, str | None] = {}

    def cls(self, form: str) -> str | None:
        try:
            return self._cls[form]
        except KeyError:
            c = self._cls[form] = self.forms.get(re.sub(r"\s+", " ", form.lower()))
            return c

    def index(self, text: str) -> "VerbIndex":
        """The verbs of ``text``, found once for many windows."""
        return VerbIndex(self, text)


def _trie(words: list[str]) -> str:
    """A regular expression for any of ``words``, factored by prefix (one branch per letter)."""
    tree: dict[str, Any] = {}
    for w in words:
        d = tree
        for c in w:
            d = d.setdefault(c, {})
        d[""] = {}

    def emit(d: dict[str, Any]) -> str:
        alts = [re.escape(c) + emit(d[c]) for c in sorted(k for k in d if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in d else body

    return emit(tree)


class VerbIndex:
    """``verbs.pattern.finditer(text, lo, hi)`` for many windows of one text, without scanning each.

    A match can only begin where a word begins with the first word of a form. In an ASCII text those
    places are found once, in the lower-cased text, with a prefix-factored expression; a window then
    tries ``pattern.match`` at its candidates only, left to right and without overlap, as ``finditer``
    does (the look-behind sees before ``lo`` and the look-ahead stops at ``hi`` in both). Any other
    text falls back to ``finditer``.
    """

    __slots__ = ("pattern", "text", "starts")

    def __init__(self, verbs: SpeechVerbs, text: str) -> None:
        self.pattern = verbs.pattern
        self.text = text
        self.starts: list[int] | None = None
        if verbs._starts is not None and text.isascii():
            inner, first = verbs._starts
            low = text.lower()
            starts = [m.start() + 1 for m in inner.finditer(low)]
            if first.match(low):
                starts.insert(0, 0)
            self.starts = starts

    def finditer(self, lo: int, hi: int) -> list[re.Match[str]]:
        starts = self.starts
        if starts is None:
            return list(self.pattern.finditer(self.text, lo, hi))
        out: list[re.Match[str]] = []
        if not starts:
            return out
        i = bisect.bisect_left(starts, lo)
        n = len(starts)
        done = lo
        while i < n:
            p = starts[i]
            if p >= hi:
                break
            i += 1
            if p < done:
                continue
            m = self.pattern.match(self.text, p, hi)
            if m is not None:
                out.append(m)
                done = m.end()
        return out


def _parse_speech_verbs(text: str, source: str) -> SpeechVerbs:
    forms: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.rsplit(None, 1)
        where = f"{source}:{lineno}"
        if len(parts) != 2:
            raise DictionaryError(
                f"a speech verb line needs a form and a class, got {line!r}",
                hint=f"write e.g. 'said  report'; classes: {', '.join(VERB_CLASSES)}",
                source=where,
            )
        form, cls = parts[0].strip().lower(), parts[1].strip().lower()
        if cls not in VERB_CLASSES:
            raise DictionaryError(
                f"unknown speech verb class {cls!r}",
                hint=f"use one of {', '.join(VERB_CLASSES)}",
                source=where,
            )
        if not re.fullmatch(r"[a-z][a-z' ]*[a-z]", form):
            raise DictionaryError(f"a speech verb form must be words of letters, got {form!r}", source=where)
        forms[re.sub(r"\s+", " ", form)] = cls
    return SpeechVerbs(forms, source)


def load_speech_verbs(path: Path | None = None) -> SpeechVerbs:
    """The built-in speech verbs (``data/speech/verbs.txt``) or those of ``path``."""
    if path is not None:
        return _parse_speech_verbs(Path(path).read_text(encoding="utf-8"), str(path))
    return _builtin_verbs()


@lru_cache(maxsize=1)
def _builtin_verbs() -> SpeechVerbs:
    res = resources.files("peacewatch") / "data" / "speech" / "verbs.txt"
    return _parse_speech_verbs(res.read_text(encoding="utf-8"), "peacewatch/data/speech/verbs.txt")


# --- quote marks ----------------------------------------------------------------------------------

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
CLOSE_FOLLOW = set(".,;:!?)]}—–-…\"”'’")
OPEN_PRECEDE = set("([{—–-/:")


def _straight_role(text: str, i: int) -> str:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    can_open = (prev.isspace() or prev in OPEN_PRECEDE) and not nxt.isspace()
    can_close = (nxt.isspace() or nxt in CLOSE_FOLLOW) and not prev.isspace()
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


_DOUBLE_MARK = re.compile('[' + DOUBLE_OPEN + DOUBLE_CLOSE + '"]')
_SINGLE_MARK = re.compile("['‘’]")


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    marks = []
    for m in _DOUBLE_MARK.finditer(text, lo, hi):  # the mark characters only, not every character
        i = m.start()
        c = text[i]
        if c in DOUBLE_OPEN:
            marks.append((i, "open"))
        elif c in DOUBLE_CLOSE:
            marks.append((i, "close"))
        elif c == '"':
            marks.append((i, _straight_role(text, i)))
    return marks


def _single_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    marks = []
    for m in _SINGLE_MARK.finditer(text, lo, hi):
        i = m.start()
        c = text[i]
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if c == "‘" or (c == "'" and (prev.isspace() or prev in OPEN_PRECEDE) and nxt.isalnum()):
            marks.append((i, "open"))
        elif not prev.isspace() and (nxt.isspace() or nxt in CLOSE_FOLLOW) and not prev.isalnum() or (
            prev.isalnum() and (nxt.isspace() or nxt in CLOSE_FOLLOW)
        ):
            marks.append((i, "close"))
    return marks


@dataclass
class _Raw:
    open: int  # position of the opening mark (or of the first character for a block quote)
    close: int  # position of the closing mark (or the end of the paragraph)
    group: int  # segments of one multi-paragraph quotation share a group
    block: bool = False  # a block after "X said:" with no marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _pair_doubles(text: str, paras: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    group = 0
    carry = False  # an unclosed quotation that continues into this paragraph
    for pi, (lo, hi) in enumerate(paras):
        marks = _double_marks(text, lo, hi)
        open_at: int | None = None
        if carry and marks and marks[0][0] == lo + _lead_ws(text, lo, hi) and marks[0][1] != "close":
            open_at = marks[0][0]
            marks = marks[1:]
        else:
            carry = False
            group += 1
        for pos, role in marks:
            if role == "open" or (role == "either" and open_at is None):
                if open_at is None:
                    open_at = pos
                    if not carry:
                        group += 1
                    carry = False
                else:  # a second opening mark: the first was never closed; start again here
                    open_at = pos
                    group += 1
            else:  # close, or either while open
                if open_at is not None:
                    out.append(_Raw(open_at, pos, group))
                    open_at = None
                    carry = False
        carry = False
        if open_at is not None:
            # unclosed at the end of the paragraph: a multi-paragraph quotation if the next
            # paragraph opens with a mark of the same family
            if pi + 1 < len(paras):
                nlo, nhi = paras[pi + 1]
                first = nlo + _lead_ws(text, nlo, nhi)
                if first < nhi and (text[first] in DOUBLE_OPEN or text[first] == '"'):
                    end = hi
                    while end > open_at + 1 and text[end - 1].isspace():
                        end -= 1
                    out.append(_Raw(open_at, end, group))
                    carry = True
    return out


def _lead_ws(text: str, lo: int, hi: int) -> int:
    n = 0
    while lo + n < hi and text[lo + n].isspace():
        n += 1
    return n


def _pair_singles(text: str, paras: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[_Raw]:
    out = []
    for lo, hi in paras:
        marks = [(p, r) for p, r in _single_marks(text, lo, hi) if not _inside(p, taken)]
        open_at = None
        for pos, role in marks:
            if role == "open":
                open_at = pos
            elif open_at is not None and pos - open_at <= 400 and not _crosses(open_at, pos, taken):
                out.append(_Raw(open_at, pos, -pos))
                open_at = None
    return out


def _inside(p: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= p <= b for a, b in spans)


def _crosses(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < s < b or a < e < b for s, e in spans)


# --- context helpers ------------------------------------------------------------------------------


class _Ctx:
    def __init__(self, article: Article, sentences: list[Sentence], actors: list[ActorRef]):
        self.text = article.text
        self.article = article
        self.sentences = sorted(sentences, key=lambda s: s.start)
        self.starts = [s.start for s in self.sentences]
        self.actors = sorted(actors, key=lambda a: (a.start, -a.end))
        self.astarts = [a.start for a in self.actors]
        self.paras = _paragraphs(self.text)
        self.pstarts = [p[0] for p in self.paras]
        self.verbs = _builtin_verbs()
        self._verb_index: VerbIndex | None = None
        self.quote_spans: list[tuple[int, int]] = []
        self.reported_spans: list[tuple[int, int]] = []
        self.chain: list[tuple[int, ActorRef, bool]] = []
        self._docs: list[Any] | None = None

    @property
    def verb_index(self) -> VerbIndex:
        if self._verb_index is None:
            self._verb_index = self.verbs.index(self.text)
        return self._verb_index

    @property
    def docs(self) -> list[Any]:
        if self._docs is None:
            self._docs = []  # guards the recursion while documents are found
            self._docs = _find_docs(self)
        return self._docs

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i].start <= pos < max(
            self.sentences[i].end, self.sentences[i].start + 1
        ):
            return self.sentences[i]
        if 0 <= i < len(self.sentences) and pos <= self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_span(self, pos: int) -> tuple[int, int]:
        s = self.sentence_at(pos)
        if s is not None:
            return s.start, s.end
        return self.para_span(pos)

    def para_span(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.pstarts, pos) - 1
        if 0 <= i < len(self.paras):
            return self.paras[i]
        return 0, len(self.text)

    def para_index(self, pos: int) -> int:
        return bisect.bisect_right(self.pstarts, pos) - 1

    def actors_in(self, lo: int, hi: int) -> list[ActorRef]:
        i = bisect.bisect_left(self.astarts, lo)
        out = []
        while i < len(self.actors) and self.actors[i].start < hi:
            if self.actors[i].end <= hi:
                out.append(self.actors[i])
            i += 1
        return out

    def in_quote(self, pos: int) -> bool:
        return any(a < pos < b for a, b in self.quote_spans)


def _is_person(a: ActorRef) -> bool:
    res = (a.resolution or "").lower()
    if any(k in res for k in ("person", "surname", "pronoun")):
        return True
    if a.members:
        return False
    words = re.findall(r"[A-Za-z]+", a.text)
    if not words or any(w.lower() in ORG_WORDS for w in words):
        return False
    name = a.name or ""
    return len(name.split()) >= 2 and all(w[0].isupper() for w in name.split() if w[0].isalpha())


def resolve_pronoun(ctx_actors: list[ActorRef], pos: int, word: str) -> ActorRef | None:
    """The actor a pronoun at ``pos`` refers to: the nearest earlier person for he/she/his/her,
    the nearest earlier non-person for it/its, nothing for they/we/I."""
    word = word.lower()
    want_person = word in ("he", "she", "him", "his", "her")
    want_thing = word in ("it", "its")
    if not (want_person or want_thing):
        return None
    best = None
    for a in ctx_actors:
        if a.end > pos:
            break
        if a.text.lower() in ("he", "she", "it", "his", "her", "its"):
            continue
        if want_person and _is_person(a):
            best = a
        elif want_thing and not _is_person(a) and not a.members:
            best = a
    return best


def _pronoun_ref(ctx: _Ctx, m: re.Match[str], base: int) -> ActorRef | None:
    word = m.group("pro")
    start, end = base + m.start(), base + m.end()
    ante = _chain_pronoun(ctx, start, {"his": "he", "her": "she", "its": "it"}.get(word.lower(), word))
    if ante is None:
        return None
    return ActorRef(
        code=ante.code,
        country=ante.country,
        sector=ante.sector,
        name=ante.name,
        text=ctx.text[start:end],
        start=start,
        end=end,
        resolution=f"quotes: pronoun {ctx.text[start:end]!r} -> {ante.name or ante.text}",
    )


PRONOUN_RE = re.compile(
    rf"(?<![\w-])(?P<pro>he|she|it|his|her|its)(?:\s+(?:{OFFICE_WORDS}))?(?![\w-])",
    re.I,
)


def _strip_quoted(ctx: _Ctx, lo: int, hi: int) -> list[tuple[int, int]]:
    """Pieces of [lo, hi) outside the known quotation spans."""
    pieces, pos = [], lo
    for a, b in sorted(ctx.quote_spans):
        if b <= pos or a >= hi:
            continue
        if a > pos:
            pieces.append((pos, a))
        pos = max(pos, b + 1)
    if pos < hi:
        pieces.append((pos, hi))
    return pieces


def _preceded_by_preposition(text: str, start: int, lo: int) -> bool:
    before = text[lo:start]
    m = re.search(r"([A-Za-z]+)\W*$", before)
    if not m:
        return False
    word = m.group(1).lower()
    if word in PREPOSITIONS:
        return True
    # "... of the X" / "... with the X": a determiner between
    m2 = re.search(r"([A-Za-z]+)\s+(?:the|a|an|his|her|its|their)\s*$", before, re.I)
    return bool(m2 and m2.group(1).lower() in PREPOSITIONS)


def _first_subject(ctx: _Ctx, lo: int, hi: int) -> ActorRef | None:
    """First actor in [lo, hi) that is not the object of a preposition nor inside a quotation."""
    for a in ctx.actors_in(lo, hi):
        if ctx.in_quote(a.start):
            continue
        if _preceded_by_preposition(ctx.text, a.start, lo):
            continue
        if a.text.lower() in ("he", "she", "it", "his", "her", "its"):
            return a
        return a
    return None


def _pronoun_in(ctx: _Ctx, lo: int, hi: int, *, adjacent_to: int | None = None) -> ActorRef | None:
    seg = ctx.text[lo:hi]
    ms = list(PRONOUN_RE.finditer(seg))
    if adjacent_to is not None:
        ms = [m for m in ms if re.fullmatch(r"[\s,]*(?:\w+ly\s+)?(?:also\s+|then\s+|later\s+)?", seg[m.end() :])]
        if not ms:
            return None
    for m in ms:
        if m.group("pro").lower() in ("his", "her", "its") and len(m.group(0).split()) == 1:
            continue  # a bare possessive is not a subject
        return _pronoun_ref(ctx, m, lo)
    return None


# --- documents and the speaker chain ------------------------------------------------------------
# Wire copy (KCNA above all) attributes speech to a document whose author was named earlier:
# "Rodong Sinmun says this in a bylined article. ... , the article notes." / "X issued a statement.
# ... , the statement said". Documents are registered with their issuer as the story names them,
# and a document noun phrase as the subject of a verb of saying resolves to the latest one.

DOC_NOUNS = {
    "article": "article", "articles": "article", "commentary": "article", "editorial": "article",
    "essay": "article", "analysis": "article", "column": "article", "paper": "paper", "newspaper": "paper",
    "daily": "paper", "magazine": "paper", "journal": "paper", "weekly": "paper", "monthly": "paper",
    "statement": "statement", "communique": "statement", "communiqué": "statement", "declaration": "statement",
    "memorandum": "statement", "notice": "statement", "announcement": "statement", "release": "statement",
    "resolution": "statement", "appeal": "statement", "manifesto": "statement", "indictment": "statement",
    "report": "statement", "answer": "statement", "bulletin": "statement", "white paper": "statement",
    "message": "message", "letter": "message", "telegram": "message", "cable": "message", "petition": "message",
    "speech": "speech", "interview": "speech", "lecture": "speech", "address": "speech",
}
_DOC_ALT = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in DOC_NOUNS), key=len, reverse=True))
DOC_RE = re.compile(rf"(?<![\w-])(?P<noun>{_DOC_ALT})(?![\w-])", re.I)
# a document noun phrase as a subject: "the article", "the joint statement", "the author of the article",
# "the paper", "the message" (a few modifiers allowed, no proper name)
DOC_SUBJECT_RE = re.compile(
    rf"^(?:the|this|that|its|his|her|their)\s+(?:(?:author|authors|writer|writers)\s+of\s+the\s+)?"
    rf"(?:[a-z][\w-]*\s+){{0,3}}?(?P<noun>{_DOC_ALT})$",
    re.I,
)
MEDIA_NOUNS = frozenset({"paper", "newspaper", "daily", "magazine", "journal", "weekly", "monthly", "agency"})
ISSUE_VERBS = re.compile(
    r"(?<![\w-])(?:issued|issues|issue|released|releases|published|publishes|carried|carries|ran|runs|"
    r"made\s+public|makes\s+public|sent|sends|delivered|delivers|adopted|adopts|posted|posts|read\s+out|"
    r"dispatched|wrote|writes|printed|prints|aired|broadcast|says\s+(?:this|so)\s+in|said\s+(?:this|so)\s+in|"
    r"says\s+in|said\s+in|noted\s+in|notes\s+in|stressed\s+in|stresses\s+in|observed\s+in|claimed\s+in|"
    r"in\s+(?:its|his|her|their|a|an))(?![\w-])",
    re.I,
)
PRONOUN_WORDS = frozenset({"he", "she", "it", "him", "they"})
PERSON_NOUNS = frozenset(
    "chairman chairwoman chairperson president secretary minister director head leader member chief official "
    "spokesman spokeswoman spokesperson ambassador professor researcher premier envoy delegate representative "
    "author reporter correspondent writer editor commentator analyst scholar lecturer expert man woman "
    "politician lawmaker general commander officer governor mayor worker student teacher resident citizen".split()
)


@dataclass
class _Doc:
    pos: int  # where the document is first named
    kind: str  # article | paper | statement | message | speech
    issuer: ActorRef
    text: str


def _issuer_ref(ctx: "_Ctx", issuer: ActorRef, start: int, end: int, how: str) -> ActorRef:
    return ActorRef(
        code=issuer.code,
        country=issuer.country,
        sector=issuer.sector,
        name=issuer.name,
        text=ctx.text[start:end],
        start=start,
        end=end,
        resolution=f"quotes: {how} -> {issuer.name or issuer.text}",
        members=list(issuer.members),
    )


def _find_docs(ctx: "_Ctx") -> list[_Doc]:
    """Documents the story names with their issuer, in text order."""
    text = ctx.text
    docs: list[_Doc] = []
    for s in ctx.sentences:
        for m in DOC_RE.finditer(text, s.start, s.end):
            if ctx.in_quote(m.start()):
                continue
            kind = DOC_NOUNS[re.sub(r"\s+", " ", m.group("noun").lower())]
            issuer = None
            # 1. "a statement of/from/by X", "the message sent by X"
            after = text[m.end() : min(s.end, m.end() + 90)]
            ma = re.match(r"\s+(?:(?:issued|released|sent|signed|made\s+public|published|written)\s+)?(?:of|from|by)\s+", after)
            if ma:
                lo = m.end() + ma.end()
                cands = [a for a in ctx.actors_in(lo, min(s.end, lo + 70)) if not ctx.in_quote(a.start)]
                if cands and len(text[lo : cands[0].start].split()) <= 5 and not re.search(r"[,;.]", text[lo : cands[0].start]):
                    issuer = cands[0]
            # 2. "KCNA commentary", "Rodong Sinmun's article", "the Foreign Ministry spokesman's statement"
            if issuer is None:
                before = [a for a in ctx.actors_in(max(s.start, m.start() - 60), m.start()) if not ctx.in_quote(a.start)]
                if before:
                    gap = text[before[-1].end : m.start()]
                    if re.fullmatch(r"(?:['’]s)?\s+(?:[A-Za-z-]+\s+){0,2}", gap) and not re.search(
                        r"\b(?:to|on|of|for|with|and|at|in|by)\s", gap
                    ):
                        issuer = before[-1]
            # 3. the object of an issuing verb or "in its statement": the sentence's subject
            if issuer is None:
                head = text[s.start : m.start()]
                vm = [v for v in ISSUE_VERBS.finditer(head)]
                if vm and len(text[s.start + vm[-1].end() : m.start()].split()) <= 4:
                    v = vm[-1]
                    subj = _first_subject(ctx, s.start, s.start + v.start())
                    if subj is not None and subj.text.lower() in PRONOUN_WORDS:
                        subj = _chain_pronoun(ctx, subj.start, subj.text, docs)
                    issuer = subj
            if issuer is None and s.end <= ctx.article.body_start:
                acts = ctx.actors_in(s.start, s.end)  # a headline such as "KCNA Commentary on ..."
                if acts and acts[0].start < m.start():
                    issuer = acts[0]
            if issuer is not None:
                docs.append(_Doc(m.start(), kind, issuer, m.group(0)))
    return docs


def _chain_pronoun(ctx: "_Ctx", pos: int, word: str, docs: list[_Doc] | None = None) -> ActorRef | None:
    """The speaker a subject pronoun of a verb of saying refers to: "it" the latest document or
    non-person speaker, "he"/"she" the latest person who spoke; else the nearest earlier actor of the
    right kind that is not inside quoted or reported content."""
    word = word.lower()
    docs = ctx.docs if docs is None else docs
    want_person = word in ("he", "she", "him")
    best: tuple[int, ActorRef] | None = None
    if word == "it":
        for d in docs:
            if d.pos < pos and (best is None or d.pos > best[0]):
                best = (d.pos, d.issuer)
    for p, ref, person in ctx.chain:
        if p < pos and person == want_person and (best is None or p > best[0]):
            best = (p, ref)
    if best is not None:
        return best[1]
    if word not in ("he", "she", "him", "it"):
        return None
    # the nearest earlier actor of the right kind outside quotations and reported clauses; a
    # sentence whose subject is a person the dictionaries do not know ("The chairman of the
    # institute praised ...") stops the search (he is that chairman, not someone he spoke of)
    for s in reversed([x for x in ctx.sentences if x.start < pos]):
        hi = min(s.end, pos)
        subj = re.match(r"\s*(?:[A-Z][\w ,.-]{0,40}?,\s+)?(?:the|a|an)\s+((?:[\w-]+\s+){0,3}?)([a-z]+)\b", ctx.text[s.start : hi], re.I)
        if want_person and subj and subj.group(2).lower() in PERSON_NOUNS and not ctx.actors_in(s.start, s.start + subj.end()):
            return None
        for a in reversed(ctx.actors_in(s.start, hi)):
            if ctx.in_quote(a.start) or _inside(a.start, ctx.reported_spans) or a.text.lower() in PRONOUN_WORDS:
                continue
            if want_person and _is_person(a):
                return a
            if not want_person and not _is_person(a) and not a.members:
                return a
        if pos - s.start > 1500:
            break
    return None


def _build_chain(ctx: "_Ctx") -> None:
    """Speakers of the story's verbs of saying, in text order (for pronouns of later ones)."""
    ctx.chain = []
    for s in ctx.sentences:
        if s.end <= ctx.article.body_start:
            continue
        for lo, hi in _strip_quoted(ctx, s.start, s.end):
            for m in ctx.verb_index.finditer(lo, hi):
                if ctx.verbs.cls(m.group(0)) not in ("report", "tell") or m.group(0).lower().endswith("ing"):
                    continue
                sp = subject_for_verb(ctx, m.start())
                if sp is not None:
                    ctx.chain.append((m.start(), sp, _speaker_is_person(ctx, sp)))


def _speaker_is_person(ctx: "_Ctx", a: ActorRef) -> bool:
    t = a.text.lower()
    if t in ("it", "its"):
        return False
    if t in ("he", "she", "him"):
        return True
    if DOC_SUBJECT_RE.match(t) or (a.resolution or "").startswith("quotes: document"):
        return False
    return _is_person(a)


def _doc_subject(ctx: "_Ctx", lo: int, hi: int) -> ActorRef | None:
    """A document noun phrase ("the article", "the statement") at [lo, hi) resolved to its issuer."""
    chunk = ctx.text[lo:hi].strip()
    m = DOC_SUBJECT_RE.match(chunk)
    if not m:
        return None
    start = lo + (len(ctx.text[lo:hi]) - len(ctx.text[lo:hi].lstrip()))
    end = start + len(chunk)
    kind = DOC_NOUNS[re.sub(r"\s+", " ", m.group("noun").lower())]
    docs = [d for d in ctx.docs if d.pos < start]
    same = [d for d in docs if d.kind == kind or {d.kind, kind} <= {"article", "paper"}]
    d = (same or docs or [None])[-1]
    if d is not None:
        return _issuer_ref(ctx, d.issuer, start, end, f"document {chunk!r} of")
    if kind in ("paper", "article"):
        media = [a for a in ctx.actors if a.end <= start and (a.sector or "").startswith("MED")]
        if media:
            return _issuer_ref(ctx, media[-1], start, end, f"document {chunk!r} of the last news medium")
    return None


def _fix_pronoun(ctx: "_Ctx", a: ActorRef | None) -> ActorRef | None:
    """A pronoun subject resolved by the actor stage (to the nearest actor, often one inside the
    quoted content) is resolved again to the story's speaker."""
    if a is None or a.text.lower() not in PRONOUN_WORDS:
        return a
    ante = _chain_pronoun(ctx, a.start, a.text)
    if ante is None:
        return None
    return _issuer_ref(ctx, ante, a.start, a.end, f"pronoun {a.text!r}")


def subject_for_verb(
    ctx_or_article: Any,
    verb_start: int,
    participle: bool = False,
    *,
    sentences: list[Sentence] | None = None,
    actors: list[ActorRef] | None = None,
) -> ActorRef | None:
    """The actor that is the subject of the verb at ``verb_start``.

    Finite verb: an actor or pronoun right before the verb; else the first actor (not the object of a
    preposition) after the last clause boundary; else the subject of the main clause. Participle:
    the subject of the main clause. Accepts a prepared context or an Article with its sentences and
    actors (the form the stances module uses).
    """
    ctx = ctx_or_article if isinstance(ctx_or_article, _Ctx) else _Ctx(ctx_or_article, sentences or [], actors or [])
    a = _subject_for_verb(ctx, verb_start, participle)
    # "He said in the message that ...": the message's author
    after = re.match(rf"\s*[\w-]*\s+in\s+(?:the|this|that|his|her|its|their)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?P<noun>{_DOC_ALT})\b", ctx.text[verb_start : verb_start + 80], re.I)
    if after and (a is None or a.text.lower() in PRONOUN_WORDS or (a.resolution or "").startswith("quotes: pronoun")):
        kind = DOC_NOUNS[re.sub(r"\s+", " ", after.group("noun").lower())]
        docs = [d for d in ctx.docs if d.pos < verb_start and d.kind == kind]
        if docs:
            at = a or ActorRef("", None, None, None, after.group(0).strip(), verb_start, verb_start + after.end())
            return _issuer_ref(ctx, docs[-1].issuer, at.start, at.end, f"speaker in the {kind} of")
    return a


def _subject_for_verb(ctx: _Ctx, verb_start: int, participle: bool) -> ActorRef | None:
    s_lo, _ = ctx.sentence_span(verb_start)
    text = ctx.text
    if participle:
        # "..., it noted, saying:" / "the reporter said, adding:": the subject of the finite verb
        fin = [m for m in _verb_matches(ctx, s_lo, verb_start, ("report", "tell")) if not m.group(0).lower().endswith("ing")]
        if fin:
            f = fin[-1]
            between = text[f.end() : verb_start]
            if re.fullmatch(r"\s+[^,;:]{1,80},\s*(?:and\s+)?", between) and not re.match(r"\s+(?:that|in|on|at|to)\b", between):
                inv = _subject_after(ctx, f.end(), f.end() + between.rfind(","))  # "says the article, adding:"
                if inv is not None:
                    return inv
            return _subject_for_verb(ctx, f.start(), False)
    if not participle:
        # an actor ending right before the verb ("Lee admitted", "his office said", "he called")
        near = [a for a in ctx.actors_in(s_lo, verb_start) if not ctx.in_quote(a.start)]
        if near:
            last = near[-1]
            gap = text[last.end : verb_start]
            if re.fullmatch(r"[\s,]*(?:(?:has|have|had|also|then|later|again|once|reportedly|\w+ly)\s+)*", gap):
                return _fix_pronoun(ctx, last)
        p = _pronoun_in(ctx, s_lo, verb_start, adjacent_to=verb_start)
        if p is not None:
            return p
        region = text[s_lo:verb_start]
        bounds = [m.end() for m in CLAUSE_BOUNDARIES.finditer(region) if not ctx.in_quote(s_lo + m.start())]
        bounds += [m.end() for m in re.finditer(r"[,(\n]", region) if not ctx.in_quote(s_lo + m.start())]
        b = s_lo + (max(bounds) if bounds else 0)
        a = _first_subject(ctx, b, verb_start)
        if a is not None:
            return _fix_pronoun(ctx, a)
        chunk = text[b:verb_start].strip()
        if re.match(r"(?:the|a|an|this|that|these|those|its|his|her|their)\s+\w|[A-Z]\w+\s+\w", chunk, re.I) and not re.match(
            r"(?:but|and|or|also|then|however|later)\b", chunk, re.I
        ):
            # a document ("the joint statement said") speaks for its issuer; another noun phrase
            # that names no actor gives no speaker
            return _doc_subject(ctx, b, verb_start)
    a = _first_subject(ctx, s_lo, verb_start)
    if a is not None:
        return _fix_pronoun(ctx, a)
    # a pronoun subject of the main clause
    return _pronoun_in(ctx, s_lo, verb_start)


def _subject_after(ctx: _Ctx, lo: int, hi: int) -> ActorRef | None:
    """The speaker after an inverted verb ("said Kim", "according to his office")."""
    seg = ctx.text[lo:hi]
    m = re.match(r"\s*", seg)
    first = lo + (m.end() if m else 0)
    cands = [a for a in ctx.actors_in(lo, hi)]
    if cands:
        # the actor must begin the noun phrase (up to a few words of title before it)
        a = cands[0]
        if len(ctx.text[first : a.start].split()) <= 6 and not re.search(r"[,;.]", ctx.text[first : a.start]):
            return a
    pm = PRONOUN_RE.match(seg, m.end() if m else 0)
    if pm:
        return _pronoun_ref(ctx, pm, lo)
    # "..., says the article, adding:": the document's issuer
    np = re.match(r"\s*((?:the|this|that|its|his|her|their)\s+[^,;.:]{0,60}?)(?=\s*(?:[,;.:]|$|\s+(?:on|in|at|of)\s))", seg, re.I)
    if np:
        return _doc_subject(ctx, lo + np.start(1), lo + np.end(1))
    return None


# --- the extraction -------------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    direct: bool
    verb: str | None
    speaker: ActorRef | None
    full: bool = True
    group: int = 0


def _clean_span(text: str, lo: int, hi: int, partial: bool) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if partial:
        while hi > lo and text[hi - 1] in ",.;:":
            hi -= 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
    return lo, hi


def _is_full(ctx: _Ctx, raw: _Raw, inner_lo: int, inner_hi: int) -> bool:
    s_lo, _ = ctx.sentence_span(raw.open)
    p_lo, _ = ctx.para_span(raw.open)
    lo = max(s_lo, p_lo)
    before = ctx.text[lo : raw.open].rstrip()
    if not before or before[-1] in ":,—–-(" or re.fullmatch(r"\W*", before):
        return True
    last = re.search(r"([A-Za-z]+(?:\s+[A-Za-z]+)?)$", before)
    if last:
        lw = last.group(1).lower()
        if ctx.verbs.cls(lw.split()[-1]) in ("report", "tell") or ctx.verbs.cls(lw) in ("report", "tell"):
            inner = ctx.text[inner_lo:inner_hi]
            return bool(inner[:1].isupper())
    return False


TITLE_BEFORE = re.compile(
    r"(?:titled|entitled|headlined|captioned|under\s+the\s+(?:title|heading|slogan|theme|caption)|"
    r"(?:the|a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:slogan|title|theme|motto|song|film|book|novel|opera|play|drama|poem|"
    r"exhibition|festival|campaign|movement|operation|prize|medal|award|program(?:me)?|"
    r"column|magazine|newspaper|documentary|monument|treaty|agreement|article|work|works|essay))\s*$",
    re.I,
)


def _is_title(ctx: _Ctx, raw: _Raw) -> bool:
    """A quotation that names a work, a law, a slogan: ``an article titled "..."``."""
    s_lo, _ = ctx.sentence_span(raw.open)
    before = ctx.text[max(s_lo, raw.open - 80) : raw.open]
    if re.search(r"(?:titled|entitled|headlined|captioned)\s*$", before, re.I):
        return True
    m = TITLE_BEFORE.search(before)
    if not m:
        return False
    # "the slogan 'By our nation itself'", "the Status of Forces Agreement": a name in title case
    words = re.findall(r"[A-Za-z][\w'’-]*", ctx.text[raw.open + 1 : raw.close])
    content = [w for w in words if w.lower() not in ("of", "the", "a", "an", "and", "for", "in", "on", "to", "with", "by")]
    return bool(content) and sum(w[0].isupper() for w in content) >= max(1, len(content) - 1)


def _continues_as_name(ctx: _Ctx, raw: _Raw) -> bool:
    """A sentence-opening quotation with no closing punctuation whose sentence goes on with a
    lower-case word that is no attribution (``"Grand National Party" members protested``)."""
    inner = ctx.text[raw.open + 1 : raw.close].rstrip()
    if not inner or inner[-1] in ".,!?;:…—–-" or len(inner.split()) > 12:
        return False
    after = ctx.text[raw.close + 1 : raw.close + 60]
    if not re.match(r"\s+[a-z(]|\s+[A-Z][\w-]*\s+[a-z]", after):
        return False
    head = re.match(r"\s+((?:[\w'’.-]+\s+){0,6})", after)
    words = (head.group(1) if head else "").lower().split()
    return not any(ctx.verbs.cls(w) in ("report", "tell", "source") for w in words)


def _reported_regions(ctx: _Ctx) -> list[tuple[int, int]]:
    """Rough spans of reported content: after "said that"/"said:" and before ", X said." (actors
    there are what was said about, not who spoke)."""
    out = []
    text = ctx.text
    for s in ctx.sentences:
        for lo, hi in _strip_quoted(ctx, s.start, s.end):
            for m in ctx.verb_index.finditer(lo, hi):
                if ctx.verbs.cls(m.group(0)) not in ("report", "tell"):
                    continue
                rest = text[m.end() : s.end]
                if re.match(r"\s+(?:\S+\s+){0,6}?that\s|\s*:", rest):
                    out.append((m.end(), s.end))
                pre = text[s.start : m.start()]
                c = pre.rfind(",")
                if c > 0 and len(pre[c + 1 :].split()) <= 6:
                    out.append((s.start, s.start + c))
    return out


def _verb_matches(ctx: _Ctx, lo: int, hi: int, classes: tuple[str, ...]) -> list[re.Match[str]]:
    out = []
    for piece_lo, piece_hi in _strip_quoted(ctx, lo, hi):
        for m in ctx.verb_index.finditer(piece_lo, piece_hi):
            if ctx.verbs.cls(m.group(0)) in classes:
                out.append(m)
    return out


def _attribute_after(ctx: _Ctx, close: int, max_words: int = 14) -> tuple[str, ActorRef | None] | None:
    text = ctx.text
    _, p_hi = ctx.para_span(close)
    hi = min(p_hi, close + 240)
    stop = re.search(r"[.!?](?=\s|$)|[\"“”‘]", text[close + 1 : hi])
    if stop:
        hi = close + 1 + stop.start()
    after = text[close + 1 : hi]
    if not re.match(r"\s*[,;—–-]?\s*[A-Za-z]", after):
        return None
    for m in ctx.verb_index.finditer(close + 1, hi):
        cls = ctx.verbs.cls(m.group(0))
        if cls not in ("report", "tell", "source"):
            continue
        pre = text[close + 1 : m.start()]
        if re.fullmatch(r"[\s,;—–-]*", pre):  # inverted: "said Kim", "according to his office"
            return m.group(0), _subject_after(ctx, m.end(), hi)
        if len(pre.split()) > max_words:
            return None
        region_lo = close + 1
        a = [x for x in ctx.actors_in(region_lo, m.start())]
        if a:
            return m.group(0), _fix_pronoun(ctx, a[0])
        p = _pronoun_in(ctx, region_lo, m.start())
        if p is None:
            p = _doc_subject(ctx, region_lo + len(pre) - len(pre.lstrip(" ,;—–-")), m.start())
        return m.group(0), p
    return None


def _attribute_before(ctx: _Ctx, open_pos: int, full: bool) -> tuple[str, ActorRef | None] | None:
    s_lo, _ = ctx.sentence_span(open_pos)
    p_lo, _ = ctx.para_span(open_pos)
    lo = max(s_lo, p_lo)
    classes = ("report", "tell", "source") if full else ("report", "tell", "source", "name", "present")
    ms = _verb_matches(ctx, lo, open_pos, classes)
    if not ms:
        return None
    m = ms[-1]
    cls = ctx.verbs.cls(m.group(0))
    if not full and cls in ("report", "tell", "source") and len(ctx.text[m.end() : open_pos].split()) > 6:
        return None  # a scare quote far from the verb of saying ("... claimed expressed their wish to 'defect'")
    if cls == "source":
        return m.group(0), _subject_after(ctx, m.end(), open_pos)
    participle = m.group(0).lower().endswith("ing")
    return m.group(0), subject_for_verb(ctx, m.start(), participle)


def _attribute_colon_lead(ctx: _Ctx, open_pos: int) -> tuple[str, ActorRef | None] | None:
    """``X said:`` ending the previous paragraph or sentence."""
    text = ctx.text
    j = open_pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or text[j] != ":":
        return None
    s_lo, _ = ctx.sentence_span(j)
    p_lo, _ = ctx.para_span(j)
    lo = max(s_lo, p_lo)
    ms = _verb_matches(ctx, lo, j, ("report", "tell"))
    if not ms:
        return None
    m = ms[-1]
    return m.group(0), subject_for_verb(ctx, m.start(), m.group(0).lower().endswith("ing"))


def _block_quotes(ctx: _Ctx) -> list[_Raw]:
    """Paragraphs introduced by "X said:" at the end of the previous paragraph, with no marks."""
    out = []
    for i, (lo, hi) in enumerate(ctx.paras[:-1]):
        seg = ctx.text[lo:hi].rstrip()
        if not seg.endswith(":"):
            continue
        tail = seg[-80:]
        if not any(ctx.verbs.cls(m.group(0)) in ("report", "tell") for m in ctx.verbs.pattern.finditer(tail)):
            continue
        nlo, nhi = ctx.paras[i + 1]
        first = nlo + _lead_ws(ctx.text, nlo, nhi)
        if first < nhi and ctx.text[first] not in "\"“„«'‘":
            out.append(_Raw(first - 1, nhi, -first, block=True))
    return out


def _reported(ctx: _Ctx, direct_spans: list[tuple[int, int]]) -> list[_Found]:
    out: list[_Found] = []
    text = ctx.text
    for s in ctx.sentences:
        if s.end <= ctx.article.body_start:
            continue  # headlines have no reported speech worth a record
        for m in ctx.verb_index.finditer(s.start, s.end):
            v = m.group(0)
            cls = ctx.verbs.cls(v)
            if cls not in ("report", "tell", "source") or _inside(m.start(), direct_spans):
                continue
            if cls == "source":
                f = _according_to(ctx, s, m)
                if f:
                    out.append(f)
                continue
            rest = text[m.end() : s.end]
            # "said (in a statement on Tuesday) that ...", "told reporters (that) ..."
            if cls == "tell":
                mm = re.match(r"\s+((?:\S+\s+){0,6}?)that\s+", rest) or re.match(
                    r"\s+(?:reporters|journalists|the press|the media|a news conference)[\s,]+(?=[A-Za-z])", rest
                )
            else:
                mm = re.match(r"\s+(?:(?:in|on|at|during|after|before|to|by|via|with)\b[^,;.:\"“”]{0,60}?\s+)?that\s+", rest)
                if mm is None and v.lower() in ("said", "says", "say", "added", "adds", "stated", "warned", "noted"):
                    mm = re.match(
                        r"\s+(?=(?:the|a|an|it|he|she|they|we|its|his|her|their|this|these|those|there|[A-Z][a-z]+)\s+\w)",
                        rest,
                    )
                    if mm and re.match(r"\s+[A-Z][a-z]+[\s,]", rest) and ctx.actors_in(m.end(), m.end() + 40):
                        # "said Kim ..." is an inverted attribution, not reported speech
                        a0 = ctx.actors_in(m.end(), m.end() + 40)[0]
                        if text[m.end() : a0.start].strip() == "":
                            mm = None
            if mm is None:
                continue
            if re.match(r"(?:this|so|these|the\s+following)\b(?!\s+(?:is|was|are|were|will|would|has|had)\b)", rest[mm.end() :], re.I):
                continue  # "Rodong Sinmun says this in a bylined article": no reported clause
            c_lo = m.end() + mm.end()
            c_hi = _clause_end(text, c_lo, s.end)
            c_hi = _attribution_tail(ctx, c_lo, c_hi)
            c_lo, c_hi = _clean_span(text, c_lo, c_hi, partial=True)
            if c_hi - c_lo < 8 or len(text[c_lo:c_hi].split()) < 3:
                continue
            participle = v.lower().endswith("ing")
            speaker = subject_for_verb(ctx, m.start(), participle)
            if speaker is None:
                continue
            out.append(_Found(c_lo, c_hi, False, v, speaker))
    return out


def _attribution_tail(ctx: _Ctx, lo: int, hi: int) -> int:
    """The end of a reported clause before a trailing attribution (``..., it charged``)."""
    for m in re.finditer(r",\s+((?:[\w'’.-]+\s+){0,6}?)([A-Za-z]+(?:\s+(?:out|on))?)\s*(?=[,.;:!?]|$)", ctx.text[lo:hi]):
        if ctx.verbs.cls(m.group(2)) in ("report", "tell") and len(m.group(1).split()) <= 6:
            end = lo + m.start()
            while end > lo and ctx.text[end - 1] in " .!?\n\t":
                end -= 1
            return end
    return hi


def _clause_end(text: str, lo: int, hi: int) -> int:
    seg = text[lo:hi]
    m = re.search(r",\s+(?:but|while|whereas|adding|and\s+(?:added|said|stressed|noted|urged|called))\b|;|[\"“”]", seg)
    end = lo + (m.start() if m else len(seg))
    while end > lo and text[end - 1] in " .!?\n\t":
        end -= 1
    return end


def _according_to(ctx: _Ctx, s: Sentence, m: re.Match[str]) -> _Found | None:
    text = ctx.text
    # the speaker: the noun phrase after "according to", up to a comma or the sentence end
    np_hi = m.end()
    mm = re.match(r"[^,.;]*", text[m.end() : s.end])
    np_hi = m.end() + (mm.end() if mm else 0)
    speaker = _subject_after(ctx, m.end(), np_hi)
    if speaker is None:
        return None
    before = text[s.start : m.start()].rstrip(" ,")
    if len(before.split()) >= 4:  # "clause, according to X."
        lo, hi = s.start, s.start + len(before)
    else:  # "According to X, clause."
        lo, hi = np_hi, s.end
        while lo < hi and text[lo] in " ,":
            lo += 1
    lo, hi = _clean_span(text, lo, hi, partial=True)
    if hi - lo < 8 or _inside(lo, ctx.quote_spans):
        return None
    return _Found(lo, hi, False, m.group(0), speaker)


def extract_quotes(article: Article, sentences: list[Sentence], actors: list[ActorRef]) -> list[Quote]:
    """Direct quotations and reported speech of ``article``, in text order, with speakers."""
    text = article.text or ""
    if not text.strip():
        return []
    ctx = _Ctx(article, sentences, actors)
    raws = _pair_doubles(text, ctx.paras)
    ctx.quote_spans = [(r.open, r.close) for r in raws]
    raws += _pair_singles(text, ctx.paras, list(ctx.quote_spans))
    ctx.quote_spans = [(r.open, r.close) for r in raws]
    raws += [b for b in _block_quotes(ctx) if not _inside(b.open + 1, ctx.quote_spans)]
    raws.sort(key=lambda r: r.open)
    ctx.quote_spans = [(r.open, r.close) for r in raws]
    ctx.reported_spans = _reported_regions(ctx)
    _build_chain(ctx)

    found: list[_Found] = []
    for r in raws:
        inner_lo, inner_hi = r.open + 1, r.close
        if not r.block and _is_title(ctx, r):
            continue  # an article, book or film title: "an article titled '...'"
        full = r.block or _is_full(ctx, r, inner_lo, inner_hi)
        if full and not r.block and _continues_as_name(ctx, r):
            full = False  # "Grand National Party" opening a sentence that goes on: a name, not speech
        lo, hi = _clean_span(text, inner_lo, inner_hi, partial=not full)
        if hi <= lo:
            continue
        attr = None
        if r.block:
            attr = _attribute_colon_lead(ctx, lo)
        elif full:
            attr = _attribute_after(ctx, r.close) or _attribute_before(ctx, r.open, True) or _attribute_colon_lead(
                ctx, r.open
            )
        else:
            attr = _attribute_before(ctx, r.open, False)
            if attr is None and (text[inner_hi - 1 : inner_hi] == "," or text[r.close + 1 : r.close + 2] == ","):
                attr = _attribute_after(ctx, r.close, max_words=6)
        verb, speaker = attr if attr else (None, None)
        found.append(_Found(lo, hi, True, verb, speaker, full, r.group))

    # a multi-paragraph quotation shares one speaker
    by_group: dict[int, _Found] = {}
    for f in found:
        if f.speaker is not None and f.group > 0:
            by_group.setdefault(f.group, f)
    for f in found:
        if f.speaker is None and f.group in by_group:
            f.speaker, f.verb = by_group[f.group].speaker, by_group[f.group].verb
    # a full quote with no attribution of its own continues the previous speaker's quotation
    prev: _Found | None = None
    for f in found:
        if f.speaker is None and f.full and prev is not None and prev.speaker is not None:
            if 0 <= ctx.para_index(f.start) - ctx.para_index(prev.end) <= 1:
                f.speaker, f.verb = prev.speaker, prev.verb
        if f.speaker is not None:
            prev = f
    # the scare-quote rule
    kept = [f for f in found if f.speaker is not None or (f.full and len(text[f.start : f.end].split()) >= 4)]

    direct_spans = [(r.open, r.close) for r in raws]
    kept += _reported(ctx, direct_spans)
    kept.sort(key=lambda f: (f.start, f.end))

    out: list[Quote] = []
    seen = set()
    for f in kept:
        if (f.start, f.end) in seen:
            continue
        seen.add((f.start, f.end))
        s = ctx.sentence_at(f.start)
        out.append(
            Quote(
                article_id=article.article_id,
                date=article.published,
                text=text[f.start : f.end],
                direct=f.direct,
                start=f.start,
                end=f.end,
                verb=f.verb,
                speaker=f.speaker,
                sentence_index=s.index if s else None,
            )
        )
    return out
