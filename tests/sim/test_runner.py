import json

import pyarrow.parquet as pq

from collsec.sim.runner import run


def test_one_worker_and_two_workers_give_identical_rows(run_spec, tmp_path):
    run(run_spec, tmp_path / "one", workers=1)
    run(run_spec, tmp_path / "two", workers=2)
    one = pq.read_table(tmp_path / "one" / "episodes.parquet")
    two = pq.read_table(tmp_path / "two" / "episodes.parquet")
    assert one.num_rows == run_spec.runs
    assert one.equals(two)
    assert one.column("episode").to_pylist() == list(range(run_spec.runs))


def test_the_summary_does_not_depend_on_the_output_folder(run_spec, tmp_path):
    a = run(run_spec, tmp_path / "a")
    b = run(run_spec, tmp_path / "elsewhere" / "b")
    assert a == b
    assert (tmp_path / "a" / "summary.json").read_text() == (
        tmp_path / "elsewhere" / "b" / "summary.json"
    ).read_text()


def test_the_summary_has_every_documented_field(run_spec, tmp_path):
    summary = run(run_spec, tmp_path)
    assert summary["runs"] == run_spec.runs
    for key in ("p_request", "p_decision", "p_deploy", "p_stabilised", "p_stabilised_given_deploy"):
        p = summary[key]
        assert p["p"] is None or p["ci_low"] <= p["p"] <= p["ci_high"]
    for key in ("hours_to_decision", "hours_to_first_arrival", "hours_to_full_deployment"):
        assert set(summary[key]) == {"median", "p10", "p90"}
    json.dumps(summary)


def test_no_part_files_are_left_behind(run_spec, tmp_path):
    run(run_spec, tmp_path, workers=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episodes.parquet", "summary.json"]
