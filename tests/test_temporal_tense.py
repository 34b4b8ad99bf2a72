"""The tense of the clause around a time expression, from the markers of ``tense_markers.tsv``."""

import pytest

from timeline.temporal.lexicon import load
from timeline.temporal.tense import tense


def _tense(sentence: str, mention: str) -> str | None:
    start = sentence.index(mention)
    return tense(sentence, start, start + len(mention), load())


@pytest.mark.parametrize("sentence,mention,expected", [
    ("Leaders met on Thursday.", "Thursday", "past"),
    ("Leaders will meet on Thursday.", "Thursday", "future"),
    ("The vote on Thursday was close.", "Thursday", "past"),  # no marker before: the first one after
    ("Collins will be named commander in December.", "December", "future"),  # a passive takes its auxiliary's tense
    ("The meeting on Thursday.", "Thursday", None),
    # three-word markers
    ("The group would be ready to leave as soon as Tuesday.", "Tuesday", "future"),
    ("They could come as early as Tuesday.", "Tuesday", "future"),
    # a strong marker a few words before decides over a nearer one
    ("Funds were likely to buy as soon as trading opened Monday.", "Monday", "future"),
    # a plan word after a past auxiliary is a plan of the past
    ("It had been due to expire Friday evening.", "Friday", "past"),
    ("The offer previously had been scheduled to expire at midnight Friday.", "Friday", "past"),
    ("The offensive began as previously planned Saturday night.", "Saturday", "past"),
    ("The offer is scheduled to expire Friday.", "Friday", "future"),
    ("Protesters were planning to drive around the airport on Monday.", "Monday", "future"),
    # a marker word used as an adjective after a determiner decides nothing
    ("The planned merger was approved Friday.", "Friday", "past"),
    ("On Friday, before the hastily planned trip, the department lifted a warning.", "Friday", "past"),
    # "until" looks ahead; a deadline alone says nothing
    ("Officials postponed until Tuesday morning any action.", "Tuesday", "future"),
    ("Holders tendered their shares by the Tuesday deadline.", "Tuesday", "past"),
    # what is agreed, decided or promised is to come; "agreed to" a noun is a past agreement
    ("Thermo Electron agreed to purchase the line in February.", "February", "future"),
    ("The board voted to close the plant on Friday.", "Friday", "future"),
    ("The two sides agreed to a ceasefire on Tuesday.", "Tuesday", "past"),
    # an irregular past tense
    ("In May, the board brought in a new chairman.", "May", "past"),
])
def test_tense_of_the_clause(sentence, mention, expected):
    assert _tense(sentence, mention) == expected


def test_a_strong_marker_far_before_the_mention_does_not_decide():
    sentence = "As soon as he arrived in the capital city, the delegation met the minister on Friday."
    assert _tense(sentence, "Friday") == "past"


def test_a_fronted_phrase_takes_the_tense_of_the_clause_after_its_comma():
    assert _tense("Until Thursday, they had not called Kopp a suspect.", "Thursday") == "past"
    assert _tense("On Monday, the envoy will fly to Kabul.", "Monday") == "future"


def test_without_a_marker_close_by_the_whole_sentence_decides():
    # "would" lies more than 80 characters before "August 6": the rest of the sentence holds no marker
    sentence = ("Two new ferries would leave the harbour on Monday and Tuesday evenings from March 30, "
                "with a third one sailing from August 6.")
    assert _tense(sentence, "August 6") == "future"
    assert _tense("The ferry sails on Friday.", "Friday") is None
