"""Small STIX 2.1 objects for the tests."""

from __future__ import annotations

import uuid
from typing import Any

from collsec.intel.tlp import TLP, TLP_MARKING_IDS


def indicator(
    value: str = "10.0.0.1",
    tlp: TLP | None = TLP.GREEN,
    *,
    recipients: list[str] | None = None,
    modified: str = "2024-01-01T00:00:00.000Z",
    ident: str | None = None,
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": ident or f"indicator--{uuid.uuid4()}",
        "created": "2024-01-01T00:00:00.000Z",
        "modified": modified,
        "pattern": f"[ipv4-addr:value = '{value}']",
        "pattern_type": "stix",
        "valid_from": "2024-01-01T00:00:00Z",
    }
    if tlp is not None:
        obj["object_marking_refs"] = [TLP_MARKING_IDS[tlp]]
    if recipients is not None:
        obj["x_collsec_recipients"] = recipients
    return obj


def report(refs: list[str], tlp: TLP = TLP.CLEAR) -> dict[str, Any]:
    return {
        "type": "report",
        "spec_version": "2.1",
        "id": f"report--{uuid.uuid4()}",
        "created": "2024-02-01T00:00:00.000Z",
        "modified": "2024-02-01T00:00:00.000Z",
        "name": "derived report",
        "published": "2024-02-01T00:00:00Z",
        "object_refs": refs,
        "object_marking_refs": [TLP_MARKING_IDS[tlp]],
    }


def sighting(of: str, tlp: TLP = TLP.GREEN) -> dict[str, Any]:
    return {
        "type": "sighting",
        "spec_version": "2.1",
        "id": f"sighting--{uuid.uuid4()}",
        "created": "2024-03-01T00:00:00.000Z",
        "modified": "2024-03-01T00:00:00.000Z",
        "sighting_of_ref": of,
        "object_marking_refs": [TLP_MARKING_IDS[tlp]],
    }
