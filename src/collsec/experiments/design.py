"""Designs of experiments: which design points a sweep runs.

Three designs, each a plain list of points (one value per parameter):

- `grid`: the full factorial over each parameter's levels (a range contributes its two
  bounds), the design to use when every combination matters;
- `lhs`: Latin hypercube sampling (McKay, Beckman and Conover 1979) of `--points` points, each
  parameter's range cut into `--points` equal strata with one point in each (SALib's
  `latin.sample`);
- `sobol`: Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010) as SALib implements it:
  `N(2D+2)` points for `D` parameters and base sample size `N`, the matrices Sobol' index
  estimators need (first, second and total order). It is defined for continuous inputs only,
  and Sobol' sequences keep their balance only when `N` is a power of two.

The design is drawn once, in the driving process, from the sweep's seed, and saved with the
results, so rerunning the same command reproduces the same points.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from collsec.errors import Problem, UsageError
from collsec.experiments.params import Param, ParamKind, Scalar, as_set

__all__ = ["Design", "DesignKind", "make_design"]

#: A grid larger than this is almost surely a typo in a --param list.
MAX_POINTS = 1_000_000


class DesignKind(StrEnum):
    """The designs `collsec sweep --design` offers."""

    GRID = "grid"
    LHS = "lhs"
    SOBOL = "sobol"


@dataclass(frozen=True)
class Design:
    """A drawn design: the parameters and, for each point, one value per parameter.

    Attributes:
        kind: Which design drew the points.
        params: The parameters, in `--param` order.
        points: Point `k` sets `params[i].path` to `points[k][i]`.
        base_samples: `--points` as given (the sample size for lhs, `N` for sobol; 0 for grid).
        seed: The seed the sample was drawn from.
    """

    kind: DesignKind
    params: tuple[Param, ...]
    points: tuple[tuple[Scalar, ...], ...]
    base_samples: int
    seed: int

    def sets(self, k: int) -> list[str]:
        """Point `k` as `--set PATH=VALUE` overrides."""
        return [as_set(p.path, v) for p, v in zip(self.params, self.points[k], strict=True)]

    def salib_problem(self) -> dict[str, Any]:
        """The SALib problem definition (names and bounds) of a sobol design."""
        return {
            "num_vars": len(self.params),
            "names": [p.path for p in self.params],
            "bounds": [[p.low, p.high] for p in self.params],
        }

    def to_json(self) -> dict[str, Any]:
        """The design as plain JSON, saved beside the results."""
        return {
            "kind": self.kind.value,
            "params": [
                {"path": p.path, "kind": p.kind.value, "values": list(p.values)}
                for p in self.params
            ],
            "points": [list(pt) for pt in self.points],
            "base_samples": self.base_samples,
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Design:
        """Read back what `to_json` wrote."""
        return cls(
            kind=DesignKind(data["kind"]),
            params=tuple(
                Param(p["path"], ParamKind(p["kind"]), tuple(p["values"])) for p in data["params"]
            ),
            points=tuple(tuple(pt) for pt in data["points"]),
            base_samples=int(data["base_samples"]),
            seed=int(data["seed"]),
        )


def make_design(kind: DesignKind, params: Sequence[Param], points: int, seed: int) -> Design:
    """Draw the design's points.

    Args:
        kind: grid, lhs or sobol.
        params: The parameters (from `parse_params`).
        points: Ignored by grid; the number of points for lhs; the base sample size `N`
            for sobol (a power of two).
        seed: Seeds the lhs and sobol samples.

    Raises:
        UsageError: a sobol design over a non-continuous parameter, a non-positive or (for
            sobol) non-power-of-two `--points`, or a grid too large to be meant.
    """
    params = tuple(params)
    if kind is DesignKind.GRID:
        size = int(np.prod([len(p.values) for p in params]))
        if size > MAX_POINTS:
            raise UsageError(
                [Problem(f"the grid has {size} points", file="--param", expected="fewer levels")]
            )
        rows = tuple(itertools.product(*(p.values for p in params)))
        return Design(kind, params, rows, 0, seed)
    if points < 1:
        raise UsageError([Problem(f"--points {points}", file="--points", expected="at least 1")])
    # SALib pulls in scipy and pandas (seconds on a busy machine): only for designs that use it.
    from SALib.sample import latin as salib_latin  # type: ignore[import-untyped]
    from SALib.sample import sobol as salib_sobol

    if kind is DesignKind.LHS:
        unit = {"num_vars": len(params), "names": [p.path for p in params],
                "bounds": [[0.0, 1.0]] * len(params)}  # fmt: skip
        u = salib_latin.sample(unit, points, seed=seed)
        return Design(kind, params, _values(params, u), points, seed)
    for p in params:
        if p.kind is not ParamKind.RANGE:
            raise UsageError(
                [
                    Problem(
                        f"sobol needs continuous parameters; {list(p.values)} is {p.kind.value}",
                        file="--param",
                        path=p.path,
                        expected="[low,high] with real bounds, e.g. [0.0,1.0] "
                        "(use grid or lhs for levels and integers)",
                    )
                ]
            )
    if points & (points - 1):
        raise UsageError(
            [
                Problem(
                    f"--points {points} for sobol",
                    file="--points",
                    expected="a power of two (Sobol' sequences lose their balance otherwise)",
                )
            ]
        )
    draft = Design(kind, params, (), points, seed)
    x = salib_sobol.sample(draft.salib_problem(), points, calc_second_order=True, seed=seed)
    rows = tuple(tuple(float(v) for v in row) for row in x)
    return Design(kind, params, rows, points, seed)


def _values(params: tuple[Param, ...], unit: np.ndarray) -> tuple[tuple[Scalar, ...], ...]:
    return tuple(
        tuple(p.value_at(float(u)) for p, u in zip(params, row, strict=True)) for row in unit
    )
