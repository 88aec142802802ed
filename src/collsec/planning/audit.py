"""An independent check of a plan against every rule of the problem.

Used by the tests on every plan either solver returns (and available to users who edit a
plan by hand): no aircraft over its capacity or range, no airframe in two places, no
airfield over its landing rate or its parking (MOG), no contingent flown before it is ready,
no state used that refused, every chosen contingent delivered whole, shares respected.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from collsec.planning.airspace import busy_interval
from collsec.planning.eligibility import tail_names
from collsec.planning.geo import flight_hours
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import Plan, load_fraction

__all__ = ["audit"]

TOL = 1e-6


def audit(problem: PlanningProblem, plan: Plan) -> list[str]:
    """Every rule the plan breaks, as sentences; empty when it keeps them all."""
    out: list[str] = []
    units = {c.id: c for c in problem.contingents}
    reqs = {r.id: r for r in problem.requirements}
    pol = problem.political
    pools: dict[tuple[str, str], int] = defaultdict(int)
    for p in problem.pools:
        pools[(p.aircraft_type, p.state)] += p.count
    ready = {name: pool.ready_h for pool, names in tail_names(problem) for name in names}
    busy: dict[str, list[tuple[float, float]]] = defaultdict(list)
    landings: dict[str, list[float]] = defaultdict(list)
    parked: dict[str, list[tuple[float, float]]] = defaultdict(list)
    moved: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for s in plan.sorties:
        a = problem.aircraft_types[s.aircraft_type]
        name = f"sortie {s.tail} at {s.departure_h:.2f} h"
        if not pol.takes_part(s.state):
            out.append(f"{name}: flown by {s.state}, which does not take part")
        if load_fraction(a, s.personnel, s.tonnage_t) > 1 + TOL:
            out.append(f"{name}: overloaded ({s.personnel} personnel, {s.tonnage_t:.2f} t)")
        leg = flight_hours(problem, a, s.origin, s.destination)
        if leg is None:
            out.append(f"{name}: {s.origin}-{s.destination} is beyond the range of {a.id}")
        elif abs(s.arrival_h - s.departure_h - leg) > 1e-4:
            out.append(
                f"{name}: flight time {s.arrival_h - s.departure_h:.3f} h, leg is {leg:.3f} h"
            )
        start = s.departure_h - a.turnaround_h
        if s.tail not in ready:
            out.append(f"{name}: airframe {s.tail} is not offered by a state taking part")
        elif start < ready[s.tail] - TOL:
            out.append(f"{name}: loads before its aircraft is available")
        if s.arrival_h > problem.horizon_h + TOL:
            out.append(f"{name}: lands after the {problem.horizon_h:g} h horizon")
        busy[s.tail].append(busy_interval(s.departure_h, s.arrival_h, a.turnaround_h))
        landings[s.destination].append(s.arrival_h)
        parked[s.destination].append((s.arrival_h, s.arrival_h + a.turnaround_h))
        parked[s.origin].append((start, s.departure_h))
        for load in s.loads:
            unit = units[load.contingent]
            req = reqs[load.requirement]
            if plan.assignments.get(unit.id) != req.id:
                out.append(f"{name}: carries {unit.id} for {req.id}, which it is not assigned to")
            if not pol.takes_part(unit.state):
                out.append(f"{name}: carries {unit.id} of {unit.state}, which does not take part")
            if not pol.pooled_lift and unit.state != s.state:
                out.append(f"{name}: carries {unit.id} of {unit.state} without pooled lift")
            if start < unit.readiness_h - TOL:
                out.append(f"{name}: loads {unit.id} before it is ready at {unit.readiness_h:g} h")
            if unit.home_airfield != s.origin or req.destination != s.destination:
                out.append(f"{name}: carries {unit.id} on the wrong leg")
            moved[unit.id][0] += load.personnel
            moved[unit.id][1] += load.tonnage_t
    for uid, rid in plan.assignments.items():
        unit = units[uid]
        if unit.capability != reqs[rid].capability:
            out.append(f"{uid} ({unit.capability}) assigned to {rid} ({reqs[rid].capability})")
        people, tonnes = moved.get(uid, [0.0, 0.0])
        if plan.status.value != "infeasible" and (
            people != unit.personnel or abs(tonnes - unit.tonnage_t) > 1e-3
        ):
            out.append(
                f"{uid}: {people:g}/{unit.personnel} personnel and "
                f"{tonnes:.2f}/{unit.tonnage_t:g} t flown"
            )
    for tail, spans in busy.items():
        spans.sort()
        for (_, e1), (s2, _) in pairwise(spans):
            if s2 < e1 - TOL:
                out.append(f"airframe {tail} is used by two sorties at {s2:.2f} h")
    used: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in plan.sorties:
        used[(s.aircraft_type, s.state)].add(s.tail)
    for key, tails in used.items():
        if len(tails) > pools.get(key, 0):
            out.append(
                f"{len(tails)} airframes of {key[0]} from {key[1]}; only {pools.get(key, 0)}"
            )
    for fid, times in landings.items():
        times.sort()
        gap = 1.0 / problem.airfields[fid].landings_per_hour
        for t1, t2 in pairwise(times):
            if t2 - t1 < gap - TOL:
                out.append(f"{fid}: landings at {t1:.3f} h and {t2:.3f} h, closer than {gap:.3f} h")
    for fid, stays in parked.items():
        # a stay starting within TOL of another's end does not overlap it
        events = sorted([(s + TOL, 1) for s, _ in stays] + [(e, -1) for _, e in stays])
        level = 0
        for t, step in events:
            level += step
            if level > problem.airfields[fid].max_on_ground:
                out.append(
                    f"{fid}: {level} aircraft on the ground at {t:.2f} h, MOG is "
                    f"{problem.airfields[fid].max_on_ground}"
                )
                break
    total = sum(plan.personnel_by_state.values())
    for state, share in pol.min_share.items():
        if total and plan.personnel_by_state.get(state, 0) < share * total - TOL:
            out.append(f"{state} provides less than its minimum share {share:.0%}")
    for state, share in pol.max_share.items():
        if total and plan.personnel_by_state.get(state, 0) > share * total + TOL:
            out.append(f"{state} provides more than its maximum share {share:.0%}")
    return out
