"""Imported once by the process server (:mod:`timeline.process_server`) before it forks workers.

It imports what the workers run (the pipeline, the store, the merge and file
reading) and warms the pipeline up (:func:`timeline.process_server.warm_up`),
so every worker forked afterwards starts with its patterns compiled. Whatever
fails here is left for the worker to meet and report itself. Importing this
module anywhere else only costs time: it is meant for the server.
"""

from __future__ import annotations

import gc

from timeline import ingest_files, merge_parts, parallel, pipeline, process_server, store  # noqa: F401

try:
    process_server.warm_up()
except Exception:  # noqa: BLE001  (a worker loads and compiles what it needs itself, and reports any error)
    pass
gc.collect()
gc.freeze()  # what the workers inherit is never walked by their garbage collector
