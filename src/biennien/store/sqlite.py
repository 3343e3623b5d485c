"""SQLite store: versioned schema with migrations, WAL mode, one transaction per article.

Article identity is a content hash: the same article ingested again (under any file name) is
stored once, with each file name recorded as a source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from biennien.entities import Mention, entity_id
from biennien.knowledge import fold_space
from biennien.model import Document, Removed, Sentence
from biennien.store.textindex import TextIndex, query_phrases, words
from biennien.text.fold import fold
from biennien.timex import Timex

_entity_id = lru_cache(maxsize=1 << 16)(entity_id)


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


@dataclass(frozen=True)
class EventRow:
    id: str
    story_id: str
    focus_date: str | None
    first_published: str | None
    last_published: str | None
    size: int


_LEVEL = {"event": ("event_terms", "event_id"), "story": ("story_terms", "story_id")}


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("biennien.store").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


HEAD_CHARS = 600  # a search hit's snippet is found within these in 97% of hits; else read all


# an article's search head, with what its hit shows of the article (the row just stored)
HEAD_INSERT = (
    "INSERT INTO search_heads (seq, id, title, published, outlet, head, whole, folded)"
    " SELECT seq, id, title, published, outlet, ?, ?, ? FROM articles WHERE seq = ?"
)


@dataclass(frozen=True)
class Searchable:
    """An article as the full-text index and the search heads take it, made where the article
    is analysed (in a worker when ingest runs in parallel): the words of its folded title and
    of its folded text after the title (one space between), and the head of that text folded."""

    title: str
    body: str
    head: str


def _body(doc: Document) -> str:
    """An article's text after its title, its sentences joined by spaces (what search reads)."""
    return " ".join(s.text for s in doc.sentences if s.kind != "title")


def searchable(doc: Document) -> Searchable:
    """What :class:`Searchable` holds for ``doc``."""
    folded = fold(_body(doc))
    return Searchable(
        " ".join(words(fold(doc.title or ""))), " ".join(words(folded)), folded[:HEAD_CHARS]
    )


def _head(body: str, folded: str | None = None) -> tuple[str, bool, str]:
    """The head kept for search of an article's text (after its title), whether it is all, and
    the head folded (from ``folded``, the text folded or at least its head, where the caller
    has it)."""
    head = body[:HEAD_CHARS]
    return head, len(body) <= HEAD_CHARS, fold(head) if folded is None else folded[:HEAD_CHARS]


def pack_vector(vector: dict[str, float], digits: int) -> bytes | str:
    """A term vector as the SQLite store keeps it, its weights rounded to ``digits`` decimals:
    the number of terms (4 bytes), the weights (8-byte doubles) and the terms (UTF-8, NUL
    between), read back three times quicker than JSON and to the same numbers. A vector with
    a NUL in a term is kept as JSON (which :func:`unpack_vector` reads too)."""
    weights = [round(w, digits) for w in vector.values()]
    terms = "\0".join(vector)
    if weights and terms.count("\0") != len(weights) - 1:  # a NUL in a term
        return json.dumps(dict(zip(vector, weights, strict=True)), ensure_ascii=False)
    packed = array("d", weights)
    if sys.byteorder != "little":
        packed.byteswap()
    return len(weights).to_bytes(4, "little") + packed.tobytes() + terms.encode("utf-8")


def unpack_vector(stored: bytes | str) -> dict[str, float]:
    """A term vector from :func:`pack_vector` (or JSON text, as older stores kept them)."""
    if isinstance(stored, str):
        return json.loads(stored)
    n = int.from_bytes(stored[:4], "little")
    if not n:
        return {}
    weights = array("d")
    weights.frombytes(stored[4 : 4 + 8 * n])
    if sys.byteorder != "little":
        weights.byteswap()
    return dict(zip(stored[4 + 8 * n :].decode("utf-8").split("\0"), weights, strict=True))


def _bar(total: int, desc: str) -> Any:
    """A progress bar of articles, shown only when there are many (and on a terminal)."""
    from tqdm import tqdm

    return tqdm(
        total=total, unit="article", desc=desc, leave=False, disable=None if total >= 5000 else True
    )


def content_id(identity_text: str, published: dt.date | None, outlet: str | None) -> str:
    """The stable id of an article: a hash of its text, publication date and outlet."""
    h = hashlib.sha256()
    h.update(fold_space(identity_text).encode("utf-8"))
    h.update(b"\x00" + (published.isoformat() if published else "").encode())
    h.update(b"\x00" + (outlet or "").casefold().encode("utf-8"))
    return h.hexdigest()[:16]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def search_filters(
    sql: list[str],
    args: list[object],
    date_from: str | None,
    date_to: str | None,
    outlet: str | None,
    entity: str | None,
    story: str | None,
) -> None:
    """Add the conditions of a search's filters on articles ``a`` to ``sql`` and ``args``."""
    if date_from:
        sql.append("AND a.published >= ?")
        args.append(date_from)
    if date_to:
        sql.append("AND a.published <= ?")
        args.append(date_to)
    if outlet:
        sql.append("AND a.outlet = ?")
        args.append(outlet)
    if entity:
        sql.append(
            "AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.entity = ?)"
        )
        args.append(entity)
    if story:
        sql.append(
            "AND EXISTS (SELECT 1 FROM event_articles ea JOIN events e ON"
            " e.id = ea.event_id WHERE ea.article_id = a.id AND e.story_id = ?)"
        )
        args.append(story)


class SQLiteStore:
    """The SQLite store. Open with :func:`biennien.store.open_store`."""

    def __init__(self, path: str, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        # (seq, words of the title, words of the text) to index once their transaction ends
        self._pending: list[tuple[int, str, str]] = []
        try:
            if readonly:
                uri = f"file:{Path(path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(
                    uri, uri=True, timeout=60, isolation_level=None, check_same_thread=False
                )
            else:
                self.conn = sqlite3.connect(
                    path, timeout=60, isolation_level=None, check_same_thread=False
                )
            self.conn.create_function("bn_fold", 1, fold, deterministic=True)
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute(f"PRAGMA cache_size=-{self.CACHE_KIB}")
            if readonly:  # pages read straight from the OS's cache, by every thread's reader
                self.conn.execute(f"PRAGMA mmap_size={self.MMAP_BYTES}")
            else:
                self._retry_while_locked(self._set_up)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from None
        if not readonly:
            self._catch_up_text()

    CACHE_KIB = 65536  # SQLite's page cache per connection (its default is 2 MiB)
    MMAP_BYTES = 0x7FFF0000  # a reader maps up to 2 GiB of the file (as far as SQLite goes)
    _text: TextIndex | None = None  # the full-text index, opened on first use
    _heads: str | None = None  # what a hit reads from the search heads (once known; "": none)
    TEXT_LOCK_WAIT = 10.0  # seconds a closing store waits for another's hold on the index
    OPEN_WAIT = 60.0  # seconds to wait for another process that is creating the store

    def _set_up(self) -> None:
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    def _retry_while_locked(self, step: Callable[[], None]) -> None:
        """Run ``step``, waiting while another process holds the store (switching a new
        store to WAL or migrating it does not wait on SQLite's busy timeout)."""
        deadline = time.monotonic() + self.OPEN_WAIT
        pause = 0.02
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as exc:
                locked = "locked" in str(exc) or "busy" in str(exc)
                if not locked or time.monotonic() > deadline:
                    raise
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

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
        if self._text is not None and not self.readonly:
            self._flush_text(catch_up=True, wait=self.TEXT_LOCK_WAIT)
            self._text.release()
        self.conn.close()

    # -- the full-text index (see biennien.store.textindex) ----------------------------------
    def text_index_path(self) -> str | None:
        """The folder of the store's full-text index (None: kept in memory)."""
        if self.path == ":memory:" or self.path.startswith("file:"):
            return None
        return str(Path(self.path).resolve()) + ".search"

    def _text_index(self) -> TextIndex | None:
        """The full-text index (None for a reader when the store has none yet, or one an
        older biennien made: a store opened for writing makes it anew)."""
        if self._text is None:
            folder = self.text_index_path()
            if self.readonly and folder:
                self._text = TextIndex.for_reading(folder)
            else:
                self._text = TextIndex(folder)
        return self._text

    def _catch_up_text(self) -> None:
        """Index the stored articles the full-text index lacks (all of them in a store made
        before the index existed), unless another process is writing the index."""
        index = self._text_index()
        assert index is not None
        newest, count = self.conn.execute(
            "SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM articles"
        ).fetchone()
        self._catch_up_heads()
        if index.last_seq() == newest and index.count() == count:
            return  # up to date: no need of the writer
        self._flush_text(catch_up=True)
        index.release()

    def _catch_up_heads(self) -> None:
        """Store the search heads the store lacks (of articles stored before they existed),
        a chunk of articles a transaction; then note that every article has one (articles
        stored since get theirs as they are stored), so that later opens need not look."""
        if self.meta("search_heads") == "all":
            return
        articles, have = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM search_heads)"
        ).fetchone()
        bar = _bar(articles - have, "storing search heads")
        for rows in self._pages_by_seq(
            "SELECT a.seq, a.id FROM articles a LEFT JOIN search_heads h ON h.seq = a.seq"
            " WHERE a.seq > ? AND h.seq IS NULL ORDER BY a.seq LIMIT 1000",
            0,
        ):
            bodies = self._bodies([article_id for _, article_id in rows])
            with self.transaction():
                self.conn.executemany(
                    HEAD_INSERT.replace("INSERT", "INSERT OR IGNORE", 1),
                    [(*_head(bodies[article_id][0]), seq) for seq, article_id in rows],
                )
            bar.update(len(rows))
        bar.close()
        with self.transaction():
            self.set_meta("search_heads", "all")

    def _pages_by_seq(self, sql: str, after: int) -> Iterator[list[tuple]]:
        """The rows of ``sql`` (seq first; ``?`` the seq to go on after) page by page, each
        page read once the one before has been used."""
        while True:
            rows = self.conn.execute(sql, (after,)).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield rows

    def _bodies(
        self, article_ids: list[str], first: int | None = None
    ) -> dict[str, tuple[str, bool]]:
        """The text after the title of each article, its sentences joined by spaces, and
        whether that is all of it: with ``first``, only the sentences before the ``first``-th."""
        out: dict[str, tuple[str, bool]] = {}
        upto = "" if first is None else f" AND idx <= {int(first)}"
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            parts: dict[str, list[str]] = {a: [] for a in chunk}
            complete = dict.fromkeys(chunk, True)
            for article_id, idx, text in self.conn.execute(
                f"SELECT article_id, idx, text FROM sentences WHERE article_id IN ({marks})"
                f" AND kind != 'title'{upto} ORDER BY article_id, idx",
                chunk,
            ):
                if first is not None and idx >= first:
                    complete[article_id] = False  # a sentence beyond: there may be more
                    continue
                parts[article_id].append(text)
            out.update((a, (" ".join(p), complete[a])) for a, p in parts.items())
        return out

    def _flush_text(self, catch_up: bool = False, wait: float = 0.0) -> None:
        """Hand the articles of committed transactions to the index (with ``catch_up``, or
        when others were stored meanwhile, also those it lacks), and commit it if it is due."""
        pending, self._pending = self._pending, []
        if not pending and not catch_up:
            return
        index = self._text_index()
        assert index is not None
        deadline = time.monotonic() + wait
        while not index.take_writer():  # another process writes the index: it catches up
            if time.monotonic() >= deadline:
                return
            time.sleep(0.1)
        known = {row[0]: row for row in pending if row[0] > index.upto}
        missing = self.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE seq > ?", (index.upto,)
        ).fetchone()[0] - len(known)
        if missing <= 0:  # what this store queued: words already
            index.add(sorted(known.values()), split=False)
        elif not known:  # before the index existed (perhaps many): read as they are indexed
            index.add(self._stored_rows(index.upto, set(), missing))
        else:  # stored by another process meanwhile, before or after these (a few)
            rows = list(self._stored_rows(index.upto, set(known), missing))
            index.add(sorted(rows + list(known.values())))
        index.commit(force=False)

    def _stored_rows(
        self, after: int, skip: set[int], missing: int
    ) -> Iterator[tuple[int, str, str]]:
        """(seq, folded title, folded text) of the stored articles above ``after`` that are
        not in ``skip``, in order, read a chunk at a time (with a bar when there are many)."""
        bar = _bar(missing, "indexing for search")
        for page in self._pages_by_seq(
            "SELECT seq, id, COALESCE(title, '') FROM articles WHERE seq > ?"
            " ORDER BY seq LIMIT 1000",
            after,
        ):
            rows = [r for r in page if r[0] not in skip]
            bodies = self._bodies([r[1] for r in rows])
            for seq, article_id, title in rows:
                yield seq, fold(title), fold(bodies[article_id][0])
            bar.update(len(rows))
        bar.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested uses join the outer one)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('commits', 1) ON CONFLICT (key)"
                " DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._pending.clear()
            raise
        self.conn.execute("COMMIT")
        self._flush_text()

    def add(self, doc: Document, identity_text: str) -> tuple[str, bool]:
        """Store one cleaned article in its own transaction (see :meth:`insert_article`)."""
        with self.transaction():
            return self.insert_article(doc, identity_text)

    def contains(self, doc: Document, identity_text: str) -> bool:
        """Whether the article ``doc`` is already stored."""
        article_id = content_id(identity_text, doc.published, doc.outlet)
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    def insert_article(
        self, doc: Document, identity_text: str, search: Searchable | None = None
    ) -> tuple[str, bool]:
        """Store one article; its id and whether it is new (False: already present, and the
        source is recorded beside the first). ``search``: :func:`searchable` of ``doc`` when
        already made."""
        article_id = content_id(identity_text, doc.published, doc.outlet)
        now = _now()
        c = self.conn
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
                [(article_id, i, s.kind, s.paragraph, s.text) for i, s in enumerate(doc.sentences)],
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
            c.executemany(
                "INSERT OR IGNORE INTO mentions (article_id, sentence, start, end, text, type,"
                " name, entity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        article_id,
                        i,
                        m.start,
                        m.end,
                        m.text,
                        m.type,
                        m.name,
                        _entity_id(m.type, m.name),
                    )
                    for i, m in doc.mentions
                ],
            )
            self._index(article_id, doc, search)
        c.execute(
            "INSERT OR IGNORE INTO sources (article_id, source, added_at) VALUES (?, ?, ?)",
            (article_id, doc.source, now),
        )
        return article_id, not exists

    def _index(self, article_id: str, doc: Document, search: Searchable | None = None) -> None:
        """Queue a new article's folded title and text for the full-text index (written once
        the transaction has committed) and store its search head."""
        search = search or searchable(doc)
        seq = self.conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        self._pending.append((seq[0], search.title, search.body))
        self.conn.execute(HEAD_INSERT, (*_head(_body(doc), search.head), seq[0]))
        if not self.conn.in_transaction:
            self._flush_text()

    # -- linking: document frequencies, fingerprints, events, stories ------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
            " value = excluded.value",
            (key, value),
        )

    def add_doc_freqs(self, counts: dict[str, int], added_docs: int) -> int:
        """Add ``counts`` (term -> number of new documents holding it) to the document
        frequencies and ``added_docs`` to the number of documents counted; returns that number
        (which includes what other writers added meanwhile)."""
        self.conn.executemany(
            "INSERT INTO doc_freq (term, n) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET"
            " n = n + excluded.n",
            counts.items(),
        )
        total = self.n_docs() + added_docs
        self.set_meta("n_docs", str(total))
        return total

    def n_docs(self) -> int:
        return int(self.meta("n_docs", "0") or 0)

    def doc_freqs(self, terms: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(terms, 500):
            marks = ",".join("?" * len(chunk))
            for term, n in self.conn.execute(
                f"SELECT term, n FROM doc_freq WHERE term IN ({marks})", chunk
            ):
                out[term] = n
        return out

    def add_sentence_hashes(self, article_id: str, hashes: list[tuple[str, int]]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO sentence_hashes (hash, article_id, sentence) VALUES (?, ?, ?)",
            [(h, article_id, i) for h, i in hashes],
        )

    def shared_sentences(self, articles: list[str] | None = None) -> list[tuple[str, str, int]]:
        """(hash, article, sentence) for every fingerprint found in more than one article
        (only those that one of ``articles`` holds, when given)."""
        if articles is None:
            return self.conn.execute(
                "SELECT hash, article_id, sentence FROM sentence_hashes WHERE hash IN (SELECT"
                " hash FROM sentence_hashes GROUP BY hash HAVING COUNT(DISTINCT article_id) > 1)"
                " ORDER BY hash, article_id, sentence"
            ).fetchall()
        out: list[tuple[str, str, int]] = []
        for chunk in _chunks(articles, 500):
            marks = ",".join("?" * len(chunk))
            out += self.conn.execute(
                "SELECT hash, article_id, sentence FROM sentence_hashes WHERE hash IN (SELECT"
                f" hash FROM sentence_hashes WHERE article_id IN ({marks}))",
                chunk,
            ).fetchall()
        holders: dict[str, set[str]] = {}
        for h, a, _ in out:
            holders.setdefault(h, set()).add(a)
        out = [row for row in out if len(holders[row[0]]) > 1]
        return sorted(set(out))

    def sentence_count(self, article_id: str) -> int:
        return self.conn.execute(
            "SELECT COUNT(*) FROM sentence_hashes WHERE article_id = ?", (article_id,)
        ).fetchone()[0]

    def candidates(self, level: str, terms: list[str], limit: int) -> list[str]:
        """Events or stories (``level``) posted under the most of ``terms``, best first."""
        table, key = _LEVEL[level]
        if not terms:
            return []
        marks = ",".join("?" * len(terms))
        rows = self.conn.execute(
            f"SELECT {key} FROM {table} WHERE term IN ({marks}) GROUP BY {key}"
            f" ORDER BY COUNT(*) DESC, {key} DESC LIMIT ?",
            (*terms, limit),
        )
        return [r[0] for r in rows]

    def post(self, level: str, item_id: str, terms: Iterable[str]) -> None:
        """Record ``item_id`` under each of ``terms`` for :meth:`candidates`."""
        table, key = _LEVEL[level]
        self.conn.executemany(
            f"INSERT OR IGNORE INTO {table} (term, {key}) VALUES (?, ?)",
            [(t, item_id) for t in terms],
        )

    @staticmethod
    def _pack(vector: dict[str, float], digits: int) -> bytes | str:
        """A term vector as this store keeps it (:func:`pack_vector`)."""
        return pack_vector(vector, digits)

    def vector(self, level: str, item_id: str) -> dict[str, float]:
        table = "events" if level == "event" else "stories"
        row = self.conn.execute(f"SELECT vector FROM {table} WHERE id = ?", (item_id,)).fetchone()
        return unpack_vector(row[0]) if row else {}

    def set_vector(self, level: str, item_id: str, vector: dict[str, float]) -> None:
        table = "events" if level == "event" else "stories"
        self.conn.execute(
            f"UPDATE {table} SET vector = ? WHERE id = ?", (self._pack(vector, 5), item_id)
        )

    def set_article_vector(self, article_id: str, vector: dict[str, float]) -> None:
        """Record an article's term frequencies (its strongest terms) for linking."""
        self.conn.execute(
            "INSERT OR REPLACE INTO article_vectors (article_id, vector) VALUES (?, ?)",
            (article_id, self._pack(vector, 4)),
        )

    def member_vectors(self, event_id: str, last: int | None = None) -> list[dict[str, float]]:
        """The term frequencies of every article of an event (of the ``last`` placed in it,
        when given), in the order they were placed."""
        if last is None:
            rows = self.conn.execute(
                "SELECT v.vector FROM event_articles e JOIN article_vectors v"
                " ON v.article_id = e.article_id WHERE e.event_id = ? ORDER BY e.rowid",
                (event_id,),
            )
        else:
            rows = self.conn.execute(
                "SELECT v.vector FROM (SELECT article_id, rowid AS placed FROM event_articles"
                " WHERE event_id = ? ORDER BY rowid DESC LIMIT ?) e JOIN article_vectors v"
                " ON v.article_id = e.article_id ORDER BY e.placed",
                (event_id, last),
            )
        return [unpack_vector(r[0]) for r in rows]

    def event_vector(self, event_id: str) -> tuple[dict[str, float], int]:
        """An event's vector and the number of documents counted when it was weighed."""
        row = self.conn.execute(
            "SELECT vector, vector_n FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        return (unpack_vector(row[0]), row[1]) if row else ({}, 0)

    def set_event_vector(self, event_id: str, vector: dict[str, float], n_docs: int) -> None:
        self.conn.execute(
            "UPDATE events SET vector = ?, vector_n = ? WHERE id = ?",
            (self._pack(vector, 5), n_docs, event_id),
        )

    def create_story(self, story_id: str) -> None:
        self.conn.execute("INSERT INTO stories (id) VALUES (?)", (story_id,))

    def create_event(self, event_id: str, story_id: str) -> None:
        self.conn.execute("INSERT INTO events (id, story_id) VALUES (?, ?)", (event_id, story_id))

    def event(self, event_id: str) -> EventRow | None:
        row = self.conn.execute(
            "SELECT id, story_id, focus_date, first_published, last_published, size FROM events"
            " WHERE id = ? AND merged_into IS NULL",
            (event_id,),
        ).fetchone()
        return EventRow(*row) if row else None

    def event_seq(self, event_id: str) -> int:
        """The order in which an event was created (older first)."""
        return self.conn.execute("SELECT seq FROM events WHERE id = ?", (event_id,)).fetchone()[0]

    def merge_events(self, keep: str, absorb: str) -> None:
        """Move every article of event ``absorb`` into ``keep``; ``absorb`` records where it
        went (its id stays resolvable) and leaves the listings."""
        c = self.conn
        c.execute("UPDATE event_articles SET event_id = ? WHERE event_id = ?", (keep, absorb))
        row = c.execute(
            "SELECT size, first_published, last_published, focus_date FROM events WHERE id = ?",
            (absorb,),
        ).fetchone()
        c.execute(
            "UPDATE events SET size = size + ?,"
            " first_published = MIN(COALESCE(first_published, ?2), COALESCE(?2, first_published)),"
            " last_published = MAX(COALESCE(last_published, ?3), COALESCE(?3, last_published)),"
            " focus_date = COALESCE(focus_date, ?4) WHERE id = ?5",
            (row[0], row[1], row[2], row[3], keep),
        )
        if row[1]:
            c.execute(self._WIDEN_STORY, (row[1], row[2], keep))
        c.execute("UPDATE events SET merged_into = ?, size = 0 WHERE id = ?", (keep, absorb))
        c.execute(
            "INSERT OR IGNORE INTO event_terms (term, event_id) SELECT term, ? FROM event_terms"
            " WHERE event_id = ?",
            (keep, absorb),
        )
        c.execute("DELETE FROM event_terms WHERE event_id = ?", (absorb,))

    def story_span(self, story_id: str) -> tuple[str, str] | None:
        """The first and last publication dates of a story's events, when known."""
        row = self.conn.execute(
            "SELECT first_published, last_published FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return (row[0], row[1]) if row and row[0] else None

    # Widen the span of the story of event ?3 to take in the dates ?1 (first) and ?2 (last).
    _WIDEN_STORY = (
        "UPDATE stories SET"
        " first_published = CASE WHEN ?1 IS NOT NULL AND (first_published IS NULL OR"
        "   ?1 < first_published) THEN ?1 ELSE first_published END,"
        " last_published = CASE WHEN ?2 IS NOT NULL AND (last_published IS NULL OR"
        "   ?2 > last_published) THEN ?2 ELSE last_published END"
        " WHERE id = (SELECT story_id FROM events WHERE id = ?3)"
    )

    def story_weights(self, story_id: str) -> tuple[dict[str, float], dict[str, float], int]:
        """A story's vector, its stored TF-IDF weights and the number of documents counted
        when those were weighed (0: never)."""
        row = self.conn.execute(
            "SELECT vector, weighed, weighed_n FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if not row:
            return {}, {}, 0
        return unpack_vector(row[0]), unpack_vector(row[1]) if row[1] else {}, row[2]

    def set_story_weights(self, story_id: str, weighed: dict[str, float], n_docs: int) -> None:
        self.conn.execute(
            "UPDATE stories SET weighed = ?, weighed_n = ? WHERE id = ?",
            (self._pack(weighed, 6), n_docs, story_id),
        )

    def add_to_event(
        self, article_id: str, event_id: str, published: str | None, focus_date: str | None
    ) -> None:
        self.conn.execute(
            "INSERT INTO event_articles (article_id, event_id) VALUES (?, ?)",
            (article_id, event_id),
        )
        self.conn.execute(
            "UPDATE events SET size = size + 1,"
            " first_published = CASE WHEN ?1 IS NOT NULL AND (first_published IS NULL OR"
            "   ?1 < first_published) THEN ?1 ELSE first_published END,"
            " last_published = CASE WHEN ?1 IS NOT NULL AND (last_published IS NULL OR"
            "   ?1 > last_published) THEN ?1 ELSE last_published END,"
            " focus_date = COALESCE(focus_date, ?2) WHERE id = ?3",
            (published, focus_date, event_id),
        )
        if published:
            self.conn.execute(self._WIDEN_STORY, (published, published, event_id))

    # -- reading ----------------------------------------------------------------------------
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

    def events_of(self, articles: list[str]) -> dict[str, str]:
        """The event of each of ``articles`` that has one."""
        out: dict[str, str] = {}
        for chunk in _chunks(articles, 500):
            marks = ",".join("?" * len(chunk))
            out.update(
                self.conn.execute(
                    "SELECT article_id, event_id FROM event_articles"
                    f" WHERE article_id IN ({marks})",
                    chunk,
                ).fetchall()
            )
        return out

    def event_of(self) -> dict[str, str]:
        """Every article's event."""
        return dict(self.conn.execute("SELECT article_id, event_id FROM event_articles"))

    def events(self) -> list[EventRow]:
        rows = self.conn.execute(
            "SELECT id, story_id, focus_date, first_published, last_published, size FROM events"
            " WHERE merged_into IS NULL ORDER BY seq"
        )
        return [EventRow(*r) for r in rows]

    def event_articles(self, event_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT e.article_id FROM event_articles e JOIN articles a ON a.id = e.article_id"
            " WHERE e.event_id = ? ORDER BY a.seq",
            (event_id,),
        )
        return [r[0] for r in rows]

    def data_version(self) -> int:
        """Changes when another connection has committed to the store (what this one has
        cached of it may be stale)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def version(self) -> tuple[int, int]:
        """Changes whenever a write transaction has committed (articles added, events
        changed): a key for caches, cheap to read."""
        row = self.conn.execute(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM articles),"
            " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'commits')"
        ).fetchone()
        return row[0], row[1] or 0

    def story_events(self, story_id: str) -> list[EventRow]:
        """The events of one story, in the order they were created."""
        rows = self.conn.execute(
            "SELECT id, story_id, focus_date, first_published, last_published, size FROM events"
            " WHERE story_id = ? AND merged_into IS NULL ORDER BY seq",
            (story_id,),
        )
        return [EventRow(*r) for r in rows]

    def story_overview(self) -> list[tuple[str, int, int, str | None, str | None]]:
        """Every story with events: (id, events, articles, first and last publication)."""
        rows = self.conn.execute(
            "SELECT story_id, COUNT(*), SUM(size), MIN(first_published), MAX(last_published)"
            " FROM events WHERE merged_into IS NULL AND size > 0 GROUP BY story_id"
        )
        return [tuple(r) for r in rows]

    def story_coverage(self, story_id: str) -> list[tuple[str | None, str | None, int]]:
        """(published, outlet, articles) for the articles of one story."""
        rows = self.conn.execute(
            "SELECT a.published, a.outlet, COUNT(*) FROM events e JOIN event_articles ea ON"
            " ea.event_id = e.id JOIN articles a ON a.id = ea.article_id WHERE e.story_id = ?"
            " AND e.merged_into IS NULL GROUP BY a.published, a.outlet",
            (story_id,),
        )
        return [tuple(r) for r in rows]

    def story_members(self, story_id: str) -> list[tuple[str, str]]:
        """(event id, article id) for the articles of one story, in no particular order."""
        rows = self.conn.execute(
            "SELECT ea.event_id, ea.article_id FROM events e JOIN event_articles ea"
            " ON ea.event_id = e.id WHERE e.story_id = ? AND e.merged_into IS NULL",
            (story_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def story_view(self, story_id: str) -> tuple[str, str] | None:
        """A story's stored view (see ``biennien.story.stored``): (stamp, JSON), or None (none
        stored, or a store from before views, opened read-only)."""
        if not self._views_table():
            return None
        row = self.conn.execute(
            "SELECT stamp, data FROM story_views WHERE story_id = ?", (story_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def story_page(self, story_id: str) -> tuple[str, str | None] | None:
        """A story's stored page: (stamp, HTML or None), or None (as :meth:`story_view`)."""
        if not self._views_table():
            return None
        row = self.conn.execute(
            "SELECT stamp, html FROM story_views WHERE story_id = ?", (story_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def story_stamp(self, story_id: str) -> tuple[str, str | None] | None:
        """The stamp of a story's stored view and the store version it was last found current
        at: (stamp, checked), or None (as :meth:`story_view`)."""
        if not self._views_table():
            return None
        row = self.conn.execute(
            "SELECT stamp, checked FROM story_views WHERE story_id = ?", (story_id,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def put_story_view(
        self,
        story_id: str,
        stamp: str,
        articles: int,
        data: str,
        html: str | None = None,
        checked: str | None = None,
    ) -> None:
        """Store a story's view (and its page): a cache, not a change of the store (outside
        :meth:`transaction`, so :meth:`version` does not move)."""
        self.conn.execute(
            "INSERT INTO story_views (story_id, stamp, articles, data, html, checked)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET"
            " stamp = excluded.stamp, articles = excluded.articles, data = excluded.data,"
            " html = excluded.html, checked = excluded.checked",
            (story_id, stamp, articles, data, html, checked),
        )

    def check_story_view(self, story_id: str, checked: str) -> None:
        """Note that a story's stored view was found current at store version ``checked``."""
        self.conn.execute(
            "UPDATE story_views SET checked = ? WHERE story_id = ?", (checked, story_id)
        )

    def forget_story_views(self) -> int:
        """Delete the stored views of stories that have no articles any more; how many."""
        cur = self.conn.execute(
            "DELETE FROM story_views WHERE story_id NOT IN (SELECT story_id FROM events"
            " WHERE merged_into IS NULL AND size > 0)"
        )
        return cur.rowcount

    def _views_table(self) -> bool:
        found = getattr(self, "_has_views", None)
        if found is None:
            found = self._has_views = self.has_table("story_views")
        return found

    def stories(self) -> list[str]:
        rows = self.conn.execute("SELECT id FROM stories WHERE merged_into IS NULL ORDER BY seq")
        return [r[0] for r in rows]

    def mentions(self, article_id: str) -> list[tuple[int, Mention]]:
        """The entity mentions of an article: (sentence index, Mention), in text order."""
        rows = self.conn.execute(
            "SELECT sentence, start, end, text, type, name FROM mentions"
            " WHERE article_id = ? ORDER BY sentence, start",
            (article_id,),
        )
        return [(r[0], Mention(*r[1:])) for r in rows]

    def _head_columns(self) -> str:
        """What a hit reads from the store's search heads, as this biennien keeps them; ""
        where they lack what a hit shows (a reader of a store not migrated yet may find no
        heads, heads without what their hits show, or heads not folded)."""
        if self._heads is None:
            columns = {c[1] for c in self.conn.execute("PRAGMA table_info(search_heads)")}
            self._heads = (
                ""
                if "id" not in columns
                else "seq, id, title, published, outlet, head, whole, "
                + ("folded" if "folded" in columns else "NULL")
            )
        return self._heads

    def search_texts(
        self, article_ids: list[str], first: int | None = None
    ) -> dict[str, tuple[str | None, str | None, str | None, str, bool]]:
        """What search results show of ``article_ids``: (title, published, outlet, the text
        without its title, whether that is the whole text) of each, in two queries. With
        ``first``, only the sentences before the ``first``-th (a snippet seldom needs more)."""
        out: dict[str, tuple[str | None, str | None, str | None, str, bool]] = {}
        bodies = self._bodies(article_ids, first)
        for chunk in _chunks(article_ids, 500):
            marks = ",".join("?" * len(chunk))
            for article_id, title, published, outlet in self.conn.execute(
                f"SELECT id, title, published, outlet FROM articles WHERE id IN ({marks})", chunk
            ):
                out[article_id] = (title, published, outlet, *bodies[article_id])
        return out

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        story: str | None = None,
        shown: dict[str, tuple[str | None, str | None, str | None, str, bool, str | None]]
        | None = None,
    ) -> list[tuple[str, float]]:
        """Articles holding every word of ``query`` (diacritics optional), best first by
        BM25 (a title word counts three times), as (article id, score); optionally within a
        publication date range, from one outlet, mentioning one entity, or in one story.
        ``shown``, where given, gets what the hits that have a search head show, read in the
        same lookup: for each, (title, published, outlet, the first HEAD_CHARS characters of
        its text, whether that is all of it), as :meth:`search_texts` gives with ``first``,
        and that head folded (None where the store has not folded it)."""
        phrases = query_phrases(fold(query))
        index = self._committed_index() if phrases else None  # finds what this store added
        if index is None:
            return []
        seqs = None
        if date_from or date_to or outlet or entity or story:
            sql = ["SELECT a.seq FROM articles a WHERE 1 = 1"]
            args: list[object] = []
            search_filters(sql, args, date_from, date_to, outlet, entity, story)
            seqs = [r[0] for r in self.conn.execute(" ".join(sql), args)]
        found = index.search(phrases, limit, offset, seqs)
        if not found:
            return []
        marks = ",".join("?" * len(found))
        at = [seq for seq, _ in found]
        id_of = {}
        if columns := self._head_columns():  # the ids, and what the hits show, in one lookup
            for seq, article_id, *head in self.conn.execute(
                f"SELECT {columns} FROM search_heads WHERE seq IN ({marks})", at
            ):
                id_of[seq] = article_id
                if shown is not None:
                    shown[article_id] = (*head[:4], bool(head[4]), head[5])
        if len(id_of) < len(at):  # articles without a head yet
            id_of.update(
                self.conn.execute(f"SELECT seq, id FROM articles WHERE seq IN ({marks})", at)
            )
        return [(id_of[seq], score) for seq, score in found if seq in id_of]

    def entity_mentions(self, entity: str) -> list[tuple[str, int, Mention]]:
        """Every mention of one entity: (article, sentence, mention)."""
        rows = self.conn.execute(
            "SELECT article_id, sentence, start, end, text, type, name FROM mentions"
            " WHERE entity = ? ORDER BY article_id, sentence, start",
            (entity,),
        )
        return [(r[0], r[1], Mention(*r[2:])) for r in rows]

    def co_mentioned(self, entity: str, limit: int = 15) -> list[tuple[str, str, str, int]]:
        """Entities most often in the same articles as ``entity``: (id, name, type, articles)."""
        rows = self.conn.execute(
            "SELECT m2.entity, m2.name, m2.type, COUNT(DISTINCT m2.article_id) AS n"
            " FROM mentions m1 JOIN mentions m2 ON m1.article_id = m2.article_id"
            " WHERE m1.entity = ? AND m2.entity != ? GROUP BY m2.entity"
            " ORDER BY n DESC, m2.entity DESC LIMIT ?",
            (entity, entity, limit),
        )
        return [tuple(r) for r in rows]

    def _committed_index(self) -> TextIndex | None:
        index = self._text_index()
        if index is not None:
            index.commit()  # what this store has added is counted too
        return index

    def search_indexed(self) -> int:
        """How many articles the full-text index holds (fewer than the store for a moment
        while another process writes the index)."""
        index = self._committed_index()
        return index.count() if index is not None else 0

    def search_segments(self) -> int:
        """How many segments the full-text index is kept in (tantivy merges them itself)."""
        index = self._committed_index()
        return index.segments() if index is not None else 0

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
