"""Small CSTO-like scenarios built in Python, so the charter tests need no data files."""

from __future__ import annotations

from datetime import date
from typing import Any

from collsec.scenario.facts import Confidence, Fact, Source
from collsec.scenario.models import (
    Article,
    Assumption,
    Body,
    BodyKind,
    Capital,
    DecisionRuleSpec,
    Instrument,
    MembershipEvent,
    OfficeHolder,
    RuleSettings,
    Scenario,
    State,
    Status,
)

SRC = [Source(url="https://en.odkb-csto.org/25years/", retrieved=date(2026, 2, 3))]
H = Confidence.H

# id -> (name, name_ru, [(date, status), ...])
HISTORIES: dict[str, tuple[str, str, list[tuple[date, Status]]]] = {
    "ARM": (
        "Armenia",
        "Армения",
        [(date(1992, 5, 15), Status.ACTIVE), (date(2024, 2, 22), Status.FROZEN_SELF_DECLARED)],
    ),
    "BLR": ("Belarus", "Беларусь", [(date(1993, 12, 31), Status.ACTIVE)]),
    "KAZ": ("Kazakhstan", "Казахстан", [(date(1992, 5, 15), Status.ACTIVE)]),
    "KGZ": ("Kyrgyzstan", "Кыргызстан", [(date(1992, 5, 15), Status.ACTIVE)]),
    "RUS": ("Russia", "Россия", [(date(1992, 5, 15), Status.ACTIVE)]),
    "TJK": ("Tajikistan", "Таджикистан", [(date(1992, 5, 15), Status.ACTIVE)]),
    "AZE": (
        "Azerbaijan",
        "Азербайджан",
        [(date(1993, 9, 24), Status.ACTIVE), (date(1999, 4, 20), Status.WITHDRAWN)],
    ),
    "UZB": (
        "Uzbekistan",
        "Узбекистан",
        [
            (date(1992, 5, 15), Status.ACTIVE),
            (date(1999, 4, 20), Status.WITHDRAWN),
            (date(2006, 6, 23), Status.ACTIVE),
            (date(2012, 12, 19), Status.SUSPENDED),
        ],
    ),
}

TIMINGS = {
    "procedure_consultations_delay_h": 4,
    "procedure_decision_delay_h": 6,
    "procedure_order_delay_h": 2,
    "procedure_first_deployment_delay_h": 12,
    "procedure_mission_duration_days": 5,
    "procedure_withdrawal_start_delay_days": 2,
    "procedure_withdrawal_duration_days": 6,
    "frozen_member_default_position": "absent_no_objection",
}


def fact(value: Any) -> Fact[Any]:
    return Fact[Any](value=value, source=SRC, confidence=H)


def state(state_id: str, history: list[tuple[date, Status]] | None = None) -> State:
    name, name_ru, default = HISTORIES[state_id]
    return State(
        name=name,
        name_ru=name_ru,
        capital=Capital(source=SRC, confidence=H, name="Capital", lat=40.0, lon=50.0),
        population=fact(1_000_000),
        population_year=2025,
        gdp_usd=fact(1.0e10),
        gdp_year=2024,
        membership=[
            MembershipEvent(source=SRC, confidence=H, date=day, status=status, event="test")
            for day, status in (history or default)
        ],
    )


def body(name: str, votes: bool) -> Body:
    rule = (
        DecisionRuleSpec(votes=True, substantive="consensus", procedural="threshold")
        if votes
        else DecisionRuleSpec(votes=False)
    )
    return Body(
        source=SRC,
        confidence=H,
        name=name,
        name_ru=name,
        kind=BodyKind.STATUTORY,
        composition="members",
        competence=["decides"],
        decision_rule=rule,
        chair_rule="rotation",
        basis=["Charter Art. 11"],
    )


def article(title: str) -> Article:
    return Article(source=SRC, confidence=H, title=title, summary=f"{title} (summary)")


def instrument(kind: str, signed: date, in_force: date | None, **extra: Any) -> Instrument:
    return Instrument(
        source=SRC, confidence=H, title=kind, kind=kind, signed=signed, in_force=in_force, **extra
    )


INSTRUMENTS = {
    "cst_1992": instrument(
        "treaty",
        date(1992, 5, 15),
        date(1994, 4, 20),
        articles={
            "1": article("Non-aggression"),
            "2": article("Consultations"),
            "4": article("Collective defence against aggression by a state"),
        },
    ),
    "cst_protocol_2010": instrument(
        "protocol",
        date(2010, 12, 10),
        date(2012, 12, 19),
        amends="cst_1992",
        articles={"4": article("Collective defence at the victim's request")},
    ),
    "charter_2002": instrument("charter", date(2002, 10, 7), date(2003, 9, 18)),
    "crisis_regulation_2010": instrument("regulation", date(2010, 12, 10), date(2012, 12, 19)),
    "crisis_regulation_2023": instrument(
        "regulation", date(2023, 11, 23), date(2023, 11, 23), replaces="crisis_regulation_2010"
    ),
}


def holder(state_id: str, start: date, end: date | None, person: str | None = None) -> OfficeHolder:
    return OfficeHolder(
        source=SRC, confidence=H, state=state_id, start=start, end=end, person=person
    )


CHAIRS = [
    holder("ARM", date(2008, 9, 5), date(2009, 6, 13)),
    holder("RUS", date(2009, 6, 14), date(2010, 12, 9)),
    holder("BLR", date(2010, 12, 10), date(2011, 12, 19)),
    holder("KAZ", date(2011, 12, 20), None),
    holder("TJK", date(2014, 12, 23), date(2015, 9, 15)),
    holder("ARM", date(2022, 1, 1), date(2022, 12, 31), "Pashinyan"),
    holder("BLR", date(2023, 1, 1), date(2023, 12, 31)),
    holder("KAZ", date(2024, 1, 1), date(2024, 12, 31)),
    holder("KGZ", date(2025, 1, 1), date(2025, 12, 31)),
    holder("RUS", date(2026, 1, 1), None, "Putin"),
]
SECRETARIES = [
    holder("RUS", date(2003, 4, 28), date(2016, 12, 31), "Bordyuzha"),
    holder("KAZ", date(2023, 1, 1), date(2025, 12, 31), "Tasmagambetov"),
    holder("KGZ", date(2026, 1, 1), None, "Masadykov"),
]


def make_scenario(
    rules: RuleSettings | None = None,
    histories: dict[str, list[tuple[date, Status]]] | None = None,
    assumptions: dict[str, Any] | None = None,
) -> Scenario:
    histories = histories or {}
    values = dict(TIMINGS, **(assumptions or {}))
    return Scenario(
        name="test",
        description="a small CSTO for the charter tests",
        as_of=date(2026, 2, 3),
        states={sid: state(sid, histories.get(sid)) for sid in HISTORIES},
        bodies={
            "CSC": body("Collective Security Council", True),
            "SEC": body("Secretariat", False),
        },
        instruments=INSTRUMENTS,
        forces={},
        airfields={},
        aircraft={},
        history=[],
        chairs=CHAIRS,
        secretaries_general=SECRETARIES,
        rules=rules or RuleSettings(),
        assumptions={k: Assumption(value=v, reasoning="test value") for k, v in values.items()},
    )
