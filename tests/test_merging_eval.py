"""Scoring merges against gold event clusters (timeline.evaluation.merging)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from timeline.evaluation.merging import bcubed, main, map_mentions, score_merging

TEXT_A = "The bombing at the airport on Thursday killed 13. Later that week a drone strike hit a car in the city."
TEXT_B = "Thursday's airport bombing was claimed by the group. The drone strike on Sunday killed ten civilians."


@pytest.fixture()
def corpus(tmp_path):
    """Two documents, two gold events each told in both."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (seeds / "b.txt").write_text(TEXT_B, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "metadata.csv").write_text("file,doc_id\na.txt,A\nb.txt,B\n", encoding="utf-8")
    pd.DataFrame([
        {"event_id": "G1", "doc_ids": "A;B", "evidence": "The bombing at the airport on Thursday killed 13 || Thursday's airport bombing was claimed"},
        {"event_id": "G2", "doc_ids": "A;B", "evidence": "a drone strike hit a car in the city || The drone strike on Sunday killed ten civilians"},
    ]).to_csv(gold / "events.csv", index=False)
    return gold / "events.csv", seeds


def _mention(event_id, doc, text, phrase, trigger):
    start = text.index(phrase)
    return {"event_id": event_id, "mention_id": f"{doc}:{start}", "doc_id": doc, "sentence": phrase, "char_start": start,
            "char_end": start + len(phrase), "trigger_start": text.index(trigger, start), "time_start": None}


def _tables(assign):
    """Four system mentions (bombing A, strike A, bombing B, strike B) grouped into system events by ``assign``."""
    ms = [
        _mention(assign[0], "A", TEXT_A, "The bombing at the airport on Thursday killed 13.", "bombing"),
        _mention(assign[1], "A", TEXT_A, "Later that week a drone strike hit a car in the city.", "strike"),
        _mention(assign[2], "B", TEXT_B, "Thursday's airport bombing was claimed by the group.", "bombing"),
        _mention(assign[3], "B", TEXT_B, "The drone strike on Sunday killed ten civilians.", "strike"),
        _mention(assign[0], "A", TEXT_A, "on Thursday", "Thursday"),  # overlaps G1's quote only
    ]
    mentions = pd.DataFrame(ms)
    events = pd.DataFrame({"event_id": sorted(set(assign))})
    return events, mentions


def test_a_perfect_merge_scores_one(corpus):
    gold, seeds = corpus
    s = score_merging(*_tables(["e1", "e2", "e1", "e2"]), gold_csv=gold, seeds_dir=seeds)
    assert (s["bcubed_precision"], s["bcubed_recall"], s["bcubed_f1"]) == (1.0, 1.0, 1.0)
    assert s["n_mapped"] == 5 and s["n_unmapped"] == 0
    assert s["n_split_gold_events"] == 0 and s["n_merged_rows"] == 0
    assert s["n_gold_events_found"] == 2


def test_a_split_event_costs_recall_and_is_reported(corpus):
    gold, seeds = corpus
    # G1 = {a0, a4, b0}: a0 and a4 together, b0 alone; G2 intact
    s = score_merging(*_tables(["e1", "e2", "e3", "e2"]), gold_csv=gold, seeds_dir=seeds)
    assert s["bcubed_precision"] == 1.0
    # recall: a0, a4 -> 2/3 each, b0 -> 1/3, strikes -> 1 each: (2/3+2/3+1/3+1+1)/5
    assert s["bcubed_recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 2) / 5, abs=1e-4)
    assert s["split_gold_events"] == {"G1": ["e1", "e3"]}
    assert s["n_merged_rows"] == 0


def test_an_over_merge_costs_precision_and_is_reported(corpus):
    gold, seeds = corpus
    s = score_merging(*_tables(["e1", "e1", "e1", "e1"]), gold_csv=gold, seeds_dir=seeds)
    assert s["bcubed_recall"] == 1.0
    # every mention shares its one row with 5 mentions, of which 3 (G1) or 2 (G2) are right
    assert s["bcubed_precision"] == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5, abs=1e-4)
    assert s["merged_rows"] == {"e1": ["G1", "G2"]}


def test_mentions_outside_every_gold_quote_are_left_out(corpus):
    gold, seeds = corpus
    events, mentions = _tables(["e1", "e2", "e1", "e2"])
    extra = _mention("e9", "B", TEXT_B, "was claimed by the group", "claimed")
    extra.update(char_start=0, char_end=0, mention_id="B:999")  # an empty span overlaps nothing
    mentions = pd.concat([mentions, pd.DataFrame([extra])], ignore_index=True)
    s = score_merging(events, mentions, gold_csv=gold, seeds_dir=seeds)
    assert s["n_unmapped"] == 1
    assert s["bcubed_f1"] == 1.0


def test_a_sentence_over_two_quotes_maps_by_its_trigger(corpus):
    gold, seeds = corpus
    whole = {"mention_id": "A:0", "doc_id": "A", "sentence": TEXT_A, "char_start": 0, "char_end": len(TEXT_A),
             "trigger_start": TEXT_A.index("drone"), "time_start": None, "event_id": "x"}
    from timeline.evaluation.merging import gold_quotes

    assert map_mentions(pd.DataFrame([whole]), gold_quotes(gold, seeds)) == {0: "G2"}


def test_bcubed_on_a_known_case():
    system = {"a": 1, "b": 1, "c": 2}
    gold = {"a": "x", "b": "y", "c": "y"}
    p, r, f = bcubed(system, gold)
    assert p == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert r == pytest.approx((1 + 1 / 2 + 1 / 2) / 3)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert bcubed({}, {}) == (0.0, 0.0, 0.0)


def test_main_scores_saved_tables(corpus, tmp_path, capsys):
    gold, seeds = corpus
    events, mentions = _tables(["e1", "e2", "e1", "e2"])
    events.to_csv(tmp_path / "e.csv", index=False)
    mentions.to_csv(tmp_path / "m.csv", index=False)
    assert main(["--events", str(tmp_path / "e.csv"), "--mentions", str(tmp_path / "m.csv"), "--gold", str(gold), "--seeds", str(seeds)]) == 0
    assert json.loads(capsys.readouterr().out)["bcubed_f1"] == 1.0
