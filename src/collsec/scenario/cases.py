"""Historical cases for the back-test: what happened, and when, for one crisis each.

A case states only the crisis (victim, kind, adversary, claim of external backing, start,
and optionally where it happened) and what was observed; members, law in force and relations
on that date come from the scenario, never from fields added to the case. The location is a
property of the crisis, not of the world, so it belongs to the case; it has the catalogue's
`location` field and model (`collsec.scenario.crises.Location`). Extra fields are allowed and
kept (for notes, casualty figures, links) but the model never reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from collsec.scenario.crises import Location, ThreatKindName
from collsec.scenario.facts import Confidence, Source, Strict

__all__ = ["HOURS_KEYS", "MEASURES", "Case", "MeasureName", "Observed"]

#: The measures a case may record, strongest first.
MeasureName = Literal[
    "collective_forces", "monitoring_mission", "military_technical_aid", "statement", "none"
]
MEASURES: tuple[str, ...] = (
    "collective_forces",
    "monitoring_mission",
    "military_technical_aid",
    "statement",
    "none",
)
#: The intervals a case may time, in hours from the request.
HOURS_KEYS: tuple[str, ...] = (
    "request_to_decision",
    "request_to_first_arrival",
    "request_to_withdrawal_complete",
)


class Observed(Strict):
    """What the alliance did: the measure, whether forces deployed, how fast and how many."""

    measure: MeasureName
    deployed: bool
    hours: dict[
        Literal[
            "request_to_decision", "request_to_first_arrival", "request_to_withdrawal_complete"
        ],
        float,
    ] = Field(default_factory=dict)
    personnel: int | None = Field(default=None, ge=0)


class Case(Strict):
    """One historical crisis, in the form the back-test reads (docs/simulation.md).

    `requested` given means the case is conditioned on it; omitted, the model decides whether
    the victim asks. `start` is when the crisis reached the request stage (with its offset).
    `location` is where the crisis happens, as in the catalogue: contingents land at the
    victim's airfield nearest it; without one, the victim's capital stands in.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    start: dt.datetime
    victim: str = Field(pattern=r"^[A-Z]{3}$")
    kind: ThreatKindName
    adversary: str | None = None
    second_party: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    external_backing_claimed: bool = False
    location: Location | None = None
    requested: bool | None = None
    observed: Observed
    sources: list[Source] = Field(min_length=1)
    confidence: Confidence = Confidence.M

    @field_validator("start")
    @classmethod
    def _start_has_offset(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a timestamp with its UTC offset, e.g. 2022-01-05T18:00+06:00")
        return value
