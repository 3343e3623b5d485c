"""Plain-text articles as in ``shared/seeds``: an optional first line `` date YYYY-MM-DD <rest>``,
then an optional title line, then paragraphs.

``<rest>`` is a category when it is a known section name or a few words with no punctuation;
otherwise it is the start of the text (often a photo caption). The first paragraph is a title
when it is short and does not end like a sentence or a caption.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from biennien.ingest.decode import decode
from biennien.knowledge import fold_space, lines
from biennien.model import Article
from biennien.text.clean import is_boilerplate, is_caption
from biennien.text.normalize import normalize

_DATE_LINE = re.compile(r"\s?date\s+(\d{4})-(\d{2})-(\d{2})(?:\s+(.*))?")
MAX_TITLE_CHARS = 250


@cache
def _categories() -> frozenset[str]:
    return frozenset(c.casefold() for c in lines("categories.txt"))


def looks_like_category(text: str) -> bool:
    """A known section name, or up to four words with no digits or punctuation."""
    folded = fold_space(text)
    if folded.casefold() in _categories():
        return True
    words = folded.split()
    return 0 < len(words) <= 4 and all(w.isalpha() for w in words)


def looks_like_title(paragraph: str) -> bool:
    """Short, not a caption or boilerplate, and not ending like a sentence."""
    return (
        len(paragraph) <= MAX_TITLE_CHARS
        and len(paragraph.split()) >= 3
        and not paragraph.endswith((".", ";", ",", ":", ")", '"', "”", "…"))
        and not is_caption(paragraph)
        and not is_boilerplate(paragraph)
    )


def read(data: bytes, source: str) -> Article:
    """Read one plain-text article."""
    text = normalize(decode(data))
    all_lines = text.split("\n")
    published: dt.date | None = None
    category: str | None = None
    # The date line is the first non-empty line (normalisation strips its leading space).
    first = next((i for i, line in enumerate(all_lines) if line.strip()), None)
    if first is not None:
        m = _DATE_LINE.fullmatch(all_lines[first])
        if m:
            try:
                published = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                published = None
            rest = (m.group(4) or "").strip()
            all_lines = all_lines[first + 1 :]
            if rest:
                if looks_like_category(rest):
                    category = fold_space(rest)
                else:
                    all_lines.insert(0, rest)
    body = [line for line in all_lines if line.strip()]
    title = None
    # The title is the first paragraph that is not a caption (a caption may come first, from
    # the date line), when it looks like one.
    first_text = next((i for i, p in enumerate(body) if not is_caption(p)), None)
    if first_text is not None and len(body) > first_text + 1 and looks_like_title(body[first_text]):
        title = body.pop(first_text)
    return Article(
        text="\n".join(body),
        source=source,
        title=title,
        published=published,
        category=category,
    )
