"""The scenario schema: one tree of sections, each addressable by a dotted path.

`Scenario` mirrors the YAML tree exactly (section -> id -> field), so a validation error's
location is also the `--set` path of the field at fault.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from collsec.scenario.cases import Case
from collsec.scenario.crises import Crisis
from collsec.scenario.exercises import ExerciseSection
from collsec.scenario.facts import Confidence, Fact, Record, Source, Strict
from collsec.scenario.relations import RelationsScope, Tie
from collsec.scenario.threats import MemberAssessment

__all__ = [
    "AircraftType",
    "Airfield",
    "Article",
    "Assumption",
    "Body",
    "BodyKind",
    "Border",
    "Capital",
    "Contingent",
    "DecisionRuleSpec",
    "Event",
    "Force",
    "Instrument",
    "MembershipEvent",
    "MilitaryExpenditure",
    "OfficeHolder",
    "RuleSettings",
    "Scenario",
    "State",
    "Status",
]


class Status(StrEnum):
    """A state's standing in the alliance on a date.

    `frozen_self_declared` is a behaviour status, not a legal one: the state is legally still a
    member (Russian MFA, Dec 2025; research R5).
    """

    ACTIVE = "active"
    FROZEN_SELF_DECLARED = "frozen_self_declared"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    EXPELLED = "expelled"


class MembershipEvent(Record):
    """A dated change of a state's status; the latest one up to a date is its status then."""

    date: dt.date
    status: Status
    event: str


class Capital(Record):
    """A capital city and its coordinates (decimal degrees)."""

    name: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class MilitaryExpenditure(Fact[float]):
    """One military-expenditure figure; the series is named so SIPRI and CIA never mix."""

    series: Literal["SIPRI", "CIA-WFB"]
    year: int = Field(ge=1990, le=2100)
    unit: Literal["usd", "pct_gdp"]


class Border(Strict):
    """A land border with another state, member or not."""

    neighbour: str = Field(pattern=r"^[A-Z]{3}$")
    neighbour_name: str
    length_km: Fact[float]


class State(Strict):
    """A state that is, was or may become party to the alliance."""

    name: str
    name_ru: str
    capital: Capital
    population: Fact[int]
    population_year: int
    gdp_usd: Fact[float]
    gdp_year: int
    military_expenditure: list[MilitaryExpenditure] = Field(default_factory=list)
    active_personnel: Fact[int] | None = None
    borders: list[Border] = Field(default_factory=list)
    membership: list[MembershipEvent] = Field(min_length=1)
    region: Literal["eastern_european", "caucasus", "central_asian"] | None = None

    @field_validator("membership")
    @classmethod
    def _membership_in_date_order(cls, events: list[MembershipEvent]) -> list[MembershipEvent]:
        dates = [e.date for e in events]
        if dates != sorted(dates):
            raise ValueError("membership events in date order, oldest first")
        return events

    def status_on(self, day: dt.date) -> Status | None:
        """The status from the latest membership event on or before `day` (None before any)."""
        current: Status | None = None
        for event in self.membership:
            if event.date <= day:
                current = event.status
        return current


class BodyKind(StrEnum):
    """Where a body sits in the Charter's structure (Charter Art. 11)."""

    STATUTORY = "statutory"
    PERMANENT_WORKING = "permanent_working"
    COORDINATING = "coordinating"
    SUBSIDIARY = "subsidiary"
    INTERPARLIAMENTARY = "interparliamentary"


class DecisionRuleSpec(Strict):
    """How a body decides: which questions it votes on and by what rule."""

    votes: bool
    substantive: Literal["consensus"] | None = None
    procedural: Literal["threshold", "consensus"] | None = None
    basis: list[str] = Field(default_factory=list)


class Body(Record):
    """An organ of the alliance: composition, competence, decision rule and chair rule."""

    name: str
    name_ru: str
    kind: BodyKind
    composition: str
    competence: list[str] = Field(min_length=1)
    decision_rule: DecisionRuleSpec
    chair_rule: str
    basis: list[str] = Field(min_length=1)


class Article(Record):
    """One article of an instrument, summarised in our own words."""

    title: str
    summary: str


class Instrument(Record):
    """A treaty, protocol, agreement or regulation, with the dates that decide when it applies."""

    title: str
    kind: Literal["treaty", "charter", "protocol", "agreement", "regulation", "decision"]
    signed: dt.date
    place: str | None = None
    in_force: dt.date | None = None
    in_force_confidence: Confidence | None = None
    amends: str | None = None
    replaces: str | None = None
    articles: dict[str, Article] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _in_force_after_signature(self) -> Instrument:
        if self.in_force is not None and self.in_force < self.signed:
            raise ValueError("in_force on or after the date signed")
        return self


class Contingent(Record):
    """A national contribution to a collective force."""

    state: str = Field(pattern=r"^[A-Z]{3}$")
    unit: str
    capability: Literal[
        "airborne",
        "air_assault",
        "motor_rifle",
        "special_forces",
        "military_police",
        "police",
        "medical",
        "engineers",
        "logistics",
        "command",
        "naval_infantry",
        "aviation",
        "emergency",
    ]
    personnel: Fact[int]
    vehicles: Fact[int]
    tonnage_t: Fact[float]
    readiness_h: Fact[float]
    home_airfield: str


class Force(Record):
    """A collective force: its legal basis, size and national contingents."""

    name: str
    name_ru: str
    established: dt.date
    basis: list[str] = Field(min_length=1)
    instrument: str | None = None
    members: list[str] = Field(default_factory=list)
    size: Fact[int] | None = None
    contingents: list[Contingent] = Field(default_factory=list)


class Airfield(Record):
    """An airfield used by airlift: position, role and handling capacity."""

    name: str
    state: str = Field(pattern=r"^[A-Z]{3}$")
    icao: str | None = Field(default=None, pattern=r"^[A-Z]{4}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    role: str
    max_on_ground: Fact[int]
    landings_per_hour: Fact[float]


class AircraftType(Record):
    """A military transport aircraft type from its manufacturer's published specification."""

    name: str
    payload_t: Fact[float]
    troops: Fact[int]
    cruise_kmh: Fact[float]
    range_km_at_payload: Fact[float]
    turnaround_h: Fact[float]
    fleet: dict[str, Fact[int]] = Field(default_factory=dict)


class Event(Record):
    """A dated historical event."""

    date: dt.date
    end: dt.date | None = None
    kind: str
    title: str
    states: list[str] = Field(default_factory=list)


class OfficeHolder(Record):
    """A recorded holder of a rotating office (CSC chair or Secretary General)."""

    state: str = Field(pattern=r"^[A-Z]{3}$")
    start: dt.date
    end: dt.date | None = None
    person: str | None = None
    acting: bool = False


class Assumption(Strict):
    """A value that no source gives, with the reasoning for it; users may override it."""

    value: Any
    reasoning: str
    unit: str | None = None
    informed_by: list[Source] = Field(default_factory=list)


class RuleSettings(Strict):
    """Decision-rule settings the research could not settle; each default is documented."""

    absent_silent_blocks: bool = False
    procedural_threshold: float = Field(default=0.5, ge=0, le=1)
    arrears_sanction: bool = False
    arrears_years_for_sanction: int = Field(default=2, ge=1)
    skip_frozen_in_rotation: bool = False
    arrears: dict[str, int] = Field(default_factory=dict)


class Scenario(Strict):
    """The whole world: every section of the tree, validated together."""

    name: str
    description: str
    as_of: dt.date
    sources: dict[str, Source] = Field(default_factory=dict)
    states: dict[str, State]
    bodies: dict[str, Body]
    instruments: dict[str, Instrument]
    forces: dict[str, Force]
    airfields: dict[str, Airfield]
    aircraft: dict[str, AircraftType]
    history: list[Event]
    chairs: list[OfficeHolder]
    secretaries_general: list[OfficeHolder]
    rules: RuleSettings = Field(default_factory=RuleSettings)
    assumptions: dict[str, Assumption] = Field(default_factory=dict)
    crises: dict[str, Crisis] = Field(default_factory=dict)
    relations: list[Tie] = Field(default_factory=list)
    relations_scope: RelationsScope | None = None
    cases: list[Case] = Field(default_factory=list)
    exercises: ExerciseSection = Field(default_factory=ExerciseSection)
    threat_assessments: dict[str, MemberAssessment] = Field(default_factory=dict)
