"""The optimiser's model: a time-bucketed MILP built as arrays for HiGHS.

Time is cut into buckets of `bucket_h` hours; a sortie is indexed by the bucket in which it
lands. Airframes of one type with the same readiness that may carry the same contingents are
one pool (aggregation by aircraft type, which also removes the symmetry between airframes).

Columns
    z[u,k]      binary: contingent u fills requirement k
    f[u,k,a,b]  continuous in [0, 1]: share of u flown for k on type a, landing in bucket b
    y[g,o,d,b]  integer: sorties of pool g on leg o->d landing in bucket b
    F[u,k,b]    share of u landed for k by the end of bucket b
    closed[u,k,b]  binary: all of u has landed by the end of bucket b (closed <= F)
    late[k,b]   binary: k is not yet met at the end of bucket b (the last bucket: never met)

Rows (all conservative, so that every landing time inside its bucket is feasible)
    lift        sum_u load(u,a) f[u,k,a,b] <= (1 - 1/troops_a) sum_g y[g,o,d,b]
                (one seat per sortie is held back so loads can be rounded to whole persons)
    choice      sum_k z[u,k] <= 1;  sum_{a,b} f[u,k,a,b] = z[u,k]   (whole units)
    readiness   f and y exist only for buckets whose start leaves time to load and fly
    fleet       airframes busy in bucket b <= count of pool g
    slots       landings at d in bucket b <= floor(landings_per_hour * bucket_h)
    parking     aircraft unloading at d / loading at o touching bucket b <= MOG
    coverage    sum_u personnel_u closed[u,k,b] + P_k late[k,b] >= P_k, the same for tonnage
                (a requirement is met by whole contingents that have closed, as a TPFDD
                line closes); vehicles of the contingents chosen >= V_k
    shares      min_s * sum(personnel) <= personnel of s <= max_s * sum(personnel)
Objective weights hours late per bucket so that the sum is the lateness measured at bucket
ends (see docs/planning.md).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from collsec.planning.eligibility import lift_groups, options, participating_pools, tail_names
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import load_fraction

__all__ = [
    "BucketModel",
    "Pool",
    "build_model",
    "capacity_limit",
    "choose_bucket",
    "count_flow_columns",
    "windows",
]

BUCKETS = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 24.0)
"""Bucket widths tried, finest first; the first that keeps the model under its size cap wins."""


@dataclass(frozen=True)
class Pool:
    """Airframes merged for the model: same type, readiness and lift group."""

    group: str
    aircraft_type: str
    ready_h: float
    members: tuple[tuple[str, str], ...]

    @property
    def count(self) -> int:
        """Airframes in the pool."""
        return len(self.members)


@dataclass
class BucketModel:
    """The MILP as arrays, plus the index maps needed to read a solution back."""

    bucket_h: float
    buckets: int
    cost_lateness: np.ndarray
    cost_flying: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    z: dict[tuple[str, str], int]
    f: dict[tuple[str, str, str, int], int]
    y: dict[tuple[int, str, str, int], int]
    late: dict[tuple[str, int], int]
    pools: list[Pool]
    flight: dict[tuple[str, str, str], float]
    closed: dict[tuple[str, str, int], int] = field(default_factory=dict)
    share: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def satisfies(self, x: np.ndarray, tol: float = 1e-6) -> bool:
        """Whether `x` keeps every bound, row and integrality of the model."""
        if np.any(x < self.lower - tol) or np.any(x > self.upper + tol):
            return False
        ints = self.integer.astype(bool)
        if np.any(np.abs(x[ints] - np.round(x[ints])) > tol):
            return False
        if not self.rows:
            return True
        activity = np.add.reduceat(self.value * x[self.index], self.starts)
        return bool(
            np.all(activity >= self.row_lower - tol) and np.all(activity <= self.row_upper + tol)
        )

    @property
    def columns(self) -> int:
        """Number of columns."""
        return len(self.lower)

    @property
    def rows(self) -> int:
        """Number of rows."""
        return len(self.row_lower)


def _earliest_bucket(time_h: float, width: float) -> int:
    return max(0, math.ceil(time_h / width - 1e-9))


def count_flow_columns(problem: PlanningProblem, width: float) -> int:
    """How many f columns a bucket width gives: the bulk of the model."""
    buckets = math.ceil(problem.horizon_h / width - 1e-9)
    ready = _type_ready(problem)
    total = 0
    for opt in options(problem):
        turn = problem.aircraft_types[opt.aircraft_type].turnaround_h
        t0 = max(opt.contingent.readiness_h, ready[opt.aircraft_type]) + turn + opt.flight_h
        total += max(0, buckets - _earliest_bucket(t0, width))
    return total


def choose_bucket(problem: PlanningProblem, max_flow_columns: int) -> float:
    """The finest bucket width whose model stays under `max_flow_columns` flow columns."""
    for width in BUCKETS:
        if count_flow_columns(problem, width) <= max_flow_columns:
            return width
    return BUCKETS[-1]


def _type_ready(problem: PlanningProblem) -> dict[str, float]:
    ready: dict[str, float] = {}
    for pool in participating_pools(problem):
        ready[pool.aircraft_type] = min(ready.get(pool.aircraft_type, math.inf), pool.ready_h)
    return ready


def merged_pools(problem: PlanningProblem) -> list[Pool]:
    """Participating pools merged by (lift group, type, readiness), in a fixed order."""
    merged: dict[tuple[str, str, float], list[tuple[str, str]]] = defaultdict(list)
    for p, names in tail_names(problem):
        group = "*" if problem.political.pooled_lift else p.state
        merged[(group, p.aircraft_type, p.ready_h)].extend((p.state, n) for n in names)
    return [Pool(g, a, r, tuple(sorted(members))) for (g, a, r), members in sorted(merged.items())]


class _Rows:
    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, cols: list[int], vals: list[float], lo: float, hi: float) -> None:
        if not cols:
            return
        self.index.extend(cols)
        self.value.extend(vals)
        self.starts.append(len(self.index))
        self.lower.append(lo)
        self.upper.append(hi)


class _Cols:
    def __init__(self) -> None:
        self.late: list[float] = []
        self.fly: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []

    def add(self, lo: float, hi: float, integer: bool, late: float = 0.0, fly: float = 0.0) -> int:
        self.late.append(late)
        self.fly.append(fly)
        self.lower.append(lo)
        self.upper.append(hi)
        self.integer.append(1 if integer else 0)
        return len(self.lower) - 1


def build_model(problem: PlanningProblem, width: float) -> BucketModel:
    """The whole MILP for one bucket width."""
    inf = math.inf
    nb = math.ceil(problem.horizon_h / width - 1e-9)
    cols, rows = _Cols(), _Rows()
    pools = merged_pools(problem)
    opts = options(problem)
    ready = _type_ready(problem)
    units = {c.id: c for c in problem.contingents}
    reqs = {r.id: r for r in problem.requirements}
    types = problem.aircraft_types

    z: dict[tuple[str, str], int] = {}
    f: dict[tuple[str, str, str, int], int] = {}
    flight: dict[tuple[str, str, str], float] = {}
    for opt in opts:
        u, k, a = opt.contingent, opt.requirement, opt.aircraft_type
        flight[(a, u.home_airfield, k.destination)] = opt.flight_h
        if (u.id, k.id) not in z:
            z[(u.id, k.id)] = cols.add(0, 1, True)
        t0 = max(u.readiness_h, ready[a]) + types[a].turnaround_h + opt.flight_h
        for b in range(_earliest_bucket(t0, width), nb):
            f[(u.id, k.id, a, b)] = cols.add(0, 1, False)

    # sorties: one integer column per pool, leg and landing bucket
    legs_of_group: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for opt in opts:
        g = lift_groups(problem, opt.contingent)
        legs_of_group[(g, opt.aircraft_type)].add(
            (opt.contingent.home_airfield, opt.requirement.destination)
        )
    y: dict[tuple[int, str, str, int], int] = {}
    for gi, pool in enumerate(pools):
        kind = types[pool.aircraft_type]
        for o, d in sorted(legs_of_group.get((pool.group, pool.aircraft_type), set())):
            fl = flight[(pool.aircraft_type, o, d)]
            cycle = 2 * fl + 2 * kind.turnaround_h
            cap = pool.count * (1 + math.floor(width / cycle))
            for b in range(_earliest_bucket(pool.ready_h + kind.turnaround_h + fl, width), nb):
                y[(gi, o, d, b)] = cols.add(0, cap, True, fly=2 * fl)

    # lift: per lift group, type, leg and bucket
    cells: dict[tuple[str, str, str, str, int], list[int]] = defaultdict(list)
    for (uid, kid, a, b), col in f.items():
        u = units[uid]
        cells[(lift_groups(problem, u), a, u.home_airfield, reqs[kid].destination, b)].append(col)
    sorties_of_cell: dict[tuple[str, str, str, str, int], list[int]] = defaultdict(list)
    for (gi, o, d, b), col in y.items():
        pool = pools[gi]
        sorties_of_cell[(pool.group, pool.aircraft_type, o, d, b)].append(col)
    col_owner = {col: key for key, col in f.items()}
    for cell, fcols in sorted(cells.items()):
        kind = types[cell[1]]
        keep = 1 - (1 / kind.troops if kind.troops else 0)
        vals = []
        for col in fcols:
            u = units[col_owner[col][0]]
            vals.append(load_fraction(kind, u.personnel, u.tonnage_t))
        ycols = sorties_of_cell.get(cell, [])
        rows.add(fcols + ycols, vals + [-keep] * len(ycols), -inf, 0.0)

    # choice: one requirement per unit, whole units
    by_unit: dict[str, list[int]] = defaultdict(list)
    for (uid, _), col in z.items():
        by_unit[uid].append(col)
    for _, zcols in sorted(by_unit.items()):
        if len(zcols) > 1:
            rows.add(zcols, [1.0] * len(zcols), -inf, 1.0)
    flows: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (uid, kid, _, _), col in f.items():
        flows[(uid, kid)].append(col)
    for key, zc in z.items():
        fcols = flows.get(key, [])
        rows.add([*fcols, zc], [1.0] * len(fcols) + [-1.0], 0.0, 0.0)

    # closure, coverage, lateness and vehicles
    late: dict[tuple[str, int], int] = {}
    closed: dict[tuple[str, str, int], int] = {}
    shares_landed: dict[tuple[str, str, int], int] = {}
    landed: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for (uid, kid, _, b), col in f.items():
        landed[(uid, kid, b)].append(col)
    for req in problem.requirements:
        mine = [(uid, col) for (uid, kid), col in z.items() if kid == req.id]
        if req.vehicles > 0:
            rows.add(
                [col for _, col in mine],
                [float(units[uid].vehicles) for uid, _ in mine],
                req.vehicles,
                inf,
            )
        if req.personnel <= 0 and req.tonnage_t <= 0:
            continue
        due = [
            b
            for b in range(nb)
            if b == nb - 1 or (b + 2) * width - max(req.due_h, (b + 1) * width) > 0
        ]
        # F[u,b]: share of u landed by the end of bucket b; closed[u,b] <= F[u,b]
        for uid, _ in mine:
            prev, last_b = -1, -1
            for b in due:
                here = [
                    c for t in range(last_b + 1, b + 1) for c in landed.get((uid, req.id, t), [])
                ]
                last_b = b
                cum = cols.add(0, 1, False)
                shares_landed[(uid, req.id, b)] = cum
                ref = [cum, *([prev] if prev >= 0 else []), *here]
                rows.add(ref, [1.0, *([-1.0] if prev >= 0 else []), *[-1.0] * len(here)], 0.0, 0.0)
                prev = cum
                shut = cols.add(0, 1, True)
                closed[(uid, req.id, b)] = shut
                rows.add([shut, cum], [1.0, -1.0], -inf, 0.0)
        for b in due:
            hours = (b + 2) * width - max(req.due_h, (b + 1) * width)
            weight = req.weight * (10 * (problem.horizon_h + width) if b == nb - 1 else hours)
            late[(req.id, b)] = flag = cols.add(0, 1, True, late=weight)
            for need, amount in (
                (float(req.personnel), lambda u: float(u.personnel)),
                (req.tonnage_t, lambda u: u.tonnage_t),
            ):
                if need > 0:
                    rows.add(
                        [flag, *(closed[(uid, req.id, b)] for uid, _ in mine)],
                        [need, *(amount(units[uid]) for uid, _ in mine)],
                        need,
                        inf,
                    )

    # shares of personnel
    pol = problem.political
    zcols = [col for col in z.values()]
    zunits = [units[uid] for uid, _ in z]
    for state, share in sorted(pol.min_share.items()):
        rows.add(
            zcols,
            [c.personnel * ((c.state == state) - share) for c in zunits],
            0.0,
            inf,
        )
    for state, share in sorted(pol.max_share.items()):
        rows.add(
            zcols,
            [c.personnel * ((c.state == state) - share) for c in zunits],
            -inf,
            0.0,
        )

    _capacity_rows(problem, rows, pools, y, flight, width, nb)

    return BucketModel(
        bucket_h=width,
        buckets=nb,
        cost_lateness=np.asarray(cols.late, dtype=np.float64),
        cost_flying=np.asarray(cols.fly, dtype=np.float64),
        lower=np.asarray(cols.lower, dtype=np.float64),
        upper=np.asarray(cols.upper, dtype=np.float64),
        integer=np.asarray(cols.integer, dtype=np.uint8),
        row_lower=np.asarray(rows.lower, dtype=np.float64),
        row_upper=np.asarray(rows.upper, dtype=np.float64),
        starts=np.asarray(rows.starts[:-1], dtype=np.int32),
        index=np.asarray(rows.index, dtype=np.int32),
        value=np.asarray(rows.value, dtype=np.float64),
        z=z,
        f=f,
        y=y,
        late=late,
        pools=pools,
        flight=flight,
        closed=closed,
        share=shares_landed,
    )


def _window(lo: float, hi: float, nb: int) -> range:
    """Integer buckets strictly between lo and hi, clipped to the horizon."""
    return range(max(0, math.floor(lo) + 1), min(nb, math.ceil(hi)))


def windows(
    problem: PlanningProblem, model: BucketModel, gi: int, o: str, d: str, b: int
) -> list[tuple[str, str, int]]:
    """Every capacity row a sortie of pool `gi` on o->d landing in bucket b counts in.

    Returns (kind, airfield, bucket) triples: `fleet` rows of the pool, `land` rows at d and
    `park` rows at d and o. A sortie landing at x in bucket b is busy over
    [x - fl - turn, x + turn + fl), unloads over [x, x + turn) and loads over
    [x - fl - turn, x - fl); a row at bucket t counts it when that span can touch t.
    """
    return _windows(problem, model.pools[gi], model.flight, model.bucket_h, model.buckets, o, d, b)


def _windows(
    problem: PlanningProblem,
    pool: Pool,
    flight: dict[tuple[str, str, str], float],
    width: float,
    nb: int,
    o: str,
    d: str,
    b: int,
) -> list[tuple[str, str, int]]:
    turn = problem.aircraft_types[pool.aircraft_type].turnaround_h
    fl = flight[(pool.aircraft_type, o, d)]
    c = (fl + turn) / width
    out = [("fleet", "", t) for t in _window(b - 1 - c, b + 1 + c, nb)]
    rate = problem.airfields[d].landings_per_hour
    if math.floor(rate * width + 1e-9) >= 1:
        out.append(("land", d, b))
    else:
        span = math.ceil(1 / (rate * width) - 1e-9)
        out.extend(("land", d, t) for t in range(b, min(nb, b + span)))
    out.extend(("park", d, t) for t in _window(b - 1, b + 1 + turn / width, nb))
    out.extend(("park", o, t) for t in _window(b - 1 - c, b + 1 - fl / width, nb))
    return out


def _capacity_rows(
    problem: PlanningProblem,
    rows: _Rows,
    pools: list[Pool],
    y: dict[tuple[int, str, str, int], int],
    flight: dict[tuple[str, str, str], float],
    width: float,
    nb: int,
) -> None:
    """Fleet rows per pool, landing-slot and parking rows per airfield.

    Measured: writing the fleet limit as an inventory of idle airframes (two entries per
    sortie instead of one per bucket it spans) cut the nonzeros by 28 % on the M instance
    but tripled HiGHS's root LP time, so the plain window rows are kept.
    """
    groups: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for (gi, o, d, b), col in y.items():
        for kind, where, t in _windows(problem, pools[gi], flight, width, nb, o, d, b):
            groups[(kind, str(gi) if kind == "fleet" else where, t)].append(col)
    for (kind, where, _), cols in sorted(groups.items(), key=lambda kv: str(kv[0])):
        limit = float(capacity_limit(problem, pools, width, kind, where))
        rows.add(cols, [1.0] * len(cols), -math.inf, limit)


def capacity_limit(
    problem: PlanningProblem, pools: list[Pool], width: float, kind: str, where: str
) -> int:
    """The right-hand side of a capacity row, keyed as `_capacity_rows` keys its rows.

    `fleet` rows are keyed by the pool's index (its airframes), `land` rows by the airfield
    (landings in one bucket, at least one, so that every airfield can be reached) and `park`
    rows by the airfield (aircraft on its ground). The warm starts check against the same
    limits, so a start they build keeps the model's rows.
    """
    if kind == "fleet":
        return pools[int(where)].count
    if kind == "land":
        return max(1, math.floor(problem.airfields[where].landings_per_hour * width + 1e-9))
    return problem.airfields[where].max_on_ground
