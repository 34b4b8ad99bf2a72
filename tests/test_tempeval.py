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


# ---------------------------------------------------------------- the error listing and its classes

from timeline.evaluation.tempeval import (  # noqa: E402
    TimeMLDoc,
    Timex,
    class_summary,
    classify_errors,
    expression_key,
    expression_pattern,
    relation,
    value_form,
)


def test_expression_key_drops_case_spacing_and_a_leading_the():
    assert expression_key("The  Fourth quarter") == "fourth quarter"
    assert expression_key("Now") == "now"
    assert expression_key("these days") == "these days"


def test_relation_puts_a_value_in_terms_of_its_dct():
    assert relation("1998-W07", "1998-02-20") == "W-1"  # the week before
    assert relation("1998-WXX", "1998-02-20") == "Y+0-WXX"  # a week of this year, unknown which
    assert relation("2021-08-26TNI", "2021-08-27") == "D-1TNI"
    assert relation("1988-Q3", "1989-11-02") == "Q-5"
    assert relation("1988", "1989-11-02") == "Y-1"
    assert relation("198", "1999-01-01") == "DE-1"
    assert relation("1998-W34-WE", "1998-08-20") == "W+0-WE"  # the weekend of the DCT week
    assert relation("PRESENT_REF", "1998-02-20") == "PRESENT_REF"
    assert relation("P1W", "1998-02-20") == "P1W"
    assert relation(None, "1998-02-20") == "untagged"


def test_value_form_keeps_the_way_a_value_is_written_not_its_numbers():
    assert value_form("DATE", "2021-W34") == "DATE 9-W9"
    assert value_form("TIME", "2023-04-25TNI") == "TIME 9-9-9TNI"
    assert value_form("DURATION", "PXW") == value_form("DURATION", "PXY") == "DURATION PXU"
    assert value_form("DURATION", "P20Y") == "DURATION P9U"
    assert value_form(None, None) == "untagged"


def test_expression_pattern_abstracts_names_numbers_and_modifiers():
    assert expression_pattern("late Tuesday night") == expression_pattern("Thursday night") == "WEEKDAY night"
    assert expression_pattern("the 1980s") == "DECADE"
    assert expression_pattern("the past six months") == "past N UNITS"
    assert expression_pattern("early April 2023") == "MONTH YEAR"


def _doc(name, text, dct, *gold):
    """A TimeML document with gold timexes given as (text, type, value), found in order."""
    timexes, pos = [], 0
    for t, ttype, value in gold:
        start = text.index(t, pos)
        timexes.append(Timex(start, start + len(t), t, ttype, value))
        pos = start + len(t)
    return TimeMLDoc(name, text, dct, timexes)


def _classified(corpus, seeds=()):
    scores = score_docs(corpus)
    classify_errors(scores["instances"], corpus, list(seeds))
    return scores


def test_an_expression_the_corpus_writes_both_ways_is_class_a():
    corpus = [
        _doc("d1", "Talks resume next week.", "1998-02-13", ("next week", "DATE", "1998-WXX")),
        _doc("d2", "Talks resume next week.", "1998-02-13", ("next week", "DATE", "1998-W08")),
    ]
    scores = _classified(corpus)
    (e,) = [e for e in scores["instances"] if e.kind == "value"]
    assert (e.doc, e.gold.value, e.system.value) == ("d1", "1998-WXX", "1998-W08")
    assert e.cls == "a" and e.majority == "system"
    assert "W+1 x1" in e.why and "Y+0-WXX x1" in e.why
    assert "Talks resume next week." in e.sentence


def test_a_word_tagged_in_one_document_and_not_in_another_is_class_a():
    corpus = [
        _doc("d1", "Prices are high now, traders say.", "1998-02-13", ("now", "DATE", "PRESENT_REF")),
        _doc("d2", "The rebels now hold the city.", "1998-02-13"),
    ]
    scores = _classified(corpus)
    (e,) = scores["instances"]
    assert (e.doc, e.kind, e.system.text, e.cls) == ("d2", "spurious", "now", "a")
    assert "PRESENT_REF x1" in e.why and "untagged x1" in e.why


def test_gold_against_the_seed_convention_is_class_b():
    seeds = [_doc("s1", "The statement came late Tuesday night.", "2023-04-26",
                  ("late Tuesday night", "TIME", "2023-04-25TNI"))]
    corpus = [_doc("d1", "The storm hit Thursday night, officials said.", "1999-02-05",
                   ("Thursday", "DATE", "1999-02-04"))]
    scores = _classified(corpus, seeds)
    (e,) = [e for e in scores["instances"] if e.kind == "value"]
    assert (e.gold.value, e.system.value) == ("1999-02-04", "1999-02-04TNI")
    assert e.cls == "b" and "WEEKDAY night" in e.why


def test_a_document_whose_gold_is_a_week_off_again_and_again_is_class_d():
    text = "Troops arrived on Tuesday. The king met him on Monday. Talks ended on Sunday."
    shifted = _doc("d1", text, "1990-08-15", ("Tuesday", "DATE", "1990-08-07"),
                   ("Monday", "DATE", "1990-08-06"), ("Sunday", "DATE", "1990-08-05"))
    once = _doc("d2", "Troops arrived on Tuesday.", "1990-08-15", ("Tuesday", "DATE", "1990-08-07"))
    scores = _classified([shifted, once])
    classes = {(e.doc, e.gold.text): e.cls for e in scores["instances"]}
    assert classes == {("d1", "Tuesday"): "d", ("d1", "Monday"): "d", ("d1", "Sunday"): "d",
                       ("d2", "Tuesday"): "c"}


def test_class_summary_gives_the_value_f1_with_class_c_fixed():
    corpus = [
        _doc("d1", "Troops arrived on Tuesday and left on Friday.", "1990-08-15",
             ("Tuesday", "DATE", "1990-08-13"), ("Friday", "DATE", "1990-08-10")),
    ]
    scores = _classified(corpus)
    summary = class_summary(scores)
    # one right value (Friday), one wrong (Tuesday, a day off): fixing it makes every value right
    assert scores["value"]["f1"] == pytest.approx(0.5)
    assert summary["classes"]["c"] == {"value": 1}
    assert summary["best_value_f1_if_c_fixed"] == pytest.approx(1.0)


def test_main_explain_lists_errors_with_sentences_and_the_class_table(capsys):
    assert main([str(DATA), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "with every class c error fixed" in out
    assert "corpus disagrees with itself" in out and "contradicts the seed gold convention" in out
    assert "gold '" in out and "system '" in out


# ---------------------------------------------------------------- listed gold slips

from timeline.evaluation.tempeval import (  # noqa: E402
    GOLD_SLIPS,
    GoldSlip,
    explain,
    fixes_to_reach,
    load_gold_slips,
    mark_gold_slips,
    unmatched_gold_slips,
)
from timeline.temporal import timex as _tx  # noqa: E402

SLIP_HEADER = "file\tgold_text\tgold_start\tgold_value\tsupported_value\tevidence\n"


def _slips(tmp_path, *rows):
    path = tmp_path / "slips.tsv"
    path.write_text("# gold values the text proves wrong\n" + SLIP_HEADER
                    + "".join("\t".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    return load_gold_slips(path)


def test_load_gold_slips_keys_each_slip_by_document_and_offset(tmp_path):
    slips = _slips(tmp_path, ("d1", "Sept. 27", 5, "1989-11-27", "1989-09-27", "text says Sept."))
    assert slips == {("d1", 5): GoldSlip("d1", "Sept. 27", 5, "1989-11-27", "1989-09-27", "text says Sept.")}


@pytest.mark.parametrize("body", [
    "file\ttext\tstart\n",  # wrong header
    SLIP_HEADER + "d1\tSept. 27\tfive\t1989-11-27\t1989-09-27\ttext says Sept.\n",  # offset not a number
    SLIP_HEADER + "d1\tSept. 27\t5\t1989-11-27\t1989-09-27\n",  # no evidence
    SLIP_HEADER + "d1\tSept. 27\t5\t1989-09-27\t1989-09-27\tsame\n",  # nothing to correct
])
def test_load_gold_slips_rejects_malformed_rows(tmp_path, body):
    path = tmp_path / "bad.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError):
        load_gold_slips(path)


def test_the_shipped_slip_list_loads_and_every_supported_value_is_valid_timex3():
    slips = load_gold_slips(GOLD_SLIPS)
    assert len(slips) >= 10
    for s in slips.values():
        assert _tx.is_valid_timex3(s.supported), s
        assert s.evidence and s.gold != s.supported


TBAQ = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "tbaq"


@pytest.mark.skipif(not TBAQ.is_dir(), reason="the tbaq corpus is not on this machine")
def test_every_shipped_slip_names_a_gold_timex_of_the_corpus():
    slips = load_gold_slips(GOLD_SLIPS)
    names = {s.file for s in slips.values()}
    docs = [parse_tml(p) for p in sorted(TBAQ.rglob("*.tml")) if p.stem in names]
    assert {d.name for d in docs} == names
    assert unmatched_gold_slips(slips, docs) == []


def _slip_corpus():
    """Three errors of class c: a typed-over month (listed as a slip), a weekday a day off and a
    missed expression (not listed); one right value."""
    text = "The deal ended on Sept. 27, 1989. Troops arrived on Tuesday and left on Friday. It was the eighth day."
    doc = _doc("d1", text, "1990-08-15", ("Sept. 27, 1989", "DATE", "1989-11-27"),
               ("Tuesday", "DATE", "1990-08-13"), ("Friday", "DATE", "1990-08-10"),
               ("eighth day", "DATE", "1990-08-15"))
    return doc, _classified([doc])


def test_mark_gold_slips_flags_only_the_listed_gold_with_its_value(tmp_path):
    doc, scores = _slip_corpus()
    start = doc.text.index("Sept.")
    slips = _slips(tmp_path, ("d1", "Sept. 27, 1989", start, "1989-11-27", "1989-09-27", "text says Sept."))
    mark_gold_slips(scores["instances"], slips)
    flagged = {e.gold.text: e.slip for e in scores["instances"]}
    assert flagged == {"Sept. 27, 1989": "text says Sept.", "Tuesday": "", "eighth day": ""}
    stale = _slips(tmp_path, ("d1", "Sept. 27, 1989", start, "1989-10-27", "1989-09-27", "an older gold value"))
    mark_gold_slips(scores["instances"], stale)
    assert not any(e.slip for e in scores["instances"])
    assert unmatched_gold_slips(stale, [doc]) == list(stale.values())


def test_class_summary_splits_class_c_and_gives_the_bounds_without_the_slips(tmp_path):
    doc, scores = _slip_corpus()
    slips = _slips(tmp_path, ("d1", "Sept. 27, 1989", doc.text.index("Sept."), "1989-11-27", "1989-09-27",
                              "text says Sept."))
    # 4 gold, 3 system timexes (the eighth day is missed), 1 right value (Friday)
    assert (scores["gold"], scores["system"], scores["correct_values"]) == (4, 3, 1)
    summary = class_summary(scores, slips)
    assert summary["classes"]["c"] == {"value": 2, "missed": 1}
    assert summary["c_split"] == {"slips": {"value": 1}, "rest": {"value": 1, "missed": 1}}
    assert summary["best_value_f1_if_c_fixed"] == pytest.approx(1.0)
    # fixing Tuesday and finding the eighth day: 3 right of 4 system, 4 gold
    assert summary["best_value_f1_if_c_rest_fixed"] == pytest.approx(6 / 8)
    assert summary["best_value_f1_if_c_rest_and_a_gold_way_fixed"] == pytest.approx(6 / 8)
    # the system writes the supported value: with the slip corrected, 2 right of 3 system, 4 gold
    assert summary["value_f1_with_slips_corrected"] == pytest.approx(4 / 7)
    out = explain(scores, "c", slips)
    assert "listed gold slip: text says Sept." in out
    assert "listed gold slips" in out and "not listed" in out
    assert "that is not a listed gold slip were fixed: 0.750" in out


def test_the_class_a_bound_adds_only_errors_the_corpus_mostly_writes_the_gold_way():
    corpus = [
        _doc("d1", "Talks resume next week.", "1998-02-13", ("next week", "DATE", "1998-WXX")),
        _doc("d2", "Talks resume next week.", "1998-02-13", ("next week", "DATE", "1998-WXX")),
        _doc("d3", "Talks resume next week.", "1998-02-13", ("next week", "DATE", "1998-W08")),
    ]
    scores = _classified(corpus)
    summary = class_summary(scores, {})
    assert summary["a_mostly_gold_way"] == 2 and summary["classes"]["a"] == {"value": 2}
    assert summary["best_value_f1_if_c_rest_fixed"] == pytest.approx(1 / 3)
    assert summary["best_value_f1_if_c_rest_and_a_gold_way_fixed"] == pytest.approx(1.0)


def test_main_explain_prints_the_bounds_without_the_listed_slips(capsys, tmp_path):
    assert main([str(DATA), "--explain", "c", "--gold-slips", ""]) == 0
    out = capsys.readouterr().out
    assert "that is not a listed gold slip were fixed" in out
    assert "mostly writes it the gold's way" in out


def test_fixes_to_reach_counts_the_fewest_errors_for_a_target_value_f1(tmp_path):
    doc, scores = _slip_corpus()  # value F1 2 x 1 / (4 + 3) = 0.286
    errors = [e for e in scores["instances"] if e.cls == "c"]
    assert fixes_to_reach(scores, errors, 0.25) == 0
    assert fixes_to_reach(scores, errors, 0.5) == 1  # one wrong value made right: 2 x 2 / 7
    assert fixes_to_reach(scores, errors, 0.8) == 2  # two: 2 x 3 / 7
    assert fixes_to_reach(scores, errors, 1.0) == 3
    assert fixes_to_reach(scores, errors[:1], 1.0) is None
    summary = class_summary(scores, {}, target=0.8)
    assert (summary["c_rest_fixes_to_target"], summary["c_rest"]) == (2, 3)
