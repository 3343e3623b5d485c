"""The JSON export (CONTRACT.md): every article with its sentences, and the linked structures.

Written as a stream, one article at a time, so a large store exports in constant memory.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from biennien.entities import entity_id
from biennien.store.sqlite import SQLiteStore, StoredArticle


def article_record(store: SQLiteStore, art: StoredArticle) -> dict[str, Any]:
    """One article as the export and the API show it."""
    return {
        "id": art.id,
        "source": art.sources[0] if art.sources else None,
        "sources": list(art.sources),
        "url": art.url,
        "title": art.title,
        "published": art.published,
        "outlet": art.outlet,
        "author": art.author,
        "category": art.category,
        "sentences": [{"text": s.text, "kind": s.kind} for s in store.sentences(art.id)],
        "timexes": [{"sentence": i, **t.as_dict()} for i, t in store.timexes(art.id)],
        "mentions": [
            {
                "sentence": i,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "type": m.type,
                "entity": entity_id(m.type, m.name),
            }
            for i, m in store.mentions(art.id)
        ],
        "removed": [{"text": r.text, "reason": r.reason} for r in store.removed(art.id)],
    }


def entity_records(store: SQLiteStore) -> list[dict[str, Any]]:
    """Every entity: canonical name, type, the spellings seen, the articles that mention it."""
    from biennien.entities import canonical

    found: dict[str, dict[str, Any]] = {}
    for art in store.articles():
        for _i, m in store.mentions(art.id):
            eid = entity_id(m.type, m.name)
            rec = found.setdefault(
                eid,
                {
                    "id": eid,
                    "name": canonical(m.name, m.type),
                    "type": m.type,
                    "aliases": [],
                    "articles": [],
                },
            )
            if m.text != rec["name"] and m.text not in rec["aliases"]:
                rec["aliases"].append(m.text)
            if art.id not in rec["articles"]:
                rec["articles"].append(art.id)
    return sorted(found.values(), key=lambda r: (-len(r["articles"]), r["name"]))


def _known(value: str | None) -> str | None:
    return None if value is None or "X" in value else value


def event_records(store: SQLiteStore) -> list[dict[str, Any]]:
    """Every event: a representative title, the day of the happening where known, articles."""
    out = []
    for event in store.events():
        articles = store.event_articles(event.id)
        out.append(
            {
                "id": event.id,
                "title": representative_title(store, articles),
                "date": _known(event.focus_date),
                "articles": articles,
                "story": event.story_id,
            }
        )
    return out


def story_title(store: SQLiteStore, story_id: str) -> str | None:
    """A story's title: the representative title of its largest event; None if no events."""
    events = store.story_events(story_id)
    if not events:
        return None
    largest = max(events, key=lambda e: e.size)
    return representative_title(store, store.event_articles(largest.id))


def representative_title(store: SQLiteStore, article_ids: list[str]) -> str | None:
    """The title of the earliest article that has one, else the first sentence of the first."""
    arts = [a for a in (store.article(i) for i in article_ids) if a]
    titled = sorted((a.published or "9999", a.title) for a in arts if a.title)
    if titled:
        return titled[0][1]
    for art in arts:
        for sentence in store.sentences(art.id):
            if sentence.kind != "caption":
                return sentence.text
    return None


def story_record(view: Any) -> dict[str, Any]:
    """One story (a ``biennien.story.view.StoryView``) as the export shows it."""
    return {
        "id": view.id,
        "title": view.title,
        "articles": view.articles,
        "events": view.events,
        "summary": view.summary_text,
        "summary_sentences": view.summary,
        "timeline": [e.as_dict() for e in view.timeline],
        "sources": view.sources,
    }


def story_records(store: SQLiteStore, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from biennien.story.view import build_view

    by_story: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_story.setdefault(event["story"], []).append(event)
    out = []
    for story_id in store.stories():
        members = by_story.get(story_id, [])
        if not members:
            continue
        largest = max(members, key=lambda e: len(e["articles"]))
        view = build_view(store, story_id, largest["title"])
        out.append(story_record(view))
    return out


def write_json(store: SQLiteStore, out: TextIO) -> None:
    """Write the whole store as one JSON object (CONTRACT.md) to ``out``."""
    from biennien.link.reuse import find_reuse

    out.write('{"articles": [')
    for n, art in enumerate(store.articles()):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(article_record(store, art), ensure_ascii=False))
    out.write('\n],\n"entities": ')
    json.dump(entity_records(store), out, ensure_ascii=False)
    out.write(',\n"reuse": ')
    reuse = [
        {"articles": list(r.articles), "kind": r.kind, "text": r.text, "first": r.first}
        for r in find_reuse(store)
    ]
    json.dump(reuse, out, ensure_ascii=False)
    events = event_records(store)
    out.write(',\n"events": ')
    json.dump(events, out, ensure_ascii=False)
    out.write(',\n"stories": ')
    json.dump(story_records(store, events), out, ensure_ascii=False)
    out.write("}\n")
