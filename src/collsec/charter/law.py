"""The law in force on a date: which instruments apply, and which text of an article.

An instrument applies from its entry into force until an instrument that `replaces` it enters
into force. An article reads as written in the instrument until a protocol that `amends` the
instrument, and carries that article (under the amended instrument's numbering), enters into
force; from then on the protocol's text applies. The 2010 protocols entered into force on
19 Dec 2012, so Kyrgyzstan's request of June 2010 falls under the 1992 text of Art. 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from collsec.charter.catalogue import bases
from collsec.errors import CharterError, UsageError
from collsec.scenario.models import Instrument, Scenario

__all__ = [
    "ArticleText",
    "article_in_force",
    "charter_id",
    "in_force",
    "instrument",
    "treaty_id",
]


@dataclass(frozen=True)
class ArticleText:
    """The text of one article that applies on a date, and where it comes from.

    Attributes:
        instrument: The instrument asked about (e.g. the Treaty).
        article: The article number under that instrument's numbering.
        title: The article's title.
        summary: The article's content in our own words.
        text_of: The instrument whose text applies: `instrument` itself or an amending protocol.
        since: The date that text entered into force.
        amended: Whether an amending protocol's text applies.
        basis: The rules this answer rests on.
    """

    instrument: str
    article: str
    title: str
    summary: str
    text_of: str
    since: date
    amended: bool
    basis: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The answer as plain data."""
        return {
            "instrument": self.instrument,
            "article": self.article,
            "title": self.title,
            "summary": self.summary,
            "text_of": self.text_of,
            "since": self.since.isoformat(),
            "amended": self.amended,
            "basis": list(self.basis),
        }


def instrument(scenario: Scenario, instrument_id: str) -> Instrument:
    """The instrument with this id.

    Raises:
        UsageError: the scenario has no such instrument (the message lists the known ids).
    """
    try:
        return scenario.instruments[instrument_id]
    except KeyError:
        known = ", ".join(sorted(scenario.instruments))
        raise UsageError(f"unknown instrument {instrument_id!r}; known: {known}") from None


def _entered_into_force(item: Instrument, at: date) -> bool:
    return item.in_force is not None and item.in_force <= at


def in_force(scenario: Scenario, instrument_id: str, at: date) -> bool:
    """Whether the instrument applies on `at`: entered into force and not yet replaced."""
    item = instrument(scenario, instrument_id)
    if not _entered_into_force(item, at):
        return False
    return not any(
        other.replaces == instrument_id and _entered_into_force(other, at)
        for other in scenario.instruments.values()
    )


def article_in_force(scenario: Scenario, instrument_id: str, article: str, at: date) -> ArticleText:
    """The text of `article` of `instrument_id` that applies on `at`.

    Among the protocols that amend the instrument, carry the article and are in force on `at`,
    the one that entered into force last supplies the text; with none, the instrument's own text.

    Raises:
        UsageError: unknown instrument, or neither it nor any protocol carries the article.
        CharterError: the instrument is not in force on `at`.
    """
    base = instrument(scenario, instrument_id)
    if not in_force(scenario, instrument_id, at):
        entry = base.in_force.isoformat() if base.in_force else "no recorded date"
        raise CharterError(
            f"{instrument_id} is not in force on {at.isoformat()} (entry into force: {entry})",
            list(bases("text-in-force")),
        )
    amendments = sorted(
        (
            (other.in_force, other_id, other)
            for other_id, other in scenario.instruments.items()
            if other.amends == instrument_id
            and article in other.articles
            and other.in_force is not None
            and in_force(scenario, other_id, at)
        ),
        key=lambda found: (found[0], found[1]),
    )
    if amendments:
        since, text_of, source = amendments[-1]
        text = source.articles[article]
        return ArticleText(
            instrument=instrument_id,
            article=article,
            title=text.title,
            summary=text.summary,
            text_of=text_of,
            since=since,
            amended=True,
            basis=bases("text-in-force"),
        )
    if article not in base.articles or base.in_force is None:
        raise UsageError(f"{instrument_id} has no article {article!r} in this scenario")
    text = base.articles[article]
    return ArticleText(
        instrument=instrument_id,
        article=article,
        title=text.title,
        summary=text.summary,
        text_of=instrument_id,
        since=base.in_force,
        amended=False,
        basis=bases("text-in-force"),
    )


def _sole(scenario: Scenario, kind: str) -> str | None:
    found = sorted(
        item_id
        for item_id, item in scenario.instruments.items()
        if item.kind == kind and item.amends is None and item.replaces is None
    )
    if len(found) > 1:
        raise CharterError(
            f"the scenario has {len(found)} founding instruments of kind {kind!r} "
            f"({', '.join(found)}); expected one"
        )
    return found[0] if found else None


def treaty_id(scenario: Scenario) -> str:
    """The alliance's founding treaty: the one instrument of kind `treaty` amending nothing.

    Raises:
        CharterError: the scenario has none, or more than one.
    """
    found = _sole(scenario, "treaty")
    if found is None:
        raise CharterError("the scenario has no founding instrument of kind 'treaty'")
    return found


def charter_id(scenario: Scenario) -> str | None:
    """The Organization's charter, if the scenario has one (the CSTO's dates from 2002)."""
    return _sole(scenario, "charter")
