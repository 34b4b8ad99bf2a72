"""Loading articles from files, folders, uploads and raw text."""

from __future__ import annotations

import csv
import json
import os
import pickle
import time
from pathlib import Path

import pytest

from timeline.document import Document
from timeline.ingest import (
    DEFAULT_MAX_BYTES,
    IngestProblem,
    document_from_text,
    iter_documents,
    load_documents,
    read_upload,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "ingest"
GOLD_METADATA = Path(__file__).resolve().parent / "data" / "gold" / "seeds" / "metadata.csv"


def by_id(docs):
    return {d.id: d for d in docs}


def errors(problems):
    return [p for p in problems if p.level == "error"]


def notices(problems):
    return [p for p in problems if p.level == "notice"]


# --- the seeds -------------------------------------------------------------------------


def test_seed_folder_gives_the_five_gold_documents_with_their_dcts():
    docs, problems = load_documents([SEEDS])
    assert problems == []
    with open(GOLD_METADATA, newline="", encoding="utf-8") as f:
        gold = {row["doc_id"]: row for row in csv.DictReader(f)}
    assert [d.id for d in docs] == sorted(gold)
    for doc in docs:
        row = gold[doc.id]
        assert doc.published == row["published"]
        assert doc.published_source == "manifest"
        assert Path(doc.path).name == row["file"]
        assert doc.publisher and doc.title


def test_seed_texts_are_the_files_verbatim_so_gold_offsets_hold():
    docs, _ = load_documents(SEEDS)
    for doc in docs:
        assert doc.text == Path(doc.path).read_text(encoding="utf-8")
    mentions = Path(__file__).resolve().parent / "data" / "gold" / "seeds" / "mentions.csv"
    texts = by_id(docs)
    with open(mentions, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = texts[row["doc_id"]].text
            assert text[int(row["char_start"]) : int(row["char_end"])] == row["text"]


def test_seed_manifest_authors_are_short_and_say_when_unverified():
    docs, _ = load_documents(SEEDS)
    authors = {d.id: d.author for d in docs}
    assert authors["seed-000"] == "Joshua Keating (unverified)"
    assert authors["seed-004"] == "Tom Hussain"
    assert all(len(a) < 40 for a in authors.values())


def test_manifest_file_is_never_ingested_as_an_article():
    docs, _ = load_documents([SEEDS])
    assert not any(Path(d.path).name == "manifest.csv" for d in docs)


# --- formats ----------------------------------------------------------------------------


def test_html_text_comes_from_the_article_and_metadata_from_meta_tags():
    docs, problems = load_documents([DATA / "article_meta.html"])
    assert problems == []
    (doc,) = docs
    assert doc.title == "Blast at Kabul airport kills dozens"
    assert doc.author == "Jane Reporter"
    assert doc.publisher == "Example News"
    assert doc.url == "https://news.example.com/2021/08/26/kabul-airport-blast"
    assert doc.published == "2021-08-26"  # the publisher's local day, not converted to UTC
    assert doc.published_source == "file"
    assert "suicide bomber struck a crowd outside Kabul airport on Thursday" in doc.text
    assert "Subscribe today" not in doc.text  # navigation
    assert "All rights reserved" not in doc.text  # footer
    assert "<" not in doc.text


def test_malformed_html_is_still_extracted():
    docs, problems = load_documents([DATA / "malformed.html"])
    assert errors(problems) == []
    (doc,) = docs
    assert "The Taliban said on Friday that they would secure the airport perimeter." in doc.text
    assert "through the weekend" in doc.text
    assert doc.title == "Broken page"


def test_front_matter_gives_metadata_and_is_removed_from_the_text():
    docs, problems = load_documents([DATA / "front_matter.md"])
    assert problems == []
    (doc,) = docs
    assert doc.title == "Taliban and U.S. talks resume"
    assert doc.published == "2021-08-27"
    assert doc.published_source == "file"
    assert doc.author == "Sam Writer"
    assert doc.publisher == "Example Wire"
    assert doc.url == "https://wire.example.org/talks"
    assert doc.text.startswith("U.S. officials met Taliban leaders")
    assert "---" not in doc.text
    start = doc.text.index("Friday")
    assert doc.text[start : start + 6] == "Friday"


def test_jsonl_bad_lines_are_reported_by_line_and_other_lines_load():
    docs, problems = load_documents([DATA / "feed.jsonl"])
    assert [d.id for d in docs] == ["wire-1", "feed-2", "wire-6"]
    assert by_id(docs)["feed-2"].published == "2021-09-02"
    assert by_id(docs)["wire-1"].title == "Pentagon briefing"
    assert [(p.line, p.level) for p in problems] == [(3, "error"), (4, "error"), (5, "error")]
    assert str(problems[0]).startswith(f"{DATA / 'feed.jsonl'}, line 3: invalid JSON")
    assert str(problems[1]).endswith("line 4: not a JSON object (got list)")
    assert str(problems[2]).endswith("line 5: no 'text' field")


def test_csv_rows_load_with_row_numbers_in_problems():
    docs, problems = load_documents([DATA / "articles.csv"])
    assert [d.id for d in docs] == ["csv-1", "articles-3", "csv-4"]
    multi = by_id(docs)["articles-3"]
    assert multi.text == "First paragraph of a row.\nSecond paragraph, in the same quoted cell."
    assert by_id(docs)["csv-1"].published == "2023-04-25"
    assert by_id(docs)["csv-4"].published is None
    assert [str(p).split(f"{DATA / 'articles.csv'}, ")[1] for p in problems] == [
        "row 5: empty text",
        "row 6: unreadable published date 'sometime soon'; ignored",
    ]
    assert [p.level for p in problems] == ["error", "notice"]


def test_cp1252_text_is_decoded_with_a_notice_not_an_error():
    docs, problems = load_documents([DATA / "cp1252.txt"])
    (doc,) = docs
    assert doc.text.startswith("The café near the embassy closed on Monday. A spokesman called it “a precaution” – nothing more.\n")
    assert "\r" not in doc.text
    (notice,) = problems
    assert notice.level == "notice"
    assert str(notice) == f"{DATA / 'cp1252.txt'}: not UTF-8; decoded as Windows-1252"


def test_a_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Third article.")
    (tmp_path / "b" / "a.txt").write_text("Second article.")
    (tmp_path / "a.txt").write_text("First article.")
    (tmp_path / ".hidden.txt").write_text("Never read.")
    docs, problems = load_documents([tmp_path])
    assert [d.text for d in docs] == ["First article.", "Second article.", "Third article."]
    assert [d.id for d in docs] == ["a", "a-2", "z"]
    assert problems == []


def test_a_symlink_loop_in_a_folder_is_walked_once(tmp_path):
    (tmp_path / "a.txt").write_text("Only article.")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    docs, problems = load_documents([tmp_path])
    assert [d.text for d in docs] == ["Only article."]
    assert problems == []


# --- bad input ---------------------------------------------------------------------------


def test_each_bad_input_is_one_line_and_the_rest_of_the_batch_loads(tmp_path):
    (tmp_path / "good.txt").write_text("A good article about the Taliban.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n")
    (tmp_path / "x.bin").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (tmp_path / "undecodable.txt").write_bytes(b"ok \x81\x8d\x8f\x90\x9d bytes")
    (tmp_path / "notes.pdfx").write_text("plain text under an unknown extension")
    (tmp_path / "pixel.png").write_bytes((DATA / "pixel.png").read_bytes())
    (tmp_path / "nav.html").write_text((DATA / "no_article.html").read_text())
    docs, problems = load_documents([tmp_path, tmp_path / "missing.txt"])
    assert [d.id for d in docs] == ["good"]
    lines = {Path(p.path).name: (p.level, p.message) for p in problems}
    assert lines == {
        "blank.txt": ("error", "empty file (whitespace only)"),
        "empty.txt": ("error", "empty file"),
        "missing.txt": ("error", "no such file or directory"),
        "nav.html": ("error", "no article text found in the HTML page"),
        "notes.pdfx": ("notice", lines["notes.pdfx"][1]),
        "pixel.png": ("error", "not a text file (PNG image)"),
        "undecodable.txt": ("error", lines["undecodable.txt"][1]),
        "x.bin": ("error", "not a text file (binary content)"),
    }
    assert lines["notes.pdfx"][1].startswith("unsupported file type .pdfx; skipped")
    assert lines["undecodable.txt"][1].startswith("cannot decode: neither UTF-8 nor Windows-1252")
    assert str(next(p for p in problems if p.path.endswith("x.bin"))) == f"{tmp_path / 'x.bin'}: not a text file (binary content)"
    for p in problems:
        assert "\n" not in str(p)


def test_front_matter_without_a_body_is_an_error(tmp_path):
    (tmp_path / "meta_only.md").write_text("---\ntitle: Only metadata\n---\n\n")
    docs, problems = load_documents([tmp_path])
    assert docs == []
    assert [str(p) for p in problems] == [f"{tmp_path / 'meta_only.md'}: no text after the front matter"]


def test_an_html_page_that_declares_its_legacy_charset_gets_no_notice():
    page = b"<html><head><meta charset='windows-1252'></head><body><p>caf\xe9 \x93open\x94</p></body></html>"
    (doc,) = list(read_upload("page.html", page))
    assert doc.text == "café “open”"
    items = list(read_upload("page.html", page.replace(b"<meta charset='windows-1252'>", b"")))
    assert [str(i) for i in items if isinstance(i, IngestProblem)] == ["page.html: not UTF-8; decoded as Windows-1252"]


def test_a_path_that_is_not_a_regular_file_is_an_error(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _, problems = load_documents([fifo])
    assert [str(p) for p in problems] == [f"{fifo}: not a regular file"]


def test_a_file_named_explicitly_with_an_unsupported_extension_is_an_error(tmp_path):
    f = tmp_path / "report.docx.txtx"
    f.write_text("text")
    _, problems = load_documents([f])
    assert [p.level for p in problems] == ["error"]
    assert "unsupported file type .txtx" in str(problems[0])


def test_a_document_over_the_size_limit_is_one_error(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 3000)
    (tmp_path / "small.txt").write_text("Small article.")
    docs, problems = load_documents([tmp_path], max_bytes=10_000)
    assert [d.id for d in docs] == ["small"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'big.txt'}: too large (0.0 MB, limit 0.0 MB)"]


def test_a_huge_file_is_rejected_from_its_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.write(b"An article that goes on and on. " * 512)
        f.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    started = time.perf_counter()
    docs, problems = load_documents([huge])
    assert docs == []
    assert str(problems[0]) == f"{huge}: too large (2147.5 MB, limit {DEFAULT_MAX_BYTES / 1e6:.1f} MB)"
    assert time.perf_counter() - started < 5


def test_bom_is_stripped_and_line_endings_normalized(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffFirst line.\r\nSecond line.\rThird.".encode("utf-8"))
    (doc,), problems = load_documents([tmp_path / "bom.txt"])
    assert problems == []
    assert doc.text == "First line.\nSecond line.\nThird."


def test_utf16_with_bom_is_text(tmp_path):
    (tmp_path / "wide.txt").write_bytes("Kabul, 26 August.".encode("utf-16"))
    (doc,), problems = load_documents([tmp_path / "wide.txt"])
    assert doc.text == "Kabul, 26 August."
    assert problems == []


# --- metadata precedence -----------------------------------------------------------------


def _folder_with_manifest(tmp_path, rows):
    with open(tmp_path / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["file", "id", "title", "publisher", "author", "url", "published"])
        w.writeheader()
        for row in rows:
            w.writerow(row)


def test_published_flag_dates_only_documents_without_a_date(tmp_path):
    (tmp_path / "dated.md").write_text("---\npublished: 2021-08-27\n---\nDated article.")
    (tmp_path / "undated.txt").write_text("Undated article.")
    (tmp_path / "listed.txt").write_text("Listed article.")
    _folder_with_manifest(tmp_path, [{"file": "listed.txt", "id": "L1", "published": "2023-04-26"}])
    docs, problems = load_documents([tmp_path], published="2020-01-01")
    got = {d.id: (d.published, d.published_source) for d in docs}
    assert got == {
        "dated": ("2021-08-27", "file"),
        "L1": ("2023-04-26", "manifest"),
        "undated": ("2020-01-01", "flag"),
    }
    assert problems == []


def test_manifest_beats_the_file_field_by_field(tmp_path):
    (tmp_path / "page.html").write_text((DATA / "article_meta.html").read_text())
    _folder_with_manifest(tmp_path, [{"file": "page.html", "id": "p-1", "title": "", "publisher": "Corrected Publisher", "published": "2021-08-27"}])
    (doc,), _ = load_documents([tmp_path])
    assert doc.id == "p-1"
    assert doc.publisher == "Corrected Publisher"  # from the manifest
    assert doc.title == "Blast at Kabul airport kills dozens"  # manifest cell empty: the page's own
    assert (doc.published, doc.published_source) == ("2021-08-27", "manifest")


def test_manifests_beside_files_are_let_go_folder_by_folder_and_their_problems_reported_once(tmp_path, monkeypatch):
    import timeline.ingest as ingest

    monkeypatch.setattr(ingest._Manifests, "KEPT_FOLDERS", 1)
    for name in ("x", "y"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(f"Article {name}.")
        (tmp_path / name / "b.txt").write_text(f"Another article {name}.")
        _folder_with_manifest(tmp_path / name, [{"file": "a.txt", "id": f"{name}-1", "published": "2021-08-27"},
                                                {"file": "b.txt", "id": f"{name}-2", "published": "2021-08-28"},
                                                {"file": "gone.txt", "id": f"{name}-3"}])
    paths = [tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", tmp_path / "x" / "b.txt"]
    docs, problems = load_documents(paths)
    assert [(d.id, d.published) for d in docs] == [("x-1", "2021-08-27"), ("y-1", "2021-08-27"), ("x-2", "2021-08-28")]
    assert sorted((Path(p.path).parent.name, p.message) for p in problems) == [
        ("x", "no such file: gone.txt"), ("y", "no such file: gone.txt")]


def test_an_explicit_manifest_is_matched_by_file_name(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text("Article one.")
    manifest = tmp_path / "meta.csv"
    manifest.write_text("file,doc_id,published\none.txt,first,2021-09-03\n")
    (doc,), problems = load_documents([tmp_path / "docs"], manifest=manifest)
    assert (doc.id, doc.published, doc.published_source) == ("first", "2021-09-03", "manifest")
    assert problems == []


def test_manifests_are_never_read_as_articles(tmp_path):
    (tmp_path / "a.txt").write_text("Article a.")
    (tmp_path / "meta.csv").write_text("file,id\na.txt,A\n")
    _folder_with_manifest(tmp_path, [])
    docs, problems = load_documents([tmp_path, tmp_path / "manifest.csv"], manifest=tmp_path / "meta.csv")
    assert [d.id for d in docs] == ["A"]
    assert [(p.level, str(p)) for p in problems] == [("notice", f"{tmp_path / 'manifest.csv'}: a manifest, not an article; skipped")]


def test_manifest_problems_name_the_manifest_row(tmp_path):
    (tmp_path / "a.txt").write_text("Article a.")
    _folder_with_manifest(tmp_path, [{"file": "a.txt", "published": "not a date"}, {"file": "gone.txt", "id": "g"}])
    docs, problems = load_documents([tmp_path])
    assert [d.id for d in docs] == ["a"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'manifest.csv'}, row 2: unreadable published date 'not a date'; ignored",
        f"{tmp_path / 'manifest.csv'}, row 3: no such file: gone.txt",
    ]
    assert all(p.level == "notice" for p in problems)


def test_an_unreadable_published_flag_is_refused():
    with pytest.raises(ValueError, match="cannot read the publication date"):
        load_documents([SEEDS], published="next Thursday-ish")


# --- ids and duplicates ------------------------------------------------------------------


def test_same_content_twice_is_one_document_and_a_notice(tmp_path):
    text = "The same article, ingested twice.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode())
    docs, problems = load_documents([tmp_path])
    assert [d.id for d in docs] == ["a"]
    (notice,) = problems
    assert (notice.level, str(notice)) == ("notice", f"{tmp_path / 'b.txt'}: duplicate of a (same content); skipped")


def test_ids_are_unique_within_a_run(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "Story One.txt").write_text("First text.")
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "story-one.txt").write_text("Second text.")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "feed.jsonl").write_text(
        json.dumps({"id": "story-one", "text": "Third text."}) + "\n" + json.dumps({"text": "Fourth text."}) + "\n"
    )
    docs, problems = load_documents([tmp_path])
    assert [d.id for d in docs] == ["story-one", "story-one-2", "story-one-3", "feed-2"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'z' / 'feed.jsonl'}, line 1: id 'story-one' is already used; renamed 'story-one-3'",
    ]


# --- streaming ---------------------------------------------------------------------------


def test_documents_are_streamed_one_at_a_time(tmp_path):
    (tmp_path / "a.txt").write_text("First.")
    (tmp_path / "b.txt").write_text("Second.")
    stream = iter_documents([tmp_path])
    first = next(stream)
    assert isinstance(first, Document) and first.text == "First."
    (tmp_path / "b.txt").write_text("Changed after the first document was read.")
    second = next(stream)
    assert second.text == "Changed after the first document was read."


def test_documents_and_problems_are_picklable():
    docs, _ = load_documents([SEEDS])
    assert pickle.loads(pickle.dumps(docs)) == docs
    problem = IngestProblem("x.jsonl", "invalid JSON", "error", 3)
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert str(problem) == "x.jsonl, line 3: invalid JSON"


# --- uploads and raw text ----------------------------------------------------------------


def test_upload_uses_the_file_name_only_for_format_and_id():
    data = (DATA / "article_meta.html").read_bytes()
    (doc,) = list(read_upload("../../etc/passwd/kabul report.html", data))
    assert doc.id == "kabul-report"
    assert doc.path == ""
    assert doc.publisher == "Example News"
    (doc,) = list(read_upload(r"C:\Users\me\notes.txt", b"Plain upload text.", published="2021-08-30"))
    assert (doc.id, doc.published, doc.published_source) == ("notes", "2021-08-30", "flag")


def test_upload_of_jsonl_and_bad_bytes():
    items = list(read_upload("feed.jsonl", (DATA / "feed.jsonl").read_bytes()))
    assert [i.id for i in items if isinstance(i, Document)] == ["wire-1", "feed-2", "wire-6"]
    assert [str(i) for i in items if isinstance(i, IngestProblem)][0].startswith("feed.jsonl, line 3: invalid JSON")
    (problem,) = list(read_upload("photo.txt", (DATA / "pixel.png").read_bytes()))
    assert str(problem) == "photo.txt: not a text file (PNG image)"
    (problem,) = list(read_upload("big.txt", b"x" * 101, max_bytes=100))
    assert str(problem) == "big.txt: too large (0.0 MB, limit 0.0 MB)"


def test_document_from_text():
    doc = document_from_text("\ufeffLine one.\r\nLine two.", title="Pasted Story", published="27 August 2021")
    assert doc.text == "Line one.\nLine two."
    assert doc.id == "pasted-story"
    assert (doc.published, doc.published_source) == ("2021-08-27", "flag")
    assert document_from_text("x", id="my id").id == "my id"
    assert document_from_text("x", name="dir/notes.md").id == "notes"
    anon = document_from_text("Some text.")
    assert anon.id == "text-" + anon.hash[:10]
    with pytest.raises(ValueError):
        document_from_text("   ")
    with pytest.raises(ValueError):
        document_from_text("text", published="whenever")


def test_reading_with_worker_processes_gives_the_same_output_in_the_same_order(tmp_path):
    for i in range(6):
        (tmp_path / f"page{i}.html").write_text(
            (DATA / "article_meta.html").read_text().replace("dozens of Afghans", f"{i} Afghans")
        )
    (tmp_path / "copy.html").write_text((DATA / "article_meta.html").read_text().replace("dozens of Afghans", "0 Afghans"))
    paths = [SEEDS, DATA, tmp_path, tmp_path / "missing.txt"]
    serial = load_documents(paths, published="2021-09-01")
    parallel = load_documents(paths, published="2021-09-01", workers=2)
    assert parallel == serial
    assert len(serial[0]) == 5 + 10 + 6
    assert any(str(p).endswith("page0.html: duplicate of copy (same content); skipped") for p in serial[1])


def test_users_extend_formats_fields_and_html_rules_with_their_own_files(tmp_path):
    from timeline.ingest_fields import load_config

    (tmp_path / "formats.json").write_text('{"extensions": {".story": "html"}, "fields": {"title": ["hed"]}}')
    (tmp_path / "rules.csv").write_text("field,source,key\npublished,meta-name,x-first-published\n")
    config = load_config((tmp_path / "formats.json",), html_meta=(tmp_path / "rules.csv",))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.story").write_text(
        '<html><head><meta name="x-first-published" content="2021-08-30"></head>'
        "<body><p>The last U.S. flight left Kabul just before midnight.</p></body></html>"
    )
    (corpus / "b.jsonl").write_text('{"hed": "Custom title field", "text": "A record with its own title field."}\n')
    docs, problems = load_documents([corpus], config=config)
    assert problems == []
    assert [(d.id, d.published, d.title) for d in docs] == [("a", "2021-08-30", ""), ("b-1", None, "Custom title field")]
