"""Linking: each new article is placed among what is stored, without recomputing the world.

An article joins the event whose articles it is closest to on average (average linkage, with
their publication dates and the days they talk about agreeing) provided that it is close enough
to every one of them (a complete-linkage floor), or starts a new one; events whose articles come
to be close in the same way merge, the older id staying. Two articles are compared by their
texts and, as a block of its own, their titles. A new event joins the closest story or starts
one. Ids are stable: an event or a story is named after the article that started it.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from biennien.link.features import (
    LinkFeatures,
    add,
    blocks_unit,
    dot,
    link_features,
    normalised,
    split_title,
    top,
)
from biennien.model import Document
from biennien.store.sqlite import EventRow, SQLiteStore

# Events. Similarities are cosines of articles' unit vectors (text and title, TITLE_SHARE),
# less what their dates take away (_member_score); an event's similarity to an article or to
# another event is the mean over their pairs of articles.
TITLE_SHARE = 0.15  # what the similarity of titles weighs in the similarity of two articles
EVENT_THRESHOLD = 0.32  # mean similarity to an event's articles to join it at once
MERGE_THRESHOLD = 0.32  # the same for two events to merge at once (or at a flush)
SETTLE_THRESHOLD = 0.12  # the same for weaker links, made when an ingest ends (_settle)
MIN_SIMILARITY = 0.115  # and every pair of articles of an event at least this similar
FAR_PUBLICATION_PENALTY = 0.30  # published more than FAR_PUBLICATION_DAYS days apart
FAR_PUBLICATION_DAYS = 2
LATEST_DAY_PENALTY = 0.1  # two dated articles whose latest days talked about differ
DAY_PENALTY = 0.05  # two articles whose days talked about are all more than two days apart
EARLY_MARGIN = 1.0  # a store of n documents asks this / n more similarity (weights are poor)
ARTICLE_TERMS = 150  # text terms kept in an article's vector (its title's are all kept)
VECTOR_TERMS = 200  # terms kept in an event's vector (the sum of its articles' unit vectors)
QUERY_TERMS = 20  # strongest article terms used to find and index candidates
CANDIDATES = 20
CHECK_SLACK = 0.05  # events this far below a threshold by their vectors are checked too
# The same for weaker links (_settle): the mean similarity of two events' articles compared
# one by one was at most 0.023 above their vectors' on 7,441 pairs (1,000 VietNews articles
# into 51,972), so pairs further below are neither remembered nor compared.
SETTLE_SLACK = 0.03
MEMBER_CHECK = 20  # articles of an event compared one by one (its most recent ones)
MEMBER_CACHE = 1000  # events whose articles' unit vectors are kept in memory
NEAR_KEEP = 5  # candidates an article remembers as within reach of its event (_settle)
REWEIGH_GROWTH = 1.25  # vectors are weighed again once the store has grown this much
REWEIGH_STABLE = 20_000  # beyond this many documents, IDF moves slowly: weigh again at 2x
CONSOLIDATE = True  # events merge at flushes (touched ones) and when an ingest ends
# Stories.
STORY_THRESHOLD = 0.18  # similarity for a new event to join a story
STORY_NEAR_BONUS = 0.10  # the event is published within two weeks of the story's articles
STORY_NEAR_DAYS = 14
# A story's vector sums all its articles and broadens as it grows; a new event joins a story
# only when the article is also this close to one of the story's events (mean similarity to
# its articles), so that a story does not drift from subject to subject through its vector.
# On 10,000 VietNews articles the largest story held 589 articles without it (North Korea,
# Iran, Vietnam's diplomacy, gifts at Tet), 570 at 0.15, 311 at 0.20 (North Korea), 201 at
# 0.25 (then 93 stories of more than one event were left, against 226 at 0.20).
STORY_EVENT_FLOOR = 0.20
STORY_ARTICLE_TERMS = 60  # an article's strongest text terms that its story compares and sums
STORY_TERMS = 200  # terms kept in a story's vector
# Stored with an article's term frequencies: "#p" + publication date, "#l" + latest day talked
# about, "#d" + each day talked about.
_DATE = "#"


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    return dot(a, b)


def _unit(vec: dict[str, float]) -> dict[str, float]:
    """An article's unit vector: its text and its title compared as blocks of their own."""
    return blocks_unit(vec, TITLE_SHARE)


def _ordinal(day: str | None) -> int | None:
    if not day or "X" in day:
        return None
    try:
        return dt.date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


def _month_day(day: str) -> int | None:
    """A day's place in the year (in a leap year), whether or not its year is known."""
    try:
        return dt.date(2000, int(day[5:7]), int(day[8:10])).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class _Member:
    """An article of an event as the one-by-one comparison sees it: its unit vector and its
    dates (day ordinals): publication, the latest day it talks about (when dated), and every
    day it talks about as (ordinal when its year is known, place in the year)."""

    unit: dict[str, float]
    published: int | None = None
    latest: int | None = None
    days: tuple[tuple[int | None, int | None], ...] = ()


def _member(
    unit: dict[str, float],
    published: str | None = None,
    latest: str | None = None,
    days: Iterable[str] = (),
) -> _Member:
    """A member from its unit vector and its dates (ISO days, the year possibly XXXX)."""
    return _Member(
        unit,
        _ordinal(published),
        _ordinal(latest),
        tuple(sorted({(_ordinal(d), _month_day(d)) for d in days}, key=str)),
    )


def _stored_dates(days: list[str], published: str | None, latest: str | None) -> dict[str, float]:
    """An article's dates as terms stored with its term frequencies."""
    out = {f"{_DATE}d{d}": 1.0 for d in days}
    if published:
        out[f"{_DATE}p{published}"] = 1.0
    if latest:
        out[f"{_DATE}l{latest}"] = 1.0
    return out


def _split_dates(
    tf: dict[str, float],
) -> tuple[dict[str, float], str | None, str | None, list[str]]:
    """A stored article vector: its terms, publication date, latest day and days talked about."""
    terms: dict[str, float] = {}
    published = latest = None
    days = []
    for t, w in tf.items():
        if not t.startswith(_DATE):
            terms[t] = w
        elif t[1] == "p":
            published = t[2:]
        elif t[1] == "l":
            latest = t[2:]
        elif t[1] == "d":
            days.append(t[2:])
    return terms, published, latest, days


def _days_apart(a: _Member, b: _Member) -> int | None:
    """The fewest days between a day one article talks about and a day the other does (by
    their places in the year when a year is unknown); None when either names no day."""
    best = None
    for ord_a, md_a in a.days:
        for ord_b, md_b in b.days:
            if ord_a is not None and ord_b is not None:
                gap = abs(ord_a - ord_b)
            elif md_a is not None and md_b is not None:
                gap = abs(md_a - md_b)
                gap = min(gap, 366 - gap)
            else:
                continue
            best = gap if best is None else min(best, gap)
    return best


def _member_score(a: _Member, b: _Member) -> float:
    """The similarity of two articles with what their dates take away: publications more than
    FAR_PUBLICATION_DAYS apart; days talked about all more than two days apart; different
    latest days talked about (when dated)."""
    score = dot(a.unit, b.unit)
    gap = _days_apart(a, b)
    if gap is not None and gap > 2:
        score -= DAY_PENALTY
    if a.published is not None and b.published is not None:
        if abs(a.published - b.published) > FAR_PUBLICATION_DAYS:
            score -= FAR_PUBLICATION_PENALTY
        if a.latest is not None and b.latest is not None and a.latest != b.latest:
            score -= LATEST_DAY_PENALTY
    return score


def _stats(ones: list[_Member], others: list[_Member]) -> tuple[float, int, float] | None:
    """The sum, count and least of the similarities between two groups of articles."""
    scores = [_member_score(a, b) for a in ones for b in others]
    return (math.fsum(scores), len(scores), min(scores)) if scores else None


def _publication_gap(first: str | None, last: str | None, event: EventRow) -> float:
    """What publication dates take from a similarity: FAR_PUBLICATION_PENALTY when articles
    published between ``first`` and ``last`` are more than FAR_PUBLICATION_DAYS from the
    event's; nothing when either side is undated. (The days the articles talk about are
    compared article by article, :func:`_member_score`.)"""
    if not (first and last and event.first_published and event.last_published):
        return 0.0
    if last < event.first_published:
        gap = _days(last, event.first_published)
    elif first > event.last_published:
        gap = _days(first, event.last_published)
    else:
        gap = 0
    return -FAR_PUBLICATION_PENALTY if gap > FAR_PUBLICATION_DAYS else 0.0


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

    Candidate events are found through postings of an article's strongest terms and
    preselected by their vectors (the sum of their articles' unit vectors); the decision
    compares the article with their most recent articles one by one (:meth:`_fits`). An
    article joins at once the event it is clearly close to (EVENT_THRESHOLD), or starts one;
    an event it joins merges at once with candidates as close (the older id stays). Weaker
    links are made when an ingest ends (:meth:`flush`, :meth:`_settle`): among the events
    that came within reach of each other during it, the closest pairs merge first, down to
    SETTLE_THRESHOLD, and only while every pair of their articles keeps MIN_SIMILARITY. Term
    weights come from the store's own document frequencies, which are poor early in a
    stream: vectors are weighed again as the store grows, and every FLUSH_EVERY articles the
    events touched since are compared again with the events within their reach.

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
        self._idf: dict[str, float] = {}  # term -> inverse document frequency (weigh)
        self._idf_n = -1  # the number of documents those were computed with
        self.pending: dict[str, int] = {}
        self.n_docs = store.n_docs()
        self.unflushed = 0
        self.touched: set[str] = set()  # events touched since the last flush
        self.near: dict[str, set[str]] = {}  # events within reach of each other (_settle)
        self.lone: dict[str, _Member] = {}  # dates of the lone articles of new events (_settle)
        self.events = _Cache(self.CACHE_SIZE)  # id -> _Event
        self.members = _Cache(MEMBER_CACHE)  # id -> (n_docs when weighed, [_Member])
        self.stories = _Cache(self.CACHE_SIZE)  # id -> (raw vector, weighed vector, n_docs)
        self.seen_version = store.data_version()

    def forget(self) -> None:
        """Drop what is cached of events and stories (they will be read again)."""
        self.events.clear()
        self.stories.clear()
        self.members.clear()

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
            self.df, self._idf_n = {}, -1
            self.pending, self.touched, self.n_docs, self.unflushed = saved
            raise

    def _doc_freqs(self, terms: Iterable[str]) -> dict[str, int]:
        """The document frequencies that hold ``terms`` (read from the store when missing)."""
        df = self.df
        missing = [t for t in terms if t not in df]
        if missing:
            found = self.store.doc_freqs(missing)
            for t in missing:
                df[t] = found.get(t, 0)
        return df

    def weigh(self, tf: dict[str, float]) -> dict[str, float]:
        """Term frequencies to TF-IDF weights with the current document frequencies, so that
        vectors stored early are weighed by what the store knows now. A term's inverse
        document frequency is kept while the counts stay as they are (:meth:`_idfs`)."""
        idf = self._idfs()
        try:
            return {t: w * idf[t] for t, w in tf.items()}
        except KeyError:
            pass
        df = self._doc_freqs(tf)
        n1, log = self.n_docs + 1, math.log
        for t in tf:
            if t not in idf:
                idf[t] = log(n1 / (df[t] + 1)) + 1
        return {t: w * idf[t] for t, w in tf.items()}

    def _idfs(self) -> dict[str, float]:
        """The inverse document frequencies computed since the counts last changed (every
        count changes with the number of documents, and :meth:`_flush` starts afresh)."""
        if self._idf_n != self.n_docs:
            self._idf, self._idf_n = {}, self.n_docs
        return self._idf

    def flush(self, progress: Callable[[int, int], None] | None = None) -> None:
        """The end of an ingest (inside the caller's transaction): pending document
        frequencies are written, events touched since the last flush are compared again, and
        the weaker links of the ingest are made (:meth:`_settle`; ``progress(done, total)`` is
        told how far that has gone: after a large ingest it takes minutes)."""
        self._flush(keep_counts=True)  # the settling reads them again
        if CONSOLIDATE:
            self._settle(progress)
        self.near, self.lone = {}, {}
        self._trim_counts()

    def _flush(self, keep_counts: bool = False) -> None:
        """Write the pending document frequencies and consolidate the events touched since the
        last flush; the counts kept in memory are trimmed (:meth:`_trim_counts`) unless
        ``keep_counts``."""
        self._check_cache()
        if self.pending:
            self.n_docs = self.store.add_doc_freqs(self.pending, self.unflushed)
            self.pending = {}
        self._idf_n = -1  # counts read again from here on may hold other writers' too
        self.unflushed = 0
        if not keep_counts:
            self._trim_counts()
        if CONSOLIDATE:
            touched, self.touched = self.touched, set()
            for eid in sorted(touched, key=self.store.event_seq):
                self._consolidate(eid)

    def _trim_counts(self) -> None:
        """Drop the document frequencies kept in memory once they are too many (they are
        written: read again as needed)."""
        if len(self.df) > self.DF_CACHE_SIZE:
            self.df = {}

    def _stale(self, weighed_at: int) -> bool:
        """Whether weights computed when the store held ``weighed_at`` documents are stale."""
        growth = REWEIGH_GROWTH if weighed_at < REWEIGH_STABLE else 2.0
        return weighed_at * growth < self.n_docs

    def _margin(self) -> float:
        return EARLY_MARGIN / max(self.n_docs, 1)

    # -- events -----------------------------------------------------------------------------
    def _event(self, eid: str) -> _Event | None:
        """An event with its vector (weighed again when its articles are, :meth:`_members`)."""
        cached = self.events.get_fresh(eid)
        if isinstance(cached, _Event):
            return cached
        row = self.store.event(eid)
        if row is None:
            return None
        vector, n = self.store.event_vector(eid)
        event = _Event(row, vector, n)
        self.events.put(eid, event)
        return event

    def _read_members(self, eid: str, last: int | None = None) -> list[_Member]:
        """The articles of an event (the ``last`` placed, when given), weighed with the
        current document frequencies."""
        out = []
        for stored in self.store.member_vectors(eid, last):
            tf, published, latest, days = _split_dates(stored)
            out.append(_member(_unit(self.weigh(tf)), published, latest, days))
        return out

    def _members(self, eid: str) -> list[_Member]:
        """The most recent MEMBER_CHECK articles of an event, weighed again once the store has
        grown REWEIGH_GROWTH times since they were; the event's vector is weighed again with
        them. An event is weighed again only when it comes close enough to be compared
        article by article: a stale vector only preselects (with CHECK_SLACK)."""
        cached = self.members.get_fresh(eid)
        if isinstance(cached, tuple) and cached[0] * REWEIGH_GROWTH >= self.n_docs:
            return cached[1]
        event = self._event(eid)
        stale = event is not None and event.n_docs * REWEIGH_GROWTH < self.n_docs
        members = self._read_members(eid, None if stale else MEMBER_CHECK)
        if stale:
            assert event is not None
            total: dict[str, float] = {}
            for m in members:
                for t, w in m.unit.items():
                    total[t] = total.get(t, 0.0) + w
            event.vector, event.n_docs = top(total, VECTOR_TERMS), self.n_docs
            self.store.set_event_vector(eid, event.vector, event.n_docs)
        members = members[-MEMBER_CHECK:]
        self.members.put(eid, (self.n_docs, members))
        return members

    def _fits(self, ones: list[_Member], others: list[_Member], threshold: float) -> float | None:
        """The mean similarity between two groups of articles when it reaches ``threshold``
        and every pair reaches MIN_SIMILARITY (else None)."""
        scores = [_member_score(a, b) for a in ones for b in others]
        if not scores:
            return None
        margin = self._margin()
        mean = math.fsum(scores) / len(scores)
        if min(scores) < MIN_SIMILARITY + margin or mean < threshold + margin:
            return None
        return mean

    def _pair(self, one: _Event, other: _Event) -> float:
        """Mean similarity between the articles of two events, with their dates."""
        a, b = one.row, other.row
        if not a.size or not b.size:
            return 0.0
        score = _dot(one.vector, other.vector) / (a.size * b.size)
        return score + _publication_gap(a.first_published, a.last_published, b)

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
        self._forward(keep.row.id, absorb.row.id)
        self.lone.pop(keep.row.id, None)
        self.lone.pop(absorb.row.id, None)
        self.events.pop(absorb.row.id, None)
        kept, absorbed = self.members.pop(keep.row.id, None), self.members.pop(absorb.row.id, None)
        if isinstance(kept, tuple) and isinstance(absorbed, tuple):
            joined = (kept[1] + absorbed[1])[-MEMBER_CHECK:]
            self.members.put(keep.row.id, (min(kept[0], absorbed[0]), joined))
        merged = _Event(row, vector, n)
        self.events.put(keep.row.id, merged)
        return merged

    def _merge_close(
        self, event: _Event, others: list[_Event], threshold: float | None = None
    ) -> _Event:
        """Merge ``event`` with the closest of ``others`` while they are close enough: on
        average by their vectors, then article by article."""
        threshold = MERGE_THRESHOLD if threshold is None else threshold
        others = [o for o in others if o.row.id != event.row.id]
        scores, seen = [], None  # against ``event`` as it is (its vector may be weighed again)
        while others:
            if seen is not event.vector:
                scores, seen = [self._pair(event, o) for o in others], event.vector
            score, i = max((score, i) for i, score in enumerate(scores))
            if score < threshold + self._margin() - CHECK_SLACK:
                break
            other = others.pop(i)
            scores.pop(i)
            ones, theirs = self._members(event.row.id), self._members(other.row.id)
            if self._fits(ones, theirs, threshold) is not None:
                event = self._merge(event, other)
        return event

    def _consolidate(self, eid: str) -> None:
        event = self._event(eid)
        if event is not None:
            self._merge_close(event, self._neighbours(event))

    def _neighbours(self, event: _Event) -> list[_Event]:
        """The events that came within reach of ``event`` since the last end of an ingest."""
        found = (self._event(o) for o in sorted(self.near.get(event.row.id, ())))
        return [o for o in found if o is not None and o.row.id != event.row.id]

    def _remember(self, one: str, other: str) -> None:
        """Remember that two events came within reach (for :meth:`_settle`)."""
        if one != other:
            self.near.setdefault(one, set()).add(other)
            self.near.setdefault(other, set()).add(one)

    def _forward(self, keep: str, absorb: str) -> None:
        """What was remembered of an absorbed event now holds for the event it went into."""
        for other in self.near.pop(absorb, set()):
            self.near.get(other, set()).discard(absorb)
            self._remember(keep, other)

    def _settle(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Weaker links, made once an ingest has seen all it brings: events that came within
        reach of each other during it (:meth:`_remember`) merge down to SETTLE_THRESHOLD
        (every pair of articles still at least MIN_SIMILARITY), the closest pair first, as
        average linkage does. An article joins an event at once only when it is clearly
        close; weaker links wait until the articles that belong closer have arrived, so that
        an early weak link does not keep them apart.

        Each pair within reach is compared once; when two events merge, what is known of
        each with a third is combined (sums, counts and least similarities add up)."""
        margin = self._margin()
        floor, threshold = MIN_SIMILARITY + margin, SETTLE_THRESHOLD + margin
        known: dict[tuple[str, str], tuple[float, int, float] | None] = {}
        heap: list[tuple[float, str, str, int, int]] = []

        def record(one: _Event, other: _Event, stats: tuple[float, int, float] | None) -> None:
            known[_pair_key(one.row.id, other.row.id)] = stats
            if stats is not None and stats[2] >= floor and stats[0] / stats[1] >= threshold:
                a, b = one.row, other.row
                heapq.heappush(heap, (-stats[0] / stats[1], a.id, b.id, a.size, b.size))

        nearby = sorted(self.near, key=self.store.event_seq)
        done = 0
        for eid in nearby:
            done += 1
            if progress is not None:
                progress(done, len(nearby))
            event = self._event(eid)
            if event is None:
                continue
            for other in self._neighbours(event):
                key = _pair_key(eid, other.row.id)
                if key in known:
                    continue
                if self._pair(event, other) < threshold - SETTLE_SLACK:
                    known[key] = None
                else:
                    record(event, other, _stats(self._group(event), self._group(other)))
        while heap:
            _, a, b, size_a, size_b = heapq.heappop(heap)
            done += 1
            if progress is not None:  # pairs still to look at: at most what the heap holds
                progress(done, done + len(heap))
            one, other = self._event(a), self._event(b)
            if one is None or other is None or (one.row.size, other.row.size) != (size_a, size_b):
                continue  # merged or grown since: what holds now was recorded when it did
            around = sorted((self.near.get(a, set()) | self.near.get(b, set())) - {a, b})
            # A part's articles are needed (and read before the merge) only for a third event
            # that was within reach of the other part alone.
            groups = {
                part.row.id: self._group(part)
                for part in (one, other)
                if any(_pair_key(part.row.id, x) not in known for x in around)
            }
            merged = self._merge(one, other)
            for x in around:
                third = self._event(x)
                if third is None:
                    continue
                sides = []
                for part in (one, other):
                    key = _pair_key(part.row.id, x)
                    if key not in known:  # within reach of the other part only: compare now
                        if self._pair(part, third) < threshold - SETTLE_SLACK:
                            known[key] = None
                        else:
                            known[key] = _stats(groups[part.row.id], self._group(third))
                    sides.append(known.pop(key))
                with_a, with_b = sides
                if with_a is None or with_b is None:
                    record(merged, third, None)
                else:
                    total, count = with_a[0] + with_b[0], with_a[1] + with_b[1]
                    record(merged, third, (total, count, min(with_a[2], with_b[2])))

    def _group(self, event: _Event) -> list[_Member]:
        """An event's articles as compared one by one: :meth:`_members`, or for an event of
        one article placed during this ingest, that article from the event's vector (its own
        unit vector) when it is fresh."""
        lone = self._lone(event)
        return [lone] if lone is not None else self._members(event.row.id)

    def _lone(self, event: _Event) -> _Member | None:
        """An event of one article placed during this ingest, as that article: its vector
        when fresh, and its dates."""
        dates = self.lone.get(event.row.id)
        if dates is None or event.row.size != 1 or event.n_docs * REWEIGH_GROWTH < self.n_docs:
            return None
        return replace(dates, unit=event.vector)

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
        df, pending = self._doc_freqs(counts), self.pending
        self.n_docs += 1
        for t in counts:
            df[t] += 1
            pending[t] = pending.get(t, 0) + 1
        tf = {t: 1 + math.log(c) for t, c in counts.items()}
        text, title = split_title(self.weigh(tf))
        text = top(text, ARTICLE_TERMS)
        vec = text | title
        tf = {t: tf[t] for t in vec}
        unit = _unit(vec)
        focus = features.focus
        published = doc.published.isoformat() if doc.published else None
        member = _member(unit, published, features.latest, features.days)
        store.set_article_vector(
            article_id, tf | _stored_dates(features.days, published, features.latest)
        )
        query = list(top(vec, QUERY_TERMS))
        scored = []
        for eid in store.candidates("event", query, CANDIDATES):
            event = self._event(eid)
            if event is not None:
                adjust = _publication_gap(published, published, event.row)
                scored.append((event.similarity(unit) + adjust, event))
        scored.sort(key=lambda se: -se[0])
        best, best_score = None, -math.inf
        for pre, event in scored:
            if pre < EVENT_THRESHOLD + self._margin() - CHECK_SLACK:
                break
            score = self._fits([member], self._members(event.row.id), EVENT_THRESHOLD)
            if score is not None and score > best_score:
                best, best_score = event, score
        if best is not None:
            eid, vector, n, row = best.row.id, add(best.vector, unit), best.n_docs, best.row
            cached = self.members.get_fresh(eid)
            if isinstance(cached, tuple):
                self.members.put(eid, (cached[0], (cached[1] + [member])[-MEMBER_CHECK:]))
            self.lone.pop(eid, None)
        else:
            eid, vector, n = f"ev-{article_id}", unit, self.n_docs
            near = {}  # story -> the article's best similarity to one of its events
            for _, other in scored:
                sim = other.similarity(unit)
                near[other.row.story_id] = max(sim, near.get(other.row.story_id, sim))
            story = self._story_for(top(text, STORY_ARTICLE_TERMS), article_id, published, near)
            store.create_event(eid, story)
            row = EventRow(eid, story, None, None, None, 0)
            self.members.put(eid, (self.n_docs, [member]))
            self.lone[eid] = replace(member, unit={})
        store.add_to_event(article_id, eid, published, focus)
        row = _joined(row, published, focus)
        vector = top(vector, VECTOR_TERMS)
        store.set_event_vector(eid, vector, n)
        store.post("event", eid, query)
        joined = _Event(row, vector, n)
        self.events.put(eid, joined)
        event = self._merge_close(joined, [e for _, e in scored])
        self.touched.add(event.row.id)
        strongest = top(text, STORY_ARTICLE_TERMS)
        self._grow("story", event.row.story_id, {t: tf[t] for t in strongest}, query)
        reach = SETTLE_THRESHOLD - SETTLE_SLACK  # no early margin: it shrinks as the store grows
        for pre, other in scored[:NEAR_KEEP]:
            if pre < reach:
                break
            if self._event(other.row.id) is not None:
                self._remember(event.row.id, other.row.id)
        self.unflushed += 1
        if self.unflushed >= self.FLUSH_EVERY:
            self._flush()
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
        weighed = top(self.weigh(total), STORY_TERMS)
        kept = {t: total[t] for t in weighed}
        unit = normalised(weighed)
        self.store.set_vector(level, item_id, kept)
        self.store.set_story_weights(item_id, unit, self.n_docs)
        self.stories.put(item_id, (kept, unit, self.n_docs))
        self.store.post(level, item_id, query)

    def _story_for(
        self,
        vec: dict[str, float],
        article_id: str,
        published: str | None,
        near: dict[str, float] | None = None,
    ) -> str:
        """The story a new event joins: the closest one among those with an event the article
        is close to (``near``: story -> best similarity to one of its events, when given), or
        a new one."""
        store = self.store
        best, best_score = None, STORY_THRESHOLD
        unit = normalised(vec)
        for sid in store.candidates("story", list(top(vec, QUERY_TERMS)), CANDIDATES):
            if near is not None and near.get(sid, 0.0) < STORY_EVENT_FLOOR:
                continue
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
