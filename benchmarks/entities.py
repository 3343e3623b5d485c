"""Entity recognition quality and speed: biennien against underthesea's NER on our gold sets.

    python benchmarks/entities.py [--no-underthesea] [--errors] [--dev [--show]] [--seeds]

Gold sets (exact span and type; PER, LOC, ORG; MISC is not scored):
  unc_dantri  gold/entities_gold.tsv over ../shared/data/unc_dantri (200 sentences)
  seeds       gold/seeds_entities.tsv over ../shared/seeds (every name in the five seeds)
  dev         gold/entities_dev.tsv over 150 other unc_dantri sentences (``--dev``): the set
              to develop against; the lines are drawn by ``dev_lines`` (15 per category, one
              a document, none from a document of the held-out gold), so the file holds only
              the mentions. ``--dev --show`` prints each error with its text (dev sets only).
  dev2..dev5 gold/entities_dev2.tsv .. entities_dev5.tsv over 200 sentences each:
              the lines are in entities_dev2_sentences.tsv and so on (``--dev`` scores them
              too): 20 a category, from documents in none of the sets above.
``--seeds`` scores the seeds alone, so that work on them need not look at the held-out gold.
biennien reads each article whole (``recognize_document``), as the pipeline does, and is scored
on the gold lines; underthesea reads the gold lines one by one. Words per second are measured
in this single process, on the gold lines, after a warm-up, by CPU time (one core; the wall
clock figure beside it reads lower when other work shares the machine).
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpora  # noqa: E402

from biennien.entities import recognize, recognize_document  # noqa: E402
from biennien.text.normalize import normalize_tones  # noqa: E402

TYPES = ("PER", "LOC", "ORG")
Span = tuple[str, int, int, int, str]  # doc, line, start, end, type


def normalized(raw: str) -> tuple[str, list[int]]:
    """NFC and our tone placement, with a map from each output offset to the raw offset."""
    out, where = [], []
    i = 0
    while i < len(raw):
        j = i + 1
        while j < len(raw) and unicodedata.combining(raw[j]):
            j += 1
        piece = unicodedata.normalize("NFC", raw[i:j])
        out.append(piece)
        where.extend([i] * len(piece))
        i = j
    where.append(len(raw))
    text = normalize_tones("".join(out))
    return text, where


def read_gold(path: Path, key: str) -> list[Span]:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r[key], int(r["line"]), int(r["start"]), int(r["end"]), r["type"]) for r in rows]


def score(gold: list[Span], pred: list[Span]) -> dict[str, tuple[float, float, float, int]]:
    gold = [s for s in gold if s[4] in TYPES]
    pred = [s for s in pred if s[4] in TYPES]
    out = {}
    for typ in (*TYPES, "all"):
        g = {s for s in gold if typ == "all" or s[4] == typ}
        p = {s for s in pred if typ == "all" or s[4] == typ}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[typ] = (prec, rec, f1, len(g))
    return out


def biennien_predict(docs: dict[str, list[str]], wanted: set[tuple[str, int]]) -> list[Span]:
    """Spans on the wanted lines, reading each document whole; offsets into the raw lines."""
    pred = []
    for doc, raw_lines in docs.items():
        texts, maps = zip(*(normalized(x) for x in raw_lines), strict=True)
        for n, mentions in enumerate(recognize_document(list(texts)), start=1):
            if (doc, n) not in wanted:
                continue
            where = maps[n - 1]
            for m in mentions:
                pred.append((doc, n, where[m.start], where[m.end], m.type))
    return pred


def underthesea_spans(text: str, ner) -> list[tuple[int, int, str]]:
    """underthesea's BIO tags over its words, as character spans of ``text``."""
    spans = []
    pos = 0
    current = None  # [start, end, type]
    for word, *_, tag in ner(text):
        # find the word in the text from pos, allowing for spaces it may have merged
        start = text.find(word, pos)
        if start < 0:
            first = word.split()[0] if word.split() else word
            start = text.find(first, pos)
            end = start + len(word) if start >= 0 else -1
        else:
            end = start + len(word)
        if start < 0:
            continue
        pos = end
        if tag.startswith("B-") or (
            tag.startswith("I-") and (not current or current[2] != tag[2:])
        ):
            if current:
                spans.append(tuple(current))
            current = [start, end, tag[2:]]
        elif tag.startswith("I-") and current:
            current[1] = end
        else:
            if current:
                spans.append(tuple(current))
            current = None
    if current:
        spans.append(tuple(current))
    return [s for s in spans if s[2] in TYPES]


def words_per_second(texts: list[str], fn, min_seconds: float = 1.0) -> tuple[float, float]:
    """Words a second on one core: (by this process's CPU time, by the wall clock). The CPU
    figure is the one per core that the target speaks of; the wall clock reads lower when
    other work shares the machine."""
    words = sum(len(t.split()) for t in texts)
    for t in texts[:5]:
        fn(t)  # warm-up: loading of data, compiled patterns
    rounds, elapsed = 0, 0.0
    start, cpu = time.perf_counter(), time.process_time()
    while elapsed < min_seconds or rounds == 0:
        for t in texts:
            fn(t)
        rounds += 1
        elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return words * rounds / max(cpu, 1e-9), words * rounds / elapsed


def report(label: str, result: dict, wps: tuple[float, float] | None) -> None:
    speed = f", {wps[0]:,.0f} words/s (CPU; wall clock {wps[1]:,.0f})" if wps else ""
    p, r, f, n = result["all"]
    print(f"  {label:<12} overall P {p:.3f} R {r:.3f} F1 {f:.3f} (n={n}){speed}")
    for typ in TYPES:
        p, r, f, n = result[typ]
        print(f"  {'':<12} {typ:<7} P {p:.3f} R {r:.3f} F1 {f:.3f} (n={n})")


def show_errors(gold: list[Span], pred: list[Span]) -> None:
    """Counts of error kinds by type (no text is shown: the gold set stays held out)."""
    g, p = set(gold), {s for s in pred if s[4] in TYPES}
    kinds: Counter = Counter()
    for s in sorted(g - p):
        same_span = [x for x in p if x[:4] == s[:4]]
        overlap = [x for x in p if x[:2] == s[:2] and x[2] < s[3] and s[2] < x[3]]
        if same_span:
            kinds[f"{s[4]} typed {same_span[0][4]}"] += 1
        elif overlap:
            kinds[f"{s[4]} boundary"] += 1
        else:
            kinds[f"{s[4]} missed"] += 1
    for s in sorted(p - g):
        overlap = [x for x in g if x[:2] == s[:2] and x[2] < s[3] and s[2] < x[3]]
        if not overlap:
            kinds[f"{s[4]} spurious"] += 1
    for k in sorted(kinds):
        print(f"    {k}: {kinds[k]}")


def evaluate(label: str, docs, gold: list[Span], lines: list[tuple[str, int]], args, ner) -> None:
    """Score on ``lines`` (every line annotated, whether or not it names anything)."""
    wanted = set(lines)
    gold_lines = sorted(wanted)
    texts = [normalized(docs[d][n - 1])[0] for d, n in gold_lines]
    print(f"{label}: {len(gold_lines)} lines, {sum(len(t.split()) for t in texts):,} words")
    pred = biennien_predict(docs, wanted)
    wps = words_per_second(texts, recognize)
    report("biennien", score(gold, pred), wps)
    if args.errors:
        show_errors(gold, pred)
    if ner is None:
        return
    if isinstance(ner, str):
        print(f"  underthesea  could not run: {ner}")
        return
    upred = []
    for d, n in gold_lines:
        raw = docs[d][n - 1]
        text, where = normalized(raw)
        for s, e, t in underthesea_spans(text, ner):
            upred.append((d, n, where[s], where[e], t))
    uwps = words_per_second(texts[:40], ner, min_seconds=0.5)
    report("underthesea", score(gold, upred), uwps)


def load_underthesea():
    try:
        from underthesea import ner  # type: ignore[import-not-found]

        ner("Hà Nội")  # loads the shipped model; fails here if it would need a download
        return ner
    except Exception as exc:  # noqa: BLE001 - any failure means it cannot run here
        return f"{type(exc).__name__}: {exc}".strip()[:300]


DEV_SEED = 7
DEV_PER_CATEGORY = 15


def dev_lines(dantri, held_out: set[str]) -> list[tuple[str, int]]:
    """The development sentences: per category, documents shuffled with ``DEV_SEED``, one line
    of eight words or more (title on) from each of the first ``DEV_PER_CATEGORY`` documents that
    are not in the held-out gold."""
    rng = random.Random(DEV_SEED)
    by_cat: dict[str, list[str]] = defaultdict(list)
    for doc_id in sorted(dantri):
        if doc_id not in held_out:
            by_cat[doc_id.split("_")[1]].append(doc_id)
    chosen = []
    for cat in sorted(by_cat):
        ids = by_cat[cat]
        rng.shuffle(ids)
        taken = 0
        for doc_id in ids:
            lines = dantri[doc_id].lines
            candidates = [n for n in range(4, len(lines) + 1) if len(lines[n - 1].split()) >= 8]
            if not candidates:
                continue
            chosen.append((doc_id, rng.choice(candidates)))
            taken += 1
            if taken == DEV_PER_CATEGORY:
                break
    return sorted(chosen)


def dev_sets(dantri) -> list[tuple[str, list[Span], list[tuple[str, int]]]]:
    """The development sets: (label, mentions, lines)."""
    with open(HERE / "gold" / "entities_sentences.tsv", encoding="utf-8") as fh:
        held_out = {r["doc"] for r in csv.DictReader(fh, delimiter="\t")}
    out = []
    lines = dev_lines(dantri, held_out)
    gold = read_gold(HERE / "gold" / "entities_dev.tsv", "doc")
    out.append(("dev", gold, lines))
    seen = held_out | {d for d, _ in lines}
    for label in ("dev2", "dev3", "dev4", "dev5"):
        with open(HERE / "gold" / f"entities_{label}_sentences.tsv", encoding="utf-8") as fh:
            more = [(r["doc"], int(r["line"])) for r in csv.DictReader(fh, delimiter="\t")]
        docs = {d for d, _ in more}
        if seen & docs:
            sys.exit(f"{label}: shares documents with the gold or an earlier development set")
        seen |= docs
        out.append((label, read_gold(HERE / "gold" / f"entities_{label}.tsv", "doc"), more))
    for label, gold, ls in out:
        stray = {(d, n) for d, n, *_ in gold} - set(ls)
        if stray:
            sys.exit(f"{label}: mentions on lines that are not drawn: {sorted(stray)[:5]}")
    return out


def show_dev_errors(docs, gold: list[Span], pred: list[Span]) -> None:
    """Every error on the dev set, with its text (never used for the held-out gold)."""
    g, p = set(gold), {s for s in pred if s[4] in TYPES}
    rows = [(s, "missed") for s in g - p] + [(s, "spurious") for s in p - g]
    for (d, n, s, e, t), kind in sorted(rows):
        text = docs[d][n - 1]
        print(f"    {kind:<8} {t} {text[s:e]!r}  [{d}:{n}] {text[max(0, s - 40) : e + 40]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-underthesea", action="store_true", help="score biennien only")
    parser.add_argument("--errors", action="store_true", help="count the kinds of errors")
    parser.add_argument("--dev", action="store_true", help="score on the development set only")
    parser.add_argument("--show", action="store_true", help="with --dev: print every error")
    parser.add_argument(
        "--seeds", action="store_true", help="score the seeds only (not the held-out gold)"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    ner = None if args.no_underthesea else load_underthesea()
    dantri = corpora.unc_dantri()
    if args.dev:
        if dantri is None:
            sys.exit("dev: ../shared/data/unc_dantri is absent")
        parts = dev_sets(dantri)
        for label, gold, lines in parts:
            docs = {
                d: [x if n > 3 else "" for n, x in enumerate(dantri[d].lines, 1)] for d, _ in lines
            }
            evaluate(label, docs, gold, lines, args, None if args.show else ner)
            if args.show:
                pred = biennien_predict(docs, set(lines))
                show_dev_errors(docs, gold, pred)
        gold = [s for _, g, _ in parts for s in g]
        lines = [x for *_, ls in parts for x in ls]
        docs = {d: [x if n > 3 else "" for n, x in enumerate(dantri[d].lines, 1)] for d, _ in lines}
        evaluate("dev (all)", docs, gold, lines, args, None)
        return
    if args.seeds:
        pass
    elif dantri is None:
        print("unc_dantri: ../shared/data/unc_dantri is absent, skipped")
    else:
        gold = read_gold(HERE / "gold" / "entities_gold.tsv", "doc")
        with open(HERE / "gold" / "entities_sentences.tsv", encoding="utf-8") as fh:
            wanted_docs = {r["doc"] for r in csv.DictReader(fh, delimiter="\t")}
        # the article whole, from the title (line 4) on; earlier lines are its header
        docs = {
            d: [x if n > 3 else "" for n, x in enumerate(dantri[d].lines, 1)] for d in wanted_docs
        }
        with open(HERE / "gold" / "entities_sentences.tsv", encoding="utf-8") as fh:
            lines = [(r["doc"], int(r["line"])) for r in csv.DictReader(fh, delimiter="\t")]
        evaluate("unc_dantri", docs, gold, lines, args, ner)
    seeds = corpora.DATA.parent / "seeds"
    if not seeds.is_dir():
        print("seeds: ../shared/seeds is absent, skipped")
        return
    gold = read_gold(HERE / "gold" / "seeds_entities.tsv", "file")
    docs = defaultdict(list)
    for path in sorted(seeds.glob("*.txt")):
        docs[path.name] = path.read_text(encoding="utf-8").split("\n")
    lines = [(d, n) for d, rows in docs.items() for n, x in enumerate(rows, 1) if x.strip()]
    evaluate("seeds", dict(docs), gold, lines, args, ner)


if __name__ == "__main__":
    main()
