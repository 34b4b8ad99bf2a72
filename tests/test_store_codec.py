"""Event mentions survive a trip through the store's JSON unchanged."""

from __future__ import annotations

import json
from datetime import date

from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.store_codec import dumps_mention, loads_mention, mention_from_dict, mention_to_dict, time_from_dict, time_to_dict
from timeline.temporal.mention import TimeMention


def _mention(time: TimeMention | None) -> EventMention:
    return EventMention(
        doc_id="doc-1",
        sentence="On Aug. 26, 2021, a suicide bomber killed 13 U.S. troops at Kabul airport.",
        char_start=120,
        char_end=195,
        trigger="killed",
        trigger_start=154,
        event_type="bombing",
        time=time,
        date="2021-08-26",
        date_start="2021-08-26",
        date_end="2021-08-26",
        precision="day",
        date_mod="",
        actors=[ActorRef("ISIS-K", "perpetrator", "armed_group", "a suicide bomber", 138),
                ActorRef("United States", "target", "state", "U.S. troops", 164, title="troops")],
        location="Kabul",
        country="Afghanistan",
        casualties=[Casualty("killed", 13, "", "U.S. troops", "13 U.S. troops")],
        publisher="AP",
    )


TIME = TimeMention(start=123, end=136, text="Aug. 26, 2021", type="DATE", value="2021-08-26", mod=None,
                   first_day=date(2021, 8, 26), last_day=date(2021, 8, 26), anchor="none", precision="day")


def test_a_mention_with_its_time_actors_and_casualties_round_trips():
    m = _mention(TIME)
    back = loads_mention(dumps_mention(m))
    assert back == m
    assert back.time.first_day == date(2021, 8, 26)
    assert back.mention_id == m.mention_id == f"doc-1:{m.trigger_start}"


def test_a_mention_without_a_time_round_trips():
    m = _mention(None)
    assert loads_mention(dumps_mention(m)) == m


def test_the_json_is_plain_and_days_are_iso_strings():
    d = json.loads(dumps_mention(_mention(TIME)))
    assert d["time"]["first_day"] == "2021-08-26"
    assert d["actors"][0] == {"name": "ISIS-K", "role": "perpetrator", "kind": "armed_group", "surface": "a suicide bomber",
                              "start": 138, "title": "", "affiliation": ""}
    assert d["casualties"][0]["count"] == 13


def test_keys_unknown_to_this_version_are_ignored_and_missing_ones_take_their_defaults():
    d = mention_to_dict(_mention(TIME))
    d["confidence"] = 0.9  # written by a newer version
    d["actors"][0]["weight"] = 2
    del d["publisher"]  # written before the field existed
    back = mention_from_dict(d)
    assert back.publisher == ""
    assert back.actors[0].name == "ISIS-K"


def test_a_stored_record_with_newer_keys_inside_decodes_like_one_without():
    d = mention_to_dict(_mention(TIME))
    d["actors"][0]["weight"] = 2  # only the actor has a key this version does not know
    d["time"]["confidence"] = 0.5
    want = _mention(TIME)
    assert loads_mention(json.dumps(d)) == want
    d["confidence"] = 0.9
    assert loads_mention(json.dumps(d)) == want


def test_time_mentions_round_trip_alone():
    assert time_from_dict(time_to_dict(TIME)) == TIME
    vague = TimeMention(start=0, end=9, text="last year", type="DATE", value="2020", anchor="dct", precision="year")
    assert time_from_dict(json.loads(json.dumps(time_to_dict(vague)))) == vague


def test_decoded_mentions_share_the_strings_they_have_in_common():
    m = _mention(TIME)
    first, second = loads_mention(dumps_mention(m)), loads_mention(dumps_mention(m))
    assert first == second == m
    assert first.sentence is second.sentence and first.doc_id is second.doc_id
    assert first.actors[0].name is second.actors[0].name
    assert first.time.text is second.time.text


def test_the_record_is_the_dict_of_mention_to_dict_and_non_ascii_text_comes_back():
    m = _mention(TIME)
    m.sentence = "Le 26 août 2021, à l’aéroport de Kaboul : 13 soldats tués."
    assert json.loads(dumps_mention(m)) == mention_to_dict(m)
    assert loads_mention(dumps_mention(m)) == m


def test_a_string_the_fast_encoder_refuses_still_round_trips():
    m = _mention(None)
    m.sentence = "broken \ud800 surrogate"  # a lone surrogate: not UTF-8, written by the standard encoder
    assert loads_mention(dumps_mention(m)) == m
