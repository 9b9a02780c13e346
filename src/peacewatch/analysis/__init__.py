"""peacewatch.analysis: cooperation/conflict series per dyad and track, with change detection.

    from peacewatch.analysis import compute_series, series_from_store
    s = compute_series(event_records, dyad="KOR-PRK", freq="month")

See docs/SERIES.md for the formulas and a worked example.
"""

from .dyads import Dyad, actor_key, parse_dyad
from .series import (
    FREQS,
    Series,
    SeriesPoint,
    compute_series,
    event_in_scope,
    period_of,
    periods_between,
    series_from_store,
    top_dyads,
)

__all__ = [
    "FREQS",
    "Dyad",
    "Series",
    "SeriesPoint",
    "actor_key",
    "compute_series",
    "event_in_scope",
    "parse_dyad",
    "period_of",
    "periods_between",
    "series_from_store",
    "top_dyads",
]
