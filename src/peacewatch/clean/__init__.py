"""The ``clean``, ``date`` and ``sentences`` stages.

    clean_document(doc, options) -> Article          cleaned text, metadata, offsets; no date
    resolve_date(article, options, doc=None) -> DateResolution
    prepare(doc, options) -> Article                 clean_document + resolve_date + the language
    split_sentences(text, body_start=0) -> list[Sentence]
    resolve_relative(expression, anchor) -> date | None
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Article, RawDocument
from .dates import resolve_date, resolve_relative
from ..text.sentences import split_sentences
from .wire import clean_document, load_tables

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Options


def prepare(doc: RawDocument, options: "Options | None" = None) -> Article:
    """Clean a raw document and date it: sets ``published``, ``date_basis`` and ``date_conflicts``."""
    article = clean_document(doc, options)
    res = resolve_date(article, options, doc)
    article.published = res.published
    article.date_basis = res.basis
    article.date_conflicts = list(res.conflicts)
    from ..text.language import language_of

    article.language, article.language_basis = language_of(article)
    article.meta["language"] = article.language
    return article


__all__ = [
    "clean_document",
    "load_tables",
    "prepare",
    "resolve_date",
    "resolve_relative",
    "split_sentences",
]
