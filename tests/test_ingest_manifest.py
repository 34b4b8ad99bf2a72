"""Manifest CSVs: metadata per article file."""

from __future__ import annotations

from pathlib import Path

from timeline.ingest_fields import load_config
from timeline.ingest_manifest import ManifestEntry, load_manifest

CONFIG = load_config()
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_seed_manifest_lists_the_five_seeds():
    m = load_manifest(SEEDS / "manifest.csv", CONFIG)
    assert m.problems == []
    assert sorted(e.fields["id"] for _, e in m.entries()) == [f"seed-00{i}" for i in range(5)] and len(m) == 5
    entry = m.lookup(SEEDS / "004_1ef1842766a49696.txt")
    assert entry.fields["published"] == "2021-09-03"
    assert entry.fields["author"] == "Tom Hussain"


def test_a_name_shared_by_files_in_different_folders_finds_none_of_them_elsewhere(tmp_path):
    for rows in ("file,id\nx/a.txt,1\ny/a.txt,2\nb.txt,3\n", "file,id\na.txt,1\nx/a.txt,2\nb.txt,3\n",
                 "file,id\nx/a.txt,1\na.txt,2\nb.txt,3\n"):
        (tmp_path / "m.csv").write_text(rows)
        m = load_manifest(tmp_path / "m.csv", CONFIG, check_files=False)
        assert m.lookup(tmp_path / "elsewhere" / "a.txt") is None, rows
        assert m.lookup(tmp_path / "elsewhere" / "b.txt").fields["id"] == "3"
        assert m.lookup(tmp_path / "x" / "a.txt").fields["id"] in ("1", "2")


def test_lookup_by_relative_path_then_by_unique_name(tmp_path):
    (tmp_path / "sub").mkdir()
    for rel in ("sub/a.txt", "a.txt", "b.txt"):
        (tmp_path / rel).write_text("x")
    (tmp_path / "m.csv").write_text("file,id\nsub/a.txt,deep\na.txt,top\n./b.txt,bee\n")
    m = load_manifest(tmp_path / "m.csv", CONFIG)
    assert m.lookup(tmp_path / "sub" / "a.txt").fields["id"] == "deep"
    assert m.lookup(tmp_path / "a.txt").fields["id"] == "top"
    assert m.lookup(tmp_path / "b.txt").fields["id"] == "bee"
    assert m.lookup(tmp_path / "elsewhere" / "b.txt").fields["id"] == "bee"  # by name
    assert m.lookup(tmp_path / "elsewhere" / "a.txt") is None  # two rows named a.txt: ambiguous


def test_dates_are_normalized_and_bad_rows_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "m.csv").write_text(
        "File,Doc_ID,Published,notes\na.txt,A,27 August 2021,extra column ignored\na.txt,A2,,\n,orphan,,\nzzz.txt,Z,never,\n"
    )
    m = load_manifest(tmp_path / "m.csv", CONFIG)
    assert m.lookup(tmp_path / "a.txt").fields == {"id": "A", "published": "2021-08-27"}
    assert m.problems == [
        (3, "a.txt is listed twice; row 2 kept", "notice"),
        (4, "row has no file name; ignored", "notice"),
        (5, "unreadable published date 'never'; ignored", "notice"),
        (5, "no such file: zzz.txt", "notice"),
    ]
    assert load_manifest(tmp_path / "m.csv", CONFIG, check_files=False).problems[-1][1] != "no such file: zzz.txt"


def test_unusable_manifests_are_one_error(tmp_path):
    (tmp_path / "nofile.csv").write_text("id,title\nx,y\n")
    assert load_manifest(tmp_path / "nofile.csv", CONFIG).problems == [(1, "manifest has no 'file' column", "error")]
    missing = load_manifest(tmp_path / "missing.csv", CONFIG)
    assert len(missing) == 0 and missing.problems[0][2] == "error"
    assert missing.problems[0][1].startswith("cannot read manifest")


def test_a_row_keeps_every_field_whatever_characters_it_holds(tmp_path):
    (tmp_path / "m.csv").write_text('file,id,title,author\na.txt,A,"Two\nlines, a comma",\n', encoding="utf-8")
    m = load_manifest(tmp_path / "m.csv", CONFIG, check_files=False)
    assert m.entry("a.txt").fields == {"id": "A", "title": "Two lines, a comma"}  # spaces as metadata has them
    odd = {"id": "B", "title": "unit\x1fseparator", "author": "Someone"}
    m.add("b.txt", ManifestEntry(3, odd))
    assert m.entry("b.txt") == ManifestEntry(3, odd)
    assert [key for key, _ in m.entries()] == ["a.txt", "b.txt"] and m.entry("c.txt") is None
