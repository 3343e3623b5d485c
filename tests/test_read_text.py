"""The plain-text reader and its seed-format quirks."""

import datetime as dt

from biennien.ingest import plaintext


def read(text: str):
    return plaintext.read(text.encode("utf-8"), "a.txt")


def test_date_line_with_category_and_title() -> None:
    a = read(" date 2025-08-13 Thế giới\n\nTiêu đề của bài báo mẫu\n\nĐoạn mở đầu.\n\nThân bài.\n")
    assert a.published == dt.date(2025, 8, 13)
    assert a.category == "Thế giới"
    assert a.title == "Tiêu đề của bài báo mẫu"
    assert a.text == "Đoạn mở đầu.\nThân bài."


def test_date_line_whose_rest_is_a_caption() -> None:
    a = read(
        " date 2025-09-03 Hai nhà lãnh đạo hội đàm tại Bắc Kinh ngày 3/9 (Ảnh: Reuters).\n\n"
        "Đoạn đầu tiên là một câu dài, kết thúc bằng dấu chấm.\n\nĐoạn hai.\n"
    )
    assert a.published == dt.date(2025, 9, 3)
    assert a.category is None
    assert a.title is None
    assert a.text.startswith("Hai nhà lãnh đạo hội đàm tại Bắc Kinh ngày 3/9 (Ảnh: Reuters).\n")


def test_no_date_line_but_a_title() -> None:
    a = read("Nga thực hiện bước đi mới\n\nSự kiện: Tin tức Nga\n\nĐoạn mở đầu.\n")
    assert a.published is None
    assert a.title == "Nga thực hiện bước đi mới"


def test_date_line_without_leading_space_and_invalid_date() -> None:
    assert read("date 2024-06-19 Thời sự\n\nTiêu đề bài\n\nNội dung.").published == dt.date(
        2024, 6, 19
    )
    assert read(" date 2024-02-30 Thời sự\n\nTiêu đề bài\n\nNội dung.").published is None


def test_first_line_that_ends_like_a_sentence_is_not_a_title() -> None:
    a = read("Đây là câu mở đầu của bài báo, không phải tiêu đề.\n\nĐoạn hai.")
    assert a.title is None


def test_single_paragraph_article_keeps_its_text() -> None:
    a = read("Một bài chỉ có một đoạn ngắn")
    assert a.title is None
    assert a.text == "Một bài chỉ có một đoạn ngắn"
