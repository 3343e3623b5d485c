"""Search in the store, on each backend: diacritics optional, every word needed, punctuated
words as phrases, the title weighing more, filters, and the highlighted snippets built on it."""

import json
from pathlib import Path

import pytest

from biennien.pipeline import ingest
from biennien.show.search import search as hits_for
from biennien.store import open_store
from biennien.text.fold import fold

ARTICLES = [
    {
        "title": "Triều Tiên gửi quân tới Kursk",
        "text": "Bình Nhưỡng xác nhận binh sĩ Triều Tiên tham chiến ở tỉnh Kursk của Nga.\n"
        "Ông Kim Jong-un gặp các gia đình binh sĩ.",
        "published": "2025-04-28",
        "outlet": "VnExpress",
    },
    {
        "title": "Nga và Triều Tiên ký hiệp ước",
        "text": "Tổng thống Vladimir Putin thăm Bình Nhưỡng và ký hiệp ước đối tác chiến lược "
        "toàn diện.\nHiệp ước có điều khoản hỗ trợ quân sự lẫn nhau.",
        "published": "2024-06-19",
        "outlet": "Tuổi Trẻ",
    },
    {
        "title": "Giá xăng giảm nhẹ",
        "text": "Liên bộ Công Thương - Tài chính điều chỉnh giá xăng dầu chiều 19/8.\n"
        "Giá xăng RON 95 giảm 200 đồng mỗi lít, xăng E5 giảm 150 đồng.",
        "published": "2025-08-19",
        "outlet": "VnExpress",
    },
    {
        "title": "Tin vắn buổi sáng",
        "text": "Điểm tin: đường sắt đô thị, thời tiết Hà Nội, và tin Triều Tiên.\n"
        "Mưa rào vài nơi ở Hà Nội.",
        "published": "2025-08-20",
        "outlet": "Dân trí",
    },
]


@pytest.fixture
def store(store_db, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    with open_store(store_db) as s:
        report = ingest([path], s, progress=False)
        assert report.ingested == len(ARTICLES)
        s.ids = report.ids  # in ARTICLES' order
        yield s


def test_diacritics_are_optional_and_every_word_is_needed(store) -> None:
    kursk = store.ids[0]
    assert [a for a, _ in store.search("trieu tien kursk")] == [kursk]
    assert [a for a, _ in store.search("Triều Tiên Kursk")] == [kursk]
    assert {a for a, _ in store.search("TRIEU TIEN")} == {store.ids[0], store.ids[1], store.ids[3]}
    assert store.search("trieu tien xang") == []
    assert store.search("dong chau au") == []


def test_title_words_weigh_more(store) -> None:
    found = [a for a, _ in store.search("trieu tien")]
    assert found[-1] == store.ids[3]  # only in its text, once; the others have it in the title
    scores = [s for _, s in store.search("trieu tien")]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_a_punctuated_word_is_a_phrase(store) -> None:
    assert [a for a, _ in store.search("19/8")] == [store.ids[2]]
    assert [a for a, _ in store.search("kim jong-un")] == [store.ids[0]]
    assert store.search("jong-kim") == []  # both words are there, not in this order
    assert store.search("8/19") == []


def test_queries_without_words_find_nothing(store) -> None:
    for query in ("", "   ", '"', "- / ...", "'); DROP TABLE articles; --"):
        assert store.search(query) == []
    assert store.count() == len(ARTICLES)


def test_filters(store) -> None:
    assert {a for a, _ in store.search("trieu tien", date_from="2025-01-01")} == {
        store.ids[0],
        store.ids[3],
    }
    assert [a for a, _ in store.search("trieu tien", date_to="2024-12-31")] == [store.ids[1]]
    assert [a for a, _ in store.search("gia xang", outlet="VnExpress")] == [store.ids[2]]
    assert store.search("gia xang", outlet="Tuổi Trẻ") == []
    putin = next(m.name for _, m in store.mentions(store.ids[1]) if "Putin" in m.name)
    entity = next(e for e in _entities(store) if e[1] == putin)[0]
    assert [a for a, _ in store.search("trieu tien", entity=entity)] == [store.ids[1]]
    story = store.events_of([store.ids[2]])[store.ids[2]]
    story_id = store.event(story).story_id
    assert [a for a, _ in store.search("gia xang", story=story_id)] == [store.ids[2]]
    assert store.search("trieu tien kursk", story=story_id) == []


def test_limit(store) -> None:
    assert len(store.search("trieu tien", limit=2)) == 2
    assert store.search("trieu tien", limit=2) == store.search("trieu tien")[:2]


def test_snippets_highlight_the_words_in_the_original_text(store) -> None:
    (hit,) = hits_for(store, "binh nhuong kursk")
    assert hit.article == store.ids[0]
    marked = [hit.snippet[a:b] for a, b in hit.spans]
    assert "Bình Nhưỡng" not in marked and "Kursk" in marked and "Nhưỡng" in marked


def _entities(store):
    seen = {}
    for article in store.ids:
        for _, m in store.mentions(article):
            from biennien.entities import entity_id

            seen[entity_id(m.type, m.name)] = m.name
    return list(seen.items())


def test_every_match_is_ranked_but_postgresql_ranks_the_most_recent_of_many(
    store, monkeypatch
) -> None:
    everywhere = {a for a, _ in store.search("trieu tien")}
    assert everywhere == {store.ids[0], store.ids[1], store.ids[3]}
    monkeypatch.setattr(type(store), "RANK_WINDOW", 2, raising=False)
    found = {a for a, _ in store.search("trieu tien")}
    if type(store).__name__ == "PostgresStore":
        assert found == {store.ids[1], store.ids[3]}  # the two stored last of the three
    else:  # the SQLite store's index ranks every match, the oldest too
        assert found == everywhere
    filtered = {a for a, _ in store.search("trieu tien", date_from="2024-01-01")}
    assert filtered == everywhere


def test_offset_pages_through_the_ranking(store) -> None:
    ranked = store.search("trieu tien")
    assert store.search("trieu tien", limit=1, offset=1) == ranked[1:2]
    assert store.search("trieu tien", limit=5, offset=2) == ranked[2:]
    assert store.search("trieu tien", offset=3) == []


def test_search_texts_are_the_sentences_after_the_title_in_order(store) -> None:
    texts = store.search_texts(store.ids)
    heads = store.search_texts(store.ids, first=2)
    assert set(texts) == set(heads) == set(store.ids)
    for article_id in store.ids:
        sentences = [s for s in store.sentences(article_id)]
        body = [s.text for s in sentences if s.kind != "title"]
        title, _published, _outlet, text, complete = texts[article_id]
        assert len(body) >= 2 and text == " ".join(body) and complete
        assert title and title not in text
        # the title is sentence 0: sentence 1 alone, and more to come
        assert sentences[0].kind == "title" and len(sentences) > 2
        assert heads[article_id][3:] == (sentences[1].text, False)


@pytest.mark.parametrize("head", [1, 2, 3])
def test_snippets_read_from_the_first_sentences_are_those_of_the_whole_text(
    store, monkeypatch, head
) -> None:
    import biennien.show.search as search_module

    queries = ["trieu tien", "nga", "ha noi", "xang", "binh si", "gia dinh", "muoi"]
    monkeypatch.setattr(search_module, "HEAD_SENTENCES", 10**6)
    whole = {q: [(h.article, h.snippet, h.spans) for h in hits_for(store, q)] for q in queries}
    monkeypatch.setattr(search_module, "SNIPPET_CHARS", 40)  # snippets run past a sentence
    short_whole = {q: [(h.article, h.snippet, h.spans) for h in hits_for(store, q)] for q in queries}
    monkeypatch.setattr(search_module, "HEAD_SENTENCES", head)
    assert {q: [(h.article, h.snippet, h.spans) for h in hits_for(store, q)] for q in queries} == (
        short_whole
    )
    monkeypatch.setattr(search_module, "SNIPPET_CHARS", 220)
    assert {q: [(h.article, h.snippet, h.spans) for h in hits_for(store, q)] for q in queries} == (
        whole
    )
    assert any(whole.values())


def test_an_index_in_many_segments_finds_the_same_as_one(tmp_path) -> None:
    folder = Path(__file__).parent.parent / "examples" / "articles"
    examples = [str(p) for p in sorted(folder.iterdir())]
    queries = ["bao yagi", "metro", "sap nhap tinh", "ha noi", "cau phong chau"]
    found, segments = [], []
    for one_by_one in (True, False):
        with open_store(str(tmp_path / f"{one_by_one}.db")) as store:
            if one_by_one:  # one ingest a file, each committed: a segment each
                for path in examples:
                    ingest([path], store, progress=False)
                    store.search("metro")
            else:
                ingest(examples, store, progress=False)
            segments.append(store.search_segments())
            found.append({q: store.search(q) for q in queries})
    assert segments[0] > 1 and segments[1] == 1
    assert found[0] == found[1] and all(found[0].values())  # the same hits and scores


def _old_layout_index(folder: str) -> None:
    """An index as an older biennien made it: the title and the text in fields of their own."""
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("seq", stored=True, indexed=True, fast=True)
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    Path(folder).mkdir()
    writer = tantivy.Index(sb.build(), path=folder).writer(15_000_000, 1)
    doc = tantivy.Document()
    doc.add_unsigned("seq", 1)
    doc.add_text("body", "metro")
    writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()


@pytest.mark.parametrize("index_was", ["absent", "of an older layout"])
def test_a_store_without_a_usable_index_is_indexed_when_opened_for_writing(
    tmp_path, index_was
) -> None:
    import shutil

    folder = Path(__file__).parent.parent / "examples" / "articles"
    db = str(tmp_path / "s.db")
    queries = ["bao yagi", "metro ben thanh", "sap nhap", "ha noi"]
    with open_store(db) as store:
        ingest([str(folder)], store, progress=False)
        before = {q: store.search(q) for q in queries}
        index = store.text_index_path()
    shutil.rmtree(index)  # as in a store made before the index existed
    if index_was != "absent":
        _old_layout_index(index)
    with open_store(db, readonly=True) as reader:
        assert reader.search("metro") == []  # a reader does not build it
    with open_store(db) as store:
        assert {q: store.search(q) for q in queries} == before
    with open_store(db, readonly=True) as reader:
        assert {q: reader.search(q) for q in queries} == before and all(before.values())


def _two_writers(tmp_path, monkeypatch) -> tuple[list[str], str]:
    """The sample articles' files and a store path, with stores that soon give up waiting
    for another's hold on the search index."""
    from biennien.store.sqlite import SQLiteStore

    monkeypatch.setattr(SQLiteStore, "TEXT_LOCK_WAIT", 0.1)
    folder = Path(__file__).parent.parent / "examples" / "articles"
    return sorted(str(p) for p in folder.iterdir()), str(tmp_path / "s.db")


def test_articles_stored_while_another_store_writes_the_index_are_indexed_after(
    tmp_path, monkeypatch
) -> None:
    files, db = _two_writers(tmp_path, monkeypatch)
    holder = open_store(db)
    ingest(files[:3], holder, progress=False)
    assert holder._text_index().take_writer()  # holds tantivy's writer lock
    with open_store(db) as other:
        report = ingest(files[3:], other, progress=False)
        assert report.ingested == len(files) - 3
    with open_store(db, readonly=True) as reader:
        assert reader.search("metro") == []  # the metro articles are files[3:]
    holder.close()  # indexes what the other stored
    with open_store(db, readonly=True) as reader:
        assert len(reader.search("metro")) >= 3
        assert reader._text_index().count() == reader.count() == len(files)


def test_articles_another_store_adds_between_a_commit_and_its_indexing_are_all_indexed(
    tmp_path, monkeypatch
) -> None:
    files, db = _two_writers(tmp_path, monkeypatch)
    one, other = open_store(db), open_store(db)
    ingest(files[:2], one, progress=False)  # ``one`` takes the index's writer
    ingest(files[2:4], other, progress=False)  # ``other`` cannot: it leaves them to ``one``
    flush = one._flush_text
    slipped = []

    def late_flush(*args, **kwargs):  # another store commits before ``one`` indexes its own
        if not slipped:
            slipped.append(ingest(files[4:6], other, progress=False).ingested)
        flush(*args, **kwargs)

    monkeypatch.setattr(one, "_flush_text", late_flush)
    ingest(files[6:], one, progress=False)
    assert slipped == [2]
    assert one.search_indexed() == one.count() == len(files)
    titles = [a.title for a in one.articles() if a.title]
    for title in titles:  # each article is found by its own title
        assert one.search(title), title
    other.close()
    one.close()


QUERIES = ["trieu tien", "nga", "ha noi", "xang", "binh si", "gia dinh", "muoi"]


def _shown(store, queries=QUERIES) -> dict[str, tuple]:
    """What the hits of ``queries`` show from their search heads, by article."""
    shown: dict[str, tuple] = {}
    for q in queries:
        store.search(q, shown=shown)
    return shown


def _hits(store, queries=QUERIES) -> dict[str, list[tuple]]:
    return {q: [(h.article, h.score, h.snippet, h.spans) for h in hits_for(store, q)] for q in queries}


@pytest.mark.parametrize("head_chars", [15, 60, 600])
def test_snippets_from_the_stored_heads_are_those_of_the_whole_text(
    tmp_path, monkeypatch, head_chars
) -> None:
    import biennien.show.search as search_module
    import biennien.store.sqlite as sqlite_module

    monkeypatch.setattr(sqlite_module, "HEAD_CHARS", head_chars)
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES))
    with open_store(str(tmp_path / "s.db")) as store:
        ingest([path], store, progress=False)
        from_heads = _hits(store)
        ids = [a for hits in from_heads.values() for a, *_ in hits]
        kept = _shown(store)
        assert set(kept) == set(ids)  # every hit came from its head
        assert all(len(text) <= head_chars for *_, text, _whole, _folded in kept.values())
        assert all(folded == fold(text) for *_, text, _whole, folded in kept.values())
        assert any(not whole for *_, whole, _folded in kept.values()) == (head_chars < 100)
        monkeypatch.setattr(store, "_heads", False)  # as a store without heads
        monkeypatch.setattr(search_module, "HEAD_SENTENCES", 10**6)
        assert _hits(store) == from_heads and any(from_heads.values())


HEAD_QUERIES = ["bao yagi", "metro ben thanh", "sap nhap", "ha noi"]


def _sample_store(tmp_path) -> tuple[str, dict, list[tuple]]:
    """A store of the sample articles: its path, its hits for HEAD_QUERIES, its heads."""
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        ingest([str(Path(__file__).parent.parent / "examples" / "articles")], store, progress=False)
        before = _hits(store, HEAD_QUERIES)
        heads = store.conn.execute("SELECT * FROM search_heads ORDER BY seq").fetchall()
    return db, before, heads


def test_heads_missing_are_stored_when_the_store_is_opened_for_writing(tmp_path) -> None:
    db, before, heads = _sample_store(tmp_path)
    queries = HEAD_QUERIES
    with open_store(db) as store:
        assert len(heads) == store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        # as in a store stored into by an older biennien: some without, and not noted as all
        store.conn.execute("DELETE FROM search_heads WHERE seq % 2 = 0")
        store.conn.execute("DELETE FROM meta WHERE key = 'search_heads'")
    with open_store(db, readonly=True) as reader:
        assert _hits(reader, queries) == before  # read from the sentences meanwhile
    with open_store(db) as store:
        assert store.conn.execute("SELECT * FROM search_heads ORDER BY seq").fetchall() == heads
        assert _hits(store, queries) == before and all(before.values())


def test_heads_of_the_older_layout_are_carried_over_and_read_the_same(tmp_path) -> None:
    db, before, heads = _sample_store(tmp_path)
    queries = HEAD_QUERIES
    with open_store(db) as store:
        # as migration 0009 left them: the head only
        store.conn.executescript(
            "CREATE TABLE old (seq INTEGER PRIMARY KEY, head TEXT NOT NULL, whole INTEGER"
            " NOT NULL); INSERT INTO old SELECT seq, head, whole FROM search_heads;"
            " DROP TABLE search_heads; ALTER TABLE old RENAME TO search_heads;"
            " DELETE FROM schema_version WHERE version >= 10;"
        )
    with open_store(db, readonly=True) as reader:  # not migrated: read from the sentences
        assert _shown(reader, HEAD_QUERIES) == {}
        assert _hits(reader, queries) == before
    with open_store(db) as store:
        assert store.conn.execute("SELECT * FROM search_heads ORDER BY seq").fetchall() == heads
        hit = {a for hits in before.values() for a, *_ in hits}
        assert set(_shown(store, HEAD_QUERIES)) == hit and hit
        assert _hits(store, queries) == before and all(before.values())


def test_heads_not_folded_yet_are_folded_when_migrated_and_read_the_same(tmp_path) -> None:
    db, before, heads = _sample_store(tmp_path)
    with open_store(db) as store:
        # as migration 0010 left them: without the head folded
        store.conn.executescript(
            "ALTER TABLE search_heads DROP COLUMN folded;"
            " DELETE FROM schema_version WHERE version >= 11;"
        )
    with open_store(db, readonly=True) as reader:  # not migrated: folded as they are shown
        shown = _shown(reader, HEAD_QUERIES)
        assert shown and all(folded is None for *_, folded in shown.values())
        assert _hits(reader, HEAD_QUERIES) == before
    with open_store(db) as store:
        assert store.conn.execute("SELECT * FROM search_heads ORDER BY seq").fetchall() == heads
        shown = _shown(store, HEAD_QUERIES)
        assert all(folded == fold(text) for *_, text, _whole, folded in shown.values())
        assert _hits(store, HEAD_QUERIES) == before and all(before.values())


def test_a_reader_sees_each_commit_at_once_and_keeps_its_searcher_meanwhile(tmp_path) -> None:
    from biennien.store.textindex import TextIndex

    path = str(tmp_path / "index")
    writer = TextIndex(path)
    assert writer.take_writer()
    writer.add([(1, "bao so ba", "bao so ba do bo")])
    writer.commit()
    reader = TextIndex.for_reading(path)
    assert reader is not None
    assert [seq for seq, _ in reader.search([["bao"]], 10)] == [1]
    kept = reader.searcher()
    assert reader.searcher() is kept  # nothing committed since: the same searcher
    writer.add([(2, "lu lon", "lu lon sau bao")])
    writer.commit()
    assert sorted(seq for seq, _ in reader.search([["bao"]], 10)) == [1, 2]
    assert reader.searcher() is not kept
    writer.release()
