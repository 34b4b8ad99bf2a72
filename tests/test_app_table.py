"""The event table: server-side column filters, sorting and paging."""

from __future__ import annotations

import pandas as pd

from dash_app.table import PAGE_SIZE, apply_table_query, datatable_columns, page_count, page_records, parse_filter
from timeline.schema import EVENT_COLUMNS, conform

EVENTS = conform(
    pd.DataFrame(
        [
            {"event_id": "ev-a", "date": "2021-08-26", "date_start": "2021-08-26", "title": "Kabul airport bombing", "killed": 170, "n_sources": 5},
            {"event_id": "ev-b", "date": "199", "date_start": "1990-01-01", "title": "Taliban rule", "killed": None, "n_sources": 2},
            {"event_id": "ev-c", "date": "2021-08", "date_start": "2021-08-01", "title": "Fall of KABUL", "killed": 3, "n_sources": 1},
        ]
    ),
    EVENT_COLUMNS,
)


def ids(df):
    return df["event_id"].tolist()


def test_filter_query_is_parsed_like_the_datatable_writes_it():
    assert parse_filter('{title} icontains "kabul" && {killed} >= 3') == [("title", "contains", "kabul"), ("killed", ">=", "3")]
    assert parse_filter("{n_sources} s> 1") == [("n_sources", ">", "1")]
    assert parse_filter("") == []


def test_text_filters_are_case_insensitive_and_numbers_compare_as_numbers():
    assert ids(apply_table_query(EVENTS, "{title} contains kabul")) == ["ev-c", "ev-a"]
    assert ids(apply_table_query(EVENTS, "{killed} > 10")) == ["ev-a"]
    assert ids(apply_table_query(EVENTS, "{n_sources} = 2")) == ["ev-b"]
    assert ids(apply_table_query(EVENTS, "{date} datestartswith 2021")) == ["ev-c", "ev-a"]


def test_default_order_is_by_date_and_the_date_column_sorts_by_first_day():
    assert ids(apply_table_query(EVENTS)) == ["ev-b", "ev-c", "ev-a"]
    desc = apply_table_query(EVENTS, None, [{"column_id": "date", "direction": "desc"}])
    assert ids(desc) == ["ev-a", "ev-c", "ev-b"]
    by_killed = apply_table_query(EVENTS, None, [{"column_id": "killed", "direction": "asc"}])
    assert ids(by_killed) == ["ev-c", "ev-a", "ev-b"]  # missing last


def test_pages_carry_the_event_id_as_row_id():
    big = pd.concat([EVENTS] * 7, ignore_index=True)
    assert page_count(len(big)) == 2 and page_count(0) == 1
    rows = page_records(big, 1)
    assert len(rows) == len(big) - PAGE_SIZE
    assert rows[0]["id"] == big["event_id"].iloc[PAGE_SIZE]
    assert page_records(EVENTS, 0)[1]["killed"] is None
    assert {c["id"] for c in datatable_columns()} >= {"date", "title", "actors", "n_sources"}
