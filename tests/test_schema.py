"""The schema module is the single definition of the tables' columns."""

from pathlib import Path

import pandas as pd
import pytest

from timeline import schema

README = Path(__file__).resolve().parents[1] / "README.md"


def test_event_table_has_the_required_columns():
    required = {"event_id", "date", "date_start", "date_end", "precision", "event_type", "title", "actors",
                "location", "killed", "wounded", "n_sources", "doc_ids", "evidence"}
    assert required <= set(schema.EVENT_COLUMN_NAMES)


def test_mentions_table_has_the_required_columns():
    required = {"event_id", "doc_id", "sentence", "char_start", "char_end", "time_text", "time_value"}
    assert required <= set(schema.MENTION_COLUMN_NAMES)


def test_column_names_are_unique():
    for cols in (schema.EVENT_COLUMNS, schema.MENTION_COLUMNS, schema.DOCUMENT_COLUMNS):
        names = [c.name for c in cols]
        assert len(names) == len(set(names))


def test_conform_orders_types_and_fills_columns():
    df = pd.DataFrame({"killed": ["3", None], "event_id": ["a", "b"], "extra": [1, 2]})
    out = schema.conform(df, schema.EVENT_COLUMNS)
    assert list(out.columns) == list(schema.EVENT_COLUMN_NAMES)
    assert str(out["killed"].dtype) == "Int64"
    assert out["killed"].tolist()[0] == 3 and pd.isna(out["killed"].tolist()[1])
    assert str(out["event_id"].dtype) == "string"
    assert out["title"].isna().all()


def test_a_frame_built_from_rows_is_the_conformed_table_of_those_rows():
    cols = schema.MENTION_COLUMNS
    values = ["text", None, 5, float("nan"), pd.NA, True, "12", ""]
    rows = [tuple(values[(i + k) % len(values)] for k in range(len(cols))) for i in range(len(values))]
    expected = schema.conform(pd.DataFrame(rows, columns=[c.name for c in cols]), cols)
    pd.testing.assert_frame_equal(schema.frame(rows, cols), expected)


def test_a_frame_of_text_and_missing_values_is_the_conformed_table_too():
    cols = schema.EVENT_COLUMNS
    rows = [tuple(None if (i + k) % 3 == 0 else f"v{i}-{k}" if c.dtype == "string" else i
                  for k, c in enumerate(cols)) for i in range(5)]
    expected = schema.conform(pd.DataFrame(rows, columns=[c.name for c in cols]), cols)
    pd.testing.assert_frame_equal(schema.frame(rows, cols), expected)


def test_a_frame_of_no_rows_is_the_empty_frame():
    pd.testing.assert_frame_equal(schema.frame([], schema.EVENT_COLUMNS), schema.empty_frame(schema.EVENT_COLUMNS))


def test_a_row_short_of_a_column_is_refused():
    cols = schema.DOCUMENT_COLUMNS
    with pytest.raises(ValueError):
        schema.frame([("x",) * (len(cols) - 1)], cols)


def test_empty_frame_has_every_column_with_its_dtype():
    df = schema.empty_frame(schema.MENTION_COLUMNS)
    assert len(df) == 0
    assert [str(df[c.name].dtype) for c in schema.MENTION_COLUMNS] == [c.dtype for c in schema.MENTION_COLUMNS]


def test_readme_documents_every_column():
    text = README.read_text(encoding="utf-8")
    for cols in (schema.EVENT_COLUMNS, schema.MENTION_COLUMNS, schema.DOCUMENT_COLUMNS):
        for c in cols:
            assert f"`{c.name}`" in text, f"README does not document column {c.name}"
