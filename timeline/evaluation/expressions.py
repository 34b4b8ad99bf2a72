"""The temporal tagger on sentences of news with hand-written expectations, case by case.

TempEval-style scoring counts timexes; this counts sentences: a case is right
when the tagger gives exactly what one of its expected annotations says, no
more and no less. The cases (``tests/data/news_expressions/*.jsonl``) are
news sentences of many styles (US wire copy, British, Irish, Australian,
Indian and Canadian papers, live blogs, earnings, courts, history, conflict
reporting) and traps that hold no time expression, each with its own
publication date. A line is one case::

    {"category": "dateline", "dct": "2021-08-17", "text": "KABUL, Aug 17 (Reuters) - ...",
     "expected": [[{"text": "Aug 17", "type": "DATE", "value": "2021-08-17", "mod": null, "opt": false}, ...],
                  ...]}

``expected`` lists alternative annotations (the first is the preferred one);
in an item, ``text`` may give alternative extents ``"a|b"``, ``value`` may
give alternatives ``"a|b"``, a regular expression ``"re:..."`` or ``"*"``
(any), ``mod`` ``"*"`` is not checked, and an ``opt`` item may be missing.
The conventions are those of the tagger's README (an anchored "three days
later" is the DURATION "three days", for one).

Errors of a case, against its closest annotation:

- ``missed``: an expected item the tagger did not find at all;
- ``extent``: found with another extent (``extent+wrong`` when its type or value is wrong too);
- ``wrong``: found with the same extent but another type, value or mod;
- ``spurious``: a mention no item asked for (``false positive`` in a trap: a case that expects nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from timeline.temporal import tag

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "news_expressions"


@dataclass
class Case:
    name: str  # file stem and line number
    category: str
    dct: str
    text: str
    expected: list[list[dict]]


@dataclass
class CaseResult:
    case: Case
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, expected, got)
    system: list = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.errors


def load_cases(path: str | Path = DEFAULT_DIR) -> list[Case]:
    """The cases of one ``.jsonl`` file, or of every one in a folder (by file name)."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    cases = []
    for f in files:
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                d = json.loads(line)
                cases.append(Case(f"{f.stem}:{i}", d["category"], d["dct"], d["text"], d["expected"]))
    return cases


def value_matches(expected: str, got: str | None) -> bool:
    """``got`` against an expected value: ``"*"``, ``"re:<regex>"`` or alternatives ``"a|b"``."""
    if expected == "*":
        return True
    if expected.startswith("re:"):
        return got is not None and re.fullmatch(expected[3:], got) is not None
    return got in expected.split("|")


def _show(item: dict) -> str:
    mod = f" mod={item['mod']}" if item.get("mod") not in (None, "*") else ""
    return f"[{item['text'].split('|')[0]}] {item['type']} {item['value']}{mod}"


def _show_mention(m) -> str:
    return f"[{m.text}] {m.type} {m.value}" + (f" mod={m.mod}" if m.mod else "")


def errors_against(text: str, items: list[dict], mentions: list) -> list[tuple[str, str, str]]:
    """The errors of the tagger's ``mentions`` of ``text`` against one expected annotation."""
    errors = []
    used: set[int] = set()
    for item in items:
        spans = []
        for extent in item["text"].split("|"):
            at = text.find(extent)
            if at < 0:
                raise ValueError(f"expected extent {extent!r} is not in {text!r}")
            spans.append((at, at + len(extent)))
        exact = [k for k, m in enumerate(mentions) if (m.start, m.end) in spans]
        overlapping = [k for k, m in enumerate(mentions) if any(m.start < e and s < m.end for s, e in spans)]
        if exact:
            k = exact[0]
            used.add(k)
            m = mentions[k]
            bad = [what for what, ok in (("type", m.type == item["type"]),
                                          ("value", value_matches(item["value"], m.value)),
                                          ("mod", item.get("mod") == "*" or (m.mod or None) == item.get("mod")))
                   if not ok]
            if bad:
                errors.append(("wrong", _show(item), _show_mention(m) + " (" + "+".join(bad) + ")"))
        elif overlapping:
            used.update(overlapping)
            m = mentions[overlapping[0]]
            right = m.type == item["type"] and value_matches(item["value"], m.value)
            errors.append(("extent" if right else "extent+wrong", _show(item),
                           "; ".join(_show_mention(mentions[k]) for k in overlapping)))
        elif not item.get("opt"):
            errors.append(("missed", _show(item), "-"))
    for k, m in enumerate(mentions):
        if k not in used:
            errors.append(("false positive" if not items else "spurious", "-", _show_mention(m)))
    return errors


def score_case(case: Case, tagger=tag) -> CaseResult:
    """The case against its closest expected annotation."""
    mentions = tagger(case.text, case.dct)
    best = min((errors_against(case.text, items, mentions) for items in case.expected), key=len)
    return CaseResult(case, best, mentions)


def score(cases: list[Case], tagger=tag) -> dict:
    """Cases right overall, by file and by category, and the errors by kind."""
    results = [score_case(c, tagger) for c in cases]
    by_file: dict[str, list[int]] = {}
    by_category: dict[str, list[int]] = {}
    kinds: Counter = Counter()
    for r in results:
        for table, key in ((by_file, r.case.name.split(":")[0]), (by_category, r.case.category)):
            right_total = table.setdefault(key, [0, 0])
            right_total[0] += r.right
            right_total[1] += 1
        kinds.update(kind for kind, _, _ in r.errors)
    return {"cases": len(results), "right": sum(r.right for r in results), "files": by_file,
            "categories": by_category, "errors": dict(kinds.most_common()), "results": results}


def report(scores: dict, show_errors: bool = False) -> str:
    n, right = scores["cases"], scores["right"]
    lines = [f"news expressions: {n} sentences, {right} fully right ({right / max(1, n):.3f})"]
    for name, (r, t) in scores["files"].items():
        lines.append(f"  {name:<24} {r:>4} / {t:<4} {r / max(1, t):.3f}")
    lines.append("errors: " + (", ".join(f"{k} {v}" for k, v in scores["errors"].items()) or "none"))
    if show_errors:
        for r in scores["results"]:
            if r.errors:
                lines.append(f"{r.case.name} [{r.case.category}] DCT {r.case.dct}: {r.case.text}")
                lines.extend(f"    {kind}: expected {exp} | got {got}" for kind, exp, got in r.errors)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="timeline eval expressions",
                                 description="Score the temporal tagger on news sentences with expected annotations.")
    ap.add_argument("path", nargs="?", default=str(DEFAULT_DIR),
                    help="a .jsonl file of cases or a folder of them (default: the cases shipped with the tests)")
    ap.add_argument("--errors", action="store_true", help="list every case that is not fully right")
    args = ap.parse_args(argv)
    if not Path(args.path).exists():
        print(f"timeline: {args.path}: no such file or folder", file=sys.stderr)
        return 2
    print(report(score(load_cases(args.path)), args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
