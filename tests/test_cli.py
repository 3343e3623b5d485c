"""The command line as a user drives it: ingest, export, exit codes, bad inputs, kills."""

import codecs
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from biennien.store import open_store

GOOD = " date 2024-09-08 Thời sự\n\nMưa lớn gây ngập nhiều nơi\n\nĐoạn mở đầu nói về mưa.\n\nThân bài.\n"


def export(cli, db: str) -> dict:
    result = cli("export", "--db", db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_ingest_then_export(cli, tmp_path: Path, db: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    result = cli("ingest", str(tmp_path / "in"), "--db", db)
    assert result.returncode == 0
    assert "ingested 1, already present 0, rejected 0" in result.stderr
    data = export(cli, db)
    assert set(data) == {"articles", "entities", "reuse", "events", "stories"}
    (article,) = data["articles"]
    assert article["source"] == "a.txt"
    assert article["published"] == "2024-09-08"
    assert article["title"] == "Mưa lớn gây ngập nhiều nơi"
    assert [s["kind"] for s in article["sentences"]] == ["title", "lead", "body"]
    again = cli("ingest", str(tmp_path / "in"), "--db", db)
    assert again.returncode == 0
    assert "ingested 0, already present 1, rejected 0" in again.stderr


def test_db_from_environment(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    env = {"BIENNIEN_DB": str(tmp_path / "env.db")}
    assert cli("ingest", str(tmp_path / "a.txt"), env=env).returncode == 0
    assert (tmp_path / "env.db").exists()
    result = cli("export", env=env)
    assert len(json.loads(result.stdout)["articles"]) == 1


def test_default_db_is_in_the_working_directory(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert cli("ingest", "a.txt", cwd=str(tmp_path)).returncode == 0
    assert (tmp_path / "biennien.db").exists()


def _cp1258(text: str) -> bytes:
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)))
        out.append("".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_bad_inputs_beside_good_ones(cli, tmp_path: Path, db: str) -> None:
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "legacy.txt").write_bytes(_cp1258(GOOD.replace("Mưa lớn", "Lũ quét")))
    (d / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + GOOD.replace("Mưa", "Gió").encode("utf-16-le")
    )
    (d / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + os.urandom(2000))
    (d / "empty.txt").write_bytes(b"")
    (d / "truncated.html").write_bytes(
        b"<!doctype html><html><head><title>x</title></head><body><div"
    )
    good_line = json.dumps({"title": "Bài JSON", "text": "Nội dung bài JSON."}, ensure_ascii=False)
    (d / "lines.jsonl").write_text(good_line + "\n{broken\n", encoding="utf-8")
    (d / "feed.xml").write_bytes(b"<?xml version='1.0'?><rss><channel><item><title>")
    big = d / "huge.txt"
    with open(big, "wb") as fh:
        fh.write(b"A" * (50 * 1024 * 1024))
    result = cli("ingest", str(d), "--db", db)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    reasons = {}
    for line in result.stderr.splitlines():
        m = re.match(r"biennien: rejected (.+?): (.+)$", line)
        if m:
            reasons[m.group(1)] = m.group(2)
    assert set(reasons) == {
        "binary.txt",
        "empty.txt",
        "truncated.html",
        "lines.jsonl:2",
        "feed.xml",
        "huge.txt",
    }
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "invalid JSON" in reasons["lines.jsonl:2"]
    assert "not a valid RSS/Atom feed" in reasons["feed.xml"]
    assert "ingested 4, already present 0, rejected 6" in result.stderr
    titles = {a["title"] for a in export(cli, db)["articles"]}
    assert titles == {
        "Mưa lớn gây ngập nhiều nơi",
        "Lũ quét gây ngập nhiều nơi",
        "Gió lớn gây ngập nhiều nơi",
        "Bài JSON",
    }


def test_max_bytes_option(cli, tmp_path: Path, db: str) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = cli("ingest", str(tmp_path / "a.txt"), "--db", db, "--max-bytes", "20")
    assert result.returncode == 3 and "too large" in result.stderr
    assert cli("ingest", str(tmp_path / "a.txt"), "--db", db, "--max-bytes", "1k").returncode == 0


def test_usage_errors(cli, tmp_path: Path, db: str) -> None:
    assert cli().returncode == 2
    assert cli("ingest").returncode == 2
    assert cli("export", "--format", "pdf", "--db", db).returncode == 2
    result = cli("ingest", str(tmp_path / "missing.txt"), "--db", db)
    assert result.returncode == 3 and "no such file or folder" in result.stderr


def test_export_without_a_store(cli, tmp_path: Path) -> None:
    result = cli("export", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "no store at" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_store_that_is_not_a_database(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 1000)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = cli("ingest", str(tmp_path / "a.txt"), "--db", str(bad))
    assert result.returncode == 1 and "cannot open store" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_bytes() == b"not sqlite" * 1000


def _count(db: str) -> int:
    try:
        conn = sqlite3.connect(db, timeout=30)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _many(path: Path, n: int) -> Path:
    """N small distinct articles as JSON Lines."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = {"title": f"Bài số {i}", "text": f"Nội dung riêng của bài số {i}. Câu hai."}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def _unplaced(conn: sqlite3.Connection) -> int:
    """Stored articles that are in no event."""
    return conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM event_articles ea WHERE ea.article_id = a.id)"
    ).fetchone()[0]


def test_killed_ingest_loses_nothing_and_rerun_finishes(tmp_path: Path, db: str) -> None:
    n = 3000
    feed = _many(tmp_path / "many.jsonl", n)
    rng = random.Random(7)
    kills = 0
    for _ in range(3):
        before = _count(db)
        proc = subprocess.Popen(
            [sys.executable, "-m", "biennien", "ingest", str(feed), "--db", db, "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        target = before + rng.randint(100, 700)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None and _count(db) < target:
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 1, "ingest finished before it could be killed; make the input larger"
    assert _count(db) < n
    result = subprocess.run(
        [sys.executable, "-m", "biennien", "ingest", str(feed), "--db", db, "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n
    assert conn.execute("SELECT COUNT(DISTINCT title) FROM articles").fetchone()[0] == n
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
    ).fetchone()[0]
    assert orphans == 0
    # Events and stories are consistent with their articles: every article in exactly one
    # live event (absorbed ones point to where they went), every event in an existing story.
    assert _unplaced(conn) == 0
    dangling = conn.execute(
        "SELECT COUNT(*) FROM event_articles ea JOIN events e ON e.id = ea.event_id"
        " WHERE e.merged_into IS NOT NULL"
    ).fetchone()[0]
    assert dangling == 0
    storyless = conn.execute(
        "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM stories s"
        " WHERE s.id = e.story_id)"
    ).fetchone()[0]
    assert storyless == 0
    conn.close()
    with open_store(db, readonly=True) as store:  # in the search index once each, none missing
        assert store.search_indexed() == n


@pytest.mark.parametrize("fmt", ["json"])
def test_help_lists_every_command(cli, fmt: str) -> None:
    result = cli("--help")
    for command in ("ingest", "export"):
        assert command in result.stdout


def test_ctrl_c_stops_a_parallel_ingest_cleanly(tmp_path: Path, db: str) -> None:
    n = 3000
    feed = _many(tmp_path / "many.jsonl", n)
    cmd = [sys.executable, "-m", "biennien", "ingest", str(feed), "--db", db]
    proc = subprocess.Popen(
        [*cmd, "--no-progress", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None and _count(db) < 200:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "biennien: interrupted" and "Traceback" not in err
    stored = _count(db)
    assert 0 < stored < n
    result = subprocess.run([*cmd, "--no-progress"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"ingested {n - stored}, already present {stored}," in result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _unplaced(conn) == 0
    conn.close()
