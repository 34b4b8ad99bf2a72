"""The whole pipeline: documents in, three tables out."""

from __future__ import annotations

import gc
from datetime import date

import pandas as pd
import pytest

from timeline import schema
from timeline.document import Document
from timeline.pipeline import (build, build_paths, extract_document, full_collections_paused, seeds_dir,
                               with_publication_date)


@pytest.fixture(scope="module")
def seeds():
    return build_paths([seeds_dir()])


def test_seeds_build_into_typed_tables(seeds):
    assert list(seeds.events.columns) == list(schema.EVENT_COLUMN_NAMES)
    assert list(seeds.mentions.columns) == list(schema.MENTION_COLUMN_NAMES)
    assert list(seeds.documents.columns) == list(schema.DOCUMENT_COLUMN_NAMES)
    assert seeds.problems == []
    assert len(seeds.events) > 0


def test_seed_documents_carry_their_manifest_metadata(seeds):
    docs = seeds.documents.set_index("doc_id")
    assert list(docs.index) == [f"seed-00{i}" for i in range(5)]
    assert docs.loc["seed-003", "published"] == "2023-04-26"
    assert docs.loc["seed-004", "publisher"].startswith("South China Morning Post")
    assert (docs["published_source"] == "manifest").all()
    assert (docs["n_time_mentions"] > 0).all()


def test_every_mention_cites_a_sentence_of_its_document(seeds):
    from timeline.ingest import load_documents

    docs, _ = load_documents([seeds_dir()])
    text = {d.id: d.text for d in docs}
    for m in seeds.mentions.itertuples():
        assert text[m.doc_id][m.char_start:m.char_end] == m.sentence


def test_rebuilding_gives_the_same_tables(seeds):
    again = build_paths([seeds_dir()])
    pd.testing.assert_frame_equal(seeds.events, again.events)


def test_a_document_without_a_date_gets_an_inferred_one():
    doc = Document(id="d", text="Published Aug. 27, 2021\n\nThe attack on Thursday killed 13 U.S. troops.")
    dated = with_publication_date(doc)
    assert dated.published == "2021-08-27"
    assert dated.published_source == "inferred"
    assert 0 < dated.published_confidence <= 1


def test_a_document_without_a_date_has_its_times_read_from_the_inferred_date():
    from timeline.temporal import tag

    text = "Talks began on Aug. 20, 2021. A deal followed on Aug. 25, 2021. The talks resume on Monday."
    result = extract_document(Document(id="d", text=text))
    assert result.document.published == "2021-08-25"
    assert result.time_mentions == tag(text, "2021-08-25")
    assert result.time_mentions[-1].value == "2021-08-30"


def test_a_document_with_no_date_to_infer_keeps_its_times_unresolved():
    from timeline.temporal import tag

    text = "The talks resume on Monday, a week after the last round."
    result = extract_document(Document(id="d", text=text))
    assert result.document.published is None
    assert result.time_mentions == tag(text, None)
    assert result.time_mentions[0].value.startswith("XXXX")


def test_a_given_date_is_never_replaced():
    doc = Document(id="d", text="Published Aug. 27, 2021", published="2021-09-01", published_source="flag")
    assert with_publication_date(doc) is doc


def test_relative_dates_are_not_resolved_against_today_when_no_date_is_known():
    doc = Document(id="d", text="The group was founded last year.")
    result = extract_document(doc)
    assert result.document.published is None
    today = date.today()
    for m in result.event_mentions:
        assert str(today.year - 1) not in m.date


def test_build_accepts_documents_directly():
    doc = Document(id="x", text="On March 11, 2023, a suicide bomber killed the governor of Balkh Province in Mazar-i-Sharif.",
                   published="2023-04-11")
    result = build([doc])
    assert len(result.documents) == 1
    assert result.documents.loc[0, "doc_id"] == "x"


def test_full_garbage_collections_pause_inside_a_build_only():
    before = gc.get_threshold()
    with full_collections_paused():
        young, middle, old = gc.get_threshold()
        assert (young, middle) == before[:2] and old >= 1_000_000
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), full_collections_paused():
        raise RuntimeError("a failed build")
    assert gc.get_threshold() == before
