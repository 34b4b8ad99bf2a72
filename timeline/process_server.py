"""The server that starts this package's worker processes.

Worker processes (extraction, the parts of a store's merge, file reading) are
forked from one server process (multiprocessing's ``forkserver`` start
method), which is safe when the caller runs threads. Before it forks any,
the server imports the pipeline and makes it ready to run
(:mod:`timeline.process_preload`), so each worker starts with the patterns
already compiled instead of compiling them again.

:func:`start` launches the server ahead of need: it gets ready while the
caller does its own start-up, and the first worker asked for starts at once.
Where the platform has no ``forkserver`` (Windows, and macOS by choice),
workers are spawned afresh and :func:`start` does nothing.
"""

from __future__ import annotations

import multiprocessing

#: What the server imports before forking workers.
PRELOAD = ["timeline.process_preload"]

#: A short news sentence: a date, a place, actors, a casualty figure and an event, enough to compile every
#: pattern extraction uses (:func:`warm_up`).
WARM_UP_TEXT = ("BAGHDAD (Reuters) — On March 3, 2019, gunmen killed five police officers near a checkpoint in "
                "Mosul, the Interior Ministry said on Tuesday.")
WARM_UP_PUBLISHED = "2019-03-05"


def process_context():
    """The multiprocessing context worker processes are started with."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def start() -> None:
    """Launch the server now, if it is not running yet (where the platform has one); it does not wait for it."""
    if process_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def warm_up() -> None:
    """Extract :data:`WARM_UP_TEXT` with the default lexicon, loaded as the workers' own: the tagger's and the
    lexicons' patterns are compiled on first use, and processes forked afterwards inherit them compiled."""
    from timeline import parallel, pipeline
    from timeline.document import Document

    lexicon = parallel.worker_lexicon(())
    pipeline.extract_document(Document(id="warm-up", text=WARM_UP_TEXT, published=WARM_UP_PUBLISHED), lexicon)
