"""The articles behind a running app, and adding more of them from the browser.

Extraction happens once per document (``timeline.pipeline.extract_document``);
when articles are added, only the new ones are extracted and every kept
result is merged again (``timeline.pipeline.assemble``), so events the new
articles share with the old ones become one row citing all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from dash_app.data import TimelineData


class DocumentLibrary:
    """Documents read from ``paths`` (files or folders), their extraction results, and their tables."""

    def __init__(self, paths: Iterable[str | Path] = (), *, published: str | None = None) -> None:
        from timeline.events import load_lexicon
        from timeline.ingest import iter_documents

        self._lock = threading.Lock()
        self.lexicon = load_lexicon()
        self.results: list = []
        self.problems: list[str] = []
        docs = []
        for item in iter_documents(list(paths), published=published):
            if hasattr(item, "text"):
                docs.append(item)
            else:
                self.problems.append(str(item))
        self._extract(docs)
        self.data = TimelineData(*self.tables(), loader=self.tables)

    def _extract(self, docs: list) -> list:
        from timeline.pipeline import extract_document

        added = []
        hashes = {r.document.hash for r in self.results}
        ids = {r.document.id for r in self.results}
        for doc in docs:
            if doc.hash in hashes:
                self.problems.append(f"{doc.id}: already in the timeline (same text)")
                continue
            if doc.id in ids:
                n = 2
                while f"{doc.id}-{n}" in ids:
                    n += 1
                doc.id = f"{doc.id}-{n}"
            result = extract_document(doc, self.lexicon)
            self.results.append(result)
            hashes.add(doc.hash)
            ids.add(doc.id)
            added.append(result.document)
        return added

    def tables(self):
        """``(events, mentions, documents)`` of every document so far."""
        from timeline.pipeline import assemble

        built = assemble(self.results)
        return built.events, built.mentions, built.documents

    def add_documents(self, files: list[tuple[str, bytes]], published: str | None = None) -> dict:
        """Add uploaded files (``(name, bytes)`` pairs); the callback ``dash_app.create_app`` takes.

        Unreadable files are listed in ``problems``; the readable ones still
        go in. Returns the new tables under ``tables`` too.
        """
        from timeline.ingest import read_upload

        with self._lock:
            docs, problems = [], []
            for name, content in files:
                try:
                    for item in read_upload(name, content, published):
                        (docs if hasattr(item, "text") else problems).append(item)
                except ValueError as exc:
                    problems.append(f"{name}: {exc}")
            before = len(self.data.events)
            start = len(self.problems)
            added = self._extract(docs)
            problems = [str(p) for p in problems] + self.problems[start:]
            tables = self.tables()
            return {
                "added": [d.id for d in added],
                "problems": problems,
                "events_added": max(0, len(tables[0]) - before),
                "tables": tables,
            }
