"""Event extraction on hand-made time mentions (independent of the temporal tagger)."""

from datetime import date

import pytest

from timeline.document import Document
from timeline.events import extract
from timeline.temporal.mention import TimeMention


def tm(text, phrase, value, first, last=None, type_="DATE", mod=None, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return TimeMention(start, start + len(phrase), phrase, type_, value, mod=mod,
                       first_day=date.fromisoformat(first), last_day=date.fromisoformat(last or first), anchor="dct")


def run(text, times, dct="2023-04-26", **kw):
    return extract(Document("d1", text, publisher="Pub", published=dct), times, **kw)


def by_role(ev, role):
    return [a.name for a in ev.actors if a.role == role]


def test_date_and_event_in_neighbouring_sentences():
    text = ("On March 11, for example, an ISIS-K suicide bomber sneaked into the office of Mohammad Dawood Muzammil, "
            "governor of Afghanistan’s Balkh Province, and detonated explosives. The blast killed the governor and "
            "another official, and also wounded several others.")
    (ev,) = run(text, [tm(text, "March 11", "2023-03-11", "2023-03-11")])
    assert (ev.event_type, ev.date, ev.date_start, ev.date_end, ev.precision) == (
        "bombing", "2023-03-11", "2023-03-11", "2023-03-11", "day")
    assert by_role(ev, "perpetrator") == ["ISIS-K"]
    muz = [a for a in ev.actors if a.name == "Mohammad Dawood Muzammil"][0]
    assert (muz.kind, muz.title, muz.affiliation) == ("person", "governor", "Balkh Province")
    assert muz.role == "target"  # "The blast killed the governor" names him again by his title
    assert ev.location == "Balkh" and ev.country == "Afghanistan"
    assert [(c.kind, c.count, c.group) for c in ev.casualties] == [("wounded", 3, "others")]
    assert ev.sentence == text[ev.char_start:ev.char_end] == text  # evidence spans both sentences


def test_each_trigger_takes_the_date_of_its_own_clause():
    text = "ISIS-K, founded in January 2015, claimed the attack on Thursday."
    evs = run(text, [tm(text, "January 2015", "2015-01", "2015-01-01", "2015-01-31"),
                     tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    assert [(e.event_type, e.date) for e in evs] == [("founding", "2015-01"), ("armed_clash", "2021-08-26")]
    assert by_role(evs[1], "perpetrator") == ["ISIS-K"]


def test_passive_with_by_and_casualties():
    text = ("The senior ISIS-Khorasan plotter responsible for planning the Aug. 26, 2021 attack on Abbey Gate which "
            "killed 13 U.S. service members was killed in Afghanistan by the Taliban in early April.")
    evs = run(text, [tm(text, "Aug. 26, 2021", "2021-08-26", "2021-08-26"),
                     tm(text, "early April", "2023-04", "2023-04-01", "2023-04-10", mod="START")])
    attack, killing = evs
    assert (attack.event_type, attack.date, attack.location) == ("armed_clash", "2021-08-26", "Abbey Gate")
    assert [(c.count, c.group) for c in attack.casualties] == [(13, "U.S. service members")]
    assert "United States" in by_role(attack, "target")
    assert (killing.event_type, killing.date, killing.date_mod) == ("killing", "2023-04", "START")
    assert by_role(killing, "perpetrator") == ["Taliban"]


def test_statement_needs_its_own_date():
    text = "Officials said the talks were useful. Pentagon spokesman Brig. Gen. Pat Ryder said in a statement late Tuesday night that it was over."
    evs = run(text, [tm(text, "late Tuesday night", "2023-04-25TNI", "2023-04-25", type_="TIME", mod="END")])
    (ev,) = evs
    assert (ev.event_type, ev.trigger, ev.precision) == ("statement", "said", "time")
    ryder = [a for a in ev.actors if a.name == "Pat Ryder"][0]
    assert (ryder.role, ryder.affiliation) == ("perpetrator", "Pentagon")
    assert "United States" in ev.actor_names  # the Pentagon rolls up to its state


def test_hypotheticals_and_forecasts_are_not_events():
    text = ("If the Taliban attack Kabul on Monday, the US could respond. "
            "The group will continue efforts to attack Europe next year.")
    times = [tm(text, "Monday", "2023-04-24", "2023-04-24"), tm(text, "next year", "2024", "2024-01-01", "2024-12-31")]
    assert run(text, times) == []


def test_reported_past_inside_a_quote_is_an_event():
    text = "“The plotter was killed in Afghanistan by the Taliban in early April,” Ryder said."
    (ev,) = run(text, [tm(text, "early April", "2023-04", "2023-04-01", "2023-04-10", mod="START")])
    assert (ev.event_type, ev.date) == ("killing", "2023-04")


def test_durations_and_vague_references_do_not_anchor():
    text = "The Taliban have fought ISIS-K for two years. The group attacked a mosque recently."
    times = [TimeMention(text.index("two years"), text.index("two years") + 9, "two years", "DURATION", "P2Y"),
             TimeMention(text.index("recently"), text.index("recently") + 8, "recently", "DATE", "PAST_REF")]
    assert run(text, times) == []


def test_undated_events_are_dropped_or_reported():
    text = "A suicide bomber killed 12 people at a Taliban checkpoint in Kabul, officials said."
    assert run(text, []) == []
    (ev,) = run(text, [], undated="reported")
    assert (ev.date, ev.date_start, ev.date_end, ev.precision, ev.time) == (
        "2023-04-26", "2023-04-26", "2023-04-26", "reported", None)
    assert ev.location == "Kabul"
    assert [(c.count, c.group) for c in ev.casualties] == [(12, "people")]


def test_noun_phrase_dates_and_possessive_dates():
    text = "Thursday's ISIS-K attack was widely seen as a reminder."
    (ev,) = run(text, [tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    assert (ev.event_type, ev.date, by_role(ev, "perpetrator")) == ("armed_clash", "2021-08-26", ["ISIS-K"])


def test_surname_refers_to_the_full_name_earlier_in_the_document():
    text = "Army Gen. Michael Kurilla spoke in 2022. Kurilla appeared before the Senate Armed Services Committee on March 16."
    evs = run(text, [tm(text, "March 16", "2023-03-16", "2023-03-16")])
    (ev,) = evs
    assert ev.event_type == "report"
    assert "Michael Kurilla" in ev.actor_names


def test_offsets_and_publisher():
    text = "Intro line.\nMilitants seized the town of Kunduz on Sunday."
    (ev,) = run(text, [tm(text, "Sunday", "2023-04-23", "2023-04-23")])
    assert text[ev.char_start:ev.char_end] == ev.sentence
    assert text[ev.trigger_start:ev.trigger_start + len(ev.trigger)] == ev.trigger == "seized"
    assert (ev.event_type, ev.location, ev.publisher, ev.mention_id) == ("takeover", "Kunduz", "Pub", f"d1:{ev.char_start}")


@pytest.mark.parametrize("dct", [None, "2023-04-26"])
def test_no_text_no_events(dct):
    assert extract(Document("e", "", published=dct), []) == []


def test_main_clause_after_a_fronted_dated_event():
    text = ("After the bombing of Kabul airport on Thursday, in which 13 US soldiers and nearly 100 Afghans were "
            "killed, President Joe Biden vowed: “We will not forgive.”")
    evs = run(text, [tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    bombing, vow = evs
    assert (bombing.event_type, bombing.date, bombing.date_mod) == ("bombing", "2021-08-26", "")
    assert [(c.count, c.qualifier, c.group) for c in bombing.casualties] == [(13, "", "US soldiers"), (100, "nearly", "Afghans")]
    assert (vow.event_type, vow.trigger, vow.date, vow.date_mod) == ("statement", "vowed", "2021-08-26", "AFTER")
    assert by_role(vow, "perpetrator") == ["Joe Biden"]


def test_a_happening_during_another_is_its_own_event():
    text = "Police arrested 80 people during the march on Thursday."
    evs = run(text, [tm(text, "Thursday", "2023-04-20", "2023-04-20")])
    assert sorted((e.event_type, e.trigger, e.date) for e in evs) == [
        ("arrest", "arrested", "2023-04-20"), ("other", "march", "2023-04-20")]


def test_recent_period_dates_an_event():
    text = "CIA officials and Taliban agents met at least twice in the Qatari capital, Doha, in the past six months."
    start = text.index("the past six months")
    dur = TimeMention(start, start + 19, "the past six months", "DURATION", "P6M")
    (ev,) = run(text, [dur], dct="2023-04-11")
    assert (ev.event_type, ev.date, ev.date_start, ev.date_end, ev.precision) == (
        "visit", "2022-10-11/2023-04-11", "2022-10-11", "2023-04-11", "interval")
    assert ev.location == "Doha" and {"CIA", "Taliban", "United States"} <= set(ev.actor_names)


def test_a_period_bound_is_not_an_event_date():
    text = "ISIS-K killed more Americans in one day than the Taliban since 2019."
    assert run(text, [tm(text, "2019", "2019", "2019-01-01", "2019-12-31")], dct="2021-08-27") == []


def test_claimed_by_names_the_perpetrator():
    text = "The attack in September on a Hazara education center has been claimed by IS-K."
    (ev,) = run(text, [tm(text, "September", "2022-09", "2022-09-01", "2022-09-30")])
    assert by_role(ev, "perpetrator") == ["ISIS-K"]


def test_passive_victim_is_the_head_of_the_clause():
    text = ("The Department of Defense can confirm that the senior ISIS-Khorasan plotter responsible for the attack "
            "which killed 13 U.S. service members was killed in Afghanistan by the Taliban in early April.")
    evs = run(text, [tm(text, "early April", "2023-04", "2023-04-01", "2023-04-10", mod="START")])
    killing = [e for e in evs if e.date == "2023-04"][0]
    assert by_role(killing, "target") == ["ISIS-K"]
    assert by_role(killing, "perpetrator") == ["Taliban"]


def test_a_consequence_happens_after_its_cause():
    text = "They harbored Osama bin Laden as he planned the 9/11 attacks, prompting the U.S.-led invasion."
    evs = run(text, [tm(text, "9/11", "2001-09-11", "2001-09-11")])
    assert [(e.trigger, e.date, e.date_mod) for e in evs] == [("attacks", "2001-09-11", ""), ("invasion", "2001-09-11", "AFTER")]
