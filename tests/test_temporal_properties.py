"""Properties of the tagger over arbitrary text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import tag
from timeline.temporal.timex import is_valid_timex3

WORDS = ["May", "may", "March", "Thursday", "last", "year", "the", "past", "20", "2021", "8/26/2021", "9/11",
         "early", "late", "nearly", "two", "days", "ago", "Aug.", "26,", "Feb.", "30,", "next", "day", "later",
         "every", "1990s", "%", "$", "-", "/", ".", ",", "\u2019s", "spring", "of", "night", "p.m.", "5:30", "\n"]


def _check(text, dct):
    for m in tag(text, dct):
        assert text[m.start:m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)
        assert is_valid_timex3(m.value), m
        assert m.type in ("DATE", "TIME", "DURATION", "SET")
        if m.first_day is not None:
            assert m.first_day <= m.last_day


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from([None, "2021-08-27", "1998-01-08", "2000-02-29"]))
def test_arbitrary_unicode(text, dct):
    _check(text, dct)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.sampled_from([None, "2021-08-27", "2023-04-26"]))
def test_temporal_word_soup(words, dct):
    _check(" ".join(words), dct)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(29, 31), st.integers(1900, 2099))
def test_impossible_days_are_never_emitted(month, day, year):
    from calendar import monthrange

    text = f"It happened on {month}/{day}/{year} and on day {day} of month {month}."
    for m in tag(text, "2021-08-27"):
        assert is_valid_timex3(m.value)
    if day > monthrange(year, month)[1]:
        assert all(m.value != f"{year}-{month:02d}-{day:02d}" for m in tag(text, "2021-08-27"))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789\u0660\u0661\u0662\u06f1\u0967\uff11/-., ", max_size=40))
def test_values_use_ascii_digits_only(text):
    for m in tag("in " + text + " and on Thursday", "2021-08-27"):
        assert m.value.isascii()


def test_every_holiday_reads_in_every_place_a_holiday_may_stand():
    """Each name of holidays.tsv, alone, after a clock time and ending a span of clock times, with and without a
    country named, gives valid mentions (national days among them, whose date depends on the country)."""
    from timeline.temporal.lexicon import load

    names = sorted(load().tables["holidays"])
    for name in names:
        title = name.title()
        for text in (f"{title} is here.", f"Doors open at 7 p.m. on {title}.",
                     f"Trains run from 6am until noon on {title}.", f"In India, at 4.30am on {title}, crowds met.",
                     f"The {title} weekend was busy last year."):
            for dct in (None, "2023-01-24"):
                _check(text, dct)
