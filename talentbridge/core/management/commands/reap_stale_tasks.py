from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from talentbridge.core.task_recovery import reap_stale_tasks


class Command(BaseCommand):
    help = "Requeue (or fail after too many attempts) tasks left RUNNING by a killed worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            help="Seconds after which a running task is stale (default: TASK_STALE_AFTER_SECONDS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stale_after"] is not None and options["stale_after"] < 0:
            from django.core.management.base import CommandError

            raise CommandError("--stale-after must be zero or positive")
        result = reap_stale_tasks(stale_after=options["stale_after"])
        self.stdout.write(f"requeued={result.requeued} failed={result.failed}")
