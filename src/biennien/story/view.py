"""One story as the exports and pages show it: title, summary, timeline, sources, events."""

from __future__ import annotations

from dataclasses import dataclass

from biennien.store.sqlite import SQLiteStore
from biennien.story import timeline as tl
from biennien.story.summary import Unit, summarize

SUMMARY_WORDS = 100


@dataclass
class StoryView:
    id: str
    title: str | None
    articles: list[str]
    events: list[str]
    summary: list[dict]  # {"text", "article", "sentence"}
    timeline: list[tl.Entry]
    sources: list[dict]  # {"article", "outlet", "published", "title", "first"}
    # The articles the summary and timeline were built from, when not all of them (a page
    # bounds the work on a very large story: its largest events first).
    considered: list[str] | None = None

    @property
    def summary_text(self) -> str:
        return " ".join(s["text"] for s in self.summary)


def story_articles(store: SQLiteStore, story_id: str) -> tuple[list[str], list[str]]:
    events = [e.id for e in store.story_events(story_id)]
    articles = [a for e in events for a in store.event_articles(e)]
    return events, articles


def largest_events_first(store: SQLiteStore, story_id: str, limit: int) -> list[str]:
    """At most ``limit`` articles of a story: whole events, the largest first (older first
    among equals; the largest is cut when it alone is larger), in story order."""
    rows = store.story_events(story_id)
    members = {e.id: store.event_articles(e.id) for e in rows}
    chosen: list[str] = []
    for e in sorted(rows, key=lambda e: -e.size):  # stable: older first among equals
        if chosen and len(chosen) + len(members[e.id]) > limit:
            continue
        chosen += members[e.id][: limit - len(chosen)]
        if len(chosen) >= limit:
            break
    keep = set(chosen)
    return [a for e in rows for a in members[e.id] if a in keep]


def build_view(
    store: SQLiteStore, story_id: str, title: str | None = None, max_articles: int | None = None
) -> StoryView:
    """A story's view; with ``max_articles``, the summary and the timeline of a larger story
    are built from that many of its articles (:func:`largest_events_first`)."""
    events, articles = story_articles(store, story_id)
    read = articles
    if max_articles and len(articles) > max_articles:
        read = largest_events_first(store, story_id, max_articles)
    metas = {a: store.article(a) for a in articles}
    units = []
    for order, a in enumerate(read):
        position = 0
        meta = metas[a]
        for i, s in enumerate(store.sentences(a)):
            if s.kind in ("lead", "body"):
                units.append(
                    Unit(a, i, s.text, s.kind, meta.published if meta else None, order, position)
                )
                position += 1
    chosen = summarize(units, SUMMARY_WORDS)
    dated = sorted((m.published, a) for a, m in metas.items() if m is not None and m.published)
    first_day = dated[0][0] if dated else None
    sources = []
    for a in articles:
        m = metas[a]
        if m is None:
            continue
        sources.append(
            {
                "article": a,
                "outlet": m.outlet,
                "published": m.published,
                "title": m.title or _first_sentence(store, a),
                "first": bool(first_day) and m.published == first_day,
            }
        )
    sources.sort(key=lambda s: (s["published"] or "9999", s["article"]))
    return StoryView(
        id=story_id,
        title=title,
        articles=articles,
        events=events,
        summary=[{"text": c.text, "article": c.article, "sentence": c.index} for c in chosen],
        timeline=tl.build(store, read),
        sources=sources,
        considered=read if read is not articles else None,
    )


def main_entities(
    store: SQLiteStore, articles: list[str], limit: int = 20
) -> list[tuple[str, str, int]]:
    """The people, places and organisations mentioned most in ``articles``: (type, name,
    mentions), most first."""
    counts: dict[tuple[str, str], int] = {}
    for a in articles:
        for _i, m in store.mentions(a):
            if m.type in ("PER", "LOC", "ORG"):
                counts[(m.type, m.name)] = counts.get((m.type, m.name), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(t, n, c) for (t, n), c in ranked[:limit]]


def _first_sentence(store: SQLiteStore, article_id: str) -> str | None:
    for s in store.sentences(article_id):
        if s.kind != "caption":
            return s.text
    return None


def display_date(date: str) -> str:
    """A timeline date the Vietnamese way: 12/8/2025, tháng 6/2024, năm 2024."""
    if len(date) == 10:
        y, m, d = date.split("-")
        return f"{int(d)}/{int(m)}/{y}"
    if len(date) == 7:
        y, m = date.split("-")
        return f"tháng {int(m)}/{y}"
    return f"năm {date}"
