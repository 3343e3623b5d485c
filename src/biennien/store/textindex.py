"""The SQLite store's full-text index: a tantivy index in a folder beside the store file
(``STORE.search``), holding each article's folded title and text as words in one field, ranked
by BM25 (the title is indexed TITLE_REPEAT times, so that a title word counts that many times one
in the text: BM25F with the title weighted so).

The index is derived data: it can always be rebuilt from the stored sentences, and the store
brings it up to date (articles it lacks, by their ``seq``) whenever it is opened for writing.
Only the process holding tantivy's writer lock writes to it, so no article is indexed twice.
``field_score`` and ``bm25_tantivy`` score an article as tantivy does, for the PostgreSQL store
to rank the same: to the bit for one or two phrases; to an ulp or two of a 32-bit float for
three or more, whose scores tantivy adds in orders that depend on how it runs a query.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import ctypes.util
import math
import os
import re
import shutil
import struct
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import tantivy

WORD = re.compile(r"[^\W_]+")  # runs of letters and digits, in folded text
MAX_WORD_BYTES = 255  # longer runs (no word is this long) are not indexed
TITLE_REPEAT = 3  # the title is indexed thrice: a word in it counts three times one in the text
K1, B = 1.2, 0.75  # tantivy's BM25 constants
WRITER_HEAP = 50_000_000  # bytes tantivy buffers before it writes a segment
RELOAD_SECONDS = 1.0  # a searcher kept while the index is unchanged is made anew this often
COMMIT_SECONDS = 5.0  # while writing, commit the index at most this often (and at close)


def words(folded: str) -> list[str]:
    """The words of folded text, as both stores index them."""
    return [
        w for w in WORD.findall(folded) if len(w) <= 63 or len(w.encode("utf-8")) <= MAX_WORD_BYTES
    ]


def query_phrases(folded_query: str) -> list[list[str]]:
    """What a search looks for, each in the article: every whitespace-separated piece of the
    query that holds a letter or digit, as its words ("19/8" and "jong-un" are phrases of two)."""
    pieces = folded_query.replace('"', " ").split()
    return [p for p in (words(piece) for piece in pieces) if p]


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("seq", stored=True, indexed=True, fast=True)
    # the title's copies and the text are values of one field: tantivy leaves a position free
    # between values, so that no phrase runs from one into the next
    sb.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
    return sb.build()


SCHEMA = _schema()


class TextIndex:
    """One store's tantivy index: in ``path``, or in memory when ``path`` is None."""

    def __init__(self, path: str | None, index: tantivy.Index | None = None) -> None:
        self.path = path
        if index is not None:
            self.index = index
        elif path is None:
            self.index = tantivy.Index(SCHEMA)
        else:
            self.index = self._open(path)
        self._writer: tantivy.IndexWriter | None = None
        self._upto = 0  # the highest seq handed to the writer
        self._dirty = False
        self._committed = time.monotonic()
        self._lock = threading.Lock()
        self._searcher: tantivy.Searcher | None = None
        self._seen: tuple[int, int, int] | None = None  # meta.json as the searcher saw it
        self._loaded = -math.inf  # when the searcher was made (time.monotonic)

    @staticmethod
    def _open(path: str) -> tantivy.Index:
        """The index in ``path``, made anew (empty) when it holds none, or one of another
        layout (an older biennien's) or of a tantivy this one cannot read: it is derived data,
        and the store indexes every article again."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for _attempt in range(2):
            try:
                if not (folder / "meta.json").exists() or tantivy.Index.is_compatible(path):
                    return tantivy.Index(SCHEMA, path=path)
            except ValueError as exc:
                if "schema does not match" not in str(exc):
                    raise
            shutil.rmtree(folder, ignore_errors=True)  # (another process may do the same)
            folder.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(SCHEMA, path=path)

    @classmethod
    def for_reading(cls, path: str) -> TextIndex | None:
        """The index in ``path`` if it holds one this code can search, else None (a store
        opened for writing makes it anew); never changes the folder."""
        if not (Path(path) / "meta.json").exists():
            return None
        try:
            if not tantivy.Index.is_compatible(path):
                return None
            return cls(path, tantivy.Index(SCHEMA, path=path))
        except ValueError:
            return None

    # -- writing -----------------------------------------------------------------------------
    def take_writer(self) -> bool:
        """Take tantivy's writer lock (False if another store object or process holds it)."""
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as exc:
                if "LockBusy" in str(exc):
                    return False
                raise
            self._upto = self.last_seq()
        return True

    @property
    def upto(self) -> int:
        return self._upto

    def add(self, rows: Iterable[tuple[int, str, str]], split: bool = True) -> None:
        """Index (seq, folded title, folded text) rows with seqs above :attr:`upto`, in order
        (``split`` False: the title and text are their :func:`words` already, one space
        between; splitting them again gives the same words)."""
        assert self._writer is not None, "take_writer() first"
        for seq, title, body in rows:
            if seq <= self._upto:
                continue
            doc = tantivy.Document()
            doc.add_unsigned("seq", seq)
            title_words = " ".join(words(title)) if split else title
            for _ in range(TITLE_REPEAT):
                doc.add_text("text", title_words)
            doc.add_text("text", " ".join(words(body)) if split else body)
            self._writer.add_document(doc)
            self._upto = seq
            self._dirty = True

    def commit(self, force: bool = True) -> None:
        """Make what was added visible to searches (unless ``force`` is False and the last
        commit was less than COMMIT_SECONDS ago)."""
        if self._writer is None or not self._dirty:
            return
        if not force and time.monotonic() - self._committed < COMMIT_SECONDS:
            return
        self._writer.commit()
        self._dirty = False
        self._committed = time.monotonic()

    def release(self) -> None:
        """Commit, let tantivy finish merging segments, and give up the writer lock."""
        if self._writer is not None:
            self.commit()
            writer, self._writer = self._writer, None
            writer.wait_merging_threads()  # drops the writer, and its lock

    # -- reading -----------------------------------------------------------------------------
    def searcher(self) -> tantivy.Searcher:
        """A searcher of the index as last committed (by any process): the one kept while the
        index's ``meta.json``, which tantivy writes anew at each commit and merge, is the
        same file, for up to RELOAD_SECONDS (reloading reads and parses it, which a search does
        not otherwise need; the time bound covers file systems of coarse modification times)."""
        with self._lock:
            stamp = None
            if self.path is not None:
                with contextlib.suppress(OSError):
                    st = os.stat(Path(self.path) / "meta.json")
                    stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
            now = time.monotonic()
            if stamp is None or stamp != self._seen or now - self._loaded > RELOAD_SECONDS:
                self.index.reload()
                self._searcher, self._seen, self._loaded = self.index.searcher(), stamp, now
            assert self._searcher is not None
            return self._searcher

    def last_seq(self) -> int:
        """The highest seq in the committed index (0 when it is empty)."""
        searcher = self.searcher()
        found = searcher.search(
            tantivy.Query.all_query(), 1, order_by_field="seq", order=tantivy.Order.Desc
        )
        return found.hits[0][0] if found.hits else 0

    def count(self) -> int:
        return self.searcher().num_docs

    def segments(self) -> int:
        return self.searcher().num_segments

    def search(
        self, phrases: list[list[str]], limit: int, offset: int = 0, seqs: list[int] | None = None
    ) -> list[tuple[int, float]]:
        """(seq, score) of the articles holding every phrase (in the title or the text), best
        first (ties: lower seq first); only among ``seqs`` when given."""
        if not phrases or limit <= 0:
            return []
        q, occur = tantivy.Query, tantivy.Occur

        def find(phrase: list[str]) -> tantivy.Query:
            if len(phrase) == 1:
                return q.term_query(SCHEMA, "text", phrase[0])
            return q.phrase_query(SCHEMA, "text", phrase)

        if seqs is not None and not seqs:
            return []
        clauses = [(occur.Must, find(p)) for p in phrases]
        if seqs is not None:  # adds nothing to the score
            only = q.const_score_query(q.term_set_query(SCHEMA, "seq", seqs), 0.0)
            clauses.append((occur.Must, only))
        query = q.boolean_query(clauses)
        searcher = self.searcher()
        # a few more than asked, so that equal scores at the edge are ordered by seq
        found = searcher.search(query, limit + offset + 8, count=False).hits
        at = searcher.fast_field_values("seq", [addr for _, addr in found])
        scored = dict(zip(at, (score for score, _ in found), strict=True))
        ranked = sorted(scored.items(), key=lambda s: (-s[1], s[0]))
        return ranked[offset : offset + limit]


# -- BM25 as tantivy computes it (in 32-bit floats), for the PostgreSQL store -----------------
def _f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def _libm_logf() -> Callable[[float], float]:
    """The C library's 32-bit logarithm, which tantivy's is (it differs from the exact one
    rounded to 32 bits by an ulp now and then); that rounding where it cannot be loaded."""
    try:
        logf = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6").logf
    except (OSError, AttributeError):
        return lambda x: _f32(math.log(x))
    logf.restype, logf.argtypes = ctypes.c_float, [ctypes.c_float]
    return logf


_logf = _libm_logf()


def _int4(i: int) -> int:
    bits, shift = i & 7, (i >> 3) - 1
    return bits if shift == -1 else (bits | 8) << shift


# tantivy keeps a field's length in one byte: exact up to 40 words, then in steps (Lucene's
# SmallFloat scheme); BM25 sees the length that byte stands for
_LENGTHS = [b if b < 24 else 24 + _int4(b - 24) for b in range(256)]


def stored_length(n: int) -> int:
    """The field length tantivy's BM25 uses for a field of ``n`` words."""
    return _LENGTHS[bisect.bisect_right(_LENGTHS, n) - 1]


def field_score(tf: int, length: int, dfs: list[int], n_docs: int, avg_length: float) -> float:
    """tantivy's BM25 of one phrase in one article (0 when absent): ``tf`` times it is there
    (each time in the title counting TITLE_REPEAT times), ``length`` the words indexed (the
    title's TITLE_REPEAT times), ``dfs`` the articles holding each of its words."""
    if not tf:
        return 0.0
    f = _f32
    k1, b = f(K1), f(B)
    idf = 0.0
    for df in dfs:  # a phrase weighs as much as its words together
        idf = f(idf + _logf(f(1.0 + f(f(f(n_docs - df) + 0.5) / f(df + 0.5)))))
    weight = f(idf * f(1.0 + k1))
    norm = f(k1 * f(f(1.0 - b) + f(f(b * f(stored_length(length))) / f(avg_length))))
    return f(weight * f(f(tf) / f(tf + norm)))


def bm25_tantivy(parts: list[float]) -> float:
    """An article's score from each phrase's, summed as tantivy does (in 32-bit floats)."""
    total = 0.0
    for part in parts:
        total = _f32(total + part)
    return total


def indexed_length(title_words: int, text_words: int) -> int:
    """The words indexed for an article: its title's TITLE_REPEAT times, and its text's."""
    return TITLE_REPEAT * title_words + text_words


def average_length(total_words: int, n_docs: int) -> float:
    return _f32(_f32(total_words) / _f32(n_docs)) if n_docs else 1.0
