"""The tense of the clause around a time expression: past, future or unknown.

News resolve a bare weekday or month by the tense of its sentence ("will meet on
Thursday" is the coming Thursday, "met on Thursday" the one before). The markers
are word lists in ``resources/tense_markers.tsv``; a regular past-tense verb
(``-ed``, written in lower case) counts as past unless it follows *be*/*been*/*being*
(a passive: "will be named" takes the tense of its auxiliary). A marker of kind
``none`` names a word or phrase that looks like a marker but is not one ("next to",
"succeed"); after a word of kind ``det`` an ``-ed`` word is an adjective ("a still
unspecified date", "the planned merger"), not a verb.
"""

from __future__ import annotations

import re

from timeline.temporal.lexicon import Lexicon

# A sentence ends at . ! ? before a capital, but not after an initial ("Daniel P. Davison")
# or a title ("Mr. Smith").
_SENTENCE_END = re.compile(r"[.!?](?<![A-Z][.!?])(?<!\bMr[.!?])(?<!\bMs[.!?])(?<!\bDr[.!?])(?<!\bSt[.!?])"
                           r"(?<!\bMrs[.!?])(?<!\bGen[.!?])(?<!\bSen[.!?])(?<!\bRep[.!?])"
                           r"\s+(?=[A-Z\"'\u201c])|\n\s*\n")
_WINDOW = 200
_REACH = 80


_WORD = re.compile(r"[a-z]+(?:['\u2019][a-z]+)?", re.IGNORECASE)
_TABLES: dict[int, tuple[Lexicon, dict[str, str]]] = {}
_PASSIVE_AUX = frozenset({"be", "been", "being"})
_TENSES = ("past", "future")
# The tense depends on a short window of text only: repeated windows reuse the answer.
_CACHE: dict[tuple, str | None] = {}
_CACHE_SIZE = 20_000


def _markers(lex: Lexicon) -> dict[str, str]:
    entry = _TABLES.get(id(lex))
    if entry is None or entry[0] is not lex:  # the lexicon is kept, so its id is not reused
        table = {w: cols[0] for w, cols in lex.tables.get("tense_markers", {}).items() if cols}
        entry = _TABLES[id(lex)] = (lex, table)
    return entry[1]


def sentence_bounds(text: str, start: int, end: int, reach: int = _WINDOW) -> tuple[int, int]:
    """Start and end offsets of the sentence holding ``text[start:end]`` (at most ``reach`` chars each side)."""
    lo = max(0, start - reach)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    right = m.start() + 1 if m else min(len(text), end + reach)
    return left, right


def _kind(words: list, k: int, markers: dict[str, str]) -> tuple[str | None, int]:
    ws, we, w = words[k][:3]
    if k + 1 < len(words):
        kind = markers.get(w + " " + words[k + 1][2])
        if kind:
            return kind, words[k + 1][1]
    kind = markers.get(w)
    if kind is None and "'" in w:
        kind = markers.get(w[w.index("'"):])  # "they'll"
    if (kind is None and len(w) >= 5 and w.endswith("ed") and words[k][3]
            and not (k and (words[k - 1][2] in _PASSIVE_AUX or markers.get(words[k - 1][2]) == "det"))):
        kind = "past"
    return kind, we


def tense(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """``"past"``, ``"future"`` or None: the tense of the clause holding the mention.

    The nearest marker before the mention in its sentence decides (up to 80 characters
    back); without one, the nearest marker after it (up to 80 after).
    """
    left, right = sentence_bounds(text, start, end, _REACH)
    key = (text[left:right], start - left, end - left, id(_markers(lex)))
    hit = _CACHE.get(key, False)
    if hit is False:
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.clear()
        hit = _CACHE[key] = _tense_in(text, start, end, left, right, lex)
    return hit


def _tense_in(text: str, start: int, end: int, left: int, right: int, lex: Lexicon) -> str | None:
    markers = _markers(lex)
    words = [(m.start(), m.end(), m.group().lower().replace("\u2019", "'"), m.group().islower())
             for m in _WORD.finditer(text, left, right)]
    before = [k for k in range(len(words)) if words[k][1] <= start]
    after = [k for k in range(len(words)) if words[k][0] >= end]
    for k in reversed(before):  # the verb that governs a date mostly comes before it
        kind, _ = _kind(words, k, markers)
        if kind in _TENSES:
            return kind
    for k in after:
        kind, _ = _kind(words, k, markers)
        if kind in _TENSES:
            return kind
    return None
