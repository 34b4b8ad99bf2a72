"""Score the temporal tagger on TimeML ``.tml`` files, the TempEval-3 way.

    timeline eval tempeval DIR [--errors N] [--json] [--explain [CLASSES]] [--seed-gold DIR] [--gold-slips TSV]

For each document the raw text is the text content of ``<TEXT>`` with every tag
removed, the DCT is the value of the ``<DCT><TIMEX3>``, and the gold timexes are the
``<TIMEX3>`` tags inside ``<TEXT>`` (the DCT timex is not scored).

System and gold timexes are aligned one to one: each pair overlaps, larger overlaps
are paired first. Figures:

- strict extent P/R/F1: aligned pairs with identical offsets, over system / gold counts;
- relaxed extent P/R/F1: aligned (overlapping) pairs, over system / gold counts;
- value and type F1: as in the TempEval-3 scorer, attribute precision is the number of
  aligned pairs whose attribute is equal over the system count, recall the same over the
  gold count. This equals (accuracy on aligned pairs) x (relaxed F1).

``--errors N`` lists the N most frequent error kinds: missed gold timexes and spurious
system timexes grouped by lower-cased text, extent differences, and wrong values and
types grouped by their gold-vs-system pattern (digits written as 9), each with its first
example.

``--explain`` lists every error that costs value F1 (a wrong value, a missed gold timex,
a spurious system timex) and every wrong type, one by one with its file, gold and system
text/type/value and sentence, and sorts the errors that cost value F1 into four classes
(:func:`classify_errors`):

- ``a``, the corpus disagrees with itself: the same expression (lower case, a leading
  "the" dropped) is annotated elsewhere in the corpus the way the system has it (the same
  relation to its DCT: "last week" as the week before, "now" as PRESENT_REF or left
  untagged). A value that is written the same way and only names another date
  ("Thursday" a week off) is never in this class: which date is meant depends on the
  sentence, not on a convention;
- ``b``, the gold contradicts the seed gold convention (``tests/data/gold/seeds``): an
  expression of the same pattern ("late Tuesday night" for "Thursday night") is annotated
  there the way the system has it;
- ``d``, the gold of a document is read from another date than its DCT: three or more of
  its calendar values are off by the same amount ("Tuesday" a week before the one the
  DCT gives, again and again);
- ``c``, the rest: errors a general rule could fix.

A summary gives the count of each class and the value F1 the tagger would reach if every
error of class ``c`` were fixed. Class ``c`` is split into listed gold slips and the rest:
``--gold-slips TSV`` (by default ``resources/tbaq_gold_slips.tsv``, see
:func:`load_gold_slips`) lists gold values the document text itself proves wrong (a typed-over
year, a weekday whose date is another weekday, a value that is not valid TIMEX3). The summary
then gives the value F1 if every class ``c`` error that is not a listed slip were fixed, the
same adding every class ``a`` error whose expression the corpus mostly writes the gold's way,
and the value F1 with the listed slips corrected to the value the text supports.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from timeline.temporal import tag
from timeline.temporal import timex as tx
from timeline.temporal.tense import sentence_bounds

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: str | None
    timexes: list[Timex] = field(default_factory=list)


def parse_tml(path: str | Path) -> TimeMLDoc:
    """Raw text, DCT and gold TIMEX3s of one TimeML file."""
    path = Path(path)
    src = path.read_text(encoding="utf-8")
    dct = None
    m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", src)
    if m:
        attrs = dict(_ATTR.findall(m.group(1)))
        dct = attrs.get("value")
    body_m = re.search(r"<TEXT>(.*)</TEXT>", src, re.S)
    body = body_m.group(1) if body_m else ""
    out: list[str] = []
    pos = 0
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict] | None = None
    for t in _TAG.finditer(body):
        chunk = html.unescape(body[pos:t.start()])
        out.append(chunk)
        length += len(chunk)
        pos = t.end()
        closing, name = t.group(1) == "/", t.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(t.group(3))))
            if t.group(4):  # empty element
                open_timex = None
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            text_so_far = "".join(out)
            timexes.append(Timex(start, length, text_so_far[start:length], attrs.get("type", ""),
                                 attrs.get("value", ""), attrs.get("mod") or None))
    out.append(html.unescape(body[pos:]))
    return TimeMLDoc(path.stem, "".join(out), dct, timexes)


def align(system: list, gold: list) -> list[tuple[int, int]]:
    """One-to-one pairs (system index, gold index) of overlapping spans, largest overlap first."""
    pairs = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            ov = min(s.end, g.end) - max(s.start, g.start)
            if ov > 0:
                pairs.append((ov, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_s, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def _prf(correct: int, n_sys: int, n_gold: int) -> dict:
    p = correct / n_sys if n_sys else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def _shape(value: str | None) -> str:
    return re.sub(r"\d", "9", value or "")


@dataclass
class ErrorInstance:
    """One scoring error: a wrong value or type on an aligned pair, a missed gold timex
    (``system`` None) or a spurious system timex (``gold`` None)."""

    doc: str
    dct: str | None
    kind: str  # "value", "type" (the value is right), "missed" or "spurious"
    gold: Timex | None
    system: Timex | None
    sentence: str
    cls: str = ""  # "a", "b", "c" or "d" (errors that cost value F1, see classify_errors)
    why: str = ""
    majority: str = ""  # class a: whose way the corpus mostly writes the expression, "system" or "gold"
    slip: str = ""  # a listed gold slip (see load_gold_slips): the evidence that the gold value is wrong


def _sentence(text: str, start: int, end: int) -> str:
    lo, hi = sentence_bounds(text, start, end)
    return " ".join(text[lo:hi].split())


def _as_timex(m) -> Timex:
    return Timex(m.start, m.end, m.text, m.type, m.value, getattr(m, "mod", None))


def score_docs(docs: list[TimeMLDoc], tagger=tag) -> dict:
    """TempEval-3 figures, the error kinds (``errors``) and every error (``instances``)."""
    n_sys = n_gold = strict = relaxed = value_ok = type_ok = 0
    errors: Counter = Counter()
    examples: dict = {}
    instances: list[ErrorInstance] = []
    for doc in docs:
        system = tagger(doc.text, doc.dct)
        gold = doc.timexes
        n_sys += len(system)
        n_gold += len(gold)
        pairs = align(system, gold)
        matched_s = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, j in pairs:
            s, g = system[i], gold[j]
            relaxed += 1
            if (s.start, s.end) == (g.start, g.end):
                strict += 1
            else:
                errors[("extent", f"{g.text.lower()!r} -> {s.text.lower()!r}")] += 1
            if s.value == g.value:
                value_ok += 1
            else:
                key = ("value", f"{g.type} {_shape(g.value)} -> {s.type} {_shape(s.value)}")
                errors[key] += 1
                examples.setdefault(key, f"{g.text.lower()!r} {g.value} vs {s.value}")
            if s.type == g.type:
                type_ok += 1
            else:
                key = ("type", f"{g.type} -> {s.type}")
                errors[key] += 1
                examples.setdefault(key, repr(g.text.lower()))
            if s.value != g.value or s.type != g.type:
                instances.append(ErrorInstance(doc.name, doc.dct, "value" if s.value != g.value else "type",
                                               g, _as_timex(s), _sentence(doc.text, g.start, g.end)))
        for j, g in enumerate(gold):
            if j not in matched_g:
                errors[("missed", g.text.lower())] += 1
                instances.append(ErrorInstance(doc.name, doc.dct, "missed", g, None,
                                               _sentence(doc.text, g.start, g.end)))
        for i, s in enumerate(system):
            if i not in matched_s:
                errors[("spurious", s.text.lower())] += 1
                instances.append(ErrorInstance(doc.name, doc.dct, "spurious", None, _as_timex(s),
                                               _sentence(doc.text, s.start, s.end)))
    result = {
        "documents": len(docs),
        "gold": n_gold,
        "system": n_sys,
        "strict": _prf(strict, n_sys, n_gold),
        "relaxed": _prf(relaxed, n_sys, n_gold),
        "value": _prf(value_ok, n_sys, n_gold),
        "type": _prf(type_ok, n_sys, n_gold),
        "value_accuracy_on_aligned": value_ok / relaxed if relaxed else 0.0,
    }
    result["errors"] = [{"kind": k, "what": w, "count": c, "example": examples.get((k, w), "")}
                        for (k, w), c in errors.most_common()]
    result["correct_values"] = value_ok
    result["instances"] = instances
    return result


# ---------------------------------------------------------------- error classes

_LEADING_THE = re.compile(r"^the\s+")
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_UNTAGGED = "untagged"


def expression_key(text: str) -> str:
    """The expression an annotation is compared by: lower case, single spaces, no leading "the"."""
    return _LEADING_THE.sub("", " ".join(text.lower().replace("\u2019", "'").split()))


def _monday(d: date) -> date:
    return date.fromordinal(d.toordinal() - d.weekday())


def relation(value: str | None, dct: str | None) -> str:
    """How a TIMEX3 value relates to its DCT, comparable across documents.

    A calendar value becomes its unit and its distance from the DCT in that unit
    (``W-1``: the week before; ``D+0TNI``: the night of the DCT; ``Y-1``: the year
    before); a value with unknown digits keeps them, its year counted from the DCT's
    (``Y+0-WXX``); durations and vague references stay as they are; no value at all
    (no annotation) is ``untagged``.
    """
    if not value:
        return _UNTAGGED
    if value in tx.REFERENCES or tx.is_duration(value):
        return value
    try:
        ref = date.fromisoformat(dct[:10]) if dct else None
    except ValueError:
        ref = None
    time = re.sub(r"\d", "9", "T" + value.split("T", 1)[1]) if "T" in value else ""
    sp = tx.span(value)
    prec = tx.precision(value)
    if sp is None or prec is None or ref is None:
        m = re.match(r"(\d{4})(.*)", value)
        if m and ref is not None:
            return f"Y{int(m.group(1)) - ref.year:+d}{m.group(2)}"
        return value
    first = sp[0]
    base = value.split("T", 1)[0]
    if prec in ("day", "time"):
        return f"D{(first - ref).days:+d}{time}"
    if prec == "week":
        weeks = (_monday(first) - _monday(ref)).days // 7
        return f"W{weeks:+d}" + ("-WE" if base.endswith("-WE") else "")
    if prec == "month":
        return f"M{(first.year - ref.year) * 12 + first.month - ref.month:+d}"
    if prec == "quarter":
        return f"Q{(first.year - ref.year) * 4 + (first.month - 1) // 3 - (ref.month - 1) // 3:+d}"
    if prec == "decade":
        return f"DE{first.year // 10 - ref.year // 10:+d}"
    if prec == "century":
        return f"CE{first.year // 100 - ref.year // 100:+d}"
    return f"Y{first.year - ref.year:+d}{base[4:]}"  # a year, a half ("-H1") or a season ("-SP")


def value_form(ttype: str | None, value: str | None) -> str:
    """The way a value is written, without its numbers: ``DATE 9-W9``, ``TIME 9-9-9TNI``,
    ``DURATION PXU`` (any unit), ``DATE PRESENT_REF``; ``untagged`` for no annotation."""
    if not value:
        return _UNTAGGED
    if tx.is_duration(value):
        value = re.sub(r"(?<=[\dX])(?:DE|CE|[YMWDQHSLE])", "U", value)
    return f"{ttype} " + re.sub(r"\d+", "9", value)


def expression_pattern(text: str, lex=None) -> str:
    """An expression with its particulars abstracted: weekdays, months, numbers, ordinals,
    years, decades and units become WEEKDAY, MONTH, N, ORD, YEAR, DECADE, UNIT(S); position
    and quantity modifiers ("late",
    "nearly") and a leading "the" are dropped. "late Tuesday night" -> ``WEEKDAY night``."""
    if lex is None:
        from timeline.temporal.tagger import default_tagger

        lex = default_tagger().lex
    out: list[str] = []
    for w in _WORDS.findall(expression_key(text)):
        if lex.has("position_modifiers", w) or lex.has("quantity_modifiers", w):
            continue
        if re.fullmatch(r"1[89]\d\d|20\d\d", w):
            tok = "YEAR"
        elif re.fullmatch(r"(?:1[89]|20)?\d0s", w):
            tok = "DECADE"
        elif w.isdigit() or lex.has("numbers", w):
            tok = "N"
        elif lex.has("ordinals", w) or re.fullmatch(r"\d+(?:st|nd|rd|th)", w):
            tok = "ORD"
        elif lex.has("weekdays", w):
            tok = "WEEKDAY"
        elif lex.has("months", w):
            tok = "MONTH"
        elif lex.has("units", w):
            tok = "UNITS" if w.endswith("s") else "UNIT"
        else:
            tok = w
        if not (tok == "N" and out and out[-1] == "N"):  # "twenty four"
            out.append(tok)
    return " ".join(out)


def _occurrences(key: str) -> re.Pattern:
    words = key.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.I)


class AnnotationIndex:
    """How a set of annotated documents writes each expression: the relations of its gold
    values to their DCTs, by :func:`expression_key`, and (on demand) how often the same
    words stand in the text with no annotation over them."""

    def __init__(self, docs: list[TimeMLDoc]):
        self.docs = docs
        self.relations: dict[str, Counter] = {}
        self.forms: dict[str, set[str]] = {}
        self._untagged: dict[str, int] = {}
        for doc in docs:
            for g in doc.timexes:
                key = expression_key(g.text)
                self.relations.setdefault(key, Counter())[relation(g.value, doc.dct)] += 1

    def untagged(self, key: str) -> int:
        """Occurrences of the expression overlapping no gold timex."""
        n = self._untagged.get(key)
        if n is None:
            n = 0
            pat = _occurrences(key) if key else None
            for doc in self.docs if pat else ():
                for m in pat.finditer(doc.text):
                    if not any(g.start < m.end() and m.start() < g.end for g in doc.timexes):
                        n += 1
            self._untagged[key] = n
        return n

    def ways(self, key: str, with_untagged: bool) -> Counter:
        """Relation -> count for the expression (``untagged`` included when asked)."""
        c = Counter(self.relations.get(key, ()))
        if with_untagged:
            n = self.untagged(key)
            if n:
                c[_UNTAGGED] += n
        return c


class ConventionIndex:
    """How the seed gold writes each expression pattern (:func:`expression_pattern`)."""

    def __init__(self, docs: list[TimeMLDoc], lex=None):
        self.docs = AnnotationIndex(docs)
        self.lex = lex
        self.forms: dict[str, Counter] = {}
        for doc in docs:
            for g in doc.timexes:
                pat = expression_pattern(g.text, lex)
                self.forms.setdefault(pat, Counter())[value_form(g.type, g.value)] += 1

    def ways(self, text: str, with_untagged: bool) -> Counter:
        c = Counter(self.forms.get(expression_pattern(text, self.lex), ()))
        if with_untagged:
            n = self.docs.untagged(expression_key(text))
            if n:
                c[_UNTAGGED] += n
        return c


def load_seed_gold(gold_dir: str | Path = "tests/data/gold/seeds", seeds_dir: str | Path = "seeds") -> list[TimeMLDoc]:
    """The seed articles and their gold mentions (``metadata.csv``, ``mentions.csv``) as documents."""
    import csv

    root = Path(__file__).resolve().parents[2]
    gold_dir, seeds_dir = Path(gold_dir), Path(seeds_dir)
    gold_dir = gold_dir if gold_dir.exists() else root / gold_dir
    seeds_dir = seeds_dir if seeds_dir.exists() else root / seeds_dir
    with open(gold_dir / "metadata.csv", newline="", encoding="utf-8") as f:
        meta = list(csv.DictReader(f))
    with open(gold_dir / "mentions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    docs = []
    for m in meta:
        text = (seeds_dir / m["file"]).read_text(encoding="utf-8")
        timexes = [Timex(int(r["char_start"]), int(r["char_end"]), r["text"], r["type"], r["value"])
                   for r in rows if r["doc_id"] == m["doc_id"]]
        docs.append(TimeMLDoc(m["doc_id"], text, m["published"] or None, timexes))
    return docs


def _counts(c: Counter) -> str:
    return ", ".join(f"{k} x{n}" for k, n in c.most_common())


COSTS_VALUE = ("value", "missed", "spurious")


def classify_errors(instances: list[ErrorInstance], corpus: list[TimeMLDoc],
                    seeds: list[TimeMLDoc] | None = None, lex=None) -> list[ErrorInstance]:
    """Sort the errors that cost value F1 into classes ``a``, ``b`` and ``c`` (see the module
    docstring), in place; ``why`` says how the corpus (or the seed gold) writes the expression.

    A pure resolution error (gold and system write a calendar value the same way and only
    the date differs: Thursday a week off) is never put in class ``a``: which date is meant
    depends on the sentence, not on an annotation convention.
    """
    index = AnnotationIndex(corpus)
    conventions = ConventionIndex(seeds or [], lex)
    shifted = _shifted_documents(instances)
    for e in instances:
        if e.kind not in COSTS_VALUE:
            continue
        gv, sv = (e.gold.value if e.gold else None), (e.system.value if e.system else None)
        grel, srel = relation(gv, e.dct), relation(sv, e.dct)
        gform = value_form(e.gold.type, gv) if e.gold else _UNTAGGED
        sform = value_form(e.system.type, sv) if e.system else _UNTAGGED
        untagged = e.kind != "value"
        resolution = (e.kind == "value" and gform == sform and tx.span(gv) is not None
                      and tx.span(sv) is not None)
        e.cls, e.why = "c", ""
        texts = [t.text for t in (e.system, e.gold) if t is not None]
        if resolution:
            shift = _shift(grel, srel)
            n = shifted.get((e.doc, shift), 0) if shift else 0
            if n >= _SHIFTED_ERRORS:
                e.cls, e.why = "d", f"{n} values of this document are off by the same {shift} from the system's"
        else:
            for key in dict.fromkeys(expression_key(t) for t in texts):
                ways = index.ways(key, untagged)
                if ways[srel] > 0:
                    e.cls, e.why = "a", f"the corpus writes {key!r}: {_counts(ways)}"
                    e.majority = "system" if ways[srel] >= ways[grel] else "gold"
                    break
        if e.cls == "c" and seeds:
            for t in texts:
                ways = conventions.ways(t, untagged)
                if ways[sform] > 0 and ways[gform] == 0:
                    e.cls, e.why = "b", f"seed gold writes {expression_pattern(t, lex)!r}: {_counts(ways)}"
                    break
    return instances


_SHIFTED_ERRORS = 3
_OFFSET = re.compile(r"^([A-Z]+)([+-]\d+)(.*)$")


def _shift(grel: str, srel: str) -> str | None:
    """How far a gold calendar value lies from the system's, in their unit ("D-7"), or None."""
    g, s = _OFFSET.match(grel), _OFFSET.match(srel)
    if not (g and s) or g.group(1) != s.group(1) or g.group(3) != s.group(3):
        return None
    d = int(g.group(2)) - int(s.group(2))
    return f"{g.group(1)}{d:+d}" if d else None


def _shifted_documents(instances: list[ErrorInstance]) -> Counter:
    """(document, shift) -> how many calendar values of the document the gold puts that far
    from the system's."""
    out: Counter = Counter()
    for e in instances:
        if e.kind == "value" and tx.span(e.gold.value) and tx.span(e.system.value):
            shift = _shift(relation(e.gold.value, e.dct), relation(e.system.value, e.dct))
            if shift:
                out[(e.doc, shift)] += 1
    return out


# ---------------------------------------------------------------- gold slips

GOLD_SLIPS = Path(__file__).with_name("resources") / "tbaq_gold_slips.tsv"
_SLIP_COLUMNS = ("file", "gold_text", "gold_start", "gold_value", "supported_value", "evidence")


@dataclass(frozen=True)
class GoldSlip:
    """A gold value the document text itself proves wrong, and the value the text supports."""

    file: str  # document name (the file stem)
    text: str
    start: int  # offset of the gold timex in the raw text
    gold: str
    supported: str
    evidence: str


def load_gold_slips(path: str | Path = GOLD_SLIPS) -> dict[tuple[str, int], GoldSlip]:
    """The listed gold slips of a TSV file (a header row of the columns ``file, gold_text,
    gold_start, gold_value, supported_value, evidence``; ``#`` lines are comments), keyed by
    (document, gold start offset)."""
    slips: dict[tuple[str, int], GoldSlip] = {}
    header = None
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            if tuple(cells) != _SLIP_COLUMNS:
                raise ValueError(f"{path}:{n}: header must be {' '.join(_SLIP_COLUMNS)}")
            header = cells
            continue
        if len(cells) != len(_SLIP_COLUMNS) or not cells[2].isdigit() or not all(cells):
            raise ValueError(f"{path}:{n}: a gold slip needs six non-empty columns, the offset a number")
        slip = GoldSlip(cells[0], cells[1], int(cells[2]), cells[3], cells[4], cells[5])
        if slip.gold == slip.supported:
            raise ValueError(f"{path}:{n}: the supported value is the gold value")
        slips[(slip.file, slip.start)] = slip
    return slips


def mark_gold_slips(instances: list[ErrorInstance], slips: dict[tuple[str, int], GoldSlip]) -> list[ErrorInstance]:
    """Set ``slip`` (the evidence) on every error whose gold timex is a listed slip: same
    document, start offset, text and gold value. In place."""
    for e in instances:
        g = e.gold
        slip = slips.get((e.doc, g.start)) if g is not None else None
        e.slip = slip.evidence if slip and (slip.text, slip.gold) == (g.text, g.value) else ""
    return instances


def unmatched_gold_slips(slips: dict[tuple[str, int], GoldSlip], docs: list[TimeMLDoc]) -> list[GoldSlip]:
    """Listed slips whose gold timex (document, offset, text, value) is not in ``docs``."""
    gold = {(d.name, t.start, t.text, t.value) for d in docs for t in d.timexes}
    return [s for s in slips.values() if (s.file, s.start, s.text, s.gold) not in gold]


# ---------------------------------------------------------------- summary


def _f1_if_fixed(scores: dict, fixed: list[ErrorInstance]) -> float:
    """Value F1 if the given errors were fixed: a wrong value made right, a missed timex
    found with its value, a spurious one dropped."""
    kinds = Counter(e.kind for e in fixed)
    correct = scores["correct_values"] + kinds["value"] + kinds["missed"]
    n_sys = scores["system"] + kinds["missed"] - kinds["spurious"]
    return 2 * correct / (scores["gold"] + n_sys) if scores["gold"] + n_sys else 0.0


def fixes_to_reach(scores: dict, errors: list[ErrorInstance], target: float) -> int | None:
    """The fewest of ``errors`` that must be fixed for value F1 to reach ``target`` (wrong values
    first, then missed timexes, then spurious ones: the order that gains most per fix), or None
    if fixing them all falls short."""
    order = sorted((e for e in errors if e.kind in COSTS_VALUE), key=lambda e: COSTS_VALUE.index(e.kind))
    for n in range(len(order) + 1):
        if _f1_if_fixed(scores, order[:n]) >= target:
            return n
    return None


TARGET_VALUE_F1 = 0.85


def class_summary(scores: dict, slips: dict[tuple[str, int], GoldSlip] | None = None,
                  target: float = TARGET_VALUE_F1) -> dict:
    """Count of each class (by error kind), class ``c`` split into listed gold slips and the
    rest, and upper bounds of value F1:

    - ``best_value_f1_if_c_fixed``: every class ``c`` error fixed;
    - ``best_value_f1_if_c_rest_fixed``: every class ``c`` error that is not a listed slip;
    - ``best_value_f1_if_c_rest_and_a_gold_way_fixed``: that, and every class ``a`` error
      whose expression the corpus mostly writes the gold's way;
    - ``value_f1_with_slips_corrected``: the listed slips' gold replaced by the value the text
      supports (a system value equal to it counts as right).
    - ``c_rest_fixes_to_target``: how many class ``c`` errors that are not listed slips must
      be fixed to reach ``target`` (None: not enough of them).

    ``slips`` (as :func:`load_gold_slips` gives them) are marked on the errors first, when given.
    """
    instances = scores["instances"]
    if slips is not None:
        mark_gold_slips(instances, slips)
    counts = {c: Counter() for c in "abcd"}
    split = {"slips": Counter(), "rest": Counter()}
    for e in instances:
        if e.cls in counts:
            counts[e.cls][e.kind] += 1
        if e.cls == "c":
            split["slips" if e.slip else "rest"][e.kind] += 1
    c_errors = [e for e in instances if e.cls == "c"]
    c_rest = [e for e in c_errors if not e.slip]
    a_gold_way = [e for e in instances if e.cls == "a" and e.majority == "gold"]
    majority = Counter(e.majority for e in instances if e.cls == "a")
    by_key = slips or {}
    corrected = [e for e in instances if e.slip and e.kind in COSTS_VALUE and e.system is not None
                 and e.system.value == by_key.get((e.doc, e.gold.start), GoldSlip("", "", 0, "", "", "")).supported]
    return {"classes": {k: dict(v) for k, v in counts.items()},
            "c_split": {k: dict(v) for k, v in split.items()},
            "best_value_f1_if_c_fixed": _f1_if_fixed(scores, c_errors),
            "best_value_f1_if_c_rest_fixed": _f1_if_fixed(scores, c_rest),
            "best_value_f1_if_c_rest_and_a_gold_way_fixed": _f1_if_fixed(scores, c_rest + a_gold_way),
            "value_f1_with_slips_corrected": _f1_if_fixed(scores, [e for e in corrected if e.kind == "value"]),
            "target": target, "c_rest_fixes_to_target": fixes_to_reach(scores, c_rest, target),
            "c_rest": len(c_rest),
            "value_f1": scores["value"]["f1"], "a_mostly_system_way": majority["system"],
            "a_mostly_gold_way": majority["gold"]}


_CLASS_NAMES = {"a": "a  corpus disagrees with itself", "b": "b  contradicts the seed gold convention",
                "c": "c  the rest", "d": "d  gold read from another date than the DCT"}


_EXAMPLES = 3


def _show(t: Timex | None) -> str:
    return "-" if t is None else f"{t.text!r} {t.type} {t.value}"


def explain(scores: dict, classes: str = "abcdt", slips: dict[tuple[str, int], GoldSlip] | None = None) -> str:
    """Every error, one block each, then the class summary (see :func:`class_summary`)."""
    summary = class_summary(scores, slips)
    lines = []
    for e in scores["instances"]:
        if (e.cls or "t") not in classes:
            continue
        tag_ = f"[{e.cls}]" if e.cls else "[type]"
        lines.append(f"{tag_} {e.kind:<8} {e.doc} (DCT {e.dct})  gold {_show(e.gold)}  |  system {_show(e.system)}")
        if e.why:
            lines.append(f"      {e.why}")
        if e.slip:
            lines.append(f"      listed gold slip: {e.slip}")
        lines.append(f"      {e.sentence}")
    lines.append("")
    lines.append(f"{'class':<46}{'value':>7}{'missed':>8}{'spurious':>10}{'total':>7}")
    for k in "abdc":
        c = summary["classes"][k]
        lines.append(f"{_CLASS_NAMES[k]:<46}{c.get('value', 0):>7}{c.get('missed', 0):>8}"
                     f"{c.get('spurious', 0):>10}{sum(c.values()):>7}")
        for e in [e for e in scores["instances"] if e.cls == k][:_EXAMPLES]:
            lines.append(f"      e.g. {e.doc}: gold {_show(e.gold)} | system {_show(e.system)}")
        if k == "c":
            for part, label in (("slips", "listed gold slips"), ("rest", "not listed")):
                c = summary["c_split"][part]
                lines.append(f"{'   ' + label:<46}{c.get('value', 0):>7}{c.get('missed', 0):>8}"
                             f"{c.get('spurious', 0):>10}{sum(c.values()):>7}")
    lines.append("class a, the corpus mostly writes the expression the system's way: "
                 f"{summary['a_mostly_system_way']}, the gold's way: {summary['a_mostly_gold_way']}")
    lines.append(f"type errors with the right value: {sum(1 for e in scores['instances'] if e.kind == 'type')}")
    lines.append(f"value F1 now {summary['value_f1']:.3f}; with every class c error fixed "
                 f"{summary['best_value_f1_if_c_fixed']:.3f}")
    lines.append("value F1 if every class c error that is not a listed gold slip were fixed: "
                 f"{summary['best_value_f1_if_c_rest_fixed']:.3f}")
    lines.append("... and every class a error where the corpus mostly writes it the gold's way: "
                 f"{summary['best_value_f1_if_c_rest_and_a_gold_way_fixed']:.3f}")
    lines.append("value F1 with the listed gold slips corrected to the value the text supports: "
                 f"{summary['value_f1_with_slips_corrected']:.3f}")
    need = summary["c_rest_fixes_to_target"]
    lines.append(f"class c errors that are not listed gold slips to fix for value F1 {summary['target']:.2f}: "
                 + (f"{need} of {summary['c_rest']}" if need is not None else f"more than all {summary['c_rest']}"))
    return "\n".join(lines)


def score_dir(path: str | Path) -> dict:
    """TempEval-3 figures of the tagger over every ``*.tml`` file under ``path``."""
    files = sorted(Path(path).rglob("*.tml"))
    return score_docs([parse_tml(f) for f in files])


def report(scores: dict, errors: int = 0) -> str:
    lines = [f"TempEval-3 scoring: {scores['documents']} documents, {scores['gold']} gold timexes, "
             f"{scores['system']} system timexes", "",
             f"{'':<10}{'P':>8}{'R':>8}{'F1':>8}"]
    for k in ("strict", "relaxed", "value", "type"):
        s = scores[k]
        lines.append(f"{k:<10}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    lines.append(f"\nvalue accuracy on aligned timexes: {scores['value_accuracy_on_aligned']:.3f}")
    if errors:
        lines.append(f"\n{errors} most frequent error kinds:")
        for e in scores["errors"][:errors]:
            example = f"  e.g. {e['example']}" if e.get("example") else ""
            lines.append(f"{e['count']:>5}  {e['kind']:<9} {e['what']}{example}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="timeline eval tempeval",
                                 description="Score the temporal tagger on TimeML files (TempEval-3 metrics).")
    ap.add_argument("dir", help="folder holding .tml files")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list the N most frequent error kinds")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--explain", nargs="?", const="abcdt", default=None, metavar="CLASSES",
                    help="list every value and type error with its sentence, sorted into classes a (the corpus "
                         "disagrees with itself), b (against the seed gold convention), d (the gold of the "
                         "document read from another date) and c (the rest); give letters to list only those "
                         "classes (t: type errors with the right value)")
    ap.add_argument("--seed-gold", default="tests/data/gold/seeds", metavar="DIR",
                    help="seed gold folder holding the conventions of class b (default: %(default)s)")
    ap.add_argument("--gold-slips", default=str(GOLD_SLIPS), metavar="TSV",
                    help="listed gold values the text proves wrong, split out of class c (default: the "
                         "tbaq list shipped with the package; give an empty string for none)")
    args = ap.parse_args(argv)
    if args.explain is not None and not set(args.explain) <= set("abcdt"):
        ap.error(f"--explain takes class letters among a, b, c, d, t (not {args.explain!r}); give DIR first")
    if not Path(args.dir).is_dir():
        print(f"timeline: {args.dir}: not a folder", file=sys.stderr)
        return 2
    scores = score_dir(args.dir)
    if args.explain is not None:
        corpus = [parse_tml(f) for f in sorted(Path(args.dir).rglob("*.tml"))]
        try:
            seeds = load_seed_gold(args.seed_gold)
        except OSError:
            seeds = []
        classify_errors(scores["instances"], corpus, seeds)
        slips = load_gold_slips(args.gold_slips) if args.gold_slips else {}
        for slip in unmatched_gold_slips(slips, corpus):
            if any(d.name == slip.file for d in corpus):
                print(f"timeline: gold slip not found: {slip.file} {slip.start} {slip.text!r} {slip.gold}",
                      file=sys.stderr)
    instances = scores.pop("instances")
    if args.json:
        out = dict(scores)
        out["errors"] = scores["errors"][: args.errors]
        if args.explain is not None:
            out["instances"] = [asdict(e) for e in instances]
            out["classes"] = class_summary({**scores, "instances": instances}, slips)
        print(json.dumps(out, indent=2))
    else:
        print(report(scores, args.errors))
        if args.explain is not None:
            print()
            print(explain({**scores, "instances": instances}, args.explain, slips))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
