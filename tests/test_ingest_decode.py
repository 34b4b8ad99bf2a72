"""Bytes to text: binary sniffing, encoding fallback, line endings."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, strategies as st

from timeline.ingest_decode import (Decoded, NotText, decode_bytes, decode_line, load_signatures, normalize_newlines,
                                    open_text, sniff_binary)


def test_utf8_is_decoded_and_its_bom_removed():
    assert decode_bytes("\ufeffcafé".encode("utf-8")) == Decoded("café", "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + b"x").text == "x"


def test_windows_1252_is_the_fallback_and_is_flagged():
    got = decode_bytes(b"caf\xe9 \x93quoted\x94")
    assert got.text == "café “quoted”"
    assert got.encoding == "cp1252" and got.fallback


def test_a_declared_charset_is_tried_before_windows_1252():
    data = "Ğ".encode("iso-8859-9")  # Turkish G with breve
    assert decode_bytes(data, declared="iso-8859-9").text == "Ğ"
    assert decode_bytes(data).text != "Ğ"
    assert decode_bytes("ok".encode(), declared="no-such-charset").text == "ok"


def test_undecodable_bytes_raise_not_text():
    with pytest.raises(NotText, match="neither UTF-8 nor Windows-1252"):
        decode_bytes(b"abc \x81\x8d\x90")


def test_binary_content_is_recognized():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    assert sniff_binary(png) == "PNG image"
    assert sniff_binary(b"%PDF-1.7\n") == "PDF document"
    assert sniff_binary(b"text with a \x00 NUL") == "binary content"
    assert sniff_binary(b"Plain text. MZ and PK are letters here.") is None
    with pytest.raises(NotText, match=r"not a text file \(PNG image\)"):
        decode_bytes(png)
    with pytest.raises(NotText, match="binary content"):
        decode_bytes(bytes(range(1, 32)) * 50)


def test_utf16_with_a_bom_is_text_despite_its_nul_bytes():
    data = "Kabul".encode("utf-16")
    assert sniff_binary(data) is None
    assert decode_bytes(data) == Decoded("Kabul", "utf-16")
    assert not decode_bytes(data).fallback


def test_line_endings_are_normalized():
    assert normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert decode_bytes(b"a\r\nb").text == "a\nb"


def test_decode_line_falls_back_per_line():
    assert decode_line("é\n".encode()) == ("é\n", "utf-8")
    assert decode_line(b"\xe9\n") == ("é\n", "cp1252")
    with pytest.raises(NotText):
        decode_line(b"\x81")


def test_signature_table_can_be_extended(tmp_path):
    extra = tmp_path / "sig.csv"
    extra.write_text("magic_hex,name\n4d5a9000,Windows executable\n")
    sigs = load_signatures((str(extra),))
    assert sniff_binary(b"MZ\x90\x00rest", sigs) == "Windows executable"
    assert sniff_binary(b"MZ\x90\x00rest") == "binary content"  # packaged table: only the generic NUL rule


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), min_size=1, max_size=200)


@given(_TEXT)
def test_any_utf8_text_round_trips(text):
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")


@given(_TEXT)
def test_crlf_and_lf_files_decode_to_the_same_text(text):
    assert decode_bytes(text.replace("\n", "\r\n").encode("utf-8")).text == text


@pytest.mark.parametrize("data", [
    b"file,id\n\xc3\xa9t\xc3\xa9.txt,1\n",  # UTF-8
    b"\xef\xbb\xbffile,id\na.txt,1\n",  # UTF-8 with a byte-order mark
    b"file,id\n\xe9t\xe9.txt,1\r\n",  # Windows-1252
    "file,id\né.txt,1\n".encode("utf-16"),
    b"x" * 5000 + "\u00e9".encode() * 3 + b"\x81",  # neither, past the first block
    b"file,id\n\xe9\x81\n",  # neither
    b"%PDF-1.4 binary",
    b"a\x01\x02\x03\x04\x05" * 100,  # control characters
])
def test_open_text_streams_what_decode_bytes_reads_whole(tmp_path, data):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    try:
        whole = decode_bytes(data)
    except NotText as err:
        with pytest.raises(NotText) as got:
            open_text(path, block=1000)
        assert str(got.value) == str(err)
        return
    stream, encoding = open_text(path, block=1000)
    with stream:
        assert normalize_newlines(stream.read()) == whole.text and encoding == whole.encoding
