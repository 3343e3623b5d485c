"""Exact shortcuts for matching the time-expression patterns quickly.

Python's ``re`` tries a pattern at every position of a text unless the pattern starts with a
character it can look for, which case-insensitive patterns that start with a boundary test
never do; and a case-insensitive alternation of words is slow to search for. Two shortcuts,
both giving exactly what the plain regular expressions give on texts written in a known
alphabet (Latin with Vietnamese letters, punctuation, symbols: ``Alphabet``), where what
case-insensitive matching does can be worked out in advance:

* an alternation of lower-case words (``Alternatives``) is searched for with ``in`` in the
  lower-cased text;
* a pattern is tried (``match`` at a position, which sees the text before it) only where a
  case-sensitive pattern found one of the characters its matches can start with, at a
  boundary (``Alphabet.starts``).

Texts with other characters are matched with the plain regular expressions.
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812
from re import _parser

# The alphabet shortcuts are exact on: Latin (Vietnamese included), combining marks,
# punctuation, symbols, arrows and shapes, CJK punctuation, variation selectors, emoji.
_RANGES = (
    (0x0000, 0x024F),
    (0x0300, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x2BFF),
    (0x3000, 0x303F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0x1F000, 0x1FAFF),
)
_DIGITS = frozenset("0123456789")
_ANY_DIGIT = "\x00"  # in prefixes: any digit
_LITERAL = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
BOUNDARY = r"(?<![\w/])(?<!\d[.,])"  # the {B} boundary every time-expression pattern opens with
_SHIFTED = r"(?<![\w/].)(?<!\d[.,].)"  # the same test, one character later


class Alphabet:
    """The characters on which the shortcuts are exact for patterns made of ``letters``
    (every literal character they contain): those whose lower case is one character, which
    match a letter ignoring case exactly when their lower case is that letter, and whose
    lower case is a digit, a word character, "/", "." or "," exactly when they are."""

    def __init__(self, letters: str) -> None:
        chars = "".join(chr(c) for a, b in _RANGES for c in range(a, b + 1))
        letters = "".join(sorted(set(letters + letters.lower() + "0123456789/.,")))
        cls = "[" + "".join(re.escape(c) for c in letters) + "]"
        related = set(re.findall(cls, chars, re.IGNORECASE))
        related.update(c for c in chars if c.lower() in letters)
        bad = {c for c in chars if len(c.lower()) != 1}
        for c in letters:
            if c == c.lower():
                same = {x for x in related if re.fullmatch(re.escape(c), x, re.IGNORECASE)}
                bad.update(x for x in related if (x in same) != (x.lower() == c))
        words = set(re.findall(r"\w", chars))
        digits = set(re.findall(r"\d", chars))
        for x in chars:
            low = x.lower()
            if (x in words) != (low in words) or (x in digits) != (low in _DIGITS):
                bad.add(x)
        known = "".join(re.escape(c) for c in chars if c not in bad)
        # Any character outside the alphabet: found fast (a set of characters).
        self.outside = re.compile(f"[^{known}]")

    @staticmethod
    def starts(pattern: str, depth: int = 4) -> re.Pattern[str] | None:
        """A case-sensitive pattern that matches, in the lower-cased text, the first
        character wherever a match of the case-insensitive ``pattern`` can start in a text
        of this alphabet (looking ahead for the first ``depth`` characters that matches can
        begin with). None where that is not known."""
        if not pattern.startswith(BOUNDARY):
            return None
        try:
            found = _prefixes(_parser.parse(pattern, re.IGNORECASE), depth)
        except _Unknown:
            return None
        if not found or any(not p for p, _ in found) or len(found) > 5000:
            return None
        by_first: dict[str, set[str]] = {}
        for p, _ in found:
            for first in "0123456789" if p[0] == _ANY_DIGIT else p[0]:
                by_first.setdefault(first, set()).add(p[1:])
        branches = []
        for first, rests in sorted(by_first.items()):
            if "" in rests:
                branches.append(re.escape(first) + _SHIFTED)
            else:
                ordered = sorted(rests, key=lambda r: (-len(r), r))
                ahead = "|".join(_render(r) for r in ordered)
                # (the boundary first: most letters are inside a word)
                branches.append(f"{re.escape(first)}{_SHIFTED}(?={ahead})")
        return re.compile("|".join(branches), re.DOTALL)


def _render(prefix: str) -> str:
    return "".join(r"\d" if c == _ANY_DIGIT else re.escape(c) for c in prefix)


class Alternatives:
    """A case-insensitive search for ``a|b|c``: substring tests in the lower-cased text for
    the alternatives that are lower-case words, a regular expression for the others."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern, re.IGNORECASE)
        words, rest = [], []
        for alt in pattern.split("|"):
            (words if _LITERAL.fullmatch(alt) and alt == alt.lower() else rest).append(alt)
        if any(c in alt for alt in rest for c in "()[]\\|") and not all(
            re.fullmatch(r"(?:\\d)+", alt) for alt in rest
        ):
            words, rest = [], [pattern]  # not a flat alternation: kept whole
        self.words = tuple(words)
        ordered = sorted(words, key=lambda w: (-len(w), w))
        self.in_lower = re.compile("|".join(re.escape(w) for w in ordered)) if words else None
        self.rest = re.compile("|".join(rest), re.IGNORECASE) if rest else None

    def search(self, text: str, low: str | None) -> bool:
        """Whether the pattern occurs in ``text``; ``low`` is ``text.lower()`` when ``text``
        is in the alphabet of the words, else None."""
        if self.rest is not None and self.rest.search(text):
            return True
        if not self.words:
            return False
        if low is None:
            return self.regex.search(text) is not None
        return self.in_lower.search(low) is not None


# -- the characters a pattern's matches can start with ----------------------------------------


class _Unknown(Exception):
    pass


_Prefixes = set[tuple[str, bool]]  # (lower-cased prefix, whether it is a whole match)


def _prefixes(items: _parser.SubPattern | list, depth: int) -> _Prefixes:
    """What the matches of a sequence can start with, lower-cased: prefixes of at most
    ``depth`` characters, each with whether it is a whole match (only then can what follows
    the sequence extend it). An empty, not whole prefix means "anything"."""
    out: _Prefixes = {("", True)}
    for op, av in items:
        if all(not whole or len(p) >= depth for p, whole in out):
            break
        nxt = _element(op, av, depth)
        joined: _Prefixes = set()
        for p, whole in out:
            if not whole or len(p) >= depth:
                joined.add((p, False))
                continue
            for q, qwhole in nxt:
                pq = p + q
                joined.add((pq[:depth], qwhole and len(pq) <= depth))
        out = joined
        if len(out) > 5000:
            raise _Unknown
    return {(p[:depth], whole and len(p) <= depth) for p, whole in out}


def _char(c: str) -> str:
    """A literal character as prefixes hold it: lower-cased, any digit for a digit."""
    return _ANY_DIGIT if c in _DIGITS else c.lower()


def _element(op: object, av: object, depth: int) -> _Prefixes:
    if op is C.LITERAL:
        return {(_char(chr(av)), True)}
    if op is C.IN:
        out: _Prefixes = set()
        for sop, sav in av:
            if sop is C.LITERAL:
                out.add((_char(chr(sav)), True))
            elif sop is C.RANGE:
                out.update((_char(chr(c)), True) for c in range(sav[0], sav[1] + 1))
            elif sop is C.CATEGORY and sav is C.CATEGORY_DIGIT:
                out.add((_ANY_DIGIT, True))
            else:
                return {("", False)}
        return out
    if op is C.BRANCH:
        return set().union(*(_prefixes(branch, depth) for branch in av[1]))
    if op is C.SUBPATTERN:
        if av[1] or av[2]:  # flags changed inside
            raise _Unknown
        return _prefixes(av[3], depth)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, high, item = av
        once = _prefixes(item, depth)
        out = {(p, whole and high == 1) for p, whole in once} if high >= 1 else set()
        if low == 0:
            out.add(("", True))
        return out
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
        return {("", True)}  # zero width: what follows starts the match
    return {("", False)}


def literal_chars(pattern: str) -> str:
    """Every literal character of a pattern (case ignored), for ``Alphabet``."""
    out: set[str] = set()

    def walk(items: _parser.SubPattern | list) -> None:
        for op, av in items:
            if op is C.LITERAL or op is C.NOT_LITERAL:
                out.add(chr(av))
            elif op is C.IN:
                for sop, sav in av:
                    if sop is C.LITERAL:
                        out.add(chr(sav))
                    elif sop is C.RANGE:
                        out.update(chr(c) for c in range(sav[0], sav[1] + 1))
            elif op is C.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op is C.SUBPATTERN:
                walk(av[3])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(av[1])
            elif op is C.ATOMIC_GROUP:
                walk(av)
            elif op is C.GROUPREF_EXISTS:
                walk(av[1])
                if av[2] is not None:
                    walk(av[2])

    walk(_parser.parse(pattern, re.IGNORECASE))
    return "".join(sorted(out))
