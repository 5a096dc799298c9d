"""The task worker: ``db_worker`` with task leases, and recovery of dead workers' tasks.

Each task runs under a lease renewed by a heartbeat thread (``talentbridge.core.task_leases``,
ADR 0012). On start, and then every ``--reap-interval`` seconds in a background thread, running
tasks whose lease ran out are requeued or failed (``talentbridge.core.task_recovery``) and due
periodic tasks are enqueued (``talentbridge.core.periodic``). Run every worker with this
command, not ``db_worker``: a task without a lease is taken back after ``TASK_LEASE_SECONDS``.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from talentbridge.core.periodic import enqueue_due_periodic_tasks
from talentbridge.core.task_leases import LeasedWorker
from talentbridge.core.task_recovery import reap_stale_tasks

logger = logging.getLogger(__name__)
_HANDLED_SIGNALS = [
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s is not None
]


class Command(DbWorkerCommand):
    help = "Run the background task worker: tasks under leases, dead workers' tasks recovered."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--reap-interval",
            type=float,
            default=None,
            help="Seconds between recovery passes (default: TASK_REAP_INTERVAL_SECONDS).",
        )

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        reap_interval: float | None,
        **options: Any,
    ) -> None:
        reap_every = settings.TASK_REAP_INTERVAL_SECONDS if reap_interval is None else reap_interval
        if reap_every <= 0:
            raise CommandError("--reap-interval must be positive")
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        self._housekeeping()
        stop = threading.Event()
        thread = threading.Thread(target=self._reap_loop, args=(reap_every, stop), daemon=True)
        thread.start()
        previous = {sig: signal.getsignal(sig) for sig in _HANDLED_SIGNALS}
        try:
            if options.get("reload") and not batch:
                if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                    worker.configure_signals()  # only the reloaded child handles signals
                run_with_reloader(worker.run)
            else:
                worker.configure_signals()
                worker.run()
        finally:
            stop.set()
            for sig, handler in previous.items():  # e.g. a --batch run inside another program
                signal.signal(sig, handler)

    @staticmethod
    def _reap_loop(interval: float, stop: threading.Event) -> None:
        while not stop.wait(interval):
            try:
                Command._housekeeping()
            except Exception:  # one failed pass (e.g. SQLite busy) must not end recovery
                logger.exception("Task recovery pass failed")
            finally:
                close_old_connections()

    @staticmethod
    def _housekeeping() -> None:
        reap_stale_tasks()
        enqueue_due_periodic_tasks()
