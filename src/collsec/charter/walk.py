"""Walking the whole procedure with the scenario's timings, as an instructor would show it.

`walk` drives the state machine of `collsec.charter.procedure` from a threat to its close: the
Council is offered the strongest measure the law allows first, and lesser ones when it does
not adopt it (research R30, R33). Every step keeps its timestamp, basis and explanation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias, cast

from collsec.charter.catalogue import bases
from collsec.charter.measures import MEASURE_ORDER, Measure, ThreatKind, measure_allowed
from collsec.charter.positions import Position
from collsec.charter.procedure import (
    Case,
    Stage,
    Step,
    close,
    complete_mission,
    consult,
    convene,
    decide_measure,
    deploy,
    open_case,
    order,
    request,
    withdraw_forces,
)
from collsec.charter.rotation import chair_on
from collsec.charter.timings import Timings, timings_from
from collsec.errors import CharterError
from collsec.scenario.models import Scenario, Status

__all__ = ["PositionsInput", "RuledOut", "Walk", "walk"]

PositionsInput: TypeAlias = Mapping[str, Position] | Mapping[Measure, Mapping[str, Position]]


@dataclass(frozen=True)
class RuledOut:
    """A measure the law did not allow in a walk, with the reason and its basis."""

    measure: Measure
    reason: str
    basis: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The refusal as plain data."""
        return {"measure": self.measure.value, "reason": self.reason, "basis": list(self.basis)}


@dataclass(frozen=True)
class Walk:
    """A whole procedure walked with the scenario's timings, step by step."""

    case: Case
    chair: str | None
    ruled_out: tuple[RuledOut, ...]

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step, in order."""
        return self.case.steps

    @property
    def outcome(self) -> str:
        """The result in one line: the measure adopted and the drafts blocked before it."""
        blocked = [
            s.measure.value
            for s in self.case.steps
            if s.measure and s.decision and not s.decision.adopted
        ]
        measure = self.case.measure
        text = (
            f"{measure.value} adopted"
            if measure and measure is not Measure.NOTHING
            else ("no measure adopted")
        )
        if blocked:
            text += f" (blocked first: {', '.join(blocked)})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The walk as plain data (`collsec procedure --json`)."""
        case = self.case
        return {
            "victim": case.victim,
            "threat": case.threat.value,
            "requested": case.requested,
            "aggression": case.aggression,
            "characterisation": "input" if case.characterisation_given else "default",
            "art4_text_of": case.art4_text_of,
            "art4_amended": case.art4_amended,
            "chair": self.chair,
            "measure": case.measure.value if case.measure else None,
            "outcome": self.outcome,
            "ruled_out": [r.to_dict() for r in self.ruled_out],
            "steps": [s.to_dict() for s in case.steps],
        }


def _positions_for(
    scenario: Scenario,
    case: Case,
    measure: Measure,
    positions: PositionsInput | None,
    frozen_default: Position,
    at: datetime,
) -> dict[str, Position]:
    """Each member's position on a draft: given, else the frozen default, else support."""
    given: Mapping[str, Position] = {}
    if positions:
        if any(key in set(Measure) for key in positions):
            per_measure = cast(Mapping[Measure, Mapping[str, Position]], positions)
            given = per_measure.get(measure, {})
        else:
            given = cast(Mapping[str, Position], positions)
    result = dict(given)
    for state_id, state in scenario.states.items():
        if state_id not in result and state.status_on(at.date()) is Status.FROZEN_SELF_DECLARED:
            result[state_id] = Position.SUPPORT if state_id == case.victim else frozen_default
    return result


def walk(
    scenario: Scenario,
    victim: str,
    threat: ThreatKind,
    at: datetime,
    requested: bool,
    characterised_as_aggression: bool | None = None,
    positions: PositionsInput | None = None,
    *,
    timings: Timings | None = None,
) -> Walk:
    """Run the procedure from a threat at `at` to its close, with the scenario's timings.

    The Council is offered the strongest measure the law allows first and lesser ones when it
    does not adopt it (research R30, R33). `positions` is either one mapping used for every
    draft or a mapping per measure; members not listed support, except members that declared
    a freeze, which take `assumptions.frozen_member_default_position`.

    Raises:
        UsageError: `at` has no timezone, or the victim is unknown.
        IllegalTransition: the victim is not a member with full rights on that date.
        ScenarioError: a timing assumption is missing or malformed.
    """
    timings = timings or timings_from(scenario)
    case = consult(open_case(scenario, victim, threat, at, characterised_as_aggression), at)
    if requested:
        case = request(case, at)
    try:
        chair: str | None = chair_on(scenario, at.date()).state
    except CharterError:
        chair = None
    convened = at + timings.consultations_delay
    case = convene(case, convened, chair=chair)
    decided = convened + timings.decision_delay
    ruled_out: list[RuledOut] = []
    for measure in MEASURE_ORDER:
        allowed, reason, rule_ids = measure_allowed(
            measure,
            threat=case.threat,
            aggression=case.aggression,
            art4_amended=case.art4_amended,
            requested=case.requested,
        )
        if not allowed:
            ruled_out.append(RuledOut(measure, reason, bases(*rule_ids)))
            continue
        forces = measure is Measure.COLLECTIVE_FORCES
        case = decide_measure(
            case,
            scenario,
            measure,
            _positions_for(
                scenario, case, measure, positions, timings.frozen_member_default_position, decided
            ),
            decided,
            mandate=f"collective assistance to {victim} for a limited period" if forces else None,
            duration=timings.mission_duration if forces else None,
        )
        if case.stage is Stage.DECIDED:
            break
    if case.measure is Measure.COLLECTIVE_FORCES:
        ordered = decided + timings.order_delay
        deployed = ordered + timings.first_deployment_delay
        complete = deployed + timings.mission_duration
        leaving = complete + timings.withdrawal_start_delay
        case = deploy(order(case, ordered), deployed)
        case = withdraw_forces(complete_mission(case, complete), leaving)
        case = close(case, leaving + timings.withdrawal_duration)
    else:
        case = close(case, decided)
    return Walk(case=case, chair=chair, ruled_out=tuple(ruled_out))
