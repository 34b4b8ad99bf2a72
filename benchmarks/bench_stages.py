"""CPU time of each pipeline stage on a generated seed-like corpus, on one core.

    python benchmarks/bench_stages.py                 # 2 MB generated from seeds/
    python benchmarks/bench_stages.py --mb 5 --seed 3

The corpus comes from ``timeline.corpus_gen`` (the seed articles with shifted
dates and new names), so every document is different, as in real news. Times are
CPU seconds of this process (``time.process_time``), so other load on a shared
machine does not count. Stages, in pipeline order, each on the output of the
previous one: the temporal tagger (with the publication-date inference),
event extraction, then merging and the tables. Patterns are compiled before
the clock starts; the tagger's window cache starts empty.

Target: the whole pipeline at >= 1 MB/s per core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.corpus_gen import generate, load_seeds  # noqa: E402
from timeline.events import extract, load_lexicon  # noqa: E402
from timeline.pipeline import DocumentResult, assemble, with_publication_date  # noqa: E402
from timeline.temporal import tag  # noqa: E402
from timeline.temporal.tagger import default_tagger  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB of UTF-8 text")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the generated corpus")
    args = ap.parse_args(argv)

    docs = [g.document for g in generate(load_seeds([ROOT / "seeds"]), n_bytes=int(args.mb * 1e6), seed=args.seed)]
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    lexicon = load_lexicon()
    warm = docs[0]  # compile the lazily built patterns before the clock starts
    extract(warm, tag(warm.text, dct=warm.published), lexicon)
    default_tagger()._cache.clear()

    t0 = time.process_time()
    docs = [with_publication_date(d) for d in docs]
    times = [tag(d.text, dct=d.published) for d in docs]
    t_tag = time.process_time() - t0

    t0 = time.process_time()
    events = [extract(d, tm, lexicon) for d, tm in zip(docs, times)]
    t_extract = time.process_time() - t0
    for d, evs in zip(docs, events):
        for m in evs:
            m.publisher = m.publisher or d.publisher

    t0 = time.process_time()
    result = assemble(DocumentResult(d, len(tm), evs, tm) for d, tm, evs in zip(docs, times, events))
    t_merge = time.process_time() - t0

    total = t_tag + t_extract + t_merge
    print(f"corpus: {len(docs)} generated documents, {mb:.2f} MB "
          f"({len(result.mentions)} event mentions, {len(result.events)} events)")
    for name, t in (("tagging", t_tag), ("extraction", t_extract), ("merge + tables", t_merge)):
        print(f"  {name:15s} {t:6.2f} CPU s  {mb / t:6.2f} MB/s  {100 * t / total:5.1f}%")
    print(f"  {'whole pipeline':15s} {total:6.2f} CPU s  {mb / total:6.2f} MB/s per core (target >= 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
