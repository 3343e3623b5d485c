"""From a pattern match to TIMEX3 values, relative to the reference day (publication date).

Each function takes the match and its context and returns the expressions it denotes (a
range gives two), or nothing when the match is not a time expression after all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from biennien.timex.lunar import lunar_to_solar, tet
from biennien.timex.rules import key, word_regex, words

FUTURE_WEIGHT = 2  # with no tense cue, a future candidate counts as this many times farther


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class Context:
    text: str
    dct: dt.date | None


# -- helpers -----------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total += -v if v < prev else v
        prev = max(prev, v)
    return total or None


def number(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    if text.isdigit():
        return int(text)
    v = words().value("NUMWORD", text)
    return int(v) if v and v.isdigit() else None


def month_number(m: re.Match[str]) -> int | None:
    if m.groupdict().get("m"):
        return int(m.group("m"))
    name = m.groupdict().get("mn")
    if name:
        # "tháng năm" in lower case is "months and years", not May.
        if not name[0].isupper() and key(name) == "năm":
            return None
        v = words().value("MONTHNAME", name)
        return int(v) if v else None
    return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    ends = [i for i in (text.find(ch, end) for ch in ".!?\n") if i != -1]
    return a, (min(ends) if ends else len(text))


def tense(ctx: Context, start: int, end: int) -> str | None:
    """'future', 'past' or None: the tense cue nearest to the expression in its sentence."""
    a, b = _sentence_bounds(ctx.text, start, end)
    best: tuple[int, str] | None = None
    for cls, label in (("FUTURE", "future"), ("PAST", "past")):
        for m in word_regex(cls).finditer(ctx.text, a, b):
            if start <= m.start() < end:
                continue
            dist = start - m.end() if m.end() <= start else m.start() - end
            if best is None or dist < best[0]:
                best = (dist, label)
    return best[1] if best else None


def tail_tense(m: re.Match[str]) -> str | None:
    tail = m.groupdict().get("tail")
    if not tail:
        return None
    v = words().value("DATETAIL", tail)
    return {"past": "past", "future": "future"}.get(v or "")


MAX_CUE_DAYS = 180  # a tense cue is not followed beyond this many days from the reference


def _pick(
    candidates: list[tuple[int, object]], ref: int, cue: str | None, days_per_unit: int = 1
) -> object:
    """Choose among (ordinal, value) candidates around the reference ordinal ``ref``.

    A future cue takes the next occurrence, a past cue the most recent one, unless that is
    more than MAX_CUE_DAYS away (the cue then belongs to another part of the sentence);
    otherwise the nearest, a future one counting FUTURE_WEIGHT times its distance.
    """
    limit = MAX_CUE_DAYS / days_per_unit
    if cue == "future":
        ahead = [c for c in candidates if c[0] >= ref]
        if ahead:
            best = min(ahead, key=lambda c: c[0])
            if best[0] - ref <= limit:
                return best[1]
    if cue == "past":
        behind = [c for c in candidates if c[0] <= ref]
        if behind:
            best = max(behind, key=lambda c: c[0])
            if ref - best[0] <= limit:
                return best[1]

    def cost(c: tuple[int, object]) -> int:
        return (c[0] - ref) * FUTURE_WEIGHT if c[0] > ref else ref - c[0]

    return min(candidates, key=cost)[1]


def day_month_value(d: int, mo: int, ctx: Context, cue: str | None) -> str | None:
    """A day and month without a year, placed by the reference day and the tense."""
    if ctx.dct is None:
        try:
            dt.date(2000, mo, d)  # a leap year: 29/2 exists
        except ValueError:
            return None
        return f"XXXX-{mo:02d}-{d:02d}"
    candidates = []
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            continue
        candidates.append((day.toordinal(), day))
    if not candidates:
        return None
    chosen = _pick(candidates, ctx.dct.toordinal(), cue)
    return chosen.isoformat()


def month_value(mo: int, ctx: Context, cue: str | None) -> str:
    if ctx.dct is None:
        return f"XXXX-{mo:02d}"
    ref = ctx.dct.year * 12 + ctx.dct.month - 1
    candidates = [(y * 12 + mo - 1, y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    return f"{_pick(candidates, ref, cue, days_per_unit=30)}-{mo:02d}"


def full_date(d: int, mo: int, y: int) -> str | None:
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def rel_year(phrase: str | None, ctx: Context) -> int | None | str:
    """The year named by "nay", "ngoái", "tới"...: an int, 'X' when the reference is unknown."""
    if not phrase:
        return None
    offset = int(words().value("UNITDIR", phrase) or 0)
    return "X" if ctx.dct is None else ctx.dct.year + offset


def iso_week(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def mod_of(m: re.Match[str]) -> str | None:
    mod = m.groupdict().get("mod")
    return words().value("MOD", mod) if mod else None


_CLAUSE_END = re.compile(r".*[.!?;:]\s", re.S)


def _before(ctx: Context, start: int, n: int = 3) -> str:
    """The last ``n`` words before ``start`` within its sentence."""
    window = ctx.text[max(0, start - 40) : start]
    m = _CLAUSE_END.match(window)
    if m:
        window = window[m.end() :]
    return " ".join(window.split()[-n:])


def _after(ctx: Context, end: int, n: int = 2) -> str:
    return " ".join(ctx.text[end : end + 40].split()[:n])


def _preceded_by(ctx: Context, start: int, cls: str) -> bool:
    before = _before(ctx, start, 4).casefold()
    words_before = [w for w in (w.strip('("“,') for w in before.split()) if w]
    return any(
        words().has(cls, " ".join(words_before[-k:])) for k in range(1, len(words_before) + 1)
    )


def _followed_by(ctx: Context, end: int, cls: str) -> bool:
    """Whether the next words (not across punctuation) are a phrase of ``cls``; a phrase
    written in lower case only matches lower case ("ha" the unit, not "HA" the club)."""
    after = ctx.text[end : end + 40]
    if not after[:1].isspace():
        return False
    parts = after.split()[:2]
    for k in range(1, len(parts) + 1):
        phrase = " ".join(parts[:k])
        if phrase and not phrase[-1].isalnum() and phrase[-1] not in "%²":
            phrase = phrase.rstrip(',.;:()"“”!?')
        value_key = key(phrase)
        if value_key in words().values.get(cls, {}):
            written = next(p for p in words().phrases[cls] if key(p) == value_key)
            if written != written.lower() or phrase == phrase.lower():
                return True
    return False


# -- normalisers -----------------------------------------------------------------------------


def _span(m: re.Match[str], group: str | None = None) -> tuple[int, int]:
    return (m.start(group), m.end(group)) if group else (m.start(), m.end())


def n_time(m: re.Match[str], ctx: Context) -> list[Found]:
    hour = int(m.group("h"))
    minute = int(m.group("min") or 0)
    day = _day_of(m, ctx)
    if day is None:
        return []
    return [Found(*_span(m), "TIME", f"{day}T{hour:02d}:{minute:02d}")]


def _day_of(m: re.Match[str], ctx: Context) -> str | None:
    g = m.groupdict()
    if g.get("d"):
        d, mo = int(g["d"]), int(g["m"])
        if g.get("y"):
            return full_date(d, mo, int(g["y"]))
        return day_month_value(d, mo, ctx, tense(ctx, m.start(), m.end()))
    rel = g.get("rel")
    if rel:
        offset = words().value("RELDAY", rel) or words().value("PODREL", rel)
        if offset is None:
            return None
        if ctx.dct is None:
            return "XXXX-XX-XX"
        return (ctx.dct + dt.timedelta(days=int(offset))).isoformat()
    return None


def n_date(m: re.Match[str], ctx: Context) -> list[Found]:
    value = full_date(int(m.group("d")), int(m.group("m")), int(m.group("y")))
    return [Found(*_span(m), "DATE", value)] if value else []


def _plausible_bare_daymonth(m: re.Match[str], ctx: Context, start: int, end: int) -> bool:
    """A d/m with no trigger word: not a fraction, score, ratio or address."""
    sep = m.groupdict().get("sep") or "/"
    if sep == ".":
        return False
    if _preceded_by(ctx, start, "NOTDATEBEFORE") or _followed_by(ctx, end, "NOTDATEAFTER"):
        return False
    if _followed_by(ctx, end, "COUNTNOUN"):
        return False
    text = ctx.text[start:end]
    if text in ("24/7", "24-7"):
        return False
    if sep == "-":
        if re.match(r"-\d", ctx.text[end : end + 2]):
            return False  # a formation or a series: "4-2-3-1"
        before = _before(ctx, start, 1).casefold()
        if before in {"vào", "từ", "đến", "tới", "trước", "sau", "hết", "ngày", "hôm"}:
            return True
        # A date set off in a list or in brackets, "(Indonesia, 26-10)", "(28-10)", when it
        # falls within two months of the reference day (a score such as "(2-1)" rarely does).
        prev = ctx.text[:start].rstrip()[-1:]
        if prev not in ("(", ",") or ctx.text[end : end + 1] not in (")", ",", ";"):
            return False
        if ctx.dct is None:
            return False
        value = day_month_value(int(m.group("d")), int(m.group("m")), ctx, None)
        near = value and abs(dt.date.fromisoformat(value).toordinal() - ctx.dct.toordinal()) <= 60
        return bool(near)
    return True


def n_daymonth(m: re.Match[str], ctx: Context) -> list[Found]:
    g = m.groupdict()
    d, mo = int(g["d"]), int(g["m"])
    start, end = _span(m)
    if not g.get("trig") and not g.get("pod") and not g.get("tail"):
        if not _plausible_bare_daymonth(m, ctx, start, end):
            return []
    cue = tail_tense(m) or tense(ctx, start, end)
    value = day_month_value(d, mo, ctx, cue)
    return [Found(start, end, "DATE", value)] if value else []


def _range_joined(m: re.Match[str], ctx: Context) -> bool:
    """Whether a range written with "-" or "." inside its dates is one: "từ" before it or
    "đến"/"tới" between its ends (a score or a formation has neither)."""
    if _followed_by(ctx, m.end(), "NOTDATEAFTER") or _followed_by(ctx, m.end(), "COUNTNOUN"):
        return False  # "từ 1.2 đến 3.4 điểm"
    if ctx.text[m.end() : m.end() + 1] == "%":
        return False
    if m.group("sep") == "/":
        return True
    joined = key(m.group("conn")) in ("đến", "tới")
    after_from = _before(ctx, m.start(), 1).casefold() == "từ"
    if m.group("sep") == ".":
        return joined and after_from  # "từ 25.10 đến 3.11", never "1.2-3.4"
    return joined or after_from


def n_dayrange(m: re.Match[str], ctx: Context) -> list[Found]:
    if not _range_joined(m, ctx):
        return []
    mo = int(m.group("m"))
    y = m.group("y")
    second_day = int(m.group("d"))
    first_text = m.group("first")
    first_day = int(re.sub(r"\D", "", first_text))
    if first_day >= second_day:
        return []
    out = []
    for day, span in ((first_day, _span(m, "first")), (second_day, _span(m, "second"))):
        if y:
            value = full_date(day, mo, int(y))
        else:
            value = day_month_value(day, mo, ctx, tense(ctx, m.start(), m.end()))
        if value is None:
            return []
        out.append(Found(*span, "DATE", value))
    return out


MAX_RANGE_DAYS = 92  # two days with their months further apart are not read as a range


def n_daymonthrange(m: re.Match[str], ctx: Context) -> list[Found]:
    """Two days with their months: the first placed by the tense (or by the second's year),
    the second the first occurrence of its day on or after the first."""
    if not _range_joined(m, ctx):
        return []
    d1, m1, d2, m2 = (int(m.group(g)) for g in ("d1", "m1", "d", "m"))
    y = m.group("y")
    if y:
        second = full_date(d2, m2, int(y))
        first = full_date(d1, m1, int(y) - ((m1, d1) > (m2, d2)))
    else:
        first = day_month_value(d1, m1, ctx, tense(ctx, m.start(), m.end()))
        second = None
        if first is not None:
            if first.startswith("X"):
                second = day_month_value(d2, m2, ctx, None)
            else:
                year = int(first[:4]) + ((m1, d1) > (m2, d2))
                second = full_date(d2, m2, year)
    if first is None or second is None:
        return []
    if "X" not in first + second:
        gap = dt.date.fromisoformat(second).toordinal() - dt.date.fromisoformat(first).toordinal()
        if not 0 < gap <= MAX_RANGE_DAYS:
            return []
    start = Found(*_span(m, "first"), "DATE", first)
    if m.group("h"):
        clock = f"T{int(m.group('h')):02d}:{int(m.group('min') or 0):02d}"
        start = Found(*_span(m, "first"), "TIME", first + clock)
    return [start, Found(*_span(m, "second"), "DATE", second)]


def n_daylist(m: re.Match[str], ctx: Context) -> list[Found]:
    mo = int(m.group("m"))
    y = m.group("y")
    cue = tense(ctx, m.start(), m.end())
    out = []
    spans = [
        (int(x.group()), m.start("list") + x.start(), m.start("list") + x.end())
        for x in re.finditer(r"\d+", m.group("list"))
    ]
    spans.append((int(m.group("d")), *_span(m, "last")))
    for day, a, b in spans:
        value = full_date(day, mo, int(y)) if y else day_month_value(day, mo, ctx, cue)
        if value is None:
            return []
        out.append(Found(a, b, "DATE", value))
    return out


def n_weekday(m: re.Match[str], ctx: Context) -> list[Found]:
    g = m.groupdict()
    wd_text = g["wd"]
    iso = int(words().value("WEEKDAY", wd_text) or 0)
    last = wd_text.split()[-1]
    has_context = bool(g.get("pod") or g.get("trig") or g.get("week") or g.get("d") or g.get("d2"))
    if not has_context:
        if last.isdigit() or not (last[0].isupper() or key(wd_text).startswith("chủ")):
            return []
        if _preceded_by(ctx, m.start(), "NOTDATEBEFORE"):
            return []
    before = _before(ctx, m.start(), 2).casefold()
    if before.endswith(("lần", "hạng", "vị trí", "người", "giải", "đứng")):
        return []
    after = _after(ctx, m.end(), 2).casefold()
    if after.startswith(("liên tiếp", "liền", "trong", "của", "thế giới")):
        return []
    if last.isdigit() and not (g.get("d") or g.get("d2") or g.get("week") or g.get("pod")):
        return []  # "ngày thứ 2" is "the second day"; the weekday is written "thứ Hai"
    d, mo, y = g.get("d") or g.get("d2"), g.get("m") or g.get("m2"), g.get("y") or g.get("y2")
    span = _span(m)
    if d:
        if y:
            value = full_date(int(d), int(mo), int(y))
        else:
            value = day_month_value(int(d), int(mo), ctx, tense(ctx, *span))
        return [Found(*span, "DATE", value)] if value else []
    if ctx.dct is None:
        return [Found(*span, "DATE", f"XXXX-WXX-{iso}")]
    week = g.get("week")
    if week:
        offset = int(words().value("UNITDIR", week.split(None, 1)[1]) or 0)
        monday = ctx.dct - dt.timedelta(days=ctx.dct.isoweekday() - 1) + dt.timedelta(weeks=offset)
        return [Found(*span, "DATE", (monday + dt.timedelta(days=iso - 1)).isoformat())]
    cue = tense(ctx, *span)
    delta = iso - ctx.dct.isoweekday()
    if cue == "future":
        day = ctx.dct + dt.timedelta(days=delta % 7)
    else:
        day = ctx.dct - dt.timedelta(days=(-delta) % 7)
    return [Found(*span, "DATE", day.isoformat())]


def n_monthyear(m: re.Match[str], ctx: Context) -> list[Found]:
    mo = month_number(m)
    if mo is None:
        return []
    return [Found(*_span(m), "DATE", f"{int(m.group('y')):04d}-{mo:02d}", mod_of(m))]


def n_monthrange(m: re.Match[str], ctx: Context) -> list[Found]:
    first = int(re.sub(r"\D", "", m.group("first")))
    second, y = int(m.group("m")), int(m.group("y"))
    if first >= second:
        return []
    return [
        Found(*_span(m, "first"), "DATE", f"{y:04d}-{first:02d}"),
        Found(*_span(m, "second"), "DATE", f"{y:04d}-{second:02d}"),
    ]


def habitual(ctx: Context, end: int) -> bool:
    """Whether the expression ending at ``end`` is followed by "hàng năm" and the like."""
    return _followed_by(ctx, end, "HABITUAL")


def n_month(m: re.Match[str], ctx: Context) -> list[Found]:
    mo = month_number(m)
    if mo is None:
        return []
    g = m.groupdict()
    if g.get("rely"):
        y = rel_year(g["rely"], ctx)
        return [Found(*_span(m), "DATE", f"{'XXXX' if y == 'X' else y}-{mo:02d}", mod_of(m))]
    cue = tail_tense(m) or tense(ctx, m.start(), m.end())
    if g.get("tail") and words().value("DATETAIL", g["tail"]) == "now" and ctx.dct:
        cue = None
    return [Found(*_span(m), "DATE", month_value(mo, ctx, cue), mod_of(m))]


def n_year(m: re.Match[str], ctx: Context) -> list[Found]:
    y = int(m.group("y"))
    if y < 100:
        return []
    return [Found(*_span(m), "DATE", f"{y:04d}", mod_of(m))]


def n_bareyear(m: re.Match[str], ctx: Context) -> list[Found]:
    start, end = _span(m)
    if _followed_by(ctx, end, "COUNTNOUN") or _preceded_by(ctx, start, "NOTDATEBEFORE"):
        return []
    before = ctx.text[max(0, start - 2) : start]
    if before.endswith(("$", "€", "#", "+", "x ")):
        return []
    following = ctx.text[end : end + 12].split()[:1]
    if following and following[0][0].isupper() and any(c.isdigit() for c in following[0]):
        return []  # a code or a name: "2021 AF8"
    y = int(m.group("y"))
    if ctx.dct is not None and y > ctx.dct.year + 30:
        return []
    return [Found(start, end, "DATE", f"{y:04d}")]


def n_quarter(m: re.Match[str], ctx: Context) -> list[Found]:
    g = m.groupdict()
    q = int(g["q"]) if g["q"].isdigit() else roman(g["q"])
    if not q or q > 4:
        return []
    y: int | str | None
    if g.get("y") or g.get("y2"):
        y = int(g.get("y") or g.get("y2"))
    elif g.get("rely"):
        y = rel_year(g["rely"], ctx)
    elif ctx.dct is None:
        y = "X"
    else:
        y = ctx.dct.year
        ref_q = (ctx.dct.month - 1) // 3 + 1
        offset = int(words().value("UNITDIR", g["dir"]) or 0) if g.get("dir") else 0
        if offset > 0 and q <= ref_q:
            y += 1
        elif offset < 0 and q >= ref_q:
            y -= 1
    return [Found(*_span(m), "DATE", f"{'XXXX' if y == 'X' else y}-Q{q}", mod_of(m))]


def n_part(m: re.Match[str], ctx: Context) -> list[Found]:
    g = m.groupdict()
    if g.get("y"):
        y: int | str | None = int(g["y"])
    elif g.get("rely"):
        y = rel_year(g["rely"], ctx)
    else:
        y = "X" if ctx.dct is None else ctx.dct.year
    year = "XXXX" if y == "X" else str(y)
    n = number(g.get("n")) if g.get("n") else None
    unit = g.get("unit")
    part = key(g["part"])
    half = "H1" if part == "đầu" else "H2"
    if n is None and unit is None:
        return [Found(*_span(m), "DATE", f"{year}-{half}")]
    if (unit == "tháng" and n == 6) or (unit == "quý" and n == 2):
        return [Found(*_span(m), "DATE", f"{year}-{half}")]
    return [Found(*_span(m), "DATE", year, "START" if part == "đầu" else "END")]


def _unit_value(unit: str, dct: dt.date | None, offset: int) -> str | None:
    u = {"tuần": "W", "tháng": "M", "năm": "Y", "quý": "Q", "ngày": "D"}.get(key(unit))
    if u is None:
        u = "DE" if key(unit).startswith("thập") else "CE"
    if dct is None:
        return {
            "D": "XXXX-XX-XX",
            "W": "XXXX-WXX",
            "M": "XXXX-XX",
            "Y": "XXXX",
            "Q": "XXXX-QX",
            "DE": "XXX",
            "CE": "XX",
        }[u]
    if u == "D":
        return (dct + dt.timedelta(days=offset)).isoformat()
    if u == "W":
        return iso_week(dct + dt.timedelta(weeks=offset))
    if u == "M":
        y, mo = shift_months(dct, offset)
        return f"{y:04d}-{mo:02d}"
    if u == "Q":
        index = dct.year * 4 + (dct.month - 1) // 3 + offset
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if u == "Y":
        return f"{dct.year + offset:04d}"
    if u == "DE":
        return f"{dct.year // 10 + offset:03d}"
    return f"{dct.year // 100 + offset:02d}"


# Words before "năm qua", "tháng trước"... that make them vague or a duration.
_VAGUE_BEFORE = {
    "những",
    "nhiều",
    "các",
    "mấy",
    "vài",
    "mọi",
    "hàng",
    "từng",
    "mỗi",
    "suốt",
    "hơn",
    "gần",
    "một",
    "cả",
    "nửa",
    "triệu",
    "tỷ",
    "tỉ",
    "nghìn",
    "ngàn",
    "trăm",
    "chục",
    "vòng",
}
_NUMBER = re.compile(r"[\d.,]+")


def n_relunit(m: re.Match[str], ctx: Context) -> list[Found]:
    before = _before(ctx, m.start(), 1).casefold()
    if before in _VAGUE_BEFORE or _NUMBER.fullmatch(before) or words().has("NUMWORD", before):
        if not m.groupdict().get("mod"):
            return []
    offset = int(words().value("UNITDIR", m.group("dir")) or 0)
    value = _unit_value(m.group("unit"), ctx.dct, offset)
    return [Found(*_span(m), "DATE", value, mod_of(m))] if value else []


def n_modunit(m: re.Match[str], ctx: Context) -> list[Found]:
    value = _unit_value(m.group("unit"), ctx.dct, 0)
    return [Found(*_span(m), "DATE", value, mod_of(m))] if value else []


def n_ago(m: re.Match[str], ctx: Context) -> list[Found]:
    n = number(m.group("n"))
    if n is None:
        return []
    before = _before(ctx, m.start(), 1).casefold()
    if before in (_VAGUE_BEFORE - {"một"}) | {"trong", "sau", "khoảng"}:
        return []
    after = _after(ctx, m.end(), 1).casefold().rstrip(",.;:)")
    if after in ("đó", "khi", "kể"):
        return []
    direction = m.groupdict().get("dir")
    sign = int(words().value("AGODIR", direction) or -1) if direction else -1
    value = _unit_value(m.group("unit"), ctx.dct, sign * n)
    return [Found(*_span(m), "DATE", value)] if value else []


def _century_number(text: str, ctx: Context) -> int | None:
    k = key(text)
    if k == "trước":
        return None if ctx.dct is None else ctx.dct.year // 100
    if k == "này":
        return None if ctx.dct is None else ctx.dct.year // 100 + 1
    return int(text) if text.isdigit() else roman(text)


def n_decade(m: re.Match[str], ctx: Context) -> list[Found]:
    dec = m.group("dec")
    if len(dec) == 4:
        return [Found(*_span(m), "DATE", dec[:3])]
    cent_text = m.groupdict().get("cent")
    if cent_text:
        cent = _century_number(cent_text, ctx)
        if cent is None:
            return [Found(*_span(m), "DATE", "XX" + dec[0])]
        return [Found(*_span(m), "DATE", f"{cent - 1:02d}{dec[0]}")]
    if ctx.dct is None:
        return [Found(*_span(m), "DATE", "XX" + dec[0])]
    # The most recent decade with that number that has begun by the reference year.
    century = ctx.dct.year // 100
    if century * 100 + int(dec) > ctx.dct.year:
        century -= 1
    return [Found(*_span(m), "DATE", f"{century:02d}{dec[0]}")]


def n_century(m: re.Match[str], ctx: Context) -> list[Found]:
    cent = _century_number(m.group("cent"), ctx)
    if cent is None or cent == 0 or cent > 22:
        return []
    if m.groupdict().get("bc"):
        return [Found(*_span(m), "DATE", f"BC{cent - 1:02d}")]
    return [Found(*_span(m), "DATE", f"{cent - 1:02d}", mod_of(m))]


def n_bc(m: re.Match[str], ctx: Context) -> list[Found]:
    return [Found(*_span(m), "DATE", f"BC{int(m.group('y')):04d}")]


def n_season(m: re.Match[str], ctx: Context) -> list[Found]:
    code = words().value("SEASON", m.group("season"))
    g = m.groupdict()
    if g.get("y"):
        year: int | str | None = int(g["y"])
    else:
        rely = g["rely"]
        y = rel_year("nay" if key(rely) == "này" else rely, ctx)
        year = "XXXX" if y == "X" else y
    return [Found(*_span(m), "DATE", f"{year}-{code}")]


def _lunar_year(m: re.Match[str], ctx: Context, lunar_month: int, lunar_day: int) -> int | None:
    g = m.groupdict()
    if g.get("y"):
        return int(g["y"])
    if g.get("stem") and g.get("branch"):
        stem = int(words().value("STEM", g["stem"]) or 0)
        branch = int(words().value("BRANCH", g["branch"]) or 0)
        ref = ctx.dct.year if ctx.dct else None
        if ref is None:
            return None
        options = [
            y for y in range(ref - 60, ref + 61) if (y - 4) % 10 == stem and (y - 4) % 12 == branch
        ]
        return min(options, key=lambda y: abs(y - ref)) if options else None
    if ctx.dct is None:
        return None
    if g.get("rely"):
        y = rel_year("nay" if key(g["rely"]) in ("này", "qua") else g["rely"], ctx)
        return y if isinstance(y, int) else None
    # The nearest occurrence of that lunar day to the reference day.
    ref = ctx.dct.toordinal()
    candidates = []
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        day = lunar_to_solar(lunar_day, lunar_month, y)
        if day:
            candidates.append((day.toordinal(), y))
    return _pick(candidates, ref, tense(ctx, m.start(), m.end())) if candidates else None


def _lunar_found(m: re.Match[str], ctx: Context, lunar_day: int, lunar_month: int) -> list[Found]:
    y = _lunar_year(m, ctx, lunar_month, lunar_day)
    if y is None:
        return [Found(*_span(m), "DATE", "XXXX-XX-XX")]
    day = (
        tet(y) if (lunar_day, lunar_month) == (1, 1) else lunar_to_solar(lunar_day, lunar_month, y)
    )
    return [Found(*_span(m), "DATE", day.isoformat())] if day else []


def n_lunarfeast(m: re.Match[str], ctx: Context) -> list[Found]:
    feast = m.group("feast")
    if key(feast) == "tết" and not feast[0].isupper():
        return []
    value = words().value("LUNARFEAST", feast) or "1-1"
    mo, d = (int(x) for x in value.split("-"))
    return _lunar_found(m, ctx, d, mo)


def n_lunarday(m: re.Match[str], ctx: Context) -> list[Found]:
    d = number(m.group("d"))
    if not d or d > 30:
        return []
    return _lunar_found(m, ctx, d, 1)


def n_lunareve(m: re.Match[str], ctx: Context) -> list[Found]:
    """ "27 Tết": the 27th of the last lunar month, before the Tết that is meant."""
    d = int(m.group("d"))
    found = _lunar_found(m, ctx, 1, 1)
    if not found or found[0].value.startswith("X"):
        return [Found(*_span(m), "DATE", "XXXX-XX-XX")]
    new_year = dt.date.fromisoformat(found[0].value).year
    day = lunar_to_solar(d, 12, new_year - 1)
    return [Found(*_span(m), "DATE", day.isoformat())] if day else []


def n_lunardate(m: re.Match[str], ctx: Context) -> list[Found]:
    text = m.group("m")
    mo = {"giêng": 1, "chạp": 12}.get(key(text))
    if mo is None:
        mo = int(text) if text.isdigit() else int(words().value("MONTHNAME", text) or 0)
    if not mo:
        return []
    d = int(m.groupdict().get("d") or 15)
    return _lunar_found(m, ctx, d, mo)


def n_solarfeast(m: re.Match[str], ctx: Context) -> list[Found]:
    mo, d = (int(x) for x in (words().value("SOLARFEAST", m.group("feast")) or "1-1").split("-"))
    if m.groupdict().get("y"):
        return [Found(*_span(m), "DATE", f"{int(m.group('y')):04d}-{mo:02d}-{d:02d}")]
    value = day_month_value(d, mo, ctx, tense(ctx, m.start(), m.end()))
    return [Found(*_span(m), "DATE", value)] if value else []


def n_relday(m: re.Match[str], ctx: Context) -> list[Found]:
    g = m.groupdict()
    d, mo, y = g.get("d") or g.get("d2"), g.get("m") or g.get("m2"), g.get("y") or g.get("y2")
    if d:
        if y:
            value = full_date(int(d), int(mo), int(y))
        else:
            value = day_month_value(int(d), int(mo), ctx, "past")
            if ctx.dct is not None:
                offset = words().value("RELDAY", g["rel"]) or words().value("PODREL", g["rel"])
                expected = ctx.dct + dt.timedelta(days=int(offset or 0))
                value = day_month_value(int(d), int(mo), ctx, None)
                if expected.month == int(mo) and expected.day == int(d):
                    value = expected.isoformat()
        return [Found(*_span(m), "DATE", value)] if value else []
    day = _day_of(m, ctx)
    return [Found(*_span(m), "DATE", day)] if day else []


_PERIOD_UNIT = {
    "ngày": "D",
    "tuần": "W",
    "tháng": "M",
    "năm": "Y",
    "quý": "Q",
    "giờ": "H",
    "tiếng": "H",
    "phút": "M",
    "thập kỷ": "DE",
    "thập kỉ": "DE",
    "thập niên": "DE",
    "thế kỷ": "CE",
    "thế kỉ": "CE",
}


def _period(n: str, unit: str) -> str | None:
    u = _PERIOD_UNIT.get(key(unit))
    if u is None:
        return None
    amount = "X" if n == "X" else n
    if u in ("H",) or (u == "M" and key(unit) == "phút"):
        return f"PT{amount}{u}"
    if u == "Q":
        return f"P{amount}Q"
    return f"P{amount}{u}"


def n_duration(m: re.Match[str], ctx: Context) -> list[Found]:
    raw = m.group("n")
    if key(raw) == "nửa":
        n = "0.5"
    elif raw[0].isdigit():
        n = raw.replace(",", ".")
    else:
        value = words().value("NUMWORD", raw)
        if value is None:
            return []
        n = value
    value = _period(n, m.group("unit"))
    return [Found(*_span(m), "DURATION", value)] if value else []


def n_frequency(m: re.Match[str], ctx: Context) -> list[Found]:
    value = _period("1", m.group("unit"))
    return [Found(*_span(m), "SET", value)] if value else []


NORMALISERS: dict[str, Callable[[re.Match[str], Context], list[Found]]] = {
    "time": n_time,
    "date": n_date,
    "daymonth": n_daymonth,
    "dayrange": n_dayrange,
    "daymonthrange": n_daymonthrange,
    "daylist": n_daylist,
    "weekday": n_weekday,
    "monthyear": n_monthyear,
    "month": n_month,
    "monthrange": n_monthrange,
    "year": n_year,
    "bareyear": n_bareyear,
    "quarter": n_quarter,
    "part": n_part,
    "relday": n_relday,
    "relunit": n_relunit,
    "modunit": n_modunit,
    "ago": n_ago,
    "decade": n_decade,
    "century": n_century,
    "bc": n_bc,
    "season": n_season,
    "lunarfeast": n_lunarfeast,
    "lunarday": n_lunarday,
    "lunardate": n_lunardate,
    "lunareve": n_lunareve,
    "solarfeast": n_solarfeast,
    "duration": n_duration,
    "frequency": n_frequency,
}
