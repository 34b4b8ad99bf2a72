"""Places: the gazetteer (``resources/gazetteer.csv``) and finding places in text.

Columns: ``name, kind, parent, country, aliases`` with ``kind`` one of
``city, province, country, region, site`` and aliases ``|``-separated. A user
adds places in files of the same format (``load_gazetteer([FILE])``).

The place of an event is the finest place its sentence names close to the
trigger (a site before a city, a city before a province, a province before a
country, a country before a region; among equals, the closest), or, when no
place is close, the finest of the sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from timeline.events.actors import POSSESSIVE
from timeline.events.patterns import compile_phrases, finditer_at_starts, phrase_starts
from timeline.events.resources import read_rows, resource_path

FINENESS = {"site": 0, "city": 1, "province": 2, "country": 3, "region": 4}


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    parent: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()


# Not frozen: built by the thousand for every document, and a frozen dataclass costs about three
# times as much to create. Treat as read-only; equal values hash alike.
@dataclass(slots=True, unsafe_hash=True)
class PlaceMatch:
    start: int
    end: int
    surface: str
    place: Place


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _rx: object = field(default=None, repr=False)
    _starts: object = field(default=None, repr=False)
    _breaks: tuple = field(default=(), repr=False)
    _longest: int = field(default=0, repr=False)

    def add(self, place: Place) -> None:
        self.places[place.name] = place
        for n in (place.name, *place.aliases):
            self._names[n] = place.name
        self._rx = None

    def lookup(self, name: str) -> Place | None:
        key = self._names.get(name)
        return self.places.get(key) if key else None

    def find(self, text: str) -> list[PlaceMatch]:
        """Every place named in ``text``, longest names first, without overlaps."""
        return self._found(finditer_at_starts(*self._matcher()[:2], text))

    def find_within(self, text: str, lo: int, hi: int) -> list[PlaceMatch]:
        """The places of ``find(text)`` that lie within ``text[lo:hi]``, read only from the line break
        before ``lo`` to shortly after ``hi``: no name holds a line break, so no match runs across
        one, and from there on the matches are those of the whole text."""
        rx, starts, breaks, longest = self._matcher()
        start = _line_start(text, lo, breaks)
        # up to where a match starting before ``hi`` ends, and the character after it
        matches = finditer_at_starts(rx, starts, text, start, min(len(text), hi + longest + 1))
        return self._found(m for m in matches if lo <= m.start(1) and m.end(1) <= hi)

    def places_of(self, text: str) -> PlacesOfText:
        """``find_within`` for many stretches of one ``text`` (its sentences), each line read once."""
        return PlacesOfText(self, text)

    def _found(self, matches) -> list[PlaceMatch]:
        out = []
        for m in matches:
            place = self.lookup(m.group(1))
            if place is not None:
                out.append(PlaceMatch(m.start(1), m.end(1), m.group(1), place))
        return out

    def _matcher(self) -> tuple[re.Pattern, re.Pattern, tuple[str, ...], int]:
        """The names' pattern, where one can start, the characters no name holds, the longest match."""
        if self._rx is None:
            self._rx = compile_phrases(self._names, suffix=POSSESSIVE)
            self._starts = phrase_starts(self._names)
            self._breaks = tuple(c for c in "\n" if not any(c in n for n in self._names))
            self._longest = max(map(len, self._names), default=0) + 2  # and a possessive "’s"
        return self._rx, self._starts, self._breaks, self._longest

    def country_of(self, place: Place) -> str:
        if place.kind == "country":
            return place.name
        if place.country:
            return place.country
        seen = set()
        p = place
        while p.parent and p.parent not in seen:
            seen.add(p.parent)
            parent = self.places.get(p.parent)
            if parent is None:
                break
            if parent.kind == "country":
                return parent.name
            p = parent
        return ""


class PlacesOfText:
    """The places of ``Gazetteer.find_within(text, lo, hi)`` for many stretches of one text.

    ``find_within`` reads from the line break before ``lo``: asking about each sentence of a long
    line would read the line from its start again and again (quadratic in the length of the line).
    Here the matches of each line are kept with how far they are final (those that start before
    the end of the stretches asked about so far), and reading goes on from there: a line is read
    once.
    """

    def __init__(self, gazetteer: Gazetteer, text: str):
        self.gazetteer = gazetteer
        self.text = text
        # line start -> (its final matches, where they are final up to, the end of the last one)
        self._lines: dict[int, tuple[list[re.Match], int, int]] = {}

    def within(self, lo: int, hi: int) -> list[PlaceMatch]:
        text = self.text
        rx, starts, breaks, longest = self.gazetteer._matcher()
        line = _line_start(text, lo, breaks)
        final, read, last = self._lines.get(line, ([], line, line))
        if hi > read:
            # no match starts before the end of the last one: reading on from there finds what
            # reading the line from its start would (``matches_at``)
            more = finditer_at_starts(rx, starts, text, max(read, last), min(len(text), hi + longest + 1))
            more = [m for m in more if m.start(1) < hi]  # the later ones may be cut short where reading stopped
            final.extend(more)
            read, last = hi, (more[-1].end() if more else last)
            self._lines[line] = (final, read, last)
        i = bisect.bisect_left(final, lo, key=_group_start)
        j = bisect.bisect_left(final, hi, i, key=_group_start)
        return self.gazetteer._found(m for m in final[i:j] if m.end(1) <= hi)


def _line_start(text: str, pos: int, breaks) -> int:
    """Where the line holding ``pos`` starts (after the last of the line ``breaks`` before it)."""
    return max((text.rfind(c, 0, pos) for c in breaks), default=-1) + 1


def _group_start(m: re.Match) -> int:
    return m.start(1)


def load_gazetteer(extra_files: Iterable[str | Path] = ()) -> Gazetteer:
    """The shipped world gazetteer plus the user's files (same CSV format; later rows override)."""
    gaz = Gazetteer()
    for path in (resource_path("gazetteer.csv"), *extra_files):
        for row in read_rows(path):
            name = row.get("name", "")
            if not name:
                continue
            aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
            gaz.add(Place(name, row.get("kind", "") or "site", row.get("parent", ""), row.get("country", ""), aliases))
    return gaz


NEAR_CHARS = 60


_LOCATIVE_AFTER = re.compile(
    r"^\S*\s+(?:[\w’'.-]+\s+){0,3}?(?:in|at|near|outside|inside|into|on|across|throughout)\s+(?:the\s+)?"
    r"(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)


def best_place(matches: list[PlaceMatch], near: int, text: str = "") -> PlaceMatch | None:
    """The place of the happening whose trigger starts at offset ``near`` in ``text``.

    First a place the trigger introduces with a locative preposition ("killed in Afghanistan", "attack on
    Abbey Gate"), then the places close to it (within ``NEAR_CHARS`` characters), then any; the finest,
    then the closest.
    """
    if not matches:
        return None

    def tier(m: PlaceMatch) -> int:
        if text and 0 < m.start - near <= NEAR_CHARS and _LOCATIVE_AFTER.match(text[near:m.start]):
            return 0
        return 1 if abs(m.start - near) <= NEAR_CHARS else 2

    return min(matches, key=lambda m: (tier(m), FINENESS.get(m.place.kind, 5), abs(m.start - near)))
