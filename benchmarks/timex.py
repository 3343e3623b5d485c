"""Time-expression quality and speed: biennien against dateparser and duckling.

    python benchmarks/timex.py [--no-peers] [--mb 5]

Prints, on our gold set (benchmarks/gold/timex_gold.tsv over ../shared/data/unc_dantri, DATE
expressions, reference day = publication date): span F1 (exact span) and value F1 (exact span
and value); the recall of BKEE's date-like TIME spans (../shared/data/bkee; a span counts as
found when a predicted expression overlaps it, and exactly); and speed in MB of text a second
on VietNews text, on one core.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

from biennien.timex import tag  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold"
Item = tuple[int, int, str]  # start, end, value
Tagger = Callable[[str, dt.date | None], list[Item]]


def biennien_tagger(text: str, dct: dt.date | None) -> list[Item]:
    return [(t.start, t.end, t.value) for t in tag(text, dct) if t.type == "DATE"]


def dateparser_tagger() -> Tagger | None:
    try:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates
    except ImportError:
        return None
    ddp = DateDataParser(languages=["vi"])

    def run(text: str, dct: dt.date | None) -> list[Item]:
        base = dt.datetime.combine(dct or dt.date.today(), dt.time(12))
        try:
            found = search_dates(text, languages=["vi"], settings={"RELATIVE_BASE": base}) or []
        except Exception:  # the peer's own failures count as finding nothing
            return []
        out, pos = [], 0
        for sub, when in found:
            start = text.find(sub, pos)
            if start == -1:
                continue
            pos = start + len(sub)
            period = "day"
            try:
                data = ddp.get_date_data(sub)
                period = data.period or "day"
            except Exception:
                pass
            value = {"year": f"{when.year:04d}", "month": f"{when.year:04d}-{when.month:02d}"}.get(
                period, when.date().isoformat()
            )
            out.append((start, pos, value))
        return out

    return run


def duckling_tagger() -> Tagger | None:
    try:
        import duckling
    except ImportError:
        return None
    duckling.init()
    tz = duckling.load_time_zones("/usr/share/zoneinfo")
    lang = duckling.parse_lang("VI")
    locale = duckling.parse_locale("VI_VN", duckling.default_locale_lang(lang))
    dims = duckling.parse_dimensions(["time"])

    def run(text: str, dct: dt.date | None) -> list[Item]:
        ref = dt.datetime.combine(dct or dt.date.today(), dt.time(12)).astimezone()
        when = duckling.parse_ref_time(tz, "Asia/Ho_Chi_Minh", int(ref.timestamp()))
        context = duckling.Context(when, locale)
        try:
            results = duckling.parse(text, context, dims, False)
        except Exception:
            return []
        out = []
        for r in results:
            v = r.get("value", {})
            when, grain = v.get("value"), v.get("grain", "day")
            if not when:
                continue
            y, mo, d = when[:4], when[5:7], when[8:10]
            value = {
                "year": y,
                "month": f"{y}-{mo}",
                "quarter": f"{y}-Q{(int(mo) + 2) // 3}",
                "week": when[:10],
            }.get(grain, f"{y}-{mo}-{d}")
            out.append((r["start"], r["end"], value))
        return out

    return run


def load_gold() -> tuple[list[tuple[str, dt.date, str]], dict[int, set[Item]]] | None:
    docs = corpora.unc_dantri()
    if docs is None:
        return None
    with open(GOLD / "timex_sentences.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    sentences, index = [], {}
    for r in rows:
        doc = docs[r["doc"]]
        index[(r["doc"], int(r["line"]))] = len(sentences)
        sentences.append((doc.lines[int(r["line"]) - 1], dt.date.fromisoformat(doc.date), r["doc"]))
    gold: dict[int, set[Item]] = {i: set() for i in range(len(sentences))}
    with open(GOLD / "timex_gold.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["type"] == "DATE":
                i = index[(r["doc"], int(r["line"]))]
                gold[i].add((int(r["start"]), int(r["end"]), r["value"]))
    return sentences, gold


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(tagger: Tagger, sentences, gold) -> dict[str, tuple[float, float, float]]:
    tp_span = tp_value = n_pred = n_gold = 0
    for i, (text, dct, _) in enumerate(sentences):
        pred = set(tagger(text, dct))
        g = gold[i]
        n_pred += len(pred)
        n_gold += len(g)
        g_spans = {(a, b) for a, b, _ in g}
        tp_span += len({(a, b) for a, b, _ in pred} & g_spans)
        tp_value += len(pred & g)
    return {"span": f1(tp_span, n_pred, n_gold), "value": f1(tp_value, n_pred, n_gold)}


# BKEE's TIME spans include durations ("2 năm"), frequencies ("mỗi ngày"), clock times and
# anaphora ("cùng ngày"). Date-like ones (TIMEX.md's DATE) name a calendar point or period: a
# day/month, a year, a named month, a relative day, a unit counted from now, a weekday, a
# quarter, Tết, a century or decade, or "N units ago/ahead".
DATE_LIKE = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}|\b(1[5-9]|20)\d\d\b|\btháng\s+(\d|giêng|chạp|hai|ba|tư|"
    r"năm|sáu|bảy|tám|chín|mười)|\bhôm\s+(nay|qua|kia)|\bngày\s+(mai|kia)|"
    r"\b(năm|tháng|tuần|quý)\s+(nay|này|ngoái|trước|tới|sau|qua)\b|"
    r"\b(sáng|trưa|chiều|tối|đêm)\s+(nay|qua|mai)\b|\bthứ\s+(hai|ba|tư|năm|sáu|bảy|\d)|"
    r"chủ nhật|\bquý\b|\btết\b|thế kỷ|thập niên|cách đây|"
    r"\b(\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(ngày|tuần|tháng|năm)\s+(trước|tới|nữa)\b",
    re.IGNORECASE,
)
NOT_DATE = re.compile(r"^(mỗi|hàng|hằng)\b", re.IGNORECASE)


def bkee_spans() -> list[tuple[str, list[tuple[int, int]]]] | None:
    path = corpora.DATA / "bkee" / "data.tar.gz"
    if not path.exists():
        return None
    texts: dict[str, str] = {}
    anns: dict[str, list[tuple[int, int]]] = {}
    with tarfile.open(path) as tar:
        for member in tar:
            if not member.isfile():
                continue
            stem, _, ext = member.name.rpartition(".")
            if ext not in ("txt", "ann"):
                continue
            raw = tar.extractfile(member).read().decode("utf-8")
            if ext == "txt":
                texts[stem] = raw.replace("_", " ")
            elif ext == "ann":
                spans = []
                for line in raw.splitlines():
                    parts = line.split("\t")
                    if len(parts) >= 3 and parts[1].startswith("TIME "):
                        if ";" in parts[1]:
                            continue
                        _, a, b = parts[1].split()
                        span_text = parts[2].replace("_", " ")
                        if DATE_LIKE.search(span_text) and not NOT_DATE.search(span_text):
                            spans.append((int(a), int(b)))
                anns[stem] = spans
    return [(texts[s], anns.get(s, [])) for s in sorted(texts)]


def bkee_recall(docs) -> tuple[float, float, int]:
    found_overlap = found_exact = total = 0
    for text, spans in docs:
        pred = [(t.start, t.end) for t in tag(text, None)]
        for a, b in spans:
            total += 1
            if any(x < b and a < y for x, y in pred):
                found_overlap += 1
            if (a, b) in pred:
                found_exact += 1
    return found_overlap / max(total, 1), found_exact / max(total, 1), total


def speed(megabytes: float) -> tuple[float, float] | None:
    texts = corpora.vietnews_texts()
    if texts is None:
        return None
    buf, size = [], 0
    for _name, title, text in texts:
        for line in (title, *text.split("\n")):
            buf.append(line)
            size += len(line.encode("utf-8"))
        if size >= megabytes * 1e6:
            break
    start = time.perf_counter()
    n = 0
    for line in buf:
        n += len(tag(line, dt.date(2019, 1, 1)))
    secs = time.perf_counter() - start
    return size / 1e6 / secs, n / secs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-peers", action="store_true", help="biennien only")
    parser.add_argument("--mb", type=float, default=5.0, help="MB of VietNews text for speed")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')}, one core")
    loaded = load_gold()
    if loaded is None:
        print("unc_dantri absent: gold scores skipped")
    else:
        sentences, gold = loaded
        n_gold = sum(len(g) for g in gold.values())
        print(f"gold: {len(sentences)} sentences, {n_gold} DATE expressions")
        taggers: list[tuple[str, Tagger | None]] = [("biennien", biennien_tagger)]
        if not args.no_peers:
            taggers += [("dateparser", dateparser_tagger()), ("duckling", duckling_tagger())]
        print(
            f"{'tagger':<11} {'span P':>7} {'span R':>7} {'span F1':>8} "
            f"{'value P':>8} {'value R':>8} {'value F1':>9}"
        )
        for name, tagger in taggers:
            if tagger is None:
                print(f"{name:<11} not installed")
                continue
            s = score(tagger, sentences, gold)
            print(
                f"{name:<11} {s['span'][0]:7.3f} {s['span'][1]:7.3f} {s['span'][2]:8.3f} "
                f"{s['value'][0]:8.3f} {s['value'][1]:8.3f} {s['value'][2]:9.3f}"
            )
    docs = bkee_spans()
    if docs is None:
        print("bkee absent: span recall skipped")
    else:
        overlap, exact, total = bkee_recall(docs)
        print(
            f"BKEE date-like TIME spans: {total}; recall (overlap) {overlap:.3f}, "
            f"recall (exact span) {exact:.3f}"
        )
    sp = speed(args.mb)
    if sp is None:
        print("vietnews absent: speed skipped")
    else:
        print(f"speed: {sp[0]:.2f} MB/s ({sp[1]:,.0f} expressions/s) on one core")


if __name__ == "__main__":
    main()
