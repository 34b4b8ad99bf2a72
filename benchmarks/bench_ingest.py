"""Throughput and memory of document loading (`timeline.ingest`).

Builds a temporary corpus from the seed articles and prints, measured in the
same run:
- plain-text files: documents/s and MB/s;
- HTML pages (trafilatura extraction plus meta tags): documents/s, in one
  process and with --workers processes (start-up of the pool included);
- one JSON Lines file of about --mb megabytes: documents/s, MB/s, and the peak
  Python heap while streaming it (tracemalloc) next to the file size, which
  shows that the file is never held in memory whole;
- rejecting a sparse 2 GB text file: the time it takes (the size is checked
  before anything is read);
- ``timeline build`` of a generated corpus of --store-mb megabytes
  (``timeline.corpus_gen``) through the store (a new SQLite file) and
  ``--in-memory``: documents/s, MB/s, wall time and peak RSS of each run (a
  process of its own), the ratio store / in-memory, and whether the two
  event and mentions tables are the same files;
- peak memory against corpus size (``--memory-mb``): ``timeline ingest`` of
  generated corpora of each size into an empty store, each in a process of
  its own (peak memory of the process and every process it starts, summed:
  RSS, which counts shared pages once per process, and PSS, the physical
  memory they hold; see ``tree_memory``), with the events stored; the batch merge streams, so the peak should grow far
  slower than the corpus. Then ``timeline export`` of that store's event
  table as CSV, which reads the store a chunk of rows at a time.
- with ``--manifest-rows N`` (alone): reading a manifest of N rows in a
  process of its own, its peak RSS above what the process held before reading
  (the imports) and the time it took, next to the file size.
- with ``--folder-files N`` (alone): walking a folder of N empty files (the
  order ``timeline ingest`` reads them in) and counting them (the progress
  bar's total), in a process of its own: peak RSS above the process's before
  walking, and time.
"""

from __future__ import annotations

import argparse
import filecmp
import html
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.ingest import iter_documents, load_documents  # noqa: E402

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{publisher}">
<meta property="article:published_time" content="{published}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>{paragraphs}</article>
<footer>All rights reserved.</footer></body></html>"""


def build_corpus(folder: Path, seeds: list, copies: int) -> dict[str, Path]:
    txt, pages = folder / "txt", folder / "html"
    txt.mkdir()
    pages.mkdir()
    for i in range(copies):
        for d in seeds:
            text = f"{d.text}\n[copy {i}]\n"
            (txt / f"{d.id}-{i:04d}.txt").write_text(text, encoding="utf-8")
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
            (pages / f"{d.id}-{i:04d}.html").write_text(
                PAGE.format(title=html.escape(d.title), publisher=html.escape(d.publisher),
                            published=d.published, paragraphs=paragraphs),
                encoding="utf-8",
            )
    return {"txt": txt, "html": pages}


def write_jsonl(path: Path, seeds: list, target_bytes: int) -> tuple[int, int]:
    n = size = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target_bytes:
            for d in seeds:
                line = json.dumps({"id": f"{d.id}-j{n}", "text": f"{d.text}\n[line {n}]", "title": d.title,
                                   "publisher": d.publisher, "published": d.published}) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                n += 1
    return n, size


def timed(paths, workers: int = 1) -> tuple[int, int, float]:
    started = time.perf_counter()
    docs = chars = 0
    for item in iter_documents(paths, workers=workers):
        if hasattr(item, "text"):
            docs += 1
            chars += len(item.text.encode("utf-8"))
    return docs, chars, time.perf_counter() - started


def run_build(args: list[str]) -> tuple[float, int, int | None]:
    """Run ``timeline build`` in a process of its own; return its wall time (s) and peak RSS (KB)."""
    return run_cli("build", args)


def store_vs_memory(tmp: Path, mb: float, workers: int) -> None:
    from timeline.corpus_gen import generate, load_seeds, write_corpus

    corpus = write_corpus(generate(load_seeds(), n_bytes=int(mb * 1e6)), tmp / "generated")
    n = sum(1 for _ in corpus.glob("*.txt"))
    size = sum(p.stat().st_size for p in corpus.glob("*.txt"))
    extra = ["--workers", str(workers)] if workers > 1 else []
    runs = {}
    for name, how in (("in-memory", ["--in-memory"]), ("store", ["--db", str(tmp / "bench.db")])):
        out, mentions = tmp / f"{name}-events.csv", tmp / f"{name}-mentions.csv"
        runs[name] = run_build([str(corpus), "--out", str(out), "--mentions-out", str(mentions), *how, *extra])
        secs, rss, pss = runs[name]
        print(f"build {n:6d} docs  {secs:7.2f} s  {n / secs:8.1f} docs/s  {size / 1e6 / secs:6.2f} MB/s  "
              f"peak RSS {rss / 1024:6.0f} MB, PSS {_mb(pss)} MB  "
              f"({name}, {workers} worker{'s' if workers > 1 else ''})")
    same = all(filecmp.cmp(tmp / f"in-memory-{t}.csv", tmp / f"store-{t}.csv", shallow=False) for t in ("events", "mentions"))
    print(f"build store / in-memory: {runs['store'][0] / runs['in-memory'][0]:.2f}x time, "
          f"{runs['store'][1] / runs['in-memory'][1]:.2f}x peak RSS; same tables: {'yes' if same else 'NO'}")


def run_cli(command: str, args: list[str]) -> tuple[float, int, int | None]:
    """Run ``timeline <command>`` in a process of its own; return its wall time (s) and the peak memory (KB) of
    the process and all its descendants together (extraction workers, merge processes and the server that
    starts them), sampled every 50 ms: the sum of their RSS (never below the process's own peak, which the
    kernel keeps) and the sum of their PSS (``tree_memory``; None where it cannot be read)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "timeline.cli", command, *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss, peak_pss = _tree_peak_while_running(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - started
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"timeline {command} {' '.join(args)} failed:\n{err}")
    return secs, max(peak_rss // 1024, usage.ru_maxrss), None if peak_pss is None else peak_pss // 1024


def _tree_peak_while_running(pid: int, interval: float = 0.05, pss_every: int = 4) -> tuple[int, int | None]:
    """The largest sums of RSS and of PSS (bytes) of process ``pid`` and its descendants, sampled until it
    exits (it is left to be reaped), PSS on every ``pss_every``-th sample only (it costs about a millisecond
    per process to read); PSS None when it cannot be read."""
    try:
        import psutil
    except ImportError:
        return 0, None
    from tree_memory import tree_memory

    root = psutil.Process(pid)
    peak_rss, peak_pss = 0, None
    readable = True  # PSS can be read (until a sample says otherwise)
    sample = 0
    while True:
        try:
            if root.status() == psutil.STATUS_ZOMBIE:
                return peak_rss, peak_pss
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return peak_rss, peak_pss
        proportional = readable and sample % pss_every == 0
        rss, pss = tree_memory(procs, proportional=proportional)
        peak_rss = max(peak_rss, rss)
        if proportional:
            readable = pss is not None
            peak_pss = max(peak_pss or 0, pss) if readable else None
        sample += 1
        time.sleep(interval)


def _mb(kb: int | None) -> str:
    return "     -" if kb is None else f"{kb / 1024:6.0f}"


def memory_vs_size(tmp: Path, sizes: list[float], workers: int, mb_per_year: float | None = None,
                   years_each: list[float] | None = None) -> None:
    """Peak memory (sums of RSS and of PSS) of ``timeline ingest`` into an empty store, one generated corpus per size.

    By default every corpus covers the same ten years of publication, so a
    larger corpus is a denser one; with ``mb_per_year`` a larger corpus covers
    more years at the same density (as an archive that grows over time), and
    ``years_each`` gives each size its own span. The articles also tell of
    events from years before they appeared, so the events' dates span more
    years than the articles do: printed per run, with the event mentions per
    year of that span (what the merge's memory follows).
    """
    import sqlite3

    from timeline.corpus_gen import generate, load_seeds, write_corpus

    spread = ("ten years each" if mb_per_year is None and years_each is None else
              f"{mb_per_year:g} MB per year" if years_each is None else
              "over " + ", ".join(f"{y:g}" for y in years_each) + " years")
    print(f"ingest into an empty store, {workers} worker{'s' if workers > 1 else ''}: peak memory of the process "
          f"tree (RSS and PSS sums) against corpus size ({spread})")
    first = None
    for i, mb in enumerate(sizes):
        years = (years_each[i] if years_each is not None else
                 None if mb_per_year is None else max(1.0, mb / mb_per_year))
        corpus = write_corpus(generate(load_seeds(), n_bytes=int(mb * 1e6), years=years), tmp / f"memory-{mb:g}")
        n = sum(1 for _ in corpus.glob("*.txt"))
        manifest_line(corpus / "manifest.csv")
        db = tmp / f"memory-{mb:g}.db"
        secs, rss, pss = run_cli("ingest", [str(corpus), "--db", str(db), "--workers", str(workers)])
        with sqlite3.connect(db) as conn:
            mentions = conn.execute("SELECT count(*) FROM extracted_mentions").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            # the years the dated mentions fall in: from the 5th to the 95th percentile of their stream keys
            keys = [k for (k,) in conn.execute("SELECT stream_key FROM extracted_mentions WHERE stream_key < '9999' "
                                               "ORDER BY stream_key")]
        span = _year_span(keys)
        first = first or (mb, rss, pss)
        growth = f"x{rss / first[1]:.2f} RSS" + ("" if pss is None or not first[2] else
                                                f", x{pss / first[2]:.2f} PSS")
        print(f"ingest {mb:6.1f} MB  {n:6d} docs  {mentions:7d} mentions  {events:7d} events  {secs:7.1f} s  "
              f"peak RSS {rss / 1024:6.0f} MB, PSS {_mb(pss)} MB  (x{mb / first[0]:.1f} corpus, {growth}); "
              f"90% of the dated mentions over {span:.0f} years, {0.9 * len(keys) / span:.0f} a year")
        out = tmp / "export.csv"
        esecs, erss, epss = run_cli("export", ["--db", str(db), "--out", str(out)])
        print(f"export {mb:6.1f} MB store, events as CSV read in chunks: {esecs:7.1f} s  "
              f"peak RSS {erss / 1024:6.0f} MB, PSS {_mb(epss)} MB")
        out.unlink()
        db.unlink()
        for f in corpus.iterdir():
            f.unlink()
        corpus.rmdir()


def manifest_line(path: Path) -> None:
    """Print what reading a manifest holds in memory (the Python heap, tracemalloc) next to its file size: at its
    peak while reading and once read, and whether its rows went to a temporary file (``SPILL_ROWS``)."""
    from timeline.ingest_fields import load_config
    from timeline.ingest_manifest import load_manifest

    config = load_config()
    tracemalloc.start()
    manifest = load_manifest(path, config, check_files=False)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    where = "rows in a temporary file" if manifest.on_disk else "rows in memory"
    print(f"manifest {len(manifest):7d} rows, file {path.stat().st_size / 1e6:6.1f} MB: "
          f"{held / 1e6:6.1f} MB held once read ({held / max(1, len(manifest)):.0f} bytes a row), "
          f"{peak / 1e6:6.1f} MB at the peak of reading; {where}")
    manifest.close()


# What a measured child process runs first: its peak RSS is that of its own process image (VmHWM), since
# ru_maxrss would carry the parent's over from before exec.
_CHILD_PRELUDE = """
import sys, time
from pathlib import Path
from timeline.ingest_fields import load_config
def peak_kb():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
"""


def _run_child(script: str, arg: Path) -> list[str]:
    """Run ``script`` (after ``_CHILD_PRELUDE``) in a Python process of its own on ``arg``; the words it prints."""
    return subprocess.run([sys.executable, "-c", _CHILD_PRELUDE + script, str(arg)], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.split()


_READ_MANIFEST = """
from timeline.ingest_manifest import load_manifest
config = load_config()
before = peak_kb()
started = time.perf_counter()
m = load_manifest(sys.argv[1], config, check_files=False)
secs = time.perf_counter() - started
print(len(m), (peak_kb() - before) // 1024, f"{secs:.1f}", getattr(m, "on_disk", False))
"""


def manifest_memory(tmp: Path, rows: int) -> None:
    """Write a manifest of ``rows`` files in 100 subfolders (every field filled) and print what reading it in a
    process of its own costs: peak RSS above the process's own after its imports, and time."""
    import csv

    path = tmp / "manifest.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "id", "title", "publisher", "author", "url", "published"])
        for i in range(rows):
            w.writerow([f"part{i % 100}/doc-{i:08d}.txt", f"doc-{i:08d}", f"Headline number {i} of a generated corpus",
                        "The Example Times", "A. Reporter", f"https://example.com/{2000 + i % 24}/story-{i}",
                        f"{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d}"])
    out = _run_child(_READ_MANIFEST, path)
    n, grew, secs, on_disk = int(out[0]), int(out[1]), float(out[2]), out[3] == "True"
    print(f"manifest {n:8d} rows, file {path.stat().st_size / 1e6:6.1f} MB: read in {secs:5.1f} s, "
          f"peak RSS {grew:5d} MB above the process's before reading; "
          f"{'rows in a temporary file' if on_disk else 'rows in memory'}")
    path.unlink()


_WALK_FOLDER = """
from timeline.ingest_files import walk
from timeline.progress import count_documents
config, folder = load_config(), Path(sys.argv[1])
before = peak_kb()
started = time.perf_counter()
walked = sum(1 for _ in walk(folder, config))
walk_secs = time.perf_counter() - started
walk_kb = peak_kb() - before
started = time.perf_counter()
counted = count_documents([folder])
print(walked, counted, walk_kb // 1024, f"{walk_secs:.1f}", (peak_kb() - before) // 1024, f"{time.perf_counter() - started:.1f}")
"""


def folder_memory(tmp: Path, files: int) -> None:
    """Make a folder of ``files`` empty text files and print what walking and counting it costs, in a process of
    its own (peak RSS above the process's own before, and time)."""
    folder = tmp / "flat"
    folder.mkdir()
    for i in range(files):
        os.close(os.open(folder / f"doc-{i:08d}.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    out = _run_child(_WALK_FOLDER, folder)
    walked, counted, walk_mb, walk_secs, count_mb, count_secs = out
    print(f"folder of {files} files: walked {walked} in {walk_secs} s, peak RSS {walk_mb} MB above the process's before; "
          f"counted {counted} in {count_secs} s, peak RSS {count_mb} MB above it")


def _year_span(keys: list[str]) -> float:
    """Years between the 5th and the 95th percentile of sorted ISO days (at least one)."""
    if not keys:
        return 1.0
    lo, hi = (date.fromisoformat(keys[int(q * (len(keys) - 1))]) for q in (0.05, 0.95))
    return max(1.0, (hi - lo).days / 365.25)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=100, help="copies of each seed as .txt and .html files")
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel HTML run")
    ap.add_argument("--mb", type=float, default=50.0, help="size of the JSON Lines file, in MB")
    ap.add_argument("--store-mb", type=float, default=5.0,
                    help="size of the generated corpus built through the store and in memory, in MB (0: skip)")
    ap.add_argument("--store-workers", type=int, default=1, help="extraction processes of those two builds")
    ap.add_argument("--memory-mb", default="5,10,20",
                    help="comma-separated corpus sizes (MB) of the peak-memory runs of 'timeline ingest' ('': skip)")
    ap.add_argument("--memory-workers", type=int, default=2, help="extraction processes of those runs")
    ap.add_argument("--only-memory", action="store_true", help="run the peak-memory runs only")
    ap.add_argument("--memory-mb-per-year", type=float, default=None,
                    help="spread each corpus of the peak-memory runs over size/this many years (default: ten years each)")
    ap.add_argument("--memory-years", default=None,
                    help="comma-separated years of publication of each corpus of the peak-memory runs, one per size")
    ap.add_argument("--manifest-rows", type=int, default=0,
                    help="only read a generated manifest of this many rows in a process of its own (peak memory, time)")
    ap.add_argument("--folder-files", type=int, default=0,
                    help="only walk and count a generated folder of this many files in a process of its own")
    args = ap.parse_args()
    if args.folder_files:
        with tempfile.TemporaryDirectory() as tmp:
            folder_memory(Path(tmp), args.folder_files)
        return 0
    if args.manifest_rows:
        with tempfile.TemporaryDirectory() as tmp:
            manifest_memory(Path(tmp), args.manifest_rows)
        return 0

    sizes = [float(x) for x in args.memory_mb.split(",") if x.strip()]
    years_each = None if args.memory_years is None else [float(x) for x in args.memory_years.split(",") if x.strip()]
    if years_each is not None and len(years_each) != len(sizes):
        ap.error("--memory-years needs one value per size of --memory-mb")
    if args.only_memory:
        with tempfile.TemporaryDirectory() as tmp:
            memory_vs_size(Path(tmp), sizes, args.memory_workers, args.memory_mb_per_year, years_each)
        return 0
    seeds, problems = load_documents([ROOT / "seeds"])
    assert len(seeds) == 5 and not problems, problems
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folders = build_corpus(tmp, seeds, args.copies)
        for kind, workers in (("txt", 1), ("html", 1), ("html", args.workers)):
            n, size, secs = timed([folders[kind]], workers)
            print(f"{kind:5s} {n:6d} docs  {secs:7.2f} s  {n / secs:8.0f} docs/s  {size / 1e6 / secs:6.1f} MB/s"
                  f"  ({workers} worker{'s' if workers > 1 else ''})")

        feed = tmp / "feed.jsonl"
        lines, size = write_jsonl(feed, seeds, int(args.mb * 1e6))
        tracemalloc.start()
        n, _, secs = timed([feed])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert n == lines, (n, lines)
        print(f"jsonl {n:6d} docs  {secs:7.2f} s  {n / secs:8.0f} docs/s  {size / 1e6 / secs:6.1f} MB/s  "
              f"file {size / 1e6:.1f} MB, peak heap while streaming {peak / 1e6:.1f} MB")

        huge = tmp / "huge.txt"
        with open(huge, "wb") as f:
            f.write(b"An article. " * 1000)
            f.truncate(2 * 1024**3)
        started = time.perf_counter()
        (problem,) = list(iter_documents([huge]))
        print(f"huge  2 GB sparse file rejected in {1000 * (time.perf_counter() - started):.1f} ms: {problem.message}")
        huge.unlink()

        if args.store_mb > 0:
            store_vs_memory(tmp, args.store_mb, args.store_workers)
        if sizes:
            memory_vs_size(tmp, sizes, args.memory_workers, args.memory_mb_per_year, years_each)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
