"""Batches: documents committed one by one, merged together, with the tables of an in-memory build.

Every test runs on SQLite, and on PostgreSQL when ``TIMELINE_TEST_PG`` is set.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest
from generated_articles import generated_articles, write_articles
from store_backends import BACKENDS, fresh_db, ingest_in_child_and_kill

from timeline.corpus_gen import generate, load_seeds, write_corpus
from timeline.ingest import document_from_text, iter_documents
from timeline.pipeline import build, build_paths
from timeline.store import Store, ingest_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """40 realistic articles (the seeds moved in time, people and places renamed), with a manifest."""
    return write_corpus(generate(load_seeds(), n_docs=40, seed=5), tmp_path_factory.mktemp("corpus") / "c")


@pytest.fixture(scope="module")
def in_memory(corpus):
    return build_paths([corpus])


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return fresh_db(request.param, tmp_path)


def _assert_tables_equal(got, want) -> None:
    for left, right in zip(got, want, strict=True):
        pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def _partition(mentions: pd.DataFrame) -> set[frozenset]:
    """Which mentions are told together as one event, whatever the events' ids."""
    keys = mentions["mention_id"] + "@" + mentions["trigger_start"].astype(str)
    return {frozenset(group) for group in keys.groupby(mentions["event_id"]).agg(list)}


# ----------------------------------------------------------------- the tables of a batch


def test_a_batch_into_an_empty_store_gives_exactly_the_in_memory_tables(db, corpus, in_memory):
    with Store(db) as store:
        report = ingest_paths(store, [corpus])
        assert len(report.added) == 40 and report.problems == []
        assert report.events_added == len(in_memory.events) > 0
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))
        assert store.check() == []
        status = store.merge_status()
        assert not status.pending and not status.batch_open
    with Store(db) as reader:  # as stored, read back by another process
        _assert_tables_equal(reader.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_parallel_extraction_gives_the_same_tables(tmp_path, corpus, in_memory):
    with Store(str(tmp_path / "p.db")) as store:
        ingest_paths(store, [corpus], workers=2)
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_merges_in_the_middle_of_a_batch_show_progress_and_do_not_change_its_end(db, corpus, in_memory):
    seen: list[tuple[int, int]] = []
    with Store(db) as store, Store(db) as reader:
        def watch(outcome) -> None:
            seen.append((len(reader.documents()), len(reader.events())))

        ingest_paths(store, [corpus], merge_every=7, on_document=watch)
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))
    docs_seen = [n for n, _ in seen]
    assert docs_seen == sorted(docs_seen)  # a reader sees the batch grow, merge by merge
    assert set(docs_seen) - {0} == {7, 14, 21, 28, 35}  # documents are committed in groups: a merge is never late
    assert all(events > 0 for n, events in seen if n > 0)


def test_a_merge_read_and_written_in_small_pages_gives_the_same_tables(db, corpus, in_memory, monkeypatch):
    import timeline.store as store_module

    monkeypatch.setattr(store_module, "MERGE_PAGE", 7)  # many pages and chunks, split inside windows and documents
    with Store(db) as store:
        ingest_paths(store, [corpus])
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))
        assert store.check() == []


def test_every_extracted_mention_is_stored_with_its_stream_key(db, corpus):
    import sqlalchemy as sa

    from timeline.merge import UNDATED_KEY, stream_key
    from timeline.store import extracted_table
    from timeline.store_codec import loads_mention

    with Store(db) as store:
        ingest_paths(store, [corpus])
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(extracted_table.c.stream_key, extracted_table.c.data)).all()
    assert len(rows) > 40
    assert all(key == stream_key(loads_mention(data)) for key, data in rows)
    years = {key[:4] for key, _ in rows if key != UNDATED_KEY}
    assert len(years) > 3  # the corpus spans years: the merge reads it window by window


def _as_an_earlier_version_left_it(path: Path, corpus: Path, *statements: str) -> None:
    """A SQLite store at ``path`` holding ``corpus``, then changed by ``statements`` (columns or indexes dropped)."""
    import sqlalchemy as sa

    with Store(str(path)) as store:
        ingest_paths(store, [corpus])
    with sa.create_engine(f"sqlite:///{path}").begin() as conn:
        for sql in statements:
            conn.exec_driver_sql(sql)


def test_a_store_written_before_stream_keys_gets_them_when_opened_and_merges_the_same(tmp_path, corpus, in_memory):
    import sqlalchemy as sa

    from timeline.store import extracted_table

    path = tmp_path / "old.db"
    _as_an_earlier_version_left_it(path, corpus, "DROP INDEX ix_extracted_mentions_stream",
                                   "DROP INDEX ix_merge_base_doc_id",
                                   "ALTER TABLE extracted_mentions DROP COLUMN stream_key")
    with Store(str(path)) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).where(extracted_table.c.stream_key == "")).scalar_one() == 0
            indexes = {ix["name"] for t in ("extracted_mentions", "merge_base") for ix in sa.inspect(conn).get_indexes(t)}
        assert {"ix_extracted_mentions_stream", "ix_merge_base_doc_id"} <= indexes
        store.merge_all()
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_mentions_stored_without_merge_features_or_under_other_rules_merge_the_same(tmp_path, corpus, in_memory):
    import sqlalchemy as sa

    from timeline.merge import default_rules, features_from_record
    from timeline.store import extracted_table

    path = tmp_path / "old.db"
    with Store(str(path)) as store:
        ingest_paths(store, [corpus])
        with store.engine.connect() as conn:
            records = conn.execute(sa.select(extracted_table.c.merge_features)).scalars().all()
        assert records and all(features_from_record(r, default_rules()) is not None for r in records)
    with sa.create_engine(f"sqlite:///{path}").begin() as conn:  # as an earlier version, or other rules, left them
        conn.exec_driver_sql("UPDATE extracted_mentions SET merge_features = NULL WHERE id % 3 = 0")
        conn.exec_driver_sql("UPDATE extracted_mentions SET merge_features = replace(merge_features, ?, 'stale') "
                             "WHERE id % 3 = 1", (default_rules().fingerprint,))
    with Store(str(path)) as store:
        store.merge_all()
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_a_store_written_before_merge_features_gets_the_column_when_opened(tmp_path, corpus, in_memory):
    import sqlalchemy as sa

    path = tmp_path / "old.db"
    _as_an_earlier_version_left_it(path, corpus, "ALTER TABLE extracted_mentions DROP COLUMN merge_features")
    with Store(str(path)) as store:
        with store.engine.connect() as conn:
            assert "merge_features" in {c["name"] for c in sa.inspect(conn).get_columns("extracted_mentions")}
        store.merge_all()
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def read_part_and_fail(url: str, busy_timeout: float, types: list[str]):
    """A merge part's reading that fails in its process (the store went away)."""
    raise OSError("the store went away")
    yield


def test_a_merge_in_parts_side_by_side_gives_the_same_tables(db, corpus, in_memory):
    with Store(db) as store:
        ingest_paths(store, [corpus])
        for processes in (2, 3):
            store.merge_all(processes=processes)
            _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))
        assert store.check() == []


def test_a_merge_part_whose_process_cannot_read_the_store_is_merged_here(tmp_path, corpus, in_memory, monkeypatch):
    import timeline.store as store_module

    monkeypatch.setattr(store_module, "_read_part", read_part_and_fail)
    with Store(str(tmp_path / "p.db")) as store:
        ingest_paths(store, [corpus], workers=2)
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_every_extracted_mention_is_stored_with_its_event_type(db, corpus):
    import sqlalchemy as sa

    from timeline.store import extracted_table
    from timeline.store_codec import loads_mention

    with Store(db) as store:
        ingest_paths(store, [corpus])
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(extracted_table.c.event_type, extracted_table.c.data)).all()
    assert len(rows) > 40 and all(t == loads_mention(data).event_type for t, data in rows)
    assert len({t for t, _ in rows}) > 3


def test_a_store_written_before_event_types_gets_them_when_opened_and_merges_in_parts(tmp_path, corpus, in_memory):
    import sqlalchemy as sa

    from timeline.store import extracted_table

    path = tmp_path / "old.db"
    _as_an_earlier_version_left_it(path, corpus, "ALTER TABLE extracted_mentions DROP COLUMN event_type")
    with Store(str(path)) as store:
        with store.engine.connect() as conn:
            unknown = conn.execute(sa.select(sa.func.count()).where(extracted_table.c.event_type.is_(None)))
            assert unknown.scalar_one() == 0
        store.merge_all(processes=2)
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_mentions_of_unknown_type_are_merged_in_one_process_with_the_same_tables(tmp_path, corpus, in_memory,
                                                                                monkeypatch):
    import timeline.merge_parts

    def no_parts(*args, **kw):
        raise AssertionError("merged in parts")

    monkeypatch.setattr(timeline.merge_parts, "merge_in_parts", no_parts)
    path = tmp_path / "old.db"
    with Store(str(path)) as store:
        ingest_paths(store, [corpus])
        with store.engine.begin() as conn:  # rows an earlier version wrote into a store opened by this one
            conn.exec_driver_sql("UPDATE extracted_mentions SET event_type = NULL WHERE id % 5 = 0")
        store.merge_all(processes=2)
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


# ----------------------------------------------------------------- ids kept in the store, not in memory


def _id_sets(store: Store) -> dict[str, set[str]]:
    import sqlalchemy as sa

    from timeline.store import event_id_sets_table as t

    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.kind, t.c.event_id)).all()
    out: dict[str, set[str]] = {}
    for kind, eid in rows:
        out.setdefault(kind, set()).add(eid)
    return out


def test_a_batch_keeps_the_ids_it_began_with_in_the_store_and_lets_them_go_when_it_ends(tmp_path, corpus):
    docs = list(iter_documents([corpus]))
    with Store(str(tmp_path / "t.db")) as store:
        with store.batch() as first:
            for d in docs[:20]:
                first.add_document(d)
        assert _id_sets(store) == {}  # nothing is left aside once a batch and its merges are done
        ids_before = store.derived_event_ids()
        with store.batch(merge_every=5) as second:  # merges in the middle too
            for d in docs[20:]:
                second.add_document(d)
                assert _id_sets(store) == {"batch": ids_before}  # merges in the middle let theirs go
        assert _id_sets(store) == {}
        assert second.events_added == len(store.derived_event_ids() - ids_before) > 0
        assert first.events_added == len(ids_before) > 0


def test_a_batch_that_adds_nothing_keeps_no_ids_and_one_left_by_an_exception_lets_them_go(tmp_path, corpus):
    docs = list(iter_documents([corpus]))
    with Store(str(tmp_path / "t.db")) as store:
        ingest_paths(store, [corpus])
        generation = store.generation()
        again = ingest_paths(store, [corpus])
        assert again.added == [] and again.events_added == 0 and _id_sets(store) == {}
        assert store.generation() == generation
        with pytest.raises(RuntimeError):
            with store.batch() as batch:
                d = docs[0]
                batch.add_document(document_from_text(d.text + " More.", id=d.id + "-more", published=d.published))
                assert set(_id_sets(store)) == {"batch"}
                raise RuntimeError("stop")
        assert _id_sets(store) == {}


def test_the_ids_a_store_merge_has_given_answer_as_a_set_does(db):
    """A merge asks, batch after batch, whether it gave an id already; the store answers from a table and
    memory holds one batch's ids only."""
    import random

    from timeline.store import _GivenIds

    rng = random.Random(4)
    with Store(db) as store, store._writing(bump=False) as conn:
        given, plain = _GivenIds(conn), set()
        for batch in range(6):
            asked = {f"ev-{rng.randrange(40):02d}" for _ in range(15)}
            given.prefetch(asked)
            for eid in [*sorted(asked), f"ev-not-asked-{batch % 2}"]:
                assert (eid in given) == (eid in plain), (batch, eid)
                if eid not in plain and rng.random() < 0.5:
                    given.add(eid)
                    plain.add(eid)
                    assert eid in given
            assert len(given.new) <= 16
        given.prefetch(plain | {"ev-never"})
        assert all(eid in given for eid in plain) and "ev-never" not in given


def test_derived_events_never_take_an_imported_events_id(tmp_path, corpus, monkeypatch):
    """When imported events hold the ids the merge would give, the derived events take others, unique across
    the chunks they are written in."""
    import timeline.store as store_module

    with Store(str(tmp_path / "first.db")) as store:
        ingest_paths(store, [corpus])
        derived = store.events()
    theirs = derived.iloc[::2].assign(title="imported")
    monkeypatch.setattr(store_module, "MERGE_PAGE", 5)
    with Store(str(tmp_path / "second.db")) as store:
        store.import_tables(theirs)
        ingest_paths(store, [corpus])
        events = store.events()
        assert store.check() == []
    assert events["event_id"].is_unique and len(events) == len(derived) + len(theirs)
    kept = events[events["event_id"].isin(theirs["event_id"])]
    assert (kept["title"] == "imported").all() and len(kept) == len(theirs)
    # the other events are the derived ones again, those that met an imported id under another id
    ours = events[~events["event_id"].isin(theirs["event_id"])]
    assert sorted(ours["title"]) == sorted(derived["title"])
    assert set(ours["event_id"]) & set(derived["event_id"]) == set(derived["event_id"]) - set(theirs["event_id"])


def test_a_full_merge_outside_a_batch_keeps_every_id(db, corpus, in_memory):
    with Store(db) as store:
        ingest_paths(store, [corpus])
        before = store.tables()
        assert store.merge_all() == 0
        assert not store.merge_status().batch_open
        _assert_tables_equal(store.tables(), before)


def test_the_same_files_again_change_nothing(tmp_path, corpus):
    with Store(str(tmp_path / "t.db")) as store:
        ingest_paths(store, [corpus])
        generation, tables = store.generation(), store.tables()
        again = ingest_paths(store, [corpus])
        assert again.added == [] and len(again.skipped) == 40 and again.events_added == 0
        assert (again.n_added, again.n_skipped) == (0, 40)
        assert store.generation() == generation
        _assert_tables_equal(store.tables(), tables)


def test_an_ingest_that_keeps_no_ids_counts_the_documents(tmp_path, corpus):
    with Store(str(tmp_path / "t.db")) as store:
        first = ingest_paths(store, [corpus], keep_ids=False)
        assert (first.n_added, first.n_skipped, first.added, first.skipped) == (40, 0, [], [])
        assert first.events_added == len(store.tables()[0])
        again = ingest_paths(store, [corpus], keep_ids=False)
        assert (again.n_added, again.n_skipped, again.added, again.skipped) == (0, 40, [], [])


def test_a_second_batch_keeps_the_ids_of_the_first_and_merges_like_one_build(tmp_path, corpus, in_memory):
    first, second = tmp_path / "first", tmp_path / "second"
    docs = [d for d in iter_documents([corpus])]
    for folder, part in ((first, docs[:25]), (second, docs[25:])):
        folder.mkdir()
        for d in part:
            (folder / f"{d.id}.txt").write_text(
                f"---\nid: {d.id}\ntitle: {d.title}\npublisher: {d.publisher}\nauthor: {d.author}\n"
                f"published: {d.published}\n---\n{d.text}", encoding="utf-8")
    with Store(str(tmp_path / "two.db")) as store:
        ingest_paths(store, [first])
        before = store.events().set_index("event_id")
        report = ingest_paths(store, [second])
        events, mentions, _ = store.tables()
        after = events.set_index("event_id")
        assert store.check() == []
    kept = before.index.intersection(after.index)
    assert len(kept) >= 0.9 * len(before), "events of the first batch keep their ids"
    assert report.events_added == len(set(after.index) - set(before.index)) > 0
    # the events are those of one build of everything; only ids may differ
    assert _partition(mentions) == _partition(in_memory.mentions)
    assert len(after) == len(in_memory.events)


def test_a_batch_commits_documents_in_groups_and_skips_content_it_holds_already(db, corpus, in_memory):
    import sqlalchemy as sa

    from timeline.pipeline import extract_document
    from timeline.store import documents_table

    docs = [d for d in iter_documents([corpus])]
    with Store(db) as store:
        results = [extract_document(d, store.lexicon) for d in docs]
        again = extract_document(docs[2], store.lexicon)  # the same content a second time, in the same group
        seqs = []
        with store.batch(merge_interval=None) as batch:
            for outcome in batch.add_results([*results[:5], again, *results[5:]], group_docs=8):
                with store.engine.connect() as conn:
                    seqs.append(conn.execute(sa.select(sa.func.count()).select_from(documents_table)).scalar_one())
        # 41 results in groups of 8: six transactions, and each outcome comes once its group is committed
        assert seqs == sorted(seqs) and len(set(seqs)) == 6 and seqs[0] == 7 and seqs[-1] == len(docs)
        assert store.doc_ids_for_hashes([docs[0].hash, docs[-1].hash, "no such hash"]) == {
            docs[0].hash: docs[0].id, docs[-1].hash: docs[-1].id}
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_the_outcomes_of_a_group_come_in_input_order_with_the_duplicate_skipped(tmp_path, corpus):
    from timeline.pipeline import extract_document

    docs = [d for d in iter_documents([corpus])][:6]
    with Store(str(tmp_path / "g.db")) as store:
        results = [extract_document(d, store.lexicon) for d in docs]
        with store.batch(merge_interval=None) as batch:
            outcomes = list(batch.add_results([*results, extract_document(docs[1], store.lexicon)], group_docs=100))
    assert [o.doc_id for o in outcomes] == [d.id for d in docs] + [docs[1].id]
    assert [o.added for o in outcomes] == [True] * 6 + [False]


# ----------------------------------------------------------------- readers and writers during a batch


def test_readers_see_the_last_merge_while_a_batch_runs(db, corpus, in_memory):
    docs = [d for d in iter_documents([corpus])]
    with Store(db) as store, Store(db) as reader:
        with store.batch(merge_interval=None) as batch:
            for d in docs[:10]:
                assert batch.add_document(d).added
            # another store object (another process) finds the mark, but the batch is alive: it waits for the batch
            assert reader.merge_status().pending
            assert len(reader.events()) == 0 and len(reader.documents()) == 0
            assert reader.check() == []
            assert reader.merge_status().pending
            for d in docs[10:]:
                batch.add_document(d)
        assert not reader.merge_status().pending
        _assert_tables_equal(reader.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))


def test_a_document_added_while_a_batch_runs_elsewhere_joins_that_batch(db):
    articles = generated_articles(6, seed=61)
    docs = [document_from_text(a["text"], id=a["id"], title=a["title"], publisher=a["publisher"],
                               published=a["published"]) for a in articles]
    with Store(db) as batch_store, Store(db) as api_store:
        with batch_store.batch(merge_interval=None) as batch:
            for d in docs[:5]:
                batch.add_document(d)
            out = api_store.add_document(docs[5])
            assert out.added and out.events_added == 0
            assert docs[5].id not in set(api_store.documents()["doc_id"])
        assert set(api_store.documents()["doc_id"]) == {d.id for d in docs}
        assert docs[5].id in set(api_store.mentions()["doc_id"])
        assert api_store.check() == []


def test_a_batch_left_by_an_exception_is_merged_by_the_next_single_document(db):
    articles = generated_articles(6, seed=65)
    docs = [document_from_text(a["text"], id=a["id"], published=a["published"]) for a in articles]
    with Store(db) as store:
        with pytest.raises(KeyboardInterrupt), store.batch() as batch:
            for d in docs[:5]:
                batch.add_document(d)
            raise KeyboardInterrupt
        assert store.merge_status().pending
        assert store.add_document(docs[5]).added
        assert not store.merge_status().pending  # the merge the batch left was finished first, then this document's
        assert set(store.documents()["doc_id"]) == {d.id for d in docs}
        with_mentions = set(store.documents().query("n_event_mentions > 0")["doc_id"])
        assert docs[5].id in with_mentions and set(store.mentions()["doc_id"]) == with_mentions
        assert store.check() == []


def test_a_single_document_after_a_batch_is_merged_at_once_and_earlier_ids_stay(db, corpus):
    with Store(db) as store:
        ingest_paths(store, [corpus])
        before = store.events().set_index("event_id")
        article = generated_articles(1, seed=62)[0]
        out = store.add_document(document_from_text(article["text"], id=article["id"], published=article["published"]))
        assert out.added and out.events_added > 0
        after = store.events().set_index("event_id")
        assert set(before.index) <= set(after.index)
        assert len(after) == len(before) + out.events_added
        assert article["id"] in set(store.documents()["doc_id"])
        assert article["id"] in set(store.mentions()["doc_id"])
        assert store.check() == []


def test_a_full_merge_after_single_documents_gives_the_events_of_one_build(tmp_path):
    articles = generated_articles(24, seed=63)
    folder = tmp_path / "articles"
    write_articles(articles, folder)
    expected = build_paths([folder])
    with Store(str(tmp_path / "s.db")) as store:
        for d in iter_documents([folder]):
            store.add_document(d)
        before = set(store.events()["event_id"])
        store.merge_all()
        events, mentions, documents = store.tables()
        assert store.check() == []
    assert _partition(mentions) == _partition(expected.mentions)
    pd.testing.assert_frame_equal(documents, expected.documents)
    assert len(set(events["event_id"]) & before) >= 0.8 * len(events)


def test_a_store_made_before_deferred_merges_opens_with_every_document_merged(tmp_path):
    import sqlalchemy as sa

    from timeline.store import merge_base_table, merge_state_table

    path = tmp_path / "old.db"
    articles = generated_articles(3, seed=64)
    with Store(str(path)) as store:
        for a in articles:
            store.add_document(document_from_text(a["text"], id=a["id"], published=a["published"]))
        tables = store.tables()
        merge_state_table.drop(store.engine)
        merge_base_table.drop(store.engine)
    with Store(str(path)) as store:
        assert not store.merge_status().pending
        _assert_tables_equal(store.tables(), tables)
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(merge_state_table.c.merged_seq)).scalar_one() == 3


# ----------------------------------------------------------------- a batch that dies


CHILD = textwrap.dedent(
    """
    import sys
    import timeline.store
    from timeline.store import Store, ingest_paths

    timeline.store.COMMIT_GROUP_DOCS = 4  # a few documents per transaction: the kill lands inside the batch
    store = Store(sys.argv[1])
    ingest_paths(store, [sys.argv[2]], merge_interval=None, on_document=lambda out: print(out.doc_id, flush=True))
    print("done", flush=True)
    """
)


def _ingest_in_child_and_kill(db: str, folder: Path, after: int) -> int:
    return ingest_in_child_and_kill(CHILD, db, folder, after)


def test_a_batch_killed_before_its_merge_is_merged_by_the_next_reader_and_completed_by_the_next_ingest(db, corpus, in_memory):
    assert _ingest_in_child_and_kill(db, corpus, 12) == 12
    with Store(db) as store:
        status = store.merge_status()
        assert status.pending and status.batch_open
        n = store.counts()["documents"]
        assert 12 <= n < 40, "the child was killed before it finished"
        # reading finds no living batch: it merges what the dead one committed
        events, mentions, documents = store.tables()
        assert len(documents) == n and not store.merge_status().pending
        assert store.merge_status().batch_open  # the ids are settled by the ingest that continues the batch
        assert store.check() == []
        committed = set(documents["doc_id"])
        partial = build([d for d in iter_documents([corpus]) if d.id in committed])
        _assert_tables_equal((events, mentions, documents), (partial.events, partial.mentions, partial.documents))

        report = ingest_paths(store, [corpus])
        assert len(report.skipped) == n and len(report.added) == 40 - n
        assert store.check() == [] and not store.merge_status().batch_open
        _assert_tables_equal(store.tables(), (in_memory.events, in_memory.mentions, in_memory.documents))
