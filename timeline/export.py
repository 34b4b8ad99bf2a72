"""Writing tables out: CSV, JSON, Parquet and TimelineJS.

The command line and the web app both export through :func:`export` /
:func:`export_bytes`, so the same table gives the same bytes from either.

* CSV is safe to open in a spreadsheet: a text cell that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so it
  is never run as a formula. Numeric columns are left alone, and so are text
  cells that are a plain number (``-0500``, ``-12.5``), which a spreadsheet
  reads as a number, not a formula.
* JSON is a list of records; missing values are ``null``, dates ISO strings.
* TimelineJS is the JSON its ``TL.Timeline`` reads: dates at the precision
  the text supports, HTML-escaped text.
"""

from __future__ import annotations

import html
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from timeline.schema import EVIDENCE_SEP, LIST_SEP

EXPORT_FORMATS = frozenset({"csv", "json", "parquet", "timelinejs"})

_RESOURCES = Path(__file__).resolve().parent / "resources" / "export"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?")
_DATE_WORDS: dict | None = None


def _words() -> dict:
    global _DATE_WORDS
    if _DATE_WORDS is None:
        _DATE_WORDS = json.loads((_RESOURCES / "date_words.json").read_text(encoding="utf-8"))
    return _DATE_WORDS


# --------------------------------------------------------------------------- CSV


def neutralize(value: Any) -> Any:
    """A text cell made safe for spreadsheets (see the module docstring)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells cannot start a formula."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
            continue
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if pd.api.types.is_string_dtype(s.dtype):  # only the cells that start as a formula would
            starts = s.str.startswith(_FORMULA_START, na=False).astype(bool)
            if starts.any():
                out.loc[starts, col] = s[starts].map(neutralize)
        else:
            out[col] = s.map(neutralize)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as spreadsheet-safe UTF-8 CSV, no index.

    Rows end with CRLF as RFC 4180 says, so a cell holding a line break or a
    carriage return is always quoted.
    """
    return spreadsheet_safe(df).to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d").encode("utf-8")


def to_csv(df: pd.DataFrame, path_or_buf) -> None:
    """Write the table as spreadsheet-safe CSV to a path or a (text or binary) buffer."""
    _write(csv_bytes(df), path_or_buf)


# --------------------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: NA -> None, numpy scalars -> Python, dates -> ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        v = value.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return value


def records(df: pd.DataFrame) -> list[dict]:
    """The table as a list of plain dicts (column order kept)."""
    cols = list(df.columns)
    return [{c: _plain(v) for c, v in zip(cols, row)} for row in df.itertuples(index=False, name=None)]


def json_bytes(df: pd.DataFrame) -> bytes:
    return (json.dumps(records(df), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_json(df: pd.DataFrame, path_or_buf=None) -> str:
    """The table as JSON records (ISO dates, NA as null); also written to ``path_or_buf`` if given."""
    data = json_bytes(df)
    if path_or_buf is not None:
        _write(data, path_or_buf)
    return data.decode("utf-8")


# --------------------------------------------------------------------------- Parquet


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


def to_parquet(df: pd.DataFrame, path) -> None:
    """Write the table as Parquet (column dtypes kept)."""
    _write(parquet_bytes(df), path)


# --------------------------------------------------------------------------- TimelineJS


def _date_parts(iso: str | None) -> tuple[int, int, int] | None:
    if not isinstance(iso, str) or not iso:
        return None
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return d.year, d.month, d.day


def display_date(value: str, precision: str, date_start: str | None, date_end: str | None, mod: str | None = None) -> str:
    """A date as a reader would write it: ``26 August 2021``, ``early April 2023``, ``1990s``."""
    w = _words()
    months = w["months"]
    s, e = _date_parts(date_start), _date_parts(date_end)

    def day_text(p):
        return f"{p[2]} {months[p[1] - 1]} {p[0]}"

    text = value or ""
    if precision in ("day", "time") and s:
        text = day_text(s)
    elif precision == "month" and s:
        text = f"{months[s[1] - 1]} {s[0]}"
    elif precision == "year" and s:
        text = str(s[0])
    elif precision == "decade" and s:
        text = f"{s[0] // 10 * 10}{w['decade_suffix']}"
    elif precision == "century" and s:
        text = f"{s[0] // 100}{w['century_suffix']}"
    elif precision in ("season", "quarter") and s and value and "-" in value:
        code = value.split("-", 1)[1]
        name = w["seasons"].get(code) or w["quarters"].get(code) or code
        text = f"{name} {s[0]}"
    elif precision == "reported" and s:
        text = day_text(s)
    elif s and e:
        text = day_text(s) if s == e else f"{day_text(s)}{w['span_joiner']}{day_text(e)}"
    word = w["modifiers"].get((mod or "").upper(), "")
    return f"{word} {text}".strip() if word else text


def _slide_dates(row: dict) -> tuple[dict | None, dict | None]:
    precision = row.get("precision") or ""
    s, e = _date_parts(row.get("date_start")), _date_parts(row.get("date_end"))
    if s is None:
        return None, None
    start: dict = {"year": s[0]}
    end: dict | None = None
    if precision in ("day", "time", "reported"):
        start.update(month=s[1], day=s[2])
    elif precision == "month":
        start["month"] = s[1]
    elif precision == "year":
        pass
    elif precision in ("decade", "century"):
        if e and e[0] != s[0]:
            end = {"year": e[0]}
    else:  # week, season, quarter, interval: a span of days
        start.update(month=s[1], day=s[2])
        if e and e != s:
            end = {"year": e[0], "month": e[1], "day": e[2]}
    start["display_date"] = display_date(row.get("date") or "", precision, row.get("date_start"), row.get("date_end"), row.get("date_mod"))
    return start, end


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _split(value: Any, sep: str) -> list[str]:
    return [x for x in value.split(sep)] if isinstance(value, str) and value else []


def _slide_text(row: dict, mentions: list[dict]) -> str:
    w = _words()
    docs = _split(row.get("doc_ids"), LIST_SEP)
    pubs = _split(row.get("publishers"), LIST_SEP)
    pub_of = {d: (pubs[i] if i < len(pubs) else "") for i, d in enumerate(docs)}
    parts: list[str] = []
    if mentions:
        quotes = [(m.get("doc_id") or "", m.get("sentence") or "") for m in mentions]
    else:
        quotes = list(zip(docs, _split(row.get("evidence"), EVIDENCE_SEP)))
    seen = set()
    for doc, sentence in quotes:
        if (doc, sentence) in seen or not sentence:
            continue
        seen.add((doc, sentence))
        source = pub_of.get(doc) or doc
        parts.append(f"<blockquote>{_esc(sentence)} <cite>{_esc(source)}</cite></blockquote>")
    for label, col in (("Casualties", "casualties"), ("Disagreements", "disagreements")):
        items = _split(row.get(col), LIST_SEP)
        if items:
            parts.append(f"<p><strong>{_esc(label)}:</strong> {'; '.join(_esc(i) for i in items)}</p>")
    if docs:
        cited = ", ".join(_esc(f"{pub_of.get(d)} ({d})" if pub_of.get(d) else d) for d in docs)
        parts.append(f"<p><strong>{_esc(w['sources_label'])}:</strong> {cited}</p>")
    return "".join(parts)


def to_timelinejs(events_df: pd.DataFrame, mentions_df: pd.DataFrame | None = None, title: str = "Timeline") -> dict:
    """The event table as TimelineJS JSON ``{"title": slide, "events": [slide, ...]}``.

    Each event is a slide whose ``start_date`` (and ``end_date`` for spans)
    carries only the parts of the date that are known, ``text`` holds the
    headline and the evidence with its sources (HTML-escaped), ``group`` the
    event type and ``unique_id`` the event id. Events without a usable date
    are left out.
    """
    by_event: dict[str, list[dict]] = {}
    if mentions_df is not None and len(mentions_df):
        for m in records(mentions_df):
            by_event.setdefault(m.get("event_id") or "", []).append(m)
    slides = []
    sources: set[str] = set()
    for row in records(events_df):
        start, end = _slide_dates(row)
        if start is None:
            continue
        sources.update(_split(row.get("doc_ids"), LIST_SEP))
        slide: dict = {
            "start_date": start,
            "text": {"headline": _esc(row.get("title") or row.get("event_type") or ""), "text": _slide_text(row, by_event.get(row.get("event_id"), []))},
            "group": row.get("event_type") or "",
            "unique_id": row.get("event_id") or "",
        }
        if end is not None:
            slide["end_date"] = end
        slides.append(slide)
    intro = _words()["title_text"].format(n_events=len(slides), n_sources=len(sources))
    return {"title": {"text": {"headline": _esc(title), "text": _esc(intro)}}, "events": slides}


def timelinejs_bytes(events_df: pd.DataFrame, mentions_df: pd.DataFrame | None = None, title: str = "Timeline") -> bytes:
    return (json.dumps(to_timelinejs(events_df, mentions_df, title=title), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- chunked writing
#
# A table read in chunks (``Store.table_reader()``, ``Store.iter_events()``)
# is written chunk by chunk, holding one chunk in memory. CSV and JSON give
# the bytes ``export_bytes`` gives for the whole table; Parquet gives the same
# schema and values, one row group per chunk. TimelineJS needs the whole
# table (its title slide counts events and sources) and is not written in chunks.

#: Formats :func:`export_chunks` writes a chunk at a time.
CHUNKED_FORMATS = frozenset({"csv", "json", "parquet"})


@contextmanager
def _replaced_whole(path: str | Path) -> Iterator[str]:
    """The name to write ``path`` under: a file beside it that replaces it once the block ends without an
    exception, so a failed or interrupted export never leaves a half-written file (an earlier file stays as it
    was). A path that exists and is not a regular file (``/dev/stdout``, a pipe) is written directly."""
    path = str(path)
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # not there yet
        special = False
    if special:
        yield path
        return
    head, name = os.path.split(path)
    tmp = os.path.join(head, f".{name}.{os.getpid()}.partial")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class _Sink:
    """Bytes written to a path (whole or not at all, see :func:`_replaced_whole`) or to a text or binary buffer."""

    def __init__(self, path_or_buf) -> None:
        self._own = isinstance(path_or_buf, (str, Path))
        self._path = path_or_buf
        self._out = path_or_buf
        self._text = isinstance(path_or_buf, io.TextIOBase)

    def write(self, data: bytes) -> None:
        self._out.write(data.decode("utf-8") if self._text else data)

    def __enter__(self) -> _Sink:
        if self._own:
            self._target = _replaced_whole(self._path)
            self._out = open(self._target.__enter__(), "wb")  # noqa: SIM115 - closed in __exit__
        return self

    def __exit__(self, *exc) -> None:
        if self._own:
            self._out.close()
            self._target.__exit__(*exc)


def write_csv(chunks: Iterable[pd.DataFrame], path_or_buf) -> int:
    """Write a table given as chunks as :func:`to_csv` writes it whole (same bytes); return the rows written.

    The header comes from the first chunk; every chunk must have the same columns.
    """
    rows = 0
    header = True
    with _Sink(path_or_buf) as out:
        for chunk in chunks:
            if not header and chunk.empty:
                continue
            out.write(spreadsheet_safe(chunk).to_csv(index=False, header=header, lineterminator="\r\n",
                                                     date_format="%Y-%m-%d").encode("utf-8"))
            header = False
            rows += len(chunk)
    return rows


def write_json(chunks: Iterable[pd.DataFrame], path_or_buf) -> int:
    """Write a table given as chunks as :func:`to_json` writes it whole (same bytes); return the rows written."""
    rows = 0
    with _Sink(path_or_buf) as out:
        for chunk in chunks:
            if chunk.empty:
                continue
            # json.dumps of a non-empty list with indent=2 is "[\n" + items joined by ",\n" + "\n]"
            items = json.dumps(records(chunk), ensure_ascii=False, indent=2)[2:-2]
            out.write(("[\n" if rows == 0 else ",\n").encode("utf-8") + items.encode("utf-8"))
            rows += len(chunk)
        out.write(b"\n]\n" if rows else b"[]\n")
    return rows


def write_parquet(chunks: Iterable[pd.DataFrame], path_or_buf) -> int:
    """Write a table given as chunks as Parquet, one row group per chunk; return the rows written.

    The schema (and the pandas dtypes ``pd.read_parquet`` gives back) is the
    first chunk's, so a table read back equals the whole table :func:`to_parquet` writes.
    """
    if isinstance(path_or_buf, (str, Path)):
        with _replaced_whole(path_or_buf) as tmp:
            return _write_parquet(chunks, tmp)
    return _write_parquet(chunks, path_or_buf)


def _write_parquet(chunks: Iterable[pd.DataFrame], path_or_buf) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 0
    writer = None
    try:
        for chunk in chunks:
            if writer is None:
                table = pa.Table.from_pandas(chunk, preserve_index=False)
                writer = pq.ParquetWriter(path_or_buf, table.schema)
            else:
                table = pa.Table.from_pandas(chunk, schema=writer.schema, preserve_index=False)
            if table.num_rows:
                writer.write_table(table)
            rows += len(chunk)
        if writer is not None and rows == 0:
            writer.write_table(writer.schema.empty_table())
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        raise ValueError("a Parquet file needs the table's columns: no chunk was given")
    return rows


def export_chunks(chunks: Iterable[pd.DataFrame], path, fmt: str) -> int:
    """Write a table given as chunks to ``path`` (a path or a buffer) in ``fmt`` (one of ``CHUNKED_FORMATS``).

    Returns the number of rows written. CSV and JSON are byte for byte what
    :func:`export` writes for the whole table.
    """
    if fmt == "csv":
        return write_csv(chunks, path)
    if fmt == "json":
        return write_json(chunks, path)
    if fmt == "parquet":
        return write_parquet(chunks, path)
    raise ValueError(f"format {fmt!r} is not written in chunks; expected one of {', '.join(sorted(CHUNKED_FORMATS))}")


# --------------------------------------------------------------------------- dispatch


def export_bytes(df: pd.DataFrame, fmt: str, mentions: pd.DataFrame | None = None, title: str = "Timeline") -> bytes:
    """The table in format ``fmt`` (one of ``EXPORT_FORMATS``) as bytes.

    ``mentions`` (the event-mentions table) is used by ``timelinejs`` to quote
    every mention; the other formats write ``df`` alone.
    """
    if fmt == "csv":
        return csv_bytes(df)
    if fmt == "json":
        return json_bytes(df)
    if fmt == "parquet":
        return parquet_bytes(df)
    if fmt == "timelinejs":
        return timelinejs_bytes(df, mentions, title=title)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(sorted(EXPORT_FORMATS))}")


def export(df: pd.DataFrame, path, fmt: str, mentions: pd.DataFrame | None = None, title: str = "Timeline") -> None:
    """Write the table to ``path`` (a path or a buffer) in format ``fmt``."""
    _write(export_bytes(df, fmt, mentions=mentions, title=title), path)


def _write(data: bytes, path_or_buf) -> None:
    if isinstance(path_or_buf, (str, Path)):
        with _replaced_whole(path_or_buf) as tmp:
            Path(tmp).write_bytes(data)
    elif isinstance(path_or_buf, io.TextIOBase):
        path_or_buf.write(data.decode("utf-8"))
    else:
        path_or_buf.write(data)
