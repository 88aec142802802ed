"""Experiments at scale: designs of experiments, sweeps on a process pool or Dask, analysis.

A sweep runs one crisis at every point of a design (grid, Latin hypercube or Saltelli's
Sobol' scheme) over any scenario paths, in batches of episodes on a `concurrent.futures`
executor, into a Parquet dataset partitioned by design point; the analysis gives Sobol'
sensitivity indices and PRIM boxes for the outcomes an alliance should fear.
"""

from collsec.experiments.analysis import EVENTS, SweepData, Target, analyze, read_sweep
from collsec.experiments.design import Design, DesignKind, make_design
from collsec.experiments.discovery import Box, Dimension, chosen, prim
from collsec.experiments.executor import Backend, open_executor
from collsec.experiments.params import Param, ParamKind, check_params, parse_param, parse_params
from collsec.experiments.report import write_report
from collsec.experiments.sweep import SweepResult, SweepSpec, run_batch, run_sweep

__all__ = [
    "EVENTS",
    "Backend",
    "Box",
    "Design",
    "DesignKind",
    "Dimension",
    "Param",
    "ParamKind",
    "SweepData",
    "SweepResult",
    "SweepSpec",
    "Target",
    "analyze",
    "check_params",
    "chosen",
    "make_design",
    "open_executor",
    "parse_param",
    "parse_params",
    "prim",
    "read_sweep",
    "run_batch",
    "run_sweep",
    "write_report",
]
