"""The quick forms of text helpers give what their plain definitions give, on any text:
space folding, tone-mark placement, quotation spans, and an article's identity text."""

import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from biennien.knowledge import fold_space
from biennien.model import Article
from biennien.pipeline import identity_text
from biennien.text.normalize import _toned, normalize, normalize_tones
from biennien.text.sentences import _CLOSERS, _quoted_spans

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VOWELS = _toned("a") + _toned("e") + _toned("y") + _toned("A") + _toned("E") + _toned("Y")
pieces = st.sampled_from(
    list("uUoOqQyaeYAE" + VOWELS + 'hn1_ .,"“”«»\n\r\t\u00a0\u2003\u3000\x0b\x85\u2028')
    + ["\u0301", "\u0323", "oa", "thuy", "quy", "khoe", "hoa", "  ", " \t "]
)
texts = st.lists(pieces, max_size=40).map("".join)


@SETTINGS
@given(texts)
@example(" a \t b\u00a0\u00a0c\n\nd \x85 ")
def test_fold_space_collapses_every_run_of_whitespace(text: str) -> None:
    assert fold_space(text) == re.sub(r"\s+", " ", text).strip()


def _plain_tones(text: str) -> str:
    pair = re.compile(
        "(?<![qQ])([uU])([" + _toned("y") + _toned("Y") + "])(?![^\\W\\d_])"
        "|([oO])([" + _toned("a") + _toned("e") + _toned("A") + _toned("E") + "])(?![^\\W\\d_])"
    )

    def move(m: re.Match[str]) -> str:
        first = m.group(1) or m.group(3)
        second = m.group(2) or m.group(4)
        base, *marks = unicodedata.normalize("NFD", second)
        return unicodedata.normalize("NFC", first + "".join(marks)) + base

    return pair.sub(move, text)


@SETTINGS
@given(texts)
@example("hoà thuỷ quý khoẻ uà oỳ Quý QUỶ")
def test_tone_marks_move_as_the_plain_pattern_moves_them(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert normalize_tones(text) == _plain_tones(text)


def _plain_quoted(text: str) -> list[tuple[int, int]]:
    spans, i = [], 0
    while i < len(text):
        closers = _CLOSERS.get(text[i])
        if closers:
            ends = [j for j in (text.find(c, i + 1) for c in closers) if j != -1]
            if ends:
                j = min(ends)
                if text[i] == '"' or text.find(text[i], i + 1, j) == -1:
                    spans.append((i, j))
                    i = j + 1
                    continue
        i += 1
    return spans


@SETTINGS
@given(texts)
@example('a “b “c” d" «e» "f')
def test_quoted_spans_are_found_as_a_character_by_character_scan_finds_them(text: str) -> None:
    assert _quoted_spans(text) == _plain_quoted(text)


@SETTINGS
@given(st.one_of(st.none(), texts), texts)
@example("Tiêu đề\r", "\u0301x hoà\r\nb")
def test_identity_text_is_that_of_title_and_text_normalised_together(
    title: str | None, text: str
) -> None:
    article = Article(text=text, source="x", title=title)
    assert identity_text(article) == fold_space(normalize(f"{title or ''}\n{text}"))
