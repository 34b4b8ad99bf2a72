from pathlib import Path

from timeline.events.triggers import load_triggers, noun_forms, verb_forms


def found(text):
    return [(t.text, t.pos, t.event_type) for t in load_triggers().find(text)]


def test_inflections():
    assert verb_forms("kill") == {"kill", "kills", "killed", "killing"}
    assert verb_forms("seize") == {"seize", "seizes", "seized", "seizing"}
    assert verb_forms("stab") == {"stab", "stabs", "stabbed", "stabbing"}
    assert verb_forms("claim responsibility") >= {"claimed responsibility", "claims responsibility"}
    assert noun_forms("airstrike") == {"airstrike", "airstrikes"}


def test_types_of_common_triggers():
    assert found("a drone strike") == [("drone strike", "noun", "airstrike")]
    assert found("They detonated explosives") == [("detonated", "verb", "bombing")]
    assert found("the pullout") == [("pullout", "noun", "withdrawal")]
    assert found("He was assassinated") == [("assassinated", "verb", "killing")]
    assert found("the group was founded") == [("founded", "verb", "founding")]


def test_found_as_past_of_find_is_not_a_founding():
    assert found("a review found errors") == []


def test_noun_or_verb_from_context():
    assert found("the attack on the base")[0][1] == "noun"
    assert found("Militants attacked the base")[0][1] == "verb"


def test_capitalized_words_inside_a_sentence_are_names():
    assert found("the Islamic State and the United States in March") == []
    assert found("Attacks rose.")[0][0] == "Attacks"


def test_user_trigger_file(tmp_path: Path):
    extra = tmp_path / "triggers.csv"
    extra.write_text("lemma,pos,event_type,strength,extra_forms,notes\nheist,noun,other,strong,,\n", encoding="utf-8")
    lex = load_triggers([extra])
    assert [(t.text, t.event_type) for t in lex.find("the heists")] == [("heists", "other")]
