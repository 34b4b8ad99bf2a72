from pathlib import Path

import pytest

from timeline.events.actors import find_candidates, load_lexicon, person_details


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def names(lex, text):
    return [(m.surface, m.name) for m in lex.find(text)]


@pytest.mark.parametrize("alias", ["ISIS-K", "ISKP", "ISK", "IS-K", "Isis-K", "Islamic State Khorasan Province"])
def test_isis_k_aliases(lex, alias):
    assert [n for _, n in names(lex, f"Officials blamed {alias} for the attack.")] == ["ISIS-K"]


@pytest.mark.parametrize("alias", ["al Qaeda", "al-Qaeda", "al-Qaida", "Al Qaeda"])
def test_al_qaeda_aliases(lex, alias):
    assert [n for _, n in names(lex, f"{alias} is patient.")] == ["al Qaeda"]


def test_pakistani_taliban_is_not_the_taliban(lex):
    found = names(lex, "The Pakistani Taliban, or TPP, and the TTP are allies of the Taliban.")
    assert [n for _, n in found] == ["TTP", "TTP", "TTP", "Taliban"]


def test_possessives_with_and_without_apostrophe(lex):
    found = names(lex, "The Talibans rank and file, al Qaedas frontman and the Taliban’s leaders.")
    assert [n for _, n in found] == ["Taliban", "al Qaeda", "Taliban"]


def test_longest_alias_wins(lex):
    assert names(lex, "the Islamic State Khorasan Province and the Islamic State") == [
        ("Islamic State Khorasan Province", "ISIS-K"),
        ("Islamic State", "Islamic State"),
    ]


def test_short_acronyms_are_case_sensitive_and_whole_words(lex):
    assert names(lex, "Tell us about the risk; TASK forces") == []
    assert names(lex, "The US and the UN met.") == [("US", "United States"), ("UN", "United Nations")]


def test_blockers_hide_non_actor_strings(lex):
    text = "A fellow at George Washington University told the Washington Post that Washington has a plan."
    assert names(lex, text) == [("Washington", "United States")]


def test_government_bodies_roll_up_to_their_state(lex):
    (m,) = lex.find("The Pentagon said so.")
    assert (m.name, m.kind, m.parent) == ("Pentagon", "government_body", "United States")
    assert lex.find("CENTCOM and the CIA")[0].parent == "United States"


def test_a_country_after_a_locative_preposition_is_a_place(lex):
    assert names(lex, "Pakistan complained about attacks in Afghanistan.") == [("Pakistan", "Pakistan")]


def test_a_capital_is_a_government_only_as_a_subject(lex):
    assert names(lex, "The minister visited Kyiv.") == []
    assert names(lex, "Kyiv said the strike hit a school.") == [("Kyiv", "Ukraine")]


def test_user_file_adds_actors_without_code(tmp_path: Path):
    extra = tmp_path / "my_actors.csv"
    extra.write_text("canonical,type,alias,parent\nAcme Corp,organization,Acme,\nAcme Corp,organization,ACME Corporation,\n",
                     encoding="utf-8")
    lex = load_lexicon([extra])
    assert [m.name for m in lex.find("Acme said ACME Corporation will grow.")] == ["Acme Corp", "Acme Corp"]
    assert load_lexicon().find("Acme said so.") == []


def test_user_file_overrides_a_shipped_alias(tmp_path: Path):
    extra = tmp_path / "override.csv"
    extra.write_text("canonical,type,alias,parent\nIslamic State core,armed_group,ISIS,\n", encoding="utf-8")
    assert [m.name for m in load_lexicon([extra]).find("ISIS claimed it.")] == ["Islamic State core"]


def test_candidates_are_people_with_titles(lex):
    text = "NRF spokesman Ali Maisam Nazary said it. Marvin G. Weinbaum, director of studies at the Middle East Institute, wrote."
    taken = [(m.start, m.end) for m in lex.find(text)]
    cands = find_candidates(text, taken)
    assert [c.name for c in cands] == ["Ali Maisam Nazary", "Marvin G. Weinbaum"]
    assert all(c.kind == "candidate" for c in cands)


def test_candidate_organizations_by_their_last_word(lex):
    cands = find_candidates("Norbridge Semiconductor agreed to buy Talvec Systems.", [])
    assert [c.name for c in cands] == ["Norbridge Semiconductor", "Talvec Systems"]


def test_person_title_and_affiliation(lex):
    text = "Mohammad Dawood Muzammil, governor of Afghanistan’s Balkh Province, was killed."
    (m,) = [m for m in lex.find(text) if m.kind == "person"]
    assert person_details(text, m.start, m.end) == ("governor", "Balkh Province")
    text = "CIA Director William Burns traveled to Kabul."
    actors = lex.find(text)
    burns = [m for m in actors if m.name == "William Burns"][0]
    assert person_details(text, burns.start, burns.end, actors) == ("Director", "CIA")
