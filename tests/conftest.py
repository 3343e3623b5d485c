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


# -- the store's backends: SQLite files, and PostgreSQL when $BIENNIEN_TEST_PG names a server --
PG_ENV = "BIENNIEN_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def pg_base_url() -> str:
    """The PostgreSQL database the tests may use (they create and drop schemas in it)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"${PG_ENV} is unset: no PostgreSQL server to test against (.ci/run starts one)"
        )
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    return url


def pg_schema_url(base: str, schema: str) -> str:
    """A URL for ``base`` whose tables live in ``schema`` (one empty store a schema)."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_store_url():
    """A factory of empty PostgreSQL stores (fresh schemas, dropped afterwards)."""
    import uuid

    import psycopg

    base = pg_base_url()
    conn = psycopg.connect(base, autocommit=True)
    made: list[str] = []

    def make() -> str:
        schema = f"bn_test_{uuid.uuid4().hex[:12]}"
        conn.execute(f"CREATE SCHEMA {schema}")
        made.append(schema)
        return pg_schema_url(base, schema)

    yield make
    for schema in made:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
    conn.close()


@pytest.fixture(params=BACKENDS)
def new_db(request, tmp_path: Path):
    """A factory of empty stores, once for each backend: SQLite file paths, PostgreSQL URLs."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_store_url")
    counter = iter(range(1_000_000))
    return lambda: str(tmp_path / f"store{next(counter)}.db")


@pytest.fixture
def store_db(new_db) -> str:
    """One empty store, once for each backend."""
    return new_db()
