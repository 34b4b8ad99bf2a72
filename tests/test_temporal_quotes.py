"""Quoted passages: where they are, and the date they speak from."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import tag
from timeline.temporal.quotes import _QUOTE, QuoteIndex, quote_spans, single_quote_spans


def _quoted(text):
    return [text[s:e] for s, e in quote_spans(text)]


def test_quote_spans_for_curly_straight_and_tex_marks():
    text = 'He said \u201cwe stay\u201d and "we fight" and ``we win\'\' today.'
    assert _quoted(text) == ["we stay", "we fight", "we win"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\u201c", "\u201d", '"', "`", "'", "a", " ", "\n"]), max_size=16))
def test_quotation_marks_are_single_curly_or_straight_quotes_and_pairs_of_backticks_or_apostrophes(pieces):
    text = "".join(pieces)
    plain = re.compile(r"[\u201c\u201d\"]|``|''")  # the same marks, written as a plain alternation
    assert [m.span() for m in _QUOTE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_single_quotation_marks_quote_but_apostrophes_do_not():
    text = "The soldiers' families said: 'We don't know.' In the '90s, rock 'n' roll faded. 'Go,' he said."
    assert [text[s:e] for s, e in single_quote_spans(text)] == ["We don't know.", "Go,"]


def test_a_single_quoted_passage_inside_a_double_quoted_one_is_not_another_quote():
    text = "“He told me, 'Stay here,' and left,” she said."
    assert len(QuoteIndex(text).spans) == 1


def test_a_quote_dated_by_its_attribution_after_it_speaks_from_that_date():
    text = "'Last night was a brutal night,' Zelenskiy said in a video address on Tuesday morning."
    (night, _) = tag(text, "2022-03-02")
    assert (night.text, night.value) == ("Last night", "2022-02-28TNI")
    text = "\u201cWe will meet tomorrow,\u201d he said on Friday."
    assert tag(text, "2022-03-02")[0].value == "2022-02-26"


def test_a_date_in_the_next_sentence_does_not_date_the_quote():
    (yesterday, _) = tag("\u201cYesterday was hard,\u201d he said. On Friday the talks resumed.", "2022-03-02")
    assert yesterday.value == "2022-03-01"


def test_a_quote_left_open_ends_with_its_paragraph():
    text = "\u201cWe stay, he said.\n\n\u201cWe fight,\u201d he added."
    assert _quoted(text) == ["We stay, he said.", "We fight,"]


def test_enclosing_quote_of_a_position():
    text = 'Before "inside here" after'
    index = QuoteIndex(text)
    s = text.index("inside")
    assert index.enclosing(s, s + 6) == (8, 19)
    assert index.enclosing(0, 6) is None


def test_a_quote_dated_by_its_attribution_speaks_from_that_date():
    text = ("The TTP is stronger than before, Mir wrote in an analysis last year. "
            "\u201cThe ties became evident after the Taliban\u2019s August takeover.\u201d")
    values = {m.text: m.value for m in tag(text, "2023-04-26")}
    assert values == {"last year": "2022", "August": "2021-08"}


def test_said_on_a_weekday_dates_the_quote():
    text = 'The minister said on Tuesday: "We will meet again on Friday."'
    values = {m.text: m.value for m in tag(text, "2021-08-30")}
    assert values == {"Tuesday": "2021-08-24", "Friday": "2021-08-27"}


def test_a_date_that_is_not_the_time_of_saying_does_not_date_the_quote():
    text = ('He said the target will remain for next year but wonders if it is at risk. '
            '"The break-even point for next year is much lower," he said.')
    values = [m.value for m in tag(text, "1989-10-30")]
    assert values == ["1990", "1990"]


def test_an_undated_quote_speaks_from_the_publication_date():
    (m,) = tag('He said: "Yesterday was hard."', "2021-08-27")
    assert (m.text, m.value) == ("Yesterday", "2021-08-26")
