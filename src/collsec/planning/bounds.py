"""Lower bounds on weighted lateness that hold for every feasible plan, found by counting.

A plan's lateness can only be proven optimal against a bound. The MILP's own dual bound is a
bound on the *bucketed* model, whose lateness is measured at bucket ends; the bounds here are
on lateness measured on the sorties in continuous time (the way `build_plan` measures every
plan), so they bound the greedy plan, the decoded MILP plan and the bucketed objective alike.

For each requirement k at destination d, any plan meets k no earlier than the largest of:

* **supply**: the earliest time by which enough eligible contingents could have closed at d,
  each on its fastest eligible type, boarding at max(readiness, its pools' ready time), loading
  for the type's turnaround and flying the leg (`earliest_landing`);
* **landing slots**: k needs at least n_k = ⌈P_k/troops_max + T_k/payload_max⌉ sorties (every
  sortie obeys personnel/troops + tonnes/payload ≤ 1, and the largest troops and payload of
  the eligible types only loosen it); landings at d are 1/rate apart, so the n_k-th lands no
  earlier than the first possible landing plus (n_k − 1)/rate;
* **fleet cycles**: the eligible airframes land at most count·(1 + ⌊(t − first)/cycle⌋)
  sorties at d by t, with cycle = 2·(turnaround + shortest leg) (an airframe is busy from
  loading to its return), and these must reach n_k.

Each bound relaxes everything else (other requirements competing for the same contingents,
aircraft, slots and parking), so the sum of w_k·max(0, bound_k − due_k) is a lower bound on
the weighted lateness of any plan that meets every requirement. Where the requirements at
one destination compete for its landings and fleet, `planning.landing_bound` orders them
and may raise that sum. A contingent's own sorties also land 1/rate apart, so it closes no
earlier than its earliest landing plus (its least number of sorties − 1)/rate.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from collsec.planning.eligibility import Option, lift_groups, options, participating_pools
from collsec.planning.landing_bound import SortieLP, closing_hour, shared_landing_bound
from collsec.planning.model import PlanningProblem, Requirement

__all__ = ["LatenessBound", "earliest_landing", "lateness_lower_bound"]

EPS = 1e-6


@dataclass(frozen=True)
class LatenessBound:
    """A proven lower bound on weighted lateness, per requirement and in total.

    Attributes:
        total: Σ_k w_k·max(0, met_k − due_k) over the bounds below (weighted hours); math.inf
            when some requirement cannot be met by the horizon at all.
        met_h: per requirement, the earliest hour any plan can meet it.
        binding: per requirement, which argument gave that hour (`supply`, `landing slots`
            or `fleet cycles`).
        closes_h: per (contingent, requirement), the earliest hour the contingent can have
            closed at the requirement's destination.
    """

    total: float
    met_h: dict[str, float]
    binding: dict[str, str]
    closes_h: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """A one-line account of where the bound comes from, for plans and reports."""
        kinds = sorted(set(self.binding.values()))
        return "combinatorial (" + ", ".join(kinds) + ")" if kinds else "combinatorial"


def earliest_landing(problem: PlanningProblem, option: Option) -> float:
    """The earliest hour any part of the option's contingent can land on its type."""
    group = lift_groups(problem, option.contingent)
    ready = min(
        (
            p.ready_h
            for p in participating_pools(problem)
            if p.aircraft_type == option.aircraft_type and (group == "*" or p.state == group)
        ),
        default=math.inf,
    )
    turn = problem.aircraft_types[option.aircraft_type].turnaround_h
    return max(option.contingent.readiness_h, ready) + turn + option.flight_h


def lateness_lower_bound(problem: PlanningProblem, enough: float = math.inf) -> LatenessBound:
    """The counting bound on weighted lateness described in the module docstring.

    Args:
        problem: the deployment question.
        enough: stop strengthening once the bound reaches this (e.g. a known plan's
            lateness, which no bound can exceed); the result is still a valid bound.
    """
    by_req: dict[str, list[Option]] = defaultdict(list)
    for opt in options(problem):
        by_req[opt.requirement.id].append(opt)
    met: dict[str, float] = {}
    binding: dict[str, str] = {}
    closes: dict[tuple[str, str], float] = {}
    lps: dict[tuple[str, ...], SortieLP] = {}
    for req in problem.requirements:
        need = _Need.of(problem, req, by_req[req.id], lps)
        met[req.id], binding[req.id] = need.earliest_met(problem, req, by_req[req.id])
        closes.update({(uid, req.id): hour for uid, hour in need.closes.items()})
    if any(met[r.id] > problem.horizon_h + EPS for r in problem.requirements):
        return LatenessBound(math.inf, met, binding, closes)
    total = 0.0
    by_dest: dict[str, list[Requirement]] = defaultdict(list)
    for req in problem.requirements:
        by_dest[req.destination].append(req)
    alone = {
        dest: sum(r.weight * max(0.0, met[r.id] - r.due_h) for r in reqs)
        for dest, reqs in by_dest.items()
    }
    if sum(alone.values()) >= enough - EPS:
        return LatenessBound(sum(alone.values()), met, binding, closes)
    for dest, reqs in sorted(by_dest.items()):
        together = shared_landing_bound(problem, dest, reqs, met, by_req)
        if together > alone[dest] + EPS:
            for r in reqs:
                binding[r.id] = f"landings and fleet shared at {dest}"
        total += max(alone[dest], together)
    return LatenessBound(total, met, binding, closes)


@dataclass(frozen=True)
class _Need:
    """What any plan must land for one requirement.

    Its contingents' earliest closing times, and the least load (in sorties of the roomiest
    eligible types) that can meet it.
    """

    closes: dict[str, float]
    load: float
    opening: float

    @classmethod
    def of(
        cls,
        problem: PlanningProblem,
        req: Requirement,
        opts: list[Option],
        lps: dict[tuple[str, ...], SortieLP],
    ) -> _Need:
        first: dict[str, float] = {}
        for opt in opts:
            uid = opt.contingent.id
            first[uid] = min(first.get(uid, math.inf), earliest_landing(problem, opt))
        if not first:
            return cls({}, math.inf, math.inf)
        types = {opt.aircraft_type for opt in opts}
        troops = max(problem.aircraft_types[a].troops for a in types)
        payload = max(problem.aircraft_types[a].payload_t for a in types)
        rate = problem.airfields[req.destination].landings_per_hour
        units = {opt.contingent.id: opt.contingent for opt in opts}
        share = {
            uid: _share(u.personnel, troops) + _share(u.tonnage_t, payload)
            for uid, u in units.items()
        }
        # a contingent's sorties all land at the destination, 1/rate apart, on its types
        by_unit: dict[str, list[Option]] = defaultdict(list)
        for opt in opts:
            by_unit[opt.contingent.id].append(opt)
        closes = {
            uid: max(
                first[uid] + (max(1, math.ceil(share[uid] - EPS)) - 1) / rate,
                closing_hour(problem, units[uid], by_unit[uid], lps),
            )
            for uid in first
        }
        load = max(
            _cover(req.personnel, [(float(units[u].personnel), share[u]) for u in units]),
            _cover(req.tonnage_t, [(units[u].tonnage_t, share[u]) for u in units]),
        )
        return cls(closes, load, min(first.values()))

    def earliest_met(
        self, problem: PlanningProblem, req: Requirement, opts: list[Option]
    ) -> tuple[float, str]:
        if req.personnel <= 0 and req.tonnage_t <= 0:
            return 0.0, "supply"
        units = {opt.contingent.id: opt.contingent for opt in opts}
        people = tonnes = 0.0
        supply = math.inf
        for when, uid in sorted((t, u) for u, t in self.closes.items()):
            people += units[uid].personnel
            tonnes += units[uid].tonnage_t
            if people >= req.personnel - EPS and tonnes >= req.tonnage_t - EPS:
                supply = when
                break
        if not math.isfinite(supply):
            return math.inf, "supply"
        sorties = max(1, math.ceil(self.load - EPS))
        rate = problem.airfields[req.destination].landings_per_hour
        slots = self.opening + (sorties - 1) / rate
        fleet = _fleet_time(problem, opts, sorties)
        return max((supply, "supply"), (slots, "landing slots"), (fleet, "fleet cycles"))


def _share(amount: float, capacity: float) -> float:
    if amount <= 0:
        return 0.0
    return amount / capacity if capacity > 0 else math.inf


def _cover(need: float, items: list[tuple[float, float]]) -> float:
    """Least total share of contingents (fractions allowed) that brings `need`.

    The LP relaxation of choosing whole contingents, so a lower bound on any choice.
    """
    if need <= 0:
        return 0.0
    got = cost = 0.0
    for amount, share in sorted(
        ((a, s) for a, s in items if a > 0), key=lambda item: item[1] / item[0]
    ):
        take = min(1.0, (need - got) / amount)
        got += take * amount
        cost += take * share
        if got >= need - EPS:
            return cost
    return math.inf


def _fleet_time(problem: PlanningProblem, opts: list[Option], sorties: int) -> float:
    """The earliest hour by which the eligible airframes can have landed `sorties`.

    Each airframe lands first at its earliest and then at most once a cycle.
    """
    waves: list[tuple[float, float, int]] = []
    for pool in participating_pools(problem):
        legs = [
            o
            for o in opts
            if o.aircraft_type == pool.aircraft_type
            and (lift_groups(problem, o.contingent) in ("*", pool.state))
        ]
        if not legs:
            continue
        turn = problem.aircraft_types[pool.aircraft_type].turnaround_h
        shortest = min(o.flight_h for o in legs)
        start = min(max(o.contingent.readiness_h, pool.ready_h) + turn + o.flight_h for o in legs)
        waves.append((start, 2 * (turn + shortest), pool.count))
    if not waves:
        return math.inf
    landings = sorted(
        start + i * cycle
        for start, cycle, count in waves
        for i in range(sorties)
        for _ in range(count)
    )
    return landings[sorties - 1] if len(landings) >= sorties else math.inf
