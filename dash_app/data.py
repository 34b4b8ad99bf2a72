"""The tables the app shows, behind one object that can be refreshed while it runs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from timeline.schema import EVENT_COLUMNS, MENTION_COLUMNS, conform

DOCUMENT_COLUMNS = ("doc_id", "title", "publisher", "published", "url")

Tables = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


def _documents(df: pd.DataFrame | None) -> pd.DataFrame:
    if df is None:
        df = pd.DataFrame(columns=list(DOCUMENT_COLUMNS))
    out = df.copy()
    for col in DOCUMENT_COLUMNS:
        if col not in out.columns:
            out[col] = ""
    return out.astype({c: "string" for c in DOCUMENT_COLUMNS}).reset_index(drop=True)


class TimelineData:
    """The event, mention and document tables, replaceable as a whole.

    ``version`` increases on every replacement so views know to redraw.
    ``loader``, when given, returns fresh ``(events, mentions, documents)``
    tables; ``reload()`` calls it (the app does so after articles are added).
    """

    def __init__(
        self,
        events: pd.DataFrame,
        mentions: pd.DataFrame | None = None,
        documents: pd.DataFrame | None = None,
        *,
        loader: Callable[[], Tables] | None = None,
        aliases: dict[str, list[str]] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._aliases = aliases
        self.version = 0
        self.loader = loader
        self._set(events, mentions, documents)

    def _set(self, events, mentions, documents) -> None:
        self.events = conform(events, EVENT_COLUMNS)
        self.mentions = conform(mentions if mentions is not None else pd.DataFrame(), MENTION_COLUMNS)
        self.documents = _documents(documents)

    @classmethod
    def from_frames(cls, events: pd.DataFrame, mentions: pd.DataFrame | None = None, documents: pd.DataFrame | None = None) -> TimelineData:
        return cls(events, mentions, documents)

    @classmethod
    def from_csv_dir(cls, path: str | Path) -> TimelineData:
        """Read ``events.csv``, ``mentions.csv`` and ``documents.csv`` (the last two optional) from a folder."""
        path = Path(path)

        def read(name: str) -> pd.DataFrame | None:
            f = path / name
            return pd.read_csv(f, dtype=str, keep_default_na=False) if f.exists() else None

        events = read("events.csv")
        if events is None:
            raise FileNotFoundError(f"no events.csv in {path}")
        return cls(events, read("mentions.csv"), read("documents.csv"), loader=lambda: cls._read_tables(path))

    @staticmethod
    def _read_tables(path: Path) -> Tables:
        def read(name):
            f = path / name
            return pd.read_csv(f, dtype=str, keep_default_na=False) if f.exists() else None

        return read("events.csv"), read("mentions.csv"), read("documents.csv")

    @classmethod
    def from_loader(cls, loader: Callable[[], Tables]) -> TimelineData:
        events, mentions, documents = loader()
        return cls(events, mentions, documents, loader=loader)

    def replace(self, events: pd.DataFrame, mentions: pd.DataFrame | None = None, documents: pd.DataFrame | None = None) -> None:
        with self._lock:
            self._set(events, mentions, documents)
            self.version += 1

    def reload(self) -> bool:
        """Replace the tables with the loader's; False when there is no loader."""
        if self.loader is None:
            return False
        self.replace(*self.loader())
        return True

    @property
    def aliases(self) -> dict[str, list[str]]:
        """Other names of each canonical actor, used to highlight actors in evidence sentences.

        Given at construction, else the shipped actor list's (empty if it cannot be read).
        """
        if self._aliases is None:
            try:
                from timeline.query import actor_aliases

                self._aliases = actor_aliases()
            except Exception:  # highlighting by canonical names still works
                self._aliases = {}
        return self._aliases

    def summary(self, events: pd.DataFrame | None = None) -> dict:
        """Counts for a header: events, distinct sources, first and last day covered."""
        ev = self.events if events is None else events
        docs: set[str] = set()
        for cell in ev["doc_ids"].dropna():
            docs.update(p.strip() for p in str(cell).split(";") if p.strip())
        starts = ev["date_start"].dropna()
        starts = starts[starts != ""]
        ends = ev["date_end"].dropna()
        ends = ends[ends != ""]
        return {
            "events": int(len(ev)),
            "sources": len(docs),
            "first": str(starts.min()) if len(starts) else "",
            "last": str(ends.max()) if len(ends) else "",
        }
