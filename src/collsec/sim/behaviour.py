"""Government behaviour: who asks for help, who backs which measure, who sends troops.

One transparent model explains every case (docs/behaviour.md). Each government's choice is a
logistic function of a few observable inputs: the kind of threat, whether the victim claims
foreign backing, the dated ties (`relations`) between the government and the victim, the
adversary and the leading state, its exposure (shared border, distance between capitals), the
leading state's stance, and a self-declared freeze. The weights are scenario assumptions
(`sim_*`); nothing here knows any particular case.

Everything that does not depend on chance is computed once per crisis (`Behaviour.for_crisis`);
an episode only compares uniform draws with these probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from collsec.charter.measures import Measure
from collsec.charter.positions import Position
from collsec.charter.standing import members_on
from collsec.charter.timings import timings_from
from collsec.planning.geo import great_circle_km
from collsec.scenario.models import Scenario, Status
from collsec.scenario.relations import TieKind
from collsec.sim.assumptions import SimParameters
from collsec.sim.crises import CrisisSpec

__all__ = [
    "ASSISTANCE",
    "HOSTILE_TIES",
    "Behaviour",
    "MemberOdds",
    "affinity",
    "exposure",
    "logistic",
]

#: Ties that push governments apart and linger after they end.
HOSTILE_TIES = frozenset({TieKind.CLASH, TieKind.WAR, TieKind.RIVAL_BLOC, TieKind.HOSTILITY})
#: The measures a Council votes on (`nothing` needs no vote).
VOTED = tuple(m for m in Measure if m is not Measure.NOTHING)
#: The measures that help the victim on or for its territory; a victim that has not asked for
#: help leans against them (`sim_position_weights.unrequested`). A statement is not help.
ASSISTANCE = frozenset(
    {Measure.COLLECTIVE_FORCES, Measure.MONITORING_MISSION, Measure.MILITARY_TECHNICAL_AID}
)


def logistic(z: float) -> float:
    """The logistic function, the link of every choice in the model."""
    return 1.0 / (1.0 + math.exp(-z))


def affinity(scenario: Scenario, params: SimParameters, x: str, y: str | None, day: date) -> float:
    """Sum of the weights of the ties between `x` and `y` in force on `day` (0 if none).

    A hostile tie counts from its start until `sim_clash_memory_years` after its end.
    """
    if y is None or x == y:
        return 0.0
    total = 0.0
    memory = params.clash_memory_years * 365.25
    for tie in scenario.relations:
        if {tie.a, tie.b} != {x, y} or tie.start > day:
            continue
        end = tie.end
        if end is not None:
            lasts = memory if tie.kind in HOSTILE_TIES else 0.0
            if (day - end).days > lasts:
                continue
        total += params.tie_weights.get(tie.kind.value, 0.0)
    return total


def exposure(scenario: Scenario, params: SimParameters, member: str, victim: str) -> float:
    """How directly a crisis in `victim` touches `member`: 1 with a shared border, else decay.

    Without a border, exposure is exp(-d / scale) for the distance d between capitals; the
    victim itself is fully exposed.
    """
    if member == victim:
        return 1.0
    states = scenario.states
    if member not in states or victim not in states:
        return 0.0
    a, b = states[member], states[victim]
    if any(x.neighbour == victim for x in a.borders) or any(
        x.neighbour == member for x in b.borders
    ):
        return 1.0
    km = great_circle_km(a.capital.lat, a.capital.lon, b.capital.lat, b.capital.lon)
    return math.exp(-km / params.position.exposure_scale_km)


@dataclass(frozen=True)
class MemberOdds:
    """One member's chance of backing one measure, depending on the leader's stance."""

    member: str
    if_leader_backs: float
    if_leader_does_not: float
    objects: float


@dataclass(frozen=True)
class Behaviour:
    """The fixed part of the behaviour model for one crisis on its date.

    Attributes:
        leader: The leading state, if it is a voting member on the day (else None).
        members: The members on the day, sorted.
        frozen: Members that declared a freeze; they take the frozen default position.
        frozen_position: That position (from the scenario, via the charter's timings).
        request: Chance that the victim requests assistance.
        leader_backs: Per measure, the chance that the leading state backs it.
        odds: Per measure, each other member's odds.
        offer: Chance that a member backing collective forces sends its contingents.
        victim: The victim.
        object_share: Per measure, the chance that a member not backing it objects.
        unrequested: Per assistance measure, the victim's odds when it has not asked for help:
            it backs far less, and objects whenever it does not back (help it did not ask for
            is an intrusion on its territory, not a draft it can leave to others).
    """

    leader: str | None
    members: tuple[str, ...]
    frozen: frozenset[str]
    frozen_position: Position
    request: float
    leader_backs: dict[Measure, float]
    odds: dict[Measure, tuple[MemberOdds, ...]]
    offer: float
    victim: str
    object_share: dict[Measure, float]
    unrequested: dict[Measure, MemberOdds]

    @classmethod
    def for_crisis(cls, scenario: Scenario, params: SimParameters, spec: CrisisSpec) -> Behaviour:
        """Compute every probability of the model for `spec` on its start date."""
        day = spec.start.date()
        standings = members_on(scenario, day)
        members = tuple(s.id for s in standings)
        frozen = frozenset(s.id for s in standings if s.status is Status.FROZEN_SELF_DECLARED)
        leader = params.leading_state if params.leading_state in members else None
        adversary = spec.second_party or (
            spec.adversary
            if spec.adversary in scenario.states or _is_state_id(spec.adversary)
            else None
        )
        rw = params.request
        z = (
            rw.base
            + rw.kind.get(spec.kind.value, 0.0)
            + rw.backing_claimed * spec.backing_claimed
            + rw.frozen * (spec.victim in frozen)
        )
        if leader is not None:
            z += rw.leader_tie * affinity(scenario, params, spec.victim, leader, day)
            z -= rw.leader_adversary_tie * max(
                0.0, affinity(scenario, params, leader, adversary, day)
            )
        leader_backs: dict[Measure, float] = {}
        odds: dict[Measure, tuple[MemberOdds, ...]] = {}
        unrequested: dict[Measure, MemberOdds] = {}
        for measure in VOTED:
            base = _measure_term(params, spec, measure)
            share = params.object_share.get(measure.value, 0.0)

            def member_z(m: str, base: float = base) -> float:
                pw = params.position
                return (
                    base
                    + pw.victim_tie * affinity(scenario, params, m, spec.victim, day)
                    - pw.adversary_tie * affinity(scenario, params, m, adversary, day)
                    + pw.exposure * exposure(scenario, params, m, spec.victim)
                    + pw.frozen * (m in frozen)
                )

            leader_backs[measure] = logistic(member_z(leader)) if leader else 0.0
            follow = params.position.follow_leader
            odds[measure] = tuple(
                MemberOdds(
                    m,
                    logistic(member_z(m) + follow),
                    logistic(member_z(m) - follow if leader else member_z(m)),
                    0.0 if m == spec.victim else share,
                )
                for m in members
                if m != leader
            )
            if measure in ASSISTANCE:
                z_unasked = member_z(spec.victim) + params.position.unrequested
                follow_if = follow if leader not in (None, spec.victim) else 0.0
                unrequested[measure] = MemberOdds(
                    spec.victim,
                    logistic(z_unasked + follow_if),
                    logistic(z_unasked - follow_if),
                    1.0,
                )
        return cls(
            leader=leader,
            members=members,
            frozen=frozen,
            frozen_position=timings_from(scenario).frozen_member_default_position,
            request=logistic(z),
            leader_backs=leader_backs,
            odds=odds,
            offer=params.offer_probability,
            victim=spec.victim,
            object_share={m: params.object_share.get(m.value, 0.0) for m in VOTED},
            unrequested=unrequested,
        )

    def positions(
        self,
        measure: Measure,
        draws: Iterator[float],
        leader_objects: float,
        requested: bool = True,
    ) -> tuple[tuple[str, Position], ...]:
        """Draw every member's position on a draft of `measure` (sorted by state id).

        The leading state draws first and the others, the victim included, lean its way; a
        frozen member other than the victim takes the frozen default. A member that does not
        back the draft objects with the measure's objection share (the victim never objects
        to help it asked for), else stays out without blocking; the leading state, which
        carries collective forces, objects with `sim_leader_objects`. A victim that has not
        asked (`requested` false) draws on assistance measures with its `unrequested` odds.
        """
        return self.coded_positions(measure, draws, leader_objects, requested)[1]

    def coded_positions(
        self,
        measure: Measure,
        draws: Iterator[float],
        leader_objects: float,
        requested: bool = True,
    ) -> tuple[int, tuple[tuple[str, Position], ...]]:
        """`positions`, with a small integer that identifies them for this measure.

        The code has one base-4 digit per member in drawing order (support, object, not
        joining, fixed), so the simulator can cache the Council's answers under an integer
        instead of hashing a tuple of enums each episode.
        """
        leader = self.leader
        unasked = not requested and measure in ASSISTANCE
        backs = leader == self.victim and not unasked
        first: tuple[str, Position] | None = None
        code = 0
        if leader is not None and not backs:
            if leader == self.victim:
                backs = next(draws) < self.unrequested[measure].if_leader_backs
            else:
                backs = next(draws) < self.leader_backs[measure]
            if leader in self.frozen:
                first, code = (leader, self.frozen_position), 3
            elif backs:
                first = (leader, Position.SUPPORT)
            else:
                forces = measure is Measure.COLLECTIVE_FORCES
                share = leader_objects if forces else self.object_share[measure]
                if leader == self.victim:
                    share = 1.0
                if next(draws) < share:
                    first, code = (leader, Position.OBJECT), 1
                else:
                    first, code = (leader, Position.NOT_JOINING), 2
        out: list[tuple[str, Position]] = []
        voters = self._unasked_voters[measure] if unasked else self._voters[measure]
        for member, if_backs, if_not, objects, fixed in voters:
            code <<= 2
            if fixed is not None:
                out.append(fixed)
                code += 3
            elif next(draws) < (if_backs if backs else if_not):
                out.append((member, Position.SUPPORT))
            elif next(draws) < objects:
                out.append((member, Position.OBJECT))
                code += 1
            else:
                out.append((member, Position.NOT_JOINING))
                code += 2
        if first is not None:
            out.insert(self._leader_slot, first)
        if unasked and leader is not None and leader == self.victim:
            # the leading state as a victim is left out when it asked and drawn when it did
            # not: a flag above every digit keeps "backs" apart from "left out" (both 0)
            code |= 1 << (2 * len(self.members) + 2)
        return code, tuple(out)

    @cached_property
    def _voters(
        self,
    ) -> dict[Measure, tuple[tuple[str, float, float, float, tuple[str, Position] | None], ...]]:
        """Per measure, each other member's odds in id order, or its fixed (frozen) position."""
        return {
            measure: tuple(
                (
                    o.member,
                    o.if_leader_backs,
                    o.if_leader_does_not,
                    o.objects,
                    (o.member, self.frozen_position)
                    if o.member in self.frozen and o.member != self.victim
                    else None,
                )
                for o in sorted(odds, key=lambda o: o.member)
            )
            for measure, odds in self.odds.items()
        }

    @cached_property
    def _unasked_voters(
        self,
    ) -> dict[Measure, tuple[tuple[str, float, float, float, tuple[str, Position] | None], ...]]:
        """`_voters` for a victim that has not asked: its own entry takes its unasked odds."""
        out = {}
        for measure, voters in self._voters.items():
            odds = self.unrequested.get(measure)
            out[measure] = tuple(
                (v[0], odds.if_leader_backs, odds.if_leader_does_not, odds.objects, v[4])
                if odds is not None and v[0] == self.victim and v[4] is None
                else v
                for v in voters
            )
        return out

    @cached_property
    def _leader_slot(self) -> int:
        """Where the leading state's position goes among the others' (ids in order)."""
        return sum(1 for m in self.members if self.leader is not None and m < self.leader)


def _is_state_id(value: str | None) -> bool:
    return value is not None and len(value) == 3 and value.isalpha() and value.isupper()


def _measure_term(params: SimParameters, spec: CrisisSpec, measure: Measure) -> float:
    pw = params.position
    return (
        pw.base
        + params.measure_weights.get(measure.value, 0.0)
        + params.measure_fit.get(measure.value, {}).get(spec.kind.value, 0.0)
        + pw.kind.get(spec.kind.value, 0.0)
        + pw.backing_claimed * spec.backing_claimed
    )
