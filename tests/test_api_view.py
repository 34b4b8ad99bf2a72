"""The prepared event table answers every query exactly as ``filter_events`` does."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from timeline import export
from timeline.api_view import EventsView, ViewCache
from timeline.query import EventQuery, filter_events
from timeline.synthetic import load_vocabulary, synthetic_corpus

EVENTS, _, _ = synthetic_corpus(600, seed=17)
VIEW = EventsView(EVENTS)
VOCAB = load_vocabulary()
DOC_IDS = sorted({d for cell in EVENTS["doc_ids"] for d in cell.split("; ")})[:20]

years = st.integers(1994, 2025).map(str)
months = st.tuples(st.integers(1994, 2025), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}")
bounds = st.one_of(st.none(), years, months)
words = st.sampled_from([p for p, _ in VOCAB["places"]] + ["the", "killed", "KABUL", "no-such-word", "on", "in", "-i-", ",", "2002,", "e", "İ"])

queries = st.fixed_dictionaries({
    "actors": st.lists(st.sampled_from(VOCAB["actors"] + ["taliban", "Nobody"]), max_size=3),
    "types": st.lists(st.sampled_from(list(VOCAB["type_weights"]) + ["Bombing"]), max_size=2),
    "start": bounds,
    "end": bounds,
    "sources": st.lists(st.sampled_from(VOCAB["publishers"] + DOC_IDS), max_size=2),
    "q": st.lists(words, max_size=2).map(" ".join),
})


@settings(max_examples=150, deadline=None)
@given(fields=queries)
def test_positions_are_the_rows_filter_events_keeps(fields):
    try:
        query = EventQuery(**fields)
    except ValueError:  # a start after its end is refused by EventQuery itself
        assume(False)
    expected = filter_events(EVENTS, query).index.tolist()
    assert VIEW.positions(query).tolist() == expected


def test_a_row_renders_as_the_exported_record():
    for i in (0, 1, 250, len(EVENTS) - 1):
        assert json.loads(VIEW.json_rows([i])[0]) == export.records(EVENTS.iloc[[i]])[0]
        assert VIEW.record(i) == export.records(EVENTS.iloc[[i]])[0]


def test_the_view_cache_builds_once_per_generation():
    cache = ViewCache()
    loads = []

    def load():
        loads.append(1)
        return EVENTS

    first = cache.get(1, load)
    assert cache.get(1, load) is first and len(loads) == 1
    assert cache.get(2, load) is not first and len(loads) == 2


@pytest.mark.parametrize("params", ["actor=Taliban&actor=ISIS-K", "type=airstrike&start=2001&end=2010-06", "q=kabul killed"])
def test_fixed_queries_agree(params):
    query = EventQuery.from_params(params)
    assert VIEW.positions(query).tolist() == filter_events(EVENTS, query).index.tolist()
