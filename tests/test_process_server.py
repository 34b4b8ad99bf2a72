"""Worker processes start from a server that has the pipeline imported and its patterns compiled."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from timeline import process_server

needs_forkserver = pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                                      reason="the platform has no forkserver start method")


def _what_the_worker_holds() -> dict:
    from timeline import parallel
    from timeline.temporal.tagger import default_tagger

    return {"lexicon": () in parallel._lexicons, "tagger": default_tagger.cache_info().currsize == 1}


@needs_forkserver
def test_a_worker_starts_with_the_lexicon_loaded_and_the_tagger_built():
    process_server.start()
    with ProcessPoolExecutor(max_workers=1, mp_context=process_server.process_context()) as pool:
        assert pool.submit(_what_the_worker_holds).result() == {"lexicon": True, "tagger": True}


@needs_forkserver
def test_start_launches_the_server_once():
    from multiprocessing import forkserver

    process_server.start()
    pid = forkserver._forkserver._forkserver_pid
    assert pid is not None
    process_server.start()
    assert forkserver._forkserver._forkserver_pid == pid


def test_the_warm_up_document_makes_an_event():
    """The warm-up text goes through every stage, so every pattern of extraction gets compiled."""
    from timeline.document import Document
    from timeline.events import load_lexicon
    from timeline.pipeline import extract_document

    result = extract_document(Document(id="w", text=process_server.WARM_UP_TEXT,
                                       published=process_server.WARM_UP_PUBLISHED), load_lexicon())
    assert result.time_mentions and result.event_mentions
    assert result.event_mentions[0].date == "2019-03-03"
