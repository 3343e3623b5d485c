"""Loading the time-expression knowledge: word classes (timex_words.txt) and patterns
(timex_rules.txt), with {MACRO} expansion into compiled regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from biennien.knowledge import fold_space, lines

FIXED_MACROS = {
    "D": r"(?:0?[1-9]|[12]\d|3[01])",
    "M": r"(?:0?[1-9]|1[0-2])",
    "Y": r"(?:1[0-9]\d\d|20\d\d)",
    # Not inside a word or a number (a decimal, a fraction, a document number).
    "B": r"(?<![\w/])(?<!\d[.,])",
    # Not followed by a word character, a slash, or a decimal part.
    "E": r"(?![\w/]|[.,]\d)",
}


def key(phrase: str) -> str:
    """The lookup form of a phrase: single spaces, case folded."""
    return fold_space(phrase).casefold()


@dataclass(frozen=True)
class Words:
    values: dict[str, dict[str, str]]  # class -> phrase key -> value
    phrases: dict[str, list[str]]  # class -> phrases as written, longest first

    def value(self, cls: str, phrase: str) -> str | None:
        return self.values.get(cls, {}).get(key(phrase))

    def has(self, cls: str, phrase: str) -> bool:
        return key(phrase) in self.values.get(cls, {})


@cache
def words() -> Words:
    values: dict[str, dict[str, str]] = {}
    phrases: dict[str, list[str]] = {}
    for line in lines("timex_words.txt"):
        parts = line.split("\t")
        cls, phrase = parts[0].strip(), parts[1].strip()
        value = parts[2].strip() if len(parts) > 2 else ""
        values.setdefault(cls, {})[key(phrase)] = value
        phrases.setdefault(cls, []).append(phrase)
    for cls in phrases:
        phrases[cls] = sorted(set(phrases[cls]), key=lambda p: (-len(p), p))
    return Words(values, phrases)


def _alternation(phrases: list[str]) -> str:
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


def expand(pattern: str) -> str:
    """Replace {MACRO}s in a pattern."""
    w = words()

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in FIXED_MACROS:
            return FIXED_MACROS[name]
        if name in w.phrases:
            return _alternation(w.phrases[name])
        raise ValueError(f"timex_rules.txt: unknown macro {{{name}}}")

    return re.sub(r"\{([A-Z]+)\}", sub, pattern)


@dataclass(frozen=True)
class Rule:
    kind: str
    needs: re.Pattern[str]
    regex: re.Pattern[str]
    order: int


@cache
def rules() -> tuple[Rule, ...]:
    out = []
    needs_cache: dict[str, re.Pattern[str]] = {}
    for i, line in enumerate(lines("timex_rules.txt")):
        kind, needs, pattern = (part.strip() for part in line.split("\t", 2))
        if needs not in needs_cache:
            needs_cache[needs] = re.compile(needs, re.IGNORECASE)
        regex = re.compile(expand(pattern), re.IGNORECASE)
        out.append(Rule(kind, needs_cache[needs], regex, i))
    return tuple(out)


@cache
def word_regex(cls: str) -> re.Pattern[str]:
    """Whole-word matcher for the phrases of one class (for context cues)."""
    return re.compile(r"(?<!\w)" + _alternation(words().phrases[cls]) + r"(?!\w)", re.IGNORECASE)
