"""Page latency under load: p50/p95 of the story page and of search, 20 concurrent clients on
loopback (a bounded number of requests; it stops by itself).

    python benchmarks/web.py [--n 150000] [--db STORE] [--clients 20] [--requests 400]
                             [--server-workers 1] [--warm 20] [--builders N]
    python benchmarks/web.py --n 2000 --clients 50 --requests 100000 --seconds 60   # load test

Builds a store of N VietNews articles (or uses --db), starts ``biennien serve`` on 127.0.0.1
in its own process (as a user would), and times requests from client threads to /story/ID
(the 50 largest stories) and /search?q=... (two words from titles, without diacritics). The
first request of each story page (built, not yet cached) is reported apart as well.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.pipeline import ingest  # noqa: E402
from biennien.store import open_store  # noqa: E402
from biennien.text.fold import fold  # noqa: E402


def build(n: int, tmp: str) -> str | None:
    texts = corpora.vietnews_texts(limit=n)
    if texts is None:
        return None
    feed = Path(tmp) / "v.jsonl"
    with open(feed, "w", encoding="utf-8") as fh:
        for _name, title, text in texts:
            fh.write(json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n")
    db = str(Path(tmp) / "v.db")
    start = time.perf_counter()
    with open_store(db) as store:
        ingest([str(feed)], store, progress=False)
    print(f"store of {n} articles built in {time.perf_counter() - start:.0f} s")
    return db


def serve(
    db: str, workers: int, warm: int, builders: int | None = None
) -> tuple[int, subprocess.Popen]:
    """Start ``biennien serve`` on a free port and wait until it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "biennien", "serve", "--db", db, "--port", str(port)]
    cmd += ["--workers", str(workers), "--warm", str(warm)]
    if builders is not None:
        cmd += ["--builders", str(builders)]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("GET", "/docs")
            conn.getresponse().read()
            return port, proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("biennien serve did not start") from None
            time.sleep(0.2)


def load(
    port: int, paths: list[str], clients: int, requests: int, seconds: float | None = None
) -> tuple[list[float], int, list[float]]:
    """Send ``requests`` requests (or as many as fit in ``seconds``) from ``clients`` threads;
    the times of all, the errors, and the times of each path's first request."""
    times: list[float] = []
    first: dict[str, float] = {}
    errors = 0
    lock = threading.Lock()
    queue = list(paths)
    random.Random(0).shuffle(queue)
    queue = (queue * (requests // max(len(queue), 1) + 1))[:requests]
    stop_at = time.perf_counter() + seconds if seconds else None

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue or (stop_at and time.perf_counter() > stop_at):
                    break
                path = queue.pop()
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except OSError:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - start
            with lock:
                times.append(elapsed)
                first.setdefault(path, elapsed)
                errors += not ok

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors, list(first.values())


def server_cpu(pid: int) -> float | None:
    """CPU seconds used so far by the server process and its worker processes (Linux /proc;
    None elsewhere): what the requests cost, whatever else the machine is doing."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat.parent.name == str(pid) or fields[1] == str(pid):  # itself or a child
                total += int(fields[11]) + int(fields[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def report(
    name: str, times: list[float], errors: int, first: list[float], cpu: float | None = None
) -> None:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    p99 = ms[int(0.99 * (len(ms) - 1))]
    per = f"; server CPU {cpu / len(ms) * 1000:.1f} ms a request" if cpu is not None else ""
    print(
        f"{name:<6} {len(ms)} requests, {errors} errors: p50 {statistics.median(ms):.0f} ms, "
        f"p95 {p95:.0f} ms, p99 {p99:.0f} ms{per}"
    )
    cold = sorted(t * 1000 for t in first)
    print(
        f"{'':<6} first request of each of {len(cold)} pages: p50 "
        f"{statistics.median(cold):.0f} ms, max {cold[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=150_000, help="VietNews articles in the store")
    parser.add_argument("--db", help="use this store instead of building one")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="per page kind")
    parser.add_argument("--seconds", type=float, help="stop each page kind after this long")
    parser.add_argument("--server-workers", type=int, default=1, help="biennien serve --workers")
    parser.add_argument("--warm", type=int, default=20, help="biennien serve --warm")
    parser.add_argument("--builders", type=int, help="biennien serve --builders (its default)")
    args = parser.parse_args()
    print(corpora.machine())
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build(args.n, tmp)
        if db is None:
            print("vietnews absent: skipped")
            return
        with open_store(db, readonly=True) as store:
            by_story: dict[str, int] = {}
            for event in store.events():
                by_story[event.story_id] = by_story.get(event.story_id, 0) + event.size
            stories = sorted(by_story, key=lambda s: -by_story[s])[:50]
            titles = [a.title for a, _ in zip(store.articles(), range(200), strict=False)]
        words = [w for t in titles if t for w in fold(t).split() if len(w) > 2]
        rng = random.Random(1)
        queries = [" ".join(rng.sample(words, 2)) for _ in range(50)]
        port, server = serve(db, args.server_workers, args.warm, args.builders)
        print(
            f"{len(stories)} stories, {len(queries)} queries; {args.clients} clients; "
            f"biennien serve --workers {args.server_workers} --warm {args.warm}"
            f"{'' if args.builders is None else f' --builders {args.builders}'}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        story_paths = [f"/story/{s}" for s in stories]
        search_paths = [f"/search?q={q.replace(' ', '+')}" for q in queries]
        try:
            for name, paths in (("story", story_paths), ("search", search_paths)):
                before = server_cpu(server.pid)
                found = load(port, paths, args.clients, args.requests, args.seconds)
                after = server_cpu(server.pid)
                cpu = after - before if before is not None and after is not None else None
                report(name, *found, cpu=cpu)
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
