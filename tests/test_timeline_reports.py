"""Timeline rules on small stories written for the test, through a stand-in store: weeks as
months, common words counted per sentence, and articles that tell a dated main happening
without dating it."""

from __future__ import annotations

from dataclasses import dataclass

from biennien.model import Sentence
from biennien.store.sqlite import EventRow, StoredArticle
from biennien.story.timeline import Candidate, _common_words, build, content_words, date_key
from biennien.timex import Timex


def test_a_week_inside_one_month_is_that_month() -> None:
    assert date_key("2013-W42") == "2013-10"  # 14-20 October 2013
    assert date_key("2013-W44") is None  # 28 October - 3 November: two months
    assert date_key("2024-W01") == "2024-01"
    assert date_key("2024-W99") is None


def test_common_words_count_each_sentence_once() -> None:
    many_dates = "Đoàn tàu chạy thử ngày 1, ngày 2, ngày 3 và ngày 4 trên tuyến mới."
    cands = [
        Candidate(f"2024-05-0{d}", "a", 0, many_dates, content_words(many_dates), None)
        for d in range(1, 5)
    ]
    for i, text in enumerate(
        ["Nhà ga khánh thành hôm nay.", "Giá vé được công bố.", "Hành khách xếp hàng."]
    ):
        cands.append(Candidate("2024-05-09", "b", i, text, content_words(text), None))
    # "tàu" is in one sentence of four: not a word most sentences share
    assert "tàu" not in _common_words(cands)


@dataclass
class _Art:
    title: str
    sentences: list[str]
    published: str | None
    event: str
    focus: str | None
    dates: dict[int, str]  # sentence index (title is 0) -> date value


class FakeStore:
    """The few store reads the timeline makes, over articles given in the test."""

    def __init__(self, arts: dict[str, _Art]) -> None:
        self.arts = arts

    def article(self, a: str) -> StoredArticle:
        return StoredArticle(
            a, self.arts[a].title, self.arts[a].published, None, None, None, None, ()
        )

    def sentences(self, a: str) -> list[Sentence]:
        art = self.arts[a]
        return [Sentence(art.title, "title", 0)] + [
            Sentence(t, "lead" if i == 0 else "body", i + 1) for i, t in enumerate(art.sentences)
        ]

    def timexes(self, a: str) -> list[tuple[int, Timex]]:
        return [(i, Timex(0, 1, "x", "DATE", v)) for i, v in sorted(self.arts[a].dates.items())]

    def events_of(self, ids: list[str]) -> dict[str, str]:
        return {a: self.arts[a].event for a in ids}

    def event(self, event_id: str) -> EventRow | None:
        focus = next((a.focus for a in self.arts.values() if a.event == event_id), None)
        return EventRow(event_id, "st", focus, None, None, 1)


FINAL = "Đội Sông Lam thắng đội Hải Cảng trong trận chung kết cúp quốc gia"


def _story(b_published: str | None) -> FakeStore:
    return FakeStore(
        {
            "a": _Art(
                "Sông Lam vô địch cúp quốc gia",
                [
                    FINAL + " tối 4/3 trên sân nhà.",
                    "Đội trưởng nâng cúp trước hàng vạn khán giả.",
                    "Mùa giải sau sẽ khởi tranh ngày 20/9.",
                ],
                "2024-03-05",
                "ev-a",
                "2024-03-04",
                {1: "2024-03-04", 3: "2024-09-20"},
            ),
            "b": _Art(
                "Sông Lam lên ngôi ở cúp quốc gia",
                [
                    FINAL + " sau loạt sút luân lưu.",
                    "Thủ môn cản phá hai quả phạt đền.",
                ],
                b_published,
                "ev-b",
                None,
                {},
            ),
            "c": _Art(
                "Giá xăng giảm nhẹ",
                ["Giá xăng giảm nhẹ từ chiều nay, bộ cho biết."],
                "2024-03-05",
                "ev-c",
                None,
                {},
            ),
        }
    )


def _cited(entries, date: str) -> set[str]:
    return {a for e in entries if e.date == date for a, _ in e.citations}


def test_article_telling_the_same_news_undated_is_cited_under_its_date() -> None:
    entries = build(_story("2024-03-05"), ["a", "b", "c"])  # type: ignore[arg-type]
    assert _cited(entries, "2024-03-04") == {"a", "b"}
    # the other happening of a is not b's: b says nothing of next season
    assert _cited(entries, "2024-09-20") == {"a"}
    # nothing else gains an entry, and each date is one entry
    assert [e.date for e in entries] == ["2024-03-04", "2024-09-20"]


def test_same_news_published_too_late_or_undated_is_not_cited() -> None:
    for published in ("2024-03-09", None):
        entries = build(_story(published), ["a", "b", "c"])  # type: ignore[arg-type]
        assert _cited(entries, "2024-03-04") == {"a"}
