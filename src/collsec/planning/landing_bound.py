"""A lower bound for the requirements that share one destination's landings and fleet.

In any plan, order the requirements at destination d by the hour each is met. When the j-th
is met, the first j have all closed: at least their personnel P_S has landed at d, and the
tonnage their contingents bring (at least W_S, the least any choice of contingents covering
P_S carries, with fractions allowed). Those loads came on sorties landed at d by then, and:

* landings at d are 1/rate apart from the earliest possible landing, so by hour T at most
  N(T) = ⌊(T − opening)·rate⌋ + 1 sorties have landed;
* an airframe of pool g lands first at ready + turnaround + shortest leg and then at most
  once per 2·(turnaround + shortest leg), so type a has landed at most m_a(T) sorties;
* a sortie of type a carries p/troops_a + t/payload_a ≤ 1 (mixed loads are convex
  combinations of a troop sortie and a cargo sortie).

The least number of sorties that can carry (P_S, W_S) under the caps m_a(T) is a small LP,
solved exactly through its dual (`SortieLP`); the earliest T at which that fits
in N(T) is a lower bound on the hour the j-th requirement is met (found by bisection over
the hours at which N or m changes). A dynamic programme over
subsets takes the order with the least weighted lateness, each requirement also met no
earlier than its own bound. Everything else (parking, airframe positions, whole persons,
readiness per contingent) is relaxed, so the result bounds every plan.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np

from collsec.planning.eligibility import Option, lift_groups, participating_pools
from collsec.planning.model import Contingent, PlanningProblem, Requirement

__all__ = ["SHARED_LIMIT", "SortieLP", "closing_hour", "shared_landing_bound"]

EPS = 1e-6
SHARED_LIMIT = 10
"""Most requirements at one destination for the subset programme (2^n subsets)."""


@dataclass(frozen=True)
class _Wave:
    """Landings of one pool at the destination: first at `first`, then once a `cycle`."""

    type_index: int
    first: float
    cycle: float
    count: int

    def landed(self, hour: float) -> int:
        if hour < self.first - EPS:
            return 0
        return self.count * (1 + math.floor((hour - self.first) / self.cycle + EPS))


class SortieLP:
    """The least number of sorties that can carry a load, with at most m_a of type a.

    min Σ_a (u_a + v_a) over troop sorties u_a and cargo sorties v_a with Σ troops_a·u_a ≥ P,
    Σ payload_a·v_a ≥ W and u_a + v_a ≤ m_a. By LP duality it equals the maximum over
    λ, μ ≥ 0 of λP + μW − Σ_a m_a·max(0, λ·troops_a − 1, μ·payload_a − 1). That concave
    piecewise-linear function peaks on a vertex of its kinks (λ = 1/troops_a, μ = 1/payload_a,
    λ·troops_a = μ·payload_a, the axes), so the vertices are enumerated once per set of types
    and each query is two matrix products; a ray along which it grows means no packing
    exists. (A HiGHS instance is not used here: it would fix HiGHS's global thread scheduler
    before the MILP chooses its threads.)
    """

    def __init__(self, troops: list[float], payload: list[float]) -> None:
        t_arr = np.array(troops, dtype=np.float64)
        q_arr = np.array(payload, dtype=np.float64)
        lam = [0.0] + [1.0 / t for t in troops if t > 0]
        mu = [0.0] + [1.0 / q for q in payload if q > 0]
        points = {(x, y) for x in lam for y in mu}
        for t, q in zip(troops, payload, strict=True):
            if t > 0 and q > 0:
                points.update((x, x * t / q) for x in lam)
                points.update((y * q / t, y) for y in mu)
        pts = np.array(sorted(points))
        self._lam, self._mu = pts[:, 0], pts[:, 1]
        self._penalty = np.maximum(
            0.0, np.maximum(np.outer(self._lam, t_arr) - 1.0, np.outer(self._mu, q_arr) - 1.0)
        )
        rays = [(1.0, 0.0), (0.0, 1.0)] + [
            (1.0, t / q) for t, q in zip(troops, payload, strict=True) if t > 0 and q > 0
        ]
        ray = np.array(rays)
        self._ray_lam, self._ray_mu = ray[:, 0], ray[:, 1]
        self._ray_use = np.maximum(np.outer(ray[:, 0], t_arr), np.outer(ray[:, 1], q_arr))

    def least(self, personnel: float, tonnes: float, caps: list[int] | list[float]) -> float:
        """The LP's optimum: fewest sorties (fractions allowed); inf when none can carry it."""
        m = np.array(caps, dtype=np.float64)
        grow = self._ray_lam * personnel + self._ray_mu * tonnes - self._ray_use @ m
        if np.any(grow > EPS):
            return math.inf
        return float((self._lam * personnel + self._mu * tonnes - self._penalty @ m).max())


class _Capacity:
    """What can have landed at one destination by an hour, and the LP that packs loads."""

    def __init__(self, problem: PlanningProblem, dest: str, opts: list[Option]) -> None:
        self.types = sorted({o.aircraft_type for o in opts})
        index = {a: i for i, a in enumerate(self.types)}
        self.rate = problem.airfields[dest].landings_per_hour
        self.waves: list[_Wave] = []
        opening = math.inf
        for pool in participating_pools(problem):
            legs = [
                o
                for o in opts
                if o.aircraft_type == pool.aircraft_type
                and lift_groups(problem, o.contingent) in ("*", pool.state)
            ]
            if not legs:
                continue
            turn = problem.aircraft_types[pool.aircraft_type].turnaround_h
            shortest = min(o.flight_h for o in legs)
            first = min(
                max(o.contingent.readiness_h, pool.ready_h) + turn + o.flight_h for o in legs
            )
            opening = min(opening, first)
            cycle = 2 * (turn + shortest)
            self.waves.append(_Wave(index[pool.aircraft_type], first, cycle, pool.count))
        self.opening = opening
        horizon = problem.horizon_h
        hours = {horizon}
        if math.isfinite(opening):
            steps = math.floor((horizon - opening) * self.rate + EPS)
            hours.update(opening + j / self.rate for j in range(steps + 1))
        for w in self.waves:
            if w.first <= horizon + EPS:
                steps = math.floor((horizon - w.first) / w.cycle + EPS)
                hours.update(w.first + i * w.cycle for i in range(steps + 1))
        self.hours = sorted(h for h in hours if h <= horizon + EPS)
        self.lp = SortieLP(
            [float(problem.aircraft_types[a].troops) for a in self.types],
            [problem.aircraft_types[a].payload_t for a in self.types],
        )

    def landings(self, hour: float) -> int:
        """At most this many sorties have landed at the destination by `hour`."""
        if hour < self.opening - EPS:
            return 0
        return math.floor((hour - self.opening) * self.rate + EPS) + 1

    def fits(self, personnel: float, tonnes: float, hour: float) -> bool:
        """Whether sorties landed by `hour` can have carried this much."""
        slots = self.landings(hour)
        if slots <= 0:
            return personnel <= EPS and tonnes <= EPS
        caps = [0] * len(self.types)
        for w in self.waves:
            caps[w.type_index] += w.landed(hour)
        return self.lp.least(personnel, tonnes, caps) <= slots + EPS

    def earliest(self, personnel: float, tonnes: float, after: float) -> float:
        """The first hour from `after` by which (personnel, tonnes) can have landed."""
        lo = bisect.bisect_left(self.hours, after - EPS)
        hi = len(self.hours)
        if lo >= hi or not self.fits(personnel, tonnes, self.hours[-1]):
            return math.inf
        while lo < hi:
            mid = (lo + hi) // 2
            if self.fits(personnel, tonnes, self.hours[mid]):
                hi = mid
            else:
                lo = mid + 1
        return max(after, self.hours[lo])


def shared_landing_bound(
    problem: PlanningProblem,
    dest: str,
    reqs: list[Requirement],
    met: dict[str, float],
    opts_by_req: dict[str, list[Option]],
) -> float:
    """Least weighted lateness of the requirements at `dest`, by the module's argument.

    Returns 0 (no bound) for more than `SHARED_LIMIT` requirements.
    """
    n = len(reqs)
    if n == 0 or n > SHARED_LIMIT:
        return 0.0
    opts = [o for r in reqs for o in opts_by_req.get(r.id, [])]
    cap = _Capacity(problem, dest, opts)
    if not math.isfinite(cap.opening):
        return 0.0
    people = [float(r.personnel) for r in reqs]
    tonnes = [_least_tonnage(r, opts_by_req.get(r.id, [])) for r in reqs]
    size = 1 << n
    when = [0.0] * size
    total_p = [0.0] * size
    total_t = [0.0] * size
    best = [math.inf] * size
    best[0] = 0.0
    for mask in range(1, size):
        low = (mask & -mask).bit_length() - 1
        rest = mask & (mask - 1)
        total_p[mask] = total_p[rest] + people[low]
        total_t[mask] = total_t[rest] + tonnes[low]
        after = max(when[mask ^ (1 << k)] for k in range(n) if mask >> k & 1)
        when[mask] = cap.earliest(total_p[mask], total_t[mask], after)
        for k, req in enumerate(reqs):
            bit = 1 << k
            if mask & bit and best[mask ^ bit] < math.inf:
                hour = max(met[req.id], when[mask])
                cost = best[mask ^ bit] + req.weight * max(0.0, hour - req.due_h)
                best[mask] = min(best[mask], cost)
    return best[size - 1]


def _least_tonnage(req: Requirement, opts: list[Option]) -> float:
    """The least tonnage any choice of contingents meeting `req` brings (fractions allowed)."""
    units = {o.contingent.id: o.contingent for o in opts}
    need = float(req.personnel)
    got = tonnes = 0.0
    if need > 0:
        ranked = sorted(
            (u for u in units.values() if u.personnel > 0),
            key=lambda u: (u.tonnage_t / u.personnel, u.id),
        )
        for u in ranked:
            take = min(1.0, (need - got) / u.personnel)
            got += take * u.personnel
            tonnes += take * u.tonnage_t
            if got >= need - EPS:
                break
    return max(tonnes, req.tonnage_t)


def closing_hour(
    problem: PlanningProblem,
    unit: Contingent,
    opts: list[Option],
    lps: dict[tuple[str, ...], SortieLP],
) -> float:
    """The earliest hour all of `unit` can have landed, on the types its options name.

    Type a can land it first at max(readiness, pool ready) + turnaround + leg, and each
    airframe again once per 2·(turnaround + leg) (its sorties carrying the unit all fly that
    leg); its sorties land 1/rate apart from the first; the sorties landed by hour T must be
    able to carry its personnel and tonnes (`SortieLP`). Infinite when not by the horizon.
    `lps` caches one `SortieLP` per set of types.
    """
    if not opts:
        return math.inf
    types = tuple(sorted({o.aircraft_type for o in opts}))
    index = {a: i for i, a in enumerate(types)}
    group = lift_groups(problem, unit)
    waves: list[_Wave] = []
    for o in opts:
        a = problem.aircraft_types[o.aircraft_type]
        for pool in participating_pools(problem):
            if pool.aircraft_type == o.aircraft_type and group in ("*", pool.state):
                first = max(unit.readiness_h, pool.ready_h) + a.turnaround_h + o.flight_h
                cycle = 2 * (a.turnaround_h + o.flight_h)
                waves.append(_Wave(index[o.aircraft_type], first, cycle, pool.count))
    if not waves:
        return math.inf
    horizon = problem.horizon_h
    opening = min(w.first for w in waves)
    if opening > horizon + EPS:
        return math.inf
    rate = problem.airfields[opts[0].requirement.destination].landings_per_hour
    hours = {opening + j / rate for j in range(math.floor((horizon - opening) * rate + EPS) + 1)}
    for w in waves:
        if w.first <= horizon + EPS:
            hours.update(
                w.first + i * w.cycle
                for i in range(math.floor((horizon - w.first) / w.cycle + EPS) + 1)
            )
    ordered = sorted(hours)
    if types not in lps:
        lps[types] = SortieLP(
            [float(problem.aircraft_types[a].troops) for a in types],
            [problem.aircraft_types[a].payload_t for a in types],
        )
    lp = lps[types]

    def fits(hour: float) -> bool:
        caps = [0] * len(types)
        for w in waves:
            caps[w.type_index] += w.landed(hour)
        slots = math.floor((hour - opening) * rate + EPS) + 1
        return lp.least(float(unit.personnel), unit.tonnage_t, caps) <= slots + EPS

    if not fits(ordered[-1]):
        return math.inf
    lo, hi = 0, len(ordered) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(ordered[mid]):
            hi = mid
        else:
            lo = mid + 1
    return ordered[lo]
