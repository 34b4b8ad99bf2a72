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
from functools import lru_cache

from timeline.document import Document
from timeline.events.actors import ActorLexicon, ActorMatch, find_candidates, load_lexicon, person_details
from timeline.events.anchoring import anchors_event, intervenes, recent_period, score
from timeline.events.casualties import find_casualties
from timeline.events.clauses import Clauses, tokens_between
from timeline.events.gazetteer import Gazetteer, best_place, load_gazetteer
from timeline.events.modality import SentenceModality
from timeline.events.model import ActorRef, Casualty, EventMention
from timeline.events.resources import default_list
from timeline.events.roles import assign_roles
from timeline.events.sentences import Sentence, split_sentences
from timeline.events.triggers import TriggerLexicon, TriggerMatch, load_triggers
from timeline.temporal.mention import TimeMention

# Most specific type first: when several triggers share one date, the event takes the first type here.
TYPE_PRIORITY = (
    "bombing", "airstrike", "execution", "killing", "armed_clash", "takeover", "arrest", "withdrawal",
    "agreement", "founding", "visit", "other", "report", "statement",
)
VIOLENT = frozenset({"bombing", "airstrike", "execution", "killing", "armed_clash"})
HARM = VIOLENT | {"other"}  # "other" holds disasters and accidents, which kill too
WEAK_MIN_SCORE = 45.0  # a weak trigger ("said", "report") needs a date attached in its own clause
STRONG_MIN_SCORE = 12.0

_DEFAULTS: dict[str, object] = {}


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
    prev_events: list[EventMention] = []
    for sent in split_sentences(text):
        events, leftovers = _sentence_events(ctx, sent, triggers)
        if not events and leftovers and prev_events and _continues(sent, leftovers):
            _extend(ctx, prev_events[-1], sent, leftovers)
            continue
        if not events and leftovers and prev_events and prev_events[-1].time is not None and _follows_on(sent.text):
            ev = _sequel_event(ctx, sent, leftovers, prev_events[-1].time)
            if ev is not None:
                events = [ev]
        if not events and leftovers and undated == "reported":
            ev = _reported_event(ctx, sent, leftovers)
            if ev is not None:
                events = [ev]
        out.extend(events)
        prev_events = events
    return out


# --------------------------------------------------------------------------- document context


class _DocContext:
    def __init__(self, doc: Document, timexes: Sequence[TimeMention], lexicon: ActorLexicon, gazetteer: Gazetteer,
                 triggers: TriggerLexicon):
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        listed = lexicon.find(self.text)
        taken = [(a.start, a.end) for a in listed]
        cands = find_candidates(self.text, taken)
        actors = sorted(listed + cands, key=lambda a: a.start)
        actors += _surname_mentions(self.text, actors, lexicon, gazetteer)
        self.actors = sorted(actors, key=lambda a: a.start)
        self.actor_starts = [a.start for a in self.actors]
        self.places = gazetteer.find(self.text)
        self.place_starts = [p.start for p in self.places]
        self.dct = _iso_day(doc.published)
        usable = []
        for t in timexes:
            if anchors_event(t, self.text):
                usable.append(t)
            else:
                period = recent_period(t, self.text, self.dct)
                if period is not None:
                    usable.append(period)
        self.times = sorted(usable, key=lambda t: t.start)
        self.time_starts = [t.start for t in self.times]
        self.all_times = sorted(timexes, key=lambda t: t.start)
        self.all_time_starts = [t.start for t in self.all_times]
        self.triggers = triggers.find(self.text)
        self.trigger_starts = [t.start for t in self.triggers]
        self._details: dict[int, tuple[str, str]] = {}

    def local_actors(self, sent: Sentence) -> list[ActorMatch]:
        """Actors of one sentence, with offsets relative to it."""
        s0 = sent.start
        return [ActorMatch(a.start - s0, a.end - s0, a.surface, a.name, a.kind, a.parent)
                for a in self.in_span(self.actors, self.actor_starts, s0, sent.end)]

    def local_triggers(self, sent: Sentence) -> list[TriggerMatch]:
        s0 = sent.start
        return [TriggerMatch(t.start - s0, t.end - s0, t.text, t.lemma, t.pos, t.event_type, t.strength)
                for t in self.in_span(self.triggers, self.trigger_starts, s0, sent.end)]

    def in_span(self, items, starts, lo, hi):
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi)
        return [x for x in items[i:j] if x.end <= hi]

    def details(self, a: ActorMatch) -> tuple[str, str]:
        if a.kind not in ("person", "candidate"):
            return "", ""
        if a.start not in self._details:
            title, aff = person_details(self.text, a.start, a.end, self.actors)
            self._details[a.start] = (title, aff)
        return self._details[a.start]

    def parent_kind(self, name: str) -> str:
        e = self.lexicon.entry(name)
        return e.kind if e else "state"


_PERSONISH = ("person", "candidate")


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
        toks = re.sub(r"['’]s?$", "", a.name).split()
        if len(toks) < 2:
            continue
        last = toks[-1]
        if len(last) < 3 or not last[0].isupper() or last in lexicon.aliases or gazetteer.lookup(last):
            continue
        surnames.setdefault(last, a)
    if not surnames:
        return []
    rx = re.compile(r"(?<![\w-])(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?(" + "|".join(map(re.escape, surnames)) + r")(?:['’]s?)?(?![\w-])")
    covered = bytearray(len(text) + 1)
    for a in actors:
        covered[a.start:a.end] = b"\x01" * (a.end - a.start)
    out = []
    for m in rx.finditer(text):
        s, e = m.start(), m.end()
        if 1 in covered[s:e]:
            continue
        ref = surnames[m.group(1)]
        out.append(ActorMatch(s, e, m.group(0), ref.name, ref.kind, ref.parent))
    return out


# --------------------------------------------------------------------------- one sentence


class _Group:
    def __init__(self, time: TimeMention | None):
        self.time = time
        self.triggers: list[TriggerMatch] = []
        self.scores: dict[int, float] = {}  # how strongly each trigger binds the date

    @property
    def main(self) -> TriggerMatch:
        return min(self.triggers, key=lambda t: (TYPE_PRIORITY.index(t.event_type) if t.event_type in TYPE_PRIORITY
                                                 else len(TYPE_PRIORITY), t.pos != "verb",
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


def _sentence_events(ctx: _DocContext, sent: Sentence, triggers: TriggerLexicon):
    """Dated events of one sentence, and the real but undated triggers left over."""
    s0 = sent.start
    actors = ctx.local_actors(sent)
    times = [(t.start - s0, t.end - s0, t) for t in ctx.in_span(ctx.times, ctx.time_starts, s0, sent.end)]
    all_time_spans = [(t.start - s0, t.end - s0) for t in ctx.in_span(ctx.all_times, ctx.all_time_starts, s0, sent.end)]
    blocked = [(a.start, a.end) for a in actors] + all_time_spans
    trigs = [t for t in ctx.local_triggers(sent) if not any(a < t.end and t.start < b for a, b in blocked)]
    if not trigs:
        return [], []
    # unreal triggers (predictions, conditions, denials) still hold their dates, but make no event
    unreal_cache: dict[int, bool] = {}
    mods: list[SentenceModality] = []

    def unreal(i: int) -> bool:
        if i not in unreal_cache:
            if not mods:
                mods.append(SentenceModality(sent.text))
            unreal_cache[i] = bool(mods[0].at(trigs[i].start))
        return unreal_cache[i]

    clauses = Clauses(sent.text)

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
    groups: dict[int, _Group] = {}
    undated: list[TriggerMatch] = []
    after_main: list[TriggerMatch] = []
    for i, tr in enumerate(trigs):
        tm, sc = scored[i]
        if tm is not None and owner[id(tm)][0] != i and (
            sc < WEAK_MIN_SCORE or intervenes(tr, *_span_of(times, tm), trigs)
        ):
            tm = None  # the date is another trigger's; this one shares it only inside its own clause
        need = WEAK_MIN_SCORE if tr.strength == "weak" else STRONG_MIN_SCORE
        if tm is not None and "/" in tm.value:
            need = WEAK_MIN_SCORE  # a period ("over the past two decades") dates only a trigger of its own clause
        if tm is None or sc < need:
            if tr.strength == "strong" and not unreal(i):
                undated.append(tr)
            elif tr.pos == "verb" and not unreal(i):
                after_main.append(tr)
            continue
        if unreal(i):
            continue
        if ctx.dct is not None and tm.first_day > ctx.dct:
            continue  # dated wholly after publication: a plan or a forecast, not a happening
        g = groups.setdefault(id(tm), _Group(tm))
        g.triggers.append(tr)
        g.scores[id(tr)] = sc

    # an undated violent trigger joins the dated violent event of its sentence ("..., in which 13 were killed")
    leftovers = []
    for tr in undated:
        host = _host_group(sent.text, groups.values(), tr, trigs)
        if host is not None:
            host.triggers.append(tr)
        else:
            leftovers.append(tr)
    _after_fronted_event(sent.text, times, groups, after_main + [t for t in leftovers if t.pos == "verb"], leftovers)
    _split_during(sent.text, groups, leftovers)
    _consequences(sent.text, groups, leftovers)

    events = []
    casualties = find_casualties(sent.text) if any(t.event_type in HARM for t in trigs) else []
    ordered = sorted(groups.values(), key=lambda g: g.main.start)
    casualty_group = _casualty_owner(ordered, casualties)
    for g in ordered:
        ev = _make_event(ctx, sent, clauses, g, actors, [c.casualty for c in casualties] if g is casualty_group else [])
        events.append(ev)
    return events, leftovers


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
            elif tr.pos == "noun" and t.pos == "verb" and t.event_type in VIOLENT and tr.end <= t.start:
                gap = tokens_between(text, tr.end, t.start)
                if gap > SUBJECT_MAX_TOKENS or any(tr.end <= o.start < t.start for o in trigs):
                    continue  # the noun is the subject of the nearest verb only
            else:
                continue
            if gap < best_gap:
                best, best_gap = g, gap
    return best


_AFTER_OPENER = re.compile(r"^\W*(?:After|Following)\b")


def _after_fronted_event(text: str, times, groups: dict, verbs: Sequence[TriggerMatch], leftovers: list) -> None:
    """"After the bombing on Thursday, ..., President Joe Biden vowed": the main-clause verb happened after
    the dated event of the fronted phrase; it gets that date with the modifier AFTER."""
    if not verbs or not _AFTER_OPENER.match(text):
        return
    first_comma = text.find(",")
    for _, end, tm in times:
        g = groups.get(id(tm))
        comma = text.find(",", end)
        if g is None or comma < 0 or comma != first_comma or not any(t.start < comma for t in g.triggers):
            continue  # the date must belong to an event of the fronted phrase, before its first comma
        after = replace(tm, mod="AFTER")
        hosted = {id(t) for t in g.triggers}
        for tr in verbs:
            if tr.start > comma and id(tr) not in hosted:
                groups.setdefault(id(after), _Group(after)).triggers.append(tr)
                if tr in leftovers:
                    leftovers.remove(tr)
        return


_CONSEQUENCE = re.compile(
    r"\b(?:prompting|prompted|triggering|triggered|sparking|sparked|leading to|led to|resulting in|"
    r"provoking|provoked)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _consequences(text: str, groups: dict, leftovers: list) -> None:
    """"... carried out the 9/11 attacks, prompting the U.S.-led invasion": what a dated event brought
    about happened after it, so it gets that date with the modifier AFTER."""
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
    violent = [g for g in groups if any(t.event_type in HARM and t.strength == "strong" for t in g.triggers)]
    if not violent:
        return None
    first = casualties[0].start
    return min(violent, key=lambda g: min(abs(t.start - first) for t in g.triggers))


def _actor_refs(ctx: _DocContext, sent_text: str, clauses: Clauses, trigs: Sequence[TriggerMatch],
                actors: Sequence[ActorMatch], s0: int) -> list[ActorRef]:
    roles: dict[int, str] = {}
    for tr in trigs:
        for i, r in assign_roles(sent_text, clauses, tr, actors).items():
            if r != "participant" and roles.get(i, "participant") == "participant":
                roles[i] = r
            roles.setdefault(i, r)
    refs: list[ActorRef] = []
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(actors):
        role = roles.get(i, "participant")
        abs_a = ActorMatch(a.start + s0, a.end + s0, a.surface, a.name, a.kind, a.parent)
        title, aff = ctx.details(abs_a)
        key = (a.name, role)
        if key not in seen:
            seen.add(key)
            refs.append(ActorRef(a.name, role, a.kind, a.surface, a.start + s0, title, aff))
        if a.parent and (a.parent, role) not in seen:
            seen.add((a.parent, role))
            refs.append(ActorRef(a.parent, role, ctx.parent_kind(a.parent), a.surface, a.start + s0))
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
    places = [p for p in ctx.in_span(ctx.places, ctx.place_starts, lo, hi)
              if not any(a.start <= p.start < a.end and _hides_place(a) for a in actors)]
    p = best_place(places, near, ctx.text)
    if p is None:
        return "", ""
    return p.place.name, ctx.gazetteer.country_of(p.place)


def _make_event(ctx: _DocContext, sent: Sentence, clauses: Clauses, g: _Group, actors, casualties: list[Casualty]) -> EventMention:
    main = g.main_in(sent.text)
    s0 = sent.start
    trigs = [main] + [t for t in g.triggers if t is not main]
    refs = _actor_refs(ctx, sent.text, clauses, trigs, actors, s0)
    loc, country = _location(ctx, sent.start, sent.end, main.start + s0)
    date_fields = _date_fields(g.time)
    return EventMention(
        doc_id=ctx.doc.id,
        sentence=sent.text,
        char_start=sent.start,
        char_end=sent.end,
        trigger=main.text,
        trigger_start=main.start + s0,
        event_type=main.event_type,
        time=g.time,
        actors=refs,
        location=loc,
        country=country,
        casualties=list(casualties),
        publisher=ctx.doc.publisher,
        **date_fields,
    )


def _date_fields(tm: TimeMention | None, dct: str | None = None) -> dict:
    if tm is None:
        return {"date": dct or "", "date_start": dct or "", "date_end": dct or "", "precision": "reported", "date_mod": ""}
    return {
        "date": tm.value,
        "date_start": tm.first_day.isoformat() if isinstance(tm.first_day, date) else str(tm.first_day or ""),
        "date_end": tm.last_day.isoformat() if isinstance(tm.last_day, date) else str(tm.last_day or ""),
        "precision": tm.precision or precision_of(tm.value),
        "date_mod": tm.mod or "",
    }


def precision_of(value: str) -> str:
    """Precision of a TIMEX3 date value: ``2021-08-26`` day, ``2021-08`` month, ``199`` decade, ..."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", value):
        return "time"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-W\d{2}(?:-WE)?", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}-(?:SP|SU|FA|AU|WI)", value):
        return "season"
    if re.fullmatch(r"\d{4}-(?:Q\d|H\d)", value):
        return "quarter"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{3}", value):
        return "decade"
    if re.fullmatch(r"\d{2}", value):
        return "century"
    return "interval"


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
    new_refs = _actor_refs(ctx, sent.text, clauses, leftovers, actors, s0)
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
        ev.casualties.extend(c.casualty for c in find_casualties(sent.text))
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
    cas = [c.casualty for c in find_casualties(sent.text)] if any(t.event_type in VIOLENT for t in leftovers) else []
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
        cas = [c.casualty for c in find_casualties(sent.text)] if tr.event_type in VIOLENT else []
        ev = _make_event(ctx, sent, clauses, g, actors, cas)
        for k, v in _date_fields(None, dct).items():
            setattr(ev, k, v)
        return ev
    return None
