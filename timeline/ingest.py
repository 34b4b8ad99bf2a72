"""Loading articles: files, folders and uploads become :class:`Document` objects.

Formats (by extension, see ``resources/ingest/ingest.json``):

- ``.txt``, ``.md``: the whole file is the article. An optional front-matter
  block (``---`` / ``key: value`` lines / ``---``) at the top gives metadata and
  is removed; ``Document.text`` is the body after it.
- ``.html``, ``.htm``: main text extracted with trafilatura; title, author,
  publisher, URL and date from the page's meta tags (:mod:`timeline.ingest_html`).
- ``.jsonl``: one article per line, ``{"id", "text", "title", "url",
  "publisher", "author", "published"}``; only ``text`` is required.
- ``.csv``: the same fields as columns, one article per row.

Metadata precedence, field by field: a manifest row (``manifest.csv`` beside
the files, or one passed explicitly) beats what the file itself says (meta
tags, front matter, JSONL/CSV fields). The ``published`` argument (the CLI's
``--published``) is the publication date (DCT) of every document that has
none of its own; it never overrides a date from a manifest or a file.
``Document.published_source`` records which one gave the date: ``manifest``,
``file`` or ``flag``.

Ids: the manifest's or the record's ``id`` when given (kept as written), else the file name's
stem, slugified (``<stem>-<line>`` for JSONL/CSV records). Ids are unique
within a run (``-2``, ``-3``... on collision). The same content ingested twice
(same :func:`timeline.document.content_hash`) is kept once; the later copy is
skipped with a notice.

Bad input never stops a run: each bad file, line or row is reported as one
:class:`IngestProblem` and the rest of the batch loads. Documents are produced
one at a time, so a corpus is never held in memory whole, and both
``Document`` and ``IngestProblem`` are plain picklable dataclasses. With
``workers`` > 1, single-article files are read (decoded, HTML extracted) in a
pool of processes; ids, duplicates and order are settled in the calling
process, so the output is the same for any number of workers.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import process_server
from .document import Document, content_hash
from .ingest_decode import normalize_newlines
from .ingest_fields import METADATA_FIELDS, IngestConfig, as_text, load_config, normalize_date, slugify
from .ingest_files import Draft, Stream, read_bytes, read_file, stem_slug, stream_file, upload_name, walk
from .ingest_manifest import Manifest, ManifestEntry, load_manifest
from .ingest_problem import ERROR, NOTICE, IngestProblem

DEFAULT_MAX_BYTES = 5_000_000
"""Largest article accepted, in bytes of text (a whole .txt/.html file, or one JSONL/CSV record)."""

#: Files queued per worker when reading with a process pool.
FILES_IN_FLIGHT_PER_WORKER = 4


class _Run:
    """State shared by all documents of one run: used ids, seen content, the default date."""

    def __init__(self, published: str | None, config: IngestConfig, max_bytes: int) -> None:
        self.config = config
        self.max_bytes = max_bytes
        self.published = None
        if published is not None:
            self.published = normalize_date(published, config.date_languages)
            if self.published is None:
                raise ValueError(f"cannot read the publication date {published!r}; write it as YYYY-MM-DD")
        self.ids: set[str] = set()
        self.hashes: dict[str, str] = {}

    def unique_id(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{wanted}-{n}"
        self.ids.add(candidate)
        return candidate

    def settle(self, items: Iterable[Draft | IngestProblem], manifest: ManifestEntry | None = None) -> Iterator[Document | IngestProblem]:
        """Documents for the drafts among ``items``; problems pass through."""
        for item in items:
            if isinstance(item, Draft):
                yield from self.document(item, manifest)
            else:
                yield item

    def document(self, draft: Draft, manifest: ManifestEntry | None) -> Iterator[Document | IngestProblem]:
        """The Document for a draft with its metadata merged, or a duplicate notice."""
        where = (draft.name, draft.line, draft.unit)
        digest = content_hash(draft.text)
        if digest in self.hashes:
            yield IngestProblem(draft.name, f"duplicate of {self.hashes[digest]} (same content); skipped", NOTICE, *where[1:])
            return
        given = manifest.fields if manifest else {}
        values = {f: given.get(f) or as_text(draft.fields.get(f)) for f in METADATA_FIELDS if f != "published"}
        if given.get("published"):
            published, source = given["published"], "manifest"
        else:
            raw = draft.fields.get("published")
            published = normalize_date(raw, self.config.date_languages) if as_text(raw) else None
            if as_text(raw) and published is None:
                yield IngestProblem(draft.name, f"unreadable published date {as_text(raw)!r}; ignored", NOTICE, *where[1:])
            source = "file" if published else ""
            if published is None and self.published:
                published, source = self.published, "flag"
        wanted = values["id"] or draft.id_hint
        doc_id = self.unique_id(wanted)
        if values["id"] and doc_id != wanted:
            yield IngestProblem(draft.name, f"id {wanted!r} is already used; renamed {doc_id!r}", NOTICE, *where[1:])
        self.hashes[digest] = doc_id
        yield Document(
            id=doc_id,
            text=draft.text,
            title=values["title"],
            publisher=values["publisher"],
            author=values["author"],
            url=values["url"],
            published=published,
            published_source=source,
            path=draft.path,
            hash=digest,
        )


@dataclass
class _Job:
    """One file to read, with its manifest row and the problems to report before it."""

    file: str
    explicit: bool
    entry: ManifestEntry | None = None
    before: list[IngestProblem] = field(default_factory=list)


class _Manifests:
    """The explicit manifest of a run and the ``manifest.csv`` files found beside inputs."""

    #: folders whose ``manifest.csv`` files stay loaded (the most recently used); files come folder by folder
    KEPT_FOLDERS = 8

    def __init__(self, config: IngestConfig) -> None:
        self.config = config
        self.explicit: Manifest | None = None
        self.beside: OrderedDict[Path, list[Manifest]] = OrderedDict()
        self.reported: set[Path] = set()  # folders whose manifests' problems were reported (once each)

    def use(self, path: str | Path) -> list[IngestProblem]:
        """Load the explicit manifest; its rows may name files anywhere, so they are not checked."""
        self.explicit = load_manifest(path, self.config, check_files=False)
        return _manifest_problems(self.explicit)

    def is_manifest(self, file: Path) -> bool:
        if file.name.lower() in self.config.manifest_names:
            return True
        return self.explicit is not None and _same_file(file, self.explicit.path)

    def entry_for(self, file: Path) -> tuple[ManifestEntry | None, list[IngestProblem]]:
        """The manifest row for ``file`` (explicit manifest first) and problems of newly read manifests."""
        problems: list[IngestProblem] = []
        if self.explicit is not None:
            entry = self.explicit.lookup(file)
            if entry is not None:
                return entry, problems
        folder = file.parent
        if folder in self.beside:
            self.beside.move_to_end(folder)
        else:
            found = []
            for candidate in sorted(self.config.manifest_names):
                mpath = folder / candidate
                if mpath.is_file() and not (self.explicit is not None and _same_file(mpath, self.explicit.path)):
                    m = load_manifest(mpath, self.config)
                    if folder not in self.reported:
                        problems.extend(_manifest_problems(m))
                    found.append(m)
            self.reported.add(folder)
            self.beside[folder] = found
            while len(self.beside) > self.KEPT_FOLDERS:
                for m in self.beside.popitem(last=False)[1]:
                    m.close()
        for m in self.beside[folder]:
            entry = m.lookup(file)
            if entry is not None:
                return entry, problems
        return None, problems


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _manifest_problems(m: Manifest) -> list[IngestProblem]:
    return [IngestProblem(str(m.path), message, level, row, "row") for row, message, level in m.problems]


def _jobs(paths: Iterable[str | Path], manifests: _Manifests) -> Iterator[_Job | IngestProblem]:
    """Every file to read, in order, or the problem with a path that is not there."""
    for given in paths:
        root = Path(given)
        try:
            is_dir = root.is_dir()
            exists = is_dir or root.exists() or root.is_symlink()
        except OSError as err:
            yield IngestProblem(str(given), f"cannot read ({err.strerror or err})")
            continue
        if not exists:
            yield IngestProblem(str(given), "no such file or directory")
            continue
        files = ((p, False) for p in walk(root, manifests.config)) if is_dir else iter([(root, True)])
        for file, explicit in files:
            if manifests.is_manifest(file):
                if explicit:
                    yield IngestProblem(str(file), "a manifest, not an article; skipped", NOTICE)
                continue
            entry, problems = manifests.entry_for(file)
            yield _Job(str(file), explicit, entry, problems)


def iter_documents(
    paths: Iterable[str | Path] | str | Path,
    manifest: str | Path | None = None,
    published: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    config: IngestConfig | None = None,
    workers: int = 1,
) -> Iterator[Document | IngestProblem]:
    """Stream the documents in ``paths`` (files and folders, folders read recursively).

    ``manifest`` is a manifest CSV applied to every file (matched by path
    relative to it, else by file name); without it, a ``manifest.csv`` found in
    a file's own folder is used. ``published`` (ISO date) is the publication
    date of documents that have none from a manifest or from the file itself.
    ``max_bytes`` is the largest article accepted. ``workers`` > 1 reads
    single-article files in that many processes (same output, same order).
    Yields each Document as soon as it is read, and an :class:`IngestProblem`
    for each bad input or notice. Raises ValueError only for an unreadable
    ``published``.
    """
    run = _Run(published, config or load_config(), max_bytes)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    manifests = _Manifests(run.config)
    if manifest is not None:
        yield from manifests.use(manifest)
    jobs = _jobs(paths, manifests)
    if workers <= 1:
        for job in jobs:
            if isinstance(job, IngestProblem):
                yield job
            else:
                yield from _finish(run, job, read_file(job.file, job.explicit, run.config, run.max_bytes))
        return
    window: deque[tuple[_Job | IngestProblem, Future | None]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=process_server.process_context()) as pool:
        for job in jobs:
            if isinstance(job, IngestProblem):
                window.append((job, None))
            else:
                window.append((job, pool.submit(read_file, job.file, job.explicit, run.config, run.max_bytes)))
            while len(window) > workers * FILES_IN_FLIGHT_PER_WORKER:
                yield from _finish_queued(run, *window.popleft())
        while window:
            yield from _finish_queued(run, *window.popleft())


def _finish_queued(run: _Run, job: _Job | IngestProblem, future: Future | None) -> Iterator[Document | IngestProblem]:
    if isinstance(job, IngestProblem):
        yield job
    else:
        assert future is not None
        yield from _finish(run, job, future.result())


def _finish(run: _Run, job: _Job, result: list[Draft | IngestProblem] | Stream) -> Iterator[Document | IngestProblem]:
    """Documents of one read file: manifest problems first, then its drafts settled in order."""
    yield from job.before
    if isinstance(result, Stream):
        # Records carry their own metadata: the manifest applies to single-article files only.
        yield from run.settle(stream_file(job.file, result.fmt, run.config, run.max_bytes))
    else:
        yield from run.settle(result, job.entry)


def load_documents(
    paths: Iterable[str | Path] | str | Path,
    manifest: str | Path | None = None,
    published: str | None = None,
    **options: Any,
) -> tuple[list[Document], list[IngestProblem]]:
    """All documents and all problems of :func:`iter_documents`, as two lists."""
    docs: list[Document] = []
    problems: list[IngestProblem] = []
    for item in iter_documents(paths, manifest, published, **options):
        (docs if isinstance(item, Document) else problems).append(item)
    return docs, problems


def read_upload(
    filename: str,
    data: bytes,
    published: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    config: IngestConfig | None = None,
) -> Iterator[Document | IngestProblem]:
    """Documents from bytes uploaded through the web app, with the same rules as files.

    ``filename`` gives only the format (its extension) and the id hint; it is
    never opened. ``Document.path`` is empty for uploads. A JSONL or CSV upload
    may give many documents; ids and duplicates are checked within the upload.
    """
    run = _Run(published, config or load_config(), max_bytes)
    yield from run.settle(read_bytes(upload_name(filename), data, run.config, run.max_bytes))


def document_from_text(
    text: str,
    *,
    id: str | None = None,
    title: str = "",
    url: str = "",
    publisher: str = "",
    author: str = "",
    published: str | None = None,
    name: str = "",
) -> Document:
    """A Document from raw text typed or pasted by a user.

    Line endings are normalized and a byte-order mark removed. The id is
    ``id`` as given, else derived from ``name``, else from ``title``, else
    ``text-`` plus the start of the content hash. ``published`` is any readable
    date; its source is recorded as ``flag`` (given by the user). Raises
    ValueError for empty text or an unreadable date.
    """
    text = normalize_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise ValueError("empty text")
    iso = None
    if published:
        iso = normalize_date(published, load_config().date_languages)
        if iso is None:
            raise ValueError(f"cannot read the publication date {published!r}; write it as YYYY-MM-DD")
    digest = content_hash(text)
    if id:
        doc_id = " ".join(id.split())
    elif name:
        doc_id = stem_slug(upload_name(name))
    elif title:
        doc_id = slugify(title)
    else:
        doc_id = "text-" + digest[:10]
    return Document(
        id=doc_id,
        text=text,
        title=" ".join(title.split()),
        publisher=publisher.strip(),
        author=author.strip(),
        url=url.strip(),
        published=iso,
        published_source="flag" if iso else "",
        path="",
        hash=digest,
    )


__all__ = [
    "DEFAULT_MAX_BYTES",
    "ERROR",
    "NOTICE",
    "IngestProblem",
    "document_from_text",
    "iter_documents",
    "load_documents",
    "read_upload",
]
