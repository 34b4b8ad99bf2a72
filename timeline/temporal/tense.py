"""The tense of the clause around a time expression: past, future or unknown.

News resolve a bare weekday or month by the tense of its sentence ("will meet on
Thursday" is the coming Thursday, "met on Thursday" the one before). The markers
are word lists in ``resources/tense_markers.tsv``; a regular past-tense verb
(``-ed``) counts as past.
"""

from __future__ import annotations

import re

from timeline.temporal.lexicon import Lexicon

_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"'\u201c])|\n\s*\n")
_WINDOW = 200
_REACH = 80


_WORD = re.compile(r"[a-z]+(?:['\u2019][a-z]+)?", re.IGNORECASE)
_TABLES: dict[int, dict[str, str]] = {}


def _markers(lex: Lexicon) -> dict[str, str]:
    table = _TABLES.get(id(lex))
    if table is None:
        table = {w: cols[0] for w, cols in lex.tables.get("tense_markers", {}).items() if cols}
        _TABLES[id(lex)] = table
    return table


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence holding ``text[start:end]`` (at most 200 chars each side)."""
    lo = max(0, start - _WINDOW)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + _WINDOW))
    right = m.start() + 1 if m else min(len(text), end + _WINDOW)
    return left, right


def _kind(words: list, k: int, markers: dict[str, str]) -> tuple[str | None, int]:
    ws, we, w = words[k]
    if k + 1 < len(words):
        kind = markers.get(w + " " + words[k + 1][2])
        if kind:
            return kind, words[k + 1][1]
    kind = markers.get(w)
    if kind is None and "'" in w:
        kind = markers.get(w[w.index("'"):])  # "they'll"
    if kind is None and len(w) >= 5 and w.endswith("ed"):
        kind = "past"
    return kind, we


def tense(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """``"past"``, ``"future"`` or None: the tense of the clause holding the mention.

    The nearest marker before the mention in its sentence decides (up to 80 characters
    back); without one, the nearest marker after it (up to 80 after).
    """
    left, right = sentence_bounds(text, start, end)
    left, right = max(left, start - _REACH), min(right, end + _REACH)
    markers = _markers(lex)
    words = [(m.start(), m.end(), m.group().lower().replace("\u2019", "'")) for m in _WORD.finditer(text, left, right)]
    before = [k for k in range(len(words)) if words[k][1] <= start]
    after = [k for k in range(len(words)) if words[k][0] >= end]
    for k in reversed(before):  # the verb that governs a date mostly comes before it
        kind, _ = _kind(words, k, markers)
        if kind is not None:
            return kind
    for k in after:
        kind, _ = _kind(words, k, markers)
        if kind is not None:
            return kind
    return None
