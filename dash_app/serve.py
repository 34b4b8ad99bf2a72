"""Serving the app from a background thread (tests, benchmarks, notebooks)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # requests are not logged; errors still are
        pass


@dataclass
class RunningServer:
    url: str
    _server: object
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


def serve_in_thread(app, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Start ``app`` (a Dash app) on ``host``; port 0 picks a free port. Returns its URL and a stop handle."""
    server = make_server(host, port, app.server, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="dash-app-server", daemon=True)
    thread.start()
    return RunningServer(url=f"http://{host}:{server.server_port}", _server=server, _thread=thread)
