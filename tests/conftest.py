"""Shared fixtures: temporary stores, the seeds folder, and running the CLI as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


def run_cli(
    *args: str, stdin: str | None = None, env: dict | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess:
    """Run ``python -m biennien ARGS`` and capture its output."""
    full_env = {k: v for k, v in os.environ.items() if k != "BIENNIEN_DB"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "biennien", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def cli():
    return run_cli
