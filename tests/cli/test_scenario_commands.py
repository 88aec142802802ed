"""End to end: the scenario commands through the installed console script."""

from tests.cli.conftest import REPO


def test_members_json_is_one_document_listing_the_six(collsec):
    run = collsec("members", "--json")
    assert run.code == 0, run.err
    members = run.json()
    assert {m["id"] for m in members} == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    arm = next(m for m in members if m["id"] == "ARM")
    assert arm["status"] == "frozen_self_declared"
    assert set(arm) >= {"id", "name", "status"}


def test_members_all_adds_suspended_and_former_members(collsec):
    members = {m["id"]: m["status"] for m in collsec("members", "--all", "--json").json()}
    assert members["UZB"] == "suspended"
    assert members["AZE"] == "withdrawn"
    assert members["GEO"] == "withdrawn"


def test_members_on_a_past_date(collsec):
    members = {m["id"] for m in collsec("members", "--at", "2008-06-01", "--json").json()}
    assert "UZB" in members
    assert "ARM" in members


def test_members_with_the_armenia_withdrawn_overlay(collsec):
    run = collsec(
        "members",
        "--at",
        "2026-09-01",
        "--json",
        "--scenario",
        str(REPO / "examples" / "armenia-withdrawn.yaml"),
    )
    assert run.code == 0, run.err
    assert "ARM" not in {m["id"] for m in run.json()}


def test_set_status_what_if_on_the_command_line(collsec):
    run = collsec("members", "--json", "--set", "states.UZB.status=active")
    assert "UZB" in {m["id"] for m in run.json()}


def test_summary_json_names_the_chair_and_the_secretary_general(collsec):
    data = collsec("summary", "--json").json()
    assert data["as_of"] == "2026-02-03"
    assert data["chair"]["state"] == "RUS"
    assert data["secretary_general"]["state"] == "KGZ"


def test_summary_prints_a_readable_table(collsec):
    run = collsec("summary")
    assert run.code == 0, run.err
    assert "Kazakhstan" in run.out


def test_bodies_json_lists_the_councils(collsec):
    bodies = collsec("bodies", "--json").json()
    assert {"CSC", "CFM", "CDM", "CSSC", "PC", "JS"} <= set(bodies)


def test_timeline_is_in_date_order(collsec):
    events = collsec("timeline", "--json").json()
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    assert len(events) >= 10


def test_show_prints_a_subtree(collsec):
    data = collsec("show", "rules").json()
    assert data["absent_silent_blocks"] is False


def test_validate_accepts_an_example(collsec):
    run = collsec("validate", str(REPO / "examples" / "new-member.yaml"))
    assert run.code == 0, run.err


def test_validate_rejects_with_file_line_and_field_and_exit_2(collsec, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("states:\n  KAZ:\n    population: {value: lots}\n")
    run = collsec("validate", str(bad))
    assert run.code == 2
    assert f"{bad}:3: states.KAZ.population.value" in run.err
    assert "Traceback" not in run.err


def test_validate_json_reports_problems(collsec, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  procedural_threshold: 3\n")
    run = collsec("validate", "--json", str(bad))
    assert run.code == 2
    problems = run.json()["problems"]
    assert problems[0]["path"] == "rules.procedural_threshold"
    assert problems[0]["line"] == 2


def test_bad_set_path_exits_2_without_a_traceback(collsec):
    run = collsec("members", "--set", "states.XYZ.status=active")
    assert run.code == 2
    assert "no `XYZ` at states" in run.err
    assert "Traceback" not in run.err


def test_bad_date_exits_2(collsec):
    run = collsec("members", "--at", "yesterday")
    assert run.code == 2
    assert "expected YYYY-MM-DD" in run.err
