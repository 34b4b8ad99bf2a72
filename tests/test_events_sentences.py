from timeline.events.sentences import split_sentences


def test_offsets_slice_the_text():
    text = "The U.S. Army left. Gen. Kenneth McKenzie spoke on Aug. 26.\nA new line starts here"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "The U.S. Army left.",
        "Gen. Kenneth McKenzie spoke on Aug. 26.",
        "A new line starts here",
    ]
    for s in sents:
        assert text[s.start:s.end] == s.text


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Marvin G. Weinbaum, director at the Middle East Institute, wrote on Monday. Mr. Smith said so."
    assert [s.text for s in split_sentences(text)] == [
        "Marvin G. Weinbaum, director at the Middle East Institute, wrote on Monday.",
        "Mr. Smith said so.",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = "“We will not forgive.” The bombing killed 13 U.S. service members."
    assert [s.text for s in split_sentences(text)] == [
        "“We will not forgive.”",
        "The bombing killed 13 U.S. service members.",
    ]


def test_dotted_acronym_before_a_new_sentence():
    text = "Troops left the U.S. The next day they landed."
    assert len(split_sentences(text)) == 2


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences("  \n\n ") == []
