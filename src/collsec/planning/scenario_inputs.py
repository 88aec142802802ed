"""Build a `PlanningProblem` from a scenario and a requirements file.

The scenario gives airfields, aircraft types with their fleets per state, and the collective
forces' contingents; its `assumptions` give what no source does (planning payload factor,
fleet availability, aircraft readiness, block overhead, route factor). The requirements file
says what the operation needs: see docs/planning.md for its format.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from collsec.errors import Problem, UsageError
from collsec.planning.model import (
    AircraftPool,
    AircraftType,
    Airfield,
    Contingent,
    PlanningProblem,
    PoliticalConstraints,
    Requirement,
)
from collsec.scenario.assumptions import AssumptionReader
from collsec.scenario.models import Contingent as ScenarioContingent
from collsec.scenario.models import Scenario

__all__ = [
    "ASSUMPTIONS",
    "CAPABILITIES",
    "PoliticsSpec",
    "RequirementSpec",
    "RequirementsFile",
    "load_requirements",
    "problem_from_scenario",
]

CAPABILITIES: tuple[str, ...] = get_args(ScenarioContingent.model_fields["capability"].annotation)
"""The capabilities a contingent (and so a requirement) may name: the scenario's own list."""

ASSUMPTIONS: dict[str, tuple[float, float | None]] = {
    "airlift_payload_factor": (0.0, 1.0),
    "airlift_fleet_availability": (0.0, 1.0),
    "airlift_aircraft_ready_h": (0.0, None),
    "airlift_block_overhead_h": (0.0, None),
    "airlift_route_factor": (1.0, None),
}
"""Scenario assumptions the planner reads, with their ranges (docs/planning.md: meaning)."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequirementSpec(_Spec):
    """One line of the requirements file."""

    id: str = Field(min_length=1)
    capability: str
    personnel: int = Field(ge=0)
    vehicles: int = Field(default=0, ge=0)
    tonnage_t: float = Field(default=0.0, ge=0)
    destination: str
    due_h: float = Field(ge=0)
    weight: float = Field(default=1.0, gt=0)


class PoliticsSpec(_Spec):
    """Who takes part and in what proportion."""

    refuse: list[str] = Field(default_factory=list)
    exclude_host: bool = True
    pooled_lift: bool = True
    min_share: dict[str, float] = Field(default_factory=dict)
    max_share: dict[str, float] = Field(default_factory=dict)


class RequirementsFile(_Spec):
    """A deployment question as an analyst writes it."""

    description: str | None = None
    host_state: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    forces: list[str] | None = None
    aircraft_states: list[str] | None = None
    horizon_h: float = Field(default=96.0, gt=0)
    political: PoliticsSpec = Field(default_factory=PoliticsSpec)
    requirements: list[RequirementSpec] = Field(min_length=1)
    integration_delay_h: dict[str, float] = Field(default_factory=dict)
    """Hours a state's contingents need to integrate with the rest of a mixed force before
    they can be employed, added to their readiness (data from outside: for instance the
    exercises room's interoperability model; the planner never computes it)."""

    @field_validator("integration_delay_h")
    @classmethod
    def _delays_not_negative(cls, delays: dict[str, float]) -> dict[str, float]:
        bad = sorted(state for state, hours in delays.items() if hours < 0)
        if bad:
            raise ValueError(f"hours >= 0 for every state (negative for {', '.join(bad)})")
        return delays


def load_requirements(path: Path) -> RequirementsFile:
    """Read and validate a requirements YAML file; errors name the file and field path."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError([Problem(f"cannot read: {exc.strerror}", file=str(path))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(
            [
                Problem(
                    f"not valid YAML: {getattr(exc, 'problem', exc)}",
                    file=str(path),
                    line=None if mark is None else mark.line + 1,
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise UsageError([Problem("not a mapping", file=str(path), expected="a YAML mapping")])
    try:
        return RequirementsFile.model_validate(data)
    except ValidationError as exc:
        raise UsageError(
            [
                Problem(
                    err["msg"],
                    file=str(path),
                    path=".".join(str(p) for p in err["loc"]),
                    expected=_expected(err),
                )
                for err in exc.errors()
            ]
        ) from None


def _expected(err: Any) -> str | None:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "no such field (see docs/planning.md for the format)"
    if kind == "missing":
        return "this field"
    return None


def _airlift_assumptions(scenario: Scenario) -> dict[str, float]:
    r = AssumptionReader(scenario, "the planner", "docs/planning.md")
    values = {name: r.number(name, lo, hi) for name, (lo, hi) in ASSUMPTIONS.items()}
    r.done()
    return values


def problem_from_scenario(
    scenario: Scenario, spec: RequirementsFile, source: str = "requirements"
) -> PlanningProblem:
    """The planning problem a requirements file poses in a scenario."""
    _check_spec(scenario, spec, source)
    assumed = _airlift_assumptions(scenario)
    payload_factor = assumed["airlift_payload_factor"]
    availability = assumed["airlift_fleet_availability"]
    ready_h = assumed["airlift_aircraft_ready_h"]
    airfields = {
        k: Airfield(
            id=k,
            state=a.state,
            lat=a.lat,
            lon=a.lon,
            max_on_ground=int(a.max_on_ground.value),
            landings_per_hour=float(a.landings_per_hour.value),
        )
        for k, a in sorted(scenario.airfields.items())
    }
    types: dict[str, AircraftType] = {}
    pools: list[AircraftPool] = []
    for k, a in sorted(scenario.aircraft.items()):
        types[k] = AircraftType(
            id=k,
            payload_t=float(a.payload_t.value) * payload_factor,
            troops=int(a.troops.value),
            cruise_kmh=float(a.cruise_kmh.value),
            range_km=float(a.range_km_at_payload.value),
            turnaround_h=float(a.turnaround_h.value),
        )
        for state, count in sorted(a.fleet.items()):
            if spec.aircraft_states is not None and state not in spec.aircraft_states:
                continue
            pools.append(
                AircraftPool(k, state, math.floor(count.value * availability + 1e-9), ready_h)
            )
    contingents: list[Contingent] = []
    for fid, force in sorted(scenario.forces.items()):
        if spec.forces is not None and fid not in spec.forces:
            continue
        ordinal: dict[str, int] = {}
        for c in force.contingents:
            ordinal[c.state] = ordinal.get(c.state, 0) + 1
            contingents.append(
                Contingent(
                    id=f"{fid}-{c.state}-{ordinal[c.state]}",
                    state=c.state,
                    capability=c.capability,
                    personnel=int(c.personnel.value),
                    vehicles=int(c.vehicles.value),
                    tonnage_t=float(c.tonnage_t.value),
                    readiness_h=float(c.readiness_h.value)
                    + spec.integration_delay_h.get(c.state, 0.0),
                    home_airfield=c.home_airfield,
                )
            )
    host = spec.host_state or airfields[spec.requirements[0].destination].state
    pol = spec.political
    return PlanningProblem(
        requirements=tuple(
            Requirement(
                id=r.id,
                capability=r.capability,
                personnel=r.personnel,
                destination=r.destination,
                due_h=r.due_h,
                vehicles=r.vehicles,
                tonnage_t=r.tonnage_t,
                weight=r.weight,
            )
            for r in spec.requirements
        ),
        contingents=tuple(contingents),
        aircraft_types=types,
        pools=tuple(pools),
        airfields=airfields,
        political=PoliticalConstraints(
            refused=frozenset(pol.refuse),
            min_share=dict(pol.min_share),
            max_share=dict(pol.max_share),
            host_state=host,
            exclude_host=pol.exclude_host,
            pooled_lift=pol.pooled_lift,
        ),
        horizon_h=spec.horizon_h,
        block_overhead_h=assumed["airlift_block_overhead_h"],
        route_factor=assumed["airlift_route_factor"],
    )


def _check_spec(scenario: Scenario, spec: RequirementsFile, source: str) -> None:
    problems: list[Problem] = []
    for i, r in enumerate(spec.requirements):
        if r.destination not in scenario.airfields:
            problems.append(
                Problem(
                    f"unknown airfield {r.destination!r}",
                    file=source,
                    path=f"requirements.{i}.destination",
                    expected="one of " + ", ".join(sorted(scenario.airfields)),
                )
            )
        if r.capability not in CAPABILITIES:
            problems.append(
                Problem(
                    f"unknown capability {r.capability!r}",
                    file=source,
                    path=f"requirements.{i}.capability",
                    expected="one of " + ", ".join(CAPABILITIES),
                )
            )
    for fid in spec.forces or []:
        if fid not in scenario.forces:
            problems.append(
                Problem(
                    f"unknown force {fid!r}",
                    file=source,
                    path="forces",
                    expected="one of " + ", ".join(sorted(scenario.forces)),
                )
            )
    states = set(scenario.states)
    pol = spec.political
    named = [("political.refuse", s) for s in pol.refuse]
    named += [("political.min_share", s) for s in pol.min_share]
    named += [("political.max_share", s) for s in pol.max_share]
    named += [("aircraft_states", s) for s in spec.aircraft_states or []]
    for path, state in named:
        if state not in states:
            problems.append(
                Problem(
                    f"unknown state {state!r}",
                    file=source,
                    path=path,
                    expected="a state code of the scenario",
                )
            )
    for path, shares in (
        ("political.min_share", pol.min_share),
        ("political.max_share", pol.max_share),
    ):
        for state, share in shares.items():
            if not 0 <= share <= 1:
                problems.append(
                    Problem(
                        f"share {share}",
                        file=source,
                        path=f"{path}.{state}",
                        expected="a fraction in [0, 1]",
                    )
                )
    if problems:
        raise UsageError(problems)
