"""The event table and the event-mentions table, built from merged events.

Both tables have exactly the columns and dtypes of :mod:`timeline.schema`
(``EVENT_COLUMNS``, ``MENTION_COLUMNS``); list-valued cells are joined with
``LIST_SEP`` and evidence sentences with ``EVIDENCE_SEP``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from timeline import schema
from timeline.document import Document
from timeline.events.model import ActorRef, EventMention
from timeline.merge import Event, casualty_text
from timeline.schema import EVIDENCE_SEP, LIST_SEP


def _join(items) -> str:
    return LIST_SEP.join([i if type(i) is str else str(i) for i in items if i is not None and i != ""])


def _one_line(text: str) -> str:
    """A sentence on one line, so that joined evidence stays one cell line."""
    return " ".join((text or "").split())


def publishers(events: list[Event], documents: Mapping[str, Document] | None = None) -> dict[str, str]:
    """Publisher of every cited document: from ``documents``, else from its mentions."""
    out: dict[str, str] = {}
    for e in events:
        for m in e.mentions:
            if out.get(m.doc_id):
                continue
            doc = documents.get(m.doc_id) if documents else None
            out[m.doc_id] = (doc.publisher if doc is not None else "") or m.publisher or ""
    return out


def casualties_cell(event: Event) -> str:
    """Every casualty figure with its source: ``killed: more than 170 Afghans [seed-003]; ...``."""
    notes: list[str] = []
    for kind in ("killed", "wounded"):
        for m in event.mentions:
            for c in m.casualties:
                if c.kind == kind:
                    note = f"{kind}: {casualty_text(c)} [{m.doc_id}]".replace(LIST_SEP, ", ")
                    if note not in notes:
                        notes.append(note)
    return LIST_SEP.join(notes)


def event_values(e: Event, pubs: Mapping[str, str]) -> tuple:
    """The event's row as a tuple, in the order of ``schema.EVENT_COLUMN_NAMES``: plain Python values (text,
    ints, None), as the table and the store hold them."""
    docs = e.doc_ids
    return (
        e.event_id,
        e.date,
        e.date_start,
        e.date_end,
        e.precision,
        e.date_mod or "",
        e.event_type,
        e.title,
        e.trigger,
        _join(e.actors),
        _join(e.perpetrators),
        _join(e.targets),
        e.location,
        e.country,
        e.killed,
        e.wounded,
        casualties_cell(e),
        LIST_SEP.join(e.disagreements),
        len(docs),
        LIST_SEP.join(docs),
        LIST_SEP.join(pubs.get(d, "") for d in docs),
        EVIDENCE_SEP.join(_one_line(m.sentence) for m in e.evidence_mentions()),
        len(e.mentions),
        LIST_SEP.join(e.merge_reasons),
    )


def event_row(e: Event, pubs: Mapping[str, str]) -> dict:
    """The event's row by column name (:func:`event_values`)."""
    return dict(zip(schema.EVENT_COLUMN_NAMES, event_values(e, pubs)))


def events_frame(events: list[Event], documents: Mapping[str, Document] | None = None) -> pd.DataFrame:
    """One row per event, columns exactly ``schema.EVENT_COLUMNS``."""
    pubs = publishers(events, documents)
    return schema.frame([event_values(e, pubs) for e in events], schema.EVENT_COLUMNS)


def _actor_label(a: ActorRef) -> str:
    return f"{a.name} ({a.role})" if a.role else a.name


def mention_values(event_id: str, m: EventMention, publisher: str) -> tuple:
    """The mention's row as a tuple, in the order of ``schema.MENTION_COLUMN_NAMES``: plain Python values (text,
    ints, None), as the table and the store hold them."""
    t = m.time
    cas = m.casualties
    return (
        event_id,
        m.mention_id,
        m.doc_id,
        publisher,
        m.sentence,
        m.char_start,
        m.char_end,
        m.trigger,
        m.trigger_start,
        m.event_type,
        t.text if t is not None else "",
        t.start if t is not None else None,
        t.value if t is not None else m.date,
        m.date_start,
        m.date_end,
        m.precision,
        m.date_mod or "",
        _join(dict.fromkeys([_actor_label(a) for a in m.actors])) if m.actors else "",
        m.location,
        _join(casualty_text(c) for c in cas if c.kind == "killed") if cas else "",
        _join(casualty_text(c) for c in cas if c.kind == "wounded") if cas else "",
    )


def mention_row(event_id: str, m: EventMention, publisher: str) -> dict:
    """The mention's row by column name (:func:`mention_values`)."""
    return dict(zip(schema.MENTION_COLUMN_NAMES, mention_values(event_id, m, publisher)))


def mentions_frame(events: list[Event], documents: Mapping[str, Document] | None = None) -> pd.DataFrame:
    """One row per event mention, in event order, columns exactly ``schema.MENTION_COLUMNS``."""
    pubs = publishers(events, documents)
    return schema.frame([mention_values(e.event_id, m, pubs.get(m.doc_id, "")) for e in events for m in e.mentions],
                        schema.MENTION_COLUMNS)
