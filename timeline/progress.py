"""A one-line progress bar for long builds, written to stderr.

    with Progress(total=1200) as bar:
        for result in results:
            bar.update(n_bytes=len(result.document.text))

It shows documents done (of the total when known), documents per second,
megabytes per second and the time left. It redraws at most ``max_rate``
times a second and stays silent when the stream is not a terminal (a log
file, a pipe, CI) unless ``force=True``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

#: File extensions that hold many documents, one a line (JSON Lines) or one a row (CSV).
MULTI_DOCUMENT_SUFFIXES = {".jsonl": 0, ".ndjson": 0, ".csv": 1}
#: Names in a directory that describe documents rather than hold one.
NOT_DOCUMENTS = {"manifest.csv"}


def should_show(stream: TextIO, force: bool | None = None) -> bool:
    """Whether to draw: ``force`` wins; otherwise only on an interactive terminal."""
    if force is not None:
        return force
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # closed stream
        return False


def _format_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:d}:{s:02d}"


class Progress:
    """Counts documents and bytes and redraws one status line.

    ``total`` is the expected number of documents, or None when unknown (the
    line then shows no percentage and no time left). ``force`` True draws even
    when ``stream`` is not a terminal; False never draws; None decides by
    ``stream.isatty()``. ``clock`` is the time source (seconds, monotonic).
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        force: bool | None = None,
        max_rate: float = 5.0,
        label: str = "documents",
        clock=time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = should_show(self.stream, force)
        self.min_interval = 1.0 / max_rate if max_rate > 0 else 0.0
        self.label = label
        self.clock = clock
        self.done = 0
        self.bytes = 0
        self.started = clock()
        self._last_draw: float | None = None
        self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def update(self, n: int = 1, n_bytes: int = 0) -> None:
        """Count ``n`` more documents holding ``n_bytes`` bytes of text."""
        self.done += n
        self.bytes += n_bytes
        if not self.enabled:
            return
        now = self.clock()
        if self._last_draw is None or now - self._last_draw >= self.min_interval:
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The status line as it would be drawn now."""
        now = self.clock() if now is None else now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        mb_rate = self.bytes / 1e6 / elapsed
        if self.total:
            pct = min(100.0, 100.0 * self.done / self.total)
            left = (self.total - self.done) / rate if rate > 0 and self.done < self.total else 0.0
            eta = _format_duration(left) if rate > 0 else "?"
            return (f"{self.done}/{self.total} {self.label} ({pct:.0f}%) | {rate:.1f} docs/s | "
                    f"{mb_rate:.2f} MB/s | {_format_duration(elapsed)} elapsed, {eta} left")
        return (f"{self.done} {self.label} | {rate:.1f} docs/s | {mb_rate:.2f} MB/s | "
                f"{_format_duration(elapsed)} elapsed")

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = " " * max(0, self._width - len(text))
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._width = len(text)
        self._last_draw = now

    def close(self) -> None:
        """Draw the final figures and end the line."""
        if not self.enabled:
            return
        self._draw(self.clock())
        self.stream.write("\n")
        self.stream.flush()
        self.enabled = False


def count_documents(paths: Iterable[str | os.PathLike]) -> int:
    """A quick count of the documents under ``paths``, for the progress total.

    A file counts as one document, a JSON Lines file as its non-empty lines and
    a CSV file as its rows after the header. Directories are walked; hidden
    files and manifests are skipped. Nothing is parsed, so the count is an
    estimate when a file turns out unreadable or a CSV field spans lines.
    """
    from timeline.ingest_fields import load_config
    from timeline.ingest_files import walk

    config = load_config()
    n = 0
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                n += sum(_count_file(f) for f in walk(path, config))  # the files a run reads, as it reads them
            elif path.is_file():
                n += _count_file(path)
        except OSError:
            continue  # an unreadable folder counts what was read of it (the count is an estimate)
    return n


def _count_file(path: Path) -> int:
    if path.name.lower() in NOT_DOCUMENTS:
        return 0
    header = MULTI_DOCUMENT_SUFFIXES.get(path.suffix.lower())
    if header is None:
        return 1
    lines = 0
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    lines += 1
    except OSError:
        return 1  # unreadable: the run reports it as one problem
    return max(0, lines - header)
