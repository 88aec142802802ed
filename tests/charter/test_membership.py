"""Membership and its transitions (research R1-R5, R32)."""

from __future__ import annotations

from datetime import date

import pytest

from collsec.charter import (
    AssociateStatus,
    Capacity,
    Position,
    admit,
    declare_freeze,
    expel,
    grant_status,
    members_on,
    reinstate,
    suspend,
    treaty_renewals,
    withdraw,
)
from collsec.charter.membership import add_months
from collsec.errors import IllegalTransition, UsageError
from collsec.scenario.models import Scenario, Status
from tests.charter.world import make_scenario


def test_members_in_2026_are_the_six_with_armenia_frozen(csto: Scenario) -> None:
    members = members_on(csto, date(2026, 2, 3))
    assert [m.id for m in members] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert members[0].status is Status.FROZEN_SELF_DECLARED
    assert members[0].to_dict()["capacity"] == "member"


def test_include_all_adds_suspended_and_former_members(csto: Scenario) -> None:
    everyone = {m.id: m.status for m in members_on(csto, date(2026, 2, 3), include_all=True)}
    assert everyone["UZB"] is Status.SUSPENDED
    assert everyone["AZE"] is Status.WITHDRAWN


def test_states_were_treaty_parties_before_the_charter_was_signed(csto: Scenario) -> None:
    assert {m.capacity for m in members_on(csto, date(2002, 10, 6))} == {Capacity.TREATY_PARTY}
    assert {m.capacity for m in members_on(csto, date(2002, 10, 7))} == {Capacity.MEMBER}


def test_azerbaijan_is_a_treaty_party_in_1995_and_gone_in_2000(csto: Scenario) -> None:
    assert "AZE" in {m.id for m in members_on(csto, date(1995, 1, 1))}
    assert "AZE" not in {m.id for m in members_on(csto, date(2000, 1, 1))}


def test_admission_needs_a_council_decision(csto: Scenario) -> None:
    transition = admit(csto, "AZE", date(2026, 3, 1))
    assert transition.to_status is Status.ACTIVE
    assert transition.decision is not None and transition.decision.adopted
    with pytest.raises(IllegalTransition, match="the Council did not decide it"):
        admit(csto, "AZE", date(2026, 3, 1), {"ARM": Position.OBJECT})


def test_a_member_cannot_be_admitted_again(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="already a member"):
        admit(csto, "KAZ", date(2026, 3, 1))


def test_a_suspended_member_is_reinstated_not_admitted(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="reinstate it instead"):
        admit(csto, "UZB", date(2026, 3, 1))
    assert reinstate(csto, "UZB", date(2026, 3, 1)).to_status is Status.ACTIVE


def test_an_unknown_state_must_be_added_to_the_scenario_first(csto: Scenario) -> None:
    with pytest.raises(UsageError, match="add it to the scenario"):
        admit(csto, "SRB", date(2026, 3, 1))


def test_uzbekistan_is_suspended_at_its_own_request_by_the_council(csto: Scenario) -> None:
    transition = suspend(
        csto, "UZB", date(2012, 12, 19), on_request=True, requested_on=date(2012, 6, 28)
    )
    assert transition.from_status is Status.ACTIVE
    assert transition.to_status is Status.SUSPENDED
    assert transition.requested_on == date(2012, 6, 28)
    assert "own request of 2012-06-28" in transition.explanation
    assert any("suspension" in b for b in transition.basis)


def test_a_suspension_on_request_stands_even_if_the_member_was_listed_as_objecting() -> None:
    before = make_scenario(histories={"UZB": [(date(2006, 6, 23), Status.ACTIVE)]})
    transition = suspend(
        before, "UZB", date(2012, 12, 19), on_request=True, positions={"UZB": Position.OBJECT}
    )
    assert transition.decision is not None and "UZB" in transition.decision.bound


def test_an_imposed_suspension_leaves_the_affected_state_without_a_vote(csto: Scenario) -> None:
    transition = suspend(
        csto, "ARM", date(2025, 1, 10), on_request=False, positions={"ARM": Position.OBJECT}
    )
    assert transition.decision is not None
    assert ("ARM", "the decision concerns it") in transition.decision.without_vote
    with pytest.raises(IllegalTransition, match="did not decide"):
        suspend(
            csto,
            "ARM",
            date(2025, 1, 10),
            on_request=False,
            positions={"ARM": Position.OBJECT},
            affected_state_votes=True,
        )


def test_a_suspended_state_cannot_be_suspended_again(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="not a member"):
        suspend(csto, "UZB", date(2014, 1, 1), on_request=True)


def test_a_suspension_cannot_precede_its_request(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="cannot precede the request"):
        suspend(csto, "UZB", date(2012, 6, 1), on_request=True, requested_on=date(2012, 6, 28))


def test_expulsion_needs_a_council_decision_without_the_affected_state(csto: Scenario) -> None:
    transition = expel(csto, "TJK", date(2026, 3, 1), {"TJK": Position.OBJECT})
    assert transition.to_status is Status.EXPELLED
    with pytest.raises(IllegalTransition, match="not a member"):
        expel(csto, "AZE", date(2026, 3, 1))


def test_withdrawal_takes_effect_six_months_after_written_notice(csto: Scenario) -> None:
    transition = withdraw(csto, "ARM", date(2026, 2, 3), obligations_settled=True)
    assert transition.effective == date(2026, 8, 3)
    assert transition.to_status is Status.WITHDRAWN


def test_withdrawal_before_six_months_is_refused(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="less than 6 months after the notice"):
        withdraw(
            csto, "ARM", date(2026, 2, 3), obligations_settled=True, effective=date(2026, 8, 2)
        )


def test_withdrawal_with_unsettled_obligations_is_refused(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="obligations under the Charter are not settled"):
        withdraw(csto, "ARM", date(2026, 2, 3), obligations_settled=False)


def test_a_former_member_cannot_withdraw(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="it is not a member"):
        withdraw(csto, "AZE", date(2026, 2, 3), obligations_settled=True)


def test_six_months_from_the_end_of_august_ends_in_february() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_the_treaty_renews_every_five_years_from_1999(csto: Scenario) -> None:
    renewals = treaty_renewals(csto, date(2026, 2, 3))
    assert [r.on for r in renewals] == [
        date(1999, 4, 20),
        date(2004, 4, 20),
        date(2009, 4, 20),
        date(2014, 4, 20),
        date(2019, 4, 20),
        date(2024, 4, 20),
    ]
    assert not renewals[0].automatic
    assert all(r.automatic for r in renewals[1:])


def test_a_freeze_is_a_behaviour_status_that_keeps_the_vote(csto: Scenario) -> None:
    transition = declare_freeze(csto, "KAZ", date(2026, 3, 1))
    assert transition.to_status is Status.FROZEN_SELF_DECLARED
    assert "remains a member" in transition.explanation
    with pytest.raises(IllegalTransition, match="not an active member"):
        declare_freeze(csto, "ARM", date(2026, 3, 1))


def test_observer_status_is_granted_by_consensus(csto: Scenario) -> None:
    granted = grant_status(csto, "SRB", AssociateStatus.OBSERVER, date(2019, 5, 1))
    assert granted.adopted
    with pytest.raises(IllegalTransition, match="did not decide"):
        grant_status(
            csto, "SRB", AssociateStatus.OBSERVER, date(2019, 5, 1), {"BLR": Position.OBJECT}
        )


def test_partner_status_exists_only_from_january_2021(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="only from 2021-01-19"):
        grant_status(csto, "SRB", AssociateStatus.PARTNER, date(2020, 12, 31))
    assert grant_status(csto, "SRB", AssociateStatus.PARTNER, date(2021, 1, 19)).adopted


def test_a_member_cannot_become_an_observer(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="it is a member"):
        grant_status(csto, "KAZ", AssociateStatus.OBSERVER, date(2022, 1, 1))
