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


def fold(text: str) -> str:
    """``text`` folded for search; the result has the same length as ``text``."""
    out = text.translate(_table())
    if not _OUTSIDE.search(out):
        return out
    return "".join(_fold_char(ch) if _OUTSIDE.match(ch) else ch for ch in out)
