"""Linking: each new article is placed among what is stored, without recomputing the world.

An article joins the event whose articles it is closest to on average (average linkage, with
its focus date and publication date agreeing) or starts a new one; events whose articles come
to be close on average merge, the older id staying. A new event joins the closest story or
starts one. Ids are stable: an event or a story is named after the article that started it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from biennien.link.features import (
    LinkFeatures,
    add,
    dot,
    link_features,
    normalised,
    top,
)
from biennien.model import Document
from biennien.store.sqlite import EventRow, SQLiteStore

EVENT_THRESHOLD = 0.22  # mean similarity to an event's articles to join it
MERGE_THRESHOLD = 0.25  # mean similarity between the articles of two events to merge them
STORY_THRESHOLD = 0.18  # similarity for a new event to join a story
STORY_NEAR_BONUS = 0.10  # the event is published within two weeks of the story's articles
STORY_NEAR_DAYS = 14
SAME_DAY_BONUS = 0.0  # both report a happening on the same day
OTHER_DAY_PENALTY = 0.30  # their happenings are more than two days apart
UNDATED_DAY_PENALTY = 0.05  # the same when a side is undated (its focus: the first day named)
FAR_PUBLICATION_PENALTY = 0.30  # published more than a week from the event's articles
FAR_PUBLICATION_DAYS = 2
ARTICLE_TERMS = 60  # terms kept in an article's vector
VECTOR_TERMS = 200  # terms kept in an event's or a story's vector
QUERY_TERMS = 20  # strongest article terms used to find and index candidates
CANDIDATES = 20
REWEIGH_GROWTH = 1.25  # an event's vector is weighed again once the store has grown this much
REWEIGH_STABLE = 20_000  # beyond this many documents, IDF moves slowly: weigh again at 2x
EARLY_MARGIN = 0.3  # a store of n documents asks this / n more similarity (weights are poor)
CONSOLIDATE = True  # every flush, events touched since the last one may merge


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


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    return dot(a, b)


def _date_adjustment(
    focus: str | None, first: str | None, last: str | None, event: EventRow
) -> float:
    """What dates add to a similarity: the same focus day adds, a different one or publications
    more than a week apart take away; nothing when either side is undated."""
    score = 0.0
    dated = first and last and event.first_published and event.last_published
    if focus and event.focus_date:
        gap = _day_gap(focus, event.focus_date)
        if gap == 0 and "X" not in focus + event.focus_date:
            score += SAME_DAY_BONUS
        elif gap is not None and gap > 2:
            score -= OTHER_DAY_PENALTY if dated else UNDATED_DAY_PENALTY
    if dated:
        if last < event.first_published:
            gap = _days(last, event.first_published)
        elif first > event.last_published:
            gap = _days(first, event.last_published)
        else:
            gap = 0
        if gap > FAR_PUBLICATION_DAYS:
            score -= FAR_PUBLICATION_PENALTY
    return score


class _Event:
    """An event as linking sees it: its row and the sum of its articles' unit vectors."""

    __slots__ = ("row", "vector", "n_docs")

    def __init__(self, row: EventRow, vector: dict[str, float], n_docs: int) -> None:
        self.row, self.vector, self.n_docs = row, vector, n_docs

    def similarity(self, unit: dict[str, float]) -> float:
        """Mean cosine similarity of a unit vector to the event's articles."""
        return _dot(unit, self.vector) / self.row.size if self.row.size else 0.0


class _Cache(OrderedDict):
    """A bounded mapping that forgets what was used least recently."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_fresh(self, key: str) -> object | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: str, value: object) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


class Linker:
    """Places new articles into events and stories of one store.

    An article joins the event whose articles it is closest to on average (average linkage),
    or starts one; two events whose articles come to be close on average merge (the older id
    stays). Term weights come from the store's own document frequencies, which are poor early
    in a stream: an event's vector is weighed again as the store grows, and every
    FLUSH_EVERY articles the events touched since are compared again with their neighbours.

    Document frequencies are kept in memory during a run and written every FLUSH_EVERY
    articles and at the end (:meth:`flush`); a killed run loses at most those counts, which
    only weigh terms and never decide what is stored.

    Events and story vectors read from the store are kept in memory (the most recently used
    CACHE_SIZE of each) and written through; the caches are dropped when another writer has
    changed the store, and when a transaction opened with :meth:`transaction` fails.
    """

    FLUSH_EVERY = 200
    CACHE_SIZE = 5000
    DF_CACHE_SIZE = 400_000  # document frequencies kept in memory between flushes

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.df: dict[str, int] = {}
        self.pending: dict[str, int] = {}
        self.n_docs = store.n_docs()
        self.unflushed = 0
        self.touched: set[str] = set()
        self.events = _Cache(self.CACHE_SIZE)  # id -> _Event
        self.stories = _Cache(self.CACHE_SIZE)  # id -> (raw vector, weighed vector, n_docs)
        self.seen_version = store.data_version()

    def forget(self) -> None:
        """Drop what is cached of events and stories (they will be read again)."""
        self.events.clear()
        self.stories.clear()

    def _check_cache(self) -> None:
        version = self.store.data_version()
        if version != self.seen_version:
            self.forget()
            self.seen_version = version

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction of the store; if it fails (or is interrupted), what linking
        cached is dropped and its counts are as they were before it began."""
        saved = (dict(self.pending), set(self.touched), self.n_docs, self.unflushed)
        try:
            with self.store.transaction():
                yield
        except BaseException:
            self.forget()
            self.df = {}
            self.pending, self.touched, self.n_docs, self.unflushed = saved
            raise

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
        """Write the pending document frequencies and consolidate the events touched since the
        last flush (inside the caller's transaction)."""
        self._check_cache()
        if self.pending:
            self.n_docs = self.store.add_doc_freqs(self.pending, self.unflushed)
            self.pending = {}
        self.unflushed = 0
        if len(self.df) > self.DF_CACHE_SIZE:  # written above: read again as needed
            self.df = {}
        if CONSOLIDATE:
            touched, self.touched = self.touched, set()
            for eid in sorted(touched, key=self.store.event_seq):
                self._consolidate(eid)

    def _stale(self, weighed_at: int) -> bool:
        """Whether weights computed when the store held ``weighed_at`` documents are stale."""
        growth = REWEIGH_GROWTH if weighed_at < REWEIGH_STABLE else 2.0
        return weighed_at * growth < self.n_docs

    def _margin(self) -> float:
        return EARLY_MARGIN / max(self.n_docs, 1)

    # -- events -----------------------------------------------------------------------------
    def _event(self, eid: str) -> _Event | None:
        """An event with its vector, weighed again when the store has grown since."""
        cached = self.events.get_fresh(eid)
        if isinstance(cached, _Event):
            if not self._stale(cached.n_docs):
                return cached
            row, vector, n = cached.row, cached.vector, cached.n_docs
        else:
            row = self.store.event(eid)
            if row is None:
                return None
            vector, n = self.store.event_vector(eid)
        if self._stale(n):
            total: dict[str, float] = {}
            for tf in self.store.member_vectors(eid):
                for t, w in normalised(self.weigh(tf)).items():
                    total[t] = total.get(t, 0.0) + w
            vector, n = top(total, VECTOR_TERMS), self.n_docs
            self.store.set_event_vector(eid, vector, n)
        event = _Event(row, vector, n)
        self.events.put(eid, event)
        return event

    def _pair(self, one: _Event, other: _Event) -> float:
        """Mean similarity between the articles of two events, with their dates."""
        a, b = one.row, other.row
        if not a.size or not b.size:
            return 0.0
        score = _dot(one.vector, other.vector) / (a.size * b.size)
        return score + _date_adjustment(a.focus_date, a.first_published, a.last_published, b)

    def _merge(self, one: _Event, other: _Event) -> _Event:
        """Merge two events; the older id stays and the merged event is returned."""
        store = self.store
        keep, absorb = sorted([one, other], key=lambda e: store.event_seq(e.row.id))
        store.merge_events(keep.row.id, absorb.row.id)
        vector = top(add(keep.vector, absorb.vector), VECTOR_TERMS)
        n = min(keep.n_docs, absorb.n_docs)
        store.set_event_vector(keep.row.id, vector, n)
        row = store.event(keep.row.id)
        assert row is not None
        self.touched.discard(absorb.row.id)
        self.events.pop(absorb.row.id, None)
        merged = _Event(row, vector, n)
        self.events.put(keep.row.id, merged)
        return merged

    def _merge_close(self, event: _Event, others: list[_Event]) -> _Event:
        """Merge ``event`` with the closest of ``others`` while they are close enough."""
        others = [o for o in others if o.row.id != event.row.id]
        while others:
            score, i = max((self._pair(event, o), i) for i, o in enumerate(others))
            if score < MERGE_THRESHOLD + self._margin():
                break
            event = self._merge(event, others.pop(i))
        return event

    def _consolidate(self, eid: str) -> None:
        event = self._event(eid)
        if event is None:
            return
        query = list(top(event.vector, QUERY_TERMS))
        others = [self._event(o) for o in self.store.candidates("event", query, CANDIDATES)]
        self._merge_close(event, [o for o in others if o is not None])

    def place(
        self, article_id: str, doc: Document, features: LinkFeatures | None = None
    ) -> tuple[str, str]:
        """Link a newly stored article: fingerprints, event and story (in the caller's
        transaction). ``features``: :func:`link_features` of ``doc`` when already computed.
        Returns (event id, story id)."""
        store = self.store
        self._check_cache()
        features = features or link_features(doc)
        store.add_sentence_hashes(article_id, features.fingerprints)
        counts = features.counts
        df = self._doc_freqs(list(counts))
        self.n_docs += 1
        for t in counts:
            self.df[t] = df[t] + 1
            self.pending[t] = self.pending.get(t, 0) + 1
        tf = {t: 1 + math.log(c) for t, c in counts.items()}
        vec = top(self.weigh(tf), ARTICLE_TERMS)
        tf = {t: tf[t] for t in vec}
        store.set_article_vector(article_id, tf)
        unit = normalised(vec)
        focus = features.focus
        published = doc.published.isoformat() if doc.published else None
        query = list(top(vec, QUERY_TERMS))
        scored = []
        for eid in store.candidates("event", query, CANDIDATES):
            event = self._event(eid)
            if event is not None:
                adjust = _date_adjustment(focus, published, published, event.row)
                scored.append((event.similarity(unit) + adjust, event))
        scored.sort(key=lambda se: -se[0])
        if scored and scored[0][0] >= EVENT_THRESHOLD + self._margin():
            best = scored[0][1]
            eid, vector, n, row = best.row.id, add(best.vector, unit), best.n_docs, best.row
        else:
            eid, vector, n = f"ev-{article_id}", unit, self.n_docs
            story = self._story_for(vec, article_id, published)
            store.create_event(eid, story)
            row = EventRow(eid, story, None, None, None, 0)
        store.add_to_event(article_id, eid, published, focus)
        row = _joined(row, published, focus)
        vector = top(vector, VECTOR_TERMS)
        store.set_event_vector(eid, vector, n)
        store.post("event", eid, query)
        joined = _Event(row, vector, n)
        self.events.put(eid, joined)
        event = self._merge_close(joined, [e for _, e in scored])
        self.touched.add(event.row.id)
        self._grow("story", event.row.story_id, tf, query)
        self.unflushed += 1
        if self.unflushed >= self.FLUSH_EVERY:
            self.flush()
        return event.row.id, event.row.story_id

    # -- stories ----------------------------------------------------------------------------
    def _story_vectors(self, sid: str) -> tuple[dict[str, float], dict[str, float]]:
        """A story's vector (sums of its articles' term frequencies) and its TF-IDF weights
        (unit length), weighed again when the store has grown since they were last weighed.
        The weights are stored beside the vector, so a story read again is not weighed again
        (and what it weighs does not depend on what this process happens to hold)."""
        cached = self.stories.get_fresh(sid)
        if isinstance(cached, tuple):
            raw, weighed, n = cached
        else:
            raw, weighed, n = self.store.story_weights(sid)
        if not weighed or self._stale(n):
            weighed, n = normalised(self.weigh(raw)), self.n_docs
            self.store.set_story_weights(sid, weighed, n)
        self.stories.put(sid, (raw, weighed, n))
        return raw, weighed

    def _grow(self, level: str, item_id: str, tf: dict[str, float], query: list[str]) -> None:
        """Add an article's term frequencies to a story's vector."""
        raw, _ = self._story_vectors(item_id)
        total = add(raw, normalised(tf))
        weighed = top(self.weigh(total), VECTOR_TERMS)
        kept = {t: total[t] for t in weighed}
        unit = normalised(weighed)
        self.store.set_vector(level, item_id, kept)
        self.store.set_story_weights(item_id, unit, self.n_docs)
        self.stories.put(item_id, (kept, unit, self.n_docs))
        self.store.post(level, item_id, query)

    def _story_for(self, vec: dict[str, float], article_id: str, published: str | None) -> str:
        """The story a new event joins: the closest one, or a new one."""
        store = self.store
        best, best_score = None, STORY_THRESHOLD
        unit = normalised(vec)
        for sid in store.candidates("story", list(top(vec, QUERY_TERMS)), CANDIDATES):
            score = dot(unit, self._story_vectors(sid)[1])  # the cosine: both unit length
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


def _joined(row: EventRow, published: str | None, focus: str | None) -> EventRow:
    """An event's row after an article joined it (as :meth:`SQLiteStore.add_to_event`)."""
    first, last = row.first_published, row.last_published
    if published:
        first = published if first is None or published < first else first
        last = published if last is None or published > last else last
    return replace(
        row,
        size=row.size + 1,
        first_published=first,
        last_published=last,
        focus_date=row.focus_date or focus,
    )
