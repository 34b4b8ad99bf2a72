"""The timeline figure: points for days, bars for coarser dates, hollow dots for report dates."""

from __future__ import annotations

import pandas as pd

from dash_app.figure import OTHER_ACTORS, WEBGL_THRESHOLD, escape_text, selection_shape, timeline_figure
from timeline.schema import EVENT_COLUMNS, conform


def table(rows):
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


EVENTS = table(
    [
        {"event_id": "ev-day", "date": "2021-08-26", "date_start": "2021-08-26", "date_end": "2021-08-26", "precision": "day",
         "event_type": "bombing", "title": "Kabul <b>airport</b> & gate", "actors": "ISIS-K; United States", "n_sources": 5},
        {"event_id": "ev-month", "date": "2021-08", "date_start": "2021-08-01", "date_end": "2021-08-31", "precision": "month",
         "date_mod": "END", "event_type": "withdrawal", "title": "US withdrawal completed", "actors": "United States", "n_sources": 4},
        {"event_id": "ev-rep", "date": "2023-04-26", "date_start": "2023-04-26", "date_end": "2023-04-26", "precision": "reported",
         "event_type": "statement", "title": "Pentagon statement", "actors": "Pentagon", "n_sources": 1},
        {"event_id": "ev-none", "event_type": "other", "title": "undated", "actors": "Taliban", "n_sources": 1},
    ]
)  # fmt: skip


def traces(figure):
    return [t for t in figure["data"] if t.get("customdata") is not None]


def test_each_precision_is_drawn_its_own_way():
    figure = timeline_figure(EVENTS)
    by_kind = {t["meta"]: t for t in traces(figure)}
    assert set(by_kind) == {"point", "span", "reported"}
    assert by_kind["point"]["mode"] == "markers" and by_kind["point"]["marker"]["symbol"] == "circle"
    assert by_kind["reported"]["marker"]["symbol"] == "circle-open"
    span = by_kind["span"]
    # a line from the first to the last possible day through a hoverable middle, None closing the segment
    assert list(span["x"]) == ["2021-08-01", "2021-08-16", "2021-08-31", None]
    assert list(span["customdata"])[:3] == ["ev-month"] * 3
    assert list(span["marker"]["size"]) == [8, 0, 8, 0]  # end caps only
    assert "lines" in span["mode"]


def test_large_views_are_drawn_with_webgl_small_ones_with_svg():
    big = pd.concat([EVENTS.iloc[:3]] * (WEBGL_THRESHOLD // 3 + 1), ignore_index=True)
    assert {t["type"] for t in timeline_figure(big)["data"]} == {"scattergl"}
    assert {t["type"] for t in timeline_figure(EVENTS)["data"]} == {"scatter"}


def test_lanes_follow_event_types_and_undated_events_are_counted_not_drawn():
    figure = timeline_figure(EVENTS)
    assert figure["layout"]["yaxis"]["ticktext"] == ["bombing", "withdrawal", "statement"]
    assert figure["layout"]["meta"] == {"n_drawn": 3, "n_undated": 1}
    assert "ev-none" not in {c for t in traces(figure) for c in t["customdata"]}


def test_colouring_by_actor_puts_an_event_in_each_of_its_actor_lanes():
    figure = timeline_figure(EVENTS, color_by="actor")
    lanes = figure["layout"]["yaxis"]["ticktext"]
    assert lanes[0] == "United States"  # most frequent first
    assert set(lanes) == {"United States", "ISIS-K", "Pentagon"}
    ids = [c for t in traces(figure) for c in t["customdata"] if c]
    assert ids.count("ev-day") == 2


def test_rare_actors_share_one_lane_when_there_are_many():
    rows = [{"event_id": f"ev-{i}", "date": "2020", "date_start": "2020-01-01", "date_end": "2020-12-31", "precision": "year",
             "event_type": "other", "actors": f"Actor {i:02d}", "n_sources": 1} for i in range(20)]  # fmt: skip
    figure = timeline_figure(table(rows), color_by="actor")
    assert figure["layout"]["yaxis"]["ticktext"][-1] == OTHER_ACTORS
    assert len(figure["layout"]["yaxis"]["ticktext"]) == 13


def test_overlapping_events_in_a_lane_are_stacked_not_jittered():
    rows = [{"event_id": f"ev-{i}", "date": "2021-08-26", "date_start": "2021-08-26", "date_end": "2021-08-26",
             "precision": "day", "event_type": "bombing", "n_sources": 1} for i in range(3)]  # fmt: skip
    first = timeline_figure(table(rows))
    second = timeline_figure(table(rows))
    ys = list(traces(first)[0]["y"])
    assert len(set(ys)) == 3 and all(-0.5 < y < 0.5 for y in ys)
    assert ys == list(traces(second)[0]["y"])


def test_hover_shows_date_precision_title_actors_and_sources_as_text():
    figure = timeline_figure(EVENTS)
    hover = {t["meta"]: t["hovertext"] for t in traces(figure)}
    assert hover["point"][0] == (
        "<b>Kabul &lt;b&gt;airport&lt;/b&gt; &amp; gate</b><br>2021-08-26 (day)<br>Actors: ISIS-K; United States<br>Sources: 5"
    )
    assert "2021-08 (month, end)" in hover["span"][0]
    assert escape_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"


def test_the_legend_explains_how_dates_are_drawn():
    names = [t["name"] for t in timeline_figure(EVENTS)["data"] if t.get("showlegend", True) and t.get("customdata") is None]
    assert len(names) == 3 and any("exact day" in n for n in names) and any("report" in n for n in names)


def test_selection_is_the_first_shape_a_band_or_a_line():
    figure = timeline_figure(EVENTS, selected={"date_start": "2021-08-01", "date_end": "2021-08-31"})
    shape = figure["layout"]["shapes"][0]
    assert shape["type"] == "rect" and shape["x0"] == "2021-08-01" and shape["visible"]
    assert selection_shape({"date_start": "2021-08-26", "date_end": "2021-08-26"})["type"] == "line"
    assert selection_shape(None)["visible"] is False


def test_an_empty_view_says_so():
    figure = timeline_figure(EVENTS.iloc[0:0])
    assert "No event matches" in figure["layout"]["annotations"][0]["text"]
