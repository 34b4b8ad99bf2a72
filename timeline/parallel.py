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
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import islice
from pathlib import Path

import pandas as pd

from timeline.document import Document
from timeline.pipeline import BuildResult, DocumentResult, assemble, extract_document
from timeline.progress import Progress, count_documents, should_show

ENGINES = ("local", "dask")
#: Documents sent to a worker at once: large enough to amortize the transfer, small enough to balance.
DEFAULT_CHUNKSIZE = 16
#: Chunks in flight per worker: one running, the others queued so no worker waits.
CHUNKS_IN_FLIGHT_PER_WORKER = 3

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
    worker_lexicon(actors_files)


def _without_text(result: DocumentResult) -> DocumentResult:
    """The result with its document text dropped, so it travels back light."""
    result.document = replace(result.document, text="")
    return result


def extract_chunk(docs: list[Document], actors_files: tuple[str, ...] = ()) -> list[DocumentResult]:
    """Extract a chunk of documents in a worker; the texts are not sent back."""
    lexicon = worker_lexicon(actors_files)
    return [_without_text(extract_document(d, lexicon)) for d in docs]


def _with_text(results: list[DocumentResult], docs: list[Document]) -> list[DocumentResult]:
    for r, d in zip(results, docs, strict=True):
        r.document.text = d.text
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
) -> Iterator[DocumentResult]:
    """Extract every document, yielding results in input order.

    ``engine="local"``: ``workers=1`` runs in this process, ``workers>1`` in a
    pool of that many processes. ``engine="dask"``: on the ``distributed``
    scheduler at address ``scheduler``, or on a ``LocalCluster`` of
    ``workers`` processes started for the run when it is None. ``chunksize``
    documents travel to a worker together.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    files = tuple(str(f) for f in actors_files)
    if engine == "dask":
        return _map_dask(docs, workers, scheduler, files, chunksize)
    if scheduler is not None:
        raise ValueError("a scheduler address needs engine='dask'")
    if workers == 1:
        return _map_in_process(docs, files)
    return _map_pool(docs, workers, files, chunksize)


def _map_in_process(docs: Iterable[Document], actors_files: tuple[str, ...]) -> Iterator[DocumentResult]:
    from timeline.events import load_lexicon

    lexicon = load_lexicon(list(actors_files))
    for d in docs:
        yield extract_document(d, lexicon)


def _pool_context():
    """Workers start from a fresh server process (safe when this one runs threads), with the pipeline imported."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["timeline.pipeline", "timeline.parallel"])
        return ctx
    return multiprocessing.get_context("spawn")


def _map_pool(docs: Iterable[Document], workers: int, actors_files: tuple[str, ...], chunksize: int) -> Iterator[DocumentResult]:
    window = workers * CHUNKS_IN_FLIGHT_PER_WORKER
    pending: deque[tuple[list[Document], Future]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                             initializer=_init_worker, initargs=(actors_files,)) as pool:
        try:
            for chunk in _chunks(docs, chunksize):
                pending.append((chunk, pool.submit(extract_chunk, chunk, actors_files)))
                while len(pending) >= window:
                    chunk_docs, fut = pending.popleft()
                    yield from _with_text(fut.result(), chunk_docs)
            while pending:
                chunk_docs, fut = pending.popleft()
                yield from _with_text(fut.result(), chunk_docs)
        finally:
            for _, fut in pending:
                fut.cancel()


def _map_dask(docs: Iterable[Document], workers: int, scheduler: str | None,
              actors_files: tuple[str, ...], chunksize: int) -> Iterator[DocumentResult]:
    """Batches of documents become ``dask.bag`` partitions; two batches are in flight at a time."""
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
            results = bag.map_partitions(extract_chunk, actors_files)
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


def _documents_only(items: Iterable, problems: list, bar) -> Iterator[Document]:
    """Documents from an ingest stream; what could not be read goes to ``problems``."""
    for item in items:
        if isinstance(item, Document):
            yield item
        else:
            problems.append(item)
            if bar is not None:
                bar.update(1)


def _counted(results: Iterable[DocumentResult], bar) -> Iterator[DocumentResult]:
    for r in results:
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
    results = map_documents(docs, workers=workers, engine=engine, scheduler=scheduler,
                            actors_files=actors_files, chunksize=chunksize)
    if bar is not None:
        results = _counted(results, bar)
    try:
        result = assemble(results, existing=existing)
    finally:
        if bar is not None:
            bar.close()
    result.problems = problems
    return result
