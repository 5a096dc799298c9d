"""Writes of the curriculum app. Each service: gatekeeper → validate → ``transaction.atomic()``
→ audit record. Plan contents change only while a version is a draft; every suggestion,
proposal, comment, sign-off and workflow step is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentbridge.community.models import Organization, OrganizationKind
from talentbridge.core.errors import ApplicationError, invalid
from talentbridge.core.services import audit_record, snapshot
from talentbridge.curriculum import adapters
from talentbridge.curriculum.messages import problem_message, row_error_message
from talentbridge.curriculum.models import (
    OPEN_STATUSES,
    Course,
    CourseType,
    DecisionStatus,
    GoalSkill,
    LearningOutcome,
    MajorEnrollment,
    MajorOffering,
    OfferingPartner,
    PlanCertificate,
    PlanComment,
    PlanCompetition,
    PlanRule,
    PlanSignoff,
    PlanTransition,
    RuleKind,
    SignoffDecision,
    SkillLevel,
    SkillProposal,
    SkillSuggestion,
    TrainingPlan,
    TrainingPlanVersion,
    VersionStatus,
)
from talentbridge.curriculum.permissions import (
    Action,
    access_college_curriculum,
    access_offering,
    access_version,
    partner_organization,
)
from talentbridge.curriculum.rules import CourseFacts, RuleResult, check_rules, structural_problems
from talentbridge.curriculum.xlsx import MAX_COURSE_HOURS, ParsedPlan, RowError, parse_plan

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


# --- Offerings, enrollment, partners, rules --------------------------------------------------


def offering_create(
    *,
    actor: Any,
    college: Organization,
    major_code: str,
    level: str = "",
    established_year: int | None = None,
) -> MajorOffering:
    access_college_curriculum(actor, college, Action.MANAGE)
    if college.kind != OrganizationKind.COLLEGE:
        raise invalid("college", _("Only a college can offer majors."))
    major = adapters.major_get(major_code.strip(), level)
    if major is None:
        raise invalid("major_code", _("This code is not in the major catalogue."))
    if MajorOffering.objects.filter(college=college, major_code=major.code).exists():
        raise ApplicationError(
            "conflict",
            _("The college already offers this major."),
            fields={"major_code": [_("Already offered.")]},
        )
    with transaction.atomic():
        offering = MajorOffering.objects.create(
            college=college,
            major_code=major.code,
            level=major.level,
            name_zh=major.name_zh,
            name_en=major.name_en,
            established_year=established_year,
        )
        _audit(
            actor,
            "curriculum.offering_create",
            offering,
            college.pk,
            after=snapshot(offering, ("major_code", "level")),
        )
    return offering


def enrollment_set(
    *, actor: Any, offering: MajorOffering, year: int, students: int
) -> MajorEnrollment:
    access_offering(actor, offering, Action.MANAGE)
    if not 1990 <= year <= 2100:
        raise invalid("year", _("Enter a year between 1990 and 2100."))
    if students < 0:
        raise invalid("students", _("The number of students cannot be negative."))
    if students > MAX_STUDENTS:
        raise invalid(
            "students",
            _("The number of students cannot exceed %(max)s.") % {"max": MAX_STUDENTS},
        )
    with transaction.atomic():
        row, _created = MajorEnrollment.objects.update_or_create(
            offering=offering, year=year, defaults={"students": students}
        )
        _audit(
            actor,
            "curriculum.enrollment_set",
            offering,
            offering.college_id,
            after={"year": year, "students": students},
        )
    return row


def partner_add(
    *, actor: Any, offering: MajorOffering, enterprise: Organization
) -> OfferingPartner:
    access_offering(actor, offering, Action.MANAGE)
    if enterprise.kind != OrganizationKind.ENTERPRISE:
        raise invalid("enterprise", _("A partner must be an enterprise."))
    with transaction.atomic():
        partner, _created = OfferingPartner.objects.get_or_create(
            offering=offering, enterprise=enterprise
        )
        _audit(
            actor,
            "curriculum.partner_add",
            offering,
            offering.college_id,
            after={"enterprise": str(enterprise.pk)},
        )
    return partner


def partner_remove(*, actor: Any, offering: MajorOffering, enterprise: Organization) -> None:
    access_offering(actor, offering, Action.MANAGE)
    with transaction.atomic():
        OfferingPartner.objects.filter(offering=offering, enterprise=enterprise).delete()
        _audit(
            actor,
            "curriculum.partner_remove",
            offering,
            offering.college_id,
            before={"enterprise": str(enterprise.pk)},
        )


def rule_set(
    *, actor: Any, college: Organization, kind: str, value: Decimal, level: str = ""
) -> PlanRule:
    access_college_curriculum(actor, college, Action.MANAGE)
    if kind not in RuleKind.values:
        raise invalid("kind", _("Unknown rule."))
    if value < 0 or (kind.endswith("_share") and value > 1):
        raise invalid("value", _("A share is between 0 and 1; other values cannot be negative."))
    with transaction.atomic():
        rule, _created = PlanRule.objects.update_or_create(
            college=college, level=level, kind=kind, defaults={"value": value}
        )
        _audit(
            actor,
            "curriculum.rule_set",
            rule,
            college.pk,
            after={"level": level, "kind": kind, "value": str(value)},
        )
    return rule


def rule_delete(*, actor: Any, rule: PlanRule) -> None:
    access_college_curriculum(actor, rule.college, Action.MANAGE)
    with transaction.atomic():
        _audit(
            actor,
            "curriculum.rule_delete",
            rule,
            rule.college_id,
            before={"level": rule.level, "kind": rule.kind, "value": str(rule.value)},
        )
        rule.delete()


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


# --- Checks ----------------------------------------------------------------------------------


@dataclass
class PlanCheck:
    problems: list[str] = field(default_factory=list)
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.rules)


def course_facts(version: TrainingPlanVersion) -> list[CourseFacts]:
    return [
        CourseFacts(c.code, c.credits, c.hours_theory, c.hours_practice, c.semester, c.course_type)
        for c in version.courses.all()
    ]


def rules_for(version: TrainingPlanVersion) -> list[tuple[str, Decimal]]:
    """The college's rules for the offering's level; a level-specific rule beats a general one."""
    offering = version.plan.offering
    chosen: dict[str, Decimal] = {}
    for rule in PlanRule.objects.filter(
        college_id=offering.college_id, level__in=["", offering.level]
    ).order_by("-level"):
        chosen.setdefault(rule.kind, rule.value)
    return sorted(chosen.items())


def plan_check(version: TrainingPlanVersion) -> PlanCheck:
    facts = course_facts(version)
    problems = structural_problems(
        facts, semesters=version.semesters, declared_credits=version.declared_credits
    )
    return PlanCheck([problem_message(p) for p in problems], check_rules(facts, rules_for(version)))


# --- XLSX import -----------------------------------------------------------------------------


@dataclass
class ImportReport:
    errors: list[str]
    error_rows: list[tuple[str, int]]
    courses: int = 0
    outcomes: int = 0
    extras: int = 0
    imported: bool = False


def plan_import_xlsx(
    *, actor: Any, version: TrainingPlanVersion, data: bytes, keep_good_rows: bool = False
) -> ImportReport:
    """Replace a draft's courses, outcomes, certificates and competitions with a workbook's.
    With any bad row nothing is imported, unless ``keep_good_rows`` (then the good rows are)."""
    access_version(actor, version, Action.EDIT)
    _require_draft(version)
    parsed = parse_plan(
        data,
        semesters=version.semesters,
        skill_known=lambda s: adapters.skill_get(s) is not None,
        certificate_known=lambda c: adapters.certificate_get(c) is not None,
    )
    file_error = any(e.row == 0 for e in parsed.errors)
    report = ImportReport(
        [row_error_message(e) for e in parsed.errors],
        sorted({(e.sheet, e.row) for e in parsed.errors}),
    )
    if file_error or not parsed.courses or (parsed.errors and not keep_good_rows):
        return report
    with transaction.atomic():
        version = _locked_version(version)
        _require_draft(version)
        _replace_contents(version, parsed)
        if parsed.declared_total is not None and not parsed.errors:
            version.declared_credits = _clean_declared_credits(parsed.declared_total)
            version.save(update_fields=["declared_credits", "updated_at"])
        _audit(
            actor,
            "curriculum.plan_import",
            version,
            _college_id(version),
            after={
                "courses": len(parsed.courses),
                "outcomes": len(parsed.outcomes),
                "bad_rows": len(report.error_rows),
            },
        )
    codes = {c.code for c in parsed.courses}
    report.courses = len(parsed.courses)
    report.outcomes = sum(1 for o in parsed.outcomes if o.course_code in codes)
    report.extras = len(parsed.extras)
    report.imported = True
    return report


def _replace_contents(version: TrainingPlanVersion, parsed: ParsedPlan) -> None:
    syllabi = dict(version.courses.values_list("code", "syllabus"))
    version.courses.all().delete()
    version.certificates.all().delete()
    version.competitions.all().delete()
    courses = {
        c.code: Course.objects.create(
            version=version,
            code=c.code,
            name_zh=c.name_zh,
            name_en=c.name_en,
            credits=c.credits,
            hours_theory=c.hours_theory,
            hours_practice=c.hours_practice,
            semester=c.semester,
            course_type=c.course_type,
            syllabus=syllabi.get(c.code, ""),
        )
        for c in parsed.courses
    }
    LearningOutcome.objects.bulk_create(
        LearningOutcome(
            course=courses[o.course_code],
            skill_id=adapters.canonical_skill(o.skill_id),
            level=o.level,
            description=o.description,
        )
        for o in parsed.outcomes
        if o.course_code in courses
    )
    for extra in parsed.extras:
        if extra.kind == "certificate":
            PlanCertificate.objects.get_or_create(
                version=version, certificate_id=extra.ref, defaults={"level": extra.level}
            )
        else:
            PlanCompetition.objects.get_or_create(
                version=version,
                name=extra.ref,
                defaults={"course_code": extra.course_code if extra.course_code in courses else ""},
            )


def row_errors(errors: list[RowError]) -> list[str]:
    return [row_error_message(e) for e in errors]


# --- Workflow --------------------------------------------------------------------------------


def _transition(
    actor: Any, version: TrainingPlanVersion, allowed_from: tuple[str, ...], to: str, note: str
) -> TrainingPlanVersion:
    if version.status not in allowed_from:
        raise ApplicationError(
            "conflict",
            _("A version in status %(status)s cannot move to %(target)s.")
            % {"status": version.get_status_display(), "target": VersionStatus(to).label},
        )
    before = version.status
    version.status = to
    if to == VersionStatus.PUBLISHED:
        version.published_at = timezone.now()
    version.save()
    PlanTransition.objects.create(
        version=version, from_status=before, to_status=to, actor=actor, note=note[:1000]
    )
    _audit(
        actor,
        f"curriculum.version_{to}",
        version,
        _college_id(version),
        before={"status": before},
        after={"status": to, "note": note[:1000]},
    )
    return version


def _require_passing(version: TrainingPlanVersion) -> None:
    check = plan_check(version)
    if not version.courses.exists():
        raise ApplicationError("invalid", _("The plan has no courses yet."))
    if not check.passed:
        failed = [str(RuleKind(r.kind).label) for r in check.rules if not r.passed]
        raise ApplicationError(
            "invalid",
            _("The plan does not pass its checks: %(problems)s")
            % {"problems": "; ".join([*check.problems, *failed])},
        )


def version_submit(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Draft → enterprise review (the plan must pass its checks)."""
    access_version(actor, version, Action.SUBMIT)
    with transaction.atomic():
        version = _locked_version(version)
        if version.status == VersionStatus.DRAFT:
            _require_passing(version)
        return _transition(
            actor, version, (VersionStatus.DRAFT,), VersionStatus.ENTERPRISE_REVIEW, note
        )


def version_advance(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Enterprise review → committee approval: every partner that signed off last approved,
    and at least one partner did when the major has partners."""
    access_version(actor, version, Action.DECIDE)
    with transaction.atomic():
        version = _locked_version(version)
        if version.status == VersionStatus.ENTERPRISE_REVIEW:
            _require_signoffs(version)
        return _transition(
            actor, version, (VersionStatus.ENTERPRISE_REVIEW,), VersionStatus.COMMITTEE_REVIEW, note
        )


def _require_signoffs(version: TrainingPlanVersion) -> None:
    latest: dict[Any, str] = {}
    for signoff in version.signoffs.order_by("created_at"):
        latest[signoff.organization_id] = signoff.decision
    if any(d == SignoffDecision.REQUEST_CHANGES for d in latest.values()):
        raise ApplicationError("conflict", _("A partner enterprise has requested changes."))
    if version.plan.offering.partners.exists() and not latest:
        raise ApplicationError(
            "conflict", _("No partner enterprise has signed off this version yet.")
        )


def version_return(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Back to draft from either review step."""
    access_version(actor, version, Action.DECIDE)
    if not note.strip():
        raise invalid("note", _("Say why the version goes back to draft."))
    with transaction.atomic():
        version = _locked_version(version)
        return _transition(
            actor,
            version,
            (VersionStatus.ENTERPRISE_REVIEW, VersionStatus.COMMITTEE_REVIEW),
            VersionStatus.DRAFT,
            note,
        )


def version_publish(
    *, actor: Any, version: TrainingPlanVersion, note: str = ""
) -> TrainingPlanVersion:
    """Committee approval → published; the previously published version is superseded."""
    access_version(actor, version, Action.DECIDE)
    with transaction.atomic():
        version = _locked_version(version)
        if version.status == VersionStatus.COMMITTEE_REVIEW:
            _require_passing(version)
        for old in version.plan.versions.filter(status=VersionStatus.PUBLISHED).exclude(
            pk=version.pk
        ):
            _transition(
                actor,
                old,
                (VersionStatus.PUBLISHED,),
                VersionStatus.SUPERSEDED,
                str(_("Superseded by version %(n)s") % {"n": version.number}),
            )
        return _transition(
            actor, version, (VersionStatus.COMMITTEE_REVIEW,), VersionStatus.PUBLISHED, note
        )


# --- Syllabus suggestions --------------------------------------------------------------------


def syllabus_suggest(
    *, actor: Any, course: Course, text: str | None = None, top_k: int = 20
) -> list[SkillSuggestion]:
    """Store the syllabus (when given) and record the engine's skill suggestions as pending.
    Skills already mapped to the course or already decided are not suggested again; nothing
    is applied until a teacher accepts it."""
    access_version(actor, course.version, Action.EDIT)
    _require_draft(course.version)
    syllabus = (text if text is not None else course.syllabus).strip()
    if not syllabus:
        raise invalid("text", _("Paste the syllabus text or upload a file."))
    found = adapters.suggest_for_text(syllabus, top_k=top_k)
    with transaction.atomic():
        _require_draft(_locked_version(course.version))
        if text is not None:
            course.syllabus = syllabus[:100000]
            course.save(update_fields=["syllabus", "updated_at"])
        mapped = set(course.outcomes.values_list("skill_id", flat=True))
        known = set(course.suggestions.values_list("skill_id", flat=True))
        created = SkillSuggestion.objects.bulk_create(
            SkillSuggestion(
                course=course, skill_id=s.skill_id, score=s.score, evidence=s.evidence, kind=s.kind
            )
            for s in found
            if s.skill_id not in mapped and s.skill_id not in known
        )
        _audit(
            actor,
            "curriculum.syllabus_suggest",
            course,
            _college_id(course.version),
            after={"suggested": [s.skill_id for s in created]},
        )
    return created


def suggestion_decide(
    *,
    actor: Any,
    suggestion: SkillSuggestion,
    accept: bool,
    level: str = SkillLevel.MASTER,
    description: str = "",
) -> SkillSuggestion:
    course = suggestion.course
    access_version(actor, course.version, Action.EDIT)
    if accept and level not in SkillLevel.values:
        raise invalid("level", _("Choose 了解, 掌握 or 熟练."))
    with transaction.atomic():
        _require_draft(_locked_version(course.version))
        suggestion = SkillSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != DecisionStatus.PENDING:
            raise ApplicationError("conflict", _("This suggestion has already been decided."))
        suggestion.status = DecisionStatus.ACCEPTED if accept else DecisionStatus.REJECTED
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.save()
        if accept:
            LearningOutcome.objects.update_or_create(
                course=course,
                skill_id=suggestion.skill_id,
                defaults={"level": level, "description": description[:1000] or suggestion.evidence},
            )
        _audit(
            actor,
            "curriculum.suggestion_decide",
            suggestion,
            _college_id(course.version),
            after={"skill": suggestion.skill_id, "status": suggestion.status, "level": level},
        )
    return suggestion


# --- Enterprise co-authoring -----------------------------------------------------------------


def _actor_organization(actor: Any, version: TrainingPlanVersion) -> Organization:
    offering = version.plan.offering
    partner = partner_organization(actor, offering)
    return partner or offering.college


def comment_add(
    *, actor: Any, version: TrainingPlanVersion, body: str, course_code: str = ""
) -> PlanComment:
    access_version(actor, version, Action.COMMENT)
    if not body.strip():
        raise invalid("body", _("Write a comment."))
    if course_code and not version.courses.filter(code=course_code).exists():
        raise invalid("course_code", _("No course with this code in the plan."))
    with transaction.atomic():
        comment = PlanComment.objects.create(
            version=version,
            author=actor,
            organization=_actor_organization(actor, version),
            course_code=course_code,
            body=body.strip()[:5000],
        )
        _audit(
            actor,
            "curriculum.comment_add",
            comment,
            _college_id(version),
            after={"version": version.number, "course": course_code},
        )
    return comment


def _require_review_open(version: TrainingPlanVersion) -> None:
    if version.status not in (VersionStatus.DRAFT, VersionStatus.ENTERPRISE_REVIEW):
        raise ApplicationError(
            "conflict",
            _(
                "Proposals and sign-offs are taken while the plan is a draft "
                "or in enterprise review."
            ),
        )


def proposal_create(
    *, actor: Any, version: TrainingPlanVersion, skill_id: str, weight: Decimal, rationale: str = ""
) -> SkillProposal:
    access_version(actor, version, Action.CO_AUTHOR)
    canonical = _check_skill(skill_id)
    if not Decimal(0) < weight <= Decimal(1):
        raise invalid("weight", _("A weight is greater than 0 and at most 1."))
    _require_review_open(version)
    with transaction.atomic():
        proposal = SkillProposal.objects.create(
            version=version,
            proposed_by=actor,
            organization=_actor_organization(actor, version),
            skill_id=canonical,
            weight=weight,
            rationale=rationale[:1000],
        )
        _audit(
            actor,
            "curriculum.proposal_create",
            proposal,
            _college_id(version),
            after={"skill": canonical, "weight": str(weight)},
        )
    return proposal


def proposal_decide(
    *, actor: Any, proposal: SkillProposal, accept: bool, note: str = ""
) -> SkillProposal:
    version = proposal.version
    access_version(actor, version, Action.DECIDE)
    _require_review_open(version)
    with transaction.atomic():
        proposal = SkillProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != DecisionStatus.PENDING:
            raise ApplicationError("conflict", _("This proposal has already been decided."))
        proposal.status = DecisionStatus.ACCEPTED if accept else DecisionStatus.REJECTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.decision_note = note[:500]
        proposal.save()
        if accept:
            GoalSkill.objects.update_or_create(
                version=version, skill_id=proposal.skill_id, defaults={"weight": proposal.weight}
            )
        _audit(
            actor,
            "curriculum.proposal_decide",
            proposal,
            _college_id(version),
            after={"status": proposal.status, "note": note[:500]},
        )
    return proposal


def signoff_create(
    *, actor: Any, version: TrainingPlanVersion, decision: str, note: str = ""
) -> PlanSignoff:
    access_version(actor, version, Action.CO_AUTHOR)
    if decision not in SignoffDecision.values:
        raise invalid("decision", _("Approve or request changes."))
    if version.status != VersionStatus.ENTERPRISE_REVIEW:
        raise ApplicationError(
            "conflict", _("Sign-off is possible while the plan is in enterprise review.")
        )
    organization = partner_organization(actor, version.plan.offering)
    if organization is None:
        raise ApplicationError("forbidden", _("Only a partner enterprise signs off a plan."))
    if decision == SignoffDecision.REQUEST_CHANGES and not note.strip():
        raise invalid("note", _("Say which changes you request."))
    with transaction.atomic():
        signoff = PlanSignoff.objects.create(
            version=version,
            organization=organization,
            signed_by=actor,
            decision=decision,
            note=note[:1000],
        )
        _audit(
            actor,
            "curriculum.signoff",
            signoff,
            _college_id(version),
            after={"organization": str(organization.pk), "decision": decision},
        )
    return signoff
