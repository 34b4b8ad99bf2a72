"""The app's document library: articles built by the real pipeline, and uploads added to them."""

from __future__ import annotations

import pytest

from dash_app.library import DocumentLibrary
from timeline.pipeline import seeds_dir

ARTICLE = (
    "Suicide bomber kills dozens at Kunduz mosque\n\n"
    "A suicide bombing at a Shiite mosque in Kunduz on Friday killed at least 50 worshippers, officials said. "
    "The Islamic State claimed responsibility for the attack.\n"
)


@pytest.fixture(scope="module")
def library():
    return DocumentLibrary([seeds_dir()])


def test_the_seed_articles_are_built_into_tables(library):
    data = library.data
    assert len(data.documents) == 5 and len(data.events) > 10
    assert set(data.mentions["event_id"]) <= set(data.events["event_id"])
    assert library.problems == []


def test_uploads_go_in_and_bad_files_are_named(library):
    before = set(library.data.events["event_id"])
    result = library.add_documents([("kunduz.txt", ARTICLE.encode()), ("noise.txt", b"\x00\xff\x00\xfe" * 50)], "2021-10-09")
    assert result["added"] == ["kunduz"]
    assert any(p.startswith("noise.txt") for p in result["problems"])
    events, mentions, documents = result["tables"]
    assert "kunduz" in set(documents["doc_id"])
    new = set(events["event_id"]) - before
    assert new and result["events_added"] == len(events) - len(before)
    assert (mentions[mentions["event_id"].isin(new)]["doc_id"] == "kunduz").any()
    assert documents.loc[documents["doc_id"] == "kunduz", "published"].iloc[0] == "2021-10-09"


def test_the_same_text_twice_is_reported_not_duplicated(library):
    text = ARTICLE.replace("Kunduz", "Kandahar").encode()
    assert library.add_documents([("kandahar.txt", text)], "2021-10-16")["added"] == ["kandahar"]
    again = library.add_documents([("kandahar-copy.txt", text)], "2021-10-16")
    assert again["added"] == [] and "already in the timeline" in again["problems"][0]


def test_a_new_text_under_a_taken_name_gets_its_own_id(library):
    first = library.add_documents([("herat.txt", ARTICLE.replace("Kunduz", "Herat").encode())], "2021-11-01")
    second = library.add_documents([("herat.txt", ARTICLE.replace("Kunduz", "Herat city").encode())], "2021-11-01")
    assert first["added"] == ["herat"] and second["added"] == ["herat-2"]
