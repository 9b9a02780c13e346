"""Jinja2 environments for the dashboard and the report: autoescape on for every template, a few
number filters. Templates live in ``peacewatch/web/templates``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


def _signed(v: Any, digits: int = 3) -> str:
    if v is None:
        return "—"
    return f"{float(v):+.{digits}f}"


def _num(v: Any, digits: int = 1) -> str:
    if v is None:
        return "—"
    return f"{float(v):.{digits}f}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("peacewatch.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # package data: no stat of every template on every render
    )
    env.filters["signed"] = _signed
    env.filters["num"] = _num
    return env


@lru_cache(maxsize=1)
def report_environment() -> Environment:
    return _environment()


@lru_cache(maxsize=1)
def web_environment() -> Environment:
    return _environment()


def plotly_js_path() -> Path:
    """plotly.min.js from the installed plotly package (served by the dashboard, inlined in the
    brief; never from a CDN)."""
    import plotly

    from ..errors import PeacewatchError

    p = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not p.exists():
        raise PeacewatchError("plotly.min.js is missing from the installed plotly package",
                              hint="reinstall plotly (pip install --force-reinstall plotly)")
    return p
