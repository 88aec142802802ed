"""What the alliance prepared before a crisis, handed to the episodes as plain data.

Two preparations change how a crisis goes (docs/exercises.md): joint exercises build
interoperability, which the adjudication uses as the force multiplier of the mixed force;
contingency plans, prepared ahead for the likely crises, shorten the step to a decision and
give the landings without planning after the order. Both come from `collsec.exercises` and are
computed once per run (in the driving process), then passed to every worker as data, so the
episodes never rebuild them and every worker sees the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from collsec.errors import Problem, ScenarioError
from collsec.exercises.calendar import calendar_participations, plan_calendar
from collsec.exercises.contingency import ContingencyBook, load_contingency_plans
from collsec.exercises.interop import InteropMatrix, interop_matrix
from collsec.exercises.parameters import InteropParameters
from collsec.scenario.models import Scenario

__all__ = ["Preparation", "prepare"]


@dataclass(frozen=True)
class Preparation:
    """Interoperability on the crisis day and the contingency plans in hand.

    Attributes:
        interop: Levels for every pair of members and force type on the crisis day.
        force_types: The force type each collective force relies on
            (`exercise_force_type_of_force`).
        plans: Contingency plans, or None when every deployment is planned after the order.
        exercise_year: The year whose proposed exercise calendar was counted as held before
            the crisis (a what-if), or None.
    """

    interop: InteropMatrix
    force_types: Mapping[str, str]
    plans: ContingencyBook | None = None
    exercise_year: int | None = None

    def force_type(self, force: str) -> str:
        """The force type `force` relies on.

        Raises:
            ScenarioError: the force has no entry in `exercise_force_type_of_force`.
        """
        found = self.force_types.get(force)
        if found is None:
            raise ScenarioError(
                [
                    Problem(
                        f"no force type for {force}",
                        path=f"assumptions.exercise_force_type_of_force.value.{force}",
                        expected="a force type (combined_arms, peacekeeping, air, ...)",
                    )
                ]
            )
        return found

    def multiplier(self, force: str, states: Iterable[str]) -> float:
        """The force multiplier of a mixed force of `states` (`InteropMatrix.multiplier`)."""
        return self.interop.multiplier(states, self.force_type(force))


def prepare(
    scenario: Scenario,
    day: dt.date,
    plans: Path | None = None,
    exercise_year: int | None = None,
) -> Preparation:
    """Compute the interoperability on `day` and load the contingency plans.

    Args:
        scenario: The world: exercise history, members and assumptions.
        day: The crisis day; recorded exercises up to it count.
        plans: A contingency-plan artefact (`collsec contingency build`), or None.
        exercise_year: When given, the calendar the exercise planner proposes for that year is
            counted as held on `day` (docs/exercises.md: "with a year of exercises").

    Raises:
        UsageError: the plans file cannot be read or was edited since it was built.
        ScenarioError: an exercise or interoperability assumption is malformed.
    """
    params = InteropParameters.from_scenario(scenario)
    extra = []
    if exercise_year is not None:
        calendar = plan_calendar(scenario, exercise_year)
        extra = calendar_participations(scenario, calendar.proposed.lines, day, params)
    return Preparation(
        interop=interop_matrix(scenario, day, extra, params),
        force_types={f: t.value for f, t in params.force_type_of_force.items()},
        plans=None if plans is None else load_contingency_plans(plans),
        exercise_year=exercise_year,
    )
