"""Generated event tables: schema, realism, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

from timeline.query import split_list
from timeline.schema import EVENT_COLUMN_NAMES, EVENT_COLUMNS, MENTION_COLUMN_NAMES, MENTION_COLUMNS
from timeline.synthetic import synthetic_corpus, synthetic_tables


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(600, seed=3)


def test_tables_have_exactly_the_schema_columns_and_dtypes(corpus):
    events, mentions, documents = corpus
    assert tuple(events.columns) == EVENT_COLUMN_NAMES
    assert tuple(mentions.columns) == MENTION_COLUMN_NAMES
    for c in EVENT_COLUMNS:
        assert str(events[c.name].dtype) == ("Int64" if c.dtype == "Int64" else str(pd.Series([], dtype="string").dtype)), c.name
    for c in MENTION_COLUMNS:
        assert (str(mentions[c.name].dtype) == "Int64") == (c.dtype == "Int64"), c.name
    assert list(documents.columns) == ["doc_id", "title", "publisher", "published", "url"]
    assert len(events) == 600 and events["event_id"].is_unique


def test_same_seed_same_tables_other_seed_other_tables():
    a = synthetic_tables(50, seed=1)
    b = synthetic_tables(50, seed=1)
    c = synthetic_tables(50, seed=2)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[0]["event_id"].equals(c[0]["event_id"])


def test_mixed_precisions_and_one_to_five_sources(corpus):
    events, mentions, _ = corpus
    assert {"day", "month", "year", "interval", "reported"} <= set(events["precision"])
    assert events["n_sources"].between(1, 5).all()
    assert events["n_sources"].nunique() >= 4
    per_event = mentions.groupby("event_id").size()
    assert (per_event.reindex(events["event_id"]).to_numpy() == events["n_sources"].to_numpy()).all()
    assert (events["date_start"] <= events["date_end"]).all()
    month = events[events["precision"] == "month"].iloc[0]
    assert month["date_start"].endswith("-01") and month["date"] == month["date_start"][:7]


def test_event_lists_agree_with_their_mentions(corpus):
    events, mentions, documents = corpus
    for _, ev in events.head(50).iterrows():
        ms = mentions[mentions["event_id"] == ev["event_id"]]
        assert split_list(ev["doc_ids"]) == ms["doc_id"].tolist()
        assert len(split_list(ev["publishers"])) == ev["n_sources"]
        assert ev["evidence"].split(" || ") == ms["sentence"].tolist()
    assert set(mentions["doc_id"]) == set(documents["doc_id"])


def test_time_phrases_sit_at_their_offsets(corpus):
    _, mentions, _ = corpus
    dated = mentions[mentions["time_text"] != ""]
    assert len(dated) > 100
    for _, m in dated.head(200).iterrows():
        at = m["time_start"] - m["char_start"]
        assert m["sentence"][at : at + len(m["time_text"])].lower() == m["time_text"].lower()


def test_some_sources_disagree_on_casualties(corpus):
    events, _, _ = corpus
    killed = events[events["disagreements"].str.startswith("killed:")]
    assert len(killed) > 0
    row = killed.iloc[0]
    stated = [int(part.split()[1]) for part in split_list(row["casualties"]) if part.startswith("killed:")]
    assert row["killed"] == min(stated) and len(set(stated)) > 1
