"""SQLite and PostgreSQL give the same results: the sample articles (and the seeds, where
../shared is beside the checkout) ingested into each, through the command line, export the
same JSON, find the same search hits with the same scores, and serve the same API."""

import json

import pytest
from conftest import EXAMPLES, SEEDS, pg_base_url, run_cli

QUERIES = [
    "metro ben thanh",
    "Bến Thành",
    "bao yagi",
    "bão số 3 đổ bộ",
    "ha noi",
    "cau phong chau",
    "sap nhap tinh",
    "nghị quyết",
    "tp.hcm",
    "trieu tien kursk",
    "the",
    "2024",
    "xyzzy",
]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """(SQLite path, PostgreSQL URL), each with the same inputs ingested the same way."""
    import uuid

    import psycopg
    from conftest import pg_schema_url

    base = pg_base_url()
    schema = f"bn_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = pg_schema_url(base, schema)
    sqlite = str(tmp_path_factory.mktemp("backends") / "b.db")
    paths = [str(EXAMPLES)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    for db in (sqlite, url):
        # twice: a second run finds everything present and changes nothing
        for _ in range(2):
            result = run_cli("ingest", *paths, "--db", db, "--no-progress")
            assert result.returncode == 0, result.stderr
    yield sqlite, url
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_exports_are_the_same(stores) -> None:
    sqlite, url = stores
    exports = [run_cli("export", "--db", db) for db in stores]
    assert all(e.returncode == 0 for e in exports), [e.stderr for e in exports]
    one, two = (json.loads(e.stdout) for e in exports)
    assert len(one["articles"]) >= 11 and one["stories"] and one["reuse"] and one["entities"]
    assert any(a["mentions"] for a in one["articles"])
    for key in ("articles", "entities", "events", "stories", "reuse"):
        assert one[key] == two[key], key
    assert exports[0].stdout == exports[1].stdout
    for fmt in ("md", "csv", "timelinejs"):
        story = one["stories"][0]["id"]
        outs = [run_cli("export", "--db", db, "--format", fmt, "--story", story) for db in stores]
        assert outs[0].returncode == 0 and outs[0].stdout == outs[1].stdout, fmt


def test_search_finds_the_same_with_the_same_scores(stores) -> None:
    from biennien.entities import entity_id
    from biennien.show.search import search
    from biennien.store import open_store

    with open_store(stores[0]) as sqlite, open_store(stores[1]) as pg:
        found = 0
        for query in QUERIES:
            one, two = sqlite.search(query), pg.search(query)
            assert [a for a, _ in one] == [a for a, _ in two], query
            # tantivy's 32-bit floats: the same to an ulp or two (see store.textindex)
            assert [s for _, s in one] == pytest.approx([s for _, s in two], rel=1e-6), query
            hits = [[h.as_dict() for h in search(store, query)] for store in (sqlite, pg)]
            scores = [[hit.pop("score") for hit in found] for found in hits]
            assert hits[0] == hits[1] and scores[0] == pytest.approx(scores[1], abs=2e-4)
            found += bool(one)
        assert found >= len(QUERIES) - 3
        assert sqlite.stories() == pg.stories()
        # the commit counts differ with timing (batches close after a second): not compared
        assert sqlite.version()[0] == pg.version()[0]
        for article in [a.id for a in sqlite.articles()][:5]:
            for _, mention in sqlite.mentions(article)[:3]:
                eid = entity_id(mention.type, mention.name)
                assert sqlite.entity_mentions(eid) == pg.entity_mentions(eid)
                assert sqlite.co_mentioned(eid) == pg.co_mentioned(eid)
    lines = [run_cli("search", "metro ben thanh", "--db", db, "--json").stdout for db in stores]
    assert lines[0] and lines[0] == lines[1]


def test_the_pages_and_api_are_the_same(stores) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from biennien.show.web import create_app

    one, two = (TestClient(create_app(db)) for db in stores)
    stories = one.get("/api/stories").json()
    assert stories and stories == two.get("/api/stories").json()
    paths = ["/", "/search?q=metro", "/api/search?q=ha+noi", f"/story/{stories[0]['id']}"]
    article = one.get("/api/search", params={"q": "metro"}).json()[0]["article"]
    paths += [f"/api/articles/{article}", f"/article/{article}"]
    for path in paths:
        a, b = one.get(path), two.get(path)
        assert a.status_code == b.status_code == 200, path
        assert a.text == b.text, path


def test_serve_command_on_each_backend(stores) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    answers = []
    for db in stores:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        command = [sys.executable, "-m", "biennien", "serve", "--db", db, "--port", str(port)]
        proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        try:
            deadline, body = time.time() + 60, None
            while body is None and time.time() < deadline and proc.poll() is None:
                try:
                    url = f"http://127.0.0.1:{port}/api/search?q=metro+ben+thanh"
                    with urllib.request.urlopen(url, timeout=5) as r:
                        body = r.read()
                except OSError:
                    time.sleep(0.2)
            assert body is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
            answers.append(json.loads(body))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert answers[0] and answers[0] == answers[1]
