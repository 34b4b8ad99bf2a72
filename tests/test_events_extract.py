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
    assert "United States" in ev.actor_names and "Pentagon" not in ev.actor_names  # the Pentagon rolls up


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
    assert (ev.event_type, ev.location, ev.publisher, ev.mention_id) == ("takeover", "Kunduz", "Pub", f"d1:{ev.trigger_start}")


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
    assert ev.location == "Doha" and {"Taliban", "United States"} <= set(ev.actor_names)
    # the CIA rolls up to its state: the event names the United States, with the CIA as affiliation
    assert "CIA" not in ev.actor_names
    (us,) = [a for a in ev.actors if a.name == "United States"]
    assert us.affiliation == "CIA"


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


def test_government_bodies_roll_up_to_their_state():
    text = "The Pentagon and the State Department condemned the bombing in Kabul on Thursday."
    (ev,) = run(text, [tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    assert ev.actor_names == ["United States"]
    assert {a.affiliation for a in ev.actors if a.name == "United States"} <= {"Pentagon", "State Department"}


def test_bare_parent_group_means_the_affiliate_the_document_names():
    text = ("ISIS-K has grown in Afghanistan since 2015. ISIS claimed the attack on a maternity ward in Kabul "
            "in May 2020, which killed 24 people.")
    (ev,) = run(text, [tm(text, "May 2020", "2020-05", "2020-05-01", "2020-05-31")], dct="2021-08-27")
    assert by_role(ev, "perpetrator") == ["ISIS-K"] and "Islamic State" not in ev.actor_names


def test_qualified_parent_group_stays_the_parent():
    text = ("ISIS-K is the Afghan affiliate of the Islamic State movement. In March 2019, the Islamic State "
            "in Iraq and Syria lost its last village, and Islamic State core leadership announced a new leader.")
    evs = run(text, [tm(text, "March 2019", "2019-03", "2019-03-01", "2019-03-31")], dct="2021-08-27")
    names = {a.name for ev in evs for a in ev.actors}
    assert "Islamic State" in names and "ISIS-K" not in names


def test_parent_group_without_its_affiliate_is_itself():
    text = "ISIS claimed the attack in Raqqa on Monday."
    (ev,) = run(text, [tm(text, "Monday", "2017-05-01", "2017-05-01")], dct="2017-05-03")
    assert by_role(ev, "perpetrator") == ["Islamic State"]


def test_an_affiliation_of_a_person_is_not_an_actor():
    text = ("Writing on Friday, Jane Doe, a research fellow at Halvern University's Program on Extremism, "
            "and John Roe, a fellow at the Brightwater Institute, reported that the group had grown.")
    (ev,) = run(text, [tm(text, "Friday", "2021-08-27", "2021-08-27")], dct="2021-08-28")
    assert "Halvern University" not in ev.actor_names and "Brightwater Institute" not in ev.actor_names
    assert {"Jane Doe", "John Roe"} <= set(ev.actor_names)
    (roe,) = [a for a in ev.actors if a.name == "John Roe"]
    assert roe.affiliation == "Brightwater Institute"


def test_a_building_named_as_a_place_is_not_an_actor():
    text = "In January, a bombing outside Kabul’s Ministry of Foreign Affairs killed at least 20 Afghans."
    (ev,) = run(text, [tm(text, "January", "2023-01", "2023-01-01", "2023-01-31")])
    assert "Ministry of Foreign Affairs" not in ev.actor_names


def test_actor_named_in_a_casualty_figure_is_the_target():
    text = "A suicide bomber attacked the airport on Thursday, and 13 U.S. service members and 60 Afghans were killed."
    (ev,) = run(text, [tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    assert by_role(ev, "target") == ["United States"]


def test_relative_clause_subject_is_the_perpetrator():
    text = "Officials compared the regime with al-Shabaab, which killed 24 people in a hotel siege in 2020."
    (ev,) = run(text, [tm(text, "2020", "2020", "2020-01-01", "2020-12-31")], dct="2021-08-27")
    assert by_role(ev, "perpetrator") == ["al-Shabab"]


def test_weapon_noun_as_subject_hits_its_target():
    text = "A U.S. drone scissored through Ayman al-Zawahiri as he stood on a balcony in July 2022."
    (ev,) = run(text, [tm(text, "July 2022", "2022-07", "2022-07-01", "2022-07-31")])
    assert by_role(ev, "perpetrator") == ["United States"]
    assert by_role(ev, "target") == ["Ayman al-Zawahiri"]


def test_clause_ending_in_after_a_dated_event_happened_after_it():
    text = "He took over the helm of al Qaeda after Navy Seals killed bin Laden in the spring of 2011."
    evs = run(text, [tm(text, "the spring of 2011", "2011-SP", "2011-03-01", "2011-05-31")])
    by_trigger = {ev.trigger: ev for ev in evs}
    assert (by_trigger["killed"].date, by_trigger["killed"].date_mod) == ("2011-SP", "")
    assert (by_trigger["took over"].date, by_trigger["took over"].date_mod) == ("2011-SP", "AFTER")
    assert by_trigger["took over"].actor_names == ["al Qaeda"]  # bin Laden belongs to the earlier event


def test_added_statement_shares_the_date_of_the_statement_it_follows():
    text = ("After the bombing on Thursday, President Joe Biden vowed to hunt the attackers down. He did not blame "
            "the Taliban. Gen. Kenneth McKenzie, Commander of CENTCOM, added that the Taliban had screened crowds."
            "\n\nLater, Gen. Mark Milley added that more was needed.")
    evs = run(text, [tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    added = [ev for ev in evs if ev.trigger == "added"]
    assert len(added) == 1  # the second "added" is in another paragraph: no date of its own, dropped
    (ev,) = added
    assert (ev.event_type, ev.date) == ("statement", "2021-08-26")
    assert by_role(ev, "perpetrator") == ["Kenneth McKenzie"]


def test_coordinated_dates_are_one_period():
    text = "In 2019 and early 2020, army offensives devastated the group in the east."
    times = [tm(text, "2019", "2019", "2019-01-01", "2019-12-31"), tm(text, "early 2020", "2020", "2020-01-01", "2020-12-31", mod="START")]
    (ev,) = run(text, times, dct="2021-08-27")
    assert (ev.date, ev.date_start, ev.date_end, ev.precision) == ("2019/2020", "2019-01-01", "2020-12-31", "interval")


def test_ongoing_event_is_placed_at_the_publication_date():
    text = "Given the ongoing evacuation operations, the US has no choice but to work with the Taliban."
    (ev,) = run(text, [], dct="2021-08-27")
    assert (ev.event_type, ev.trigger, ev.date, ev.precision) == ("withdrawal", "evacuation", "2021-08-27", "reported")
    assert run("The evacuation operations were a success.", [], dct="2021-08-27") == []


def test_killing_in_a_dated_attack_is_part_of_it():
    text = "The regime compares well with al-Shabaab, which killed 24 people, including mothers, in its worst attack in 2020."
    (ev,) = run(text, [tm(text, "2020", "2020", "2020-01-01", "2020-12-31")], dct="2021-08-27")
    assert ev.date == "2020" and by_role(ev, "perpetrator") == ["al-Shabab"]
    assert [(c.kind, c.count) for c in ev.casualties] == [("killed", 24)]


def test_main_clause_people_are_not_actors_of_the_fronted_event():
    text = ("After the bombing of Kabul airport on Thursday, in which 13 US soldiers and nearly 100 Afghans were "
            "killed, President Joe Biden vowed: “We will not forgive.")
    evs = run(text, [tm(text, "Thursday", "2021-08-26", "2021-08-26")], dct="2021-08-27")
    bombing = [e for e in evs if e.event_type == "bombing"][0]
    vow = [e for e in evs if e.trigger == "vowed"][0]
    assert bombing.actor_names == ["United States"] and by_role(bombing, "target") == ["United States"]
    assert (vow.date, vow.date_mod) == ("2021-08-26", "AFTER") and by_role(vow, "perpetrator") == ["Joe Biden"]


def test_casualties_of_its_fighters_make_the_group_before_a_target():
    text = ("The August 26 suicide bombing killed 13 US soldiers, with the Taliban saying at least 28 of its "
            "fighters also died in the attack.")
    (ev,) = run(text, [tm(text, "August 26", "2021-08-26", "2021-08-26")], dct="2021-09-03")
    assert set(by_role(ev, "target")) == {"United States", "Taliban"}


def test_the_speaker_who_reports_an_event_is_its_source_not_its_actor():
    text = "Graeme Smith, a senior analyst, said the Taliban and the United States signed the deal in 2020."
    (ev,) = run(text, [tm(text, "2020", "2020", "2020-01-01", "2020-12-31")], dct="2023-04-26")
    assert ev.event_type == "agreement" and set(ev.actor_names) == {"Taliban", "United States"}


def test_people_of_a_clause_without_a_happening_are_not_actors_of_its_after_phrase():
    text = "The depth of the TTP-Afghan Taliban relationship became evident after the Taliban’s takeover in August 2021."
    (ev,) = run(text, [tm(text, "August 2021", "2021-08", "2021-08-01", "2021-08-31")])
    assert ev.event_type == "takeover" and ev.actor_names == ["Taliban"] and by_role(ev, "perpetrator") == ["Taliban"]
    # a main clause with a happening of its own keeps the usual reading
    text = "The Taliban seized Kabul after a lightning offensive in August 2021."
    evs = run(text, [tm(text, "August 2021", "2021-08", "2021-08-01", "2021-08-31")])
    assert all("Taliban" in ev.actor_names for ev in evs)


def test_event_named_as_the_time_of_another_takes_its_date_from_elsewhere_in_the_document():
    text = ("The bomber had been released from prison by the Taliban after they seized control of the country. "
            "Analysts say the Taliban’s takeover in August 2021 changed the region.")
    evs = run(text, [tm(text, "August 2021", "2021-08", "2021-08-01", "2021-08-31")])
    by_trigger = {ev.trigger: ev for ev in evs}
    assert (by_trigger["seized"].date, by_trigger["seized"].actor_names) == ("2021-08", ["Taliban"])
    released = by_trigger["released"]
    assert (released.date, released.date_mod, by_role(released, "perpetrator")) == ("2021-08", "AFTER", ["Taliban"])
    assert released.casualties == []


def test_no_date_from_elsewhere_without_the_same_perpetrator():
    text = ("The bomber had been released from prison by the Taliban after the army seized control of the town. "
            "Analysts say the Taliban’s takeover in August 2021 changed the region.")
    evs = run(text, [tm(text, "August 2021", "2021-08", "2021-08-01", "2021-08-31")])
    assert [ev.trigger for ev in evs] == ["takeover"]
