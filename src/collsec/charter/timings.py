"""The procedure's timings, read from the scenario's assumptions.

The crisis-response regulations' internal deadlines could not be read (research R29, Part C
question 2), so every delay of the Article 2 / Article 4 procedure is a named assumption in the
scenario, with its reasoning there; the defaults of the embedded scenario follow Kazakhstan,
January 2022. The engine never holds these numbers itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from collsec.charter.positions import Position
from collsec.scenario.assumptions import AssumptionReader
from collsec.scenario.models import Scenario

__all__ = ["TIMING_ASSUMPTIONS", "Timings", "timings_from"]

#: Each timing field and the assumption (with its unit) it is read from.
TIMING_ASSUMPTIONS: dict[str, tuple[str, str]] = {
    "consultations_delay": ("procedure_consultations_delay_h", "hours"),
    "decision_delay": ("procedure_decision_delay_h", "hours"),
    "order_delay": ("procedure_order_delay_h", "hours"),
    "first_deployment_delay": ("procedure_first_deployment_delay_h", "hours"),
    "mission_duration": ("procedure_mission_duration_days", "days"),
    "withdrawal_start_delay": ("procedure_withdrawal_start_delay_days", "days"),
    "withdrawal_duration": ("procedure_withdrawal_duration_days", "days"),
}
_FROZEN_DEFAULT = "frozen_member_default_position"


@dataclass(frozen=True)
class Timings:
    """How long each step of the procedure takes, and how a frozen member behaves by default.

    Attributes:
        consultations_delay: From the request (or the threat) to the convened consultations.
        decision_delay: From convening to the Council's decision.
        order_delay: From the decision to the order to the Joint Staff.
        first_deployment_delay: From the order to the first contingent on the ground.
        mission_duration: From the first deployment to the host declaring the mission complete.
        withdrawal_start_delay: From that declaration to the start of the withdrawal.
        withdrawal_duration: From the start to the end of the withdrawal.
        frozen_member_default_position: The position of a member that declared a freeze, when
            the caller gives none (Armenia since 2024: absent, not objecting).
    """

    consultations_delay: timedelta
    decision_delay: timedelta
    order_delay: timedelta
    first_deployment_delay: timedelta
    mission_duration: timedelta
    withdrawal_start_delay: timedelta
    withdrawal_duration: timedelta
    frozen_member_default_position: Position


def timings_from(scenario: Scenario) -> Timings:
    """Build the procedure's timings from the scenario's `assumptions` section.

    Raises:
        ScenarioError: an assumption is missing, not a non-negative number, or (for the frozen
            member's default) not a position; every problem is listed with its path.
    """
    r = AssumptionReader(scenario, "the procedure", "docs/charter.md")
    values: dict[str, timedelta] = {}
    for field, (name, unit) in TIMING_ASSUMPTIONS.items():
        raw = r.raw(name)
        if raw is None:
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
            r.bad(
                f"{name}.value",
                raw,
                f"a non-negative number of {unit}",
                message=f"{raw!r} is not a duration",
            )
        else:
            values[field] = timedelta(hours=raw) if unit == "hours" else timedelta(days=raw)
    frozen = r.raw(_FROZEN_DEFAULT)
    position = Position.SUPPORT
    if frozen is not None:
        try:
            position = Position(frozen)
        except ValueError:
            r.bad(
                f"{_FROZEN_DEFAULT}.value",
                frozen,
                ", ".join(p.value for p in Position),
                message=f"{frozen!r} is not a position",
            )
    r.done()
    return Timings(**values, frozen_member_default_position=position)
