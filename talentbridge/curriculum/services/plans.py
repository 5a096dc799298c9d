"""Training plans and their versions."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import snapshot
from talentbridge.curriculum.models import (
    OPEN_STATUSES,
    Course,
    GoalSkill,
    LearningOutcome,
    MajorOffering,
    PlanCertificate,
    PlanCompetition,
    TrainingPlan,
    TrainingPlanVersion,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_offering,
    access_version,
)
from talentbridge.curriculum.services._common import (
    COURSE_FIELDS,
    MAX_DECLARED_CREDITS,
    MAX_SEMESTERS,
    VERSION_FIELDS,
    _audit,
    _college_id,
    _locked_version,
    _require_draft,
)

# --- Plans and versions ------------------------------------------------------------------------


def plan_create(
    *, actor: Any, offering: MajorOffering, cohort_year: int, semesters: int = 6
) -> TrainingPlanVersion:
    """A plan for a cohort, with an empty draft version 1."""
    access_offering(actor, offering, Action.EDIT)
    if not 1990 <= cohort_year <= 2100:
        raise invalid("cohort_year", _("Enter a year between 1990 and 2100."))
    _check_semesters(semesters)
    if TrainingPlan.objects.filter(offering=offering, cohort_year=cohort_year).exists():
        raise ApplicationError(
            "conflict",
            _("A plan for this cohort already exists."),
            fields={"cohort_year": [_("Already exists.")]},
        )
    with transaction.atomic():
        plan = TrainingPlan.objects.create(offering=offering, cohort_year=cohort_year)
        version = TrainingPlanVersion.objects.create(
            plan=plan, number=1, semesters=semesters, created_by=_user(actor)
        )
        _audit(
            actor,
            "curriculum.plan_create",
            plan,
            offering.college_id,
            after={"cohort_year": cohort_year},
        )
    return version


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_semesters(semesters: int) -> None:
    if not 1 <= semesters <= MAX_SEMESTERS:
        raise invalid("semesters", _("A plan has between 1 and 12 semesters."))


def version_create(
    *,
    actor: Any,
    plan: TrainingPlan,
    source: TrainingPlanVersion | None = None,
    change_note: str = "",
) -> TrainingPlanVersion:
    """A new draft copied from ``source`` (default: the latest version)."""
    access_offering(actor, plan.offering, Action.EDIT)
    with transaction.atomic():
        locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.versions.filter(status__in=OPEN_STATUSES).exists():
            raise ApplicationError(
                "conflict", _("This plan already has a version in progress; finish it first.")
            )
        source = source or locked.versions.order_by("-number").first()
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = TrainingPlanVersion.objects.create(
            plan=locked,
            number=number,
            created_by=_user(actor),
            change_note=change_note[:500],
            **(
                {f: getattr(source, f) for f in VERSION_FIELDS if f != "change_note"}
                if source
                else {}
            ),
        )
        if source is not None:
            _copy_contents(source, version)
        _audit(
            actor,
            "curriculum.version_create",
            version,
            plan.offering.college_id,
            after={"number": number, "source": source.number if source else None},
        )
    return version


def _copy_contents(source: TrainingPlanVersion, target: TrainingPlanVersion) -> None:
    for course in source.courses.prefetch_related("outcomes"):
        outcomes = list(course.outcomes.all())
        copy = Course.objects.create(
            version=target,
            syllabus=course.syllabus,
            **{f: getattr(course, f) for f in COURSE_FIELDS},
        )
        LearningOutcome.objects.bulk_create(
            LearningOutcome(
                course=copy, skill_id=o.skill_id, level=o.level, description=o.description
            )
            for o in outcomes
        )
    PlanCertificate.objects.bulk_create(
        PlanCertificate(version=target, certificate_id=c.certificate_id, level=c.level)
        for c in source.certificates.all()
    )
    PlanCompetition.objects.bulk_create(
        PlanCompetition(version=target, name=c.name, course_code=c.course_code)
        for c in source.competitions.all()
    )
    GoalSkill.objects.bulk_create(
        GoalSkill(version=target, skill_id=g.skill_id, weight=g.weight)
        for g in source.goal_skills.all()
    )


def version_update(
    *, actor: Any, version: TrainingPlanVersion, data: Mapping[str, Any]
) -> TrainingPlanVersion:
    access_version(actor, version, Action.EDIT)
    with transaction.atomic():
        version = _locked_version(version)
        _require_draft(version)
        before = snapshot(version, VERSION_FIELDS)
        for name in VERSION_FIELDS:
            if name in data:
                setattr(version, name, data[name])
        if "declared_credits" in data:
            version.declared_credits = _clean_declared_credits(data["declared_credits"])
        _check_semesters(int(version.semesters))
        late = version.courses.filter(semester__gt=version.semesters).order_by("code").first()
        if late is not None:
            raise invalid(
                "semesters",
                _(
                    "Course %(code)s is in semester %(semester)s; "
                    "the plan cannot have fewer semesters."
                )
                % {"code": late.code, "semester": late.semester},
            )
        version.save()
        _audit(
            actor,
            "curriculum.version_update",
            version,
            _college_id(version),
            before=before,
            after=snapshot(version, VERSION_FIELDS),
        )
    return version


def _clean_declared_credits(value: Any) -> Decimal | None:
    """``None``/blank clears the figure; anything else must fit the column (0–99999.9, 1 dp)."""
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if (
        not number.is_finite()
        or not 0 <= number <= MAX_DECLARED_CREDITS
        or number != number.quantize(Decimal("0.1"))
    ):
        raise invalid(
            "declared_credits",
            _("Declared credits must be a number from 0 to %(max)s with at most one decimal.")
            % {"max": MAX_DECLARED_CREDITS},
        )
    return number
