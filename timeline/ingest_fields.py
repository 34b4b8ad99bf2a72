"""Metadata fields of an article: names, dates, ids and front matter.

Field names accepted in manifests, JSONL/CSV records and front matter are
read from ``resources/ingest/ingest.json`` (``fields``: canonical name ->
accepted spellings), as are the file extensions and their formats. A user can
pass extra JSON files with the same keys; their entries extend the packaged ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

METADATA_FIELDS = ("id", "title", "publisher", "author", "url", "published")


@dataclass(frozen=True)
class IngestConfig:
    """Formats by extension, field spellings, manifest names, date languages."""

    extensions: Mapping[str, str]
    field_aliases: Mapping[str, str]  # lower-cased spelling -> canonical field
    manifest_names: frozenset[str]
    date_languages: tuple[str, ...]
    html_meta: tuple[str, ...] = ()  # extra metadata rule CSVs (see timeline.ingest_html)
    html_prune: tuple[str, ...] = ()  # extra files of XPath expressions to prune
    signatures: tuple[str, ...] = ()  # extra binary signature CSVs (see timeline.ingest_decode)

    def format_of(self, name: str) -> str | None:
        """The format (``text``, ``html``, ``jsonl``, ``csv``) of a file name, or None."""
        suffix = Path(name).suffix.lower()
        return self.extensions.get(suffix)

    def canonical(self, key: str) -> str | None:
        """The canonical field a key names (``Headline`` -> ``title``), or None."""
        return self.field_aliases.get(key.strip().lower())


def load_config(
    extra: tuple[str | Path, ...] = (),
    *,
    html_meta: tuple[str | Path, ...] = (),
    html_prune: tuple[str | Path, ...] = (),
    signatures: tuple[str | Path, ...] = (),
) -> IngestConfig:
    """The packaged configuration extended with the user's resource files.

    ``extra``: JSON files with the keys of ``ingest.json``; ``html_meta``: CSV
    files of HTML metadata rules (``field,source,key``), tried before the
    packaged ones; ``html_prune``: text files of XPath expressions of page
    furniture; ``signatures``: CSV files of binary magic numbers
    (``magic_hex,name``).
    """
    return _load_config(
        tuple(map(str, extra)),
        tuple(map(str, html_meta)),
        tuple(map(str, html_prune)),
        tuple(map(str, signatures)),
    )


@lru_cache(maxsize=8)
def _load_config(extra: tuple[str, ...], html_meta: tuple[str, ...], html_prune: tuple[str, ...], signatures: tuple[str, ...]) -> IngestConfig:
    packaged = Path(str(resources.files("timeline") / "resources" / "ingest" / "ingest.json"))
    extensions: dict[str, str] = {}
    aliases: dict[str, str] = {}
    manifests: set[str] = set()
    languages: list[str] = []
    for path in (packaged, *map(Path, extra)):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        for ext, fmt in data.get("extensions", {}).items():
            extensions[ext.lower() if ext.startswith(".") else "." + ext.lower()] = fmt
        for field, spellings in data.get("fields", {}).items():
            for s in [field, *spellings]:
                aliases[s.lower()] = field
        manifests.update(n.lower() for n in data.get("manifest_names", []))
        languages.extend(lang for lang in data.get("date_languages", []) if lang not in languages)
    return IngestConfig(extensions, aliases, frozenset(manifests), tuple(languages), html_meta, html_prune, signatures)


def canonical_record(record: Mapping[str, Any], config: IngestConfig) -> dict[str, Any]:
    """Rename a record's keys to canonical fields; unknown keys are dropped.

    When two spellings of one field are present the first non-blank one wins.
    """
    out: dict[str, Any] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        field = config.canonical(key)
        if field is None or value is None:
            continue
        if field not in out or _blank(out[field]):
            out[field] = value
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A metadata value as one line of text (lists joined with ``, ``)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (as_text(v) for v in value) if t)
    if isinstance(value, dict):
        return as_text(value.get("name", ""))
    return " ".join(str(value).split())


_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def normalize_date(value: Any, languages: tuple[str, ...] = ("en",)) -> str | None:
    """A publication date as ISO ``YYYY-MM-DD``, or None if it cannot be read.

    ISO dates and timestamps keep the calendar day as written (the publisher's
    local day, no time-zone conversion). Other spellings (``27 Aug 2021``,
    ``Fri, 27 Aug 2021 15:12:00 GMT``) are parsed with dateparser and must name
    a day, a month and a year.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    m = _ISO.match(s) or _COMPACT.match(s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    if not re.search(r"\d{4}", s):
        return None
    import dateparser  # imported here: slow to import, needed only for unusual spellings

    parsed = dateparser.parse(
        s,
        languages=list(languages) or None,
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed else None


def slugify(text: str, default: str = "doc") -> str:
    """A lower-case ASCII id fragment: letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or default


_FRONT_KEY = re.compile(r"^([A-Za-z_][\w\- ]*?)\s*:\s*(.*?)\s*$")
_FENCES = ("---", "...")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``---`` front-matter block from ``text``.

    Returns ``(fields, body)``. The block is the text between a first line
    ``---`` and the next line ``---`` (or ``...``); every non-blank line in it
    must be ``key: value`` (``#`` comments allowed), otherwise the text has no
    front matter and is returned whole. Values lose surrounding quotes. The
    body starts right after the closing line, so offsets into it are offsets
    into the document text.
    """
    if not text.startswith("---\n"):
        return {}, text
    fields: dict[str, str] = {}
    pos = 4
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip() in _FENCES:
            body = "" if end < 0 else text[end + 1 :]
            return fields, body
        if end < 0:
            return {}, text
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            m = _FRONT_KEY.match(line)
            if not m:
                return {}, text
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields.setdefault(m.group(1).strip(), value)
        pos = end + 1
