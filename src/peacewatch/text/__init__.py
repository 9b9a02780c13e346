"""The text layer: sentences, tokens, the dependency parse, entities and in-story reference — one
parsed article that events, quotes, stances, tracks and places all read.

    split_sentences(text, body_start)                          -> list[Sentence]
    parse_articles([(article, sentences, actors)], want=None)  -> list[ParsedArticle]
    ActorFinder(parsed).actors_of(sentence, token)             -> list[ActorRef]
    load_nlp() / tokenizer()                                   the English pipeline (spaCy, from PyPI)
    words(name)                                                a word list of data/words
"""

from __future__ import annotations

from .layer import ParsedArticle, ParsedSentence, parse_article, parse_articles
from .nlp import load_nlp, tokenizer
from .reference import ActorFinder
from .sentences import split_sentences
from .words import words

__all__ = [
    "ActorFinder",
    "ParsedArticle",
    "ParsedSentence",
    "load_nlp",
    "parse_article",
    "parse_articles",
    "split_sentences",
    "tokenizer",
    "words",
]
