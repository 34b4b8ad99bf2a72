"""Throughput of event extraction (``timeline.events.extract``) alone, on one core.

    python benchmarks/bench_events.py            # the seeds replicated to about 2 MB
    python benchmarks/bench_events.py --mb 5 --repeat 3

Time mentions are tagged before the clock starts, so the figure is the cost of
extraction only. Prints CPU-time throughput in MB/s (characters) and the share
of each stage: document-level matching (actors, candidates, places, triggers)
and the per-sentence pass (dating, roles, casualties, modality); then the time
of one document written on a single line, at 165 kB and 660 kB (linear or not).

Target: the whole pipeline (tagging + extraction + merging) at >= 1 MB/s per
core, so extraction alone must stay well above it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.document import Document  # noqa: E402
from timeline.events import extract  # noqa: E402
from timeline.events.extract import _DocContext, default_gazetteer, default_lexicon  # noqa: E402
from timeline.events.triggers import load_triggers  # noqa: E402
from timeline.temporal import tag  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    size = sum(map(len, texts))
    copies = max(1, int(args.mb * 1e6 / size))
    docs = []
    for k in range(copies):
        for i, t in enumerate(texts):
            d = Document(f"{k}-{i}", t, published="2023-04-26")
            docs.append((d, tag(t, dct=d.published)))
    n = sum(len(d.text) for d, _ in docs)
    lex, gaz, trig = default_lexicon(), default_gazetteer(), load_triggers()

    def run_all():
        return sum(len(extract(d, tm, lex)) for d, tm in docs)

    def run_context():
        for d, tm in docs:
            _DocContext(d, tm, lex, gaz, trig)

    totals, contexts = [], []
    events = 0
    for _ in range(args.repeat):
        t0 = time.process_time()
        events = run_all()
        totals.append(time.process_time() - t0)
        t0 = time.process_time()
        run_context()
        contexts.append(time.process_time() - t0)
    total, ctx = statistics.median(totals), statistics.median(contexts)
    print(f"documents          {len(docs)} ({n / 1e6:.2f} M characters), {events} event mentions")
    print(f"extraction         {n / total / 1e6:.2f} MB/s (CPU time {total:.2f} s)")
    print(f"  document-level   {ctx / total:.0%} (actors, candidates, places, triggers)")
    print(f"  per-sentence     {(total - ctx) / total:.0%} (dating, roles, casualties, modality)")
    _one_long_line(texts, lex)
    return 0


def _one_long_line(texts: list[str], lex) -> None:
    """One document whose text is a single line (a JSONL or CSV field can be), at two sizes: the time
    must grow with the size, not with its square."""
    line = " ".join(" ".join(t.split()) for t in texts)
    secs = {}
    for kb in (165, 660):
        text = " ".join([line] * max(1, round(kb * 1000 / (len(line) + 1))))
        d = Document(f"line-{kb}", text, published="2023-04-26")
        tm = tag(text, dct=d.published)
        t0 = time.process_time()
        extract(d, tm, lex)
        secs[kb] = time.process_time() - t0
        print(f"one line of {len(text) / 1e3:.0f} kB: extraction {secs[kb]:.2f} s")
    print(f"4x the line takes {secs[660] / secs[165]:.1f}x the time (4 = linear, 16 = quadratic)")


if __name__ == "__main__":
    sys.exit(main())
