from pathlib import Path

import pytest

from collsec.scenario import Scenario, load_scenario

AIRLIFT = Path(__file__).parent / "data" / "airlift"


def overlay() -> list[str]:
    """The test overlay, only while the embedded scenario lacks the planner's assumptions."""
    base = load_scenario()
    return [] if "airlift_payload_factor" in base.assumptions else [str(AIRLIFT)]


OVERLAY = overlay()


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario(OVERLAY)


@pytest.fixture
def scenario_args() -> list[str]:
    return [a for p in OVERLAY for a in ("--scenario", p)]
