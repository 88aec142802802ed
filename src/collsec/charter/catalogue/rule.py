"""One catalogue entry, and the few legal constants the rules state outright."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from collsec.scenario.facts import Confidence
from collsec.scenario.models import RuleSettings

__all__ = [
    "BASES_PROTOCOL_SIGNED",
    "NOTICE_MONTHS",
    "PARTNER_STATUS_FROM",
    "TREATY_TERM_YEARS",
    "Rule",
]

#: Treaty Art. 11 and the 1999 Protocol: the Treaty runs in five-year periods (R4).
TREATY_TERM_YEARS = 5
#: Charter (withdrawal clause), Treaty Art. 11: written notice six months ahead (R3, R4).
NOTICE_MONTHS = 6
#: The protocol on third-country bases was agreed on 20 Dec 2011 (R20).
BASES_PROTOCOL_SIGNED = date(2011, 12, 20)
#: Protocol No. 3 (8 Nov 2018) created partner status; in force from 19 Jan 2021 (R7).
PARTNER_STATUS_FROM = date(2021, 1, 19)


@dataclass(frozen=True)
class Rule:
    """One rule of the Treaty, the Charter or the practice the engine applies.

    Attributes:
        id: Stable identifier used by the engine and by `collsec rules ID`.
        title: Short name.
        articles: The articles or instruments it rests on, as cited in every basis.
        research: The research reference (R-number, or a Part B/C reference).
        confidence: The research's confidence in the rule's wording (H, M, L).
        summary: What the rule says, in our own words.
        settings: The `rules.*` fields (of `RuleSettings`) that configure it.
        assumptions: The `assumptions.*` entries that configure it.
        sources: Addresses the rule is taken from.
        open_question: What the research could not settle, and the default chosen.
    """

    id: str
    title: str
    articles: tuple[str, ...]
    research: str
    confidence: Confidence
    summary: str
    sources: tuple[str, ...]
    settings: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    open_question: str | None = None

    @property
    def basis(self) -> str:
        """The citation the engine attaches to an outcome resting on this rule."""
        return f"{'; '.join(self.articles)} (rule {self.id}; {self.research})"

    def to_dict(self, settings: RuleSettings | None = None) -> dict[str, Any]:
        """The entry as plain data, for `collsec rules --json`.

        Args:
            settings: The scenario's rule settings; when given, each configuring setting is
                shown with its current value (`setting` is the first, `settings` all of them).
        """
        current = settings or RuleSettings()
        configured = [{"name": name, "value": getattr(current, name)} for name in self.settings]
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "research": self.research,
            "confidence": self.confidence.value,
            "summary": self.summary,
            "setting": configured[0] if configured else None,
            "settings": configured,
            "assumptions": [f"assumptions.{name}" for name in self.assumptions],
            "sources": list(self.sources),
            "open_question": self.open_question,
            "basis": [self.basis],
        }
