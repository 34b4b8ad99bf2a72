"""Score the temporal tagger on the seed gold mentions.

    python -m timeline.evaluation.seed_mentions [--gold DIR] [--seeds DIR] [--errors]

Gold rows come from ``mentions.csv``; the DCT of each seed is ``published`` in
``metadata.csv``. Only ``core`` rows are scored; ``optional`` rows are don't-care
(a system mention overlapping one is neither right nor wrong).

- extent recall: share of core gold mentions overlapped by a system mention (one to one);
- value accuracy: share of core gold mentions whose aligned system mention has the gold value;
- precision: system mentions that overlap any gold mention (core or optional) over all
  system mentions.
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass
from pathlib import Path

from timeline.evaluation.tempeval import align
from timeline.temporal import tag

_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class GoldMention:
    doc_id: str
    start: int
    end: int
    text: str
    value: str
    status: str


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def score_seed_mentions(gold_dir: str = "tests/data/gold/seeds", seeds_dir: str = "seeds",
                        details: bool = False) -> dict:
    """Extent recall, value accuracy (core rows) and precision of the tagger on the seeds."""
    gold_dir_p, seeds_dir_p = Path(gold_dir), Path(seeds_dir)
    if not gold_dir_p.is_absolute() and not gold_dir_p.exists():
        gold_dir_p = _ROOT / gold_dir_p
    if not seeds_dir_p.is_absolute() and not seeds_dir_p.exists():
        seeds_dir_p = _ROOT / seeds_dir_p
    meta = _read_csv(gold_dir_p / "metadata.csv")
    gold = [GoldMention(r["doc_id"], int(r["char_start"]), int(r["char_end"]), r["text"], r["value"],
                        r.get("status") or "core") for r in _read_csv(gold_dir_p / "mentions.csv")]
    n_core = found = value_ok = n_sys = sys_ok = 0
    problems: list[str] = []
    for row in meta:
        text = (seeds_dir_p / row["file"]).read_text(encoding="utf-8")
        system = tag(text, row["published"] or None)
        doc_gold = [g for g in gold if g.doc_id == row["doc_id"]]
        core = [g for g in doc_gold if g.status == "core"]
        n_core += len(core)
        pairs = align(system, core)
        for i, j in pairs:
            found += 1
            if system[i].value == core[j].value:
                value_ok += 1
            elif details:
                problems.append(f"{row['doc_id']} value {core[j].text!r}: gold {core[j].value}, system {system[i].value}")
        matched_core = {j for _, j in pairs}
        if details:
            for j, g in enumerate(core):
                if j not in matched_core:
                    problems.append(f"{row['doc_id']} missed {g.text!r} ({g.value}) at {g.start}")
        for s in system:
            n_sys += 1
            if any(s.start < g.end and g.start < s.end for g in doc_gold):
                sys_ok += 1
            elif details:
                problems.append(f"{row['doc_id']} spurious {s.text!r} ({s.value}) at {s.start}")
    out = {
        "core_gold": n_core,
        "system": n_sys,
        "extent_recall": found / n_core if n_core else 0.0,
        "value_accuracy": value_ok / n_core if n_core else 0.0,
        "precision": sys_ok / n_sys if n_sys else 0.0,
    }
    if details:
        out["problems"] = problems
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="seed_mentions", description="Score the temporal tagger on the seed gold.")
    ap.add_argument("--gold", default="tests/data/gold/seeds")
    ap.add_argument("--seeds", default="seeds")
    ap.add_argument("--errors", action="store_true", help="list every miss, wrong value and spurious mention")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    scores = score_seed_mentions(args.gold, args.seeds, details=args.errors)
    if args.json:
        print(json.dumps(scores, indent=2))
        return 0
    print(f"seed time mentions: {scores['core_gold']} core gold, {scores['system']} system")
    for k in ("extent_recall", "value_accuracy", "precision"):
        print(f"  {k:<16} {scores[k]:.3f}")
    for p in scores.get("problems", []):
        print("  " + p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
