"""Run the per-document stage on several cores or on a Dask cluster.

    results = map_documents(docs, workers=4)                    # local processes
    results = map_documents(docs, engine="dask")                # a LocalCluster for the run
    results = map_documents(docs, engine="dask", scheduler="tcp://host:8786")
    build = build_parallel(["corpus/"], workers=4)              # ingest -> extract -> merge

Every engine runs the same ``pipeline.extract_document`` and yields its
results in input order, so the event table does not depend on the engine or
the number of workers. Documents are streamed: only a bounded window of them
(a few chunks per worker) is in flight at any time, whatever the corpus size,
and each worker loads the lexicon once.

Locally, ``workers=N`` means N processes extracting, the calling one
included: it starts N - 1 worker processes and extracts a chunk itself
while they start and whenever they all have work queued, so N busy
processes share N cores
(the calling process also reads the files and, in a build, merges). Its
share adjusts to the load: it extracts less while it has reading to do.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

import pandas as pd

from timeline import process_server
from timeline.document import Document
from timeline.pipeline import BuildResult, DocumentResult, assemble, extract_document
from timeline.progress import Progress, count_documents, should_show

ENGINES = ("local", "dask")
#: Documents sent to a worker at once: large enough to amortize the transfer, small enough to balance.
DEFAULT_CHUNKSIZE = 16
#: Chunks in flight per worker: one running, the others queued so no worker waits.
CHUNKS_IN_FLIGHT_PER_WORKER = 3
#: Chunks read ahead of the oldest one not yet extracted, per worker: while worker processes start, or one
#: falls behind on a long chunk, the calling process goes on extracting instead of waiting for it.
CHUNKS_AHEAD_PER_WORKER = 6

#: Messages each Dask connection keeps a log of during a run (see ``_map_dask``): none.
DASK_LOG_LENGTH = 0

_lexicons: dict[tuple, object] = {}


def _modified(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def worker_lexicon(actors_files: Iterable[str | os.PathLike] = ()):
    """The lexicon for ``actors_files``, loaded once per process and reused while the files are unchanged.

    Long-lived workers (a Dask cluster serving several builds) reload it when
    an actors file is edited.
    """
    from timeline.events import load_lexicon

    files = tuple(str(f) for f in actors_files)
    key = tuple((f, _modified(f)) for f in files)
    if key not in _lexicons:
        _lexicons.clear()
        _lexicons[key] = load_lexicon(list(files))
    return _lexicons[key]


def _init_worker(actors_files: tuple[str, ...]) -> None:
    """Load the lexicon, then set everything loaded so far aside from garbage collection (``gc.freeze``):
    the lexicons and modules live as long as the worker and would otherwise be walked by every full
    collection."""
    worker_lexicon(actors_files)
    gc.collect()
    gc.freeze()


def _without_text(result: DocumentResult, time_mentions: bool = True) -> DocumentResult:
    """The result with its document text dropped (and its time mentions unless asked for), so it travels back light."""
    result.document = replace(result.document, text="")
    if not time_mentions:
        result.time_mentions = []
    return result


@dataclass(frozen=True)
class ExtractionFailure:
    """A document whose extraction raised, in place of its result (``map_documents(..., errors="yield")``)."""

    doc_id: str
    path: str
    error: str  # the exception's type and message, on one line

    @classmethod
    def of(cls, doc: Document, exc: BaseException) -> ExtractionFailure:
        """The failure of ``doc`` that raised ``exc``."""
        return cls(doc.id, doc.path or "", " ".join(f"{type(exc).__name__}: {exc}".split()))

    def problem(self):
        """The failure as an ingest problem of the error level, naming the file (or the document)."""
        from timeline.ingest import IngestProblem

        return IngestProblem(self.path or self.doc_id, f"could not be processed ({self.error})")


def _extract_or_fail(doc: Document, lexicon, keep_going: bool) -> DocumentResult | ExtractionFailure:
    try:
        return extract_document(doc, lexicon)
    except Exception as exc:  # one article's failure: the others still go through
        if not keep_going:
            raise
        return ExtractionFailure.of(doc, exc)


def extract_or_fail(doc: Document, lexicon=None) -> DocumentResult | ExtractionFailure:
    """``pipeline.extract_document``, or the :class:`ExtractionFailure` of the document when it raises."""
    return _extract_or_fail(doc, lexicon, keep_going=True)


def extract_chunk(docs: list[Document], actors_files: tuple[str, ...] = (),
                  time_mentions: bool = True, keep_going: bool = False) -> list[DocumentResult | ExtractionFailure]:
    """Extract a chunk of documents in a worker; the texts are not sent back.

    ``time_mentions`` False leaves the results' ``time_mentions`` empty
    (``n_time_mentions`` still counts them): a build needs only the count.
    ``keep_going`` puts an :class:`ExtractionFailure` in place of a document
    whose extraction raises, instead of failing the whole chunk.
    """
    lexicon = worker_lexicon(actors_files)
    out = []
    for d in docs:
        r = _extract_or_fail(d, lexicon, keep_going)
        out.append(r if isinstance(r, ExtractionFailure) else _without_text(r, time_mentions))
    return out


def _with_text(results: list, docs: list[Document]) -> list:
    for r, d in zip(results, docs, strict=True):
        if not isinstance(r, ExtractionFailure):
            r.document.text = d.text
    return results


def _extract_here(docs: list[Document], lexicon, time_mentions: bool, keep_going: bool = False) -> list:
    results = [_extract_or_fail(d, lexicon, keep_going) for d in docs]
    if not time_mentions:
        for r in results:
            if not isinstance(r, ExtractionFailure):
                r.time_mentions = []
    return results


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def map_documents(
    docs: Iterable[Document],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    actors_files: Iterable[str | os.PathLike] = (),
    chunksize: int = DEFAULT_CHUNKSIZE,
    time_mentions: bool = True,
    errors: str = "raise",
) -> Iterator[DocumentResult | ExtractionFailure]:
    """Extract every document, yielding results in input order.

    ``engine="local"``: ``workers=1`` runs in this process, ``workers>1`` in
    this process and a pool of ``workers - 1`` more. ``engine="dask"``: on
    the ``distributed`` scheduler at address ``scheduler``, or on a
    ``LocalCluster`` of ``workers`` processes started for the run when it is
    None. ``chunksize`` documents travel to a worker together.
    ``time_mentions`` False gives results without their time mentions (their
    number stays in ``n_time_mentions``): less to send between processes.
    ``errors="yield"`` yields an :class:`ExtractionFailure` in place of each
    document whose extraction raises, and goes on with the others, on every
    engine; ``errors="raise"`` lets the first exception end the run.
    """
    if errors not in ("raise", "yield"):
        raise ValueError(f"errors must be 'raise' or 'yield', not {errors!r}")
    keep_going = errors == "yield"
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    files = tuple(str(f) for f in actors_files)
    if engine == "dask":
        return _map_dask(docs, workers, scheduler, files, chunksize, time_mentions, keep_going)
    if scheduler is not None:
        raise ValueError("a scheduler address needs engine='dask'")
    if workers == 1:
        return _map_in_process(docs, files, time_mentions, keep_going)
    process_server.start()  # the workers' server gets ready while the first documents are read
    return _map_pool(docs, workers, files, chunksize, time_mentions, keep_going)


def _map_in_process(docs: Iterable[Document], actors_files: tuple[str, ...],
                    time_mentions: bool = True, keep_going: bool = False) -> Iterator:
    from timeline.events import load_lexicon

    lexicon = load_lexicon(list(actors_files))
    for d in docs:
        yield _extract_here([d], lexicon, time_mentions, keep_going)[0]


class _Chunk:
    """A chunk of documents on its way: sent to a worker process (``future``) or extracted here (``results``)."""

    __slots__ = ("docs", "future", "results")

    def __init__(self, docs: list[Document], future: Future | None = None, results: list | None = None) -> None:
        self.docs = docs
        self.future = future
        self.results = results

    def ready(self) -> bool:
        return self.results is not None or self.future.done()

    def take(self) -> list[DocumentResult]:
        if self.results is not None:
            return self.results
        return _with_text(self.future.result(), self.docs)


def _start_workers(pool: ProcessPoolExecutor, procs: int) -> threading.Event:
    """Start the ``procs`` worker processes of ``pool`` from a thread (starting one waits for the process server);
    the event is set once they have run a first task, or failed to start (the next task sent then fails)."""
    running = threading.Event()

    def start() -> None:
        try:
            wait([pool.submit(os.getpid) for _ in range(procs)])  # each task sent while none is idle starts one
        except Exception:  # noqa: BLE001  (a broken pool is reported by the next task sent to it)
            pass
        finally:
            running.set()

    threading.Thread(target=start, name="start-workers", daemon=True).start()
    return running


def _map_pool(docs: Iterable[Document], workers: int, actors_files: tuple[str, ...], chunksize: int,
              time_mentions: bool = True, keep_going: bool = False) -> Iterator:
    """``workers - 1`` worker processes, and this process as one more.

    Each worker process keeps ``CHUNKS_IN_FLIGHT_PER_WORKER`` chunks queued;
    when they are all queued, this process extracts the next chunk itself. At
    the end of the input, chunks no worker has started yet come back here.
    Results are yielded in input order, at most ``workers *
    CHUNKS_AHEAD_PER_WORKER`` chunks after the documents were read: this
    process waits for the oldest chunk only when that many are read ahead.
    The worker processes start from a thread of their own: until they run,
    this process extracts every chunk itself instead of waiting for them.
    """
    from timeline.events import load_lexicon

    procs = workers - 1
    remote_limit = procs * CHUNKS_IN_FLIGHT_PER_WORKER
    window = workers * CHUNKS_AHEAD_PER_WORKER
    pending: deque[_Chunk] = deque()
    with ProcessPoolExecutor(max_workers=procs, mp_context=process_server.process_context(),
                             initializer=_init_worker, initargs=(actors_files,)) as pool:
        running = _start_workers(pool, procs)
        lexicon = load_lexicon(list(actors_files))
        try:
            for chunk in _chunks(docs, chunksize):
                remote = sum(1 for c in pending if c.future is not None and not c.future.done())
                if remote < remote_limit and running.is_set():
                    future = pool.submit(extract_chunk, chunk, actors_files, time_mentions, keep_going)
                    pending.append(_Chunk(chunk, future=future))
                else:
                    pending.append(_Chunk(chunk, results=_extract_here(chunk, lexicon, time_mentions, keep_going)))
                while pending and (len(pending) >= window or pending[0].ready()):
                    yield from pending.popleft().take()
            # the input is done: take back what no worker has started (the last first), and extract it here
            taken_back = [c for c in reversed(pending) if c.future is not None and c.future.cancel()]
            for c in reversed(taken_back):
                c.future = None
                c.results = _extract_here(c.docs, lexicon, time_mentions, keep_going)
            while pending:
                yield from pending.popleft().take()
        finally:
            for c in pending:
                if c.future is not None:
                    c.future.cancel()


def _map_dask(docs: Iterable[Document], workers: int, scheduler: str | None, actors_files: tuple[str, ...],
              chunksize: int, time_mentions: bool = True, keep_going: bool = False) -> Iterator:
    """Batches of documents become ``dask.bag`` partitions; two batches are in flight at a time.

    Distributed keeps the last messages each connection sent for debugging (``distributed.admin.
    low-level-log-length``, a thousand by default); the documents travel inside the graph, so those logs
    would hold the texts of a whole corpus in this process (and in a scheduler started here). The run keeps
    none (``DASK_LOG_LENGTH``)."""
    import dask

    with dask.config.set({"distributed.admin.low-level-log-length": DASK_LOG_LENGTH}):
        yield from _map_dask_run(docs, workers, scheduler, actors_files, chunksize, time_mentions, keep_going)


def _map_dask_run(docs: Iterable[Document], workers: int, scheduler: str | None, actors_files: tuple[str, ...],
                  chunksize: int, time_mentions: bool, keep_going: bool) -> Iterator:
    import dask.bag as db
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster, set_as_default=False)
    else:
        client = Client(scheduler, set_as_default=False)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        batch_size = chunksize * n_workers * CHUNKS_IN_FLIGHT_PER_WORKER
        pending: deque[tuple[list[Document], Future]] = deque()
        for batch in _chunks(docs, batch_size):
            bag = db.from_sequence(batch, partition_size=chunksize)
            results = bag.map_partitions(extract_chunk, actors_files, time_mentions, keep_going)
            pending.append((batch, client.compute(results)))
            while len(pending) >= 2:
                batch_docs, fut = pending.popleft()
                yield from _with_text(fut.result(), batch_docs)
        while pending:
            batch_docs, fut = pending.popleft()
            yield from _with_text(fut.result(), batch_docs)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def merge_processes(workers: int, engine: str = "local", scheduler: str | None = None) -> int:
    """How many processes a store's merge after an extraction may use (besides its own): the workers when they
    ran on this machine (the local pool, or the Dask cluster started for the run), which are done by then;
    else one."""
    return workers if engine == "local" or scheduler is None else 1


def _documents_only(items: Iterable, problems: list, bar) -> Iterator[Document]:
    """Documents from an ingest stream; what could not be read goes to ``problems``."""
    for item in items:
        if isinstance(item, Document):
            yield item
        else:
            problems.append(item)
            if bar is not None:
                bar.update(1)


def _succeeded(results: Iterable, problems: list, bar) -> Iterator[DocumentResult]:
    """The results of the documents extracted; each failure becomes a problem. Counted on the progress bar."""
    for r in results:
        if isinstance(r, ExtractionFailure):
            problems.append(r.problem())
            if bar is not None:
                bar.update(1)
            continue
        if bar is not None:
            bar.update(1, len(r.document.text.encode("utf-8")))
        yield r


def build_parallel(
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    manifest: str | Path | None = None,
    published: str | None = None,
    actors_files: Iterable[str | Path] = (),
    progress: bool | None = None,
    existing: pd.DataFrame | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> BuildResult:
    """Ingest files or directories, extract them with ``map_documents`` and merge.

    The result is the one ``pipeline.build_paths`` gives for the same inputs.
    ``progress`` True draws a progress bar on stderr, False never does, None
    draws it only when stderr is a terminal.
    """
    from timeline.ingest import iter_documents

    paths = list(paths)
    show = should_show(sys.stderr, progress)
    bar = Progress(total=count_documents(paths), force=True) if show else None
    problems: list = []
    docs = _documents_only(iter_documents(paths, manifest=manifest, published=published), problems, bar)
    results = _succeeded(map_documents(docs, workers=workers, engine=engine, scheduler=scheduler,
                                       actors_files=actors_files, chunksize=chunksize, time_mentions=False,
                                       errors="yield"), problems, bar)
    try:
        # the local workers are done by the merge: it may use as many processes, forked from this one (after a Dask
        # run it stays in one: the forked copies would count the memory they share with this process again)
        result = assemble(results, existing=existing, processes=workers if engine == "local" else 1)
    finally:
        if bar is not None:
            bar.close()
    result.problems = problems
    return result
