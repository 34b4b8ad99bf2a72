"""The words a regular expression can start with, read off its parse tree.

The tagger tries a rule at a position only when the word there is one the rule can
start with, so each position costs a few anchored matches instead of one per rule.

    >>> first_words(re.compile(r"(?:early\\s+)?(?:jan|feb)\\w*", re.I))
    ({'early', 'jan', 'feb'}, set())

The result is ``(words, kinds)``: ``words`` are lower-case first words; ``kinds`` holds
``"digit"`` when a match may start with a digit and ``"any"`` when the analysis cannot
tell (then the rule is tried everywhere). A word that runs on into digits ("FY25", "Q4FY23")
is given as the letters before its first digit and ``#digit`` ("fy#digit", "q#digit").
"""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C
    import sre_parse as P

_LIMIT = 20000


class _Unknown(Exception):
    pass


def first_words(regex: re.Pattern) -> tuple[set[str], set[str]]:
    try:
        tree = P.parse(regex.pattern, regex.flags)
        out: set[str] = set()
        _walk(list(tree), "", out)
    except (_Unknown, RecursionError):
        return set(), {"any"}
    words = {w for w in out if w not in ("#digit", "#any")}  # "#'" = starts with an apostrophe; "fy#digit" runs on
    kinds = set()
    if "#digit" in out:
        kinds.add("digit")
    if "#any" in out or "" in words:
        kinds.add("any")
    words.discard("")
    return words, kinds


def _is_word_char(code: int) -> bool:
    ch = chr(code)
    return ch.isalnum()


def _walk(seq: list, prefix: str, out: set[str]) -> None:
    if len(out) > _LIMIT:
        raise _Unknown
    if not seq:
        out.add(prefix if prefix else "#any")
        return
    op, av = seq[0]
    rest = seq[1:]
    if op is C.LITERAL:
        if _is_word_char(av):
            ch = chr(av).lower()
            if ch.isdigit():
                out.add(prefix + "#digit" if prefix else "#digit")  # "fy#digit": letters, then digits
                return
            _walk(rest, prefix + ch, out)
        else:
            out.add(prefix if prefix else "#" + chr(av))
        return
    if op is C.IN:
        chars: list[str] = []
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.append(chr(iav))
            elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT:
                out.add(prefix + "#digit" if prefix else "#digit")  # "fy#digit": a token "fy" then digits
            elif iop is C.CATEGORY and iav is C.CATEGORY_SPACE:
                chars.append(" ")
            elif iop is C.RANGE:
                lo, hi = iav
                if hi - lo > 40:
                    raise _Unknown
                chars.extend(chr(c) for c in range(lo, hi + 1))
            elif iop is C.NEGATE:
                raise _Unknown
            else:
                raise _Unknown
        for ch in set(c.lower() for c in chars):
            if ch.isalnum():
                if ch.isdigit():
                    out.add(prefix + "#digit" if prefix else "#digit")
                else:
                    _walk(rest, prefix + ch, out)
            else:
                out.add(prefix if prefix else "#" + ch)
        return
    if op is C.BRANCH:
        for alt in av[1]:
            _walk(list(alt) + rest, prefix, out)
        return
    if op is C.SUBPATTERN:
        sub = av[-1]
        _walk(list(sub) + rest, prefix, out)
        return
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if lo == 0:
            _walk(rest, prefix, out)
        if hi != 0:
            _walk(list(sub) + rest, prefix, out)
        return
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        _walk(rest, prefix, out)
        return
    raise _Unknown
