"""Streaming readers for files that hold many articles: JSON Lines and CSV.

Both read a binary file object line by line, so a corpus of any size is never
held in memory; only one record at a time is. Each yields ``Record`` (its
line number and its fields under canonical names, see
:mod:`timeline.ingest_fields`) or ``RecordProblem`` (a bad line or row) and
goes on with the next one. Only the ``text`` field is required. Lines that are
not UTF-8 are decoded as Windows-1252 and reported once per file as a notice.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Iterator

from .ingest_decode import NotText, decode_line, normalize_newlines
from .ingest_fields import IngestConfig, canonical_record

# JSON may spell UTF-16 surrogate halves (a lone \ud800 escape) that no encoder accepts.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Record:
    """One article's fields (canonical names) and the line it starts on."""

    line: int
    fields: dict[str, Any]


@dataclass(frozen=True)
class RecordProblem:
    """A line or row that could not be read, or a notice about the file."""

    line: int
    message: str
    level: str = "error"


@dataclass
class _Lines:
    """Physical lines of a binary file, decoded, with bookkeeping."""

    f: BinaryIO
    max_bytes: int
    count: int = 0
    fallback_lines: list[int] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    long_lines: set[int] = field(default_factory=set)

    def raw(self) -> Iterator[tuple[int, bytes | None]]:
        """``(line number, bytes)``; bytes is None for a line over ``max_bytes``."""
        while True:
            raw = self.f.readline(self.max_bytes + 1)
            if not raw:
                return
            self.count += 1
            if self.count == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if len(raw) > self.max_bytes and not raw.endswith(b"\n"):
                while True:  # skip the rest of the over-long line without keeping it
                    chunk = self.f.readline(1 << 20)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                self.long_lines.add(self.count)
                yield self.count, None
                continue
            yield self.count, raw

    def decode(self, n: int, raw: bytes) -> str:
        try:
            text, enc = decode_line(raw)
        except NotText:
            self.bad_lines.add(n)
            return raw.decode("utf-8", "replace")
        if enc != "utf-8":
            self.fallback_lines.append(n)
        return text

    def text(self) -> Iterator[str]:
        """Decoded lines, for the csv module (over-long lines become empty lines)."""
        for n, raw in self.raw():
            yield "\n" if raw is None else self.decode(n, raw)

    def fallback_notice(self) -> RecordProblem | None:
        if not self.fallback_lines:
            return None
        first = self.fallback_lines[0]
        more = len(self.fallback_lines) - 1
        extra = f" and {more} more" if more else ""
        return RecordProblem(first, f"not UTF-8; line {first}{extra} decoded as Windows-1252", "notice")


def _check_text(fields: dict[str, Any], max_bytes: int) -> str | None:
    """Why a record's text is unusable, or None if it is fine."""
    if "text" not in fields:
        return "no 'text' field"
    text = fields["text"]
    if not isinstance(text, str):
        return f"'text' is not a string ({type(text).__name__})"
    if not text.strip():
        return "empty text"
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return f"text too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB)"
    return None


def iter_jsonl(f: BinaryIO, config: IngestConfig, max_bytes: int) -> Iterator[Record | RecordProblem]:
    """Articles from a JSON Lines file: one JSON object per line, blank lines skipped."""
    lines = _Lines(f, max_bytes)
    for n, raw in lines.raw():
        if raw is None:
            yield RecordProblem(n, f"line too large (over {max_bytes / 1e6:.1f} MB)")
            continue
        text = lines.decode(n, raw)
        if n in lines.bad_lines:
            yield RecordProblem(n, "cannot decode: neither UTF-8 nor Windows-1252")
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as err:
            yield RecordProblem(n, f"invalid JSON ({err.msg.removesuffix(' at')} at column {err.colno})")
            continue
        if not isinstance(obj, dict):
            yield RecordProblem(n, f"not a JSON object (got {type(obj).__name__})")
            continue
        fields = canonical_record(obj, config)
        replaced = False
        for key, value in fields.items():
            if isinstance(value, str) and _SURROGATE.search(value):
                fields[key] = _SURROGATE.sub("\ufffd", value)
                replaced = True
        why = _check_text(fields, max_bytes)
        if why:
            yield RecordProblem(n, why)
            continue
        if replaced:
            yield RecordProblem(n, "invalid \\u escapes (lone surrogates) replaced by U+FFFD", "notice")
        fields["text"] = normalize_newlines(fields["text"])
        yield Record(n, fields)
    notice = lines.fallback_notice()
    if notice:
        yield notice


def iter_csv(f: BinaryIO, config: IngestConfig, max_bytes: int) -> Iterator[Record | RecordProblem]:
    """Articles from a CSV file with a header row; ``line`` is the row's spreadsheet row number."""
    if csv.field_size_limit() < max_bytes + 1:
        csv.field_size_limit(min(sys.maxsize, max_bytes + 1))
    lines = _Lines(f, max_bytes)
    reader = csv.reader(lines.text())
    try:
        header = next(reader)
    except StopIteration:
        yield RecordProblem(1, "empty file")
        return
    except csv.Error as err:
        yield RecordProblem(1, f"unreadable header ({err})")
        return
    columns = [config.canonical(h) for h in header]
    if "text" not in columns:
        shown = ", ".join(h for h in header if h) or "none"
        yield RecordProblem(1, f"no 'text' column (columns: {shown})")
        return
    while True:
        start = lines.count + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            yield RecordProblem(start, f"unreadable row ({err})")
            continue
        end = lines.count
        if not any(cell.strip() for cell in row):
            continue
        if lines.long_lines.intersection(range(start, end + 1)):
            yield RecordProblem(start, f"row too large (over {max_bytes / 1e6:.1f} MB)")
            continue
        if lines.bad_lines.intersection(range(start, end + 1)):
            yield RecordProblem(start, "cannot decode: neither UTF-8 nor Windows-1252")
            continue
        raw_fields: dict[str, Any] = {}
        for name, cell in zip(header, row):
            raw_fields.setdefault(name, cell)
        fields = canonical_record(raw_fields, config)
        why = _check_text(fields, max_bytes)
        if why:
            yield RecordProblem(start, why)
            continue
        fields["text"] = normalize_newlines(fields["text"])
        yield Record(start, fields)
    notice = lines.fallback_notice()
    if notice:
        yield notice
