"""Streaming JSONL and CSV readers."""

from __future__ import annotations

import io
import json

from hypothesis import given, strategies as st

from timeline.ingest_fields import load_config
from timeline.ingest_records import Record, RecordProblem, iter_csv, iter_jsonl

CONFIG = load_config()


def jsonl(data: bytes, max_bytes: int = 10_000):
    return list(iter_jsonl(io.BytesIO(data), CONFIG, max_bytes))


def csvrows(data: bytes, max_bytes: int = 10_000):
    return list(iter_csv(io.BytesIO(data), CONFIG, max_bytes))


def test_jsonl_records_use_canonical_field_names():
    (rec,) = jsonl(b'{"headline": "H", "body": "Text.\\r\\nMore.", "doc_id": "d1"}\n')
    assert rec == Record(1, {"title": "H", "text": "Text.\nMore.", "id": "d1"})


def test_jsonl_problems_carry_their_line_and_reading_goes_on():
    items = jsonl(b'\xef\xbb\xbf{"text": "a"}\n{bad\n\n42\n{"text": 5}\n{"text": "  "}\n{"text": "b"}')
    assert [type(i).__name__ for i in items] == ["Record", "RecordProblem", "RecordProblem", "RecordProblem", "RecordProblem", "Record"]
    assert [i.line for i in items] == [1, 2, 4, 5, 6, 7]
    assert items[1].message.startswith("invalid JSON (")
    assert items[2].message == "not a JSON object (got int)"
    assert items[3].message == "'text' is not a string (int)"
    assert items[4].message == "empty text"


def test_jsonl_over_long_line_is_skipped_without_stopping():
    data = b'{"text": "' + b"x" * 500 + b'"}\n{"text": "short"}\n'
    items = jsonl(data, max_bytes=100)
    assert items[0] == RecordProblem(1, "line too large (over 0.0 MB)")
    assert items[1] == Record(2, {"text": "short"})


def test_jsonl_windows_1252_lines_give_one_notice():
    items = jsonl(b'{"text": "caf\xe9"}\n{"text": "ok"}\n{"text": "\x93q\x94"}\n')
    assert [i.fields["text"] for i in items if isinstance(i, Record)] == ["café", "ok", "“q”"]
    assert items[-1] == RecordProblem(1, "not UTF-8; line 1 and 1 more decoded as Windows-1252", "notice")


def test_csv_rows_report_their_spreadsheet_row():
    data = b'title,text\nA,"one\r\ntwo"\nB,\n,,\nC,three\n'
    items = csvrows(data)
    assert items == [
        Record(2, {"title": "A", "text": "one\ntwo"}),
        RecordProblem(4, "empty text"),
        Record(6, {"title": "C", "text": "three"}),
    ]


def test_csv_without_a_text_column_is_one_problem():
    assert csvrows(b"title,url\nA,http://x\n") == [RecordProblem(1, "no 'text' column (columns: title, url)")]
    assert csvrows(b"") == [RecordProblem(1, "empty file")]


def test_csv_cells_larger_than_the_default_csv_limit_are_read():
    big = "word " * 40_000  # 200 kB, above the csv module's default 128 kB field limit
    (rec,) = csvrows(f"text\n{big}\n".encode(), max_bytes=1_000_000)
    assert rec.fields["text"] == big


_ARTICLE = st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=80).filter(str.strip)},
    optional={"id": st.text(max_size=10), "title": st.text(max_size=20)},
)


@given(st.lists(_ARTICLE, max_size=8))
def test_every_jsonl_article_comes_back_with_its_line_number(articles):
    data = "".join(json.dumps(a) + "\n" for a in articles).encode("utf-8")
    items = jsonl(data)
    assert [i.line for i in items] == list(range(1, len(articles) + 1))
    expected = [a["text"].replace("\r\n", "\n").replace("\r", "\n") for a in articles]
    assert [i.fields["text"] for i in items] == expected


def test_lone_surrogate_escapes_are_replaced_with_a_notice():
    items = jsonl(b'{"text": "bad \\ud800 half", "title": "t\\udc00"}\n')
    assert items == [
        RecordProblem(1, "invalid \\u escapes (lone surrogates) replaced by U+FFFD", "notice"),
        Record(1, {"text": "bad \ufffd half", "title": "t\ufffd"}),
    ]
