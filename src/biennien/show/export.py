"""The JSON export (CONTRACT.md): every article with its sentences, and the linked structures.

Written as a stream, one article at a time, so a large store exports in constant memory.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from biennien.store.sqlite import SQLiteStore, StoredArticle


def article_record(store: SQLiteStore, art: StoredArticle) -> dict[str, Any]:
    """One article as the export and the API show it."""
    return {
        "id": art.id,
        "source": art.sources[0] if art.sources else None,
        "sources": list(art.sources),
        "url": art.url,
        "title": art.title,
        "published": art.published,
        "outlet": art.outlet,
        "author": art.author,
        "category": art.category,
        "sentences": [{"text": s.text, "kind": s.kind} for s in store.sentences(art.id)],
        "timexes": [{"sentence": i, **t.as_dict()} for i, t in store.timexes(art.id)],
        "mentions": [],
        "removed": [{"text": r.text, "reason": r.reason} for r in store.removed(art.id)],
    }


def write_json(store: SQLiteStore, out: TextIO) -> None:
    """Write the whole store as one JSON object (CONTRACT.md) to ``out``."""
    out.write('{"articles": [')
    for n, art in enumerate(store.articles()):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(article_record(store, art), ensure_ascii=False))
    out.write('\n],\n"entities": [],\n"reuse": [],\n"events": [],\n"stories": []}\n')
