import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from collsec.errors import UsageError

runner = CliRunner()


def test_sweep_then_rerun_skips_every_finished_point(app, tmp_path):
    out = tmp_path / "grid"
    args = ["sweep", "--param", "states.ARM.status=[active,withdrawn]", "--runs-per-point", "12",
            "--workers", "1", "--out", str(out), "--json"]  # fmt: skip
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["ran"] == 2
    assert pq.read_table(out).num_rows == 24
    again = runner.invoke(app, args)
    assert json.loads(again.stdout) | {"ran": 0, "skipped": 2} == json.loads(again.stdout)


def test_a_bad_parameter_name_is_refused_before_any_episode(app, tmp_path):
    out = tmp_path / "never"
    args = ["sweep", "--param", "states.ARM.colour=[red,blue]", "--out", str(out)]
    result = runner.invoke(app, args)
    assert isinstance(result.exception, UsageError)
    assert "--param: states.ARM.colour: unknown field" in str(result.exception)
    assert not out.exists()


def test_a_reversed_range_is_refused(app, tmp_path):
    args = ["sweep", "--design", "lhs", "--param", "assumptions.sim_offer_probability=[0.9,0.1]",
            "--out", str(tmp_path / "x")]  # fmt: skip
    result = runner.invoke(app, args)
    assert isinstance(result.exception, UsageError)
    assert "empty or reversed" in str(result.exception)


def test_sobol_over_a_categorical_parameter_is_refused(app, tmp_path):
    args = ["sweep", "--design", "sobol", "--param", "states.ARM.status=[active,withdrawn]",
            "--out", str(tmp_path / "x")]  # fmt: skip
    result = runner.invoke(app, args)
    assert isinstance(result.exception, UsageError)
    assert "sobol needs continuous parameters" in str(result.exception)
