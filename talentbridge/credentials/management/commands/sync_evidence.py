"""python manage.py sync_evidence — pull every evidence provider (idempotent), then check
automatic credential templates for the students who received new evidence."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from talentbridge.credentials.tasks import sync_evidence_now


class Command(BaseCommand):
    help = "Pull evidence from the configured providers into the ledger."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, (added, duplicates, refused) in sync_evidence_now().items():
            self.stdout.write(
                f"{name}: added {added}, already there {duplicates}, refused {refused}"
            )
