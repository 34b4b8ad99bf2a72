"""Rule-based temporal tagger: find time expressions and normalize them to TIMEX3.

    >>> [(m.text, m.value) for m in tag("They met on Thursday.", dct="2021-08-27")]
    [('Thursday', '2021-08-26')]

Every rule of ``resources/rules.tsv`` is run over the text; overlapping matches are
resolved longest-extent-first; each kept match is normalized in text order, so an
expression like "the next day" can be resolved against the date mentioned before it.
Inside a quotation dated by the words that introduce it ("said on Tuesday: ..."),
expressions are resolved against that date instead of the DCT (see ``quotes.py``).
With ``dct=None`` nothing is resolved against today's date: relative expressions keep
unknown digits (``XXXX``, ``XXXX-WXX-4``) unless an earlier mention anchors them.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from timeline.temporal import timex as tx
from timeline.temporal.first_words import first_words
from timeline.temporal.lexicon import Lexicon, _alternation, load
from timeline.temporal.mention import TimeMention
from timeline.temporal.normalize import NORMALIZERS, Match, Reference, Timex, opens_a_title
from timeline.temporal.quotes import QuoteIndex, dated_after_quote, dates_quote
from timeline.temporal.tense import tense as clause_tense

__all__ = ["tag", "Tagger"]

# A quick test that a text can hold a time expression at all.
_PREFILTER = re.compile(r"\d|[A-Za-z]{3,}")
_TOKEN = re.compile(r"[^\W_]+")
_LETTERS_THEN_DIGIT = re.compile(r"([^\W\d_]+)\d")
# Over the reversed text: the separator before a token, then that token (both reversed).
_LEAD_BACK = re.compile(r"([\W_]+)([^\W_]+)")
_WINDOW = 120  # no match is longer than this (less a margin for the right-edge test)
_CACHE_SIZE = 50_000


def _as_date(dct: str | date | datetime | None) -> date | None:
    if dct is None or dct == "":
        return None
    if isinstance(dct, datetime):
        return dct.date()
    if isinstance(dct, date):
        return dct
    try:
        return date.fromisoformat(str(dct)[:10])
    except ValueError:
        return None


class Tagger:
    """A temporal tagger over a lexicon (built-in resources plus optional extra folders)."""

    def __init__(self, resource_dirs: tuple[str | Path, ...] = (), window_cache: bool = True):
        self.lex: Lexicon = load(tuple(resource_dirs))
        self._rules = [(r, NORMALIZERS[r.normalizer], r.regex.groupindex.get("t")) for r in self.lex.rules]
        by_word: dict[str, list[int]] = {}
        by_letters: dict[str, list[int]] = {}  # the rules that can start with a token of letters then digits
        digit_rules, any_rules = [], []
        for i, r in enumerate(self.lex.rules):
            words, kinds = first_words(r.regex)
            for w in words:
                if w.endswith("#digit"):  # "fy#digit": "FY25", "Q4FY23" ("q#digit")
                    by_letters.setdefault(w[:-len("#digit")], []).append(i)
                else:
                    by_word.setdefault(w, []).append(i)
            if "digit" in kinds:
                digit_rules.append(i)
            if "any" in kinds:
                any_rules.append(i)
        # The rules tried at a start, as (rule index, its regex's match, its "t" group, its defaults):
        # those that can start with the word there, then those that can start anywhere. No listed
        # word starts with a digit (first_words gives those as the kind "digit").
        tries = [(i, r.regex.match, t, r.defaults) for i, (r, _, t) in enumerate(self._rules)]
        self._any_tries = tuple(tries[i] for i in any_rules)
        self._digit_tries = tuple(tries[i] for i in digit_rules) + self._any_tries
        self._tries_by_word = {w: tuple(tries[i] for i in v) + self._any_tries for w, v in by_word.items()}
        self._tries_by_letters = {w: tuple(tries[i] for i in v) + self._any_tries for w, v in by_letters.items()}
        # The trigger tokens of a lower-cased text: a separator character, then a listed word (a whole
        # token) or a token starting with a digit (\d, else a non-ASCII character among the other
        # digits: a quick test first). Two scans: one after a space (the regex engine skips fast to a
        # literal first character) and one after any other separator (its first character class lets
        # the engine skip the lower-case letters, digits and spaces).
        words = _alternation(w for w in self.lex.triggers if w == w.lower() and not w[0].isdigit())
        letters = _alternation(by_letters) if by_letters else "(?!)"
        head = rf"(?:{words}(?![^\W_])|(?:{letters})\d|\d|[^\x00-\x7f](?<=[{re.escape(_other_digits())}]))"
        self._trigger_scans = (re.compile(" " + head), re.compile(r"[^ a-z0-9](?<=[\W_])" + head))
        self._cache: dict[str, list] = {}
        self.window_cache = window_cache
        # weekdays by their full names ("the Monday after Thanksgiving")
        self._weekdays = {w: int(v[0]) for w, v in self.lex.tables.get("weekdays", {}).items()
                          if v and w.isalpha() and w.endswith("day")}
        self._last: tuple[str, list] = ("", [])  # the last text's candidates: a text tagged again reuses them

    def candidates(self, text: str) -> list[tuple[int, int, int, dict]]:
        """All rule matches as (extent start, extent end, rule index, groups).

        Rules are tried only where an expression can start: at a trigger word (a month,
        a unit, a digit, ...) or at up to five words before it that may lead one in
        ("the past", "early", "more than"), and only the rules that can start with the
        word found there. Matches depend on a short window of text only, so repeated
        windows reuse earlier results, and the text itself tagged again (without a date, then
        from the date inferred from those mentions) reuses them all.
        """
        last_text, last = self._last
        if text == last_text and self.window_cache:
            return list(last)
        out = self._candidates(text)
        self._last = (text, out[:])
        return out

    def _candidates(self, text: str) -> list[tuple[int, int, int, dict]]:
        out = []
        by_word, digit_tries, any_tries = self._tries_by_word, self._digit_tries, self._any_tries
        cache = self._cache
        n = len(text)
        for pos in self._starts(text):
            key = text[pos - 1:pos + _WINDOW] if pos else "\x00" + text[:_WINDOW]
            hit = cache.get(key)
            if hit is None:
                ch = text[pos]
                if ch.isalnum():
                    word = _TOKEN.match(text, pos).group().lower()
                    if word[0].isdigit():
                        tried = digit_tries
                    else:
                        tried = by_word.get(word)
                        if tried is None:  # "fy25", "q4fy23": letters, then digits
                            lead = _LETTERS_THEN_DIGIT.match(word)
                            tried = self._tries_by_letters.get(lead.group(1), any_tries) if lead else any_tries
                else:
                    tried = by_word.get("#" + ch, any_tries)
                hit = []
                cacheable = pos + _WINDOW < n
                for i, match, t, defaults in tried:
                    m = match(text, pos)
                    if m is None:
                        continue
                    if m.end() > pos + _WINDOW - 24:
                        cacheable = False
                    s, e = (m.span(t) if t else m.span())
                    if s < e:
                        groups = dict(defaults)
                        groups.update((k, v) for k, v in m.groupdict().items() if v is not None)
                        hit.append((s - pos, e - pos, i, groups))
                if cacheable and self.window_cache:
                    if len(cache) > _CACHE_SIZE:
                        cache.clear()
                    cache[key] = hit
            for s, e, i, groups in hit:
                out.append((s + pos, e + pos, i, groups))
        return out

    def _starts(self, text: str) -> list[int]:
        """Offsets where a rule may match: each trigger token (a listed word or one starting with a
        digit), the apostrophe before it ("'90s"), and up to five lead words before it.

        Regex scans of the lower-cased text find the trigger tokens (no Python loop over every
        token); the lead words before each are read backwards, a token at a time, from the
        reversed text.
        """
        low = text.lower()
        if len(low) != len(text):  # "İ" lower-cases to two characters: offsets would shift
            return self._starts_by_tokens(text)
        leads = self.lex.leads
        rev = low[::-1]  # the character before offset p is rev[n - p]
        n = len(low)
        starts: set[int] = set()
        # the scans match the separator character before each trigger token: a leading blank puts
        # one before a token at offset 0, and shifts the match start onto the token
        padded = " " + low
        heads = sorted(m.start() for scan in self._trigger_scans for m in scan.finditer(padded))
        for pos in heads:  # in text order: a lead already taken has had the leads before it read
            starts.add(pos)
            if pos and text[pos - 1] in "'\u2019":
                starts.add(pos - 1)
            back = n - pos
            for _ in range(5):
                lead = _LEAD_BACK.match(rev, back)
                if lead is None:
                    break
                back = lead.end()
                start = n - back
                sep, word = lead.groups()
                if start in starts or word[::-1] not in leads or "\n\n" in sep:
                    break
                starts.add(start)
        return sorted(starts)

    def _starts_by_tokens(self, text: str) -> list[int]:
        """``_starts`` by a walk over the tokens (for texts whose lower-case form has another length)."""
        triggers, leads = self.lex.triggers, self.lex.leads
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)]
        starts: set[int] = set()
        letters = self._tries_by_letters
        for i, (pos, _, word) in enumerate(tokens):
            lead = _LETTERS_THEN_DIGIT.match(word)
            if not (word in triggers or word[0].isdigit() or lead and lead.group(1) in letters):
                continue
            starts.add(pos)
            if pos and text[pos - 1] in "'\u2019":
                starts.add(pos - 1)
            j = i - 1
            while j >= 0 and i - j <= 5:
                start, end, w = tokens[j]
                if start in starts or w not in leads or "\n\n" in text[end:tokens[j + 1][0]]:
                    break
                starts.add(start)
                j -= 1
        return sorted(starts)

    def _normalize(self, text, s, e, i, groups, dct_ref, refs):
        return self._normalize_noting(text, s, e, i, groups, dct_ref, refs)[0]

    def _normalize_noting(self, text, s, e, i, groups, dct_ref, refs):
        """The normalization, and whether it read the earlier mentions ``refs``."""
        rule, fn, _ = self._rules[i]
        match = Match(rule.name, groups, text, s, e, self.lex, dct_ref, refs,
                      lambda: clause_tense(text, s, e, self.lex))
        t = fn(match)
        if t is None or not tx.is_valid_timex3(t.value) or opens_a_title(match):
            return None, match.read_earlier
        return t, match.read_earlier

    def tag(self, text: str, dct: str | date | datetime | None = None) -> list[TimeMention]:
        if not text or not _PREFILTER.search(text):
            return []
        day = _as_date(dct)
        dct_ref = Reference(day, "day", "dct", day.isoformat()) if day else None
        cands = self.candidates(text)
        # Longest extent first, then the earliest rule; a match its normalizer rejects
        # ("may" the verb, "Section 2021") leaves room for a shorter one.
        contested = _contested(cands)
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken = bytearray(len(text))
        chosen = []
        tried: dict[int, Timex] = {}  # by start: a trial's answer that read no earlier mention holds for the mention
        for s, e, i, m in cands:
            if any(taken[s:e]):
                continue
            if (s, e, i) in contested:
                t, read = self._normalize_noting(text, s, e, i, m, dct_ref, _TRIAL_REFS)
                if t is None:
                    continue
                if not read:
                    tried[s] = t
            taken[s:e] = b"\x01" * (e - s)
            chosen.append((s, e, i, m))
        chosen.sort(key=lambda c: c[0])
        # Normalize in text order so that later mentions can lean on earlier ones.
        mentions: list[TimeMention] = []
        refs: list[Reference] = []
        ref_spans: list[tuple[int, int]] = []
        quotes = QuoteIndex(text)
        said_after: dict[tuple[int, int], Reference | None] = {}  # quote -> the date its attribution after it gives
        for k, (s, e, i, m) in enumerate(chosen):
            now = dct_ref
            quote = quotes.enclosing(s, e) if quotes.spans else None
            if quote is not None:  # inside a quote dated by its attribution: speak from that date
                now = self._quote_date(text, quote, quotes, refs, ref_spans)
                if now is None:
                    if quote not in said_after:
                        said_after[quote] = self._quote_date_after(text, quote, chosen, k, dct_ref, refs)
                    now = said_after[quote]
                now = now or dct_ref
            t = tried.get(s) if now is dct_ref else None
            if t is None:
                t = self._normalize(text, s, e, i, m, now, refs)
            if t is None:
                continue
            beside = _day_beside(text, s, t, self._weekdays)  # "the day before last Tuesday('s hearing)": a day on
            while beside < s and mentions and mentions[-1].start >= beside:  # "the Monday after Thanksgiving"
                dropped = mentions.pop()  # the weekday, now part of this mention
                if ref_spans and ref_spans[-1][0] == dropped.start:
                    refs.pop()
                    ref_spans.pop()
            s = beside
            mention = self._mention(text, s, e, t)
            mentions.append(mention)
            if mention.first_day is not None and mention.type in ("DATE", "TIME", "DURATION"):
                # an anchored duration ("two days later") leads to a date later mentions may lean on
                refs.append(Reference(mention.first_day, mention.precision or "day", f"mention:{s}",
                                      t.point or t.value, self._rules[i][0].normalizer, self._rules[i][0].name,
                                      t.told, e))
                ref_spans.append((s, e))
            elif mention.type == "DURATION" and _PERIOD.match(mention.text) and _PERIOD_VALUE.match(t.value):
                # "for the nine months": the period a later "a year earlier" compares with (a year, not
                # the quarter named before it); it has no calendar day of its own
                refs.append(Reference(None, "period", f"mention:{s}", t.value, self._rules[i][0].normalizer,
                                      self._rules[i][0].name))
                ref_spans.append((s, e))
        return mentions

    def _quote_date(self, text: str, quote: tuple[int, int], quotes: QuoteIndex, refs: list[Reference],
                    spans: list[tuple[int, int]]) -> Reference | None:
        """The date the quote was said, when the words just before it give one (as the quote's "now")."""
        lo, hi = quotes.attribution_window(quote)
        mark = hi - 2 if text[max(0, hi - 2):hi] == "``" else hi - 1
        verbs = self.lex.tables.get("speech_verbs", {})
        for k in range(len(refs) - 1, -1, -1):
            s, e = spans[k]
            if s < lo:
                return None
            r = refs[k]
            if e <= mark and r.precision in _QUOTE_DATE_PRECISIONS:
                if dates_quote(text, s, e, mark, verbs):
                    return Reference(r.day, r.precision, r.anchor, r.value)
                return None
        return None

    def _quote_date_after(self, text: str, quote: tuple[int, int], chosen: list, k: int, dct_ref: Reference | None,
                          refs: list[Reference]) -> Reference | None:
        """The date the quote was said, when its attribution right after it gives one ("'Last night was a
        brutal night,' Zelenskiy said in a video address on Tuesday morning"): the first mention after the
        closing mark, in the same sentence, after a verb of saying."""
        close = quote[1]
        for s, e, i, m in chosen[k + 1:]:
            if s < close:
                continue
            if not dated_after_quote(text, close, s, self.lex.tables.get("speech_verbs", {})):
                return None
            t = self._normalize(text, s, e, i, m, dct_ref, refs)
            if t is None or t.type not in ("DATE", "TIME"):
                return None
            sp = tx.span(t.value)
            if sp is None or tx.precision(t.value) not in ("day", "time"):
                return None
            return Reference(sp[0], "day", f"mention:{s}", t.value[:10])
        return None

    @staticmethod
    def _mention(text: str, s: int, e: int, t) -> TimeMention:
        first = last = None
        prec = None
        point = t.value if t.type in ("DATE", "TIME") else t.point  # an anchored duration: the date it leads to
        if point:
            sp = tx.span(point)
            if sp:
                first, last = sp
            prec = tx.precision(point)
        if t.through and first is not None:  # "the 2019-20 season": its days run on
            last = tx.span(t.through)[1]
        return TimeMention(start=s, end=e, text=text[s:e], type=t.type, value=t.value, mod=t.mod,
                           first_day=first, last_day=last, anchor=t.anchor, precision=prec)


_DAY_BESIDE = re.compile(r"(?i)\bthe\s+([a-z]+)\s+(before|after)\s+$")
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d$")


def _day_beside(text: str, s: int, t, weekdays: dict[str, int]) -> int:
    """Where a day's mention starts once "the day before" or "the day after" right before it is taken
    in ("the day after Christmas", "the day before last Tuesday's hearing"), or "the <weekday> after"
    ("the Monday after Thanksgiving", "the Friday before Christmas"); its value moves to that day."""
    if t.type != "DATE" or not _DAY_VALUE.match(t.value):
        return s
    m = _DAY_BESIDE.search(text, max(0, s - 30), s)
    if m is None:
        return s
    word, after = m.group(1).lower(), m.group(2).lower() == "after"
    day = date.fromisoformat(t.value)
    if word == "day":
        step = 1 if after else -1
    elif word in weekdays:  # the first such weekday after (before) the day, never the day itself
        step = (weekdays[word] - day.isoweekday()) % 7 or 7 if after else -((day.isoweekday() - weekdays[word]) % 7 or 7)
    else:
        return s
    t.value = (day + timedelta(days=step)).isoformat()
    return m.start()


# Earlier mentions are not known yet when overlapping candidates are tried, so the trial
# gives every candidate a stand-in antecedent: "later that day" is not rejected for want of
# one (its real antecedent, or its absence, decides in the text-order pass).
_TRIAL_REFS = [Reference(date(2000, 1, 1), "day", "trial", "2000-01-01")]


# A duration spoken of as the period reported on ("the nine months", "the latest six months", "the
# fiscal year"), in months or a year: not a quarter.
_PERIOD = re.compile(r"(?i)the\s")
_PERIOD_VALUE = re.compile(r"P(?:(?:[12][0-9]|[124-9])M|1Y)$")

_QUOTE_DATE_PRECISIONS = frozenset({"time", "day", "week", "month", "season", "quarter", "year"})


def _contested(cands: list) -> set[tuple[int, int, int]]:
    """Candidates that overlap another one (only those need a trial normalization)."""
    out: set[tuple[int, int, int]] = set()
    ordered = sorted(cands, key=lambda c: (c[0], c[1]))
    reach, holder = -1, None
    for c in ordered:
        if c[0] < reach:
            out.add((c[0], c[1], c[2]))
            out.add(holder)
        if c[1] > reach:
            reach, holder = c[1], (c[0], c[1], c[2])
    return out


@lru_cache(maxsize=1)
def _other_digits() -> str:
    """The characters that str.isdigit accepts beyond the decimal digits of \\d ("\u00b2", "\u2460")."""
    return "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isdigit() and not c.isdecimal())


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    return Tagger()


def tag(text: str, dct: str | date | datetime | None = None) -> list[TimeMention]:
    """Time expressions in ``text``, normalized against the document creation time ``dct``.

    ``dct`` is an ISO date string, a ``date``/``datetime`` or None (then relative
    expressions stay underspecified). Offsets are Python ``str`` indices.
    """
    return default_tagger().tag(text, dct)
