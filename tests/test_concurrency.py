"""Concurrency: pages keep answering while an ingest runs; two ingests on one store both
finish correctly (the second waits for the first's transactions)."""

import json
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLES

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from biennien.show.web import create_app  # noqa: E402


def _jsonl(path, n: int, tag: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = {
                "title": f"Bài {tag} số {i}",
                "text": f"Nội dung riêng {tag} của bài {i}, về giao thông ở Hà Nội. Câu hai.",
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _ingest(paths, db):
    return subprocess.Popen(
        [sys.executable, "-m", "biennien", "ingest", *map(str, paths), "--db", db, "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_pages_answer_while_an_ingest_runs(tmp_path) -> None:
    db = str(tmp_path / "c.db")
    first = _ingest([EXAMPLES], db)
    assert first.wait(timeout=120) == 0
    _jsonl(tmp_path / "more.jsonl", 1500, "a")
    client = TestClient(create_app(db))
    proc = _ingest([tmp_path / "more.jsonl"], db)
    statuses = []
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        for path in ("/", "/api/stories", "/api/search?q=ha+noi", "/search?q=metro"):
            statuses.append(client.get(path).status_code)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert len(statuses) >= 8
    assert set(statuses) == {200}


def test_two_ingests_on_one_store_both_complete(tmp_path) -> None:
    """Regression too: processes that create a new store at the same moment must wait for
    each other ("database is locked" while one switches it to WAL)."""
    db = str(tmp_path / "two.db")
    _jsonl(tmp_path / "a.jsonl", 400, "a")
    _jsonl(tmp_path / "b.jsonl", 400, "b")
    _jsonl(tmp_path / "c.jsonl", 400, "c")
    procs = [_ingest([tmp_path / f"{k}.jsonl"], db) for k in "abc"]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1200
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    placed = conn.execute("SELECT COUNT(*) FROM event_articles").fetchone()[0]
    assert placed == 1200
