"""The PostgreSQL backend's own parts: URLs and errors, the SQL it takes from the SQLite store,
its search index's limits, read-only opening, and writers taking turns."""

import json
import subprocess
import sys
from importlib import resources

import pytest
from conftest import run_cli

from biennien.store import StoreError, open_store

psycopg = pytest.importorskip("psycopg")

from biennien.store import postgres  # noqa: E402
from biennien.store.postgres import redact, search_vector, translate  # noqa: E402

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/biennien"


def test_the_sqlite_dialect_is_translated() -> None:
    assert translate("SELECT a FROM t WHERE id = ? AND b = ?") == (
        "SELECT a FROM t WHERE id = %s AND b = %s",
        (0, 1),
    )
    # numbered parameters used twice, and a bare one after them (SQLite: the next number)
    assert translate("UPDATE t SET a = ?2, b = ?1, c = ?2 WHERE d = ?") == (
        "UPDATE t SET a = %s, b = %s, c = %s WHERE d = %s",
        (1, 0, 1, 2),
    )
    assert translate("INSERT OR IGNORE INTO m (start, end) VALUES (?, ?)") == (
        'INSERT INTO m (start, "end") VALUES (%s, %s) ON CONFLICT DO NOTHING',
        (0, 1),
    )
    # the keyword END, string literals and % are left alone (% doubled where psycopg reads it)
    assert translate("SELECT CASE WHEN x THEN 'end?%' END, 5 % ? FROM t") == (
        "SELECT CASE WHEN x THEN 'end?%%' END, 5 %% %s FROM t",
        (0,),
    )
    assert translate("SELECT 5 % 2, 'a%'") == ("SELECT 5 % 2, 'a%'", ())
    with pytest.raises(NotImplementedError):
        translate("INSERT OR REPLACE INTO t VALUES (?)")


def test_the_password_is_not_shown() -> None:
    assert redact("postgresql://bn:s3cret@db.example:5432/news") == (
        "postgresql://bn:***@db.example:5432/news"
    )
    assert redact("postgresql://bn@localhost/news") == "postgresql://bn@localhost/news"
    with pytest.raises(StoreError) as info:
        open_store("postgresql://bn:s3cret@127.0.0.1:1/news")
    assert "s3cret" not in str(info.value)


def test_unreachable_server_and_bad_urls_are_one_line_errors() -> None:
    for url in (
        UNREACHABLE,
        "postgresql://127.0.0.1:notaport/x",
        "postgres://[bad/x",
        "postgresql://127.0.0.1/x?sslmode=nonsense",
    ):
        with pytest.raises(StoreError, match="cannot open store") as info:
            open_store(url)
        assert "\n" not in str(info.value)


def test_the_command_line_says_so_without_a_traceback() -> None:
    for command in (["ingest", "/nonexistent"], ["export"], ["search", "ha noi"]):
        result = run_cli(*command, "--db", UNREACHABLE)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("biennien: error: cannot open store")


def test_without_psycopg_the_message_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setattr(postgres, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'biennien\[pg\]'"):
        open_store(UNREACHABLE)


def test_sqlite_users_do_not_import_psycopg(tmp_path) -> None:
    code = (
        "import sys; from biennien.store import open_store;"
        f"open_store({str(tmp_path / 'x.db')!r}).close();"
        "from biennien.show import cli, web;"
        "print('psycopg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_each_sqlite_migration_has_a_postgresql_twin() -> None:
    def versions(folder: str) -> list[int]:
        files = resources.files("biennien.store").joinpath(folder).iterdir()
        return sorted(int(f.name.split("_")[0]) for f in files if f.name.endswith(".sql"))

    assert versions("migrations_pg") == versions("migrations")


def test_search_vector_limits() -> None:
    text, n_title, n = search_vector("ha noi", "ha noi mua to " + "x" * 3000 + " noi")
    assert (n_title, n) == (2, 7)
    # the 3000-byte word is left out, as the SQLite store's index leaves it out
    assert text == "'ha':1A,4 'noi':2A,5,8 'mua':6 'to':7"
    text, _, _ = search_vector("", "a " * 20000)
    assert text.count(",") == 255  # PostgreSQL keeps 256 positions of a word
    text, _, _ = search_vector("", "x " * 17000 + "y z")
    assert "'y':16383 'z':16383" in text  # positions stop at 16383
    assert search_vector("l'an \\ d'o", "")[0] == "'l':1A 'an':2A 'd':3A 'o':4A"


def test_quotes_and_backslashes_in_words_are_stored(pg_store_url) -> None:
    url = pg_store_url()
    with open_store(url) as store:
        vector, _, n = search_vector("tên\\lạ", "")
        store.conn.execute("SELECT ?::tsvector", (search_vector("o'neil", "x\\y")[0],))
        assert n == 2 and vector == "'tên':1A 'lạ':2A"


def test_read_only_store_refuses_writes(pg_store_url) -> None:
    url = pg_store_url()
    open_store(url).close()
    with open_store(url, readonly=True) as store:
        assert store.count() == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.set_meta("x", "y")


def test_stores_in_two_schemas_are_apart(pg_store_url) -> None:
    one, two = pg_store_url(), pg_store_url()
    with open_store(one) as store:
        with store.transaction():
            store.set_meta("where", "one")
    with open_store(two) as store:
        assert store.meta("where") is None


def test_concurrent_ingests_take_turns(pg_store_url, tmp_path) -> None:
    """Three processes open a new store at once (migrations wait for each other) and ingest
    into it together; every article ends up in exactly one event, counted once."""
    url = pg_store_url()
    for k in "abc":
        with open(tmp_path / f"{k}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(30):
                rec = {
                    "title": f"Bài {k} số {i}",
                    "text": f"Nội dung riêng {k} của bài {i}, về giao thông ở Hà Nội. Câu hai.",
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "biennien", "ingest", str(tmp_path / f"{k}.jsonl")]
            + ["--db", url, "--no-progress"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in "abc"
    ]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    with open_store(url) as store:
        assert store.count() == 90
        assert store.integrity_ok()
        assert len(store.event_of()) == 90
        assert sum(e.size for e in store.events()) == 90
        assert store.n_docs() == 90
        assert store.schema_version() == max(
            int(f.name.split("_")[0])
            for f in resources.files("biennien.store").joinpath("migrations_pg").iterdir()
            if f.name.endswith(".sql")
        )


def test_killed_ingest_loses_nothing_and_rerun_finishes(pg_store_url, tmp_path) -> None:
    import signal
    import time

    url, n = pg_store_url(), 700
    feed = tmp_path / "many.jsonl"
    with open(feed, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = {"title": f"Bài số {i}", "text": f"Nội dung riêng của bài số {i}. Câu hai."}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    command = [sys.executable, "-m", "biennien", "ingest", str(feed), "--db", url]
    open_store(url).close()
    with open_store(url, readonly=True) as watch:
        for target in (100, 250):
            proc = subprocess.Popen(command, stderr=subprocess.DEVNULL)
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None and watch.count() < target:
                time.sleep(0.05)
            assert proc.poll() is None, "ingest finished before it could be killed"
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert target <= watch.count() < n
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with open_store(url) as store:
        c = store.conn
        assert store.count() == n and store.integrity_ok()
        assert c.execute("SELECT COUNT(DISTINCT title) FROM articles").fetchone()[0] == n
        assert len(store.event_of()) == n
        dangling = c.execute(
            "SELECT COUNT(*) FROM event_articles ea JOIN events e ON e.id = ea.event_id"
            " WHERE e.merged_into IS NOT NULL"
        ).fetchone()[0]
        storyless = c.execute(
            "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM stories s"
            " WHERE s.id = e.story_id)"
        ).fetchone()[0]
        assert dangling == storyless == 0
