"""Anchoring: which time expression dates which trigger.

A time expression attaches to the trigger of its own clause, not merely the
nearest one. Scores, highest wins:

- 100: the date modifies the trigger noun ("the August 2021 suicide
  bombing", "the Aug. 26, 2021 attack", "Thursday's attack");
- 90 - gap: the date follows the trigger within its clause ("killed ... in
  early April", "said last year", "founded in January 2015");
- 70 - gap: a fronted date governs the main clause ("On March 11, ... an
  ISIS-K suicide bomber ... detonated explosives");
- 50 - gap: the date precedes the trigger in the same clause;
- 25 - gap/2: the date is in another clause of the sentence.

Another trigger between the two costs 35 (that trigger is closer); a
reporting verb ("said") between a happening and a date that follows it does
not ("killed, he said, in April"), but between a fronted date and a
happening it does ("This morning, X reported that ... attacked").
Durations, sets and PRESENT_REF/PAST_REF/FUTURE_REF never anchor an event,
except a recent period ("in the past six months"), read as the interval that
ends at the publication date. A date that only bounds a period ("since
2019", "until March") does not date an event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from timeline.events.clauses import Clauses, tokens_between
from timeline.events.triggers import TriggerMatch
from timeline.temporal.mention import TimeMention

NP_MODIFIER = 100
AFTER_IN_CLAUSE = 90
FRONTED = 70
BEFORE_IN_CLAUSE = 50
OTHER_CLAUSE = 25
INTERVENING_TRIGGER = 35
ATTRIBUTION = 15

_FRONT = re.compile(
    r"^\W*(?:(?:on|in|by|since|during|at|last|early|late|then|and|but|so|yet|also|as of|until|from|after|before|"
    r"around|about|as early as)\s+)*$",
    re.IGNORECASE,
)
_NP_GAP = re.compile(r"^(?:['’]s?)?(?:\s+[\w.’'-]+){0,3}\s+$")
_PREP_GAP = re.compile(r"\b(?:said|says)\b", re.IGNORECASE)


# Patterns of the helpers below, compiled once.
_COMMA_AFTER = re.compile(r"^\s*(?:['’]s)?\s*(?:,|\s+for example,|\s+however,)")


def anchors_event(t: TimeMention, text: str = "") -> bool:
    """True for a time mention that can date an event: a DATE or TIME with calendar days, or a duration
    anchored on an earlier date that leads to a point ("three days later").

    With the document ``text``, a date that only opens or closes a period ("since 2019", "until March")
    does not date an event either.
    """
    if t.date_value is None:
        return False
    if t.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return False
    if text and _BOUND_BEFORE.search(text, max(0, t.start - 12), t.start):
        return False
    return t.first_day is not None and t.last_day is not None


_BOUND_BEFORE = re.compile(r"\b(?:since|until|till|ever since)\s+$", re.IGNORECASE)
_RECENT_PERIOD = re.compile(r"^(?:the\s+)?(?:past|last|previous)\s+", re.IGNORECASE)
_PERIOD_PREP = re.compile(r"\b(?:in|over|during|within|throughout)\s+$", re.IGNORECASE)
_DURATION = re.compile(r"^P(\d+)([YMWD])$")


def recent_period(t: TimeMention, text: str, dct: date | None) -> TimeMention | None:
    """"in the past six months" as the period it names: from six months before the publication date to it.

    Only a duration of the form "in/over/during the past|last N units" with a known publication date
    becomes a period (precision ``interval``); other durations never date an event.
    """
    if t.type != "DURATION" or dct is None or not _RECENT_PERIOD.match(t.text):
        return None
    if not _PERIOD_PREP.search(text, max(0, t.start - 12), t.start):
        return None
    m = _DURATION.match(t.value)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    if unit == "D":
        first = dct - timedelta(days=n)
    elif unit == "W":
        first = dct - timedelta(weeks=n)
    else:
        months = n * 12 if unit == "Y" else n
        y, mo = divmod(dct.year * 12 + dct.month - 1 - months, 12)
        first = date(y, mo + 1, min(dct.day, 28))
    value = f"{first.isoformat()}/{dct.isoformat()}"
    return TimeMention(t.start, t.end, t.text, "DATE", value, t.mod, first, dct, t.anchor, "interval")


def score(sentence: str, clauses: Clauses, trig: TriggerMatch, t_start: int, t_end: int,
          others: Sequence[TriggerMatch]) -> float:
    """How strongly the time at ``[t_start, t_end)`` dates ``trig`` (offsets relative to the sentence)."""
    if t_end <= trig.start:
        gap_text = sentence[t_end:trig.start]
        gap = tokens_between(sentence, t_end, trig.start)
        if parenthetical_attribution(sentence, trig):
            s = OTHER_CLAUSE - gap / 2 - ATTRIBUTION  # '"In 2019," he wrote, "...": the date is the quote's
        elif trig.pos == "noun" and _NP_GAP.match(gap_text) and clauses.same(t_end - 1, trig.start):
            s = NP_MODIFIER - gap
        elif _FRONT.match(sentence, 0, t_start) and _followed_by_comma(sentence, t_end):
            s = FRONTED - gap / 4
        elif clauses.same(t_end - 1, trig.start):
            s = BEFORE_IN_CLAUSE - gap
        elif trig.event_type in ("statement", "report") and trig.strength == "weak":
            s = OTHER_CLAUSE - gap / 2 - ATTRIBUTION  # "... on Monday, a monitoring group said": the date is the event's
        else:
            s = OTHER_CLAUSE - gap / 2
    else:
        gap = tokens_between(sentence, trig.end, t_start)
        if clauses.same(trig.end - 1, t_start) and gap <= 20:
            s = AFTER_IN_CLAUSE - gap
        else:
            s = OTHER_CLAUSE - gap / 2
    if intervenes(trig, t_start, t_end, others, sentence):
        s -= INTERVENING_TRIGGER
    return s


def intervenes(trig: TriggerMatch, t_start: int, t_end: int, others: Sequence[TriggerMatch], sentence: str = "") -> bool:
    """True when another competing trigger sits between ``trig`` and the time expression.

    With the ``sentence``, a parenthetical attribution ('"In 2019," he wrote, "...') does not compete.
    """
    lo, hi = (t_end, trig.start) if t_end <= trig.start else (trig.end, t_start)
    time_first = t_end <= trig.start
    return any(lo <= o.start < hi and o is not trig and (time_first or _competes(o, trig))
               and not (time_first and sentence and parenthetical_attribution(sentence, o))
               for o in others)


_ATTRIBUTION_LEFT = re.compile(r"[,“”\"]\s*[“”\"]?\s*(?:[\w.’'-]+\s+){1,4}$")
_ATTRIBUTION_RIGHT = re.compile(r"\s*,")


def parenthetical_attribution(sentence: str, trig: TriggerMatch) -> bool:
    """True for a reporting verb set off inside what it reports: '"In 2019," he wrote, "a series of ...'."""
    if trig.pos != "verb" or trig.strength != "weak" or trig.event_type not in ("statement", "report"):
        return False
    return bool(_ATTRIBUTION_RIGHT.match(sentence, trig.end)
                and _ATTRIBUTION_LEFT.search(sentence, max(0, trig.start - 60), trig.start))


def _competes(other: TriggerMatch, trig: TriggerMatch) -> bool:
    # a statement verb between a happening and its date does not take the date away ("killed, he said, in April"),
    # nor does a word naming the same kind of event ("said in a statement Tuesday")
    if other.event_type == trig.event_type and other.pos != trig.pos:
        return False
    return not (other.event_type == "statement" and other.strength == "weak" and trig.event_type != "statement")


def _followed_by_comma(sentence: str, end: int) -> bool:
    return bool(_COMMA_AFTER.match(sentence[end:end + 20]))


def best_anchor(sentence: str, clauses: Clauses, trig: TriggerMatch, times: Sequence[tuple[int, int, TimeMention]],
                others: Sequence[TriggerMatch]) -> tuple[TimeMention | None, float]:
    """The best time for ``trig`` among ``times`` (sentence-relative spans) and its score."""
    best: TimeMention | None = None
    best_s = float("-inf")
    for s0, s1, tm in times:
        sc = score(sentence, clauses, trig, s0, s1, others)
        if sc > best_s:
            best, best_s = tm, sc
    return best, best_s
