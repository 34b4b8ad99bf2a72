"""A time mention: one temporal expression found in a text (TIMEX3 terms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimeMention:
    """One temporal expression.

    ``start``/``end`` are Python str offsets into the text (``text[start:end] == self.text``).
    ``value`` is a TIMEX3 value (``2021-08-26``, ``2021-08``, ``2021``, ``199``,
    ``2011-SP``, ``2021-W34``, ``2023-04-25TNI``, ``P20Y``, ``PXM``, ``PRESENT_REF``,
    ``XXXX-08-26`` when the year cannot be resolved, ...).
    ``first_day``/``last_day`` are the calendar days a DATE/TIME value covers
    (None for durations, sets and vague references).
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
