"""Throughput of the whole pipeline against one CRF word-segmentation pass.

    python benchmarks/throughput.py [--n 2000]

Ingests N VietNews articles (``_`` turned back into spaces) end to end, one stage at a time so
that each is timed: read + clean, analysis (time expressions and entities), store + link. Then
times ``underthesea.word_tokenize`` over the same texts (if underthesea is installed) and prints
the ratio: the pipeline should cost less than that one pass. Single process; peak RSS from the
operating system.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.analyse import analyse  # noqa: E402
from biennien.link import Linker  # noqa: E402
from biennien.model import Article  # noqa: E402
from biennien.pipeline import identity_text  # noqa: E402
from biennien.store import open_store  # noqa: E402
from biennien.text.clean import clean  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="VietNews articles")
    args = parser.parse_args()
    print(corpora.machine())
    texts = corpora.vietnews_texts(limit=args.n)
    if texts is None:
        print("vietnews absent: skipped")
        return
    articles = [Article(text=text, source=name, title=title) for name, title, text in texts]
    words = sum(len((a.title or "").split()) + len(a.text.split()) for a in articles)
    stages = {"read+clean": 0.0, "analyse": 0.0, "store+link": 0.0}
    with tempfile.TemporaryDirectory() as tmp, open_store(f"{tmp}/t.db") as store:
        linker = Linker(store)
        for article in articles:
            t0 = time.perf_counter()
            doc = clean(article)
            t1 = time.perf_counter()
            analyse(doc)
            t2 = time.perf_counter()
            with store.transaction():
                article_id, new = store.insert_article(doc, identity_text(article))
                if new:
                    linker.place(article_id, doc)
            t3 = time.perf_counter()
            stages["read+clean"] += t1 - t0
            stages["analyse"] += t2 - t1
            stages["store+link"] += t3 - t2
        with store.transaction():
            linker.flush()
    total = sum(stages.values())
    print(
        f"{len(articles)} articles, {words:,} words in {total:.1f} s: "
        f"{len(articles) / total:.0f} articles/s, {words / total:,.0f} words/s"
    )
    for name, secs in stages.items():
        print(f"  {name:<11} {secs:6.1f} s  {100 * secs / total:4.0f}%")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")
    try:
        from underthesea import word_tokenize
    except ImportError:
        print("underthesea not installed: no ratio (pip install underthesea)")
        return
    start = time.perf_counter()
    for a in articles:
        word_tokenize(a.title or "")
        for line in a.text.split("\n"):
            word_tokenize(line)
    seg = time.perf_counter() - start
    print(f"underthesea.word_tokenize: {seg:.1f} s = {words / seg:,.0f} words/s")
    print(f"ratio pipeline / word segmentation: {total / seg:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()
