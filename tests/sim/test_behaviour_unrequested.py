"""A victim that has not asked for help: its positions on assistance (docs/behaviour.md)."""

from collsec.charter import Position
from collsec.charter.measures import Measure
from collsec.sim.assumptions import parameters_from
from collsec.sim.backtest import backtest
from collsec.sim.behaviour import ASSISTANCE, Behaviour
from collsec.sim.crises import spec_for_case
from collsec.sim.draws import draws_for


def _behaviour(scenario, case_id):
    case = next(c for c in scenario.cases if c.id == case_id)
    return Behaviour.for_crisis(scenario, parameters_from(scenario), spec_for_case(scenario, case))


def _victim_positions(b, measure, requested, n=400):
    out = []
    for i in range(n):
        positions = dict(b.positions(measure, draws_for(3, i), 0.9, requested))
        out.append(positions.get(b.victim))
    return out


def test_a_victim_that_did_not_ask_backs_assistance_less_and_never_stays_out(scenario):
    b = _behaviour(scenario, "tjk-2010-09")
    for measure in ASSISTANCE:
        asked = _victim_positions(b, measure, True)
        unasked = _victim_positions(b, measure, False)
        assert unasked.count(Position.SUPPORT) < asked.count(Position.SUPPORT)
        assert Position.OBJECT not in asked
        assert Position.NOT_JOINING not in unasked


def test_a_statement_does_not_depend_on_a_request(scenario):
    b = _behaviour(scenario, "tjk-2010-09")
    asked = _victim_positions(b, Measure.STATEMENT, True)
    assert asked == _victim_positions(b, Measure.STATEMENT, False)


def test_the_leading_state_as_a_victim_that_did_not_ask_objects_to_collective_forces(scenario):
    b = _behaviour(scenario, "rus-2024-08")
    assert b.leader == b.victim == "RUS"
    asked = _victim_positions(b, Measure.COLLECTIVE_FORCES, True, 50)
    unasked = _victim_positions(b, Measure.COLLECTIVE_FORCES, False)
    # asked, the leading state carries its own request: it is never drawn against it
    assert Position.OBJECT not in asked
    assert unasked.count(Position.OBJECT) > 0.2 * len(unasked)
    assert Position.NOT_JOINING not in unasked


def test_the_model_beats_the_base_rate_when_it_decides_every_request(scenario):
    # hidden cases may omit `requested`: the request model must carry them too
    cases = [c.model_copy(update={"requested": None}) for c in scenario.cases]
    result = backtest(scenario, cases, runs=150)
    assert result["mean_brier"] < result["base_rate_brier"]


def test_codes_tell_apart_positions_with_and_without_a_request(scenario):
    # the simulator caches the Council's answers under these codes, across requests
    b = _behaviour(scenario, "rus-2024-08")
    seen = {}
    for requested in (True, False):
        for i in range(300):
            code, positions = b.coded_positions(
                Measure.COLLECTIVE_FORCES, draws_for(5, i), 0.9, requested
            )
            assert seen.setdefault(code, positions) == positions
