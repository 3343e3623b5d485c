"""Unicode and tone-mark normalisation."""

import unicodedata

import pytest

from biennien.text.normalize import normalize


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà bình", "hòa bình"),
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("khoẻ", "khỏe"),
        ("thuỷ điện", "thủy điện"),
        ("Thuỵ Sĩ", "Thụy Sĩ"),
        ("uỷ ban", "ủy ban"),
        ("xoá", "xóa"),
    ],
)
def test_open_syllables_take_the_mark_on_the_first_vowel(old: str, new: str) -> None:
    assert normalize(old) == new


@pytest.mark.parametrize("word", ["quý", "Quỷ", "hoàng", "thuyết", "toán", "hòa", "khuya"])
def test_other_syllables_are_left_alone(word: str) -> None:
    assert normalize(word) == word


def test_decomposed_input_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Cộng hoà Triều Tiên")
    assert normalize(decomposed) == "Cộng hòa Triều Tiên"


def test_invisible_characters_and_spaces_are_tidied() -> None:
    assert normalize("Hà\u200bNội\u00a0 \t mới\r\nDòng  hai ") == "HàNội mới\nDòng hai"


def test_normalize_is_idempotent() -> None:
    text = "Thuỷ  hoà\u00a0khoẻ\r\nquý"
    once = normalize(text)
    assert normalize(once) == once
