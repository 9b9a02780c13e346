"""The one exception hierarchy of peacewatch.

Every error a user can cause is a :class:`PeacewatchError`. Its ``str()`` is a single line that says
what was wrong and what to do next; the CLI prints exactly that line to stderr. Code that processes
a batch catches ``PeacewatchError`` per input, reports it, and goes on.
"""

from __future__ import annotations


class PeacewatchError(Exception):
    """Base of every error peacewatch raises on purpose.

    ``message`` says what was wrong; ``hint`` what to do next. ``source`` names the input (a path,
    URL or ``path:line``) when there is one.
    """

    def __init__(self, message: str, *, hint: str | None = None, source: str | None = None):
        self.message = message
        self.hint = hint
        self.source = source
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = []
        if self.source:
            parts.append(f"{self.source}: ")
        parts.append(self.message.rstrip("."))
        if self.hint:
            parts.append(f"; {self.hint.rstrip('.')}")
        return "".join(parts).replace("\n", " ")

    def __reduce__(self) -> tuple[object, ...]:
        # pickled whole (message, hint, source), so an error raised on a Dask worker reads the
        # same as one raised here
        return (_rebuild, (type(self), self.message, self.hint, self.source))


def _rebuild(cls: type[PeacewatchError], message: str, hint: str | None, source: str | None) -> PeacewatchError:
    err = cls.__new__(cls)
    PeacewatchError.__init__(err, message, hint=hint, source=source)
    return err


# --- input -------------------------------------------------------------------------------------


class InputError(PeacewatchError):
    """An input could not be read as news."""


class InputNotFound(InputError):
    """A path or glob matched nothing."""


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is binary (an image, an archive, ...), not text."""


class TruncatedInput(InputError):
    """The input ends in the middle (cut gzip stream, unclosed JSON, ...)."""


class InputTooLarge(InputError):
    """The input is larger than the configured cap."""


class MalformedInput(InputError):
    """The input is of a known kind but broken (bad JSON line, broken feed XML, ...)."""


class FetchError(InputError):
    """An http(s) URL could not be fetched."""


# --- data files ----------------------------------------------------------------------------------


class DictionaryError(PeacewatchError):
    """A dictionary or code table is malformed. ``source`` is ``file:line``."""


# --- store ---------------------------------------------------------------------------------------


class StoreError(PeacewatchError):
    """The database could not be opened, migrated or written."""


class EngineError(PeacewatchError):
    """The Dask engine is not installed, its scheduler cannot be reached, or its workers failed."""


class PartitionError(PeacewatchError):
    """A partition file (``code --out-dir``, ``load``) is missing, unreadable or not peacewatch's."""


class QueryError(PeacewatchError):
    """A search query or filter is not valid (e.g. FTS5 syntax)."""


# --- language models ---------------------------------------------------------------------------


class ModelError(PeacewatchError):
    """The English language pipeline (spaCy's en_core_web_sm from PyPI) is missing or broken."""


# --- other ---------------------------------------------------------------------------------------


class GoldFormatError(PeacewatchError):
    """A gold file given to ``peacewatch evaluate`` is of no known format."""


class NotBuiltYet(PeacewatchError):
    """A contract verb whose capability has not been built yet."""


class ConfigError(PeacewatchError):
    """A setting or settings file is not valid (``watch --every``, a watch rule file)."""
