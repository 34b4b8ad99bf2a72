"""Problems reported while loading."""

from __future__ import annotations

from timeline.ingest_problem import ERROR, NOTICE, IngestProblem


def test_a_problem_is_one_line_naming_the_file():
    assert str(IngestProblem("seeds/x.bin", "not a text file (binary content)")) == "seeds/x.bin: not a text file (binary content)"


def test_line_and_row_are_named_when_known():
    assert str(IngestProblem("feed.jsonl", "invalid JSON", ERROR, 3)) == "feed.jsonl, line 3: invalid JSON"
    assert str(IngestProblem("a.csv", "empty text", ERROR, 5, "row")) == "a.csv, row 5: empty text"


def test_errors_and_notices():
    assert IngestProblem("a", "b").is_error
    assert not IngestProblem("a", "b", NOTICE).is_error
