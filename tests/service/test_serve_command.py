"""`collsec serve` as a user runs it: a real process that prints its address and answers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.service.conftest import SMALL, free_port

# The `serve` command on its own Typer app, as `collsec serve` registers it.
LAUNCH = (
    "import sys, typer\n"
    "from collsec.cli.serve import register\n"
    "app = typer.Typer()\n"
    "app.callback()(lambda: None)\n"
    "register(app)\n"
    "app(sys.argv[1:])\n"
)


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_prints_its_address_and_answers_there(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "intel.db"
    proc = _serve("--port", str(port), "--scenario", str(SMALL), "--intel-db", f"sqlite:///{db}")
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "hub-admin key" in first
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/scenario", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server never answered"
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["name"] == "small"
        assert db.exists()
        discovery = httpx.get(f"http://127.0.0.1:{port}/taxii2/", timeout=5)
        assert discovery.status_code == 401  # mounted, and it wants a key
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_with_a_malformed_override_stops_before_listening(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'intel.db'}"
    proc = _serve(
        "--port", str(free_port()), "--scenario", str(SMALL), "--set", "no-equals", "--intel-db", db
    )
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "no-equals" in err
