"""The tense of the clause around a time expression, from the markers of ``tense_markers.tsv``."""

import pytest

from timeline.temporal.lexicon import load
from timeline.temporal.tense import tense, verb_before


def _tense(sentence: str, mention: str) -> str | None:
    start = sentence.index(mention)
    return tense(sentence, start, start + len(mention), load())


@pytest.mark.parametrize("sentence,mention,expected", [
    ("Leaders met on Thursday.", "Thursday", "past"),
    ("Leaders will meet on Thursday.", "Thursday", "future"),
    ("The vote on Thursday was close.", "Thursday", "past"),  # no marker before: the first one after
    ("Collins will be named commander in December.", "December", "future"),  # a passive takes its auxiliary's tense
    ("The summit will be held in November.", "November", "future"),  # so does a listed past form after "be"
    ("The summit was held in November.", "November", "past"),
    ("Heavy rain is forecast for Friday.", "Friday", "future"),
    ("The meeting on Thursday.", "Thursday", None),
    # a phrase fronted after a semicolon takes the tense of the clause after its comma
    ("We have talked of little else for weeks; on Thursday, we will find out.", "Thursday", "future"),
    # a present marker written with a capital inside its sentence is part of a name
    ("Serena Williams won her third U.S. Open title on Sunday.", "Sunday", "past"),
    ("The Australian Open starts on Monday.", "Monday", "present"),
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
    # a word that dates a phrase of its own governs no present verb after it
    ("City won last weekend and host Wolves on Tuesday night.", "Tuesday night", "present"),
    # "since" marks the past of the mention right after it only
    ("Canada marks 150 years since Confederation on Saturday.", "Saturday", "present"),
    ("Shops have been shut since Saturday.", "Saturday", "past"),
    # a hope, a wish or an aim is of what is still to come, even told in the past
    ("Transnet said it hoped to restore full operations by the weekend.", "the weekend", "future"),
    ("The companies said they hoped to complete the deal by the fall.", "the fall", "future"),
    ("The minister wanted to sign the bill on Friday.", "Friday", "future"),
    ("The two sides agreed to a ceasefire on Tuesday.", "Tuesday", "past"),
    # the present tense of a scheduled event; "is" and "are" only right before the mention
    ("They meet separately Monday with the envoy.", "Monday", "present"),
    ("The deadline expires at midnight on Friday.", "Friday", "present"),
    ("Throw-in is 3.30pm on Sunday.", "3.30pm on Sunday", "present"),
    ("The report is about a crash on Sunday.", "Sunday", None),
    # a passive in the present: its participle decides nothing, nor "is" away from the mention
    ("He faces prison when he is sentenced on March 28.", "March 28", "present"),
    ("Three soldiers were killed on Tuesday.", "Tuesday", "past"),
    ("The law comes into force on New Year's Day.", "New Year's Day", "present"),
    ("Counting begins at 9am, with results expected by Saturday afternoon.", "Saturday afternoon", "future"),
    # a verb of saying after a comma is the attribution, not the tense of the clause
    ("The International Court of Justice will deliver its ruling on South Africa's request for emergency "
     "measures against Israel at 1 p.m. (1200 GMT) on Friday, the court said.", "Friday", "future"),
    ("Inflation hit a record in May, and economists expect it to peak in the autumn.", "the autumn", "future"),
    # a past form right after a modal is in the modal's tense
    ("Schools will stay closed Wednesday as crews clear roads.", "Wednesday", "future"),
    ("The parade steps off at 9 a.m. Thursday.", "9 a.m. Thursday", "present"),
    ("Britain votes on Thursday on whether to remain in the EU.", "Thursday", "present"),
    ("Voters in England go to the polls on Thursday.", "Thursday", "present"),
    ("Voters went to the polls on Thursday.", "Thursday", "past"),
    ("Liverpool travel to Crystal Palace on Sunday.", "Sunday", "present"),
    ("Vendors return to Courthouse Square on Saturday.", "Saturday", "present"),
    # a marker before a comma does not govern the present after it
    ("Liverpool, who won the title a fortnight ago, host Burnley on Saturday.", "Saturday", "present"),
    ("The fireworks begin at 9:30 p.m. Wednesday.", "9:30 p.m. Wednesday", "present"),
    # a marker after a determiner is an adjective or a noun
    ("South Africa play Morocco in the last 16 on Tuesday.", "Tuesday", "present"),
    ("The votes on Thursday were counted by Friday.", "Thursday", "past"),
    # "expected" alone looks ahead ("the result expected early on Friday")
    ("Polls close at 10pm, with the result expected early on Friday.", "early on Friday", "future"),
    # "ahead of" looks ahead inside its own phrase only
    ("The rand weakened on Monday ahead of an interest-rate decision on Thursday.", "Thursday", "future"),
    ("Just ahead of the envoy's trip, the department on Sunday issued a warning.", "Sunday", "past"),
    # an irregular past tense
    ("The court heard arguments on Friday over a law that would ban the app.", "Friday", "past"),
    ("In May, the board brought in a new chairman.", "May", "past"),
])
def test_tense_of_the_clause(sentence, mention, expected):
    assert _tense(sentence, mention) == expected


@pytest.mark.parametrize("sentence,mention,expected", [
    ("Britain left the EU on Jan. 31.", "Jan. 31", "past"),  # a listed past form
    ("Rioters stormed the Capitol on Jan. 6.", "Jan. 6", "past"),  # -ed before a determiner
    ("He was killed on Jan. 6.", "Jan. 6", "past"),  # the auxiliary of a passive
    ("The company announced Jan. 6 that it would close.", "Jan. 6", "past"),  # -ed right before the date
    ("Shane Warne died on 4 March.", "4 March", "past"),  # a short past form, listed
    ("It will redeem the preferred shares on Oct. 31.", "Oct. 31", None),  # -ed before a noun: an adjective
    ("Dunkin' has set Nov. 10 as the deadline.", "Nov. 10", "perfect"),
    ("The commission has set Jan. 10 as the deadline.", "Jan. 10", "perfect"),
    ("The monsoon is expected to hit Kerala on June 4.", "June 4", None),  # an infinitive
    ("Conseco said it is calling for the redemption on Dec. 7.", "Dec. 7", None),  # more than four words back
    ("The ferry sails on Jan. 6.", "Jan. 6", None),
])
def test_the_verb_right_before_the_mention(sentence, mention, expected):
    assert verb_before(sentence, sentence.index(mention), load()) == expected


def test_a_verb_of_saying_does_not_put_a_scheduled_event_in_the_past():
    assert _tense("The club said England face Wales on Saturday.", "Saturday") == "present"
    assert _tense("The club will face Wales on Saturday.", "Saturday") == "future"


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


def test_sentence_bounds_found_in_one_pass_match_the_window_scan():
    """Once a text has had many lookups its sentence ends are indexed; each mention's sentence
    is the same as a scan of its own window finds, also where a sentence end crosses the
    window's edge."""
    from timeline.temporal.tense import _SENTENCE_END, sentence_bounds

    def scanned(text, start, end, reach):
        lo = max(0, start - reach)
        left = lo
        for m in _SENTENCE_END.finditer(text, lo, start):
            left = m.end()
        m = _SENTENCE_END.search(text, end, min(len(text), end + reach))
        return left, (m.start() + 1 if m else min(len(text), end + reach))

    text = "Talks ended. \n\n Mr. Ode will fly out on Friday!  Aides met at 5 p.m. The rest left.\n\nOn Monday, \"Done.\""
    text = text * 5  # the first lookups scan their windows, the later ones use the text's index
    for start in range(len(text)):
        for end in (start, min(len(text), start + 3)):
            for reach in (2, 7, 80, 200):
                assert sentence_bounds(text, start, end, reach) == scanned(text, start, end, reach)
    start = text.index("Friday")
    assert text[slice(*sentence_bounds(text, start, start + 6))] == "Mr. Ode will fly out on Friday!"


def test_a_long_sentence_of_many_mentions_reads_the_tense_of_each():
    text = "Aides will meet " + "on Thursday, " * 2000 + "and then again."
    lex = load()
    starts = [i for i in range(len(text)) if text.startswith("Thursday", i)]
    assert tense(text, starts[0], starts[0] + 8, lex) == "future"  # the marker is near
    assert tense(text, starts[-1], starts[-1] + 8, lex) is None  # none in the whole sentence window
