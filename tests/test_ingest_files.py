"""Reading one file or upload into drafts."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

from timeline.ingest_fields import load_config
from timeline.ingest_files import (
    Draft,
    Stream,
    check_head,
    iter_record_drafts,
    read_bytes,
    read_file,
    upload_name,
    walk,
)
from timeline.ingest_problem import IngestProblem

CONFIG = load_config()
DATA = Path(__file__).resolve().parent / "data" / "ingest"


def test_check_head_gives_the_format_or_the_problem():
    assert check_head(b"text", 4, "a.TXT", CONFIG, 100, True) == "text"
    assert check_head(b"", 0, "a.txt", CONFIG, 100, True) == IngestProblem("a.txt", "empty file")
    assert check_head(b"x" * 10, 200, "a.html", CONFIG, 100, True).message == "too large (0.0 MB, limit 0.0 MB)"
    assert check_head(b"x" * 10, 200, "a.jsonl", CONFIG, 100, True) == "jsonl"  # limited per record instead
    assert check_head(b"x", 1, "a.doc", CONFIG, 100, False).level == "notice"
    assert check_head(b"x", 1, "a.doc", CONFIG, 100, True).level == "error"


def test_read_file_returns_picklable_drafts_for_a_single_article():
    result = read_file(str(DATA / "front_matter.md"), True, CONFIG, 10_000)
    assert pickle.loads(pickle.dumps(result)) == result
    (draft,) = result
    assert isinstance(draft, Draft)
    assert draft.id_hint == "front-matter"
    assert draft.fields["published"] == "2021-08-27"  # raw; normalized when the document is made
    assert draft.path == draft.name == str(DATA / "front_matter.md")


def test_read_file_defers_jsonl_and_csv_to_streaming():
    assert read_file(str(DATA / "feed.jsonl"), True, CONFIG, 10_000) == Stream("jsonl")
    assert read_file(str(DATA / "articles.csv"), True, CONFIG, 10_000) == Stream("csv")


def test_record_drafts_get_line_based_id_hints():
    data = b'{"text": "a"}\n{"id": "x", "text": "b"}\n'
    drafts = list(iter_record_drafts(io.BytesIO(data), "jsonl", name="f.jsonl", path="", config=CONFIG, max_bytes=100))
    assert [(d.id_hint, d.fields.get("id"), d.line) for d in drafts] == [("f-1", None, 1), ("f-2", "x", 2)]


def test_read_bytes_never_touches_the_file_system(tmp_path):
    (draft,) = list(read_bytes("article.txt", b"Uploaded text.", CONFIG, 100))
    assert (draft.text, draft.path, draft.name) == ("Uploaded text.", "", "article.txt")


def test_upload_names_lose_every_directory_part():
    assert upload_name("../../etc/passwd") == "passwd"
    assert upload_name(r"C:\Users\me\story.html") == "story.html"
    assert upload_name("") == "upload.txt"


def test_a_folder_past_the_spill_size_is_walked_in_the_same_order(tmp_path, monkeypatch):
    import timeline.ingest_files as files

    names = ["b.txt", "A.txt", "a.txt", "é.txt", "z.txt", "Z.txt", "ab.txt", "a b.txt", ".hidden", "sub", "10.txt", "9.txt"]
    for name in names:
        if name == "sub":
            (tmp_path / name).mkdir()
            (tmp_path / name / "inner.txt").write_text("x")
        else:
            (tmp_path / name).write_text("x")
    for raw in (b"\xff.txt", b"\xc3.txt"):  # names that are not UTF-8 (kept with surrogates)
        (tmp_path / os.fsdecode(raw)).write_text("x")
        names.append(os.fsdecode(raw))
    kept = list(files.sorted_entries(tmp_path))
    assert [n for n, _ in kept] == sorted(n for n in names if not n.startswith("."))
    assert dict(kept)["sub"] is True and dict(kept)["a.txt"] is False
    for spill in (1, 3, 11):
        assert list(files.sorted_entries(tmp_path, spill=spill)) == kept, spill
    monkeypatch.setattr(files, "SPILL_ENTRIES", 2)
    assert [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, CONFIG)][-5:] == [
        "sub/inner.txt", "z.txt", "é.txt", os.fsdecode(b"\xc3.txt"), os.fsdecode(b"\xff.txt")]


def test_walk_is_sorted_and_skips_hidden_entries_and_manifests(tmp_path):
    for rel in ("b/2.txt", "b/1.txt", "a.txt", ".git/x.txt", "manifest.csv", "c.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path, CONFIG)] == ["a.txt", "b/1.txt", "b/2.txt", "c.html"]
