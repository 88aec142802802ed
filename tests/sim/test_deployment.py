"""Where and how the collective forces land: the crisis's location and integration delays."""

from collsec.sim.crises import spec_for_case, spec_for_crisis
from collsec.sim.deployment import Deployer
from collsec.sim.preparation import prepare


def _kazakhstan(scenario):
    return next(c for c in scenario.cases if c.id == "kaz-2022-01")


def test_the_kazakhstan_case_lands_at_almaty_where_the_unrest_was(scenario):
    spec = spec_for_case(scenario, _kazakhstan(scenario))
    assert Deployer(scenario, spec, "RUS").destination == "almaty"


def test_a_case_without_a_location_lands_at_the_airfield_nearest_the_capital(scenario):
    case = _kazakhstan(scenario).model_copy(update={"location": None})
    spec = spec_for_case(scenario, case)
    capital = scenario.states["KAZ"].capital
    assert (spec.lat, spec.lon) == (capital.lat, capital.lon)
    assert Deployer(scenario, spec, "RUS").destination == "astana"


def test_a_case_and_the_catalogue_crisis_at_the_same_place_land_at_the_same_airfield(scenario):
    case = spec_for_case(scenario, _kazakhstan(scenario))
    crisis = spec_for_crisis(scenario, "kaz-backed-unrest")
    assert (
        Deployer(scenario, case, "RUS").destination == Deployer(scenario, crisis, "RUS").destination
    )


def test_the_leading_state_has_no_integration_delay_and_the_joiners_keep_theirs(scenario):
    spec = spec_for_case(scenario, _kazakhstan(scenario))
    preparation = prepare(scenario, spec.start.date())
    deployer = Deployer(scenario, spec, "RUS", preparation)
    senders = ("ARM", "BLR", "RUS", "TJK")
    question = deployer.requirements_for(senders)
    assert not isinstance(question, str)
    delays = question.integration_delay_h
    assert "RUS" not in delays
    kind = preparation.force_type(deployer.force)
    chosen = sorted({"RUS", *delays})
    for state, hours in delays.items():
        assert hours == preparation.interop.integration_delay(state, chosen, kind)
    assert any(h > 0 for h in delays.values())


def test_the_first_landing_comes_from_the_leading_states_readiness_alone(scenario):
    spec = spec_for_case(scenario, _kazakhstan(scenario))
    alone = Deployer(scenario, spec, "RUS", prepare(scenario, spec.start.date()))
    mixed = alone.deploy(("ARM", "BLR", "KGZ", "RUS", "TJK"))
    solo = alone.deploy(("RUS",))
    assert mixed.arrivals[0][2] == "RUS"
    assert mixed.arrivals[0][0] == solo.arrivals[0][0]
