"""Validation: the fast path for simple patterns accepts and rejects exactly what stix2 does."""

from __future__ import annotations

from typing import Any

import pytest
import stix2
from hypothesis import given, settings
from hypothesis import strategies as st
from stix2patterns.validator import run_validator

from collsec.intel.stix import _SIMPLE_PATTERN, ObjectRejected, check_object, normalise_timestamp

from .stixgen import indicator, report, sighting


@settings(max_examples=300, deadline=None)
@given(st.from_regex(_SIMPLE_PATTERN, fullmatch=True))
def test_every_pattern_the_fast_path_accepts_is_valid_for_the_full_parser(pattern: str) -> None:
    assert run_validator(pattern, stix_version="2.1") == []


def _variants() -> list[Any]:
    good = indicator("192.0.2.1")
    return [
        good,
        dict(good, pattern="[ipv4-addr:value = '192.0.2.1'"),
        dict(good, pattern="[ipv4-addr:value = '192.0.2.1' AND]"),
        dict(good, pattern="[file:hashes.MD5 = 'abc']"),
        dict(good, pattern="[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
        dict(good, pattern="[domain-name:value = 'example.org'] OR [url:value = 'http://x']"),
        dict(good, pattern="[ipv4-addr:value = 'a\\'b']"),
        dict(good, pattern_type="stix", valid_from="not a date"),
        dict(good, id="indicator--not-a-uuid"),
        dict(good, created="2024-13-01T00:00:00.000Z"),
        {k: v for k, v in good.items() if k != "pattern"},
        dict(good, confidence=101),
        dict(good, labels="not a list"),
        report([good["id"]]),
        dict(report([good["id"]]), object_refs=[]),
        sighting(good["id"]),
        dict(sighting(good["id"]), sighting_of_ref="indicator--1"),
        dict(sighting(good["id"]), count=-1),
    ]


@pytest.mark.parametrize("obj", _variants())
def test_the_hub_accepts_an_object_exactly_when_stix2_does(obj: dict[str, Any]) -> None:
    try:
        stix2.parse(obj, allow_custom=True)
        expected = True
    except Exception:
        expected = False
    try:
        check_object(obj)
        accepted = True
    except ObjectRejected:
        accepted = False
    assert accepted == expected


def test_a_refusal_names_the_failing_field() -> None:
    with pytest.raises(ObjectRejected, match=r"^pattern"):
        check_object(dict(indicator(), pattern="[ipv4-addr:value = "))
    with pytest.raises(ObjectRejected, match=r"^spec_version"):
        check_object(dict(indicator(), spec_version="2.0"))


def test_timestamps_are_normalised_to_microseconds_so_text_order_is_time_order() -> None:
    assert normalise_timestamp("2024-01-01T00:00:00Z") == "2024-01-01T00:00:00.000000Z"
    assert normalise_timestamp("2024-01-01T00:00:00.5Z") == "2024-01-01T00:00:00.500000Z"
    assert normalise_timestamp("2024-02-30T00:00:00Z") is None


_STAMPS = [
    "2024-01-01T00:00:00.000Z",
    "2024-01-01T00:00:00Z",
    "2024-02-30T00:00:00.000Z",
    "2023-12-31T23:59:59.999999Z",
    "2024-01-01T00:00:00.0Z",
    "2025-01-01T00:00:00.123Z",
    "yesterday",
    5,
]
_UUIDS = [
    "0f3b0f43-7c43-4a0e-9d3e-6f5a3c1d2e4f",
    "0F3B0F43-7C43-4A0E-9D3E-6F5A3C1D2E4F",
    "0f3b0f43-7c43-4a0e-1d3e-6f5a3c1d2e4f",
    "not-a-uuid",
]
_OPTIONAL: dict[str, list[Any]] = {
    "name": ["x", "", 3, None],
    "description": ["d", ["d"]],
    "valid_until": _STAMPS,
    "labels": [["a"], [], ["a", 1], "a"],
    "confidence": [0, 100, 101, -1, True, 5.0, "5"],
    "object_marking_refs": [[f"marking-definition--{u}"] for u in _UUIDS] + [[], "x"],
    "created_by_ref": [f"identity--{u}" for u in _UUIDS] + [f"indicator--{_UUIDS[0]}"],
    "x_collsec_recipients": [["KAZ-KNB"]],
    "revoked": [False],
}


@st.composite
def indicators(draw: st.DrawFn) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "indicator",
        "spec_version": draw(st.sampled_from(["2.1", "2.1", "2.0"])),
        "id": "indicator--" + draw(st.sampled_from(_UUIDS)),
        "created": draw(st.sampled_from(_STAMPS)),
        "modified": draw(st.sampled_from(_STAMPS)),
        "pattern": draw(
            st.one_of(
                st.from_regex(_SIMPLE_PATTERN, fullmatch=True),
                st.sampled_from(["[ipv4-addr:value = ", "[file:hashes.MD5 = 'a']"]),
            )
        ),
        "pattern_type": draw(st.sampled_from(["stix", "stix", "snort"])),
        "valid_from": draw(st.sampled_from(_STAMPS)),
    }
    for prop in draw(st.lists(st.sampled_from(sorted(_OPTIONAL)), unique=True, max_size=4)):
        obj[prop] = draw(st.sampled_from(_OPTIONAL[prop]))
    if draw(st.booleans()):
        del obj[draw(st.sampled_from(sorted(obj)))]
    return obj


@settings(max_examples=400, deadline=None)
@given(indicators())
def test_the_plain_indicator_fast_path_never_accepts_what_stix2_refuses(
    obj: dict[str, Any],
) -> None:
    from collsec.intel.stix import _plain_indicator_ok

    if obj.get("spec_version") == "2.1" and _plain_indicator_ok(obj):
        try:
            stix2.parse(obj, allow_custom=True)
        except Exception as exc:  # stix2 raises several exception types
            pytest.fail(f"the fast path accepted what stix2 refuses: {exc}")


def test_the_common_indicator_shape_takes_the_fast_path() -> None:
    from collsec.intel.stix import _plain_indicator_ok

    assert _plain_indicator_ok(indicator("192.0.2.1"))
    assert _plain_indicator_ok(dict(indicator("192.0.2.1"), confidence=80, labels=["c2"], name="n"))
