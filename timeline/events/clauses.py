"""Clause structure heuristics over one sentence: where clauses start and how far apart two words are.

A comma inside a number ("1,400") is no boundary. Commas around a short name in apposition ("the Qatari capital, Doha, in
...") are not boundaries. A clause boundary is a comma, semicolon, colon, dash, bracket or quote mark, or
a subordinating word (``that``, ``which``, ``who``, ``whose``, ``where``,
``while``, ``but``, ``although``, ``because``, ``after``, ``before``,
``when``, ``as``). Two words are in the same clause when no boundary lies
between them.
"""

from __future__ import annotations

import bisect
import re

_BOUNDARY = re.compile(
    r"[,;:()\[\]“”\"—–]|\s-\s|\b(?:that|which|who|whom|whose|where|while|but|although|because|after|before|when|whereas|if|unless)\b"
)
_TOKEN = re.compile(r"[\w’'.-]+")


class Clauses:
    """Clause boundaries of one text (a sentence), for fast same-clause tests."""

    def __init__(self, text: str):
        self.text = text
        self._bounds: list[int] | None = None

    @property
    def bounds(self) -> list[int]:
        """Offsets of the clause boundaries, found on first use."""
        if self._bounds is None:
            text = self.text
            bounds = []
            for m in _BOUNDARY.finditer(text):
                i = m.start()
                # only the one-character alternative starts with a comma: this match is ","
                if text[i] == "," and (_in_number(text, i) or _name_appositive(text, m)):
                    continue
                bounds.append(i)
            self._bounds = bounds
        return self._bounds

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.bounds, pos)

    def same(self, a: int, b: int) -> bool:
        lo, hi = (a, b) if a <= b else (b, a)
        return self.index(lo) == self.index(hi)

    def start_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.bounds, pos) - 1
        return self.bounds[i] + 1 if i >= 0 else 0

    def end_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.bounds, pos)
        return self.bounds[i] if i < len(self.bounds) else len(self.text)


def _in_number(text: str, i: int) -> bool:
    """True for the comma of "1,400"."""
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


_APPOSITIVE_NAME = re.compile(r",\s+(?:[A-Z][\w’'.-]*\s*){1,3},")


def _name_appositive(text: str, m: re.Match) -> bool:
    """True for the commas around a short name in apposition ("the Qatari capital, Doha, in ..."),
    which do not end a clause."""
    if m.group(0) != ",":
        return False
    if _APPOSITIVE_NAME.match(text, m.start()):
        return True
    left = text.rfind(",", 0, m.start())
    return left >= 0 and bool(_APPOSITIVE_NAME.fullmatch(text, left, m.end()))


def tokens_between(text: str, a: int, b: int) -> int:
    """Number of word tokens in ``text[a:b]``."""
    if b <= a:
        return 0
    return len(_TOKEN.findall(text, a, b))
