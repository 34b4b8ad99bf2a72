"""A time mention: one temporal expression found in a text (TIMEX3 terms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timeline.compact_pickle import compact_pickle


@compact_pickle
@dataclass(frozen=True, slots=True)
class TimeMention:
    """One temporal expression.

    ``start``/``end`` are Python str offsets into the text (``text[start:end] == self.text``).
    ``value`` is a TIMEX3 value (``2021-08-26``, ``2021-08``, ``2021``, ``199``,
    ``2011-SP``, ``2021-W34``, ``2023-04-25TNI``, ``P20Y``, ``PXM``, ``PRESENT_REF``,
    ``XXXX-08-26`` when the year cannot be resolved, ...).
    ``first_day``/``last_day`` are the calendar days a DATE/TIME value covers
    (None for sets, vague references and free-standing durations). An anchored
    duration, a count of units from a known date ("three days later", "a day
    earlier": TIMEX3 DURATION ``P3D``, ``P1D``), keeps the day range of the point it
    leads to, with that point's ``precision`` and ``anchor``; :attr:`date_value`
    gives that point as a DATE value.
    ``anchor`` is ``"dct"`` when resolved against the document creation time,
    ``"mention:<start>"`` when resolved against an earlier mention, ``"none"``
    when absolute or unanchored.
    """

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None  # START, MID, END, APPROX, BEFORE, AFTER, LESS_THAN, MORE_THAN, ...
    first_day: date | None = None
    last_day: date | None = None
    anchor: str = "none"
    precision: str | None = None  # time, day, week, month, season, quarter, year, decade, century

    @property
    def date_value(self) -> str | None:
        """The DATE/TIME value this mention places something at: ``value`` for a DATE or TIME,
        the point an anchored duration leads to ("three days later" -> ``2021-08-29``), else None."""
        if self.type in ("DATE", "TIME"):
            return self.value
        if self.type != "DURATION" or self.first_day is None or self.last_day is None:
            return None
        return _point_value(self.first_day, self.last_day, self.precision)

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "type": self.type,
            "mod": self.mod,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "anchor": self.anchor,
            "precision": self.precision,
        }


def _point_value(first: date, last: date, precision: str | None) -> str | None:
    """The TIMEX3 value of the calendar unit ``first``..``last`` of the given precision."""
    if precision == "day" and first == last:
        return first.isoformat()
    if precision == "week":
        y, w, _ = first.isocalendar()
        return f"{y}-W{w:02d}"
    if precision == "month":
        return f"{first.year:04d}-{first.month:02d}"
    if precision == "quarter":
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    if precision == "year":
        return f"{first.year:04d}"
    if precision == "decade":
        return f"{first.year // 10:03d}"
    if precision == "century":
        return f"{first.year // 100:02d}"
    return None
