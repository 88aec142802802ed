from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.sim.draws import BLOCK, CHUNK, batch_draws, draws_for


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 10**9), st.integers(1, 40))
def test_a_batch_draws_what_each_episode_draws_alone(seed, start, size):
    streams = batch_draws(seed, start, start + size)
    for k, u in enumerate(streams):
        assert list(islice(u, BLOCK + 5)) == list(islice(draws_for(seed, start + k), BLOCK + 5))


def test_uniforms_lie_in_the_unit_interval_and_differ_between_episodes():
    a = list(islice(draws_for(3, 0), 2 * BLOCK))
    b = list(islice(draws_for(3, 1), 2 * BLOCK))
    assert all(0.0 <= x < 1.0 for x in a + b)
    assert len(set(a) | set(b)) == 4 * BLOCK


def test_the_mean_of_many_uniforms_is_near_a_half():
    values = [x for u in batch_draws(11, 0, 2000) for x in islice(u, BLOCK)]
    assert abs(sum(values) / len(values) - 0.5) < 0.005


def test_streams_across_a_chunk_boundary_match_the_episodes_alone():
    streams = list(batch_draws(5, 10, 10 + CHUNK + 3))
    for k in (0, CHUNK - 1, CHUNK, CHUNK + 2):
        assert list(islice(streams[k], BLOCK)) == list(islice(draws_for(5, 10 + k), BLOCK))
