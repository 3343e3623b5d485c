"""The RSS/Atom reader: one article per item."""

import datetime as dt

import pytest

from biennien.ingest import Rejection, feed
from biennien.ingest.decode import InputRejected
from biennien.model import Article

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>VnExpress - Thời sự</title><link>https://example.vn</link>
<item><title>Bão số 3 đổ bộ</title><link>https://example.vn/bao-so-3</link>
<pubDate>Sat, 07 Sep 2024 15:00:00 +0700</pubDate>
<description><![CDATA[<p>Chiều 7/9, bão đổ bộ vào Quảng Ninh.</p><p>Gió giật rất mạnh.</p>]]></description>
</item>
<item><title>Trống</title><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tuổi Trẻ Online</title>
<entry><title>Metro số 1 chạy thử</title><link href="https://example.vn/metro"/>
<updated>2024-12-20T10:00:00Z</updated><summary>Tàu chạy thử trên toàn tuyến.</summary>
<content type="html">&lt;p&gt;Tàu chạy thử trên toàn tuyến.&lt;/p&gt;&lt;p&gt;Hành khách đầu tiên lên tàu.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_items() -> None:
    items = list(feed.read(RSS.encode("utf-8"), "f.xml"))
    article, empty = items
    assert isinstance(article, Article)
    assert article.title == "Bão số 3 đổ bộ"
    assert article.published == dt.date(2024, 9, 7)
    assert article.outlet == "VnExpress"
    assert article.url == "https://example.vn/bao-so-3"
    assert article.text.split("\n") == [
        "Chiều 7/9, bão đổ bộ vào Quảng Ninh.",
        "Gió giật rất mạnh.",
    ]
    assert isinstance(empty, Rejection) and empty.source == "f.xml#2"


def test_atom_entry_with_summary_and_content() -> None:
    (article,) = feed.read(ATOM.encode("utf-8"), "a.xml")
    assert article.outlet == "Tuổi Trẻ"
    assert article.published == dt.date(2024, 12, 20)
    assert article.text.split("\n") == [
        "Tàu chạy thử trên toàn tuyến.",
        "Hành khách đầu tiên lên tàu.",
    ]


def test_broken_feed() -> None:
    with pytest.raises(InputRejected, match="not a valid RSS/Atom feed"):
        list(feed.read(b"<rss><channel><title>x</title><item><title>", "bad.xml"))
