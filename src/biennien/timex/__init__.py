"""Vietnamese time expressions: find them and give each its TIMEX3 value relative to the
reference day (the article's publication date; unknown parts stay X when it is unknown).

Patterns and words live in ``data/timex_rules.txt`` and ``data/timex_words.txt``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from biennien.timex import rules
from biennien.timex.resolve import NORMALISERS, Context, Found, habitual


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


def tag(text: str, dct: dt.date | None = None) -> list[Timex]:
    """The time expressions of ``text``, in order, with values relative to ``dct``."""
    compiled = rules.compiled()
    # In the usual alphabet, word tests run in the lower-cased text and patterns are tried
    # only where a match can start (exactly what plain searches give: see timex/scan.py).
    plain = compiled.alphabet.outside.search(text) is None
    low = text.lower() if plain else None
    if not compiled.trigger.search(text, low):
        return []
    ctx = Context(text, dct)
    candidates: list[tuple[int, int, int, list[Found]]] = []
    starts: dict[re.Pattern[str], list[int]] = {}
    for needs, group in compiled.by_needs:
        if not needs.search(text, low):
            continue
        for rule in group:
            if plain and rule.starts is not None:
                at = starts.get(rule.starts)
                if at is None:
                    at = starts[rule.starts] = [m.start() for m in rule.starts.finditer(low)]
                if not at:
                    continue
                found_matches = _matches_at(rule.regex, text, at)
            else:
                found_matches = rule.regex.finditer(text)
            normalise = NORMALISERS[rule.kind]
            for m in found_matches:
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


def _matches_at(regex: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``regex.finditer(text)`` gives when matches can only start at ``starts``
    (ascending): the match at each start not inside the previous match."""
    out = []
    end = 0
    for p in starts:
        if p >= end:
            m = regex.match(text, p)
            if m:
                out.append(m)
                end = max(m.end(), p + 1)
    return out
