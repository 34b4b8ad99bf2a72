"""The event table view: columns shown, and server-side sorting, filtering and paging.

The table pages on the server (only the visible page travels to the
browser), so its own column filters and sort order are applied here with
the same semantics the DataTable shows in its header row.
"""

from __future__ import annotations

import re

import pandas as pd

PAGE_SIZE = 15

COLUMNS = (
    ("date", "Date"),
    ("precision", "Precision"),
    ("event_type", "Type"),
    ("title", "Event"),
    ("actors", "Actors"),
    ("location", "Place"),
    ("killed", "Killed"),
    ("n_sources", "Sources"),
)
NUMERIC = {"killed", "wounded", "n_sources", "n_mentions"}
SORT_KEYS = {"date": "date_start"}  # TIMEX3 values ("199", "2021-08") sort by their first day

_OPERATORS = (
    ("s<=", "<="), ("s>=", ">="), ("s<", "<"), ("s>", ">"), ("s!=", "!="), ("s=", "="),
    ("<=", "<="), (">=", ">="), ("<", "<"), (">", ">"), ("!=", "!="), ("=", "="),
    ("icontains", "contains"), ("scontains", "contains"), ("contains", "contains"),
    ("idatestartswith", "datestartswith"), ("sdatestartswith", "datestartswith"), ("datestartswith", "datestartswith"),
    ("is blank", "blank"), ("is nil", "blank"),
)  # fmt: skip
_PART = re.compile(r"^\s*\{(?P<col>[^}]+)\}\s*(?P<rest>.*)$", re.S)


def datatable_columns() -> list[dict]:
    return [
        {"id": cid, "name": name, "type": "numeric" if cid in NUMERIC else "text"}
        for cid, name in COLUMNS
    ]


def parse_filter(filter_query: str | None) -> list[tuple[str, str, str]]:
    """DataTable ``filter_query`` (``{col} op value && ...``) as ``(column, operator, value)`` triples."""
    out = []
    for part in (filter_query or "").split(" && "):
        m = _PART.match(part)
        if not m:
            continue
        col, rest = m.group("col"), m.group("rest").strip()
        for token, op in _OPERATORS:
            if rest.startswith(token):
                value = rest[len(token) :].strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
                    value = value[1:-1]
                out.append((col, op, value))
                break
    return out


def apply_table_query(df: pd.DataFrame, filter_query: str | None = None, sort_by: list[dict] | None = None) -> pd.DataFrame:
    """``df`` narrowed by the table's column filters and ordered by its sort columns.

    Text filters match case-insensitively anywhere in the cell; a comparison on
    a numeric column compares numbers, on a text column compares strings.
    """
    for col, op, value in parse_filter(filter_query):
        if col not in df.columns:
            continue
        if op == "blank":
            cell = df[col].astype("string").fillna("")
            df = df[(cell == "").to_numpy()]
            continue
        numeric = col in NUMERIC
        if numeric and op != "contains":
            try:
                number = float(value)
            except ValueError:
                continue
            cells = pd.to_numeric(df[col], errors="coerce")
            target = number
        else:
            cells = df[col].astype("string").fillna("")
            target = value
        if op == "contains":
            mask = cells.astype("string").str.lower().str.contains(value.lower(), regex=False)
        elif op == "datestartswith":
            mask = cells.astype("string").str.startswith(value)
        elif op == "=":
            mask = cells == target if numeric else cells.str.lower() == value.lower()
        elif op == "!=":
            mask = cells != target if numeric else cells.str.lower() != value.lower()
        elif op == "<":
            mask = cells < target
        elif op == "<=":
            mask = cells <= target
        elif op == ">":
            mask = cells > target
        else:
            mask = cells >= target
        df = df[mask.fillna(False).to_numpy(dtype=bool)]
    if not sort_by:
        return df.sort_values(["date_start", "event_id"], na_position="last", kind="stable")
    else:
        cols = [SORT_KEYS.get(s["column_id"], s["column_id"]) for s in sort_by if s.get("column_id") in df.columns]
        asc = [s.get("direction", "asc") == "asc" for s in sort_by if s.get("column_id") in df.columns]
        if cols:
            df = df.sort_values(cols, ascending=asc, na_position="last", kind="stable")
    return df


def page_records(df: pd.DataFrame, page: int, page_size: int = PAGE_SIZE) -> list[dict]:
    """The rows of one page as DataTable records, each with ``id`` = event id."""
    chunk = df.iloc[page * page_size : (page + 1) * page_size]
    cols = [c for c, _ in COLUMNS]
    records = []
    for row in chunk[["event_id", *cols]].itertuples(index=False):
        rec = {"id": row[0]}
        for c, v in zip(cols, row[1:]):
            rec[c] = None if v is None or v is pd.NA else (int(v) if c in NUMERIC else str(v))
        records.append(rec)
    return records


def page_count(n_rows: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, -(-n_rows // page_size))
