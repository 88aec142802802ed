"""The exact planner: the bucketed MILP solved lexicographically with HiGHS.

Stage 1 minimises weighted lateness and is proven (to an absolute and a relative gap).
Stage 2 caps lateness at the stage-1 value and minimises flying hours, warm-started from
stage 1. A single weighted objective stalled in the research runs (anchors-stack.md §1:
10,414 at L size where the lateness optimum is 0); the two-stage solve proved the lateness
stage in 1.6–9 s there. An absolute gap is set as well as a relative one because near-zero
objectives made a 1 % relative gap cost 40 s.

Before any MILP, the greedy plans (one per force-generation rule) are measured against the
counting lower bound of `planning.bounds`; when the best is within the gaps of it, its
lateness is proven optimal without branching (often at the research's sizes, where the
optimum is 0). Otherwise the bound tightens the MILP, and it gives the gap of any plan the
MILP cannot prove, including the heuristic's when the model is over its size cap.

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

from collsec.planning.bounds import LatenessBound, lateness_lower_bound
from collsec.planning.decode import decode
from collsec.planning.eligibility import options
from collsec.planning.explain import capacity_limits, screen
from collsec.planning.formulation import (
    BucketModel,
    build_model,
    choose_bucket,
    count_flow_columns,
)
from collsec.planning.greedy import ForceRule, choose_units, solve_greedy
from collsec.planning.highs import quiet_highs
from collsec.planning.localsearch import search_start
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
from collsec.planning.warmstart import repaired_start, warm_start

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
    started = time.perf_counter()
    screened = screen(problem, "milp", started)
    if screened is not None:
        return screened
    greedy, greedy_late, heuristics = _best_heuristic(problem)
    floor = lateness_lower_bound(problem, enough=greedy_late)
    width = options.bucket_h or choose_bucket(problem, options.max_flow_columns)
    size = count_flow_columns(problem, width)
    fits = options.bucket_h is not None or size <= 4 * options.max_flow_columns
    if _keeps_shares(greedy) and _closes(greedy_late, floor.total, options):
        return _proven_by_bound(
            problem, greedy, greedy_late, floor, width if fits else None, options, started
        )
    if not fits:
        return _too_large(problem, greedy, greedy_late, floor, size, width, options, started)
    model = build_model(problem, width)
    h = _highs(model, options)
    _tighten(h, model, floor)
    start = _first_solution(problem, model, heuristics, floor)
    if start is not None:
        h.setSolution(_solution(start))
    limit = options.time_limit_s
    remaining = None if limit is None else 0.7 * limit - (time.perf_counter() - started)
    stage1, x = _run(h, "lateness", remaining, model.cost_lateness)
    # counted from the start of the solve: heuristic, bound and model build included
    stage1 = dataclasses.replace(stage1, seconds=time.perf_counter() - started)
    status1 = h.getModelStatus()
    proven = status1 == highspy.HighsModelStatus.kOptimal
    if start is not None and (
        x is None or float(model.cost_lateness @ start) < float(model.cost_lateness @ x) - 1e-6
    ):
        # HiGHS 1.16 has returned an objective inconsistent with its solution when given a
        # start; such a solution is dropped by `_run`, and the start stands in, proven only
        # when it meets HiGHS's bound.
        x = start
        value = float(model.cost_lateness @ start)
        dual = stage1.bound if stage1.bound is not None else -math.inf
        proven = proven and _closes(value, dual, options)
        stage1 = dataclasses.replace(
            stage1,
            objective=value,
            gap=_gap(value, stage1.bound) if stage1.bound is not None else None,
        )
    stages = [stage1]
    if x is None:
        if status1 in _LIMITS:
            return _fallback(problem, greedy, greedy_late, floor, stages, started, width)
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
    flown = True  # stage 2 reached its gap, or did not run
    if options.second_stage:
        cap = float(stage1.objective or 0.0) + max(options.abs_gap, 1e-6)
        stage2, x2 = _flying_stage(h, model, x, cap, options, started)
        stages.append(stage2)
        if x2 is not None:
            x = x2
        flown = stage2.status == "Optimal"
    sorties, assignments = decode(problem, model, x)
    sorties = _earliest(problem, sorties, assignments)
    unmet = [k for (k, b), col in model.late.items() if b == model.buckets - 1 and x[col] > 0.5]
    source = "milp"
    objective, bound, gap, origin = stage1.objective, stage1.bound, stage1.gap, "highs"
    late = _weighted_lateness(problem, sorties, assignments)
    in_horizon = all(s.arrival_h <= problem.horizon_h + 1e-9 for s in greedy.sorties)
    if in_horizon and _keeps_shares(greedy) and greedy_late < late:
        # The bucketed model is conservative; in continuous time greedy can do better.
        sorties, assignments, unmet, source = list(greedy.sorties), greedy.assignments, [], "greedy"
        late = greedy_late
        proven, flown = False, True
    if source == "greedy" or (not unmet and _closes(late, floor.total, options)):
        # measured on the sorties against the counting bound, which bounds every plan
        objective, bound, gap, origin = late, floor.total, _gap(late, floor.total), floor.origin
        proven = proven or _closes(late, floor.total, options)
    proven = proven and flown
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
        objective=_finite(objective),
        bound=_finite(bound),
        gap=gap,
        explanations=explanations,
        stages=tuple(stages),
        bucket_h=width,
        schedule_from=source,
        bound_origin=origin,
    )


def _tighten(h: highspy.Highs, model: BucketModel, floor: LatenessBound) -> None:
    """Pass the counting bound to HiGHS as fixings and one row.

    A bucketed solution decodes to a plan in which whatever the model counts as landed by the
    end of bucket b has landed by then, and that plan's lateness is at most the bucketed
    objective. So a requirement the bound says cannot be met before hour m is still late at
    the end of every bucket ending before m, a contingent cannot have closed earlier than its
    bound, and the objective is at least the bound's total: all valid for every solution,
    and all tighter than HiGHS's own relaxation.
    """
    width = model.bucket_h
    late = _forced_late(model, floor)
    if late:
        idx = np.array(late, dtype=np.int32)
        h.changeColsBounds(len(idx), idx, np.ones(len(idx)), np.ones(len(idx)))
    shut = [
        col
        for (uid, rid, b), col in model.closed.items()
        if (b + 1) * width < floor.closes_h.get((uid, rid), 0.0) - 1e-6
    ]
    if shut:
        idx = np.array(shut, dtype=np.int32)
        h.changeColsBounds(len(idx), idx, np.zeros(len(idx)), np.zeros(len(idx)))
    if math.isfinite(floor.total) and floor.total > 0:
        cols = np.flatnonzero(model.cost_lateness).astype(np.int32)
        h.addRow(floor.total, math.inf, len(cols), cols, model.cost_lateness[cols])


def _forced_late(model: BucketModel, floor: LatenessBound) -> list[int]:
    """Late columns of buckets that end before the counting bound lets their requirement be met."""
    return [
        col
        for (rid, b), col in model.late.items()
        if (b + 1) * model.bucket_h < floor.met_h.get(rid, 0.0) - 1e-6
    ]


def _flying_stage(
    h: highspy.Highs,
    model: BucketModel,
    x: np.ndarray,
    cap: float,
    options: MilpOptions,
    started: float,
) -> tuple[StageResult, np.ndarray | None]:
    """Stage 2: fewest flying hours with bucketed lateness capped, warm-started from `x`."""
    cols = np.flatnonzero(model.cost_lateness).astype(np.int32)
    h.addRow(-math.inf, cap, len(cols), cols, model.cost_lateness[cols])
    h.setOptionValue("mip_rel_gap", options.flying_rel_gap)
    h.changeColsCost(model.columns, np.arange(model.columns, dtype=np.int32), model.cost_flying)
    h.setSolution(_solution(x))
    limit = options.time_limit_s
    remaining = None if limit is None else limit - (time.perf_counter() - started)
    if remaining is not None and remaining <= 0.05:
        return StageResult("flying_hours", "not run: no time left", None, None, None, 0.0), None
    return _run(h, "flying_hours", remaining, model.cost_flying)


def _proven_by_bound(
    problem: PlanningProblem,
    greedy: Plan,
    greedy_late: float,
    floor: LatenessBound,
    width: float | None,
    options: MilpOptions,
    started: float,
) -> Plan:
    """Greedy's plan is as late as the counting bound, so its lateness is proven optimal.

    No branching is needed. Stage 2 then looks for fewer flying hours in the bucketed model
    with lateness capped, starting from the bucket-space greedy when that keeps the cap.
    """
    stage1 = StageResult(
        "lateness",
        "Optimal (greedy's plan meets the lower bound)",
        greedy_late,
        floor.total,
        _gap(greedy_late, floor.total),
        time.perf_counter() - started,
    )
    stages = [stage1]
    sorties, assignments, source = list(greedy.sorties), greedy.assignments, "greedy"
    complete = True
    if options.second_stage and width is not None:
        model = build_model(problem, width)
        x = warm_start(problem, model)
        cap = greedy_late + max(options.abs_gap, 1e-6)
        if model.satisfies(x) and float(model.cost_lateness @ x) <= cap:
            h = _highs(model, options)
            stage2, x2 = _flying_stage(h, model, x, cap, options, started)
            stages.append(stage2)
            complete = stage2.status == "Optimal"
            found = x if x2 is None else x2
            cand, cand_units = decode(problem, model, found)
            cand = _earliest(problem, cand, cand_units)
            if _weighted_lateness(problem, cand, cand_units) <= greedy_late + 1e-6 and (
                _flying(problem, cand) < greedy.flying_hours - 1e-6
            ):
                sorties, assignments, source = cand, cand_units, "milp"
        else:
            stages.append(
                StageResult(
                    "flying_hours",
                    "not run: no bucketed start keeps the lateness optimum",
                    None,
                    None,
                    None,
                    0.0,
                )
            )
    status = SolveStatus.OPTIMAL
    if not complete:
        status = (
            SolveStatus.TIME_LIMIT_FEASIBLE
            if options.time_limit_s is not None
            else SolveStatus.FEASIBLE
        )
    return build_plan(
        problem,
        solver="milp",
        status=status,
        sorties=sorties,
        assignments=assignments,
        solve_seconds=time.perf_counter() - started,
        objective=greedy_late,
        bound=floor.total,
        gap=_gap(greedy_late, floor.total),
        stages=tuple(stages),
        bucket_h=width,
        schedule_from=source,
        bound_origin=floor.origin,
    )


def _best_heuristic(problem: PlanningProblem) -> tuple[Plan, float, list[Plan]]:
    """The least late of the greedy plans under each force-generation rule, and all of them.

    A plan that keeps the national shares comes before one that does not; ties go to fewer
    flying hours, then to the rule's order. It is the primal heuristic and
    the fallback; every rule's plan is a candidate start for the MILP.
    """
    plans = [solve_greedy(problem, rule) for rule in ForceRule]
    scored = [(not _keeps_shares(plan), _plan_lateness(problem, plan), plan) for plan in plans]
    best = min(scored, key=lambda t: (t[0], round(t[1], 9), t[2].flying_hours))
    return best[2], best[1], plans


def _keeps_shares(plan: Plan) -> bool:
    """Whether greedy kept the national shares; one that could not is never returned as optimal.

    Greedy falls back to breaking a share when it cannot keep it (and says so); the MILP's
    share rows never do.
    """
    return not any(e.constraint == "political shares" for e in plan.explanations)


def _first_solution(
    problem: PlanningProblem, model: BucketModel, plans: list[Plan], floor: LatenessBound
) -> np.ndarray | None:
    """The least late bucketed start: the local search's, the bucket-space greedy, a repair.

    The repairs are of each greedy plan. Each is kept only when it keeps every row of the
    model; ties go to the first found. The local search starts from greedy's choice of
    contingents under each force rule and stops early if it reaches the lateness that the
    counting bound forces in the buckets.
    """
    opts = options(problem)
    choices = [choose_units(problem, opts, rule)[0] for rule in ForceRule]
    forced = float(model.cost_lateness[_forced_late(model, floor)].sum())
    found: list[np.ndarray | None] = [search_start(problem, model, choices, enough=forced)]
    found += [warm_start(problem, model)]
    found += [repaired_start(problem, model, plan) for plan in plans]
    feasible = [x for x in found if x is not None and model.satisfies(x)]
    if not feasible:
        return None
    return min(feasible, key=lambda x: float(model.cost_lateness @ x))


def _closes(late: float, floor: float, options: MilpOptions) -> bool:
    """Whether a plan this late is proven optimal by the bound, to the solver's own gaps."""
    if not math.isfinite(late) or not math.isfinite(floor):
        return False
    return late - floor <= max(options.abs_gap, options.rel_gap * abs(late)) + 1e-9


def _gap(late: float, floor: float) -> float | None:
    """Relative gap as HiGHS defines it: (objective − bound) / objective, 0 when both are 0."""
    if not math.isfinite(late) or not math.isfinite(floor):
        return None
    return 0.0 if late <= 1e-9 else max(0.0, (late - floor) / late)


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def _plan_lateness(problem: PlanningProblem, plan: Plan) -> float:
    """Weighted hours late of a built plan.

    Infinite when a requirement is never met or a sortie lands after the horizon.
    """
    if any(s.arrival_h > problem.horizon_h + 1e-9 for s in plan.sorties):
        return math.inf
    weight = {r.id: r.weight for r in problem.requirements}
    return sum(
        math.inf if r.lateness_h is None else weight[r.id] * r.lateness_h for r in plan.requirements
    )


def _flying(problem: PlanningProblem, sorties: list[Sortie]) -> float:
    plan = build_plan(
        problem,
        solver="milp",
        status=SolveStatus.FEASIBLE,
        sorties=sorties,
        assignments={},
        solve_seconds=0.0,
    )
    return plan.flying_hours


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
    problem: PlanningProblem,
    greedy: Plan,
    greedy_late: float,
    floor: LatenessBound,
    stages: list[StageResult],
    started: float,
    width: float,
) -> Plan:
    """No MILP solution within the limit: greedy's plan, with its gap to the counting bound."""
    return build_plan(
        problem,
        solver="milp",
        status=SolveStatus.TIME_LIMIT_FEASIBLE,
        sorties=list(greedy.sorties),
        assignments=greedy.assignments,
        solve_seconds=time.perf_counter() - started,
        objective=_finite(greedy_late),
        bound=_finite(floor.total),
        gap=_gap(greedy_late, floor.total),
        explanations=(
            Explanation(None, "time limit", "no optimiser plan within the limit; greedy's plan"),
            *greedy.explanations,
        ),
        stages=tuple(stages),
        bucket_h=width,
        schedule_from="greedy",
        bound_origin=floor.origin,
    )


def _too_large(
    problem: PlanningProblem,
    greedy: Plan,
    greedy_late: float,
    floor: LatenessBound,
    size: int,
    width: float,
    options: MilpOptions,
    started: float,
) -> Plan:
    """Even the coarsest buckets give a model too large to solve: greedy's plan, said so.

    It comes with its gap to the counting bound.
    """
    why = Explanation(
        None,
        "model size",
        f"{size} flow columns at {width:g} h buckets (cap {options.max_flow_columns}); the "
        "plan is greedy's, measured against the counting lower bound. Shorten the horizon, "
        "name fewer forces or raise max_flow_columns",
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
        objective=_finite(greedy_late),
        bound=_finite(floor.total),
        gap=_gap(greedy_late, floor.total),
        explanations=(why, *greedy.explanations),
        bucket_h=width,
        schedule_from="greedy",
        bound_origin=floor.origin,
    )
