"""Crises as the simulator runs them: from the catalogue, or from a historical case.

A `CrisisSpec` is the one shape an episode needs, whether it comes from the scenario's
`crises` section (`collsec simulate`) or from a case (`collsec backtest`): the victim, the
threat, its start, its size and duration, and whether the request is given or left to the
behaviour model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from collsec.charter.measures import ThreatKind
from collsec.errors import Problem, UsageError
from collsec.scenario.cases import Case
from collsec.scenario.crises import Crisis
from collsec.scenario.models import Scenario
from collsec.sim.assumptions import Tri

__all__ = ["CrisisSpec", "catalogue", "spec_for_case", "spec_for_crisis"]


@dataclass(frozen=True)
class CrisisSpec:
    """One crisis ready to simulate.

    Attributes:
        id: The crisis or case id.
        kind: The threat kind, as the charter names it.
        victim: The threatened member.
        adversary: A state id, a non-state actor's name, or None.
        second_party: For a clash between members, the other member.
        backing_claimed: Whether the victim presents the threat as backed from abroad.
        start: When the crisis starts (timezone-aware); hours are counted from it.
        lat: Latitude of the crisis location.
        lon: Longitude of the crisis location.
        size: Adversary strength (personnel).
        duration_days: How long the threat lasts unmet.
        escalation: Daily chance an unmet threat grows by half.
        requirement_personnel: Personnel the operation asks for.
        requested: Given request (True/False), or None for the model to decide.
        from_request: Whether `start` is the request itself (cases) rather than the threat.
    """

    id: str
    kind: ThreatKind
    victim: str
    adversary: str | None
    second_party: str | None
    backing_claimed: bool
    start: datetime
    lat: float
    lon: float
    size: Tri
    duration_days: Tri
    escalation: float
    requirement_personnel: int
    requested: bool | None
    from_request: bool


def catalogue(scenario: Scenario) -> list[tuple[str, Crisis]]:
    """The crises of the scenario, the default first, then by id."""
    return sorted(scenario.crises.items(), key=lambda item: (not item[1].default, item[0]))


def _tri(value: object, where: str) -> Tri:
    low, mode, high = (getattr(value, k) for k in ("low", "mode", "high"))
    if not isinstance(low, float | int):
        raise UsageError(f"{where} is not a range")
    return Tri(float(low), float(mode), float(high))


def spec_for_crisis(
    scenario: Scenario, crisis_id: str | None, victim: str | None = None
) -> CrisisSpec:
    """The crisis `crisis_id` (the default when None), optionally on another victim.

    The crisis starts at noon UTC on the scenario's `as_of` date, so the law and relations in
    force that day apply and no clock is read.

    Raises:
        UsageError: unknown crisis id, no crisis in the scenario, or an unknown victim.
    """
    entries = catalogue(scenario)
    if not entries:
        raise UsageError(
            [Problem("the scenario has no crises", path="crises", expected="a crisis")]
        )
    if crisis_id is None:
        crisis_id, crisis = entries[0]
    elif crisis_id in scenario.crises:
        crisis = scenario.crises[crisis_id]
    else:
        known = ", ".join(k for k, _ in entries)
        raise UsageError(
            [Problem(f"unknown crisis {crisis_id!r}", file="--crisis", expected=f"one of {known}")]
        )
    chosen = victim.upper() if victim else crisis.victim
    if chosen not in scenario.states:
        known = ", ".join(sorted(scenario.states))
        raise UsageError(
            [Problem(f"unknown state {victim!r}", file="--victim", expected=f"one of {known}")]
        )
    return CrisisSpec(
        id=crisis_id,
        kind=ThreatKind(crisis.kind),
        victim=chosen,
        adversary=crisis.adversary,
        second_party=crisis.second_party,
        backing_claimed=crisis.external_backing_claimed,
        start=datetime.combine(scenario.as_of, time(12, 0), tzinfo=UTC),
        lat=crisis.location.lat,
        lon=crisis.location.lon,
        size=_tri(crisis.size.value, f"crises.{crisis_id}.size"),
        duration_days=_tri(crisis.duration_days.value, f"crises.{crisis_id}.duration_days"),
        escalation=float(crisis.escalation.value),
        requirement_personnel=int(crisis.requirement_personnel.value),
        requested=None,
        from_request=False,
    )


def spec_for_case(scenario: Scenario, case: Case) -> CrisisSpec:
    """A historical case as a crisis: its own facts, and the catalogue's size for its kind.

    Size, duration and the operation's requirement are not case data (they would let a case
    steer its own outcome); they come from the first catalogue crisis of the same kind, or the
    default crisis when none has that kind. The location is the case's own (`location`, where
    the crisis happened), else the victim's capital.
    """
    same = [c for _, c in catalogue(scenario) if c.kind == case.kind]
    template = same[0] if same else catalogue(scenario)[0][1]
    spec = spec_for_crisis(
        scenario, next(k for k, c in scenario.crises.items() if c is template), None
    )
    lat, lon = spec.lat, spec.lon
    if case.location is not None:
        lat, lon = case.location.lat, case.location.lon
    elif case.victim in scenario.states:
        capital = scenario.states[case.victim].capital
        lat, lon = capital.lat, capital.lon
    return CrisisSpec(
        id=case.id,
        kind=ThreatKind(case.kind),
        victim=case.victim,
        adversary=case.adversary,
        second_party=case.second_party,
        backing_claimed=case.external_backing_claimed,
        start=case.start,
        lat=lat,
        lon=lon,
        size=spec.size,
        duration_days=spec.duration_days,
        escalation=spec.escalation,
        requirement_personnel=spec.requirement_personnel,
        requested=case.requested,
        from_request=True,
    )
