"""Folding for search: lower case, no diacritics, "đ" as "d", one character for one, so that
positions in the folded text are positions in the original ("trieu tien" finds "Triều Tiên")."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if len(base.lower()) == 1 else ch.lower()[:1] or ch


def fold(text: str) -> str:
    """``text`` folded for search; the result has the same length as ``text``."""
    return "".join(_fold_char(ch) for ch in text)
