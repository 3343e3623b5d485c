"""A short load test (the long form is benchmarks/web.py --clients 50 --seconds 60): 50
concurrent clients on loopback against story and search pages for a few seconds, a bounded
loop that stops by itself; no request may fail."""

import sys

import pytest
from conftest import EXAMPLES, ROOT

pytest.importorskip("uvicorn")
sys.path.insert(0, str(ROOT / "benchmarks"))
import web as bench  # noqa: E402


def test_fifty_clients_no_errors(tmp_path) -> None:
    from conftest import run_cli

    db = str(tmp_path / "load.db")
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    from biennien.store import open_store

    with open_store(db) as store:
        stories = [row[0] for row in store.story_overview()]
    port, server = bench.serve(db, workers=1, warm=5)
    try:
        times, errors, _ = bench.load(
            port,
            [f"/story/{s}" for s in stories] + ["/search?q=metro", "/search?q=bao+yagi"],
            clients=50,
            requests=2000,
            seconds=4,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(times) >= 50
    assert errors == 0
    times.sort()
    print(f"{len(times)} requests, p99 {times[int(0.99 * (len(times) - 1))] * 1000:.0f} ms")
