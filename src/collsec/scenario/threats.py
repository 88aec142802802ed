"""Members' own threat assessments: how likely and how grave each crisis is, and where.

No member publishes numbers. Each member's table is therefore a named assumption (in the
scenario's `assumptions` section, with its reasoning and the member's documents that inform
it), referenced from here; an analyst replaces it with `--set` or an overlay. The alliance
risk register (`collsec.exercises.threats`) combines the tables and shows disagreement.
"""

from __future__ import annotations

from pydantic import Field

from collsec.scenario.crises import ThreatKindName
from collsec.scenario.facts import Fact, Source, Strict

__all__ = ["MemberAssessment", "ThreatEntry"]


class ThreatEntry(Strict):
    """One line of a member's assessment.

    Attributes:
        kind: The crisis type, as the charter engine names it.
        victim: The member on whose territory the crisis happens (the "region").
        area: A finer place, in words ("Tajik-Afghan border").
        likelihood: Chance the crisis happens within a year, in [0, 1].
        impact: Gravity for the alliance on a 1 (minor) to 5 (existential) scale.
    """

    kind: ThreatKindName
    victim: str = Field(pattern=r"^[A-Z]{3}$")
    area: str | None = None
    likelihood: float = Field(ge=0, le=1)
    impact: float = Field(ge=1, le=5)


class MemberAssessment(Strict):
    """A member's assessment: its entries with their provenance, and what it has published.

    Attributes:
        entries: The table, as a fact (in practice a named assumption).
        published: The member's own documents that inform the table (doctrines, speeches).
    """

    entries: Fact[list[ThreatEntry]]
    published: list[Source] = Field(default_factory=list)
