"""timeline: event timeline reconstruction from news articles.

Data flows one way, each stage a pure function:

    Document -> time mentions -> event mentions -> merged events -> DataFrame

``timeline.pipeline.build`` runs every stage; ``timeline.cli`` and ``dash_app``
are two faces of the same core.
"""

__version__ = "0.1.0"
