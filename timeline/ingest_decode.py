"""Turning raw bytes into article text: binary sniffing and character decoding.

Text is decoded as UTF-8 (a byte-order mark is removed). Bytes that are not
valid UTF-8 are decoded with a declared charset when the caller knows one (an
HTML ``<meta charset>``), then as Windows-1252, the encoding of most legacy
Western news text. Content that none of these decode, or that looks like a
binary file (known magic numbers from ``resources/ingest/binary_signatures.csv``,
NUL bytes, many control characters), raises :class:`NotText`. Line endings are
normalized to ``\\n``.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

SNIFF_BYTES = 8192
FALLBACK_ENCODING = "cp1252"
# Share of control characters (other than tab, newline, carriage return and
# form feed) above which decoded content is treated as binary.
MAX_CONTROL_SHARE = 0.02

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The content is not text this project can read; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding it was read with."""

    text: str
    encoding: str

    @property
    def fallback(self) -> bool:
        """True when the bytes were not UTF-8 and another encoding was used."""
        return self.encoding not in ("utf-8", "utf-16")


def _resource_path(name: str) -> Path:
    return Path(str(resources.files("timeline") / "resources" / "ingest" / name))


@lru_cache(maxsize=8)
def load_signatures(extra: tuple[str, ...] = ()) -> tuple[tuple[bytes, str], ...]:
    """Magic numbers of binary formats: the packaged table plus ``extra`` CSV files.

    Each file has the columns ``magic_hex,name``.
    """
    out: list[tuple[bytes, str]] = []
    for path in (_resource_path("binary_signatures.csv"), *map(Path, extra)):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out.append((bytes.fromhex(row["magic_hex"].strip()), row["name"].strip()))
    # Longest signatures first so the most specific name wins.
    out.sort(key=lambda s: -len(s[0]))
    return tuple(out)


def sniff_binary(head: bytes, signatures: Iterable[tuple[bytes, str]] | None = None) -> str | None:
    """Describe ``head`` (the first bytes of a file) if it is binary, else None.

    A UTF-16 byte-order mark counts as text. The description is short, e.g.
    ``"PNG image"`` or ``"binary content"``.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, name in signatures if signatures is not None else load_signatures():
        if head.startswith(magic):
            return name
    if b"\x00" in head[:SNIFF_BYTES]:
        return "binary content"
    return None


def normalize_newlines(text: str) -> str:
    """Convert ``\\r\\n`` and lone ``\\r`` line endings to ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE


def decode_bytes(
    data: bytes, declared: str | None = None, signatures: Iterable[tuple[bytes, str]] | None = None
) -> Decoded:
    """Decode ``data`` to text with ``\\n`` line endings and no byte-order mark.

    ``declared`` is an encoding the container names (HTML ``charset``); it is
    tried after UTF-8. ``signatures`` are the binary magic numbers to check
    (default: :func:`load_signatures`). Raises :class:`NotText` for binary or
    undecodable data.
    """
    what = sniff_binary(data[:SNIFF_BYTES], signatures)
    if what:
        raise NotText(f"not a text file ({what})")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise NotText("not a text file (invalid UTF-16)") from None
    else:
        text, encoding = _decode_8bit(data, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_binary(text):
        raise NotText("not a text file (binary content)")
    return Decoded(normalize_newlines(text), encoding)


def _decode_8bit(data: bytes, declared: str | None) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_error = err
    candidates = []
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = None
        if name and name not in ("utf-8", "utf-8-sig"):
            candidates.append(name)
    if FALLBACK_ENCODING not in candidates:
        candidates.append(FALLBACK_ENCODING)
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise NotText(
        "cannot decode: neither UTF-8 nor Windows-1252 "
        f"(invalid byte 0x{data[first_error.start]:02x} at offset {first_error.start})"
    )


def decode_line(line: bytes) -> tuple[str, str]:
    """Decode one line of a line-oriented file (JSONL, CSV): UTF-8, else Windows-1252.

    Returns ``(text, encoding)``; raises :class:`NotText` if neither decodes.
    """
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return line.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
    except UnicodeDecodeError:
        raise NotText("cannot decode: neither UTF-8 nor Windows-1252") from None


def encoding_name(encoding: str) -> str:
    """A readable name for a Python codec name."""
    return {"cp1252": "Windows-1252", "utf-8": "UTF-8", "utf-16": "UTF-16"}.get(encoding, encoding)
