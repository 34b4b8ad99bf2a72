"""Reading the store's tables a chunk of rows at a time.

``Store.tables()`` loads the event, event-mentions and documents tables whole.
A :class:`TableReader` reads the same tables as of one merge, in the same
row order and with the same columns and dtypes (``timeline.schema``), as
DataFrames of at most ``chunk_rows`` rows, so that a writer holds one chunk
at a time and memory does not grow with the store::

    with store.table_reader(chunk_rows=2000) as tables:
        for chunk in tables.events():
            ...

Row order is the order of ``Store.tables()``: events by first day (undated
last), then id; imported mentions as written, then derived mentions by their
event's place in the event table (mentions of no stored event last), then as
written; documents in the order they were added, up to the last merge. The
database sorts the rows; only the current chunk is held in Python.

Every table a reader gives comes from one read transaction (a snapshot on
SQLite, ``REPEATABLE READ`` on PostgreSQL), so the events and the mentions
it gives belong to the same merge even when a batch merges meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from timeline import schema

#: Rows per chunk unless told otherwise.
CHUNK_ROWS = 2000


def _check_chunk_rows(chunk_rows: int) -> int:
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise ValueError(f"chunk_rows must be a positive integer, not {chunk_rows!r}")
    return chunk_rows


class TableReader:
    """The store's tables as of one merge, read in chunks (see the module docstring).

    Made by ``Store.table_reader()``; valid inside its ``with`` block.
    ``events()``, ``mentions()`` and ``documents()`` each yield DataFrames of
    at most ``chunk_rows`` rows; a table with no rows yields one empty
    DataFrame with the table's columns, so a writer always sees the columns.
    """

    def __init__(self, conn: Connection, merged_seq: int, chunk_rows: int = CHUNK_ROWS) -> None:
        from timeline import store as _store

        self._conn = conn
        self._merged_seq = merged_seq
        self.chunk_rows = _check_chunk_rows(chunk_rows)
        self._t = _store
        self._collate = "C" if conn.dialect.name == "postgresql" else None

    # ----------------------------------------------------------- order

    def _text(self, expr):
        """``expr`` compared by code point (the order pandas sorts strings in)."""
        return sa.collate(expr, self._collate) if self._collate else expr

    def _event_order(self, e: sa.Table) -> list:
        """The event table's order: first day (missing or empty: ``9999``), then id (missing last)."""
        ds = e.c.date_start
        key = sa.case((sa.or_(ds.is_(None), ds == ""), "9999"), else_=ds)
        return [self._text(key), e.c.event_id.is_(None), self._text(e.c.event_id)]

    # ----------------------------------------------------------- tables

    def _chunks(self, stmt, columns: tuple[schema.Column, ...], chunk_rows: int | None) -> Iterator[pd.DataFrame]:
        n = _check_chunk_rows(chunk_rows or self.chunk_rows)
        result = self._conn.execution_options(yield_per=n).execute(stmt)
        sent = False
        try:
            for rows in result.partitions(n):
                sent = True
                yield schema.frame(rows, columns)
        finally:
            result.close()
        if not sent:
            yield schema.empty_frame(columns)

    def events(self, chunk_rows: int | None = None) -> Iterator[pd.DataFrame]:
        """The event table (``schema.EVENT_COLUMNS``) in chunks, ordered as ``Store.events()``."""
        e = self._t.events_table
        stmt = sa.select(*[e.c[c] for c in schema.EVENT_COLUMN_NAMES]).order_by(*self._event_order(e))
        return self._chunks(stmt, schema.EVENT_COLUMNS, chunk_rows)

    def mentions(self, chunk_rows: int | None = None) -> Iterator[pd.DataFrame]:
        """The event-mentions table (``schema.MENTION_COLUMNS``) in chunks, ordered as ``Store.mentions()``."""
        m, e = self._t.mentions_table, self._t.events_table
        imported = m.c.imported
        event_key = self._event_order(e)
        stmt = (
            sa.select(*[m.c[c] for c in schema.MENTION_COLUMN_NAMES])
            .select_from(m.outerjoin(e, e.c.event_id == m.c.event_id))
            .order_by(
                sa.case((imported, 0), else_=1),  # imported rows first, as written
                sa.case((imported, 0), (e.c.event_id.is_(None), 1), else_=0),  # then mentions of stored events
                sa.case((imported, ""), else_=event_key[0]),  # in event-table order
                sa.case((imported, ""), else_=event_key[2]),
                m.c.id,
            )
        )
        return self._chunks(stmt, schema.MENTION_COLUMNS, chunk_rows)

    def documents(self, chunk_rows: int | None = None) -> Iterator[pd.DataFrame]:
        """The documents table (``schema.DOCUMENT_COLUMNS``, no texts) in chunks, ordered as ``Store.documents()``."""
        d = self._t.documents_table
        stmt = (sa.select(*[d.c[c] for c in schema.DOCUMENT_COLUMN_NAMES])
                .where(d.c.seq <= self._merged_seq).order_by(d.c.seq))
        return self._chunks(stmt, schema.DOCUMENT_COLUMNS, chunk_rows)

    def counts(self) -> dict[str, int]:
        """Rows of each table as this reader gives them: ``{"events": n, "mentions": n, "documents": n}``."""
        t = self._t

        def n(stmt) -> int:
            return int(self._conn.execute(stmt).scalar_one())

        count = sa.func.count()
        return {
            "events": n(sa.select(count).select_from(t.events_table)),
            "mentions": n(sa.select(count).select_from(t.mentions_table)),
            "documents": n(sa.select(count).select_from(t.documents_table)
                           .where(t.documents_table.c.seq <= self._merged_seq)),
        }
