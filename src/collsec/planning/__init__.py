"""Force generation and airlift deployment: a greedy baseline and an exact HiGHS optimiser.

Pure given its inputs: a `PlanningProblem` in, a `Plan` out. It reads no files and no clock
(except `scenario_inputs`, which builds a problem from a scenario and a requirements file,
and `report`, which writes HTML), and never imports the simulator or the exercises.
"""

from collsec.planning.audit import audit
from collsec.planning.bounds import LatenessBound, lateness_lower_bound
from collsec.planning.greedy import ForceRule, solve_greedy
from collsec.planning.milp import MilpOptions, solve_milp
from collsec.planning.model import (
    AircraftPool,
    AircraftType,
    Airfield,
    Contingent,
    PlanningProblem,
    PoliticalConstraints,
    Requirement,
)
from collsec.planning.plan import Explanation, Load, Plan, SolveStatus, Sortie
from collsec.planning.report import render_report, write_report
from collsec.planning.scenario_inputs import (
    RequirementsFile,
    load_requirements,
    problem_from_scenario,
)

__all__ = [
    "AircraftPool",
    "AircraftType",
    "Airfield",
    "Contingent",
    "Explanation",
    "ForceRule",
    "LatenessBound",
    "Load",
    "MilpOptions",
    "Plan",
    "PlanningProblem",
    "PoliticalConstraints",
    "Requirement",
    "RequirementsFile",
    "SolveStatus",
    "Sortie",
    "audit",
    "lateness_lower_bound",
    "load_requirements",
    "problem_from_scenario",
    "render_report",
    "solve_greedy",
    "solve_milp",
    "write_report",
]
