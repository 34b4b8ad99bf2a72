"""Reading one input, a file on disk or uploaded bytes, into article drafts.

A :class:`Draft` is an article's text and the metadata its source gives,
before the run settles ids, duplicates, manifest metadata and the default date
(see :mod:`timeline.ingest`). A single-article file (text, Markdown, HTML) is
read by :func:`read_file`, a pure function of the file whose result is
picklable, so a process pool can read many files at once. A JSONL or CSV file
is streamed record by record with :func:`iter_record_drafts`.
"""

from __future__ import annotations

import codecs
import io
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO, Iterator

from .ingest_decode import SNIFF_BYTES, NotText, decode_bytes, encoding_name, load_signatures, normalize_newlines, sniff_binary
from .ingest_fields import IngestConfig, canonical_record, slugify, split_front_matter
from .ingest_html import declared_charset, extract_html, load_meta_rules, load_prune_xpaths
from .ingest_problem import ERROR, NOTICE, IngestProblem
from .ingest_records import RecordProblem, iter_csv, iter_jsonl

STREAMED_FORMATS = ("jsonl", "csv")


@dataclass(frozen=True)
class Draft:
    """An article as its source gives it: text and raw metadata fields."""

    text: str
    fields: dict[str, Any]  # canonical names: title, author, publisher, url, published, id
    id_hint: str  # the id to use when neither a manifest nor the record gives one
    name: str  # how problems name the source
    path: str  # Document.path ("" for uploads)
    line: int | None = None
    unit: str = "line"


@dataclass(frozen=True)
class Stream:
    """The input holds many articles (JSONL or CSV) and is read with :func:`iter_record_drafts`."""

    fmt: str


def size_text(n: int) -> str:
    """A byte count in MB with one decimal, for messages."""
    return f"{n / 1e6:.1f} MB"


def stem_slug(name: str) -> str:
    """The id a file name suggests: its stem, slugified."""
    return slugify(PurePosixPath(name).stem)


def upload_name(filename: str) -> str:
    """The last component of a client-supplied file name, whatever its path syntax."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    return name.strip() or "upload.txt"


def check_head(head: bytes, size: int, name: str, config: IngestConfig, max_bytes: int, explicit: bool) -> str | IngestProblem:
    """The input's format, or the problem that stops it being read.

    ``head`` is the input's first bytes and ``size`` its length. Problems: an
    empty input, binary content, an unsupported extension (an error for a file
    named explicitly, a notice for one found in a folder), a single-article
    file larger than ``max_bytes`` (JSONL and CSV are limited per record).
    """
    if size == 0:
        return IngestProblem(name, "empty file")
    what = sniff_binary(head, load_signatures(config.signatures))
    if what:
        return IngestProblem(name, f"not a text file ({what})")
    fmt = config.format_of(name)
    if fmt is None:
        suffix = PurePosixPath(name).suffix or "(none)"
        known = ", ".join(sorted(config.extensions))
        return IngestProblem(name, f"unsupported file type {suffix}; skipped (supported: {known})", ERROR if explicit else NOTICE)
    if fmt not in STREAMED_FORMATS and size > max_bytes:
        return IngestProblem(name, f"too large ({size_text(size)}, limit {size_text(max_bytes)})")
    return fmt


def _codec_name(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding).name if encoding else None
    except LookupError:
        return None


def article_drafts(data: bytes, fmt: str, *, name: str, path: str, config: IngestConfig) -> list[Draft | IngestProblem]:
    """The draft of a single-article input (``text`` or ``html``) and its notices, or its problem."""
    out: list[Draft | IngestProblem] = []
    declared = declared_charset(data) if fmt == "html" else None
    try:
        decoded = decode_bytes(data, declared, load_signatures(config.signatures))
    except NotText as err:
        return [IngestProblem(name, str(err))]
    if not decoded.text.strip():
        return [IngestProblem(name, "empty file (whitespace only)")]
    if decoded.fallback and decoded.encoding != _codec_name(declared):
        out.append(IngestProblem(name, f"not UTF-8; decoded as {encoding_name(decoded.encoding)}", NOTICE))
    if fmt == "html":
        article = extract_html(decoded.text, rules=load_meta_rules(config.html_meta), prune=load_prune_xpaths(config.html_prune))
        if not article.text.strip():
            return [*out, IngestProblem(name, "no article text found in the HTML page")]
        text = normalize_newlines(article.text)
        fields: dict[str, Any] = {
            "title": article.title,
            "author": article.author,
            "publisher": article.publisher,
            "url": article.url,
            "published": article.published,
        }
    else:
        front, text = split_front_matter(decoded.text)
        fields = canonical_record(front, config)
        fields.pop("text", None)
        if not text.strip():
            return [*out, IngestProblem(name, "no text after the front matter")]
    out.append(Draft(text=text, fields=fields, id_hint=stem_slug(name), name=name, path=path))
    return out


def iter_record_drafts(
    f: BinaryIO, fmt: str, *, name: str, path: str, config: IngestConfig, max_bytes: int
) -> Iterator[Draft | IngestProblem]:
    """Drafts from a JSONL or CSV stream, one record at a time."""
    reader = iter_jsonl if fmt == "jsonl" else iter_csv
    unit = "line" if fmt == "jsonl" else "row"
    stem = stem_slug(name)
    for item in reader(f, config, max_bytes):
        if isinstance(item, RecordProblem):
            yield IngestProblem(name, item.message, item.level, item.line, unit)
        else:
            yield Draft(
                text=item.fields["text"],
                fields=item.fields,
                id_hint=f"{stem}-{item.line}",
                name=name,
                path=path,
                line=item.line,
                unit=unit,
            )


def _cannot_read(name: str, err: OSError) -> IngestProblem:
    return IngestProblem(name, f"cannot read ({err.strerror or err})")


def read_file(file: str, explicit: bool, config: IngestConfig, max_bytes: int) -> list[Draft | IngestProblem] | Stream:
    """Read one file: its drafts and problems, or :class:`Stream` for a JSONL/CSV file.

    The file's size is checked before its content is read, so an oversized
    file costs one ``stat`` and one small read. ``explicit`` says the user
    named the file (rather than a folder holding it).
    """
    try:
        st = os.stat(file)
        if not stat.S_ISREG(st.st_mode):
            return [IngestProblem(file, "not a regular file")]
        with open(file, "rb") as f:
            head = f.read(SNIFF_BYTES)
            fmt = check_head(head, st.st_size, file, config, max_bytes, explicit)
            if isinstance(fmt, IngestProblem):
                return [fmt]
            if fmt in STREAMED_FORMATS:
                return Stream(fmt)
            data = head + f.read(max_bytes + 1 - len(head))
    except OSError as err:
        return [_cannot_read(file, err)]
    if len(data) > max_bytes:  # the file grew after it was measured
        return [IngestProblem(file, f"too large (over {size_text(max_bytes)})")]
    return article_drafts(data, fmt, name=file, path=file, config=config)


def stream_file(file: str, fmt: str, config: IngestConfig, max_bytes: int) -> Iterator[Draft | IngestProblem]:
    """Drafts of a JSONL or CSV file on disk, streamed."""
    try:
        with open(file, "rb") as f:
            yield from iter_record_drafts(f, fmt, name=file, path=file, config=config, max_bytes=max_bytes)
    except OSError as err:
        yield _cannot_read(file, err)


def read_bytes(name: str, data: bytes, config: IngestConfig, max_bytes: int) -> Iterator[Draft | IngestProblem]:
    """Drafts of an uploaded input; ``name`` gives only its format and id hint."""
    fmt = check_head(data[:SNIFF_BYTES], len(data), name, config, max_bytes, explicit=True)
    if isinstance(fmt, IngestProblem):
        yield fmt
    elif fmt in STREAMED_FORMATS:
        yield from iter_record_drafts(io.BytesIO(data), fmt, name=name, path="", config=config, max_bytes=max_bytes)
    else:
        yield from article_drafts(data, fmt, name=name, path="", config=config)


#: Entries of one folder sorted in memory; a folder with more is sorted in a temporary SQLite file.
SPILL_ENTRIES = 20_000


def walk(root: Path, config: IngestConfig, seen: set[str] | None = None) -> Iterator[Path]:
    """Files under ``root`` in sorted, deterministic order; hidden entries and manifests left out.

    Symbolic links to folders are followed once (a link back to a parent is not a loop).
    A folder of millions of files is sorted on disk (:func:`sorted_entries`).
    """
    seen = set() if seen is None else seen
    real = os.path.realpath(root)
    if real in seen:
        return
    seen.add(real)
    for name, is_dir in sorted_entries(root):
        p = root / name
        if is_dir:
            yield from walk(p, config, seen)
        elif name.lower() not in config.manifest_names:
            yield p


def sorted_entries(folder: Path, spill: int | None = None) -> Iterator[tuple[str, bool]]:
    """``(name, is a folder)`` of each entry of ``folder`` not hidden, by name (code point order).

    Up to ``spill`` entries (default :data:`SPILL_ENTRIES`) are sorted in
    memory; past that, all go to a temporary SQLite file (deleted at the end)
    and come back a page at a time, in the same order: names are stored as
    UTF-8 (surrogates kept), whose byte order is the order of code points.
    """
    spill = SPILL_ENTRIES if spill is None else spill
    kept: list[tuple[str, bool]] = []
    conn = None
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith("."):
                    continue
                kept.append((e.name, e.is_dir(follow_symlinks=True)))
                if len(kept) >= spill:
                    if conn is None:
                        conn = sqlite3.connect("")  # "": a private temporary file, deleted when closed
                        conn.execute("CREATE TABLE entries (name BLOB PRIMARY KEY, is_dir INTEGER) WITHOUT ROWID")
                    _insert_entries(conn, kept)
        if conn is None:
            kept.sort()
            yield from kept
            return
        _insert_entries(conn, kept)
        last = b""
        while True:
            page = conn.execute("SELECT name, is_dir FROM entries WHERE name > ? ORDER BY name LIMIT 1000",
                                (last,)).fetchall()
            if not page:
                return
            last = page[-1][0]
            for name, is_dir in page:
                yield name.decode("utf-8", "surrogatepass"), bool(is_dir)
    finally:
        if conn is not None:
            conn.close()


def _insert_entries(conn: sqlite3.Connection, entries: list[tuple[str, bool]]) -> None:
    """Move ``entries`` into the table of :func:`sorted_entries` (emptying the list)."""
    conn.executemany("INSERT INTO entries VALUES (?, ?)", [(n.encode("utf-8", "surrogatepass"), d) for n, d in entries])
    entries.clear()
