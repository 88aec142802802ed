"""The rule catalogue: every rule the engine applies, with its basis and its sources.

This module is the single source of every basis string the engine returns: the other charter
modules refer to rules by id (`basis("consensus")`) and never spell an article themselves, so
a correction to a citation is made here once. Each entry keeps the research reference
(R-number in `shared/research/csto-rules.md`), the research's confidence (H, M, L), a summary
in our own words, the `rules.*` setting that configures it (if any) and its sources.

Entries whose wording the research could not read are marked with `open_question`: the engine
still applies them, through a named setting or timing assumption with the best-sourced
default, and the note says what a reader of the full text should check.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from collsec.charter.catalogue import assistance, deciding, organization
from collsec.charter.catalogue.rule import (
    BASES_PROTOCOL_SIGNED,
    NOTICE_MONTHS,
    PARTNER_STATUS_FROM,
    TREATY_TERM_YEARS,
    Rule,
)
from collsec.errors import UsageError

__all__ = [
    "BASES_PROTOCOL_SIGNED",
    "NOTICE_MONTHS",
    "PARTNER_STATUS_FROM",
    "RULES",
    "TREATY_TERM_YEARS",
    "Rule",
    "bases",
    "basis",
    "rule",
]

_ENTRIES = organization.ENTRIES + deciding.ENTRIES + assistance.ENTRIES

#: Every rule, by id, in catalogue order.
RULES: Mapping[str, Rule] = MappingProxyType({entry.id: entry for entry in _ENTRIES})


def rule(rule_id: str) -> Rule:
    """The catalogue entry for `rule_id`.

    Raises:
        UsageError: the id is not in the catalogue (the message lists the known ids).
    """
    try:
        return RULES[rule_id]
    except KeyError:
        known = ", ".join(sorted(RULES))
        raise UsageError(f"unknown rule {rule_id!r}; known rules: {known}") from None


def basis(rule_id: str) -> str:
    """The basis string for one rule, as attached to an engine outcome."""
    return rule(rule_id).basis


def bases(*rule_ids: str) -> tuple[str, ...]:
    """The basis strings for several rules, in the order given, without repeats."""
    return tuple(dict.fromkeys(basis(rule_id) for rule_id in rule_ids))
