"""Event extraction: from a document and its time mentions to dated event mentions.

    >>> from timeline.events import extract, load_lexicon
    >>> events = extract(doc, tag(doc.text, dct=doc.published))

Everything the extractor knows about words lives in data files under
``timeline/events/resources/`` (see its README): triggers, actors and
aliases, places, titles, modal words, number words.
"""

from timeline.events.actors import ActorLexicon, load_lexicon
from timeline.events.extract import extract
from timeline.events.gazetteer import Gazetteer, load_gazetteer
from timeline.events.model import ActorRef, Casualty, EventMention

__all__ = [
    "ActorLexicon",
    "ActorRef",
    "Casualty",
    "EventMention",
    "Gazetteer",
    "extract",
    "load_gazetteer",
    "load_lexicon",
]
