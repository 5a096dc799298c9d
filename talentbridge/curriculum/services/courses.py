"""Courses, learning outcomes, certificates and competitions of a draft version."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import snapshot
from talentbridge.curriculum import adapters
from talentbridge.curriculum.models import (
    Course,
    CourseType,
    LearningOutcome,
    PlanCertificate,
    PlanCompetition,
    SkillLevel,
    TrainingPlanVersion,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_version,
)
from talentbridge.curriculum.services._common import (
    COURSE_FIELDS,
    _audit,
    _college_id,
    _locked_version,
    _require_draft,
)
from talentbridge.curriculum.xlsx import MAX_COURSE_HOURS

# --- Courses and outcomes ----------------------------------------------------------------------


def _clean_course(data: Mapping[str, Any], version: TrainingPlanVersion) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    values = {f: data.get(f) for f in COURSE_FIELDS if f in data}
    code = str(values.get("code", "")).strip()
    values["code"] = code
    if not code or len(code) > 32:
        errors["code"] = [_("A course code of 1–32 characters is required.")]
    if not str(values.get("name_zh", "")).strip():
        errors["name_zh"] = [_("The Chinese name is required.")]
    try:
        credits = Decimal(str(values.get("credits", "")))
        if not credits.is_finite() or credits <= 0 or credits > 100:
            raise InvalidOperation
        values["credits"] = credits
    except InvalidOperation:
        errors["credits"] = [_("Credits must be a positive number.")]
    for hours in ("hours_theory", "hours_practice"):
        value = values.get(hours, 0)
        if not isinstance(value, int) or value < 0:
            errors[hours] = [_("Hours must be a whole number ≥ 0.")]
        elif value > MAX_COURSE_HOURS:
            errors[hours] = [_("Hours cannot exceed %(max)s.") % {"max": MAX_COURSE_HOURS}]
    semester = values.get("semester")
    if not isinstance(semester, int) or not 1 <= semester <= version.semesters:
        errors["semester"] = [
            _("Semester %(semester)s is outside this %(semesters)s-semester plan.")
            % {"semester": semester, "semesters": version.semesters}
        ]
    if values.get("course_type") not in CourseType.values:
        errors["course_type"] = [_("Choose a course type.")]
    if errors:
        raise ApplicationError("invalid", _("Please correct the errors below."), fields=errors)
    return values


def course_create(*, actor: Any, version: TrainingPlanVersion, data: Mapping[str, Any]) -> Course:
    access_version(actor, version, Action.EDIT)
    with transaction.atomic():
        version = _locked_version(version)
        _require_draft(version)
        values = _clean_course(data, version)
        if version.courses.filter(code=values["code"]).exists():
            raise ApplicationError(
                "conflict",
                _("Course code %(code)s is already used in this plan.") % {"code": values["code"]},
                fields={"code": [_("Already used.")]},
            )
        course = Course.objects.create(
            version=version, syllabus=str(data.get("syllabus", "")), **values
        )
        _audit(
            actor,
            "curriculum.course_create",
            course,
            _college_id(version),
            after=snapshot(course, COURSE_FIELDS),
        )
    return course


def course_update(*, actor: Any, course: Course, data: Mapping[str, Any]) -> Course:
    access_version(actor, course.version, Action.EDIT)
    with transaction.atomic():
        version = _locked_version(course.version)
        _require_draft(version)
        merged = {f: getattr(course, f) for f in COURSE_FIELDS} | dict(data)
        values = _clean_course(merged, version)
        if version.courses.filter(code=values["code"]).exclude(pk=course.pk).exists():
            raise ApplicationError(
                "conflict",
                _("Course code %(code)s is already used in this plan.") % {"code": values["code"]},
                fields={"code": [_("Already used.")]},
            )
        before = snapshot(course, COURSE_FIELDS)
        for name, value in values.items():
            setattr(course, name, value)
        if "syllabus" in data:
            course.syllabus = str(data["syllabus"])[:100000]
        course.save()
        _audit(
            actor,
            "curriculum.course_update",
            course,
            _college_id(version),
            before=before,
            after=snapshot(course, COURSE_FIELDS),
        )
    return course


def course_delete(*, actor: Any, course: Course) -> None:
    access_version(actor, course.version, Action.EDIT)
    with transaction.atomic():
        version = _locked_version(course.version)
        _require_draft(version)
        _audit(
            actor,
            "curriculum.course_delete",
            course,
            _college_id(version),
            before=snapshot(course, COURSE_FIELDS),
        )
        course.delete()


def _check_skill(skill_id: str, field_name: str = "skill_id") -> str:
    if adapters.skill_get(skill_id) is None:
        raise invalid(
            field_name, _('"%(skill)s" is not a skill of the taxonomy.') % {"skill": skill_id}
        )
    return adapters.canonical_skill(skill_id.strip())


def outcome_set(
    *, actor: Any, course: Course, skill_id: str, level: str, description: str = ""
) -> LearningOutcome:
    access_version(actor, course.version, Action.EDIT)
    canonical = _check_skill(skill_id)
    if level not in SkillLevel.values:
        raise invalid("level", _("Choose 了解, 掌握 or 熟练."))
    with transaction.atomic():
        _require_draft(_locked_version(course.version))
        outcome, _created = LearningOutcome.objects.update_or_create(
            course=course,
            skill_id=canonical,
            defaults={"level": level, "description": description[:1000]},
        )
        _audit(
            actor,
            "curriculum.outcome_set",
            outcome,
            _college_id(course.version),
            after={"course": course.code, "skill": canonical, "level": level},
        )
    return outcome


def outcome_delete(*, actor: Any, outcome: LearningOutcome) -> None:
    access_version(actor, outcome.course.version, Action.EDIT)
    with transaction.atomic():
        _require_draft(_locked_version(outcome.course.version))
        _audit(
            actor,
            "curriculum.outcome_delete",
            outcome,
            _college_id(outcome.course.version),
            before={"course": outcome.course.code, "skill": outcome.skill_id},
        )
        outcome.delete()


def certificate_add(
    *, actor: Any, version: TrainingPlanVersion, certificate_id: str, level: str = ""
) -> PlanCertificate:
    access_version(actor, version, Action.EDIT)
    if adapters.certificate_get(certificate_id) is None:
        raise invalid("certificate_id", _("Unknown 1+X certificate."))
    with transaction.atomic():
        _require_draft(_locked_version(version))
        row, _created = PlanCertificate.objects.update_or_create(
            version=version, certificate_id=certificate_id, defaults={"level": level[:20]}
        )
        _audit(
            actor,
            "curriculum.certificate_add",
            version,
            _college_id(version),
            after={"certificate": certificate_id, "level": level},
        )
    return row


def competition_add(
    *, actor: Any, version: TrainingPlanVersion, name: str, course_code: str = ""
) -> PlanCompetition:
    access_version(actor, version, Action.EDIT)
    if not name.strip():
        raise invalid("name", _("Name the competition."))
    with transaction.atomic():
        _require_draft(_locked_version(version))
        if course_code and not version.courses.filter(code=course_code).exists():
            raise invalid("course_code", _("No course with this code in the plan."))
        row, _created = PlanCompetition.objects.update_or_create(
            version=version, name=name.strip()[:300], defaults={"course_code": course_code}
        )
        _audit(
            actor,
            "curriculum.competition_add",
            version,
            _college_id(version),
            after={"competition": row.name},
        )
    return row


def certificate_remove(*, actor: Any, version: TrainingPlanVersion, certificate_id: str) -> None:
    access_version(actor, version, Action.EDIT)
    with transaction.atomic():
        _require_draft(_locked_version(version))
        row = version.certificates.filter(certificate_id=certificate_id).first()
        if row is None:
            raise invalid("certificate_id", _("The plan does not embed this certificate."))
        _audit(
            actor,
            "curriculum.certificate_remove",
            version,
            _college_id(version),
            before={"certificate": row.certificate_id, "level": row.level},
        )
        row.delete()


def competition_remove(*, actor: Any, version: TrainingPlanVersion, name: str) -> None:
    access_version(actor, version, Action.EDIT)
    with transaction.atomic():
        _require_draft(_locked_version(version))
        row = version.competitions.filter(name=name.strip()).first()
        if row is None:
            raise invalid("name", _("The plan does not embed this competition."))
        _audit(
            actor,
            "curriculum.competition_remove",
            version,
            _college_id(version),
            before={"competition": row.name, "course_code": row.course_code},
        )
        row.delete()
