"""Where the tagger tries its rules: trigger tokens and the lead words before them.

``Tagger._starts`` finds the trigger tokens by regex scans of the lower-cased text and reads
the lead words backwards; ``Tagger._starts_by_tokens`` walks every token. Both must give the
same offsets.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import tag
from timeline.temporal.tagger import default_tagger

PIECES = ["May", "may", "the", "last", "early", "in", "of", "2021", "Thursday", "1990s", "\u2019", "'", "_", "-",
          " ", "  ", "\n", "\n\n", ".", ",", "\u00b2", "\u00bd", "K", "\u212a", "\u017f", "\u0130", "\u03a3", "A\u03a3",
          "caf\u00e9", "\u0661\u0662", "FY25", "fy", "Q4FY23", "H1", "h264", "q"]


def test_a_trigger_and_its_leads_are_starts():
    text = "He left in the early spring of 2021."
    starts = default_tagger()._starts(text)
    for word in ("in", "the", "early", "spring", "2021"):
        assert text.index(word) in starts
    assert text.index("He") not in starts and text.index("left") not in starts


def test_leads_stop_at_a_paragraph_break():
    text = "the\n\nlast year"
    starts = default_tagger()._starts(text)
    assert text.index("last") in starts and 0 not in starts


def test_apostrophe_before_a_trigger_is_a_start():
    text = "in the \u201990s"
    assert text.index("\u2019") in default_tagger()._starts(text)


def test_a_trigger_at_the_start_of_the_text_or_after_punctuation_is_a_start():
    starts = default_tagger()._starts("2021 ended (May 2021)")
    assert 0 in starts and 12 in starts and 16 in starts


def test_a_token_opening_with_any_kind_of_digit_is_a_trigger():
    for text in ("ref \u00b2x", "ref \u0661\u0662", "ref \u2460"):  # superscript, Arabic-Indic, circled
        assert default_tagger()._starts(text) == [4]


def test_a_listed_word_inside_a_longer_token_is_no_trigger():
    assert default_tagger()._starts("dismay mayday maybe") == []


def test_a_token_of_letters_then_digits_that_a_rule_can_open_is_a_start():
    text = "Profit in FY25 and Q4FY23, not in fyx or FYI."
    starts = default_tagger()._starts(text)
    assert text.index("FY25") in starts and text.index("Q4FY23") in starts
    assert text.index("fyx") not in starts and text.index("FYI") not in starts


def test_first_words_of_a_word_that_runs_on_into_digits_are_its_letters():
    import re

    from timeline.temporal.first_words import first_words

    assert first_words(re.compile(r"(?-i:FY)\s?(?P<year>\d\d)", re.I)) == ({"fy", "fy#digit"}, set())
    assert first_words(re.compile(r"(?-i:Q)[1-4]", re.I)) == ({"q#digit"}, set())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_same_starts_as_the_token_walk_on_word_soup(pieces):
    text = "".join(pieces)
    tagger = default_tagger()
    assert tagger._starts(text) == tagger._starts_by_tokens(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_same_starts_as_the_token_walk_on_any_text(text):
    tagger = default_tagger()
    assert tagger._starts(text) == tagger._starts_by_tokens(text)


def test_text_whose_lower_case_is_longer_is_still_tagged():
    # "\u0130".lower() has two characters; offsets stay those of the original text
    text = "\u0130stanbul talks began on Thursday."
    (m,) = tag(text, dct="2021-08-27")
    assert text[m.start:m.end] == "Thursday" and m.value == "2021-08-26"
