"""What-if: the same crises with and without contingency plans and a year of exercises.

Issue 7 asks how much the alliance's preparation changes its crisis response. Four runs share
the seed, so every variant sees the same draws (common random numbers) and the differences
come from the preparation alone:

- `as-is`: interoperability on the crisis day, every deployment planned after the order;
- `contingency-plans`: plans prepared ahead for the likely crises (the decision step capped at
  `contingency_decision_h`, the plan's landings used);
- `year-of-exercises`: the exercise calendar the planner proposes for the year counted as held
  before the crisis, raising interoperability (the force multiplier);
- `plans-and-exercises`: both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from collsec.exercises.contingency import build_contingency_plans
from collsec.scenario.loader import load_scenario
from collsec.sim.runner import RunSpec, run

__all__ = ["PLANS_FILE", "VARIANTS", "what_if"]

#: (name, with contingency plans, with a year of exercises), in report order.
VARIANTS = (
    ("as-is", False, False),
    ("contingency-plans", True, False),
    ("year-of-exercises", False, True),
    ("plans-and-exercises", True, True),
)
#: The artefact built for the what-if when the run names none.
PLANS_FILE = "contingency-plans.json"


def what_if(
    spec: RunSpec,
    out: Path,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run the four variants of `spec` into `out/NAME/`; return their summaries by name.

    The plans are `spec.plans`, else built now with `collsec.exercises` and written to
    `out/contingency-plans.json` (a versioned artefact, so the run can be repeated). The
    exercise year is `spec.exercise_year`, else the year after the scenario's date.
    """
    scenario = load_scenario(spec.scenario_paths, spec.sets)
    plans = spec.plans
    if plans is None:
        path = out / PLANS_FILE
        build_contingency_plans(scenario).write(path)
        plans = str(path)
    year = spec.exercise_year or scenario.as_of.year + 1
    results: dict[str, dict[str, Any]] = {}
    for name, with_plans, with_exercises in VARIANTS:
        variant = replace(
            spec,
            plans=plans if with_plans else None,
            exercise_year=year if with_exercises else None,
        )
        results[name] = run(variant, out / name, workers, progress)
    return results
