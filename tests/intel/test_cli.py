"""`collsec intel` from the shell, as an operator runs it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from collsec.cli.intel import app

MEMBERS = ["--member", "KAZ=active", "--member", "RUS=active", "--member", "UZB=suspended"]


def intel(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # `collsec.cli` imports this module too, so `-m` runs it a second time; runpy warns.
    return subprocess.run(
        [sys.executable, "-W", "ignore::RuntimeWarning", "-m", "collsec.cli.intel", *args],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=120,
    )


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


def run(tmp: Path, *args: str) -> Result:
    """In-process run (fast); the end-to-end test above uses a real process."""
    db = ["--db", f"sqlite:///{tmp / 'collsec-intel.db'}"]
    r = CliRunner().invoke(app, [*args, *db])
    return Result(r.exit_code, r.stdout, r.stderr)


def test_init_org_key_group_and_audit_verify_from_the_shell(tmp_path: Path) -> None:
    first = intel(tmp_path, "init", "--json")
    assert first.returncode == 0, first.stderr
    admin = json.loads(first.stdout)
    assert admin["key"].startswith("csk_") and admin["role"] == "hub-admin"
    assert (tmp_path / "collsec-intel.db").exists()
    assert (
        intel(tmp_path, "org", "add", "--name", "KAZ-KNB", "--state", "KAZ", *MEMBERS).returncode
        == 0
    )
    made = intel(tmp_path, "key", "create", "--org", "KAZ-KNB", "--role", "contributor", "--json")
    key = json.loads(made.stdout)
    assert set(key) >= {"id", "key"}
    assert intel(tmp_path, "group", "add", "--name", "pair", "--org", "KAZ-KNB").returncode == 0
    assert intel(tmp_path, "key", "revoke", key["id"]).returncode == 0
    verify = intel(tmp_path, "audit", "verify", "--json")
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True


def test_errors_print_one_line_and_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    again = run(tmp_path, "init")
    assert again.returncode == 2 and "already initialised" in again.stderr
    bad_state = run(tmp_path, "org", "add", "--name", "X", "--state", "ZZZ", *MEMBERS)
    assert bad_state.returncode == 2 and "ZZZ" in bad_state.stderr
    assert len(bad_state.stderr.strip().splitlines()) == 1
    no_org = run(tmp_path, "key", "create", "--org", "NOPE")
    assert no_org.returncode == 2 and "NOPE" in no_org.stderr
    bad_role = CliRunner().invoke(
        app,
        [
            "key",
            "create",
            "--org",
            "X",
            "--role",
            "god",
            "--db",
            f"sqlite:///{tmp_path / 'collsec-intel.db'}",
        ],
    )
    assert bad_role.exit_code == 2
    bad_db = Result(
        *(lambda r: (r.exit_code, r.stdout, r.stderr))(
            CliRunner().invoke(app, ["audit", "verify", "--db", "mysql://x/y"])
        )
    )
    assert bad_db.returncode == 2 and "mysql" in bad_db.stderr


def test_audit_verify_detects_an_altered_entry(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    run(tmp_path, "org", "add", "--name", "KAZ-KNB", "--state", "KAZ", *MEMBERS)
    with sqlite3.connect(tmp_path / "collsec-intel.db") as conn:
        conn.execute("UPDATE intel_audit SET ip = 'elsewhere' WHERE seq = 1")
    verify = run(tmp_path, "audit", "verify")
    assert verify.returncode == 1 and "entry 1" in verify.stdout


def test_audit_verify_detects_a_deleted_last_entry(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    run(tmp_path, "org", "add", "--name", "KAZ-KNB", "--state", "KAZ", *MEMBERS)
    with sqlite3.connect(tmp_path / "collsec-intel.db") as conn:
        conn.execute("DELETE FROM intel_audit WHERE seq = (SELECT max(seq) FROM intel_audit)")
    assert run(tmp_path, "audit", "verify").returncode == 1
