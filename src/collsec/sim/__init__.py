"""The crisis Monte Carlo: crises, government behaviour, episodes, runs and the back-test.

The simulator never re-implements a rule: it asks `collsec.charter` what the procedure allows
and `collsec.planning` how forces move, and reads every number from the scenario.
"""

from collsec.sim.backtest import backtest, load_cases
from collsec.sim.behaviour import Behaviour
from collsec.sim.crises import CrisisSpec, catalogue, spec_for_case, spec_for_crisis
from collsec.sim.episode import EpisodeModel
from collsec.sim.preparation import Preparation, prepare
from collsec.sim.records import EpisodeRecord, Outcome
from collsec.sim.runner import Episodes, RunSpec, run, summarise
from collsec.sim.whatif import what_if

__all__ = [
    "Behaviour",
    "CrisisSpec",
    "EpisodeModel",
    "EpisodeRecord",
    "Episodes",
    "Outcome",
    "Preparation",
    "RunSpec",
    "backtest",
    "catalogue",
    "load_cases",
    "prepare",
    "run",
    "spec_for_case",
    "spec_for_crisis",
    "summarise",
    "what_if",
]
