"""Relations between states as dated data: treaties, bases, arms supplies and clashes.

Government behaviour reads the ties in force on a crisis's date, never flags on a case: the
same ties explain why Russia backs a collective deployment to Kazakhstan and holds back when
Azerbaijan, its declared ally since February 2022, strikes Armenia.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from collsec.scenario.facts import Record

__all__ = ["Tie", "TieKind"]


class TieKind(StrEnum):
    """What binds (or divides) two states.

    Cooperative ties (alliance, strategic partnership, base, arms supply) pull a government
    towards the other state; a clash or war pushes it away. Their weights are assumptions
    (`sim_tie_weight_*`), explained in docs/behaviour.md.
    """

    ALLIANCE = "alliance"
    STRATEGIC_PARTNERSHIP = "strategic_partnership"
    BASE = "base"
    ARMS_SUPPLY = "arms_supply"
    CLASH = "clash"
    WAR = "war"
    RIVAL_BLOC = "rival_bloc"


class Tie(Record):
    """One dated tie between two states (`a` and `b`, order irrelevant).

    A tie holds from `start` to `end` (open when None). A clash or war also lingers after it
    ends, for `assumptions.sim_clash_memory_years`, as resentment does.
    """

    a: str = Field(pattern=r"^[A-Z]{3}$")
    b: str = Field(pattern=r"^[A-Z]{3}$")
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
