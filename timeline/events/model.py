"""Event mentions: one happening as one sentence of one document tells it."""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.compact_pickle import compact_pickle
from timeline.temporal.mention import TimeMention

ROLES = ("perpetrator", "target", "participant")


@compact_pickle
@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as named in a sentence, resolved to its canonical name.

    ``role`` is perpetrator (initiator), target (victim) or participant.
    ``kind`` is state, armed_group, person, organization, government_body or
    ``candidate`` (a name found by its shape, not in any actor list).
    ``title``/``affiliation`` describe a person when the text does
    ("governor", "Balkh Province").
    """

    name: str
    role: str = "participant"
    kind: str = ""
    surface: str = ""
    start: int = -1
    title: str = ""
    affiliation: str = ""


@compact_pickle
@dataclass(frozen=True, slots=True)
class Casualty:
    """One casualty figure as stated: "more than 170 Afghans" killed."""

    kind: str  # killed | wounded
    count: int
    qualifier: str = ""  # at least, nearly, more than, some, about, ...
    group: str = ""  # Afghans, U.S. service members, ...
    text: str = ""


@compact_pickle
@dataclass(slots=True)
class EventMention:
    """One event as told by one sentence (or a sentence and its neighbour).

    Offsets are Python str indices into the document text. ``time`` is the
    time mention that anchors the event; None when the event has no date of its
    own (it is then placed at the publication date with precision ``reported``,
    or dropped: see ``timeline.events.extract``).
    """

    doc_id: str
    sentence: str
    char_start: int
    char_end: int
    trigger: str
    trigger_start: int
    event_type: str
    time: TimeMention | None
    date: str  # TIMEX3 value of the event's date
    date_start: str  # ISO first day
    date_end: str  # ISO last day
    precision: str
    date_mod: str = ""
    actors: list[ActorRef] = field(default_factory=list)
    location: str = ""
    country: str = ""
    casualties: list[Casualty] = field(default_factory=list)
    publisher: str = ""

    @property
    def mention_id(self) -> str:
        return f"{self.doc_id}:{self.trigger_start}"

    def actors_in(self, role: str) -> list[str]:
        return [a.name for a in self.actors if a.role == role]

    @property
    def actor_names(self) -> list[str]:
        seen: list[str] = []
        for a in self.actors:
            if a.name not in seen:
                seen.append(a.name)
        return seen
