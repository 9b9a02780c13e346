"""The pipeline: named stages, each a plain function over the typed records of ``model``.

    read -> clean -> date -> sentences -> actors -> parse -> events / quotes / tracks / stances -> dedupe -> store

Stage functions (each module owns one job):

    peacewatch.ingest.read_inputs(inputs, options)            -> Iterator[RawDocument | InputFailure]
    peacewatch.clean.prepare(doc, options)                    -> Article (cleaned and dated)
    peacewatch.text.split_sentences(text, body_start)         -> list[Sentence]
    peacewatch.actors.find_actors(article, sentences, dicts)  -> list[ActorRef]
    peacewatch.text.parse_articles([(article, sentences, actors)], want) -> list[ParsedArticle]
    Coder.code_parsed(parsed)                                 -> list[Event]
    peacewatch.quotes.extract_quotes(parsed, finder)          -> list[Quote]   (always: the coder reads who speaks where)
    peacewatch.where.locate_events(parsed, events)            (in place: event.location)
    peacewatch.events.record.place_domestic_actors(events)    (in place: "the police" -> the location's country)
    peacewatch.tracks.assign_tracks(coded, tracks)            (in place)
    peacewatch.stances.extract_stances(coded)                 -> list[Stance]
    peacewatch.store.Store                                    (dedupe + SQLite)

``Pipeline`` loads the dictionaries and the English pipeline once and runs the per-document
stages; ``ingest``, ``code`` and ``evaluate`` all go through it, so they code identically. Articles
are parsed in batches (``code_articles``): the sentences of many articles share ``nlp.pipe``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator

from .config import Options
from .model import Article, CodedArticle, Event, InputFailure, Quote, RawDocument

if TYPE_CHECKING:
    from .text import ParsedArticle

BATCH = 32
"""Articles parsed together (their sentences share the parser's batches)."""


@dataclass
class Pipeline:
    """The per-document stages with their resources loaded once.

    ``options.dictionaries`` / ``options.builtin_dictionaries`` choose the actor and verb
    dictionaries (the project's own and/or a user's, PETRARCH/TABARI formats included).
    """

    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        from . import actors, events, tracks, where
        from .text.nlp import load_nlp

        self.actor_dicts = actors.load_dictionaries(self.options)
        self.coder = events.load_coder(self.options, self.actor_dicts)
        self.tracks = tracks.load_tracks(self.options)
        self.locator = where.locator()
        load_nlp()

    # --- stages ----------------------------------------------------------------------------------

    def prepare(self, doc: RawDocument) -> Article:
        from .clean import prepare

        return prepare(doc, self.options)

    def code_article(self, article: Article, *, with_quotes: bool = True) -> CodedArticle:
        return self.code_articles([article], with_quotes=with_quotes)[0]

    def code_articles(self, articles: list[Article], *, with_quotes: bool = True,
                      parse_all: bool = False) -> list[CodedArticle]:
        """Code several articles, parsing their sentences together: only the sentences that can
        hold an event, or every sentence with ``parse_all`` (for readers of the whole layer, such
        as the location evaluation)."""
        from .actors import find_actors
        from .stances import extract_stances
        from .text import parse_articles, split_sentences
        from .tracks import assign_tracks

        staged = []
        for article in articles:
            sentences = split_sentences(article.text, article.body_start)
            # only English is coded: other languages are stored and counted, not read with English rules
            found = find_actors(article, sentences, self.actor_dicts) if article.language == "en" else []
            staged.append((article, sentences, found))
        english = self.coder.wants

        parsed = parse_articles(staged, want=None if parse_all else english, skip=lambda a: a.language != "en",
                                names=None if parse_all else self.coder.wants_names)
        from .actors import home_country

        for p in parsed:
            p.home = home_country(p.article, self.actor_dicts)
        out: list[CodedArticle] = []
        for (article, sentences, found), p in zip(staged, parsed, strict=True):
            coded = CodedArticle(article=article, sentences=sentences, actors=found)
            coded.parsed = p
            if article.language != "en":
                out.append(coded)
                continue
            coded.events, quotes = self.events(p)
            if with_quotes:
                coded.quotes = quotes
            assign_tracks(coded, self.tracks)
            coded.stances = extract_stances(coded)
            out.append(coded)
        return out

    def events(self, parsed: ParsedArticle, *, merge: bool = True) -> tuple[list[Event], list[Quote]]:
        """The events of one parsed article as every reader gets them (coded with who speaks where,
        located, bare domestic sectors placed), and its quotes. ``merge=False`` keeps each mention
        its own event (for finding where the coder goes wrong)."""
        from .events.record import place_domestic_actors
        from .quotes import Voice, extract_quotes
        from .text import ActorFinder

        finder = ActorFinder(parsed)
        quotes = extract_quotes(parsed, finder)
        events = self.coder.code_parsed(parsed, merge=merge, finder=finder, voice=Voice(quotes))
        self.locator.locate_events(parsed, events)
        place_domestic_actors(events)
        return events, quotes

    def code_document(self, doc: RawDocument, *, with_quotes: bool = True) -> CodedArticle:
        return self.code_article(self.prepare(doc), with_quotes=with_quotes)

    def code_each(self, articles: list[Article], *, with_quotes: bool = True) -> list[CodedArticle | Exception]:
        """Code articles in batches of ``BATCH``; when one article breaks its batch, that batch is
        coded one by one so that only the article at fault fails (its exception takes its place)."""
        out: list[CodedArticle | Exception] = []
        for lo in range(0, len(articles), BATCH):
            chunk = articles[lo : lo + BATCH]
            try:
                out.extend(self.code_articles(chunk, with_quotes=with_quotes))
            except Exception:  # noqa: BLE001 - find the article at fault
                for a in chunk:
                    try:
                        out.append(self.code_article(a, with_quotes=with_quotes))
                    except Exception as err:  # noqa: BLE001 - it fails alone
                        out.append(err)
        return out

    def code_documents(
        self, docs: Iterable[RawDocument | InputFailure], *, with_quotes: bool = True
    ) -> Iterator[CodedArticle | InputFailure]:
        """Code each document, in batches; a document that fails becomes an InputFailure and the
        batch goes on."""
        it = iter(docs)
        while chunk := list(itertools.islice(it, BATCH)):
            results: list[CodedArticle | InputFailure | Article] = []  # in input order
            for doc in chunk:
                if isinstance(doc, InputFailure):
                    results.append(doc)
                    continue
                try:
                    results.append(self.prepare(doc))
                except Exception as err:  # noqa: BLE001 - one document fails alone
                    results.append(InputFailure.of(doc.origin, err))
            ready = [r for r in results if isinstance(r, Article)]
            coded = iter(self.code_each(ready, with_quotes=with_quotes))
            for r in results:
                if isinstance(r, Article):
                    got = next(coded)
                    yield InputFailure.of(r.origin, got) if isinstance(got, Exception) else got
                else:
                    yield r
