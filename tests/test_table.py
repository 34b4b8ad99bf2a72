"""The event table and the event-mentions table (timeline.table)."""

from __future__ import annotations

import pandas as pd
import pytest

from test_merge import abbey_gate, drone_strike, mention, plotter_killed
from timeline import schema
from timeline.document import Document
from timeline.merge import merge
from timeline.table import event_row, event_values, events_frame, mention_row, mention_values, mentions_frame, publishers

DOCS = {
    "seed-000": Document(id="seed-000", text="", publisher="Slate"),
    "seed-001": Document(id="seed-001", text="", publisher="DownWithTyranny!"),
    "seed-002": Document(id="seed-002", text="", publisher="Foreign Policy"),
    "seed-003": Document(id="seed-003", text="", publisher="The Washington Times"),
    "seed-004": Document(id="seed-004", text="", publisher="South China Morning Post"),
}


@pytest.fixture(scope="module")
def events():
    return merge(abbey_gate() + [drone_strike(), plotter_killed()])


def _dtypes(columns):
    return [c.dtype for c in columns]


def test_event_table_has_exactly_the_schema_columns_and_dtypes(events):
    df = events_frame(events, DOCS)
    assert list(df.columns) == list(schema.EVENT_COLUMN_NAMES)
    assert [str(t) for t in df.dtypes] == _dtypes(schema.EVENT_COLUMNS)
    assert len(df) == 3


def test_mentions_table_has_exactly_the_schema_columns_and_dtypes(events):
    df = mentions_frame(events, DOCS)
    assert list(df.columns) == list(schema.MENTION_COLUMN_NAMES)
    assert [str(t) for t in df.dtypes] == _dtypes(schema.MENTION_COLUMNS)
    assert len(df) == 7


def test_empty_tables_keep_their_columns():
    for df, cols in ((events_frame([]), schema.EVENT_COLUMNS), (mentions_frame([]), schema.MENTION_COLUMNS)):
        assert len(df) == 0
        assert list(df.columns) == [c.name for c in cols]
        assert [str(t) for t in df.dtypes] == _dtypes(cols)


def test_an_event_row_lists_its_sources_publishers_and_evidence_in_the_same_order(events):
    row = events_frame(events, DOCS).set_index("event_id").loc[events[0].event_id]
    assert row["doc_ids"] == "seed-000; seed-001; seed-002; seed-003; seed-004"
    assert row["publishers"] == "Slate; DownWithTyranny!; Foreign Policy; The Washington Times; South China Morning Post"
    evidence = row["evidence"].split(schema.EVIDENCE_SEP)
    assert len(evidence) == 5
    assert evidence[0].startswith("After the bombing of Kabul airport on Thursday")
    assert evidence[3].startswith("The plotter responsible for planning the Aug. 26, 2021 attack")
    assert row["n_sources"] == 5 and row["n_mentions"] == 5
    assert (row["date"], row["precision"], row["event_type"]) == ("2021-08-26", "day", "bombing")
    assert row["title"] == "ISIS-K bombing in Kabul"
    assert row["perpetrators"] == "ISIS-K"
    assert row["killed"] == 13
    assert pd.isna(row["wounded"])
    assert len(row["merge_reasons"].split(schema.LIST_SEP)) == 4
    assert row["disagreements"].startswith("killed: 113 [seed-000")


def test_actor_lists_are_joined_with_the_list_separator(events):
    df = events_frame(events, DOCS).set_index("event_id")
    strike = next(e for e in events if e.event_type == "airstrike")
    assert df.loc[strike.event_id, "actors"] == "United States; ISIS-K"
    assert df.loc[strike.event_id, "targets"] == "ISIS-K"
    assert df.loc[strike.event_id, "disagreements"] == ""


def test_publishers_fall_back_to_the_mentions_when_no_documents_are_given():
    m = mention("x", "A bombing in Kabul on Thursday.", "bombing", "bombing", "2021-08-26", location="Kabul")
    m.publisher = "Reuters"
    df = events_frame(merge([m]))
    assert df.loc[0, "publishers"] == "Reuters"


def test_mention_rows_carry_offsets_time_and_actors_with_roles(events):
    df = mentions_frame(events, DOCS).set_index("mention_id")
    seed3 = next(m for e in events for m in e.mentions if m.doc_id == "seed-003" and m.char_start == 812)
    r = df.loc[seed3.mention_id]
    assert r["event_id"] == events[0].event_id
    assert r["publisher"] == "The Washington Times"
    assert r["char_end"] - r["char_start"] == len(r["sentence"])
    assert r["sentence"][r["trigger_start"] - r["char_start"]:].startswith(r["trigger"])
    assert (r["time_text"], r["time_value"], r["precision"]) == ("Aug. 26, 2021", "2021-08-26", "day")
    assert r["sentence"][r["time_start"] - r["char_start"]:].startswith("Aug. 26, 2021")
    assert r["actors"] == "ISIS-K (perpetrator)"
    assert r["killed"] == "13 U.S. service members"
    plotter = df.loc[plotter_killed().mention_id]
    assert plotter["actors"] == "Taliban (perpetrator); ISIS-K (target)"
    assert plotter["date_mod"] == "START"


def test_a_mention_without_its_own_date_has_no_time_text():
    m = mention("x", "The bombing in Kabul was condemned.", "bombing", "bombing", None, dct="2021-08-27", location="Kabul")
    r = mentions_frame(merge([m])).iloc[0]
    assert r["time_text"] == ""
    assert pd.isna(r["time_start"])
    assert (r["time_value"], r["precision"]) == ("2021-08-27", "reported")


def test_multi_line_evidence_stays_on_one_line_in_the_event_table():
    m = mention("x", "The bombing in Kabul\non Thursday killed 13.", "bombing", "bombing", "2021-08-26", location="Kabul")
    assert events_frame(merge([m])).loc[0, "evidence"] == "The bombing in Kabul on Thursday killed 13."


def test_row_values_come_in_schema_order_as_plain_text_ints_or_none(events):
    pubs = publishers(events, DOCS)
    for e in events:
        values = event_values(e, pubs)
        assert event_row(e, pubs) == dict(zip(schema.EVENT_COLUMN_NAMES, values))
        _assert_plain(values, schema.EVENT_COLUMNS)
        for m in e.mentions:
            values = mention_values(e.event_id, m, pubs.get(m.doc_id, ""))
            assert mention_row(e.event_id, m, pubs[m.doc_id]) == dict(zip(schema.MENTION_COLUMN_NAMES, values))
            _assert_plain(values, schema.MENTION_COLUMNS)


def _assert_plain(values: tuple, columns: tuple) -> None:
    """Each value as a database gives it back for its column's dtype (what the store writes without converting)."""
    assert len(values) == len(columns)
    for v, c in zip(values, columns):
        assert v is None or type(v) is {"string": str, "Int64": int, "Float64": float}[c.dtype], (c.name, v)
