"""The back-test: run every historical case through the same model and score it.

Each case becomes a crisis on its own date (members, law in force and relations are the
scenario's on that date); `N` episodes estimate the chance of each measure and of deployment.
The score is the Brier score of the deployment forecast, compared with a base rate that
predicts every case at the cases' overall deployment rate: the model is useful only where it
beats that base rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import TypeAdapter, ValidationError

from collsec.errors import Problem, UsageError
from collsec.scenario.cases import Case
from collsec.scenario.models import Scenario
from collsec.sim.crises import spec_for_case
from collsec.sim.episode import EpisodeModel
from collsec.sim.records import EpisodeRecord

__all__ = ["DEFAULT_RUNS", "backtest", "load_cases"]

DEFAULT_RUNS = 2000
_ADAPTER = TypeAdapter(list[Case])
_INTERVALS = {
    "request_to_decision": "t_decision_h",
    "request_to_first_arrival": "t_first_arrival_h",
    "request_to_withdrawal_complete": "t_withdrawal_complete_h",
}


def load_cases(path: Path) -> list[Case]:
    """Read a cases file (a list, or a mapping with `cases:`) in the shipped format.

    Raises:
        UsageError: the file cannot be read, is not YAML, or a case is malformed; each
            problem names the file and the field path.
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError([Problem(f"cannot read: {exc.strerror}", file=str(path))]) from None
    except yaml.YAMLError as exc:
        raise UsageError([Problem(f"not valid YAML: {exc}", file=str(path))]) from None
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
    if not isinstance(data, list):
        raise UsageError(
            [Problem("no list of cases", file=str(path), expected="a list, or `cases:` and a list")]
        )
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise UsageError(
            [
                Problem(
                    str(err["msg"]),
                    file=str(path),
                    path="cases." + ".".join(str(p) for p in err["loc"]),
                    expected="the case format of docs/simulation.md",
                )
                for err in exc.errors()
            ]
        ) from None


def _measure_name(value: str) -> str:
    return "none" if value == "nothing" else value


def _interval(records: Sequence[EpisodeRecord], column: str) -> list[float]:
    out = []
    for r in records:
        end = getattr(r, column)
        if end is not None and r.t_request_h is not None:
            out.append(end - r.t_request_h)
    return out


def score_case(scenario: Scenario, case: Case, runs: int, seed: int) -> dict[str, Any]:
    """Run one case `runs` times and score the model against what was observed."""
    observed = case.observed.model_dump(mode="json")
    try:
        model = EpisodeModel(scenario, spec_for_case(scenario, case))
    except UsageError as exc:
        none = case.observed.measure == "none"
        return {
            "case": case.id,
            "observed": observed,
            "p_observed": 1.0 if none else 0.0,
            "p_deployed": 0.0,
            "brier": float(case.observed.deployed),
            "measures": {"none": 1.0},
            "hours": {},
            "note": f"the procedure cannot open: {exc}",
        }
    records = [model.run(seed, i) for i in range(runs)]
    measures = Counter(_measure_name(r.measure) for r in records)
    p_deployed = sum(r.deployed for r in records) / runs
    hours: dict[str, Any] = {}
    for key, value in case.observed.hours.items():
        sample = _interval(records, _INTERVALS[key])
        entry: dict[str, Any] = {"observed": value, "median": None, "p10": None, "p90": None}
        if sample:
            p10, med, p90 = np.quantile(np.array(sample), [0.1, 0.5, 0.9])
            entry.update(
                median=round(float(med), 2), p10=round(float(p10), 2), p90=round(float(p90), 2)
            )
        entry["n"] = len(sample)
        hours[key] = entry
    return {
        "case": case.id,
        "observed": observed,
        "p_observed": round(measures[case.observed.measure] / runs, 6),
        "p_deployed": round(p_deployed, 6),
        "brier": round((p_deployed - float(case.observed.deployed)) ** 2, 6),
        "measures": {k: round(v / runs, 6) for k, v in sorted(measures.items())},
        "hours": hours,
    }


def backtest(
    scenario: Scenario, cases: Sequence[Case] | None = None, runs: int = DEFAULT_RUNS, seed: int = 0
) -> dict[str, Any]:
    """Score the model on `cases` (the scenario's own by default).

    Returns:
        `{"cases": [...], "mean_brier": float, "base_rate_brier": float, "beats_base_rate":
        bool, "runs": int, "seed": int}`; see docs/simulation.md for each case's fields.

    Raises:
        UsageError: no cases, or runs below 1.
    """
    chosen = list(scenario.cases if cases is None else cases)
    if not chosen:
        raise UsageError([Problem("no cases to back-test", path="cases", expected="at least one")])
    if runs < 1:
        raise UsageError([Problem(f"--runs {runs}", file="--runs", expected="at least 1")])
    scored = [score_case(scenario, case, runs, seed) for case in chosen]
    outcomes = [float(c.observed.deployed) for c in chosen]
    rate = sum(outcomes) / len(outcomes)
    base = sum((rate - y) ** 2 for y in outcomes) / len(outcomes)
    mean = sum(s["brier"] for s in scored) / len(scored)
    return {
        "cases": scored,
        "mean_brier": round(mean, 6),
        "base_rate": round(rate, 6),
        "base_rate_brier": round(base, 6),
        "beats_base_rate": mean < base,
        "runs": runs,
        "seed": seed,
    }
