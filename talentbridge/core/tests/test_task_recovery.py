"""Tasks orphaned by a killed worker are requeued or failed — with a real worker process."""

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
from talentbridge.core.task_recovery import reap_stale_tasks

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


def _mark_running(result_id: str, started_minutes_ago: int, claims: int) -> None:
    row = DBTaskResult.objects.get(id=result_id)
    row.status = "RUNNING"
    row.started_at = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    row.worker_ids = [f"dead-worker-{i}" for i in range(claims)]
    row.save()


@pytest.mark.django_db
def test_stale_running_task_is_requeued_then_failed_after_max_attempts(settings) -> None:
    settings.TASK_STALE_AFTER_SECONDS = 60
    settings.TASK_MAX_ATTEMPTS = 2
    result = tasks.ping.enqueue("x")
    _mark_running(result.id, started_minutes_ago=5, claims=1)

    assert reap_stale_tasks() == type(reap_stale_tasks())(requeued=1, failed=0)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "READY" and row.started_at is None

    _mark_running(result.id, started_minutes_ago=5, claims=2)
    outcome = reap_stale_tasks()
    assert (outcome.requeued, outcome.failed) == (0, 1)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "FAILED"
    assert "StaleTaskError" in row.traceback


@pytest.mark.django_db
def test_recently_started_task_is_left_alone(settings) -> None:
    settings.TASK_STALE_AFTER_SECONDS = 600
    result = tasks.ping.enqueue("x")
    _mark_running(result.id, started_minutes_ago=1, claims=1)
    assert reap_stale_tasks().requeued == 0
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"


@pytest.mark.django_db
def test_reap_command_rejects_negative_age() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reap_stale_tasks", "--stale-after", "-1")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_does_not_leave_it_stuck() -> None:
    result = tasks.sleep_then_return.enqueue(30, "done")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "task_worker", "--queue-name", "*", "--interval", "0.2",
         "--no-startup-delay", "--reap-interval", "3600"],
        cwd=ROOT, env=_worker_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.get(id=result.id).status != "RUNNING":
            assert time.monotonic() < deadline, "worker never picked the task up"
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"  # orphaned

    # The next worker start reaps it (stale-after 0 for the test) and runs it to completion.
    row = DBTaskResult.objects.get(id=result.id)
    row.args_kwargs = {"args": [0, "done"], "kwargs": {}}  # make the retry quick
    row.save(update_fields=["args_kwargs"])
    assert reap_stale_tasks(stale_after=0).requeued == 1
    subprocess.run(
        [sys.executable, "manage.py", "task_worker", "--batch", "--queue-name", "*",
         "--no-startup-delay"],
        cwd=ROOT, env=_worker_env(), check=True, timeout=120,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.return_value == "done"
    assert len(row.worker_ids) == 2  # claimed by the killed worker, then by the new one


@pytest.mark.django_db(transaction=True)
def test_tasks_run_for_real_through_the_database_backend() -> None:
    result = tasks.ping.enqueue("hello")
    call_command("task_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    assert DBTaskResult.objects.get(id=result.id).return_value == "hello"


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
