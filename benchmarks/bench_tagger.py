"""Throughput and memory of the temporal tagger, against dateparser's search_dates.

    .venv/bin/python benchmarks/bench_tagger.py [--mb 5] [--dateparser-kb 100]

1. The seed articles are repeated until the corpus holds at least ``--mb`` MB; the tagger
   runs over it document by document (each document tagged with its DCT).
2. ``dateparser.search.search_dates(text, languages=['en'])`` runs over a sample of the
   same documents (``--dateparser-kb``; it is too slow for the whole corpus) and its rate
   is reported per MB, so the two rates compare like for like.
3. Peak traced memory when tagging 1 MB and 5 MB document by document: it stays flat.
Times are CPU seconds of this process (``time.process_time``), so that other load on
the machine does not skew the comparison.

4. Pathological inputs, each must take under a second: 1 MB of digits, 1 MB of "12/",
   1 MB without spaces, 100,000 repetitions of "May May "; and 1 MB holding 77,000 real
   mentions ("on Thursday, " repeated) to show the cost per mention.
"""

from __future__ import annotations

import argparse
import csv
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seed_documents() -> list[tuple[str, str | None]]:
    meta = ROOT / "tests" / "data" / "gold" / "seeds" / "metadata.csv"
    dcts = {}
    if meta.exists():
        with open(meta, newline="", encoding="utf-8") as f:
            dcts = {r["file"]: r["published"] for r in csv.DictReader(f)}
    docs = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        docs.append((p.read_text(encoding="utf-8"), dcts.get(p.name)))
    return docs


def corpus(mb: float) -> list[tuple[str, str | None]]:
    base = seed_documents()
    out, size = [], 0
    while size < mb * 1_000_000:
        for doc in base:
            out.append(doc)
            size += len(doc[0].encode("utf-8"))
    return out


def _mb(docs) -> float:
    return sum(len(t.encode("utf-8")) for t, _ in docs) / 1_000_000


def bench_tagger(docs, window_cache: bool) -> tuple[float, int]:
    from timeline.temporal.tagger import Tagger

    tagger = Tagger(window_cache=window_cache)
    tagger.tag("warm up on Thursday", "2021-08-27")
    t0 = time.process_time()
    n = 0
    for text, dct in docs:
        n += len(tagger.tag(text, dct))
    return time.process_time() - t0, n


def bench_dateparser(docs, kb: float) -> tuple[float, float, int]:
    from dateparser.search import search_dates

    sample, size = [], 0
    for text, dct in docs:
        if size >= kb * 1000:
            break
        sample.append((text, dct))
        size += len(text.encode("utf-8"))
    search_dates("warm up on Thursday", languages=["en"])
    t0 = time.process_time()
    n = 0
    for text, _ in sample:
        n += len(search_dates(text, languages=["en"]) or [])
    return time.process_time() - t0, size / 1_000_000, n


def peak_memory(docs) -> int:
    from timeline.temporal import tag

    tracemalloc.start()
    for text, dct in docs:
        tag(text, dct)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def pathological() -> list[tuple[str, float, int]]:
    from timeline.temporal import tag

    cases = [
        ("1 MB of digits", "7" * 1_000_000),
        ("1 MB of digits and slashes", "12/" * 333_334),
        ("1 MB without spaces", "abcdefghij" * 100_000),
        ('100,000 x "May May "', "May May " * 100_000),
        ("1 MB of 'on Thursday, '", "on Thursday, " * 77_000),
    ]
    out = []
    for name, text in cases:
        t0 = time.process_time()
        n = len(tag(text, "2021-08-27"))
        out.append((name, time.process_time() - t0, n))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size for the tagger (MB)")
    ap.add_argument("--dateparser-kb", type=float, default=100.0, help="sample size for dateparser (kB)")
    args = ap.parse_args(argv)

    from timeline.temporal import tag

    tag("warm up on Thursday", "2021-08-27")  # load and compile the rules once
    docs = corpus(args.mb)
    size = _mb(docs)
    # The corpus repeats five articles, so the window cache would see every window again;
    # the headline figure is measured without it, as for fresh news.
    secs, n = bench_tagger(docs, window_cache=False)
    rate = size / secs
    print(f"tagger:     {size:.2f} MB in {secs:.2f} s = {rate:.2f} MB/s ({n} mentions, {len(docs)} documents; "
          f"window cache off)")
    csecs, _ = bench_tagger(docs, window_cache=True)
    print(f"            {size / csecs:.2f} MB/s with the window cache on (the default)")

    dsecs, dsize, dn = bench_dateparser(docs, args.dateparser_kb)
    drate = dsize / dsecs
    print(f"dateparser: {dsize * 1000:.0f} kB sample in {dsecs:.2f} s = {drate:.3f} MB/s ({dn} dates; "
          f"search_dates(languages=['en']) on a sample, rate scaled per MB)")
    print(f"ratio:      tagger is {rate / drate:.0f}x faster (target >= 10x)")

    one = corpus(1.0)
    five = corpus(5.0)
    p1, p5 = peak_memory(one), peak_memory(five)
    print(f"peak traced memory: {p1 / 1e6:.2f} MB for {_mb(one):.1f} MB of text, "
          f"{p5 / 1e6:.2f} MB for {_mb(five):.1f} MB (document by document)")

    for name, secs, n in pathological():
        flag = "ok" if secs < 1.0 else "over 1 s"
        print(f"pathological: {name:<28} {secs:.3f} s ({n} mentions) {flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
