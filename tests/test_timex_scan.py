"""The time-expression shortcuts (timex/scan.py) give exactly what the plain case-insensitive
regular expressions give, on any text, including characters whose case is unusual."""

import copy
import dataclasses
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from biennien import timex
from biennien.timex import rules as timex_rules
from biennien.timex.scan import Alphabet, Alternatives

TOKENS = [
    "ngày", "Ngày", "NGÀY", "tháng", "Tháng", "năm", "Năm", "quý", "Qúy", "quí", "tuần",
    "hôm nay", "hôm qua", "sáng", "Sáng", "chiều", "tối", "đêm", "mai", "nay", "qua", "tới",
    "trước", "thứ Hai", "thứ 7", "Chủ nhật", "Tết", "tết", "rằm", "mùng", "âm lịch", "Giêng",
    "Chạp", "thế kỷ", "thập niên", "XX", "TCN", "Công nguyên", "hàng", "mỗi", "cách đây",
    "đầu", "cuối", "giữa", "xuân", "hè", "đông", "Noel", "giao thừa", "hai", "ba", "mười",
    "12", "5", "30", "2019", "1975", "08", "5/6", "12/3/2020", "25-27", "14h", "30'", "I",
    "IV", "nửa", "vài", "và", "từ", "đến",
]  # fmt: skip
ODD = ["ſ", "ı", "İ", "K", "Σ", "ς", "٣", "１", "\u0301", "Ǆ", "ǅ", "ẞ", "ß", "Ω", "µ"]
SEPARATORS = [" ", " ", " ", "  ", "/", ".", ",", "-", "–", "(", ")", "\n", ""]

texts = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.sampled_from(ODD), st.sampled_from(SEPARATORS)),
    max_size=40,
).map("".join)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plain_rules() -> timex_rules.Rules:
    """The compiled rules with the shortcuts switched off: every text outside the alphabet."""
    fast = timex_rules.compiled()
    everything = copy.copy(fast.alphabet)
    everything.outside = re.compile(r"[\s\S]")
    return dataclasses.replace(fast, alphabet=everything)


@SETTINGS
@given(texts)
@example("ſáng")  # long s: "sáng" ignoring case, not when lower-cased
@example("hôm nay (thứ Hai 5/6/2020)")
def test_rules_match_where_plain_search_does(text: str) -> None:
    compiled = timex_rules.compiled()
    plain = compiled.alphabet.outside.search(text) is None
    low = text.lower() if plain else None
    for rule in compiled.rules:
        assert rule.needs.search(text, low) == (rule.needs.regex.search(text) is not None)
        if not plain or rule.starts is None:
            continue
        at = [m.start() for m in rule.starts.finditer(low)]
        fast = [m.span() for m in timex._matches_at(rule.regex, text, at)]
        assert fast == [m.span() for m in rule.regex.finditer(text)], rule.kind
    assert compiled.trigger.search(text, low) == (compiled.trigger.regex.search(text) is not None)


@SETTINGS
@given(texts)
@example("ſáng mai")
@example("Sáng 14h30 ngày 5/6/2020, hôm qua (thứ Hai), Tết Canh Tý")
def test_tag_is_the_same_with_and_without_shortcuts(text: str) -> None:
    fast = timex.tag(text)
    original = timex_rules.compiled
    plain = _plain_rules()
    timex_rules.compiled = lambda: plain
    try:
        slow = timex.tag(text)
    finally:
        timex_rules.compiled = original
    assert fast == slow


def test_unusual_case_characters_are_outside_the_alphabet() -> None:
    alphabet = timex_rules.compiled().alphabet
    # long s matches "s" ignoring case, dotless i matches "i"; İ lower-cases to two characters
    for ch in "ſıİΣ":
        assert alphabet.outside.search(ch), ch
    for ch in "ngàyNGÀYđĐ0123456789 /.,-–()“”":
        assert not alphabet.outside.search(ch), ch


def test_shortcuts_are_used_on_ordinary_text() -> None:
    compiled = timex_rules.compiled()
    assert all(rule.starts is not None for rule in compiled.rules)
    assert not compiled.alphabet.outside.search("Sáng 5/6/2020, hôm qua (thứ Hai) – “Tết”")


def test_alternatives_split_words_from_patterns() -> None:
    alt = Alternatives(r"\d|một|cách đây")
    assert alt.words == ("một", "cách đây")
    assert alt.search("CÁCH ĐÂY", "cách đây")
    assert alt.search("7", "7")
    assert not alt.search("cách", "cách")
    assert alt.search("MỘT", None)  # outside the alphabet: the regular expression decides
    whole = Alternatives(r"(?:a|b)c")
    assert whole.words == () and whole.search("BC", "bc")


def test_starts_is_unknown_for_patterns_without_the_boundary() -> None:
    assert Alphabet.starts("ngày") is None
    assert Alphabet.starts(timex_rules.BOUNDARY + r"\w+") is None  # any word can start it
