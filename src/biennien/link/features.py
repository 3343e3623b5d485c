"""What linking compares: term vectors of articles (syllables and syllable pairs, weighted by
TF-IDF from the store's own document frequencies), with the title's terms as a block of their
own; focus dates; and sentence fingerprints."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from biennien.entities import canonical
from biennien.knowledge import lines
from biennien.model import Document

_TOKEN = re.compile(r"\w+(?:[/.,-]\w+)*")
TITLE_WEIGHT = 2  # title terms count this many times
NAME_WEIGHT = 2  # capitalised syllables (names) count this many times
ENTITY_WEIGHT = 2  # each mention of a recognised entity adds a term "@name" this many times
FINGERPRINT_MIN_WORDS = 8
TITLE_PREFIX = "^"  # the title block's terms: "^" + syllable or pair

_canonical = lru_cache(maxsize=1 << 16)(canonical)


@dataclass
class LinkFeatures:
    """What linking needs of an article, computed where it is analysed (in a worker when
    ingest runs in parallel)."""

    counts: Counter[str]
    fingerprints: list[tuple[str, int]]
    focus: str | None
    latest: str | None = None  # the latest day it talks about (dated articles only)
    days: list[str] = field(default_factory=list)  # the days it talks about


def link_features(doc: Document) -> LinkFeatures:
    """Term counts, sentence fingerprints and dates (focus, latest, all days talked about) of
    an analysed article."""
    days = days_talked_about(doc)
    return LinkFeatures(
        terms(doc),
        fingerprints(doc),
        days[0] if days else None,
        max(days) if days and doc.published is not None else None,
        sorted(set(days)),
    )


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w.casefold() for w in lines("stopwords.txt"))


def terms(doc: Document) -> Counter[str]:
    """Raw term counts of an article: syllables and adjacent pairs, without function words,
    and its entities (canonical names). Captions are left out (they often describe an older
    photo); titles and names weigh more. The title's syllables and pairs are counted once more
    under TITLE_PREFIX: a block that linking compares on its own (:func:`is_title`).
    """
    stop = stopwords()
    counts: dict[str, int] = {}  # a plain dict is quicker to fill; same keys in the same order
    get = counts.get
    for s in doc.sentences:
        if s.kind == "caption":
            continue
        weight = TITLE_WEIGHT if s.kind == "title" else 1
        tokens = _TOKEN.findall(s.text)
        folded = [t.casefold() for t in tokens]
        kept = [t not in stop for t in folded]
        for raw, tok, keep in zip(tokens, folded, kept, strict=True):
            if keep:
                counts[tok] = get(tok, 0) + weight * (NAME_WEIGHT if raw[0].isupper() else 1)
        for a, b, keep_a, keep_b in zip(folded, folded[1:], kept, kept[1:], strict=False):
            if keep_a and keep_b:
                pair = f"{a} {b}"
                counts[pair] = get(pair, 0) + weight
        if s.kind == "title":
            for tok, keep in zip(folded, kept, strict=True):
                if keep:
                    key = TITLE_PREFIX + tok
                    counts[key] = get(key, 0) + 1
            for a, b, keep_a, keep_b in zip(folded, folded[1:], kept, kept[1:], strict=False):
                if keep_a and keep_b:
                    key = f"{TITLE_PREFIX}{a} {b}"
                    counts[key] = get(key, 0) + 1
    for i, m in doc.mentions:
        if doc.sentences[i].kind != "caption":
            name = "@" + _canonical(m.name, m.type).casefold()
            counts[name] = get(name, 0) + ENTITY_WEIGHT
    return Counter(counts)


def is_title(term: str) -> bool:
    """Whether a term belongs to the title block."""
    return term.startswith(TITLE_PREFIX)


def split_title(vec: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """A vector's text terms and its title-block terms."""
    text: dict[str, float] = {}
    title: dict[str, float] = {}
    for t, w in vec.items():
        (title if t.startswith(TITLE_PREFIX) else text)[t] = w
    return text, title


def blocks_unit(vec: dict[str, float], title_share: float) -> dict[str, float]:
    """A unit vector whose text block and title block are each normalised, the title block
    weighing ``title_share`` of the whole: the dot product of two such vectors is
    (1 - share) × cosine of texts + share × cosine of titles (when both have both)."""
    text, title = split_title(vec)
    if not title:
        return normalised(text)
    if not text:
        return normalised(title)
    a, b = math.sqrt(1.0 - title_share), math.sqrt(title_share)
    out = {t: w * a for t, w in normalised(text).items()}
    out.update((t, w * b) for t, w in normalised(title).items())
    return out


def tfidf(counts: Counter[str], doc_freqs: dict[str, int], n_docs: int) -> dict[str, float]:
    """Sublinear TF times smoothed IDF, normalised to unit length."""
    vec = {
        t: (1 + math.log(c)) * (math.log((n_docs + 1) / (doc_freqs.get(t, 0) + 1)) + 1)
        for t, c in counts.items()
    }
    return normalised(vec)


def normalised(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse vectors (exactly rounded, so the same in any order)."""
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot(a, b) / (na * nb) if na and nb else 0.0


def top(vec: dict[str, float], k: int) -> dict[str, float]:
    if len(vec) <= k:
        return dict(vec)
    return dict(sorted(vec.items(), key=lambda kv: -kv[1])[:k])


def add(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    out = dict(a)
    for t, w in b.items():
        out[t] = out.get(t, 0.0) + w
    return out


_DAY = re.compile(r"(\d{4}|XXXX)-\d{2}-\d{2}")


DAY_WINDOW = 10  # days before publication in which the dates an article talks about count


def days_talked_about(doc: Document) -> list[str]:
    """The day-precision dates an article's title, lead and body talk about, in order: within
    DAY_WINDOW days before publication (any, month-days included, when it is undated)."""
    out = []
    for i, t in doc.timexes:
        if doc.sentences[i].kind == "caption" or not _DAY.match(t.value):
            continue
        value = t.value[:10]
        if doc.published is None:
            out.append(value)
            continue
        if value.startswith("X"):
            continue
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            continue
        if dt.timedelta(0) <= doc.published - day <= dt.timedelta(days=DAY_WINDOW):
            out.append(value)
    return out


def focus_date(doc: Document) -> str | None:
    """The day of the happening an article reports: the first day-precision date in its title,
    lead or body that falls within ten days before publication (any day date when undated)."""
    days = days_talked_about(doc)
    return days[0] if days else None


def latest_day(doc: Document) -> str | None:
    """The latest day a dated article talks about (within DAY_WINDOW days before publication):
    reports of one happening name the same last day, while a follow-up names a later one."""
    if doc.published is None:
        return None
    days = days_talked_about(doc)
    return max(days) if days else None


_PUNCT = re.compile(r"[^\w\s]")


def fingerprint(text: str) -> str | None:
    """A hash of a sentence's words (case, spacing and punctuation ignored); None if short."""
    words = _PUNCT.sub(" ", text.casefold()).split()
    if len(words) < FINGERPRINT_MIN_WORDS:
        return None
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:20]


def fingerprints(doc: Document) -> list[tuple[str, int]]:
    out = []
    for i, s in enumerate(doc.sentences):
        if s.kind in ("lead", "body"):
            h = fingerprint(s.text)
            if h:
                out.append((h, i))
    return out
