"""Background tasks: thin wrappers over services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from talentbridge.accounts.models import User
from talentbridge.credentials.models import EvidenceRecord
from talentbridge.credentials.services import issuing, ledger


def sync_evidence_now() -> dict[str, tuple[int, int, int]]:
    started = timezone.now() - dt.timedelta(seconds=1)
    results = ledger.evidence_sync()
    students = EvidenceRecord.objects.filter(recorded_at__gte=started).values_list(
        "student_id", flat=True
    )
    for student in User.objects.filter(pk__in=set(students)):
        issuing.candidates_refresh(student=student)
    return {name: (r.added, r.duplicates, len(r.refused)) for name, r in results.items()}


@task()
def sync_evidence() -> dict[str, tuple[int, int, int]]:
    return sync_evidence_now()
