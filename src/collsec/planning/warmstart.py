"""First solutions of the bucketed model, for HiGHS to start from.

The continuous-time greedy plan does not fit the model's conservative buckets as it stands,
so two starts are built in bucket space, on the model's own counters. `warm_start` runs the
same force generation as `greedy`, then flies each contingent in turn on the pool and landing
bucket that land it first while every fleet, slot and parking row stays within its limit (a
contingent that cannot be finished by the horizon is dropped, its requirement then unmet).
`repaired_start` keeps a greedy plan's own choices and replays its sorties into the buckets.
Either satisfies every row, so HiGHS starts with an incumbent instead of searching for one.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from collsec.planning.eligibility import lift_groups, options
from collsec.planning.formulation import BucketModel, capacity_limit, windows
from collsec.planning.greedy import choose_units
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import Plan, load_fraction

__all__ = ["fill_coverage", "repaired_start", "warm_start"]


def warm_start(problem: PlanningProblem, model: BucketModel) -> np.ndarray:
    """A full solution vector that satisfies every row of `model`."""
    nb = model.buckets
    opts = options(problem)
    chosen, _ = choose_units(problem, opts)
    units = {c.id: c for c in problem.contingents}
    reqs = {r.id: r for r in problem.requirements}
    x = np.zeros(model.columns)
    busy, landed, parked, pools_of = _bookings(model)
    # open sorties with spare room: (pool, o, d, b) -> room left (share of one aircraft)
    room: dict[tuple[int, str, str, int], list[float]] = defaultdict(list)
    flows: dict[tuple[str, str, str, int], float] = defaultdict(float)
    queue = sorted(
        chosen.items(), key=lambda kv: (reqs[kv[1]].due_h, units[kv[0]].readiness_h, kv[0])
    )
    done: set[str] = set()
    for uid, kid in queue:
        u, k = units[uid], reqs[kid]
        types = sorted(
            {o.aircraft_type for o in opts if o.contingent.id == uid and o.requirement.id == kid}
        )
        left = 1.0
        plan: list[tuple[str, str, str, int, float, tuple[int, str, str, int] | None]] = []
        while left > 1e-9:
            best: tuple[int, float, str, int] | None = None
            for a in types:
                if (uid, kid, a, nb - 1) not in model.f:
                    continue
                need = load_fraction(problem.aircraft_types[a], u.personnel, u.tonnage_t)
                first = min(b for b in range(nb) if (uid, kid, a, b) in model.f)
                for gi in pools_of[(lift_groups(problem, u), a)]:
                    for b in range(first, nb):
                        key = (gi, u.home_airfield, k.destination, b)
                        if key not in model.y:
                            continue
                        if room.get(key) or _fits(problem, model, key, busy, landed, parked):
                            cand = (b, -need, a, gi)
                            if best is None or cand < best:
                                best = cand
                            break
            if best is None:
                break
            b, _, a, gi = best
            key = (gi, u.home_airfield, k.destination, b)
            ac = problem.aircraft_types[a]
            need = load_fraction(ac, u.personnel, u.tonnage_t)
            keep = 1 - (1 / ac.troops if ac.troops else 0)
            if not room.get(key):
                _book(problem, model, key, busy, landed, parked)
                x[model.y[key]] += 1
                room[key].append(keep)
            take = min(left, room[key][-1] / need)
            room[key][-1] -= take * need
            if room[key][-1] <= 1e-9:
                room[key].pop()
            left -= take
            plan.append((uid, kid, a, b, take, key))
        if left > 1e-9:
            continue
        done.add(uid)
        for uid_, kid_, a, b, take, _ in plan:
            flows[(uid_, kid_, a, b)] += take
    for (uid, kid, a, b), share in flows.items():
        x[model.f[(uid, kid, a, b)]] = share
    for uid in done:
        x[model.z[(uid, chosen[uid])]] = 1.0
    fill_coverage(problem, model, x)
    return x


def _bookings(
    model: BucketModel,
) -> tuple[
    dict[int, list[int]],
    dict[str, list[int]],
    dict[str, list[int]],
    dict[tuple[str, str], list[int]],
]:
    """Empty booking tables and the model's pools by lift group and type.

    Both starts book per bucket the airframes of a pool, the landings and the parked
    aircraft at an airfield.
    """
    nb = model.buckets
    busy: dict[int, list[int]] = defaultdict(lambda: [0] * nb)
    landed: dict[str, list[int]] = defaultdict(lambda: [0] * nb)
    parked: dict[str, list[int]] = defaultdict(lambda: [0] * nb)
    pools_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for gi, pool in enumerate(model.pools):
        pools_of[(pool.group, pool.aircraft_type)].append(gi)
    return busy, landed, parked, pools_of


def _fits(problem, model, key, busy, landed, parked) -> bool:  # type: ignore[no-untyped-def]
    gi, o, d, b = key
    for kind, where, t in windows(problem, model, gi, o, d, b):
        row = str(gi) if kind == "fleet" else where
        used = busy[gi][t] if kind == "fleet" else (landed if kind == "land" else parked)[where][t]
        if used + 1 > capacity_limit(problem, model.pools, model.bucket_h, kind, row):
            return False
    return True


def _book(problem, model, key, busy, landed, parked) -> None:  # type: ignore[no-untyped-def]
    gi, o, d, b = key
    for kind, where, t in windows(problem, model, gi, o, d, b):
        {"fleet": busy[gi], "land": landed[where], "park": parked[where]}[kind][t] += 1


def fill_coverage(problem: PlanningProblem, model: BucketModel, x: np.ndarray) -> None:
    """Fill the landed-share, closure and lateness columns from the flows."""
    landed: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * model.buckets)
    for (uid, kid, _, b), col in model.f.items():
        landed[(uid, kid)][b] += x[col]
    units = {c.id: c for c in problem.contingents}
    for req in problem.requirements:
        mine = [uid for (uid, kid) in model.z if kid == req.id]
        for b in range(model.buckets):
            flag = model.late.get((req.id, b))
            if flag is None:
                continue
            people = tonnes = 0.0
            for uid in mine:
                share = sum(landed[(uid, req.id)][: b + 1])
                shut = share >= 1 - 1e-9
                x[model.closed[(uid, req.id, b)]] = 1.0 if shut else 0.0
                x[model.share[(uid, req.id, b)]] = min(1.0, share)
                if shut:
                    people += units[uid].personnel
                    tonnes += units[uid].tonnage_t
            met = people >= req.personnel - 1e-7 and tonnes >= req.tonnage_t - 1e-7
            x[flag] = 0.0 if met else 1.0


def repaired_start(problem: PlanningProblem, model: BucketModel, plan: Plan) -> np.ndarray | None:
    """A plan's own choices moved into bucket space: a vector of `model`, or None.

    The continuous plan does not fit the conservative buckets as it stands: a sortie counts
    in every bucket its span could touch, a load's column starts only at the first bucket in
    which any landing time is feasible, and one seat a sortie is held back. So its sorties
    are replayed in the order they land, each load keeping its contingent and requirement:
    it goes on a bucketed sortie of its leg with room left, or on a new one where every
    fleet, slot and parking row stays within its limit, in the earliest bucket where its
    column exists; its own type first, then (for what does not fit) any type the unit can
    use. (Keeping each sortie at or after its own landing bucket and pushing it later until
    the rows hold was never better on the benchmark's instances.) None when a load finds no
    bucket by the horizon or a row of the model still fails (a greedy plan may exceed a
    political share cap, which the model keeps), so what the caller gets is feasible.
    """
    nb = model.buckets
    units = {c.id: c for c in problem.contingents}
    reqs = {r.id: r for r in problem.requirements}
    busy, landed, parked, pools_of = _bookings(model)
    first: dict[tuple[str, str, str], int] = {}
    kinds_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for uid, kid, a, b in model.f:
        first[(uid, kid, a)] = min(b, first.get((uid, kid, a), nb))
        kinds_of[(uid, kid)].add(a)
    room: dict[tuple[int, str, str, int], float] = defaultdict(float)
    opened: dict[int, int] = {}
    flows: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    # The model splits a unit's people and cargo in proportion; a plan's loads need not, so
    # each load's share is its size on its type over the unit's, scaled to add up to one.
    scale: dict[str, float] = defaultdict(float)
    for sortie in plan.sorties:
        ac = problem.aircraft_types[sortie.aircraft_type]
        for load in sortie.loads:
            u = units[load.contingent]
            whole = load_fraction(ac, u.personnel, u.tonnage_t)
            if whole <= 0:
                return None
            scale[u.id] += load_fraction(ac, load.personnel, load.tonnage_t) / whole
    order = sorted(plan.sorties, key=lambda s: (s.arrival_h, s.departure_h, s.state, s.tail))
    for sortie in order:
        a = sortie.aircraft_type
        ac = problem.aircraft_types[a]
        for load in sortie.loads:
            u, k = units[load.contingent], reqs[load.requirement]
            if (u.id, k.id, a) not in first:
                return None
            whole = load_fraction(ac, u.personnel, u.tonnage_t)
            share = load_fraction(ac, load.personnel, load.tonnage_t) / whole / scale[u.id]
            # the load's own type first; what does not fit may go on any type the unit can use
            kinds = [(first[(u.id, k.id, t)], t) for t in sorted(kinds_of[(u.id, k.id)])]
            kinds.sort(key=lambda kind: kind[1] != a)
            while share > 1e-9:
                key = None
                for b in range(min(start for start, _ in kinds), nb):
                    for start, t in kinds:
                        if b < start:
                            continue
                        legs = [
                            (gi, u.home_airfield, k.destination, b)
                            for gi in pools_of[(lift_groups(problem, u), t)]
                        ]
                        key = next((c for c in legs if room[c] > 1e-9), None)
                        if key is None:
                            key = next(
                                (
                                    c
                                    for c in legs
                                    if c in model.y
                                    and _fits(problem, model, c, busy, landed, parked)
                                ),
                                None,
                            )
                            if key is not None:
                                _book(problem, model, key, busy, landed, parked)
                                opened[model.y[key]] = opened.get(model.y[key], 0) + 1
                                troops = problem.aircraft_types[t].troops
                                room[key] += 1 - (1 / troops if troops else 0)
                        if key is not None:
                            break
                    if key is not None:
                        break
                if key is None:
                    return None
                t = model.pools[key[0]].aircraft_type
                need = load_fraction(problem.aircraft_types[t], u.personnel, u.tonnage_t)
                take = min(share, room[key] / need)
                room[key] -= take * need
                share -= take
                col = model.f[(u.id, k.id, t, key[3])]
                cell = flows[(u.id, k.id)]
                cell[col] = cell.get(col, 0.0) + take
    return _vector(problem, model, plan.assignments, flows, opened)


def _vector(
    problem: PlanningProblem,
    model: BucketModel,
    assignments: dict[str, str],
    flows: dict[tuple[str, str], dict[int, float]],
    opened: dict[int, int],
) -> np.ndarray | None:
    """The full vector from sorties and flows, when it keeps every row of the model."""
    x = np.zeros(model.columns)
    for col, count in opened.items():
        x[col] = count
    for cells in flows.values():
        total = sum(cells.values())
        if abs(total - 1) > 1e-6:
            return None
        # the share the stopping tolerance leaves goes on one of the unit's columns
        cells[max(cells)] += 1 - total
        for col, share in cells.items():
            x[col] = share
    for uid, kid in assignments.items():
        if (uid, kid) not in model.z or (uid, kid) not in flows:
            return None
        x[model.z[(uid, kid)]] = 1.0
    fill_coverage(problem, model, x)
    return x if model.satisfies(x) else None
