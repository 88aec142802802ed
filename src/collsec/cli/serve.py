"""`collsec serve`: the dashboard, the JSON API and the API docs on one local address."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from collsec.cli.intel import DEFAULT_DB
from collsec.cli.options import ScenarioPaths, Sets

__all__ = ["GRACE_S", "register"]

#: Seconds open requests (a run's event stream) get to finish after Ctrl-C.
GRACE_S = 3


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
        str,
        typer.Option(
            "--intel-db",
            help="The intel hub's database: sqlite:///FILE or postgresql+psycopg://...; "
            "created, migrated and initialised when missing.",
        ),
    ] = DEFAULT_DB,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Worker processes per crisis run started from the page."
        ),
    ] = 1,
) -> None:
    """Serve the dashboard, the JSON API and the intel hub until Ctrl-C (API docs at /docs)."""
    # The web stack is imported here, not at the top, so other commands start quickly.
    import uvicorn

    from collsec.service import create_app

    app = create_app(scenario or [], set_ or [], intel_db, run_workers=workers)
    first_key = app.state.intel_first_key
    if first_key is not None:
        typer.echo(
            f"intel hub initialised at {intel_db}; hub-admin key (shown once, store it now): "
            f"{first_key.key}"
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"collsec dashboard: http://{shown}:{port}/  (API docs: /docs; Ctrl-C stops)")
    sys.stdout.flush()  # the address must reach a pipe (`make run | tee`) before serving
    # An open event stream of a long run would otherwise hold Ctrl-C until the run ends.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=GRACE_S,
    )
