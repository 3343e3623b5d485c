"""Multi-document summaries: ROUGE-1, ROUGE-2 and ROUGE-L F1 against human summaries.

    python benchmarks/summaries.py [--corpus vims|mds|all]

For each corpus (ViMs: 300 clusters, 618 human summaries; VietnameseMDS: 199 clusters, 398
human summaries ``ref1``/``ref2``) every cluster that has documents and references is summarised
by three systems, each to L words, L being the mean length in words of THAT cluster's
references:

- biennien: ``biennien.story.summary.summarize_articles`` over the cluster's documents, in
  corpus order, as Articles (text, title, date and outlet where the corpus has them);
- LEAD: the first sentences of the first document (in corpus order), whole sentences until the
  length reaches L (sentences from ``biennien.text.sentences.split`` over each line of the text);
- LexRank (Erkan & Radev 2004), implemented here: the sentences of all the cluster's documents,
  TF-IDF cosine similarity (raw term counts, idf = log(N / df) over the cluster's N sentences),
  edges where the similarity is at least 0.1, PageRank power iteration on the row-normalised
  graph (damping 0.85); the best-scored sentences are taken in score order, skipping one whose
  cosine with a sentence already taken is above 0.5, until the length reaches L.

ROUGE (implemented here, no external package): tokens are the lower-cased syllables of the NFC
text (``\\w+``; punctuation dropped, no stemming, no stopword removal). ROUGE-N F1 uses clipped
n-gram counts; ROUGE-L F1 the longest common subsequence of the two token sequences (beta = 1).
For each cluster the BEST score over its references is kept, separately per metric; the scores
are averaged over clusters. Words in L are counted with the same tokens. Each system stops at
the sentence that reaches L and its summary is then cut at L tokens before scoring (the DUC
convention), so that no system gains from running longer; ``--whole-sentences`` scores the
summaries uncut (as figures before 2026-11-23 evening were: biennien then ran ~20 words past L
on ViMs, LEAD ~4).

Issue 6 target: biennien R-2 >= 1.1 x max(LEAD R-2, LexRank R-2) on both corpora; the line
``target`` says whether this run meets it. Needs numpy (benchmark only, not a dependency of
biennien). Corpora are read from ``../shared/data``; an absent corpus is skipped with a message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.model import Article  # noqa: E402
from biennien.story.summary import summarize_articles  # noqa: E402
from biennien.text.sentences import split as split_sentences  # noqa: E402

CORPORA = {
    "vims": ("ViMs", corpora.vims, corpora.vims_summaries),
    "mds": ("VietnameseMDS", corpora.vietnamese_mds, corpora.vietnamese_mds_summaries),
}
SYSTEMS = ("biennien", "LEAD", "LexRank")
TARGET_FACTOR = 1.1

LEXRANK_THRESHOLD = 0.1
LEXRANK_DAMPING = 0.85
LEXRANK_REDUNDANCY = 0.5

_WORD = re.compile(r"\w+")


# -- ROUGE -------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Lower-cased syllables of the NFC text; punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def _f1(overlap: int, n_cand: int, n_ref: int) -> float:
    if overlap == 0 or n_cand == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_cand, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_n(cand: Sequence[str], ref: Sequence[str], n: int) -> float:
    """ROUGE-N F1 with clipped n-gram counts."""
    c = Counter(tuple(cand[i : i + n]) for i in range(len(cand) - n + 1))
    r = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
    overlap = sum(min(k, r[g]) for g, k in c.items())
    return _f1(overlap, sum(c.values()), sum(r.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (bit-parallel, Crochemore et al. 2001)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, t in enumerate(a):
        masks[t] = masks.get(t, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for t in b:
        u = v & masks.get(t, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def rouge_l(cand: Sequence[str], ref: Sequence[str]) -> float:
    """ROUGE-L F1 (beta = 1) from the LCS of the two token sequences."""
    return _f1(lcs_length(cand, ref), len(cand), len(ref))


def rouge(cand: str, refs: Sequence[str]) -> tuple[float, float, float]:
    """(R-1, R-2, R-L) F1 of ``cand``, each the best over ``refs``."""
    c = tokens(cand)
    rs = [tokens(r) for r in refs]
    return (
        max(rouge_n(c, r, 1) for r in rs),
        max(rouge_n(c, r, 2) for r in rs),
        max(rouge_l(c, r) for r in rs),
    )


def self_check() -> None:
    """ROUGE on small hand examples; stops the run if any is wrong."""
    same = "Hà Nội mưa to, đường ngập."
    assert rouge(same, [same]) == (1.0, 1.0, 1.0)
    assert rouge("mưa to ở Hà Nội", ["nắng nóng tại Huế"]) == (0.0, 0.0, 0.0)
    # "a b c d" vs "a b x d": R-1 3/4; R-2 1/3 (only "a b"); LCS "a b d" 3/4
    r1, r2, rl = rouge("a b c d", ["a b x d"])
    assert abs(r1 - 0.75) < 1e-12 and abs(r2 - 1 / 3) < 1e-12 and abs(rl - 0.75) < 1e-12
    # clipping: "the the the" vs "the cat": overlap 1, P 1/3, R 1/2 -> F1 0.4
    assert abs(rouge_n(["the"] * 3, ["the", "cat"], 1) - 0.4) < 1e-12
    # best over references, per metric; case, tone-mark composition and punctuation ignored
    decomposed = unicodedata.normalize("NFD", "HÒA BÌNH!")
    assert rouge("hòa bình", ["chiến tranh", decomposed]) == (1.0, 1.0, 1.0)
    # LCS against the textbook dynamic programme on fixed sequences
    for a, b in [("ABCBDAB", "BDCABA"), ("AGGTAB", "GXTXAYB"), ("aaaa", "aa"), ("abc", "")]:
        dp = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                dp[i + 1][j + 1] = dp[i][j] + 1 if x == y else max(dp[i][j + 1], dp[i + 1][j])
        assert lcs_length(list(a), list(b)) == dp[-1][-1], (a, b)


# -- baselines ---------------------------------------------------------------------------------


def doc_sentences(doc: corpora.Doc) -> list[str]:
    """The sentences of a document's text (title left out), in order."""
    return [s for line in doc.text.split("\n") for s in split_sentences(line.strip()) if s]


def take(sentences: Sequence[str], words: int) -> str:
    """Whole sentences, in the given order, until the length reaches ``words``."""
    out: list[str] = []
    total = 0
    for s in sentences:
        if total >= words:
            break
        n = len(tokens(s))
        if n == 0:
            continue
        out.append(s)
        total += n
    return " ".join(out)


def lead(docs: Sequence[corpora.Doc], words: int) -> str:
    return take(doc_sentences(docs[0]), words)


def lexrank(docs: Sequence[corpora.Doc], words: int) -> str:
    import numpy as np

    sents = [s for d in docs for s in doc_sentences(d)]
    toks = [tokens(s) for s in sents]
    keep = [i for i, t in enumerate(toks) if t]
    sents = [sents[i] for i in keep]
    toks = [toks[i] for i in keep]
    n = len(sents)
    if n == 0:
        return ""
    vocab: dict[str, int] = {}
    counts = [Counter(t) for t in toks]
    for c in counts:
        for t in c:
            vocab.setdefault(t, len(vocab))
    x = np.zeros((n, len(vocab)))
    for i, c in enumerate(counts):
        for t, k in c.items():
            x[i, vocab[t]] = k
    df = (x > 0).sum(axis=0)
    x *= np.log(n / df)[np.newaxis, :]
    norms = np.linalg.norm(x, axis=1)
    norms[norms == 0] = 1.0
    x /= norms[:, np.newaxis]
    sim = x @ x.T
    adj = (sim >= LEXRANK_THRESHOLD).astype(float)
    np.fill_diagonal(adj, 1.0)  # every sentence is similar to itself: no dangling rows
    m = adj / adj.sum(axis=1, keepdims=True)
    p = np.full(n, 1.0 / n)
    for _ in range(1000):
        q = (1 - LEXRANK_DAMPING) / n + LEXRANK_DAMPING * (m.T @ p)
        done = np.abs(q - p).sum() < 1e-10
        p = q
        if done:
            break
    order = sorted(range(n), key=lambda i: (-p[i], i))
    chosen: list[int] = []
    total = 0
    for i in order:
        if total >= words:
            break
        if any(sim[i, j] > LEXRANK_REDUNDANCY for j in chosen):
            continue
        chosen.append(i)
        total += len(toks[i])
    return " ".join(sents[i] for i in chosen)


def biennien(docs: Sequence[corpora.Doc], words: int) -> str:
    articles = [
        Article(
            text=d.text,
            source=d.doc_id,
            title=d.title,
            published=dt.date.fromisoformat(d.published) if d.published else None,
            outlet=d.outlet,
        )
        for d in docs
    ]
    return summarize_articles(articles, words=words)


# -- main --------------------------------------------------------------------------------------


def evaluate(
    label: str, docs: list[corpora.Doc], refs: dict[str, list[str]], truncate: bool = True
) -> None:
    by_cluster: dict[str, list[corpora.Doc]] = {}
    for d in docs:
        by_cluster.setdefault(d.cluster, []).append(d)
    clusters = [c for c in by_cluster if refs.get(c)]
    missing = len(by_cluster) - len(clusters)
    n_refs = sum(len(refs[c]) for c in clusters)
    lengths = {c: round(sum(len(tokens(r)) for r in refs[c]) / len(refs[c])) for c in clusters}
    mean_l = sum(lengths.values()) / len(clusters) if clusters else 0.0
    print(
        f"{label}: {len(docs)} documents, {len(clusters)} clusters with {n_refs} references"
        + (f" ({missing} clusters without references left out)" if missing else "")
        + f"; summary length L = mean reference length, {mean_l:.0f} words on average"
    )
    if not clusters:
        return
    systems: dict[str, Callable[[Sequence[corpora.Doc], int], str]] = {
        "biennien": biennien,
        "LEAD": lead,
        "LexRank": lexrank,
    }
    r2: dict[str, float] = {}
    for name, system in systems.items():
        start = time.perf_counter()
        sums = [0.0, 0.0, 0.0]
        produced = 0
        failed: list[str] = []
        for c in clusters:
            try:
                summary = system(by_cluster[c], lengths[c])
            except ImportError as exc:
                print(f"  {name:<9} needs {exc.name}, skipped")
                break
            except Exception as exc:  # one broken cluster must not hide the others
                failed.append(f"{c} ({type(exc).__name__}: {exc})")
                summary = ""
            if truncate:
                summary = " ".join(tokens(summary)[: lengths[c]])
            produced += len(tokens(summary))
            for k, score in enumerate(rouge(summary, refs[c])):
                sums[k] += score
        else:
            secs = time.perf_counter() - start
            r1, r2[name], rl = (s / len(clusters) for s in sums)
            extra = f"  ({produced / len(clusters):.0f} words on average; {secs:.1f} s"
            extra += f"; {len(failed)} clusters failed, scored 0)" if failed else ")"
            print(f"  {name:<9} R-1 {r1:.3f}  R-2 {r2[name]:.3f}  R-L {rl:.3f}{extra}")
            for f in failed[:3]:
                print(f"    failed: {f}")
    baselines = [r2[b] for b in ("LEAD", "LexRank") if b in r2]
    if "biennien" in r2 and baselines:
        target = TARGET_FACTOR * max(baselines)
        verdict = "met" if r2["biennien"] >= target else "NOT met"
        print(
            f"  target    R-2 >= {target:.3f} ({TARGET_FACTOR} x the better baseline): "
            f"biennien {r2['biennien']:.3f}, {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=["vims", "mds", "all"], default="all")
    parser.add_argument(
        "--whole-sentences",
        action="store_true",
        help="score summaries uncut (by default each is cut at L tokens)",
    )
    args = parser.parse_args()
    self_check()
    print(f"summaries: {corpora.machine()}")
    wall = time.perf_counter()
    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    for key in names:
        label, load_docs, load_refs = CORPORA[key]
        docs = load_docs()
        refs = load_refs()
        if docs is None or refs is None:
            print(f"{label}: absent, skipped")
            continue
        evaluate(label, docs, refs, not args.whole_sentences)
    print(f"total {time.perf_counter() - wall:.1f} s")


if __name__ == "__main__":
    main()
