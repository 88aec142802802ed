"""The simulator's commands as a user runs them: the installed `collsec` script, subprocess."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

COLLSEC = Path(sys.executable).parent / "collsec"
PROBABILITIES = ("p_request", "p_decision", "p_deploy", "p_stabilised", "p_stabilised_given_deploy")
HOURS = ("hours_to_decision", "hours_to_first_arrival", "hours_to_full_deployment")


def collsec(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COLLSEC), *args], capture_output=True, text=True, timeout=300, check=False
    )


def ok_json(*args: str) -> Any:
    proc = collsec(*args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("run") / "a"
    return out, ok_json("simulate", "--runs", "200", "--seed", "1", "--out", str(out), "--json")


def test_crises_json_lists_every_crisis_with_its_kind_default_first() -> None:
    rows = ok_json("crises", "--json")
    assert rows[0]["default"] and not any(r["default"] for r in rows[1:])
    assert all({"id", "kind"} <= set(r) for r in rows)
    assert {r["kind"] for r in rows} >= {"armed_attack", "armed_incursion", "internal_unrest"}


def test_simulate_prints_the_summary_it_writes(simulated: tuple[Path, dict[str, Any]]) -> None:
    out, summary = simulated
    assert summary["runs"] == 200
    for key in PROBABILITIES:
        p = summary[key]
        assert set(p) == {"p", "ci_low", "ci_high"}
        assert p["p"] is None or p["ci_low"] <= p["p"] <= p["ci_high"]
    for key in HOURS:
        assert set(summary[key]) == {"median", "p10", "p90"}
    assert summary["p_deploy"]["p"] > 0
    assert json.loads((out / "summary.json").read_text()) == summary
    assert (out / "episodes.parquet").is_file()


def test_backtest_json_has_the_documented_shape_and_beats_the_base_rate() -> None:
    data = ok_json("backtest", "--runs", "200", "--json")
    assert {"cases", "mean_brier", "base_rate_brier"} <= set(data)
    assert data["mean_brier"] < data["base_rate_brier"]
    for case in data["cases"]:
        assert {"case", "observed", "p_observed", "p_deployed", "brier", "hours"} <= set(case)
        assert 0 <= case["p_observed"] <= 1 and 0 <= case["brier"] <= 1
        for entry in case["hours"].values():
            assert {"observed", "median", "p10", "p90"} <= set(entry)
    kaz = next(c for c in data["cases"] if c["case"] == "kaz-2022-01")
    assert kaz["observed"]["measure"] == "collective_forces"
    assert kaz["hours"]["request_to_decision"]["observed"] == 8


def test_compare_puts_two_runs_side_by_side(
    simulated: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    b = tmp_path / "withdrawn"
    ok_json(
        "simulate", "--runs", "200", "--seed", "1", "--out", str(b), "--json",
        "--set", "states.ARM.status=withdrawn",
    )  # fmt: skip
    report = tmp_path / "cmp.html"
    data = ok_json("compare", str(simulated[0]), str(b), "--report", str(report), "--json")
    assert data["compare"]["p_deploy"]["a"] == simulated[1]["p_deploy"]
    page = report.read_text()
    assert "What-if" in page and "<script src=" not in page


def test_a_bad_set_value_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    proc = collsec(
        "simulate", "--runs", "5", "--out", str(tmp_path),
        "--set", "assumptions.sim_leader_objects=2",
    )  # fmt: skip
    assert proc.returncode == 2
    assert "assumptions.sim_leader_objects" in proc.stderr and "0..1" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_the_threat_mix_with_the_what_if_report(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    data = ok_json(
        "simulate", "--mix", "threats", "--runs", "100", "--seed", "2", "--out",
        str(tmp_path / "mix"), "--what-if", "--report", str(report), "--json",
    )  # fmt: skip
    assert data["mix"] == "threats"
    assert set(data["what_if"]) == {
        "as-is", "contingency-plans", "year-of-exercises", "plans-and-exercises",
    }  # fmt: skip
    assert "contingency plans and a year of exercises" in report.read_text()
