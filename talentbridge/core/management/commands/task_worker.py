"""The task worker: django-tasks-db's ``db_worker`` plus recovery of orphaned tasks.

On start, and then every ``--reap-interval`` seconds in a background thread, tasks left RUNNING
by a killed worker are requeued or failed (``talentbridge.core.task_recovery``) and due
periodic tasks are enqueued (``talentbridge.core.periodic``).
"""

from __future__ import annotations

import threading
from argparse import ArgumentParser
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from talentbridge.core.periodic import enqueue_due_periodic_tasks
from talentbridge.core.task_recovery import reap_stale_tasks


class Command(DbWorkerCommand):
    help = "Run the background task worker, recovering tasks orphaned by killed workers."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--reap-interval", type=float, default=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        interval = float(options.pop("reap_interval"))
        self._housekeeping()
        stop = threading.Event()
        thread = threading.Thread(target=self._reap_loop, args=(interval, stop), daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()

    @staticmethod
    def _reap_loop(interval: float, stop: threading.Event) -> None:
        while not stop.wait(interval):
            try:
                Command._housekeeping()
            finally:
                close_old_connections()

    @staticmethod
    def _housekeeping() -> None:
        reap_stale_tasks()
        enqueue_due_periodic_tasks()
