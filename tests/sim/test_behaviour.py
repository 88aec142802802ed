from datetime import date

from collsec.charter import Position
from collsec.charter.measures import Measure
from collsec.sim.assumptions import Tri, parameters_from
from collsec.sim.behaviour import Behaviour, affinity, exposure
from collsec.sim.crises import spec_for_crisis
from collsec.sim.draws import draws_for
from collsec.sim.episode import EpisodeModel


def test_ties_count_only_from_their_start(scenario):
    p = parameters_from(scenario)
    before = affinity(scenario, p, "RUS", "AZE", date(2022, 2, 21))
    after = affinity(scenario, p, "RUS", "AZE", date(2022, 2, 23))
    assert after > before > 0


def test_a_clash_is_remembered_then_forgotten(scenario):
    p = parameters_from(scenario)
    assert affinity(scenario, p, "KGZ", "TJK", date(2023, 1, 1)) < 0
    assert affinity(scenario, p, "KGZ", "TJK", date(2040, 1, 1)) == 0


def test_a_shared_border_is_full_exposure(scenario):
    p = parameters_from(scenario)
    assert exposure(scenario, p, "KAZ", "KGZ") == 1.0
    assert 0 < exposure(scenario, p, "BLR", "TJK") < 0.1


def test_triangular_draw_stays_in_range():
    tri = Tri(1.0, 2.0, 10.0)
    values = [tri.draw(i / 100) for i in range(100)]
    assert min(values) >= 1.0 and max(values) <= 10.0 and values == sorted(values)


def test_the_leader_s_alliance_with_the_adversary_lowers_its_support(scenario):
    p = parameters_from(scenario)
    attack = Behaviour.for_crisis(scenario, p, spec_for_crisis(scenario, "arm-azerbaijan-attack"))
    unrest = Behaviour.for_crisis(scenario, p, spec_for_crisis(scenario, "kaz-backed-unrest"))
    forces = next(iter(attack.leader_backs))
    assert attack.leader_backs[forces] < 0.2 < unrest.leader_backs[forces]


def test_one_objection_by_the_leading_state_blocks_collective_forces(scenario):
    model = EpisodeModel(scenario, spec_for_crisis(scenario, "kaz-backed-unrest"))
    members = model.behaviour.members
    positions = tuple(
        (m, Position.OBJECT if m == "RUS" else Position.SUPPORT) for m in sorted(members)
    )
    assert not model.adopted(positions)


def test_a_positions_code_stands_for_exactly_one_set_of_positions(scenario):
    params = parameters_from(scenario)
    for crisis in ("tjk-afghan-incursion", "arm-azerbaijan-attack", "blr-cyber"):
        b = Behaviour.for_crisis(scenario, params, spec_for_crisis(scenario, crisis))
        for measure in (Measure.COLLECTIVE_FORCES, Measure.STATEMENT):
            seen: dict[int, object] = {}
            for i in range(400):
                code, positions = b.coded_positions(measure, draws_for(1, i), 0.5)
                assert seen.setdefault(code, positions) == positions
                assert b.positions(measure, draws_for(1, i), 0.5) == positions
