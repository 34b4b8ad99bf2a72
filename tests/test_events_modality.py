import pytest

from timeline.events.modality import modality


def at(sentence, word):
    return modality(sentence, sentence.index(word))


@pytest.mark.parametrize("sentence,word", [
    ("The Taliban could use the threat to gain recognition.", "use"),
    ("ISIS-K will continue efforts to attack outside Afghanistan.", "attack"),
    ("They may well be eliminated at some stage soon.", "eliminated"),
    ("If the Taliban attack the city, the US will respond.", "attack"),
    ("The Taliban did not attack the city.", "attack"),
    ("Analysts fear the group plans to attack Europe.", "attack"),
    ("Will the Taliban fight ISIS-K?", "fight"),
])
def test_unreal(sentence, word):
    assert at(sentence, word) != ""


@pytest.mark.parametrize("sentence,word", [
    ("ISIS-K killed 13 U.S. troops on Thursday.", "killed"),
    ("“The plotter was killed by the Taliban in early April,” Ryder said.", "killed"),
    ("Writing this morning, Amira Jadoon asked Who is ISIS-K?", "Writing"),
    ("The bombing, which could have been prevented, killed 20 people.", "killed"),
])
def test_real(sentence, word):
    assert at(sentence, word) == ""


def test_purpose_governs_the_rest_of_its_clause():
    s = "They welcomed old friends, achieving their long-term ambition of toppling governments and establishing a caliphate."
    assert at(s, "establishing") == "purpose"
    assert at(s, "welcomed") == ""
