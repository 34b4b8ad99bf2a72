"""The app's data object: conformed tables, CSV folders, refresh."""

from __future__ import annotations

from dash_app.data import TimelineData
from timeline.schema import EVENT_COLUMN_NAMES, MENTION_COLUMN_NAMES
from timeline.synthetic import synthetic_corpus


def test_frames_are_conformed_to_the_schema():
    events, mentions, documents = synthetic_corpus(20, seed=5)
    data = TimelineData.from_frames(events.drop(columns=["merge_reasons"]), mentions, documents.drop(columns=["url"]))
    assert tuple(data.events.columns) == EVENT_COLUMN_NAMES
    assert tuple(data.mentions.columns) == MENTION_COLUMN_NAMES
    assert "url" in data.documents.columns
    empty = TimelineData.from_frames(events)
    assert len(empty.mentions) == 0 and list(empty.documents.columns) == ["doc_id", "title", "publisher", "published", "url"]


def test_csv_folder_is_read_and_reloaded(tmp_path):
    events, mentions, documents = synthetic_corpus(30, seed=6)
    events.to_csv(tmp_path / "events.csv", index=False)
    mentions.to_csv(tmp_path / "mentions.csv", index=False)
    data = TimelineData.from_csv_dir(tmp_path)
    assert len(data.events) == 30 and len(data.documents) == 0
    assert data.events["killed"].dtype == "Int64"
    events.head(10).to_csv(tmp_path / "events.csv", index=False)
    documents.to_csv(tmp_path / "documents.csv", index=False)
    assert data.reload() and data.version == 1
    assert len(data.events) == 10 and len(data.documents) == len(documents)


def test_summary_counts_events_sources_and_span():
    events, mentions, documents = synthetic_corpus(40, seed=7)
    data = TimelineData.from_frames(events, mentions, documents)
    s = data.summary()
    assert s["events"] == 40
    assert s["sources"] == mentions["doc_id"].nunique()
    assert s["first"] == events["date_start"].min() and s["last"] == events["date_end"].max()
    assert not TimelineData.from_frames(events).reload()
