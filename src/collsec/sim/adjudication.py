"""Did the operation work? Stabilisation for unrest, Lanchester attrition for armed threats.

Internal unrest and cyber attacks are adjudicated by a stabilisation hazard: each day on the
ground the operation restores order with a chance that grows with the ratio of troops to the
adversary's strength, times the interoperability multiplier. Armed attacks, incursions and
clashes use Lanchester's square law (dA/dt = -b D, dD/dt = -a A) integrated in steps, the
defenders being the victim's committed forces plus each contingent from its arrival time on;
interoperability multiplies the collective contingents' effectiveness. A side breaks at
`break_fraction` of its initial strength. The threat ends by itself after its duration; an
unmet threat grows by half with the daily escalation chance. All coefficients are scenario
assumptions (docs/simulation.md).
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
    params: SimParameters, troops: int, size: float, days_on_ground: float, u: float
) -> Outcome:
    """Order is restored when a uniform `u` falls under 1 - exp(-rate x ratio x days)."""
    if days_on_ground <= 0 or size <= 0:
        return Outcome.FAILED if size > 0 else Outcome.STABILISED
    ratio = troops * params.interoperability / size
    chance = 1.0 - math.exp(-params.stabilisation_rate * ratio * days_on_ground)
    return Outcome.STABILISED if u < chance else Outcome.FAILED


def lanchester(
    params: SimParameters,
    own: float,
    arrivals: Sequence[tuple[float, int]],
    attackers: float,
    hours: float,
) -> Outcome:
    """Square-law attrition from the first arrival over `hours`, with reinforcements.

    Args:
        params: Coefficients (`sim_lanchester`, `sim_interoperability_multiplier`).
        own: The victim's committed personnel, present from the start.
        arrivals: (hour, personnel) of each collective contingent, hours from the start.
        attackers: The adversary's strength.
        hours: How long the fight can last (the threat's duration).
    """
    lan = params.lanchester
    step = lan.step_hours / 24.0
    a0, d_own, d_coll = attackers, own, 0.0
    a = attackers
    pending = sorted(arrivals)
    start_strength = own + sum(n for _, n in pending)
    t, i = 0.0, 0
    while t < hours:
        while i < len(pending) and pending[i][0] <= t:
            d_coll += pending[i][1]
            i += 1
        defenders = d_own + d_coll * params.interoperability
        if a <= a0 * lan.break_fraction:
            return Outcome.STABILISED
        if (
            start_strength
            and d_own + d_coll <= start_strength * lan.break_fraction
            and i == len(pending)
        ):
            return Outcome.FAILED
        loss_a = lan.defender_per_day * defenders * step
        loss_d = lan.attacker_per_day * a * step
        a = max(0.0, a - loss_a)
        total = d_own + d_coll
        if total > 0:
            d_own = max(0.0, d_own - loss_d * d_own / total)
            d_coll = max(0.0, d_coll - loss_d * d_coll / total)
        t += lan.step_hours
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
    """
    strength = size * (1.5 if escalated else 1.0)
    if kind in _STABILISATION_KINDS:
        troops = sum(n for _, n in arrivals)
        first = min((h for h, _ in arrivals), default=duration_h)
        return stabilisation(params, troops, strength, (duration_h - first) / 24.0, u)
    return lanchester(params, own, arrivals, strength, duration_h)
