"""The store, on each backend: identity by content, sources, migrations, bad stores."""

import datetime as dt

import pytest

from biennien.model import Article
from biennien.pipeline import identity_text, process
from biennien.store import StoreError, open_store


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
