"""Where a sweep's tasks run: a local process pool, or a Dask cluster, behind one interface.

The sweep is written against `concurrent.futures.Executor`. Locally that is the standard
library's `ProcessPoolExecutor` (0.12 ms a task measured on 2 cores, no extra dependency);
on a cluster it is `distributed.Client.get_executor()`, which is a real `Executor` too, so
the same code runs on a `LocalCluster`, an existing scheduler (`--address tcp://...:8786`) or
a SLURM/PBS allocation made with `dask-jobqueue` (docs/cluster.md). Dask costs about 1.7 ms a
task and 0.5 s to start a local cluster, which is why tasks are batches of episodes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from collsec.errors import Problem, UsageError

__all__ = ["SWEEP_CONFIG", "Backend", "local_dask_cluster", "open_executor"]


class Backend(StrEnum):
    """The executors `collsec sweep --backend` offers."""

    LOCAL = "local"
    """A process pool on this machine."""
    DASK = "dask"
    """A Dask cluster: a new local one, or an existing scheduler given by `--address`."""


@contextmanager
def open_executor(
    backend: Backend, workers: int, address: str | None = None, connect_timeout: float = 10.0
) -> Iterator[Executor]:
    """An executor for the sweep, shut down (pending tasks cancelled) on leaving.

    Args:
        backend: local or dask.
        workers: Worker processes for a local pool or a new local Dask cluster; ignored
            when `address` names an existing scheduler (its workers are what they are).
        address: A Dask scheduler address (dask only).
        connect_timeout: Seconds to wait for that scheduler.

    Raises:
        UsageError: fewer than one worker, `--address` without dask, or dask not installed.
    """
    if workers < 1:
        raise UsageError([Problem(f"--workers {workers}", file="--workers", expected="at least 1")])
    if backend is Backend.LOCAL:
        if address is not None:
            raise UsageError(
                [Problem("--address needs --backend dask", file="--address", expected="dask")]
            )
        # The workers are forked from this process. Its objects are moved out of the
        # collector's reach first (the standard library's advice for forking servers): else
        # every collection in a worker walks the inherited heap and copies each page it
        # touches, which cost the workers a quarter of their time and more.
        gc.freeze()
        pool = ProcessPoolExecutor(max_workers=workers)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()
        return
    with _dask_client(workers, address, connect_timeout) as client:
        executor = client.get_executor()
        try:
            yield executor
        finally:
            executor.shutdown(wait=False)


@contextmanager
def _dask_client(workers: int, address: str | None, connect_timeout: float) -> Iterator[Any]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(
            [
                Problem(
                    "the dask backend needs Dask distributed",
                    file="--backend",
                    expected="pip install 'collsec[dask]' (or uv sync --extra dask)",
                )
            ]
        ) from None
    if address is not None:
        try:
            client = Client(address, timeout=connect_timeout)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise UsageError(
                [
                    Problem(
                        f"cannot reach the Dask scheduler: {exc}",
                        file="--address",
                        expected="a running scheduler, e.g. tcp://host:8786",
                    )
                ]
            ) from None
        with client:
            yield client
        return
    with local_dask_cluster(workers) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


#: Dask's background work turned down for a cluster that only runs a sweep. Every Dask
#: server wakes on timers: workers sample their own stacks every 10 ms for the dashboard's
#: profile (`distributed.worker.profile`, about 10 % of a sweep on two cores), each event loop
#: checks its own health every 20 ms (`admin.tick`), workers check their memory every 100 ms
#: and every server samples its process every 500 ms (`admin.system-monitor`). An idle local
#: cluster of two workers took 9.6 % of a core so (the scheduler and nannies in the calling
#: process 5.8 %, each worker about 2 %), and 1.4 % with these settings (measured with
#: `psutil` over 8 s). The memory limits are still enforced, within a second, which is ample
#: for tasks that hold a few MB (docs/cluster.md).
SWEEP_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def local_dask_cluster(workers: int) -> Any:
    """A new Dask cluster of single-threaded worker processes on 127.0.0.1, with `SWEEP_CONFIG`."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(SWEEP_CONFIG):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        )
