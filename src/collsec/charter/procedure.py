"""The Article 2 / Article 4 procedure as an explicit state machine.

threat -> Art. 2 consultations -> request by the victim's head of state -> the chair convenes
consultations (extraordinary Council or Permanent Council, possibly remote) -> Council decision
by consensus on a measure -> order to the Joint Staff -> deployment -> mission declared complete
by the host -> withdrawal -> closed. Article 2 consultations may end in a statement or
military-technical aid with no Article 4 request; collective forces need an Article 4 basis.

A `Case` is immutable; each transition function checks its guard and returns a new `Case` with
one more `Step`, or raises `IllegalTransition` with the reason and its basis. Whether a threat
is aggression under Art. 4 is the Council's judgement (Kazakhstan 2022 was so characterised
because of "outside interference"), so it is an input; None takes the documented default for
the threat kind under the text of Art. 4 in force on the day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from collsec.charter.catalogue import bases
from collsec.charter.decisions import COUNCIL, Decision, decide
from collsec.charter.law import article_in_force, treaty_id
from collsec.charter.measures import (
    Measure,
    ThreatKind,
    default_aggression,
    measure_allowed,
)
from collsec.charter.positions import Position, Question
from collsec.charter.standing import MEMBER_STATUSES
from collsec.errors import IllegalTransition, UsageError
from collsec.scenario.models import Scenario

__all__ = [
    "TRANSITIONS",
    "Case",
    "Forum",
    "Measure",
    "Stage",
    "Step",
    "ThreatKind",
    "close",
    "complete_mission",
    "consult",
    "convene",
    "decide_measure",
    "default_aggression",
    "deploy",
    "measure_allowed",
    "open_case",
    "order",
    "request",
    "withdraw_forces",
]


class Stage(StrEnum):
    """Where a case stands in the procedure."""

    THREAT = "threat"
    CONSULTATIONS = "art2_consultations"
    REQUESTED = "requested"
    CONVENED = "convened"
    DECIDED = "decided"
    ORDERED = "ordered"
    DEPLOYED = "deployed"
    MISSION_COMPLETE = "mission_complete"
    WITHDRAWING = "withdrawing"
    CLOSED = "closed"


class Forum(StrEnum):
    """Where the chair convenes the consultations."""

    EXTRAORDINARY_CSC = "extraordinary_csc"
    PERMANENT_COUNCIL = "permanent_council"


#: The stages each stage may move to; anything else is refused.
TRANSITIONS: Mapping[Stage, frozenset[Stage]] = MappingProxyType(
    {
        Stage.THREAT: frozenset({Stage.CONSULTATIONS}),
        Stage.CONSULTATIONS: frozenset({Stage.REQUESTED, Stage.CONVENED}),
        Stage.REQUESTED: frozenset({Stage.CONVENED}),
        Stage.CONVENED: frozenset({Stage.CONVENED, Stage.DECIDED}),
        Stage.DECIDED: frozenset({Stage.ORDERED, Stage.CLOSED}),
        Stage.ORDERED: frozenset({Stage.DEPLOYED}),
        Stage.DEPLOYED: frozenset({Stage.MISSION_COMPLETE}),
        Stage.MISSION_COMPLETE: frozenset({Stage.WITHDRAWING}),
        Stage.WITHDRAWING: frozenset({Stage.CLOSED}),
        Stage.CLOSED: frozenset(),
    }
)


@dataclass(frozen=True)
class Step:
    """One timestamped step of a case, with its basis."""

    stage: Stage
    at: datetime
    basis: tuple[str, ...]
    explanation: str
    measure: Measure | None = None
    decision: Decision | None = None

    def to_dict(self) -> dict[str, Any]:
        """The step as plain data."""
        return {
            "stage": self.stage.value,
            "at": self.at.isoformat(),
            "basis": list(self.basis),
            "explanation": self.explanation,
            "measure": self.measure.value if self.measure else None,
            "decision": self.decision.to_dict() if self.decision else None,
        }


@dataclass(frozen=True)
class Case:
    """One threat to one member, as far as the procedure has gone.

    Attributes:
        victim: The threatened member.
        threat: The kind of threat.
        aggression: Whether the Council treats it as aggression under Art. 4.
        characterisation_given: Whether `aggression` was an input (else the default).
        art4_amended: Whether the 2010 text of Art. 4 (assistance at request) is in force.
        art4_text_of: The instrument whose text of Art. 4 applies.
        stage: The current stage.
        steps: Every step so far.
        requested: Whether the victim's head of state has requested assistance.
        measure: The measure decided, once decided.
        mandate: The mandate of collective forces, if any.
        duration: The duration the decision gives collective forces, if any.
    """

    victim: str
    threat: ThreatKind
    aggression: bool
    characterisation_given: bool
    art4_amended: bool
    art4_text_of: str
    stage: Stage
    steps: tuple[Step, ...]
    requested: bool = False
    measure: Measure | None = None
    mandate: str | None = None
    duration: timedelta | None = None


def _advance(
    case: Case,
    to: Stage,
    at: datetime,
    basis: tuple[str, ...],
    explanation: str,
    *,
    measure: Measure | None = None,
    decision: Decision | None = None,
    requested: bool | None = None,
    mandate: str | None = None,
    duration: timedelta | None = None,
) -> Case:
    """Move `case` to `to` at `at`, checking the transition table and the order in time."""
    if to not in TRANSITIONS[case.stage]:
        raise IllegalTransition(
            f"cannot move from {case.stage.value} to {to.value}", list(bases("crisis-sequence"))
        )
    if at < case.steps[-1].at:
        raise IllegalTransition(
            f"{to.value} at {at.isoformat()} precedes the previous step "
            f"({case.steps[-1].at.isoformat()})",
            list(bases("crisis-sequence")),
        )
    step = Step(to, at, basis, explanation, measure=measure, decision=decision)
    return replace(
        case,
        stage=to,
        steps=(*case.steps, step),
        requested=case.requested if requested is None else requested,
        measure=measure if to is Stage.DECIDED else case.measure,
        mandate=mandate or case.mandate,
        duration=duration or case.duration,
    )


def open_case(
    scenario: Scenario,
    victim: str,
    threat: ThreatKind,
    at: datetime,
    characterised_as_aggression: bool | None = None,
) -> Case:
    """Open a case: a threat to `victim` at `at` (timezone-aware).

    Raises:
        UsageError: `at` has no timezone, or the victim is not a state of the scenario.
        IllegalTransition: the victim is not a member with full rights on that date.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise UsageError(f"{at.isoformat()} has no timezone; give an offset such as +06:00")
    if victim not in scenario.states:
        raise UsageError(f"unknown state {victim!r}; known: {', '.join(sorted(scenario.states))}")
    status = scenario.states[victim].status_on(at.date())
    if status not in MEMBER_STATUSES:
        raise IllegalTransition(
            f"{victim} is not a member with full rights on {at.date().isoformat()} ({status})",
            list(bases("member-status", "suspension")),
        )
    art4 = article_in_force(scenario, treaty_id(scenario), "4", at.date())
    given = characterised_as_aggression is not None
    aggression = (
        characterised_as_aggression
        if characterised_as_aggression is not None
        else default_aggression(threat, art4.amended)
    )
    rule = "art4-request" if art4.amended else "art4-original"
    how = "as characterised by the Council" if given else "by default for this kind of threat"
    explanation = (
        f"{threat.value} against {victim}; the text of Art. 4 in force is {art4.text_of}'s "
        f"(since {art4.since.isoformat()}); {'aggression' if aggression else 'not aggression'} "
        f"{how}."
    )
    step = Step(Stage.THREAT, at, bases(rule, "text-in-force"), explanation)
    return Case(
        victim=victim,
        threat=threat,
        aggression=aggression,
        characterisation_given=given,
        art4_amended=art4.amended,
        art4_text_of=art4.text_of,
        stage=Stage.THREAT,
        steps=(step,),
    )


def consult(case: Case, at: datetime) -> Case:
    """Start Article 2 consultations: immediately, on any threat (CST Art. 2, research R22)."""
    return _advance(
        case,
        Stage.CONSULTATIONS,
        at,
        bases("art2-consultations"),
        "Members start joint consultations to coordinate positions and assistance measures.",
    )


def request(case: Case, at: datetime) -> Case:
    """The victim's head of state requests assistance (CST Art. 4 (2010), research R30)."""
    return _advance(
        case,
        Stage.REQUESTED,
        at,
        bases("art4-request", "crisis-sequence"),
        f"{case.victim}'s head of state appeals to the Council's chair and the heads of state.",
        requested=True,
    )


def convene(
    case: Case,
    at: datetime,
    *,
    forum: Forum = Forum.EXTRAORDINARY_CSC,
    remote: bool = True,
    chair: str | None = None,
) -> Case:
    """The chair convenes consultations of the Council or the Permanent Council (R11, R13)."""
    where = (
        "an extraordinary Council session"
        if forum is Forum.EXTRAORDINARY_CSC
        else "an extraordinary Permanent Council session"
    )
    who = f"The chair ({chair})" if chair else "The chair"
    mode = "remotely (video or telephone)" if remote else "in person"
    return _advance(
        case,
        Stage.CONVENED,
        at,
        bases("extraordinary-session"),
        f"{who} convenes {where}, {mode}.",
    )


def decide_measure(
    case: Case,
    scenario: Scenario,
    measure: Measure,
    positions: Mapping[str, Position],
    at: datetime,
    *,
    mandate: str | None = None,
    duration: timedelta | None = None,
) -> Case:
    """The Council decides, by consensus, on `measure` (CST Art. 6 (2010), Charter Art. 12).

    An adopted decision moves the case to `decided`; a blocked draft is recorded as a step and
    leaves it `convened`, so a lesser measure may be tried. `nothing` needs no decision.

    Raises:
        IllegalTransition: the case is not convened, the law does not allow the measure, or
            collective forces lack a mandate and duration.
    """
    if case.stage is not Stage.CONVENED:
        raise IllegalTransition(
            f"the Council decides only once consultations are convened (stage: {case.stage.value})",
            list(bases("crisis-sequence")),
        )
    allowed, reason, rule_ids = measure_allowed(
        measure,
        threat=case.threat,
        aggression=case.aggression,
        art4_amended=case.art4_amended,
        requested=case.requested,
    )
    if not allowed:
        raise IllegalTransition(f"{measure.value} refused: {reason}", list(bases(*rule_ids)))
    if measure is Measure.NOTHING:
        return _advance(
            case, Stage.DECIDED, at, bases(*rule_ids), "No measure is adopted.", measure=measure
        )
    if measure is Measure.COLLECTIVE_FORCES and (mandate is None or duration is None):
        raise IllegalTransition(
            "a decision on collective forces states their mandate and duration",
            list(bases("crisis-sequence")),
        )
    decision = decide(scenario, COUNCIL, Question.SUBSTANTIVE, positions, at.date())
    basis = bases(*rule_ids, *decision.rules)
    if not decision.adopted:
        return _advance(
            case,
            Stage.CONVENED,
            at,
            basis,
            f"Draft on {measure.value} not adopted. {decision.explanation}",
            measure=measure,
            decision=decision,
        )
    explanation = f"The Council adopts {measure.value} ({reason}). {decision.explanation}"
    if mandate is not None and duration is not None:
        explanation += f" Mandate: {mandate}; for {duration.days} days at most."
    return _advance(
        case,
        Stage.DECIDED,
        at,
        basis,
        explanation,
        measure=measure,
        decision=decision,
        mandate=mandate,
        duration=duration,
    )


def order(case: Case, at: datetime) -> Case:
    """The Joint Staff is ordered to deploy the collective forces decided on (R24, R30)."""
    if case.measure is not Measure.COLLECTIVE_FORCES or case.stage is not Stage.DECIDED:
        raise IllegalTransition(
            "no order to the Joint Staff without a Council decision on collective forces",
            list(bases("council-decides-force")),
        )
    return _advance(
        case,
        Stage.ORDERED,
        at,
        bases("council-decides-force", "crisis-sequence"),
        "The Joint Staff is ordered to deploy the collective forces.",
    )


def deploy(case: Case, at: datetime) -> Case:
    """The first contingents arrive; the Secretary General notifies the UN (R23, R30)."""
    if case.stage is not Stage.ORDERED:
        raise IllegalTransition(
            "deployment without a Council decision and an order to the Joint Staff",
            list(bases("council-decides-force")),
        )
    return _advance(
        case,
        Stage.DEPLOYED,
        at,
        bases("crisis-sequence", "un-notification"),
        f"First contingents deploy in {case.victim}; the UN Security Council is notified.",
    )


def complete_mission(case: Case, at: datetime) -> Case:
    """The host's head of state declares the mission complete (R30; Kazakhstan, 11 Jan 2022)."""
    if case.stage is not Stage.DEPLOYED:
        raise IllegalTransition("no mission is deployed", list(bases("crisis-sequence")))
    return _advance(
        case,
        Stage.MISSION_COMPLETE,
        at,
        bases("crisis-sequence"),
        f"{case.victim}'s head of state declares the mission complete.",
    )


def withdraw_forces(case: Case, at: datetime) -> Case:
    """The collective forces start to withdraw (R30)."""
    if case.stage is not Stage.MISSION_COMPLETE:
        raise IllegalTransition(
            "withdrawal starts only after the host declares the mission complete",
            list(bases("crisis-sequence")),
        )
    return _advance(
        case, Stage.WITHDRAWING, at, bases("crisis-sequence"), "The contingents start to withdraw."
    )


def close(case: Case, at: datetime) -> Case:
    """Close the case: after the withdrawal, or once a measure without forces is decided."""
    if case.stage is Stage.DECIDED and case.measure is Measure.COLLECTIVE_FORCES:
        raise IllegalTransition(
            "collective forces were decided: order, deploy and withdraw them before closing",
            list(bases("crisis-sequence")),
        )
    done = (
        "The last contingents have left."
        if case.stage is Stage.WITHDRAWING
        else (
            f"The measure ({case.measure.value if case.measure else 'none'}) is carried out "
            "nationally; the case is closed."
        )
    )
    return _advance(case, Stage.CLOSED, at, bases("crisis-sequence"), done)
