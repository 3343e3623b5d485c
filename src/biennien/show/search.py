"""Search results with highlighted matches: shared by the command line, the pages and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from biennien.store.sqlite import SQLiteStore
from biennien.text.fold import fold

SNIPPET_CHARS = 220
HEAD_SENTENCES = 8  # without a stored head, a snippet reads sentences 0-7 first (0 is often the
# title); the rest on need


@dataclass
class Hit:
    article: str
    score: float
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str
    spans: list[tuple[int, int]]  # matched words in the snippet

    def as_dict(self) -> dict[str, object]:
        """The hit as the API and ``biennien search --json`` show it."""
        return {
            "article": self.article,
            "score": round(self.score, 4),
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "snippet": self.snippet,
            "matches": [list(s) for s in self.spans],
        }


def search(store: SQLiteStore, query: str, **filters: object) -> list[Hit]:
    words = [w for w in fold(query).split() if any(c.isalnum() for c in w)]
    texts: dict[str, tuple] = {}  # kept apart for search (SQLite), read with the hits
    found = store.search(query, shown=texts, **filters)  # type: ignore[arg-type]
    ids = [a for a, _ in found]
    rest = [a for a in ids if a not in texts]
    if rest:
        texts.update(store.search_texts(rest, first=HEAD_SENTENCES))
    pattern = _pattern(tuple(words))
    snippets = {
        a: _snippet(t[3], pattern, more=not t[4], folded=t[5] if len(t) > 5 else None)
        for a, t in texts.items()
    }
    # an article whose snippet would run past the sentences read: read it whole
    whole = [a for a, (_, _, more) in snippets.items() if more]
    if whole:
        for article_id, row in store.search_texts(whole).items():
            texts[article_id] = row
            snippets[article_id] = _snippet(row[3], pattern)
    hits = []
    for article_id, score in found:
        if article_id not in texts:
            continue
        title, published, outlet = texts[article_id][:3]
        snippet, spans, _ = snippets[article_id]
        hits.append(Hit(article_id, score, title, published, outlet, snippet, spans))
    return hits


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> tuple[re.Pattern[str], int]:
    """What finds the query's words in folded text, once a query; and the longest word."""
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)"), max(map(len, words), default=0)


def _snippet(
    text: str, found: tuple[re.Pattern[str], int], more: bool = False, folded: str | None = None
) -> tuple[str, list[tuple[int, int]], bool]:
    """About SNIPPET_CHARS of ``text`` from a little before its first matched word, the
    matched words in it, and whether the snippet needs more than ``text`` when the article
    goes on after it (``more``): no word matched, or the snippet would run past its end.
    ``folded``: ``text`` folded, where the store keeps it so (else it is folded here)."""
    pattern, longest = found
    if folded is not None and len(folded) == len(text):
        first = pattern.search(folded)
    else:
        first, folded = _first_match(text, pattern, longest)
    start = max(0, (first.start() if first else 0) - 60)
    if start:
        start = text.find(" ", start) + 1
    if more and (first is None or start + SNIPPET_CHARS >= len(text)):
        return "", [], True
    end = min(len(text), start + SNIPPET_CHARS)
    if len(folded) < end:
        folded += fold(text[len(folded) : end])
    piece = text[start:end]
    spans = [(m.start() - start, m.end() - start) for m in pattern.finditer(folded, start, end)]
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) or more else ""
    shift = len(prefix)
    return prefix + piece + suffix, [(a + shift, b + shift) for a, b in spans], False


def _first_match(
    text: str, pattern: re.Pattern[str], longest: int
) -> tuple[re.Match[str] | None, str]:
    """The first match of ``pattern`` in the folded ``text``, and as much of the folded text
    as was needed to find it (folded a piece at a time: the words are most often found near
    the start). A match is taken once the folded part reaches far enough past its start that
    any match beginning earlier, and the character after it, would lie inside."""
    folded, size = "", 256
    while True:
        folded += fold(text[len(folded) : len(folded) + size])
        complete = len(folded) >= len(text)
        first = pattern.search(folded)
        if complete or (first is not None and first.start() + longest < len(folded)):
            return first, folded
        size *= 2
