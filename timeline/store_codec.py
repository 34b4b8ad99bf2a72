"""Event mentions and time mentions as JSON, for keeping them in a store.

A stored event mention must come back exactly as extraction produced it, so
that merging it again with newer mentions gives the same events as merging
everything at once. Fields are read from the dataclasses themselves: a field
added later with a default is written and read without changes here, and a
stored record missing a newer field gets its default.

Strings read back are interned: the values mentions share (document ids,
names, roles, dates, a sentence repeated by a syndicated copy) are held once
however many decoded mentions hold them, which halves the memory of a merge
that keeps many of them alive.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any

import orjson

from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.temporal.mention import TimeMention

_DATE_FIELDS = ("first_day", "last_day")


@cache
def _names(cls) -> tuple[str, ...]:
    """The field names of a dataclass (read once per class)."""
    return tuple(f.name for f in fields(cls))


def time_to_dict(t: TimeMention) -> dict[str, Any]:
    """A time mention as a JSON-ready dict (days as ISO strings)."""
    out: dict[str, Any] = {}
    for name in _names(type(t)):
        v = getattr(t, name)
        out[name] = v.isoformat() if isinstance(v, date) else v
    return out


def time_from_dict(d: dict[str, Any]) -> TimeMention:
    """The time mention ``time_to_dict`` wrote (unknown keys are ignored)."""
    known = _names(TimeMention)
    kw = {k: v for k, v in d.items() if k in known}
    for k in _DATE_FIELDS:
        if kw.get(k):
            kw[k] = date.fromisoformat(kw[k])
    return TimeMention(**kw)


def _plain(obj) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in _names(type(obj))}


def _build(cls, d: dict[str, Any]):
    known = _names(cls)
    return cls(**{k: v for k, v in d.items() if k in known})


def mention_to_dict(m: EventMention) -> dict[str, Any]:
    """An event mention as a JSON-ready dict, with its time, actors and casualties."""
    out: dict[str, Any] = {}
    for name in _names(type(m)):
        v = getattr(m, name)
        if name == "time":
            out[name] = time_to_dict(v) if v is not None else None
        elif name == "actors":
            out[name] = [_plain(a) for a in v]
        elif name == "casualties":
            out[name] = [_plain(c) for c in v]
        else:
            out[name] = v
    return out


def mention_from_dict(d: dict[str, Any]) -> EventMention:
    """The event mention ``mention_to_dict`` wrote."""
    known = _names(EventMention)
    kw = {k: v for k, v in d.items() if k in known}
    kw["time"] = time_from_dict(kw["time"]) if kw.get("time") else None
    kw["actors"] = [_build(ActorRef, a) for a in kw.get("actors") or []]
    kw["casualties"] = [_build(Casualty, c) for c in kw.get("casualties") or []]
    return EventMention(**kw)


def dumps_json(obj, plain: Callable[[Any], Any] = lambda obj: obj) -> str:
    """``obj`` as JSON text, written by orjson (fast); what orjson refuses (a lone surrogate in a string) is
    written by the standard encoder from ``plain(obj)``, the same data as plain dicts and lists."""
    try:
        return orjson.dumps(obj).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(plain(obj), ensure_ascii=False, sort_keys=True)


def loads_json(text: str):
    """What :func:`dumps_json` (or the standard encoder) wrote; ValueError when ``text`` is no JSON."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # what orjson refuses, the standard decoder may read (a lone surrogate)
        return json.loads(text)


def dumps_mention(m: EventMention) -> str:
    """The JSON record of ``m`` (the fields of ``mention_to_dict``; orjson writes dataclasses and days the same)."""
    return dumps_json(m, mention_to_dict)


def _interned(d: dict[str, Any]) -> dict[str, Any]:
    for k, v in d.items():
        if type(v) is str:
            d[k] = sys.intern(v)
    return d


def _decoded(text: str) -> dict[str, Any]:
    """The record as dicts, every string value interned (the mention's own, its time's, actors' and casualties')."""
    d = loads_json(text)
    _interned(d)
    for key in ("actors", "casualties"):
        for item in d.get(key) or ():
            _interned(item)
    if d.get("time"):
        _interned(d["time"])
    return d


@cache
def _known(cls) -> frozenset[str]:
    return frozenset(_names(cls))


def _made(cls, d: dict[str, Any]):
    """``cls`` from a decoded dict of its own (the fields of another version are left out)."""
    return cls(**d) if d.keys() <= _known(cls) else _build(cls, d)


def loads_mention(text: str) -> EventMention:
    """The event mention ``dumps_mention`` wrote: ``mention_from_dict`` of the decoded record, building
    straight from the decoded dicts (they are not the caller's)."""
    d = _decoded(text)
    if not d.keys() <= _known(EventMention):
        return mention_from_dict(d)
    t = d.get("time")
    if t:
        for k in _DATE_FIELDS:
            if t.get(k):
                t[k] = date.fromisoformat(t[k])
        d["time"] = _made(TimeMention, t)
    else:
        d["time"] = None
    d["actors"] = [_made(ActorRef, a) for a in d.get("actors") or ()]
    d["casualties"] = [_made(Casualty, c) for c in d.get("casualties") or ()]
    return EventMention(**d)
