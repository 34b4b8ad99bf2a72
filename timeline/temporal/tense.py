"""The tense of the clause around a time expression: past, future, present or unknown.

News resolve a bare weekday or month by the tense of its sentence ("will meet on
Thursday" is the coming Thursday, "met on Thursday" the one before). The markers
are word lists in ``resources/tense_markers.tsv`` (words or phrases of up to three
words); a regular past-tense verb (``-ed``, written in lower case) counts as past unless
it follows a form of *be* (a passive: "will be named" takes the tense of its
auxiliary), and so does a listed past form there ("will be held"). A marker of kind
``none`` names a word or phrase that looks like a marker but is not one ("next to",
"succeed"); after a word of kind ``det`` an ``-ed`` word is an
adjective ("a still unspecified date", "the planned merger"), not a verb.

A third column flags markers that work beyond their own word: ``aux`` marks a past
auxiliary that puts a plan word right after it in the past ("had been scheduled to
expire Friday", "as previously planned Saturday" are the Friday and Saturday before);
``strong`` marks a phrase that decides over any nearer marker before the mention ("as
soon as trading opened Monday" is the coming Monday).

A marker of kind ``present`` is the present tense of a scheduled event ("England face Wales
on Saturday", "the deadline expires at midnight on Friday"): it places a weekday or a day
ahead, not a bare month. Governed by a past or future marker up to three words before it
("will meet", "plans to face") it takes that tense. The flag ``next`` makes a marker count
only as the last word before the mention ("Throw-in is 3.30pm on Sunday"). A past form up
to two words after a modal (flag ``modal``) takes the modal's tense ("will stay closed"). After a
determiner a present marker is a noun ("the votes on Thursday"); written with a capital inside its sentence, part of
a name ("won the U.S. Open on Sunday"). The flag ``own`` makes a marker
count only before the mention in its own phrase, with no comma between ("ahead of a rate decision
on Thursday", not "Just ahead of the trip, the department on Sunday issued").

A phrase ending in *to* ("agreed to", "plans to") marks the future only before a verb: followed
by a word of kind ``det`` ("agreed to a ceasefire Tuesday") it is no marker, and its first
word is read alone. A verb of saying (``speech_verbs.tsv``) governs no scheduled present after
it ("said England face Wales on Saturday" is still ahead).

:func:`verb_before` reads only the few words right before a date: the past verb that governs it
("left the EU on Jan. 31"), or a present perfect, decides which side of the publication date a
day named without a year lies on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import itemgetter

from timeline.temporal.lexicon import Lexicon

# A sentence ends at . ! ? before a capital, but not after an initial ("Daniel P. Davison"),
# a title ("Mr. Smith") or a clock time before its zone ("9:45 p.m. Khartoum time", "5 p.m. EDT").
_SENTENCE_END = re.compile(r"[.!?](?!(?<=[ap]\.m\.)\s+(?:[A-Z]{1,3}T\b|UTC\b|(?:[A-Z][a-z]+\s+){1,2}time\b))"
                           r"(?<![A-Z][.!?])(?<!\bMr[.!?])(?<!\bMs[.!?])(?<!\bDr[.!?])(?<!\bSt[.!?])"
                           r"(?<!\bMrs[.!?])(?<!\bGen[.!?])(?<!\bSen[.!?])(?<!\bRep[.!?])"
                           r"\s+(?=[A-Z\"'\u201c])|\n\s*\n")
_WINDOW = 200
_REACH = 80


_WORD = re.compile(r"[a-z]+(?:['\u2019][a-z]+)?(?:-[a-z]+)*", re.IGNORECASE)  # "long-delayed" is one word
_TABLES: dict[int, tuple[Lexicon, tuple[dict[str, str], dict[str, str], frozenset[str]]]] = {}
_START, _END = itemgetter(0), itemgetter(1)
_PASSIVE_AUX = frozenset({"be", "been", "being", "is", "are", "was", "were"})
_TENSES = ("past", "future", "present")
# The tense depends on a short window of text only: repeated windows reuse the answer.
_CACHE: dict[tuple, str | None] = {}
_CACHE_SIZE = 20_000


_FRONTED_WORDS = 2  # words: a mention this close to the start of its sentence, then a comma, is fronted
_COMMA = re.compile(r"\s*,")
_STRONG_REACH = 6  # words: a strong marker decides only when it comes this close before the mention
_AUX_SKIP = frozenset({"been", "not", "never", "also", "already"})
_PERFECT_AUX = frozenset({"has", "have", "'ve"})


def _markers(lex: Lexicon) -> dict[str, str]:
    """Marker phrase -> kind (``past``, ``future``, ``none``, ``det``)."""
    return _tables(lex)[0]


def _tables(lex: Lexicon) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Marker phrase -> kind, marker phrase -> flag (``aux``, ``strong``, ``modal``, ``next``; ``speech``
    for a verb of saying of ``speech_verbs.tsv``) for those with one, and the first words of the phrases
    of more than one word."""
    entry = _TABLES.get(id(lex))
    if entry is None or entry[0] is not lex:  # the lexicon is kept, so its id is not reused
        rows = lex.tables.get("tense_markers", {})
        kinds = {w: cols[0] for w, cols in rows.items() if cols}
        flags = {w: cols[1] for w, cols in rows.items() if len(cols) > 1 and cols[1]}
        for w in lex.tables.get("speech_verbs", {}):
            flags.setdefault(w, "speech")  # a verb of saying governs no present tense after it
        firsts = frozenset(w.split(" ")[0] for w in kinds if " " in w)
        entry = _TABLES[id(lex)] = (lex, (kinds, flags, firsts))
    return entry[1]


def sentence_bounds(text: str, start: int, end: int, reach: int = _WINDOW) -> tuple[int, int]:
    """Start and end offsets of the sentence holding ``text[start:end]`` (at most ``reach`` chars each side).

    The first lookups in a text scan the window around the mention. Once the windows scanned
    would add up to more than the text itself (a text of thousands of mentions in one long
    sentence), the sentence ends of the whole text are found in one pass and looked up by
    bisection; a sentence end that crosses the edge of the window is looked for in the window
    itself, so that both ways give the same bounds.
    """
    lo = max(0, start - reach)
    hi = min(len(text), end + reach)
    index = _sentence_ends(text)
    if index is None:
        m = _SENTENCE_END.search(text, end, hi)
        return _left_scan(text, lo, start), (m.start() + 1 if m else hi)
    starts, ends = index
    return _left_end(text, starts, ends, lo, start), _right_end(text, starts, ends, end, hi)


# The text whose sentence bounds were asked for last: (text, lookups so far, (match starts,
# match ends) of its sentence ends once they are indexed).
_LAST_TEXT: tuple = (None, 0, None)


def _sentence_ends(text: str) -> tuple[list[int], list[int]] | None:
    """The sentence ends of ``text`` (starts and ends of the matches), or None while scanning
    windows is cheaper than indexing the whole text."""
    global _LAST_TEXT
    last = _LAST_TEXT
    if last[0] is not text:
        last = (text, 0, None)
    if last[2] is None:
        lookups = last[1] + 1
        if lookups * 2 * _WINDOW < len(text):
            _LAST_TEXT = (text, lookups, None)
            return None
        spans = [m.span() for m in _SENTENCE_END.finditer(text)]
        last = (text, lookups, ([s for s, _ in spans], [e for _, e in spans]))
        _LAST_TEXT = last
    return last[2]


def _left_end(text: str, starts: list[int], ends: list[int], lo: int, start: int) -> int:
    """The end of the last sentence end within ``text[lo:start]``, else ``lo``."""
    k = bisect_right(starts, lo - 1)  # the first sentence end that starts at lo or later
    if k and ends[k - 1] > lo:  # one crosses lo: the window holds only a part of it
        return _left_scan(text, lo, start)
    j = bisect_left(starts, start) - 1  # the last one that starts before the mention
    if j < k:
        return lo
    if ends[j] >= start:  # it reaches the mention: cut off there, it may match otherwise
        return _left_scan(text, lo, start)
    return ends[j]


def _left_scan(text: str, lo: int, start: int) -> int:
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    return left


def _right_end(text: str, starts: list[int], ends: list[int], end: int, hi: int) -> int:
    """One past the start of the first sentence end within ``text[end:hi]``, else ``hi``."""
    k = bisect_left(starts, end)  # the first sentence end that starts at the mention's end or later
    if k and ends[k - 1] > end:  # one crosses the mention's end
        m = _SENTENCE_END.search(text, end, hi)
        return m.start() + 1 if m else hi
    if k == len(starts) or starts[k] >= hi:
        return hi
    if ends[k] < hi:  # it lies inside the window with the character after it
        return starts[k] + 1
    m = _SENTENCE_END.search(text, end, hi)
    return m.start() + 1 if m else hi


_PHRASE_BREAKS = ",;:("  # a marker across one of these governs another phrase (flag ``own``, a governed present)
_BREAK = re.compile("[" + re.escape(_PHRASE_BREAKS) + "]")


def _words(text: str, left: int, right: int) -> list[tuple[int, int, str, bool, bool]]:
    """The words of ``text[left:right]``: start, end, lower-case form, whether written in lower case, and
    whether a comma, semicolon, colon or parenthesis comes between the word before and it."""
    words = []
    prev = left
    for m in _WORD.finditer(text, left, right):
        w = m.group()
        words.append((m.start(), m.end(), w.lower().replace("\u2019", "'"), w.islower(),
                      _BREAK.search(text, prev, m.start()) is not None))
        prev = m.end()
    return words


def _kind(words: list, k: int, markers: dict[str, str], flags: dict[str, str],
          firsts: frozenset[str]) -> tuple[str | None, str]:
    """The kind of the marker starting at word ``k`` (the longest phrase first) and the phrase
    (``firsts``: the words that open a phrase of several words). A present verb governed by a
    past or future marker up to three words before it, with no comma between, takes that marker's tense
    ("will meet", "plans to face", "did not meet"); so does a past form up to two words after a modal (flag ``modal``:
    "will stay closed")."""
    kind, phrase = _word_kind(words, k, markers, firsts)
    if kind == "present":
        for j in range(k - 1, max(-1, k - 4), -1):
            if words[j + 1][4]:
                break  # "who won the title a fortnight ago, host Burnley on Saturday": another clause
            governing, by = _word_kind(words, j, markers, firsts)
            if governing in ("past", "future") and flags.get(by) != "speech" and by not in _NOT_VERBS:
                # "will meet", "plans to face"; "said it is meeting" is still ahead; "last weekend and host" too
                return governing, phrase
    elif kind == "past" and any(flags.get(words[j][2]) == "modal" for j in range(max(0, k - 2), k)):
        return "future", phrase  # "will stay closed Wednesday"
    return kind, phrase


# After these a word in -ed is an adjective ("behind closed doors", "with limited seating"), not a past verb.
_PREPOSITIONS_BEFORE_ADJECTIVE = frozenset({"behind", "with", "without", "of", "in", "into", "under", "among", "like"})

# Markers that are no verbs: they date a phrase of their own and govern no present verb after them.
_NOT_VERBS = frozenset({"last", "earlier", "ago", "since", "next", "previously", "recently", "upcoming"})


def _word_kind(words: list, k: int, markers: dict[str, str], firsts: frozenset[str]) -> tuple[str | None, str]:
    w = words[k][2]
    phrases = (3, 2) if w in firsts else ()  # the phrase lengths to look up (none for most words)
    for n in phrases:
        if k + n <= len(words):
            phrase = " ".join(x[2] for x in words[k:k + n])
            kind = markers.get(phrase)
            if (kind == "future" and phrase.endswith(" to") and k + n < len(words)
                    and markers.get(words[k + n][2]) == "det"):
                continue  # "agreed to a ceasefire": "to" leads a noun, not a verb to come
            if kind == "present" and _after_determiner(words, k, markers):
                return None, phrase  # "the votes on Thursday": a noun
            if kind:
                return kind, phrase
    kind = markers.get(w)
    if kind is None and "'" in w:
        kind = markers.get(w[w.index("'"):])  # "they'll"
    if kind == "present" and k and not words[k][3]:
        return None, w  # "won the U.S. Open on Sunday": capitalized inside its sentence, a name
    if (w.endswith("ed") or kind in ("present", "past")) and _after_determiner(words, k, markers):
        return None, w  # "the planned merger", "the last 16": an adjective; "the returns": a noun
    if (kind is None and len(w) >= 5 and w.endswith("ed") and words[k][3] and "-" not in w
            and not (k and words[k - 1][2] in _PREPOSITIONS_BEFORE_ADJECTIVE)):
        kind = "past"  # (not "the long-delayed BlackBerry 10", "Russian-backed forces", "behind closed doors")
    if kind == "past" and k and words[k - 1][2] in _PASSIVE_AUX:
        return None, w  # "will be named", "will be held": the participle takes the tense of its auxiliary
    return kind, w


def _after_determiner(words: list, k: int, markers: dict[str, str]) -> bool:
    """Word ``k`` follows a determiner, maybe past an adverb in -ly ("the hastily planned trip")."""
    j = k - 1
    if j >= 0 and words[j][2].endswith("ly") and markers.get(words[j][2]) != "det":
        j -= 1
    return j >= 0 and markers.get(words[j][2]) == "det"


def _after_past_aux(words: list, k: int, markers: dict[str, str], flags: dict[str, str]) -> bool:
    """A past auxiliary just before word ``k`` ("had been", "previously"), flagged ``aux``."""
    j = k - 1
    while j >= 0 and k - j <= 3:
        w = words[j][2]
        if flags.get(w) == "aux" and markers.get(w) == "past":
            return True
        if w not in _AUX_SKIP:
            return False
        j -= 1
    return False


def tense(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """``"past"``, ``"future"``, ``"present"`` or None: the tense of the clause holding the mention.

    The nearest marker before the mention in its sentence decides (up to 80 characters
    back); without one, the nearest marker after it (up to 80 after). When neither lies
    that close, the same search runs over the whole sentence (up to 200 characters each
    side): a long sentence may put its only verb far from the date ("would leave ... on
    Monday and Tuesday evenings from March 30, with a third one from August 6").
    """
    hit = _tense_within(text, start, end, lex, _REACH)
    if hit is None:
        hit = _tense_within(text, start, end, lex, _WINDOW)
    return hit


def verb_before(text: str, start: int, lex: Lexicon, reach: int = 4) -> str | None:
    """The verb among the ``reach`` words right before ``text[start:]`` in its sentence that tells which
    side of the publication date a day lies on, the nearest first: ``"past"`` for a past-tense verb that
    governs the date ("left the EU on Jan. 31", "was held on Jan. 10"), ``"perfect"`` for a present
    perfect ("has set Jan. 10 as the deadline": the day is not said to be gone by), else None (a verb
    further off may govern another clause: "said it is calling for the redemption on Dec. 7"). A word in
    -ed that is not a listed past form counts only before the date itself, a determiner or a word of
    ``verb_followers.tsv`` ("stormed the Capitol", "killed on"), not before a noun ("preferred shares");
    a past form after "to" is an infinitive ("is expected to hit Kerala on June 4")."""
    left, _ = sentence_bounds(text, start, start, _REACH)
    words = _words(text, left, start)
    markers, flags, firsts = _tables(lex)
    followers = lex.tables.get("verb_followers", {})
    for k in range(len(words) - 1, max(0, len(words) - reach) - 1, -1):
        w = words[k][2]
        if w in _PERFECT_AUX:
            return "perfect"
        if _kind(words, k, markers, flags, firsts)[0] != "past" or k and words[k - 1][2] == "to":
            continue
        if k and words[k - 1][2] in _PERFECT_AUX:
            return "perfect"
        if w in markers or k + 1 == len(words) or words[k + 1][2] in followers or markers.get(words[k + 1][2]) == "det":
            return "past"  # a listed past form, or an -ed word before the date or an object ("stormed the Capitol")
    return None


def _tense_within(text: str, start: int, end: int, lex: Lexicon, reach: int) -> str | None:
    left, right = sentence_bounds(text, start, end, reach)
    key = (text[left:right], start - left, end - left, id(_markers(lex)))
    hit = _CACHE.get(key, False)
    if hit is False:
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.clear()
        hit = _CACHE[key] = _tense_in(text, start, end, left, right, lex)
    return hit


def _tense_in(text: str, start: int, end: int, left: int, right: int, lex: Lexicon) -> str | None:
    tables = _tables(lex)
    words = _words(text, left, right)
    before = range(bisect_right(words, start, key=_END))  # the words are in text order
    after = range(bisect_left(words, end, key=_START), len(words))
    cut = max(text.rfind(c, left, start) for c in _PHRASE_BREAKS)  # a flag "own" marker before it governs another phrase
    semicolon = text.rfind(";", left, start)  # a clause of its own starts after it
    opening = len(before) - (bisect_right(words, semicolon, key=_START) if semicolon >= 0 else 0)  # words before it
    if opening <= _FRONTED_WORDS and _COMMA.match(text, end):
        # a phrase fronted before the clause ("Until Thursday, they had not called him", "...; on Thursday,
        # we will find out"): the clause after the comma governs it
        return _first_after(words, after, *tables) or _nearest_before(words, before, *tables, cut=cut)
    # after a comma, a verb of saying is the attribution ("... on Friday, the court said"): not the clause's tense
    comma = text.find(",", end, right)
    if comma >= 0:
        speech = lex.tables.get("speech_verbs", {})
        after = [k for k in after if words[k][0] < comma or words[k][2] not in speech]
    return _nearest_before(words, before, *tables, cut=cut) or _first_after(words, after, *tables)


def _nearest_before(words: list, before: range, markers: dict[str, str], flags: dict[str, str],
                    firsts: frozenset[str], cut: int = -1) -> str | None:
    """The tense of the nearest marker before the mention (a ``strong`` one further off may decide);
    a marker flagged ``own`` counts only after ``cut`` (in the mention's own phrase)."""
    found = None
    for k in reversed(before):  # the verb that governs a date mostly comes before it
        if found is not None and len(before) - k > _STRONG_REACH:
            break
        kind, phrase = _kind(words, k, markers, flags, firsts)
        if kind not in _TENSES or flags.get(phrase) == "next" and k < len(before) - 1:
            continue
        if flags.get(phrase) == "own" and words[k][0] < cut:
            continue
        if flags.get(phrase) == "strong" and len(before) - k <= _STRONG_REACH:
            return kind
        if found is None:
            found = "past" if kind == "future" and _after_past_aux(words, k, markers, flags) else kind
            if not flags:
                return found
    return found


def _first_after(words: list, after: range | list[int], markers: dict[str, str], flags: dict[str, str],
                 firsts: frozenset[str]) -> str | None:
    for k in after:
        kind, phrase = _kind(words, k, markers, flags, firsts)
        if kind in _TENSES and flags.get(phrase) not in ("next", "own"):
            return "past" if kind == "future" and _after_past_aux(words, k, markers, flags) else kind
    return None
