"""A story's timeline: the dated happenings its articles report, each once, citing every
sentence that reports it.

Every dated sentence (not a caption) is a candidate: its time expressions give dates at day,
month or year precision (a week that lies within one month is dated to that month).
Candidates whose dates are compatible (equal, or one refining the other: "năm 2024",
"tháng 6/2024", "19/6/2024") and whose words overlap are one happening; the entry takes the
most precise date. Candidates that say the same thing with different dates are one happening
whose entry notes the disagreement.

Articles of the story that report a happening without dating it are cited too: a sentence that
shares enough of the happening's words, and an article whose title and lead tell the same news
as an article whose main happening is dated, published that day or the next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from biennien.link.features import stopwords
from biennien.store.sqlite import SQLiteStore

SAME_HAPPENING = 0.25  # word overlap for candidates with compatible dates
ALSO_REPORTS = 0.4  # word overlap of an undated sentence that reports an entry's happening
SAME_NEWS = 0.15  # word overlap of two articles' titles and leads that tell the same news
SAME_NEWS_DAYS = 1  # an article tells a dated main happening if published that day or the next
SAME_DESPITE_DATES = 0.5  # word overlap that makes different dates one disputed happening
COMMON_SHARE = 0.5  # words in more than this share of a story's dated sentences are ignored
BACKGROUND_DAYS = 30  # happenings this long before every article citing them are background
MAX_TEXT = 240

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_PERIOD = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")


def date_key(value: str) -> str | None:
    """A TIMEX3 value as a timeline date (day, month or year), or None when it is not one."""
    if "X" in value:
        return None
    m = _DAY.match(value)
    if m:
        return value[:10]
    if _MONTH.match(value) or _YEAR.match(value):
        return value
    m = _PERIOD.match(value)
    if m:
        return m.group(1)
    m = _WEEK.match(value)
    if m:
        return _week_month(int(m.group(1)), int(m.group(2)))
    return None


def _week_month(year: int, week: int) -> str | None:
    """The month an ISO week lies in, or None when it straddles two months."""
    try:
        first = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    last = first + dt.timedelta(days=6)
    if first.month != last.month:
        return None
    return f"{first.year:04d}-{first.month:02d}"


def precision(date: str) -> str:
    return {10: "day", 7: "month", 4: "year"}[len(date)]


def compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


@dataclass
class Candidate:
    date: str
    article: str
    sentence: int
    text: str
    words: frozenset[str]
    published: str | None
    reported: bool = False  # an undated sentence that reports the happening


@dataclass
class Entry:
    date: str
    text: str
    citations: list[tuple[str, int]]
    background: bool = False
    other_dates: list[str] = field(default_factory=list)

    @property
    def precision(self) -> str:
        return precision(self.date)

    def as_dict(self) -> dict:
        out = {
            "date": self.date,
            "precision": self.precision,
            "text": self.text,
            "background": self.background,
            "citations": [{"article": a, "sentence": s} for a, s in self.citations],
        }
        if self.other_dates:
            out["disputed"] = {"dates": [self.date, *self.other_dates]}
        return out


_WORD = re.compile(r"\w+")


def content_words(text: str) -> frozenset[str]:
    stop = stopwords()
    tokens = [t.casefold() for t in _WORD.findall(text)]
    tokens = [t for t in tokens if t not in stop and not t.isdigit()]
    return frozenset(tokens) | frozenset(
        f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)
    )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def candidates(store: SQLiteStore, article_ids: list[str]) -> list[Candidate]:
    out: list[Candidate] = []
    for article_id in article_ids:
        art = store.article(article_id)
        sentences = store.sentences(article_id)
        seen: set[tuple[str, int]] = set()
        for i, t in store.timexes(article_id):
            if t.type not in ("DATE", "TIME") or sentences[i].kind in ("caption", "title"):
                continue
            key = date_key(t.value)
            if key is None or (key, i) in seen:
                continue
            seen.add((key, i))
            text = sentences[i].text
            out.append(
                Candidate(
                    key, article_id, i, text, content_words(text), art.published if art else None
                )
            )
    return out


def _common_words(cands: list[Candidate]) -> set[str]:
    """Words in more than COMMON_SHARE of the story's dated sentences (each sentence counted
    once, however many dates it carries)."""
    sentences = {(c.article, c.sentence): c.words for c in cands}
    counts = Counter(w for words in sentences.values() for w in words)
    return {w for w, n in counts.items() if n > max(2, COMMON_SHARE * len(sentences))}


def _drop_common(cands: list[Candidate]) -> list[Candidate]:
    """Remove the words that most of the story's sentences share (its actors and subject)."""
    common = _common_words(cands)
    for c in cands:
        c.words = c.words - common
    return cands


def build(store: SQLiteStore, article_ids: list[str]) -> list[Entry]:
    """The timeline of the story made of ``article_ids``, oldest first."""
    groups: list[list[Candidate]] = []
    cands = _drop_common(candidates(store, article_ids))
    # Most precise dates first, so that coarser mentions join the happening they refine.
    for cand in sorted(cands, key=lambda c: (-len(c.date), c.date)):
        best, best_score = None, 0.0
        for group in groups:
            if any(g.article == cand.article and g.sentence == cand.sentence for g in group):
                continue  # two dates in one sentence are two happenings
            # The group's date is its first (most precise) member's: a disputed date that
            # joined it does not let other happenings of that date in.
            same_date = compatible(cand.date, group[0].date)
            score = max(overlap(cand.words, g.words) for g in group)
            if len(cand.date) == 10 and any(
                g.article == cand.article and g.date == cand.date for g in group
            ):
                score = max(score, 1.0)  # one article's sentences on one day: one happening
            needed = SAME_HAPPENING if same_date else SAME_DESPITE_DATES
            if score >= needed and score > best_score and (same_date or _close(cand, group)):
                best, best_score = group, score
        if best is None:
            groups.append([cand])
        else:
            best.append(cand)
    _add_undated_reports(store, article_ids, groups, cands)
    _add_event_reports(store, article_ids, groups)
    _add_same_news_reports(store, article_ids, groups)
    entries = [_entry(g) for g in groups]
    entries.sort(key=lambda e: (e.date, e.citations[0]))
    return entries


def _add_event_reports(
    store: SQLiteStore, article_ids: list[str], groups: list[list[Candidate]]
) -> None:
    """An event's articles report its happening: cite each of them (its lead) under the
    event's focus date, where the timeline has that happening."""
    event_of = store.events_of(article_ids)
    by_event: dict[str, list[str]] = {}
    for a in article_ids:
        if a in event_of:
            by_event.setdefault(event_of[a], []).append(a)
    for event_id, members in by_event.items():
        event = store.event(event_id)
        if event is None or not event.focus_date or "X" in event.focus_date:
            continue
        group = next((g for g in groups if any(c.date == event.focus_date for c in g)), None)
        if group is None:
            continue
        for a in members:
            if any(c.article == a for c in group):
                continue
            sentences = store.sentences(a)
            lead = next((i for i, s in enumerate(sentences) if s.kind in ("lead", "body")), None)
            if lead is not None:
                art = store.article(a)
                group.append(
                    Candidate(
                        event.focus_date,
                        a,
                        lead,
                        sentences[lead].text,
                        frozenset(),
                        art.published if art else None,
                        reported=True,
                    )
                )


def _add_undated_reports(
    store: SQLiteStore,
    article_ids: list[str],
    groups: list[list[Candidate]],
    cands: list[Candidate],
) -> None:
    """Cite, for each happening, the articles of the story that report it without dating it:
    their most similar lead or body sentence, when it shares enough of the happening's
    words (those most of the story's dated sentences share left out)."""
    common = _common_words(cands)
    event_of = store.events_of(article_ids)
    for article_id in article_ids:
        art = store.article(article_id)
        sentences = [
            (i, content_words(s.text) - common, s.text)
            for i, s in enumerate(store.sentences(article_id))
            if s.kind in ("lead", "body")
        ]
        for group in groups:
            if any(c.article == article_id for c in group):
                continue
            if not any(event_of.get(c.article) == event_of.get(article_id) for c in group):
                continue  # only articles reporting the same event are read this way
            best = max(
                ((max(overlap(w, g.words) for g in group), i, text) for i, w, text in sentences),
                default=None,
            )
            if best and best[0] >= ALSO_REPORTS:
                group.append(
                    Candidate(
                        group[0].date,
                        article_id,
                        best[1],
                        best[2],
                        frozenset(),
                        art.published if art else None,
                        reported=True,
                    )
                )


def _topic_words(store: SQLiteStore, article_id: str) -> frozenset[str]:
    """The words of an article's title and first two lead or body sentences."""
    out: set[str] = set()
    read = 0
    for s in store.sentences(article_id):
        if s.kind == "title" or (s.kind in ("lead", "body") and read < 2):
            out |= content_words(s.text)
            read += s.kind != "title"
    return frozenset(out)


def _add_same_news_reports(
    store: SQLiteStore, article_ids: list[str], groups: list[list[Candidate]]
) -> None:
    """An article that dates no main happening of its own (its event has no focus date in the
    timeline) but tells the same news as one that does, published on that day or the next,
    reports that happening: cite its lead there. Events that split one piece of news still
    cite all its articles."""
    event_of = store.events_of(article_ids)
    anchors: list[tuple[str, list[Candidate], str]] = []  # (article, its happening, date)
    for a in article_ids:
        event = store.event(event_of[a]) if a in event_of else None
        if event is None or not event.focus_date or "X" in event.focus_date:
            continue
        for group in groups:
            if any(c.article == a and c.date == event.focus_date and not c.reported for c in group):
                anchors.append((a, group, event.focus_date))
                break
    if not anchors:
        return
    anchored = {a for a, _, _ in anchors}
    topics = {a: _topic_words(store, a) for a in article_ids}
    for a in article_ids:
        art = store.article(a)
        if a in anchored or art is None or not art.published:
            continue
        published = dt.date.fromisoformat(art.published[:10])
        best: tuple[float, list[Candidate], str] | None = None
        for b, group, day in anchors:
            score = overlap(topics[a], topics[b])
            gap = (published - dt.date.fromisoformat(day)).days
            if (
                score >= SAME_NEWS
                and 0 <= gap <= SAME_NEWS_DAYS
                and (best is None or score > best[0])
            ):
                best = (score, group, day)
        if best is None or any(c.article == a for c in best[1]):
            continue
        sentences = store.sentences(a)
        lead = next((i for i, s in enumerate(sentences) if s.kind in ("lead", "body")), None)
        if lead is not None:
            best[1].append(
                Candidate(
                    best[2],
                    a,
                    lead,
                    sentences[lead].text,
                    frozenset(),
                    art.published,
                    reported=True,
                )
            )


def _close(cand: Candidate, group: list[Candidate]) -> bool:
    """Different dates that may be one happening: days at most three apart, or the same
    month a year apart (a year misread from "tháng Sáu")."""
    for g in group:
        a, b = cand.date, g.date
        if len(a) == len(b) == 10 and abs(_ordinal(a) - _ordinal(b)) <= 3:
            return True
        if len(a) >= 7 and len(b) >= 7 and a[5:7] == b[5:7] and abs(int(a[:4]) - int(b[:4])) == 1:
            return True
    return False


def _ordinal(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()


def _entry(group: list[Candidate]) -> Entry:
    dated = [c for c in group if not c.reported]
    finest = max(len(c.date) for c in dated)
    dates = Counter(c.date for c in dated if len(c.date) == finest)
    date = dates.most_common(1)[0][0]
    other = sorted({c.date for c in group if not compatible(c.date, date)})
    # The text: the shortest sentence among those that carry the chosen date.
    carriers = [c for c in dated if c.date == date] or dated
    text = min(carriers, key=lambda c: (len(c.text) > MAX_TEXT, len(c.text))).text
    citations = sorted({(c.article, c.sentence) for c in group})
    published = [c.published for c in group if c.published]
    background = bool(published) and _days_before(date, min(published)) > BACKGROUND_DAYS
    return Entry(date, text, citations, background, other)


def _days_before(date: str, start: str) -> int:
    y, m, d = (int(x) for x in (date + "-12-31"[len(date) - 4 :])[:10].split("-"))
    if len(date) == 7:
        d = 28
    try:
        day = dt.date(y, m, d)
    except ValueError:
        day = dt.date(y, m, 28)
    return (dt.date.fromisoformat(start) - day).days
