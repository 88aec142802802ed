"""What the Crisis page shows of a finished run, read from the runner's Parquet file.

The runner's summary gives probabilities with intervals and time quantiles; the page also
needs the shapes behind them (histograms of the time to decision and to first arrival), the
chance of each measure and outcome, each state's share of the troops sent, and one episode to
walk through step by step: the median one by duration, ties broken by episode index so the
choice is as deterministic as the run.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from collsec.sim.records import TIME_FIELDS

__all__ = ["BINS", "histogram", "run_results"]

#: Bars in each distribution the page draws.
BINS = 20

#: Distributions the page draws: column and label.
_DISTRIBUTIONS = {
    "t_decision_h": "hours to decision",
    "t_first_arrival_h": "hours to first arrival",
}


def histogram(values: list[float]) -> dict[str, Any]:
    """Counts over `BINS` equal bins between the smallest and largest value.

    Returns:
        `{"edges": [...], "counts": [...], "n": int}`; no edges and no counts when empty.
    """
    if not values:
        return {"edges": [], "counts": [], "n": 0}
    counts, edges = np.histogram(np.array(values, dtype=float), bins=BINS)
    return {
        "edges": [round(float(e), 3) for e in edges],
        "counts": [int(c) for c in counts],
        "n": len(values),
    }


def _shares(counter: Counter[str], n: int) -> dict[str, float]:
    return {k: round(v / n, 6) for k, v in sorted(counter.items())} if n else {}


def run_results(path: Path) -> dict[str, Any]:
    """The page's view of a run's episodes.

    Returns:
        `distributions` (histogram per time), `measures` and `outcomes` (share of episodes
        ending each way), `burden_share` (each state's share of all troops sent, over the
        episodes that deployed), and `median_episode` (its index, outcome, measure and
        timeline of `{step, hour}` with the basis of each stage).
    """
    table = pq.read_table(str(path))
    cols = table.column_names
    data: dict[str, list[Any]] = {
        name: table.column(name).to_pylist()
        for name in (*TIME_FIELDS, "episode", "measure", "outcome", "duration_h", "basis")
    }
    n = table.num_rows
    troop_cols = [c for c in cols if c.startswith("troops_") and c != "troops_total"]
    sent = {c[len("troops_") :]: sum(table.column(c).to_pylist()) for c in troop_cols}
    total = sum(sent.values())
    burden = {s: round(v / total, 6) for s, v in sorted(sent.items()) if v} if total else {}
    order = sorted(range(n), key=lambda i: (data["duration_h"][i], data["episode"][i]))
    median: dict[str, Any] | None = None
    if order:
        i = order[(n - 1) // 2]
        median = {
            "episode": data["episode"][i],
            "measure": data["measure"][i],
            "outcome": data["outcome"][i],
            "duration_h": round(float(data["duration_h"][i]), 3),
            "timeline": [
                {"step": f[2:-2], "hour": round(float(data[f][i]), 3)}
                for f in TIME_FIELDS
                if data[f][i] is not None
            ],
            "basis": [b.strip() for b in str(data["basis"][i]).split(" | ") if b.strip()],
        }
    return {
        "episodes": n,
        "distributions": {
            col: {"label": label, **histogram([v for v in data[col] if v is not None])}
            for col, label in _DISTRIBUTIONS.items()
        },
        "measures": _shares(Counter(data["measure"]), n),
        "outcomes": _shares(Counter(data["outcome"]), n),
        "burden_share": burden,
        "median_episode": median,
    }
