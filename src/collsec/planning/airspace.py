"""Bookings of landing slots, parking (MOG) and airframes, shared by the schedulers.

An arrival takes a landing slot (arrivals at one airfield at least 1/landings_per_hour apart)
and parks for the type's turnaround to unload; a departure parks for the turnaround before
it to load. An airframe is busy from loading until it is back at its origin:
[departure - turnaround, arrival + turnaround + flight).
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

from collsec.planning.eligibility import tail_names
from collsec.planning.model import Airfield, PlanningProblem

__all__ = ["AirfieldBook", "FleetBook", "Tail", "busy_interval"]

EPS = 1e-9


def busy_interval(departure: float, arrival: float, turnaround: float) -> tuple[float, float]:
    """When an airframe is taken by one sortie, loading to return."""
    return departure - turnaround, arrival + turnaround + (arrival - departure)


@dataclass
class _Field:
    spacing: float
    mog: int
    landings: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    longest: float = 0.0

    def slot_clash(self, x: float) -> float | None:
        """The earliest time after `x` free of clashes with a booked landing, or None."""
        i = bisect.bisect_left(self.landings, x - self.spacing + EPS)
        if i < len(self.landings) and self.landings[i] < x + self.spacing - EPS:
            return self.landings[i] + self.spacing
        return None

    def parking_clash(self, a: float, b: float) -> float | None:
        """If parking over [a, b) would exceed MOG, the earliest end of a clashing stay."""
        lo = bisect.bisect_left(self.starts, a - self.longest - EPS)
        hi = bisect.bisect_left(self.starts, b - EPS)
        stays = [(self.starts[i], self.ends[i]) for i in range(lo, hi) if self.ends[i] > a + EPS]
        if len(stays) < self.mog:
            return None
        events = sorted([(max(s, a), 1) for s, _ in stays] + [(e, -1) for _, e in stays])
        level = 0
        for _, step in events:
            level += step
            if level >= self.mog:
                return min(e for _, e in stays)
        return None

    def park(self, a: float, b: float) -> None:
        i = bisect.bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)
        self.longest = max(self.longest, b - a)


class AirfieldBook:
    """Landing slots and parking at every airfield, booked one sortie at a time."""

    def __init__(self, airfields: dict[str, Airfield]) -> None:
        self._fields = {
            k: _Field(1.0 / a.landings_per_hour, a.max_on_ground) for k, a in airfields.items()
        }

    def earliest_arrival(
        self, origin: str, destination: str, earliest: float, flight: float, turnaround: float
    ) -> float:
        """The first arrival time from `earliest` on with a slot and parking at both ends."""
        dest, orig = self._fields[destination], self._fields[origin]
        x = earliest
        for _ in range(100_000):
            later = dest.slot_clash(x)
            if later is None:
                end = dest.parking_clash(x, x + turnaround)
                later = end
                if end is None:
                    start = x - flight - turnaround
                    end = orig.parking_clash(start, start + turnaround)
                    later = None if end is None else end + flight + turnaround
            if later is None:
                return x
            x = max(later, x + EPS)
        raise RuntimeError("no landing slot found: airfield capacities are not positive")

    def book(
        self, origin: str, destination: str, arrival: float, flight: float, turnaround: float
    ) -> None:
        """Take the landing slot and both parking stays of one sortie."""
        dest = self._fields[destination]
        bisect.insort(dest.landings, arrival)
        dest.park(arrival, arrival + turnaround)
        start = arrival - flight - turnaround
        self._fields[origin].park(start, start + turnaround)


@dataclass(frozen=True)
class Tail:
    """One airframe: its id, type and state."""

    id: str
    aircraft_type: str
    state: str


class FleetBook:
    """When each airframe is next free, grouped by type and by whose units it may carry."""

    def __init__(self, problem: PlanningProblem) -> None:
        self._heaps: dict[tuple[str, str], list[tuple[float, str]]] = {}
        self.tails: dict[str, Tail] = {}
        pooled = problem.political.pooled_lift
        for pool, names in tail_names(problem):
            group = "*" if pooled else pool.state
            heap = self._heaps.setdefault((group, pool.aircraft_type), [])
            for name in names:
                self.tails[name] = Tail(name, pool.aircraft_type, pool.state)
                heap.append((pool.ready_h, name))
        for heap in self._heaps.values():
            heapq.heapify(heap)

    def next_free(self, group: str, aircraft_type: str) -> tuple[float, str] | None:
        """The airframe of the type free first (time, tail id), or None when there is none."""
        heap = self._heaps.get((group, aircraft_type))
        return heap[0] if heap else None

    def take(self, group: str, aircraft_type: str, free_again: float) -> Tail:
        """Use the first-free airframe until `free_again`."""
        heap = self._heaps[(group, aircraft_type)]
        _, tail_id = heapq.heapreplace(heap, (free_again, heap[0][1]))
        return self.tails[tail_id]
