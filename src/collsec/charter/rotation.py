"""Rotating offices: the Council's chair and the Secretary General.

Past holders come from the scenario (`chairs`, `secretaries_general`): they do not always follow
the rule (Russia chaired in 2009-10 after Belarus's boycott; Bordyuzha served 2003-2016). From
the last recorded holder on, the rule computes them: the chair passes each calendar year to the
next member in Russian alphabetical order of `State.name_ru` (research R10); the Secretary
General serves three-year terms in the same order (R14). A recorded holder without an end date
serves the rule's term, cut short by the next record; gaps between records are computed too.
Whether a member that declared a freeze takes its turn is `rules.skip_frozen_in_rotation`
(default false: it is still a member).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from collsec.charter.catalogue import bases
from collsec.charter.membership import add_months
from collsec.charter.standing import members_on
from collsec.errors import CharterError
from collsec.scenario.models import OfficeHolder, Scenario, Status

__all__ = [
    "Holder",
    "Office",
    "chair_on",
    "rotation_order",
    "russian_alphabetical_key",
    "secretary_general_on",
]

_DAY = timedelta(days=1)
_HALF_YEAR_DAYS = 182


class Office(StrEnum):
    """The two offices that rotate among members."""

    CHAIR = "chair"
    SECRETARY_GENERAL = "secretary_general"


_RULE = {Office.CHAIR: "chair-rotation", Office.SECRETARY_GENERAL: "sg-rotation"}


@dataclass(frozen=True)
class Holder:
    """Who holds an office on a date: recorded in the data, or computed by the rule."""

    office: Office
    state: str
    start: date
    end: date
    person: str | None
    computed: bool
    acting: bool
    basis: tuple[str, ...]
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """The holder as plain data (`collsec chair --json`)."""
        return {
            "office": self.office.value,
            "state": self.state,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "person": self.person,
            "computed": self.computed,
            "acting": self.acting,
            "basis": list(self.basis),
            "explanation": self.explanation,
        }


def russian_alphabetical_key(name: str) -> tuple[int, ...]:
    """Sort key for Russian alphabetical order (Ё files right after Е, not after Я)."""
    return tuple(2 * ord("е") + 1 if ch == "ё" else 2 * ord(ch) for ch in name.casefold())


def rotation_order(scenario: Scenario, at: date) -> list[str]:
    """The members that take a turn on `at`, in Russian alphabetical order of `name_ru`."""
    skip_frozen = scenario.rules.skip_frozen_in_rotation
    eligible = [
        s.id
        for s in members_on(scenario, at)
        if not (skip_frozen and s.status is Status.FROZEN_SELF_DECLARED)
    ]
    return sorted(eligible, key=lambda i: russian_alphabetical_key(scenario.states[i].name_ru))


def _rule_end(office: Office, start: date) -> date:
    """The last day of a term that starts on `start`, by the rule.

    A chair's term ends on 31 December; one that would last under half a year (the chair passed
    at a December session, as before 2024) runs to the end of the next year instead.
    """
    if office is Office.CHAIR:
        end = date(start.year, 12, 31)
        return end if (end - start).days >= _HALF_YEAR_DAYS else date(start.year + 1, 12, 31)
    return add_months(start, 36) - _DAY


def _successor(scenario: Scenario, previous: str, at: date, office: Office) -> str:
    order = rotation_order(scenario, at)
    if not order:
        raise CharterError(
            f"no member can take the {office.value} on {at.isoformat()}", list(bases(_RULE[office]))
        )
    try:
        after = russian_alphabetical_key(scenario.states[previous].name_ru)
    except KeyError:
        raise CharterError(
            f"the recorded holder {previous} is not a state of the scenario"
        ) from None
    for state in order:
        if russian_alphabetical_key(scenario.states[state].name_ru) > after:
            return state
    return order[0]


def _holder_on(scenario: Scenario, office: Office, records: list[OfficeHolder], at: date) -> Holder:
    rule_id = _RULE[office]
    ordered = sorted(records, key=lambda r: r.start)
    if not ordered or at < ordered[0].start:
        first = ordered[0].start.isoformat() if ordered else "none"
        raise CharterError(
            f"no {office.value} is recorded before {at.isoformat()} (first record: {first}); "
            "the rule computes holders only after a recorded one",
            list(bases(rule_id)),
        )
    ends = []
    for index, record in enumerate(ordered):
        if record.end is not None:
            ends.append(record.end)
        elif index + 1 < len(ordered):
            ends.append(min(_rule_end(office, record.start), ordered[index + 1].start - _DAY))
        else:
            ends.append(_rule_end(office, record.start))
    last = max(i for i, record in enumerate(ordered) if record.start <= at)
    record = ordered[last]
    if at <= ends[last]:
        return Holder(
            office=office,
            state=record.state,
            start=record.start,
            end=ends[last],
            person=record.person,
            computed=False,
            acting=record.acting,
            basis=bases(rule_id),
            explanation=f"Recorded holder of the {office.value} from {record.start.isoformat()}.",
        )
    limit = ordered[last + 1].start - _DAY if last + 1 < len(ordered) else date.max
    state, start = record.state, ends[last] + _DAY
    while True:
        state = _successor(scenario, state, start, office)
        end = min(_rule_end(office, start), limit)
        if at <= end:
            return Holder(
                office=office,
                state=state,
                start=start,
                end=end,
                person=None,
                computed=True,
                acting=False,
                basis=bases(rule_id),
                explanation=(
                    f"Computed by the rotation rule: next after the previous holder in Russian "
                    f"alphabetical order among the members on {start.isoformat()}."
                ),
            )
        start = end + _DAY


def chair_on(scenario: Scenario, at: date) -> Holder:
    """The state chairing the Collective Security Council on `at`.

    Raises:
        CharterError: `at` precedes every recorded chair, or no member can take the turn.
    """
    return _holder_on(scenario, Office.CHAIR, list(scenario.chairs), at)


def secretary_general_on(scenario: Scenario, at: date) -> Holder:
    """The state whose national is Secretary General on `at`.

    Raises:
        CharterError: `at` precedes every recorded Secretary General, or no member can serve.
    """
    return _holder_on(scenario, Office.SECRETARY_GENERAL, list(scenario.secretaries_general), at)
