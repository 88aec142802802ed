"""`collsec serve`: the dashboard, the JSON API and the API docs on one local address."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from collsec.cli.options import ScenarioPaths, Sets
from collsec.service import create_app

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add `serve` to the main app."""
    app.command()(serve)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you mean it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    intel_db: Annotated[
        str | None,
        typer.Option(
            "--intel-db",
            help="The intel hub's database URL (SQLAlchemy form); its default when omitted.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the dashboard and the JSON API until Ctrl-C (API docs at /docs)."""
    app = create_app(scenario or [], set_ or [], intel_db)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"collsec dashboard: http://{shown}:{port}/  (API docs: /docs; Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
