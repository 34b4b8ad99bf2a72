"""The app's server time on a large generated table.

    python benchmarks/bench_app.py              # 20,000 events (the reference figures)
    python benchmarks/bench_app.py --events 5000 --repeat 3

Prints, measured in the same run (median of ``--repeat`` runs):
- first render: building the page layout (filter options with counts) plus
  the callbacks a page load fires (URL sync, the whole timeline figure, the
  first table page) including the JSON encoding of their responses;
- filter changes (actor, type, date range, text search, colouring by actor,
  clearing the filters): URL sync + figure + table page (not for a colouring
  change, which keeps the table) + JSON encoding;
- selecting an event: the partial figure update (``Patch``), the source
  panel and the table turning to the event's page;
- the same filter change as an HTTP ``/_dash-update-component`` round trip
  on loopback (request, callback, response body);
- with ``--browser``, the same in headless Chromium (``/usr/bin/chromium``,
  software WebGL): page load until the timeline and the table are drawn, and
  an actor filter change until both are redrawn.

Targets: first render < 2 s, filter change < 300 ms of server time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dash import Patch  # noqa: E402
from plotly.io.json import to_json_plotly  # noqa: E402

from dash_app import figure as fig  # noqa: E402
from dash_app.app import build_layout, create_app, render_figure, render_panel, render_table, sync_view  # noqa: E402
from dash_app.data import TimelineData  # noqa: E402
from dash_app.serve import serve_in_thread  # noqa: E402
from timeline.query import event_record  # noqa: E402
from timeline.synthetic import synthetic_corpus  # noqa: E402

FIRST_RENDER_TARGET = 2.0
FILTER_TARGET = 0.300


class Timing(float):
    """Median wall time in seconds, with the median CPU time of the process alongside.

    CPU time shows the work done even when other processes share the cores.
    """

    cpu: float

    def __str__(self) -> str:
        return f"{self * 1000:.0f} ms (cpu {self.cpu * 1000:.0f} ms)"


def timed(fn, repeat: int) -> Timing:
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    out = Timing(statistics.median(wall))
    out.cpu = statistics.median(cpu)
    return out


def encode(*outputs) -> int:
    """Encode callback outputs as Dash does; returns the response size in bytes."""
    return len(to_json_plotly(list(outputs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also time the page in headless Chromium")
    args = parser.parse_args()

    t = time.perf_counter()
    events, mentions, documents = synthetic_corpus(args.events, seed=0)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"generated {len(events):,} events, {len(mentions):,} mentions, {len(documents):,} documents in {time.perf_counter() - t:.2f} s")

    data = TimelineData.from_frames(events, mentions, documents)
    app = create_app(data)
    views = app.timeline_views
    no_controls = [None, None, None, None, None, None, "event_type"]

    def first_render() -> None:
        views._cache.clear()
        layout = build_layout(data, can_upload=True)
        sync = sync_view(None, "", *no_controls, None, None, None, None)
        figure = render_figure(views, sync[8], "event_type", None)
        table = render_table(views, {"query-store.data"}, sync[8], 0, [], "", None)
        len(json.dumps(layout.to_plotly_json(), cls=_PlotlyEncoder)) + encode(figure) + encode(*table)

    first = timed(first_render, args.repeat)
    figure_bytes = encode(render_figure(views, "", "event_type", None))
    print(f"first render (layout + sync + figure + table, encoded): {first} "
          f"[target < {FIRST_RENDER_TARGET * 1000:.0f} ms] {'OK' if first < FIRST_RENDER_TARGET else 'SLOW'}; "
          f"figure response {figure_bytes / 1e6:.1f} MB")  # fmt: skip

    changes = {
        "actor=Taliban": (["Taliban"], None, None, None, None, None, "event_type"),
        "type=bombing": (None, ["bombing"], None, None, None, None, "event_type"),
        "2015..2020": (None, None, "2015", "2020", None, None, "event_type"),
        "q=kabul": (None, None, None, None, None, "kabul", "event_type"),
        "colour by actor": (None, None, None, None, None, None, "actor"),
        "actor + type, by actor": (["ISIS-K"], ["armed_clash", "bombing"], None, None, None, None, "actor"),
        "clear (all events)": (None, None, None, None, None, None, "event_type"),
    }
    worst = Timing(0.0)
    worst.cpu = 0.0
    for label, controls in changes.items():

        def change(controls=controls) -> None:
            views._cache.clear()
            # the callbacks the app runs: URL sync, then the figure, and the table
            # only when the filters (not just the colouring) changed
            previous = "" if controls[-1] == "actor" and not any(controls[:-1]) else "x"
            sync = sync_view("actor-filter", "", *controls, None, None, previous, None)
            qs = sync[8] if isinstance(sync[8], str) else previous
            figure = render_figure(views, qs, controls[-1], None)
            encode(sync[0], sync[8]) + encode(figure)
            if isinstance(sync[8], str):
                encode(*render_table(views, {"query-store.data"}, qs, 0, [], "", None))

        elapsed = timed(change, args.repeat)
        worst = max(worst, elapsed)
        print(f"filter change {label:<24} {elapsed}")
    print(f"slowest filter change: {worst} [target < {FILTER_TARGET * 1000:.0f} ms] {'OK' if worst < FILTER_TARGET else 'SLOW'}")

    target = events["event_id"].iloc[len(events) // 2]

    def select() -> None:
        patch = Patch()
        patch["layout"]["shapes"][0] = fig.selection_shape(event_record(target, data.events))
        panel = render_panel(data, target)
        table = render_table(views, {"selected-store.data"}, "", 0, [], "", target)
        encode(patch.to_plotly_json()) + encode(panel) + encode(*table)

    print(f"select an event (patch + panel + table page): {timed(select, args.repeat)}")

    server = serve_in_thread(app)
    try:
        body = json.dumps(
            {
                "output": "timeline.figure",
                "outputs": {"id": "timeline", "property": "figure"},
                "inputs": [
                    {"id": "query-store", "property": "data", "value": "actor=Taliban"},
                    {"id": "color-by", "property": "value", "value": "event_type"},
                    {"id": "data-version", "property": "data", "value": data.version},
                ],
                "changedPropIds": ["query-store.data"],
                "state": [{"id": "selected-store", "property": "data", "value": None}],
            }
        ).encode()

        def round_trip() -> None:
            views._cache.clear()
            req = urllib.request.Request(server.url + "/_dash-update-component", data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req) as resp:
                payload = resp.read()
            assert b"scatter" in payload

        print(f"HTTP round trip, figure for actor=Taliban (loopback): {timed(round_trip, args.repeat)}")
        if args.browser:
            browser_timings(server.url, len(events), len(views.get("actor=Taliban")))
    finally:
        server.stop()


def browser_timings(url: str, n_events: int, n_taliban: int) -> None:
    from playwright.sync_api import sync_playwright

    drawn = "n => { const g = document.querySelector('#timeline .js-plotly-plot'); return g && g.data && " \
            "new Set(g.data.flatMap(t => t.customdata || []).filter(Boolean)).size === n }"  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.set_default_timeout(120_000)
        t = time.perf_counter()
        page.goto(url + "/")
        page.wait_for_selector("#events-table td")
        page.wait_for_function(drawn, arg=n_events)
        print(f"browser: page load to timeline ({n_events:,} events) and table drawn: {(time.perf_counter() - t) * 1000:.0f} ms")
        page.click("#actor-filter")
        page.fill(".dash-dropdown-search", "Taliban")
        t = time.perf_counter()
        page.locator(".dash-dropdown-option", has_text="Taliban (").first.click()
        page.wait_for_function("() => document.querySelector('#view-count').innerText.includes('match')")
        page.wait_for_function(drawn, arg=n_taliban)
        print(f"browser: actor filter to timeline and table redrawn: {(time.perf_counter() - t) * 1000:.0f} ms")
        browser.close()


class _PlotlyEncoder(json.JSONEncoder):
    def default(self, o):
        if hasattr(o, "to_plotly_json"):
            return o.to_plotly_json()
        return super().default(o)


if __name__ == "__main__":
    main()
