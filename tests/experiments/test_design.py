import numpy as np
import pytest

from collsec.errors import UsageError
from collsec.experiments.design import Design, DesignKind, make_design
from collsec.experiments.params import parse_params


def test_grid_is_the_full_factorial_and_ignores_points():
    params = parse_params(["a=[x,y,z]", "b=[0.0,1.0]", "c=[true,false]"])
    d = make_design(DesignKind.GRID, params, 999, 0)
    assert len(d.points) == 12 and len(set(d.points)) == 12
    assert d.sets(0) == ["a=x", "b=0.0", "c=true"]


def test_lhs_puts_one_point_in_each_stratum_of_each_range():
    params = parse_params(["a=[0.0,10.0]", "b=[-1.0,1.0]"])
    d = make_design(DesignKind.LHS, params, 20, 7)
    x = np.array(d.points)
    for j, p in enumerate(params):
        strata = np.floor((x[:, j] - p.low) / (p.high - p.low) * 20).astype(int)
        assert sorted(strata) == list(range(20))


def test_lhs_over_levels_and_integers_draws_only_given_values():
    params = parse_params(["a=[red,green,blue]", "b=[1,4]"])
    d = make_design(DesignKind.LHS, params, 30, 1)
    assert {p[0] for p in d.points} == {"red", "green", "blue"}
    assert {p[1] for p in d.points} == {1, 2, 3, 4}


def test_the_same_seed_draws_the_same_design_and_another_seed_another():
    params = parse_params(["a=[0.0,1.0]", "b=[0.0,1.0]"])
    assert make_design(DesignKind.LHS, params, 8, 3) == make_design(DesignKind.LHS, params, 8, 3)
    assert make_design(DesignKind.LHS, params, 8, 3) != make_design(DesignKind.LHS, params, 8, 4)


def test_sobol_draws_n_times_2d_plus_2_points_within_the_ranges():
    params = parse_params(["a=[0.0,1.0]", "b=[5.0,6.0]", "c=[-1.0,0.0]"])
    d = make_design(DesignKind.SOBOL, params, 16, 0)
    assert len(d.points) == 16 * (2 * 3 + 2)
    x = np.array(d.points)
    assert (x[:, 1] >= 5.0).all() and (x[:, 1] <= 6.0).all()


@pytest.mark.parametrize("text", ["a=[x,y]", "a=[1,5]", "a=[0.0,0.5,1.0]"])
def test_sobol_refuses_parameters_that_are_not_continuous(text):
    with pytest.raises(UsageError) as err:
        make_design(DesignKind.SOBOL, parse_params([text]), 8, 0)
    assert "sobol needs continuous parameters" in str(err.value)
    assert err.value.problems[0].path == "a"


def test_sobol_wants_a_power_of_two():
    with pytest.raises(UsageError, match="power of two"):
        make_design(DesignKind.SOBOL, parse_params(["a=[0.0,1.0]"]), 12, 0)


def test_lhs_wants_at_least_one_point():
    with pytest.raises(UsageError, match="at least 1"):
        make_design(DesignKind.LHS, parse_params(["a=[0.0,1.0]"]), 0, 0)


def test_a_design_survives_its_json_round_trip():
    params = parse_params(["a=[x,y]", "b=[0.0,1.0]", "c=[1,3]"])
    d = make_design(DesignKind.LHS, params, 5, 2)
    assert Design.from_json(d.to_json()) == d
