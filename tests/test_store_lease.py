"""The batch lease is exclusive and dies with the process that holds it.

Runs on SQLite, and on PostgreSQL when ``TIMELINE_TEST_PG`` is set.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from store_backends import BACKENDS, fresh_db

from timeline.store import Store
from timeline.store_lease import BatchLease

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = Store(fresh_db(request.param, tmp_path))
    yield s
    s.close()


def test_one_holder_at_a_time(store):
    first, second = BatchLease(store.engine), BatchLease(store.engine)
    assert first.acquire(blocking=False) and first.held
    assert not second.acquire(blocking=False) and not second.held
    first.release()
    assert not first.held
    assert second.acquire(blocking=False)
    second.release()


def test_a_waiting_holder_gets_the_lease_when_it_is_given_back(store):
    first, second = BatchLease(store.engine), BatchLease(store.engine)
    first.acquire()
    got = threading.Event()

    def wait() -> None:
        second.acquire(blocking=True, poll=0.05)
        got.set()

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(0.3)
    assert not got.is_set()
    first.release()
    thread.join(timeout=10)
    assert got.is_set()
    second.release()


def test_the_same_object_cannot_take_it_twice(store):
    with BatchLease(store.engine) as lease, pytest.raises(RuntimeError):
        lease.acquire()


CHILD = textwrap.dedent(
    """
    import sys, time
    from timeline.store import Store
    from timeline.store_lease import BatchLease

    lease = BatchLease(Store(sys.argv[1]).engine)
    lease.acquire()
    print("held", flush=True)
    time.sleep(60)
    """
)


def test_a_lease_dies_with_its_process(store):
    proc = subprocess.Popen([sys.executable, "-c", CHILD, store.url], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "held"
        lease = BatchLease(store.engine)
        assert not lease.acquire(blocking=False)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10  # a database server notices the closed connection within moments
        while not lease.acquire(blocking=False):
            assert time.monotonic() < deadline, "the lease outlived its process"
            time.sleep(0.05)
        lease.release()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
