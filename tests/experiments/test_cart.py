import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.experiments.cart import cart
from collsec.experiments.discovery import Dimension, chosen, paste, prim

from .test_discovery import planted


def test_cart_finds_the_planted_box_as_one_pure_leaf():
    dims, y = planted()
    leaves = cart(dims, y)
    top = leaves[0]
    assert top.event and top.density == 1.0 and top.coverage == 1.0
    assert top.limits["member"] == {"levels": ["out"]} and top.limits["x"]["low"] > 0.7
    assert "z" not in top.limits
    assert not any(leaf.event for leaf in leaves[1:])


def test_a_categorical_split_groups_levels_by_their_share_of_the_event():
    levels = ["a", "b", "c", "d"] * 10
    y = [1.0 if v in ("b", "d") else 0.0 for v in levels]
    leaves = cart([Dimension("c", tuple(levels), False)], y, max_depth=1)
    assert [leaf.limits for leaf in leaves] == [{"c": {"levels": ["b", "d"]}},
                                                {"c": {"levels": ["a", "c"]}}]  # fmt: skip
    assert leaves[0].rule == ("c in ['b', 'd']",)


def test_an_event_that_never_happened_grows_no_tree():
    dims, y = planted()
    assert cart(dims, np.zeros_like(y)) == []


def test_a_uniform_event_is_one_leaf_holding_everything():
    dims, y = planted()
    (leaf,) = cart(dims, np.full_like(y, 0.3))
    assert leaf.rule == () and leaf.limits == {} and leaf.coverage == 1.0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["a", "b", "c"]), st.floats(0, 1)),
        min_size=2,
        max_size=60,
    ),
    st.integers(0, 4),
)
def test_leaves_partition_the_points_and_respect_the_minimum_mass(rows, depth):
    dims = [
        Dimension("x", tuple(r[0] for r in rows), True),
        Dimension("c", tuple(r[1] for r in rows), False),
    ]
    y = [r[2] for r in rows]
    leaves = cart(dims, y, max_depth=depth, min_mass=0.1)
    if sum(y) == 0:
        assert leaves == []
        return
    masks = np.array([leaf.inside for leaf in leaves])
    assert (masks.sum(axis=0) == 1).all()
    assert abs(sum(leaf.coverage for leaf in leaves) - 1.0) < 1e-9
    assert all(leaf.points >= max(1, np.ceil(0.1 * len(rows))) for leaf in leaves)
    assert all(len(leaf.rule) <= depth for leaf in leaves)


def test_pasting_grows_back_what_a_coarse_peel_cut_off():
    x = np.linspace(0.0, 1.0, 101)
    y = (x >= 0.3).astype(float)
    dims = [Dimension("x", tuple(map(float, x)), True)]
    peeled = chosen(prim(dims, y, alpha=0.25, min_mass=0.05), min_coverage=0.5)
    assert peeled is not None and peeled.coverage < 1.0
    pasted = paste(dims, y, peeled, alpha=0.05)
    assert pasted.density == 1.0 and pasted.coverage == 1.0
    assert pasted.limits["x"]["low"] == 0.3


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["a", "b", "c"]), st.floats(0, 1)),
        min_size=5,
        max_size=60,
    )
)
def test_pasting_never_lowers_density_or_coverage_and_keeps_a_box(rows):
    dims = [
        Dimension("x", tuple(r[0] for r in rows), True),
        Dimension("c", tuple(r[1] for r in rows), False),
    ]
    y = [r[2] for r in rows]
    for box in prim(dims, y, alpha=0.1, min_mass=0.1):
        pasted = paste(dims, y, box)
        assert pasted.density >= box.density and pasted.coverage >= box.coverage
        assert all(b or not a for a, b in zip(box.inside, pasted.inside, strict=True))
        inside = np.array(pasted.inside)
        xs = np.array([r[0] for r in rows])
        cs = np.array([r[1] for r in rows])
        box_mask = (
            (xs >= xs[inside].min())
            & (xs <= xs[inside].max())
            & np.isin(cs, sorted(set(cs[inside])))
        )
        assert (box_mask == inside).all()
