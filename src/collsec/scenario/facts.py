"""Sourced facts: the unit of data in a scenario.

A fact carries its value, where it came from (`source`, with the date the figure was taken)
and how far we trust it (H, M, L as in the research). A value that no source gives is not a
fact but an assumption, kept in the scenario's `assumptions` section and referenced by name.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Alternative",
    "Confidence",
    "Fact",
    "Record",
    "Source",
    "Strict",
]

T = TypeVar("T")


class Strict(BaseModel):
    """Base of every scenario model: unknown fields are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(StrEnum):
    """How far a fact is trusted (the research's scale)."""

    H = "H"
    M = "M"
    L = "L"


class Source(Strict):
    """Where a fact comes from: an address and the date the figure was taken from it."""

    url: str
    retrieved: date
    title: str | None = None

    @field_validator("url")
    @classmethod
    def _url_has_scheme(cls, value: str) -> str:
        if not value.startswith(("http://", "https://", "pypi:", "user:")):
            raise ValueError("a URL starting with http:// or https:// (or pypi:NAME, user:...)")
        return value


class Alternative(Strict, Generic[T]):
    """A value another source gives for the same figure."""

    value: T
    source: list[Source] = Field(min_length=1)
    confidence: Confidence
    note: str | None = None


class Fact(Strict, Generic[T]):
    """A value with its provenance.

    Exactly one provenance is required: `source` (one or more sources), or `assumption`
    (the name of an entry in the scenario's `assumptions` section, whose value this takes).
    """

    value: T
    source: list[Source] = Field(default_factory=list)
    assumption: str | None = None
    confidence: Confidence = Confidence.L
    low: T | None = None
    high: T | None = None
    alternatives: list[Alternative[T]] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _has_provenance(self) -> Fact[T]:
        if not self.source and self.assumption is None:
            raise ValueError("a fact needs a `source` or an `assumption` reference")
        return self


class Record(Strict):
    """A scenario entity whose descriptive fields share one set of sources."""

    source: list[Source] = Field(min_length=1)
    confidence: Confidence
    note: str | None = None
