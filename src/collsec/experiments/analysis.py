"""Reading a finished sweep: outcomes per point, Sobol' indices and scenario discovery.

The sweep folder is a hive-partitioned Parquet dataset, so the same numbers can be had
without collsec (docs/experiments.md):

    duckdb:  SELECT point, avg(deployed::INT) AS p_deploy
             FROM read_parquet('DIR/*/*.parquet', hive_partitioning = true) GROUP BY point
    pandas:  pd.read_parquet("DIR").groupby("point")["deployed"].mean()

Sobol' indices (Sobol' 2001; estimators of Saltelli et al. 2010 and Jansen 1999, as SALib's
`sobol.analyze` computes them, with bootstrap confidence intervals) need a `sobol` design;
they measure how much of the variance of the target across points each parameter explains,
alone (S1) and with its interactions (ST). The target is estimated from a finite number of
episodes per point, so Monte Carlo noise shows up as unexplained variance: more runs per
point sharpen the indices. Scenario discovery works on any design, with two methods side by
side: PRIM with pasting (`collsec.experiments.discovery`) and CART (`collsec.experiments.cart`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from collsec.errors import Problem, UsageError
from collsec.experiments.cart import cart
from collsec.experiments.design import Design, DesignKind
from collsec.experiments.discovery import Dimension, chosen, paste, prim
from collsec.experiments.params import ParamKind
from collsec.experiments.sweep import MANIFEST, is_finished

__all__ = ["EVENTS", "SweepData", "Target", "analyze", "read_sweep"]


class Target(StrEnum):
    """Per-point outcomes `collsec analyze --target` can explain."""

    P_REQUEST = "p_request"
    P_DECISION = "p_decision"
    P_DEPLOY = "p_deploy"
    P_STABILISED = "p_stabilised"
    P_NO_DEPLOYMENT = "p_no_deployment"
    P_FAILED_STABILISATION = "p_failed_stabilisation"


#: The events scenario discovery looks for, and the per-point share that measures each.
EVENTS = {
    "no_deployment": Target.P_NO_DEPLOYMENT,
    "failed_stabilisation": Target.P_FAILED_STABILISATION,
}


@dataclass(frozen=True)
class SweepData:
    """A finished sweep read back: its design and, per point, the outcome shares.

    Attributes:
        folder: The sweep folder.
        design: The design as the sweep drew it.
        runs_per_point: Episodes per point.
        outcomes: For each target, one share per point (in point order).
    """

    folder: Path
    design: Design
    runs_per_point: int
    outcomes: dict[Target, list[float]]


def read_sweep(folder: Path) -> SweepData:
    """Read a sweep folder and compute each point's outcome shares.

    Failed stabilisation counts episodes where forces landed and the operation failed; no
    deployment counts episodes where no forces landed, for whatever reason.

    Raises:
        UsageError: not a sweep folder, or a sweep with unfinished points.
    """
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise UsageError(
            [Problem(f"no {MANIFEST} here", file=str(folder), expected="a collsec sweep --out")]
        )
    manifest = json.loads(manifest_path.read_text())
    design = Design.from_json(manifest["design"])
    total = len(design.points)
    missing = [k for k in range(total) if not is_finished(folder, k)]
    if missing:
        raise UsageError(
            [
                Problem(
                    f"{len(missing)} of {total} points unfinished (first: point {missing[0]})",
                    file=str(folder),
                    expected="a finished sweep: rerun the same collsec sweep command to resume",
                )
            ]
        )
    # pyarrow.dataset imports pandas; loaded here so that the CLI starts fast.
    import pyarrow.dataset as ds  # type: ignore[import-untyped]

    dataset = ds.dataset(str(folder), format="parquet", partitioning="hive")
    table = dataset.to_table(columns=["point", "requested", "decision", "deployed", "outcome"])
    point = pc.cast(table["point"], pa.int64())
    indicators = {
        Target.P_REQUEST: table["requested"],
        Target.P_DECISION: table["decision"],
        Target.P_DEPLOY: table["deployed"],
        Target.P_STABILISED: pc.equal(table["outcome"], "stabilised"),
        Target.P_NO_DEPLOYMENT: pc.invert(table["deployed"]),
        Target.P_FAILED_STABILISATION: pc.and_(
            table["deployed"], pc.equal(table["outcome"], "failed")
        ),
    }
    grouped = pa.table(
        {"point": point, **{t.value: pc.cast(v, pa.float64()) for t, v in indicators.items()}}
    ).group_by("point").aggregate([(t.value, "mean") for t in indicators])  # fmt: skip
    order = np.argsort(grouped["point"].to_numpy())
    outcomes = {
        t: [float(v) for v in grouped[f"{t.value}_mean"].to_numpy()[order]] for t in indicators
    }
    return SweepData(folder, design, int(manifest["spec"]["runs_per_point"]), outcomes)


def analyze(
    data: SweepData, target: Target, min_coverage: float = 0.5, resamples: int = 200
) -> dict[str, Any]:
    """Sobol' indices of `target` (sobol designs), and PRIM boxes and CART leaves per event.

    Returns:
        A JSON-ready dict: the design's size, the per-point table, `sobol` (None unless the
        design is sobol) and `discovery` with, for each event, PRIM's chosen box (pasted, and
        as peeled), its peeling trajectory, and the CART tree's leaves.
    """
    design = data.design
    names = [p.path for p in design.params]
    table = [
        {"point": k, **dict(zip(names, pt, strict=True)),
         **{t.value: round(v[k], 6) for t, v in data.outcomes.items()}}
        for k, pt in enumerate(design.points)
    ]  # fmt: skip
    return {
        "folder": str(data.folder),
        "design": design.kind.value,
        "params": names,
        "points": len(design.points),
        "runs_per_point": data.runs_per_point,
        "target": target.value,
        "table": table,
        "sobol": _sobol(design, data.outcomes[target], resamples),
        "discovery": {
            event: _discover(design, data.outcomes[t], min_coverage) for event, t in EVENTS.items()
        },
    }


def _sobol(design: Design, y: list[float], resamples: int) -> dict[str, Any] | None:
    if design.kind is not DesignKind.SOBOL:
        return None
    from SALib.analyze import sobol as salib_sobol  # type: ignore[import-untyped]

    values = np.asarray(y, dtype=float)
    names = [p.path for p in design.params]
    if float(values.var()) == 0.0:
        return {"note": "the target does not vary over the design; every index is 0 or undefined",
                "indices": {}, "second_order": []}  # fmt: skip
    res = salib_sobol.analyze(
        design.salib_problem(), values, calc_second_order=True, num_resamples=resamples,
        print_to_console=False, seed=design.seed,
    )  # fmt: skip
    indices = {
        name: {key: _num(res[key][i]) for key in ("S1", "S1_conf", "ST", "ST_conf")}
        for i, name in enumerate(names)
    }
    second = [
        {"a": names[i], "b": names[j], "S2": _num(res["S2"][i][j]),
         "S2_conf": _num(res["S2_conf"][i][j])}
        for i in range(len(names)) for j in range(i + 1, len(names))
    ]  # fmt: skip
    return {"note": None, "indices": indices, "second_order": second}


def _num(value: Any) -> float | None:
    v = float(value)
    return None if math.isnan(v) else round(v, 6)


def _discover(design: Design, y: list[float], min_coverage: float) -> dict[str, Any]:
    dims = []
    for i, p in enumerate(design.params):
        column = [pt[i] for pt in design.points]
        numeric = p.kind is not ParamKind.LEVELS or all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in column
        )
        values = tuple(
            float(v) if numeric else v if isinstance(v, str) else json.dumps(v) for v in column
        )
        dims.append(Dimension(p.path, values, numeric))
    boxes = prim(dims, y)
    if not boxes:
        return {"occurred": False, "box": None, "peeled_box": None, "trajectory": [], "cart": []}
    best = chosen(boxes, min_coverage)
    return {
        "occurred": True,
        "min_coverage": min_coverage,
        "box": paste(dims, y, best).to_json() if best else None,
        "peeled_box": best.to_json() if best else None,
        "trajectory": [b.to_json() for b in boxes],
        "cart": [leaf.to_json() for leaf in cart(dims, y)],
    }
