from pathlib import Path

import pytest
import typer

from collsec.cli import experiments as experiments_cli
from collsec.scenario import load_scenario

AIRLIFT = Path(__file__).parent / "data" / "airlift"

#: Moves the chance that a victim asks for help, so it moves p_deploy.
REQUEST_BASE = "assumptions.sim_request_weights.value.base"
#: Withdrawal happens after the operation: it cannot change whether forces deploy.
WITHDRAWAL_DAYS = "assumptions.sim_days_withdrawal.value.mode"


def overlay() -> list[str]:
    """The test overlay, only when the embedded scenario lacks the planner's assumptions."""
    base = load_scenario()
    return [] if "airlift_payload_factor" in base.assumptions else [str(AIRLIFT)]


OVERLAY = overlay()


@pytest.fixture(scope="session")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    experiments_cli.register(app)
    return app


@pytest.fixture
def scenario_args() -> list[str]:
    return [a for p in OVERLAY for a in ("--scenario", p)]
