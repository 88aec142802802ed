import pyarrow.parquet as pq
import pytest

from collsec.errors import UsageError
from collsec.experiments.design import DesignKind, make_design
from collsec.experiments.executor import Backend, local_dask_cluster, open_executor
from collsec.experiments.params import parse_params
from collsec.experiments.sweep import SweepSpec, point_dir, run_sweep

from .conftest import REQUEST_BASE

pytest.importorskip("distributed", reason="the dask extra (uv sync --all-extras) is not installed")


def test_local_and_dask_write_identical_rows(tmp_path):
    d = make_design(DesignKind.LHS, parse_params([f"{REQUEST_BASE}=[-3.0,3.0]"]), 3, 11)
    spec = SweepSpec((), (), None, None, 24, 9, 8)
    with open_executor(Backend.LOCAL, 2) as pool:
        run_sweep(spec, d, tmp_path / "local", pool)
    with open_executor(Backend.DASK, 2) as client:
        assert type(client).__module__.startswith("distributed")
        run_sweep(spec, d, tmp_path / "dask", client)
    for k in range(3):
        a = pq.read_table(point_dir(tmp_path / "local", k))
        b = pq.read_table(point_dir(tmp_path / "dask", k))
        assert a.num_rows == 24 and a.equals(b)


def test_an_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(UsageError) as err, open_executor(Backend.DASK, 1, "tcp://127.0.0.1:9", 1.0):
        pass
    assert "cannot reach the Dask scheduler" in str(err.value)


def test_address_needs_the_dask_backend():
    with (
        pytest.raises(UsageError, match="--address needs --backend dask"),
        open_executor(Backend.LOCAL, 1, "tcp://127.0.0.1:8786"),
    ):
        pass


def _timers(dask_worker=None, dask_scheduler=None):
    server = dask_worker or dask_scheduler
    return {k: pc.callback_time for k, pc in server.periodic_callbacks.items()}


def test_a_cluster_the_sweep_starts_keeps_its_timers_slow_and_its_profiler_off():
    from distributed import Client

    with local_dask_cluster(1) as cluster, Client(cluster) as client:
        (workers,) = client.run(_timers).values()
        scheduler = client.run_on_scheduler(_timers)
        nanny = next(iter(cluster.workers.values()))
        nanny_timers = {k: pc.callback_time for k, pc in nanny.periodic_callbacks.items()}
    for timers in (workers, scheduler, nanny_timers):
        assert timers["tick"] == 1000 and timers["monitor"] == 5000
    assert workers["memory_monitor"] == 1000
    assert "profile" not in workers
