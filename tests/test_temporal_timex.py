"""TIMEX3 value helpers: validity, covered days, precision, containment."""

from datetime import date

import pytest

from timeline.temporal.timex import contains, is_duration, is_valid_timex3, precision, span


@pytest.mark.parametrize("value,first,last,prec", [
    ("2021-08-26", date(2021, 8, 26), date(2021, 8, 26), "day"),
    ("2021-08", date(2021, 8, 1), date(2021, 8, 31), "month"),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "month"),
    ("2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
    ("199", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ("19", date(1900, 1, 1), date(1999, 12, 31), "century"),
    ("2011-SP", date(2011, 3, 1), date(2011, 5, 31), "season"),
    ("2020-WI", date(2020, 12, 1), date(2021, 2, 28), "season"),
    ("2021-W34", date(2021, 8, 23), date(2021, 8, 29), "week"),
    ("2021-W34-WE", date(2021, 8, 28), date(2021, 8, 29), "week"),
    ("2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quarter"),
    ("2021-H2", date(2021, 7, 1), date(2021, 12, 31), "year"),
    ("2023-04-25TNI", date(2023, 4, 25), date(2023, 4, 25), "time"),
    ("2021-08-26T17:30", date(2021, 8, 26), date(2021, 8, 26), "time"),
])
def test_span_and_precision(value, first, last, prec):
    assert is_valid_timex3(value)
    assert span(value) == (first, last)
    assert precision(value) == prec


@pytest.mark.parametrize("value", ["P20Y", "P6M", "PXY", "PXM", "PXDE", "PT7M", "P2Y6M", "PT5H30M", "P1D", "P1Q"])
def test_durations_are_valid_and_cover_no_days(value):
    assert is_valid_timex3(value) and is_duration(value)
    assert span(value) is None and precision(value) is None


@pytest.mark.parametrize("value", ["PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX", "XXXX-08-26", "XXXX-WXX-4",
                                   "XXXX-XX-XXTNI", "XXXX-02-29"])
def test_vague_and_underspecified_values_are_valid_without_days(value):
    assert is_valid_timex3(value)
    assert span(value) is None


@pytest.mark.parametrize("value", ["", "2021-02-30", "2021-13", "2021-W54", "2021-Q5", "P", "PT", "P20", "yesterday",
                                   "2021-8-26", "XXXX-02-30", "2021-08-26TXX", "0000"])
def test_invalid_values(value):
    assert not is_valid_timex3(value)


def test_contains():
    assert contains("2021-08", "2021-08-26")
    assert contains("2021", "2021-W34")
    assert contains("202", "2021-08-26")
    assert not contains("2021-08-26", "2021-08")
    assert not contains("2021-08", "P1M")
    assert not contains("XXXX-08", "2021-08-26")
