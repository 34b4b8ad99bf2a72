from datetime import date

from timeline.events.anchoring import anchors_event, best_anchor, recent_period
from timeline.events.clauses import Clauses
from timeline.events.triggers import load_triggers
from timeline.temporal.mention import TimeMention


def tm(sentence, text, value, type_="DATE"):
    start = sentence.index(text)
    days = (date(2000, 1, 1), date(2000, 1, 1)) if type_ in ("DATE", "TIME") else (None, None)
    return TimeMention(start, start + len(text), text, type_, value, first_day=days[0], last_day=days[1])


def anchor_of(sentence, trigger_word, times):
    trigs = load_triggers().find(sentence)
    trig = [t for t in trigs if t.text == trigger_word][0]
    spans = [(t.start, t.end, t) for t in times]
    best, _ = best_anchor(sentence, Clauses(sentence), trig, spans, trigs)
    return best.value if best else None


def test_date_of_its_own_clause_not_the_nearest():
    s = "ISIS-K, founded in January 2015, claimed the attack on Thursday."
    times = [tm(s, "January 2015", "2015-01"), tm(s, "Thursday", "2021-08-26")]
    assert anchor_of(s, "founded", times) == "2015-01"
    assert anchor_of(s, "attack", times) == "2021-08-26"


def test_noun_phrase_modifier():
    s = "He planned the Aug. 26, 2021 attack on Abbey Gate which killed 13 U.S. service members in early April."
    times = [tm(s, "Aug. 26, 2021", "2021-08-26"), tm(s, "early April", "2023-04")]
    assert anchor_of(s, "attack", times) == "2021-08-26"


def test_fronted_date_governs_the_main_clause():
    s = "On March 11, for example, an ISIS-K suicide bomber sneaked into the office and detonated explosives."
    times = [tm(s, "March 11", "2023-03-11")]
    assert anchor_of(s, "detonated", times) == "2023-03-11"


def test_reporting_verb_takes_a_fronted_date_from_the_reported_event():
    s = "This morning, Peter Weber reported that the group attacked."
    times = [tm(s, "This morning", "2021-08-27TMO", "TIME")]
    trigs = load_triggers().find(s)
    spans = [(t.start, t.end, t) for t in times]
    scores = {t.text: best_anchor(s, Clauses(s), t, spans, trigs)[1] for t in trigs}
    assert scores["reported"] > scores["attacked"]


def test_only_calendar_dates_anchor():
    assert anchors_event(tm("on Monday", "Monday", "2021-08-23"))
    assert not anchors_event(TimeMention(0, 5, "years", "DURATION", "PXY"))
    assert not anchors_event(TimeMention(0, 3, "now", "DATE", "PRESENT_REF"))


def test_period_bounds_do_not_anchor():
    text = "Attacks have risen since 2019."
    t = tm(text, "2019", "2019")
    assert anchors_event(t)
    assert not anchors_event(t, text)


def test_recent_period_becomes_an_interval_ending_at_publication():
    text = "They met twice in the past six months."
    start = text.index("the past six months")
    dur = TimeMention(start, start + 19, "the past six months", "DURATION", "P6M")
    period = recent_period(dur, text, date(2023, 4, 11))
    assert (period.value, period.first_day, period.last_day, period.precision) == (
        "2022-10-11/2023-04-11", date(2022, 10, 11), date(2023, 4, 11), "interval")
    # a plain duration is no period: "for six months"
    text2 = "They fought for six months."
    s2 = text2.index("six months")
    assert recent_period(TimeMention(s2, s2 + 10, "six months", "DURATION", "P6M"), text2, date(2023, 4, 11)) is None


def test_parenthetical_attribution_leaves_the_fronted_date_to_the_quote():
    s = '"In March 2019," he wrote, "a series of army offensives devastated the group in the east.'
    times = [tm(s, "March 2019", "2019-03")]
    trigs = load_triggers().find(s)
    offensives = [t for t in trigs if t.text == "offensives"][0]
    wrote = [t for t in trigs if t.text == "wrote"][0]
    (span,) = [(t.start, t.end, t) for t in times]
    _, s_off = best_anchor(s, Clauses(s), offensives, [span], trigs)
    _, s_wrote = best_anchor(s, Clauses(s), wrote, [span], trigs)
    assert s_off >= 45 > s_wrote  # the happening is dated; the attribution is not


def test_comma_inside_a_number_is_no_clause_boundary():
    s = "the surrender of over 1,400 fighters to the government in late 2019"
    c = Clauses(s)
    assert c.same(s.index("surrender"), s.index("late 2019"))
    assert not Clauses("killed 1, wounded 2").same(0, 12)


def test_a_duration_leading_to_a_point_dates_an_event_but_a_plain_duration_does_not():
    from timeline.document import Document
    from timeline.pipeline import extract_document

    text = ("The bombing at the Kabul airport was on Aug. 26, 2021. "
            "Three days later, a US drone strike killed 10 civilians in Kabul.")
    mentions = extract_document(Document(id="d", text=text, published="2021-09-01")).event_mentions
    assert {(m.event_type, m.date) for m in mentions} == {("bombing", "2021-08-26"), ("airstrike", "2021-08-29")}
    plain = TimeMention(0, 9, "six years", "DURATION", "P6Y")
    assert not anchors_event(plain)
