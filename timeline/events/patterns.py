"""Fast matching of many literal phrases: a list of strings becomes one trie-shaped regex.

A plain alternation of a thousand names tries every name at every position;
the trie shares common prefixes, so matching stays one pass over the text.
Matches are whole words: a phrase never matches inside a longer word.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator

_END = ""


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex source matching any of ``phrases`` (longest alternative preferred)."""
    trie: dict = {}
    for p in phrases:
        if not p:
            continue
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[_END] = True
    if not trie:
        return r"(?!x)x"
    return _render(trie)


def _render(node: dict) -> str:
    end = _END in node
    branches = []
    singles = []
    for ch in sorted(k for k in node if k != _END):
        sub = node[ch]
        rest = _render(sub) if any(k != _END for k in sub) else ""
        if rest:
            branches.append(re.escape(ch) + rest)
        else:
            singles.append(ch)
    alts = list(branches)
    if singles:
        if len(singles) == 1:
            alts.append(re.escape(singles[0]))
        else:
            alts.append("[" + "".join(_class_escape(c) for c in singles) + "]")
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if end:
        if not (body.startswith("(?:") and body.endswith(")")) and not _is_atom(body):
            body = "(?:" + body + ")"
        return body + "?"
    return body


def _is_atom(body: str) -> bool:
    """True for one character, one escaped character or one character class."""
    return len(body) == 1 or (len(body) == 2 and body[0] == "\\") or (
        body.startswith("[") and body.endswith("]") and "]" not in body[1:-1])


def _class_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def compile_phrases(phrases: Iterable[str], ignore_case: bool = False, suffix: str = "") -> re.Pattern:
    """Whole-word regex for ``phrases``; ``suffix`` is an optional regex allowed after a phrase.

    Group 1 is the phrase. ``finditer_phrases`` finds its matches faster than ``finditer``."""
    phrases = [p for p in phrases if p]
    body = trie_pattern(phrases)
    flags = re.IGNORECASE if ignore_case else 0
    rx = re.compile(r"(?<![\w])(" + body + ")" + suffix + r"(?![\w])", flags)
    if phrases and all(_WORD_CHAR.match(p) for p in phrases):
        # every match but one at the very start follows a non-word character: a pattern that opens
        # with that character lets the regex engine skip the letters inside words quickly
        _AFTER_SEPARATOR[id(rx)] = re.compile(r"[^\w](" + body + ")" + suffix + r"(?![\w])", flags)
        weakref.finalize(rx, _AFTER_SEPARATOR.pop, id(rx), None)
    return rx


_WORD_CHAR = re.compile(r"\w")
# the pattern opening with a non-word character, for each pattern of ``compile_phrases`` that has one, by
# the pattern's ``id`` (while the pattern lives): a pattern's hash is computed from all of its code, at
# every lookup, which costs more than a short match
_AFTER_SEPARATOR: dict[int, re.Pattern] = {}


def finditer_phrases(rx: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """The matches of ``rx.finditer(text, pos, endpos)`` for a pattern made by ``compile_phrases``, found faster.

    Group 1 (the phrase) and the end of each match are those of ``finditer``; the match itself may
    start one character earlier, at the non-word character before the phrase.
    """
    if endpos is None:
        endpos = len(text)
    after_separator = _AFTER_SEPARATOR.get(id(rx))
    if after_separator is None:
        return rx.finditer(text, pos, endpos)
    return _finditer_after_separator(rx, after_separator, text, pos, endpos)


def _finditer_after_separator(rx: re.Pattern, after_separator: re.Pattern, text: str, pos: int,
                              endpos: int) -> Iterator[re.Match]:
    # Every phrase starts with a word character, so a match starts either at ``pos`` or right after a
    # non-word character, and never right where the previous one ends (it ends before a non-word
    # character): the matches of ``after_separator`` from there on are those of ``rx``.
    first = rx.match(text, pos, endpos)
    if first is not None:
        yield first
        yield from after_separator.finditer(text, first.end(), endpos)
    else:
        yield from after_separator.finditer(text, pos, endpos)


# Characters that a case-insensitive regex and ``str.lower`` treat differently: those with extra
# case-insensitive equivalents in the regex engine ("ſ" matches "s", "ı" matches "i", "ς" matches "σ")
# and "İ", whose lower-case form has two characters.
try:
    from re._casefix import _EXTRA_CASES
except ImportError:  # another regex engine: never fold
    _EXTRA_CASES = None


def _special_fold_pattern() -> re.Pattern:
    if _EXTRA_CASES is None:
        return re.compile(r"[\s\S]")
    chars = {"\u0130"}
    for k, v in _EXTRA_CASES.items():
        for c in (chr(k), *map(chr, v)):
            chars.update((c, c.upper(), c.lower()))
    chars = {c for c in chars if len(c) == 1 and not c.isascii()}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


_SPECIAL_FOLD = _special_fold_pattern()


def folded(text: str) -> str | None:
    """``text.lower()``, on which a lower-case pattern finds exactly what the same pattern with
    IGNORECASE finds in ``text`` (same offsets), faster; None when ``text`` holds a character the two
    treat differently ("ſ", "ı", Greek sigma, "İ"): match it case-insensitively then.

    The answer for the last text asked about is kept, so the matchers that fold the same document
    one after the other fold it once."""
    global _last_folded
    last_text, last_low = _last_folded
    if text is last_text:
        return last_low
    # (every special character is outside ASCII)
    low = text.lower() if (text.isascii() and _EXTRA_CASES is not None) or not _SPECIAL_FOLD.search(text) else None
    _last_folded = (text, low)
    return low


_last_folded: tuple[str | None, str | None] = (None, None)


def compile_folded_phrases(phrases: Iterable[str], suffix: str = "") -> re.Pattern | None:
    """``compile_phrases(phrases, ignore_case=True, suffix=suffix)`` for text lowered by ``folded``: a
    case-sensitive pattern of the lower-cased phrases. None when a phrase has a character that folds
    specially (then only the case-insensitive pattern is exact)."""
    phrases = list(phrases)
    low = [p.lower() for p in phrases]
    if any(len(a) != len(b) or _SPECIAL_FOLD.search(a) for a, b in zip(low, phrases)):
        return None
    return compile_phrases(low, suffix=suffix)


def phrase_starts(phrases: Iterable[str]) -> re.Pattern:
    """A pattern for the places where one of ``phrases`` starts (inside words too). It opens with
    the phrases' first characters, so the regex engine skips quickly over text without them."""
    return re.compile(trie_pattern(phrases))


def finditer_at_starts(rx: re.Pattern, starts: re.Pattern, text: str, pos: int = 0,
                       endpos: int | None = None) -> list[re.Match]:
    """``list(rx.finditer(text, pos, endpos))`` for a pattern whose every match begins where ``starts``
    matches (``compile_phrases(p)`` and ``phrase_starts(p)``): ``rx`` is tried only there. Faster
    when those places are rare, as for names (capitalized phrases)."""
    if endpos is None:
        endpos = len(text)

    def positions():
        a = starts.search(text, pos, endpos)
        while a is not None:
            p = a.start()
            a = starts.search(text, p + 1, endpos)  # overlapping: every place where a phrase starts
            yield p

    return matches_at(rx, text, positions(), endpos)


def matches_at(rx: re.Pattern, text: str, positions: Iterable[int], endpos: int | None = None) -> list[re.Match]:
    """The non-overlapping matches of ``rx`` (in ``text[:endpos]``) that begin at one of ``positions``
    (ascending), as ``finditer`` would give them if every match of ``rx`` begins at one of those positions."""
    if endpos is None:
        endpos = len(text)
    out: list[re.Match] = []
    last = 0
    for p in positions:
        if p < last:
            continue
        m = rx.match(text, p, endpos)
        if m is not None:
            out.append(m)
            last = m.end()
    return out
