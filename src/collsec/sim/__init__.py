"""The crisis Monte Carlo: crises, government behaviour, episodes, runs and the back-test.

The simulator never re-implements a rule: it asks `collsec.charter` what the procedure allows
and `collsec.planning` how forces move, and reads every number from the scenario.
"""

from collsec.sim.backtest import backtest, load_cases
from collsec.sim.behaviour import Behaviour
from collsec.sim.crises import CrisisSpec, catalogue, spec_for_case, spec_for_crisis
from collsec.sim.episode import EpisodeModel
from collsec.sim.records import EpisodeRecord, Outcome
from collsec.sim.runner import RunSpec, run, summarise

__all__ = [
    "Behaviour",
    "CrisisSpec",
    "EpisodeModel",
    "EpisodeRecord",
    "Outcome",
    "RunSpec",
    "backtest",
    "catalogue",
    "load_cases",
    "run",
    "spec_for_case",
    "spec_for_crisis",
    "summarise",
]
