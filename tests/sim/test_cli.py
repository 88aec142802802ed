import json

from typer.testing import CliRunner

from collsec.errors import ScenarioError

runner = CliRunner()


def test_crises_json_lists_the_default_first(app):
    result = runner.invoke(app, ["crises", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["default"] and {"id", "kind"} <= set(rows[0])


def test_simulate_writes_parquet_summary_and_report(app, tmp_path):
    out, report = tmp_path / "run", tmp_path / "report.html"
    args = ["simulate", "--runs", "40", "--seed", "3", "--out", str(out), "--report", str(report)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["runs"] == 40 and (out / "episodes.parquet").is_file()
    html = report.read_text()
    assert "<script src=" not in html and "Plotly" in html


def test_compare_two_runs_writes_a_side_by_side_report(app, tmp_path):
    for name, extra in (("a", []), ("b", ["--set", "states.ARM.status=withdrawn"])):
        args = ["simulate", "--runs", "20", "--out", str(tmp_path / name), *extra]
        assert runner.invoke(app, [*args]).exit_code == 0
    report = tmp_path / "cmp.html"
    result = runner.invoke(
        app,
        ["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--report", str(report), "--json"],
    )
    assert result.exit_code == 0, result.output
    assert "What-if" in report.read_text()


def test_a_bad_set_value_is_rejected_with_its_path(app, tmp_path):
    args = [
        "simulate",
        "--runs",
        "5",
        "--out",
        str(tmp_path),
        "--set",
        "assumptions.sim_leader_objects=2",
    ]
    result = runner.invoke(app, [*args])
    assert isinstance(result.exception, ScenarioError)
    assert "assumptions.sim_leader_objects" in str(result.exception)


def test_an_unknown_set_path_is_rejected(app, tmp_path):
    args = ["simulate", "--runs", "5", "--out", str(tmp_path), "--set", "assumptions.nope.value=1"]
    result = runner.invoke(app, [*args])
    assert isinstance(result.exception, ScenarioError)


def test_backtest_json_with_a_cases_file_replaces_the_shipped_cases(app, tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        "- id: only-one\n  title: t\n  start: 2022-01-05T18:00+06:00\n  victim: KAZ\n"
        "  kind: internal_unrest\n  external_backing_claimed: true\n  requested: true\n"
        "  observed: {measure: collective_forces, deployed: true}\n"
        "  sources: [{url: 'https://example.org', retrieved: 2026-01-01}]\n"
    )
    result = runner.invoke(app, ["backtest", "--cases", str(path), "--runs", "50", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["case"] for c in data["cases"]] == ["only-one"]
    assert {"mean_brier", "base_rate_brier"} <= set(data)
