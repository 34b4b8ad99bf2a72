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


TEXT_C = ("The commander had been released from prison by the militants after they seized control of the country. "
          "They sheltered the leader for years, prompting the invasion that ended their regime and started the war. "
          "The militants' August takeover surprised the region. "
          "Troops were evacuating allies during the rushed August 2021 withdrawal.")


@pytest.fixture()
def typed_corpus(tmp_path):
    """One document whose sentences carry quotes of several gold events, with their types and dates."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "c.txt").write_text(TEXT_C, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "metadata.csv").write_text("file,doc_id\nc.txt,C\n", encoding="utf-8")
    rows = [
        ("RELEASE", "2021-08", "", "other", "had been released from prison by the militants after they seized control of the country"),
        ("TAKEOVER", "2021-08", "", "capture_of_territory", "The militants' August takeover"),
        ("REGIME", "199", "", "other", "prompting the invasion that ended their regime"),
        ("INVASION", "2001", "", "other", "prompting the invasion that ended their regime and started the war"),
        ("AIRLIFT", "2021-08-14/2021-08-30", "", "withdrawal", "Troops were evacuating allies during the rushed August 2021 withdrawal"),
        ("PULLOUT", "2021-08", "END", "withdrawal", "the rushed August 2021 withdrawal"),
    ]
    pd.DataFrame([{"event_id": e, "date": d, "date_mod": mod, "event_type": t, "doc_ids": "C", "evidence": q}
                  for e, d, mod, t, q in rows]).to_csv(gold / "events.csv", index=False)
    return gold / "events.csv", seeds


def _typed(trigger: str, event_type: str, start: str, end: str, time_text: str | None = None) -> dict:
    """A system mention of document C: its sentence is the one holding ``trigger``."""
    at = TEXT_C.index(trigger)
    s = TEXT_C.rfind(". ", 0, at)
    s = 0 if s < 0 else s + 2
    e = TEXT_C.index(".", at) + 1
    return {"event_id": "x", "mention_id": f"C:{s}", "doc_id": "C", "sentence": TEXT_C[s:e], "char_start": s, "char_end": e,
            "trigger_start": at, "time_start": TEXT_C.index(time_text, s) if time_text else None,
            "event_type": event_type, "date_start": start, "date_end": end}


def _map_typed(gold, seeds, *mentions) -> list[str]:
    from timeline.evaluation.merging import gold_quotes

    mapped = map_mentions(pd.DataFrame(list(mentions)), gold_quotes(gold, seeds))
    return [mapped.get(i) for i in range(len(mentions))]


def test_a_trigger_inside_the_quote_of_another_kind_of_event_maps_to_the_event_it_tells(typed_corpus):
    # "seized" lies in the quote of the release, but it tells the takeover: the one event of the document of its type and date
    seized = _typed("seized", "takeover", "2021-08-01", "2021-08-31")
    released = _typed("released", "other", "2021-08-01", "2021-08-31")
    assert _map_typed(*typed_corpus, seized, released) == ["TAKEOVER", "RELEASE"]


def test_of_two_quotes_holding_the_trigger_the_one_whose_date_agrees_wins(typed_corpus):
    # the shorter quote is the regime's (the 1990s); the invasion mention is dated 2001
    invasion = _typed("invasion", "other", "2001-09-11", "2001-09-11")
    assert _map_typed(*typed_corpus, invasion) == ["INVASION"]


def test_the_quote_holding_the_trigger_wins_over_one_that_only_agrees_better(typed_corpus):
    # "evacuating" is dated to the whole month, coarser than the airlift's days, and the pull-out's quote
    # (inside the airlift's) holds only the time expression: the airlift keeps it
    evacuating = _typed("evacuating", "withdrawal", "2021-08-01", "2021-08-31", time_text="August 2021")
    assert _map_typed(*typed_corpus, evacuating) == ["AIRLIFT"]
