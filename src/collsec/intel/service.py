"""The intel service: the FastAPI app factory, its worker-process form, and the heap setting.

The hub's core takes a member list (`state id -> Status`, fixed or from `members.py`); only
this edge (and the CLI) reads the scenario, so the hub knows the scenario only for its member
list (DESIGN.md). `collsec intel serve --workers N` starts N uvicorn worker processes; each
builds its app with `app_from_environment` from the `ServeConfig` that the command put in
the environment, since a worker process is a fresh interpreter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import FastAPI

from collsec.errors import UsageError
from collsec.intel.hub import Hub, HubSettings, MemberSource
from collsec.intel.hubapi import hub_router
from collsec.intel.members import ScenarioMembers
from collsec.intel.store import Store
from collsec.intel.taxii import taxii_router
from collsec.scenario.models import Status

__all__ = [
    "SERVE_ENV",
    "ServeConfig",
    "app_from_environment",
    "create_app",
    "include_intel",
    "settle_heap",
]

#: The environment variable that carries a `ServeConfig` to worker processes.
SERVE_ENV = "COLLSEC_INTEL_SERVE"


def settle_heap() -> None:
    """Move the objects of a started service out of the garbage collector's sight.

    Everything imported and built at start-up (FastAPI, SQLAlchemy, stix2: over 100,000
    objects) lives as long as the process; without this, every full collection walks all of
    it, a pause measured at 50-80 ms (benchmarks/intel.py) that lands on a request's latency.
    `gc.freeze` (Python docs, "gc.freeze", retrieved 2026-11-29) keeps them out of every later
    collection; the young-generation threshold is raised so that a request that parses a
    100-object envelope does not trigger several collections of short-lived dicts.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 100)


def include_intel(app: FastAPI, hub: Hub) -> None:
    """Mount the TAXII and hub routers on an app (the main web app uses this too)."""
    app.include_router(taxii_router(hub))
    app.include_router(hub_router(hub))


def create_app(
    store: Store,
    standing: Mapping[str, Status] | MemberSource,
    settings: HubSettings | None = None,
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


@dataclass(frozen=True)
class ServeConfig:
    """What `collsec intel serve` hands to each worker process.

    `members` is a fixed member list (`--member`); when it is None the list comes from the
    scenario (`scenario`, `on`) and follows changes of the files and of the date.
    """

    db: str
    members: dict[str, str] | None = None
    scenario: list[str] = field(default_factory=list)
    on: str | None = None
    rate_per_s: float = 200.0
    rate_burst: int = 1000
    max_content_length: int = 10 * 1024 * 1024
    workers: int = 1

    def to_json(self) -> str:
        """The configuration as one JSON document."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ServeConfig:
        """Read a configuration written by `to_json`."""
        return cls(**json.loads(text))

    def member_source(self) -> Mapping[str, Status] | MemberSource:
        """The fixed member list, or the scenario's (raises ScenarioError if it does not load)."""
        if self.members is not None:
            return {state: Status(status) for state, status in self.members.items()}
        on = dt.date.fromisoformat(self.on) if self.on else None
        return ScenarioMembers(self.scenario, on=on)

    def settings(self) -> HubSettings:
        """Hub settings for one worker.

        The rate limit is kept per process, so each of N workers allows 1/N of the rate and
        burst: a key never gets more than the configured rate in total (it fails closed;
        connections spread over the workers, so a key may get somewhat less).
        """
        return HubSettings(
            rate_per_s=self.rate_per_s / self.workers,
            rate_burst=max(1, self.rate_burst // self.workers),
            max_content_length=self.max_content_length,
        )


def app_from_environment() -> FastAPI:
    """Build one worker's app from the `ServeConfig` in `$COLLSEC_INTEL_SERVE`."""
    text = os.environ.get(SERVE_ENV)
    if not text:
        raise UsageError(f"{SERVE_ENV} is not set (start the service with `collsec intel serve`)")
    config = ServeConfig.from_json(text)
    store = Store(config.db)
    if not store.is_initialised():
        raise UsageError(
            f"--db: {config.db} is not initialised (run `collsec intel init --db {config.db}`)"
        )
    app = create_app(store, config.member_source(), config.settings())
    settle_heap()
    return app
