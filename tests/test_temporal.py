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
    # numeric dates that can only be day first (26/08), dotted (European), or year first
    ("It happened on 26/08/2021.", "2021-08-27", "26/08/2021", "DATE", "2021-08-26", None),
    ("Filed 8/26/21 in court.", "2021-08-27", "8/26/21", "DATE", "2021-08-26", None),
    ("It happened on 05.08.2021 in Berlin.", "2021-08-27", "05.08.2021", "DATE", "2021-08-05", None),
    ("It was announced on 2021/08/26.", "2021-08-27", "2021/08/26", "DATE", "2021-08-26", None),
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
    ("They have not won since Dec. 6 of last year.", "2021-11-22", "Dec. 6 of last year", "DATE", "2020-12-06", None),
    ("He left on 3 March last year.", "2021-11-22", "3 March last year", "DATE", "2020-03-03", None),
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
    # the present tense of a scheduled event: the coming day; it does not place a bare month
    ("England face Wales in Cardiff on Saturday.", "2022-03-08", "Saturday", "DATE", "2022-03-12", None),
    ("He faces jail when he is sentenced on March 28.", "2023-11-16", "March 28", "DATE", "2024-03-28", None),
    ("Homes worth millions in October are worth half that now.", "1998-01-08", "October", "DATE", "1997-10", None),
    # a weekday that owns a noun names a day that has come, whatever the clause's tense
    ("Aides will appeal Thursday's verdict.", "2021-08-27", "Thursday", "DATE", "2021-08-26", None),
    ("Aides will study Friday\u2019s vote.", "2021-08-27", "Friday", "DATE", "2021-08-27", None),
    ("The vote is set for Wednesday.", "2021-08-27", "Wednesday", "DATE", "2021-09-01", None),
    ("A deal was reached late on Saturday.", "2021-11-15", "late on Saturday", "DATE", "2021-11-13", "END"),
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
    ("Hanukkah runs for eight nights.", "2015-12-04", "eight nights", "DURATION", "P8D", None),
    # a modified amount is no rate, whatever word comes before it
    ("Services end on April 8, more than a decade after the consoles went on sale.", "2024-01-09",
     "more than a decade", "DURATION", "P10Y", "MORE_THAN"),
    ("The strike stranded commuters less than a week before Christmas.", "2005-12-20", "less than a week",
     "DURATION", "P1W", "LESS_THAN"),
    # "for 12 weeks from today": how long (a duration) and from when (today), not the day 12 weeks on
    ("The consultation runs for 12 weeks from today.", "2018-01-29", "12 weeks", "DURATION", "P12W", None),
    ("The consultation runs for 12 weeks from today.", "2018-01-29", "today", "DATE", "2018-01-29", None),
    ("The law takes effect six weeks from today.", "2018-06-21", "six weeks from today", "DATE", "2018-08-02", None),
    # "following" without "the" is "after"
    ("A jury found him guilty on Friday following 12 days of deliberations.", "2007-07-16", "12 days", "DURATION",
     "P12D", None),
    # "for the next month": how long; "in the next month" stays the month to come
    ("Special courts will sit every night for the next month.", "2010-06-14", "the next month", "DURATION", "P1M",
     None),
    ("The vote is expected in the next month.", "2010-06-14", "the next month", "DATE", "2010-07", None),
    ("The council will meet this coming Friday.", "2024-10-14", "this coming Friday", "DATE", "2024-10-18", None),
    ("Southern will reinstate services from the week after next.", "2016-07-29", "the week after next", "DATE",
     "2016-W32", None),
    ("The vote comes after next week's summit.", "2016-07-29", "next week", "DATE", "2016-W31", None),
    # a day joined to "tonight" or "tomorrow" is to come with it
    ("The Met Office warned of heavy snow tonight and on Saturday morning.", "2010-01-08", "Saturday morning",
     "TIME", "2010-01-09TMO", None),
    # a première, a debut or a headline act in the present tense is ahead
    ("HBO's Game of Thrones premieres on Sunday at 9 p.m. ET.", "2011-04-15", "Sunday at 9 p.m. ET", "TIME",
     "2011-04-17T21:00", None),
    ("Jay-Z headlines Glastonbury on Saturday night.", "2008-06-27", "Saturday night", "TIME", "2008-06-28TNI",
     None),
    ("Parts of the Nullarbor are forecast to reach 49 degrees by Thursday.", "2019-12-17", "Thursday", "DATE",
     "2019-12-19", None),
    # an anniversary: the same day, night, week or month, that many units back
    ("Seventy years ago today, at 8.15am, a US B-29 dropped an atomic bomb on Hiroshima.", "2015-08-06",
     "Seventy years ago today", "DATE", "1945-08-06", None),
    ("Seventy years ago today, at 8.15am, a US B-29 dropped an atomic bomb on Hiroshima.", "2015-08-06",
     "8.15am", "TIME", "1945-08-06T08:15", None),
    ("Twenty years ago tonight, the clocks struck midnight.", "2019-12-31", "Twenty years ago tonight", "TIME",
     "1999-12-31TNI", None),
    ("Twenty-five years ago this week, Diana died in Paris.", "2022-08-31", "Twenty-five years ago this week",
     "DATE", "1997-W35", None),
    ("Two weeks ago today, the wall fell.", "2014-11-09", "Two weeks ago today", "DATE", "2014-10-26", None),
    ("Four years ago today it rained.", "2016-02-29", "Four years ago today", "DATE", "2012-02-29", None),
    ("Sales will rise next year.", "1989-10-26", "next year", "DATE", "1990", None),
    ("Traders squared positions over the weekend.", "2021-08-23", "the weekend", "DATE", "2021-W33-WE", None),
    ("Revenue fell in the latest quarter.", "1989-10-26", "the latest quarter", "DATE", "1989-Q3", None),
    # references
    ("The Taliban now rule.", "2021-08-27", "now", "DATE", "PRESENT_REF", None),
    ("Those days are over these days.", "2021-08-27", "these days", "DATE", "PRESENT_REF", None),
    ("He said so recently.", "2021-08-27", "recently", "DATE", "PAST_REF", None),
    ("The cuts placate some holders in the short term.", "1989-10-30", "the short term", "DATE", "FUTURE_REF", None),
    ("It will raise the money at a later date.", "1989-10-26", "a later date", "DATE", "FUTURE_REF", None),
    ("A proposal made a few months ago.", "2021-08-27", "a few months ago", "DATE", "PAST_REF", None),
    ("Losses will cut tax payments in future quarters.", "1989-10-30", "future quarters", "DATE", "FUTURE_REF", None),
    # repeated parts of a weekday, years joined to a prefix, holidays set off from a weekday
    ("Flights leave on Monday and Tuesday nights.", "1998-02-13", "Tuesday nights", "SET", "XXXX-WXX-2TNI", None),
    ("The post-1959 politics split families.", "2000-02-24", "post-1959", "DATE", "1959", "AFTER"),
    ("Pre-1990 rules still apply.", "2000-02-24", "Pre-1990", "DATE", "1990", "BEFORE"),
    ("It is a theme from now to Election Day.", "1998-10-26", "Election Day", "DATE", "1998-11-03", None),
    ("Voters will go to the polls on Election Day.", "2022-10-01", "Election Day", "DATE", "2022-11-08", None),
    # holidays counted from Easter, or named with a weekday, a month or an ordinal
    ("The church was packed on Easter Sunday.", "2021-08-26", "Easter Sunday", "DATE", "2021-04-04", None),
    ("The attack came on Good Friday 2015.", "2021-08-26", "Good Friday 2015", "DATE", "2015-04-03", None),
    ("The peace deal will be signed before Easter.", "2021-08-26", "Easter", "DATE", "2022-04-17", None),
    ("Shoppers crowded malls on Black Friday.", "2021-08-26", "Black Friday", "DATE", "2020-11-27", None),
    ("Stores will open early on Black Friday.", "2021-08-26", "Black Friday", "DATE", "2021-11-26", None),
    ("Crowds gathered for the Fourth of July.", "2021-08-26", "Fourth of July", "DATE", "2021-07-04", None),
    ("Campgrounds will open on Victoria Day.", "2023-05-02", "Victoria Day", "DATE", "2023-05-22", None),  # May 25 - 7
    # holidays of lunar and lunisolar calendars, their days listed year by year (holiday_dates.tsv)
    ("Fireworks will light the harbour for Lunar New Year.", "2019-01-30", "Lunar New Year", "DATE", "2019-02-05",
     None),
    ("The UAE will get a four-day break for Eid Al Adha.", "2024-06-07", "Eid Al Adha", "DATE", "2024-06-16", None),
    ("Leicester's Diwali celebrations will end on Sunday.", "2019-10-22", "Diwali", "DATE", "2019-10-27", None),
    ("Iranians will celebrate Nowruz, the Persian New Year.", "2024-03-12", "Persian New Year",
     "DATE", "2024-03-20", None),
    ("Canadian Thanksgiving falls on Monday, Oct. 14.", "2019-10-08", "Canadian Thanksgiving", "DATE", "2019-10-14",
     None),
    ("The ballet returns this Christmas.", "2000-09-15", "this Christmas", "DATE", "2000-12-25", None),
    ("We met last Christmas.", "2000-09-15", "last Christmas", "DATE", "1999-12-25", None),
    ("Filipinos visit cemeteries every November 1.", "2018-10-29", "every November 1", "SET", "XXXX-11-01", None),
    ("The Senedd will fall silent at noon on St David's Day.", "2021-02-24", "noon on St David's Day", "TIME",
     "2021-03-01T12:00", None),
    ("The line opens at 11am on Saturday, Aug 28.", "2021-08-23", "11am on Saturday, Aug 28", "TIME",
     "2021-08-28T11:00", None),
    # a month of a futures contract is one to come; a deadline as near before as after is ahead
    ("WTI for March delivery rose 8 cents.", "2024-02-13", "March", "DATE", "2024-03", None),
    ("The government promised to end it by December.", "2012-06-13", "December", "DATE", "2012-12", None),
    # the second day of a range with "to"
    ("Filings are accepted from October 1 to 8.", "2024-08-20", "8", "DATE", "2024-10-08", None),
    # centuries with a position, the 1800s as a century
    ("It was built in the late 19th century.", "2021-08-26", "the late 19th century", "DATE", "18", "END"),
    ("It was built in the early 1900s.", "2021-08-26", "the early 1900s", "DATE", "19", "START"),
    ("Growth slowed in the 2000s.", "2021-08-26", "the 2000s", "DATE", "200", None),
    # sets: frequencies, plural weekdays, every other year
    ("The council convenes twice a year.", "2021-08-26", "twice a year", "SET", "P1Y", None),
    ("Trains run three times a week.", "2021-08-26", "three times a week", "SET", "P1W", None),
    ("The shop is open seven days a week.", "2021-08-26", "seven days a week", "SET", "P1W", None),
    ("She works four nights a week.", "2021-08-26", "four nights a week", "SET", "P1W", None),
    ("Mass is said every Sunday at 11 a.m. in the chapel.", "2007-07-12", "every Sunday at 11 a.m.", "SET",
     "XXXX-WXX-7T11:00", None),
    ("Crowds gather every New Year's Eve.", "2012-12-28", "every New Year's Eve", "SET", "XXXX-12-31", None),
    ("The bond pays a coupon semi-annually.", "2021-08-26", "semi-annually", "SET", "P6M", None),
    # a frequency adverb, where it is no adjective before a noun
    ("The cap will be reviewed quarterly instead of twice a year.", "2021-08-26", "quarterly", "SET", "P3M", None),
    ("The report is published annually.", "2021-08-26", "annually", "SET", "P1Y", None),
    ("The market is open on Saturdays.", "2021-08-26", "Saturdays", "SET", "XXXX-WXX-6", None),
    ("Trains run every 10 minutes at weekends.", "2024-09-05", "weekends", "SET", "XXXX-WXX-WE", None),
    ("The market opens every weekend.", "2024-09-05", "every weekend", "SET", "XXXX-WXX-WE", None),
    ("The pill is taken several times a day.", "2024-01-01", "several times a day", "SET", "P1D", None),
    ("Elections are held every other year.", "2021-08-26", "every other year", "SET", "P2Y", None),
    ("Bins will be emptied every second Tuesday.", "2017-08-16", "every second Tuesday", "SET", "XXXX-WXX-2", None),
    ("Hoses may be used on Tuesdays, Thursdays and Sundays.", "2005-03-08", "Thursdays", "SET", "XXXX-WXX-4", None),
    ("Residents protest every Friday evening.", "2021-08-26", "every Friday evening", "SET", "XXXX-WXX-5TEV", None),
    ("The council meets on the second Tuesday of every month.", "1997-06-09", "the second Tuesday of every month",
     "SET", "P1M", None),
    ("The journey takes two and a half hours.", "2021-08-26", "two and a half hours", "DURATION", "PT2H30M", None),
    # 24-hour clocks, compact wire-service times, dotted British times; "pm" before a full stop
    ("The siren sounded at 14:30 on Wednesday.", "2021-08-26", "14:30 on Wednesday", "TIME", "2021-08-25T14:30", None),
    ("The lockdown was extended until 5am next Monday.", "2021-05-11", "5am next Monday", "TIME", "2021-05-17T05:00",
     None),
    # "the first day" set off right after a day names that day; alone it is a duration
    ("Pilgrims bathed on Monday, the first day of the festival.", "2013-01-14", "the first day", "DATE", "2013-01-14",
     None),
    ("He said Mass this morning, on the last day of a visit.", "2019-02-05", "the last day", "DATE", "2019-02-05", None),
    ("Output grew in April, the first month of the fiscal year.", "2024-05-31", "the first month", "DATE", "2024-04",
     None),
    ("The first day is the hardest.", "2019-02-05", "The first day", "DURATION", "P1D", None),
    # a small-hours time by which something done on a night was over is the next day's
    ("The power failed on Saturday night and was restored by about 3am.", "2023-11-13", "about 3am", "TIME",
     "2023-11-12T03:00", "APPROX"),
    # a month that owns a scheduled happening is the nearest one, as a weekday is
    ("He will speak tonight, the second address after May's election.", "2019-06-20", "May", "DATE", "2019-05", None),
    ("The quake struck at 0412 GMT.", "2021-08-26", "0412 GMT", "TIME", "2021-08-26T04:12", None),
    ("The verdict was read at 4.15pm on Wednesday.", "2021-08-26", "4.15pm on Wednesday", "TIME",
     "2021-08-25T16:15", None),
    ("He announced it at 3pm.", "2021-08-26", "3pm", "TIME", "2021-08-26T15:00", None),
    # vague "ago"
    ("Decades ago, the valley was green.", "2021-08-26", "Decades ago", "DATE", "PAST_REF", None),
    # quarters and halves as codes, the halves of the current year
    ("Earnings for Q2 beat estimates.", "2021-08-26", "Q2", "DATE", "2021-Q2", None),
    ("Sales in Q4 2021 rose.", "2022-03-01", "Q4 2021", "DATE", "2021-Q4", None),
    ("Profit in H1 2021 doubled.", "2021-08-26", "H1 2021", "DATE", "2021-H1", None),
    ("Growth will pick up in the second half of the year.", "2021-08-26", "the second half of the year", "DATE",
     "2021-H2", None),
    # a half with no year, in a sentence of business: this year's, or last year's second half told in the past
    ("Profit doubled in the first half.", "2021-08-26", "the first half", "DATE", "2021-H1", None),
    ("It expects chip demand to recover in the second half.", "2022-01-27", "the second half", "DATE", "2022-H2",
     None),
    ("Sales rose 5% in the second half.", "2022-01-27", "the second half", "DATE", "2021-H2", None),
    # "last" the verb is no part of a duration
    ("The mission will last at least 30 days.", "2021-08-26", "at least 30 days", "DURATION", "P30D",
     "EQUAL_OR_MORE"),
    # a year opening the sentence holds its months and days
    ("In 2019 the party won in November.", "2021-08-26", "November", "DATE", "2019-11", None),
    ("In 2019, the party won on Nov. 3.", "2021-08-26", "Nov. 3", "DATE", "2019-11-03", None),
    ("In the summer of 1963, King spoke in Washington on Aug. 28.", "2023-08-28", "Aug. 28", "DATE", "1963-08-28", None),
    ("In the summer, they left on Aug. 28.", "2021-09-01", "Aug. 28", "DATE", "2021-08-28", None),
    ("He joined in 1957, the year Ghana won its independence.", "2012-06-05", "the year", "DATE", "1957", None),
    # "the day before", "the year after" alone lean on the last date mentioned (without one they are no time)
    ("He was arrested on April 8, having checked in the day before under a false name.", "2008-04-10",
     "the day before", "DATE", "2008-04-07", None),
    ("Queues formed on Tuesday; the day before, the company had promised fuel.", "2024-02-15", "the day before",
     "DATE", "2024-02-12", None),
    ("He won in 2010 and lost the year after.", "2021-08-26", "the year after", "DATE", "2011", None),
    ("Navigation Mixte's 1989 profit rose.", "1989-10-30", "1989", "DATE", "1989", None),  # an owner's year
    ("Under a program approved in 1987, it had bought shares through Sept. 29.", "1989-10-26", "Sept. 29", "DATE",
     "1989-09-29", None),
    # a clock time with a date written day first
    ("The transfer window closes at 11pm on 1 September.", "2023-08-18", "11pm on 1 September", "TIME",
     "2023-09-01T23:00", None),
    ("Bars stay shut until midnight on 30 June.", "2020-04-06", "midnight on 30 June", "TIME", "2020-06-30T24:00", None),
    ("The clocks go back at 2am on Sunday 27 October.", "2019-10-20", "2am on Sunday 27 October", "TIME",
     "2019-10-27T02:00", None),
    ("The quake struck at 10.30am local time on 26 December 2004.", "2014-12-26",
     "10.30am local time on 26 December 2004", "TIME", "2004-12-26T10:30", None),
    ("16.42 GMT: The minister arrived.", "2023-11-22", "16.42 GMT", "TIME", "2023-11-22T16:42", None),
    # a month or a season after a year of the story: "the following spring", "that June"
    ("The band formed in 1976. The following spring they toured.", "2021-08-26", "The following spring", "DATE",
     "1977-SP", None),
    ("In the spring of 1940 the army retreated, and by that June France had fallen.", "2021-08-26", "that June",
     "DATE", "1940-06", None),
    ("The Great Famine began in 1845; the previous winter had been mild.", "2021-08-26", "the previous winter",
     "DATE", "1844-WI", None),
    # "the previous month" counts from the month spoken of, not from the day something was said on
    ("Spending rose 0.7% in December, the department said on Friday, against 2.4% in the previous month.",
     "2025-01-31", "the previous month", "DATE", "2024-11", None),
    ("The ministry said on Friday that talks would resume the next day.", "2025-01-31", "the next day", "DATE",
     "2025-02-01", None),
    # a day named without a year, just after a date of another year: that story's year
    ("Hillary reached the summit on 29 May 1953; the news reached London on 2 June.", "2023-05-29", "2 June",
     "DATE", "1953-06-02", None),
    ("The plane crashed on Dec. 30, 1999, and the wreck was found on Jan. 2.", "2021-08-26", "Jan. 2", "DATE",
     "2000-01-02", None),
    # days paired before their month; frequencies of a set word; a season by the tense
    ("Workers will strike on 26 and 31 August.", "2021-08-20", "26", "DATE", "2021-08-26", None),
    ("The festival runs 26-31 August 2022.", "2022-05-01", "31 August 2022", "DATE", "2022-08-31", None),
    ("Take the pill twice daily.", "2021-08-26", "twice daily", "SET", "P1D", None),
    ("The trial will report its findings in the spring.", "2022-12-01", "the spring", "DATE", "2023-SP", None),
    ("Hogmanay parties were cancelled.", "2021-08-26", "Hogmanay", "DATE", "2020-12-31", None),
    ("A fortnight ago, the party was ten points ahead.", "2019-12-05", "A fortnight ago", "DATE", "2019-W47", None),
    # durations of several units, British "Saturday week", the n-th weekday of a month, a quarter named by its month
    ("Djokovic needed four hours and 23 minutes to win.", "2023-07-17", "four hours and 23 minutes", "DURATION",
     "PT4H23M", None),
    ("She won in two hours, 14 minutes and four seconds.", "2019-10-14", "two hours, 14 minutes and four seconds",
     "DURATION", "PT2H14M4S", None),
    ("The war lasted three weeks and two days.", "2021-08-26", "three weeks and two days", "DURATION", "P23D", None),
    ("Ireland host England on Saturday week.", "2023-03-06", "Saturday week", "DATE", "2023-03-18", None),
    ("The by-election will take place a week on Thursday.", "2023-07-11", "a week on Thursday", "DATE", "2023-07-20",
     None),
    ("The budget will be handed down on the second Tuesday in May.", "2023-01-09", "the second Tuesday in May", "DATE",
     "2023-05-09", None),
    ("The last Friday of June 2020 was hot.", "2021-08-26", "The last Friday of June 2020", "DATE", "2020-06-26", None),
    ("Profit rose in the September quarter.", "2022-11-10", "the September quarter", "DATE", "2022-Q3", None),
    # a quarter under way is this year's, whatever the tense
    ("Apple reported results and forecast sales for the September quarter.", "2019-07-31", "the September quarter",
     "DATE", "2019-Q3", None),
    ("Sales fell in the fourth quarter of last year.", "2021-08-26", "the fourth quarter of last year", "DATE",
     "2020-Q4", None),
    ("The budget for the 2022 financial year was approved.", "2021-08-26", "the 2022 financial year", "DATE", "2022",
     None),
    ("Officials met at 9 o'clock this morning.", "2021-08-26", "9 o'clock this morning", "TIME", "2021-08-26T09:00",
     None),
    ("He left at nine o'clock.", "2021-08-26", "nine o'clock", "TIME", "2021-08-26T09:00", None),
    # a live blog's entry opens with its time
    ("Intro.\n18:30 - Buckingham Palace issued a statement.", "2022-09-08", "18:30", "TIME", "2022-09-08T18:30", None),
    ("Halley's Comet will next be visible in 2061.", "2022-07-12", "2061", "DATE", "2061", None),
    ("The matter was listed for hearing on 26-08-2021.", "2021-08-20", "26-08-2021", "DATE", "2021-08-26", None),
    # "a year earlier" after a year named: the year before it
    ("The bank collapsed in 2008; a year earlier, it had posted record profits.", "2021-08-26", "a year earlier",
     "DATE", "2007", None),
    # durations: extents keep determiners and modifiers
    ("The war lasted 20 years.", "2021-08-27", "20 years", "DURATION", "P20Y", None),
    ("He waited six months.", "2021-08-27", "six months", "DURATION", "P6M", None),
    ("The war lasted a decade.", "2021-08-27", "a decade", "DURATION", "P10Y", None),
    ("It was the smallest gain in a year.", "1989-10-30", "a year", "DURATION", "P1Y", None),
    ("over the past 20 years", "2021-08-27", "the past 20 years", "DURATION", "P20Y", None),
    ("in the past two decades", "2021-08-27", "the past two decades", "DURATION", "P20Y", None),
    ("Attacks grew over the past few months.", "2021-08-27", "the past few months", "DURATION", "PXM", None),
    ("It has been nearly two years since the pullout.", "2023-04-26", "nearly two years", "DURATION", "P2Y", "APPROX"),
    ("He served more than 20 years.", "2021-08-27", "more than 20 years", "DURATION", "P20Y", "MORE_THAN"),
    # a day of the month alone, after a preposition: the reference's month, or the next or last by the tense
    ("We are on pace to finish by the 31st, Biden said.", "2021-08-24", "the 31st", "DATE", "2021-08-31", None),
    ("Payments will resume on the 1st.", "2021-08-24", "the 1st", "DATE", "2021-09-01", None),
    ("Payments stopped on the 30th.", "2021-08-24", "the 30th", "DATE", "2021-07-30", None),
    # several units in one duration, with or without "and"; a third unit that does not fit is left out
    ("Thomas won the Tour by 1 minute 51 seconds.", "2018-07-30", "1 minute 51 seconds", "DURATION", "PT1M51S", None),
    ("A flight that lasted 10 minutes and 10 seconds, nine days after.", "2021-07-21", "10 minutes and 10 seconds",
     "DURATION", "PT10M10S", None),
    ("FTX lost $16 billion in a single day.", "2022-11-09", "a single day", "DURATION", "P1D", None),
    # "over" is "more than" after a word of more_than_over.tsv, else "during" and out of the extent
    ("He has led the party for over a decade.", "2021-08-27", "over a decade", "DURATION", "P10Y", "MORE_THAN"),
    ("The strike is likely to last over a week.", "2021-08-27", "over a week", "DURATION", "P1W", "MORE_THAN"),
    ("Patients lost 10% of their weight over four years.", "2024-05-08", "four years", "DURATION", "P4Y", None),
    ("Voting took place in seven phases over six weeks.", "2024-06-05", "six weeks", "DURATION", "P6W", None),
    ("the next 12 months", "2021-08-27", "the next 12 months", "DURATION", "P12M", None),
    ("waiting half a century", "2021-08-27", "half a century", "DURATION", "P50Y", None),
    ("for the fourth consecutive year", "2023-04-11", "the fourth consecutive year", "DURATION", "P4Y", None),
    ("Reading Time: 7 minutes", "2021-09-03", "7 minutes", "DURATION", "PT7M", None),
    ("the end of the 20-year war", "2023-04-11", "20-year", "DURATION", "P20Y", None),
    ("in recent weeks", "2021-08-27", "recent weeks", "DURATION", "PXW", None),
    ("They lived in U.N.-run camps for 2 1/2 years.", "1998-02-27", "2 1/2 years", "DURATION", "P2Y6M", None),
    ("It stopped for about 5 1/2 hours in Nairobi.", "1998-08-17", "about 5 1/2 hours", "DURATION", "PT5H30M", "APPROX"),
    ("But a minute and a half later, a pilot called.", "1998-01-14", "a minute and a half", "DURATION", "PT1M30S", None),
    ("Eight trading days after the plunge, the index fell.", "1989-10-30", "Eight trading days", "DURATION", "P8D", None),
    # sets
    ("Elections are held every year.", "2021-08-27", "every year", "SET", "P1Y", None),
    ("The paper appears daily.", "2021-08-27", "daily", "SET", "P1D", None),
    ("They meet every Thursday.", "2021-08-27", "every Thursday", "SET", "XXXX-WXX-4", None),
    # named days
    ("Enemies after 9/11, the US and the Taliban", "2021-09-03", "9/11", "DATE", "2001-09-11", None),
    ("They came home for Christmas.", "2021-12-28", "Christmas", "DATE", "2021-12-25", None),
    ("Markets close on New Year's Day.", "2021-12-20", "New Year's Day", "DATE", "2022-01-01", None),
    ("A hearing is set for the week of March 6.", "2000-02-24", "the week of March 6", "DATE", "2000-W10", None),
    ("In London at mid-afternoon yesterday, shares rose.", "1989-11-02", "mid-afternoon yesterday", "TIME",
     "1989-11-01TAF", "MID"),
    # clock times
    ("The blast came at 5:30 p.m. Thursday.", "2021-08-27", "5:30 p.m. Thursday", "TIME", "2021-08-26T17:30", None),
    ("The offer expires at 5 p.m. EST Nov. 9.", "1989-11-02", "5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00", None),
    # a clock time with a full date, a zone named by a place or a region, a plural weekday as a set
    ("The reactor exploded at 1:23 a.m. on April 26, 1986.", "2016-04-26", "1:23 a.m. on April 26, 1986", "TIME",
     "1986-04-26T01:23", None),
    ("The team opens against China at 8 p.m. Sydney time Saturday.", "2000-09-15", "8 p.m. Sydney time Saturday", "TIME",
     "2000-09-16T20:00", None),
    ("Kick-off is at 8pm UK time tonight.", "2024-07-05", "8pm UK time tonight", "TIME", "2024-07-05T20:00", None),
    ("The market will run Saturdays from 8 a.m. to noon.", "2021-04-13", "Saturdays", "SET", "XXXX-WXX-6", None),
    ("The market will run Saturdays from 8 a.m. to noon.", "2021-04-13", "noon", "TIME", "2021-04-13T12:00", None),
    ("The signal will stay in force until at least noon.", "2018-09-16", "noon", "TIME", "2018-09-16T12:00", None),
    # a clock time without a day takes the weekday it leads to, past the same time in another zone or a span's end
    ("The court will rule at 1 p.m. (1200 GMT) on Friday, the court said.", "2024-01-25", "1 p.m.", "TIME",
     "2024-01-26T13:00", None),
    ("The court will rule at 1 p.m. (1200 GMT) on Friday, the court said.", "2024-01-25", "1200 GMT", "TIME",
     "2024-01-26T12:00", None),
    ("Polls closed at 5 p.m. local time (2000 GMT) on Sunday.", "2022-10-31", "2000 GMT", "TIME", "2022-10-30T20:00",
     None),
    ("A wind warning is valid from 6am until noon on Thursday.", "2020-11-04", "6am", "TIME", "2020-11-05T06:00", None),
    ("The store will be open from 9 a.m. to 5 p.m. Saturday.", "2023-07-13", "9 a.m.", "TIME", "2023-07-15T09:00",
     None),
    # a clock time without a.m. or p.m. that opens a span takes the end's, or the other one across noon
    ("Earth Hour runs from 8:30 to 9:30 p.m. local time Saturday.", "2009-03-27", "8:30", "TIME", "2009-03-28T20:30",
     None),
    ("The meeting ran from 11:30 to 1 p.m.", "2009-03-27", "11:30", "TIME", "2009-03-27T11:30", None),
    # a clock time with "last night" or "this morning"; noon opening a live blog's entry
    ("Polls in the state closed at 8pm last night.", "2020-12-23", "8pm last night", "TIME", "2020-12-22T20:00",
     None),
    ("Noon: Donald Trump has taken the oath of office.", "2017-01-20", "Noon", "TIME", "2017-01-20T12:00", None),
    # the weekend of a holiday: the one before a Monday holiday, after a Friday one
    ("Beaches were crowded over the Memorial Day weekend.", "2021-08-26", "the Memorial Day weekend", "DATE",
     "2021-W21-WE", None),
    ("Traffic was heavy over the Easter weekend.", "2006-09-04", "the Easter weekend", "DATE", "2006-W15-WE", None),
    ("It will cut 1,500 jobs by the end of the first quarter.", "2001-01-18", "the end of the first quarter", "DATE",
     "2001-Q1", "END"),
    # fiscal years by their codes: the calendar year of the same number, as "fiscal 2025"
    ("Profit for FY25 would be broadly flat.", "2025-01-15", "FY25", "DATE", "2025", None),
    ("It earned Rs 5,408 crore in Q4FY23.", "2024-05-14", "Q4FY23", "DATE", "2023-Q4", None),
    ("Results for H1 FY24 beat forecasts.", "2024-05-14", "H1 FY24", "DATE", "2024-H1", None),
    ("India's economy grew 8.2% in FY2023-24.", "2024-05-31", "FY2023-24", "DATE", "2023", None),
    # a season of sport or a school year named from the present is vague
    ("Mohun Bagan finished third last season.", "2024-04-16", "last season", "DATE", "PAST_REF", None),
    ("They will play in the Championship next season.", "2023-05-15", "next season", "DATE", "FUTURE_REF", None),
    # quarters and halves named by their months, halves by their code
    ("Profit for the January-March quarter beat forecasts.", "2023-07-28", "the January-March quarter", "DATE",
     "2023-Q1", None),
    ("Net profit for the April-to-June period fell 37 per cent.", "2020-08-13", "the April-to-June period", "DATE",
     "2020-Q2", None),
    ("Inflation was the lowest since the March quarter of 2021.", "2024-10-31", "the March quarter of 2021", "DATE",
     "2021-Q1", None),
    ("Profit was A$6.1 billion, down from A$7.4 billion in the December half.", "2024-08-21", "the December half",
     "DATE", "2023-H2", None),
    ("The company expects a stronger December half.", "2024-08-21", "December half", "DATE", "2024-H2", None),
    ("Alpenhof cut its guidance after H1 sales rose just 2.1%.", "2024-07-25", "H1", "DATE", "2024-H1", None),
    ("It expects pricing to moderate further in H2.", "2024-07-25", "H2", "DATE", "2024-H2", None),
    ("The S&P 500 has gained nearly 27% year to date.", "2021-12-31", "year to date", "DATE", "2021", None),
    # a day fixed for a hearing, a trial, a vote falls ahead, whatever the tense that fixed it
    ("The Delhi High Court listed the matter for final hearing on January 17.", "2023-10-31", "January 17", "DATE",
     "2024-01-17", None),
    ("The judge set the case for trial on March 3.", "2023-10-31", "March 3", "DATE", "2024-03-03", None),
    ("He was jailed for murder on January 17.", "2023-10-31", "January 17", "DATE", "2023-01-17", None),
    # the day before or after a day
    ("Shoppers crowded malls the day after Christmas.", "2000-02-24", "the day after Christmas", "DATE",
     "1999-12-26", None),
    ("The day before last Tuesday's court hearing, Manuel went to the house.", "2000-02-24",
     "The day before last Tuesday", "DATE", "2000-02-21", None),
    # "the <weekday> after/before" a day: the first such weekday after (before) it
    ("Jury selection begins the Monday after Thanksgiving.", "2016-11-22", "the Monday after Thanksgiving", "DATE",
     "2016-11-28", None),
    ("Shops close early on the Friday before Christmas.", "2019-12-02", "the Friday before Christmas", "DATE",
     "2019-12-20", None),
    # the numbered day of something is the day its clause names
    ("In Saudi Arabia, today is the eighth day of Desert Shield.", "1990-08-15", "the eighth day", "DATE",
     "1990-08-15", None),
    ("It's the second day of an offensive against the villages.", "1998-03-06", "the second day", "DATE",
     "1998-03-06", None),
    ("Monday was the third day of protests in the capital.", "1998-03-06", "the third day", "DATE",
     "1998-03-02", None),
    ("Today is the first day of Ramadan.", "1998-12-20", "the first day", "DATE", "1998-12-20", None),
    # a date then its clock time, as pages stamp their publication
    ("First published on Wed 22 Nov 2023 09.15 GMT", "2023-11-22", "Wed 22 Nov 2023 09.15 GMT", "TIME",
     "2023-11-22T09:15", None),
    ("Updated Nov. 22, 2023 at 9:15 a.m. ET", "2023-11-22", "Nov. 22, 2023 at 9:15 a.m. ET", "TIME",
     "2023-11-22T09:15", None),
    ("Last modified on Sun 3 Mar 2024 18.02 GMT", "2024-03-03", "Sun 3 Mar 2024 18.02 GMT", "TIME",
     "2024-03-03T18:02", None),
    # a clock time on the day after (or before) the last day mentioned
    ("The burglary happened between 11pm on 9 April and 6am the following morning.", "2024-04-18",
     "6am the following morning", "TIME", "2024-04-10T06:00", None),
    ("The train left on the morning of 20 May and reached Cape Town at noon the following day.", "2010-06-02",
     "noon the following day", "TIME", "2010-05-21T12:00", None),
    ("The ferry sank on Sunday; a warning went out at 10pm the previous night.", "2024-04-18",
     "10pm the previous night", "TIME", "2024-04-13T22:00", None),
    # a weekday that ends a span falls after the one that opens it
    ("The ramp will be closed from 10 p.m. Friday to 5 a.m. Monday.", "2023-09-27", "5 a.m. Monday", "TIME",
     "2023-10-02T05:00", None),
    ("The busway will be closed from Sunday night until Thursday morning.", "2022-11-30", "Thursday morning",
     "TIME", "2022-12-08TMO", None),
    ("In contrast to Thursday, the leaders met.", "2023-09-27", "Thursday", "DATE", "2023-09-21", None),
    ("Voters went ahead of Saturday's election, and pre-poll centres stay open until 6pm on Friday.", "2022-05-19",
     "6pm on Friday", "TIME", "2022-05-20T18:00", None),
    ("Churches will hold candlelight vigils at 7 tonight.", "2001-09-14", "7 tonight", "TIME", "2001-09-14T19:00",
     None),
    ("The council meets at 10.30 this morning.", "2001-09-14", "10.30 this morning", "TIME", "2001-09-14T10:30",
     None),
    ("Schools will open two hours late tomorrow.", "2007-02-13", "tomorrow", "DATE", "2007-02-14", None),
    ("The ceiling, painted between 1508 and 1512, draws crowds.", "2021-03-05", "1512", "DATE", "1512", None),
    ("The city aims to be carbon neutral by mid-century.", "2019-09-23", "mid-century", "DATE", "20", "MID"),
    ("By the turn of the century, the services will look quaint.", "1996-05-13", "the turn of the century", "DATE",
     "2000", "APPROX"),
    ("The offer will expire at 5:00 p.m., New York City time, on June 11, 2018.", "2018-05-09",
     "5:00 p.m., New York City time, on June 11, 2018", "TIME", "2018-06-11T17:00", None),
    ("Qualifying starts on Saturday at 17:00 local time.", "2021-12-10", "Saturday at 17:00 local time", "TIME",
     "2021-12-11T17:00", None),
    ("The hearing is next Tuesday at 7:30 p.m.", "2021-12-08", "next Tuesday at 7:30 p.m.", "TIME",
     "2021-12-14T19:30", None),
    # a day in a clause that looks ahead is not of the story told before it
    ("Johnson took office three years after the referendum of June 23, 2016, and has promised to leave by Oct. 31.",
     "2019-07-24", "Oct. 31", "DATE", "2019-10-31", None),
    # a day that opens an item of a list of dates takes no tense from its item
    ("Key dates: 12 March – schools and colleges close; 27 March – lockdown begins.", "2020-06-08", "27 March", "DATE",
     "2020-03-27", None),
    ("Week in review — Monday: MPs reject all four options. Tuesday: The cabinet meets for seven hours.",
     "2019-04-05", "Tuesday", "DATE", "2019-04-02", None),
    ("Chronology: 19 March 2003 – the invasion begins; 1 May – Bush declares victory; 13 December – Saddam Hussein "
     "is captured.", "2013-03-19", "13 December", "DATE", "2003-12-13", None),
    # a year heading an entry of a chronology dates the days of its entry
    ("1666: The Great Fire breaks out on Pudding Lane in the early hours of 2 September.", "2016-09-02",
     "the early hours of 2 September", "TIME", "1666-09-02TNI", None),
    ("Voters in Ontario go to the polls a week from today.", "2022-05-26", "a week from today", "DATE", "2022-06-02",
     None),
    ("Australia has had six prime ministers in just over a decade.", "2018-08-27", "just over a decade", "DURATION",
     "P10Y", "MORE_THAN"),
    ("The offer will remain open until 23:59 (SAST) on 30 June 2021.", "2021-05-17", "23:59 (SAST) on 30 June 2021",
     "TIME", "2021-06-30T23:59", None),
    ("The meeting is at 11:00 a.m. (Eastern Time) on Tuesday, June 10, 2025.", "2025-04-28",
     "11:00 a.m. (Eastern Time) on Tuesday, June 10, 2025", "TIME", "2025-06-10T11:00", None),
    ("It's 7.45 on Monday morning, and the N11 is backed up.", "2019-01-07", "7.45 on Monday morning", "TIME",
     "2019-01-07T07:45", None),
    ("Polls close at ten tonight.", "1997-09-11", "ten tonight", "TIME", "1997-09-11T22:00", None),
    ("Crews are making final checks ahead of the midnight show.", "2019-12-31", "midnight", "TIME", "2019-12-31T24:00",
     None),
    ("Her replacement would be named by the end of the day.", "2022-10-19", "the end of the day", "DATE", "2022-10-19",
     "END"),
    ("Retail sales rose 0.4 percent in January and were up 5.6 percent from a year earlier.", "2017-02-16",
     "a year earlier", "DATE", "2016-01", None),
    ("The rain began on Monday, 11 April, and by the following weekend 400 people had died.", "2022-04-25",
     "the following weekend", "DATE", "2022-W15-WE", None),
    ("Profit for the year to June 30 rose 12 per cent.", "2022-08-17", "the year", "DURATION", "P1Y", None),
    ("Parliament will sit again on 8 February, ahead of a May election.", "2021-12-08", "May", "DATE", "2022-05",
     None),
    # holidays: the week of one, one a year off, one with what happens on it, one a country keeps on its own day
    ("Met Eireann expects a mild, wet Christmas week.", "2024-12-21", "Christmas week", "DATE", "2024-W52", None),
    ("Pistorius shot Reeva Steenkamp on Valentine's Day last year.", "2014-10-21", "Valentine's Day last year",
     "DATE", "2013-02-14", None),
    ("The Thanksgiving Day Parade will be held without spectators tomorrow.", "2020-11-25", "Thanksgiving Day",
     "DATE", "2020-11-26", None),
    ("On Tuesday City officials said the road was shut.", "2021-08-26", "Tuesday", "DATE", "2021-08-24", None),
    ("Pakistan will face Australia in the Boxing Day Test at the MCG.", "2023-03-16", "Boxing Day", "DATE",
     "2023-12-26", None),
    ("Readers took it for an April Fool's Day joke.", "2004-04-01", "April Fool's Day", "DATE", "2004-04-01", None),
    ("The Pope will celebrate Christmas Eve Mass at 9.30pm tonight.", "2018-12-24", "Christmas Eve", "DATE",
     "2018-12-24", None),
    ("Hanukkah begins at sundown tonight.", "2017-12-12", "Hanukkah", "DATE", "2017-12-13", None),
    ("With Thanksgiving on Monday, Ontario officials urge families to keep gatherings small.", "2021-10-09",
     "Thanksgiving", "DATE", "2021-10-11", None),
    ("Fans are queuing for midnight screenings.", "2002-12-17", "midnight", "TIME", "2002-12-17T24:00", None),
    ("Rescuers hope to bring them all out by Thursday.", "2010-10-13", "Thursday", "DATE", "2010-10-14", None),
    # a month or a day of a year named by an earlier mention
    ("The UK left the EU on 31 January 2020 but stayed in the single market until 31 December that year.",
     "2020-12-29", "31 December that year", "DATE", "2020-12-31", None),
    ("He was elected in 1998 and resigned in March of the following year.", "2020-12-29",
     "March of the following year", "DATE", "1999-03", None),
    # part of the day before or after the last day mentioned
    ("Shares doubled on their first day of trading yesterday, after being priced at $28 the night before.",
     "1995-08-10", "the night before", "TIME", "1995-08-08TNI", None),
    # a span from an evening into the small hours ends after midnight
    ("A crowd began gathering Sunday evening, and looting continued until about 3 a.m.", "2014-08-11",
     "about 3 a.m.", "TIME", "2014-08-11T03:00", "APPROX"),
    ("The road is closed from 10 p.m. Saturday to 2 a.m.", "2014-08-11", "2 a.m.", "TIME", "2014-08-10T02:00", None),
    ("The shop opened at 8am on Saturday and closed at 5pm.", "2014-08-11", "5pm", "TIME", "2014-08-09T17:00", None),
    ("Visits will be limited from St Stephen's Day.", "2020-12-23", "St Stephen's Day", "DATE", "2020-12-26", None),
    ("The ceremony will run no longer than three hours.", "2009-02-13", "no longer than three hours", "DURATION",
     "PT3H", "EQUAL_OR_LESS"),
    # midnight in a past clause, with no day but the DCT's: the one that began that day
    ("The window for voluntary departure expired at midnight.", "2005-08-17", "midnight", "TIME", "2005-08-17T00:00",
     None),
    # a midnight gone by, after the DCT's day is named: the one that began it; after an evening time: the one after
    ("Banks remained shut today after the government withdrew the notes from midnight.", "2016-11-09", "midnight",
     "TIME", "2016-11-09T00:00", None),
    ("Polls closed at 8 p.m. in most states. By midnight, the race was still too close to call.", "2022-11-08",
     "midnight", "TIME", "2022-11-08T24:00", None),
    # "since midnight", whatever the tense: the midnight that began the day spoken of
    ("The exchange said it would cancel all trades executed since midnight.", "2022-03-08", "midnight", "TIME",
     "2022-03-08T00:00", None),
    ("It halted nickel trading on Tuesday and said it would cancel trades since midnight.", "2022-03-09",
     "midnight", "TIME", "2022-03-08T00:00", None),
    # a live blog's entry that opens with its time and zone
    ("10:52 ET: A second explosion was reported near the hotel.", "2021-08-26", "10:52 ET", "TIME",
     "2021-08-26T10:52", None),
    # fractions of a unit
    ("It has been a quarter century since the mill closed.", "2021-12-26", "a quarter century", "DURATION", "P25Y",
     None),
    ("It took a quarter of a century to rebuild.", "2021-12-26", "a quarter of a century", "DURATION", "P25Y", None),
    ("He waited three quarters of an hour.", "2021-12-26", "three quarters of an hour", "DURATION", "PT45M", None),
    ("Polls will be open from 7 a.m. to 7 p.m. on Election Day.", "2018-10-02", "7 a.m.", "TIME", "2018-11-06T07:00",
     None),
    ("Polls will be open from 7 a.m. to 7 p.m. on Election Day.", "2018-10-02", "7 p.m. on Election Day", "TIME",
     "2018-11-06T19:00", None),
    ("A warning was issued for snow from midnight until 9am on Tuesday.", "2023-01-09", "midnight", "TIME",
     "2023-01-10T00:00", None),
    ("The boat left at 4 in the morning.", "2000-04-05", "4 in the morning", "TIME", "2000-04-05T04:00", None),
    ("They met at six in the evening.", "2000-04-05", "six in the evening", "TIME", "2000-04-05T18:00", None),
    ("The blast came at 14:30 GMT.", "2000-04-05", "14:30 GMT", "TIME", "2000-04-05T14:30", None),
    # a fiscal quarter named by its last day: the calendar quarter most of it falls in
    ("In the quarter ended July 31, Jayark had sales of $5 million.", "1989-10-30", "the quarter", "DATE",
     "1989-Q2", None),
    ("Sales for the quarter ended Sept. 29 rose 39%.", "1989-10-26", "the quarter", "DATE", "1989-Q3", None),
    # spoken years
    ("A bomb went off in nineteen ninety-six.", "1998-02-27", "nineteen ninety-six", "DATE", "1996", None),
    ("January nineteen ninety-seven. Atlanta again.", "1998-02-27", "January nineteen ninety-seven", "DATE", "1997-01", None),
    ("It was the coldest since the winter of nineteen ninety-four.", "1998-02-27",
     "the winter of nineteen ninety-four", "DATE", "1994-WI", None),
    ("He is wanted for a nineteen ninety-seven attack on a gay lounge.", "1998-02-27", "nineteen ninety-seven",
     "DATE", "1997", None),
    ("The approach of the year two thousand has many worried.", "1998-03-03", "the year two thousand", "DATE", "2000", None),
    ("Hate group numbers kept dropping through the nineties.", "1998-03-03", "the nineties", "DATE", "199", None),
    ("It began in the early eighties.", "1998-03-03", "the early eighties", "DATE", "198", "START"),
    ("Angkor Wat, the fabled 11th century temple", "1998-02-19", "11th century", "DATE", "10", None),
    ("One of the great events of the 20th century.", "1989-11-01", "the 20th century", "DATE", "19", None),
    ("The summit is on April 24 and 25. Leaders will come.", "1999-02-10", "25", "DATE", "1999-04-25", None),
    ("He is to appear in court at midday, officials said.", "1999-10-08", "midday", "TIME", "1999-10-08T12:00", None),
    # the current year, its end, its seasons; fiscal years
    ("Sales for the full year were up.", "1989-11-02", "the full year", "DATE", "1989", None),
    ("Sales for the year were flat.", "1989-11-02", "the year", "DATE", "1989", None),
    ("It expects to close the deal by year-end.", "1989-11-02", "year-end", "DATE", "1989", "END"),
    ("It aims to cut costs by the end of the year.", "1989-10-30", "the end of the year", "DATE", "1989", "END"),
    # a place in the current month, week, decade or century
    ("The deal should close by the end of the month.", "2021-08-26", "the end of the month", "DATE", "2021-08", "END"),
    ("He arrived at the beginning of the week.", "2021-08-26", "the beginning of the week", "DATE", "2021-W34",
     "START"),
    ("By the middle of the month, troops had left.", "2021-08-26", "the middle of the month", "DATE", "2021-08",
     "MID"),
    ("Prices may peak at the end of the decade.", "2021-08-26", "the end of the decade", "DATE", "202", "END"),
    ("Losses narrowed at month's end.", "1989-10-30", "month's end", "DATE", "1989-10", "END"),
    ("Over the summer, rivals cut prices.", "1989-10-26", "the summer", "DATE", "1989-SU", None),
    # a noun naming the part of the year a season gives its name to stays in the mention
    ("Classes for the fall semester begin next week.", "2013-08-20", "the fall semester", "DATE", "2013-FA", None),
    ("Pupils finish the autumn term today.", "2020-12-18", "the autumn term", "DATE", "2020-FA", None),
    ("The winter session of Parliament opens on Monday.", "2024-11-01", "The winter session", "DATE", "2024-WI",
     None),
    ("Orders rose from the low levels of the early summer.", "1989-10-26", "the early summer", "DATE", "1989-SU", "START"),
    ("Costs ran high until it scrapped the unit this past spring.", "1989-10-30", "this past spring", "DATE", "1989-SP", None),
    ("Sales in the current fiscal year will rise.", "1989-11-02", "the current fiscal year", "DATE", "1989", None),
    ("It had sales of $7 billion in the latest fiscal year.", "1989-10-26", "the latest fiscal year", "DATE", "1988", None),
    # "the year ended ...": the year is a length of time; the date is its own mention
    ("For the year ended Sept. 30, it earned $4 million.", "1989-11-02", "the year", "DURATION", "P1Y", None),
    ("Net income in the fiscal year ending June 30 fell.", "1989-11-02", "the fiscal year", "DURATION", "P1Y", None),
    # quarters named through a year
    ("It could be effective as early as next year's first quarter.", "1989-10-31",
     "next year's first quarter", "DATE", "1990-Q1", None),
    ("Operating revenue surged 54% in the latest period.", "1989-10-26", "the latest period", "DATE", "1989-Q3", None),
    # the tense of a passive follows its auxiliary; an initial does not end a sentence
    ("Collins will be named commander for a mission in December.", "1998-03-04", "December", "DATE", "1998-12", None),
    ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", "1989-10-26", "Feb. 1", "DATE", "1990-02-01", None),
    ("The group would be ready to leave for the United States as soon as Tuesday.", "2000-04-03", "Tuesday", "DATE",
     "2000-04-04", None),
    ("A bomb hit an office next to the embassy on Friday morning.", "1998-08-08", "Friday morning", "TIME",
     "1998-08-07TMO", None),
    ("The grandparents could not be located Wednesday.", "2000-01-06", "Wednesday", "DATE", "2000-01-05", None),
    ("The talks are supposed to conclude by May.", "1998-03-22", "May", "DATE", "1998-05", None),
    ("It would be paid on a still unspecified date in January.", "1989-10-26", "January", "DATE", "1990-01", None),
    # a month without a tense marker: the latest one, or one of the next two months
    ("Her properties, worth $130 million in October, are worth half that now.", "1998-01-08", "October", "DATE",
     "1997-10", None),
    ("The case is heard in May in the appeals court.", "2000-03-29", "May", "DATE", "2000-05", None),
    # a plan put in the past perfect is over; "as soon as" and "as early as" look ahead
    ("It had been due to expire Friday evening.", "1989-10-30", "Friday evening", "TIME", "1989-10-27TEV", None),
    ("The offer previously had been scheduled to expire at midnight Friday.", "1989-10-30", "midnight Friday",
     "TIME", "1989-10-27T24:00", None),
    ("Mr. Bush let the offensive begin as previously planned Saturday night.", "1991-02-25", "Saturday night",
     "TIME", "1991-02-23TNI", None),
    ("Funds were likely to buy its stock as soon as trading opened Monday.", "1989-11-01", "Monday", "DATE",
     "1989-11-06", None),
    ("Elian's father could come to the U.S. as early as Tuesday.", "2000-04-03", "Tuesday", "DATE", "2000-04-04",
     None),
    ("INS extended its deadline until 9 a.m. EST Tuesday.", "2000-04-03", "9 a.m. EST Tuesday", "TIME",
     "2000-04-04T09:00", None),
    ("Holders tendered 99.3% of all common shares outstanding by the Tuesday deadline.", "1989-11-02", "Tuesday",
     "DATE", "1989-10-31", None),
    # a season or fiscal year over two calendar years is one DATE, valued by its first year
    ("The NBA suspended the 2019-20 season on Wednesday night.", "2020-03-12", "the 2019-20 season", "DATE", "2019",
     None),
    ("Al Hilal open their 2024/25 season at home next week.", "2024-08-16", "2024/25 season", "DATE", "2024", None),
    ("It was the best record of the 1999-2000 season.", "2001-05-01", "the 1999-2000 season", "DATE", "1999", None),
    ("Enrolment for school year 2022-2023 fell.", "2023-01-05", "school year 2022-2023", "DATE", "2022", None),
    # two consecutive years written short are one such year, wherever they stand ("the 2008-09 recession")
    ("Offensives in 2019-20 weakened the group.", "2021-08-27", "2019-20", "DATE", "2019", None),
    ("Guidance for 2019/20 was cut.", "2021-08-27", "2019/20", "DATE", "2019", None),
    ("The 2008-09 recession hit hard.", "2021-08-27", "2008-09", "DATE", "2008", None),
    # any other year range written with a hyphen: each end is a year
    ("The war of 1992\u201395 ruined the city.", "2021-08-27", "95", "DATE", "1995", None),
    ("The war of 1992\u201395 ruined the city.", "2021-08-27", "1992", "DATE", "1992", None),
    ("Trade grew in 1999-2000.", "2021-08-27", "1999", "DATE", "1999", None),
    ("Trade grew in 1999-2000.", "2021-08-27", "2000", "DATE", "2000", None),
    ("Raids in late 2019-20 drove them out.", "2021-08-27", "late 2019", "DATE", "2019", "END"),
    # "today" as the present era, not the calendar day
    ("And yet today it is hardly worth mentioning.", "2021-08-27", "today", "DATE", "PRESENT_REF", None),
    ("Even today, many remember the war.", "2021-08-27", "today", "DATE", "PRESENT_REF", None),
    ("The minister said today that talks had failed.", "2021-08-27", "today", "DATE", "2021-08-27", None),
    ("Today's meeting was short.", "2021-08-27", "Today", "DATE", "2021-08-27", None),
    # "now" opening a sentence is a time unless a comma sets it off as a discourse marker
    ("Now officials are investigating whether he fled.", "1998-02-27", "Now", "DATE", "PRESENT_REF", None),
    ("It was closed, but for now, officials say, it is open.", "1998-02-27", "now", "DATE", "PRESENT_REF", None),
    # a month after a deadline preposition is the occurrence nearest the DCT, even in a past clause
    ("The program calls for paying down the loan by February.", "1989-10-30", "February", "DATE", "1990-02", None),
    ("Lenders extended the loans through January.", "1989-10-30", "January", "DATE", "1990-01", None),
    ("Sales this year through August rose 5%.", "1989-10-27", "August", "DATE", "1989-08", None),
    ("The loan was repaid by September.", "1989-10-30", "September", "DATE", "1989-09", None),
    # a past verb right before a day without a year: the day of the year gone by, though the next one is nearer
    ("Britain left the EU on Jan. 31.", "2020-12-15", "Jan. 31", "DATE", "2020-01-31", None),
    ("Rioters stormed the Capitol on Jan. 6.", "2021-12-20", "Jan. 6", "DATE", "2021-01-06", None),
    ("Police arrested him on 9 January.", "2021-11-30", "9 January", "DATE", "2021-01-09", None),
    # ... but not a verb that fixed the day for something, a present perfect, an adjective in -ed, a verb
    # further off, or a day only days ahead
    ("The judge set sentencing for Feb. 10.", "2020-12-15", "Feb. 10", "DATE", "2021-02-10", None),
    ("The vote was postponed until Jan. 12.", "2020-12-15", "Jan. 12", "DATE", "2021-01-12", None),
    ("Dunkin' has set Nov. 10 as the deadline for competing bids.", "1989-11-02", "Nov. 10", "DATE",
     "1989-11-10", None),
    ("It will redeem the Series H preferred shares on Oct. 31.", "1989-10-27", "Oct. 31", "DATE",
     "1989-10-31", None),
    ("Holders will be paid dividends payable Dec. 7 to stock of record Nov. 22.", "1989-11-02", "Dec. 7", "DATE",
     "1989-12-07", None),
    ("The storm reached the coast on Dec. 17.", "2021-12-15", "Dec. 17", "DATE", "2021-12-17", None),
    ("The commission has set Jan. 10 as the deadline for draft plans.", "2020-11-30", "Jan. 10", "DATE",
     "2021-01-10", None),
    ("Judge Kaplan set sentencing for March 28 after a jury found him guilty.", "2023-11-03", "March 28", "DATE",
     "2024-03-28", None),
    # a month or a day after "from" opens a period: in a past or unmarked clause, the occurrence nearest the
    # telling, but not a span's start ("from January to March") nor a comparison ("rose 5% from January")
    ("OPEC agreed on Wednesday to cut output from January.", "2016-11-30", "January", "DATE", "2017-01", None),
    ("The cut applies from January.", "2016-11-30", "January", "DATE", "2017-01", None),
    ("Leaders agreed on Thursday to admit six states from January 1.", "2023-08-24", "January 1", "DATE",
     "2024-01-01", None),
    ("Councillors voted to raise council tax by 2.5% from April.", "2009-02-05", "April", "DATE", "2009-04", None),
    ("Prices rose 5% from January.", "2016-11-30", "January", "DATE", "2016-01", None),
    ("Prices were down from January.", "2016-11-30", "January", "DATE", "2016-01", None),
    ("Prices rose from January to March.", "2016-11-30", "January", "DATE", "2016-01", None),
    # what is yet to happen is ahead
    ("The IRS says 940,000 people have yet to claim refunds before a May 17 deadline.", "2024-03-25", "May 17",
     "DATE", "2024-05-17", None),
    # a clock time's zone after "p.m." does not end the sentence, so the verb before it still decides
    ("The parties agreed to a truce that takes effect at 9:45 p.m. Khartoum time (1945 GMT) on Monday, the US said.",
     "2023-05-21", "Monday", "DATE", "2023-05-22", None),
    # noon and midday: a zone and a day, in either order, join them; midday is noon
    ("The USDA will release its acreage report at noon ET on June 28.", "2024-06-24", "noon ET on June 28", "TIME",
     "2024-06-28T12:00", None),
    ("The report is due at noon ET Friday.", "2024-06-24", "noon ET Friday", "TIME", "2024-06-28T12:00", None),
    ("By midday Saturday the government was back in control.", "2016-07-16", "midday Saturday", "TIME",
     "2016-07-16T12:00", None),
    ("Residents face outages during the summer months, the utility said.", "2022-06-06", "the summer months", "DATE",
     "2022-SU", None),
    # a national day kept on different dates: Victory Day where Russia is named is 9 May
    ("Putin told a Victory Day parade on Red Square on Tuesday that war had been unleashed against Russia.",
     "2023-05-09", "Victory Day", "DATE", "2023-05-09", None),
    ("Bangladesh celebrates Victory Day today.", "2021-12-16", "Victory Day", "DATE", "2021-12-16", None),
    # "after midnight on Sunday" is in the small hours of Sunday; "at midnight on Sunday" ends it
    ("Forces ended the siege shortly after midnight on Sunday, police said.", "2022-08-21", "midnight on Sunday",
     "TIME", "2022-08-21T00:00", None),
    ("The deadline expires at midnight on Sunday.", "2022-08-21", "midnight on Sunday", "TIME", "2022-08-21T24:00",
     None),
    # "the 17th" before a capitalized word is a day, unless the word makes it a name's ordinal
    ("Assaults grew after the 10th, and by the 17th Ukraine's commander had ordered a withdrawal.", "2024-02-20",
     "the 17th", "DATE", "2024-02-17", None),
    # military time: four digits and "hours" after a preposition or before a zone
    ("They agreed to stop firing from 1700 hours Indian Standard Time on Saturday.", "2025-05-10",
     "1700 hours Indian Standard Time on Saturday", "TIME", "2025-05-10T17:00", None),
    ("The curfew runs from 0600 hours.", "2025-05-10", "0600 hours", "TIME", "2025-05-10T06:00", None),
    ("He qualified after 1200 hours of training.", "2025-05-10", "1200 hours", "DURATION", "PT1200H", None),
    ("The pilot has logged 1200 hours since 2019.", "2025-05-10", "1200 hours", "DURATION", "PT1200H", None),
    # an anniversary names the part of the day too, and the clock times after it fall on that day
    ("A century ago this morning, at 9:04 a.m., the Mont-Blanc exploded.", "2017-12-06", "A century ago this morning",
     "TIME", "1917-12-06TMO", None),
    ("A century ago this morning, at 9:04 a.m., the Mont-Blanc exploded.", "2017-12-06", "9:04 a.m.", "TIME",
     "1917-12-06T09:04", None),
    # hundreds in words
    ("The battle was fought two hundred years ago today.", "2015-06-18", "two hundred years ago today", "DATE",
     "1815-06-18", None),
    ("The siege lasted one hundred and twelve days.", "2015-06-18", "one hundred and twelve days", "DURATION", "P112D",
     None),
    # a day without a year in a story told of another year: a day counted from the story's date carries it on,
    # and a weekday written with the day picks the year named before in which it falls so
    ("Apollo 11 lifted off at 9:32 a.m. on July 16, 1969; four days later, on the afternoon of July 20, it landed.",
     "2019-07-16", "the afternoon of July 20", "TIME", "1969-07-20TAF", None),
    ("The Great Blizzard of 1888 first struck on Sunday, March 11.", "2013-03-11", "Sunday, March 11", "DATE",
     "1888-03-11", None),
    # "the end of the decade" in a past clause after a year written before it in the sentence: that year's decade;
    # not after "since", in a present perfect, or for a time ahead
    ("She moved to Los Angeles in the summer of 1994 and, by the end of the decade, had won two Emmys.",
     "2022-09-12", "the end of the decade", "DATE", "199", "END"),
    ("Load-shedding returned in late 2014 and has been imposed daily since the start of the year.", "2023-02-14",
     "the start of the year", "DATE", "2023", "START"),
    ("The company, founded in 1984, expects to turn a profit by the end of the year.", "2013-03-11",
     "the end of the year", "DATE", "2013", "END"),
    # a position in "the last decade" is in the decade before; "the last decade" alone is a duration
    ("He returned money to investors at the end of the last decade.", "2020-01-02", "the end of the last decade",
     "DATE", "201", "END"),
    ("Sales rose over the last decade.", "2020-01-02", "the last decade", "DURATION", "P10Y", None),
    # what someone spent "the next decade" doing lasted that long; "quarter of a century" is 25 years
    ("He made his debut in 1998 and spent the next decade with the Cardinals.", "2008-07-02", "the next decade",
     "DURATION", "P10Y", None),
    ("She sat for the next quarter of a century.", "1996-02-12", "the next quarter of a century", "DURATION", "P25Y",
     None),
    ("The crop failed again in the autumn of 1846, and the winter that followed was harsh.", "2006-05-08",
     "the winter that followed", "DATE", "1846-WI", None),
    ("The talks overran a deadline set for Holy Thursday.", "2018-03-26", "Holy Thursday", "DATE", "2018-03-29", None),
    # "the weekend before last", "by morning", "around 8:30 Monday night", "lunchtime today"
    ("This year I gave up the weekend before last, when the first frost came.", "2025-01-15",
     "the weekend before last", "DATE", "2025-W01-WE", None),
    ("I went to bed at 2am; by morning the networks had called it.", "2024-11-06", "morning", "TIME",
     "2024-11-06TMO", None),
    ("We lost power around 8:30 Monday night.", "2012-10-31", "around 8:30 Monday night", "TIME", "2012-10-29T20:30",
     "APPROX"),
    ("Savers were still lining up at lunchtime today.", "2007-09-17", "lunchtime today", "TIME", "2007-09-17TMI",
     None),
    # a deadline "by the weekend" is the coming one; "buried by the weekend blizzard" the one gone
    ("I can order it online and have it delivered by the weekend.", "2018-10-17", "the weekend", "DATE",
     "2018-W42-WE", None),
    ("Schools stay closed as crews clear roads buried by the weekend blizzard.", "2003-02-18", "the weekend", "DATE",
     "2003-W07-WE", None),
    # a clause after a semicolon that tells no past does not lean on the story before it
    ("Many of us left school in the 1980s; I fear it may be so again before the end of the decade.", "2008-01-29",
     "the end of the decade", "DATE", "200", "END"),
    # "this December" in a past clause, said early in the next year, is the one just gone
    ("This December the halls were fuller than ever, he said.", "2015-01-06", "This December", "DATE", "2014-12",
     None),
    ("With the election due this September, the figures came at a bad time.", "1998-02-05", "this September",
     "DATE", "1998-09", None),
    # polls closing, a window shutting: ahead
    ("Polls close at 7 p.m. EST on Tuesday across most of Georgia.", "2020-10-31", "7 p.m. EST on Tuesday", "TIME",
     "2020-11-03T19:00", None),
    ("The January transfer window shuts at 11pm GMT on Monday.", "2025-01-31", "11pm GMT on Monday", "TIME",
     "2025-02-03T23:00", None),
    # where a happening was put off or moved to is the occurrence nearest the telling, though the verb is past
    ("The court adjourned the bail hearing to Thursday after arguments ran on Tuesday.", "2021-10-27", "Thursday",
     "DATE", "2021-10-28", None),
    ("The trial, originally set for next week, has been pushed back to March.", "2009-12-30", "March", "DATE",
     "2010-03", None),
    # a possessive weekday owning a happening the clause places ahead; not one that came before another
    ("The All Blacks face the Springboks in Saturday's World Cup final.", "2023-10-24", "Saturday", "DATE",
     "2023-10-28", None),
    ("The Chiefs will face the 49ers on Feb. 11, two weeks after Sunday's championship games.", "2024-01-29",
     "Sunday", "DATE", "2024-01-28", None),
    # a word in -ed after a preposition is an adjective ("behind closed doors"), not the clause's past verb
    ("The retailer would hold its AGM behind closed doors and publish sales figures on July 9.", "2020-06-03",
     "July 9", "DATE", "2020-07-09", None),
    # a milestone or a leaving in the present tense is fixed ahead
    ("The health service, which turns 70 on Thursday, came into being on 5 July 1948.", "2018-07-02", "Thursday",
     "DATE", "2018-07-05", None),
    ("She became a judge in 1984, and she retires on Friday.", "1997-11-16", "Friday", "DATE", "1997-11-21", None),
    # a compound adjective in -ed is no past verb ("the long-delayed BlackBerry 10")
    ("RIM launched its first BlackBerry in 1999 and will unveil the long-delayed BlackBerry 10 on Wednesday.",
     "2013-01-28", "Wednesday", "DATE", "2013-01-30", None),
    # "the following days" is a vague span, as "the coming days" is
    ("Forces overran the enclave on 11 July 1995, and over the following days 8,000 men were killed.", "2015-07-10",
     "the following days", "DURATION", "PXD", None),
    # a part of the day reached "by", or "late in", of the day spoken of
    ("Prigozhin spoke at 7:30 a.m.; by evening his column was 200 km from Moscow.", "2023-06-24", "evening", "TIME",
     "2023-06-24TEV", None),
    ("Fire bans apply tomorrow, with a cool change not due until late in the evening.", "2019-12-30",
     "late in the evening", "TIME", "2019-12-31TEV", "END"),
    # "On this day in 1916": the publication date's day that year
    ("On this day in 1916, the Battle of the Somme began; by nightfall, 20,000 soldiers were dead.", "2016-07-01",
     "this day in 1916", "DATE", "1916-07-01", None),
    ("On this day in 1916, the Battle of the Somme began; by nightfall, 20,000 soldiers were dead.", "2016-07-01",
     "nightfall", "TIME", "1916-07-01TEV", None),
    # holidays of calendars other than the Gregorian, year by year
    ("Bali's airport will close for Nyepi on Monday.", "2024-03-08", "Nyepi", "DATE", "2024-03-11", None),
    ("Devotees carried kavadis at the Batu Caves for Thaipusam.", "2016-01-25", "Thaipusam", "DATE", "2016-01-24",
     None),
    # Labour Day is 1 May, unless a country that keeps it on another day is named
    ("Dockworkers in Hong Kong marched on Labour Day.", "2013-05-01", "Labour Day", "DATE", "2013-05-01", None),
    ("Students in Toronto return to class after the Labour Day weekend.", "2006-09-04", "the Labour Day weekend",
     "DATE", "2006-W35-WE", None),
    # "N-and-a-half-<unit>" before a noun
    ("The Irishman, a three-and-a-half-hour epic, begins streaming.", "2019-11-25", "three-and-a-half-hour",
     "DURATION", "PT3H30M", None),
    # "a week" after a verb in -s is a duration; a rate needs a count ("four return flights a week")
    ("The festival lasts a week.", "2016-01-03", "a week", "DURATION", "P1W", None),
    ("The trial takes a year.", "2016-01-03", "a year", "DURATION", "P1Y", None),
    # "recent years" is a vague time gone by, as "recently" is
    ("In recent years, the region has seen more wildfires.", "2021-08-26", "recent years", "DATE", "PAST_REF", None),
    # "last <month>" for the month just gone names the one a year before ("last month" names the other)
    ("Prices fell last February.", "1998-03-01", "last February", "DATE", "1997-02", None),
    ("Prices fell this past February.", "1998-03-01", "this past February", "DATE", "1998-02", None),
    ("Prices fell last February.", "1998-12-01", "last February", "DATE", "1998-02", None),
    # "a day" after an amount is a rate, unless it is a span before or after something
    ("Oil settled at $37 a barrel a day before the contract expired.", "2020-04-21", "a day", "DURATION", "P1D", None),
    ("The pit closed in 1985, a year after the strike began.", "2024-03-06", "a year", "DURATION", "P1Y", None),
    # a span of months that is no quarter: one DATE, valued by its first month
    ("The March-May long rains are likely to be below average.", "2023-02-28", "March-May", "DATE", "2023-03",
     None),
    ("Sales in the May-July period rose.", "2023-08-10", "the May-July period", "DATE", "2023-05", None),
    ("Rains failed in March-April 2022.", "2023-02-28", "March-April 2022", "DATE", "2022-03", None),
    ("The October-December 2021 figures were weak.", "2023-02-28", "October-December 2021", "DATE", "2021-Q4", None),
    # a scheduled end, a rule that applies from a day on
    ("For fiscal year 2010, which ends Sept. 30, the company raised its forecast.", "2010-02-11", "Sept. 30", "DATE",
     "2010-09-30", None),
    ("The law bans lifetime coverage limits beginning Sept. 23.", "2010-03-24", "Sept. 23", "DATE", "2010-09-23",
     None),
    # "the first Monday in October" takes its year from the day, as a holiday does
    ("The court's term begins on the first Monday in October.", "2019-04-03", "the first Monday in October", "DATE",
     "2019-10-07", None),
    ("A generation ago, the block was boarded up.", "2013-04-14", "A generation ago", "DATE", "PAST_REF", None),
    # a timeline's entries: told in the present, each day in the year of the story before it
    ("Key dates: Oct 18 – Bhutto returns from exile; Nov 3 – Musharraf declares emergency.", "2007-12-28", "Nov 3",
     "DATE", "2007-11-03", None),
    ("Timeline: October 7, 2023 – Hamas attack; October 27 – ground invasion begins; November 24 – truce takes effect.",
     "2025-01-16", "November 24", "DATE", "2023-11-24", None),
    # a national day kept on different dates takes the date of the country named nearest to it
    ("The Heritage Day public holiday will be marked with a braai in Johannesburg.", "2015-09-22", "Heritage Day",
     "DATE", "2015-09-24", None),
    ("Afghanistan scaled back its Independence Day celebrations on Monday.", "2019-08-19", "Independence Day", "DATE",
     "2019-08-19", None),
    ("Fans watched fireworks on Independence Day in Boston.", "2019-07-10", "Independence Day", "DATE", "2019-07-04",
     None),
    ("NEW DELHI (Reuters) - Sales rose. Tata will open bookings on Republic Day.", "2020-01-20", "Republic Day",
     "DATE", "2020-01-26", None),
    ("Putin ordered a ceasefire over Orthodox Christmas.", "2023-01-05", "Orthodox Christmas", "DATE", "2023-01-07",
     None),
    # holidays of other names and calendars; "for" before a holiday is a purpose, not a schedule
    ("Hari Raya Puasa falls on Wednesday this year.", "2024-04-08", "Hari Raya Puasa", "DATE", "2024-04-10", None),
    ("Rocket sirens sounded across Israel on the Simchat Torah holiday.", "2023-10-08", "Simchat Torah", "DATE",
     "2023-10-07", None),
    ("Revellers packed Bangkok for Songkran.", "2023-10-08", "Songkran", "DATE", "2023-04-13", None),
    # a lunar holiday that falls twice in a year: the occurrence nearest the DCT
    ("Sunni Muslims began celebrating Eid al-Adha.", "2006-12-30", "Eid al-Adha", "DATE", "2006-12-31", None),
    # "the night of" a date, and "overnight" standing alone
    ("The attack came on the night of Aug. 26.", "2021-08-30", "the night of Aug. 26", "TIME", "2021-08-26TNI", None),
    ("Saudi Arabia launched air strikes on Yemen overnight, hours after the rebels advanced.", "2015-03-26",
     "overnight", "TIME", "2015-03-26TNI", None),
    # a past clause takes the day gone by, a future clause the day to come, when both lie in its window
    ("The Senate confirmed Jerome Powell as chairman of the Federal Reserve on Jan. 23.", "2018-11-14", "Jan. 23",
     "DATE", "2018-01-23", None),
    ("The climate summit will be held in Dubai from Nov. 30.", "2023-02-02", "Nov. 30", "DATE", "2023-11-30", None),
    ("Cohen was ordered to report to prison on March 6.", "2018-12-12", "March 6", "DATE", "2019-03-06", None),
    # a day that names an event when the next word says so (named_days.tsv), never one after the DCT's year
    ("He was killed nearly 10 years after the Sept. 11 attacks.", "2011-05-02", "Sept. 11", "DATE", "2001-09-11",
     None),
    ("The Jan. 6 committee held its eighth hearing.", "2022-07-21", "Jan. 6", "DATE", "2021-01-06", None),
    ("Militants carried out the Oct. 7 attack on the base.", "2019-10-20", "Oct. 7", "DATE", "2019-10-07", None),
    ("The attack happened on Sept. 11.", "2011-05-02", "Sept. 11", "DATE", "2010-09-11", None),
    # a month inside what was agreed or decided is still to come
    ("Thermo Electron agreed to purchase the line for $22 million in February.", "1989-10-30", "February",
     "DATE", "1990-02", None),
    ("It announced an agreement to acquire the bank in January.", "1989-11-02", "January", "DATE", "1990-01",
     None),
    ("The two sides agreed to a ceasefire on Tuesday.", "1990-08-15", "Tuesday", "DATE", "1990-08-14", None),
    # the fiscal quarter, hyphen or not
    ("It posted net income for the fiscal-first quarter ended Sept. 30.", "1989-10-26",
     "the fiscal-first quarter", "DATE", "1989-Q1", None),
    # the period ahead, and a part of the day with a position
    ("Managers will face pressure to sell in the weeks ahead.", "1989-10-27", "the weeks ahead", "DURATION",
     "PXW", None),
    ("By mid afternoon, officials said the operation was over.", "1998-03-06", "mid afternoon", "TIME",
     "1998-03-06TAF", "MID"),
]


@pytest.mark.parametrize("text,dct,extent,ttype,value,mod", CASES, ids=[c[2] for c in CASES])
def test_expression(text, dct, extent, ttype, value, mod):
    found = [m for m in tag(text, dct) if m.text == extent]
    assert found, f"{extent!r} not tagged in {text!r}: {[(m.text, m.value) for m in tag(text, dct)]}"
    m = found[0]
    assert (m.type, m.value, m.mod) == (ttype, value, mod)
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", [
    # a weekday after a capitalized word that makes it a day's name
    "Shares fell the most since the Black Monday crash.",
    "Relatives will retrace the route of the Bloody Sunday march.",
    "Candidates are campaigning hard ahead of Super Tuesday.",
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
    "Two thousand people marched.",
    "It will save $500 million a year in costs.",
    "The airline adds 700 seats a week on the route.",
    "Nineteen soldiers died.",
    "The year before, it lost money.",
    "After the fall of Kabul, they fled.",
    "At the end of the week before, he resigned.",
    "Version 1.2.2021 was released.",
    # a capitalized time word opening a name
    "The Sunday Times reported the raid.",
    "According to the Daily Mail, he fled.",
    "Tourists visited The Summer Palace.",
    "The Good Friday Agreement ended the conflict.",
    "He drove an Audi Q5 to work.",
    "He lives at 1999 Broadway.",
    "The score was 18:30 at halftime.",
    "She works around the clock.",
    "He flew to Christmas Island.",
    "Hibs play at Easter Road.",
    "She won gold at the Winter Olympics.",
    "Orwell wrote Nineteen Eighty-Four in exile.",
    "The office moved to 2020 K Street.",
    "Tuesday Morning Corp. filed for bankruptcy protection.",  # a company
    "Investment in H2 production rose.",  # hydrogen, not a half-year
    "He slept badly the night before the exam.",  # before an event, not a day
    "The weather service extended the winter storm warning.",  # a kind of storm
    "The score was between 1500 and 1600 points.",  # a range of counts
    "They bought a mid-century modern house.",  # a style
    "At the end of the day, we won.",  # in the end
    "The May government fell.",  # a prime minister's name
    "Time magazine named Joe Biden its Person of the Year.",  # a title
    "Elon Musk joked about Dogecoin while hosting Saturday Night Live.",  # a show
    # a rate ("a year" after a measure of something) is no duration
    "Greenland lost 270 billion tonnes of ice a year.",
    "Saudi Arabia pumps 9 million barrels of crude oil a day.",
    "They earn $100,000 a year before tax.",
    "The airline runs four return flights a week.",
    "We went out in the quarter-final.",
    "Ministers hope many more buses a day will run.",
    "Troops from the 1st Marine Division arrived on the 5th Special Forces Group base.",
    # a model year before a maker's name
    "The suspect drove off in a 1999 Chevrolet Silverado.",
    "The 2024 Honda Accord starts at $27,295.",
    "As John 14:16 says, love one another.",
    "The form is dated 31/02/2021.",
    "Add 3/4/5 of the mix.",
    "The army sent 3000 troops.",
    "The office is on the 3rd floor.",
    # a year right after a capitalized word inside a sentence is part of a name
    "The Saudi pavilion at Expo 2020 Dubai was large.",
    "Saudi Arabia's Vision 2030 plan aims high.",
    "Task Force 2010, a Pentagon unit, found fraud.",
    "They met the day before the election.",
    "He was last seen the day before authorities issued a warrant.",
    "The Dead Sea is falling by more than a metre a year.",  # a rate after a unit of measure
    "The clinic at Blk 1957 Ang Mo Kio has moved.",
    "Diners at TGI Fridays will see new menus.",  # a plural weekday after a name is no set
    "The Fed signaled three quarter-point cuts.",  # a unit joined to the next word by a hyphen is no unit
    # a hyphenated pair that is not a short range of years, or is a label
    "Under Section 2019-20 of the code.",
    "He threw two touchdowns in the second half.",  # a half of a match
    # a time word that names a place with the word after it
    "The editor told a conference in Friday Harbor, Washington.",
    "A fire broke out at a warehouse in 6th of October City, west of Cairo.",
    # a frequency adjective before a noun, or a rate
    "The board declared a quarterly dividend of 22 cents.",
    "Sales rose 8.5% annually through the decade.",
    "The tally was 1990-1800 at the end.",
])
def test_traps_are_not_dates(text):
    assert [(m.text, m.value) for m in tag(text, "2021-08-27") if m.type in ("DATE", "TIME")] == []


def test_a_year_after_a_preposition_stays_a_year_before_a_makers_name():
    assert [(m.text, m.value) for m in tag("In 1999 Toyota launched the Prius.", "2021-08-27")] == [("1999", "1999")]


@pytest.mark.parametrize("text", [
    "Now, he says, it looks like a mistake.",
    'He added: "Now, we wait."',
    "USA Today reported the raid.",
    "This is VOA Today.",
    "Gonzalez said on CBS's ''60 Minutes.''",
    "Geremek of Poland and Jan Kavan of the Czech Republic signed.",
    # a national day of no country named, and "overnight" as an adjective
    "The company held a party on National Day.",
    "An overnight curfew was imposed in the capital.",
])
def test_discourse_markers_and_names_hold_no_time(text):
    assert [(m.text, m.value) for m in tag(text, "2021-08-27")] == []


@pytest.mark.parametrize("text", [
    # "today's" before an era noun means contemporary, like the adjective "current": no time
    "Music shapes today's youth more than books do.",
    "Engineers in Taipei design many of today's personal computers.",
    # "the future of" something is what becomes of it
    "Ministers met to debate the future of the alliance.",
    # "the past" opening a count of things
    "Riots flared for the past three summers.",
    "He lost the past two elections and the past several primaries.",
    # "formerly" is the adverb of "former", a title, not a time
    "The group hired Ana Ruiz, formerly the bank's treasurer.",
])
def test_words_that_only_look_temporal_hold_no_time(text):
    assert [(m.text, m.value) for m in tag(text, "2021-08-27")] == []


def test_the_future_without_of_is_still_a_time():
    assert [(m.text, m.value) for m in tag("Prices may rise in the future.", "2021-08-27")] == [
        ("the future", "FUTURE_REF")]
    assert [(m.text, m.value) for m in tag("Even today, the town is poor. Today's vote was close.", "2021-08-27")] \
        == [("today", "PRESENT_REF"), ("Today", "2021-08-27")]


def test_one_day_after_a_modal_verb_is_a_time_to_come_and_elsewhere_a_duration():
    def got(text):
        return [(m.text, m.type, m.value) for m in tag(text, "1998-03-03")]

    assert got("Islam will one day be the second largest religion.") == [("one day", "DATE", "FUTURE_REF")]
    assert got("He could even one day run for office.") == [("one day", "DATE", "FUTURE_REF")]
    assert got("They hope to someday return.") == [("someday", "DATE", "FUTURE_REF")]
    assert got("The talks lasted one day.") == [("one day", "DURATION", "P1D")]


def test_prepositions_are_outside_the_extent():
    texts = {m.text for m in tag("It happened on Thursday, in September and since 2019.", "2021-08-27")}
    assert texts == {"Thursday", "September", "2019"}


def test_possessive_is_outside_the_extent():
    (m,) = tag("This week\u2019s attack shocked everyone.", "2021-08-27")
    assert m.text == "This week"


@pytest.mark.parametrize("text,dct,value", [
    # a weekday that owns a happening fixed ahead is the nearest one, unless its clause is in the past
    ("Sky Sports will show Monday's game between Burnley and Chelsea live.", "2014-08-15", "2014-08-18"),
    ("Verstappen and Hamilton go into Sunday's title decider level on points.", "2021-12-10", "2021-12-12"),
    ("The outcome of Tuesday's presidential election may not be known soon.", "2000-11-08", "2000-11-07"),
    ("Saturday's election was won by the opposition.", "2022-05-19", "2022-05-14"),
    ("Polls for Thursday's local and European elections will open at 7am.", "2014-05-20", "2014-05-22"),
    ("Thursday's Heritage Day public holiday will be marked with a braai.", "2015-09-22", "2015-09-24"),
    # a weekday that owns anything else names a day that has come
    ("Wednesday's ruling will be appealed.", "2021-08-27", "2021-08-25"),
])
def test_a_possessive_weekday(text, dct, value):
    m = tag(text, dct)[0]
    assert m.value == value


@pytest.mark.parametrize("text,dct,value", [
    # a weekday that says which day of the week the holiday before it falls on is the holiday's own day
    ("With Thanksgiving on Monday, Ontario officials urge families to keep gatherings small.", "2021-10-09",
     "2021-10-11"),
    ("Christmas falls on a Wednesday this year.", "2019-12-02", "2019-12-25"),
    ("With Easter on Sunday, the shops are busy.", "2024-03-20", "2024-03-31"),
    # a weekday the holiday does not fall on is read as any other
    ("Christmas is on a Tuesday this year, he said wrongly.", "2019-12-02", "2019-11-26"),
])
def test_a_weekday_after_a_holiday(text, dct, value):
    weekday = [m for m in tag(text, dct) if m.value.count("-") == 2][1]
    assert weekday.value == value


@pytest.mark.parametrize("text,dct,value", [
    # a holiday of a lunar calendar is kept on the weekday its verb names, a day or two from the calendar's
    ("Eid-ul-Fitr will be celebrated in Bangladesh on Wednesday.", "2019-06-04", "2019-06-05"),
    ("Hari Raya Puasa falls on Saturday this year.", "2023-04-21", "2023-04-22"),
    ("Vesak will be celebrated across Sri Lanka on Sunday.", "2018-04-27", "2018-04-29"),
    # not when the weekday is further off, nor when it belongs to something else
    ("Eid-ul-Fitr will be celebrated in Bangladesh on Friday.", "2019-06-04", "2019-06-04"),
    ("The Spring Festival travel rush began on Monday.", "2019-01-22", "2019-02-05"),
])
def test_a_lunar_holiday_on_the_weekday_its_clause_names(text, dct, value):
    assert tag(text, dct)[0].value == value


def test_a_weekday_written_with_a_day_picks_the_year_it_falls_in():
    text = "The fixtures were published this morning, with Liverpool at home to Bournemouth on Friday 15 August."
    assert [m.value for m in tag(text, "2025-06-18")] == ["2025-06-18TMO", "2025-08-15"]  # 15 August 2024: Thursday
    assert tag("He died on Thursday 15 August.", "2025-06-18")[0].value == "2024-08-15"


@pytest.mark.parametrize("text,dct,value", [
    # a day after "from" in a past clause: the start of what was imposed or called, nearest the telling
    ("Separatists called a three-day strike from Thursday.", "2009-06-08", "2009-06-11"),
    ("Police imposed a curfew from Wednesday.", "2018-03-01", "2018-02-28"),
    ("Met Eireann has issued a red warning from 4pm on Wednesday.", "2018-02-27", "2018-02-28T16:00"),
    # without "from", the past tense decides
    ("Police imposed a curfew on Wednesday.", "2018-02-27", "2018-02-21"),
])
def test_a_day_a_past_clause_starts_from(text, dct, value):
    assert [m.value for m in tag(text, dct) if m.value.startswith("20")][0] == value



@pytest.mark.parametrize("text,dct,weekday,value", [
    # a weekday declared a holiday is a day off to come, though the declaring is done
    ("The government has declared Monday a public holiday.", "2012-09-28", "Monday", "2012-10-01"),
    ("The state government has declared Friday a work-free day.", "2020-09-30", "Friday", "2020-10-02"),
    ("The government has declared Monday and Tuesday public holidays.", "2024-06-13", "Tuesday", "2024-06-18"),
    # named a holiday after a comma, it tells what the day was
    ("Shops were shut on Monday, a public holiday.", "2024-06-13", "Monday", "2024-06-10"),
])
def test_a_weekday_declared_a_holiday(text, dct, weekday, value):
    (m,) = [m for m in tag(text, dct) if m.text == weekday]
    assert m.value == value


@pytest.mark.parametrize("text,dct,value", [
    # "next summer" said when summer is at hand is the one after this summer; said in winter, the coming one
    ("Graduation will return next summer.", "2021-05-21", "2022-SU"),
    ("Next summer will be hot.", "2022-01-15", "2022-SU"),
    ("Next winter will be cold.", "2022-01-15", "2022-WI"),
    ("Next winter will be cold.", "2021-10-21", "2022-WI"),
    ("Next winter will be cold.", "2021-05-21", "2021-WI"),
])
def test_next_season(text, dct, value):
    (m,) = tag(text, dct)
    assert m.value == value


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
    two_days = by_text["Two days"]  # "later" is a signal, left out of the extent
    assert (two_days.type, two_days.value) == ("DURATION", "P2D")
    assert two_days.first_day == two_days.last_day == date(2021, 8, 29)
    assert two_days.anchor.startswith("mention:")


def test_count_and_unit_before_later_or_earlier_is_an_anchored_duration():
    ms = {m.text: m for m in tag("Three days later, the market closed. A day earlier, trucks crossed.", "1989-10-30")}
    later, earlier = ms["Three days"], ms["A day earlier"]
    assert (later.type, later.value, later.precision) == ("DURATION", "P3D", "day")
    assert later.first_day == later.last_day == date(1989, 11, 2)
    assert (earlier.type, earlier.value) == ("DURATION", "P1D")
    # counted back from the date the story last reached, not from the DCT
    assert earlier.first_day == date(1989, 11, 1) and earlier.anchor == f"mention:{later.start}"


def test_anchored_duration_spans_its_unit():
    m = tag("Three years earlier, the war had begun.", "2021-08-30")[0]
    assert (m.type, m.value, m.anchor) == ("DURATION", "P3Y", "dct")
    assert (m.first_day, m.last_day, m.precision) == (date(2018, 1, 1), date(2018, 12, 31), "year")


def test_a_season_over_two_years_covers_both():
    (m,) = tag("Offensives in 2019-20 weakened the group.", "2021-08-27")
    assert (m.value, m.first_day, m.last_day) == ("2019", date(2019, 1, 1), date(2020, 12, 31))


def test_a_span_of_months_covers_the_days_of_each():
    (m,) = tag("The March-May long rains are likely to be below average.", "2023-02-28")
    assert (m.value, m.first_day, m.last_day, m.precision) == ("2023-03", date(2023, 3, 1), date(2023, 5, 31), "month")
    (m,) = tag("Shops shut over the November-January holidays.", "2023-10-02")
    assert (m.text, m.first_day, m.last_day) == ("November-January", date(2023, 11, 1), date(2024, 1, 31))
    assert tag("sales in march-may fell", "2023-10-02") == []  # the verb and the modal are no span of months


def test_ramadan_covers_its_days_and_its_start_and_end_are_days():
    (m,) = tag("Shops will close early during Ramadan.", "2022-04-15")  # under way: that one, whatever the tense
    assert (m.value, m.first_day, m.last_day) == ("2022-04-02", date(2022, 4, 2), date(2022, 5, 1))
    start = [m for m in tag("The truce took effect on Saturday, coinciding with the start of Ramadan.", "2022-04-02")
             if "Ramadan" in m.text]
    assert [(m.text, m.value, m.mod) for m in start] == [("the start of Ramadan", "2022-04-02", "START")]
    end = [m for m in tag("Muslims will celebrate Eid al-Fitr tomorrow, marking the end of Ramadan.", "2010-09-09")
           if "Ramadan" in m.text]
    assert [(m.text, m.value) for m in end] == [("the end of Ramadan", "2010-09-09")]  # the eve of Eid al-Fitr
    assert tag("Tariq Ramadan was charged.", "2018-02-02") == []  # a person


def test_vague_anchored_duration_has_no_day():
    m = tag("A few days later, American Medical announced a loss.", "1989-10-27")[0]
    assert (m.text, m.type, m.value, m.first_day, m.anchor) == ("A few days", "DURATION", "PXD", None, "none")


def test_a_year_earlier_stays_the_comparison_date():
    m = tag("Sales rose to $5 million from $4 million a year earlier.", "1989-10-30")[0]
    assert (m.text, m.type, m.value) == ("a year earlier", "DATE", "1988")


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
    assert tag('James Baker, speaking on ABC News\' "This Week," said so.', "1990-08-13") == []


def test_user_resource_folder_extends_the_lexicon(tmp_path):
    (tmp_path / "holidays.tsv").write_text("# name\tdate\ngalungan\t2023-08-02\n", encoding="utf-8")
    tagger = Tagger(resource_dirs=(tmp_path,))
    (m,) = tagger.tag("Temples in Bali filled for Galungan.", "2023-08-04")
    assert (m.text, m.value) == ("Galungan", "2023-08-02")
    assert tag("Temples in Bali filled for Galungan.", "2023-08-04") == []


def test_a_holiday_of_a_user_folder_with_an_unreadable_date_is_refused_by_name(tmp_path):
    (tmp_path / "holidays.tsv").write_text("nyepi\tthird day of spring\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holiday 'nyepi'"):
        Tagger(resource_dirs=(tmp_path,))


def test_a_lasting_holiday_of_a_user_folder_with_an_unreadable_last_day_is_refused_by_name(tmp_path):
    (tmp_path / "holidays.tsv").write_text("lent\teaster-46\tholy saturday\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holiday 'lent'"):
        Tagger(resource_dirs=(tmp_path,))
    (tmp_path / "holidays.tsv").write_text("lent\teaster-46\teaster-1\n", encoding="utf-8")
    (m,) = Tagger(resource_dirs=(tmp_path,)).tag("Fasting during Lent ends soon.", "2024-03-01")
    assert (m.text, m.value, m.first_day, m.last_day) == ("Lent", "2024-02-14", date(2024, 2, 14), date(2024, 3, 30))


def test_a_national_day_named_inside_a_clock_time_takes_its_country():
    text = "Delhi Metro services will begin at 4.30am on Republic Day so that spectators reach the parade."
    (m,) = tag(text, "2023-01-24")
    assert (m.text, m.value) == ("4.30am on Republic Day", "2023-01-26T04:30")
    (m,) = tag("Services will begin at 4.30am on Republic Day.", "2023-01-24")  # no country: no day
    assert m.value == "XXXX-XX-XXT04:30"


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before():
    text = "Profit rose 5% in the third quarter, up from $5 million a year earlier. In the year-ago quarter it fell."
    values = {m.text: m.value for m in tag(text, "1989-10-26")}
    assert values == {"the third quarter": "1989-Q3", "a year earlier": "1988-Q3", "the year-ago quarter": "1988-Q3"}


def test_comparison_periods_take_the_quarter_spoken_of():
    text = ("Sales rose in the third quarter. In the year-ago period, it earned $1 million. "
            "In the 1988 quarter, it lost. For last year's quarter, sales fell. "
            "It compares with the corresponding period last year. The year-ago results included a charge.")
    values = [(m.text, m.value) for m in tag(text, "1989-10-26")]
    assert values == [("the third quarter", "1989-Q3"), ("the year-ago period", "1988-Q3"),
                      ("the 1988 quarter", "1988-Q3"), ("last year's quarter", "1988-Q3"),
                      ("the corresponding period last year", "1988-Q3"), ("The year-ago", "1988-Q3")]


def test_a_year_ago_period_compares_with_a_quarter_already_over():
    text = ("Profit fell in the third quarter. Losses will go on through the third quarter of 1990. "
            "In the year-ago period, it earned $1 million. For the quarter a year ago, it lost.")
    values = [(m.text, m.value) for m in tag(text, "1989-10-26")]
    assert values == [("the third quarter", "1989-Q3"), ("the third quarter of 1990", "1990-Q3"),
                      ("the year-ago period", "1988-Q3"), ("the quarter a year ago", "1988-Q3")]


def test_a_year_earlier_after_a_period_of_months_is_the_year():
    # the comparison is with the period spoken of last: the nine months, not the quarter before them
    text = ("Net rose in the third quarter from $5 million a year earlier. "
            "For the nine months, net rose to $9 million from $7 million a year earlier.")
    values = [(m.text, m.value) for m in tag(text, "1989-10-26")]
    assert values == [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3"),
                      ("the nine months", "P9M"), ("a year earlier", "1988")]


def test_a_year_earlier_after_a_quarter_ended_on_a_day_is_that_quarter():
    # "Sept. 30" closes the quarter spoken of: a year earlier is that (fiscal) quarter, a year before
    text = ("It earned C$4.7 million for the fiscal-first quarter ended Sept. 30. "
            "Sales were C$348 million compared with C$307 million a year earlier.")
    values = [(m.text, m.value) for m in tag(text, "1989-10-26")]
    assert values == [("the fiscal-first quarter", "1989-Q1"), ("Sept. 30", "1989-09-30"),
                      ("a year earlier", "1988-Q1")]
    # a day that ends no quarter leaves the year
    values = [(m.text, m.value) for m in tag("Shares rose on Sept. 30, up from a year earlier.", "1989-10-26")]
    assert values == [("Sept. 30", "1989-09-30"), ("a year earlier", "1988")]


def test_the_quarter_is_the_one_the_report_names_first():
    # a fiscal quarter keeps its own number: "the quarter" and "the 1988 period" follow it
    text = ("Acme earned $3 million in the fiscal second quarter. Sales in the quarter rose 4%. "
            "In the 1988 period, it lost money.")
    assert [(m.text, m.value) for m in tag(text, "1989-11-02")] == [
        ("the fiscal second quarter", "1989-Q2"), ("the quarter", "1989-Q2"), ("the 1988 period", "1988-Q2")]
    text = "Zenco reported a drop in fourth-quarter profit. Sales in the latest period fell 3%."
    assert [(m.text, m.value) for m in tag(text, "1989-11-02")] == [
        ("fourth-quarter", "1989-Q4"), ("the latest period", "1989-Q4")]
    # with no quarter named before, the latest quarter before the document date
    assert [(m.text, m.value) for m in tag("The quarter was hard for airlines.", "1989-11-02")] == [
        ("The quarter", "1989-Q3")]


def test_a_year_period_without_a_quarter_before_is_the_year():
    assert [(m.text, m.value) for m in tag("In the 1988 period it lost money.", "1989-10-26")] == [
        ("the 1988 period", "1988")]


def test_anaphora_inside_a_longer_candidate_finds_its_antecedent():
    text = ("He was killed on Oct. 23, 1998. Earlier that day, his family sent a fax. "
            "The site was closed that same day. He fled in June 1997 and returned later that year.")
    values = [(m.text, m.value, m.mod) for m in tag(text, "1999-10-24")]
    assert values == [("Oct. 23, 1998", "1998-10-23", None), ("Earlier that day", "1998-10-23", "START"),
                      ("that same day", "1998-10-23", None), ("June 1997", "1997-06", None),
                      ("later that year", "1997", "END")]


def test_a_number_after_a_date_and_before_a_noun_is_a_count():
    assert [m.text for m in tag("On April 24 and 25 people died.", "1999-02-10")] == ["April 24"]


@pytest.mark.parametrize("text, expected", [
    ("The talks were held on Aug. 29-30.", [("Aug. 29", "2021-08-29"), ("30", "2021-08-30")]),
    ("The talks will be held Sept. 3\u20135 in Doha.", [("Sept. 3", "2021-09-03"), ("5", "2021-09-05")]),
    ("The fair ran Aug. 30 - Sept. 2, 2021, in Kabul.", [("Aug. 30", "2021-08-30"), ("Sept. 2, 2021", "2021-09-02")]),
])
def test_a_range_of_days_gives_its_first_and_last_day(text, expected):
    assert [(m.text, m.value) for m in tag(text, "2021-08-26")] == expected


@pytest.mark.parametrize("year, day", [(2021, "2021-04-04"), (2019, "2019-04-21"), (2000, "2000-04-23"),
                                       (1818, "1818-03-22"), (2038, "2038-04-25")])
def test_easter_sunday_follows_the_gregorian_computus(year, day):
    from timeline.temporal.normalize import easter_sunday

    assert easter_sunday(year).isoformat() == day


def test_a_weekday_before_a_name_without_the_stays_a_date():
    assert [(m.text, m.value) for m in tag("On Tuesday President Biden spoke.", "2021-08-26")] == [
        ("Tuesday", "2021-08-24")]


def test_durations_join_only_when_their_units_come_down_in_size():
    assert [(m.text, m.value) for m in tag("It took two days and three weeks.", "2021-08-26")] == [
        ("two days", "P2D"), ("three weeks", "P3W")]


def test_a_season_over_two_years_covers_the_days_of_both():
    (m,) = [m for m in tag("The 1997-98 season opens in September.", "1997-08-29") if "season" in m.text]
    assert (m.value, m.first_day, m.last_day, m.precision) == ("1997", date(1997, 1, 1), date(1998, 12, 31), "year")


def test_each_module_level_name_of_the_tagger_is_bound_once():
    """A pattern bound twice under one name would silently serve every reader the last one."""
    import ast
    from pathlib import Path

    import timeline.temporal

    for path in Path(timeline.temporal.__file__).parent.glob("*.py"):
        seen: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = [node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else [
                t.id for t in getattr(node, "targets", [getattr(node, "target", None)]) if isinstance(t, ast.Name)]
            for name in targets:
                assert name not in seen, f"{path.name}: {name} is bound twice"
                seen.add(name)
