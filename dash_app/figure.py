"""The timeline figure: events placed by date, drawn at the precision they are known.

A day-precise event is a filled dot; an event known only to the month, year or
an interval is a horizontal bar from its first to its last possible day; an
event placed at its article's publication date (``reported``) is a hollow
dot. Lanes on the y axis are event types, or actors when colouring by actor;
inside a lane, events that would overlap are stacked on a few fixed sub-rows
(deterministic, no random jitter). Above ``WEBGL_THRESHOLD`` drawn events the
traces are WebGL (``scattergl``) so tens of thousands of events stay fluid;
smaller views use SVG (``scatter``), which is crisper and starts faster. The figure is returned as a plain dict, which
Dash sends as is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.schema import EVENT_TYPES, LIST_SEP

# Plotly's "Safe" qualitative palette (Paul Tol), distinguishable with common colour-vision deficiencies.
PALETTE = (
    "#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499",
    "#44AA99", "#999933", "#882255", "#661100", "#6699CC",
)  # fmt: skip
OTHER_COLOUR = "#888888"
POINT_PRECISIONS = ("time", "day")
REPORTED = "reported"
SUB_ROWS = 5
PACK_LIMIT = 2500  # events in a lane beyond which sub-rows are dealt in turn
WEBGL_THRESHOLD = 1000  # drawn events; above it traces use WebGL
MAX_ACTOR_LANES = 12
OTHER_ACTORS = "other actors"
NO_ACTOR = "(no actor named)"


def escape_text(value) -> str:
    """Text safe for Plotly labels, which interpret a few HTML-like tags: ``<`` and ``&`` become entities."""
    if value is None or value is pd.NA:
        return ""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pretty(name: str) -> str:
    return name.replace("_", " ")


def date_label(date: str, precision: str, mod: str) -> str:
    """``2021-08 (month, END)`` style label of an event's date."""
    extra = ", ".join(p for p in (precision, (mod or "").lower()) if p)
    return f"{date} ({extra})" if extra else date


def _lanes(df: pd.DataFrame, color_by: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Row positions into ``df`` and the lane of each (an event may sit in several actor lanes), and the lanes in display order."""
    if color_by == "actor":
        lists = df["actors"].fillna("").astype(str).str.split(LIST_SEP.strip())
        exploded = lists.reset_index(drop=True).explode()
        names = exploded.fillna("").astype(str).str.strip()
        names = names.where(names != "", NO_ACTOR)
        # an event listing one actor twice is drawn once in its lane
        pairs = pd.DataFrame({"pos": names.index.to_numpy(), "lane": names.to_numpy(dtype=object)}).drop_duplicates()
        counts = pairs["lane"].value_counts()
        ranked = sorted(((n, c) for n, c in counts.items() if n != NO_ACTOR), key=lambda nc: (-nc[1], nc[0].lower()))
        top = [n for n, _ in ranked[:MAX_ACTOR_LANES]]
        pos_a, lane_a = pairs["pos"].to_numpy(dtype=np.int64), pairs["lane"].to_numpy(dtype=object)
        if len(counts) > len(top):
            keep = np.isin(lane_a, top)
            lane_a = np.where(keep, lane_a, OTHER_ACTORS)
            # an event in several "other" lanes is drawn there once
            other = np.flatnonzero(~keep)
            mask = keep.copy()
            mask[other[~pd.Series(pos_a[other]).duplicated().to_numpy()]] = True
            pos_a, lane_a = pos_a[mask], lane_a[mask]
            top = top + [OTHER_ACTORS]
        return pos_a, lane_a, top
    types = df["event_type"].fillna("other").astype(str).to_numpy(dtype=object)
    present = set(types.tolist())
    lanes = [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))
    return np.arange(len(df)), types, lanes


def _stack(starts: np.ndarray, ends: np.ndarray, gap: float) -> np.ndarray:
    """Sub-row of each interval (sorted by start): the first row free ``gap`` before it, else the least busy.

    Lanes too crowded for packing to help (more than ``PACK_LIMIT`` events)
    take the sub-rows in turn, by date.
    """
    if len(starts) > PACK_LIMIT:
        return (np.arange(len(starts)) % SUB_ROWS).astype(np.int8)
    row_end = [-np.inf] * SUB_ROWS
    out = np.empty(len(starts), dtype=np.int8)
    rows = range(SUB_ROWS)
    for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist())):
        for r in rows:
            if row_end[r] + gap <= start:
                break
        else:
            r = row_end.index(min(row_end))
        out[i] = r
        if end > row_end[r]:
            row_end[r] = end
    return out


def _days(series: pd.Series) -> np.ndarray:
    return pd.to_datetime(series, errors="coerce").to_numpy("datetime64[D]").astype("int64").astype(float)


def _positions(starts: np.ndarray, ends: np.ndarray, lane_of: np.ndarray, lanes: list[str]) -> np.ndarray:
    """y of each drawn row: its lane index plus a sub-row offset (``lane_of`` holds lane indexes)."""
    span = (np.nanmax(ends) - np.nanmin(starts)) if len(starts) else 0
    gap = max(1.0, span / 120.0)
    y = np.zeros(len(starts))
    step = 0.8 / SUB_ROWS
    for li, name in enumerate(lanes):
        idx = np.flatnonzero(lane_of == li)
        if not len(idx):
            continue
        order = idx[np.argsort(starts[idx], kind="stable")]
        sub = _stack(starts[order], ends[order], gap)
        y[order] = li + (sub - (SUB_ROWS - 1) / 2) * step
    return np.round(y, 3)


def _escaped(series: pd.Series) -> pd.Series:
    s = series.fillna("").astype("string")
    return s.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False).str.replace(">", "&gt;", regex=False)


def hover_texts(events: pd.DataFrame) -> np.ndarray:
    """The hover label of each event: title, date with precision, actors, number of sources (escaped)."""
    extra = (events["precision"].fillna("").astype("string") + ", " + events["date_mod"].fillna("").astype("string").str.lower()).str.strip(", ")
    label = events["date"].fillna("").astype("string") + " (" + extra + ")"
    text = (
        "<b>" + _escaped(events["title"]) + "</b><br>" + _escaped(label)
        + "<br>Actors: " + _escaped(events["actors"])
        + "<br>Sources: " + events["n_sources"].fillna(0).astype("int64").astype("string")
    )  # fmt: skip
    return text.to_numpy(dtype=object)


def _colour(i: int, name: str) -> str:
    return OTHER_COLOUR if name == OTHER_ACTORS else PALETTE[i % len(PALETTE)]


SEGMENT = 4  # points per drawn span: start, middle, end, gap


def _segments(*columns: np.ndarray) -> np.ndarray:
    """Interleave columns point by point and close each segment with a None gap."""
    n = len(columns[0])
    out = np.empty(SEGMENT * n, dtype=object)
    for i, col in enumerate(columns):
        out[i::SEGMENT] = col
    out[len(columns) :: SEGMENT] = None
    return out


def _traces_for(name: str, colour: str, cols: dict, y: np.ndarray, trace_type: str) -> list[dict]:
    """Up to three traces for one lane/colour: day points, spans, reported dates."""
    traces = []
    precision = cols["precision"]
    common = {"legendgroup": name, "name": pretty(name), "hovertemplate": "%{hovertext}<extra></extra>", "type": trace_type}

    point = np.isin(precision, POINT_PRECISIONS)
    reported = precision == REPORTED
    span = ~(point | reported)
    for kind, mask in (("point", point), ("reported", reported), ("span", span)):
        if not mask.any():
            continue
        # lanes already name the groups; the legend only explains how dates are drawn
        trace = {**common, "showlegend": False, "meta": kind}
        if kind == "span":
            # a hoverable middle point (invisible) so the whole bar answers, not only its ends
            ids, hover, yy = cols["id"][mask], cols["hover"][mask], y[mask]
            n = int(mask.sum())
            trace.update(
                mode="lines+markers",
                x=_segments(cols["start"][mask], cols["mid"][mask], cols["end"][mask]),
                y=_segments(yy, yy, yy),
                customdata=_segments(ids, ids, ids),
                hovertext=_segments(hover, hover, hover),
                connectgaps=False,
                line={"color": colour, "width": 5},
                marker={"color": colour, "size": np.tile([8, 0, 8, 0], n), "symbol": "line-ns-open", "line": {"width": 2, "color": colour}},
                opacity=0.75,
            )
        else:
            marker = (
                {"color": colour, "size": 9, "symbol": "circle", "line": {"color": "#333333", "width": 0.5}}
                if kind == "point"
                else {"color": colour, "size": 9, "symbol": "circle-open", "line": {"width": 2, "color": colour}}
            )
            trace.update(
                mode="markers",
                x=cols["start"][mask],
                y=y[mask],
                customdata=cols["id"][mask],
                hovertext=cols["hover"][mask],
                marker=marker,
            )
        # plain lists: the JSON encoder (orjson when installed) is several times faster on them
        traces.append({k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in trace.items()})
    return traces


KEY = (
    ("exact day", {"mode": "markers", "marker": {"symbol": "circle", "size": 9, "color": "#555555"}}),
    ("known only to the month / year / interval: the bar spans it", {"mode": "lines", "line": {"color": "#555555", "width": 5}}),
    ("no date in the text: placed at the report's date", {"mode": "markers", "marker": {"symbol": "circle-open", "size": 9, "color": "#555555", "line": {"width": 2}}}),
)


def selection_shape(event: dict | None) -> dict:
    """The shape marking the selected event: a band over its date interval, a line for a single day.

    It is always the figure's first shape (hidden when nothing is selected), so
    a selection change is a one-item partial update.
    """
    style = {"xref": "x", "yref": "paper", "y0": 0, "y1": 1, "layer": "below", "name": "selection"}
    if not event or not event.get("date_start"):
        return {**style, "type": "line", "x0": None, "x1": None, "visible": False}
    x0, x1 = event["date_start"], event.get("date_end") or event["date_start"]
    if x0 == x1:
        return {**style, "type": "line", "x0": x0, "x1": x1, "visible": True, "line": {"color": "#222222", "width": 2, "dash": "dot"}}
    return {
        **style, "type": "rect", "x0": x0, "x1": x1, "visible": True,
        "fillcolor": "rgba(0,0,0,0.08)", "line": {"color": "#222222", "width": 1, "dash": "dot"},
    }  # fmt: skip


def timeline_figure(events: pd.DataFrame, color_by: str = "event_type", selected: dict | None = None) -> dict:
    """The timeline of ``events`` as a Plotly figure dict.

    ``color_by`` is ``event_type`` (lanes and colours by type) or ``actor``
    (lanes and colours by the most frequent actors; the rest share an
    ``other actors`` lane). ``selected`` is an event record whose interval is
    marked.
    """
    dated = events[events["date_start"].fillna("").astype(str) != ""].reset_index(drop=True)
    pos, lane_names, lanes = _lanes(dated, color_by)
    lane_of = pd.Categorical(lane_names, categories=lanes).codes
    base = {
        "id": dated["event_id"].astype(str).to_numpy(dtype=object),
        "hover": hover_texts(dated),
        "start": dated["date_start"].astype(str).to_numpy(dtype=object),
        "end": dated["date_end"].fillna(dated["date_start"]).astype(str).to_numpy(dtype=object),
        "precision": dated["precision"].fillna("").astype(str).to_numpy(dtype=object),
    }
    first_days, last_days = _days(dated["date_start"]), _days(dated["date_end"])
    last_days = np.where(np.isnan(last_days) | (last_days < first_days), first_days, last_days)
    middle = first_days + np.floor((last_days - first_days) / 2)
    base["mid"] = np.where(np.isnan(middle), base["start"], middle.astype("datetime64[D]").astype(str).astype(object))
    starts, ends = first_days[pos], last_days[pos]
    y = _positions(starts, ends, lane_of, lanes)
    trace_type = "scattergl" if len(pos) > WEBGL_THRESHOLD else "scatter"
    # one gather per column in lane order; each lane is then a contiguous slice
    order = np.argsort(lane_of, kind="stable")
    gathered = {k: v[pos[order]] for k, v in base.items()}
    y_sorted = y[order]
    bounds = np.searchsorted(lane_of[order], np.arange(len(lanes) + 1))
    data: list[dict] = []
    for i, lane in enumerate(lanes):
        a, b = bounds[i], bounds[i + 1]
        cols = {k: v[a:b] for k, v in gathered.items()}
        data.extend(_traces_for(lane, _colour(i, lane), cols, y_sorted[a:b], trace_type))
    for label, style in KEY:
        data.append(
            {"type": trace_type, "x": [None], "y": [None], "name": label, "legendgroup": "key",
             "hoverinfo": "skip", **style}
        )  # fmt: skip
    n_lanes = max(1, len(lanes))
    layout = {
        "height": int(min(760, max(360, 90 + 46 * n_lanes))),
        "margin": {"l": 10, "r": 10, "t": 64, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#fbfbfd",
        "font": {"family": "Inter, 'Segoe UI', Helvetica, Arial, sans-serif", "size": 13, "color": "#1f2430"},
        "hovermode": "closest",
        "clickmode": "event",
        "dragmode": "zoom",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "itemclick": False, "itemdoubleclick": False, "itemsizing": "constant", "font": {"size": 12}},
        "xaxis": {
            "type": "date",
            "showgrid": True,
            "gridcolor": "#e6e8ef",
            "rangeslider": {"visible": True, "thickness": 0.07},
            "rangeselector": {
                "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom",
                "buttons": [
                    {"count": 1, "label": "1 y", "step": "year", "stepmode": "backward"},
                    {"count": 5, "label": "5 y", "step": "year", "stepmode": "backward"},
                    {"count": 20, "label": "20 y", "step": "year", "stepmode": "backward"},
                    {"step": "all", "label": "all"},
                ]
            },
        },
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(len(lanes))),
            "ticktext": [escape_text(pretty(l)) for l in lanes],
            "range": [n_lanes - 0.5, -0.5],
            "fixedrange": True,
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
        },
        "shapes": [selection_shape(selected)]
        + [
            {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": i + 0.5, "y1": i + 0.5,
             "line": {"color": "#d5d8e0", "width": 1}, "layer": "below"}
            for i in range(n_lanes - 1)
        ],  # fmt: skip
        "meta": {"n_drawn": int(len(dated)), "n_undated": int(len(events) - len(dated))},
    }
    if not len(dated):
        layout["annotations"] = [
            {"text": "No event matches these filters.", "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False, "font": {"size": 16}}
        ]
    return {"data": data, "layout": layout}
