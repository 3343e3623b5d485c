"""Reuse between stored articles: near-duplicates (most sentences shared) and copied passages
(runs of identical sentences), each with the article that published it first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from biennien.store.sqlite import SQLiteStore

DUPLICATE_SHARE = 0.8  # share of the shorter article's sentences that makes a duplicate


@dataclass(frozen=True)
class Reuse:
    articles: tuple[str, ...]
    kind: str  # "duplicate" or "passage"
    text: str
    first: str | None


def find_reuse(store: SQLiteStore, articles: list[str] | None = None) -> list[Reuse]:
    """Every duplicate pair and every shared passage in the store (those that involve one of
    ``articles``, when given)."""
    by_hash: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for h, article, sentence in store.shared_sentences(articles):
        by_hash[h].append((article, sentence))
    # Sentences each group of articles shares, keyed by the group.
    shared: dict[tuple[str, ...], list[tuple[str, dict[str, int]]]] = defaultdict(list)
    for h, places in by_hash.items():
        first_place: dict[str, int] = {}
        for article, sentence in places:
            first_place.setdefault(article, sentence)
        group = tuple(sorted(first_place))
        shared[group].append((h, first_place))
    involved = sorted({a for group in shared for a in group})
    published = {
        a: (art.published if art else None) for a, art in ((a, store.article(a)) for a in involved)
    }
    out: list[Reuse] = []
    for group, items in sorted(shared.items()):
        first = _first(group, published)
        sizes = [store.sentence_count(a) for a in group]
        if len(group) == 2 and len(items) >= DUPLICATE_SHARE * max(min(sizes), 1):
            anchor = group[0]
            text = _text(store, anchor, sorted(p[anchor] for _, p in items))
            out.append(Reuse(group, "duplicate", text, first))
            continue
        anchor = group[0]
        positions = sorted(p[anchor] for _, p in items)
        for run in _runs(positions):
            out.append(Reuse(group, "passage", _text(store, anchor, run), first))
    return out


def _first(group: tuple[str, ...], published: dict[str, str | None]) -> str | None:
    dated = [(published[a], a) for a in group if published.get(a)]
    if not dated:
        return None
    dated.sort()
    if len(dated) > 1 and dated[0][0] == dated[1][0]:
        return None  # published the same day: the dates do not tell who was first
    return dated[0][1]


def _runs(positions: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for p in positions:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _text(store: SQLiteStore, article: str, positions: list[int]) -> str:
    sentences = store.sentences(article)
    return " ".join(sentences[i].text for i in positions if i < len(sentences))
