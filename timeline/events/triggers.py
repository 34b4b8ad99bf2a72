"""Event triggers: the words that name a happening, and the event type each names.

The lexicon is ``resources/triggers.csv`` (``lemma, pos, event_type, strength,
extra_forms, notes``). Verbs are inflected by rule (kill -> kills, killed,
killing; "claim responsibility" -> "claimed responsibility"); irregular forms
are listed in ``extra_forms``. Nouns get their plural. A ``pos`` of
``verb-exact`` or ``noun-exact`` uses only the ``extra_forms`` as written
("found" as in founding lists "founded" but not "found", the past of "find"). ``strength`` is
``strong`` for words that name a concrete happening ("bombing", "killed")
and ``weak`` for words that only do so with a date of their own ("said",
"report", "strike"). A user adds rows in files of the same format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from timeline.events.patterns import compile_folded_phrases, compile_phrases, finditer_phrases, folded
from timeline.events.resources import read_rows, resource_path

_DETERMINERS = frozenset(
    "the a an this that these those its their his her our your my another every each any no such "
    "first last latest recent new deadly major".split()
)


# Patterns of the helpers below, compiled once.
_YEAR_WORD = re.compile(r"\d{4}")
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")


@dataclass(frozen=True)
class TriggerEntry:
    lemma: str
    pos: str  # noun | verb
    event_type: str
    strength: str  # strong | weak


# Not frozen: built by the thousand for every document, and a frozen dataclass costs about three
# times as much to create. Treat as read-only; equal values hash alike.
@dataclass(slots=True, unsafe_hash=True)
class TriggerMatch:
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    event_type: str
    strength: str

    @property
    def is_verb(self) -> bool:
        return self.pos == "verb"


def _double_final(word: str) -> bool:
    return (
        len(word) <= 4
        and len(word) >= 3
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    )


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb (its first word, when it is a phrase)."""
    head, _, rest = lemma.partition(" ")
    tail = (" " + rest) if rest else ""
    forms = noun_forms(head)  # the base form and its -s form, spelled as a noun plural is
    if head.endswith("e"):
        forms.add(head + "d")
        forms.add(head[:-1] + "ing" if not head.endswith("ee") else head + "ing")
    elif re.search(r"[^aeiou]y$", head):
        forms.add(head[:-1] + "ied")
        forms.add(head + "ing")
    elif _double_final(head):
        forms.add(head + head[-1] + "ed")
        forms.add(head + head[-1] + "ing")
    else:
        forms.add(head + "ed")
        forms.add(head + "ing")
    return {f + tail for f in forms}


def noun_forms(lemma: str) -> set[str]:
    forms = {lemma}
    if re.search(r"(?:s|sh|ch|x|z)$", lemma):
        forms.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    return forms


class TriggerLexicon:
    """Word forms -> trigger entries, with one compiled matcher."""

    def __init__(self, rows: Iterable[dict[str, str]]):
        self.forms: dict[str, list[TriggerEntry]] = {}
        for row in rows:
            lemma = row.get("lemma", "").strip()
            if not lemma:
                continue
            entry = TriggerEntry(lemma, row.get("pos", "noun") or "noun", row.get("event_type", "other") or "other",
                                 row.get("strength", "strong") or "strong")
            extra = {f.strip() for f in row.get("extra_forms", "").split("|") if f.strip()}
            if entry.pos.endswith("-exact"):
                # only the listed forms: "found" (to create) lists "founded", not "found" (the past of "find")
                entry = TriggerEntry(lemma, entry.pos[: -len("-exact")], entry.event_type, entry.strength)
                forms = extra
            else:
                forms = (verb_forms(lemma) if entry.pos == "verb" else noun_forms(lemma)) | extra
            for f in forms:
                lst = self.forms.setdefault(f.lower(), [])
                # a later row for the same form and part of speech replaces the earlier one
                lst[:] = [e for e in lst if e.pos != entry.pos]
                lst.append(entry)
        self._rx = compile_phrases(self.forms, ignore_case=True)
        self._folded_rx = compile_folded_phrases(self.forms)
        # the noun and the verb reading of each form that has both ("attack"), for ``_choose``
        self._readings: dict[str, tuple[TriggerEntry, TriggerEntry]] = {}
        for f, entries in self.forms.items():
            nouns = [e for e in entries if e.pos == "noun"]
            verbs = [e for e in entries if e.pos == "verb"]
            if len(entries) > 1 and nouns and verbs:
                self._readings[f] = (nouns[0], verbs[0])

    def find(self, text: str) -> list[TriggerMatch]:
        out = []
        append = out.append
        forms, readings = self.forms, self._readings
        sentence_start = _SENTENCE_START.search
        low = folded(text) if self._folded_rx is not None else None
        matches = finditer_phrases(self._rx, text) if low is None else finditer_phrases(self._folded_rx, low)
        for m in matches:
            start, end = m.span(1)
            surface = text[start:end]
            if surface[0].isupper() and not sentence_start(text, max(0, start - 6), start):
                continue  # a capitalized word inside a sentence is a name ("Islamic State", "March")
            form = surface.lower()
            entries = forms.get(form)
            if not entries:
                continue
            entry = entries[0] if form not in readings else _choose(*readings[form], text, start, surface)
            append(TriggerMatch(start, end, surface, entry.lemma, entry.pos, entry.event_type, entry.strength))
        return out


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|\n\s*)[\s“\"‘'(•\-–—]*$")
_PREV_WORD = re.compile(r"([\w’'.-]+)\W*$")
_WORD_PUNCT = "’'.-"


def _is_word_char(c: str) -> bool:
    """``\\w`` of the regex engine."""
    return c.isalnum() or c == "_"


def _prev_word(text: str, start: int) -> tuple[str, int] | None:
    """The word before ``start`` (within 40 characters) and where it ends: group 1 of ``_PREV_WORD``
    searched in ``text[start - 40:start]``, found by scanning back from ``start``.

    That is the run of word characters and ``’'.-`` holding the last word character, or, when there is
    none, the regex's own answer.
    """
    lo = max(0, start - 40)
    q = start - 1
    while q >= lo and not _is_word_char(text[q]):
        q -= 1
    if q < lo:
        m = _PREV_WORD.search(text, lo, start)
        return (m.group(1), m.end(1)) if m else None
    e = q + 1
    while e < start and text[e] in _WORD_PUNCT:
        e += 1
    b = q
    while b > lo and (text[b - 1] in _WORD_PUNCT or _is_word_char(text[b - 1])):
        b -= 1
    return text[b:e], e


def _choose(noun: TriggerEntry, verb: TriggerEntry, text: str, start: int, surface: str) -> TriggerEntry:
    """Noun or verb reading of an ambiguous form ("attack", "report") from the word before it."""
    low = surface.lower()
    word = _prev_word(text, start)
    prev = word[0].lower() if word else ""
    gap = text[word[1]:start] if word else ""
    if prev in _DETERMINERS or prev.endswith("’s") or prev.endswith("'s") or _YEAR_WORD.fullmatch(prev):
        return noun  # "the bombing", "Thursday's attack", "the 2020 agreement"
    if low.endswith("ed") or low.endswith("ing"):
        return verb
    if prev in ("to", "will", "would", "could", "may", "might", "did", "not", "never", "and") and not gap.strip():
        return verb
    if word and word[0][:1].isupper() and prev not in ("the", "a"):
        # "ISIS-K attacks ..." reads as a verb unless the name modifies the noun ("ISIS-K attack,")
        after = text[start + len(surface): start + len(surface) + 3]
        return verb if low.endswith("s") and _LOWER_WORD_AFTER.match(after) else noun
    return noun


_DEFAULT: TriggerLexicon | None = None


def load_triggers(extra_files: Iterable[str | Path] = ()) -> TriggerLexicon:
    """The shipped trigger lexicon plus the user's files (same CSV format)."""
    global _DEFAULT
    extra = list(extra_files)
    if not extra and _DEFAULT is not None:
        return _DEFAULT
    rows = list(read_rows(resource_path("triggers.csv")))
    for p in extra:
        rows.extend(read_rows(p))
    lex = TriggerLexicon(rows)
    if not extra:
        _DEFAULT = lex
    return lex
