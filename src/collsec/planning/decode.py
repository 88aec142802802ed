"""From the optimiser's bucket counts to sorties with times, airframes and whole-person loads.

The model's rows are conservative, so any landing time inside its bucket is feasible. Times
are given in order at each destination, each at least 1/landings_per_hour after the last.
Airframes are assigned by interval colouring, which needs no more airframes than the fleet
rows allow. Loads are rounded to whole persons by a transportation LP (whose vertices are
integral), which moves at most one person into a cell; the seat held back per sortie in the
lift rows makes room for it and for the seat lost each time a unit is split between aircraft.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

import highspy
import numpy as np

from collsec.planning.formulation import BucketModel
from collsec.planning.highs import quiet_highs
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import Load, Sortie

__all__ = ["decode"]

Cell = tuple[str, str, str, str, int]


def decode(
    problem: PlanningProblem, model: BucketModel, x: np.ndarray
) -> tuple[list[Sortie], dict[str, str]]:
    """Sorties and assignments (contingent -> requirement) from a solution vector."""
    width = model.bucket_h
    assignments = {u: k for (u, k), col in sorted(model.z.items()) if x[col] > 0.5}
    # one entry per sortie: (bucket, pool, origin, destination)
    per_dest: dict[str, list[tuple[int, str, str, int, str]]] = defaultdict(list)
    for (gi, o, d, b), col in sorted(model.y.items()):
        n = round(x[col])
        pool = model.pools[gi]
        per_dest[d].extend([(b, pool.aircraft_type, o, gi, d)] * n)
    timed: list[tuple[float, int, str, str, str, int]] = []
    for d, entries in sorted(per_dest.items()):
        spacing = 1.0 / problem.airfields[d].landings_per_hour
        last = -math.inf
        for b, a, o, gi, _ in sorted(entries):
            t = max(b * width, last + spacing)
            timed.append((t, gi, a, o, d, b))
            last = t
    tails = _assign_tails(problem, model, timed)
    loads = _loads(problem, model, x, assignments)
    sorties: list[Sortie] = []
    by_cell: dict[Cell, list[int]] = defaultdict(list)
    for i, (_, gi, a, o, d, b) in enumerate(timed):
        by_cell[(model.pools[gi].group, a, o, d, b)].append(i)
    packed: dict[int, list[Load]] = defaultdict(list)
    for cell, idx in by_cell.items():
        _pack(problem, cell[1], loads.get(cell, []), sorted(idx, key=lambda i: timed[i][0]), packed)
    for i, (t, _, a, o, d, _) in enumerate(timed):
        if not packed.get(i):
            continue
        state, tail = tails[i]
        fl = model.flight[(a, o, d)]
        sorties.append(Sortie(a, state, tail, o, d, t - fl, t, tuple(packed[i])))
    return sorties, assignments


def _assign_tails(
    problem: PlanningProblem, model: BucketModel, timed: list[tuple[float, int, str, str, str, int]]
) -> dict[int, tuple[str, str]]:
    """Interval colouring per pool: the first-free airframe takes the next sortie."""
    out: dict[int, tuple[str, str]] = {}
    by_pool: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for i, (t, gi, a, o, d, _) in enumerate(timed):
        turn = problem.aircraft_types[a].turnaround_h
        fl = model.flight[(a, o, d)]
        by_pool[gi].append((t - fl - turn, t + turn + fl, i))
    for gi, spans in by_pool.items():
        pool = model.pools[gi]
        names = list(pool.members)
        free = [(pool.ready_h, j) for j in range(len(names))]
        heapq.heapify(free)
        for start, end, i in sorted(spans):
            when, j = free[0]
            if when > start + 1e-6:
                raise RuntimeError(f"pool {pool} over-committed at {start:.2f} h")
            heapq.heapreplace(free, (end, j))
            out[i] = names[j]
    return out


def _loads(
    problem: PlanningProblem, model: BucketModel, x: np.ndarray, assignments: dict[str, str]
) -> dict[Cell, list[tuple[str, str, int, float]]]:
    """Per lift cell, (unit, requirement, whole persons, tonnes), rounded by a flow LP."""
    units = {c.id: c for c in problem.contingents}
    reqs = {r.id: r for r in problem.requirements}
    entries: list[tuple[Cell, str, str, float]] = []
    for (uid, kid, a, b), col in sorted(model.f.items()):
        share = float(x[col])
        if share <= 1e-9 or assignments.get(uid) != kid:
            continue
        u = units[uid]
        group = "*" if problem.political.pooled_lift else u.state
        entries.append(((group, a, u.home_airfield, reqs[kid].destination, b), uid, kid, share))
    people = _round_people(entries, {uid: units[uid].personnel for uid in assignments}, units)
    out: dict[Cell, list[tuple[str, str, int, float]]] = defaultdict(list)
    for (cell, uid, kid, share), persons in zip(entries, people, strict=True):
        out[cell].append((uid, kid, persons, units[uid].tonnage_t * share))
    return out


def _round_people(
    entries: list[tuple[Cell, str, str, float]],
    totals: dict[str, int],
    units: dict,  # type: ignore[type-arg]
) -> list[int]:
    """Whole persons per entry: unit totals exact, each cell within one of its exact sum."""
    if not entries:
        return []
    exact = [units[uid].personnel * share for _, uid, _, share in entries]
    n = len(entries)
    cells = sorted({e[0] for e in entries})
    cell_ix = {c: i for i, c in enumerate(cells)}
    unit_ids = sorted(totals)
    unit_ix = {u: i for i, u in enumerate(unit_ids)}
    h = quiet_highs()
    lo = np.floor(np.asarray(exact) + 1e-9)
    hi = np.ceil(np.asarray(exact) - 1e-9)
    h.addCols(
        n,
        np.zeros(n),
        lo,
        np.maximum(lo, hi),
        0,
        np.array([], np.int32),
        np.array([], np.int32),
        np.array([], np.float64),
    )
    row_cols: list[list[int]] = [[] for _ in range(len(unit_ids) + len(cells))]
    for j, (cell, uid, _, _) in enumerate(entries):
        row_cols[unit_ix[uid]].append(j)
        row_cols[len(unit_ids) + cell_ix[cell]].append(j)
    lower: list[float] = []
    upper: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    for r, cols in enumerate(row_cols):
        starts.append(len(index))
        index.extend(cols)
        if r < len(unit_ids):
            lower.append(float(totals[unit_ids[r]]))
            upper.append(float(totals[unit_ids[r]]))
        else:
            s = sum(exact[j] for j in cols)
            lower.append(math.floor(s + 1e-9))
            upper.append(math.ceil(s - 1e-9))
    h.addRows(
        len(row_cols),
        np.asarray(lower, np.float64),
        np.asarray(upper, np.float64),
        len(index),
        np.asarray(starts, np.int32),
        np.asarray(index, np.int32),
        np.ones(len(index)),
    )
    h.setOptionValue("solver", "simplex")
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError("rounding loads to whole persons failed")
    return [round(v) for v in h.getSolution().col_value]


def _pack(
    problem: PlanningProblem,
    aircraft_type: str,
    loads: list[tuple[str, str, int, float]],
    sorties: list[int],
    packed: dict[int, list[Load]],
) -> None:
    """Fill the cell's sorties in order: persons whole, cargo split where it must be."""
    a = problem.aircraft_types[aircraft_type]
    i, room = 0, 1.0
    for uid, kid, persons, tonnes in sorted(loads):
        while persons > 0 or tonnes > 1e-9:
            last = i == len(sorties) - 1
            seats = persons if last else min(persons, math.floor(room * a.troops + 1e-7))
            room -= seats / a.troops if a.troops else 0.0
            cargo = tonnes if last else min(tonnes, max(0.0, room) * a.payload_t)
            room -= cargo / a.payload_t if a.payload_t else 0.0
            if seats or cargo > 1e-9:
                packed[sorties[i]].append(Load(uid, kid, seats, cargo))
            persons -= seats
            tonnes -= cargo
            if persons > 0 or tonnes > 1e-9:
                i, room = i + 1, 1.0
