"""The web pages and the JSON API (``biennien serve``): server-rendered HTML over the store.

Every piece of article text, title and URL is escaped by the templates (autoescape); only
http(s) URLs are linked; ids are checked against their shape before any lookup; the store is
opened read-only per request, so pages keep answering while an ingest runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import queue
import re
import sys
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup

from biennien.show.builders import Builders, BuildersGone
from biennien.show.export import representative_title, story_title
from biennien.show.render import environment, vn_date
from biennien.show.render import page as render_page
from biennien.show.render import story_page as render_story
from biennien.show.search import search as run_search
from biennien.store import open_store
from biennien.store.sqlite import SQLiteStore, StoreError
from biennien.story import stored

TOO_LONG = "the request took too long"  # the detail of a 504
BUILDERS = os.cpu_count() or 2  # pages made at once (the rest wait their turn)
WARM_KEPT_SECONDS = 10.0  # at most this long loading kept pages before taking requests
ID = re.compile(r"^(?:(?:ev|st|en)-)?[0-9a-f]{12,16}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_QUERY, MAX_OUTLET = 200, 100  # characters
SEARCH_PARAMS = {  # the search page's parameters, as named in a URL: as the code names them
    "q": "q",
    "from": "date_from",
    "to": "date_to",
    "outlet": "outlet",
    "entity": "entity",
    "story": "story",
}


def _check(item_id: str) -> str:
    if not ID.fullmatch(item_id):
        raise HTTPException(status_code=404, detail="no such item")
    return item_id


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (never a javascript: or data: link)."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def _escape(text: str) -> str:
    """``text`` escaped as markupsafe escapes it, as a plain string (half the cost of
    ``escape`` for the many short pieces of a page of search results)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def marked(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """Text with spans wrapped in <mark class=KIND title=TITLE>, all escaped."""
    out: list[str] = []
    pos = 0
    for a, b, kind, title in sorted(spans):
        if a < pos:
            continue
        out.append(_escape(text[pos:a]))
        out.append(f'<mark class="{_escape(kind)}" title="{_escape(title)}">')
        out.append(_escape(text[a:b]))
        out.append("</mark>")
        pos = b
    out.append(_escape(text[pos:]))
    return Markup("".join(out))


def search_request(
    q: str,
    date_from: str | None = None,
    date_to: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    story: str | None = None,
) -> tuple[tuple, dict[str, Any]]:
    """The search page's cache key and its filters, from its (checked) parameters."""
    filters = {
        "date_from": date_from,
        "date_to": date_to,
        "outlet": outlet or None,
        "entity": entity,
        "story": story,
    }
    return ("search", q, outlet, *sorted(filters.items())), filters


def search_args(query_string: str) -> dict[str, str] | None:
    """The search page's parameters from a URL's query string where they are plain and valid
    (each known one at most once, within its length and shape), else None: the framework
    then reads them, and answers what is wrong."""
    args: dict[str, str] = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        field = SEARCH_PARAMS.get(name)
        if field is None or field in args:
            return None
        args[field] = value
    if len(args.get("q", "")) > MAX_QUERY or len(args.get("outlet", "")) > MAX_OUTLET:
        return None
    for field, shape in (("date_from", DATE), ("date_to", DATE), ("entity", ID), ("story", ID)):
        if field in args and not shape.fullmatch(args[field]):
            return None
    return args


class Pages:
    """Data for the pages and the API, read from one store."""

    CACHE_SIZE = 1024
    QUIET = 10.0  # seconds without a store change after which warming runs again

    def __init__(self, db: str, keep_views: bool = True) -> None:
        self.db = db
        self.keep_views = keep_views  # store the views of large stories built here
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}
        self._stamps: OrderedDict[str, tuple[tuple[int, int], str | None]] = OrderedDict()
        self._to_keep: queue.Queue | None = None
        self._local = threading.local()
        self._warmed: set[str] = set()  # stories warmed at start: their views are kept too
        self.remote: Builders | None = None  # where pages not made yet are made

    def _cached(self, key: tuple, version: object, make: Any) -> Any:
        """``make()`` remembered while ``version`` holds (the store's, or a story's stamp).
        Requests for a value being made wait for it rather than make it again."""
        full = (*key, version)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
            building = self._building.setdefault(full, threading.Lock())
        with building:
            with self._lock:
                if full in self._cache:  # made by the request this one waited for
                    self._cache.move_to_end(full)
                    return self._cache[full]
            try:
                value = make()
                with self._lock:
                    self._cache[full] = value
                    while len(self._cache) > self.CACHE_SIZE:
                        self._cache.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(full, None)
        return value

    @contextmanager
    def store(self) -> Iterator[SQLiteStore]:
        """This thread's read-only connection to the store, opened once a thread (opening one
        costs more than answering from the cache); dropped after an error."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db, readonly=True)
        try:
            yield store
        except HTTPException:
            raise
        except Exception:
            if getattr(self._local, "store", None) is store:
                self._local.store = None
                store.close()
            raise

    def page(self, key: tuple, make: Any) -> Any:
        """A rendered page (``make()``), remembered until the store changes."""
        with self.store() as store:
            return self._cached(("page", *key), store.version(), make)

    def peek(self, key: tuple, story_id: str | None = None) -> Any:
        """The page made for ``key`` (as given to :meth:`page`; with ``story_id``, that story's
        page) for the store as it is now, or None: one small query, cheap enough to ask from
        the server's event loop before handing the request to a thread."""
        with self.store() as store:
            version = store.version()
        with self._lock:
            if story_id is None:
                full = ("page", *key, version)
            else:
                known = self._stamps.get(story_id)
                if known is None or known[0] != version or known[1] is None:
                    return None
                full = ("page", *key, known[1])
            found = self._cache.get(full)
            if found is not None:
                self._cache.move_to_end(full)
            return found

    def _stamp(self, store: SQLiteStore, story_id: str) -> str:
        """The story's stamp (read again only after the store changed); 404 if it has no
        articles."""
        version = store.version()
        with self._lock:
            known = self._stamps.get(story_id)
        if known is None or known[0] != version:
            key = stored.version_key(version)
            known = (version, stored.current_stamp(store, story_id, key))
            with self._lock:
                self._stamps[story_id] = known
                self._stamps.move_to_end(story_id)
                while len(self._stamps) > self.CACHE_SIZE:
                    self._stamps.popitem(last=False)
        if known[1] is None:
            raise HTTPException(status_code=404, detail="no such story")
        return known[1]

    def story(self, story_id: str) -> dict[str, Any]:
        """What a story's page shows, remembered while the story is unchanged."""
        with self.store() as store:
            now = self._stamp(store, story_id)
            return self._cached(
                ("story", story_id),
                now,
                lambda: self._story(store, story_id, now, story_id in self._warmed),
            )

    def story_page(self, story_id: str, respond: Any = str) -> Any:
        """A story's page, as ``respond(html)``: the kept page while it is current, else
        rendered; remembered while the story is unchanged."""
        with self.store() as store:
            now = self._stamp(store, story_id)

        def make() -> Any:
            with self.store() as store:
                found = store.story_page(story_id)
            if found is not None and found[0] == now and found[1] is not None:
                return respond(found[1])
            return respond(self.make_page("story", story_id, story_id in self._warmed))

        return self._cached(("page", "story", story_id), now, make)

    def story_html(self, story_id: str, warmed: bool = False) -> str:
        """A story's page rendered from its view (kept, or built now), in a builder process:
        not remembered there (the server remembers the page)."""
        with self.store() as store:
            now = self._stamp(store, story_id)
            return render_story(self._story(store, story_id, now, warmed))

    def _story(
        self, store: SQLiteStore, story_id: str, now: str, warmed: bool = False
    ) -> dict[str, Any]:
        data = stored.load(store, story_id, now)
        if data is None:
            data = stored.build(store, story_id)
            if data is None:
                raise HTTPException(status_code=404, detail="no such story")
            if len(data["view"].articles) >= stored.MIN_ARTICLES or warmed:
                self._keep(story_id, now, data)
        return data

    def _keep(self, story_id: str, now: str, data: dict[str, Any]) -> None:
        """Store a view built here (of a large story, or of one warmed at start, whatever its
        size), with its page, in the background (the next server start finds them)."""
        if not self.keep_views:
            return
        with self._lock:
            if self._to_keep is None:
                self._to_keep = queue.Queue()
                threading.Thread(target=self._keeper, args=(self._to_keep,), daemon=True).start()
        self._to_keep.put((story_id, now, data))

    def _keeper(self, todo: queue.Queue) -> None:
        try:
            with self.store() as check:
                if not check.has_table("story_views"):
                    raise StoreError("a store from before stored views")
            with open_store(self.db) as store:
                while True:
                    story_id, now, data = todo.get()
                    stored.keep(store, story_id, now, data, render_story(data))
        except Exception:  # keeping views only saves time later (a read-only store, say)
            self.keep_views = False

    def overview(self) -> list[tuple]:
        """``story_overview()`` of the store, remembered until the store changes (reading
        every story takes a fifth of a second or more on 150,000 articles)."""
        with self.store() as store:
            return self._cached(("overview",), store.version(), store.story_overview)

    def warm_ids(self, n: int) -> list[str]:
        """The ``n`` largest and the ``n`` latest stories (as the home page lists them),
        remembered until the store changes."""

        def make() -> list[str]:
            overview = self.overview()
            largest = sorted(overview, key=lambda r: (-r[2], r[0]))[:n]
            latest = sorted(overview, key=lambda r: r[4] or "", reverse=True)[:n]
            return list(dict.fromkeys(r[0] for r in [*largest, *latest]))

        with self.store() as store:
            return self._cached(("warm", n), store.version(), make)

    def warm_kept(self, visit: Any, n: int, seconds: float) -> int:
        """Load the pages of the ``n`` largest and ``n`` latest stories whose kept page is
        current, with ``visit(story_id)``, for at most ``seconds``: cheap, done before the
        server takes requests. How many."""
        if n <= 0:
            return 0
        deadline = time.monotonic() + seconds
        done = 0
        try:
            for story_id in self.warm_ids(n):
                if time.monotonic() > deadline:
                    break
                with self.store() as store:
                    found = store.story_page(story_id)
                    current = found is not None and found[1] is not None
                    if not current or found[0] != self._stamp(store, story_id):
                        continue
                visit(story_id)
                done += 1
        except Exception:  # warming only saves time; a real request reports any problem
            pass
        return done

    def warm(self, visit: Any, n: int, stop: threading.Event, home: Any = None) -> None:
        """Build the pages of the ``n`` largest and the ``n`` latest stories ahead of the
        first reader, with ``visit(story_id)``, then the home page (``home()``); again each
        time the store has changed and then stayed unchanged for QUIET seconds (an ingest
        ended), until ``stop`` is set. Run in the background when the server starts."""
        if n <= 0:
            return
        seen = None
        while True:
            try:
                with self.store() as store:
                    version = store.version()
                if version != seen:
                    if seen is not None:  # changed: wait until it stays unchanged
                        if stop.wait(self.QUIET):
                            return
                        with self.store() as store:
                            if store.version() != version:
                                continue
                    for story_id in self.warm_ids(n):
                        if stop.is_set():
                            return
                        self._warmed.add(story_id)
                        visit(story_id)
                    if home is not None:
                        home()
                    seen = version
            except Exception:  # warming only saves time; a real request reports any problem
                pass
            if stop.wait(self.QUIET):
                return

    def stories(self, limit: int = 20) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The largest and the latest stories, each with counts, outlets, span and coverage."""
        overview = self.overview()
        with self.store() as store:
            largest = sorted(overview, key=lambda r: (-r[2], r[0]))[:limit]
            latest = sorted(overview, key=lambda r: r[4] or "", reverse=True)[:limit]

            def card(row: tuple) -> dict[str, Any]:
                story_id, n_events, n_articles, first, last = row
                coverage: Counter = Counter()
                outlets = set()
                for published, outlet, n in store.story_coverage(story_id):
                    if published:
                        coverage[published] += n
                    if outlet:
                        outlets.add(outlet)
                return {
                    "id": story_id,
                    "title": story_title(store, story_id),
                    "articles": n_articles,
                    "events": n_events,
                    "outlets": sorted(outlets),
                    "first": first,
                    "last": last,
                    "coverage": coverage,
                }

            return [card(r) for r in largest], [card(r) for r in latest]

    def article(self, article_id: str) -> dict[str, Any]:
        with self.store() as store:
            art = store.article(article_id)
            if art is None:
                raise HTTPException(status_code=404, detail="no such article")
            sentences = store.sentences(article_id)
            spans: dict[int, list[tuple[int, int, str, str]]] = {}
            for i, t in store.timexes(article_id):
                spans.setdefault(i, []).append((t.start, t.end, "timex", f"{t.type} {t.value}"))
            from biennien.entities import entity_id

            mentions = []
            for i, m in store.mentions(article_id):
                spans.setdefault(i, []).append(
                    (m.start, m.end, f"ent {m.type}", f"{m.type}: {m.name}")
                )
                mentions.append((i, m, entity_id(m.type, m.name)))
            rows = [(i, s.kind, marked(s.text, spans.get(i, []))) for i, s in enumerate(sentences)]
            return {
                "article": art,
                "url": safe_url(art.url),
                "rows": rows,
                "removed": store.removed(article_id),
                "timexes": store.timexes(article_id),
                "mentions": mentions,
                "event": store.events_of([article_id]).get(article_id),
            }

    def entity(self, entity_id: str) -> dict[str, Any]:
        with self.store() as store:
            found = store.entity_mentions(entity_id)
            if not found:
                raise HTTPException(status_code=404, detail="no such entity")
            name, typ = found[0][2].name, found[0][2].type
            articles = sorted({a for a, _, _ in found})
            event_of = store.events_of(articles)
            story_of = {}
            for event_id in set(event_of.values()):
                event = store.event(event_id)
                if event:
                    story_of[event_id] = event.story_id
            stories = Counter(story_of.get(event_of.get(a, ""), "") for a in articles)
            story_titles = {sid: story_title(store, sid) for sid in stories if sid}
            return {
                "id": entity_id,
                "name": name,
                "type": typ,
                "spellings": sorted({m.text for _, _, m in found}),
                "articles": [
                    (a, store.article(a), representative_title(store, [a])) for a in articles
                ],
                "stories": [(s, story_titles.get(s), n) for s, n in stories.most_common() if s],
                "beside": store.co_mentioned(entity_id),
            }

    def search_html(self, q: str, filters: dict[str, Any]) -> str:
        """The search page of ``q`` with ``filters`` (as :func:`create_app` names them)."""
        shown = {"from": filters["date_from"], "to": filters["date_to"]}
        return render_page(
            "search.html",
            q=q,
            hits=(hits := self.search(q, **filters) if q.strip() else []),
            results=results_html(hits),
            filters={**shown, "outlet": filters["outlet"]},
        )

    def make_page(self, kind: str, *args: Any) -> str:
        """Page ``kind`` ("story" or "search") made by a builder process where there are
        some (the pages then use every core; this process only answers), else here."""
        remote = self.remote
        if remote is not None:
            try:
                status, text = remote.call(kind, *args)
            except BuildersGone:  # a builder died (killed, say): make pages here from now
                if self.remote is remote:
                    self.remote = None
                    print(
                        "biennien: a page builder ended; pages are made in the server",
                        file=sys.stderr,
                    )
            else:
                if status != 200:
                    raise HTTPException(status_code=status, detail=text)
                return text
        if kind == "story":  # its view remembered too, for /api/stories/ID
            return render_story(self.story(args[0]))
        return self.search_html(*args)

    def start_builders(self, n: int) -> None:
        """Make pages not made yet in ``n`` processes of their own (started now, each with its
        own read-only connection, ready before this returns)."""
        if n <= 0:
            return
        remote = Builders(n, _builder_start, (self.db,), _build)
        for _ in range(n):  # each in turn: all have opened the store and its index
            remote.call("ready")
        self.remote = remote

    def stop_builders(self) -> None:
        remote, self.remote = self.remote, None
        if remote is not None:
            remote.close()

    def search(self, q: str, **filters: Any) -> list:
        """Search hits, remembered until the store changes (readers repeat queries)."""
        with self.store() as store:
            key = ("search", q, *sorted((k, v) for k, v in filters.items() if v))
            return self._cached(key, store.version(), lambda: run_search(store, q, **filters))


_builder: Pages | None = None  # in a builder process: its view of the store


def _builder_start(db: str) -> None:
    global _builder
    _builder = Pages(db)


def _build(kind: str, *args: Any) -> tuple[int, str]:
    """In a builder process: page ``kind`` as (200, html), or (status, detail) where it is
    an HTTP error (``HTTPException`` itself does not cross processes)."""
    assert _builder is not None
    try:
        if kind == "ready":  # open the store and its index, compile the pages' templates
            _builder.search_html("biennien", search_request("biennien")[1])  # (and base.html)
            environment().get_template("story.html")
            return 200, ""
        if kind == "story":
            return 200, _builder.story_html(*args)
        return 200, _builder.search_html(*args)
    except HTTPException as e:
        return e.status_code, str(e.detail)


class MadePages:
    """ASGI layer: a GET of a page already made (``find(path, query_string)`` gives it, or
    None) is answered here, ahead of the framework, whose routing, parameter checks and
    middleware cost more than the answer; so is a page not made yet that ``make(path,
    query_string)`` (a coroutine) makes, within ``seconds`` (else 504). Every other request,
    and any that either fails on, goes on to ``app``, which answers it the usual way."""

    def __init__(
        self,
        app: Any,
        find: Callable[[str, str], Any],
        make: Callable[[str, str], Awaitable[Any]] | None = None,
        seconds: float = 30.0,
    ) -> None:
        self.app = app
        self.find = find
        self.make = make
        self.seconds = seconds

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path, query = scope["path"], scope["query_string"].decode("latin-1")
            try:
                made = self.find(path, query)
            except Exception:  # the request itself, made the usual way, reports any problem
                made = None
            if made is None and self.make is not None:
                try:
                    async with asyncio.timeout(self.seconds):
                        made = await self.make(path, query)
                except TimeoutError:
                    made = JSONResponse({"detail": TOO_LONG}, status_code=504)
                except Exception:  # (as above)
                    made = None
            if made is not None:
                await made(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _App(FastAPI):
    """The application, with the pages already made (``made``) and those its fast path makes
    (``make``, within ``make_seconds``) answered by a :class:`MadePages` layer outside all
    of the framework's own (error pages, limits)."""

    made: Callable[[str, str], Any] | None = None
    make: Callable[[str, str], Awaitable[Any]] | None = None
    make_seconds: float = 30.0

    def build_middleware_stack(self) -> Any:
        stack = super().build_middleware_stack()
        if self.made is None:
            return stack
        return MadePages(stack, self.made, self.make, self.make_seconds)


class TimeLimit:
    """ASGI middleware: a request not answered within ``seconds`` is answered 504 (a plain
    ASGI layer: Starlette's ``BaseHTTPMiddleware`` costs more than a cached page)."""

    def __init__(self, app: Any, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, watched)
        except TimeoutError:
            if not started:
                answer = JSONResponse({"detail": TOO_LONG}, status_code=504)
                await answer(scope, receive, send)


def create_app(db: str, request_timeout: float = 30.0, warm: int = 0, builders: int = 0) -> FastAPI:
    """The application over the store at ``db``; a request that takes longer than
    ``request_timeout`` seconds is answered 504. ``warm``: at start, build the pages of the
    ``warm`` largest and latest stories in the background. ``builders``: processes that make
    the story and search pages not made yet, started with the application (0: this process
    makes them, in threads)."""
    pages = Pages(db)
    # one thread a builder process (each waits on its page), else one a core
    threads = ThreadPoolExecutor(builders or BUILDERS, thread_name_prefix="biennien-page")

    making: dict[tuple, asyncio.Future] = {}  # pages being made, by key

    async def build(key: tuple, make: Callable[..., Any], *args: Any) -> Any:
        """``make(*args)`` in a thread, one a builder (else a core) at a time, in order: the
        pages not made yet are made one after another per core rather than all at once (many
        threads at once only share the cores, and the interpreter's lock, and all finish
        late), and the pages already made keep being answered from the event loop meanwhile.
        Requests for a page being made (``key``) wait for it without taking a thread."""
        loop = asyncio.get_running_loop()
        made = making.get(key)
        if made is None or made.get_loop() is not loop:  # (a test client may run several)
            made = loop.run_in_executor(threads, make, *args)
            making[key] = made
            made.add_done_callback(lambda _: making.pop(key, None))
        return await asyncio.shield(made)  # one waiter cancelled (timed out) leaves the rest

    def story_html(story_id: str) -> HTMLResponse:
        return pages.story_page(story_id, HTMLResponse)

    def search_maker(q: str, filters: dict[str, Any]) -> Callable[[], HTMLResponse]:
        return lambda: HTMLResponse(pages.make_page("search", q, filters))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(pages.start_builders, builders)
        # before the first request: the kept pages (a fraction of a second) and the home page
        # (under a second on 150,000 articles); the rest meanwhile
        await asyncio.to_thread(pages.warm_kept, story_html, warm, WARM_KEPT_SECONDS)
        if warm > 0:
            with contextlib.suppress(Exception):  # a real request reports any problem
                await asyncio.to_thread(home_page)
        stop = threading.Event()
        threading.Thread(
            target=pages.warm, args=(story_html, warm, stop, home_page), daemon=True
        ).start()
        try:
            yield
        finally:
            stop.set()
            await asyncio.to_thread(pages.stop_builders)

    app = _App(
        title="biennien",
        description="Vietnamese news as stories with timelines.",
        lifespan=lifespan,
    )

    def made(path: str, query_string: str) -> HTMLResponse | None:
        if path == "/search":
            args = search_args(query_string)
            return None if args is None else pages.peek(search_request(**{"q": "", **args})[0])
        if path.startswith("/story/") and ID.fullmatch(story_id := path[len("/story/") :]):
            return pages.peek(("story", story_id), story_id)
        if path == "/" and not query_string:
            return pages.peek(("home",))
        return None

    async def make(path: str, query_string: str) -> HTMLResponse | None:
        """A search or story page not made yet, from plain valid parameters (else None: the
        framework reads them, and answers what is wrong), made as the routes below make it."""
        if path == "/search":
            args = search_args(query_string)
            if args is None:
                return None
            key, filters = search_request(**{"q": "", **args})
            return await build(key, pages.page, key, search_maker(key[1], filters))
        if path.startswith("/story/") and ID.fullmatch(story_id := path[len("/story/") :]):
            return await build(("story", story_id), story_html, story_id)
        return None

    app.add_middleware(TimeLimit, seconds=request_timeout)
    app.made = made  # answered ahead of every layer of the framework, at once
    app.make, app.make_seconds = make, request_timeout

    def render(template: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(render_page(template, **context))

    def home_page() -> HTMLResponse:
        def make() -> HTMLResponse:
            largest, latest = pages.stories()
            return render("home.html", largest=largest, latest=latest, chart=_chart)

        return pages.page(("home",), make)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return home_page()

    # A page already made is answered from the event loop; any other goes to a thread.
    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(story_id: str) -> HTMLResponse:
        story_id = _check(story_id)
        made = pages.peek(("story", story_id), story_id)
        return made if made is not None else await build(("story", story_id), story_html, story_id)

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        return render("article.html", **pages.article(_check(article_id)))

    @app.get("/entity/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(entity_id: str) -> HTMLResponse:
        return render("entity.html", **pages.entity(_check(entity_id)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(
        q: str = Query("", max_length=MAX_QUERY),
        date_from: str | None = Query(None, alias="from", pattern=DATE.pattern),
        date_to: str | None = Query(None, alias="to", pattern=DATE.pattern),
        outlet: str | None = Query(None, max_length=MAX_OUTLET),
        entity: str | None = Query(None, pattern=ID.pattern),
        story: str | None = Query(None, pattern=ID.pattern),
    ) -> HTMLResponse:
        key, filters = search_request(q, date_from, date_to, outlet, entity, story)
        made = pages.peek(key)
        if made is None:
            made = await build(key, pages.page, key, search_maker(q, filters))
        return made

    # -- JSON API ----------------------------------------------------------------------------
    @app.get("/api/stories")
    def api_stories(limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
        """The largest stories: id, title, counts, outlets, date span."""
        largest, _ = pages.stories(limit)
        return [{k: v for k, v in s.items() if k != "coverage"} for s in largest]

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str) -> dict[str, Any]:
        """One story: summary, timeline with citations, sources, events."""
        from biennien.show.export import story_record

        data = pages.story(_check(story_id))
        record = story_record(data["view"])
        if data["view"].considered:  # summary and timeline read the largest events only
            record["articles_considered"] = data["view"].considered
        return record

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> dict[str, Any]:
        """One article as the export shows it."""
        from biennien.show.export import article_record

        with pages.store() as store:
            art = store.article(_check(article_id))
            if art is None:
                raise HTTPException(status_code=404, detail="no such article")
            return article_record(store, art)

    @app.get("/api/entities/{entity_id}")
    def api_entity(entity_id: str) -> dict[str, Any]:
        """One entity: name, type, spellings, articles, stories, entities beside it."""
        data = pages.entity(_check(entity_id))
        return {
            "id": data["id"],
            "name": data["name"],
            "type": data["type"],
            "spellings": data["spellings"],
            "articles": [a for a, _, _ in data["articles"]],
            "stories": [{"id": s, "title": t, "articles": n} for s, t, n in data["stories"]],
            "beside": [
                {"id": i, "name": n, "type": t, "articles": c} for i, n, t, c in data["beside"]
            ],
        }

    @app.get("/api/search")
    def api_search(
        q: str = Query(..., min_length=1, max_length=MAX_QUERY),
        date_from: str | None = Query(None, alias="from", pattern=DATE.pattern),
        date_to: str | None = Query(None, alias="to", pattern=DATE.pattern),
        outlet: str | None = Query(None, max_length=MAX_OUTLET),
        entity: str | None = Query(None, pattern=ID.pattern),
        story: str | None = Query(None, pattern=ID.pattern),
    ) -> list[dict[str, Any]]:
        """Articles matching every word of q (diacritics optional), best first."""
        hits = pages.search(
            q, date_from=date_from, date_to=date_to, outlet=outlet, entity=entity, story=story
        )
        return [h.as_dict() for h in hits]

    return app


def app_from_env() -> FastAPI:
    """The application as ``biennien serve --workers N`` starts it in each worker process
    (uvicorn imports it by name; the settings come in the environment)."""
    return create_app(
        os.environ["BIENNIEN_SERVE_DB"],
        request_timeout=float(os.environ.get("BIENNIEN_SERVE_TIMEOUT", "30")),
        warm=int(os.environ.get("BIENNIEN_SERVE_WARM", "0")),
        builders=int(os.environ.get("BIENNIEN_SERVE_BUILDERS", "0")),
    )


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` escaped, its matched words (``spans``, in order, apart) marked."""
    out, pos = [], 0
    for a, b in spans:
        out.append(f'{_escape(text[pos:a])}<mark class="hit" title="">{_escape(text[a:b])}</mark>')
        pos = b
    out.append(_escape(text[pos:]))
    return "".join(out)


def results_html(hits: list) -> Markup:
    """The hits of a search page, escaped, as HTML (made here in one pass: a template's loop
    over them cost a third of an uncached search page)."""
    out = []
    for h in hits:
        title, outlet = _escape(h.title or h.article), _escape(h.outlet or "không rõ nguồn")
        out.append(
            f'<div class="card result">\n<a href="/article/{_escape(h.article)}"><strong>{title}'
            f'</strong></a>\n<div class="meta">{outlet} · {_escape(vn_date(h.published))}</div>\n'
            f"<p>{_highlight(h.snippet, h.spans)}</p>\n</div>\n"
        )
    return Markup("".join(out))


def _chart(coverage: Counter, width: int = 160, height: int = 28) -> Markup:
    """A small inline SVG bar chart of articles per day."""
    if not coverage:
        return Markup("")
    days = sorted(coverage)
    first = dt.date.fromisoformat(days[0])
    span = max((dt.date.fromisoformat(days[-1]) - first).days, 1)
    top = max(coverage.values())
    bars = []
    for day, n in coverage.items():
        x = (dt.date.fromisoformat(day) - first).days / span * (width - 4)
        h = max(2, n / top * (height - 2))
        bars.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="3" height="{h:.1f}"/>')
    return Markup(
        f'<svg class="chart" width="{width}" height="{height}" role="img" '
        f'aria-label="số bài theo ngày">{"".join(bars)}</svg>'
    )
