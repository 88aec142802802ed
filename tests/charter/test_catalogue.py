"""The rule catalogue: every research rule has an entry, and it is the only source of bases."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import collsec.charter as charter
from collsec.charter import RULES, Position, Question, ThreatKind, decide, rule, walk
from collsec.charter.timings import TIMING_ASSUMPTIONS
from collsec.errors import UsageError
from collsec.scenario.facts import Confidence
from collsec.scenario.models import RuleSettings, Scenario

CHARTER_SRC = Path(charter.__file__).parent
ALL_BASES = {entry.basis for entry in RULES.values()}


@pytest.mark.parametrize("number", range(1, 34))
def test_every_research_rule_has_a_catalogue_entry(number: int) -> None:
    pattern = re.compile(rf"\bR{number}\b")
    assert any(pattern.search(entry.research) for entry in RULES.values()), f"R{number}"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_each_entry_is_sourced_and_rated(rule_id: str) -> None:
    entry = RULES[rule_id]
    assert entry.sources and all(s.startswith(("http://", "https://")) for s in entry.sources)
    assert isinstance(entry.confidence, Confidence)
    assert entry.summary and entry.articles
    assert entry.basis.endswith(f"(rule {rule_id}; {entry.research})")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_each_configuring_setting_is_a_real_rules_field(rule_id: str) -> None:
    entry = RULES[rule_id]
    assert set(entry.settings) <= set(RuleSettings.model_fields)
    timing_names = {name for name, _ in TIMING_ASSUMPTIONS.values()}
    assert set(entry.assumptions) <= timing_names | {"frozen_member_default_position"}


def test_to_dict_shows_the_current_value_of_a_setting() -> None:
    data = rule("staying-out").to_dict(RuleSettings(absent_silent_blocks=True))
    assert data["setting"] == {"name": "absent_silent_blocks", "value": True}
    assert data["basis"] == [rule("staying-out").basis]


def test_what_the_research_could_not_settle_is_named_configuration() -> None:
    assert rule("consensus").open_question and rule("consensus").settings == (
        "procedural_threshold",
    )
    assert rule("staying-out").settings == ("absent_silent_blocks",)
    assert len(rule("crisis-regulation").assumptions) == 7


def test_an_unknown_rule_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match="unknown rule 'R99'; known rules: admission"):
        rule("R99")


def test_engine_outcomes_cite_only_catalogue_bases(csto: Scenario) -> None:
    decision = decide(
        csto, "CSC", Question.SUBSTANTIVE, {"ARM": Position.NOT_JOINING}, date(2014, 6, 1)
    )
    assert set(decision.basis) <= ALL_BASES
    result = walk(csto, "KAZ", ThreatKind.ARMED_ATTACK, datetime(2022, 1, 5, tzinfo=UTC), True)
    cited = {b for step in result.steps for b in step.basis}
    cited |= {b for r in result.ruled_out for b in r.basis}
    assert cited <= ALL_BASES


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    "module", sorted(p.name for p in CHARTER_SRC.glob("*.py") if p.name != "catalogue.py")
)
def test_no_module_but_the_catalogue_spells_an_article(module: str) -> None:
    citation = re.compile(r"^(CST|Charter|Treaty) Arts?\. ")
    offending = [s for s in _string_literals(CHARTER_SRC / module) if citation.match(s)]
    assert offending == []


def test_the_charter_docs_list_every_rule_of_the_catalogue() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "charter.md").read_text(encoding="utf-8")
    missing = [rule_id for rule_id in RULES if f"| `{rule_id}` |" not in docs]
    assert missing == []


def test_every_test_the_charter_docs_name_exists() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "charter.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", docs))
    defined = {
        node.name
        for path in Path(__file__).parent.glob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
    }
    assert named and named <= defined
