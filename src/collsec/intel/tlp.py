"""TLP 2.0 levels, their official STIX marking-definition ids and how an object's TLP is read.

Basis: FIRST TLP 2.0 (https://www.first.org/tlp/, retrieved 2026-11-29) and the OASIS TLP 2.0
extension definitions (oasis-open/cti-stix-common-objects, extension-definition-specifications/
tlp-2.0, retrieved 2026-11-29; see docs/intel-access.md). The TLP 1.0 ids that the `stix2`
library ships are mapped onto their 2.0 counterparts so clients built on `stix2` interoperate.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

__all__ = [
    "TLP",
    "TLP2_EXTENSION_ID",
    "TLP_MARKING_IDS",
    "UNMARKED",
    "effective_tlp",
    "marking_definition",
]

TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"


class TLP(IntEnum):
    """TLP 2.0 levels, ordered from the least to the most restrictive."""

    CLEAR = 0
    GREEN = 1
    AMBER = 2
    AMBER_STRICT = 3
    RED = 4

    @property
    def label(self) -> str:
        """The TLP 2.0 label as FIRST writes it (`amber+strict`)."""
        return self.name.lower().replace("_", "+")


TLP_MARKING_IDS: Mapping[TLP, str] = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

_TLP1_IDS: Mapping[str, TLP] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": TLP.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": TLP.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": TLP.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": TLP.RED,
}

_BY_ID: Mapping[str, TLP] = {**{v: k for k, v in TLP_MARKING_IDS.items()}, **_TLP1_IDS}

#: What an object without any TLP marking is handled as (docs/intel-access.md, "Words").
UNMARKED = TLP.AMBER


def effective_tlp(obj: Mapping[str, Any]) -> TLP:
    """Return the most restrictive TLP among an object's object and granular markings.

    OpenCTI keeps the highest-order marking per type for the same reason: a granular RED
    marking on one property makes the whole object RED for access, or it would leak.
    """
    refs: list[str] = [r for r in obj.get("object_marking_refs") or [] if isinstance(r, str)]
    for granular in obj.get("granular_markings") or []:
        if isinstance(granular, Mapping) and isinstance(granular.get("marking_ref"), str):
            refs.append(granular["marking_ref"])
    levels = [_BY_ID[r] for r in refs if r in _BY_ID]
    return max(levels) if levels else UNMARKED


def marking_definition(level: TLP) -> dict[str, Any]:
    """The official TLP 2.0 marking-definition object for a level, as OASIS publishes it."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP_MARKING_IDS[level],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{level.label.upper()}",
        "extensions": {
            TLP2_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": level.label}
        },
    }
