"""The five seed articles end to end: dates, titles, categories, outlets, kinds, no boilerplate."""

import json

import pytest


@pytest.fixture
def exported(cli, seeds, db):
    result = cli("ingest", str(seeds), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "ingested 5, already present 0, rejected 0" in result.stderr
    out = cli("export", "--db", db)
    return {a["source"][:3]: a for a in json.loads(out.stdout)["articles"]}


def test_dates_titles_categories_outlets(exported) -> None:
    assert {k: a["published"] for k, a in exported.items()} == {
        "000": "2025-08-13",
        "001": "2025-08-13",
        "002": None,
        "003": "2025-09-03",
        "004": "2025-10-07",
    }
    assert exported["000"]["title"] == "Nga và Triều Tiên tái khẳng định cam kết tăng cường hợp tác"
    assert exported["002"]["title"] == "Nga thực hiện bước đi mới đối với Triều Tiên"
    assert exported["001"]["title"] is None
    assert exported["000"]["category"] == "Thế giới"
    assert all(exported[k]["category"] is None for k in ("001", "002", "003", "004"))
    assert exported["000"]["outlet"] == "TTXVN/Vietnam+"
    assert exported["000"]["author"] == "Nguyễn Hà"
    assert exported["002"]["author"] == "Phạm Nghĩa"


def test_each_caption_once_and_marked(exported) -> None:
    for key, article in exported.items():
        captions = [s["text"] for s in article["sentences"] if s["kind"] == "caption"]
        assert len(captions) == len(set(captions)), key
        assert captions, key
    captions_002 = [s["text"] for s in exported["002"]["sentences"] if s["kind"] == "caption"]
    assert captions_002 == [
        "Tổng thống Nga Vladimir Putin. Ảnh: Reuters",
        "Nhà lãnh đạo Triều Tiên Kim Jong-un. Ảnh: KCNA",
    ]
    first_001 = exported["001"]["sentences"][0]
    assert first_001["kind"] == "caption" and first_001["text"].endswith("(Ảnh: KCNA).")


def test_lead_then_body(exported) -> None:
    for key, article in exported.items():
        kinds = [s["kind"] for s in article["sentences"] if s["kind"] != "caption"]
        first_body = kinds.index("body")
        assert set(kinds[:first_body]) - {"title"} == {"lead"}, key
        assert set(kinds[first_body:]) == {"body"}, key
    lead_000 = [s["text"] for s in exported["000"]["sentences"] if s["kind"] == "lead"]
    assert lead_000[0].startswith("Lãnh đạo Nga và Triều Tiên điện đàm")


def test_no_boilerplate_or_attribution_in_sentences(exported) -> None:
    furniture = [
        "Chia sẻ",
        "Gửi góp ý",
        "Lưu bài",
        "Báo lỗi nội dung",
        "GÓP Ý GIAO DIỆN",
        "Xem thêm",
        "Sự kiện: Tin tức Nga",
        "Nguồn: [Link nguồn]",
        "(TTXVN/Vietnam+)",
        "Theo Phạm Nghĩa",
        "Đại sứ Nga: Lao động Triều Tiên",
    ]
    for key, article in exported.items():
        for sentence in article["sentences"]:
            for phrase in furniture:
                assert phrase not in sentence["text"], (key, phrase)
    body_000 = [s["text"] for s in exported["000"]["sentences"]]
    assert "Nguyễn Hà" not in body_000
    assert body_000[-1].endswith("Chiến tranh Thế giới thứ hai.")


def test_copied_paragraph_is_kept_in_both_articles(exported) -> None:
    def sentences(key):
        return {s["text"] for s in exported[key]["sentences"]}

    copied = (
        "Theo hãng thông tấn trung ương Triều Tiên (KCNA), quyết định của nhà lãnh đạo "
        "Kim Jong-un về triển khai quân đội tới Nga"
    )
    assert any(s.startswith(copied) for s in sentences("001"))
    assert any(s.startswith(copied) for s in sentences("003"))
