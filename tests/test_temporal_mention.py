"""TimeMention: a compact immutable value, and the point a mention places something at (``date_value``)."""

import dataclasses
import pickle
from datetime import date

import pytest

from timeline.temporal import tag
from timeline.temporal.mention import TimeMention


def test_date_and_time_mentions_place_at_their_value():
    assert TimeMention(0, 8, "Thursday", "DATE", "2021-08-26").date_value == "2021-08-26"
    assert TimeMention(0, 12, "this morning", "TIME", "2021-08-27TMO").date_value == "2021-08-27TMO"


def test_anchored_duration_places_at_the_point_it_leads_to():
    days = TimeMention(0, 10, "Three days", "DURATION", "P3D", first_day=date(2021, 8, 29),
                       last_day=date(2021, 8, 29), anchor="mention:19", precision="day")
    assert days.date_value == "2021-08-29"
    years = TimeMention(0, 19, "three years earlier", "DURATION", "P3Y", first_day=date(2018, 1, 1),
                        last_day=date(2018, 12, 31), anchor="dct", precision="year")
    assert years.date_value == "2018"


def test_each_precision_of_an_anchored_duration_has_its_timex3_value():
    cases = {
        "week": (date(2021, 9, 13), date(2021, 9, 19), "2021-W37"),
        "month": (date(2021, 12, 1), date(2021, 12, 31), "2021-12"),
        "quarter": (date(1988, 7, 1), date(1988, 9, 30), "1988-Q3"),
        "decade": (date(1990, 1, 1), date(1999, 12, 31), "199"),
    }
    for precision, (first, last, value) in cases.items():
        m = TimeMention(0, 5, "x", "DURATION", "P2W", first_day=first, last_day=last, precision=precision)
        assert m.date_value == value, precision


def test_free_durations_sets_and_vague_references_place_nowhere():
    assert TimeMention(0, 9, "two years", "DURATION", "P2Y").date_value is None
    assert TimeMention(0, 10, "A few days", "DURATION", "PXD").date_value is None
    assert TimeMention(0, 5, "daily", "SET", "P1D").date_value is None


def test_tagged_anchored_durations_round_trip_to_their_point():
    text = "The attack came on Aug. 26, 2021. Two weeks later the last plane left."
    by_text = {m.text: m for m in tag(text, "2021-09-30")}
    weeks = by_text["Two weeks"]
    assert (weeks.type, weeks.value, weeks.date_value) == ("DURATION", "P2W", "2021-W36")


def test_mentions_are_compact_immutable_values():
    """Slotted (no per-instance dict: a corpus holds millions), frozen, hashable, and they survive
    pickling (process pools) and ``dataclasses.replace``."""
    m = TimeMention(19, 32, "Aug. 26, 2021", "DATE", "2021-08-26", first_day=date(2021, 8, 26),
                    last_day=date(2021, 8, 26), precision="day")
    assert not hasattr(m, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = "2021"
    assert pickle.loads(pickle.dumps(m)) == m
    assert hash(pickle.loads(pickle.dumps(m))) == hash(m)
    assert len({m, dataclasses.replace(m)}) == 1
    changed = dataclasses.replace(m, value="2021", precision="year")
    assert (changed.value, changed.precision) == ("2021", "year")
    assert (changed.start, changed.first_day) == (19, date(2021, 8, 26))
    assert sorted(f.name for f in dataclasses.fields(m)) == sorted(m.to_json())
