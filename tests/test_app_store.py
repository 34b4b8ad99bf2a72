"""The app over a store: the seed articles in a real SQLite file, uploads added to it, its API on the same server."""

from __future__ import annotations

import pytest

from dash_app.app import app_for_store
from timeline.pipeline import seeds_dir
from timeline.store import Store, ingest_paths

ARTICLE = (
    "Suicide bomber kills dozens at Kunduz mosque\n\n"
    "A suicide bombing at a Shiite mosque in Kunduz on Friday killed at least 50 worshippers, officials said. "
    "The Islamic State claimed responsibility for the attack.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = Store(str(tmp_path_factory.mktemp("store") / "timeline.db"))
    ingest_paths(store, [seeds_dir()])
    app = app_for_store(store)
    return store, app


def test_the_app_shows_the_stores_tables(site):
    store, app = site
    data = app.timeline_data
    assert len(data.documents) == 5 and len(data.events) > 10
    assert set(data.events["event_id"]) == set(store.events()["event_id"])


def test_uploads_go_into_the_store_and_bad_files_are_named(site):
    store, app = site
    before = set(app.timeline_data.events["event_id"])
    result = app.timeline_add_documents([("kunduz.txt", ARTICLE.encode()), ("noise.txt", b"\x00\xff\x00\xfe" * 50)], "2021-10-09")
    assert result["added"] == ["kunduz"]
    assert any("noise.txt" in p for p in result["problems"])
    docs = store.documents()
    assert docs.loc[docs["doc_id"] == "kunduz", "published"].iloc[0] == "2021-10-09"
    events = store.events()
    new = set(events["event_id"]) - before
    assert new and result["events_added"] >= 1
    mentions = store.mentions()
    assert (mentions[mentions["event_id"].isin(new)]["doc_id"] == "kunduz").any()


def test_the_same_text_twice_is_kept_once(site):
    store, app = site
    text = ARTICLE.replace("Kunduz", "Kandahar").encode()
    assert app.timeline_add_documents([("kandahar.txt", text)], "2021-10-16")["added"] == ["kandahar"]
    again = app.timeline_add_documents([("kandahar-copy.txt", text)], "2021-10-16")
    assert again["added"] == []
    assert (store.documents()["hash"].value_counts() == 1).all()


def test_the_api_is_served_by_the_app(site):
    store, app = site
    client = app.server.test_client()
    assert client.get("/api/health").status_code == 200
    got = client.get("/api/events?actor=Taliban").get_json()
    assert got
