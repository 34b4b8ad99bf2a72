"""Score the temporal tagger on TimeML ``.tml`` files, the TempEval-3 way.

    timeline eval tempeval DIR [--errors N] [--json]

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
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from timeline.temporal import tag

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


def score_docs(docs: list[TimeMLDoc], tagger=tag) -> dict:
    n_sys = n_gold = strict = relaxed = value_ok = type_ok = 0
    errors: Counter = Counter()
    examples: dict = {}
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
        for j, g in enumerate(gold):
            if j not in matched_g:
                errors[("missed", g.text.lower())] += 1
        for i, s in enumerate(system):
            if i not in matched_s:
                errors[("spurious", s.text.lower())] += 1
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
    return result


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
    args = ap.parse_args(argv)
    if not Path(args.dir).is_dir():
        print(f"timeline: {args.dir}: not a folder", file=sys.stderr)
        return 2
    scores = score_dir(args.dir)
    if args.json:
        out = dict(scores)
        out["errors"] = scores["errors"][: args.errors]
        print(json.dumps(out, indent=2))
    else:
        print(report(scores, args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
