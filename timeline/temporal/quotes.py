"""Quoted passages, and the date a quote was said when the text gives one.

    Mir wrote in an analysis last year: "... after the Taliban's August takeover."

A relative expression inside a quote ("August", "yesterday", "last week") speaks from
the day the words were said, not from the publication date. When the words just before
a quote date it ("wrote in an analysis last year.", "said on Tuesday:") -- a date right
after a verb of saying (``resources/speech_verbs.tsv``) with nothing but punctuation
between it and the opening mark -- the expressions inside the quote are resolved
against that date. So they are when the attribution after the quote dates it, in the
same sentence ("'Last night was a brutal night,' Zelenskiy said on Tuesday morning").

Quotes are written in double marks (curly, straight or TeX-style) or, as British,
Irish, Australian and Indian papers write them, in single marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Opening and closing marks: curly quotes, TeX-style ``...'' and straight double quotes. The pattern opens
# with a character class, so that the regex engine skips quickly over text without any.
_QUOTE = re.compile(r"[\u201c\u201d\"`'](?:(?<=`)`|(?<=')'|(?<=[\u201c\u201d\"]))")
_OPENING = frozenset({"\u201c", "``"})
_CLOSING = frozenset({"\u201d", "''"})
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")

#: How far before the opening mark the date of a quote may be given, in characters.
ATTRIBUTION_REACH = 160
#: How far before that date its verb of saying may be, in characters.
VERB_REACH = 40
_WORD = re.compile(r"[A-Za-z]+")
# Between the date and the opening mark: punctuation, or "that".
_GAP = re.compile(r"[\s.,:;\u2014-]*(?:that\s*)?")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks, in order.

    A quote left open at the end of a paragraph ends there (news reopen a quote that
    runs on into the next paragraph with a new opening mark).
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE.finditer(text):
        if open_at is not None:
            brk = _PARAGRAPH.search(text, open_at, m.start())
            if brk:
                spans.append((open_at, brk.start()))
                open_at = None
        mark = m.group()
        if mark in _OPENING or (mark == '"' and open_at is None):
            open_at = m.end()
        elif open_at is not None and (mark in _CLOSING or mark == '"'):
            spans.append((open_at, m.start()))
            open_at = None
    if open_at is not None:
        brk = _PARAGRAPH.search(text, open_at)
        spans.append((open_at, brk.start() if brk else len(text)))
    return spans


# Single quotation marks, as British, Irish, Australian and Indian papers write quotes: an opening mark
# after a space or an opening bracket or dash, before a capital letter; a closing mark right after a comma
# or a full stop, a question or an exclamation mark, before a space or the end. An apostrophe ("don't",
# "the soldiers' families", "'90s") is neither.
_SINGLE_OPENING = re.compile(r"[\u2018'](?=[A-Z])")  # after a character of _BEFORE_OPENING or at the start
_BEFORE_OPENING = frozenset(" \t\n\r\f\v([\u2014\u2013\u00a0")
_SINGLE_CLOSING = re.compile(r"(?<=[,.?!\u2026])[\u2019'](?=\s|$|[)\]])")


def single_quote_spans(text: str, taken: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of single quotation marks that closes in its paragraph,
    outside the double-quoted spans ``taken``."""
    spans: list[tuple[int, int]] = []
    taken_starts = [a for a, _ in taken]
    pos = 0
    c = None  # the next closing mark (each is looked for once: the scan stays linear)
    while True:
        o = _SINGLE_OPENING.search(text, pos)
        if o is None:
            return spans
        start = o.end()
        if o.start() and text[o.start() - 1] not in _BEFORE_OPENING:
            pos = start  # "O'Brien", "rock 'n' roll" after a letter: an apostrophe
            continue
        if c is None or c.start() < start:
            c = _SINGLE_CLOSING.search(text, start)
            if c is None:
                return spans  # no closing mark after this one: none after any later opening either
        brk = _PARAGRAPH.search(text, start, c.start())
        if brk is not None:
            pos = brk.end()  # the quote runs into the next paragraph: no pair
            continue
        k = bisect_right(taken_starts, c.start() - 1) - 1  # the last double-quoted span opening before the mark
        if k < 0 or taken[k][1] <= start:  # (the spans are disjoint: it reaches furthest)
            spans.append((start, c.start()))
        pos = c.end()


class QuoteIndex:
    """Which quote, if any, holds a position of the text."""

    def __init__(self, text: str):
        self.text = text
        self.spans = quote_spans(text) if ('"' in text or "\u201c" in text or "``" in text) else []
        if "'" in text or "\u2018" in text:
            self.spans = sorted(self.spans + single_quote_spans(text, self.spans))
        self._starts = [s for s, _ in self.spans]

    def enclosing(self, start: int, end: int) -> tuple[int, int] | None:
        """The quote span holding ``text[start:end]``, or None."""
        k = bisect_right(self._starts, start) - 1
        if k >= 0:
            s, e = self.spans[k]
            if s <= start and end <= e:
                return self.spans[k]
        return None

    def attribution_window(self, quote: tuple[int, int]) -> tuple[int, int]:
        """The stretch before a quote's opening mark where its date may be given.

        It runs back at most :data:`ATTRIBUTION_REACH` characters, not past the end of
        the quote before it nor past a paragraph break.
        """
        opening = quote[0]
        lo = max(0, opening - ATTRIBUTION_REACH)
        k = bisect_right(self._starts, quote[0]) - 1
        if k > 0:
            lo = max(lo, self.spans[k - 1][1])
        for m in _PARAGRAPH.finditer(self.text, lo, opening):
            lo = m.end()
        return lo, opening


def dates_quote(text: str, start: int, end: int, opening: int, speech_verbs) -> bool:
    """Whether the date ``text[start:end]`` is the time of the quote opening at ``opening``."""
    if _GAP.fullmatch(text, end, opening) is None:
        return False
    before = text[max(0, start - VERB_REACH):start]
    return any(w.lower() in speech_verbs for w in _WORD.findall(before))


#: How far after the closing mark the date of a quote may be given, in characters.
AFTER_REACH = 80
# From the closing mark to the date: no sentence end, no other quote, no line break.
_AFTER_GAP = re.compile(r"[^.!?\n\u201c\u201d\"]*")


def dated_after_quote(text: str, closing: int, start: int, speech_verbs) -> bool:
    """Whether a date at ``start``, after a quote that closes at ``closing``, is the time the quote was said:
    it comes within :data:`AFTER_REACH` characters of the closing mark, in the same sentence, after a verb of
    saying (", Zelenskiy said in a video address on Tuesday morning")."""
    gap_start = closing + 1
    if start - gap_start > AFTER_REACH or _AFTER_GAP.fullmatch(text, gap_start, start) is None:
        return False
    return any(w.lower() in speech_verbs for w in _WORD.findall(text, gap_start, start))
