"""The source panel: one event, every source that reports it, and where they disagree.

Everything from a document is placed in components as text (Dash escapes it);
highlights are ``html.Mark`` components built from offsets, never markup.
"""

from __future__ import annotations

from urllib.parse import urlparse

from dash import html

from timeline.query import split_list

KIND_CLASS = {"date": "hl-date", "actor": "hl-actor"}


def safe_href(url: str) -> str | None:
    """The URL when it is an http(s) link, else None (``javascript:`` and the like never become links)."""
    try:
        parsed = urlparse((url or "").strip())
    except ValueError:
        return None
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def highlighted_sentence(segments: list[tuple[str, str | None]]) -> list:
    """Text pieces and ``html.Mark`` components for the highlighted ones."""
    out: list = []
    for text, kind in segments:
        if kind is None:
            out.append(text)
        else:
            out.append(html.Mark(text, className=KIND_CLASS.get(kind, "hl"), title=kind))
    return out


def _field(label: str, value, cls: str = "") -> html.Div | None:
    if value in (None, "", []):
        return None
    return html.Div([html.Span(label, className="field-label"), html.Span(str(value), className="field-value " + cls)], className="field")


def source_card(entry: dict, index: int) -> html.Li:
    href = safe_href(entry.get("url", ""))
    heading = entry.get("title") or entry.get("doc_id", "")
    title = html.A(heading, href=href, target="_blank", rel="noopener noreferrer") if href else html.Span(heading)
    date_note = []
    if entry.get("time_text"):
        resolved = entry.get("time_value") or entry.get("date_start", "")
        date_note = [html.Mark(entry["time_text"], className="hl-date"), f" → {resolved} ({entry.get('precision', '')})"]
    elif entry.get("precision") == "reported":
        date_note = [f"no date in the sentence: placed at the publication date {entry.get('date_start', '')}"]
    figures = [f"killed: {entry['killed']}" if entry.get("killed") else "", f"wounded: {entry['wounded']}" if entry.get("wounded") else ""]
    figures = [f for f in figures if f]
    return html.Li(
        [
            html.Div(
                [html.Span(entry.get("publisher") or "unknown publisher", className="publisher"), html.Span(entry.get("published") or "", className="published")],
                className="source-meta",
            ),
            html.Div(title, className="source-title"),
            html.Blockquote(highlighted_sentence(entry.get("segments") or [(entry.get("sentence", ""), None)]), className="evidence"),
            html.Div(date_note, className="date-note") if date_note else None,
            html.Div("; ".join(figures), className="figures") if figures else None,
            html.Div(entry.get("doc_id", ""), className="doc-id"),
        ],
        className="source",
        id={"type": "source", "index": index},
    )


def event_panel(event: dict | None, sources: list[dict]) -> list:
    """Children of the source panel for one event record and its sources."""
    if not event:
        return [html.P("Select an event on the timeline or in the table to see its sources.", className="panel-empty")]
    date = event.get("date", "")
    extra = ", ".join(p for p in (event.get("precision", ""), (event.get("date_mod") or "").lower()) if p)
    disagreements = split_list(event.get("disagreements", ""))
    casualties = split_list(event.get("casualties", ""))
    parts = [
        html.H2(event.get("title") or event.get("event_id", ""), className="panel-title", id="panel-title"),
        html.Div(
            [
                _field("Date", f"{date} ({extra})" if extra else date),
                _field("Covers", f"{event.get('date_start', '')} – {event.get('date_end', '')}" if event.get("date_start") != event.get("date_end") else ""),
                _field("Type", (event.get("event_type") or "").replace("_", " ")),
                _field("Perpetrators", event.get("perpetrators")),
                _field("Targets", event.get("targets")),
                _field("Actors", event.get("actors")),
                _field("Place", ", ".join(dict.fromkeys(p for p in (event.get("location"), event.get("country")) if p))),
                _field("Killed (lowest figure)", event.get("killed")),
                _field("Wounded (lowest figure)", event.get("wounded")),
            ],
            className="fields",
        ),
    ]
    if disagreements:
        parts.append(
            html.Div(
                [html.H3("Sources disagree"), html.Ul([html.Li(d) for d in disagreements])],
                className="disagreements",
                id="disagreements",
            )
        )
    if casualties:
        parts.append(html.Details([html.Summary(f"Casualty figures as stated ({len(casualties)})"), html.Ul([html.Li(c) for c in casualties])], className="casualties", open=bool(disagreements)))
    n_docs = len({s.get("doc_id") for s in sources})
    heading = f"{n_docs} source{'s' if n_docs != 1 else ''}"
    if len(sources) != n_docs:
        heading += f", {len(sources)} mentions"
    parts.append(html.H3(heading, className="sources-heading"))
    parts.append(html.Ol([source_card(s, i) for i, s in enumerate(sources)], className="sources", id="sources-list"))
    reasons = split_list(event.get("merge_reasons", ""))
    if reasons:
        parts.append(html.Details([html.Summary(f"Why these mentions were merged ({len(reasons)})"), html.Ul([html.Li(r) for r in reasons])], className="merge-reasons"))
    parts.append(html.Div(f"event id: {event.get('event_id', '')}", className="doc-id"))
    return parts
