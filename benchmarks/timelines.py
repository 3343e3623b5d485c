"""Story timelines against our annotation of the dated happenings in VietnameseMDS clusters.

    python benchmarks/timelines.py

For each annotated cluster (benchmarks/gold/timelines_gold.tsv, 12 dated multi-outlet clusters
of ../shared/data/vietnamese_mds), its articles are ingested into a fresh store and the
timeline is built over all of them (biennien.story.timeline.build). Printed:
- date F1: the set of (cluster, date) of the timeline entries against the gold's;
- citation recall: the share of gold (cluster, date, article) that the timeline cites under
  the same date;
- citation precision on gold dates: of the (cluster, date, article) the timeline cites under a
  date the gold also has, the share the gold lists (citations under other dates are already
  counted against date precision);
- the same with dates compared at month precision, for reference.

    python benchmarks/timelines.py --misses

also lists, cluster by cluster, the gold citations the timeline misses and the dates it has
that the gold has not (diagnostics; the figures are the same).
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.pipeline import ingest  # noqa: E402
from biennien.store import open_store  # noqa: E402
from biennien.story.timeline import build  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "timelines_gold.tsv"


def load_gold() -> dict[str, set[tuple[str, str]]]:
    gold: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with open(GOLD, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for article in row["articles"].split(","):
                gold[row["cluster"]].add((row["date"], article))
    return gold


def predict(docs: list, tmp: str) -> set[tuple[str, str]]:
    path = Path(tmp) / "c.jsonl"
    corpora.write_jsonl(docs, path)
    with open_store(str(Path(tmp) / "c.db")) as store:
        ingest([str(path)], store, progress=False)
        doc_of = {}
        for art in store.articles():
            for source in art.sources:
                doc_of[art.id] = docs[int(source.rsplit(":", 1)[1]) - 1].doc_id
        out = set()
        for entry in build(store, list(doc_of)):
            for article, _sentence in entry.citations:
                out.add((entry.date, doc_of[article]))
        return out


def f1(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    misses = "--misses" in sys.argv[1:]
    print(f"{time.strftime('%Y-%m-%d')}, timelines against benchmarks/gold/timelines_gold.tsv")
    docs = corpora.vietnamese_mds()
    if docs is None:
        print("vietnamese_mds absent: skipped")
        return
    by_cluster = defaultdict(list)
    for d in docs:
        by_cluster[d.cluster].append(d)
    gold = load_gold()
    pred_dates, gold_dates, pred_cites, gold_cites = set(), set(), set(), set()
    for cluster in sorted(gold):
        with tempfile.TemporaryDirectory() as tmp:
            pred = predict(by_cluster[cluster], tmp)
        pred_dates |= {(cluster, d) for d, _ in pred}
        gold_dates |= {(cluster, d) for d, _ in gold[cluster]}
        pred_cites |= {(cluster, d, a) for d, a in pred}
        gold_cites |= {(cluster, d, a) for d, a in gold[cluster]}
        if misses:
            missed = sorted(gold[cluster] - pred)
            extra = sorted({d for d, _ in pred} - {d for d, _ in gold[cluster]})
            for d, a in missed:
                print(f"  {cluster} missed {d} {a}")
            for d in extra:
                print(f"  {cluster} extra date {d}")
    p, r, f = f1(pred_dates, gold_dates)
    recall = len(pred_cites & gold_cites) / len(gold_cites)
    on_gold_dates = {x for x in pred_cites if (x[0], x[1]) in gold_dates}
    cite_p = len(on_gold_dates & gold_cites) / len(on_gold_dates) if on_gold_dates else 0.0
    print(f"clusters {len(gold)}, gold dates {len(gold_dates)}, timeline dates {len(pred_dates)}")
    print(f"date P {p:.3f} R {r:.3f} F1 {f:.3f}; citation recall {recall:.3f}")
    if misses:
        n, found = len(gold_cites), len(pred_cites & gold_cites)
        print(f"(gold citations {n}, found {found}, missed {n - found})")
    print(f"(citation precision on gold dates {cite_p:.3f})")
    month = {(c, d[:7]) for c, d in pred_dates}, {(c, d[:7]) for c, d in gold_dates}
    print(f"(at month precision: date F1 {f1(*month)[2]:.3f})")


if __name__ == "__main__":
    main()
