import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.exercises.catalogue import Participation
from collsec.exercises.interop import interop_matrix
from collsec.exercises.parameters import InteropParameters
from collsec.scenario import Scenario
from collsec.scenario.exercises import ForceType

MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]

participation = st.builds(
    lambda day, states, types, weight: Participation(
        "extra", day, tuple(sorted(states)), tuple((ft, weight) for ft in sorted(types))
    ),
    st.dates(dt.date(2018, 1, 1), dt.date(2026, 12, 31)),
    st.sets(st.sampled_from(MEMBERS), min_size=2),
    st.sets(st.sampled_from(list(ForceType)), min_size=1),
    st.floats(0.0, 3.0),
)


def _all_levels(matrix: object) -> list[float]:
    levels = matrix.levels  # type: ignore[attr-defined]
    return [x for ft in sorted(levels) for row in levels[ft] for x in row]


@settings(max_examples=40, deadline=None)
@given(extra=st.lists(participation, min_size=1, max_size=3))
def test_more_joint_exercise_never_lowers_interoperability(
    scenario: Scenario, extra: list[Participation]
) -> None:
    params = InteropParameters.from_scenario(scenario)
    at = dt.date(2027, 1, 1)
    before = interop_matrix(scenario, at, params=params)
    after = interop_matrix(scenario, at, extra, params)
    assert all(b <= a + 1e-12 for b, a in zip(_all_levels(before), _all_levels(after), strict=True))


@settings(max_examples=40, deadline=None)
@given(days=st.integers(0, 3650), extra=st.lists(participation, max_size=2))
def test_decay_never_raises_interoperability(
    scenario: Scenario, days: int, extra: list[Participation]
) -> None:
    params = InteropParameters.from_scenario(scenario)
    start = dt.date(2027, 1, 1)
    now = interop_matrix(scenario, start, extra, params)
    later = interop_matrix(scenario, start + dt.timedelta(days=days), extra, params)
    assert all(b <= a + 1e-12 for b, a in zip(_all_levels(later), _all_levels(now), strict=True))


@settings(max_examples=25, deadline=None)
@given(extra=st.lists(participation, max_size=3), day=st.dates(dt.date(2018, 1, 1)))
def test_levels_stay_in_the_unit_interval_and_symmetric(
    scenario: Scenario, extra: list[Participation], day: dt.date
) -> None:
    matrix = interop_matrix(scenario, day, extra)
    for rows in matrix.levels.values():
        for i, row in enumerate(rows):
            assert rows[i][i] == 1.0
            for j, x in enumerate(row):
                assert 0.0 <= x <= 1.0
                assert x == rows[j][i]


def test_armenia_drifts_apart_after_staying_away(scenario: Scenario) -> None:
    matrix = interop_matrix(scenario, dt.date(2026, 2, 3))
    ft = ForceType.PEACEKEEPING
    assert matrix.level("ARM", "RUS", ft) < matrix.level("KAZ", "RUS", ft)
    assert matrix.level("ARM", "RUS", ft) < interop_matrix(scenario, dt.date(2022, 1, 1)).level(
        "ARM", "RUS", ft
    )


def test_before_the_history_every_member_pair_sits_at_the_initial_level(
    scenario: Scenario,
) -> None:
    matrix = interop_matrix(scenario, dt.date(2018, 1, 1))
    initial = InteropParameters.from_scenario(scenario).initial_level
    assert matrix.level("KAZ", "TJK", ForceType.AIR) == initial


def test_a_non_member_has_no_interoperability(scenario: Scenario) -> None:
    matrix = interop_matrix(scenario, dt.date(2026, 2, 3))
    assert "UZB" not in matrix.states
    assert matrix.level("UZB", "RUS", ForceType.COMBINED_ARMS) == 0.0


def test_multiplier_lies_between_its_bounds_and_grows_with_cohesion(scenario: Scenario) -> None:
    matrix = interop_matrix(scenario, dt.date(2026, 2, 3))
    ft = ForceType.COMBINED_ARMS
    close = matrix.multiplier(["KAZ", "RUS", "TJK"], ft)
    with_arm = matrix.multiplier(["ARM", "KAZ", "RUS", "TJK"], ft)
    assert matrix.multiplier_low <= with_arm < close <= matrix.multiplier_high
    assert matrix.multiplier(["RUS"], ft) == matrix.multiplier_high


def test_integration_delay_shrinks_with_interoperability(scenario: Scenario) -> None:
    matrix = interop_matrix(scenario, dt.date(2026, 2, 3))
    ft = ForceType.PEACEKEEPING
    assert matrix.integration_delay("ARM", ["RUS"], ft) > matrix.integration_delay(
        "KAZ", ["RUS"], ft
    )
    assert matrix.integration_delay("RUS", [], ft) == 0.0


def test_to_dict_is_plain_data_keyed_by_force_type_and_state(scenario: Scenario) -> None:
    data = interop_matrix(scenario, dt.date(2026, 2, 3)).to_dict()
    assert set(data["levels"]) == {ft.value for ft in ForceType}
    assert (
        data["levels"]["peacekeeping"]["KAZ"]["RUS"] == data["levels"]["peacekeeping"]["RUS"]["KAZ"]
    )
