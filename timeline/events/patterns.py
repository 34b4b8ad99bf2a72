"""Fast matching of many literal phrases: a list of strings becomes one trie-shaped regex.

A plain alternation of a thousand names tries every name at every position;
the trie shares common prefixes, so matching stays one pass over the text.
Matches are whole words: a phrase never matches inside a longer word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    """Whole-word regex for ``phrases``; ``suffix`` is an optional regex allowed after a phrase."""
    body = trie_pattern(phrases)
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w])(" + body + ")" + suffix + r"(?![\w])", flags)
