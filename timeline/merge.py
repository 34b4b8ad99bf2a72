"""Merging event mentions into events: one real happening, one row.

Mentions of the same happening (across documents and within one) are joined
into one :class:`Event` that keeps every mention, the reason for every join
and every point where the sources disagree.

How a mention is matched
------------------------
Mentions are visited finest date first (day, week, month, ..., year, then
mentions dated only by their article). Each mention is scored against the
events built so far and joins the best one whose score reaches the threshold;
otherwise it starts a new event. The score adds up evidence:

* date: the intervals ``[date_start, date_end]`` must overlap (``2021-08``
  contains ``2021-08-26``); the same day counts most, containment in a coarse
  period little, the more the more of that period the other date fills
  (``2020`` within ``2019/2020`` counts more than a day within a year),
  coarse dates that only overlap nothing; a ``reported`` date (the article's
  own date) little when the article came out within days of the event, else
  nothing. Two day dates a day apart may still join, with a penalty, and are
  flagged.
* type: the same type, or a compatible one (bombing ~ armed clash ~ killing);
  incompatible types (airstrike vs bombing) never join.
* actors: shared perpetrators and actors count; different perpetrators, an actor
  that is the attacker in one and the victim in the other, or different named
  victims count against.
* place: the same place, or one inside the other (Abbey Gate in Kabul in
  Afghanistan, per the event extractor's gazetteer); different places count
  against, for event types a sentence's place really locates (a bombing, not
  an agreement "with Washington").
* words: content words shared near the trigger ("airport", "Abbey", "Gate").
* trigger families: within one type, triggers of different word families
  (an evacuation airlift, the pull-out of troops) never join.
* copies: the same sentence, trigger, type and date in two articles (a
  syndicated copy, a repeated paragraph) is the same event, whatever the rest.

A place named far from the trigger (the other end of a long sentence, "the
Washington Post reports") counts little against a merge and does not place
the event when another mention names one near its trigger. An actor that is
the side attacked in one mention and named without a role in another counts
as a shared target.

The first pass is greedy, so a mention visited before the rest of its
event's mentions may have started an event of its own. A second pass takes
each small event (at most ``regroup_max_size`` mentions), once no later
mention can reach it (see Windows below), and scores what its mentions say
together (their date, every actor and word, the place most of them name near
their trigger) against the events its mentions could have joined; it joins
the best one that reaches the threshold, unless one of its mentions is ruled
out there (another date, an incompatible type).

Shared actors, places and words count in proportion to how specific they are:
in a large batch a name that appears in most mentions ("United States") says
little, a rare one ("Doha", "Abbey Gate") a lot. A shared perpetrator or
target counts by how often the batch names that actor in that role: a group
named in most mentions, mostly as the attacker, is a telling shared target
where it is the side attacked. Roles only count for event
types whose actors have roles (a bombing has an attacker, an agreement has
parties).

Weights, type compatibilities, stop words and the per-type table (title
phrases, whether roles and places count, how much sharing the type says) are
data files in ``timeline/resources/merge/`` (see its README);
:meth:`MergeRules.load` reads them and any user files given in addition.

Candidates are never all pairs: events are indexed by type and by the days
(short spans) or months (spans up to a quarter) they cover, and by their
actors, places and content words per year. A mention dated to a few days is
compared with the events of a compatible type on those days, one dated to a
month or a season with those of its months, and any other one (a year, only
its article's date) with those sharing its rarest actors, places or words, at
most ``max_candidates`` of them. A crowded day or month block is cut to the
``max_block`` events sharing most actors, places and words with the mention. Output is ordered by ``date_start`` then
``event_id``.

Windows: mentions are taken a calendar year at a time, by the year their
date ends (:func:`stream_key`: the article's date for ``reported`` ones),
and visited within it as above. After each year every event that no later
mention can reach any more (its date ended more than
``reported_lookback_years`` before, the farthest a mention looks back) goes
through the second pass (where it may still join an event within reach) and
is let go, so :func:`merge_stream` holds only the events of the years still
within reach, whatever the length of the stream; :func:`merge` runs the same
windows over a list. ``reported_lookback_years`` is thus what bounds the
memory of a long stream. A mention dated only by its article reaches events
(of either kind) at most ``reported_lookback_years`` older. Mentions with no
date at all come after every dated one and merge among themselves.

A sentence repeated across articles is read once, an event is not indexed
again for a copy that brings nothing new, the second pass does not score
again a pair the first pass scored as it still is, and Python's cyclic
garbage collector is paused while merging (see :func:`cyclic_gc_paused`).
"""

from __future__ import annotations

import calendar
import csv
import gc
import hashlib
import json
import math
import pickle
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Protocol

import pandas as pd

from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.schema import EVENT_TYPES, EVIDENCE_SEP, LIST_SEP, PRECISIONS
from timeline.store_codec import dumps_json, loads_json

RESOURCES = Path(__file__).resolve().parent / "resources" / "merge"
#: Changes whenever what ``_sentence_features`` computes (or how it is recorded) changes.
_FEATURES_VERSION = 1

_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_PRECISION_RANK["time"] = _PRECISION_RANK["day"]
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


# --------------------------------------------------------------------------- rules


@dataclass
class MergeRules:
    """Everything the merger knows that is vocabulary or tuning, read from files."""

    weights: dict[str, float]
    type_compatibility: dict[tuple[str, str], float]
    stopwords: frozenset[str]
    event_types: dict[str, dict[str, str]]
    prepositions: dict[str, str] = field(default_factory=dict)
    trigger_families: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    gazetteer_files: tuple[str, ...] = ()
    _gazetteer: object = field(default=None, repr=False)
    _ancestors: dict = field(default_factory=dict, repr=False)
    _flags: dict = field(default_factory=dict, repr=False)
    _best_types: dict = field(default_factory=dict, repr=False)
    _info: dict = field(default_factory=dict, repr=False)
    _fingerprint: str = field(default="", repr=False)

    @classmethod
    def load(
        cls,
        weights: str | Path | None = None,
        type_compatibility: Iterable[str | Path] = (),
        stopwords: Iterable[str | Path] = (),
        event_types: Iterable[str | Path] = (),
        gazetteer: Iterable[str | Path] = (),
        trigger_families: Iterable[str | Path] = (),
    ) -> "MergeRules":
        """Read the shipped rules; extra files add to (or override) them.

        ``weights`` is a JSON object whose keys override the shipped weights;
        the others are extra CSV/text files in the shipped files' formats.
        """
        w = json.loads((RESOURCES / "weights.json").read_text(encoding="utf-8"))
        if weights:
            w.update(json.loads(Path(weights).read_text(encoding="utf-8")))
        w = {k: float(v) for k, v in w.items() if not k.startswith("_")}
        compat: dict[tuple[str, str], float] = {}
        for path in [RESOURCES / "type_compatibility.csv", *map(Path, type_compatibility)]:
            for row in _read_csv(path):
                a, b, s = row["type_a"].strip(), row["type_b"].strip(), float(row["score"])
                compat[(a, b)] = compat[(b, a)] = s
        words: set[str] = set()
        for path in [RESOURCES / "stopwords.txt", *map(Path, stopwords)]:
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                line = line.strip().lower()
                if line and not line.startswith("#"):
                    words.add(line)
        types: dict[str, dict[str, str]] = {}
        for path in [RESOURCES / "event_types.csv", *map(Path, event_types)]:
            for row in _read_csv(path):
                types[row["event_type"].strip()] = {k: (v or "").strip() for k, v in row.items()}
        preps = {r["kind"].strip(): r["preposition"].strip() for r in _read_csv(RESOURCES / "place_prepositions.csv")}
        families: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for path in [RESOURCES / "trigger_families.csv", *map(Path, trigger_families)]:
            for row in _read_csv(path):
                prefix = " ".join(row["prefix"].lower().split())
                if prefix:
                    families[row["event_type"].strip()].append((prefix, row["family"].strip()))
        for t in families:  # the longest prefix decides
            families[t].sort(key=lambda x: (-len(x[0]), x[0]))
        return cls(weights=w, type_compatibility=compat, stopwords=frozenset(words), event_types=types,
                   prepositions=preps, trigger_families=dict(families),
                   gazetteer_files=tuple(str(g) for g in gazetteer))

    def type_score(self, a: str, b: str) -> float:
        """1 for the same type, the listed score for compatible types, else 0."""
        if a == b:
            return 1.0
        return self.type_compatibility.get((a, b), 0.0)

    @property
    def fingerprint(self) -> str:
        """A short digest of everything that decides a mention's sentence features (see :func:`features_record`):
        the word window, stopwords, trigger families and gazetteer files. Features stored under another
        fingerprint are computed again."""
        if not self._fingerprint:
            from timeline.events.resources import resource_path

            h = hashlib.sha1(f"{_FEATURES_VERSION}|{self.weights.get('word_window', 12)}".encode())
            h.update("\n".join(sorted(self.stopwords)).encode())
            h.update(json.dumps(self.trigger_families, sort_keys=True).encode())
            for path in (resource_path("gazetteer.csv"), *self.gazetteer_files):
                h.update(Path(path).read_bytes())
            self._fingerprint = h.hexdigest()[:12]
        return self._fingerprint

    @property
    def gazetteer(self):
        """The place gazetteer of the event extractor (with the user's files), read on first use."""
        if self._gazetteer is None:
            from timeline.events.gazetteer import load_gazetteer

            self._gazetteer = load_gazetteer(list(self.gazetteer_files))
        return self._gazetteer

    def ancestors(self, place: str) -> tuple[str, ...]:
        """The places that contain ``place`` (parent, grandparent, ..., country), per the gazetteer."""
        if place in self._ancestors:
            return self._ancestors[place]
        gaz = self.gazetteer
        out: list[str] = []
        p = gaz.lookup(place)
        while p is not None and p.parent and p.parent not in out and len(out) < 20:
            out.append(p.parent)
            p = gaz.lookup(p.parent)
        first = gaz.lookup(place)
        if first is not None and first.country and first.country not in out and first.country != first.name:
            out.append(first.country)
        self._ancestors[place] = tuple(out)
        return self._ancestors[place]

    def place_kind(self, place: str) -> str:
        p = self.gazetteer.lookup(place)
        return p.kind if p is not None else ""

    def contains(self, outer: str, inner: str) -> bool:
        """Whether place ``outer`` contains place ``inner`` (or is it)."""
        return outer == inner or outer in self.ancestors(inner)

    def _flag(self, t: str, column: str, default: str) -> bool:
        try:
            return self._flags[t, column]
        except KeyError:
            value = self._flags[t, column] = (self.event_types.get(t, {}).get(column) or default).lower() in ("yes", "true", "1")
            return value

    def best_type(self, t: str, others: Iterable[str]) -> tuple[str, float]:
        """The type among ``others`` that fits ``t`` best, and how well (0: none fits)."""
        key = (t, frozenset(others))
        found = self._best_types.get(key)
        if found is None:
            found = ("", 0.0)
            for o in sorted(key[1]):
                s = self.type_score(t, o)
                if s > found[1]:
                    found = (o, s)
            self._best_types[key] = found
        return found

    def trigger_family(self, t: str, trigger: str) -> str:
        """The word family of ``trigger`` among events of type ``t`` ("" when none is listed).

        Two mentions of one type whose triggers belong to different families
        (an evacuation airlift, a withdrawal of troops) tell different happenings.
        """
        prefixes = self.trigger_families.get(t)
        if not prefixes:
            return ""
        low = " ".join(trigger.lower().replace("’", "'").split())
        for prefix, family in prefixes:
            if low.startswith(prefix):
                return family
        return ""

    def info(self, t: str) -> tuple[float, bool, bool]:
        """``(same_type_weight, roles_count, located)`` of type ``t``."""
        try:
            return self._info[t]
        except KeyError:
            value = self._info[t] = (self.same_type_weight(t), self.roles_count(t), self.located(t))
            return value

    def roles_count(self, t: str) -> bool:
        """Whether actors of events of type ``t`` have roles (attacker, victim) worth comparing."""
        return self._flag(t, "roles", "no")

    def located(self, t: str) -> bool:
        """Whether the place a sentence names locates events of type ``t`` (so different places mean different events)."""
        return self._flag(t, "located", "yes")

    def same_type_weight(self, t: str) -> float:
        value = self.event_types.get(t, {}).get("same_type")
        return float(value) if value else self.weights["same_type"]

    def compatible_types(self, t: str) -> list[str]:
        return sorted({t} | {b for (a, b), s in self.type_compatibility.items() if a == t and s > 0})


def _read_csv(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if any((v or "").strip() for v in r.values())]


_DEFAULT_RULES: MergeRules | None = None


def default_rules() -> MergeRules:
    global _DEFAULT_RULES
    if _DEFAULT_RULES is None:
        _DEFAULT_RULES = MergeRules.load()
    return _DEFAULT_RULES


# --------------------------------------------------------------------------- the event


@dataclass
class Event:
    """One real-world happening, merged from every mention of it.

    ``killed``/``wounded`` are the lowest total any source gives; every figure
    stays available in ``mentions`` and differing totals are noted in
    ``disagreements``. ``merge_reasons`` holds one note per join:
    ``<event mention> <- <joining mention> (<score>): <reasons>``.
    """

    event_id: str
    date: str
    date_start: str
    date_end: str
    precision: str
    date_mod: str
    event_type: str
    title: str
    trigger: str
    actors: list[str]
    perpetrators: list[str]
    targets: list[str]
    location: str
    country: str
    killed: int | None
    wounded: int | None
    mentions: list[EventMention] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        """Documents that mention the event, in order of first mention."""
        return list(dict.fromkeys(m.doc_id for m in self.mentions))

    def evidence_mentions(self) -> list[EventMention]:
        """One mention per document: its most precisely dated one (earliest on ties), in order of first mention."""
        best: dict[str, EventMention] = {}  # documents in order of first mention, as ``doc_ids``
        for m in self.mentions:
            cur = best.get(m.doc_id)
            if cur is None or _rank(m.precision) < _rank(cur.precision):
                best[m.doc_id] = m
        return list(best.values())


# --------------------------------------------------------------------------- mention features


def _rank(precision: str) -> int:
    return _PRECISION_RANK.get(precision or "reported", len(PRECISIONS))


def _day(value: str) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return None


@lru_cache(maxsize=20_000)  # the common words: the cache is bounded, the vocabulary of a corpus is not
def _norm_token(tok: str) -> str:
    t = tok.lower().replace("’", "'")
    if t.endswith("'s"):
        t = t[:-2]
    t = t.strip("'-")
    if len(t) > 4 and t.endswith("s") and not t.endswith("ss"):
        t = t[:-1]
    return t


@dataclass(slots=True)
class _Features:
    m: EventMention
    order: int | tuple  # document order: a number over a batch, (doc id, offsets, trigger, type, arrival) in a stream
    start: int | None
    end: int | None
    reported: bool
    rank: int
    perps: frozenset[str]
    targets: frozenset[str]
    victims: frozenset[str]  # named people in the target role
    actors: frozenset[str]
    place: str
    country: str
    place_up: frozenset[str]  # the places that contain ``place`` (gazetteer parents, its country)
    words: frozenset[str]
    place_near: bool = True  # the place is named near the trigger (or its position is unknown)
    family: str = ""  # the trigger's word family within its type ("evacuation" vs "withdrawal"), if listed


def _features(m: EventMention, order: int, rules: MergeRules, said: dict | None = None,
              features: tuple | None = None) -> _Features:
    """What the merger compares of mention ``m``.

    ``said`` keeps what a sentence says (its actors, place, words) by the
    sentence and the mention's place in it, so a sentence repeated across
    articles (a syndicated copy) is read once. ``features``, when given, are
    those sentence features already computed (:func:`features_from_record`).
    """
    start, end = _day(m.date_start), _day(m.date_end)
    if start is not None and end is None:
        end = start
    if end is not None and start is None:
        start = end
    reported = (m.precision or "reported") == "reported" or start is None
    key = None
    if features is None and said is not None:
        key = _said_key(m)
        features = said.get(key)
    if features is None:
        features = _sentence_features(m, rules)
        if key is not None:
            said[key] = features
    perps, targets, victims, actors, place, country, place_up, words, place_near, family = features
    return _Features(
        m=m, order=order, start=start, end=end, reported=reported, rank=_rank(m.precision),
        perps=perps, targets=targets, victims=victims, actors=actors, place=place, country=country, place_up=place_up,
        words=words, place_near=place_near, family=family,
    )


def _said_key(m: EventMention) -> tuple:
    """What decides :func:`_sentence_features` of ``m``: its sentence, and where its trigger, time and actors are in it."""
    t = m.time
    return (m.sentence, m.trigger_start - m.char_start, m.trigger, m.event_type, tuple(m.actors), m.location, m.country,
            None if t is None else (t.start - m.char_start, t.end - m.char_start))


class SentenceFeatures:
    """What the merge reads of each mention's sentence, computed ahead of the merge.

    A build fills it as extraction results come in (``add``), while other
    processes are still extracting, and hands it to :func:`merge`, which then
    only looks the features up: the serial part of a parallel build is
    shorter. A sentence repeated across articles is read once. It holds one
    entry per distinct sentence, trigger and actors, as the merge would.
    """

    __slots__ = ("rules", "said", "digests")

    def __init__(self, rules: MergeRules | None = None) -> None:
        self.rules = rules or default_rules()
        self.said: dict[tuple, tuple] = {}
        self.digests: dict[str, bytes] = {}  # by sentence: what tells a copy of a sentence (see _copy_key)

    def add(self, mentions: Iterable[EventMention]) -> None:
        said, rules, digests = self.said, self.rules, self.digests
        for m in mentions:
            key = _said_key(m)
            if key not in said:
                said[key] = _sentence_features(m, rules)
            if m.sentence not in digests:
                digests[m.sentence] = _sentence_digest(m.sentence)

    def __len__(self) -> int:
        return len(self.said)


def sentence_features(m: EventMention, rules: MergeRules | None = None) -> tuple:
    """What the merge reads of the sentence of ``m`` (everything it compares but the date), as a tuple."""
    return _sentence_features(m, rules or default_rules())


def features_record(m: EventMention, rules: MergeRules | None = None, features: tuple | None = None) -> str:
    """The sentence features of ``m`` as a JSON text to store with it, marked with ``rules.fingerprint``.

    A store writes it when the mention is extracted, so that merging later
    reads it back (:func:`features_from_record`) instead of reading the
    sentence again.
    """
    rules = rules or default_rules()
    if features is None:
        features = _sentence_features(m, rules)
    perps, targets, victims, actors, place, country, place_up, words, place_near, family = features
    record = [rules.fingerprint, sorted(perps), sorted(targets), sorted(victims), sorted(actors), place,
              country, sorted(place_up), sorted(words), place_near, family]
    return dumps_json(record)


def _record(text: str | None, rules: MergeRules) -> list | None:
    """The list :func:`features_record` wrote; None when there is none, or it was written under other rules."""
    if not text:
        return None
    try:
        r = loads_json(text)
    except ValueError:
        return None
    if not isinstance(r, list) or len(r) != 11 or r[0] != rules.fingerprint:
        return None
    return r


def features_from_record(text: str | None, rules: MergeRules | None = None) -> tuple | None:
    """The sentence features :func:`features_record` wrote; None when there are none or the rules have changed since."""
    r = _record(text, rules or default_rules())
    if r is None:
        return None
    f = _names
    return (f(r[1]), f(r[2]), f(r[3]), f(r[4]), _intern(r[5]), _intern(r[6]), f(r[7]), f(r[8]), bool(r[9]),
            _intern(r[10]))


def _names(items: Iterable[str]) -> frozenset[str]:
    """A frozen set of ``items``: the one shared empty set when there are none, else one of interned strings.

    The merge keeps these sets for every mention within reach; most are
    empty, and the same names and words recur across mentions.
    """
    out = frozenset(map(sys.intern, items))
    return out if out else _NONE


def _intern(value):
    return sys.intern(value) if type(value) is str else value


def _keys_of(actors: Iterable[str], words: Iterable[str], place: str, country: str,
             perps: Iterable[str] = (), targets: Iterable[str] = ()) -> set[str]:
    """Keys of what a mention names: ``a:`` actors, ``w:`` content words, ``p:`` its place and country, and
    ``r:`` perpetrators and ``t:`` targets when given."""
    keys = {"a:" + a for a in actors} | {"w:" + w for w in words}
    if place:
        keys.add("p:" + place)
    if country:
        keys.add("p:" + country)
    keys.update("r:" + a for a in perps)
    keys.update("t:" + a for a in targets)
    return keys


def stat_keys_from_record(text: str | None, rules: MergeRules | None = None) -> set[str] | None:
    """The keys a mention adds to the batch counts (:class:`MergeStats`), read from its :func:`features_record`
    without building its features; None as for :func:`features_from_record`."""
    r = _record(text, rules or default_rules())
    if r is None:
        return None
    return _keys_of(r[4], r[8], r[5], r[6], r[1], r[2])


def _sentence_stat_keys(features: tuple) -> set[str]:
    """:func:`_stat_keys` of a mention, from its sentence features alone (the counts never depend on dates)."""
    perps, targets, _victims, actors, place, country, _up, words, _near, _family = features
    return _keys_of(actors, words, place, country, perps, targets)


def _sentence_features(m: EventMention, rules: MergeRules) -> tuple:
    """The features of ``m`` that its sentence, trigger, actors and place decide (everything but the date)."""
    actor_words: set[str] = set()
    for a in m.actors:
        actor_words.update(_name_words(a.name))
        actor_words.update(_name_words(a.surface))
    for place in (m.location, m.country):
        actor_words.update(_name_words(place or ""))
    return (
        _names(m.actors_in("perpetrator")),
        _names(m.actors_in("target")),
        _names(a.name for a in m.actors if a.role == "target" and a.kind == "person"),
        _names(m.actor_names),
        (m.location or "").strip(),
        (m.country or "").strip(),
        _place_up(m, rules),
        _names(_context_words(m, rules, exclude=actor_words)),
        _place_near(m, rules),
        rules.trigger_family(m.event_type, m.trigger),
    )


@lru_cache(maxsize=8192)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of a name or place as the context words are compared (the same names recur in most mentions)."""
    return tuple(_norm_token(t) for t in _TOKEN.findall(name))


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _name_starts(name: str, text: str) -> list[int]:
    """Where ``name`` stands in ``text`` as a whole (no word character right before or after it), left to
    right and not overlapping: the matches of ``(?<!\\w)NAME(?!\\w)``, found without compiling a pattern
    per name (places are many)."""
    out: list[int] = []
    n, size = len(name), len(text)
    i = text.find(name)
    while i != -1:
        end = i + n
        if (i == 0 or not _is_word_char(text[i - 1])) and (end == size or not _is_word_char(text[end])):
            out.append(i)
            i = text.find(name, end)
        else:
            i = text.find(name, i + 1)
    return out


def _place_near(m: EventMention, rules: MergeRules) -> bool:
    """Whether the mention's place is named within ``word_window`` words of the trigger.

    A place named far from the trigger (at the other end of a long sentence,
    inside a name such as "the Washington Post") locates the event weakly.
    A place not found in the sentence (named by an alias) counts as near.
    """
    place = (m.location or "").strip()
    text = m.sentence or ""
    if not place or not text:
        return True
    found = _name_starts(place, text)
    if not found:
        return True
    pos = m.trigger_start - m.char_start
    win = int(rules.weights.get("word_window", 12))
    for off in found:
        lo, hi = (off, pos) if off < pos else (pos, off)
        if len(_TOKEN.findall(text[lo:hi])) <= win:
            return True
    return False


def _place_up(m: EventMention, rules: MergeRules) -> frozenset[str]:
    place, country = (m.location or "").strip(), (m.country or "").strip()
    up = set(rules.ancestors(place)) if place else set()
    if country and country != place:
        up.add(country)
    return _names(up)


def _context_words(m: EventMention, rules: MergeRules, exclude: set[str]) -> list[str]:
    """Content words within ``word_window`` words either side of the trigger (the trigger's words included)."""
    text = m.sentence or ""
    if not text:
        return []
    pos = min(max(0, m.trigger_start - m.char_start), len(text))
    win = int(rules.weights.get("word_window", 12))
    reach = win * 40  # characters: more than ``win`` words of any ordinary text
    lo = max(0, pos - reach)
    # the last ``win`` words before the trigger: scanning a short stretch first finds the same
    # words as scanning from ``lo`` once it holds two more (the first may start inside a word)
    near = max(lo, pos - 12 * win)
    before = [(mt.start(), mt.group()) for mt in _TOKEN.finditer(text, near, pos)] if near > lo else []
    if len(before) < win + 2:
        before = [(mt.start(), mt.group()) for mt in _TOKEN.finditer(text, lo, pos)]
        if lo > 0 and before:
            before = before[1:]  # may start inside a word
    after = [(mt.start(), mt.group()) for mt in islice(_TOKEN.finditer(text, pos, min(len(text), pos + reach)), win + 1)]
    tokens = before[-win:] + after
    if m.time is not None:
        t0, t1 = m.time.start - m.char_start, m.time.end - m.char_start
        tokens = [(off, raw) for off, raw in tokens if not t0 <= off < t1]
    stopwords = rules.stopwords
    out = []
    for _, raw in tokens:
        t = _norm_token(raw)
        if len(t) < 3 or t in stopwords or t in exclude:
            continue
        out.append(t)
    return out


# --------------------------------------------------------------------------- clusters


_NONE: frozenset = frozenset()


def _grow(have: frozenset | set, new: frozenset | set) -> frozenset | set:
    """``have`` with ``new`` added: ``new`` itself while ``have`` is empty (shared, not copied), a set of
    its own once both bring something."""
    if not new or new <= have:
        return have
    if not have:
        return new
    if type(have) is frozenset:
        return set(have) | new
    have |= new
    return have


@dataclass
class _Cluster:
    """An event being built: its mentions and the union of what they say.

    The sets are shared with the first mention's features until a second
    mention adds something (most events have one or two mentions); they are
    replaced, never changed in place, while shared.
    """

    idx: int
    members: list[_Features]
    start: int | None
    end: int | None
    reported: bool
    types: Counter
    perps: frozenset[str] | set[str] = _NONE
    targets: frozenset[str] | set[str] = _NONE
    victims: frozenset[str] | set[str] = _NONE
    actors: frozenset[str] | set[str] = _NONE
    places: frozenset[str] | set[str] = _NONE
    place_up: frozenset[str] | set[str] = _NONE
    words: frozenset[str] | set[str] = _NONE
    reasons: list[str] = field(default_factory=list)
    near_places: frozenset[str] | set[str] = _NONE
    parents: dict[str, frozenset[str] | set[str]] = field(default_factory=dict)  # place -> the places its mentions say contain it
    families: frozenset[tuple[str, str]] | set[tuple[str, str]] = _NONE

    @classmethod
    def new(cls, idx: int, f: _Features) -> "_Cluster":
        c = cls(idx, [], f.start, f.end, f.reported, Counter())
        c.add(f)
        return c

    def add(self, f: _Features) -> None:
        self.members.append(f)
        self.types[f.m.event_type] += 1
        self.perps = _grow(self.perps, f.perps)
        self.targets = _grow(self.targets, f.targets)
        self.victims = _grow(self.victims, f.victims)
        self.actors = _grow(self.actors, f.actors)
        if f.place:
            if f.place not in self.places:
                self.places = _grow(self.places, frozenset((f.place,)))
            if f.place_near and f.place not in self.near_places:
                self.near_places = _grow(self.near_places, frozenset((f.place,)))
            self.parents[f.place] = _grow(self.parents.get(f.place, _NONE), f.place_up)
        if f.family and (f.m.event_type, f.family) not in self.families:
            self.families = _grow(self.families, frozenset(((f.m.event_type, f.family),)))
        self.place_up = _grow(self.place_up, f.place_up)
        self.words = _grow(self.words, f.words)
        if self.reported and not f.reported:
            self.start, self.end, self.reported = f.start, f.end, False


def _fmt_day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _plus(items: Iterable[str]) -> str:
    return "+".join(sorted(items))



class _KeyTable(dict):
    """Name -> specificity of the key ``prefix + name``, computed on first use."""

    __slots__ = ("spec", "prefix")

    def __init__(self, spec: "_Specificity", prefix: str):
        super().__init__()
        self.spec, self.prefix = spec, prefix

    def __missing__(self, name: str) -> float:
        value = self[name] = self.spec(self.prefix + name)
        return value


class _Specificity:
    """How telling a shared actor, place or word is: 1 for rare ones, less for common ones.

    ``log(N / df) / log(N)`` over the N mentions being merged, floored; every
    key counts 1 when the batch is too small for frequencies to mean much.
    Keys: ``a:`` an actor named in any role, ``r:`` named as perpetrator,
    ``t:`` named as target, ``p:`` a place, ``w:`` a content word; the tables
    ``a``, ``r``, ``t``, ``p``, ``w`` give them by name.
    """

    def __init__(self, n: int, df: Counter, rules: MergeRules):
        self.n = n
        self.active = self.n >= rules.weights["specificity_min_mentions"]
        self.floor = rules.weights["specificity_floor"]
        self.df = df if self.active else Counter()
        self._log_n = math.log(self.n) if self.n > 1 else 1.0
        self.a, self.r, self.t, self.p, self.w = (_KeyTable(self, prefix) for prefix in ("a:", "r:", "t:", "p:", "w:"))

    def __call__(self, key: str) -> float:
        if not self.active:
            return 1.0
        df = max(1, self.df.get(key, 1))
        return max(self.floor, min(1.0, math.log(self.n / df) / self._log_n))


def _stat_keys(f: _Features) -> set[str]:
    """The keys a mention adds to the batch counts of :class:`_Specificity`."""
    return _keys_of(f.actors, f.words, f.place, f.country, f.perps, f.targets)


class _Ones(dict):
    """Every name counts 1."""

    def __missing__(self, name: str) -> float:
        return 1.0


class _Uniform:
    """Every key equally telling (used when no batch frequencies are given)."""

    a = r = t = p = w = _Ones()


_UNIFORM = _Uniform()


def _score(
    f: _Features, c: _Cluster, rules: MergeRules, spec: _Specificity | None = None, explain: bool = True
) -> tuple[float, list[str]] | None:
    """Score mention ``f`` against event ``c``; None when they cannot be one event.

    The reasons are only spelled out with ``explain`` (scoring many candidates
    needs the number alone).
    """
    w = rules.weights
    sp = spec if spec is not None else _UNIFORM
    reasons: list[str] = []
    score = 0.0

    # date
    if f.reported or c.reported:
        if not f.reported and c.reported and c.end is not None and f.start is not None and f.start > c.end:
            return None  # the report predates the happening
        if f.reported and not c.reported and f.end is not None and c.start is not None and c.start > f.end:
            return None
        recent = False
        if f.reported != c.reported:
            dated, report = (c, f) if f.reported else (f, c)
            if dated.end is not None and report.end is not None:
                recent = 0 <= report.end - dated.end <= w["reported_recent_days"]
        if recent:
            score += w["date_reported_recent"]
            if explain:
                reasons.append("reported within days")
        else:
            score += w["date_reported"]
            if explain:
                reasons.append("date reported")
    else:
        if f.start <= c.end and c.start <= f.end:
            fs, cs = f.end - f.start + 1, c.end - c.start + 1
            if fs == 1 and cs == 1:
                score += w["same_day"]
                if explain:
                    reasons.append(f"same day {_fmt_day(f.start)}")
            elif f.start == c.start and f.end == c.end and fs > w["fine_span_days"]:
                score += w["same_period"]
                if explain:
                    reasons.append(f"same period {f.m.date}")
            elif max(fs, cs) <= w["fine_span_days"]:
                score += w["same_week"]
                if explain:
                    reasons.append(f"same week {_fmt_day(max(f.start, c.start))}")
            elif max(fs, cs) <= w["month_span_days"]:
                score += w["date_within"]
                if explain:
                    reasons.append(f"date {_span_text(f, c)}")
            else:
                # one coarse date inside the other agrees the more, the more of it it fills
                # (2020 within 2019-2020 much more than a day within a year); dates that
                # only overlap agree little
                if (f.start <= c.start and c.end <= f.end) or (c.start <= f.start and f.end <= c.end):
                    score += w["date_coarse"] + (w["same_period"] - w["date_coarse"]) * min(fs, cs) / max(fs, cs)
                    if explain:
                        reasons.append(f"date {_span_text(f, c)}")
                elif explain:
                    reasons.append(f"dates {f.m.date} and {_cluster_date_label(c)} overlap")
        else:
            gap = max(f.start - c.end, c.start - f.end)
            fine = w["fine_span_days"]
            if gap <= w["date_tolerance_days"] and f.end - f.start < fine and c.end - c.start < fine:
                score += w["date_near"]
                if explain:
                    reasons.append(f"dates {gap} day(s) apart")
            else:
                return None

    # type
    ftype = f.m.event_type
    if ftype in c.types:
        best_t, best_s = ftype, 1.0
    else:
        best_t, best_s = rules.best_type(ftype, c.types)
        if best_s <= 0:
            return None
    f_info, c_info = rules.info(ftype), rules.info(best_t)
    if best_t == ftype:
        if f.family:
            families = c.families
            if (best_t, f.family) not in families and any(t == best_t for t, _ in families):
                return None  # one type, two happenings: an evacuation airlift is not the pull-out of troops
        score += f_info[0]
        if explain:
            reasons.append(f"type {best_t}")
    else:
        score += w["compatible_type"] * best_s
        if explain:
            reasons.append(f"type {f.m.event_type}~{best_t}")

    # nothing else shared: the score cannot grow (only fall) from here
    if (score < w["threshold"] and f.actors.isdisjoint(c.actors) and f.words.isdisjoint(c.words)
            and not (f.place and c.places)):
        return None

    # place (weighed first: a clash usually settles it)
    place_score, place_note = 0.0, ""
    if f.place and c.places:
        place_score, place_note = _place_score(f, c, f_info[2] and c_info[2], w, sp, explain)
    roles = f_info[1] and c_info[1]
    shared_words = f.words & c.words
    best_case = (score + place_score + (w["perpetrator"] if roles and not f.perps.isdisjoint(c.perps) else 0.0)
                 + (w["actor"] if not f.actors.isdisjoint(c.actors) else 0.0)
                 + (w["victim"] if not f.victims.isdisjoint(c.victims) else 0.0)
                 + (w["target"] if roles and not (f.targets.isdisjoint(c.actors) and f.actors.isdisjoint(c.targets))
                    else 0.0)
                 + min(w["words_max"], w["word"] * len(shared_words)))
    if best_case < w["threshold"]:
        return None

    # actors and roles
    shared_perps = (f.perps & c.perps) if roles else set()
    clash: set[str] = set()
    if shared_perps:
        score += w["perpetrator"] * max(map(sp.r.__getitem__, shared_perps))
        if explain:
            reasons.append(f"perpetrator {_plus(shared_perps)}")
    elif roles and f.perps and c.perps:
        score += w["perpetrator_clash"]
        if explain:
            reasons.append(f"different perpetrators {_plus(f.perps)} vs {_plus(c.perps)}")
    if roles and (f.perps or f.targets) and (c.perps or c.targets):
        clash = ((f.perps - f.targets) & (c.targets - c.perps)) | ((f.targets - f.perps) & (c.perps - c.targets))
        if clash:
            score += w["role_clash"]
            if explain:
                reasons.append(f"opposite roles {_plus(clash)}")
    shared_targets: set[str] = set()
    if roles and (f.targets or c.targets):
        # the side attacked in one, named without a role in the other (never as the attacker)
        shared_targets = (((f.targets & c.actors) | (f.actors & c.targets)) - f.perps - c.perps) - clash
        if shared_targets:
            score += w["target"] * max(map(sp.t.__getitem__, shared_targets))
            if explain:
                reasons.append(f"target {_plus(shared_targets)}")
    others = (f.actors & c.actors) - shared_perps - clash - shared_targets if f.actors and c.actors else _NONE
    if others:
        score += w["actor"] * max(map(sp.a.__getitem__, others))
        if explain:
            reasons.append(f"actors {_plus(others)}")
    shared_victims = f.victims & c.victims
    if shared_victims:
        score += w["victim"]
        if explain:
            reasons.append(f"victim {_plus(shared_victims)}")
    elif f.victims and c.victims:
        score += w["victim_clash"]
        if explain:
            reasons.append(f"different victims {_plus(f.victims)} vs {_plus(c.victims)}")
    score += place_score
    if explain and place_note:
        reasons.append(place_note)

    # words
    if shared_words:
        score += min(w["words_max"], w["word"] * sum(map(sp.w.__getitem__, shared_words)))
        if explain:
            reasons.append(f"words {_plus(shared_words)}")
    return score, reasons


def _place_score(f: _Features, c: _Cluster, located: bool, w: dict[str, float], sp, explain: bool) -> tuple[float, str]:
    """The place evidence of mention ``f`` (which names a place) against event ``c`` (which names some), and its note.

    A place the event's own sentences name near their trigger that is neither
    this one nor related to it is a clash (for ``located`` types); else the
    same place, then a related one, counts for; a conflicting place named
    only far from the trigger counts a little against. Relations are only
    looked up as far as the outcome needs them.
    """
    place, places = f.place, c.places
    inside = place in places
    if located and f.place_near and (not inside or len(places) > 1) and _clashes_near(f, c):
        # a place named by the event's own sentences that is neither this one nor inside it
        note = f"different places {place} vs {_plus(_place_conflicts(f, c))}" if explain else ""
        return w["place_clash"], note
    if inside:
        return w["same_place"] * sp.p[place], f"place {place}" if explain else ""
    if _relates_to_any(f, c):
        note = f"place {place} ~ {_plus(p for p in places if _places_related(f, p, c))}" if explain else ""
        return w["place_within"] * sp.p[place], note
    if located:
        note = (f"different places, one named far from its trigger: {place} vs {_plus(_place_conflicts(f, c))}"
                if explain else "")
        return w["place_clash_far"], note
    return 0.0, ""


def _relates_to_any(f: _Features, c: _Cluster) -> bool:
    """Whether some place of event ``c`` is related to the place of ``f``: ``any(_places_related(f, p, c) for p in
    c.places)``, with the gazetteer tests done as set operations where they can."""
    places = c.places
    if not f.place_up.isdisjoint(places):
        return True
    place = f.place
    if place in c.place_up:  # else no mention of the event says a place of it contains this one
        parents = c.parents
        for p in places:
            if place in parents.get(p, _NONE):
                return True
    a = place.lower()
    for b in map(str.lower, places):
        if a in b or b in a:
            return True
    return False


def _clashes_near(f: _Features, c: _Cluster) -> bool:
    """Whether event ``c`` names near a trigger a place (one of ``c.places``) that is neither the place of ``f`` nor
    related to it."""
    place = f.place
    for p in c.near_places:
        if p != place and not _places_related(f, p, c):
            return True
    return False


def _place_conflicts(f: _Features, c: _Cluster) -> list[str]:
    """The places of event ``c`` that are neither the place of ``f`` nor related to it."""
    return [p for p in c.places if p != f.place and not _places_related(f, p, c)]


def _span_text(f: _Features, c: _Cluster) -> str:
    if (f.end - f.start) >= (c.end - c.start):
        return f"{f.m.date} contains {_cluster_date_label(c)}"
    return f"{_cluster_date_label(c)} contains {f.m.date}"


def _cluster_date_label(c: _Cluster) -> str:
    return c.members[0].m.date or _fmt_day(c.start)


def _places_related(f: _Features, place: str, c: _Cluster) -> bool:
    """One place contains the other: per the gazetteer or the mentions' countries, or nested names."""
    if place in f.place_up or f.place in c.parents.get(place, ()):
        return True
    a, b = f.place.lower(), place.lower()
    return a in b or b in a


# --------------------------------------------------------------------------- candidate index


def _prune(table: dict, key, gone: set[int]) -> None:
    """Take the events of ``gone`` out of ``table[key]``, and the key out when nothing is left under it."""
    bucket = table.get(key)
    if bucket is not None:
        bucket[:] = [i for i in bucket if i not in gone]
        if not bucket:
            del table[key]


class _Index:
    """Where to look for events a mention might belong to.

    Events are indexed by event type under the days they cover (when they
    span at most ``fine_span_days``), the months they cover (at most
    ``month_span_days``) and their actors, places and content words per year.
    A mention dated to a few days looks in the day buckets, one dated to a few
    months in the month buckets, any other one (a year, a decade, only its
    article's date) in the key buckets, rarest keys first.
    """

    def __init__(self, rules: MergeRules):
        self.rules = rules
        w = rules.weights
        self.fine = w["fine_span_days"]
        self.month_span = w["month_span_days"]
        self.tol = int(w["date_tolerance_days"])
        self.max_candidates = int(w["max_candidates"])
        self.max_posting = int(w["max_posting"])
        self.lookback = int(w["reported_lookback_years"])
        self.by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.by_month: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.by_key: dict[tuple[str, str], dict[int | None, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.registered: dict[int, set] = defaultdict(set)
        self.clusters: dict[int, _Cluster] = {}
        self.max_block = int(w.get("max_block", self.max_candidates))
        self._types: dict[str, list[str]] = {}
        self._alone: dict[str, bool] = {}

    def types(self, t: str) -> list[str]:
        if t not in self._types:
            self._types[t] = self.rules.compatible_types(t)
        return self._types[t]

    @staticmethod
    def _years(start: int | None, end: int | None) -> list[int | None]:
        if start is None or end is None:
            return [None]
        y0, y1 = date.fromordinal(start).year, date.fromordinal(end).year
        if y1 - y0 > 30:
            return [None]
        return list(range(y0, y1 + 1))

    @staticmethod
    def _months(start: int, end: int) -> range:
        a, b = date.fromordinal(start), date.fromordinal(end)
        return range(a.year * 12 + a.month - 1, b.year * 12 + b.month)

    @staticmethod
    def _keys(f: _Features) -> set[str]:
        """Index keys of a mention: ``a:`` actors, ``w:`` content words, ``p:`` its place and country."""
        return _keys_of(f.actors, f.words, f.place, f.country)

    @staticmethod
    def _put(table: dict, keys: Iterable[tuple], idx: int, seen: set) -> None:
        """Add event ``idx`` to the buckets ``keys`` of ``table`` it is not in yet."""
        for key in keys:
            if key not in seen:
                seen.add(key)
                table[key].append(idx)

    def add(self, c: _Cluster, f: _Features) -> None:
        """Index event ``c`` under what mention ``f`` (just added to it) brings."""
        seen = self.registered[c.idx]
        t = f.m.event_type
        idx = c.idx
        done = (t, f.actors, f.words, f.place, f.country, c.start, c.end, c.reported)
        if done in seen:
            return  # a mention saying the same (a copy) added to the event as it was: nothing new
        seen.add(done)
        if not c.reported:
            span = c.end - c.start
            if span < self.fine:
                self._put(self.by_day, [(t, d) for d in range(c.start, c.end + 1)], idx, seen)
            if span < self.month_span:
                self._put(self.by_month, [(t, mo) for mo in self._months(c.start, c.end)], idx, seen)
        years = [None] if c.reported else self._years(c.start, c.end)
        by_key = self.by_key
        for key in self._keys(f):
            for y in years:
                k = (t, key, y)
                if k not in seen:
                    seen.add(k)
                    by_key[t, key][y].append(idx)

    def _date_and_type_suffice(self, t: str) -> bool:
        """Whether a mention of type ``t`` may join an event of its period sharing nothing else (rare types)."""
        if t not in self._alone:
            w = self.rules.weights
            self._alone[t] = self.rules.same_type_weight(t) + max(w["same_day"], w["same_period"], w["date_within"]) >= w["threshold"]
        return self._alone[t]

    def _crowded(self, pool: list[int], f: _Features) -> list[int]:
        """At most ``max_block`` of a crowded date block: the events sharing most actors, places and words."""
        if len(pool) <= self.max_block:
            return pool
        clusters = self.clusters
        shared = []
        for i in pool:
            c = clusters[i]
            n = len(f.actors & c.actors) + len(f.words & c.words)
            if f.place and (f.place in c.places or f.country in c.places):
                n += 1
            shared.append((n, i))
        if not self._date_and_type_suffice(f.m.event_type):
            shared = [x for x in shared if x[0]]
        shared.sort(key=lambda x: (-x[0], -x[1]))  # most shared first, then the latest events
        return sorted(i for _, i in shared[: self.max_block])

    def candidates(self, f: _Features) -> list[int]:
        types = self.types(f.m.event_type)
        if not f.reported:
            span = f.end - f.start
            if span < self.fine:
                return self._crowded(self._from_buckets(self.by_day, types, range(f.start - self.tol, f.end + self.tol + 1)), f)
            if span < self.month_span:
                return self._crowded(self._from_buckets(self.by_month, types, self._months(f.start, f.end)), f)
            years = [None, *self._years(f.start, f.end)]
        elif f.end is not None:
            end_year = date.fromordinal(f.end).year
            years = [None, *range(end_year - self.lookback, end_year + 1)]
        else:
            years = [None]
        years = list(dict.fromkeys(years))
        postings = []
        by_key = self.by_key
        for key in self._keys(f):
            lists = []
            size = 0
            for t in types:
                per_year = by_key.get((t, key))
                if per_year:
                    for y in years:
                        p = per_year.get(y)
                        if p:
                            lists.append(p)
                            size += len(p)
            if 0 < size <= self.max_posting:
                postings.append((size, key, lists))
        postings.sort(key=lambda x: (x[0], x[1]))
        found: Counter = Counter()
        for _, _, lists in postings:
            if len(found) >= self.max_candidates:
                break
            for p in lists:
                found.update(p)
        ranked = sorted(found, key=lambda i: (-found[i], i))
        return ranked[: self.max_candidates]

    def drop(self, gone: set[int]) -> None:
        """Forget events ``gone``: take them out of every bucket that holds them."""
        flat: set[tuple] = set()
        keyed: dict[tuple[str, str], set] = defaultdict(set)
        for idx in gone:
            self.clusters.pop(idx, None)
            for k in self.registered.pop(idx, ()):
                if len(k) == 2:
                    flat.add(k)
                elif len(k) == 3:
                    keyed[k[0], k[1]].add(k[2])
        for table in (self.by_day, self.by_month):
            for k in flat:
                _prune(table, k, gone)
        for tk, years in keyed.items():
            per_year = self.by_key.get(tk)
            if per_year is None:
                continue
            for y in years:
                _prune(per_year, y, gone)
            if not per_year:
                del self.by_key[tk]

    def _from_buckets(self, table: dict, types: list[str], keys) -> list[int]:
        out: dict[int, None] = {}
        for t in types:
            for k in keys:
                for idx in table.get((t, k), ()):
                    out[idx] = None
        return sorted(out)


# --------------------------------------------------------------------------- merge


UNDATED_KEY = "9999-12-31"
"""The :func:`stream_key` of a mention with no date at all (nor an article date): after every dated one."""

_UNDATED_YEAR = 9999
_NO_START = 10**9  # visiting place of a mention without a date: after every dated one


def stream_key(m: EventMention) -> str:
    """Where mention ``m`` goes in the order :func:`merge_stream` reads: an ISO day.

    The last day of its date (``date_end``: the day of a day, the last day of
    a month or a year; the article's date for a ``reported`` one), or
    :data:`UNDATED_KEY` when it has no date at all. A store keeps this as a
    sortable text column and reads mentions ordered by it.
    """
    end = _day(m.date_end)
    if end is None:
        end = _day(m.date_start)
    return UNDATED_KEY if end is None else _fmt_day(end)


def _window(f: _Features) -> int:
    """The window (calendar year) of a mention: the year its date ends, that of :data:`UNDATED_KEY` when undated."""
    return _UNDATED_YEAR if f.end is None else date.fromordinal(f.end).year


def _doc_order(m: EventMention) -> tuple:
    return (m.doc_id, m.char_start, m.trigger_start, m.trigger, m.event_type)


@dataclass
class MergeStats:
    """Batch-wide counts the merge weighs shared actors, places and words by.

    ``n`` mentions; ``df`` how many of them name each key (``a:`` actor, ``r:``
    perpetrator, ``t:`` target, ``p:`` place, ``w:`` content word). Its size
    grows with the vocabulary, not with the number of mentions.
    """

    n: int = 0
    df: Counter = field(default_factory=Counter)

    def add(self, keys: Iterable[str]) -> None:
        self.n += 1
        self.df.update(keys)

    def add_features(self, features: tuple) -> None:
        """Count a mention by its sentence features (:func:`sentence_features`, :func:`features_from_record`)."""
        self.add(_sentence_stat_keys(features))


def merge_stats(mentions: Iterable[EventMention], *, rules: MergeRules | None = None) -> MergeStats:
    """Count, in one pass over ``mentions`` (any order), what :func:`merge_stream` needs first."""
    rules = rules or default_rules()
    stats = MergeStats()
    said: dict = {}
    for i, m in enumerate(mentions):
        if len(said) > 50_000:
            said.clear()
        stats.add(_stat_keys(_features(m, i, rules, said)))
    return stats


@dataclass
class StreamCounters:
    """What a windowed merge kept in memory, window by window.

    ``windows``: ``(year, mentions read, events created, events alive at the
    window's end, events let go)`` per window; ``live_peak``: the most events
    alive at once.
    """

    windows: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    live_peak: int = 0
    events: int = 0


def merge(
    mentions: Iterable[EventMention],
    *,
    existing: pd.DataFrame | None = None,
    rules: MergeRules | None = None,
    features: SentenceFeatures | None = None,
    processes: int = 1,
) -> list[Event]:
    """Merge event mentions into events, ordered by ``date_start`` then ``event_id``.

    ``existing`` is an earlier event table (or event-mentions table): events
    whose mentions it already placed keep their ``event_id`` and gain the new
    sources, so adding articles never renumbers earlier events.
    ``features``, computed ahead for these mentions under the same rules,
    saves reading their sentences again (any missing entry is computed).

    The same windowed merge as :func:`merge_stream`, over a batch held in memory.
    Mentions of types that can never be one event (no chain of compatible
    types joins them, ``type_compatibility.csv``) never meet, so with
    ``processes`` > 1 those groups of types are merged side by side, in
    processes forked from this one (where the platform forks), with the same
    events as one process gives.
    """
    rules = rules or (features.rules if features is not None else default_rules())
    if features is not None and features.rules is not rules:
        raise ValueError("features were computed under other merge rules")
    with cyclic_gc_paused():
        ms = sorted(mentions, key=_doc_order)
        said: dict = features.said if features is not None else {}
        feats = [_features(m, i, rules, said) for i, m in enumerate(ms)]
        del said, ms
        stats = MergeStats()
        for f in feats:
            stats.add(_stat_keys(f))
        feats.sort(key=_window)
        spec = _Specificity(stats.n, stats.df, rules)
        digests = features.digests if features is not None else {}
        years = list(dict.fromkeys(map(_window, feats)))  # every window, in order: each part visits them all
        parts = _type_parts(feats, rules, processes)
        forked = [_ForkedPart.start(part, years, rules, spec, digests) for part in parts[1:]]
        built = _built_part(parts[0], years, rules, spec, digests) if parts else []
        for part, fork in zip(parts[1:], forked):
            got = fork.result(part) if fork is not None else None
            built += got if got is not None else _built_part(part, years, rules, spec, digests)
        built.sort(key=lambda x: x[0])
        events = [e for _, e in built]
        _assign_ids(events, existing)
        events.sort(key=lambda e: (e.date_start or "9999", e.event_id))
    return events


def _merge_part(feats: list[_Features], years: list[int], rules: MergeRules, spec: _Specificity,
                digests: dict) -> list[_Cluster]:
    """The events of ``feats`` (ordered by window), every window of ``years`` visited in turn."""
    merger = _Merger(rules, spec, digests=digests)
    done: list[_Cluster] = []
    for year, batch in _by_window(iter(feats), years):
        done.extend(merger.window(year, batch))
    done.extend(merger.finish())
    return done


def _type_parts(feats: list[_Features], rules: MergeRules, n: int) -> list[list[_Features]]:
    """``feats`` in at most ``n`` parts (each ordered as ``feats``) whose event types never meet
    (:func:`type_groups`)."""
    if n <= 1 or not feats:
        return [feats] if feats else []
    groups = type_groups(Counter(f.m.event_type for f in feats), rules, n)
    part_of = {t: i for i, group in enumerate(groups) for t in group}
    parts: list[list[_Features]] = [[] for _ in groups]
    for f in feats:
        parts[part_of[f.m.event_type]].append(f)
    return parts


def _built_part(feats: list[_Features], years: list[int], rules: MergeRules, spec: _Specificity,
                digests: dict) -> list[tuple[int, Event]]:
    """The events of one part, built, each with the ``idx`` that orders it among the events of every part."""
    return [(c.idx, _build_event(c, rules)) for c in _merge_part(feats, years, rules, spec, digests)]


class _ForkedPart:
    """One part of a merge (:func:`_built_part`) running in a process forked from this one."""

    def __init__(self, proc, receive) -> None:
        self.proc, self.receive = proc, receive

    @classmethod
    def start(cls, feats: list[_Features], years: list[int], rules: MergeRules, spec: _Specificity,
              digests: dict) -> _ForkedPart | None:
        """The part started in a forked process; None where processes are not forked (merge it here then)."""
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)

        def work() -> None:
            try:
                # the events go back with their mentions as numbers (the calling process holds the mentions)
                order = {id(f.m): f.order for f in feats}
                built = [(idx, replace(e, mentions=[order[id(m)] for m in e.mentions]))
                         for idx, e in _built_part(feats, years, rules, spec, digests)]
                data = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # the calling process merges this part itself
                data = b""
            send.send_bytes(data)
            send.close()

        proc = ctx.Process(target=work, daemon=True)
        proc.start()
        send.close()
        return cls(proc, receive)

    def result(self, feats: list[_Features]) -> list[tuple[int, Event]] | None:
        """The part's built events, with the mentions of ``feats`` (the part's); None when the process failed
        (merge the part here then)."""
        try:
            data = self.receive.recv_bytes()
            built = pickle.loads(data) if data else None
        except (EOFError, OSError):
            return None
        finally:
            self.receive.close()
            self.proc.join()
        if built is not None:
            mention = {f.order: f.m for f in feats}
            for _, e in built:
                e.mentions = [mention[k] for k in e.mentions]
        return built


def merge_stream(
    mentions: Iterable[EventMention],
    *,
    existing: pd.DataFrame | Callable[[list[EventMention]], pd.DataFrame | None] | None = None,
    rules: MergeRules | None = None,
    stats: MergeStats | None = None,
    counters: StreamCounters | None = None,
    with_features: bool = False,
    given: GivenIds | None = None,
) -> Iterator[Event]:
    """Merge mentions read in :func:`stream_key` order, yielding each event once it is final.

    Mentions are taken a window (a calendar year of :func:`stream_key`) at a
    time. After each window, every event no later mention can reach any more
    is let go: its second pass is run, it is built, given its id and yielded
    (events of one window come ordered by ``date_start`` then ``event_id``).
    Memory holds one window of mentions and the events still within reach,
    however long the stream.

    ``stats`` are the batch counts of :func:`merge_stats` over the same
    mentions (a first pass); they may be left out when ``mentions`` is a list.
    ``existing`` gives earlier ids as in :func:`merge`: the earlier table, or
    a function that, given the mentions of the events about to be yielded,
    returns the rows of the earlier table for their documents (so the stream
    never holds the whole table). ``counters``, when given, is filled as
    windows pass. With ``with_features`` every item of ``mentions`` is a pair
    ``(mention, sentence features)``, the features as
    :func:`features_from_record` gives them back, or None to compute them.
    ``given`` keeps the ids given so far (:class:`GivenIds`; a set by default).

    Raises ValueError when a mention comes from an earlier window than the one before it.
    """
    rules = rules or default_rules()
    if stats is None:
        if not isinstance(mentions, (list, tuple)):
            raise TypeError("merge_stream needs stats=merge_stats(...) to read a one-pass iterable")
        stats = merge_stats([item[0] for item in mentions] if with_features else mentions, rules=rules)
    items = mentions if with_features else ((m, None) for m in mentions)
    steps = part_steps(items, rules=rules, stats=stats, counters=counters)
    yield from _paused_between(join_steps([steps], existing=existing, rules=rules, given=given))


def _paused_between(batches: Iterator[list[Event]]) -> Iterator[Event]:
    """The events of ``batches``, the cyclic collector paused while a batch is made (as in :func:`merge`), but
    never while the caller holds an event."""
    gc_was_on = gc.isenabled()
    while True:
        gc.disable()
        try:
            batch = next(batches, None)
        finally:
            if gc_was_on:
                gc.enable()
        if batch is None:
            return
        yield from batch


def _windows(items: Iterable[tuple[EventMention, tuple | None]], rules: MergeRules,
             years: list[int] | None = None) -> Iterator[tuple[int, list[_Features]]]:
    """The features of ``items`` (pairs of a mention and its sentence features or None, in :func:`stream_key`
    order) a window at a time: every window of ``years`` in turn, empty ones too, or, without ``years``,
    every window that holds a mention.

    Raises ValueError when a mention comes from an earlier window than the one before it, or (with
    ``years``) from a window not listed.
    """
    def read() -> Iterator[_Features]:
        said: dict = {}
        year = None
        for seq, (m, pre) in enumerate(items):
            f = _features(m, (*_doc_order(m), seq), rules, said, pre)
            w = _window(f)
            if year is not None and w != year:
                if w < year:
                    raise ValueError(f"mention {m.mention_id} (window {w}) after window {year}: "
                                     "read mentions ordered by stream_key")
                said = {}
            year = w
            yield f

    return _by_window(read(), years)


def _by_window(feats: Iterator[_Features], years: list[int] | None = None) -> Iterator[tuple[int, list[_Features]]]:
    """``feats`` (ordered by window) a window at a time, as :func:`_windows` gives them."""
    f = next(feats, None)
    listed = iter(years) if years is not None else None
    while True:
        if listed is not None:
            year = next(listed, None)
            if year is None:
                break
        elif f is None:
            return
        else:
            year = _window(f)
        batch: list[_Features] = []
        while f is not None and _window(f) == year:
            batch.append(f)
            f = next(feats, None)
        if f is not None and _window(f) < year:
            raise ValueError(f"mention {f.m.mention_id} (window {_window(f)}) is in no window listed before {year}")
        yield year, batch
    if f is not None:
        raise ValueError(f"mention {f.m.mention_id} (window {_window(f)}) is in no window listed")


def order_key(c: _Cluster) -> tuple:
    """Where event ``c`` goes among the events of a stream, by its first mention: as its ``idx`` orders it
    among those the same merger made (rank and day, window, then document order), but comparable with the
    events of other parts of the stream (:func:`part_steps`)."""
    f = c.members[0]
    return (c.idx >> 40, _window(f), f.order)


def part_steps(items: Iterable[tuple[EventMention, tuple | None]], *, rules: MergeRules, stats: MergeStats,
               years: list[int] | None = None,
               counters: StreamCounters | None = None) -> Iterator[list[tuple[tuple, Event]]]:
    """Merge a stream (as :func:`_windows` reads it) a window at a time; yield, after each window and once
    more at the end, the events let go, built, each with its :func:`order_key`.

    Given ``years`` (every window of the whole stream), it merges a part of a stream: the mentions of a
    group of types no other part's types can join (:func:`type_groups`). Each part visits every window, so
    its events are let go after the same windows as in the whole stream, and :func:`join_steps` puts the
    steps of all parts back together as the events of the whole stream.
    """
    merger = _Merger(rules, _Specificity(stats.n, stats.df, rules), counters)
    for year, feats in _windows(items, rules, years):
        yield [(order_key(c), _build_event(c, rules)) for c in merger.window(year, feats)]
    yield [(order_key(c), _build_event(c, rules)) for c in merger.finish()]


def join_steps(parts: list[Iterator[list[tuple[tuple, Event]]]], *,
               existing: pd.DataFrame | Callable[[list[EventMention]], pd.DataFrame | None] | None = None,
               rules: MergeRules | None = None, given: GivenIds | None = None) -> Iterator[list[Event]]:
    """The events of each step of ``parts`` (iterators of :func:`part_steps` over the parts of one stream,
    visiting the same windows), together: ordered as one merger would have made them, given their ids
    (``existing`` and ``given`` as in :func:`merge_stream`), then ordered by ``date_start`` and ``event_id``."""
    ids = _IdAssigner(existing, given)
    for steps in zip(*parts, strict=True):
        keyed = [x for step in steps for x in step]
        keyed.sort(key=lambda x: x[0])
        events = [e for _, e in keyed]
        ids.assign(events)
        events.sort(key=lambda e: (e.date_start or "9999", e.event_id))
        yield events


def type_groups(counts: dict[str, int], rules: MergeRules, n: int) -> list[list[str]]:
    """The event types of ``counts`` (mentions by type) in at most ``n`` parts whose types never meet: the
    groups of types joined by a chain of compatible types, spread over the parts by size, the largest first
    (each part's types sorted)."""
    group: dict[str, str] = {}  # type -> a representative of its group (union-find)

    def find(t: str) -> str:
        while group.setdefault(t, t) != t:
            t = group[t]
        return t

    for t in counts:
        for o in rules.compatible_types(t):
            a, b = find(t), find(o)
            if a != b:
                group[max(a, b)] = min(a, b)
    sizes = Counter()
    for t, k in counts.items():
        sizes[find(t)] += k
    loads = [0] * max(1, min(n, len(sizes)))
    part_of: dict[str, int] = {}
    for root, size in sorted(sizes.items(), key=lambda x: (-x[1], x[0])):
        i = loads.index(min(loads))
        part_of[root] = i
        loads[i] += size
    parts: list[list[str]] = [[] for _ in loads]
    for t in sorted(counts):
        parts[part_of[find(t)]].append(t)
    return [p for p in parts if p]


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while merging.

    The merge allocates many small sets, tuples and lists that live until it
    ends and form (almost) no reference cycles; the collector would otherwise
    walk the growing heap again and again (a quarter of the time on large
    batches). Memory is still freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Merger:
    """The merge, one window at a time: the events alive, their index, and what the second pass needs.

    Mentions of a window are visited finest date first, then by date, then in
    document order. An event's ``idx`` is made of the rank, day and document
    order of the mention that started it, so events compare as if the whole
    batch had been visited at once, finest date first (ties go to the lower
    ``idx``).

    Reach, from the weights: a mention whose date ends in year Y reaches
    events whose dates end in year ``Y - reported_lookback_years`` or later
    (a ``reported`` mention looks back that far; a day or a week reaches
    ``fine_span_days - 1 + date_tolerance_days`` days back, a month or a
    season ``month_span_days``; a period of more years than the lookback
    reaches no further back either). An event dated only by its article ages
    the same way. After window Y, an event no later window can reach
    (:meth:`reach` at most Y) goes through its second pass, in which it may
    join an event it is ``near`` that is still within reach (that one may be
    joined, but joins another only in its own turn), and is let go. Mentions
    with no date at all come last, after every dated event is let go, and
    merge among themselves.
    """

    def __init__(self, rules: MergeRules, spec: _Specificity, counters: StreamCounters | None = None,
                 digests: dict[str, bytes] | None = None):
        self.rules, self.spec, self.counters = rules, spec, counters
        self.digests = digests  # sentence digests computed ahead (SentenceFeatures), filled as the merge goes
        w = rules.weights
        self.threshold = w["threshold"]
        self.lookback = int(w["reported_lookback_years"])
        self.fine_reach = int(w["fine_span_days"]) - 1 + int(w["date_tolerance_days"])
        self.month_reach = int(w["month_span_days"]) - 1
        self.index = _Index(rules)
        self.clusters: dict[int, _Cluster] = self.index.clusters
        self.near: dict[int, set[int]] = defaultdict(set)  # events a mention could have joined, by the event it went to
        self.tried: dict[int, dict[int, int]] = {}  # event started by a mention -> events it fell short of, and their sizes then
        self.read = 0  # mentions read so far
        self._reach: dict[int, int] = {}

    @staticmethod
    def _idx(f: _Features, local: int) -> int:
        start = _NO_START if f.start is None else min(f.start, _NO_START)
        return (((f.rank << 30) + start) << 40) + local

    def window(self, year: int, feats: list[_Features]) -> list[_Cluster]:
        """Visit the mentions of window ``year``; return the events let go after it."""
        if year == _UNDATED_YEAR:
            out = self.finish()
        else:
            out = []
        created = self._first_pass(feats)
        out.extend(self._let_go(year))
        if self.counters is not None:
            self.counters.windows.append((year, len(feats), created, len(self.clusters), len(out)))
        return out

    def finish(self) -> list[_Cluster]:
        """Let every event go."""
        return self._let_go(None)

    def _first_pass(self, feats: list[_Features]) -> int:
        rules, spec, threshold = self.rules, self.spec, self.threshold
        clusters, index, near, tried = self.clusters, self.index, self.near, self.tried
        if all(type(f.order) is int for f in feats):  # numbered in document order over the whole batch
            local = {id(f): f.order for f in feats}
        else:  # numbered in document order within the window, after the windows before
            local = {id(f): self.read + i for i, f in enumerate(sorted(feats, key=lambda f: f.order))}
        self.read += len(feats)
        visit = sorted(feats, key=lambda f: (f.rank, _NO_START if f.start is None else f.start, local[id(f)]))
        copies: dict[tuple, tuple[int, str]] = {}  # a sentence telling an event, as worded -> its event and first mention
        digests = self.digests
        created = 0
        for f in visit:
            key = _copy_key(f.m, digests)
            seen = copies.get(key)
            if seen is not None:
                # the same sentence in another article (a syndicated copy) or repeated: the same event
                c = clusters[seen[0]]
                c.reasons.append(f"{c.members[0].m.mention_id} <- {f.m.mention_id} (1.00): same sentence as {seen[1]}, "
                                 f"type {f.m.event_type}, date {f.m.date}")
                c.add(f)
                index.add(c, f)
                continue
            best: tuple[float, int] | None = None
            fits: list[int] = []
            for idx in index.candidates(f):
                scored = _score(f, clusters[idx], rules, spec, explain=False)
                if scored is None:
                    continue
                fits.append(idx)
                s = scored[0]
                if s >= threshold and (best is None or s > best[0] + 1e-9 or (abs(s - best[0]) <= 1e-9 and idx < best[1])):
                    best = (s, idx)
            if best is None:
                c = _Cluster.new(self._idx(f, local[id(f)]), f)
                clusters[c.idx] = c
                created += 1
                if fits:
                    tried[c.idx] = {idx: len(clusters[idx].members) for idx in fits}
            else:
                s, idx = best
                c = clusters[idx]
                why = _score(f, c, rules, spec, explain=True)[1]
                anchor = c.members[0].m.mention_id
                c.reasons.append(f"{anchor} <- {f.m.mention_id} ({s:.2f}): {', '.join(why)}")
                c.add(f)
            index.add(c, f)
            copies[key] = (c.idx, f.m.mention_id)
            for idx in fits:
                if idx != c.idx:
                    near[idx].add(c.idx)
                    near[c.idx].add(idx)
        if self.counters is not None:
            self.counters.live_peak = max(self.counters.live_peak, len(clusters))
        return created

    def reach(self, c: _Cluster) -> int:
        """The last window whose mentions may still join event ``c``."""
        if c.end is None:
            return _UNDATED_YEAR
        found = self._reach.get(c.end)
        if found is None:
            found = self._reach[c.end] = self._reach_from(c.end)
        return found

    def _reach_from(self, day: int) -> int:
        """The last window whose mentions may still join an event whose date ends on ``day``."""
        last = date.max.toordinal()
        end = date.fromordinal(day)
        end_of_month = date(end.year, end.month, calendar.monthrange(end.year, end.month)[1]).toordinal()
        return max(end.year + self.lookback,
                   date.fromordinal(min(last, day + self.fine_reach)).year,
                   date.fromordinal(min(last, end_of_month + self.month_reach)).year)

    def _let_go(self, year: int | None) -> list[_Cluster]:
        """The events beyond the reach of every window after ``year`` (all when None), after their second pass."""
        clusters, near = self.clusters, self.near
        if year is None:
            gone = set(clusters)
        else:
            gone = {i for i, c in clusters.items() if self.reach(c) <= year}
        if not gone:
            return []
        # the events still within reach that the second pass may join them to
        linked = {j for i in gone for j in near.get(i, ()) if j not in gone}
        part = {i: clusters[i] for i in sorted(gone | linked)}
        sizes = {j: len(clusters[j].members) for j in linked}
        left = _regroup(part, near, self.rules, self.spec, self.tried, movers=gone)
        for j in sorted(linked):  # an event still within reach that took mentions in: index what they bring
            c = clusters[j]
            for f in c.members[sizes[j]:]:
                self.index.add(c, f)
        kept = [c for c in left if c.idx in gone]
        for i in gone:
            near.pop(i, None)
            self.tried.pop(i, None)
        for j in linked:
            if j in near:
                near[j] -= gone
        self.index.drop(gone)
        if self.counters is not None:
            self.counters.events += len(kept)
        return kept


def _regroup(clusters: dict[int, _Cluster], near: dict[int, set[int]], rules: MergeRules,
             spec: _Specificity, tried: dict[int, dict[int, int]] | None = None,
             movers: set[int] | None = None) -> list[_Cluster]:
    """Second pass: a small event joins a larger one when its mentions, taken together, fit it.

    The first pass is greedy: a mention that came before the rest of its
    event's mentions was compared with what the event then held (one source, a
    wrong place) and may have started an event of its own. Each event of at
    most ``regroup_max_size`` mentions, smallest first, is scored again as one
    mention (what its mentions say together, :func:`_consensus`) against the
    events that one of its mentions, or a mention of theirs, could have joined
    in the first pass (``near``); it joins the best one it reaches the
    threshold with, provided none of its mentions is ruled out there (another
    date, an incompatible type). ``tried`` spares scoring a one-mention event
    again against an event its mention already fell short of, when that event
    has not grown since.

    ``clusters`` (by ``idx``) must hold every event ``near`` links them to.
    Only events of ``movers`` (all when None) may join another; the others
    may only be joined. Returns the events left, in ``idx`` order.
    """
    w = rules.weights
    tried = tried or {}
    threshold = w["threshold"]
    limit = int(w.get("regroup_max_size", 3))
    alive = dict.fromkeys(clusters, True)
    home = {i: i for i in clusters}

    def find(i: int) -> int:
        while home[i] != i:
            home[i] = home[home[i]]
            i = home[i]
        return i

    order = sorted(clusters if movers is None else movers, key=lambda i: (len(clusters[i].members), i))
    for i in order:
        small = clusters[i]
        n = len(small.members)
        if n > limit or not near.get(i):
            continue
        cands = {find(j) for j in near[i]}
        whole = _consensus(small) if n > 1 else small.members[0]
        known = tried.get(i, {}) if n == 1 else {}
        best: tuple[float, int] | None = None
        for j in sorted(cands):
            if j == i or not alive[j] or len(clusters[j].members) < n:
                continue
            big = clusters[j]
            if known.get(j) == len(big.members):
                continue  # scored as it is now in the first pass, and fell short
            scored = _score(whole, big, rules, spec, explain=False)
            if scored is None or scored[0] < threshold:
                continue
            if n > 1 and any(_score(f, big, rules, spec, explain=False) is None for f in small.members):
                continue  # one of its mentions cannot be that event (another date, an incompatible type)
            if best is None or scored[0] > best[0] + 1e-9:
                best = (scored[0], j)
        if best is None:
            continue
        big = clusters[best[1]]
        anchor = big.members[0].m.mention_id
        s, why = _score(whole, big, rules, spec, explain=True)
        for f in small.members:
            others = [g.m.mention_id for g in small.members if g is not f]
            together = [f"together with {'+'.join(others)}"] if others else []
            big.reasons.append(f"{anchor} <- {f.m.mention_id} ({s:.2f}): {', '.join(together + why)}")
        for f in small.members:
            big.add(f)
        big.reasons.extend(small.reasons)
        alive[i] = False
        home[i] = best[1]
        near.setdefault(best[1], set()).update(near.get(i, ()))
    return [c for i, c in clusters.items() if alive[i]]


def _sentence_digest(sentence: str) -> bytes:
    """A digest of a sentence as worded, whatever its case and spacing."""
    return hashlib.blake2b(" ".join(sentence.lower().split()).encode("utf-8"), digest_size=16).digest()


def _copy_key(m: EventMention, digests: dict[str, bytes] | None = None) -> tuple:
    """What makes two mentions copies of one another: the same sentence (as worded), trigger, type and date.

    ``digests`` keeps the sentences' digests already computed, by sentence.
    """
    digest = None if digests is None else digests.get(m.sentence)
    if digest is None:
        digest = _sentence_digest(m.sentence)
        if digests is not None:
            digests[m.sentence] = digest
    return (digest, m.trigger_start - m.char_start, m.trigger.lower(), m.event_type, m.date or "", m.date_start or "",
            m.date_end or "", m.precision or "")


def _consensus(c: _Cluster) -> _Features:
    """What an event's mentions say together, as one mention: their date, the
    most common type, every actor and word, the place most of them name near
    their trigger."""
    members = c.members
    types = Counter(f.m.event_type for f in members)
    top = max(types.values())
    rep = min((f for f in members if types[f.m.event_type] == top), key=lambda f: (f.rank, f.order))
    places = Counter(f.place for f in members if f.place and f.place_near) or Counter(f.place for f in members if f.place)
    place = min(places, key=lambda p: (-places[p], p)) if places else ""
    country = next((f.country for f in members if f.place == place and f.country), rep.country)
    return _Features(
        m=rep.m, order=rep.order, start=c.start, end=c.end, reported=c.reported, rank=min(f.rank for f in members),
        perps=frozenset(c.perps), targets=frozenset(c.targets), victims=frozenset(c.victims),
        actors=frozenset(c.actors), place=place, country=country, place_up=frozenset(c.place_up),
        words=frozenset(c.words), place_near=bool(place) and place in c.near_places, family=rep.family,
    )


def _mention_key(m: EventMention) -> str:
    return f"{m.doc_id}:{m.char_start}:{m.trigger}"


def content_id(m: EventMention) -> str:
    """The id an event gets from its earliest mention: ``ev-`` + 10 hex digits."""
    return "ev-" + hashlib.sha1(_mention_key(m).encode("utf-8")).hexdigest()[:10]


def _assign_ids(events: list[Event], existing: pd.DataFrame | None) -> None:
    """Give every event its id: an earlier one when ``existing`` placed its mentions, else its content id."""
    _IdAssigner(existing).assign(events)


class GivenIds(Protocol):
    """The event ids a merge has given so far (an id given once is never given again): a ``set`` by
    default. A store keeps them in a table of its own instead (``timeline.store``), so that a merge of
    millions of events holds none of them in memory. ``prefetch``, when it is there, is told the ids about
    to be asked about, before each batch of events is given its ids."""

    def __contains__(self, eid: object) -> bool: ...

    def add(self, eid: str) -> None: ...


class _IdAssigner:
    """Event ids, batch after batch: an id given once is never given again.

    ``existing`` is the earlier table, or a function giving, for a batch's
    mentions, the rows of the earlier table of their documents (read batch by
    batch, so a long stream never holds the whole table). ``given`` keeps the
    ids given (a new ``set`` when None; see :class:`GivenIds`).
    """

    def __init__(self, existing: pd.DataFrame | Callable[[list[EventMention]], pd.DataFrame | None] | None,
                 given: GivenIds | None = None):
        self.fetch = existing if callable(existing) else None
        self.known, self.old_ids = _existing_ids(None if self.fetch else existing)
        self.used: GivenIds = set() if given is None else given

    def assign(self, events: list[Event]) -> None:
        """Give every event of ``events`` its id: an earlier one when its mentions had one, else its content id."""
        if not events:
            return
        if self.fetch is not None:
            self.known, self.old_ids = _existing_ids(self.fetch([m for e in events for m in e.mentions]))
        known, old_ids, used = self.known, self.old_ids, self.used
        firsts = [min(e.mentions, key=lambda m: (m.doc_id, m.char_start, m.trigger)) for e in events]
        cids = [content_id(first) for first in firsts]
        olds = [[_lookup(known, m) for m in e.mentions] if known else [] for e in events]
        prefetch = getattr(used, "prefetch", None)
        if prefetch is not None:
            prefetch({*cids, *(old for ids in olds for old in ids if old)})
        taken: dict[int, str] = {}
        # an event whose content id was already in use keeps it (the same earliest mention)
        for i, cid in enumerate(cids):
            if cid in old_ids and cid not in used:
                taken[i] = cid
                used.add(cid)
        claims: list[tuple[int, str, int]] = []
        for i in range(len(events)):
            if i in taken or not known:
                continue
            votes: Counter = Counter()
            for old in olds[i]:
                if old and old not in used:
                    votes[old] += 1
            claims.extend((-n, old, i) for old, n in votes.items())
        # the strongest claims first: an earlier id goes to the event holding most of its mentions
        for _, old, i in sorted(claims):
            if i not in taken and old not in used:
                taken[i] = old
                used.add(old)
        for i, e in enumerate(events):
            if i in taken:
                e.event_id = taken[i]
                continue
            eid = cids[i]
            n = 1
            while eid in used or (eid in old_ids and n == 1):  # a split of an earlier event: a fresh id
                n += 1
                eid = "ev-" + hashlib.sha1(f"{_mention_key(firsts[i])}#{n}".encode("utf-8")).hexdigest()[:10]
            e.event_id = eid
            used.add(eid)


def _norm_space(text: str) -> str:
    return " ".join(str(text).split())


def _lookup(known: dict, m: EventMention) -> str | None:
    sentence = _norm_space(m.sentence)
    for key in ((m.mention_id, m.trigger_start), m.mention_id, (m.doc_id, sentence, m.event_type), (m.doc_id, sentence)):
        ids = known.get(key)
        if ids and len(ids) == 1:
            return next(iter(ids))
    return None


def _existing_ids(existing: pd.DataFrame | None) -> tuple[dict, set[str]]:
    """Earlier event ids by mention (id and trigger offset) and by (doc id, evidence sentence[, type])."""
    known: dict = defaultdict(set)
    if existing is None or len(existing) == 0 or "event_id" not in existing.columns:
        return known, set()
    old_ids = {e for e in existing["event_id"] if isinstance(e, str)}
    names = ("event_id", "mention_id", "trigger_start", "sentence", "doc_id", "event_type", "doc_ids", "evidence")
    n = len(existing)
    columns = [existing[c].tolist() if c in existing.columns else [None] * n for c in names]
    for values in zip(*columns):
        r = dict(zip(names, values))
        eid = r.get("event_id")
        if not isinstance(eid, str):
            continue
        mid, trig = r.get("mention_id"), r.get("trigger_start")
        if isinstance(mid, str):
            known[mid].add(eid)
            try:
                known[(mid, int(trig))].add(eid)
            except (TypeError, ValueError):
                pass
            if isinstance(r.get("sentence"), str):
                sentence = _norm_space(r["sentence"])
                known[(r.get("doc_id"), sentence, r.get("event_type"))].add(eid)
                known[(r.get("doc_id"), sentence)].add(eid)
        docs, evid = r.get("doc_ids"), r.get("evidence")
        if isinstance(docs, str) and isinstance(evid, str):
            for d, sentence in zip(docs.split(LIST_SEP), evid.split(EVIDENCE_SEP)):
                sentence = _norm_space(sentence)
                known[(d, sentence, r.get("event_type"))].add(eid)
                known[(d, sentence)].add(eid)
    return known, old_ids


# --------------------------------------------------------------------------- building the event


def _build_event(c: _Cluster, rules: MergeRules) -> Event:
    members = sorted(c.members, key=lambda f: f.order)
    mentions = [f.m for f in members]
    # the most precise date; among equally precise ones the most common, then the earliest mention
    finest = min(f.rank for f in members)
    top = [f for f in members if f.rank == finest]
    counts = Counter((f.m.date, f.m.date_start, f.m.date_end) for f in top)
    chosen = min(top, key=lambda f: (-counts[(f.m.date, f.m.date_start, f.m.date_end)], f.order))
    disagreements = _date_disagreements(members, chosen)

    types = Counter(m.event_type for m in mentions)
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    event_type = min(types, key=lambda t: (-types[t], order.get(t, len(order)), t))
    first_of_type = next(m for m in mentions if m.event_type == event_type)

    actors = list(dict.fromkeys(a for m in mentions for a in m.actor_names))
    perps = list(dict.fromkeys(a for m in mentions for a in m.actors_in("perpetrator")))
    targets = list(dict.fromkeys(a for m in mentions for a in m.actors_in("target")))
    disagreements += _perpetrator_disagreements(mentions)
    # places named near their trigger locate the event; the others only when no mention names one near
    located = [f.m for f in members if f.place and f.place_near]
    location, country = _choose_place(located or mentions, rules)
    killed, note_k = _casualty_total(mentions, "killed")
    wounded, note_w = _casualty_total(mentions, "wounded")
    disagreements += [n for n in (note_k, note_w) if n]

    ev = Event(
        event_id="",
        date=chosen.m.date,
        date_start=chosen.m.date_start,
        date_end=chosen.m.date_end,
        precision=chosen.m.precision,
        date_mod=chosen.m.date_mod or "",
        event_type=event_type,
        title="",
        trigger=first_of_type.trigger,
        actors=actors,
        perpetrators=perps,
        targets=targets,
        location=location,
        country=country,
        killed=killed,
        wounded=wounded,
        mentions=mentions,
        merge_reasons=list(c.reasons),
        disagreements=disagreements,
    )
    ev.title = make_title(ev, rules)
    return ev


def _clean(note: str) -> str:
    return note.replace(LIST_SEP, ", ")


def _date_disagreements(members: list[_Features], chosen: _Features) -> list[str]:
    notes = []
    cs, ce = chosen.start, chosen.end
    if chosen.reported or cs is None:
        return notes
    for f in members:
        if f.reported or f.start is None:
            continue
        if f.start > ce or f.end < cs:
            said = f.m.time.text if f.m.time is not None else f.m.date
            notes.append(_clean(f"date: {f.m.mention_id} says {f.m.date} ({said}), event dated {chosen.m.date}"))
    return notes


def _perpetrator_disagreements(mentions: list[EventMention]) -> list[str]:
    per_doc: dict[str, set[str]] = {}
    for m in mentions:
        p = set(m.actors_in("perpetrator"))
        if p:
            per_doc.setdefault(m.doc_id, set()).update(p)
    if len(per_doc) < 2:
        return []
    sets = list(per_doc.values())
    if set.intersection(*sets):
        return []
    groups: dict[str, list[str]] = {}
    for d, p in per_doc.items():
        groups.setdefault(_plus(p), []).append(d)
    if len(groups) < 2:
        return []
    return [_clean("perpetrator: " + " vs ".join(f"{k} [{', '.join(v)}]" for k, v in groups.items()))]


def _choose_place(mentions: list[EventMention], rules: MergeRules) -> tuple[str, str]:
    """The finest place the mentions name (a place inside another wins), then the most named."""
    places = Counter(m.location for m in mentions if m.location)
    if not places:
        countries = Counter(m.country for m in mentions if m.country)
        return ("", countries.most_common(1)[0][0]) if countries else ("", "")
    countries_named = {m.country for m in mentions if m.country and m.country != m.location}
    containing = {a for p in places for a in rules.ancestors(p) if a != p}
    finer = [p for p in places if p not in countries_named and p not in containing] or list(places)
    first_seen = {p: i for i, p in reversed(list(enumerate(m.location for m in mentions)))}
    location = min(finer, key=lambda p: (-places[p], first_seen[p]))
    country = next((m.country for m in mentions if m.location == location and m.country), "")
    if not country:
        country = next((m.country for m in mentions if m.country), "")
    return location, country


def casualty_text(c: Casualty) -> str:
    """A casualty figure as stated: its text, else ``qualifier count group``."""
    if c.text:
        return c.text
    return " ".join(x for x in (c.qualifier, str(c.count), c.group) if x)


def _source_total(cas: list[Casualty]) -> int:
    """One source's total: figures for different groups add up; the same
    group (or the same number told twice) counts once, at its highest."""
    by_group: dict[str, int] = {}
    for c in cas:
        key = (c.group or "").lower().strip()
        by_group[key] = max(by_group.get(key, 0), c.count)
    counts: dict[int, str] = {}
    for g, n in by_group.items():
        counts.setdefault(n, g)  # the same number for two group names is one group
    return sum(counts)


def _casualty_total(mentions: list[EventMention], kind: str) -> tuple[int | None, str]:
    per_doc: dict[str, list[Casualty]] = {}
    for m in mentions:
        for c in m.casualties:
            if c.kind == kind and c.count is not None and c.count >= 0:
                per_doc.setdefault(m.doc_id, []).append(c)
    if not per_doc:
        return None, ""
    totals = {d: _source_total(cs) for d, cs in per_doc.items()}
    low = min(totals.values())
    if len(set(totals.values())) < 2:
        return low, ""
    by_total: dict[int, list[str]] = {}
    for d, cs in per_doc.items():
        stated = ", ".join(dict.fromkeys(casualty_text(c) for c in cs))
        by_total.setdefault(totals[d], []).append(f"{d}: {stated}")
    parts = [f"{n} [{' | '.join(srcs)}]" for n, srcs in by_total.items()]
    return low, _clean(f"{kind}: " + " vs ".join(parts))


# --------------------------------------------------------------------------- titles


def make_title(event: Event, rules: MergeRules | None = None) -> str:
    """A short headline from type, perpetrator, target and place.

    ``Taliban kill ISIS-K plotter in Afghanistan`` (a verb when the target is a
    named person or a described one), ``ISIS-K bombing at Abbey Gate``,
    ``Withdrawal in Afghanistan``. Nouns and verbs per event type come from
    ``resources/merge/event_types.csv``.
    """
    rules = rules or default_rules()
    phrase = rules.event_types.get(event.event_type) or rules.event_types.get("other") or {}
    noun = phrase.get("noun") or event.trigger or event.event_type.replace("_", " ")
    refs = [a for m in event.mentions for a in m.actors]
    perp = event.perpetrators[0] if event.perpetrators else ""
    target = next((t for t in event.targets if t != perp), "")
    place = event.location or event.country
    prep = rules.prepositions.get(rules.place_kind(place), "in") if place else ""
    named_target = any(a.name == target and a.role == "target" and (a.kind == "person" or a.title) for a in refs)
    if perp and target and phrase.get("verb") and (named_target or not place):
        kind = next((a.kind for a in refs if a.name == perp), "")
        verb = phrase["verb"] if (kind == "armed_group" or perp.endswith("s")) else (phrase.get("verb_s") or phrase["verb"])
        title = f"{perp} {verb} {_target_phrase(target, refs)}"
        if place and place not in title:
            title += f" {prep} {place}"
        return title
    if perp:
        title = f"{perp} {noun}"
    elif target:
        title = f"{noun[:1].upper()}{noun[1:]} against {_target_phrase(target, refs)}"
    else:
        title = noun[:1].upper() + noun[1:]
    if place and place not in title:
        title += f" {prep} {place}"
    return title


def _target_phrase(name: str, refs: list[ActorRef]) -> str:
    for a in refs:
        if a.name == name and a.role == "target" and a.title and a.kind != "person":
            return f"{name} {a.title}"
    return name
