"""The store, on each backend: identity by content, sources, migrations, bad stores."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biennien.model import Article
from biennien.pipeline import identity_text, process
from biennien.store import StoreError, open_store
from biennien.store.sqlite import pack_vector, searchable, unpack_vector


def _article(text: str, source: str, **kw) -> Article:
    return Article(text=text, source=source, **kw)


def _add(store, article: Article):
    return store.add(process(article), identity_text(article))


def test_same_content_twice_is_one_article_with_two_sources(store_db: str) -> None:
    with open_store(store_db) as store:
        a1, new1 = _add(store, _article("Nội dung giống nhau.", "a.txt", title="Tiêu đề chung"))
        a2, new2 = _add(store, _article("Nội dung giống nhau.", "b.txt", title="Tiêu đề chung"))
        assert (new1, new2) == (True, False)
        assert a1 == a2
        assert store.count() == 1
        assert store.sources(a1) == ("a.txt", "b.txt")


def test_tone_mark_variants_are_the_same_content(store_db: str) -> None:
    with open_store(store_db) as store:
        a1, _ = _add(store, _article("Hoà bình được giữ vững.", "a.txt"))
        a2, new = _add(store, _article("Hòa bình được giữ vững.", "b.txt"))
        assert a1 == a2 and not new


def test_different_outlet_or_date_is_a_different_article(store_db: str) -> None:
    text = "Một bản tin được nhiều báo đăng lại."
    with open_store(store_db) as store:
        ids = {
            _add(store, _article(text, "a.txt", outlet="VnExpress"))[0],
            _add(store, _article(text, "b.txt", outlet="Tuổi Trẻ"))[0],
            _add(store, _article(text, "c.txt", outlet="Tuổi Trẻ", published=dt.date(2024, 9, 7)))[
                0
            ],
        }
        assert len(ids) == 3


def test_ids_are_stable_across_stores(new_db) -> None:
    article = _article("Bài viết có định danh ổn định.", "a.txt", title="Định danh")
    with open_store(new_db()) as s1, open_store(new_db()) as s2:
        assert _add(s1, article)[0] == _add(s2, article)[0]


def test_migrations_are_recorded_and_reopening_keeps_data(store_db: str) -> None:
    with open_store(store_db) as store:
        _add(store, _article("Giữ nguyên dữ liệu khi mở lại.", "a.txt"))
        version = store.schema_version()
    assert version >= 1
    with open_store(store_db) as store:
        assert store.schema_version() == version
        assert store.count() == 1


def test_newer_schema_is_refused(store_db: str) -> None:
    with open_store(store_db) as store:
        store.conn.execute("INSERT INTO schema_version VALUES (?)", (999,))
    with pytest.raises(StoreError, match="newer than this biennien"):
        open_store(store_db)


def test_a_file_that_is_not_a_database(tmp_path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("đây không phải cơ sở dữ liệu " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(str(bad))


def test_data_version_changes_with_the_commits_of_others(store_db: str) -> None:
    with open_store(store_db) as one, open_store(store_db) as other:
        start = one.data_version()
        with one.transaction():
            one.set_meta("mine", "1")
        assert one.data_version() == start  # its own commits do not count
        with pytest.raises(RuntimeError):
            with other.transaction():
                other.set_meta("theirs", "0")
                raise RuntimeError("rolled back")
        assert one.data_version() == start  # nor does what others rolled back
        with other.transaction():
            other.set_meta("theirs", "1")
        assert one.data_version() != start


def test_merging_events_finds_the_postings_by_index(tmp_path) -> None:
    """Merging two events moves the absorbed one's postings: by an index on the event, not by
    reading every posting of the store (a scan made each merge cost time in the store's size)."""
    with open_store(str(tmp_path / "s.db")) as store:
        for eid in ("ev-a", "ev-b"):
            store.create_story(f"st-{eid}")
            store.create_event(eid, f"st-{eid}")
            store.post("event", eid, ["chung", eid])
        for sql in (
            "SELECT term FROM event_terms WHERE event_id = ?",
            "DELETE FROM event_terms WHERE event_id = ?",
        ):
            plan = " ".join(r[-1] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", ("x",)))
            assert "event_terms_event" in plan, plan
        store.merge_events("ev-a", "ev-b")
        assert store.candidates("event", ["ev-b"], 5) == ["ev-a"]
        assert store.candidates("event", ["chung"], 5) == ["ev-a"]


@given(
    st.dictionaries(
        st.text(st.characters(codec="utf-8"), max_size=12),
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=6),
)
def test_packed_vectors_read_back_as_their_rounded_weights(vector, digits) -> None:
    """The binary form of a term vector gives back the same terms in the same order and the
    same numbers as JSON of the rounded weights did (NUL in a term: kept as JSON)."""
    packed = pack_vector(vector, digits)
    rounded = {t: round(w, digits) for t, w in vector.items()}
    back = unpack_vector(packed)
    assert back == json.loads(json.dumps(rounded)) and list(back) == list(rounded)
    assert isinstance(packed, str) == any("\0" in t for t in vector)


def test_vectors_stored_as_json_by_an_older_store_are_read(store_db: str) -> None:
    with open_store(store_db) as store:
        article_id, _ = _add(store, _article("Một bài để gắn véc tơ.", "a.txt"))
        with store.transaction():
            store.create_story("st-1")
            store.create_event("ev-1", "st-1")
            store.add_to_event(article_id, "ev-1", None, None)
            store.conn.execute(
                "INSERT INTO article_vectors (article_id, vector) VALUES (?, ?)",
                (article_id, '{"hà nội": 1.5, "#p2024-01-02": 1.0}'),
            )
            store.conn.execute("UPDATE events SET vector = ? WHERE id = 'ev-1'", ('{"a": 0.25}',))
        assert store.member_vectors("ev-1") == [{"hà nội": 1.5, "#p2024-01-02": 1.0}]
        assert store.event_vector("ev-1")[0] == {"a": 0.25}
        with store.transaction():
            store.set_event_vector("ev-1", {"b": 1 / 3}, 7)
        assert store.event_vector("ev-1") == ({"b": round(1 / 3, 5)}, 7)


def test_text_made_for_search_in_a_worker_is_what_the_store_makes(tmp_path) -> None:
    """An article stored with its searchable text made beforehand (as workers do) is found and
    shown by search exactly as one stored without it."""
    article = _article(
        "Hà Nội công bố kế hoạch mới. Người dân Hà Nội được hỏi ý kiến vào tháng 9/2025.",
        "a.txt",
        title="Kế hoạch của Hà Nội",
    )
    out = []
    for name, made in (("plain", False), ("made", True)):
        with open_store(str(tmp_path / f"{name}.db")) as store:
            doc = process(article)
            with store.transaction():
                store.insert_article(doc, identity_text(article), searchable(doc) if made else None)
            heads = store.conn.execute("SELECT head, whole, folded FROM search_heads").fetchall()
            out.append((heads, store.search("ha noi thang 9"), store.search("kế hoạch")))
    assert out[0] == out[1] and out[0][1] and out[0][2]
