"""The intel service: the FastAPI app factory and the member list from the scenario.

The hub's core takes a plain mapping `state id -> Status`; only this edge (and the CLI) reads
the scenario, so the hub knows the scenario only for its member list (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from fastapi import FastAPI

from collsec.intel.hub import Hub, HubSettings
from collsec.intel.hubapi import hub_router
from collsec.intel.store import Store
from collsec.intel.taxii import taxii_router
from collsec.scenario import load_scenario
from collsec.scenario.models import Status

__all__ = ["create_app", "include_intel", "standing_on"]


def standing_on(
    day: dt.date, paths: Sequence[str | Path] = (), sets: Sequence[str] = ()
) -> dict[str, Status]:
    """Each member state's status on `day`, from the scenario (states not yet members left out)."""
    scenario = load_scenario(paths, sets)
    standing: dict[str, Status] = {}
    for state_id, state in scenario.states.items():
        status = state.status_on(day)
        if status is not None:
            standing[state_id] = status
    return standing


def include_intel(app: FastAPI, hub: Hub) -> None:
    """Mount the TAXII and hub routers on an app (the main web app uses this too)."""
    app.include_router(taxii_router(hub))
    app.include_router(hub_router(hub))


def create_app(
    store: Store, standing: Mapping[str, Status], settings: HubSettings | None = None
) -> FastAPI:
    """The stand-alone intel service."""
    store.upgrade()
    hub = Hub(store, standing, settings)
    app = FastAPI(
        title="collsec intel hub",
        version="0.1.0",
        description="STIX 2.1 / TAXII 2.1 sharing with need-to-know access, audit and durability",
    )
    include_intel(app, hub)
    app.state.intel_hub = hub
    return app
