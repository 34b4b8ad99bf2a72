"""``timeline eval seeds``: build the seed corpus and score it against the seed gold.

Prints three blocks: time mentions (extent recall, value accuracy), events
(recall, precision, date accuracy, actor F1, role accuracy) and merging
(B-cubed, split and over-merged gold events). ``--json`` prints the figures as
one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from timeline.evaluation.merging import score_merging
from timeline.evaluation.seed_events import score_events
from timeline.evaluation.seed_mentions import score_seed_mentions
from timeline.pipeline import build_paths, seeds_dir

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold" / "seeds"


def score_seeds(seeds: str | Path | None = None, gold: str | Path | None = None) -> dict:
    seeds = Path(seeds or seeds_dir())
    gold = Path(gold or DEFAULT_GOLD)
    result = build_paths([seeds])
    return {
        "mentions": score_seed_mentions(gold_dir=str(gold), seeds_dir=str(seeds)),
        "events": score_events(result.events, gold_csv=str(gold / "events.csv")),
        "merging": score_merging(result.events, result.mentions, gold_csv=str(gold / "events.csv"), seeds_dir=str(seeds)),
        "n_documents": len(result.documents),
        "n_events": len(result.events),
        "n_event_mentions": len(result.mentions),
    }


def _fmt(block: dict) -> str:
    lines = []
    for k, v in block.items():
        if isinstance(v, float):
            lines.append(f"  {k:<28} {v:.3f}")
        elif isinstance(v, (int, str)):
            lines.append(f"  {k:<28} {v}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="timeline eval seeds", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", help="seed directory (default: the project's seeds/)")
    ap.add_argument("--gold", help="gold directory (default: tests/data/gold/seeds)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    scores = score_seeds(args.seeds, args.gold)
    if args.json:
        print(json.dumps(scores, indent=2, default=str))
        return 0
    print(f"seed corpus: {scores['n_documents']} documents, {scores['n_event_mentions']} event mentions, {scores['n_events']} events")
    for name in ("mentions", "events", "merging"):
        print(f"\n[{name}]")
        print(_fmt(scores[name]))
    return 0
