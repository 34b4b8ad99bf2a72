"""Scoring the merging of event mentions against gold event clusters.

Each system mention is mapped to a gold event through its document and its
evidence: the gold table gives one quote per document (``evidence``, quotes in
``doc_ids`` order joined with `` || ``), located in the seed text.

1. A mention's candidates are the gold events whose quote overlaps its
   evidence span and holds its trigger or its time expression (a sentence
   often carries quotes of several events; the trigger says which one the
   mention is about). A mention without offsets falls back to text containment.
2. Among the candidates, the ones whose type or date contradict the
   mention's come last, then the ones whose type agrees only loosely; then a
   quote holding the trigger wins, then one whose type and date both agree,
   then one also holding the time expression, then the shortest quote (so of
   two quotes holding the trigger, the event the mention agrees with wins:
   "the U.S.-led invasion" in the quotes of the invasion, 2001, and of the
   regime it ended, the 1990s). A gold event's type agrees
   when it is the mention's type or a corresponding one (gold ``attack`` for
   a system ``bombing``, as in :mod:`timeline.evaluation.seed_events`); the
   catch-all gold type ``other`` agrees only loosely with a specific type.
   Its date agrees when the mention's days lie within the gold date (a gold
   date that is only a bound, ``BEFORE``/``AFTER``, agrees loosely).
3. The gold table quotes one sentence per event and document, but a
   document may tell an event in several sentences, and one sentence may
   name an event inside the quote of another ("released from prison after
   they seized control of the country" is quoted for the release; "seized"
   tells the takeover). So when the chosen candidate's type agrees only
   loosely or its date contradicts the mention's, and exactly one gold event
   of the same document agrees on both type and date, the mention maps to
   that event.

System mentions that map to no gold event are left out of the scores (their
number is reported as ``n_unmapped``). Mentions are keyed by their row.

Figures: B-cubed precision, recall and F1 over the mapped mentions; gold events
split over more than one system row; system rows that merge mentions of more
than one gold event.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd

from timeline.evaluation.seed_events import timex_days, types_compatible

DEFAULT_GOLD = "tests/data/gold/seeds/events.csv"
GOLD_EVIDENCE_SEP = " || "


def _doc_texts(gold_csv: Path, seeds_dir: str | Path | None) -> dict[str, str]:
    """Seed texts by doc id, using the gold ``metadata.csv`` (file -> doc_id) next to ``gold_csv``."""
    if not seeds_dir:
        return {}
    seeds = Path(seeds_dir)
    meta = gold_csv.parent / "metadata.csv"
    texts: dict[str, str] = {}
    if meta.exists():
        with open(meta, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                path = seeds / row["file"]
                if path.exists():
                    texts[row["doc_id"]] = path.read_text(encoding="utf-8")
    return texts


def gold_quotes(gold_csv: str | Path, seeds_dir: str | Path | None = None) -> list[dict]:
    """One record per (gold event, document): the quote and, when the text is known, its span."""
    gold_csv = Path(gold_csv)
    texts = _doc_texts(gold_csv, seeds_dir)
    gold = pd.read_csv(gold_csv, dtype=str, keep_default_na=False)
    out = []
    for row in gold.itertuples(index=False):
        docs = [d.strip() for d in row.doc_ids.replace(";", " ; ").split(";") if d.strip()]
        quotes = row.evidence.split(GOLD_EVIDENCE_SEP)
        value = str(getattr(row, "date", "") or "").strip()
        days = timex_days(value) if value else None
        for doc, quote in zip(docs, quotes):
            quote = quote.strip()
            start = texts[doc].find(quote) if doc in texts and quote else -1
            out.append({
                "gold_id": row.event_id,
                "status": getattr(row, "status", ""),
                "doc_id": doc,
                "quote": quote,
                "start": start if start >= 0 else None,
                "end": start + len(quote) if start >= 0 else None,
                "event_type": str(getattr(row, "event_type", "") or "").strip(),
                "days": days,
                "bound": str(getattr(row, "date_mod", "") or "").strip() in ("BEFORE", "AFTER"),
            })
    return out


def _int(v) -> int | None:
    try:
        if v is None or pd.isna(v):
            return None
        return int(v)
    except (TypeError, ValueError):
        return None


def _day(v) -> date | None:
    if v is None or not isinstance(v, str) or not v.strip():
        return None
    try:
        return date.fromisoformat(v.strip()[:10])
    except ValueError:
        return None


def agreement(q: dict, event_type: str, start: date | None, end: date | None) -> tuple[int, int]:
    """How well gold quote record ``q``'s event agrees with a mention: ``(type, date)``, each
    2 (agrees), 1 (loosely, or unknown) or 0 (contradicts)."""
    gold_type = q.get("event_type") or ""
    if not gold_type or not event_type:
        type_level = 1
    elif event_type == gold_type or (gold_type != "other" and types_compatible(gold_type, event_type)):
        type_level = 2
    elif types_compatible(gold_type, event_type):
        type_level = 1  # the catch-all gold type
    else:
        type_level = 0
    days = q.get("days")
    if days is None or start is None or end is None:
        date_level = 1
    elif end < days[0] or start > days[1]:
        date_level = 1 if q.get("bound") else 0
    elif days[0] <= start and end <= days[1] and not q.get("bound"):
        date_level = 2
    else:
        date_level = 1
    return type_level, date_level


def map_mentions(mentions_df: pd.DataFrame, quotes: list[dict]) -> dict[int, str]:
    """Row position in ``mentions_df`` -> gold event id, for the mentions that map to one (see the module docstring)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for q in quotes:
        by_doc[q["doc_id"]].append(q)
    mapped: dict[str, str] = {}
    for row, m in enumerate(mentions_df.to_dict("records")):
        doc = m.get("doc_id")
        cs, ce = _int(m.get("char_start")), _int(m.get("char_end"))
        trig, tstart = _int(m.get("trigger_start")), _int(m.get("time_start"))
        sentence = m.get("sentence") if isinstance(m.get("sentence"), str) else ""
        etype = m.get("event_type") if isinstance(m.get("event_type"), str) else ""
        start, end = _day(m.get("date_start")), _day(m.get("date_end"))
        if start is None or end is None:
            start = end = None
        cands = []
        for q in by_doc.get(doc, []):
            if q["start"] is not None and cs is not None and ce is not None:
                overlap = min(ce, q["end"]) - max(cs, q["start"])
                if overlap <= 0:
                    continue
                has_trig = trig is not None and q["start"] <= trig < q["end"]
                has_time = tstart is not None and q["start"] <= tstart < q["end"]
                if not has_trig and not has_time and (trig is not None or tstart is not None):
                    continue
            elif q["quote"] and sentence and (q["quote"] in sentence or sentence in q["quote"]):
                overlap, has_trig, has_time = min(len(q["quote"]), len(sentence)), False, False
            else:
                continue
            agree = agreement(q, etype, start, end)
            key = (int(min(agree) == 0), int(agree[0] < 2), int(not has_trig), int(agree != (2, 2)), int(not has_time),
                   len(q["quote"]) if has_trig else -overlap)
            cands.append((key, q["gold_id"], agree))
        if not cands:
            continue
        _, gold_id, agree = min(cands)
        if agree[0] < 2 or agree[1] == 0:
            # the quote holding the mention tells another event: one of the document's that agrees
            others = {q["gold_id"] for q in by_doc[doc] if agreement(q, etype, start, end) == (2, 2)}
            if len(others) == 1:
                gold_id = next(iter(others))
        mapped[row] = gold_id
    return mapped


def bcubed(system: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``system`` (item -> cluster) against ``gold``, over their common items."""
    items = sorted(set(system) & set(gold))
    if not items:
        return 0.0, 0.0, 0.0
    sys_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for i in items:
        sys_members[system[i]].add(i)
        gold_members[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        s, g = sys_members[system[i]], gold_members[gold[i]]
        both = len(s & g)
        p += both / len(s)
        r += both / len(g)
    p, r = p / len(items), r / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_merging(
    events_df: pd.DataFrame,
    mentions_df: pd.DataFrame,
    gold_csv: str | Path = DEFAULT_GOLD,
    seeds_dir: str | Path | None = "seeds",
) -> dict:
    """Score the merged events against the gold clusters (see the module docstring)."""
    quotes = gold_quotes(gold_csv, seeds_dir)
    mapping = map_mentions(mentions_df, quotes)
    system = {row: e for row, e in enumerate(mentions_df["event_id"]) if row in mapping}
    p, r, f = bcubed(system, mapping)
    rows_of_gold: dict[str, set[str]] = defaultdict(set)
    gold_of_row: dict[str, set[str]] = defaultdict(set)
    for mid, gid in mapping.items():
        rows_of_gold[gid].add(system[mid])
        gold_of_row[system[mid]].add(gid)
    split = {g: sorted(rows) for g, rows in sorted(rows_of_gold.items()) if len(rows) > 1}
    merged = {row: sorted(gs) for row, gs in sorted(gold_of_row.items()) if len(gs) > 1}
    gold_events = {q["gold_id"] for q in quotes}
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "n_mentions": int(len(mentions_df)),
        "n_mapped": len(mapping),
        "n_unmapped": int(len(mentions_df)) - len(mapping),
        "n_events": int(len(events_df)),
        "n_gold_events": len(gold_events),
        "n_gold_events_found": len(rows_of_gold),
        "n_split_gold_events": len(split),
        "n_merged_rows": len(merged),
        "split_gold_events": split,
        "merged_rows": merged,
        "gold_quotes_not_found": sum(1 for q in quotes if q["start"] is None) if seeds_dir else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline.evaluation.merging", description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", help="event table (CSV); default: build the seeds")
    ap.add_argument("--mentions", help="event-mentions table (CSV); default: build the seeds")
    ap.add_argument("--gold", default=DEFAULT_GOLD, help="gold events.csv (default: %(default)s)")
    ap.add_argument("--seeds", default="seeds", help="seed directory (default: %(default)s)")
    ap.add_argument("--show", action="store_true", help="also print every merge and its reasons")
    args = ap.parse_args(argv)
    if args.events and args.mentions:
        events = pd.read_csv(args.events, dtype=str, keep_default_na=False)
        mentions = pd.read_csv(args.mentions, dtype=str, keep_default_na=False)
    else:
        from timeline.pipeline import build_paths

        result = build_paths([args.seeds])
        events, mentions = result.events, result.mentions
    scores = score_merging(events, mentions, gold_csv=args.gold, seeds_dir=args.seeds)
    print(json.dumps(scores, indent=2))
    if args.show:
        for row in events.itertuples(index=False):
            if row.merge_reasons:
                print(f"\n{row.event_id} {row.date} {row.event_type} {row.title!r} [{row.doc_ids}]")
                for note in str(row.merge_reasons).split("; "):
                    print("   ", note)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
