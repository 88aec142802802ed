"""`/api/v1` routes that apply the rules: the catalogue, a decision, the Art. 2/4 procedure.

These call `collsec.charter` (the one implementation of each rule, shared with the CLI and the
simulator) and return its answer with the basis of every outcome.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from collsec.charter import RULES, Position, Question, ThreatKind, decide, walk
from collsec.errors import Problem
from collsec.scenario import Scenario
from collsec.service.context import scenario_of
from collsec.service.problems import NotFound

__all__ = ["DecideRequest", "ProcedureRequest", "router"]

router = APIRouter(tags=["rules"])

World = Annotated[Scenario, Depends(scenario_of)]


class DecideRequest(BaseModel):
    """A draft decision put to a body, with each member's position."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field("CSC", description="The deciding body's id.", examples=["CSC"])
    question: Question = Field(Question.SUBSTANTIVE, description="Substantive or procedural.")
    positions: dict[str, Position] = Field(
        default_factory=dict,
        description="Positions by state id; members not listed support.",
        examples=[{"ARM": "absent_silent", "BLR": "support"}],
    )
    at: date | None = Field(None, description="Date of the decision; the scenario's as_of.")


class ProcedureRequest(BaseModel):
    """A threat to a member, from which the Art. 2 / Art. 4 procedure is walked."""

    model_config = ConfigDict(extra="forbid")

    victim: str = Field(description="The member under threat.", examples=["KAZ"])
    threat: ThreatKind = Field(description="The kind of threat.")
    at: datetime = Field(
        description="When the threat arises, ISO 8601 (UTC without offset).",
        examples=["2022-01-05T18:00+06:00"],
    )
    requested: bool = Field(True, description="Whether the victim's head of state asks.")
    characterised_as_aggression: bool | None = Field(
        None, description="The Council's characterisation (Art. 4); default by threat kind."
    )
    positions: dict[str, Position] = Field(
        default_factory=dict, description="Positions by state id on every draft."
    )


@router.get("/rules", summary="The rule catalogue")
def rules(scenario: World) -> list[dict[str, object]]:
    """Every rule the engine applies, with its articles, sources and current setting."""
    return [r.to_dict(scenario.rules) for r in RULES.values()]


@router.get("/rules/{rule_id}", summary="One rule")
def rule(
    scenario: World, rule_id: Annotated[str, Path(description="A rule id, e.g. consensus.")]
) -> dict[str, object]:
    """One rule with its basis; 404 names the known ids when there is no such rule."""
    found = RULES.get(rule_id)
    if found is None:
        raise NotFound(
            [Problem(f"no rule {rule_id!r}", path="rule_id", expected=", ".join(sorted(RULES)))]
        )
    return found.to_dict(scenario.rules)


@router.post("/decide", summary="Apply a body's decision rule")
def decide_draft(scenario: World, request: DecideRequest) -> dict[str, object]:
    """The outcome of one draft: adopted or not, who blocked, who is bound, and the basis."""
    at = request.at if request.at is not None else scenario.as_of
    return decide(scenario, request.body, request.question, request.positions, at).to_dict()


@router.post("/procedure", summary="Walk the Art. 2 / Art. 4 procedure")
def procedure(scenario: World, request: ProcedureRequest) -> dict[str, Any]:
    """Every step from the threat to the close, each with its time and basis."""
    at = request.at if request.at.tzinfo else request.at.replace(tzinfo=UTC)
    result = walk(
        scenario,
        victim=request.victim,
        threat=request.threat,
        at=at,
        requested=request.requested,
        characterised_as_aggression=request.characterised_as_aggression,
        positions=request.positions or None,
    )
    data = result.to_dict()
    data["outcome"] = result.outcome
    return data
