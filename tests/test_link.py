"""Linking on real and sample articles: events, stories, reuse, stable ids."""

import json
import math

import pytest
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from conftest import SEEDS, run_cli

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    db = str(tmp_path_factory.mktemp("link") / "l.db")
    assert run_cli("ingest", str(SEEDS), "--db", db).returncode == 0
    first = json.loads(run_cli("export", "--db", db).stdout)
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    both = json.loads(run_cli("export", "--db", db).stdout)
    return first, both


def _by_source(data):
    return {
        a["source"][:3] if a["source"][0].isdigit() else a["source"]: a["id"]
        for a in data["articles"]
    }


def _event_of(data):
    return {a: e["id"] for e in data["events"] for a in e["articles"]}


def _story_of(data):
    return {a: s["id"] for s in data["stories"] for a in s["articles"]}


def test_same_call_two_outlets_is_one_event_and_other_happenings_are_not(linked) -> None:
    first, _ = linked
    ids, event = _by_source(first), _event_of(first)
    assert event[ids["000"]] == event[ids["001"]]
    others = {event[ids[k]] for k in ("002", "003", "004")}
    assert len(others) == 3 and event[ids["000"]] not in others


def test_seeds_are_one_story(linked) -> None:
    first, _ = linked
    assert len(first["stories"]) == 1
    assert len(first["stories"][0]["articles"]) == 5


def test_every_article_in_one_event_and_every_event_in_one_story(linked) -> None:
    _, both = linked
    in_events = [a for e in both["events"] for a in e["articles"]]
    assert sorted(in_events) == sorted(a["id"] for a in both["articles"])
    in_stories = [e for s in both["stories"] for e in s["events"]]
    assert sorted(in_stories) == sorted(e["id"] for e in both["events"])


def test_unrelated_articles_do_not_join_the_seeds_story(linked) -> None:
    first, both = linked
    seeds_story = first["stories"][0]["id"]
    story = _story_of(both)
    ids = _by_source(both)
    for name in ("bao-yagi-01-do-bo.txt", "metro-01-khai-truong.txt", "sap-nhap-01-nghi-quyet.txt"):
        assert story[ids[name]] != seeds_story
    assert story[ids["metro-01-khai-truong.txt"]] != story[ids["sap-nhap-01-nghi-quyet.txt"]]


def test_ids_stay_when_more_articles_arrive(linked) -> None:
    first, both = linked
    assert {e["id"] for e in first["events"]} <= {e["id"] for e in both["events"]}
    assert {s["id"] for s in first["stories"]} <= {s["id"] for s in both["stories"]}
    assert _event_of(first).items() <= _event_of(both).items()


def test_copied_paragraph_is_reuse_with_the_first_publisher(linked) -> None:
    _, both = linked
    ids = _by_source(both)
    passages = [r for r in both["reuse"] if set(r["articles"]) == {ids["001"], ids["003"]}]
    assert passages and passages[0]["kind"] == "passage"
    assert "Theo hãng thông tấn trung ương Triều Tiên (KCNA)" in passages[0]["text"]
    assert passages[0]["first"] == ids["001"]
    expected = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))
    a, b = (ids[f] for f in expected["shared_paragraph"]["files"])
    shared = [r for r in both["reuse"] if set(r["articles"]) == {a, b}]
    assert shared and shared[0]["first"] == a


def test_reingest_changes_nothing(cli, seeds, db) -> None:
    assert cli("ingest", str(seeds), "--db", db).returncode == 0
    before = json.loads(cli("export", "--db", db).stdout)
    assert cli("ingest", str(seeds), "--db", db).returncode == 0
    after = json.loads(cli("export", "--db", db).stdout)
    assert before["events"] == after["events"] and before["stories"] == after["stories"]


def _place(store, linker, title, text, published=None):
    from biennien.model import Article
    from biennien.pipeline import identity_text, process

    article = Article(text=text, source=f"{title}.txt", title=title, published=published)
    with store.transaction():
        article_id, _ = store.insert_article(process(article), identity_text(article))
        return linker.place(article_id, process(article))[0]


_FLOOD = (
    "Mưa lớn kéo dài khiến nước sông Hồng dâng cao, nhiều tuyến đường ở Hà Nội ngập sâu.\n"
    "Hàng trăm hộ dân ven sông phải sơ tán, lực lượng cứu hộ túc trực suốt đêm."
)
_METRO = (
    "Tuyến đường sắt đô thị Nhổn - ga Hà Nội chạy thử đoạn trên cao với tám đoàn tàu.\n"
    "Ban quản lý dự án cho biết hành khách có thể đi tàu miễn phí trong tuần đầu."
)


def test_events_that_come_close_merge_later_keeping_the_older_id(store_db, monkeypatch) -> None:
    import biennien.link as link
    from biennien.store import open_store

    with open_store(store_db) as store:
        linker = link.Linker(store)
        monkeypatch.setattr(link, "EVENT_THRESHOLD", 2.0)  # nothing joins, nothing merges
        monkeypatch.setattr(link, "MERGE_THRESHOLD", 2.0)
        first = _place(store, linker, "Nước sông Hồng dâng cao", _FLOOD)
        _place(store, linker, "Chạy thử tàu điện Nhổn", _METRO)
        second = _place(store, linker, "Hà Nội ngập sâu vì mưa lớn", _FLOOD + "\nMưa còn kéo dài.")
        assert first != second
        monkeypatch.setattr(link, "MERGE_THRESHOLD", 0.25)
        with store.transaction():
            linker.flush()  # the events touched since the last flush are compared again
        events = {e.id: e for e in store.events()}
        assert first in events and second not in events and events[first].size == 2
        assert store.event(second) is None
        assert (
            store.conn.execute("SELECT merged_into FROM events WHERE id = ?", (second,)).fetchone()[
                0
            ]
            == first
        )


def test_an_event_is_joined_by_mean_similarity_to_its_articles(store_db) -> None:
    import biennien.link as link
    from biennien.store import open_store

    with open_store(store_db) as store:
        linker = link.Linker(store)
        first = _place(store, linker, "Nước sông Hồng dâng cao", _FLOOD)
        other = _place(store, linker, "Chạy thử tàu điện Nhổn", _METRO)
        again = _place(store, linker, "Hà Nội ngập sâu vì mưa lớn", _FLOOD + "\nMưa còn kéo dài.")
        assert again == first != other
        vector, _ = store.event_vector(first)
        assert store.event(first).size == 2
        # the sum of its two articles' unit vectors: |a + b|² = 2 + 2 cos(a, b)
        cos = (sum(w * w for w in vector.values()) - 2) / 2
        assert 0.3 < cos <= 1.0
        assert link._Event(store.event(first), vector, 0).similarity(
            link.normalised(vector)
        ) == pytest.approx((1 + cos) / math.sqrt(2 + 2 * cos), abs=1e-3)


def test_dates_take_from_the_similarity_of_two_articles() -> None:
    import biennien.link as link

    unit = {"cầu": 1.0}

    def pair(a: tuple, b: tuple) -> float:
        return link._member_score(link._member(unit, *a), link._member(unit, *b))

    same = ("2024-03-13", "2024-03-12", ["2024-03-10", "2024-03-12"])
    assert pair(same, same) == pytest.approx(1.0)
    # a follow-up: published the next day, its latest day is a later one
    later = ("2024-03-14", "2024-03-13", ["2024-03-12", "2024-03-13"])
    assert pair(same, later) == pytest.approx(1.0 - link.LATEST_DAY_PENALTY)
    # a week apart, talking of other days
    week = ("2024-03-20", "2024-03-19", ["2024-03-19"])
    assert pair(same, week) == pytest.approx(
        1.0 - link.FAR_PUBLICATION_PENALTY - link.LATEST_DAY_PENALTY - link.DAY_PENALTY
    )
    # undated: days compared by their place in the year; an article naming no day loses nothing
    assert pair((None, None, ["XXXX-03-10"]), (None, None, ["XXXX-03-11"])) == pytest.approx(1.0)
    assert pair((None, None, ["XXXX-03-10"]), same) == pytest.approx(1.0)
    assert pair((None, None, ["XXXX-03-10"]), (None, None, ["XXXX-03-20"])) == pytest.approx(
        1.0 - link.DAY_PENALTY
    )
    assert pair((None, None, []), (None, None, ["XXXX-03-20"])) == pytest.approx(1.0)


def test_the_days_an_article_talks_about() -> None:
    import datetime as dt

    from biennien.link.features import link_features
    from biennien.model import Article
    from biennien.pipeline import process

    text = (
        "Sáng 10/3, đoàn kiểm tra đến công trường cầu mới.\n"
        "Chiều 12/3, đơn vị thi công báo cáo tiến độ và đề xuất tăng ca.\n"
        "Dự kiến ngày 30/4 cầu sẽ thông xe."
    )

    def features(published: dt.date | None):
        article = Article(text=text, source="cau.txt", title="Cầu mới", published=published)
        return link_features(process(article))

    dated = features(dt.date(2024, 3, 13))
    # within ten days before publication: not the day the bridge is to open
    assert dated.days == ["2024-03-10", "2024-03-12"]
    assert (dated.focus, dated.latest) == ("2024-03-10", "2024-03-12")
    undated = features(None)
    assert undated.days == ["XXXX-03-10", "XXXX-03-12", "XXXX-04-30"]
    assert (undated.focus, undated.latest) == ("XXXX-03-10", None)


def test_titles_are_compared_as_a_block_of_their_own() -> None:
    from biennien.link.features import TITLE_PREFIX, blocks_unit, dot, terms
    from biennien.model import Article
    from biennien.pipeline import process

    counts = terms(process(Article(text=_METRO, source="m.txt", title="Chạy thử tàu điện")))
    assert counts[TITLE_PREFIX + "tàu điện"] == 1 and counts["tàu điện"] >= 2
    share = 0.3
    text = {"mưa": 1.0, "sông": 2.0}
    one = blocks_unit(text | {TITLE_PREFIX + "ngập": 1.0}, share)
    other = blocks_unit(text | {TITLE_PREFIX + "lũ": 1.0}, share)
    assert dot(one, one) == pytest.approx(1.0)
    assert dot(one, other) == pytest.approx(1.0 - share)  # same text, other title
    title_only = blocks_unit({"tàu": 1.0, TITLE_PREFIX + "ngập": 1.0}, share)
    assert dot(one, title_only) == pytest.approx(share)  # same title, other text


def test_an_article_unlike_one_of_an_events_articles_does_not_join(store_db) -> None:
    import biennien.link as link
    from biennien.store import open_store

    with open_store(store_db) as store:
        linker = link.Linker(store)
        linker.n_docs = 10_000  # no early margin
        event = [link._member({"a": 1.0}), link._member({"b": 1.0})]
        both = link._member({"a": math.sqrt(0.5), "b": math.sqrt(0.5)})
        assert linker._fits([both], event, 0.3) == pytest.approx(math.sqrt(0.5))
        # as close on average as the threshold asks, but unlike the second article
        like_first = link._member({"a": 1.0})
        assert linker._fits([like_first], event, 0.3) is None
        assert linker._fits([like_first], event[:1], 0.3) == pytest.approx(1.0)


def test_weaker_links_wait_for_the_end_of_the_ingest(store_db, monkeypatch) -> None:
    import biennien.link as link
    from biennien.store import open_store

    monkeypatch.setattr(link, "EARLY_MARGIN", 0.0)
    monkeypatch.setattr(link, "EVENT_THRESHOLD", 0.95)  # only near copies join at once
    monkeypatch.setattr(link, "MERGE_THRESHOLD", 0.95)
    with open_store(store_db) as store:
        linker = link.Linker(store)
        first = _place(store, linker, "Nước sông Hồng dâng cao", _FLOOD)
        metro = _place(store, linker, "Chạy thử tàu điện Nhổn", _METRO)
        second = _place(store, linker, "Hà Nội ngập sâu vì mưa lớn", _FLOOD + "\nMưa còn kéo dài.")
        assert len({first, metro, second}) == 3
        with store.transaction():
            linker.flush()
        events = {e.id: e for e in store.events()}
        assert set(events) == {first, metro} and events[first].size == 2


@pytest.mark.parametrize("b_to_c, joins", [(0.3, True), (0.05, False)])
def test_weak_links_compare_a_merged_event_by_all_pairs_of_articles(
    store_db, monkeypatch, b_to_c, joins
) -> None:
    """When two events merge at the end of an ingest, a third is compared with the merged one
    over every pair of articles, also when it came within reach of one of the two only: the
    mean decides, and one pair below MIN_SIMILARITY keeps it out (complete linkage)."""
    import biennien.link as link
    from biennien.store import open_store

    monkeypatch.setattr(link, "EARLY_MARGIN", 0.0)
    monkeypatch.setattr(link, "EVENT_THRESHOLD", 2.0)  # nothing joins or merges at once
    monkeypatch.setattr(link, "MERGE_THRESHOLD", 2.0)
    with open_store(store_db) as store:
        linker = link.Linker(store)
        a = _place(store, linker, "Nước sông Hồng dâng cao", _FLOOD)
        b = _place(store, linker, "Hà Nội ngập sâu vì mưa lớn", _FLOOD + "\nMưa còn kéo dài.")
        c = _place(store, linker, "Chạy thử tàu điện Nhổn", _METRO)
        # each event one article along its own axis; cosines set by hand
        axis = {a: {"x": 1.0}, b: {"x": 0.9, "y": math.sqrt(1 - 0.81)}}
        y_c = (b_to_c - 0.3 * 0.9) / axis[b]["y"]  # a and c: 0.3
        axis[c] = {"x": 0.3, "y": y_c, "z": math.sqrt(1 - 0.09 - y_c * y_c)}
        members = {e: [link._member(v)] for e, v in axis.items()}
        monkeypatch.setattr(linker, "_group", lambda event: members[event.row.id])
        monkeypatch.setattr(linker, "_pair", lambda one, other: 1.0)  # all within reach
        linker.near = {a: {b, c}, b: {a}, c: {a}}  # c came within reach of a only
        with store.transaction():
            linker._settle()
        events = {e.id: e.size for e in store.events()}
        assert events == ({a: 3} if joins else {a: 2, c: 1})


def test_a_new_event_joins_a_story_only_near_one_of_its_events(store_db) -> None:
    """A story's vector sums all its articles; a new event that is close to that vector joins
    the story only when the article is also close to one of the story's events (else a story
    drifts from subject to subject through its ever broader vector)."""
    import biennien.link as link
    from biennien.store import open_store

    with open_store(store_db) as store:
        linker = link.Linker(store)
        first = _place(store, linker, "Nước sông Hồng dâng cao", _FLOOD)
        story = store.event(first).story_id
        with store.transaction():
            vec = linker.weigh({t: 1.0 for t in store.vector("story", story)})
            assert linker._story_for(vec, "a", None) == story  # the vector alone: joins
            assert linker._story_for(vec, "b", None, {story: 0.5}) == story
            below = link.STORY_EVENT_FLOOR - 0.01
            assert linker._story_for(vec, "c", None, {story: below}) == "st-c"
            assert linker._story_for(vec, "d", None, {}) == "st-d"


def _spans_from_events(store) -> dict[str, tuple[str, str] | None]:
    rows = store.conn.execute(
        "SELECT story_id, MIN(first_published), MAX(last_published) FROM events GROUP BY story_id"
    ).fetchall()
    return {sid: (first, last) if first else None for sid, first, last in rows}


def test_story_spans_kept_by_the_store_are_those_of_its_events(store_db) -> None:
    """What the store keeps of each story's publication span (read when placing an article)
    is the span of its events, absorbed ones included, after joins and merges."""
    from conftest import run_cli

    from biennien.store import open_store

    assert run_cli("ingest", str(EXAMPLES), "--db", store_db).returncode == 0
    with open_store(store_db, readonly=True) as store:
        expected = _spans_from_events(store)
        assert sum(span is not None for span in expected.values()) >= 3
        assert {sid: store.story_span(sid) for sid in expected} == expected


def test_story_weights_are_stored_and_weighed_again_only_when_stale(store_db, monkeypatch) -> None:
    """A story read by a new linker takes its stored TF-IDF weights (no document frequency is
    looked up) until the store has grown enough for them to be stale; then it is weighed with
    the document frequencies of now, and those weights are stored."""
    from conftest import run_cli

    import biennien.link as link
    from biennien.store import open_store

    assert run_cli("ingest", str(EXAMPLES), "--db", store_db).returncode == 0
    with open_store(store_db) as store:
        stories = [r[0] for r in store.conn.execute("SELECT id FROM stories").fetchall()]
        with store.transaction():
            for sid in stories:  # weighs those stale since the ingest and stores them
                link.Linker(store)._story_vectors(sid)
        linker = link.Linker(store)
        lookups: list[str] = []
        real = store.doc_freqs

        def counted(terms):
            lookups.extend(terms)
            return real(terms)

        monkeypatch.setattr(store, "doc_freqs", counted)
        for sid in stories:
            _, weighed = linker._story_vectors(sid)
            stored, n = store.story_weights(sid)[1:]
            assert weighed == stored and not linker._stale(n)
        assert lookups == []
        linker = link.Linker(store)
        linker.n_docs *= 3  # the store has grown: every stored weight is stale
        sid = max(stories, key=lambda s: len(store.vector("story", s)))
        _, weighed = linker._story_vectors(sid)
        assert lookups
        expected = link.normalised(linker.weigh(store.vector("story", sid)))
        assert weighed == expected and store.story_weights(sid)[2] == linker.n_docs


def test_an_older_store_gets_its_story_spans_when_migrated(db) -> None:
    """A store made before stories kept their span (schema 6) gets it from its events."""
    import sqlite3

    from conftest import run_cli

    from biennien.store import open_store

    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("DROP INDEX event_terms_event")
    for column in ("first_published", "last_published", "weighed", "weighed_n"):
        conn.execute(f"ALTER TABLE stories DROP COLUMN {column}")
    conn.execute("DELETE FROM schema_version WHERE version >= 7")
    conn.commit()
    conn.close()
    with open_store(db) as store:
        expected = _spans_from_events(store)
        assert any(expected.values())
        assert {sid: store.story_span(sid) for sid in expected} == expected


def test_settling_tells_how_far_it_has_gone(store_db, monkeypatch) -> None:
    import biennien.link as link
    from biennien.store import open_store

    monkeypatch.setattr(link, "EARLY_MARGIN", 0.0)
    monkeypatch.setattr(link, "EVENT_THRESHOLD", 0.95)  # only near copies join at once
    monkeypatch.setattr(link, "MERGE_THRESHOLD", 0.95)
    told: list[tuple[int, int]] = []
    with open_store(store_db) as store:
        linker = link.Linker(store)
        _place(store, linker, "Nước sông Hồng dâng cao", _FLOOD)
        _place(store, linker, "Chạy thử tàu điện Nhổn", _METRO)
        _place(store, linker, "Hà Nội ngập sâu vì mưa lớn", _FLOOD + "\nMưa còn kéo dài.")
        with store.transaction():
            linker.flush(lambda done, total: told.append((done, total)))
        assert len(store.events()) == 2  # the weak link was made while it told
    dones = [d for d, _ in told]
    assert told and dones == list(range(1, len(told) + 1))
    assert all(d <= t for d, t in told) and told[-1][0] == told[-1][1]


def test_weights_follow_the_counts_as_articles_arrive(tmp_path) -> None:
    """What weighing keeps between articles does not go stale: after each article the weights
    are those a linker that has just read the counts from the store computes."""
    from biennien import link
    from biennien.store import open_store

    with open_store(str(tmp_path / "w.db")) as store:
        linker = link.Linker(store)
        tf = {"sông": 1.0, "đường": 2.0, "tàu": 1.5, "chưa gặp": 1.0}
        seen = []
        for i, text in enumerate((_FLOOD, _METRO, _FLOOD + "\nThêm một câu về tàu.")):
            before = linker.weigh(tf)
            _place(store, linker, f"t{i}", text)
            with linker.transaction():
                linker._flush()
            fresh = link.Linker(store).weigh(tf)
            assert linker.weigh(tf) == fresh
            seen.append(fresh)
            assert fresh != before  # every count moved with the new article
        assert seen[0]["tàu"] > seen[1]["tàu"]  # the second article holds "tàu": rarer no more
