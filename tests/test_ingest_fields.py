"""Metadata field names, dates, ids and front matter."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from timeline.ingest_fields import as_text, canonical_record, load_config, normalize_date, slugify, split_front_matter


def test_config_maps_extensions_and_field_spellings():
    config = load_config()
    assert config.format_of("a/B.HTM") == "html"
    assert config.format_of("x.md") == "text"
    assert config.format_of("feed.jsonl") == "jsonl"
    assert config.format_of("x.pdf") is None
    assert config.canonical(" Headline ") == "title"
    assert config.canonical("doc_id") == "id"
    assert "manifest.csv" in config.manifest_names


def test_config_can_be_extended_by_a_user_file(tmp_path):
    extra = tmp_path / "mine.json"
    extra.write_text('{"extensions": {"story": "text"}, "fields": {"title": ["hed"]}}')
    config = load_config((str(extra),))
    assert config.format_of("a.story") == "text"
    assert config.canonical("hed") == "title"
    assert config.canonical("headline") == "title"


def test_canonical_record_renames_and_keeps_the_first_non_blank_value():
    rec = canonical_record({"Headline": "", "title": "T", "body": "text", "color": "red", 3: "x"}, load_config())
    assert rec == {"title": "T", "text": "text"}


def test_as_text_flattens_values():
    assert as_text(["A  B", {"name": "C"}, None]) == "A B, C"
    assert as_text(None) == ""
    assert as_text(2021) == "2021"


def test_dates_are_normalized_to_iso_days():
    assert normalize_date("2021-08-27") == "2021-08-27"
    assert normalize_date("2021-08-26T21:40:00-04:00") == "2021-08-26"  # local day kept
    assert normalize_date("2021/8/3") == "2021-08-03"
    assert normalize_date("20210903") == "2021-09-03"
    assert normalize_date("Fri, 27 Aug 2021 15:12:00 GMT") == "2021-08-27"
    assert normalize_date("August 27, 2021") == "2021-08-27"
    assert normalize_date(dt.date(2023, 4, 26)) == "2023-04-26"
    assert normalize_date(dt.datetime(2023, 4, 26, 23, 0)) == "2023-04-26"


def test_dates_that_are_not_a_day_are_refused():
    assert normalize_date("2021-02-30") is None
    assert normalize_date("August 2021") is None
    assert normalize_date("next week") is None
    assert normalize_date("") is None
    assert normalize_date(None) is None


def test_slugify():
    assert slugify("Story One.txt") == "story-one-txt"
    assert slugify("Señor Trumpanzee") == "senor-trumpanzee"
    assert slugify("???") == "doc"
    assert len(slugify("x" * 500)) == 80


def test_front_matter_is_split_and_offsets_refer_to_the_body():
    text = "---\ntitle: 'A: B'\npublished: 2021-08-27\n# a comment\n\n---\nBody starts here."
    fields, body = split_front_matter(text)
    assert fields == {"title": "A: B", "published": "2021-08-27"}
    assert body == "Body starts here."


def test_text_without_valid_front_matter_is_returned_whole():
    for text in ["No front matter.", "---\nJust a rule, then prose.\n---\nMore.", "---\ntitle: never closed\n"]:
        assert split_front_matter(text) == ({}, text)
    assert split_front_matter("---\ntitle: x\n...\nbody") == ({"title": "x"}, "body")


_BODY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(_BODY, st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True), st.from_regex(r"[A-Za-z0-9 ,.:]{1,30}", fullmatch=True).map(str.strip).filter(bool), max_size=4))
def test_front_matter_split_gives_back_the_body_verbatim(body, fields):
    block = "".join(f"{k}: {v}\n" for k, v in fields.items())
    got_fields, got_body = split_front_matter(f"---\n{block}---\n{body}")
    assert got_body == body
    assert got_fields == fields
