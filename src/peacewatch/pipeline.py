"""The pipeline: named stages, each a plain function over the typed records of ``model``.

    read -> clean -> date -> sentences -> mentions -> actors -> events / quotes / tracks -> dedupe -> store

Stage functions (each module owns one job):

    peacewatch.ingest.read_inputs(inputs, options)            -> Iterator[RawDocument | InputFailure]
    peacewatch.clean.prepare(doc, options)                    -> Article (cleaned and dated)
    peacewatch.clean.split_sentences(text, body_start)        -> list[Sentence]
    peacewatch.actors.load_dictionaries(options)              -> ActorDictionaries
    peacewatch.actors.find_actors(article, sentences, dicts)  -> list[ActorRef]
    peacewatch.events.load_coder(options, actor_dicts)        -> Coder
    Coder.code_article(article, sentences, actors)            -> list[Event]
    peacewatch.quotes.extract_quotes(article, sentences, actors) -> list[Quote]
    peacewatch.tracks.load_tracks(options) / assign_tracks(coded, tracks)   (in place)
    peacewatch.store.Store                                    (dedupe + SQLite)

``Pipeline`` loads the dictionaries once and runs the per-document stages; ``ingest``, ``code`` and
``evaluate`` all go through it, so they code identically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .config import Options
from .model import CodedArticle, InputFailure, RawDocument


@dataclass
class Pipeline:
    """The per-document stages with their resources loaded once.

    ``options.dictionaries`` / ``options.builtin_dictionaries`` choose the actor and verb
    dictionaries (the project's own and/or a user's, PETRARCH/TABARI formats included).
    """

    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        from . import actors, events, tracks

        self.actor_dicts = actors.load_dictionaries(self.options)
        self.coder = events.load_coder(self.options, self.actor_dicts)
        self.tracks = tracks.load_tracks(self.options)

    # --- stages ----------------------------------------------------------------------------------

    def prepare(self, doc: RawDocument):
        from .clean import prepare

        return prepare(doc, self.options)

    def code_article(self, article, *, with_quotes: bool = True) -> CodedArticle:
        from .actors import find_actors
        from .clean import split_sentences
        from .quotes import extract_quotes
        from .tracks import assign_tracks

        sentences = split_sentences(article.text, article.body_start)
        found = find_actors(article, sentences, self.actor_dicts)
        coded = CodedArticle(article=article, sentences=sentences, actors=found)
        coded.events = self.coder.code_article(article, sentences, found)
        if with_quotes:
            coded.quotes = extract_quotes(article, sentences, found)
        assign_tracks(coded, self.tracks)
        from .stances import extract_stances

        coded.stances = extract_stances(coded)
        return coded

    def code_document(self, doc: RawDocument, *, with_quotes: bool = True) -> CodedArticle:
        return self.code_article(self.prepare(doc), with_quotes=with_quotes)

    def code_documents(
        self, docs: Iterable[RawDocument | InputFailure], *, with_quotes: bool = True
    ) -> Iterator[CodedArticle | InputFailure]:
        """Code each document; a document that fails becomes an InputFailure and the batch goes on."""
        from .errors import PeacewatchError

        for doc in docs:
            if isinstance(doc, InputFailure):
                yield doc
                continue
            try:
                yield self.code_document(doc, with_quotes=with_quotes)
            except PeacewatchError as err:
                yield InputFailure(doc.origin, err.one_line())
            except Exception as err:  # one bad article must not stop a batch
                from .runner import internal_failure

                yield internal_failure(doc.origin, err)
