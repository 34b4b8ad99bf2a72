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


def test_bare_parent_resolves_to_the_affiliate_named_in_the_document(lex):
    text = "ISIS-K was founded in 2015. ISIS claimed the bombing. The Islamic State core leadership approved it."
    assert [(m.surface, m.name) for m in lex.find_in_document(text)] == [
        ("ISIS-K", "ISIS-K"), ("ISIS", "ISIS-K"), ("Islamic State", "Islamic State")]
    # without the affiliate in the document, the parent stays itself
    assert [m.name for m in lex.find_in_document("ISIS claimed the bombing.")] == ["Islamic State"]


def test_two_affiliates_of_one_parent_leave_the_parent_alone(lex):
    text = "ISIS-K and ISWAP both grew. ISIS praised them."
    assert [m.name for m in lex.find_in_document(text)] == [
        "ISIS-K", "Islamic State West Africa Province", "Islamic State"]


def test_user_file_declares_an_affiliate(tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text("canonical,type,alias,parent,affiliate_of\n"
                     "Northern Front,armed_group,Northern Front,,Liberation Army\n"
                     "Liberation Army,armed_group,Liberation Army,,\n", encoding="utf-8")
    lex = load_lexicon([extra])
    text = "The Northern Front shelled the town. The Liberation Army denied it."
    assert [m.name for m in lex.find_in_document(text)] == ["Northern Front", "Northern Front"]


def test_organization_named_as_modifier_or_place_is_no_candidate():
    text = ("Jane Doe, a fellow at Halvern University's Program on Extremism, said a bomb exploded outside "
            "the Ministry of Foreign Affairs. Halvern Motors said it was closed.")
    names = [m.name for m in find_candidates(text, [])]
    assert "Halvern University" not in names and "Ministry of Foreign Affairs" not in names
    assert "Halvern Motors" in names


def test_place_after_a_preposition_and_a_direction_word_is_no_actor(lex):
    assert [m.name for m in lex.find("Raids devastated the group in eastern Afghanistan.")] == []
    assert [m.name for m in lex.find("The United States slunk out of Afghanistan.")] == ["United States"]
    assert [m.name for m in lex.find("Afghanistan rejected the plan.")] == ["Afghanistan"]
    assert [m.name for m in lex.find("They cooperated in a province of Afghanistan.")] == []


def test_country_after_its_city_is_a_place(lex):
    assert [m.name for m in lex.find("the 2020 Doha, Qatar, peace deal")] == []
    assert [m.name for m in lex.find("Russia, China and Iran signed.")] == ["Russia", "China", "Iran"]


def test_affiliation_stops_at_the_next_person(lex):
    text = ("Amira Jadoon, Assistant Professor at the Combating Terrorism Center and Andrew Mines, a research fellow "
            "at the Program on Extremism, asked.")
    actors = sorted(lex.find(text) + find_candidates(text, []), key=lambda a: a.start)
    jadoon, mines = [a for a in actors if a.name in ("Amira Jadoon", "Andrew Mines")]
    assert person_details(text, jadoon.start, jadoon.end, actors)[1] == "Combating Terrorism Center"
    assert person_details(text, mines.start, mines.end, actors)[1] == "Program on Extremism"
