"""Where the tagger tries its rules: trigger tokens and the lead words before them.

``Tagger._starts`` picks the trigger tokens from one split of the lower-cased text;
``Tagger._starts_by_tokens`` walks every token. Both must give the same offsets.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import tag
from timeline.temporal.tagger import default_tagger

PIECES = ["May", "may", "the", "last", "early", "in", "of", "2021", "Thursday", "1990s", "\u2019", "'", "_", "-",
          " ", "  ", "\n", "\n\n", ".", ",", "\u00b2", "\u00bd", "K", "\u212a", "\u017f", "\u0130", "\u03a3", "A\u03a3",
          "caf\u00e9", "\u0661\u0662"]


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
