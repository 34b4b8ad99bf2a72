"""Specification of the temporal tagger: one row per expression, then the traps."""

from datetime import date

import pytest

from timeline.temporal import tag
from timeline.temporal.tagger import Tagger

# (sentence, DCT, extent, type, value, mod)
CASES = [
    # explicit dates, precision kept
    ("The bombing on Aug. 26, 2021 killed 13 soldiers.", "2021-08-27", "Aug. 26, 2021", "DATE", "2021-08-26", None),
    ("It happened on 26 August 2021.", "2021-08-27", "26 August 2021", "DATE", "2021-08-26", None),
    ("Filed 8/26/2021 in court.", "2021-08-27", "8/26/2021", "DATE", "2021-08-26", None),
    ("The log shows 2021-08-26 as the day.", "2021-09-01", "2021-08-26", "DATE", "2021-08-26", None),
    ("The Taliban took Kabul in August 2021.", "2023-04-11", "August 2021", "DATE", "2021-08", None),
    ("He left in January 2015.", "2021-08-27", "January 2015", "DATE", "2015-01", None),
    ("The group has grown since 2019.", "2021-08-27", "2019", "DATE", "2019", None),
    ("The agreement was signed in 2020.", "2021-08-27", "2020", "DATE", "2020", None),
    ("They ruled in the 1990s.", "2021-08-27", "the 1990s", "DATE", "199", None),
    ("It began in the spring of 2011.", "2023-04-11", "the spring of 2011", "DATE", "2011-SP", None),
    ("It was bombed on September 11, 2001.", "2021-09-03", "September 11, 2001", "DATE", "2001-09-11", None),
    ("Offensives in late 2019 and early 2020.", "2021-08-27", "late 2019", "DATE", "2019", "END"),
    ("Offensives in late 2019 and early 2020.", "2021-08-27", "early 2020", "DATE", "2020", "START"),
    ("They arrived in late August 2021.", "2023-04-11", "late August 2021", "DATE", "2021-08", "END"),
    ("Profit rose in the third quarter.", "1989-10-26", "the third quarter", "DATE", "1989-Q3", None),
    # month and day without a year: the DCT's year, moved by the tense
    ("The deadline is August 31.", "2021-08-27", "August 31", "DATE", "2021-08-31", None),
    ("The dividend is payable Dec. 15.", "1989-11-02", "Dec. 15", "DATE", "1989-12-15", None),
    ("He was shot to death last Oct. 23.", "1999-04-19", "last Oct. 23", "DATE", "1998-10-23", None),
    ("In January this year, police arrived.", "1998-02-19", "January this year", "DATE", "1998-01", None),
    ("The attack came on August 26.", "2021-09-03", "August 26", "DATE", "2021-08-26", None),
    ("The governor was killed on March 11.", "2023-04-26", "March 11", "DATE", "2023-03-11", None),
    ("In September, the group attacked a mosque.", "2023-04-11", "September", "DATE", "2022-09", None),
    ("The talks will resume in September.", "2021-08-27", "September", "DATE", "2021-09", None),
    ("Fighting resumed in early April.", "2023-04-11", "early April", "DATE", "2023-04", "START"),
    ("It was announced in January.", "2023-04-26", "January", "DATE", "2023-01", None),
    # weekdays: past or future by the tense of the clause
    ("The bombing on Thursday killed 13 soldiers.", "2021-08-27", "Thursday", "DATE", "2021-08-26", None),
    ("Leaders met on Thursday.", "2021-08-27", "Thursday", "DATE", "2021-08-26", None),
    ("Leaders will meet on Thursday.", "2021-08-27", "Thursday", "DATE", "2021-09-02", None),
    ("The vote is set for Wednesday.", "2021-08-27", "Wednesday", "DATE", "2021-09-01", None),
    ("The Pentagon said late Tuesday night that it was done.", "2023-04-26", "late Tuesday night", "TIME", "2023-04-25TNI", "END"),
    ("He spoke Tuesday night.", "2023-04-26", "Tuesday night", "TIME", "2023-04-25TNI", None),
    # DCT-relative calendar words
    ("Yesterday, he went on Fox.", "2021-08-27", "Yesterday", "DATE", "2021-08-26", None),
    ("This morning, Weber reported it.", "2021-08-27", "This morning", "TIME", "2021-08-27TMO", None),
    ("Harris is visiting Vietnam this week.", "2021-08-27", "this week", "DATE", "2021-W34", None),
    ("After last week's attack at the airport.", "2021-09-03", "last week", "DATE", "2021-W34", None),
    ("The withdrawal ended last month.", "2021-09-03", "last month", "DATE", "2021-08", None),
    ("A drone killed him last year.", "2023-04-11", "last year", "DATE", "2022", None),
    ("It was reported earlier this month.", "2021-08-27", "earlier this month", "DATE", "2021-08", "START"),
    ("Output fell late last year.", "2023-04-11", "late last year", "DATE", "2022", "END"),
    ("Saigon fell 46 years ago.", "2021-08-27", "46 years ago", "DATE", "1975", None),
    ("They met two years ago.", "2021-08-27", "two years ago", "DATE", "2019", None),
    ("Sales will rise next year.", "1989-10-26", "next year", "DATE", "1990", None),
    ("Traders squared positions over the weekend.", "2021-08-23", "the weekend", "DATE", "2021-W33-WE", None),
    ("Revenue fell in the latest quarter.", "1989-10-26", "the latest quarter", "DATE", "1989-Q3", None),
    # references
    ("The Taliban now rule.", "2021-08-27", "now", "DATE", "PRESENT_REF", None),
    ("Those days are over these days.", "2021-08-27", "these days", "DATE", "PRESENT_REF", None),
    ("He said so recently.", "2021-08-27", "recently", "DATE", "PAST_REF", None),
    ("A proposal made a few months ago.", "2021-08-27", "a few months ago", "DATE", "PAST_REF", None),
    # durations: extents keep determiners and modifiers
    ("The war lasted 20 years.", "2021-08-27", "20 years", "DURATION", "P20Y", None),
    ("He waited six months.", "2021-08-27", "six months", "DURATION", "P6M", None),
    ("The war lasted a decade.", "2021-08-27", "a decade", "DURATION", "P10Y", None),
    ("over the past 20 years", "2021-08-27", "the past 20 years", "DURATION", "P20Y", None),
    ("in the past two decades", "2021-08-27", "the past two decades", "DURATION", "P20Y", None),
    ("Attacks grew over the past few months.", "2021-08-27", "the past few months", "DURATION", "PXM", None),
    ("It has been nearly two years since the pullout.", "2023-04-26", "nearly two years", "DURATION", "P2Y", "APPROX"),
    ("He served more than 20 years.", "2021-08-27", "more than 20 years", "DURATION", "P20Y", "MORE_THAN"),
    ("the next 12 months", "2021-08-27", "the next 12 months", "DURATION", "P12M", None),
    ("waiting half a century", "2021-08-27", "half a century", "DURATION", "P50Y", None),
    ("for the fourth consecutive year", "2023-04-11", "the fourth consecutive year", "DURATION", "P4Y", None),
    ("Reading Time: 7 minutes", "2021-09-03", "7 minutes", "DURATION", "PT7M", None),
    ("the end of the 20-year war", "2023-04-11", "20-year", "DURATION", "P20Y", None),
    ("in recent weeks", "2021-08-27", "recent weeks", "DURATION", "PXW", None),
    # sets
    ("Elections are held every year.", "2021-08-27", "every year", "SET", "P1Y", None),
    ("The paper appears daily.", "2021-08-27", "daily", "SET", "P1D", None),
    ("They meet every Thursday.", "2021-08-27", "every Thursday", "SET", "XXXX-WXX-4", None),
    # named days
    ("Enemies after 9/11, the US and the Taliban", "2021-09-03", "9/11", "DATE", "2001-09-11", None),
    ("They came home for Christmas.", "2021-12-28", "Christmas", "DATE", "2021-12-25", None),
    ("Markets close on New Year's Day.", "2021-12-20", "New Year's Day", "DATE", "2022-01-01", None),
    # clock times
    ("The blast came at 5:30 p.m. Thursday.", "2021-08-27", "5:30 p.m. Thursday", "TIME", "2021-08-26T17:30", None),
]


@pytest.mark.parametrize("text,dct,extent,ttype,value,mod", CASES, ids=[c[2] for c in CASES])
def test_expression(text, dct, extent, ttype, value, mod):
    found = [m for m in tag(text, dct) if m.text == extent]
    assert found, f"{extent!r} not tagged in {text!r}: {[(m.text, m.value) for m in tag(text, dct)]}"
    m = found[0]
    assert (m.type, m.value, m.mod) == (ttype, value, mod)
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", [
    "Support fell to 41% in the poll.",
    "Support fell to 41 % in the poll.",
    "The budget was $20m and later £15m.",
    "The US$100 million package.",
    "13 soldiers were killed.",
    "The account number is 8640.",
    "Some 1,400 fighters surrendered.",
    "We are all Americans.",
    "They may fight back.",
    "Protesters march on the capital.",
    "They March on the capital.",
    "Under Section 2021 of the code.",
    "Add 1/2 cup of sugar.",
    "About 3/4 of the votes.",
    "A 20-year-old man was arrested.",
    "The suspect is 45 years old.",
    "Count 1" + " " * 100 + "year by year.",
    "He paid $5 a year in dues.",
])
def test_traps_are_not_dates(text):
    assert [(m.text, m.value) for m in tag(text, "2021-08-27") if m.type in ("DATE", "TIME")] == []


def test_prepositions_are_outside_the_extent():
    texts = {m.text for m in tag("It happened on Thursday, in September and since 2019.", "2021-08-27")}
    assert texts == {"Thursday", "September", "2019"}


def test_possessive_is_outside_the_extent():
    (m,) = tag("This week\u2019s attack shocked everyone.", "2021-08-27")
    assert m.text == "This week"


def test_date_that_does_not_exist_is_not_emitted():
    values = [m.value for m in tag("The vote was on February 30, 2021.", "2021-08-27")]
    assert "2021-02-30" not in values
    assert all(not v.startswith("2021-02-3") for v in values)


def test_relative_expression_against_an_earlier_mention():
    text = "The attack came on Aug. 26, 2021. The next day, funerals began. Two days later the last plane left."
    ms = tag(text, "2021-09-03")
    by_text = {m.text: m for m in ms}
    assert by_text["The next day"].value == "2021-08-27"
    assert by_text["The next day"].anchor.startswith("mention:")
    assert by_text["Two days later"].value == "2021-08-29"


def test_without_dct_relative_expressions_stay_underspecified():
    ms = {m.text: m.value for m in tag("Last year he left. Yesterday he spoke. On Thursday, August 26 they met.", None)}
    assert ms["Last year"] == "XXXX"
    assert ms["Yesterday"] == "XXXX-XX-XX"
    assert ms["Thursday, August 26"] == "XXXX-08-26"
    assert all(m.first_day is None for m in tag("Last year he left.", None))


def test_without_dct_explicit_dates_still_resolve_followers():
    ms = tag("On Aug. 26, 2021 a bomb went off. The next day the airlift resumed.", None)
    assert [m.value for m in ms] == ["2021-08-26", "2021-08-27"]


def test_days_and_precision_are_filled():
    (m,) = tag("The Taliban took Kabul in August 2021.", None)
    assert (m.first_day, m.last_day, m.precision) == (date(2021, 8, 1), date(2021, 8, 31), "month")
    (w,) = tag("Harris is in Vietnam this week.", "2021-08-27")
    assert (w.first_day, w.last_day, w.precision) == (date(2021, 8, 23), date(2021, 8, 29), "week")
    (d,) = tag("The war lasted 20 years.", "2021-08-27")
    assert (d.first_day, d.last_day, d.precision) == (None, None, None)


def test_dct_accepts_date_objects():
    (m,) = tag("Yesterday it rained.", date(2021, 8, 27))
    assert m.value == "2021-08-26"


def test_publication_names_are_not_dates():
    assert tag("Tom Hussain writes for This Week in Asia.", "2021-09-03") == []


def test_user_resource_folder_extends_the_lexicon(tmp_path):
    (tmp_path / "holidays.tsv").write_text("# name\tdate\nnowruz\t03-21\n", encoding="utf-8")
    tagger = Tagger(resource_dirs=(tmp_path,))
    (m,) = tagger.tag("Families gathered for Nowruz.", "2023-03-25")
    assert (m.text, m.value) == ("Nowruz", "2023-03-21")
    assert tag("Families gathered for Nowruz.", "2023-03-25") == []


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before():
    text = "Profit rose 5% in the third quarter, up from $5 million a year earlier. In the year-ago quarter it fell."
    values = {m.text: m.value for m in tag(text, "1989-10-26")}
    assert values == {"the third quarter": "1989-Q3", "a year earlier": "1988-Q3", "the year-ago quarter": "1988-Q3"}
