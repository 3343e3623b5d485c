"""JSON Lines: one article an object with ``title``, ``text`` or ``html``, and optionally
``published``, ``url``, ``outlet`` (also ``author``, ``category``, ``lead``).

A broken line is rejected on its own (``file.jsonl:LINE``); the good lines around it are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from biennien.ingest import Rejection, Warning_
from biennien.ingest.dates import parse_published
from biennien.ingest.decode import InputRejected, decode
from biennien.model import Article
from biennien.text.outlets import canonical_outlet


def _field(obj: dict, name: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputRejected(f"field '{name}' must be a string")
    return value.strip() or None


def parse_record(obj: object, source: str) -> tuple[Article, list[str]]:
    """One JSON object into an Article; also the warnings it raised."""
    from biennien.ingest import html

    if not isinstance(obj, dict):
        raise InputRejected("not a JSON object")
    warnings: list[str] = []
    title = _field(obj, "title")
    text = _field(obj, "text")
    page = _field(obj, "html")
    if text is None and page is None:
        raise InputRejected("no 'text' or 'html' field")
    published_raw = obj.get("published")
    published = parse_published(published_raw)
    if published_raw not in (None, "") and published is None:
        shown = str(published_raw)[:40]
        warnings.append(f"'published' is not a date: {shown!r}; stored as unknown")
    if text is not None:
        article = Article(text=text, source=source, title=title)
    else:
        article = html.read(page.encode("utf-8"), source)
        article.title = title or article.title
    lead = _field(obj, "lead") or _field(obj, "sapo")
    if lead:
        article.text = lead + "\n" + article.text
        article.hints[lead] = "lead"
    outlet = _field(obj, "outlet")
    article.published = published or article.published
    article.url = _field(obj, "url") or article.url
    article.outlet = (canonical_outlet(outlet) or outlet) if outlet else article.outlet
    article.author = _field(obj, "author") or article.author
    article.category = _field(obj, "category") or article.category
    return article, warnings


def read(
    fh: BinaryIO, source: str, max_bytes: int, head: bytes = b""
) -> Iterator[Article | Rejection | Warning_]:
    """Stream a JSON Lines file from ``fh`` (whose first ``head`` bytes were already read)."""

    def raw_lines() -> Iterator[bytes]:
        pending = head
        while True:
            *complete, pending = pending.split(b"\n")
            yield from complete
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            pending += chunk
        if pending:
            yield pending

    for number, raw in enumerate(raw_lines(), start=1):
        name = f"{source}:{number}"
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield Rejection(name, f"record too large: {len(raw) / 1e6:.1f} MB")
            continue
        try:
            obj = json.loads(decode(raw))
            article, warnings = parse_record(obj, name)
        except json.JSONDecodeError as exc:
            yield Rejection(name, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except InputRejected as exc:
            yield Rejection(name, str(exc))
            continue
        for w in warnings:
            yield Warning_(name, w)
        yield article
