"""How a body decides: consensus, thresholds, who may vote, who blocks and who is bound.

`decide` is the one implementation of the decision rule; the CLI, the simulator, the procedure
and the membership transitions all call it. Substantive questions need consensus (Charter
Art. 12, research R17): one objection by a voting member blocks. A member that stays out
without objecting does not block and may join later (R18); whether a silent absence blocks is
`rules.absent_silent_blocks`. Suspended members have no vote (R5), nor, when
`rules.arrears_sanction` is on, members in arrears for `rules.arrears_years_for_sanction`
years or more (R6).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import floor
from typing import Any

from collsec.charter.catalogue import BASES_PROTOCOL_SIGNED, bases
from collsec.charter.positions import Position, Question
from collsec.charter.standing import MEMBER_STATUSES, members_on
from collsec.errors import CharterError, UsageError
from collsec.scenario.models import Scenario, Status

__all__ = ["COUNCIL", "Decision", "decide", "foreign_base_allowed", "procedural_votes_needed"]

#: The id of the highest body, which decides on membership and on collective measures.
COUNCIL = "CSC"

_STAYING_OUT = frozenset(
    {Position.NOT_JOINING, Position.ABSENT_NO_OBJECTION, Position.ABSENT_SILENT}
)


@dataclass(frozen=True)
class Decision:
    """The outcome of one draft decision, with the rules it rests on.

    Attributes:
        body: The body that decided (or `members` for a consent every member must give).
        question: Substantive or procedural.
        at: The date of the decision.
        adopted: Whether the decision was taken.
        blocked_by: The voting members whose position prevented adoption (empty if adopted).
        bound: The members the decision binds: those who joined it.
        voters: The members entitled to vote on that date.
        may_join_later: Voting members that stayed out of an adopted decision.
        without_vote: Members on that date who had no vote, each with the reason.
        rules: The catalogue ids of the rules applied.
        basis: The basis of every rule applied, in the same order.
        explanation: The outcome in plain language.
    """

    body: str
    question: Question
    at: date
    adopted: bool
    blocked_by: tuple[str, ...]
    bound: tuple[str, ...]
    voters: tuple[str, ...]
    may_join_later: tuple[str, ...]
    without_vote: tuple[tuple[str, str], ...]
    rules: tuple[str, ...]
    basis: tuple[str, ...]
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """The outcome as plain data; the first five keys are the CLI's documented contract."""
        return {
            "adopted": self.adopted,
            "blocked_by": list(self.blocked_by),
            "bound": list(self.bound),
            "basis": list(self.basis),
            "explanation": self.explanation,
            "body": self.body,
            "question": self.question.value,
            "at": self.at.isoformat(),
            "voters": list(self.voters),
            "may_join_later": list(self.may_join_later),
            "without_vote": {state: reason for state, reason in self.without_vote},
            "rules": list(self.rules),
        }


def procedural_votes_needed(threshold: float, voters: int) -> int:
    """Supporting votes a procedural decision needs: more than `threshold` of the voters.

    The count is capped at all voters, so a threshold of 1 means unanimity and 0.5 a simple
    majority (4 of 6). Exact fractions keep 2/3 of 6 at 4, not 3.
    """
    share = Fraction(threshold).limit_denominator(1000) * voters
    return min(voters, floor(share) + 1)


def _entitled(
    scenario: Scenario, at: date, excluded: Collection[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """Split the members on `at` into voters and members without a vote (with the reason)."""
    voters: list[str] = []
    without: list[tuple[str, str]] = []
    settings = scenario.rules
    for standing in members_on(scenario, at, include_all=True):
        arrears = settings.arrears.get(standing.id, 0)
        if standing.status is Status.SUSPENDED:
            without.append((standing.id, "suspended"))
        elif standing.status not in MEMBER_STATUSES:
            continue
        elif standing.id in excluded:
            without.append((standing.id, "the decision concerns it"))
        elif settings.arrears_sanction and arrears >= settings.arrears_years_for_sanction:
            without.append((standing.id, f"{arrears} years in budget arrears"))
        else:
            voters.append(standing.id)
    return voters, without


def _check_positions(scenario: Scenario, positions: Mapping[str, Position], at: date) -> None:
    members = {s.id for s in members_on(scenario, at, include_all=True)}
    for state_id, position in positions.items():
        if state_id not in members or scenario.states[state_id].status_on(at) in {
            Status.WITHDRAWN,
            Status.EXPELLED,
        }:
            known = ", ".join(sorted(s.id for s in members_on(scenario, at)))
            raise UsageError(
                f"{state_id} is not a member on {at.isoformat()}; members then: {known}"
            )
        if not isinstance(position, Position):
            raise UsageError(f"position of {state_id} is {position!r}, not a Position")


def _rule_for(scenario: Scenario, body: str, question: Question) -> str:
    """The rule (`consensus` or `threshold`) the body applies to this kind of question."""
    try:
        spec = scenario.bodies[body].decision_rule
    except KeyError:
        known = ", ".join(sorted(scenario.bodies))
        raise UsageError(f"unknown body {body!r}; known bodies: {known}") from None
    if not spec.votes:
        raise CharterError(f"{body} takes no votes; ask a body that decides", list(bases("bodies")))
    rule = spec.substantive if question is Question.SUBSTANTIVE else spec.procedural
    if rule is None:
        raise CharterError(
            f"{body} does not decide {question.value} questions", list(bases("bodies"))
        )
    return rule


def _names(ids: Collection[str]) -> str:
    return ", ".join(sorted(ids)) if ids else "none"


def decide(
    scenario: Scenario,
    body: str,
    question: Question,
    positions: Mapping[str, Position],
    at: date,
    *,
    excluded: Collection[str] = (),
    default: Position = Position.SUPPORT,
) -> Decision:
    """Decide one draft in `body` on `at`, given each member's position.

    Args:
        scenario: The world, including `rules` (the decision-rule settings).
        body: The id of the deciding body (e.g. `CSC`).
        question: Substantive (consensus) or procedural (threshold or consensus, per body).
        positions: Positions by state id; members not listed take `default`. A suspended
            member's position is ignored: it has no vote.
        at: The date of the decision.
        excluded: Members that do not vote because the decision concerns them.
        default: The position of members not listed (support, as the CLI documents).

    Raises:
        UsageError: unknown body, or a position for a state that is not a member on `at`.
        CharterError: the body takes no votes or does not decide this kind of question.
    """
    rule = _rule_for(scenario, body, question)
    _check_positions(scenario, positions, at)
    voters, without = _entitled(scenario, at, excluded)
    of = {v: positions.get(v, default) for v in voters}
    settings = scenario.rules
    rule_ids = ["consensus", "binding"]
    if without and any(reason == "suspended" for _, reason in without):
        rule_ids.append("suspension")
    if any("arrears" in reason for _, reason in without):
        rule_ids.append("arrears-sanction")
    if any(p in _STAYING_OUT for p in of.values()):
        rule_ids.append("staying-out")
    supporters = sorted(v for v in voters if of[v] is Position.SUPPORT)
    objectors = sorted(v for v in voters if of[v] is Position.OBJECT)
    silent = sorted(v for v in voters if of[v] is Position.ABSENT_SILENT)
    out = sorted(v for v in voters if of[v] in _STAYING_OUT)
    if rule == "consensus":
        blockers = sorted(objectors + (silent if settings.absent_silent_blocks else []))
        adopted = not blockers and bool(supporters)
        if adopted:
            explanation = (
                f"Adopted by consensus: {_names(supporters)} joined; no voting member objected."
            )
            if out:
                explanation += f" {_names(out)} stayed out without blocking and may join later."
        elif blockers:
            reasons = []
            if objectors:
                reasons.append(f"{_names(objectors)} objected")
            if settings.absent_silent_blocks and silent:
                reasons.append(
                    f"{_names(silent)} stayed away in silence, which blocks under "
                    "rules.absent_silent_blocks=true"
                )
            explanation = "Not adopted: " + "; ".join(reasons) + "; consensus needs no objection."
        else:
            explanation = "Not adopted: no voting member joined the decision."
        bound = tuple(supporters) if adopted else ()
    else:
        needed = procedural_votes_needed(settings.procedural_threshold, len(voters))
        adopted = bool(voters) and len(supporters) >= needed
        blockers = [] if adopted else objectors
        explanation = (
            f"{'Adopted' if adopted else 'Not adopted'} as a procedural question: "
            f"{len(supporters)} of {len(voters)} voting members in favour, {needed} needed "
            f"(more than rules.procedural_threshold={settings.procedural_threshold})."
        )
        bound = tuple(voters) if adopted else ()
        out = []
    if without:
        explanation += " Without a vote: " + ", ".join(f"{s} ({r})" for s, r in without) + "."
    return Decision(
        body=body,
        question=question,
        at=at,
        adopted=adopted,
        blocked_by=tuple(blockers),
        bound=bound,
        voters=tuple(voters),
        may_join_later=tuple(out) if adopted else (),
        without_vote=tuple(without),
        rules=tuple(rule_ids),
        basis=bases(*rule_ids),
        explanation=explanation,
    )


def foreign_base_allowed(
    scenario: Scenario,
    host: str,
    at: date,
    positions: Mapping[str, Position],
    *,
    existed_before: bool = False,
) -> Decision:
    """Whether a non-member's military base may be placed on `host`'s territory (R20).

    From 20 Dec 2011 every member must consent, which means that no member files an official
    objection (an OBJECT position); staying out is not an objection. Facilities that existed
    before the protocol, and any base before it, need no such consent.

    Raises:
        UsageError: `host` is not a member on `at`, or a position names a non-member.
    """
    _check_positions(scenario, positions, at)
    if host not in {s.id for s in members_on(scenario, at)}:
        raise UsageError(f"{host} is not a member on {at.isoformat()}")
    voters, without = _entitled(scenario, at, ())
    basis = bases("foreign-bases")
    if existed_before or at < BASES_PROTOCOL_SIGNED:
        why = (
            "the facility existed before the protocol of 20 Dec 2011"
            if existed_before
            else "the consent rule applies only from 20 Dec 2011"
        )
        return Decision(
            body="members",
            question=Question.SUBSTANTIVE,
            at=at,
            adopted=True,
            blocked_by=(),
            bound=(),
            voters=tuple(voters),
            may_join_later=(),
            without_vote=tuple(without),
            rules=("foreign-bases",),
            basis=basis,
            explanation=f"Allowed without the members' consent: {why}.",
        )
    objectors = tuple(sorted(v for v in voters if positions.get(v) is Position.OBJECT))
    explanation = (
        f"Not allowed: {_names(objectors)} officially objected; every member must consent."
        if objectors
        else f"Allowed on {host}'s territory: no member officially objected."
    )
    return Decision(
        body="members",
        question=Question.SUBSTANTIVE,
        at=at,
        adopted=not objectors,
        blocked_by=objectors,
        bound=tuple(voters) if not objectors else (),
        voters=tuple(voters),
        may_join_later=(),
        without_vote=tuple(without),
        rules=("foreign-bases",),
        basis=basis,
        explanation=explanation,
    )
