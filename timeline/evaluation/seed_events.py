"""Scoring an event table against the seed gold events (``tests/data/gold/seeds/events.csv``).

A system event matches a gold event when

- their dates are compatible: the system's ``date_start..date_end`` overlaps
  the gold date's days (gold ``date`` is a TIMEX3 value or a ``start/end``
  interval; ``date_mod`` BEFORE/AFTER makes the gold date a bound), and
- they share an actor (canonical names) or their types are compatible.

A system ``date_mod`` of AFTER or BEFORE opens the system interval on that side.

Pairs are matched one-to-one, greedily by score (type agreement, shared
actors, tightness of the dates). Reported:

- ``recall``: matched ``core`` gold events / all core gold events;
- ``precision``: system events matched to a core event / system events not
  matched to an ``optional`` gold event (those are neither right nor wrong);
- ``date_accuracy``: share of matched core pairs whose system date equals the
  gold value or lies within the gold date;
- ``actor_f1``: micro F1 of canonical actor names over matched pairs;
- ``role_accuracy``: share of gold perpetrators/targets (found by name in the
  gold role columns) that the system puts in the same role.

``python -m timeline.evaluation.seed_events [--seeds DIR] [--gold DIR] [--undated drop|reported] [--json] [--detail]``
builds the event table from the seeds and prints the scores (``--detail``: every matched pair, with the
actors and roles it misses).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

GOLD_DIR = Path("tests/data/gold/seeds")
MIN_DAY = date(1, 1, 1)
MAX_DAY = date(9999, 12, 31)

# Gold types outside the taxonomy, and the taxonomy types they correspond to.
TYPE_COMPAT = {
    "attack": {"bombing", "armed_clash", "airstrike", "killing"},
    "capture_of_territory": {"takeover"},
    "meeting": {"visit"},
    "testimony": {"report", "statement"},
    "statement": {"statement", "report"},
    "report": {"report", "statement"},
    "bombing": {"bombing", "armed_clash", "killing"},
    "killing": {"killing", "execution", "armed_clash", "airstrike", "bombing"},
    "airstrike": {"airstrike", "killing"},
    # gold types offensives, foundings, surrenders, prison releases and invasions as "other"
    "other": {"other", "founding", "armed_clash", "takeover", "arrest"},
}


def timex_days(value: str) -> tuple[date, date] | None:
    """First and last day a TIMEX3 date value covers: ``2021-08`` -> (2021-08-01, 2021-08-31)."""
    value = (value or "").strip()
    if "/" in value:
        a, _, b = value.partition("/")
        da, db = timex_days(a), timex_days(b)
        if da is None or db is None:
            return None
        return da[0], db[1]
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if m:
        d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d, d + timedelta(days=6)
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value)
    if m:
        y = int(m[1])
        return {"SP": (date(y, 3, 1), date(y, 5, 31)), "SU": (date(y, 6, 1), date(y, 8, 31)),
                "FA": (date(y, 9, 1), date(y, 11, 30)), "AU": (date(y, 9, 1), date(y, 11, 30)),
                "WI": (date(y, 12, 1), date(y + 1, 2, 28))}[m[2]]
    m = re.fullmatch(r"(\d{4})-Q(\d)", value)
    if m:
        y, q = int(m[1]), int(m[2])
        end_month = q * 3
        return date(y, end_month - 2, 1), date(y, end_month, calendar.monthrange(y, end_month)[1])
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    m = re.fullmatch(r"(\d{3})", value)
    if m:
        return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
    m = re.fullmatch(r"(\d{2})", value)
    if m:
        return date(max(1, int(m[1]) * 100), 1, 1), date(int(m[1]) * 100 + 99, 12, 31)
    return None


def _day(s) -> date | None:
    if s is None or (isinstance(s, float) and pd.isna(s)) or s is pd.NA:
        return None
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


@dataclass
class GoldEvent:
    event_id: str
    value: str
    mod: str
    event_type: str
    status: str
    actors: set[str]
    perpetrators: set[str]
    targets: set[str]
    days: tuple[date, date] | None
    bounds: tuple[date, date] | None = None  # the days the gold date allows, with BEFORE/AFTER open ends

    def __post_init__(self):
        if self.days is None:
            self.bounds = None
        elif self.mod == "BEFORE":
            self.bounds = (MIN_DAY, self.days[1])
        elif self.mod == "AFTER":
            self.bounds = (self.days[0], MAX_DAY)
        else:
            self.bounds = self.days


@dataclass
class SystemEvent:
    index: int
    value: str
    start: date | None
    end: date | None
    event_type: str
    actors: set[str]
    perpetrators: set[str]
    targets: set[str]
    raw: dict = field(default_factory=dict)


def _norm_name(name: str) -> str:
    toks = [t for t in re.split(r"\s+", name.strip()) if not re.fullmatch(r"[A-Z]\.", t)]
    return " ".join(toks).lower()


def _split(cell) -> list[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [x.strip() for x in re.split(r";\s*", str(cell)) if x.strip()]


def _names_in(text: str, names: dict[str, str]) -> set[str]:
    """Canonical names whose alias occurs in a free-text gold role cell (longest alias first, no overlaps)."""
    found = set()
    taken: list[tuple[int, int]] = []
    for alias in sorted(names, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.add(names[alias])
    return found


def load_gold(gold_csv: str | Path) -> list[GoldEvent]:
    gold_csv = Path(gold_csv)
    aliases_csv = gold_csv.with_name("aliases.csv")
    names: dict[str, str] = {}
    ambiguous: set[str] = set()
    if aliases_csv.exists():
        for r in csv.DictReader(open(aliases_csv, encoding="utf-8")):
            alias, canon = r["alias"], _norm_name(r["canonical"])
            if len(alias) >= 2:
                if names.get(alias, canon) != canon:
                    ambiguous.add(alias)
                names[alias] = canon
    for alias in ambiguous:
        del names[alias]
    out = []
    for r in csv.DictReader(open(gold_csv, encoding="utf-8")):
        actors = {_norm_name(a) for a in _split(r.get("actors"))}
        for a in _split(r.get("actors")):
            names.setdefault(a, _norm_name(a))
        out.append(GoldEvent(
            r["event_id"], r["date"], (r.get("date_mod") or "").strip(), r["event_type"], r.get("status", "core"),
            actors, _names_in(r.get("perpetrator") or "", names), _names_in(r.get("target_or_victim") or "", names),
            timex_days(r["date"]),
        ))
    return out


def system_events(df: pd.DataFrame) -> list[SystemEvent]:
    out = []
    for i, r in enumerate(df.to_dict("records")):
        start, end = _day(r.get("date_start")), _day(r.get("date_end"))
        if start is None or end is None:
            days = timex_days(str(r.get("date") or ""))
            if days:
                start, end = days
        mod = r.get("date_mod")
        mod = "" if mod is None or mod is pd.NA or (isinstance(mod, float) and pd.isna(mod)) else str(mod)
        if start is not None and mod == "AFTER":
            end = MAX_DAY  # "after Thursday": an open interval
        elif end is not None and mod == "BEFORE":
            start = MIN_DAY
        out.append(SystemEvent(
            i, str(r.get("date") or ""), start, end, str(r.get("event_type") or ""),
            {_norm_name(a) for a in _split(r.get("actors"))},
            {_norm_name(a) for a in _split(r.get("perpetrators"))},
            {_norm_name(a) for a in _split(r.get("targets"))}, r,
        ))
    return out


def types_compatible(gold_type: str, sys_type: str) -> bool:
    return sys_type == gold_type or sys_type in TYPE_COMPAT.get(gold_type, set())


def _pair_score(g: GoldEvent, s: SystemEvent) -> float | None:
    if g.bounds is None or s.start is None or s.end is None:
        return None
    if s.end < g.bounds[0] or s.start > g.bounds[1]:
        return None
    shared = len(g.actors & s.actors)
    typed = types_compatible(g.event_type, s.event_type)
    if not shared and not typed:
        return None
    within = g.bounds[0] <= s.start and s.end <= g.bounds[1]
    union = len(g.actors | s.actors) or 1
    same_span = g.days is not None and (s.end - s.start) == (g.days[1] - g.days[0])
    bound = g.mod in ("BEFORE", "AFTER")  # a gold date that is only a bound is weaker evidence
    return (2.0 * typed + shared / union + (1.0 if within else 0.0) + (1.0 if s.value == g.value else 0.0)
            + (0.5 if same_span else 0.0) - (1.0 if bound else 0.0) + (0.25 if g.status == "core" else 0.0))


def date_correct(g: GoldEvent, s: SystemEvent) -> bool:
    if s.value == g.value:
        return True
    if g.bounds is None or s.start is None or s.end is None:
        return False
    return g.bounds[0] <= s.start and s.end <= g.bounds[1]


def match(gold: list[GoldEvent], system: list[SystemEvent]) -> list[tuple[GoldEvent, SystemEvent, float]]:
    """One-to-one matching, greedy by score."""
    pairs = []
    for g in gold:
        for s in system:
            sc = _pair_score(g, s)
            if sc is not None:
                pairs.append((sc, g.event_id, s.index, g, s))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g: set[str] = set()
    used_s: set[int] = set()
    out = []
    for sc, gid, si, g, s in pairs:
        if gid in used_g or si in used_s:
            continue
        used_g.add(gid)
        used_s.add(si)
        out.append((g, s, sc))
    return out


def score_events(events_df: pd.DataFrame, gold_csv: str | Path = GOLD_DIR / "events.csv") -> dict:
    """Scores of an event table against the gold events (see the module docstring)."""
    gold = load_gold(gold_csv)
    system = system_events(events_df)
    pairs = match(gold, system)
    core = [g for g in gold if g.status == "core"]
    core_pairs = [(g, s) for g, s, _ in pairs if g.status == "core"]
    optional_matched = sum(1 for g, _, _ in pairs if g.status != "core")
    judged = len(system) - optional_matched
    tp = fp = fn = 0
    role_total = role_right = 0
    for g, s in core_pairs:
        tp += len(g.actors & s.actors)
        fp += len(s.actors - g.actors)
        fn += len(g.actors - s.actors)
        for name in g.perpetrators:
            role_total += 1
            role_right += name in s.perpetrators
        for name in g.targets:
            role_total += 1
            role_right += name in s.targets
    p_act = tp / (tp + fp) if tp + fp else 0.0
    r_act = tp / (tp + fn) if tp + fn else 0.0
    matched_ids = {g.event_id for g, _ in core_pairs}
    return {
        "n_gold_core": len(core),
        "n_system": len(system),
        "matched_core": len(core_pairs),
        "matched_optional": optional_matched,
        "recall": len(core_pairs) / len(core) if core else 0.0,
        "precision": len(core_pairs) / judged if judged else 0.0,
        "date_accuracy": (sum(date_correct(g, s) for g, s in core_pairs) / len(core_pairs)) if core_pairs else 0.0,
        "actor_f1": (2 * p_act * r_act / (p_act + r_act)) if p_act + r_act else 0.0,
        "role_accuracy": role_right / role_total if role_total else 0.0,
        "missed_core": [g.event_id for g in core if g.event_id not in matched_ids],
        "wrong_date": [(g.event_id, s.value, g.value) for g, s in core_pairs if not date_correct(g, s)],
        "false_events": [int(s.index) for s in system if s.index not in {p[1].index for p in pairs}],
        "pairs": [_pair_detail(g, s) for g, s, _ in sorted(pairs, key=lambda p: p[0].event_id)],
    }


def _pair_detail(g: GoldEvent, s: SystemEvent) -> dict:
    """One matched pair, for reading: what was matched to what, and which actors and roles differ."""
    return {
        "event_id": g.event_id, "status": g.status, "gold_date": g.value, "gold_type": g.event_type,
        "date": s.value, "event_type": s.event_type, "trigger": str(s.raw.get("trigger") or ""),
        "type_agrees": types_compatible(g.event_type, s.event_type), "date_correct": date_correct(g, s),
        "missing_actors": sorted(g.actors - s.actors), "extra_actors": sorted(s.actors - g.actors),
        "missed_perpetrators": sorted(g.perpetrators - s.perpetrators),
        "missed_targets": sorted(g.targets - s.targets),
        "evidence": str(s.raw.get("evidence") or ""),
    }


# --------------------------------------------------------------------------- building the seed table


def seed_documents(seeds_dir: str | Path = "seeds", gold_dir: str | Path = GOLD_DIR):
    """The seed articles as Documents, with ids, publishers and DCTs from the gold metadata."""
    from timeline.document import Document

    docs = []
    for r in csv.DictReader(open(Path(gold_dir) / "metadata.csv", encoding="utf-8")):
        path = Path(seeds_dir) / r["file"]
        text = path.read_text(encoding="utf-8")
        docs.append(Document(r["doc_id"], text, title=r.get("title", ""), publisher=r.get("publisher", ""),
                             published=r.get("published") or None, published_source="manifest", path=str(path)))
    return docs


def mention_rows(mentions) -> pd.DataFrame:
    """Event mentions as event-table rows, one per mention (no merging)."""
    from timeline.schema import EVENT_COLUMNS, LIST_SEP, conform

    rows = []
    for m in mentions:
        rows.append({
            "date": m.date, "date_start": m.date_start, "date_end": m.date_end, "precision": m.precision,
            "date_mod": m.date_mod, "event_type": m.event_type, "trigger": m.trigger,
            "actors": LIST_SEP.join(m.actor_names),
            "perpetrators": LIST_SEP.join(dict.fromkeys(m.actors_in("perpetrator"))),
            "targets": LIST_SEP.join(dict.fromkeys(m.actors_in("target"))),
            "location": m.location, "country": m.country, "n_sources": 1, "doc_ids": m.doc_id,
            "publishers": m.publisher, "evidence": m.sentence, "n_mentions": 1,
        })
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


def seed_table(seeds_dir: str | Path = "seeds", gold_dir: str | Path = GOLD_DIR, undated: str = "drop",
               merged: bool = True) -> pd.DataFrame:
    """The event table of the seeds: tag, extract, then merge across documents when ``merged``.

    With the default options this is exactly what ``timeline.pipeline.build`` produces.
    """
    from timeline.events import extract
    from timeline.temporal import tag

    docs = seed_documents(seeds_dir, gold_dir)
    if merged and undated == "drop":
        try:
            from timeline.pipeline import build
        except ImportError:
            build = None
        if build is not None:
            return build(docs).events
    mentions = []
    for doc in docs:
        mentions.extend(extract(doc, tag(doc.text, dct=doc.published), undated=undated))
    if not merged:
        return mention_rows(mentions)
    from timeline.merge import merge
    from timeline.table import events_frame

    return events_frame(merge(mentions))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="timeline.evaluation.seed_events", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="seeds")
    ap.add_argument("--gold", default=str(GOLD_DIR))
    ap.add_argument("--undated", choices=("drop", "reported"), default="drop")
    ap.add_argument("--unmerged", action="store_true", help="score one row per event mention")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--detail", action="store_true", help="print every matched pair with its actor and role differences")
    args = ap.parse_args(argv)
    df = seed_table(args.seeds, args.gold, undated=args.undated, merged=not args.unmerged)
    scores = score_events(df, Path(args.gold) / "events.csv")
    if args.json:
        print(json.dumps(scores, indent=2, default=str))
    else:
        for k in ("n_gold_core", "n_system", "matched_core", "matched_optional", "recall", "precision",
                  "date_accuracy", "actor_f1", "role_accuracy"):
            v = scores[k]
            print(f"{k:18} {v:.3f}" if isinstance(v, float) else f"{k:18} {v}")
        print("missed core       ", ", ".join(scores["missed_core"]))
        print("wrong dates       ", "; ".join(f"{g}: {s} vs {v}" for g, s, v in scores["wrong_date"]))
        if args.detail:
            for p in scores["pairs"]:
                flags = ("" if p["type_agrees"] else " TYPE?") + ("" if p["date_correct"] else " DATE?")
                print(f"{p['event_id']} [{p['status']}] {p['gold_date']} {p['gold_type']} <- {p['date']} "
                      f"{p['event_type']} [{p['trigger']}]{flags}")
                for k in ("missing_actors", "extra_actors", "missed_perpetrators", "missed_targets"):
                    if p[k]:
                        print(f"    {k}: {', '.join(p[k])}")
                print(f"    {p['evidence'][:160]!r}")
        for i in scores["false_events"]:
            r = df.iloc[i]
            print(f"false event        {r['date']} {r['event_type']} [{r['trigger']}] {str(r['evidence'])[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
