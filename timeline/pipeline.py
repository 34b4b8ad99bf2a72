"""The whole pipeline: documents in, event table out.

    Document -> time mentions -> event mentions -> merged events -> DataFrames

``extract_document`` is the per-document stage (pure, picklable inputs and
outputs, so it runs the same in a process pool or on a Dask cluster);
``build`` streams documents through it and merges across documents.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from timeline import schema
from timeline.document import Document
from timeline.events import extract, load_lexicon
from timeline.events.model import EventMention
from timeline.merge import SentenceFeatures, merge
from timeline.table import events_frame, mentions_frame
from timeline.temporal import TimeMention, tag
from timeline.temporal.dct import infer_dct


@dataclass
class DocumentResult:
    """What extraction found in one document."""

    document: Document
    n_time_mentions: int
    event_mentions: list[EventMention]
    time_mentions: list[TimeMention] = field(default_factory=list)


@dataclass
class BuildResult:
    """The tables a build produces, and the inputs it could not use."""

    events: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    problems: list = field(default_factory=list)

    @property
    def errors(self) -> list:
        return [p for p in self.problems if getattr(p, "level", "error") == "error"]


def with_publication_date(doc: Document, undated: list[TimeMention] | None = None) -> Document:
    """The document with a publication date: its own, else one inferred from its text.

    An inferred date is marked ``published_source="inferred"`` with its
    confidence. When nothing can be inferred the document keeps no date and
    relative expressions stay unresolved rather than being read against today.
    ``undated``: the text's time mentions read without a date (``tag(doc.text, None)``), when the caller has
    them already.
    """
    if doc.published:
        return doc
    guess = infer_dct(doc.text, url=doc.url, title=doc.title, mentions=undated)
    if guess is None:
        return doc
    return replace(doc, published=guess.value, published_source="inferred", published_confidence=guess.confidence)


def extract_document(doc: Document, lexicon=None) -> DocumentResult:
    """Tag the times of one document and extract its event mentions.

    A document without a publication date is tagged without one first (its date is inferred from those
    mentions); when none can be inferred, those are its time mentions, else it is tagged again from the date.
    """
    undated = None
    if not doc.published:
        undated = tag(doc.text, None)
        doc = with_publication_date(doc, undated)
    timexes = undated if undated is not None and not doc.published else tag(doc.text, dct=doc.published)
    mentions = extract(doc, timexes, lexicon)
    for m in mentions:
        if not m.publisher:
            m.publisher = doc.publisher
    return DocumentResult(document=doc, n_time_mentions=len(timexes), event_mentions=mentions, time_mentions=timexes)


def document_row(result: DocumentResult) -> dict:
    d = result.document
    return {
        "doc_id": d.id,
        "title": d.title,
        "publisher": d.publisher,
        "author": d.author,
        "url": d.url,
        "published": d.published,
        "published_source": d.published_source,
        "published_confidence": d.published_confidence,
        "path": d.path,
        "hash": d.hash,
        "n_chars": len(d.text),
        "n_time_mentions": result.n_time_mentions,
        "n_event_mentions": len(result.event_mentions),
    }


def documents_frame(rows: list[dict]) -> pd.DataFrame:
    return schema.conform(pd.DataFrame(rows, columns=list(schema.DOCUMENT_COLUMN_NAMES)), schema.DOCUMENT_COLUMNS)


@contextmanager
def full_collections_paused() -> Iterator[None]:
    """No full (oldest-generation) garbage collection inside the block.

    A build keeps every event mention it has found until the merge: a large,
    growing set of long-lived objects with no reference cycles, which each
    full collection would walk again. Young objects are still collected as
    usual, and memory is freed by reference counting.
    """
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, 1_000_000))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


def assemble(results: Iterable[DocumentResult], *, existing: pd.DataFrame | None = None, problems: list | None = None,
             processes: int = 1) -> BuildResult:
    """Merge per-document results into the three tables.

    Only the event mentions (small) are kept across documents; the texts are
    dropped as soon as their document is processed. What the merge reads of
    each mention's sentence is computed as the results come in, while
    worker processes are still extracting. ``processes`` > 1 lets the merge
    run groups of event types side by side (see ``timeline.merge.merge``).
    """
    with full_collections_paused():
        rows: list[dict] = []
        all_mentions: list[EventMention] = []
        docs_meta: dict[str, Document] = {}
        features = SentenceFeatures()
        for r in results:
            rows.append(document_row(r))
            all_mentions.extend(r.event_mentions)
            features.add(r.event_mentions)
            d = r.document
            docs_meta[d.id] = replace(d, text="")
        events = merge(all_mentions, existing=existing, features=features, processes=processes)
        del features
        return BuildResult(
            events=events_frame(events, docs_meta),
            mentions=mentions_frame(events, docs_meta),
            documents=documents_frame(rows),
            problems=list(problems or []),
        )


def build(documents: Iterable[Document], *, lexicon=None, existing: pd.DataFrame | None = None) -> BuildResult:
    """Run the whole pipeline over documents (streamed one at a time)."""
    if lexicon is None:
        lexicon = load_lexicon()
    return assemble((extract_document(d, lexicon) for d in documents), existing=existing)


def build_paths(
    paths: Iterable[str | Path],
    *,
    manifest: str | Path | None = None,
    published: str | None = None,
    actors_files: Iterable[str | Path] = (),
    existing: pd.DataFrame | None = None,
) -> BuildResult:
    """Ingest files or directories and build their tables, in this process.

    Files that cannot be read are reported in ``BuildResult.problems`` and the
    rest of the batch still builds. ``timeline.parallel.build_parallel`` does
    the same on several processes or a Dask cluster.
    """
    from timeline.parallel import build_parallel

    return build_parallel(paths, workers=1, manifest=manifest, published=published, actors_files=actors_files,
                          progress=False, existing=existing)


def seeds_dir() -> Path:
    """The seed corpus shipped with the project."""
    return Path(__file__).resolve().parent.parent / "seeds"
