"""Memory of a process and all its descendants, as the benchmarks report it.

Two sums over the process tree:

- **RSS** (resident set size) counts every page a process maps, so a page
  that several processes share counts once in each. Processes started from
  a fork server, or forked from the build, share their parent's imported
  modules: summing RSS counts those pages again for every process.
- **PSS** (proportional set size, from ``/proc/PID/smaps_rollup`` on Linux)
  counts a page shared by k processes as 1/k in each: summed over the tree,
  it is the physical memory the tree holds (as ``smem`` reports it).

PSS is slower to read (about a millisecond per process), so a sampler may
read it on every few samples only.
"""

from __future__ import annotations

def tree_memory(procs, proportional: bool = True) -> tuple[int, int | None]:
    """(sum of RSS, sum of PSS) in bytes over ``procs`` (``psutil.Process`` objects); PSS is None when not
    read (``proportional`` False) or not available on this platform. Processes that have exited are skipped."""
    import psutil

    rss = 0
    pss: int | None = 0 if proportional else None
    for p in procs:
        try:
            try:
                m = p.memory_full_info() if pss is not None else p.memory_info()
            except psutil.AccessDenied:  # its page maps cannot be read: its RSS still counts, the PSS sum is unknown
                m, pss = p.memory_info(), None
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        rss += m.rss
        if pss is not None:
            pss = pss + m.pss if hasattr(m, "pss") else None
    return rss, pss
