"""A story's timeline: the dated happenings its articles report, each once, citing every
sentence that reports it.

Every dated sentence (not a caption or a title) is a candidate: its time expressions give
dates at day, month or year precision (a week that lies within one month is dated to that
month); each date keeps the words of its own clause (clause_words). Not candidates: the span
of an anniversary, a year or month beside a finer date inside it in the same sentence, and the
year or month after publication that a forecast is about.

Candidates of one date whose words overlap are one happening; coarser ones join the happening
they refine ("năm 2024", "tháng 6/2024", "19/6/2024"), a past year or month also by the clause
it stands in; the entry takes the most precise date. Happenings told with close dates (days
three apart, a month a year apart) are one happening, dated as most articles date it, whose
entry notes the disagreement, unless one date's year was only read from the tense.

A sentence with no date of its own that tells its happening as recent ("Bộ vừa ban hành dự
thảo", the cues in timex_words.txt) is a candidate at its article's publication, at the finest
of day, month or year that holds every day the cue allows (recent_date); an article without a
publication date gets no such guess.

Articles that report a happening without dating it are cited too: a sentence of an article
telling the same news that shares enough of the happening's words, and an article whose title
and lead tell the same news as an article whose main happening is dated, published that day or
the next.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from biennien.link.features import stopwords
from biennien.store.sqlite import SQLiteStore
from biennien.timex.rules import word_regex, words

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
    inferred_year: bool = False  # the year is not written: it came from the tense
    core: frozenset[str] = frozenset()  # the words of the clause the date stands in


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


# Where a sentence's clauses part: punctuation, and words that open a clause of their own.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]–—]|\s-\s|(?<!\w)(?:và|nơi|khi|để|còn|rồi|mà|nhưng|trước khi|sau khi)(?!\w)",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 6  # a date's clause with fewer words borrows its neighbours'
_YEAR_WRITTEN = re.compile(r"\d{4}|năm|\d[/.-]\d{1,2}[/.-]\d", re.IGNORECASE)
_SPAN_JOIN = re.compile(r"\s*(?:-|–|đến|tới)\s*$", re.IGNORECASE)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the time expressions at ``spans`` replaced by spaces: the words of a
    happening, not of its date."""
    chars = list(text)
    for a, b in spans:
        for k in range(max(0, a), min(len(chars), b)):
            chars[k] = " "
    return "".join(chars)


def _unigrams(words: frozenset[str]) -> int:
    return sum(1 for w in words if " " not in w)


def clause_words(
    text: str, dated: list[tuple[int, int, str]]
) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For each date of a sentence, its words and its core words.

    The sentence is cut into clauses at punctuation and clause-opening words. A clause that
    is only dates goes with the next clause when it opens the sentence ("Ngày 5-11 và sáng
    18-11, Quốc hội thảo luận…") and with the previous one otherwise ("ký hiệp ước (…) vào
    tháng 6"). A clause without a date goes with the nearest date ("Trong cuộc điện đàm ngày
    12/8, ông Putin cảm ơn… | nơi Ukraine mở chiến dịch vào tháng 8"): a date's words are
    those of its clauses (the whole sentence when it has one date), its core words those of
    the clause it stands in ("… cam kết thực hiện hiệp ước đã ký vào năm ngoái"). Both are
    widened to the neighbouring clauses while they are fewer than MIN_CLAUSE_WORDS. ``text``
    has its time expressions blanked; ``dated`` gives each date's span and key."""
    bounds = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    segments = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    seg_words = [content_words(text[a:b]) for a, b in segments]
    keys: list[set[str]] = [set() for _ in segments]
    anchors: list[list[tuple[int, int]]] = [[] for _ in segments]
    for start, end, key in dated:
        i = next(k for k, (a, b) in enumerate(segments) if a <= start < b or k == len(segments) - 1)
        keys[i].add(key)
        anchors[i].append((start, end))
    # Clauses that are only dates lend their dates to a neighbour that has words.
    leading = True
    for i in range(len(segments)):
        if seg_words[i]:
            leading = False
            continue
        if not keys[i]:
            continue
        if leading:
            j = next((k for k in range(i + 1, len(segments)) if seg_words[k]), None)
            edge = segments[j][0] if j is not None else 0
        else:
            j = next((k for k in range(i - 1, -1, -1) if seg_words[k]), None)
            edge = segments[j][1] if j is not None else 0
        if j is not None:
            keys[j] |= keys[i]
            anchors[j].append((edge, edge))
            keys[i], anchors[i] = set(), []
    owner = list(range(len(segments)))
    holders = [i for i in range(len(segments)) if keys[i]]
    for i, (a, b) in enumerate(segments):
        if keys[i] or not holders:
            continue
        owner[i] = min(
            holders,
            key=lambda h: (min(max(0, a - e, s - b) for s, e in anchors[h]), h > i),
        )

    def widened(lo: int, hi: int, words: frozenset[str]) -> frozenset[str]:
        while _unigrams(words) < MIN_CLAUSE_WORDS and (lo > 0 or hi < len(segments) - 1):
            lo, hi = max(0, lo - 1), min(len(segments) - 1, hi + 1)
            words = words | seg_words[lo] | seg_words[hi]
        return words

    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for h in holders:
        members = [i for i in range(len(segments)) if owner[i] == h]
        words = widened(
            min(members), max(members), frozenset().union(*(seg_words[i] for i in members))
        )
        core = widened(h, h, seg_words[h])
        for key in keys[h]:
            old_words, old_core = out.get(key, (frozenset(), frozenset()))
            out[key] = (old_words | words, old_core | core)
    return out


def _anniversary_spans(text: str, timexes: list) -> set[int]:
    """Indices of the two ends of an anniversary's span ("kỷ niệm 80 năm Ngày Giải phóng
    (15/8/1945-15/8/2025)"): the same day of the year, N years apart, in a sentence that says
    "N năm". They name the observance; they are not happenings."""
    out: set[int] = set()
    for k in range(len(timexes) - 1):
        a, b = timexes[k], timexes[k + 1]
        if not _SPAN_JOIN.fullmatch(text[a.end : b.start] or " "):
            continue
        va, vb = a.value, b.value
        if len(va) != len(vb) or len(va) not in (4, 10) or va[4:] != vb[4:]:
            continue
        if not (va[:4].isdigit() and vb[:4].isdigit()):
            continue
        years = int(vb[:4]) - int(va[:4])
        if years > 0 and re.search(rf"(?<!\d){years}\s+năm", text):
            out |= {k, k + 1}
    return out


_RECENT_CUE = "vừa"  # its second use in a sentence is "vừa … vừa …" (both … and)
_THEN = re.compile(r"(?<!\w)thì(?!\w)", re.IGNORECASE)  # "vừa … thì …": just as … when …


def recent_date(published: str, days: int) -> str | None:
    """The finest of day, month or year holding every day from ``days`` before ``published``
    to ``published`` (None when the span crosses a year)."""
    last = dt.date.fromisoformat(published[:10])
    first = last - dt.timedelta(days=days)
    if first == last:
        return last.isoformat()
    if (first.year, first.month) == (last.year, last.month):
        return f"{last.year:04d}-{last.month:02d}"
    if first.year == last.year:
        return f"{last.year:04d}"
    return None


def recent_days(text: str) -> int | None:
    """The days before publication that a recent cue of ``text`` allows ("vừa ban hành"), or
    None when it has none: not in a phrase where the word means something else ("doanh
    nghiệp nhỏ và vừa"), nor after a word that puts the happening ahead or leaves it undone
    ("sẽ vừa", "chưa"), nor after one that sets the time by the story itself ("Khi anh vừa
    mở cửa…"), nor at the opening ("Vừa bước vào trận đấu, …") or before "thì" ("vừa về thì
    công an ập đến"), nor in "vừa … vừa …"."""
    cues = list(word_regex("RECENT").finditer(text))
    if not cues:
        return None
    if len(re.findall(rf"(?<!\w){_RECENT_CUE}(?!\w)", text, re.IGNORECASE)) > 1:
        return None
    blocked = [m.span() for m in word_regex("NOTRECENT").finditer(text)]
    not_done, story_time = word_regex("NOTDONE"), word_regex("STORYTIME")
    for m in cues:
        if any(a <= m.start() < b or a < m.end() <= b for a, b in blocked):
            continue
        before = text[: m.start()]
        if not_done.search(" ".join(before.split()[-3:])) or story_time.search(before):
            continue
        if m.group(0).casefold().startswith(_RECENT_CUE) and (
            not re.search(r"\w", before) or _THEN.search(text, m.end())
        ):
            continue
        value = words().value("RECENT", m.group(0))
        if value and value.isdigit():
            return int(value)
    return None


def _recent_candidate(
    article_id: str, index: int, text: str, published: str | None
) -> Candidate | None:
    """The candidate of a sentence with no date that tells its happening as recent."""
    if not published:
        return None
    days = recent_days(text)
    date = recent_date(published, days) if days is not None else None
    if date is None:
        return None
    all_words = content_words(text)
    return Candidate(date, article_id, index, text, all_words, published, core=all_words)


def candidates(store: SQLiteStore, article_ids: list[str]) -> list[Candidate]:
    out: list[Candidate] = []
    for article_id in article_ids:
        art = store.article(article_id)
        published = art.published if art else None
        sentences = store.sentences(article_id)
        by_sentence: dict[int, list] = {}
        for i, t in store.timexes(article_id):
            by_sentence.setdefault(i, []).append(t)
        for i, sentence in enumerate(sentences):
            if sentence.kind in ("caption", "title"):
                continue
            text = sentence.text
            timexes = by_sentence.get(i, [])
            skip = _anniversary_spans(text, timexes)
            forecast = bool(published) and word_regex("FORECAST").search(text) is not None
            dated: list[tuple[int, int, str, bool]] = []
            for k, t in enumerate(timexes):
                key = date_key(t.value) if t.type in ("DATE", "TIME") else None
                if key is None or k in skip:
                    continue
                if forecast and len(key) < 10 and key > published[: len(key)]:
                    continue  # the year or month a forecast is about (timex_words.txt)
                inferred = len(key) > 4 and not _YEAR_WRITTEN.search(t.text)
                dated.append((t.start, t.end, key, inferred))
            # A year or month that a finer date of the same sentence lies in is that date's
            # context or a name's edition ("BTV Cup 2013 … từ ngày 25-10"), not a happening.
            dated = [
                d
                for d in dated
                if not any(len(o[2]) > len(d[2]) and o[2].startswith(d[2]) for o in dated)
            ]
            if not dated and sentence.kind in ("lead", "body"):
                recent = _recent_candidate(article_id, i, text, published)
                if recent is not None:
                    out.append(recent)
            if not dated:
                continue
            blank = _blank(text, [(t.start, t.end) for t in timexes])
            words = clause_words(blank, [(a, b, k) for a, b, k, _ in dated])
            seen: set[str] = set()
            for _, _, key, inferred in dated:
                if key in seen:
                    continue
                seen.add(key)
                all_words, core = words[key]
                out.append(
                    Candidate(key, article_id, i, text, all_words, published, False, inferred, core)
                )
    return out


def _common_words(cands: list[Candidate]) -> set[str]:
    """Words in more than COMMON_SHARE of the story's dated sentences (each sentence counted
    once, however many dates it carries)."""
    sentences = {(c.article, c.sentence): c.text for c in cands}
    counts = Counter(w for text in sentences.values() for w in content_words(text))
    return {w for w, n in counts.items() if n > max(2, COMMON_SHARE * len(sentences))}


def _drop_common(cands: list[Candidate]) -> list[Candidate]:
    """Remove the words that most of the story's sentences share (its actors and subject)."""
    common = _common_words(cands)
    for c in cands:
        c.words = c.words - common
        c.core = c.core - common
    return cands


def build(store: SQLiteStore, article_ids: list[str]) -> list[Entry]:
    """The timeline of the story made of ``article_ids``, oldest first."""
    groups: list[list[Candidate]] = []
    cands = _drop_common(candidates(store, article_ids))
    # Most precise dates first, so that coarser mentions join the happening they refine;
    # after each precision, happenings told with nearby dates become one (disputed).
    for size in (10, 7, 4):
        for cand in sorted((c for c in cands if len(c.date) == size), key=lambda c: c.date):
            best, best_score = None, 0.0
            for group in groups:
                if not compatible(cand.date, group[0].date) or _shares_sentence([cand], group):
                    continue  # two dates in one sentence are two happenings
                score = max(overlap(cand.words, g.words) for g in group)
                if len(group[0].date) > size and _before_publication(cand):
                    # A coarser mention of a past happening dated more precisely elsewhere:
                    # the clause it stands in is enough ("thực hiện hiệp ước đã ký năm
                    # ngoái"). The current year or month is not recalled: it goes on.
                    score = max(score, *(overlap(cand.core, g.words) for g in group))
                if size == 10 and any(
                    g.article == cand.article and g.date == cand.date for g in group
                ):
                    score = max(score, 1.0)  # one article's sentences on one day: one happening
                if score >= SAME_HAPPENING and score > best_score:
                    best, best_score = group, score
            if best is None:
                groups.append([cand])
            else:
                best.append(cand)
        groups = _merge_disputed(groups, size)
    _add_undated_reports(store, article_ids, groups, cands)
    _add_event_reports(store, article_ids, groups)
    _add_same_news_reports(store, article_ids, groups)
    published = [a.published for a in map(store.article, article_ids) if a and a.published]
    story_start = min(published) if published else None
    entries = [_entry(g, story_start) for g in groups]
    entries.sort(key=lambda e: (e.date, e.citations[0]))
    return entries


def _before_publication(cand: Candidate) -> bool:
    """Whether the candidate's year or month ended before its article was published."""
    if not cand.published:
        return False
    return cand.date < cand.published[: len(cand.date)]


def _shares_sentence(a: list[Candidate], b: list[Candidate]) -> bool:
    sentences = {(c.article, c.sentence) for c in a}
    return any((c.article, c.sentence) in sentences for c in b)


def _close_keys(date: str) -> list[str]:
    """The dates of the same precision that are close to ``date`` (see _close)."""
    if len(date) == 10:
        day = dt.date.fromisoformat(date)
        return [(day + dt.timedelta(days=k)).isoformat() for k in (-3, -2, -1, 1, 2, 3)]
    if len(date) == 7:
        return [f"{int(date[:4]) + k:04d}{date[4:]}" for k in (-1, 1)]
    return []


def _merge_disputed(groups: list[list[Candidate]], size: int) -> list[list[Candidate]]:
    """Merge groups of precision ``size`` with groups of that precision or finer whose dates
    are close (days at most three apart, or the same month a year apart) and whose words say
    the same thing: one happening the sources date differently. The most similar pairs
    first; the merged group's date is the one most articles give."""
    by_key: dict[str, list[int]] = {}
    for j, g in enumerate(groups):
        if len(g[0].date) >= size:
            by_key.setdefault(g[0].date[:size], []).append(j)
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(groups):
        if len(a[0].date) != size:
            continue
        for key in _close_keys(a[0].date):
            for j in by_key.get(key, ()):
                b = groups[j]
                if (len(b[0].date) == size and j < i) or _shares_sentence(a, b):
                    continue  # each pair of one precision once
                score = max(overlap(x.words, y.words) for x in a for y in b)
                # A year the text did not write, one off the other's: one misread date.
                misread = all(c.inferred_year for c in a) and a[0].date[4:] == key[4:]
                if score >= (SAME_HAPPENING if misread else SAME_DESPITE_DATES):
                    pairs.append((score, i, j))
    if not pairs:
        return groups
    root = list(range(len(groups)))

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    merged = {k: list(g) for k, g in enumerate(groups)}
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = find(i), find(j)
        if ri == rj or _shares_sentence(merged[ri], merged[rj]):
            continue
        group = merged.pop(ri) + merged.pop(rj)
        date = _majority_date(group)
        group.sort(key=lambda c: c.date != date)  # the group's date comes first
        root[rj] = ri
        merged[ri] = group
    return [merged[k] for k in sorted(merged)]


def _majority_date(group: list[Candidate]) -> str:
    """The finest date that most articles of ``group`` give (the earliest on a tie)."""
    dated = [c for c in group if not c.reported] or group
    finest = max(len(c.date) for c in dated)
    articles: dict[str, set[str]] = {}
    for c in dated:
        if len(c.date) == finest:
            articles.setdefault(c.date, set()).add(c.article)
    return min(articles, key=lambda d: (-len(articles[d]), d))


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
    words (those most of the story's dated sentences share left out). A sentence that dates
    what it tells otherwise is not cited. One that dates it on the same day or a day or three
    off tells the same happening: its candidate moves to it (a disputed date when off)."""
    common = _common_words(cands)
    same_news = _same_news(store, article_ids)
    by_sentence: dict[tuple[str, int], list[Candidate]] = {}
    for c in cands:
        by_sentence.setdefault((c.article, c.sentence), []).append(c)
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
            if not any((c.article, article_id) in same_news for c in group):
                continue  # only articles telling the same news are read this way
            date = group[0].date
            scored = []
            for i, w, text in sentences:
                dated = by_sentence.get((article_id, i), [])
                # the sentence's own candidate at this date, or a close one, of this precision
                own = next(
                    (
                        c
                        for c in dated
                        if len(c.date) == len(date) and (c.date == date or _close(c.date, date))
                    ),
                    None,
                )
                if own is None and dated and not any(compatible(c.date, date) for c in dated):
                    continue
                scored.append((max(overlap(w, g.words) for g in group), i, text, own))
            best = max(scored, key=lambda x: x[0], default=None)
            if best is None or best[0] < ALSO_REPORTS:
                continue
            own = best[3]
            if own is not None:
                for g in groups:
                    if g is not group and any(c is own for c in g):
                        g[:] = [c for c in g if c is not own]
                group.append(own)
                continue
            group.append(
                Candidate(
                    date,
                    article_id,
                    best[1],
                    best[2],
                    frozenset(),
                    art.published if art else None,
                    reported=True,
                )
            )
    groups[:] = [g for g in groups if any(not c.reported for c in g)]


def _same_news(store: SQLiteStore, article_ids: list[str]) -> set[tuple[str, str]]:
    """Pairs of articles that tell the same news: of one event, or (events that split one
    piece of news) published at most SAME_NEWS_DAYS apart with titles and leads that overlap
    by SAME_NEWS."""
    event_of = store.events_of(article_ids)
    topics = {a: _topic_words(store, a) for a in article_ids}
    published = {}
    for a in article_ids:
        art = store.article(a)
        if art is not None and art.published:
            published[a] = dt.date.fromisoformat(art.published[:10])
    out: set[tuple[str, str]] = set()
    for a in article_ids:
        for b in article_ids:
            if a in event_of and event_of.get(a) == event_of.get(b):
                out.add((a, b))
            elif (
                a in published
                and b in published
                and abs((published[a] - published[b]).days) <= SAME_NEWS_DAYS
                and overlap(topics[a], topics[b]) >= SAME_NEWS
            ):
                out.add((a, b))
    return out


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


def _close(a: str, b: str) -> bool:
    """Different dates that may be one happening: days at most three apart, or the same
    month a year apart (a year misread from "tháng Sáu")."""
    if len(a) == len(b) == 10 and abs(_ordinal(a) - _ordinal(b)) <= 3:
        return True
    return len(a) >= 7 and len(b) >= 7 and a[5:7] == b[5:7] and abs(int(a[:4]) - int(b[:4])) == 1


def _ordinal(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()


def _entry(group: list[Candidate], story_start: str | None = None) -> Entry:
    """The entry of one happening. It is background when it lies more than BACKGROUND_DAYS
    before every article that cites it (before the story's first dated article when none of
    them is dated)."""
    dated = [c for c in group if not c.reported]
    date = _majority_date(group)
    # A year the sentence did not write (taken from its tense) that differs from the
    # happening's is a misreading, not a disagreement between sources.
    other = sorted(
        {
            c.date
            for c in dated
            if not compatible(c.date, date)
            and not (c.inferred_year and c.date[4:] == date[4 : len(c.date)])
        }
    )
    # The text: the shortest sentence that dates the happening at the entry's date or at a
    # coarser one that contains it ("hồi tháng 6/2024 ký hiệp ước" for 19/6/2024).
    carriers = [c for c in dated if date.startswith(c.date)] or dated
    text = min(carriers, key=lambda c: (len(c.text) > MAX_TEXT, len(c.text), -len(c.date))).text
    citations = sorted({(c.article, c.sentence) for c in group})
    published = [c.published for c in group if c.published]
    start = min(published) if published else story_start
    background = start is not None and _days_before(date, start) > BACKGROUND_DAYS
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
