"""The JSON Lines reader: one article an object; a broken line is rejected alone."""

import datetime as dt
import io
import json

from biennien.ingest import Rejection, Warning_, jsonl
from biennien.model import Article


def read(lines: list[str]):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return list(jsonl.read(io.BytesIO(data), "a.jsonl", max_bytes=1 << 20))


def test_fields() -> None:
    rec = {
        "title": "Khai trương tuyến metro",
        "text": "Tuyến metro số 1 đón khách.\nHàng nghìn người đi thử.",
        "published": "2024-12-22T09:00:00+07:00",
        "url": "https://example.vn/metro",
        "outlet": "vnexpress.net",
    }
    (a,) = read([json.dumps(rec, ensure_ascii=False)])
    assert isinstance(a, Article)
    assert a.title == rec["title"]
    assert a.published == dt.date(2024, 12, 22)
    assert a.url == rec["url"]
    assert a.outlet == "VnExpress"
    assert a.source == "a.jsonl:1"


def test_broken_line_among_good_ones() -> None:
    good = json.dumps({"title": "Bài một", "text": "Nội dung một."}, ensure_ascii=False)
    items = read([good, '{"title": "hỏng", "text": ', good.replace("một", "hai"), "[1, 2]"])
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [a.title for a in articles] == ["Bài một", "Bài hai"]
    assert [r.source for r in rejections] == ["a.jsonl:2", "a.jsonl:4"]
    assert "invalid JSON" in rejections[0].reason
    assert rejections[1].reason == "not a JSON object"


def test_missing_text_and_bad_date() -> None:
    items = read(
        [
            json.dumps({"title": "Không có nội dung"}),
            json.dumps({"text": "Có nội dung.", "published": "hôm qua"}),
        ]
    )
    assert isinstance(items[0], Rejection) and "no 'text' or 'html'" in items[0].reason
    assert isinstance(items[1], Warning_) and "not a date" in items[1].message
    assert isinstance(items[2], Article) and items[2].published is None


def test_html_field_goes_through_the_html_reader() -> None:
    page = (
        "<html><head><title>T</title></head><body><article><h1>Tiêu đề trang</h1>"
        "<p>Đây là đoạn văn đầu tiên của bài báo, đủ dài để được giữ lại khi trích xuất.</p>"
        "<p>Đây là đoạn văn thứ hai của bài báo, cũng đủ dài để được giữ lại như đoạn trước.</p>"
        "</article></body></html>"
    )
    (a,) = read([json.dumps({"html": page, "published": "11/09/2024"})])
    assert "đoạn văn đầu tiên" in a.text
    assert a.published == dt.date(2024, 9, 11)


def test_sniffing_a_long_first_line_cut_inside_a_character(cli, tmp_path) -> None:
    """Regression: the first 4 KiB of a JSON Lines file may end inside a UTF-8 character."""
    text = "Đường sắt đô thị " * 400
    lines = [
        json.dumps({"title": f"Bài {i}", "text": text + str(i)}, ensure_ascii=False)
        for i in range(3)
    ]
    (tmp_path / "long.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = cli("ingest", str(tmp_path / "long.jsonl"), "--db", db)
    assert "ingested 3," in result.stderr
