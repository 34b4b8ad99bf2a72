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


def event_row(e: Event, pubs: Mapping[str, str]) -> dict:
    docs = e.doc_ids
    return {
        "event_id": e.event_id,
        "date": e.date,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "precision": e.precision,
        "date_mod": e.date_mod or "",
        "event_type": e.event_type,
        "title": e.title,
        "trigger": e.trigger,
        "actors": _join(e.actors),
        "perpetrators": _join(e.perpetrators),
        "targets": _join(e.targets),
        "location": e.location,
        "country": e.country,
        "killed": e.killed,
        "wounded": e.wounded,
        "casualties": casualties_cell(e),
        "disagreements": LIST_SEP.join(e.disagreements),
        "n_sources": len(docs),
        "doc_ids": LIST_SEP.join(docs),
        "publishers": LIST_SEP.join(pubs.get(d, "") for d in docs),
        "evidence": EVIDENCE_SEP.join(_one_line(m.sentence) for m in e.evidence_mentions()),
        "n_mentions": len(e.mentions),
        "merge_reasons": LIST_SEP.join(e.merge_reasons),
    }


def events_frame(events: list[Event], documents: Mapping[str, Document] | None = None) -> pd.DataFrame:
    """One row per event, columns exactly ``schema.EVENT_COLUMNS``."""
    pubs = publishers(events, documents)
    rows = [event_row(e, pubs) for e in events]
    if not rows:
        return schema.empty_frame(schema.EVENT_COLUMNS)
    return schema.conform(pd.DataFrame(rows), schema.EVENT_COLUMNS)


def _actor_label(a: ActorRef) -> str:
    return f"{a.name} ({a.role})" if a.role else a.name


def mention_row(event_id: str, m: EventMention, publisher: str) -> dict:
    t = m.time
    return {
        "event_id": event_id,
        "mention_id": m.mention_id,
        "doc_id": m.doc_id,
        "publisher": publisher,
        "sentence": m.sentence,
        "char_start": m.char_start,
        "char_end": m.char_end,
        "trigger": m.trigger,
        "trigger_start": m.trigger_start,
        "event_type": m.event_type,
        "time_text": t.text if t is not None else "",
        "time_start": t.start if t is not None else None,
        "time_value": t.value if t is not None else m.date,
        "date_start": m.date_start,
        "date_end": m.date_end,
        "precision": m.precision,
        "date_mod": m.date_mod or "",
        "actors": _join(dict.fromkeys(_actor_label(a) for a in m.actors)),
        "location": m.location,
        "killed": _join(casualty_text(c) for c in m.casualties if c.kind == "killed"),
        "wounded": _join(casualty_text(c) for c in m.casualties if c.kind == "wounded"),
    }


def mentions_frame(events: list[Event], documents: Mapping[str, Document] | None = None) -> pd.DataFrame:
    """One row per event mention, in event order, columns exactly ``schema.MENTION_COLUMNS``."""
    pubs = publishers(events, documents)
    rows = [mention_row(e.event_id, m, pubs.get(m.doc_id, "")) for e in events for m in e.mentions]
    if not rows:
        return schema.empty_frame(schema.MENTION_COLUMNS)
    return schema.conform(pd.DataFrame(rows), schema.MENTION_COLUMNS)
