"""Guessing the creation date of a news text from its own evidence."""

from timeline.temporal.dct import DctGuess, infer_dct


def test_dateline_with_agency_takes_year_from_text():
    g = infer_dct("KABUL, Aug. 27 (Reuters) - A suicide bomber struck on Thursday. The 2021 withdrawal ...")
    assert isinstance(g, DctGuess)
    assert g.value == "2021-08-27"
    assert g.confidence >= 0.7
    assert "dateline" in g.evidence


def test_dateline_with_full_date():
    g = infer_dct("WASHINGTON, Sept. 1, 2021 (AP) -- Officials hinted at cooperation.")
    assert (g.value, g.confidence) == ("2021-09-01", 0.95)


def test_dateline_year_from_url():
    g = infer_dct("KABUL, Aug. 27 (Reuters) - A bomb.", url="https://example.com/world/2021/08/27/kabul-bomb")
    assert g.value == "2021-08-27"


def test_published_line():
    g = infer_dct("Headline\nPublished 27 August 2021\nThe body of the article.")
    assert g.value == "2021-08-27"
    assert "Published" in g.evidence


def test_updated_line_in_a_format_for_dateparser():
    g = infer_dct("Updated 27/08/2021 15:12 BST\nBody text.")
    assert g.value == "2021-08-27"


def test_url_path_date():
    g = infer_dct("No date in this text.", url="https://globalmedialiteracy.com/2021/08/27/is-the-us-now-allied/")
    assert (g.value, g.confidence) == ("2021-08-27", 0.85)
    assert "URL" in g.evidence


def test_url_compact_date():
    assert infer_dct("Body.", url="https://news.example.org/20210827/story").value == "2021-08-27"


def test_latest_explicit_full_date():
    g = infer_dct("Talks began on Aug. 20, 2021. A deal followed on Aug. 25, 2021.")
    assert g.value == "2021-08-25"
    assert g.confidence < 0.5


def test_weekday_that_names_the_latest_date_puts_the_dct_after_it():
    g = infer_dct("The bombing on Aug. 26, 2021 was the deadliest. On Thursday, the bombing killed 13.")
    assert g.value == "2021-08-27"
    assert "Thursday" in g.evidence


def test_a_later_date_reported_as_past_lowers_confidence():
    good = infer_dct("KABUL, Aug. 27, 2021 (Reuters) - The attack on Thursday killed 13.")
    assert good.confidence == 0.95
    doubtful = infer_dct("KABUL, Aug. 27, 2021 (Reuters) - The attack on Sept. 5, 2021 killed 13.")
    assert doubtful.value == "2021-08-27"
    assert doubtful.confidence < good.confidence
    planned = infer_dct("KABUL, Aug. 27, 2021 (Reuters) - Talks will resume on Sept. 5, 2021.")
    assert planned.confidence == 0.95


def test_no_evidence():
    assert infer_dct("Nothing here says when.") is None
    assert infer_dct("") is None


def test_named_event_dates_are_not_publication_evidence():
    assert infer_dct("Twenty years after 9/11 the war ended in 2021.") is None


def test_mentions_already_read_without_a_date_are_used_as_given():
    from timeline.temporal import tag

    text = "Talks began on Aug. 20, 2021. A deal followed on Aug. 25, 2021."
    undated = tag(text, None)
    assert infer_dct(text, mentions=undated) == infer_dct(text)
    # the guess comes from the mentions passed, not from tagging the text again
    assert infer_dct(text, mentions=undated[:1]).value == "2021-08-20"
    assert infer_dct(text, mentions=[]) is None


def test_a_dateline_opens_a_line_near_the_top():
    prose = "Menu\nThe war in Afghanistan, which began in 2001, ended: a look back.\n"
    g = infer_dct(prose + "KABUL, Aug. 27, 2021 (Reuters) - A bomb.")
    assert g.value == "2021-08-27" and g.evidence.startswith("dateline")
    # a date in a line of prose, with no dash after it, opens no dateline
    assert not infer_dct("Talks held in Kabul on Aug. 27, 2021 were a first.").evidence.startswith("dateline")
    # below the top of the text it is no dateline
    far = infer_dct("x" * 500 + "\nKABUL, Aug. 27, 2021 (Reuters) - A bomb.")
    assert not far.evidence.startswith("dateline")
