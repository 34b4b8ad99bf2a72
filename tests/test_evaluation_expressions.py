"""Scoring the tagger sentence by sentence against hand-written expectations (``timeline eval expressions``)."""

import json

import pytest

from timeline.evaluation.expressions import (DEFAULT_DIR, errors_against, load_cases, main, score, score_case,
                                             value_matches)
from timeline.temporal import tag


def _item(text, type_, value, mod=None, opt=False):
    return {"text": text, "type": type_, "value": value, "mod": mod, "opt": opt}


def test_values_match_alternatives_a_regex_or_anything():
    assert value_matches("2021-08|2021-W34", "2021-W34")
    assert value_matches(r"re:2021-08-26T15:00(Z)?", "2021-08-26T15:00")
    assert value_matches("*", None)
    assert not value_matches("2021-08", "2021-09")
    assert not value_matches("re:2021.*", None)


def test_an_exact_extent_with_the_right_type_value_and_mod_is_no_error():
    text = "The talks resumed on Aug. 30."
    assert errors_against(text, [_item("Aug. 30", "DATE", "2021-08-30")], tag(text, "2021-08-26")) == []


def test_each_kind_of_error_is_named():
    text = "The talks resumed on Aug. 30 after a week."
    mentions = tag(text, "2021-08-26")
    kinds = [k for k, _, _ in errors_against(text, [_item("Aug. 30", "DATE", "2020-08-30"),
                                                     _item("after a week", "DURATION", "P1W"),
                                                     _item("talks", "DATE", "2021")], mentions)]
    assert kinds == ["wrong", "extent", "missed"]


def test_an_optional_item_may_be_missing_and_a_trap_counts_false_positives():
    text = "He was 20 years old."
    assert errors_against(text, [_item("20 years", "DURATION", "P20Y", opt=True)], tag(text, "2021-08-26")) == []
    trap = "The talks resumed on Aug. 30."
    assert [k for k, _, _ in errors_against(trap, [], tag(trap, "2021-08-26"))] == ["false positive"]


def test_an_expected_extent_missing_from_its_sentence_is_a_broken_case():
    with pytest.raises(ValueError, match="not in"):
        errors_against("On Monday.", [_item("Tuesday", "DATE", "*")], [])


def test_a_case_is_scored_against_its_closest_annotation(tmp_path):
    case = {"category": "pair", "dct": "2021-08-26", "text": "On Monday, Aug. 23, he signed.",
            "expected": [[_item("Monday", "DATE", "2021-08-23"), _item("Aug. 23", "DATE", "2021-08-23")],
                         [_item("Monday, Aug. 23", "DATE", "2021-08-23")]]}
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    (result,) = [score_case(c) for c in load_cases(path)]
    assert result.right and result.case.name == "cases:1"


def test_the_shipped_cases_load_and_name_extents_their_sentences_hold():
    cases = load_cases(DEFAULT_DIR)
    assert len(cases) >= 1000
    assert {c.name.split(":")[0] for c in cases} == {"us_wire", "world_styles", "wire_and_conflict", "fresh_desks",
                                                      "world_desks", "feature_desks", "year_turn",
                                                      "conflict_desks", "international_desks",
                                                      "general_desks", "markets_desks", "civic_sport_desks",
                                                      "explainers_live", "everyday_mix",
                                                      "regional_science_tech", "desks_two",
                                                      "sports_business_local", "crime_health_politics",
                                                      "tech_culture_travel", "aid_climate_diplomacy",
                                                      "war_and_peace", "lives_and_histories", "voices_and_columns",
                                                      "schedules_and_deadlines"}
    for c in cases:
        for items in c.expected:
            for item in items:
                assert any(extent in c.text for extent in item["text"].split("|")), c.name


def test_scores_count_cases_by_file_and_category(tmp_path):
    lines = [{"category": "dates", "dct": "2021-08-26", "text": "It ended on Aug. 30.",
              "expected": [[_item("Aug. 30", "DATE", "2021-08-30")]]},
             {"category": "traps", "dct": "2021-08-26", "text": "Add 3/4/5 of the mix.", "expected": [[]]}]
    (tmp_path / "set.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    s = score(load_cases(tmp_path))
    assert (s["cases"], s["right"]) == (2, 2)
    assert s["files"] == {"set": [2, 2]} and s["categories"] == {"dates": [1, 1], "traps": [1, 1]}


def test_the_command_reports_and_refuses_a_missing_path(tmp_path, capsys):
    assert main([str(tmp_path / "none.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_tagger_gets_nine_in_ten_shipped_sentences_fully_right():
    s = score(load_cases(DEFAULT_DIR))
    assert s["right"] / s["cases"] >= 0.9, s["errors"]
