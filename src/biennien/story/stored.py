"""Story views built ahead and kept in the store (what a story's page and API record show, and
the page itself), so that a large story's page opens at once, right after the server starts
too: ``biennien views`` builds them, and ``biennien serve`` keeps the ones it had to build.
Each is stamped with what it was built from (the story's events and their articles, and the
code, data and templates); one whose stamp no longer matches is built again."""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from biennien.link.reuse import Reuse, find_reuse
from biennien.store.sqlite import SQLiteStore
from biennien.story.timeline import Entry
from biennien.story.view import StoryView, build_view, main_entities

PAGE_ARTICLES = 80  # a story page's summary and timeline read at most this many articles
MIN_ARTICLES = 20  # ``biennien views`` builds the views of stories at least this large


# Files that show or take in articles but take no part in building a view (any other change
# of biennien's code or data builds every view again).
NOT_IN_VIEWS = (
    "show/cli.py",
    "show/web.py",
    "show/search.py",
    "show/formats.py",
    "ingest/",
    "pipeline.py",
    "analyse.py",
)


@functools.cache
def code_stamp() -> str:
    """A hash of the code, data and templates that views are built with: a view built by
    other code is built again."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.suffix not in (".py", ".txt", ".html") or "__pycache__" in path.parts:
            continue
        if name.startswith(NOT_IN_VIEWS):
            continue
        h.update(name.encode() + b"\x00" + path.read_bytes())
    return h.hexdigest()[:16]


def version_key(version: tuple[int, int]) -> str:
    """A store version (``SQLiteStore.version``, read before a stamp is taken) as kept beside
    a stamp found current, with what else the stamp depends on (the code)."""
    return f"{code_stamp()} {PAGE_ARTICLES} {version[0]}:{version[1]}"


def current_stamp(store: SQLiteStore, story_id: str, version: str) -> str | None:
    """The story's :func:`stamp`; taken from its stored view, without reading the story,
    while the store (and the code) is still as it was when that was found current
    (``version``: :func:`version_key`)."""
    found = store.story_stamp(story_id)
    if found is not None and found[1] == version:
        return found[0]
    return stamp(store, story_id)


def stamp(store: SQLiteStore, story_id: str) -> str | None:
    """What a view of the story is built from, as a hash: its events and their articles, and
    the code; None when the story has no articles."""
    members = store.story_members(story_id)
    if not members:
        return None
    h = hashlib.sha256(f"{code_stamp()} {PAGE_ARTICLES}".encode())
    for event_id, article_id in sorted(members):
        h.update(f"{event_id} {article_id}\n".encode())
    return h.hexdigest()[:24]


def build(store: SQLiteStore, story_id: str) -> dict[str, Any] | None:
    """What a story's page and its API record show (see :func:`to_json`), built now; None
    when the story has no events."""
    from biennien.entities import entity_id
    from biennien.show.export import story_title

    if not store.story_events(story_id):
        return None
    view = build_view(store, story_id, story_title(store, story_id), PAGE_ARTICLES)
    read = view.considered or view.articles
    return {
        "view": view,
        "reuse": find_reuse(store, read),
        "entities": [(t, n, entity_id(t, n), c) for t, n, c in main_entities(store, read)],
    }


def to_json(data: dict[str, Any]) -> str:
    view: StoryView = data["view"]
    record = {
        "id": view.id,
        "title": view.title,
        "articles": view.articles,
        "events": view.events,
        "summary": view.summary,
        "timeline": [
            [e.date, e.text, e.citations, e.background, e.other_dates] for e in view.timeline
        ],
        "sources": view.sources,
        "considered": view.considered,
        "reuse": [[r.articles, r.kind, r.text, r.first] for r in data["reuse"]],
        "entities": data["entities"],
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> dict[str, Any]:
    r = json.loads(text)
    view = StoryView(
        id=r["id"],
        title=r["title"],
        articles=r["articles"],
        events=r["events"],
        summary=r["summary"],
        timeline=[
            Entry(date, body, [(a, s) for a, s in cites], background, other)
            for date, body, cites, background, other in r["timeline"]
        ],
        sources=r["sources"],
        considered=r["considered"],
    )
    return {
        "view": view,
        "reuse": [Reuse(tuple(a), kind, text, first) for a, kind, text, first in r["reuse"]],
        "entities": [tuple(e) for e in r["entities"]],
    }


def load(store: SQLiteStore, story_id: str, current: str | None = None) -> dict[str, Any] | None:
    """The story's stored view if it is still current (``current``: its :func:`stamp`, when
    already known), else None."""
    found = store.story_view(story_id)
    if found is None:
        return None
    if found[0] != (current or stamp(store, story_id)):
        return None
    return from_json(found[1])


def keep(
    store: SQLiteStore,
    story_id: str,
    story_stamp: str,
    data: dict[str, Any],
    html: str | None = None,
    checked: str | None = None,
) -> None:
    """Store a view (and the page rendered from it) built from what ``story_stamp`` stamps
    (taken at store version ``checked``, when known)."""
    store.put_story_view(
        story_id, story_stamp, len(data["view"].articles), to_json(data), html, checked
    )


def refresh(
    store: SQLiteStore,
    min_articles: int = MIN_ARTICLES,
    limit: int | None = None,
    progress: TextIO | None = None,
    render: Callable[[dict[str, Any]], str] | None = None,
) -> tuple[int, int]:
    """Build and store the views of the stories of at least ``min_articles`` articles (the
    ``limit`` largest) whose stored view is missing or out of date, largest first, with their
    pages (``render(view)``); forget the views of stories that are gone. Returns (views
    built, views already current)."""
    store.forget_story_views()
    overview = sorted(store.story_overview(), key=lambda r: (-r[2], r[0]))
    chosen = [r for r in overview if r[2] >= min_articles][:limit]
    built = current = 0
    start = time.monotonic()
    for n, row in enumerate(chosen, 1):
        story_id = row[0]
        version = version_key(store.version())
        now = stamp(store, story_id)
        found = store.story_page(story_id)
        if now is None or (
            found is not None and found[0] == now and (render is None or found[1] is not None)
        ):
            if now is not None:
                store.check_story_view(story_id, version)
            current += 1
            continue
        data = build(store, story_id)
        if data is not None:
            keep(store, story_id, now, data, render(data) if render else None, version)
            built += 1
        if progress is not None and (n % 50 == 0 or n == len(chosen)):
            elapsed = time.monotonic() - start
            print(f"\r{n}/{len(chosen)} stories, {elapsed:.0f} s", end="", file=progress)
    if progress is not None and chosen:
        print(file=progress)
    return built, current
