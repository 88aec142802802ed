from pathlib import Path

import pytest
import typer

from collsec.cli import sim as sim_cli
from collsec.scenario import Scenario, load_scenario
from collsec.sim.runner import RunSpec

AIRLIFT = Path(__file__).parent / "data" / "airlift"


def overlay() -> list[str]:
    """The test overlay, only when the embedded scenario lacks the planner's assumptions."""
    base = load_scenario()
    return [] if "airlift_payload_factor" in base.assumptions else [str(AIRLIFT)]


OVERLAY = overlay()


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario(OVERLAY)


@pytest.fixture
def run_spec() -> RunSpec:
    return RunSpec(tuple(OVERLAY), (), None, None, 60, 11)


@pytest.fixture(scope="session")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    sim_cli.register(app)
    return app


@pytest.fixture
def scenario_args() -> list[str]:
    return [a for p in OVERLAY for a in ("--scenario", p)]
