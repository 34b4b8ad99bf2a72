"""The TempEval-3 scorer: TimeML parsing, alignment and the figures."""

import dataclasses
from pathlib import Path

import pytest

from timeline.evaluation.tempeval import align, main, parse_tml, score_dir, score_docs

DATA = Path(__file__).parent / "data" / "tempeval"

TINY = """<?xml version="1.0" ?>
<TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-08-27" temporalFunction="false" functionInDocument="CREATION_TIME">20210827</TIMEX3></DCT>
<TEXT>
The attack on <TIMEX3 tid="t1" type="DATE" value="2021-08-26">Thursday</TIMEX3> ended a war of <TIMEX3 tid="t2" type="DURATION" value="P20Y">20 years</TIMEX3> &amp; more. Talks resume <TIMEX3 tid="t3" type="DATE" value="2021-09">in September</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.tml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_parse_tml_gives_raw_text_offsets_and_dct(tiny):
    doc = parse_tml(tiny)
    assert doc.dct == "2021-08-27"
    assert "&amp;" not in doc.text and "& more" in doc.text
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Thursday", "DATE", "2021-08-26"), ("20 years", "DURATION", "P20Y"), ("in September", "DATE", "2021-09")]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text


def test_scores_on_tiny_document(tiny):
    s = score_docs([parse_tml(tiny)])
    # the tagger finds all three; "September" is a relaxed but not a strict match
    assert s["system"] == 3 and s["gold"] == 3
    assert s["relaxed"]["f1"] == pytest.approx(1.0)
    assert s["strict"]["f1"] == pytest.approx(2 / 3)
    assert s["value"]["f1"] == pytest.approx(1.0)
    assert any(e["kind"] == "extent" for e in s["errors"])


def test_value_f1_is_accuracy_times_relaxed_f1(tiny):
    def half_wrong(text, dct):
        from timeline.temporal import tag

        ms = tag(text, dct)
        return [dataclasses.replace(ms[0], value="1999")] + ms[1:2]

    s = score_docs([parse_tml(tiny)], tagger=half_wrong)
    relaxed_f1 = s["relaxed"]["f1"]
    assert s["system"] == 2
    assert s["value"]["f1"] == pytest.approx(s["value_accuracy_on_aligned"] * relaxed_f1)
    assert s["value"]["precision"] == pytest.approx(1 / 2)
    assert s["value"]["recall"] == pytest.approx(1 / 3)
    assert any(e["kind"] == "missed" and e["what"] == "in september" for e in s["errors"])
    # wrong values are grouped by their gold-vs-system pattern, with the first example
    (wrong,) = [e for e in s["errors"] if e["kind"] == "value"]
    assert wrong["what"] == "DATE 9999-99-99 -> DATE 9999"
    assert wrong["example"] == "'thursday' 2021-08-26 vs 1999"


def test_alignment_is_one_to_one():
    class S:
        def __init__(self, a, b):
            self.start, self.end = a, b

    pairs = align([S(0, 10), S(2, 4)], [S(0, 5)])
    assert pairs == [(0, 0)]


def test_score_dir_on_shipped_timeml():
    s = score_dir(DATA)
    assert s["documents"] == 4
    assert s["gold"] == 16
    assert 0.8 <= s["relaxed"]["f1"] <= 1.0
    assert 0.0 < s["value"]["f1"] <= s["relaxed"]["f1"]


def test_main_prints_report_and_errors(capsys):
    assert main([str(DATA), "--errors", "3"]) == 0
    out = capsys.readouterr().out
    assert "relaxed" in out and "strict" in out and "value" in out and "most frequent error kinds" in out


def test_main_rejects_missing_folder(capsys, tmp_path):
    assert main([str(tmp_path / "nope")]) == 2
