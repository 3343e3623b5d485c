"""PostgreSQL store: the SQLite store's interface and results over a PostgreSQL database.

``PostgresStore`` inherits every method of :class:`SQLiteStore` whose SQL both engines accept:
its connection takes the SQLite dialect's ``?``/``?N`` parameters, ``INSERT OR IGNORE`` and the
column ``end`` and passes them on in PostgreSQL's terms. The methods whose SQL differs (schema,
transactions, search, merges, upserts) are written here again. Search keeps the SQLite
store's semantics: the same folded words (``biennien.store.textindex.words``) in a
``tsvector``, matched with a ``tsquery`` (GIN-indexed), ranked by the same BM25 as the SQLite
store's tantivy index (``biennien.store.textindex.bm25_tantivy``).

psycopg (3) is needed only here; :func:`biennien.store.open_store` imports this module for
``postgresql://`` URLs alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from biennien.model import Document
from biennien.store.sqlite import (
    Searchable,
    SQLiteStore,
    StoreError,
    search_filters,
    searchable,
)
from biennien.store.textindex import (
    average_length,
    bm25_tantivy,
    field_score,
    indexed_length,
    query_phrases,
    words,
)
from biennien.text.fold import fold

try:
    import psycopg
    from psycopg import pq
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    from psycopg.types.string import StrDumper
except ImportError:  # pragma: no cover - the message is tested through open_store
    psycopg = None  # type: ignore[assignment]

INSTALL_HINT = "pip install 'biennien[pg]' (or: pip install 'psycopg[binary]')"

_LOCK_CLASS = 0x62_6E  # advisory lock class ("bn"); the second key is the schema's hash
_KEYS = "?, hashtext(current_schema())"
CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise

# -- search: the words the SQLite store's index holds, BM25 as tantivy computes it --------------
MAX_POSITION = 16383  # PostgreSQL keeps no later word position: later words share this one
MAX_POSITIONS = 256  # positions PostgreSQL keeps for one word in one article
MAX_TSVECTOR_BYTES = 900_000  # below PostgreSQL's 1 MB: words past this are left out


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def search_vector(title: str, body: str) -> tuple[str, int, int]:
    """A tsvector literal for a folded title and text, the number of words in the title, and
    in both.

    Title words are at weight A, text words at weight D; one position a word, with one empty
    position between title and text (so that no phrase spans both, as in the SQLite index)."""
    positions: dict[str, list[str]] = {}
    size = 0
    pos = 0
    title_words, body_words = words(title), words(body)
    for found, weight in ((title_words, "A"), (body_words, "")):
        for word in found:
            pos += 1
            at = positions.get(word)
            if at is None:
                n = len(word.encode("utf-8"))
                if size + n > MAX_TSVECTOR_BYTES:
                    continue
                size += n + 8
                at = positions[word] = []
            if len(at) < MAX_POSITIONS:
                where = f"{min(pos, MAX_POSITION)}{weight}"
                if not at or at[-1] != where:
                    at.append(where)
                    size += 2
        pos += 1
    text = " ".join(f"{_quote(w)}:{','.join(at)}" for w, at in positions.items())
    return text, len(title_words), len(title_words) + len(body_words)


def _tsquery(phrase: list[str]) -> str:
    return "(" + " <-> ".join(_quote(t) for t in phrase) + ")"


def _phrase_freqs(phrase: list[str], at: dict[str, dict[int, str]]) -> tuple[int, int]:
    """How often ``phrase`` is in one article's title and in its text (``at``: word ->
    position -> weight)."""
    title = body = 0
    for pos, weight in at.get(phrase[0], {}).items():
        if all(pos + k in at.get(word, {}) for k, word in enumerate(phrase[1:], start=1)):
            if weight == "A":
                title += 1
            else:
                body += 1
    return title, body


# -- the SQLite dialect, spoken to PostgreSQL ---------------------------------------------------
_PARAM = re.compile(r"\?(\d*)")
_END = re.compile(r'(?<![\w"])end(?![\w"])')  # the column; the keyword is written END
_LITERAL = re.compile(r"('[^']*')")


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, tuple[int, ...]]:
    """SQLite-dialect SQL as PostgreSQL takes it, with the order in which to pass the
    parameters (``?N`` may be used more than once; a bare ``?`` is the next number)."""
    if "INSERT OR REPLACE" in sql:
        raise NotImplementedError("INSERT OR REPLACE: write the method again in PostgresStore")
    order: list[int] = []
    highest = 0

    def param(m: re.Match[str]) -> str:
        nonlocal highest
        number = int(m.group(1)) if m.group(1) else highest + 1
        highest = max(highest, number)
        order.append(number - 1)
        return "\0"

    parts = _LITERAL.split(sql)
    for i in range(0, len(parts), 2):  # outside string literals only
        parts[i] = _END.sub('"end"', _PARAM.sub(param, parts[i]))
    out = "".join(parts)
    if order:  # psycopg reads %s and %% only where there are parameters
        out = out.replace("%", "%%").replace("\0", "%s")
    if out.lstrip().startswith("INSERT OR IGNORE INTO"):
        out = out.replace("INSERT OR IGNORE INTO", "INSERT INTO", 1).rstrip().rstrip(";")
        out += " ON CONFLICT DO NOTHING"
    return out, tuple(order)


def _arrange(order: tuple[int, ...], params: Sequence[Any]) -> tuple[Any, ...]:
    params = tuple(params)
    return tuple(params[i] for i in order)


def one_line(exc: BaseException) -> str:
    """An error message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


class _Connection:
    """A psycopg connection (autocommit: transactions are explicit) that takes the SQLite
    store's SQL; ``raw`` is the psycopg connection itself."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        text, order = translate(sql)
        try:
            return self.raw.execute(text, _arrange(order, params) if order else None)
        except psycopg.OperationalError as exc:
            raise StoreError(f"PostgreSQL: {one_line(exc)}") from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        text, order = translate(sql)
        cur = self.raw.cursor()
        try:
            cur.executemany(text, [_arrange(order, r) for r in rows])
        except psycopg.OperationalError as exc:
            raise StoreError(f"PostgreSQL: {one_line(exc)}") from None
        return cur

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def redact(url: str) -> str:
    """``url`` without its password, to show in messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return url


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("biennien.store").joinpath("migrations_pg")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(out)


class PostgresStore(SQLiteStore):
    """The PostgreSQL store. Open with :func:`biennien.store.open_store`."""

    RANK_WINDOW = 2000  # search ranks at most this many matches (the most recent)

    _WIDEN_STORY = SQLiteStore._WIDEN_STORY.replace("?1", "?1::text").replace("?2", "?2::text")

    def __init__(self, url: str, readonly: bool = False) -> None:
        if psycopg is None:
            raise StoreError(f"the PostgreSQL backend needs psycopg: {INSTALL_HINT}")
        self.url = url
        self.readonly = readonly
        self.path = redact(url)  # what messages show
        self._own_commits = 0  # write transactions of this connection (see data_version)
        try:
            options = conninfo_to_dict(url)
            conninfo = (
                url
                if "connect_timeout" in options
                else make_conninfo(url, connect_timeout=CONNECT_TIMEOUT)
            )
            raw = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {one_line(exc)}") from None
        raw.adapters.register_dumper(str, StrDumper)  # str as text, as SQLite compares it
        self.conn = _Connection(raw)  # type: ignore[assignment]
        try:
            if readonly:
                raw.execute("SET default_transaction_read_only = on")
            else:
                self.migrate()
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot open store {self.path}: {one_line(exc)}") from None
        except BaseException:
            raw.close()
            raise

    @property
    def _raw(self) -> psycopg.Connection:
        return self.conn.raw  # type: ignore[attr-defined]

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        if self._raw.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return 0
        return self._raw.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0

    def has_table(self, name: str) -> bool:
        return self._raw.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None

    def migrate(self) -> None:
        """Apply the migrations this store has not seen, each in its own transaction, one
        process at a time (a session advisory lock, taken outside the transactions so that
        each of them sees what the process before it created)."""
        known = _migrations()
        if self._check_version(known) >= known[-1][0]:
            return
        self.conn.execute(f"SELECT pg_advisory_lock({_KEYS})", (_LOCK_CLASS,))
        try:
            for version, script in known:
                if self._check_version(known) >= version:  # perhaps another process's work
                    continue
                with self._raw.transaction():
                    self._raw.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
                    )
                    self._raw.execute(script)
                    self._raw.execute("INSERT INTO schema_version VALUES (%s)", (version,))
        finally:
            if not self._raw.closed:
                self.conn.execute(f"SELECT pg_advisory_unlock({_KEYS})", (_LOCK_CLASS,))

    def _check_version(self, known: list[tuple[int, str]]) -> int:
        current = self.schema_version()
        if current > known[-1][0]:
            raise StoreError(
                f"store {self.path} has schema version {current}, newer than this biennien "
                f"({known[-1][0]}); upgrade biennien"
            )
        return current

    def __enter__(self) -> PostgresStore:
        return self

    # -- writing ----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested uses join the outer one). Writers take turns, as in
        SQLite: the linker reads what it then updates."""
        if self.conn.in_transaction:
            yield
            return
        try:
            with self._raw.transaction():
                self.conn.execute(f"SELECT pg_advisory_xact_lock({_KEYS})", (_LOCK_CLASS,))
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('commits', '1') ON CONFLICT (key)"
                    " DO UPDATE SET value = (meta.value::bigint + 1)::text"
                )
                yield
        except psycopg.OperationalError as exc:
            raise StoreError(f"PostgreSQL: {one_line(exc)}") from None
        self._own_commits += 1

    def data_version(self) -> int:
        """Changes when another connection has committed to the store (what this one has
        cached of it may be stale): the write transactions of others, which each count
        themselves in ``meta`` (writes outside :meth:`transaction` are not counted)."""
        return int(self.meta("commits", "0") or 0) - self._own_commits

    def _index(self, article_id: str, doc: Document, search: Searchable | None = None) -> None:
        search = search or searchable(doc)  # words of folded text: split again, the same words
        vector, n_title, n_words = search_vector(search.title, search.body)
        self.conn.execute(
            "INSERT INTO search (seq, tsv, ntitle, ntok) SELECT seq, ?::tsvector, ?, ? FROM"
            " articles WHERE id = ?",
            (vector, n_title, n_words, article_id),
        )

    def add_doc_freqs(self, counts: dict[str, int], added_docs: int) -> int:
        self.conn.executemany(
            "INSERT INTO doc_freq (term, n) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET"
            " n = doc_freq.n + excluded.n",
            counts.items(),
        )
        total = self.n_docs() + added_docs
        self.set_meta("n_docs", str(total))
        return total

    @staticmethod
    def _pack(vector: dict[str, float], digits: int) -> bytes | str:
        """Term vectors stay JSON text here (the columns are text)."""
        return json.dumps({t: round(w, digits) for t, w in vector.items()}, ensure_ascii=False)

    def set_article_vector(self, article_id: str, vector: dict[str, float]) -> None:
        self.conn.execute(
            "INSERT INTO article_vectors (article_id, vector) VALUES (?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET vector = excluded.vector",
            (article_id, self._pack(vector, 4)),
        )

    def merge_events(self, keep: str, absorb: str) -> None:
        c = self.conn
        c.execute("UPDATE event_articles SET event_id = ? WHERE event_id = ?", (keep, absorb))
        row = c.execute(
            "SELECT size, first_published, last_published, focus_date FROM events WHERE id = ?",
            (absorb,),
        ).fetchone()
        c.execute(
            "UPDATE events SET size = size + ?1,"
            " first_published = LEAST(COALESCE(first_published, ?2::text),"
            "   COALESCE(?2::text, first_published)),"
            " last_published = GREATEST(COALESCE(last_published, ?3::text),"
            "   COALESCE(?3::text, last_published)),"
            " focus_date = COALESCE(focus_date, ?4::text) WHERE id = ?5",
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

    def add_to_event(
        self, article_id: str, event_id: str, published: str | None, focus_date: str | None
    ) -> None:
        self.conn.execute(
            "INSERT INTO event_articles (article_id, event_id) VALUES (?, ?)",
            (article_id, event_id),
        )
        self.conn.execute(
            "UPDATE events SET size = size + 1,"
            " first_published = CASE WHEN ?1::text IS NOT NULL AND (first_published IS NULL OR"
            "   ?1::text < first_published) THEN ?1::text ELSE first_published END,"
            " last_published = CASE WHEN ?1::text IS NOT NULL AND (last_published IS NULL OR"
            "   ?1::text > last_published) THEN ?1::text ELSE last_published END,"
            " focus_date = COALESCE(focus_date, ?2::text) WHERE id = ?3",
            (published, focus_date, event_id),
        )
        if published:
            self.conn.execute(self._WIDEN_STORY, (published, published, event_id))

    # -- reading: the order SQLite's plans give, said out loud --------------------------------
    def candidates(self, level: str, terms: list[str], limit: int) -> list[str]:
        table, key = {"event": ("event_terms", "event_id"), "story": ("story_terms", "story_id")}[
            level
        ]
        if not terms:
            return []
        rows = self.conn.execute(
            f"SELECT {key} FROM {table} WHERE term = ANY(?) GROUP BY {key}"
            f" ORDER BY COUNT(*) DESC, {key} DESC LIMIT ?",
            (list(terms), limit),
        )
        return [r[0] for r in rows]

    def member_vectors(self, event_id: str, last: int | None = None) -> list[dict[str, float]]:
        sql = (
            "SELECT v.vector FROM event_articles e JOIN article_vectors v"
            " ON v.article_id = e.article_id JOIN articles a ON a.id = e.article_id"
            " WHERE e.event_id = ? ORDER BY a.seq DESC"
        )
        args: tuple = (event_id,)
        if last is not None:
            sql, args = sql + " LIMIT ?", (event_id, last)
        rows = self.conn.execute(sql, args).fetchall()
        return [json.loads(r[0]) for r in reversed(rows)]

    def story_overview(self) -> list[tuple[str, int, int, str | None, str | None]]:
        rows = self.conn.execute(
            "SELECT story_id, COUNT(*), SUM(size), MIN(first_published), MAX(last_published)"
            " FROM events WHERE merged_into IS NULL AND size > 0 GROUP BY story_id"
            " ORDER BY story_id"
        )
        return [tuple(r) for r in rows]

    def co_mentioned(self, entity: str, limit: int = 15) -> list[tuple[str, str, str, int]]:
        rows = self.conn.execute(
            "SELECT m2.entity, MIN(m2.name), MIN(m2.type), COUNT(DISTINCT m2.article_id) AS n"
            " FROM mentions m1 JOIN mentions m2 ON m1.article_id = m2.article_id"
            " WHERE m1.entity = ? AND m2.entity != ? GROUP BY m2.entity"
            " ORDER BY n DESC, m2.entity DESC LIMIT ?",
            (entity, entity, limit),
        )
        return [tuple(r) for r in rows]

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
        shown: dict | None = None,
    ) -> list[tuple[str, float]]:
        """As :meth:`SQLiteStore.search`, with the same scores (``shown`` is left as it is:
        no search heads are kept here); but a query without filters
        that matches more than RANK_WINDOW articles ranks the RANK_WINDOW most recently stored
        of them (PostgreSQL reads the word positions of every article it ranks)."""
        phrases = query_phrases(fold(query))
        if not phrases:
            return []
        sql = [
            "SELECT a.id, a.seq, s.ntitle, s.ntok, u.lexeme, u.positions, u.weights FROM search s"
            " JOIN articles a ON a.seq = s.seq CROSS JOIN LATERAL unnest(s.tsv) u"
            " WHERE s.tsv @@ ?::tsquery AND u.lexeme = ANY(?)"
        ]
        tsquery = " & ".join(_tsquery(p) for p in phrases)
        args: list[object] = [tsquery, sorted({w for p in phrases for w in p})]
        if not (date_from or date_to or outlet or entity or story):
            oldest = self.conn.execute(
                "SELECT seq FROM search WHERE tsv @@ ?::tsquery ORDER BY seq DESC LIMIT 1 OFFSET ?",
                (tsquery, self.RANK_WINDOW - 1),
            ).fetchone()
            if oldest:
                sql.append("AND s.seq >= ?")
                args.append(oldest[0])
        search_filters(sql, args, date_from, date_to, outlet, entity, story)
        found: dict[tuple[int, str], tuple[int, int, dict[str, dict[int, str]]]] = {}
        for article_id, seq, n_title, n_words, lexeme, positions, weights in self.conn.execute(
            " ".join(sql), args
        ):
            _, _, at = found.setdefault((seq, article_id), (n_title, n_words, {}))
            at[lexeme] = dict(zip(positions, weights, strict=True))
        if not found:
            return []
        n_rows, title_words, all_words = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(ntitle), 0), COALESCE(SUM(ntok), 0) FROM search"
        ).fetchone()
        avg = average_length(indexed_length(title_words, all_words - title_words), n_rows)
        df = {
            word: self.conn.execute(
                "SELECT COUNT(*) FROM search WHERE tsv @@ ?::tsquery", (_tsquery([word]),)
            ).fetchone()[0]
            for word in {w for p in phrases for w in p}
        }
        scored = []
        for (seq, article_id), (n_title, n_words, at) in found.items():
            length = indexed_length(n_title, n_words - n_title)
            parts = []
            for phrase in phrases:
                in_title, in_body = _phrase_freqs(phrase, at)
                tf = indexed_length(in_title, in_body)  # a title's are counted as often
                parts.append(field_score(tf, length, [df[w] for w in phrase], n_rows, avg))
            scored.append((bm25_tantivy(parts), seq, article_id))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [(article_id, score) for score, _, article_id in scored[offset : offset + limit]]

    def search_indexed(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM search").fetchone()[0]

    def search_segments(self) -> int:
        return 1  # one GIN index

    def integrity_ok(self) -> bool:
        """Every article is in the search index, and the index holds nothing else."""
        row = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM search s"
            " JOIN articles a ON a.seq = s.seq)"
        ).fetchone()
        return row[0] == row[1]
