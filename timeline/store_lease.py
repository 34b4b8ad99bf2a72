"""The batch lease: which process is merging a store's documents in batches.

A batch ingest commits documents one by one and merges their events later
(see ``timeline.store``). While it runs it holds the store's batch lease; a
store whose documents are not all merged and whose lease nobody holds was left
by a batch that died, and any process may finish the merge.

The lease dies with its holder, however it ends (even ``SIGKILL``):

* SQLite: an exclusive ``flock`` on a file beside the database
  (``timeline.db`` -> ``timeline.db-batch``), released by the kernel when the
  process exits;
* PostgreSQL: a session advisory lock, held on a connection of its own and
  released by the server when that connection closes.

Leases are exclusive: one batch at a time per store. A second lease object in
the same process is refused like one in another process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

#: PostgreSQL advisory lock key of the batch lease (any fixed 64-bit number shared by every timeline process).
PG_LOCK_KEY = 0x5B0E_7A11


def lease_path(database: str) -> Path:
    """The lock file of a SQLite database file."""
    return Path(str(database) + "-batch")


class BatchLease:
    """An exclusive lease on one store for a batch ingest (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._fd: int | None = None
        self._conn = None

    @property
    def held(self) -> bool:
        return self._fd is not None or self._conn is not None

    def acquire(self, blocking: bool = True, poll: float = 0.2) -> bool:
        """Take the lease; without ``blocking`` return False at once when another holder has it."""
        if self.held:
            raise RuntimeError("the batch lease is already held by this object")
        if self.engine.dialect.name == "sqlite":
            return self._acquire_file(blocking)
        if self.engine.dialect.name == "postgresql":
            return self._acquire_advisory(blocking, poll)
        raise ValueError(f"no batch lease for the {self.engine.dialect.name} backend")

    def release(self) -> None:
        """Give the lease back (nothing happens when it is not held)."""
        if self._fd is not None:
            import fcntl

            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.commit()
            finally:
                conn.close()

    def __enter__(self) -> BatchLease:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def _acquire_file(self, blocking: bool) -> bool:
        import fcntl

        path = lease_path(self.engine.url.database)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def _acquire_advisory(self, blocking: bool, poll: float) -> bool:
        conn = self.engine.connect()
        try:
            while True:
                got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_LOCK_KEY}).scalar_one()
                conn.commit()
                if got or not blocking:
                    break
                time.sleep(poll)
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True
