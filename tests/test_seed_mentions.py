"""The tagger on the seed gold: the targets hold (extent recall and value accuracy >= 0.95)."""

from pathlib import Path

from timeline.evaluation.seed_mentions import main, score_seed_mentions

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold" / "seeds"
SEEDS = ROOT / "seeds"


def test_seed_targets_are_met():
    s = score_seed_mentions(gold_dir=str(GOLD), seeds_dir=str(SEEDS))
    assert s["core_gold"] == 90
    assert s["extent_recall"] >= 0.95
    assert s["value_accuracy"] >= 0.95
    assert s["precision"] >= 0.9


def test_details_list_each_problem():
    s = score_seed_mentions(gold_dir=str(GOLD), seeds_dir=str(SEEDS), details=True)
    assert all(p.split()[1] in ("value", "missed", "spurious") for p in s["problems"])


def test_main(capsys):
    assert main(["--gold", str(GOLD), "--seeds", str(SEEDS)]) == 0
    assert "extent_recall" in capsys.readouterr().out
