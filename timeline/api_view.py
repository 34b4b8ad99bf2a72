"""The event table prepared for answering many queries fast.

:func:`timeline.query.filter_events` recomputes lower-cased, padded copies of
the list columns on every call; an API answering hundreds of queries a second
on the same table computes them once per store change instead: an index from
each actor, document id and publisher to its rows, and an index from each
white-space token of the titles and evidence to its rows (a free-text word is
looked for in the distinct tokens, not in every text). The filters mean
exactly what ``filter_events`` means (a test holds them to it), and rows are
turned into JSON-ready records only when a page shows them.
"""

from __future__ import annotations

import json
import math
import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.query import EventQuery
from timeline.schema import LIST_SEP

_SEP = LIST_SEP.strip()


def _plain(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


_NONE = np.array([], dtype=np.int64)


def _inverted(cells: list[str]) -> dict[str, np.ndarray]:
    """Each item of ``; ``-joined cells -> the positions of the cells that hold it."""
    index: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        for item in set(cell.split(LIST_SEP)):
            index.setdefault(item, []).append(i)
    return {k: np.array(v, dtype=np.int64) for k, v in index.items()}


class EventsView:
    """One event table, with lower-cased search columns and row records made on demand."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self.n = len(events)

        def text(col: str) -> pd.Series:
            return events[col].fillna("").astype(str)

        def padded(col: str) -> pd.Series:
            return ("; " + text(col).str.lower() + "; ").astype("string[pyarrow]")

        self._padded = {c: padded(c) for c in ("actors", "doc_ids", "publishers")}
        self._items = {c: _inverted(text(c).str.lower().tolist()) for c in self._padded}
        self._types = text("event_type").str.lower().to_numpy(dtype=object)
        self._ends = text("date_end").to_numpy(dtype="U10")
        self._starts = text("date_start").to_numpy(dtype="U10")
        self._text = (text("title") + "\n" + text("evidence")).str.lower()
        self._tokens = None  # built on the first free-text query
        self._columns = list(events.columns)
        self._values = {c: events[c].tolist() for c in self._columns}
        self._rows: dict[int, str] = {}
        self._lock = threading.RLock()

    def _any(self, col: str, items) -> np.ndarray:
        """Rows whose list cell in ``col`` holds any of ``items`` (case-insensitive, whole items)."""
        mask = np.zeros(self.n, dtype=bool)
        for item in items:
            key = item.strip().lower()
            if key and _SEP not in key:
                mask[self._items[col].get(key, _NONE)] = True
            else:  # an empty item, or one spanning items: the padded-substring reading decides
                mask |= self._padded[col].str.contains("; " + key + "; ", regex=False).to_numpy(dtype=bool)
        return mask

    def positions(self, query: EventQuery) -> np.ndarray:
        """Row positions matching ``query``, in table order (what ``filter_events`` keeps)."""
        mask = np.ones(self.n, dtype=bool)
        if query.actors:
            mask &= self._any("actors", query.actors)
        if query.types:
            mask &= np.isin(self._types, [t.lower() for t in query.types])
        if query.start:
            mask &= self._ends >= query.start
        if query.end:
            mask &= (self._starts != "") & (self._starts <= query.end)
        if query.sources:
            mask &= self._any("doc_ids", query.sources) | self._any("publishers", query.sources)
        if query.q:
            for word in query.q.lower().split():
                mask &= self._rows_with(word)
        return np.flatnonzero(mask)

    def _rows_with(self, word: str) -> np.ndarray:
        """Rows whose title or evidence contains ``word`` (no white space in it) anywhere, as a mask.

        A word without white space occurs inside one white-space token, so
        the rows are those of the distinct tokens that contain it: a search
        of the (small) token list instead of every text.
        """
        tokens, postings = self._token_index()
        hits = np.flatnonzero(pc.match_substring(tokens, word).to_numpy(zero_copy_only=False))
        mask = np.zeros(self.n, dtype=bool)
        if len(hits):
            mask[np.concatenate([postings[i] for i in hits])] = True
        return mask

    def _token_index(self):
        if self._tokens is None:
            with self._lock:
                if self._tokens is None:
                    index: dict[str, list[int]] = {}
                    for i, text in enumerate(self._text.tolist()):
                        for tok in set(text.split()):
                            index.setdefault(tok, []).append(i)
                    postings = [np.array(v, dtype=np.int64) for v in index.values()]
                    self._tokens = (pa.array(list(index), type=pa.string()), postings)
        return self._tokens

    def record(self, i: int) -> dict:
        """Row ``i`` as a JSON-ready dict (missing values as None)."""
        return {c: _plain(self._values[c][i]) for c in self._columns}

    def json_rows(self, positions) -> list[str]:
        """Rows as JSON object texts, each rendered once."""
        out = []
        for i in positions:
            i = int(i)
            row = self._rows.get(i)
            if row is None:
                row = json.dumps(self.record(i), ensure_ascii=False)
                with self._lock:
                    self._rows[i] = row
            out.append(row)
        return out


class ViewCache:
    """The :class:`EventsView` of the store's current generation, built once per change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gen: int | None = None
        self._view: EventsView | None = None

    def get(self, gen: int, load) -> EventsView:
        view = self._view
        if view is not None and self._gen == gen:
            return view
        with self._lock:
            if self._view is None or self._gen != gen:
                self._view = EventsView(load())
                self._gen = gen
            return self._view
