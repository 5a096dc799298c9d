"""Leases and heartbeats for tasks of the database task backend (ADR 0012).

A worker that claims a task takes a lease on it (``TaskLease``) that runs out
``TASK_LEASE_SECONDS`` later. While the task runs, a heartbeat thread renews the lease every
``TASK_HEARTBEAT_SECONDS``; long tasks may also renew it per batch with
``renew_current_lease()``, inside the batch's transaction, which refuses to commit the batch if
the lease was lost. The reaper (``task_recovery``) requeues a RUNNING task only when its lease
has run out, so a live worker's task is never taken from it, and a dead worker's task is taken
back within ``TASK_LEASE_SECONDS`` plus one reap interval.

Every write of the holder is fenced by ``(task_id, worker_id, attempt)``: a worker whose lease
was reaped (because it stalled longer than the lease) neither renews it, nor commits another
batch, nor records the task's result — the new holder does.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from talentbridge.core.models import TaskLease

logger = logging.getLogger(__name__)


class LeaseLostError(Exception):
    """The lease of the running task was taken back (the worker stalled past its expiry)."""


@dataclass(frozen=True)
class LeaseToken:
    task_id: str
    worker_id: str
    attempt: int

    def rows(self) -> QuerySet[TaskLease]:
        return TaskLease.objects.filter(
            task_id=self.task_id, worker_id=self.worker_id, attempt=self.attempt
        )


_current: contextvars.ContextVar[LeaseToken | None] = contextvars.ContextVar(
    "talentbridge_task_lease", default=None
)


def lease_duration() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def lease_acquire(*, task_result: DBTaskResult, worker_id: str) -> LeaseToken:
    """Take the lease of a task this worker has just claimed (replacing any left-over row)."""
    now = timezone.now()
    token = LeaseToken(
        task_id=str(task_result.id), worker_id=worker_id, attempt=len(task_result.worker_ids)
    )
    TaskLease.objects.update_or_create(
        task_id=token.task_id,
        defaults={
            "worker_id": worker_id,
            "attempt": token.attempt,
            "acquired_at": now,
            "renewed_at": now,
            "expires_at": now + lease_duration(),
        },
    )
    return token


def lease_renew(token: LeaseToken) -> bool:
    """Extend the lease; False when it is no longer this worker's (reaped and requeued)."""
    now = timezone.now()
    return bool(token.rows().update(renewed_at=now, expires_at=now + lease_duration()))


def renew_current_lease() -> None:
    """Per-batch renewal for long tasks; call it inside the batch's transaction.

    Outside a leased task (a management command, a test calling the service) it does nothing.
    Raises ``LeaseLostError`` when the lease was taken back, so the batch rolls back and the
    new holder of the task does the work instead.
    """
    token = _current.get()
    if token is not None and not lease_renew(token):
        raise LeaseLostError(token.task_id)


@contextmanager
def holding(token: LeaseToken) -> Iterator[None]:
    """Make ``token`` the lease ``renew_current_lease`` renews while the task runs."""
    reset = _current.set(token)
    try:
        yield
    finally:
        _current.reset(reset)


class Heartbeat:
    """A daemon thread renewing one lease every ``TASK_HEARTBEAT_SECONDS``."""

    def __init__(self, token: LeaseToken) -> None:
        self.token = token
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"lease-heartbeat-{token.task_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(settings.TASK_HEARTBEAT_SECONDS):
                try:
                    renewed = lease_renew(self.token)
                except OperationalError as exc:  # SQLite busy: try again at the next beat
                    logger.warning("Lease heartbeat of task %s failed: %s", self.token.task_id, exc)
                    continue
                if not renewed:
                    logger.error(
                        "Task %s lost its lease (worker %s stalled past its expiry); its "
                        "result will not be recorded by this worker",
                        self.token.task_id,
                        self.token.worker_id,
                    )
                    self.lost.set()
                    return
        finally:
            connection.close()


def _locked_retry(write: Any, *, attempts: int = 20, delay: float = 0.25) -> Any:
    """Run ``write()`` again while SQLite reports the database as locked."""
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError as exc:
            if not is_locked_database_exception(exc) or attempt == attempts - 1:
                raise
            time.sleep(delay)
    return None


def lease_finish(
    token: LeaseToken,
    *,
    task_result: DBTaskResult,
    return_value: Any = None,
    error: BaseException | None = None,
) -> bool:
    """Record the task's result and release the lease — only if the lease is still ours."""

    def write() -> bool:
        with transaction.atomic():
            held = token.rows().select_for_update().exists()
            if not held:
                return False
            if error is None:
                try:
                    with transaction.atomic():
                        task_result.set_successful(return_value)
                except Exception as exc:  # e.g. a return value that is not JSON
                    task_result.set_failed(exc)
            else:
                task_result.set_failed(error)
            token.rows().delete()
            return True

    recorded = bool(_locked_retry(write))
    if not recorded:
        logger.error(
            "Task %s finished on worker %s after losing its lease; result not recorded",
            token.task_id,
            token.worker_id,
        )
    return recorded


class LeasedWorker(Worker):
    """django-tasks-db's worker, running each task under a lease with a heartbeat."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        from django_tasks_db.compat import TaskContext, task_finished, task_started

        token = _locked_retry(
            lambda: lease_acquire(task_result=db_task_result, worker_id=self.worker_id)
        )
        return_value: Any = None
        error: BaseException | None = None
        try:
            self.running_task = True
            with Heartbeat(token), holding(token):
                try:
                    task = db_task_result.task
                    task_result = db_task_result.task_result
                    task_started.send(sender=type(task.get_backend()), task_result=task_result)
                    if task.takes_context:
                        return_value = task.call(
                            TaskContext(task_result=task_result),
                            *task_result.args,
                            **task_result.kwargs,
                        )
                    else:
                        return_value = task.call(*task_result.args, **task_result.kwargs)
                except BaseException as exc:  # recorded as the task's failure, like db_worker
                    error = exc
            if isinstance(error, LeaseLostError):
                logger.error("Task %s stopped: its lease was taken back", token.task_id)
            elif lease_finish(
                token, task_result=db_task_result, return_value=return_value, error=error
            ):
                try:
                    task_finished.send(
                        sender=type(db_task_result.task.get_backend()),
                        task_result=db_task_result.task_result,
                    )
                except Exception:
                    logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1
