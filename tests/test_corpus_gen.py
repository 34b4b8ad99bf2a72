"""Generated corpora: seed articles moved in time and renamed, consistently."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta

import pytest

from timeline import corpus_gen
from timeline.corpus_gen import generate, name_mapping, rename, rewrite_date, shift_value, write_corpus
from timeline.ingest import load_documents
from timeline.temporal import tag


@pytest.fixture(scope="module")
def seeds():
    return corpus_gen.load_seeds()


@pytest.fixture(scope="module")
def generated(seeds):
    return list(generate(seeds, n_docs=10, seed=0))


def _explicit_days(mentions) -> list[str]:
    """Day values written with their year ("Aug. 26, 2021", "2023-04-25")."""
    return [m.value[:10] for m in mentions
            if m.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.value[:10]) and re.search(r"\b\d{4}\b", m.text)]


def _shift(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def test_every_seed_with_a_date_is_used(seeds):
    assert len(seeds) == 5
    assert all(s.document.published for s in seeds)
    assert all(s.mentions for s in seeds)


def test_publication_dates_move_by_whole_weeks(seeds, generated):
    by_id = {s.document.id: s.document for s in seeds}
    shifts = set()
    for g in generated:
        original = date.fromisoformat(by_id[g.seed_id].published)
        moved = date.fromisoformat(g.document.published)
        assert moved - original == timedelta(days=g.shift_days)
        assert g.shift_days % 7 == 0
        assert moved.weekday() == original.weekday()
        shifts.add(g.shift_days)
    assert len(shifts) > 5  # documents are spread over time


def test_explicit_dates_move_with_the_publication_date(seeds, generated):
    by_id = {s.document.id: s for s in seeds}
    checked = 0
    for g in generated:
        seed = by_id[g.seed_id]
        before = _explicit_days(seed.mentions)
        after = _explicit_days(tag(g.document.text, dct=g.document.published))
        assert sorted(after) == sorted(_shift(v, g.shift_days) for v in before)
        checked += len(before)
    assert checked > 0


def test_relative_expressions_are_kept_and_resolve_to_the_moved_days(seeds, generated):
    by_id = {s.document.id: s for s in seeds}
    checked = 0
    for g in generated:
        seed = by_id[g.seed_id]
        moved = {(m.text, m.value) for m in tag(g.document.text, dct=g.document.published)}
        for m in seed.mentions:
            relative = m.anchor == "dct" and not re.search(r"\d", m.text)
            if relative and m.type == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.value):
                assert (m.text, _shift(m.value, g.shift_days)) in moved
                checked += 1
    assert checked > 0


def test_rewriting_keeps_the_style_of_the_date():
    assert rewrite_date("Aug. 26, 2021", "2021-08-26", 21) == "Sept. 16, 2021"
    assert rewrite_date("August 26, 2021", "2021-08-26", -7 * 52) == "August 27, 2020"
    assert rewrite_date("the 26th of August", "2021-08-26", 7) == "the 2nd of September"
    assert rewrite_date("2023-04-25", "2023-04-25", 14) == "2023-05-09"
    assert rewrite_date("late August 2021", "2021-08", 35) == "late September 2021"
    assert rewrite_date("in 2001", "2001", 7 * 52 * 3) == "in 2004"
    assert rewrite_date("Thursday", "2021-08-26", 14) is None
    assert rewrite_date("last year", "2020", 364) is None
    assert shift_value("P20Y", 7) is None and shift_value("2011-SP", 7) is None


def test_people_and_places_are_renamed_consistently_within_a_document():
    text = "Joe Biden spoke in Kabul. Later Biden said Kabul was calm."
    mapping = name_mapping(text, random.Random(0))
    out = rename(text, mapping)
    assert "Biden" not in out and "Kabul" not in out
    new_full, new_family = mapping["Joe Biden"], mapping["Biden"]
    assert new_full.endswith(" " + new_family)
    assert out.count(new_family) == 2
    assert out.count(mapping["Kabul"]) == 2


def test_the_corpus_reaches_the_size_asked_for(seeds):
    target = 150_000
    docs = list(generate(seeds, n_bytes=target, seed=1))
    size = sum(len(g.document.text.encode("utf-8")) for g in docs)
    largest = max(len(s.document.text.encode("utf-8")) for s in seeds)
    assert target <= size < target + largest


def test_the_same_seed_gives_the_same_corpus(seeds):
    a = [g.document for g in generate(seeds, n_docs=6, seed=7)]
    b = [g.document for g in generate(seeds, n_docs=6, seed=7)]
    c = [g.document for g in generate(seeds, n_docs=6, seed=8)]
    assert a == b
    assert [d.published for d in a] != [d.published for d in c]


def test_a_written_text_corpus_reads_back_with_its_dates(generated, tmp_path):
    write_corpus(generated, tmp_path)
    docs, problems = load_documents([tmp_path])
    assert problems == []
    assert {d.id: d.published for d in docs} == {g.document.id: g.document.published for g in generated}
    assert {d.id: d.text for d in docs} == {g.document.id: g.document.text for g in generated}


def test_the_command_writes_a_jsonl_corpus(tmp_path):
    out = tmp_path / "corpus.jsonl"
    assert corpus_gen.main(["--mb", "0.05", "--out", str(out), "--format", "jsonl", "--seed", "2"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert sum(len(r["text"].encode("utf-8")) for r in records) >= 50_000
    docs, problems = load_documents([out])
    assert problems == [] and len(docs) == len(records)
    assert [d.published for d in docs] == [r["published"] for r in records]


def test_years_sets_how_far_back_the_articles_are_spread(seeds):
    near = [g.shift_days for g in generate(seeds, n_docs=60, seed=0, years=1)]
    far = [g.shift_days for g in generate(seeds, n_docs=60, seed=0, years=30)]
    assert all(-7 * 52 <= d <= 7 * 52 for d in near)
    assert min(far) < -7 * 52 * 10  # some articles moved further back than the default ten years
    assert all(d % 7 == 0 for d in near + far)
