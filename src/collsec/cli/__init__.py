"""The `collsec` command: every capability from the shell.

Each room's commands live in a module of this package; this module assembles one typer app
and turns collsec's errors into one line each on stderr and exit code 2.
"""

from __future__ import annotations

import sys

import typer

from collsec.cli import charter, exercises, experiments, intel, plan, scenario, serve, sim
from collsec.errors import CollsecError

__all__ = ["app", "main"]

app = typer.Typer(
    name="collsec",
    help="An executable collective-security alliance (default world: the CSTO).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
scenario.register(app)
charter.register(app)
plan.register(app)
sim.register(app)
serve.register(app)
exercises.register(app)
experiments.register(app)
app.add_typer(intel.app, name="intel")


def main() -> None:
    """Run the CLI; a CollsecError prints its problems and exits 2, never a traceback."""
    try:
        app()
    except CollsecError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        sys.exit(2)
