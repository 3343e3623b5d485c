"""Loading of the language knowledge kept in ``biennien/data``: one fact a line, ``#`` comments."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def lines(name: str) -> tuple[str, ...]:
    """The non-empty, non-comment lines of data file ``name``, stripped."""
    text = resources.files("biennien.data").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


class LineMatcher:
    """Whole-paragraph matcher built from a data file of plain lines and ``re:`` lines."""

    def __init__(self, name: str) -> None:
        literals: set[str] = set()
        patterns: list[str] = []
        for line in lines(name):
            if line.startswith("re:"):
                patterns.append(line[3:])
            else:
                literals.add(fold_space(line).casefold())
        self.literals = frozenset(literals)
        joined = "|".join(f"(?:{p})" for p in patterns)
        self.regex = re.compile(joined, re.IGNORECASE) if patterns else None

    def __call__(self, paragraph: str) -> bool:
        folded = fold_space(paragraph)
        if folded.casefold() in self.literals:
            return True
        return bool(self.regex and self.regex.fullmatch(folded))


# A run of whitespace that is not already one plain space (runs start with a whitespace
# character, which ``re`` looks for quickly).
_SPACE = re.compile(r"\s(?:(?<=[^\S ])|(?<= )\s)\s*")


def fold_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()
