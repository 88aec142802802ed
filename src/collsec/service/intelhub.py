"""The intel hub inside the dashboard's app: its TAXII 2.1 and `/intel/` routes, one database.

The routes are the intel room's own (`collsec.intel.service.include_intel`), mounted as they
are; this module only opens the database, creates and migrates it when missing, and initialises
a fresh hub (whose first hub-admin key `collsec serve` prints once), so `serve` starts on a
fresh checkout with no other step. Member standing comes from the served scenario on its
`as_of` date, like every other page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI

from collsec.intel.auth import KeyVerifier, hasher_for
from collsec.intel.directory import NewKey, init_hub
from collsec.intel.hub import Hub
from collsec.intel.members import standing_on
from collsec.intel.service import include_intel
from collsec.intel.store import Store
from collsec.intel.tlp import TLP, TLP_MARKING_IDS
from collsec.scenario import Scenario

__all__ = ["mount_intel", "tlp_choices"]


def mount_intel(
    app: FastAPI,
    url: str,
    scenario: Scenario,
    scenario_paths: Sequence[Path],
    sets: Sequence[str],
) -> NewKey | None:
    """Open (create, migrate, initialise) the hub's database and mount its routes on `app`.

    Returns:
        The first hub-admin key when this call initialised the hub, else None.

    Raises:
        UsageError: the URL is not a supported database URL.
    """
    store = Store(url)
    store.upgrade()
    first_key = None
    if not store.is_initialised():
        first_key = init_hub(store, KeyVerifier(hasher_for("default")))
    standing = standing_on(scenario.as_of, list(scenario_paths), list(sets))
    hub = Hub(store, standing)
    include_intel(app, hub)
    app.state.intel_hub = hub
    return first_key


def tlp_choices() -> list[dict[str, str]]:
    """The TLP 2.0 levels the share form offers, with their official marking-definition ids."""
    return [{"label": level.label, "id": TLP_MARKING_IDS[level]} for level in TLP]
