"""RSS and Atom feed files through feedparser: one article per item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import feedparser
import lxml.html
from lxml import etree

from biennien.ingest import Rejection
from biennien.ingest.dates import parse_published
from biennien.ingest.decode import InputRejected, decode
from biennien.knowledge import fold_space
from biennien.model import Article
from biennien.text.outlets import outlet_in

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "figcaption", "blockquote", "tr"}


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment, one line per block element."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
    lines = (fold_space(line) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _date(entry: dict) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return parse_published(entry.get("published") or entry.get("updated"))


def _broken(parsed: feedparser.FeedParserDict) -> InputRejected:
    problem = parsed.get("bozo_exception")
    detail = f" ({getattr(problem, 'getMessage', lambda: problem)()})" if problem else ""
    return InputRejected(f"not a valid RSS/Atom feed, or a feed with no items{detail}")


def read(data: bytes, source: str) -> Iterator[Article | Rejection]:
    """Read the items of one feed file.

    A feed that does not parse and yields no readable item is rejected as a whole.
    """
    parsed = feedparser.parse(decode(data))
    if not parsed.entries:
        raise _broken(parsed)
    items = list(_items(parsed, source))
    if parsed.bozo and not any(isinstance(i, Article) for i in items):
        raise _broken(parsed)
    yield from items


def _items(parsed: feedparser.FeedParserDict, source: str) -> Iterator[Article | Rejection]:
    channel = fold_space(parsed.feed.get("title", "")) or None
    outlet = outlet_in(channel) or channel
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"{source}#{number}"
        content = ""
        if entry.get("content"):
            content = entry["content"][0].get("value", "")
        summary = entry.get("summary", "")
        body = html_fragment_text(content) if content else ""
        lead = html_fragment_text(summary) if summary else ""
        text = "\n".join(x for x in (lead if lead and lead not in body else "", body) if x)
        if not text.strip():
            yield Rejection(name, "feed item with no text")
            continue
        hints = {fold_space(lead): "lead"} if lead and body else {}
        yield Article(
            text=text,
            source=name,
            title=fold_space(entry.get("title", "")) or None,
            published=_date(entry),
            outlet=outlet,
            author=fold_space(entry.get("author", "")) or None,
            url=entry.get("link"),
            hints=hints,
        )
