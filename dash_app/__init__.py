"""The timeline web app: an interactive view of the event table and its sources.

It only presents: the tables come from the library (``timeline.pipeline``,
``timeline.query``, ``timeline.export``) through a ``TimelineData`` object.
"""

from dash_app.data import TimelineData

__all__ = ["TimelineData", "create_app"]


def create_app(*args, **kwargs):
    from dash_app.app import create_app as _create_app

    return _create_app(*args, **kwargs)
