"""What the law allows: threat kinds, the measures the Council may take, and their guards.

Collective forces rest on Art. 4: the Council must treat the threat as aggression, and under the
2010 text the victim must have asked (research R23); they are never used in a dispute between
members (Agreement of 10 Dec 2010, R26; CST Art. 1, R21). Lesser measures (R30): a monitoring
mission needs the host's request; military-technical aid (R28) and a statement (R19) need no
Article 4 request, but no measure takes one member's side against another.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["MEASURE_ORDER", "Measure", "ThreatKind", "default_aggression", "measure_allowed"]


class ThreatKind(StrEnum):
    """What happened to the victim (shared with the crisis Monte Carlo)."""

    ARMED_ATTACK = "armed_attack"
    ARMED_INCURSION = "armed_incursion"
    INTERNAL_UNREST = "internal_unrest"
    CLASH_BETWEEN_MEMBERS = "clash_between_members"
    CYBER_ATTACK = "cyber_attack"


class Measure(StrEnum):
    """What the Council may decide, strongest first."""

    COLLECTIVE_FORCES = "collective_forces"
    MONITORING_MISSION = "monitoring_mission"
    MILITARY_TECHNICAL_AID = "military_technical_aid"
    STATEMENT = "statement"
    NOTHING = "nothing"


#: The measures from strongest to weakest: the order in which the procedure tries them.
MEASURE_ORDER: tuple[Measure, ...] = tuple(Measure)


def default_aggression(threat: ThreatKind, art4_amended: bool) -> bool:
    """The characterisation assumed when the caller gives none (documented in docs/charter.md).

    An armed attack by a state is aggression under either text. Armed groups from outside count
    only under the 2010 text, which covers armed attacks beyond aggression by a state. Internal
    unrest, a clash between members and a cyber attack are not aggression unless the Council
    says so (as it did for Kazakhstan in 2022).
    """
    if threat is ThreatKind.ARMED_ATTACK:
        return True
    if threat is ThreatKind.ARMED_INCURSION:
        return art4_amended
    return False


def measure_allowed(
    measure: Measure,
    *,
    threat: ThreatKind,
    aggression: bool,
    art4_amended: bool,
    requested: bool,
) -> tuple[bool, str, tuple[str, ...]]:
    """Whether the law allows `measure`: (allowed, reason, catalogue ids of the rules).

    Args:
        measure: The measure proposed to the Council.
        threat: The kind of threat.
        aggression: Whether the Council treats the threat as aggression under Art. 4.
        art4_amended: Whether the 2010 text of Art. 4 is in force.
        requested: Whether the victim's head of state has requested assistance.
    """
    between = threat is ThreatKind.CLASH_BETWEEN_MEMBERS
    art4 = "art4-request" if art4_amended else "art4-original"
    if measure is Measure.COLLECTIVE_FORCES:
        if between:
            return (
                False,
                "collective forces are not used in a dispute between members",
                ("no-forces-between-members", "non-aggression"),
            )
        if not aggression:
            return False, "Art. 4 needs the Council to treat the threat as aggression", (art4,)
        if art4_amended and not requested:
            return (
                False,
                "under the 2010 text Art. 4 assistance is given at the victim's request",
                ("art4-request",),
            )
        return True, "Art. 4 collective defence", (art4, "council-decides-force", "un-notification")
    if measure is Measure.MONITORING_MISSION:
        if not requested:
            return (
                False,
                "a mission on a member's territory needs that member's request",
                ("lesser-measures",),
            )
        return True, "a lesser measure on the victim's request", ("lesser-measures",)
    if measure is Measure.MILITARY_TECHNICAL_AID:
        if between:
            return (
                False,
                "aid to one member against another would breach Art. 1",
                ("non-aggression",),
            )
        return True, "Art. 2 assistance measure", ("military-technical-aid", "art2-consultations")
    if measure is Measure.STATEMENT:
        return True, "a collective statement", ("joint-statement", "art2-consultations")
    return True, "no measure", ("purposes",)
