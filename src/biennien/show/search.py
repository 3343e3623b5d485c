"""Search results with highlighted matches: shared by the command line, the pages and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass

from biennien.store.sqlite import SQLiteStore
from biennien.text.fold import fold

SNIPPET_CHARS = 220


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
    found = store.search(query, **filters)  # type: ignore[arg-type]
    texts = store.search_texts([a for a, _ in found])
    hits = []
    for article_id, score in found:
        if article_id not in texts:
            continue
        title, published, outlet, text = texts[article_id]
        snippet, spans = _snippet(text, words)
        hits.append(Hit(article_id, score, title, published, outlet, snippet, spans))
    return hits


def _snippet(text: str, words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    first, folded = _first_match(text, pattern, max((len(w) for w in words), default=0))
    start = max(0, (first.start() if first else 0) - 60)
    if start:
        start = text.find(" ", start) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if len(folded) < end:
        folded += fold(text[len(folded) : end])
    piece = text[start:end]
    spans = [(m.start() - start, m.end() - start) for m in pattern.finditer(folded, start, end)]
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix)
    return prefix + piece + suffix, [(a + shift, b + shift) for a, b in spans]


def _first_match(
    text: str, pattern: re.Pattern[str], longest: int
) -> tuple[re.Match[str] | None, str]:
    """The first match of ``pattern`` in the folded ``text``, and as much of the folded text
    as was needed to find it (folded a piece at a time: a long article is seldom read to its
    end). A match is taken once the folded part reaches far enough past its start that any
    match beginning earlier, and the character after it, would lie inside."""
    folded, size = "", 1024
    while True:
        folded += fold(text[len(folded) : len(folded) + size])
        complete = len(folded) >= len(text)
        first = pattern.search(folded)
        if complete or (first is not None and first.start() + longest < len(folded)):
            return first, folded
        size *= 2
