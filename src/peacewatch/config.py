"""The one options object. Every stage takes an ``Options``; the CLI builds one from its flags."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_DB = Path("peacewatch.db")


@dataclass(frozen=True)
class Options:
    # --- reading ---
    max_bytes: int = 20 * 1024 * 1024
    """Cap on one single-article input (a text or HTML file, a URL). JSONL/CSV/SGML dumps are
    streamed record by record and only each record is capped (``max_record_chars``)."""
    max_record_chars: int = 2_000_000
    url_timeout: float = 30.0
    """Total deadline in seconds for one http(s) URL: connecting, redirects, headers and body
    (a server that drips one byte a second fails at the deadline; CLI ``--timeout``)."""
    url_max_bytes: int = 10 * 1024 * 1024

    # --- dictionaries ---
    dictionaries: tuple[Path, ...] = ()
    """User dictionary directories (project format or PETRARCH/TABARI files)."""
    builtin_dictionaries: bool = True
    """Load the package's own dictionaries beside the user's (False: instead of them)."""

    # --- coding ---
    code_headlines: bool = True
    with_quotes: bool = False

    # --- dedupe ---
    near_duplicate_threshold: float = 0.8
    """Jaccard similarity of word 5-shingles from which two bodies are one story (and no number or
    date was replaced; bodies under 60 words need 0.9). Tuned on Reuters-21578 and KCNA 2011: see
    docs/STORE.md."""
    minhash_permutations: int = 64

    # --- store ---
    db: Path = DEFAULT_DB
    commit_every: int = 100
    """Inputs (articles read, including ones already stored or failing) per ingest transaction; a
    killed run loses at most the open batch, which the next run redoes."""

    # --- UI ---
    progress: bool = True

    def with_(self, **changes: Any) -> "Options":
        return replace(self, **changes)


DEFAULT_OPTIONS = Options()


def default_options() -> Options:
    return DEFAULT_OPTIONS


__all__ = ["Options", "DEFAULT_OPTIONS", "DEFAULT_DB", "default_options", "field"]
