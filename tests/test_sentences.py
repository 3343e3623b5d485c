"""Sentence splitting."""

import pytest

from biennien.text.sentences import split, split_offsets


@pytest.mark.parametrize(
    "paragraph",
    [
        "Ông đến TP.HCM hôm qua để dự họp.",
        "Bà là GS.TS. Nguyễn Thị Hoa, giảng viên lâu năm.",
        "Cửa hàng ở Q. 1 mở cửa lúc 8h.",
        "Doanh thu đạt 1.116,6 tỷ đồng trong quý.",
        "Ngày 19.5 là ngày sinh của Bác.",
        '"Chúng tôi rất vui. Mọi thứ đều tốt", ông nói.',
        "Ông ấy ngập ngừng... rồi im lặng.",
    ],
)
def test_one_sentence(paragraph: str) -> None:
    assert split(paragraph) == [paragraph]


def test_splits_at_sentence_ends() -> None:
    assert split("Trời mưa to. Nước lên nhanh! Có ai ở đó không? Không.") == [
        "Trời mưa to.",
        "Nước lên nhanh!",
        "Có ai ở đó không?",
        "Không.",
    ]


def test_splits_after_a_closing_quote_and_before_a_number() -> None:
    assert split("“Không. Hết rồi.” Ông ra về. 3 người bị thương.") == [
        "“Không. Hết rồi.”",
        "Ông ra về.",
        "3 người bị thương.",
    ]


def test_mixed_straight_and_curly_quotes_close_a_quotation() -> None:
    text = '"Cảm ơn các bạn. Xin gửi lời chào”, ông nói. Sau đó ông rời đi.'
    assert split(text) == ['"Cảm ơn các bạn. Xin gửi lời chào”, ông nói.', "Sau đó ông rời đi."]


def test_unclosed_quote_does_not_stop_splitting() -> None:
    assert split('Ông nói "tạm biệt. Rồi ông đi. Hết.') == [
        'Ông nói "tạm biệt.',
        "Rồi ông đi.",
        "Hết.",
    ]


def test_offsets_point_into_the_paragraph() -> None:
    text = "  Một câu.   Hai câu.  "
    assert [text[a:b] for a, b in split_offsets(text)] == ["Một câu.", "Hai câu."]


def test_a_long_quotation_is_split_at_its_sentence_ends() -> None:
    text = (
        "Ông nói: “Trời mưa. Đường ngập. Xe chết máy. Chúng tôi chờ cứu hộ”. Sau đó ông về."
    )
    assert split(text) == [
        "Ông nói: “Trời mưa.",
        "Đường ngập.",
        "Xe chết máy.",
        "Chúng tôi chờ cứu hộ”.",
        "Sau đó ông về.",
    ]


def test_a_quotation_opened_again_before_it_closes_was_never_closed() -> None:
    # the first quotation is never closed: the second one is the quotation kept whole
    text = "Bà kể: “Tôi đến sớm. Cửa đóng. Anh Nam bảo: “Chờ nhé. Sắp mở”. Rồi cửa mở."
    assert split(text) == [
        "Bà kể: “Tôi đến sớm.",
        "Cửa đóng.",
        "Anh Nam bảo: “Chờ nhé. Sắp mở”.",
        "Rồi cửa mở.",
    ]
