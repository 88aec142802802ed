"""Scenario discovery with PRIM: boxes of parameter space where an outcome of interest happens.

PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999, "Bump hunting in
high-dimensional data", Statistics and Computing 9:123-143), starts from a box holding every
design point and peels it patiently: at each step it removes the thin slice (a fraction
`alpha` of the points still inside, at the low or high end of one numeric parameter, or one
level of a categorical parameter) whose removal leaves the highest mean outcome, until the box
holds less than `min_mass` of the points. Each box on that peeling trajectory is judged by the
two measures of scenario discovery (Bryant and Lempert 2010, "Thinking inside the box",
Technological Forecasting and Social Change 77:34-49):

- coverage: the share of all cases of interest that fall in the box;
- density: the share of cases inside the box that are of interest.

Here a point's outcome `y` is the share of its episodes with the event ("no deployment",
"failed stabilisation"), so coverage and density count expected episodes; with equal runs
per point that is the same as running PRIM on the episodes themselves. The box reported is
the densest one whose coverage is still at least `min_coverage`, then pasted (Friedman and
Fisher's second phase, `paste`): peeling is greedy and may have cut too deep, so the box
grows back, a slice of `alpha` of its points at a time along one parameter (or one level),
for as long as a slice adds cases of interest without lowering the density (Friedman and
Fisher ask for a higher mean; keeping it too lets a box of density 1 recover its coverage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Box", "Dimension", "chosen", "paste", "prim"]


@dataclass(frozen=True)
class Dimension:
    """One parameter's values over the design points.

    Attributes:
        name: The scenario path.
        values: One value per point: floats for numeric parameters, strings for categories.
        numeric: Whether the box restricts it by an interval (else by a set of levels).
    """

    name: str
    values: tuple[float | str, ...]
    numeric: bool


@dataclass(frozen=True)
class Box:
    """One box on the peeling trajectory.

    Attributes:
        limits: Restricted parameters only: `{"low", "high"}` for numeric ones (the extreme
            values of the points inside), `{"levels": [...]}` for categorical ones.
        mass: Share of the design points inside.
        coverage: Share of all cases of interest inside.
        density: Share of cases inside that are of interest.
        points: How many design points are inside.
    """

    limits: dict[str, dict[str, Any]]
    mass: float
    coverage: float
    density: float
    points: int
    inside: tuple[bool, ...] = field(repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The box without its membership mask."""
        return {
            "limits": self.limits,
            "mass": round(self.mass, 6),
            "coverage": round(self.coverage, 6),
            "density": round(self.density, 6),
            "points": self.points,
        }


def prim(
    dims: Sequence[Dimension],
    y: Sequence[float],
    alpha: float = 0.05,
    min_mass: float = 0.05,
) -> list[Box]:
    """The peeling trajectory of PRIM over the design points, first box the whole space.

    Args:
        dims: The parameters' values per point.
        y: Per point, the share of its episodes with the event (in [0, 1]).
        alpha: Share of the points inside peeled at each step.
        min_mass: Peeling stops before a box would hold fewer than this share of points.

    Returns:
        The boxes from the whole space to the last peel; empty when no event happened.
    """
    target = np.asarray(y, dtype=float)
    n = target.size
    total = float(target.sum())
    if n == 0 or total <= 0.0:
        return []
    inside = np.ones(n, dtype=bool)
    columns = [
        np.asarray(d.values, dtype=float) if d.numeric else np.asarray(d.values, dtype=object)
        for d in dims
    ]
    boxes = [_box(dims, columns, inside, target, total)]
    floor = max(1, int(np.ceil(min_mass * n)))
    while True:
        best: tuple[float, int, np.ndarray] | None = None
        for j, d in enumerate(dims):
            for keep in _peels(columns[j], inside, d.numeric, alpha):
                kept = int(keep.sum())
                if kept < floor or kept == int(inside.sum()):
                    continue
                mean = float(target[keep].mean())
                if best is None or (mean, kept) > (best[0], best[1]):
                    best = (mean, kept, keep)
        if best is None:
            return boxes
        inside = best[2]
        boxes.append(_box(dims, columns, inside, target, total))


def paste(dims: Sequence[Dimension], y: Sequence[float], box: Box, alpha: float = 0.05) -> Box:
    """Grow `box` while some slice of points next to it adds coverage at no cost in density.

    A candidate slice lies just outside the box along one parameter and inside it along all
    the others: the `alpha` share of the box's points (at least one) nearest below or above a
    numeric range, or the points of one excluded level. Of the slices that hold cases of
    interest and do not lower the density, the one giving the highest density (then the
    largest box) is taken; pasting stops when there is none.

    Args:
        dims: The parameters' values per point, as given to `prim`.
        y: Per point, the share of its episodes with the event.
        box: A box from `prim` over the same points.
        alpha: The share of the box's points a numeric slice adds.
    """
    target = np.asarray(y, dtype=float)
    total = float(target.sum())
    columns = [
        np.asarray(d.values, dtype=float) if d.numeric else np.asarray(d.values, dtype=object)
        for d in dims
    ]
    inside = np.asarray(box.inside, dtype=bool)
    while True:
        mean = float(target[inside].mean())
        hit = float(target[inside].sum())
        extents = [_extent(c, inside, d.numeric) for c, d in zip(columns, dims, strict=True)]
        best: tuple[float, int, np.ndarray] | None = None
        for j, d in enumerate(dims):
            others = np.ones(inside.size, dtype=bool)
            for k, extent in enumerate(extents):
                if k != j:
                    others &= extent
            outside = others & ~extents[j]
            if not outside.any():
                continue
            for grown in _pastes(columns[j], inside, outside, d.numeric, alpha):
                m = float(target[grown].mean())
                if m < mean or float(target[grown].sum()) <= hit:
                    continue
                if best is None or (m, int(grown.sum())) > (best[0], best[1]):
                    best = (m, int(grown.sum()), grown)
        if best is None:
            return _box(dims, columns, inside, target, total)
        inside = best[2]


def _extent(column: np.ndarray, inside: np.ndarray, numeric: bool) -> np.ndarray:
    """The points within the box's range (or levels) along one parameter."""
    xs = column[inside]
    if numeric:
        return np.asarray((column >= xs.min()) & (column <= xs.max()))
    return np.isin(column, np.asarray(sorted(set(xs.tolist())), dtype=object))


def _pastes(
    column: np.ndarray, inside: np.ndarray, outside: np.ndarray, numeric: bool, alpha: float
) -> list[np.ndarray]:
    """The boxes one paste along this parameter can give (as masks)."""
    if not numeric:
        return [inside | (outside & (column == level)) for level in sorted(set(column[outside]))]
    k = max(1, int(np.ceil(alpha * int(inside.sum()))))
    xs = column[inside]
    out = []
    low, high = xs.min(), xs.max()
    below = np.sort(column[outside & (column < low)])
    if below.size:
        out.append(inside | (outside & (column >= below[-min(k, below.size)]) & (column < low)))
    above = np.sort(column[outside & (column > high)])
    if above.size:
        out.append(inside | (outside & (column <= above[min(k, above.size) - 1]) & (column > high)))
    return out


def _peels(column: np.ndarray, inside: np.ndarray, numeric: bool, alpha: float) -> list[np.ndarray]:
    """The candidate boxes one peel along this dimension can leave (as masks)."""
    xs = column[inside]
    if numeric:
        out = []
        low = float(np.quantile(xs, alpha))
        keep = inside & (column >= low) if low > xs.min() else inside & (column > xs.min())
        out.append(keep)
        high = float(np.quantile(xs, 1.0 - alpha))
        keep = inside & (column <= high) if high < xs.max() else inside & (column < xs.max())
        out.append(keep)
        return out
    levels = sorted(set(xs.tolist()))
    if len(levels) < 2:
        return []
    return [inside & (column != level) for level in levels]


def _box(
    dims: Sequence[Dimension],
    columns: list[np.ndarray],
    inside: np.ndarray,
    target: np.ndarray,
    total: float,
) -> Box:
    limits: dict[str, dict[str, Any]] = {}
    for d, column in zip(dims, columns, strict=True):
        xs = column[inside]
        if d.numeric:
            lo, hi = float(xs.min()), float(xs.max())
            if lo > float(column.min()) or hi < float(column.max()):
                limits[d.name] = {"low": lo, "high": hi}
        else:
            kept = sorted(set(xs.tolist()))
            if len(kept) < len(set(column.tolist())):
                limits[d.name] = {"levels": kept}
    hit = float(target[inside].sum())
    count = int(inside.sum())
    return Box(
        limits=limits,
        mass=count / target.size,
        coverage=hit / total,
        density=hit / count,
        points=count,
        inside=tuple(bool(v) for v in inside),
    )


def chosen(boxes: Sequence[Box], min_coverage: float = 0.5) -> Box | None:
    """The densest box whose coverage is at least `min_coverage` (the earliest on ties)."""
    eligible = [b for b in boxes if b.coverage >= min_coverage]
    if not eligible:
        return None
    return max(eligible, key=lambda b: (b.density, b.coverage))
