"""The store: the only place that speaks SQL. SQLite by default (``store.sqlite``); a
``postgresql://`` URL selects PostgreSQL (``store.postgres``, which needs psycopg)."""

from __future__ import annotations

import os

from biennien.store.sqlite import SQLiteStore, StoreError

DEFAULT_DB = "biennien.db"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def default_db() -> str:
    """``$BIENNIEN_DB``, else ``biennien.db`` in the working directory."""
    return os.environ.get("BIENNIEN_DB") or DEFAULT_DB


def is_postgres(db: str) -> bool:
    """Whether ``db`` names a PostgreSQL database rather than a SQLite file."""
    return db.startswith(POSTGRES_SCHEMES)


def open_store(db: str | None = None, readonly: bool = False) -> SQLiteStore:
    """Open the store named by ``db``: a SQLite file (created and migrated as needed) or a
    ``postgresql://`` URL (migrated as needed). ``readonly``: no migration, no writes."""
    db = db or default_db()
    if is_postgres(db):
        from biennien.store.postgres import PostgresStore

        return PostgresStore(db, readonly=readonly)
    return SQLiteStore(db, readonly=readonly)


__all__ = ["DEFAULT_DB", "SQLiteStore", "StoreError", "default_db", "is_postgres", "open_store"]
