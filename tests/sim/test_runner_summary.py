import math

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.sim.quantiles import StreamedQuantiles
from collsec.sim.runner import run, summarise

QS = (0.1, 0.5, 0.9)


def chunked(values, size):
    array = np.asarray(values, dtype=float)
    return lambda: (array[i : i + size] for i in range(0, max(1, array.size), size))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(-1e6, 1e6, allow_nan=False),
            st.sampled_from([0.0, 1.0, 1.0 + 2**-52, 5e-324, 48.0]),
        ),
        min_size=1,
        max_size=300,
    ),
    st.integers(1, 64),
)
def test_streamed_quantiles_equal_numpys_bit_for_bit_holding_few_values(values, size):
    streamed = StreamedQuantiles(chunked(values, size), limit=4, bins=3)
    expected = np.quantile(np.asarray(values), QS)
    assert streamed.quantiles(QS) == [float(v) for v in expected]
    assert streamed.held <= 4


def test_every_order_statistic_of_a_column_of_ties_is_found():
    values = [2.0] * 50 + [1.0] * 30 + [3.0] * 20
    streamed = StreamedQuantiles(chunked(values, 7), limit=2, bins=2)
    assert [streamed.order_statistic(r) for r in range(100)] == sorted(values)
    assert streamed.held <= 2


def test_an_empty_column_has_no_quantiles():
    assert StreamedQuantiles(chunked([], 10)).quantiles(QS) is None


def test_a_million_values_are_summarised_holding_a_bounded_number():
    rng = np.random.default_rng(3)
    values = rng.lognormal(3.0, 1.0, 1_000_000)
    streamed = StreamedQuantiles(chunked(values, 65536))
    assert streamed.quantiles(QS) == [float(v) for v in np.quantile(values, QS)]
    assert streamed.held <= 1 << 16
    assert streamed.passes < 20


def test_the_summary_streams_the_parquet_file_and_matches_numpy(run_spec, tmp_path):
    summary = run(run_spec, tmp_path)
    table = pq.read_table(tmp_path / "episodes.parquet")
    for key, column in (("hours_to_decision", "t_decision_h"),
                        ("hours_to_first_arrival", "t_first_arrival_h")):  # fmt: skip
        values = np.array([v for v in table[column].to_pylist() if v is not None])
        if values.size == 0:
            assert summary[key]["median"] is None
            continue
        p10, med, p90 = np.quantile(values, QS)
        assert summary[key] == {"median": round(float(med), 3), "p10": round(float(p10), 3),
                                "p90": round(float(p90), 3)}  # fmt: skip
    n = table.num_rows
    deployed = sum(table["deployed"].to_pylist())
    assert math.isclose(summary["p_deploy"]["p"], round(deployed / n, 6))
    again = summarise(tmp_path / "episodes.parquet", run_spec.runs, run_spec.seed)
    assert {k: again[k] for k in again} == {k: summary[k] for k in again}


def test_limits_below_two_are_refused():
    with pytest.raises(ValueError, match="at least 2"):
        StreamedQuantiles(chunked([1.0], 1), limit=1)
