"""Exercises and contingency plans as the simulator uses them (issue 7 in the Monte Carlo)."""

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from collsec.errors import UsageError
from collsec.exercises.contingency import build_contingency_plans
from collsec.exercises.threats import risk_register
from collsec.scenario import Scenario
from collsec.sim.crises import spec_for_crisis
from collsec.sim.episode import EpisodeModel
from collsec.sim.preparation import prepare
from collsec.sim.runner import Episodes, RunSpec, run
from collsec.sim.whatif import PLANS_FILE, VARIANTS, what_if


@pytest.fixture(scope="module")
def plans_file(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plans.json"
    build_contingency_plans(scenario).write(path)
    return path


def test_the_force_multiplier_is_the_interoperability_matrixs(scenario: Scenario) -> None:
    model = EpisodeModel(scenario, spec_for_crisis(scenario, None))
    deployed = [r for r in (model.run(7, i) for i in range(200)) if r.deployed]
    assert deployed
    for r in deployed[:20]:
        states = (r.victim, *(s for s, _ in r.troops))
        expected = model.preparation.interop.multiplier(states, model.force_type)
        assert r.force_multiplier == pytest.approx(expected)
    assert all(
        r.force_multiplier is None for r in (model.run(7, i) for i in range(50)) if not r.deployed
    )


def test_a_year_of_exercises_never_lowers_the_force_multiplier(scenario: Scenario) -> None:
    spec = spec_for_crisis(scenario, None)
    without = EpisodeModel(scenario, spec, prepare(scenario, scenario.as_of))
    with_year = EpisodeModel(
        scenario, spec, prepare(scenario, scenario.as_of, exercise_year=scenario.as_of.year + 1)
    )
    senders = ("KAZ", "KGZ", "RUS")
    assert with_year.landings(senders)[1] >= without.landings(senders)[1]
    assert with_year.preparation.exercise_year == scenario.as_of.year + 1


def test_a_contingency_plan_caps_the_step_to_a_decision(
    scenario: Scenario, plans_file: Path
) -> None:
    spec = spec_for_crisis(scenario, None)
    planned = EpisodeModel(scenario, spec, prepare(scenario, scenario.as_of, plans_file))
    unplanned = EpisodeModel(scenario, spec)
    assert planned.plan is not None and unplanned.plan is None
    cap = planned.plan_decision_h
    assert cap is not None
    a = [planned.run(3, i) for i in range(300)]
    b = [unplanned.run(3, i) for i in range(300)]
    assert all(r.contingency_plan for r in a) and not any(r.contingency_plan for r in b)
    steps_a = [r.t_decision_h - r.t_convened_h for r in a]  # type: ignore[operator]
    steps_b = [r.t_decision_h - r.t_convened_h for r in b]  # type: ignore[operator]
    assert max(steps_a) <= cap + 1e-9 < max(steps_b)
    assert all(x <= y + 1e-9 for x, y in zip(steps_a, steps_b, strict=True))


def test_with_a_plan_only_the_plans_contingents_land(scenario: Scenario, plans_file: Path) -> None:
    spec = spec_for_crisis(scenario, None)
    model = EpisodeModel(scenario, spec, prepare(scenario, scenario.as_of, plans_file))
    assert model.plan is not None
    planned_states = {s for _, _, s in model.plan.arrivals}
    deployed = [r for r in (model.run(5, i) for i in range(200)) if r.deployed]
    assert deployed
    assert all({s for s, _ in r.troops} <= planned_states for r in deployed)


def test_the_mix_draws_crises_in_proportion_to_the_registers_likelihood(
    scenario: Scenario,
) -> None:
    spec = RunSpec((), (), None, None, 600, 2, mix=True)
    episodes = Episodes(scenario, spec, prepare(scenario, scenario.as_of))
    drawn = Counter((r.kind, r.victim) for r in episodes.run_batch(2, 0, 600))
    rows = [r for r in risk_register(scenario).rows if r.crisis is not None and r.likelihood > 0]
    total = sum(r.likelihood for r in rows)
    assert set(drawn) <= {(r.kind, r.victim) for r in rows}
    for r in rows:
        p = r.likelihood / total
        assert abs(drawn[(r.kind, r.victim)] / 600 - p) < 4 * (p * (1 - p) / 600) ** 0.5 + 0.01


def test_the_mix_refuses_a_named_crisis(scenario: Scenario) -> None:
    spec = RunSpec((), (), "kgz-tjk-clash", None, 10, 0, mix=True)
    with pytest.raises(UsageError, match="--mix"):
        Episodes(scenario, spec, prepare(scenario, scenario.as_of))


def test_a_mixed_run_gives_identical_rows_on_one_and_two_workers(tmp_path: Path) -> None:
    spec = RunSpec((), (), None, None, 40, 9, mix=True)
    run(spec, tmp_path / "one", workers=1)
    summary = run(spec, tmp_path / "two", workers=2)
    one = pq.read_table(tmp_path / "one" / "episodes.parquet")
    assert one.equals(pq.read_table(tmp_path / "two" / "episodes.parquet"))
    assert len(set(one.column("crisis").to_pylist())) > 1
    assert summary["mix"] == "threats"


def test_the_what_if_runs_four_variants_on_the_same_draws(tmp_path: Path) -> None:
    spec = RunSpec((), (), None, None, 60, 4)
    results = what_if(spec, tmp_path)
    assert list(results) == [name for name, _, _ in VARIANTS]
    assert (tmp_path / PLANS_FILE).is_file()
    assert results["as-is"]["contingency_plans"] is None
    assert results["contingency-plans"]["contingency_plans"] is not None
    assert results["year-of-exercises"]["exercise_year"] is not None
    base = pq.read_table(tmp_path / "as-is" / "episodes.parquet").to_pydict()
    planned = pq.read_table(tmp_path / "contingency-plans" / "episodes.parquet").to_pydict()
    # Common random numbers: same request draws, and a plan never delays the decision.
    assert base["requested"] == planned["requested"]
    assert all(
        b is None or p <= b + 1e-9
        for p, b in zip(planned["t_decision_h"], base["t_decision_h"], strict=True)
    )
    again = what_if(replace(spec, plans=str(tmp_path / PLANS_FILE)), tmp_path / "again")
    assert again == results


def test_a_mixed_force_waits_for_the_interoperability_models_integration_delay(
    scenario: Scenario,
) -> None:
    from collsec.sim.deployment import Deployer

    spec = spec_for_crisis(scenario, "tjk-afghan-incursion")
    preparation = prepare(scenario, spec.start.date())
    senders = ("BLR", "KAZ", "KGZ", "RUS")
    with_data = Deployer(scenario, spec, "RUS", preparation).requirements_for(senders)
    without = Deployer(scenario, spec, "RUS").requirements_for(senders)
    assert not isinstance(with_data, str) and not isinstance(without, str)
    assert without.integration_delay_h == {}
    joiners = sorted(with_data.integration_delay_h)
    assert joiners and "RUS" not in joiners  # the leading state is the core the others join
    states = sorted({"RUS", *joiners})
    kind = preparation.force_type(Deployer(scenario, spec, "RUS").force)
    for state in joiners:
        expected = preparation.interop.integration_delay(state, states, kind)
        assert with_data.integration_delay_h[state] == pytest.approx(expected)
        assert expected >= 0
