"""Manifest CSVs: metadata per article file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

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


def _answers(m, folder: Path, names: list[str]) -> tuple:
    return (len(m), [(k, e) for k, e in m.entries()], [m.lookup(folder / n) for n in names],
            [m.lookup(folder / "elsewhere" / n.rsplit("/", 1)[-1]) for n in names], m.problems)


def test_a_manifest_past_its_spill_size_answers_the_same_from_a_temporary_file(tmp_path):
    rows = ["file,id,title,published", "a.txt,A,plain,2021-08-27", "sub/b.txt,B,in a folder,",
            "x/a.txt,XA,shares a name,", "c.txt,C,\"a, b\",", "a.txt,A2,listed twice,",
            "d.txt,D,,not a date"] + [f"more/f{i}.txt,F{i},,2020-01-{i + 1:02d}" for i in range(20)]
    (tmp_path / "m.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    names = ["a.txt", "sub/b.txt", "x/a.txt", "c.txt", "d.txt", "more/f7.txt", "b.txt", "nothing.txt"]
    kept = load_manifest(tmp_path / "m.csv", CONFIG, check_files=False)
    spilled = load_manifest(tmp_path / "m.csv", CONFIG, check_files=False, spill_rows=3)
    assert not kept.on_disk and spilled.on_disk
    assert _answers(spilled, tmp_path, names) == _answers(kept, tmp_path, names)
    assert spilled.lookup(tmp_path / "elsewhere" / "b.txt").fields["id"] == "B"  # a unique name in a subfolder
    assert spilled.lookup(tmp_path / "elsewhere" / "a.txt") is None  # a name two rows share
    odd = ManifestEntry(99, {"title": "unit\x1fseparator"})
    spilled.add("z.txt", odd)
    assert spilled.entry("z.txt") == odd and [k for k, _ in spilled.entries()][-1] == "z.txt"
    spilled.close()
    assert len(spilled) == 0 and not spilled.on_disk


def test_row_problems_past_the_limit_are_counted_in_one_notice(tmp_path, monkeypatch):
    import timeline.ingest_manifest as im

    monkeypatch.setattr(im, "MAX_ROW_PROBLEMS", 2)
    (tmp_path / "m.csv").write_text("file,id\n" + "".join(f"gone{i}.txt,{i}\n" for i in range(5)))
    m = load_manifest(tmp_path / "m.csv", CONFIG)
    assert m.problems == [(2, "no such file: gone0.txt", "notice"), (3, "no such file: gone1.txt", "notice"),
                          (None, "3 more row problem(s) not listed", "notice")]
    assert len(m) == 5


def test_a_manifest_is_decoded_as_articles_are(tmp_path):
    (tmp_path / "m.csv").write_bytes(b"file,title\na.txt,caf\xe9\n")  # Windows-1252
    assert load_manifest(tmp_path / "m.csv", CONFIG, check_files=False).entry("a.txt").fields["title"] == "café"
    (tmp_path / "bad.csv").write_bytes(b"file,title\n" + b"a.txt,x\n" * 200_000 + b"b.txt,\x81\x8d\n")
    bad = load_manifest(tmp_path / "bad.csv", CONFIG, check_files=False)
    assert len(bad) == 0 and bad.problems == [
        (None, "cannot decode: neither UTF-8 nor Windows-1252 (invalid byte 0x81 at offset 1600017)", "error")]


@given(st.text(alphabet="ab./\\ ", max_size=12))
def test_a_file_name_is_keyed_as_a_posix_path(value):
    from pathlib import PurePosixPath

    from timeline.ingest_manifest import _key

    clean = value.strip().replace("\\", "/")
    assert _key(value) == (PurePosixPath(clean).as_posix() if clean else "")
