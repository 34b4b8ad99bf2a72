"""Manifests: a CSV giving each article file's id and metadata.

Columns ``file,id,title,publisher,author,url,published`` (other spellings from
``resources/ingest/ingest.json`` are accepted, e.g. ``doc_id``; extra columns
are ignored). ``file`` is a path relative to the manifest's folder or a bare
file name. A manifest applies to files that hold one article (text, Markdown,
HTML); JSONL and CSV records carry their own metadata.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .ingest_decode import NotText, decode_bytes
from .ingest_fields import METADATA_FIELDS, IngestConfig, as_text, normalize_date


@dataclass(frozen=True)
class ManifestEntry:
    """One manifest row: its row number and the metadata it gives (non-empty only)."""

    row: int
    fields: dict[str, str]


_SEP = "\x1f"  # joins a row's number and fields in one string (a row holding this character keeps a tuple)


@dataclass
class Manifest:
    """Manifest rows keyed by file, plus problems found while reading it.

    A manifest may list millions of files: each row is kept as one string
    (its number and fields), made a :class:`ManifestEntry` only when looked
    up, and a file's name is indexed apart only when the file is in a
    subfolder or its name is not unique.
    """

    path: Path
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # (row, message, level)
    _rows: dict[str, str | tuple[str, ...]] = field(default_factory=dict, repr=False)
    # names of files in subfolders (-> their key), and names of several files (-> None)
    _by_name: dict[str, str | None] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def add(self, key: str, entry: ManifestEntry) -> None:
        """Keep ``entry`` as the row of file ``key`` (relative to the manifest's folder, as ``_key`` writes it)."""
        values = (str(entry.row), *(entry.fields.get(f, "") for f in METADATA_FIELDS))
        self._rows[key] = values if any(_SEP in v for v in values) else _SEP.join(values)
        name = key.rsplit("/", 1)[-1]
        if name in self._by_name or (name != key and name in self._rows):
            self._by_name[name] = None  # two files of that name
        elif name != key:
            self._by_name[name] = key

    def entry(self, key: str) -> ManifestEntry | None:
        """The row of file ``key``, as listed (relative to the manifest's folder)."""
        packed = self._rows.get(key)
        if packed is None:
            return None
        row, *values = packed.split(_SEP) if isinstance(packed, str) else packed
        return ManifestEntry(int(row), {f: v for f, v in zip(METADATA_FIELDS, values) if v})

    def entries(self) -> Iterator[tuple[str, ManifestEntry]]:
        """Every row, by file, in the manifest's order."""
        for key in self._rows:
            yield key, self.entry(key)

    def lookup(self, file: str | Path) -> ManifestEntry | None:
        """The entry for ``file``: by its path relative to the manifest, else by its name (when one row has it)."""
        file = Path(file)
        try:
            rel = file.resolve().relative_to(self.path.resolve().parent).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel in self._rows:
            return self.entry(rel)
        name = file.name
        key = self._by_name[name] if name in self._by_name else name if name in self._rows else None
        return None if key is None else self.entry(key)


def _key(value: str) -> str:
    value = value.strip().replace("\\", "/")
    return PurePosixPath(value).as_posix() if value else ""


def load_manifest(path: str | Path, config: IngestConfig, check_files: bool = True) -> Manifest:
    """Read a manifest. Problems (unreadable file, bad rows) are kept in ``problems``.

    A row whose ``published`` cannot be read keeps its other fields and gets a
    notice; with ``check_files``, a row naming a file that does not exist beside
    the manifest gets a notice; a file named twice keeps its first row.
    """
    path = Path(path)
    manifest = Manifest(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        manifest.problems.append((None, f"cannot read manifest ({err.strerror or err})", "error"))
        return manifest
    try:
        text = decode_bytes(data).text
    except NotText as err:
        manifest.problems.append((None, str(err), "error"))
        return manifest
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {name: config.canonical(name) for name in reader.fieldnames or []}
    if "file" not in columns.values():
        manifest.problems.append((1, "manifest has no 'file' column", "error"))
        return manifest
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
                manifest.problems.append((row_number, "row has no file name; ignored", "notice"))
            continue
        if key in manifest:
            manifest.problems.append((row_number, f"{key} is listed twice; row {manifest.entry(key).row} kept", "notice"))
            continue
        if "published" in values:
            iso = normalize_date(values["published"], config.date_languages)
            if iso is None:
                manifest.problems.append((row_number, f"unreadable published date {values['published']!r}; ignored", "notice"))
                del values["published"]
            else:
                values["published"] = iso
        if check_files and not (path.parent / key).exists():
            manifest.problems.append((row_number, f"no such file: {key}", "notice"))
        manifest.add(key, ManifestEntry(row_number, {k: v for k, v in values.items() if k in METADATA_FIELDS}))
    return manifest
