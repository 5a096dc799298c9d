"""Reads of the curriculum app, scoped by the gatekeepers."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from talentbridge.community.models import OrganizationMembership, OrgRole
from talentbridge.community.permissions import is_superuser
from talentbridge.core.errors import NotFoundError
from talentbridge.curriculum.diff import CourseSnapshot, PlanDiff, diff_plans
from talentbridge.curriculum.models import (
    Course,
    MajorOffering,
    SkillProposal,
    SkillSuggestion,
    TrainingPlan,
    TrainingPlanVersion,
    VersionStatus,
)
from talentbridge.curriculum.permissions import (
    COLLEGE_STAFF,
    ENTERPRISE_MEMBERS,
    Action,
    access_offering,
    access_version,
)


def offering_list(*, actor: Any) -> QuerySet[MajorOffering]:
    qs = MajorOffering.objects.select_related("college").order_by("college__name_zh", "major_code")
    if is_superuser(actor):
        return qs
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    memberships = OrganizationMembership.objects.filter(user=actor)
    colleges = memberships.filter(role__in=COLLEGE_STAFF).values("organization_id")
    enterprises = memberships.filter(role__in=ENTERPRISE_MEMBERS).values("organization_id")
    return qs.filter(
        Q(college_id__in=colleges) | Q(partners__enterprise_id__in=enterprises)
    ).distinct()


def offering_get(*, actor: Any, pk: uuid.UUID) -> MajorOffering:
    offering = MajorOffering.objects.select_related("college").filter(pk=pk).first()
    if offering is None:
        raise NotFoundError()
    return access_offering(actor, offering, Action.VIEW)


def plan_get(*, actor: Any, pk: uuid.UUID) -> TrainingPlan:
    plan = TrainingPlan.objects.select_related("offering__college").filter(pk=pk).first()
    if plan is None:
        raise NotFoundError()
    access_offering(actor, plan.offering, Action.VIEW)
    return plan


def version_get(*, actor: Any, pk: uuid.UUID) -> TrainingPlanVersion:
    version = (
        TrainingPlanVersion.objects.select_related("plan__offering__college").filter(pk=pk).first()
    )
    if version is None:
        raise NotFoundError()
    return access_version(actor, version, Action.VIEW)


def course_get(*, actor: Any, pk: uuid.UUID) -> Course:
    course = Course.objects.select_related("version__plan__offering__college").filter(pk=pk).first()
    if course is None:
        raise NotFoundError()
    access_version(actor, course.version, Action.VIEW)
    return course


def suggestion_get(*, actor: Any, pk: uuid.UUID) -> SkillSuggestion:
    found = (
        SkillSuggestion.objects.select_related("course__version__plan__offering__college")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError()
    access_version(actor, found.course.version, Action.VIEW)
    return found


def proposal_get(*, actor: Any, pk: uuid.UUID) -> SkillProposal:
    found = (
        SkillProposal.objects.select_related("version__plan__offering__college")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError()
    access_version(actor, found.version, Action.VIEW)
    return found


def course_snapshots(version: TrainingPlanVersion) -> list[CourseSnapshot]:
    return [
        CourseSnapshot(
            c.code,
            {
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "credits": str(c.credits),
                "hours_theory": c.hours_theory,
                "hours_practice": c.hours_practice,
                "semester": c.semester,
                "course_type": c.course_type,
            },
            {o.skill_id: o.level for o in c.outcomes.all()},
        )
        for c in version.courses.prefetch_related("outcomes")
    ]


def version_diff(before: TrainingPlanVersion, after: TrainingPlanVersion) -> PlanDiff:
    fields = ("semesters", "goals_zh", "goals_en", "requirements_zh", "requirements_en")
    return diff_plans(
        course_snapshots(before),
        course_snapshots(after),
        certificates_before=list(before.certificates.values_list("certificate_id", flat=True)),
        certificates_after=list(after.certificates.values_list("certificate_id", flat=True)),
        plan_before={f: getattr(before, f) for f in fields},
        plan_after={f: getattr(after, f) for f in fields},
    )


def _organizations_of(actor: Any, roles: frozenset[str]) -> QuerySet[Any, uuid.UUID]:
    return OrganizationMembership.objects.filter(user=actor, role__in=roles).values_list(
        "organization_id", flat=True
    )


def versions_awaiting_committee(*, actor: Any) -> QuerySet[TrainingPlanVersion]:
    """Versions in committee approval at the colleges the actor administers."""
    colleges = _organizations_of(actor, frozenset({OrgRole.ADMIN}))
    return TrainingPlanVersion.objects.filter(
        status=VersionStatus.COMMITTEE_REVIEW, plan__offering__college_id__in=colleges
    )


def versions_awaiting_partner_review(*, actor: Any) -> QuerySet[TrainingPlanVersion]:
    """Versions in enterprise review that a partner enterprise of the actor (admin or staff)
    has not signed off yet."""
    enterprises = _organizations_of(actor, ENTERPRISE_MEMBERS)
    return (
        TrainingPlanVersion.objects.filter(
            status=VersionStatus.ENTERPRISE_REVIEW,
            plan__offering__partners__enterprise_id__in=enterprises,
        )
        .exclude(signoffs__organization_id__in=enterprises)
        .distinct()
    )
