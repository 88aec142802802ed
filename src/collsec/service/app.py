"""The FastAPI app behind `collsec serve`: JSON API, dashboard pages, static assets, API docs.

`create_app` loads the scenario once (so a malformed one fails before the server listens) and
assembles the routers: `/api/v1` (the rooms' JSON), the pages, `/docs` (Swagger UI from local
files) and `/openapi.json`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import collsec
from collsec.scenario import load_scenario
from collsec.service import pages, swagger
from collsec.service.api import api_router
from collsec.service.context import STATIC_DIR, ServiceContext
from collsec.service.intelhub import mount_intel
from collsec.service.problems import install_handlers
from collsec.service.runs import RunQueue

__all__ = ["create_app"]


def create_app(
    scenario_paths: Sequence[Path] = (),
    sets: Sequence[str] = (),
    intel_db_url: str | None = None,
    *,
    static_dir: Path = STATIC_DIR,
    run_workers: int = 1,
) -> FastAPI:
    """Build the service for a scenario.

    Args:
        scenario_paths: Scenario files or folders, as `--scenario` takes them (none: the
            embedded CSTO world).
        sets: `PATH=VALUE` overrides, as `--set` takes them.
        intel_db_url: The intel hub's database, created, migrated and initialised when
            missing (the first hub-admin key is then in `app.state.intel_first_key`); None
            serves no intel routes and no Intel page.
        static_dir: Where the built front-end assets are (scripts/build-assets.sh).
        run_workers: Worker processes per crisis run started from the Crisis page.

    Raises:
        ScenarioError: the scenario or an override is malformed.
    """
    scenario = load_scenario(list(scenario_paths), list(sets))
    runs = RunQueue(tuple(str(p) for p in scenario_paths), tuple(sets), run_workers)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runs.close()

    app = FastAPI(
        title="collsec",
        version=getattr(collsec, "__version__", "0"),
        summary="An executable collective-security alliance: rules, data and simulations.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    intel = intel_db_url is not None
    app.state.collsec = ServiceContext(scenario=scenario, runs=runs, intel=intel)
    app.state.intel_first_key = (
        mount_intel(app, intel_db_url, scenario, scenario_paths, sets) if intel_db_url else None
    )
    install_handlers(app)
    app.include_router(api_router())
    app.include_router(swagger.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=static_dir, check_dir=False), name="static")
    return app
