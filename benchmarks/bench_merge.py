"""Merging at scale: speed and quality of ``timeline.merge.merge`` on generated mentions.

    python benchmarks/bench_merge.py                    # 10k and 100k mentions
    python benchmarks/bench_merge.py --sizes 2000       # a quick run

Generates real events (a day, a type, a perpetrator, a city, a distinctive
site word) spread over ten years, each told by one to four sources the way
news varies: a month or only the article's date instead of the day, a
compatible type (an attack for a bombing), a missing perpetrator, the country
instead of the city. Prints, per size: wall and CPU seconds (CPU time is the
figure to compare when the machine is shared), CPU microseconds per mention,
the process's peak resident memory after the merge, and B-cubed
precision/recall/F1 of the merged events against the generated truth.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import resource
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.evaluation.merging import bcubed  # noqa: E402
from timeline.events.model import ActorRef, EventMention  # noqa: E402
from timeline.merge import merge  # noqa: E402

TYPES = {"bombing": ["bombing", "armed_clash", "killing"], "armed_clash": ["armed_clash", "killing"],
         "airstrike": ["airstrike", "killing"], "killing": ["killing"], "arrest": ["arrest"]}
TRIGGERS = {"bombing": "bombing", "armed_clash": "attack", "killing": "killed", "airstrike": "airstrike", "arrest": "arrested"}
FILLER = ("officials", "residents", "police", "witnesses", "security", "forces", "gunmen", "market", "convoy", "checkpoint",
          "mosque", "school", "hospital", "bridge", "village", "district", "compound", "station", "border", "office")


def generate(n_mentions: int, seed: int = 0) -> tuple[list[EventMention], list[str]]:
    """``n_mentions`` mentions and, for each, the id of the real event it tells."""
    rng = random.Random(seed)
    countries = [f"Country{i}" for i in range(20)]
    cities = [(f"City{i}", countries[i % 20]) for i in range(300)]
    groups = [f"Group{i}" for i in range(30)]
    start = date(2014, 1, 1)
    mentions: list[EventMention] = []
    truth: list[str] = []
    k = 0
    while len(mentions) < n_mentions:
        etype = rng.choice(list(TYPES))
        day = start + timedelta(days=rng.randrange(3650))
        perp = rng.choice(groups)
        city, country = rng.choice(cities)
        site = f"site{rng.randrange(100000)}"
        fillers = rng.sample(FILLER, 4)
        for s in range(rng.choice((1, 1, 2, 2, 3, 4))):
            doc = f"d{k}-{s}"
            mtype = rng.choice(TYPES[etype])
            trigger = TRIGGERS[mtype]
            place, pcountry = (country, country) if rng.random() < 0.15 else (city, country)
            words = " ".join(rng.sample(fillers, 3))
            sentence = f"The {trigger} near the {site} in {place} hit {words}."
            r = rng.random()
            if r < 0.7:
                value, ds, de, precision = day.isoformat(), day.isoformat(), day.isoformat(), "day"
            elif r < 0.9:
                last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                value, ds, de, precision = day.strftime("%Y-%m"), day.replace(day=1).isoformat(), last.isoformat(), "month"
            else:
                dct = (day + timedelta(days=rng.randrange(4))).isoformat()
                value, ds, de, precision = dct, dct, dct, "reported"
            actors = [] if rng.random() < 0.3 else [ActorRef(name=perp, role="perpetrator", kind="armed_group")]
            at = 100 * s
            mentions.append(EventMention(
                doc_id=doc, sentence=sentence, char_start=at, char_end=at + len(sentence), trigger=trigger,
                trigger_start=at + 4, event_type=mtype, time=None, date=value, date_start=ds, date_end=de,
                precision=precision, actors=actors, location=place, country=pcountry,
            ))
            truth.append(f"E{k}")
            if len(mentions) == n_mentions:
                break
        k += 1
    return mentions, truth


def run(n: int) -> dict:
    mentions, truth = generate(n)
    t0, c0 = time.perf_counter(), time.process_time()
    events = merge(mentions)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    index = {id(m): i for i, m in enumerate(mentions)}
    system = {index[id(m)]: e.event_id for e in events for m in e.mentions}
    p, r, f = bcubed(system, dict(enumerate(truth)))
    return {"mentions": n, "true_events": len(set(truth)), "events": len(events), "seconds": seconds, "cpu_seconds": cpu,
            "us_per_mention": cpu / n * 1e6, "peak_mb": peak / 2**20, "bcubed_p": p, "bcubed_r": r, "bcubed_f1": f}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="mention counts, comma-separated")
    args = ap.parse_args(argv)
    print(f"{'mentions':>9} {'true':>7} {'events':>7} {'wall s':>8} {'CPU s':>8} {'CPU us/m':>9} {'peak MB':>8} "
          f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}")
    for n in (int(x) for x in args.sizes.split(",") if x):
        r = run(n)
        print(f"{r['mentions']:>9} {r['true_events']:>7} {r['events']:>7} {r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f} "
              f"{r['us_per_mention']:>9.0f} "
              f"{r['peak_mb']:>8.1f} {r['bcubed_p']:>6.3f} {r['bcubed_r']:>6.3f} {r['bcubed_f1']:>6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
