"""The document: one article's text and what is known about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def content_hash(text: str) -> str:
    """SHA-256 of the text with line endings and outer whitespace normalized.

    The same article ingested twice (another file name, CRLF line endings)
    gets the same hash, so it is recognized as one document.
    """
    norm = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass
class Document:
    """An article ready for extraction.

    ``published`` is the document creation time (DCT) as ISO ``YYYY-MM-DD`` or
    None when unknown. ``published_source`` says where it came from: ``flag``
    (the user said so), ``manifest``, ``file`` (HTML meta tags, front matter,
    JSONL/CSV field), ``inferred`` (from the text; see ``published_confidence``).
    """

    id: str
    text: str
    title: str = ""
    publisher: str = ""
    author: str = ""
    url: str = ""
    published: str | None = None
    published_source: str = ""
    published_confidence: float | None = None
    path: str = ""
    hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text)
