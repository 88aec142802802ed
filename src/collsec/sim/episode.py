"""One crisis episode: the charter's procedure with chance in the durations and the positions.

The episode asks the charter everything legal: `measure_allowed` says which measures the law
allows, `decide` (the one consensus rule) whether a draft passes, and `walk` runs the whole
procedure so that every step's stage and basis come from `collsec.charter.procedure`. The
behaviour model supplies the request and the positions; the scenario's `sim_*` assumptions
the durations; `planning` the landings (or a contingency plan prepared ahead); the
`Preparation` (interoperability from exercises, contingency plans) the force multiplier and
the shortened decision step; `adjudication` the outcome. Identical legal questions recur
across episodes, so their answers are cached per process: the charter is pure.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass

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
from collsec.sim.deployment import Deployer, Deployment
from collsec.sim.draws import batch_draws, draws_for
from collsec.sim.preparation import Preparation, prepare
from collsec.sim.records import EpisodeRecord, Outcome

__all__ = ["EpisodeModel"]

Positions = tuple[tuple[str, Position], ...]


@dataclass(frozen=True)
class _Path:
    """What the charter's walk says for one set of drafts: the procedure's answer, cached."""

    measure: Measure
    measure_name: str
    stages: tuple[Stage, ...]
    blocked_by: str
    basis: str
    bound: tuple[str, ...]


class EpisodeModel:
    """Everything fixed for one crisis; `run` draws one episode from it.

    Args:
        scenario: The world.
        spec: The crisis.
        preparation: Interoperability and contingency plans, computed once per run; by
            default the interoperability on the crisis day and no contingency plans.
    """

    def __init__(
        self, scenario: Scenario, spec: CrisisSpec, preparation: Preparation | None = None
    ) -> None:
        self.scenario = scenario
        self.spec = spec
        self.preparation = preparation or prepare(scenario, spec.start.date())
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
        self.deployer = Deployer(scenario, spec, self.behaviour.leader, self.preparation)
        self.force_type = self.preparation.force_type(self.deployer.force)
        book = self.preparation.plans
        self.plan = book.find(spec.kind.value, spec.victim) if book is not None else None
        #: With a plan ready, preparing the decision takes at most this long (2023 regulation).
        self.plan_decision_h = book.decision_h if book is not None else None
        self._landings: dict[tuple[str, ...], tuple[Deployment, float]] = {}
        self._kind = spec.kind.value
        victim = scenario.states[spec.victim]
        personnel = victim.active_personnel.value if victim.active_personnel else 0
        self.own_forces = personnel * self.params.victim_commitment_share
        self.members = tuple(s.id for s in members_on(scenario, spec.start.date()))
        self._allowed: dict[tuple[Measure, bool], bool] = {}
        self._decisions: dict[Positions, tuple[bool, tuple[str, ...]]] = {}
        self._paths: dict[tuple[bool, tuple[tuple[Measure, Positions], ...]], _Path] = {}
        #: Each distinct answer once: thousands of drafts share a handful of walks, and a
        #: walk's basis text is 1-2 kB, so memory stays flat over a million episodes.
        self._distinct_paths: dict[_Path, _Path] = {}
        #: The measures the law lets the Council vote on, strongest first, without and with
        #: a request (the charter's guard, asked once).
        self._voted = {
            r: tuple(
                (i, m)
                for i, m in enumerate(MEASURE_ORDER)
                if m is not Measure.NOTHING and self.allowed(m, r)
            )
            for r in (False, True)
        }
        #: The same answers keyed by the drafts' codes (`Behaviour.coded_positions`).
        self._adopted_codes: dict[int, bool] = {}
        self._path_codes: dict[tuple[int, ...], _Path] = {}

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
                measure_name=(w.case.measure or Measure.NOTHING).value,
                stages=tuple(s.stage for s in w.steps),
                blocked_by=",".join(blocked),
                basis=" | ".join(f"{s.stage.value}: {'; '.join(s.basis)}" for s in w.steps),
                bound=bound,
            )
            found = self._distinct_paths.setdefault(found, found)
            self._paths[key] = found
        return found

    def landings(self, senders: tuple[str, ...]) -> tuple[Deployment, float]:
        """The landings when `senders` contribute, and the mixed force's multiplier (cached).

        A contingency plan for this crisis gives the landings of the senders it covers; when it
        covers none of them (or there is no plan) `planning` plans the deployment after the
        order. The multiplier is the interoperability model's for the states that land and the
        victim, whose forces they fight beside.
        """
        found = self._landings.get(senders)
        if found is None:
            planned = self.plan.arrivals_for(senders) if self.plan is not None else ()
            if planned:
                troops: dict[str, int] = {}
                for _, n, s in planned:
                    troops[s] = troops.get(s, 0) + n
                deployment = Deployment(planned, tuple(sorted(troops.items())))
            else:
                deployment = self.deployer.deploy(senders)
            states = (self.spec.victim, *(s for s, _ in deployment.troops))
            found = (deployment, self.preparation.interop.multiplier(states, self.force_type))
            self._landings[senders] = found
        return found

    def run(self, seed: int, episode: int) -> EpisodeRecord:
        """Draw episode `episode` of the run with seed `seed` (`collsec.sim.draws`)."""
        return self.draw(seed, episode, draws_for(seed, episode))

    def run_batch(self, seed: int, start: int, stop: int) -> list[EpisodeRecord]:
        """Episodes `[start, stop)`, identical to `run` on each, their draws made at once.

        The cyclic garbage collector is paused meanwhile: an episode makes no reference
        cycles, and the collector's passes over a batch's young records took about a sixth
        of the time (measured with `benchmarks/sim_throughput.py`).
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            streams = batch_draws(seed, start, stop)
            return [self.draw(seed, start + k, u) for k, u in enumerate(streams)]
        finally:
            if collecting:
                gc.enable()

    def draw(self, seed: int, episode: int, u: Iterator[float]) -> EpisodeRecord:
        """One episode from its stream of uniforms `u`."""
        p, spec, b = self.params, self.spec, self.behaviour
        requested = spec.requested if spec.requested is not None else next(u) < b.request
        if spec.requested is not None:
            next(u)
        t_request: float | None = None
        if requested:
            t_request = 0.0 if spec.from_request else p.hours_threat_to_request.draw(next(u))
        t_convened = (t_request or 0.0) + p.hours_request_to_convene.draw(next(u))
        to_decision = p.hours_convene_to_decision.draw(next(u))
        if self.plan_decision_h is not None and self.plan is not None:
            to_decision = min(to_decision, self.plan_decision_h)
        t_decision = t_convened + to_decision
        drafts: list[tuple[Measure, Positions]] = []
        key: tuple[int, ...] = (requested,)
        for index, measure in self._voted[requested]:
            code, positions = b.coded_positions(measure, u, p.leader_objects, requested)
            drafts.append((measure, positions))
            draft = code * 8 + index
            key += (draft,)
            adopted = self._adopted_codes.get(draft)
            if adopted is None:
                adopted = self._adopted_codes[draft] = self.adopted(positions)
            if adopted:
                break
        path = self._path_codes.get(key)
        if path is None:
            path = self._path_codes[key] = self.path(requested, tuple(drafts))
        size = spec.size.draw(next(u))
        duration_h = spec.duration_days.draw(next(u)) * 24.0
        t_order = first = full = complete = leaving = None
        troops: tuple[tuple[str, int], ...] = ()
        total = 0
        outcome = Outcome.NOT_APPLICABLE
        multiplier: float | None = None
        closed = t_decision
        if path.measure is Measure.COLLECTIVE_FORCES:
            t_order = t_decision + p.hours_decision_to_order.draw(next(u))
            senders = tuple(
                s for s in path.bound if s != spec.victim and (s == b.leader or next(u) < b.offer)
            )
            plan, multiplier = self.landings(senders)
            closed = t_order
            if plan.arrivals:
                arrivals = [(t_order + h, n) for h, n in plan.offsets]
                first, full = arrivals[0][0], t_order + plan.last_h
                complete = first + p.days_mission.draw(next(u)) * 24.0
                leaving = complete + p.days_withdrawal_start.draw(next(u)) * 24.0
                closed = leaving + p.days_withdrawal.draw(next(u)) * 24.0
                troops, total = plan.troops, plan.total
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
                    multiplier=multiplier,
                )
        return EpisodeRecord(
            seed=seed,
            episode=episode,
            crisis=spec.id,
            victim=spec.victim,
            kind=self._kind,
            requested=requested,
            decision=path.measure is not Measure.NOTHING,
            measure=path.measure_name,
            blocked_by=path.blocked_by,
            deployed=bool(troops),
            contingency_plan=self.plan is not None,
            t_request_h=t_request,
            t_convened_h=t_convened,
            t_decision_h=t_decision,
            t_order_h=t_order,
            t_first_arrival_h=first,
            t_full_deployment_h=full,
            t_mission_complete_h=complete,
            t_withdrawal_start_h=leaving,
            t_withdrawal_complete_h=closed if troops else None,
            troops=troops,
            troops_total=total,
            outcome=outcome,
            force_multiplier=multiplier if troops else None,
            duration_h=max(closed, duration_h),
            basis=path.basis,
        )
