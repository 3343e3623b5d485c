"""Event clustering: BCubed precision, recall and F1 of events against gold clusters.

    python benchmarks/clusters.py [--corpus vims|mds|all] [--scale] [--n-scale 50000]

For each corpus (ViMs: 300 clusters, 1,950 articles, undated; VietnameseMDS: 199 clusters, 628
dated articles from many outlets) it prints two rows:

- biennien: the whole corpus is written as ONE shuffled stream (``random.Random(0)``) to a
  temporary JSON Lines file and ingested into a fresh store; each document is mapped back to its
  stored article through the source name ``file.jsonl:LINE`` and scored by the event of that
  article (``store.event_of()``). A document that was not stored, or whose article has no event,
  counts as an event of its own.
- baseline: TF-IDF (lower-cased syllable unigrams and bigrams, punctuation dropped, sublinear tf,
  smoothed idf, l2) and average-linkage agglomerative clustering on cosine distance, cut at the
  distance threshold that gives the best F1 ON THE GOLD ITSELF (a grid of thresholds): an upper
  bound for that method, not a fair competitor. The best threshold shared by both corpora is
  printed too.

BCubed: for each document, precision = |its predicted event ∩ its gold cluster| / |its predicted
event|, recall = the same over |its gold cluster|; both averaged over documents; F1 is their
harmonic mean.

``--scale`` (off by default: minutes) also times adding 1,000 VietNews articles to a store of
``--n-scale`` (default 50,000) VietNews articles, after timing the ingest of those.

Needs numpy and scipy for the baseline (benchmark only, not dependencies of biennien). Corpora
are read from ``../shared/data``; an absent corpus is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.pipeline import ingest  # noqa: E402
from biennien.store import open_store  # noqa: E402

CORPORA = {"vims": ("ViMs", corpora.vims), "mds": ("VietnameseMDS", corpora.vietnamese_mds)}
THRESHOLDS = [round(0.02 + 0.01 * i, 2) for i in range(97)]  # 0.02 … 0.98


# -- scoring -----------------------------------------------------------------------------------


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1) of the clustering ``pred`` against ``gold`` (item i is in
    cluster ``pred[i]`` and in gold cluster ``gold[i]``)."""
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    both = Counter(zip(pred, gold, strict=True))
    in_pred = Counter(pred)
    in_gold = Counter(gold)
    p = sum(both[(a, b)] / in_pred[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(both[(a, b)] / in_gold[b] for a, b in zip(pred, gold, strict=True)) / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def row(name: str, p: float, r: float, f: float, extra: str = "") -> str:
    return f"  {name:<9} P {p:.3f}  R {r:.3f}  F1 {f:.3f}{extra}"


# -- baseline: TF-IDF + average-linkage agglomerative clustering -------------------------------

_WORD = re.compile(r"[^\W_]+")


def features(doc: corpora.Doc) -> list[str]:
    """Lower-cased syllables (punctuation dropped) and syllable bigrams of title and text."""
    text = unicodedata.normalize("NFC", f"{doc.title or ''}\n{doc.text}").lower()
    syllables = _WORD.findall(text)
    return syllables + [f"{a} {b}" for a, b in zip(syllables, syllables[1:], strict=False)]


def tfidf(docs: Sequence[corpora.Doc]):
    """Documents × features, sublinear tf × smoothed idf, rows l2-normalised (scipy CSR)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, doc in enumerate(docs):
        for term, tf in Counter(features(doc)).items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(1.0 + math.log(tf))
    x = csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)), dtype=np.float64)
    df = np.bincount(x.indices, minlength=len(vocab))
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    x = x.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(x.multiply(1.0 / norms[:, np.newaxis]))


def baseline(docs: Sequence[corpora.Doc]) -> dict[float, tuple[float, float, float]]:
    """BCubed (P, R, F1) of the baseline at every threshold of THRESHOLDS."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    x = tfidf(docs)
    dist = 1.0 - (x @ x.T).toarray()  # cosine distance (rows are unit vectors)
    np.clip(dist, 0.0, 2.0, out=dist)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    gold = [d.cluster for d in docs]
    return {t: bcubed(list(fcluster(tree, t, criterion="distance")), gold) for t in THRESHOLDS}


# -- biennien ----------------------------------------------------------------------------------


def biennien_events(docs: Sequence[corpora.Doc], tmp: str) -> None:
    """Ingest ``docs`` as one shuffled stream into a fresh store and score its events."""
    stream = list(docs)
    random.Random(0).shuffle(stream)
    feed = Path(tmp) / "stream.jsonl"
    corpora.write_jsonl(stream, feed)
    db = Path(tmp) / "stream.db"
    with open_store(str(db)) as store:
        start = time.perf_counter()
        report = ingest([str(feed)], store, progress=False)
        secs = time.perf_counter() - start
        article_of: dict[int, str] = {}  # line (1-based) → stored article
        for article in store.articles():
            for source in article.sources:
                name, _, line = source.rpartition(":")
                if name == feed.name and line.isdigit():
                    article_of[int(line)] = article.id
        events_of = getattr(store, "event_of", None)  # not there before the linking stage
        if events_of is None:
            print(
                f"  biennien: events not available yet (ingested {report.ingested} articles "
                f"from {len(stream)} documents in {secs:.1f} s)"
            )
            return
        event_of = events_of()
    pred: list[object] = []
    alone = 0
    for line in range(1, len(stream) + 1):
        event = event_of.get(article_of.get(line, ""))
        if event is None:
            alone += 1
            event = ("alone", line)
        pred.append(event)
    p, r, f = bcubed(pred, [d.cluster for d in stream])
    events = len(set(pred))
    extra = f"  ({events} events, {len(set(article_of.values()))} articles; ingest {secs:.1f} s"
    extra += f"; {alone} documents without an event)" if alone else ")"
    print(row("biennien", p, r, f, extra))


# -- scale -------------------------------------------------------------------------------------


def scale(n: int, tmp: str) -> None:
    texts = corpora.vietnews_texts(limit=n + 1000)
    if texts is None:
        print("scale: VietNews absent, skipped")
        return
    base = Path(tmp) / "base.jsonl"
    more = Path(tmp) / "more.jsonl"
    counts = [0, 0]
    with open(base, "w", encoding="utf-8") as fa, open(more, "w", encoding="utf-8") as fb:
        for i, (_name, title, text) in enumerate(texts):
            record = json.dumps({"title": title, "text": text}, ensure_ascii=False)
            (fa if i < n else fb).write(record + "\n")
            counts[i >= n] += 1
    with open_store(str(Path(tmp) / "scale.db")) as store:
        start = time.perf_counter()
        first = ingest([str(base)], store, progress=False)
        secs = time.perf_counter() - start
        print(
            f"scale: {first.ingested} VietNews articles ({counts[0]} lines) into an empty store "
            f"in {secs:.1f} s = {first.ingested / secs:.0f} articles/s"
        )
        start = time.perf_counter()
        second = ingest([str(more)], store, progress=False)
        secs = time.perf_counter() - start
        print(
            f"scale: {second.ingested} more ({counts[1]} lines) into a store of "
            f"{first.ingested} in {secs:.1f} s = {second.ingested / secs:.0f} articles/s"
        )


# -- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=["vims", "mds", "all"], default="all")
    parser.add_argument("--scale", action="store_true", help="also time the VietNews scale test")
    parser.add_argument(
        "--n-scale", type=int, default=50_000, help="store size for --scale (default 50000)"
    )
    args = parser.parse_args()
    print(f"clusters: {corpora.machine()}")
    wall = time.perf_counter()
    curves: dict[str, dict[float, tuple[float, float, float]]] = {}
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    with tempfile.TemporaryDirectory() as tmp:
        for key in names:
            label, load = CORPORA[key]
            docs = load()
            if docs is None:
                print(f"{label}: absent, skipped")
                continue
            clusters = len({d.cluster for d in docs})
            print(f"{label}: {len(docs)} documents, {clusters} gold clusters")
            folder = Path(tmp) / key
            folder.mkdir()
            try:
                biennien_events(docs, str(folder))
            except Exception as exc:  # a broken stage must not hide the baseline
                print(f"  biennien: failed ({type(exc).__name__}: {exc})")
            start = time.perf_counter()
            try:
                curve = baseline(docs)
            except ImportError as exc:
                print(f"  baseline: needs numpy and scipy ({exc.name} missing), skipped")
                continue
            secs = time.perf_counter() - start
            best = max(curve, key=lambda t: curve[t][2])
            extra = f"  (tuned on the gold: threshold {best:.2f}; {secs:.1f} s)"
            print(row("baseline", *curve[best], extra))
            curves[label] = curve
        if len(curves) > 1:
            shared = max(THRESHOLDS, key=lambda t: sum(c[t][2] for c in curves.values()))
            scores = ", ".join(f"{label} {c[shared][2]:.3f}" for label, c in curves.items())
            print(f"baseline, one threshold for all ({shared:.2f}): F1 {scores}")
        if args.scale:
            scale(args.n_scale, tmp)
    print(f"total {time.perf_counter() - wall:.1f} s")


if __name__ == "__main__":
    main()
