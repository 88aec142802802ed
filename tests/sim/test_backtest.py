import pytest

from collsec.errors import UsageError
from collsec.sim.backtest import backtest, load_cases


def test_the_model_beats_the_base_rate_on_the_shipped_cases(scenario):
    result = backtest(scenario, runs=300)
    assert result["mean_brier"] < result["base_rate_brier"]
    assert result["beats_base_rate"]


def test_every_case_reports_its_probabilities_and_hours(scenario):
    result = backtest(scenario, runs=100)
    kaz = next(c for c in result["cases"] if c["case"] == "kaz-2022-01")
    assert 0 <= kaz["p_observed"] <= 1 and 0 <= kaz["p_deployed"] <= 1
    assert kaz["brier"] == pytest.approx((kaz["p_deployed"] - 1) ** 2, abs=1e-6)
    hours = kaz["hours"]["request_to_decision"]
    assert hours["observed"] == 8 and hours["p10"] <= hours["median"] <= hours["p90"]


def test_kyrgyzstan_2010_never_gets_collective_forces(scenario):
    result = backtest(scenario, runs=200)
    kgz = next(c for c in result["cases"] if c["case"] == "kgz-2010-06")
    assert kgz["p_deployed"] == 0


def test_a_malformed_cases_file_names_the_file_and_field(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        "cases:\n  - id: x\n    title: t\n    start: 2022-01-05T18:00+06:00\n"
        "    victim: KAZ\n    kind: invasion\n    observed: {measure: none, deployed: false}\n"
        "    sources: [{url: 'https://example.org', retrieved: 2026-01-01}]\n"
    )
    with pytest.raises(UsageError) as err:
        load_cases(path)
    assert "cases.yaml" in str(err.value) and "kind" in str(err.value)
