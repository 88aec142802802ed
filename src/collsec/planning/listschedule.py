"""A serial list schedule in bucket space: a priority list of contingents in, a model vector out.

The bucketed model's capacity is mostly the destination's landing slots (a handful a bucket)
and the fleets. When slots bind, which contingent lands first and on how large an aircraft
decide lateness. `ListScheduler` takes contingents (each with its requirement) in a given
order and flies each whole before the next: bucket by bucket from the first in which it may
land, it takes room left on sorties already flying its leg, then opens new sorties on the
roomiest type first (fewest landings for its load) wherever every fleet, slot and parking row
of the model stays within its limit. A contingent closes in the bucket its last share lands;
one that cannot close by the horizon is left out, its bookings undone.

It works on the model's own counters (the rows of `formulation.windows`), so the vector it
builds keeps every capacity, lift and flow row by construction; the caller still checks the
whole vector with `BucketModel.satisfies` (political shares and vehicles depend on the choice
of contingents). `localsearch` searches over its inputs; the decoding is a few milliseconds
at the benchmark's M size, so many orders can be tried.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from collsec.planning.eligibility import lift_groups
from collsec.planning.formulation import BucketModel, capacity_limit, windows
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import load_fraction
from collsec.planning.warmstart import fill_coverage

__all__ = ["ListScheduler", "Schedule"]

_EPS = 1e-9

Pair = tuple[str, str]
"""A contingent id and the id of the requirement it fills."""

_Cell = tuple[str, str, str, str, int]
"""A lift row of the model: lift group, type, origin, destination, landing bucket."""


@dataclass(frozen=True)
class _Kind:
    """One aircraft type a contingent may fly on to its requirement."""

    first: int  # first bucket with a flow column
    need: float  # share of one aircraft the whole contingent fills
    keep: float  # usable share of a sortie (one seat held back)
    aircraft_type: str
    group: str  # lift group: whose aircraft may carry the contingent
    pools: tuple[int, ...]


@dataclass
class Schedule:
    """A decoded priority list: sorties opened, flows, and each flown contingent's closing bucket.

    Attributes:
        order: the (contingent, requirement) pairs in the order they were flown.
        opened: sorties per model sortie column key (pool, origin, destination, bucket).
        flows: share of each contingent per model flow column key (unit, req, type, bucket).
        closes: bucket in which each flown contingent's last share lands.
    """

    order: tuple[Pair, ...]
    opened: dict[tuple[int, str, str, int], int] = field(default_factory=dict)
    flows: dict[tuple[str, str, str, int], float] = field(default_factory=dict)
    closes: dict[str, int] = field(default_factory=dict)

    @property
    def sorties(self) -> int:
        """Sorties flown."""
        return sum(self.opened.values())


class ListScheduler:
    """Decodes priority lists of contingents into bucketed schedules of one model."""

    def __init__(self, problem: PlanningProblem, model: BucketModel) -> None:
        """Index the model's capacity rows and each contingent's flow columns once."""
        self.problem = problem
        self.model = model
        self._limit: list[int] = []
        self._rows_of: dict[tuple[int, str, str, int], tuple[int, ...]] = {}
        # the landing row of a bucket when it alone counts a sortie's landing (most refusals)
        self._landing: dict[tuple[str, int], int] = {}
        row_ids: dict[tuple[str, str, int], int] = {}
        for key in model.y:
            gi, o, d, b = key
            ids = []
            for kind, where, t in windows(problem, model, gi, o, d, b):
                row = (kind, str(gi) if kind == "fleet" else where, t)
                if row not in row_ids:
                    row_ids[row] = len(self._limit)
                    self._limit.append(
                        capacity_limit(problem, model.pools, model.bucket_h, kind, row[1])
                    )
                ids.append((kind != "land", row_ids[row]))
            self._rows_of[key] = tuple(i for _, i in sorted(ids))
            lands = [i for other, i in ids if not other]
            if len(lands) == 1 and row_ids.get(("land", d, b)) == lands[0]:
                self._landing[(d, b)] = lands[0]
        pools_of: dict[tuple[str, str], list[int]] = defaultdict(list)
        for gi, pool in enumerate(model.pools):
            pools_of[(pool.group, pool.aircraft_type)].append(gi)
        units = {c.id: c for c in problem.contingents}
        first: dict[tuple[str, str, str], int] = {}
        for uid, kid, a, b in model.f:
            first[(uid, kid, a)] = min(b, first.get((uid, kid, a), model.buckets))
        kinds: dict[Pair, list[_Kind]] = defaultdict(list)
        for (uid, kid, a), b in first.items():
            unit, ac = units[uid], problem.aircraft_types[a]
            group = lift_groups(problem, unit)
            kinds[(uid, kid)].append(
                _Kind(
                    b,
                    load_fraction(ac, unit.personnel, unit.tonnage_t),
                    1 - (1 / ac.troops if ac.troops else 0),
                    a,
                    group,
                    tuple(pools_of[(group, a)]),
                )
            )
        # the roomiest type first: the fewest landings for the load
        self._kinds = {
            pair: sorted(found, key=lambda k: (k.need, k.aircraft_type))
            for pair, found in kinds.items()
        }
        reqs = {r.id: r for r in problem.requirements}
        self._leg = {
            pair: (units[pair[0]].home_airfield, reqs[pair[1]].destination) for pair in self._kinds
        }

    def can_fly(self, pair: Pair) -> bool:
        """Whether the model has any flow column for this contingent and requirement."""
        return pair in self._kinds

    def decode(
        self, order: tuple[Pair, ...], then: Callable[[Schedule], Pair | None] | None = None
    ) -> Schedule:
        """Fly each contingent of `order` whole, in that order, as early as the rows allow.

        Then, while `then` names one more pair for the schedule so far, fly it after the
        rest (it is appended to the schedule's order whether or not it can close).
        """
        use = [0] * len(self._limit)
        room: dict[_Cell, float] = defaultdict(float)
        out = Schedule(order)
        for pair in order:
            self._add(pair, use, room, out)
        while then is not None and (extra := then(out)) is not None:
            out.order = (*out.order, extra)
            self._add(extra, use, room, out)
        return out

    def _add(self, pair: Pair, use: list[int], room: dict[_Cell, float], out: Schedule) -> None:
        kinds = self._kinds.get(pair)
        if kinds is not None:
            done = self._fly(pair, kinds, use, room, out)
            if done is not None:
                out.closes[pair[0]] = done

    def _fly(
        self,
        pair: Pair,
        kinds: list[_Kind],
        use: list[int],
        room: dict[_Cell, float],
        out: Schedule,
    ) -> int | None:
        """Book one contingent; its closing bucket, or None (nothing booked) if it cannot close."""
        o, d = self._leg[pair]
        left = 1.0
        taken: list[tuple[_Cell, float, float]] = []  # cell, share, room used
        booked: list[tuple[tuple[int, str, str, int], _Cell, float]] = []
        closes = None
        for b in range(min(k.first for k in kinds), self.model.buckets):
            if self._full(kinds, o, d, b, use, room):
                continue
            for kind in kinds:
                if kind.first > b:
                    continue
                cell = (kind.group, kind.aircraft_type, o, d, b)
                while left > _EPS:
                    if room[cell] > _EPS:
                        share = min(left, room[cell] / kind.need)
                        room[cell] -= share * kind.need
                        left -= share
                        taken.append((cell, share, share * kind.need))
                        continue
                    key = self._free(kind.pools, o, d, b, use)
                    if key is None:
                        break
                    for row in self._rows_of[key]:
                        use[row] += 1
                    room[cell] += kind.keep
                    booked.append((key, cell, kind.keep))
                if left <= _EPS:
                    break
            if left <= _EPS:
                closes = b
                break
        if closes is None:
            for cell, _, used in taken:
                room[cell] += used
            for key, cell, keep in booked:
                for row in self._rows_of[key]:
                    use[row] -= 1
                room[cell] -= keep
            return None
        for key, _, _ in booked:
            out.opened[key] = out.opened.get(key, 0) + 1
        for (_, a, _, _, b), share, _ in taken:
            fkey = (pair[0], pair[1], a, b)
            out.flows[fkey] = out.flows.get(fkey, 0.0) + share
        return closes

    def _full(
        self, kinds: list[_Kind], o: str, d: str, b: int, use: list[int], room: dict[_Cell, float]
    ) -> bool:
        """Whether bucket b's landings at d are all taken and no sortie there has room."""
        row = self._landing.get((d, b))
        if row is None or use[row] < self._limit[row]:
            return False
        return not any(
            room.get((k.group, k.aircraft_type, o, d, b), 0.0) > _EPS for k in kinds if k.first <= b
        )

    def _free(
        self, pools: tuple[int, ...], o: str, d: str, b: int, use: list[int]
    ) -> tuple[int, str, str, int] | None:
        """The first pool that can fly one more sortie on o->d landing in bucket b."""
        for gi in pools:
            key = (gi, o, d, b)
            rows = self._rows_of.get(key)
            if rows is not None and all(use[r] < self._limit[r] for r in rows):
                return key
        return None

    def vector(self, schedule: Schedule) -> np.ndarray:
        """The full model vector of a schedule (coverage and lateness columns filled in)."""
        model = self.model
        x = np.zeros(model.columns)
        for key, count in schedule.opened.items():
            x[model.y[key]] = count
        totals: dict[Pair, float] = defaultdict(float)
        last: dict[Pair, tuple[str, str, str, int]] = {}
        for fkey, share in schedule.flows.items():
            x[model.f[fkey]] = share
            totals[(fkey[0], fkey[1])] += share
            last[(fkey[0], fkey[1])] = max(fkey, last.get((fkey[0], fkey[1]), fkey))
        for pair, total in totals.items():
            # what the stopping tolerance leaves goes on the contingent's last column
            x[model.f[last[pair]]] += 1.0 - total
        for uid, kid in schedule.order:
            if uid in schedule.closes:
                x[model.z[(uid, kid)]] = 1.0
        fill_coverage(self.problem, model, x)
        return x
