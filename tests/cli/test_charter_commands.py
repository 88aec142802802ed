"""End to end: the charter commands through the installed console script."""


def test_chair_follows_the_recorded_calendar_years(collsec):
    for year, state in [(2022, "ARM"), (2023, "BLR"), (2024, "KAZ"), (2025, "KGZ"), (2026, "RUS")]:
        data = collsec("chair", "--at", f"{year}-06-01", "--json").json()
        assert data["state"] == state, year


def test_chair_after_the_records_is_computed_by_the_rule(collsec):
    data = collsec("chair", "--at", "2027-03-01", "--json").json()
    assert data["state"] == "TJK"
    assert data["computed"] is True


def test_decide_absent_silent_does_not_block_by_default(collsec):
    run = collsec(
        "decide",
        "--body",
        "CSC",
        "--question",
        "substantive",
        "--positions",
        "ARM=absent_silent,BLR=support",
        "--json",
    )
    assert run.code == 0, run.err
    data = run.json()
    assert data["adopted"] is True
    assert "ARM" not in data["bound"]
    assert set(data) >= {"adopted", "blocked_by", "bound", "basis", "explanation"}


def test_decide_absent_silent_blocks_when_the_setting_says_so(collsec):
    data = collsec(
        "decide",
        "--body",
        "CSC",
        "--question",
        "substantive",
        "--positions",
        "ARM=absent_silent",
        "--set",
        "rules.absent_silent_blocks=true",
        "--json",
    ).json()
    assert data["adopted"] is False
    assert data["blocked_by"] == ["ARM"]


def test_decide_one_objection_blocks(collsec):
    data = collsec("decide", "--positions", "ARM=object", "--json").json()
    assert data["adopted"] is False
    assert data["blocked_by"] == ["ARM"]
    assert data["basis"]


def test_decide_bad_position_exits_2(collsec):
    run = collsec("decide", "--positions", "ARM=maybe")
    assert run.code == 2
    assert "Traceback" not in run.err


def test_procedure_kazakhstan_2022_deploys_collective_forces(collsec):
    run = collsec(
        "procedure",
        "--victim",
        "KAZ",
        "--threat",
        "internal_unrest",
        "--characterised-as-aggression",
        "--requested",
        "--at",
        "2022-01-05T18:00+06:00",
        "--json",
    )
    assert run.code == 0, run.err
    data = run.json()
    stages = [s["stage"] for s in data["steps"]]
    assert stages[0] == "threat"
    assert "deployed" in stages
    assert stages[-1] == "closed"
    assert all(s["basis"] for s in data["steps"])


def test_procedure_prints_steps_with_their_basis(collsec):
    run = collsec(
        "procedure",
        "--victim",
        "KAZ",
        "--threat",
        "armed_incursion",
        "--at",
        "2024-05-01T06:00",
    )
    assert run.code == 0, run.err
    assert "Art. 4" in run.out


def test_procedure_without_a_request_never_deploys(collsec):
    data = collsec(
        "procedure",
        "--victim",
        "TJK",
        "--threat",
        "armed_incursion",
        "--no-requested",
        "--at",
        "2024-05-01T06:00",
        "--json",
    ).json()
    assert "deployed" not in [s["stage"] for s in data["steps"]]


def test_rules_lists_and_explains(collsec):
    rules = collsec("rules", "--json").json()
    assert len(rules) >= 15
    first = rules[0]["id"]
    one = collsec("rules", first, "--json").json()
    assert one["basis"]


def test_rules_unknown_id_exits_2(collsec):
    run = collsec("rules", "no-such-rule")
    assert run.code == 2
