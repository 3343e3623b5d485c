"""Named entities: spans and types, titles and cues left out, identity within a document,
canonical names, common words not taken for names, offsets, the data files, gold floors."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biennien.entities import Mention, canonical, recognize, recognize_document
from biennien.entities.gazetteer import NAME_FILES, gazetteer, tokenize
from biennien.knowledge import lines

ROOT = Path(__file__).resolve().parents[1]


def spans(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in recognize(text)]


def named(text: str) -> dict[str, str]:
    return {m.text: m.name for m in recognize(text)}


# -- names that run on, names glued to a word, things that are not people -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông Hải nói vớiAFP rằng đã xong.", [("Hải", "PER"), ("AFP", "ORG")]),
        ("Học sinh ở Tiền Giangcó nhiều giải.", [("Tiền Giang", "LOC")]),
        ("Trường ĐH Cần Thơxét tuyển sớm.", [("Trường ĐH Cần Thơ", "ORG")]),
    ],
)
def test_words_run_together_are_split(text: str, expected: list) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ông được điều về Sư đoàn 10, sau đó nghỉ hưu.", "Sư đoàn 10"),
        ("Bé được đưa tới Bệnh viện Nhi Đồng 2, rồi xuất viện.", "Bệnh viện Nhi Đồng 2"),
        ("Cục thuế Quảng Châu đã vào cuộc.", "Cục thuế Quảng Châu"),
        ("Công ty TNHH xăng dầu Minh Phát bị phạt.", "Công ty TNHH xăng dầu Minh Phát"),
        ("Theo Đại sứ quán Việt Nam tại Nhật Bản, mọi người an toàn.", None),
        ("Cán bộ CDC Nghệ An lấy mẫu.", "CDC Nghệ An"),
        ("Ông làm ở Phòng An ninh chính trị nội bộ, Công an tỉnh.", None),
    ],
)
def test_organisation_names_that_go_on(text: str, name: str | None) -> None:
    if name is None:  # the name runs to the comma
        name = text.split(" ", 1)[1].split(",")[0].removeprefix("làm ở ")
    got = spans(text)
    assert (name, "ORG") in got
    assert not [t for t, typ in got if typ == "LOC" and t in name]


def test_weak_head_with_a_place_alone_stays_two_names() -> None:
    assert spans("Chính phủ Mỹ đã họp.") == [("Chính phủ", "ORG"), ("Mỹ", "LOC")]


def test_two_names_joined_by_a_comma_stay_two() -> None:
    got = spans("Trường Đại học Kinh tế, Đại học Quốc gia Hà Nội")
    assert got == [("Trường Đại học Kinh tế", "ORG"), ("Đại học Quốc gia Hà Nội", "ORG")]


def test_abbreviation_in_brackets_takes_the_type_of_the_name() -> None:
    text = "Tổng cục Quảng bá Phát thanh Truyền hình (Quảng Điện) đã lên tiếng."
    assert ("Quảng Điện", "ORG") in spans(text)


def test_organisation_after_a_title_is_not_a_person() -> None:
    assert spans("Ông Minh làm Chủ tịch HĐQT Sacombank từ năm ngoái.") == [
        ("Minh", "PER"),
        ("Sacombank", "ORG"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Cô nổi tiếng từ thời phim Titanic được chiếu.",
        "Mưa sao băng Lyrids sẽ xuất hiện đêm nay.",
        "Giá của mẫu Galaxy Note20 giảm mạnh.",
        "Nội dung nằm ở chương V của sách.",
        "Người dùng yêu cầu Apple sửa máy.",
    ],
)
def test_things_are_not_people_or_places(text: str) -> None:
    assert not [t for t, typ in spans(text) if typ in ("PER", "LOC")]


def test_landmarks_after_a_lower_case_word() -> None:
    assert spans("Xe tải không được qua cầu Mỹ Thuận.") == [("Mỹ Thuận", "LOC")]


def test_place_before_a_known_place_after_o() -> None:
    assert spans("Anh ăn cỗ ở Kim Bảng, Hà Nam.") == [("Kim Bảng", "LOC"), ("Hà Nam", "LOC")]


def test_direction_belongs_to_a_foreign_region_but_not_after_mien() -> None:
    assert ("Bắc Sumatra", "LOC") in spans("Con sông chảy qua Bắc Sumatra.")
    assert spans("Giao tranh ở miền Đông Ukraine.") == [("Ukraine", "LOC")]


def test_three_syllable_name_at_the_start_with_a_common_first_word() -> None:
    assert spans("Lưu Diệc Phi chính thức vào nghề.") == [("Lưu Diệc Phi", "PER")]
    assert spans("Hôm ấy Quan Hiểu Đông đi học.") == [("Quan Hiểu Đông", "PER")]


def test_sir_is_a_title() -> None:
    assert spans("Sir Alex Ferguson phản đối.") == [("Alex Ferguson", "PER")]


# -- titles, cues and the names after them ------------------------------------------------------


def test_title_and_country_are_left_out_of_the_person() -> None:
    text = "Hôm qua, Tổng thống Nga Vladimir Putin tiếp một phái đoàn."
    assert spans(text) == [("Nga", "LOC"), ("Vladimir Putin", "PER")]


def test_leader_title_with_country_then_name() -> None:
    text = "Người dân chờ nhà lãnh đạo Triều Tiên Kim Jong-un phát biểu."
    assert spans(text) == [("Triều Tiên", "LOC"), ("Kim Jong-un", "PER")]


def test_unknown_name_after_title_and_country() -> None:
    text = "Bộ trưởng Quốc phòng Mỹ Lloyd Austin đến thăm hôm thứ Hai."
    assert spans(text) == [("Mỹ", "LOC"), ("Lloyd Austin", "PER")]


def test_title_then_organisation_then_person() -> None:
    text = "Bộ trưởng Bộ Y tế Nguyễn Thanh Long đã ký quyết định."
    assert spans(text) == [("Bộ Y tế", "ORG"), ("Nguyễn Thanh Long", "PER")]


def test_title_capitalised_oddly_is_still_a_title() -> None:
    text = "Bộ Trưởng Bộ Y tế Nguyễn Thanh Long đã ký quyết định."
    assert spans(text) == [("Bộ Y tế", "ORG"), ("Nguyễn Thanh Long", "PER")]


def test_honorific_is_left_out() -> None:
    assert spans("Chúng tôi đã gặp bà Lan ở chợ.") == [("Lan", "PER")]
    assert spans("Ông Kim đã gửi một lá thư.") == [("Kim", "PER")]


def test_pronoun_at_sentence_start_is_not_a_cue() -> None:
    assert spans("Anh cho biết sẽ trở lại vào năm sau.") == []
    assert spans("Bà nói rằng mọi việc đều ổn.") == []


def test_honorific_inside_a_compound_is_no_cue() -> None:
    # "tuyên bố": "bố" (father) is part of the verb, so "Iran" is not a person
    assert spans("Bộ Ngoại giao tuyên bố Iran sẽ đáp trả.") == [
        ("Bộ Ngoại giao", "ORG"),
        ("Iran", "LOC"),
    ]


def test_place_cue_is_left_out() -> None:
    assert spans("Mưa lớn ở tỉnh Quảng Nam và huyện Bắc Trà My.") == [
        ("Quảng Nam", "LOC"),
        ("Bắc Trà My", "LOC"),
    ]


def test_place_cue_types_an_unknown_name() -> None:
    assert spans("Họ sống ở xã Tân Phước Hưng từ lâu.") == [("Tân Phước Hưng", "LOC")]


def test_street_named_after_a_person_is_a_place() -> None:
    assert spans("Cửa hàng nằm trên đường Lê Lợi.") == [("Lê Lợi", "LOC")]


# -- organisations and places built from a head word --------------------------------------------


def test_kremlin_is_an_organisation() -> None:
    assert spans("Điện Kremlin đã xác nhận tin này.") == [("Điện Kremlin", "ORG")]


def test_central_military_commission_is_one_organisation() -> None:
    text = "Quân ủy Trung ương Triều Tiên hồi tháng 4 xác nhận tin này."
    assert spans(text) == [("Quân ủy Trung ương Triều Tiên", "ORG")]


def test_ministry_with_lower_case_and() -> None:
    text = "Theo Bộ Giáo dục và Đào tạo, kỳ thi sẽ diễn ra đúng hạn."
    assert spans(text) == [("Bộ Giáo dục và Đào tạo", "ORG")]


def test_local_government_includes_its_place() -> None:
    text = "Sáng nay, UBND tỉnh Quảng Nam họp khẩn."
    assert spans(text) == [("UBND tỉnh Quảng Nam", "ORG")]
    assert spans("Công an TP Hà Nội vừa bắt giữ hai người.") == [("Công an TP Hà Nội", "ORG")]


def test_lower_case_head_only_cues_the_name() -> None:
    assert spans("Sữa của công ty Vinamilk bán chạy.") == [("Vinamilk", "ORG")]
    assert spans("Theo hãng tin Reuters, cuộc họp đã kết thúc.") == [("Reuters", "ORG")]


def test_abbreviations_and_their_canonical_names() -> None:
    found = recognize("Bộ GD&ĐT và UBND TP.HCM đã thống nhất.")
    assert [(m.text, m.type) for m in found] == [("Bộ GD&ĐT", "ORG"), ("UBND TP.HCM", "ORG")]
    assert found[0].name == "Bộ Giáo dục và Đào tạo"
    assert spans("Giá nhà ở TPHCM tăng.") == [("TPHCM", "LOC")]


def test_square_is_one_place() -> None:
    text = "Cuộc duyệt binh diễn ra tại Quảng trường Thiên An Môn ở Bắc Kinh."
    assert spans(text) == [("Quảng trường Thiên An Môn", "LOC"), ("Bắc Kinh", "LOC")]


def test_ho_chi_minh_person_or_city() -> None:
    assert spans("Lời dạy của Chủ tịch Hồ Chí Minh còn nguyên giá trị.") == [("Hồ Chí Minh", "PER")]
    assert spans("Giá xăng ở TP Hồ Chí Minh giảm.") == [("TP Hồ Chí Minh", "LOC")]


def test_treaty_words_are_not_people_places_or_organisations() -> None:
    text = "Hai nước ký Hiệp ước Đối tác Chiến lược Toàn diện vào tháng Sáu."
    assert [m for m in recognize(text) if m.type != "MISC"] == []


def test_direction_before_a_country_is_left_out() -> None:
    assert spans("Giao tranh nổ ra ở miền Đông Ukraine.") == [("Ukraine", "LOC")]


def test_country_names_in_a_list() -> None:
    text = "Ông mô tả Trung Quốc, Ấn Độ, Thổ Nhĩ Kỳ và Iran là những đối tác lớn."
    assert spans(text) == [
        ("Trung Quốc", "LOC"),
        ("Ấn Độ", "LOC"),
        ("Thổ Nhĩ Kỳ", "LOC"),
        ("Iran", "LOC"),
    ]


def test_outlets_in_a_credit() -> None:
    assert spans("Ảnh minh họa (Ảnh: Yonhap/TTXVN)") == [("Yonhap", "ORG"), ("TTXVN", "ORG")]


# -- words that only look like names ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Trong cuộc điện đàm, hai bên trao đổi nhiều vấn đề.",
        "Theo đó, các bên sẽ gặp lại nhau vào tuần tới.",
        "Hai nhà lãnh đạo đánh giá cao kết quả hợp tác.",
        "Pháp luật quy định rõ điều này.",
        "Ý kiến của người dân được ghi nhận.",
        "Lý giải điều này, chuyên gia nói thời tiết đã thay đổi.",
        "GÓP Ý GIAO DIỆN",
    ],
)
def test_capitalised_common_words_are_not_names(text: str) -> None:
    assert [m for m in recognize(text) if m.type != "MISC"] == []


def test_country_at_sentence_start_is_still_a_name() -> None:
    assert spans("Nga và Ukraine nối lại đàm phán.") == [("Nga", "LOC"), ("Ukraine", "LOC")]
    assert spans("Theo Điện Kremlin, cuộc gặp diễn ra tốt đẹp.") == [("Điện Kremlin", "ORG")]


# -- identity ----------------------------------------------------------------------------------


def test_short_forms_link_to_the_full_name_in_the_document() -> None:
    doc = recognize_document(
        [
            "Tổng thống Nga Vladimir Putin đã điện đàm với nhà lãnh đạo Kim Jong Un.",
            "Ông Putin cảm ơn ông Kim về sự ủng hộ.",
            "Putin nói thêm rằng hai nước sẽ hợp tác.",
        ]
    )
    names = [(m.text, m.name) for sentence in doc for m in sentence if m.type == "PER"]
    assert names == [
        ("Vladimir Putin", "Vladimir Putin"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("Putin", "Vladimir Putin"),
        ("Kim", "Kim Jong-un"),
        ("Putin", "Vladimir Putin"),
    ]


def test_vietnamese_given_name_links_to_the_full_name() -> None:
    doc = recognize_document(
        ["Anh Trần Minh Quý năm nay 24 tuổi.", "Về quê, Quý chọn học nghề may."]
    )
    assert [(m.text, m.type, m.name) for m in doc[1]] == [("Quý", "PER", "Trần Minh Quý")]


def test_short_form_of_two_different_people_stays_unlinked() -> None:
    doc = recognize_document(
        ["Ông Nguyễn Văn Hùng và ông Trần Quốc Hùng cùng có mặt.", "Ông Hùng cho biết như vậy."]
    )
    assert [(m.text, m.name) for m in doc[1]] == [("Hùng", "Hùng")]


def test_a_run_typed_elsewhere_in_the_document_takes_that_type() -> None:
    doc = recognize_document(["Tiền vệ Pulisic ghi bàn.", "Sau trận, Pulisic nói rất vui."])
    assert [(m.text, m.type) for m in doc[1]] == [("Pulisic", "PER")]


def test_abbreviation_in_brackets_takes_the_name() -> None:
    doc = recognize_document(
        ["Ngân hàng Nhân dân Trung Quốc (PBoC) giữ lãi suất.", "PBoC cho biết sẽ theo dõi."]
    )
    assert doc[1][0].name == "Ngân hàng Nhân dân Trung Quốc"


@pytest.mark.parametrize(
    ("variants", "typ"),
    [
        (["Mỹ", "Hoa Kỳ"], "LOC"),
        (["Moscow", "Mát-xcơ-va", "Matxcơva"], "LOC"),
        (["Triều Tiên", "CHDCND Triều Tiên", "Bắc Triều Tiên"], "LOC"),
        (["Sergey Lavrov", "Sergei Lavrov", "Lavrov"], "PER"),
        (["Yury Ushakov", "Yuri Ushakov"], "PER"),
        (["Kim Jong-un", "Kim Jong Un"], "PER"),
        (["TP Hồ Chí Minh", "TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh"], "LOC"),
        (["Liên Hợp Quốc", "LHQ", "Liên hợp quốc"], "ORG"),
    ],
)
def test_canonical_merges_variants(variants: list[str], typ: str) -> None:
    assert len({canonical(v, typ) for v in variants}) == 1, [canonical(v, typ) for v in variants]


def test_canonical_of_an_unknown_name_is_its_tidied_text() -> None:
    assert canonical("  Nguyễn   Văn A ", "PER") == "Nguyễn Văn A"
    assert canonical("Sergey Ivanov", "PER") == canonical("Sergei Ivanov", "PER")
    assert canonical("Hoa Kỳ", "PER") == "Hoa Kỳ"  # the type matters


def test_canonical_of_open_syllable_variants() -> None:
    # the text is normalised first: "Khánh Hoà" and "Khánh Hòa" are one place
    assert canonical("Khánh Hoà", "LOC") == canonical("Khánh Hòa", "LOC") == "Khánh Hòa"


# -- offsets -----------------------------------------------------------------------------------


def check_offsets(text: str, mentions: list[Mention]) -> None:
    end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= end, "mentions overlap or are out of order"
        assert m.type in ("PER", "LOC", "ORG", "MISC")
        assert m.name
        end = m.end


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Tổng thống",
                "Nga",
                "ông",
                "Kim",
                "Jong-un",
                "Bộ",
                "Y",
                "tế",
                "và",
                ",",
                ".",
                "(",
                ")",
                "TP.HCM",
                "tỉnh",
                "Quảng",
                "Nam",
                "Hà",
                "Nội",
                "UBND",
                " ",
                "  ",
                "-",
                "Đào",
                "tạo",
                "Giáo",
                "dục",
                "GD&ĐT",
                "\n",
                "“",
                "Vietnam+",
                "x",
                "Ă",
                "̀",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_offsets_are_exact_on_any_text(text: str) -> None:
    check_offsets(text, recognize(text))


def test_offsets_are_exact_with_odd_spacing() -> None:
    text = "  Tổng thống   Nga\tVladimir  Putin (phải)  và ông  Kim  "
    found = recognize(text)
    check_offsets(text, found)
    assert [(m.text, m.type) for m in found] == [
        ("Nga", "LOC"),
        ("Vladimir  Putin", "PER"),
        ("Kim", "PER"),
    ]
    assert found[1].name == "Vladimir Putin"


def test_empty_and_blank_input() -> None:
    assert recognize("") == []
    assert recognize("   ") == []
    assert recognize_document([]) == []
    assert recognize_document(["", "Nga"]) == [[], [Mention(0, 3, "Nga", "LOC", "Nga")]]


def test_seed_lines_have_exact_offsets(seeds: Path) -> None:
    for path in sorted(seeds.glob("*.txt")):
        rows = path.read_text(encoding="utf-8").split("\n")
        for text, mentions in zip(rows, recognize_document(rows), strict=True):
            check_offsets(text, mentions)


# -- the data files ----------------------------------------------------------------------------


def test_every_entity_data_file_loads_and_has_a_header() -> None:
    data = ROOT / "src" / "biennien" / "data"
    files = sorted(p.name for p in data.glob("entity_*.txt"))
    assert len(files) >= 10
    for name in files:
        assert lines(name), name
        assert (data / name).read_text(encoding="utf-8").startswith("#"), name
    g = gazetteer()
    assert g.names and g.cues and g.heads and g.fields and g.surnames and g.common


def test_no_alias_names_two_entities_of_one_type() -> None:
    owner: dict[tuple[str, str], str] = {}
    clashes = []
    for file, typ in NAME_FILES.items():
        for line in lines(file):
            line = line.split("  #")[0]
            parts = [p.strip() for p in line.split(" | ") if p.strip()]
            if file == "outlets.txt":
                parts = [p for p in parts if "/" not in p]
            for alias in parts:
                key = (" ".join(tokenize(alias)), typ)
                if owner.setdefault(key, parts[0]) != parts[0]:
                    clashes.append((alias, owner[key], parts[0]))
    assert clashes == []


def test_vietnam_provinces_before_and_after_2025() -> None:
    provinces = [line for line in lines("entity_vn_provinces.txt") if not line.startswith("#")]
    names = {line.split("  #")[0].split(" | ")[0] for line in provinces}
    for name in ("Hà Giang", "Bình Dương", "Kiên Giang", "Tuyên Quang", "TP Hồ Chí Minh", "Huế"):
        assert name in names
    assert len(names) >= 63


# -- quality floors on our gold sets -----------------------------------------------------------


def _score(gold: set, pred: set) -> float:
    tp = len(gold & pred)
    return 2 * tp / (len(gold) + len(pred)) if gold or pred else 1.0


def test_seed_gold_floor(seeds: Path) -> None:
    gold: dict[str, set] = defaultdict(set)
    with open(ROOT / "benchmarks" / "gold" / "seeds_entities.tsv", encoding="utf-8") as fh:
        next(fh)
        for row in fh:
            file, line, start, end, typ = row.rstrip("\n").split("\t")
            gold[file].add((int(line), int(start), int(end), typ))
    assert sum(len(v) for v in gold.values()) >= 250
    all_gold, all_pred = set(), set()
    for path in sorted(seeds.glob("*.txt")):
        rows = path.read_text(encoding="utf-8").split("\n")
        for n, mentions in enumerate(recognize_document(rows), start=1):
            for m in mentions:
                if m.type != "MISC":
                    all_pred.add((path.name, n, m.start, m.end, m.type))
        all_gold |= {(path.name, *g) for g in gold[path.name]}
    assert _score(all_gold, all_pred) >= 0.95


# -- lone foreign words, clubs, units ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dự án do Zentrax thi công từ năm ngoái.",
        "Khách hàng chuộng Velmora hơn các hãng khác.",
        "Tiểu hành tinh Quorvath bay sát Trái Đất.",
    ],
)
def test_lone_foreign_word_without_evidence_is_not_a_person(text: str) -> None:
    assert not [t for t, typ in spans(text) if typ == "PER"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chiều qua, Linda đến sân bay một mình.", "Linda"),
        ("Sau đó Kowalczyk cho biết sẽ kháng cáo.", "Kowalczyk"),
        ("Người đi cùng là Brannigan (45 tuổi).", "Brannigan"),
        ("Họ gặp McAllister ở bến cảng.", "McAllister"),
        ("Ông Dalton, Brannigan và vợ đều có mặt.", "Brannigan"),
    ],
)
def test_lone_foreign_word_with_evidence_is_a_person(text: str, name: str) -> None:
    assert (name, "PER") in spans(text)


def test_a_lone_foreign_word_that_reports_news_is_an_outlet() -> None:
    assert spans("Globexia đưa tin, cuộc thử nghiệm đã diễn ra.") == [("Globexia", "ORG")]


def test_in_a_sports_article_a_lone_foreign_word_is_a_player() -> None:
    doc = recognize_document(
        ["Trận đấu kết thúc với tỷ số 2-1.", "Phút 80, Okonkwo ghi bàn thắng quyết định."]
    )
    assert [(m.text, m.type) for m in doc[1]] == [("Okonkwo", "PER")]


def test_a_club_named_after_its_city_is_a_club_in_a_sports_article() -> None:
    sport = recognize_document(
        ["Các cầu thủ thi đấu quyết tâm.", "Leeds thắng Southampton trong trận đấu hôm qua."]
    )
    assert [(m.text, m.type) for m in sport[1]] == [("Leeds", "ORG"), ("Southampton", "ORG")]
    assert spans("Cô sống ở Leeds ba năm.") == [("Leeds", "LOC")]
    town = recognize_document(
        ["Các cầu thủ thi đấu quyết tâm ở trận đấu này.", "Họ bay tới thành phố Leeds hôm qua."]
    )
    assert [(m.text, m.type) for m in town[1]] == [("Leeds", "LOC")]


def test_a_unit_after_a_number_is_not_an_organisation() -> None:
    assert spans("Máy có bộ nhớ 128 GB và camera 12 MP.") == []


# -- initials, lists of places, communes and streets, credits --------------------------------


def test_initials_keep_their_final_dot() -> None:
    assert spans("Bệnh nhân là anh T.V.H. sinh năm 1990.") == [("T.V.H.", "PER")]
    assert spans("Chị M. cho biết đã đi khám.") == [("M.", "PER")]


def test_unknown_names_in_a_list_of_places_after_a_cue() -> None:
    text = "Lệnh phong tỏa áp dụng ở tỉnh Savannakhet, Xekong, Attapeu và Champasak."
    assert spans(text) == [
        ("Savannakhet", "LOC"),
        ("Xekong", "LOC"),
        ("Attapeu", "LOC"),
        ("Champasak", "LOC"),
    ]


def test_commune_names_run_over_a_known_word_and_take_their_number() -> None:
    assert spans("Chốt nằm ở phường Mỹ Đức, huyện Hà Quảng.") == [
        ("Mỹ Đức", "LOC"),
        ("Hà Quảng", "LOC"),
    ]
    assert spans("Nhà ở phường Nghĩa Đô 2, quận Cầu Giấy.") == [
        ("Nghĩa Đô 2", "LOC"),
        ("Cầu Giấy", "LOC"),
    ]
    assert spans("Xã Tân Lập có 5 thôn, thôn Đông 3 năm nay được mùa.")[-1] == ("Đông", "LOC")


def test_a_name_after_a_house_number_is_a_street() -> None:
    assert spans("Cửa hàng ở số 15 Trần Khát Chân bị cháy.") == [("Trần Khát Chân", "LOC")]


def test_a_vietnamese_name_in_a_photo_credit_is_a_person() -> None:
    assert spans("Cây đổ sau bão (Ảnh: Minh Khôi).") == [("Minh Khôi", "PER")]


def test_degrees_run_together_are_a_title() -> None:
    assert spans("PGS.TS.BS Trần Văn Long cho biết như vậy.") == [("Trần Văn Long", "PER")]


def test_the_national_assembly_after_deputy_is_an_organisation() -> None:
    got = spans("Ông là đại biểu Quốc hội khóa XV.")
    assert got == [("Quốc hội", "ORG")]


def test_armed_forces_of_a_country_are_one_organisation() -> None:
    assert spans("Hải quân Mỹ điều thêm tàu.") == [("Hải quân Mỹ", "ORG")]
    assert spans("Quân đội Indonesia điều thêm hai tàu.") == [("Quân đội Indonesia", "ORG")]


def test_tp_before_a_city_other_than_ho_chi_minh_is_a_cue() -> None:
    assert spans("Khách đổ về TP Đà Nẵng dịp lễ.") == [("Đà Nẵng", "LOC")]
    assert spans("Giá nhà ở TP Hồ Chí Minh tăng.") == [("TP Hồ Chí Minh", "LOC")]


def test_school_after_lower_case_truong_but_not_after_thi_truong() -> None:
    assert spans("Học sinh trường Lê Quý Đôn đạt giải.") == [("Lê Quý Đôn", "ORG")]
    assert spans("Hàng xuất sang thị trường Nhật Bản tăng.") == [("Nhật Bản", "LOC")]


def test_role_and_reporter_cues() -> None:
    assert spans("Cô vào vai Thúy Kiều trong phim.") == [("Thúy Kiều", "PER")]
    assert spans("Trao đổi với PV Dân trí, ông Hòa cho biết.") == [
        ("Dân trí", "ORG"),
        ("Hòa", "PER"),
    ]


def test_a_foreign_source_opening_the_sentence() -> None:
    assert spans("Theo Gizmotron, thiết bị sẽ ra mắt.") == [("Gizmotron", "ORG")]


# -- lists, credits, products, languages, organisation names with their fields ---------------


def test_a_list_of_streets_after_a_place_word_and_nhu() -> None:
    text = "Quán đông ở các phố như Hàng Bạc, Lê Thánh Tông và Phan Chu Trinh."
    assert spans(text) == [
        ("Hàng Bạc", "LOC"),
        ("Lê Thánh Tông", "LOC"),
        ("Phan Chu Trinh", "LOC"),
    ]


def test_a_place_after_a_weak_cue_and_a_comma_is_a_place_too() -> None:
    assert spans("Họ đến Mù Cang Chải, Tú Lệ vào mùa lúa chín.") == [
        ("Mù Cang Chải", "LOC"),
        ("Tú Lệ", "LOC"),
    ]
    assert spans("Tại Hà Nội, Nguyễn Văn Bình cho biết như vậy.") == [
        ("Hà Nội", "LOC"),
        ("Nguyễn Văn Bình", "PER"),
    ]


def test_a_language_or_a_field_of_study_is_not_a_place() -> None:
    assert not [m for m in recognize("Em học tiếng Anh và ngành Việt Nam học.") if m.type != "MISC"]
    assert spans("Cô là ca sĩ nổi tiếng Hàn Quốc.") == [("Hàn Quốc", "LOC")]


def test_a_brand_with_a_model_is_a_product_not_an_organisation() -> None:
    assert not [m for m in recognize("Máy Huawei Band 6 có pin tốt.") if m.type == "ORG"]
    assert spans("Huawei vừa ra mắt máy mới.") == [("Huawei", "ORG")]


def test_a_district_name_after_a_role_alone_is_the_person() -> None:
    assert spans("Ca sĩ Thanh Hà vừa ra album.") == [("Thanh Hà", "PER")]
    assert spans("Huyện Thanh Hà có nhiều vải thiều.")[-1] == ("Thanh Hà", "LOC")


def test_bodies_of_a_kind_are_not_a_name() -> None:
    assert spans("Các Viện Khoa học đều tham gia.") == []


def test_an_organisation_after_a_role_and_before_a_person() -> None:
    assert spans("Quan chức IOMX Peter Brandt cho biết.") == [
        ("IOMX", "ORG"),
        ("Peter Brandt", "PER"),
    ]
    assert spans("Vợ chồng GS Trần Văn Khê về nước.") == [("Trần Văn Khê", "PER")]


def test_a_state_body_then_a_person() -> None:
    text = "Theo Phó cục trưởng, Cục Quản lý thị trường Nguyễn Văn Bình, hàng giả tăng."
    assert spans(text) == [("Cục Quản lý thị trường", "ORG"), ("Nguyễn Văn Bình", "PER")]


def test_a_word_split_by_the_capitals_of_a_name_stays_in_the_name() -> None:
    assert spans("Hội Gặp gỡ Việt Nam tổ chức hội thảo.") == [("Hội Gặp gỡ Việt Nam", "ORG")]


def test_a_school_after_lower_case_truong_with_its_level() -> None:
    assert spans("Tại trường Tiểu học Isaac Newton, học sinh ăn trưa.") == [
        ("Tiểu học Isaac Newton", "ORG")
    ]


def test_what_the_apposition_says_the_name_is() -> None:
    assert spans("Họ dùng Zapmo, một ứng dụng nạp tiền.") == [("Zapmo", "ORG")]


def test_hashtags_and_handles_are_not_names() -> None:
    assert spans("Biểu ngữ #SayNoToWar được giăng lên.") == []


def test_a_foreign_first_name_starts_a_person() -> None:
    assert spans("Khán giả chờ bộ phim Steven Spielberg đạo diễn.") == [("Steven Spielberg", "PER")]


def test_an_acronym_after_tai_is_an_organisation_not_a_place() -> None:
    assert spans("Ông nắm 10% cổ phần tại VNX.") == [("VNX", "ORG")]


def test_two_bodies_joined_by_va_stay_two() -> None:
    text = "Họ xin ý kiến Tổng cục Thi hành án dân sự và Thanh tra Bộ Tư pháp."
    assert spans(text) == [
        ("Tổng cục Thi hành án dân sự", "ORG"),
        ("Thanh tra Bộ Tư pháp", "ORG"),
    ]


def test_a_board_or_an_agency_word_before_a_company_stays_out() -> None:
    assert spans("Ban kiểm soát Vietbank đã họp.") == [("Vietbank", "ORG")]
    assert spans("Cơ quan FSAX vừa cảnh báo.") == [("FSAX", "ORG")]


def test_clubs_of_a_country_are_not_a_club() -> None:
    assert spans("Ba CLB Italia dự giải.") == [("Italia", "LOC")]


def test_family_names_that_are_also_words() -> None:
    assert spans("Hàn Minh Đức phát biểu trong buổi lễ.") == [("Hàn Minh Đức", "PER")]
    assert spans("Cát Hội Tiệp vừa ra mắt phim mới.") == [("Cát Hội Tiệp", "PER")]


def test_an_initial_joined_to_a_name_is_a_person() -> None:
    assert spans("Người ghi bàn là C.Ronaldo.") == [("C.Ronaldo", "PER")]


def test_a_brand_then_a_known_product_line_is_a_product() -> None:
    got = recognize("Tôi vẫn giữ chiếc Samsung Galaxy S đời đầu.")
    assert not [m for m in got if m.type in ("ORG", "PER")]


def test_a_club_nickname_is_the_club() -> None:
    assert spans("Anh đã chơi 5 năm cho The Blues.")[-1] == ("The Blues", "ORG")


def test_organisation_names_in_sentence_case() -> None:
    text = "Hiệp hội Phần mềm và dịch vụ công nghệ thông tin Việt Nam tổ chức giải."
    assert spans(text) == [("Hiệp hội Phần mềm và dịch vụ công nghệ thông tin Việt Nam", "ORG")]
    text = "Hồ sơ gửi Cục Hộ tịch, quốc tịch và chứng thực (Bộ Tư pháp) đã được duyệt."
    assert spans(text) == [("Cục Hộ tịch, quốc tịch và chứng thực", "ORG"), ("Bộ Tư pháp", "ORG")]
    assert spans("Bộ Y tế hỗ trợ các tỉnh.") == [("Bộ Y tế", "ORG")]
    assert spans("Bộ Công an điều tra, làm rõ vụ việc.") == [("Bộ Công an", "ORG")]


def test_a_title_ending_in_a_capitalised_head_leaves_the_head_to_the_body() -> None:
    assert spans("Ông là Phó Trưởng Ban Tuyên giáo Trung ương.") == [
        ("Ban Tuyên giáo Trung ương", "ORG")
    ]


def test_an_apposition_in_brackets_or_after_a_dash() -> None:
    assert spans("Dữ liệu của Jobfinda (website tuyển dụng) cho thấy lương tăng.") == [
        ("Jobfinda", "ORG")
    ]


def test_a_nationality_then_a_foreign_name() -> None:
    assert spans("Trận đấu với võ sĩ người Nga Khabib rất khó.") == [
        ("Nga", "LOC"),
        ("Khabib", "PER"),
    ]


def test_a_place_then_an_organisation_suffix_is_an_organisation() -> None:
    assert spans("Máy bay của Hong Kong Airlines bốc cháy.") == [("Hong Kong Airlines", "ORG")]


def test_in_a_sports_article_short_vietnamese_names_are_players() -> None:
    doc = recognize_document(
        ["Trận đấu có nhiều bàn thắng.", "Dẫn đầu là Tiến Linh (7 bàn), Quang Hải (4 bàn)."]
    )
    assert [(m.text, m.type) for m in doc[1]] == [("Tiến Linh", "PER"), ("Quang Hải", "PER")]


def test_a_cue_ending_in_a_capitalised_head_leaves_the_head_to_the_name() -> None:
    text = "Anh tốt nghiệp trường Đại học Nông lâm, Đại học Huế năm ngoái."
    assert spans(text) == [("Đại học Nông lâm", "ORG"), ("Đại học Huế", "ORG")]


def test_a_sentence_case_name_ending_in_a_lower_case_place() -> None:
    text = "Bảo tàng giữ tài liệu của Mặt trận dân tộc giải phóng miền Nam."
    assert spans(text) == [("Mặt trận dân tộc giải phóng miền Nam", "ORG")]


def test_a_technology_after_a_role_word_is_no_organisation() -> None:
    assert spans("Hãng này là nhà sản xuất OLED lớn.") == []
    assert spans("Bác sĩ Trung khám cho bé.") == [("Trung", "PER")]


def test_a_field_that_is_also_a_verb_does_not_join_the_name() -> None:
    assert spans("Bộ Y tế hỗ trợ Hà Nội thêm máy thở.") == [("Bộ Y tế", "ORG"), ("Hà Nội", "LOC")]
    text = "Trung tâm kiểm soát bệnh tật tỉnh Yên Bái khuyến cáo người dân."
    assert spans(text) == [("Trung tâm kiểm soát bệnh tật tỉnh Yên Bái", "ORG")]


def test_a_family_name_that_is_also_a_head() -> None:
    assert spans("Đoàn Văn Hậu ghi bàn thắng.") == [("Đoàn Văn Hậu", "PER")]
    assert spans("Đoàn Thanh niên tổ chức hội trại.") == [("Đoàn Thanh niên", "ORG")]


def test_school_after_a_cue_and_its_level_in_lower_case() -> None:
    assert spans("Trường hợp ở trường tiểu học Kim Đồng đã được báo cáo.") == [("Kim Đồng", "ORG")]


def test_a_river_named_by_a_place_word() -> None:
    assert spans("Nước thải đổ ra sông Cầu, gây ô nhiễm.") == [("Cầu", "LOC")]


def test_parties_after_dang() -> None:
    assert spans("Bà là thành viên đảng Cộng hòa.") == [("Cộng hòa", "ORG")]


def test_a_province_after_a_team_word_in_a_sports_article() -> None:
    doc = recognize_document(
        ["Các cầu thủ ra sân trước trận đấu.", "Họ vừa thắng đội Nam Định 2-0."]
    )
    assert [(m.text, m.type) for m in doc[1]] == [("Nam Định", "ORG")]


def test_a_given_name_that_looks_vietnamese_after_the_start() -> None:
    assert spans("Hôm qua cô đi ăn với Leo ở quận 1.") == [("Leo", "PER")]
    assert spans("Người hàng xóm, Pavlo, 31 tuổi, kể lại.")[-1] == ("Pavlo", "PER")


def test_an_initial_then_a_foreign_name() -> None:
    assert spans("Ông R. Sharma cho biết như vậy.") == [("R. Sharma", "PER")]


def test_an_abbreviation_of_an_untyped_name_is_not_typed() -> None:
    text = "Học theo khung Common Core State Standards (CCSS) của Mỹ."
    assert not [m for m in recognize(text) if m.type == "ORG"]


def test_plural_clubs_of_a_country() -> None:
    assert spans("Các CLB Anh càng rụt rè hơn.") == [("Anh", "LOC")]


def test_a_score_after_a_club_is_no_model() -> None:
    doc = recognize_document(["Trận đấu có nhiều bàn thắng.", "Cuối cùng Arsenal thắng 2-0."])
    assert [(m.text, m.type) for m in doc[1]] == [("Arsenal", "ORG")]
    assert [(m.text, m.type) for m in recognize("Chelsea 3-1 Leeds")][0] == ("Chelsea", "ORG")
