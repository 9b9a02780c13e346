"""Where: the place each event happened, with its evidence (the pipeline's ``where`` stage).

    from peacewatch.where import locate_events, load_gazetteer
    locate_events(parsed, events)            # sets event.location (a model.Location or None)

Reads the parsed text layer (``peacewatch.text``): the trigger's locative phrase and clause first,
then other places of the sentence, then the story's dateline and places (``where.locate``);
resolves names against an offline gazetteer built from GeoNames as PyPI packages ship it plus a
table of seas, lines, venues and regions (``where.gazetteer``), choosing between same-named places
by the article's context, then population (``where.resolve``). See docs/WHERE.md.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Iterable

from .gazetteer import Gazetteer, Place, haversine_km, load_gazetteer
from .locate import Locator, full_name

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Event
    from ..text.layer import ParsedArticle

_LOCK = threading.Lock()
_LOCATORS: dict[int, Locator] = {}


def locator(gazetteer: Gazetteer | None = None) -> Locator:
    """A Locator over ``gazetteer`` (the shared one when None), made once."""
    gaz = gazetteer or load_gazetteer()
    with _LOCK:
        loc = _LOCATORS.get(id(gaz))
        if loc is None:
            loc = _LOCATORS[id(gaz)] = Locator(gaz)
    return loc


def locate_events(parsed: "ParsedArticle", events: Iterable["Event"], gazetteer: Gazetteer | None = None) -> None:
    """Set each event's ``location`` from the parsed article (None where the text gives no ground)."""
    locator(gazetteer).locate_events(parsed, events)


__all__ = ["Gazetteer", "Locator", "Place", "full_name", "haversine_km", "load_gazetteer", "locate_events", "locator"]
