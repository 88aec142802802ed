"""The member list follows the scenario while the hub runs: no restart for a suspension."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from collsec.intel.directory import add_org, create_key, init_hub, parse_role
from collsec.intel.members import ScenarioMembers
from collsec.intel.service import create_app
from collsec.intel.store import Store
from collsec.scenario.models import Status

from .conftest import FAST, fast_verifier
from .stixgen import indicator

ON = dt.date(2026, 1, 1)


def overlay(path: Path, status: str) -> Path:
    path.write_text(f"states:\n  KAZ:\n    status: {{value: {status}, from: 2000-01-01}}\n")
    return path


def test_a_status_written_to_the_scenario_file_is_read_again(tmp_path: Path) -> None:
    path = overlay(tmp_path / "what-if.yaml", "active")
    members = ScenarioMembers([path], on=ON, recheck_s=0)
    assert members.current()["KAZ"] is Status.ACTIVE
    overlay(path, "suspended")
    assert members.current()["KAZ"] is Status.SUSPENDED


def test_a_status_dated_in_the_scenario_applies_on_its_day(tmp_path: Path) -> None:
    day = [dt.date(2024, 2, 21)]
    members = ScenarioMembers(recheck_s=0, today=lambda: day[0])
    assert members.current()["ARM"] is Status.ACTIVE
    day[0] = dt.date(2024, 2, 22)  # Armenia's self-declared freeze, states.yaml
    assert members.current()["ARM"] is Status.FROZEN_SELF_DECLARED


def test_a_scenario_broken_mid_edit_keeps_the_last_list(tmp_path: Path) -> None:
    path = overlay(tmp_path / "what-if.yaml", "suspended")
    members = ScenarioMembers([path], on=ON, recheck_s=0)
    path.write_text("states:\n  KAZ:\n    status: {value: not-a-status\n")
    assert members.current()["KAZ"] is Status.SUSPENDED


def test_changes_are_looked_for_at_most_once_per_recheck_interval(tmp_path: Path) -> None:
    path = overlay(tmp_path / "what-if.yaml", "active")
    members = ScenarioMembers([path], on=ON, recheck_s=3600)
    overlay(path, "suspended")
    assert members.current()["KAZ"] is Status.ACTIVE


def test_a_suspended_states_agency_loses_the_alliance_collection_without_restart(
    tmp_path: Path,
) -> None:
    path = overlay(tmp_path / "what-if.yaml", "active")
    members = ScenarioMembers([path], on=ON, recheck_s=0)
    store = Store(f"sqlite:///{tmp_path / 'hub.db'}")
    verifier = fast_verifier()
    init_hub(store, verifier)
    add_org(store, "KAZ-KNB", "KAZ", members.current())
    add_org(store, "RUS-FSB", "RUS", members.current())
    kaz = create_key(store, verifier, None, "KAZ-KNB", parse_role("contributor")).key
    rus = create_key(store, verifier, None, "RUS-FSB", parse_role("contributor")).key
    with TestClient(create_app(store, members, FAST)) as client:

        def titles(key: str) -> dict[str, str]:
            r = client.get(
                "/taxii2/alliance/collections/", headers={"Authorization": f"Bearer {key}"}
            )
            return {c["title"]: c["id"] for c in r.json()["collections"]}

        alliance = titles(rus)["alliance"]
        url = f"/taxii2/alliance/collections/{alliance}/objects/"
        posted = client.post(
            url,
            json={"objects": [indicator("192.0.2.7")]},
            headers={"Authorization": f"Bearer {rus}"},
        )
        assert posted.status_code == 202
        assert "alliance" in titles(kaz)
        overlay(path, "suspended")
        assert "alliance" not in titles(kaz)
        assert client.get(url, headers={"Authorization": f"Bearer {kaz}"}).status_code == 404
        assert "alliance" in titles(rus)
    store.dispose()
