"""The world as validated data: every fact with its source, every assumption in one place.

`load_scenario()` gives the embedded CSTO scenario, optionally with overlays and `--set`
overrides; `Scenario` is its schema.
"""

from collsec.scenario.facts import Alternative, Confidence, Fact, Record, Source
from collsec.scenario.loader import DEFAULT_SCENARIO, default_scenario_dir, load_scenario, parse_set
from collsec.scenario.models import (
    AircraftType,
    Airfield,
    Article,
    Assumption,
    Body,
    Border,
    Contingent,
    Event,
    Force,
    Instrument,
    MembershipEvent,
    OfficeHolder,
    RuleSettings,
    Scenario,
    State,
    Status,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "AircraftType",
    "Airfield",
    "Alternative",
    "Article",
    "Assumption",
    "Body",
    "Border",
    "Confidence",
    "Contingent",
    "Event",
    "Fact",
    "Force",
    "Instrument",
    "MembershipEvent",
    "OfficeHolder",
    "Record",
    "RuleSettings",
    "Scenario",
    "Source",
    "State",
    "Status",
    "default_scenario_dir",
    "load_scenario",
    "parse_set",
]
