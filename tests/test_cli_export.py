"""`timeline export` and `timeline build` write the store's tables in chunks.

The files are byte for byte what exporting the whole tables gives
(``timeline.export.export_bytes`` on ``Store.tables()``), for every filter
and every chunk size; TimelineJS, which needs whole tables, holds only the
kept events and their mentions. The commands run in this process through
``timeline.cli.main``, exactly as the console script runs them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from timeline import schema
from timeline.cli import main
from timeline.export import export_bytes
from timeline.query import EventQuery, filter_events
from timeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store holding the seed articles, and its whole tables."""
    db = tmp_path_factory.mktemp("store") / "seeds.db"
    assert main(["ingest", str(SEEDS), "--db", str(db)]) == 0
    with Store(str(db)) as store:
        events, mentions, documents = store.tables()
    return db, {"events": events, "mentions": mentions, "documents": documents}


def _export(db, out: Path, *args: str) -> bytes:
    assert main(["export", "--db", str(db), "--out", str(out), *args]) == 0
    return out.read_bytes()


# ----------------------------------------------------------------- the same bytes


@pytest.mark.parametrize("chunk_rows", ["1", "4", None])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_table_exported_in_chunks_is_the_bytes_of_the_whole_table(seeded, tmp_path, fmt, chunk_rows):
    db, whole = seeded
    chunk = ["--chunk-rows", chunk_rows] if chunk_rows else []
    for table in ("events", "mentions", "documents"):
        got = _export(db, tmp_path / f"{table}.{fmt}", "--table", table, *chunk)
        assert got == export_bytes(whole[table], fmt), table


FILTERS = [
    (["--actor", "Taliban"], EventQuery(actors=["Taliban"])),
    (["--type", "bombing", "--type", "statement"], EventQuery(types=["bombing", "statement"])),
    (["--start", "2021-08", "--end", "2021-08-31"], EventQuery(start="2021-08", end="2021-08-31")),
    (["--source", "seed-003"], EventQuery(sources=["seed-003"])),
    (["--q", "kabul airport"], EventQuery(q="kabul airport")),
    (["--actor", "nobody at all"], EventQuery(actors=["nobody at all"])),
]


@pytest.mark.parametrize(("flags", "query"), FILTERS, ids=[" ".join(f) for f, _ in FILTERS])
def test_filters_applied_chunk_by_chunk_keep_what_the_whole_table_keeps(seeded, tmp_path, flags, query):
    db, whole = seeded
    kept = filter_events(whole["events"], query)
    assert 0 < len(kept) < len(whole["events"]) or flags == ["--actor", "nobody at all"]
    assert _export(db, tmp_path / "f.csv", *flags, "--chunk-rows", "1") == export_bytes(kept, "csv")
    data = json.loads(_export(db, tmp_path / "f.json", *flags, "--chunk-rows", "3"))
    assert [r["event_id"] for r in data] == list(kept["event_id"])


def test_timelinejs_of_a_filtered_export_quotes_only_the_mentions_of_kept_events(seeded, tmp_path):
    db, whole = seeded
    kept = filter_events(whole["events"], EventQuery(actors=["Taliban"]))
    mentions = whole["mentions"][whole["mentions"]["event_id"].isin(set(kept["event_id"]))]
    got = _export(db, tmp_path / "t.json", "--actor", "Taliban", "--format", "timelinejs", "--chunk-rows", "2")
    assert got == export_bytes(kept, "timelinejs", mentions=mentions)
    assert {s["unique_id"] for s in json.loads(got)["events"]} <= set(kept["event_id"])


def test_parquet_exported_in_chunks_reads_back_as_the_whole_table(seeded, tmp_path):
    db, whole = seeded
    for table in ("events", "mentions"):
        _export(db, tmp_path / "t.parquet", "--table", table, "--chunk-rows", "5")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), whole[table])


def test_build_through_the_store_writes_each_table_as_the_whole_table(seeded, tmp_path, capsys):
    db, whole = seeded
    out = {"events": tmp_path / "e.json", "mentions": tmp_path / "m.csv", "documents": tmp_path / "d.json"}
    code = main(["build", str(SEEDS), "--db", str(db), "--out", str(out["events"]), "--mentions-out",
                 str(out["mentions"]), "--documents-out", str(out["documents"]), "--chunk-rows", "2"])
    assert code == 0
    for table, path in out.items():
        fmt = "csv" if path.suffix == ".csv" else "json"
        assert path.read_bytes() == export_bytes(whole[table], fmt), table
    err = capsys.readouterr().err
    n = {k: len(v) for k, v in whole.items()}
    assert f"{n['documents']} document(s), {n['mentions']} event mention(s), {n['events']} event(s)" in err


# ----------------------------------------------------------------- edges


def test_an_empty_store_exports_a_header_or_an_empty_list(tmp_path, capsys):
    db = tmp_path / "empty.db"
    Store(str(db)).close()
    header = (",".join(schema.EVENT_COLUMN_NAMES) + "\r\n").encode()
    assert _export(db, tmp_path / "e.csv", "--chunk-rows", "1") == header
    assert _export(db, tmp_path / "e.json") == b"[]\n"
    assert _export(db, tmp_path / "t.json", "--format", "timelinejs") == export_bytes(
        schema.empty_frame(schema.EVENT_COLUMNS), "timelinejs", mentions=schema.empty_frame(schema.MENTION_COLUMNS))
    assert "0 row(s)" in capsys.readouterr().err


def test_the_default_chunk_size_is_the_readers():
    from timeline.cli import DEFAULT_CHUNK_ROWS, make_parser
    from timeline.store_reader import CHUNK_ROWS

    assert DEFAULT_CHUNK_ROWS == CHUNK_ROWS
    for command in ("export", "build"):
        args = make_parser().parse_args([command, *(["x"] if command == "build" else []), "--out", "o.csv"])
        assert args.chunk_rows == CHUNK_ROWS


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_a_chunk_size_that_is_not_a_positive_whole_number_is_one_clear_line(tmp_path, capsys, bad):
    assert main(["export", "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "x.csv"), "--chunk-rows", bad]) == 2
    err = capsys.readouterr().err
    assert "--chunk-rows" in err and err.strip().count("\n") == 0
    assert not (tmp_path / "x.csv").exists()
