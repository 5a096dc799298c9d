"""What curriculum offers the credentials context through its provider hooks (ADR 0007;
contracts in ``talentbridge/credentials/providers.py``): the skills a major's current
training plan targets, and a college's courses by name (credit-bank exemptions)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q

from talentbridge.curriculum.models import (
    Course,
    LearningOutcome,
    TrainingPlanVersion,
    VersionStatus,
)

LEVELS = {"aware": 1, "master": 2, "proficient": 3}


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


def _current_versions(college_id: str, major_code: str = "") -> Any:
    qs = TrainingPlanVersion.objects.filter(
        status=VersionStatus.PUBLISHED, plan__offering__college_id=_uuid(college_id)
    )
    if major_code:
        qs = qs.filter(plan__offering__major_code=major_code)
    return qs


def target_profile(*, college_id: str, major_code: str) -> dict[str, Any] | None:
    version = (
        _current_versions(college_id, major_code).order_by("-plan__cohort_year", "-number").first()
    )
    if version is None:
        return None
    skills: dict[str, int] = {}
    for skill_id, level in LearningOutcome.objects.filter(course__version=version).values_list(
        "skill_id", "level"
    ):
        skills[skill_id] = max(skills.get(skill_id, 0), LEVELS.get(level, 1))
    offering = version.plan.offering
    return {
        "major": offering.name_zh,
        "skills": skills,
        "source": f"{offering.name_zh} {version.plan.cohort_year} v{version.number}",
    }


def courses_of_college(*, college_id: str, q: str = "") -> list[dict[str, Any]]:
    qs = Course.objects.filter(version__in=_current_versions(college_id))
    if q:
        qs = qs.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    seen: dict[str, dict[str, Any]] = {}
    for course in qs.order_by("name_zh")[:200]:
        seen.setdefault(
            course.name_zh,
            {
                "id": str(course.pk),
                "name": course.name_zh,
                "code": course.code,
                "credits": str(course.credits),
            },
        )
    return list(seen.values())
