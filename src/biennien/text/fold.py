"""Folding for search: lower case, no diacritics, "đ" as "d", one character for one, so that
positions in the folded text are positions in the original ("trieu tien" finds "Triều Tiên")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch.lower()[:1] or ch


_RANGES = (range(0x3000), range(0xFF00, 0x10000))  # Latin, Greek, Cyrillic, …, full width
_OUTSIDE = re.compile("[\u3000-\ufeff\U00010000-\U0010ffff]")  # folded one at a time


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    return {cp: _fold_char(chr(cp)) for r in _RANGES for cp in r if 0xD800 > cp or cp > 0xDFFF}


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Each folded character and the characters that fold to it (itself among them)."""
    found: dict[str, set[str]] = {}
    for cp, folded in _table().items():
        found.setdefault(folded, {folded}).add(chr(cp))
    return {k: "".join(sorted(v)) for k, v in found.items()}


def _ranges(chars: str) -> str:
    """``chars`` (sorted) as the inside of a character class, runs of code points as ranges
    (a shorter pattern compiles faster)."""
    out, i = [], 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        a, b = re.escape(chars[i]), re.escape(chars[j])
        out.append(a if i == j else a + b if j == i + 1 else f"{a}-{b}")
        i = j + 1
    return "".join(out)


@lru_cache(maxsize=1024)
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds, in UNFOLDED text, each whole word whose folding is one of
    ``words`` (folded words): what ``(?<!\\w)(w1|w2|…)(?!\\w)`` finds in the folded text, at the
    same positions, without folding the text first."""
    variants = _variants()

    def alternatives(ch: str) -> str:
        chars = variants.get(ch, ch)
        return re.escape(chars) if len(chars) == 1 else "[" + _ranges(chars) + "]"

    body = "|".join("".join(alternatives(ch) for ch in word) for word in words)
    return re.compile(r"(?<!\w)(" + body + r")(?!\w)")


def fold(text: str) -> str:
    """``text`` folded for search; the result has the same length as ``text``."""
    out = text.translate(_table())
    if not _OUTSIDE.search(out):
        return out
    return "".join(_fold_char(ch) if _OUTSIDE.match(ch) else ch for ch in out)
