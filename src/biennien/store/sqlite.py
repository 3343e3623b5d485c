"""SQLite store: versioned schema with migrations, WAL mode, one transaction per article.

Article identity is a content hash: the same article ingested again (under any file name) is
stored once, with each file name recorded as a source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from biennien.knowledge import fold_space
from biennien.model import Document, Removed, Sentence
from biennien.timex import Timex


class StoreError(Exception):
    """A store that cannot be opened or written; the message is shown to the user."""


@dataclass(frozen=True)
class StoredArticle:
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    category: str | None
    url: str | None
    sources: tuple[str, ...]


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("biennien.store").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


def content_id(identity_text: str, published: dt.date | None, outlet: str | None) -> str:
    """The stable id of an article: a hash of its text, publication date and outlet."""
    h = hashlib.sha256()
    h.update(fold_space(identity_text).encode("utf-8"))
    h.update(b"\x00" + (published.isoformat() if published else "").encode())
    h.update(b"\x00" + (outlet or "").casefold().encode("utf-8"))
    return h.hexdigest()[:16]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """The SQLite store. Open with :func:`biennien.store.open_store`."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.conn = sqlite3.connect(path, timeout=60, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from None

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> None:
        """Apply the migrations this store has not seen, each in its own transaction."""
        current = self.schema_version()
        known = _migrations()
        if known and current > known[-1][0]:
            raise StoreError(
                f"store {self.path} has schema version {current}, newer than this biennien "
                f"({known[-1][0]}); upgrade biennien"
            )
        for version, script in known:
            if version <= current:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self.schema_version() >= version:  # another process migrated meanwhile
                    self.conn.execute("COMMIT")
                    continue
                for statement in script.split(";\n"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_version VALUES (?)", (version,))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def add(self, doc: Document, identity_text: str) -> tuple[str, bool]:
        """Store one cleaned article in one transaction.

        Returns its id and whether it is new (False: already present; the source is recorded).
        """
        article_id = content_id(identity_text, doc.published, doc.outlet)
        now = _now()
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            exists = c.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            if not exists:
                c.execute(
                    "INSERT INTO articles (id, title, published, outlet, author, category, url,"
                    " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article_id,
                        doc.title,
                        doc.published.isoformat() if doc.published else None,
                        doc.outlet,
                        doc.author,
                        doc.category,
                        doc.url,
                        now,
                    ),
                )
                c.executemany(
                    "INSERT INTO sentences (article_id, idx, kind, paragraph, text)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (article_id, i, s.kind, s.paragraph, s.text)
                        for i, s in enumerate(doc.sentences)
                    ],
                )
                c.executemany(
                    "INSERT INTO removed (article_id, idx, reason, text) VALUES (?, ?, ?, ?)",
                    [(article_id, i, r.reason, r.text) for i, r in enumerate(doc.removed)],
                )
                c.executemany(
                    "INSERT INTO timexes (article_id, sentence, start, end, text, type, value,"
                    " mod) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (article_id, i, t.start, t.end, t.text, t.type, t.value, t.mod)
                        for i, t in doc.timexes
                    ],
                )
            c.execute(
                "INSERT OR IGNORE INTO sources (article_id, source, added_at) VALUES (?, ?, ?)",
                (article_id, doc.source, now),
            )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return article_id, not exists

    # -- reading ----------------------------------------------------------------------------
    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def articles(self) -> Iterator[StoredArticle]:
        """Every article, in the order it was first stored."""
        rows = self.conn.execute(
            "SELECT id, title, published, outlet, author, category, url FROM articles ORDER BY seq"
        ).fetchall()
        for row in rows:
            yield StoredArticle(*row, sources=self.sources(row[0]))

    def article(self, article_id: str) -> StoredArticle | None:
        row = self.conn.execute(
            "SELECT id, title, published, outlet, author, category, url FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return StoredArticle(*row, sources=self.sources(row[0])) if row else None

    def sources(self, article_id: str) -> tuple[str, ...]:
        rows = self.conn.execute(
            "SELECT source FROM sources WHERE article_id = ? ORDER BY added_at, source",
            (article_id,),
        )
        return tuple(r[0] for r in rows)

    def sentences(self, article_id: str) -> list[Sentence]:
        rows = self.conn.execute(
            "SELECT text, kind, paragraph FROM sentences WHERE article_id = ? ORDER BY idx",
            (article_id,),
        )
        return [Sentence(*r) for r in rows]

    def removed(self, article_id: str) -> list[Removed]:
        rows = self.conn.execute(
            "SELECT text, reason FROM removed WHERE article_id = ? ORDER BY idx", (article_id,)
        )
        return [Removed(*r) for r in rows]

    def timexes(self, article_id: str) -> list[tuple[int, Timex]]:
        """The time expressions of an article: (sentence index, Timex), in text order."""
        rows = self.conn.execute(
            "SELECT sentence, start, end, text, type, value, mod FROM timexes"
            " WHERE article_id = ? ORDER BY sentence, start",
            (article_id,),
        )
        return [(r[0], Timex(*r[1:])) for r in rows]

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
