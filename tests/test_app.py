"""The app's callbacks as plain functions, its layout, and its HTTP API (no browser)."""

from __future__ import annotations

import base64
import io
import json

import pandas as pd
import pytest

from timeline.export import export_bytes
from dash import no_update

from dash_app.app import (
    Views,
    create_app,
    decode_uploads,
    export_download,
    handle_upload,
    parse_view,
    render_figure,
    render_panel,
    render_table,
    sync_view,
    view_search,
    zoomed_range,
)
from dash_app.data import TimelineData
from dash_app.table import PAGE_SIZE
from timeline.query import EventQuery, filter_events
from timeline.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(400, seed=11)


@pytest.fixture
def data(corpus):
    return TimelineData.from_frames(*corpus)


def controls(actors=None, types=None, start=None, end=None, sources=None, q=None, color="event_type"):
    return [actors, types, start, end, sources, q, color]


# ---------------------------------------------------------------- URL state


def test_the_url_holds_filters_colouring_and_selection():
    search = view_search(EventQuery(actors=["Taliban"], start="2021"), "actor", "ev-1")
    assert search == "?actor=Taliban&start=2021-01-01&color=actor&event=ev-1"
    query, color, event, error = parse_view(search)
    assert query.actors == ["Taliban"] and color == "actor" and event == "ev-1" and error == ""
    assert view_search(EventQuery(), "event_type", None) == ""


def test_a_bad_date_in_the_url_is_dropped_and_reported():
    query, color, _, error = parse_view("?actor=Taliban&start=yesterday&color=rainbow")
    assert query.actors == ["Taliban"] and query.start is None
    assert "yesterday" in error and color == "event_type"


def test_opening_a_url_sets_the_controls_and_the_stores():
    out = sync_view(None, "?actor=Taliban&type=bombing&q=kabul&event=ev-9", *controls(), None, None, None, None)
    url, actors, types, start, end, sources, q, color, query_store, selected, error = out
    assert url is no_update
    assert (actors, types, q, color) == (["Taliban"], ["bombing"], "kabul", "event_type")
    assert query_store == "actor=Taliban&type=bombing&q=kabul" and selected == "ev-9" and error == ""


def test_changing_a_control_writes_the_url_and_keeps_the_selection():
    out = sync_view("actor-filter", "", *controls(actors=["ISIS-K"], start="2021"), None, None, "", "ev-3")
    assert out[0] == "?actor=ISIS-K&start=2021-01-01&event=ev-3"
    assert out[8] == "actor=ISIS-K&start=2021-01-01"
    assert out[9] is no_update  # selection unchanged
    assert all(v is no_update for v in out[1:8])


def test_an_unreadable_date_control_changes_nothing_but_says_why():
    out = sync_view("start-filter", "", *controls(start="soon"), None, None, "", None)
    assert all(v is no_update for v in out[:10]) and "soon" in out[10]


def test_clicking_a_point_or_a_row_selects_its_event():
    click = {"points": [{"customdata": "ev-7", "x": "2021-08-26"}]}
    out = sync_view("timeline", "", *controls(), click, None, "", None)
    assert out[9] == "ev-7" and out[0] == "?event=ev-7"
    out = sync_view("events-table", "?event=ev-7", *controls(), click, {"row": 2, "column": 1, "row_id": "ev-8"}, "", "ev-7")
    assert out[9] == "ev-8" and out[0] == "?event=ev-8"


def test_the_zoomed_range_becomes_the_date_filter():
    relayout = {"xaxis.range[0]": "2021-03-04 11:20:00.5", "xaxis.range[1]": "2021-09-30 02:00"}
    out = sync_view("zoom-to-filter", "?actor=X", *controls(actors=["X"]), None, None, "actor=X", None, relayout)
    assert out[0] == "?actor=X&start=2021-03-04&end=2021-09-30"
    assert (out[3], out[4]) == ("2021-03-04", "2021-09-30")
    assert out[8] == "actor=X&start=2021-03-04&end=2021-09-30"
    # without a zoom there is nothing to use
    out = sync_view("zoom-to-filter", "", *controls(), None, None, "", None, {"autosize": True})
    assert all(v is no_update for v in out[:10]) and "Zoom the timeline first" in out[10]
    assert zoomed_range({"xaxis.range": ["2020-01-01", "2019-05-01"]}) == ("2019-05-01", "2020-01-01")


def test_clear_resets_everything():
    out = sync_view("clear-filters", "?actor=X", *controls(actors=["X"]), None, None, "actor=X", "ev-1")
    assert out[0] == "" and out[1] == [] and out[8] == "" and out[9] is None


# ---------------------------------------------------------------- views


def test_figure_and_table_show_the_same_filtered_events(data):
    views = Views(data)
    qs = "actor=Taliban"
    expected = set(filter_events(data.events, EventQuery(actors=["Taliban"]))["event_id"])
    figure = render_figure(views, qs, "event_type", None)
    drawn = {c for t in figure["data"] if t.get("customdata") is not None for c in t["customdata"] if c}
    assert drawn == expected
    rows, pages, page, style, count = render_table(views, {"query-store.data"}, qs, 3, [], "", None)
    assert page == 0 and pages == -(-len(expected) // PAGE_SIZE)
    assert {r["id"] for r in rows} <= expected and len(rows) == min(PAGE_SIZE, len(expected))
    assert count.startswith(f"{len(expected):,} of 400")


def test_selecting_an_event_turns_the_table_to_its_page_and_highlights_it(data):
    views = Views(data)
    ordered = views.table_view("", "", [])
    target = ordered["event_id"].iloc[PAGE_SIZE * 2 + 4]
    rows, _, page, style, _ = render_table(views, {"selected-store.data"}, "", 0, [], "", target)
    assert page == 2 and rows[4]["id"] == target
    assert style[0]["if"] == {"row_index": 4}
    # turning the page keeps the page the user chose
    _, _, page, style, _ = render_table(views, {"events-table.page_current"}, "", 5, [], "", target)
    assert page == 5 and style == []


def test_an_empty_timeline_renders_and_says_so():
    empty = TimelineData.from_frames(pd.DataFrame())
    views = Views(empty)
    assert "No event matches" in render_figure(views, "", "actor", None)["layout"]["annotations"][0]["text"]
    rows, pages, page, _, count = render_table(views, {"query-store.data"}, "", 0, [], "", None)
    assert (rows, pages, page, count) == ([], 1, 0, "No events yet.")


def test_views_are_cached_per_tables_version(data):
    views = Views(data)
    first = views.get("type=bombing")
    assert views.get("type=bombing") is first
    data.replace(data.events.head(10), data.mentions, data.documents)
    assert len(views.get("type=bombing")) <= 10


def test_panel_lists_the_sources_of_the_selected_event(data):
    event = data.events.iloc[0]
    parts = render_panel(data, event["event_id"])
    assert parts[0].children == event["title"]
    assert render_panel(data, "ev-missing")[0].children.startswith("Event ev-missing")


# ---------------------------------------------------------------- exports


def test_csv_export_is_the_library_csv_of_exactly_the_view(data):
    from timeline.export import to_csv

    views = Views(data)
    download = export_download(data, views, "export-view", "type=bombing", "{killed} > 2", [{"column_id": "killed", "direction": "desc"}])
    body = base64.b64decode(download["content"])
    expected = views.table_view("type=bombing", "{killed} > 2", [{"column_id": "killed", "direction": "desc"}])
    buf = io.BytesIO()
    to_csv(expected, buf)
    assert body == buf.getvalue() and download["filename"] == "timeline-view.csv"
    back = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)
    assert back["event_id"].tolist() == expected["event_id"].tolist()
    everything = export_download(data, views, "export-all", "type=bombing", "", [])
    assert len(pd.read_csv(io.BytesIO(base64.b64decode(everything["content"])))) == len(data.events)


def test_timelinejs_export_has_one_slide_per_event_in_view(data):
    views = Views(data)
    download = export_download(data, views, "export-timelinejs", "type=agreement", "", [])
    payload = base64.b64decode(download["content"])
    doc = json.loads(payload)
    assert len(doc["events"]) == len(views.get("type=agreement")) and "title" in doc
    mentions = data.mentions[data.mentions["event_id"].isin(set(views.get("type=agreement")["event_id"]))]
    assert payload == export_bytes(views.table_view("type=agreement", "", []), "timelinejs", mentions=mentions)


# ---------------------------------------------------------------- uploads


def test_uploads_are_decoded_and_bad_ones_reported():
    good = "data:text/plain;base64," + base64.b64encode(b"Kabul, Aug. 27, 2021 - text").decode()
    files, problems = decode_uploads([good, "not a data url"], ["a.txt", "b.txt"])
    assert files == [("a.txt", b"Kabul, Aug. 27, 2021 - text")]
    assert problems and problems[0].startswith("b.txt:")


def test_an_upload_adds_documents_and_refreshes_the_tables(corpus):
    data = TimelineData.from_frames(*corpus)
    seen = {}
    extra_events, extra_mentions, extra_docs = synthetic_corpus(5, seed=99)

    def add_documents(files, published):
        seen["files"], seen["published"] = files, published
        tables = (pd.concat([data.events, extra_events]), pd.concat([data.mentions, extra_mentions]), pd.concat([data.documents, extra_docs]))
        return {"added": ["new-1"], "problems": ["c.bin: not a text file"], "events_added": 5, "tables": tables}

    content = "data:text/plain;base64," + base64.b64encode(b"text").decode()
    message, version = handle_upload(data, add_documents, [content], ["a.txt"], "2021-08")
    assert seen == {"files": [("a.txt", b"text")], "published": "2021-08-01"}
    assert version == 1 and len(data.events) == 405
    assert "Added 1 document" in message[0].children and "5 new events" in message[0].children
    assert message[1].children[0].children == "c.bin: not a text file"


def test_a_failing_batch_is_reported_and_the_tables_stay(corpus):
    data = TimelineData.from_frames(*corpus)

    def broken(files, published):
        raise RuntimeError("disk full")

    content = "data:text/plain;base64," + base64.b64encode(b"x").decode()
    message, version = handle_upload(data, broken, [content], ["a.txt"], None)
    assert version == 0 and "disk full" in message[1].children[0].children
    message, version = handle_upload(data, broken, [content], ["a.txt"], "someday")
    assert version is no_update and "someday" in message[0].children


# ---------------------------------------------------------------- app and API


def test_upload_control_only_when_articles_can_be_added(data):
    without = str(create_app(data).layout())
    assert "id='upload'" not in without and "id='timeline'" in without
    assert "id='upload'" in str(create_app(data, add_documents=lambda f, p: {}).layout())


def test_api_serves_the_same_filters_as_json_and_csv(data):
    client = create_app(data).server.test_client()
    expected = filter_events(data.events, EventQuery(actors=["Taliban"], types=["bombing"]))
    got = client.get("/api/events?actor=Taliban&type=bombing").get_json()
    assert [r["event_id"] for r in got] == expected["event_id"].tolist()
    csv = client.get("/api/events.csv?actor=Taliban&type=bombing")
    assert csv.mimetype == "text/csv"
    assert pd.read_csv(io.BytesIO(csv.data))["event_id"].tolist() == expected["event_id"].tolist()
    bad = client.get("/api/events?start=tomorrow")
    assert bad.status_code == 400 and "tomorrow" in bad.get_json()["error"]
