"""Authorization-matrix entries of the curriculum app. The offering belongs to the world's
college (alice admin, tina teacher); the world's enterprise (bob) is its partner."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import ROLES, World
from talentbridge.curriculum.models import (
    Course,
    LearningOutcome,
    MajorOffering,
    OfferingPartner,
    SkillProposal,
    SkillSuggestion,
    TrainingPlan,
    TrainingPlanVersion,
)

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
ADMIN = frozenset({"college_admin", "superuser"})
STAFF = frozenset({"college_admin", "teacher", "superuser"})
VIEWERS = STAFF | {"enterprise_staff"}
PARTNER = frozenset({"enterprise_staff", "superuser"})


def offering(w: World) -> MajorOffering:
    found, created = MajorOffering.objects.get_or_create(
        college=w.college,
        major_code="550103",
        defaults={"level": "higher_vocational", "name_zh": "数字媒体艺术设计"},
    )
    if created:
        OfferingPartner.objects.create(offering=found, enterprise=w.enterprise)
    return found


def version(w: World) -> TrainingPlanVersion:
    plan, _ = TrainingPlan.objects.get_or_create(offering=offering(w), cohort_year=2025)
    found, _ = TrainingPlanVersion.objects.get_or_create(plan=plan, number=1)
    return found


def course(w: World) -> Course:
    found, _ = Course.objects.get_or_create(
        version=version(w),
        code="C1",
        defaults={
            "name_zh": "视频剪辑",
            "credits": Decimal(2),
            "semester": 1,
            "course_type": "professional_core",
        },
    )
    LearningOutcome.objects.get_or_create(
        course=found, skill_id="dc.video.edit.editing", level="master"
    )
    return found


def _offering(w: World) -> dict[str, Any]:
    return {"pk": offering(w).pk}


def _version(w: World) -> dict[str, Any]:
    return {"pk": version(w).pk}


def _plan(w: World) -> dict[str, Any]:
    return {"pk": version(w).plan_id}


def _course(w: World) -> dict[str, Any]:
    return {"pk": course(w).pk}


def _suggestion(w: World) -> dict[str, Any]:
    found, _ = SkillSuggestion.objects.get_or_create(
        course=course(w), skill_id="dc.tool.video.premiere", defaults={"score": 0.5}
    )
    return {"pk": found.pk}


def _proposal(w: World) -> dict[str, Any]:
    found = SkillProposal.objects.create(
        version=version(w),
        proposed_by=w.users["bob"],
        organization=w.enterprise,
        skill_id="dc.video.edit.editing",
        weight=Decimal("0.5"),
    )
    return {"pk": found.pk}


NONE = lambda w: {}  # noqa: E731
COLLEGE = lambda w: {"pk": w.college.pk}  # noqa: E731

MATRIX = {
    # pages
    "curriculum:offering-list": (NONE, {"get": SIGNED_IN, "post": SIGNED_IN}),
    "curriculum:college-rules": (COLLEGE, {"get": STAFF, "post": ADMIN}),
    "curriculum:offering-detail": (_offering, {"get": VIEWERS, "post": STAFF}),
    "curriculum:offering-evidence": (_offering, {"get": VIEWERS}),
    "curriculum:version-detail": (_version, {"get": VIEWERS}),
    # one URL per write on a version (views.VERSION_ACTIONS)
    "curriculum:version-submit": (_version, {"post": STAFF}),
    "curriculum:version-advance": (_version, {"post": ADMIN}),
    "curriculum:version-return": (_version, {"post": ADMIN}),
    "curriculum:version-publish": (_version, {"post": ADMIN}),
    "curriculum:version-comment": (_version, {"post": VIEWERS}),
    "curriculum:version-propose": (_version, {"post": PARTNER}),
    "curriculum:version-signoff": (_version, {"post": PARTNER}),
    "curriculum:version-decide-proposal": (_version, {"post": ADMIN}),
    "curriculum:version-new-version": (_version, {"post": STAFF}),
    "curriculum:version-add-course": (_version, {"post": STAFF}),
    "curriculum:version-update": (_version, {"post": STAFF}),
    "curriculum:version-add-competition": (_version, {"post": STAFF}),
    "curriculum:version-remove-competition": (_version, {"post": STAFF}),
    "curriculum:version-add-certificate": (_version, {"post": STAFF}),
    "curriculum:version-remove-certificate": (_version, {"post": STAFF}),
    "curriculum:version-import": (_version, {"get": STAFF, "post": STAFF}),
    "curriculum:version-export": (_version, {"get": VIEWERS}),
    "curriculum:version-diff": (_version, {"get": VIEWERS}),
    "curriculum:version-alignment": (_version, {"get": VIEWERS}),
    "curriculum:version-alignment-skill": (_version, {"get": VIEWERS}),
    "curriculum:course-detail": (_course, {"get": VIEWERS, "post": STAFF}),
    # API
    "api-curriculum-catalogue": (NONE, {"get": ALL}),
    "api-curriculum-offerings": (NONE, {"get": ALL, "post": ALL}),
    "api-curriculum-offering": (_offering, {"get": VIEWERS}),
    "api-curriculum-enrollment": (_offering, {"post": ADMIN}),
    "api-curriculum-partners": (_offering, {"post": ADMIN}),
    "api-curriculum-plan-create": (_offering, {"post": STAFF}),
    "api-curriculum-evidence": (_offering, {"get": VIEWERS}),
    "api-curriculum-rules": (COLLEGE, {"get": STAFF, "post": ADMIN}),
    "api-curriculum-plan": (_plan, {"get": VIEWERS, "post": STAFF}),
    "api-curriculum-version": (_version, {"get": VIEWERS, "patch": STAFF}),
    "api-curriculum-courses": (_version, {"post": STAFF}),
    "api-curriculum-extras": (_version, {"post": STAFF}),
    "api-curriculum-import": (_version, {"post": STAFF}),
    "api-curriculum-export": (_version, {"get": VIEWERS}),
    "api-curriculum-diff": (_version, {"get": VIEWERS}),
    "api-curriculum-transition": (_version, {"post": STAFF}),
    "api-curriculum-comments": (_version, {"get": VIEWERS, "post": VIEWERS}),
    "api-curriculum-proposals": (_version, {"get": VIEWERS, "post": PARTNER}),
    "api-curriculum-signoffs": (_version, {"get": VIEWERS, "post": PARTNER}),
    "api-curriculum-alignment": (_version, {"get": VIEWERS}),
    "api-curriculum-alignment-skill": (_version, {"get": VIEWERS}),
    "api-curriculum-course": (_course, {"get": VIEWERS, "patch": STAFF, "delete": STAFF}),
    "api-curriculum-outcomes": (_course, {"post": STAFF}),
    "api-curriculum-suggest": (_course, {"get": VIEWERS, "post": STAFF}),
    "api-curriculum-suggestion-decide": (_suggestion, {"post": STAFF}),
    "api-curriculum-proposal-decide": (_proposal, {"post": ADMIN}),
}
