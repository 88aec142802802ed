"""Fixtures for the charter tests: a small CSTO built in Python (see `world.py`)."""

from __future__ import annotations

import pytest

from collsec.scenario.models import Scenario
from tests.charter.world import make_scenario


@pytest.fixture(scope="session")
def csto() -> Scenario:
    return make_scenario()
