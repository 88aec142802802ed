import json

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from collsec.errors import UsageError
from collsec.experiments.analysis import Target, analyze, read_sweep

from .conftest import REQUEST_BASE, WITHDRAWAL_DAYS

runner = CliRunner()


@pytest.fixture(scope="module")
def sobol_sweep(app, tmp_path_factory):
    """Saltelli's design over a parameter that matters and one that cannot matter."""

    out = tmp_path_factory.mktemp("sobol") / "sweep"
    args = ["sweep", "--design", "sobol", "--points", "4", "--runs-per-point", "40",
            "--batch", "40", "--seed", "2", "--workers", "2", "--out", str(out),
            "--param", f"{REQUEST_BASE}=[-4.0,4.0]", "--param", f"{WITHDRAWAL_DAYS}=[4.0,9.0]",
            "--json"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["points"] == 4 * (2 * 2 + 2) and summary["episodes"] == 24 * 40
    return out


@pytest.mark.parametrize("target", [Target.P_REQUEST, Target.P_DEPLOY])
def test_sobol_indices_give_nothing_to_a_parameter_that_cannot_matter(sobol_sweep, target):
    result = analyze(read_sweep(sobol_sweep), target)
    ix = result["sobol"]["indices"]
    # With common random numbers, points that differ only in the withdrawal time have the same
    # requests and deployments; that holds only if each point's outcome reaches SALib in the
    # order of Saltelli's matrices, which is what this checks (N=4 is too small to estimate
    # the other index well, only its sign).
    assert ix[WITHDRAWAL_DAYS]["S1"] == 0.0 and ix[WITHDRAWAL_DAYS]["ST"] == 0.0
    assert ix[REQUEST_BASE]["ST"] > 0.0
    assert len(result["sobol"]["second_order"]) == 1


def test_no_deployment_is_found_where_victims_rarely_ask(sobol_sweep):
    found = analyze(read_sweep(sobol_sweep), Target.P_DEPLOY)["discovery"]["no_deployment"]
    box = found["box"]
    assert found["occurred"] and box["coverage"] >= 0.5
    assert set(box["limits"]) == {REQUEST_BASE} and box["limits"][REQUEST_BASE]["high"] < 4.0
    assert box["density"] > found["trajectory"][0]["density"]
    assert box["density"] >= found["peeled_box"]["density"]
    assert box["coverage"] >= found["peeled_box"]["coverage"]


def test_cart_leaves_split_on_the_parameter_that_matters_and_partition_the_points(sobol_sweep):
    found = analyze(read_sweep(sobol_sweep), Target.P_DEPLOY)["discovery"]["no_deployment"]
    leaves = found["cart"]
    assert sum(leaf["points"] for leaf in leaves) == 24
    assert abs(sum(leaf["coverage"] for leaf in leaves) - 1.0) < 1e-5
    event = [leaf for leaf in leaves if leaf["event"]]
    assert event and all(set(leaf["limits"]) <= {REQUEST_BASE} for leaf in leaves)
    assert all(leaf["rule"][0].startswith(REQUEST_BASE) for leaf in leaves)


def test_duckdb_and_pandas_read_the_same_shares(sobol_sweep):
    shares = read_sweep(sobol_sweep).outcomes[Target.P_DEPLOY]
    rows = duckdb.sql(
        f"SELECT point, avg(deployed::INT) AS p FROM read_parquet('{sobol_sweep}/*/*.parquet', "
        "hive_partitioning = true) GROUP BY point ORDER BY point"
    ).fetchall()
    assert [p for _, p in rows] == pytest.approx(shares)
    frame = pd.read_parquet(sobol_sweep)
    by_point = frame.groupby(frame["point"].astype(int))["deployed"].mean().sort_index()
    assert list(by_point) == pytest.approx(shares)


def test_analyze_writes_an_offline_html_report(app, sobol_sweep, tmp_path):
    report = tmp_path / "analysis.html"
    result = runner.invoke(app, ["analyze", str(sobol_sweep), "--report", str(report), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["target"] == "p_deploy" and data["points"] == 24
    page = report.read_text()
    assert "<script src=" not in page and "Sobol' indices of p_deploy" in page
    assert "PRIM and CART for no deployment" in page and "CART leaves" in page


def test_analyze_prints_indices_and_boxes(app, sobol_sweep):
    result = runner.invoke(app, ["analyze", str(sobol_sweep), "--target", "p_request"])
    assert result.exit_code == 0, result.output
    assert (
        "Sobol' indices of p_request" in result.stdout and "no deployment (PRIM):" in result.stdout
    )


def test_an_unfinished_sweep_is_refused_with_how_to_finish_it(sobol_sweep, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(sobol_sweep, copy)
    shutil.rmtree(copy / "point=5")
    with pytest.raises(UsageError) as err:
        read_sweep(copy)
    assert "1 of 24 points unfinished (first: point 5)" in str(err.value)
    assert "rerun the same collsec sweep" in str(err.value)


def test_a_folder_that_is_not_a_sweep_is_refused(tmp_path):
    with pytest.raises(UsageError, match=r"no _sweep\.json here"):
        read_sweep(tmp_path)
