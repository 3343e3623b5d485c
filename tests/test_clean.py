"""Cleaning rules: boilerplate, end markers, captions, attribution, bylines, lead."""

import pytest

from biennien.model import Article
from biennien.text.clean import (
    clean,
    is_boilerplate,
    is_caption,
    parse_attribution,
)


@pytest.mark.parametrize(
    "line",
    [
        "Chia sẻ",
        "Gửi góp ý",
        "Lưu bài Bỏ lưu bài",
        "Báo lỗi nội dung",
        "GÓP Ý GIAO DIỆN",
        "Xem thêm",
        "Tin tức Nga Xem thêm",
        "Sự kiện: Tin tức Nga",
        "Nguồn: [Link nguồn]",
        "Từ khóa: bão Yagi, Quảng Ninh",
    ],
)
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Sự kiện diễn ra trong ba ngày với sự tham gia của hàng nghìn người dân địa phương.",
        "Ông chia sẻ rằng mọi việc đã ổn.",
        "Xem thêm thông tin trên trang của bộ, người dân có thể gọi đường dây nóng để được hỗ "
        "trợ kịp thời trong mùa mưa bão năm nay khi nước lên cao ở các huyện ven sông.",
    ],
)
def test_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Tổng thống Nga Vladimir Putin. Ảnh: Reuters",
        "Hai nhà lãnh đạo tại Bình Nhưỡng ngày 19/6/2024. (Ảnh: Yonhap/TTXVN)",
        "Hai nhà lãnh đạo hội đàm tại Bắc Kinh ngày 3/9 (Ảnh: Reuters).",
        "Nhà lãnh đạo Kim Jong-un. Ảnh: KCNA",
        "Người dân sơ tán khỏi vùng ngập (Ảnh minh họa).",
    ],
)
def test_captions(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ông Putin cảm ơn nhà lãnh đạo Triều Tiên về sự ủng hộ đối với Nga.",
        "Theo KCNA, hai bên trao đổi về những vấn đề cùng quan tâm (xem thêm bên dưới).",
    ],
)
def test_body_sentences_are_not_captions(line: str) -> None:
    assert not is_caption(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(TTXVN/Vietnam+)", ("TTXVN/Vietnam+", None)),
        ("(Theo VnExpress)", ("VnExpress", None)),
        ("Theo Reuters", ("Reuters", None)),
        ("Theo Phạm Nghĩa ([Tên nguồn])", (None, "Phạm Nghĩa")),
        ("Theo Minh Anh (Tuổi Trẻ)", ("Tuổi Trẻ", "Minh Anh")),
        ("Nguồn: VOV", ("VOV", None)),
    ],
)
def test_attribution_lines(line: str, expected: tuple) -> None:
    assert parse_attribution(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Theo Điện Kremlin, trong cuộc điện đàm hai bên nhất trí duy trì liên lạc.",
        "Theo đó, nước còn lại sẽ lập tức hỗ trợ.",
        "(phải)",
    ],
)
def test_sentences_starting_with_theo_are_not_attribution(line: str) -> None:
    assert parse_attribution(line) is None


def _kinds(doc):
    return [(s.kind, s.text) for s in doc.sentences]


def test_title_lead_body_caption_and_repeated_caption() -> None:
    caption = "Cầu Phong Châu sau sự cố ngày 9/9. (Ảnh: TTXVN)"
    text = "\n".join(
        [
            "Cầu sập khiến nhiều phương tiện rơi xuống sông. Lực lượng cứu hộ có mặt ngay.",
            "Minh Anh",
            caption,
            caption,
            "Sáng 9/9, một nhịp cầu bị cuốn trôi.",
            "Chia sẻ",
            "(TTXVN/Vietnam+)",
        ]
    )
    doc = clean(Article(text=text, source="x.txt", title="Sập cầu Phong Châu"))
    assert _kinds(doc) == [
        ("title", "Sập cầu Phong Châu"),
        ("lead", "Cầu sập khiến nhiều phương tiện rơi xuống sông."),
        ("lead", "Lực lượng cứu hộ có mặt ngay."),
        ("caption", caption),
        ("body", "Sáng 9/9, một nhịp cầu bị cuốn trôi."),
    ]
    assert doc.author == "Minh Anh"
    assert doc.outlet == "TTXVN/Vietnam+"
    reasons = {r.reason for r in doc.removed}
    assert reasons == {"byline", "repeated caption", "boilerplate", "attribution"}


def test_text_after_an_end_marker_is_dropped_but_attribution_is_read() -> None:
    text = "\n".join(
        [
            "Bài viết chính nói về cuộc gặp.",
            "Nguồn: [Link nguồn]",
            "Một bài khác: tiêu đề liên quan",
            "Tóm tắt của một bài liên quan, không thuộc bài này.",
            "Theo Phạm Nghĩa ([Tên nguồn])",
        ]
    )
    doc = clean(Article(text=text, source="x.txt"))
    assert [s.text for s in doc.sentences] == ["Bài viết chính nói về cuộc gặp."]
    assert doc.author == "Phạm Nghĩa"
    assert doc.outlet is None


def test_reader_hints_override_the_guess() -> None:
    text = "Một đoạn sapo do trang đánh dấu.\nẢnh chụp hiện trường không có ghi nguồn\nThân bài."
    doc = clean(
        Article(
            text=text,
            source="x.html",
            hints={
                "Một đoạn sapo do trang đánh dấu.": "lead",
                "Ảnh chụp hiện trường không có ghi nguồn": "caption",
            },
        )
    )
    assert [s.kind for s in doc.sentences] == ["lead", "caption", "body"]


def test_end_of_article_mark_is_tidied() -> None:
    doc = clean(Article(text="Câu đầu.\nCâu cuối cùng của bài./.", source="x.txt"))
    assert doc.sentences[-1].text == "Câu cuối cùng của bài."
