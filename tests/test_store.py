"""The store keeps documents, mentions and events, and grows without renumbering.

Every test runs on SQLite, and on PostgreSQL when ``TIMELINE_TEST_PG`` is set.
"""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa
from generated_articles import generated_articles
from store_backends import BACKENDS, fresh_db

from timeline import schema
from timeline.ingest import document_from_text
from timeline.pipeline import build
from timeline.schema import LIST_SEP
from timeline.store import DEFAULT_DB, ENV_VAR, Store, mentions_table, resolve_db
from timeline.synthetic import synthetic_corpus


def _docs(n: int, seed: int = 0):
    return [
        document_from_text(a["text"], id=a["id"], title=a["title"], publisher=a["publisher"], published=a["published"])
        for a in generated_articles(n, seed)
    ]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = Store(fresh_db(request.param, tmp_path))
    yield s
    s.close()


# ----------------------------------------------------------------- where the store lives


def test_resolve_db_prefers_the_argument_then_the_environment_then_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_db(None) == f"sqlite:///{tmp_path / DEFAULT_DB}"
    monkeypatch.setenv(ENV_VAR, "data/team.db")
    assert resolve_db(None) == f"sqlite:///{tmp_path / 'data' / 'team.db'}"
    assert resolve_db("mine.db") == f"sqlite:///{tmp_path / 'mine.db'}"
    assert resolve_db("postgresql://u@db.example/timeline") == "postgresql://u@db.example/timeline"


def test_a_sqlite_store_is_created_on_first_use_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "timeline.db"
    with Store(str(path)) as s:
        assert s.backend == "sqlite"
        assert s.counts() == {"documents": 0, "mentions": 0, "events": 0, "generation": 0}
    assert path.exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_empty_store_gives_empty_tables_with_the_schema_columns(store):
    assert list(store.events().columns) == list(schema.EVENT_COLUMN_NAMES)
    assert list(store.mentions().columns) == list(schema.MENTION_COLUMN_NAMES)
    assert list(store.documents().columns) == list(schema.DOCUMENT_COLUMN_NAMES)
    assert store.check() == []


# ----------------------------------------------------------------- adding


def test_a_document_is_kept_with_its_text_mentions_and_events(store):
    doc = _docs(1)[0]
    out = store.add_document(doc)
    assert out.added and out.doc_id == doc.id and out.events_added > 0
    kept = store.document(doc.id)
    assert kept.text == doc.text and kept.hash == doc.hash and kept.published == doc.published
    row = store.documents().set_index("doc_id").loc[doc.id]
    assert row["n_event_mentions"] == len(store.mentions()) > 0
    assert row["n_chars"] == len(doc.text)
    times = store.time_mentions(doc.id)
    assert times and all(doc.text[t.start:t.end] == t.text for t in times)
    events = store.events()
    assert len(events) == out.events_added
    assert (events["doc_ids"] == doc.id).all()
    for m in store.mentions().itertuples():
        assert doc.text[m.char_start:m.char_end] == m.sentence
    assert store.check() == []


def test_the_same_content_twice_is_one_document_and_changes_nothing(store):
    doc = _docs(1)[0]
    store.add_document(doc)
    gen, events = store.generation(), store.events()
    again = document_from_text(doc.text + "\r\n", id="another-name")  # same normalized content
    out = store.add_document(again)
    assert not out.added and out.doc_id == doc.id
    assert store.generation() == gen
    pd.testing.assert_frame_equal(store.events(), events)


def test_an_id_taken_by_other_content_gets_a_suffix(store):
    a, b = _docs(2)
    store.add_document(a)
    out = store.add_document(document_from_text(b.text, id=a.id, published=b.published))
    assert out.added and out.doc_id == f"{a.id}-2"
    assert set(store.mentions()["doc_id"]) == {a.id, f"{a.id}-2"}
    assert store.check() == []


def test_every_extracted_mention_is_placed_in_exactly_one_event(store):
    docs = _docs(20)
    for d in docs:
        store.add_document(d)
    batch = build(docs).mentions
    ours = store.mentions()
    cols = [c for c in schema.MENTION_COLUMN_NAMES if c != "event_id"]
    key = ["doc_id", "char_start", "trigger_start", "event_type"]
    pd.testing.assert_frame_equal(ours[cols].sort_values(key).reset_index(drop=True),
                                  batch[cols].sort_values(key).reset_index(drop=True))
    events = store.events().set_index("event_id")
    per_event = ours.groupby("event_id").size()
    assert set(per_event.index) == set(events.index)
    assert (events.loc[per_event.index, "n_mentions"] == per_event).all()
    assert store.check() == []


def test_the_same_documents_in_the_same_order_give_the_same_store(tmp_path):
    docs = _docs(15)
    tables = []
    for name in ("a.db", "b.db"):
        with Store(str(tmp_path / name)) as s:
            for d in docs:
                s.add_document(d)
            tables.append(s.tables())
    for left, right in zip(*tables):
        pd.testing.assert_frame_equal(left, right)


def test_events_keep_their_ids_and_gain_the_sources_of_later_documents(store):
    docs = _docs(12)
    first = docs[:6]
    for d in first:
        store.add_document(d)
    before = store.events().set_index("event_id")
    for d in docs[6:]:
        store.add_document(d)
    after = store.events().set_index("event_id")
    assert set(before.index) <= set(after.index)
    grown = [eid for eid in before.index if after.loc[eid, "n_sources"] > before.loc[eid, "n_sources"]]
    assert grown, "some event of the first documents is reported again by a later one"
    for eid in grown:
        old = before.loc[eid, "doc_ids"].split(LIST_SEP)
        new = after.loc[eid, "doc_ids"].split(LIST_SEP)
        assert new[: len(old)] == old
        assert set(new[len(old):]) <= {d.id for d in docs[6:]}


def test_a_second_store_object_on_the_same_database_sees_the_same_tables(store):
    for d in _docs(3):
        store.add_document(d)
    other = Store(store.url)
    try:
        pd.testing.assert_frame_equal(other.events(), store.events())
        pd.testing.assert_frame_equal(other.mentions(), store.mentions())
        pd.testing.assert_frame_equal(other.documents(), store.documents())
        # and it can go on adding where the first left off
        out = other.add_document(_docs(4)[3])
        assert out.added
        assert len(store.documents()) == 4
        assert store.check() == []
    finally:
        other.close()


def test_events_are_ordered_by_date(store):
    for d in _docs(6):
        store.add_document(d)
    starts = store.events()["date_start"].tolist()
    assert starts == sorted(starts)


# ----------------------------------------------------------------- imported tables


def test_imported_tables_are_kept_as_they_are_beside_extracted_events(store):
    events, mentions, documents = synthetic_corpus(30, seed=3)
    assert store.import_tables(events, mentions, documents) == 30
    assert store.import_tables(events, mentions, documents) == 0  # already there
    doc = _docs(1)[0]
    out = store.add_document(doc)
    table = store.events()
    assert len(table) == 30 + out.events_added
    imported = table[table["event_id"].isin(events["event_id"])].sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(imported, events.sort_values("event_id").reset_index(drop=True))
    ours = store.mentions()[lambda m: m["doc_id"] == doc.id]
    assert len(ours) == store.documents().set_index("doc_id").loc[doc.id, "n_event_mentions"]
    assert len(store.mentions()) == len(mentions) + len(ours)
    assert store.check() == []


# ----------------------------------------------------------------- integrity


def test_check_reports_a_mention_row_that_went_missing(store):
    for d in _docs(3):
        store.add_document(d)
    assert store.check() == []
    with store.engine.begin() as conn:
        victim = conn.execute(sa.select(mentions_table.c.id, mentions_table.c.event_id)).first()
        conn.execute(sa.delete(mentions_table).where(mentions_table.c.id == victim.id))
    problems = store.check()
    assert any("mentions table places" in p for p in problems)


# ----------------------------------------------------------------- which events a new mention may join


def _mention(start: str, end: str, precision: str):
    from timeline.events.model import EventMention

    return EventMention(doc_id="d", sentence="s", char_start=0, char_end=1, trigger="t", trigger_start=0,
                        event_type="other", time=None, date=start, date_start=start, date_end=end, precision=precision)


def _ord(day: str) -> int:
    from datetime import date

    return date.fromisoformat(day).toordinal()


SPANS = {
    "same-day": (_ord("2021-08-26"), _ord("2021-08-26"), False),
    "next-day": (_ord("2021-08-27"), _ord("2021-08-27"), False),
    "month": (_ord("2021-08-01"), _ord("2021-08-31"), False),
    "week-later": (_ord("2021-09-02"), _ord("2021-09-02"), False),
    "reported-after": (_ord("2021-08-30"), _ord("2021-08-30"), True),
    "reported-before": (_ord("2021-08-20"), _ord("2021-08-20"), True),
    "decades-ago": (_ord("1990-05-01"), _ord("1990-05-01"), False),
}
WEIGHTS = {"date_tolerance_days": 1, "reported_lookback_years": 10}


def test_a_dated_mention_may_join_events_whose_dates_meet_its_own_and_later_reports():
    from timeline.store import affected_events

    got = affected_events(SPANS, [_mention("2021-08-26", "2021-08-26", "day")], WEIGHTS)
    assert got == {"same-day", "next-day", "month", "reported-after"}


def test_a_mention_dated_by_its_report_may_join_earlier_events_within_the_lookback_and_other_reports():
    from timeline.store import affected_events

    got = affected_events(SPANS, [_mention("2021-08-28", "2021-08-28", "reported")], WEIGHTS)
    assert got == {"same-day", "next-day", "month", "reported-after", "reported-before"}


def test_a_store_written_by_another_schema_version_is_refused_with_a_clear_message(tmp_path):
    from timeline.store import state_table

    path = tmp_path / "old.db"
    with Store(str(path)) as s, s.engine.begin() as conn:
        conn.execute(sa.update(state_table).values(schema_version="0"))
    with pytest.raises(ValueError, match="schema version 0"):
        Store(str(path))
