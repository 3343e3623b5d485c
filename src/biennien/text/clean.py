"""From an Article to a Document: drop boilerplate, read attribution and bylines, mark the title,
lead and captions (a caption printed twice is kept once), and split sentences.

Everything here is a pure function of the article; the phrases it knows live in ``data/``.
"""

from __future__ import annotations

import re
from functools import cache

from biennien.knowledge import LineMatcher, fold_space, lines
from biennien.model import Article, Document, Removed, Sentence
from biennien.text.normalize import normalize
from biennien.text.outlets import canonical_outlet
from biennien.text.sentences import split


@cache
def _boilerplate() -> LineMatcher:
    return LineMatcher("boilerplate.txt")


@cache
def _end_markers() -> LineMatcher:
    return LineMatcher("end_markers.txt")


@cache
def _caption_regex() -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{p})" for p in lines("captions.txt"))
    return re.compile(f"(?:{alternatives})\\s*$", re.IGNORECASE)


MAX_CAPTION_CHARS = 500


def is_boilerplate(paragraph: str) -> bool:
    """Whether a paragraph is page furniture (share buttons, tags, "Báo lỗi nội dung"...)."""
    return _boilerplate()(paragraph)


def is_end_marker(paragraph: str) -> bool:
    """Whether a paragraph closes the article ("Nguồn: [Link nguồn]")."""
    return _end_markers()(paragraph)


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption: it ends with a photo credit."""
    return len(paragraph) <= MAX_CAPTION_CHARS and bool(_caption_regex().search(paragraph))


_PAREN_ATTRIBUTION = re.compile(r"\(\s*(?:theo\s+)?([^():]{2,60}?)\s*\)\.?", re.IGNORECASE)
_THEO_ATTRIBUTION = re.compile(
    r"theo\s+([^(),:;.]{2,60}?)(?:\s*\(([^()]{1,60})\))?\s*\.?", re.IGNORECASE
)
_SOURCE_ATTRIBUTION = re.compile(r"nguồn\s*:\s*([^\[\]():]{2,60}?)\.?", re.IGNORECASE)
_NAME = re.compile(r"(?:[^\W\d_][\w'’-]*)(?:\s+[^\W\d_][\w'’-]*){1,3}")


def _looks_like_name(text: str) -> bool:
    """Two to four words, each starting with a capital letter, letters only."""
    return bool(_NAME.fullmatch(text)) and all(w[0].isupper() for w in text.split())


def _placeholder(text: str) -> bool:
    return text.startswith("[") or not text.strip()


def parse_attribution(paragraph: str) -> tuple[str | None, str | None] | None:
    """(outlet, author) named by an attribution line, or None if the line is not one.

    Recognised: "(TTXVN/Vietnam+)", "(Theo VnExpress)", "Theo Phạm Nghĩa (Tuổi Trẻ)",
    "Theo Reuters", "Nguồn: VOV". A name that is a known outlet becomes the outlet; a
    person's name after "Theo" becomes the author; placeholders such as "[Tên nguồn]" are ignored.
    """
    text = fold_space(paragraph)
    m = _PAREN_ATTRIBUTION.fullmatch(text)
    if m:
        name = m.group(1).strip()
        known = canonical_outlet(name)
        if known:
            return known, None
        words = name.replace("/", " ").split()
        if len(words) > 6 or not all(w[0].isupper() or w[0].isdigit() for w in words):
            return None
        return name, None
    m = _THEO_ATTRIBUTION.fullmatch(text)
    if m:
        name, extra = m.group(1).strip(), (m.group(2) or "").strip()
        outlet = canonical_outlet(name)
        if outlet:
            return outlet, None
        if not _looks_like_name(name):
            return None
        extra_outlet = None if _placeholder(extra) else (canonical_outlet(extra) or extra)
        return extra_outlet, name
    m = _SOURCE_ATTRIBUTION.fullmatch(text)
    if m:
        outlet = canonical_outlet(m.group(1).strip())
        if outlet:
            return outlet, None
    return None


def is_byline(paragraph: str) -> bool:
    """A short line of two to four capitalised words: an author's name standing alone."""
    return _looks_like_name(fold_space(paragraph))


_END_MARK = re.compile(r"\s*\./\.\s*$")


def _tidy(paragraph: str) -> str:
    return _END_MARK.sub(".", paragraph).strip()


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of ``text``, normalised."""
    return [p for p in (_tidy(line) for line in normalize(text).split("\n")) if p]


def clean(article: Article) -> Document:
    """Clean one article (pure function)."""
    hints = {fold_space(normalize(k)): v for k, v in article.hints.items()}
    title = fold_space(normalize(article.title)) if article.title else None
    outlet, author = article.outlet, article.author
    removed: list[Removed] = []
    # First pass: label each paragraph.
    labelled: list[tuple[str, str]] = []  # (paragraph, label)
    trailer = False
    for para in paragraphs(article.text):
        if title and para == title and not labelled:
            continue
        attribution = parse_attribution(para)
        if attribution is not None:
            found_outlet, found_author = attribution
            outlet = outlet or found_outlet
            author = author or found_author
            removed.append(Removed(para, "attribution"))
            continue
        if is_end_marker(para):
            removed.append(Removed(para, "end of article"))
            trailer = True
            continue
        if trailer:
            removed.append(
                Removed(para, "after end of article" if not is_boilerplate(para) else "boilerplate")
            )
            continue
        if is_boilerplate(para):
            removed.append(Removed(para, "boilerplate"))
            continue
        hint = hints.get(para)
        if hint == "caption" or (hint is None and is_caption(para)):
            labelled.append((para, "caption"))
        elif hint == "lead":
            labelled.append((para, "lead"))
        else:
            labelled.append((para, "text"))
    # Second pass: lead, bylines, repeated captions.
    text_positions = [i for i, (_, label) in enumerate(labelled) if label == "text"]
    has_lead = any(label == "lead" for _, label in labelled)
    lead_pos = None
    if not has_lead and text_positions:
        lead_pos = text_positions[0]
    byline_slots = set()
    if text_positions:
        after_lead = [i for i in text_positions if lead_pos is None or i > lead_pos]
        if after_lead:
            byline_slots.add(after_lead[0])
            byline_slots.add(after_lead[-1])
    sentences: list[Sentence] = []
    if title:
        sentences.append(Sentence(title, "title", 0))
    seen_captions: set[str] = set()
    for i, (para, label) in enumerate(labelled):
        if i in byline_slots and is_byline(para):
            author = author or para
            removed.append(Removed(para, "byline"))
            continue
        if label == "caption":
            key = para.casefold()
            if key in seen_captions:
                removed.append(Removed(para, "repeated caption"))
                continue
            seen_captions.add(key)
            sentences.append(Sentence(para, "caption", i + 1))
            continue
        kind = "lead" if (label == "lead" or i == lead_pos) else "body"
        for sentence in split(para):
            sentences.append(Sentence(sentence, kind, i + 1))
    return Document(
        sentences=sentences,
        source=article.source,
        title=title,
        published=article.published,
        outlet=outlet,
        author=fold_space(author) if author else None,
        category=article.category,
        url=article.url,
        removed=removed,
    )
