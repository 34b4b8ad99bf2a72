"""Actors: the canonical actor list, matching it in text, and finding unlisted people.

The list is ``resources/actors.csv`` (``canonical,type,alias,parent``) plus
every country of the gazetteer as a ``state``; a user adds rows in files of the
same format (``load_lexicon([FILE])``). ``parent`` rolls a body up to its
state (Pentagon -> United States): the event reports the state, with the body
as its affiliation. ``affiliate_of`` names the parent organization of an
affiliate (ISIS-K -> Islamic State): in a document that names the affiliate,
a bare mention of the parent means the affiliate (``find_in_document``).

Matching rules:

- longest alias first, without overlaps, whole words only;
- an alias written in capitals ("ISK", "TTP", "US") matches only in
  capitals; other aliases also match with a capitalized first letter ("al
  Qaeda" / "Al Qaeda"), and long ones (8+ characters) also in capitals,
  lower case and title case;
- a possessive, with or without its apostrophe, still matches ("Taliban's",
  "Talibans", "al Qaedas");
- strings in ``resources/actor_blockers.txt`` ("George Washington
  University", "Washington Post", "US$") hide what they contain;
- a place name used as an actor alias (a country, "Washington") right after
  a locative preposition ("in Afghanistan", "in Washington") is a place,
  not an actor.

People in no list are found by shape (``find_candidates``): a capitalized
name right after a title ("Gen. Kenneth McKenzie", "spokesman Ali Maisam
Nazary") or followed by an appositive with a title ("Marvin G. Weinbaum,
director of ..."). They get ``kind="candidate"``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from timeline.events.patterns import (compile_folded_phrases, compile_phrases, finditer_at_starts, finditer_phrases, folded, matches_at,
                                      phrase_starts, trie_pattern)
from timeline.events.resources import default_list, read_list, read_rows, resource_path

POSSESSIVE = r"(?:['’]s|['’](?![\w])|s)?"

# Patterns of the person details below, compiled once.
_AND_BEFORE = re.compile(r"\s(?:and|&)\s+$")
_AND_END = re.compile(r"\s+(?:and|&)\s*$")
_OF_TAIL = re.compile(r"\b(?:of|at|for|with)\s+(.+?),\s*$")
_NAME_BEFORE_TITLE = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)\s+(?:[a-z]+\s+)?$")
_AFFILIATION_PREP = re.compile(r"\s+(?:of|at|for|with|in)\s+")
_ARTICLE_START = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE_SPLIT = re.compile(r"['’]s\s+")
_CAPITALIZED_RUN = re.compile(r"([A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|of|and|&|the|for|on))*)")
_FUNCTION_WORDS_END = re.compile(r"(?:\s+(?:of|and|&|the|for|on))+$")


def _phrase_alternation(words) -> str:
    """Regex alternation of phrases, longest first, the words of a phrase separated by any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _phrase_choice(words) -> str:
    """Regex for any of the phrases, case-insensitively, the words of a phrase separated by any whitespace:
    a trie of the lower-cased phrases when they are plain ASCII (faster than a list), else
    ``_phrase_alternation``. For tests of whether a pattern matches: when several phrases fit, which
    one matches is not defined."""
    if not all(w.isascii() for w in words):
        return _phrase_alternation(words)
    return trie_pattern({w.lower() for w in words}).replace(r"\ ", r"\s+")


def _locative() -> re.Pattern:
    """A locative preposition (and a direction word) right before a place name: "in", "out of eastern",
    "a province of". (Only ever asked whether it matches.)"""
    preps = _phrase_choice(default_list("locative_prepositions.txt"))
    directions = _phrase_alternation(default_list("direction_words.txt"))
    nouns = _phrase_choice(default_list("place_nouns.txt"))
    return re.compile(
        r"(?:\b(?:" + preps + r"|(?:" + nouns + r")\s+of)\s+(?:the\s+)?(?-i:(?:" + directions + r")\s+)?)$",
        re.IGNORECASE,
    )


def _locative_last_words() -> frozenset[str]:
    """The last word of every phrase ``LOCATIVE`` can end with, lower case."""
    phrases = [*default_list("locative_prepositions.txt"), "of", "the", *default_list("direction_words.txt")]
    return frozenset(p.split()[-1].lower() for p in phrases if p.split())


def _may_be_locative(text: str, start: int) -> bool:
    """False when ``LOCATIVE`` cannot match right before ``start``: it ends in one of
    ``_locative_last_words()`` and whitespace. A quick test that spares the regex search on most names."""
    if start == 0 or not text[start - 1].isspace():
        return False
    head = text[max(0, start - 30):start].rstrip()
    if not head:
        return False
    word = head.rsplit(None, 1)[-1]  # the last word: its word characters at the end
    if not word.isalnum():
        k = len(word)
        while k > 0 and (word[k - 1].isalnum() or word[k - 1] == "_"):  # ``_is_word_char``
            k -= 1
        word = word[k:]
        if not word:
            return False
    return not word.isascii() or word.lower() in LOCATIVE_LAST_WORDS


LOCATIVE = _locative()
LOCATIVE_LAST_WORDS = _locative_last_words()


def _after_comma(text: str, start: int) -> bool:
    """False when ``_CITY_COMMA`` cannot match right before ``start``: the text there is not a comma and
    white space. A quick test that spares the regex search on most names."""
    k = start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k < start and k > 0 and text[k - 1] == ","


_CITY_COMMA = re.compile(r"\b([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}),\s+$")
_PLACE_POSSESSIVE = re.compile(r"['’]s\s+[A-Z]")
_SUBJECT_AFTER = re.compile(
    r"(?:['’]s\s+(?:government|policy|position|stance|decision|response|officials|leaders|relationship)|\s+(?:and\s+[A-Z]|"
    r"(?:has|have|had|is|was|were|will|would|could|should|must|may|said|says|wants?|wanted|announced|denied|rejected|"
    r"accused|warned|insisted|refused|agreed|demanded|urged|called|claimed|responded|sees?|saw|believes?|hopes?)\b))"
)


@dataclass(frozen=True)
class ActorEntry:
    canonical: str
    kind: str
    parent: str = ""
    affiliate_of: str = ""


# Not frozen: built by the thousand for every document, and a frozen dataclass costs about three
# times as much to create. Treat as read-only; equal values hash alike.
@dataclass(slots=True, unsafe_hash=True)
class ActorMatch:
    """One actor named in a text; offsets are into the text given to ``find``."""

    start: int
    end: int
    surface: str
    name: str
    kind: str
    parent: str = ""


@dataclass
class ActorLexicon:
    """Canonical actors and their aliases, with blockers and compiled matchers."""

    aliases: dict[str, ActorEntry] = field(default_factory=dict)
    blockers: list[str] = field(default_factory=list)
    place_aliases: set[str] = field(default_factory=set)
    city_aliases: set[str] = field(default_factory=set)
    city_names: frozenset[str] = field(default_factory=frozenset)  # every city of the gazetteer
    _compiled: tuple | None = field(default=None, repr=False)
    _by_canonical: dict | None = field(default=None, repr=False)

    def add(self, alias: str, canonical: str, kind: str, parent: str = "", affiliate_of: str = "") -> None:
        alias = alias.strip()
        if not alias or not canonical:
            return
        self.aliases[alias] = ActorEntry(canonical.strip(), (kind or "").strip(), (parent or "").strip(),
                                         (affiliate_of or "").strip())
        self._compiled = None
        self._by_canonical = None

    def entry(self, canonical: str) -> ActorEntry | None:
        """The entry of a canonical name (its kind and parent)."""
        if self._by_canonical is None:
            self._by_canonical = {}
            for e in self.aliases.values():
                self._by_canonical.setdefault(e.canonical, e)
        return self._by_canonical.get(canonical)

    def _matchers(self):
        if self._compiled is None:
            exact: set[str] = set()
            lookup: dict[str, str] = {}
            for alias in self.aliases:
                if _is_acronym(alias):
                    exact.add(alias)
                    lookup[alias] = alias
                    continue
                exact.add(alias)
                lookup[alias] = alias
                cap = alias[0].upper() + alias[1:]
                exact.add(cap)
                lookup.setdefault(cap, alias)
                if len(alias) >= 8:
                    # long names also in capitals, lower case and title case ("ISLAMIC STATE")
                    for variant in (alias.upper(), alias.title(), alias.lower()):
                        exact.add(variant)
                        lookup.setdefault(variant, alias)
            blockers = (compile_phrases(self.blockers), phrase_starts(self.blockers)) if self.blockers else None
            # each written form -> its alias and the alias's entry
            resolved = {form: (alias, self.aliases[alias]) for form, alias in lookup.items()}
            self._compiled = (compile_phrases(exact, suffix=POSSESSIVE), blockers, resolved)
        return self._compiled

    def find(self, text: str) -> list[ActorMatch]:
        """Every listed actor named in ``text``, left to right, without overlaps."""
        exact, blockers, resolved = self._matchers()
        blocked_chars: set[int] = set()
        if blockers is not None:
            for m in finditer_at_starts(*blockers, text):
                blocked_chars.update(range(m.start(), m.end()))
        out: list[ActorMatch] = []
        last_end = -1
        city_aliases, place_aliases = self.city_aliases, self.place_aliases
        for m in finditer_phrases(exact, text):
            start, core_end = m.span(1)
            if start < last_end:
                continue
            end = m.end()  # past a possessive ending ("Taliban's")
            if blocked_chars and (start in blocked_chars or end - 1 in blocked_chars):
                continue
            found = resolved.get(text[start:core_end])
            if found is None:
                continue
            alias, entry = found
            if alias in city_aliases and not _SUBJECT_AFTER.match(text, end):
                continue  # a capital stands for its government only as a subject ("Washington said")
            if alias in place_aliases and (
                _may_be_locative(text, start) and LOCATIVE.search(text, max(0, start - 30), start) or _PLACE_POSSESSIVE.match(text, end - 2 if end > core_end else end)
                or self._after_city(text, start)
            ):
                continue  # "in Afghanistan", "Afghanistan's Balkh Province", "Doha, Qatar": a place, not an actor
            out.append(ActorMatch(start, end, text[start:end], entry.canonical, entry.kind, entry.parent))
            last_end = end
        return out

    def _after_city(self, text: str, start: int) -> bool:
        """True when a name follows "<City>, " ("the 2020 Doha, Qatar, peace deal"): it locates the city."""
        if not self.city_names or not _after_comma(text, start):
            return False
        m = _CITY_COMMA.search(text, max(0, start - 40), start)
        return bool(m) and m.group(1) in self.city_names

    def find_in_document(self, text: str) -> list[ActorMatch]:
        """``find`` over a whole document, with bare parent organizations resolved to the affiliate it names.

        When a document names exactly one affiliate of a parent organization ("ISIS-K", whose
        ``affiliate_of`` is "Islamic State"), a bare mention of the parent ("ISIS", "the Islamic State")
        means that affiliate; a qualified one ("Islamic State core leadership", "the Islamic State in
        Iraq and Syria", words of ``affiliate_qualifiers.txt``) stays the parent.
        """
        matches = self.find(text)
        affiliates: dict[str, set[str]] = {}
        for name in {m.name for m in matches}:
            e = self.entry(name)
            if e is not None and e.affiliate_of:
                affiliates.setdefault(e.affiliate_of, set()).add(name)
        named_once = {parent: names for parent, names in affiliates.items() if len(names) == 1}
        for k in [k for k, m in enumerate(matches) if m.name in named_once]:
            m = matches[k]
            if not _qualified(text, m):
                (aff,) = named_once[m.name]
                e = self.entry(aff)
                matches[k] = ActorMatch(m.start, m.end, m.surface, aff, e.kind if e else m.kind, e.parent if e else "")
        return matches


@lru_cache(maxsize=1)
def _qualifier_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = "|".join(re.escape(w) for w in default_list("affiliate_qualifiers.txt"))
    after = re.compile(r"(?:['’]s)?\s+(?:(?i:" + words + r")\b|in\s+(?:the\s+)?[A-Z])")
    before = re.compile(r"\b(?i:" + words + r")\s+(?:(?:the|of)\s+)*$")
    inside = re.compile(r"\b(?i:" + words + r")\b")
    return after, before, inside


def _qualified(text: str, m: ActorMatch) -> bool:
    """True when a parent organization's name is qualified as the parent itself ("Islamic State core leadership")."""
    after, before, inside = _qualifier_patterns()
    return bool(after.match(text, m.end) or before.search(text, max(0, m.start - 30), m.start)
                or inside.search(m.surface))


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def load_lexicon(extra_files: Iterable[str | Path] = (), gazetteer=None) -> ActorLexicon:
    """The shipped actor list, every gazetteer country as a state, then ``extra_files`` (same CSV format).

    Rows of later files override earlier ones for the same alias.
    """
    from timeline.events.gazetteer import load_gazetteer

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    lex = ActorLexicon()
    for place in gaz.places.values():
        if place.kind == "country":
            for name in (place.name, *place.aliases):
                lex.add(name, place.name, "state")
    for row in read_rows(resource_path("actors.csv")):
        lex.add(row.get("alias", ""), row.get("canonical", ""), row.get("type", ""), row.get("parent", ""),
                row.get("affiliate_of", ""))
    lex.blockers = list(default_list("actor_blockers.txt"))
    for path in extra_files:
        path = Path(path)
        if path.suffix == ".txt":
            lex.blockers.extend(read_list(path))
            continue
        for row in read_rows(path):
            lex.add(row.get("alias", "") or row.get("canonical", ""), row.get("canonical", ""),
                    row.get("type", ""), row.get("parent", ""), row.get("affiliate_of", ""))
    lex.place_aliases = {a for a in lex.aliases if gaz.lookup(a) is not None}
    lex.city_names = frozenset(n for p in gaz.places.values() if p.kind == "city" for n in (p.name, *p.aliases))
    # a capital named for its government ("Washington", "Kyiv"), not a body that also names a site ("Pentagon")
    lex.city_aliases = {a for a in lex.place_aliases
                        if gaz.lookup(a).kind in ("city", "site", "province") and lex.aliases[a].kind == "state"}
    return lex


# ---------------------------------------------------------------- people by shape

_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+)"
_PARTICLE = r"(?:al-|el-|bin |ibn |abu |de |van |von |da |di |du |la |le )"
# A name not preceded by a word character or a period. The first capital is written first and the
# lookbehind after it (``(?<![\w.][A-Z])``, the same test) so that the regex engine skips quickly from
# one capital letter to the next.
_FIRST_NAME_TOKEN = r"[A-Z](?<![\w.][A-Z])(?:[a-z]+(?:[-’'][A-Z]?[a-z]+)*|\.|[a-z]*[A-Z][a-z]+)"
NAME = re.compile(
    r"(" + _FIRST_NAME_TOKEN + r"(?:[ \t]+(?:" + _PARTICLE + r")?" + _NAME_TOKEN + r"){1,3})(?![\w])"
)
_NOT_NAME_START = frozenset(
    "The A An In On At But And Or If As After Before When While This That These Those Its It He She They We "
    "His Her Their Our For From With By Of To Since During Despite Among Within Until Yet So Then Still "
    "Former Senior Some Many Most Other Another Each Every Both Even Also Mr Mrs Ms Dr".split()
)


def _title_alternation() -> str:
    """The titles as one regex alternative (for case-insensitive use), the longest that fits tried
    first: a trie of the lower-cased titles when they are plain ASCII (faster), else a list."""
    titles = default_list("titles.txt")
    if all(t.isascii() for t in titles):
        return trie_pattern({t.lower() for t in titles})
    return "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern, re.Pattern]:
    alt = _title_alternation()
    before = re.compile(r"(?i:\b(" + alt + r"))\s+$|(?i:\b(" + alt + r"))\b[^,.;:“”\"]{0,60},\s+$")
    after = re.compile(
        r"^,\s+(?:(?:the|a|an)\s+)?(?:[\w.’'-]+\s+){0,4}?(?i:(" + alt + r"))\b(?:\s+(?:of|at|for|with|in)\s+((?:[^,;:“”\".]|\.(?=\w))+))?"
    )
    return before, after


@lru_cache(maxsize=1)
def _title_last_words() -> tuple[str, ...] | None:
    """The last word of every title, lower case; None when a title is not plain ASCII."""
    titles = [t for t in default_list("titles.txt") if t.split()]
    if not all(t.isascii() for t in titles):
        return None
    return tuple(sorted({t.split()[-1].lower() for t in titles}))


def _may_follow_title(text: str, start: int) -> bool:
    """False when the title pattern before a name (``_titles()[0]``) cannot match before ``start``.

    Both of its forms end in whitespace right before the name: a title ("spokesman ") or a comma
    ("director of the center, "). A quick test that spares the regex search on most names.
    """
    lasts = _title_last_words()
    if lasts is None:
        return True
    if start == 0 or not text[start - 1].isspace():
        return False
    head = text[max(0, start - 80):start].rstrip()
    if not head:
        return False
    if head[-1] == ",":
        return True
    last = head.rsplit(None, 1)[-1]
    return not last.isascii() or last.lower().endswith(lasts)


def person_details(text: str, start: int, end: int, actors: list[ActorMatch] = ()) -> tuple[str, str]:
    """Title and affiliation of the person named at ``text[start:end]``, from the words around it
    (``actors``: those of the text, in text order).

    "CIA Director William Burns" -> ("Director", "CIA");
    "Mohammad Dawood Muzammil, governor of Afghanistan's Balkh Province" -> ("governor", "Balkh Province").
    """
    before, after = _titles()
    title = affiliation = ""
    m = after.match(text[end:end + 160])
    if m:
        title = m.group(1)
        if m.group(2):
            phrase = m.group(2)
            g0 = end + m.start(2)
            # "at West Point's Combating Terrorism Center and Andrew Mines, ...": the next person is no affiliation
            nxt = _next_person_after_and(text, actors, g0, g0 + len(phrase))
            if nxt is not None:
                phrase = _AND_END.sub("", phrase[:nxt - g0].rstrip())
            affiliation = _affiliation(phrase)
    mb = before.search(text, max(0, start - 80), start) if _may_follow_title(text, start) else None
    if mb and not title:
        title = mb.group(1) or mb.group(2)
    if mb and mb.group(2) and not affiliation:
        # "The chief executive of the retailer Marlow & Finch, Peter Ashdown"
        tail = _OF_TAIL.search(text[mb.end(2):start])
        if tail:
            affiliation = _affiliation(tail.group(1))
    if mb and mb.group(1) and not affiliation:
        # an actor or capitalized name right before the title: "CIA Director", "NRF spokesman"
        lead = text[max(0, mb.start() - 60):mb.start()]
        ma = _NAME_BEFORE_TITLE.search(lead)
        if ma:
            affiliation = ma.group(1)
            for a in actors:
                if a.surface == affiliation or affiliation.endswith(a.surface):
                    affiliation = a.name
                    break
    return title, affiliation


def _next_person_after_and(text: str, actors: list[ActorMatch], lo: int, hi: int) -> int | None:
    """Where the first person named after "and" starts strictly between ``lo`` and ``hi`` (``actors`` in
    text order: only those in between are read), or None."""
    for k in range(bisect.bisect_right(actors, lo, key=_start), len(actors)):
        a = actors[k]
        if a.start >= hi:
            break
        if a.kind in ("person", "candidate") and _AND_BEFORE.search(text[max(0, a.start - 6):a.start]):
            return a.start
    return None


def _start(a: ActorMatch) -> int:
    return a.start


def _affiliation(phrase: str) -> str:
    phrase = phrase.strip()
    # the last "of/at X" with a capitalized head: "Afghanistan and Pakistan studies at the Middle East Institute"
    parts = _AFFILIATION_PREP.split(phrase)
    for part in reversed(parts):
        part = _ARTICLE_START.sub("", part.strip())
        if "’s " in part or "'s " in part:
            part = _POSSESSIVE_SPLIT.split(part)[-1]
        runs = _CAPITALIZED_RUN.findall(part)
        if runs:
            return _FUNCTION_WORDS_END.sub("", runs[-1])
    return ""


def find_candidates(text: str, taken: list[tuple[int, int]]) -> list[ActorMatch]:
    """People named in ``text`` who are in no actor list, recognized by a title before or after the name."""
    _, after = _titles()
    out = []
    title_end = _TitleEnds(text)

    def titled_before(s: int) -> bool:
        """A title right before ``s`` ("spokesman Ali ...") or before an appositive ending at ``s``."""
        e = title_end.last(s, TITLE_REACH)
        if e is None:
            return False
        gap = text[e:s]
        return not gap.strip() or bool(_TITLE_GAP.fullmatch(gap))

    covered = bytearray(len(text) + 1)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)

    def is_taken(s: int, e: int) -> bool:
        return 1 in covered[s:e]

    for m in NAME.finditer(text):
        s, e = m.start(1), m.end(1)
        if is_taken(s, e):
            continue
        name = m.group(1)
        tokens = name.split()
        # "Prime Minister Giorgia Meloni": the title words are not part of the name
        k = 0
        while k < len(tokens) - 2 and tokens[k].lower() in _title_words():
            k += 1
        if k:
            s = m.start(1) + len(" ".join(tokens[:k])) + 1
            name = " ".join(tokens[k:])
            tokens = tokens[k:]
            if not is_taken(s, e):
                out.append(ActorMatch(s, e, name, name, "candidate"))
            continue
        if tokens[0].rstrip(".") in _NOT_NAME_START:
            if len(tokens) < 3:
                continue
            s = m.start(1) + len(tokens[0]) + 1
            name = name[len(tokens[0]) + 1:]
        if not (titled_before(s) or (text.startswith(",", e) and after.match(text[e:e + 160]))):
            continue
        out.append(ActorMatch(s, e, name, name, "candidate"))
    for a in out:
        covered[a.start:a.end] = b"\x01" * (a.end - a.start)
    for m in _org_matches(text):
        s, e = m.start(1), m.end(1)
        if is_taken(s, e):
            continue
        if _ORG_MODIFIER.match(text, e) or _SITE_BEFORE.search(text, max(0, s - 40), s):
            # "George Washington University's Program on Extremism" names the program;
            # "a bombing outside Kabul's Ministry of Foreign Affairs" names a place
            continue
        name = m.group(1)
        first = name.split()[0]
        if first in _NOT_NAME_START:
            rest = name[len(first):].lstrip()
            if len(rest.split()) < 2:
                continue
            s, name = e - len(rest), rest
        out.append(ActorMatch(s, e, name, name, "candidate"))
    out.sort(key=lambda a: a.start)
    return out


_ORG_MODIFIER = re.compile(r"['’]s?\s+[A-Z]")
_SITE_BEFORE = re.compile(
    r"\b(?:outside|near|inside|in front of|opposite|beside|next to)\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?$"
)
_TITLE_GAP = re.compile(r"\s*(?:[^,.;:“”\"\n]{0,60},)?\s+")


@lru_cache(maxsize=1)
def _title_phrases() -> re.Pattern:
    return compile_phrases(default_list("titles.txt"), ignore_case=True)


@lru_cache(maxsize=1)
def _folded_title_phrases() -> re.Pattern | None:
    return compile_folded_phrases(default_list("titles.txt"))


def _title_matching(text: str) -> tuple[re.Pattern, str]:
    """The title pattern and the text to match it on: the folded text when it can be (faster)."""
    rx = _folded_title_phrases()
    low = folded(text) if rx is not None else None
    return (_title_phrases(), text) if low is None else (rx, low)


def _title_ends(text: str) -> list[int]:
    """Where each title phrase ("spokesman", "Gen.", "prime minister") of ``text`` ends."""
    rx, matched = _title_matching(text)
    return [m.end() for m in finditer_phrases(rx, matched)]


TITLE_REACH = 62  # characters from the end of a title to the name it introduces (across an appositive)


class _TitleEnds:
    """``_title_ends(text)`` read only shortly before the places asked about.

    The title phrases are matched left to right without overlaps, so where one match ends depends on
    the matches before it; but no match runs across a character that no title holds (a comma, a
    line break): from such a character on, the matches are those of the whole text. Reading starts
    at the last such character before the stretch asked about."""

    def __init__(self, text: str):
        self._rx, self._text = _title_matching(text)
        self._breaks, self._longest = _title_breaks()

    def last(self, pos: int, reach: int) -> int | None:
        """The last end of a title at or before ``pos``, when it is at most ``reach`` characters before it."""
        text = self._text
        lo = pos - reach - self._longest  # where a title that ends within reach starts, at the earliest
        start = max(text.rfind(c, 0, lo) for c in self._breaks) + 1 if lo > 0 and self._breaks else 0
        # up to where a title starting at ``pos`` ends, and the character after it (no match that
        # starts by ``pos`` is cut short)
        end = min(len(text), pos + self._longest + 1)
        last = None
        for m in finditer_phrases(self._rx, text, start, end):
            if m.end() > pos:
                break
            last = m.end()
        return last if last is not None and pos - last <= reach else None


@lru_cache(maxsize=1)
def _title_breaks() -> tuple[tuple[str, ...], int]:
    """The characters no title holds (a title match never runs across one), and the longest title."""
    titles = default_list("titles.txt")
    breaks = tuple(c for c in ",\n" if not any(c in t for t in titles))  # (frequent ones: the last is near)
    return breaks, max(map(len, titles), default=0)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(w for t in default_list("titles.txt") for w in t.lower().split())


@lru_cache(maxsize=1)
def _org_anchor() -> re.Pattern:
    """An organization word or "&" anywhere (every organization name holds one)."""
    return re.compile(trie_pattern([*default_list("org_suffixes.txt"), "&"]))


def _org_matches(text: str) -> list[re.Match]:
    """The matches of ``_org_pattern()`` in ``text``, as ``finditer`` gives them, found faster: the
    pattern is tried only where a name can start, at an organization word or "&" or at the
    capitals of up to three words before it."""
    starts: set[int] = set()
    anchor = _org_anchor()
    a = anchor.search(text)
    while a is not None:
        q = a.start()
        a = anchor.search(text, q + 1)  # overlapping: every place where one of the words starts
        if q and _is_word_char(text[q - 1]):
            continue  # inside a word
        starts.add(q)
        j = q
        for _ in range(3):
            k = j
            while k > 0 and text[k - 1] in " \t":
                k -= 1
            if k == j or k == 0:
                break
            end = k
            while k > 0 and (text[k - 1] == "-" or _is_word_char(text[k - 1])):
                k -= 1
            starts.update(p for p in range(k, end) if "A" <= text[p] <= "Z")
            j = k
    return matches_at(_org_pattern(), text, sorted(starts))


def _is_word_char(c: str) -> bool:
    """``\\w`` of the regex engine."""
    return c.isalnum() or c == "_"


@lru_cache(maxsize=1)
def _org_pattern() -> re.Pattern:
    """Capitalized names ending in an organization word ("Halvern Motors"), or "X & Y" firm names."""
    suffixes = "|".join(re.escape(x) for x in sorted(default_list("org_suffixes.txt"), key=len, reverse=True))
    cap = r"[A-Z][\w-]*"
    return re.compile(
        r"(?<![\w’'])((?:" + cap + r"[ \t]+){1,3}(?:" + suffixes + r")(?:[ \t]+of[ \t]+(?:the[ \t]+)?" + cap
        + r"(?:[ \t]+(?:and[ \t]+)?" + cap + r"){0,2})?"
        r"|(?:" + suffixes + r")[ \t]+of[ \t]+(?:the[ \t]+)?" + cap + r"(?:[ \t]+(?:and[ \t]+)?" + cap + r"){0,2}"
        r"|" + cap + r"[ \t]+&[ \t]+" + cap + r")(?![\w])"
    )
