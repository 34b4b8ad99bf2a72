"""The store: documents, their mentions and the merged events, kept in a database.

A store is a SQLite file by default (created on first use, in WAL mode) or
any SQLAlchemy URL, so that a PostgreSQL server can serve a team::

    store = Store(resolve_db(None))          # $TIMELINE_DB, else ./timeline.db
    report = ingest_paths(store, ["articles/"])
    store.events()                           # the event table (timeline.schema)

What it keeps:

* ``documents``: every article with its text, metadata and content hash;
* ``time_mentions``: the time expressions found in each document;
* ``extracted_mentions``: the event mentions extraction produced, as JSON,
  exactly as they came out (they are never extracted again);
* ``mentions`` and ``events``: the event-mentions and event tables, derived
  by merging every extracted mention.

Adding is incremental. A document whose content hash is already stored is
skipped, so ingesting the same files again changes nothing. A new document is
extracted once (stored mentions are never extracted again).

Batches (:func:`ingest_paths`, ``timeline ingest``, ``timeline build``)
commit each document in one transaction (its row, time mentions and extracted
mentions) and merge later: once at the end of the batch, and for a long batch
also every ``merge_interval`` seconds (or ``merge_every`` documents) so that
readers see it progress. A merge takes every extracted mention in the store
and rewrites the derived tables in one transaction, exactly as
``timeline.merge.merge`` and ``timeline.table`` build them in memory: an
ingest into an empty store gives the tables of ``timeline build --in-memory``.
The merge streams (``timeline.merge.merge_stream``): it reads the extracted
mentions a page at a time in the order of their ``stream_key`` column and
writes the events in chunks as they are settled, so it holds one window of
mentions and the events still open, not the store. A batch with several
extraction workers merges the groups of event types that never meet side by
side, each other group in a process that reads its own mentions
(``timeline.merge_parts``); the tables are the same.
Ids come from the derived mentions table as it was when the batch began
(``existing``), so events stored before the batch keep their ids and gain
the new sources (when new evidence joins two stored events or splits one, the
id stays with the part that holds most of its mentions); the ids of events
first reported in a batch are settled by the merge that ends it (a merge in the middle of a batch shows them with the ids
the end would give them, unless later documents of the batch change the
events). Readers see the derived tables of the last merge, and the documents
that merge included; they never wait for a batch.

While it runs, a batch holds the store's batch lease (``timeline.store_lease``;
it dies with the process). A process killed mid-batch leaves committed
documents whose mentions are not merged yet (the ``pending`` mark): the next
reader or writer that finds the mark and no living batch merges them
(keeping the batch open), and the next ingest continues the batch, so that
ingesting the same files again gives exactly the tables of an ingest that
was never interrupted.

A single document added outside a batch (:meth:`Store.add_document`, the
HTTP API) is merged at once, incrementally: its mentions are merged together
with the stored events whose dates leave room for them (:func:`affected_events`),
from those events' extracted mentions and with the stored mentions table as
``existing``; events elsewhere on the timeline are not touched. Its
transaction holds the document and the updated tables. Incremental merges can
differ from a merge of everything (:meth:`Store.merge_all`): the weight of a
shared name is measured among the mentions merged together rather than the
whole store, the events outside the date window are not reconsidered, and
within an event the mentions table keeps its earlier rows first. The next batch
that adds a document merges everything again, as does :meth:`Store.merge_all`. A document added while a batch runs in another
process is left to that batch's next merge; one added while a batch that
died is still open gets ids that the ingest continuing that batch may change.

Writers are serialized: a lock inside the process, and the database's own
write lock across processes (``BEGIN IMMEDIATE`` with a busy timeout on
SQLite, a row lock on PostgreSQL). Readers never wait for writers on SQLite
(WAL) and read tables from an in-memory copy while the store is unchanged.

Tables imported with :meth:`Store.import_tables` (an earlier build's output,
or generated tables) are kept as they are and marked ``imported``; merging
never touches them.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from functools import partial
from itertools import islice
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from timeline import schema
from timeline.document import Document
from timeline.store_codec import dumps_mention, loads_mention
from timeline.store_lease import BatchLease
from timeline.store_reader import CHUNK_ROWS, TableReader
from timeline.temporal.mention import TimeMention

ENV_VAR = "TIMELINE_DB"
DEFAULT_DB = "timeline.db"
SCHEMA_VERSION = "1"
#: Rows a batch merge reads (extracted mentions) or writes (events) at a time.
MERGE_PAGE = 2000
#: Documents an ingest reads ahead to look their content hashes up in the store at once.
HASH_LOOKAHEAD = 64
#: Seconds between the merges a long batch makes so that readers see it progress (see ``Batch``).
DEFAULT_MERGE_INTERVAL = 60.0
#: A batch ingest commits documents together: at most this many, this many characters of text, or what
#: came within this many seconds of the first (see ``Batch.add_results``).
COMMIT_GROUP_DOCS = 64
COMMIT_GROUP_CHARS = 4_000_000
COMMIT_GROUP_SECONDS = 1.0


def resolve_db(arg: str | None) -> str:
    """The database URL to use: ``arg``, else ``$TIMELINE_DB``, else ``./timeline.db``.

    A value with ``://`` is a SQLAlchemy URL and is returned as given; anything
    else is a path to a SQLite file, returned as an absolute ``sqlite:///`` URL.
    """
    value = (arg or "").strip() or os.environ.get(ENV_VAR, "").strip() or DEFAULT_DB
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


# --------------------------------------------------------------------------- tables

_SQL_TYPES = {"string": sa.Text, "Int64": sa.BigInteger, "Float64": sa.Float}


def _columns(cols: tuple[schema.Column, ...], skip: tuple[str, ...] = ()) -> list[sa.Column]:
    return [sa.Column(c.name, _SQL_TYPES[c.dtype]()) for c in cols if c.name not in skip]


metadata = sa.MetaData()

state_table = sa.Table(
    "timeline_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("generation", sa.BigInteger, nullable=False),
    sa.Column("schema_version", sa.Text, nullable=False),
)

documents_table = sa.Table(
    "documents",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.Text, nullable=False, unique=True),
    sa.Column("hash", sa.String(64), unique=True),  # NULL for imported rows
    sa.Column("text", sa.Text, nullable=False, default=""),
    sa.Column("added_at", sa.Text),
    sa.Column("imported", sa.Boolean, nullable=False, default=False),
    *_columns(schema.DOCUMENT_COLUMNS, skip=("doc_id", "hash")),
)

time_mentions_table = sa.Table(
    "time_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("type", sa.Text),
    sa.Column("value", sa.Text),
    sa.Column("mod", sa.Text),
    sa.Column("first_day", sa.Text),
    sa.Column("last_day", sa.Text),
    sa.Column("anchor", sa.Text),
    sa.Column("precision", sa.Text),
)

extracted_table = sa.Table(
    "extracted_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("mention_id", sa.Text, nullable=False),
    # the mention's event type: a merge in parts reads the mentions of some types only (NULL: not known yet)
    sa.Column("event_type", sa.Text, nullable=True),
    sa.Column("data", sa.Text, nullable=False),
    # timeline.merge.stream_key of the mention: a batch merge reads mentions ordered by (stream_key, id)
    sa.Column("stream_key", sa.Text, nullable=False, server_default=""),
    # timeline.merge.features_record of the mention: what merging reads of its sentence (None: computed when merging)
    sa.Column("merge_features", sa.Text, nullable=True),
    sa.Index("ix_extracted_mentions_stream", "stream_key", "id"),
)

mentions_table = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("imported", sa.Boolean, nullable=False, default=False),
    *_columns(schema.MENTION_COLUMNS),
    sa.Index("ix_mentions_event_id", "event_id"),
    sa.Index("ix_mentions_doc_id", "doc_id"),
)

events_table = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("imported", sa.Boolean, nullable=False, default=False),
    *_columns(schema.EVENT_COLUMNS, skip=("event_id",)),
)

merge_state_table = sa.Table(
    "merge_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    # documents are committed whose mentions the derived tables do not place yet
    sa.Column("pending", sa.Boolean, nullable=False, default=False),
    # a batch has begun and not ended: merge_base holds the ids its merges keep
    sa.Column("batch_open", sa.Boolean, nullable=False, default=False),
    # grows with every change of the derived tables (events, mentions)
    sa.Column("derived_generation", sa.BigInteger, nullable=False, default=0),
    # the documents up to this seq are the ones the derived tables were merged from
    sa.Column("merged_seq", sa.BigInteger, nullable=False, default=0),
)

#: The derived mentions table as it was when the open batch began (what merging needs to keep ids).
merge_base_table = sa.Table(
    "merge_base",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("mention_id", sa.Text),
    sa.Column("trigger_start", sa.BigInteger),
    sa.Column("doc_id", sa.Text),
    sa.Column("sentence", sa.Text),
    sa.Column("event_type", sa.Text),
    sa.Index("ix_merge_base_doc_id", "doc_id"),
)
_BASE_COLS = ("event_id", "mention_id", "trigger_start", "doc_id", "sentence", "event_type")

#: Sets of event ids that merging keeps here rather than in memory, by ``kind``: ``before``, the derived
#: events when the running merge began; ``given``, the ids it has given so far; ``batch``, the derived
#: events when the running batch began (written before its first commit). A merge empties its two sets
#: when it commits (they never outlive its transaction); a batch, its own when it ends (a batch that is
#: killed leaves it to the next batch, which replaces it).
event_id_sets_table = sa.Table(
    "event_id_sets",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("event_id", sa.Text, primary_key=True),
)


# statements of the per-document path, built once
_BUMP = sa.update(state_table).where(state_table.c.id == 1).values(generation=state_table.c.generation + 1)
_STATUS = sa.select(state_table.c.generation, merge_state_table.c.pending, merge_state_table.c.batch_open,
                    merge_state_table.c.derived_generation, merge_state_table.c.merged_seq).select_from(
    state_table.join(merge_state_table, merge_state_table.c.id == state_table.c.id))
_DOC_FOR_HASH = sa.select(documents_table.c.doc_id).where(documents_table.c.hash == sa.bindparam("h"))
_ID_TAKEN = sa.select(documents_table.c.seq).where(documents_table.c.doc_id == sa.bindparam("d"))
_INSERT_DOCUMENT = sa.insert(documents_table)
_TIME_INSERT_COLS = ("doc_id", *(c.name for c in time_mentions_table.c if c.name not in ("id", "doc_id")))
_BULK: dict[tuple, tuple[str, tuple[int, ...] | None]] = {}


def _bulk_insert(conn: Connection, table: sa.Table, cols: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows through the driver at once, the statement compiled once per dialect."""
    key = (conn.dialect.name, table.name, cols)
    if key not in _BULK:
        compiled = sa.insert(table).compile(dialect=conn.dialect, column_keys=list(cols))
        order = tuple(cols.index(name) for name in compiled.positiontup) if compiled.positional else None
        _BULK[key] = (str(compiled), order)
    sql, order = _BULK[key]
    if order == tuple(range(len(cols))):  # the statement takes the columns in the rows' order
        params = rows if type(rows) is list else list(rows)
    elif order is not None:
        params = [tuple(r[i] for i in order) for r in rows]
    else:
        params = [dict(zip(cols, r)) for r in rows]
    conn.exec_driver_sql(sql, params)
_EVENT_COLS = schema.EVENT_COLUMN_NAMES
_MENTION_COLS = schema.MENTION_COLUMN_NAMES
_DOC_COLS = schema.DOCUMENT_COLUMN_NAMES
_EVENT_TYPES = tuple(c.dtype for c in schema.EVENT_COLUMNS)
_MENTION_TYPES = tuple(c.dtype for c in schema.MENTION_COLUMNS)
_EVENT_INSERT_COLS = ("imported", *_EVENT_COLS)
_MENTION_INSERT_COLS = ("imported", *_MENTION_COLS)


def _migrate(conn: Connection) -> None:
    """Bring a store written by an earlier version up to these tables (columns and indexes added since)."""
    inspector = sa.inspect(conn)
    columns = {c["name"] for c in inspector.get_columns(extracted_table.name)}
    if "stream_key" not in columns:
        conn.exec_driver_sql(f"ALTER TABLE {extracted_table.name} ADD COLUMN stream_key TEXT NOT NULL DEFAULT ''")
    if "merge_features" not in columns:
        conn.exec_driver_sql(f"ALTER TABLE {extracted_table.name} ADD COLUMN merge_features TEXT")
    if "event_type" not in columns:
        conn.exec_driver_sql(f"ALTER TABLE {extracted_table.name} ADD COLUMN event_type TEXT")
        fill_event_types(conn)
    fill_stream_keys(conn)
    for table in (extracted_table, merge_base_table):
        known = {ix["name"] for ix in sa.inspect(conn).get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in known:
                index.create(conn)


def fill_event_types(conn: Connection, chunk: int = 2000) -> int:
    """Give every extracted mention stored without one its ``event_type`` (decoding ``data``, a chunk at a time)."""
    return _fill(conn, extracted_table.c.event_type, extracted_table.c.event_type.is_(None),
                 lambda m: m.event_type, chunk)


def fill_stream_keys(conn: Connection, chunk: int = 2000) -> int:
    """Give every extracted mention stored without one its ``stream_key`` (decoding ``data``, a chunk at a time)."""
    from timeline.merge import stream_key

    return _fill(conn, extracted_table.c.stream_key, extracted_table.c.stream_key == "", stream_key, chunk)


def _fill(conn: Connection, column: sa.Column, missing, value: Callable, chunk: int) -> int:
    """Set ``column`` to ``value(mention)`` in every extracted mention where ``missing`` holds; return how many."""
    t = extracted_table
    done = 0
    last = 0
    while True:
        rows = conn.execute(sa.select(t.c.id, t.c.data).where(missing, t.c.id > last).order_by(t.c.id).limit(chunk)).all()
        if not rows:
            return done
        conn.execute(sa.update(t).where(t.c.id == sa.bindparam("rid")).values({column.name: sa.bindparam("value")}),
                     [{"rid": rid, "value": value(loads_mention(data))} for rid, data in rows])
        done += len(rows)
        last = rows[-1][0]


# --------------------------------------------------------------------------- results


@dataclass
class DocumentOutcome:
    """What adding one document did: its id, whether it was new, events it added."""

    doc_id: str
    added: bool
    events_added: int = 0


@dataclass
class IngestReport:
    """What an ingest did: new document ids, skipped ones (already stored), problems.

    ``n_added`` and ``n_skipped`` count the documents; their ids are listed in
    ``added`` and ``skipped`` unless ``keep_ids`` is false (an ingest of
    millions of files that only reports counts keeps none).
    """

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)
    events_added: int = 0
    keep_ids: bool = True
    n_added: int = 0
    n_skipped: int = 0

    @property
    def errors(self) -> list:
        return [p for p in self.problems if getattr(p, "level", "error") == "error"]

    def record(self, outcome: DocumentOutcome) -> None:
        if outcome.added:
            self.n_added += 1
        else:
            self.n_skipped += 1
        if self.keep_ids:
            (self.added if outcome.added else self.skipped).append(outcome.doc_id)
        self.events_added += outcome.events_added


@dataclass
class MergeStatus:
    """Where merging stands in a store (:meth:`Store.merge_status`)."""

    generation: int  # grows with every committed change
    pending: bool  # committed documents wait for a merge (a batch runs, or one died)
    batch_open: bool  # a batch began and has not ended: ids of its new events are not settled yet
    derived_generation: int  # grows with every change of the event and mentions tables
    merged_seq: int  # the documents up to this sequence number are merged


# --------------------------------------------------------------------------- engine


def _engine(url: str, busy_timeout: float) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            raise ValueError("an in-memory SQLite store cannot be shared between connections; give a file path")
        engine = sa.create_engine(u, connect_args={"timeout": busy_timeout}, pool_size=10, max_overflow=30)
        ms = int(busy_timeout * 1000)

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised through every test
            dbapi_conn.isolation_level = None  # transactions are begun explicitly below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={ms}")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn):  # pragma: no cover - exercised through every test
            mode = "IMMEDIATE" if conn.get_execution_options().get("timeline_write") else "DEFERRED"
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    if u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return sa.create_engine(u, pool_pre_ping=True, pool_size=10, max_overflow=30)


def _py(value):
    """A cell as a plain Python value (missing -> None, numpy scalars -> Python)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(df: pd.DataFrame, cols: tuple[str, ...]) -> list[tuple]:
    """The rows of ``df`` (columns ``cols``) as tuples of plain Python values."""
    if df.empty:
        return []
    return list(zip(*([_py(v) for v in df[c].tolist()] for c in cols)))


def _sort_events(df: pd.DataFrame) -> pd.DataFrame:
    """Events in table order: by first day (undated last), then id, as ``merge`` orders them."""
    if df.empty:
        return df.reset_index(drop=True)
    key = df["date_start"].fillna("9999").astype(str).replace("", "9999")
    return df.assign(_k=key).sort_values(["_k", "event_id"], kind="stable").drop(columns="_k").reset_index(drop=True)


# --------------------------------------------------------------------------- the store


class Store:
    """Documents, mentions and events in a database (see the module docstring).

    ``db`` is a path or a SQLAlchemy URL (see :func:`resolve_db`). ``lexicon``
    is the actor lexicon extraction uses (default: the shipped one, loaded on
    first use).
    """

    def __init__(self, db: str | None = None, *, lexicon=None, busy_timeout: float = 60.0) -> None:
        self.url = resolve_db(db)
        self.busy_timeout = busy_timeout
        self.engine = _engine(self.url, busy_timeout)
        self._lexicon = lexicon
        self._write_lock = threading.RLock()
        self._lexicon_lock = threading.Lock()
        self._cache: dict[str, tuple[int, object]] = {}
        self._state: _WriterState | None = None
        self._create()

    # ----------------------------------------------------------- lifecycle

    def _create(self) -> None:
        for attempt in range(5):
            try:
                with self._writing(bump=False) as conn:
                    metadata.create_all(conn)
                    _migrate(conn)
                    row = conn.execute(sa.select(state_table.c.schema_version)).first()
                    if row is None:
                        conn.execute(sa.insert(state_table).values(id=1, generation=0, schema_version=SCHEMA_VERSION))
                    elif row[0] != SCHEMA_VERSION:
                        raise ValueError(f"{self!r} has store schema version {row[0]}; this timeline reads version {SCHEMA_VERSION}")
                    if conn.execute(sa.select(merge_state_table.c.id)).first() is None:
                        # a new store, or one written before merges were deferred: every document is merged
                        top = conn.execute(sa.select(sa.func.max(documents_table.c.seq))).scalar()
                        conn.execute(sa.insert(merge_state_table).values(
                            id=1, pending=False, batch_open=False, derived_generation=self._generation(conn),
                            merged_seq=int(top or 0)))
                return
            except sa.exc.DBAPIError:  # another process created it at the same moment
                if attempt == 4:
                    raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql`` (the SQLAlchemy dialect name)."""
        return self.engine.dialect.name

    @property
    def lexicon(self):
        if self._lexicon is None:
            with self._lexicon_lock:
                if self._lexicon is None:
                    from timeline.events import load_lexicon

                    self._lexicon = load_lexicon()
        return self._lexicon

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # ----------------------------------------------------------- transactions

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _writing(self, bump: bool = True) -> Iterator[Connection]:
        """One write transaction, serialized with every other writer.

        With ``bump`` the store's generation is increased first, which on
        PostgreSQL also takes the row lock that serializes writing processes.
        """
        with self._write_lock, self.engine.connect() as conn:
            conn.execution_options(timeline_write=True)
            with conn.begin():
                if bump:
                    conn.execute(_BUMP)
                yield conn

    @staticmethod
    def _generation(conn: Connection) -> int:
        return int(conn.execute(sa.select(state_table.c.generation).where(state_table.c.id == 1)).scalar_one())

    def generation(self) -> int:
        """A number that grows with every committed change (to tell whether anything changed)."""
        with self._reading() as conn:
            return self._generation(conn)

    # ----------------------------------------------------------- reading

    @staticmethod
    def _status(conn: Connection) -> MergeStatus:
        row = conn.execute(_STATUS).one()
        return MergeStatus(int(row[0]), bool(row[1]), bool(row[2]), int(row[3]), int(row[4]))

    def merge_status(self) -> MergeStatus:
        """Where merging stands (whether documents wait for a merge, whether a batch is open)."""
        with self._reading() as conn:
            return self._status(conn)

    def _cached(self, conn: Connection, name: str, st: MergeStatus):
        """Table ``name`` as of the last merge: from memory when unchanged, else loaded with ``conn``."""
        hit = self._cache.get(name)
        if hit is not None and hit[0] == st.derived_generation:
            return hit[1]
        value = getattr(self, "_load_" + name)(conn, st)
        self._cache[name] = (st.derived_generation, value)
        return value

    def _views(self, *names: str) -> list:
        """Tables as of one merge; documents a dead batch left unmerged are merged first."""
        with self._reading() as conn:
            st = self._status(conn)
            if not st.pending:
                return [self._cached(conn, n, st) for n in names]
        self.finish_interrupted()
        with self._reading() as conn:
            st = self._status(conn)
            return [self._cached(conn, n, st) for n in names]

    def _read(self, name: str):
        return self._views(name)[0]

    def _load_events(self, conn: Connection, st: MergeStatus) -> pd.DataFrame:
        rows = conn.execute(sa.select(events_table.c.imported, *[events_table.c[c] for c in _EVENT_COLS])).all()
        df = pd.DataFrame(rows, columns=["imported", *_EVENT_COLS])
        out = schema.conform(df, schema.EVENT_COLUMNS)
        out.insert(0, "imported", df["imported"].astype(bool).to_numpy())
        return _sort_events(out)

    @staticmethod
    def _mention_rows(conn: Connection, imported: bool) -> pd.DataFrame:
        t = mentions_table
        rows = conn.execute(sa.select(t.c.id, *[t.c[c] for c in _MENTION_COLS]).where(t.c.imported == imported).order_by(t.c.id)).all()
        df = pd.DataFrame(rows, columns=["id", *_MENTION_COLS])
        out = schema.conform(df, schema.MENTION_COLUMNS)
        out.insert(0, "id", df["id"].astype("int64").to_numpy())
        return out

    def _load_derived_mentions(self, conn: Connection, st: MergeStatus) -> pd.DataFrame:
        """The derived mentions in table order: by their event's place in the event table, then as written."""
        df = self._mention_rows(conn, imported=False)
        if df.empty:
            return df
        events = self._cached(conn, "events", st)
        rank = pd.Series(range(len(events)), index=events["event_id"].astype(object).to_numpy())
        key = df["event_id"].astype(object).map(rank).fillna(len(events))
        return df.assign(_k=key.to_numpy()).sort_values(["_k", "id"], kind="stable").drop(columns="_k").reset_index(drop=True)

    def _load_imported_mentions(self, conn: Connection, st: MergeStatus) -> pd.DataFrame:
        return self._mention_rows(conn, imported=True)

    def _load_mentions(self, conn: Connection, st: MergeStatus) -> pd.DataFrame:
        parts = [self._cached(conn, "imported_mentions", st), self._cached(conn, "derived_mentions", st)]
        parts = [p for p in parts if len(p)] or parts[:1]
        return pd.concat(parts, ignore_index=True).drop(columns="id")

    def _load_documents(self, conn: Connection, st: MergeStatus) -> pd.DataFrame:
        t = documents_table
        rows = conn.execute(sa.select(*[t.c[c] for c in _DOC_COLS]).where(t.c.seq <= st.merged_seq).order_by(t.c.seq)).all()
        return schema.conform(pd.DataFrame(rows, columns=list(_DOC_COLS)), schema.DOCUMENT_COLUMNS)

    def events_frame(self) -> pd.DataFrame:
        """The event table, shared with other readers: do not modify it (``events()`` gives a copy)."""
        return self._read("events").drop(columns="imported")

    def events(self) -> pd.DataFrame:
        """The event table (``timeline.schema.EVENT_COLUMNS``), ordered by date."""
        return self.events_frame().copy()

    def mentions_frame(self) -> pd.DataFrame:
        """The event-mentions table, shared with other readers: do not modify it."""
        return self._read("mentions")

    def mentions(self) -> pd.DataFrame:
        """The event-mentions table (``timeline.schema.MENTION_COLUMNS``)."""
        return self.mentions_frame().copy()

    def documents_frame(self) -> pd.DataFrame:
        """The documents table, shared with other readers: do not modify it."""
        return self._read("documents")

    def documents(self) -> pd.DataFrame:
        """The documents table (``timeline.schema.DOCUMENT_COLUMNS``; no texts), in the order they were added.

        It lists the documents the event table was merged from: while a batch
        runs, the documents it committed since its last merge are left out.
        """
        return self.documents_frame().copy()

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """``(events, mentions, documents)`` as of one merge (shared: do not modify them)."""
        ev, me, do = self._views("events", "mentions", "documents")
        return ev.drop(columns="imported"), me, do

    @contextmanager
    def table_reader(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[TableReader]:
        """The tables of :meth:`tables`, as of one merge, read ``chunk_rows`` rows at a time.

        See ``timeline.store_reader``: memory holds one chunk, not the tables.
        Documents a dead batch left unmerged are merged first, as for
        :meth:`tables`.
        """
        for attempt in range(2):
            with self.engine.connect() as conn:
                if self.backend == "postgresql":
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    st = self._status(conn)
                    if not st.pending or attempt:
                        yield TableReader(conn, st.merged_seq, chunk_rows)
                        return
            self.finish_interrupted()

    def iter_events(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """The event table (as :meth:`events`) as DataFrames of at most ``chunk_rows`` rows."""
        with self.table_reader(chunk_rows) as tables:
            yield from tables.events()

    def iter_mentions(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """The event-mentions table (as :meth:`mentions`) as DataFrames of at most ``chunk_rows`` rows."""
        with self.table_reader(chunk_rows) as tables:
            yield from tables.mentions()

    def iter_documents(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """The documents table (as :meth:`documents`) as DataFrames of at most ``chunk_rows`` rows."""
        with self.table_reader(chunk_rows) as tables:
            yield from tables.documents()

    def document(self, doc_id: str) -> Document | None:
        """One stored document with its text, or None."""
        t = documents_table
        with self._reading() as conn:
            row = conn.execute(sa.select(t).where(t.c.doc_id == doc_id)).mappings().first()
        if row is None:
            return None
        return Document(
            id=row["doc_id"], text=row["text"] or "", title=row["title"] or "", publisher=row["publisher"] or "",
            author=row["author"] or "", url=row["url"] or "", published=row["published"],
            published_source=row["published_source"] or "", published_confidence=row["published_confidence"],
            path=row["path"] or "", hash=row["hash"] or "",
        )

    def time_mentions(self, doc_id: str) -> list[TimeMention]:
        """The time expressions stored for one document, in text order."""
        t = time_mentions_table
        with self._reading() as conn:
            rows = conn.execute(sa.select(t).where(t.c.doc_id == doc_id).order_by(t.c.start, t.c.id)).mappings().all()
        return [
            TimeMention(
                start=r["start"], end=r["end"], text=r["text"], type=r["type"], value=r["value"], mod=r["mod"],
                first_day=date.fromisoformat(r["first_day"]) if r["first_day"] else None,
                last_day=date.fromisoformat(r["last_day"]) if r["last_day"] else None,
                anchor=r["anchor"] or "none", precision=r["precision"],
            )
            for r in rows
        ]

    def doc_id_for_hash(self, content_hash: str) -> str | None:
        """The id of the stored document with this content hash, or None."""
        with self._reading() as conn:
            return self._doc_for_hash(conn, content_hash)

    @staticmethod
    def _doc_for_hash(conn: Connection, content_hash: str) -> str | None:
        return conn.execute(_DOC_FOR_HASH, {"h": content_hash}).scalar_one_or_none()

    def doc_ids_for_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """The stored documents among these content hashes: hash -> document id (one query per 500 hashes)."""
        t = documents_table
        with self._reading() as conn:
            return dict(_rows_in(conn, sa.select(t.c.hash, t.c.doc_id), t.c.hash, hashes))

    def counts(self) -> dict[str, int]:
        """Number of documents, event mentions and events stored."""
        with self._reading() as conn:
            def n(t):
                return int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())

            return {"documents": n(documents_table), "mentions": n(mentions_table), "events": n(events_table),
                    "generation": self._generation(conn)}

    # ----------------------------------------------------------- adding

    def add_document(self, doc: Document, *, lexicon=None) -> DocumentOutcome:
        """Extract one document and commit it with its mentions and the updated events.

        A document whose content is already stored is skipped (``added`` False,
        with the stored id). A new document whose id is taken by other content
        gets the id with a ``-2``, ``-3``... suffix. Its events are merged at
        once, incrementally (see the module docstring); while a batch runs in
        another process they are left to that batch's next merge
        (``events_added`` 0).
        """
        from timeline.pipeline import extract_document

        known = self.doc_id_for_hash(doc.hash)
        if known is not None:
            return DocumentOutcome(known, added=False)
        result = extract_document(doc, lexicon if lexicon is not None else self.lexicon)
        return self.add_result(result)

    def add_result(self, result) -> DocumentOutcome:
        """Commit a document extracted elsewhere (``timeline.parallel.map_documents``), like ``add_document``."""
        known = self.doc_id_for_hash(result.document.hash)
        if known is not None:
            return DocumentOutcome(known, added=False)
        if self.merge_status().pending:
            self.finish_interrupted()
        try:
            return self._commit_new(result)
        except _AlreadyStored as exc:
            return DocumentOutcome(exc.doc_id, added=False)

    def add_documents(self, docs: Iterable, *, lexicon=None, report: IngestReport | None = None) -> IngestReport:
        """Add documents one by one (one transaction each). Non-documents (ingest problems) are reported."""
        report = report if report is not None else IngestReport()
        for item in docs:
            if isinstance(item, Document):
                report.record(self.add_document(item, lexicon=lexicon))
            else:
                report.problems.append(item)
        return report

    @staticmethod
    def _free_id(conn: Connection, wanted: str) -> str:
        t = documents_table
        if conn.execute(_ID_TAKEN, {"d": wanted}).first() is None:
            return wanted
        taken = set(conn.execute(sa.select(t.c.doc_id).where(
            sa.or_(t.c.doc_id == wanted, t.c.doc_id.startswith(wanted + "-", autoescape=True)))).scalars())
        if wanted not in taken:
            return wanted
        n = 2
        while f"{wanted}-{n}" in taken:
            n += 1
        return f"{wanted}-{n}"

    def _insert_document(self, conn: Connection, result) -> tuple[object, int]:
        """Write a new document's rows (document, time mentions, extracted mentions); return the result as stored and its seq."""
        from timeline.merge import features_record, stream_key
        from timeline.pipeline import document_row

        doc: Document = result.document
        known = self._doc_for_hash(conn, doc.hash)
        if known is not None:  # another writer stored the same content meanwhile
            raise _AlreadyStored(known)
        doc_id = self._free_id(conn, doc.id)
        if doc_id != doc.id:
            doc = replace(doc, id=doc_id)
            for m in result.event_mentions:
                m.doc_id = doc_id
            result = replace(result, document=doc)
        row = document_row(result)
        seq = conn.execute(_INSERT_DOCUMENT, {
            "text": doc.text, "added_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "imported": False,
            **{k: _py(v) for k, v in row.items()}}).inserted_primary_key[0]
        times = getattr(result, "time_mentions", None)
        if times is None:  # only the expressions that date an event are known
            times = list({(t.start, t.end): t for m in result.event_mentions if (t := m.time) is not None}.values())
        if times:
            _bulk_insert(conn, time_mentions_table, _TIME_INSERT_COLS, [
                (doc_id, *(v.isoformat() if isinstance(v, date) else v for v in (getattr(t, c) for c in _TIME_INSERT_COLS[1:])))
                for t in times
            ])
        if result.event_mentions:
            _bulk_insert(conn, extracted_table,
                         ("doc_id", "mention_id", "event_type", "data", "stream_key", "merge_features"),
                         [(doc_id, m.mention_id, m.event_type, dumps_mention(m), stream_key(m), features_record(m))
                          for m in result.event_mentions])
        return result, int(seq)

    def _commit_new(self, result) -> DocumentOutcome:
        with self._writing() as conn:
            st = self._status(conn)
            gen_before = st.generation - 1
            if st.pending:  # a batch is running: its next merge places this document too
                result, _ = self._insert_document(conn, result)
                return DocumentOutcome(result.document.id, added=True)
            state = self._writer_state(conn, gen_before)  # read before this document's rows go in
            result, seq = self._insert_document(conn, result)
            doc = result.document
            events_added, new_state = self._remerge(conn, state, result.event_mentions, replace(doc, text=""))
            conn.execute(sa.update(merge_state_table).where(merge_state_table.c.id == 1).values(
                derived_generation=merge_state_table.c.derived_generation + 1, merged_seq=seq))
        new_state.gen = gen_before + 1
        self._state = new_state
        return DocumentOutcome(doc.id, added=True, events_added=events_added)

    # ----------------------------------------------------------- batches and full merges

    def batch(self, *, merge_every: int | None = None,
              merge_interval: float | None = DEFAULT_MERGE_INTERVAL, processes: int = 1) -> Batch:
        """A batch of documents committed one by one and merged together (use it as a context manager).

        See :class:`Batch`; :func:`ingest_paths` runs one.
        """
        return Batch(self, merge_every=merge_every, merge_interval=merge_interval, processes=processes)

    def _commit_pending(self, results: list) -> list[DocumentOutcome]:
        """Commit documents of a batch in one transaction: their rows and the mark that they wait for a merge.

        A document whose content is stored already (by another writer, or
        earlier in ``results``) is skipped.
        """
        outcomes: list[DocumentOutcome] = []
        with self._writing() as conn:
            st = self._status(conn)
            if not st.batch_open:
                self._open_batch(conn)
            for result in results:
                try:
                    result, _ = self._insert_document(conn, result)  # nothing is written when it raises
                except _AlreadyStored as exc:
                    outcomes.append(DocumentOutcome(exc.doc_id, added=False))
                    continue
                outcomes.append(DocumentOutcome(result.document.id, added=True))
            if not st.pending and any(o.added for o in outcomes):
                conn.execute(sa.update(merge_state_table).where(merge_state_table.c.id == 1).values(pending=True))
        return outcomes

    @staticmethod
    def _open_batch(conn: Connection) -> None:
        """Begin a batch: keep the derived mentions as they are now, for its merges to take ids from."""
        m = mentions_table
        conn.execute(sa.delete(merge_base_table))
        conn.execute(sa.insert(merge_base_table).from_select(
            list(_BASE_COLS), sa.select(*[m.c[c] for c in _BASE_COLS]).where(m.c.imported == sa.false()).order_by(m.c.id)))
        conn.execute(sa.update(merge_state_table).where(merge_state_table.c.id == 1).values(batch_open=True))

    def derived_event_ids(self) -> set[str]:
        """Ids of the events merging made (imported events left out), as stored now."""
        with self._reading() as conn:
            return set(conn.execute(sa.select(events_table.c.event_id).where(events_table.c.imported == sa.false())).scalars())

    @staticmethod
    def _keep_derived_ids(conn: Connection, kind: str) -> None:
        """Keep the ids of the derived events as they are now in ``event_id_sets`` under ``kind`` (replacing
        that set)."""
        ids, ev = event_id_sets_table, events_table
        _drop_id_sets(conn, kind)
        conn.execute(sa.insert(ids).from_select(
            ["kind", "event_id"], sa.select(sa.literal(kind, sa.Text), ev.c.event_id).where(ev.c.imported == sa.false())))

    @staticmethod
    def _derived_added_since(conn: Connection, kind: str) -> int:
        """How many derived events there are now whose ids the set ``kind`` of ``event_id_sets`` does not hold."""
        ids, ev = event_id_sets_table, events_table
        kept = sa.exists().where(ids.c.kind == kind, ids.c.event_id == ev.c.event_id)
        return int(conn.execute(sa.select(sa.func.count()).select_from(ev).where(
            ev.c.imported == sa.false(), ~kept)).scalar())

    def _mark_batch_start(self) -> None:
        """Keep the derived event ids as a batch begins (``event_id_sets``, kind ``batch``)."""
        with self._writing(bump=False) as conn:
            self._keep_derived_ids(conn, "batch")

    def _end_batch_count(self) -> int:
        """The derived events added since :meth:`_mark_batch_start`; the ids kept then are let go."""
        with self._writing(bump=False) as conn:
            added = self._derived_added_since(conn, "batch")
            _drop_id_sets(conn, "batch")
        return added

    def merge_all(self, *, settle: bool = True, processes: int = 1) -> int:
        """Merge every extracted mention and replace the derived tables in one transaction; return the events added.

        The tables are those ``timeline.merge.merge`` and ``timeline.table``
        make of all the mentions at once. Ids are kept from the mentions table
        the open batch began with (``merge_base``), or from the stored one
        when no batch is open. ``settle`` ends the open batch: its events'
        ids become the ones later merges keep.

        The merge streams (``timeline.merge.merge_stream``): the batch-wide
        counts come from the sentence features stored with each extracted
        mention (``merge_features``, written when it was extracted), then the
        mentions are read in pages in ``stream_key`` order; the events come out window by window and
        are written in chunks, each with the earlier ids and the publishers of
        its own documents only. Memory holds a window of mentions and the
        events still open, not the corpus. Readers keep seeing the previous
        tables until the transaction commits.

        With ``processes`` > 1, the groups of event types that can never be
        one event are merged side by side (``timeline.merge_parts``), in up
        to ``processes + 1`` parts: the smallest here, where every event is
        also written, and each other in a process of its own that reads its
        mentions over its own connection and sends its events back window by
        window, to be written here in the same transaction. The tables are
        the same. Mentions whose type is not stored (written by an earlier
        version) are merged in one process.
        """
        from timeline import process_server
        from timeline.merge import cyclic_gc_paused, default_rules, merge_stream, type_groups
        from timeline.merge_parts import merge_in_parts

        if processes > 1:
            process_server.start()  # the parts' processes start from it: it gets ready while the counts are read

        # the collector paused for the whole merge, writing included: each window allocates many objects that live
        # on until it is let go, and collections between windows would walk them again and again
        with self._writing() as conn, cyclic_gc_paused():
            st = self._status(conn)
            ev = events_table
            # the ids of the events before this merge, and those it gives, are kept in the store, not in memory
            self._keep_derived_ids(conn, "before")
            _drop_id_sets(conn, "given")
            given = _GivenIds(conn)
            if not st.batch_open:  # the ids to keep are those of the derived mentions as they are now
                self._open_batch(conn)
            conn.execute(sa.delete(mentions_table).where(mentions_table.c.imported == sa.false()))
            conn.execute(sa.delete(ev).where(ev.c.imported == sa.false()))
            stats, types, years = self._merge_stats(conn)
            existing = partial(self._base_rows, conn)
            groups = type_groups(types, default_rules(), processes + 1) if processes > 1 and types else []
            if len(groups) > 1:
                groups.sort(key=lambda g: sum(types[t] for t in g))  # the smallest part here, where events are written
                batches = merge_in_parts(groups, years, read_here=partial(self._iter_extracted, conn),
                                         read_there=partial(_read_part, self.url, self.busy_timeout),
                                         stats=stats, existing=existing, given=given)
                events = (e for batch in batches for e in batch)
            else:
                events = merge_stream(self._iter_extracted(conn), existing=existing, stats=stats, with_features=True,
                                      given=given)
            writer = _DerivedWriter(conn)
            for event in events:
                writer.add(event)
            writer.flush()
            added = self._derived_added_since(conn, "before")
            _drop_id_sets(conn, "before", "given")
            top = conn.execute(sa.select(sa.func.max(documents_table.c.seq))).scalar()
            values = {"pending": False, "merged_seq": int(top or 0),
                      "derived_generation": merge_state_table.c.derived_generation + 1}
            if settle or not st.batch_open:
                values["batch_open"] = False
                conn.execute(sa.delete(merge_base_table))
            conn.execute(sa.update(merge_state_table).where(merge_state_table.c.id == 1).values(**values))
            self._state = None
        return added

    def _merge_stats(self, conn: Connection) -> tuple:
        """What a merge of every extracted mention needs first, in one pass: ``timeline.merge.merge_stats``
        of them, from their stored sentence features (a mention stored without them, or under other merge
        rules, is decoded and read again); how many there are of each event type (None when some mention's
        type or stream key is not stored: it cannot be merged in parts); and the windows (years of
        ``stream_key``) they fall in, in order."""
        from timeline.merge import MergeStats, default_rules, sentence_features, stat_keys_from_record

        rules = default_rules()
        total = MergeStats()
        types: Counter | None = Counter()
        years: set[str] = set()
        t = extracted_table
        query = sa.select(t.c.id, t.c.merge_features, t.c.event_type, t.c.stream_key).order_by(t.c.id).limit(MERGE_PAGE)
        last = 0
        while True:
            rows = conn.execute(query.where(t.c.id > last)).all()
            stale = []
            for rid, record, event_type, key in rows:
                year = key[:4]
                if types is not None:
                    if event_type is None or not year.isdigit():
                        types = None
                    else:
                        types[event_type] += 1
                        years.add(year)
                keys = stat_keys_from_record(record, rules)
                if keys is None:
                    stale.append(rid)
                else:
                    total.add(keys)
            if stale:
                for data in conn.execute(sa.select(t.c.data).where(t.c.id.in_(stale))).scalars():
                    total.add_features(sentence_features(loads_mention(data), rules))
            if len(rows) < MERGE_PAGE:
                return total, types, sorted(map(int, years))
            last = rows[-1][0]

    @staticmethod
    def _iter_extracted(conn: Connection, types: list[str] | None = None) -> Iterator:
        """The extracted mentions (of event ``types`` only, when given) by (``stream_key``, id), decoded a page
        at a time, each paired with its stored sentence features (``timeline.merge.features_from_record``: None
        when they must be read again)."""
        from timeline.merge import default_rules, features_from_record

        rules = default_rules()
        t = extracted_table
        page = MERGE_PAGE
        query = sa.select(t.c.stream_key, t.c.id, t.c.data, t.c.merge_features).order_by(t.c.stream_key, t.c.id).limit(page)
        if types is not None:
            query = query.where(t.c.event_type.in_(types))
        after = None
        while True:
            q = query if after is None else query.where(sa.tuple_(t.c.stream_key, t.c.id) > sa.tuple_(*after))
            rows = conn.execute(q).all()
            for _, _, data, record in rows:
                m = loads_mention(data)
                yield m, features_from_record(record, rules)
            if len(rows) < page:
                return
            after = (rows[-1][0], rows[-1][1])

    @staticmethod
    def _base_rows(conn: Connection, mentions: list) -> pd.DataFrame:
        """The ``merge_base`` rows (earlier ids) of the documents of ``mentions``."""
        b = merge_base_table
        rows = list(_rows_in(conn, sa.select(b.c.id, *[b.c[c] for c in _BASE_COLS]), b.c.doc_id,
                             (m.doc_id for m in mentions)))
        rows.sort(key=lambda r: r[0])
        return pd.DataFrame([r[1:] for r in rows], columns=list(_BASE_COLS))

    def finish_interrupted(self) -> bool:
        """Merge the documents a batch that died left unmerged; False when a living batch will merge them.

        The batch stays open: the next ingest continues it and settles its ids.
        """
        lease = BatchLease(self.engine)
        if not lease.acquire(blocking=False):
            return False
        try:
            if self.merge_status().pending:
                self.merge_all(settle=False)
        finally:
            lease.release()
        return True

    @staticmethod
    def _document_meta(conn: Connection) -> dict[str, Document]:
        """Metadata (no text) of the documents merging knows: the extracted ones."""
        dt = documents_table
        return {r.doc_id: Document(id=r.doc_id, text="", title=r.title or "", publisher=r.publisher or "",
                                   author=r.author or "", url=r.url or "", published=r.published, path=r.path or "",
                                   hash=r.hash or "-")
                for r in conn.execute(sa.select(dt.c.doc_id, dt.c.title, dt.c.publisher, dt.c.author, dt.c.url,
                                                dt.c.published, dt.c.path, dt.c.hash).where(dt.c.imported == sa.false()))}

    def _writer_state(self, conn: Connection, gen: int) -> _WriterState:
        """What merging needs, as of generation ``gen``: kept in memory between writes of this process."""
        state = self._state
        if state is not None and state.gen == gen:
            return state
        extracted: dict[tuple, list] = {}
        for data in conn.execute(sa.select(extracted_table.c.data).order_by(extracted_table.c.id)).scalars():
            m = loads_mention(data)
            extracted.setdefault(_mention_key(m), []).append(m)
        ev = events_table
        events = {r[0]: _normalize(r, _EVENT_TYPES) for r in conn.execute(
            sa.select(*[ev.c[c] for c in _EVENT_COLS]).where(ev.c.imported == sa.false()))}
        mt = mentions_table
        mentions = {r[0]: _normalize(r[1:], _MENTION_TYPES) for r in conn.execute(
            sa.select(mt.c.id, *[mt.c[c] for c in _MENTION_COLS]).where(mt.c.imported == sa.false()))}
        docs = self._document_meta(conn)
        state = _WriterState(gen, extracted, events, {eid: _span_of_row(r) for eid, r in events.items()}, mentions, docs)
        self._state = state
        return state

    def _remerge(self, conn: Connection, state: _WriterState, new_mentions: list, doc: Document):
        """Merge the new mentions with the stored events they could join; write what changed.

        The stored events whose dates leave room for one of the new mentions
        (see :func:`affected_events`) are merged again from their extracted
        mentions together with the new ones, with the stored mentions table as
        ``existing`` so that they keep their ids. Every other event stays as it
        is. Returns (events added, the new writer state).
        """
        from timeline.merge import default_rules, merge
        from timeline.table import event_values, mention_values, publishers

        rules = default_rules()
        affected = affected_events(state.spans, new_mentions, rules.weights)
        rows = {rid: rec for rid, rec in state.mentions.items() if rec[0] in affected}
        wanted = Counter(_row_key(rec) for rec in rows.values())
        subset = list(new_mentions)
        for key, n in wanted.items():
            subset.extend(state.extracted.get(key, [])[:n])
        docs = {**state.docs, doc.id: doc}
        existing = pd.DataFrame({"event_id": [r[0] for r in rows.values()], "mention_id": [r[1] for r in rows.values()]})
        events = merge(subset, existing=existing)
        kept_ids = set(state.events) - affected
        for e in events:  # an event split off may not take the id of an event elsewhere
            while e.event_id in kept_ids:
                e.event_id = "ev-" + hashlib.sha1(f"{e.event_id}#".encode()).hexdigest()[:10]
        pubs = publishers(events, docs)

        # events: replace rows that changed, delete rows merged away
        new_rows = {e.event_id: _normalize(event_values(e, pubs), _EVENT_TYPES) for e in events}
        old_rows = {eid: state.events[eid] for eid in affected if eid in state.events}
        gone = [eid for eid, r in old_rows.items() if new_rows.get(eid) != r]
        fresh = [eid for eid, r in new_rows.items() if old_rows.get(eid) != r]
        for i in range(0, len(gone), 500):
            conn.execute(sa.delete(events_table).where(events_table.c.event_id.in_(gone[i:i + 500])))
        _insert_many(conn, events_table, [{"imported": False, **dict(zip(_EVENT_COLS, new_rows[e]))} for e in fresh])
        events_added = sum(1 for eid in new_rows if eid not in old_rows)

        # mentions: delete rows that no longer exist as they were, insert the new ones
        want = Counter()
        for e in events:
            for m in e.mentions:
                want[_normalize(mention_values(e.event_id, m, pubs.get(m.doc_id, "")), _MENTION_TYPES)] += 1
        mentions = {rid: rec for rid, rec in state.mentions.items() if rid not in rows}
        drop_ids = []
        for rid, rec in rows.items():
            if want[rec] > 0:
                want[rec] -= 1
                mentions[rid] = rec
            else:
                drop_ids.append(rid)
        for i in range(0, len(drop_ids), 500):
            conn.execute(sa.delete(mentions_table).where(mentions_table.c.id.in_(drop_ids[i:i + 500])))
        add = [rec for rec, n in want.items() for _ in range(n)]
        if add:
            res = conn.execute(
                sa.insert(mentions_table).returning(mentions_table.c.id, sort_by_parameter_order=True),
                [{"imported": False, **dict(zip(_MENTION_COLS, rec))} for rec in add],
            )
            for rid, rec in zip((r[0] for r in res), add):
                mentions[rid] = rec

        extracted = dict(state.extracted)
        for m in new_mentions:
            extracted[_mention_key(m)] = [*extracted.get(_mention_key(m), []), m]
        events_state = {eid: r for eid, r in state.events.items() if eid not in affected}
        events_state.update(new_rows)
        spans = {eid: sp for eid, sp in state.spans.items() if eid not in affected}
        spans.update({eid: _span_of_row(r) for eid, r in new_rows.items()})
        return events_added, _WriterState(state.gen, extracted, events_state, spans, mentions, docs)

    # ----------------------------------------------------------- importing

    def import_tables(self, events: pd.DataFrame, mentions: pd.DataFrame | None = None,
                      documents: pd.DataFrame | None = None) -> int:
        """Keep finished tables (an earlier build, generated tables) as they are; return events imported.

        Imported rows are marked so that merging leaves them alone; documents
        imported this way have no text. Events whose id is already stored are
        left out.
        """
        ev = schema.conform(events, schema.EVENT_COLUMNS)
        me = schema.conform(mentions, schema.MENTION_COLUMNS) if mentions is not None else None
        do = schema.conform(documents, schema.DOCUMENT_COLUMNS) if documents is not None else None
        with self._writing() as conn:
            have = set(conn.execute(sa.select(events_table.c.event_id)).scalars())
            ev = ev[~ev["event_id"].isin(have)]
            keep = set(ev["event_id"])
            if do is not None and len(do):
                have_docs = set(conn.execute(sa.select(documents_table.c.doc_id)).scalars())
                do = do[~do["doc_id"].isin(have_docs)]
                rows = [{"imported": True, "text": "", **dict(zip(_DOC_COLS, r))} for r in _records(do, _DOC_COLS)]
                for r in rows:
                    r["hash"] = None
                _insert_many(conn, documents_table, rows)
            _insert_many(conn, events_table, [{"imported": True, **dict(zip(_EVENT_COLS, r))} for r in _records(ev, _EVENT_COLS)])
            if me is not None and len(me):
                me = me[me["event_id"].isin(keep)]
                _insert_many(conn, mentions_table, [{"imported": True, **dict(zip(_MENTION_COLS, r))} for r in _records(me, _MENTION_COLS)])
            values = {"derived_generation": merge_state_table.c.derived_generation + 1}
            if not self._status(conn).pending:  # else the imported documents show with the next merge
                values["merged_seq"] = int(conn.execute(sa.select(sa.func.max(documents_table.c.seq))).scalar() or 0)
            conn.execute(sa.update(merge_state_table).where(merge_state_table.c.id == 1).values(**values))
        return len(ev)

    # ----------------------------------------------------------- checking

    def check(self) -> list[str]:
        """Integrity problems, one line each (an empty list for a consistent store).

        Every extracted document has all its event mentions stored and placed in
        the mentions table; every mention row points to a stored event and a
        stored document; every derived event has its mentions and cites only
        stored documents. While a batch runs, the documents it committed since
        its last merge are not expected in the mentions table yet; documents a
        batch that died left unmerged are merged first.
        """
        problems: list[str] = []
        if self.merge_status().pending:
            self.finish_interrupted()
        with self._reading() as conn:
            st = self._status(conn)
            dt = documents_table
            docs = conn.execute(sa.select(dt.c.doc_id, dt.c.n_event_mentions, dt.c.imported, dt.c.seq)).all()
            doc_ids = {d for d, _, _, _ in docs}
            merged = {d for d, _, _, seq in docs if seq <= st.merged_seq}
            extracted = Counter(conn.execute(sa.select(extracted_table.c.doc_id)).scalars())
            for d, n, imported, _ in docs:
                if not imported and (n or 0) != extracted.get(d, 0):
                    problems.append(f"document {d}: {n} event mention(s) recorded, {extracted.get(d, 0)} stored")
            for d in extracted:
                if d not in doc_ids:
                    problems.append(f"extracted mentions of unknown document {d}")
            m = mentions_table
            rows = conn.execute(sa.select(m.c.event_id, m.c.doc_id, m.c.mention_id, m.c.imported)).all()
            et = extracted_table
            extracted_ids = Counter(mid for d, mid in conn.execute(sa.select(et.c.doc_id, et.c.mention_id)) if d in merged)
            placed = Counter(mid for _, _, mid, imported in rows if not imported)
            if placed != extracted_ids:
                problems.append(f"mentions table places {sum(placed.values())} mention(s), {sum(extracted_ids.values())} extracted")
            ev = {r.event_id: r for r in conn.execute(sa.select(events_table.c.event_id, events_table.c.n_mentions,
                                                                 events_table.c.doc_ids, events_table.c.imported))}
            per_event = Counter(eid for eid, _, _, imported in rows if not imported)
            for eid, d, mid, _ in rows:
                if eid not in ev:
                    problems.append(f"mention {mid} points to missing event {eid}")
                if d not in doc_ids:
                    problems.append(f"mention {mid} cites missing document {d}")
            for eid, r in ev.items():
                if r.imported:
                    continue
                if per_event.get(eid, 0) == 0:
                    problems.append(f"event {eid} has no mentions")
                elif r.n_mentions is not None and r.n_mentions != per_event[eid]:
                    problems.append(f"event {eid}: n_mentions {r.n_mentions}, {per_event[eid]} stored")
                for d in (r.doc_ids or "").split(schema.LIST_SEP):
                    if d and d not in doc_ids:
                        problems.append(f"event {eid} cites missing document {d}")
        return problems


class _DerivedWriter:
    """Writes the events a streaming merge yields into the derived tables, a chunk at a time.

    Each chunk's publishers are read for that chunk's documents only. An
    event whose id an imported event holds, or an event written before it,
    takes another id: the chunk's ids are looked up in the events table,
    so no id written is held in memory.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.chunk = MERGE_PAGE
        self.pending: list = []

    def add(self, event) -> None:
        self.pending.append(event)
        if len(self.pending) >= self.chunk:
            self.flush()

    def _unique_ids(self, events: list) -> None:
        """Rename, in order, each event whose id is stored (an imported event's, or one written earlier) or
        taken earlier in ``events``."""
        checked = {e.event_id for e in events}
        stored = self._stored(checked)
        here: set[str] = set()
        for e in events:
            eid = e.event_id
            while True:
                if eid not in checked:
                    checked.add(eid)
                    stored |= self._stored({eid})
                if eid not in here and eid not in stored:
                    break
                eid = "ev-" + hashlib.sha1(f"{eid}#".encode()).hexdigest()[:10]  # an imported event's id stays theirs
            e.event_id = eid
            here.add(eid)

    def _stored(self, ids: set[str]) -> set[str]:
        """Those of ``ids`` the events table holds."""
        return _ids_in(self.conn, events_table.c.event_id, ids)

    def flush(self) -> None:
        """Write the pending events and their mentions: the rows ``timeline.table`` makes (plain values, as the
        schema's dtypes give them back), without building frames."""
        from timeline.table import event_values, mention_values, publishers

        events, self.pending = self.pending, []
        if not events:
            return
        self._unique_ids(events)
        docs = self._documents({m.doc_id for e in events for m in e.mentions})
        pubs = publishers(events, docs)
        _bulk_insert(self.conn, events_table, _EVENT_INSERT_COLS, [(False, *event_values(e, pubs)) for e in events])
        _bulk_insert(self.conn, mentions_table, _MENTION_INSERT_COLS, [
            (False, *mention_values(e.event_id, m, pubs.get(m.doc_id, ""))) for e in events for m in e.mentions])

    def _documents(self, doc_ids: set[str]) -> dict[str, Document]:
        """The publisher (all merging needs of a document here) of each of ``doc_ids``."""
        dt = documents_table
        query = sa.select(dt.c.doc_id, dt.c.publisher).where(dt.c.imported == sa.false())
        return {doc_id: Document(id=doc_id, text="", publisher=publisher or "", hash="-")
                for doc_id, publisher in _rows_in(self.conn, query, dt.c.doc_id, doc_ids)}


def _rows_in(conn: Connection, query, column: sa.Column, values: Iterable) -> Iterator:
    """The rows of ``query`` whose ``column`` holds one of ``values``: one query per 500 values (sorted)."""
    wanted = sorted(set(values))
    for i in range(0, len(wanted), 500):
        yield from conn.execute(query.where(column.in_(wanted[i:i + 500])))


def _ids_in(conn: Connection, column: sa.Column, ids: Iterable[str], *where) -> set[str]:
    """Those of ``ids`` found in ``column`` (rows matching ``where`` only)."""
    return {row[0] for row in _rows_in(conn, sa.select(column).where(*where), column, ids)}


def _drop_id_sets(conn: Connection, *kinds: str) -> None:
    """Empty the sets ``kinds`` of ``event_id_sets``."""
    conn.execute(sa.delete(event_id_sets_table).where(event_id_sets_table.c.kind.in_(kinds)))


class _GivenIds:
    """The ids a store's merge has given (``timeline.merge.GivenIds``), kept in ``event_id_sets`` (kind
    ``given``): those the merge is about to ask about are read a batch at a time (``prefetch``), and
    those it gives are written there when the next batch begins. Memory holds one batch's ids."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.new: set[str] = set()  # given since the last batch began, not written yet
        self.known: dict[str, bool] = {}  # whether the table holds an id, for the ids of this batch

    def prefetch(self, ids: Iterable[str]) -> None:
        self._write()
        self.known = dict.fromkeys(ids, False)
        for eid in self._read(self.known):
            self.known[eid] = True

    def __contains__(self, eid: object) -> bool:
        if eid in self.new:
            return True
        hit = self.known.get(eid)
        if hit is None:
            hit = self.known[eid] = bool(self._read([eid]))
        return hit

    def add(self, eid: str) -> None:
        self.new.add(eid)

    def _read(self, ids: Iterable[str]) -> set[str]:
        t = event_id_sets_table
        return _ids_in(self.conn, t.c.event_id, ids, t.c.kind == "given")

    def _write(self) -> None:
        if self.new:
            _bulk_insert(self.conn, event_id_sets_table, ("kind", "event_id"), [("given", eid) for eid in sorted(self.new)])
            self.new = set()


@dataclass
class _WriterState:
    """The merge inputs and derived rows of one generation, as plain Python values."""

    gen: int
    extracted: dict[tuple, list]  # every extracted EventMention, by _mention_key
    events: dict[str, tuple]  # derived event rows by id (imported rows left out)
    spans: dict[str, tuple]  # (first day, last day, reported) of each derived event
    mentions: dict[int, tuple]  # derived mention rows by row id
    docs: dict[str, Document]  # metadata (no text) of the extracted documents


_I = {c: i for i, c in enumerate(_MENTION_COLS)}
_E = {c: i for i, c in enumerate(_EVENT_COLS)}


def _read_part(url: str, busy_timeout: float, types: list[str]) -> Iterator:
    """``Store._iter_extracted`` of ``types`` over a connection of its own: what the part of a store's merge
    running in another process reads (``timeline.merge_parts``)."""
    engine = _engine(url, busy_timeout)
    try:
        with engine.connect() as conn, conn.begin():
            yield from Store._iter_extracted(conn, types)
    finally:
        engine.dispose()


def _mention_key(m) -> tuple:
    """What tells an extracted mention from the others (its mentions-table row has the same)."""
    return (m.mention_id, m.trigger_start, m.trigger, m.event_type)


def _row_key(rec: tuple) -> tuple:
    return (rec[_I["mention_id"]], rec[_I["trigger_start"]], rec[_I["trigger"]], rec[_I["event_type"]])


def _ordinal(value) -> int | None:
    try:
        return date.fromisoformat(str(value)[:10]).toordinal() if value else None
    except ValueError:
        return None


def _span(start, end, precision) -> tuple[int | None, int | None, bool]:
    s, e = _ordinal(start), _ordinal(end)
    if s is None:
        s = e
    if e is None:
        e = s
    return s, e, (precision or "reported") == "reported" or s is None


def _span_of_row(rec: tuple) -> tuple[int | None, int | None, bool]:
    return _span(rec[_E["date_start"]], rec[_E["date_end"]], rec[_E["precision"]])


def affected_events(spans: dict[str, tuple], new_mentions: list, weights: dict) -> set[str]:
    """Stored events a new mention could join, judged by dates alone.

    ``spans`` maps event ids to ``(first day, last day, reported)`` (ordinals).
    A dated mention can join a dated event whose days overlap its own within
    ``date_tolerance_days``, and an event dated only by its report that was
    published after the mention's first day. A mention dated only by its
    report can join a dated event that starts before the report, within
    ``reported_lookback_years``, and any event dated only by its report.
    These are the date conditions ``timeline.merge`` requires before any
    other evidence counts.
    """
    tol = int(weights.get("date_tolerance_days", 1))
    lookback = int(weights.get("reported_lookback_years", 10))
    wins = []
    for m in new_mentions:
        wins.append(_span(m.date_start, m.date_end, m.precision))
    out: set[str] = set()
    for eid, (es, ee, erep) in spans.items():
        for fs, fe, frep in wins:
            if frep:
                if erep or fe is None or es is None:
                    hit = True
                else:
                    hit = es <= fe and ee >= date(max(1, date.fromordinal(fe).year - lookback), 1, 1).toordinal()
            elif erep:
                hit = ee is None or ee >= fs
            else:
                hit = es <= fe + tol and fs - tol <= ee
            if hit:
                out.add(eid)
                break
    return out


def _normalize(values, types: tuple[str, ...]) -> tuple:
    """A row as the database gives it back: ints, floats, strings or None."""
    out = []
    for v, t in zip(values, types):
        tv = type(v)
        if v is None or (tv is str and t == "string") or (tv is int and t == "Int64"):  # already as stored
            out.append(v)
            continue
        v = _py(v)
        if v is not None:
            v = int(v) if t == "Int64" else float(v) if t == "Float64" else str(v)
        out.append(v)
    return tuple(out)


class _AlreadyStored(Exception):
    def __init__(self, doc_id: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id


def _s(value) -> str:
    v = _py(value)
    return "" if v is None else str(v)


def _insert_many(conn: Connection, table: sa.Table, rows: list[dict], chunk: int = 2000) -> None:
    for i in range(0, len(rows), chunk):
        conn.execute(sa.insert(table), rows[i:i + chunk])


# --------------------------------------------------------------------------- batches


class Batch:
    """Documents committed one by one and merged together: what a batch ingest runs.

        with store.batch() as batch:
            for result in results:          # timeline.pipeline.extract_document outputs
                batch.add_result(result)
        batch.events_added

    Entering takes the store's batch lease (``timeline.store_lease``), waiting
    while another batch runs. Each new document is committed in a transaction
    of its own (its row, time mentions and extracted mentions) and marked as
    waiting for a merge. Leaving merges every extracted mention of the store
    (:meth:`Store.merge_all`) and ends the batch. A long batch also merges
    when ``merge_every`` documents came in since its last merge, or
    ``merge_interval`` seconds passed, so that readers see it progress; the
    wait between two merges is at least five times the last merge took, so
    merging never takes more than a sixth of the batch. These merges in the
    middle do not change the tables the batch ends with.

    A batch left by an exception is not merged: the next reader or writer
    merges what it committed (:meth:`Store.finish_interrupted`), and the next
    batch continues it.
    """

    def __init__(self, store: Store, *, merge_every: int | None = None,
                 merge_interval: float | None = DEFAULT_MERGE_INTERVAL, processes: int = 1) -> None:
        if merge_every is not None and merge_every < 1:
            raise ValueError(f"merge_every must be at least 1, not {merge_every}")
        self.store = store
        self.processes = processes
        self.merge_every = merge_every
        self.merge_interval = merge_interval
        self.events_added = 0  # events whose ids were not stored when the batch began (known once it ends)
        self._marked = False  # the derived event ids it began with are kept (``Store._mark_batch_start``)
        self.merges = 0
        self._lease = BatchLease(store.engine)
        self._since = 0
        self._last = 0.0
        self._merge_secs = 0.0

    def __enter__(self) -> Batch:
        self._lease.acquire()
        self._last = time.monotonic()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                st = self.store.merge_status()
                if st.pending or st.batch_open:
                    self._mark()
                    self.merge(settle=True)
                if self._marked:
                    self.events_added = self.store._end_batch_count()
            elif self._marked:
                try:  # the tables stay as the batch left them; only its set of ids goes
                    self.store._end_batch_count()
                except Exception:  # noqa: BLE001 - the error that ended the batch is the one to report
                    pass
        finally:
            self._lease.release()

    def _mark(self) -> None:
        """Keep the derived event ids as they were when the batch began (before its first commit or merge)."""
        if not self._marked:
            self.store._mark_batch_start()
            self._marked = True

    def add_result(self, result) -> DocumentOutcome:
        """Commit one extracted document (skipped when its content is stored); merge when one is due."""
        return self._commit([result])[0]

    def add_results(self, results: Iterable, *, group_docs: int | None = None, group_seconds: float | None = None,
                    group_chars: int | None = None) -> Iterator[DocumentOutcome]:
        """Commit extracted documents as they come, several to a transaction; yield each one's outcome once committed.

        A transaction holds the documents that came within ``group_seconds``
        of the first, at most ``group_docs`` of them and about ``group_chars``
        characters of text (by default :data:`COMMIT_GROUP_SECONDS`,
        :data:`COMMIT_GROUP_DOCS`, :data:`COMMIT_GROUP_CHARS`), and never more than a merge due after
        ``merge_every`` documents waits for. A process that dies loses only
        the documents not committed yet, which the next ingest of the same
        files extracts again.
        """
        group_docs = COMMIT_GROUP_DOCS if group_docs is None else group_docs
        group_seconds = COMMIT_GROUP_SECONDS if group_seconds is None else group_seconds
        group_chars = COMMIT_GROUP_CHARS if group_chars is None else group_chars
        group: list = []
        chars = 0
        first = 0.0
        for result in results:
            if not group:
                first = time.monotonic()
            group.append(result)
            chars += len(result.document.text)
            most = group_docs if self.merge_every is None else min(group_docs, max(1, self.merge_every - self._since))
            if len(group) >= most or chars >= group_chars or time.monotonic() - first >= group_seconds:
                yield from self._commit(group)
                group, chars = [], 0
        if group:
            yield from self._commit(group)

    def _commit(self, results: list) -> list[DocumentOutcome]:
        if not self._lease.held:
            raise RuntimeError("a batch adds documents only inside its 'with' block")
        self._mark()
        outcomes = self.store._commit_pending(results)
        added = sum(1 for o in outcomes if o.added)
        if added:
            self._since += added
            if self._due():
                self.merge(settle=False)
        return outcomes

    def add_document(self, doc: Document, *, lexicon=None) -> DocumentOutcome:
        """Extract one document and commit it like :meth:`add_result` (stored content is not extracted again)."""
        from timeline.pipeline import extract_document

        known = self.store.doc_id_for_hash(doc.hash)
        if known is not None:
            return DocumentOutcome(known, added=False)
        return self.add_result(extract_document(doc, lexicon if lexicon is not None else self.store.lexicon))

    def _due(self) -> bool:
        if self._since == 0:
            return False
        if self.merge_every is not None and self._since >= self.merge_every:
            return True
        if self.merge_interval is not None:
            return time.monotonic() - self._last >= max(self.merge_interval, 5 * self._merge_secs)
        return False

    def merge(self, *, settle: bool = False) -> None:
        """Merge now (``settle`` ends the batch's open state: only leaving the batch should)."""
        started = time.monotonic()
        self.store.merge_all(settle=settle, processes=self.processes)
        self._last = time.monotonic()
        self._merge_secs = self._last - started
        self._since = 0
        self.merges += 1


# --------------------------------------------------------------------------- ingest


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    manifest: str | Path | None = None,
    published: str | None = None,
    actors_files: Iterable[str | Path] = (),
    *,
    on_document: Callable[[DocumentOutcome], None] | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    merge_every: int | None = None,
    merge_interval: float | None = DEFAULT_MERGE_INTERVAL,
    keep_ids: bool = True,
) -> IngestReport:
    """Read files or directories into the store in one batch; only content not yet stored is extracted.

    Files that cannot be read are reported in ``problems`` and the rest still
    goes in; so are documents whose extraction fails, on any engine (a worker
    process or a Dask task reports the failure of one document and goes on
    with the others). ``on_document`` is
    called after each document is committed (or skipped); its events are in
    the tables once the batch merges (see :class:`Batch` for ``merge_every``
    and ``merge_interval``), and ``events_added`` of the report counts them
    when the ingest returns. With ``workers > 1`` or ``engine="dask"`` the new
    documents are extracted in parallel (``timeline.parallel.map_documents``)
    and committed here, in input order. Documents stream through: each is
    committed with its extracted mentions as it comes, and the merge reads
    those back from the store (see :meth:`Store.merge_all`). With ``keep_ids``
    false the report counts the documents without listing their ids.
    """
    from timeline.ingest import iter_documents
    from timeline.parallel import ExtractionFailure, extract_or_fail, map_documents, merge_processes
    from timeline.pipeline import full_collections_paused

    report = IngestReport(keep_ids=keep_ids)
    files = list(actors_files)

    def record(outcome: DocumentOutcome) -> None:
        report.record(outcome)
        if on_document is not None:
            on_document(outcome)

    def new_documents() -> Iterator[Document]:
        items = iter_documents(list(paths), manifest=manifest, published=published)
        while ahead := list(islice(items, HASH_LOOKAHEAD)):  # stored content is looked up for many at once
            docs = [item for item in ahead if isinstance(item, Document)]
            known = store.doc_ids_for_hashes(d.hash for d in docs) if docs else {}
            for item in ahead:
                if not isinstance(item, Document):
                    report.problems.append(item)
                elif item.hash in known:
                    record(DocumentOutcome(known[item.hash], added=False))
                else:
                    yield item

    processes = merge_processes(workers, engine, scheduler)
    with store.batch(merge_every=merge_every, merge_interval=merge_interval, processes=processes) as batch:
        if workers > 1 or engine != "local":
            results = map_documents(new_documents(), workers=workers, engine=engine, scheduler=scheduler,
                                    actors_files=files, errors="yield")
        else:
            if files:
                from timeline.events import load_lexicon

                lexicon = load_lexicon(files)
            else:
                lexicon = store.lexicon
            results = (extract_or_fail(doc, lexicon) for doc in new_documents())

        def extracted() -> Iterator:
            for r in results:
                if isinstance(r, ExtractionFailure):  # one article's failure: the others still go in
                    report.problems.append(r.problem())
                else:
                    yield r

        with full_collections_paused():  # extraction keeps large lexicons alive, which full collections would walk
            for outcome in batch.add_results(extracted()):
                record(outcome)
    report.events_added = batch.events_added
    return report


def add_or_report(store: Store, doc: Document, report: IngestReport, *, lexicon=None) -> DocumentOutcome | None:
    """Add one document and record the outcome; a document that fails is a problem of the report, not the end of the run."""
    from timeline.parallel import ExtractionFailure

    try:
        outcome = store.add_document(doc, lexicon=lexicon)
    except sa.exc.OperationalError:
        raise  # the database is unusable: stop
    except Exception as exc:  # an extraction failure on one article
        report.problems.append(ExtractionFailure.of(doc, exc).problem())
        return None
    report.record(outcome)
    return outcome
