"""Merging event mentions into events (timeline.merge)."""

from __future__ import annotations

import calendar
import random
from collections import Counter
import re
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.merge import (
    UNDATED_KEY,
    Event,
    MergeRules,
    StreamCounters,
    content_id,
    default_rules,
    join_steps,
    make_title,
    merge,
    part_steps,
    MergeStats,
    SentenceFeatures,
    features_from_record,
    features_record,
    merge_stats,
    merge_stream,
    sentence_features,
    stat_keys_from_record,
    stream_key,
    type_groups,
)
from timeline.table import events_frame, mentions_frame
from timeline.temporal.mention import TimeMention


# --------------------------------------------------------------------------- factory


def _interval(value: str) -> tuple[str, str]:
    parts = value.split("-")
    if len(parts) == 3:
        return value, value
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    return f"{value}-01-01", f"{value}-12-31"


_PRECISION = {3: "day", 2: "month", 1: "year"}


def mention(
    doc: str,
    sentence: str,
    trigger: str,
    event_type: str,
    when: str | None,
    *,
    at: int = 0,
    time_text: str = "",
    dct: str = "2021-08-27",
    perpetrators=(),
    targets=(),
    participants=(),
    location: str = "",
    country: str = "",
    casualties=(),
    mod: str = "",
) -> EventMention:
    """An event mention as the extractor would give it.

    ``when`` is a TIMEX3 date (day, month or year); None places the event at
    the article date ``dct`` with precision ``reported``. ``at`` is the
    sentence's offset in its document.
    """
    trig = sentence.index(trigger)
    actors = [ActorRef(name=n, role="perpetrator", kind=k) for n, k in perpetrators]
    actors += [ActorRef(name=n, role="target", kind=k, title=t) for n, k, t in targets]
    actors += [ActorRef(name=n, role="participant", kind=k) for n, k in participants]
    if when is None:
        value, start, end, precision, time = dct, dct, dct, "reported", None
    else:
        value = when
        start, end = _interval(when)
        precision = _PRECISION[len(when.split("-"))]
        text = time_text or when
        pos = sentence.find(text)
        pos = pos if pos >= 0 else 0
        time = TimeMention(
            start=at + pos, end=at + pos + len(text), text=text, type="DATE", value=when, mod=mod or None,
            first_day=date.fromisoformat(start), last_day=date.fromisoformat(end), anchor="dct", precision=precision,
        )
    return EventMention(
        doc_id=doc, sentence=sentence, char_start=at, char_end=at + len(sentence), trigger=trigger,
        trigger_start=at + trig, event_type=event_type, time=time, date=value, date_start=start, date_end=end,
        precision=precision, date_mod=mod, actors=actors, location=location, country=country,
        casualties=[Casualty(kind=k, count=n, qualifier=q, group=g, text=t) for k, n, q, g, t in casualties],
    )


ISISK = ("ISIS-K", "armed_group")
TALIBAN = ("Taliban", "armed_group")
US = ("United States", "state")


def abbey_gate() -> list[EventMention]:
    """The Kabul airport bombing of 26 August 2021 as five articles tell it."""
    return [
        mention("seed-000", "After the bombing of Kabul airport on Thursday, in which 13 US soldiers and nearly 100 Afghans were killed, the Taliban condemned it.",
                "bombing", "bombing", "2021-08-26", at=1640, time_text="Thursday", location="Kabul", country="Afghanistan",
                casualties=[("killed", 13, "", "US soldiers", "13 US soldiers"), ("killed", 100, "nearly", "Afghans", "nearly 100 Afghans")]),
        mention("seed-001", "And Thursday's ISIS-K attack near the airport showed how weak the Taliban are.",
                "attack", "armed_clash", "2021-08-26", at=900, time_text="Thursday", perpetrators=[ISISK]),
        mention("seed-002", "The Taliban did nothing after the suicide bombing outside the Kabul airport in August 2021, that killed 13 U.S. military personnel and many Afghans.",
                "bombing", "bombing", "2021-08", at=2200, time_text="August 2021", dct="2023-04-11", location="Kabul", country="Afghanistan",
                casualties=[("killed", 13, "", "U.S. military personnel", "13 U.S. military personnel")]),
        mention("seed-003", "The plotter responsible for planning the Aug. 26, 2021 attack on Abbey Gate which killed 13 U.S. service members was found.",
                "attack", "armed_clash", "2021-08-26", at=812, time_text="Aug. 26, 2021", dct="2023-04-26", perpetrators=[ISISK],
                location="Kabul", country="Afghanistan", casualties=[("killed", 13, "", "U.S. service members", "13 U.S. service members")]),
        mention("seed-004", "The August 26 suicide bombing and assault on the Kabul airport killed some 170 civilian evacuees and 13 US soldiers.",
                "bombing", "bombing", "2021-08-26", at=300, time_text="August 26", dct="2021-09-03", perpetrators=[ISISK],
                location="Kabul", country="Afghanistan",
                casualties=[("killed", 170, "some", "civilian evacuees", "some 170 civilian evacuees"), ("killed", 13, "", "US soldiers", "13 US soldiers")]),
    ]


def drone_strike() -> EventMention:
    return mention("seed-004", "A U.S. drone strike in Kabul on August 29 killed an ISIS-K suspect near the airport.",
                   "drone strike", "airstrike", "2021-08-29", at=5000, time_text="August 29", dct="2021-09-03",
                   perpetrators=[US], targets=[("ISIS-K", "armed_group", "suspect")], location="Kabul", country="Afghanistan")


def ministry_bombing() -> EventMention:
    return mention("seed-003", "In January, a bombing outside Kabul's Ministry of Foreign Affairs killed at least 20 Afghans.",
                   "bombing", "bombing", "2023-01", at=7000, time_text="January", dct="2023-04-26", perpetrators=[ISISK],
                   location="Kabul", country="Afghanistan", casualties=[("killed", 20, "at least", "Afghans", "at least 20 Afghans")])


def balkh_governor() -> EventMention:
    return mention("seed-003", "On March 11, an ISIS-K suicide bomber killed Mohammad Dawood Muzammil, governor of Balkh Province.",
                   "killed", "killing", "2023-03-11", at=6500, time_text="March 11", dct="2023-04-26", perpetrators=[ISISK],
                   targets=[("Mohammad Dawood Muzammil", "person", "governor")], location="Balkh", country="Afghanistan")


def plotter_killed() -> EventMention:
    return mention("seed-003", "The senior ISIS-K plotter responsible for the Abbey Gate attack at the Kabul airport was killed in Afghanistan by the Taliban in early April.",
                   "killed", "killing", "2023-04", at=812 + 200, time_text="early April", dct="2023-04-26", mod="START",
                   perpetrators=[TALIBAN], targets=[("ISIS-K", "armed_group", "plotter")], location="Afghanistan", country="Afghanistan")


def _event_of(events: list[Event], m: EventMention) -> Event:
    return next(e for e in events if any(x is m for x in e.mentions))


# --------------------------------------------------------------------------- 1. one real event, one row


def test_the_airport_bombing_told_five_ways_is_one_event_citing_all_five_articles():
    events = merge(abbey_gate())
    assert len(events) == 1
    e = events[0]
    assert e.doc_ids == ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]
    assert (e.date, e.date_start, e.date_end, e.precision) == ("2021-08-26", "2021-08-26", "2021-08-26", "day")
    assert e.event_type == "bombing"
    assert e.perpetrators == ["ISIS-K"]
    assert (e.location, e.country) == ("Kabul", "Afghanistan")
    assert len(e.merge_reasons) == 4


def test_mentions_of_one_event_within_one_article_are_merged():
    a = mention("d1", "The bombing at the Kabul airport on Aug. 26, 2021 killed 13 U.S. troops.", "bombing", "bombing",
                "2021-08-26", at=10, time_text="Aug. 26, 2021", perpetrators=[ISISK], location="Kabul")
    b = mention("d1", "Officials said the airport bombing on Aug. 26, 2021 was claimed by ISIS-K.", "bombing", "bombing",
                "2021-08-26", at=400, time_text="Aug. 26, 2021", perpetrators=[ISISK], location="Kabul")
    events = merge([a, b])
    assert len(events) == 1
    assert events[0].doc_ids == ["d1"]
    assert len(events[0].mentions) == 2


# --------------------------------------------------------------------------- 2. why two mentions were joined


def test_every_merge_keeps_its_score_and_reasons():
    e = merge(abbey_gate())[0]
    pattern = re.compile(r"^(\S+:\d+) <- (\S+:\d+) \((\d\.\d\d)\): (.+)$")
    joined = set()
    for note in e.merge_reasons:
        m = pattern.match(note)
        assert m, note
        assert float(m.group(3)) >= MergeRules.load().weights["threshold"]
        assert "; " not in note  # the table joins notes with "; "
        joined.add(m.group(2))
    assert joined | {e.merge_reasons[0].split(" <- ")[0]} == {m.mention_id for m in e.mentions}
    text = " ".join(e.merge_reasons)
    assert "same day 2021-08-26" in text
    assert "2021-08 contains 2021-08-26" in text  # the month-precision mention
    assert "perpetrator ISIS-K" in text
    assert "place Kabul" in text
    assert "airport" in text  # shared wording


def test_a_month_date_contains_a_day_of_that_month_but_not_of_another():
    day = mention("a", "The bombing of the Kabul airport killed many.", "bombing", "bombing", "2021-08-26", location="Kabul")
    same_month = mention("b", "The suicide bombing at the Kabul airport in August 2021 shocked the world.", "bombing", "bombing",
                         "2021-08", location="Kabul")
    other_month = mention("c", "The suicide bombing at the Kabul airport in July 2021 shocked the world.", "bombing", "bombing",
                          "2021-07", location="Kabul")
    events = merge([day, same_month, other_month])
    assert len(events) == 2
    assert _event_of(events, day) is _event_of(events, same_month)
    assert _event_of(events, other_month) is not _event_of(events, day)


def test_a_report_without_its_own_date_joins_an_earlier_event_on_other_evidence():
    dated = mention("a", "The Aug. 26, 2021 bombing at Abbey Gate of the Kabul airport killed 13 U.S. troops.", "bombing", "bombing",
                    "2021-08-26", perpetrators=[ISISK], location="Kabul")
    undated = mention("b", "The Abbey Gate bombing at the Kabul airport still haunts the Pentagon.", "bombing", "bombing",
                      None, dct="2023-04-26", perpetrators=[ISISK], location="Kabul")
    events = merge([dated, undated])
    assert len(events) == 1
    assert events[0].precision == "day"
    assert "date reported" in events[0].merge_reasons[0]


def test_a_report_cannot_join_an_event_that_happened_after_it_was_published():
    later = mention("a", "The bombing at the Kabul airport on Aug. 26, 2021 killed 13.", "bombing", "bombing", "2021-08-26",
                    perpetrators=[ISISK], location="Kabul")
    earlier_report = mention("b", "A bombing at the Kabul airport killed 13.", "bombing", "bombing", None, dct="2021-08-01",
                             perpetrators=[ISISK], location="Kabul")
    assert len(merge([later, earlier_report])) == 2


def test_compatible_types_merge_and_incompatible_types_never_do():
    bombing = mention("a", "A suicide bombing hit the Kabul airport on Thursday.", "bombing", "bombing", "2021-08-26", location="Kabul")
    assault = mention("b", "The assault on the Kabul airport on Thursday was claimed by ISIS-K.", "assault", "armed_clash", "2021-08-26",
                      location="Kabul")
    strike = mention("c", "An airstrike hit the Kabul airport on Thursday.", "airstrike", "airstrike", "2021-08-26", location="Kabul")
    events = merge([bombing, assault, strike])
    assert _event_of(events, bombing) is _event_of(events, assault)
    assert _event_of(events, strike) is not _event_of(events, bombing)


def test_different_places_on_the_same_day_stay_apart():
    kabul = mention("a", "A bombing in Kabul on Thursday killed 13.", "bombing", "bombing", "2021-08-26", location="Kabul", country="Afghanistan")
    jalalabad = mention("b", "A bombing in Jalalabad on Thursday killed 4.", "bombing", "bombing", "2021-08-26", location="Jalalabad",
                        country="Afghanistan")
    country = mention("c", "A bombing in Afghanistan on Thursday killed 13 people.", "bombing", "bombing", "2021-08-26",
                      location="Afghanistan", country="Afghanistan")
    events = merge([kabul, jalalabad, country])
    assert _event_of(events, kabul) is not _event_of(events, jalalabad)
    assert len(events) == 2  # the country-level mention joins one of them


def test_user_rules_can_make_more_types_compatible(tmp_path):
    extra = tmp_path / "types.csv"
    extra.write_text("type_a,type_b,score,note\nbombing,airstrike,0.8,explosions of unclear origin\n", encoding="utf-8")
    a = mention("a", "An explosion at the Kabul airport on Thursday killed 13.", "explosion", "bombing", "2021-08-26", location="Kabul")
    b = mention("b", "A strike at the Kabul airport on Thursday killed 13.", "strike", "airstrike", "2021-08-26", location="Kabul")
    assert len(merge([a, b])) == 2
    assert len(merge([a, b], rules=MergeRules.load(type_compatibility=[extra]))) == 1


def test_places_inside_one_another_per_the_gazetteer_agree_and_the_finest_is_kept():
    gate = mention("a", "The suicide bombing at Abbey Gate on Thursday killed 13 U.S. troops.", "bombing", "bombing", "2021-08-26",
                   perpetrators=[ISISK], targets=[("United States", "state", "")], location="Abbey Gate", country="Afghanistan")
    airport = mention("b", "The bombing at Hamid Karzai International Airport on Thursday was claimed by ISIS-K.", "bombing", "bombing",
                      "2021-08-26", perpetrators=[ISISK], location="Hamid Karzai International Airport", country="Afghanistan")
    city = mention("c", "The Kabul bombing on Thursday shocked the capital.", "bombing", "bombing", "2021-08-26",
                   location="Kabul", country="Afghanistan")
    events = merge([gate, airport, city])
    assert len(events) == 1
    e = events[0]
    assert any("place Hamid Karzai International Airport ~ Abbey Gate" in r or "place Abbey Gate ~" in r for r in e.merge_reasons)
    assert (e.location, e.country) == ("Abbey Gate", "Afghanistan")
    assert e.title == "ISIS-K bombing at Abbey Gate"  # a site takes "at"; a state target keeps the noun form


def test_places_named_around_an_agreement_do_not_keep_its_mentions_apart():
    doha = mention("a", "The pledges it made in the 2020 Doha agreement were broken.", "agreement", "agreement", "2020",
                   participants=[US, TALIBAN], location="Doha", country="Qatar")
    washington = mention("b", "The Taliban believes its 2020 agreement with Washington limits American activity.", "agreement",
                         "agreement", "2020", perpetrators=[TALIBAN], participants=[US], location="Washington", country="United States")
    events = merge([doha, washington])
    assert len(events) == 1
    assert "different places" not in events[0].merge_reasons[0]
    assert "different perpetrators" not in events[0].merge_reasons[0]  # parties to an agreement have no attacker role


def _crowd(n: int) -> list[EventMention]:
    """``n`` unrelated statements over many days that all name the United States."""
    return [mention(f"crowd{i}", f"Officials spoke about topic{i} on that day.", "spoke", "statement",
                    f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}", participants=[US, (f"Official{i}", "person")]) for i in range(n)]


def test_a_name_found_in_most_mentions_says_less_than_a_rare_one():
    sentences = ("Officials said the talks went well.", "A spokesman described progress.")
    generic = [mention(d, text, text.split()[2], "statement", "2021-08-26", participants=[US]) for d, text in zip("ab", sentences)]
    rare = [mention(d, text, text.split()[2], "statement", "2021-08-27", participants=[US, ("Pat Ryder", "person")])
            for d, text in zip("ce", sentences)]
    assert len(merge(generic)) == 1  # too few mentions to know the United States is everywhere
    crowd = _crowd(40)
    events = merge(crowd + generic + rare)
    assert _event_of(events, generic[0]) is not _event_of(events, generic[1])
    assert _event_of(events, rare[0]) is _event_of(events, rare[1])


def test_an_undated_report_from_days_later_counts_as_weak_date_evidence():
    event = mention("a", "A bombing at the Kabul checkpoint on Thursday killed 13.", "bombing", "bombing", "2021-08-26", location="Kabul")
    soon = mention("b", "The bombing at the checkpoint in Kabul was condemned.", "bombing", "bombing", None, dct="2021-08-28", location="Kabul")
    late = mention("c", "The bombing at the checkpoint in Kabul was condemned.", "bombing", "bombing", None, dct="2021-10-28", location="Kabul")
    assert len(merge([event, soon])) == 1
    assert "reported within days" in merge([event, soon])[0].merge_reasons[0]
    assert len(merge([event, late])) == 2


# --------------------------------------------------------------------------- 3. look-alikes stay apart


def test_the_airport_bombing_and_the_drone_strike_three_days_later_stay_apart():
    strike = drone_strike()
    events = merge(abbey_gate() + [strike])
    assert len(events) == 2
    assert _event_of(events, strike).mentions == [strike]


def test_the_ministry_bombing_and_the_killing_of_the_balkh_governor_stay_apart():
    ministry, governor = ministry_bombing(), balkh_governor()
    events = merge([ministry, governor])
    assert len(events) == 2
    assert [e.date for e in events] == ["2023-01", "2023-03-11"]


def test_the_killing_of_the_plotter_and_the_bombing_itself_stay_apart():
    plotter = plotter_killed()
    events = merge(abbey_gate() + [plotter])
    assert len(events) == 2
    killing = _event_of(events, plotter)
    assert killing.mentions == [plotter]
    assert killing.perpetrators == ["Taliban"]


def test_an_undated_mention_does_not_join_an_event_where_its_victim_was_the_attacker():
    plotter = plotter_killed()
    undated = mention("seed-009", "The Taliban killed the ISIS-K plotter of the Abbey Gate attack at the Kabul airport.", "killed", "killing",
                      None, dct="2023-04-27", perpetrators=[TALIBAN], targets=[("ISIS-K", "armed_group", "plotter")])
    events = merge(abbey_gate() + [plotter, undated])
    assert _event_of(events, undated) is _event_of(events, plotter)


def test_different_named_victims_stay_apart():
    a = mention("a", "On March 11 a suicide bomber killed the governor Mohammad Dawood Muzammil.", "killed", "killing", "2023-03-11",
                perpetrators=[ISISK], targets=[("Mohammad Dawood Muzammil", "person", "governor")], location="Balkh")
    b = mention("b", "On March 11 a suicide bomber killed the police chief Abdul Rahman.", "killed", "killing", "2023-03-11",
                perpetrators=[ISISK], targets=[("Abdul Rahman", "person", "police chief")], location="Balkh")
    assert len(merge([a, b])) == 2


# --------------------------------------------------------------------------- 4. dates and figures: keep every source


def test_the_event_takes_the_most_precise_date_its_sources_give():
    month = mention("a", "The bombing at the Kabul airport in August 2021 killed 13.", "bombing", "bombing", "2021-08", location="Kabul")
    year = mention("b", "The bombing at the Kabul airport in 2021 killed 13 troops.", "bombing", "bombing", "2021", location="Kabul")
    day = mention("c", "The bombing at the Kabul airport on Aug. 26, 2021 killed 13.", "bombing", "bombing", "2021-08-26", location="Kabul")
    e = merge([year, month, day])[0]
    assert (e.date, e.precision, e.date_start, e.date_end) == ("2021-08-26", "day", "2021-08-26", "2021-08-26")
    assert e.disagreements == []


def test_a_date_a_day_off_may_join_but_is_flagged():
    a = mention("a", "The suicide bombing at Abbey Gate of the Kabul airport on Aug. 26, 2021 killed 13 U.S. troops.", "bombing", "bombing",
                "2021-08-26", perpetrators=[ISISK], location="Kabul")
    b = mention("b", "The suicide bombing at Abbey Gate of the Kabul airport on Aug. 27, 2021 killed 13 U.S. troops.", "bombing", "bombing",
                "2021-08-27", time_text="Aug. 27, 2021", perpetrators=[ISISK], location="Kabul")
    c = mention("c", "ISIS-K's suicide bombing at Abbey Gate of the Kabul airport on Thursday killed 13 U.S. troops.", "bombing", "bombing",
                "2021-08-26", time_text="Thursday", perpetrators=[ISISK], location="Kabul")
    events = merge([a, b, c])
    assert len(events) == 1
    e = events[0]
    assert e.date == "2021-08-26"  # two sources against one
    assert any(d.startswith(f"date: {b.mention_id} says 2021-08-27 (Aug. 27, 2021)") for d in e.disagreements)
    assert any("1 day(s) apart" in r for r in e.merge_reasons)


def test_casualty_figures_keep_the_lowest_total_and_flag_the_disagreement():
    e = merge(abbey_gate())[0]
    # seed-002 gives 13 (and "many Afghans"), seed-000 113, seed-003 13, seed-004 183
    assert e.killed == 13
    assert e.wounded is None
    note = next(d for d in e.disagreements if d.startswith("killed:"))
    assert "113 [seed-000: 13 US soldiers, nearly 100 Afghans]" in note
    assert "183 [seed-004: some 170 civilian evacuees, 13 US soldiers]" in note
    row = events_frame([e]).iloc[0]
    assert "killed: nearly 100 Afghans [seed-000]" in row["casualties"]
    assert "killed: some 170 civilian evacuees [seed-004]" in row["casualties"]


def test_agreeing_sources_make_no_disagreement():
    a = mention("a", "A bombing in Kabul on Thursday killed 20 Afghans.", "bombing", "bombing", "2023-01-11", location="Kabul",
                casualties=[("killed", 20, "", "Afghans", "20 Afghans")])
    b = mention("b", "The Kabul bombing on Thursday killed 20 people.", "bombing", "bombing", "2023-01-11", location="Kabul",
                casualties=[("killed", 20, "", "people", "20 people")])
    e = merge([a, b])[0]
    assert e.killed == 20
    assert e.disagreements == []


def test_sources_naming_different_perpetrators_are_flagged():
    a = mention("a", "ISIS-K claimed the bombing at the Kabul airport on Thursday.", "bombing", "bombing", "2021-08-26",
                perpetrators=[ISISK], location="Kabul")
    b = mention("b", "The Kabul airport bombing on Thursday bore the marks of the Haqqani network.", "bombing", "bombing", "2021-08-26",
                perpetrators=[("Haqqani network", "armed_group")], location="Kabul")
    events = merge([a, b])
    assert len(events) == 1
    assert any(d.startswith("perpetrator: ISIS-K [a] vs Haqqani network [b]") for d in events[0].disagreements)


# --------------------------------------------------------------------------- 5. stable ids


def test_ids_come_from_content_not_from_input_order():
    ms = abbey_gate() + [drone_strike(), ministry_bombing(), balkh_governor(), plotter_killed()]
    first = merge(ms)
    shuffled = ms[:]
    random.Random(7).shuffle(shuffled)
    second = merge(shuffled)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert all(re.fullmatch(r"ev-[0-9a-f]{10}", e.event_id) for e in first)
    assert len({e.event_id for e in first}) == len(first)
    bombing = _event_of(first, ms[0])
    assert bombing.event_id == content_id(min(bombing.mentions, key=lambda m: (m.doc_id, m.char_start)))


def test_adding_an_article_keeps_every_earlier_id():
    four = [m for m in abbey_gate() if m.doc_id != "seed-004"] + [ministry_bombing(), balkh_governor()]
    before = merge(four)
    after = merge(four + [m for m in abbey_gate() if m.doc_id == "seed-004"] + [drone_strike()], existing=events_frame(before))
    ids_before = {e.event_id for e in before}
    assert ids_before <= {e.event_id for e in after}
    bombing = next(e for e in after if e.event_type == "bombing" and e.date == "2021-08-26")
    assert bombing.event_id in ids_before
    assert "seed-004" in bombing.doc_ids


def test_an_article_that_sorts_first_does_not_renumber_existing_events():
    later = [m for m in abbey_gate() if m.doc_id != "seed-000"]
    before = merge(later, existing=None)
    newcomer = [m for m in abbey_gate() if m.doc_id == "seed-000"]
    # without the earlier table the earliest mention (seed-000) would give a new id
    assert merge(later + newcomer)[0].event_id != before[0].event_id
    for existing in (events_frame(before), mentions_frame(before)):
        assert merge(later + newcomer, existing=existing)[0].event_id == before[0].event_id


def test_two_events_told_in_one_sentence_keep_their_ids_when_articles_are_added():
    sentence = ("The plotter of the Aug. 26, 2021 bombing at the Kabul airport was killed by the Taliban in early April.")
    bombing = mention("d5", sentence, "bombing", "bombing", "2021-08-26", at=50, time_text="Aug. 26, 2021", location="Kabul")
    killing = mention("d5", sentence, "killed", "killing", "2023-04", at=50, time_text="early April", perpetrators=[TALIBAN])
    before = merge([bombing, killing])
    assert len(before) == 2
    newcomer = mention("d0", "The bombing at the Kabul airport on Aug. 26, 2021 killed 13.", "bombing", "bombing", "2021-08-26",
                       location="Kabul")
    after = merge([bombing, killing, newcomer], existing=events_frame(before))
    assert {e.event_id for e in before} == {e.event_id for e in after}
    assert _event_of(after, newcomer).event_id == _event_of(before, bombing).event_id


def test_when_an_earlier_event_splits_its_id_stays_with_the_larger_part():
    bombing = abbey_gate()[:3]
    strike = drone_strike()
    earlier = pd.DataFrame({"event_id": ["ev-0000000001"] * 4, "mention_id": [m.mention_id for m in bombing + [strike]]})
    events = merge(bombing + [strike], existing=earlier)
    assert _event_of(events, bombing[0]).event_id == "ev-0000000001"
    assert _event_of(events, strike).event_id == content_id(strike)


# --------------------------------------------------------------------------- 6. order and scale


def test_events_come_in_date_order_then_by_id():
    ms = [plotter_killed(), ministry_bombing(), drone_strike(), balkh_governor()] + abbey_gate()
    events = merge(ms)
    keys = [(e.date_start, e.event_id) for e in events]
    assert keys == sorted(keys)
    assert events[0].date == "2021-08-26"


def test_many_events_on_distinct_days_and_places_are_merged_without_comparing_all_pairs():
    # 3 sources x 600 incidents, three a day in different cities: only each incident's own mentions merge
    cities = [f"City{i}" for i in range(50)]
    ms = []
    for i in range(600):
        day = date.fromordinal(date(2020, 1, 1).toordinal() + i // 3)
        city = cities[i % 50]
        for src in range(3):
            ms.append(mention(f"doc{src}-{i}", f"A bombing in {city} killed people.", "bombing", "bombing", day.isoformat(),
                              location=city, country="Country"))
    events = merge(ms)
    assert len(events) == 600
    assert all(len(e.doc_ids) == 3 for e in events)


# --------------------------------------------------------------------------- 7. titles


def test_titles_say_who_did_what_where():
    events = merge(abbey_gate() + [plotter_killed(), balkh_governor()])
    titles = {e.event_type + " " + e.date: e.title for e in events}
    assert titles["bombing 2021-08-26"] == "ISIS-K bombing in Kabul"
    assert titles["killing 2023-04"] == "Taliban kill ISIS-K plotter in Afghanistan"
    assert titles["killing 2023-03-11"] == "ISIS-K kill Mohammad Dawood Muzammil in Balkh"


def test_a_title_without_actors_or_place_names_the_happening():
    e = merge([mention("a", "The withdrawal ended in August 2021.", "withdrawal", "withdrawal", "2021-08")])[0]
    assert e.title == "Withdrawal"
    e.location, e.perpetrators = "Afghanistan", []
    assert make_title(e) == "Withdrawal in Afghanistan"


def test_an_event_of_no_listed_kind_is_titled_by_its_trigger():
    e = merge([mention("a", "Over 1,400 fighters surrendered in late 2019.", "surrendered", "other", "2019", location="Nangarhar")])[0]
    assert e.title == "Surrendered in Nangarhar"


def test_an_empty_input_gives_no_events():
    assert merge([]) == []
    assert list(events_frame(merge([])).columns)[0] == "event_id"
    assert isinstance(events_frame([]), pd.DataFrame)


# --------------------------------------------------------------------------- evidence that is easy to misread


def test_an_evacuation_airlift_and_the_withdrawal_of_troops_in_the_same_month_stay_apart():
    evacuation = mention("a", "U.S. troops were evacuating Afghan allies and diplomats from Kabul in August 2021.", "evacuating",
                         "withdrawal", "2021-08", participants=[US], location="Kabul", country="Afghanistan")
    withdrawal = mention("b", "The United States completed its military withdrawal from Afghanistan in August 2021.", "withdrawal",
                         "withdrawal", "2021-08", perpetrators=[US], location="Afghanistan", country="Afghanistan")
    pullout = mention("c", "The rushed pullout of U.S. forces from Afghanistan ended in August 2021.", "pullout", "withdrawal",
                      "2021-08", participants=[US], location="Afghanistan", country="Afghanistan")
    airlift = mention("d", "The airlift from Kabul flew out thousands of Afghan allies in August 2021.", "airlift", "withdrawal",
                      "2021-08", participants=[US], location="Kabul", country="Afghanistan")
    events = merge([evacuation, withdrawal, pullout, airlift])
    assert len(events) == 2
    assert _event_of(events, evacuation) is _event_of(events, airlift)
    assert _event_of(events, withdrawal) is _event_of(events, pullout)


def test_trigger_families_are_read_from_data_and_users_can_add_their_own(tmp_path):
    rules = MergeRules.load()
    assert rules.trigger_family("withdrawal", "Evacuation") == "evacuation"
    assert rules.trigger_family("withdrawal", "pulled out") == "pullout"
    assert rules.trigger_family("bombing", "bombing") == ""
    extra = tmp_path / "families.csv"
    extra.write_text("event_type,family,prefix,note\narrest,detention,detain,\narrest,extradition,extradit,\n", encoding="utf-8")
    rules = MergeRules.load(trigger_families=[extra])
    detained = mention("a", "Police detained the suspect in Paris in May 2022.", "detained", "arrest", "2022-05", location="Paris")
    extradited = mention("b", "The suspect was extradited from Paris in May 2022.", "extradited", "arrest", "2022-05", location="Paris")
    assert len(merge([detained, extradited])) == 1
    assert len(merge([detained, extradited], rules=rules)) == 2


def test_a_place_named_far_from_the_trigger_barely_counts_against_a_merge():
    bombing = mention("b", "The suicide bombing at the Kabul airport on Thursday killed 13 U.S. soldiers.", "bombing", "bombing",
                      "2021-08-26", location="Kabul", country="Afghanistan")
    far = mention("a", "And Thursday's attack at the airport that killed 13 U.S. soldiers, with its signature blend of complexity "
                       "and cruelty, was widely seen as a reminder to both the Americans and the Taliban that the country would "
                       "remain contested, the Washington Post reports.", "attack", "armed_clash", "2021-08-26",
                  time_text="Thursday", location="Washington", country="United States")
    near = mention("c", "Thursday's attack in Washington at the airport killed 13 U.S. soldiers.", "attack", "armed_clash",
                   "2021-08-26", time_text="Thursday", location="Washington", country="United States")
    joined = merge([bombing, far])
    assert len(joined) == 1
    assert "different places, one named far from its trigger: Kabul vs Washington" in joined[0].merge_reasons[0]
    assert joined[0].location == "Kabul"  # the place named by the trigger, not at the far end of a sentence
    assert len(merge([bombing, near])) == 2


def test_a_side_attacked_in_one_source_and_named_without_a_role_in_another_counts_as_shared():
    offensives = mention("a", "In 2020 Taliban offensives, with US operations, devastated ISIS-K in eastern Afghanistan.", "offensives",
                         "armed_clash", "2020", perpetrators=[TALIBAN], participants=[US, ISISK], location="Kunar",
                         country="Afghanistan")
    quash = mention("b", "Both sides cooperated to quash ISIS-K in a province of Afghanistan last year.", "quash", "armed_clash",
                    "2020", time_text="last year", dct="2021-09-03", targets=[("ISIS-K", "armed_group", "")], participants=[US],
                    location="Afghanistan", country="Afghanistan")
    events = merge([offensives, quash])
    assert len(events) == 1
    assert "target ISIS-K" in events[0].merge_reasons[0]


def test_an_event_started_by_a_mention_that_came_first_joins_the_event_its_mentions_all_fit():
    # the first mention names a wrong place, far from its trigger, and the second shares too little with it:
    # each starts an event; the third joins the second; the second pass joins the first to that event
    first = mention("a", "The attack at the airport on Thursday that killed 13 soldiers was claimed by ISIS-K within hours, officials "
                         "said, and was widely seen as a reminder of how contested the country would remain, according to a "
                         "long report in the Washington Post.", "attack", "armed_clash", "2021-08-26", time_text="Thursday",
                    perpetrators=[ISISK], location="Washington", country="United States")
    gate = mention("b", "The Aug. 26, 2021 bombing at Abbey Gate killed 13 U.S. service members.", "bombing", "bombing",
                   "2021-08-26", time_text="Aug. 26, 2021", targets=[("United States", "state", "")],
                   location="Kabul", country="Afghanistan")
    bombing = mention("c", "The suicide bombing at the Kabul airport on Thursday killed 13 US soldiers.", "bombing", "bombing",
                      "2021-08-26", time_text="Thursday", targets=[("United States", "state", "")], location="Kabul",
                      country="Afghanistan")
    strike = drone_strike()
    assert len(merge([first, gate])) == 2
    events = merge([first, gate, bombing, strike])
    assert len(events) == 2
    joined = _event_of(events, first)
    assert joined is _event_of(events, bombing) is _event_of(events, gate)
    assert any(r.split(" <- ")[1].startswith("a:") for r in joined.merge_reasons)
    assert _event_of(events, strike).mentions == [strike]


def test_the_same_sentence_in_many_articles_is_one_event_however_common_its_words():
    # syndicated copies: in a large batch every word of the sentence is common, yet the copies tell one event
    copies = [mention(f"copy{i:02d}", "Pentagon officials confirmed this week that the Taliban killed the plotter in an operation.",
                      "confirmed", "statement", "2023-04", dct="2023-04-26",
                      perpetrators=[US], participants=[TALIBAN], location="Kabul") for i in range(40)]
    others = [mention(f"other{i:02d}", f"Officials in Kabul said on Monday that operation {i} killed {i} people.", "said",
                      "statement", "2023-04", dct="2023-04-26", perpetrators=[US], location="Kabul") for i in range(40)]
    events = merge(copies + others)
    event = _event_of(events, copies[0])
    assert all(_event_of(events, m) is event for m in copies)
    assert "same sentence as copy00:" in event.merge_reasons[0]


def _two_years(m: EventMention, first: int) -> EventMention:
    """``m`` dated to the two years ``first`` and ``first + 1`` ("in 2019 and early 2020")."""
    return replace(m, date=f"{first}/{first + 1}", date_start=f"{first}-01-01", date_end=f"{first + 1}-12-31", precision="interval")


def _fighting(doc: str, sentence: str, trigger: str, when: str) -> EventMention:
    return mention(doc, sentence, trigger, "armed_clash", when, perpetrators=[TALIBAN])


def test_a_coarse_date_inside_another_counts_the_more_the_more_of_it_it_fills():
    # the same type and perpetrator, nothing else shared: the date decides
    span = _two_years(_fighting("a", "Government forces battled the militants for months.", "battled", "2019"), 2019)
    year = _fighting("b", "Fighting raged across the valley last year.", "Fighting", "2020")
    day = _fighting("c", "Clashes erupted near the dam on Monday.", "Clashes", "2020-05-04")
    overlapping = _two_years(_fighting("d", "Raids continued throughout the winter season.", "Raids", "2020"), 2020)
    joined = merge([span, year])
    assert len(joined) == 1
    assert "date 2019/2020 contains 2020" in joined[0].merge_reasons[0]
    assert len(merge([span, day])) == 2  # a day fills almost nothing of two years
    assert len(merge([span, overlapping])) == 2  # 2019-2020 and 2020-2021 only overlap


def test_a_shared_target_counts_by_how_rarely_the_batch_names_it_as_the_target():
    # ISIS-K is named in most mentions, nearly always as the attacker: as the side attacked it is telling
    crowd = [mention(f"crowd{i}", f"ISIS-K claimed the attack on checkpoint {i} on that day.", "attack", "armed_clash",
                     f"2018-{1 + i % 12:02d}-{1 + i % 28:02d}", perpetrators=[ISISK], participants=[US]) for i in range(40)]
    offensives = _two_years(mention("a", "In 2019 and early 2020 Taliban offensives, with US operations, devastated ISIS-K.",
                                    "offensives", "armed_clash", "2019", perpetrators=[TALIBAN], participants=[US, ISISK],
                                    location="Kunar", country="Afghanistan"), 2019)
    quash = mention("b", "Both sides cooperated to quash ISIS-K in a province of Afghanistan last year.", "quash", "armed_clash",
                    "2020", time_text="last year", dct="2021-09-03", targets=[("ISIS-K", "armed_group", "")], participants=[US],
                    location="Afghanistan", country="Afghanistan")
    events = merge(crowd + [offensives, quash])
    event = _event_of(events, quash)
    assert event is _event_of(events, offensives)
    assert len(event.mentions) == 2
    assert "target ISIS-K" in event.merge_reasons[0]


# --------------------------------------------------------------------------- how a mention is read


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=150),
       at=st.integers(min_value=0, max_value=149))
def test_the_words_compared_are_those_nearest_the_trigger_wherever_it_stands(words, at):
    from timeline.merge import _context_words, _norm_token, default_rules

    rules = default_rules()
    win = int(rules.weights["word_window"])
    at = min(at, len(words) - 1)
    sentence = " ".join(words)
    trigger_start = len(" ".join(words[:at])) + (1 if at else 0)
    m = EventMention(doc_id="d", sentence=sentence, char_start=0, char_end=len(sentence), trigger=words[at],
                     trigger_start=trigger_start, event_type="statement", time=None, date="", date_start="", date_end="",
                     precision="reported")
    nearest = words[max(0, at - win):at] + words[at:at + win + 1]
    expected = [t for t in map(_norm_token, nearest) if len(t) >= 3 and t not in rules.stopwords]
    assert _context_words(m, rules, exclude=set()) == expected


def test_merging_leaves_the_garbage_collector_as_it_was():
    import gc

    assert gc.isenabled()
    merge(abbey_gate())
    assert gc.isenabled()
    gc.disable()
    try:
        merge(abbey_gate())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_second_pass_compares_again_an_event_that_grew_after_a_mention_fell_short_of_it():
    # the second article blames another group than the first: alone they stay apart; the third names both
    # groups and joins the first, and the second pass then takes the second in as well
    isis = mention("a", "A suicide bombing at the Kabul airport on Thursday killed 13 US soldiers.", "bombing", "bombing",
                   "2021-08-26", time_text="Thursday", perpetrators=[ISISK], targets=[("United States", "state", "")],
                   location="Kabul", country="Afghanistan")
    taliban = mention("b", "Militants stormed a gate in an assault on Thursday.", "assault", "armed_clash", "2021-08-26",
                      time_text="Thursday", perpetrators=[TALIBAN], targets=[("United States", "state", "")], location="Kabul",
                      country="Afghanistan")
    both = mention("c", "ISIS-K and the Taliban were blamed for the suicide bombing at the Kabul airport on Thursday.", "bombing",
                   "bombing", "2021-08-26", time_text="Thursday", perpetrators=[ISISK, TALIBAN],
                   targets=[("United States", "state", "")], location="Kabul", country="Afghanistan")
    assert len(merge([isis, taliban])) == 2
    events = merge([isis, taliban, both])
    assert len(events) == 1
    assert any(r.split(" <- ")[1].startswith("b:") and "perpetrator Taliban" in r for r in events[0].merge_reasons)


# --------------------------------------------------------------------------- 9. merging a stream, window by window


def _years_of_news(n_events: int, years: int, seed: int = 0) -> list[EventMention]:
    """Mentions of ``n_events`` events over ``years`` years from 2015, told by one to four sources each.

    A source gives the day, the month, the year or only its article's date (days
    or, now and then, years later); events share groups, cities and words
    often enough to compete for the same mentions.
    """
    rng = random.Random(seed)
    kinds = [("bombing", "bombing"), ("attack", "armed_clash"), ("airstrike", "airstrike"), ("killed", "killing")]
    groups = [(f"Group {chr(65 + i)}", "armed_group") for i in range(6)]
    cities = [f"Town{i}" for i in range(12)]
    out = []
    for k in range(n_events):
        day = date(2015, 1, 1).toordinal() + rng.randrange(365 * years)
        when = date.fromordinal(day)
        trigger, etype = rng.choice(kinds)
        perp, city = rng.choice(groups), rng.choice(cities)
        site = rng.choice(["market", "bridge", "checkpoint", "school", "convoy", f"camp{k % 40}"])
        for s in range(rng.choice((1, 2, 2, 3, 4))):
            r = rng.random()
            dct = date.fromordinal(day + rng.randrange(5)).isoformat()
            if r < 0.55:
                value = when.isoformat()
            elif r < 0.75:
                value = when.strftime("%Y-%m")
            elif r < 0.85:
                value = str(when.year)
            else:
                value = None
                if rng.random() < 0.3:
                    dct = date.fromordinal(day + rng.randrange(400, 1500)).isoformat()
            sentence = f"The {trigger} at the {site} in {city} killed several people."
            out.append(mention(f"n{k}-{s}", sentence, trigger, etype, value, dct=dct, at=50 * s,
                               perpetrators=[perp] if rng.random() < 0.7 else [], location=city, country="Landia"))
    return out


def _tables(events: list[Event]) -> tuple[pd.DataFrame, pd.DataFrame]:
    events = sorted(events, key=lambda e: (e.date_start or "9999", e.event_id))
    return events_frame(events), mentions_frame(events)


def _stream(mentions: list[EventMention], **kw) -> list[Event]:
    ordered = sorted(mentions, key=stream_key)
    stats = merge_stats(iter(ordered), rules=kw.get("rules"))
    return list(merge_stream(iter(ordered), stats=stats, **kw))


def test_the_stream_key_is_the_last_day_of_the_date_or_the_article_date_or_last_of_all():
    assert stream_key(mention("a", "The bombing killed 3.", "bombing", "bombing", "2021-08-26")) == "2021-08-26"
    assert stream_key(mention("a", "The bombing killed 3.", "bombing", "bombing", "2021-02")) == "2021-02-28"
    assert stream_key(mention("a", "The bombing killed 3.", "bombing", "bombing", "2020")) == "2020-12-31"
    assert stream_key(mention("a", "The bombing killed 3.", "bombing", "bombing", None, dct="2023-04-26")) == "2023-04-26"
    undated = replace(mention("a", "The bombing killed 3.", "bombing", "bombing", None), date="", date_start="", date_end="")
    assert stream_key(undated) == UNDATED_KEY
    assert sorted(["2023-04-26", UNDATED_KEY, "2021-02-28"])[-1] == UNDATED_KEY


def test_a_stream_merged_window_by_window_gives_the_same_tables_as_merge_over_a_multi_year_batch():
    mentions = _years_of_news(700, years=6)
    assert len({stream_key(m)[:4] for m in mentions}) >= 6
    expected_events, expected_mentions = _tables(merge(mentions))
    got_events, got_mentions = _tables(_stream(mentions))
    pd.testing.assert_frame_equal(got_events, expected_events)
    pd.testing.assert_frame_equal(got_mentions, expected_mentions)
    assert len(expected_events) < len(mentions)  # sources were merged


def test_the_stream_holds_only_the_events_of_the_windows_still_within_reach():
    rules = MergeRules.load()
    rules.weights["reported_lookback_years"] = 1.0
    mentions = _years_of_news(900, years=9, seed=1)
    counters = StreamCounters()
    events = _stream(mentions, rules=rules, counters=counters)
    created = {year: made for year, _, made, _, _ in counters.windows}
    years = sorted(created)
    # an event stays alive while a later mention may reach it: its own window and the next
    # (lookback 1), and a little longer while an event it is near in the second pass is alive
    reach = max(sum(created.get(y + i, 0) for i in range(3)) for y in years)
    assert counters.live_peak <= reach
    assert counters.live_peak < len(events) / 2
    assert counters.events == len(events)
    assert sum(gone for *_, gone in counters.windows) > len(events) / 2  # let go before the stream ended


def test_events_come_out_of_the_stream_before_it_ends():
    mentions = sorted(_years_of_news(300, years=6, seed=2), key=stream_key)
    rules = MergeRules.load()
    rules.weights["reported_lookback_years"] = 1.0
    read = 0

    def source():
        nonlocal read
        for m in mentions:
            read += 1
            yield m

    stream = merge_stream(source(), rules=rules, stats=merge_stats(mentions, rules=rules))
    first = next(stream)
    assert read < len(mentions) / 2
    assert first.event_id.startswith("ev-")
    assert len([first, *stream]) == len(merge(mentions, rules=rules))


def test_a_stream_out_of_order_is_refused():
    late = mention("a", "The bombing at the market killed 3.", "bombing", "bombing", "2021-08-26")
    early = mention("b", "The bombing at the bridge killed 3.", "bombing", "bombing", "2019-03-02")
    with pytest.raises(ValueError, match="stream_key"):
        list(merge_stream(iter([late, early]), stats=merge_stats([late, early])))
    with pytest.raises(TypeError):
        list(merge_stream(iter([early, late])))  # a one-pass iterable needs its statistics given


def test_batch_statistics_count_each_name_once_per_mention():
    mentions = abbey_gate()
    stats = merge_stats(mentions)
    assert stats.n == 5
    assert stats.df["a:ISIS-K"] == 2 + 1  # named in three of the five mentions
    assert stats.df["r:ISIS-K"] == 3
    assert stats.df["p:Kabul"] == 4


def test_sentence_features_stored_as_a_record_come_back_equal():
    for m in abbey_gate() + [drone_strike(), ministry_bombing(), balkh_governor()]:
        assert features_from_record(features_record(m)) == sentence_features(m)


def test_sentence_features_with_a_string_the_fast_encoder_refuses_still_come_back_equal():
    m = replace(drone_strike(), location="Kab\ud800ul")  # a lone surrogate
    assert features_from_record(features_record(m)) == sentence_features(m)


def test_sentence_features_read_back_share_their_strings_and_the_empty_set():
    # the merge holds these for every mention within reach: the same word read from two records is one
    # string, and every empty set is the same object
    a, b = (features_from_record(features_record(m)) for m in abbey_gate()[:2])
    shared = a[7] & b[7]
    assert shared
    for word in shared:
        assert next(w for w in a[7] if w == word) is next(w for w in b[7] if w == word)
    empties = [s for f in (a, b) for s in f if isinstance(s, frozenset) and not s]
    assert empties and all(s is empties[0] for s in empties)


def test_a_record_made_under_other_rules_or_damaged_is_not_used(tmp_path):
    m = abbey_gate()[0]
    extra = tmp_path / "stop.txt"
    extra.write_text("kabul\n", encoding="utf-8")
    other = MergeRules.load(stopwords=[extra])
    assert other.fingerprint != MergeRules.load().fingerprint
    assert features_from_record(features_record(m, other)) is None
    assert features_from_record(features_record(m, other), other) == sentence_features(m, other)
    assert features_from_record(None) is None
    assert features_from_record("not json") is None
    assert features_from_record("[1, 2]") is None


def test_batch_statistics_from_stored_features_are_those_of_the_mentions():
    mentions = abbey_gate() + [drone_strike(), ministry_bombing()]
    stats, counted = MergeStats(), MergeStats()
    for m in mentions:
        stats.add_features(features_from_record(features_record(m)))
        counted.add(stat_keys_from_record(features_record(m)))
    want = merge_stats(mentions)
    assert (stats.n, stats.df) == (counted.n, counted.df) == (want.n, want.df)
    assert stat_keys_from_record("not json") is None


def test_a_stream_of_mentions_with_their_stored_features_merges_like_one_without():
    mentions = abbey_gate() + [drone_strike(), ministry_bombing(), balkh_governor(), plotter_killed()]
    ordered = sorted(mentions, key=stream_key)
    pairs = [(m, features_from_record(features_record(m)) if i % 2 else None) for i, m in enumerate(ordered)]
    got = list(merge_stream(iter(pairs), stats=merge_stats(ordered), with_features=True))
    want = merge(mentions)
    assert [sorted(x.mention_id for x in e.mentions) for e in got] == [sorted(x.mention_id for x in e.mentions) for e in want]
    assert [e.event_id for e in got] == [e.event_id for e in want]


def test_features_computed_ahead_give_the_merge_of_mentions_alone():
    mentions = abbey_gate() + [drone_strike(), ministry_bombing(), balkh_governor(), plotter_killed()]
    ahead = SentenceFeatures()
    ahead.add(mentions)
    assert len(ahead) == len(mentions)
    got, want = merge(mentions, features=ahead), merge(mentions)
    assert [(e.event_id, e.title, len(e.mentions)) for e in got] == [(e.event_id, e.title, len(e.mentions)) for e in want]
    with pytest.raises(ValueError, match="other merge rules"):
        merge(mentions, features=ahead, rules=MergeRules.load())


def _with_filler(rng_seed: int, *years: int) -> list[EventMention]:
    """Unrelated events in February to August of each of ``years``: every window has mentions, so the stream lets events go between them."""
    rng = random.Random(rng_seed)
    out = []
    for y in years:
        for i in range(4):
            day = date(y, 2 + 2 * i, 1 + rng.randrange(28)).isoformat()
            out.append(mention(f"f{y}-{i}", f"The arrest of Farmer{y}x{i} in Village{i} was announced.", "arrest", "arrest",
                               day, participants=[(f"Farmer{y}x{i}", "person")], location=f"Village{y}{i}"))
    return out


def _same_event_both_ways(mentions: list[EventMention], a: EventMention, b: EventMention, rules=None) -> None:
    batch = merge(mentions, rules=rules)
    assert _event_of(batch, a) is _event_of(batch, b)
    streamed = _stream(mentions, rules=rules)
    assert _event_of(streamed, a) is _event_of(streamed, b)
    assert _tables(streamed)[0].equals(_tables(batch)[0])


def test_a_report_years_later_still_joins_the_event_it_looks_back_to():
    dated = mention("a", "The Aug. 26, 2019 bombing at Abbey Gate of the Kabul airport killed 13 U.S. troops.", "bombing", "bombing",
                    "2019-08-26", perpetrators=[ISISK], location="Kabul")
    report = mention("b", "The Abbey Gate bombing at the Kabul airport still haunts the Pentagon.", "bombing", "bombing",
                     None, dct="2022-04-26", perpetrators=[ISISK], location="Kabul")
    mentions = [dated, report] + _with_filler(3, 2019, 2020, 2021, 2022)
    rules = MergeRules.load()
    rules.weights["reported_lookback_years"] = 3.0
    _same_event_both_ways(mentions, dated, report, rules=rules)
    rules.weights["reported_lookback_years"] = 2.0  # 2019 is out of reach from 2022
    assert len({_event_of(merge(mentions, rules=rules), m).event_id for m in (dated, report)}) == 2


def test_a_year_mention_joins_the_day_event_of_that_year_in_the_stream():
    day = mention("a", "The bombing at the Abbey Gate of the Kabul airport on June 3, 2020 killed 13 U.S. troops.", "bombing", "bombing",
                  "2020-06-03", time_text="June 3, 2020", perpetrators=[ISISK], location="Kabul")
    year = mention("b", "ISIS-K's bombing at the Abbey Gate of the Kabul airport in 2020 killed 13 U.S. troops.", "bombing", "bombing",
                   "2020", perpetrators=[ISISK], location="Kabul")
    rules = MergeRules.load()
    rules.weights["reported_lookback_years"] = 0.0
    _same_event_both_ways([day, year] + _with_filler(4, 2019, 2020, 2021), day, year, rules=rules)


def test_a_december_and_a_january_date_a_day_apart_join_across_the_year_boundary():
    dec = mention("a", "The suicide bombing at Abbey Gate of the Kabul airport on Dec. 31, 2020 killed 13 U.S. troops.", "bombing",
                  "bombing", "2020-12-31", time_text="Dec. 31, 2020", perpetrators=[ISISK], location="Kabul")
    jan = mention("b", "The suicide bombing at Abbey Gate of the Kabul airport on Jan. 1, 2021 killed 13 U.S. troops.", "bombing",
                  "bombing", "2021-01-01", time_text="Jan. 1, 2021", perpetrators=[ISISK], location="Kabul")
    rules = MergeRules.load()
    rules.weights["reported_lookback_years"] = 0.0  # only the day tolerance keeps the December event within reach
    _same_event_both_ways([dec, jan] + _with_filler(5, 2020, 2021, 2022), dec, jan, rules=rules)
    counters = StreamCounters()
    _stream([dec, jan] + _with_filler(5, 2020, 2021, 2022), rules=rules, counters=counters)
    assert [w[0] for w in counters.windows] == [2020, 2021, 2022]
    assert counters.windows[0][4] == 4  # after 2020: the filler of 2020 goes, the December bombing stays


def test_the_stream_keeps_earlier_ids_as_merge_does():
    four = [m for m in abbey_gate() if m.doc_id != "seed-004"] + [ministry_bombing(), balkh_governor()]
    before = merge(four)
    more = four + [m for m in abbey_gate() if m.doc_id == "seed-004"] + [drone_strike()]
    after = _stream(more, existing=events_frame(before))
    assert {e.event_id for e in before} <= {e.event_id for e in after}
    assert _tables(after)[0].equals(_tables(merge(more, existing=events_frame(before)))[0])


def test_mentions_without_any_date_merge_among_themselves_after_every_dated_event():
    a = replace(mention("a", "The bombing at the Abbey Gate checkpoint killed 13.", "bombing", "bombing", None, perpetrators=[ISISK],
                        location="Kabul"), date="", date_start="", date_end="")
    b = replace(mention("b", "ISIS-K's bombing at the Abbey Gate checkpoint killed 13.", "bombing", "bombing", None,
                        perpetrators=[ISISK], location="Kabul"), date="", date_start="", date_end="")
    dated = mention("c", "The arrest of a farmer in Village9 was announced.", "arrest", "arrest", "2021-03-02", location="Village9")
    counters = StreamCounters()
    events = _stream([a, dated, b], counters=counters)
    assert _event_of(events, a) is _event_of(events, b)
    assert len(events) == 2
    assert [w[0] for w in counters.windows] == [2021, 9999]


def test_the_stream_leaves_the_garbage_collector_on_while_the_caller_holds_an_event():
    import gc

    mentions = sorted(_years_of_news(60, years=3, seed=4), key=stream_key)
    stream = merge_stream(iter(mentions), stats=merge_stats(mentions))
    next(stream)
    assert gc.isenabled()
    stream.close()
    assert gc.isenabled()


def test_the_stream_may_read_earlier_ids_document_by_document():
    four = [m for m in abbey_gate() if m.doc_id != "seed-004"] + [ministry_bombing(), balkh_governor()]
    before = mentions_frame(merge(four))
    more = four + [m for m in abbey_gate() if m.doc_id == "seed-004"] + [drone_strike()]
    asked = []

    def earlier(mentions):
        docs = {m.doc_id for m in mentions}
        asked.append(docs)
        return before[before["doc_id"].isin(docs)]

    by_document = _tables(_stream(more, existing=earlier))[0]
    assert by_document.equals(_tables(_stream(more, existing=before))[0])
    assert asked and all(docs for docs in asked)


# --------------------------------------------------------------------------- merging groups of types side by side


def _mixed_batch() -> list[EventMention]:
    """Violent events, statements about them and an agreement: three groups of types that never meet."""
    said = [
        mention("seed-00%d" % i, f"The Taliban said on Friday that the airport would reopen ({i}).", "said", "statement",
                "2021-08-27", at=3000 + i, time_text="Friday", participants=[TALIBAN], location="Kabul", country="Afghanistan")
        for i in range(3)
    ]
    deal = mention("seed-003", "The United States and the Taliban signed an agreement in Doha on February 29, 2020.",
                   "signed", "agreement", "2020-02-29", at=100, time_text="February 29, 2020", participants=[US, TALIBAN],
                   location="Doha", country="Qatar")
    return abbey_gate() + [drone_strike(), ministry_bombing(), balkh_governor(), plotter_killed(), deal] + said


def _described(events: list[Event]) -> list[tuple]:
    return [(e.event_id, e.event_type, e.date, e.title, tuple(m.mention_id for m in e.mentions), tuple(e.merge_reasons))
            for e in events]


def test_types_that_never_meet_merge_side_by_side_into_the_same_events():
    mentions = _mixed_batch()
    one = merge(mentions)
    assert len({e.event_type for e in one}) >= 3
    assert _described(merge(mentions, processes=2)) == _described(one)
    assert _described(merge(mentions, processes=3)) == _described(one)


def test_events_merged_in_another_process_hold_the_callers_own_mentions():
    mentions = _mixed_batch()
    given = {id(m) for m in mentions}
    events = merge(mentions, processes=3)
    assert all(id(m) in given for e in events for m in e.mentions)
    assert sorted(m.mention_id for e in events for m in e.mentions) == sorted(m.mention_id for m in mentions)


def test_without_forked_processes_the_groups_merge_here_with_the_same_events(monkeypatch):
    import multiprocessing

    mentions = _mixed_batch()
    one = merge(mentions)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert _described(merge(mentions, processes=2)) == _described(one)


def test_a_group_whose_process_fails_is_merged_here(monkeypatch):
    import timeline.merge as merging

    mentions = _mixed_batch()
    one = merge(mentions)
    monkeypatch.setattr(merging._ForkedPart, "result",
                        lambda self, feats: (self.receive.close(), self.proc.join(), None)[2])
    assert _described(merge(mentions, processes=2)) == _described(one)


def test_a_larger_batch_merges_the_same_on_two_processes():
    rng = random.Random(7)
    base = _mixed_batch()
    mentions = []
    for week in range(60):  # the batch cloned at whole-week offsets over a little more than a year
        for m in base:
            shifted = _shift_days(m, 7 * week)
            mentions.append(replace(shifted, doc_id=f"{m.doc_id}-w{week}"))
    rng.shuffle(mentions)
    assert _described(merge(mentions, processes=2)) == _described(merge(mentions))


def _shift_days(m: EventMention, days: int) -> EventMention:
    """``m`` told ``days`` later (a mention dated to the day; others are left as they are)."""
    if m.precision != "day":
        return m
    day = (date.fromisoformat(m.date) + timedelta(days=days)).isoformat()
    t = m.time and replace(m.time, value=day, first_day=date.fromisoformat(day), last_day=date.fromisoformat(day))
    return replace(m, date=day, date_start=day, date_end=day, time=t)


# --------------------------------------------------------------------------- a stream merged in parts


def _mixed_years(weeks: int = 80, seed: int = 3) -> list[EventMention]:
    """The mixed batch cloned at whole-week offsets over more than a year, with news of other years around it."""
    mentions = [replace(_shift_days(m, 7 * week), doc_id=f"{m.doc_id}-w{week}")
                for week in range(weeks) for m in _mixed_batch()]
    return mentions + _years_of_news(300, years=4, seed=seed)


def _in_parts(mentions: list[EventMention], n: int) -> list[list[Event]]:
    """The batches of a stream merged as parts of at most ``n`` groups of types, each part read on its own."""
    ordered = sorted(mentions, key=stream_key)
    stats = merge_stats(ordered)
    rules = default_rules()
    groups = type_groups(Counter(m.event_type for m in ordered), rules, n)
    years = sorted({int(stream_key(m)[:4]) for m in ordered})
    def read(group: list[str]):
        return ((m, None) for m in ordered if m.event_type in group)

    return list(join_steps([part_steps(read(group), rules=rules, stats=stats, years=years) for group in groups]))


def test_types_joined_by_a_chain_of_compatible_types_are_one_group():
    rules = default_rules()
    counts = {"statement": 50, "report": 10, "armed_clash": 40, "withdrawal": 30, "visit": 5, "agreement": 8}
    groups = type_groups(counts, rules, 10)
    assert sorted(map(sorted, groups)) == [["agreement"], ["armed_clash", "withdrawal"], ["report", "statement"],
                                           ["visit"]]  # withdrawal meets armed_clash through takeover
    assert groups[0] == ["armed_clash", "withdrawal"]  # the largest first
    two = type_groups(counts, rules, 2)
    assert len(two) == 2 and sorted(t for g in two for t in g) == sorted(counts)
    assert [sum(counts[t] for t in g) for g in two] == [70, 73]  # spread by size
    assert type_groups(counts, rules, 1) == [sorted(counts)]


def test_a_stream_merged_in_parts_gives_the_batches_of_the_whole_stream():
    mentions = _mixed_years()
    ordered = sorted(mentions, key=stream_key)
    whole = list(merge_stream(iter(ordered), stats=merge_stats(ordered)))
    for n in (2, 3, 10):
        batches = _in_parts(mentions, n)
        assert _described([e for b in batches for e in b]) == _described(whole)
    assert len({e.event_type for e in whole}) >= 5 and len(whole) < len(mentions)


def test_every_part_visits_every_window_and_a_mention_of_a_window_not_listed_is_refused():
    mentions = _mixed_years(weeks=10)
    ordered = sorted(mentions, key=stream_key)
    years = sorted({int(stream_key(m)[:4]) for m in ordered})
    steps = list(part_steps(((m, None) for m in ordered if m.event_type == "agreement"), rules=default_rules(),
                            stats=merge_stats(ordered), years=years))
    assert len(steps) == len(years) + 1  # a step per window, the empty ones too, and one at the end
    with pytest.raises(ValueError, match="no window listed"):
        list(part_steps(((m, None) for m in ordered), rules=default_rules(), stats=merge_stats(ordered),
                        years=years[1:]))


_PLACES = ["Kabul", "Kabul Airport", "Abbey Gate", "Afghanistan", "Doha", "Qatar", "Balkh", "Mazar"]


def _placed(place: str, near: bool, up: frozenset[str]):
    from timeline.merge import _Features

    m = mention("d", f"A bombing in {place}.", "bombing", "bombing", "2021-08-26", location=place)
    return _Features(m=m, order=0, start=0, end=0, reported=False, rank=0, perps=frozenset(), targets=frozenset(),
                     victims=frozenset(), actors=frozenset(), place=place, country="", place_up=up, words=frozenset(),
                     place_near=near)


_PLACED = st.builds(_placed, st.sampled_from(_PLACES), st.booleans(),
                    st.frozensets(st.sampled_from(_PLACES), max_size=2))


@settings(max_examples=300, deadline=None)
@given(f=_PLACED, members=st.lists(_PLACED, min_size=1, max_size=6), located=st.booleans())
def test_the_place_evidence_follows_its_plain_definition(f, members, located):
    from timeline.merge import _UNIFORM, _Cluster, _place_score, _places_related, _plus, _relates_to_any

    c = _Cluster.new(1, members[0])
    for g in members[1:]:
        c.add(g)
    related = [p for p in c.places if p != f.place and _places_related(f, p, c)]
    assert _relates_to_any(f, c) == any(_places_related(f, p, c) for p in c.places)
    # the plain definition: a clash with a place the event names near its trigger settles it, then the same
    # place, a related one, a place named far from the trigger
    conflicts = [p for p in c.places if p != f.place and p not in related] if located else []
    w, sp = default_rules().weights, _UNIFORM
    if f.place_near and any(p in c.near_places for p in conflicts):
        expected = (w["place_clash"], f"different places {f.place} vs {_plus(conflicts)}")
    elif f.place in c.places:
        expected = (w["same_place"], f"place {f.place}")
    elif related:
        expected = (w["place_within"], f"place {f.place} ~ {_plus(related)}")
    elif conflicts:
        expected = (w["place_clash_far"], f"different places, one named far from its trigger: {f.place} vs "
                                          f"{_plus(conflicts)}")
    else:
        expected = (0.0, "")
    assert _place_score(f, c, located, w, sp, True) == expected
    assert _place_score(f, c, located, w, sp, False) == (expected[0], "")


@given(st.text(alphabet="ab _-é1", min_size=1, max_size=4), st.text(alphabet="ab _-é1", max_size=30))
def test_a_place_is_found_in_a_sentence_where_a_whole_word_pattern_finds_it(name, text):
    from timeline.merge import _name_starts

    want = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
    assert _name_starts(name, text) == want
