"""Joint exercises, interoperability, joint threat assessment and contingency plans.

The alliance's operational core as data and models: the exercise catalogue and its editions
(`catalogue`), the interoperability they build (`interop`), next year's calendar planned with
HiGHS (`calendar`), the risk register combining members' threat assessments (`threats`), and
deployments planned ahead for the likely crises (`contingency`). The simulator and planner
receive the interoperability matrix as plain data; `planning` never imports this package.
"""

from collsec.exercises.calendar import (
    Calendar,
    CalendarLine,
    CalendarPlan,
    calendar_participations,
    plan_calendar,
)
from collsec.exercises.catalogue import Participation, check_exercises, participations
from collsec.exercises.contingency import (
    ContingencyBook,
    ContingencyPlan,
    build_contingency_plans,
    load_contingency_plans,
)
from collsec.exercises.interop import InteropMatrix, interop_matrix, mean_level
from collsec.exercises.parameters import InteropParameters
from collsec.exercises.threats import (
    RiskRegister,
    RiskRow,
    ThreatDraw,
    draw_threat,
    risk_register,
)

__all__ = [
    "Calendar",
    "CalendarLine",
    "CalendarPlan",
    "ContingencyBook",
    "ContingencyPlan",
    "InteropMatrix",
    "InteropParameters",
    "Participation",
    "RiskRegister",
    "RiskRow",
    "ThreatDraw",
    "build_contingency_plans",
    "calendar_participations",
    "check_exercises",
    "draw_threat",
    "interop_matrix",
    "load_contingency_plans",
    "mean_level",
    "participations",
    "plan_calendar",
    "risk_register",
]
