"""Reading the data files under ``timeline/events/resources/``.

Every lexicon the extractor uses (triggers, actors, places, titles, modal
words, number words, abbreviations) is a CSV or a plain word list here. Users
extend them with their own files of the same format.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent / "resources"


def resource_path(name: str) -> Path:
    return RESOURCE_DIR / name


def read_rows(path: str | Path) -> Iterator[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts with stripped values (blank lines and ``#`` lines skipped)."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.lstrip().startswith("#"))
        for row in csv.DictReader(lines):
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}


def read_list(path: str | Path) -> list[str]:
    """Non-empty, non-comment lines of a word list."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


@lru_cache(maxsize=None)
def default_list(name: str) -> tuple[str, ...]:
    return tuple(read_list(resource_path(name)))


@lru_cache(maxsize=None)
def default_rows(name: str) -> tuple[dict[str, str], ...]:
    return tuple(read_rows(resource_path(name)))


def chain_rows(default: str, extra_files: Iterable[str | Path] = ()) -> list[dict[str, str]]:
    rows = list(default_rows(default))
    for p in extra_files:
        rows.extend(read_rows(p))
    return rows
