"""Reading the store's tables in chunks (timeline.store_reader, Store.table_reader / iter_*).

A chunked read gives exactly the tables ``Store.tables()`` gives (same rows,
order, columns and dtypes), a chunk of at most ``chunk_rows`` rows at a time,
all from one merge. Every test runs on SQLite, and on PostgreSQL when
``TIMELINE_TEST_PG`` is set.
"""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from generated_articles import generated_articles
from store_backends import BACKENDS, fresh_db

from timeline import schema
from timeline.ingest import document_from_text
from timeline.store import Store, events_table, mentions_table
from timeline.store_reader import CHUNK_ROWS
from timeline.synthetic import synthetic_corpus


def _docs(n: int, seed: int = 0):
    return [
        document_from_text(a["text"], id=a["id"], title=a["title"], publisher=a["publisher"], published=a["published"])
        for a in generated_articles(n, seed)
    ]


def _whole(store: Store) -> dict[str, pd.DataFrame]:
    events, mentions, documents = store.tables()
    return {"events": events, "mentions": mentions, "documents": documents}


def _read(store: Store, chunk_rows: int) -> dict[str, list[pd.DataFrame]]:
    with store.table_reader(chunk_rows) as tables:
        return {name: list(getattr(tables, name)()) for name in ("events", "mentions", "documents")}


@pytest.fixture(params=BACKENDS)
def empty_store(request, tmp_path):
    s = Store(fresh_db(request.param, tmp_path))
    yield s
    s.close()


@pytest.fixture
def store(empty_store):
    """Imported tables (with undated events) beside events merged from extracted documents."""
    events, mentions, documents = synthetic_corpus(12, seed=5)
    events.loc[0, "date_start"] = None  # undated events sort last, by id
    events.loc[1, "date_start"] = ""
    empty_store.import_tables(events, mentions, documents)
    with empty_store.batch() as batch:
        for doc in _docs(8):
            batch.add_document(doc)
    return empty_store


# ----------------------------------------------------------------- same tables


@pytest.mark.parametrize("chunk_rows", [1, 3, CHUNK_ROWS])
def test_chunks_put_together_are_the_tables_of_a_whole_read(store, chunk_rows):
    whole = _whole(store)
    assert len(whole["events"]) > 12 and whole["events"]["date_start"].isna().any()
    chunks = _read(store, chunk_rows)
    for name, table in whole.items():
        assert all(len(c) <= chunk_rows for c in chunks[name])
        assert all(len(c) for c in chunks[name])  # a table with rows gives no empty chunk
        together = pd.concat(chunks[name], ignore_index=True)
        pd.testing.assert_frame_equal(together, table.reset_index(drop=True))


def test_iter_methods_give_the_same_chunks(store):
    whole = _whole(store)
    for name, it in (("events", store.iter_events(5)), ("mentions", store.iter_mentions(5)),
                     ("documents", store.iter_documents(5))):
        parts = list(it)
        assert max(len(p) for p in parts) == 5
        pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole[name].reset_index(drop=True))


def test_mentions_of_no_stored_event_come_last_in_the_order_they_were_written(store):
    with store.engine.begin() as conn:
        for n in (2, 1):
            conn.execute(sa.insert(mentions_table).values(imported=False, event_id=f"ev-gone{n}",
                                                          mention_id=f"x:{n}", doc_id="x"))
    whole = _whole(store)["mentions"]
    assert list(whole["event_id"].tail(2)) == ["ev-gone2", "ev-gone1"]
    pd.testing.assert_frame_equal(pd.concat(_read(store, 4)["mentions"], ignore_index=True), whole)


def test_counts_are_the_rows_the_reader_gives(store):
    whole = _whole(store)
    with store.table_reader() as tables:
        assert tables.counts() == {name: len(t) for name, t in whole.items()}


# ----------------------------------------------------------------- edges


def test_an_empty_store_gives_one_empty_chunk_with_the_columns_and_dtypes(empty_store):
    chunks = _read(empty_store, 10)
    for name, cols in (("events", schema.EVENT_COLUMNS), ("mentions", schema.MENTION_COLUMNS),
                       ("documents", schema.DOCUMENT_COLUMNS)):
        assert len(chunks[name]) == 1
        pd.testing.assert_frame_equal(chunks[name][0], schema.empty_frame(cols))
    with empty_store.table_reader() as tables:
        assert tables.counts() == {"events": 0, "mentions": 0, "documents": 0}


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_a_chunk_size_must_be_a_positive_integer(empty_store, bad):
    with pytest.raises(ValueError, match="chunk_rows"), empty_store.table_reader(bad):
        pass


def test_one_reader_sees_one_merge_while_the_store_changes(store):
    before = _whole(store)
    other = Store(store.url)
    try:
        with store.table_reader(2) as tables:
            events = pd.concat(list(tables.events()), ignore_index=True)
            other.add_document(_docs(3, seed=9)[0])  # committed while the reader is open
            mentions = pd.concat(list(tables.mentions()), ignore_index=True)
            documents = pd.concat(list(tables.documents()), ignore_index=True)
    finally:
        other.close()
    pd.testing.assert_frame_equal(events, before["events"])
    pd.testing.assert_frame_equal(mentions, before["mentions"])
    pd.testing.assert_frame_equal(documents, before["documents"])
    assert len(store.documents()) == len(before["documents"]) + 1


def test_events_are_read_in_code_point_order_of_their_ids_on_every_backend(empty_store):
    ids = ["ev-b", "ev-B", "ev-a", "ev-Z", "ev-é", "ev-_"]
    events = schema.conform(pd.DataFrame({"event_id": ids, "date_start": ["2021-01-01"] * len(ids)}),
                            schema.EVENT_COLUMNS)
    empty_store.import_tables(events)
    got = [e for chunk in empty_store.iter_events(2) for e in chunk["event_id"]]
    assert got == sorted(ids) == list(empty_store.events()["event_id"])
    with empty_store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(events_table)).scalar_one() == len(ids)


def test_while_a_batch_runs_a_reader_gives_the_tables_of_its_last_merge(store):
    before = _whole(store)
    with store.batch() as batch:
        batch.add_document(_docs(2, seed=11)[1])
        assert store.merge_status().pending
        for name, chunks in _read(store, 3).items():
            pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), before[name])
            pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), _whole(store)[name])
