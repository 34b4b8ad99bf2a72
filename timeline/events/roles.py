"""Roles: who did it (perpetrator/initiator), to whom (target/victim), who else took part.

Heuristics over one sentence, around the trigger:

- "X claimed responsibility", "X, responsible for the attack": X is the perpetrator;
- a passive trigger ("was killed ... by X"): the subject is the target, "by X" the perpetrator;
- an active verb ("X killed Y"): the subject before it in its clause is the
  perpetrator, the object after it the target; the name a relative clause
  hangs on is its subject ("ISIS, which killed 24 people");
- a noun trigger: a name right before it ("ISIS-K suicide bomber", "the
  Taliban's takeover", "U.S. drone strike") or "by X" after it is the
  perpetrator; "on X" / "against X" / "of X" (for a killing or takeover) is
  the target, and so is the object of a past-tense verb the noun is the
  subject of ("A U.S. drone scissored through Ayman al-Zawahiri");
- for statements, reports and visits the speaker or traveller is the initiator;
- every other actor in the sentence is a participant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from timeline.events.actors import ActorMatch
from timeline.events.clauses import Clauses, tokens_between
from timeline.events.patterns import folded
from timeline.events.triggers import TriggerMatch

_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:[\w’'.,-]+\s+){0,6}?by\s+(?:the\s+)?$", re.IGNORECASE)
_TARGET_PREP = re.compile(r"^\s*(?:on|against|at|targeting)\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,2}$", re.IGNORECASE)
_OF_PREP = re.compile(r"^\s*of\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,1}$", re.IGNORECASE)
_CLAIM = re.compile(
    r"(?:\s*,[^,.;]{0,80},)?\s*(?:has\s+|have\s+|had\s+)?(?:claimed|claims|claim)\b(?:\s+responsibility)?(?:\s+for)?"
    r"|,?\s*(?:the\s+)?[\w\s-]{0,40}?responsible for\b",
    re.IGNORECASE,
)
CLAIM_REACH = 8  # tokens between a claim and the happening it claims


@lru_cache(maxsize=64)
def _may_claim(sentence: str) -> bool:
    """False when ``_CLAIM`` and ``_CLAIMED_BY`` cannot match anywhere in ``sentence`` (it says neither
    "claim" nor "responsible for"): a quick test that spares the searches around every actor."""
    low = folded(sentence)
    return low is None or "claim" in low or "responsible for" in low
_INITIATOR_TYPES = {"statement", "report", "visit", "agreement", "withdrawal", "founding", "takeover", "other"}
_VIOLENT = {"bombing", "armed_clash", "airstrike", "killing", "execution", "arrest"}


_SPEECH = {"statement", "report"}
_PEOPLE = ("person", "candidate")
_INVERTED = {"say", "write", "add", "tell", "announce", "warn", "claim"}
_CLAIMED_BY = re.compile(r"\bclaimed\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_QUOTE = re.compile(r"[“”\"]")
_MODIFIER_GAP = re.compile(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}")  # "ISIS-K suicide bomber", "Taliban's takeover"
_POSSESSIVE_GAP = re.compile(r"['’]s?\s*")
_COORDINATION = re.compile(r"\s*(?:,|and|, and|&)\s*")


def speaker_of(sentence: str, clauses: Clauses, trig: TriggerMatch, actors: Sequence[ActorMatch]) -> int | None:
    """Who says or writes: "said Asfandyar Mir", "Thomas West, the U.S. special representative, said"."""
    for i, a in enumerate(actors):
        if (a.start >= trig.end and tokens_between(sentence, trig.end, a.start) <= 1 and a.kind in _PEOPLE
                and trig.lemma in _INVERTED):
            return i  # "said Asfandyar Mir"
    best = None
    for i, a in enumerate(actors):
        if a.end > trig.start:
            break
        if _QUOTE.search(sentence, a.end, trig.start):
            continue
        if tokens_between(sentence, a.end, trig.start) > 25:
            continue
        if a.kind in _PEOPLE:
            best = i
        elif best is None and clauses.same(a.end - 1, trig.start):
            best = i
    return best


_PREP_BEFORE = re.compile(
    r"\b(?:of|in|at|on|outside|inside|near|from|for|with|against|into|to|over|about|by|behind|under|across)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+)?$",
    re.IGNORECASE,
)
_COMPLEMENT = re.compile(
    r"\b(?:say|says|said|confirm|confirms|confirmed|announce[sd]?|report(?:s|ed)?|believes?|believed|think|thinks|"
    r"thought|add(?:s|ed)?|state[sd]|know|knew|learned|found|show(?:s|ed)?)\s+that\b",
    re.IGNORECASE,
)
_RELATIVE_SUBJECT = re.compile(
    r"\s*,?\s*(?:which|who|that)\s+(?:(?:has|have|had|was|were|is|are|been)\s+)*(?:\w+ly\s+)?", re.IGNORECASE
)
# a violent noun as the subject of a past-tense verb, and its object: "strike hit", "drone scissored through"
_NOUN_SUBJECT_VERB = re.compile(r"^\s+(?:\w+ly\s+)?[a-z]+ed(?:\s+(?:through|into|at|on|up|down))?\s+(?:the\s+)?$")
_RELATIVE = re.compile(r"\b(?:which|who|that|whom|whose)\b", re.IGNORECASE)


def _may_end_in_by(gap: str) -> bool:
    """False when ``_BY`` cannot match ``gap``: it does not end in "by" or "the" (and white space).
    A quick test that spares the regex on most gaps."""
    tail = gap.rstrip()[-3:].lower()
    return tail.endswith("by") or tail == "the"


def _in_pp(sentence: str, a: ActorMatch) -> bool:
    """True for a name inside a prepositional phrase ("outside Kabul's Ministry", "of the Taliban")."""
    return bool(_PREP_BEFORE.search(sentence, max(0, a.start - 30), a.start))


def _in_relative(sentence: str, a: ActorMatch, opening: int = 0) -> bool:
    """True for a name inside a relative clause (a "which/who/that" after ``opening`` and before the name)."""
    left = max(sentence.rfind(",", 0, a.start) + 1, opening)
    return _RELATIVE.search(sentence, left, a.start) is not None


def assign_roles(sentence: str, clauses: Clauses, trig: TriggerMatch, actors: Sequence[ActorMatch]) -> dict[int, str]:
    """Role of each actor (by index in ``actors``; offsets relative to ``sentence``)."""
    roles: dict[int, str] = {}
    passive = trig.pos == "verb" and bool(_PASSIVE.search(sentence, max(0, trig.start - 30), trig.start))
    before = [i for i, a in enumerate(actors) if a.end <= trig.start]
    after = [i for i, a in enumerate(actors) if a.start >= trig.end]

    if _may_claim(sentence):
        # "X claimed (responsibility for) the attack", "X, ..., responsible for the bombing"
        for i, a in enumerate(actors):
            m = _CLAIM.match(sentence, a.end, a.end + 160)
            if m and (trig.start >= m.start() and tokens_between(sentence, m.end(), trig.start) <= CLAIM_REACH
                      or trig.lemma == "claim responsibility" and trig.start >= a.end):
                roles[i] = "perpetrator"

        # "the attack ... has been claimed by X"
        for i, a in enumerate(actors):
            if a.start > trig.end and _CLAIMED_BY.search(sentence, max(0, a.start - 30), a.start):
                roles[i] = "perpetrator"

    # "by X" after the trigger
    for i in after:
        a = actors[i]
        gap = sentence[trig.end:a.start]
        if _may_end_in_by(gap) and _BY.match(gap) and tokens_between(sentence, trig.end, a.start) <= 8:
            roles.setdefault(i, "perpetrator")
            break

    # "ISIS, which killed 24 people": the name a relative clause hangs on is the subject of its verb
    if trig.pos == "verb":
        for i in before:
            if _RELATIVE_SUBJECT.fullmatch(sentence, actors[i].end, trig.start):
                if not passive:
                    roles.setdefault(i, "perpetrator")
                elif trig.event_type in _VIOLENT:
                    roles.setdefault(i, "target")

    if trig.event_type in _SPEECH and trig.pos == "verb" and not passive:
        i = speaker_of(sentence, clauses, trig, actors)
        if i is not None:
            roles.setdefault(i, "perpetrator")
    elif trig.pos == "verb":
        subj = [i for i in before if clauses.same(actors[i].end - 1, trig.start) and not _in_pp(sentence, actors[i])]
        if passive:
            # the subject of a passive is the head of the sentence's noun phrase, not a name inside a
            # relative clause ("The plotter ... which killed 13 U.S. troops was killed by the Taliban")
            opening = 0
            for m in _COMPLEMENT.finditer(sentence, 0, trig.start):
                opening = m.end()
            heads = [i for i in before if actors[i].start >= opening and not _in_pp(sentence, actors[i])
                     and not _in_relative(sentence, actors[i], opening)]
            if heads:
                roles.setdefault(heads[0], "target" if trig.event_type in _VIOLENT else "participant")
        elif subj:
            roles.setdefault(subj[-1], "perpetrator")
        if not passive:
            objs = [i for i in after if clauses.same(trig.end - 1, actors[i].start) and i not in roles]
            if objs and trig.event_type in _VIOLENT | {"takeover"}:
                roles.setdefault(objs[0], "target")
    else:
        for i in reversed(before):
            a = actors[i]
            gap = sentence[a.end:trig.start]
            if _MODIFIER_GAP.fullmatch(gap) or _POSSESSIVE_GAP.fullmatch(gap):
                roles.setdefault(i, "perpetrator")
            break
        for i in after:
            a = actors[i]
            gap = sentence[trig.end:a.start]
            if _TARGET_PREP.match(gap):
                roles.setdefault(i, "target" if trig.event_type in _VIOLENT else "participant")
                break
            if _OF_PREP.match(gap) and trig.event_type in _VIOLENT | {"takeover"}:
                roles.setdefault(i, "target")
                break
            if trig.event_type in _VIOLENT and _NOUN_SUBJECT_VERB.match(gap):
                roles.setdefault(i, "target")  # "A U.S. drone scissored through Ayman al-Zawahiri"
                break
            if tokens_between(sentence, trig.end, a.start) > 3:
                break
        if trig.event_type in _INITIATOR_TYPES and not any(r == "perpetrator" for r in roles.values()):
            subj = [i for i in before if clauses.same(actors[i].end - 1, trig.start)]
            if subj:
                roles.setdefault(subj[-1], "perpetrator")

    # coordination shares a role: "Foreign ministers of Armenia and Azerbaijan signed"
    for i in range(len(actors) - 1, 0, -1):
        a, b = actors[i - 1], actors[i]
        if _COORDINATION.fullmatch(sentence, a.end, b.start):
            if roles.get(i) and not roles.get(i - 1):
                roles[i - 1] = roles[i]
            elif roles.get(i - 1) and not roles.get(i):
                roles[i] = roles[i - 1]
    for i in range(len(actors)):
        roles.setdefault(i, "participant")
    return roles
