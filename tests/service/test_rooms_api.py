"""The simulation, planning and exercises routes of `/api/v1`, on the embedded CSTO world."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from collsec.service import create_app
from collsec.service.runs import MAX_RUNS, JobState, RunQueue

EXAMPLE = Path(__file__).resolve().parents[2] / "src/collsec/planning/examples/kaz-2022.yaml"
SLOW_DECISION = "assumptions.sim_hours_convene_to_decision.value={low: 100, mode: 120, high: 140}"


@pytest.fixture(scope="module")
def csto() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


def events_of(client: TestClient, run_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Every server-sent event of a run, read until the stream ends."""
    seen: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        kind = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                seen.append((kind, json.loads(line[6:])))
    return seen


def finished(client: TestClient, **request: Any) -> dict[str, Any]:
    started = client.post("/api/v1/runs", json=request)
    assert started.status_code == 202, started.text
    events_of(client, started.json()["id"])
    result: dict[str, Any] = client.get(f"/api/v1/runs/{started.json()['id']}").json()
    return result


def test_the_crisis_catalogue_lists_the_default_first(csto: TestClient) -> None:
    crises = csto.get("/api/v1/crises").json()
    assert crises[0]["default"] is True
    assert {"id", "title", "kind", "victim"} <= set(crises[0])


def test_a_run_streams_its_progress_and_ends_with_one_end_event(csto: TestClient) -> None:
    job = csto.post("/api/v1/runs", json={"runs": 12, "seed": 1}).json()
    events = events_of(csto, job["id"])
    kinds = [k for k, _ in events]
    assert kinds[-1] == "end" and kinds.count("end") == 1
    assert set(kinds[:-1]) <= {"progress"}
    done = [d["done"] for _, d in events]
    assert done == sorted(done) and events[-1][1] == {
        "id": job["id"], "state": "done", "done": 12, "total": 12, "error": None,
    }  # fmt: skip


def test_a_finished_run_has_distributions_outcomes_burden_and_a_median_episode(
    csto: TestClient,
) -> None:
    result = finished(csto, runs=20, seed=2)
    assert result["state"] == "done" and result["episodes"] == 20
    assert sum(result["outcomes"].values()) == pytest.approx(1.0, abs=1e-5)
    assert sum(result["measures"].values()) == pytest.approx(1.0, abs=1e-5)
    hist = result["distributions"]["t_decision_h"]
    assert sum(hist["counts"]) == hist["n"] and len(hist["edges"]) == len(hist["counts"]) + 1
    if result["burden_share"]:
        assert sum(result["burden_share"].values()) == pytest.approx(1.0, abs=1e-5)
    steps = [t["hour"] for t in result["median_episode"]["timeline"]]
    assert steps == sorted(steps)
    assert result["summary"]["runs"] == 20


def test_the_same_seed_gives_the_same_run(csto: TestClient) -> None:
    a = finished(csto, runs=15, seed=7, victim="kaz")
    b = finished(csto, runs=15, seed=7, victim="KAZ")
    strip = ("id",)
    assert {k: v for k, v in a.items() if k not in strip} == {
        k: v for k, v in b.items() if k not in strip
    }


def test_an_override_changes_the_run(csto: TestClient) -> None:
    base = finished(csto, runs=15, seed=3)
    slow = finished(csto, runs=15, seed=3, overrides=[SLOW_DECISION])
    assert slow["overrides"] == [SLOW_DECISION]
    fast_median = base["summary"]["hours_to_decision"]["median"]
    slow_median = slow["summary"]["hours_to_decision"]["median"]
    assert slow_median > fast_median + 50


@pytest.mark.parametrize(
    ("override", "path"),
    [
        ("nope.x=1", "nope.x"),
        ("assumptions=3", "assumptions"),
        ("no equals sign", "overrides.0"),
    ],
)
def test_a_bad_override_is_a_400_naming_its_path(
    csto: TestClient, override: str, path: str
) -> None:
    answer = csto.post("/api/v1/runs", json={"runs": 5, "overrides": [override]})
    assert answer.status_code == 400
    assert answer.json()["problems"][0]["path"] == path


@pytest.mark.parametrize(
    ("request_", "field"),
    [({"victim": "XXX"}, "victim"), ({"crisis": "nope"}, "crisis"), ({"runs": 0}, "runs")],
)
def test_a_bad_run_request_is_a_400_naming_the_field(
    csto: TestClient, request_: dict[str, Any], field: str
) -> None:
    answer = csto.post("/api/v1/runs", json=request_)
    assert answer.status_code == 400
    assert answer.json()["problems"][0]["path"] == field


def test_an_unknown_run_is_a_404(csto: TestClient) -> None:
    assert csto.get("/api/v1/runs/run-999").status_code == 404
    assert csto.get("/api/v1/runs/run-999/events").status_code == 404


def test_the_backtest_scores_every_case_against_the_base_rate(csto: TestClient) -> None:
    result = csto.get("/api/v1/backtest", params={"runs": 30}).json()
    assert len(result["cases"]) >= 3
    assert result["beats_base_rate"] == (result["mean_brier"] < result["base_rate_brier"])
    assert csto.get("/api/v1/backtest", params={"runs": 0}).status_code == 422


def test_the_example_plan_has_sorties_between_known_airfields(csto: TestClient) -> None:
    plan = csto.get("/api/v1/plan").json()
    assert plan["solver"] == "greedy" and plan["sortie_count"] > 0
    for sortie in plan["sorties"]:
        assert sortie["from"] in plan["airfields"] and sortie["to"] in plan["airfields"]
    curve = [n for _, n in plan["arrival_curve"]]
    assert curve == sorted(curve)


def test_an_uploaded_requirements_file_is_planned(csto: TestClient) -> None:
    answer = csto.post(
        "/api/v1/plan",
        content=EXAMPLE.read_bytes(),
        headers={"content-type": "application/yaml"},
    )
    assert answer.status_code == 200
    assert answer.json()["sortie_count"] == csto.get("/api/v1/plan").json()["sortie_count"]


def test_a_bad_requirements_file_is_a_400_naming_the_file_and_field(csto: TestClient) -> None:
    answer = csto.post(
        "/api/v1/plan",
        params={"name": "mine.yaml"},
        content=b"requirements: 3\n",
        headers={"content-type": "application/yaml"},
    )
    assert answer.status_code == 400
    problem = answer.json()["problems"][0]
    assert (problem["file"], problem["path"]) == ("mine.yaml", "requirements")


def test_the_interop_matrix_and_calendar_answer(csto: TestClient) -> None:
    matrix = csto.get("/api/v1/interop").json()
    assert matrix["states"] and matrix["levels"]
    calendar = csto.get("/api/v1/exercise-calendar", params={"year": 2027}).json()
    assert calendar["year"] == 2027 and calendar["proposed"]["exercises"]


@pytest.mark.parametrize("path", ["/crisis", "/backtest?runs=20", "/plan", "/exercises"])
def test_the_room_pages_render(csto: TestClient, path: str) -> None:
    answer = csto.get(path)
    assert answer.status_code == 200
    assert "<h1>" in answer.text


@pytest.mark.parametrize("path", ["/backtest?runs=x", "/plan?solver=magic", "/exercises?year=1"])
def test_a_bad_page_parameter_is_a_400_page(csto: TestClient, path: str) -> None:
    answer = csto.get(path)
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text


def test_stopping_the_server_stops_a_running_run() -> None:
    queue = RunQueue((), ())
    job = queue.start(None, None, MAX_RUNS, 0, [])
    while job.state is not JobState.RUNNING:
        time.sleep(0.02)
    queue.close()
    assert job.state is JobState.FAILED
    assert job.done < MAX_RUNS
    assert not job.folder.exists()
