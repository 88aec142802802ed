"""Re-sharing (copies and derived objects) follows the TLP bounds of docs/intel-access.md, 2."""

from __future__ import annotations

from pathlib import Path

from collsec.intel.tlp import TLP

from .conftest import STANDING, World
from .oracle import OObject, OWorld, may_reshare
from .stixgen import indicator, report

TLP_OF = {
    "clear": TLP.CLEAR,
    "green": TLP.GREEN,
    "amber": TLP.AMBER,
    "amber+strict": TLP.AMBER_STRICT,
    "red": TLP.RED,
    "unmarked": None,
}
ORGS = {"KAZ-KNB": "KAZ", "KAZ-MVD": "KAZ", "KAZ-GP": "KAZ", "RUS-FSB": "RUS", "UZB-SGB": "UZB"}
GROUPS = {
    "self": {"KAZ-MVD"},
    "state": {"KAZ-MVD", "KAZ-GP"},
    "allies": {"KAZ-MVD", "RUS-FSB"},
    "beyond": {"KAZ-MVD", "UZB-SGB"},
}
TARGETS = [("org", "KAZ-MVD"), ("state", "KAZ"), ("alliance", "alliance")] + [
    ("group", g) for g in GROUPS
]


def _world(tmp_path: Path) -> tuple[World, OWorld, dict[str, dict[str, object]]]:
    w = World(f"sqlite:///{tmp_path / 'h.db'}")
    for org, state in ORGS.items():
        w.org(org, state)
    for name, members in GROUPS.items():
        w.group(name, sorted(members))
    ow = OWorld(
        status={s: v.value for s, v in STANDING.items()},
        org_state=dict(ORGS),
        groups={k: set(v) for k, v in GROUPS.items()},
    )
    sources = {}
    for label, level in TLP_OF.items():
        rec = ["KAZ-MVD"] if label == "red" else None
        sources[label] = indicator("192.0.2.77", level, recipients=rec)
    assert w.post("KAZ-KNB", "alliance", list(sources.values()))["success_count"] == len(sources)
    return w, ow, sources


def test_derived_objects_obey_the_reshare_table(tmp_path: Path) -> None:
    w, ow, sources = _world(tmp_path)
    colls = w.collections("KAZ-MVD")
    for label, src in sources.items():
        facts = OObject(
            src["id"], src["modified"], "alliance", "alliance", "KAZ-KNB", label, frozenset()
        )
        for kind, ref in TARGETS:
            title = ref
            status = w.post_to("KAZ-MVD", colls[title], [report([src["id"]])])
            allowed = may_reshare(ow, "KAZ-MVD", facts, kind, ref)
            assert (status["success_count"] == 1) == allowed, (label, kind, ref, status["failures"])


def test_copies_obey_the_reshare_table_and_the_owner_is_not_bound(tmp_path: Path) -> None:
    w, ow, sources = _world(tmp_path)
    mvd = w.collections("KAZ-MVD")
    knb = w.collections("KAZ-KNB")
    for label, src in sources.items():
        facts = OObject(
            src["id"], src["modified"], "alliance", "alliance", "KAZ-KNB", label, frozenset()
        )
        status = w.post_to("KAZ-MVD", mvd["KAZ"], [src])
        assert (status["success_count"] == 1) == may_reshare(
            ow, "KAZ-MVD", facts, "state", "KAZ"
        ), label
        assert w.post_to("KAZ-KNB", knb["KAZ-KNB"], [src])["success_count"] == 1


def test_a_reference_to_an_object_the_poster_cannot_read_is_not_revealed(tmp_path: Path) -> None:
    w, _, _ = _world(tmp_path)
    hidden = indicator("192.0.2.99", TLP.RED, recipients=["KAZ-GP"])
    w.post("KAZ-KNB", "KAZ", [hidden])
    status = w.post("KAZ-MVD", "allies", [report([hidden["id"]])])
    assert status["success_count"] == 1
