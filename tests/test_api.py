"""The HTTP API: events for scripts, sources and evidence, adding articles, limits."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from flask import Flask
from generated_articles import generated_articles

from timeline import schema
from timeline.api import ApiLimits, make_api, safe_upload_name
from timeline.query import EventQuery, filter_events
from timeline.store import Store


def _client(store: Store, limits: ApiLimits | None = None, **kw):
    app = Flask("timeline-api-test")
    app.register_blueprint(make_api(store, limits=limits, **kw))
    return app.test_client()


def _payload(article: dict) -> dict:
    return {k: article[k] for k in ("text", "title", "publisher", "published")}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A store holding 12 generated articles, added through the API."""
    store = Store(str(tmp_path_factory.mktemp("api") / "timeline.db"))
    client = _client(store)
    resp = client.post("/api/documents", json=[_payload(a) for a in generated_articles(12, seed=5)])
    assert resp.status_code == 201
    yield store, client
    store.close()


@pytest.fixture
def empty(tmp_path):
    store = Store(str(tmp_path / "timeline.db"))
    yield store
    store.close()


# ----------------------------------------------------------------- reading events


def test_events_lists_the_store_event_table_as_json_records(filled):
    store, client = filled
    body = client.get("/api/events").get_json()
    events = store.events()
    assert body["total"] == len(events) > 0
    assert [e["event_id"] for e in body["events"]] == events["event_id"].tolist()[: body["limit"]]
    assert list(body["events"][0]) == list(schema.EVENT_COLUMN_NAMES)
    assert all(isinstance(e["n_sources"], int) for e in body["events"])


def test_events_filter_like_the_app_with_repeated_parameters_for_lists(filled):
    store, client = filled
    events = store.events()
    actors = sorted({a for cell in events["actors"].dropna() for a in cell.split(schema.LIST_SEP)})[:2]
    resp = client.get("/api/events", query_string=[("actor", actors[0]), ("actor", actors[1]), ("start", "2000"), ("end", "2020-06")])
    body = resp.get_json()
    expected = filter_events(events, EventQuery(actors=actors, start="2000", end="2020-06"))
    assert [e["event_id"] for e in body["events"]] == expected["event_id"].tolist()
    assert body["query"] == {"actor": actors, "start": "2000-01-01", "end": "2020-06-30"}


def test_events_pages_with_limit_and_offset(filled):
    _, client = filled
    full = client.get("/api/events").get_json()["events"]
    page = client.get("/api/events?limit=2&offset=1").get_json()
    assert page["limit"] == 2 and page["offset"] == 1
    assert page["events"] == full[1:3]


def test_events_as_csv_are_the_exported_table(filled):
    store, client = filled
    resp = client.get("/api/events?format=csv&type=other")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    got = pd.read_csv(io.BytesIO(resp.data), dtype=str, keep_default_na=False)
    expected = filter_events(store.events(), EventQuery(types=["other"]))
    assert list(got.columns) == list(schema.EVENT_COLUMN_NAMES)
    assert got["event_id"].tolist() == expected["event_id"].tolist()


@pytest.mark.parametrize("query, word", [
    ("start=2021-13", "month"),
    ("format=xml", "format"),
    ("limit=0", "limit"),
    ("limit=abc", "limit"),
    ("offset=-1", "offset"),
])
def test_bad_parameters_are_a_400_that_says_what_is_wrong(filled, query, word):
    _, client = filled
    resp = client.get(f"/api/events?{query}")
    assert resp.status_code == 400
    assert word in resp.get_json()["error"]


def test_a_date_range_that_ends_before_it_starts_matches_nothing(filled):
    _, client = filled
    body = client.get("/api/events?start=2022&end=2021").get_json()
    assert body["total"] == 0 and body["events"] == []


def test_one_event_comes_with_every_source_and_its_evidence(filled):
    store, client = filled
    events = store.events()
    row = events.sort_values("n_sources", ascending=False).iloc[0]
    body = client.get(f"/api/events/{row['event_id']}").get_json()
    assert body["event"]["event_id"] == row["event_id"]
    assert [s["doc_id"] for s in body["sources"]][: row["n_sources"]] == row["doc_ids"].split(schema.LIST_SEP)
    for s in body["sources"]:
        assert s["sentence"] and "".join(seg["text"] for seg in s["segments"]) == s["sentence"]
        text = store.document(s["doc_id"]).text
        assert text[s["char_start"]: s["char_start"] + len(s["sentence"])] == s["sentence"]
    assert len(body["mentions"]) == row["n_mentions"]


def test_an_unknown_event_or_document_is_a_404(filled):
    _, client = filled
    assert client.get("/api/events/ev-0000000000").status_code == 404
    resp = client.get("/api/documents/nope")
    assert resp.status_code == 404 and "nope" in resp.get_json()["error"]


def test_documents_are_listed_without_texts_and_one_comes_with_its_text(filled):
    store, client = filled
    body = client.get("/api/documents?limit=5").get_json()
    assert body["total"] == 12 and len(body["documents"]) == 5
    assert list(body["documents"][0]) == list(schema.DOCUMENT_COLUMN_NAMES)
    doc_id = body["documents"][0]["doc_id"]
    one = client.get(f"/api/documents/{doc_id}").get_json()
    assert one["text"] == store.document(doc_id).text


def test_health_reports_the_store(filled):
    store, client = filled
    body = client.get("/api/health").get_json()
    assert body["status"] == "ok" and body["backend"] == "sqlite"
    assert body["documents"] == 12 and body["events"] == len(store.events())


# ----------------------------------------------------------------- adding articles


def test_posting_one_json_article_adds_it_and_reports_new_events(empty):
    client = _client(empty)
    a = generated_articles(1, seed=8)[0]
    resp = client.post("/api/documents", json={**_payload(a), "id": "mine-1", "url": "https://example.org/1"})
    body = resp.get_json()
    assert resp.status_code == 201
    assert body["added"] == ["mine-1"] and body["skipped"] == []
    assert body["events_added"] == len(empty.events()) > 0
    doc = empty.document("mine-1")
    assert doc.text == a["text"] and doc.published == a["published"] and doc.url == "https://example.org/1"
    assert empty.documents().iloc[0]["published_source"] == "flag"


def test_posting_the_same_article_again_skips_it(empty):
    client = _client(empty)
    a = _payload(generated_articles(1, seed=8)[0])
    first = client.post("/api/documents", json=a).get_json()
    resp = client.post("/api/documents", json=a)
    assert resp.status_code == 200
    assert resp.get_json() == {"added": [], "skipped": first["added"], "events_added": 0, "problems": []}


def test_files_upload_as_multipart_and_names_never_reach_the_file_system(empty, tmp_path):
    client = _client(empty)
    a, b = generated_articles(2, seed=9)
    data = {
        "file": [(io.BytesIO(a["text"].encode()), "../../etc/passwd.txt"),
                 (io.BytesIO(b["text"].encode()), "/tmp/../report.md")],
        "published": "2021-08-27",
    }
    resp = client.post("/api/documents", data=data, content_type="multipart/form-data")
    body = resp.get_json()
    assert resp.status_code == 201, body
    assert body["added"] == ["passwd", "report"]
    stored = empty.document("passwd")
    assert stored.text.strip() == a["text"].strip()
    assert stored.path == "" and empty.document("report").published == "2021-08-27"
    assert not (tmp_path / "passwd.txt").exists()


def test_safe_upload_name_keeps_only_the_last_component():
    assert safe_upload_name("../../etc/passwd") == "passwd"
    assert safe_upload_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_upload_name("..") == "upload.txt"
    assert safe_upload_name("") == "upload.txt"
    assert safe_upload_name("a\x00b.txt") == "ab.txt"


def test_after_adding_the_api_serves_the_new_events_at_once(empty):
    client = _client(empty)
    assert client.get("/api/events").get_json()["total"] == 0
    added = client.post("/api/documents", json=_payload(generated_articles(1, seed=4)[0])).get_json()
    assert client.get("/api/events").get_json()["total"] == added["events_added"] > 0


def test_on_added_is_called_with_the_report(empty):
    seen = []
    client = _client(empty, on_added=seen.append)
    client.post("/api/documents", json=_payload(generated_articles(1, seed=4)[0]))
    assert len(seen) == 1 and seen[0].added


# ----------------------------------------------------------------- limits


SMALL = ApiLimits(max_request_bytes=20_000, max_document_chars=2_000, max_documents=3)


def test_a_body_over_the_size_limit_is_a_413(empty):
    client = _client(empty, SMALL)
    resp = client.post("/api/documents", json={"text": "x " * 15_000})
    assert resp.status_code == 413 and "too large" in resp.get_json()["error"]
    files = {"file": (io.BytesIO(b"word " * 5_000), "big.txt")}
    assert client.post("/api/documents", data=files, content_type="multipart/form-data").status_code == 413


def test_a_document_over_the_length_limit_is_a_413(empty):
    client = _client(empty, SMALL)
    resp = client.post("/api/documents", json={"text": "On Monday the army attacked. " * 100})
    assert resp.status_code == 413 and "too long" in resp.get_json()["error"]
    files = {"file": (io.BytesIO(b"On Monday the army attacked. " * 100), "long.txt")}
    assert client.post("/api/documents", data=files, content_type="multipart/form-data").status_code == 413
    assert empty.counts()["documents"] == 0


def test_too_many_documents_in_one_request_is_a_413(empty):
    client = _client(empty, SMALL)
    resp = client.post("/api/documents", json=[{"text": f"Article {i}."} for i in range(4)])
    assert resp.status_code == 413 and "too many" in resp.get_json()["error"]
    files = {"file": [(io.BytesIO(f"Article {i}.".encode()), f"a{i}.txt") for i in range(4)]}
    assert client.post("/api/documents", data=files, content_type="multipart/form-data").status_code == 413
    jsonl = "\n".join(json.dumps({"text": f"Article {i}."}) for i in range(4)).encode()
    files = {"file": (io.BytesIO(jsonl), "feed.jsonl")}
    assert client.post("/api/documents", data=files, content_type="multipart/form-data").status_code == 413
    assert empty.counts()["documents"] == 0


def test_unsupported_content_and_file_types_are_a_415(empty):
    client = _client(empty)
    resp = client.post("/api/documents", data="plain words", content_type="text/plain")
    assert resp.status_code == 415 and "application/json" in resp.get_json()["error"]
    files = {"file": (io.BytesIO(b"%PDF-1.4"), "paper.pdf")}
    resp = client.post("/api/documents", data=files, content_type="multipart/form-data")
    assert resp.status_code == 415 and ".pdf" not in resp.get_json()["error"].split("supported:")[1]


@pytest.mark.parametrize("body, word", [
    ({"title": "no text"}, "text"),
    ({"text": "   "}, "text"),
    ({"text": "Words.", "published": "someday"}, "date"),
    ({"text": "Words.", "colour": "red"}, "unknown field"),
    ({"text": 42}, "string"),
    ([], "no documents"),
    (["just a string"], "object"),
])
def test_bad_json_articles_are_a_400_that_says_what_is_wrong(empty, body, word):
    resp = _client(empty).post("/api/documents", json=body)
    assert resp.status_code == 400
    assert word in resp.get_json()["error"]
    assert empty.counts()["documents"] == 0


def test_unreadable_json_and_binary_uploads_are_a_400(empty):
    client = _client(empty)
    assert client.post("/api/documents", data="{not json", content_type="application/json").status_code == 400
    files = {"file": (io.BytesIO(b"\x00\x01\x02\x03" * 50), "data.txt")}
    resp = client.post("/api/documents", data=files, content_type="multipart/form-data")
    assert resp.status_code == 400 and "not a text file" in resp.get_json()["error"]


# ----------------------------------------------------------------- the app's uploader


def test_the_app_uploader_adds_files_and_reports_refusals_as_lines(empty):
    from timeline.api import upload_documents

    upload = upload_documents(empty, SMALL)
    a = generated_articles(1, seed=12)[0]
    out = upload([(a["id"] + ".txt", a["text"].encode()), ("notes.pdf", b"%PDF")], "2021-08-27")
    assert out["added"] == [] and "unsupported file type" in out["problems"][0]
    out = upload([(a["id"] + ".txt", a["text"].encode())], a["published"])
    assert out["added"] == [a["id"]] and out["problems"] == []
    events, mentions, documents = out["tables"]
    assert out["events_added"] == len(events) > 0 and documents["doc_id"].tolist() == [a["id"]]
    again = upload([("copy.txt", a["text"].encode())], None)
    assert again["added"] == [] and again["skipped"] == [a["id"]]
