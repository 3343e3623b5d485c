"""The store: the only place that speaks SQL. SQLite by default (``store.sqlite``)."""

from __future__ import annotations

import os

from biennien.store.sqlite import SQLiteStore, StoreError

DEFAULT_DB = "biennien.db"


def default_db() -> str:
    """``$BIENNIEN_DB``, else ``biennien.db`` in the working directory."""
    return os.environ.get("BIENNIEN_DB") or DEFAULT_DB


def open_store(db: str | None = None) -> SQLiteStore:
    """Open (creating and migrating as needed) the store named by ``db``."""
    db = db or default_db()
    if db.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available yet; use a SQLite file path")
    return SQLiteStore(db)


__all__ = ["DEFAULT_DB", "SQLiteStore", "StoreError", "default_db", "open_store"]
