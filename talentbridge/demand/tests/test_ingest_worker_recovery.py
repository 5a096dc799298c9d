"""An ingest task whose worker is killed with SIGKILL is taken back when its lease runs out and
finished by another worker, every row counted once (issue 13, findings 5 and 6; ADR 0012).

The workers are real ``manage.py task_worker`` processes with the product's lease settings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from talentbridge.core.models import TaskLease
from talentbridge.core.task_leases import LeaseLostError, LeaseToken, holding
from talentbridge.demand import services
from talentbridge.demand.demo import synthetic_postings, write_csv
from talentbridge.demand.models import IngestRun, JobPosting, PostingCount, RunStatus
from talentbridge.demand.tasks import ingest_run_task
from talentbridge.demand.tests.test_ingest_cluster import _database_url, ingest, snapshot, wipe

pytestmark = pytest.mark.django_db(transaction=True)  # the warehouse is published on commit

ROWS = 11_000  # three partitions of services.CHUNK_ROWS (5,000)


def _worker(worker_id: str, settings: Any, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "TALENTBRIDGE_VAR_DIR": str(tmp_path / "var"),
    }
    for name in ("TASK_LEASE_SECONDS", "TASK_HEARTBEAT_SECONDS", "TASK_REAP_INTERVAL_SECONDS"):
        env.pop(name, None)  # the product's defaults
    return subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--queue-name", "*", "--interval", "0.2",
         "--no-startup-delay", "--worker-id", worker_id],
        cwd=Path(settings.BASE_DIR), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)


@pytest.mark.slow
def test_worker_killed_mid_ingest_is_recovered_within_two_minutes_counting_rows_once(
    tmp_path: Path, settings: Any
) -> None:
    settings.DEMAND_WAREHOUSE_DIR = str(tmp_path / "var" / "warehouse")  # the workers' default
    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(ROWS, seed=8)))
    source = services.source_get_or_create_for_cli(name="s")
    with transaction.atomic():
        run = services.run_create(
            actor=None, source=source, path=path, file_name="p.csv", tag_skills=False
        )
        ingest_run_task.enqueue(str(run.pk))
    task = DBTaskResult.objects.get(task_path="talentbridge.demand.tasks.ingest_run_task")

    first = _worker("first", settings, tmp_path)
    try:
        deadline = time.monotonic() + 300
        while not IngestRun.objects.filter(pk=run.pk, committed_partitions__gte=1).exists():
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        _kill(first)
    killed_at = time.monotonic()
    lease = TaskLease.objects.get(task_id=task.id)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and 1 <= run.committed_partitions < 3
    assert DBTaskResult.objects.get(id=task.id).status == "RUNNING"

    second = _worker("second", settings, tmp_path)
    try:
        reclaimed_after = None
        while True:
            row = DBTaskResult.objects.get(id=task.id)
            if reclaimed_after is None and row.worker_ids == ["first", "second"]:
                reclaimed_after = time.monotonic() - killed_at
            if row.status == "SUCCESSFUL":
                break
            assert row.status in ("RUNNING", "READY"), row.traceback
            assert time.monotonic() - killed_at < 120, "not recovered within two minutes"
            time.sleep(0.2)
        recovered_after = time.monotonic() - killed_at
    finally:
        _kill(second)
    print(f"taken back after {reclaimed_after:.1f} s, finished after {recovered_after:.1f} s")

    row = DBTaskResult.objects.get(id=task.id)
    assert row.worker_ids == ["first", "second"]
    assert row.started_at >= lease.expires_at  # never taken back while the lease was alive
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.read == ROWS == run.imported + run.duplicates + run.rejected
    assert JobPosting.objects.count() == run.imported
    assert sum(c.new_postings for c in PostingCount.objects.all()) == run.imported
    assert row.return_value == run.summary()
    # the same file imported in one uninterrupted run gives exactly the same tables
    after_recovery = snapshot()
    wipe()
    clean, _ = ingest(path, "--no-tagging")
    assert clean == run.summary()
    assert snapshot() == after_recovery


def test_ingest_under_a_lost_lease_commits_nothing(tmp_path: Path) -> None:
    """The stalled first holder of a run cannot commit a batch once its lease is gone."""
    path = write_csv(tmp_path / "p.csv", list(synthetic_postings(30, seed=3)))
    source = services.source_get_or_create_for_cli(name="s")
    run = services.run_create(actor=None, source=source, path=path, file_name="p.csv")
    lost = LeaseToken(task_id="00000000-0000-0000-0000-000000000001", worker_id="w", attempt=1)
    with holding(lost), pytest.raises(LeaseLostError):
        services.run_execute(run_id=run.pk)
    assert JobPosting.objects.count() == 0
    run.refresh_from_db()
    assert run.committed_partitions == 0 and run.imported == 0
    # without a lease (a command, or the task's new holder) the same run completes
    done = services.run_execute(run_id=run.pk)
    assert done.status == RunStatus.DONE and done.read == 30
    assert JobPosting.objects.count() == done.imported > 0
