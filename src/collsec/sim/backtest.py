"""The back-test: run every historical case through the same model and score it.

Each case becomes a crisis on its own date (members, law in force and relations are the
scenario's on that date); `N` episodes estimate the chance of each measure and of deployment.
The score is the Brier score of the deployment forecast, compared with a base rate that
predicts every case at the cases' overall deployment rate: the model is useful only where it
beats that base rate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import TypeAdapter, ValidationError

from collsec.errors import Problem, UsageError
from collsec.scenario.cases import Case
from collsec.scenario.facts import Source
from collsec.scenario.loader import resolve_source_ids
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


def load_cases(path: Path, sources: Mapping[str, Source] | None = None) -> list[Case]:
    """Read a cases file (a list, or a mapping with `cases:`) in the shipped format.

    Args:
        path: The file.
        sources: The scenario's sources registry: a `source` list (a location's, say) may name
            its ids, as the shipped cases do, instead of giving `{url, retrieved}` inline.

    Raises:
        UsageError: the file cannot be read, is not YAML, a source id is unknown, or a case
            is malformed; each problem names the file and the field path.
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
    unknown: list[Problem] = []
    registry = {key: src.model_dump(mode="json") for key, src in (sources or {}).items()}
    data = _resolve_source_ids(data, registry, ("cases",), unknown, str(path))
    if unknown:
        raise UsageError(unknown)
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


def _resolve_source_ids(
    node: Any, registry: Mapping[str, Any], path: tuple[str, ...], problems: list[Problem],
    file: str,
) -> Any:  # fmt: skip
    """A copy of `node` with each id in a `source` list replaced by its registry entry."""
    if isinstance(node, list):
        return [
            _resolve_source_ids(v, registry, (*path, str(i)), problems, file)
            for i, v in enumerate(node)
        ]
    if not isinstance(node, dict):
        return node
    out: dict[Any, Any] = {}
    for key, value in node.items():
        if key == "source" and isinstance(value, list):
            out[key], unknown = resolve_source_ids(value, registry, (*path, "source"))
            problems.extend(
                Problem(u.message, file=file, path=u.path, expected=u.expected) for u in unknown
            )
        else:
            out[key] = _resolve_source_ids(value, registry, (*path, str(key)), problems, file)
    return out


def _measure_name(value: str) -> str:
    return "none" if value == "nothing" else value


def _interval(records: Sequence[EpisodeRecord], column: str) -> list[float]:
    out = []
    for r in records:
        end = getattr(r, column)
        if end is not None and r.t_request_h is not None:
            out.append(end - r.t_request_h)
    return out


def _hours_entry(observed: float, sample: list[float]) -> dict[str, Any]:
    """One observed interval against the model's: `{observed, median, p10, p90, n}`.

    Every observed key gets an entry (issue 3, section 5); the model's quantiles are None
    when no episode reached that step.
    """
    entry: dict[str, Any] = {"observed": observed, "median": None, "p10": None, "p90": None}
    if sample:
        p10, med, p90 = np.quantile(np.array(sample), [0.1, 0.5, 0.9])
        entry.update(
            median=round(float(med), 2), p10=round(float(p10), 2), p90=round(float(p90), 2)
        )
    entry["n"] = len(sample)
    return entry


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
            "hours": {key: _hours_entry(value, []) for key, value in case.observed.hours.items()},
            "note": f"the procedure cannot open: {exc}",
        }
    records = model.run_batch(seed, 0, runs)
    measures = Counter(_measure_name(r.measure) for r in records)
    p_deployed = sum(r.deployed for r in records) / runs
    hours = {
        key: _hours_entry(value, _interval(records, _INTERVALS[key]))
        for key, value in case.observed.hours.items()
    }
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
