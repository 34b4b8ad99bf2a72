"""Vocabularies and rules of the temporal tagger, read from data files.

Every ``*.tsv`` file in ``resources/`` is a word list: one entry a line, tab-separated
columns, ``#`` starts a comment. ``rules.tsv`` holds the extraction rules: a name, the
normalizer that turns a match into a TIMEX3 value, and a regular expression in which
``%name`` stands for the alternation of the entries of ``name.tsv`` (``%month``,
``%weekday``, ...) or for one of the built-in fragments (``%year``, ``%day``, ``%num``).

Extra resource folders may be given to :func:`load`: their files add entries to
(and their ``rules.tsv`` adds rules after) the built-in ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).with_name("resources")

# Fragments that are patterns rather than word lists.
_BUILTIN = {
    "year": r"(?:1[0-9]\d\d|20\d\d)",
    "digit_year": r"(?:1[0-9]\d\d|20\d\d)",
    "day": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
    "digits": r"(?:\d{1,3}(?:,\d{3})+|\d{1,9})(?:\.\d{1,6})?",
}


# White space inside an expression: a few characters at most, so that no match runs
# across a page of blanks.
_SPACE = r"\s{1,3}"


@lru_cache(maxsize=8192)
def norm(phrase: str) -> str:
    """Lookup key of a phrase: lower case, single spaces, straight apostrophes."""
    return " ".join(phrase.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def _token_pattern(ch: str) -> str:
    if ch == " ":
        return _SPACE
    if ch == "'":
        return "['\u2019]"
    if ch == "-":
        return r"[\s-]?"
    return re.escape(ch)


def _trie_pattern(node: dict) -> str:
    """Regex of a character trie: alternatives branch on their next character, so a
    failing word costs one test per character (no backtracking over a long list)."""
    end = node.get("", False)
    branches = [_token_pattern(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def _alternation(words) -> str:
    """A regex matching any of ``words`` (case folded; spaces, apostrophes and hyphens loose)."""
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w.lower():
            node = node.setdefault(ch, {})
        node[""] = True
    if not trie:
        return "(?!)"
    return "(?:" + _trie_pattern(trie) + ")"


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


_NO_ROWS: dict[str, list[str]] = {}  # the rows of a table that is not there (never filled)


@dataclass(frozen=True)
class Rule:
    name: str
    normalizer: str
    regex: re.Pattern
    defaults: dict = field(default_factory=dict)


@dataclass
class Lexicon:
    """Word lists (``tables[name][key] -> columns``) and compiled rules."""

    tables: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    triggers: frozenset = frozenset()  # words that can head a time expression
    leads: frozenset = frozenset()  # words that can come before the head inside one

    def get(self, table: str, phrase: str | None, column: int = 0, default=None):
        if phrase is None:
            return default
        row = self.tables.get(table, _NO_ROWS).get(norm(phrase))
        if row is None or len(row) <= column:
            return default
        return row[column]

    def has(self, table: str, phrase: str | None) -> bool:
        return phrase is not None and norm(phrase) in self.tables.get(table, _NO_ROWS)

    def macros(self) -> dict[str, str]:
        out = dict(_BUILTIN)
        for name, table in self.tables.items():
            out[name] = _alternation(table.keys())
            if name in _AMBIGUITY_COLUMN:  # %months_unambiguous: leaves out "may", "march"
                col = _AMBIGUITY_COLUMN[name]
                out[name + "_unambiguous"] = _alternation(
                    k for k, row in table.items() if not (len(row) > col and row[col] == "1"))
        # number: digits, or number words ("twenty-five", "a hundred")
        numbers = self.tables.get("numbers", {})

        def value(k):
            try:
                return float(numbers[k][0])
            except (IndexError, ValueError):
                return 0.0

        words = out.get("numbers", "(?!)")
        tens = _alternation(k for k in numbers if 20 <= value(k) <= 90 and value(k) % 10 == 0)
        units = _alternation(k for k in numbers if 1 <= value(k) <= 9 and k not in ("a", "an"))
        # spoken years ("nineteen ninety-six", "two thousand and one") join the digit years
        teens = _alternation(k for k in numbers if 10 <= value(k) <= 19)
        tail = rf"(?:{tens}(?:[\s-]+{units})?|{teens})"
        # "two hundred", "a hundred and twenty-five" before the single words, which would take "two" alone
        in_hundreds = rf"(?:{units}|a|one)\s+hundred(?:\s+and\s+(?:{tail}|{units}))?"
        out["num"] = rf"(?:{_BUILTIN['digits']}|{in_hundreds}|{tens}[\s-]+{units}|{words})"
        openers = self.tables.get("year_words", {})
        parts = []
        hundreds = [k for k, row in openers.items() if row[1:2] == ["hundreds"]]
        thousands = [k for k, row in openers.items() if row[1:2] == ["thousands"]]
        if hundreds:
            parts.append(rf"{_alternation(hundreds)}[\s-]+(?:{tail}|oh[\s-]+{units}|hundred)")
        if thousands:
            parts.append(rf"{_alternation(thousands)}(?:\s+and)?(?:[\s-]+(?:{tail}|{units}))?")
        if parts:
            out["year_words"] = "(?:" + "|".join(parts) + ")"
            out["year"] = rf"(?:{_BUILTIN['year']}|{out['year_words']})"
        return out


def _expand(pattern: str, macros: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise KeyError(f"unknown macro %{name} in temporal rule")
        return macros[name]

    return re.sub(r"%([a-z_]+)", sub, pattern).replace(r"\s+", _SPACE)


# Left and right edges shared by every rule: a mention never starts or ends inside
# a word or a number, and a number followed by a percent sign is not a time.
_LEFT = r"(?<![\w$\u00a3\u20ac\u00a5#@/.,:-])"
_RIGHT = r"(?![\w%\u00a2/@]|[.,:/-]\d|\s?%|[\s-]old\b|\s+percent\b|\s+per\s*cent\b)"


# Tables with a column that flags entries which are also common words.
_AMBIGUITY_COLUMN = {"months": 1}

# Tables whose words head a time expression, and tables of words that lead into one.
# (a holiday's first word heads it, see _HEAD_TABLES: its other words, "Canadian" or "Chinese", are no triggers)
_TRIGGER_TABLES = ("triggers", "months", "weekdays", "units", "parts_of_day", "seasons", "relative_days", "sets",
                   "references")
# Tables whose entries' first word always heads an expression ("nineteen" ninety-six).
_HEAD_TABLES = ("months", "weekdays", "units", "holidays", "year_words", "decade_words")
_LEAD_TABLES = ("position_modifiers", "quantity_modifiers", "shifts", "vague_quantities", "numbers", "ordinals",
                "year_prefixes")
_STOP = frozenset({"s", "st", "after", "before", "as", "at", "right", "just", "these", "new", "come", "near", "time",
                   "while", "possible", "moment"})
_WORD = re.compile(r"[^\W_]+")


# The dates a row of holidays.tsv may give: MM-DD, YYYY-MM-DD, N-W-MM[+-D], easter[+-D], dated:KEY[+-D], national.
_HOLIDAY_DATE = re.compile(r"\d\d-\d\d|\d{4}-\d\d-\d\d|-?\d-\d-\d\d(?:[+-]\d)?|easter(?:[+-]\d+)?|dated:.+|national")


def load(extra_dirs: tuple[str | Path, ...] = ()) -> Lexicon:
    """Read the built-in resources plus any extra resource folders."""
    return _load(tuple(str(d) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load(extra_dirs: tuple[str, ...]) -> Lexicon:
    lex = Lexicon()
    dirs = [RESOURCES, *(Path(d) for d in extra_dirs)]
    rule_rows: list[list[str]] = []
    for d in dirs:
        for path in sorted(d.glob("*.tsv")):
            rows = _read_tsv(path)
            if path.stem == "rules":
                rule_rows.extend(rows)
                continue
            table = lex.tables.setdefault(path.stem, {})
            for row in rows:
                if path.stem == "holidays" and not (len(row) > 1 and all(_HOLIDAY_DATE.fullmatch(v) for v in row[1:3])):
                    raise ValueError(f"{path}: holiday {row[0]!r} needs a date (and, for a holiday that lasts, a last "
                                     f"day) of a form the README of timeline/temporal/resources lists, not "
                                     f"{row[1:3] or 'none'}")
                table[norm(row[0])] = row[1:]
    macros = lex.macros()
    words = lambda names: {w for n in names for k in lex.tables.get(n, {}) for w in _WORD.findall(k)}
    lex.triggers = frozenset(words(_TRIGGER_TABLES) - words(_LEAD_TABLES) - _STOP) | words(("triggers",)) | frozenset(
        w for n in _HEAD_TABLES for k in lex.tables.get(n, {}) for w in _WORD.findall(k)[:1])
    # the words a rule's mention may hold (not those of its lookbehinds, context before the mention)
    literal = {w for row in rule_rows if len(row) > 2
               for w in _WORD.findall(re.sub(r"\(\?<[=!][^()]*\)|%[a-z_]+|\(\?P<\w+>|\\[a-zA-Z]|\(\?[-a-z]+[:)]", " ",
                                             row[2]))}
    lex.leads = frozenset(w.lower() for w in words(_LEAD_TABLES) | literal | words(_TRIGGER_TABLES))
    for row in rule_rows:
        if len(row) < 3:
            raise ValueError(f"temporal rule needs name, normalizer and pattern: {row!r}")
        name, normalizer, pattern = row[0], row[1], row[2]
        regex = re.compile(_LEFT + "(?:" + _expand(pattern, macros) + ")" + _RIGHT, re.IGNORECASE)
        defaults = dict(kv.split("=", 1) for kv in row[3].split(";") if "=" in kv) if len(row) > 3 else {}
        lex.rules.append(Rule(name, normalizer, regex, defaults))
    return lex
