"""Opening an existing database for the read-only verbs, with the error a new user needs."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from ..errors import StoreError

if TYPE_CHECKING:
    from ..store import Store


def open_existing(db: Path, *, readonly: bool = True) -> Store:
    from ..store import Store

    if not Path(db).exists():
        raise StoreError(
            f"no database at {db}",
            hint="run 'peacewatch ingest PATH --db FILE' first, or pass --db with an existing file",
        )
    return Store.open(db, readonly=readonly)
