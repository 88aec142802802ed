"""Who is a member on a date, in what capacity, and who may vote.

A state's status on a date is the latest dated entry of its membership history (research R1).
`active` and `frozen_self_declared` states are members: a freeze is behaviour, not law (R5).
Before the Charter was signed (7 Oct 2002) the states were parties to the Treaty; after, members
of the Organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from collsec.charter.law import charter_id
from collsec.scenario.models import Scenario, Status

__all__ = [
    "MEMBER_STATUSES",
    "Capacity",
    "MemberStanding",
    "members_on",
    "organization_founded",
]

#: Statuses that make a state a member on a date (a self-declared freeze is not a legal status).
MEMBER_STATUSES = frozenset({Status.ACTIVE, Status.FROZEN_SELF_DECLARED})


class Capacity(StrEnum):
    """In what capacity a state belongs: party to the Treaty, or member of the Organization."""

    TREATY_PARTY = "treaty_party"
    MEMBER = "member"


@dataclass(frozen=True)
class MemberStanding:
    """One state's standing on a date."""

    id: str
    name: str
    status: Status
    capacity: Capacity

    def to_dict(self) -> dict[str, str]:
        """The standing as plain data (`collsec members --json`)."""
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status.value,
            "capacity": self.capacity.value,
        }


def organization_founded(scenario: Scenario) -> date | None:
    """The date the Organization came into being: its charter's signature (7 Oct 2002)."""
    found = charter_id(scenario)
    return scenario.instruments[found].signed if found else None


def members_on(scenario: Scenario, at: date, include_all: bool = False) -> list[MemberStanding]:
    """The states that are members on `at`, sorted by id.

    Args:
        scenario: The world.
        at: The date asked about.
        include_all: Also list suspended, withdrawn and expelled states (any state with a status
            on that date), not only `active` and `frozen_self_declared` ones.
    """
    founded = organization_founded(scenario)
    capacity = Capacity.TREATY_PARTY if founded is not None and at < founded else Capacity.MEMBER
    standings = []
    for state_id in sorted(scenario.states):
        state = scenario.states[state_id]
        status = state.status_on(at)
        if status is None or not (include_all or status in MEMBER_STATUSES):
            continue
        standings.append(MemberStanding(state_id, state.name, status, capacity))
    return standings
