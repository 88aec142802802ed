import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.experiments.discovery import Dimension, chosen, prim


def planted(n=400, seed=0):
    """Failures where x > 0.7 and the member is 'out', and nowhere else."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, n)
    z = rng.uniform(0, 1, n)
    member = rng.choice(["in", "out"], n)
    y = ((x > 0.7) & (member == "out")).astype(float)
    dims = [
        Dimension("x", tuple(map(float, x)), True),
        Dimension("z", tuple(map(float, z)), True),
        Dimension("member", tuple(member), False),
    ]
    return dims, y


def test_prim_finds_a_planted_box_with_full_density_and_most_coverage():
    dims, y = planted()
    box = chosen(prim(dims, y), min_coverage=0.8)
    assert box is not None and box.density == 1.0 and box.coverage >= 0.8
    assert box.limits["member"] == {"levels": ["out"]}
    assert box.limits["x"]["low"] > 0.65


def test_the_first_box_is_the_whole_space():
    dims, y = planted()
    first = prim(dims, y)[0]
    assert first.limits == {} and first.mass == 1.0 and first.coverage == 1.0
    assert first.density == y.mean()


def test_an_event_that_never_happened_gives_no_boxes():
    dims, y = planted()
    assert prim(dims, np.zeros_like(y)) == []


def test_no_box_is_chosen_when_none_keeps_the_coverage():
    dims, y = planted()
    assert chosen(prim(dims, y)[1:], min_coverage=1.01) is None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["a", "b", "c"]), st.floats(0, 1)),
        min_size=5,
        max_size=60,
    )
)
def test_peeling_only_shrinks_the_box_and_keeps_measures_in_range(rows):
    dims = [
        Dimension("x", tuple(r[0] for r in rows), True),
        Dimension("c", tuple(r[1] for r in rows), False),
    ]
    y = [r[2] for r in rows]
    boxes = prim(dims, y, alpha=0.1, min_mass=0.1)
    for before, after in itertools.pairwise(boxes):
        assert after.points < before.points
        assert all(not a or b for a, b in zip(after.inside, before.inside, strict=True))
    for b in boxes:
        assert 0.0 <= b.coverage <= 1.0 + 1e-12 and 0.0 <= b.density <= 1.0
        assert b.points >= 1
