"""The source panel renders document text as text, with highlights as components."""

from __future__ import annotations

from dash import html

from dash_app.panel import event_panel, highlighted_sentence, safe_href


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            yield from walk(child)
        elif isinstance(child, str):
            yield child


def texts(components):
    return [c for comp in components for c in walk(comp) if isinstance(c, str)]


def test_highlights_are_mark_components_and_markup_stays_text():
    pieces = highlighted_sentence([("On ", None), ("Thursday", "date"), (", <script>alert(1)</script> ", None), ("ISIS-K", "actor")])
    assert pieces[0] == "On " and pieces[2] == ", <script>alert(1)</script> "
    assert isinstance(pieces[1], html.Mark) and pieces[1].className == "hl-date"
    assert isinstance(pieces[3], html.Mark) and pieces[3].className == "hl-actor"


def test_only_http_links_become_links():
    assert safe_href("https://slate.com/a") == "https://slate.com/a"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("data:text/html,<b>") is None
    assert safe_href("") is None


EVENT = {
    "event_id": "ev-1", "title": "Abbey Gate bombing", "date": "2021-08-26", "precision": "day", "date_mod": "",
    "date_start": "2021-08-26", "date_end": "2021-08-26", "event_type": "bombing", "actors": "ISIS-K; United States",
    "perpetrators": "ISIS-K", "targets": "United States", "location": "Kabul", "country": "Afghanistan", "killed": 13, "wounded": None,
    "casualties": "killed: nearly 100 Afghans [seed-000]; killed: more than 170 Afghans [seed-003]",
    "disagreements": "killed: nearly 100 Afghans [seed-000] vs more than 170 Afghans [seed-003]",
    "merge_reasons": "seed-003:10 <- seed-000:5 (0.91): same day, shared actors",
}  # fmt: skip
SOURCES = [
    {"doc_id": "seed-000", "publisher": "Slate", "title": "Allied?", "published": "2021-08-27", "url": "javascript:alert(1)",
     "sentence": "ISIS-K attacked on Thursday.", "segments": [("ISIS-K", "actor"), (" attacked on ", None), ("Thursday", "date"), (".", None)],
     "time_text": "Thursday", "time_value": "2021-08-26", "precision": "day", "killed": "nearly 100 Afghans", "wounded": ""},
]  # fmt: skip


def test_panel_shows_disagreements_sources_and_merge_reasons():
    parts = event_panel(EVENT, SOURCES)
    words = " ".join(texts(parts))
    assert "Sources disagree" in words and "more than 170 Afghans [seed-003]" in words
    assert "1 source" in words and "Slate" in words and "2021-08-27" in words
    assert "Why these mentions were merged (1)" in words
    anchors = [c for p in parts for c in walk(p) if isinstance(c, html.A)]
    assert anchors == []  # the javascript: URL is shown as plain text, not a link
    marks = [c.children for p in parts for c in walk(p) if isinstance(c, html.Mark)]
    assert "ISIS-K" in marks and "Thursday" in marks


def test_several_mentions_in_one_source_are_counted_apart():
    words = " ".join(texts(event_panel(EVENT, SOURCES + [dict(SOURCES[0], sentence="Again.", segments=[("Again.", None)])])))
    assert "1 source, 2 mentions" in words


def test_empty_panel_invites_a_selection():
    assert "Select an event" in event_panel(None, [])[0].children
