from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.scenario import load_scenario
from collsec.sim.crises import spec_for_case, spec_for_crisis
from collsec.sim.episode import EpisodeModel


def test_same_seed_gives_identical_episodes(scenario):
    model = EpisodeModel(scenario, spec_for_crisis(scenario, None))
    assert [model.run(5, i) for i in range(30)] == [model.run(5, i) for i in range(30)]


def test_different_seeds_give_different_episodes(scenario):
    model = EpisodeModel(scenario, spec_for_crisis(scenario, None))
    assert [model.run(5, i) for i in range(30)] != [model.run(6, i) for i in range(30)]


def test_without_a_request_nothing_is_ever_deployed(scenario):
    case = next(c for c in scenario.cases if c.id == "kaz-2022-01")
    model = EpisodeModel(
        scenario, spec_for_case(scenario, case.model_copy(update={"requested": False}))
    )
    records = [model.run(1, i) for i in range(200)]
    assert not any(r.deployed for r in records)
    assert not any(r.measure == "collective_forces" for r in records)


def test_if_the_leading_state_objects_collective_forces_never_deploy():
    scenario = load_scenario(
        (),
        [
            "assumptions.sim_leader_objects=1",
            "assumptions.sim_measure_weights.value.collective_forces=-60",
        ],
    )
    model = EpisodeModel(scenario, spec_for_crisis(scenario, "kaz-backed-unrest"))
    assert not any(model.run(2, i).deployed for i in range(200))


def test_a_clash_between_members_never_gets_collective_forces(scenario):
    model = EpisodeModel(scenario, spec_for_crisis(scenario, "kgz-tjk-clash"))
    assert all(model.run(3, i).measure != "collective_forces" for i in range(200))


def test_a_deployed_episode_has_its_steps_in_order(scenario):
    model = EpisodeModel(scenario, spec_for_crisis(scenario, "kaz-backed-unrest"))
    deployed = [r for r in (model.run(4, i) for i in range(200)) if r.deployed]
    assert deployed
    for r in deployed:
        steps = [
            r.t_convened_h,
            r.t_decision_h,
            r.t_order_h,
            r.t_first_arrival_h,
            r.t_mission_complete_h,
            r.t_withdrawal_start_h,
            r.t_withdrawal_complete_h,
        ]
        assert steps == sorted(steps)
        assert r.troops_total == sum(n for _, n in r.troops) > 0
        assert "decided:" in r.basis and "council-decides-force" in r.basis


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**40), st.integers(min_value=0, max_value=10**6))
def test_no_episode_deploys_forces_that_the_council_did_not_decide(seed, episode):
    model = _MODEL
    r = model.run(seed, episode)
    assert not r.deployed or r.measure == "collective_forces"
    assert r.outcome.value == "not_applicable" or r.deployed


_SCENARIO = load_scenario()
_MODEL = EpisodeModel(_SCENARIO, spec_for_crisis(_SCENARIO, "kaz-backed-unrest"))


def test_a_batch_gives_the_rows_each_episode_gives_alone(scenario):
    model = EpisodeModel(scenario, spec_for_crisis(scenario, None))
    assert model.run_batch(8, 40, 90) == [model.run(8, i) for i in range(40, 90)]
