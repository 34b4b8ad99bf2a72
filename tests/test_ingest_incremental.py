"""Ingesting files into a store: only new content is processed, again and again."""

from __future__ import annotations

import pandas as pd
import pytest
from generated_articles import generated_articles, write_articles

from timeline import schema
from timeline.pipeline import build_paths, seeds_dir
from timeline.store import Store, ingest_paths


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "timeline.db"))
    yield s
    s.close()


def test_ingesting_the_same_files_again_changes_nothing(store, tmp_path):
    folder = tmp_path / "articles"
    paths = write_articles(generated_articles(8, seed=41), folder)
    first = ingest_paths(store, [folder])
    assert first.added == [p.stem for p in paths] and first.skipped == [] and first.problems == []
    assert first.events_added == len(store.events()) > 0
    gen, tables = store.generation(), store.tables()

    again = ingest_paths(store, [folder])
    assert again.added == [] and again.skipped == first.added and again.events_added == 0
    assert store.generation() == gen
    for before, after in zip(tables, store.tables()):
        pd.testing.assert_frame_equal(before, after)


def test_a_new_file_is_the_only_one_processed_and_earlier_events_keep_their_ids(store, tmp_path):
    folder = tmp_path / "articles"
    articles = generated_articles(10, seed=42)
    write_articles(articles[:7], folder)
    ingest_paths(store, [folder])
    before = store.events().set_index("event_id")

    write_articles(articles[7:], folder)
    report = ingest_paths(store, [folder])
    assert report.added == [a["id"] for a in articles[7:]]
    assert len(report.skipped) == 7
    after = store.events().set_index("event_id")
    assert set(before.index) <= set(after.index)
    assert report.events_added == len(after) - len(before)
    for eid in before.index:  # an earlier event changes only by gaining sources
        assert after.loc[eid, "doc_ids"].startswith(before.loc[eid, "doc_ids"])
    assert store.check() == []


def test_unreadable_files_are_reported_and_the_rest_goes_in(store, tmp_path):
    folder = tmp_path / "articles"
    write_articles(generated_articles(2, seed=43), folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest_paths(store, [folder])
    assert len(report.added) == 2
    assert len(report.errors) == 1 and "broken.txt" in str(report.errors[0])
    assert len(store.documents()) == 2


def test_the_seed_corpus_goes_in_with_its_manifest_metadata_and_every_mention_placed(store):
    report = ingest_paths(store, [seeds_dir()])
    assert report.added == [f"seed-00{i}" for i in range(5)] and report.problems == []
    docs = store.documents().set_index("doc_id")
    assert docs.loc["seed-003", "published"] == "2023-04-26"
    assert (docs["published_source"] == "manifest").all()
    batch = build_paths([seeds_dir()])
    cols = [c for c in schema.MENTION_COLUMN_NAMES if c != "event_id"]
    key = ["doc_id", "char_start", "trigger_start", "event_type"]
    pd.testing.assert_frame_equal(store.mentions()[cols].sort_values(key).reset_index(drop=True),
                                  batch.mentions[cols].sort_values(key).reset_index(drop=True))
    pd.testing.assert_frame_equal(store.documents(), batch.documents)
    assert store.check() == []


def test_extra_actor_files_are_used_for_the_new_documents(store, tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text("canonical,type,alias,parent\nBlue Heron Brigade,armed_group,Blue Heron Brigade,\n", encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "heron.txt").write_text(
        "---\npublished: 2024-03-02\n---\nFighters of the Blue Heron Brigade attacked a police post in Kandahar "
        "on March 1, 2024, killing four officers.\n", encoding="utf-8")
    report = ingest_paths(store, [folder], actors_files=[actors])
    assert report.added == ["heron"]
    assert "Blue Heron Brigade" in "; ".join(store.events()["actors"].dropna())


def test_parallel_ingest_stores_the_same_tables_as_one_process(tmp_path):
    one = Store(str(tmp_path / "one.db"))
    two = Store(str(tmp_path / "two.db"))
    serial = ingest_paths(one, [seeds_dir()])
    parallel = ingest_paths(two, [seeds_dir()], workers=2)
    assert parallel.added == serial.added
    for a, b in zip(one.tables(), two.tables()):
        pd.testing.assert_frame_equal(a, b)
    again = ingest_paths(two, [seeds_dir()], workers=2)
    assert again.added == [] and len(again.skipped) == 5
