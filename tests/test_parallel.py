"""Parallel and distributed extraction give exactly the table a single process gives."""

from __future__ import annotations

import io
import os
import sys

import pandas as pd
import pytest

from timeline import corpus_gen
from timeline.ingest import load_documents
from dataclasses import replace

from timeline.parallel import (
    CHUNKS_AHEAD_PER_WORKER,
    ExtractionFailure,
    build_parallel,
    map_documents,
    merge_processes,
    worker_lexicon,
)
from timeline.pipeline import build_paths


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A small generated corpus: 24 articles moved in time, with a manifest."""
    out = tmp_path_factory.mktemp("corpus")
    seeds = corpus_gen.load_seeds()
    corpus_gen.write_corpus(corpus_gen.generate(seeds, n_docs=24, seed=3), out)
    return out


@pytest.fixture(scope="module")
def reference(corpus):
    return build_paths([corpus])


def test_one_worker_gives_the_pipeline_table(corpus, reference):
    result = build_parallel([corpus], workers=1, progress=False)
    assert len(reference.events) > 0
    pd.testing.assert_frame_equal(result.events, reference.events)
    pd.testing.assert_frame_equal(result.mentions, reference.mentions)
    pd.testing.assert_frame_equal(result.documents, reference.documents)


def test_two_worker_processes_give_the_same_tables(corpus, reference):
    result = build_parallel([corpus], workers=2, chunksize=3, progress=False)
    pd.testing.assert_frame_equal(result.events, reference.events)
    pd.testing.assert_frame_equal(result.mentions, reference.mentions)
    pd.testing.assert_frame_equal(result.documents, reference.documents)


def test_a_dask_cluster_gives_the_same_tables(corpus, reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        result = build_parallel([corpus], engine="dask", scheduler=cluster.scheduler_address,
                                chunksize=4, progress=False)
    pd.testing.assert_frame_equal(result.events, reference.events)
    pd.testing.assert_frame_equal(result.mentions, reference.mentions)


def test_a_dask_run_holds_only_the_documents_in_flight():
    """Distributed's message logs would keep every document sent through the graph: a run keeps none."""
    pytest.importorskip("distributed")
    import gc

    from timeline.document import Document

    def documents():  # made as they are read: the test itself holds none
        for i in range(120):
            yield Document(id=f"flat-{i:03d}", text=f"Talks {i} began in Doha on Aug. 20, 2021.", published="2021-08-26")

    def alive() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is Document and o.id.startswith("flat-"))

    held = []
    for k, r in enumerate(map_documents(documents(), engine="dask", workers=1, chunksize=2), 1):
        if k in (40, 110):
            held.append(alive())
    del r
    assert held[1] <= held[0] + 10 and held[1] < 60, held
    assert alive() == 0


def test_results_come_back_in_input_order_with_their_texts(corpus):
    docs, _ = load_documents([corpus])
    docs = docs[:10]
    results = list(map_documents(iter(docs), workers=2, chunksize=1))
    assert [r.document.id for r in results] == [d.id for d in docs]
    assert [r.document.text for r in results] == [d.text for d in docs]
    assert all(m.doc_id == r.document.id for r in results for m in r.event_mentions)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_can_leave_their_time_mentions_behind(corpus, workers):
    docs, _ = load_documents([corpus])
    docs = docs[:8]
    full = list(map_documents(iter(docs), workers=workers, chunksize=2))
    light = list(map_documents(iter(docs), workers=workers, chunksize=2, time_mentions=False))
    assert all(r.time_mentions and len(r.time_mentions) == r.n_time_mentions for r in full)
    assert all(r.time_mentions == [] for r in light)
    assert [r.n_time_mentions for r in light] == [r.n_time_mentions for r in full]
    assert [r.event_mentions for r in light] == [r.event_mentions for r in full]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_documents_are_read_a_bounded_window_ahead_of_the_results(corpus, workers):
    docs, _ = load_documents([corpus])
    pulled = 0

    def stream():
        nonlocal pulled
        for d in docs:
            pulled += 1
            yield d

    ahead = []
    for r in map_documents(stream(), workers=workers, chunksize=1):
        ahead.append(pulled - (len(ahead) + 1))
    window = 0 if workers == 1 else workers * CHUNKS_AHEAD_PER_WORKER  # one document a chunk
    assert len(ahead) == len(docs) > window
    assert max(ahead) <= window


def test_unreadable_files_are_reported_and_the_rest_still_builds(corpus, tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    docs, _ = load_documents([corpus])
    (tmp_path / "good.txt").write_text(docs[0].text, encoding="utf-8")
    expected = build_paths([tmp_path], published=docs[0].published)
    result = build_parallel([tmp_path], workers=2, published=docs[0].published, progress=False)
    assert len(result.problems) == len(expected.problems) >= 1
    assert len(result.documents) == 1
    pd.testing.assert_frame_equal(result.events, expected.events)


def test_a_forced_progress_bar_reports_the_documents_done(corpus, monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    build_parallel([corpus], workers=1, progress=True)
    assert "24/24 documents (100%)" in err.getvalue()
    assert "docs/s" in err.getvalue()


def test_no_progress_bar_when_stderr_is_not_a_terminal(corpus, monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    build_parallel([corpus], workers=1)
    assert err.getvalue() == ""


ACTORS = "canonical,type,alias,parent\nNorthern Front,armed_group,Northern Front,\n"
ARTICLE = ("Fighters of the Northern Front attacked an army checkpoint in Kandahar on Aug. 3, 2021, "
           "killing five soldiers, officials said.\n")


def test_an_extra_actors_file_reaches_every_worker(tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text(ACTORS, encoding="utf-8")
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"a{i}.txt").write_text(ARTICLE, encoding="utf-8")
    expected = build_paths([corpus], published="2021-08-05", actors_files=[actors])
    result = build_parallel([corpus], workers=2, chunksize=1, published="2021-08-05", actors_files=[actors])
    assert expected.mentions["actors"].str.contains("Northern Front").all()
    pd.testing.assert_frame_equal(result.events, expected.events)


def test_the_worker_lexicon_is_loaded_once_and_again_after_its_file_changes(tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text(ACTORS, encoding="utf-8")
    first = worker_lexicon([actors])
    assert worker_lexicon([str(actors)]) is first
    later = actors.stat().st_mtime_ns + 10**9
    os.utime(actors, ns=(later, later))
    assert worker_lexicon([actors]) is not first


def _with_a_broken_document(corpus) -> list:
    docs, _ = load_documents([corpus])
    docs = docs[:7]
    docs[3] = replace(docs[3], text=None, path="broken.txt")  # a document the extractor cannot read
    return docs


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_whose_extraction_fails_is_reported_and_the_others_still_come(corpus, workers):
    docs = _with_a_broken_document(corpus)
    results = list(map_documents(iter(docs), workers=workers, chunksize=2, errors="yield"))
    assert [r.doc_id if isinstance(r, ExtractionFailure) else r.document.id for r in results] == [d.id for d in docs]
    failure = results[3]
    assert isinstance(failure, ExtractionFailure) and failure.path == "broken.txt" and "Error" in failure.error
    assert str(failure.problem()).startswith("broken.txt: could not be processed (")
    assert all(r.document.text == d.text for r, d in zip(results, docs) if not isinstance(r, ExtractionFailure))


def test_a_dask_task_reports_the_failure_of_one_document_and_goes_on(corpus):
    distributed = pytest.importorskip("distributed")
    docs = _with_a_broken_document(corpus)
    with distributed.LocalCluster(n_workers=1, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        results = list(map_documents(iter(docs), engine="dask", scheduler=cluster.scheduler_address, chunksize=2,
                                     errors="yield"))
    assert [isinstance(r, ExtractionFailure) for r in results] == [False, False, False, True, False, False, False]


@pytest.mark.parametrize("workers", [1, 2])
def test_by_default_the_first_failure_ends_the_run(corpus, workers):
    with pytest.raises(Exception):
        list(map_documents(iter(_with_a_broken_document(corpus)), workers=workers, chunksize=2))


@pytest.mark.parametrize("kwargs", [{"engine": "spark"}, {"workers": 0}, {"chunksize": 0},
                                    {"scheduler": "tcp://127.0.0.1:8786"}, {"errors": "ignore"}])
def test_bad_settings_are_refused_before_any_work(kwargs):
    with pytest.raises(ValueError):
        map_documents([], **kwargs)


def test_the_merge_uses_the_workers_only_when_they_ran_on_this_machine():
    assert merge_processes(4) == 4  # the local pool
    assert merge_processes(3, "dask") == 3  # a Dask cluster started for the run, here
    assert merge_processes(3, "dask", "tcp://scheduler:8786") == 1  # a cluster elsewhere
    assert merge_processes(1) == 1


def _fail_to_start() -> None:
    raise RuntimeError("this worker cannot start")


def test_worker_processes_start_in_the_background_and_then_take_work():
    from concurrent.futures import ProcessPoolExecutor

    from timeline.parallel import _start_workers
    from timeline.process_server import process_context

    with ProcessPoolExecutor(max_workers=1, mp_context=process_context()) as pool:
        running = _start_workers(pool, 1)
        assert running.wait(120)
        assert pool.submit(os.getpid).result() != os.getpid()


def test_a_pool_that_cannot_start_is_reported_by_the_next_task_sent():
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from timeline.parallel import _start_workers
    from timeline.process_server import process_context

    with ProcessPoolExecutor(max_workers=1, mp_context=process_context(), initializer=_fail_to_start) as pool:
        running = _start_workers(pool, 1)
        assert running.wait(120)
        with pytest.raises(BrokenProcessPool):
            pool.submit(os.getpid).result()
