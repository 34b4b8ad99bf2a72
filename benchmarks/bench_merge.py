"""Merging at scale: speed, quality and memory of ``timeline.merge`` on generated mentions.

    python benchmarks/bench_merge.py                    # 10k and 100k mentions
    python benchmarks/bench_merge.py --sizes 2000       # a quick run
    python benchmarks/bench_merge.py --memory 30000,100000,300000
                                                        # memory: merge_stream vs merge

Generates real events (a day, a type, a perpetrator, a city, a distinctive
site word) spread over ten years, each told by one to four sources the way
news varies: a month or only the article's date instead of the day, a
compatible type (an attack for a bombing), a missing perpetrator, the country
instead of the city. Prints, per size: wall and CPU seconds (CPU time is the
figure to compare when the machine is shared), CPU microseconds per mention,
the process's peak resident memory after the merge, and B-cubed
precision/recall/F1 of the merged events against the generated truth.

``--memory`` compares, per size, ``merge`` (the whole batch in a list) with
``merge_stream`` (mentions generated in ``stream_key`` order, a year at a
time, statistics from a first pass over the same generator, events written
to a CSV file as they come and not kept). Both write the event table to CSV.
The years the mentions span grow with the size (``--per-year`` mentions a
year), so a flat memory figure means memory bounded by the window, not by
the batch. Each run is a process of its own; printed: peak resident memory
of that process, the part of it added while merging (the peak minus the
memory held when the merge starts, the input list included for ``merge``),
CPU seconds per 10k mentions (for the stream both passes, generating the
mentions left out), and for the stream the most events alive at once. ``--lookback`` overrides ``reported_lookback_years``, which sets how
many years an event stays within reach.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.evaluation.merging import bcubed  # noqa: E402
from timeline.events.model import ActorRef, EventMention  # noqa: E402
from timeline.merge import MergeRules, StreamCounters, merge, merge_stats, merge_stream, stream_key  # noqa: E402

TYPES = {"bombing": ["bombing", "armed_clash", "killing"], "armed_clash": ["armed_clash", "killing"],
         "airstrike": ["airstrike", "killing"], "killing": ["killing"], "arrest": ["arrest"]}
TRIGGERS = {"bombing": "bombing", "armed_clash": "attack", "killing": "killed", "airstrike": "airstrike", "arrest": "arrested"}
FILLER = ("officials", "residents", "police", "witnesses", "security", "forces", "gunmen", "market", "convoy", "checkpoint",
          "mosque", "school", "hospital", "bridge", "village", "district", "compound", "station", "border", "office")


class _World:
    """The countries, cities and armed groups generated events happen in and are done by."""

    def __init__(self) -> None:
        countries = [f"Country{i}" for i in range(20)]
        self.cities = [(f"City{i}", countries[i % 20]) for i in range(300)]
        self.groups = [f"Group{i}" for i in range(30)]


def generate(n_mentions: int, seed: int = 0) -> tuple[list[EventMention], list[str]]:
    """``n_mentions`` mentions and, for each, the id of the real event it tells."""
    rng = random.Random(seed)
    world = _World()
    start = date(2014, 1, 1)
    mentions: list[EventMention] = []
    truth: list[str] = []
    k = 0
    while len(mentions) < n_mentions:
        for m in _event_mentions(rng, world, k, lambda r: start + timedelta(days=r.randrange(3650))):
            mentions.append(m)
            truth.append(f"E{k}")
            if len(mentions) == n_mentions:
                break
        k += 1
    return mentions, truth


def generate_ordered(n_mentions: int, per_year: int, seed: int = 0):
    """``n_mentions`` mentions over ``n_mentions / per_year`` years from 2000, yielded in ``stream_key`` order.

    Events are made a year at a time; a mention is yielded once no event still
    to be made can give one that sorts before it (no mention sorts before its
    event's day). Holds one year of mentions at a time.
    """
    rng = random.Random(seed)
    world = _World()
    events_per_year = max(1, round(per_year / 2.2))  # 2.2 mentions per event on average
    made = 0
    k = 0
    pending: list[tuple[str, int, EventMention]] = []
    year = 2000
    while made < n_mentions:
        first = date(year, 1, 1)
        days = sorted(rng.randrange(365) for _ in range(events_per_year))
        for d in days:
            for m in _event_mentions(rng, world, k, lambda r, day=first + timedelta(days=d): day):
                pending.append((stream_key(m), made, m))
                made += 1
                if made == n_mentions:
                    break
            k += 1
            if made == n_mentions:
                break
        year += 1
        limit = f"{year:04d}-01-01"
        pending.sort(key=lambda x: (x[0], x[1]))
        cut = next((i for i, x in enumerate(pending) if x[0] >= limit), len(pending))
        if made == n_mentions:
            cut = len(pending)
        for _, _, m in pending[:cut]:
            yield m
        del pending[:cut]


def _event_mentions(rng: random.Random, world: _World, k: int, when):
    """The mentions of one generated event on the day ``when(rng)`` gives: one to four sources."""
    etype = rng.choice(list(TYPES))
    day = when(rng)
    perp = rng.choice(world.groups)
    city, country = rng.choice(world.cities)
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
        yield EventMention(
            doc_id=doc, sentence=sentence, char_start=at, char_end=at + len(sentence), trigger=trigger,
            trigger_start=at + 4, event_type=mtype, time=None, date=value, date_start=ds, date_end=de,
            precision=precision, actors=actors, location=place, country=pcountry,
        )


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


def _rss_mb() -> float:
    """The resident memory of this process now, in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _write_events(events, path: Path) -> int:
    """Write events to a CSV file as they come; how many."""
    from timeline.table import event_row

    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = None
        for e in events:
            row = event_row(e, {})
            if out is None:
                out = csv.DictWriter(f, fieldnames=list(row))
                out.writeheader()
            out.writerow(row)
            n += 1
    return n


def memory_one(mode: str, n: int, per_year: int, lookback: int | None) -> dict:
    """One memory run in this process: ``mode`` is ``merge`` or ``stream``."""
    rules = MergeRules.load()
    if lookback is not None:
        rules.weights["reported_lookback_years"] = float(lookback)
    out = Path(tempfile.mkdtemp()) / "events.csv"
    counters = StreamCounters()
    if mode == "merge":
        mentions = list(generate_ordered(n, per_year))
        before = _rss_mb()
        c0 = time.process_time()
        n_events = _write_events(merge(mentions, rules=rules), out)
    else:
        g0 = time.process_time()
        for _ in generate_ordered(n, per_year):  # what generating costs, to leave out of the merge's time
            pass
        generating = time.process_time() - g0
        before = _rss_mb()
        c0 = time.process_time() + 2 * generating  # the stream generates its mentions twice
        stats = merge_stats(generate_ordered(n, per_year), rules=rules)
        n_events = _write_events(merge_stream(generate_ordered(n, per_year), rules=rules, stats=stats,
                                              counters=counters), out)
    cpu = time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    out.unlink()
    return {"mode": mode, "mentions": n, "years": round(n / per_year, 1), "events": n_events, "peak_mb": peak,
            "merge_mb": peak - before, "cpu_per_10k": cpu / n * 1e4, "live_peak": counters.live_peak}


def memory_rows(sizes: list[int], per_year: int, lookback: int | None) -> list[dict]:
    rows = []
    for n in sizes:
        for mode in ("stream", "merge"):
            cmd = [sys.executable, __file__, "--one", mode, str(n), "--per-year", str(per_year)]
            if lookback is not None:
                cmd += ["--lookback", str(lookback)]
            res = subprocess.run(cmd, check=True, capture_output=True, text=True)
            rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="mention counts, comma-separated")
    ap.add_argument("--memory", default="", help="mention counts for the memory table (merge_stream vs merge)")
    ap.add_argument("--per-year", type=int, default=15000, help="mentions a year in the memory table")
    ap.add_argument("--lookback", type=int, default=None, help="reported_lookback_years for the memory table")
    ap.add_argument("--one", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(memory_one(args.one[0], int(args.one[1]), args.per_year, args.lookback)))
        return 0
    if args.memory:
        print(f"{'mode':>7} {'mentions':>9} {'years':>6} {'events':>7} {'peak MB':>8} {'merge MB':>9} "
              f"{'CPU s/10k':>10} {'live peak':>10}")
        for r in memory_rows([int(x) for x in args.memory.split(",") if x], args.per_year, args.lookback):
            live = str(r["live_peak"]) if r["mode"] == "stream" else "-"
            print(f"{r['mode']:>7} {r['mentions']:>9} {r['years']:>6} {r['events']:>7} {r['peak_mb']:>8.0f} "
                  f"{r['merge_mb']:>9.0f} {r['cpu_per_10k']:>10.2f} {live:>10}")
        return 0
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
