"""What a statement says about an actor: criticism (CAMEO 111) or praise (051) carried by the
words of a quotation rather than by a verb of its own.

"The bill is blatantly protectionist," the Hong Kong delegate said; Minju Joson says in a
commentary: "... the U.S. imperialists' reckless war moves ..." — the speaker criticises the actor
the quotation talks about, although no verb says "criticise". For each quotation with a known
speaker (``quotes.extract_quotes``), each sentence of it whose words condemn (word list
``disapproval-words``) or praise (``approval-words``) gives one event from the speaker toward the
actors the sentence names inside the quotation (not the speaker's own side; subjects first, at most
two), unless the sentence already codes an event of that speaker with the same root.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ActorRef, Event, Modality, Quote, Span
from ..text.layer import ParsedArticle, ParsedSentence
from ..text.reference import ActorFinder, stance_prefixed
from ..text.syntax import SUBJECT_DEPS
from ..text.words import words
from .record import RecordBuilder, actor_key, same_side

if TYPE_CHECKING:  # pragma: no cover
    pass

MAX_TARGETS = 2


def statement_events(parsed: ParsedArticle, quotes: list[Quote], events: list[Event], finder: ActorFinder,
                     records: RecordBuilder) -> list[Event]:
    out: list[Event] = []
    art = parsed.article
    neg_words, pos_words = words("disapproval-words") | words("disapproval-rhetoric"), words("approval-words")
    have = {(e.sentence_index, actor_key(e.source), e.cameo_root) for e in events if e.source is not None}
    for q in quotes:
        sp = q.speaker
        if sp is None or sp.code.startswith("---"):
            continue
        for ps in parsed.sentences:
            if not ps.parsed or ps.end <= q.start or ps.start >= q.end:
                continue
            inside = [t for t in ps.doc if q.start <= ps.start + t.idx < q.end]
            if not inside:
                continue
            neg = [t for t in inside if t.lemma_.lower() in neg_words or t.lower_ in neg_words]
            pos = [t for t in inside if t.lemma_.lower() in pos_words or t.lower_ in pos_words]
            if not neg and not pos:
                continue
            code, cue = ("111", neg[0]) if len(neg) >= len(pos) else ("051", pos[0])
            if (ps.index, actor_key(sp), code[:2]) in have:
                continue
            targets = _targets(ps, inside, sp, finder, neg if code == "111" else pos)
            if not targets:
                continue
            a, b = ps.char_span(cue.i, cue.i + 1)
            for t in targets:
                ev = records.event(
                    art, ps.index, ps.text, code, sp, t, Modality(), None, Span(ps.token_text(cue.i, cue.i + 1), a, b),
                    "statement.praise" if code == "051" else "statement.disapproval",
                    0.6, reporter=None,
                    roles={"source": "the speaker of the quotation", "target": "an actor the quotation talks about"},
                )
                out.append(ev)
            have.add((ps.index, actor_key(sp), code[:2]))
    return out


_AWAY = frozenset({"with", "between", "among", "against", "toward", "towards", "from", "for", "to", "on", "by"})


def _linked(cue, top) -> bool:  # type: ignore[no-untyped-def]
    """Is the judging word about the actor: within four relations of it in the parse, not across a
    preposition that makes the actor the other party ("hostility *with* Pyongyang", "aggression
    *against* the DPRK")?"""
    up_cue = [cue]
    while up_cue[-1].head.i != up_cue[-1].i and len(up_cue) < 8:
        up_cue.append(up_cue[-1].head)
    ids = {t.i: n for n, t in enumerate(up_cue)}
    cur, d = top, 0
    while cur.i not in ids and cur.head.i != cur.i and d < 8:
        if cur.dep_ == "pobj" and cur.head.lower_ in _AWAY:
            return False
        cur = cur.head
        d += 1
    if cur.i not in ids:
        return False
    return d + ids[cur.i] <= 4


def _targets(ps: ParsedSentence, inside: list, speaker: ActorRef, finder: ActorFinder, cues: list) -> list[ActorRef]:  # type: ignore[type-arg]
    """Actors the quoted words judge, subjects first, not the speaker's side, distinct countries."""
    idx = {t.i for t in inside}
    cands: list[tuple[int, int, ActorRef]] = []
    for k, a in enumerate(ps.actors):
        i, j = ps.actor_tokens(k)
        if i not in idx:
            continue
        head = ps.actor_head(k)
        top = head
        while top.dep_ in ("compound", "amod", "poss", "nmod") and top.head.i != top.i:
            top = top.head
        if not any(_linked(c, head) for c in cues) or stance_prefixed(head):
            continue
        if a.resolution.startswith("coreference: pronoun") or head.tag_ in ("PRP", "PRP$"):
            a = finder.actor_of(ps, head) or a
        if a.code.startswith("---") or a.members and all(m.code.startswith("---") for m in a.members):
            continue
        rank = 0 if top.dep_ in SUBJECT_DEPS else 1
        for m in (a.members or [a]):
            cands.append((rank, i, m))
    cands.sort(key=lambda x: (x[0], x[1]))
    out: list[ActorRef] = []
    for _, _, a in cands:
        if same_side(a, speaker) or any(actor_key(a) == actor_key(o) for o in out):
            continue
        out.append(a)
        if len(out) >= MAX_TARGETS:
            break
    return out
