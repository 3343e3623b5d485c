"""Story views kept in the store (``biennien views``, and the ones ``biennien serve`` builds):
the same as a live build, used by the pages, built again once their story has changed."""

import shutil
import time

import pytest
from conftest import EXAMPLES, SEEDS, run_cli

from biennien.show.render import story_page
from biennien.store import open_store
from biennien.story import stored


def _ingest(db: str, *paths: str) -> None:
    result = run_cli("ingest", *paths, "--db", db, "--no-progress")
    assert result.returncode == 0, result.stderr


def _story_of(store, article_id: str) -> str:
    return store.event(store.events_of([article_id])[article_id]).story_id


def test_a_kept_view_is_the_live_build(store_db) -> None:
    _ingest(store_db, str(EXAMPLES), *([str(SEEDS)] if SEEDS.is_dir() else []))
    with open_store(store_db) as store:
        stories = store.stories()
        assert stories
        for story_id in stories:
            live = stored.build(store, story_id)
            if live is None:
                continue
            assert stored.load(store, story_id) is None  # nothing kept yet
            stored.keep(store, story_id, stored.stamp(store, story_id), live)
            assert stored.load(store, story_id) == live


def test_views_command_keeps_large_stories_and_rebuilds_them_once_they_change(
    new_db, tmp_path, seeds
) -> None:
    db = new_db()
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    names = sorted(p.name for p in seeds.iterdir())
    for name in names[:3]:
        shutil.copy(seeds / name, first / name)
    for name in names[3:]:
        shutil.copy(seeds / name, later / name)
    _ingest(db, str(first))
    with open_store(db) as store:
        article = next(store.articles()).id
        story = _story_of(store, article)
        size = len(stored.build(store, story)["view"].articles)
    assert size >= 2
    # a story smaller than --min-articles is left out
    result = run_cli("views", "--db", db, "--min-articles", str(size + 1))
    assert result.returncode == 0 and "0 views built" in result.stderr
    result = run_cli("views", "--db", db, "--min-articles", str(size))
    assert result.returncode == 0 and "1 views built" in result.stderr, result.stderr
    result = run_cli("views", "--db", db, "--min-articles", str(size))
    assert "0 views built, 1 already up to date" in result.stderr
    with open_store(db) as store:  # found current at this version: no need to read the story
        assert store.story_stamp(story)[1] == stored.version_key(store.version())

    _ingest(db, str(later))  # the rest of the seeds join the story
    with open_store(db) as store:
        grown = _story_of(store, article)
        live = stored.build(store, grown)
        assert len(live["view"].articles) > size
        assert stored.load(store, grown) is None  # out of date
    result = run_cli("views", "--db", db, "--min-articles", str(size))
    assert result.returncode == 0 and "1 views built" in result.stderr, result.stderr
    with open_store(db) as store:
        assert stored.load(store, grown) == live
        stamp, html = store.story_page(grown)
        assert stamp == stored.stamp(store, grown) and html == story_page(live)


def test_pages_read_a_kept_view_and_leave_it_once_the_story_changes(tmp_path, seeds) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from biennien.show.web import create_app

    db = str(tmp_path / "v.db")
    first = tmp_path / "first"
    first.mkdir()
    names = sorted(p.name for p in seeds.iterdir())
    for name in names[:3]:
        shutil.copy(seeds / name, first / name)
    _ingest(db, str(first))
    with open_store(db) as store:
        article = next(store.articles()).id
        story = _story_of(store, article)
        data = stored.build(store, story)
        data["view"].title = "Tiêu đề đã lưu"  # marks the kept view
        version = stored.version_key(store.version())
        stored.keep(store, story, stored.stamp(store, story), data, checked=version)
    client = TestClient(create_app(db))
    assert "Tiêu đề đã lưu" in client.get(f"/story/{story}").text
    assert client.get(f"/api/stories/{story}").json()["title"] == "Tiêu đề đã lưu"

    _ingest(db, str(seeds))  # the story gains articles: the kept view is out of date
    with open_store(db) as store:
        grown = _story_of(store, article)
        articles = len(stored.build(store, grown)["view"].articles)
    page = client.get(f"/story/{grown}").text
    assert "Tiêu đề đã lưu" not in page and f"{articles} bài" in page


def test_the_server_keeps_the_views_it_builds(tmp_path, seeds, monkeypatch) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from biennien.show.web import create_app

    db = str(tmp_path / "k.db")
    _ingest(db, str(seeds))
    with open_store(db) as store:
        story = _story_of(store, next(store.articles()).id)
    monkeypatch.setattr(stored, "MIN_ARTICLES", 1)
    client = TestClient(create_app(db))
    page = client.get(f"/story/{story}").text
    deadline = time.monotonic() + 20
    with open_store(db) as store:
        while store.story_view(story) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stored.load(store, story) == stored.build(store, story)
        assert store.story_page(story)[1] == page
    # a fresh server (a restart) shows the kept page, loaded before its first request
    with TestClient(create_app(db, warm=5)) as fresh:
        assert fresh.get(f"/story/{story}").text == page


def test_pages_of_a_store_from_before_views(tmp_path, monkeypatch) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from biennien.show.web import create_app

    db = str(tmp_path / "old.db")
    _ingest(db, str(EXAMPLES))
    with open_store(db) as store:
        story = store.stories()[0]
        store.conn.execute("DROP TABLE story_views")
        store.conn.execute("DELETE FROM schema_version WHERE version >= 6")
    monkeypatch.setattr(stored, "MIN_ARTICLES", 1)
    client = TestClient(create_app(db))
    assert client.get(f"/story/{story}").status_code == 200
    assert client.get(f"/api/stories/{story}").json()["id"] == story
    time.sleep(0.5)  # the server would keep the view in the background: it must not migrate
    with open_store(db, readonly=True) as store:
        assert not store.has_table("story_views")


def test_warming_before_the_first_request_loads_only_current_kept_pages(tmp_path, seeds) -> None:
    pytest.importorskip("fastapi")
    from biennien.show.web import Pages

    db = str(tmp_path / "w.db")
    first = tmp_path / "first"
    first.mkdir()
    for name in sorted(p.name for p in seeds.iterdir())[:3]:
        shutil.copy(seeds / name, first / name)
    _ingest(db, str(EXAMPLES), str(first))
    pages = Pages(db)
    stories = pages.warm_ids(100)
    assert len(stories) >= 2
    visited: list[str] = []
    assert pages.warm_kept(visited.append, 100, 10.0) == 0 and visited == []  # none kept yet
    assert run_cli("views", "--db", db, "--min-articles", "1").returncode == 0
    assert pages.warm_kept(visited.append, 100, 10.0) == len(stories)
    assert visited == stories
    with open_store(db) as store:
        before = {story: stored.stamp(store, story) for story in stories}
    _ingest(db, str(seeds))  # the seeds' story grows: its kept page is out of date
    with open_store(db) as store:
        changed = {story for story in stories if stored.stamp(store, story) != before[story]}
    assert changed
    visited.clear()
    pages.warm_kept(visited.append, 100, 10.0)
    assert visited and set(visited) == set(stories) - changed


def test_other_code_builds_views_again(tmp_path, seeds, monkeypatch) -> None:
    db = str(tmp_path / "c.db")
    _ingest(db, str(seeds))
    assert run_cli("views", "--db", db, "--min-articles", "1").returncode == 0
    with open_store(db) as store:
        story = _story_of(store, next(store.articles()).id)
        version = stored.version_key(store.version())
        assert store.story_stamp(story)[1] == version
        assert stored.current_stamp(store, story, version) == store.story_stamp(story)[0]
        assert stored.load(store, story) is not None
        monkeypatch.setattr(stored, "code_stamp", lambda: "other code")
        other = stored.version_key(store.version())
        assert other != version
        assert stored.current_stamp(store, story, other) != store.story_stamp(story)[0]
        assert stored.load(store, story) is None


def test_the_home_page_is_built_before_the_first_request(tmp_path, monkeypatch) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from biennien.show import web

    db = str(tmp_path / "h.db")
    _ingest(db, str(EXAMPLES))
    calls: list[int] = []
    real = web.Pages.stories

    def counted(self, limit: int = 20):  # type: ignore[no-untyped-def]
        calls.append(limit)
        return real(self, limit)

    monkeypatch.setattr(web.Pages, "stories", counted)
    with TestClient(web.create_app(db, warm=5)) as client:
        assert calls == [20]  # built at start
        assert client.get("/").status_code == 200
        assert calls == [20]  # answered from what was built
    with TestClient(web.create_app(db, warm=0)) as client:
        client.get("/")
    assert calls == [20, 20]  # without warming, built on the first request
