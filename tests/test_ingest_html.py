"""Article text and metadata from HTML pages."""

from __future__ import annotations

from pathlib import Path

from trafilatura.utils import load_html

from timeline.ingest_html import MetaRule, declared_charset, extract_html, load_meta_rules, page_metadata

DATA = Path(__file__).resolve().parent / "data" / "ingest"


def test_meta_tags_give_title_author_publisher_url_and_date():
    art = extract_html((DATA / "article_meta.html").read_text(encoding="utf-8"))
    assert art.title == "Blast at Kabul airport kills dozens"
    assert art.author == "Jane Reporter"
    assert art.publisher == "Example News"
    assert art.url == "https://news.example.com/2021/08/26/kabul-airport-blast"
    assert art.published == "2021-08-26T21:40:00-04:00"
    assert art.text.splitlines()[1].startswith("A suicide bomber struck a crowd outside Kabul airport on Thursday")


def test_navigation_header_and_footer_are_not_article_text():
    art = extract_html((DATA / "article_meta.html").read_text(encoding="utf-8"))
    for furniture in ("Subscribe today", "Politics", "All rights reserved"):
        assert furniture not in art.text


def test_json_ld_metadata_is_read_including_graphs_and_lists():
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "headline": "Enemies after 9/11",
     "datePublished": "2021-09-03T05:00:00+08:00", "author": [{"@type": "Person", "name": "Tom Hussain"}],
     "publisher": {"@type": "Organization", "name": "South China Morning Post"}}]}
    </script></head><body><article><p>Washington pursues Isis-K while the Taliban consolidate.</p></article></body></html>"""
    art = extract_html(html)
    assert (art.title, art.author, art.publisher, art.published) == (
        "Enemies after 9/11",
        "Tom Hussain",
        "South China Morning Post",
        "2021-09-03T05:00:00+08:00",
    )


def test_the_date_is_never_guessed_from_the_article_text():
    html = "<html><body><article><p>On 2021-08-25 the embassy closed. Published 2021-08-27.</p></article></body></html>"
    art = extract_html(html)
    assert art.published == ""
    assert "embassy closed" in art.text


def test_short_and_unwrapped_pages_still_give_text():
    assert extract_html("<html><body><p>Kabul.</p></body></html>").text == "Kabul."
    assert extract_html("<div>The Taliban said on Thursday that it would cooperate.</div>").text == (
        "The Taliban said on Thursday that it would cooperate."
    )


def test_malformed_html_is_extracted():
    art = extract_html((DATA / "malformed.html").read_text(encoding="utf-8"))
    assert "secure the airport perimeter" in art.text
    assert "through the weekend" in art.text


def test_a_page_without_article_text_gives_empty_text():
    art = extract_html((DATA / "no_article.html").read_text(encoding="utf-8"))
    assert art.text == ""
    assert art.title == "Nothing here"
    assert extract_html("").text == ""


def test_rules_are_data_and_user_rules_come_first(tmp_path):
    rules = load_meta_rules()
    assert MetaRule("url", "link-rel", "canonical") in rules
    extra = tmp_path / "rules.csv"
    extra.write_text("field,source,key\ntitle,meta-name,hed\n")
    tree = load_html('<html><head><meta property="og:title" content="OG"><meta name="HED" content="Custom"></head><body></body></html>')
    assert page_metadata(tree)["title"] == "OG"
    assert page_metadata(tree, load_meta_rules((str(extra),)))["title"] == "Custom"


def test_declared_charset():
    assert declared_charset(b'<html><head><meta charset="windows-1252">') == "windows-1252"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">') == "ISO-8859-1"
    assert declared_charset(b"<html><body>none</body></html>") is None


def test_a_time_element_marked_as_publication_date_is_read():
    html = """<html><body><article><time pubdate datetime="2023-04-26T08:00:00-04:00">Wednesday</time>
    <p>Pentagon officials confirmed this week that a Taliban operation killed an ISIS-K leader.</p></article></body></html>"""
    assert extract_html(html).published == "2023-04-26T08:00:00-04:00"
