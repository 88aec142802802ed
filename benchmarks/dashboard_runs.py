"""A crisis run started from the dashboard against the same run through `collsec simulate`.

All run the embedded CSTO world's default crisis, N episodes, the same seed, one after the
other and alternating, `--repeat` times:
- CLI: `collsec simulate --runs N --workers 1` as a user runs it (its own process);
- runner: `collsec.sim.runner.run` called directly in this process, as the CLI does but
  without the interpreter's start-up and with warm caches (the strictest peer);
- dashboard: `POST /api/v1/runs` on a live uvicorn server on 127.0.0.1, then the run's
  server-sent events read to the `end` event, then `GET /api/v1/runs/{id}` (the results the
  page draws). This includes the child process, the event stream and the results read.
Prints the median wall time of each and the ratios dashboard / CLI and dashboard / runner
(issue 6 asks for "the time the CLI takes plus under 10%").

    .venv/bin/python benchmarks/dashboard_runs.py [--runs 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from collsec.service import create_app
from collsec.sim.runner import RunSpec, run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _peer(runs: int, seed: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        run(RunSpec((), (), None, None, runs, seed), Path(out), 1, lambda n: None)
        return time.perf_counter() - start


def _cli(runs: int, seed: int) -> float:
    exe = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "collsec"
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [str(exe), "simulate", "--runs", str(runs), "--seed", str(seed), "--out", out,
             "--json"],
            check=True, capture_output=True,
        )  # fmt: skip
        return time.perf_counter() - start


def _dashboard(base: str, runs: int, seed: int) -> float:
    with httpx.Client(base_url=base, timeout=None) as client:
        start = time.perf_counter()
        job = client.post("/api/v1/runs", json={"runs": runs, "seed": seed}).json()
        with client.stream("GET", f"/api/v1/runs/{job['id']}/events") as events:
            for line in events.iter_lines():
                if line.startswith("event: end"):
                    break
        client.get(f"/api/v1/runs/{job['id']}").raise_for_status()
        return time.perf_counter() - start


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    _dashboard(base, 10, 0)  # start the fork server once, as a running server has
    cli, peer, page = [], [], []
    for i in range(args.repeat):
        cli.append(_cli(args.runs, i))
        peer.append(_peer(args.runs, i))
        page.append(_dashboard(base, args.runs, i))
    server.should_exit = True
    thread.join(10)
    c, p, d = (statistics.median(x) for x in (cli, peer, page))
    print(f"N={args.runs}, {args.repeat} repeats, median wall seconds")
    print(f"  CLI (collsec simulate, own process): {c:.2f}")
    print(f"  runner (in process, warm): {p:.2f}")
    print(f"  dashboard (POST, event stream to end, results): {d:.2f}")
    print(f"  ratio dashboard / CLI: {d / c:.3f}; dashboard / runner: {d / p:.3f}")


if __name__ == "__main__":
    main()
