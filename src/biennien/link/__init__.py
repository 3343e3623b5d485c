"""Linking: each new article is placed among what is stored, without recomputing the world.

An article joins the event whose vector it is closest to (with its focus date and publication
date agreeing) or starts a new one; a new event joins the closest story or starts one. Ids are
stable: an event or a story is named after the article that started it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from biennien.link.features import (
    add,
    cosine,
    fingerprints,
    focus_date,
    normalised,
    terms,
    top,
)
from biennien.model import Document
from biennien.store.sqlite import SQLiteStore

EVENT_THRESHOLD = 0.30  # similarity to join an event
STORY_THRESHOLD = 0.18  # similarity for a new event to join a story
STORY_NEAR_BONUS = 0.10  # the event is published within two weeks of the story's articles
STORY_NEAR_DAYS = 14
SAME_DAY_BONUS = 0.20  # both report a happening on the same day
OTHER_DAY_PENALTY = 0.30  # their happenings are more than two days apart
FAR_PUBLICATION_PENALTY = 0.30  # published more than a week from the event's articles
ARTICLE_TERMS = 60  # terms kept in an article's vector
VECTOR_TERMS = 100  # terms kept in an event's or a story's vector
QUERY_TERMS = 20  # strongest article terms used to find and index candidates
CANDIDATES = 20
MERGE_BRIDGED = True  # an article close to two events merges them
BRIDGE_THRESHOLD = 0.40


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def _day_gap(a: str, b: str) -> int | None:
    """Days between two day values; with an unknown year, between their month-days."""
    if "X" not in a + b:
        return _days(a, b)
    if a[4:].startswith("-") and "X" not in a[5:] + b[5:]:
        gap = abs(
            (
                dt.date(2000, int(a[5:7]), int(a[8:10])) - dt.date(2000, int(b[5:7]), int(b[8:10]))
            ).days
        )
        return min(gap, 366 - gap)
    return None


def _event_score(
    vec: dict[str, float],
    focus: str | None,
    published: str | None,
    store: SQLiteStore,
    eid: str,
    weigh: Callable[[dict[str, float]], dict[str, float]],
) -> float:
    event = store.event(eid)
    score = cosine(vec, weigh(store.vector("event", eid)))
    if event is None:
        return 0.0
    if focus and event.focus_date:
        gap = _day_gap(focus, event.focus_date)
        if gap == 0 and "X" not in focus + event.focus_date:
            score += SAME_DAY_BONUS
        elif gap is not None and gap > 2:
            score -= OTHER_DAY_PENALTY
    if published and event.first_published and event.last_published:
        gap = min(_days(published, event.first_published), _days(published, event.last_published))
        if gap > 7:
            score -= FAR_PUBLICATION_PENALTY
    return score


class Linker:
    """Places new articles into events and stories of one store.

    Document frequencies are kept in memory during a run and written every FLUSH_EVERY
    articles and at the end (:meth:`flush`); a killed run loses at most those counts, which
    only weigh terms and never decide what is stored.
    """

    FLUSH_EVERY = 200

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.df: dict[str, int] = {}
        self.pending: dict[str, int] = {}
        self.n_docs = store.n_docs()
        self.unflushed = 0

    def _doc_freqs(self, terms: list[str]) -> dict[str, int]:
        missing = [t for t in terms if t not in self.df]
        if missing:
            found = self.store.doc_freqs(missing)
            for t in missing:
                self.df[t] = found.get(t, 0)
        return {t: self.df[t] for t in terms}

    def weigh(self, tf: dict[str, float]) -> dict[str, float]:
        """Term frequencies to TF-IDF weights with the current document frequencies, so that
        vectors stored early are weighed by what the store knows now."""
        df = self._doc_freqs(list(tf))
        n = self.n_docs
        return {t: w * (math.log((n + 1) / (df[t] + 1)) + 1) for t, w in tf.items()}

    def flush(self) -> None:
        """Write the pending document frequencies (inside the caller's transaction)."""
        if self.pending:
            self.store.add_doc_freqs(self.pending, self.n_docs)
            self.pending = {}
        self.unflushed = 0

    def _merge_events(self, one: str, other: str) -> str:
        """An article close to two events joins them; the older id stays and is returned."""
        store = self.store
        if store.event(one) is None or store.event(other) is None:
            return one
        keep, absorb = sorted([one, other], key=store.event_seq)
        total = add(store.vector("event", keep), store.vector("event", absorb))
        store.merge_events(keep, absorb)
        weighted = top(self.weigh(total), VECTOR_TERMS)
        store.set_vector("event", keep, {t: total[t] for t in weighted})
        return keep

    def _grow(self, level: str, item_id: str, tf: dict[str, float], query: list[str]) -> None:
        """Add an article's term frequencies to an event's or a story's vector."""
        total = add(self.store.vector(level, item_id), normalised(tf))
        keep = top(self.weigh(total), VECTOR_TERMS)
        self.store.set_vector(level, item_id, {t: total[t] for t in keep})
        self.store.post(level, item_id, query)

    def place(self, article_id: str, doc: Document) -> tuple[str, str]:
        """Link a newly stored article: fingerprints, event and story (in the caller's
        transaction). Returns (event id, story id)."""
        store = self.store
        store.add_sentence_hashes(article_id, fingerprints(doc))
        counts = terms(doc)
        df = self._doc_freqs(list(counts))
        self.n_docs += 1
        for t in counts:
            self.df[t] = df[t] + 1
            self.pending[t] = self.pending.get(t, 0) + 1
        tf = {t: 1 + math.log(c) for t, c in counts.items()}
        vec = top(self.weigh(tf), ARTICLE_TERMS)
        tf = {t: tf[t] for t in vec}
        focus = focus_date(doc)
        published = doc.published.isoformat() if doc.published else None
        query = list(top(vec, QUERY_TERMS))
        scores = []
        for eid in store.candidates("event", query, CANDIDATES):
            score = _event_score(vec, focus, published, store, eid, self.weigh)
            if score >= EVENT_THRESHOLD:
                scores.append((score, eid))
        scores.sort(reverse=True)
        best = scores[0][1] if scores else None
        if MERGE_BRIDGED:
            for score, eid in scores[1:]:
                if score >= BRIDGE_THRESHOLD:
                    best = self._merge_events(best, eid)
        if best is None:
            best = f"ev-{article_id}"
            story = _story_for(store, vec, article_id, published, self.weigh)
            store.create_event(best, story)
        event = store.event(best)
        assert event is not None
        store.add_to_event(article_id, best, published, focus)
        self._grow("event", best, tf, query)
        self._grow("story", event.story_id, tf, query)
        self.unflushed += 1
        if self.unflushed >= self.FLUSH_EVERY:
            self.flush()
        return best, event.story_id


def _story_for(
    store: SQLiteStore,
    vec: dict[str, float],
    article_id: str,
    published: str | None,
    weigh: Callable[[dict[str, float]], dict[str, float]],
) -> str:
    best, best_score = None, STORY_THRESHOLD
    for sid in store.candidates("story", list(top(vec, QUERY_TERMS)), CANDIDATES):
        score = cosine(vec, weigh(store.vector("story", sid)))
        span = store.story_span(sid)
        if published and span:
            gap = min(_days(published, span[0]), _days(published, span[1]))
            if gap <= STORY_NEAR_DAYS:
                score += STORY_NEAR_BONUS
        if score >= best_score:
            best, best_score = sid, score
    if best is None:
        best = f"st-{article_id}"
        store.create_story(best)
    return best
