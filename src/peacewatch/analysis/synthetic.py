"""Hand-made and SYNTHETIC coded articles, for tests and benchmarks.

Nothing here is news. :func:`build_article` turns a short spec (sentences, and which words are the
source, trigger and target of each event) into a real :class:`~peacewatch.model.CodedArticle` with
correct offsets, Goldstein, QuadClass and PLOVER from the CAMEO code table, ready for
``Store.add``. :func:`synthetic_articles` generates any number of clearly labelled synthetic
articles (title prefix ``[synthetic]``, source ``peacewatch-synthetic``) for benchmarks.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Iterable, Iterator, Sequence

from ..model import (
    ActorRef,
    Article,
    CodedArticle,
    Event,
    Modality,
    Plover,
    Quote,
    Sentence,
    Span,
    stable_hash,
)

SYNTHETIC_SOURCE = "peacewatch-synthetic"


def _actor(code: str, text: str, start: int, name: str | None = None) -> ActorRef:
    code = code.upper()
    if code.startswith("IGO"):
        country, sector = code[:6], (code[6:] or None)
    else:
        country, sector = code[:3], (code[3:] or None)
    return ActorRef(code=code, country=country, sector=sector, name=name or text, text=text,
                    start=start, end=start + len(text), resolution="hand-made test record")


def _find(text: str, fragment: str, sent: Sentence, what: str) -> int:
    i = text.find(fragment, sent.start, sent.end)
    if i < 0:
        raise ValueError(f"{what} {fragment!r} is not in sentence {sent.index}: {sent.text!r}")
    return i


def build_article(
    article_id: str,
    title: str,
    sentences: Sequence[str],
    published: str | None,
    *,
    source: str = "Test Wire",
    url: str | None = None,
    events: Iterable[dict[str, Any]] = (),
    quotes: Iterable[dict[str, Any]] = (),
    tracks: Sequence[str] = (),
    origin: str | None = None,
) -> CodedArticle:
    """A coded article from a spec.

    The cleaned text is ``title + "\\n\\n" + " ".join(sentences)``; sentence 0 is the title and
    ``sentences[i]`` is sentence ``i + 1``. Each event spec: ``s`` (sentence index), ``source``
    and ``target`` as ``(code, words)`` or None, ``trigger`` (words), ``cameo``; optional
    ``goldstein``/``quad_class`` (else from the code table), ``negated``/``hypothetical``/
    ``future``/``historical``, ``condition``, ``tracks``, ``date`` (else ``published``), ``rule``,
    ``confidence``. Each quote spec: ``s``, ``text`` (words of the sentence), ``speaker``
    ``(code, words)`` or None, ``verb``, ``direct``, ``tracks``.
    """
    from ..events.codes import load_code_table

    table = load_code_table()
    text = title + "\n\n" + " ".join(sentences)
    body_start = len(title) + 2
    sents = [Sentence(0, 0, len(title), title)]
    pos = body_start
    for i, s in enumerate(sentences, start=1):
        sents.append(Sentence(i, pos, pos + len(s), s))
        pos += len(s) + 1
    article = Article(
        article_id=article_id, origin=origin or f"test://{article_id}", kind="text", raw_text=text, text=text,
        body_start=body_start, title=title, source=source, url=url, published=published,
        date_basis="given in the test record" if published else "",
    )
    coded = CodedArticle(article=article, sentences=sents, tracks=list(tracks))
    for spec in events:
        sent = sents[spec["s"]]
        src = tgt = None
        if spec.get("source"):
            code, words = spec["source"]
            src = _actor(code, words, _find(text, words, sent, "source"))
        if spec.get("target"):
            code, words = spec["target"]
            tgt = _actor(code, words, _find(text, words, sent, "target"))
        trig = spec["trigger"]
        ts = _find(text, trig, sent, "trigger")
        cameo = str(spec["cameo"])
        info = table.resolve(cameo)
        goldstein = spec.get("goldstein", info.goldstein if info else 0.0)
        quad = spec.get("quad_class", info.quad_class if info else 0)
        plover = None
        if info and info.plover_event:
            plover = Plover(info.plover_event, info.plover_mode, list(info.plover_context))
        ev = Event(
            article_id=article_id, sentence_index=sent.index, sentence=sent.text,
            date=spec.get("date", published), date_basis=article.date_basis, source=src, target=tgt,
            cameo=cameo, cameo_root=cameo[:2], quad_class=quad, goldstein=goldstein, plover=plover,
            modality=Modality(bool(spec.get("negated")), bool(spec.get("hypothetical")), bool(spec.get("future")),
                              bool(spec.get("historical"))),
            condition=spec.get("condition"), trigger=Span(trig, ts, ts + len(trig)),
            rule=spec.get("rule", f"test pattern {cameo}"), confidence=spec.get("confidence", 0.9),
            tracks=list(spec.get("tracks", [])), code_table_version=table.version,
        )
        coded.events.append(ev)
    for spec in quotes:
        sent = sents[spec["s"]]
        qs = _find(text, spec["text"], sent, "quote")
        sp = None
        if spec.get("speaker"):
            code, words = spec["speaker"]
            sp = _actor(code, words, _find(text, words, sent, "speaker"))
        coded.quotes.append(Quote(
            article_id=article_id, date=spec.get("date", published), text=spec["text"],
            direct=spec.get("direct", True), start=qs, end=qs + len(spec["text"]), verb=spec.get("verb", "said"),
            speaker=sp, tracks=list(spec.get("tracks", [])), sentence_index=sent.index,
        ))
    seen: dict[tuple[str, int], ActorRef] = {}
    for ev in coded.events:
        for r in (ev.source, ev.target):
            if r is not None:
                seen.setdefault((r.code, r.start), r)
    for q in coded.quotes:
        if q.speaker is not None:
            seen.setdefault((q.speaker.code, q.speaker.start), q.speaker)
    coded.actors = sorted(seen.values(), key=lambda r: r.start)
    return coded


# --- synthetic corpus (benchmarks) -------------------------------------------------------------

_ACTORS = [
    ("KORGOV", "the South Korean government"), ("PRKGOV", "the North Korean government"),
    ("KORMIL", "the South Korean military"), ("PRKMIL", "the North Korean army"),
    ("USAGOV", "the United States government"), ("CHNGOV", "the Chinese government"),
    ("JPNGOV", "the Japanese government"), ("RUSGOV", "the Russian government"),
    ("IGOUNO", "the United Nations"), ("IGOUNOIAE", "the atomic energy agency"),
]
_CODES = ["010", "020", "036", "040", "042", "043", "046", "057", "061", "071", "084", "111", "112", "120",
          "130", "138", "140", "150", "163", "172", "190", "193", "195"]
_TRACKS = ["exchange", "normalization", "denuclearization", "military-tension", "humanitarian", "sanctions"]
_TOPICS = ["border security", "family reunions", "the nuclear programme", "food aid", "joint drills",
           "sanctions relief", "liaison offices", "missile launches", "fishing rights", "rail links"]


def synthetic_articles(n_events: int, *, seed: int = 7, events_per_article: int = 5,
                       start: date = date(2015, 1, 1), days: int = 3650) -> Iterator[CodedArticle]:
    """SYNTHETIC coded articles holding ``n_events`` events in all (benchmarks only): random
    dyads among ten actors, random CAMEO codes, dates spread over ``days`` from ``start``."""
    rng = random.Random(seed)
    made = 0
    i = 0
    while made < n_events:
        k = min(events_per_article, n_events - made)
        day = start + timedelta(days=rng.randrange(days))
        sentences: list[str] = []
        specs: list[dict[str, Any]] = []
        for j in range(k):
            (sc, sn), (tc, tn) = rng.sample(_ACTORS, 2)
            cameo = rng.choice(_CODES)
            topic = rng.choice(_TOPICS)
            verb = f"acted ({cameo}) towards"
            sentences.append(f"Synthetic record {i}.{j}: {sn} {verb} {tn} over {topic}.")
            specs.append({"s": j + 1, "source": (sc, sn), "target": (tc, tn), "trigger": verb, "cameo": cameo,
                          "tracks": rng.sample(_TRACKS, rng.randrange(0, 3)),
                          "negated": rng.random() < 0.03, "historical": rng.random() < 0.03})
        quotes = [{"s": 1, "text": sentences[0][len(f"Synthetic record {i}.0: "):], "speaker": specs[0]["source"],
                   "verb": "said", "direct": False}] if rng.random() < 0.3 else []
        aid = stable_hash("synthetic", seed, i)
        yield build_article(aid, f"[synthetic] record set {i} about {rng.choice(_TOPICS)}", sentences,
                            day.isoformat(), source=SYNTHETIC_SOURCE, url=f"https://synthetic.example/{aid}",
                            events=specs, quotes=quotes, tracks=sorted({t for s in specs for t in s["tracks"]}),
                            origin=f"synthetic://{seed}/{i}")
        made += k
        i += 1
