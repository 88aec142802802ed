"""Contingency plans: deployments planned ahead for the likely crises, kept as an artefact.

For every (crisis type, victim) the alliance rates at least `contingency_likelihood_threshold`
likely (the risk register), the planner (`collsec.planning`) plans the collective force's
deployment before any crisis happens: every active member of the force except the victim
offers its contingents. The plans are written to one JSON file whose `version` is a hash of
its content, so a simulation run records which plans it used and a changed file is noticed.

When a plan exists for an episode's crisis, the simulator uses its landings and shortens the
step from convening to decision to `contingency_decision_h` (the 2023 regulation aims at
about 24 hours; Russian MFA, May 2024).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from collsec.errors import Problem, ScenarioError, UsageError
from collsec.exercises.threats import RiskRow, risk_register
from collsec.planning import (
    Plan,
    SolveStatus,
    problem_from_scenario,
    solve_greedy,
)
from collsec.planning.geo import great_circle_km
from collsec.planning.scenario_inputs import PoliticsSpec, RequirementsFile, RequirementSpec
from collsec.scenario.models import Scenario, Status

__all__ = [
    "FORMAT",
    "ContingencyBook",
    "ContingencyPlan",
    "build_contingency_plans",
    "load_contingency_plans",
]

FORMAT = "collsec.contingency/1"


@dataclass(frozen=True)
class ContingencyPlan:
    """A deployment planned ahead for one (crisis type, victim).

    Attributes:
        kind: The crisis type.
        victim: The member it happens in.
        crisis: The catalogue crisis it was planned from (location and requirement).
        force: The collective force the crisis type calls for.
        destination: The airfield in the victim's territory nearest the crisis.
        senders: States whose contingents the plan moves.
        status: The planner's status.
        arrivals: (hours after the order, personnel, state) of each landing with troops.
        reason: Why nothing lands, when nothing does.
    """

    kind: str
    victim: str
    crisis: str
    force: str
    destination: str | None
    senders: tuple[str, ...]
    status: str
    arrivals: tuple[tuple[float, int, str], ...]
    reason: str = ""

    def arrivals_for(self, senders: Iterable[str]) -> tuple[tuple[float, int, str], ...]:
        """The landings of the states that actually send troops (a subset of the plan's)."""
        keep = set(senders)
        return tuple(a for a in self.arrivals if a[2] in keep)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "kind": self.kind,
            "victim": self.victim,
            "crisis": self.crisis,
            "force": self.force,
            "destination": self.destination,
            "senders": list(self.senders),
            "status": self.status,
            "arrivals": [[h, n, s] for h, n, s in self.arrivals],
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContingencyPlan:
        """The plan written by `to_dict`."""
        return cls(
            kind=str(data["kind"]),
            victim=str(data["victim"]),
            crisis=str(data["crisis"]),
            force=str(data["force"]),
            destination=None if data["destination"] is None else str(data["destination"]),
            senders=tuple(str(s) for s in data["senders"]),
            status=str(data["status"]),
            arrivals=tuple((float(h), int(n), str(s)) for h, n, s in data["arrivals"]),
            reason=str(data.get("reason", "")),
        )


@dataclass(frozen=True)
class ContingencyBook:
    """Every contingency plan of one build, with the version that identifies it."""

    scenario: str
    as_of: str
    solver: str
    decision_h: float
    plans: tuple[ContingencyPlan, ...]

    @property
    def version(self) -> str:
        """The first 16 hex digits of the SHA-256 of the content (everything but the version)."""
        text = json.dumps(self._content(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def find(self, kind: str, victim: str) -> ContingencyPlan | None:
        """The plan for this crisis type and victim, if one was prepared."""
        for plan in self.plans:
            if plan.kind == kind and plan.victim == victim:
                return plan
        return None

    def _content(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "scenario": self.scenario,
            "as_of": self.as_of,
            "solver": self.solver,
            "decision_h": self.decision_h,
            "plans": [p.to_dict() for p in self.plans],
        }

    def to_dict(self) -> dict[str, Any]:
        """The artefact as written: the content and its version."""
        return {**self._content(), "version": self.version}

    def write(self, path: Path) -> None:
        """Write the artefact as JSON (sorted keys, so equal books give equal files)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")


def load_contingency_plans(path: Path) -> ContingencyBook:
    """Read an artefact written by `ContingencyBook.write`, checking its version hash.

    Raises:
        UsageError: when the file cannot be read, is not an artefact, or was edited since
            it was built (its version no longer matches its content).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError([Problem(f"cannot read: {exc.strerror}", file=str(path))]) from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            [Problem(f"not JSON: {exc.msg}", file=str(path), line=exc.lineno)]
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(
            [
                Problem(
                    "not a contingency-plan artefact",
                    file=str(path),
                    path="format",
                    expected=FORMAT,
                )
            ]
        )
    try:
        book = ContingencyBook(
            scenario=str(data["scenario"]),
            as_of=str(data["as_of"]),
            solver=str(data["solver"]),
            decision_h=float(data["decision_h"]),
            plans=tuple(ContingencyPlan.from_dict(p) for p in data["plans"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(
            [Problem(f"malformed artefact: {exc!r}", file=str(path), expected=FORMAT)]
        ) from None
    if book.version != data.get("version"):
        raise UsageError(
            [
                Problem(
                    f"version {data.get('version')!r} does not match the content ({book.version})",
                    file=str(path),
                    path="version",
                    expected="an unedited artefact; rebuild it with `collsec contingency build`",
                )
            ]
        )
    return book


def build_contingency_plans(scenario: Scenario, threshold: float | None = None) -> ContingencyBook:
    """Plan ahead for every register row at or above the likelihood threshold.

    The planner's greedy solver prepares the plans, as the simulator's deployments do: the
    exact optimiser took more than ten minutes for the eight default plans on two cores.

    Args:
        scenario: The world; its register, forces, airfields and assumptions.
        threshold: Overrides `contingency_likelihood_threshold`.
    """
    limit = (
        _number(scenario, "contingency_likelihood_threshold") if threshold is None else threshold
    )
    decision_h = _number(scenario, "contingency_decision_h")
    forces = _force_table(scenario)
    register = risk_register(scenario)
    plans = [
        _plan(scenario, row, forces[row.kind])
        for row in register.rows
        if row.likelihood >= limit and row.crisis is not None and row.kind in forces
    ]
    plans.sort(key=lambda p: (p.kind, p.victim))
    return ContingencyBook(
        scenario=scenario.name,
        as_of=scenario.as_of.isoformat(),
        solver="greedy",
        decision_h=decision_h,
        plans=tuple(plans),
    )


def _number(scenario: Scenario, name: str) -> float:
    entry = scenario.assumptions.get(name)
    value = entry.value if entry is not None else None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ScenarioError(
            [Problem(f"{name} is {value!r}", path=f"assumptions.{name}", expected="a number >= 0")]
        )
    return float(value)


def _force_table(scenario: Scenario) -> dict[str, str]:
    """The force each crisis type calls for: the simulator's `sim_force_for_kind`, one truth."""
    entry = scenario.assumptions.get("sim_force_for_kind")
    table = entry.value if entry is not None else None
    if not isinstance(table, dict) or any(f not in scenario.forces for f in table.values()):
        raise ScenarioError(
            [
                Problem(
                    f"sim_force_for_kind is {table!r}",
                    path="assumptions.sim_force_for_kind",
                    expected="a mapping crisis type -> force id: "
                    + ", ".join(sorted(scenario.forces)),
                )
            ]
        )
    return {str(k): str(v) for k, v in table.items()}


def _plan(scenario: Scenario, row: RiskRow, force_id: str) -> ContingencyPlan:
    crisis_id = row.crisis or ""
    crisis = scenario.crises[crisis_id]
    if crisis.victim == row.victim:
        lat, lon = crisis.location.lat, crisis.location.lon
    else:
        capital = scenario.states[row.victim].capital
        lat, lon = capital.lat, capital.lon
    destination = _nearest_airfield(scenario, row.victim, lat, lon)
    force = scenario.forces[force_id]
    senders = tuple(
        sorted(
            s
            for s in force.members
            if s != row.victim
            and s in scenario.states
            and scenario.states[s].status_on(scenario.as_of) is Status.ACTIVE
        )
    )
    base = ContingencyPlan(
        row.kind, row.victim, crisis_id, force_id, destination, senders, "not planned", ()
    )
    if destination is None:
        return replace(base, reason=f"no airfield in {row.victim}")
    chosen = _contingents(scenario, force_id, senders, int(crisis.requirement_personnel.value))
    if not chosen:
        return replace(base, reason="no contingent offered")
    spec = RequirementsFile(
        host_state=row.victim,
        forces=[force_id],
        horizon_h=240.0,
        political=PoliticsSpec(
            refuse=sorted(set(scenario.states) - set(senders) - {row.victim}),
            exclude_host=True,
            pooled_lift=True,
        ),
        requirements=[
            RequirementSpec(
                id=f"r{i}", capability=cap, personnel=n, destination=destination, due_h=24.0
            )
            for i, (cap, n) in enumerate(chosen)
        ],
    )
    problem = problem_from_scenario(scenario, spec, source="contingency")
    plan = solve_greedy(problem)
    return replace(
        base,
        status=plan.status.value,
        arrivals=_arrivals(plan, problem.contingents),
        reason=_reason(plan),
    )


def _contingents(
    scenario: Scenario, force_id: str, senders: Sequence[str], needed: int
) -> list[tuple[str, int]]:
    """Contingents offered, quickest first, until the requirement is met."""
    pool = [c for c in scenario.forces[force_id].contingents if c.state in senders]
    pool.sort(key=lambda c: (float(c.readiness_h.value), c.state, c.unit))
    chosen: list[tuple[str, int]] = []
    total = 0
    for c in pool:
        if total >= needed:
            break
        chosen.append((c.capability, int(c.personnel.value)))
        total += int(c.personnel.value)
    return chosen


def _arrivals(plan: Plan, contingents: Iterable[Any]) -> tuple[tuple[float, int, str], ...]:
    if plan.status is SolveStatus.INFEASIBLE:
        return ()
    # Hours are rounded to the artefact's precision so a loaded book equals the built one.
    state_of = {c.id: c.state for c in contingents}
    out = []
    for sortie in sorted(plan.sorties, key=lambda s: (s.arrival_h, s.tail)):
        for load in sortie.loads:
            if load.personnel:
                out.append(
                    (round(sortie.arrival_h, 6), int(load.personnel), state_of[load.contingent])
                )
    return tuple(out)


def _reason(plan: Plan) -> str:
    if plan.sorties:
        return ""
    return "; ".join(str(e) for e in plan.explanations) or "no feasible airlift"


def _nearest_airfield(scenario: Scenario, state: str, lat: float, lon: float) -> str | None:
    best: tuple[float, str] | None = None
    for fid, field in sorted(scenario.airfields.items()):
        if field.state != state:
            continue
        km = great_circle_km(lat, lon, field.lat, field.lon)
        if best is None or km < best[0] - 1e-9:
            best = (km, fid)
    return None if best is None else best[1]
