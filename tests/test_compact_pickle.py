"""Mentions pickle as constructor calls: smaller, rebuilt equal, copies still independent."""

import copy
import pickle
from dataclasses import dataclass, field

import pytest

from timeline.compact_pickle import compact_pickle
from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.temporal import tag


def _mention() -> EventMention:
    t = tag("A bomb exploded on Aug. 26, 2021, in Kabul.", dct="2021-08-27")[0]
    return EventMention(
        doc_id="d1", sentence="A bomb exploded on Aug. 26, 2021, in Kabul.", char_start=0, char_end=44,
        trigger="exploded", trigger_start=7, event_type="bombing", time=t, date=t.value,
        date_start=str(t.first_day), date_end=str(t.last_day), precision="day",
        actors=[ActorRef("ISIS-K", role="perpetrator", kind="group", surface="ISIS-K", start=3)],
        location="Kabul", country="Afghanistan", casualties=[Casualty("killed", 13, "at least", "soldiers", "13")],
    )


def test_a_mention_comes_back_equal_through_pickle():
    m = _mention()
    assert pickle.loads(pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL)) == m


@dataclass(slots=True)
class Plain:
    alpha: str
    beta: int = 0


@compact_pickle
@dataclass(slots=True)
class Compact:
    alpha: str
    beta: int = 0


def test_the_payload_is_smaller_than_a_state_dictionary():
    plain = pickle.dumps([Plain("x", i) for i in range(100)])
    compact = pickle.dumps([Compact("x", i) for i in range(100)])
    assert len(compact) < len(plain)
    assert pickle.loads(compact) == [Compact("x", i) for i in range(100)]


def test_a_deep_copy_does_not_share_its_lists():
    m = _mention()
    c = copy.deepcopy(m)
    assert c == m
    c.actors.append(ActorRef("Taliban"))
    assert len(m.actors) == 1


def test_a_field_outside_init_is_refused():
    @dataclass
    class WithDerived:
        a: int
        b: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="__init__"):
        compact_pickle(WithDerived)
