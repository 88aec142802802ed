"""The charter engine: the Treaty's and the Charter's rules as pure functions.

Every function takes facts (a `Scenario`, positions, dates) and returns an outcome with its
legal basis; nothing here reads files, draws random numbers or looks at the clock. Each basis
string comes from the rule catalogue (`collsec.charter.catalogue`), the one place a rule's
citation is written.
"""

from __future__ import annotations

from collsec.charter.catalogue import RULES, Rule, basis, rule
from collsec.charter.decisions import COUNCIL, Decision, decide, foreign_base_allowed
from collsec.charter.law import ArticleText, article_in_force, in_force
from collsec.charter.measures import Measure, ThreatKind, measure_allowed
from collsec.charter.membership import (
    AssociateStatus,
    Renewal,
    Transition,
    TransitionKind,
    admit,
    declare_freeze,
    expel,
    grant_status,
    reinstate,
    suspend,
    treaty_renewals,
    withdraw,
)
from collsec.charter.positions import Position, Question, parse_positions
from collsec.charter.procedure import Case, Forum, Stage, Step
from collsec.charter.rotation import Holder, Office, chair_on, secretary_general_on
from collsec.charter.standing import Capacity, MemberStanding, members_on
from collsec.charter.timings import Timings, timings_from
from collsec.charter.walk import RuledOut, Walk, walk

__all__ = [
    "COUNCIL",
    "RULES",
    "ArticleText",
    "AssociateStatus",
    "Capacity",
    "Case",
    "Decision",
    "Forum",
    "Holder",
    "Measure",
    "MemberStanding",
    "Office",
    "Position",
    "Question",
    "Renewal",
    "Rule",
    "RuledOut",
    "Stage",
    "Step",
    "ThreatKind",
    "Timings",
    "Transition",
    "TransitionKind",
    "Walk",
    "admit",
    "article_in_force",
    "basis",
    "chair_on",
    "decide",
    "declare_freeze",
    "expel",
    "foreign_base_allowed",
    "grant_status",
    "in_force",
    "measure_allowed",
    "members_on",
    "parse_positions",
    "reinstate",
    "rule",
    "secretary_general_on",
    "suspend",
    "timings_from",
    "treaty_renewals",
    "walk",
    "withdraw",
]
