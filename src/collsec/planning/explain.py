"""Why a request fails: malformed inputs, and requirements no plan can meet.

`check_problem` rejects references to things that do not exist (each problem names the field
path). `diagnose` runs cheap counting arguments before any solve and names, for each
requirement that cannot be met, the constraint that binds: the supply of that capability,
a political refusal or exclusion, aircraft range, readiness against the horizon, or national
shares. `capacity_limits` explains a requirement a solver could not meet by the horizon by
bounding what the fleet and the destination's landing slots can deliver.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from collsec.errors import Problem, UsageError
from collsec.planning.eligibility import Option, options, participating_pools
from collsec.planning.model import Contingent, PlanningProblem, Requirement
from collsec.planning.plan import Explanation, Plan, infeasible_plan

__all__ = ["capacity_limits", "check_problem", "diagnose", "screen"]


def screen(problem: PlanningProblem, solver: str, started: float) -> Plan | None:
    """What every solver does first; None when solving may go ahead.

    Malformed input is rejected, and a request no plan can meet is answered with a plan
    that says why.

    Raises:
        UsageError: the problem refers to things that do not exist (`check_problem`).
    """
    problems = check_problem(problem)
    if problems:
        raise UsageError(problems)
    blocking = diagnose(problem)
    return infeasible_plan(problem, solver, blocking, started) if blocking else None


def check_problem(problem: PlanningProblem) -> list[Problem]:
    """Every dangling reference or impossible number in a problem."""
    out: list[Problem] = []
    ids: set[str] = set()
    for i, req in enumerate(problem.requirements):
        path = f"requirements[{i}]"
        if req.id in ids:
            out.append(Problem(f"duplicate requirement id {req.id!r}", path=f"{path}.id"))
        ids.add(req.id)
        if req.destination not in problem.airfields:
            out.append(
                Problem(
                    f"unknown airfield {req.destination!r}",
                    path=f"{path}.destination",
                    expected="one of " + ", ".join(sorted(problem.airfields)),
                )
            )
        if req.personnel < 0 or req.vehicles < 0 or req.tonnage_t < 0 or req.weight <= 0:
            out.append(
                Problem(
                    "negative size or non-positive weight",
                    path=path,
                    expected="personnel, vehicles, tonnage_t >= 0 and weight > 0",
                )
            )
    units: set[str] = set()
    for i, unit in enumerate(problem.contingents):
        if unit.id in units:
            out.append(Problem(f"duplicate contingent id {unit.id!r}", path=f"contingents[{i}]"))
        units.add(unit.id)
        if unit.home_airfield not in problem.airfields:
            out.append(
                Problem(
                    f"contingent {unit.id!r} boards at unknown airfield {unit.home_airfield!r}",
                    path=f"contingents[{i}].home_airfield",
                    expected="an airfield of the scenario",
                )
            )
    for i, pool in enumerate(problem.pools):
        if pool.aircraft_type not in problem.aircraft_types:
            out.append(
                Problem(
                    f"unknown aircraft type {pool.aircraft_type!r}",
                    path=f"pools[{i}].aircraft_type",
                )
            )
    for state, share in {**problem.political.min_share, **problem.political.max_share}.items():
        if not 0 <= share <= 1:
            out.append(Problem(f"share of {state} is {share}", expected="a fraction in [0, 1]"))
    return out


def _earliest_arrival(problem: PlanningProblem, option: Option) -> float:
    pools = [p for p in participating_pools(problem) if p.aircraft_type == option.aircraft_type]
    turn = problem.aircraft_types[option.aircraft_type].turnaround_h
    ready = min(p.ready_h for p in pools)
    return max(option.contingent.readiness_h, ready) + turn + option.flight_h


def _personnel(c: Contingent) -> float:
    return float(c.personnel)


def _tonnage(c: Contingent) -> float:
    return c.tonnage_t


def _vehicles(c: Contingent) -> float:
    return float(c.vehicles)


def _dimensions(req: Requirement) -> list[tuple[str, float, Callable[[Contingent], float]]]:
    return [
        ("personnel", float(req.personnel), _personnel),
        ("tonnage_t", req.tonnage_t, _tonnage),
        ("vehicles", float(req.vehicles), _vehicles),
    ]


def diagnose(problem: PlanningProblem) -> list[Explanation]:
    """Requirements that no plan can meet, each with the constraint that binds."""
    found: list[Explanation] = []
    if not participating_pools(problem):
        return [Explanation(None, "lift", "no participating state offers an aircraft")]
    opts = options(problem)
    by_req: dict[str, list[Option]] = defaultdict(list)
    for opt in opts:
        by_req[opt.requirement.id].append(opt)
    for req in problem.requirements:
        reachable = by_req.get(req.id, [])
        units = {o.contingent.id: o.contingent for o in reachable}
        in_time = {
            o.contingent.id: o.contingent
            for o in reachable
            if _earliest_arrival(problem, o) <= problem.horizon_h
        }
        for what, need, have_fn in _dimensions(req):
            have = sum(have_fn(c) for c in units.values())
            if have + 1e-9 < need:
                found.append(_why_short(problem, req, what, need, have, have_fn))
                break
            timely = sum(have_fn(c) for c in in_time.values())
            if what != "vehicles" and timely + 1e-9 < need:
                found.append(
                    Explanation(
                        req.id,
                        "readiness and horizon",
                        f"only {timely:g} of {need:g} {what} of capability {req.capability!r} "
                        f"can be ready, flown and landed at {req.destination} within the "
                        f"{problem.horizon_h:g} h horizon",
                    )
                )
                break
    found.extend(_shared_capability(problem, by_req))
    found.extend(_share_conflicts(problem))
    return found


def _why_short(
    problem: PlanningProblem,
    req: Requirement,
    what: str,
    need: float,
    have: float,
    get: Callable[[Contingent], float],
) -> Explanation:
    same = [c for c in problem.contingents if c.capability == req.capability]
    pol = problem.political
    total = sum(get(c) for c in same)
    blocked = sorted({c.state for c in same if not pol.takes_part(c.state)})
    allowed = sum(get(c) for c in same if pol.takes_part(c.state))
    if blocked and allowed + 1e-9 < need <= total + 1e-9:
        why = ", ".join(
            f"{s} ({'excluded host' if s == pol.host_state and s not in pol.refused else 'refused'})"  # noqa: E501
            for s in blocked
        )
        return Explanation(
            req.id,
            "political",
            f"needs {need:g} {what} of capability {req.capability!r}; the states taking part "
            f"offer {allowed:g}, and the rest is held back by {why}",
        )
    if allowed + 1e-9 >= need:
        return Explanation(
            req.id,
            "aircraft range or capacity",
            f"needs {need:g} {what} of capability {req.capability!r} at {req.destination}; "
            f"only {have:g} sit at airfields from which an available type can fly there "
            "with that load",
        )
    return Explanation(
        req.id,
        "supply",
        f"needs {need:g} {what} of capability {req.capability!r}; all contingents of that "
        f"capability in the scenario together have {total:g}",
    )


def _shared_capability(
    problem: PlanningProblem, by_req: dict[str, list[Option]]
) -> list[Explanation]:
    out: list[Explanation] = []
    groups: dict[str, list[Requirement]] = defaultdict(list)
    for req in problem.requirements:
        groups[req.capability].append(req)
    for cap, reqs in sorted(groups.items()):
        if len(reqs) < 2:
            continue
        units = {o.contingent.id: o.contingent for r in reqs for o in by_req.get(r.id, [])}
        have = sum(c.personnel for c in units.values())
        need = sum(r.personnel for r in reqs)
        if have < need and all(
            sum(
                o.contingent.personnel
                for o in {x.contingent.id: x for x in by_req.get(r.id, [])}.values()
            )
            >= r.personnel
            for r in reqs
        ):
            out.append(
                Explanation(
                    reqs[-1].id,
                    "supply",
                    f"requirements {', '.join(r.id for r in reqs)} together need {need} "
                    f"personnel of capability {cap!r}; the contingents that can reach them "
                    f"have {have}",
                )
            )
    return out


def _share_conflicts(problem: PlanningProblem) -> list[Explanation]:
    pol = problem.political
    out: list[Explanation] = []
    if sum(pol.min_share.values()) > 1 + 1e-9:
        out.append(
            Explanation(
                None, "political shares", "the minimum national shares add up to more than 1"
            )
        )
    needed_caps = {r.capability for r in problem.requirements}
    for state, share in sorted(pol.min_share.items()):
        if share <= 0:
            continue
        if not pol.takes_part(state):
            out.append(
                Explanation(
                    None,
                    "political shares",
                    f"{state} must provide at least {share:.0%} of personnel "
                    "but does not take part",
                )
            )
        elif not any(c.state == state and c.capability in needed_caps for c in problem.contingents):
            out.append(
                Explanation(
                    None,
                    "political shares",
                    f"{state} must provide at least {share:.0%} of personnel but has no "
                    "contingent of a required capability",
                )
            )
    states = {c.state for c in problem.contingents if pol.takes_part(c.state)}
    capped = bool(pol.max_share and states and all(s in pol.max_share for s in states))
    if capped and sum(pol.max_share[s] for s in states) < 1 - 1e-9:
        out.append(
            Explanation(
                None,
                "political shares",
                "the maximum shares of the states taking part add up to less than 1",
            )
        )
    return out


def capacity_limits(problem: PlanningProblem, req: Requirement) -> Explanation:
    """Name what limits delivery to a requirement a solver could not meet by the horizon."""
    opts = [o for o in options(problem) if o.requirement.id == req.id]
    dest = problem.airfields[req.destination]
    start = min((_earliest_arrival(problem, o) for o in opts), default=problem.horizon_h)
    window = max(0.0, problem.horizon_h - start)
    same_dest = sum(r.personnel for r in problem.requirements if r.destination == req.destination)
    troops = max((problem.aircraft_types[o.aircraft_type].troops for o in opts), default=0)
    slots = math.floor(window * dest.landings_per_hour) + 1
    if slots * troops < same_dest:
        return Explanation(
            req.id,
            f"landing slots at {req.destination}",
            f"{dest.landings_per_hour:g} landings per hour from hour {start:.1f} to the "
            f"{problem.horizon_h:g} h horizon bring at most {slots * troops} personnel; "
            f"{same_dest} are required there",
        )
    fleet = 0
    for pool in participating_pools(problem):
        legs = [o for o in opts if o.aircraft_type == pool.aircraft_type]
        if not legs:
            continue
        a = problem.aircraft_types[pool.aircraft_type]
        cycle = 2 * min(o.flight_h for o in legs) + 2 * a.turnaround_h
        fleet += pool.count * (1 + math.floor(window / cycle)) * a.troops
    if fleet < same_dest:
        return Explanation(
            req.id,
            "fleet",
            f"the available airframes can fly at most {fleet} personnel to {req.destination} "
            f"by the {problem.horizon_h:g} h horizon; {same_dest} are required there",
        )
    return Explanation(
        req.id,
        "lift, slots and readiness together",
        f"not met by the {problem.horizon_h:g} h horizon: aircraft cycles, landing slots and "
        "on-ground limits together leave too little lift; lengthen the horizon or add aircraft",
    )
