"""Throughput of the whole pipeline against one CRF word-segmentation pass.

    python benchmarks/throughput.py [--n 2000] [--workers W] [--no-stages] [--no-segment]

Writes N VietNews articles (``_`` turned back into spaces) to a JSON Lines file, then:

1. stages (one process, so that each is timed alone): read + clean, analysis (time
   expressions, entities, link features), store + link (batches of 32 a transaction);
2. end to end: ``biennien ingest`` as a user runs it (worker processes for cleaning and
   analysis, this process storing and linking) into a new store: articles/s, words/s, peak
   RSS of the writer and of the largest worker;
3. ``underthesea.word_tokenize`` over the same texts in one process (if underthesea is
   installed), and the ratio of the end-to-end time to it: the pipeline should cost less
   than that one pass.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien import pipeline  # noqa: E402
from biennien.analyse import analyse  # noqa: E402
from biennien.link import Linker  # noqa: E402
from biennien.link.features import link_features  # noqa: E402
from biennien.model import Article  # noqa: E402
from biennien.store import open_store  # noqa: E402
from biennien.text.clean import clean  # noqa: E402


class PeakRSS:
    """Samples the resident memory of this process and all its descendants (Linux /proc)."""

    def __init__(self, every: float = 0.5) -> None:
        self.peak_total = self.peak_self = 0
        self.every = every
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            return 0

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out

    def _run(self) -> None:
        while not self.done.wait(self.every):
            own = self._rss(os.getpid())
            self.peak_self = max(self.peak_self, own)
            self.peak_total = max(self.peak_total, sum(self._rss(p) for p in self._tree()))

    def __enter__(self) -> PeakRSS:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()


def stages(articles: list[Article], db: str) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds spent in each stage, one process, batches of 32 articles a transaction: wall
    clock, and CPU time of this process (which other jobs on the machine disturb less)."""
    times = {"read+clean": 0.0, "analyse": 0.0, "store+link": 0.0}
    cpu = dict(times)
    with open_store(db) as store:
        linker = Linker(store)
        for start in range(0, len(articles), 32):
            prepared = []
            for article in articles[start : start + 32]:
                t0, c0 = time.perf_counter(), time.process_time()
                doc = clean(article)
                identity = pipeline.identity_text(article)
                t1, c1 = time.perf_counter(), time.process_time()
                analyse(doc)
                features = link_features(doc)
                t2, c2 = time.perf_counter(), time.process_time()
                times["read+clean"] += t1 - t0
                times["analyse"] += t2 - t1
                cpu["read+clean"] += c1 - c0
                cpu["analyse"] += c2 - c1
                prepared.append((doc, identity, features))
            t2, c2 = time.perf_counter(), time.process_time()
            with linker.transaction():
                for doc, identity, features in prepared:
                    article_id, new = store.insert_article(doc, identity)
                    if new:
                        linker.place(article_id, doc, features)
            times["store+link"] += time.perf_counter() - t2
            cpu["store+link"] += time.process_time() - c2
        t2, c2 = time.perf_counter(), time.process_time()
        with linker.transaction():
            linker.flush()
        times["store+link"] += time.perf_counter() - t2
        cpu["store+link"] += time.process_time() - c2
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="VietNews articles")
    parser.add_argument("--workers", type=int, default=None, help="ingest --workers")
    parser.add_argument("--no-stages", action="store_true", help="skip the stage timing")
    parser.add_argument("--no-segment", action="store_true", help="skip word segmentation")
    parser.add_argument("--keep", metavar="DB", help="keep the end-to-end store at DB")
    args = parser.parse_args()
    print(corpora.machine())
    texts = corpora.vietnews_texts(limit=args.n)
    if texts is None:
        print("vietnews absent: skipped")
        return
    texts = list(texts)
    words = sum(len(title.split()) + len(text.split()) for _, title, text in texts)
    print(f"{len(texts):,} articles, {words:,} words")
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "vietnews.jsonl"
        with open(feed, "w", encoding="utf-8") as fh:
            for name, title, text in texts:
                record = {"title": title, "text": text, "url": f"vietnews:{name}"}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

        if not args.no_stages:
            articles = [Article(text=t, source=n, title=ti) for n, ti, t in texts]
            times, cpu = stages(articles, f"{tmp}/stages.db")
            total = sum(times.values())
            print(f"stages, one process: {total:.1f} s ({words / total:,.0f} words/s)")
            for name, secs in times.items():
                print(
                    f"  {name:<11} {secs:7.1f} s  {100 * secs / total:4.0f}%   CPU "
                    f"{1000 * cpu[name] / len(articles):5.2f} ms/article"
                )
            del articles
        n_texts = len(texts)
        del texts  # the writer's memory is measured below: it should not hold the corpus

        db = args.keep or f"{tmp}/e2e.db"
        start = time.perf_counter()
        with PeakRSS() as rss, open_store(db) as store:
            report = pipeline.ingest([feed], store, progress=False, workers=args.workers)
        wall = time.perf_counter() - start
        workers = pipeline.default_workers() if args.workers is None else args.workers
        print(
            f"end to end, ingest --workers {workers}: {report.ingested:,} articles in "
            f"{wall:.1f} s = {report.ingested / wall:.0f} articles/s, {words / wall:,.0f} words/s"
        )
        print(
            f"peak RSS: writer {rss.peak_self / 2**20:.0f} MB, "
            f"writer and workers together {rss.peak_total / 2**20:.0f} MB"
        )
    if args.no_segment:
        return
    try:
        from underthesea import word_tokenize
    except ImportError:
        print("underthesea not installed: no ratio (pip install underthesea)")
        return
    texts = list(corpora.vietnews_texts(limit=n_texts) or [])
    start = time.perf_counter()
    for _, title, text in texts:
        word_tokenize(title)
        for line in text.split("\n"):
            word_tokenize(line)
    seg = time.perf_counter() - start
    print(f"underthesea.word_tokenize, one process: {seg:.1f} s = {words / seg:,.0f} words/s")
    print(f"ratio pipeline end to end / word segmentation: {wall / seg:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
