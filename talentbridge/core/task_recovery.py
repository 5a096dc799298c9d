"""Recovery of tasks orphaned by a dead worker, decided by leases (ADR 0003, ADR 0012).

The database task backend marks a task RUNNING when a worker claims it and only changes that
state when the task returns, so a worker killed with SIGKILL (or a machine that loses power)
leaves the row RUNNING. Every task run by ``manage.py task_worker`` holds a lease that its
heartbeat renews (``task_leases``). ``reap_stale_tasks`` takes back the RUNNING tasks whose
lease has run out — and those that have no lease at all ``TASK_LEASE_SECONDS`` after they were
claimed (a worker that died between claim and lease) — never one whose lease is alive, however
long it has been running. A task claimed fewer than ``TASK_MAX_ATTEMPTS`` times goes back to
READY; otherwise it is marked FAILED with a ``StaleTaskError`` explanation. Rows are locked with
``skip_locked`` so reapers in several workers never take the same task twice, and a holder
renewing its lease inside a batch transaction keeps the reaper off it until it commits.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from talentbridge.core.models import TaskLease

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


def stale_task_queryset(*, now: datetime.datetime | None = None) -> QuerySet[DBTaskResult]:
    """RUNNING tasks whose lease ran out, or that never got one within a lease's length."""
    now = now or timezone.now()
    leases = TaskLease.objects.filter(task_id=OuterRef("id"))
    no_lease_since = now - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return DBTaskResult.objects.filter(status=RUNNING).filter(
        Exists(leases.filter(expires_at__lt=now))
        | (~Exists(leases) & Q(started_at__lt=no_lease_since))
    )


def failed_task_queryset(*, now: datetime.datetime | None = None) -> QuerySet[DBTaskResult]:
    """Tasks that failed within the last ``TASK_FAILED_WINDOW_SECONDS`` (for /healthz)."""
    since = (now or timezone.now()) - datetime.timedelta(
        seconds=settings.TASK_FAILED_WINDOW_SECONDS
    )
    return DBTaskResult.objects.filter(status=FAILED, finished_at__gte=since)


def reap_stale_tasks(*, now: datetime.datetime | None = None) -> ReapResult:
    """Requeue or fail tasks whose worker is gone. Safe to run from many processes at once."""
    max_attempts = settings.TASK_MAX_ATTEMPTS
    requeued = failed = 0
    now = now or timezone.now()
    with transaction.atomic():
        stale = stale_task_queryset(now=now).select_for_update(skip_locked=True).order_by("id")
        for task in stale:
            # A holder renewing inside a batch transaction locks its lease row: skip it.
            lease = (
                TaskLease.objects.select_for_update(skip_locked=True)
                .filter(task_id=task.id)
                .first()
            )
            locked_by_holder = lease is None and TaskLease.objects.filter(task_id=task.id).exists()
            if locked_by_holder or (lease is not None and lease.expires_at >= now):
                continue
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
            TaskLease.objects.filter(task_id=task.id).delete()
        # Leases of tasks that are no longer running (finished elsewhere, pruned results).
        TaskLease.objects.filter(expires_at__lt=now).exclude(
            task_id__in=DBTaskResult.objects.filter(status=RUNNING).values("id")
        ).delete()
    if requeued or failed:
        logger.warning("Reaped stale tasks: requeued=%d failed=%d", requeued, failed)
    return ReapResult(requeued=requeued, failed=failed)
