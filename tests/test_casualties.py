import pytest

from timeline.events.casualties import find_casualties


def figures(text):
    return [(c.casualty.kind, c.casualty.count, c.casualty.qualifier, c.casualty.group) for c in find_casualties(text)]


def test_active_list_split_per_group():
    assert figures("The bomber killed 13 U.S. troops and more than 170 Afghans at the airport.") == [
        ("killed", 13, "", "U.S. troops"),
        ("killed", 170, "more than", "Afghans"),
    ]


def test_passive_list_before_the_verb():
    assert figures("After the bombing, in which 13 US soldiers and nearly 100 Afghans were killed, he spoke.") == [
        ("killed", 13, "", "US soldiers"),
        ("killed", 100, "nearly", "Afghans"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("A bombing killed at least 20 Afghans.", [("killed", 20, "at least", "Afghans")]),
    ("The assault killed some 170 civilian evacuees.", [("killed", 170, "some", "civilian evacuees")]),
    ("The blast also wounded several others.", [("wounded", 3, "", "others")]),
    ("Thirteen soldiers died in the attack.", [("killed", 13, "", "soldiers")]),
    ("Dozens of protesters were injured.", [("wounded", 12, "", "protesters")]),
    ("The quake killed more than 2,000 people.", [("killed", 2000, "more than", "people")]),
])
def test_qualifiers_and_number_words(text, expected):
    assert figures(text) == expected


def test_killed_and_wounded_in_one_sentence():
    assert figures("The quake struck on Friday, killing at least 157 people and injuring more than 300, officials said.") == [
        ("killed", 157, "at least", "people"),
        ("wounded", 300, "more than", ""),
    ]


def test_numbers_that_are_not_casualties():
    assert figures("He was killed in 2020.") == []
    assert figures("A magnitude 7.8 earthquake struck.") == []
    assert figures("The August 26 suicide bombing was deadly.") == []


def test_text_is_kept_as_stated():
    (c,) = find_casualties("The attack killed at least 28 of its fighters.")
    assert c.casualty.text == "at least 28 of its fighters"
