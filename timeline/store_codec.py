"""Event mentions and time mentions as JSON, for keeping them in a store.

A stored event mention must come back exactly as extraction produced it, so
that merging it again with newer mentions gives the same events as merging
everything at once. Fields are read from the dataclasses themselves: a field
added later with a default is written and read without changes here, and a
stored record missing a newer field gets its default.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.temporal.mention import TimeMention

_DATE_FIELDS = ("first_day", "last_day")


def time_to_dict(t: TimeMention) -> dict[str, Any]:
    """A time mention as a JSON-ready dict (days as ISO strings)."""
    out: dict[str, Any] = {}
    for f in fields(t):
        v = getattr(t, f.name)
        out[f.name] = v.isoformat() if isinstance(v, date) else v
    return out


def time_from_dict(d: dict[str, Any]) -> TimeMention:
    """The time mention ``time_to_dict`` wrote (unknown keys are ignored)."""
    known = {f.name for f in fields(TimeMention)}
    kw = {k: v for k, v in d.items() if k in known}
    for k in _DATE_FIELDS:
        if kw.get(k):
            kw[k] = date.fromisoformat(kw[k])
    return TimeMention(**kw)


def _plain(obj) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _build(cls, d: dict[str, Any]):
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in known})


def mention_to_dict(m: EventMention) -> dict[str, Any]:
    """An event mention as a JSON-ready dict, with its time, actors and casualties."""
    out: dict[str, Any] = {}
    for f in fields(m):
        v = getattr(m, f.name)
        if f.name == "time":
            out[f.name] = time_to_dict(v) if v is not None else None
        elif f.name == "actors":
            out[f.name] = [_plain(a) for a in v]
        elif f.name == "casualties":
            out[f.name] = [_plain(c) for c in v]
        else:
            out[f.name] = v
    return out


def mention_from_dict(d: dict[str, Any]) -> EventMention:
    """The event mention ``mention_to_dict`` wrote."""
    known = {f.name for f in fields(EventMention)}
    kw = {k: v for k, v in d.items() if k in known}
    kw["time"] = time_from_dict(kw["time"]) if kw.get("time") else None
    kw["actors"] = [_build(ActorRef, a) for a in kw.get("actors") or []]
    kw["casualties"] = [_build(Casualty, c) for c in kw.get("casualties") or []]
    return EventMention(**kw)


def dumps_mention(m: EventMention) -> str:
    return json.dumps(mention_to_dict(m), ensure_ascii=False, sort_keys=True)


def loads_mention(text: str) -> EventMention:
    return mention_from_dict(json.loads(text))
