"""Unicode normalisation of Vietnamese text: NFC, one tone-mark placement, tidy whitespace.

Tone-mark policy: in the open syllables "oa", "oe" and "uy" (nothing after the second vowel)
the tone mark sits on the first vowel, as most Vietnamese news sites write them: "hòa",
"khỏe", "thủy" (never "hoà", "khoẻ", "thuỷ"). "quý" keeps its mark on "y", since "qu" is one
consonant. Syllables with a final letter ("hoàng", "thuyết") are the same in both styles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def _toned(base: str) -> str:
    return "".join(unicodedata.normalize("NFC", base + t) for t in _TONES)


_AFTER_U = frozenset(_toned("y") + _toned("Y"))
_AFTER_O = frozenset(_toned("a") + _toned("e") + _toned("A") + _toned("E"))
# "u" + a toned "y" (not after "q"), "o" + a toned "a" or "e", at the end of a word. Found as
# any of the four letters before any of those vowels (``re`` looks for the letters quickly),
# then checked in _move_tone; what fails is left as it was.
_PAIR = re.compile("[uUoO][" + "".join(sorted(_AFTER_U | _AFTER_O)) + "](?![^\\W\\d_])")


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group()
    if first in "uU":
        if second not in _AFTER_U or (m.start() and m.string[m.start() - 1] in "qQ"):
            return m.group()
    elif second not in _AFTER_O:
        return m.group()
    base, *marks = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + "".join(marks)) + base


# Zero-width and other invisible characters that pages leave in text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_tones(text: str) -> str:
    """Move tone marks of open "oa", "oe", "uy" syllables to the first vowel (text is NFC)."""
    return _PAIR.sub(_move_tone, text)


@lru_cache(maxsize=64)  # an article's text is normalised for cleaning and for its identity
def normalize(text: str) -> str:
    """NFC, one tone-mark placement, no invisible or control characters, single spaces.

    Line breaks are kept (they separate paragraphs); each line is stripped.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = normalize_tones(text)
    text = _HSPACE.sub(" ", text)  # horizontal space only: the same line by line
    return "\n".join(line.strip() for line in text.split("\n"))
