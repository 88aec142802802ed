"""The alliance risk register: members' threat assessments combined, disagreement shown.

For each (crisis type, victim) that any member assesses, the register gives each member's
likelihood and impact, the alliance's figures (the weighted mean over the members who gave
one, a frozen member weighted by `threat_frozen_weight`), the risk (likelihood times impact)
and the spread between the most and least worried members. `draw_threat` draws an episode's
crisis from it: the simulator calls it for `collsec simulate --mix threats`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from collsec.errors import Problem, ScenarioError
from collsec.scenario.models import Scenario, Status

__all__ = ["MemberView", "RiskRegister", "RiskRow", "ThreatDraw", "draw_threat", "risk_register"]


@dataclass(frozen=True)
class MemberView:
    """One member's likelihood and impact for a register row, and whether it counts."""

    likelihood: float
    impact: float
    weight: float


@dataclass(frozen=True)
class RiskRow:
    """One (crisis type, victim) of the register.

    Attributes:
        kind: The crisis type.
        victim: The member on whose territory it happens.
        areas: The places members named, in words.
        views: Each assessing member's view, by state id.
        likelihood: The alliance's likelihood: weighted mean of counted views.
        impact: The alliance's impact, likewise.
        spread: Highest minus lowest likelihood among counted views (disagreement).
        crisis: The catalogue crisis the simulator runs for it (same kind and victim, else
            the first of the same kind, whose victim the simulator replaces); None if none.
    """

    kind: str
    victim: str
    areas: tuple[str, ...]
    views: Mapping[str, MemberView]
    likelihood: float
    impact: float
    spread: float
    crisis: str | None

    @property
    def risk(self) -> float:
        """Likelihood times impact, the usual risk-matrix score."""
        return self.likelihood * self.impact

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "kind": self.kind,
            "victim": self.victim,
            "areas": list(self.areas),
            "likelihood": round(self.likelihood, 6),
            "impact": round(self.impact, 6),
            "risk": round(self.risk, 6),
            "spread": round(self.spread, 6),
            "crisis": self.crisis,
            "views": {
                sid: {"likelihood": v.likelihood, "impact": v.impact, "counted": v.weight > 0}
                for sid, v in sorted(self.views.items())
            },
        }


@dataclass(frozen=True)
class RiskRegister:
    """The register on a day: rows by descending risk, and who assessed."""

    at: dt.date
    assessors: tuple[str, ...]
    rows: tuple[RiskRow, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "at": self.at.isoformat(),
            "assessors": list(self.assessors),
            "rows": [r.to_dict() for r in self.rows],
        }


@dataclass(frozen=True)
class ThreatDraw:
    """One drawn episode: the crisis type, the victim and the catalogue crisis to run."""

    kind: str
    victim: str
    crisis: str


def risk_register(scenario: Scenario, at: dt.date | None = None) -> RiskRegister:
    """Combine every member's assessment into the alliance's register on `at` (default as_of).

    Raises:
        ScenarioError: when an assessment names an unknown state or the frozen weight is bad.
    """
    day = at or scenario.as_of
    frozen_weight = _frozen_weight(scenario)
    problems: list[Problem] = []
    views: dict[tuple[str, str], dict[str, MemberView]] = {}
    areas: dict[tuple[str, str], set[str]] = {}
    for sid, assessment in sorted(scenario.threat_assessments.items()):
        state = scenario.states.get(sid)
        if state is None:
            problems.append(
                Problem(
                    f"unknown state {sid!r}",
                    path=f"threat_assessments.{sid}",
                    expected="a state id from the states section",
                )
            )
            continue
        status = state.status_on(day)
        weight = 1.0 if status is Status.ACTIVE else 0.0
        if status is Status.FROZEN_SELF_DECLARED:
            weight = frozen_weight
        for i, entry in enumerate(assessment.entries.value):
            if entry.victim not in scenario.states:
                problems.append(
                    Problem(
                        f"unknown victim {entry.victim!r}",
                        path=f"threat_assessments.{sid}.entries.value.{i}.victim",
                        expected="a state id from the states section",
                    )
                )
                continue
            key = (entry.kind, entry.victim)
            views.setdefault(key, {})[sid] = MemberView(entry.likelihood, entry.impact, weight)
            if entry.area:
                areas.setdefault(key, set()).add(entry.area)
    if problems:
        raise ScenarioError(problems)
    rows = [
        _row(scenario, key, v, tuple(sorted(areas.get(key, set())))) for key, v in views.items()
    ]
    rows.sort(key=lambda r: (-r.risk, r.kind, r.victim))
    return RiskRegister(day, tuple(sorted(scenario.threat_assessments)), tuple(rows))


def _frozen_weight(scenario: Scenario) -> float:
    entry = scenario.assumptions.get("threat_frozen_weight")
    value = entry.value if entry is not None else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ScenarioError(
            [
                Problem(
                    f"threat_frozen_weight is {value!r}",
                    path="assumptions.threat_frozen_weight",
                    expected="a number in [0, 1]",
                )
            ]
        )
    return float(value)


def _row(
    scenario: Scenario, key: tuple[str, str], views: dict[str, MemberView], areas: tuple[str, ...]
) -> RiskRow:
    counted = [v for v in views.values() if v.weight > 0]
    total = sum(v.weight for v in counted)
    likelihood = sum(v.weight * v.likelihood for v in counted) / total if total else 0.0
    impact = sum(v.weight * v.impact for v in counted) / total if total else 0.0
    spread = (
        max(v.likelihood for v in counted) - min(v.likelihood for v in counted) if counted else 0.0
    )
    return RiskRow(
        kind=key[0],
        victim=key[1],
        areas=areas,
        views=dict(sorted(views.items())),
        likelihood=likelihood,
        impact=impact,
        spread=spread,
        crisis=_crisis_for(scenario, key[0], key[1]),
    )


def _crisis_for(scenario: Scenario, kind: str, victim: str) -> str | None:
    same_kind = [cid for cid, c in sorted(scenario.crises.items()) if c.kind == kind]
    exact = [cid for cid in same_kind if scenario.crises[cid].victim == victim]
    found = exact or same_kind
    return found[0] if found else None


def draw_threat(register: RiskRegister, rng: np.random.Generator) -> ThreatDraw:
    """Draw one episode's crisis with probability proportional to the alliance's likelihood.

    Only rows with a catalogue crisis to run and a positive likelihood take part. One call
    uses exactly one uniform draw from `rng`, so episodes seeded alike draw alike.

    Raises:
        ScenarioError: when no row can be drawn.
    """
    rows = [(r, r.crisis) for r in register.rows if r.crisis is not None and r.likelihood > 0]
    if not rows:
        raise ScenarioError(
            [
                Problem(
                    "the risk register has no crisis to draw",
                    path="threat_assessments",
                    expected="an entry with likelihood > 0 whose kind has a crisis in `crises`",
                )
            ]
        )
    weights = np.array([r.likelihood for r, _ in rows])
    cumulative = np.cumsum(weights / weights.sum())
    u = float(rng.random())
    i = min(int(np.searchsorted(cumulative, u, side="right")), len(rows) - 1)
    row, crisis = rows[i]
    return ThreatDraw(row.kind, row.victim, crisis)
