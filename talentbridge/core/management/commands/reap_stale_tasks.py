from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from talentbridge.core.task_recovery import reap_stale_tasks


class Command(BaseCommand):
    help = (
        "Requeue (or fail after too many attempts) running tasks whose lease has run out "
        "because their worker died."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = reap_stale_tasks()
        self.stdout.write(f"requeued={result.requeued} failed={result.failed}")
