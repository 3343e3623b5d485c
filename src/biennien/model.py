"""The objects that flow through biennien: Article (as a reader found it), Document (cleaned)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from biennien.entities import Mention
    from biennien.timex import Timex

SENTENCE_KINDS = ("title", "lead", "body", "caption")


@dataclass
class Article:
    """One article as a reader found it, before cleaning.

    ``text`` holds the paragraphs, one per line (blank lines allowed). ``hints`` maps a
    paragraph, exactly as it appears in ``text``, to a kind the reader knows from markup
    ("lead" or "caption"); paragraphs without a hint are judged by the cleaner.
    """

    text: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    category: str | None = None
    url: str | None = None
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    text: str
    kind: str  # one of SENTENCE_KINDS
    paragraph: int  # index of the paragraph it came from


@dataclass(frozen=True)
class Removed:
    """A paragraph the cleaner dropped, and why (for the article page and for audits)."""

    text: str
    reason: str


@dataclass
class Document:
    """A cleaned article: metadata plus its sentences, ready for analysis and storage."""

    sentences: list[Sentence]
    source: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    category: str | None = None
    url: str | None = None
    removed: list[Removed] = field(default_factory=list)
    timexes: list[tuple[int, Timex]] = field(default_factory=list)  # (sentence index, timex)
    mentions: list[tuple[int, Mention]] = field(default_factory=list)  # (sentence, mention)
