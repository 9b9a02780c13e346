"""One sentence coded with its actors given directly (no actor dictionaries): what the pattern
tests of the built-in verb files share."""

from __future__ import annotations

from peacewatch.events import Coder
from peacewatch.model import ActorRef, Article, Sentence


def actor(text: str, code: str, sentence: str) -> ActorRef:
    start = sentence.index(text)
    country = code[:6] if code.startswith("IGO") else code[:3]
    sector = None if code.startswith("IGO") else (code[3:] or None)
    return ActorRef(code=code, country=country, sector=sector, name=text, text=text, start=start, end=start + len(text))


def code_sentence(coder: Coder, text: str, actors: list[tuple[str, str]], published: str, article_id: str = "c1"):
    art = Article(article_id=article_id, origin="test", kind="text", raw_text=text, text=text, body_start=0,
                  published=published)
    sent = Sentence(index=0, start=0, end=len(text), text=text)
    return coder.code_article(art, [sent], [actor(t, c, text) for t, c in actors])


def triple(ev):
    return (ev.source.code if ev.source else None, ev.target.code if ev.target else None, ev.cameo)
