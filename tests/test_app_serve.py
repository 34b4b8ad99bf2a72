"""Serving the app from a background thread."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from dash_app.app import create_app
from dash_app.data import TimelineData
from dash_app.serve import serve_in_thread
from timeline.synthetic import synthetic_corpus


def test_serves_on_a_free_loopback_port_until_stopped():
    app = create_app(TimelineData.from_frames(*synthetic_corpus(12, seed=4)))
    server = serve_in_thread(app)
    assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0")
    with urllib.request.urlopen(server.url + "/api/events") as resp:
        assert len(json.loads(resp.read())) == 12
    with urllib.request.urlopen(server.url + "/") as resp:
        assert b"_dash-config" in resp.read()
    server.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.url + "/api/events", timeout=2)
