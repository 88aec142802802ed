import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from collsec.cli.exercises import register
from collsec.errors import ScenarioError, UsageError


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
    register(app)
    return app


runner = CliRunner()


def test_interop_json_is_one_document_with_every_force_type(app: typer.Typer) -> None:
    result = runner.invoke(app, ["interop", "--at", "2024-01-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["at"] == "2024-01-01"
    assert "peacekeeping" in data["levels"]
    assert 0 < data["levels"]["peacekeeping"]["KAZ"]["RUS"] <= 1


def test_interop_table_shows_one_force_type(app: typer.Typer) -> None:
    result = runner.invoke(app, ["interop", "--force-type", "air"])
    assert result.exit_code == 0, result.output
    assert "Interoperability, air" in result.stdout
    assert "peacekeeping" not in result.stdout


def test_interop_refuses_a_bad_date(app: typer.Typer) -> None:
    result = runner.invoke(app, ["interop", "--at", "yesterday"])
    assert isinstance(result.exception, UsageError)
    assert "--at" in str(result.exception)


def test_exercises_plan_json_compares_with_last_year(app: typer.Typer) -> None:
    result = runner.invoke(app, ["exercises", "plan", "--year", "2027", "--budget", "25", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["year"] == 2027 and data["budget"] == 25.0
    assert data["proposed"]["cost"] <= 25.0
    assert data["advantage"] == pytest.approx(
        data["proposed"]["gain"] - data["baseline"]["gain"], abs=1e-5
    )


def test_exercises_plan_budget_defaults_to_the_scenario(app: typer.Typer) -> None:
    result = runner.invoke(
        app,
        [
            "exercises",
            "plan",
            "--year",
            "2027",
            "--json",
            "--set",
            "assumptions.exercise_budget_musd=12",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["budget"] == 12.0


def test_exercises_plan_table_names_who_takes_part_in_nothing(app: typer.Typer) -> None:
    result = runner.invoke(app, ["exercises", "plan", "--year", "2027", "--exclude", "KGZ"])
    assert result.exit_code == 0, result.output
    assert "takes part in nothing: ARM" in result.stdout
    assert "KGZ (excluded by the caller)" in result.stdout


def test_threats_json_lists_the_register(app: typer.Typer) -> None:
    result = runner.invoke(app, ["threats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["assessors"] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert data["rows"][0]["risk"] >= data["rows"][-1]["risk"]


def test_threats_refuses_a_bad_override(app: typer.Typer) -> None:
    result = runner.invoke(app, ["threats", "--set", "assumptions.threat_frozen_weight=2"])
    assert isinstance(result.exception, ScenarioError)


def test_contingency_build_then_show(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "plans.json"
    built = runner.invoke(app, ["contingency", "build", "-o", str(path), "--json"])
    assert built.exit_code == 0, built.output
    summary = json.loads(built.stdout)
    shown = runner.invoke(app, ["contingency", "show", str(path), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["version"] == summary["version"]
    assert len(data["plans"]) == summary["plans"]
    table = runner.invoke(app, ["contingency", "show", str(path)])
    assert summary["version"] in table.stdout
    assert "decision step with a plan: 24 h" in table.stdout


def test_contingency_build_refuses_a_threshold_outside_the_unit_interval(
    app: typer.Typer, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["contingency", "build", "-o", str(tmp_path / "x.json"), "--threshold", "2"]
    )
    assert isinstance(result.exception, UsageError)
    assert not (tmp_path / "x.json").exists()
