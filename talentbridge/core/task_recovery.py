"""Recovery of tasks orphaned by a killed worker.

The database task backend marks a task RUNNING when a worker claims it and only changes that
state when the task returns. A worker killed with SIGKILL (or a machine that loses power) leaves
the row RUNNING forever. ``reap_stale_tasks`` finds RUNNING rows whose ``started_at`` is older
than ``TASK_STALE_AFTER_SECONDS`` and either puts them back in the queue (READY, run again) or,
after ``TASK_MAX_ATTEMPTS`` claims, marks them FAILED with an explanatory error. Tasks must be
idempotent, which the house rules already require.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

RUNNING = "RUNNING"
READY = "READY"
FAILED = "FAILED"
STALE_EXCEPTION_PATH = "talentbridge.core.task_recovery.StaleTaskError"


class StaleTaskError(Exception):
    """Recorded as the failure of a task whose worker vanished too often."""


@dataclass(frozen=True)
class ReapResult:
    requeued: int
    failed: int


def stale_task_queryset(*, now: datetime.datetime | None = None, stale_after: int | None = None):  # type: ignore[no-untyped-def]
    cutoff = (now or timezone.now()) - datetime.timedelta(
        seconds=stale_after if stale_after is not None else settings.TASK_STALE_AFTER_SECONDS
    )
    return DBTaskResult.objects.filter(status=RUNNING, started_at__lt=cutoff)


def reap_stale_tasks(
    *, now: datetime.datetime | None = None, stale_after: int | None = None
) -> ReapResult:
    """Requeue or fail tasks left RUNNING by a dead worker. Safe to run from many processes."""
    max_attempts = settings.TASK_MAX_ATTEMPTS
    requeued = failed = 0
    with transaction.atomic():
        stale = (
            stale_task_queryset(now=now, stale_after=stale_after)
            .select_for_update(skip_locked=True)
            .order_by("id")
        )
        for task in stale:
            attempts = len(task.worker_ids or [])
            if attempts >= max_attempts:
                task.status = FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = STALE_EXCEPTION_PATH
                task.traceback = (
                    f"StaleTaskError: the worker running this task stopped {attempts} time(s) "
                    "without finishing it; giving up."
                )
                failed += 1
            else:
                task.status = READY
                task.started_at = None
                task.run_after = timezone.now()
                requeued += 1
            task.save(
                update_fields=[
                    "status",
                    "started_at",
                    "finished_at",
                    "run_after",
                    "exception_class_path",
                    "traceback",
                ]
            )
    if requeued or failed:
        logger.warning("Reaped stale tasks: requeued=%d failed=%d", requeued, failed)
    return ReapResult(requeued=requeued, failed=failed)
