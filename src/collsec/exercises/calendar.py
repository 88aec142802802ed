"""Next year's exercise calendar: the most interoperability for the budget, solved with HiGHS.

The choice (docs/exercises.md, "Exercise planner"): which series to hold, who hosts each and
who takes part. A binary `held[s]`, `host[s, h]` and `part[s, p]` per series, host and state;
`pair[s, p, q]` linearises "both p and q take part". The objective is each pair's first-order
gain at the start of the year, `(1 - level) * (1 - exp(-rate * weight))` summed over the force
types the series trains. Constraints:

- budget: each series' fixed cost plus its cost per participant, within the budget;
- host rotation: a state that hosted a series in the last N years does not host it again,
  and no state hosts more than `exercise_max_hosted_per_state` exercises;
- force availability: no state joins more exercises than `exercise_max_per_state`;
- states that take part in nothing: only members active on 1 January (a frozen member, such
  as Armenia, is out) and not excluded by the caller;
- the host takes part, and a held exercise has at least `exercise_min_participants` states.

The chosen calendar and the baseline (repeating last year's) are then both run through the
exact interoperability model, and their gains compared.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from collsec.errors import Problem, UsageError
from collsec.exercises.catalogue import (
    Participation,
    eligible_states,
    force_type_weights,
    series_size,
    validated,
)
from collsec.exercises.interop import InteropMatrix, interop_matrix, mean_level
from collsec.exercises.parameters import CalendarParameters, InteropParameters, calendar_parameters
from collsec.planning.highs import quiet_highs
from collsec.scenario.exercises import EditionStatus, ExerciseKind, ExerciseSeries
from collsec.scenario.models import Scenario

__all__ = ["Calendar", "CalendarLine", "CalendarPlan", "plan_calendar"]

_COUNTED = (EditionStatus.HELD, EditionStatus.PLANNED, EditionStatus.UNCONFIRMED)


@dataclass(frozen=True)
class CalendarLine:
    """One exercise in a calendar: the series, its host, who takes part and what it costs."""

    series: str
    host: str
    participants: tuple[str, ...]
    cost: float


@dataclass(frozen=True)
class Calendar:
    """A year's exercises with their cost, their gain and any rule they break."""

    lines: tuple[CalendarLine, ...]
    cost: float
    gain: float
    violations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "cost": round(self.cost, 6),
            "gain": round(self.gain, 6),
            "violations": list(self.violations),
            "exercises": [
                {
                    "series": line.series,
                    "host": line.host,
                    "participants": list(line.participants),
                    "cost": round(line.cost, 6),
                }
                for line in self.lines
            ],
        }


@dataclass(frozen=True)
class CalendarPlan:
    """The proposed calendar against repeating last year's.

    Attributes:
        year: The year planned.
        budget: The budget it was planned under.
        status: HiGHS's model status ("Optimal" when proved optimal).
        proposed: The optimiser's calendar.
        baseline: Last year's calendar, repeated (its violations are listed, not fixed).
        excluded: States that take part in nothing, with the reason.
        start_level: Mean interoperability on 1 January of the year.
    """

    year: int
    budget: float
    status: str
    proposed: Calendar
    baseline: Calendar
    excluded: dict[str, str] = field(default_factory=dict)
    start_level: float = 0.0

    @property
    def advantage(self) -> float:
        """How much more the proposed calendar raises mean interoperability than the baseline."""
        return self.proposed.gain - self.baseline.gain

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "year": self.year,
            "budget": self.budget,
            "status": self.status,
            "start_level": round(self.start_level, 6),
            "excluded": dict(sorted(self.excluded.items())),
            "proposed": self.proposed.to_dict(),
            "baseline": self.baseline.to_dict(),
            "advantage": round(self.advantage, 6),
        }


def plan_calendar(
    scenario: Scenario,
    year: int,
    budget: float | None = None,
    exclude: Sequence[str] = (),
) -> CalendarPlan:
    """Propose `year`'s calendar and compare it with repeating the year before's.

    Args:
        scenario: Gives the catalogue, the history, the members and the assumptions.
        year: The year to plan.
        budget: Overrides `exercise_budget_musd`.
        exclude: States that take part in nothing this year, besides non-active members.

    Raises:
        UsageError: for a negative budget or an unknown state to exclude.
    """
    validated(scenario)
    ip = InteropParameters.from_scenario(scenario)
    cp = calendar_parameters(scenario)
    budget = cp.budget if budget is None else budget
    if budget < 0 or not math.isfinite(budget):
        raise UsageError([Problem(f"budget {budget}", file="--budget", expected="a number >= 0")])
    unknown = sorted(set(exclude) - set(scenario.states))
    if unknown:
        raise UsageError(
            [Problem(f"unknown state {unknown[0]!r}", file="--exclude", expected="a state id")]
        )
    jan1, day = dt.date(year, 1, 1), dt.date(year, ip.undated_month, 15)
    start = interop_matrix(scenario, jan1, params=ip)
    excluded = _excluded(scenario, jan1, exclude)
    candidates = {
        sid: s
        for sid, s in sorted(scenario.exercises.catalogue.items())
        if s.kind is not ExerciseKind.UMBRELLA and sid in cp.cost
    }
    model = _Model(scenario, candidates, start, ip, cp, year, excluded, jan1)
    status, lines = model.solve(budget)
    members = _active(start, excluded)
    proposed = _evaluate(scenario, lines, year, day, ip, [], members)
    baseline_lines = _last_year(scenario, year, candidates, cp, excluded, jan1)
    baseline = _evaluate(
        scenario,
        baseline_lines,
        year,
        day,
        ip,
        _violations(scenario, baseline_lines, year, cp, budget, excluded),
        members,
    )
    return CalendarPlan(
        year=year,
        budget=budget,
        status=status,
        proposed=proposed,
        baseline=baseline,
        excluded=excluded,
        start_level=mean_level(start, members),
    )


def _excluded(scenario: Scenario, jan1: dt.date, exclude: Sequence[str]) -> dict[str, str]:
    out = {sid: "excluded by the caller" for sid in exclude}
    for sid, state in scenario.states.items():
        status = state.status_on(jan1)
        if status is not None and status.value != "active" and sid not in out:
            out[sid] = f"status {status.value} on {jan1.isoformat()}"
    return out


def _active(matrix: InteropMatrix, excluded: dict[str, str]) -> list[str]:
    return [s for s in matrix.states if s not in excluded]


def _cost(cp: CalendarParameters, series: str, participants: int) -> float:
    c = cp.cost[series]
    return c.fixed + c.per_participant * participants


class _Model:
    """The MILP: columns held[s], host[s,h], part[s,p], pair[s,p,q]; rows as documented."""

    def __init__(
        self,
        scenario: Scenario,
        candidates: dict[str, ExerciseSeries],
        start: InteropMatrix,
        ip: InteropParameters,
        cp: CalendarParameters,
        year: int,
        excluded: dict[str, str],
        jan1: dt.date,
    ) -> None:
        self.cp = cp
        self._index: dict[tuple[str, ...], int] = {}
        self.cols: list[tuple[str, ...]] = []
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[float, float, dict[int, float]]] = []
        recent = _recent_hosts(scenario, year, cp.host_rotation_years)
        held: dict[str, int] = {}
        part: dict[tuple[str, str], int] = {}
        hosts: dict[tuple[str, str], int] = {}
        for sid, series in candidates.items():
            states = [s for s in eligible_states(scenario, [series], jan1) if s not in excluded]
            if len(states) < max(2, cp.min_participants):
                continue
            held[sid] = self._col(("held", sid), 0.0)
            for p in states:
                part[sid, p] = self._col(("part", sid, p), 0.0)
                self._row(-math.inf, 0.0, {part[sid, p]: 1.0, held[sid]: -1.0})
                if p not in recent.get(sid, set()):
                    hosts[sid, p] = self._col(("host", sid, p), 0.0)
                    self._row(-math.inf, 0.0, {hosts[sid, p]: 1.0, part[sid, p]: -1.0})
            host_cols = {hosts[k]: 1.0 for k in hosts if k[0] == sid}
            self._row(0.0, 0.0, {**host_cols, held[sid]: -1.0})
            self._row(
                0.0,
                math.inf,
                {**{part[sid, p]: 1.0 for p in states}, held[sid]: -float(cp.min_participants)},
            )
            size = series_size([series], ip)
            for ft, weight in force_type_weights([series], size, ip, 1.0):
                share = 1.0 - math.exp(-ip.gain_rate * weight)
                for i, a in enumerate(states):
                    for b in states[i + 1 :]:
                        value = (1.0 - start.level(a, b, ft)) * share
                        key = ("pair", sid, a, b)
                        if key in self._index:
                            self.cost[self._index[key]] += value
                            continue
                        z = self._col(key, value)
                        self._row(-math.inf, 0.0, {z: 1.0, part[sid, a]: -1.0})
                        self._row(-math.inf, 0.0, {z: 1.0, part[sid, b]: -1.0})
        self.held, self.part, self.hosts = held, part, hosts
        for state in sorted({p for _, p in part}):
            cols = {part[k]: 1.0 for k in part if k[1] == state}
            self._row(-math.inf, float(cp.max_per_state.get(state, 0)), cols)
            host_cols = {hosts[k]: 1.0 for k in hosts if k[1] == state}
            if host_cols:
                self._row(-math.inf, float(cp.max_hosted_per_state), host_cols)

    def _col(self, key: tuple[str, ...], value: float) -> int:
        self._index[key] = len(self.cols)
        self.cols.append(key)
        self.cost.append(value)
        self.upper.append(1.0)
        return len(self.cols) - 1

    def _row(self, lo: float, hi: float, coefs: dict[int, float]) -> None:
        self.rows.append((lo, hi, coefs))

    def _budget_row(self, budget: float) -> tuple[float, float, dict[int, float]]:
        coefs = {col: self.cp.cost[sid].fixed for sid, col in self.held.items()}
        for (sid, _p), col in self.part.items():
            coefs[col] = self.cp.cost[sid].per_participant
        return (-math.inf, budget, coefs)

    def solve(self, budget: float) -> tuple[str, list[CalendarLine]]:
        """Solve to optimality (deterministic: one thread, fixed seed) and decode."""
        if not self.cols:
            return "Empty", []
        h = quiet_highs()
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", 0.0)
        n = len(self.cols)
        empty_i = np.array([], dtype=np.int32)
        h.addCols(
            n,
            -np.asarray(self.cost, dtype=np.float64),
            np.zeros(n),
            np.asarray(self.upper, dtype=np.float64),
            0,
            empty_i,
            empty_i,
            np.array([], dtype=np.float64),
        )
        for lo, hi, coefs in [*self.rows, self._budget_row(budget)]:
            idx = np.array(sorted(coefs), dtype=np.int32)
            val = np.array([coefs[i] for i in idx], dtype=np.float64)
            h.addRow(lo, hi, len(idx), idx, val)
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
        h.run()
        status = h.modelStatusToString(h.getModelStatus())
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return status, []
        x = np.asarray(h.getSolution().col_value)
        lines = []
        for sid, col in sorted(self.held.items()):
            if x[col] < 0.5:
                continue
            who = tuple(sorted(p for (s, p), c in self.part.items() if s == sid and x[c] > 0.5))
            host = next(p for (s, p), c in sorted(self.hosts.items()) if s == sid and x[c] > 0.5)
            lines.append(CalendarLine(sid, host, who, _cost(self.cp, sid, len(who))))
        return status, lines


def _recent_hosts(scenario: Scenario, year: int, years: int) -> dict[str, set[str]]:
    """For each series, the states that hosted it in the `years` before `year`."""
    out: dict[str, set[str]] = {}
    for edition in scenario.exercises.editions.values():
        if year - years <= edition.year < year and edition.status in _COUNTED:
            for sid in edition.series:
                out.setdefault(sid, set()).update(edition.hosts)
    return out


def _last_year(
    scenario: Scenario,
    year: int,
    candidates: dict[str, ExerciseSeries],
    cp: CalendarParameters,
    excluded: dict[str, str],
    jan1: dt.date,
) -> list[CalendarLine]:
    """Last year's editions as next year's calendar: same series, same hosts, same roster.

    An unknown roster is every state that could take part; excluded states drop out.
    """
    lines = []
    for _eid, edition in sorted(scenario.exercises.editions.items()):
        if edition.year != year - 1 or edition.status not in _COUNTED:
            continue
        for sid in edition.series:
            if sid not in candidates or not edition.hosts:
                continue
            roster = edition.participants
            if roster is None:
                roster = eligible_states(scenario, [candidates[sid]], jan1)
            who = tuple(sorted(p for p in roster if p not in excluded))
            lines.append(CalendarLine(sid, edition.hosts[0], who, _cost(cp, sid, len(who))))
    return lines


def _violations(
    scenario: Scenario,
    lines: list[CalendarLine],
    year: int,
    cp: CalendarParameters,
    budget: float,
    excluded: dict[str, str],
) -> tuple[str, ...]:
    """The planner's rules a calendar breaks (used to show what repeating last year costs)."""
    out = []
    total = sum(line.cost for line in lines)
    if total > budget + 1e-9:
        out.append(f"cost {total:.1f} over the budget {budget:.1f}")
    recent = _recent_hosts(scenario, year, cp.host_rotation_years)
    for line in lines:
        if line.host in recent.get(line.series, set()):
            out.append(f"{line.series}: {line.host} hosted it within the rotation period")
        if line.host in excluded:
            out.append(f"{line.series}: host {line.host} takes part in nothing this year")
        if len(line.participants) < cp.min_participants:
            out.append(f"{line.series}: fewer than {cp.min_participants} participants")
    counts: dict[str, int] = {}
    hosted: dict[str, int] = {}
    for line in lines:
        hosted[line.host] = hosted.get(line.host, 0) + 1
        for p in line.participants:
            counts[p] = counts.get(p, 0) + 1
    for state, n in sorted(counts.items()):
        if n > cp.max_per_state.get(state, 0):
            out.append(
                f"{state} joins {n} exercises, more than its {cp.max_per_state.get(state, 0)}"
            )
    for state, n in sorted(hosted.items()):
        if n > cp.max_hosted_per_state:
            out.append(f"{state} hosts {n} exercises, more than {cp.max_hosted_per_state}")
    return tuple(out)


def calendar_participations(
    scenario: Scenario,
    lines: Sequence[CalendarLine],
    day: dt.date,
    params: InteropParameters | None = None,
) -> list[Participation]:
    """A calendar's exercises as the interoperability model counts them, all held on `day`.

    Pass the result as `extra` to `interop_matrix` for a what-if "with a year of exercises".
    """
    ip = params or InteropParameters.from_scenario(scenario)
    out = []
    for i, line in enumerate(lines):
        series = scenario.exercises.catalogue[line.series]
        weights = force_type_weights([series], series_size([series], ip), ip, 1.0)
        out.append(Participation(f"plan-{day.year}-{i}", day, line.participants, weights))
    return out


def _evaluate(
    scenario: Scenario,
    lines: list[CalendarLine],
    year: int,
    day: dt.date,
    ip: InteropParameters,
    violations: Sequence[str],
    members: Sequence[str],
) -> Calendar:
    """Run a calendar through the exact model: mean level on 31 Dec with it minus without it.

    The mean is over the pairs of `members` (the states that may take part this year).
    """
    extra = calendar_participations(scenario, lines, day, ip)
    end = dt.date(year, 12, 31)
    with_plan = interop_matrix(scenario, end, extra, ip)
    without = interop_matrix(scenario, end, (), ip)
    gain = mean_level(with_plan, members) - mean_level(without, members)
    return Calendar(
        lines=tuple(lines),
        cost=sum(line.cost for line in lines),
        gain=gain,
        violations=tuple(violations),
    )
