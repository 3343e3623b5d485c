"""Extractive multi-document summaries: the sentences that best cover a story, without
repeating each other, in the order of the articles' publication and the sentences' position.

Each sentence is scored by its similarity to the story's centroid (TF-IDF over the story's own
sentences), with a bonus for leads and early sentences, where news puts what matters; chosen
greedily, skipping a sentence that repeats one already chosen.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from biennien.link.features import stopwords

LEAD_BONUS = 0.15
EARLY_BONUS = 0.05  # for each of the first sentences of a body, decreasing
REPEAT_OVERLAP = 0.5  # bigram overlap with a chosen sentence that makes a repeat
MIN_WORDS, MAX_WORDS = 6, 70

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Unit:
    """A sentence that may enter a summary."""

    article: str
    index: int  # sentence index in its article
    text: str
    kind: str
    published: str | None
    order: int  # position of its article in the input
    position: int  # position among its article's lead and body sentences


@dataclass(frozen=True)
class Chosen:
    article: str
    index: int
    text: str


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(text)]


def _bigrams(tokens: list[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}


def summarize(units: list[Unit], words: int = 100) -> list[Chosen]:
    """About ``words`` words of the most central, non-repeating sentences, in reading order."""
    stop = stopwords()
    pool = [u for u in units if u.kind in ("lead", "body")]
    toks = [_tokens(u.text) for u in pool]
    content = [[t for t in ts if t not in stop and not t.isdigit()] for ts in toks]
    df = Counter(t for c in content for t in set(c))
    n = len(pool)
    vecs = []
    for c in content:
        tf = Counter(c)
        vec = {t: (1 + math.log(k)) * math.log((n + 1) / df[t]) for t, k in tf.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vecs.append({t: w / norm for t, w in vec.items()})
    centroid: Counter[str] = Counter()
    for v in vecs:
        centroid.update(v)
    c_norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    scored = []
    for u, ts, v in zip(pool, toks, vecs, strict=True):
        if not MIN_WORDS <= len(ts) <= MAX_WORDS:
            continue
        score = sum(w * centroid[t] for t, w in v.items()) / c_norm
        if u.kind == "lead":
            score += LEAD_BONUS
        elif u.position < 3:
            score += EARLY_BONUS * (3 - u.position) / 3
        scored.append((score, u, ts))
    scored.sort(key=lambda x: -x[0])
    chosen: list[tuple[Unit, set[str]]] = []
    total = 0
    for _score, u, ts in scored:
        if total >= words:
            break
        grams = _bigrams(ts)
        if any(
            len(grams & g) / max(min(len(grams), len(g)), 1) >= REPEAT_OVERLAP for _, g in chosen
        ):
            continue
        chosen.append((u, grams))
        total += len(ts)
    chosen.sort(key=lambda x: (x[0].published or "9999", x[0].order, x[0].index))
    return [Chosen(u.article, u.index, u.text) for u, _ in chosen]


def units_of_documents(docs: list, ids: list[str] | None = None) -> list[Unit]:
    """Units from cleaned Documents (``biennien.model.Document``), in the given order."""
    out = []
    for order, doc in enumerate(docs):
        article = ids[order] if ids else str(order)
        position = 0
        for i, s in enumerate(doc.sentences):
            if s.kind in ("lead", "body"):
                out.append(
                    Unit(
                        article,
                        i,
                        s.text,
                        s.kind,
                        doc.published.isoformat() if doc.published else None,
                        order,
                        position,
                    )
                )
                position += 1
    return out


def summarize_articles(articles: list, words: int = 100) -> str:
    """Summarise Articles (as readers produce them) taken as one story."""
    from biennien.text.clean import clean

    docs = [clean(a) for a in articles]
    return " ".join(c.text for c in summarize(units_of_documents(docs), words))
