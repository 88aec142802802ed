"""The greedy baseline: the contingents that can land first, each on the earliest airframe.

Force generation takes, requirement by requirement in order of due time, the eligible
contingents with the earliest possible landing until personnel, tonnage and vehicles are
covered, respecting refusals and national shares where it can. Lift is a list schedule:
each contingent in turn is loaded on the type whose first-free airframe lands it soonest
(landing slots and parking booked as it goes), and spare room on that sortie is topped up
with later contingents from the same airfield to the same destination that are ready.
It is fast and always returns a feasible schedule; it proves nothing.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from collsec.planning.airspace import AirfieldBook, FleetBook
from collsec.planning.eligibility import Option, lift_groups, options, participating_pools
from collsec.planning.explain import screen
from collsec.planning.model import Contingent, PlanningProblem, Requirement
from collsec.planning.plan import (
    Explanation,
    Load,
    Plan,
    SolveStatus,
    Sortie,
    build_plan,
)

__all__ = ["ForceRule", "solve_greedy"]

EPS = 1e-9


class ForceRule(StrEnum):
    """How force generation ranks the contingents that may fill a requirement.

    `earliest`: the contingent that can land first (the baseline). `lightest`: among those
    that can land by the due time, the fewest sorties per person first (a requirement is met
    by personnel, so light contingents spare the destination's landing slots when they bind);
    then the rest, earliest first.
    """

    EARLIEST = "earliest"
    LIGHTEST = "lightest"


@dataclass
class _Cargo:
    unit: Contingent
    req: Requirement
    people: int
    tonnes: float
    types: dict[str, float]

    @property
    def done(self) -> bool:
        return self.people == 0 and self.tonnes <= EPS


def _earliest(problem: PlanningProblem, opt: Option, ready: dict[str, float]) -> float:
    turn = problem.aircraft_types[opt.aircraft_type].turnaround_h
    return max(opt.contingent.readiness_h, ready[opt.aircraft_type]) + turn + opt.flight_h


def choose_units(
    problem: PlanningProblem, opts: list[Option], rule: ForceRule = ForceRule.EARLIEST
) -> tuple[dict[str, str], list[Explanation]]:
    """Force generation: contingent id -> requirement id, ranked by `rule`."""
    ready: dict[str, float] = {}
    for pool in participating_pools(problem):
        ready[pool.aircraft_type] = min(ready.get(pool.aircraft_type, math.inf), pool.ready_h)
    best: dict[tuple[str, str], float] = {}
    for opt in opts:
        key = (opt.requirement.id, opt.contingent.id)
        best[key] = min(best.get(key, math.inf), _earliest(problem, opt, ready))
    pol = problem.political
    total_need = sum(r.personnel for r in problem.requirements) or 1
    chosen: dict[str, str] = {}
    by_state: dict[str, int] = defaultdict(int)
    units = {c.id: c for c in problem.contingents}
    weight = _sorties_per_person(problem, opts) if rule is ForceRule.LIGHTEST else {}
    for req in sorted(problem.requirements, key=lambda r: (r.due_h, -r.weight, r.id)):
        cands = sorted(
            (_rank(t, req.due_h, weight.get(u)), u)
            for (r, u), t in best.items()
            if r == req.id and u not in chosen
        )
        got = [0.0, 0.0, 0.0]
        need = (float(req.personnel), req.tonnage_t - EPS, float(req.vehicles))

        for strict in (True, False):
            for _, uid in cands:
                if all(g >= n for g, n in zip(got, need, strict=True)):
                    break
                unit = units[uid]
                if uid in chosen:
                    continue
                cap = pol.max_share.get(unit.state)
                if (
                    strict
                    and cap is not None
                    and by_state[unit.state] + unit.personnel > cap * total_need
                ):
                    continue
                chosen[uid] = req.id
                by_state[unit.state] += unit.personnel
                got[0] += unit.personnel
                got[1] += unit.tonnage_t
                got[2] += unit.vehicles
    for state, share in sorted(pol.min_share.items()):
        extra = sorted(
            (t, u) for (r, u), t in best.items() if u not in chosen and units[u].state == state
        )
        for t, uid in extra:
            if by_state[state] >= share * sum(by_state.values()) - EPS:
                break
            req_id = next(r for (r, u), tt in best.items() if u == uid and tt == t)
            chosen[uid] = req_id
            by_state[state] += units[uid].personnel
    issues: list[Explanation] = []
    total = sum(by_state.values())
    for state, share in sorted(pol.min_share.items()):
        if total and by_state[state] < share * total - EPS:
            issues.append(
                Explanation(None, "political shares", f"greedy could not give {state} {share:.0%}")
            )
    for state, share in sorted(pol.max_share.items()):
        if total and by_state[state] > share * total + EPS:
            issues.append(
                Explanation(None, "political shares", f"greedy gives {state} more than {share:.0%}")
            )
    return chosen, issues


def _sorties_per_person(problem: PlanningProblem, opts: list[Option]) -> dict[str, float]:
    """Each contingent's load in sorties of its roomiest eligible types, per person."""
    troops: dict[str, float] = defaultdict(float)
    payload: dict[str, float] = defaultdict(float)
    units = {}
    for opt in opts:
        a = problem.aircraft_types[opt.aircraft_type]
        uid = opt.contingent.id
        units[uid] = opt.contingent
        troops[uid] = max(troops[uid], float(a.troops))
        payload[uid] = max(payload[uid], a.payload_t)
    out = {}
    for uid, unit in units.items():
        if unit.personnel <= 0:
            continue
        load = unit.personnel / troops[uid] if troops[uid] else math.inf
        load += unit.tonnage_t / payload[uid] if payload[uid] else 0.0
        out[uid] = load / unit.personnel
    return out


def _rank(earliest: float, due: float, per_person: float | None) -> tuple[int, float, float]:
    """Sort key: with a per-person load, on-time contingents lightest first, then the rest."""
    if per_person is None:
        return (0, earliest, 0.0)
    if earliest <= due:
        return (0, per_person, earliest)
    return (1, earliest, per_person)


def _fill(room: float, cargo: _Cargo, troops: int, payload: float) -> tuple[int, float, float]:
    """Load as much of `cargo` as fits in `room` (a share of one aircraft)."""
    people = min(cargo.people, math.floor(room * troops + 1e-7)) if troops else 0
    room -= people / troops if troops else 0.0
    if people < cargo.people:
        return people, 0.0, room
    tonnes = min(cargo.tonnes, max(0.0, room) * payload)
    room -= tonnes / payload if payload else 0.0
    return people, tonnes, room


def solve_greedy(problem: PlanningProblem, rule: ForceRule = ForceRule.EARLIEST) -> Plan:
    """A fast feasible plan: the baseline, and a warm start for the optimiser."""
    started = time.perf_counter()
    screened = screen(problem, "greedy", started)
    if screened is not None:
        return screened
    opts = options(problem)
    chosen, issues = choose_units(problem, opts, rule)
    fleet = FleetBook(problem)
    book = AirfieldBook(problem.airfields)
    queue: list[_Cargo] = []
    types: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for opt in opts:
        if chosen.get(opt.contingent.id) == opt.requirement.id:
            types[(opt.contingent.id, opt.requirement.id)][opt.aircraft_type] = opt.flight_h
    reqs = {r.id: r for r in problem.requirements}
    units = {c.id: c for c in problem.contingents}
    for uid, rid in chosen.items():
        unit = units[uid]
        queue.append(_Cargo(unit, reqs[rid], unit.personnel, unit.tonnage_t, types[(uid, rid)]))
    queue.sort(key=lambda c: (c.req.due_h, c.unit.readiness_h, c.unit.id))
    sorties: list[Sortie] = []
    for i, cargo in enumerate(queue):
        while not cargo.done:
            sorties.append(_fly_one(problem, fleet, book, queue, i))
    status = SolveStatus.FEASIBLE
    late = [s for s in sorties if s.arrival_h > problem.horizon_h + EPS]
    if late:
        issues.append(
            Explanation(
                None,
                "horizon",
                f"greedy lands {len(late)} sorties after the {problem.horizon_h:g} h horizon",
            )
        )
    plan = build_plan(
        problem,
        solver="greedy",
        status=status,
        sorties=sorties,
        assignments=chosen,
        solve_seconds=time.perf_counter() - started,
        explanations=tuple(issues),
    )
    return plan


def _fly_one(
    problem: PlanningProblem, fleet: FleetBook, book: AirfieldBook, queue: list[_Cargo], i: int
) -> Sortie:
    cargo = queue[i]
    group = lift_groups(problem, cargo.unit)
    best: tuple[float, float, str] | None = None
    for a, flight in sorted(cargo.types.items()):
        free = fleet.next_free(group, a)
        if free is None:
            continue
        ac = problem.aircraft_types[a]
        earliest = max(free[0], cargo.unit.readiness_h) + ac.turnaround_h + flight
        arrival = book.earliest_arrival(
            cargo.unit.home_airfield, cargo.req.destination, earliest, flight, ac.turnaround_h
        )
        fits = min(1.0, cargo.people / ac.troops if ac.troops else 0.0) + (
            cargo.tonnes / ac.payload_t if ac.payload_t else 0.0
        )
        key = (arrival, -min(fits, 1.0) * (ac.troops + ac.payload_t), a)
        if best is None or key < (best[0], best[1], best[2]):
            best = key
    if best is None:
        raise RuntimeError(f"no aircraft can carry contingent {cargo.unit.id}")
    arrival, _, a = best
    ac = problem.aircraft_types[a]
    flight = cargo.types[a]
    departure = arrival - flight
    tail = fleet.take(group, a, arrival + ac.turnaround_h + flight)
    book.book(cargo.unit.home_airfield, cargo.req.destination, arrival, flight, ac.turnaround_h)
    room = 1.0
    loads: list[Load] = []
    for other in queue[i:]:
        if room <= 1e-7:
            break
        if other.done or (
            other is not cargo and not _joins(other, cargo, group, a, departure, ac.turnaround_h)
        ):
            continue
        people, tonnes, room = _fill(room, other, ac.troops, ac.payload_t)
        if people or tonnes > EPS:
            other.people -= people
            other.tonnes = max(0.0, other.tonnes - tonnes)
            loads.append(Load(other.unit.id, other.req.id, people, tonnes))
    return Sortie(
        aircraft_type=a,
        state=tail.state,
        tail=tail.id,
        origin=cargo.unit.home_airfield,
        destination=cargo.req.destination,
        departure_h=departure,
        arrival_h=arrival,
        loads=tuple(loads),
    )


def _joins(
    other: _Cargo, lead: _Cargo, group: str, a: str, departure: float, turnaround: float
) -> bool:
    return (
        other.unit.home_airfield == lead.unit.home_airfield
        and other.req.destination == lead.req.destination
        and a in other.types
        and (group == "*" or other.unit.state == group)
        and other.unit.readiness_h <= departure - turnaround + EPS
    )
