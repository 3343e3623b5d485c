"""The cost of adding articles to a large store: 1,000 more articles into a copy of STORE.

    python benchmarks/increment.py --db STORE [--n 1000] [--source vietnews|dantri]

STORE is a store built from the first K VietNews articles (e.g. by ``python
benchmarks/throughput.py --n K --keep STORE``). The added articles are the last N VietNews
articles (``--source vietnews``; they must lie beyond the first K) or N Dân Trí articles of
unc_dantri (``--source dantri``, for a store that holds all of VietNews). The store is copied
first (SQLite's backup, and the search index folder beside it), so STORE itself is left as it
was; the time is that of ``biennien
ingest`` as a user runs it (worker processes, one writer), start-up included.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402


def write_more(path: Path, source: str, n: int) -> int:
    """Write N articles to add as JSON Lines; returns how many were written."""
    records = []
    if source == "vietnews":
        texts = corpora.vietnews_texts()
        if texts is None:
            return 0
        tail = list(texts)[-n:]
        records = [{"title": t, "text": x, "url": f"vietnews:{name}"} for name, t, x in tail]
    else:
        docs = corpora.unc_dantri()
        if docs is None:
            return 0
        for d in list(docs.values())[:n]:
            text = "\n".join(line for line in d.lines if line.strip() and not line.startswith("# "))
            records.append({"text": text, "url": d.url, "published": d.date})
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the large store (left unchanged)")
    parser.add_argument("--n", type=int, default=1000, help="articles to add")
    parser.add_argument("--source", choices=["vietnews", "dantri"], default="vietnews")
    args = parser.parse_args()
    print(corpora.machine())
    with tempfile.TemporaryDirectory(dir=Path(args.db).resolve().parent) as tmp:
        more = Path(tmp) / "more.jsonl"
        if not write_more(more, args.source, args.n):
            print(f"{args.source} absent: skipped")
            return
        copy = str(Path(tmp) / "copy.db")
        src = sqlite3.connect(f"file:{Path(args.db).resolve()}?mode=ro", uri=True)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        before = dst.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        src.close()
        dst.close()
        index = Path(str(Path(args.db).resolve()) + ".search")
        if index.is_dir():  # the search index beside it (else the ingest builds it first)
            shutil.copytree(index, copy + ".search")
        else:
            print("no search index beside STORE: the ingest indexes the whole store first")
        start = time.perf_counter()
        cmd = [sys.executable, "-m", "biennien", "ingest", str(more), "--db", copy]
        result = subprocess.run([*cmd, "--no-progress"], capture_output=True, text=True)
        secs = time.perf_counter() - start
        print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "")
        dst = sqlite3.connect(copy)
        after = dst.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        dst.close()
        print(
            f"{after - before:,} {args.source} articles into a store of {before:,} in "
            f"{secs:.1f} s = {(after - before) / secs:.0f} articles/s (start-up included)"
        )


if __name__ == "__main__":
    main()
