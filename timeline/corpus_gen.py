"""Large realistic corpora made from a few seed articles, for scale tests and benchmarks.

    python -m timeline.corpus_gen --mb 50 --out corpus/            # .txt files + manifest.csv
    python -m timeline.corpus_gen --mb 50 --out corpus.jsonl --format jsonl [--seed 0]

Generated document ``k`` is a copy of seed ``k mod n`` moved in time by a
whole number of weeks (so weekdays stay right):

- its publication date (DCT) moves by the offset;
- every explicit date in its text (one that names a year, a month or a day
  number: "Aug. 26, 2021", "August 2021", "March 16", "2023-04-25") is
  rewritten moved by the same offset, in the same style; relative
  expressions ("on Thursday", "last year", "two days later") are left as they
  are, so they still resolve correctly against the moved DCT;
- people known to the actor lexicon get new names from
  ``resources/corpus_gen/persons.tsv`` and cities and provinces from the
  gazetteer become other places of the same kind and country, consistently
  within the document (every alias of one person maps to the same new name).

The output is deterministic for a ``--seed``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from timeline.document import Document

#: Offsets are whole weeks, from about ten years back to one year forward.
SHIFT_WEEKS = (-520, 52)
_EXPLICIT_VALUE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?=$|T)")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")


_PACKAGE = Path(__file__).resolve().parent


def _data(folder: str, name: str) -> Path:
    return _PACKAGE.joinpath(*folder.split("/"), name)


def _tsv_rows(path) -> list[list[str]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                rows.append(line.rstrip("\n").split("\t"))
    return rows


@dataclass(frozen=True)
class MonthNames:
    """The ways each month is written: full, abbreviated with a period, three letters."""

    full: tuple[str, ...]
    abbreviated: tuple[str, ...]
    short: tuple[str, ...]
    lookup: dict[str, int] = field(hash=False, compare=False)

    def pattern(self) -> re.Pattern:
        names = sorted(self.lookup, key=len, reverse=True)
        return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)

    def render(self, month: int, like: str) -> str:
        """Month ``month`` written in the style of the token ``like``."""
        i = month - 1
        key = like.lower()
        if key == self.full[self.lookup[key] - 1].lower():
            out = self.full[i]
        elif like.endswith("."):
            out = self.abbreviated[i]
        else:
            out = self.short[i]
        return out.upper() if like.isupper() and len(like) > 1 else out


@lru_cache(maxsize=1)
def month_names() -> MonthNames:
    rows = _tsv_rows(_data("resources/corpus_gen", "months.tsv"))
    rows.sort(key=lambda r: int(r[0]))
    full, abbr, short = (tuple(r[i] for r in rows) for i in (1, 2, 3))
    lookup: dict[str, int] = {}
    for n, row in enumerate(rows, 1):
        for name in row[1:]:
            lookup[name.lower()] = n
            lookup[name.lower().rstrip(".")] = n
            lookup[name.lower().rstrip(".") + "."] = n
    lookup.setdefault("sept", 9)
    lookup.setdefault("sept.", 9)
    return MonthNames(full, abbr, short, lookup)


# -- dates ---------------------------------------------------------------------------------


def shift_value(value: str, days: int) -> tuple[int, int | None, int | None] | None:
    """The (year, month, day) an explicit date value becomes when moved by ``days``.

    A day moves exactly; a month becomes the month its 15th moves into; a
    year the year its 1 July moves into. None for values that are not a
    calendar year, month or day (durations, weeks, seasons, references).
    """
    m = _EXPLICIT_VALUE.match(value)
    if not m:
        return None
    y = int(m["y"])
    try:
        if m["d"]:
            d = date(y, int(m["m"]), int(m["d"])) + timedelta(days=days)
            return d.year, d.month, d.day
        if m["m"]:
            d = date(y, int(m["m"]), 15) + timedelta(days=days)
            return d.year, d.month, None
        return (date(y, 7, 1) + timedelta(days=days)).year, None, None
    except (ValueError, OverflowError):
        return None


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def rewrite_date(surface: str, value: str, days: int) -> str | None:
    """``surface`` (a date expression whose TIMEX3 value is ``value``) moved by ``days``.

    Only the parts written explicitly change: a four-digit year, a month name
    (kept in its style: "Aug." stays abbreviated), a day number (with its
    ordinal suffix), ISO and slashed numeric dates. None when the surface
    names no year, month or day (a relative expression) or the value is not a
    calendar date.
    """
    target = shift_value(value, days)
    if target is None:
        return None
    year, month, day = target
    orig = _EXPLICIT_VALUE.match(value)
    has_month = orig["m"] is not None
    has_day = orig["d"] is not None

    if has_day and _ISO_DATE.search(surface):
        return _ISO_DATE.sub(f"{year:04d}-{month:02d}-{day:02d}", surface, count=1)
    slash = _SLASH_DATE.search(surface) if has_day else None
    if slash:
        a, b, yy = slash.groups()
        day_first = int(a) > 12
        first, second = (day, month) if day_first else (month, day)
        parts = [str(first).zfill(len(a)), str(second).zfill(len(b))]
        if yy:
            parts.append(str(year)[-len(yy):])
        return surface[: slash.start()] + "/".join(parts) + surface[slash.end():]

    names = month_names()
    out = surface
    changed = False
    month_match = names.pattern().search(out) if has_month else None
    if month_match:
        new = names.render(month, month_match.group(0))
        out = out[: month_match.start()] + new + out[month_match.end():]
        changed = True
    year_match = _YEAR.search(out)
    if year_match:
        out = out[: year_match.start()] + str(year) + out[year_match.end():]
        changed = True
    if has_day and (month_match or year_match):
        year_span = _YEAR.search(out)
        for dm in _DAY.finditer(out):
            if year_span and year_span.start() <= dm.start() < year_span.end():
                continue
            if 1 <= int(dm.group(1)) <= 31:
                suffix = _ordinal(day) if dm.group(2) else ""
                out = out[: dm.start()] + str(day) + suffix + out[dm.end():]
                break
    return out if changed else None


def shift_dates(text: str, mentions: Iterable, days: int) -> str:
    """``text`` with every explicit date among the time ``mentions`` moved by ``days``."""
    edits = []
    for m in mentions:
        if m.type not in ("DATE", "TIME") or not m.value:
            continue
        new = rewrite_date(m.text, m.value, days)
        if new is not None and new != m.text:
            edits.append((m.start, m.end, new))
    out = text
    last = len(text) + 1
    for start, end, new in sorted(edits, reverse=True):
        if end > last:  # overlapping mentions: keep the later one only
            continue
        out = out[:start] + new + out[end:]
        last = start
    return out


# -- names ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePools:
    """Known people and places to find, and the names that replace them."""

    persons: dict[str, list[str]]  # canonical name -> its aliases
    given: tuple[str, ...]
    family: tuple[str, ...]
    places: dict[str, tuple[str, str, tuple[str, ...]]]  # name -> (kind, country, aliases)
    by_kind_country: dict[tuple[str, str], tuple[str, ...]]


PLACE_KINDS = ("city", "province")


@lru_cache(maxsize=1)
def name_pools() -> NamePools:
    persons: dict[str, list[str]] = {}
    with _data("events/resources", "actors.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("type") == "person" and row.get("canonical") and row.get("alias"):
                persons.setdefault(row["canonical"], []).append(row["alias"])
    pool = _tsv_rows(_data("resources/corpus_gen", "persons.tsv"))
    given = tuple(r[0] for r in pool if r and r[0])
    family = tuple(r[1] for r in pool if len(r) > 1 and r[1])
    places: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    groups: dict[tuple[str, str], list[str]] = {}
    with _data("events/resources", "gazetteer.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kind, name = row.get("kind", ""), row.get("name", "")
            if kind not in PLACE_KINDS or not name:
                continue
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
            places[name] = (kind, row.get("country", ""), aliases)
            groups.setdefault((kind, row.get("country", "")), []).append(name)
    return NamePools(persons, given, family, places, {k: tuple(v) for k, v in groups.items()})


def _alias_pattern(names: Iterable[str]) -> re.Pattern | None:
    return _compiled_alternation(tuple(sorted(set(names), key=lambda n: (-len(n), n))))


@lru_cache(maxsize=256)
def _compiled_alternation(names: tuple[str, ...]) -> re.Pattern | None:
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def known_names(text: str) -> frozenset[str]:
    """The known people's and places' names (any alias) that occur in ``text``."""
    pattern = _known_names_pattern()
    return frozenset(pattern.findall(text)) if pattern else frozenset()


@lru_cache(maxsize=1)
def _known_names_pattern() -> re.Pattern | None:
    pools = name_pools()
    names = [a for aliases in pools.persons.values() for a in aliases]
    for name, (_, _, aliases) in pools.places.items():
        names.append(name)
        names.extend(aliases)
    return _alias_pattern(names)


def name_mapping(text: str, rng: random.Random, pools: NamePools | None = None,
                 found: frozenset[str] | None = None) -> dict[str, str]:
    """How each known person and place named in ``text`` is renamed (alias -> new text).

    A person's given and family names are replaced token by token in all of
    their aliases, so "Joe Biden", "Biden" and "President Biden" stay one
    person. A place becomes another of the same kind in the same country
    (any country when it has no other), and its aliases its new name.
    """
    pools = pools or name_pools()
    if found is None:
        found = known_names(text)
    mapping: dict[str, str] = {}
    used_people: set[tuple[str, str]] = set()
    for canonical in sorted(pools.persons):
        aliases = pools.persons[canonical]
        if not found.intersection(aliases):
            continue
        tokens = canonical.split()
        while True:
            new = (rng.choice(pools.given), rng.choice(pools.family))
            if new not in used_people or len(used_people) >= len(pools.given):
                used_people.add(new)
                break
        swap = {tokens[0]: new[0], tokens[-1]: new[1]} if len(tokens) > 1 else {tokens[0]: new[1]}
        for alias in aliases:
            renamed = " ".join(swap.get(t, t) for t in alias.split())
            if renamed != alias:
                mapping[alias] = renamed
    used_places: set[str] = set()
    for name in sorted(pools.places):
        kind, country, aliases = pools.places[name]
        if not found.intersection((name, *aliases)):
            continue
        candidates = [p for p in pools.by_kind_country.get((kind, country), ()) if p != name and p not in used_places]
        if not candidates:
            candidates = [p for (k, _), ps in sorted(pools.by_kind_country.items()) if k == kind
                          for p in ps if p != name and p not in used_places]
        if not candidates:
            continue
        new = rng.choice(candidates)
        used_places.add(new)
        mapping[name] = new
        for alias in aliases:  # "Balkh Province" -> "<new> Province"; another spelling -> the new name
            mapping[alias] = re.sub(rf"\b{re.escape(name)}\b", new, alias) if name in alias else new
    return mapping


def rename(text: str, mapping: dict[str, str]) -> str:
    """``text`` with every whole-word occurrence of a mapping key replaced, in one pass."""
    pattern = _alias_pattern(mapping)
    if pattern is None:
        return text
    return pattern.sub(lambda m: mapping[m.group(0)], text)


# -- corpus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A seed article with its time mentions and the known names in it, found once."""

    document: Document
    mentions: tuple
    names: frozenset[str] = frozenset()


def load_seeds(paths: Iterable[str | Path] | None = None) -> list[Seed]:
    """The seed articles (with their DCTs) and their time mentions.

    Defaults to the project's ``seeds/`` folder. An article without a
    publication date in its manifest takes it from
    ``tests/data/gold/seeds/metadata.csv`` when that names it; articles still
    without a date are skipped, since they cannot be moved in time.
    """
    from timeline.ingest import load_documents
    from timeline.temporal import tag

    paths = list(paths) if paths is not None else [_PACKAGE.parent / "seeds"]
    docs, _problems = load_documents(paths)
    fallback = _gold_dates()
    seeds = []
    for d in docs:
        published = d.published or fallback.get(Path(d.path).name if d.path else "")
        if not published:
            continue
        if published != d.published:
            d = replace(d, published=published, published_source="manifest")
        seeds.append(Seed(d, tuple(tag(d.text, dct=published)), known_names(d.text) | known_names(d.title)))
    return seeds


def _gold_dates() -> dict[str, str]:
    path = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold" / "seeds" / "metadata.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["file"]: r["published"] for r in csv.DictReader(fh) if r.get("published")}


def shift_weeks(k: int, seed: int, years: float | None = None) -> int:
    """The offset of document ``k``, in whole weeks (deterministic for ``seed``).

    By default about ten years back to one year forward; with ``years``, that
    many years back instead (the corpus then covers about ``years`` + 1 years).
    """
    low, high = SHIFT_WEEKS if years is None else (-round(52 * years), SHIFT_WEEKS[1])
    return random.Random(f"shift:{seed}:{k}").randint(low, high)


@dataclass
class Generated:
    """A generated document, the seed it comes from and how far it was moved."""

    document: Document
    seed_id: str
    shift_days: int


def generate(seeds: list[Seed], *, n_bytes: int | None = None, n_docs: int | None = None, seed: int = 0,
             years: float | None = None) -> Iterator[Generated]:
    """Generated documents until their texts reach ``n_bytes`` (UTF-8) or ``n_docs`` documents.

    ``years`` spreads them over that many years back (see :func:`shift_weeks`).
    """
    if not seeds:
        raise ValueError("no seed article with a publication date")
    if n_bytes is None and n_docs is None:
        raise ValueError("give n_bytes or n_docs")
    total = 0
    k = 0
    while (n_docs is None or k < n_docs) and (n_bytes is None or total < n_bytes):
        src = seeds[k % len(seeds)]
        days = 7 * shift_weeks(k, seed, years)
        d = src.document
        published = (date.fromisoformat(d.published) + timedelta(days=days)).isoformat()
        rng = random.Random(f"names:{seed}:{k}")
        mapping = name_mapping(d.text, rng, found=src.names)
        text = rename(shift_dates(d.text, src.mentions, days), mapping)
        title = rename(d.title, mapping)
        doc = Document(id=f"gen-{seed}-{k:07d}", text=text, title=title, publisher=d.publisher,
                       author=rename(d.author, mapping), published=published, published_source="manifest")
        total += len(text.encode("utf-8"))
        yield Generated(doc, d.id, days)
        k += 1


MANIFEST_COLUMNS = ("file", "id", "title", "publisher", "author", "url", "published", "seed", "shift_days")


def write_corpus(generated: Iterable[Generated], out: str | Path, fmt: str = "txt") -> Path:
    """Write documents as ``.txt`` files plus ``manifest.csv`` in directory ``out``, or as one JSONL file.

    For ``jsonl``, ``out`` is the file when it ends in ``.jsonl``, else a
    directory that receives ``corpus.jsonl``. Returns the path written.
    """
    out = Path(out)
    if fmt == "jsonl":
        path = out if out.suffix == ".jsonl" else out / "corpus.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for g in generated:
                d = g.document
                fh.write(json.dumps({"id": d.id, "title": d.title, "publisher": d.publisher, "author": d.author,
                                     "published": d.published, "seed": g.seed_id, "shift_days": g.shift_days,
                                     "text": d.text}, ensure_ascii=False) + "\n")
        return path
    if fmt != "txt":
        raise ValueError(f"unknown format {fmt!r}; expected txt or jsonl")
    out.mkdir(parents=True, exist_ok=True)
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(MANIFEST_COLUMNS)
        for g in generated:
            d = g.document
            name = f"{d.id}.txt"
            (out / name).write_text(d.text, encoding="utf-8")
            writer.writerow([name, d.id, d.title, d.publisher, d.author, d.url, d.published, g.seed_id, g.shift_days])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline.corpus_gen", description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the corpus text in megabytes (10^6 bytes of UTF-8)")
    ap.add_argument("--out", required=True, help="output directory (txt) or .jsonl file (jsonl)")
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    ap.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same corpus")
    ap.add_argument("--seeds", nargs="*", default=None, help="seed articles (files or directories; default: seeds/)")
    ap.add_argument("--years", type=float, default=None,
                    help="spread the articles over this many years back (default: about ten)")
    args = ap.parse_args(argv)
    seeds = load_seeds(args.seeds)
    if not seeds:
        print("corpus_gen: no seed article with a publication date", file=sys.stderr)
        return 2
    n_docs = 0
    n_bytes = 0

    def counted(items):
        nonlocal n_docs, n_bytes
        for g in items:
            n_docs += 1
            n_bytes += len(g.document.text.encode("utf-8"))
            yield g

    path = write_corpus(counted(generate(seeds, n_bytes=int(args.mb * 1e6), seed=args.seed, years=args.years)), args.out, args.format)
    print(f"corpus_gen: {n_docs} documents, {n_bytes / 1e6:.2f} MB of text -> {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
