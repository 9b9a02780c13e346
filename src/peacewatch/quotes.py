"""Quotes: direct quotations and reported speech, each with its speaker, read from the parsed
article (``peacewatch.text``).

    extract_quotes(parsed, finder=None) -> list[Quote]

What is found
-------------
* Direct quotations in quotation marks (``text.quotemarks``). A quotation running over several
  paragraphs gives one Quote per paragraph, with the speaker found for any of them.
* Reported speech: a verb of saying (word list ``speech``) with an object clause — "X said (that)
  ...", "X told reporters ...", "X warned that ..." — quotes the clause (``direct`` False); "...,
  according to X" quotes the rest of the sentence.
* A block introduced by a verb of saying at the end of a sentence ending in ":" ("Rodong Sinmun
  observes in a commentary:", "The message said:") quotes what follows, up to the next such
  block or the end of the story, word for word (``direct`` True, though unmarked): news agencies
  print statements, messages and commentaries this way.

Speakers
--------
The speaker is the subject of the verb of saying, found in the parse and resolved by
``text.reference.ActorFinder`` (pronouns, "his office", people no dictionary knows):

* the verb the quotation hangs from: "“...,” his office said", "said Kim: “...”", and a verb that
  names or presents what it quotes ("describing it as a “wise approach”", "presented his plan
  centred on “...”": word lists ``naming-verbs``, ``presenting-verbs``);
* else a verb of saying in the quotation's sentence outside it, nearest first;
* else, for a quotation that is a whole sentence, a short attribution sentence right after it in
  its paragraph ("He said."), or the speaker of the quotation just before it in the same or the
  previous paragraph (a statement quoted over several sentences).

A quotation inside a sentence with no verb of saying (a title, a scare-quoted word: the "reform")
is not a quote, nor is a quotation of fewer than four words without a speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .model import ActorRef, Quote
from .text.layer import ParsedArticle, ParsedSentence
from .text.quotemarks import Raw, pair_quotes, paragraphs
from .text.reference import ActorFinder
from .text.syntax import SUBJECT_DEPS, is_verb, subjects, subtree_span
from .text.words import words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

__all__ = ["extract_quotes", "quoting_verbs", "Voice"]

_TITLE_WORDS = frozenset(
    "titled entitled headlined captioned slogan title theme motto song film book novel opera play "
    "drama poem exhibition festival campaign movement operation prize medal award program programme "
    "column magazine newspaper documentary monument".split()
)


def quoting_verbs() -> frozenset[str]:
    return words("speech") | words("naming-verbs") | words("presenting-verbs")


class Voice:
    """Who speaks where: the spans of the article that are somebody's words (quotes), for the coder
    ("'We will retaliate,' he said": "we" is the speaker)."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.spans = sorted(((q.start, q.end, q.speaker) for q in quotes if q.speaker is not None), key=lambda x: x[0])

    def speaker_at(self, offset: int) -> ActorRef | None:
        best = None
        for a, b, sp in self.spans:
            if a > offset:
                break
            if a <= offset < b:
                best = sp  # the innermost (latest opening) span wins
        return best


def extract_quotes(parsed: ParsedArticle, finder: ActorFinder | None = None) -> list[Quote]:
    finder = finder or ActorFinder(parsed)
    art = parsed.article
    text = art.text
    out: list[Quote] = []
    direct_spans: list[tuple[int, int]] = []
    last_speaker: tuple[int, ActorRef | None, str | None] | None = None  # (paragraph, speaker, verb)
    paras = paragraphs(text)

    def para_of(pos: int) -> int:
        for k, (a, b) in enumerate(paras):
            if a <= pos < b:
                return k
        return -1

    groups: dict[int, tuple[ActorRef | None, str | None]] = {}
    raws = pair_quotes(text)
    found: list[tuple[Raw, int, int, ActorRef | None, str | None, bool]] = []
    for raw in raws:
        lo, hi = _inner(text, raw)
        if hi - lo < 2:
            continue
        ps = parsed.sentence_at(raw.open + 1) or parsed.sentence_at(raw.open)
        if ps is None:
            continue
        full = _is_full(text, ps, raw, lo, hi)
        if _is_title(text, ps, raw):
            continue
        speaker, verb = _attribute(parsed, finder, ps, raw.open, raw.close)
        ps_close = parsed.sentence_at(raw.close)
        if verb is None and ps_close is not None and ps_close is not ps:
            # a quotation over two sentences: the attribution follows its end
            speaker, verb = _attribute(parsed, finder, ps_close, raw.open, raw.close)
        if speaker is None and verb is None and full:
            speaker, verb = _attribution_after(parsed, finder, ps, raw.close, paras)
        if speaker is None and verb is None and full and last_speaker is not None:
            p = para_of(raw.open)
            if last_speaker[0] in (p, p - 1):
                speaker, verb = last_speaker[1], last_speaker[2]
        if raw.group in groups and speaker is None:
            speaker, verb = groups[raw.group]
        if not full:
            while hi > lo and text[hi - 1] in ",.;:":
                hi -= 1  # a partial quotation ("a “wise approach,”") ends at its words
        nwords = len(text[lo:hi].split())
        if verb is None and (not full or nwords < 4):
            continue  # a scare quote, a name, a title
        if speaker is None and nwords < 4:
            continue
        if speaker is not None or verb is not None:
            groups.setdefault(raw.group, (speaker, verb))
            last_speaker = (para_of(raw.open), speaker, verb)
        found.append((raw, lo, hi, speaker, verb, full))
    # a multi-paragraph quotation: every part takes the speaker found for any of them
    for raw, lo, hi, speaker, verb, _full in found:
        if speaker is None and raw.group in groups:
            speaker, verb = groups[raw.group]
        ps = parsed.sentence_at(lo)
        out.append(_quote(parsed, lo, hi, True, verb, speaker, ps))
        direct_spans.append((raw.open, raw.close + 1))

    for q in _reported(parsed, finder, direct_spans):
        out.append(q)
    out.extend(_blocks(parsed, finder, out))
    out.sort(key=lambda q: (q.start, -q.end))
    return _dedupe(out)


# --- direct quotations -------------------------------------------------------------------------------


def _inner(text: str, raw: Raw) -> tuple[int, int]:
    lo, hi = raw.open + 1, raw.close
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _is_full(text: str, ps: ParsedSentence, raw: Raw, lo: int, hi: int) -> bool:
    """A quotation that is a clause of its own: it opens its sentence, follows ':' or ',', or comes
    right after a verb of saying ("said “We will ...”")."""
    before = text[max(ps.start, raw.open - 3) : raw.open].strip()
    if raw.open <= ps.start + 1 or not before or before[-1:] in (":", ",", "(", "-"):
        return True
    k = ps.token_at(raw.open - 1) if raw.open - 1 >= ps.start else None
    while k is not None and k > 0 and ps.doc[k].is_space:
        k -= 1
    if k is None:
        prev = [t for t in ps.doc if ps.start + t.idx + len(t) <= raw.open]
        k = prev[-1].i if prev else None
    return k is not None and ps.doc[k].lemma_.lower() in words("speech")


def _is_title(text: str, ps: ParsedSentence, raw: Raw) -> bool:
    before = text[max(ps.start, raw.open - 40) : raw.open].lower().split()
    return any(w.strip(",.") in _TITLE_WORDS for w in before[-3:])


def _tokens_in(ps: ParsedSentence, a: int, b: int) -> list[int]:
    return [t.i for t in ps.doc if a <= ps.start + t.idx < b]


def _attribute(parsed: ParsedArticle, finder: ActorFinder, ps: ParsedSentence, open_: int, close: int) -> tuple[ActorRef | None, str | None]:
    """The speaker and verb of a quotation from its own sentence's parse."""
    if not ps.parsed:
        return None, None
    inside = set(_tokens_in(ps, open_, close + 1))
    if not inside:
        return None, None
    doc = ps.doc
    verbs = quoting_verbs()
    # 1. the verb the quotation hangs from
    top = min((doc[i] for i in inside), key=lambda t: _depth(t))
    cur = top
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.i in inside:
            continue
        if is_verb(cur) and cur.lemma_.lower() in verbs:
            return _speaker_of(finder, ps, cur), cur.text
    # 2. a verb of saying of the sentence outside the quotation, nearest first
    cands = [t for t in doc if t.i not in inside and is_verb(t) and t.lemma_.lower() in words("speech") and t.dep_ != "amod"]
    if cands:
        mid = (min(inside) + max(inside)) / 2
        v = min(cands, key=lambda t: abs(t.i - mid))
        return _speaker_of(finder, ps, v), v.text
    # 3. "according to X"
    for t in doc:
        if t.lower_ == "according" and t.i not in inside:
            for c in t.children:
                if c.dep_ == "prep":
                    for p in c.children:
                        got = finder.actors_of(ps, p)
                        if got:
                            return got[0], "according to"
    return None, None


def _depth(t: "Token") -> int:
    d = 0
    while t.head.i != t.i and d < 50:
        t = t.head
        d += 1
    return d


def _speaker_of(finder: ActorFinder, ps: ParsedSentence, v: "Token") -> ActorRef | None:
    h = v.head
    if (v.dep_ == "advcl" and v.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in v.children)
            and h.dep_ == "ccomp" and is_verb(h.head) and h.head.lemma_.lower() in words("speech")):
        # "He noted that the soldiers have grown ..., adding that ...": the parser hangs "adding"
        # on the reported verb; who adds is who noted
        v = h.head
    for s in subjects(v):
        got = finder.actors_of(ps, s)
        if got:
            return got[0]
        if s.lemma_.lower() in words("document-nouns"):
            # "the commentary notes", "the statement said": the document's author
            author = finder.author(ps, s)
            if author is not None:
                return author
    # a passive report ("it was said by X")
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                got = finder.actors_of(ps, p)
                if got:
                    return got[0]
    return None


def _attribution_after(parsed: ParsedArticle, finder: ActorFinder, ps: ParsedSentence, close: int,
                       paras: list[tuple[int, int]]) -> tuple[ActorRef | None, str | None]:
    """A whole-sentence quotation followed, in its paragraph, by a short attribution ("He said.")."""
    k = parsed.sentences.index(ps)
    for nxt in parsed.sentences[k + 1 : k + 2]:
        if not nxt.parsed or len(nxt.doc) > 12:
            continue
        if any(a <= close < b and not (a <= nxt.start < b) for a, b in paras):
            continue
        for t in nxt.doc:
            if is_verb(t) and t.lemma_.lower() in words("speech") and t.dep_ == "ROOT":
                return _speaker_of(finder, nxt, t), t.text
    return None, None


# --- reported speech ---------------------------------------------------------------------------------


def _reported(parsed: ParsedArticle, finder: ActorFinder, direct: list[tuple[int, int]]) -> Iterator[Quote]:
    speech = words("speech")
    for ps in parsed.sentences:
        if not ps.parsed:
            continue
        for v in ps.doc:
            if not is_verb(v) or v.lemma_.lower() not in speech:
                continue
            clause = next((c for c in v.children if c.dep_ == "ccomp"), None)
            if clause is None:
                continue
            span = _clause_span(clause)
            if span is None:
                continue  # a clause of punctuation only (a parse of a garbled line)
            a, b = ps.char_span(*span)
            if b - a < 8 or any(min(b, y) - max(a, x) > 0.5 * (b - a) for x, y in direct):
                continue
            speaker = _speaker_of(finder, ps, v)
            if speaker is None:
                continue  # "it was reported that ...": nobody to quote
            yield _quote(parsed, a, b, False, v.text, speaker, ps)
        # "..., according to X"
        for t in ps.doc:
            if t.lower_ != "according":
                continue
            sp = None
            for c in t.children:
                for p in c.children if c.dep_ == "prep" else []:
                    got = finder.actors_of(ps, p)
                    if got:
                        sp = got[0]
            if sp is None:
                continue
            main = t.head
            while main.head.i != main.i:
                main = main.head
            lo, hi = subtree_span(main, stop=frozenset())
            skip = {x.i for x in t.subtree}
            toks = [i for i in range(lo, hi) if i not in skip and not ps.doc[i].is_punct]
            if len(toks) < 3:
                continue
            a, b = ps.char_span(toks[0], toks[-1] + 1)
            if any(min(b, y) - max(a, x) > 0.5 * (b - a) for x, y in direct):
                continue
            yield _quote(parsed, a, b, False, "according to", sp, ps)


def _clause_span(c: "Token") -> tuple[int, int] | None:
    """The tokens of clause ``c`` without its "that" and the punctuation around it; None when
    nothing else is left."""
    toks = [t for t in c.subtree if not (t.dep_ == "mark" and t.head.i == c.i and t.lower_ == "that")]
    while toks and toks[-1].is_punct:
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    return (toks[0].i, toks[-1].i + 1) if toks else None


# --- blocks after "X said:" --------------------------------------------------------------------------


def _blocks(parsed: ParsedArticle, finder: ActorFinder, have: list[Quote]) -> Iterator[Quote]:
    sents = parsed.sentences
    art = parsed.article
    for k, ps in enumerate(sents):
        if not ps.parsed or not ps.text.rstrip().endswith(":") or ps.end <= art.body_start:
            continue
        root = next((t for t in ps.doc if t.dep_ == "ROOT"), None)
        if root is None or not is_verb(root) or root.lemma_.lower() not in quoting_verbs() | {"observe", "go", "read", "run"}:
            continue
        speaker = _speaker_of(finder, ps, root)
        # up to the next block or the end of the story
        end_k = len(sents)
        for j in range(k + 1, len(sents)):
            if sents[j].parsed and sents[j].text.rstrip().endswith(":"):
                end_k = j
                break
        if end_k <= k + 1:
            continue
        a, b = sents[k + 1].start, sents[end_k - 1].end
        if any(q.direct and q.start <= a and b <= q.end for q in have):
            continue
        yield _quote(parsed, a, b, True, root.text, speaker, sents[k + 1])


# --- records -----------------------------------------------------------------------------------------


def _quote(parsed: ParsedArticle, a: int, b: int, direct: bool, verb: str | None, speaker: ActorRef | None,
           ps: ParsedSentence | None) -> Quote:
    art = parsed.article
    return Quote(
        article_id=art.article_id,
        date=art.published,
        text=art.text[a:b],
        direct=direct,
        start=a,
        end=b,
        verb=verb,
        speaker=speaker,
        sentence_index=ps.index if ps is not None else None,
    )


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    out: list[Quote] = []
    for q in quotes:
        if any(o.start == q.start and o.end == q.end for o in out):
            continue
        out.append(q)
    return out
