"""One crisis episode: the charter's procedure with chance in the durations and the positions.

The episode asks the charter everything legal: `measure_allowed` says which measures the law
allows, `decide` (the one consensus rule) whether a draft passes, and `walk` runs the whole
procedure so that every step's stage and basis come from `collsec.charter.procedure`. The
behaviour model supplies the request and the positions; the scenario's `sim_*` assumptions
the durations; `planning` the landings; `adjudication` the outcome. Identical legal questions
recur across episodes, so their answers are cached per process: the charter is pure.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from collsec.charter.decisions import COUNCIL, decide
from collsec.charter.measures import MEASURE_ORDER, Measure, measure_allowed
from collsec.charter.positions import Position, Question
from collsec.charter.procedure import Stage, open_case
from collsec.charter.standing import members_on
from collsec.charter.timings import timings_from
from collsec.charter.walk import walk
from collsec.errors import IllegalTransition, Problem, UsageError
from collsec.scenario.models import Scenario
from collsec.sim.adjudication import adjudicate
from collsec.sim.assumptions import SimParameters, parameters_from
from collsec.sim.behaviour import Behaviour
from collsec.sim.crises import CrisisSpec
from collsec.sim.deployment import Deployer
from collsec.sim.records import EpisodeRecord, Outcome

__all__ = ["EpisodeModel", "draws_for"]

Positions = tuple[tuple[str, Position], ...]


def draws_for(seed: int, episode: int) -> Iterator[float]:
    """The episode's endless stream of uniforms in [0, 1).

    `SeedSequence(seed, spawn_key=(episode,))` gives the episode 128 bits of entropy, which
    seed a Mersenne Twister drawn lazily (cheaper than materialising numpy words up front).
    The stream depends only on the run's seed and the episode's index, never on which worker
    runs it, so one worker and many give identical rows.
    """
    key = np.random.SeedSequence(seed, spawn_key=(episode,)).generate_state(4, np.uint32)
    rng = random.Random(int.from_bytes(key.tobytes(), "little"))
    return iter(rng.random, -1.0)


@dataclass(frozen=True)
class _Path:
    """What the charter's walk says for one set of drafts: the procedure's answer, cached."""

    measure: Measure
    stages: tuple[Stage, ...]
    blocked_by: str
    basis: str
    bound: tuple[str, ...]


class EpisodeModel:
    """Everything fixed for one crisis; `run` draws one episode from it."""

    def __init__(self, scenario: Scenario, spec: CrisisSpec) -> None:
        self.scenario = scenario
        self.spec = spec
        self.params: SimParameters = parameters_from(scenario)
        self.timings = timings_from(scenario)
        try:
            self.case = open_case(
                scenario, spec.victim, spec.kind, spec.start, self._characterised()
            )
        except IllegalTransition as exc:
            raise UsageError(
                [Problem(str(exc), path=f"crisis {spec.id}", expected="a victim that is a member")]
            ) from None
        self.behaviour = Behaviour.for_crisis(scenario, self.params, spec)
        self.deployer = Deployer(scenario, spec, self.behaviour.leader)
        victim = scenario.states[spec.victim]
        personnel = victim.active_personnel.value if victim.active_personnel else 0
        self.own_forces = personnel * self.params.victim_commitment_share
        self.members = tuple(s.id for s in members_on(scenario, spec.start.date()))
        self._allowed: dict[tuple[Measure, bool], bool] = {}
        self._decisions: dict[Positions, tuple[bool, tuple[str, ...]]] = {}
        self._paths: dict[tuple[bool, tuple[tuple[Measure, Positions], ...]], _Path] = {}

    def _characterised(self) -> bool | None:
        """Unrest and cyber attacks count as aggression when presented as foreign-backed.

        That is the victim's framing, which the Council accepted in January 2022; other kinds
        take the charter's default characterisation.
        """
        if self.spec.kind.value in ("internal_unrest", "cyber_attack"):
            return self.spec.backing_claimed
        return None

    def allowed(self, measure: Measure, requested: bool) -> bool:
        """Whether the law allows `measure` for this crisis (the charter's guard, cached)."""
        key = (measure, requested)
        if key not in self._allowed:
            self._allowed[key] = measure_allowed(
                measure,
                threat=self.case.threat,
                aggression=self.case.aggression,
                art4_amended=self.case.art4_amended,
                requested=requested,
            )[0]
        return self._allowed[key]

    def adopted(self, positions: Positions) -> bool:
        """Whether the Council adopts a draft with these positions (`charter.decide`, cached)."""
        found = self._decisions.get(positions)
        if found is None:
            d = decide(
                self.scenario,
                COUNCIL,
                Question.SUBSTANTIVE,
                dict(positions),
                self.spec.start.date(),
            )
            found = (d.adopted, d.bound)
            self._decisions[positions] = found
        return found[0]

    def path(self, requested: bool, drafts: tuple[tuple[Measure, Positions], ...]) -> _Path:
        """The charter's walk for these drafts: stages, measure, blocks and bases (cached)."""
        key = (requested, drafts)
        found = self._paths.get(key)
        if found is None:
            w = walk(
                self.scenario,
                self.spec.victim,
                self.spec.kind,
                self.spec.start,
                requested,
                self._characterised(),
                {m: dict(p) for m, p in drafts},
                timings=self.timings,
            )
            blocked = sorted(
                {
                    b
                    for s in w.steps
                    if s.decision and not s.decision.adopted
                    for b in s.decision.blocked_by
                }
            )
            bound: tuple[str, ...] = ()
            for s in w.steps:
                if s.decision and s.decision.adopted:
                    bound = s.decision.bound
            found = _Path(
                measure=w.case.measure or Measure.NOTHING,
                stages=tuple(s.stage for s in w.steps),
                blocked_by=",".join(blocked),
                basis=" | ".join(f"{s.stage.value}: {'; '.join(s.basis)}" for s in w.steps),
                bound=bound,
            )
            self._paths[key] = found
        return found

    def run(self, seed: int, episode: int) -> EpisodeRecord:
        """Draw one episode."""
        u = draws_for(seed, episode)
        p, spec, b = self.params, self.spec, self.behaviour
        requested = spec.requested if spec.requested is not None else next(u) < b.request
        if spec.requested is not None:
            next(u)
        t_request: float | None = None
        if requested:
            t_request = 0.0 if spec.from_request else p.hours_threat_to_request.draw(next(u))
        t_convened = (t_request or 0.0) + p.hours_request_to_convene.draw(next(u))
        t_decision = t_convened + p.hours_convene_to_decision.draw(next(u))
        drafts: list[tuple[Measure, Positions]] = []
        for measure in MEASURE_ORDER:
            if measure is Measure.NOTHING or not self.allowed(measure, requested):
                continue
            positions = b.positions(measure, u, p.leader_objects)
            drafts.append((measure, positions))
            if self.adopted(positions):
                break
        path = self.path(requested, tuple(drafts))
        size = spec.size.draw(next(u))
        duration_h = spec.duration_days.draw(next(u)) * 24.0
        times: dict[str, float | None] = dict.fromkeys(
            ("order", "first", "full", "complete", "leaving", "closed"), None
        )
        troops: tuple[tuple[str, int], ...] = ()
        outcome = Outcome.NOT_APPLICABLE
        closed = t_decision
        if path.measure is Measure.COLLECTIVE_FORCES:
            t_order = t_decision + p.hours_decision_to_order.draw(next(u))
            senders = tuple(
                s for s in path.bound if s != spec.victim and (s == b.leader or next(u) < b.offer)
            )
            plan = self.deployer.deploy(senders)
            times["order"], closed = t_order, t_order
            if plan.arrivals:
                arrivals = [(t_order + h, n) for h, n, _ in plan.arrivals]
                first, full = arrivals[0][0], max(h for h, _ in arrivals)
                complete = first + p.days_mission.draw(next(u)) * 24.0
                leaving = complete + p.days_withdrawal_start.draw(next(u)) * 24.0
                closed = leaving + p.days_withdrawal.draw(next(u)) * 24.0
                times.update(first=first, full=full, complete=complete, leaving=leaving)
                troops = plan.troops
                days_unmet = max(0.0, first) / 24.0
                escalated = next(u) < 1.0 - (1.0 - spec.escalation) ** days_unmet
                outcome = adjudicate(
                    p,
                    spec.kind,
                    own=self.own_forces,
                    arrivals=arrivals,
                    size=size,
                    duration_h=max(duration_h, first),
                    escalated=escalated,
                    u=next(u),
                )
        decided = path.measure is not Measure.NOTHING
        return EpisodeRecord(
            seed=seed,
            episode=episode,
            crisis=spec.id,
            victim=spec.victim,
            kind=spec.kind.value,
            requested=requested,
            decision=decided,
            measure=path.measure.value,
            blocked_by=path.blocked_by,
            deployed=bool(troops),
            t_request_h=t_request,
            t_convened_h=t_convened,
            t_decision_h=t_decision,
            t_order_h=times["order"],
            t_first_arrival_h=times["first"],
            t_full_deployment_h=times["full"],
            t_mission_complete_h=times["complete"],
            t_withdrawal_start_h=times["leaving"],
            t_withdrawal_complete_h=closed if troops else None,
            troops=troops,
            troops_total=sum(n for _, n in troops),
            outcome=outcome,
            duration_h=max(closed, duration_h),
            basis=path.basis,
        )
