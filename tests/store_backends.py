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
