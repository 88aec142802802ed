"""The simulator's parameters, read and checked from the scenario's `assumptions` section.

Nothing numeric lives in the simulator's code: step durations, crisis sizes and every weight of
the behaviour model are named assumptions (`sim_*`) with their reasoning in the scenario. A
missing or malformed one is reported with its `--set` path and what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from collsec.errors import Problem, ScenarioError
from collsec.scenario.models import Scenario

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


class _Reader:
    def __init__(self, scenario: Scenario) -> None:
        self.assumptions = scenario.assumptions
        self.problems: list[Problem] = []

    def raw(self, name: str) -> Any:
        entry = self.assumptions.get(name)
        if entry is None:
            self.problems.append(
                Problem("missing", path=f"assumptions.{name}", expected="a sim_* assumption")
            )
            return None
        return entry.value

    def number(self, name: str, value: Any, path: str, lo: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.append(
                Problem(f"{value!r} is not a number", path=path, expected="a number")
            )
            return 0.0
        if lo is not None and value < lo:
            self.problems.append(Problem(f"{value!r} is too small", path=path, expected=f">= {lo}"))
        return float(value)

    def share(self, value: Any, path: str) -> float:
        number = self.number("", value, path, 0.0)
        if number > 1:
            self.problems.append(Problem(f"{value!r} is above 1", path=path, expected="0..1"))
        return number

    def scalar(self, name: str, lo: float | None = None) -> float:
        return self.number(name, self.raw(name), f"assumptions.{name}.value", lo)

    def tri(self, name: str) -> Tri:
        value = self.raw(name)
        path = f"assumptions.{name}.value"
        return self.tri_value(value, path)

    def tri_value(self, value: Any, path: str) -> Tri:
        if not isinstance(value, Mapping) or set(value) != {"low", "mode", "high"}:
            self.problems.append(
                Problem(f"{value!r} is not a range", path=path, expected="{low, mode, high}")
            )
            return Tri(0.0, 0.0, 0.0)
        low, mode, high = (
            self.number("", value[k], f"{path}.{k}", 0.0) for k in ("low", "mode", "high")
        )
        if not low <= mode <= high:
            self.problems.append(Problem("not ordered", path=path, expected="low <= mode <= high"))
        return Tri(low, mode, high)

    def table(self, value: Any, path: str) -> dict[str, float]:
        if not isinstance(value, Mapping):
            self.problems.append(
                Problem(f"{value!r} is not a table", path=path, expected="NAME: number")
            )
            return {}
        return {str(k): self.number("", v, f"{path}.{k}", None) for k, v in value.items()}

    def record(self, name: str, keys: tuple[str, ...]) -> dict[str, Any]:
        value = self.raw(name)
        path = f"assumptions.{name}.value"
        if not isinstance(value, Mapping):
            self.problems.append(
                Problem(f"{value!r} is not a table", path=path, expected=", ".join(keys))
            )
            return {k: 0.0 for k in keys}
        missing = [k for k in keys if k not in value]
        extra = sorted(set(map(str, value)) - set(keys))
        if missing or extra:
            self.problems.append(
                Problem(f"keys {sorted(map(str, value))}", path=path, expected=", ".join(keys))
            )
        return {k: value.get(k, 0.0) for k in keys}


def parameters_from(scenario: Scenario) -> SimParameters:
    """Read every `sim_*` assumption of `scenario` into typed parameters.

    Raises:
        ScenarioError: an assumption is missing or has the wrong shape; all problems are listed
            with their `assumptions.NAME.value...` path.
    """
    r = _Reader(scenario)
    req = r.record(
        "sim_request_weights",
        ("base", "kind", "backing_claimed", "leader_tie", "leader_adversary_tie", "frozen"),
    )
    rp = "assumptions.sim_request_weights.value"
    pos = r.record(
        "sim_position_weights",
        (
            "base", "kind", "backing_claimed", "victim_tie", "adversary_tie", "exposure",
            "exposure_scale_km", "follow_leader", "frozen",
        ),
    )  # fmt: skip
    pp = "assumptions.sim_position_weights.value"
    lan = r.record(
        "sim_lanchester", ("defender_per_day", "attacker_per_day", "break_fraction", "step_hours")
    )
    lp = "assumptions.sim_lanchester.value"
    fit_raw = r.raw("sim_measure_fit")
    fit: dict[str, dict[str, float]] = {}
    if isinstance(fit_raw, Mapping):
        for measure, row in fit_raw.items():
            fit[str(measure)] = r.table(row, f"assumptions.sim_measure_fit.value.{measure}")
    else:
        r.problems.append(
            Problem(f"{fit_raw!r} is not a table", path="assumptions.sim_measure_fit.value",
                    expected="MEASURE: {KIND: number}")
        )  # fmt: skip
    objects = r.table(r.raw("sim_object_share"), "assumptions.sim_object_share.value")
    for measure, share in objects.items():
        r.share(share, f"assumptions.sim_object_share.value.{measure}")
    leader = r.raw("sim_leading_state")
    if not isinstance(leader, str) or leader not in scenario.states:
        r.problems.append(
            Problem(f"{leader!r} is not a state of the scenario",
                    path="assumptions.sim_leading_state.value", expected="a state id, e.g. RUS")
        )  # fmt: skip
        leader = ""
    params = SimParameters(
        hours_threat_to_request=r.tri("sim_hours_threat_to_request"),
        hours_request_to_convene=r.tri("sim_hours_request_to_convene"),
        hours_convene_to_decision=r.tri("sim_hours_convene_to_decision"),
        hours_decision_to_order=r.tri("sim_hours_decision_to_order"),
        days_mission=r.tri("sim_days_mission"),
        days_withdrawal_start=r.tri("sim_days_withdrawal_start"),
        days_withdrawal=r.tri("sim_days_withdrawal"),
        leading_state=leader,
        tie_weights=r.table(r.raw("sim_tie_weights"), "assumptions.sim_tie_weights.value"),
        clash_memory_years=r.scalar("sim_clash_memory_years", 0.0),
        request=RequestWeights(
            base=r.number("", req["base"], f"{rp}.base"),
            kind=r.table(req["kind"], f"{rp}.kind"),
            backing_claimed=r.number("", req["backing_claimed"], f"{rp}.backing_claimed"),
            leader_tie=r.number("", req["leader_tie"], f"{rp}.leader_tie"),
            leader_adversary_tie=r.number(
                "", req["leader_adversary_tie"], f"{rp}.leader_adversary_tie"
            ),
            frozen=r.number("", req["frozen"], f"{rp}.frozen"),
        ),
        position=PositionWeights(
            base=r.number("", pos["base"], f"{pp}.base"),
            kind=r.table(pos["kind"], f"{pp}.kind"),
            backing_claimed=r.number("", pos["backing_claimed"], f"{pp}.backing_claimed"),
            victim_tie=r.number("", pos["victim_tie"], f"{pp}.victim_tie"),
            adversary_tie=r.number("", pos["adversary_tie"], f"{pp}.adversary_tie"),
            exposure=r.number("", pos["exposure"], f"{pp}.exposure"),
            exposure_scale_km=r.number(
                "", pos["exposure_scale_km"], f"{pp}.exposure_scale_km", 1.0
            ),
            follow_leader=r.number("", pos["follow_leader"], f"{pp}.follow_leader"),
            frozen=r.number("", pos["frozen"], f"{pp}.frozen"),
        ),
        measure_weights=r.table(
            r.raw("sim_measure_weights"), "assumptions.sim_measure_weights.value"
        ),
        measure_fit=fit,
        object_share=objects,
        leader_objects=r.share(r.raw("sim_leader_objects"), "assumptions.sim_leader_objects.value"),
        offer_probability=r.share(
            r.raw("sim_offer_probability"), "assumptions.sim_offer_probability.value"
        ),
        victim_commitment_share=r.share(
            r.raw("sim_victim_commitment_share"), "assumptions.sim_victim_commitment_share.value"
        ),
        lanchester=Lanchester(
            defender_per_day=r.number("", lan["defender_per_day"], f"{lp}.defender_per_day", 0.0),
            attacker_per_day=r.number("", lan["attacker_per_day"], f"{lp}.attacker_per_day", 0.0),
            break_fraction=r.share(lan["break_fraction"], f"{lp}.break_fraction"),
            step_hours=r.number("", lan["step_hours"], f"{lp}.step_hours", 0.1),
        ),
        stabilisation_rate=r.scalar("sim_stabilisation_rate", 0.0),
    )
    if r.problems:
        raise ScenarioError(r.problems)
    return params
