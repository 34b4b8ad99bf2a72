"""The app in a real headless Chromium: filters, selection, sources, export, URLs, uploads, safety.

Two servers run for the session: one over a generated table (stable figures,
plus an event whose texts carry HTML and script), one over the seed articles
built by the real pipeline, which also accepts uploads. Screenshots of the
seed view are saved to ``docs/screenshots/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from dash_app.app import Views, create_app
from dash_app.data import TimelineData
from dash_app.serve import serve_in_thread
from timeline.query import EventQuery, filter_events, split_list
from timeline.synthetic import synthetic_corpus

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
XSS_TITLE = "<script>window.__xss = 1</script> Blast <img src=x onerror=\"window.__xss = 2\">"
XSS_SENTENCE = "On May 5, 2020, <img src=x onerror=\"window.__xss = 3\"> a blast hit Kabul <b>hard</b>."
TIMEOUT = 20_000

if shutil.which(CHROMIUM) is None:  # CI installs Debian's chromium; elsewhere say why nothing ran
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)


# ---------------------------------------------------------------- servers and browser


def _hostile(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame):
    """Put HTML and script into the title, evidence, sentence, document title and URL of one event."""
    events, mentions, documents = events.copy(), mentions.copy(), documents.copy()
    ev = events.index[0]
    event_id = events.at[ev, "event_id"]
    events.loc[ev, ["title", "evidence", "date", "date_start", "date_end", "precision"]] = [
        XSS_TITLE, XSS_SENTENCE, "2020-05-05", "2020-05-05", "2020-05-05", "day"]  # fmt: skip
    m = mentions.index[mentions["event_id"] == event_id][0]
    mentions.loc[m, ["sentence", "time_text", "time_start", "char_start"]] = [XSS_SENTENCE, "May 5, 2020", 3, 0]
    doc_id = mentions.at[m, "doc_id"]
    d = documents.index[documents["doc_id"] == doc_id][0]
    documents.loc[d, ["title", "url"]] = ["<script>window.__xss = 4</script> report", "javascript:window.__xss = 5"]
    return events, mentions, documents, event_id


@pytest.fixture(scope="session")
def synthetic_site():
    events, mentions, documents, xss_id = _hostile(*synthetic_corpus(1500, seed=21))
    data = TimelineData.from_frames(events, mentions, documents)
    server = serve_in_thread(create_app(data))
    yield {"url": server.url, "data": data, "xss_id": xss_id, "views": Views(data)}
    server.stop()


def _seed_site():
    """The seed articles ingested into a real SQLite store, served with its uploads and API."""
    import tempfile

    from dash_app.app import app_for_store
    from timeline.pipeline import seeds_dir
    from timeline.store import Store, ingest_paths

    store = Store(str(Path(tempfile.mkdtemp(prefix="timeline-app-")) / "timeline.db"))
    ingest_paths(store, [seeds_dir()])
    app = app_for_store(store)
    server = serve_in_thread(app)
    return {"url": server.url, "data": app.timeline_data, "store": store}, server


@pytest.fixture(scope="session")
def seed_site():
    """The seed articles as the pipeline builds them (left unchanged: screenshots)."""
    site, server = _seed_site()
    yield site
    server.stop()


@pytest.fixture(scope="session")
def upload_site():
    """The seed articles, to which the upload test adds one."""
    site, server = _seed_site()
    yield site
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def context(browser):
    """One browser context for the session, so the app's scripts are fetched and cached once."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    page.close()


# ---------------------------------------------------------------- page helpers


def open_view(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#events-table td")
    wait_for_figure(page)


def wait_for_figure(page) -> None:
    page.wait_for_function("() => { const g = document.querySelector('#timeline .js-plotly-plot'); return g && g.data && g.data.length > 0 }")


def drawn_ids(page) -> set[str]:
    ids = page.evaluate(
        "() => document.querySelector('#timeline .js-plotly-plot').data.flatMap(t => t.customdata ? Array.from(t.customdata) : [])"
    )
    return {i for i in ids if i}


def table_titles(page) -> list[str]:
    return page.locator("#events-table td[data-dash-column='title']").all_inner_texts()


def highlighted_title(page) -> str | None:
    """Title of the table row drawn as selected, if any."""
    return page.evaluate(
        """() => {
          const cell = Array.from(document.querySelectorAll("#events-table td"))
            .find(td => getComputedStyle(td).backgroundColor === 'rgb(255, 243, 196)');
          if (!cell) return null;
          const row = cell.getAttribute('data-dash-row');
          return document.querySelector(`#events-table td[data-dash-column='title'][data-dash-row='${row}']`).innerText;
        }"""
    )


def wait_for_count(page, text: str) -> None:
    page.wait_for_function("t => (document.querySelector('#view-count') || {}).innerText?.startsWith(t)", arg=text)


def pick(page, dropdown: str, value: str) -> None:
    page.click(f"#{dropdown}")
    page.fill(".dash-dropdown-search", value)
    page.locator(".dash-dropdown-option", has_text=f"{value} (").first.click()
    page.keyboard.press("Escape")


def point_position(page, event_id: str | None = None) -> dict:
    """Screen position of an event's point (the first day point when no id is given)."""
    return page.evaluate(
        """(id) => {
          const gd = document.querySelector('#timeline .js-plotly-plot'), fl = gd._fullLayout, box = gd.getBoundingClientRect();
          for (const t of gd.data) {
            if (t.meta !== 'point') continue;
            for (let i = 0; i < t.x.length; i++) {
              if (id && t.customdata[i] !== id) continue;
              return {x: box.left + fl._size.l + fl.xaxis.d2p(t.x[i]), y: box.top + fl._size.t + fl.yaxis.d2p(t.y[i]), id: t.customdata[i]};
            }
          }
          return null;
        }""",
        event_id,
    )


def click_event(page, event_id: str | None = None) -> str:
    """Click an event's point; returns the id of the event the app selected."""
    pos = point_position(page, event_id)
    assert pos, "no day point drawn"
    before = page.evaluate("() => new URLSearchParams(location.search).get('event')")
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector(".hoverlayer .hovertext")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function("b => { const e = new URLSearchParams(location.search).get('event'); return e && e !== b }", arg=before)
    return page.evaluate("() => new URLSearchParams(location.search).get('event')")


# ---------------------------------------------------------------- tests


def test_filtering_by_actor_leaves_only_that_actors_events(page, synthetic_site):
    data = synthetic_site["data"]
    open_view(page, synthetic_site["url"] + "/")
    pick(page, "actor-filter", "ISIS-K")
    page.wait_for_function("() => location.search.includes('actor=ISIS-K')")
    expected = filter_events(data.events, EventQuery(actors=["ISIS-K"]))
    wait_for_count(page, f"{len(expected):,} of 1,500 events match")
    page.wait_for_function(
        "n => new Set(document.querySelector('#timeline .js-plotly-plot').data.flatMap(t => t.customdata ? Array.from(t.customdata) : []).filter(Boolean)).size === n",
        arg=len(expected),
    )
    assert drawn_ids(page) == set(expected["event_id"])
    rows = page.locator("#events-table td[data-dash-column='actors']").all_inner_texts()
    assert rows and all("ISIS-K" in split_list(r) for r in rows)
    assert page.errors == []


def test_clicking_a_point_opens_its_sources_and_selects_its_row(page, synthetic_site):
    data = synthetic_site["data"]
    open_view(page, synthetic_site["url"] + "/?type=bombing")
    event_id = click_event(page)
    page.wait_for_selector("#panel-title")
    event = data.events[data.events["event_id"] == event_id].iloc[0]
    assert page.inner_text("#panel-title") == event["title"]
    assert page.locator("#sources-list > li").count() == event["n_sources"]
    first_source = page.locator("#sources-list > li").first
    assert first_source.locator("mark.hl-date").count() >= 1 and first_source.locator("mark.hl-actor").count() >= 1
    if event["disagreements"]:
        assert "Sources disagree" in page.inner_text("#disagreements")
    # the table turned to the event's page and highlights its row
    page.wait_for_function("() => Array.from(document.querySelectorAll('#events-table td')).some(td => getComputedStyle(td).backgroundColor === 'rgb(255, 243, 196)')")
    assert highlighted_title(page) == event["title"]
    shape = page.evaluate("() => document.querySelector('#timeline .js-plotly-plot').layout.shapes[0]")
    assert shape["visible"] and shape["x0"].startswith(event["date_start"])
    assert page.errors == []


def test_clicking_a_row_opens_its_sources_and_marks_the_timeline(page, synthetic_site):
    views = synthetic_site["views"]
    open_view(page, synthetic_site["url"] + "/?type=agreement")
    event = views.table_view("type=agreement", "", []).iloc[2]
    assert table_titles(page)[2] == event["title"]
    page.locator("#events-table td[data-dash-column='title']").nth(2).click()
    page.wait_for_function("id => location.search.includes('event=' + id)", arg=event["event_id"])
    page.wait_for_function("t => document.querySelector('#panel-title')?.innerText === t", arg=event["title"])
    page.wait_for_function("d => (document.querySelector('#timeline .js-plotly-plot').layout.shapes[0].x0 || '').startsWith(d)", arg=event["date_start"])
    assert highlighted_title(page) == event["title"]


def test_exported_csv_is_exactly_the_filtered_table(page, synthetic_site):
    views = synthetic_site["views"]
    open_view(page, synthetic_site["url"] + "/?actor=Taliban&type=armed_clash")
    everything = len(views.table_view("actor=Taliban&type=armed_clash", "", []))
    # the table's own column filter narrows the view further
    page.fill("#events-table th.dash-filter[data-dash-column='title'] input", "kabul")
    page.press("#events-table th.dash-filter[data-dash-column='title'] input", "Enter")
    page.wait_for_function("() => Array.from(document.querySelectorAll(\"#events-table td[data-dash-column='title']\")).every(td => td.innerText.includes('Kabul'))")
    shown = table_titles(page)
    with page.expect_download() as info:
        page.click("#export-view")
    download = info.value
    assert download.suggested_filename == "timeline-view.csv"
    exported = pd.read_csv(download.path(), dtype=str, keep_default_na=False)
    expected = views.table_view("actor=Taliban&type=armed_clash", "{title} icontains kabul", [])
    assert 0 < len(expected) < everything
    assert exported["event_id"].tolist() == expected["event_id"].tolist()
    assert shown and exported["title"].tolist()[: len(shown)] == shown
    assert list(exported.columns)[:3] == ["event_id", "date", "date_start"]


def test_a_copied_url_reopens_the_same_view_and_back_steps_through_it(page, context, synthetic_site):
    data = synthetic_site["data"]
    open_view(page, synthetic_site["url"] + "/?type=bombing")
    pick(page, "actor-filter", "Taliban")
    page.wait_for_function("() => location.search.includes('actor=Taliban')")
    page.fill("#start-filter", "2010")
    page.press("#start-filter", "Enter")
    page.wait_for_function("() => location.search.includes('start=2010-01-01')")
    page.click("#color-by input[value='actor']")
    page.wait_for_function("() => location.search.includes('color=actor')")
    page.wait_for_function("() => document.querySelector('#timeline .js-plotly-plot').layout.yaxis.ticktext[0] !== 'bombing'")
    click_event(page)
    copied = page.url
    expected = filter_events(data.events, EventQuery(actors=["Taliban"], types=["bombing"], start="2010"))
    wait_for_count(page, f"{len(expected):,} of")
    title = page.inner_text("#panel-title")

    other = context.new_page()
    open_view(other, copied)
    wait_for_count(other, f"{len(expected):,} of")
    assert other.inner_text("#panel-title") == title
    assert other.input_value("#start-filter") == "2010-01-01"
    assert "bombing" in other.inner_text("#type-filter") and "Taliban" in other.inner_text("#actor-filter")
    assert other.is_checked("#color-by input[value='actor']")
    assert drawn_ids(other) == set(expected["event_id"])
    other.close()

    # back: before the selection, then before the colouring
    page.go_back()
    page.wait_for_function("() => !location.search.includes('event=')")
    page.wait_for_selector(".panel-empty")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('color=actor')")
    page.wait_for_function("() => document.querySelector('#color-by input[value=\"event_type\"]').checked")


def test_zooming_then_using_the_zoomed_dates_filters_by_them(page, synthetic_site):
    data = synthetic_site["data"]
    open_view(page, synthetic_site["url"] + "/?type=statement")
    box = page.evaluate(
        """() => { const gd = document.querySelector('#timeline .js-plotly-plot'), fl = gd._fullLayout, r = gd.getBoundingClientRect();
                   return {x: r.left + fl._size.l, y: r.top + fl._size.t, w: fl._size.w, h: fl._size.h}; }"""
    )
    y = box["y"] + box["h"] / 2
    page.mouse.move(box["x"] + box["w"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["w"] * 0.5, y, steps=8)
    page.mouse.up()
    page.click("#zoom-to-filter")
    page.wait_for_function("() => location.search.includes('start=') && location.search.includes('end=')")
    params = page.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    assert params["start"] < params["end"]
    expected = filter_events(data.events, EventQuery(types=["statement"], start=params["start"], end=params["end"]))
    wait_for_count(page, f"{len(expected):,} of")
    assert page.input_value("#start-filter") == params["start"]


def test_nothing_from_a_document_is_rendered_as_html(page, synthetic_site):
    xss_id = synthetic_site["xss_id"]
    open_view(page, synthetic_site["url"] + f"/?q=window.__xss&event={xss_id}")
    page.wait_for_selector("#panel-title")
    assert page.inner_text("#panel-title") == XSS_TITLE
    evidence = page.locator("#sources-list blockquote").first.inner_text()
    assert evidence == XSS_SENTENCE
    assert page.locator("#sources-list mark.hl-date").first.inner_text() == "May 5, 2020"
    panel_text = page.inner_text("#panel")
    assert "<script>window.__xss = 4</script> report" in panel_text
    assert page.locator("#panel img, #panel script, #panel b, #panel a[href^='javascript']").count() == 0
    # the table shows the title as text too
    assert page.locator("#events-table td[data-dash-column='title']").first.inner_text() == XSS_TITLE
    # hovering the point shows the title as text
    pos = point_position(page, xss_id)
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_selector(".hoverlayer .hovertext")
    assert "<script>window.__xss = 1</script>" in page.locator(".hoverlayer .hovertext").first.text_content()
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert page.errors == []


def test_screenshots_of_the_seed_timeline(page, seed_site):
    data = seed_site["data"]
    page.set_viewport_size({"width": 1600, "height": 1000})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    open_view(page, seed_site["url"] + "/")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "timeline-overview.png"), full_page=True)

    actor = "Taliban"
    open_view(page, seed_site["url"] + f"/?actor={actor}")
    wait_for_count(page, f"{len(filter_events(data.events, EventQuery(actors=[actor]))):,} of")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "filtered-by-actor.png"), full_page=True)

    busiest = data.events.sort_values("n_sources", ascending=False).iloc[0]
    open_view(page, seed_site["url"] + f"/?event={busiest['event_id']}")
    page.wait_for_selector("#sources-list > li")
    assert page.locator("#sources-list > li").count() >= busiest["n_sources"]
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "source-panel.png"), full_page=True)
    for name in ("timeline-overview.png", "filtered-by-actor.png", "source-panel.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000
    assert page.errors == []


def test_uploaded_articles_appear_without_restart_and_bad_files_are_named(page, upload_site):
    data = upload_site["data"]
    before = len(data.events)
    open_view(page, upload_site["url"] + "/")
    article = (
        "Suicide bomber kills dozens at Kunduz mosque\n\n"
        "A suicide bombing at a Shiite mosque in Kunduz on Friday killed at least 50 worshippers, officials said. "
        "The Islamic State claimed responsibility for the attack, the deadliest since the Taliban took power.\n"
    )
    page.fill("#upload-date", "2021-10-09")
    page.set_input_files(
        "#upload input[type=file]",
        files=[
            {"name": "kunduz-mosque.txt", "mimeType": "text/plain", "buffer": article.encode()},
            {"name": "broken.txt", "mimeType": "text/plain", "buffer": b"\x00\x01\x02\xff" * 64},
        ],
    )
    page.wait_for_selector(".upload-result .ok", timeout=60_000)
    message = page.inner_text(".upload-result")
    assert "Added 1 document" in message and "kunduz-mosque" in message
    assert "broken.txt" in message
    assert len(data.events) > before
    page.wait_for_function("n => document.querySelector('#corpus-summary').innerText.startsWith(n + ' events')", arg=f"{len(data.events):,}")
    # the new document's events are in the view, with the uploaded article as their source
    open_view(page, upload_site["url"] + "/?source=kunduz-mosque")
    assert "Kunduz" in " ".join(page.locator("#events-table td").all_inner_texts())
