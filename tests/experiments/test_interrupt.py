"""A real interruption: SIGINT to a running `sweep` process, then the same command again."""

import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq

from .conftest import REQUEST_BASE

# The experiments commands on their own app, run the way `collsec` runs its commands; SIGUSR1
# dumps every thread's stack, should the process ever hang after the interrupt.
COMMAND = """
import faulthandler, signal
faulthandler.register(signal.SIGUSR1, all_threads=True)
import sys, typer
from collsec.cli.experiments import register
from collsec.errors import CollsecError
app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
register(app)
try:
    app()
except CollsecError as exc:
    print(*exc.problems, sep="\\n", file=sys.stderr)
    sys.exit(2)
"""


def sweep_args(out):
    levels = ",".join(str(v / 2) for v in range(-3, 3))
    return [sys.executable, "-c", COMMAND, "sweep", "--param", f"{REQUEST_BASE}=[{levels}]",
            "--runs-per-point", "30", "--batch", "30", "--workers", "2", "--seed", "4",
            "--out", str(out)]  # fmt: skip


def test_sigint_keeps_finished_points_and_a_rerun_completes_the_same_dataset(tmp_path):
    out = tmp_path / "sweep"
    proc = subprocess.Popen(sweep_args(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.glob("point=*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGUSR1)
        time.sleep(2)
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(err.decode()[-8000:]) from None
    assert proc.returncode == 130, err.decode()
    assert b"rerun to resume" in err
    kept = sorted(out.glob("point=*"))
    assert 1 <= len(kept) < 6
    rerun = subprocess.run(sweep_args(out), capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert f"{6 - len(kept)} run now, {len(kept)} already done" in rerun.stdout.decode()
    table = pq.read_table(out)
    assert table.num_rows == 6 * 30
    assert sorted(set(table["point"].to_pylist())) == list(range(6))
