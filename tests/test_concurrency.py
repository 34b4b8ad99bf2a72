"""Many clients at once: 8 adding articles and 8 reading events over real HTTP lose nothing and see no errors."""

from __future__ import annotations

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from generated_articles import generated_articles
from store_backends import BACKENDS, fresh_db
from werkzeug.serving import make_server

from timeline.api import make_api
from timeline.store import Store

WRITERS = 8
READERS = 8
DOCS_PER_WRITER = 3


@pytest.fixture
def server(tmp_path):
    store = Store(str(tmp_path / "timeline.db"))
    app = Flask("timeline-concurrency-test")
    app.register_blueprint(make_api(store))
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield store, f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=10)
    store.close()


def _request(url: str, body: object | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, json.loads(resp.read())


def test_concurrent_writers_and_readers_lose_nothing(server):
    store, base = server
    articles = generated_articles(WRITERS * DOCS_PER_WRITER, seed=31)
    done = threading.Event()
    errors: list[str] = []
    reads: list[int] = []

    def write(k: int) -> list[str]:
        ids = []
        for a in articles[k::WRITERS]:
            status, body = _request(f"{base}/api/documents", {f: a[f] for f in ("id", "text", "title", "publisher", "published")})
            if status != 201:
                errors.append(f"POST {status}: {body}")
            ids += body["added"]
        return ids

    def read(_: int) -> None:
        totals = []
        while not done.is_set():
            try:
                status, body = _request(f"{base}/api/events?limit=50")
            except Exception as exc:  # any failure is what this test looks for
                errors.append(f"GET: {exc!r}")
                continue
            if status != 200 or len(body["events"]) != min(50, body["total"]):
                errors.append(f"GET {status}: {body}")
            totals.append(body["total"])
        reads.append(len(totals))

    with ThreadPoolExecutor(READERS) as readers:
        pending = [readers.submit(read, i) for i in range(READERS)]
        with ThreadPoolExecutor(WRITERS) as writers:
            added = [i for ids in writers.map(write, range(WRITERS)) for i in ids]
        done.set()
        for f in pending:
            f.result()

    assert errors == []
    assert sorted(added) == sorted(a["id"] for a in articles)
    assert sorted(store.documents()["doc_id"]) == sorted(added)
    assert sum(reads) >= READERS
    assert store.check() == []
    cited = {d for cell in store.events()["doc_ids"] for d in cell.split("; ")}
    with_mentions = set(store.documents().query("n_event_mentions > 0")["doc_id"])
    assert with_mentions <= cited
    status, health = _request(f"{base}/api/health")
    assert health["documents"] == len(articles) and health["events"] == len(store.events())


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_store_objects_writing_the_same_database_at_once_lose_nothing(tmp_path, backend):
    """Two processes' worth of writers: each Store has its own lock, the database serializes them."""
    from timeline.ingest import document_from_text

    db = fresh_db(backend, tmp_path)
    articles = generated_articles(16, seed=33)
    docs = [document_from_text(a["text"], id=a["id"], published=a["published"]) for a in articles]
    stores = [Store(db), Store(db)]
    try:
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda k: [stores[k].add_document(d) for d in docs[k::2]], range(2)))
        assert all(o.added for batch in outcomes for o in batch)
        for s in stores:
            assert sorted(s.documents()["doc_id"]) == sorted(d.id for d in docs)
            assert s.check() == []
        assert stores[0].events().equals(stores[1].events())
    finally:
        for s in stores:
            s.close()
