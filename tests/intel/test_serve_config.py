"""What `collsec intel serve` hands its worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from collsec.errors import UsageError
from collsec.intel.members import ScenarioMembers
from collsec.intel.service import SERVE_ENV, ServeConfig, app_from_environment
from collsec.scenario.models import Status


def test_each_of_n_workers_allows_an_nth_of_the_rate_so_a_key_never_gets_more() -> None:
    settings = ServeConfig(db="sqlite://", rate_per_s=200.0, rate_burst=1000, workers=4).settings()
    assert settings.rate_per_s == 50.0 and settings.rate_burst == 250
    assert ServeConfig(db="sqlite://", rate_burst=3, workers=4).settings().rate_burst == 1


def test_the_configuration_survives_the_trip_through_the_environment() -> None:
    config = ServeConfig(db="sqlite:///x.db", members={"KAZ": "active"}, workers=2)
    again = ServeConfig.from_json(config.to_json())
    assert again == config
    assert again.member_source() == {"KAZ": Status.ACTIVE}


def test_without_a_fixed_list_the_members_follow_the_scenario() -> None:
    assert isinstance(ServeConfig(db="sqlite://", on="2026-01-01").member_source(), ScenarioMembers)


def test_a_worker_refuses_a_database_that_was_never_initialised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv(SERVE_ENV, ServeConfig(db=db, members={"KAZ": "active"}).to_json())
    with pytest.raises(UsageError, match="collsec intel init"):
        app_from_environment()
