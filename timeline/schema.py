"""The two tables timeline produces, defined once.

Every column of the event table and of the event-mentions table is named here
with its pandas dtype and its meaning. The README's schema section is generated
from these definitions (``python -m timeline.schema``), the table builders use
them to order and type their columns, and the exporters use them to write.

List-valued cells (actors, doc ids, evidence sentences) are stored as strings
joined with ``LIST_SEP`` so that the CSV, the DataFrame and the app agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

LIST_SEP = "; "
EVIDENCE_SEP = " || "

# Precision of a resolved date, coarsest last. "reported" means the event has
# no time expression of its own and is placed at its article's publication date.
PRECISIONS = (
    "time",
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "year",
    "decade",
    "century",
    "interval",
    "reported",
)

# The event taxonomy (ACLED / CAMEO style). Documented in the README.
EVENT_TYPES = (
    "bombing",          # explosion, suicide bombing, IED, blast
    "armed_clash",      # fighting, battle, firefight, assault between armed groups
    "airstrike",        # airstrike, drone strike, missile strike, shelling from the air
    "killing",          # assassination, killing, murder of named or counted people
    "execution",        # execution, hanging, beheading by an authority or group
    "arrest",           # arrest, capture, detention, raid ending in detention
    "agreement",        # deal, accord, treaty, ceasefire, settlement signed or reached
    "withdrawal",       # withdrawal, pull-out, evacuation, retreat
    "visit",            # visit, trip, meeting, talks, summit
    "statement",        # statement, briefing, announcement, claim of responsibility
    "report",           # testimony, hearing, report, assessment, study published
    "takeover",         # takeover, capture of territory, seizure of a city
    "founding",         # founding, creation, launch of an organization
    "other",            # a dated happening that fits none of the above
)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    meaning: str


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "string", "Stable id (`ev-` + 10 hex digits) derived from the event's earliest mention; rebuilding the same corpus gives the same ids."),
    Column("date", "string", "The event date as a TIMEX3 value at the precision the text supports: `2021-08-26`, `2021-08`, `2021`, `199` (1990s), `2011-SP`."),
    Column("date_start", "string", "First calendar day the date covers (ISO `YYYY-MM-DD`)."),
    Column("date_end", "string", "Last calendar day the date covers (ISO `YYYY-MM-DD`)."),
    Column("precision", "string", "One of " + ", ".join(PRECISIONS) + "."),
    Column("date_mod", "string", "TIMEX3 modifier of the date: START, MID, END, APPROX, BEFORE, AFTER, or empty."),
    Column("event_type", "string", "Event type from the taxonomy: " + ", ".join(EVENT_TYPES) + "."),
    Column("title", "string", "A short headline for the event, built from its type, actors and place."),
    Column("trigger", "string", "The word that names the happening in its first mention (\"bombing\", \"killed\")."),
    Column("actors", "string", "Canonical names of every actor involved, `; `-separated."),
    Column("perpetrators", "string", "Actors in the perpetrator/initiator role, `; `-separated."),
    Column("targets", "string", "Actors in the target/victim role, `; `-separated."),
    Column("location", "string", "Finest place named (city, province or country), canonical gazetteer name."),
    Column("country", "string", "Country of the location, when known."),
    Column("killed", "Int64", "Number killed: the lowest total any one source gives (the conservative reading, as ACLED does)."),
    Column("wounded", "Int64", "Number wounded: the lowest total any one source gives."),
    Column("casualties", "string", "Every casualty figure as stated, with its qualifier, group and source: `killed: more than 170 Afghans [seed-003]; ...`."),
    Column("disagreements", "string", "Where sources disagree (dates, casualty figures), one note per disagreement, `; `-separated; empty when they agree."),
    Column("n_sources", "Int64", "Number of distinct documents that mention the event."),
    Column("doc_ids", "string", "Ids of those documents, `; `-separated, in order of first mention."),
    Column("publishers", "string", "Publishers of those documents, `; `-separated, same order as doc_ids."),
    Column("evidence", "string", "One evidence sentence per document, joined with ` || `, same order as doc_ids."),
    Column("n_mentions", "Int64", "Number of event mentions merged into this event."),
    Column("merge_reasons", "string", "Why mentions were joined: one `mention <- mention (score): reasons` note per merge, `; `-separated."),
)

MENTION_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "string", "The merged event this mention belongs to."),
    Column("mention_id", "string", "Stable id of the mention: `<doc_id>:<trigger_start>` (one sentence can tell several events)."),
    Column("doc_id", "string", "The source document."),
    Column("publisher", "string", "The source document's publisher."),
    Column("sentence", "string", "The evidence sentence (or sentences, when the date and the happening sit in neighbouring sentences)."),
    Column("char_start", "Int64", "Offset of the evidence's first character in the document text (Python str index)."),
    Column("char_end", "Int64", "Offset one past the evidence's last character."),
    Column("trigger", "string", "The word that names the happening."),
    Column("trigger_start", "Int64", "Offset of the trigger in the document text."),
    Column("event_type", "string", "Event type of this mention."),
    Column("time_text", "string", "The time expression anchoring the event, as written (empty when the date is the publication date)."),
    Column("time_start", "Int64", "Offset of the time expression in the document text."),
    Column("time_value", "string", "Its TIMEX3 value, resolved against the publication date."),
    Column("date_start", "string", "First calendar day of the mention's date."),
    Column("date_end", "string", "Last calendar day of the mention's date."),
    Column("precision", "string", "Precision of the mention's date."),
    Column("date_mod", "string", "TIMEX3 modifier of the mention's date."),
    Column("actors", "string", "Canonical actors named by this mention, each as `name (role)`, `; `-separated."),
    Column("location", "string", "Place named by this mention."),
    Column("killed", "string", "Killed figures as stated in this mention (`more than 170 Afghans`), `; `-separated."),
    Column("wounded", "string", "Wounded figures as stated in this mention."),
)

DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", "string", "Document id (from the manifest or the input, else derived from the file name)."),
    Column("title", "string", "Article title."),
    Column("publisher", "string", "Publisher."),
    Column("author", "string", "Author, when known."),
    Column("url", "string", "Address of the original article."),
    Column("published", "string", "Publication date (the document creation time the relative dates resolve against), ISO `YYYY-MM-DD`."),
    Column("published_source", "string", "Where the publication date came from: flag, manifest, file or inferred."),
    Column("published_confidence", "Float64", "Confidence of an inferred publication date (0-1); empty when given."),
    Column("path", "string", "The file the document was read from."),
    Column("hash", "string", "SHA-256 of the normalized text: the same content ingested twice is one document."),
    Column("n_chars", "Int64", "Length of the text in characters."),
    Column("n_time_mentions", "Int64", "Number of time expressions found."),
    Column("n_event_mentions", "Int64", "Number of event mentions extracted."),
)

EVENT_COLUMN_NAMES = tuple(c.name for c in EVENT_COLUMNS)
DOCUMENT_COLUMN_NAMES = tuple(c.name for c in DOCUMENT_COLUMNS)
MENTION_COLUMN_NAMES = tuple(c.name for c in MENTION_COLUMNS)


def empty_frame(columns: tuple[Column, ...]) -> pd.DataFrame:
    """An empty DataFrame with exactly these columns and dtypes."""
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in columns})


def frame(rows: Sequence[Sequence], columns: tuple[Column, ...]) -> pd.DataFrame:
    """A DataFrame of ``rows`` (each a sequence of values in the order of ``columns``) with exactly ``columns``
    and their dtypes.

    The same table as ``conform(pd.DataFrame(rows, columns=names), columns)``, built a column at a time, without
    a table of Python objects in between (about twice as fast on large tables).
    """
    if not rows:
        return empty_frame(columns)
    out = {}
    for c, values in zip(columns, zip(*rows), strict=True):
        if c.dtype in ("Int64", "Float64"):
            out[c.name] = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").astype(c.dtype)
        else:
            out[c.name] = _strings(values)
    return pd.DataFrame(out)


def _strings(values: Sequence) -> pd.api.extensions.ExtensionArray:
    """A ``string`` array of ``values`` (text or None), built by pyarrow in one pass where pandas stores
    strings in pyarrow (about twice as fast as ``pd.array``); ``pd.array`` for anything else."""
    if pd.StringDtype().storage == "pyarrow":
        try:
            import pyarrow as pa

            return pd.array(pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string())), dtype="string")
        except (ImportError, TypeError, ValueError):  # a value that is not text (pyarrow's errors are ValueErrors)
            pass
    return pd.array(values, dtype="string")


def conform(df: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """Return ``df`` with exactly ``columns``, in order, with their dtypes.

    Missing columns are added empty; extra columns are dropped.
    """
    out = {}
    n = len(df)
    for c in columns:
        if c.name in df.columns:
            s = df[c.name]
        else:
            s = pd.Series([pd.NA] * n, index=df.index)
        if c.dtype in ("Int64", "Float64"):
            s = pd.to_numeric(s, errors="coerce").astype(c.dtype)
        else:
            s = s.astype("string")
        out[c.name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def markdown_table(columns: tuple[Column, ...]) -> str:
    """The columns as a Markdown table (used for the README)."""
    lines = ["| column | dtype | meaning |", "|---|---|---|"]
    for c in columns:
        lines.append(f"| `{c.name}` | {c.dtype} | {c.meaning} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - documentation helper
    print("### Event table\n")
    print(markdown_table(EVENT_COLUMNS))
    print("\n### Event-mentions table\n")
    print(markdown_table(MENTION_COLUMNS))
    print("\n### Documents table\n")
    print(markdown_table(DOCUMENT_COLUMNS))
