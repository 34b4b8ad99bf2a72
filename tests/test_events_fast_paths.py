"""Hot paths of extraction written for speed give the answers of their plain definitions.

- surname mentions: a scan with ``str.find`` instead of a regex compiled per document;
- sentence boundaries: a regex that opens with one character class;
- modality: clause cuts found only when a modal word can govern a trigger;
- clauses: boundaries found on first use;
- case-insensitive phrase lists (triggers, titles, modal words): a case-sensitive pattern on the
  lower-cased text;
- organization names: their pattern tried only near an organization word or "&";
- places and blocked phrases: their pattern tried only where one of the phrases starts;
- names by shape: a pattern that opens with the capital letter, the lookbehind after it;
- the word before a trigger and before an abbreviation's period: a scan back instead of a regex;
- titles before a name, claims of responsibility, "by" before a perpetrator, a city and comma before a
  name: the regex searched only where a quick test says it can match;
- phrase lists read over a whole document (actors, triggers, titles): a pattern that opens with the non-word
  character before a phrase, so the regex engine skips the letters inside words;
- a text folded once for the several phrase lists that read it;
- an honorific before a surname: a scan back from where the surname starts;
- casualty terms: a phrase list on the folded sentence decides whether the casualty patterns are tried;
- titles and locative prepositions: case-insensitive tries instead of lists of alternatives;
- titles before a name: read from the last comma or line break before the name's reach, not over the whole text;
- places of a sentence: read from the line break before it, not over the whole text;
- modality of undated triggers: looked for only when a caller reads the triggers left over.
"""

import gc
import importlib
import re
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.document import Document
from timeline.events.actors import (_CITY_COMMA, _NAME_TOKEN, _PARTICLE, LOCATIVE, NAME, _after_comma, _may_be_locative,
                                    _may_follow_title, _org_matches, _org_pattern, _title_ends, _TitleEnds, _titles)
from timeline.events.clauses import Clauses, _BOUNDARY as CLAUSE_BOUNDARY, _in_number, _name_appositive
from timeline.events.casualties import _may_have_casualties, _tables, find_casualties
from timeline.events.extract import (_HONORIFIC, _honorific_before, _Leftovers, _surname_spans, default_gazetteer,
                                     default_lexicon, extract)
from timeline.events.modality import _CLAUSE_CUT, SentenceModality, _hits_rx, _may_contract
from timeline.events.patterns import (_AFTER_SEPARATOR, compile_folded_phrases, compile_phrases, finditer_at_starts,
                                      finditer_phrases, folded, phrase_starts)
from timeline.events.roles import _BY, _CLAIM, _CLAIMED_BY, _may_claim, _may_end_in_by
from timeline.events.sentences import _BOUNDARY, _abbreviations, _is_abbreviation, split_sentences
from timeline.events.resources import default_list, default_rows
from timeline.events.triggers import _PREV_WORD, TriggerMatch, _prev_word, load_triggers


def surname_regex_spans(text, names):
    """The plain definition: one alternation of the names, with honorific and possessive."""
    rx = re.compile(r"(?<![\w-])(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?(" + "|".join(map(re.escape, names))
                    + r")(?:['’]s?)?(?![\w-])")
    return [(m.start(), m.end(), m.group(1)) for m in rx.finditer(text)]


NAMES = ["Smith", "Smithson", "O'Neil", "Al-Zawahiri", "Kim", "Mrs", "Doe-Ray", "Annan", "Ann", "Sé"]
PIECES = ["Mr. ", "Mrs. ", "Dr.  ", "Ms.\n", " ", "-", "'s", "’s", "'", "’", "s", "x", "_", ".", ",", "\n", "é"] + NAMES


def test_surname_with_honorific_and_possessive():
    text = "Mr. Smith’s plan. Smithson and Smith-Jones disagreed; Smith said so."
    assert _surname_spans(text, ["Smith"]) == [(0, 11, "Smith"), (54, 59, "Smith")]


def test_first_listed_name_wins():
    assert _surname_spans("Annan spoke", ["Ann", "Annan"]) == [(0, 5, "Annan")]
    assert _surname_spans("Kim. Kim", ["Kim"]) == [(0, 3, "Kim"), (5, 8, "Kim")]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.lists(st.sampled_from(NAMES), min_size=1, max_size=4,
                                                                unique=True))
def test_surname_spans_match_the_regex_definition(pieces, names):
    text = "".join(pieces)
    assert _surname_spans(text, names) == surname_regex_spans(text, names)


PLAIN_SENTENCE_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list(".!?\n \"'”’)]A0a(“‘[\t") + ["U.S. ", "Gen. "]), max_size=30))
def test_sentence_boundaries_match_the_plain_pattern(pieces):
    text = "".join(pieces)
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in PLAIN_SENTENCE_BOUNDARY.finditer(text)]


def test_sentences_split_at_the_same_places():
    text = "Gen. Smith arrived. He left!\nThen \u201cWhy?\u201d he asked. 2021 ended."
    assert [s.text for s in split_sentences(text)] == [
        "Gen. Smith arrived.", "He left!", "Then \u201cWhy?\u201d he asked.", "2021 ended."]


def test_to_alone_makes_nothing_unreal():
    m = SentenceModality("They went to Kabul to meet and signed an agreement.")
    assert all(m.at(i) == "" for i in range(len(m.sentence)))
    assert m._cuts is None  # the clause cuts were never needed


def test_clause_cuts_are_found_when_a_modal_word_governs():
    s = "The group said, and the army agreed, that it could attack soon."
    m = SentenceModality(s)
    assert m.at(s.index("attack")) == "modal"
    assert m.cuts == [x.end() for x in _CLAUSE_CUT.finditer(s)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["The", "capital", ",", " ", "Doha", "1", "400", "that", "; ", "(", "and", "Kabul"]),
                max_size=20))
def test_clause_bounds_are_those_of_the_eager_definition(pieces):
    text = "".join(pieces)
    eager = [m.start() for m in CLAUSE_BOUNDARY.finditer(text)
             if not (m.group(0) == "," and (_in_number(text, m.start()) or _name_appositive(text, m)))]
    c = Clauses(text)
    assert c.bounds == eager
    assert all(c.same(i, i) for i in range(len(text)))


# case-insensitive phrase matching on lower-cased text

FOLD_PIECES = [" ", ".", ",", "’", "-", "\n", "é", "É", "\u212a", "ſ", "ı", "İ", "Σ", "attack", "Attack", "ATTACK",
               "said", "SAID", "spokesman", "Gen.", "President", "could", "not", "to", "TO", "won’t", "killed",
               "Strike", "bombings", "prime minister", "Prime Minister"]


def test_folded_text_is_lower_case_unless_a_character_folds_specially():
    assert folded("Café ATTACK") == "café attack"
    assert folded("\u212aabul") == "kabul"  # the Kelvin sign lower-cases to "k", as the regex engine folds it
    for special in ("ſtrike", "kılled", "\u0130stanbul", "ΟΔΟΣ"):
        assert folded(special) is None


def test_no_folded_pattern_for_phrases_with_special_characters():
    assert compile_folded_phrases(["ſtrike"]) is None
    assert compile_folded_phrases(["Strike", "spokesman"]).pattern == compile_phrases(["strike", "spokesman"]).pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FOLD_PIECES), max_size=30))
def test_folded_matching_finds_what_case_insensitive_matching_finds(pieces):
    text = "".join(pieces)
    phrases = ["attack", "said", "Spokesman", "gen.", "President", "could", "not", "to", "killed", "strike",
               "prime minister"]
    plain = compile_phrases(phrases, ignore_case=True)
    fast = compile_folded_phrases(phrases)
    low = folded(text)
    if low is None:
        assert any(c in text for c in "ſıİΣ")
    else:
        assert [m.span(1) for m in fast.finditer(low)] == [m.span(1) for m in plain.finditer(text)]


def test_triggers_titles_and_modal_words_are_found_in_any_case():
    text = "ATTACK on Kabul: the Spokesman said it COULD not be repeated."
    assert [t.text for t in load_triggers().find(text)] == ["ATTACK", "said"]
    assert _title_ends(text) == [text.index("Spokesman") + len("Spokesman")]
    assert SentenceModality(text).at(text.index("repeated")) == "modal"


# organization names by shape

ORG_PIECES = [" ", "  ", "\t", "\n", "-", "’", "'", "_", ",", "&", " & ", "of", " of ", "the ", "and ", "Acme", "Halvern",
              "Motors", "Group", "Institute", "plc", "Co", "Corp", "New-York", "x", "aB", "Bank", "Ministry", "É", "Z9"]


def test_organization_names_by_shape():
    text = "Analysts at Halvern Motors and Marlow & Finch said the Ministry of Foreign Affairs agreed."
    assert [m.group(1) for m in _org_matches(text)] == ["Halvern Motors", "Marlow & Finch",
                                                        "Ministry of Foreign Affairs"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ORG_PIECES), max_size=20))
def test_organization_matches_are_those_of_the_pattern(pieces):
    text = "".join(pieces)
    assert [m.span() for m in _org_matches(text)] == [m.span() for m in _org_pattern().finditer(text)]


# phrase lists tried only where a phrase starts

PLACE_PIECES = [" ", "-", "’s", "'", "in ", "Kabul", "Kabulistan", "New York", "New", "York", "Abbey Gate", "Abbey",
                "the ", "x", "_", "tKabul", "Balkh Province", "Balkh", ".", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PLACE_PIECES), max_size=20))
def test_matches_tried_at_phrase_starts_are_those_of_the_whole_scan(pieces):
    text = "".join(pieces)
    phrases = ["Kabul", "New York", "York", "Abbey Gate", "Balkh", "Balkh Province", "t"]
    rx = compile_phrases(phrases, suffix=r"(?:['’]s)?")
    assert [m.span(1) for m in finditer_at_starts(rx, phrase_starts(phrases), text)] == \
        [m.span(1) for m in rx.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PLACE_PIECES), max_size=20), st.integers(0, 60), st.integers(0, 60))
def test_matches_tried_at_phrase_starts_between_two_positions_are_those_of_finditer(pieces, pos, endpos):
    text = "".join(pieces)
    phrases = ["Kabul", "New York", "York", "Abbey Gate", "Balkh", "Balkh Province", "t"]
    rx = compile_phrases(phrases, suffix=r"(?:['’]s)?")
    assert [m.span(1) for m in finditer_at_starts(rx, phrase_starts(phrases), text, pos, endpos)] == \
        [m.span(1) for m in rx.finditer(text, pos, endpos)]


GAZETTEER_PIECES = PLACE_PIECES + ["\n", "Washington, D.C.", "St. Louis", "Louis", "Washington", ", ", "D.C."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GAZETTEER_PIECES), max_size=20))
def test_places_within_a_stretch_are_those_the_whole_scan_finds_there(pieces):
    text = "".join(pieces)
    gazetteer = default_gazetteer()
    whole = [(p.start, p.end, p.surface, p.place) for p in gazetteer.find(text)]
    for lo in range(0, len(text) + 1, 3):
        for hi in range(lo, len(text) + 1, 5):
            assert [(p.start, p.end, p.surface, p.place) for p in gazetteer.find_within(text, lo, hi)] == \
                [w for w in whole if lo <= w[0] and w[1] <= hi]


def test_places_are_found_where_the_whole_scan_finds_them():
    gazetteer = default_gazetteer()
    text = "A bombing at Abbey Gate near Kabul’s airport, in Balkh Province and New York."
    assert [p.surface for p in gazetteer.find(text)] == \
        [m.group(1) for m in gazetteer._rx.finditer(text) if gazetteer.lookup(m.group(1))]
    assert "Abbey Gate" in [p.surface for p in gazetteer.find(text)]


# names by shape, the word before a trigger, abbreviations

PLAIN_NAME = re.compile(
    r"(?<![\w.])(" + _NAME_TOKEN + r"(?:[ \t]+(?:" + _PARTICLE + r")?" + _NAME_TOKEN + r"){1,3})(?![\w])")
NAME_PIECES = [" ", "\t", ".", "-", "’", "'", "_", "x", "Ali", "Maisam", "Nazary", "G.", "McKenzie", "al-", "bin ",
               "O’Neil", "A", "É", "9", "\n", "von ", "Ab"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=20))
def test_names_by_shape_are_those_of_the_plain_pattern(pieces):
    text = "".join(pieces)
    assert [m.span(1) for m in NAME.finditer(text)] == [m.span(1) for m in PLAIN_NAME.finditer(text)]


WORD_PIECES = [" ", "  ", "\n", ".", "-", "’", "'", ",", "(", "_", "a", "The", "U.S.", "2020", "İ", "é", "\u0663", "--",
               "Thursday’s", "x" * 30]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=20))
def test_the_word_before_a_trigger_is_the_one_the_regex_finds(pieces):
    text = "".join(pieces)
    for start in range(len(text) + 1):
        m = _PREV_WORD.search(text, max(0, start - 40), start)
        assert _prev_word(text, start) == ((m.group(1), m.end(1)) if m else None)


def plain_is_abbreviation(text, dot):
    """``_is_abbreviation`` as first written: the word before the period found by a regex."""
    m = re.compile(r"(\S+)$").search(text, max(0, dot - 20), dot + 1)
    if not m:
        return False
    word = m.group(1).lstrip("\"'“‘([")
    if word in _abbreviations() and not re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
        return True
    if re.fullmatch(r"[A-Z]\.", word):
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
        return not re.match(r"(?:The|A|An|In|On|But|And|It|He|She|They|We|This|That|Those|These|There)\b",
                            text[dot + 1: dot + 40].lstrip())
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\u2003", "Gen", "U.S", "a.m", "A", "I", "(", "“", "Mr", "x" * 25, "."]),
                max_size=15))
def test_an_abbreviation_is_read_from_the_word_the_regex_finds(pieces):
    text = "".join(pieces) + ". The end."
    dot = len(text) - len(". The end.")
    assert _is_abbreviation(text, dot) == plain_is_abbreviation(text, dot)


# quick tests before a regex: when they say no, the regex finds nothing

TITLE_PIECES = [" ", "\n", ",", ".", "spokesman", "Spokesman", "Gen.", "prime minister", "director of the center",
                "vice-president", "\u212aing", "the", "said", "(", "x" * 40, "ſecretary"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TITLE_PIECES), max_size=12))
def test_no_title_search_where_no_title_can_end(pieces):
    text = "".join(pieces) + "Ali Nazary"
    start = len(text) - len("Ali Nazary")
    before, _ = _titles()
    if not _may_follow_title(text, start):
        assert before.search(text, max(0, start - 80), start) is None


CLAIM_PIECES = [" ", ",", "ISIS", "claimed", "CLAIMS", "responsible for", "Responsible  for", "the attack", "by",
                "cla", "ım", "ſ", "İ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CLAIM_PIECES), max_size=12))
def test_no_claim_search_in_a_sentence_without_a_claim(pieces):
    text = "".join(pieces)
    if not _may_claim(text):
        assert not any(_CLAIM.match(text, i) or _CLAIMED_BY.search(text, 0, i) for i in range(len(text) + 1))


LOCATIVE_PIECES = [" ", "  ", "\n", ",", "(", "in", "In", "IN", "out of", "Out  of", "a province of", "the", "The",
                   "eastern", "Eastern", "within", "thin", "x" * 25, "\u212a", "ı", "nto", "over", "1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LOCATIVE_PIECES), max_size=10))
def test_no_locative_search_where_no_preposition_can_end(pieces):
    text = "".join(pieces) + "Afghanistan"
    start = len(text) - len("Afghanistan")
    if not _may_be_locative(text, start):
        assert LOCATIVE.search(text, max(0, start - 30), start) is None


def test_a_place_after_a_preposition_is_no_actor():
    assert LOCATIVE.search("fighting in eastern ") and LOCATIVE.search("flown out of ")
    assert LOCATIVE.search("a province of the ") and not LOCATIVE.search("the Taliban and ")


def test_a_possessive_name_spans_its_ending_and_a_place_before_a_proper_name_is_no_actor():
    lex = default_lexicon()

    def found(text):
        return [(a.start, a.end, a.surface, a.name) for a in lex.find(text)]

    assert found("Afghanistan’s Balkh Province fell.") == []  # names the province's place
    assert found("Afghanistan's Balkh Province fell.") == []
    assert found("Afghanistan’s leaders met.") == [(0, 13, "Afghanistan’s", "Afghanistan")]
    assert found("Afghanistan said no.") == [(0, 11, "Afghanistan", "Afghanistan")]
    # a bare -s joins the name, but only an apostrophe makes a possessive place
    assert found("Afghanistans Balkh") == [(0, 12, "Afghanistans", "Afghanistan")]
    assert found("the Taliban’s spokesman") == [(4, 13, "Taliban’s", "Taliban")]


CONTRACTION_PIECES = [" ", "don", "DON", "’", "'", "t", "T", "ll", "LL", "n", "N", "Taliban", "s", "we", "x", "\u212a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CONTRACTION_PIECES), max_size=12))
def test_no_contraction_search_in_a_sentence_without_one(pieces):
    text = "".join(pieces)
    _, contractions = _hits_rx()
    if not _may_contract(text.lower()):
        assert contractions.search(text) is None


BY_PIECES = [" ", "  ", "\n", ",", "by", "By", "BY", "the", "The", "THE", "bye", "nearby", "x", "\u212a", "ſ", "İ", "a", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BY_PIECES), max_size=12))
def test_no_by_search_in_a_gap_that_does_not_end_in_by(pieces):
    gap = "".join(pieces)
    if not _may_end_in_by(gap):
        assert _BY.match(gap) is None


CITY_PIECES = [" ", "  ", "\n", "\u2003", ",", ", ", "Doha", "Qatar", "the", "x" * 30, "(", "İ", "-"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CITY_PIECES), max_size=12))
def test_no_city_search_where_no_comma_ends_the_text(pieces):
    text = "".join(pieces) + "Qatar"
    start = len(text) - len("Qatar")
    if not _after_comma(text, start):
        assert _CITY_COMMA.search(text, max(0, start - 40), start) is None


# phrase lists matched from the non-word character before a phrase

PHRASE_PIECES = [" ", "  ", "\n", ".", ",", "-", "’", "'s", "’s", "s", "_", "x", "é", "É", "İ", "ſ", "(", "$", "Gen.",
                 "gen", "Kabul", "kabul", "KABUL", "Kabulistan", "New York", "York", "attack", "Attack", "attacks",
                 "prime minister", "9/11"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=25), st.booleans(), st.booleans())
def test_phrase_matches_are_those_of_finditer(pieces, ignore_case, possessive):
    text = "".join(pieces)
    phrases = ["Kabul", "New York", "York", "Gen.", "attack", "prime minister", "9/11", "é"]
    rx = compile_phrases(phrases, ignore_case=ignore_case, suffix=r"(?:['’]s)?" if possessive else "")
    assert [(m.span(1), m.end()) for m in finditer_phrases(rx, text)] == \
        [(m.span(1), m.end()) for m in rx.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=25))
def test_phrases_that_open_with_a_non_word_character_are_matched_by_finditer(pieces):
    text = "".join(pieces)
    rx = compile_phrases(["$", "(x", "Kabul", "’s"])
    assert [(m.span(1), m.end()) for m in finditer_phrases(rx, text)] == \
        [(m.span(1), m.end()) for m in rx.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PHRASE_PIECES), max_size=25), st.integers(0, 40), st.integers(0, 80))
def test_phrase_matches_between_two_positions_are_those_of_finditer(pieces, pos, endpos):
    text = "".join(pieces)
    rx = compile_phrases(["Kabul", "New York", "York", "Gen.", "attack", "prime minister"], ignore_case=True)
    assert [m.span(1) for m in finditer_phrases(rx, text, pos)] == [m.span(1) for m in rx.finditer(text, pos)]
    assert [m.span(1) for m in finditer_phrases(rx, text, pos, endpos)] == \
        [m.span(1) for m in rx.finditer(text, pos, endpos)]


def test_phrases_at_the_start_and_right_after_each_other():
    rx = compile_phrases(["Kabul", "York"], suffix=r"(?:['’]s)?")
    text = "Kabul’s York,Kabul York"
    assert [m.group(1) for m in finditer_phrases(rx, text)] == ["Kabul", "York", "Kabul", "York"]
    assert [m.span(1) for m in finditer_phrases(rx, text)] == [m.span(1) for m in rx.finditer(text)]


def test_the_faster_pattern_of_a_phrase_pattern_is_kept_as_long_as_the_pattern():
    re.purge()  # (the regex module keeps the patterns it compiled last)
    rx = compile_phrases(["Zaranj", "Zabul"])
    key = id(rx)
    assert key in _AFTER_SEPARATOR
    assert [m.group(1) for m in finditer_phrases(rx, "from Zabul to Zaranj")] == ["Zabul", "Zaranj"]
    del rx
    re.purge()
    gc.collect()
    assert key not in _AFTER_SEPARATOR


def test_a_text_is_folded_as_when_first_asked():
    text = "The ATTACK on Kabul"
    assert folded(text) == "the attack on kabul"
    assert folded(text) == "the attack on kabul"
    assert folded("ſtrike") is None and folded("ſtrike") is None
    assert folded(text) == "the attack on kabul"


# honorifics, casualty terms, titles, locative prepositions, modality of undated triggers


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_an_honorific_is_found_back_from_where_it_ends(pieces):
    text = "".join(pieces)
    starts_by_end = {m.end(): m.start() for m in _HONORIFIC.finditer(text)}
    for q in range(len(text) + 1):
        assert _honorific_before(text, q) == starts_by_end.get(q)


@lru_cache(maxsize=1)
def plain_casualty_term():
    """The plain definition: a casualty term opening a word, in any case."""
    terms = [r["term"] for r in default_rows("casualty_terms.csv")]
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)


CASUALTY_PIECES = [" ", "  ", ",", ".", "13", "people", "killed", "Killed", "KILLING", "skill", "left", "dead",
                   "deadline", "left dead", "left  dead", "were", "was", "hurt", "died", "x", "_", "ſ", "\u212a", "İ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CASUALTY_PIECES), max_size=15))
def test_no_casualty_search_in_a_sentence_without_a_casualty_term(pieces):
    text = "".join(pieces)
    assert _may_have_casualties(text) == bool(plain_casualty_term().search(text))
    if not _may_have_casualties(text):
        _, _, active, passive, _ = _tables()
        assert active.search(text) is None and passive.search(text) is None and find_casualties(text) == []


@lru_cache(maxsize=1)
def plain_titles():
    """The title patterns as first written: a list of the titles, longest first."""
    alt = "|".join(re.escape(t) for t in sorted(default_list("titles.txt"), key=len, reverse=True))
    before = re.compile(r"(?i:\b(" + alt + r"))\s+$|(?i:\b(" + alt + r"))\b[^,.;:“”\"]{0,60},\s+$")
    after = re.compile(r"^,\s+(?:(?:the|a|an)\s+)?(?:[\w.’'-]+\s+){0,4}?(?i:(" + alt + r"))\b"
                       r"(?:\s+(?:of|at|for|with|in)\s+((?:[^,;:“”\".]|\.(?=\w))+))?")
    return before, after


def match_key(m):
    return None if m is None else [m.span(i) for i in range(m.re.groups + 1)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TITLE_PIECES + ["chief", "chief executive", "Director", "deputy"]), max_size=12))
def test_titles_are_matched_as_the_longest_first_list_matches_them(pieces):
    text = "".join(pieces) + "Ali Nazary"
    start = len(text) - len("Ali Nazary")
    (before, after), (plain_before, plain_after) = _titles(), plain_titles()
    assert match_key(before.search(text, max(0, start - 80), start)) == \
        match_key(plain_before.search(text, max(0, start - 80), start))
    tail = ", " + "".join(reversed(pieces))
    assert match_key(after.match(tail)) == match_key(plain_after.match(tail))


@lru_cache(maxsize=1)
def plain_locative():
    """The locative pattern as first written: lists of the phrases, longest first."""
    def alternation(name):
        words = sorted(default_list(name), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(r"(?:\b(?:" + alternation("locative_prepositions.txt") + r"|(?:" + alternation("place_nouns.txt")
                      + r")\s+of)\s+(?:the\s+)?(?-i:(?:" + alternation("direction_words.txt") + r")\s+)?)$",
                      re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LOCATIVE_PIECES + ["outskirts of", "Capital  Of", "around", "ın"]), max_size=10))
def test_a_locative_phrase_is_found_where_the_list_finds_one(pieces):
    text = "".join(pieces) + "Afghanistan"
    start = len(text) - len("Afghanistan")
    plain = plain_locative()
    for lo in {0, max(0, start - 30), max(0, start - 8)}:
        assert bool(LOCATIVE.search(text, lo, start)) == bool(plain.search(text, lo, start))


def trigger(text, start, pos):
    return TriggerMatch(start, start + len(text), text, text, pos, "killing", "strong")


def test_leftover_triggers_are_checked_for_modality_only_when_read():
    asked = []

    def unreal(t):
        asked.append(t.text)
        return t.text == "attack"

    left = _Leftovers([trigger("bombing", 0, "noun"), trigger("attack", 10, "noun"), trigger("killed", 20, "verb")],
                      unreal)
    assert left.first_real(lambda t: t.pos == "verb").text == "killed"
    assert asked == ["killed"]  # the nouns were not wanted, so not asked about
    assert left.first_real(lambda t: t.text == "attack") is None
    assert [t.text for t in left] == ["bombing", "killed"] and len(left) == 2 and left[1].text == "killed"
    assert _Leftovers([trigger("bombing", 0, "noun")]).real[0].text == "bombing"  # known real


def test_no_modal_words_are_looked_for_where_no_event_can_be_made(monkeypatch):
    built = []

    def modality(sentence):
        built.append(sentence)
        return SentenceModality(sentence)

    monkeypatch.setattr(importlib.import_module("timeline.events.extract"), "SentenceModality", modality)
    text = "The militants could attack the convoy. Officials fear a bombing."
    assert extract(Document("d", text, published="2023-04-26"), []) == []
    assert built == []  # no date, no event before: whether the attack is real does not matter


TITLE_END_PIECES = [" ", "  ", ",", ", ", "\n", ";", "(", ".", "spokesman", "Spokesman", "Gen.", "prime minister",
                    "Prime Minister", "minister", "deputy", "chief", "x" * 30, "Ali", "the", "ſ", "İ", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TITLE_END_PIECES), max_size=25), st.integers(1, 70))
def test_the_last_title_before_a_place_is_that_of_the_whole_text(pieces, reach):
    text = "".join(pieces)
    ends = _title_ends(text)
    title_end = _TitleEnds(text)
    for pos in range(len(text) + 1):
        before = [e for e in ends if e <= pos]
        expected = before[-1] if before and pos - before[-1] <= reach else None
        assert title_end.last(pos, reach) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GAZETTEER_PIECES), max_size=20),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 40)), max_size=8))
def test_places_of_stretches_asked_in_any_order_are_those_of_find_within(pieces, stretches):
    text = "".join(pieces)
    gazetteer = default_gazetteer()
    places = gazetteer.places_of(text)
    for lo, size in stretches:
        lo = min(lo, len(text))
        hi = min(len(text), lo + size)
        assert places.within(lo, hi) == gazetteer.find_within(text, lo, hi)


def test_places_of_the_sentences_of_a_line_are_those_of_find_within():
    gazetteer = default_gazetteer()
    text = ("A bombing at Abbey Gate near Kabul’s airport. Then in Balkh Province and New York. "
            "Washington, D.C. said so. St. Louis and Kabulistan.\nKabul again.")
    places = gazetteer.places_of(text)
    stretches = [(0, 45), (46, 82), (83, 107), (108, 133), (134, len(text))]
    for lo, hi in stretches:
        assert places.within(lo, hi) == gazetteer.find_within(text, lo, hi)
