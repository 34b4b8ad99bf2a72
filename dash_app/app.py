"""The Dash app: timeline, filters, event table, source panel, exports and uploads.

The page URL holds the whole view (filters, colouring, selected event), so a
copied link reopens it and the browser's back button steps through it. The
app reads its tables through a ``TimelineData`` object and the library
(``timeline.query``, ``timeline.export``); it holds no extraction logic.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode

import dash
import pandas as pd
from dash import Input, Output, Patch, State, ctx, dash_table, dcc, html, no_update

from dash_app import figure as fig
from dash_app import table as tbl
from dash_app.data import TimelineData
from dash_app.panel import event_panel
from timeline.query import EventQuery, actor_counts, event_record, filter_events, source_counts, sources_for
from timeline.schema import EVENT_TYPES

AddDocuments = Callable[[list[tuple[str, bytes]], "str | None"], dict]
COLOR_CHOICES = (("event_type", "Event type"), ("actor", "Actor"))
VIEW_PARAMS = ("color", "event")
FILTER_INPUTS = ("actor-filter", "type-filter", "start-filter", "end-filter", "source-filter", "search")


# ------------------------------------------------------------------ URL state


def parse_view(search: str | None) -> tuple[EventQuery, str, str | None, str]:
    """``(query, color_by, selected event, error)`` from a URL query string.

    An unreadable date range is dropped and reported in ``error``.
    """
    params = parse_qs((search or "").lstrip("?"))
    error = ""
    try:
        query = EventQuery.from_params(params)
    except ValueError as exc:
        error = f"Date range ignored: {exc}"
        query = EventQuery.from_params({k: v for k, v in params.items() if k not in ("start", "end")})
    color = (params.get("color") or ["event_type"])[-1]
    if color not in dict(COLOR_CHOICES):
        color = "event_type"
    event = (params.get("event") or [None])[-1]
    return query, color, event, error


def view_search(query: EventQuery, color_by: str, event: str | None) -> str:
    """The URL query string (with ``?``, or empty) for a view."""
    params = query.to_params()
    if color_by and color_by != "event_type":
        params["color"] = color_by
    if event:
        params["event"] = event
    encoded = urlencode(params, doseq=True)
    return "?" + encoded if encoded else ""


# ------------------------------------------------------------------ layout


def _options(counts: list[tuple[str, int]]) -> list[dict]:
    return [{"label": f"{name} ({n})", "value": name} for name, n in counts]


MAX_DOCUMENT_OPTIONS = 2000


def _source_options(data: TimelineData) -> list[dict]:
    """Publishers (with event counts), then single documents when there are not too many to list."""
    options = _options(source_counts(data.events))
    docs = data.documents
    if 0 < len(docs) <= MAX_DOCUMENT_OPTIONS:
        for doc_id, title in zip(docs["doc_id"].fillna(""), docs["title"].fillna("")):
            if doc_id:
                label = f"{doc_id}: {title[:70]}" if title else doc_id
                options.append({"label": label, "value": doc_id})
    return options


def _type_options(events: pd.DataFrame) -> list[dict]:
    counts = events["event_type"].value_counts()
    order = [t for t in EVENT_TYPES if t in counts.index] + sorted(set(counts.index) - set(EVENT_TYPES))
    return [{"label": f"{t.replace('_', ' ')} ({int(counts[t])})", "value": t} for t in order]


def summary_text(summary: dict) -> str:
    span = f"{summary['first']} – {summary['last']}" if summary["first"] else "no dated events"
    return f"{summary['events']:,} events · {summary['sources']:,} sources · {span}"


def _filter_column(data: TimelineData, can_upload: bool) -> html.Aside:
    events = data.events
    label = lambda text, for_id: html.Label(text, htmlFor=for_id, className="control-label")  # noqa: E731
    children = [
        html.H2("Filters", className="column-title"),
        label("Actors", "actor-filter"),
        dcc.Dropdown(id="actor-filter", options=_options(actor_counts(events)), multi=True, placeholder="Any actor"),
        label("Event type", "type-filter"),
        dcc.Dropdown(id="type-filter", options=_type_options(events), multi=True, placeholder="Any type"),
        html.Div(
            [
                html.Div([label("From", "start-filter"), dcc.Input(id="start-filter", type="text", placeholder="YYYY[-MM[-DD]]", debounce=True, className="date-input")]),
                html.Div([label("To", "end-filter"), dcc.Input(id="end-filter", type="text", placeholder="YYYY[-MM[-DD]]", debounce=True, className="date-input")]),
            ],
            className="date-range",
        ),
        label("Source / publisher", "source-filter"),
        dcc.Dropdown(id="source-filter", options=_source_options(data), multi=True, placeholder="Any source"),
        label("Search titles and evidence", "search"),
        dcc.Input(id="search", type="search", placeholder="words… (Enter)", debounce=True, className="search-input"),
        html.Div(id="filter-error", className="filter-error", role="alert"),
        label("Colour and lanes by", "color-by"),
        dcc.RadioItems(id="color-by", options=[{"label": l, "value": v} for v, l in COLOR_CHOICES], value="event_type", className="radio", inline=True),
        html.Button("Use the zoomed dates as the date filter", id="zoom-to-filter", className="button secondary"),
        html.Button("Clear filters", id="clear-filters", className="button secondary"),
        html.H2("Export", className="column-title"),
        html.Button("CSV of this view", id="export-view", className="button"),
        html.Button("CSV of all events", id="export-all", className="button secondary"),
        html.Button("TimelineJS JSON of this view", id="export-timelinejs", className="button secondary"),
        html.Div(id="export-error", className="filter-error", role="alert"),
        dcc.Download(id="download"),
    ]
    if can_upload:
        children += [
            html.H2("Add articles", className="column-title"),
            label("Publication date (optional, for files without one)", "upload-date"),
            dcc.Input(id="upload-date", type="text", placeholder="YYYY-MM-DD", className="date-input"),
            dcc.Upload(
                id="upload",
                multiple=True,
                children=html.Div(["Drop files here or ", html.Span("choose files", className="link")]),
                className="upload",
                accept=".txt,.html,.htm,.jsonl,.csv",
            ),
            html.Div(".txt, .html, .jsonl, .csv", className="hint"),
            dcc.Loading(html.Div(id="upload-result", className="upload-result", role="status"), type="circle"),
        ]
    return html.Aside(children, className="filters")


def build_layout(data: TimelineData, can_upload: bool) -> html.Div:
    """The page (built on each page load, so it reflects the current tables)."""
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Store(id="query-store"),
            dcc.Store(id="selected-store"),
            dcc.Store(id="data-version", data=data.version),
            html.Header(
                [
                    html.Div([html.H1("Event timeline"), html.Span("every event one click from its sources", className="tagline")]),
                    html.Div(summary_text(data.summary()), id="corpus-summary", className="summary"),
                ],
                className="header",
            ),
            html.Div(
                [
                    _filter_column(data, can_upload),
                    html.Main(
                        [
                            html.Div(id="view-count", className="view-count", role="status"),
                            dcc.Graph(
                                id="timeline",
                                figure={"data": [], "layout": {"height": 420}},
                                config={"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
                                className="timeline-graph",
                            ),
                            _datatable(
                                id="events-table",
                                columns=tbl.datatable_columns(),
                                data=[],
                                page_current=0,
                                page_size=tbl.PAGE_SIZE,
                                page_action="custom",
                                sort_action="custom",
                                sort_mode="multi",
                                sort_by=[],
                                filter_action="custom",
                                filter_query="",
                                filter_options={"case": "insensitive", "placeholder_text": "filter…"},
                                style_table={"overflowX": "auto"},
                                style_cell={"fontFamily": "Inter, 'Segoe UI', Helvetica, Arial, sans-serif", "textAlign": "left", "whiteSpace": "normal", "height": "auto", "fontSize": "13px", "padding": "5px 6px"},
                                style_cell_conditional=[
                                    {"if": {"column_id": "date"}, "width": "96px"},
                                    {"if": {"column_id": "precision"}, "width": "72px"},
                                    {"if": {"column_id": "event_type"}, "width": "90px"},
                                    {"if": {"column_id": "title"}, "minWidth": "200px"},
                                    {"if": {"column_id": "actors"}, "minWidth": "150px", "fontSize": "12px"},
                                    {"if": {"column_id": "killed"}, "width": "56px", "textAlign": "right"},
                                    {"if": {"column_id": "n_sources"}, "width": "60px", "textAlign": "right"},
                                ],
                                style_header={"fontWeight": "600", "backgroundColor": "#f1f3f8"},
                                markdown_options={"html": False},
                            ),
                        ],
                        className="main",
                    ),
                    html.Aside(
                        [html.H2("Sources", className="column-title"), html.Div(event_panel(None, []), id="panel")],
                        className="panel",
                        id="panel-column",
                    ),
                ],
                className="body",
            ),
        ],
        className="app",
    )


# ------------------------------------------------------------------ the app


def _datatable(**props) -> dash_table.DataTable:
    # DataTable announces a future move to dash-ag-grid; it is kept to avoid a new dependency.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return dash_table.DataTable(**props)


class Views:
    """Filtered views of the current tables, cached by (tables version, query)."""

    def __init__(self, data: TimelineData, size: int = 16) -> None:
        self.data = data
        self.size = size
        self._cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query_string: str | None) -> pd.DataFrame:
        key = (self.data.version, query_string or "")
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        query = EventQuery.from_params(query_string or "")
        view = filter_events(self.data.events, query)
        with self._lock:
            self._cache[key] = view
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return view

    def table_view(self, query_string: str | None, filter_query: str | None, sort_by: list | None) -> pd.DataFrame:
        """The view narrowed and ordered by the table's own filters and sort (cached too)."""
        key = (self.data.version, "table", query_string or "", filter_query or "", json.dumps(sort_by or []))
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        view = tbl.apply_table_query(self.get(query_string), filter_query, sort_by)
        with self._lock:
            self._cache[key] = view
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return view


def _describe_upload(result: dict) -> list:
    added = result.get("added") or []
    problems = result.get("problems") or []
    n_events = result.get("events_added", 0)
    parts = []
    if added:
        parts.append(html.P(f"Added {len(added)} document{'s' if len(added) != 1 else ''} ({', '.join(map(str, added))}); {n_events} new event{'s' if n_events != 1 else ''}.", className="ok"))
    else:
        parts.append(html.P("No document was added.", className="warn"))
    if problems:
        parts.append(html.Ul([html.Li(str(p)) for p in problems], className="problems"))
    return parts


def create_app(data: TimelineData, add_documents: AddDocuments | None = None, *, title: str = "Event timeline",
               api=None) -> dash.Dash:
    """The Dash app over ``data``.

    ``api`` is the HTTP API blueprint of a store (``timeline.api.make_api``);
    without one, a read-only ``GET /api/events`` over ``data`` is served.

    ``add_documents(files, published)`` receives ``[(file name, bytes), ...]``
    and an optional ISO publication date, adds the articles, and returns
    ``{"added": [doc ids], "problems": [lines], "events_added": n}``. It may
    also return ``"tables": (events, mentions, documents)``; otherwise the
    app calls ``data.reload()``. Without it the upload control is hidden.
    """
    app = dash.Dash(__name__, title=title, update_title=None, suppress_callback_exceptions=False)
    views = Views(data)
    can_upload = add_documents is not None
    app.layout = lambda: build_layout(data, can_upload)
    app.timeline_data = data  # type: ignore[attr-defined]
    app.timeline_views = views  # type: ignore[attr-defined]
    app.timeline_add_documents = add_documents  # type: ignore[attr-defined]

    # ---- URL <-> controls
    @app.callback(
        Output("url", "search"),
        Output("actor-filter", "value"),
        Output("type-filter", "value"),
        Output("start-filter", "value"),
        Output("end-filter", "value"),
        Output("source-filter", "value"),
        Output("search", "value"),
        Output("color-by", "value"),
        Output("query-store", "data"),
        Output("selected-store", "data"),
        Output("filter-error", "children"),
        Input("url", "search"),
        Input("actor-filter", "value"),
        Input("type-filter", "value"),
        Input("start-filter", "value"),
        Input("end-filter", "value"),
        Input("source-filter", "value"),
        Input("search", "value"),
        Input("color-by", "value"),
        Input("timeline", "clickData"),
        Input("events-table", "active_cell"),
        Input("clear-filters", "n_clicks"),
        Input("zoom-to-filter", "n_clicks"),
        State("query-store", "data"),
        State("selected-store", "data"),
        State("timeline", "relayoutData"),
    )
    def sync_url(search, actors, types, start, end, sources, q, color, click, cell, _clear, _zoom, query_state, selected_state, relayout):
        return sync_view(ctx.triggered_id, search, actors, types, start, end, sources, q, color, click, cell, query_state, selected_state, relayout)

    # ---- options and header after the tables change
    @app.callback(
        Output("actor-filter", "options"),
        Output("type-filter", "options"),
        Output("source-filter", "options"),
        Output("corpus-summary", "children"),
        Input("data-version", "data"),
        prevent_initial_call=True,
    )
    def refresh_options(_version):
        events = data.events
        return _options(actor_counts(events)), _type_options(events), _source_options(data), summary_text(data.summary())

    # ---- timeline
    @app.callback(
        Output("timeline", "figure"),
        Input("query-store", "data"),
        Input("color-by", "value"),
        Input("data-version", "data"),
        State("selected-store", "data"),
        prevent_initial_call=True,
    )
    def draw_timeline(query_string, color_by, _version, selected):
        return render_figure(views, query_string, color_by, selected)

    @app.callback(
        Output("timeline", "figure", allow_duplicate=True),
        Input("selected-store", "data"),
        prevent_initial_call=True,
    )
    def mark_selection(selected):
        patch = Patch()
        patch["layout"]["shapes"][0] = fig.selection_shape(event_record(selected, data.events) if selected else None)
        return patch

    # ---- table
    @app.callback(
        Output("events-table", "data"),
        Output("events-table", "page_count"),
        Output("events-table", "page_current"),
        Output("events-table", "style_data_conditional"),
        Output("view-count", "children"),
        Input("query-store", "data"),
        Input("data-version", "data"),
        Input("events-table", "page_current"),
        Input("events-table", "sort_by"),
        Input("events-table", "filter_query"),
        Input("selected-store", "data"),
        prevent_initial_call=True,
    )
    def fill_table(query_string, _version, page, sort_by, filter_query, selected):
        return render_table(views, set(ctx.triggered_prop_ids), query_string, page, sort_by, filter_query, selected)

    # ---- source panel
    @app.callback(Output("panel", "children"), Input("selected-store", "data"), Input("data-version", "data"), prevent_initial_call=True)
    def show_sources(selected, _version):
        return render_panel(data, selected)

    # ---- exports
    @app.callback(
        Output("download", "data"),
        Output("export-error", "children"),
        Input("export-view", "n_clicks"),
        Input("export-all", "n_clicks"),
        Input("export-timelinejs", "n_clicks"),
        State("query-store", "data"),
        State("events-table", "filter_query"),
        State("events-table", "sort_by"),
        prevent_initial_call=True,
    )
    def export(_v, _a, _t, query_string, filter_query, sort_by):
        try:
            return export_download(data, views, ctx.triggered_id, query_string, filter_query, sort_by), ""
        except ImportError as exc:  # the exporter is part of the library; say so if it is missing
            return no_update, f"Export unavailable: {exc}"

    # ---- uploads
    if can_upload:

        @app.callback(
            Output("upload-result", "children"),
            Output("data-version", "data"),
            Input("upload", "contents"),
            State("upload", "filename"),
            State("upload-date", "value"),
            prevent_initial_call=True,
        )
        def upload(contents, filenames, published):
            return handle_upload(data, add_documents, contents, filenames, published)

    if api is not None:
        app.server.register_blueprint(api)
    else:
        _add_api_routes(app, data, views)
    return app


def app_for_store(store, *, title: str = "Event timeline") -> dash.Dash:
    """The app over a store: its tables, uploads into it, and its HTTP API on the same server."""
    from timeline.api import make_api, upload_documents

    data = TimelineData(*store.tables(), loader=store.tables)
    api = make_api(store, on_added=lambda _report: data.reload())
    return create_app(data, add_documents=upload_documents(store), title=title, api=api)


# ------------------------------------------------------------------ callback bodies (plain functions, testable and timed directly)


def zoomed_range(relayout: dict | None) -> tuple[str, str] | None:
    """The first and last day of the timeline's zoomed x range, from Plotly's ``relayoutData``."""
    if not relayout:
        return None
    if "xaxis.range[0]" in relayout and "xaxis.range[1]" in relayout:
        lo, hi = relayout["xaxis.range[0]"], relayout["xaxis.range[1]"]
    elif isinstance(relayout.get("xaxis.range"), list) and len(relayout["xaxis.range"]) == 2:
        lo, hi = relayout["xaxis.range"]
    else:
        return None
    lo, hi = str(lo)[:10], str(hi)[:10]
    return (lo, hi) if lo <= hi else (hi, lo)


def sync_view(trigger, search, actors, types, start, end, sources, q, color, click, cell, query_state, selected_state, relayout=None):
    """Outputs of the URL/controls synchronisation for one trigger.

    ``trigger`` is the id of the component that fired (None on page load).
    Returns ``(url search, actors, types, start, end, sources, search text,
    colouring, filter query string, selected event, error message)``, with
    ``no_update`` wherever nothing changes: opening a URL sets the controls;
    changing a control, clicking a point or a row writes the URL; the zoom
    button turns the timeline's zoomed range (``relayout``) into the date filter.
    """
    keep = no_update
    if trigger in (None, "url"):
        query, color_by, event, error = parse_view(search)
        params = parse_qs((search or "").lstrip("?"))
        qs = query.to_query_string()
        return (
            keep,
            query.actors,
            query.types,
            (params.get("start") or [None])[-1] if not error else None,
            (params.get("end") or [None])[-1] if not error else None,
            query.sources,
            query.q or None,
            color_by,
            qs if qs != query_state else keep,
            event if event != selected_state else keep,
            error,
        )
    set_dates = None
    if trigger == "zoom-to-filter":
        set_dates = zoomed_range(relayout)
        if set_dates is None:
            return (keep,) * 10 + ("Zoom the timeline first (drag across it), then use its dates as the filter.",)
        start, end = set_dates
    if trigger == "clear-filters":
        return ("", [], [], None, None, [], None, "event_type", "" if query_state != "" else keep, None if selected_state else keep, "")
    selected = selected_state
    if trigger == "timeline" and click and click.get("points"):
        point = click["points"][0]
        selected = point.get("customdata") or selected
        if isinstance(selected, list):
            selected = selected[0]
    elif trigger == "events-table" and cell:
        selected = cell.get("row_id") or selected
    try:
        query = EventQuery(actors=actors or [], types=types or [], start=start, end=end, sources=sources or [], q=q or "")
    except ValueError as exc:
        return (keep,) * 10 + (f"Date range not applied: {exc}",)
    qs = query.to_query_string()
    date_controls = (query.start, query.end) if set_dates else (keep, keep)
    return (
        view_search(query, color or "event_type", selected),
        keep, keep, *date_controls, keep, keep, keep,
        qs if qs != query_state else keep,
        selected if selected != selected_state else keep,
        "",
    )  # fmt: skip


def render_figure(views: Views, query_string: str | None, color_by: str | None, selected: str | None) -> dict:
    view = views.get(query_string)
    record = event_record(selected, views.data.events) if selected else None
    return fig.timeline_figure(view, color_by or "event_type", record)


def render_table(views: Views, triggers: set[str], query_string, page, sort_by, filter_query, selected):
    """Outputs of the table callback; ``triggers`` are the ``id.prop`` strings that fired it.

    A new filter, sort or table filter goes back to the first page; a new
    selection turns to the page holding the selected event and highlights it.
    """
    view = views.table_view(query_string, filter_query, sort_by)
    n = len(view)
    pages = tbl.page_count(n)
    page = page or 0
    if triggers & {"query-store.data", "data-version.data", "events-table.sort_by", "events-table.filter_query"}:
        page = 0
    style = []
    if selected:
        hits = (view["event_id"] == selected).to_numpy().nonzero()[0]
        if len(hits):
            pos = int(hits[0])
            if "selected-store.data" in triggers:
                page = pos // tbl.PAGE_SIZE
            if pos // tbl.PAGE_SIZE == page:
                style = [{"if": {"row_index": pos % tbl.PAGE_SIZE}, "backgroundColor": "#fff3c4", "fontWeight": "600"}]
    page = min(page, pages - 1)
    total = len(views.data.events)
    if total == 0:
        count = "No events yet."
    else:
        count = f"{n:,} of {total:,} events match" if n != total else f"All {total:,} events"
    undated = int((view["date_start"].fillna("") == "").sum())
    if undated:
        count += f" ({undated:,} without a date are listed in the table only)"
    return tbl.page_records(view, page), pages, page, style, count


def render_panel(data: TimelineData, selected: str | None) -> list:
    if not selected:
        return event_panel(None, [])
    record = event_record(selected, data.events)
    if record is None:
        return [html.P(f"Event {selected} is not in the table.", className="panel-empty")]
    return event_panel(record, sources_for(selected, data.events, data.mentions, data.documents, aliases=data.aliases))


def export_download(data: TimelineData, views: Views, trigger, query_string, filter_query, sort_by) -> dict:
    from timeline import export as exporter  # imported when used: exports are the library's

    if trigger == "export-all":
        frame, name = tbl.apply_table_query(data.events, None, None), "timeline-events.csv"
    else:
        frame = views.table_view(query_string, filter_query, sort_by)
        name = "timeline-view.csv"
    # the library's exporter writes the bytes, so a download equals the CLI's export of the same rows
    if trigger == "export-timelinejs":
        mentions = data.mentions[data.mentions["event_id"].isin(set(frame["event_id"]))]
        payload = exporter.export_bytes(frame, "timelinejs", mentions=mentions)
        return {"content": base64.b64encode(payload).decode("ascii"), "filename": "timeline-view.timelinejs.json",
                "type": "application/json", "base64": True}
    payload = exporter.export_bytes(frame, "csv")
    return {"content": base64.b64encode(payload).decode("ascii"), "filename": name, "type": "text/csv", "base64": True}


def decode_uploads(contents: list[str] | str | None, filenames: list[str] | str | None) -> tuple[list[tuple[str, bytes]], list[str]]:
    """``dcc.Upload`` data URLs as ``(name, bytes)`` pairs, and a problem line for each undecodable one."""
    if contents is None:
        return [], []
    if isinstance(contents, str):
        contents, filenames = [contents], [filenames]
    files, problems = [], []
    for content, name in zip(contents, filenames or [None] * len(contents)):
        name = name or "upload"
        try:
            _, encoded = content.split(",", 1)
            files.append((name, base64.b64decode(encoded)))
        except (ValueError, TypeError) as exc:
            problems.append(f"{name}: could not read the upload ({exc})")
    return files, problems


def handle_upload(data: TimelineData, add_documents: AddDocuments, contents, filenames, published):
    files, problems = decode_uploads(contents, filenames)
    published = (published or "").strip() or None
    if published:
        try:
            from timeline.query import normalize_bound

            published = normalize_bound(published)
        except ValueError as exc:
            return [html.P(f"Publication date not understood: {exc}", className="warn")], no_update
    result: dict = {"added": [], "problems": [], "events_added": 0}
    if files:
        try:
            result = dict(add_documents(files, published) or {})
        except Exception as exc:  # a failing batch is reported, the app keeps running
            result = {"added": [], "problems": [f"the articles could not be processed: {exc}"], "events_added": 0}
    result["problems"] = problems + list(result.get("problems") or [])
    tables = result.pop("tables", None)
    if tables is not None:
        data.replace(*tables)
    elif result.get("added"):
        data.reload()
    return _describe_upload(result), data.version


# ------------------------------------------------------------------ HTTP API


def _add_api_routes(app: dash.Dash, data: TimelineData, views: Views) -> None:
    """``GET /api/events`` (JSON) and ``/api/events.csv``: the same filters as the page URL."""
    from flask import Response, request

    def _view():
        query = EventQuery.from_params(request.args.to_dict(flat=False))
        return views.get(query.to_query_string())

    @app.server.route("/api/events")
    def api_events():
        from timeline import export as exporter

        try:
            view = _view()
        except ValueError as exc:
            return Response(json.dumps({"error": str(exc)}), status=400, mimetype="application/json")
        return Response(exporter.json_bytes(view), mimetype="application/json")

    @app.server.route("/api/events.csv")
    def api_events_csv():
        from timeline import export as exporter

        try:
            view = _view()
        except ValueError as exc:
            return Response(str(exc), status=400, mimetype="text/plain")
        buf = io.BytesIO()
        exporter.to_csv(view, buf)
        return Response(buf.getvalue(), mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=timeline-view.csv"})


# ------------------------------------------------------------------ running


def main(
    host: str = "127.0.0.1",
    port: int = 8050,
    paths: list[str] | None = None,
    *,
    db: str | None = None,
    data: TimelineData | None = None,
    data_dir: str | None = None,
    debug: bool = False,
) -> None:
    """Serve the app.

    By default the tables come from the store ``db`` (``timeline.store``: a
    SQLite file unless a database URL is given); the articles in ``paths`` are
    ingested into it first (only new content is processed), and articles added
    from the page or through ``POST /api/documents`` go into it too. ``data``
    or a folder of CSVs (``data_dir``) serve fixed tables instead.
    """
    if data is None and data_dir is not None:
        data = TimelineData.from_csv_dir(data_dir)
    if data is not None:
        app = create_app(data)
        where = "tables"
    else:
        from timeline.store import Store, ingest_paths, resolve_db

        store = Store(resolve_db(db))
        if paths:
            report = ingest_paths(store, paths)
            for problem in report.problems:
                print(f"not loaded: {problem}")
        app = app_for_store(store)
        data = app.timeline_data
        where = f"store {store.url}"
    print(f"timeline app: {summary_text(data.summary())} ({where}) on http://{host}:{port}/")
    app.run(host=host, port=port, debug=debug)


def _cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dash_app", description="Serve the event timeline app.")
    parser.add_argument("paths", nargs="*", help="articles to build the timeline from (default: the seeds)")
    parser.add_argument("--data", help="folder with events.csv, mentions.csv, documents.csv instead")
    parser.add_argument("--synthetic", type=int, metavar="N", help="serve N generated events instead (for trying the app at scale)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    args = parser.parse_args(argv)
    if args.synthetic:
        from timeline.synthetic import synthetic_corpus

        main(args.host, args.port, data=TimelineData.from_frames(*synthetic_corpus(args.synthetic)))
    else:
        main(args.host, args.port, args.paths or None, data_dir=args.data)


if __name__ == "__main__":
    _cli()
