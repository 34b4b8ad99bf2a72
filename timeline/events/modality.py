"""Modality: telling a happening from a prediction, a hypothesis, an opinion or a denial.

A trigger is not an event when, in its own clause and shortly before it, the
text has a modal verb ("could", "would", "may well be", "will"), a condition
("if", "unless", "whether"), an attitude ("fear", "likely"), an intention
followed by "to" ("plans to", "hopes to") or a negation ("not", "never"); nor when its sentence is a
question. Past happenings inside quotes or reports stay events. The words are
in ``resources/modality.csv``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from timeline.events.patterns import compile_folded_phrases, compile_phrases, folded

from timeline.events.resources import default_rows

WINDOW = 5  # tokens before the trigger that a modal word governs


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    return {r["word"].lower(): r["kind"] for r in default_rows("modality.csv")}


_TOK = re.compile(r"[A-Za-z’']+(?:n[’']t)?|[?]")
_CLAUSE_CUT = re.compile(r"[,;:“”\"—()]|\b(?:and|but|or)\b(?=\s+(?:the|a|an|it|he|she|they|we|[A-Z]))")


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" ”\"’')").endswith("?")


_WH_START = re.compile(
    r"^\W*(?:who|what|why|how|when|where|which|is|are|was|were|do|does|did|can|could|will|would|should|has|have)\b",
    re.IGNORECASE,
)
_LAST_CLAUSE = re.compile(r"[,;:“”\"]")


def _in_question(sentence: str, pos: int) -> bool:
    """A question governs the trigger when the sentence opens as one or the trigger sits in its final clause."""
    if not is_question(sentence):
        return False
    if _WH_START.match(sentence):
        return True
    last = max((m.end() for m in _LAST_CLAUSE.finditer(sentence.rstrip(" ?”\"’')"))), default=0)
    return pos >= last


def modality(sentence: str, trigger_start: int) -> str:
    """``""`` for a factual happening, else the kind of word that makes it unreal (modal, conditional, ...)."""
    return SentenceModality(sentence).at(trigger_start)


class SentenceModality:
    """The modal words of one sentence, found once, then asked about each trigger."""

    def __init__(self, sentence: str):
        self.sentence = sentence
        self.question = is_question(sentence)
        self._cuts: list[int] | None = None
        words = _words()
        self.hits: list[tuple[int, int, str]] = []  # start, end, kind
        words_rx, contractions_rx = _hits_rx()
        folded_rx = _folded_words_rx()
        low = folded(sentence) if folded_rx is not None else None
        for m in (words_rx.finditer(sentence) if low is None else folded_rx.finditer(low)):
            s, e = m.span(1)
            self.hits.append((s, e, words.get(sentence[s:e].lower(), "to")))
        if ("’" in sentence or "'" in sentence) and _may_contract(low if low is not None else sentence.lower()):
            for m in contractions_rx.finditer(sentence):
                kind = "modal" if m.group(0).endswith("ll") else "negation"
                self.hits.append((m.start(), m.end(), kind))
            self.hits.sort()
        self.starts = [h[0] for h in self.hits]
        # "to" alone makes nothing unreal: it only completes an intention word
        self._governs = any(h[2] != "to" for h in self.hits)

    @property
    def cuts(self) -> list[int]:
        """Where clauses end (a modal word governs only its own clause)."""
        if self._cuts is None:
            self._cuts = [m.end() for m in _CLAUSE_CUT.finditer(self.sentence)]
        return self._cuts

    def at(self, pos: int) -> str:
        if self.question and _in_question(self.sentence, pos):
            return "question"
        if not self._governs:
            return ""
        k = bisect.bisect_right(self.cuts, pos) - 1
        cut = self.cuts[k] if k >= 0 and self.cuts[k] <= pos else 0
        lo = bisect.bisect_left(self.starts, cut)
        hi = bisect.bisect_left(self.starts, pos)
        hits = self.hits[lo:hi]
        kinds = [h[2] for h in hits]
        # conditionals and purposes govern the whole clause
        if "conditional" in kinds:
            return "conditional"
        if "purpose" in kinds:
            return "purpose"  # "their ambition of toppling governments and establishing a caliphate"
        for j, (start, end, kind) in enumerate(hits):
            if kind == "to":
                continue
            distance = len(_TOK.findall(self.sentence, end, pos))  # words between the modal word and the trigger
            if distance >= WINDOW:
                continue
            if kind in ("modal", "attitude"):
                return kind
            if kind == "intention" and any(h[2] == "to" for h in hits[j + 1:]):
                return kind  # "plans to attack", not "planned and carried out the attacks"
            if kind == "negation" and distance <= 2:
                return kind
        return ""


def _may_contract(low: str) -> bool:
    """False when the lower-cased sentence ``low`` holds no "n't" or "'ll", so the contractions
    pattern cannot match: a quick test that spares its slow search."""
    return "n’t" in low or "n't" in low or "’ll" in low or "'ll" in low


@lru_cache(maxsize=1)
def _hits_rx() -> tuple[re.Pattern, re.Pattern]:
    """The modality words (and "to"), and the contractions "n't" and "'ll"."""
    return compile_phrases(_hit_words(), ignore_case=True), re.compile(r"\w+n[’']t\b|[’']ll\b", re.IGNORECASE)


def _hit_words() -> list[str]:
    return [w for w in _words() if w[0].isalpha()] + ["to"]


@lru_cache(maxsize=1)
def _folded_words_rx() -> re.Pattern | None:
    """The modality words (and "to") for sentences lowered by ``folded``."""
    return compile_folded_phrases(_hit_words())

