from pathlib import Path

import pytest

from timeline.events.gazetteer import best_place, load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_world_coverage(gaz):
    kinds = {}
    for p in gaz.places.values():
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    assert kinds["country"] >= 190
    assert kinds["city"] >= 200
    for name in ("Afghanistan", "Kabul", "Nangarhar", "Jalalabad", "Balkh", "Texas", "Khyber Pakhtunkhwa", "Abbey Gate"):
        assert gaz.lookup(name) is not None, name


def test_country_of_a_place(gaz):
    assert gaz.country_of(gaz.lookup("Jalalabad")) == "Afghanistan"
    assert gaz.country_of(gaz.lookup("Abbey Gate")) == "Afghanistan"
    assert gaz.country_of(gaz.lookup("Peshawar")) == "Pakistan"
    assert gaz.country_of(gaz.lookup("United States")) == "United States"


def test_aliases_and_possessives(gaz):
    text = "the Kabul airport’s Abbey Gate and Afghanistan’s Balkh Province"
    found = [(m.surface, m.place.name) for m in gaz.find(text)]
    assert found == [
        ("Kabul airport", "Hamid Karzai International Airport"),
        ("Abbey Gate", "Abbey Gate"),
        ("Afghanistan", "Afghanistan"),
        ("Balkh Province", "Balkh"),
    ]


def test_finest_place_wins(gaz):
    text = "In Afghanistan, a bombing near Jalalabad in Nangarhar killed 3."
    best = best_place(gaz.find(text), near=text.index("bombing"))
    assert best.place.name == "Jalalabad"


def test_user_gazetteer_file(tmp_path: Path):
    extra = tmp_path / "places.csv"
    extra.write_text("name,kind,parent,country,aliases\nJajarkot,province,Nepal,Nepal,Jajarkot district\n", encoding="utf-8")
    gaz = load_gazetteer([extra])
    (m,) = gaz.find("the remote Jajarkot district")
    assert (m.place.name, gaz.country_of(m.place)) == ("Jajarkot", "Nepal")
