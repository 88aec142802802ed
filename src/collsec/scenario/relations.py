"""Relations between states as dated data: treaties, bases, arms supplies and clashes.

Government behaviour reads the ties in force on a crisis's date, never flags on a case: the
same ties explain why Russia backs a collective deployment to Kazakhstan and holds back when
Azerbaijan, its declared ally since February 2022, strikes Armenia.

The section is complete by rule, not by taste (docs/behaviour.md): every state that has been
party to the Treaty must have either a recorded tie or an explicit, reasoned "no tie" with
every state in scope, namely the other parties, every state bordering a party (land borders
from the `states` section plus the maritime neighbours the `relations_scope` names), and every
state a party has fought since `relations_scope.since`. `coverage_problems` checks it at load.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from collsec.errors import Problem
from collsec.scenario.facts import Record, Source, Strict

if TYPE_CHECKING:
    from collsec.scenario.models import Scenario

__all__ = [
    "FIGHTING",
    "MaritimeNeighbour",
    "NoTie",
    "RelationsScope",
    "Tie",
    "TieKind",
    "coverage_problems",
    "scope_of",
]

_ISO3 = r"^[A-Z]{3}$"


class TieKind(StrEnum):
    """What binds (or divides) two states.

    Cooperative ties (alliance, strategic partnership, base, arms supply) pull a government
    towards the other state; a clash, war, rival bloc or hostility pushes it away. Their
    weights are assumptions (`sim_tie_weights`), explained in docs/behaviour.md.
    """

    ALLIANCE = "alliance"
    STRATEGIC_PARTNERSHIP = "strategic_partnership"
    BASE = "base"
    ARMS_SUPPLY = "arms_supply"
    CLASH = "clash"
    WAR = "war"
    RIVAL_BLOC = "rival_bloc"
    #: Hostility short of fighting: a closed border and severed relations, a refusal to
    #: recognise the other's government, a formal "unfriendly state" designation, or one's
    #: territory lent to an attacker of the other.
    HOSTILITY = "hostility"


#: Kinds that count as having fought: they bring the other state into the scope.
FIGHTING = frozenset({TieKind.CLASH, TieKind.WAR})


class Tie(Record):
    """One dated tie between two states (`a` and `b`, order irrelevant).

    A tie holds from `start` to `end` (open when None). A hostile tie also lingers after it
    ends, for `assumptions.sim_clash_memory_years`, as resentment does.
    """

    a: str = Field(pattern=_ISO3)
    b: str = Field(pattern=_ISO3)
    kind: TieKind
    start: dt.date
    end: dt.date | None = None
    title: str

    @model_validator(mode="after")
    def _two_states_in_order(self) -> Tie:
        if self.a == self.b:
            raise ValueError("a tie joins two different states")
        if self.end is not None and self.end < self.start:
            raise ValueError("end on or after start")
        return self


class MaritimeNeighbour(Strict):
    """A state across a narrow strait from a party, in scope as a land neighbour would be."""

    member: str = Field(pattern=_ISO3)
    neighbour: str = Field(pattern=_ISO3)
    reasoning: str


class NoTie(Strict):
    """Pairs examined and found without a tie of any modelled kind: neutral by record.

    Each state of `members` with each state of `states`. The absence holds from the scope's
    `since` through `until` (default: the scenario's date); `until` is for former parties,
    whose later ties the model never reads, and must not end before their last membership
    event before the scenario's date. `source` lists what was consulted where a source
    states the absence (optional: an absence is usually a reasoned finding, and `reasoning`
    says what was checked).
    """

    members: list[str] = Field(min_length=1)
    states: list[str] = Field(min_length=1)
    reasoning: str
    until: dt.date | None = None
    source: list[Source] = Field(default_factory=list)


class RelationsScope(Strict):
    """Which pairs the `relations` section must cover, and the pairs recorded as neutral."""

    since: dt.date
    maritime: list[MaritimeNeighbour] = Field(default_factory=list)
    none: list[NoTie] = Field(default_factory=list)


def scope_of(scenario: Scenario) -> tuple[frozenset[str], frozenset[str]]:
    """The parties (a membership event before the scenario's date) and every state in scope.

    In scope: the parties themselves, their land neighbours, the maritime neighbours the
    scope names, and every state with a clash or war with a party since `since`. Only the
    history before the scenario's date counts, so a what-if status (dated on that day by the
    loader) neither adds a party to cover nor invalidates a record.
    """
    scope = scenario.relations_scope
    members = frozenset(
        sid
        for sid, state in scenario.states.items()
        if any(event.date < scenario.as_of for event in state.membership)
    )
    in_scope = set(members)
    for sid in members:
        in_scope.update(border.neighbour for border in scenario.states[sid].borders)
    if scope is not None:
        in_scope.update(m.neighbour for m in scope.maritime if m.member in members)
        for tie in scenario.relations:
            if tie.kind in FIGHTING and tie.start >= scope.since:
                if tie.a in members:
                    in_scope.add(tie.b)
                if tie.b in members:
                    in_scope.add(tie.a)
    return members, frozenset(in_scope)


def coverage_problems(scenario: Scenario) -> list[Problem]:
    """Every gap or contradiction in the relations coverage (none without a scope).

    A party-state pair in scope needs a tie or a `relations_scope.none` entry; a `none`
    entry must name parties and states in scope, must not contradict a recorded tie, and its
    `until` must cover the party's membership history before the scenario's date.
    """
    scope = scenario.relations_scope
    if scope is None:
        return []
    members, in_scope = scope_of(scenario)
    as_of = scenario.as_of
    tied = {frozenset((t.a, t.b)) for t in scenario.relations}
    problems: list[Problem] = []
    for i, m in enumerate(scope.maritime):
        if m.member not in members:
            problems.append(
                Problem(
                    f"{m.member} has never been a party",
                    path=f"relations_scope.maritime.{i}.member",
                    expected=f"one of {', '.join(sorted(members))}",
                )
            )
    neutral: set[frozenset[str]] = set()
    for i, entry in enumerate(scope.none):
        path = f"relations_scope.none.{i}"
        for member in entry.members:
            if member not in members:
                problems.append(
                    Problem(
                        f"{member} has never been a party",
                        path=f"{path}.members",
                        expected=f"one of {', '.join(sorted(members))}",
                    )
                )
                continue
            last = max(e.date for e in scenario.states[member].membership if e.date < as_of)
            if entry.until is not None and entry.until < last:
                problems.append(
                    Problem(
                        f"until {entry.until} ends before {member}'s last membership event",
                        path=f"{path}.until",
                        expected=f"on or after {last}, or no `until`",
                    )
                )
            for other in entry.states:
                pair = frozenset((member, other))
                if other not in in_scope or other == member:
                    problems.append(
                        Problem(
                            f"{other} is not in scope for {member}",
                            path=f"{path}.states",
                            expected="another party, a neighbour or a state a party has fought",
                        )
                    )
                elif pair in tied:
                    problems.append(
                        Problem(
                            f"{member}-{other} is recorded as neutral but has ties",
                            path=f"{path}.states",
                            expected="either ties in `relations` or a `none` entry, not both",
                        )
                    )
                neutral.add(pair)
    seen: set[frozenset[str]] = set()
    for member in sorted(members):
        for other in sorted(in_scope - {member}):
            pair = frozenset((member, other))
            if pair in seen:
                continue
            seen.add(pair)
            if pair not in tied and pair not in neutral:
                problems.append(
                    Problem(
                        f"no relation recorded between {member} and {other}",
                        path="relations_scope.none",
                        expected="a tie in `relations` or a reasoned `none` entry for the pair",
                    )
                )
    return problems
