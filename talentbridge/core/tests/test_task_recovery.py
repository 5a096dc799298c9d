"""Task leases and recovery: a dead worker's task is taken back when its lease runs out, a live
one's never; real worker processes in the slow tests (ADR 0012)."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from talentbridge.core import tasks
from talentbridge.core.models import TaskLease
from talentbridge.core.task_leases import (
    LeaseLostError,
    holding,
    lease_acquire,
    lease_finish,
    lease_renew,
    renew_current_lease,
)
from talentbridge.core.task_recovery import ReapResult, reap_stale_tasks

ROOT = Path(settings.BASE_DIR)


def _worker_env() -> dict[str, str]:
    """Point a subprocess at the test database the test is using."""
    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


def _mark_running(
    result_id: str, started_minutes_ago: float, claims: int, lease_left: float | None = None
) -> None:
    """Make a task look claimed ``claims`` times; with ``lease_left`` (seconds, negative when
    expired) its last worker holds a lease."""
    row = DBTaskResult.objects.get(id=result_id)
    row.status = "RUNNING"
    row.started_at = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    row.worker_ids = [f"worker-{i}" for i in range(claims)]
    row.save()
    TaskLease.objects.filter(task_id=result_id).delete()
    if lease_left is not None:
        token = lease_acquire(task_result=row, worker_id=row.worker_ids[-1])
        token.rows().update(expires_at=timezone.now() + datetime.timedelta(seconds=lease_left))


@pytest.mark.django_db
def test_expired_lease_is_requeued_then_failed_after_max_attempts(settings) -> None:
    settings.TASK_MAX_ATTEMPTS = 2
    result = tasks.ping.enqueue("x")
    _mark_running(result.id, started_minutes_ago=5, claims=1, lease_left=-1)

    assert reap_stale_tasks() == ReapResult(requeued=1, failed=0)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "READY" and row.started_at is None
    assert not TaskLease.objects.filter(task_id=result.id).exists()

    _mark_running(result.id, started_minutes_ago=5, claims=2, lease_left=-1)
    assert reap_stale_tasks() == ReapResult(requeued=0, failed=1)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "FAILED"
    assert "StaleTaskError" in row.traceback


@pytest.mark.django_db
def test_live_lease_is_never_reaped_however_long_the_task_has_run() -> None:
    """Finding 6: a task judged dead by age alone was run twice at once."""
    result = tasks.ping.enqueue("x")
    _mark_running(result.id, started_minutes_ago=6 * 60, claims=1, lease_left=20)
    assert reap_stale_tasks() == ReapResult(requeued=0, failed=0)
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"
    # ... until the lease runs out
    later = timezone.now() + datetime.timedelta(seconds=21)
    assert reap_stale_tasks(now=later) == ReapResult(requeued=1, failed=0)


@pytest.mark.django_db
def test_claimed_task_without_a_lease_is_taken_back_after_one_lease_length(settings) -> None:
    settings.TASK_LEASE_SECONDS = 45
    result = tasks.ping.enqueue("x")
    _mark_running(result.id, started_minutes_ago=0.5, claims=1)  # 30 s: may still take it
    assert reap_stale_tasks().requeued == 0
    _mark_running(result.id, started_minutes_ago=1, claims=1)
    assert reap_stale_tasks().requeued == 1


@pytest.mark.django_db
def test_healthz_reports_stale_and_failed_tasks() -> None:
    """Finding 5: a killed worker's task showed ``stale_tasks: 0`` for the whole stale limit."""
    from django.test import Client

    dead = tasks.ping.enqueue("dead")
    _mark_running(dead.id, started_minutes_ago=2, claims=1, lease_left=-1)
    alive = tasks.ping.enqueue("alive")
    _mark_running(alive.id, started_minutes_ago=90, claims=1, lease_left=30)
    broken = tasks.ping.enqueue("broken")
    DBTaskResult.objects.filter(id=broken.id).update(status="FAILED", finished_at=timezone.now())
    old = tasks.ping.enqueue("old")
    DBTaskResult.objects.filter(id=old.id).update(
        status="FAILED", finished_at=timezone.now() - datetime.timedelta(days=3)
    )
    body = Client().get("/healthz").json()
    assert body["checks"]["stale_tasks"] == "1"
    assert body["checks"]["failed_tasks"] == "1"


@pytest.mark.django_db
def test_a_worker_that_lost_its_lease_records_no_result() -> None:
    result = tasks.ping.enqueue("x")
    row = DBTaskResult.objects.get(id=result.id)
    row.claim("worker-a")
    token = lease_acquire(task_result=row, worker_id="worker-a")
    assert lease_renew(token)
    # worker-a stalls past its lease; a reaper takes the task back, worker-b claims it
    expired = timezone.now() + datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    assert reap_stale_tasks(now=expired).requeued == 1
    row_b = DBTaskResult.objects.get(id=result.id)
    row_b.claim("worker-b")
    token_b = lease_acquire(task_result=row_b, worker_id="worker-b")

    assert not lease_renew(token)
    with holding(token), pytest.raises(LeaseLostError):
        renew_current_lease()
    assert not lease_finish(token, task_result=row, return_value="from a")
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"

    assert lease_finish(token_b, task_result=row_b, return_value="from b")
    row = DBTaskResult.objects.get(id=result.id)
    assert (row.status, row.return_value, row.worker_ids) == (
        "SUCCESSFUL",
        "from b",
        ["worker-a", "worker-b"],
    )
    assert not TaskLease.objects.exists()


def test_lease_must_outlive_two_heartbeats(settings) -> None:
    from talentbridge.core.checks import task_lease_settings

    assert task_lease_settings(None) == []
    settings.TASK_LEASE_SECONDS, settings.TASK_HEARTBEAT_SECONDS = 15, 10
    assert [e.id for e in task_lease_settings(None)] == ["talentbridge.core.E001"]


def _worker(worker_id: str, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--queue-name", "*", "--interval", "0.2",
         "--no-startup-delay", "--worker-id", worker_id, *extra],
        cwd=ROOT, env={**_worker_env(), **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(*workers: subprocess.Popen) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)


def _wait_for(condition, timeout: float, message: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


SHORT_LEASES = {
    "TASK_LEASE_SECONDS": "3",
    "TASK_HEARTBEAT_SECONDS": "1",
    "TASK_REAP_INTERVAL_SECONDS": "1",
}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_live_lease_is_not_reaped_by_a_second_workers_reaper() -> None:
    """Two real workers; the task runs 4x its lease while the second one reaps every 0.5 s."""
    result = tasks.sleep_then_return.enqueue(12, "done")
    first = _worker("first", env=SHORT_LEASES)
    second = None
    try:
        _wait_for(
            lambda: DBTaskResult.objects.get(id=result.id).status == "RUNNING",
            90,
            "the first worker never picked the task up",
        )
        second = _worker("second", "--reap-interval", "0.5", env=SHORT_LEASES)
        expiries = set()
        while DBTaskResult.objects.get(id=result.id).status == "RUNNING":
            lease = TaskLease.objects.filter(task_id=result.id).first()
            if lease is not None:
                expiries.add(lease.expires_at)
            assert DBTaskResult.objects.get(id=result.id).worker_ids == ["first"]
            time.sleep(0.3)
    finally:
        _stop(first, *([second] if second else []))
    row = DBTaskResult.objects.get(id=result.id)
    assert (row.status, row.return_value, row.worker_ids) == ("SUCCESSFUL", "done", ["first"])
    assert len(expiries) >= 5  # the heartbeat renewed the lease all along
    assert not TaskLease.objects.filter(task_id=result.id).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_is_taken_back_when_its_lease_runs_out() -> None:
    result = tasks.sleep_then_return.enqueue(30, "done")
    first = _worker("first", env=SHORT_LEASES)
    try:
        _wait_for(
            lambda: TaskLease.objects.filter(task_id=result.id).exists(),
            90,
            "the first worker never picked the task up",
        )
    finally:
        _stop(first)
    expires_at = TaskLease.objects.get(task_id=result.id).expires_at
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "RUNNING"  # orphaned
    row.args_kwargs = {"args": [0, "done"], "kwargs": {}}  # make the retry quick
    row.save(update_fields=["args_kwargs"])

    second = _worker("second", env=SHORT_LEASES)
    try:
        _wait_for(
            lambda: DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL",
            90,
            "the orphaned task was not recovered",
        )
    finally:
        _stop(second)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.return_value == "done"
    assert row.worker_ids == ["first", "second"]
    assert row.started_at >= expires_at  # not taken back while the lease was alive


@pytest.mark.django_db(transaction=True)
def test_tasks_run_for_real_through_the_database_backend() -> None:
    result = tasks.ping.enqueue("hello")
    call_command("task_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    row = DBTaskResult.objects.get(id=result.id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", "hello")
    assert not TaskLease.objects.exists()  # released with the result


@pytest.mark.django_db
def test_periodic_tasks_are_enqueued_once_per_interval(settings) -> None:
    from talentbridge.core.periodic import enqueue_due_periodic_tasks

    settings.PERIODIC_TASKS = [("talentbridge.core.tasks.ping", 3600)]
    start = timezone.now()
    assert enqueue_due_periodic_tasks(now=start) == ["talentbridge.core.tasks.ping"]
    assert enqueue_due_periodic_tasks(now=start + datetime.timedelta(minutes=59)) == []
    assert enqueue_due_periodic_tasks(now=start + datetime.timedelta(minutes=61)) == [
        "talentbridge.core.tasks.ping"
    ]
    assert DBTaskResult.objects.filter(task_path="talentbridge.core.tasks.ping").count() == 2
