"""TIMEX3 values: validity, the calendar days a value covers, and its precision.

    >>> span("2021-08")
    (datetime.date(2021, 8, 1), datetime.date(2021, 8, 31))
    >>> precision("199")
    'decade'
    >>> contains("2021-08", "2021-08-26")
    True

Values follow TimeML: ``2021-08-26``, ``2021-08``, ``2021``, ``199`` (a decade),
``19`` (a century), ``2021-W34``, ``2021-W34-WE`` (weekend), ``2021-Q3``,
``2021-H1``, ``2011-SP`` (season), ``2023-04-25TNI`` (part of day),
``2021-08-26T15:30``; durations ``P20Y``, ``P6M``, ``PT7M``, ``PXY``; the vague
references ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``; ``X`` stands for an
unknown digit (``XXXX-08-26``, ``XXXX-WXX-4``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["is_valid_timex3", "span", "precision", "contains", "is_duration", "REFERENCES"]

REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

_PART_OF_DAY = r"(?:MO|MI|AF|EV|NI|DT)"
_CLOCK = r"(?:[01][0-9]|2[0-4])(?::[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?)?"
_TIME = rf"T(?:{_CLOCK}|{_PART_OF_DAY})"
_YEAR = r"(?:[0-9]{4}|XXXX|[0-9]{3}X|[0-9]{2}XX)"
_DATE = re.compile(
    rf"""^(?:
        [0-9]{{2}} | [0-9]{{3}} | [0-9]{{2}}X | [0-9]{{3}}X                      # century, decade
      | {_YEAR}
        (?: -(?:[0-9]{{2}}|XX)(?:-(?:[0-9]{{2}}|XX))?                      # month, day
          | -(?:Q[1-4X]|H[12X]|SP|SU|FA|WI)                         # quarter, half, season
          | -W(?:[0-9]{{2}}|XX)(?:-(?:[1-7X]|WE))?                       # week, weekday, weekend
        )?
    )(?:{_TIME})?$""",
    re.X,
)
_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|X)"
_DURATION = re.compile(rf"^P(?=.)(?:{_NUM}(?:Y|M|W|D|Q|DE|CE|L|E|H))*(?:T(?=.)(?:{_NUM}(?:H|M|S))+)?$")

# Parts of a value, read by the functions below.
_MONTH_DAY_DIGITS = re.compile(r"^(?:[0-9]{4}|XXXX)-([0-9]{2}|XX)(?:-([0-9]{2}|XX))?")
_WEEK_DIGITS = re.compile(r"^(?:[0-9]{4}|XXXX)-W([0-9]{2})")
_CENTURY = re.compile(r"[0-9]{2}")
_DECADE = re.compile(r"[0-9]{3}")
_MONTH_DAY = re.compile(r"-([0-9]{2})(?:-([0-9]{2}))?")
_QUARTER = re.compile(r"-Q([1-4])")
_HALF = re.compile(r"-H([12])")
_SEASON = re.compile(r"-(SP|SU|FA|WI)")
_WEEK = re.compile(r"-W([0-9]{2})(?:-([1-7]|WE))?")
_CENTURY_X = re.compile(r"[0-9]{2}X?X?")
_DECADE_X = re.compile(r"[0-9]{3}X?")
_CENTURY_XX = re.compile(r"[0-9]{2}XX")
_MONTH_X = re.compile(r"-([0-9]{2}|XX)")
_DAY_X = re.compile(r"-([0-9]{2}|XX)-([0-9]{2}|XX)")
_WEEKDAY_X = re.compile(r"-W([0-9]{2}|XX)-([0-9]|X)")

_SEASONS = {"SP": ((3, 1), (5, 31)), "SU": ((6, 1), (8, 31)), "FA": ((9, 1), (11, 30))}


def is_duration(value: str) -> bool:
    """True for a TIMEX3 duration value (``P20Y``, ``PT7M``, ``PXM``)."""
    return bool(value) and bool(_DURATION.match(value))


@lru_cache(maxsize=4096)
def is_valid_timex3(value: str) -> bool:
    """True when ``value`` is a well-formed TIMEX3 value naming a real calendar unit.

    ``2021-02-30`` and ``2021-W54`` are rejected; ``XXXX-02-29`` is accepted.
    """
    if not isinstance(value, str) or not value:
        return False
    if value in REFERENCES:
        return True
    if _DURATION.match(value):
        return True
    if not _DATE.match(value):
        return False
    try:
        span_or_none = _span(value)
    except ValueError:
        return False
    if span_or_none is None:
        return _plausible_underspecified(value)
    return True


def _plausible_underspecified(value: str) -> bool:
    m = _MONTH_DAY_DIGITS.match(value)
    if m:
        month, day = m.group(1), m.group(2)
        if month != "XX" and not 1 <= int(month) <= 12:
            return False
        if day and day != "XX":
            limit = 29 if month == "02" else 31 if month == "XX" else calendar.monthrange(2000, int(month))[1]
            if not 1 <= int(day) <= limit:
                return False
    m = _WEEK_DIGITS.match(value)
    if m and not 1 <= int(m.group(1)) <= 53:
        return False
    return True


@lru_cache(maxsize=4096)
def span(value: str) -> tuple[date, date] | None:
    """The first and last calendar day a DATE/TIME value covers, or None.

    None for durations, vague references and values with unknown digits.
    """
    if not value or value in REFERENCES or _DURATION.match(value) or not _DATE.match(value):
        return None
    try:
        return _span(value)
    except ValueError:
        return None


def _span(value: str) -> tuple[date, date] | None:
    base = value.split("T", 1)[0]
    if "X" in base:
        return None
    if _CENTURY.fullmatch(base):
        c = int(base) * 100
        return date(max(c, 1), 1, 1), date(c + 99, 12, 31)
    if _DECADE.fullmatch(base):
        d = int(base) * 10
        return date(max(d, 1), 1, 1), date(d + 9, 12, 31)
    year = int(base[:4])
    if year < 1:
        raise ValueError("year 0")
    rest = base[4:]
    if not rest:
        return date(year, 1, 1), date(year, 12, 31)
    m = _MONTH_DAY.fullmatch(rest)
    if m:
        month = int(m.group(1))
        if m.group(2):
            d = date(year, month, int(m.group(2)))
            return d, d
        first = date(year, month, 1)
        return first, date(year, month, calendar.monthrange(year, month)[1])
    m = _QUARTER.fullmatch(rest)
    if m:
        q = int(m.group(1))
        first = date(year, 3 * q - 2, 1)
        return first, date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    m = _HALF.fullmatch(rest)
    if m:
        return (date(year, 1, 1), date(year, 6, 30)) if m.group(1) == "1" else (date(year, 7, 1), date(year, 12, 31))
    m = _SEASON.fullmatch(rest)
    if m:
        s = m.group(1)
        if s == "WI":
            return date(year, 12, 1), date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])
        (m1, d1), (m2, d2) = _SEASONS[s]
        return date(year, m1, d1), date(year, m2, d2)
    m = _WEEK.fullmatch(rest)
    if m:
        week = int(m.group(1))
        monday = date.fromisocalendar(year, week, 1)
        if m.group(2) == "WE":
            return monday + timedelta(days=5), monday + timedelta(days=6)
        if m.group(2):
            d = monday + timedelta(days=int(m.group(2)) - 1)
            return d, d
        return monday, monday + timedelta(days=6)
    raise ValueError(f"not a TIMEX3 date: {value}")


@lru_cache(maxsize=4096)
def precision(value: str) -> str | None:
    """The granularity of a DATE/TIME value: time, day, week, month, season, quarter, year, decade or century."""
    if not value or value in REFERENCES or _DURATION.match(value) or not _DATE.match(value):
        return None
    if "T" in value:
        return "time"
    base = value
    if _CENTURY_X.fullmatch(base) and len(base.rstrip("X")) == 2:
        return "century"
    if _DECADE_X.fullmatch(base):
        return "decade"
    if _CENTURY_XX.fullmatch(base):
        return "century"
    rest = base[4:]
    if not rest:
        return "year"
    if _MONTH_X.fullmatch(rest):
        return "month"
    if _DAY_X.fullmatch(rest):
        return "day"
    if rest.startswith("-Q"):
        return "quarter"
    if rest.startswith("-H"):  # a half year is reported at the nearest coarser unit listed
        return "year"
    if rest[1:] in ("SP", "SU", "FA", "WI"):
        return "season"
    if _WEEKDAY_X.fullmatch(rest):
        return "day"
    if rest.startswith("-W"):
        return "week"
    return None


def contains(outer: str, inner: str) -> bool:
    """True when every day of ``inner`` lies within ``outer`` (both DATE/TIME values)."""
    a, b = span(outer), span(inner)
    if a is None or b is None:
        return False
    return a[0] <= b[0] and b[1] <= a[1]
