import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from collsec.errors import UsageError
from collsec.experiments.params import ParamKind, as_set, check_params, parse_param, parse_params

from .conftest import REQUEST_BASE


def test_a_list_of_names_is_a_set_of_levels():
    p = parse_param("states.ARM.status=[active,withdrawn]")
    assert p.kind is ParamKind.LEVELS and p.values == ("active", "withdrawn")


def test_two_real_numbers_are_a_range_and_two_integers_an_integer_range():
    assert parse_param("a.b=[0.0, 1.5]").kind is ParamKind.RANGE
    assert parse_param("a.b=[1, 5]").kind is ParamKind.INT_RANGE
    assert parse_param("a.b=[1, 2, 3]").kind is ParamKind.LEVELS


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a.b", "cannot read --param"),
        ("=[1,2]", "cannot read --param"),
        ("a..b=[1,2]", "cannot read --param"),
        ("a.b=0.5", "is not a list"),
        ("a.b=[1]", "at least two values"),
        ("a.b=[1.0, 0.5]", "empty or reversed"),
        ("a.b=[0.5, 0.5]", "distinct values"),
        ("a.b=[x, x]", "distinct values"),
        ("a.b=[[1], 2]", "list or mapping"),
        ("a.b=[0, .inf]", "not finite"),
    ],
)
def test_malformed_params_are_rejected_with_what_was_expected(text, says):
    with pytest.raises(UsageError) as err:
        parse_param(text)
    assert says in str(err.value) and "expected" in str(err.value)
    assert err.value.problems[0].file == "--param"


def test_a_path_given_twice_is_rejected():
    with pytest.raises(UsageError, match="given twice"):
        parse_params(["a.b=[1,2]", "a.b=[3,4]"])


def test_no_param_is_rejected():
    with pytest.raises(UsageError, match="no --param"):
        parse_params([])


def test_an_unknown_scenario_path_is_rejected_naming_the_path():
    with pytest.raises(UsageError) as err:
        check_params(parse_params(["states.ARM.colour=[red,blue]"]), (), [])
    problem = err.value.problems[0]
    assert problem.file == "--param" and problem.path == "states.ARM.colour"
    assert "unknown field" in problem.message


def test_an_unknown_state_is_rejected_with_the_known_ones():
    with pytest.raises(UsageError) as err:
        check_params(parse_params(["states.XYZ.status=[active,withdrawn]"]), (), [])
    assert "no `XYZ` at states" in str(err.value) and "ARM" in str(err.value)


def test_a_value_outside_the_schema_is_rejected_with_the_allowed_ones():
    with pytest.raises(UsageError) as err:
        check_params(parse_params(["states.ARM.status=[active,sleeping]"]), (), [])
    assert "sleeping" in str(err.value) and "withdrawn" in str(err.value)


def test_valid_params_pass_the_scenario_check():
    check_params(
        parse_params([f"{REQUEST_BASE}=[-2.0,2.0]", "states.ARM.status=[active,withdrawn]"]),
        (),
        [],
    )


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(),
        st.booleans(),
        st.sampled_from(["active", "withdrawn", "yes", "1.0", "null"]),
    )
)
def test_a_value_written_as_set_reads_back_the_same(value):
    path, _, text = as_set("a.b", value).partition("=")
    back = yaml.safe_load(text)
    assert path == "a.b" and type(back) is type(value)
    assert back == value or (isinstance(value, float) and math.isclose(back, value))
