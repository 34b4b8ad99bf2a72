"""Throughput of the full pipeline (`timeline build`) on the seed corpus.

Prints, measured in the same run:
- the `timeline build seeds` command as a whole process (start-up included);
- the in-process pipeline on the seeds replicated to about --mb megabytes
  (documents/s and MB/s on one core), and the ratio to the tagger alone, so the
  cost of each stage is visible;
- the same documents without their publication dates (as text files without a
  manifest): the date inferred from each text, then its times read from it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.ingest import load_documents  # noqa: E402
from timeline.pipeline import build  # noqa: E402
from timeline.temporal import tag  # noqa: E402


def replicated(docs, target_bytes):
    out, size, i = [], 0, 0
    while size < target_bytes:
        for d in docs:
            out.append(replace(d, id=f"{d.id}-r{i}", hash=""))
            size += len(d.text.encode("utf-8"))
        i += 1
    return out, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="size of the replicated corpus in MB")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    docs, problems = load_documents([ROOT / "seeds"])
    seed_bytes = sum(len(d.text.encode("utf-8")) for d in docs)

    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "timeline", "build", str(ROOT / "seeds"), "--out", f"{tmp}/e.csv", "--in-memory"],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    print(f"timeline build seeds --in-memory (whole process, {len(docs)} docs, {seed_bytes/1e3:.1f} kB): "
          f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}) over {args.runs} runs")

    corpus, size = replicated(docs, int(args.mb * 1e6))
    t0 = time.perf_counter()
    for d in corpus:
        tag(d.text, dct=d.published)
    t_tag = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = build(corpus)
    t_build = time.perf_counter() - t0
    mb = size / 1e6
    print(f"pipeline in process on {len(corpus)} docs, {mb:.2f} MB: {t_build:.2f} s = "
          f"{len(corpus)/t_build:.1f} docs/s, {mb/t_build:.2f} MB/s per core "
          f"({len(result.events)} events from {len(result.mentions)} mentions)")
    print(f"tagger alone on the same text: {t_tag:.2f} s = {mb/t_tag:.2f} MB/s; "
          f"full pipeline / tagger time ratio: {t_build/t_tag:.2f}")

    # Text files without a manifest: each document's date is inferred from its text (dateline, byline,
    # latest full date) before its times are read from it.
    undated = [replace(d, published=None, published_source="") for d in corpus]
    t0 = time.perf_counter()
    result = build(undated)
    t_undated = time.perf_counter() - t0
    inferred = int((result.documents["published_source"] == "inferred").sum())
    print(f"the same docs without their publication dates ({inferred} of {len(corpus)} inferred from the text): "
          f"{t_undated:.2f} s = {mb/t_undated:.2f} MB/s per core, {t_undated/t_build:.2f}x the time of the dated ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
