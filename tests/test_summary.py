"""The summariser on small stories written for the test: what several articles share wins,
nothing is said twice, the budget holds, and every sentence points back to its article."""

from biennien.link.features import stopwords
from biennien.story.summary import (
    LENGTH_EXPONENT,
    Unit,
    concept_weights,
    concepts,
    exchange,
    gain_per_word,
    is_sentence,
    summarize,
)


def _story(articles: dict[str, list[str]]) -> list[Unit]:
    units = []
    for order, (name, sentences) in enumerate(articles.items()):
        for i, text in enumerate(sentences):
            units.append(Unit(name, i, text, "lead" if i == 0 else "body", None, order, i))
    return units


SHARED = "Cầu Long Phước mới được thông xe sáng thứ hai sau hai năm thi công"
STORY = {
    "a": [
        SHARED + ".",
        "Người dân hai bên bờ sông Đồng Nai không còn phải đi phà qua sông.",
        "Một quán cà phê ven đường hôm ấy đông khách hơn mọi ngày thường.",
    ],
    "b": [
        "Sáng thứ hai, cầu Long Phước mới được thông xe sau hai năm thi công liên tục.",
        "Chủ đầu tư cho biết tổng vốn của công trình là bốn trăm tỉ đồng.",
        "Người dân hai bên bờ sông Đồng Nai từ nay không còn phải đi phà.",
    ],
    "c": [
        "Tổng vốn của công trình cầu Long Phước là bốn trăm tỉ đồng, chủ đầu tư cho biết.",
        "Một đội bóng thiếu niên của xã tổ chức giao lưu vào chiều chủ nhật vừa rồi.",
    ],
}


def test_shared_content_is_chosen_and_singletons_are_not() -> None:
    chosen = summarize(_story(STORY), words=40)
    texts = " ".join(c.text for c in chosen)
    assert "thông xe" in texts
    assert "quán cà phê" not in texts and "đội bóng" not in texts


def test_no_sentence_says_what_a_chosen_one_said() -> None:
    chosen = summarize(_story(STORY), words=200)
    said = [c.text for c in chosen]
    # the opening happening is told by a and b; only one of the two tellings enters
    assert sum("thông xe" in t for t in said) == 1
    assert sum("bốn trăm tỉ" in t for t in said) == 1
    assert sum("đi phà" in t for t in said) == 1
    # sentences that no other article shares add no concept: they never fill the budget
    assert not any("quán cà phê" in t or "đội bóng" in t for t in said)


def test_budget_is_whole_sentences_reaching_the_word_count() -> None:
    chosen = summarize(_story(STORY), words=10)
    assert len(chosen) == 1


def test_sentences_trace_back_and_keep_reading_order() -> None:
    units = _story(STORY)
    by_key = {(u.article, u.index): u.text for u in units}
    chosen = summarize(units, words=200)
    assert all(by_key[(c.article, c.index)] == c.text for c in chosen)
    orders = [(next(u.order for u in units if u.article == c.article), c.index) for c in chosen]
    assert orders == sorted(orders)


def test_one_article_story_still_has_a_summary() -> None:
    units = _story({"only": STORY["a"]})
    assert summarize(units, words=20)


def test_earlier_mention_weighs_more() -> None:
    stop = stopwords()
    units = _story({"x": ["mở đầu khác hẳn", "cầu mới thông xe"], "y": ["cầu mới thông xe"]})
    found = [concepts(u.text.split(), stop) for u in units]
    w = concept_weights(units, found)
    # first position in y (bonus 1 + 3/1) plus second position in x (1 + 3/2)
    assert w[("thông", "xe")] == 4.0 + 2.5
    # a pair only one article uses is worth nothing
    assert w[("mở", "đầu")] == 0.0
    # a pair of two function words is not a concept
    assert ("của", "các") not in concepts(["của", "các"], stop)


def test_fragments_are_not_sentences() -> None:
    assert is_sentence("Cầu Long Phước mới được thông xe sáng nay.")
    assert is_sentence("“Chúng tôi chờ cây cầu này đã lâu”, một người dân nói.")
    assert is_sentence("Ông Tâm nói: “Cầu đã xong”")
    assert is_sentence("iPhone đời mới được bán ở Hà Nội từ hôm nay (theo TTXVN)")
    # a headline or a byline run into the text, a link list, a piece cut at an abbreviation
    assert not is_sentence("Xem thêm: Cầu Long Phước thông xe sau hai năm thi công")
    assert not is_sentence("Cầu Long Phước thông xe Nguyễn Văn An")
    assert not is_sentence("thông xe sau hai năm thi công, người dân rất vui.")
    assert not is_sentence("- ii) quy mô vốn của công trình là bốn trăm tỉ đồng;")


def test_a_fragment_never_enters_the_summary() -> None:
    story = {name: [f"Tin liên quan: {SHARED}", *sentences] for name, sentences in STORY.items()}
    chosen = summarize(_story(story), words=200)
    assert chosen
    assert not any(c.text.startswith("Tin liên quan") for c in chosen)


def test_exchange_gives_a_chosen_sentence_up_for_one_that_covers_more() -> None:
    a, b, c, d = ("cầu", "mới"), ("thông", "xe"), ("hai", "năm"), ("bốn", "trăm")
    weight = {a: 1.0, b: 3.0, c: 3.0, d: 2.0}
    toks = [
        ["w"] * 10,  # 0: chosen by the greedy, covers a
        ["x"] * 12,  # 1: covers b and c: more, and fits
        ["y"] * 30,  # 2: covers a, b and c, but too long
        ["z"] * 8,  # 3: covers d, chosen
        ["v"] * 12,  # 4: covers everything, but says again all that 3 says
    ]
    found = [{a}, {b, c}, {a, b, c}, {d}, {a, b, c, d}]
    eligible = [0, 1, 2, 3, 4]
    assert sorted(exchange([0, 3], eligible, toks, found, weight, limit=20)) == [1, 3]
    # nothing covers more within the limit: the choice stays
    assert sorted(exchange([1, 3], eligible, toks, found, weight, limit=20)) == [1, 3]
    # a wider limit lets the long one in
    assert sorted(exchange([0, 3], eligible, toks, found, weight, limit=40)) == [2, 3]


def test_words_past_the_budget_count_for_less() -> None:
    # within the room left, the score is the gain per length ** LENGTH_EXPONENT
    assert gain_per_word(12.0, 30, 40) == 12.0 / 30**LENGTH_EXPONENT
    # past it, only the share of the sentence within the budget counts
    assert gain_per_word(12.0, 30, 10) == 12.0 * 10 / 30 / 30**LENGTH_EXPONENT
    # so a long sentence that adds more loses to a short one that fits
    assert gain_per_word(12.0, 30, 40) > gain_per_word(6.0, 10, 10) > gain_per_word(12.0, 30, 10)


LONG = (
    "Ủy ban nhân dân tỉnh Đồng Nai cho biết cầu Long Phước dài gần một nghìn mét nối thành phố "
    "Thủ Đức với huyện Long Thành và giúp hàng chục nghìn người dân đi lại dễ dàng hơn."
)
SHORT = "Cầu Long Phước mới được thông xe sáng thứ hai vừa qua."


def test_a_sentence_that_fits_the_budget_is_preferred() -> None:
    units = _story({"x": [SHORT, LONG], "y": [LONG, SHORT]})
    # the long one adds more shared concepts, but most of its words would run past 10
    assert [c.text for c in summarize(units, words=10)] == [SHORT]
    # with room for it, it comes first
    assert LONG in [c.text for c in summarize(units, words=40)]
