"""Casualty figures: how many were killed or wounded, per group, as the text states them.

"killed 13 U.S. service members and more than 170 Afghans" gives two
figures; "13 US soldiers and nearly 100 Afghans were killed" too. Qualifiers
("at least", "nearly", "more than", "some", "about") and number words
("thirteen", "dozens", "several") are kept; a vague word gets the
conservative count of ``resources/number_words.csv`` ("dozens" -> 12).
Casualty verbs are in ``resources/casualty_terms.csv``, qualifiers in
``resources/qualifiers.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.events.model import Casualty
from timeline.events.patterns import compile_folded_phrases, compile_phrases, finditer_phrases, folded
from timeline.events.resources import default_list, default_rows

_GROUP_STOP = (
    r"(?:and|or|were|was|are|is|have|has|had|who|which|that|in|at|on|during|after|before|by|from|with|as|when|"
    r"while|since|near|outside|inside|including|also|been|being|killed|wounded|injured|died|dead|the|a|an|to|into|"
    r"for|but|of)"
)
_NOT_PEOPLE = re.compile(
    r"^(?:years?|months?|weeks?|days?|hours?|minutes?|percent|per|%|times|miles?|km|kilometres?|kilometers?|"
    r"dollars?|million|billion|January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)


_MONTH_BEFORE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$", re.IGNORECASE
)


# Patterns of the helpers below, compiled once.
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s+(?:and\s+)?|\band\b|\bas well as\b)\s*")
_IMPLIED_GROUP_END = re.compile(r"^\s*(?:[,.;]|and\b|$)")
_CLAUSE_BREAK = re.compile(r"\s+(?:at|in|on|during|near|outside|inside|when|while|after|before|as|who|which)\s+(?![\d])")
_RELATIVE_WORD = re.compile(r"\b(?:which|who|that|in which|where)\b")


# Not frozen: built by the thousand for every document, and a frozen dataclass costs about three
# times as much to create. Treat as read-only; equal values hash alike.
@dataclass(slots=True, unsafe_hash=True)
class CasualtyMatch:
    start: int
    end: int
    casualty: Casualty


@lru_cache(maxsize=1)
def _tables():
    numbers = {r["word"].lower(): int(r["value"]) for r in default_rows("number_words.csv")}
    quals = sorted(default_list("qualifiers.txt"), key=len, reverse=True)
    terms = list(default_rows("casualty_terms.csv"))
    words = sorted((w for w in numbers if w not in ("a", "an")), key=len, reverse=True)
    num = r"(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(re.escape(w) for w in words) + r")"
    qual = "|".join(re.escape(q) for q in quals)
    group_word = r"(?!" + _GROUP_STOP + r"\b)[\w.’'-]+"
    nump = (
        r"(?:(?P<qual>" + qual + r")\s+)?(?<![\d.])(?P<num>" + num + r")(?![.,]\d)(?:\s+of)?"
        r"(?P<group>(?:\s+(?:its|their|his|her|the)?\s*" + group_word + r"){0,4})"
    )
    nump_rx = re.compile(nump, re.IGNORECASE)
    active_terms = [t["term"] for t in terms if t["voice"] in ("active", "both")]
    passive_terms = [t["term"] for t in terms if t["voice"] in ("passive", "both")]
    kinds = {t["term"].lower(): t["kind"] for t in terms}
    active = re.compile(
        r"\b(?P<verb>" + "|".join(re.escape(t) for t in sorted(active_terms, key=len, reverse=True)) + r")\s+"
        r"(?=(?:(?:" + qual + r")\s+)?(?:" + num + r"|a|an)\b)",
        re.IGNORECASE,
    )
    passive = re.compile(
        r"\b(?P<aux>(?:(?:were|was|have been|had been|are|also|reportedly)\s+)*)(?P<verb>"
        + "|".join(re.escape(t) for t in sorted(passive_terms, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    _ACTIVE_TOO.update(t["term"].lower() for t in terms if t["voice"] == "both")
    return numbers, nump_rx, active, passive, kinds


_ACTIVE_TOO: set[str] = set()


@lru_cache(maxsize=1)
def _quick() -> tuple[re.Pattern, re.Pattern | None]:
    """A casualty term opening a word, and the same for text lowered by ``folded``."""
    terms = [t["term"] for t in default_rows("casualty_terms.csv")]
    return compile_phrases(terms, ignore_case=True, suffix=r"\w*"), compile_folded_phrases(terms, suffix=r"\w*")


def _may_have_casualties(text: str) -> bool:
    """False when ``text`` has no casualty term opening a word, so that neither casualty pattern can
    match: most sentences have none."""
    rx, folded_rx = _quick()
    low = folded(text) if folded_rx is not None else None
    matches = finditer_phrases(rx, text) if low is None else finditer_phrases(folded_rx, low)
    return next(matches, None) is not None


def _count(word: str, numbers: dict[str, int]) -> int | None:
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return numbers.get(w)


def _figures(segment: str, base: int, kind: str, from_start: bool) -> list[CasualtyMatch]:
    """Figures in a coordinated list: "13 U.S. troops and more than 170 Afghans"."""
    numbers, nump_rx, _, _, _ = _tables()
    out = []
    pieces = _LIST_SEPARATOR.split(segment)
    pos = 0
    for i, piece in enumerate(pieces):
        idx = segment.find(piece, pos)
        pos = idx + len(piece)
        lead = len(piece) - len(piece.lstrip())
        if from_start:
            m = nump_rx.match(piece, lead)
        else:
            m = None
            for mm in nump_rx.finditer(piece):
                if not _MONTH_BEFORE.search(piece, 0, mm.start()):
                    m = mm
        if m is None or (from_start and i > 0 and not m):
            if from_start:
                break
            continue
        group = m.group("group").strip()
        if not group and from_start and m.group("num")[0].isdigit() and _IMPLIED_GROUP_END.match(piece[m.end():]):
            pass  # "killing 157 people and injuring more than 300,": the group is implied
        elif not group or _NOT_PEOPLE.match(group):
            if from_start:
                break
            continue
        count = _count(m.group("num"), numbers)
        if count is None:
            continue
        start = base + idx + m.start()
        text = m.group(0).rstrip()
        out.append(CasualtyMatch(start, start + len(text), Casualty(kind, count, (m.group("qual") or "").lower(), group, text)))
    return out


def find_casualties(text: str) -> list[CasualtyMatch]:
    """Every casualty figure in ``text`` (one sentence), in text order."""
    _, _, active, passive, kinds = _tables()
    if not _may_have_casualties(text):
        return []
    out: list[CasualtyMatch] = []
    for m in active.finditer(text):
        kind = kinds.get(m.group("verb").lower(), "killed")
        stop = _LIST_END.search(text, m.end())
        seg = text[m.end():stop.start() if stop else len(text)]
        # stop the list at a clause break that is not a coordination of figures
        seg = _CLAUSE_BREAK.split(seg)[0]
        out.extend(_figures(seg, m.end(), kind, from_start=True))
    for m in passive.finditer(text):
        verb = m.group("verb").lower()
        kind = kinds.get(verb, "killed")
        both = verb in _ACTIVE_TOO
        # the subject: from the clause start to the verb
        left = text[:m.start()]
        cut = max(left.rfind(c) for c in (",", ";", ":", "(", "—", "“", "\""))
        cut = max(cut, _last(left, _RELATIVE_WORD))
        seg_start = cut + 1 if cut >= 0 else 0
        seg = text[seg_start:m.start()]
        figures = _figures(seg, seg_start, kind, from_start=False)
        if both and not m.group("aux").strip() and figures and seg[figures[-1].end - seg_start:].strip():
            continue  # "killed" with no auxiliary is passive only right after its figure ("13 killed")
        for f in figures:
            if not any(o.start <= f.start < o.end for o in out):
                out.append(f)
    out.sort(key=lambda c: c.start)
    return out


_LIST_END = re.compile(r"[;:!?]|\.(?!\w|\s+[a-z0-9])")


def _last(text: str, pattern: re.Pattern) -> int:
    last = -1
    for m in pattern.finditer(text):
        last = m.end() - 1
    return last
