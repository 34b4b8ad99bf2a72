from dash_app.app import _cli

_cli()
