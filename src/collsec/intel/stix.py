"""STIX 2.1 validation of posted objects and the facts the hub indexes from them.

Validation uses the `stix2` library (OASIS), which checks required properties, types,
identifiers, timestamps and indicator pattern syntax. Each refusal names the failing field,
as the TAXII 2.1 status resource reports it (`failures[].message`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import stix2  # type: ignore[import-untyped]
from stix2.exceptions import (  # type: ignore[import-untyped]
    ExtraPropertiesError,
    InvalidValueError,
    MissingPropertiesError,
    STIXError,
)

from collsec.intel.tlp import TLP, effective_tlp

__all__ = [
    "ACCEPTED_TYPES",
    "RECIPIENTS",
    "Checked",
    "ObjectRejected",
    "check_object",
    "normalise_timestamp",
]

#: The object types the hub accepts (issue 5, section 6).
ACCEPTED_TYPES = frozenset(
    {
        "attack-pattern",
        "campaign",
        "identity",
        "indicator",
        "intrusion-set",
        "malware",
        "marking-definition",
        "note",
        "observed-data",
        "relationship",
        "report",
        "sighting",
        "threat-actor",
    }
)
#: Longest property name or id the index stores (the accepted types' ids are at most 56).
_MAX_ID = 100
#: The custom property naming the organisations that may read a TLP:RED object.
RECIPIENTS = "x_collsec_recipients"

_TS = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$")
#: The one pattern shape that is checked without the ANTLR parser: a single equality of a
#: common observable property with a plain quoted string, e.g. `[ipv4-addr:value = '1.2.3.4']`.
#: Anything else (hashes, which stix2-patterns checks for length, escapes, operators,
#: qualifiers) goes through the full parser. tests/intel/test_stix.py checks that both
#: accept and reject the same corpus.
_SIMPLE_PATTERN = re.compile(
    r"\[(ipv4-addr|ipv6-addr|domain-name|url|email-addr|mac-addr|file|mutex|directory)"
    r":(value|name|path) ?= ?'[^'\\\x00-\x1f]*'\]"
)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
_INDICATOR_ID = re.compile(rf"indicator--{_UUID}")
_MARKING_ID = re.compile(rf"marking-definition--{_UUID}")
_IDENTITY_ID = re.compile(rf"identity--{_UUID}")
_MILLIS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z")
_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_FAST_PROPERTIES = frozenset(
    {
        "type",
        "spec_version",
        "id",
        "created",
        "modified",
        "name",
        "description",
        "pattern",
        "pattern_type",
        "valid_from",
        "valid_until",
        "labels",
        "confidence",
        "object_marking_refs",
        "created_by_ref",
        RECIPIENTS,
    }
)
_COMPARISON = re.compile(r"([a-z0-9-]+):([A-Za-z0-9_.'\[\]*-]+)\s*=\s*'((?:[^'\\]|\\.)*)'")


class ObjectRejected(ValueError):
    """An object that is not valid STIX 2.1 for the hub; the message names the field."""


@dataclass(frozen=True)
class Checked:
    """A valid object and what the hub indexes about it."""

    obj: dict[str, Any]
    body: str
    stix_id: str
    stix_type: str
    modified: str
    tlp: TLP
    recipients: tuple[str, ...]
    values: frozenset[str]
    refs: frozenset[tuple[str, str]]


def normalise_timestamp(text: str) -> str | None:
    """A STIX timestamp with its fraction padded to microseconds, so text order is time order."""
    # The longest stamp `_TS` accepts has 30 characters; longer text is never cached.
    return _normalise(text) if len(text) <= 30 else None


@functools.lru_cache(maxsize=8192)
def _normalise(text: str) -> str | None:
    """`normalise_timestamp`, cached.

    An envelope checks three or four stamps per object, and the objects of one export mostly
    share them.
    """
    m = _TS.match(text)
    if m is None:
        return None
    try:
        dt.datetime.fromisoformat(m.group(1))
    except ValueError:
        return None
    frac = (m.group(2) or "")[:6].ljust(6, "0")
    return f"{m.group(1)}.{frac}Z"


def _stix_message(exc: STIXError) -> str:
    if isinstance(exc, InvalidValueError):
        return f"{exc.prop_name}: {exc.reason}"
    if isinstance(exc, MissingPropertiesError):
        return f"{', '.join(sorted(exc.properties))}: required property missing"
    if isinstance(exc, ExtraPropertiesError):
        return f"{', '.join(sorted(exc.properties))}: property not allowed"
    return str(exc)


def _values(obj: Mapping[str, Any]) -> set[str]:
    """Correlatable values: `type:path=value` of indicator patterns and observables."""
    found: set[str] = set()
    if obj.get("type") == "indicator" and obj.get("pattern_type") == "stix":
        pattern = str(obj.get("pattern", ""))
        for typ, path, value in _COMPARISON.findall(pattern):
            found.add(f"{typ}:{path.lower()}={value}")
        if not found:
            found.add("pattern:" + " ".join(pattern.split()))
    if obj.get("type") == "observed-data" and isinstance(obj.get("objects"), Mapping):
        for sco in obj["objects"].values():
            if isinstance(sco, Mapping) and isinstance(sco.get("value"), str):
                found.add(f"{sco.get('type')}:value={sco['value']}")
            for alg, digest in (
                (sco.get("hashes") or {}).items() if isinstance(sco, Mapping) else []
            ):
                found.add(f"{sco.get('type')}:hashes.'{str(alg).lower()}'={digest}")
    return {v[:500] for v in found}


def _refs(obj: Mapping[str, Any]) -> set[tuple[str, str]]:
    """Every `*_ref` / `*_refs` target except marking definitions (which are public)."""
    refs: set[tuple[str, str]] = set()
    for prop, value in obj.items():
        if prop == "object_marking_refs":
            continue
        if prop.endswith("_ref") and isinstance(value, str):
            refs.add((prop, value))
        elif prop.endswith("_refs") and isinstance(value, list):
            refs.update((prop, v) for v in value if isinstance(v, str))
    # Ids longer than any accepted type's id cannot name a stored object; they are not indexed.
    return {(p, t) for p, t in refs if len(p) <= _MAX_ID and len(t) <= _MAX_ID}


def _stamp(value: Any, shape: re.Pattern[str]) -> str | None:
    if not isinstance(value, str) or not shape.fullmatch(value):
        return None
    return normalise_timestamp(value)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _plain_indicator_ok(raw: dict[str, Any]) -> bool:
    """Whether an indicator is certainly valid without asking stix2 (an acceptor only).

    It accepts only the common plain shape: known properties with canonical values and a
    simple pattern. Anything else returns False and stix2 decides, so this can speed up
    validation but never accept what stix2 would refuse (tests/intel/test_stix.py checks it).
    """
    if not _FAST_PROPERTIES.issuperset(raw) or raw.get("pattern_type") != "stix":
        return False
    if not isinstance(raw.get("id"), str) or not _INDICATOR_ID.fullmatch(raw["id"]):
        return False
    if not isinstance(raw.get("pattern"), str) or not _SIMPLE_PATTERN.fullmatch(raw["pattern"]):
        return False
    created = _stamp(raw.get("created"), _MILLIS)
    modified = _stamp(raw.get("modified"), _MILLIS)
    valid_from = _stamp(raw.get("valid_from"), _SECONDS)
    if created is None or modified is None or valid_from is None or modified < created:
        return False
    if "valid_until" in raw:
        until = _stamp(raw["valid_until"], _SECONDS)
        if until is None or until <= valid_from:
            return False
    for prop in ("name", "description"):
        if prop in raw and not isinstance(raw[prop], str):
            return False
    if "labels" in raw and not _strings(raw["labels"]):
        return False
    confidence = raw.get("confidence", 0)
    if type(confidence) is not int or not 0 <= confidence <= 100:
        return False
    refs = raw.get(
        "object_marking_refs", ["marking-definition--" + "0" * 8 + "-0000-0000-8000-" + "0" * 12]
    )
    if not _strings(refs) or not all(_MARKING_ID.fullmatch(r) for r in refs):
        return False
    creator = raw.get("created_by_ref", "identity--" + "0" * 8 + "-0000-0000-8000-" + "0" * 12)
    return isinstance(creator, str) and bool(_IDENTITY_ID.fullmatch(creator))


def check_object(raw: Any) -> Checked:
    """Validate one object as STIX 2.1 and extract its facts, or raise ObjectRejected."""
    if not isinstance(raw, dict):
        raise ObjectRejected("object: expected a JSON object")
    typ = raw.get("type")
    if typ not in ACCEPTED_TYPES:
        raise ObjectRejected(f"type: {typ!r} is not an accepted STIX 2.1 type")
    if raw.get("spec_version") != "2.1":
        raise ObjectRejected("spec_version: expected '2.1'")
    recipients = raw.get(RECIPIENTS, [])
    if not isinstance(recipients, list) or not all(isinstance(r, str) and r for r in recipients):
        raise ObjectRejected(f"{RECIPIENTS}: expected a list of organisation names")
    to_parse: dict[str, Any] | None = raw
    if typ == "indicator" and _plain_indicator_ok(raw):
        to_parse = None
    elif (
        typ == "indicator"
        and raw.get("pattern_type") == "stix"
        and isinstance(raw.get("pattern"), str)
        and _SIMPLE_PATTERN.fullmatch(raw["pattern"])
    ):
        # The pattern is known valid; let stix2 check every other property without ANTLR.
        to_parse = {**raw, "pattern_type": "sigma"}
    try:
        if to_parse is not None:
            stix2.parse(to_parse, allow_custom=True)
    except STIXError as exc:
        raise ObjectRejected(_stix_message(exc)) from exc
    except (ValueError, TypeError) as exc:
        raise ObjectRejected(f"object: {exc}") from exc
    stamp = raw.get("modified") or raw.get("created")
    modified = normalise_timestamp(stamp) if isinstance(stamp, str) else None
    if modified is None:
        raise ObjectRejected("modified: expected a STIX timestamp such as 2024-01-01T00:00:00.000Z")
    body = json.dumps(raw, separators=(",", ":"), sort_keys=True)
    if "\\u0000" in body.replace("\\\\", ""):  # a NUL escape, not an escaped backslash
        raise ObjectRejected("object: contains a NUL character (\\u0000), which cannot be stored")
    tlp = effective_tlp(raw)
    if tlp is TLP.RED and not recipients:
        raise ObjectRejected(f"{RECIPIENTS}: a TLP:RED object must name its recipients")
    return Checked(
        obj=raw,
        body=body,
        stix_id=str(raw["id"]),
        stix_type=str(typ),
        modified=modified,
        tlp=tlp,
        recipients=tuple(dict.fromkeys(recipients)),
        values=frozenset(_values(raw)),
        refs=frozenset(_refs(raw)),
    )
