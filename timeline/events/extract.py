"""Assembly: from a document and its time mentions to event mentions.

One pass over the sentences. In each sentence the triggers are found
(``triggers``), unreal ones dropped (``modality``), each is dated by the time
expression of its own clause (``anchoring``), triggers that share a date are
one event (its type is the most specific one: a bombing before a killing
before a statement), actors get roles (``roles``), the finest place
(``gazetteer``) and the casualty figures (``casualties``) are attached.

A sentence with no date of its own that continues the previous sentence's
event ("The blast killed the governor ...", "ISIS-K claimed responsibility
for the attack.") adds its actors and figures to that event, and the
evidence spans both sentences.

Events with no time mention of their own: see ``extract``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache, partial
from sys import intern

from timeline.document import Document
from timeline.events.actors import ActorLexicon, ActorMatch, find_candidates, load_lexicon, person_details
from timeline.events.anchoring import anchors_event, intervenes, recent_period, score
from timeline.events.casualties import CasualtyMatch, find_casualties
from timeline.events.clauses import Clauses, tokens_between
from timeline.events.gazetteer import Gazetteer, PlaceMatch, best_place, load_gazetteer
from timeline.events.modality import SentenceModality
from timeline.events.model import ActorRef, EventMention
from timeline.events.resources import default_list
from timeline.events.roles import assign_roles, speaker_of
from timeline.events.sentences import Sentence, split_sentences
from timeline.events.triggers import TriggerLexicon, TriggerMatch, load_triggers
from timeline.temporal.mention import TimeMention
from timeline.temporal.timex import precision as timex_precision

# Most specific type first: when several triggers share one date, the event takes the first type here.
TYPE_PRIORITY = (
    "bombing", "airstrike", "execution", "killing", "armed_clash", "takeover", "arrest", "withdrawal",
    "agreement", "founding", "visit", "other", "report", "statement",
)
_TYPE_RANK = {t: i for i, t in enumerate(TYPE_PRIORITY)}
VIOLENT = frozenset({"bombing", "airstrike", "execution", "killing", "armed_clash"})
HARM = VIOLENT | {"other"}  # "other" holds disasters and accidents, which kill too
WEAK_MIN_SCORE = 45.0  # a weak trigger ("said", "report") needs a date attached in its own clause
STRONG_MIN_SCORE = 12.0

_DEFAULTS: dict[str, object] = {}


# Patterns of the helpers below, compiled once.
_POSSESSIVE_END = re.compile(r"['’]s?$")


def default_lexicon() -> ActorLexicon:
    if "lexicon" not in _DEFAULTS:
        _DEFAULTS["lexicon"] = load_lexicon(gazetteer=default_gazetteer())
    return _DEFAULTS["lexicon"]  # type: ignore[return-value]


def default_gazetteer() -> Gazetteer:
    if "gazetteer" not in _DEFAULTS:
        _DEFAULTS["gazetteer"] = load_gazetteer()
    return _DEFAULTS["gazetteer"]  # type: ignore[return-value]


def extract(
    doc: Document,
    timexes: Sequence[TimeMention],
    lexicon: ActorLexicon | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    triggers: TriggerLexicon | None = None,
    undated: str = "drop",
) -> list[EventMention]:
    """Event mentions of ``doc``, each dated by one of ``timexes`` (found in ``doc.text``).

    Events without a time mention of their own (``undated``):

    An event noun marked as in progress ("the ongoing evacuation operations",
    ``resources/ongoing_markers.txt``) is happening at the publication date
    and is placed there with precision ``reported`` under either rule.

    - ``"drop"`` (default): they are left out. A sentence without a date
      that continues the previous sentence's event still adds its actors and
      casualty figures to it.
    - ``"reported"``: a concrete happening (strong trigger, past tense, a
      named actor, not hypothetical) is kept at the publication date with
      precision ``reported`` (date = date_start = date_end = DCT); others are
      dropped. Without a publication date they are dropped too.

    ``drop`` is the default because, measured on the seed gold, ``reported``
    adds events of which none is a right one (see ``resources/README.md``).
    """
    text = doc.text
    lexicon = lexicon or default_lexicon()
    gazetteer = gazetteer or default_gazetteer()
    triggers = triggers or load_triggers()
    ctx = _DocContext(doc, timexes, lexicon, gazetteer, triggers)
    out: list[EventMention] = []
    pending: list[tuple[Sentence, _Dating | None]] = []  # sentences with undated happenings another sentence may date
    prev_events: list[EventMention] = []
    last_statement: tuple[EventMention, int] | None = None  # the last dated statement and its sentence number
    for k, sent in enumerate(split_sentences(text)):
        events, leftovers = _sentence_events(ctx, sent)
        # (the cheap conditions first: which leftovers are real is found out only when needed)
        if not events and leftovers.candidates:
            ev = _ongoing_event(ctx, sent, leftovers)
            if ev is not None:
                events = [ev]
        if not events and last_statement is not None:
            ev = _same_occasion_statement(ctx, sent, *last_statement, k)
            if ev is not None:
                events = [ev]
        if not events and prev_events and leftovers and _continues(sent, leftovers):
            _extend(ctx, prev_events[-1], sent, leftovers)
            continue
        if not events and prev_events and prev_events[-1].time is not None and leftovers and _follows_on(sent.text):
            ev = _sequel_event(ctx, sent, leftovers, prev_events[-1].time)
            if ev is not None:
                events = [ev]
        if not events and undated == "reported" and leftovers:
            ev = _reported_event(ctx, sent, leftovers)
            if ev is not None:
                events = [ev]
        if not events and leftovers.candidates and leftovers.first_real(
                lambda t: t.event_type in COREFERENT_TYPES and
                _TEMPORAL_CLAUSE.search(sent.text, max(0, t.start - 40), t.start)) is not None:
            pending.append((sent, leftovers.dating))
        out.extend(events)
        prev_events = events
        for ev in events:
            if ev.event_type in ("statement", "report") and ev.time is not None:
                last_statement = (ev, k)
    if pending:
        out = _with_coreferent_events(ctx, out, pending)
    return out


# an event named as the time of another: "after they seized control of the country", "when the army took over"
_TEMPORAL_CLAUSE = re.compile(
    r"\b(?:after|when|before|since|following|until|once)\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\b(?:they|it|he|she)\s+(?:had\s+|have\s+|has\s+)?$", re.IGNORECASE)


def _agents(text: str, clauses: Clauses, tr: TriggerMatch, actors: Sequence[ActorMatch]) -> set[str]:
    """Who did ``tr``: its perpetrators, or, for a pronoun subject ("after they seized control"), the
    perpetrator or the last group named before it in the sentence."""
    roles = assign_roles(text, clauses, tr, actors)
    out = {actors[i].name for i, r in roles.items() if r == "perpetrator"}
    if not out and _PRONOUN_SUBJECT.search(text, max(0, tr.start - 20), tr.start):
        before = [a for a in actors if a.end <= tr.start and a.kind not in _PERSONISH]
        if before:
            out.add(before[-1].name)
    return out


# Types whose undated mention can be the same happening as a dated event of the document with the same actor.
COREFERENT_TYPES = frozenset({"bombing", "airstrike", "execution", "killing", "armed_clash", "takeover", "withdrawal",
                              "agreement", "founding"})


def _with_coreferent_events(ctx: _DocContext, out: list[EventMention],
                            pending: Sequence[tuple[Sentence, _Dating | None]]) -> list[EventMention]:
    """Undated mentions of a happening the document dates elsewhere: "... released from prison by the Taliban
    after they seized control of the country", where another sentence tells of "the Taliban's August
    takeover". A trigger takes the date of the one dated event of the document with its type and a
    perpetrator named in its sentence; what the sentence tells around it is then dated as usual (here:
    the release, after the takeover)."""
    known: dict[str, dict[str, tuple[TimeMention, set[str]]]] = {}
    for ev in out:
        if ev.time is None or ev.date_mod or ev.event_type not in COREFERENT_TYPES:
            continue
        perps = set(ev.actors_in("perpetrator"))
        if perps:
            known.setdefault(ev.event_type, {}).setdefault(ev.date, (ev.time, set()))[1].update(perps)
    if not known:
        return out
    added = []
    for sent, dating in pending:
        events, _ = _sentence_events(ctx, sent, coreferent=known, dating=dating)
        added.extend(events)
    if not added:
        return out
    return sorted(out + added, key=lambda e: (e.char_start, e.trigger_start))


def _ongoing_event(ctx: _DocContext, sent: Sentence, leftovers: _Leftovers) -> EventMention | None:
    """"the ongoing evacuation operations": an event noun marked as in progress is happening at the
    publication date; it is placed there with precision ``reported``."""
    if not ctx.doc.published:
        return None
    rx = _ongoing_pattern()
    tr = leftovers.first_real(lambda t: t.pos == "noun" and rx.search(sent.text, max(0, t.start - 40), t.start))
    if tr is None:
        return None
    g = _Group(None)
    g.triggers = [tr]
    cas = find_casualties(sent.text) if tr.event_type in VIOLENT else []
    ev = _make_event(ctx, sent, Clauses(sent.text), g, ctx.local_actors(sent), cas)
    for k, v in _date_fields(None, ctx.doc.published[:10]).items():
        setattr(ev, k, v)
    return ev


@lru_cache(maxsize=1)
def _ongoing_pattern() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(default_list("ongoing_markers.txt"), key=len, reverse=True))
    return re.compile(r"\b(?:" + words + r")\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


SAME_OCCASION_SENTENCES = 6


def _same_occasion_statement(ctx: _DocContext, sent: Sentence, prev: EventMention, prev_k: int,
                             k: int) -> EventMention | None:
    """"Gen. Kenneth McKenzie, Commander of CENTCOM, added, ...": an undated statement verb that answers or
    extends a statement reported a few sentences before, in the same paragraph, shares its date."""
    sequel = _sequel_verbs()
    if k - prev_k > SAME_OCCASION_SENTENCES or not any(t.text.lower() in sequel for t in ctx.sentence_triggers(sent)):
        return None
    verbs = [t for t in ctx.local_triggers(sent) if t.text.lower() in sequel]
    if not _sequel_pattern().search(sent.text) or "\n\n" in ctx.text[prev.char_end:sent.start]:
        return None
    actors = ctx.local_actors(sent)
    tr = verbs[0]
    speakers = [a for a in actors if a.kind in _PERSONISH and (
        a.end <= tr.start and tokens_between(sent.text, a.end, tr.start) <= 12
        or a.start >= tr.end and tokens_between(sent.text, tr.end, a.start) <= 1)]
    if not speakers or SentenceModality(sent.text).at(tr.start):
        return None
    return _sequel_event(ctx, sent, [tr], prev.time)


@lru_cache(maxsize=1)
def _sequel_pattern() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(_sequel_verbs(), key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _sequel_verbs() -> frozenset[str]:
    return frozenset(w.lower() for w in default_list("sequel_statements.txt"))


# --------------------------------------------------------------------------- document context


class _DocContext:
    def __init__(self, doc: Document, timexes: Sequence[TimeMention], lexicon: ActorLexicon, gazetteer: Gazetteer,
                 triggers: TriggerLexicon):
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        listed = lexicon.find_in_document(self.text)
        taken = [(a.start, a.end) for a in listed]
        cands = find_candidates(self.text, taken)
        actors = sorted(listed + cands, key=lambda a: a.start)
        actors += _surname_mentions(self.text, actors, lexicon, gazetteer)
        self.actors = sorted(actors, key=lambda a: a.start)
        self.actor_starts = [a.start for a in self.actors]
        self._places: dict[tuple[int, int], list[PlaceMatch]] = {}  # by sentence, found on first use
        self._places_of_text = gazetteer.places_of(self.text)
        self.dct = _iso_day(doc.published)
        usable = []
        for t in timexes:
            if anchors_event(t, self.text):
                usable.append(t)
            else:
                period = recent_period(t, self.text, self.dct)
                if period is not None:
                    usable.append(period)
        self.times = _coordinated_periods(self.text, sorted(usable, key=lambda t: t.start))
        self.time_starts = [t.start for t in self.times]
        self.all_times = sorted(timexes, key=lambda t: t.start)
        self.all_time_starts = [t.start for t in self.all_times]
        self.triggers = triggers.find(self.text)
        self.trigger_starts = [t.start for t in self.triggers]
        self._details: dict[int, tuple[str, str]] = {}

    def local_actors(self, sent: Sentence) -> list[ActorMatch]:
        """Actors of one sentence, with offsets relative to it."""
        s0, hi = sent.start, sent.end
        i = bisect.bisect_left(self.actor_starts, s0)
        j = bisect.bisect_left(self.actor_starts, hi, i)
        return [ActorMatch(a.start - s0, a.end - s0, a.surface, a.name, a.kind, a.parent)
                for a in self.actors[i:j] if a.end <= hi] if i < j else []

    def sentence_triggers(self, sent: Sentence) -> list[TriggerMatch]:
        """Triggers of one sentence, with offsets into the document."""
        return self.in_span(self.triggers, self.trigger_starts, sent.start, sent.end)

    def local_triggers(self, sent: Sentence) -> list[TriggerMatch]:
        """Triggers of one sentence, with offsets relative to it."""
        return _relative(self.sentence_triggers(sent), sent.start)

    def in_span(self, items, starts, lo, hi):
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi, i)
        return [x for x in items[i:j] if x.end <= hi] if i < j else []

    def places_in(self, lo: int, hi: int) -> list[PlaceMatch]:
        """The places named in ``text[lo:hi]`` (a sentence)."""
        places = self._places.get((lo, hi))
        if places is None:
            places = self._places[lo, hi] = self._places_of_text.within(lo, hi)
        return places

    def details_at(self, kind: str, start: int, end: int) -> tuple[str, str]:
        """Title and affiliation of the actor of ``kind`` at ``text[start:end]`` (people only)."""
        if kind not in _PERSONISH:
            return "", ""
        if start not in self._details:
            self._details[start] = person_details(self.text, start, end, self.actors)
        return self._details[start]

    def parent_kind(self, name: str) -> str:
        e = self.lexicon.entry(name)
        return e.kind if e else "state"


def _relative(triggers: Sequence[TriggerMatch], s0: int) -> list[TriggerMatch]:
    """``triggers`` with offsets relative to ``s0`` (the start of their sentence)."""
    return [TriggerMatch(t.start - s0, t.end - s0, t.text, t.lemma, t.pos, t.event_type, t.strength) for t in triggers]


_PERSONISH = ("person", "candidate")


_COORDINATION = re.compile(r"\s+(?:and|to|through|until)\s+|\s*[-–]\s*")


def _coordinated_periods(text: str, times: list[TimeMention]) -> list[TimeMention]:
    """"in 2019 and early 2020", "from May to July": two dates joined by "and"/"to" are one period, from
    the first day of the first to the last day of the second (precision ``interval``)."""
    out: list[TimeMention] = []
    for t in times:
        prev = out[-1] if out else None
        if (prev is not None and _COORDINATION.fullmatch(text, prev.end, t.start) and prev.mod != "AFTER"
                and prev.first_day is not None and t.last_day is not None and prev.first_day < t.last_day
                and "/" not in prev.value and "/" not in t.value and prev.type == t.type == "DATE"):
            out[-1] = TimeMention(prev.start, t.end, text[prev.start:t.end], "DATE", f"{prev.value}/{t.value}", None,
                                  prev.first_day, t.last_day, prev.anchor, "interval")
            continue
        out.append(t)
    return out


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _surname_mentions(text: str, actors: list[ActorMatch], lexicon: ActorLexicon, gazetteer: Gazetteer) -> list[ActorMatch]:
    """Later mentions of a person by surname alone ("Kurilla", "Mr. Smith")."""
    surnames: dict[str, ActorMatch] = {}
    for a in actors:
        if a.kind not in _PERSONISH:
            continue
        toks = _POSSESSIVE_END.sub("", a.name).split()
        if len(toks) < 2:
            continue
        last = toks[-1]
        if len(last) < 3 or not last[0].isupper() or last in lexicon.aliases or gazetteer.lookup(last):
            continue
        surnames.setdefault(last, a)
    if not surnames:
        return []
    covered = bytearray(len(text) + 1)
    for a in actors:
        covered[a.start:a.end] = b"\x01" * (a.end - a.start)
    out = []
    for s, e, name in _surname_spans(text, list(surnames)):
        if 1 in covered[s:e]:
            continue
        ref = surnames[name]
        out.append(ActorMatch(s, e, text[s:e], ref.name, ref.kind, ref.parent))
    return out


_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr)\.\s+")
_WORDISH = re.compile(r"[\w-]")


def _honorific_before(text: str, q: int) -> int | None:
    """Where the honorific ending at ``q`` starts (``_HONORIFIC.match(text, p).end() == q``), found by
    scanning back from ``q``; None when there is none."""
    if q < len(text) and text[q].isspace():
        return None  # (the white space after an honorific runs on)
    j = q
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == q or j < 3 or text[j - 1] != ".":
        return None
    if j >= 4 and text.startswith("Mrs", j - 4):
        return j - 4
    return j - 3 if text[j - 3:j - 1] in ("Mr", "Ms", "Dr") else None


def _surname_spans(text: str, names: list[str]) -> list[tuple[int, int, str]]:
    """Whole-word mentions of ``names`` (the first listed wins where several fit), each with an optional
    honorific before it ("Mr. ", "Dr. ") and a possessive after it ("’s"), left to right without
    overlaps, as (start, end, name)."""
    starts: set[int] = set()
    for name in names:
        i = text.find(name)
        while i >= 0:
            starts.add(i)
            i = text.find(name, i + 1)
    if not starts:
        return []
    # an honorific matters only right before a name
    starts.update([p for p in map(partial(_honorific_before, text), starts) if p is not None])

    def wordish(i: int) -> bool:
        return i < len(text) and _WORDISH.match(text, i) is not None

    def name_at(q: int) -> tuple[int, str] | None:
        for name in names:
            if not text.startswith(name, q):
                continue
            e = q + len(name)
            if e < len(text) and text[e] in "'’":
                if text.startswith("s", e + 1) and not wordish(e + 2):
                    return e + 2, name
                if not wordish(e + 1):
                    return e + 1, name
            if not wordish(e):
                return e, name
        return None

    out = []
    last = 0
    for p in sorted(starts):
        if p < last or (p and wordish(p - 1)):
            continue
        hit = None
        h = _HONORIFIC.match(text, p)
        if h is not None:
            hit = name_at(h.end())
        if hit is None:
            hit = name_at(p)
        if hit is not None:
            out.append((p, hit[0], hit[1]))
            last = hit[0]
    return out


# --------------------------------------------------------------------------- one sentence


class _Group:
    def __init__(self, time: TimeMention | None):
        self.time = time
        self.triggers: list[TriggerMatch] = []
        self.scores: dict[int, float] = {}  # how strongly each trigger binds the date

    @property
    def main(self) -> TriggerMatch:
        return min(self.triggers, key=lambda t: (_TYPE_RANK.get(t.event_type, len(TYPE_PRIORITY)), t.pos != "verb",
                                                 -self.scores.get(id(t), -1e9), t.start))

    def main_in(self, text: str) -> TriggerMatch:
        """The trigger that names the event: the most specific type, except that a happening named as the
        subject of a violent verb keeps its own type ("An earthquake ... killing 157", "The blast killed")."""
        trigs = sorted(self.triggers, key=lambda t: t.start)
        for i, n in enumerate(trigs):
            if n.pos != "noun" or n.strength != "strong" or n.event_type in ("statement", "report"):
                continue
            nxt = trigs[i + 1] if i + 1 < len(trigs) else None
            if nxt is not None and nxt.pos == "verb" and nxt.event_type in VIOLENT and \
                    tokens_between(text, n.end, nxt.start) <= SUBJECT_MAX_TOKENS:
                return n
        return self.main


class _Unreal:
    """Whether a trigger of one sentence is unreal (``modality``), the sentence's modal words found on
    first use."""

    def __init__(self, sentence: str):
        self.sentence = sentence
        self._modality: SentenceModality | None = None
        self._answers: dict[int, bool] = {}

    def __call__(self, tr: TriggerMatch) -> bool:
        answer = self._answers.get(tr.start)
        if answer is None:
            if self._modality is None:
                self._modality = SentenceModality(self.sentence)
            answer = self._answers[tr.start] = bool(self._modality.at(tr.start))
        return answer


class _Dating:
    """How the triggers of one sentence are dated (offsets relative to the sentence): its times, its
    triggers outside names and dates, the groups of triggers that share a date (by the date's ``id``),
    the strong triggers without a date of their own and the weak verbs without one."""

    def __init__(self, times: list, trigs: list[TriggerMatch], unreal: _Unreal, clauses: Clauses):
        self.times = times
        self.trigs = trigs
        self.unreal = unreal
        self.clauses = clauses
        self.groups: dict[int, _Group] = {}
        self.undated: list[TriggerMatch] = []  # real or not
        self.weak_verbs: list[int] = []  # they matter (when real) only next to a dated event


def _date_triggers(ctx: _DocContext, sent: Sentence) -> _Dating | None:
    """The dating of the triggers of one sentence; None when it has no trigger that can make an event."""
    s0 = sent.start
    sentence_triggers = ctx.sentence_triggers(sent)
    if not sentence_triggers:
        return None
    times = [(t.start - s0, t.end - s0, t) for t in ctx.in_span(ctx.times, ctx.time_starts, s0, sent.end)]
    if not times and all(t.strength != "strong" for t in sentence_triggers):
        return None  # a weak trigger ("said") makes an event only with a date in the sentence
    local_triggers = _relative(sentence_triggers, s0)
    blocked = [(x.start - s0, x.end - s0)
               for items, starts in ((ctx.actors, ctx.actor_starts), (ctx.all_times, ctx.all_time_starts))
               for x in ctx.in_span(items, starts, s0, sent.end)]  # names and dates
    trigs = []
    for t in local_triggers:
        ts, te = t.start, t.end
        for a, b in blocked:
            if a < te and ts < b:
                break  # inside a name or a date
        else:
            trigs.append(t)
    if not trigs:
        return None
    # unreal triggers (predictions, conditions, denials) still hold their dates, but make no event
    unreal = _Unreal(sent.text)
    clauses = Clauses(sent.text)
    dating = _Dating(times, trigs, unreal, clauses)

    # score every (trigger, time) pair; each date belongs to the trigger that binds it best, and
    # other triggers share it only when it sits in their own clause too
    scored: dict[int, tuple[TimeMention | None, float]] = {}
    owner: dict[int, tuple[int, float]] = {}
    for i, tr in enumerate(trigs):
        best, best_s = None, float("-inf")
        for a, b, tm in times:
            sc = score(sent.text, clauses, tr, a, b, trigs)
            if sc > best_s:
                best, best_s = tm, sc
            if id(tm) not in owner or owner[id(tm)][1] < sc:
                owner[id(tm)] = (i, sc)
        scored[i] = (best, best_s)
    for i, tr in enumerate(trigs):
        tm, sc = scored[i]
        if tm is not None and owner[id(tm)][0] != i and (
            sc < WEAK_MIN_SCORE or intervenes(tr, *_span_of(times, tm), trigs, sent.text)
        ):
            tm = None  # the date is another trigger's; this one shares it only inside its own clause
        need = WEAK_MIN_SCORE if tr.strength == "weak" else STRONG_MIN_SCORE
        if tm is not None and "/" in tm.value:
            need = WEAK_MIN_SCORE  # a period ("over the past two decades") dates only a trigger of its own clause
        if tm is None or sc < need:
            if tr.strength == "strong":
                dating.undated.append(tr)
            elif tr.pos == "verb":
                dating.weak_verbs.append(i)
            continue
        if unreal(tr):
            continue
        if ctx.dct is not None and tm.first_day > ctx.dct:
            continue  # dated wholly after publication: a plan or a forecast, not a happening
        g = dating.groups.setdefault(id(tm), _Group(tm))
        g.triggers.append(tr)
        g.scores[id(tr)] = sc
    return dating


def _sentence_events(ctx: _DocContext, sent: Sentence, coreferent: dict | None = None,
                     dating: _Dating | None = None):
    """Dated events of one sentence, and the real but undated triggers left over.

    ``coreferent`` (type -> date value -> (time, perpetrators)): dated events of the document, whose date an
    undated trigger of the same type takes when exactly one of them has a perpetrator named in the sentence.
    ``dating``: the sentence's ``_date_triggers``, when known (it dated nothing: see ``_Leftovers.dating``).
    """
    if dating is None:
        dating = _date_triggers(ctx, sent)
        if dating is None:
            return [], _NO_LEFTOVERS
    times, trigs, unreal, clauses = dating.times, dating.trigs, dating.unreal, dating.clauses
    undated, weak_verbs = dating.undated, dating.weak_verbs
    if not dating.groups and not coreferent:
        return [], _Leftovers(undated, unreal, dating)  # nothing dated here for the undated triggers to join
    groups = dict(dating.groups)
    actors = ctx.local_actors(sent)
    # an undated violent trigger joins the dated violent event of its sentence ("..., in which 13 were killed")
    leftovers = []
    for tr in undated:
        if unreal(tr):
            continue
        host = _host_group(sent.text, groups.values(), tr, trigs)
        if host is not None:
            host.triggers.append(tr)
        else:
            leftovers.append(tr)
    coreferent_agents: dict[int, set[str]] = {}
    if coreferent:
        for tr in list(leftovers):
            if tr.event_type not in coreferent or not _TEMPORAL_CLAUSE.search(sent.text, max(0, tr.start - 40), tr.start):
                continue
            agents = _agents(sent.text, clauses, tr, actors)
            twins = [tm for tm, perps in coreferent[tr.event_type].values() if perps & agents]
            if len(twins) == 1:
                g = _Group(twins[0])
                g.triggers = [tr]
                groups[(id(twins[0]), "coreferent", tr.start)] = g
                coreferent_agents[id(g)] = agents
                leftovers.remove(tr)
    # verbs that happened after a dated event of the sentence ("After the bombing ..., Biden vowed")
    after_main = [trigs[i] for i in weak_verbs if not unreal(trigs[i])] if groups else []
    fronted = _after_fronted_event(sent.text, times, groups, after_main + [t for t in leftovers if t.pos == "verb"],
                                   leftovers)
    trailing = _before_trailing_event(sent.text, clauses, groups, after_main + [t for t in leftovers if t.pos == "verb"],
                                      leftovers)
    _split_during(sent.text, groups, leftovers)
    _consequences(sent.text, groups, leftovers)

    events = []
    casualties = find_casualties(sent.text) if groups and any(t.event_type in HARM for t in trigs) else []
    ordered = sorted(groups.values(), key=lambda g: g.main.start)
    casualty_group = _casualty_owner(ordered, casualties)
    for g in ordered:
        own = actors
        if fronted is not None and g is fronted[0]:
            own = [a for a in actors if a.end <= fronted[1]]  # the main clause's people are not the fronted event's
        elif id(g) in trailing:
            own = [a for a in actors if a.end <= trailing[id(g)]]  # nor are the "after" clause's people the later event's
        elif id(g) in coreferent_agents:
            own = [a for a in actors if a.name in coreferent_agents[id(g)]]  # only who did it: it is told elsewhere
        else:
            p = _trailing_phrase_start(sent.text, g, trigs)
            if p is not None:
                own = [a for a in actors if a.start >= p]  # "X became evident after the Taliban's takeover"
        ev = _make_event(ctx, sent, clauses, g, own, casualties if g is casualty_group else [], sources=trigs)
        events.append(ev)
    return events, _Leftovers(leftovers)


class _Leftovers:
    """The real but undated strong triggers of a sentence, in text order (a read-only sequence).

    Made from ``candidates`` and the ``unreal`` test, it asks the test only when first read, or
    (``first_real``) only for the candidates a caller is interested in: most sentences without a
    date of their own make no event whichever of their triggers are real."""

    def __init__(self, candidates: list[TriggerMatch], unreal: _Unreal | None = None, dating: _Dating | None = None):
        self.candidates = candidates
        self.dating = dating  # of a sentence that dated nothing, to date its triggers again by other events
        self._unreal = unreal
        self._real: list[TriggerMatch] | None = None if unreal is not None else candidates

    @property
    def real(self) -> list[TriggerMatch]:
        if self._real is None:
            self._real = [t for t in self.candidates if not self._unreal(t)]
        return self._real

    def first_real(self, wanted) -> TriggerMatch | None:
        """The first real trigger for which ``wanted(trigger)`` holds (asked first), or None."""
        for t in self.candidates:
            if wanted(t) and (self._unreal is None or not self._unreal(t)):
                return t
        return None

    def __iter__(self):
        return iter(self.real)

    def __len__(self) -> int:
        return len(self.real)

    def __getitem__(self, k):
        return self.real[k]


_NO_LEFTOVERS = _Leftovers([])


JOIN_MAX_TOKENS = 18
SUBJECT_MAX_TOKENS = 12


def _host_group(text: str, groups, tr: TriggerMatch, trigs: Sequence[TriggerMatch]) -> _Group | None:
    """The dated event an undated trigger belongs to: a harm right after it ("the bombing ... that killed 13"),
    or the violent verb it is the subject of ("An airstrike killed 12 ... on Monday")."""
    if tr.event_type not in HARM:
        return None
    best, best_gap = None, JOIN_MAX_TOKENS + 1
    for g in groups:
        for t in g.triggers:
            if tr.event_type in VIOLENT and t.event_type in HARM and t.end <= tr.start:
                gap = tokens_between(text, t.end, tr.start)
            elif tr.pos == "verb" and t.pos == "noun" and t.event_type in HARM and tr.end <= t.start and \
                    _IN_OCCASION.search(text, max(0, t.start - 60), t.start):
                gap = tokens_between(text, tr.end, t.start)  # "killed 24 people ... in its most notorious attack"
            elif tr.pos == "noun" and t.pos == "verb" and t.event_type in VIOLENT and tr.end <= t.start:
                gap = tokens_between(text, tr.end, t.start)
                if gap > SUBJECT_MAX_TOKENS or any(tr.end <= o.start < t.start for o in trigs):
                    continue  # the noun is the subject of the nearest verb only
            else:
                continue
            if gap < best_gap:
                best, best_gap = g, gap
    return best


_IN_OCCASION = re.compile(r"\b(?:in|during)\s+(?:its|their|his|her|the|a|an|this|that)\s+(?:[\w-]+\s+){0,3}$",
                          re.IGNORECASE)
_AFTER_OPENER = re.compile(r"^\W*(?:After|Following)\b")


def _after_fronted_event(text: str, times, groups: dict, verbs: Sequence[TriggerMatch], leftovers: list
                         ) -> tuple[_Group, int] | None:
    """"After the bombing on Thursday, ..., President Joe Biden vowed": the main-clause verb happened after
    the dated event of the fronted phrase; it gets that date with the modifier AFTER.

    Returns the fronted event's group and where the main clause starts (its actors are not the fronted
    event's), or None."""
    if not verbs or not _AFTER_OPENER.match(text):
        return None
    first_comma = text.find(",")
    for _, end, tm in times:
        g = groups.get(id(tm))
        comma = text.find(",", end)
        if g is None or comma < 0 or comma != first_comma or not any(t.start < comma for t in g.triggers):
            continue  # the date must belong to an event of the fronted phrase, before its first comma
        after = replace(tm, mod="AFTER")
        hosted = {id(t) for t in g.triggers}
        main_start = None
        for tr in verbs:
            if tr.start > comma and id(tr) not in hosted:
                groups.setdefault(id(after), _Group(after)).triggers.append(tr)
                if main_start is None:
                    main_start = text.rfind(",", 0, tr.start) + 1
                if tr in leftovers:
                    leftovers.remove(tr)
        return (g, main_start) if main_start else None
    return None


_TRAILING_TIME_WORD = re.compile(r"\b(?:after|following|before)\b", re.IGNORECASE)


def _trailing_phrase_start(text: str, g: _Group, trigs: Sequence[TriggerMatch]) -> int | None:
    """Where the "after/before ..." phrase holding a noun event starts, when the clause it ends names no
    happening of its own ("The depth of the relationship became evident after the Taliban's August
    takeover"): the people of that clause are not the event's actors. None otherwise."""
    if not g.triggers or any(t.pos != "noun" for t in g.triggers):
        return None
    first = min(t.start for t in g.triggers)
    m = None
    for m in _TRAILING_TIME_WORD.finditer(text, 0, first):
        pass
    if m is None or m.start() == 0 or tokens_between(text, m.end(), first) > 6:
        return None
    if any(t.start < m.start() for t in trigs) or not text[:m.start()].strip(" “\"‘'"):
        return None
    return m.start()


_AFTER_WORD = re.compile(r"\s*(?:after|following)\b", re.IGNORECASE)


def _before_trailing_event(text: str, clauses: Clauses, groups: dict, verbs: Sequence[TriggerMatch],
                           leftovers: list) -> dict[int, int]:
    """"he took over the helm of al Qaeda after Navy Seals dispatched bin Laden in the spring of 2011": an
    undated verb whose clause ends in "after <dated event>" happened after it; it gets that date with the
    modifier AFTER.

    Returns, for each group made so (by ``id``), where its clause ends: the people of the "after" clause
    are the earlier event's."""
    limits: dict[int, int] = {}
    if not groups:
        return limits
    for tr in verbs:
        if any(tr in g.triggers for g in groups.values()):
            continue
        m = _AFTER_WORD.match(text, clauses.end_of(tr.end - 1))
        if not m:
            continue
        for key, g in list(groups.items()):
            if g.time is None or g.time.mod or not g.triggers or min(t.start for t in g.triggers) < m.end():
                continue
            if tokens_between(text, m.end(), min(t.start for t in g.triggers)) > SUBJECT_MAX_TOKENS:
                continue
            after = replace(g.time, mod="AFTER")
            host = groups.setdefault((key, "after"), _Group(after))
            host.triggers.append(tr)
            limits[id(host)] = m.start()
            if tr in leftovers:
                leftovers.remove(tr)
            break
    return limits


_CONSEQUENCE = re.compile(
    r"\b(?:prompting|prompted|triggering|triggered|sparking|sparked|leading to|led to|resulting in|"
    r"provoking|provoked)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _consequences(text: str, groups: dict, leftovers: list) -> None:
    """"... carried out the 9/11 attacks, prompting the U.S.-led invasion": what a dated event brought
    about happened after it, so it gets that date with the modifier AFTER."""
    if not groups:
        return
    for tr in list(leftovers):
        if tr.pos != "noun" or not _CONSEQUENCE.search(text, max(0, tr.start - 60), tr.start):
            continue
        causes = [g for g in groups.values() if g.time is not None and any(t.end <= tr.start for t in g.triggers)]
        if not causes:
            continue
        cause = max(causes, key=lambda g: max(t.end for t in g.triggers if t.end <= tr.start))
        after = replace(cause.time, mod="AFTER")
        g = _Group(after)
        g.triggers = [tr]
        groups[(id(cause.time), "after", tr.start)] = g
        leftovers.remove(tr)


_DURING = re.compile(r"\b(?:during|amid|amidst|in the midst of)\b", re.IGNORECASE)


def _split_during(text: str, groups: dict, leftovers: list) -> None:
    """"troops were evacuating allies during the rushed August 2021 withdrawal": a happening inside
    another is its own event, with the same date."""
    for tr in list(leftovers):
        for key, g in list(groups.items()):
            outer = [t for t in g.triggers if t.start > tr.end and t.pos == "noun"]
            if outer and _DURING.search(text, tr.end, outer[0].start) and \
                    tokens_between(text, tr.end, outer[0].start) <= SUBJECT_MAX_TOKENS:
                inner = _Group(g.time)
                inner.triggers = [tr]
                groups[(key, "during", tr.start)] = inner
                leftovers.remove(tr)
                break
    for key, g in list(groups.items()):
        if len(g.triggers) < 2:
            continue
        trigs = sorted(g.triggers, key=lambda t: t.start)
        for k in range(len(trigs) - 1):
            t1, t2 = trigs[k], trigs[k + 1]
            if t2.pos == "noun" and _DURING.search(text, t1.end, t2.start):
                inner = _Group(g.time)
                inner.triggers = trigs[: k + 1]
                g.triggers = trigs[k + 1:]
                groups[(key, "during", t1.start)] = inner
                break


def _span_of(times, tm) -> tuple[int, int]:
    for a, b, t in times:
        if t is tm:
            return a, b
    return -1, -1


def _casualty_owner(groups: list[_Group], casualties) -> _Group | None:
    if not casualties or not groups:
        return None
    # "other" (a disaster, an accident) kills as a noun ("the earthquake"); "released" or "elected" do not
    violent = [g for g in groups if any(t.event_type in VIOLENT and t.strength == "strong"
                                        or t.event_type == "other" and t.pos == "noun" for t in g.triggers)]
    if not violent:
        return None
    first = casualties[0].start
    return min(violent, key=lambda g: min(abs(t.start - first) for t in g.triggers))


_APPOSITIVE_GAP = re.compile(r"\s*(?:,[^,;:“”\"]{1,80},)?\s*")


def _attribution(text: str, a: ActorMatch, verb: TriggerMatch) -> bool:
    """True for the shape of an attribution: "Mr. Smith said", "Graeme Smith, a senior analyst, said",
    "said Asfandyar Mir"."""
    if a.end <= verb.start:
        return bool(_APPOSITIVE_GAP.fullmatch(text, a.end, verb.start))
    return not text[verb.end:a.start].strip()


_POSSESSIVE_PRONOUN = re.compile(r"^(?:its|their)\b", re.IGNORECASE)


def _actor_refs(ctx: _DocContext, sent_text: str, clauses: Clauses, trigs: Sequence[TriggerMatch],
                actors: Sequence[ActorMatch], s0: int, casualties: Sequence[CasualtyMatch] = ()) -> list[ActorRef]:
    roles: dict[int, str] = {}
    for tr in trigs:
        for i, r in assign_roles(sent_text, clauses, tr, actors).items():
            if r != "participant" and roles.get(i, "participant") == "participant":
                roles[i] = r
            roles.setdefault(i, r)
    # "killed 13 U.S. service members": an actor named in a casualty figure is on the victims' side,
    # unless the sentence already names the victim of this event; "28 of its fighters": the group before
    named_victim = "target" in roles.values()
    for c in casualties:
        inside = [i for i, a in enumerate(actors) if c.start <= a.start < c.end] if not named_victim else []
        if not inside and _POSSESSIVE_PRONOUN.search(c.casualty.group):
            # "the Taliban saying at least 28 of its fighters ... died": "its" is the group named before
            inside = [i for i, a in enumerate(actors) if a.end <= c.start and a.kind not in _PERSONISH][-1:]
        for i in inside:
            if roles.get(i, "participant") == "participant":
                roles[i] = "target"
    details = {}
    for i, a in enumerate(actors):
        details[i] = ctx.details_at(a.kind, a.start + s0, a.end + s0)
    # an organization known only as a person's affiliation ("a fellow at Acme Institute") is not an actor
    affiliations = {aff for title, aff in details.values() if aff}
    refs: list[ActorRef] = []
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(actors):
        role = roles.get(i, "participant")
        title, aff = details[i]
        if a.kind == "candidate" and role == "participant" and a.name in affiliations:
            continue
        if a.parent:
            # a government body stands for its state: "the Pentagon said" -> United States (affiliation Pentagon)
            if (a.parent, role) not in seen:
                seen.add((a.parent, role))
                refs.append(ActorRef(a.parent, role, ctx.parent_kind(a.parent), intern(a.surface), a.start + s0,
                                     affiliation=a.name))
            continue
        key = (a.name, role)
        if key not in seen:
            seen.add(key)
            refs.append(ActorRef(a.name, role, a.kind, intern(a.surface), a.start + s0, title, aff))
    # one actor, one role: the most specific (perpetrator or target) wins over participant
    best: dict[str, ActorRef] = {}
    for r in refs:
        cur = best.get(r.name)
        if cur is None or (cur.role == "participant" and r.role != "participant"):
            best[r.name] = r
    return [r for r in refs if best[r.name] is r]


def _hides_place(a: ActorMatch) -> bool:
    if a.kind != "state":
        return True
    return a.surface.replace(".", "").isupper() or a.surface.endswith(("’s", "'s"))


def _location(ctx: _DocContext, lo: int, hi: int, near: int) -> tuple[str, str]:
    # a place inside an organization's name ("Middle East Institute") or a country named as a modifier
    # ("A U.S. drone", "US troops") is not where the event happened
    actors = ctx.in_span(ctx.actors, ctx.actor_starts, lo, hi)
    places = [p for p in ctx.places_in(lo, hi)
              if not any(a.start <= p.start < a.end and _hides_place(a) for a in actors)]
    p = best_place(places, near, ctx.text)
    if p is None:
        return "", ""
    return p.place.name, ctx.gazetteer.country_of(p.place)


def _make_event(ctx: _DocContext, sent: Sentence, clauses: Clauses, g: _Group, actors,
                casualties: Sequence[CasualtyMatch], sources: Sequence[TriggerMatch] = ()) -> EventMention:
    """The event of one group of triggers. ``sources`` are the sentence's triggers: the speaker of a
    reporting verb that is not part of this event ("..., Mr. Smith said") is its source, not its actor."""
    main = g.main_in(sent.text)
    s0 = sent.start
    trigs = [main] + [t for t in g.triggers if t is not main]
    if main.event_type not in ("statement", "report"):
        own = {id(t) for t in trigs}
        speakers = set()
        for t in sources:
            if id(t) not in own and t.pos == "verb" and t.event_type in ("statement", "report"):
                i = speaker_of(sent.text, clauses, t, actors)
                if i is not None and actors[i].kind in _PERSONISH and _attribution(sent.text, actors[i], t):
                    speakers.add(i)
        if speakers:
            actors = [a for i, a in enumerate(actors) if i not in speakers]
    refs = _actor_refs(ctx, sent.text, clauses, trigs, actors, s0, casualties)
    loc, country = _location(ctx, sent.start, sent.end, main.start + s0)
    date_fields = _date_fields(g.time)
    return EventMention(
        doc_id=ctx.doc.id,
        sentence=sent.text,
        char_start=sent.start,
        char_end=sent.end,
        trigger=intern(main.text),
        trigger_start=main.start + s0,
        event_type=main.event_type,
        time=g.time,
        actors=refs,
        location=loc,
        country=country,
        casualties=[c.casualty for c in casualties],
        publisher=ctx.doc.publisher,
        **date_fields,
    )


def _date_fields(tm: TimeMention | None, dct: str | None = None) -> dict:
    if tm is None:
        return {"date": dct or "", "date_start": dct or "", "date_end": dct or "", "precision": "reported", "date_mod": ""}
    return {
        "date": tm.date_value or tm.value,
        # interned: the mentions of one date share one string (also once pickled together)
        "date_start": intern(tm.first_day.isoformat() if isinstance(tm.first_day, date) else str(tm.first_day or "")),
        "date_end": intern(tm.last_day.isoformat() if isinstance(tm.last_day, date) else str(tm.last_day or "")),
        "precision": tm.precision or timex_precision(tm.value) or "interval",
        "date_mod": tm.mod or "",
    }


# --------------------------------------------------------------------------- across sentences

_DEFINITE = re.compile(r"\b(?:the|that|this|those|these|its|the same)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _continues(sent: Sentence, leftovers: Sequence[TriggerMatch]) -> bool:
    """True when an undated sentence goes on about the previous sentence's event ("The blast killed ...")."""
    for tr in leftovers:
        if tr.pos == "noun" and _DEFINITE.search(sent.text, max(0, tr.start - 40), tr.start):
            return True
        if tr.lemma == "claim responsibility":
            return True
    return False


_TITLE_OBJECT = re.compile(r"\s+the\s+([a-z][a-z -]{2,30}?)\b(?=\s+(?:and|of|,|who|was)|[,.;])")


def _extend(ctx: _DocContext, ev: EventMention, sent: Sentence, leftovers: Sequence[TriggerMatch]) -> None:
    s0 = sent.start
    actors = ctx.local_actors(sent)
    clauses = Clauses(sent.text)
    cas = find_casualties(sent.text) if any(t.event_type in HARM for t in leftovers) else []
    new_refs = _actor_refs(ctx, sent.text, clauses, leftovers, actors, s0, cas)
    have = {a.name: a for a in ev.actors}
    for r in new_refs:
        cur = have.get(r.name)
        if cur is None:
            ev.actors.append(r)
            have[r.name] = r
        elif cur.role == "participant" and r.role != "participant":
            ev.actors[ev.actors.index(cur)] = r
            have[r.name] = r
    # "The blast killed the governor": a person of the event named again by title is the victim
    for tr in leftovers:
        if tr.pos == "verb" and tr.event_type in VIOLENT:
            m = _TITLE_OBJECT.match(sent.text, tr.end)
            if m:
                for k, a in enumerate(ev.actors):
                    if a.title and a.title.lower() == m.group(1).lower() and a.role == "participant":
                        ev.actors[k] = replace(a, role="target")
    if not ev.casualties:
        ev.casualties.extend(c.casualty for c in (cas or find_casualties(sent.text)))
    if not ev.location:
        ev.location, ev.country = _location(ctx, sent.start, sent.end, sent.start)
    ev.char_end = sent.end
    ev.sentence = ctx.text[ev.char_start:ev.char_end]


def _follows_on(text: str) -> bool:
    """True when a sentence opens with a sequence phrase that dates it by the previous one ("Almost immediately, ...")."""
    low = text.lstrip("“\"‘' ").lower()
    return any(low.startswith(p) for p in _openers())


@lru_cache(maxsize=1)
def _openers() -> tuple[str, ...]:
    return tuple(p.lower() for p in default_list("continuation_openers.txt"))


def _sequel_event(ctx: _DocContext, sent: Sentence, leftovers: Sequence[TriggerMatch], time: TimeMention) -> EventMention | None:
    """An event told right after a dated one and placed at its date ("Almost immediately, the group released ...")."""
    actors = ctx.local_actors(sent)
    g = _Group(time)
    g.triggers = list(leftovers)
    cas = find_casualties(sent.text) if any(t.event_type in VIOLENT for t in leftovers) else []
    return _make_event(ctx, sent, Clauses(sent.text), g, actors, cas)


_PAST = re.compile(r"(?:ed|[^e]en)$|^(?:was|were|had|did|took|left|met|went|shot|hit|blew|withdrew|fell|told|said|won|lost)$")


def _reported_event(ctx: _DocContext, sent: Sentence, leftovers: Sequence[TriggerMatch]) -> EventMention | None:
    """An undated concrete happening placed at the publication date, or None."""
    dct = ctx.doc.published
    if not dct:
        return None
    actors = ctx.local_actors(sent)
    if not actors:
        return None
    for tr in sorted(leftovers, key=lambda t: TYPE_PRIORITY.index(t.event_type) if t.event_type in TYPE_PRIORITY else 99):
        if tr.strength != "strong":
            continue
        head = tr.text.split()[0].lower()
        past_verb = tr.pos == "verb" and _PAST.search(head)
        if not past_verb:
            continue
        g = _Group(None)
        g.triggers = [tr]
        clauses = Clauses(sent.text)
        cas = find_casualties(sent.text) if tr.event_type in VIOLENT else []
        ev = _make_event(ctx, sent, clauses, g, actors, cas)
        for k, v in _date_fields(None, dct).items():
            setattr(ev, k, v)
        return ev
    return None
