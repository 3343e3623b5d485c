"""Ingest speed: articles per second on the seeds and on N VietNews articles (default 10,000).

    python benchmarks/ingest.py [--n 10000]

VietNews is word-segmented; ``_`` is turned back into spaces. The articles are written to a
temporary JSON Lines file first (not timed), then ingested end to end into a fresh store.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.pipeline import ingest  # noqa: E402
from biennien.store import open_store  # noqa: E402


def timed_ingest(paths: list[str], db: str) -> tuple[int, float]:
    with open_store(db) as store:
        start = time.perf_counter()
        report = ingest(paths, store, progress=False)
        elapsed = time.perf_counter() - start
    return report.ingested, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="VietNews articles (default 10000)")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        seeds = corpora.DATA.parent / "seeds"
        if seeds.is_dir():
            n, secs = timed_ingest([str(seeds)], f"{tmp}/seeds.db")
            print(f"seeds: {n} articles in {secs:.3f} s = {n / secs:.0f} articles/s")
        else:
            print("seeds: absent, skipped")
        texts = corpora.vietnews_texts(limit=args.n)
        if texts is None:
            print("vietnews: absent, skipped")
            return
        feed = Path(tmp) / "vietnews.jsonl"
        words = 0
        with open(feed, "w", encoding="utf-8") as fh:
            for _name, title, text in texts:
                words += len(title.split()) + len(text.split())
                fh.write(json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n")
        n, secs = timed_ingest([str(feed)], f"{tmp}/vietnews.db")
        print(
            f"vietnews: {n} articles ({words} words) in {secs:.1f} s = "
            f"{n / secs:.0f} articles/s, {words / secs:,.0f} words/s"
        )


if __name__ == "__main__":
    main()
