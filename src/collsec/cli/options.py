"""What every command shares: scenario options, dates, and one way to print results.

`--json` means standard output holds exactly one JSON document; tables, progress and logs go
elsewhere (tables to stdout only without `--json`, everything else to stderr).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from collsec.errors import Problem, UsageError
from collsec.scenario import Scenario, load_scenario

__all__ = [
    "AtDate",
    "JsonFlag",
    "ScenarioPaths",
    "Sets",
    "emit_json",
    "err_console",
    "load",
    "out_console",
    "parse_date",
    "parse_datetime",
]

out_console = Console(soft_wrap=True)
err_console = Console(stderr=True)

ScenarioPaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--scenario",
        help="Scenario file or folder (repeatable): a full scenario, or an overlay on the "
        "default CSTO scenario.",
        show_default=False,
    ),
]
Sets = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Override one scenario value, PATH=VALUE (repeatable), e.g. "
        "states.ARM.status=withdrawn or rules.absent_silent_blocks=true.",
        show_default=False,
    ),
]
JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")
]
AtDate = Annotated[
    str | None,
    typer.Option(
        "--at", help="Date (YYYY-MM-DD); defaults to the scenario's as_of.", show_default=False
    ),
]


def load(scenario: list[Path] | None, sets: list[str] | None) -> Scenario:
    """The scenario named by `--scenario` and `--set` (the default CSTO world when none)."""
    return load_scenario(scenario or [], sets or [])


def parse_date(text: str | None, default: date, option: str = "--at") -> date:
    """An ISO date from the command line, or `default` when none was given."""
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            [Problem(f"cannot read date {text!r}", file=option, expected="YYYY-MM-DD")]
        ) from None


def parse_datetime(text: str, option: str = "--at") -> datetime:
    """An ISO 8601 timestamp; UTC when it carries no offset."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            [
                Problem(
                    f"cannot read timestamp {text!r}",
                    file=option,
                    expected="ISO 8601, e.g. 2022-01-05T18:00+06:00",
                )
            ]
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")
