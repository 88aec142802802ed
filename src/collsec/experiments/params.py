"""Sweep parameters: `--param PATH=[a,b,...]` read, classified and checked against the scenario.

A parameter is any scenario path that `--set` accepts, so a design point is nothing more than
a list of `--set` overrides. A list of values is a discrete (or categorical) parameter; a list
of exactly two numbers is also a range `[low, high]` that Latin hypercube and Sobol' designs
sample continuously (integers when both bounds are integers). Every value a design can
produce is checked by loading the scenario with it, so a misspelt path or an out-of-schema
value fails before any episode runs, with the loader's own file, path and expectation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from collsec.errors import CollsecError, Problem, UsageError
from collsec.scenario.loader import load_scenario

__all__ = ["Param", "ParamKind", "as_set", "check_params", "parse_param", "parse_params"]

Scalar = str | int | float | bool

_DOC_END = "...\n"
_FORM = "PATH=[a,b,...] (a list of values, or [low,high] of numbers for a range)"


class ParamKind(StrEnum):
    """How a design may vary a parameter."""

    LEVELS = "levels"
    """A list of values (categorical or discrete); every design takes them as given."""
    RANGE = "range"
    """Two numbers: levels for a grid, a continuous interval for lhs and sobol."""
    INT_RANGE = "int_range"
    """Two integers: levels for a grid, the integers between them for lhs."""


@dataclass(frozen=True)
class Param:
    """One swept scenario path and the values it may take.

    Attributes:
        path: The scenario path, as `--set` writes it (`assumptions.sim_offer_probability`).
        kind: Levels, a real range, or an integer range.
        values: The levels as given; for a range, `(low, high)`.
    """

    path: str
    kind: ParamKind
    values: tuple[Scalar, ...]

    @property
    def low(self) -> float:
        """The range's lower bound (ranges only)."""
        return float(self.values[0])

    @property
    def high(self) -> float:
        """The range's upper bound (ranges only)."""
        return float(self.values[1])

    def value_at(self, u: float) -> Scalar:
        """The parameter's value at the unit coordinate `u` in [0, 1).

        Ranges scale linearly; integer ranges and levels split [0, 1) into equal cells, so a
        stratified sample of `u` gives stratified values.
        """
        if self.kind is ParamKind.RANGE:
            return self.low + u * (self.high - self.low)
        if self.kind is ParamKind.INT_RANGE:
            lo, hi = int(self.values[0]), int(self.values[1])
            return min(hi, lo + math.floor(u * (hi - lo + 1)))
        return self.values[min(len(self.values) - 1, math.floor(u * len(self.values)))]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_param(text: str) -> Param:
    """Read one `--param PATH=[a,b,...]`.

    Raises:
        UsageError: no `=`, an empty path, a value that is not a list, fewer than two values,
            duplicates, nested values, or a two-number range whose low is not below its high.
    """
    path, sep, value_text = text.partition("=")
    path = path.strip()

    def bad(message: str, expected: str = _FORM) -> UsageError:
        return UsageError([Problem(message, file="--param", path=path or None, expected=expected)])

    if not sep or not path or any(not part for part in path.split(".")):
        raise bad(f"cannot read --param {text!r}")
    try:
        value = yaml.safe_load(value_text)
    except yaml.YAMLError:
        raise bad(f"cannot read the values {value_text!r}") from None
    if not isinstance(value, list):
        raise bad(f"{value_text!r} is not a list (use --set for a single value)")
    if len(value) < 2:
        raise bad(f"{value_text!r} has {len(value)} value(s)", "at least two values")
    if not all(isinstance(v, str | int | float | bool) for v in value):
        raise bad(f"{value_text!r} holds a list or mapping", "numbers, booleans or names")
    if len(set(map(repr, value))) != len(value):
        raise bad(f"{value_text!r} repeats a value", "distinct values")
    values: tuple[Scalar, ...] = tuple(value)
    if len(values) == 2 and all(_is_number(v) for v in values):
        if not float(values[0]) < float(values[1]):
            raise bad(f"range {value_text!r} is empty or reversed", "[low,high] with low < high")
        if not all(math.isfinite(float(v)) for v in values):
            raise bad(f"range {value_text!r} is not finite", "finite numbers")
        whole = all(isinstance(v, int) for v in values)
        return Param(path, ParamKind.INT_RANGE if whole else ParamKind.RANGE, values)
    return Param(path, ParamKind.LEVELS, values)


def parse_params(texts: Sequence[str]) -> list[Param]:
    """Read every `--param`; a path may appear once.

    Raises:
        UsageError: none given, a malformed one, or a path given twice.
    """
    if not texts:
        raise UsageError(
            [Problem("no --param given", file="--param", expected=f"at least one {_FORM}")]
        )
    params = [parse_param(t) for t in texts]
    seen: set[str] = set()
    for p in params:
        if p.path in seen:
            raise UsageError(
                [Problem("parameter given twice", file="--param", path=p.path, expected="once")]
            )
        seen.add(p.path)
    return params


def as_set(path: str, value: Scalar) -> str:
    """The `--set PATH=VALUE` text for a value, written so YAML reads back the same value."""
    text: str = yaml.safe_dump(value, default_flow_style=True, width=math.inf)
    return f"{path}={text.removesuffix(_DOC_END).strip()}"


def check_params(
    params: Sequence[Param], scenario_paths: Sequence[str | Path], sets: Sequence[str]
) -> None:
    """Load the scenario with each level (or each bound) of each parameter.

    The loader's schema decides what a path may hold, so this catches unknown paths (the
    scenario forbids unknown fields) and values outside the schema without a second list of
    rules here.

    Raises:
        UsageError: every problem the loader found, relabelled as coming from `--param`.
    """
    problems: list[Problem] = []
    for p in params:
        for value in p.values:
            try:
                load_scenario(scenario_paths, [*sets, as_set(p.path, value)])
            except CollsecError as exc:
                problems.extend(_relabel(exc.problems, p, value))
                break
    if problems:
        raise UsageError(problems)


def _relabel(problems: Sequence[Problem], param: Param, value: Any) -> list[Problem]:
    out = []
    for q in problems:
        if q.file == "--set":
            out.append(
                Problem(
                    f"{q.message} (value {value!r})",
                    file="--param",
                    path=q.path,
                    expected=q.expected,
                )
            )
        else:
            out.append(
                Problem(
                    f"--param {param.path}={value!r}: {q.message}",
                    file=q.file,
                    line=q.line,
                    path=q.path,
                    expected=q.expected,
                )
            )
    return out
