"""Exports: CSV, JSON, Parquet, TimelineJS (timeline.export)."""

from __future__ import annotations

import csv
import io
import json
import os

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_merge import abbey_gate, drone_strike, mention, plotter_killed
from timeline import schema
from timeline.export import (
    CHUNKED_FORMATS,
    EXPORT_FORMATS,
    display_date,
    export,
    export_bytes,
    export_chunks,
    neutralize,
    spreadsheet_safe,
    to_csv,
    to_json,
    to_parquet,
    to_timelinejs,
    write_csv,
    write_json,
    write_parquet,
)
from timeline.merge import merge
from timeline.table import events_frame, mentions_frame


@pytest.fixture(scope="module")
def tables():
    events = merge(abbey_gate() + [drone_strike(), plotter_killed()])
    return events_frame(events), mentions_frame(events)


def _hostile_events() -> pd.DataFrame:
    rows = [
        {"event_id": "ev-1", "title": "=HYPERLINK(\"http://x\",\"click\")", "actors": "+cmd", "location": "-2+3",
         "country": "@SUM(A1)", "trigger": "\tbomb", "date_mod": "\rX", "date": "-0500", "evidence": "-12.5",
         "killed": -3, "wounded": 4, "date_start": "2021-08-26", "date_end": "2021-08-26", "precision": "day",
         "event_type": "bombing", "doc_ids": "d1", "publishers": "P"},
    ]
    return schema.conform(pd.DataFrame(rows), schema.EVENT_COLUMNS)


# --------------------------------------------------------------------------- CSV


def test_csv_neutralizes_cells_a_spreadsheet_would_run_as_formulas():
    buf = io.BytesIO()
    to_csv(_hostile_events(), buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"), newline="")))
    assert row["title"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert row["actors"] == "'+cmd"
    assert row["location"] == "'-2+3"
    assert row["country"] == "'@SUM(A1)"
    assert row["trigger"] == "'\tbomb"
    assert row["date_mod"] == "'\rX"


def test_csv_leaves_numbers_alone():
    buf = io.BytesIO()
    to_csv(_hostile_events(), buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"), newline="")))
    assert row["killed"] == "-3"  # a negative number in a numeric column
    assert row["date"] == "-0500"  # a text cell that is a plain number (a BCE year) is data, not a formula
    assert row["evidence"] == "-12.5"
    assert neutralize("-1") == "-1" and neutralize("-1-1") == "'-1-1" and neutralize("ok") == "ok"


def test_csv_round_trips_through_pandas(tables, tmp_path):
    events, _ = tables
    path = tmp_path / "events.csv"
    to_csv(events, path)
    back = schema.conform(pd.read_csv(path, dtype=str, keep_default_na=False), schema.EVENT_COLUMNS)
    assert list(back["event_id"]) == list(events["event_id"])
    assert list(back["evidence"]) == list(events["evidence"])
    assert back["killed"].tolist() == events["killed"].tolist()
    assert path.read_bytes().count(b"\r\n") == len(events) + 1  # RFC 4180 line ends


def test_csv_to_a_path_and_to_a_binary_buffer_give_the_same_bytes(tables, tmp_path):
    events, _ = tables
    to_csv(events, tmp_path / "a.csv")
    buf = io.BytesIO()
    to_csv(events, buf)
    assert (tmp_path / "a.csv").read_bytes() == buf.getvalue() == export_bytes(events, "csv")


# --------------------------------------------------------------------------- JSON


def test_json_is_a_list_of_records_with_null_for_missing_values(tables, tmp_path):
    events, _ = tables
    text = to_json(events, tmp_path / "e.json")
    data = json.loads(text)
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8")) == data
    assert len(data) == len(events)
    first = data[0]
    assert list(first) == list(schema.EVENT_COLUMN_NAMES)
    assert first["date_start"] == "2021-08-26"
    assert first["killed"] == 13 and isinstance(first["killed"], int)
    assert first["wounded"] is None


def test_json_writes_real_dates_as_iso_strings():
    df = pd.DataFrame({"when": pd.to_datetime(["2021-08-26", None]), "n": pd.array([1, None], dtype="Int64"), "x": [1.5, float("nan")]})
    assert json.loads(to_json(df)) == [{"when": "2021-08-26", "n": 1, "x": 1.5}, {"when": None, "n": None, "x": None}]


# --------------------------------------------------------------------------- Parquet


def test_parquet_round_trip_keeps_values_and_dtypes(tables, tmp_path):
    events, mentions = tables
    for df in (events, mentions):
        path = tmp_path / "t.parquet"
        to_parquet(df, path)
        back = pd.read_parquet(path)
        pd.testing.assert_frame_equal(back, df)


# --------------------------------------------------------------------------- TimelineJS


def test_timelinejs_has_a_title_slide_and_one_slide_per_event(tables):
    events, mentions = tables
    tl = to_timelinejs(events, mentions, title="Taliban & ISIS-K")
    assert tl["title"]["text"]["headline"] == "Taliban &amp; ISIS-K"
    assert len(tl["events"]) == len(events)
    slide = tl["events"][0]
    assert slide["unique_id"] == events.loc[0, "event_id"]
    assert slide["group"] == "bombing"
    assert slide["text"]["headline"] == "ISIS-K bombing in Kabul"
    assert slide["start_date"] == {"year": 2021, "month": 8, "day": 26, "display_date": "26 August 2021"}
    assert "end_date" not in slide
    html_text = slide["text"]["text"]
    assert html_text.count("<blockquote>") == 5  # one quote per mention
    assert "seed-004" in html_text and "Disagreements" in html_text


def test_timelinejs_dates_carry_only_the_known_precision():
    rows = [
        {"event_id": "m", "date": "2023-04", "date_start": "2023-04-01", "date_end": "2023-04-30", "precision": "month", "date_mod": "START"},
        {"event_id": "y", "date": "2022", "date_start": "2022-01-01", "date_end": "2022-12-31", "precision": "year"},
        {"event_id": "d", "date": "199", "date_start": "1990-01-01", "date_end": "1999-12-31", "precision": "decade"},
        {"event_id": "i", "date": "2021-08-14/2021-08-30", "date_start": "2021-08-14", "date_end": "2021-08-30", "precision": "interval"},
        {"event_id": "s", "date": "2011-SP", "date_start": "2011-03-01", "date_end": "2011-05-31", "precision": "season"},
        {"event_id": "none", "date": "PAST_REF", "date_start": None, "date_end": None, "precision": "reported"},
    ]
    df = schema.conform(pd.DataFrame(rows), schema.EVENT_COLUMNS)
    slides = {s["unique_id"]: s for s in to_timelinejs(df)["events"]}
    assert "none" not in slides  # no usable date, no slide
    assert slides["m"]["start_date"] == {"year": 2023, "month": 4, "display_date": "early April 2023"}
    assert slides["y"]["start_date"] == {"year": 2022, "display_date": "2022"}
    assert slides["d"]["start_date"] == {"year": 1990, "display_date": "1990s"}
    assert slides["d"]["end_date"] == {"year": 1999}
    assert slides["i"]["start_date"]["day"] == 14 and slides["i"]["end_date"] == {"year": 2021, "month": 8, "day": 30}
    assert slides["s"]["start_date"]["display_date"] == "spring 2011"


def test_timelinejs_escapes_html_in_every_text():
    m = mention("<b>doc</b>", "The <script>alert(1)</script> bombing in Kabul on Thursday.", "bombing", "bombing", "2021-08-26",
                location="Kabul")
    events = merge([m])
    df = events_frame(events)
    df.loc[0, "title"] = "<script>alert('t')</script>"
    tl = to_timelinejs(df, mentions_frame(events), title="<i>x</i>")
    dumped = json.dumps(tl)
    assert "<script>" not in dumped and "<b>" not in dumped and "<i>" not in dumped
    slide = tl["events"][0]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in slide["text"]["text"]


def test_display_dates_read_naturally():
    assert display_date("2021-08-26", "day", "2021-08-26", "2021-08-26") == "26 August 2021"
    assert display_date("2021-08", "month", "2021-08-01", "2021-08-31", "END") == "late August 2021"
    assert display_date("2021-W34", "week", "2021-08-23", "2021-08-29") == "23 August 2021 – 29 August 2021"


# --------------------------------------------------------------------------- dispatch


def test_every_format_exports_through_one_dispatcher(tables, tmp_path):
    events, mentions = tables
    assert EXPORT_FORMATS == {"csv", "json", "parquet", "timelinejs"}
    for fmt in sorted(EXPORT_FORMATS):
        path = tmp_path / f"out.{fmt}"
        export(events, path, fmt, mentions=mentions)
        assert path.read_bytes() == export_bytes(events, fmt, mentions=mentions)
    assert json.loads((tmp_path / "out.timelinejs").read_text(encoding="utf-8"))["events"][0]["group"] == "bombing"
    with pytest.raises(ValueError, match="unknown export format"):
        export(events, tmp_path / "x", "xlsx")


# --------------------------------------------------------------------------- written in chunks


def _chunks(df: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """``df`` cut into pieces of ``size`` rows, as a store reader gives them (index restarting at 0)."""
    if df.empty:
        return [df]
    return [df.iloc[i:i + size].reset_index(drop=True) for i in range(0, len(df), size)]


def _bytes(writer, chunks) -> bytes:
    buf = io.BytesIO()
    writer(chunks, buf)
    return buf.getvalue()


@pytest.mark.parametrize("size", [1, 2, 1000])
def test_csv_and_json_written_in_chunks_are_the_bytes_of_the_whole_table(tables, size):
    for df in [*tables, _hostile_events()]:
        assert _bytes(write_csv, _chunks(df, size)) == export_bytes(df, "csv")
        assert _bytes(write_json, _chunks(df, size)) == export_bytes(df, "json")


def test_chunks_left_empty_by_a_filter_change_nothing(tables):
    events, _ = tables
    empty = events.iloc[0:0]
    pieces = [empty, *_chunks(events, 2)[:1], empty, *_chunks(events, 2)[1:], empty]
    assert _bytes(write_csv, pieces) == export_bytes(events, "csv")
    assert _bytes(write_json, pieces) == export_bytes(events, "json")


def test_an_empty_table_in_chunks_is_a_header_or_an_empty_list():
    empty = schema.empty_frame(schema.EVENT_COLUMNS)
    csv_out = _bytes(write_csv, [empty, empty])
    assert csv_out == export_bytes(empty, "csv") == (",".join(schema.EVENT_COLUMN_NAMES) + "\r\n").encode()
    assert _bytes(write_json, [empty]) == export_bytes(empty, "json") == b"[]\n"
    assert json.loads(_bytes(write_json, [])) == []


def test_csv_in_chunks_keeps_every_chunk_spreadsheet_safe():
    hostile = _hostile_events()
    twice = pd.concat([hostile, hostile], ignore_index=True)
    rows = list(csv.DictReader(io.StringIO(_bytes(write_csv, _chunks(twice, 1)).decode("utf-8"), newline="")))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(\"http://x\",\"click\")"] * 2
    assert [r["killed"] for r in rows] == ["-3", "-3"]


def test_json_in_chunks_is_one_json_document_of_every_record(tables):
    events, _ = tables
    data = json.loads(_bytes(write_json, _chunks(events, 1)).decode("utf-8"))
    assert data == json.loads(to_json(events))
    assert [r["event_id"] for r in data] == list(events["event_id"])


def test_parquet_in_chunks_reads_back_as_the_whole_table(tables, tmp_path):
    for df in tables:
        path = tmp_path / "t.parquet"
        assert write_parquet(_chunks(df, 2), path) == len(df)
        pd.testing.assert_frame_equal(pd.read_parquet(path), df)
    empty = schema.empty_frame(schema.MENTION_COLUMNS)
    write_parquet([empty], tmp_path / "e.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "e.parquet"), empty)
    with pytest.raises(ValueError, match="columns"):
        write_parquet([], tmp_path / "none.parquet")


def test_export_chunks_writes_paths_and_text_buffers_and_counts_rows(tables, tmp_path):
    events, _ = tables
    assert CHUNKED_FORMATS == EXPORT_FORMATS - {"timelinejs"}
    for fmt in ("csv", "json"):
        path = tmp_path / f"e.{fmt}"
        assert export_chunks(_chunks(events, 2), path, fmt) == len(events)
        assert path.read_bytes() == export_bytes(events, fmt)
        text = io.StringIO()
        export_chunks(_chunks(events, 2), text, fmt)
        assert text.getvalue() == export_bytes(events, fmt).decode("utf-8")
    with pytest.raises(ValueError, match="not written in chunks"):
        export_chunks(_chunks(events, 2), tmp_path / "x.json", "timelinejs")


# --------------------------------------------------------------------------- whole or not at all


@pytest.mark.parametrize("fmt", sorted(CHUNKED_FORMATS))
def test_an_export_that_fails_midway_leaves_the_earlier_file_as_it_was_and_nothing_beside_it(tables, tmp_path, fmt):
    events, _ = tables
    out = tmp_path / f"events.{fmt}"
    out.write_bytes(b"the earlier export")

    def failing():
        yield events.iloc[:1]
        raise OSError("the store went away")

    with pytest.raises(OSError, match="went away"):
        export_chunks(failing(), out, fmt)
    assert out.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    assert export_chunks(iter([events.iloc[:1], events.iloc[1:]]), out, fmt) == len(events)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_whole_table_export_replaces_the_file_in_one_step(tables, tmp_path):
    events, _ = tables
    out = tmp_path / "events.csv"
    out.write_bytes(b"old")
    export(events, out, "csv")
    assert out.read_bytes() == export_bytes(events, "csv")
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_a_device_or_pipe_is_written_directly(tables):
    events, _ = tables
    assert write_csv(iter([events]), os.devnull) == len(events)
    export(events, os.devnull, "json")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="=+-@\t\r12.,eE ab'", max_size=6)), min_size=1, max_size=8))
def test_a_spreadsheet_safe_table_neutralizes_exactly_the_cells_neutralize_changes(cells):
    frame = pd.DataFrame({"text": pd.array(cells, dtype="string"), "objects": pd.Series(cells, dtype=object),
                          "n": pd.array([1] * len(cells), dtype="Int64")})
    safe = spreadsheet_safe(frame)
    assert safe["text"].dtype == frame["text"].dtype and safe["n"].equals(frame["n"])
    for col in ("text", "objects"):
        want = [None if pd.isna(v) else neutralize(v) for v in frame[col]]
        assert [None if pd.isna(v) else v for v in safe[col]] == want
    assert [None if pd.isna(v) else v for v in frame["text"]] == cells  # the table given is left as it was
