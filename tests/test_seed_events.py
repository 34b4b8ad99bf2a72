"""The seed-event scorer, and the scores the pipeline reaches on the seed gold (a floor that must not regress)."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from timeline.evaluation.seed_events import load_gold, main, score_events, seed_table, timex_days
from timeline.schema import EVENT_COLUMNS, conform

GOLD = Path(__file__).parent / "data" / "gold" / "seeds"


@pytest.mark.parametrize("value,days", [
    ("2021-08-26", (date(2021, 8, 26), date(2021, 8, 26))),
    ("2021-08", (date(2021, 8, 1), date(2021, 8, 31))),
    ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
    ("199", (date(1990, 1, 1), date(1999, 12, 31))),
    ("2011-SP", (date(2011, 3, 1), date(2011, 5, 31))),
    ("2021-W34", (date(2021, 8, 23), date(2021, 8, 29))),
    ("2023-04-25TNI", (date(2023, 4, 25), date(2023, 4, 25))),
    ("2019/2020", (date(2019, 1, 1), date(2020, 12, 31))),
    ("2022-10/2023-04", (date(2022, 10, 1), date(2023, 4, 30))),
])
def test_timex_days(value, days):
    assert timex_days(value) == days


def frame(rows):
    return conform(pd.DataFrame(rows), EVENT_COLUMNS)


def write_gold(tmp_path, rows):
    head = "event_id,date,precision,event_type,title,actors,perpetrator,target_or_victim,date_mod,status\n"
    p = tmp_path / "events.csv"
    p.write_text(head + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return p


def test_matching_rules(tmp_path):
    gold = write_gold(tmp_path, [
        ("G1", "2021-08-26", "day", "bombing", "t", "ISIS-K; United States", "ISIS-K", "US soldiers", "", "core"),
        ("G2", "2021-08", "month", "withdrawal", "t", "United States", "", "", "END", "core"),
        ("G3", "2001-09-11", "day", "other", "t", "Taliban", "", "", "BEFORE", "optional"),
    ])
    sysdf = frame([
        # right date, shared actors: matches G1 with correct date and roles
        {"date": "2021-08-26", "date_start": "2021-08-26", "date_end": "2021-08-26", "event_type": "bombing",
         "actors": "ISIS-K; United States", "perpetrators": "ISIS-K", "targets": "United States"},
        # a week inside the month of an END-of-month gold date: a match, and the date lies within it
        {"date": "2021-W34", "date_start": "2021-08-23", "date_end": "2021-08-29", "event_type": "withdrawal",
         "actors": "United States"},
        # before 9/11, shares an actor: matches optional G3, neither right nor wrong
        {"date": "1996", "date_start": "1996-01-01", "date_end": "1996-12-31", "event_type": "takeover",
         "actors": "Taliban"},
        # nothing in gold on that date: a false event
        {"date": "2023-01", "date_start": "2023-01-01", "date_end": "2023-01-31", "event_type": "bombing",
         "actors": "ISIS-K"},
    ])
    s = score_events(sysdf, gold)
    assert (s["matched_core"], s["matched_optional"], s["n_system"]) == (2, 1, 4)
    assert s["recall"] == 1.0
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["date_accuracy"] == 1.0
    assert s["actor_f1"] == 1.0
    assert s["role_accuracy"] == 1.0
    assert s["false_events"] == [3]


def test_date_compatible_but_inexact(tmp_path):
    gold = write_gold(tmp_path, [("G1", "2021-08-26", "day", "bombing", "t", "ISIS-K", "", "", "", "core")])
    sysdf = frame([{"date": "2021-W34", "date_start": "2021-08-23", "date_end": "2021-08-29",
                    "event_type": "bombing", "actors": "ISIS-K"}])
    s = score_events(sysdf, gold)
    assert s["recall"] == 1.0 and s["date_accuracy"] == 0.0
    assert s["wrong_date"] == [("G1", "2021-W34", "2021-08-26")]


def test_one_to_one(tmp_path):
    gold = write_gold(tmp_path, [("G1", "2021-08-26", "day", "bombing", "t", "ISIS-K", "", "", "", "core")])
    row = {"date": "2021-08-26", "date_start": "2021-08-26", "date_end": "2021-08-26", "event_type": "bombing",
           "actors": "ISIS-K"}
    s = score_events(frame([row, row]), gold)
    assert (s["matched_core"], s["precision"]) == (1, 0.5)


def test_gold_roles_are_read_from_free_text():
    gold = {g.event_id: g for g in load_gold(GOLD / "events.csv")}
    assert gold["E33"].perpetrators == {"isis-k", "abdul rehman al-loghri"}
    assert "united states" in gold["E33"].targets
    assert gold["E09"].targets == {"osama bin laden"}


# ---------------------------------------------------------------- gold scores (development figures)
# Floors measured on the seeds with the whole pipeline (tag -> extract -> merge). The targets are
# recall >= 0.90, precision >= 0.85, date accuracy >= 0.95. Measured: recall 0.973 (36 of 37 core
# events), precision 1.000, date accuracy 0.972, actor F1 0.763, role accuracy 0.633. The floors are
# one or two events under the level reached, so that a change in another stage (tagging, merging) does
# not break this test while a real regression does.
RECALL_FLOOR = 0.94
PRECISION_FLOOR = 0.94
DATE_ACCURACY_FLOOR = 0.95
ACTOR_F1_FLOOR = 0.74
ROLE_ACCURACY_FLOOR = 0.60


@pytest.fixture(scope="module")
def seed_scores():
    root = Path(__file__).parent.parent
    return score_events(seed_table(root / "seeds", GOLD), GOLD / "events.csv")


def test_gold_score_on_the_seeds(seed_scores):
    assert seed_scores["recall"] >= RECALL_FLOOR
    assert seed_scores["precision"] >= PRECISION_FLOOR
    assert seed_scores["date_accuracy"] >= DATE_ACCURACY_FLOOR
    assert seed_scores["actor_f1"] >= ACTOR_F1_FLOOR
    assert seed_scores["role_accuracy"] >= ROLE_ACCURACY_FLOOR


def test_main_prints_the_scores(capsys):
    root = Path(__file__).parent.parent
    assert main(["--seeds", str(root / "seeds"), "--gold", str(GOLD), "--unmerged"]) == 0
    out = capsys.readouterr().out
    assert "recall" in out and "precision" in out and "date_accuracy" in out


def test_system_after_dates_are_open_intervals(tmp_path):
    gold = write_gold(tmp_path, [
        ("G1", "2001", "year", "other", "t", "United States", "", "", "", "core"),
        ("G2", "2001-09-11", "day", "other", "t", "United States", "", "", "BEFORE", "optional"),
    ])
    sysdf = frame([{"date": "2001-09-11", "date_start": "2001-09-11", "date_end": "2001-09-11", "date_mod": "AFTER",
                    "event_type": "other", "actors": "United States"}])
    s = score_events(sysdf, gold)
    assert (s["matched_core"], s["date_accuracy"]) == (1, 0.0)  # found, but "after 9/11" is not within 2001
