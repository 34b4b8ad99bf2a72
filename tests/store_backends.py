"""Store backends for the store tests: SQLite always, PostgreSQL when a server is given.

Set ``TIMELINE_TEST_PG`` to a SQLAlchemy URL of a throwaway PostgreSQL
database (``scripts/pg-test-server.sh`` starts one and prints it) to run the
store tests on PostgreSQL too; its tables are dropped before each test.
"""

from __future__ import annotations

import os

import pytest

PG_URL = os.environ.get("TIMELINE_TEST_PG", "").strip()
PG_SKIP = "PostgreSQL not configured: set TIMELINE_TEST_PG to a SQLAlchemy URL (scripts/pg-test-server.sh starts a server)"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(not PG_URL, reason=PG_SKIP)),
]


def fresh_db(backend: str, tmp_path) -> str:
    """A URL of an empty store database on ``backend``."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'timeline.db'}"
    from timeline.store import Store, metadata

    store = Store(PG_URL)
    metadata.drop_all(store.engine)
    store.close()
    return PG_URL


def ingest_in_child_and_kill(child: str, db: str, folder, after: int) -> int:
    """Run ``child`` (Python code ingesting ``folder`` into ``db``, printing a line per committed document, then
    ``done``) in a child process and SIGKILL it after ``after`` documents; return how many it reported."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    proc = subprocess.Popen([sys.executable, "-c", child, db, str(folder)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    seen = 0
    try:
        for line in proc.stdout:
            if line.strip() == "done":
                break
            seen += 1
            if seen >= after:
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
    return seen
