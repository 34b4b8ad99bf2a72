"""Sentence splitting with character offsets.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets)
followed by white space and an upper-case letter, a digit or an opening
quote, unless the word before the period is a known abbreviation
(``resources/abbreviations.txt``: "U.S.", "Gen.", "Aug.") or a single
capital initial ("Marvin G. Weinbaum"). A line break always ends a
sentence: news text keeps one paragraph per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.events.resources import default_list


# Not frozen: built by the thousand for every document, and a frozen dataclass costs about three
# times as much to create. Treat as read-only; equal values hash alike.
@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    start: int
    end: int
    text: str


# "[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+", written to open with one character class so that
# the regex engine skips quickly to the next candidate character
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|(?<=\n)\n*)")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(default_list("abbreviations.txt"))


_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")
_INITIAL = re.compile(r"[A-Z]\.")
_OPENER = re.compile(r"(?:The|A|An|In|On|But|And|It|He|She|They|We|This|That|Those|These|There)\b")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation rather than a sentence."""
    # the word the period ends (at most 20 characters before it): what follows the last whitespace
    word = text[max(0, dot - 20):dot + 1].rsplit(None, 1)[-1].lstrip("\"'“‘([")
    # (a dotted acronym has at least two periods, an initial is two characters long: quick tests
    # that spare the regular expressions on most words)
    dotted = word.count(".") >= 2 and _DOTTED.fullmatch(word)
    if not dotted and word in _abbreviations():
        return True
    # "G." (a middle initial), "A." but not "I." at a sentence end after a long word
    if len(word) == 2 and _INITIAL.fullmatch(word):
        return True
    # dotted acronyms: "U.S.", "a.m."
    if dotted:
        # a dotted acronym ends a sentence only before a clear sentence opener
        nxt = text[dot + 1: dot + 40].lstrip()
        return not _OPENER.match(nxt)
    return False


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text``, whitespace trimmed."""
    out: list[Sentence] = []
    append = out.append
    start = 0
    for m in _BOUNDARY.finditer(text):
        b, e = m.span()
        c = text[b]
        if c == "." and _is_abbreviation(text, b):
            continue
        end = b if c == "\n" else e
        # the sentence is text[start:end] with white space trimmed (as ``_add``)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            append(Sentence(start, end, text[start:end]))
        start = e
    _add(text, start, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
