"""Sentence splitting for Vietnamese news paragraphs.

A sentence ends at ".", "!", "?" or an ellipsis (with any closing quotes or brackets),
followed by space and a capital letter, a digit or an opening quote. It does not end after an
abbreviation listed in ``data/abbreviations.txt`` ("TP.", "GS.TS.", "Q."), after an initial
("N. Hà"), or inside a short quotation (at most MAX_QUOTED sentences) that closes within the
paragraph; a longer quotation is split like running text, and a quotation opened again before it
closes ("nói: “… cho biết: “…”") counts as never closed. Numbers such as "1.116,6" or "19.5"
have no space after the stop and are never split.
"""

from __future__ import annotations

import re
from functools import cache

from biennien.knowledge import lines

_END = re.compile(r"(?:\.\.\.|…|[.!?])+[\"”’»)\]]*(?=\s+[\"“‘«(\[]?(\w))")
_CLOSERS = {'"': ('"', "”"), "“": ("”", '"'), "«": ("»",)}
_OPENER = re.compile('["“«]')
MAX_QUOTED = 3  # a quotation of more sentences than this is split at its sentence ends


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(lines("abbreviations.txt"))


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations that open and close within ``text`` (straight and curly quotes mix:
    a quotation opened with one may close with the other). A curly or angled quotation that
    opens again before it closes was never closed: the later one is the quotation."""
    spans: list[tuple[int, int]] = []
    i = 0
    while m := _OPENER.search(text, i):
        i = m.start()
        closers = _CLOSERS[text[i]]
        ends = [j for j in (text.find(c, i + 1) for c in closers) if j != -1]
        if ends:
            j = min(ends)
            reopened = text[i] != '"' and text.find(text[i], i + 1, j) != -1
            if not reopened:
                spans.append((i, j))
                i = j + 1
                continue
        i += 1
    return spans


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    start = stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start : stop + 1].lstrip("(\"“'‘")
    if token in _abbreviations():
        return True
    word = token[:-1]
    return len(word) == 1 and word.isupper()


def split_offsets(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``paragraph``, whitespace trimmed."""
    ends = [
        m
        for m in _END.finditer(paragraph)
        if (m.group(1).isupper() or m.group(1).isdigit())
        and not _is_abbreviation(paragraph, m.start())
    ]
    quoted = []
    for a, b in _quoted_spans(paragraph):
        inside = sum(1 for m in ends if a < m.start() and m.end() <= b)
        if inside < MAX_QUOTED:
            quoted.append((a, b))
    cuts = [0]
    for m in ends:
        if any(a < m.start() and m.end() <= b for a, b in quoted):
            continue
        cuts.append(m.end())
    cuts.append(len(paragraph))
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while a < b and paragraph[a].isspace():
            a += 1
        while b > a and paragraph[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def split(paragraph: str) -> list[str]:
    """The sentences of ``paragraph``."""
    return [paragraph[a:b] for a, b in split_offsets(paragraph)]
