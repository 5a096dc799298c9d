"""Helpers shared by the curriculum services: field lists, limits, audit, draft checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError
from talentbridge.core.services import audit_record
from talentbridge.curriculum.models import (
    TrainingPlanVersion,
    VersionStatus,
)

COURSE_FIELDS = (
    "code",
    "name_zh",
    "name_en",
    "credits",
    "hours_theory",
    "hours_practice",
    "semester",
    "course_type",
)
VERSION_FIELDS = (
    "semesters",
    "goals_zh",
    "goals_en",
    "requirements_zh",
    "requirements_en",
    "declared_credits",
    "change_note",
)
MAX_SEMESTERS = 12
MAX_STUDENTS = 100_000  # students of one major in one year; far above any real college
MAX_DECLARED_CREDITS = Decimal("99999.9")  # TrainingPlanVersion.declared_credits: 6 digits, 1 dp


def _audit(actor: Any, action: str, obj: Any, college_id: Any, **extra: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, organization_id=college_id, **extra)


def _college_id(version: TrainingPlanVersion) -> Any:
    return version.plan.offering.college_id


def _require_draft(version: TrainingPlanVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ApplicationError(
            "conflict", _("Only a draft version can be changed; create a new version instead.")
        )


def _locked_version(version: TrainingPlanVersion) -> TrainingPlanVersion:
    return (
        TrainingPlanVersion.objects.select_for_update()
        .select_related("plan__offering__college")
        .get(pk=version.pk)
    )
