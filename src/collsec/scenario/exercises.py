"""The exercise catalogue and its editions: what the alliance rehearses, where and with whom.

The catalogue names each recurring exercise series (Interaction, Search, Echelon, Rubezh,
Indestructible Brotherhood, Cobalt, Thunder, Barrier, Rock, Air Bridge and the Combat
Brotherhood umbrella), the kind of forces it trains and its usual size. An edition is one
year's exercise as the sources report it; a field no source gives stays empty and `gaps`
says what is missing (research 1.9, 1.10 and open question 7). Vostok is a Russian national
exercise, not a CSTO one, and is deliberately absent.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from collsec.scenario.facts import Record, Strict

__all__ = [
    "Edition",
    "EditionStatus",
    "ExerciseKind",
    "ExerciseSection",
    "ExerciseSeries",
    "ForceType",
    "SizeRange",
]


class ExerciseKind(StrEnum):
    """How the CSTO itself classes an exercise (research 1.9, column "type")."""

    COMMAND_STAFF_FIELD = "command_staff_field"
    SPECIAL = "special"
    SPECIAL_TACTICAL = "special_tactical"
    JOINT = "joint"
    UMBRELLA = "umbrella"


class ForceType(StrEnum):
    """The force types interoperability is tracked for.

    Each exercise series trains one or more of them (research 1.9, column "forces"); the
    simulator and planner ask for the level of the force type a crisis calls for.
    """

    COMBINED_ARMS = "combined_arms"
    RECONNAISSANCE = "reconnaissance"
    LOGISTICS = "logistics"
    PEACEKEEPING = "peacekeeping"
    SPECIAL_POLICE = "special_police"
    CBRN_MEDICAL = "cbrn_medical"
    EMERGENCY = "emergency"
    AIR = "air"


class EditionStatus(StrEnum):
    """What became of an edition: held, planned, or called off (with the sources' words)."""

    HELD = "held"
    PLANNED = "planned"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    UNCONFIRMED = "unconfirmed"


class SizeRange(Strict):
    """A head-count range as the sources give it ("1,500-6,500 people")."""

    low: int = Field(ge=0)
    high: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.low > self.high:
            raise ValueError("low <= high")
        return self


class ExerciseSeries(Record):
    """A recurring exercise: its names, kind, the forces it trains and its usual size.

    Attributes:
        name: English name used by the CSTO's English pages.
        name_ru: Russian name, transliterated.
        aliases: Other English renderings met in the sources ("Cooperation", "Cliff").
        kind: How the CSTO classes it.
        forces: The units it brings together, in the sources' words.
        force_types: The force types whose interoperability it raises.
        collective_force: The scenario force whose members it trains, when it trains one
            force only (Rubezh: the CRDF-CAR); unknown participants are drawn from it.
        typical_size: Usual personnel, when a source gives it.
        first_held: The first year it was held, when a source gives it.
    """

    name: str
    name_ru: str
    aliases: list[str] = Field(default_factory=list)
    kind: ExerciseKind
    forces: str
    force_types: list[ForceType] = Field(default_factory=list)
    collective_force: str | None = None
    typical_size: SizeRange | None = None
    first_held: int | None = Field(default=None, ge=1992, le=2100)

    @model_validator(mode="after")
    def _trains_something(self) -> ExerciseSeries:
        if self.kind is not ExerciseKind.UMBRELLA and not self.force_types:
            raise ValueError("a series other than an umbrella trains at least one force type")
        return self


class Edition(Record):
    """One year's exercise (or several series run together, as Interaction-Search-Echelon).

    Attributes:
        title: The name the sources use ("Interaction-2022").
        series: Catalogue ids of the series held together under this title.
        year: The year of the edition.
        status: Held, planned, postponed, cancelled, or unconfirmed.
        hosts: Host states (empty when no source names one).
        site: Ranges or region, in the sources' words.
        start: First day, when known.
        end: Last day, when known.
        participants: States that sent forces; None when no source lists them.
        absent: Members the sources say stayed away.
        personnel: Personnel taking part, when a source gives a figure.
        personnel_is_minimum: True when the source says "more than" the figure.
        equipment: Items of equipment, when a source gives a figure.
        umbrella: The id of the umbrella edition this one belongs to, if any.
        gaps: What the sources do not tell (hosts, dates, participants, size).
    """

    title: str
    series: list[str] = Field(min_length=1)
    year: int = Field(ge=1992, le=2100)
    status: EditionStatus
    hosts: list[str] = Field(default_factory=list)
    site: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    participants: list[str] | None = None
    absent: list[str] = Field(default_factory=list)
    personnel: int | None = Field(default=None, ge=0)
    personnel_is_minimum: bool = False
    equipment: int | None = Field(default=None, ge=0)
    umbrella: str | None = None
    gaps: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_consistent(self) -> Edition:
        if self.start is not None and self.start.year != self.year:
            raise ValueError("start in the edition's year")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end on or after start")
        return self

    def day(self, undated_month: int) -> dt.date:
        """The day the edition counts from: its last day, else its first, else mid-month.

        Undated editions are placed in `undated_month` (an assumption: CSTO exercises
        cluster in the autumn).
        """
        return self.end or self.start or dt.date(self.year, undated_month, 15)


class ExerciseSection(Strict):
    """The scenario's `exercises` section: the catalogue and every recorded edition."""

    catalogue: dict[str, ExerciseSeries] = Field(default_factory=dict)
    editions: dict[str, Edition] = Field(default_factory=dict)
