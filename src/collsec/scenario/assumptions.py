"""Reading the scenario's `assumptions` into typed parameters, with every problem reported.

Each room (simulation, exercises, planning) turns its assumptions into a typed record. They
share this reader so a bad override is reported the same way everywhere: every problem is
collected (one run names all of them) with its path under `assumptions.`, and `done()` raises
them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from collsec.errors import Problem, ScenarioError
from collsec.scenario.models import Scenario

__all__ = ["AssumptionReader"]


class AssumptionReader:
    """Reads and checks assumptions; paths are relative to `assumptions.` (`NAME.value.key`)."""

    def __init__(self, scenario: Scenario, needed_by: str, listed_in: str) -> None:
        """Args:
        scenario: The scenario whose `assumptions` section is read.
        needed_by: Who needs them, for the message on a missing one ("the simulator").
        listed_in: Where they are explained, for the same message ("docs/behaviour.md").
        """  # noqa: D205
        self._assumptions = scenario.assumptions
        self._needed_by = needed_by
        self._listed_in = listed_in
        self.problems: list[Problem] = []

    def raw(self, name: str) -> Any:
        """The value of assumption `name`, or None (and a problem) when the scenario lacks it."""
        entry = self._assumptions.get(name)
        if entry is None:
            self.problems.append(
                Problem(
                    f"{self._needed_by} needs assumption {name!r}",
                    path=f"assumptions.{name}",
                    expected=f"a value with its reasoning ({self._listed_in} lists them)",
                )
            )
            return None
        return entry.value

    def bad(self, path: str, value: Any, expected: str, message: str | None = None) -> None:
        """Record that the value at `path` is not what was expected (`message` says why)."""
        self.problems.append(
            Problem(
                message or f"{value!r} is not valid", path=f"assumptions.{path}", expected=expected
            )
        )

    def check(
        self, path: str, value: Any, lo: float | None = None, hi: float | None = None
    ) -> float:
        """`value` as a number within [lo, hi]; a problem (and a value in range) otherwise."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.bad(path, value, "a number")
            return lo if lo is not None else 0.0
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.bad(path, value, _range(lo, hi))
            return float(lo if lo is not None and value < lo else hi or 0.0)
        return float(value)

    def number(self, name: str, lo: float | None = None, hi: float | None = None) -> float:
        """Assumption `name` as a number within [lo, hi]."""
        value = self.raw(name)
        if value is None:
            return lo if lo is not None else 0.0
        return self.check(f"{name}.value", value, lo, hi)

    def mapping(self, path: str, value: Any, expected: str) -> Mapping[Any, Any] | None:
        """`value` when it is a mapping; None and a problem otherwise (silent when missing)."""
        if isinstance(value, Mapping):
            return value
        if value is not None:
            self.bad(path, value, expected)
        return None

    def record(self, name: str, keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
        """Assumption `name` as a mapping with exactly `keys` (values unchecked, None if absent)."""
        path = f"{name}.value"
        value = self.mapping(path, self.raw(name), f"a mapping with keys {', '.join(keys)}")
        if value is None:
            return dict.fromkeys(keys)
        missing = [k for k in keys if k not in value]
        extra = sorted(set(map(str, value)) - set(keys))
        if missing or extra:
            found = ", ".join(sorted(map(str, value)))
            self.problems.append(
                Problem(
                    f"keys {found}",
                    path=f"assumptions.{path}",
                    expected=f"exactly the keys {', '.join(keys)}",
                )
            )
        return {k: value.get(k) for k in keys}

    def numbers(
        self, name: str, keys: tuple[str, ...] | list[str], lo: float | None = None
    ) -> dict[str, float]:
        """Assumption `name` as a mapping of exactly `keys` to numbers of at least `lo`."""
        return {
            key: self.check(f"{name}.value.{key}", value, lo)
            for key, value in self.record(name, keys).items()
        }

    def table(self, path: str, value: Any, lo: float | None = None) -> dict[str, float]:
        """`value` (found at `path`) as a mapping of any keys to numbers of at least `lo`."""
        found = self.mapping(path, value, "a mapping NAME: number")
        if found is None:
            return {}
        return {str(k): self.check(f"{path}.{k}", v, lo) for k, v in found.items()}

    def done(self) -> None:
        """Raise every problem found so far together.

        Raises:
            ScenarioError: at least one assumption was missing or malformed.
        """
        if self.problems:
            raise ScenarioError(self.problems)


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"a number {lo:g}..{hi:g}"
    return f"a number >= {lo:g}" if lo is not None else f"a number <= {hi:g}"
