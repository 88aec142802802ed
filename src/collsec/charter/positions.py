"""A member's position on a draft decision, and the kinds of question a body decides.

The five positions are the ones observed in practice (research R17, R18): a member supports,
objects, declares it will not join (the 2024 budget), stays away having said it does not
object (Bishkek 2025), or stays away saying nothing (Belarus 2009, Minsk 2023).
"""

from __future__ import annotations

from enum import StrEnum

from collsec.errors import UsageError

__all__ = ["Position", "Question", "parse_positions"]


class Position(StrEnum):
    """What one member does about one draft decision."""

    SUPPORT = "support"
    OBJECT = "object"
    NOT_JOINING = "not_joining"
    ABSENT_NO_OBJECTION = "absent_no_objection"
    ABSENT_SILENT = "absent_silent"


class Question(StrEnum):
    """Substantive questions need consensus; procedural ones a threshold (Charter Art. 12)."""

    SUBSTANTIVE = "substantive"
    PROCEDURAL = "procedural"


def parse_positions(text: str) -> dict[str, Position]:
    """Parse `"ARM=absent_silent,BLR=support"` into positions by state id.

    Ids are upper-cased; blanks around items are ignored; an empty string gives no positions.

    Raises:
        UsageError: an item is not `ID=POSITION`, the id is not three letters, the position is
            unknown, or a state is listed twice.
    """
    positions: dict[str, Position] = {}
    known = ", ".join(p.value for p in Position)
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        state, sep, value = item.partition("=")
        state, value = state.strip().upper(), value.strip().lower()
        if not sep or not state or not value:
            raise UsageError(f"--positions: {item!r} is not ID=POSITION (e.g. ARM=absent_silent)")
        if len(state) != 3 or not state.isalpha():
            raise UsageError(f"--positions: {state!r} is not a three-letter state id (e.g. KAZ)")
        try:
            position = Position(value)
        except ValueError:
            raise UsageError(
                f"--positions: unknown position {value!r} for {state}; expected one of {known}"
            ) from None
        if state in positions:
            raise UsageError(f"--positions: {state} is listed twice")
        positions[state] = position
    return positions
