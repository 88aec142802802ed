"""Membership: who belongs on a date, and the transitions between statuses.

Each transition checks the state's current status and the rule behind it, and returns the new
status with its effective date and basis; a transition the rules do not allow raises
`IllegalTransition` with the reason. Admission, reinstatement, suspension and expulsion are
Council decisions and go through `decide` (research R2, R5). Withdrawal takes effect no sooner
than six months after written notice, once obligations are settled (R3, R4). A self-declared
freeze is a behaviour status only (R5, B7).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from collsec.charter.catalogue import (
    NOTICE_MONTHS,
    PARTNER_STATUS_FROM,
    TREATY_TERM_YEARS,
    bases,
)
from collsec.charter.decisions import COUNCIL, Decision, decide
from collsec.charter.law import instrument, treaty_id
from collsec.charter.positions import Position, Question
from collsec.charter.standing import (
    MEMBER_STATUSES,
    Capacity,
    MemberStanding,
    members_on,
    organization_founded,
)
from collsec.errors import IllegalTransition, UsageError
from collsec.scenario.models import Scenario, Status

__all__ = [
    "COUNCIL",
    "AssociateStatus",
    "Capacity",
    "MemberStanding",
    "Renewal",
    "Transition",
    "TransitionKind",
    "add_months",
    "admit",
    "declare_freeze",
    "expel",
    "grant_status",
    "members_on",
    "organization_founded",
    "reinstate",
    "suspend",
    "treaty_renewals",
    "withdraw",
]


class AssociateStatus(StrEnum):
    """Status short of membership, for a state or an international organization (R7)."""

    OBSERVER = "observer"
    PARTNER = "partner"


class TransitionKind(StrEnum):
    """The membership changes the Charter and practice know."""

    ADMIT = "admit"
    REINSTATE = "reinstate"
    SUSPEND = "suspend"
    EXPEL = "expel"
    WITHDRAW = "withdraw"
    DECLARE_FREEZE = "declare_freeze"


@dataclass(frozen=True)
class Transition:
    """An allowed change of one state's status, with its effective date and basis."""

    state: str
    kind: TransitionKind
    effective: date
    from_status: Status | None
    to_status: Status
    basis: tuple[str, ...]
    explanation: str
    requested_on: date | None = None
    decision: Decision | None = None

    def to_dict(self) -> dict[str, Any]:
        """The transition as plain data."""
        return {
            "state": self.state,
            "kind": self.kind.value,
            "effective": self.effective.isoformat(),
            "from_status": self.from_status.value if self.from_status else None,
            "to_status": self.to_status.value,
            "basis": list(self.basis),
            "explanation": self.explanation,
            "requested_on": self.requested_on.isoformat() if self.requested_on else None,
            "decision": self.decision.to_dict() if self.decision else None,
        }


@dataclass(frozen=True)
class Renewal:
    """One end of a five-year term of the Treaty and how the next term began."""

    on: date
    automatic: bool
    basis: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The renewal as plain data."""
        return {"on": self.on.isoformat(), "automatic": self.automatic, "basis": list(self.basis)}


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (31 Aug + 6 months: 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _status(scenario: Scenario, state: str, at: date) -> Status | None:
    """The status just before `at`, so a transition recorded on that very day replays cleanly."""
    try:
        return scenario.states[state].status_on(at - timedelta(days=1))
    except KeyError:
        raise UsageError(
            f"unknown state {state!r}; add it to the scenario's `states` section first"
        ) from None


def _refuse(state: str, kind: TransitionKind, why: str, *rule_ids: str) -> IllegalTransition:
    return IllegalTransition(f"cannot {kind.value} {state}: {why}", list(bases(*rule_ids)))


def _council(
    scenario: Scenario,
    state: str,
    kind: TransitionKind,
    at: date,
    positions: Mapping[str, Position] | None,
    excluded: tuple[str, ...],
    rule_id: str,
) -> Decision:
    decision = decide(
        scenario, COUNCIL, Question.SUBSTANTIVE, dict(positions or {}), at, excluded=excluded
    )
    if not decision.adopted:
        raise _refuse(
            state, kind, f"the Council did not decide it ({decision.explanation})", rule_id
        )
    return decision


def admit(
    scenario: Scenario, state: str, at: date, positions: Mapping[str, Position] | None = None
) -> Transition:
    """Admit `state` by a Council decision on `at` (Charter Art. 19, research R2).

    Raises:
        IllegalTransition: the state is already a member or suspended, or the Council blocks.
    """
    current = _status(scenario, state, at)
    if current in MEMBER_STATUSES or current is Status.SUSPENDED:
        why = "it is suspended; reinstate it instead" if current is Status.SUSPENDED else ""
        raise _refuse(
            state, TransitionKind.ADMIT, why or f"it is already a member ({current})", "admission"
        )
    decision = _council(scenario, state, TransitionKind.ADMIT, at, positions, (), "admission")
    return Transition(
        state=state,
        kind=TransitionKind.ADMIT,
        effective=at,
        from_status=current,
        to_status=Status.ACTIVE,
        basis=bases("admission", *decision.rules),
        explanation=f"{state} admitted by decision of the Council on {at.isoformat()}.",
        decision=decision,
    )


def reinstate(
    scenario: Scenario, state: str, at: date, positions: Mapping[str, Position] | None = None
) -> Transition:
    """End a suspension by a Council decision (the suspending body lifts it; research R5).

    Raises:
        IllegalTransition: the state is not suspended, or the Council blocks.
    """
    current = _status(scenario, state, at)
    if current is not Status.SUSPENDED:
        raise _refuse(
            state, TransitionKind.REINSTATE, f"it is not suspended ({current})", "suspension"
        )
    decision = _council(scenario, state, TransitionKind.REINSTATE, at, positions, (), "suspension")
    return Transition(
        state=state,
        kind=TransitionKind.REINSTATE,
        effective=at,
        from_status=current,
        to_status=Status.ACTIVE,
        basis=bases("suspension", *decision.rules),
        explanation=f"{state}'s suspension lifted by the Council on {at.isoformat()}.",
        decision=decision,
    )


def suspend(
    scenario: Scenario,
    state: str,
    at: date,
    *,
    on_request: bool,
    requested_on: date | None = None,
    positions: Mapping[str, Position] | None = None,
    affected_state_votes: bool = False,
) -> Transition:
    """Suspend `state`'s participation by a Council decision on `at` (research R5).

    On the member's own request (Uzbekistan: note of 28 Jun 2012, decision of 19 Dec 2012) the
    member supports its own suspension. Imposed by the Council, the member does not vote unless
    `affected_state_votes` (the research could not settle this: Part C, question 4).

    Raises:
        IllegalTransition: the state is not a member, the request post-dates the decision, or
            the Council blocks.
    """
    current = _status(scenario, state, at)
    if current not in MEMBER_STATUSES:
        raise _refuse(
            state, TransitionKind.SUSPEND, f"it is not a member ({current})", "suspension"
        )
    if requested_on is not None and requested_on > at:
        raise _refuse(
            state, TransitionKind.SUSPEND, "the decision cannot precede the request", "suspension"
        )
    votes = dict(positions or {})
    excluded: tuple[str, ...] = ()
    if on_request:
        votes[state] = Position.SUPPORT
    elif not affected_state_votes:
        excluded = (state,)
    decision = _council(scenario, state, TransitionKind.SUSPEND, at, votes, excluded, "suspension")
    how = (
        f"at its own request of {requested_on.isoformat()}"
        if on_request and requested_on
        else ("at its own request" if on_request else "on the Council's motion")
    )
    return Transition(
        state=state,
        kind=TransitionKind.SUSPEND,
        effective=at,
        from_status=current,
        to_status=Status.SUSPENDED,
        basis=bases("suspension", *decision.rules),
        explanation=(
            f"{state} suspended {how} by decision of the Council on {at.isoformat()}; "
            "it has no vote while suspended."
        ),
        requested_on=requested_on,
        decision=decision,
    )


def expel(
    scenario: Scenario,
    state: str,
    at: date,
    positions: Mapping[str, Position] | None = None,
    *,
    affected_state_votes: bool = False,
) -> Transition:
    """Expel `state` by a Council decision on `at` (research R5; no precedent).

    Raises:
        IllegalTransition: the state is not a member (or suspended one), or the Council blocks.
    """
    current = _status(scenario, state, at)
    if current not in MEMBER_STATUSES and current is not Status.SUSPENDED:
        raise _refuse(state, TransitionKind.EXPEL, f"it is not a member ({current})", "expulsion")
    excluded = () if affected_state_votes else (state,)
    decision = _council(scenario, state, TransitionKind.EXPEL, at, positions, excluded, "expulsion")
    return Transition(
        state=state,
        kind=TransitionKind.EXPEL,
        effective=at,
        from_status=current,
        to_status=Status.EXPELLED,
        basis=bases("expulsion", *decision.rules),
        explanation=f"{state} expelled by decision of the Council on {at.isoformat()}.",
        decision=decision,
    )


def withdraw(
    scenario: Scenario,
    state: str,
    notice_received: date,
    *,
    obligations_settled: bool,
    effective: date | None = None,
) -> Transition:
    """Withdraw `state` on written notice received on `notice_received` (research R3, R4).

    Args:
        scenario: The world.
        state: The withdrawing member.
        notice_received: The date the depositary received the written notice.
        obligations_settled: Whether the member has settled its obligations under the Charter.
        effective: The date the notice names; at least six months after the notice. Defaults
            to the earliest allowed date.

    Raises:
        IllegalTransition: the state is not a member, its obligations are unsettled, or the
            date named is less than six months after the notice.
    """
    current = _status(scenario, state, notice_received)
    if current not in MEMBER_STATUSES and current is not Status.SUSPENDED:
        raise _refuse(
            state, TransitionKind.WITHDRAW, f"it is not a member ({current})", "withdrawal"
        )
    if not obligations_settled:
        raise _refuse(
            state,
            TransitionKind.WITHDRAW,
            "its obligations under the Charter are not settled",
            "withdrawal",
        )
    earliest = add_months(notice_received, NOTICE_MONTHS)
    if effective is not None and effective < earliest:
        raise _refuse(
            state,
            TransitionKind.WITHDRAW,
            f"{effective.isoformat()} is less than {NOTICE_MONTHS} months after the notice of "
            f"{notice_received.isoformat()} (earliest {earliest.isoformat()})",
            "withdrawal",
        )
    when = effective or earliest
    return Transition(
        state=state,
        kind=TransitionKind.WITHDRAW,
        effective=when,
        from_status=current,
        to_status=Status.WITHDRAWN,
        basis=bases("withdrawal"),
        explanation=(
            f"{state}'s written notice of {notice_received.isoformat()} takes effect on "
            f"{when.isoformat()}, at least {NOTICE_MONTHS} months later; until then it remains "
            "a member with all rights and obligations."
        ),
        requested_on=notice_received,
    )


def declare_freeze(scenario: Scenario, state: str, at: date) -> Transition:
    """Record a member's self-declared freeze: behaviour, not a legal status (research R5).

    Raises:
        IllegalTransition: the state is not an active member.
    """
    current = _status(scenario, state, at)
    if current is not Status.ACTIVE:
        raise _refuse(
            state,
            TransitionKind.DECLARE_FREEZE,
            f"it is not an active member ({current})",
            "freeze-not-legal",
        )
    return Transition(
        state=state,
        kind=TransitionKind.DECLARE_FREEZE,
        effective=at,
        from_status=current,
        to_status=Status.FROZEN_SELF_DECLARED,
        basis=bases("freeze-not-legal"),
        explanation=(
            f"{state} declares its participation frozen; no instrument provides for this, so it "
            "remains a member with its vote and its obligations."
        ),
    )


def treaty_renewals(scenario: Scenario, until: date) -> list[Renewal]:
    """The ends of the Treaty's five-year terms up to `until` (research R4).

    The first term ran five years from entry into force (20 Apr 1994 to 20 Apr 1999); the 1999
    Protocol extended it, and every later term renews automatically.

    Raises:
        CharterError: the scenario has no founding treaty.
        IllegalTransition: the treaty has no entry-into-force date.
    """
    treaty = instrument(scenario, treaty_id(scenario))
    if treaty.in_force is None:
        raise IllegalTransition(
            "the treaty has no entry into force, so no terms", list(bases("treaty-renewal"))
        )
    renewals = []
    term = 1
    while (on := _add_years(treaty.in_force, TREATY_TERM_YEARS * term)) <= until:
        renewals.append(Renewal(on=on, automatic=term > 1, basis=bases("treaty-renewal")))
        term += 1
    return renewals


def _add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def grant_status(
    scenario: Scenario,
    candidate: str,
    status: AssociateStatus,
    at: date,
    positions: Mapping[str, Position] | None = None,
) -> Decision:
    """Grant observer or partner status to a non-member by consensus (research R7).

    The candidate may be a state or an international organization, so it need not be in the
    scenario; a current member cannot take either status. Partner status exists only from the
    entry into force of Protocol No. 3 (19 Jan 2021).

    Raises:
        IllegalTransition: the candidate is a member, partner status is asked for before
            19 Jan 2021, or the Council does not decide it.
    """
    kind = f"grant {status.value} status to"
    if candidate in scenario.states and scenario.states[candidate].status_on(at) in MEMBER_STATUSES:
        raise IllegalTransition(
            f"cannot {kind} {candidate}: it is a member", list(bases("observer-partner"))
        )
    if status is AssociateStatus.PARTNER and at < PARTNER_STATUS_FROM:
        raise IllegalTransition(
            f"cannot {kind} {candidate}: partner status exists only from "
            f"{PARTNER_STATUS_FROM.isoformat()}",
            list(bases("observer-partner")),
        )
    decision = decide(scenario, COUNCIL, Question.SUBSTANTIVE, dict(positions or {}), at)
    if not decision.adopted:
        raise IllegalTransition(
            f"cannot {kind} {candidate}: the Council did not decide it ({decision.explanation})",
            list(bases("observer-partner")),
        )
    return decision
