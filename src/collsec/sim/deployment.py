"""From the members who send troops to landings: force generation and airlift via `planning`.

The simulator never moves forces itself. It names the force the threat calls for
(`assumptions.sim_force_for_kind`), the contributing states and the destination airfield, and
asks the greedy planner for a plan. Planning is a pure function of these inputs, so a plan is
computed once per distinct input and reused by every episode that needs it (per process).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from collsec.errors import Problem, ScenarioError
from collsec.planning.geo import great_circle_km
from collsec.planning.greedy import solve_greedy
from collsec.planning.plan import SolveStatus
from collsec.planning.scenario_inputs import (
    PoliticsSpec,
    RequirementsFile,
    RequirementSpec,
    problem_from_scenario,
)
from collsec.scenario.models import Scenario
from collsec.sim.crises import CrisisSpec
from collsec.sim.preparation import Preparation

__all__ = ["Deployer", "Deployment"]


@dataclass(frozen=True)
class Deployment:
    """A plan's result as the episode needs it: landings in hours after the order.

    Attributes:
        arrivals: (hour after the order, personnel, state) of each landing with troops.
        troops: Personnel by state.
        reason: Why nothing lands, when nothing does.
    """

    arrivals: tuple[tuple[float, int, str], ...]
    troops: tuple[tuple[str, int], ...]
    reason: str = ""

    @cached_property
    def total(self) -> int:
        """Personnel delivered."""
        return sum(n for _, n in self.troops)

    @cached_property
    def offsets(self) -> tuple[tuple[float, int], ...]:
        """(hour after the order, personnel) of each landing, as adjudication takes them."""
        return tuple((h, n) for h, n, _ in self.arrivals)

    @cached_property
    def last_h(self) -> float:
        """Hours from the order to the last landing (full deployment)."""
        return max(h for h, _, _ in self.arrivals)


class Deployer:
    """Plans deployments for one crisis, caching each distinct plan."""

    def __init__(
        self,
        scenario: Scenario,
        spec: CrisisSpec,
        leader: str | None,
        preparation: Preparation | None = None,
    ) -> None:
        self.scenario = scenario
        self.spec = spec
        self.leader = leader
        self.preparation = preparation
        self.force = _force_for(scenario, spec)
        self.destination = _nearest_airfield(scenario, spec)
        self._cache: dict[tuple[str, ...], Deployment] = {}

    def deploy(self, senders: tuple[str, ...]) -> Deployment:
        """The landings when `senders` (sorted state ids) contribute their contingents."""
        found = self._cache.get(senders)
        if found is None:
            found = self._plan(senders)
            self._cache[senders] = found
        return found

    def requirements_for(self, senders: tuple[str, ...]) -> RequirementsFile | str:
        """The deployment question `senders` pose, or why there is none.

        The contingents of the crisis's force that the senders offer, the leading state's
        first and then the readiest, until the crisis's personnel requirement is met; states
        that do not send refuse; each lands at the victim's airfield nearest the crisis.
        """
        force = self.scenario.forces[self.force]
        if self.destination is None:
            return f"no airfield in {self.spec.victim}"
        wanted = [
            c for c in force.contingents if c.state in senders and c.state != self.spec.victim
        ]
        wanted.sort(key=lambda c: (c.state != self.leader, float(c.readiness_h.value), c.state))
        chosen = []
        total = 0
        for c in wanted:
            if total >= self.spec.requirement_personnel:
                break
            chosen.append(c)
            total += int(c.personnel.value)
        if not chosen:
            return "no contingent offered"
        members = {s for s in self.scenario.states}
        refuse = sorted(members - set(senders) - {self.spec.victim})
        return RequirementsFile(
            integration_delay_h=self._integration_delays(sorted({c.state for c in chosen})),
            description=f"{self.spec.id}: {force.name} to {self.spec.victim}",
            host_state=self.spec.victim,
            forces=[self.force],
            horizon_h=240.0,
            political=PoliticsSpec(refuse=refuse, exclude_host=True, pooled_lift=True),
            requirements=[
                RequirementSpec(
                    id=f"r{i}",
                    capability=c.capability,
                    personnel=int(c.personnel.value),
                    destination=self.destination,
                    due_h=24.0,
                )
                for i, c in enumerate(chosen)
            ],
        )

    def _integration_delays(self, states: list[str]) -> dict[str, float]:
        """Each joining state's integration delay in this mixed force (none without data).

        The leading state's contingent is the core the others join: it brings the command and
        the airlift (a Russian general commanded the whole force in January 2022, and the
        Russian advance units landed and started their tasks on 6 Jan, hours before the other
        contingents left home). Integration is the others' liaison and rehearsal with that
        core, so the leading state has no delay; every other sender keeps its own.
        """
        if self.preparation is None or len(states) < 2:
            return {}
        kind = self.preparation.force_type(self.force)
        return {
            s: self.preparation.interop.integration_delay(s, states, kind)
            for s in states
            if s != self.leader
        }

    def _plan(self, senders: tuple[str, ...]) -> Deployment:
        spec = self.requirements_for(senders)
        if isinstance(spec, str):
            return Deployment((), (), spec)
        problem = problem_from_scenario(self.scenario, spec, source="sim")
        plan = solve_greedy(problem)
        if plan.status is SolveStatus.INFEASIBLE or not plan.sorties:
            why = "; ".join(str(e) for e in plan.explanations) or "no feasible airlift"
            return Deployment((), (), why)
        state_of = {c.id: c.state for c in problem.contingents}
        arrivals: list[tuple[float, int, str]] = []
        for sortie in sorted(plan.sorties, key=lambda s: (s.arrival_h, s.tail)):
            for load in sortie.loads:
                if load.personnel:
                    arrivals.append((sortie.arrival_h, load.personnel, state_of[load.contingent]))
        troops: dict[str, int] = {}
        for _, n, s in arrivals:
            troops[s] = troops.get(s, 0) + n
        return Deployment(tuple(arrivals), tuple(sorted(troops.items())))


def _force_for(scenario: Scenario, spec: CrisisSpec) -> str:
    entry = scenario.assumptions.get("sim_force_for_kind")
    table = entry.value if entry is not None else None
    force = table.get(spec.kind.value) if isinstance(table, dict) else None
    if not isinstance(force, str) or force not in scenario.forces:
        raise ScenarioError(
            [
                Problem(
                    f"no force for {spec.kind.value}: {force!r}",
                    path=f"assumptions.sim_force_for_kind.value.{spec.kind.value}",
                    expected=f"one of {', '.join(sorted(scenario.forces))}",
                )
            ]
        )
    return force


def _nearest_airfield(scenario: Scenario, spec: CrisisSpec) -> str | None:
    best: tuple[float, str] | None = None
    for fid, field in sorted(scenario.airfields.items()):
        if field.state != spec.victim:
            continue
        km = great_circle_km(spec.lat, spec.lon, field.lat, field.lon)
        if best is None or km < best[0] - 1e-9:
            best = (km, fid)
    return None if best is None else best[1]
