"""Guess a document's creation time (DCT) when its metadata does not give one.

    >>> infer_dct("KABUL, Aug. 27 (Reuters) - A suicide bomber ... 2021 ...").value
    '2021-08-27'

Evidence, strongest first:

1. a news dateline at the top: ``KABUL, Aug. 27 (Reuters) -`` or ``WASHINGTON (AP) Aug. 27, 2021 --``;
2. a ``Published ...`` / ``Updated ...`` / ``Posted ...`` line;
3. a date in the URL path (``/2021/08/27/``, ``/20210827/``, ``/2021-08-27-``);
4. the latest explicit full date in the text (written with its year), moved to the next
   day when a bare weekday of the text names that same day (a "Thursday" must lie before
   the DCT); no guess when the text names a later year than that date.

A day without a year (a dateline) takes its year from the URL or from the latest year
written in the text. A full date reported in the past tense after the guess lowers its
confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.temporal.lexicon import load
from timeline.temporal.tagger import tag
from timeline.temporal.tense import tense as clause_tense

__all__ = ["DctGuess", "infer_dct"]


@dataclass(frozen=True)
class DctGuess:
    value: str  # ISO date
    confidence: float  # 0..1
    evidence: str


_LEX = load()
_MONTHS = "|".join(sorted((re.escape(k) for k in _LEX.tables["months"]), key=len, reverse=True))
_AGENCY = r"\((?:Reuters|AP|AFP|UPI|Xinhua|dpa|Bloomberg|CNN|IANS|PTI|ANI|Anadolu|AA|NNA|ANSA|EFE|TASS|Kyodo|Yonhap)\)"
_DASH_AFTER_DATE = rf"\s*(?:{_AGENCY})?\s*(?:-|--|\u2013|\u2014|:)"
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'\u2019-]{{1,40}},?(?:\s+[A-Z][A-Za-z .'-]{{1,30}},?)?\s*"
    rf"(?:{_AGENCY}\s*)?(?P<date>(?:{_MONTHS})\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?)"
    + _DASH_AFTER_DATE,
    re.IGNORECASE | re.MULTILINE,
)
# The dateline pattern is costly to try on a line of prose (its place names can end anywhere), so it is tried
# only on a line that could open one: the first digit of a dateline is its day's, reached through place names,
# an agency, a month name, punctuation and spaces alone (and the characters IGNORECASE matches to ASCII
# letters), and what follows that digit ends the date and reaches the dash.
_BEFORE_DIGIT = re.compile(r"[A-Za-z .'\u2019,()\s\u017f\u212a\u0130\u0131-]*(?=\d)")
_AFTER_FIRST_DIGIT = re.compile(
    rf"\d?(?:(?:,?\s+\d{{4}})?|\s+(?:{_MONTHS})(?:\s+\d{{4}})?){_DASH_AFTER_DATE}", re.IGNORECASE)
#: A dateline opens the text: it starts before this offset.
_DATELINE_REACH = 400
_PUBLISHED = re.compile(
    r"^\s*(?:first\s+)?(?:published|updated|last\s+updated|posted|date(?:d)?)(?:\s+on)?\s*[:\-]?\s*(?P<rest>.{4,80})$",
    re.IGNORECASE | re.MULTILINE,
)
_URL_PATTERNS = [
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_])"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:/|$|[-_.])"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:/|$|[-_.])"),
]
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2])(?:/|$)")


def _full_dates(text: str) -> list:
    return _full_dates_of(tag(text, None))


def _full_dates_of(mentions: list) -> list:
    """The full dates (a day written with its year) among a text's mentions read without a DCT."""
    return [m for m in mentions
            if m.type in ("DATE", "TIME") and m.precision in ("day", "time") and m.first_day
            and m.anchor == "none" and not m.value.startswith("XXXX") and re.search(r"\d{4}", m.text)]


def _first_full_date(fragment: str) -> date | None:
    found = _full_dates(fragment)
    if found:
        return found[0].first_day
    try:
        import dateparser  # parses what the rules do not: "27/08/2021 15:12 BST", "2021.08.27"

        d = dateparser.parse(fragment, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
        return d.date() if d else None
    except Exception:
        return None


def _url_date(url: str) -> tuple[date | None, tuple[int, int] | None]:
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "")
    for rx in _URL_PATTERNS:
        m = rx.search(path)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"])), None
            except ValueError:
                continue
    m = _URL_MONTH.search(path)
    if m:
        return None, (int(m["y"]), int(m["m"]))
    return None, None


def _dateline(head: str) -> re.Match | None:
    """The first dateline match starting before ``_DATELINE_REACH`` (as ``_DATELINE.search`` finds it), tried
    only at the starts of the lines that can open one."""
    p = 0
    while p < _DATELINE_REACH:
        lead = _BEFORE_DIGIT.match(head, p)
        if lead and _AFTER_FIRST_DIGIT.match(head, lead.end() + 1):
            m = _DATELINE.match(head, p)
            if m:
                return m
        p = head.find("\n", p) + 1
        if p == 0:
            return None
    return None


def _latest_year(mentions: list) -> int | None:
    years = [int(m.value[:4]) for m in mentions if m.type == "DATE" and re.match(r"^\d{4}", m.value)]
    return max(years) if years else None


def _consistency(text: str, mentions: list, guess: date) -> float:
    """Confidence factor: 0.6 when the text reports, in the past tense, a full date after ``guess``."""
    for m in _full_dates_of(mentions):
        if m.first_day > guess + timedelta(days=1) and clause_tense(text, m.start, m.end, _LEX) == "past":
            return 0.6
    return 1.0


class _Undated:
    """The mentions of a text read without a DCT (``tag(text, None)``), tagged once, when first asked for."""

    def __init__(self, text: str, mentions: list | None) -> None:
        self.text, self._mentions = text, mentions

    def __call__(self) -> list:
        if self._mentions is None:
            self._mentions = tag(self.text, None)
        return self._mentions


def infer_dct(text: str, url: str = "", title: str = "", mentions: list | None = None) -> DctGuess | None:
    """The most likely creation date of a news text, with a confidence and its evidence.

    ``mentions``: the text's time mentions read without a DCT (``tag(text, None)``), when the caller has
    them already; else the text is tagged here (once).
    """
    text = text or ""
    undated = _Undated(text, mentions)
    head = text[:2000]
    url_day, url_month = _url_date(url)

    m = _dateline(head)
    if m:
        frag = m.group("date")
        has_year = re.search(r"\d{4}", frag) is not None
        year = None
        if not has_year:
            year = url_day.year if url_day else (url_month[0] if url_month else _latest_year(undated()))
        if has_year or year:
            d = _first_full_date(frag if has_year else f"{frag}, {year}")
            if d:
                conf = 0.95 if has_year else 0.8
                return DctGuess(d.isoformat(), conf * _consistency(text, undated(), d), f"dateline: {m.group(0).strip()!r}")

    for m in _PUBLISHED.finditer(text[:5000]):
        d = _first_full_date(m.group("rest"))
        if d:
            return DctGuess(d.isoformat(), 0.9 * _consistency(text, undated(), d), f"byline: {m.group(0).strip()!r}")

    if url_day:
        return DctGuess(url_day.isoformat(), 0.85 * _consistency(text, undated(), url_day), f"URL path: {url}")

    dates = _full_dates(title + "\n" + text) if title else _full_dates_of(undated())
    if url_month:
        in_month = [x for x in dates if (x.first_day.year, x.first_day.month) == url_month]
        if in_month:
            d = max(x.first_day for x in in_month)
            return DctGuess(d.isoformat(), 0.6, f"URL month {url_month[0]}-{url_month[1]:02d} and date {d.isoformat()} in text")
    if dates:
        latest = max(dates, key=lambda x: x.first_day)
        d = latest.first_day
        later_year = _latest_year(undated())
        if later_year and later_year > d.year:
            return None  # the text speaks of a later year than any full date it gives
        weekdays = {int(_LEX.get("weekdays", w.text)) for w in undated()
                    if w.value.startswith("XXXX-WXX-") and _LEX.has("weekdays", w.text)}
        if d.isoweekday() in weekdays:
            nxt = d + timedelta(days=1)
            return DctGuess(nxt.isoformat(), 0.5,
                            f"latest date {latest.text!r} is a {d.strftime('%A')}, named as a past weekday")
        return DctGuess(d.isoformat(), 0.4, f"latest full date in the text: {latest.text!r}")
    return None
