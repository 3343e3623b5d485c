"""Vietnamese time expressions: spans, types and TIMEX3 values against the reference day."""

import datetime as dt
import json

import pytest

from biennien.timex import tag
from biennien.timex.lunar import lunar_to_solar, tet


def found(text: str, dct: str | None) -> list[tuple[str, str]]:
    """The calendar expressions (DATE and TIME) of ``text``."""
    day = dt.date.fromisoformat(dct) if dct else None
    return [(t.text, t.value) for t in tag(text, day) if t.type in ("DATE", "TIME")]


def one(text: str, dct: str | None) -> tuple[str, str]:
    (item,) = found(text, dct)
    return item


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hiệp ước ký ngày 19/6/2024 tại Bình Nhưỡng.", ("ngày 19/6/2024", "2024-06-19")),
        ("Hiệp ước ký ngày 19-6-2024.", ("ngày 19-6-2024", "2024-06-19")),
        ("Hiệp ước ký ngày 19.6.2024.", ("ngày 19.6.2024", "2024-06-19")),
        ("Ký ngày 19 tháng 6 năm 2024 tại đây.", ("ngày 19 tháng 6 năm 2024", "2024-06-19")),
        ("Lễ ký diễn ra vào tháng 6/2024.", ("tháng 6/2024", "2024-06")),
        ("Kế hoạch bắt đầu từ năm 2024.", ("năm 2024", "2024")),
        ("Doanh thu quý I/2021 tăng.", ("quý I/2021", "2021-Q1")),
        ("Doanh thu Qúy 3/2020 giảm.", ("Qúy 3/2020", "2020-Q3")),
        ("Nhạc thập niên 90 trở lại.", ("thập niên 90", "199")),
        ("Phong trào những năm 60 của thế kỷ trước.", ("những năm 60 của thế kỷ trước", "196")),
        ("Kiến trúc thế kỷ XX còn lại ít.", ("thế kỷ XX", "19")),
        ("Thành cổ xây năm 500 trước Công nguyên.", ("năm 500 trước Công nguyên", "BC0500")),
    ],
)
def test_absolute_dates(text: str, expected: tuple[str, str]) -> None:
    assert one(text, "2025-08-13") == expected


def test_half_year_and_part_of_year() -> None:
    assert one("Xuất khẩu 6 tháng đầu năm tăng mạnh.", "2021-07-10") == (
        "6 tháng đầu năm",
        "2021-H1",
    )
    assert one("Lợi nhuận 9 tháng đầu năm 2020 giảm.", "2021-01-10") == (
        "9 tháng đầu năm 2020",
        "2020",
    )


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # Reported past events take the most recent occurrence...
        ("Ngày 12/8, hai nhà lãnh đạo đã điện đàm.", "2025-08-13", ("Ngày 12/8", "2025-08-12")),
        ("Hãng tin KCNA ngày 15-8 đưa tin.", "2025-08-20", ("ngày 15-8", "2025-08-15")),
        ("Hai bên đã gặp nhau hồi tháng Sáu.", "2025-08-13", ("tháng Sáu", "2025-06")),
        ("Lễ hội diễn ra ngày 19.5 hằng tuần.", "2025-06-01", None),
        # ...across a year boundary too.
        ("Vụ việc đã xảy ra ngày 28/12.", "2025-01-05", ("ngày 28/12", "2024-12-28")),
        # The future ("sẽ", "kế hoạch", "dự kiến") takes the next one.
        ("Cuộc gặp sẽ diễn ra tại Alaska ngày 15/8.", "2025-08-13", ("ngày 15/8", "2025-08-15")),
        ("Dự kiến khởi công vào tháng 2.", "2025-11-20", ("tháng 2", "2026-02")),
        ("Họ đã ký vào tháng Giêng.", "2025-03-01", ("tháng Giêng", "2025-01")),
        # With no cue, the nearest, a near future before a far past.
        ("Hội nghị khai mạc ngày 24/4 tại Hà Nội.", "2021-04-20", ("ngày 24/4", "2021-04-24")),
    ],
)
def test_day_and_month_without_a_year(text: str, dct: str, expected) -> None:
    assert found(text, dct) == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hôm nay", "2025-09-03"),
        ("hôm qua", "2025-09-02"),
        ("hôm kia", "2025-09-01"),
        ("ngày mai", "2025-09-04"),
        ("ngày kia", "2025-09-05"),
        ("sáng nay", "2025-09-03"),
        ("tối qua", "2025-09-02"),
        ("trưa mai", "2025-09-04"),
        ("chiều hôm qua", "2025-09-02"),
        ("tuần trước", "2025-W35"),
        ("tuần tới", "2025-W37"),
        ("tháng trước", "2025-08"),
        ("tháng này", "2025-09"),
        ("năm ngoái", "2024"),
        ("năm tới", "2026"),
        ("quý tới", "2025-Q4"),
        ("3 ngày trước", "2025-08-31"),
        ("3 năm trước", "2022"),
        ("2 tuần tới", "2025-W38"),
        ("5 ngày nữa", "2025-09-08"),
        ("cách đây 7 năm", "2018"),
        ("đầu tháng 9", "2025-09"),
        ("cuối năm nay", "2025"),
        ("giữa tháng 6 năm ngoái", "2024-06"),
    ],
)
def test_relative_expressions(text: str, expected: str) -> None:
    assert one(f"Sự việc xảy ra {text} ở đây.", "2025-09-03") == (text, expected)


def test_modifier_is_recorded() -> None:
    (t,) = tag("Dự án hoàn thành cuối năm nay.", dt.date(2025, 9, 3))
    assert (t.value, t.mod) == ("2025", "END")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông đến vào thứ Hai (8/9).", ("thứ Hai (8/9)", "2025-09-08")),
        ("Cuộc họp đã diễn ra sáng thứ Bảy.", ("sáng thứ Bảy", "2025-09-06")),
        ("Cuộc họp sẽ diễn ra vào thứ 6 tuần tới.", ("thứ 6 tuần tới", "2025-09-19")),
        ("Chủ nhật tuần trước trời mưa.", ("Chủ nhật tuần trước", "2025-09-07")),
    ],
)
def test_weekdays(text: str, expected: tuple[str, str]) -> None:
    assert one(text, "2025-09-10") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Đây là lần thứ hai ông đến thăm.",
        "Chiến tranh Thế giới thứ hai kết thúc năm xưa.",
        "Giá tăng ngày thứ 2 liên tiếp.",
        "Thứ hai, cần nói rõ trách nhiệm.",
    ],
)
def test_ordinals_are_not_weekdays(text: str) -> None:
    assert found(text, "2025-09-10") == []


def test_ranges_are_two_expressions() -> None:
    assert found("kỷ niệm 80 năm (15/8/1945-15/8/2025)", "2025-08-13") == [
        ("15/8/1945", "1945-08-15"),
        ("15/8/2025", "2025-08-15"),
    ]
    assert found("Triển lãm từ 5 đến 7/3 tại TP.HCM.", "2025-02-20") == [
        ("5", "2025-03-05"),
        ("7/3", "2025-03-07"),
    ]
    assert found("Hội chợ 25-27/12/2020 ở Đà Nẵng.", "2021-01-05") == [
        ("25", "2020-12-25"),
        ("27/12/2020", "2020-12-27"),
    ]
    assert found("Giai đoạn 2008-2013 tăng trưởng.", "2021-01-05") == [
        ("2008", "2008"),
        ("2013", "2013"),
    ]
    assert found("Doanh số từ tháng 8 đến tháng 12/2020 giảm.", "2021-05-01") == [
        ("tháng 8", "2020-08"),
        ("tháng 12/2020", "2020-12"),
    ]


def test_ranges_of_days_with_their_months() -> None:
    # "." or "-" inside the dates: a range when "từ" and "đến" frame it
    assert found("Giải đấu khởi tranh từ 14.11 đến 2.12 ở Huế.", "2019-11-01") == [
        ("14.11", "2019-11-14"),
        ("2.12", "2019-12-02"),
    ]
    assert found("Hội thao diễn ra từ ngày 6 đến ngày 9-4 tới.", "2022-03-30") == [
        ("ngày 6", "2022-04-06"),
        ("ngày 9-4", "2022-04-09"),
    ]
    # across the new year, the second lends its year to the first
    assert found("Lễ hội kéo dài từ 28/12 đến 3/1/2023.", "2023-01-10") == [
        ("28/12", "2022-12-28"),
        ("3/1/2023", "2023-01-03"),
    ]
    # a clock time on the first day makes it a TIME
    assert found("Phong tỏa từ 6h ngày 2/8 đến ngày 16/8/2021.", "2021-08-01") == [
        ("6h ngày 2/8", "2021-08-02T06:00"),
        ("ngày 16/8/2021", "2021-08-16"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ số tăng từ 1.5 đến 2.4 điểm.",
        "Lãi suất tăng từ 3.1 đến 4.2%.",
        "Tỷ số 2.1-3.2 không đổi.",
    ],
)
def test_decimal_ranges_are_not_dates(text: str) -> None:
    assert found(text, "2021-04-20") == []


def test_lunar_calendar() -> None:
    assert tet(2021) == dt.date(2021, 2, 12)
    assert tet(2025) == dt.date(2025, 1, 29)
    assert lunar_to_solar(15, 8, 2024) == dt.date(2024, 9, 17)
    assert found("Người dân đón Tết Nguyên đán.", "2025-01-20") == [
        ("Tết Nguyên đán", "2025-01-29")
    ]
    assert found("Chợ mở đến mùng 1 Tết Tân Sửu.", "2021-01-20") == [
        ("mùng 1 Tết Tân Sửu", "2021-02-12")
    ]
    assert found("Lễ hội rằm tháng Giêng năm nay.", "2025-02-01") == [
        ("rằm tháng Giêng năm nay", "2025-02-12")
    ]
    assert found("Giỗ ông vào ngày 15/8 âm lịch.", "2024-09-01") == [
        ("ngày 15/8 âm lịch", "2024-09-17")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Đã có 2/3 số hộ được hỗ trợ.",
        "Đội thắng 9/16 trận đã đấu.",
        "Theo Nghị định 131/2018/NĐ-CP, mức phạt tăng.",
        "Đội vào vòng 1/8 giải đấu.",
        "Bản đồ tỷ lệ 1/50.000 được in lại.",
        "Trạm hoạt động 24/7 phục vụ người dân.",
        "Ông đã 45 tuổi.",
        "Giá bán là 2.020 đồng mỗi kg.",
        "Đội hình 4-2-3-1 được áp dụng.",
        "Phần mềm phiên bản 2.3 đã ra mắt.",
        "Những năm qua, ngành này phát triển.",
        "Hóa thạch có từ 80 triệu năm trước.",
        "Dự án kéo dài 3 năm.",
        "Hiện nay giá vẫn cao.",
        "Thời gian tới sẽ có thêm chính sách.",
        "Cửa hàng mở cửa lúc 8h.",
    ],
)
def test_not_dates(text: str) -> None:
    assert found(text, "2021-04-20") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dự án kéo dài 3 năm.", ("3 năm", "DURATION", "P3Y")),
        ("Họ chờ trong 2 tháng qua.", ("2 tháng", "DURATION", "P2M")),
        ("Tàu chạy mất hai tuần.", ("hai tuần", "DURATION", "P2W")),
        ("Sau hơn 1 giờ triển khai, mọi việc ổn.", ("1 giờ", "DURATION", "PT1H")),
        ("Lễ hội được tổ chức hàng năm.", ("hàng năm", "SET", "P1Y")),
        ("Xe chạy mỗi tuần một chuyến.", ("mỗi tuần", "SET", "P1W")),
    ],
)
def test_durations_and_frequencies(text: str, expected: tuple[str, str, str]) -> None:
    items = [(t.text, t.type, t.value) for t in tag(text, dt.date(2021, 4, 20))]
    assert items == [expected]


def test_a_date_inside_a_duration_is_the_date() -> None:
    items = [(t.text, t.type) for t in tag("Trong năm 2020, giá tăng 3 năm liền.", None)]
    assert items == [("năm 2020", "DATE"), ("3 năm", "DURATION")]


def test_undated_article_keeps_unknown_parts_unknown() -> None:
    assert found("KCNA ngày 15-8 đưa tin, vào tháng 7 năm nay, hôm qua.", None) == [
        ("ngày 15-8", "XXXX-08-15"),
        ("tháng 7 năm nay", "XXXX-07"),
        ("hôm qua", "XXXX-XX-XX"),
    ]
    assert found("Ông sinh năm 1950.", None) == [("năm 1950", "1950")]


def test_clock_time_on_a_day_is_time() -> None:
    (t,) = tag("Lúc 14h30 chiều ngày 30/4/2021, đoàn xe xuất phát.", dt.date(2021, 5, 1))
    assert (t.text, t.type, t.value) == ("14h30 chiều ngày 30/4/2021", "TIME", "2021-04-30T14:30")


def test_offsets_match_the_text() -> None:
    text = "Sáng 5/10, ông đến; hôm qua (4/10) bà đi; năm 2019 họ gặp."
    for t in tag(text, dt.date(2020, 10, 5)):
        assert text[t.start : t.end] == t.text


def test_sample_articles_dates(tmp_path) -> None:
    """Every date our annotators listed in the sample articles, with its value."""
    from conftest import EXAMPLES, run_cli

    db = str(tmp_path / "ex.db")
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    exported = json.loads(run_cli("export", "--db", db).stdout)
    articles = {a["source"]: a for a in exported["articles"]}
    expected = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))
    missing, total = [], 0
    for article in expected["articles"]:
        got = {(t["text"], t["value"]) for t in articles[article["file"]]["timexes"]}
        for date in article["dates"]:
            total += 1
            if (date["text"], date["value"]) not in got:
                missing.append((article["file"], date["text"], date["value"]))
    assert not missing, missing
    assert total >= 50


def test_cli_timex(cli) -> None:
    result = cli("timex", "--dct", "2025-08-13", stdin="Ngày 12/8, hai bên điện đàm.")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "start": 0,
        "end": 9,
        "text": "Ngày 12/8",
        "type": "DATE",
        "value": "2025-08-12",
    }
    batch = "\n".join(
        [
            json.dumps({"id": "a", "text": "hôm qua", "dct": "2025-01-02"}),
            "{broken",
            json.dumps({"id": "c", "text": "tháng 6 năm ngoái", "dct": None}),
        ]
    )
    result = cli("timex", "--batch", stdin=batch)
    assert result.returncode == 3
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", None, "c"]
    assert lines[0]["timexes"][0]["value"] == "2025-01-01"
    assert "error" in lines[1]
    assert lines[2]["timexes"][0]["value"] == "XXXX-06"
    assert cli("timex", "--dct", "2025-13-01", stdin="x").returncode == 2
