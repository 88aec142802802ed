"""Scenario discovery with CART: a classification tree whose leaves are boxes of parameter space.

CART (Breiman, Friedman, Olshen and Stone 1984, "Classification and Regression Trees") splits
the design points in two, again and again, on the one parameter and threshold (or set of
levels) that best separates episodes with the event from episodes without it; each leaf is a
box. Scenario discovery reads the leaves as PRIM's boxes (Lempert, Bryant and Bankes 2008,
"Comparing algorithms for scenario discovery", RAND WR-557; Bryant and Lempert 2010): a
leaf's coverage is its share of all event episodes, its density the share of its episodes
that are events; the leaves whose density is at least one half are those a classification
tree assigns to the event, the boxes that "lead to" it.

Each point carries `y`, the share of its episodes with the event, and every point has the
same number of episodes, so the Gini impurity of the episodes in a node is `2 p (1 - p)` with
`p` the mean of `y` over its points; the split that most reduces it is the one that
maximises `n_left (p_left - p)^2 + n_right (p_right - p)^2`, which is what `grow` computes
(the tree on the points is exactly the tree on the episodes, without expanding them).
Numeric parameters split at the midpoint between two neighbouring values; categorical ones
into two sets of levels, found by ordering the levels by their mean `y`, which gives the best
of all subsets for a two-class target (Breiman et al. 1984, section 9.4). Growth stops at
`max_depth`, when a child would hold fewer than `min_mass` of the points, or when no split
lowers the impurity. Ties go to the first parameter, then the lowest threshold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from collsec.experiments.discovery import Dimension

__all__ = ["Leaf", "cart"]

#: A split must lower the impurity by more than this (relative to the node's points).
_EPSILON = 1e-12


@dataclass(frozen=True)
class Leaf:
    """One leaf of the tree: a box of parameter space.

    Attributes:
        rule: The splits on the path from the root, in order (`"x <= 0.4"`, `"c in [a, b]"`).
        limits: The parameters split on, as PRIM's boxes give them: `{"low", "high"}` (the
            extreme values of the points inside) or `{"levels": [...]}`.
        mass: Share of the design points inside.
        coverage: Share of all cases of interest inside.
        density: Share of cases inside that are of interest.
        points: How many design points are inside.
        event: Whether the tree assigns the leaf to the event (density at least one half).
    """

    rule: tuple[str, ...]
    limits: dict[str, dict[str, Any]]
    mass: float
    coverage: float
    density: float
    points: int
    event: bool
    inside: tuple[bool, ...] = field(repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The leaf without its membership mask."""
        return {
            "rule": list(self.rule),
            "limits": self.limits,
            "mass": round(self.mass, 6),
            "coverage": round(self.coverage, 6),
            "density": round(self.density, 6),
            "points": self.points,
            "event": self.event,
        }


@dataclass(frozen=True)
class _Split:
    gain: float
    dim: int
    left: npt.NDArray[np.bool_]
    left_rule: str
    right_rule: str


def cart(
    dims: Sequence[Dimension], y: Sequence[float], max_depth: int = 3, min_mass: float = 0.05
) -> list[Leaf]:
    """The leaves of a classification tree of the event over the design points.

    Args:
        dims: The parameters' values per point.
        y: Per point, the share of its episodes with the event (in [0, 1]).
        max_depth: The most splits from the root to a leaf.
        min_mass: No leaf holds fewer than this share of the points (at least one point).

    Returns:
        The leaves, densest first (then the larger); empty when no event happened.
    """
    target = np.asarray(y, dtype=float)
    n = target.size
    total = float(target.sum())
    if n == 0 or total <= 0.0:
        return []
    columns = [
        np.asarray(d.values, dtype=float) if d.numeric else np.asarray(d.values, dtype=object)
        for d in dims
    ]
    floor = max(1, math.ceil(min_mass * n))
    leaves: list[Leaf] = []
    stack: list[tuple[npt.NDArray[np.bool_], int, tuple[str, ...], frozenset[int]]] = [
        (np.ones(n, dtype=bool), 0, (), frozenset())
    ]
    while stack:
        inside, depth, rule, used = stack.pop()
        split = None if depth >= max_depth else _best_split(dims, columns, target, inside, floor)
        if split is None:
            leaves.append(_leaf(dims, columns, target, total, inside, rule, used))
            continue
        used = used | {split.dim}
        stack.append((inside & ~split.left, depth + 1, (*rule, split.right_rule), used))
        stack.append((split.left, depth + 1, (*rule, split.left_rule), used))
    return sorted(leaves, key=lambda leaf: (-leaf.density, -leaf.points, leaf.rule))


def _best_split(
    dims: Sequence[Dimension],
    columns: list[npt.NDArray[Any]],
    target: npt.NDArray[np.float64],
    inside: npt.NDArray[np.bool_],
    floor: int,
) -> _Split | None:
    """The split of the points `inside` that most lowers the episodes' Gini impurity."""
    index = np.flatnonzero(inside)
    count = index.size
    if count < 2 * floor:
        return None
    mean = float(target[index].mean())
    best: _Split | None = None
    for j, d in enumerate(dims):
        xs = columns[j][index]
        ys = target[index]
        if d.numeric:
            keys: list[Any] = np.unique(xs).tolist()
            rank = np.searchsorted(np.asarray(keys, dtype=float), xs)
        else:
            levels = sorted(set(xs.tolist()))
            means = {lv: float(ys[xs == lv].mean()) for lv in levels}
            keys = sorted(levels, key=lambda lv: (means[lv], lv))
            position = {lv: i for i, lv in enumerate(keys)}
            rank = np.array([position[v] for v in xs.tolist()], dtype=int)
        if len(keys) < 2:
            continue
        sizes = np.bincount(rank, minlength=len(keys))
        sums = np.bincount(rank, weights=ys, minlength=len(keys))
        n_left = np.cumsum(sizes)[:-1]
        s_left = np.cumsum(sums)[:-1]
        n_right = count - n_left
        s_right = float(ys.sum()) - s_left
        ok = (n_left >= floor) & (n_right >= floor)
        if not ok.any():
            continue
        # Every level is present, so neither side is ever empty.
        left_gap = s_left / n_left - mean
        right_gap = s_right / n_right - mean
        gain = n_left * left_gap**2 + n_right * right_gap**2
        gain = np.where(ok, gain, -1.0)
        cut = int(np.argmax(gain))
        if gain[cut] <= _EPSILON * count or (best is not None and gain[cut] <= best.gain):
            continue
        left_keys = keys[: cut + 1]
        if d.numeric:
            threshold = (float(keys[cut]) + float(keys[cut + 1])) / 2.0
            left = inside & (columns[j] <= threshold)
            rules = (f"{d.name} <= {threshold:.6g}", f"{d.name} > {threshold:.6g}")
        else:
            left = inside & np.isin(columns[j], np.asarray(left_keys, dtype=object))
            right_keys = sorted(keys[cut + 1 :])
            rules = (
                f"{d.name} in {sorted(str(k) for k in left_keys)}",
                f"{d.name} in {[str(k) for k in right_keys]}",
            )
        best = _Split(float(gain[cut]), j, left, *rules)
    return best


def _leaf(
    dims: Sequence[Dimension],
    columns: list[npt.NDArray[Any]],
    target: npt.NDArray[np.float64],
    total: float,
    inside: npt.NDArray[np.bool_],
    rule: tuple[str, ...],
    used: frozenset[int],
) -> Leaf:
    limits: dict[str, dict[str, Any]] = {}
    for j in sorted(used):
        xs = columns[j][inside]
        if dims[j].numeric:
            limits[dims[j].name] = {"low": float(xs.min()), "high": float(xs.max())}
        else:
            limits[dims[j].name] = {"levels": sorted(str(v) for v in set(xs.tolist()))}
    hit = float(target[inside].sum())
    count = int(inside.sum())
    density = hit / count
    return Leaf(
        rule=rule,
        limits=limits,
        mass=count / target.size,
        coverage=hit / total,
        density=density,
        points=count,
        event=density >= 0.5,
        inside=tuple(bool(v) for v in inside),
    )
