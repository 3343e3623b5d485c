"""Linking: each new article is placed among what is stored, without recomputing the world.

An article joins the event whose vector it is closest to (with its focus date and publication
date agreeing) or starts a new one; a new event joins the closest story or starts one. Ids are
stable: an event or a story is named after the article that started it.
"""

from __future__ import annotations

import datetime as dt

from biennien.link.features import (
    add,
    cosine,
    fingerprints,
    focus_date,
    terms,
    tfidf,
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
VECTOR_TERMS = 80  # terms kept in an event's or a story's vector
QUERY_TERMS = 20  # strongest article terms used to find candidates
CANDIDATES = 50


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
    vec: dict[str, float], focus: str | None, published: str | None, store: SQLiteStore, eid: str
) -> float:
    event = store.event(eid)
    score = cosine(vec, store.vector("event", eid))
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


def place(store: SQLiteStore, article_id: str, doc: Document) -> tuple[str, str]:
    """Link a newly stored article: fingerprints, document frequencies, event and story.

    Runs inside the caller's transaction. Returns (event id, story id).
    """
    store.add_sentence_hashes(article_id, fingerprints(doc))
    counts = terms(doc)
    n_docs = store.add_doc_freqs(counts)
    vec = tfidf(counts, store.doc_freqs(list(counts)), n_docs)
    focus = focus_date(doc)
    published = doc.published.isoformat() if doc.published else None
    query = list(top(vec, QUERY_TERMS))
    best, best_score = None, EVENT_THRESHOLD
    for eid in store.candidates("event", query, CANDIDATES):
        score = _event_score(vec, focus, published, store, eid)
        if score >= best_score:
            best, best_score = eid, score
    if best is None:
        best = f"ev-{article_id}"
        story = _story_for(store, vec, article_id, published)
        store.create_event(best, story)
    event = store.event(best)
    assert event is not None
    store.add_to_event(article_id, best, published, focus)
    store.set_vector("event", best, top(add(store.vector("event", best), vec), VECTOR_TERMS))
    story_vec = add(store.vector("story", event.story_id), vec)
    store.set_vector("story", event.story_id, top(story_vec, VECTOR_TERMS))
    return best, event.story_id


def _story_for(
    store: SQLiteStore, vec: dict[str, float], article_id: str, published: str | None
) -> str:
    best, best_score = None, STORY_THRESHOLD
    for sid in store.candidates("story", list(top(vec, QUERY_TERMS)), CANDIDATES):
        score = cosine(vec, store.vector("story", sid))
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
