"""Timeline rules on small stories written for the test, with the real time-expression tagger:
a date's clause in a sentence with several dates, coarser mentions folding into the precise
happening, years read from the tense, anniversary spans, names' years, disputed dates and
background for undated articles."""

from __future__ import annotations

import datetime as dt

from biennien.model import Sentence
from biennien.store.sqlite import EventRow, StoredArticle
from biennien.story.timeline import Entry, build, clause_words, recent_date, recent_days
from biennien.timex import Timex, tag


class TaggedStore:
    """The few store reads the timeline makes, over articles given in the test: each article
    a publication date (or None) and its body sentences, tagged by the real tagger; every
    article its own event."""

    def __init__(self, arts: dict[str, tuple[str | None, list[str]]]) -> None:
        self.arts = arts

    def article(self, a: str) -> StoredArticle:
        return StoredArticle(a, None, self.arts[a][0], None, None, None, None, ())

    def sentences(self, a: str) -> list[Sentence]:
        return [Sentence(t, "body", i) for i, t in enumerate(self.arts[a][1])]

    def timexes(self, a: str) -> list[tuple[int, Timex]]:
        published, texts = self.arts[a]
        day = dt.date.fromisoformat(published) if published else None
        return [(i, t) for i, text in enumerate(texts) for t in tag(text, day)]

    def events_of(self, ids: list[str]) -> dict[str, str]:
        return {a: f"ev-{a}" for a in ids}

    def event(self, event_id: str) -> EventRow | None:
        return EventRow(event_id, "st", None, None, None, 1)


def _build(arts: dict[str, tuple[str | None, list[str]]]) -> list[Entry]:
    return build(TaggedStore(arts), list(arts))  # type: ignore[arg-type]


# Other happenings of the story, so that the words the test's happening shares are not the
# words most of the story's dated sentences share (those are left out of matching).
OTHERS = (
    "2019-01-10",
    [
        "Ngày 2/1, bão số 1 đổ bộ vào Quảng Ngãi gây mưa lớn.",
        "Sở Y tế công bố 12 ca cúm mới hôm qua.",
        "Ngày 3/1, giá xăng giảm lần thứ ba liên tiếp.",
        "Sáng 4/1, sân bay Phù Cát tạm đóng cửa vì sương mù.",
        "Ngày 5/1, Hà Nội khai trương tuyến xe buýt điện đầu tiên.",
        "Chiều 6/1, một tàu cá bị chìm ngoài khơi Bình Định.",
    ],
)


def _others(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not any(a == "z" for a, _ in e.citations)]


def _by_date(entries: list[Entry]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in entries:
        out.setdefault(e.date, set()).update(a for a, _ in e.citations)
    return out


def test_each_date_of_a_sentence_keeps_the_words_of_its_own_clause() -> None:
    text = (
        "Trong buổi họp ngày 5/3, ông Hùng khen ngợi đội cứu hộ của tỉnh, "
        "nơi lũ quét đã cuốn trôi cây cầu treo vào tháng 9 năm ngoái."
    )
    found = [t for t in tag(text, dt.date(2025, 3, 6)) if t.type == "DATE"]
    blank = "".join(
        " " if any(t.start <= k < t.end for t in found) else ch for k, ch in enumerate(text)
    )
    words = clause_words(blank, [(t.start, t.end, t.value) for t in found])
    flood, _ = words["2024-09"]
    meeting, _ = words["2025-03-05"]
    assert {"lũ", "quét", "cầu"} <= flood and "khen" not in flood
    assert {"khen", "cứu", "hộ"} <= meeting and "quét" not in meeting


def test_a_sentence_with_several_dates_reports_each_happening_apart() -> None:
    entries = _build(
        {
            "a": (
                "2025-03-06",
                [
                    "Trong buổi họp ngày 5/3, ông Hùng khen ngợi đội cứu hộ của tỉnh, "
                    "nơi lũ quét đã cuốn trôi cây cầu treo vào tháng 9 năm ngoái."
                ],
            ),
            "b": ("2025-03-06", ["Ông Hùng khen ngợi đội cứu hộ tại buổi họp ngày 5/3."]),
        }
    )
    cited = _by_date(entries)
    assert cited["2025-03-05"] == {"a", "b"}
    assert cited["2024-09"] == {"a"}


def test_coarser_mentions_fold_into_the_precise_happening() -> None:
    entries = _build(
        {
            "a": (
                "2025-05-20",
                ["Hai tập đoàn thép ký hợp đồng sáp nhập tại Hải Phòng ngày 12/4/2024."],
            ),
            # the year of "hồi tháng Tư" comes from the tense (2025): a misreading
            "b": (
                "2025-05-20",
                ["Cổ phiếu tăng mạnh sau hợp đồng sáp nhập hai tập đoàn thép ký hồi tháng Tư."],
            ),
            # "năm ngoái" in a sentence about something else: its own clause tells
            "c": (
                "2025-06-02",
                [
                    "Tại đại hội cổ đông, ban lãnh đạo công bố kế hoạch lợi nhuận mới và "
                    "cam kết hoàn tất hợp đồng sáp nhập hai tập đoàn thép đã ký năm ngoái."
                ],
            ),
            "z": OTHERS,
        }
    )
    (merger,) = _others(entries)
    assert merger.date == "2024-04-12" and merger.precision == "day"
    assert {a for a, _ in merger.citations} == {"a", "b", "c"}
    assert merger.other_dates == [] and merger.background


def test_sources_that_disagree_give_the_date_most_of_them_give() -> None:
    entries = _build(
        {
            "a": ("2023-10-15", ["Đội tuyển sẽ trở về Hà Nội vào ngày 17-10 sau chuyến tập huấn."]),
            "b": ("2023-10-15", ["Ngày 17/10, đội tuyển trở về Hà Nội sau chuyến tập huấn."]),
            "c": ("2023-10-15", ["Ngày 16.10, đội tuyển sẽ trở về Hà Nội sau chuyến tập huấn."]),
            "z": OTHERS,
        }
    )
    (back,) = _others(entries)
    assert back.date == "2023-10-17" and back.other_dates == ["2023-10-16"]
    assert {a for a, _ in back.citations} == {"a", "b", "c"}


def test_an_anniversary_span_is_not_a_happening() -> None:
    entries = _build(
        {
            "a": (
                "2025-11-18",
                [
                    "Trường tổ chức lễ kỷ niệm 50 năm thành lập (20/11/1975-20/11/2025) vào sáng qua."
                ],
            ),
        }
    )
    assert [e.date for e in entries] == ["2025-11-17"]


def test_the_year_of_a_name_beside_a_finer_date_is_no_happening() -> None:
    entries = _build(
        {"a": ("2024-04-30", ["Giải Cúp Sông Hồng 2024 sẽ khởi tranh ngày 3/5 tại Nam Định."])}
    )
    assert [e.date for e in entries] == ["2024-05-03"]


def test_an_undated_articles_past_happening_is_background_to_the_story() -> None:
    entries = _build(
        {
            "a": ("2025-03-06", ["Sáng qua, tỉnh khánh thành cây cầu mới bắc qua sông Lam."]),
            "b": (None, ["Cây cầu cũ được xây dựng vào năm 1998 bằng vốn của tỉnh."]),
        }
    )
    background = {e.date: e.background for e in entries}
    assert background == {"1998": True, "2025-03-05": False}


def test_the_year_a_forecast_is_about_is_no_happening_but_a_schedule_is() -> None:
    entries = _build(
        {
            "a": (
                "2024-05-01",
                [
                    "Các chuyên gia dự báo năm sau giá thép xây dựng sẽ tăng mạnh.",
                    "Giải việt dã toàn quốc sẽ diễn ra vào năm sau tại Huế.",
                ],
            )
        }
    )
    assert [(e.date, e.citations) for e in entries] == [("2025", [("a", 1)])]


def test_the_entry_text_is_the_shortest_sentence_that_dates_it() -> None:
    entries = _build(
        {
            "a": (
                "2025-05-20",
                [
                    "Theo thông cáo phát đi chiều nay từ trụ sở tập đoàn ở Hà Nội, hai tập đoàn "
                    "thép đã ký hợp đồng sáp nhập tại Hải Phòng ngày 12/4/2024 sau nhiều vòng "
                    "đàm phán kéo dài suốt hai năm với sự tham gia của các cổ đông lớn."
                ],
            ),
            "b": ("2025-05-20", ["Hồi tháng 4/2024, hai tập đoàn thép ký hợp đồng sáp nhập."]),
            "z": OTHERS,
        }
    )
    # the press release of this afternoon is a happening of its own
    assert [e.date for e in _others(entries)] == ["2024-04-12", "2025-05-20"]
    merger = _others(entries)[0]
    assert {a for a, _ in merger.citations} == {"a", "b"}
    assert merger.text == "Hồi tháng 4/2024, hai tập đoàn thép ký hợp đồng sáp nhập."


def test_articles_telling_the_same_news_cite_it_undated_but_not_weeks_later() -> None:
    plant = "nhà máy điện mặt trời Phước Hữu ở Ninh Thuận được Bộ trưởng Tuấn khánh thành"
    entries = _build(
        {
            "a": ("2024-09-04", [f"Sáng qua, {plant} sau hai năm xây dựng."]),
            # another article of the same day (every article is its own event here)
            "b": (
                "2024-09-04",
                ["Giá điện tăng 4,8% từ hôm nay.", f"Theo Bộ Công Thương, {plant}."],
            ),
            # the same words three weeks later: a recall, not the same news
            "c": ("2024-09-25", ["Giá xăng giảm 2% từ hôm nay.", f"Trước đó, {plant}."]),
            "z": OTHERS,
        }
    )
    (opening,) = [e for e in entries if e.date == "2024-09-03"]
    assert opening.citations == [("a", 0), ("b", 1)]


def test_recent_cue_dates_by_publication_at_the_precision_it_allows() -> None:
    assert recent_days("Sở Giao thông vừa công bố phương án phân luồng mới.") == 7
    assert recent_days("Mới đây, huyện đã xây xong trạm bơm.") == 14
    # fit, small and medium, both ... and, the noun's recent, ahead or undone: no cue
    assert recent_days("Giá vé ở mức vừa phải so với các năm.") is None
    assert recent_days("Các doanh nghiệp nhỏ và vừa được giảm thuế.") is None
    assert recent_days("Cô bé vừa hát vừa múa trên sân khấu.") is None
    assert recent_days("Trận lũ vừa qua gây thiệt hại lớn cho nông dân.") is None
    assert recent_days("Tỉnh sẽ vừa nâng cấp đường, vừa trồng cây.") is None
    assert recent_days("Dự án chưa vừa khởi công đã đội vốn.") is None
    # recent to the story's own time, not to the publication
    assert recent_days("Khi ông Tư vừa mở cửa hàng, hai thanh niên xông vào.") is None
    assert recent_days("Vừa bước vào hiệp hai, đội khách đã ghi bàn.") is None
    assert recent_days("Xe khách vừa lên cầu thì bị lật xuống ruộng.") is None
    assert recent_days("Các tỉnh ven biển có mưa vừa đến mưa to.") is None
    assert recent_days("Như tôi vừa phân tích, thuế phí còn cao.") is None
    assert recent_days("Hội Nông dân tỉnh vừa trao 50 con bò giống cho hộ nghèo.") == 7
    # the finest of day, month or year that holds every day the cue allows
    assert recent_date("2024-05-20", 7) == "2024-05"
    assert recent_date("2024-05-03", 7) == "2024"
    assert recent_date("2024-01-03", 7) is None
    assert recent_date("2024-05-20", 0) == "2024-05-20"


def test_a_recent_happening_without_a_date_is_dated_by_its_publication() -> None:
    news = "Sở Giao thông Đà Nẵng vừa công bố phương án phân luồng quanh cầu Rồng"

    def dates(published: str | None) -> list[tuple[str, list]]:
        story = {"a": (published, [f"{news} trong dịp lễ hội pháo hoa."]), "z": OTHERS}
        return [(e.date, e.citations) for e in _others(_build(story))]

    # mid-month: the month; early in the month: the year; no publication: no guess
    assert dates("2024-05-20") == [("2024-05", [("a", 0)])]
    assert dates("2024-05-03") == [("2024", [("a", 0)])]
    assert dates(None) == []
    # an article of the same news cites it there; a later one that dates it joins it
    entries = _build(
        {
            "a": ("2024-05-20", [f"{news} trong dịp lễ hội pháo hoa."]),
            "b": ("2024-05-21", [f"Chiều 18/5, {news} trong dịp lễ hội pháo hoa."]),
            "z": OTHERS,
        }
    )
    assert [(e.date, {a for a, _ in e.citations}) for e in _others(entries)] == [
        ("2024-05-18", {"a", "b"})
    ]


def test_a_sentence_with_its_own_date_is_not_dated_by_a_recent_cue() -> None:
    entries = _build(
        {"a": ("2024-05-20", ["Ngày 2/4, Sở Giao thông vừa công bố phương án phân luồng."])}
    )
    assert [e.date for e in entries] == ["2024-04-02"]
