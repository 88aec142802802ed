"""`collsec plan` as a user runs it: JSON on stdout only, a report, clear errors."""

import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from collsec.cli import plan as plan_command

ROOT = Path(__file__).resolve().parents[2]
KAZ = ROOT / "src" / "collsec" / "planning" / "examples" / "kaz-2022.yaml"
COLLSEC = ROOT / ".venv" / "bin" / "collsec"


def _app() -> typer.Typer:
    app = typer.Typer()
    plan_command.register(app)
    app.command("version")(lambda: None)
    return app


def run(*args: str):
    return CliRunner().invoke(_app(), ["plan", *args])


def test_greedy_json_has_the_documented_fields():
    result = run("--requirements", str(KAZ), "--solver", "greedy", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "feasible"
    assert data["objective"] is None and data["bound"] is None and data["gap"] is None
    assert data["bound_origin"] is None
    for key in ("solve_seconds", "sorties", "lateness_hours", "requirements"):
        assert key in data
    sortie = data["sorties"][0]
    assert {"aircraft_type", "from", "to", "departure", "arrival", "load"} <= set(sortie)
    assert {r["id"] for r in data["requirements"]} == {
        "airborne-almaty",
        "airfield-guard-zhetygen",
        "peacekeepers-almaty",
    }
    assert all("lateness_hours" in r for r in data["requirements"])


def test_the_report_is_self_contained_html_with_both_charts(tmp_path):
    out = tmp_path / "plan.html"
    result = run("--requirements", str(KAZ), "--solver", "greedy", "--report", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "Sorties by airframe" in page and "Arrival curve" in page
    assert "cdn.plot.ly" not in page.split("<body>")[1] and "<script src=" not in page


def test_an_unknown_capability_names_the_file_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "requirements:\n  - {id: r, capability: cavalry, personnel: 10, destination: almaty, due_h: 5}\n"
    )
    result = run("--requirements", str(bad))
    assert result.exit_code != 0
    assert "requirements.0.capability" in str(result.exception)
    assert "bad.yaml" in str(result.exception)


def test_a_missing_planning_assumption_is_named(tmp_path):
    result = CliRunner().invoke(
        _app(),
        [
            "plan",
            "--requirements",
            str(KAZ),
            "--solver",
            "greedy",
            "--set",
            "assumptions.airlift_route_factor.value=abc",
        ],
    )
    assert result.exit_code != 0
    assert "airlift_route_factor" in str(result.exception)


def test_the_installed_command_prints_one_json_document_and_logs_to_stderr():
    proc = subprocess.run(
        [
            str(COLLSEC),
            "plan",
            "--requirements",
            str(KAZ),
            "--solver",
            "greedy",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sortie_count"] > 0
    assert "planning" in proc.stderr


def test_bad_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("requirements: []\n")
    proc = subprocess.run(
        [str(COLLSEC), "plan", "--requirements", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_highs_prints_nothing_on_stdout():
    code = "from collsec.planning.highs import quiet_highs; quiet_highs()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout == ""


def test_a_crisis_from_the_catalogue_is_planned_without_a_requirements_file():
    proc = subprocess.run(
        [str(COLLSEC), "plan", "--crisis", "tjk-afghan-incursion", "--solver", "greedy", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)
    assert plan["sorties"]
    assert all(s["to"] != s["from"] for s in plan["sorties"])
    assert {r["id"] for r in plan["requirements"]}


def test_plan_needs_exactly_one_question():
    both = subprocess.run(
        [str(COLLSEC), "plan", "--crisis", "blr-cyber", "--requirements", str(KAZ)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    neither = subprocess.run([str(COLLSEC), "plan"], capture_output=True, text=True, timeout=120)
    for proc in (both, neither):
        assert proc.returncode == 2
        assert "--requirements FILE or --crisis ID" in proc.stderr


def test_an_unknown_crisis_names_the_known_ones():
    proc = subprocess.run(
        [str(COLLSEC), "plan", "--crisis", "nope"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "tjk-afghan-incursion" in proc.stderr
