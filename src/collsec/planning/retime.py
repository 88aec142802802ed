"""Left-shift a schedule in continuous time, keeping its choices.

The optimiser's buckets are conservative: a sortie may wait up to a bucket for its slot and
an airframe's turn is counted up to a bucket long at each end. Retiming keeps every choice
(units, airframes, legs, loads and their order) and moves each sortie, in landing order, to
the earliest time its airframe, its passengers' readiness, the landing slots and the parking
at both ends allow. The caller keeps whichever schedule is less late.
"""

from __future__ import annotations

from collsec.planning.airspace import AirfieldBook
from collsec.planning.eligibility import tail_names
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import Sortie

__all__ = ["retime"]


def retime(problem: PlanningProblem, sorties: list[Sortie]) -> list[Sortie] | None:
    """The same sorties flown as early as the rules allow; None if one would land later."""
    units = {c.id: c for c in problem.contingents}
    ready = {name: pool.ready_h for pool, names in tail_names(problem) for name in names}
    book = AirfieldBook(problem.airfields)
    free: dict[str, float] = {}
    out: list[Sortie] = []
    for s in sorted(sorties, key=lambda s: (s.arrival_h, s.tail)):
        turn = problem.aircraft_types[s.aircraft_type].turnaround_h
        flight = s.arrival_h - s.departure_h
        start = max(
            [free.get(s.tail, ready[s.tail])]
            + [units[load.contingent].readiness_h for load in s.loads]
        )
        arrival = book.earliest_arrival(
            s.origin, s.destination, start + turn + flight, flight, turn
        )
        if arrival > max(s.arrival_h, problem.horizon_h) + 1e-9:
            return None
        book.book(s.origin, s.destination, arrival, flight, turn)
        free[s.tail] = arrival + turn + flight
        out.append(
            Sortie(
                s.aircraft_type,
                s.state,
                s.tail,
                s.origin,
                s.destination,
                arrival - flight,
                arrival,
                s.loads,
            )
        )
    return out
