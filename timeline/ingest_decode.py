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
import io
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
    raise _undecodable(data[first_error.start], first_error.start)


def _undecodable(byte: int, offset: int) -> NotText:
    return NotText(f"cannot decode: neither UTF-8 nor Windows-1252 (invalid byte 0x{byte:02x} at offset {offset})")


def _first_invalid(path: Path, encoding: str, block: int) -> int | None:
    """The offset of the first byte of ``path`` that ``encoding`` cannot decode, or None when all decode."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open(path, "rb") as f:
        while True:
            data = f.read(block)
            pending = len(decoder.getstate()[0])  # bytes of the previous block the decoder still holds
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError as err:
                return offset - pending + err.start
            if not data:
                return None
            offset += len(data)


def open_text(path: str | Path, block: int = 1 << 20) -> tuple[io.TextIOWrapper, str]:
    """Open a text file of any size for reading as a stream: ``(stream, encoding)``.

    The encoding is chosen as :func:`decode_bytes` chooses it (UTF-16 with a
    byte-order mark, else UTF-8, else Windows-1252), checking the whole file a
    block at a time; the stream drops a byte-order mark and leaves line endings
    as they are (``newline=""``, as :mod:`csv` wants). Raises :class:`NotText`
    for binary or undecodable content and ``OSError`` when the file cannot be read.
    """
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    what = sniff_binary(head)
    if what:
        raise NotText(f"not a text file ({what})")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        if _first_invalid(path, encoding, block) is not None:
            raise NotText("not a text file (invalid UTF-16)")
    else:
        bad = _first_invalid(path, "utf-8", block)
        encoding = "utf-8-sig"
        if bad is not None:
            if _first_invalid(path, FALLBACK_ENCODING, block) is not None:
                with open(path, "rb") as f:
                    f.seek(bad)
                    byte = f.read(1)
                raise _undecodable(byte[0] if byte else 0, bad)
            encoding = FALLBACK_ENCODING
    stream = open(path, encoding=encoding, newline="")
    try:
        sample = stream.read(SNIFF_BYTES)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    if _looks_binary(sample):
        stream.close()
        raise NotText("not a text file (binary content)")
    return stream, "utf-8" if encoding == "utf-8-sig" else encoding


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
