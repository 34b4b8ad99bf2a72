"""Event extraction on short news about other topics than the seeds: business, politics, disasters, crime.

Each text in ``tests/data/events/`` is tagged by the real temporal tagger and
run through the extractor; the table lists the events that must come out.
"""

from pathlib import Path

import pytest

from timeline.document import Document
from timeline.events import extract
from timeline.temporal import tag

DATA = Path(__file__).parent / "data" / "events"
DCT = "2023-11-05"  # a Sunday

# file, event type, date, trigger, actors that must be named (role or "any"), casualties (kind, count), place
EXPECTED = [
    ("merger.txt", "agreement", "2023-11-05", "merger", {}, [], ""),
    ("merger.txt", "statement", "2023-10-30", "said", {"Norbridge Semiconductor": "perpetrator", "Talvec Systems": "any"}, [], ""),
    ("earnings.txt", "other", "2023-Q3", "posted a net loss", {"Halvern Motors": "perpetrator"}, [], ""),
    ("ceo_resigns.txt", "statement", "2023-10-31", "resigned", {"Peter Ashdown": "perpetrator"}, [], ""),
    ("election.txt", "other", "2023-11-05", "elected", {"Marta Rojas": "any"}, [], ""),
    ("treaty.txt", "agreement", "2023-11-03", "signed", {"Armenia": "perpetrator", "Azerbaijan": "perpetrator"}, [], "Geneva"),
    ("minister_visit.txt", "visit", "2023-11-04", "visited", {"Yoko Kamikawa": "perpetrator", "Volodymyr Zelensky": "any"}, [], "Kyiv"),
    ("minister_visit.txt", "other", "2022-02", "invasion", {}, [], ""),
    ("earthquake.txt", "other", "2023-11-03", "earthquake", {}, [("killed", 157), ("wounded", 300)], "Nepal"),
    ("flood.txt", "other", "2023-11-01", "Floods", {}, [("killed", 14)], ""),
    ("flood.txt", "visit", "2023-11-05", "visited", {"Giorgia Meloni": "perpetrator"}, [], ""),
    ("arrest.txt", "arrest", "2023-10-31", "arrested", {}, [], "Berlin"),
    ("protest.txt", "other", "2023-11-02", "marched", {}, [], "Paris"),
    ("hostage_release.txt", "other", "2023-11-01", "released", {}, [], "Mali"),
    ("airstrike_syria.txt", "airstrike", "2023-10-30", "airstrike", {"Hayat Tahrir al-Sham": "target"}, [("killed", 12)], "Idlib"),
]

# what must NOT come out: forecasts, plans and conditionals
NOT_EVENTS = [
    ("merger.txt", "2024"),          # "The deal is expected to close next year"
    ("earnings.txt", "2024"),        # "would lay off 2,000 workers next year if demand does not recover"
    ("election.txt", "2024-03-11"),  # "She will take office on March 11"
    ("treaty.txt", "2023-12"),       # "are expected to meet next month"
    ("protest.txt", "2023-11-07"),   # "called another nationwide strike for next Tuesday"
]


def events_of(name):
    text = (DATA / name).read_text(encoding="utf-8")
    doc = Document(name, text, published=DCT)
    return extract(doc, tag(text, dct=DCT))


@pytest.fixture(scope="module")
def extracted():
    return {p.name: events_of(p.name) for p in sorted(DATA.glob("*.txt"))}


def test_at_least_ten_texts_on_other_topics():
    assert len(list(DATA.glob("*.txt"))) >= 10


@pytest.mark.parametrize("name,etype,value,trigger,actors,casualties,place", EXPECTED,
                         ids=[f"{e[0]}:{e[3]}" for e in EXPECTED])
def test_expected_event(extracted, name, etype, value, trigger, actors, casualties, place):
    evs = [e for e in extracted[name] if e.trigger == trigger and e.date == value]
    assert evs, f"no {trigger!r} event dated {value} in {name}: {[(e.trigger, e.date) for e in extracted[name]]}"
    ev = evs[0]
    assert ev.event_type == etype
    roles = {a.name: a.role for a in ev.actors}
    for name_, role in actors.items():
        assert name_ in roles, f"{name_} missing from {roles}"
        if role != "any":
            assert roles[name_] == role
    assert [(c.kind, c.count) for c in ev.casualties] == casualties
    if place:
        assert ev.location == place
    assert ev.sentence in (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name,value", NOT_EVENTS)
def test_forecasts_are_not_events(extracted, name, value):
    assert [e.trigger for e in extracted[name] if e.date == value] == []


def test_no_event_without_a_trigger_of_its_own(extracted):
    # every event of these texts is one of the expected ones or a dated statement
    expected = {(e[0], e[3], e[2]) for e in EXPECTED}
    for name, evs in extracted.items():
        for ev in evs:
            if (name, ev.trigger, ev.date) not in expected:
                assert ev.event_type == "statement", (name, ev.trigger, ev.date)
