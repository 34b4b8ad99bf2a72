"""Manifests: a CSV giving each article file's id and metadata.

Columns ``file,id,title,publisher,author,url,published`` (other spellings from
``resources/ingest/ingest.json`` are accepted, e.g. ``doc_id``; extra columns
are ignored). ``file`` is a path relative to the manifest's folder or a bare
file name. A manifest applies to files that hold one article (text, Markdown,
HTML); JSONL and CSV records carry their own metadata.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .ingest_decode import NotText, open_text
from .ingest_fields import METADATA_FIELDS, IngestConfig, as_text, normalize_date

#: Rows a manifest keeps in memory; past this many, its rows move to a temporary SQLite file (deleted with it).
SPILL_ROWS = 20_000
#: Problems listed for one manifest's rows; past this many, one notice counts the rest.
MAX_ROW_PROBLEMS = 1_000


@dataclass(frozen=True)
class ManifestEntry:
    """One manifest row: its row number and the metadata it gives (non-empty only)."""

    row: int
    fields: dict[str, str]


class _DiskMap:
    """A dict of text keys to JSON values in a table of a temporary SQLite database, in insertion order.

    Writes wait in memory (at most ``flush_at`` of them) and go in together.
    """

    def __init__(self, conn: sqlite3.Connection, table: str, flush_at: int = 10_000) -> None:
        self.conn, self.table, self.flush_at = conn, table, flush_at
        conn.execute(f"CREATE TABLE {table} (n INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT)")
        self._pending: dict[str, object] = {}
        self._len: int | None = 0  # None: to count

    def _flush(self) -> None:
        if self._pending:
            self.conn.executemany(
                f"INSERT INTO {self.table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(k, json.dumps(v)) for k, v in self._pending.items()])
            self._pending.clear()

    def __setitem__(self, key: str, value) -> None:
        self._len = None
        self._pending[key] = value
        if len(self._pending) >= self.flush_at:
            self._flush()

    def get(self, key: str, default=None):
        if key in self._pending:
            return self._pending[key]
        row = self.conn.execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def __contains__(self, key: object) -> bool:
        if key in self._pending:
            return True
        return self.conn.execute(f"SELECT 1 FROM {self.table} WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        if self._len is None:
            self._flush()
            self._len = self.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0]
        return self._len

    def __iter__(self) -> Iterator[str]:
        self._flush()
        last = 0
        while True:  # a page at a time: the table may hold millions of rows
            page = self.conn.execute(f"SELECT n, key FROM {self.table} WHERE n > ? ORDER BY n LIMIT 1000",
                                     (last,)).fetchall()
            if not page:
                return
            last = page[-1][0]
            for _, key in page:
                yield key


_MISSING = object()


@dataclass
class Manifest:
    """Manifest rows keyed by file, plus problems found while reading it.

    A manifest may list millions of files: each row is kept as a tuple (its
    number and fields), made a :class:`ManifestEntry` only when looked up, and
    a file's name is indexed apart only when the file is in a subfolder or its
    name is not unique. Past ``spill_rows`` rows, rows and names move to a
    temporary SQLite file, so memory stays flat.
    """

    path: Path
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # (row, message, level)
    _rows: dict[str, tuple] = field(default_factory=dict, repr=False)
    # names of files in subfolders (-> their key), and names of several files (-> None)
    _by_name: dict[str, str | None] = field(default_factory=dict, repr=False)
    spill_rows: int = SPILL_ROWS
    _disk: sqlite3.Connection | None = field(default=None, repr=False)
    _folder: Path | None = field(default=None, repr=False, compare=False)  # the manifest's folder, resolved on first lookup

    @property
    def on_disk(self) -> bool:
        """Whether the rows are in a temporary file rather than in memory."""
        return self._disk is not None

    def _spill(self) -> None:
        conn = sqlite3.connect("", check_same_thread=False)  # "": a private temporary file, deleted when closed
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        rows, by_name = _DiskMap(conn, "rows"), _DiskMap(conn, "names")
        for key, value in self._rows.items():
            rows[key] = value
        for name, key in self._by_name.items():
            by_name[name] = key
        self._rows, self._by_name, self._disk = rows, by_name, conn

    def close(self) -> None:
        """Let the rows go (and delete their temporary file, if any)."""
        if self._disk is not None:
            self._disk.close()
            self._disk = None
        self._rows, self._by_name = {}, {}

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def add(self, key: str, entry: ManifestEntry) -> None:
        """Keep ``entry`` as the row of file ``key`` (relative to the manifest's folder, as ``_key`` writes it)."""
        self._rows[key] = (entry.row, *(entry.fields.get(f, "") for f in METADATA_FIELDS))
        name = key.rsplit("/", 1)[-1]
        if name in self._by_name or (name != key and name in self._rows):
            self._by_name[name] = None  # two files of that name
        elif name != key:
            self._by_name[name] = key
        if self._disk is None and len(self._rows) > self.spill_rows:
            self._spill()

    def entry(self, key: str) -> ManifestEntry | None:
        """The row of file ``key``, as listed (relative to the manifest's folder)."""
        kept = self._rows.get(key)
        if kept is None:
            return None
        row, *values = kept
        return ManifestEntry(row, {f: v for f, v in zip(METADATA_FIELDS, values) if v})

    def entries(self) -> Iterator[tuple[str, ManifestEntry]]:
        """Every row, by file, in the manifest's order."""
        for key in self._rows:
            yield key, self.entry(key)

    def lookup(self, file: str | Path) -> ManifestEntry | None:
        """The entry for ``file``: by its path relative to the manifest, else by its name (when one row has it)."""
        file = Path(file)
        if self._folder is None:
            self._folder = self.path.resolve().parent
        try:
            rel = file.resolve().relative_to(self._folder).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel in self._rows:
            return self.entry(rel)
        name = file.name
        key = self._by_name.get(name, _MISSING)
        if key is _MISSING:
            key = name if name in self._rows else None
        return None if key is None else self.entry(key)


def _key(value: str) -> str:
    """A manifest's file name as a POSIX path with no empty or ``.`` parts (``./a//b/`` -> ``a/b``)."""
    value = value.strip().replace("\\", "/")
    if not value:
        return ""
    if "//" not in value and "/./" not in value and not value.startswith("./") and not value.endswith(("/", "/.")):
        return value  # already as PurePosixPath writes it
    return PurePosixPath(value).as_posix()


def load_manifest(path: str | Path, config: IngestConfig, check_files: bool = True,
                  spill_rows: int = SPILL_ROWS) -> Manifest:
    """Read a manifest. Problems (unreadable file, bad rows) are kept in ``problems``.

    A row whose ``published`` cannot be read keeps its other fields and gets a
    notice; with ``check_files``, a row naming a file that does not exist beside
    the manifest gets a notice; a file named twice keeps its first row. The
    file is read as a stream, and past ``spill_rows`` rows the manifest keeps
    them in a temporary file; at most ``MAX_ROW_PROBLEMS`` row problems are
    listed, and one more notice counts the others.
    """
    path = Path(path)
    manifest = Manifest(path, spill_rows=spill_rows)
    try:
        stream, _ = open_text(path)
    except OSError as err:
        manifest.problems.append((None, f"cannot read manifest ({err.strerror or err})", "error"))
        return manifest
    except NotText as err:
        manifest.problems.append((None, str(err), "error"))
        return manifest
    with stream:
        try:
            _read_rows(csv.DictReader(stream), manifest, config, check_files)
        except (OSError, UnicodeError, csv.Error) as err:
            manifest.close()
            manifest.problems[:] = [(None, f"cannot read manifest ({err})", "error")]
    return manifest


def _read_rows(reader: csv.DictReader, manifest: Manifest, config: IngestConfig, check_files: bool) -> None:
    path = manifest.path
    columns = {name: config.canonical(name) for name in reader.fieldnames or []}
    if "file" not in columns.values():
        manifest.problems.append((1, "manifest has no 'file' column", "error"))
        return
    problems = _RowProblems(manifest.problems)
    for row_number, row in enumerate(reader, start=2):
        values: dict[str, str] = {}
        for name, canonical in columns.items():
            if canonical and canonical not in values:
                value = as_text(row.get(name))
                if value:
                    values[canonical] = value
        key = _key(values.pop("file", ""))
        if not key:
            if values:
                problems.add(row_number, "row has no file name; ignored")
            continue
        if key in manifest:
            problems.add(row_number, f"{key} is listed twice; row {manifest.entry(key).row} kept")
            continue
        if "published" in values:
            iso = normalize_date(values["published"], config.date_languages)
            if iso is None:
                problems.add(row_number, f"unreadable published date {values['published']!r}; ignored")
                del values["published"]
            else:
                values["published"] = iso
        if check_files and not (path.parent / key).exists():
            problems.add(row_number, f"no such file: {key}")
        manifest.add(key, ManifestEntry(row_number, {k: v for k, v in values.items() if k in METADATA_FIELDS}))
    problems.close()


class _RowProblems:
    """Notices about rows, listed up to ``MAX_ROW_PROBLEMS``; the rest are counted in one last notice."""

    def __init__(self, out: list) -> None:
        self.out, self.left_out = out, 0

    def add(self, row: int, message: str) -> None:
        if len(self.out) < MAX_ROW_PROBLEMS:
            self.out.append((row, message, "notice"))
        else:
            self.left_out += 1

    def close(self) -> None:
        if self.left_out:
            self.out.append((None, f"{self.left_out} more row problem(s) not listed", "notice"))
