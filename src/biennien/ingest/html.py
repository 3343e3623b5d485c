"""HTML news pages through trafilatura, keeping the lead (sapo) and photo captions.

trafilatura finds the article body and its metadata; before it runs, captions (``figcaption``
and elements whose class says caption) are turned into plain paragraphs so that they stay in
place, and the sapo is read from the elements that ``data/html_classes.txt`` names.
"""

from __future__ import annotations

import re
from functools import cache

import lxml.html
import trafilatura
from lxml import etree

from biennien.ingest.dates import parse_published
from biennien.ingest.decode import InputRejected, decode
from biennien.knowledge import fold_space, lines
from biennien.model import Article
from biennien.text.outlets import outlet_in


@cache
def _class_fragments(kind: str) -> tuple[str, ...]:
    out = []
    for line in lines("html_classes.txt"):
        k, _, fragment = line.partition(":")
        if k == kind:
            out.append(fragment.strip().lower())
    return tuple(out)


def _marked(el: etree._Element, kind: str) -> bool:
    attrs = f"{el.get('class', '')} {el.get('id', '')}".lower()
    names = set(re.split(r"[\s]+", attrs))
    return any(f in names for f in _class_fragments(kind))


def _text(el: etree._Element) -> str:
    return fold_space(el.text_content())


def _find_lead(tree: lxml.html.HtmlElement) -> str | None:
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "script", "style", "head", "body"):
            continue
        if _marked(el, "lead"):
            text = _text(el)
            if len(text.split()) >= 5:
                return text
    return None


def _captions_to_paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    """Replace each figure (or caption element) with a paragraph of its caption text."""
    captions: list[str] = []
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        is_caption = el.tag == "figcaption" or _marked(el, "caption")
        if not is_caption:
            continue
        text = _text(el)
        holder = el
        parent = el.getparent()
        while parent is not None and parent.tag in ("figure", "picture"):
            holder = parent
            parent = parent.getparent()
        if parent is None:
            continue
        if text:
            p = lxml.html.Element("p")
            p.text = text
            captions.append(text)
            holder.addprevious(p)
        parent.remove(holder)
    return captions


_IMAGE_LINE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def read(data: bytes, source: str) -> Article:
    """Read one HTML page."""
    text = decode(data)
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputRejected(f"unreadable HTML ({exc})") from None
    lead = _find_lead(tree)
    captions = _captions_to_paragraphs(tree)
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_recall=True,
    )
    if doc is None or not (doc.text or "").strip():
        raise InputRejected("no article text found in the HTML page")
    title = fold_space(doc.title) if doc.title else None
    paragraphs = [fold_space(_IMAGE_LINE.sub("", p)) for p in doc.text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    hints = {c: "caption" for c in captions}
    if lead:
        if lead not in paragraphs:
            paragraphs.insert(0, lead)
        hints[lead] = "lead"
    return Article(
        text="\n".join(paragraphs),
        source=source,
        title=title,
        published=parse_published(doc.date),
        outlet=outlet_in(doc.sitename) or (fold_space(doc.sitename) if doc.sitename else None),
        author=fold_space(doc.author) if doc.author else None,
        category=fold_space(doc.categories[0]) if doc.categories else None,
        url=doc.url,
        hints=hints,
    )
