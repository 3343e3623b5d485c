"""Analysis of a cleaned article: time expressions (and, as they land, entity mentions) in
every sentence. A pure function of the document and its publication date."""

from __future__ import annotations

from biennien.model import Document
from biennien.timex import tag


def analyse(doc: Document) -> Document:
    """Add the time expressions of each sentence to ``doc`` (relative to its publication date)."""
    doc.timexes = [(i, t) for i, s in enumerate(doc.sentences) for t in tag(s.text, doc.published)]
    return doc
