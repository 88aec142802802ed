"""One exception hierarchy for collsec.

Every error says where it happened (file, line, field path) and what was expected, so the CLI
can print it on one line and exit 2, and the HTTP layer can answer 4xx.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CharterError",
    "CollsecError",
    "IllegalTransition",
    "Problem",
    "ScenarioError",
    "UsageError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.path:
            where = f"{where}: {self.path}" if where else self.path
        text = f"{where}: {self.message}" if where else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class CollsecError(Exception):
    """Base of every error collsec raises on purpose."""

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = [Problem(problems)] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class ScenarioError(CollsecError):
    """A scenario file or override is malformed or inconsistent."""


class UsageError(CollsecError):
    """A command-line or API argument is malformed."""


class CharterError(CollsecError):
    """A request that the Treaty or Charter does not allow; carries the legal basis."""

    def __init__(self, message: str, basis: list[str] | None = None) -> None:
        self.basis = list(basis or [])
        suffix = f" [basis: {'; '.join(self.basis)}]" if self.basis else ""
        super().__init__(message + suffix)


class IllegalTransition(CharterError):
    """A membership or procedure step that is refused, with the reason and its basis."""
