"""Periodic tasks without a separate scheduler process.

``settings.PERIODIC_TASKS`` lists ``(dotted path of a Task, interval in seconds)``. The task
worker calls ``enqueue_due_periodic_tasks`` on start and then every reap interval; a row per
task in ``PeriodicTaskRun`` (locked while it is checked) makes sure that several workers enqueue
each run once. The tasks themselves must be idempotent, like every task.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from talentbridge.core.models import PeriodicTaskRun

logger = logging.getLogger(__name__)


def enqueue_due_periodic_tasks(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic task whose interval has passed; returns their paths."""
    now = now or timezone.now()
    enqueued: list[str] = []
    for path, every_seconds in getattr(settings, "PERIODIC_TASKS", []):
        with transaction.atomic():
            run, _ = PeriodicTaskRun.objects.select_for_update().get_or_create(name=path)
            due = run.last_enqueued_at is None or (
                now - run.last_enqueued_at >= datetime.timedelta(seconds=every_seconds)
            )
            if not due:
                continue
            import_string(path).enqueue()
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            enqueued.append(path)
    if enqueued:
        logger.info("Enqueued periodic tasks: %s", ", ".join(enqueued))
    return enqueued
