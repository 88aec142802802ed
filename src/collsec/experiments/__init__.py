"""Experiments at scale: designs of experiments, sweeps on a process pool or Dask, analysis.

A sweep runs one crisis at every point of a design (grid, Latin hypercube or Saltelli's
Sobol' scheme) over any scenario paths, in batches of episodes on a `concurrent.futures`
executor, into a Parquet dataset partitioned by design point; the analysis gives Sobol'
sensitivity indices, PRIM boxes and CART leaves for the outcomes an alliance should fear.
"""

from collsec.experiments.analysis import EVENTS, SweepData, Target, analyze, read_sweep
from collsec.experiments.cart import Leaf, cart
from collsec.experiments.design import Design, DesignKind, make_design
from collsec.experiments.discovery import Box, Dimension, chosen, paste, prim
from collsec.experiments.executor import Backend, open_executor
from collsec.experiments.params import Param, ParamKind, check_params, parse_param, parse_params
from collsec.experiments.report import write_report
from collsec.experiments.sweep import SweepResult, SweepSpec, run_sweep, run_task, tasks_per_point

__all__ = [
    "EVENTS",
    "Backend",
    "Box",
    "Design",
    "DesignKind",
    "Dimension",
    "Leaf",
    "Param",
    "ParamKind",
    "SweepData",
    "SweepResult",
    "SweepSpec",
    "Target",
    "analyze",
    "cart",
    "check_params",
    "chosen",
    "make_design",
    "open_executor",
    "parse_param",
    "parse_params",
    "paste",
    "prim",
    "read_sweep",
    "run_sweep",
    "run_task",
    "tasks_per_point",
    "write_report",
]
