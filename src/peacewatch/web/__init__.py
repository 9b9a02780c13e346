"""peacewatch.web: the local dashboard (FastAPI + Jinja2), ``peacewatch serve``.

    from peacewatch.web import create_app
    app = create_app("peacewatch.db")      # read-only; run with uvicorn

Pages and the JSON API behind them: docs/WEB.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    from .app import create_app as _create

    return _create(*args, **kwargs)
