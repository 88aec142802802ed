"""A local search over priority lists of contingents, for the MILP's first solution.

HiGHS proves the lateness optimum as soon as it holds it: on the benchmark's M2 instance its
root bound closes the gap the moment the incumbent reaches the optimum, which its own
heuristics find only after the root cut loop. A good start therefore buys most of the solve.
The search works on *genotypes*: an ordered tuple of (contingent, requirement) pairs, which
says both the choice of contingents (force generation) and the priority in which they claim
landing slots and aircraft. `ListScheduler` decodes a genotype into a bucketed schedule in
milliseconds, and the schedule is scored exactly as the model scores it (weighted lateness at
bucket ends), so no move is ever accepted on an estimate.

Moves, scanned in a fixed order and accepted on strict improvement (first improvement, the
scan resuming where it stopped): swap two neighbours in the list; replace a contingent by
another eligible for the same requirement; drop one the requirement can do without; add one.
Scores compare lexicographically: personnel outside the national shares and vehicles short
(a choice the model forbids), then bucketed weighted lateness, then the weighted sum of the
buckets in which requirements are met (which lets the search move toward meeting a
requirement earlier before that pays in lateness), then sorties. The work limit is a number
of genotypes scored, never a clock, so the result is deterministic.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from collsec.planning.formulation import BucketModel
from collsec.planning.listschedule import ListScheduler, Pair, Schedule
from collsec.planning.model import Contingent, PlanningProblem

__all__ = ["Score", "edd_order", "search_start"]

Genotype = tuple[Pair, ...]


@dataclass(frozen=True, order=True)
class Score:
    """How good a decoded genotype is; smaller is better, compared field by field.

    Attributes:
        excess: personnel outside the national shares plus vehicles short (0 when allowed).
        lateness: the model's lateness objective (weighted hours late at bucket ends).
        completion: the weighted sum of the buckets in which requirements are met.
        sorties: sorties flown.
    """

    excess: float
    lateness: float
    completion: float
    sorties: int


def edd_order(problem: PlanningProblem, chosen: dict[str, str]) -> Genotype:
    """A choice of contingents as a genotype: earliest due requirement first, then readiness."""
    reqs = {r.id: r for r in problem.requirements}
    units = {c.id: c for c in problem.contingents}
    return tuple(
        sorted(
            chosen.items(),
            key=lambda kv: (
                reqs[kv[1]].due_h,
                -reqs[kv[1]].weight,
                kv[1],
                units[kv[0]].readiness_h,
                kv[0],
            ),
        )
    )


class _Evaluator:
    """Decodes and scores genotypes, remembering each one seen."""

    def __init__(self, problem: PlanningProblem, model: BucketModel) -> None:
        self.problem = problem
        self.scheduler = ListScheduler(problem, model)
        self.units = {c.id: c for c in problem.contingents}
        self.reqs = {r.id: r for r in problem.requirements}
        self.scored = 0
        self.best: Score | None = None
        self.best_at = 0  # genotypes scored when the best so far was found
        self.seen: dict[Genotype, tuple[Score, Schedule]] = {}
        # per requirement: the due buckets in order and the lateness cost of being late in
        # each of them and all before (a prefix sum), as the model's late columns weigh it
        per: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for (kid, b), col in model.late.items():
            per[kid].append((b, float(model.cost_lateness[col])))
        self.due_buckets: dict[str, list[int]] = {}
        self.cost_before: dict[str, list[float]] = {}
        for kid, cells in per.items():
            cells.sort()
            self.due_buckets[kid] = [b for b, _ in cells]
            self.cost_before[kid] = [0.0, *accumulate(c for _, c in cells)]
        self.never = model.buckets
        self.candidates: dict[str, list[str]] = defaultdict(list)
        for uid, kid in model.z:
            if self.scheduler.can_fly((uid, kid)):
                self.candidates[kid].append(uid)

    def score(self, genotype: Genotype) -> tuple[Score, Schedule]:
        # a repeat counts as work too, so that a search among genotypes already seen ends
        self.scored += 1
        found = self.seen.get(genotype)
        if found is not None:
            return found
        schedule = self.scheduler.decode(genotype, then=self._pad)
        result = (self._score(schedule), schedule)
        self.seen[genotype] = result
        if self.best is None or result[0] < self.best:
            self.best, self.best_at = result[0], self.scored
        return result

    def _pad(self, schedule: Schedule) -> Pair | None:
        """A contingent to fly after the list when the choice breaks a share or vehicle row.

        The one that most reduces the excess, flown last so that it takes only the slots
        the list leaves; None once the choice is allowed or nothing reduces the excess.
        """
        flown = [(uid, kid) for uid, kid in schedule.order if uid in schedule.closes]
        now = self._excess(flown)
        if now <= 0:
            return None
        tried = {uid for uid, _ in schedule.order}
        best: tuple[float, str, str] | None = None
        for kid, uids in self.candidates.items():
            for uid in uids:
                if uid not in tried:
                    cand = (self._excess([*flown, (uid, kid)]), uid, kid)
                    if cand[0] < now - 1e-9 and (best is None or cand < best):
                        best = cand
        return None if best is None else (best[1], best[2])

    def _excess(self, flown: list[Pair]) -> float:
        """Vehicles short of each requirement plus personnel outside the national shares."""
        vehicles: dict[str, int] = defaultdict(int)
        for uid, kid in flown:
            vehicles[kid] += self.units[uid].vehicles
        short = sum(max(0, r.vehicles - vehicles[r.id]) for r in self.problem.requirements)
        return short + _share_excess(self.problem, [self.units[uid] for uid, _ in flown])

    def _score(self, schedule: Schedule) -> Score:
        flown = [(uid, kid) for uid, kid in schedule.order if uid in schedule.closes]
        lateness = completion = 0.0
        by_req: dict[str, list[str]] = defaultdict(list)
        for uid, kid in flown:
            by_req[kid].append(uid)
        for req in self.problem.requirements:
            mine = sorted(by_req.get(req.id, []), key=lambda u: schedule.closes[u])
            met = self.never
            people = tonnes = 0.0
            for uid in mine:
                people += self.units[uid].personnel
                tonnes += self.units[uid].tonnage_t
                if people >= req.personnel - 1e-7 and tonnes >= req.tonnage_t - 1e-7:
                    met = schedule.closes[uid]
                    break
            if req.id in self.due_buckets:
                late = bisect.bisect_left(self.due_buckets[req.id], met)
                lateness += self.cost_before[req.id][late]
            completion += req.weight * (met + 1)
        return Score(self._excess(flown), lateness, completion, schedule.sorties)


def _share_excess(problem: PlanningProblem, flown: list[Contingent]) -> float:
    """Personnel by which the flown contingents break a national share bound (0 if none)."""
    total = sum(c.personnel for c in flown)
    by_state: dict[str, int] = defaultdict(int)
    for c in flown:
        by_state[c.state] += c.personnel
    pol = problem.political
    over = sum(max(0.0, by_state[s] - cap * total) for s, cap in pol.max_share.items())
    under = sum(max(0.0, low * total - by_state[s]) for s, low in pol.min_share.items())
    # rounding in cap * total is no excess (the model's rows have a tolerance too)
    return over + under if over + under > 1e-6 else 0.0


def _moves(genotype: Genotype, candidates: dict[str, list[str]], covers: _Cover) -> list[Genotype]:
    """The neighbours of a genotype, in a fixed order.

    Neighbours swapped; a contingent replaced by another for the same requirement, or dropped
    when the rest still cover it; one moved to the end of the list (it then takes the slots
    the others leave); one added, after its requirement's others or at the end (a contingent
    landing late can still even out the national shares, whose denominator is all personnel).
    """
    out: list[Genotype] = []
    n = len(genotype)
    for i in range(n - 1):
        g = list(genotype)
        g[i], g[i + 1] = g[i + 1], g[i]
        out.append(tuple(g))
    used = {uid for uid, _ in genotype}
    for i, (_, kid) in enumerate(genotype):
        for other in candidates[kid]:
            if other not in used:
                out.append((*genotype[:i], (other, kid), *genotype[i + 1 :]))
        if covers.without(genotype, i):
            out.append(genotype[:i] + genotype[i + 1 :])
    for i in range(n - 1):
        out.append((*genotype[:i], *genotype[i + 1 :], genotype[i]))
    for kid, others in candidates.items():
        last = max((i for i, (_, k) in enumerate(genotype) if k == kid), default=n - 1)
        for other in others:
            if other not in used:
                out.append((*genotype[: last + 1], (other, kid), *genotype[last + 1 :]))
                if last + 1 < n:
                    out.append((*genotype, (other, kid)))
    return out


class _Cover:
    """Whether a requirement's remaining contingents still bring what it asks for."""

    def __init__(self, problem: PlanningProblem) -> None:
        self.units = {c.id: c for c in problem.contingents}
        self.reqs = {r.id: r for r in problem.requirements}

    def without(self, genotype: Genotype, i: int) -> bool:
        kid = genotype[i][1]
        rest = [self.units[u] for j, (u, k) in enumerate(genotype) if k == kid and j != i]
        req = self.reqs[kid]
        return (
            sum(c.personnel for c in rest) >= req.personnel
            and sum(c.tonnage_t for c in rest) >= req.tonnage_t - 1e-9
            and sum(c.vehicles for c in rest) >= req.vehicles
        )


def search_start(
    problem: PlanningProblem,
    model: BucketModel,
    choices: list[dict[str, str]],
    max_scored: int = 150,
    enough: float = 0.0,
    patience: int = 60,
    kicks: int = 3,
    seed: int = 0,
) -> np.ndarray | None:
    """The best schedule a local search finds from each choice of contingents, as a vector.

    Each start climbs to a local optimum; while work is left, the best genotype so far
    is kicked (`kicks` random moves, from a generator seeded with `seed`) and climbs again,
    an iterated local search that keeps the best it has seen.

    Args:
        problem: the planning problem.
        model: its bucketed model.
        choices: starting choices of contingents (contingent id -> requirement id), e.g.
            greedy's force generation under each rule; each starts in `edd_order`.
        max_scored: the work limit, in genotypes scored (a repeat counts), shared by all.
        patience: stop after this many genotypes scored without a better one (each start
            gets its own); on the benchmark's instances the best came within 50.
        enough: stop once the lateness is this low and the choice is allowed (a lower
            bound on the model's lateness objective, when one is known).
        kicks: random moves in each kick.
        seed: seed of the kicks' generator.

    Returns:
        A vector that keeps every row of `model` (checked), or None when no schedule found
        does (every decoded choice broke a national share or a vehicle row).
    """
    search = _Search(problem, model, max_scored, enough, patience)
    best: _Found | None = None
    for genotype in (edd_order(problem, chosen) for chosen in choices):
        search.evaluator.best_at = search.evaluator.scored  # each start has its patience
        found = search.climb(genotype)
        if best is None or found.score < best.score:
            best = found
    rng = np.random.default_rng(seed)
    while best is not None and not search.done(best.score):
        genotype = best.genotype
        for _ in range(kicks):
            moves = search.moves(genotype)
            if not moves:
                break
            genotype = moves[int(rng.integers(len(moves)))]
        found = search.climb(genotype)
        if found.score < best.score:
            best = found
    if best is None:
        return None
    x = search.evaluator.scheduler.vector(best.schedule)
    return x if model.satisfies(x) else None


@dataclass(frozen=True)
class _Found:
    genotype: Genotype
    score: Score
    schedule: Schedule


class _Search:
    """First-improvement climbing under a shared budget of genotypes scored."""

    def __init__(
        self,
        problem: PlanningProblem,
        model: BucketModel,
        max_scored: int,
        enough: float,
        patience: int,
    ) -> None:
        self.evaluator = _Evaluator(problem, model)
        self.covers = _Cover(problem)
        self.max_scored = max_scored
        self.patience = patience
        self.enough = enough

    def done(self, score: Score) -> bool:
        """Whether the budget or the patience is spent, or nothing better can exist."""
        scored = self.evaluator.scored
        if scored >= self.max_scored or scored - self.evaluator.best_at >= self.patience:
            return True
        return score.excess == 0 and score.lateness <= self.enough + 1e-9

    def moves(self, genotype: Genotype) -> list[Genotype]:
        """The neighbours of a genotype."""
        return _moves(genotype, self.evaluator.candidates, self.covers)

    def climb(self, genotype: Genotype) -> _Found:
        """Accept improving neighbours until none is left (or the budget is spent)."""
        score, schedule = self.evaluator.score(genotype)
        moves = self.moves(genotype)
        at, idle = 0, 0
        while moves and idle < len(moves) and not self.done(score):
            cand = moves[at % len(moves)]
            cand_score, cand_schedule = self.evaluator.score(cand)
            if cand_score < score:
                genotype, score, schedule = cand, cand_score, cand_schedule
                moves = self.moves(genotype)
                idle = 0
            else:
                idle += 1
            at += 1
        return _Found(genotype, score, schedule)
