"""Intel hub benchmark: collsec against medallion (OASIS TAXII 2.1 reference server).

One generated STIX bundle (indicators, TLP:GREEN, ~500 B each) is loaded into collsec (SQLite,
WAL, synchronous=FULL, validating every object with stix2) and into medallion 3.0.0 (memory
backend, Flask server, `next` session timeout raised to 600 s), both served on 127.0.0.1 in
the same run, at N = 1,000 and 2,000: ingest objects/s (POST, batches of 100), full paginated
read (limit 100) and first-page latency. Then collsec alone at larger N (`--large`), loaded
over HTTP in POSTs of 1,000: load rate, first-page latency, and p50/p99 of first-page reads
with 20 concurrent clients (`--workers N` worker processes) and the server's CPU time per read
over those 500 reads. The load average is printed
before and after: the ratios are fair under load (both servers run in the same minutes), the
absolute latencies are not.

    .venv/bin/python benchmarks/intel.py                 # 1000 and 2000 vs medallion
    .venv/bin/python benchmarks/intel.py --large 100000  # plus collsec alone at 100k
    .venv/bin/python benchmarks/intel.py --sizes --large 100000 --workers 2

medallion is a dev dependency (`uv add --dev medallion`); its reads are quadratic in N
(research/anchors-intel-sharing.md section 4), so larger N would only measure that flaw.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from collsec.intel.auth import KeyVerifier, hasher_for  # noqa: E402
from collsec.intel.directory import add_org, create_key, init_hub, parse_role  # noqa: E402
from collsec.intel.store import Store  # noqa: E402
from collsec.scenario.models import Status  # noqa: E402

GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
TAXII = "application/taxii+json;version=2.1"
BATCH = 100
PAGE = 100


def bundle(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        ident = uuid.UUID(int=rng.getrandbits(128), version=4)
        out.append(
            {
                "type": "indicator",
                "spec_version": "2.1",
                "id": f"indicator--{ident}",
                "created": "2024-01-01T00:00:00.000Z",
                "modified": "2024-01-01T00:00:00.000Z",
                "name": f"bench indicator {i}",
                "pattern_type": "stix",
                "valid_from": "2024-01-01T00:00:00Z",
                "pattern": f"[ipv4-addr:value = '10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}']",
                "object_marking_refs": [GREEN],
            }
        )
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], auth: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url, auth=auth, headers={"Accept": TAXII}, timeout=2)
            return
        except httpx.TransportError:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.returncode}") from None
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def measure(
    objects_url: str,
    warm_url: str,
    auth: Any,
    headers: dict[str, str],
    objs: list[dict[str, Any]],
    reads: bool,
) -> dict[str, float]:
    """Ingest the objects; with `reads`, also time first pages and a full paginated read."""
    with httpx.Client(timeout=600, auth=auth) as c:
        # Warm both servers the same way: one small POST and one read of another collection.
        warm = json.dumps({"objects": bundle(5, seed=-1)})
        assert (
            c.post(warm_url, content=warm, headers={**headers, "Content-Type": TAXII}).status_code
            == 202
        )
        assert c.get(warm_url, headers=headers).status_code == 200
        start = time.perf_counter()
        for i in range(0, len(objs), BATCH):
            body = json.dumps({"objects": objs[i : i + BATCH]})
            r = c.post(objects_url, content=body, headers={**headers, "Content-Type": TAXII})
            assert r.status_code == 202, r.text[:200]
        ingest = len(objs) / (time.perf_counter() - start)
        if not reads:
            return {"ingest_obj_s": ingest}
        firsts = []
        for _ in range(3):
            t = time.perf_counter()
            r = c.get(objects_url, params={"limit": PAGE}, headers=headers)
            firsts.append(time.perf_counter() - t)
            assert r.status_code == 200
        start = time.perf_counter()
        params: dict[str, Any] = {"limit": PAGE}
        seen = 0
        while True:
            body = c.get(objects_url, params=params, headers=headers).json()
            seen += len(body.get("objects", []))
            if not body.get("more"):
                break
            params["next"] = body["next"]
        full = time.perf_counter() - start
    assert seen == len(objs), (seen, len(objs))
    return {
        "ingest_obj_s": ingest,
        "full_read_s": full,
        "first_page_ms": statistics.median(firsts) * 1000,
    }


def provision(db: str) -> str:
    store = Store(db)
    verifier = KeyVerifier(hasher_for("default"))
    init_hub(store, verifier)
    add_org(store, "KAZ-KNB", "KAZ", {"KAZ": Status.ACTIVE})
    key = create_key(store, verifier, None, "KAZ-KNB", parse_role("contributor")).key
    store.dispose()
    return key


def serve_collsec(db: str, port: int, log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-W",
            "ignore::RuntimeWarning",
            "-m",
            "collsec.cli.intel",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--member",
            "KAZ=active",
            "--rate",
            "100000",
            "--burst",
            "100000",
            "--workers",
            str(workers),
        ],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def run_collsec(objs: list[dict[str, Any]], tmp: Path, rep: int) -> dict[str, float]:
    db = f"sqlite:///{tmp / f'collsec-{len(objs)}-{rep}.db'}"
    key = provision(db)
    port = free_port()
    proc = serve_collsec(db, port, tmp / "collsec.log")
    headers = {"Authorization": f"Bearer {key}", "Accept": TAXII}
    try:
        base = f"http://127.0.0.1:{port}/taxii2/alliance"
        wait_up(f"{base}/", proc, None)
        colls = httpx.get(f"{base}/collections/", headers=headers).json()["collections"]
        cid = next(c["id"] for c in colls if c["title"] == "KAZ")
        warm = next(c["id"] for c in colls if c["title"] == "KAZ-KNB")
        return measure(
            f"{base}/collections/{cid}/objects/",
            f"{base}/collections/{warm}/objects/",
            None,
            headers,
            objs,
            reads=rep == 0,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run_medallion(objs: list[dict[str, Any]], tmp: Path, rep: int) -> dict[str, float] | None:
    exe = shutil.which("medallion", path=str(Path(sys.executable).parent))
    if exe is None:
        return None
    port = free_port()
    cid = str(uuid.uuid4())
    warm = str(uuid.uuid4())
    data = {
        "/discovery": {
            "title": "bench",
            "default": f"http://127.0.0.1:{port}/api1/",
            "api_roots": [f"http://127.0.0.1:{port}/api1/"],
        },
        "api1": {
            "information": {
                "title": "api1",
                "versions": [TAXII],
                "max_content_length": 100_000_000,
            },
            "status": [],
            "collections": [
                {
                    "id": cid,
                    "title": "rw",
                    "can_read": True,
                    "can_write": True,
                    "media_types": [TAXII],
                    "objects": [],
                    "manifest": [],
                },
                {
                    "id": warm,
                    "title": "warm",
                    "can_read": True,
                    "can_write": True,
                    "media_types": [TAXII],
                    "objects": [],
                    "manifest": [],
                },
            ],
        },
    }
    (tmp / "medallion-data.json").write_text(json.dumps(data))
    config = {
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(tmp / "medallion-data.json"),
            "session_timeout": 600,
        },
        "users": {"bench": "bench"},
        "taxii": {"max_page_size": PAGE},
    }
    (tmp / "medallion.json").write_text(json.dumps(config))
    proc = subprocess.Popen(
        [
            exe,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "ERROR",
            str(tmp / "medallion.json"),
        ],
        stdout=(tmp / "medallion.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    auth = httpx.BasicAuth("bench", "bench")
    try:
        wait_up(f"http://127.0.0.1:{port}/taxii2/", proc, auth)
        return measure(
            f"http://127.0.0.1:{port}/api1/collections/{cid}/objects/",
            f"http://127.0.0.1:{port}/api1/collections/{warm}/objects/",
            auth,
            {"Accept": TAXII},
            objs,
            reads=rep == 0,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its worker processes so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    pids += [int(c) for c in children]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


async def asyncio_clients(
    port: int, target: str, headers: dict[str, str], clients: int, reads: int
) -> list[float]:
    """Latencies of `clients` keep-alive connections each reading `target` `reads` times.

    A minimal HTTP/1.1 client (the answers carry Content-Length) so that the load generator
    spends little of the two cores the server needs; its CPU per read is printed.
    """
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{head}\r\n".encode()

    async def one() -> list[float]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        out = []
        try:
            for _ in range(reads):
                t = time.perf_counter()
                writer.write(request)
                answer = await reader.readuntil(b"\r\n\r\n")
                status = int(answer[9:12])
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in answer.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                await reader.readexactly(length)
                out.append(time.perf_counter() - t)
                assert status == 200, status
        finally:
            writer.close()
        return out

    results = await asyncio.gather(*(one() for _ in range(clients)))
    return sorted(x for xs in results for x in xs)


def large(n: int, tmp: Path, workers: int) -> dict[str, float]:
    """collsec alone: load N objects over HTTP (POSTs of 1,000), then read with 20 clients."""
    db = f"sqlite:///{tmp / f'collsec-large-{n}.db'}"
    key = provision(db)
    port = free_port()
    proc = serve_collsec(db, port, tmp / "collsec-large.log", workers)
    headers = {"Authorization": f"Bearer {key}", "Accept": TAXII}
    try:
        base = f"http://127.0.0.1:{port}/taxii2/alliance"
        wait_up(f"{base}/", proc, None)
        colls = httpx.get(f"{base}/collections/", headers=headers).json()["collections"]
        url = f"{base}/collections/{next(c['id'] for c in colls if c['title'] == 'KAZ')}/objects/"
        with httpx.Client(timeout=600) as c:
            start = time.perf_counter()
            for i in range(0, n, 1000):
                body = json.dumps({"objects": bundle(min(1000, n - i), seed=i + 7)})
                r = c.post(url, content=body, headers={**headers, "Content-Type": TAXII})
                assert r.status_code == 202 and r.json()["success_count"] == min(1000, n - i)
            load = n / (time.perf_counter() - start)
            c.get(url, params={"limit": PAGE}, headers=headers)
            firsts = []
            for _ in range(10):
                t = time.perf_counter()
                assert c.get(url, params={"limit": PAGE}, headers=headers).status_code == 200
                firsts.append(time.perf_counter() - t)

        # Two load generators, each 20 clients of 25 first-page reads on keep-alive
        # connections: 20 asyncio connections in one event loop (light, so the two cores go
        # to the server) and 20 httpx threads (heavy: their GIL contention costs about as
        # much CPU as the server, on the same two cores).
        target = urlsplit(url)
        request_line = f"{target.path}?limit={PAGE}"
        cpu_before, gen_before = cpu_seconds(proc.pid), os.times()
        lat = asyncio.run(asyncio_clients(port, request_line, headers, clients=20, reads=25))
        gen_after = os.times()
        server_cpu_ms = (cpu_seconds(proc.pid) - cpu_before) * 1000 / len(lat)
        gen_cpu_ms = (
            (gen_after.user + gen_after.system - gen_before.user - gen_before.system)
            * 1000
            / len(lat)
        )

        def client(_: int) -> list[float]:
            out = []
            with httpx.Client(timeout=60) as c:
                for _ in range(25):
                    t = time.perf_counter()
                    assert c.get(url, params={"limit": PAGE}, headers=headers).status_code == 200
                    out.append(time.perf_counter() - t)
            return out

        with ThreadPoolExecutor(20) as pool:
            lat_httpx = sorted(x for xs in pool.map(client, range(20)) for x in xs)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {
        "load_obj_s": load,
        "first_page_ms": statistics.median(firsts) * 1000,
        "p50_ms_20_clients": lat[len(lat) // 2] * 1000,
        "p99_ms_20_clients": lat[int(len(lat) * 0.99)] * 1000,
        "server_cpu_ms_per_read": server_cpu_ms,
        "generator_cpu_ms_per_read": gen_cpu_ms,
        "p50_ms_20_httpx": lat_httpx[len(lat_httpx) // 2] * 1000,
        "p99_ms_20_httpx": lat_httpx[int(len(lat_httpx) * 0.99)] * 1000,
    }


def median_ingest(runs: list[dict[str, float]]) -> float:
    return statistics.median(r["ingest_obj_s"] for r in runs)


def describe(runs: list[dict[str, float]]) -> str:
    first = runs[0]
    each = ", ".join(f"{r['ingest_obj_s']:.0f}" for r in runs)
    return (
        f"ingest {median_ingest(runs):.0f} obj/s (median of {each}), "
        f"full read {first['full_read_s']:.2f} s, first page {first['first_page_ms']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 2000])
    parser.add_argument("--large", type=int, nargs="*", default=[])
    parser.add_argument("--reps", type=int, default=3, help="ingest rounds per size and server")
    parser.add_argument(
        "--workers", type=int, default=1, help="collsec worker processes for --large"
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for n in args.sizes:
            objs = bundle(n, seed=n)
            ours: list[dict[str, float]] = []
            peers: list[dict[str, float]] = []
            # Ingest is measured `--reps` times, alternating the two servers (each time a
            # fresh one), so that a burst of load from elsewhere hits both alike; reads
            # (slow on medallion) are measured on the first round only.
            for rep in range(args.reps):
                ours.append(run_collsec(objs, tmp, rep))
                peer = run_medallion(objs, tmp, rep)
                if peer is None:
                    break
                peers.append(peer)
            print(f"N={n} collsec:   {describe(ours)}")
            if not peers:
                print(f"N={n} medallion: not installed (uv add --dev medallion)")
                continue
            print(f"N={n} medallion: {describe(peers)}")
            mine, theirs = ours[0], peers[0]
            print(
                f"N={n} collsec vs medallion: "
                f"ingest x{median_ingest(ours) / median_ingest(peers):.2f} (medians), "
                f"full read x{theirs['full_read_s'] / mine['full_read_s']:.1f} faster, "
                f"first page x{theirs['first_page_ms'] / mine['first_page_ms']:.0f} faster"
            )
        for n in args.large:
            r = large(n, tmp, args.workers)
            print(
                f"N={n} collsec alone ({args.workers} worker(s)): "
                f"HTTP load {r['load_obj_s']:.0f} obj/s, "
                f"first page {r['first_page_ms']:.1f} ms; 20 asyncio clients: "
                f"p50 {r['p50_ms_20_clients']:.1f} ms, p99 {r['p99_ms_20_clients']:.1f} ms, "
                f"server CPU {r['server_cpu_ms_per_read']:.2f} ms per read, "
                f"generator CPU {r['generator_cpu_ms_per_read']:.2f} ms per read (500 reads); "
                f"20 httpx threads: p50 {r['p50_ms_20_httpx']:.1f} ms, "
                f"p99 {r['p99_ms_20_httpx']:.1f} ms"
            )

    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
