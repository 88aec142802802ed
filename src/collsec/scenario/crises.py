"""The crisis catalogue: the threats an analyst can run through the alliance's procedure.

Each crisis is of one of the threat kinds the charter engine knows; its size, duration and
escalation are distributions with a source or a named assumption, so the simulator draws from
the scenario and never from constants of its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from collsec.scenario.facts import Fact, Record, Strict

__all__ = ["THREAT_KINDS", "Crisis", "Location", "ThreatKindName", "Triangular"]

#: The threat kinds the charter's procedure distinguishes (`collsec.charter.procedure`).
ThreatKindName = Literal[
    "armed_attack", "armed_incursion", "internal_unrest", "clash_between_members", "cyber_attack"
]
THREAT_KINDS: tuple[str, ...] = (
    "armed_attack",
    "armed_incursion",
    "internal_unrest",
    "clash_between_members",
    "cyber_attack",
)


class Triangular(Strict):
    """A triangular distribution: the least, the most likely and the largest value.

    Analysts give ranges as "from, most likely, to"; the triangular law takes exactly that and
    nothing more, which is why every duration and size in the catalogue uses it.
    """

    low: float = Field(ge=0)
    mode: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high:
            raise ValueError("low <= mode <= high")
        return self


class Location(Record):
    """Where a crisis happens: a place name and its coordinates (decimal degrees)."""

    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Crisis(Record):
    """One crisis type on one member: who threatens, where, how big, how long.

    Attributes:
        title: A one-line description.
        kind: The threat kind, as the charter engine names it.
        victim: The threatened member (a state id); `collsec simulate --victim` may change it.
        adversary: A state id, a non-state actor's name, or None.
        second_party: For a clash between members, the other member.
        external_backing_claimed: Whether the victim presents the threat as backed from
            abroad (the Council's ground for treating unrest as aggression, Kazakhstan 2022).
        location: Where the crisis happens; contingents land at the nearest airfield.
        size: Adversary strength in personnel (armed groups, troops or rioters).
        duration_days: How long the threat lasts if nobody intervenes.
        escalation: Daily chance that the threat grows by half while unmet.
        requirement_personnel: Personnel the operation asks of the collective forces.
        default: Whether this is the crisis `collsec simulate` runs when none is named.
    """

    title: str
    kind: ThreatKindName
    victim: str = Field(pattern=r"^[A-Z]{3}$")
    adversary: str | None = None
    second_party: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    external_backing_claimed: bool = False
    location: Location
    size: Fact[Triangular]
    duration_days: Fact[Triangular]
    escalation: Fact[float]
    requirement_personnel: Fact[int]
    default: bool = False

    @model_validator(mode="after")
    def _clash_names_both_members(self) -> Crisis:
        if self.kind == "clash_between_members" and self.second_party is None:
            raise ValueError("a clash between members names the other member in `second_party`")
        return self
