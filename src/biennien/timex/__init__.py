"""Vietnamese time expressions: find them and give each its TIMEX3 value relative to the
reference day (the article's publication date; unknown parts stay X when it is unknown).

Patterns and words live in ``data/timex_rules.txt`` and ``data/timex_words.txt``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from biennien.timex.resolve import NORMALISERS, Context, Found, habitual
from biennien.timex.rules import rules


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str
    mod: str | None = None  # START, MID or END for "đầu", "giữa", "cuối"

    def as_dict(self) -> dict:
        out = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
        }
        if self.mod:
            out["mod"] = self.mod
        return out


@cache
def _trigger() -> re.Pattern[str]:
    # A cheap test: text without a digit or a time word has no time expression.
    words = (
        "hôm|ngày|tháng|năm|tuần|quý|qúy|quí|thứ|chủ nhật|sáng|trưa|chiều|tối|đêm|khuya|tết|"
        "rằm|mùng|mồng|thế k|thể k|thập|xuân|hè|thu|đông|noel|giáng sinh|trung thu|vu lan"
    )
    return re.compile(r"\d|" + words, re.IGNORECASE)


def tag(text: str, dct: dt.date | None = None) -> list[Timex]:
    """The time expressions of ``text``, in order, with values relative to ``dct``."""
    if not _trigger().search(text):
        return []
    ctx = Context(text, dct)
    candidates: list[tuple[int, int, int, list[Found]]] = []
    passed: dict[re.Pattern[str], bool] = {}
    for rule in rules():
        ok = passed.get(rule.needs)
        if ok is None:
            ok = passed[rule.needs] = rule.needs.search(text) is not None
        if not ok:
            continue
        normalise = NORMALISERS[rule.kind]
        for m in rule.regex.finditer(text):
            found = normalise(m, ctx)
            if found and (rule.kind == "frequency" or not habitual(ctx, m.end())):
                candidates.append((m.start(), m.end(), rule.order, found))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int]] = []
    chosen: list[Found] = []
    for start, end, _, found in candidates:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        chosen.extend(found)
    chosen.sort(key=lambda f: f.start)
    return [Timex(f.start, f.end, text[f.start : f.end], f.type, f.value, f.mod) for f in chosen]
