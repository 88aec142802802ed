import json
from concurrent.futures import ProcessPoolExecutor

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from collsec.errors import UsageError
from collsec.experiments.design import DesignKind, make_design
from collsec.experiments.executor import Backend, open_executor
from collsec.experiments.params import parse_params
from collsec.experiments.sweep import (
    MANIFEST,
    PENDING,
    SweepSpec,
    _tasks,
    is_finished,
    part_name,
    point_dir,
    run_sweep,
    tasks_per_point,
)
from collsec.scenario import load_scenario
from collsec.sim.crises import spec_for_crisis
from collsec.sim.episode import EpisodeModel

from .conftest import REQUEST_BASE

PARAMS = [f"{REQUEST_BASE}=[-3.0,3.0]", "states.ARM.status=[active,withdrawn]"]


def design():
    return make_design(DesignKind.GRID, parse_params(PARAMS), 0, 0)


def spec(runs=30, batch=10):
    return SweepSpec((), (), None, None, runs, 5, batch)


def read(folder):
    table = pq.read_table(folder)
    point = table["point"].cast(pa.string()).cast(pa.int64())
    table = table.set_column(table.schema.get_field_index("point"), "point", point)
    return table.sort_by([("point", "ascending"), ("episode", "ascending")])


class StopAfter:
    """Progress that interrupts the sweep, as Ctrl-C would, once `points` points are done."""

    def __init__(self, points):
        self.points, self.done = points, 0

    def start(self, points, episodes, done_points):
        pass

    def advance(self, episodes, points):
        self.done += points
        if self.done >= self.points:
            raise KeyboardInterrupt


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("whole")
    with ProcessPoolExecutor(2) as pool:
        result = run_sweep(spec(), design(), out, pool)
    assert result.points == 4 and result.episodes == 120
    return out


def test_each_point_is_one_partition_with_its_parameter_columns(uninterrupted):
    table = read(uninterrupted)
    assert table.num_rows == 4 * 30
    assert sorted(set(table["point"].to_pylist())) == [0, 1, 2, 3]
    assert table.schema.field(REQUEST_BASE).type == pa.float64()
    assert set(table["states.ARM.status"].to_pylist()) == {"active", "withdrawn"}
    assert set(table["seed"].to_pylist()) == {5}


def test_a_point_has_the_rows_simulate_gives_for_its_values(uninterrupted):
    d = design()
    k = 3
    scenario = load_scenario((), d.sets(k))
    model = EpisodeModel(scenario, spec_for_crisis(scenario, None))
    rows = pq.read_table(point_dir(uninterrupted, k)).to_pylist()
    for i in (0, 17, 29):
        record = model.run(5, i)
        assert rows[i]["episode"] == i
        assert rows[i]["deployed"] == record.deployed
        assert rows[i]["t_decision_h"] == record.t_decision_h
        assert rows[i]["basis"] == record.basis


def test_the_parameters_change_the_outcomes(uninterrupted):
    table = read(uninterrupted).to_pandas()
    p = table.groupby(REQUEST_BASE)["requested"].mean()
    assert p[3.0] > p[-3.0]


def test_an_interrupted_sweep_resumes_to_the_same_dataset(tmp_path, uninterrupted):
    out = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt), open_executor(Backend.LOCAL, 2) as pool:
        run_sweep(spec(), design(), out, pool, StopAfter(1))
    finished = [k for k in range(4) if is_finished(out, k)]
    assert 1 <= len(finished) < 4
    # A crash in the middle of writing leaves a torn batch in the hidden pending folder only.
    unfinished = next(k for k in range(4) if k not in finished)
    torn = out / PENDING / point_dir(out, unfinished).name
    torn.mkdir(parents=True, exist_ok=True)
    (torn / part_name(0)).write_bytes(b"torn write")
    assert read(out).num_rows == 30 * len(finished)
    with open_executor(Backend.LOCAL, 2) as pool:
        result = run_sweep(spec(batch=7), design(), out, pool)
    assert result.skipped == len(finished) and result.points == 4 - len(finished)
    assert read(out).equals(read(uninterrupted))
    assert not (out / PENDING).exists() or not any((out / PENDING).iterdir())


def test_a_finished_sweep_reruns_nothing(uninterrupted):
    with ProcessPoolExecutor(1) as pool:
        result = run_sweep(spec(), design(), uninterrupted, pool)
    assert (result.points, result.skipped, result.episodes) == (0, 4, 0)


def test_a_folder_holding_another_sweep_is_refused(uninterrupted):
    with pytest.raises(UsageError) as err, ProcessPoolExecutor(1) as pool:
        run_sweep(spec(runs=31), design(), uninterrupted, pool)
    assert "another sweep (runs_per_point differ)" in str(err.value)
    assert json.loads((uninterrupted / MANIFEST).read_text())["spec"]["runs_per_point"] == 30


def test_an_unknown_crisis_fails_before_any_task(tmp_path):
    bad = SweepSpec((), (), "no-such-crisis", None, 10, 0)
    with pytest.raises(UsageError, match="unknown crisis"), ProcessPoolExecutor(1) as pool:
        run_sweep(bad, design(), tmp_path / "x", pool)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(("runs", "batch"), [(0, 10), (10, 0)])
def test_sizes_below_one_are_refused(tmp_path, runs, batch):
    with pytest.raises(UsageError, match="at least 1"), ProcessPoolExecutor(1) as pool:
        run_sweep(spec(runs, batch), design(), tmp_path, pool)


def test_a_point_is_one_file_per_batch_named_in_episode_order(uninterrupted):
    names = sorted(p.name for p in point_dir(uninterrupted, 0).iterdir())
    assert names == [part_name(0), part_name(10), part_name(20)]
    episodes = pq.read_table(point_dir(uninterrupted, 0))["episode"].to_pylist()
    assert episodes == list(range(30))


def test_a_batch_is_the_same_rows_whatever_the_batch_size(tmp_path, uninterrupted):
    with ProcessPoolExecutor(1) as pool:
        run_sweep(spec(batch=30), design(), tmp_path / "one", pool)
    assert len(list(point_dir(tmp_path / "one", 2).iterdir())) == 1
    assert read(tmp_path / "one").equals(read(uninterrupted))


@pytest.mark.parametrize(
    ("points", "batches", "workers", "split"),
    [(2, 10, 1, [1, 1]), (2, 10, 2, [1, 1]), (8, 10, 2, [1] * 8), (1, 10, 2, [2]),
     (3, 10, 2, [1, 1, 2]), (5, 10, 4, [1, 1, 1, 1, 4]), (6, 10, 4, [1, 1, 1, 1, 2, 2]),
     (1, 1, 8, [1]), (1, 1000, 1, [10]), (1, 1000, 2, [10]), (3, 1000, 2, [10, 10, 10])],
)  # fmt: skip
def test_only_the_points_that_do_not_divide_among_the_workers_are_cut(
    points, batches, workers, split
):
    assert tasks_per_point(points, batches, workers) == split


@pytest.mark.parametrize(("points", "workers"), [(1, 2), (3, 2), (5, 2), (5, 4), (6, 4), (7, 3)])
def test_the_tasks_cover_each_point_once_and_divide_evenly_among_the_workers(points, workers):
    values = ",".join(str(float(k)) for k in range(8))
    design = make_design(DesignKind.GRID, parse_params([f"{REQUEST_BASE}=[{values}]"]), 0, 0)
    run = spec(runs=120, batch=10)
    parts = tasks_per_point(points, 12, workers)
    tasks = list(_tasks(run, design, range(points), parts, workers))
    for k in range(points):
        spans = sorted((t.start, t.stop) for t in tasks if t.point == k)
        assert [a for a, _ in spans] == [0, *(b for _, b in spans[:-1])] and spans[-1][1] == 120
    whole = [t for t in tasks if parts[t.point] == 1]
    assert len(whole) % workers == 0 and (len(tasks) - len(whole)) % workers == 0
    assert sum(n > 1 for n in parts) < workers


def test_a_point_split_over_several_tasks_has_the_same_rows(tmp_path, uninterrupted):
    with ProcessPoolExecutor(2) as pool:
        run_sweep(spec(), design(), tmp_path / "split", pool, workers=3)
    assert read(tmp_path / "split").equals(read(uninterrupted))
