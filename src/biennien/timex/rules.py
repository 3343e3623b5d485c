"""Loading the time-expression knowledge: word classes (timex_words.txt) and patterns
(timex_rules.txt), with {MACRO} expansion into compiled regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from biennien.knowledge import fold_space, lines
from biennien.timex.scan import BOUNDARY, Alphabet, Alternatives, literal_chars

FIXED_MACROS = {
    "D": r"(?:0?[1-9]|[12]\d|3[01])",
    "M": r"(?:0?[1-9]|1[0-2])",
    "Y": r"(?:1[0-9]\d\d|20\d\d)",
    # Not inside a word or a number (a decimal, a fraction, a document number).
    "B": BOUNDARY,
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


# A cheap test: text without a digit or a time word has no time expression.
TRIGGER = (
    r"\d|hôm|ngày|tháng|năm|tuần|quý|qúy|quí|thứ|chủ nhật|sáng|trưa|chiều|tối|đêm|khuya|tết|"
    "rằm|mùng|mồng|thế k|thể k|thập|xuân|hè|thu|đông|noel|giáng sinh|trung thu|vu lan"
)


@dataclass(frozen=True)
class Rule:
    kind: str
    needs: Alternatives  # a test every text with a match passes
    regex: re.Pattern[str]
    order: int
    starts: re.Pattern[str] | None  # where a match can start (see scan.Alphabet.starts)


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    trigger: Alternatives  # a test every text with a time expression passes
    alphabet: Alphabet  # the texts on which the shortcuts of scan.py are exact
    by_needs: tuple[tuple[Alternatives, tuple[Rule, ...]], ...]  # the rules, by their test


@cache
def compiled() -> Rules:
    parsed = []
    for i, line in enumerate(lines("timex_rules.txt")):
        kind, needs, pattern = (part.strip() for part in line.split("\t", 2))
        parsed.append((i, kind, needs, expand(pattern)))
    letters = literal_chars(TRIGGER) + "".join(
        literal_chars(needs) + literal_chars(pattern) for _, _, needs, pattern in parsed
    )
    alphabet = Alphabet(letters)
    out = []
    needs_cache: dict[str, Alternatives] = {}
    for i, kind, needs, pattern in parsed:
        if needs not in needs_cache:
            needs_cache[needs] = Alternatives(needs)
        regex = re.compile(pattern, re.IGNORECASE)
        out.append(Rule(kind, needs_cache[needs], regex, i, alphabet.starts(pattern)))
    groups: dict[int, tuple[Alternatives, list[Rule]]] = {}
    for rule in out:
        groups.setdefault(id(rule.needs), (rule.needs, []))[1].append(rule)
    by_needs = tuple((needs, tuple(group)) for needs, group in groups.values())
    return Rules(tuple(out), Alternatives(TRIGGER), alphabet, by_needs)


def rules() -> tuple[Rule, ...]:
    return compiled().rules


@cache
def word_regex(cls: str) -> re.Pattern[str]:
    """Whole-word matcher for the phrases of one class (for context cues)."""
    return re.compile(r"(?<!\w)" + _alternation(words().phrases[cls]) + r"(?!\w)", re.IGNORECASE)
