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
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .ingest_decode import NotText, decode_bytes
from .ingest_fields import METADATA_FIELDS, IngestConfig, as_text, normalize_date


@dataclass(frozen=True)
class ManifestEntry:
    """One manifest row: its row number and the metadata it gives (non-empty only)."""

    row: int
    fields: dict[str, str]


@dataclass
class Manifest:
    """Manifest rows keyed by file, plus problems found while reading it."""

    path: Path
    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # (row, message, level)
    _by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def lookup(self, file: str | Path) -> ManifestEntry | None:
        """The entry for ``file``: by its path relative to the manifest, else by its name."""
        file = Path(file)
        try:
            rel = file.resolve().relative_to(self.path.resolve().parent).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel in self.entries:
            return self.entries[rel]
        keys = self._by_name.get(file.name, [])
        return self.entries[keys[0]] if len(keys) == 1 else None


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
        if key in manifest.entries:
            manifest.problems.append((row_number, f"{key} is listed twice; row {manifest.entries[key].row} kept", "notice"))
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
        kept = {k: v for k, v in values.items() if k in METADATA_FIELDS}
        manifest.entries[key] = ManifestEntry(row_number, kept)
        manifest._by_name.setdefault(PurePosixPath(key).name, []).append(key)
    return manifest
