"""Build and check our gold annotation sets over ``../shared/data/unc_dantri`` sentences.

The gold files in this folder hold only document ids, line numbers, offsets and labels; the
text stays in ../shared. Steps:
  tool.py sample timex|entities        choose the sentences (deterministic) -> *_sentences.tsv
  tool.py show timex|entities          print them (id, line, publication date, text) to annotate
  tool.py check KIND FILE              validate an annotator's file (see the guides)
  tool.py compare KIND A B             agreement between two annotators, and every disagreement
  tool.py freeze KIND FILE             the settled file -> KIND_gold.tsv (offsets, no text)
KIND entities_dev2 (dev3, dev4, dev5) is our second (third...) development set for entities, never
the measurement: ``sample entities_dev2`` draws 20 sentences a category from documents in
neither the held-out gold nor an earlier development set, and ``freeze entities_dev2`` writes
entities_dev2.tsv.
Annotator files are TSV with a header: doc, line, occurrence, text, type[, value].
For timelines (KIND = timelines, over VietnameseMDS clusters): sample, show, check, compare and
freeze the same way; annotator files are TSV with a header: cluster, date, articles,
description (articles comma-separated; the description stays in the working file).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import corpora  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 20261123
TIME_CUE = re.compile(
    r"\d{1,2}[/.-]\d{1,2}|\b(19|20)\d\d\b|\b(năm|tháng|ngày|tuần|quý) (\d|nay|này|ngoái|trước|"
    r"tới|qua|sau|kia|mai)|hôm (nay|qua|kia)|\bthứ (hai|ba|tư|năm|sáu|bảy|\d)|chủ nhật|\bTết\b|"
    r"\b(sáng|trưa|chiều|tối|đêm) (nay|qua|mai|\d)|thế kỷ|thập niên|âm lịch",
    re.IGNORECASE,
)
VALUE = re.compile(
    r"(\d{4}|XXXX)(-(\d{2}|XX)(-(\d{2}|XX))?)?(T(MO|AF|EV|NI|\d{2}:\d{2}))?"
    r"|\d{4}-W\d{2}|\d{4}-Q[1-4]|\d{4}-H[12]|\d{4}-(SP|SU|FA|WI)|\d{3}|\d{2}|BC\d+"
    r"|P\d+[DWMYH]|PT\d+[HM]|XXXX-WXX-\d|\d{4}-W\d{2}-\d"
)
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
ENTITY_TYPES = {"PER", "LOC", "ORG"}


def _docs():
    docs = corpora.unc_dantri()
    if docs is None:
        sys.exit("../shared/data/unc_dantri is absent")
    return docs


DEV2_PER_CATEGORY = 20


def sample_dev(kind: str) -> None:
    """A further entity development set: per category, documents shuffled, one line of eight
    words or more (title on) from each of the first 20 documents that neither the held-out
    gold nor an earlier development set draws from."""
    import entities  # the benchmark: its first development set

    docs = _docs()
    taken = {d for d, _ in sentences("entities")}
    taken |= {d for d, _ in entities.dev_lines(docs, set(taken))}
    for earlier in ("entities_dev2", "entities_dev3", "entities_dev4")[: int(kind[-1]) - 2]:
        taken |= {d for d, _ in sentences(earlier)}
    rng = random.Random(f"{SEED}-{kind}")
    by_cat: dict[str, list[str]] = {}
    for doc_id in sorted(docs):
        if doc_id not in taken:
            by_cat.setdefault(doc_id.split("_")[1], []).append(doc_id)
    chosen: list[tuple[str, int]] = []
    for cat in sorted(by_cat):
        ids = by_cat[cat][:]
        rng.shuffle(ids)
        got = 0
        for doc_id in ids:
            lines = docs[doc_id].lines
            candidates = [n for n in range(4, len(lines) + 1) if len(lines[n - 1].split()) >= 8]
            if not candidates:
                continue
            chosen.append((doc_id, rng.choice(candidates)))
            got += 1
            if got == DEV2_PER_CATEGORY:
                break
    out = HERE / f"{kind}_sentences.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("doc\tline\n")
        for doc_id, n in sorted(chosen):
            fh.write(f"{doc_id}\t{n}\n")
    print(f"{len(chosen)} sentences -> {out}")


def sample(kind: str) -> None:
    if kind in ("entities_dev2", "entities_dev3", "entities_dev4", "entities_dev5"):
        return sample_dev(kind)
    docs = _docs()
    rng = random.Random(f"{SEED}-{kind}")
    by_cat: dict[str, list[str]] = {}
    for doc_id in sorted(docs):
        by_cat.setdefault(doc_id.split("_")[1], []).append(doc_id)
    chosen: list[tuple[str, int]] = []
    for cat in sorted(by_cat):
        ids = by_cat[cat][:]
        rng.shuffle(ids)
        cued, plain = [], []
        want_cued, want_plain = (35, 5) if kind == "timex" else (20, 0)
        for doc_id in ids:
            lines = docs[doc_id].lines
            candidates = [n for n in range(4, len(lines) + 1) if len(lines[n - 1].split()) >= 8]
            if not candidates:
                continue
            n = rng.choice(candidates)
            text = lines[n - 1]
            if kind == "entities" or TIME_CUE.search(text):
                if len(cued) < want_cued:
                    cued.append((doc_id, n))
            elif len(plain) < want_plain:
                plain.append((doc_id, n))
            if len(cued) >= want_cued and len(plain) >= want_plain:
                break
        chosen.extend(cued + plain)
    out = HERE / f"{kind}_sentences.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("doc\tline\n")
        for doc_id, n in sorted(chosen):
            fh.write(f"{doc_id}\t{n}\n")
    print(f"{len(chosen)} sentences -> {out}")


def sentences(kind: str) -> list[tuple[str, int]]:
    with open(HERE / f"{kind}_sentences.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["doc"], int(r["line"])) for r in rows]


def show(kind: str) -> None:
    docs = _docs()
    for doc_id, n in sentences(kind):
        print(f"{doc_id}\t{n}\t{docs[doc_id].date}\t{docs[doc_id].lines[n - 1]}")


def _read(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def resolve(kind: str, path: str) -> tuple[list[tuple], list[str]]:
    """Rows as (doc, line, start, end, type, value) and the problems found."""
    docs = _docs()
    allowed = set(sentences(kind))
    items, problems = [], []
    for i, row in enumerate(_read(path), start=2):
        where = f"{path}:{i}"
        try:
            doc, line = row["doc"], int(row["line"])
            occurrence = int(row.get("occurrence") or 1)
        except (KeyError, ValueError):
            problems.append(f"{where}: bad doc/line/occurrence")
            continue
        if (doc, line) not in allowed:
            problems.append(f"{where}: ({doc}, {line}) is not a sampled sentence")
            continue
        text = docs[doc].lines[line - 1]
        start = -1
        for _ in range(occurrence):
            start = text.find(row["text"], start + 1)
            if start == -1:
                break
        if start == -1 or not row["text"]:
            problems.append(f"{where}: {row['text']!r} (occurrence {occurrence}) not in the line")
            continue
        typ = row.get("type", "")
        value = row.get("value", "")
        if kind == "timex":
            if typ not in TIMEX_TYPES:
                problems.append(f"{where}: type {typ!r}")
            if typ == "DATE" and not VALUE.fullmatch(value):
                problems.append(f"{where}: value {value!r} is not a TIMEX3 value")
        elif typ not in ENTITY_TYPES:
            problems.append(f"{where}: type {typ!r}")
        items.append((doc, line, start, start + len(row["text"]), typ, value))
    return items, problems


def check(kind: str, path: str) -> None:
    items, problems = resolve(kind, path)
    for p in problems:
        print(p)
    counts = Counter(t for *_, t, _ in items)
    print(f"{len(items)} items {dict(counts)}, {len(problems)} problems")


def compare(kind: str, a: str, b: str) -> None:
    docs = _docs()
    ia, _ = resolve(kind, a)
    ib, _ = resolve(kind, b)
    key_a = {(d, n, s, e): (t, v) for d, n, s, e, t, v in ia}
    key_b = {(d, n, s, e): (t, v) for d, n, s, e, t, v in ib}
    spans = set(key_a) & set(key_b)
    same = sum(key_a[k] == key_b[k] for k in spans)
    print(f"A {len(key_a)}, B {len(key_b)}, same span {len(spans)}, same span+labels {same}")
    f1 = 2 * same / max(len(key_a) + len(key_b), 1)
    print(f"agreement F1 (span and labels) {f1:.3f}")
    for k in sorted(set(key_a) | set(key_b)):
        if key_a.get(k) != key_b.get(k):
            d, n, s, e = k
            text = docs[d].lines[n - 1]
            print(f"{d}\t{n}\t{text[s:e]!r}\tA={key_a.get(k)}\tB={key_b.get(k)}")


def freeze(kind: str, path: str) -> None:
    items, problems = resolve(kind, path)
    if problems:
        sys.exit("\n".join(problems))
    out = HERE / (f"{kind}.tsv" if kind.startswith("entities_dev") else f"{kind}_gold.tsv")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("doc\tline\tstart\tend\ttype" + ("\tvalue" if kind == "timex" else "") + "\n")
        for d, n, s, e, t, v in sorted(items):
            fh.write(f"{d}\t{n}\t{s}\t{e}\t{t}" + (f"\t{v}" if kind == "timex" else "") + "\n")
    print(f"{len(items)} items -> {out}")


# -- timelines over VietnameseMDS clusters ------------------------------------------------------

TIMELINE_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _mds_clusters() -> dict[str, list]:
    docs = corpora.vietnamese_mds()
    if docs is None:
        sys.exit("../shared/data/vietnamese_mds is absent")
    by: dict[str, list] = {}
    for d in docs:
        by.setdefault(d.cluster, []).append(d)
    return by


def sample_timelines(n: int = 12) -> None:
    """Dated clusters of three or more articles from two or more outlets."""
    by = _mds_clusters()
    eligible = sorted(
        c
        for c, ds in by.items()
        if len(ds) >= 3
        and len({d.outlet for d in ds if d.outlet}) >= 2
        and all(d.published for d in ds)
    )
    chosen = sorted(random.Random(f"{SEED}-timelines").sample(eligible, n))
    out = HERE / "timeline_clusters.tsv"
    out.write_text("cluster\n" + "".join(f"{c}\n" for c in chosen), encoding="utf-8")
    print(f"{len(chosen)} clusters -> {out}")


def timeline_clusters() -> list[str]:
    lines_ = (HERE / "timeline_clusters.tsv").read_text(encoding="utf-8").split("\n")[1:]
    return [c for c in lines_ if c]


def show_timelines() -> None:
    by = _mds_clusters()
    for c in timeline_clusters():
        print(f"=== {c}")
        for d in sorted(by[c], key=lambda d: (d.published, d.doc_id)):
            print(f"--- article {d.doc_id} | outlet {d.outlet} | published {d.published}")
            print(f"TITLE: {d.title}")
            print(d.text)
        print()


def check_timelines(path: str) -> list[tuple[str, str, tuple[str, ...]]]:
    by = _mds_clusters()
    allowed = set(timeline_clusters())
    rows, problems = [], []
    for i, row in enumerate(_read(path), start=2):
        c, date = row.get("cluster", ""), row.get("date", "")
        arts = tuple(sorted(a.strip() for a in row.get("articles", "").split(",") if a.strip()))
        ids = {d.doc_id for d in by.get(c, [])}
        if c not in allowed:
            problems.append(f"{path}:{i}: cluster {c!r} is not sampled")
        elif not TIMELINE_DATE.fullmatch(date):
            problems.append(f"{path}:{i}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        elif not arts or not set(arts) <= ids:
            problems.append(f"{path}:{i}: articles {arts} not all in {c}")
        else:
            rows.append((c, date, arts))
    for p in problems:
        print(p)
    print(
        f"{len(rows)} happenings in {len({r[0] for r in rows})} clusters, {len(problems)} problems"
    )
    return rows


def compare_timelines(a: str, b: str) -> None:
    ra, rb = check_timelines(a), check_timelines(b)
    da = {(c, d) for c, d, _ in ra}
    db = {(c, d) for c, d, _ in rb}
    both = da & db
    print(
        f"dates: A {len(da)}, B {len(db)}, both {len(both)}, "
        f"F1 {2 * len(both) / max(len(da) + len(db), 1):.3f}"
    )
    ca = {(c, d, x) for c, d, arts in ra for x in arts}
    cb = {(c, d, x) for c, d, arts in rb for x in arts}
    cab = {t for t in ca & cb}
    print(
        f"citations: A {len(ca)}, B {len(cb)}, both {len(cab)}, "
        f"F1 {2 * len(cab) / max(len(ca) + len(cb), 1):.3f}"
    )
    for k in sorted(da ^ db):
        print(f"only {'A' if k in da else 'B'}: {k}")


def freeze_timelines(path: str) -> None:
    rows = check_timelines(path)
    out = HERE / "timelines_gold.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("cluster\tdate\tarticles\n")
        for c, d, arts in sorted(rows):
            fh.write(f"{c}\t{d}\t{','.join(arts)}\n")
    print(f"{len(rows)} happenings -> {out}")


def main() -> None:
    cmd, *rest = sys.argv[1:] or ["help"]
    if cmd == "sample" and rest[0] == "timelines":
        sample_timelines()
    elif cmd == "show" and rest[0] == "timelines":
        show_timelines()
    elif cmd == "check" and rest[0] == "timelines":
        check_timelines(rest[1])
    elif cmd == "compare" and rest[0] == "timelines":
        compare_timelines(rest[1], rest[2])
    elif cmd == "freeze" and rest[0] == "timelines":
        freeze_timelines(rest[1])
    elif cmd == "sample":
        sample(rest[0])
    elif cmd == "show":
        show(rest[0])
    elif cmd == "check":
        check(rest[0], rest[1])
    elif cmd == "compare":
        compare(rest[0], rest[1], rest[2])
    elif cmd == "freeze":
        freeze(rest[0], rest[1])
    else:
        print(__doc__)


if __name__ == "__main__":
    main()
