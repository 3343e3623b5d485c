"""The ``biennien`` command line: a thin layer over the library (see README, CLI reference)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence

from biennien import __version__
from biennien.ingest import DEFAULT_MAX_BYTES, Rejection, Warning_
from biennien.store import StoreError, default_db, is_postgres, open_store

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3
MIN_ARTICLES = 20  # biennien views: stories at least this large (see biennien.story.stored)


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=None,
        help="the store: a SQLite file or a postgresql://USER@HOST/DB URL (default: "
        "$BIENNIEN_DB, else biennien.db here)",
    )


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    t = text.strip().lower().removesuffix("b")
    try:
        if t and t[-1] in units:
            return int(float(t[:-1]) * units[t[-1]])
        return int(t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 16M, 500k)") from None


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r} (0, 1, 2, ...)")
    return n


def _number(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a number: {text!r} (0, 1, 2, ...)")
    return n


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="biennien",
        description="Vietnamese news into stories with dated, source-cited timelines.",
    )
    parser.add_argument("--version", action="version", version=f"biennien {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        help="read articles into the store",
        description="Read articles (.txt, .html, .jsonl, RSS/Atom feeds; folders recursively) "
        "into the store. The kind of each file is sniffed from its content. Prints one line per "
        "rejected input and a one-line summary on stderr. Exit status: 0 all inputs ingested or "
        "already present, 3 some rejected (the others are ingested all the same).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    _add_db(p)
    p.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        help="reject single inputs larger than this (default 16M; JSON Lines: per line)",
    )
    p.add_argument(
        "--workers",
        type=_count,
        default=None,
        metavar="N",
        help="processes that clean and analyse beside the one that stores (default: one per "
        "core; 0: everything in one process); started once an ingest passes 64 articles",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="clean and analyse on a Dask cluster: its scheduler's address "
        "(tcp://host:8786) or 'local' for a LocalCluster of --workers processes; the store is "
        "written here (needs: pip install 'biennien[dask]')",
    )
    prog = p.add_mutually_exclusive_group()
    prog.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="always show a progress bar",
    )
    prog.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="never show a progress bar (default: only on a terminal)",
    )

    p = sub.add_parser(
        "export",
        help="write the store as JSON",
        description="Write the store to stdout as one JSON object (articles, entities, reuse, "
        "events, stories), as described in the README.",
    )
    _add_db(p)
    p.add_argument(
        "--format",
        choices=["json", "md", "timelinejs", "csv"],
        default="json",
        help="json: everything, or one story with --story; md: a briefing on one story; "
        "timelinejs: TimelineJS3 JSON of one story; csv: one story's timeline, an entry a row "
        "(md, timelinejs and csv need --story)",
    )
    p.add_argument("--story", metavar="ID", help="the story (ids: 'biennien stories')")

    p = sub.add_parser(
        "stories",
        help="list the stories",
        description="List the stories, largest first: id, number of articles and events, "
        "date span, title.",
    )
    _add_db(p)

    p = sub.add_parser(
        "summarize",
        help="summarise articles taken as one story",
        description="Read articles (same inputs as ingest) and print their summary, taken as "
        "one story: the most central sentences without repeats, in reading order.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--words", type=int, default=100, help="about this many words (default 100)")
    p = sub.add_parser(
        "timex",
        help="find time expressions in text",
        description="Read text on stdin and write its time expressions as JSON Lines, one a "
        'line: {"start", "end", "text", "type", "value"} (character offsets into the input; '
        "values are TIMEX3, relative to --dct; unknown parts stay X without it). With --batch, "
        'read JSON Lines {"id", "text", "dct"} and write {"id", "timexes": [...]} in the same '
        "order.",
    )
    p.add_argument(
        "--dct",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the reference day (the article's publication date)",
    )
    p.add_argument("--batch", action="store_true", help="JSON Lines in, JSON Lines out")

    p = sub.add_parser(
        "entities",
        help="find people, places and organisations in text",
        description="Read text on stdin and write its named entities as JSON Lines, one a "
        'line: {"start", "end", "text", "type", "name"} (type PER, LOC, ORG or MISC; name the '
        "canonical name; character offsets into the input). With --batch, read JSON Lines "
        '{"id", "text"} and write {"id", "entities": [...]} in the same order.',
    )
    p.add_argument("--batch", action="store_true", help="JSON Lines in, JSON Lines out")

    p = sub.add_parser(
        "search",
        help="search the stored articles",
        description="Search the stored articles for every word of QUERY, best first; "
        "diacritics are optional ('trieu tien' finds 'Triều Tiên').",
    )
    p.add_argument("query", metavar="QUERY")
    _add_db(p)
    p.add_argument("--json", action="store_true", help="JSON Lines, one result a line")
    p.add_argument("--limit", type=int, default=20, help="at most this many results")

    p = sub.add_parser(
        "serve",
        help="serve the web pages and the JSON API",
        description="Serve the pages (stories, timelines, articles, entities, search) and the "
        "JSON API under /api (OpenAPI documentation at /docs). Binds 127.0.0.1 unless told "
        "otherwise; nothing is written through it (it keeps in the store, as 'biennien views' "
        "does, the views it had to build of large stories and of those it warms).",
    )
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--max-connections",
        type=int,
        default=200,
        help="answer 503 beyond this many open connections (default 200)",
    )
    p.add_argument(
        "--request-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="answer 504 to a request that takes longer than this (default 30)",
    )
    p.add_argument(
        "--workers",
        type=_count,
        default=1,
        metavar="N",
        help="server processes (default 1; each keeps its own page cache)",
    )
    p.add_argument(
        "--builders",
        type=_count,
        default=None,
        metavar="N",
        help="processes that make the story and search pages not made yet, so that they use "
        "every core while the server keeps answering (default: one per core with one server "
        "process, none with several; 0: the server makes them itself)",
    )
    p.add_argument(
        "--warm",
        type=_count,
        default=20,
        metavar="N",
        help="build the pages of the N largest and N latest stories at start (those kept "
        "current in the store before the first request, the others in the background) and "
        "again when an ingest has ended (default 20; 0: none)",
    )

    p = sub.add_parser(
        "views",
        help="build the story pages' views ahead",
        description="Build and keep in the store the views of the large stories (summary, "
        "timeline, sources, entities) whose kept view is missing or out of date, largest "
        "first, so that their pages open at once, right after 'biennien serve' starts too. "
        "A view is out of date once its story has gained or lost articles, or biennien changed.",
    )
    _add_db(p)
    p.add_argument(
        "--min-articles",
        type=_number,
        default=MIN_ARTICLES,
        metavar="N",
        help=f"stories of at least N articles (default {MIN_ARTICLES})",
    )
    p.add_argument("--limit", type=_number, default=None, metavar="N", help="the N largest only")

    p = sub.add_parser(
        "list",
        help="list the stored articles",
        description="List the stored articles, oldest publication first (undated last): date, "
        "outlet, number of sentences, title (or the first sentence where there is no title).",
    )
    _add_db(p)
    return parser


def _existing_store(db: str | None):
    db = db or default_db()
    if not is_postgres(db) and not os.path.exists(db):
        raise StoreError(f"no store at {db}: run 'biennien ingest PATH... --db {db}' first")
    return open_store(db)


def cmd_ingest(args: argparse.Namespace) -> int:
    from biennien.pipeline import ingest

    def rejected(r: Rejection) -> None:
        print(f"biennien: rejected {r.source}: {r.reason}", file=sys.stderr, flush=True)

    def warned(w: Warning_) -> None:
        print(f"biennien: warning {w.source}: {w.message}", file=sys.stderr, flush=True)

    with open_store(args.db) as store:
        report = ingest(
            args.paths,
            store,
            max_bytes=args.max_bytes,
            on_rejection=rejected,
            on_warning=warned,
            progress=args.progress,
            workers=args.workers,
            dask=args.dask,
        )
        print(
            f"biennien: {report.summary()} (store: {store.path}, {store.count()} articles)",
            file=sys.stderr,
        )
    return EXIT_REJECTED if report.rejected else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from biennien.show.export import write_json
    from biennien.show.formats import render

    if args.format != "json" and not args.story:
        print(
            f"biennien: error: --format {args.format} needs --story ID "
            "(list them with 'biennien stories')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with _existing_store(args.db) as store:
        if args.format == "json" and not args.story:
            write_json(store, sys.stdout)
            return EXIT_OK
        try:
            sys.stdout.write(render(store, args.story, args.format))
        except KeyError:
            print(f"biennien: error: no story {args.story!r} in {store.path}", file=sys.stderr)
            return EXIT_ERROR
    return EXIT_OK


def cmd_stories(args: argparse.Namespace) -> int:
    from biennien.show.export import event_records

    with _existing_store(args.db) as store:
        by_story: dict[str, list[dict]] = {}
        for e in event_records(store):
            by_story.setdefault(e["story"], []).append(e)
        rows = []
        for story_id, events in by_story.items():
            articles = [a for e in events for a in e["articles"]]
            dates = sorted(d for d in (store.article(a).published for a in articles) if d)
            title = max(events, key=lambda e: len(e["articles"]))["title"] or ""
            span = f"{dates[0]}..{dates[-1]}" if dates else "(no date)"
            rows.append((len(articles), story_id, len(events), span, title))
        rows.sort(key=lambda r: (-r[0], r[1]))
        for n, story_id, n_events, span, title in rows:
            print(f"{story_id}  {n:>4} articles  {n_events:>3} events  {span:<22}  {title[:70]}")
    return EXIT_OK


def cmd_summarize(args: argparse.Namespace) -> int:
    from biennien.ingest import Article, read_paths
    from biennien.story.summary import summarize_articles

    articles = []
    rejected = 0
    for item in read_paths(args.paths):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, Rejection):
            rejected += 1
            print(f"biennien: rejected {item.source}: {item.reason}", file=sys.stderr)
    if not articles:
        print("biennien: error: no readable article in the inputs", file=sys.stderr)
        return EXIT_ERROR
    print(summarize_articles(articles, args.words))
    return EXIT_REJECTED if rejected else EXIT_OK


def _batch(analyse_one) -> int:
    """Run ``analyse_one(obj) -> dict`` over JSON Lines on stdin; one output line per input."""
    failed = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError("needs an object with a string 'text'")
            out = {"id": obj.get("id"), **analyse_one(obj)}
        except (ValueError, TypeError) as exc:
            failed += 1
            print(f"biennien: stdin line {number}: {exc}", file=sys.stderr)
            out = {"id": None, "error": str(exc)}
        print(json.dumps(out, ensure_ascii=False))
    return EXIT_REJECTED if failed else EXIT_OK


def cmd_timex(args: argparse.Namespace) -> int:
    from biennien.timex import tag

    if args.batch:

        def one(obj: dict) -> dict:
            dct = obj.get("dct")
            day = dt.date.fromisoformat(dct) if dct else None
            return {"timexes": [t.as_dict() for t in tag(obj["text"], day)]}

        return _batch(one)
    for t in tag(sys.stdin.read(), args.dct):
        print(json.dumps(t.as_dict(), ensure_ascii=False))
    return EXIT_OK


def cmd_entities(args: argparse.Namespace) -> int:
    from biennien.entities import recognize_document

    def found(text: str) -> list[dict]:
        (mentions,) = recognize_document([text])
        return [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "name": m.name}
            for m in mentions
        ]

    if args.batch:
        return _batch(lambda obj: {"entities": found(obj["text"])})
    for item in found(sys.stdin.read()):
        print(json.dumps(item, ensure_ascii=False))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from biennien.show.search import search

    with _existing_store(args.db) as store:
        hits = search(store, args.query, limit=args.limit)
    for h in hits:
        if args.json:
            print(json.dumps(h.as_dict(), ensure_ascii=False))
        else:
            when = h.published or "(no date)"
            print(
                f"{when:<10}  {(h.outlet or '')[:16]:<16}  {h.title or h.snippet[:70]}"
                f"  [{h.article}]"
            )
    if not args.json:
        print(f"{len(hits)} results", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from biennien.show.web import create_app

    with _existing_store(args.db) as store:  # migrate now; pages open it read-only
        path = store.path
    print(f"biennien: serving {path} on http://{args.host}:{args.port}/", file=sys.stderr)
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "limit_concurrency": args.max_connections,
        "timeout_keep_alive": 5,
        "proxy_headers": False,  # nothing here reads the client's address
    }
    db = args.db or default_db()
    if not db.startswith(("postgresql://", "postgres://")):
        db = os.path.abspath(path)
    builders = args.builders
    if builders is None:
        builders = (os.cpu_count() or 1) if args.workers == 1 else 0
    if args.workers > 1:
        os.environ["BIENNIEN_SERVE_DB"] = db
        os.environ["BIENNIEN_SERVE_TIMEOUT"] = str(args.request_timeout)
        os.environ["BIENNIEN_SERVE_WARM"] = str(args.warm)
        os.environ["BIENNIEN_SERVE_BUILDERS"] = str(builders)
        uvicorn.run("biennien.show.web:app_from_env", factory=True, workers=args.workers, **options)
    else:
        app = create_app(
            db, request_timeout=args.request_timeout, warm=args.warm, builders=builders
        )
        uvicorn.run(app, **options)
    return EXIT_OK


def cmd_views(args: argparse.Namespace) -> int:
    from biennien.show.render import story_page
    from biennien.story.stored import refresh

    with _existing_store(args.db) as store:
        progress = sys.stderr if sys.stderr.isatty() else None
        built, current = refresh(store, args.min_articles, args.limit, progress, story_page)
    print(f"{built} views built, {current} already up to date", file=sys.stderr)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with _existing_store(args.db) as store:
        rows = []
        for art in store.articles():
            sentences = store.sentences(art.id)
            heading = art.title or next((s.text for s in sentences if s.kind != "caption"), "")
            rows.append((art.published or "", art.outlet or "", len(sentences), heading, art.id))
        rows.sort(key=lambda r: (r[0] == "", r[0]))
        for published, outlet, n, heading, article_id in rows:
            if len(heading) > 70:
                heading = heading[:69] + "…"
            date = published or "(no date)"
            print(f"{date:<10}  {outlet[:16]:<16}  {n:>3}  {heading}  [{article_id}]")
        print(f"{len(rows)} articles in {store.path}", file=sys.stderr)
    return EXIT_OK


COMMANDS = {
    "ingest": cmd_ingest,
    "export": cmd_export,
    "stories": cmd_stories,
    "summarize": cmd_summarize,
    "timex": cmd_timex,
    "entities": cmd_entities,
    "search": cmd_search,
    "serve": cmd_serve,
    "views": cmd_views,
    "list": cmd_list,
}


def reference() -> str:
    """The README's CLI reference, generated from ``--help`` so that it never drifts."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        parser = build_parser()
        parts = ["```", parser.format_help().rstrip(), "```"]
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for name, p in sub.choices.items():
            parts += ["", f"### `biennien {name}`", "", "```", p.format_help().rstrip(), "```"]
        return "\n".join(parts) + "\n"
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from biennien.pipeline import IngestError

    try:
        return COMMANDS[args.command](args)
    except (StoreError, IngestError) as exc:
        print(f"biennien: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("biennien: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`); not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
