"""The exact planner: the bucketed MILP solved lexicographically with HiGHS.

Stage 1 minimises weighted lateness and is proven (to an absolute and a relative gap).
Stage 2 caps lateness at the stage-1 value and minimises flying hours, warm-started from
stage 1. A single weighted objective stalled in the research runs (anchors-stack.md §1:
10,414 at L size where the lateness optimum is 0); the two-stage solve proved the lateness
stage in 1.6–9 s there. An absolute gap is set as well as a relative one because near-zero
objectives made a 1 % relative gap cost 40 s.

For plans that feed simulation, leave `time_limit_s` unset: HiGHS then runs with fixed
threads and seed and no wall clock, and the same problem gives the same plan; `node_limit`
bounds the work deterministically.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass

import highspy
import numpy as np

from collsec.errors import UsageError
from collsec.planning.decode import decode
from collsec.planning.explain import capacity_limits, check_problem, diagnose
from collsec.planning.formulation import (
    BucketModel,
    build_model,
    choose_bucket,
    count_flow_columns,
)
from collsec.planning.greedy import solve_greedy
from collsec.planning.highs import quiet_highs
from collsec.planning.model import PlanningProblem
from collsec.planning.plan import (
    Explanation,
    Plan,
    SolveStatus,
    Sortie,
    StageResult,
    build_plan,
    infeasible_plan,
)
from collsec.planning.retime import retime
from collsec.planning.warmstart import warm_start

__all__ = ["MilpOptions", "solve_milp"]

_LIMITS = {
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kInterrupt,
}


@dataclass(frozen=True)
class MilpOptions:
    """How hard to try.

    Attributes:
        time_limit_s: wall-clock limit for both stages (stage 1 may use 70 %); None for a
            deterministic solve.
        node_limit: branch-and-bound nodes per stage; a deterministic work limit.
        threads: HiGHS threads (fixed so that results do not depend on the machine).
        rel_gap: relative MIP gap.
        abs_gap: absolute MIP gap in weighted hours (stage 1) or flying hours (stage 2).
        bucket_h: time bucket in hours; None picks the finest that keeps the model under
            `max_flow_columns` flow columns.
        max_flow_columns: size cap used to pick the bucket.
        second_stage: minimise flying hours once lateness is proven.
        flying_rel_gap: relative gap for the flying-hours stage (a secondary goal, so 1 %).
        seed: HiGHS random seed.
    """

    time_limit_s: float | None = None
    node_limit: int | None = None
    threads: int = 1
    rel_gap: float = 0.01
    abs_gap: float = 0.5
    bucket_h: float | None = None
    max_flow_columns: int = 40_000
    second_stage: bool = True
    flying_rel_gap: float = 0.01
    seed: int = 0


def _highs(model: BucketModel, options: MilpOptions) -> highspy.Highs:
    h = quiet_highs()
    h.setOptionValue("threads", options.threads)
    h.setOptionValue("random_seed", options.seed)
    h.setOptionValue("mip_rel_gap", options.rel_gap)
    h.setOptionValue("mip_abs_gap", options.abs_gap)
    if options.node_limit is not None:
        h.setOptionValue("mip_max_nodes", options.node_limit)
    empty_i = np.array([], dtype=np.int32)
    h.addCols(
        model.columns,
        model.cost_lateness,
        model.lower,
        model.upper,
        0,
        empty_i,
        empty_i,
        np.array([], dtype=np.float64),
    )
    h.addRows(
        model.rows,
        model.row_lower,
        model.row_upper,
        len(model.index),
        model.starts,
        model.index,
        model.value,
    )
    ints = np.flatnonzero(model.integer).astype(np.int32)
    h.changeColsIntegrality(len(ints), ints, np.ones(len(ints), dtype=np.uint8))
    return h


def _run(
    h: highspy.Highs, name: str, limit: float | None, cost: np.ndarray
) -> tuple[StageResult, np.ndarray | None]:
    if limit is not None:
        h.setOptionValue("time_limit", max(0.01, limit))
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.getModelStatus()
    info = h.getInfo()
    has = info.primal_solution_status == 2
    x = np.asarray(h.getSolution().col_value) if has else None
    if x is not None and abs(float(cost @ x) - info.objective_function_value) > 1e-6 * (
        1 + abs(info.objective_function_value)
    ):
        # a solution whose objective HiGHS misreports is not trusted (seen with user starts)
        x, has = None, False
    result = StageResult(
        name=name,
        status=h.modelStatusToString(status),
        objective=float(info.objective_function_value) if has else None,
        bound=float(info.mip_dual_bound) if math.isfinite(info.mip_dual_bound) else None,
        gap=float(info.mip_gap) if has and math.isfinite(info.mip_gap) else None,
        seconds=seconds,
    )
    return result, x


def solve_milp(problem: PlanningProblem, options: MilpOptions | None = None) -> Plan:
    """A lateness-optimal plan (then fewest flying hours), or why there is none."""
    options = options or MilpOptions()
    problems = check_problem(problem)
    if problems:
        raise UsageError(problems)
    started = time.perf_counter()
    blocking = diagnose(problem)
    if blocking:
        return infeasible_plan(problem, "milp", blocking, started)
    width = options.bucket_h or choose_bucket(problem, options.max_flow_columns)
    size = count_flow_columns(problem, width)
    if options.bucket_h is None and size > 4 * options.max_flow_columns:
        return _too_large(problem, size, width, options, started)
    model = build_model(problem, width)
    h = _highs(model, options)
    limit = options.time_limit_s
    stage1, x = _run(h, "lateness", None if limit is None else 0.7 * limit, model.cost_lateness)
    status1 = h.getModelStatus()
    start: np.ndarray | None = warm_start(problem, model)
    if start is not None and not model.satisfies(start):
        start = None
    if start is not None and (
        x is None or float(model.cost_lateness @ start) < float(model.cost_lateness @ x) - 1e-6
    ):
        # HiGHS 1.16 with presolve returned an objective inconsistent with its solution when
        # given this start through setSolution, so the start is used as a fallback instead.
        x = start
        stage1 = dataclasses.replace(stage1, objective=float(model.cost_lateness @ start))
    stages = [stage1]
    if x is None:
        if status1 in _LIMITS:
            return _fallback(problem, stages, started, width)
        return infeasible_plan(
            problem,
            "milp",
            [
                Explanation(
                    None, "model", "HiGHS found the bucketed model infeasible: " + stage1.status
                )
            ],
            started,
            tuple(stages),
        )
    proven = status1 == highspy.HighsModelStatus.kOptimal
    if options.second_stage:
        cap = float(stage1.objective or 0.0) + max(options.abs_gap, 1e-6)
        cols = np.flatnonzero(model.cost_lateness).astype(np.int32)
        h.addRow(-math.inf, cap, len(cols), cols, model.cost_lateness[cols])
        h.setOptionValue("mip_rel_gap", options.flying_rel_gap)
        h.changeColsCost(model.columns, np.arange(model.columns, dtype=np.int32), model.cost_flying)
        h.setSolution(highspy.HighsSolution() if x is None else _solution(x))
        remaining = None if limit is None else limit - (time.perf_counter() - started)
        if remaining is None or remaining > 0.05:
            stage2, x2 = _run(h, "flying_hours", remaining, model.cost_flying)
            stages.append(stage2)
            if x2 is not None:
                x = x2
            proven = proven and h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        else:
            proven = False
    sorties, assignments = decode(problem, model, x)
    sorties = _earliest(problem, sorties, assignments)
    unmet = [k for (k, b), col in model.late.items() if b == model.buckets - 1 and x[col] > 0.5]
    source = "milp"
    greedy = solve_greedy(problem)
    in_horizon = all(s.arrival_h <= problem.horizon_h + 1e-9 for s in greedy.sorties)
    if in_horizon and _weighted_lateness(
        problem, list(greedy.sorties), greedy.assignments
    ) < _weighted_lateness(problem, sorties, assignments):
        # The bucketed model is conservative; in continuous time greedy can do better.
        sorties, assignments, unmet, source = list(greedy.sorties), greedy.assignments, [], "greedy"
        proven = False
    explanations = tuple(capacity_limits(problem, r) for r in problem.requirements if r.id in unmet)
    if unmet and proven:
        status = SolveStatus.INFEASIBLE
    elif proven:
        status = SolveStatus.OPTIMAL
    elif limit is not None:
        status = SolveStatus.TIME_LIMIT_FEASIBLE
    else:
        status = SolveStatus.FEASIBLE
    return build_plan(
        problem,
        solver="milp",
        status=status,
        sorties=sorties,
        assignments=assignments,
        solve_seconds=time.perf_counter() - started,
        objective=stage1.objective,
        bound=stage1.bound,
        gap=stage1.gap,
        explanations=explanations,
        stages=tuple(stages),
        bucket_h=width,
        schedule_from=source,
    )


def _weighted_lateness(
    problem: PlanningProblem, sorties: list[Sortie], units: dict[str, str]
) -> float:
    plan = build_plan(
        problem,
        solver="milp",
        status=SolveStatus.FEASIBLE,
        sorties=sorties,
        assignments=units,
        solve_seconds=0.0,
    )
    weight = {r.id: r.weight for r in problem.requirements}
    return sum(
        math.inf if r.lateness_h is None else weight[r.id] * r.lateness_h for r in plan.requirements
    )


def _earliest(
    problem: PlanningProblem, sorties: list[Sortie], assignments: dict[str, str]
) -> list[Sortie]:
    """The retimed schedule when it is no later than the decoded one."""
    shifted = retime(problem, sorties)
    if shifted is None:
        return sorties
    if _weighted_lateness(problem, shifted, assignments) <= _weighted_lateness(
        problem, sorties, assignments
    ):
        return shifted
    return sorties


def _solution(x: np.ndarray) -> highspy.HighsSolution:
    sol = highspy.HighsSolution()
    sol.col_value = list(x)
    sol.value_valid = True
    return sol


def _fallback(
    problem: PlanningProblem, stages: list[StageResult], started: float, width: float
) -> Plan:
    """No MILP solution within the limit: return the greedy plan, with the bound proven."""
    greedy = solve_greedy(problem)
    return build_plan(
        problem,
        solver="milp",
        status=SolveStatus.TIME_LIMIT_FEASIBLE,
        sorties=list(greedy.sorties),
        assignments=greedy.assignments,
        solve_seconds=time.perf_counter() - started,
        bound=stages[0].bound,
        explanations=(
            Explanation(None, "time limit", "no optimiser plan within the limit; greedy's plan"),
            *greedy.explanations,
        ),
        stages=tuple(stages),
        bucket_h=width,
        schedule_from="greedy",
    )


def _too_large(
    problem: PlanningProblem, size: int, width: float, options: MilpOptions, started: float
) -> Plan:
    """Even the coarsest buckets give a model too large to solve: greedy's plan, said so."""
    greedy = solve_greedy(problem)
    why = Explanation(
        None,
        "model size",
        f"{size} flow columns at {width:g} h buckets (cap {options.max_flow_columns}); the "
        "plan is greedy's and nothing is proven. Shorten the horizon, name fewer forces or "
        "raise max_flow_columns",
    )
    return build_plan(
        problem,
        solver="milp",
        status=SolveStatus.FEASIBLE
        if greedy.status is not SolveStatus.INFEASIBLE
        else greedy.status,
        sorties=list(greedy.sorties),
        assignments=greedy.assignments,
        solve_seconds=time.perf_counter() - started,
        explanations=(why, *greedy.explanations),
        bucket_h=width,
        schedule_from="greedy",
    )
