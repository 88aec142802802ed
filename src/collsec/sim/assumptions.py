"""The simulator's parameters, read and checked from the scenario's `assumptions` section.

Nothing numeric lives in the simulator's code: step durations, crisis sizes and every weight of
the behaviour model are named assumptions (`sim_*`) with their reasoning in the scenario. A
missing or malformed one is reported with its `--set` path and what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from collsec.scenario.assumptions import AssumptionReader
from collsec.scenario.models import Scenario

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "Lanchester",
    "PositionWeights",
    "RequestWeights",
    "SimParameters",
    "Tri",
    "parameters_from",
]


@dataclass(frozen=True)
class Tri:
    """A triangular distribution (low, mode, high), drawn by inverse transform."""

    low: float
    mode: float
    high: float

    def draw(self, u: float) -> float:
        """The value at quantile `u` in [0, 1): one uniform in, one sample out."""
        lo, hi, cut, rise, fall = self._inverse
        if u < cut:
            return lo + math.sqrt(u * rise)
        return hi - math.sqrt((1.0 - u) * fall)

    @cached_property
    def _inverse(self) -> tuple[float, float, float, float, float]:
        """The inverse CDF's constants, computed once: low, high, cut, and the two areas."""
        lo, mo, hi = self.low, self.mode, self.high
        if hi <= lo:
            return lo, lo, 2.0, 0.0, 0.0
        return lo, hi, (mo - lo) / (hi - lo), (hi - lo) * (mo - lo), (hi - lo) * (hi - mo)


@dataclass(frozen=True)
class RequestWeights:
    """Weights of the request model (docs/behaviour.md, section "Request")."""

    base: float
    kind: Mapping[str, float]
    backing_claimed: float
    leader_tie: float
    leader_adversary_tie: float
    frozen: float


@dataclass(frozen=True)
class PositionWeights:
    """Weights of the Council-position model (docs/behaviour.md, section "Positions")."""

    base: float
    kind: Mapping[str, float]
    backing_claimed: float
    victim_tie: float
    adversary_tie: float
    exposure: float
    exposure_scale_km: float
    follow_leader: float
    frozen: float
    unrequested: float


@dataclass(frozen=True)
class Lanchester:
    """Square-law attrition per day, the breaking point and the integration step."""

    defender_per_day: float
    attacker_per_day: float
    break_fraction: float
    step_hours: float


@dataclass(frozen=True)
class SimParameters:
    """Every `sim_*` assumption, typed."""

    hours_threat_to_request: Tri
    hours_request_to_convene: Tri
    hours_convene_to_decision: Tri
    hours_decision_to_order: Tri
    days_mission: Tri
    days_withdrawal_start: Tri
    days_withdrawal: Tri
    leading_state: str
    tie_weights: Mapping[str, float]
    clash_memory_years: float
    request: RequestWeights
    position: PositionWeights
    measure_weights: Mapping[str, float]
    measure_fit: Mapping[str, Mapping[str, float]]
    object_share: Mapping[str, float]
    leader_objects: float
    offer_probability: float
    victim_commitment_share: float
    lanchester: Lanchester
    stabilisation_rate: float


def _tri(r: AssumptionReader, name: str) -> Tri:
    path = f"{name}.value"
    value = r.mapping(path, r.raw(name), "{low, mode, high}")
    if value is None:
        return Tri(0.0, 0.0, 0.0)
    if set(value) != {"low", "mode", "high"}:
        r.bad(path, value, "{low, mode, high}")
        return Tri(0.0, 0.0, 0.0)
    low, mode, high = (r.check(f"{path}.{k}", value[k], 0.0) for k in ("low", "mode", "high"))
    if not low <= mode <= high:
        r.bad(path, value, "low <= mode <= high")
    return Tri(low, mode, high)


_W = TypeVar("_W", bound="DataclassInstance")


def _weights(
    r: AssumptionReader,
    name: str,
    cls: type[_W],
    ranges: Mapping[str, tuple[float | None, float | None]] | None = None,
) -> _W:
    """Assumption `name` as a `cls`: exactly its fields, numbers (and `kind` a table)."""
    path = f"{name}.value"
    raw = r.record(name, tuple(f.name for f in fields(cls)))
    ranges = ranges or {}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key == "kind":
            values[key] = r.table(f"{path}.{key}", value)
        elif value is None:
            values[key] = 0.0  # `record` has reported the missing key
        else:
            values[key] = r.check(f"{path}.{key}", value, *ranges.get(key, (None, None)))
    return cls(**values)


def parameters_from(scenario: Scenario) -> SimParameters:
    """Read every `sim_*` assumption of `scenario` into typed parameters.

    Raises:
        ScenarioError: an assumption is missing or has the wrong shape; all problems are listed
            with their `assumptions.NAME.value...` path.
    """
    r = AssumptionReader(scenario, "the simulator", "docs/behaviour.md and docs/simulation.md")
    fit_raw = r.mapping(
        "sim_measure_fit.value", r.raw("sim_measure_fit"), "MEASURE: {KIND: number}"
    )
    fit = {
        str(measure): r.table(f"sim_measure_fit.value.{measure}", row)
        for measure, row in (fit_raw or {}).items()
    }
    objects = r.table("sim_object_share.value", r.raw("sim_object_share"), 0.0)
    for measure, share in objects.items():
        r.check(f"sim_object_share.value.{measure}", share, 0.0, 1.0)
    leader = r.raw("sim_leading_state")
    if leader is not None and (not isinstance(leader, str) or leader not in scenario.states):
        r.bad("sim_leading_state.value", leader, "a state of the scenario, e.g. RUS")
    params = SimParameters(
        hours_threat_to_request=_tri(r, "sim_hours_threat_to_request"),
        hours_request_to_convene=_tri(r, "sim_hours_request_to_convene"),
        hours_convene_to_decision=_tri(r, "sim_hours_convene_to_decision"),
        hours_decision_to_order=_tri(r, "sim_hours_decision_to_order"),
        days_mission=_tri(r, "sim_days_mission"),
        days_withdrawal_start=_tri(r, "sim_days_withdrawal_start"),
        days_withdrawal=_tri(r, "sim_days_withdrawal"),
        leading_state=leader if isinstance(leader, str) else "",
        tie_weights=r.table("sim_tie_weights.value", r.raw("sim_tie_weights")),
        clash_memory_years=r.number("sim_clash_memory_years", 0.0),
        request=_weights(r, "sim_request_weights", RequestWeights),
        position=_weights(
            r, "sim_position_weights", PositionWeights, {"exposure_scale_km": (1.0, None)}
        ),
        measure_weights=r.table("sim_measure_weights.value", r.raw("sim_measure_weights")),
        measure_fit=fit,
        object_share=objects,
        leader_objects=r.number("sim_leader_objects", 0.0, 1.0),
        offer_probability=r.number("sim_offer_probability", 0.0, 1.0),
        victim_commitment_share=r.number("sim_victim_commitment_share", 0.0, 1.0),
        lanchester=_weights(
            r,
            "sim_lanchester",
            Lanchester,
            {
                "defender_per_day": (0.0, None),
                "attacker_per_day": (0.0, None),
                "break_fraction": (0.0, 1.0),
                "step_hours": (0.1, None),
            },
        ),
        stabilisation_rate=r.number("sim_stabilisation_rate", 0.0),
    )
    r.done()
    return params
