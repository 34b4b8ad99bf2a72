"""Normalizers: turn one rule match into a TIMEX3 (type, value, mod, anchor).

Each normalizer gets a :class:`Match` (the rule's named groups, the text around it,
the reference dates) and returns a :class:`Timex` or None to reject the match.
Calendar arithmetic (shifting weeks, months, quarters, seasons) lives here; the
words come from the lexicon.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Callable

from timeline.temporal import timex as tx
from timeline.temporal.lexicon import Lexicon, norm
from timeline.temporal.tense import sentence_bounds, verb_before, tense as clause_tense

_AMBIGUOUS_CAPS = re.compile(r"^[A-Z]")


# Patterns of the helpers below, compiled once.
_NUMERAL = re.compile(r"[\d,]+(\.\d+)?")
_WORD_SPLIT = re.compile(r"[\s-]+")
_CAPITALIZED_NEXT = re.compile(r"\s+([A-Z][a-z]+)")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_HYPHEN_AFTER = re.compile(r"\s*-\s*\w")
_NON_DIGIT = re.compile(r"\D")
_LAST_WORD = re.compile(r"([\w.]+)\s*$")
_CURRENCY_BEFORE = re.compile(r"[$\u00a3\u20ac#]\s*$")
_YEAR_PREPOSITION = re.compile(
    r"(?i)(?:\b(?:in|since|of|by|from|until|till|before|after|during|year|fiscal)|(?P<between>\bbetween(?:\s+\d{3,4}\s+and)?))\s+$")
_AFTER_PAIR = re.compile(r"(?:\s+and\s+\d{3,4})?\s+([a-z]+)\b")
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_DIGIT = re.compile(r"\d")
_FREQUENCY_BEFORE = re.compile(r"(?i)\b(?:once|twice|times|per)\s+$")
_COMMA_NEXT = re.compile(r"\s*,")
_LETTERS_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
_POSSESSIVE_NEXT_WORDS = re.compile(r"['\u2019]s\s+(?:([a-z]+)\s+)?([a-z]+)")


@dataclass
class Timex:
    type: str
    value: str
    mod: str | None = None
    anchor: str = "none"
    point: str | None = None  # an anchored duration ("two days later"): the DATE value it points to
    told: bool = False  # a day whose year came from a story told just before it (``_dated_story_before``)
    through: str | None = None  # a DATE value the mention's days run on to ("the 2019-20 season": 2020)


@dataclass
class Reference:
    """A date an expression may be resolved against: the DCT or an earlier mention."""

    day: date
    precision: str
    anchor: str  # "dct" or "mention:<start>"
    value: str
    rule: str = ""  # the normalizer that produced the mention
    name: str = ""  # the rule that found it
    told: bool = False  # the mention's year came from a story told before it (:func:`_dated_story_before`)
    end: int = -1  # where the mention ends in the text (-1: not a mention)


@dataclass(slots=True)
class Match:
    rule: str
    groups: dict[str, str | None]
    text: str
    start: int
    end: int
    lex: Lexicon
    dct: Reference | None
    earlier: list[Reference]  # the mentions before this one (read through ``mentions``)
    tense: Callable[[], str | None]
    g: Callable[[str], str | None] = field(init=False, repr=False, compare=False)  # a named group, or None
    read_earlier: bool = field(default=False, init=False, repr=False, compare=False)  # ``mentions`` was read

    def __post_init__(self) -> None:
        self.g = self.groups.get

    @property
    def mentions(self) -> list[Reference]:
        """The earlier mentions, latest last. Reading them is noted (``read_earlier``): a normalization that
        never did gives the same answer whatever came before."""
        self.read_earlier = True
        return self.earlier

    def mention_reference(self, need: str) -> Reference | None:
        """The latest earlier mention at least as precise as ``need``."""
        order = ["time", "day", "week", "month", "season", "quarter", "year", "decade", "century"]
        limit = order.index(need) if need in order else len(order) - 1
        for ref in reversed(self.mentions):
            if ref.precision in order and order.index(ref.precision) <= limit:
                return ref
        return None


# ---------------------------------------------------------------- helpers

def number(lex: Lexicon, phrase: str | None) -> float | None:
    """Value of "20", "1,400", "twenty-five", "a", "half a"; None for a vague quantity."""
    if phrase is None:
        return None
    p = norm(phrase)
    if _NUMERAL.fullmatch(p):
        return float(p.replace(",", ""))
    if lex.has("numbers", p):
        return float(lex.get("numbers", p))
    parts = _WORD_SPLIT.split(p)
    if len(parts) >= 2 and parts[1] == "hundred" and lex.has("numbers", parts[0]):  # "a hundred and twenty-five"
        if len(parts) == 2:
            rest = 0.0
        else:
            rest = number(lex, " ".join(parts[3:])) if len(parts) > 3 and parts[2] == "and" else None
        return None if rest is None else float(lex.get("numbers", parts[0])) * 100 + rest
    if len(parts) == 2 and all(lex.has("numbers", x) for x in parts):
        a, b = float(lex.get("numbers", parts[0])), float(lex.get("numbers", parts[1]))
        if a >= 20 and a % 10 == 0 and b < 10:
            return a + b
        if b == 100:
            return a * b
    return None


def spoken_year(lex: Lexicon, phrase: str) -> int | None:
    """The year a phrase names: "1996", "nineteen ninety-six", "two thousand and one"."""
    p = norm(phrase)
    if p.isdigit():
        return int(p)
    words = _WORD_SPLIT.split(p)
    for n in (2, 1):
        opener = " ".join(words[:n])
        if lex.has("year_words", opener):
            base, kind = int(lex.get("year_words", opener)), lex.get("year_words", opener, 1)
            rest = [w for w in words[n:] if w != "and"]
            break
    else:
        return None
    if kind == "hundreds":
        if rest == ["hundred"]:
            return base * 100
        rest = [w for w in rest if w != "oh"]
    tail = number(lex, " ".join(rest)) if rest else 0
    if tail is None or tail != int(tail) or not 0 <= tail < 100:
        return None
    return base * 100 + int(tail) if kind == "hundreds" else base + int(tail)


def _spoken_year_counts(m: Match) -> bool:
    """A spoken year followed by a lower-case word that cannot follow a date counts something,
    unless an article comes before it ("a nineteen ninety-seven attack" is no count)."""
    if re.search(r"(?i)\ban?\s+$", m.text[max(0, m.start - 4):m.start]):
        return False
    nxt = re.match(r"\s+([a-z]+)\b", m.text[m.end:m.end + 30])
    return bool(nxt) and not m.lex.has("spoken_year_followers", nxt.group(1))


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pod_suffix(lex: Lexicon, pod: str | None) -> str:
    if not pod:
        return ""
    code = lex.get("parts_of_day", pod)
    if not code:
        return ""
    return code if code.startswith("T") else "T" + code


def _position_mod(m: Match) -> str | None:
    return m.lex.get("position_modifiers", m.g("mod")) or m.lex.get("year_prefixes", m.g("prefix"))


def _quantity_mod(m: Match, *names: str) -> str | None:
    for n in names:
        v = m.lex.get("quantity_modifiers", m.g(n))
        if v:
            return v
    return None


# How far a month-and-day without a year may lie from the reference date, in days:
# (before, after) for a past clause, a past verb right before the day (``done``: any day of the
# year gone by), a future clause, an unmarked one and the occurrence nearest the reference.
_YEAR_WINDOWS = {"past": (330, 90), "done": (365, 90), "future": (90, 330), None: (270, 90), "nearest": (366, 366)}
# What a day on the other side of the reference than the clause's tense puts it costs, in days of distance
# (a past clause takes a day gone by, a future one a day to come, when the tense's window holds one) ...
_WRONG_SIDE = 366
# ... unless it lies at most this many days on that side (a story dated the day before, or in another time zone)
_SETTLED_SLACK = 7


# The tenses that put a day ahead of the reference: the future, and the present of a scheduled event.
_AHEAD = frozenset({"future", "present"})


def _shifted_occurrence(day_of: Callable[[int], date | None], ref: date, ahead: bool) -> date | None:
    """The day that ``day_of`` gives in some year, the first after ``ref`` (``ahead``) or the latest before
    it: "next March 3", "last Christmas"."""
    years = (ref.year, ref.year + 1) if ahead else (ref.year, ref.year - 1)
    return next((d for y in years if (d := day_of(y)) and (d > ref if ahead else d < ref)), None)


_ENTRY_DASH = re.compile(r"[ \t]*[\u2013\u2014-][ \t]+(?=[A-Z])")
_SEGMENT_START = re.compile(r"(?:^|[;:.\n\u2022])[ \t]*$")  # a date opening a list's item: "Key dates: 12 March – ..."


def _opens_entry(m: Match) -> bool:
    """The mention opens an entry of a timeline: a dash after it, then a capital letter or, when the mention
    opens an item of a list, any word ("Nov 3 – Musharraf declares emergency", "Key dates: 12 March – schools
    close; 27 March – ...")."""
    if _ENTRY_DASH.match(m.text, m.end):
        return True
    return bool(_ENTRY_MARK_AFTER.match(m.text, m.end)) and bool(_SEGMENT_START.search(m.text, max(0, m.start - 4), m.start))


_ENTRY_MARK_AFTER = re.compile(r"[ \t]*(?:[\u2013\u2014-][ \t]+|:[ \t]+)")  # "12 March – ...", "Monday: ..."


def _day_tense(m: Match, holiday: bool = False) -> str | None:
    """The tense that places a day named without a year: the clause's, and ``done`` for a past verb
    among the few words right before the day ("left the EU on Jan. 31"): then the day is the one gone
    by when the window of the past holds one; no tense for a present perfect ("has set Jan. 10 as the
    deadline"). A past verb before a day fixed for something ("set sentencing for July 11", "hoped to
    form a government by Easter") tells when it was fixed, not when it falls: the day takes the tense
    ``schedule_prepositions.tsv`` gives the word before it (the future for *for*, though not before a
    holiday: "went home for Eid" tells a purpose), or none. A day that
    opens an entry of a timeline ("Nov 3 – Musharraf declares emergency") has no tense: its entry is told
    in the present whenever it happened."""
    if _opens_entry(m):
        return None  # "Nov 3 – Musharraf declares emergency": a timeline's entry, told in the present
    tense = m.tense()
    if tense in ("past", None):
        fixed = _FOR_HAPPENING.search(m.text, max(0, m.start - 50), m.start)
        if fixed is not None and m.lex.has("schedule_nouns", fixed.group(1)):
            return "future"  # "listed the matter for final hearing on January 17"
    if tense == "past":
        prev = _LAST_WORD.search(m.text, max(0, m.start - 20), m.start)
        if (prev is not None and m.lex.has("schedule_prepositions", prev.group(1))
                and not (holiday and norm(prev.group(1)) == "for")):  # "went home for Eid": a purpose
            return m.lex.get("schedule_prepositions", prev.group(1)) or None
        verb = verb_before(m.text, m.start, m.lex)
        if verb is not None:
            return "done" if verb == "past" else None
    return tense


# "for final hearing on": "for", up to two words, then a noun of ``schedule_nouns.tsv`` right before the day
_FOR_HAPPENING = re.compile(r"(?i)\bfor\s+(?:[a-z]+\s+){0,2}?([a-z-]+)\s+(?:on\s+)?$")


def _year_for(month: int, day: int | None, ref: date, tense: str | None) -> int:
    """The year of a month (and day) named without one, seen from ``ref``.

    ``tense`` is the clause's (``past``, ``future``, None) or ``nearest`` for a deadline
    ("by February"): the month closest to ``ref``, before or after it.
    """
    y = ref.year
    if day is None:
        if tense == "present":  # a scheduled event puts a day ahead ("is sentenced on March 28"), not a month
            tense = None
        if tense == "nearest":  # the occurrence closest to the reference, before or after it
            # on a tie the later one: a deadline named in the news mostly lies ahead ("to end it by December")
            return min((y - 1, y, y + 1), key=lambda yy: (abs((yy - y) * 12 + month - ref.month), -yy))
        if tense == "past" and month > ref.month + 1:
            return y - 1
        if tense is None and month > ref.month + 2:  # unmarked: news tell of the past, or of the next months
            return y - 1
        if tense == "future" and month < ref.month:
            return y + 1
        return y
    found = _nearest_occurrence([_safe_date(yy, month, min(day, 28) if month == 2 and day == 29 else day)
                                 for yy in (y - 1, y, y + 1)], ref, tense)
    return found.year if found is not None else y


def _nearest_occurrence(days: Iterable[date | None], ref: date, tense: str | None) -> date | None:
    """The one of ``days`` (occurrences of a day named without a year) that a clause of ``tense`` names, seen
    from ``ref``: the nearest within the tense's window (``_YEAR_WINDOWS``), where a past clause takes the
    day gone by and a future one the day to come when the window holds both; None when none lies within it."""
    if tense == "present":  # a scheduled event: a day ahead ("is sentenced on March 28")
        tense = "future"
    gone_by = tense in ("past", "done")
    to_come = tense in _AHEAD
    back, ahead = _YEAR_WINDOWS.get(tense, _YEAR_WINDOWS[None])
    best, best_dist = None, None
    for cand in days:
        if cand is None:
            continue
        delta = (cand - ref).days
        if not -back <= delta <= ahead:
            continue
        wrong_side = gone_by and delta > _SETTLED_SLACK or to_come and delta < -_SETTLED_SLACK
        dist = abs(delta) + (_WRONG_SIDE if wrong_side else 0)
        if best_dist is None or dist < best_dist:
            best, best_dist = cand, dist
    return best


# "declared Monday (and Tuesday) a public holiday", "Friday as a holiday"
_MADE_A_HOLIDAY = re.compile(r"(?:\s+and\s+[A-Z][a-z]+day)?\s+(?:as\s+)?(?:an?\s+)?(?:public\s+|bank\s+|national\s+|"
                             r"special\s+(?:non-working\s+)?|work-free\s+)?(?:holidays?|day\s+off|(?:work-free|non-working|rest)\s+day)\b")
# "Wednesday's": a weekday that owns a noun
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_OWNED = re.compile(r"['\u2019]s((?:\s+[\w-]+){1,4})")


def _owns_scheduled_event(m: Match) -> bool:
    """The possessive mention owns a happening fixed ahead (``scheduled_events.tsv``), at most four words on:
    "Sunday's election", "Saturday's FA Cup final", "Thursday's local and European elections"."""
    owned = _OWNED.match(m.text, m.end)
    return owned is not None and any(m.lex.has("scheduled_events", w) for w in owned.group(1).lower().split())


_ON_BEFORE = re.compile(r"\bon\s+(?:a\s+)?$", re.IGNORECASE)
_HOLIDAY_ON = re.compile(r"\s+(?:(?:falls|fell|is|was|comes|came|will\s+be)\s+)?on\s+(?:a\s+)?$", re.IGNORECASE)


def _holiday_on_weekday(m: Match, weekday: int) -> Reference | None:
    """The holiday named right before the weekday, when the weekday says which day of the week it falls on
    ("With Thanksgiving on Monday", "Christmas falls on a Wednesday") and it does."""
    if not _ON_BEFORE.search(m.text, max(0, m.start - 12), m.start):
        return None  # (the earlier mentions are read only when they may matter)
    prev = m.mentions[-1] if m.mentions else None
    if (prev is None or prev.rule != "holiday" or prev.precision != "day" or prev.end < 0 or prev.end > m.start
            or prev.day.isoweekday() != weekday):
        return None
    return prev if _HOLIDAY_ON.match(m.text[prev.end:m.start]) else None


def _weekday_date(ref: date, weekday: int, tense: str | None, shift: int | None = None) -> date:
    delta = weekday - ref.isoweekday()
    if tense == "nearest" and shift is None:  # the one nearest the reference, ahead or gone by
        ahead = delta % 7
        return ref + timedelta(days=ahead if ahead <= 3 else ahead - 7)
    if shift == -1:  # "last Friday": strictly before
        back = (ref.isoweekday() - weekday) % 7 or 7
        return ref - timedelta(days=back)
    if shift == 1:  # "next Friday": strictly after
        fwd = (weekday - ref.isoweekday()) % 7 or 7
        return ref + timedelta(days=fwd)
    if tense in _AHEAD or shift == 0 and delta >= 0:  # "they meet Monday": the coming one
        return ref + timedelta(days=delta % 7)
    return ref - timedelta(days=(-delta) % 7)


def _opens_period(m: Match) -> bool:
    """The mention follows "from" and opens no span ("from January", not "from January to March") nor a
    comparison ("rose 5% from January", "down from March"; "raise the tax by 2.5% from April" opens a period):
    the day something starts, which a past clause tells as decided, not as gone by."""
    return ((_word_before(m) or "").lower() == "from" and not _SPAN_TO.match(m.text, m.end)
            and not _COMPARED_FROM.search(m.text, max(0, m.start - 30), m.start))


_COMPARED_FROM = re.compile(r"(?i)(?:\bup|\bdown|(?<![\d.,])(?<!\bby\s)\d[\d.,]*\s*(?:%|percent|per\s+cent|points?))"
                            r"\s+from\s+$")


def _from_tense(m: Match) -> str | None:
    """The clause's tense, or ``"nearest"`` for a day after "from" in a past clause: what was imposed, called or
    announced "from Wednesday" starts on the Wednesday nearest the telling, gone by or to come; a day joined to
    "tonight" or "tomorrow" ("snow tonight and on Saturday morning") is to come with it."""
    if _AFTER_TONIGHT.search(m.text, max(0, m.start - 30), m.start):
        return "future"
    tense = m.tense()
    if tense == "past" and ((_word_before(m) or "").lower() == "from" or _rescheduled_to(m)):
        return "nearest"
    return tense


_TOWARD_A_HAPPENING = frozenset({"in", "for", "before", "at", "to"})


def _rescheduled_to(m: Match) -> bool:
    """The mention is where something was put off or moved to ("adjourned the bail hearing to Thursday", "has
    been pushed back to March"; ``reschedule_verbs.tsv``): a past verb that fixes when it falls, not that it has."""
    lo = max(0, m.start - 80)
    to = _TO_BEFORE.search(m.text, lo, m.start)
    if to is None:
        return False
    clause = _CLAUSE_TAIL.search(m.text, max(lo, to.start() - 70), to.start())  # the words before it, in the clause
    return any(m.lex.has("reschedule_verbs", w) for w in _WORDS.findall(clause.group().lower()))


# "to " (or "until", "till") right before the mention, and the words before it back to a punctuation mark
_TO_BEFORE = re.compile(r"\b(?:to|until|till)\s+(?:on\s+)?$", re.IGNORECASE)
_CLAUSE_TAIL = re.compile(r"[^.;:,]*$")
_WORDS = re.compile(r"[a-z]+")


_AFTER_TONIGHT = re.compile(r"(?i)\b(?:tonight|tomorrow(?:\s+(?:morning|afternoon|evening|night))?)\s+(?:and|or|"
                            r"through|into|until|to)\s+(?:on\s+|early\s+|late\s+)?$")


def _year_of_weekday(month: int, day: int, weekday: int, around: int, chosen: int,
                     named: Callable[[], Iterable[int]] = tuple) -> int:
    """``chosen``, unless the weekday written with the day falls on it in another year of the three around
    ``around`` and not in ``chosen``: "on Friday 15 August", said in June 2025 of a fixture published then,
    is 2025 (15 August 2024 was a Thursday). A year named before it in the sentence (``named()``, read only when
    ``chosen`` does not fit) comes first: "the Great Blizzard of 1888 ... struck on Sunday, March 11" (a Sunday
    in 1888)."""
    def fits(y: int) -> bool:
        d = _safe_date(y, month, day)
        return d is not None and d.isoweekday() == weekday

    if fits(chosen):
        return chosen
    for years in (sorted(set(named())), (around - 1, around, around + 1)):
        others = [y for y in years if fits(y)]
        if len(others) == 1:
            return others[0]
    return chosen


def _years_named_before(m: Match) -> list[int]:
    """The years of the mentions up to 300 characters before this one that write their year out."""
    return [r.day.year for r in m.mentions if r.anchor.startswith("mention:") and r.end > 0
            and m.start - _mention_start(r) <= _STORY_REACH and _writes_year(m, r)]


def _followed_by_name(m: Match) -> bool:
    """The mention runs into a capitalized word that is not a time word ("Jan Kavan", "June Carter")."""
    nxt = _CAPITALIZED_NEXT.match(m.text[m.end:m.end + 30])
    if nxt is None:
        return False
    word = nxt.group(1)
    return not any(m.lex.has(t, word) for t in ("months", "weekdays", "relative_days", "holidays", "references"))


def opens_a_title(m: Match) -> bool:
    """Capitalized time words that open a name of capitalized words: "the Sunday Times", "The Summer
    Palace", "the Good Friday Agreement" (after *the* and maybe capitalized words), "Britain's Daily
    Mail" (a word of ``sets`` inside a sentence). A time word before a name without *the* stays a
    time ("on Tuesday President Biden said")."""
    after = m.text[m.end:m.end + 2]
    if len(after) < 2 or not after[1].isupper() or not after[0].isspace():  # most mentions: quickly
        return False
    place = _NEXT_NAME_WORD.match(m.text, m.end)
    if (place and m.lex.has("place_words", place.group(1)) and m.text[m.end - 1].isalpha()
            and (_word_before(m) or "").lower() not in _DAY_PREPOSITIONS):
        return True  # "a conference in Friday Harbor", "6th of October City": a place ("on Tuesday City officials": a day)
    if not m.text[m.start].isupper() and not m.text.startswith("the ", m.start):
        return False
    span = m.text[m.start:m.end]
    words = span.split()
    if words[0].lower() == "the":  # "the Winter Olympics"
        words = words[1:]
    if not words or not all(w[:1].isupper() for w in words) or any(c.isdigit() for c in span):
        return False
    if len(words) >= 2 and _followed_by_name(m) and _inside_sentence(m) and not _holiday_event_after(m):
        return True  # "hosting Saturday Night Live": every word capitalized, then a name's ("Christmas Eve Mass" is a day)
    suffix = _NEXT_CAPITALIZED.match(m.text, m.end)
    if suffix and m.lex.has("company_suffixes", suffix.group(1).lower()):
        return True  # "Tuesday Morning Corp.": a company
    if not _followed_by_name(m) or _holiday_event_after(m):
        return False  # "the Thanksgiving Day Parade": held on the day
    if len(words) < len(span.split()) or _THE_BEFORE.search(m.text[max(0, m.start - 40):m.start]):
        return True
    return m.lex.has("sets", span) and _inside_sentence(m)


_NEXT_CAPITALIZED = re.compile(r",?\s+([A-Z][\w]*\.?)")
_NEXT_NAME_WORD = re.compile(r"[ \t]([A-Z][a-z]+)\b")
_DAY_PREPOSITIONS = frozenset({"on", "by", "until", "till", "since", "before", "after"})
# *the*, maybe with up to two capitalized words after it ("the Good Friday Agreement")
_THE_BEFORE = re.compile(r"(?:^|\W)[Tt]he\s(?:[A-Z][^\s]*\s){0,2}$")


def _reference(m: Match) -> Reference | None:
    """The date a calendar expression without a year is resolved against: the DCT."""
    return m.dct


def _with_groups(m: Match, groups: dict[str, str]) -> None:
    """Give ``m`` these groups too (in a dict of its own: the matched groups may be shared by a cache)."""
    m.groups = {**m.groups, **groups}
    m.g = m.groups.get


def _numeric_date_parts(n1: str, sep: str, n2: str, n3: str) -> dict[str, str] | None:
    """Month, day and year of a numeric date: "8/26/2021", "08-26-2021" and "8/26/21" month first (US news),
    "26/08/2021" and "26-08-2021" day first where the first number cannot be a month, "2021/08/26" year
    first, "26.08.2021" day first (dotted, two digits each); None for anything else ("1.2.2021", "3/4/5")."""
    if sep == ".":
        if len(n1) != 2 or len(n2) != 2 or len(n3) != 4:
            return None
        day, month, year = n1, n2, n3
    elif len(n1) == 4:
        if len(n3) > 2:
            return None
        year, month, day = n1, n2, n3
    elif len(n1) <= 2 and (len(n3) == 4 or (len(n3) == 2 and sep == "/")):
        if int(n1) <= 12:
            month, day, year = n1, n2, n3
        elif len(n3) == 4:
            day, month, year = n1, n2, n3
        else:
            return None
    else:
        return None
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return {"mnum": month, "day": day, "year": year}


# ---------------------------------------------------------------- normalizers

def _month_range(m: Match, last: int) -> Timex | None:
    """A span of months that is no quarter ("the March-May long rains", "in March-April 2022"): valued by its
    first month, in the year the clause puts it in, its days running on to the end of the last one."""
    if not m.g("qfirst") or not all(_AMBIGUOUS_CAPS.match(w) or m.lex.get("months", w, 1) != "1"
                                    for w in (m.g("qfirst"), m.g("qmonth"))):
        return None  # "the September quarter" is a quarter or nothing; "march-may" is no span of months
    first = int(m.lex.get("months", m.g("qfirst")))
    if first == last:
        return None
    if m.g("year") or m.g("ryear"):
        y = int(m.g("year") or m.g("ryear"))
        ref_anchor = None
    elif m.dct is None:
        return Timex("DATE", f"XXXX-{first:02d}", None)
    else:
        y, ref_anchor = _year_for(first, None, m.dct.day, m.tense()), m.dct.anchor
    y2 = y + 1 if last < first else y  # "the November-January holidays"
    return Timex("DATE", f"{y:04d}-{first:02d}", None, ref_anchor or "none", through=f"{y2:04d}-{last:02d}")


def calendar_date(m: Match) -> Timex | None:
    lex = m.lex
    if m.g("nth"):  # "the second Tuesday in May"
        return _nth_weekday_of_month(m)
    if m.g("thisday"):  # "On this day in 1916": the publication date's day, that year
        if m.dct is None:
            return Timex("DATE", f"{int(m.g('year')):04d}", None)
        d = _safe_date(int(m.g("year")), m.dct.day.month, m.dct.day.day)
        return Timex("DATE", d.isoformat(), None, m.dct.anchor) if d else None
    if m.g("qmonth"):  # "the September quarter", "the July-September quarter": the quarter that ends that month
        month = int(lex.get("months", m.g("qmonth")))
        if month % 3 or m.g("qfirst") and int(lex.get("months", m.g("qfirst"))) != month - 2:
            return _month_range(m, month)  # "the May-July period", "the March-May rains" are no quarter
        if m.g("year") or m.g("ryear"):  # "the March quarter of 2021", "October-December 2021"
            return Timex("DATE", f"{int(m.g('year') or m.g('ryear')):04d}-Q{month // 3}", None)
        if m.dct is None:
            return Timex("DATE", f"XXXX-Q{month // 3}", None)
        # the year of its first month: a quarter under way is this year's, whatever the tense
        year = _year_for(max(1, month - 2), None, m.dct.day, m.tense())
        return Timex("DATE", f"{year}-Q{month // 3}", None, m.dct.anchor)
    if m.g("hmonth"):  # "the June half" (Australia): the half-year that ends that month
        month = int(lex.get("months", m.g("hmonth")))
        if m.g("year"):
            return Timex("DATE", f"{int(m.g('year')):04d}-H{month // 6}", None)
        if m.dct is None:
            return Timex("DATE", f"XXXX-H{month // 6}", None)
        tense = m.tense()
        if tense in _AHEAD:  # "expects a stronger December half": the one under way or to come
            year = m.dct.day.year if month >= m.dct.day.month else m.dct.day.year + 1
        else:  # results are reported for the last half that has ended
            year = m.dct.day.year if month < m.dct.day.month else m.dct.day.year - 1
        return Timex("DATE", f"{year}-H{month // 6}", None, m.dct.anchor)
    if m.g("sep"):  # a numeric date: which number is the month, the day and the year
        parts = _numeric_date_parts(m.g("n1"), m.g("sep"), m.g("n2"), m.g("n3"))
        if parts is None:
            return None
        _with_groups(m, parts)
    month_word = m.g("month")
    if m.rule == "month_bare" and (not month_word[:1].isupper() or len(month_word) < 4
                                   or lex.get("months", month_word, 1) == "1"):
        return None  # "may", "March" (the verb), "Jan" (a name) alone are not months
    mod = _position_mod(m)
    month = int(lex.get("months", month_word)) if month_word else (int(m.g("mnum")) if m.g("mnum") else None)
    if month_word and lex.get("months", month_word, 1) == "1":
        # "may", "march": a month only with a capital letter and some date context
        if not _AMBIGUOUS_CAPS.match(month_word) or (
            m.rule == "month_bare"
        ):
            return None
    if m.rule == "month_bare":
        if not _AMBIGUOUS_CAPS.match(month_word) or len(month_word) < 4 or month_word.endswith("."):
            return None
        after = m.text[m.end:m.end + 30]
        if _NAME_AFTER.match(after) or _HYPHEN_AFTER.match(after):  # a name ("June Carter")
            return None
    if m.rule == "month_in_context":
        if not _AMBIGUOUS_CAPS.match(month_word) or (not m.g("mod") and _followed_by_name(m)):
            return None  # "and Jan Kavan signed": a first name
    day = m.g("day")
    day = int(_NON_DIGIT.sub("", day)) if day else None
    year = m.g("year")
    if "range_from" in m.groups or "range_to" in m.groups:  # "2019-20", "1999-2000": a year each end
        return _range_end(m)
    if m.g("year2"):  # "the 2019-20 season", "FY2024-25", "in 2021-22": one season or fiscal year over two years
        first, second = int(m.g("year")), m.g("year2")
        if int(second) != (first + 1 if len(second) == 4 else (first + 1) % 100):
            return None  # "the war of 1992-95", "2021-08": a year each end or no range (``_range_end``)
        named = m.g("fy") or m.g("yseason") or m.g("yprefix")
        if not named and (len(second) == 4 or _after_year_blocker(m, m.start)):
            return None  # "1999-2000" alone is a year each end; "Section 2019-20" is a label
        return Timex("DATE", f"{first:04d}", None, through=f"{first + 1:04d}")
    if year is not None and len(year) == 2:
        year = ("19" if int(year) >= 50 else "20") + year
    elif year is not None and not year.isdigit():
        y = spoken_year(lex, year)
        if y is None or _spoken_year_counts(m):
            return None
        year = f"{y:04d}"
    if m.rule == "year":
        if not _is_year_context(m):
            return None
    if m.g("yshift_after"):  # "the fourth quarter of last year"
        _with_groups(m, {"yshift": m.g("yshift_after")})
    if m.g("yshift") is not None:  # "January this year", "June last year", "next year's first quarter"
        base = m.dct
        if lex.get("shifts", m.g("yshift"), 1) != "dct":  # "31 December that year", "October of the following year"
            base = m.mention_reference("year")
            if base is None or m.g("period"):
                return None
        y = f"{base.day.year + int(lex.get('shifts', m.g('yshift'))):04d}" if base else "XXXX"
        anchor = base.anchor if base else "none"
        if month is not None and day is not None:  # "Dec. 6 of last year"
            if m.dct is None:
                return Timex("DATE", f"XXXX-{month:02d}-{day:02d}", mod, anchor)
            d = _safe_date(int(y), month, day)
            return Timex("DATE", d.isoformat(), mod, anchor) if d else None
        if month is not None:
            return Timex("DATE", f"{y}-{month:02d}", mod, anchor)
        if m.g("quarter"):
            q = int(lex.get("ordinals", m.g("quarter")) or 0)
            return Timex("DATE", f"{y}-Q{q}", mod, anchor) if 1 <= q <= 4 else None
        if m.g("period"):  # "last year's quarter": the quarter spoken of, a year before
            q = _reported_quarter_number(m)
            return Timex("DATE", f"{y}-Q{q}" if q else y, mod, anchor)
        return None
    if m.g("period_end") and month is not None and day is not None:
        return _quarter_ending(m, month, day, year, mod)
    weekday = lex.get("weekdays", m.g("weekday"))
    pod = _pod_suffix(lex, m.g("pod"))
    ttype = "TIME" if pod else "DATE"

    if m.g("this_century"):  # "by mid-century": of the reference's century
        if m.dct is None:
            return None
        return Timex("DATE", f"{m.dct.day.year // 100:02d}", mod or "MID", m.dct.anchor)
    if m.g("century_turn"):  # "by the turn of the century": the year ending in 00 nearest the reference
        if m.dct is None:
            return None
        return Timex("DATE", f"{(m.dct.day.year + 50) // 100 * 100:04d}", "APPROX", m.dct.anchor)
    if m.g("century"):  # "the 20th century" -> 19
        return Timex("DATE", f"{int(m.g('century')) - 1:02d}", mod or lex.get("position_modifiers", m.g("mod2")))
    decade2 = m.g("decade2")
    if m.g("decadeword"):  # "the nineties": as "the '90s"
        decade2 = lex.get("decade_words", m.g("decadeword"))
        mod = mod or lex.get("position_modifiers", m.g("mod2"))
    if m.g("decade") or decade2:
        if m.g("decade"):
            # "the 1800s" is the century; "the 2000s" stays the decade it is mostly spoken of as
            decade = m.g("decade")
            value = decade[:2] if decade.endswith("00") and decade < "2000" else decade[:3]
        else:
            d2 = int(decade2)
            ref = m.dct.day.year if m.dct else 1999
            value = ("20" if 2000 + d2 <= ref else "19") + str(d2)[0]
        return Timex("DATE", value, mod)
    if m.g("quarter") or m.g("qnum"):
        if m.g("qnum") and not year and _after_capitalized_word(m):
            return None  # "the Audi Q5": a model's name
        q = int(m.g("qnum") or lex.get("ordinals", m.g("quarter")) or 0)
        if not 1 <= q <= 4:
            return None
        if year:
            return Timex("DATE", f"{year}-Q{q}", mod)
        ref = _reference(m)
        if ref is None:
            return Timex("DATE", f"XXXX-Q{q}", mod)
        y = ref.day.year
        if date(y, 3 * q - 2, 1) > ref.day and m.tense() == "past":
            y -= 1
        return Timex("DATE", f"{y}-Q{q}", mod, ref.anchor)
    if m.g("week_of"):  # "the week of March 6": the ISO week holding that day
        parts = {k: m.g(k) for k in ("month", "day", "year")}
        inner = calendar_date(Match("month_day_year" if year else "month_day", parts,
                                    m.text, m.start, m.end, lex, m.dct, m.mentions, m.tense))
        if inner is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", inner.value):
            return inner and Timex("DATE", "XXXX-WXX", mod)
        return Timex("DATE", iso_week(date.fromisoformat(inner.value)), mod, inner.anchor)
    if m.g("period") and year:
        # "the 1988 period" after "the third quarter": that quarter of 1988
        q = _reported_quarter_number(m)
        return Timex("DATE", f"{year}-Q{q}" if q else year, mod)
    if m.g("half") or m.g("hnum"):
        h = int(m.g("hnum")) if m.g("hnum") else (1 if norm(m.g("half")) == "first" else 2)
        if m.g("bare") and not _speaks_of_business(m):
            return None  # "threw two touchdowns in the second half": a half of a match
        if m.g("this_year"):  # "the second half of the year": of the current one
            if m.dct is None:
                return Timex("DATE", f"XXXX-H{h}", None)
            y = m.dct.day.year
            if m.g("bare") and h == 2 and m.dct.day.month < 7 and m.tense() == "past":
                y -= 1  # "sales rose in the second half", said in January: the half gone by
            return Timex("DATE", f"{y}-H{h}", None, m.dct.anchor)
        return Timex("DATE", f"{year}-H{h}", None)
    if m.g("season"):
        return Timex("DATE", f"{year}-{lex.get('seasons', m.g('season'))}", mod)

    if month is None and weekday is None:
        if year is None:
            return None
        return Timex("DATE", year, mod)
    if month is not None and day is None:
        if year:
            return Timex("DATE", f"{year}-{month:02d}", mod)
        ref = _reference(m)
        if ref is None:
            return Timex("DATE", f"XXXX-{month:02d}", mod)
        named = _year_named_before(m)
        if named is not None:  # "In 2019 the party won in November"
            return Timex("DATE", f"{named.value}-{month:02d}", mod, named.anchor)
        tense = "future" if m.g("contract") else m.tense()  # "March delivery": a contract for a month to come
        if tense != "future" and lex.has("deadline_prepositions", m.g("prep")):
            tense = "nearest"
        if _POSSESSIVE.match(m.text, m.end) and _owns_scheduled_event(m):
            tense = "nearest"  # "after May's election": the one nearest, ahead or gone by, as a weekday's
        elif tense != "future" and (_opens_period(m) or tense == "past" and _rescheduled_to(m)):
            tense = "nearest"  # "agreed a cut in output from January", "applies from January": nearest the telling
        y = _year_for(month, None, ref.day, tense)
        return Timex("DATE", f"{y}-{month:02d}", mod, ref.anchor)
    if month is not None and day is not None:
        if year:
            d = _safe_date(int(year), month, day)
            if d is None:
                return None
            return Timex(ttype, d.isoformat() + pod + _clock(m), mod)
        if _safe_date(2000, month, day) is None:
            return None
        ref = _reference(m)
        if ref is None:
            return Timex(ttype, f"XXXX-{month:02d}-{day:02d}" + pod, mod)
        story = False
        if m.g("dshift"):  # "last Oct. 23": the latest before the reference; "next March 3": the first after
            ahead = norm(m.g("dshift")).endswith(("next", "coming"))
            found = _shifted_occurrence(lambda yy: _safe_date(yy, month, day), ref.day, ahead)
            y = found.year if found else ref.day.year + (1 if ahead else -1)
        elif (event_year := _named_day_year(m, month, day, ref.day)) is not None:  # "the Sept. 11 attacks"
            y, ref = event_year, replace(ref, anchor="none")
        elif (named := _year_named_before(m)) is not None:  # "In 2018, the Games opened on Feb. 9"
            y, ref = int(named.value), named
        elif (told := _dated_story_before(m)) is not None:  # "crowned on 2 June 1953; the news ... on 6 June"
            # a chronology's entries follow one another: "19 March 2003 – ...; 1 May – ...; 13 December – ..."
            y, ref = _year_for(month, day, told.day, "future" if _opens_entry(m) else None), told
            story = True
        else:
            tense = _day_tense(m)
            if tense in ("past", "done") and _opens_period(m):
                tense = "nearest"  # "agreed to join the bloc from January 1": the one nearest the telling
            y = _year_for(month, day, ref.day, tense)
        if m.g("weekday") and not m.g("dshift"):  # "Friday 15 August": the year of the three around it that
            y = _year_of_weekday(month, day, int(lex.get("weekdays", m.g("weekday"))), ref.day.year, y,  # fits it
                                 lambda: _years_named_before(m))
        d = _safe_date(y, month, day)
        if d is None:
            return Timex(ttype, f"XXXX-{month:02d}-{day:02d}" + pod, mod)
        return Timex(ttype, d.isoformat() + pod, mod, ref.anchor, told=story)
    # a weekday alone
    if weekday is not None:
        if m.g("weekday") and len(norm(m.g("weekday"))) <= 5:
            return None  # "Sat.", "Sun." alone are too ambiguous
        if _named_weekday(m):
            return None  # "the Black Monday crash", "ahead of Super Tuesday": the name of a day
        ref = _reference(m)
        if ref is None:
            return Timex(ttype, f"XXXX-WXX-{weekday}" + pod, mod)
        if m.g("weekshift"):  # "Saturday week", "a week on Thursday": a week after the coming one
            d = _weekday_date(ref.day, int(weekday), "future") + timedelta(weeks=1)
            return Timex(ttype, d.isoformat() + pod, mod, ref.anchor)
        holiday_day = _holiday_on_weekday(m, int(weekday))
        if holiday_day is not None:  # "With Thanksgiving on Monday": the holiday's own day
            return Timex(ttype, holiday_day.day.isoformat() + pod, mod, holiday_day.anchor)
        tense = None if _opens_entry(m) else _from_tense(m)  # "Week in review — Monday: MPs reject ...; Tuesday: ..."
        if _MADE_A_HOLIDAY.match(m.text, m.end):
            tense = "future"  # "has declared Monday a public holiday": a day off to come
        if _POSSESSIVE.match(m.text, m.end):
            if tense != "past" and _owns_scheduled_event(m):  # "ahead of Saturday's election"
                # ("face the Springboks in Saturday's final": ahead, as the clause says; not "after Sunday's games",
                # "the outcome of Tuesday's election")
                ahead = tense in _AHEAD and (_word_before(m) or "").lower() in _TOWARD_A_HAPPENING
                d = _weekday_date(ref.day, int(weekday), tense if ahead else "nearest")
                return Timex(ttype, d.isoformat() + pod, mod, ref.anchor)
            tense = "past"  # "Wednesday's ruling": a weekday that owns a noun names a day that has come
        d = _span_end_after_start(m, _weekday_date(ref.day, int(weekday), tense))
        return Timex(ttype, d.isoformat() + pod, mod, ref.anchor)
    return None


def _quarter_ending(m: Match, month: int, day: int, year: str | None, mod: str | None) -> Timex | None:
    """"the quarter ended July 31": the calendar quarter that most of the three months up to
    that day fall in (May to July: the second), in the year the end date has."""
    if _safe_date(2000, month, day) is None:
        return None
    anchor = "none"
    if year:
        y = int(year)
    elif m.dct is not None:
        y, anchor = _year_for(month, day, m.dct.day, "past"), m.dct.anchor
    else:
        y = None
    middle = add_months(date(y or 2000, month, 1), -1)
    quarter = (middle.month - 1) // 3 + 1
    return Timex("DATE", f"{middle.year:04d}-Q{quarter}" if y else f"XXXX-Q{quarter}", mod, anchor)


_RANGE_SPAN = 30  # years: a longer "1998-2031" is not a range of years (nor "2021-08" one of 87 years)


_WORD = re.compile(r"[a-z]+")


def _speaks_of_business(m: Match) -> bool:
    """A word of ``half_year_words.tsv`` is in the mention's sentence ("Profit doubled in the first half")."""
    lo, hi = sentence_bounds(m.text, m.start, m.end)
    return any(m.lex.has("half_year_words", w) for w in _WORD.findall(m.text[lo:hi].lower()))


def _after_year_blocker(m: Match, at: int) -> bool:
    """Whether the word before ``at`` makes a number there a label ("Section 2019", "No. 1998")."""
    prev = _LAST_WORD.search(m.text[max(0, at - 20):at])
    return bool(prev and m.lex.has("year_blockers", prev.group(1)))


def _range_end(m: Match) -> Timex | None:
    """One end of a year range written with a hyphen ("2019-20", "1992-1995"): a year each.

    The second end may give only the last two digits; it takes the century that puts it
    after the first one. A pair that does not read as a short range forward in time
    ("2021-08", a year and a month) is no range.
    """
    first = m.g("range_from") or m.g("year")
    second = m.g("range_to") or m.g("year")
    if not (first.isdigit() and second.isdigit()):
        return None
    opening = m.start if m.g("range_to") else m.text.rfind(first, 0, m.start)
    if _after_year_blocker(m, opening):
        return None  # "Section 2019-20", "No. 1998-2003"
    a = int(first)
    b = int(second) if len(second) == 4 else a // 100 * 100 + int(second)
    if len(second) == 2 and b <= a:
        b += 100
    if not 0 < b - a <= _RANGE_SPAN:
        return None
    mod = _position_mod(m) if m.g("range_to") else None
    return Timex("DATE", f"{a if m.g('range_to') else b:04d}", mod)


# Rules whose mentions are themselves the comparison period ("the 1988 period"), not the
# period a "year-ago" expression is counted back from.
_COMPARISON_PERIODS = frozenset({"month_year_period", "period_of_shifted_year", "same_period_shifted_year"})


def _reported_quarter_number(m: Match) -> str | None:
    """The quarter number (``"3"``) of the quarter the text reports on (see ``_reported_quarter``)."""
    r = _reported_quarter(m)
    return r.value[-1] if r else None


def _clock(m: Match) -> str:
    if m.g("hour") and m.g("minute"):
        return f"T{int(m.g('hour')):02d}:{m.g('minute')}"
    return ""


def _is_year_context(m: Match) -> bool:
    """A bare four-digit number is a year unless a label word precedes it or it counts something."""
    y = spoken_year(m.lex, m.g("year")) or 0
    said = m.g("year") or ""
    if not said[:1].isdigit() and said.istitle() and _inside_sentence(m):
        return False  # "Orwell wrote Nineteen Eighty-Four": a title, not a year
    before = m.text[max(0, m.start - 20):m.start]
    if _after_year_blocker(m, m.start):
        return False
    if _CURRENCY_BEFORE.search(before):
        return False
    if said[:1].isdigit() and m.text[m.start:m.end] == said and _after_name_word(m):
        return False  # "Expo 2020", "Vision 2030", "Task Force 2010": a year in a name
    street = _STREET_AFTER.match(m.text, m.end, m.end + 40)
    if street and any(m.lex.has("street_words", w) for w in (street.group(1), street.group(1).rstrip("."))):
        return False  # "2020 K Street", "1999 Broadway": a street number
    prep = _YEAR_PREPOSITION.search(before)
    if prep and prep.group("between"):  # "painted between 1508 and 1512", not "between 1500 and 1600 points"
        nxt = _AFTER_PAIR.match(m.text, m.end)
        if nxt and not m.lex.has("spoken_year_followers", nxt.group(1)):
            return False
    if y < 1900 and not prep and not _opens_entry(m):  # "1666: The Great Fire of London breaks out"
        return False
    make = _MAKE_AFTER.match(m.text, m.end)
    if make and m.lex.has("model_year_makes", make.group(1).lower()) and not prep:
        return False  # "a 1999 Chevrolet Silverado": a model year
    if m.dct and y > m.dct.day.year + 30 and not (y <= _FAR_YEAR and prep):
        return False  # a count ("3000 troops"), unless a preposition names it a year ("by 2100", "in 2061")
    return True


def relday(m: Match) -> Timex | None:
    lex = m.lex
    mod = _position_mod(m)
    if mod and _after_unit_word(m):
        return None  # "open two hours late tomorrow": "late" is how late, not which part of the day
    if m.g("relday"):
        offset = int(lex.get("relative_days", m.g("relday")))
        implied = lex.get("relative_days", m.g("relday"), 1)
    else:
        offset = -1 if norm(m.g("shift")) == "last" else 0
        implied = None
    pod_word = m.g("pod")
    if norm(m.g("shift") or "") == "last" and pod_word and lex.get("parts_of_day", pod_word) not in ("NI", "EV"):
        return None  # "last morning" is not a calendar expression
    if m.g("t") is None and _capitalized_name(m, "relday"):  # (with "t", the day word is context: "Today is the ...")
        return None
    era = _present_era(m)
    if era == "after":
        return None  # "today's youth": contemporary youth, a modifier like "current", not a time
    if era == "before":
        return Timex("DATE", "PRESENT_REF", None, "dct" if m.dct else "none")
    pod = _pod_suffix(lex, pod_word) or ("T" + implied if implied else "")
    ttype = "TIME" if pod else "DATE"
    ref = m.dct
    if ref is None:
        return Timex(ttype, "XXXX-XX-XX" + pod, mod)
    d = ref.day + timedelta(days=offset)
    return Timex(ttype, d.isoformat() + pod, mod, ref.anchor)


def _after_unit_word(m: Match) -> bool:
    """The mention comes right after a unit of time ("two hours late tomorrow", "a day early today")."""
    prev = _LAST_WORD.search(m.text, max(0, m.start - 20), m.start)
    return prev is not None and m.lex.has("units", prev.group(1))


def _shift_unit(ref: date, code: str, shift: int) -> str | None:
    if code == "D":
        return (ref + timedelta(days=shift)).isoformat()
    if code == "W":
        return iso_week(ref + timedelta(weeks=shift))
    if code == "M":
        return add_months(ref.replace(day=1), shift).strftime("%Y-%m")
    if code == "Q":
        q = (ref.month - 1) // 3 + shift
        y = ref.year + q // 4
        return f"{y}-Q{q % 4 + 1}"
    if code == "Y":
        return str(ref.year + shift)
    if code == "DE":
        return str(ref.year // 10 + shift)
    if code == "CE":
        return str(ref.year // 100 + shift)
    return None


_UNIT_PRECISION = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century"}


_NAME_WORD_BEFORE = re.compile(r"(?P<word>[A-Z][\w'\u2019&-]*)\s+$")
_TIME_TABLES = ("months", "weekdays", "seasons", "holidays", "references", "relative_days")


def _after_name_word(m: Match) -> bool:
    """The mention comes right after a capitalized word that is no time word, no possessive and does not
    open its sentence: a word of a name ("Expo 2020", "Vision 2030")."""
    before = _NAME_WORD_BEFORE.search(m.text, max(0, m.start - 30), m.start)
    if before is None or before.group("word").endswith(("'s", "\u2019s", "'", "\u2019")):
        return False  # "Navigation Mixte's 1989 profit": the year of an owner's figures
    if any(m.lex.has(t, before.group("word")) for t in _TIME_TABLES):
        return False
    lead = m.text[max(0, before.start() - 8):before.start()].rstrip(" \t\"'\u201c\u2018`(")
    return bool(lead) and lead[-1] not in ".!?\n:;"


def _inside_sentence(m: Match) -> bool:
    """The mention does not open a sentence, a line or a quote."""
    before = m.text[max(0, m.start - 8):m.start].rstrip(" \t\"'\u201c\u2018`")
    return bool(before) and before[-1] not in ".!?\n:"


_EVENT_WORD_NEXT = re.compile(r"[\s\u2013-]*([A-Za-z]+)")


def _named_day_year(m: Match, month: int, day: int, ref: date) -> int | None:
    """The year of a day that names an event when the word after it says so ("the Sept. 11 attacks", "the
    Jan. 6 committee": ``named_days.tsv``), when that year is not after the reference's."""
    nxt = _EVENT_WORD_NEXT.match(m.text, m.end)
    if nxt is None:
        return None
    year = m.lex.get("named_days", f"{month:02d}-{day:02d} {nxt.group(1)}")
    return int(year) if year is not None and int(year) <= ref.year else None


def _year_named_before(m: Match) -> Reference | None:
    """A year that opens the mention's sentence ("In 2019, the party won in November", "In the summer
    of 1963, ... on Aug. 28"), written out in the latest mention before this one: a month or a day named
    without a year falls in it. A year inside the sentence may date something else ("approved in 1987
    ..., had bought shares through Sept. 29"). The year comes back as a reference of year precision."""
    last = m.mentions[-1] if m.mentions else None
    if (last is None or last.rule != "calendar" or not _YEAR_VALUE.match(last.value)
            or not last.anchor.startswith("mention:")):
        return None
    left, _ = sentence_bounds(m.text, m.start, m.end)
    at = _mention_start(last)
    if at < left:
        return None
    if not _OPENING_IN.fullmatch(m.text, left, at):
        # a year that heads an entry of a chronology: "1666: The Great Fire ... in the early hours of 2 September"
        if not (_OPENING_MARKS.fullmatch(m.text, left, at) and _ENTRY_MARK_AFTER.match(m.text, at + len(last.value))):
            return None
    if last.precision == "year" and _YEAR_VALUE.fullmatch(last.value):
        return last
    year = last.value[:4]  # a season or a month of that year, the year written out: "the summer of 1963"
    if year not in m.text[at:min(m.start, at + 40)]:
        return None
    return replace(last, value=year, precision="year")


def _mention_start(ref: Reference) -> int:
    """Where the earlier mention ``ref`` starts (its anchor is ``mention:<start>``)."""
    return int(ref.anchor[len("mention:"):])


# the words before a year that opens its sentence: "In", maybe after a quote mark or spaces
_OPENING_IN = re.compile(r"[\s\"'\u201c\u2018]*(?:In|in)\s+")
_OPENING_MARKS = re.compile(r"[\s\"'\u201c\u2018]*")


def _dated_story_before(m: Match) -> Reference | None:
    """A date with its year written out, the latest mention before this one and at most 300 characters
    before it, in another year than the DCT's: a story told of that time, whose days named without a
    year belong to it ("reached the summit on 29 May 1953; the news reached London on 2 June"). A day
    that took its year from such a story carries it on to the next ("October 7, 2023 – the attack;
    October 27 – the invasion; November 24 – the truce"), and so does a day counted from it ("July 16, 1969;
    four days later, on the afternoon of July 20")."""
    # the latest mention that names a time ("four days later" between them names none of its own)
    last = next((r for r in reversed(m.mentions) if r.rule not in ("duration", "set")), None)
    if (last is None or last.precision not in ("day", "month", "time") or not last.anchor.startswith("mention:")
            or not (last.name in _FULL_DATE_RULES or last.told or last.rule == "offset"
                    or last.precision != "month" and _writes_year(m, last))
            or m.dct is None or last.day.year == m.dct.day.year):
        return None
    if m.start - _mention_start(last) > _STORY_REACH:
        return None
    if not _opens_entry(m) and _day_tense(m) in _AHEAD:
        return None  # "... the referendum of June 23, 2016, and has promised to leave by Oct. 31": not the story
    return last



def _writes_year(m: Match, ref: Reference) -> bool:
    """The earlier mention ``ref`` writes its year out ("9:32 a.m. on July 16, 1969")."""
    return ref.end > 0 and _WRITTEN_YEAR.search(m.text, _mention_start(ref), ref.end) is not None


# rules that find a date with its year written out, and how far before a day named without one it may be
_FULL_DATE_RULES = frozenset({"month_day_year", "day_month_year", "numeric_date", "iso_date"})
_WRITTEN_YEAR = re.compile(r"(?<![\d.,])(?:1[5-9]|20)\d\d(?![\d.,])")
_STORY_REACH = 300


def _nth_weekday_of_month(m: Match) -> Timex | None:
    """"the second Tuesday in May", "the last Friday of June 2020": that day, in the year given or, without one,
    in the year the tense and the reference date give that day, as for a holiday."""
    lex = m.lex
    nth = -1 if norm(m.g("nth")) == "last" else int(lex.get("ordinals", m.g("nth")) or 0)
    wd, month = int(lex.get("weekdays", m.g("nthwd"))), int(lex.get("months", m.g("month")))
    if m.g("year"):
        d, anchor = _nth_weekday(int(m.g("year")), month, wd, nth), "none"
    elif m.dct is not None:  # its year as a holiday's: from the day it falls on this year
        d, anchor = _holiday_date(lambda y: _nth_weekday(y, month, wd, nth), m.dct.day, _day_tense(m)), m.dct.anchor
    else:
        return Timex("DATE", f"XXXX-{month:02d}", None)
    return Timex("DATE", d.isoformat(), None, anchor) if d else None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` ISO ``weekday`` of a month (``nth`` -1: the last one); None when the month has no such day."""
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).isoweekday() == weekday]
    return days[nth - 1 if nth > 0 else nth] if 1 <= abs(nth) <= len(days) else None


def _word_before(m: Match) -> str | None:
    """The word right before the mention (anything between spaces: "$5", "Black"), or None."""
    prev = _PREVIOUS_WORD.search(m.text[max(0, m.start - 30):m.start])
    return prev.group(1) if prev else None


def _named_weekday(m: Match) -> bool:
    """The weekday follows a capitalized word of ``weekday_names.tsv`` ("Black Monday", "Bloody Sunday")."""
    prev = _word_before(m)
    return prev is not None and prev[:1].isupper() and m.lex.has("weekday_names", prev)


def _after_capitalized_word(m: Match) -> bool:
    """The mention comes right after a capitalized word inside a sentence."""
    prev = _word_before(m)
    return prev is not None and prev[:1].isupper() and _inside_sentence(m)


def _capitalized_name(m: Match, group: str) -> bool:
    """A capitalized time word inside a sentence, after a number or a capitalized word: part of a
    name ("CBS's 60 Minutes", "USA Today", "VOA Today"), not a time."""
    word = m.g(group) or ""
    if not word[:1].isupper():
        return False
    if word == m.text[m.start:m.end]:  # the word alone: look at the word before it
        return _after_capitalized_word(m)
    return _inside_sentence(m)


def _title_case_name(m: Match) -> bool:
    """"This Week" inside a sentence, every word capitalized: a name ("This Week in Asia")."""
    words = m.text[m.start:m.end].split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    return _inside_sentence(m)


def _reported_quarter(m: Match) -> Reference | None:
    """The quarter the text reports on: the first quarter it names (a results report names it in
    its lead, with a fiscal quarter's own number), not counting comparison periods such as "the
    year-ago quarter"; None if no quarter was named before."""
    for r in m.mentions:
        if (r.precision == "quarter" and r.rule != "offset" and r.name not in _COMPARISON_PERIODS
                and _QUARTER_VALUE.fullmatch(r.value)):
            return r
    return None


_QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")


_YEAR_THEN_COMMA = re.compile(r"(\d{4}),\s+$")


def _year_in_apposition(m: Match) -> Reference | None:
    """The year just mentioned when "the year" follows it after a comma ("joined in 1957, the year Ghana
    won its independence")."""
    last = m.mentions[-1] if m.mentions else None
    before = _YEAR_THEN_COMMA.search(m.text, max(0, m.start - 8), m.start)
    if last is None or before is None or last.precision != "year" or last.value != before.group(1):
        return None
    return last


_COARSE = frozenset({"month", "quarter", "year"})
_SAID_BEFORE = re.compile(r"(\w+)\s+(?:on\s+)?$")


def _day_of_saying(m: Match, ref: Reference) -> bool:
    """``ref`` is a day something was said on ("the department said on Friday")."""
    if ref.precision not in ("day", "time") or not ref.anchor.startswith("mention:"):
        return False
    start = int(ref.anchor.split(":")[1])
    said = _SAID_BEFORE.search(m.text, max(0, start - 20), start)
    return said is not None and m.lex.has("speech_verbs", said.group(1))


def _told_period(m: Match, need: str) -> Reference | None:
    """The time a past clause (not a present perfect) tells of, for "the end of the decade", "the month" that would
    otherwise be the publication date's: the latest mention before it in its sentence, at least as precise as
    ``need``, that writes a year before the publication date's (or was counted from one)."""
    if (m.dct is None or m.tense() not in ("past", "done") or (_word_before(m) or "").lower() == "since"
            or _PERFECT_BEFORE.search(m.text, max(0, m.start - 100), m.start)):
        return None  # "has been imposed almost daily since the start of the year": up to now
    ref = m.mention_reference(need)
    if (ref is None or not ref.anchor.startswith("mention:") or ref.end < 0 or ref.day.year >= m.dct.day.year
            or _SENTENCE_BREAK.search(m.text, ref.end, m.start)
            or not (ref.rule == "offset" or ref.told or _writes_year(m, ref))):
        return None
    semicolon = m.text.rfind(";", ref.end, m.start)
    if semicolon >= 0 and not _PAST_FORM.search(m.text, semicolon, m.start):
        return None  # "... in the 1980s; I fear it may be so again before the end of the decade": another clause
    return ref


_SENTENCE_BREAK = re.compile(r"[.!?]\s")
# what may follow a time ending its phrase (not a noun it names: "buried by the weekend blizzard")
_CLAUSE_GOES_ON = re.compile(r"\s*(?:[,.;:)!?]|$|\s(?:and|or|but|at|in|on|when|so|if|to|for|as)\b)")
_PAST_FORM = re.compile(r"(?i)\b(?:was|were|had|\w{3,}ed)\b")
_PERFECT_BEFORE = re.compile(r"(?i)\b(?:has|have)\s+(?:(?:not|never|also|already)\s+)?(?:been|\w+ed)\b")


# the words before "the next month" that make it how long something lasts ("for the next month", "spent the next
# decade")
_HOW_LONG_WORDS = frozenset({"for", "spent", "spend", "spends", "spending"})


def relative(m: Match) -> Timex | None:
    lex = m.lex
    if _title_case_name(m):
        return None
    if m.rule in ("the_year", "the_season", "the_unit_position"):
        # "the year", "the summer" and "the end of the month" alone mean the current ones; "the year
        # before", "the fall of Kabul", "the end of the month of Ramadan" do not
        nxt = re.match(r"\s+([a-z]+)", m.text[m.end:m.end + 20])
        if nxt and lex.has("anaphora_blockers", nxt.group(1)) and not m.g("snoun"):  # "the winter session of"
            return None
    if m.rule == "the_year" and m.g("unit")[:1].isupper() and _inside_sentence(m):
        return None  # "its Person of the Year", "the Results of the Year programme": a title
    if m.rule == "the_year" and (named := _year_in_apposition(m)) is not None:
        return Timex("DATE", named.value, _position_mod(m), named.anchor)
    shift_word = m.g("shift")
    shift = 2 if m.g("after_next") else -2 if m.g("before_last") else int(lex.get("shifts", shift_word))
    # ("the week after next": two on; "the weekend before last": two back)
    basis = lex.get("shifts", shift_word, 1, "dct")
    if (norm(shift_word) in ("the next", "the coming") and lex.has("units", m.g("unit"))
            and (_word_before(m) or "").lower() in _HOW_LONG_WORDS):
        one = lex.get("units", m.g("unit"), 1)  # "sit every night for the next month": how long, from now
        return Timex("DURATION", one, None) if one and not m.g("unit").lower().endswith("s") else None
    mod = _position_mod(m) or lex.get("position_modifiers", m.g("mod2"))
    unit = m.g("unit")
    u = norm(unit)
    code = lex.get("units", u)
    need = _UNIT_PRECISION.get(code or "", "day")
    if lex.has("months", u) or lex.has("seasons", u) or u == "weekend":
        # "the following spring", "that June" may lean on a year named before ("in 1976"), or a season
        need = "day" if u == "weekend" else ("year" if basis == "mention" else "month")
    ref: Reference | None = None
    if basis == "mention":
        ref = m.mention_reference(need)
        if ref is not None and need in _COARSE and _day_of_saying(m, ref):
            # "rose in December, the agency said on Friday, ... in the previous month": not the month of the saying
            ref = next((r for r in reversed(m.mentions) if r.precision == need and r.end <= m.start), ref)
        if ref is None and (shift == 0 or m.g("anaphoric")):
            return None  # "that day", "the year before" with no date before it to point at
    if (ref is None and m.rule in ("the_unit_position", "the_year") and m.g("mod")
            and (told := _told_period(m, need)) is not None):
        ref = told  # "moved to Los Angeles in the summer of 1994 and, by the end of the decade, had ...": the 1990s
    if ref is None:
        ref = m.dct
    if m.g("reported") and basis == "dct":
        reported = _reported_quarter(m)
        if reported is not None:  # "the quarter" after "the fiscal first quarter": that quarter
            return Timex("DATE", reported.value, mod, reported.anchor)
    if lex.has("units", u):
        if u.endswith("s") and u not in ("hours",):
            return None  # "next years": not one calendar unit
        if code not in _UNIT_PRECISION:
            return None
        if ref is None:
            return Timex("DATE", {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX",
                                  "DE": "XXX", "CE": "XX"}[code], mod)
        value = _shift_unit(ref.day, code, shift)
        if value is None:
            return None
        return Timex("DATE", value, mod, ref.anchor)
    if u == "weekend":
        if ref is None:
            return Timex("DATE", "XXXX-WXX-WE", mod)
        if (m.rule == "the_weekend" and ref.day.isoweekday() < 6 and m.tense() == "past"
                and not (lex.has("deadline_prepositions", _word_before(m) or "")
                         and _CLAUSE_GOES_ON.match(m.text, m.end))):
            shift = -1  # "over the weekend", said on a weekday: the one just gone ("delivered by the weekend": ahead)
        elif basis == "mention" and shift == 1 and ref.day.isoweekday() < 6:
            shift = 0  # "the following weekend" after a weekday: the one that ends its week
        return Timex("DATE", iso_week(ref.day + timedelta(weeks=shift)) + "-WE", mod, ref.anchor)
    if lex.has("parts_of_day", u):
        pod = _pod_suffix(lex, u)
        if ref is None:
            return Timex("TIME", "XXXX-XX-XX" + pod, mod)
        return Timex("TIME", (ref.day + timedelta(days=shift)).isoformat() + pod, mod, ref.anchor)
    if lex.has("months", u):
        month = int(lex.get("months", u))
        if lex.get("months", u, 1) == "1" and not _AMBIGUOUS_CAPS.match(unit):
            return None
        if ref is None:
            return Timex("DATE", f"XXXX-{month:02d}", mod)
        y = ref.day.year
        if ref.precision == "year":  # "the following March" after "in 2010": March 2011
            y += shift
        elif shift == 0 and basis == "dct" and month - ref.day.month >= 9 and m.tense() == "past":
            y -= 1  # "this December the halls were fuller", said in January: the December just gone
        elif shift == -1 and (month >= ref.day.month or month == ref.day.month - 1 and basis == "dct"
                              and norm(m.g("shift") or "") == "last"):
            y -= 1  # "last February", said in March: the month just gone would be "last month"
        elif shift == 1 and month <= ref.day.month:
            y += 1
        return Timex("DATE", f"{y}-{month:02d}", mod, ref.anchor)
    if lex.has("seasons", u):
        code = lex.get("seasons", u)
        if ref is None:
            return Timex("DATE", f"XXXX-{code}", mod)
        y = ref.day.year
        first, last = tx.span(f"{y}-{code}")
        if ref.precision == "year":  # "the following spring" after "in 1976": spring 1977
            y += shift
        elif shift == -1 and last >= ref.day:
            y -= 1
        elif shift == 1 and basis == "dct":
            # "next summer" is the one after this summer: the one under way or about to begin (said in May)
            # is "this summer", so "next" is the one after it; said in January, it is the coming summer
            if tx.span(f"{y - 1}-{code}")[1] >= ref.day:
                y -= 1  # "winter" said in January: the one under way began last year
            elif last < ref.day:
                y += 1
            if (tx.span(f"{y}-{code}")[0] - ref.day).days <= _SEASON_AT_HAND:
                y += 1
        elif shift == 1 and first <= ref.day:
            y += 1
        elif m.rule == "the_season" and basis == "dct":  # "in the spring", by the tense: the next or the last one
            tense = m.tense()
            if tense == "future" and last < ref.day:
                y += 1
            elif tense == "past" and first > ref.day:
                y -= 1
        return Timex("DATE", f"{y}-{code}", mod, ref.anchor)
    if lex.has("weekdays", u):
        wd = int(lex.get("weekdays", u))
        if ref is None:
            return Timex("DATE", f"XXXX-WXX-{wd}", mod)
        return Timex("DATE", _weekday_date(ref.day, wd, m.tense(), shift).isoformat(), mod, ref.anchor)
    return None


_SEASON_AT_HAND = 90  # days: a season under way or beginning this soon is "this" season, not "next"


def offset(m: Match) -> Timex | None:
    """"two years ago", "a year earlier", "three days later": a point counted from a reference.

    Counted from the narrative ("a day earlier", "three days later"), the expression is an
    anchored DURATION, as TimeML has it: its value is the amount (``P1D``, ``P3D``, ``PXD``)
    and ``point`` the date it leads to. "A year earlier" stays a DATE: it names the period a
    year before the one spoken of ("profit rose from $5 million a year earlier").
    """
    t = _offset_point(m)
    if t is None or norm(m.g("dir")) not in _ANCHORED_DURATION_DIRECTIONS:
        return t
    n = number(m.lex, m.g("num"))
    code = m.lex.get("units", m.g("unit"))
    if n == 1 and code == "Y" and norm(m.g("dir")) == "earlier":
        return t
    amount = _amount(code, n)
    if amount is None:
        return None
    point = t.value if t.value[:1].isdigit() else None
    return Timex("DURATION", amount, t.mod, t.anchor if point else "none", point)


# Words after a count and a unit that make it an anchored duration rather than a date.
_ANCHORED_DURATION_DIRECTIONS = frozenset({"earlier", "later"})


def _amount(code: str | None, n: float | None) -> str | None:
    """The duration value of ``n`` units (``PXD`` when ``n`` is vague)."""
    if code in _TIME_UNIT:
        return f"PT{_fmt_num(n)}{_TIME_UNIT[code]}" if n is not None else f"PTX{_TIME_UNIT[code]}"
    if code not in _DURATION_UNIT:
        return None
    if n is None:
        return f"PX{_VAGUE_CODE[code]}"
    unit, factor = _DURATION_UNIT[code]
    total = n * factor
    return f"P{_fmt_num(total)}{unit}" if total == int(total) else None


_MONTH_VALUE = re.compile(r"\d{4}-\d\d")


def _offset_point(m: Match) -> Timex | None:
    """The date an offset expression points to."""
    lex = m.lex
    mod = _quantity_mod(m, "mod")
    direction = norm(m.g("dir"))
    if direction in ("from today", "from now") and (_word_before(m) or "").lower() == "for":
        return None  # "runs for 12 weeks from today": how long, and from when (two mentions)
    sign = -1 if direction in ("ago", "earlier", "back") else 1
    n = number(lex, m.g("num"))
    if n is None:
        return Timex("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, "dct" if m.dct else "none")
    code = lex.get("units", m.g("unit"))
    several = _MULTIPLE_UNIT.fullmatch(code or "")
    if several:  # "a fortnight ago": two weeks ago
        code, n = several.group(1), n * int(several.group(2))
    if code not in _UNIT_PRECISION or n != int(n) or n > 10000:
        return None
    n = int(n) * sign
    if m.g("anniv"):  # "Seventy years ago today": the same day, that many units back
        return _anniversary(m, code, n, mod)
    ref: Reference | None = None
    if direction == "later" or (direction == "earlier" and not (n == -1 and code == "Y")):
        # counted from the story's own time: the latest date mentioned before, else the DCT
        ref = m.mention_reference(_UNIT_PRECISION[code])
    if ref is None:
        ref = m.dct
    last = next((r for r in reversed(m.mentions) if r.rule != "offset" and r.name not in _COMPARISON_PERIODS), None)
    if last is not None and last.precision == "day":
        last = _quarter_ended_on(m, last) or last
    if code == "Y" and ref is not None and re.search(r"(?i)\b(?:quarter|period)\b", m.text[m.start:m.end]):
        # "the year-ago quarter" after "the quarter ended Sept. 30": the quarter spoken of, one that
        # has ended by the document date (results compare a period reported, not one forecast)
        last = next((r for r in reversed(m.mentions) if r.precision == "quarter" and r.rule != "offset"
                     and r.name not in _COMPARISON_PERIODS and r.value[:1].isdigit()
                     and (m.dct is None or _ended_before(r.value, m.dct.day))), last)
    if code == "Y" and ref is not None and last is not None and last.precision == "quarter":
        # "a year earlier" after "the third quarter": the same quarter, a year before
        q = last.value
        return Timex("DATE", f"{int(q[:4]) + n}{q[4:]}", mod, last.anchor)
    if (code == "Y" and direction == "earlier" and last is not None and last.precision == "year"
            and _YEAR_VALUE.fullmatch(last.value) and last.rule == "calendar"):
        # "a year earlier" after "in 2008": the year before the one named
        return Timex("DATE", str(int(last.value) + n), mod, last.anchor)
    if (code == "Y" and direction == "earlier" and last is not None and last.precision == "month"
            and _MONTH_VALUE.fullmatch(last.value) and last.rule == "calendar"):
        # "collapsed in September 2008; a year earlier", "rose in January ... from a year earlier": that month, a year before
        return Timex("DATE", f"{int(last.value[:4]) + n:04d}{last.value[4:]}", mod, last.anchor)
    if ref is None:
        return Timex("DATE", {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX",
                              "DE": "XXXX", "CE": "XXXX"}[code], mod)
    if code == "DE":
        value = str(ref.day.year + 10 * n)
    elif code == "CE":
        value = str(ref.day.year + 100 * n)
    elif code == "Q":
        value = _shift_unit(ref.day, "Q", n)
    elif code == "M":
        value = add_months(ref.day.replace(day=1), n).strftime("%Y-%m")
    else:
        value = _shift_unit(ref.day, code, n)
    if direction == "from today" and code in ("D", "W"):  # "a week from today": the day a week on
        value = (ref.day + timedelta(days=n * (7 if code == "W" else 1))).isoformat()
    if value is None:
        return None
    return Timex("DATE", value, mod, ref.anchor)


# The units an anniversary ("... ago today", "... ago this week") may count back by, for each of its words.
_ANNIVERSARY_UNITS = {"today": ("D", "W", "M", "Q", "Y", "DE", "CE"), "tonight": ("D", "W", "M", "Q", "Y", "DE", "CE"),
                      "this morning": ("D", "W", "M", "Q", "Y", "DE", "CE"),
                      "this afternoon": ("D", "W", "M", "Q", "Y", "DE", "CE"),
                      "this evening": ("D", "W", "M", "Q", "Y", "DE", "CE"),
                      "this week": ("M", "Q", "Y", "DE", "CE"), "this month": ("Y", "DE", "CE")}


def _anniversary(m: Match, code: str, n: int, mod: str | None) -> Timex | None:
    """"Fifty years ago today" (the day), "twenty years ago tonight" (that night), "a century ago this morning"
    (that morning), "25 years ago this week" (that week), counted back from the document date."""
    which = norm(m.g("anniv"))
    if code not in _ANNIVERSARY_UNITS[which]:
        return None  # "three days ago this week": no anniversary
    if m.dct is None:
        return Timex("DATE", "XXXX-XX-XX" if which in ("today", "tonight") else "XXXX", mod)
    today = m.dct.day
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(code)
    day = add_months(today, n * months) if months else today + timedelta(days=n * (7 if code == "W" else 1))
    if day.year < 1:
        return None
    if which == "today":
        return Timex("DATE", day.isoformat(), mod, m.dct.anchor)
    if which == "tonight":
        return Timex("TIME", day.isoformat() + "TNI", mod, m.dct.anchor)
    if which.startswith("this ") and m.lex.has("parts_of_day", which[5:]):  # "a century ago this morning"
        return Timex("TIME", day.isoformat() + _pod_suffix(m.lex, which[5:]), mod, m.dct.anchor)
    if which == "this week":
        return Timex("DATE", iso_week(day), mod, m.dct.anchor)
    return Timex("DATE", day.strftime("%Y-%m"), mod, m.dct.anchor)


# a modal or "to" right before "last": the verb ("will last", "to last", "could last")
_VERB_LAST_BEFORE = re.compile(r"(?i)\b(?:will|would|could|can|may|might|should|must|shall|to|\w['\u2019]ll)\s+$")
# up to two capitalized words after a number, the last of which may name a street ("K Street", "Broadway")
_MAKE_AFTER = re.compile(r"\s+([A-Z][\w-]*)")
_STREET_AFTER = re.compile(r"\s+(?:[A-Z][\w.]*\s+)?([A-Z][a-z]*\.?)(?![\w])")
_YEAR_VALUE = re.compile(r"\d{4}")
_FAR_YEAR = 2200
_MULTIPLE_UNIT = re.compile(r"([A-Z]+)(\d+)")  # a unit code for several units: "W2", a fortnight
_ENDED_ON = re.compile(r"(?i)quarter\s+(?:that\s+)?(?:ended|ending|ends)\s+(?:on\s+)?$")


def _quarter_ended_on(m: Match, day: Reference) -> Reference | None:
    """The quarter a day mention closes ("the fiscal first quarter ended Sept. 30"): the period
    spoken of is the quarter, not its last day."""
    refs = m.mentions
    k = next((i for i in range(len(refs) - 1, -1, -1) if refs[i] is day), None)
    if not k:
        return None
    q = refs[k - 1]
    if q.precision != "quarter" or not (q.anchor.startswith("mention:") and day.anchor.startswith("mention:")):
        return None
    start, end = int(q.anchor.split(":")[1]), int(day.anchor.split(":")[1])
    return q if 0 <= end - start <= 80 and _ENDED_ON.search(m.text, start, end) else None


def _ended_before(value: str, day: date) -> bool:
    sp = tx.span(value)
    return sp is not None and sp[1] < day


_DURATION_UNIT = {"Y": ("Y", 1), "M": ("M", 1), "W": ("W", 1), "D": ("D", 1), "Q": ("Q", 1),
                  "DE": ("Y", 10), "CE": ("Y", 100), "W2": ("W", 2)}
_TIME_UNIT = {"H": "H", "MIN": "M", "S": "S"}
_SMALLER_TIME_UNIT = {"H": "M", "MIN": "S"}  # 1.5 hours = PT1H30M
_VAGUE_CODE = {"Y": "Y", "M": "M", "W": "W", "D": "D", "Q": "Q", "DE": "DE", "CE": "CE", "W2": "W", "GEN": "Y"}


def _is_rate(m: Match) -> bool:
    """"a year" after an amount ("$5 million a year") or a plural count ("700 seats a week"), or after a
    noun that such a measure is of ("270 billion tonnes of ice a year", "a million barrels of crude oil a day")."""
    prev = _PREVIOUS_WORD.search(m.text, max(0, m.start - 30), m.start)
    if prev is None or _ANCHORED_AFTER.match(m.text, m.end):
        return False  # "$37 a barrel a day before the contract expired": a day before something
    if _counts_a_rate(m, prev.group(1), prev.start(1)):
        return True
    of = _MEASURE_OF.search(m.text, max(0, m.start - 60), m.start)
    return of is not None and _counts_a_rate(m, of.group(1), of.start(1))


# what makes "a day" a span before or after something, not a rate ("$5 a day before tax" is one)
_ANCHORED_AFTER = re.compile(r"\s+(?:(?:before|after)\s+(?:the|a|an|his|her|their|its|it|he|she|they|we)\b|later\b|"
                             r"earlier\b|ago\b)", re.IGNORECASE)
# "<measure> of <one or two words> " right before "a year"
_MEASURE_OF = re.compile(r"(\S+)\s+of\s+[a-z-]+(?:\s+[a-z-]+)?\s+$")


def _counts_a_rate(m: Match, word: str, at: int) -> bool:
    """``word`` (at offset ``at``), right before "a year" or a measure's noun, makes it a rate: a number, an amount,
    or a plural noun counted by a number or a quantity word before it ("four flights a week", "thousands of people";
    "the festival lasts a week" is a duration)."""
    if _DIGIT.search(word):
        return True
    kind = m.lex.get("rate_words", word.lower())
    if kind == "amount":
        return True
    if not (kind is None and word.isalpha() and word.islower() and len(word) > 3 and word.endswith("s")
            and not word.endswith(("ss", "us", "is"))):
        return False
    # the count: the word before the noun, or the one before that ("700 more seats", "four return flights")
    for w in reversed(_COUNT_WORD.findall(m.text, max(0, at - 40), at)[-2:]):
        if w[0].isdigit() or m.lex.has("numbers", w) or m.lex.get("rate_words", w.lower()) in ("amount", "count"):
            return True
    return False


_COUNT_WORD = re.compile(r"[\w.,%-]+")


def _over_as_during(m: Match) -> bool:
    """The mention opens with "over" in the sense of "during" ("lost weight over four years"): "over" is
    "more than" only after a word of ``more_than_over`` ("for over a decade", "just over an hour"). The
    duration after "over" is found alone."""
    if m.text[m.start:m.start + 5].lower() != "over ":
        return False
    before = _LAST_WORD.search(m.text, max(0, m.start - 20), m.start)
    return before is None or not m.lex.has("more_than_over", before.group(1))


def _military_time(m: Match, code: str) -> bool:
    """"0600 hours", "from 1700 hours": a time of day written as four digits, not so many hours (a rule of
    kind ``clock`` reads it); "logged 1200 hours", "after 1200 hours of training" are durations."""
    if code != "H" or not _HHMM.fullmatch(m.g("num") or "") or _OF_AFTER.match(m.text, m.end):
        return False
    return m.g("num")[0] == "0" or (_word_before(m) or "").lower() in _CLOCK_PREPOSITIONS


_HHMM = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_OF_AFTER = re.compile(r"\s+of\b")
_CLOCK_PREPOSITIONS = frozenset({"at", "by", "until", "till", "before", "after", "around", "about", "from", "since",
                                 "to"})


def duration(m: Match) -> Timex | None:
    lex = m.lex
    if m.g("unit2"):
        return _compound_duration(m)
    code = lex.get("units", m.g("unit"))
    if code is None:
        return None
    mod = _quantity_mod(m, "mod1", "mod")
    if _capitalized_name(m, "unit") or _over_as_during(m) or _military_time(m, code):
        return None
    if (norm(m.g("shift") or "") == "last" and not m.g("det")
            and _VERB_LAST_BEFORE.search(m.text[max(0, m.start - 12):m.start])):
        return None  # "will last 30 days": the verb, not "the last 30 days" (the duration after it is found alone)
    if norm(m.g("shift") or "") == "following" and not m.g("det") and m.g("num"):
        return None  # "following 12 days of deliberations": "after" (the duration after it is found alone)
    if m.rule == "adjective_duration" and norm(m.g("unit")).endswith("s"):
        return None  # "three-quarters" is a fraction
    named = _unit_in_apposition(m, code)
    if named is not None:  # "on Monday, the first day of the festival": that Monday
        return named
    if m.g("ordnum"):
        n = float(lex.get("ordinals", m.g("ordnum")))
    elif m.g("num"):
        n = number(lex, m.g("num"))
        before = m.text[max(0, m.start - 12):m.start]
        if _FREQUENCY_BEFORE.search(before):
            return None  # "twice a year" is a frequency
        if code == "Q" and norm(m.g("num")) in ("a", "an", "one"):
            return None  # "a quarter of the votes" is a fraction
        if norm(m.g("num")) in ("a", "an") and not mod and _is_rate(m):
            return None  # "$5 a year", "four flights a week" are rates ("on April 8, more than a decade" is none)
    else:
        # "the past year", "recent weeks", "for years"
        plural = norm(m.g("unit")).endswith(("s", "ies"))
        if m.rule == "vague_units" and not (m.g("det") or m.g("prep")):
            return None
        n = None if plural else 1.0
    if code == "GEN":
        return Timex("DURATION", "PXY", mod)
    if n is None:
        if code in _TIME_UNIT:
            return Timex("DURATION", f"PTX{_TIME_UNIT[code]}", mod)
        return Timex("DURATION", f"PX{_VAGUE_CODE[code]}", mod)
    if n is not None and (m.g("half1") or m.g("half2")):
        n += 0.5  # "2 1/2 years", "a minute and a half"
    if n <= 0 or n > 100000:
        return None
    if code in _TIME_UNIT:
        if n != int(n) and code in _SMALLER_TIME_UNIT and (n * 60) == int(n * 60):
            whole, part = divmod(int(n * 60), 60)
            smaller = _SMALLER_TIME_UNIT[code]
            value = f"PT{whole}{_TIME_UNIT[code]}{part}{smaller}" if whole else f"PT{part}{smaller}"
            return Timex("DURATION", value, mod)
        return Timex("DURATION", f"PT{_fmt_num(n)}{_TIME_UNIT[code]}", mod)
    unit, factor = _DURATION_UNIT[code]
    total = n * factor
    if total != int(total):
        if unit == "Y" and (total * 12) == int(total * 12):
            years, months = divmod(int(total * 12), 12)
            return Timex("DURATION", f"P{years}Y{months}M" if years else f"P{months}M", mod)
        if unit == "D" and (total * 24) == int(total * 24):
            return Timex("DURATION", f"PT{int(total * 24)}H", mod)
    return Timex("DURATION", f"P{_fmt_num(total)}{unit}", mod)


# a unit code as (ISO field, count of that field): weeks are written as days, to be added to them
_COMPOUND_FIELDS = {"CE": ("Y", 100), "DE": ("Y", 10), "Y": ("Y", 1), "Q": ("M", 3), "M": ("M", 1), "W": ("D", 7),
                    "W2": ("D", 14), "D": ("D", 1), "H": ("H", 1), "MIN": ("MIN", 1), "S": ("S", 1)}
_FIELD_ORDER = ("Y", "M", "D", "H", "MIN", "S")


# "on Monday, the first day of", "in April, the last month of": a day or a month the mention before names
_APPOSITION_GAP = re.compile(r"\s*,\s*(?:on\s+|in\s+)?")
_APPOSED_PRECISIONS = {"D": ("day", "time"), "M": ("month",), "Y": ("year",)}


def _unit_in_apposition(m: Match, code: str) -> Timex | None:
    """"the first day", "the last month" set off right after a mention of that precision ("on Monday, the first
    day of the festival", "this morning, on the last day of a visit", "in April, the first month of the fiscal
    year"): the day or month that mention names, as a date."""
    shift = norm(m.g("shift") or "")
    if shift not in ("first", "last", "final") or not m.g("det") or code not in _APPOSED_PRECISIONS:
        return None
    if norm(m.g("unit")).endswith("s") or not _APPOSITION_GAP.search(m.text, max(0, m.start - 8), m.start):
        return None  # (the earlier mentions are read only when they may matter)
    prev = m.mentions[-1] if m.mentions else None
    if (prev is None or prev.day is None or prev.end < 0 or prev.precision not in _APPOSED_PRECISIONS[code]
            or not _APPOSITION_GAP.fullmatch(m.text, prev.end, m.start)):
        return None
    value = prev.day.isoformat() if code == "D" else prev.value[:7 if code == "M" else 4]
    return Timex("DATE", value, None, prev.anchor)


def _compound_duration(m: Match) -> Timex | None:
    """"four hours and 23 minutes", "two hours, 14 minutes and four seconds": one duration of its
    parts, largest unit first (``PT4H23M``); None when a part is no whole count or the units do not
    come down in size."""
    lex = m.lex
    totals: dict[str, int] = {}
    last, last_code = -1, ""
    for num, unit in (("num", "unit"), ("num2", "unit2"), ("num3", "unit3")):
        if not m.g(unit):
            continue
        n = number(lex, m.g(num))
        code = lex.get("units", m.g(unit)) or ""
        spec = _COMPOUND_FIELDS.get(code)
        if n is None or n != int(n) or n <= 0 or spec is None:
            return None
        at = _FIELD_ORDER.index(spec[0])
        if at <= last and not (last_code in ("W", "W2") and code == "D"):  # weeks, then days: added as days
            return None
        last, last_code = at, code
        totals[spec[0]] = totals.get(spec[0], 0) + int(n) * spec[1]
    date_part = "".join(f"{totals[f]}{f}" for f in ("Y", "M", "D") if f in totals)
    time_part = "".join(f"{totals[f]}{'M' if f == 'MIN' else f}" for f in ("H", "MIN", "S") if f in totals)
    return Timex("DURATION", "P" + date_part + ("T" + time_part if time_part else ""), _quantity_mod(m, "mod"))


_CLAUSE_START = re.compile(r"(?:^|[.!?:;]['\"\u201d\u2019]?|``|[\"\u201c]|\n)\s*$")


def _discourse_marker(m: Match) -> bool:
    """A word that opens a sentence and is set off by a comma ("Now, he says, ...")."""
    return (m.lex.get("references", m.g("ref"), 2) == "discourse"
            and bool(_COMMA_NEXT.match(m.text[m.end:m.end + 3]))
            and bool(_CLAUSE_START.search(m.text[max(0, m.start - 4):m.start])))


_OF_NEXT = re.compile(r"\s+of\b")
_NEXT_WORD = re.compile(r"\s+([\w'-]+)")


def _count_next(m: Match) -> bool:
    """Whether a number or a vague quantity comes right after the match ("the past three summers")."""
    nxt = _NEXT_WORD.match(m.text, m.end)
    return nxt is not None and (nxt.group(1).isdigit() or m.lex.has("numbers", nxt.group(1))
                                or m.lex.has("vague_quantities", nxt.group(1)))


def reference(m: Match) -> Timex | None:
    if _discourse_marker(m):
        return None
    flag = m.lex.get("references", m.g("ref"), 2)
    if flag == "fate" and _OF_NEXT.match(m.text, m.end):
        return None  # "the future of NATO": what becomes of it, not a time
    if flag == "count" and _count_next(m):
        return None  # "the past three summers", "the past two elections": a count of things, not the past
    if flag == "modal" and m.g("context") != "modal":
        return None  # "one day" is a time to come only after a modal verb ("will one day be")
    value = m.lex.get("references", m.g("ref"))
    ttype = m.lex.get("references", m.g("ref"), 1, "DATE")
    return Timex(ttype, value, None, "dct" if m.dct else "none")


def _present_era(m: Match) -> str | None:
    """"today" meaning the present era (``present_era.tsv``): ``"before"`` when a word before it
    says so ("even today"), ``"after"`` when it is the possessive before an era noun ("today's
    world"), else None (the calendar day)."""
    if norm(m.g("relday") or "") != "today" or m.g("pod") or m.g("mod"):
        return None
    before = _LETTERS_BEFORE.search(m.text[max(0, m.start - 12):m.start])
    if before and m.lex.get("present_era", before.group(1)) == "before":
        return "before"
    after = _POSSESSIVE_NEXT_WORDS.match(m.text[m.end:m.end + 40])
    if after and any(m.lex.get("present_era", w) == "after" for w in after.groups() if w):
        return "after"
    return None


_LOWER_WORD_NEXT = re.compile(r"[ \t]{1,3}([a-z][a-z'\u2019-]*)")


def _before_a_noun(m: Match) -> bool:
    """Whether a lower-case word that cannot follow an adverb (``adverb_followers.tsv``) comes next."""
    nxt = _LOWER_WORD_NEXT.match(m.text, m.end, m.end + 40)
    return bool(nxt) and not m.lex.has("adverb_followers", nxt.group(1))


def set_(m: Match) -> Timex | None:
    lex = m.lex
    if m.g("setword"):
        if lex.get("sets", m.g("setword"), 1) == "adverb" and (_before_a_noun(m) or _is_rate(m)):
            return None  # "a quarterly dividend": an adjective; "grew 8% annually": a rate, as "8% a year"
        return Timex("SET", lex.get("sets", m.g("setword")))
    if m.g("wday"):  # "Tuesday nights": that part of every such weekday; "every Sunday at 11 a.m.": that time
        clock = ""
        if m.g("shour"):
            h = int(m.g("shour")) % 12 + (12 if m.g("sampm").lower().startswith("p") else 0)
            clock = f"T{h:02d}:{m.g('smin') or '00'}"
        return Timex("SET", f"XXXX-WXX-{lex.get('weekdays', m.g('wday'))}{_pod_suffix(lex, m.g('pods'))}{clock}")
    if m.g("sholiday"):  # "every New Year's Eve": the day each year, when it is the same day each year
        spec = lex.get("holidays", m.g("sholiday"))
        return Timex("SET", f"XXXX-{spec}") if spec and re.fullmatch(r"\d\d-\d\d", spec) else None
    if m.g("wdays"):  # "on Saturdays"
        return Timex("SET", f"XXXX-WXX-{lex.get('weekdays', m.g('wdays'))}")
    if m.g("wkend"):  # "every weekend", "at weekends"
        return Timex("SET", "XXXX-WXX-WE")
    if m.g("smonth"):  # "every November 1"
        month, dom = int(lex.get("months", m.g("smonth"))), int(_NON_DIGIT.sub("", m.g("sday")))
        return Timex("SET", f"XXXX-{month:02d}-{dom:02d}") if _safe_date(2000, month, dom) else None
    u = norm(m.g("unit"))
    n = number(lex, m.g("num")) if m.g("num") else 1.0
    if n is None or n != int(n):
        return None
    n = int(n) * (2 if m.g("other") else 1)  # "every other year": every two years
    if lex.has("units", u):
        code = lex.get("units", u)
        if code in _TIME_UNIT:
            return Timex("SET", f"PT{n}{_TIME_UNIT[code]}")
        if code not in _DURATION_UNIT:
            return None
        unit, factor = _DURATION_UNIT[code]
        return Timex("SET", f"P{n * factor}{unit}")
    if lex.has("weekdays", u):
        return Timex("SET", f"XXXX-WXX-{lex.get('weekdays', u)}")
    if lex.has("months", u):
        return Timex("SET", f"XXXX-{int(lex.get('months', u)):02d}")
    if lex.has("seasons", u):
        return Timex("SET", f"XXXX-{lex.get('seasons', u)}")
    if lex.has("parts_of_day", u):
        return Timex("SET", "XXXX-XX-XX" + _pod_suffix(lex, u))
    return None


# After a clock time without a day: the same time in another zone in parentheses, or the end of a span
# ("until noon"), then "on" and a weekday or a holiday (its first words).
_DAY_AHEAD = re.compile(r"\)?(?:\s*\([^()\n]{1,30}\))?"
                        r"(?:\s+(?P<span>until|till|to|through|and|or|-|\u2013)\s+[^\s,;.()]{1,12}"
                        r"(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?(?:\s+local\s+time)?,?\s+(?:on\s+)?|,?\s+on\s+)"
                        r"(?P<day>[A-Za-z][\w'\u2019]*(?: [\w'\u2019]+){0,3})")


def _day_ahead(m: Match, ref: date) -> tuple[date, bool] | None:
    """The day a clock time without a day of its own leads to, and whether it opens a span to it: "1 p.m.
    (1200 GMT) on Friday", the "2000 GMT" of "5 p.m. (2000 GMT) on Sunday", the "6am" of "from 6am until
    noon on Thursday", the "7 a.m." of "from 7 a.m. to 7 p.m. on Election Day". The day is the one the
    weekday or holiday names by the tense at its place, so that both name the same day."""
    ahead = _DAY_AHEAD.match(m.text, m.end, m.end + 80)
    if ahead is None:
        return None
    words = ahead.group("day").split(" ")
    tense = clause_tense(m.text, *ahead.span("day"), m.lex)
    if m.lex.has("weekdays", words[0]):
        return _weekday_date(ref, int(m.lex.get("weekdays", words[0])), tense), bool(ahead.group("span"))
    for n in range(len(words), 0, -1):
        spec = _holiday_spec(m, " ".join(words[:n]), ahead.span("day"))
        if spec:
            d = _holiday_date(_holiday_days(m.lex, spec)[0], ref, tense)
            return (d, bool(ahead.group("span"))) if d else None
    return None


def clock(m: Match) -> Timex | None:
    lex = m.lex
    mod = _quantity_mod(m, "mod") or lex.get("position_modifiers", m.g("pmod"))
    if m.g("pod"):  # "mid afternoon": that part of the day spoken of
        t = _pod_suffix(lex, m.g("pod"))
    elif m.g("clockword"):
        code = lex.get("parts_of_day", m.g("clockword"))
        t = code if code.startswith("T") else "T12:00"
    else:
        hour = number(lex, m.g("hour"))
        if hour is None or hour != int(hour) or norm(m.g("hour")) in ("a", "an"):
            return None
        h = int(hour)
        if m.g("daypart") and not 1 <= h <= 12:
            return None
        ampm = (m.g("ampm") or "").lower()
        if m.g("daypart"):  # "4 in the morning", "six in the evening"
            ampm = "am" if lex.get("parts_of_day", m.g("daypart")) == "MO" else "pm"
        if m.g("endhour") and h % 12 > int(m.g("endhour")) % 12:  # a span that crosses noon or midnight
            if not ampm.startswith("p"):
                return None  # "10:30 to 2 a.m.": the evening before, which the span does not say
            ampm = "am"  # "11:30 to 1 p.m."
        if ampm.startswith("p") and h < 12:
            h += 12
        if ampm.startswith("a") and h == 12:
            h = 0
        t = f"T{h:02d}:{m.g('minute') or '00'}"
    ref = m.dct
    day: date | None = None
    if m.g("relday"):
        if ref is not None:
            day = ref.day + timedelta(days=int(lex.get("relative_days", m.g("relday"))))
    elif m.g("anashift"):  # "6am the following morning": the day after the last one mentioned
        prev = m.mention_reference("day")
        if prev is not None and prev.precision in ("day", "time"):
            ref = prev
        if ref is not None:
            day = ref.day + timedelta(days=int(lex.get("shifts", norm(m.g("anashift")))))
    elif m.g("weekday"):
        if ref is not None:
            shift = int(lex.get("shifts", m.g("wshift"))) if m.g("wshift") else None  # "next Tuesday at 7:30 p.m."
            day = _span_end_after_start(
                m, _weekday_date(ref.day, int(lex.get("weekdays", m.g("weekday"))), _from_tense(m), shift))
    elif (m.g("month") and m.g("day")) or m.g("bmonth"):  # "5 p.m. EST Nov. 9", "11pm on 1 September"
        month = int(lex.get("months", m.g("month") or m.g("bmonth")))
        dom = int(_NON_DIGIT.sub("", m.g("day") or m.g("bday")))
        if _safe_date(2000, month, dom) is None:
            return None
        if m.g("byear") or m.g("myear"):
            day = _safe_date(int(m.g("byear") or m.g("myear")), month, dom)
            ref = None
        elif ref is None:
            return Timex("TIME", f"XXXX-{month:02d}-{dom:02d}{t}", mod)
        else:
            day = _safe_date(_year_for(month, dom, ref.day, m.tense()), month, dom)
    elif m.g("holiday"):  # "7 p.m. on Election Day"
        spec = _holiday_spec(m, m.g("holiday"), (m.start, m.end))
        day = _holiday_date(_holiday_days(lex, spec)[0], ref.day, m.tense()) if spec and ref is not None else None
    elif ref is not None and (ahead := _day_ahead(m, ref.day)) is not None:  # "1 p.m. (1200 GMT) on Friday"
        day, opens_span = ahead
        if opens_span and t == "T24:00":  # "from midnight until 9am on Tuesday": as Tuesday begins
            t = "T00:00"
    else:
        prev = m.mention_reference("day")
        since = t == "T24:00" and (_word_before(m) or "").lower() == "since"
        if prev is not None and prev.precision in ("day", "time"):
            day, ref = prev.day, prev
            if _runs_past_midnight(m, prev, t):  # "gathering Sunday evening ... continued until about 3 a.m."
                day += timedelta(days=1)
            elif since or (t == "T24:00" and prev.precision == "day" and m.dct is not None and prev.day == m.dct.day
                           and m.tense() == "past"):
                t = "T00:00"  # "cancelled trades since midnight", "shut today after notes were withdrawn from
                # midnight": the midnight that began the day (not after "Polls closed at 8 p.m.": the one after it)
        elif ref is not None:
            day = ref.day
            if since or (t == "T24:00" and m.tense() == "past"):  # "expired at midnight": the one that began the day
                t = "T00:00"
    if day is None:
        return Timex("TIME", "XXXX-XX-XX" + t, mod)
    if t == "T24:00" and (m.g("weekday") or m.g("month") or m.g("bmonth") or m.g("relday")) and \
            (_word_before(m) or "").lower() == "after":
        t = "T00:00"  # "shortly after midnight on Sunday": in the small hours of that day
    return Timex("TIME", day.isoformat() + t, mod, ref.anchor if ref else "none")


_SPAN_TO = re.compile(r"\s*(?:to|until|till|through|thru|[-\u2013])\s*", re.IGNORECASE)


def _span_end_after_start(m: Match, d: date) -> date:
    """A weekday that ends a span, right after the day that opens it ("from 10 p.m. Friday to 5 a.m. Monday",
    "from Sunday night until Thursday morning"), falls after that day: a week on when its tense put it before."""
    prev = m.mentions[-1] if m.mentions else None
    if (prev is None or prev.end < 0 or prev.precision not in ("day", "time")
            or not _SPAN_TO.fullmatch(m.text, prev.end, m.start)):
        return d
    return d + timedelta(days=7) if d < prev.day < d + timedelta(days=7) else d


_SPAN_END_BEFORE = re.compile(r"\b(?:until|till|to|through|into|and|by)\s+$", re.IGNORECASE)
_EVENING = re.compile(r"T(?:EV|NI|(?:1[89]|2[0-4]):\d\d)$")
_SMALL_HOURS = 6  # a clock time before this hour that ends a span begun in the evening is after midnight


def _runs_past_midnight(m: Match, prev: Reference, t: str) -> bool:
    """The clock time ``t`` ends a span that runs on from the evening or night of ``prev`` into the small
    hours: "from 10 p.m. Saturday to 2 a.m.", "gathered Sunday evening ... until about 3 a.m."."""
    return (t[1:3].isdigit() and int(t[1:3]) < _SMALL_HOURS and bool(_EVENING.search(prev.value))
            and bool(_SPAN_END_BEFORE.search(m.text, max(0, m.start - 12), m.start)))


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    lx = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * lx) // 451
    month = (h + lx - 7 * mm + 114) // 31
    day = (h + lx - 7 * mm + 114) % 31 + 1
    return date(year, month, day)


def _inside_longer_holiday(m: Match) -> bool:
    """The holiday is the end of a longer holiday name: the "New Year" of "Lunar New Year" (which is
    tried first, and fails only where its day is not known)."""
    before = _word_before(m)
    return before is not None and m.lex.has("holidays", f"{before} {m.text[m.start:m.end]}")


_NATIONAL: dict[int, tuple[Lexicon, dict[str, list[tuple[str, re.Pattern]]]]] = {}


def _national_days(lex: Lexicon) -> dict[str, list[tuple[str, re.Pattern]]]:
    """Holiday name -> (``MM-DD``, pattern of the words naming its country) for each country of
    ``national_days.tsv`` that keeps it."""
    entry = _NATIONAL.get(id(lex))
    if entry is None or entry[0] is not lex:  # the lexicon is kept, so its id is not reused
        index: dict[str, list[tuple[str, re.Pattern]]] = {}
        for key, cols in lex.tables.get("national_days", {}).items():
            if len(cols) < 2 or "/" not in key:
                continue
            words = sorted((w.strip() for w in cols[1].split(",") if w.strip()), key=len, reverse=True)
            rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
            index.setdefault(key.split("/")[0], []).append((cols[0], rx))
        entry = _NATIONAL[id(lex)] = (lex, index)
    return entry[1]


def _national_day(m: Match, name: str | None = None, span: tuple[int, int] | None = None) -> str | None:
    """The ``MM-DD`` of a national day kept on different dates by different countries ("Independence
    Day"), by the country named nearest to it in its sentence, else nearest before the sentence (a
    dateline, an earlier sentence); None when none is. ``name`` and ``span`` are the holiday's words and
    place when they are not the whole mention's ("4.30am on Republic Day")."""
    countries = _national_days(m.lex).get(norm(name or m.g("holiday")))
    if not countries:
        return None
    start, end = span or (m.start, m.end)
    lo, hi = sentence_bounds(m.text, start, end)
    for lo, hi in ((lo, hi), (max(0, lo - _NATIONAL_REACH), lo)):  # the sentence, else the text before it
        best: tuple[float, str] | None = None
        for mmdd, rx in countries:
            for hit in rx.finditer(m.text, lo, hi):
                if start <= hit.start() < end:
                    continue
                gap = start - hit.end() if hit.end() <= start else hit.start() - end + 0.5
                if best is None or gap < best[0]:
                    best = (gap, mmdd)
        if best:
            return best[1]
    return None


_NATIONAL_REACH = 3000  # characters before the sentence where the country of a national day may be named


def holiday(m: Match) -> Timex | None:
    lex = m.lex
    spec = lex.get("holidays", m.g("holiday"))
    mod = _position_mod(m)
    if spec is None:
        return None
    national = _national_day(m)  # "Afghanistan's Independence Day": that country's date
    if national is not None:
        spec = national
    elif spec == "national":
        return None  # "National Day" of no country named
    if not m.g("year") and _followed_by_name(m) and not _holiday_event_after(m) or _inside_longer_holiday(m):
        return None  # "Christmas Island", "Easter Road": a place named after the day; "Lunar New Year"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", spec):
        return Timex("DATE", spec, mod)
    day_of, unknown = _holiday_days(lex, spec)
    ref = m.dct
    year = spoken_year(lex, m.g("year")) if m.g("year") else None
    if m.g("hyshift") and ref is not None:  # "on Valentine's Day last year"
        year = ref.day.year + int(lex.get("shifts", m.g("hyshift")))
    if year is None:
        if ref is None:
            return Timex("DATE", unknown, mod)
        hshift = norm(m.g("hshift") or "")
        if hshift == "this":  # "this Christmas": the one of the reference's year
            d = day_of(ref.day.year)
        elif hshift:  # "last Christmas", "next Easter": the latest before the reference, the first after it
            d = _shifted_occurrence(day_of, ref.day, hshift == "next")
        else:
            d = _holiday_date(day_of, ref.day, _day_tense(m, holiday=True))
    else:
        d = day_of(year)
    if d is None:
        return None
    if spec.startswith("dated:"):
        d = _moon_sighted_day(m, d)
    anchor = ref.anchor if (ref and not m.g("year")) else "none"
    last_spec = lex.get("holidays", m.g("holiday"), 1)
    if last_spec and not m.g("hweekend"):  # a holiday that lasts: "Ramadan", "the end of Ramadan"
        if _after_capitalized_word(m) and lex.has("holiday_surnames", m.g("holiday")):
            return None  # "Tariq Ramadan": a person's name
        last_of = _holiday_days(lex, last_spec)[0]
        if year is None and ref is not None and not m.g("hshift"):  # under way at the reference: that one
            d = next((s for s in (day_of(ref.day.year - 1), day_of(ref.day.year)) if s is not None
                      and s <= ref.day <= (_last_day(last_of, s) or s)), d)
        last = _last_day(last_of, d)
        if last is None:
            return None
        if mod == "END":  # "the end of Ramadan": its last day
            return Timex("DATE", last.isoformat(), mod, anchor)
        return Timex("DATE", d.isoformat(), mod, anchor, through=None if mod == "START" else last.isoformat())
    if norm(m.g("hweekend") or "") == "week":  # "Christmas week": the week holding the holiday
        return Timex("DATE", iso_week(d), mod, anchor)
    if m.g("hweekend"):  # "the Labour Day weekend": the weekend next to the holiday
        return Timex("DATE", iso_week(_weekend_next_to(d)) + "-WE", mod, anchor)
    return Timex("DATE", d.isoformat(), mod, anchor)


def _last_day(last_of: Callable[[int], date | None], first: date) -> date | None:
    """The last day of a holiday that lasts, begun on ``first`` (``last_of``: the day its last column gives in a
    year)."""
    return next((e for e in (last_of(first.year), last_of(first.year + 1)) if e is not None and e >= first), None)


_HOLIDAY_EVENT_AFTER = re.compile(r"\s+([A-Z][a-z]+)")
# the verb after a holiday names its weekday: "Eid will be celebrated in Bangladesh on Wednesday", "falls on Saturday"
_ON_WEEKDAY_AFTER = re.compile(r"\s+(?:(?:will|would|is|was|are|were|to)\s+)?(?:be\s+)?(?:celebrated|observed|marked|"
                               r"falls?|fell)\b[^.,;:!?\n]{0,40}?\bon\s+(?:a\s+)?([A-Z][a-z]+day)\b")


def _moon_sighted_day(m: Match, d: date) -> date:
    """The day of a holiday of a lunar calendar (``dated:`` in ``holidays.tsv``), moved to the weekday its clause
    names when that lies a day or two from the calendar's: where and when the moon is sighted decides the day
    ("Eid-ul-Fitr will be celebrated in Bangladesh on Wednesday", "Hari Raya Puasa falls on Saturday")."""
    on = _ON_WEEKDAY_AFTER.match(m.text, m.end)
    if on is None or not m.lex.has("weekdays", on.group(1)):
        return d
    shift = (int(m.lex.get("weekdays", on.group(1))) - d.isoweekday()) % 7
    shift = shift - 7 if shift > 3 else shift
    return d + timedelta(days=shift) if abs(shift) <= 2 else d


def _holiday_event_after(m: Match) -> bool:
    """A holiday followed by a capitalized word that names what happens on it ("Christmas Eve Mass", "Easter
    Sunday service"), listed in ``holiday_events.tsv``: the holiday's day, not a name."""
    nxt = _HOLIDAY_EVENT_AFTER.match(m.text, m.end)
    return nxt is not None and m.lex.has("holiday_events", nxt.group(1))


def _weekend_next_to(d: date) -> date:
    """A day of the weekend nearest ``d``: the one before a Monday or a Tuesday, the one after a Wednesday,
    a Thursday or a Friday ("the Good Friday weekend"), its own for a Saturday or a Sunday."""
    wd = d.weekday()  # Monday = 0
    if wd >= 5:
        return d
    return d - timedelta(days=wd + 1) if wd <= 1 else d + timedelta(days=5 - wd)


def _holiday_spec(m: Match, name: str, span: tuple[int, int]) -> str | None:
    """The ``holidays.tsv`` date of a holiday named inside another mention ("7 p.m. on Election Day"); a
    national day's by the country named nearest it ("4.30am on Republic Day", in a story from Delhi)."""
    spec = m.lex.get("holidays", name)
    return _national_day(m, name, span) if spec == "national" else spec


def _holiday_date(day_of: Callable[[int], date | None], ref: date, tense: str | None) -> date | None:
    """The day of a holiday named without a year (``day_of``: its day in a given year; a ``days_of``
    attribute, when it has one, gives every day of a year, as for a lunar holiday that falls twice in one),
    seen from ``ref``: the occurrence a day without a year would be, chosen among its actual days."""
    days_of = getattr(day_of, "days_of", None)
    years = (ref.year - 1, ref.year, ref.year + 1)
    days = [d for y in years for d in days_of(y)] if days_of else [day_of(y) for y in years]
    found = _nearest_occurrence(days, ref, tense)
    return found if found is not None else day_of(ref.year)


def _holiday_days(lex: Lexicon, spec: str) -> tuple[Callable[[int], date | None], str]:
    """The day of a holiday in a given year, from its ``holidays.tsv`` date (``MM-DD``, ``N-W-MM[+-D]``,
    ``easter[+-D]`` or ``dated:KEY``, looked up year by year in ``holiday_dates.tsv``), and its value when
    the year is unknown; a full date (``2001-09-11``) is that day whatever the year."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", spec):
        return (lambda y: date.fromisoformat(spec)), spec
    if spec.startswith("dated:"):  # a lunar or lunisolar holiday: its day in each year is listed
        key = spec[len("dated:"):]
        shifted = re.fullmatch(r"(.*?)([+-]\d+)", key)  # "dated:sukkot+7": days after the listed one
        key, shift = (shifted.group(1), timedelta(days=int(shifted.group(2)))) if shifted else (key, timedelta())

        def every(y: int) -> list[date]:
            days = lex.get("holiday_dates", f"{key} {y}")
            found = [_safe_date(y, int(d[:2]), int(d[3:5])) for d in days.split(",")] if days else []
            return [d + shift for d in found if d is not None]

        def listed(y: int) -> date | None:
            days = every(y)
            return days[0] if days else None

        listed.days_of = every  # a year may hold the day twice (Eid al-Adha in 2006: 10 January and 31 December)
        return listed, "XXXX-XX-XX"
    movable = re.fullmatch(r"easter([+-]\d+)?", spec)
    if movable:  # a day counted from Easter Sunday ("Good Friday" easter-2)
        shift = timedelta(days=int(movable.group(1) or 0))
        return (lambda y: easter_sunday(y) + shift), "XXXX-XX-XX"
    if re.fullmatch(r"\d{2}-\d{2}", spec):
        month, day = int(spec[:2]), int(spec[3:])
        return (lambda y: _safe_date(y, month, day)), f"XXXX-{spec}"
    nth_weekday = re.fullmatch(r"(-?\d)-(\d)-(\d{2})([+-]\d)?", spec)
    if nth_weekday is None:  # a date this module cannot read (checked when the resources load): no day
        return (lambda y: None), "XXXX-XX-XX"
    nth, wd, month, after = (int(x or 0) for x in nth_weekday.groups())

    def day_of(y: int) -> date | None:
        d = _nth_weekday(y, month, wd, nth)
        return d and d + timedelta(days=after)

    return day_of, f"XXXX-{month:02d}"


_CAPITALIZED_WORDS_AFTER = re.compile(r"\s+((?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)")


def day_of_month(m: Match) -> Timex | None:
    """"by the 31st": that day of the reference's month, or of the month before or after it where the
    tense says the day has passed or is still to come."""
    named = _CAPITALIZED_WORDS_AFTER.match(m.text, m.end)
    if named is not None and any(m.lex.has("ordinal_name_words", w) for w in named.group(1).lower().split()):
        return None  # "from the 1st Marine Division": the ordinal of a name
    ref = _reference(m)
    dom = int(_NON_DIGIT.sub("", m.g("day")))
    if ref is None:
        return Timex("DATE", f"XXXX-XX-{dom:02d}", None)
    year, month = ref.day.year, ref.day.month
    tense = m.tense()
    if tense == "past" and dom > ref.day.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    elif tense in _AHEAD and dom < ref.day.day:
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    d = _safe_date(year, month, dom)
    return Timex("DATE", d.isoformat(), None, ref.anchor) if d else None


NORMALIZERS: dict[str, Callable[[Match], Timex | None]] = {
    "day_of_month": day_of_month,
    "calendar": calendar_date,
    "relday": relday,
    "relative": relative,
    "offset": offset,
    "duration": duration,
    "reference": reference,
    "set": set_,
    "clock": clock,
    "holiday": holiday,
}
