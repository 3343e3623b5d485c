"""Analysis of a cleaned article: time expressions and entity mentions in every sentence.
A pure function of the document and its publication date."""

from __future__ import annotations

from biennien.entities import recognize_document
from biennien.model import Document
from biennien.timex import tag


def analyse(doc: Document) -> Document:
    """Add each sentence's time expressions (relative to the publication date) and mentions."""
    doc.timexes = [(i, t) for i, s in enumerate(doc.sentences) for t in tag(s.text, doc.published)]
    per_sentence = recognize_document([s.text for s in doc.sentences])
    doc.mentions = [(i, m) for i, ms in enumerate(per_sentence) for m in ms]
    return doc
