"""python manage.py verify_ledger — recompute every student's evidence digest chain."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from talentbridge.credentials.services.ledger import ledger_verify


class Command(BaseCommand):
    help = "Check that no evidence record was altered, removed or inserted out of order."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = ledger_verify()
        if broken:
            self.stdout.write(f"broken chains: {len(broken)}")
            for student in broken:
                self.stdout.write(f"  student {student}")
            sys.exit(1)
        self.stdout.write("evidence ledger intact")
