"""Generated event tables with the shape and texture of real ones.

Used to measure the app and the query layer at scale and to test them on
tables of any size. Every column of ``timeline.schema`` is filled the way the
pipeline fills it: mixed date precisions (day, month, year, interval and
``reported`` publication dates), several actors per event with roles, one to
five sources per event with an evidence sentence each (the date phrase and the
actor names occur in it at the recorded offsets), and sources that sometimes
disagree on casualty figures or on the day. The vocabulary (actors, places,
publishers, trigger words, sentence templates) is a data file,
``resources/synthetic/vocabulary.json``; another file of the same shape can be
passed in.

The output is deterministic for a given ``seed``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.schema import EVENT_COLUMNS, EVIDENCE_SEP, LIST_SEP, MENTION_COLUMNS, conform

VOCABULARY = Path(__file__).parent / "resources" / "synthetic" / "vocabulary.json"

FIRST_DAY = date(1995, 1, 1)
LAST_DAY = date(2024, 12, 31)
PRECISION_WEIGHTS = {"day": 0.55, "month": 0.15, "year": 0.08, "interval": 0.05, "reported": 0.17}
SOURCE_COUNT_WEIGHTS = (0.38, 0.25, 0.17, 0.12, 0.08)  # 1..5 sources
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
DOCUMENT_COLUMNS = ("doc_id", "title", "publisher", "published", "url")


@lru_cache(maxsize=4)
def load_vocabulary(path: str | Path = VOCABULARY) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _month_last(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _date_phrase(precision: str, start: date, end: date) -> tuple[str, str, str]:
    """(phrase as it sits in the sentence, the time expression inside it, TIMEX3 value)."""
    if precision == "day":
        text = f"{MONTHS[start.month - 1]} {start.day}, {start.year}"
        return f"on {text}", text, start.isoformat()
    if precision == "month":
        text = f"{MONTHS[start.month - 1]} {start.year}"
        return f"in {text}", text, f"{start.year:04d}-{start.month:02d}"
    if precision == "year":
        return f"in {start.year}", str(start.year), str(start.year)
    if precision == "interval":
        text = f"{MONTHS[start.month - 1]} {start.year} to {MONTHS[end.month - 1]} {end.year}"
        return f"from {text}", text, f"{start.year:04d}-{start.month:02d}/{end.year:04d}-{end.month:02d}"
    return "recently", "", start.isoformat()


def _fill(template: str, time_phrase: str, **slots: str) -> str:
    sentence = template.replace("{time}", time_phrase)
    for key, value in slots.items():
        sentence = sentence.replace("{" + key + "}", value)
    return sentence[0].upper() + sentence[1:]


def synthetic_corpus(
    n_events: int, seed: int = 0, vocabulary: str | Path = VOCABULARY
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(events, mentions, documents)`` for ``n_events`` generated events.

    ``documents`` has the columns doc_id, title, publisher, published, url and
    lists every document some event cites.
    """
    vocab = load_vocabulary(str(vocabulary))
    rng = np.random.default_rng(seed)
    actors = vocab["actors"]
    actor_weights = 1.0 / np.arange(1, len(actors) + 1) ** 0.9
    actor_weights /= actor_weights.sum()
    places = vocab["places"]
    publishers = vocab["publishers"]
    types = list(vocab["type_weights"])
    type_p = np.array([vocab["type_weights"][t] for t in types], dtype=float)
    type_p /= type_p.sum()
    violent = set(vocab["violent_types"])
    precisions = list(PRECISION_WEIGHTS)
    precision_p = np.array(list(PRECISION_WEIGHTS.values()))

    span_days = (LAST_DAY - FIRST_DAY).days
    n_docs = max(8, n_events // 2)
    doc_days = np.sort(rng.integers(0, span_days + 90, size=n_docs))
    doc_publisher = rng.integers(0, len(publishers), size=n_docs)
    doc_ids = [f"syn-{seed:02d}-{i:06d}" for i in range(n_docs)]
    doc_titles: dict[int, str] = {}

    type_draw = rng.choice(len(types), size=n_events, p=type_p)
    precision_draw = rng.choice(len(precisions), size=n_events, p=precision_p)
    source_draw = 1 + rng.choice(5, size=n_events, p=SOURCE_COUNT_WEIGHTS)
    actor_draw = 1 + rng.integers(0, 4, size=n_events)
    # Weighted sampling without replacement for every event at once (Gumbel top-k).
    actor_keys = np.argsort(-(np.log(actor_weights) + rng.gumbel(size=(n_events, len(actors)))), axis=1)[:, :4]
    place_draw = rng.integers(0, len(places), size=n_events)
    day_draw = rng.integers(0, span_days, size=n_events)

    event_rows: list[dict] = []
    mention_rows: list[dict] = []
    for i in range(n_events):
        event_id = "ev-" + hashlib.sha1(f"synthetic:{seed}:{i}".encode()).hexdigest()[:10]
        etype = types[type_draw[i]]
        precision = precisions[precision_draw[i]]
        k_sources = int(source_draw[i])
        names = [actors[j] for j in actor_keys[i, : actor_draw[i]]]
        place, country = places[place_draw[i]]
        triggers = vocab["triggers"][etype]
        trigger = triggers[int(rng.integers(0, len(triggers)))]
        date_mod = ""

        day = FIRST_DAY + timedelta(days=int(day_draw[i]))
        if precision == "day":
            start = end = day
        elif precision == "month":
            start, end = day.replace(day=1), _month_last(day)
            date_mod = ("", "", "", "START", "END")[int(rng.integers(0, 5))]
        elif precision == "year":
            start, end = date(day.year, 1, 1), date(day.year, 12, 31)
        elif precision == "interval":
            start = day.replace(day=1)
            end = _month_last(min(LAST_DAY, start + timedelta(days=int(rng.integers(60, 900)))))
        else:
            start = end = day

        first_doc = int(np.searchsorted(doc_days, (end - FIRST_DAY).days))
        if first_doc >= n_docs:
            first_doc = n_docs - 1
        window = list(range(first_doc, min(n_docs, first_doc + 12)))
        chosen = sorted(window[j] for j in rng.permutation(len(window))[:k_sources])
        if precision == "reported":
            start = end = FIRST_DAY + timedelta(days=int(doc_days[chosen[0]]))

        kind = "violent" if etype in violent else "other"
        killed_base = int(rng.geometric(0.08)) if kind == "violent" else None
        wounded_base = int(killed_base * rng.uniform(0.5, 3)) if killed_base is not None else None
        perpetrator = names[0]
        target = names[1] if len(names) > 1 else "local officials"
        roles = {perpetrator: "perpetrator"}
        if len(names) > 1:
            roles[names[1]] = "target" if kind == "violent" else "participant"
        for extra in names[2:]:
            roles[extra] = "participant"

        killed_figures: list[tuple[int, str]] = []
        day_claims: list[tuple[date, str]] = []
        evidence: list[str] = []
        casualties: list[str] = []
        templates = vocab["templates"][kind]
        for rank, d in enumerate(chosen):
            doc_id = doc_ids[d]
            publisher = publishers[int(doc_publisher[d])]
            m_start, m_end = start, end
            if precision == "day" and rank > 0 and rng.random() < 0.06:
                m_start = m_end = start + timedelta(days=1 if rng.random() < 0.5 else -1)
            phrase, time_text, time_value = _date_phrase(precision, m_start, m_end)
            killed = wounded = None
            if killed_base is not None:
                killed = killed_base if rng.random() > 0.25 else killed_base + int(rng.integers(1, killed_base // 2 + 4))
                wounded = wounded_base
            sentence = _fill(
                templates[int(rng.integers(0, len(templates)))],
                phrase,
                actor=perpetrator,
                target=target,
                trigger=trigger,
                place=place,
                killed=str(killed) if killed is not None else "",
                wounded=str(wounded) if wounded is not None else "",
            )
            char_start = int(rng.integers(0, 4000))
            time_at = sentence.lower().find(time_text.lower()) if time_text else -1
            trig_at = sentence.find(trigger)
            mention_rows.append(
                {
                    "event_id": event_id,
                    "mention_id": f"{doc_id}:{char_start + max(trig_at, 0)}",
                    "doc_id": doc_id,
                    "publisher": publisher,
                    "sentence": sentence,
                    "char_start": char_start,
                    "char_end": char_start + len(sentence),
                    "trigger": trigger,
                    "trigger_start": char_start + trig_at if trig_at >= 0 else None,
                    "event_type": etype,
                    "time_text": time_text,
                    "time_start": char_start + time_at if time_at >= 0 else None,
                    "time_value": time_value,
                    "date_start": m_start.isoformat(),
                    "date_end": m_end.isoformat(),
                    "precision": precision,
                    "date_mod": date_mod,
                    "actors": LIST_SEP.join(f"{n} ({roles[n]})" for n in names if n in sentence) or "",
                    "location": place,
                    "killed": str(killed) if killed is not None else "",
                    "wounded": str(wounded) if wounded is not None else "",
                }
            )
            evidence.append(sentence)
            if killed is not None:
                killed_figures.append((killed, doc_id))
                casualties.append(f"killed: {killed} [{doc_id}]")
                casualties.append(f"wounded: {wounded} [{doc_id}]")
            day_claims.append((m_start, doc_id))

        disagreements = []
        if len({k for k, _ in killed_figures}) > 1:
            disagreements.append("killed: " + " vs ".join(f"{k} [{d}]" for k, d in killed_figures))
        if len({c for c, _ in day_claims}) > 1:
            disagreements.append("date: " + " vs ".join(f"{c.isoformat()} [{d}]" for c, d in day_claims))

        _, _, value = _date_phrase(precision, start, end)
        trigger_title = trigger[0].upper() + trigger[1:]
        title = vocab["title_templates"][kind].format(trigger_title=trigger_title, trigger=trigger, place=place, actor=perpetrator)
        for d in chosen:
            doc_titles.setdefault(d, title)
        cited = [doc_ids[d] for d in chosen]
        event_rows.append(
            {
                "event_id": event_id,
                "date": value,
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "precision": precision,
                "date_mod": date_mod,
                "event_type": etype,
                "title": title,
                "trigger": trigger,
                "actors": LIST_SEP.join(names),
                "perpetrators": perpetrator,
                "targets": names[1] if len(names) > 1 and kind == "violent" else "",
                "location": place,
                "country": country,
                "killed": min(k for k, _ in killed_figures) if killed_figures else None,
                "wounded": wounded_base,
                "casualties": LIST_SEP.join(casualties),
                "disagreements": LIST_SEP.join(disagreements),
                "n_sources": len(cited),
                "doc_ids": LIST_SEP.join(cited),
                "publishers": LIST_SEP.join(publishers[int(doc_publisher[d])] for d in chosen),
                "evidence": EVIDENCE_SEP.join(evidence),
                "n_mentions": len(cited),
                "merge_reasons": LIST_SEP.join(
                    f"{doc_ids[d]} <- {doc_ids[chosen[0]]} (0.{int(rng.integers(60, 99))}): same type, shared actors, overlapping dates"
                    for d in chosen[1:]
                ),
            }
        )

    events = conform(pd.DataFrame(event_rows), EVENT_COLUMNS)
    mentions = conform(pd.DataFrame(mention_rows), MENTION_COLUMNS)
    used = sorted(doc_titles)
    documents = pd.DataFrame(
        {
            "doc_id": [doc_ids[d] for d in used],
            "title": [doc_titles[d] for d in used],
            "publisher": [publishers[int(doc_publisher[d])] for d in used],
            "published": [(FIRST_DAY + timedelta(days=int(doc_days[d]))).isoformat() for d in used],
            "url": [f"https://example.org/news/{doc_ids[d]}" for d in used],
        },
        columns=list(DOCUMENT_COLUMNS),
    ).astype("string")
    return events, mentions, documents


def synthetic_tables(n_events: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(events_df, mentions_df)``: ``n_events`` generated events and their mentions."""
    events, mentions, _ = synthetic_corpus(n_events, seed)
    return events, mentions
