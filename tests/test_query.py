"""The query layer: URL round trip, filters, actor counts, sources with highlights."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.query import (
    EventQuery,
    actor_aliases,
    actor_counts,
    event_record,
    filter_events,
    highlight_spans,
    normalize_bound,
    segments,
    source_counts,
    sources_for,
)
from timeline.schema import EVENT_COLUMNS, MENTION_COLUMNS, conform


def events_table(rows: list[dict]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


@pytest.fixture
def events() -> pd.DataFrame:
    return events_table(
        [
            {"event_id": "ev-1", "date": "2021-08-26", "date_start": "2021-08-26", "date_end": "2021-08-26", "precision": "day",
             "event_type": "bombing", "title": "Bombing at Kabul airport", "actors": "ISIS-K; United States; Taliban",
             "doc_ids": "seed-000; seed-003", "publishers": "Slate; The Washington Times", "n_sources": 2,
             "evidence": "ISIS-K bombed the airport on Thursday. || The Aug. 26, 2021 attack killed 13 U.S. troops.",
             "killed": 170, "disagreements": "killed: nearly 100 Afghans [seed-000] vs more than 170 Afghans [seed-003]"},
            {"event_id": "ev-2", "date": "2021-08", "date_start": "2021-08-01", "date_end": "2021-08-31", "precision": "month",
             "event_type": "takeover", "title": "Taliban take Kabul", "actors": "Taliban",
             "doc_ids": "seed-002", "publishers": "Foreign Policy", "n_sources": 1, "evidence": "The Taliban seized power in August 2021."},
            {"event_id": "ev-3", "date": "2020", "date_start": "2020-01-01", "date_end": "2020-12-31", "precision": "year",
             "event_type": "agreement", "title": "Doha agreement", "actors": "United States; Taliban",
             "doc_ids": "seed-004", "publishers": "South China Morning Post", "n_sources": 1, "evidence": "The 2020 Doha deal."},
            {"event_id": "ev-4", "date": "", "date_start": None, "date_end": None, "precision": "",
             "event_type": "statement", "title": "Undated claim by ISIS-K", "actors": "ISIS-K",
             "doc_ids": "seed-001", "publishers": "DownWithTyranny!", "n_sources": 1, "evidence": "ISIS-K claimed it."},
        ]
    )  # fmt: skip


def ids(df: pd.DataFrame) -> list[str]:
    return df["event_id"].tolist()


# ---------------------------------------------------------------- EventQuery


def test_params_round_trip_through_a_query_string():
    q = EventQuery(actors=["Taliban", "ISIS-K"], types=["bombing"], start="2021", end="2021-08", sources=["Slate"], q="airport gate")
    assert q.start == "2021-01-01" and q.end == "2021-08-31"
    assert EventQuery.from_params(q.to_query_string()) == q
    assert EventQuery.from_params(q.to_params()) == q
    assert q.to_query_string().startswith("actor=Taliban&actor=ISIS-K&type=bombing")


def test_from_params_reads_single_values_lists_and_a_leading_question_mark():
    q = EventQuery.from_params("?actor=Taliban&type=bombing&type=airstrike&q=+kabul+")
    assert q.actors == ["Taliban"] and q.types == ["bombing", "airstrike"] and q.q == "kabul"
    assert EventQuery.from_params({"actor": "Taliban", "start": "2021-08-26"}).start == "2021-08-26"
    assert EventQuery.from_params({}).is_empty


def test_unreadable_or_reversed_dates_are_rejected():
    with pytest.raises(ValueError):
        EventQuery.from_params({"start": "last week"})
    with pytest.raises(ValueError):
        EventQuery(start="2021-02-30")
    with pytest.raises(ValueError):
        EventQuery(start="2022", end="2021")


def test_partial_bounds_cover_their_whole_period():
    assert normalize_bound("2024-02", end=True) == "2024-02-29"
    assert normalize_bound("1999") == "1999-01-01"
    assert normalize_bound("  ") is None


@given(
    actors=st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s), max_size=3, unique=True),
    q=st.text(max_size=20).map(str.strip),
)
def test_any_query_survives_the_url(actors, q):
    query = EventQuery(actors=actors, q=q)
    assert EventQuery.from_params(query.to_query_string()) == query


# ---------------------------------------------------------------- filter_events


def test_actor_filter_matches_whole_names_case_insensitively(events):
    assert ids(filter_events(events, EventQuery(actors=["isis-k"]))) == ["ev-1", "ev-4"]
    # "Taliban" must not match inside another name
    extra = events_table([{"event_id": "ev-9", "actors": "Pakistani Taliban", "date_start": "2021-01-01", "date_end": "2021-01-01"}])
    both = pd.concat([events, extra], ignore_index=True)
    assert "ev-9" not in ids(filter_events(both, EventQuery(actors=["Taliban"])))


def test_several_actors_match_any_of_them(events):
    assert ids(filter_events(events, EventQuery(actors=["ISIS-K", "United States"]))) == ["ev-1", "ev-3", "ev-4"]


def test_date_range_keeps_overlapping_intervals(events):
    # a month-precision event overlaps a range that ends inside it
    assert ids(filter_events(events, EventQuery(start="2021-08-15", end="2021-08-20"))) == ["ev-2"]
    assert ids(filter_events(events, EventQuery(start="2021-08-26", end="2021-08-26"))) == ["ev-1", "ev-2"]
    assert ids(filter_events(events, EventQuery(end="2020-06"))) == ["ev-3"]
    # undated events cannot satisfy a date range
    assert "ev-4" not in ids(filter_events(events, EventQuery(start="1900")))


def test_type_source_and_text_filters_combine(events):
    assert ids(filter_events(events, EventQuery(types=["bombing", "takeover"]))) == ["ev-1", "ev-2"]
    assert ids(filter_events(events, EventQuery(sources=["seed-004"]))) == ["ev-3"]
    assert ids(filter_events(events, EventQuery(sources=["slate"]))) == ["ev-1"]
    assert ids(filter_events(events, EventQuery(q="AUG. 26"))) == ["ev-1"]  # evidence, any case
    assert ids(filter_events(events, EventQuery(q="doha agreement"))) == ["ev-3"]  # every word, title
    assert ids(filter_events(events, EventQuery(q="kabul", types=["takeover"]))) == ["ev-2"]
    assert ids(filter_events(events, EventQuery())) == ["ev-1", "ev-2", "ev-3", "ev-4"]


def test_counts_are_per_event_most_frequent_first(events):
    assert actor_counts(events) == [("Taliban", 3), ("ISIS-K", 2), ("United States", 2)]
    assert source_counts(events)[0] == ("DownWithTyranny!", 1)


# ---------------------------------------------------------------- sources


def test_highlights_place_the_date_by_offset_and_every_actor_by_name():
    sentence = "On Thursday, ISIS-K attacked U.S. troops; the Taliban said ISIS-K would pay."
    spans = highlight_spans(sentence, time_text="Thursday", time_offset=3, actors=["ISIS-K", "Taliban", "United States"],
                            aliases={"United States": ["U.S."]})  # fmt: skip
    assert [(sentence[s["start"] : s["end"]], s["kind"]) for s in spans] == [
        ("Thursday", "date"), ("ISIS-K", "actor"), ("U.S.", "actor"), ("Taliban", "actor"), ("ISIS-K", "actor"),
    ]  # fmt: skip
    pieces = segments(sentence, spans)
    assert "".join(text for text, _ in pieces) == sentence
    assert pieces[0] == ("On ", None)


def test_a_wrong_offset_falls_back_to_searching_the_phrase():
    spans = highlight_spans("It happened last year in Kabul.", time_text="last year", time_offset=0)
    assert spans == [{"start": 12, "end": 21, "kind": "date", "label": "last year"}]


def test_sources_for_lists_every_mention_with_document_metadata(events):
    mentions = conform(
        pd.DataFrame(
            [
                {"event_id": "ev-1", "doc_id": "seed-003", "publisher": "The Washington Times", "char_start": 500,
                 "sentence": "The Aug. 26, 2021 attack killed 13 U.S. troops.", "time_text": "Aug. 26, 2021", "time_start": 504,
                 "actors": "United States (target)", "killed": "13 U.S. troops"},
                {"event_id": "ev-1", "doc_id": "seed-000", "publisher": "Slate", "char_start": 100,
                 "sentence": "ISIS-K bombed the airport on Thursday.", "time_text": "Thursday", "time_start": 129,
                 "actors": "ISIS-K (perpetrator)"},
                {"event_id": "ev-2", "doc_id": "seed-002", "sentence": "other"},
            ]
        ),
        MENTION_COLUMNS,
    )  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": ["seed-000", "seed-003"], "title": ["Is the US allied with the Taliban?", "Enemy of my enemy"],
         "publisher": ["Slate", "The Washington Times"], "published": ["2021-08-27", "2023-04-26"],
         "url": ["https://slate.com/x", ""]}
    )  # fmt: skip
    found = sources_for("ev-1", events, mentions, documents)
    assert [s["doc_id"] for s in found] == ["seed-000", "seed-003"]  # the event's doc_ids order
    first = found[0]
    assert first["title"] == "Is the US allied with the Taliban?" and first["published"] == "2021-08-27"
    assert first["url"] == "https://slate.com/x" and first["publisher"] == "Slate"
    assert [(t, k) for t, k in first["segments"] if k] == [("ISIS-K", "actor"), ("Thursday", "date")]
    assert [(t, k) for t, k in found[1]["segments"] if k] == [("Aug. 26, 2021", "date")]
    assert found[1]["killed"] == "13 U.S. troops"


def test_sources_for_falls_back_to_the_event_row_without_mentions(events):
    found = sources_for("ev-1", events, None)
    assert [s["publisher"] for s in found] == ["Slate", "The Washington Times"]
    assert found[1]["sentence"] == "The Aug. 26, 2021 attack killed 13 U.S. troops."
    assert [t for t, k in found[0]["segments"] if k == "actor"] == ["ISIS-K"]
    assert sources_for("ev-nope", events, None) == []


def test_event_record_gives_plain_values(events):
    rec = event_record("ev-1", events)
    assert rec["killed"] == 170 and rec["n_sources"] == 2 and rec["wounded"] is None
    assert rec["disagreements"].startswith("killed:")
    assert event_record("ev-4", events)["date_start"] == ""


def test_actor_aliases_come_from_the_actor_lexicon():
    from timeline.events import load_lexicon

    aliases = actor_aliases(load_lexicon())
    assert "U.S." in aliases["United States"] and "United States" not in aliases["United States"]
    assert actor_aliases() == aliases
    sentence = "U.S. troops left; the ISKP claimed the Aug. 26 attack."
    spans = highlight_spans(sentence, actors=["United States", "ISIS-K"], aliases=aliases)
    assert [sentence[s["start"] : s["end"]] for s in spans] == ["U.S. troops", "ISKP"]
