"""peacewatch: news in, a structured, quantitative record of a peace process out.

The public API is small: ``peacewatch.open_db``, ``peacewatch.code_text``, the records in
``peacewatch.model`` and the exceptions in ``peacewatch.errors``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Options  # noqa: E402
from .errors import PeacewatchError  # noqa: E402
from .api import Database, code_text, open_db  # noqa: E402

__all__ = ["Options", "PeacewatchError", "__version__", "Database", "open_db", "code_text"]
