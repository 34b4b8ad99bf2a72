"""A process killed in the middle of an ingest leaves a consistent store, and ingesting again completes it.

A child process ingests 200 generated articles, printing a line after each
document is committed; it is killed with SIGKILL once some are in. The store
must then pass its integrity check (every document has its mentions, every
mention its event, every event its mentions), and running the ingest again
must give exactly the tables of an ingest that was never interrupted. Runs on
SQLite, and on PostgreSQL when ``TIMELINE_TEST_PG`` is set.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest
from generated_articles import generated_articles, write_articles
from store_backends import BACKENDS, fresh_db, ingest_in_child_and_kill

from timeline.store import Store, ingest_paths

N_DOCS = 200
KILL_AFTER = 30

CHILD = textwrap.dedent(
    """
    import sys
    import timeline.store
    from timeline.store import Store, ingest_paths

    timeline.store.COMMIT_GROUP_DOCS = 4  # a few documents per transaction: the kill lands inside the batch
    store = Store(sys.argv[1])
    ingest_paths(store, [sys.argv[2]], on_document=lambda out: print(out.doc_id, flush=True))
    print("done", flush=True)
    """
)


def _ingest_in_child_and_kill(db: str, folder: Path, after: int) -> int:
    return ingest_in_child_and_kill(CHILD, db, folder, after)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_ingest_killed_midway_leaves_a_consistent_store_that_a_second_run_completes(tmp_path, backend):
    folder = tmp_path / "articles"
    write_articles(generated_articles(N_DOCS, seed=21, sentences=1), folder)
    db = fresh_db(backend, tmp_path)

    reported = _ingest_in_child_and_kill(db, folder, KILL_AFTER)
    assert reported == KILL_AFTER

    with Store(db) as store:
        assert store.check() == []
        n = store.counts()["documents"]
        assert KILL_AFTER <= n < N_DOCS, "the child was killed before it finished"

        report = ingest_paths(store, [folder])
        assert len(report.skipped) == n and len(report.added) == N_DOCS - n
        assert store.check() == []
        resumed = store.tables()

    with Store(str(tmp_path / "clean.db")) as clean:  # always SQLite: the backends must agree too
        ingest_paths(clean, [folder])
        expected = clean.tables()

    for got, want in zip(resumed, expected):
        pd.testing.assert_frame_equal(got, want)
