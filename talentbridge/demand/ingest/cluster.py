"""Where the pure per-partition work runs: in this process, or on a Dask cluster.

``partition_runner(workers=N)`` starts a Dask ``LocalCluster`` of N single-threaded worker
processes; ``partition_runner(scheduler="tcp://host:port")`` connects to a running cluster
(its workers must be able to import this project with the same settings module and read the
file at the same path). Either way the runner turns the partition tasks, in file order, into
prepared partitions **in the same order**: at most ``2 × workers + 1`` partitions are in
flight, so memory stays bounded however large the file, and the caller commits partition k
while the workers prepare k+1, k+2, …
"""

from __future__ import annotations

import importlib
import logging
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from talentbridge.demand.ingest.partitions import (
    PartitionTask,
    PreparedPartition,
    prepare_partition,
)

Runner = Callable[[Iterable[PartitionTask]], Iterator[PreparedPartition]]


@contextmanager
def partition_runner(*, workers: int = 0, scheduler: str | None = None) -> Iterator[Runner]:
    """A function from partition tasks to prepared partitions (see the module docstring)."""
    if not workers and not scheduler:
        yield _in_process
        return
    distributed: Any = importlib.import_module("distributed")  # untyped; loaded only here
    cluster = None
    if scheduler:
        client = distributed.Client(scheduler, timeout="30s")
    else:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.WARNING,
        )
        client = distributed.Client(cluster)
    started: list[Generator[PreparedPartition, None, None]] = []

    def run(tasks: Iterable[PartitionTask]) -> Iterator[PreparedPartition]:
        started.append(_on_cluster(client, tasks))
        return started[-1]

    try:
        yield run
    finally:
        for partitions in started:
            partitions.close()  # cancels the partitions still in flight (e.g. after Ctrl-C)
        client.close()
        if cluster is not None:
            cluster.close()


def _in_process(tasks: Iterable[PartitionTask]) -> Iterator[PreparedPartition]:
    for task in tasks:
        yield prepare_partition(task)


def _on_cluster(
    client: Any, tasks: Iterable[PartitionTask]
) -> Generator[PreparedPartition, None, None]:
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    window = 2 * workers + 1
    iterator = iter(tasks)
    pending = deque(
        client.submit(prepare_on_worker, task, pure=False) for task in islice(iterator, window)
    )
    try:
        while pending:
            future = pending.popleft()
            prepared: PreparedPartition = future.result()
            future.release()
            for task in islice(iterator, 1):
                pending.append(client.submit(prepare_on_worker, task, pure=False))
            yield prepared
    finally:
        for future in pending:
            future.cancel()


def prepare_on_worker(task: PartitionTask) -> PreparedPartition:
    """``prepare_partition`` on a Dask worker: the tagger reads the taxonomy through the
    project's settings, so a fresh worker process sets Django up once (no database use)."""
    _ensure_django()
    return prepare_partition(task)


def _ensure_django() -> None:
    from django.apps import apps

    if apps.ready or not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    import django

    django.setup()
