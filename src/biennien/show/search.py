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
    hits = []
    for article_id, score in store.search(query, **filters):  # type: ignore[arg-type]
        art = store.article(article_id)
        if art is None:
            continue
        text = " ".join(s.text for s in store.sentences(article_id) if s.kind != "title")
        snippet, spans = _snippet(text, words)
        hits.append(Hit(article_id, score, art.title, art.published, art.outlet, snippet, spans))
    return hits


def _snippet(text: str, words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    folded = fold(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    first = pattern.search(folded)
    start = max(0, (first.start() if first else 0) - 60)
    if start:
        start = text.find(" ", start) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    piece = text[start:end]
    spans = [(m.start() - start, m.end() - start) for m in pattern.finditer(folded, start, end)]
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix)
    return prefix + piece + suffix, [(a + shift, b + shift) for a, b in spans]
