"""Querying the event table: filters, actor counts and the sources of an event.

The same query serves every face of the product: the Dash app keeps it in the
page URL, an HTTP endpoint reads it from ``?actor=&type=&start=&end=&source=&q=``,
and scripts build it directly. Everything here works on the tables defined in
``timeline.schema`` and never renders anything.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, urlencode

import pandas as pd

from timeline.schema import EVENT_COLUMNS, EVIDENCE_SEP, LIST_SEP

_INT_COLUMNS = frozenset(c.name for c in EVENT_COLUMNS if c.dtype == "Int64")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def normalize_bound(value: str | None, *, end: bool = False) -> str | None:
    """An ISO day for a range bound given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    A partial date stands for the whole period it names: as a start bound
    ``2021`` means 2021-01-01, as an end bound 2021-12-31. Empty values give
    None; anything else raises ``ValueError``.
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"not a date (expected YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month out of range: {value!r}")
    if month is None:
        month = 12 if end else 1
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last if end else 1
    if not 1 <= day <= last:
        raise ValueError(f"day out of range: {value!r}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def split_list(cell) -> list[str]:
    """The items of a ``; ``-joined cell (empty or missing cells give [])."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and cell != cell):
        return []
    return [p.strip() for p in str(cell).split(LIST_SEP.strip()) if p.strip()]


def _values(params: Mapping, key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for item in items:
        item = str(item).strip()
        if item and item not in out:
            out.append(item)
    return out


def _value(params: Mapping, key: str) -> str:
    vals = _values(params, key)
    return vals[-1] if vals else ""


@dataclass
class EventQuery:
    """What a user asks of the event table.

    ``actors``, ``types`` and ``sources`` each match any of their items (an
    empty list matches everything); the groups combine with AND. ``sources``
    holds document ids or publisher names. ``start``/``end`` keep events whose
    date interval overlaps ``[start, end]``. ``q`` is a free-text search: every
    word must occur, case-insensitively, in the title or the evidence.

    In URLs the fields are ``actor``, ``type``, ``start``, ``end``, ``source``
    and ``q``; list fields repeat their parameter (``actor=A&actor=B``).
    """

    actors: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    sources: list[str] = field(default_factory=list)
    q: str = ""

    def __post_init__(self) -> None:
        self.start = normalize_bound(self.start)
        self.end = normalize_bound(self.end, end=True)
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        self.q = (self.q or "").strip()

    @classmethod
    def from_params(cls, params: Mapping | str) -> EventQuery:
        """The query from URL parameters: a mapping (values a string or a list) or a query string.

        Raises ``ValueError`` on an unreadable date range.
        """
        if isinstance(params, str):
            params = parse_qs(params.lstrip("?"), keep_blank_values=False)
        return cls(
            actors=_values(params, "actor"),
            types=_values(params, "type"),
            start=_value(params, "start") or None,
            end=_value(params, "end") or None,
            sources=_values(params, "source"),
            q=_value(params, "q"),
        )

    def to_params(self) -> dict[str, list[str] | str]:
        """URL parameters for this query, empty fields left out; ``from_params`` reads them back."""
        out: dict[str, list[str] | str] = {}
        if self.actors:
            out["actor"] = list(self.actors)
        if self.types:
            out["type"] = list(self.types)
        if self.start:
            out["start"] = self.start
        if self.end:
            out["end"] = self.end
        if self.sources:
            out["source"] = list(self.sources)
        if self.q:
            out["q"] = self.q
        return out

    def to_query_string(self) -> str:
        """``actor=Taliban&type=bombing...`` (no leading ``?``; empty for the empty query)."""
        return urlencode(self.to_params(), doseq=True)

    @property
    def is_empty(self) -> bool:
        return not self.to_params()


def _padded(series: pd.Series) -> pd.Series:
    """``; a; b; `` lower-cased, so that whole items can be found with a substring test."""
    return "; " + series.fillna("").astype(str).str.lower() + "; "


def _contains_any(series: pd.Series, items: Iterable[str]) -> pd.Series:
    padded = _padded(series)
    mask = pd.Series(False, index=series.index)
    for item in items:
        mask |= padded.str.contains("; " + item.strip().lower() + "; ", regex=False)
    return mask


def filter_events(events_df: pd.DataFrame, query: EventQuery) -> pd.DataFrame:
    """The rows of the event table that match ``query``, in their original order."""
    df = events_df
    mask = pd.Series(True, index=df.index)
    if query.actors:
        mask &= _contains_any(df["actors"], query.actors).to_numpy()
    if query.types:
        wanted = {t.lower() for t in query.types}
        mask &= df["event_type"].fillna("").astype(str).str.lower().isin(wanted).to_numpy()
    if query.start:
        mask &= (df["date_end"].fillna("").astype(str) >= query.start).to_numpy()
    if query.end:
        starts = df["date_start"].fillna("").astype(str)
        mask &= ((starts != "") & (starts <= query.end)).to_numpy()
    if query.sources:
        mask &= (_contains_any(df["doc_ids"], query.sources) | _contains_any(df["publishers"], query.sources)).to_numpy()
    if query.q:
        text = (df["title"].fillna("").astype(str) + "\n" + df["evidence"].fillna("").astype(str)).str.lower()
        for word in query.q.lower().split():
            mask &= text.str.contains(word, regex=False).to_numpy()
    return df[mask.to_numpy()]


def _counts(series: pd.Series) -> list[tuple[str, int]]:
    counter: Counter[str] = Counter()
    for cell in series.dropna():
        for item in set(split_list(cell)):
            counter[item] += 1
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].lower()))


def actor_counts(events_df: pd.DataFrame) -> list[tuple[str, int]]:
    """Every actor with the number of events it takes part in, most frequent first."""
    return _counts(events_df["actors"])


def source_counts(events_df: pd.DataFrame) -> list[tuple[str, int]]:
    """Every publisher with the number of events it reports, most frequent first."""
    return _counts(events_df["publishers"])


# ---------------------------------------------------------------- sources


def _int_or_none(value) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if value != value:  # NaN
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def _str(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _find(sentence: str, phrase: str, *, words: bool) -> tuple[int, int] | None:
    if not phrase:
        return None
    pattern = re.escape(phrase)
    if words:
        pattern = r"(?<!\w)" + pattern + r"(?!\w)"
    m = re.search(pattern, sentence) or re.search(pattern, sentence, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def actor_name(cell_item: str) -> str:
    """``Taliban (perpetrator)`` -> ``Taliban``."""
    return re.sub(r"\s*\((perpetrator|target|participant)\)\s*$", "", cell_item).strip()


def actor_aliases(lexicon=None) -> dict[str, list[str]]:
    """Canonical actor name -> the other names it goes by, from an actor lexicon.

    ``lexicon`` is a ``timeline.events.actors.ActorLexicon``; by default the
    shipped actor list (plus the gazetteer's countries) is used.
    """
    if lexicon is None:
        return {k: list(v) for k, v in _default_aliases().items()}
    out: dict[str, list[str]] = {}
    for alias, entry in lexicon.aliases.items():
        if alias != entry.canonical:
            out.setdefault(entry.canonical, []).append(alias)
    return out


@lru_cache(maxsize=1)
def _default_aliases() -> dict[str, tuple[str, ...]]:
    from timeline.events import load_lexicon

    return {k: tuple(v) for k, v in actor_aliases(load_lexicon()).items()}


def highlight_spans(
    sentence: str,
    *,
    time_text: str = "",
    time_offset: int | None = None,
    actors: Iterable[str] = (),
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> list[dict]:
    """Non-overlapping spans of ``sentence`` to highlight, in order.

    The date phrase is placed by ``time_offset`` (its offset inside the
    sentence) when that lands on the phrase, else by searching for it. Each
    actor is searched by its name, then by its aliases, as whole words; every
    occurrence is marked. Each span is ``{"start", "end", "kind", "label"}``
    with kind ``date`` or ``actor``.
    """
    spans: list[dict] = []
    if time_text:
        loc = None
        if time_offset is not None and sentence[time_offset : time_offset + len(time_text)] == time_text:
            loc = (time_offset, time_offset + len(time_text))
        else:
            loc = _find(sentence, time_text, words=False)
        if loc:
            spans.append({"start": loc[0], "end": loc[1], "kind": "date", "label": time_text})
    for actor in actors:
        names = [actor, *((aliases or {}).get(actor, ()))]
        for name in sorted({n for n in names if n}, key=len, reverse=True):
            pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
            for m in re.finditer(pattern, sentence):
                spans.append({"start": m.start(), "end": m.end(), "kind": "actor", "label": actor})
    spans.sort(key=lambda s: (s["start"], -(s["end"] - s["start"])))
    kept: list[dict] = []
    for s in spans:
        if kept and s["start"] < kept[-1]["end"]:
            continue
        kept.append(s)
    return kept


def segments(sentence: str, spans: list[dict]) -> list[tuple[str, str | None]]:
    """The sentence cut into ``(text, kind)`` pieces; kind is None for plain text."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for s in spans:
        if s["start"] > pos:
            out.append((sentence[pos : s["start"]], None))
        out.append((sentence[s["start"] : s["end"]], s["kind"]))
        pos = s["end"]
    if pos < len(sentence):
        out.append((sentence[pos:], None))
    return out


def _documents_index(documents_df: pd.DataFrame | None) -> dict[str, dict]:
    if documents_df is None or documents_df.empty or "doc_id" not in documents_df.columns:
        return {}
    cols = [c for c in ("doc_id", "title", "publisher", "published", "url") if c in documents_df.columns]
    index: dict[str, dict] = {}
    for row in documents_df[cols].itertuples(index=False):
        rec = {c: _str(v) for c, v in zip(cols, row)}
        index[rec["doc_id"]] = rec
    return index


def event_record(event_id: str, events_df: pd.DataFrame) -> dict | None:
    """The event's row as a plain dict (missing values as empty strings / None), or None."""
    rows = events_df[events_df["event_id"] == event_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    out = {}
    for col, val in row.items():
        out[col] = _int_or_none(val) if col in _INT_COLUMNS else _str(val)
    return out


def sources_for(
    event_id: str,
    events_df: pd.DataFrame,
    mentions_df: pd.DataFrame | None,
    documents_df: pd.DataFrame | None = None,
    *,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> list[dict]:
    """Every source of one event, with its evidence and what to highlight in it.

    One entry per event mention, ordered as the event's ``doc_ids`` and then by
    position in the document. Each entry has ``doc_id``, ``publisher``,
    ``title``, ``published``, ``url``, ``sentence``, ``time_text``,
    ``time_value``, ``date_start``, ``date_end``, ``precision``, ``killed``,
    ``wounded``, ``actors`` (canonical names), ``highlights`` (see
    ``highlight_spans``) and ``segments`` (the sentence cut at the highlights).
    When the mentions table has no row for the event, the event row's own
    ``doc_ids``/``publishers``/``evidence`` lists are used.
    """
    event = event_record(event_id, events_df)
    if event is None:
        return []
    docs = _documents_index(documents_df)
    event_actors = split_list(event.get("actors", ""))
    order = {d: i for i, d in enumerate(split_list(event.get("doc_ids", "")))}

    entries: list[dict] = []
    rows = None
    if mentions_df is not None and not mentions_df.empty:
        rows = mentions_df[mentions_df["event_id"] == event_id]
    if rows is not None and not rows.empty:
        for _, m in rows.iterrows():
            sentence = _str(m.get("sentence"))
            time_text = _str(m.get("time_text"))
            char_start = _int_or_none(m.get("char_start"))
            time_start = _int_or_none(m.get("time_start"))
            offset = time_start - char_start if (time_start is not None and char_start is not None) else None
            actors = [actor_name(a) for a in split_list(m.get("actors"))] or event_actors
            entries.append(
                {
                    "doc_id": _str(m.get("doc_id")),
                    "publisher": _str(m.get("publisher")),
                    "sentence": sentence,
                    "char_start": char_start,
                    "time_text": time_text,
                    "time_value": _str(m.get("time_value")),
                    "date_start": _str(m.get("date_start")),
                    "date_end": _str(m.get("date_end")),
                    "precision": _str(m.get("precision")),
                    "killed": _str(m.get("killed")),
                    "wounded": _str(m.get("wounded")),
                    "actors": actors,
                    "_offset": offset,
                }
            )
    else:
        publishers = split_list(event.get("publishers", ""))
        evidence = [e.strip() for e in event.get("evidence", "").split(EVIDENCE_SEP.strip())] if event.get("evidence") else []
        for i, doc_id in enumerate(order):
            entries.append(
                {
                    "doc_id": doc_id,
                    "publisher": publishers[i] if i < len(publishers) else "",
                    "sentence": evidence[i] if i < len(evidence) else "",
                    "char_start": None,
                    "time_text": "",
                    "time_value": event.get("date", ""),
                    "date_start": event.get("date_start", ""),
                    "date_end": event.get("date_end", ""),
                    "precision": event.get("precision", ""),
                    "killed": "",
                    "wounded": "",
                    "actors": event_actors,
                    "_offset": None,
                }
            )

    entries.sort(key=lambda e: (order.get(e["doc_id"], len(order)), e["char_start"] if e["char_start"] is not None else -1))
    for e in entries:
        doc = docs.get(e["doc_id"], {})
        e["title"] = doc.get("title", "")
        e["published"] = doc.get("published", "")
        e["url"] = doc.get("url", "")
        if not e["publisher"]:
            e["publisher"] = doc.get("publisher", "")
        offset = e.pop("_offset")
        e["highlights"] = highlight_spans(
            e["sentence"], time_text=e["time_text"], time_offset=offset, actors=e["actors"], aliases=aliases
        )
        e["segments"] = segments(e["sentence"], e["highlights"])
    return entries
