"""A document knows its content hash, so the same content is recognized twice."""

from timeline.document import Document, content_hash


def test_hash_ignores_line_endings_and_trailing_space():
    assert content_hash("a line\r\nanother  \r\n") == content_hash("a line\nanother\n")


def test_hash_differs_for_different_text():
    assert content_hash("Kabul, Aug. 26") != content_hash("Kabul, Aug. 27")


def test_document_computes_its_hash():
    d = Document(id="x", text="Some text.")
    assert d.hash == content_hash("Some text.")
    assert d.published is None
