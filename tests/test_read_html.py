"""The HTML reader: body through trafilatura, with the sapo and captions kept."""

import datetime as dt
from pathlib import Path

import pytest

from biennien.ingest import html
from biennien.ingest.decode import InputRejected
from biennien.text.clean import clean

PAGE = Path(__file__).parent / "data" / "page.html"


def test_page_metadata_lead_and_caption() -> None:
    article = html.read(PAGE.read_bytes(), "page.html")
    assert article.title == "Đội cứu hộ tìm thấy ba người mất tích sau lũ"
    assert article.published == dt.date(2024, 9, 11)
    assert article.outlet == "Tuổi Trẻ"
    doc = clean(article)
    kinds = [(s.kind, s.text) for s in doc.sentences]
    assert kinds[0] == ("title", article.title)
    assert kinds[1][0] == "lead" and kinds[1][1].startswith("Chiều 10/9, lực lượng cứu hộ")
    assert ("caption", "Lực lượng cứu hộ tìm kiếm tại hiện trường (Ảnh: Văn Sơn)") in kinds
    texts = " ".join(s.text for s in doc.sentences)
    assert "Trang chủ" not in texts and "Báo lỗi nội dung" not in texts
    assert "khởi công trong tháng tới" in texts


def test_caption_stays_between_the_paragraphs_around_it() -> None:
    doc = clean(html.read(PAGE.read_bytes(), "page.html"))
    texts = [s.text for s in doc.sentences]
    caption = texts.index("Lực lượng cứu hộ tìm kiếm tại hiện trường (Ảnh: Văn Sơn)")
    assert texts[caption - 1].startswith("Nước dâng rất nhanh")
    assert texts[caption + 1].startswith("Chính quyền địa phương")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><div>",
        b"<!doctype html><html><head><title>x</title></head><body></body></html>",
    ],
)
def test_pages_without_article_text_are_rejected(data: bytes) -> None:
    with pytest.raises(InputRejected, match="no article text"):
        html.read(data, "x.html")


def test_truncated_page_keeps_what_it_has() -> None:
    data = PAGE.read_bytes()
    cut = data[: data.index(b"Theo k\xe1\xba\xbf")]
    article = html.read(cut, "cut.html")
    assert "Chính quyền địa phương" in article.text
