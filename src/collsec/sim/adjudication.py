"""Did the operation work? Stabilisation for unrest, Lanchester attrition for armed threats.

Internal unrest and cyber attacks are adjudicated by a stabilisation hazard: each day on the
ground the operation restores order with a chance that grows with the ratio of troops to the
adversary's strength, times the mixed force's multiplier. Armed attacks, incursions and
clashes use Lanchester's square law (dA/dt = -b D, dD/dt = -a A) integrated in steps, the
defenders being the victim's committed forces plus each contingent from its arrival time on;
the force multiplier multiplies the collective contingents' effectiveness. The multiplier is
the interoperability model's (`InteropMatrix.multiplier`, linear in the mean level between
the states of the mixed force, the victim included), computed by the caller and passed in.
A side breaks at `break_fraction` of its initial strength. The threat ends by itself after its
duration; an unmet threat grows by half with the daily escalation chance. All coefficients
are scenario assumptions (docs/simulation.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from collsec.charter.measures import ThreatKind
from collsec.sim.assumptions import SimParameters
from collsec.sim.records import Outcome

__all__ = ["adjudicate", "lanchester", "stabilisation"]

_STABILISATION_KINDS = frozenset({ThreatKind.INTERNAL_UNREST, ThreatKind.CYBER_ATTACK})


def stabilisation(
    params: SimParameters,
    troops: int,
    size: float,
    days_on_ground: float,
    u: float,
    multiplier: float,
) -> Outcome:
    """Order is restored when a uniform `u` falls under 1 - exp(-rate x ratio x days).

    The ratio is troops times the force multiplier over the adversary's strength.
    """
    if days_on_ground <= 0 or size <= 0:
        return Outcome.FAILED if size > 0 else Outcome.STABILISED
    ratio = troops * multiplier / size
    chance = 1.0 - math.exp(-params.stabilisation_rate * ratio * days_on_ground)
    return Outcome.STABILISED if u < chance else Outcome.FAILED


def lanchester(
    params: SimParameters,
    own: float,
    arrivals: Sequence[tuple[float, int]],
    attackers: float,
    hours: float,
    multiplier: float,
) -> Outcome:
    """Square-law attrition from the first arrival over `hours`, with reinforcements.

    Args:
        params: Coefficients (`sim_lanchester`).
        own: The victim's committed personnel, present from the start.
        arrivals: (hour, personnel) of each collective contingent, hours from the start.
        attackers: The adversary's strength.
        hours: How long the fight can last (the threat's duration).
        multiplier: The collective contingents' force multiplier (interoperability).
    """
    lan = params.lanchester
    step_h = lan.step_hours
    step = step_h / 24.0
    kill_by_defender = lan.defender_per_day * step
    kill_by_attacker = lan.attacker_per_day * step
    a = attackers
    a_breaks = attackers * lan.break_fraction
    pending = sorted(arrivals)
    count = len(pending)
    start_strength = own + sum([n for _, n in pending])
    d_breaks = start_strength * lan.break_fraction
    d_own, d_coll = own, 0.0
    t, i = 0.0, 0
    # Losses fall on the victim's and the collective forces in proportion to their strength,
    # so both shrink by the same factor each step.
    while t < hours:
        while i < count and pending[i][0] <= t:
            d_coll += pending[i][1]
            i += 1
        if a <= a_breaks:
            return Outcome.STABILISED
        total = d_own + d_coll
        if start_strength and total <= d_breaks and i == count:
            return Outcome.FAILED
        loss_d = kill_by_attacker * a
        a -= kill_by_defender * (d_own + d_coll * multiplier)
        if a < 0.0:
            a = 0.0
        if total > 0.0:
            keep = 1.0 - loss_d / total
            if keep > 0.0:
                d_own *= keep
                d_coll *= keep
            else:
                d_own = d_coll = 0.0
        t += step_h
    return Outcome.STABILISED if a < d_own + d_coll else Outcome.FAILED


def adjudicate(
    params: SimParameters,
    kind: ThreatKind,
    *,
    own: float,
    arrivals: Sequence[tuple[float, int]],
    size: float,
    duration_h: float,
    escalated: bool,
    u: float,
    multiplier: float,
) -> Outcome:
    """The outcome of a deployed operation; the model depends on the kind of threat.

    Args:
        params: The simulator's parameters.
        kind: Threat kind.
        own: The victim's committed personnel.
        arrivals: (hour from crisis start, personnel) of each landing.
        size: The adversary's strength at the start.
        duration_h: The threat's duration in hours.
        escalated: Whether the threat grew by half before help arrived.
        u: A uniform draw for the stabilisation model.
        multiplier: The mixed force's multiplier from the interoperability model.
    """
    strength = size * (1.5 if escalated else 1.0)
    if kind in _STABILISATION_KINDS:
        troops = sum(n for _, n in arrivals)
        first = min((h for h, _ in arrivals), default=duration_h)
        return stabilisation(params, troops, strength, (duration_h - first) / 24.0, u, multiplier)
    return lanchester(params, own, arrivals, strength, duration_h, multiplier)
