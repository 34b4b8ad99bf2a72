"""Scale: the full pipeline on a large generated corpus, on 1 and N cores and on Dask.

    python benchmarks/bench_scale.py              # 50 MB corpus (the reference figures)
    python benchmarks/bench_scale.py --mb 5       # a quick run

Prints, measured in the same run:
- corpus generation (``timeline.corpus_gen``) into a temporary directory;
- ``parallel.build_parallel`` (ingest -> extraction -> merge -> tables) with
  1 worker, N workers (``--workers N`` as a user runs it: N processes
  extracting, the building process one of them) and a Dask ``LocalCluster``
  of N workers, each in its own process so its memory is measured alone:
  documents/s, MB/s, MB/s per core, speed-up over 1 worker, and peak memory
  (RSS of the process and all its descendants, sampled every 50 ms; the
  build process alone too);
- the same through a store: ``timeline build CORPUS --db FILE --out
  events.csv`` (the default build) with 1 worker, N workers and Dask, and
  how many times the in-memory build's time it takes (the tables are the
  same: their CSV digests are printed);
- memory at a quarter of the corpus and at the whole corpus (1 worker): an
  in-memory build keeps every event mention until the merge, a build
  through a store does not (its merge reads them back a window at a time);
- ``merge.merge`` alone on 25k, 80k and 250k event mentions, about 10k to
  100k events (the seeds' mentions cloned at whole-week offsets, as
  generated documents would give them, over more years the more mentions:
  the same density, so the events grow with the mentions): time per mention
  and per event, and how it grows.

Targets: >= 1 MB/s per core, >= 1.7x speed-up on 2 cores, < 1 GB peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tree_memory import tree_memory  # noqa: E402  (benchmarks/, beside this script)

TARGET_MB_PER_CORE = 1.0
TARGET_SPEEDUP_2 = 1.7
TARGET_PEAK_MB = 1024


# -- memory ------------------------------------------------------------------------------


class ResourceMonitor:
    """Peak RSS (this process; this process plus all descendants), peak PSS of this process plus all
    descendants (``tree_memory``: the physical memory they hold, shared pages counted once) and CPU seconds
    used, sampled in a thread.

    CPU time is summed over every process of the tree seen alive (its last
    sample), so it counts worker processes that have exited since. Throughput
    per CPU second does not depend on other programs sharing the machine;
    wall-clock figures do. The sampling thread's own CPU time (``own_cpu``:
    walking the process table 20 times a second costs a few percent of a
    core) is not the build's, so ``cpu_seconds`` leaves it out.
    """

    def __init__(self, interval: float = 0.05, pss_every: int = 5) -> None:
        self.interval = interval
        self.pss_every = pss_every  # PSS costs about a millisecond per process to read: every few samples only
        self.peak_self = 0
        self.peak_tree = 0
        self.peak_tree_pss: int | None = 0  # None where PSS cannot be read
        self._samples = 0
        self._cpu: dict[int, float] = {}
        self.own_cpu = 0.0  # CPU seconds of the sampling thread
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.cpu_start = 0.0

    @staticmethod
    def _cpu_of(times) -> float:
        return times.user + times.system

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        with me.oneshot():
            rss_self = me.memory_info().rss
            self._cpu[me.pid] = self._cpu_of(me.cpu_times())
        total = rss_self
        children = me.children(recursive=True)
        for child in children:
            try:
                with child.oneshot():
                    total += child.memory_info().rss
                    self._cpu[child.pid] = self._cpu_of(child.cpu_times())
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                pass
        self.peak_self = max(self.peak_self, rss_self)
        self.peak_tree = max(self.peak_tree, total)
        if self.peak_tree_pss is not None and self._samples % self.pss_every == 0:
            _, pss = tree_memory([me, *children])
            self.peak_tree_pss = None if pss is None else max(self.peak_tree_pss, pss)
        self._samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self.own_cpu = time.thread_time()
            self._stop.wait(self.interval)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values()) - self.cpu_start - self.own_cpu

    def __enter__(self) -> ResourceMonitor:
        try:
            import psutil
        except ImportError:
            return self
        self.cpu_start = self._cpu_of(psutil.Process().cpu_times())
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        import resource

        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
            self._sample()
        # ru_maxrss is in kB on Linux: a floor when psutil is missing or a peak fell between samples
        self.peak_self = max(self.peak_self, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


# -- one build, in a process of its own -------------------------------------------------------


def run_one(corpus: str, engine: str, workers: int, limit: int | None, store: bool = False) -> dict:
    """Build the corpus once; returns timings and memory as a dict.

    ``store`` runs ``timeline build CORPUS --db FILE --out events.csv`` (the
    default build, through a new SQLite store, events written from it in
    chunks) instead of ``parallel.build_parallel`` (``--in-memory``).
    """
    from timeline import export
    from timeline.parallel import build_parallel

    paths = [corpus]
    if limit is not None:  # the first `limit` documents, by file name
        files = sorted(p for p in Path(corpus).glob("*.txt"))[:limit]
        paths = [str(p) for p in files]
    with tempfile.TemporaryDirectory(prefix="timeline-scale-store-") as tmp:
        db, out = Path(tmp) / "store.db", Path(tmp) / "events.csv"
        with ResourceMonitor() as mem:
            t0, c0 = time.perf_counter(), time.process_time()
            if store:
                from timeline.cli import main as cli

                status = cli(["build", *paths, "--db", str(db), "--out", str(out), "--workers", str(workers),
                              "--engine", engine])
                if status != 0:
                    raise RuntimeError(f"timeline build exited with {status}")
            else:
                result = build_parallel(paths, workers=workers, engine=engine, progress=False)
            seconds, cpu_self = time.perf_counter() - t0, time.process_time() - c0 - mem.own_cpu
        if store:
            with sqlite3.connect(db) as conn:
                docs, n_bytes = conn.execute("SELECT count(*), sum(n_chars) FROM documents").fetchone()
                mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
                events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            csv, problems = out.read_bytes(), 0
        else:
            docs, n_bytes = len(result.documents), int(result.documents["n_chars"].sum())
            mentions, events, problems = len(result.mentions), len(result.events), len(result.problems)
            csv = export.csv_bytes(result.events)
    return {
        "engine": engine, "workers": workers, "store": store, "seconds": seconds, "docs": docs,
        "chars": n_bytes,  # characters; the corpus is nearly all ASCII
        "mentions": mentions, "events": events,
        "problems": problems, "peak_self": mem.peak_self, "peak_tree": mem.peak_tree,
        "peak_tree_pss": mem.peak_tree_pss, "cpu": mem.cpu_seconds,
        "cpu_self": cpu_self, "monitor_cpu": mem.own_cpu,
        "load": os.getloadavg()[0], "fingerprint": hashlib.sha256(csv).hexdigest()[:12],
    }


def spawn_run(corpus: Path, engine: str, workers: int, limit: int | None = None, store: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--run-one", str(corpus), "--engine", engine, "--workers", str(workers)]
    if store:
        cmd.append("--store")
    if limit is not None:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- merge scaling -----------------------------------------------------------------------------


def _shift_iso(iso: str, days: int) -> str:
    try:
        return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
    except (TypeError, ValueError):
        return iso


def _shift_value(value: str, days: int) -> str:
    from timeline.corpus_gen import shift_value

    target = shift_value(value or "", days)
    if target is None:
        return value
    y, m, d = target
    head = f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")
    n = len(head)
    return head + value[n:] if len(value) >= n and value[n:n + 1] in ("", "T") else head


#: Mentions a year of the merge benchmark: the dates of ``n`` mentions spread over ``n / MERGE_MENTIONS_PER_YEAR``
#: years (ten at least), so a larger batch is a longer archive at the same density, and its events grow with it.
MERGE_MENTIONS_PER_YEAR = 1000


def synthetic_mentions(templates: list, n: int, seed: int = 0, per_year: float = MERGE_MENTIONS_PER_YEAR) -> list:
    """``n`` event mentions: ``templates`` (one document's worth each round) moved by whole weeks.

    Each round is one synthetic document moved by a random number of weeks
    over ``n / per_year`` years back (ten at least), so the dates spread as in
    a long-running news corpus, the same events recur in many documents (and
    merge), and the number of events grows in step with ``n``.
    """
    rng = random.Random(seed)
    weeks_back = max(520, round(52 * n / per_year))
    out = []
    k = 0
    while len(out) < n:
        days = 7 * rng.randint(-weeks_back, 52)
        doc_id = f"syn-{k:07d}"
        for m in templates:
            t = m.time
            if t is not None:
                t = replace(t, value=_shift_value(t.value, days),
                            first_day=t.first_day + timedelta(days=days) if t.first_day else None,
                            last_day=t.last_day + timedelta(days=days) if t.last_day else None)
            out.append(replace(m, doc_id=doc_id, time=t, date=_shift_value(m.date, days),
                               date_start=_shift_iso(m.date_start, days), date_end=_shift_iso(m.date_end, days),
                               actors=list(m.actors), casualties=list(m.casualties)))
            if len(out) == n:
                break
        k += 1
    return out


def bench_merge(sizes: list[int]) -> list[dict]:
    from timeline.merge import merge
    from timeline.parallel import map_documents
    from timeline.ingest import load_documents

    docs, _ = load_documents([ROOT / "seeds"])
    templates = [m for r in map_documents(docs) for m in r.event_mentions]
    rows = []
    for n in sizes:
        mentions = synthetic_mentions(templates, n)
        t0 = time.perf_counter()
        events = merge(mentions)
        seconds = time.perf_counter() - t0
        rows.append({"mentions": n, "events": len(events), "seconds": seconds, "us_per_mention": seconds / n * 1e6})
    return rows


# -- report -------------------------------------------------------------------------------------


def _mb(n: int) -> float:
    return n / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the generated corpus (default 50)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the parallel runs (default 2)")
    ap.add_argument("--merge-sizes", default="25000,80000,250000",
                    help="event mention counts for the merge benchmark (about 10k to 100k events)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    ap.add_argument("--corpus", help="use this generated corpus directory instead of generating one")
    ap.add_argument("--run-one", metavar="CORPUS", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--store", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-store", action="store_true", help="skip the runs through a store (timeline build --db)")
    args = ap.parse_args()

    if args.run_one:
        print(json.dumps(run_one(args.run_one, args.engine, args.workers, args.limit, args.store)))
        return 0

    from timeline import corpus_gen

    with tempfile.TemporaryDirectory(prefix="timeline-scale-") as tmp:
        if args.corpus:
            corpus = Path(args.corpus)
            print(f"corpus: {corpus}")
        else:
            corpus = Path(tmp) / "corpus"
            t0 = time.perf_counter()
            seeds = corpus_gen.load_seeds()
            corpus_gen.write_corpus(corpus_gen.generate(seeds, n_bytes=int(args.mb * 1e6), seed=0), corpus)
            t_gen = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in corpus.glob("*.txt"))
            print(f"corpus: {len(list(corpus.glob('*.txt')))} generated documents, {size / 1e6:.1f} MB of text "
                  f"from {len(seeds)} seeds in {t_gen:.1f} s ({size / 1e6 / t_gen:.1f} MB/s)")
        n_files = len(list(corpus.glob("*.txt")))

        runs = [spawn_run(corpus, "local", 1)]
        runs.append(spawn_run(corpus, "local", args.workers))
        if not args.no_dask:
            runs.append(spawn_run(corpus, "dask", args.workers))
        quarter = spawn_run(corpus, "local", 1, limit=max(1, n_files // 4))
        stored = []
        if not args.no_store:
            stored = [spawn_run(corpus, "local", 1, store=True), spawn_run(corpus, "local", args.workers, store=True)]
            if not args.no_dask:
                stored.append(spawn_run(corpus, "dask", args.workers, store=True))
            stored_quarter = spawn_run(corpus, "local", 1, limit=max(1, n_files // 4), store=True)

    print()
    print("in memory (parallel.build_parallel, as `timeline build --in-memory`):")
    _table(runs, args.workers)
    if stored:
        print()
        print("through a store (`timeline build CORPUS --db FILE --out events.csv`, the default build):")
        _table(stored, args.workers)
        print(f"store / in memory: {stored[0]['seconds'] / runs[0]['seconds']:.2f}x the time on 1 worker, "
              f"{stored[1]['seconds'] / runs[1]['seconds']:.2f}x on {args.workers}; event tables identical: "
              f"{'yes' if stored[0]['fingerprint'] == runs[0]['fingerprint'] else 'NO'}")
    print()
    print(f"memory as the corpus grows (1 worker): {quarter['docs']} docs -> peak {_mb(quarter['peak_self']):.0f} MB; "
          f"{runs[0]['docs']} docs -> peak {_mb(runs[0]['peak_self']):.0f} MB in memory "
          f"({runs[0]['mentions']} event mentions kept)")
    if stored:
        print(f"  through a store: {stored_quarter['docs']} docs -> peak {_mb(stored_quarter['peak_tree']):.0f} MB; "
              f"{stored[0]['docs']} docs -> peak {_mb(stored[0]['peak_tree']):.0f} MB (the merge reads mentions back "
              f"a window at a time; `benchmarks/bench_ingest.py --memory-mb` goes further)")

    sizes = [int(s) for s in args.merge_sizes.split(",") if s]
    merges = bench_merge(sizes)
    print()
    print(f"{'mentions':>9}{'events':>9}{'seconds':>9}{'us/mention':>12}{'us/event':>10}{'vs first':>10}")
    for m in merges:
        per_event = m["seconds"] / max(1, m["events"]) * 1e6
        print(f"{m['mentions']:>9}{m['events']:>9}{m['seconds']:>9.2f}{m['us_per_mention']:>12.1f}"
              f"{per_event:>10.1f}{m['us_per_mention'] / merges[0]['us_per_mention']:>9.2f}x")
    if len(merges) > 1:
        a, b = merges[0], merges[-1]
        ratio = b["mentions"] / a["mentions"]
        growth = (b["seconds"] / a["seconds"]) / ratio
        print(f"merge: {ratio:.0f}x the mentions ({b['events'] / max(1, a['events']):.1f}x the events) takes "
              f"{b['seconds'] / a['seconds']:.1f}x the time (per-mention cost x{growth:.2f}; 1 = linear, "
              f"{ratio:.0f} = quadratic)")

    print()
    base = runs[0]["seconds"]
    def cores(rs: list[dict]) -> tuple[float, str]:
        """MB/s per core: the lower of the 1-worker and N-worker runs, and both spelled out."""
        each = [r["chars"] / 1e6 / r["seconds"] / r["workers"] for r in rs[:2]]
        return min(each), f"{min(each):.2f} (1 worker {each[0]:.2f}, {rs[1]['workers']} workers {each[1]:.2f} each)"

    per_core, per_core_text = cores(runs)
    per_cpu = min(r["chars"] / 1e6 / r["cpu"] for r in runs[:2])
    speedup = base / runs[1]["seconds"]
    peak = max(_mb(r["peak_tree"]) for r in runs)
    checks = [
        (f"throughput >= {TARGET_MB_PER_CORE} MB/s per core (wall, in memory)", per_core_text, per_core >= TARGET_MB_PER_CORE),
        (f"throughput >= {TARGET_MB_PER_CORE} MB per CPU second (in memory)", f"{per_cpu:.2f}", per_cpu >= TARGET_MB_PER_CORE),
        (f"speed-up on {args.workers} workers >= {TARGET_SPEEDUP_2}x (wall, in memory)", f"{speedup:.2f}x", speedup >= TARGET_SPEEDUP_2),
        (f"peak memory < {TARGET_PEAK_MB} MB (in memory, {runs[0]['chars'] / 1e6:.0f} MB corpus)", f"{peak:.0f} MB", peak < TARGET_PEAK_MB),
    ]
    if stored:
        s_core, s_core_text = cores(stored)
        s_speedup = stored[0]["seconds"] / stored[1]["seconds"]
        s_peak = max(_mb(r["peak_tree"]) for r in stored)
        checks += [
            (f"throughput >= {TARGET_MB_PER_CORE} MB/s per core (wall, through a store)", s_core_text,
             s_core >= TARGET_MB_PER_CORE),
            (f"speed-up on {args.workers} workers >= {TARGET_SPEEDUP_2}x (wall, through a store)", f"{s_speedup:.2f}x",
             s_speedup >= TARGET_SPEEDUP_2),
            (f"peak memory < {TARGET_PEAK_MB} MB (through a store)", f"{s_peak:.0f} MB", s_peak < TARGET_PEAK_MB),
        ]
    for name, value, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}: {value}")
    print(f"(machine: {os.cpu_count()} cores)")
    return 0


def _table(runs: list[dict], workers: int) -> None:
    base = runs[0]["seconds"]
    print(f"{'engine':<8}{'workers':>8}{'docs':>7}{'MB':>6}{'wall s':>8}{'docs/s':>8}{'MB/s':>6}"
          f"{'MB/s/core':>10}{'speed-up':>9}{'CPU s':>7}{'MB/CPU-s':>9}{'peak MB tree':>13}{'PSS':>6}{'build':>6}"
          f"{'events':>7}{'load':>6}")
    for r in runs:
        mb = r["chars"] / 1e6
        print(f"{r['engine']:<8}{r['workers']:>8}{r['docs']:>7}{mb:>6.1f}{r['seconds']:>8.1f}"
              f"{r['docs'] / r['seconds']:>8.1f}{mb / r['seconds']:>6.2f}{mb / r['seconds'] / r['workers']:>10.2f}"
              f"{base / r['seconds']:>8.2f}x{r['cpu']:>7.1f}{mb / r['cpu']:>9.2f}{_mb(r['peak_tree']):>13.0f}"
              f"{'-' if r.get('peak_tree_pss') is None else format(_mb(r['peak_tree_pss']), '.0f'):>6}"
              f"{_mb(r['peak_self']):>6.0f}{r['events']:>7}{r['load']:>6.1f}")
    same = len({r["fingerprint"] for r in runs}) == 1
    print(f"event tables of all runs identical: {'yes' if same else 'NO'} "
          f"({', '.join(r['engine'] + '/' + str(r['workers']) + ' ' + r['fingerprint'] for r in runs)})")
    print("(MB/CPU-s: megabytes per CPU second of all processes, independent of other load on the machine,\n"
          f" less the memory sampler's own {max(r.get('monitor_cpu', 0.0) for r in runs):.1f} CPU s at most;\n"
          " load: 1-minute load average when the run ended; wall-clock figures are only meaningful when it is\n"
          " below the number of cores; peak MB tree: the RSS of every process of the build summed, which counts the\n"
          " pages they share once per process; PSS: their proportional set sizes summed, the physical memory they\n"
          " hold (sampled every fifth time); build: the build process's own peak RSS)")
    bound = runs[0]["cpu"] / runs[1]["cpu_self"]
    print(f"speed-up bound on idle cores: {bound:.2f}x (CPU s of 1 worker / CPU s of the build process with "
          f"{workers} workers: {runs[0]['cpu']:.1f} / {runs[1]['cpu_self']:.1f}; the build process extracts, "
          f"reads and merges, so it is busy from start to end)")


if __name__ == "__main__":
    sys.exit(main())
