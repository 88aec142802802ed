"""The peer: the research's time-indexed deployment MILP, written from its formulation.

anchors-stack.md §1 ("MILP used in the experiment"): hourly slots t = 0..H, integer sorties
y[a,s,t] and pallets f[u,a,t], binary closure d[u,t] and lateness late[k,t]; lift, cargo,
closure, monotone, fleet (round trip rho = 2 tau + 3 slots), APOD MOG (2 arrivals a slot),
capability, cohesion and burden-share rows; solved lexicographically with HiGHS (lateness
first with 100 per hour late and 2000 if never met, then flying hours under a lateness cap,
warm-started), with mip_abs_gap 50 as the research recommends. Stage 1 may use the whole
time limit, stage 2 what is left of it (our planner gives its stage 1 70 % of the limit).

An instance of ours is mapped onto it: one APOE per state, pallets p_u = ceil(t/4.5 +
personnel/10) (a 463L position carries about 4.5 t or ten seated troops), P_a = payload/4.5,
capability points = personnel, all lift pooled, range ignored (as in the research).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from collsec.planning.geo import leg_km
from collsec.planning.highs import quiet_highs
from collsec.planning.model import PlanningProblem

APOD_MOG = 2


@dataclass
class PeerResult:
    lateness_objective: float | None
    lateness_bound: float | None
    lateness_gap: float | None
    lateness_status: str
    lateness_seconds: float
    build_seconds: float
    flying_objective: float | None
    flying_seconds: float
    columns: int
    rows: int
    nonzeros: int


def solve_peer(problem: PlanningProblem, time_limit: float, threads: int = 2) -> PeerResult:
    built = time.perf_counter()
    H = math.ceil(problem.horizon_h)
    units = list(problem.contingents)
    states = sorted({u.state for u in units})
    apod = problem.requirements[0].destination
    types = sorted(problem.aircraft_types)
    fleet: dict[str, int] = defaultdict(int)
    for p in problem.pools:
        fleet[p.aircraft_type] += p.count
    types = [a for a in types if fleet[a] > 0]
    pal = {u.id: math.ceil(u.tonnage_t / 4.5 + u.personnel / 10) for u in units}
    per = {a: max(1, int(problem.aircraft_types[a].payload_t / 4.5)) for a in types}
    tau = {
        (a, s): math.ceil(leg_km(problem, s, apod) / problem.aircraft_types[a].cruise_kmh) + 1
        for a in types
        for s in states
    }
    cost_l: list[float] = []
    cost_f: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    integ: list[int] = []

    def col(lb: float, ub: float, is_int: bool, cl: float = 0.0, cf: float = 0.0) -> int:
        cost_l.append(cl)
        cost_f.append(cf)
        lo.append(lb)
        hi.append(ub)
        integ.append(1 if is_int else 0)
        return len(lo) - 1

    y = {}
    for a in types:
        for s in states:
            for t in range(0, H - tau[(a, s)] + 1):
                y[(a, s, t)] = col(0, fleet[a], True, cf=float(tau[(a, s)]))
    f = {}
    for u in units:
        for a in types:
            for t in range(math.ceil(u.readiness_h), H - tau[(a, u.state)] + 1):
                f[(u.id, a, t)] = col(0, pal[u.id], True)
    d = {(u.id, t): col(0, 1, True) for u in units for t in range(H + 1)}
    late = {}
    for k, r in enumerate(problem.requirements):
        for t in range(math.ceil(r.due_h), H + 1):
            late[(k, t)] = col(0, 1, True, cl=r.weight * (100 + (2000 if t == H else 0)))
    rl: list[float] = []
    ru: list[float] = []
    starts: list[int] = []
    idx: list[int] = []
    val: list[float] = []

    def row(cols: list[int], vals: list[float], a: float, b: float) -> None:
        if cols:
            starts.append(len(idx))
            idx.extend(cols)
            val.extend(vals)
            rl.append(a)
            ru.append(b)

    inf = math.inf
    units_state = {u.id: u.state for u in units}
    by_state = defaultdict(list)
    for u in units:
        by_state[u.state].append(u)
    for (a, s, t), yc in y.items():
        fc = [f[(u.id, a, t)] for u in by_state[s] if (u.id, a, t) in f]
        row([*fc, yc], [1.0] * len(fc) + [-float(per[a])], -inf, 0.0)
    f_by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (uid, a, t0), c in f.items():
        f_by_unit[uid].append((t0 + tau[(a, units_state[uid])], c))
    for u in units:
        arrivals = sorted(f_by_unit[u.id])
        row([c for _, c in arrivals], [1.0] * len(arrivals), -inf, float(pal[u.id]))
        for t in range(H + 1):
            arrived = [c for when, c in arrivals if when <= t]
            row([d[(u.id, t)], *arrived], [float(pal[u.id])] + [-1.0] * len(arrived), -inf, 0.0)
            if t < H:
                row([d[(u.id, t)], d[(u.id, t + 1)]], [1.0, -1.0], -inf, 0.0)
    y_by_type: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    y_by_arrival: dict[int, list[int]] = defaultdict(list)
    for (a, s, t0), yc in y.items():
        y_by_type[a].append((s, t0, yc))
        y_by_arrival[t0 + tau[(a, s)]].append(yc)
    for a in types:
        for t in range(H + 1):
            cs = [yc for s, t0, yc in y_by_type[a] if t - (2 * tau[(a, s)] + 3) < t0 <= t]
            row(cs, [1.0] * len(cs), -inf, float(fleet[a]))
    for t in range(H + 1):
        cs = y_by_arrival.get(t, [])
        row(cs, [1.0] * len(cs), -inf, float(APOD_MOG))
    for k, r in enumerate(problem.requirements):
        for t in range(math.ceil(r.due_h), H + 1):
            us = [u for u in units if u.capability == r.capability]
            row(
                [d[(u.id, t)] for u in us] + [late[(k, t)]],
                [float(u.personnel) for u in us] + [float(r.personnel)],
                float(r.personnel),
                inf,
            )
            if t < H:
                row([late[(k, t + 1)], late[(k, t)]], [1.0, -1.0], -inf, 0.0)
    all_h = [d[(u.id, H)] for u in units]
    for s in states:
        mine = [d[(u.id, H)] for u in by_state[s]]
        row(mine, [1.0] * len(mine), 1.0, inf)
        sigma = 100 * problem.political.max_share.get(s, 1.0)
        row(all_h, [100.0 * (u.state == s) - sigma for u in units], -inf, 0.0)
    n = len(lo)
    h = quiet_highs()
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 0.01)
    h.setOptionValue("mip_abs_gap", 50.0)
    e = np.array([], dtype=np.int32)
    h.addCols(
        n, np.array(cost_l), np.array(lo), np.array(hi), 0, e, e, np.array([], dtype=np.float64)
    )
    h.addRows(
        len(rl),
        np.array(rl),
        np.array(ru),
        len(idx),
        np.array(starts, dtype=np.int32),
        np.array(idx, dtype=np.int32),
        np.array(val),
    )
    ints = np.flatnonzero(np.array(integ)).astype(np.int32)
    h.changeColsIntegrality(len(ints), ints, np.ones(len(ints), dtype=np.uint8))
    h.setOptionValue("time_limit", time_limit)
    build = time.perf_counter() - built
    t0 = time.perf_counter()
    h.run()
    s1 = time.perf_counter() - t0
    info = h.getInfo()
    has = info.primal_solution_status == 2
    status = h.modelStatusToString(h.getModelStatus())
    l_obj = info.objective_function_value if has else None
    l_bound = info.mip_dual_bound
    l_gap = info.mip_gap if has and math.isfinite(info.mip_gap) else None
    f_obj, s2 = None, 0.0
    if has:
        x = np.asarray(h.getSolution().col_value)
        cl = np.array(cost_l)
        nz = np.flatnonzero(cl).astype(np.int32)
        h.addRow(-inf, float(l_obj) + 1e-6, len(nz), nz, cl[nz])
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(cost_f))
        h.setSolution(x.tolist() and _sol(x))
        h.setOptionValue("presolve", "off")
        # the same total limit as ours: stage 2 gets what stage 1 left
        h.setOptionValue("time_limit", max(0.01, time_limit - s1))
        t0 = time.perf_counter()
        h.run()
        s2 = time.perf_counter() - t0
        info2 = h.getInfo()
        if info2.primal_solution_status == 2:
            f_obj = info2.objective_function_value
    return PeerResult(l_obj, l_bound, l_gap, status, s1, build, f_obj, s2, n, len(rl), len(idx))


def _sol(x: np.ndarray):
    import highspy

    sol = highspy.HighsSolution()
    sol.col_value = list(x)
    sol.value_valid = True
    return sol
