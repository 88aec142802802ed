"""What every route of one running service shares: the scenario it serves and where things are.

The scenario is loaded once when the app is created (a malformed scenario stops `collsec serve`
before it listens, with the CLI's one-line error); requests read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from collsec.scenario import Scenario
from collsec.service.runs import RunQueue

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "ServiceContext", "context_of", "scenario_of"]

#: Built by scripts/build-assets.sh from web/ (never edited by hand).
STATIC_DIR = Path(__file__).parent / "static"
#: Jinja2 templates of the dashboard's pages.
TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ServiceContext:
    """The state of one app.

    Attributes:
        scenario: The world served, as loaded from `--scenario` and `--set`; pages and API
            default to its `as_of` date, so answers never depend on the server's clock.
        intel: Whether the intel hub's routes are mounted (and its page shown).
        runs: The crisis runs started from the Crisis page (one background thread).
        cache: Answers that are costly and deterministic (back-test, example plan), by key.
    """

    scenario: Scenario
    runs: RunQueue
    intel: bool = False
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)


def context_of(request: Request) -> ServiceContext:
    """The service context of the app handling `request`."""
    ctx = request.app.state.collsec
    assert isinstance(ctx, ServiceContext)
    return ctx


def scenario_of(request: Request) -> Scenario:
    """The scenario of the app handling `request` (a FastAPI dependency)."""
    return context_of(request).scenario
