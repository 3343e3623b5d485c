"""Parallel ingest: worker processes and Dask give the same store as one process; workers skip
what is already stored; a Dask scheduler that is not there is a one-line error."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from conftest import EXAMPLES, run_cli

from biennien import pipeline
from biennien.ingest import list_inputs, read_file
from biennien.model import Article
from biennien.show.export import write_json
from biennien.store import open_store


def _export(db: str) -> dict:
    out = io.StringIO()
    with open_store(db) as store:
        write_json(store, out)
    return json.loads(out.getvalue())


def _ingest(db: str, **kw) -> pipeline.IngestReport:
    with open_store(db) as store:
        return pipeline.ingest([EXAMPLES], store, progress=False, **kw)


def test_worker_processes_store_what_one_process_stores(new_db) -> None:
    one_db, two_db = new_db(), new_db()
    one = _ingest(one_db, workers=0)
    two = _ingest(two_db, workers=2)
    assert one.ids == two.ids and one.ingested == two.ingested == len(one.ids)
    assert _export(one_db) == _export(two_db)


def test_dask_local_cluster_stores_what_one_process_stores(tmp_path) -> None:
    pytest.importorskip("dask.distributed")
    one = _ingest(str(tmp_path / "one.db"), workers=0)
    dask = _ingest(str(tmp_path / "dask.db"), workers=2, dask="local")
    assert one.ids == dask.ids
    assert _export(str(tmp_path / "one.db")) == _export(str(tmp_path / "dask.db"))


def test_parallel_rerun_finds_everything_present(store_db) -> None:
    db = store_db
    first = _ingest(db, workers=2)
    again = _ingest(db, workers=2)
    assert again.ingested == 0 and again.present == first.ingested
    assert again.ids == first.ids


def _articles() -> list[Article]:
    return [
        item
        for file, source in list_inputs([EXAMPLES])
        for item in read_file(file, source)
        if isinstance(item, Article)
    ]


def test_prepare_skips_analysis_of_stored_articles(tmp_path) -> None:
    articles = _articles()[:3]
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        fresh = [pipeline.prepare(a, store.contains) for a in articles]
        assert all(p.features is not None and p.doc.mentions for p in fresh)
        with store.transaction():
            store.insert_article(fresh[0].doc, fresh[0].identity)
        again = [pipeline.prepare(a, store.contains) for a in articles]
    assert again[0].features is None and not again[0].doc.mentions
    assert again[1].features is not None


def test_article_left_empty_by_cleaning_is_rejected_by_a_worker(tmp_path) -> None:
    feed = tmp_path / "in.jsonl"
    good = {"title": "Một tin", "text": "Hà Nội hôm nay mưa to. Nhiều tuyến phố ngập nước sâu."}
    empty = {"title": "Chia sẻ", "text": "Chia sẻ Facebook"}
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [good, empty, good]))
    with open_store(str(tmp_path / "s.db")) as store:
        report = pipeline.ingest([feed], store, progress=False, workers=1)
    assert report.ingested == 1 and report.present == 1
    assert [r.reason for r in report.rejected] == ["no article text left after cleaning"]


def test_cli_dask_without_scheduler_is_one_line(tmp_path) -> None:
    pytest.importorskip("dask.distributed")
    small = tmp_path / "in"
    shutil.copytree(EXAMPLES, small)
    result = run_cli(
        "ingest",
        str(small),
        "--db",
        str(tmp_path / "s.db"),
        "--dask",
        "tcp://127.0.0.1:9",
        env={"BIENNIEN_DASK_TIMEOUT": "2"},
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0]
    assert "Traceback" not in result.stderr


def _session(sid: int) -> list[int]:
    """The processes of one session (Linux /proc)."""
    import os

    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[3]) == sid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


def test_workers_end_when_the_writer_is_killed(tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    if not os.path.isdir("/proc"):
        pytest.skip("needs /proc")
    feed = tmp_path / "many.jsonl"
    with open(feed, "w", encoding="utf-8") as fh:
        for i in range(4000):
            rec = {"title": f"Tin {i}", "text": f"Nội dung của tin thứ {i} ở Hà Nội. Câu hai."}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    cmd = [sys.executable, "-m", "biennien", "ingest", str(feed), "--db", str(tmp_path / "k.db")]
    proc = subprocess.Popen(
        [*cmd, "--no-progress", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(_session(proc.pid)) < 3 and time.monotonic() < deadline:  # writer + workers
        time.sleep(0.1)
    assert proc.poll() is None and len(_session(proc.pid)) >= 3
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _session(proc.pid) == []
